/*
 * matcher.c - the match indexes of a running server, kept in memory and following every
 * change. One index per as-of date asked for (at most four, the least recently used goes),
 * all over the same base data set loaded at start. A watcher connection polls the database
 * (PRAGMA data_version through vl_db_maybe_changed: no query when nothing was committed);
 * when something was, it asks the store what changed since its token (vl_db_changes_since),
 * loads just those records and puts them into every index under the write lock
 * (vl_match_index_put_*: no rebuild). A write through the API syncs before it answers, so a
 * vacancy registered through the API is in the very next match; a query syncs first only when
 * no other thread is syncing (otherwise fifty desks would queue behind one sync: it answers from
 * the index as it is, which holds every API write already answered); a background thread syncs
 * every 250 ms so a `vieclam import` while the server runs is picked up even when nobody asks. The
 * changes are kept (in order) so an index built later for another date replays them; past 20,000
 * changed records, or when the log was pruned past our token, everything is reloaded and rebuilt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

#define SLOTS         4
#define REBUILD_AFTER 20000
#define POLL_MS       250
/* visitors put into an index and taken out leave their copies in it: an index is built again
 * (lazily) after this many */
#define VISITS_MAX 5000

typedef struct fragment {
    vl_dataset *records; /* the changed records as loaded (seekers and vacancies) */
    char **removed_seekers, **removed_vacancies;
    size_t n_removed_seekers, n_removed_vacancies;
} fragment;

typedef struct slot {
    int32_t as_of;
    vl_match_index *idx;
    uint64_t used;
    size_t visits;
} slot;

struct desk_matcher {
    pthread_rwlock_t rw;
    pthread_mutex_t sync_lock;
    vl_ctx *wctx;
    vl_db *watch;
    vl_match_model *model;
    vl_dataset *base;
    int64_t token;
    slot slots[SLOTS];
    uint64_t clock;
    fragment *frags;
    size_t n_frags, cap_frags, n_changed;
    pthread_t poller;
    bool poller_on, stop;
    pthread_mutex_t stop_lock;
    pthread_cond_t stop_cond;
    char *provinces; /* serve --province: the scope of the index ("31,01"), NULL: every record */
};

static void fragment_free(fragment *f)
{
    vl_dataset_destroy(f->records);
    for (size_t i = 0; i < f->n_removed_seekers; i++)
        free(f->removed_seekers[i]);
    for (size_t i = 0; i < f->n_removed_vacancies; i++)
        free(f->removed_vacancies[i]);
    free(f->removed_seekers);
    free(f->removed_vacancies);
}

static vl_status apply(vl_ctx *ctx, vl_match_index *idx, const fragment *f)
{
    vl_status st = VL_OK;
    for (size_t i = 0; st == VL_OK && i < f->n_removed_seekers; i++)
        st = vl_match_index_remove_seeker(ctx, idx, f->removed_seekers[i]);
    for (size_t i = 0; st == VL_OK && i < f->n_removed_vacancies; i++)
        st = vl_match_index_remove_vacancy(ctx, idx, f->removed_vacancies[i]);
    for (size_t i = 0; st == VL_OK && i < f->records->n_seekers; i++)
        st = vl_match_index_put_seeker(ctx, idx, &f->records->seekers[i]);
    for (size_t i = 0; st == VL_OK && i < f->records->n_vacancies; i++)
        st = vl_match_index_put_vacancy(ctx, idx, &f->records->vacancies[i]);
    return st;
}

/* Reloads everything from the database and drops every index (write lock held). */
static vl_status reload(desk_matcher *m, vl_ctx *ctx)
{
    int64_t token;
    vl_status st = vl_db_change_token(ctx, m->watch, &token);
    vl_dataset *ds = NULL;
    if (st == VL_OK)
        st = vl_db_load_dataset(ctx, m->watch, &ds);
    if (st != VL_OK)
        return st;
    for (size_t i = 0; i < SLOTS; i++) {
        vl_match_index_destroy(m->slots[i].idx);
        m->slots[i].idx = NULL;
    }
    for (size_t i = 0; i < m->n_frags; i++)
        fragment_free(&m->frags[i]);
    m->n_frags = m->n_changed = 0;
    vl_dataset_destroy(m->base);
    m->base = ds;
    m->token = token;
    return VL_OK;
}

/* Ids of `want` missing from the loaded ids (they were deleted). */
static bool missing_ids(const char *const *want, size_t n, const vl_dataset *got, bool seekers,
                        char ***out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        size_t have = seekers ? got->n_seekers : got->n_vacancies;
        for (size_t k = 0; k < have && !found; k++)
            found = strcmp(want[i], seekers ? got->seekers[k].id : got->vacancies[k].id) == 0;
        if (found)
            continue;
        char **grown = realloc(*out, (*n_out + 1) * sizeof *grown);
        if (!grown || !(grown[*n_out] = strdup(want[i]))) {
            *out = grown ? grown : *out;
            return false;
        }
        *out = grown;
        (*n_out)++;
    }
    return true;
}

