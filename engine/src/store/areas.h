/*
 * areas.h - private header of the store's area code (areas.c, area-migrate.c): list items carry
 * the row id behind the public vl_area_info, and the shared SQL pieces, so the importer, the
 * migration and the history mapping read areas exactly as the public look-ups do.
 */
#ifndef VL_STORE_AREAS_H
#define VL_STORE_AREAS_H

#include "store/store.h"

/* A list entry: the public info first (a vl_area_info pointer is a vl__area_item pointer). */
typedef struct vl__area_item {
    vl_area_info info;
    int64_t id;   /* areas.id */
    double share; /* successors: the share of the old area; NaN otherwise */
    bool valid;   /* valid on the date the list was read for */
} vl__area_item;

vl_area_list *vl__area_list_new(void);
/* Appends a copy (strings copied); NULL when out of memory. */
vl__area_item *vl__area_list_add(vl_area_list *l, const vl__area_item *it);
const vl__area_item *vl__area_list_item(const vl_area_list *l, size_t i);
vl__area_item *vl__area_list_items(vl_area_list *l);

/* "SELECT <area columns> FROM areas a ..." (?1 = the date of validity, column 15 = valid on
 * it), to be followed by WHERE; rows are read by vl__area_from_row. */
extern const char *const vl__area_select;
void vl__area_from_row(vl__stmt *s, vl__area_item *it);

/* "YYYY-MM-DD" of date, today for 0. */
void vl__area_date_text(int32_t date, char out[11]);
bool vl__area_valid_on(const vl_area_info *a, int32_t date);

/* The successors of area `old` (level of the old area) read for date text, appended to l with
 * shares, largest first. */
vl_status vl__area_successors_of(vl_ctx *ctx, vl_db *db, int64_t old, int level, const char *date,
                                 vl_area_list *l);

/* The area of l nearest to from's centre (great circle; ties by code); -1 when no centres. */
long vl__area_nearest(const vl_area_info *from, const vl_area_list *l);
/* areas.id of an area info that belongs to a list (a vl__area_item). */
int64_t vl__area_item_id(const vl_area_info *info);
/* areas.id of the area a resolution chose (0 when none). */
int64_t vl__area_resolution_id(const vl_area_resolution *res);

/* A province's part of a history (vl_db_load_history under a load scope): the rows whose key
 * "area", read at the row's period (vl_db_history_map_areas' reading), lies in the scope's
 * provinces today, keys unchanged; a pre-reform area divided among provinces gives the
 * scope's share of its value. Rows with no area, and every row of a history without an area
 * key, are no province's and are left out. An area that lies in no current province is
 * VL_ERR_INVALID with a diagnostic. */
vl_status vl__history_scope(vl_ctx *ctx, vl_db *db, const vl_history *in, vl_history **out);

/* Where an area code lies against db's load scope (what vl__history_scope reads with): the
 * share of the scope's provinces in the area the code names on the last day of period (1 or
 * 0 but for a pre-reform area divided among provinces); VL_ERR_INVALID with a diagnostic for
 * a code that names no area or one with no current successor. */
typedef struct vl__area_scope vl__area_scope;
vl__area_scope *vl__area_scope_new(vl_ctx *ctx, vl_db *db, vl_status *st);
vl_status vl__area_scope_share(vl__area_scope *sc, const char *code, vl_period period,
                               double *share);
void vl__area_scope_free(vl__area_scope *sc); /* NULL is a no-op */

#endif
