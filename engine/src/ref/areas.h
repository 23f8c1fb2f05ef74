/*
 * areas.h - the bundled areas of Viet Nam, versioned (ref/areas.c): the 2025 list (34 provinces,
 * 3,321 communes, published centres and areas) and the pre-reform list (provinces, districts,
 * communes, valid to 2025-06-30, with derived centres), and the pieces linking every pre-reform
 * area to the current communes it went to. Built in memory from the compiled-in tables; the
 * store loads it into a database (`vieclam init`), the generator places records with it.
 */
#ifndef VL_REF_AREAS_H
#define VL_REF_AREAS_H

#include "core/core.h"

typedef struct vl__ref_area {
    const char *code, *name;
    const char *parent;           /* code of the parent in the same list, "" for a province */
    long parent_ix;               /* its index in vl__ref_areas.areas, -1 for none */
    int level;                    /* 1 province, 2 district, 3 commune */
    const char *version;          /* VL_AREAS_2025 or VL_AREAS_PRE_REFORM */
    int32_t valid_from, valid_to; /* yyyymmdd, 0 = open */
    double lat, lon, area_km2;    /* NaN when unknown */
    const char *centre;           /* "published", "derived" or "" (no centre) */
} vl__ref_area;

/* A pre-reform area and one current commune it went to, with the piece's estimated km2
 * (NaN when the new commune's area is unknown). */
typedef struct vl__ref_successor {
    uint32_t old, new_; /* indices into areas */
    double km2;
} vl__ref_successor;

typedef struct vl__ref_areas {
    vl__ref_area *areas; /* the 2025 list first (n_current: by level, code), then the
                            pre-reform list (by level, code) */
    size_t n_areas, n_current;
    vl__ref_successor *successors; /* by old, then new */
    size_t n_successors;
    char fingerprint[17]; /* changes whenever the bundled areas or their derivation change */
} vl__ref_areas;

/* Builds the lists from the compiled-in tables (VL_ERR_INTERNAL if they are inconsistent). */
vl_status vl__ref_areas_build(vl_ctx *ctx, vl__ref_areas **out);
void vl__ref_areas_free(vl__ref_areas *r); /* NULL is a no-op */

#endif
