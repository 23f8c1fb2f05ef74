/*
 * test-reconcile-hier.c - hierarchical forecasting (vl_hier_*): the grouped hierarchy built from
 * key columns, every level adding up within 1e-9 relative for every method, the backtest before
 * and after reconciliation, intervals, determinism across thread counts, filters, and errors.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/history.h"

static double lcg(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

/*
 * na areas x ni industries, T quarters from 2016Q1: level, trend and a quarterly pattern that
 * differ by series, plus noise. skip: a bottom value left out (counts 0). dup: one row twice
 * under another series name.
 */
static vl_history *make_history(size_t na, size_t ni, size_t T, bool skip, bool dup)
{
    static const char *const names[] = {"area", "industry", "measure"};
    vl_history_builder *b = vl__hb_create(names, 3);
    assert_non_null(b);
    unsigned long long seed = 7 + na * 31 + ni;
    size_t line = 2;
    for (size_t a = 0; a < na; a++)
        for (size_t k = 0; k < ni; k++) {
            char area[16], ind[8];
            snprintf(area, sizeof area, "%zu", 288 + a * 3);
            snprintf(ind, sizeof ind, "%c", (char)('A' + k));
            double level = 40 + 300 * lcg(&seed), trend = 2.5 * (lcg(&seed) - 0.3);
            double season[4] = {1.1, 0.93, 1.04, 0.95};
            for (size_t t = 0; t < T; t++) {
                if (skip && a == 1 && k == 2 && t == 5)
                    continue;
                vl_period p = vl_period_from_index(4, 2016 * 4 + (long)t);
                double v = (level + trend * (double)t) * season[t % 4] + 6 * (lcg(&seed) - 0.5);
                const char *keys[] = {area, ind, "demand"};
                assert_true(vl__hb_add(b, "vacancies", p, round(v * 10) / 10, keys, line++));
            }
        }
    if (dup) {
        const char *keys[] = {"288", "A", "demand"};
        assert_true(
            vl__hb_add(b, "other", vl_period_from_index(4, 2016 * 4 + 3), 12.5, keys, line++));
    }
    /* rows that belong to no hierarchy of area x industry: no area */
    const char *keys[] = {"", "", "supply"};
    for (size_t t = 0; t < T; t++)
        assert_true(vl__hb_add(b, "seekers", vl_period_from_index(4, 2016 * 4 + (long)t),
                               100 + (double)t, keys, line++));
    vl_history *h = vl__hb_finish(b);
    assert_non_null(h);
    return h;
}

static vl_hier *run(vl_ctx *ctx, const vl_history *h, vl_reconcile method, size_t origins)
{
    vl_hier_options opt;
    vl_hier_options_init(&opt);
    opt.forecast.horizon = 4;
    opt.forecast.model = "theta";
    opt.forecast.origins = origins;
    opt.method = method;
    opt.by[0] = "area";
    opt.by[1] = "industry";
    opt.n_by = 2;
    vl_hier *H = NULL;
    vl_status st = vl_hier_forecast(ctx, h, &opt, &H);
    if (st != VL_OK)
        fail_msg("vl_hier_forecast: %s", vl_ctx_errmsg(ctx));
    return H;
}

