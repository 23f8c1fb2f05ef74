/*
 * parallel.c - a parallel-for over an index range with dynamic chunking (pthreads).
 *
 * Work is split into fixed chunks handed out through an atomic counter, so a slow chunk does not
 * stall a thread's whole share. Callers write results by index, so output is the same for any
 * thread count. Progress is reported from the calling thread only, when a handler is set.
 */
#include "core/core.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

typedef struct job {
    size_t n, chunk;
    atomic_size_t next;
    atomic_size_t done;
    vl_range_fn fn;
    void *arg;
    atomic_int status; /* first failure */
} job;

typedef struct worker_arg {
    job *j;
    unsigned id;
} worker_arg;

static void run_chunks(job *j, unsigned id)
{
    for (;;) {
        size_t begin = atomic_fetch_add(&j->next, j->chunk);
        if (begin >= j->n)
            break;
        size_t end = begin + j->chunk < j->n ? begin + j->chunk : j->n;
        vl_status st = j->fn(j->arg, id, begin, end);
        if (st != VL_OK) {
            int expected = VL_OK;
            atomic_compare_exchange_strong(&j->status, &expected, (int)st);
        }
        atomic_fetch_add(&j->done, end - begin);
    }
}

static void *worker_main(void *p)
{
    worker_arg *w = p;
    run_chunks(w->j, w->id);
    return NULL;
}

unsigned vl__threads_for(const vl_ctx *ctx, size_t n, size_t chunk)
{
    unsigned t = vl_ctx_threads(ctx);
    if (chunk == 0)
        chunk = 1;
    size_t chunks = (n + chunk - 1) / chunk;
    if (chunks < t)
        t = chunks ? (unsigned)chunks : 1;
    return t;
}

vl_status vl__parallel_for(vl_ctx *ctx, size_t n, size_t chunk, vl_range_fn fn, void *arg,
                           const char *progress_stage)
{
    if (n == 0)
        return VL_OK;
    if (chunk == 0)
        chunk = 1;
    job j = {.n = n, .chunk = chunk, .fn = fn, .arg = arg};
    atomic_init(&j.next, 0);
    atomic_init(&j.done, 0);
    atomic_init(&j.status, VL_OK);
    unsigned t = vl__threads_for(ctx, n, chunk);
    if (t <= 1 && !(progress_stage && vl__has_progress(ctx))) {
        run_chunks(&j, 0);
        return (vl_status)atomic_load(&j.status);
    }
    pthread_t *th = vl__calloc(t, sizeof *th);
    worker_arg *wa = vl__calloc(t, sizeof *wa);
    if (!th || !wa) {
        vl__free(th);
        vl__free(wa);
        return vl__error(ctx, VL_ERR_NOMEM, "cannot allocate %u worker threads", t);
    }
    unsigned started = 0;
    for (unsigned i = 0; i < t; i++) {
        wa[i] = (worker_arg){&j, i};
        if (pthread_create(&th[i], NULL, worker_main, &wa[i]) != 0)
            break;
        started++;
    }
    if (started == 0) {
        run_chunks(&j, 0); /* no thread could start: do the work here */
    } else if (progress_stage && vl__has_progress(ctx)) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        while (atomic_load(&j.done) < n) {
            vl__progress(ctx, progress_stage, atomic_load(&j.done), n);
            nanosleep(&ts, NULL);
        }
        vl__progress(ctx, progress_stage, n, n);
    }
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    vl__free(th);
    vl__free(wa);
    return (vl_status)atomic_load(&j.status);
}
