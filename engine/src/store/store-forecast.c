/*
 * store-forecast.c - the planner's tables: storing hierarchical forecasts, their history and
 * their accuracy under a run id (forecasts, forecast_history, forecast_accuracy), loading runs
 * back as a report plan with labels from the reference tables, and deriving a quarterly
 * history of demand and supply from the vacancies and seekers. Owned by the planner workflow;
 * lives in the store room because it speaks SQL.
 *
 * No personal data leaves here: the derived history counts seekers, it never names them.
 */
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/history.h"
#include "io/json.h"

/* ---- keys as JSON ------------------------------------------------------------------------- */

/* {"area":"288","industry":"C"}: names sorted, empty values left out, as history.keys. */
static char *keys_json(const char *const *names, const char *const *vals, size_t n)
{
    size_t order[8];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 8; i++)
        if (vals[i] && vals[i][0])
            order[k++] = i;
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && strcmp(names[order[j - 1]], names[order[j]]) > 0; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    vl_json *o = vl_json_object();
    if (!o)
        return NULL;
    for (size_t i = 0; i < k; i++)
        if (!vl_json_set_str(o, names[order[i]], vals[order[i]])) {
            vl_json_free(o);
            return NULL;
        }
    char *s = vl_json_dump(o, false);
    vl_json_free(o);
    return s;
}

static void bind_num(vl__stmt *s, int i, double v)
{
    if (isfinite(v))
        vl__bind_double(s, i, v);
    else
        vl__bind_null(s, i);
}

/* ---- storing ------------------------------------------------------------------------------ */

/* Prepares the n statements in order; on failure the rest stay NULL (finalize_all frees them). */
static vl_status prepare_all(vl_ctx *ctx, vl_db *db, const char *const *sql, vl__stmt **out,
                             size_t n)
{
    vl_status st = VL_OK;
    for (size_t i = 0; i < n; i++) {
        out[i] = NULL;
        if (st == VL_OK)
            st = vl__db_prepare(ctx, db, sql[i], &out[i]);
    }
    return st;
}

static void finalize_all(vl__stmt **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vl__finalize(s[i]);
}

static vl_status step_done(vl_ctx *ctx, vl_db *db, vl__stmt *s, const char *what)
{
    int rc = vl__step(s);
    vl__reset(s);
    vl__clear_bindings(s);
    return rc == VL__DONE ? VL_OK : vl__db_sqlerr(ctx, db, what);
}

vl_status vl_db_store_hier(vl_ctx *ctx, vl_db *db, int64_t run_id, const char *kind,
                           const vl_hier *h)
{
    if (!db || !h || run_id <= 0 || !kind || !*kind)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_store_hier: missing argument");
    size_t nlev = vl_hier_n_levels(h), hz = vl_hier_horizon(h), nk = vl_hier_n_keys(h);
    /* the 80% and 95% bounds have their own columns (reports); every level goes to
     * forecast_intervals */
    size_t l80 = SIZE_MAX, l95 = SIZE_MAX;
    for (size_t l = 0; l < nlev; l++) {
        if (vl_hier_level(h, l) == 80)
            l80 = l;
        if (vl_hier_level(h, l) == 95)
            l95 = l;
    }
    const char *names[VL_HIER_MAX_KEYS];
    for (size_t k = 0; k < nk; k++)
        names[k] = vl_hier_key_name(h, k);
    const char *method = vl_reconcile_name(vl_hier_method(h));

    vl_status st = vl__db_begin(ctx, db);
    if (st != VL_OK)
        return st;
    static const char *const sql[4] = {
        "INSERT INTO forecasts(run_id, series, level, keys, period, model, mean,"
        " lo80, hi80, lo95, hi95, model_mean) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(run_id, series, keys, model, period) DO UPDATE SET level = excluded.level,"
        " mean = excluded.mean, lo80 = excluded.lo80, hi80 = excluded.hi80,"
        " lo95 = excluded.lo95, hi95 = excluded.hi95, model_mean = excluded.model_mean",
        "INSERT INTO forecast_history(run_id, series, keys, period, pidx, value)"
        " VALUES (?,?,?,?,?,?) ON CONFLICT(run_id, series, keys, period) DO UPDATE SET"
        " pidx = excluded.pidx, value = excluded.value",
        "INSERT INTO forecast_accuracy(run_id, series, keys, model, metric, horizon,"
        " value) VALUES (?,?,?,?,?,0,?) ON CONFLICT(run_id, series, keys, model, metric,"
        " horizon) DO UPDATE SET value = excluded.value",
        "INSERT INTO forecast_intervals(run_id, series, keys, period, level, lo, hi)"
        " VALUES (?,?,?,?,?,?,?) ON CONFLICT(run_id, series, keys, period, level) DO UPDATE SET"
        " lo = excluded.lo, hi = excluded.hi",
    };
    vl__stmt *q[4];
    st = prepare_all(ctx, db, sql, q, 4);
    vl__stmt *fs = q[0], *hs = q[1], *as = q[2], *is = q[3];
    for (size_t i = 0; i < vl_hier_count(h) && st == VL_OK; i++) {
        vl_hier_node nd;
        vl_hier_get(h, i, &nd);
        char *keys = keys_json(names, nd.keys, nk);
        if (!keys) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        for (size_t k = 0; k < hz && st == VL_OK; k++) {
            char pbuf[16];
            vl_period_format(vl_hier_period(h, k), pbuf, sizeof pbuf);
            vl__bind_int64(fs, 1, run_id);
            vl__bind_text(fs, 2, kind, false);
            vl__bind_text(fs, 3, nd.level, false);
            vl__bind_text(fs, 4, keys, false);
            vl__bind_text(fs, 5, pbuf, false);
            vl__bind_text(fs, 6, nd.model ? nd.model : "", false);
            vl__bind_double(fs, 7, nd.mean[k]);
            bind_num(fs, 8, l80 != SIZE_MAX ? nd.lo[l80 * hz + k] : (double)NAN);
            bind_num(fs, 9, l80 != SIZE_MAX ? nd.hi[l80 * hz + k] : (double)NAN);
            bind_num(fs, 10, l95 != SIZE_MAX ? nd.lo[l95 * hz + k] : (double)NAN);
            bind_num(fs, 11, l95 != SIZE_MAX ? nd.hi[l95 * hz + k] : (double)NAN);
            bind_num(fs, 12, nd.model_mean ? nd.model_mean[k] : (double)NAN);
            st = step_done(ctx, db, fs, "storing forecasts");
            /* every level asked for, 80 and 95 included (the columns above are for reports) */
            for (size_t l = 0; l < nlev && st == VL_OK; l++) {
                vl__bind_int64(is, 1, run_id);
                vl__bind_text(is, 2, kind, false);
                vl__bind_text(is, 3, keys, false);
                vl__bind_text(is, 4, pbuf, false);
                vl__bind_double(is, 5, vl_hier_level(h, l));
                vl__bind_double(is, 6, nd.lo[l * hz + k]);
                vl__bind_double(is, 7, nd.hi[l * hz + k]);
                st = step_done(ctx, db, is, "storing forecast intervals");
            }
        }
        for (size_t t = 0; t < nd.n_history && st == VL_OK; t++) {
            char pbuf[16];
            vl_period p = vl_period_from_index(nd.first.freq, vl_period_index(nd.first) + (long)t);
            vl_period_format(p, pbuf, sizeof pbuf);
            vl__bind_int64(hs, 1, run_id);
            vl__bind_text(hs, 2, kind, false);
            vl__bind_text(hs, 3, keys, false);
            vl__bind_text(hs, 4, pbuf, false);
            vl__bind_int64(hs, 5, vl_period_index(p));
            vl__bind_double(hs, 6, nd.history[t]);
            st = step_done(ctx, db, hs, "storing forecast history");
        }
        for (int which = 0; which < 2 && st == VL_OK && nd.accuracy; which++) {
            const vl_forecast_metrics *m = which ? nd.accuracy : nd.base_accuracy;
            const struct {
                const char *name;
                double v;
            } met[] = {
                {"MASE", m->mase},
                {"sMAPE", m->smape},
                {"RMSSE", m->rmsse},
                {"coverage80", l80 != SIZE_MAX ? m->coverage[l80] : (double)NAN},
                {"coverage95", l95 != SIZE_MAX ? m->coverage[l95] : (double)NAN},
            };
            for (size_t j = 0; j < VL_ARRAY_LEN(met) && st == VL_OK; j++) {
                vl__bind_int64(as, 1, run_id);
                vl__bind_text(as, 2, kind, false);
                vl__bind_text(as, 3, keys, false);
                vl__bind_text(as, 4, which ? method : "base", false);
                vl__bind_text(as, 5, met[j].name, false);
                bind_num(as, 6, met[j].v);
                st = step_done(ctx, db, as, "storing forecast accuracy");
            }
        }
        vl__free(keys);
    }
    finalize_all(q, 4);
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    vl__db_rollback(db);
    return st;
}

