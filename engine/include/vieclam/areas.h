/*
 * areas.h - Viet Nam's administrative areas in a database, read with a date. Since 2025-07-01
 * there are 34 provinces and 3,321 communes and no districts; the pre-reform provinces,
 * districts and communes stay, valid until 2025-06-30, with the way from each of them to the
 * current communes. Codes were reused across the reform (10507 was Phường Cẩm Thượng and is
 * Phường Thành Đông), so a code means an area only together with a date.
 *
 * Here: looking areas up by code and date, searching them by folded name ("hong ha" finds
 * Phường Hồng Hà), what an `area` cell of an input means (the importer and the desk use the same
 * resolver), the successors of a pre-reform area, moving stored records off abolished areas
 * (`vieclam areas migrate`) and re-keying a history by pre-reform areas to current ones.
 * docs/reference-data.md explains the data and every rule.
 */
#ifndef VIECLAM_AREAS_H
#define VIECLAM_AREAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>
#include <vieclam/history.h>
#include <vieclam/store.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One area as the desk shows it. Strings are never NULL. */
typedef struct vl_area_info {
    const char *code;
    const char *name;          /* official name, "Phường Hồng Hà" */
    int level;                 /* 1 province, 2 district (until 2025-06-30), 3 commune */
    const char *parent_code;   /* "" for a province */
    const char *province_code; /* the province it lies in (its own code for a province) */
    const char *province_name;
    double lat, lon;              /* centre in degrees; NaN when unknown */
    const char *centre;           /* where the centre comes from: "published" (the official
                                     map), "derived" (computed by vieclam for a pre-reform area),
                                     "given" (an imported areas file), "" (none) */
    double area_km2;              /* NaN when unknown */
    int32_t valid_from, valid_to; /* yyyymmdd; 0 = always / still valid */
    const char *version;          /* the list: "VN-ADMIN-2025", "VN-ADMIN-2008" (pre-reform) */
} vl_area_info;

/* A list of areas (search results, successors, candidates). */
typedef struct vl_area_list vl_area_list;
VL_EXPORT size_t vl_area_list_count(const vl_area_list *l);
VL_EXPORT const vl_area_info *vl_area_list_at(const vl_area_list *l, size_t i);
/* In a list of successors: the share of the old area that went to area i (by estimated area;
 * the shares add up to 1). NaN in other lists. */
VL_EXPORT double vl_area_list_share(const vl_area_list *l, size_t i);
VL_EXPORT void vl_area_list_destroy(vl_area_list *l); /* NULL is a no-op */

/*
 * The area with this code on a date (yyyymmdd, 0 = today); when none is valid on that date, the
 * one valid last. A list of one; VL_ERR_NOTFOUND when no area has the code.
 */
VL_EXPORT vl_status vl_area_get(vl_ctx *ctx, vl_db *db, const char *code, int32_t date,
                                vl_area_list **out);

typedef struct vl_area_search_options {
    int32_t as_of;        /* areas valid on this date (yyyymmdd); 0 = today */
    bool abolished;       /* also areas not valid on as_of (the pre-reform lists), after them */
    int level;            /* only this level (1, 2, 3); 0 = any */
    const char *province; /* only areas in this province (code); NULL = anywhere */
    size_t limit;         /* at most this many; 0 = VL_AREA_SEARCH_LIMIT */
} vl_area_search_options;

#define VL_AREA_SEARCH_LIMIT 20

/*
 * Areas whose code is text, or whose name matches it after folding (case, diacritics, đ -> d,
 * punctuation; the type word "Phường", "Xã", "Tỉnh"... may be left out): the code first, then
 * exact names, names starting with the text, names containing it; within each, areas valid on
 * the date first, then by level, name and code. opt may be NULL. An empty list is not an error.
 */
VL_EXPORT vl_status vl_area_search(vl_ctx *ctx, vl_db *db, const char *text,
                                   const vl_area_search_options *opt, vl_area_list **out);

/*
 * The current communes a pre-reform area went to, with shares (vl_area_list_share), largest
 * share first (ties by code); for a pre-reform province the current province(s) instead. The
 * area is the code read on date (0 = today, see vl_area_get). An area that is still valid has
 * itself as its only successor. VL_ERR_NOTFOUND for an unknown code.
 */
VL_EXPORT vl_status vl_area_successors(vl_ctx *ctx, vl_db *db, const char *code, int32_t date,
                                       vl_area_list **out);

/* ---- what an `area` cell means --------------------------------------------------------------- */

/* vl_legacy_areas (how a pre-reform area is read on input) is in store.h. */
/* Parses "map", "nearest", "keep". */
VL_EXPORT bool vl_legacy_areas_parse(const char *s, vl_legacy_areas *out);

typedef enum vl_area_outcome {
    VL_AREA_FOUND = 0, /* a current code or name */
    VL_AREA_MAPPED,    /* a pre-reform code or name with one successor: read as it (warning) */
    VL_AREA_NEAREST,   /* divided; the nearest successor was taken (warning) */
    VL_AREA_KEPT,      /* a pre-reform area kept as written (warning) */
    VL_AREA_DIVIDED,   /* error: divided among the candidates; write the new code */
    VL_AREA_AMBIGUOUS, /* error: the name fits every candidate; write the code */
    VL_AREA_EXPIRED,   /* error: no longer valid and no area succeeds it */
    VL_AREA_UNKNOWN    /* error: no such code or name (candidates: names close to it) */
} vl_area_outcome;

