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
#include "report/plan.h"

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

static void bind_num(sqlite3_stmt *s, int i, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

/* ---- storing ------------------------------------------------------------------------------ */

/* Prepares the n statements in order; on failure the rest stay NULL (finalize_all frees them). */
static vl_status prepare_all(vl_ctx *ctx, vl_db *db, const char *const *sql, sqlite3_stmt **out,
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

static void finalize_all(sqlite3_stmt **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sqlite3_finalize(s[i]);
}

static vl_status step_done(vl_ctx *ctx, vl_db *db, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE ? VL_OK : vl__db_sqlerr(ctx, db, what);
}

vl_status vl_db_store_hier(vl_ctx *ctx, vl_db *db, int64_t run_id, const char *kind,
                           const vl_hier *h)
{
    if (!db || !h || run_id <= 0 || !kind || !*kind)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_store_hier: missing argument");
    size_t nlev = vl_hier_n_levels(h), hz = vl_hier_horizon(h), nk = vl_hier_n_keys(h);
    /* the stored columns are the 80% and 95% bounds */
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
    static const char *const sql[3] = {
        "INSERT OR REPLACE INTO forecasts(run_id, series, level, keys, period, model, mean,"
        " lo80, hi80, lo95, hi95) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        "INSERT OR REPLACE INTO forecast_history(run_id, series, keys, period, pidx, value)"
        " VALUES (?,?,?,?,?,?)",
        "INSERT OR REPLACE INTO forecast_accuracy(run_id, series, keys, model, metric, horizon,"
        " value) VALUES (?,?,?,?,?,0,?)",
    };
    sqlite3_stmt *q[3];
    st = prepare_all(ctx, db, sql, q, 3);
    sqlite3_stmt *fs = q[0], *hs = q[1], *as = q[2];
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
            sqlite3_bind_int64(fs, 1, run_id);
            vl__bind_text(fs, 2, kind, false);
            vl__bind_text(fs, 3, nd.level, false);
            vl__bind_text(fs, 4, keys, false);
            vl__bind_text(fs, 5, pbuf, false);
            vl__bind_text(fs, 6, nd.model ? nd.model : "", false);
            sqlite3_bind_double(fs, 7, nd.mean[k]);
            bind_num(fs, 8, l80 != SIZE_MAX ? nd.lo[l80 * hz + k] : (double)NAN);
            bind_num(fs, 9, l80 != SIZE_MAX ? nd.hi[l80 * hz + k] : (double)NAN);
            bind_num(fs, 10, l95 != SIZE_MAX ? nd.lo[l95 * hz + k] : (double)NAN);
            bind_num(fs, 11, l95 != SIZE_MAX ? nd.hi[l95 * hz + k] : (double)NAN);
            st = step_done(ctx, db, fs, "storing forecasts");
        }
        for (size_t t = 0; t < nd.n_history && st == VL_OK; t++) {
            char pbuf[16];
            vl_period p = vl_period_from_index(nd.first.freq, vl_period_index(nd.first) + (long)t);
            vl_period_format(p, pbuf, sizeof pbuf);
            sqlite3_bind_int64(hs, 1, run_id);
            vl__bind_text(hs, 2, kind, false);
            vl__bind_text(hs, 3, keys, false);
            vl__bind_text(hs, 4, pbuf, false);
            sqlite3_bind_int64(hs, 5, vl_period_index(p));
            sqlite3_bind_double(hs, 6, nd.history[t]);
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
                sqlite3_bind_int64(as, 1, run_id);
                vl__bind_text(as, 2, kind, false);
                vl__bind_text(as, 3, keys, false);
                vl__bind_text(as, 4, which ? method : "base", false);
                vl__bind_text(as, 5, met[j].name, false);
                bind_num(as, 6, met[j].v);
                st = step_done(ctx, db, as, "storing forecast accuracy");
            }
        }
        free(keys);
    }
    finalize_all(q, 3);
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    vl__db_rollback(db);
    return st;
}