/* vl__db_scalar_arg over sql with its "%s" replaced by db's scope text (vl__scope_text:
 * letters, digits and commas, safe inside the quotes around it). */
static vl_status scoped_scalar(vl_ctx *ctx, vl_db *db, const char *sql, const int64_t *arg,
                               const char *what, int64_t *out)
{
    *out = 0;
    vl_buf b = {0};
    vl_buf_printf(&b, sql, vl__scope_text(db), vl__scope_text(db));
    vl_status st = b.failed ? vl__error(ctx, VL_ERR_NOMEM, "out of memory")
                            : vl__db_scalar_arg(ctx, db, b.data, arg, what, out);
    vl_buf_free(&b);
    return st;
}

vl_status vl_db_latest_run(vl_ctx *ctx, vl_db *db, const char *what, int64_t *out)
{
    *out = 0;
    if (!db || !what || (strcmp(what, "forecast") != 0 && strcmp(what, "balance") != 0))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_latest_run: ask for \"forecast\" or \"balance\"");
    /* a balance run stores "demand" and "supply" by occupation; anything else is a forecast;
     * the runs of the connection's own scope (schema step 22) */
    const char *sql = strcmp(what, "balance") == 0
                          ? "SELECT MAX(f.run_id) FROM forecasts f JOIN runs r ON r.id = f.run_id"
                            " WHERE r.status = 'ok' AND r.scope = '%s' AND f.series = 'supply'"
                          : "SELECT MAX(f.run_id) FROM forecasts f JOIN runs r ON r.id = f.run_id"
                            " WHERE r.status = 'ok' AND r.scope = '%s'"
                            " AND f.series NOT IN ('demand', 'supply')";
    return scoped_scalar(ctx, db, sql, NULL, "finding the latest run", out);
}

vl_status vl_db_balance_for_run(vl_ctx *ctx, vl_db *db, int64_t forecast_run, int64_t *out)
{
    *out = 0;
    if (!db || forecast_run < 1)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_balance_for_run: a run id is needed");
    /* the series that tell the kinds apart are vl_db_latest_run's */
    static const char sql[] =
        "SELECT MAX(f.run_id) FROM forecasts f JOIN runs r ON r.id = f.run_id"
        " WHERE r.status = 'ok' AND r.scope = '%s' AND f.series = 'supply' AND f.run_id <"
        " COALESCE((SELECT MIN(g.run_id) FROM forecasts g JOIN runs q ON q.id = g.run_id"
        " WHERE q.status = 'ok' AND q.scope = '%s' AND g.series NOT IN ('demand', 'supply')"
        " AND g.run_id > ?1), 9223372036854775807)";
    return scoped_scalar(ctx, db, sql, &forecast_run, "finding the run's balance", out);
}

/* ---- the planner's judgement ----------------------------------------------------------------- */

struct vl_judgements {
    vl_arena *arena;
    vl_judgement *j;
    size_t n, cap;
    bool *whole;               /* n: left out by the last vl_judgements_apply for naming no
                                  area under a scope of several provinces */
    vl_hier_judgement *fixes;  /* n */
    vl_hier_judgement *events; /* n */
    bool several;              /* loaded under a scope of several provinces */
};

/* Parses a keys object: every value a non-empty string. */
static vl_status check_keys(vl_ctx *ctx, const char *keys)
{
    vl_json *o = NULL;
    vl_status st = keys ? vl_json_parse(ctx, keys, &o) : VL_ERR_INVALID;
    if (st == VL_ERR_NOMEM)
        return st;
    if (st != VL_OK || !vl_json_is_object(o)) {
        vl_json_free(o);
        return vl__error(ctx, VL_ERR_INVALID,
                         "keys must be a JSON object of key values, e.g. {\"area\":\"288\"}");
    }
    st = VL_OK;
    for (size_t k = 0; k < vl_json_size(o) && st == VL_OK; k++) {
        const char *name;
        const vl_json *v;
        if (!vl_json_member(o, k, &name, &v) || !vl_json_str(v) || !*vl_json_str(v))
            st = vl__error(ctx, VL_ERR_INVALID, "keys: the value of '%s' is not a code",
                           name ? name : "");
    }
    vl_json_free(o);
    return st;
}