typedef struct vl_area_resolution {
    vl_area_outcome outcome;
    const vl_area_info *area;       /* the area to record (FOUND, MAPPED, NEAREST, KEPT) */
    const vl_area_info *from;       /* the pre-reform area the text named, or NULL */
    const vl_area_list *candidates; /* DIVIDED: the successors (with shares); AMBIGUOUS: the
                                       matches; UNKNOWN: close names; else empty */
    const char *message;            /* one sentence: the warning or the reason; "" for FOUND */
} vl_area_resolution;

typedef struct vl_area_resolver vl_area_resolver;

/* A resolver reads cells against the database's areas as of today. */
VL_EXPORT vl_status vl_area_resolver_create(vl_ctx *ctx, vl_db *db, vl_legacy_areas legacy,
                                            vl_area_resolver **out);
VL_EXPORT void vl_area_resolver_destroy(vl_area_resolver *r); /* NULL is a no-op */
/*
 * Reads one cell: a current commune or province code; a pre-reform code (mapped through the
 * crosswalk, a divided one an error unless VL_LEGACY_NEAREST; a code reused by the 2025 list
 * means the current area); or a name, folded, optionally followed by ", PROVINCE" to choose
 * among equal names. A bad cell is an outcome with a message, not a failure: the status is
 * non-OK only when the database fails. *res lives until the next call or destroy.
 */
VL_EXPORT vl_status vl_area_resolve(vl_area_resolver *r, const char *text, vl_area_resolution *res);

/* ---- moving records off abolished areas ------------------------------------------------------ */

typedef struct vl_areas_migrate_options {
    vl_legacy_areas legacy; /* VL_LEGACY_NEAREST also settles divided areas */
    int32_t as_of;          /* areas not valid on this date are abolished; 0 = today */
    bool dry_run;           /* report only, change nothing */
} vl_areas_migrate_options;

/* One record on an abolished area. */
typedef struct vl_area_case {
    const char *table; /* "employers", "vacancies", "seekers" */
    const char *id;
    const vl_area_info *from;       /* the abolished area */
    const vl_area_info *to;         /* where the record went; NULL when left for staff */
    const vl_area_list *successors; /* the candidates (with shares) */
} vl_area_case;

typedef struct vl_areas_migration vl_areas_migration;

/*
 * Moves the current records (employers, vacancies open on as_of, active seekers) whose area is
 * abolished on as_of to its successor: a pre-reform province to the current province, a district
 * or commune with one successor to it (with VL_LEGACY_NEAREST, a divided one to the successor
 * nearest its centre). All or nothing, in one transaction. Records on divided areas stay and are
 * listed for staff to decide (vl_area_case.to == NULL). Closed vacancies and inactive seekers keep
 * the area they were registered in. Recorded in the audit trail by the caller.
 */
VL_EXPORT vl_status vl_db_areas_migrate(vl_ctx *ctx, vl_db *db, const vl_areas_migrate_options *opt,
                                        vl_areas_migration **out);
VL_EXPORT size_t vl_areas_migration_count(const vl_areas_migration *m); /* cases */
VL_EXPORT const vl_area_case *vl_areas_migration_at(const vl_areas_migration *m, size_t i);
/* Cases moved (to != NULL) and left (to == NULL). */
VL_EXPORT size_t vl_areas_migration_moved(const vl_areas_migration *m);
VL_EXPORT size_t vl_areas_migration_left(const vl_areas_migration *m);
VL_EXPORT void vl_areas_migration_destroy(vl_areas_migration *m); /* NULL is a no-op */

/* ---- history across the reform --------------------------------------------------------------- */

typedef struct vl_history_areas_options {
    const char *key;    /* the key column holding area codes; NULL = "area" */
    int level;          /* 1 = current provinces, 3 = current communes */
    const char *groups; /* a CSV file `area,group`: current communes (or provinces) to groups
                           such as planning zones (area: a code or a name as in any area cell);
                           implies level 3. NULL = no grouping */
} vl_history_areas_options;

/* What happened to one area value of the history. */
typedef struct vl_history_area_map {
    const char *value;        /* the key value as in the history */
    const vl_area_info *from; /* the area it named (read at its rows' periods), or NULL */
    size_t rows;              /* history rows with that value */
    const vl_area_list *to;   /* the current areas (or groups as areas with code = group)
                                 it went to, with shares */
} vl_history_area_map;

typedef struct vl_history_areas vl_history_areas;

/*
 * Re-keys a history whose area key holds pre-reform (or current) codes to the level asked for:
 * each row's code is read at its period's last day; a pre-reform area's value is shared among
 * its successors by estimated area (vl_area_successors), then summed to provinces or groups. The
 * key column then holds the current code (or group) and a new key column "KEY_source" the code
 * it came from, so rows of different origins never collide and the forecasting room sees an
 * ordinary history. Unknown codes are VL_ERR_INVALID with a diagnostic each.
 */
VL_EXPORT vl_status vl_db_history_map_areas(vl_ctx *ctx, vl_db *db, const vl_history *in,
                                            const vl_history_areas_options *opt, vl_history **out,
                                            vl_history_areas **report);
VL_EXPORT size_t vl_history_areas_count(const vl_history_areas *r);
VL_EXPORT const vl_history_area_map *vl_history_areas_at(const vl_history_areas *r, size_t i);
VL_EXPORT void vl_history_areas_destroy(vl_history_areas *r); /* NULL is a no-op */

#ifdef __cplusplus
}
#endif

#endif