static void test_structure(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_history *h = make_history(3, 4, 20, true, false);
    vl_hier *H = run(ctx, h, VL_RECONCILE_MINT, 0);
    assert_int_equal(vl_hier_count(H), 1 + 3 + 4 + 12);
    assert_int_equal(vl_hier_level_count(H), 4);
    static const char *const levels[] = {"total", "area", "industry", "area,industry"};
    for (size_t l = 0; l < 4; l++)
        assert_string_equal(vl_hier_level_name(H, l), levels[l]);
    static const struct {
        size_t i;
        const char *name, *level, *k0, *k1;
        bool bottom;
    } nodes[] = {
        {0, "total", "total", "", "", false},
        {1, "area=288", "area", "288", "", false},
        {3, "area=294", "area", "294", "", false},
        {4, "industry=A", "industry", "", "A", false},
        {7, "industry=D", "industry", "", "D", false},
        {8, "area=288,industry=A", "area,industry", "288", "A", true},
        {19, "area=294,industry=D", "area,industry", "294", "D", true},
    };
    for (size_t c = 0; c < VL_ARRAY_LEN(nodes); c++) {
        vl_hier_node nd;
        assert_true(vl_hier_get(H, nodes[c].i, &nd));
        assert_string_equal(nd.name, nodes[c].name);
        assert_string_equal(nd.level, nodes[c].level);
        assert_string_equal(nd.keys[0], nodes[c].k0);
        assert_string_equal(nd.keys[1], nodes[c].k1);
        assert_int_equal(nd.bottom, nodes[c].bottom);
        assert_int_equal(nd.n_history, 20);
        assert_int_equal(nd.first.year, 2016);
        assert_non_null(nd.model);
    }
    vl_hier_node nd;
    assert_false(vl_hier_get(H, 20, &nd));
    /* histories add up; the skipped bottom value counts 0 */
    vl_hier_node tot, a1, b;
    vl_hier_get(H, 0, &tot);
    vl_hier_get(H, 2, &a1); /* area=291 */
    double s5 = 0;
    for (size_t j = 8; j < 20; j++) {
        vl_hier_get(H, j, &b);
        s5 += b.history[5];
        if (j == 8 + 1 * 4 + 2)
            assert_true(b.history[5] == 0);
    }
    assert_true(fabs(tot.history[5] - s5) <= 1e-9 * s5);
    char pbuf[16];
    assert_string_equal(vl_period_format(vl_hier_period(H, 0), pbuf, sizeof pbuf), "2021Q1");
    assert_string_equal(vl_period_format(vl_hier_period(H, 3), pbuf, sizeof pbuf), "2021Q4");
    assert_int_equal(vl_hier_horizon(H), 4);
    assert_int_equal(vl_hier_n_levels(H), 2);
    assert_true(vl_hier_level(H, 1) == 95);
    assert_int_equal(vl_hier_n_keys(H), 2);
    assert_string_equal(vl_hier_key_name(H, 1), "industry");
    assert_null(vl_hier_key_name(H, 2));
    (void)a1;
    vl_hier_destroy(H);
    vl_hier_destroy(NULL);
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
}

/* Every method: every node equals the sum of its bottom nodes within 1e-9 relative. */
static void test_coherence_every_method(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_history *h = make_history(3, 4, 24, false, false);
    for (int m = 0; m < VL_RECONCILE_AUTO; m++) {
        vl_hier *H = run(ctx, h, (vl_reconcile)m, 0);
        assert_int_equal(vl_hier_method(H), m);
        assert_false(vl_hier_method_chosen(H));
        size_t n = vl_hier_count(H), hz = vl_hier_horizon(H);
        vl_hier_node tot, nd;
        vl_hier_get(H, 0, &tot);
        for (size_t k = 0; k < hz; k++) {
            /* total = sum of areas = sum of industries = sum of bottoms */
            double sums[4] = {0};
            for (size_t i = 1; i < n; i++) {
                vl_hier_get(H, i, &nd);
                size_t l = strcmp(nd.level, "area") == 0       ? 1
                           : strcmp(nd.level, "industry") == 0 ? 2
                                                               : 3;
                sums[l] += nd.mean[k];
                /* intervals contain the mean */
                assert_true(nd.lo[k] <= nd.mean[k] + 1e-9 && nd.mean[k] <= nd.hi[k] + 1e-9);
                assert_true(nd.lo[4 + k] <= nd.lo[k] + 1e-9 && nd.hi[k] <= nd.hi[4 + k] + 1e-9);
                assert_true(isfinite(nd.lo[k]) && isfinite(nd.hi[4 + k]));
                if (m == VL_RECONCILE_NONE)
                    assert_true(nd.mean[k] == nd.base_mean[k]);
                if (m == VL_RECONCILE_BOTTOM_UP && nd.bottom)
                    assert_true(nd.mean[k] == nd.base_mean[k]);
            }
            if (m == VL_RECONCILE_NONE)
                continue;
            if (m == VL_RECONCILE_MINT_TOTAL || m == VL_RECONCILE_TOP_DOWN)
                assert_true(fabs(tot.mean[k] - tot.base_mean[k]) <= 1e-9 * fabs(tot.base_mean[k]));
            for (size_t l = 1; l < 4; l++)
                if (!(fabs(sums[l] - tot.mean[k]) <= 1e-9 * fabs(tot.mean[k])))
                    fail_msg("%s step %zu: level %zu sums to %.17g, total %.17g",
                             vl_reconcile_name((vl_reconcile)m), k, l, sums[l], tot.mean[k]);
        }
        if (m != VL_RECONCILE_NONE)
            assert_true(vl_hier_incoherence(H) <= 1e-12);
        if (m == VL_RECONCILE_MINT || m == VL_RECONCILE_MINT_TOTAL)
            assert_true(vl_hier_lambda(H) >= 0 && vl_hier_lambda(H) <= 1);
        else
            assert_true(isnan(vl_hier_lambda(H)));
        vl_hier_destroy(H);
    }
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
}