vl_status vl_db_judgement_add(vl_ctx *ctx, vl_db *db, const vl_judgement *j, int64_t *id)
{
    if (id)
        *id = 0;
    if (!db || !j)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_judgement_add: missing argument");
    if (!j->reason || !*j->reason)
        return vl__error(ctx, VL_ERR_INVALID, "a reason is required");
    if (!j->created_by || !*j->created_by)
        return vl__error(ctx, VL_ERR_INVALID, "who made it is required");
    if (!isfinite(j->value))
        return vl__error(ctx, VL_ERR_INVALID, "the value is not a number");
    if (j->scenario && (!j->name || !*j->name))
        return vl__error(ctx, VL_ERR_INVALID, "a scenario needs a name");
    if (!j->from.freq || (!j->scenario && j->to.freq != j->from.freq))
        return vl__error(ctx, VL_ERR_INVALID, "the periods are missing or of two frequencies");
    if (!j->scenario && vl_period_index(j->to) < vl_period_index(j->from))
        return vl__error(ctx, VL_ERR_INVALID, "the last period is before the first");
    if (!j->scenario && j->percent && !(j->value > -100))
        return vl__error(ctx, VL_ERR_INVALID, "a percentage change must be above -100");
    vl_status st = check_keys(ctx, j->keys);
    if (st != VL_OK)
        return st;
    char now[21], from[16], to[16];
    vl__utc_now(now);
    vl_period_format(j->from, from, sizeof from);
    if (!j->scenario)
        vl_period_format(j->to, to, sizeof to);
    const char *sql = j->scenario
                          ? "INSERT INTO forecast_scenarios(name, series, keys, period_from,"
                            " positions, reason, created_by, created_at, province)"
                            " VALUES (?,?,?,?,?,?,?,?,?) RETURNING id"
                          : "INSERT INTO forecast_adjustments(series, keys, period_from,"
                            " period_to, percent, value, reason, created_by, created_at,"
                            " province) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id";
    /* whose judgement it is: the load scope's province (schema step 22) */
    char province[17], second[17];
    if (!vl__scope_one(db, province, second))
        return vl__error(ctx, VL_ERR_ARG,
                         _("a planner's adjustments and scenarios are made for one province at a "
                           "time, not for %s and %s together"),
                         province, second);
    vl__stmt *s;
    if ((st = vl__db_prepare(ctx, db, sql, &s)) != VL_OK)
        return st;
    int i = 1;
    if (j->scenario)
        vl__bind_text(s, i++, j->name, false);
    vl__bind_text(s, i++, j->series ? j->series : "", false);
    vl__bind_text(s, i++, j->keys, false);
    vl__bind_text(s, i++, from, false);
    if (!j->scenario) {
        vl__bind_text(s, i++, to, false);
        vl__bind_int(s, i++, j->percent ? 1 : 0);
    }
    vl__bind_double(s, i++, j->value);
    vl__bind_text(s, i++, j->reason, false);
    vl__bind_text(s, i++, j->created_by, false);
    vl__bind_text(s, i++, j->created_at ? j->created_at : now, false);
    vl__bind_text(s, i++, province, false);
    if (vl__step(s) == VL__ROW) {
        if (id)
            *id = vl__col_int64(s, 0);
    } else {
        st = vl__db_sqlerr(ctx, db, "storing the judgement");
    }
    vl__finalize(s);
    return st;
}

/* "The judgement is the connection's scope's": its provinces' (any of them), or the whole
 * database's ('') without a scope. */
static void judgement_scope(vl_buf *b, const vl_db *db)
{
    if (vl__db_scope(db))
        vl_buf_printf(b, "province IN (%s)", vl__db_scope(db));
    else
        vl_buf_puts(b, "province = ''");
}

vl_status vl_db_judgement_withdraw(vl_ctx *ctx, vl_db *db, bool scenario, int64_t id,
                                   const char *who)
{
    if (!db || !who || !*who)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_judgement_withdraw: missing argument");
    char now[21];
    vl__utc_now(now);
    /* only the scope's own (schema step 22) */
    vl_buf sql = {0};
    vl_buf_printf(&sql,
                  "UPDATE %s SET withdrawn_by = ?, withdrawn_at = ? WHERE id = ?"
                  " AND withdrawn_at IS NULL AND ",
                  scenario ? "forecast_scenarios" : "forecast_adjustments");
    judgement_scope(&sql, db);
    vl__stmt *s;
    vl_status st = sql.failed ? vl__error(ctx, VL_ERR_NOMEM, "out of memory")
                              : vl__db_prepare(ctx, db, sql.data, &s);
    vl_buf_free(&sql);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, who, false);
    vl__bind_text(s, 2, now, false);
    vl__bind_int64(s, 3, id);
    if (vl__step(s) != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "withdrawing the judgement");
    vl__finalize(s);
    if (st == VL_OK && vl__db_changes(db) == 0)
        st = scenario ? vl__error(ctx, VL_ERR_NOTFOUND, "no active scenario %lld", (long long)id)
                      : vl__error(ctx, VL_ERR_NOTFOUND, "no active adjustment %lld", (long long)id);
    return st;
}

void vl_judgements_destroy(vl_judgements *js)
{
    if (!js)
        return;
    vl_arena_destroy(js->arena);
    vl__free(js->j);
    vl__free(js);
}

size_t vl_judgements_count(const vl_judgements *js)
{
    return js ? js->n : 0;
}

const vl_judgement *vl_judgements_get(const vl_judgements *js, size_t i)
{
    return js && i < js->n ? &js->j[i] : NULL;
}

static const char *arena_text(vl_arena *a, vl__stmt *s, int col, bool *oom)
{
    if (vl__col_null(s, col))
        return NULL;
    const char *t = vl_arena_strdup(a, vl__col_text(s, col));
    if (!t)
        *oom = true;
    return t;
}

