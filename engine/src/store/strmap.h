/*
 * strmap.h - a set of strings with one integer each (open addressing, keys copied into an
 * arena): the in-memory look-ups of the bulk import path (codes that exist, ids seen in a file)
 * where a round trip to a database server per row would cost more than the row.
 */
#ifndef VL_STORE_STRMAP_H
#define VL_STORE_STRMAP_H

#include "core/core.h"

typedef struct vl__strmap {
    const char **keys; /* cap slots, NULL = empty */
    int64_t *vals;
    size_t n, cap;
    vl_arena *arena;
} vl__strmap;

/* An empty map ({0} is one too); free with vl__strmap_free. */
void vl__strmap_free(vl__strmap *m);
/* Whether key is there; *val (may be NULL) gets its value. */
bool vl__strmap_get(const vl__strmap *m, const char *key, int64_t *val);
/* Adds key with val, or sets val when key is there; false when out of memory. */
bool vl__strmap_put(vl__strmap *m, const char *key, int64_t val);

#endif