static void test_backtest_and_threads(void **state)
{
    (void)state;
    vl_history *h = make_history(2, 3, 28, false, false);
    vl_hier *runs[2];
    for (unsigned t = 0; t < 2; t++) {
        vl_ctx *ctx;
        assert_int_equal(vl_ctx_create(&ctx), VL_OK);
        vl_ctx_set_threads(ctx, t + 1);
        runs[t] = run(ctx, h, VL_RECONCILE_MINT, 3);
        vl_ctx_destroy(ctx);
    }
    size_t n = vl_hier_count(runs[0]);
    assert_int_equal(n, 1 + 2 + 3 + 6);
    for (size_t i = 0; i < n; i++) {
        vl_hier_node a, b;
        vl_hier_get(runs[0], i, &a);
        vl_hier_get(runs[1], i, &b);
        assert_memory_equal(a.mean, b.mean, 4 * sizeof(double));
        assert_memory_equal(a.hi, b.hi, 8 * sizeof(double));
        assert_non_null(a.accuracy);
        assert_non_null(a.base_accuracy);
        assert_int_equal(a.accuracy->origins, 3);
        assert_true(isfinite(a.accuracy->mase) && a.accuracy->mase >= 0);
        assert_true(isfinite(a.base_accuracy->smape));
        assert_true(a.accuracy->coverage[1] >= 0 && a.accuracy->coverage[1] <= 1);
        assert_memory_equal(a.accuracy, b.accuracy, sizeof *a.accuracy);
    }
    for (size_t l = 0; l < vl_hier_level_count(runs[0]); l++) {
        vl_forecast_metrics base, rec;
        assert_true(vl_hier_level_accuracy(runs[0], l, &base, &rec));
        assert_true(isfinite(base.mase) && isfinite(rec.mase));
        assert_int_equal(rec.origins, 3);
    }
    assert_false(vl_hier_level_accuracy(runs[0], 9, NULL, NULL));
    vl_hier_destroy(runs[0]);
    vl_hier_destroy(runs[1]);
    vl_history_destroy(h);
}