vl_status vl_db_load_judgements(vl_ctx *ctx, vl_db *db, bool active_only, vl_judgements **out)
{
    *out = NULL;
    if (!db)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_load_judgements: no database");
    vl_judgements *js = vl__calloc(1, sizeof *js);
    if (!js || !(js->arena = vl_arena_create())) {
        vl__free(js);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    /* the scope's own (schema step 22) */
    static const char *const sql[2] = {
        "SELECT id, '', series, keys, period_from, period_to, percent, value, reason,"
        " created_by, created_at, withdrawn_by, withdrawn_at FROM forecast_adjustments WHERE ",
        "SELECT id, name, series, keys, period_from, '', 0, positions, reason, created_by,"
        " created_at, withdrawn_by, withdrawn_at FROM forecast_scenarios WHERE "};
    js->several = strchr(vl__scope_text(db), ',') != NULL;
    vl_status st = VL_OK;
    for (int kind = 0; kind < 2 && st == VL_OK; kind++) {
        vl_buf q = {0};
        vl_buf_puts(&q, sql[kind]);
        judgement_scope(&q, db);
        vl_buf_puts(&q, active_only ? " AND withdrawn_at IS NULL ORDER BY id" : " ORDER BY id");
        vl__stmt *s;
        st = q.failed ? vl__error(ctx, VL_ERR_NOMEM, "out of memory")
                      : vl__db_prepare(ctx, db, q.data, &s);
        vl_buf_free(&q);
        if (st != VL_OK)
            break;
        int rc;
        bool oom = false;
        while ((rc = vl__step(s)) == VL__ROW && !oom) {
            if (js->n == js->cap) {
                size_t cap = js->cap ? 2 * js->cap : 16;
                vl_judgement *g = vl__realloc(js->j, cap * sizeof *g);
                if (!g) {
                    oom = true;
                    break;
                }
                js->j = g;
                js->cap = cap;
            }
            vl_judgement *j = &js->j[js->n++];
            memset(j, 0, sizeof *j);
            j->id = vl__col_int64(s, 0);
            j->scenario = kind == 1;
            j->name = arena_text(js->arena, s, 1, &oom);
            j->series = arena_text(js->arena, s, 2, &oom);
            j->keys = arena_text(js->arena, s, 3, &oom);
            vl_period_parse(vl__col_text(s, 4), &j->from);
            if (kind == 0)
                vl_period_parse(vl__col_text(s, 5), &j->to);
            j->percent = vl__col_int(s, 6) != 0;
            j->value = vl__col_double(s, 7);
            j->reason = arena_text(js->arena, s, 8, &oom);
            j->created_by = arena_text(js->arena, s, 9, &oom);
            j->created_at = arena_text(js->arena, s, 10, &oom);
            j->withdrawn_by = arena_text(js->arena, s, 11, &oom);
            j->withdrawn_at = arena_text(js->arena, s, 12, &oom);
        }
        if (oom)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        else if (rc != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "loading the judgements");
        vl__finalize(s);
    }
    if (st == VL_OK) {
        size_t n = js->n ? js->n : 1;
        js->whole = vl_arena_alloc(js->arena, n * sizeof *js->whole);
        js->fixes = vl_arena_alloc(js->arena, n * sizeof *js->fixes);
        js->events = vl_arena_alloc(js->arena, n * sizeof *js->events);
        if (!js->whole || !js->fixes || !js->events)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st != VL_OK) {
        vl_judgements_destroy(js);
        return st;
    }
    *out = js;
    return VL_OK;
}

/* The id a judgement goes by in a hierarchy's options and results: A12, S3. */
static void judgement_hid(char *buf, size_t size, const vl_judgement *j)
{
    snprintf(buf, size, "%s%lld", j->scenario ? "S" : "A", (long long)j->id);
}

/* The judgement of js that an id of vl_hier_judged names (the ids vl_judgements_apply gives:
 * A12 for adjustment 12, S3 for scenario 3); NULL when none. */
static const vl_judgement *judgement_find(const vl_judgements *js, const char *id)
{
    char buf[32];
    for (size_t i = 0; js && id && i < js->n; i++) {
        judgement_hid(buf, sizeof buf, &js->j[i]);
        if (strcmp(buf, id) == 0)
            return &js->j[i];
    }
    return NULL;
}

vl_status vl_judgements_apply(vl_ctx *ctx, vl_judgements *js, const char *series,
                              vl_hier_options *opt, size_t *left_out)
{
    size_t skipped = 0, nf = 0, ne = 0;
    for (size_t i = 0; js && i < js->n; i++) {
        const vl_judgement *j = &js->j[i];
        js->whole[i] = false;
        if (j->withdrawn_at)
            continue;
        if (j->series && *j->series && (!series || strcmp(series, j->series) != 0)) {
            skipped++;
            continue;
        }
        vl_hier_judgement hj = {
            .from = j->from, .to = j->to, .value = j->value, .percent = j->percent, .id = NULL};
        char idbuf[32];
        judgement_hid(idbuf, sizeof idbuf, j);
        hj.id = vl_arena_strdup(js->arena, idbuf);
        if (!hj.id)
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        vl_json *o = NULL;
        vl_status js_st = vl_json_parse(ctx, j->keys, &o);
        if (js_st == VL_ERR_NOMEM) /* not a judgement that does not fit */
            return js_st;
        bool fits = js_st == VL_OK;
        /* under a scope of several provinces a judgement is one province's: it fits only a
         * series of that province's areas, never the total or a group of them all */
        bool area = !js->several;
        vl_ctx_clear_error(ctx);
        for (size_t k = 0; fits && k < vl_json_size(o); k++) {
            const char *name;
            const vl_json *v;
            vl_json_member(o, k, &name, &v);
            area = area || strcmp(name, "area") == 0;
            size_t b = 0;
            while (b < opt->n_by && strcmp(opt->by[b], name) != 0)
                b++;
            fits = b < opt->n_by && vl_json_str(v);
            if (fits && !(hj.keys[b] = vl_arena_strdup(js->arena, vl_json_str(v)))) {
                vl_json_free(o);
                return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            }
        }
        vl_json_free(o);
        if (!fits || !area) {
            js->whole[i] = fits;
            skipped++;
            continue;
        }
        if (j->scenario)
            js->events[ne++] = hj;
        else
            js->fixes[nf++] = hj;
    }
    opt->fixes = nf ? js->fixes : NULL;
    opt->n_fixes = nf;
    opt->events = ne ? js->events : NULL;
    opt->n_events = ne;
    if (left_out)
        *left_out = skipped;
    return VL_OK;
}

vl_status vl_db_history_fit(vl_ctx *ctx, vl_db *db, const char *keys, vl_history_fit *fit)
{
    *fit = VL_FIT_OTHER_KEYS;
    if (!db || !keys)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_history_fit: missing argument");
    vl_json *want = NULL;
    vl_status st = check_keys(ctx, keys);
    if (st == VL_OK)
        st = vl_json_parse(ctx, keys, &want);
    vl_list *sets = NULL;
    if (st == VL_OK)
        st = vl_db_history_keys(ctx, db, &sets);
    for (size_t i = 0; st == VL_OK && i < vl_list_rows(sets); i++) {
        vl_json *have = NULL;
        st = vl_json_parse(ctx, vl_list_value(sets, i, 0), &have);
        if (st == VL_ERR_NOMEM)
            break;
        if (st != VL_OK) { /* a key set no import writes: not one that fits */
            vl_ctx_clear_error(ctx);
            st = VL_OK;
            continue;
        }
        bool names = true, values = true;
        for (size_t k = 0; k < vl_json_size(want); k++) {
            const char *name;
            const vl_json *v;
            vl_json_member(want, k, &name, &v);
            const char *got = vl_json_str(vl_json_get(have, name));
            names = names && got && *got;
            values = values && got && strcmp(got, vl_json_str(v)) == 0;
        }
        vl_json_free(have);
        if (values) {
            *fit = VL_FIT_SERIES;
            break;
        }
        if (names)
            *fit = VL_FIT_NO_SERIES;
    }
    vl_list_destroy(sets);
    vl_json_free(want);
    return st;
}

size_t vl_judgements_left_out(const vl_judgements *js, const vl_hier *h, vl_judgement_left_fn fn,
                              void *ud)
{
    size_t left = 0;
    for (size_t i = 0; i < vl_hier_judged_count(h); i++) {
        vl_hier_judged d;
        vl_hier_judged_get(h, i, &d);
        const vl_judgement *j = judgement_find(js, d.id);
        if (d.status == VL_JUDGED_APPLIED || !j)
            continue;
        fn(ud, j, d.status == VL_JUDGED_NO_SERIES ? "no_series" : "outside_horizon");
        left++;
    }
    for (size_t i = 0; js && i < js->n; i++)
        if (js->whole[i]) {
            fn(ud, &js->j[i], "several_provinces");
            left++;
        }
    return left;
}

vl_status vl_db_store_judged(vl_ctx *ctx, vl_db *db, int64_t run_id, const char *kind,
                             const vl_judgements *js, const vl_hier *h)
{
    if (!db || !kind || run_id <= 0 || !h)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_store_judged: missing argument");
    vl__stmt *s = NULL;
    vl_status st = vl__db_prepare(ctx, db,
                                  "INSERT INTO forecast_judgements(run_id, kind, judgement_id,"
                                  " series) VALUES (?,?,?,?) ON CONFLICT(run_id, kind,"
                                  " judgement_id, series) DO NOTHING",
                                  &s);
    for (size_t i = 0; i < vl_hier_judged_count(h) && st == VL_OK; i++) {
        vl_hier_judged d;
        vl_hier_judged_get(h, i, &d);
        const vl_judgement *j = judgement_find(js, d.id);
        if (!j || d.status != VL_JUDGED_APPLIED)
            continue;
        vl__bind_int64(s, 1, run_id);
        vl__bind_text(s, 2, j->scenario ? "scenario" : "adjustment", false);
        vl__bind_int64(s, 3, j->id);
        vl__bind_text(s, 4, kind, false);
        st = step_done(ctx, db, s, "storing the run's judgements");
    }
    vl__finalize(s);
    return st;
}

/* ---- deriving a history from the records --------------------------------------------------- */

vl_status vl_db_derive_history(vl_ctx *ctx, vl_db *db, vl_history **out)
{
    *out = NULL;
    if (!db)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_derive_history: no database");
    static const char *const names[] = {"measure", "occupation", "area"};
    /*
     * Quarter of an ISO date: (month - 1) / 3 + 1. Dates are checked on import, so the text
     * slices are safe; a row with no date is left out.
     */
    static const struct {
        const char *measure;
        const char *sql;
        const char *scoped; /* under a load scope: the alias of the records kept to it */
    } parts[] = {
        {"demand",
         "SELECT substr(v.occupation, 1, 1), COALESCE(a.code, ''),"
         " CAST(substr(v.posted, 1, 4) AS INTEGER),"
         " (CAST(substr(v.posted, 6, 2) AS INTEGER) - 1) / 3 + 1,"
         " SUM(COALESCE(v.positions, 1))"
         " FROM vacancies v LEFT JOIN areas a ON a.id = v.area_id"
         " WHERE v.posted IS NOT NULL AND length(v.posted) >= 7"
         " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
         "v."},
        {"supply",
         "SELECT substr(o.occupation, 1, 1), COALESCE(a.code, ''),"
         " CAST(substr(s.registered, 1, 4) AS INTEGER),"
         " (CAST(substr(s.registered, 6, 2) AS INTEGER) - 1) / 3 + 1, COUNT(*)"
         " FROM seekers s JOIN seeker_occupations o"
         " ON o.seeker_id = s.id AND o.rank = 1 LEFT JOIN areas a ON a.id = s.area_id"
         " WHERE s.registered IS NOT NULL AND length(s.registered) >= 7"
         " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
         "s."},
        /* the centre's own work, in the vacancy's group and district: referrals by the quarter
         * they were made, placements (current hires, as the activity report counts them) by
         * the quarter the hire was decided */
        {"referrals",
         "SELECT substr(v.occupation, 1, 1), COALESCE(a.code, ''),"
         " CAST(substr(r.referred_on, 1, 4) AS INTEGER),"
         " (CAST(substr(r.referred_on, 6, 2) AS INTEGER) - 1) / 3 + 1, COUNT(*)"
         " FROM referrals r JOIN vacancies v ON v.id = r.vacancy"
         " LEFT JOIN areas a ON a.id = v.area_id WHERE length(r.referred_on) >= 7"
         " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
         "r."},
        {"placements",
         "SELECT substr(v.occupation, 1, 1), COALESCE(a.code, ''),"
         " CAST(substr(r.outcome_on, 1, 4) AS INTEGER),"
         " (CAST(substr(r.outcome_on, 6, 2) AS INTEGER) - 1) / 3 + 1, COUNT(*)"
         " FROM referrals r JOIN vacancies v ON v.id = r.vacancy"
         " LEFT JOIN areas a ON a.id = v.area_id"
         " WHERE r.outcome = 'hired' AND r.outcome_on IS NOT NULL"
         " AND length(r.outcome_on) >= 7"
         " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
         "r."},
    };
    vl_history_builder *b = vl__hb_create(names, 3);
    if (!b)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_status st = VL_OK;
    size_t rows = 0;
    /* each measure's last quarter and the keys of one of its rows there */
    struct {
        long last;
        char occupation[8], area[32];
    } end[VL_ARRAY_LEN(parts)];
    long last = -1;
    for (size_t p = 0; p < VL_ARRAY_LEN(parts) && st == VL_OK; p++) {
        end[p].last = -1;
        /* a province's server derives its provinces' history: the vacancies and seekers of
         * the scope (and those with no area, open to every province), the referrals of its
         * seekers or to its vacancies, as the activity report counts them */
        vl_buf sql = {0};
        const char *group = strstr(parts[p].sql, " GROUP BY");
        if (!vl__db_scope(db)) {
            vl_buf_puts(&sql, parts[p].sql);
        } else {
            vl_buf_printf(&sql, "%.*s AND ", (int)(group - parts[p].sql), parts[p].sql);
            if (parts[p].scoped[0] == 'r')
                vl__scope_referral_condition(&sql, db, parts[p].scoped);
            else
                vl__scope_condition(&sql, db, parts[p].scoped);
            vl_buf_puts(&sql, group);
        }
        vl__stmt *s;
        st = sql.failed ? vl__error(ctx, VL_ERR_NOMEM, "out of memory")
                        : vl__db_prepare(ctx, db, sql.data, &s);
        vl_buf_free(&sql);
        if (st != VL_OK)
            break;
        int rc;
        while ((rc = vl__step(s)) == VL__ROW) {
            const char *keys[] = {parts[p].measure, vl__col_text(s, 0), vl__col_text(s, 1)};
            vl_period per = {.freq = 4, .year = vl__col_int(s, 2), .sub = vl__col_int(s, 3)};
            if (per.sub < 1 || per.sub > 4 || !keys[1][0])
                continue;
            if (!vl__hb_add(b, parts[p].measure, per, vl__col_double(s, 4), keys, 0)) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            rows++;
            long at = vl_period_index(per);
            if (at > end[p].last && strlen(keys[1]) < sizeof end[p].occupation &&
                strlen(keys[2]) < sizeof end[p].area) {
                end[p].last = at;
                strcpy(end[p].occupation, keys[1]);
                strcpy(end[p].area, keys[2]);
            }
            if (p < 2) /* demand and supply */
                last = at > last ? at : last;
        }
        if (st == VL_OK && rc != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "deriving the history");
        vl__finalize(s);
    }
    if (st == VL_OK && rows == 0)
        st = vl__error(ctx, VL_ERR_INVALID,
                       "no dated vacancies or seekers to derive a history from");
    /* demand and supply run to the same last quarter, the later of their two: a quarter in
     * which no vacancy was posted (or no seeker registered) counted none, and the labour
     * balance compares the two over the same quarters (a province's records seldom end in the
     * same quarter on both sides) */
    for (size_t p = 0; p < 2 && st == VL_OK; p++) {
        if (end[p].last < 0 || end[p].last == last)
            continue;
        const char *keys[] = {parts[p].measure, end[p].occupation, end[p].area};
        if (!vl__hb_add(b, parts[p].measure, vl_period_from_index(4, last), 0, keys, 0))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK && vl__hb_check(ctx, b, NULL) != 0)
        st = vl__error(ctx, VL_ERR_INTERNAL, "derived history is inconsistent");
    if (st != VL_OK) {
        vl__hb_destroy(b);
        return st;
    }
    *out = vl__hb_finish(b);
    if (*out)
        (*out)->counted = true;
    return *out ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
}

/* ---- loading runs for a report ------------------------------------------------------------- */

/* The reference title of a key value in one language into *out, NULL when it has none. A failed
 * read is an error, never a label without its name. */
static vl_status key_title(vl_ctx *ctx, vl_db *db, vl_arena *a, const char *key, const char *value,
                           bool en, const char **out)
{
    *out = NULL;
    const char *sql = NULL;
    if (strcmp(key, "area") == 0)
        /* a code reused across the 2025 reform: the current area's name */
        sql = "SELECT name FROM areas WHERE code = ?1"
              " ORDER BY COALESCE(valid_to, '9999-12-31') DESC, id DESC";
    else if (strcmp(key, "industry") == 0)
        sql = en ? "SELECT title_en FROM industries WHERE code = ?1 ORDER BY version DESC"
                 : "SELECT title_vi FROM industries WHERE code = ?1 ORDER BY version DESC";
    else if (strcmp(key, "occupation") == 0)
        sql = en ? "SELECT title_en FROM occupations WHERE code = ?1 AND"
                   " classification = 'ISCO-08'"
                 : "SELECT COALESCE(v.title_vi, i.title_vi) FROM occupations i LEFT JOIN"
                   " occupations v ON v.classification = 'VSCO-2020' AND v.code = i.code"
                   " WHERE i.code = ?1 AND i.classification = 'ISCO-08'";
    if (!sql)
        return VL_OK;
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, value, false);
    int rc = vl__step(s);
    if (rc == VL__ROW && !vl__col_null(s, 0) && *vl__col_text(s, 0) &&
        !(*out = vl_arena_strdup(a, vl__col_text(s, 0))))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    else if (rc != VL__ROW && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "loading forecasts");
    vl__finalize(s);
    return st;
}

