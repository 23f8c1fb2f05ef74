/*
 * alloc.c - the library's allocation hooks: every heap allocation of engine/src goes through
 * vl__malloc, vl__calloc, vl__realloc, vl__strdup, vl__strndup and vl__free.
 *
 * They are thin wrappers over the C library's allocator (memory they return may be released
 * with free(), so public functions documented "free with free()" stay true), plus the
 * fault-injection countdown that SQLite's test harness made standard: tests arm it with
 * vl__alloc_fail_after(N) and the Nth allocation from then on fails (and, when persistent, every
 * one after it), so a test can walk N = 1, 2, ... over an operation until it succeeds and check
 * that each failure is a clean status, leaks nothing and changes nothing. The counters are
 * atomics because engines allocate on worker threads; unarmed, a hook costs one relaxed load.
 */
#include "core/core.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long countdown;   /* > 0: allocations left until the failing one; 0: unarmed */
static atomic_bool persistent;  /* after the failing one, every allocation fails */
static atomic_bool tripped;     /* the failing allocation has happened (persistent mode) */
static atomic_ulong n_calls;    /* allocation calls since the last reset */
static atomic_ulong n_failures; /* injected failures since the last reset */

static _Thread_local bool oom; /* an allocation of this thread failed (vl__alloc_oom_take) */

bool vl__alloc_oom_take(void)
{
    bool was = oom;
    oom = false;
    return was;
}

/* Whether this allocation is to fail. Counts every call. */
static bool inject(void)
{
    atomic_fetch_add_explicit(&n_calls, 1, memory_order_relaxed);
    if (atomic_load_explicit(&countdown, memory_order_relaxed) == 0 &&
        !atomic_load_explicit(&tripped, memory_order_relaxed))
        return false;
    if (atomic_load_explicit(&tripped, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&n_failures, 1, memory_order_relaxed);
        oom = true;
        return true;
    }
    long left = atomic_fetch_sub_explicit(&countdown, 1, memory_order_relaxed);
    if (left == 1) {
        if (atomic_load_explicit(&persistent, memory_order_relaxed))
            atomic_store_explicit(&tripped, true, memory_order_relaxed);
        atomic_fetch_add_explicit(&n_failures, 1, memory_order_relaxed);
        oom = true;
        return true;
    }
    if (left <= 0) /* raced past zero on another thread: disarmed already */
        atomic_store_explicit(&countdown, 0, memory_order_relaxed);
    return false;
}

bool vl__alloc_fail_point(void)
{
    return inject();
}

void *vl__malloc(size_t size)
{
    if (inject())
        return NULL;
    void *p = malloc(size ? size : 1);
    oom = oom || !p;
    return p;
}

void *vl__calloc(size_t n, size_t size)
{
    if (inject())
        return NULL;
    void *p = calloc(n ? n : 1, size ? size : 1);
    oom = oom || !p;
    return p;
}

void *vl__realloc(void *p, size_t size)
{
    if (inject())
        return NULL;
    void *q = realloc(p, size ? size : 1);
    oom = oom || !q;
    return q;
}

void vl__free(void *p)
{
    free(p);
}

char *vl__strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = vl__malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

int vl__cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *vl__strdup(const char *s)
{
    return vl__strndup(s, SIZE_MAX);
}

void vl__alloc_fail_after(long n, bool persist)
{
    atomic_store(&tripped, false);
    atomic_store(&persistent, persist);
    atomic_store(&countdown, n > 0 ? n : 0);
}

void vl__alloc_reset(void)
{
    vl__alloc_fail_after(0, false);
    atomic_store(&n_calls, 0);
    atomic_store(&n_failures, 0);
}

unsigned long vl__alloc_calls(void)
{
    return atomic_load(&n_calls);
}

unsigned long vl__alloc_failures(void)
{
    return atomic_load(&n_failures);
}
