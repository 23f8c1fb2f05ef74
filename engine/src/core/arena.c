/*
 * arena.c - an arena allocator and a growable string buffer.
 *
 * Datasets loaded from the store hold hundreds of thousands of small strings; allocating them
 * from large blocks keeps loading fast and lets vl_dataset_destroy free everything at once.
 * Invariant: every block's `used` is at most its `size`; allocations are 16-byte aligned.
 */
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (1u << 20)
#define ARENA_ALIGN 16u

typedef struct block {
    struct block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} block;

struct vl_arena {
    block *head;
    size_t bytes;
};

vl_arena *vl_arena_create(void)
{
    return vl__calloc(1, sizeof(vl_arena));
}

void vl_arena_destroy(vl_arena *a)
{
    if (!a)
        return;
    block *b = a->head;
    while (b) {
        block *next = b->next;
        vl__free(b);
        b = next;
    }
    vl__free(a);
}

/* Memory from the arena, not cleared. */
static void *arena_take(vl_arena *a, size_t size)
{
    assert(a);
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0)
        size = ARENA_ALIGN;
    block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t want = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
        block *nb = vl__malloc(sizeof(block) + want);
        if (!nb)
            return NULL;
        nb->size = want;
        nb->used = 0;
        if (size > ARENA_BLOCK / 4 && b) {
            /* a big allocation gets its own block behind the current one */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        a->bytes += sizeof(block) + want;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    assert(b->used <= b->size);
    return p;
}

void *vl_arena_alloc(vl_arena *a, size_t size)
{
    void *p = arena_take(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

char *vl_arena_strndup(vl_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = arena_take(a, n + 1); /* every byte is written below */
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *vl_arena_strdup(vl_arena *a, const char *s)
{
    return s ? vl_arena_strndup(a, s, strlen(s)) : NULL;
}

size_t vl_arena_bytes(const vl_arena *a)
{
    return a ? a->bytes : 0;
}

void vl_dataset_destroy(vl_dataset *ds)
{
    if (!ds)
        return;
    vl_arena_destroy(ds->owner);
    vl__free(ds);
}

bool vl_buf_append(vl_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return false;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = vl__realloc(b->data, cap);
        if (!d) {
            b->failed = true;
            return false;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool vl_buf_puts(vl_buf *b, const char *s)
{
    return vl_buf_append(b, s, strlen(s));
}

bool vl_buf_printf(vl_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    locale_t old_loc = uselocale(vl__c_locale());
    int n = vsnprintf(small, sizeof small, fmt, ap);
    uselocale(old_loc);
    va_end(ap);
    if (n < 0 || b->failed)
        return b->failed = true, false;
    if ((size_t)n < sizeof small)
        return vl_buf_append(b, small, (size_t)n);
    char *big = vl__malloc((size_t)n + 1);
    if (!big) {
        b->failed = true;
        return false;
    }
    va_start(ap, fmt);
    old_loc = uselocale(vl__c_locale());
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    uselocale(old_loc);
    va_end(ap);
    bool ok = vl_buf_append(b, big, (size_t)n);
    vl__free(big);
    return ok;
}

void vl_buf_free(vl_buf *b)
{
    vl__free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}
