/*
 * text.h - Vietnamese-aware text handling: UTF-8 validation, NFC, folding, display width.
 *
 * Folding makes the keys by which skills and names are compared: NFC, case folding, removal
 * of diacritics, and đ/Đ -> d (Unicode does not decompose đ), with runs of white space
 * collapsed to one space and trimmed. "Thợ hàn" and "THO  HAN" fold to "tho han".
 */
#ifndef VIECLAM_TEXT_H
#define VIECLAM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a string is, for vl_text_invisible: the rule differs. */
typedef enum vl_text_rule {
    /* ids and codes: no character that cannot be seen or that reorders text (format characters
     * such as U+200B ZERO WIDTH SPACE or U+FEFF, bidi controls, non-ASCII spaces, control
     * characters), so that "E00001" and "E00001" + U+200B can never be two employers */
    VL_TEXT_ID,
    /* names and titles: no bidi control (U+202E RIGHT-TO-LEFT OVERRIDE shows a name reversed);
     * other format characters (zero-width joiners) are legitimate in some scripts */
    VL_TEXT_NAME,
} vl_text_rule;

/*
 * The one rule for invisible characters, used by the importer and the desk's forms: returns the
 * first code point of UTF-8 text s that the rule refuses, or 0 when there is none. Invalid UTF-8
 * is not judged here (vl_text_valid_utf8 does that).
 */
VL_EXPORT uint32_t vl_text_invisible(const char *s, vl_text_rule rule);
/*
 * Describes a code point for a message: "U+200B (zero width space)", "U+202E (a bidi
 * control)", ... into buf (size bytes); returns buf.
 */
VL_EXPORT char *vl_text_describe(uint32_t cp, char *buf, size_t size);

/*
 * Checks that s[0..len) is valid UTF-8. On failure, *bad_offset (if not NULL) receives the
 * byte offset of the first invalid sequence.
 */
VL_EXPORT bool vl_text_valid_utf8(const char *s, size_t len, size_t *bad_offset);

/* Returns a newly allocated NFC form of s (free with free()), or NULL if s is not UTF-8. */
VL_EXPORT char *vl_text_nfc(const char *s);

/* Returns a newly allocated folded key of s (free with free()), or NULL if s is not UTF-8. */
VL_EXPORT char *vl_text_fold(const char *s);

/* Terminal display width of s in columns (wide CJK counts 2, combining marks 0). */
VL_EXPORT size_t vl_text_width(const char *s);

/*
 * Copies into buf (size bytes) the longest prefix of s whose display width is at most
 * `columns`, never cutting a character; returns the width of what was copied.
 */
VL_EXPORT size_t vl_text_truncate(const char *s, size_t columns, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