static void test_filters_and_one_key(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_history *h = make_history(2, 3, 16, false, false);
    vl_hier_options opt;
    vl_hier_options_init(&opt);
    assert_int_equal(opt.method, VL_RECONCILE_AUTO);
    assert_string_equal(opt.forecast.model, "auto");
    assert_int_equal(opt.forecast.origins, 8);
    opt.forecast.horizon = 2;
    opt.forecast.model = "snaive";
    opt.forecast.origins = 0;
    opt.by[0] = "industry";
    opt.n_by = 1;
    opt.where_key = "measure";
    opt.where_value = "demand";
    vl_hier *H;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_OK);
    assert_int_equal(vl_hier_count(H), 1 + 3);
    vl_hier_node nd;
    assert_true(vl_hier_get(H, 1, &nd));
    assert_string_equal(nd.name, "industry=A");
    assert_string_equal(vl_hier_level_name(H, 1), "industry");
    vl_hier_destroy(H);
    /* the filter keeps nothing */
    opt.where_value = "supply";
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_ERR_INVALID);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "no history rows"));
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_history *h = make_history(2, 2, 12, false, false);
    vl_history *dup = make_history(2, 2, 12, false, true);
    enum { NO_KEYS, MANY_KEYS, BAD_KEY, TWICE, BAD_METHOD, NO_H, HALF_FILTER, BAD_FILTER, DUP };
    static const struct {
        int what;
        vl_status want;
        const char *msg;
    } cases[] = {
        {NO_KEYS, VL_ERR_ARG, "1 to 3 key columns"},
        {MANY_KEYS, VL_ERR_ARG, "1 to 3 key columns"},
        {BAD_KEY, VL_ERR_INVALID, "no key column 'district'"},
        {TWICE, VL_ERR_ARG, "given twice"},
        {BAD_METHOD, VL_ERR_ARG, "unknown reconciliation"},
        {NO_H, VL_ERR_ARG, "horizon"},
        {HALF_FILTER, VL_ERR_ARG, "a key and a value"},
        {BAD_FILTER, VL_ERR_INVALID, "no key column 'sector'"},
        {DUP, VL_ERR_INVALID,
         "series 'other' and 'vacancies' both give 2016Q4 for area=288,industry=A"},
    };
    for (size_t c = 0; c < VL_ARRAY_LEN(cases); c++) {
        vl_hier_options opt;
        vl_hier_options_init(&opt);
        opt.forecast.horizon = 2;
        opt.forecast.model = "naive";
        opt.by[0] = "area";
        opt.by[1] = "industry";
        opt.n_by = 2;
        const vl_history *in = h;
        switch (cases[c].what) {
        case NO_KEYS:
            opt.n_by = 0;
            break;
        case MANY_KEYS:
            opt.n_by = 4;
            break;
        case BAD_KEY:
            opt.by[1] = "district";
            break;
        case TWICE:
            opt.by[1] = "area";
            break;
        case BAD_METHOD:
            opt.method = VL_RECONCILE_COUNT;
            break;
        case NO_H:
            opt.forecast.horizon = 0;
            break;
        case HALF_FILTER:
            opt.where_key = "measure";
            break;
        case BAD_FILTER:
            opt.where_key = "sector";
            opt.where_value = "x";
            break;
        case DUP:
            in = dup;
            break;
        }
        vl_hier *H = (vl_hier *)1;
        assert_int_equal(vl_hier_forecast(ctx, in, &opt, &H), cases[c].want);
        assert_null(H);
        if (!strstr(vl_ctx_errmsg(ctx), cases[c].msg))
            fail_msg("case %zu: '%s' lacks '%s'", c, vl_ctx_errmsg(ctx), cases[c].msg);
    }
    /* the series filter resolves the duplicate */
    vl_hier_options opt;
    vl_hier_options_init(&opt);
    opt.forecast.horizon = 2;
    opt.forecast.model = "naive";
    opt.forecast.origins = 1;
    opt.by[0] = "area";
    opt.n_by = 1;
    opt.series = "vacancies";
    vl_hier *H;
    assert_int_equal(vl_hier_forecast(ctx, dup, &opt, &H), VL_OK);
    assert_int_equal(vl_hier_count(H), 3);
    vl_hier_destroy(H);
    vl_reconcile m;
    assert_true(vl_reconcile_parse("mint_shrink", &m) && m == VL_RECONCILE_MINT);
    assert_true(vl_reconcile_parse("auto", &m) && m == VL_RECONCILE_AUTO);
    assert_string_equal(vl_reconcile_name(VL_RECONCILE_AUTO), "auto");
    assert_false(vl_reconcile_parse("best", &m));
    assert_string_equal(vl_reconcile_name(VL_RECONCILE_TOP_DOWN), "top_down");
    vl_history_destroy(h);
    vl_history_destroy(dup);
    vl_ctx_destroy(ctx);
}

/*
 * A key nested in another (each region in one state) does not make a second level: "region"
 * and "state,region" split the bottom series the same way, and only the latter is kept. A
 * filter that leaves one value of a key drops that key's level into the total.
 */