static vl_status make_label(vl_ctx *ctx, vl_db *db, vl_arena *a, const vl_plan_series_info *ps,
                            bool en, const char **label)
{
    vl_buf b = {0};
    for (size_t k = 0; k < ps->n_keys; k++) {
        const char *name = ps->key_names[k], *val = ps->key_values[k];
        if (strcmp(name, "measure") == 0)
            continue; /* the report names demand and supply itself */
        const char *title;
        vl_status st = key_title(ctx, db, a, name, val, en, &title);
        if (st != VL_OK) {
            vl_buf_free(&b);
            return st;
        }
        if (b.len)
            vl_buf_puts(&b, " · ");
        if (title)
            vl_buf_printf(&b, "%s %s", val, title);
        else
            vl_buf_printf(&b, "%s %s", name, val);
    }
    /* no keys: the total; a label cut short is no label */
    *label = b.failed ? NULL : vl_arena_strdup(a, b.data ? b.data : (en ? "Total" : "Tổng"));
    vl_buf_free(&b);
    return *label ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
}

static double *nan_array(vl_arena *a, size_t n)
{
    double *v = vl_arena_alloc(a, (n ? n : 1) * sizeof *v);
    for (size_t i = 0; v && i < n; i++)
        v[i] = NAN;
    return v;
}

