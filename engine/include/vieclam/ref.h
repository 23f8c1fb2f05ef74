/*
 * ref.h - the reference classifications bundled with the library: occupations (ISCO-08, all
 * four levels: 10 major, 43 sub-major, 130 minor, 436 unit groups) with their English ISCO-08
 * titles and Vietnamese titles, and a search by folded words for forms and `lookup occupation`.
 *
 * Vietnamese titles are VSCO 2020's where its code means the same group (levels 1 and 2, but
 * sub-major groups 01-03 and 11-14, which VSCO divides differently); every other title is
 * vieclam's own rendering of the ISCO-08 title, not official VSCO text (vi_official says which;
 * docs/reference-data.md). The data is compiled in: nothing is read at run time.
 */
#ifndef VIECLAM_REF_H
#define VIECLAM_REF_H

#include <stdbool.h>
#include <stddef.h>

#include <vieclam/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vl_occupation {
    const char *code;     /* ISCO-08, 1-4 digits ("0110": leading zeros matter) */
    int level;            /* 1 major, 2 sub-major, 3 minor, 4 unit group */
    const char *parent;   /* the code one level up; NULL for a major group */
    const char *title_en; /* ISCO-08 */
    const char *title_vi; /* VSCO 2020 where known, else vieclam's rendering */
    bool vi_official;     /* true: title_vi is VSCO 2020 text */
} vl_occupation;

/* Occupations in code order (a major group before its sub-groups: "0", "01", "011", "0110"). */
VL_EXPORT size_t vl_occupation_count(void);
VL_EXPORT const vl_occupation *vl_occupation_at(size_t i); /* NULL past the end */
/* The occupation of an ISCO-08 code, or NULL when there is none. */
VL_EXPORT const vl_occupation *vl_occupation_get(const char *code);
/*
 * Its title in a language: "vi", "en", or NULL for the language of messages (vl_language).
 * NULL for an unknown code.
 */
VL_EXPORT const char *vl_occupation_title(const char *code, const char *lang);

/*
 * Occupations whose code starts with `text` (digits only), or whose Vietnamese or English title
 * holds every word of `text` (folded: "tho han" finds "Thợ hàn"), as whole words when any
 * title has them all so, else as word starts ("weld" finds "Welders"). Best first: the whole
 * text found as a phrase, then unit groups before broader ones, then by code. Writes at
 * most `max` pointers into out (may be 0 to count), the number written into *n and, when total
 * is not NULL, the number of matches into *total. VL_ERR_ARG for empty text (no words),
 * VL_ERR_NOMEM.
 */
VL_EXPORT vl_status vl_occupation_search(vl_ctx *ctx, const char *text, size_t max,
                                         const vl_occupation **out, size_t *n, size_t *total);

#ifdef __cplusplus
}
#endif

#endif
