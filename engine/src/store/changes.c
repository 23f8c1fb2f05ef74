/*
 * changes.c - "what changed since token T" over the change log (table `changes`, filled by
 * triggers on seekers, vacancies and employers whoever writes them). A token is the newest
 * sequence number a reader has seen; the log may be pruned, and a reader whose token is older
 * than what is left is told to reload everything.
 *
 * On PostgreSQL several servers write at once and identity numbers commit out of order (seq
 * 11 may be visible while seq 10's transaction is still running), so a token there is not a
 * sequence number but the oldest transaction still running when the reader looked
 * (pg_snapshot_xmin): every change of a transaction at or after it is read again next time
 * (reloading a record twice changes nothing), and none committed later is missed. LISTEN/NOTIFY
 * (vl_db_maybe_changed) says when to look.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* The oldest transaction still running (PostgreSQL): the token of a reader that looks now. */
#define PG_TOKEN "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"

typedef struct changes_owner {
    vl_arena *arena;
} changes_owner;

vl_status vl_db_change_token(vl_ctx *ctx, vl_db *db, int64_t *token)
{
    if (!db || !token)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_change_token: missing argument");
    return vl__db_scalar(ctx, db,
                         vl__sql(db, "SELECT COALESCE(MAX(seq), 0) FROM changes", PG_TOKEN), token);
}

typedef struct idlist {
    const char **items;
    size_t n, cap;
} idlist;

static bool push(vl_arena *a, idlist *l, const char *id)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        const char **bigger = vl_arena_alloc(a, cap * sizeof *bigger);
        if (!bigger)
            return false;
        if (l->n)
            memcpy(bigger, l->items, l->n * sizeof *bigger);
        l->items = bigger;
        l->cap = cap;
    }
    const char *copy = vl_arena_strdup(a, id);
    if (!copy)
        return false;
    l->items[l->n++] = copy;
    return true;
}

vl_status vl_db_changes_since(vl_ctx *ctx, vl_db *db, int64_t token, vl_changes **out)
{
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_changes_since: missing argument");
    *out = NULL;
    vl_changes *c = vl__calloc(1, sizeof *c);
    vl_arena *a = vl_arena_create();
    if (!c || !a) {
        vl__free(c);
        vl_arena_destroy(a);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    c->owner = a;
    c->token = token;
    vl_status st = vl__db_begin_read(ctx, db);
    if (st != VL_OK) {
        vl_changes_destroy(c);
        return st;
    }
    /* the log reaches back to the token when its oldest kept entry is at most token + 1 */
    int64_t oldest = 0, newest = 0;
    bool pg = vl__db_backend(db) == VL__POSTGRESQL;
    if (pg) {
        /* transactions at or after the token may have committed since: read them (again) */
        st = vl__db_scalar(ctx, db, PG_TOKEN, &newest);
    } else {
        st = vl__db_scalar(ctx, db, "SELECT COALESCE(MIN(seq), 0) FROM changes", &oldest);
        if (st == VL_OK)
            st = vl__db_scalar(ctx, db, "SELECT COALESCE(MAX(seq), 0) FROM changes", &newest);
    }
    if (st == VL_OK && newest > token && oldest > token + 1) {
        c->everything = true;
        c->token = newest;
    } else if (st == VL_OK && (pg || newest > token)) {
        /* PostgreSQL: the oldest running transaction may stay while later ones commit */
        vl__stmt *s;
        idlist lists[3] = {{0}};
        if ((st = vl__db_prepare(
                 ctx, db,
                 vl__sql(db,
                         "SELECT kind, id FROM changes WHERE seq > ?1 AND seq <= ?2"
                         " GROUP BY kind, id ORDER BY kind, id",
                         "SELECT kind, id FROM changes WHERE tx >= ?1 AND CAST(?2 AS BIGINT) >= 0"
                         " GROUP BY kind, id ORDER BY kind, id"),
                 &s)) == VL_OK) {
            vl__bind_int64(s, 1, token);
            vl__bind_int64(s, 2, newest);
            int rc;
            while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
                const char *kind = vl__col_text(s, 0);
                int k = strcmp(kind, "seeker") == 0     ? 0
                        : strcmp(kind, "vacancy") == 0  ? 1
                        : strcmp(kind, "employer") == 0 ? 2
                                                        : -1;
                if (k >= 0 && !push(a, &lists[k], vl__col_text(s, 1)))
                    st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            }
            if (st == VL_OK && rc != VL__DONE)
                st = vl__db_sqlerr(ctx, db, "reading the change log");
            vl__finalize(s);
        }
        c->seekers = lists[0].items;
        c->n_seekers = lists[0].n;
        c->vacancies = lists[1].items;
        c->n_vacancies = lists[1].n;
        c->employers = lists[2].items;
        c->n_employers = lists[2].n;
        c->token = newest;
    }
    vl__db_end_read(db);
    if (st != VL_OK) {
        vl_changes_destroy(c);
        return st;
    }
    *out = c;
    return VL_OK;
}

void vl_changes_destroy(vl_changes *c)
{
    if (!c)
        return;
    vl_arena_destroy(c->owner);
    vl__free(c);
}

vl_status vl_db_changes_prune(vl_ctx *ctx, vl_db *db, size_t keep)
{
    if (!db)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_changes_prune: missing argument");
    vl__stmt *s;
    vl_status st = vl__db_prepare(
        ctx, db, "DELETE FROM changes WHERE seq <= (SELECT MAX(seq) FROM changes) - ?1", &s);
    if (st != VL_OK)
        return st;
    vl__bind_int64(s, 1, (int64_t)keep);
    if (vl__step(s) != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "pruning the change log");
    vl__finalize(s);
    return st;
}
