/*
 * sqlite-mem.c - routes SQLite's own allocations through the library's hooks (core/alloc.c), for
 * the allocation-failure tests only.
 *
 * SQLITE_CONFIG_MALLOC is process-wide and accepted only before SQLite initialises, so a library
 * cannot set it safely on its own: the host program (or another library in it) may have used
 * SQLite already, or may want its own allocator. The library therefore never calls this; test
 * programs call it first thing, so that an injected failure can land inside SQLite and the test
 * proves that the store maps SQLITE_NOMEM to a clean status and rolls back.
 */
#include "store/store.h"

#include <malloc.h>

static void *mem_malloc(int n)
{
    return vl__malloc(n > 0 ? (size_t)n : 1);
}

static void mem_free(void *p)
{
    vl__free(p);
}

static void *mem_realloc(void *p, int n)
{
    return vl__realloc(p, n > 0 ? (size_t)n : 1);
}

static int mem_size(void *p)
{
    return p ? (int)malloc_usable_size(p) : 0;
}

static int mem_roundup(int n)
{
    return (n + 7) & ~7;
}

static int mem_init(void *unused)
{
    (void)unused;
    return SQLITE_OK;
}

static void mem_shutdown(void *unused)
{
    (void)unused;
}

bool vl__store_route_alloc(void)
{
    static const sqlite3_mem_methods methods = {mem_malloc,  mem_free, mem_realloc,  mem_size,
                                                mem_roundup, mem_init, mem_shutdown, NULL};
    if (sqlite3_shutdown() != SQLITE_OK)
        return false;
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) == SQLITE_OK &&
           sqlite3_initialize() == SQLITE_OK;
}
