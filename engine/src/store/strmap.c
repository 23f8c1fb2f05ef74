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