/* Reads a series' forecasts, history and accuracy into ps (arrays in a); sets *method from the
 * first reconciled accuracy row when it is still "". */
static vl_status load_series(vl_ctx *ctx, vl_db *db, vl_arena *a, vl__stmt *const qs[4],
                             int64_t run_id, vl_plan_series_info *ps, const char **method)
{
    vl__stmt *fq = qs[0], *hq = qs[1], *aq = qs[2], *iq = qs[3];
    double *mean = nan_array(a, ps->h), *lo80 = nan_array(a, ps->h), *hi80 = nan_array(a, ps->h),
           *lo95 = nan_array(a, ps->h), *hi95 = nan_array(a, ps->h), *mm = nan_array(a, ps->h);
    bool judged = false;
    if (!mean || !lo80 || !hi80 || !lo95 || !hi95 || !mm)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    ps->mean = mean;
    ps->lo80 = lo80;
    ps->hi80 = hi80;
    ps->lo95 = lo95;
    ps->hi95 = hi95;
    for (size_t q = 0; q < 4; q++) {
        vl__reset(qs[q]);
        vl__bind_int64(qs[q], 1, run_id);
        vl__bind_text(qs[q], 2, ps->kind, false);
        vl__bind_text(qs[q], 3, ps->keys, false);
    }
    /* a read that fails part way is an error, never a series cut short */
    int rc;
    size_t k = 0;
    while ((rc = vl__step(fq)) == VL__ROW && k < ps->h) {
        vl_period per;
        if (k == 0 && vl_period_parse(vl__col_text(fq, 0), &per)) {
            ps->fc_first = per;
            ps->freq = per.freq;
        }
        double *dst[] = {mean, lo80, hi80, lo95, hi95, mm};
        for (int c = 0; c < 6; c++)
            if (!vl__col_null(fq, c + 1))
                dst[c][k] = vl__col_double(fq, c + 1);
        judged = judged || !vl__col_null(fq, 6);
        k++;
    }
    if (rc != VL__ROW && rc != VL__DONE)
        return vl__db_sqlerr(ctx, db, "loading forecasts");
    ps->model_mean = judged ? mm : NULL;
    /* every interval level stored (the 80/95 columns above stay for a run stored before) */
    double *levels = vl_arena_alloc(a, VL_FORECAST_MAX_LEVELS * sizeof *levels),
           *lo = nan_array(a, VL_FORECAST_MAX_LEVELS * ps->h),
           *hi = nan_array(a, VL_FORECAST_MAX_LEVELS * ps->h);
    if (!levels || !lo || !hi)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    size_t nl = 0;
    while ((rc = vl__step(iq)) == VL__ROW) {
        vl_period per;
        double level = vl__col_double(iq, 1);
        if (!vl_period_parse(vl__col_text(iq, 0), &per) || per.freq != ps->fc_first.freq)
            continue;
        long step = vl_period_index(per) - vl_period_index(ps->fc_first);
        if (nl == 0 || levels[nl - 1] != level) {
            if (nl == VL_FORECAST_MAX_LEVELS)
                break; /* ordered by level: the widest beyond the limit are left out */
            levels[nl++] = level;
        }
        if (step >= 0 && (size_t)step < ps->h) {
            lo[(nl - 1) * ps->h + (size_t)step] = vl__col_double(iq, 2);
            hi[(nl - 1) * ps->h + (size_t)step] = vl__col_double(iq, 3);
        }
    }
    if (rc != VL__ROW && rc != VL__DONE) /* ROW: left at the limit */
        return vl__db_sqlerr(ctx, db, "loading forecasts");
    ps->n_levels = nl;
    ps->levels = levels;
    ps->lo = lo;
    ps->hi = hi;
    /* history: read, doubling the arena copy when full (a few dozen quarters: rarely) */
    size_t nh = 0, cap = 64;
    double *hv = vl_arena_alloc(a, cap * sizeof *hv);
    rc = VL__DONE;
    while (hv && (rc = vl__step(hq)) == VL__ROW) {
        if (nh == 0) {
            vl_period per;
            if (vl_period_parse(vl__col_text(hq, 0), &per))
                ps->hist_first = per;
        }
        if (nh == cap) {
            double *bigger = vl_arena_alloc(a, 2 * cap * sizeof *hv);
            if (!bigger) {
                hv = NULL;
                break;
            }
            memcpy(bigger, hv, cap * sizeof *hv);
            hv = bigger;
            cap *= 2;
        }
        hv[nh++] = vl__col_double(hq, 1);
    }
    if (!hv)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (rc != VL__DONE)
        return vl__db_sqlerr(ctx, db, "loading forecasts");
    ps->hist = hv;
    ps->n_hist = nh;
    while ((rc = vl__step(aq)) == VL__ROW) {
        const char *model = vl__col_text(aq, 0), *metric = vl__col_text(aq, 1);
        static const char *const metrics[VL_PLAN_N_METRICS] = {"MASE", "sMAPE", "RMSSE",
                                                               "coverage80", "coverage95"};
        int which = strcmp(model, "base") == 0 ? 0 : 1;
        if (which == 1 && !(*method)[0] && !(*method = vl_arena_strdup(a, model)))
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        for (int m = 0; m < VL_PLAN_N_METRICS; m++)
            if (strcmp(metric, metrics[m]) == 0 && !vl__col_null(aq, 2))
                ps->acc[which][m] = vl__col_double(aq, 2);
    }
    if (rc != VL__DONE)
        return vl__db_sqlerr(ctx, db, "loading forecasts");
    vl_status st = make_label(ctx, db, a, ps, false, &ps->label_vi);
    return st == VL_OK ? make_label(ctx, db, a, ps, true, &ps->label_en) : st;
}