static vl_status sync_locked(desk_matcher *m, vl_ctx *ctx);

vl_status matcher_sync(desk_matcher *m, vl_ctx *ctx)
{
    pthread_mutex_lock(&m->sync_lock);
    return sync_locked(m, ctx);
}

/* Syncs unless another thread is syncing now (its result serves this query as well). */
static vl_status sync_unless_busy(desk_matcher *m, vl_ctx *ctx)
{
    if (pthread_mutex_trylock(&m->sync_lock) != 0)
        return VL_OK;
    return sync_locked(m, ctx);
}

/* The sync itself, sync_lock held; releases it. */
static vl_status sync_locked(desk_matcher *m, vl_ctx *ctx)
{
    if (!vl_db_maybe_changed(m->watch)) {
        pthread_mutex_unlock(&m->sync_lock);
        return VL_OK;
    }
    vl_changes *c = NULL;
    vl_status st = vl_db_changes_since(ctx, m->watch, m->token, &c);
    if (st == VL_OK &&
        (c->everything || m->n_changed + c->n_seekers + c->n_vacancies > REBUILD_AFTER)) {
        pthread_rwlock_wrlock(&m->rw);
        st = reload(m, ctx);
        pthread_rwlock_unlock(&m->rw);
    } else if (st == VL_OK && c->n_seekers + c->n_vacancies > 0) {
        fragment f = {0};
        st = vl_db_load_records(ctx, m->watch, c->seekers, c->n_seekers, c->vacancies,
                                c->n_vacancies, &f.records);
        if (st == VL_OK && (!missing_ids(c->seekers, c->n_seekers, f.records, true,
                                         &f.removed_seekers, &f.n_removed_seekers) ||
                            !missing_ids(c->vacancies, c->n_vacancies, f.records, false,
                                         &f.removed_vacancies, &f.n_removed_vacancies)))
            st = VL_ERR_NOMEM;
        if (st == VL_OK && m->n_frags == m->cap_frags) {
            size_t nc = m->cap_frags ? 2 * m->cap_frags : 64;
            fragment *b = realloc(m->frags, nc * sizeof *b);
            if (b) {
                m->frags = b;
                m->cap_frags = nc;
            } else {
                st = VL_ERR_NOMEM;
            }
        }
        if (st == VL_OK) {
            pthread_rwlock_wrlock(&m->rw);
            for (size_t i = 0; st == VL_OK && i < SLOTS; i++)
                if (m->slots[i].idx)
                    st = apply(ctx, m->slots[i].idx, &f);
            if (st != VL_OK) /* an index half-changed cannot be trusted: start again */
                st = reload(m, ctx);
            else
                m->frags[m->n_frags++] = f;
            m->n_changed += c->n_seekers + c->n_vacancies;
            m->token = c->token;
            pthread_rwlock_unlock(&m->rw);
            if (st != VL_OK)
                fragment_free(&f);
        } else {
            fragment_free(&f);
        }
    } else if (st == VL_OK) {
        m->token = c->token; /* employers only, or nothing: no index needs them */
    }
    vl_changes_destroy(c);
    pthread_mutex_unlock(&m->sync_lock);
    return st;
}

static void *poll_loop(void *arg)
{
    desk_matcher *m = arg;
    vl_ctx *ctx = NULL;
    if (vl_ctx_create(&ctx) != VL_OK)
        return NULL;
    pthread_mutex_lock(&m->stop_lock);
    while (!m->stop) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += POLL_MS * 1000000L;
        if (t.tv_nsec >= 1000000000L) {
            t.tv_sec++;
            t.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&m->stop_cond, &m->stop_lock, &t);
        if (m->stop)
            break;
        pthread_mutex_unlock(&m->stop_lock);
        (void)matcher_sync(m, ctx); /* a busy database: the next poll tries again */
        pthread_mutex_lock(&m->stop_lock);
    }
    pthread_mutex_unlock(&m->stop_lock);
    vl_ctx_destroy(ctx);
    return NULL;
}