static void test_nested_keys(void **state)
{
    (void)state;
    static const char *const names[] = {"state", "region"};
    vl_history_builder *b = vl__hb_create(names, 2);
    static const char *const st[] = {"N", "N", "V", "V", "Q"}, *const rg[] = {"N1", "N2", "V1",
                                                                              "V2", "Q1"};
    unsigned long long seed = 99;
    for (size_t r = 0; r < 5; r++)
        for (size_t t = 0; t < 24; t++) {
            const char *keys[] = {st[r], rg[r]};
            double v = 20 + 3 * (double)r + 0.4 * (double)t + 4 * lcg(&seed);
            assert_true(vl__hb_add(b, "nights", vl_period_from_index(4, 2010 * 4 + (long)t), v,
                                   keys, 2 + r * 24 + t));
        }
    vl_history *h = vl__hb_finish(b);
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_hier_options opt;
    vl_hier_options_init(&opt);
    opt.forecast.horizon = 2;
    opt.forecast.model = "theta";
    opt.forecast.origins = 0;
    opt.by[0] = "state";
    opt.by[1] = "region";
    opt.n_by = 2;
    vl_hier *H;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_OK);
    assert_int_equal(vl_hier_count(H), 1 + 3 + 5);
    assert_int_equal(vl_hier_level_count(H), 3);
    assert_string_equal(vl_hier_level_name(H, 1), "state");
    assert_string_equal(vl_hier_level_name(H, 2), "state,region");
    vl_hier_node nd;
    assert_true(vl_hier_get(H, 8, &nd) && nd.bottom);
    assert_true(vl_hier_incoherence(H) <= 1e-12);
    vl_hier_destroy(H);
    /* one state only: its level is the total */
    opt.where_key = "state";
    opt.where_value = "V";
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_OK);
    assert_int_equal(vl_hier_count(H), 1 + 2);
    assert_int_equal(vl_hier_level_count(H), 2);
    vl_hier_destroy(H);
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
}

/*
 * The defaults choose by evidence: every candidate at the origins, a model per level, the
 * method by a test against MinT with the total kept, the bands calibrated from the reconciled
 * errors at the origins and never below the normal band.
 */
static void test_auto_choices(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_history *h = make_history(2, 3, 32, false, false);
    vl_hier_options opt;
    vl_hier_options_init(&opt);
    opt.forecast.horizon = 4;
    opt.forecast.origins = 4; /* fewer than the default, for time */
    opt.by[0] = "area";
    opt.by[1] = "industry";
    opt.n_by = 2;
    vl_hier *H;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_OK);
    assert_int_equal(vl_hier_origins(H), 4);
    assert_true(vl_hier_method_chosen(H));
    vl_reconcile m = vl_hier_method(H);
    assert_true(m != VL_RECONCILE_AUTO && m != VL_RECONCILE_NONE);
    /* the chosen method was evaluated; none is evaluated that was not tried */
    assert_true(isfinite(vl_hier_method_mase(H, m)));
    assert_true(isfinite(vl_hier_method_mase(H, VL_RECONCILE_MINT_TOTAL)));
    assert_true(isnan(vl_hier_method_mase(H, VL_RECONCILE_NONE)));
    assert_int_equal(vl_hier_candidate_count(H), 8);
    assert_string_equal(vl_hier_candidate(H, 7), "mean(theta,ces,ets,arima)");
    for (size_t l = 0; l < vl_hier_level_count(H); l++) {
        const char *lm = vl_hier_level_model(H, l);
        assert_non_null(lm);
        bool found = false;
        for (size_t c = 0; c < vl_hier_candidate_count(H); c++) {
            assert_true(isfinite(vl_hier_candidate_mase(H, l, c)));
            found = found || strcmp(vl_hier_candidate(H, c), lm) == 0;
        }
        assert_true(found);
    }
    /* a level of one node keeps the combination */
    assert_string_equal(vl_hier_level_model(H, 0), "mean(theta,ces,ets,arima)");
    for (size_t k = 0; k < 4; k++) {
        double q80, q95;
        assert_int_equal(vl_hier_calibration(H, 0, k, &q80), 4 * 12);
        vl_hier_calibration(H, 1, k, &q95);
        assert_true(isfinite(q80) && isfinite(q95) && q95 >= q80);
    }
    for (size_t i = 0; i < vl_hier_count(H); i++) {
        vl_hier_node nd;
        vl_hier_get(H, i, &nd);
        assert_non_null(nd.accuracy);
        assert_int_equal(nd.accuracy->origins, 4);
        assert_null(nd.model_mean);
        for (size_t k = 0; k < 4; k++)
            assert_true(nd.lo[4 + k] <= nd.lo[k] && nd.hi[k] <= nd.hi[4 + k]);
    }
    assert_true(vl_hier_incoherence(H) <= 1e-12);
    vl_hier_destroy(H);
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
}

