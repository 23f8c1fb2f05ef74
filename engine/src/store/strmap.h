/*
 * strmap.h - a set of strings with one integer each (open addressing, keys copied into an
 * arena), and ids tagged with one of a few texts: the in-memory look-ups of the imports into a
 * server (codes that exist, ids seen in a file, the province of a stored id) where a round trip
 * per row would cost more than the row, and their loaders from a query.
 */
#ifndef VL_STORE_STRMAP_H
#define VL_STORE_STRMAP_H

#include "core/core.h"
#include "store/store.h"

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

/*
 * Ids each tagged with one of a few texts (a seeker's or a referral's province): each text is
 * kept once. {0} is an empty one; free with vl__strtag_free.
 */
typedef struct vl__strtag {
    vl__strmap ids; /* id -> the number of its text */
    vl_buf texts;   /* the texts, NUL-separated, in the order first put */
    size_t *at;     /* text number -> its offset in texts */
    size_t n;
} vl__strtag;

void vl__strtag_free(vl__strtag *t);
/* Tags id with text (the texts are few: each is found by a linear search); false when out of
 * memory. */
bool vl__strtag_put(vl__strtag *t, const char *id, const char *text);
/* id's text, or NULL when id is not there. */
const char *vl__strtag_get(const vl__strtag *t, const char *id);

/* Reads a query's rows (text, integer) into m, streamed; `what` names the read in an error
 * ("reading codes"). */
vl_status vl__load_map(vl_ctx *ctx, vl_db *db, const char *sql, const char *what, vl__strmap *m);
/* Reads a query's rows (id, text) into t, streamed. */
vl_status vl__load_tags(vl_ctx *ctx, vl_db *db, const char *sql, const char *what, vl__strtag *t);

#endif