desk_matcher *matcher_create(vl_ctx *ctx, const desk_options *o, vl_status *st)
{
    desk_matcher *m = calloc(1, sizeof *m);
    if (!m) {
        *st = VL_ERR_NOMEM;
        return NULL;
    }
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    /* a change waiting for the lock goes before new queries, so it is never starved */
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&m->rw, &attr);
    pthread_rwlockattr_destroy(&attr);
    pthread_mutex_init(&m->sync_lock, NULL);
    pthread_mutex_init(&m->stop_lock, NULL);
    pthread_cond_init(&m->stop_cond, NULL);
    *st = o->model_path ? vl_match_model_load(ctx, o->model_path, &m->model)
                        : vl_match_model_create_default(ctx, &m->model);
    if (*st == VL_OK)
        *st = vl_ctx_create(&m->wctx);
    if (*st == VL_OK)
        *st = vl_db_open(ctx, o->db_path, 0, &m->watch);
    if (*st == VL_OK && o->provinces && !(m->provinces = strdup(o->provinces)))
        *st = VL_ERR_NOMEM;
    if (*st == VL_OK && o->provinces)
        *st = vl_db_set_load_scope_list(ctx, m->watch, o->provinces);
    if (*st == VL_OK) {
        (void)vl_db_maybe_changed(m->watch); /* take the current version */
        *st = reload(m, ctx);
    }
    if (*st == VL_OK && pthread_create(&m->poller, NULL, poll_loop, m) == 0)
        m->poller_on = true;
    if (*st != VL_OK) {
        matcher_destroy(m);
        return NULL;
    }
    return m;
}

void matcher_destroy(desk_matcher *m)
{
    if (!m)
        return;
    if (m->poller_on) {
        pthread_mutex_lock(&m->stop_lock);
        m->stop = true;
        pthread_cond_signal(&m->stop_cond);
        pthread_mutex_unlock(&m->stop_lock);
        pthread_join(m->poller, NULL);
    }
    for (size_t i = 0; i < SLOTS; i++)
        vl_match_index_destroy(m->slots[i].idx);
    for (size_t i = 0; i < m->n_frags; i++)
        fragment_free(&m->frags[i]);
    free(m->frags);
    vl_dataset_destroy(m->base);
    vl_db_close(m->watch);
    vl_ctx_destroy(m->wctx);
    vl_match_model_destroy(m->model);
    pthread_rwlock_destroy(&m->rw);
    pthread_mutex_destroy(&m->sync_lock);
    pthread_mutex_destroy(&m->stop_lock);
    pthread_cond_destroy(&m->stop_cond);
    free(m->provinces);
    free(m);
}

size_t matcher_model_top(const desk_matcher *m)
{
    return vl_match_model_top(m->model);
}

static slot *find_slot(desk_matcher *m, int32_t as_of)
{
    for (size_t i = 0; i < SLOTS; i++)
        if (m->slots[i].idx && m->slots[i].as_of == as_of)
            return &m->slots[i];
    return NULL;
}

const vl_match_index *matcher_acquire(desk_matcher *m, vl_ctx *ctx, int32_t as_of, vl_status *st)
{
    *st = sync_unless_busy(m, ctx);
    if (*st != VL_OK)
        return NULL;
    for (;;) {
        pthread_rwlock_rdlock(&m->rw);
        slot *s = find_slot(m, as_of);
        if (s) {
            __atomic_store_n(&s->used, __atomic_add_fetch(&m->clock, 1, __ATOMIC_RELAXED),
                             __ATOMIC_RELAXED);
            return s->idx; /* the read lock is held until matcher_release */
        }
        pthread_rwlock_unlock(&m->rw);
        pthread_rwlock_wrlock(&m->rw);
        if (!find_slot(m, as_of)) {
            slot *victim = &m->slots[0];
            for (size_t i = 0; i < SLOTS; i++) {
                if (!m->slots[i].idx) {
                    victim = &m->slots[i];
                    break;
                }
                if (m->slots[i].used < victim->used)
                    victim = &m->slots[i];
            }
            vl_match_index_destroy(victim->idx);
            victim->idx = NULL;
            vl_match_options opt = {.as_of = as_of};
            vl_match_index *idx = NULL;
            *st = vl_match_index_create(ctx, m->base, m->model, &opt, &idx);
            for (size_t i = 0; *st == VL_OK && i < m->n_frags; i++)
                *st = apply(ctx, idx, &m->frags[i]);
            if (*st != VL_OK) {
                vl_match_index_destroy(idx);
                pthread_rwlock_unlock(&m->rw);
                return NULL;
            }
            victim->idx = idx;
            victim->as_of = as_of;
            victim->used = ++m->clock;
        }
        pthread_rwlock_unlock(&m->rw);
    }
}

void matcher_release(desk_matcher *m)
{
    pthread_rwlock_unlock(&m->rw);
}

