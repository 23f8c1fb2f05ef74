/*
 * strmap.c - the string map of strmap.h: FNV-1a hashing, linear probing, doubled at 1/2 full
 * so a probe stays short; keys live in the map's arena until vl__strmap_free.
 */
#include "store/strmap.h"

#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

void vl__strmap_free(vl__strmap *m)
{
    if (!m)
        return;
    vl__free(m->keys);
    vl__free(m->vals);
    vl_arena_destroy(m->arena);
    memset(m, 0, sizeof *m);
}

static size_t slot(const vl__strmap *m, const char *key)
{
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

bool vl__strmap_get(const vl__strmap *m, const char *key, int64_t *val)
{
    if (!m->cap)
        return false;
    size_t i = slot(m, key);
    if (!m->keys[i])
        return false;
    if (val)
        *val = m->vals[i];
    return true;
}

static bool grow(vl__strmap *m)
{
    size_t cap = m->cap ? 2 * m->cap : 1024;
    const char **keys = vl__calloc(cap, sizeof *keys);
    int64_t *vals = vl__calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        vl__free(keys);
        vl__free(vals);
        return false;
    }
    vl__strmap old = *m;
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i]) {
            size_t j = slot(m, old.keys[i]);
            m->keys[j] = old.keys[i];
            m->vals[j] = old.vals[i];
        }
    vl__free(old.keys);
    vl__free(old.vals);
    return true;
}

bool vl__strmap_put(vl__strmap *m, const char *key, int64_t val)
{
    if (!m->arena && !(m->arena = vl_arena_create()))
        return false;
    if (2 * (m->n + 1) > m->cap && !grow(m))
        return false;
    size_t i = slot(m, key);
    if (!m->keys[i]) {
        if (!(m->keys[i] = vl_arena_strdup(m->arena, key)))
            return false;
        m->n++;
    }
    m->vals[i] = val;
    return true;
}

/* ---- ids tagged with a few texts ---------------------------------------------------------- */

void vl__strtag_free(vl__strtag *t)
{
    if (!t)
        return;
    vl__strmap_free(&t->ids);
    vl_buf_free(&t->texts);
    vl__free(t->at);
    memset(t, 0, sizeof *t);
}

bool vl__strtag_put(vl__strtag *t, const char *id, const char *text)
{
    size_t k = 0;
    while (k < t->n && strcmp(t->texts.data + t->at[k], text) != 0)
        k++;
    if (k == t->n) {
        size_t *at = vl__realloc(t->at, (t->n + 1) * sizeof *at);
        if (!at)
            return false;
        t->at = at;
        at[t->n] = t->texts.len;
        if (!vl_buf_append(&t->texts, text, strlen(text) + 1)) /* with its NUL */
            return false;
        t->n++;
    }
    return vl__strmap_put(&t->ids, id, (int64_t)k);
}

const char *vl__strtag_get(const vl__strtag *t, const char *id)
{
    int64_t k;
    return vl__strmap_get(&t->ids, id, &k) ? t->texts.data + t->at[k] : NULL;
}

/* ---- loaders ------------------------------------------------------------------------------- */

static vl_status load(vl_ctx *ctx, vl_db *db, const char *sql, const char *what, vl__strmap *m,
                      vl__strtag *t)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    vl__stmt_stream(s);
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        const char *key = vl__col_text(s, 0);
        if (m ? !vl__strmap_put(m, key, vl__col_int64(s, 1))
              : !vl__strtag_put(t, key, vl__col_text(s, 1))) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, what);
    vl__finalize(s);
    return st;
}

vl_status vl__load_map(vl_ctx *ctx, vl_db *db, const char *sql, const char *what, vl__strmap *m)
{
    return load(ctx, db, sql, what, m, NULL);
}

vl_status vl__load_tags(vl_ctx *ctx, vl_db *db, const char *sql, const char *what, vl__strtag *t)
{
    return load(ctx, db, sql, what, NULL, t);
}
