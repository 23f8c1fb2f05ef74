/*
 * activity-store.c - what the activity report needs from the store beyond the data set and the
 * referrals: job fairs with the invitations of their newest plan, counselling sessions, and the
 * year's targets (`vieclam target set`), read in one snapshot; and writing targets.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

typedef struct act_owner {
    vl_arena *arena;
    vl_fair_held *fairs;
    vl_counselled *counselling;
} act_owner;

void vl_activity_data_destroy(vl_activity_data *d)
{
    if (!d)
        return;
    act_owner *o = d->owner;
    if (o) {
        vl_arena_destroy(o->arena);
        free(o->fairs);
        free(o->counselling);
        free(o);
    }
    free(d);
}

static const char *text_or_null(vl_arena *a, vl__stmt *s, int i, bool *oom)
{
    size_t len = 0;
    const char *t = vl__col_text_len(s, i, &len);
    if (!t)
        return NULL;
    const char *r = vl_arena_strndup(a, t, len);
    if (!r)
        *oom = true;
    return r;
}

/* Runs sql and calls row(s, arg) for each row. */
static vl_status each_row(vl_ctx *ctx, vl_db *db, const char *sql, int year,
                          bool (*row)(vl__stmt *s, void *arg), void *arg)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    if (year)
        vl__bind_int(s, 1, year);
    int rc;
    while ((rc = vl__step(s)) == VL__ROW)
        if (!row(s, arg)) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "loading the activity report's data");
    vl__finalize(s);
    return st;
}

typedef struct loading {
    vl_activity_data *d;
    act_owner *o;
    size_t cap;
} loading;

static bool fair_row(vl__stmt *s, void *arg)
{
    loading *l = arg;
    if (l->d->n_fairs == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        vl_fair_held *f = realloc(l->o->fairs, cap * sizeof *f);
        if (!f)
            return false;
        l->o->fairs = f;
        l->cap = cap;
    }
    bool oom = false;
    vl_fair_held *f = &l->o->fairs[l->d->n_fairs++];
    f->id = text_or_null(l->o->arena, s, 0, &oom);
    f->name = text_or_null(l->o->arena, s, 1, &oom);
    f->date = vl__col_date(s, 2);
    f->area = text_or_null(l->o->arena, s, 3, &oom);
    f->invitations = (size_t)vl__col_int64(s, 4);
    return !oom && f->id;
}

static bool counselling_row(vl__stmt *s, void *arg)
{
    loading *l = arg;
    if (l->d->n_counselling == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        vl_counselled *c = realloc(l->o->counselling, cap * sizeof *c);
        if (!c)
            return false;
        l->o->counselling = c;
        l->cap = cap;
    }
    bool oom = false;
    vl_counselled *c = &l->o->counselling[l->d->n_counselling++];
    c->seeker = text_or_null(l->o->arena, s, 0, &oom);
    c->on = vl__col_date(s, 1);
    return !oom && c->seeker;
}

/* The year's targets of db's provinces (summed: every measure counts people, positions or
 * fairs), or those of the database as a whole without a scope; NULL when out of memory. */
static char *targets_sql(const vl_db *db)
{
    vl_buf b = {0};
    vl_buf_puts(&b, "SELECT measure, SUM(value) FROM targets WHERE year = ? AND province ");
    if (vl__db_scope(db))
        vl_buf_printf(&b, "IN (%s)", vl__db_scope(db));
    else
        vl_buf_puts(&b, "= ''");
    vl_buf_puts(&b, " GROUP BY measure ORDER BY measure");
    return vl_buf_text(&b) ? b.data : (vl_buf_free(&b), NULL);
}

static bool target_row(vl__stmt *s, void *arg)
{
    vl_activity_data *d = ((loading *)arg)->d;
    vl_act_measure m;
    if (vl_act_measure_parse(vl__col_text(s, 0), &m)) { /* a measure a newer vieclam knows */
        d->has_target[m] = true;
        d->target[m] = vl__col_double(s, 1);
    }
    return true;
}