/* The series of a run, total first, then levels by depth, keys in order (in a). */
static vl_status list_series(vl_ctx *ctx, vl_db *db, vl_arena *a, int64_t run_id,
                             vl_plan_series_info **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db,
                                  "SELECT series, keys, MIN(level), MIN(model), COUNT(*) FROM"
                                  " forecasts WHERE run_id = ? GROUP BY series, keys ORDER BY"
                                  " series, length(MIN(level)) -"
                                  " length(replace(MIN(level), ',', '')),"
                                  " MIN(level) = 'total' DESC, MIN(level), keys",
                                  &s);
    if (st != VL_OK)
        return st;
    vl__bind_int64(s, 1, run_id);
    size_t cap = 0;
    vl_plan_series_info *list = NULL;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        if (*n == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            vl_plan_series_info *bigger = vl_arena_alloc(a, ncap * sizeof *bigger);
            if (!bigger) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            if (cap)
                memcpy(bigger, list, cap * sizeof *list);
            list = bigger;
            cap = ncap;
        }
        vl_plan_series_info *ps = &list[(*n)++];
        memset(ps, 0, sizeof *ps);
        for (int w = 0; w < 2; w++)
            for (int m = 0; m < VL_PLAN_N_METRICS; m++)
                ps->acc[w][m] = NAN;
        ps->run_id = run_id;
        ps->kind = vl_arena_strdup(a, vl__col_text(s, 0));
        ps->keys = vl_arena_strdup(a, vl__col_text(s, 1));
        ps->level = vl_arena_strdup(a, vl__col_text(s, 2));
        ps->model = vl_arena_strdup(a, vl__col_text(s, 3));
        ps->h = (size_t)vl__col_int64(s, 4);
        if (!ps->kind || !ps->keys || !ps->level || !ps->model) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        vl_json *j = NULL;
        vl_status js = vl_json_parse(ctx, ps->keys, &j);
        if (js == VL_OK) {
            for (size_t k = 0; k < vl_json_size(j) && ps->n_keys < VL_PLAN_MAX_KEYS; k++) {
                const char *key;
                const vl_json *v;
                if (vl_json_member(j, k, &key, &v) && vl_json_str(v)) {
                    ps->key_names[ps->n_keys] = vl_arena_strdup(a, key);
                    ps->key_values[ps->n_keys] = vl_arena_strdup(a, vl_json_str(v));
                    if (!ps->key_names[ps->n_keys] || !ps->key_values[ps->n_keys++])
                        js = VL_ERR_NOMEM;
                }
            }
            vl_json_free(j);
        } else if (js != VL_ERR_NOMEM) {
            vl_ctx_clear_error(ctx);
        }
        if (js == VL_ERR_NOMEM) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "loading forecasts");
    vl__finalize(s);
    *out = list;
    return st;
}

/* The judgements a run applied, as they were (a withdrawn one still shows: the run used it). */
static vl_status load_judged(vl_ctx *ctx, vl_db *db, vl_plan *p, int64_t run_id)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(
        ctx, db,
        "SELECT 0, a.id, '', a.series, a.keys, a.period_from, a.period_to, a.percent, a.value,"
        " a.reason, a.created_by, a.created_at, j.series FROM forecast_judgements j JOIN"
        " forecast_adjustments a ON a.id = j.judgement_id WHERE j.run_id = ?1 AND"
        " j.kind = 'adjustment' UNION ALL"
        " SELECT 1, c.id, c.name, c.series, c.keys, c.period_from, '', 0, c.positions, c.reason,"
        " c.created_by, c.created_at, j.series FROM forecast_judgements j JOIN"
        " forecast_scenarios c ON c.id = j.judgement_id WHERE j.run_id = ?1 AND"
        " j.kind = 'scenario' ORDER BY 1, 2, 13",
        &s);
    if (st != VL_OK)
        return st;
    vl__bind_int64(s, 1, run_id);
    int rc = VL__DONE;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        vl_judgement j = {.id = vl__col_int64(s, 1),
                          .scenario = vl__col_int(s, 0) == 1,
                          .name = vl__col_text(s, 2),
                          .series = vl__col_text(s, 3),
                          .keys = vl__col_text(s, 4),
                          .percent = vl__col_int(s, 7) != 0,
                          .value = vl__col_double(s, 8),
                          .reason = vl__col_text(s, 9),
                          .created_by = vl__col_text(s, 10),
                          .created_at = vl__col_text(s, 11)};
        vl_period_parse(vl__col_text(s, 5), &j.from);
        if (!j.scenario)
            vl_period_parse(vl__col_text(s, 6), &j.to);
        st = vl_plan_add_judgement(ctx, p, run_id, vl__col_text(s, 12), &j);
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "loading the run's judgements");
    vl__finalize(s);
    return st;
}

static vl_status load_run(vl_ctx *ctx, vl_db *db, vl_plan *p, vl_arena *a, int64_t run_id)
{
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db,
                                  "SELECT started, COALESCE(summary, ''), scope FROM runs"
                                  " WHERE id = ?",
                                  &s);
    if (st != VL_OK)
        return st;
    vl__bind_int64(s, 1, run_id);
    int rc = vl__step(s);
    if (rc != VL__ROW) {
        st = rc == VL__DONE ? vl__error(ctx, VL_ERR_NOTFOUND, "run %lld is not in the database",
                                        (long long)run_id)
                            : vl__db_sqlerr(ctx, db, "loading forecasts");
        vl__finalize(s);
        return st;
    }
    vl_plan_run_info run = {run_id, vl_arena_strdup(a, vl__col_text(s, 0)), "",
                            vl_arena_strdup(a, vl__col_text(s, 1)), NULL};
    char *codes = vl__strdup(vl__col_text(s, 2));
    vl__finalize(s);
    /* whose run it is: its scope's provinces by their names of today (the code without one) */
    vl_buf names = {0};
    for (char *save = NULL, *c = codes ? strtok_r(codes, ",", &save) : NULL; c && st == VL_OK;
         c = strtok_r(NULL, ",", &save)) {
        const char *name;
        if ((st = key_title(ctx, db, a, "area", c, false, &name)) == VL_OK)
            vl_buf_printf(&names, "%s%s", names.len ? ", " : "", name ? name : c);
    }
    run.scope = names.len ? vl_arena_strdup(a, names.data) : "";
    bool oom = !run.started || !run.summary || !codes || !run.scope || names.failed;
    vl__free(codes);
    vl_buf_free(&names);
    if (st != VL_OK)
        return st;
    if (oom)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");

    vl_plan_series_info *list;
    size_t n;
    if ((st = list_series(ctx, db, a, run_id, &list, &n)) != VL_OK)
        return st;
    if (n == 0)
        return vl__error(ctx, VL_ERR_NOTFOUND, "run %lld has no forecasts", (long long)run_id);

    static const char *const sql[4] = {
        "SELECT period, mean, lo80, hi80, lo95, hi95, model_mean FROM forecasts WHERE run_id = ? "
        "AND"
        " series = ? AND keys = ? ORDER BY period",
        "SELECT period, value FROM forecast_history WHERE run_id = ? AND series = ? AND keys = ?"
        " ORDER BY pidx",
        "SELECT model, metric, value FROM forecast_accuracy WHERE run_id = ? AND series = ? AND"
        " keys = ? AND horizon = 0",
        "SELECT period, level, lo, hi FROM forecast_intervals WHERE run_id = ? AND series = ? AND"
        " keys = ? ORDER BY level, period",
    };
    vl__stmt *qs[4];
    st = prepare_all(ctx, db, sql, qs, 4);
    for (size_t i = 0; i < n && st == VL_OK; i++)
        st = load_series(ctx, db, a, qs, run_id, &list[i], &run.method);
    finalize_all(qs, 4);
    for (size_t i = 0; i < n && st == VL_OK; i++)
        st = vl_plan_add_series(ctx, p, &list[i]);
    if (st == VL_OK)
        st = vl_plan_add_run(ctx, p, &run);
    if (st == VL_OK)
        st = load_judged(ctx, db, p, run_id);
    return st;
}