vl_status vl_db_latest_run(vl_ctx *ctx, vl_db *db, const char *what, int64_t *out)
{
    *out = 0;
    if (!db || !what || (strcmp(what, "forecast") != 0 && strcmp(what, "balance") != 0))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_latest_run: ask for \"forecast\" or \"balance\"");
    /* a balance run stores "demand" and "supply" by occupation; anything else is a forecast */
    const char *sql = strcmp(what, "balance") == 0
                          ? "SELECT MAX(f.run_id) FROM forecasts f JOIN runs r ON r.id = f.run_id"
                            " WHERE r.status = 'ok' AND f.series = 'supply'"
                          : "SELECT MAX(f.run_id) FROM forecasts f JOIN runs r ON r.id = f.run_id"
                            " WHERE r.status = 'ok' AND f.series NOT IN ('demand', 'supply')";
    sqlite3_stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE)
        st = vl__db_sqlerr(ctx, db, "finding the latest run");
    sqlite3_finalize(s);
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
    } parts[] = {
        {"demand", "SELECT substr(v.occupation, 1, 1), COALESCE(a.code, ''),"
                   " CAST(substr(v.posted, 1, 4) AS INTEGER),"
                   " (CAST(substr(v.posted, 6, 2) AS INTEGER) - 1) / 3 + 1,"
                   " SUM(COALESCE(v.positions, 1))"
                   " FROM vacancies v LEFT JOIN areas a ON a.id = v.area_id"
                   " WHERE v.posted IS NOT NULL AND length(v.posted) >= 7"
                   " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"},
        {"supply", "SELECT substr(o.occupation, 1, 1), COALESCE(a.code, ''),"
                   " CAST(substr(s.registered, 1, 4) AS INTEGER),"
                   " (CAST(substr(s.registered, 6, 2) AS INTEGER) - 1) / 3 + 1, COUNT(*)"
                   " FROM seekers s JOIN seeker_occupations o"
                   " ON o.seeker_id = s.id AND o.rank = 1 LEFT JOIN areas a ON a.id = s.area_id"
                   " WHERE s.registered IS NOT NULL AND length(s.registered) >= 7"
                   " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"},
    };
    vl_history_builder *b = vl__hb_create(names, 3);
    if (!b)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_status st = VL_OK;
    size_t rows = 0;
    for (size_t p = 0; p < VL_ARRAY_LEN(parts) && st == VL_OK; p++) {
        sqlite3_stmt *s;
        if ((st = vl__db_prepare(ctx, db, parts[p].sql, &s)) != VL_OK)
            break;
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const char *keys[] = {parts[p].measure, vl__col_text(s, 0), vl__col_text(s, 1)};
            vl_period per = {
                .freq = 4, .year = sqlite3_column_int(s, 2), .sub = sqlite3_column_int(s, 3)};
            if (per.sub < 1 || per.sub > 4 || !keys[1][0])
                continue;
            if (!vl__hb_add(b, parts[p].measure, per, sqlite3_column_double(s, 4), keys, 0)) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            rows++;
        }
        if (st == VL_OK && rc != SQLITE_DONE)
            st = vl__db_sqlerr(ctx, db, "deriving the history");
        sqlite3_finalize(s);
    }
    if (st == VL_OK && rows == 0)
        st = vl__error(ctx, VL_ERR_INVALID,
                       "no dated vacancies or seekers to derive a history from");
    if (st == VL_OK && vl__hb_check(ctx, b, NULL) != 0)
        st = vl__error(ctx, VL_ERR_INTERNAL, "derived history is inconsistent");
    if (st != VL_OK) {
        vl__hb_destroy(b);
        return st;
    }
    *out = vl__hb_finish(b);
    return *out ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
}

/* ---- loading runs for a report ------------------------------------------------------------- */

/* The reference title of a key value in one language, or NULL. */
static const char *key_title(vl_ctx *ctx, vl_db *db, vl_arena *a, const char *key,
                             const char *value, bool en)
{
    const char *sql = NULL;
    if (strcmp(key, "area") == 0)
        /* a code reused across the 2025 reform: the current area's name */
        sql = "SELECT name FROM areas WHERE code = ?1"
              " ORDER BY valid_to IS NULL DESC, valid_to DESC, id DESC";
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
        return NULL;
    sqlite3_stmt *s;
    if (vl__db_prepare(ctx, db, sql, &s) != VL_OK) {
        vl_ctx_clear_error(ctx);
        return NULL;
    }
    vl__bind_text(s, 1, value, false);
    const char *out = NULL;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        out = vl_arena_strdup(a, vl__col_text(s, 0));
    sqlite3_finalize(s);
    return out && *out ? out : NULL;
}

