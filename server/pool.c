/*
 * pool.c - database connections for request threads: each request borrows one connection and
 * a fresh context and gives them back. SQLite connections are not shared between threads at
 * once; WAL lets every reader work while one writer writes. Writers wait at most 2 seconds for
 * another writer (the busy timeout), then the request answers 503 and nothing was written. When
 * every connection is lent (64 at most on SQLite; fewer on PostgreSQL: serve --db-connections),
 * a request waits its turn for one, up to 10 seconds, before it answers 503: that is a queue of
 * work, not a conflict, and a clerk would rather wait a second than be told to try again. The
 * last connection given back is lent first, so that a few stay busy and keep their prepared
 * statements warm. A request that waits for something else (a login, a password check or a new
 * password's hash, for its turn at Argon2id) gives its connection back meanwhile (pool_return,
 * pool_borrow).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"

#define BUSY_TIMEOUT_MS 2000
#define POOL_WAIT_MS    10000

struct desk_pool {
    pthread_mutex_t lock;
    pthread_cond_t back; /* a connection came back, or a slot to open one */
    char *path;
    char *provinces; /* serve --province: each connection's scope, or NULL */
    char *scope;     /* that scope as the first connection took it (vl_db_load_scope) */
    vl_db **idle;
    size_t n_idle, open, max;
};

desk_pool *pool_create(const char *db_path, size_t max, const char *provinces)
{
    desk_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->path = strdup(db_path);
    p->provinces = provinces ? strdup(provinces) : NULL;
    p->idle = calloc(max, sizeof *p->idle);
    p->max = max;
    if (!p->path || !p->idle || (provinces && !p->provinces)) {
        pool_destroy(p);
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&p->back, &attr);
    pthread_condattr_destroy(&attr);
    return p;
}

void pool_destroy(desk_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_idle; i++)
        vl_db_close(p->idle[i]);
    if (p->idle) {
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->back);
    }
    free(p->idle);
    free(p->path);
    free(p->provinces);
    free(p->scope);
    free(p);
}

vl_status pool_borrow(desk_pool *p, vl_ctx *ctx, vl_db **db)
{
    *db = NULL;
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += POOL_WAIT_MS / 1000;
    pthread_mutex_lock(&p->lock);
    while (!p->n_idle && p->open >= p->max)
        if (pthread_cond_timedwait(&p->back, &p->lock, &until) != 0 && !p->n_idle &&
            p->open >= p->max) {
            pthread_mutex_unlock(&p->lock);
            return VL_ERR_BUSY;
        }
    if (p->n_idle) {
        *db = p->idle[--p->n_idle];
        pthread_mutex_unlock(&p->lock);
        return VL_OK;
    }
    p->open++;
    pthread_mutex_unlock(&p->lock);
    /* up to 64 of these: each with SQLite's small page cache (the OS caches the file once) */
    vl_status st = vl_db_open(ctx, p->path, VL_DB_POOLED, db);
    if (st == VL_OK && p->provinces &&
        (st = vl_db_set_load_scope_list(ctx, *db, p->provinces)) != VL_OK) {
        vl_db_close(*db);
        *db = NULL;
    }
    if (st == VL_OK && p->provinces) {
        pthread_mutex_lock(&p->lock);
        if (!p->scope && !(p->scope = strdup(vl_db_load_scope(*db))))
            st = VL_ERR_NOMEM;
        pthread_mutex_unlock(&p->lock);
        if (st != VL_OK) {
            vl_db_close(*db);
            *db = NULL;
        }
    }
    if (st != VL_OK) {
        pthread_mutex_lock(&p->lock);
        p->open--;
        pthread_cond_signal(&p->back);
        pthread_mutex_unlock(&p->lock);
        return st;
    }
    vl_db_set_busy_timeout(*db, BUSY_TIMEOUT_MS);
    return VL_OK;
}

/*
 * A connection comes back to the idle ones, unless its scope is no longer the pool's (a
 * request lifted it for a visitor's record and could not set it again): closed then, so that
 * no later request of a province's server reads every province.
 */
void pool_return(desk_pool *p, vl_db *db)
{
    if (!db)
        return;
    pthread_mutex_lock(&p->lock);
    bool keep = p->n_idle < p->max &&
                (!p->provinces || (p->scope && strcmp(vl_db_load_scope(db), p->scope) == 0));
    if (keep)
        p->idle[p->n_idle++] = db;
    else
        p->open--;
    pthread_cond_signal(&p->back);
    pthread_mutex_unlock(&p->lock);
    if (!keep)
        vl_db_close(db);
}

vl_status pool_get(desk_pool *p, vl_ctx **ctx, vl_db **db)
{
    *db = NULL;
    vl_status st = vl_ctx_create(ctx);
    if (st != VL_OK)
        return st;
    vl_ctx_set_threads(*ctx, 1); /* a request is one thread; batch work runs in jobs */
    return pool_borrow(p, *ctx, db);
}

void pool_put(desk_pool *p, vl_ctx *ctx, vl_db *db)
{
    vl_ctx_destroy(ctx);
    pool_return(p, db);
}