vl_status vl_db_load_plan(vl_ctx *ctx, vl_db *db, const int64_t *run_ids, size_t n, vl_plan **out)
{
    *out = NULL;
    if (!db || (n && !run_ids) || n == 0)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_load_plan: no runs given");
    vl_plan *p = NULL;
    vl_status st = vl_plan_create(ctx, &p);
    if (st != VL_OK)
        return st;
    /* what is read for a run comes from one snapshot */
    if ((st = vl__db_begin_read(ctx, db)) != VL_OK) {
        vl_plan_destroy(p);
        return st;
    }
    for (size_t i = 0; i < n && st == VL_OK; i++) {
        vl_arena *a = vl_arena_create();
        st =
            a ? load_run(ctx, db, p, a, run_ids[i]) : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        vl_arena_destroy(a);
    }
    vl__db_end_read(db);
    if (st != VL_OK) {
        vl_plan_destroy(p);
        return st;
    }
    *out = p;
    return VL_OK;
}

/* ---- a hierarchical run's end (forecast --by, balance, the desk's quarter) ------------------- */

/* A JSON string of s, escaped as the runs table has always held it. */
static void json_str(vl_buf *b, const char *s)
{
    vl_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            vl_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            vl_buf_printf(b, "\\u%04x", *p);
        else
            vl_buf_append(b, (const char *)p, 1);
    }
    vl_buf_puts(b, "\"");
}

char *vl_hier_summary_json(const vl_hier *hr, const char *kind)
{
    if (!hr)
        return NULL;
    vl_buf f = {0};
    char a[40], b[40];
    vl_buf_puts(&f, "{\"kind\": ");
    json_str(&f, kind);
    vl_buf_printf(
        &f,
        ", \"method\": \"%s\", \"method_chosen\": %s, \"origins\": %zu, \"series\": %zu, "
        "\"horizon\": %zu, \"lambda\": %s, \"incoherence\": %s, \"method_mase\": {",
        vl_reconcile_name(vl_hier_method(hr)), vl_hier_method_chosen(hr) ? "true" : "false",
        vl_hier_origins(hr), vl_hier_count(hr), vl_hier_horizon(hr),
        isfinite(vl_hier_lambda(hr)) ? vl_format_double(a, sizeof a, vl_hier_lambda(hr), 6)
                                     : "null",
        vl_format_double(b, sizeof b, vl_hier_incoherence(hr), 3));
    bool first = true;
    for (int m = VL_RECONCILE_BOTTOM_UP; m < VL_RECONCILE_AUTO; m++) {
        double x = vl_hier_method_mase(hr, (vl_reconcile)m);
        if (!isfinite(x))
            continue;
        vl_buf_printf(&f, "%s\"%s\": %s", first ? "" : ", ", vl_reconcile_name((vl_reconcile)m),
                      vl_format_double(a, sizeof a, x, 6));
        first = false;
    }
    vl_buf_puts(&f, "}, \"levels\": [");
    for (size_t l = 0; l < vl_hier_level_count(hr); l++) {
        vl_forecast_metrics mb, mr;
        vl_buf_printf(&f, "%s{\"level\": ", l ? ", " : "");
        json_str(&f, vl_hier_level_name(hr, l));
        vl_buf_puts(&f, ", \"model\": ");
        json_str(&f, vl_hier_level_model(hr, l));
        if (vl_hier_level_accuracy(hr, l, &mb, &mr) && isfinite(mb.mase) && isfinite(mr.mase)) {
            vl_buf_printf(&f, ", \"mase_base\": %s, \"mase_reconciled\": %s",
                          vl_format_double(a, sizeof a, mb.mase, 6),
                          vl_format_double(b, sizeof b, mr.mase, 6));
            for (size_t q = 0; q < vl_hier_n_levels(hr); q++)
                if (isfinite(mr.coverage[q]))
                    vl_buf_printf(&f, ", \"coverage%s\": %s",
                                  vl_format_double(a, sizeof a, vl_hier_level(hr, q), 6),
                                  vl_format_double(b, sizeof b, mr.coverage[q], 6));
        }
        vl_buf_puts(&f, "}");
    }
    vl_buf_puts(&f, "]}");
    if (!f.data || f.failed) {
        vl_buf_free(&f);
        return NULL;
    }
    return f.data;
}

char *vl_balance_summary_json(const vl_hier *demand, const vl_hier *supply, size_t groups)
{
    char *sd = vl_hier_summary_json(demand, "demand");
    char *ss = vl_hier_summary_json(supply, "supply");
    vl_buf f = {0};
    if (sd && ss)
        vl_buf_printf(&f,
                      "{\"kind\": \"balance\", \"horizon\": %zu, \"groups\": %zu, "
                      "\"demand\": %s, \"supply\": %s}",
                      vl_hier_horizon(demand), groups, sd, ss);
    free(sd);
    free(ss);
    if (!f.data || f.failed) {
        vl_buf_free(&f);
        return NULL;
    }
    return f.data;
}

vl_status vl_db_store_hier_run(vl_ctx *ctx, vl_db *db, int64_t run, size_t n,
                               const char *const *kinds, const vl_hier *const *hiers,
                               const vl_judgements *js, const char *summary)
{
    vl_status st = vl_db_begin(ctx, db);
    if (st != VL_OK)
        return st;
    for (size_t i = 0; st == VL_OK && i < n; i++) {
        st = vl_db_store_hier(ctx, db, run, kinds[i], hiers[i]);
        if (st == VL_OK)
            st = vl_db_store_judged(ctx, db, run, kinds[i], js, hiers[i]);
    }
    if (st == VL_OK)
        st = vl_db_run_end(ctx, db, run, VL_OK, summary);
    if (st == VL_OK)
        return vl_db_commit(ctx, db);
    vl_db_rollback(db);
    return st;
}