const vl_match_index *matcher_acquire_visit(desk_matcher *m, vl_ctx *ctx, vl_db *db, int32_t as_of,
                                            const char *seeker, const char *vacancy,
                                            desk_visit *visit, vl_status *st)
{
    visit->records = NULL;
    visit->seeker = visit->vacancy = false;
    visit->as_of = as_of;
    const vl_match_index *idx = matcher_acquire(m, ctx, as_of, st);
    if (!idx || !m->provinces)
        return idx;
    /* in the index and switched on: the province's own. Otherwise perhaps a visitor: absent,
     * or switched off (a seeker who is not active, or a record that moved to another province
     * since the index was built: its id stays known) */
    size_t pos;
    bool want_s = seeker && !(vl_match_index_find_seeker(idx, seeker, &pos) &&
                              vl_match_index_seeker_active(idx, pos));
    bool want_v = vacancy && !(vl_match_index_find_vacancy(idx, vacancy, &pos) &&
                               vl_match_index_has_vacancy(idx, pos));
    if (!want_s && !want_v)
        return idx;
    matcher_release(m);
    /* what the province's scope reads is its own (a seeker not active): the index answers it
     * as it is; the others are read without the scope (given back to the connection at once) */
    vl_dataset *own = NULL, *ds = NULL;
    *st = vl_db_load_records(ctx, db, want_s ? &seeker : NULL, want_s, want_v ? &vacancy : NULL,
                             want_v, &own);
    if (*st == VL_OK) {
        want_s = want_s && own->n_seekers == 0;
        want_v = want_v && own->n_vacancies == 0;
    }
    vl_dataset_destroy(own);
    if (*st == VL_OK && (want_s || want_v)) {
        *st = vl_db_set_load_scope(ctx, db, NULL, 0);
        if (*st == VL_OK)
            *st = vl_db_load_records(ctx, db, want_s ? &seeker : NULL, want_s,
                                     want_v ? &vacancy : NULL, want_v, &ds);
        vl_status scoped = vl_db_set_load_scope_list(ctx, db, m->provinces);
        if (*st == VL_OK)
            *st = scoped;
    }
    if (*st != VL_OK) {
        vl_dataset_destroy(ds);
        return NULL;
    }
    if (!ds || ds->n_seekers + ds->n_vacancies == 0) { /* none: the index answers (or says so) */
        vl_dataset_destroy(ds);
        return matcher_acquire(m, ctx, as_of, st);
    }
    for (;;) {
        pthread_rwlock_wrlock(&m->rw);
        slot *s = find_slot(m, as_of);
        if (s) {
            s->used = ++m->clock;
            visit->records = ds;
            /* one that joined the province's index meanwhile (moved in) stays as it is */
            *st = VL_OK;
            if (ds->n_seekers && !(vl_match_index_find_seeker(s->idx, ds->seekers[0].id, &pos) &&
                                   vl_match_index_seeker_active(s->idx, pos))) {
                *st = vl_match_index_put_seeker(ctx, s->idx, &ds->seekers[0]);
                visit->seeker = *st == VL_OK;
            }
            if (*st == VL_OK && ds->n_vacancies &&
                !(vl_match_index_find_vacancy(s->idx, ds->vacancies[0].id, &pos) &&
                  vl_match_index_has_vacancy(s->idx, pos))) {
                *st = vl_match_index_put_vacancy(ctx, s->idx, &ds->vacancies[0]);
                visit->vacancy = *st == VL_OK;
            }
            if (*st != VL_OK) {
                matcher_release_visit(m, ctx, visit);
                return NULL;
            }
            return s->idx; /* the write lock is held until matcher_release_visit */
        }
        /* the date's index went (another date took its slot): build it again */
        pthread_rwlock_unlock(&m->rw);
        if (!matcher_acquire(m, ctx, as_of, st)) {
            vl_dataset_destroy(ds);
            return NULL;
        }
        matcher_release(m);
    }
}

void matcher_release_visit(desk_matcher *m, vl_ctx *ctx, desk_visit *visit)
{
    vl_dataset *ds = visit->records;
    if (!ds) {
        matcher_release(m);
        return;
    }
    /* the write lock is held: the visitors go, and the index they leave their copies in is built
     * again after VISITS_MAX of them (a failure to take one out drops it at once) */
    slot *s = find_slot(m, visit->as_of);
    vl_status st = VL_OK;
    if (visit->seeker)
        st = vl_match_index_remove_seeker(ctx, s->idx, ds->seekers[0].id);
    if (st == VL_OK && visit->vacancy)
        st = vl_match_index_remove_vacancy(ctx, s->idx, ds->vacancies[0].id);
    if (st != VL_OK || ++s->visits >= VISITS_MAX) {
        vl_ctx_clear_error(ctx);
        vl_match_index_destroy(s->idx);
        s->idx = NULL;
        s->visits = 0;
    }
    pthread_rwlock_unlock(&m->rw);
    vl_dataset_destroy(ds);
    visit->records = NULL;
}