static const char *make_label(vl_ctx *ctx, vl_db *db, vl_plan *p, plan_series *ps, bool en)
{
    vl_buf b = {0};
    for (size_t k = 0; k < ps->n_keys; k++) {
        const char *name = ps->key_names[k], *val = ps->key_values[k];
        if (strcmp(name, "measure") == 0)
            continue; /* the report names demand and supply itself */
        const char *title = key_title(ctx, db, p->arena, name, val, en);
        if (b.len)
            vl_buf_puts(&b, " · ");
        if (title)
            vl_buf_printf(&b, "%s %s", val, title);
        else
            vl_buf_printf(&b, "%s %s", name, val);
    }
    const char *out = vl_arena_strdup(p->arena, b.data ? b.data : (en ? "Total" : "Tổng"));
    vl_buf_free(&b);
    return out;
}

static double *nan_array(vl_arena *a, size_t n)
{
    double *v = vl_arena_alloc(a, (n ? n : 1) * sizeof *v);
    for (size_t i = 0; v && i < n; i++)
        v[i] = NAN;
    return v;
}

static vl_status load_run(vl_ctx *ctx, vl_db *db, vl_plan *p, int64_t run_id)
{
    sqlite3_stmt *s;
    vl_status st = vl__db_prepare(ctx, db,
                                  "SELECT started, COALESCE(summary, '') FROM runs"
                                  " WHERE id = ?",
                                  &s);
    if (st != VL_OK)
        return st;
    sqlite3_bind_int64(s, 1, run_id);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        return vl__error(ctx, VL_ERR_NOTFOUND, "run %lld is not in the database",
                         (long long)run_id);
    }
    plan_run *run = &p->runs[p->n_runs++];
    run->id = run_id;
    run->started = vl_arena_strdup(p->arena, vl__col_text(s, 0));
    run->summary = vl_arena_strdup(p->arena, vl__col_text(s, 1));
    run->method = "";
    sqlite3_finalize(s);

    /* one series per (series, keys): total first, then levels by depth, keys in order */
    st = vl__db_prepare(ctx, db,
                        "SELECT series, keys, MIN(level), MIN(model), COUNT(*) FROM forecasts"
                        " WHERE run_id = ? GROUP BY series, keys ORDER BY series,"
                        " length(MIN(level)) - length(replace(MIN(level), ',', '')),"
                        " MIN(level) = 'total' DESC, MIN(level), keys",
                        &s);
    if (st != VL_OK)
        return st;
    sqlite3_bind_int64(s, 1, run_id);
    size_t first = p->n;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        plan_series *ps = plan_add(p);
        if (!ps) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        ps->run_id = run_id;
        ps->kind = vl_arena_strdup(p->arena, vl__col_text(s, 0));
        ps->keys = vl_arena_strdup(p->arena, vl__col_text(s, 1));
        ps->level = vl_arena_strdup(p->arena, vl__col_text(s, 2));
        ps->model = vl_arena_strdup(p->arena, vl__col_text(s, 3));
        ps->h = (size_t)sqlite3_column_int64(s, 4);
        vl_json *j = NULL;
        if (vl_json_parse(ctx, ps->keys, &j) == VL_OK) {
            for (size_t k = 0; k < vl_json_size(j) && ps->n_keys < PLAN_MAX_KEYS; k++) {
                const char *key;
                const vl_json *v;
                if (vl_json_member(j, k, &key, &v) && vl_json_str(v)) {
                    ps->key_names[ps->n_keys] = vl_arena_strdup(p->arena, key);
                    ps->key_values[ps->n_keys++] = vl_arena_strdup(p->arena, vl_json_str(v));
                }
            }
            vl_json_free(j);
        } else {
            vl_ctx_clear_error(ctx);
        }
    }
    if (st == VL_OK && rc != SQLITE_DONE)
        st = vl__db_sqlerr(ctx, db, "loading forecasts");
    sqlite3_finalize(s);
    if (st != VL_OK)
        return st;
    if (p->n == first)
        return vl__error(ctx, VL_ERR_NOTFOUND, "run %lld has no forecasts", (long long)run_id);

    static const char *const sql[3] = {
        "SELECT period, mean, lo80, hi80, lo95, hi95 FROM forecasts WHERE run_id = ? AND"
        " series = ? AND keys = ? ORDER BY period",
        "SELECT period, value FROM forecast_history WHERE run_id = ? AND series = ? AND keys = ?"
        " ORDER BY pidx",
        "SELECT model, metric, value FROM forecast_accuracy WHERE run_id = ? AND series = ? AND"
        " keys = ? AND horizon = 0",
    };
    sqlite3_stmt *qs[3];
    st = prepare_all(ctx, db, sql, qs, 3);
    sqlite3_stmt *fq = qs[0], *hq = qs[1], *aq = qs[2];
    for (size_t i = first; i < p->n && st == VL_OK; i++) {
        plan_series *ps = &p->series[i];
        ps->mean = nan_array(p->arena, ps->h);
        ps->lo80 = nan_array(p->arena, ps->h);
        ps->hi80 = nan_array(p->arena, ps->h);
        ps->lo95 = nan_array(p->arena, ps->h);
        ps->hi95 = nan_array(p->arena, ps->h);
        if (!ps->mean || !ps->lo80 || !ps->hi80 || !ps->lo95 || !ps->hi95) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        for (size_t q = 0; q < 3; q++) {
            sqlite3_reset(qs[q]);
            sqlite3_bind_int64(qs[q], 1, run_id);
            vl__bind_text(qs[q], 2, ps->kind, false);
            vl__bind_text(qs[q], 3, ps->keys, false);
        }
        size_t k = 0;
        while (sqlite3_step(fq) == SQLITE_ROW && k < ps->h) {
            vl_period per;
            if (k == 0 && vl_period_parse(vl__col_text(fq, 0), &per)) {
                ps->fc_first = per;
                ps->freq = per.freq;
            }
            double *dst[] = {ps->mean, ps->lo80, ps->hi80, ps->lo95, ps->hi95};
            for (int c = 0; c < 5; c++)
                if (sqlite3_column_type(fq, c + 1) != SQLITE_NULL)
                    dst[c][k] = sqlite3_column_double(fq, c + 1);
            k++;
        }
        /* history: read, doubling the arena copy when full (a few dozen quarters: rarely) */
        size_t nh = 0, cap = 64;
        double *hv = vl_arena_alloc(p->arena, cap * sizeof *hv);
        while (hv && sqlite3_step(hq) == SQLITE_ROW) {
            if (nh == 0) {
                vl_period per;
                if (vl_period_parse(vl__col_text(hq, 0), &per))
                    ps->hist_first = per;
            }
            if (nh == cap) {
                double *bigger = vl_arena_alloc(p->arena, 2 * cap * sizeof *hv);
                if (!bigger) {
                    hv = NULL;
                    break;
                }
                memcpy(bigger, hv, cap * sizeof *hv);
                hv = bigger;
                cap *= 2;
            }
            hv[nh++] = sqlite3_column_double(hq, 1);
        }
        if (!hv) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        ps->hist = hv;
        ps->n_hist = nh;
        while (sqlite3_step(aq) == SQLITE_ROW) {
            const char *model = vl__col_text(aq, 0), *metric = vl__col_text(aq, 1);
            static const char *const metrics[PLAN_N_METRICS] = {"MASE", "sMAPE", "RMSSE",
                                                                "coverage80", "coverage95"};
            int which = strcmp(model, "base") == 0 ? 0 : 1;
            if (which == 1 && !run->method[0])
                run->method = vl_arena_strdup(p->arena, model);
            for (int m = 0; m < PLAN_N_METRICS; m++)
                if (strcmp(metric, metrics[m]) == 0 && sqlite3_column_type(aq, 2) != SQLITE_NULL)
                    ps->acc[which][m] = sqlite3_column_double(aq, 2);
        }
        ps->label_vi = make_label(ctx, db, p, ps, false);
        ps->label_en = make_label(ctx, db, p, ps, true);
        if (!ps->label_vi || !ps->label_en)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    finalize_all(qs, 3);
    return st;
}

vl_status vl_db_load_plan(vl_ctx *ctx, vl_db *db, const int64_t *run_ids, size_t n, vl_plan **out)
{
    *out = NULL;
    if (!db || (n && !run_ids) || n == 0)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_load_plan: no runs given");
    vl_plan *p = plan_create();
    if (!p || !(p->runs = vl_arena_alloc(p->arena, n * sizeof *p->runs))) {
        vl_plan_destroy(p);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl_status st = VL_OK;
    for (size_t i = 0; i < n && st == VL_OK; i++)
        st = load_run(ctx, db, p, run_ids[i]);
    if (st != VL_OK) {
        vl_plan_destroy(p);
        return st;
    }
    *out = p;
    return VL_OK;
}