/* The options the judgement tests forecast with: theta by area and industry, MinT, no origins. */
static void judged_options(vl_hier_options *opt)
{
    vl_hier_options_init(opt);
    opt->forecast.horizon = 4;
    opt->forecast.model = "theta";
    opt->forecast.origins = 0;
    opt->method = VL_RECONCILE_MINT;
    opt->by[0] = "area";
    opt->by[1] = "industry";
    opt->n_by = 2;
}

/*
 * A planner's fix holds its node exactly while every level still adds up and the others
 * absorb the change; a percentage fix scales the model's value; a scenario adds its positions to
 * the node and every node above it; a judgement naming no node, or none of whose quarters is
 * forecast, is not applied and says so; fixes that determine each other are an error.
 */
static void test_judgement(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_history *h = make_history(2, 3, 24, false, false);
    vl_hier_options opt;
    judged_options(&opt);
    vl_hier *base;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &base), VL_OK);
    vl_period p1 = vl_hier_period(base, 1), p2 = vl_hier_period(base, 2);
    vl_hier_judgement fixes[] = {
        {.keys = {"288", "B"}, .from = p1, .to = p2, .value = 123.45, .id = "A1"},
        {.keys = {"291", NULL}, .from = p1, .to = p1, .value = 10, .percent = true, .id = "A2"},
    };
    vl_hier_judgement events[] = {
        {.keys = {"291", "C"}, .from = p2, .value = 40, .id = "S1"},
    };
    opt.fixes = fixes;
    opt.n_fixes = 2;
    opt.events = events;
    opt.n_events = 1;
    vl_hier *H;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_OK);
    size_t n = vl_hier_count(H);
    vl_hier_node nd, bd;
    for (size_t i = 0; i < n; i++) {
        vl_hier_get(H, i, &nd);
        vl_hier_get(base, i, &bd);
        if (strcmp(nd.name, "area=288,industry=B") == 0) {
            assert_true(nd.fixed && nd.model_mean);
            assert_true(fabs(nd.mean[1] - 123.45) < 1e-9 && fabs(nd.mean[2] - 123.45) < 1e-9);
            assert_true(fabs(nd.model_mean[0] - bd.mean[0]) < 1e-9);
        }
        if (strcmp(nd.name, "area=291") == 0) {
            assert_true(nd.fixed);
            assert_true(fabs(nd.mean[1] - 1.1 * bd.mean[1]) < 1e-9 * bd.mean[1]);
        }
        if (strcmp(nd.name, "area=291,industry=C") == 0) {
            assert_false(nd.fixed);
            /* from p2 on: the event, all of it at step 3 where nothing is fixed */
            assert_true(fabs(nd.mean[3] - (bd.mean[3] + 40)) < 1e-9 * bd.mean[3]);
            assert_true(fabs(nd.mean[0] - bd.mean[0]) < 1e-9 * bd.mean[0]);
        }
        if (i == 0) /* the total carries the event, untouched before it */
            assert_true(fabs(nd.mean[3] - (bd.mean[3] + 40)) < 1e-9 * bd.mean[3]);
        if (strcmp(nd.name, "area=294,industry=A") == 0)
            assert_null(nd.model_mean); /* untouched: no judgement reaches it at any step */
    }
    assert_true(vl_hier_incoherence(H) <= 1e-12);
    /* what each judgement did: the event first, then the fixes in their order */
    assert_int_equal(vl_hier_judged_count(H), 3);
    const char *ids[] = {"S1", "A1", "A2"},
               *names[] = {"area=291,industry=C", "area=288,industry=B", "area=291"};
    for (size_t i = 0; i < 3; i++) {
        vl_hier_judged d;
        assert_true(vl_hier_judged_get(H, i, &d));
        assert_string_equal(d.id, ids[i]);
        assert_int_equal(d.event, i == 0);
        assert_int_equal(d.index, i == 0 ? 0 : i - 1);
        assert_int_equal(d.status, VL_JUDGED_APPLIED);
        assert_true(vl_hier_get(H, d.node, &nd));
        assert_string_equal(nd.name, names[i]);
    }
    assert_false(vl_hier_judged_get(H, 3, &(vl_hier_judged){0}));
    assert_int_equal(vl_hier_judged_count(base), 0);
    vl_hier_destroy(H);
    /* a node that is not in the hierarchy (an area since merged), and a fix after the horizon:
     * not applied, each saying why, while the fix that fits still holds its node */
    vl_period p3 = vl_hier_period(base, 3);
    vl_period late = vl_period_from_index(p3.freq, vl_period_index(p3) + 1);
    vl_hier_judgement mixed[] = {
        {.keys = {"999", "A"}, .value = 1, .id = "A9"},
        {.keys = {"288", "B"}, .from = p1, .to = p1, .value = 55, .id = "A3"},
        {.keys = {"288", "A"}, .from = late, .to = late, .value = 7, .id = "A4"},
    };
    vl_hier_judgement gone = {.keys = {"999", NULL}, .value = 5, .id = "S9"};
    opt.fixes = mixed;
    opt.n_fixes = 3;
    opt.events = &gone;
    opt.n_events = 1;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_OK);
    assert_int_equal(vl_hier_judged_count(H), 4);
    const vl_judged_status want[] = {VL_JUDGED_NO_SERIES, VL_JUDGED_NO_SERIES, VL_JUDGED_APPLIED,
                                     VL_JUDGED_OUTSIDE_HORIZON};
    for (size_t i = 0; i < 4; i++) {
        vl_hier_judged d;
        assert_true(vl_hier_judged_get(H, i, &d));
        assert_int_equal(d.status, want[i]);
        assert_true((d.node == SIZE_MAX) == (want[i] == VL_JUDGED_NO_SERIES));
    }
    for (size_t i = 0; i < n; i++) {
        vl_hier_get(H, i, &nd);
        vl_hier_get(base, i, &bd);
        if (strcmp(nd.name, "area=288,industry=B") == 0)
            assert_true(nd.fixed && fabs(nd.mean[1] - 55) < 1e-9);
        else if (strcmp(nd.name, "area=288,industry=A") == 0)
            assert_false(nd.fixed);
        if (i == 0) /* the total: only the fix that fits moved it, the event did not */
            assert_true(fabs(nd.mean[0] - bd.mean[0]) < 1e-9 * bd.mean[0] &&
                        fabs(nd.mean[3] - bd.mean[3]) < 1e-9 * bd.mean[3]);
    }
    assert_true(vl_hier_incoherence(H) <= 1e-12);
    vl_hier_destroy(H);
    opt.n_events = 0;
    /* an area and both its industries... and the last one: they determine each other */
    vl_hier_judgement over[] = {
        {.keys = {"288", NULL}, .value = 100, .id = "X1"},
        {.keys = {"288", "A"}, .value = 30, .id = "X2"},
        {.keys = {"288", "B"}, .value = 30, .id = "X3"},
        {.keys = {"288", "C"}, .value = 30, .id = "X4"},
    };
    opt.fixes = over;
    opt.n_fixes = 4;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_ERR_INVALID);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "determine each other"));
    vl_hier_destroy(base);
    vl_history_destroy(h);

    /* a hierarchy of one area has no total of its own (the area is the total): a judgement of
     * the total holds that area, a scenario of the total adds to it */
    h = make_history(1, 3, 24, false, false);
    opt.fixes = opt.events = NULL;
    opt.n_fixes = opt.n_events = 0;
    opt.by[0] = "area";
    opt.n_by = 1;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &base), VL_OK);
    assert_int_equal(vl_hier_count(base), 1);
    p1 = vl_hier_period(base, 1);
    vl_hier_judgement total = {.from = p1, .to = p1, .value = 10, .percent = true, .id = "A1"};
    vl_hier_judgement more = {.from = p1, .value = 7, .id = "S1"};
    opt.fixes = &total;
    opt.n_fixes = 1;
    opt.events = &more;
    opt.n_events = 1;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_OK);
    vl_hier_get(H, 0, &nd);
    vl_hier_get(base, 0, &bd);
    assert_true(nd.fixed);
    assert_true(fabs(nd.mean[1] - 1.1 * (bd.mean[1] + 7)) < 1e-9 * bd.mean[1]);
    assert_true(fabs(nd.mean[2] - (bd.mean[2] + 7)) < 1e-9 * bd.mean[2]);
    assert_true(fabs(nd.mean[0] - bd.mean[0]) < 1e-9 * bd.mean[0]);
    vl_hier_destroy(H);
    /* keys no series lies under: not applied, the forecast is the model's */
    vl_hier_judgement none = {.keys = {"999"}, .value = 1, .id = "A8"};
    opt.fixes = &none;
    opt.n_events = 0;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_OK);
    vl_hier_judged d8;
    assert_true(vl_hier_judged_get(H, 0, &d8));
    assert_string_equal(d8.id, "A8");
    assert_int_equal(d8.status, VL_JUDGED_NO_SERIES);
    vl_hier_get(H, 0, &nd);
    vl_hier_get(base, 0, &bd);
    assert_false(nd.fixed);
    assert_true(fabs(nd.mean[1] - bd.mean[1]) < 1e-9 * bd.mean[1]);
    vl_hier_destroy(H);
    vl_hier_destroy(base);
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
}