vl_status vl_db_load_activity_data(vl_ctx *ctx, vl_db *db, int target_year, vl_activity_data **out)
{
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_load_activity_data: missing argument");
    *out = NULL;
    vl_activity_data *d = calloc(1, sizeof *d);
    act_owner *o = calloc(1, sizeof *o);
    if (d)
        d->owner = o;
    if (!d || !o || !(o->arena = vl_arena_create())) {
        if (!d)
            free(o);
        vl_activity_data_destroy(d);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    d->target_year = target_year;
    vl_status st = vl__db_begin_read(ctx, db);
    if (st == VL_OK) {
        loading l = {d, o, 0};
        /* the invitations of a fair's newest stored plan; under a load scope the fairs of its
         * provinces (and those of no area), the counselling of its seekers */
        vl_buf fairs = {0}, counsel = {0};
        vl_buf_puts(&fairs,
                    "SELECT f.id, f.name, f.date, a.code, (SELECT COUNT(*) FROM fair_invitations"
                    " i WHERE i.fair_id = f.id AND i.run_id = (SELECT MAX(run_id) FROM"
                    " fair_invitations j WHERE j.fair_id = f.id)) FROM fairs f"
                    " LEFT JOIN areas a ON a.id = f.area_id");
        vl_buf_puts(&counsel, "SELECT seeker, counselled_on FROM counselling");
        if (vl__db_scope(db)) {
            vl_buf_puts(&fairs, " WHERE ");
            vl__scope_area_condition(&fairs, db, "f.", true);
            vl_buf_puts(&counsel, " WHERE seeker IN (SELECT id FROM seekers WHERE ");
            vl__scope_condition(&counsel, db, "");
            vl_buf_puts(&counsel, ")");
        }
        vl_buf_puts(&fairs, " ORDER BY f.id");
        vl_buf_puts(&counsel, " ORDER BY seeker, counselled_on");
        char *targets = target_year ? targets_sql(db) : NULL;
        if (!vl_buf_text(&fairs) || !vl_buf_text(&counsel) || (target_year && !targets))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        if (st == VL_OK)
            st = each_row(ctx, db, fairs.data, 0, fair_row, &l);
        l.cap = 0;
        if (st == VL_OK)
            st = each_row(ctx, db, counsel.data, 0, counselling_row, &l);
        if (st == VL_OK && target_year)
            st = each_row(ctx, db, targets, target_year, target_row, &l);
        vl_buf_free(&fairs);
        vl_buf_free(&counsel);
        vl__free(targets);
        vl__db_end_read(db);
    }
    if (st != VL_OK) {
        vl_activity_data_destroy(d);
        return st;
    }
    d->fairs = o->fairs;
    d->counselling = o->counselling;
    *out = d;
    return VL_OK;
}

vl_status vl_db_targets_get(vl_ctx *ctx, vl_db *db, int year, bool has[VL_ACT_N_MEASURES],
                            double value[VL_ACT_N_MEASURES])
{
    if (!db || !has || !value || year < 1900 || year > 9999)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_targets_get: bad argument");
    vl_activity_data d = {.target_year = year};
    loading l = {&d, NULL, 0};
    char *sql = targets_sql(db);
    vl_status st = sql ? each_row(ctx, db, sql, year, target_row, &l)
                       : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl__free(sql);
    for (int m = 0; m < VL_ACT_N_MEASURES; m++) {
        has[m] = st == VL_OK && d.has_target[m];
        value[m] = has[m] ? d.target[m] : 0;
    }
    return st;
}

/* The province whose targets db writes: its scope's one province, or '' without a scope; a
 * scope of several provinces is VL_ERR_ARG (whose would they be?). */
static vl_status target_province(vl_ctx *ctx, vl_db *db, char province[17])
{
    char second[17];
    if (!vl__scope_one(db, province, second))
        return vl__error(ctx, VL_ERR_ARG,
                         _("targets are set for one province at a time, not for %s and %s "
                           "together"),
                         province, second);
    return VL_OK;
}

vl_status vl_db_target_set(vl_ctx *ctx, vl_db *db, int year, vl_act_measure m, double value)
{
    if (!db || (int)m < 0 || m >= VL_ACT_N_MEASURES)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_target_set: missing argument");
    if (year < 1900 || year > 9999)
        return vl__error(ctx, VL_ERR_ARG, "a target's year must be 1900..9999, not %d", year);
    if (!(value >= 0 && value <= 1e12))
        return vl__error(ctx, VL_ERR_ARG, "a target must be a number from 0 to 1e12");
    char now[21], province[17];
    vl__utc_now(now);
    vl__stmt *s;
    vl_status st = target_province(ctx, db, province);
    if (st != VL_OK || (st = vl__db_begin(ctx, db)) != VL_OK)
        return st;
    st = vl__db_prepare(ctx, db,
                        "INSERT INTO targets(province, year, measure, value, set_at)"
                        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(province, year, measure)"
                        " DO UPDATE SET value = excluded.value, set_at = excluded.set_at",
                        &s);
    if (st == VL_OK) {
        vl__bind_text(s, 1, province, false);
        vl__bind_int(s, 2, year);
        vl__bind_text(s, 3, vl_act_measure_name(m), false);
        vl__bind_double(s, 4, value);
        vl__bind_text(s, 5, now, false);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "setting a target");
        vl__finalize(s);
    }
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    vl__db_rollback(db);
    return st;
}

vl_status vl_db_target_clear(vl_ctx *ctx, vl_db *db, int year, vl_act_measure m)
{
    if (!db || (int)m < 0 || m >= VL_ACT_N_MEASURES)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_target_clear: missing argument");
    char province[17];
    vl__stmt *s;
    vl_status st = target_province(ctx, db, province);
    if (st != VL_OK || (st = vl__db_begin(ctx, db)) != VL_OK)
        return st;
    st = vl__db_prepare(ctx, db,
                        "DELETE FROM targets WHERE province = ? AND year = ? AND measure = ?", &s);
    if (st == VL_OK) {
        vl__bind_text(s, 1, province, false);
        vl__bind_int(s, 2, year);
        vl__bind_text(s, 3, vl_act_measure_name(m), false);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "clearing a target");
        else if (vl__db_changes(db) == 0)
            st = vl__error(ctx, VL_ERR_NOTFOUND, "no target of %s for %d", vl_act_measure_name(m),
                           year);
        vl__finalize(s);
    }
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    vl__db_rollback(db);
    return st;
}