/*
 * Nothing below 0 for a series never negative: a total held far below the model's, or a
 * scenario taking away more positions than an area has, sets the series they would drive
 * below 0 to 0 and the rest absorbs the change, the held total still exact and every level
 * still adding up.
 */
static void test_never_negative(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_history *h = make_history(2, 3, 24, false, false);
    vl_hier_options opt;
    judged_options(&opt);
    vl_hier *base, *H;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &base), VL_OK);
    vl_hier_node nd, bd;
    vl_hier_get(base, 0, &bd);
    double held = bd.mean[1] * 0.05;
    vl_period p1 = vl_hier_period(base, 1), p2 = vl_hier_period(base, 2);
    vl_hier_judgement fix = {.from = p1, .to = p1, .value = held, .id = "A1"};
    vl_hier_judgement cut = {.keys = {"288", NULL}, .from = p2, .value = -1e7, .id = "S1"};
    opt.fixes = &fix;
    opt.n_fixes = 1;
    opt.events = &cut;
    opt.n_events = 1;
    assert_int_equal(vl_hier_forecast(ctx, h, &opt, &H), VL_OK);
    size_t n = vl_hier_count(H), zeros = 0;
    for (size_t i = 0; i < n; i++) {
        vl_hier_get(H, i, &nd);
        for (size_t k = 0; k < 4; k++) {
            assert_true(nd.mean[k] >= 0);
            zeros += nd.mean[k] == 0;
        }
        if (i == 0)
            assert_true(fabs(nd.mean[1] - held) < 1e-9 * bd.mean[1]);
        if (strcmp(nd.name, "area=288") == 0) /* all its positions taken away */
            assert_true(nd.mean[2] == 0 && nd.mean[3] == 0);
    }
    assert_true(zeros >= 2 * 4 + 1); /* area 288 and its industries at steps 2, 3, and more */
    assert_true(vl_hier_incoherence(H) <= 1e-9);
    vl_hier_destroy(H);
    vl_hier_destroy(base);
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_coherence_every_method),
        cmocka_unit_test(test_backtest_and_threads),
        cmocka_unit_test(test_filters_and_one_key),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_nested_keys),
        cmocka_unit_test(test_auto_choices),
        cmocka_unit_test(test_judgement),
        cmocka_unit_test(test_never_negative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
