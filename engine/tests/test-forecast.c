/*
 * test-forecast.c - the public forecasting API: option and history errors, gaps and filling,
 * short/constant/nasty series (every model, every output finite), periods of the forecast,
 * backtest metrics on a hand-computed case, identical results for any thread count, and the
 * pooled autoregression (exact on a shared shape, no look-ahead at validation cuts).
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "forecast/fc.h"

static vl_ctx *new_ctx(unsigned threads)
{
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_ctx_set_threads(ctx, threads);
    return ctx;
}

static vl_forecast_input input(const char *name, int freq, int year, int sub, const double *y,
                               size_t n)
{
    vl_forecast_input in = {.name = name, .first = {freq, year, sub}, .y = y, .n = n};
    return in;
}

static void assert_series_finite(const vl_forecast *f, size_t i)
{
    vl_forecast_series s;
    assert_true(vl_forecast_get(f, i, &s));
    size_t h = vl_forecast_horizon(f), nl = vl_forecast_n_levels(f);
    for (size_t k = 0; k < h; k++) {
        assert_true(isfinite(s.mean[k]));
        for (size_t l = 0; l < nl; l++) {
            assert_true(isfinite(s.lo[l * h + k]) && isfinite(s.hi[l * h + k]));
            assert_true(s.lo[l * h + k] <= s.mean[k] + 1e-9 * fabs(s.mean[k]));
            assert_true(s.hi[l * h + k] >= s.mean[k] - 1e-9 * fabs(s.mean[k]));
        }
    }
    for (size_t t = 0; t < s.n_history; t++)
        assert_true(isfinite(s.fitted[t]) && isfinite(s.residuals[t]));
    assert_non_null(s.description);
    assert_non_null(s.model);
}

static void test_options(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx(1);
    double y[] = {2.385, 3.1, 2.9, 3.7, 4.05, 3.3};
    vl_forecast_input in = input("a", 1, 2001, 1, y, 6);
    vl_forecast_options o;
    vl_forecast_options_init(&o);
    assert_string_equal(o.model, "auto");
    assert_int_equal(o.n_levels, 2);
    vl_forecast *f = (vl_forecast *)&o; /* must be reset to NULL on failure */
    /* horizon 0, an unknown model, a level out of range: invalid values */
    assert_int_equal(vl_forecast_inputs(ctx, &in, 1, &o, &f), VL_ERR_INVALID);
    assert_null(f);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "horizon"));
    o.horizon = 3;
    o.model = "prophet";
    assert_int_equal(vl_forecast_inputs(ctx, &in, 1, &o, &f), VL_ERR_INVALID);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "prophet"));
    o.model = "naive";
    o.levels[1] = 100;
    assert_int_equal(vl_forecast_inputs(ctx, &in, 1, &o, &f), VL_ERR_INVALID);
    o.levels[1] = 95;
    assert_int_equal(vl_forecast_inputs(ctx, &in, 1, &o, &f), VL_OK);
    vl_forecast_series s;
    assert_true(vl_forecast_get(f, 0, &s));
    for (size_t k = 0; k < 3; k++)
        assert_true(s.mean[k] == 3.3);
    assert_false(vl_forecast_get(f, 1, &s));
    vl_forecast_destroy(f);
    vl_forecast_destroy(NULL);
    /* the model table: names and summaries */
    size_t n = 0;
    for (; vl_forecast_model_name(n); n++)
        assert_non_null(vl_forecast_model_summary(vl_forecast_model_name(n)));
    assert_true(n >= 11);
    assert_null(vl_forecast_model_summary("nope"));
    vl_forecast_fill fill;
    assert_true(vl_forecast_fill_parse("linear", &fill) && fill == VL_FORECAST_FILL_LINEAR);
    assert_false(vl_forecast_fill_parse("mean", &fill));
    vl_ctx_destroy(ctx);
}

/* A constant series forecasts its constant with every model. */
static void test_constant(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx(2);
    double y[24];
    for (size_t t = 0; t < 24; t++)
        y[t] = 17.25;
    vl_forecast_input in = input("flat", 4, 2019, 2, y, 24);
    for (size_t i = 0; vl_forecast_model_name(i); i++) {
        vl_forecast_options o;
        vl_forecast_options_init(&o);
        o.horizon = 5;
        o.model = vl_forecast_model_name(i);
        vl_forecast *f;
        assert_int_equal(vl_forecast_inputs(ctx, &in, 1, &o, &f), VL_OK);
        vl_forecast_series s;
        assert_true(vl_forecast_get(f, 0, &s));
        for (size_t k = 0; k < 5; k++) {
            assert_true(fabs(s.mean[k] - 17.25) < 1e-9);
            assert_true(fabs(s.hi[5 + k] - s.lo[5 + k]) < 1e-9);
        }
        vl_forecast_destroy(f);
    }
    vl_ctx_destroy(ctx);
}

/* Nasty inputs: every model, every output finite, never a failure. */
static void test_nasty_series(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx(2);
    static double zeros[20], intermittent[28], negative[30], outlier[32], tiny[2] = {4.5, 7.25};
    static double huge[16], alternating[24], one[1] = {3.5}, trend[12];
    for (size_t t = 0; t < 28; t++)
        intermittent[t] = t % 5 == 2 ? 3 : t % 7 == 0 ? 1 : 0;
    for (size_t t = 0; t < 30; t++)
        negative[t] = -50 + 3.7 * sin((double)t) - 0.4 * (double)t;
    for (size_t t = 0; t < 32; t++)
        outlier[t] = 100 + (double)(t % 4) * 5 + (t == 20 ? 1e9 : 0);
    for (size_t t = 0; t < 16; t++)
        huge[t] = t % 2 ? 1e250 : 1e-250;
    for (size_t t = 0; t < 24; t++)
        alternating[t] = t % 2 ? 1e6 : -1e6;
    for (size_t t = 0; t < 12; t++)
        trend[t] = 2.5 * (double)t; /* starts at zero, exactly linear */
    vl_forecast_input in[] = {
        input("zeros", 4, 2020, 1, zeros, 20),
        input("intermittent", 12, 2020, 1, intermittent, 28),
        input("negative", 4, 2016, 3, negative, 30),
        input("outlier", 4, 2015, 1, outlier, 32),
        input("tiny", 4, 2024, 1, tiny, 2),
        input("huge", 1, 2000, 1, huge, 16),
        input("alternating", 12, 2021, 1, alternating, 24),
        input("one", 1, 2025, 1, one, 1),
        input("trend", 4, 2022, 1, trend, 12),
    };
    size_t nin = VL_ARRAY_LEN(in);
    for (size_t i = 0; vl_forecast_model_name(i); i++) {
        vl_forecast_options o;
        vl_forecast_options_init(&o);
        o.horizon = 6;
        o.origins = 2;
        o.model = vl_forecast_model_name(i);
        vl_forecast *f;
        assert_int_equal(vl_forecast_inputs(ctx, in, nin, &o, &f), VL_OK);
        assert_int_equal(vl_forecast_count(f), nin);
        for (size_t s = 0; s < nin; s++)
            assert_series_finite(f, s);
        vl_forecast_series s;
        /* fewer than two seasons: a simpler model, named */
        assert_true(vl_forecast_get(f, 4, &s));
        assert_non_null(strstr(s.description, "naive"));
        assert_true(s.mean[0] == 7.25);
        /* negative data never reach a multiplicative model */
        assert_true(vl_forecast_get(f, 2, &s));
        assert_null(strstr(s.description, "(M,"));
        assert_null(strstr(s.description, ",M)"));
        vl_forecast_destroy(f);
    }
    vl_ctx_destroy(ctx);
}

/* Same input, 1 and 2 threads: byte-identical results (simulated intervals included). */
static void test_threads_identical(void **state)
{
    (void)state;
    double ys[6][40];
    vl_forecast_input in[6];
    char names[6][8];
    for (size_t i = 0; i < 6; i++) {
        for (size_t t = 0; t < 40; t++)
            ys[i][t] = 50 + 7.3 * (double)i + 0.8 * (double)t + 6 * (double)((t + i) % 4) +
                       3 * sin(1.7 * (double)(t * (i + 1)));
        snprintf(names[i], sizeof names[i], "s%zu", i);
        in[i] = input(names[i], 4, 2010, 1, ys[i], 40);
    }
    static const char *const models[] = {"ets", "auto", "theta"};
    for (size_t mi = 0; mi < 3; mi++) {
        vl_forecast *f[2];
        for (unsigned th = 1; th <= 2; th++) {
            vl_ctx *ctx = new_ctx(th);
            vl_forecast_options o;
            vl_forecast_options_init(&o);
            o.horizon = 8;
            o.origins = 2;
            o.model = models[mi];
            assert_int_equal(vl_forecast_inputs(ctx, in, 6, &o, &f[th - 1]), VL_OK);
            vl_ctx_destroy(ctx);
        }
        for (size_t i = 0; i < 6; i++) {
            vl_forecast_series a, b;
            vl_forecast_get(f[0], i, &a);
            vl_forecast_get(f[1], i, &b);
            assert_memory_equal(a.mean, b.mean, 8 * sizeof(double));
            assert_memory_equal(a.lo, b.lo, 16 * sizeof(double));
            assert_memory_equal(a.hi, b.hi, 16 * sizeof(double));
            assert_memory_equal(a.residuals, b.residuals, 40 * sizeof(double));
            assert_string_equal(a.description, b.description);
            assert_memory_equal(a.metrics, b.metrics, sizeof *a.metrics);
        }
        vl_forecast_destroy(f[0]);
        vl_forecast_destroy(f[1]);
    }
}

/* Backtest of naive on 1..10, h = 2, one origin: every metric by hand. */
static void test_backtest_by_hand(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx(1);
    double y[10];
    for (size_t t = 0; t < 10; t++)
        y[t] = (double)(t + 1);
    vl_forecast_input in = input("line", 1, 2001, 1, y, 10);
    vl_forecast_options o;
    vl_forecast_options_init(&o);
    o.horizon = 2;
    o.origins = 1;
    const char *models[] = {"naive", "snaive"};
    vl_backtest *b;
    assert_int_equal(vl_backtest_inputs(ctx, &in, 1, &o, models, 2, &b), VL_OK);
    const vl_forecast_metrics *m = vl_backtest_metrics(b, 0, 0);
    /* train 1..8 -> forecasts 8, 8 against 9, 10; in-sample naive MAE 1, MSE 1; sigma 1 */
    assert_int_equal(m->origins, 1);
    assert_true(fabs(m->smape - (200.0 / 17 + 400.0 / 18) / 2) < 1e-9);
    assert_true(fabs(m->mase - 1.5) < 1e-12);
    assert_true(fabs(m->rmsse - sqrt(2.5)) < 1e-12);
    /* 80%: 8 +- 1.2816 holds 9, 8 +- 1.8124 misses 10; 95%: 8 +- 2.7718 holds both */
    assert_true(fabs(m->coverage[0] - 0.5) < 1e-12);
    assert_true(fabs(m->coverage[1] - 1.0) < 1e-12);
    double z = 1.2815515655446004, w1 = 2 * z, w2 = 2 * z * sqrt(2.0);
    double msis = (w1 + w2 + 2 / 0.2 * (10 - (8 + z * sqrt(2.0)))) / 2;
    assert_true(fabs(m->msis[0] - msis) < 1e-9);
    /* the mean over series equals the only series */
    assert_memory_equal(vl_backtest_metrics(b, 1, 0), m, sizeof *m);
    assert_string_equal(vl_backtest_model(b, 1), "snaive");
    assert_string_equal(vl_backtest_series_name(b, 0), "line");
    assert_string_equal(vl_backtest_description(b, 0, 0), "naive");
    assert_null(vl_backtest_metrics(b, 2, 0));
    vl_backtest_destroy(b);
    /* too short for any origin: 0 origins, left out of the mean */
    vl_forecast_input short_in = input("short", 1, 2001, 1, y, 4);
    assert_int_equal(vl_backtest_inputs(ctx, &short_in, 1, &o, models, 1, &b), VL_OK);
    assert_int_equal(vl_backtest_metrics(b, 0, 0)->origins, 0);
    assert_int_equal(vl_backtest_metrics(b, 1, 0)->origins, 0);
    vl_backtest_destroy(b);
    const char *bad[] = {"naive", "nope"};
    assert_int_equal(vl_backtest_inputs(ctx, &in, 1, &o, bad, 2, &b), VL_ERR_INVALID);
    vl_ctx_destroy(ctx);
}

/*
 * The measures of metrics.c on flat histories, where the two scorers of old disagreed: a
 * constant training history has no scale (MASE, RMSSE and MSIS undefined, the series left out
 * of their means but kept in sMAPE and coverage); a seasonal history with zero seasonal
 * differences is scaled by its first differences.
 */
static void test_metrics(void **state)
{
    (void)state;
    static const double flat[] = {5, 5, 5, 5, 5, 5};
    fc_scale sc = fc_metric_scale(flat, 6, 4);
    assert_false(sc.ok);
    static const double seas[] = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4};
    sc = fc_metric_scale(seas, 12, 4);
    assert_true(sc.ok);
    assert_true(fabs(sc.mae - (9.0 + 2 * 3) / 11) < 1e-12); /* lag 1: nine 1s, two -3s */
    static const double a[] = {6, 4}, f[] = {5, 5}, lo[] = {4.5, 4.5}, hi[] = {5.5, 5.5};
    static const double lev[] = {80};
    fc_score acc = {0};
    fc_score_add(&acc, fc_metric_scale(flat, 6, 4), a, f, lo, hi, 2, lev, 1);
    fc_score_add(&acc, fc_metric_scale(seas, 12, 4), a, f, lo, hi, 2, lev, 1);
    vl_forecast_metrics m;
    fc_score_finish(&acc, 1, &m);
    assert_int_equal(m.origins, 2);
    assert_true(fabs(m.smape - 200.0 * (1.0 / 11 + 1.0 / 9) / 2) < 1e-12);
    assert_true(fabs(m.mase - 1 / sc.mae) < 1e-12); /* only the scaled origin counts */
    assert_true(fabs(m.coverage[0]) < 1e-12);
    double is = 1 + 2 / 0.2 * 0.5;
    assert_true(fabs(m.msis[0] - is / sc.mae) < 1e-12);
    fc_score none = {0};
    fc_score_finish(&none, 1, &m);
    assert_true(isnan(m.smape) && isnan(m.mase) && m.origins == 0);
    /* the mean over series skips undefined entries */
    vl_forecast_metrics x = {.origins = 2, .smape = 4, .mase = NAN, .rmsse = NAN};
    vl_forecast_metrics y2 = {.origins = 3, .smape = 2, .mase = 1, .rmsse = 1};
    const vl_forecast_metrics *both[] = {&x, &y2, NULL};
    fc_metrics_mean(both, 3, 0, &m);
    assert_true(m.smape == 3 && m.mase == 1 && m.origins == 3);
    assert_true(fc_smape_term(0, 0) == 0 && fc_smape_term(1, 0) == 200);
}

static const char *write_history(const char *name, const char *text)
{
    const char *p = vt_tmpfile(name);
    vt_write_file(p, text);
    return p;
}

/* Histories: grouping, periods of the forecast, gaps (warned; filled on request), keys. */
static void test_history(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx(2);
    const char *p = write_history("h.csv", "series,period,value,area\n"
                                           "b,2023Q3,10.5,HN\n"
                                           "a,2022,3.25,HP\n"
                                           "b,2023Q4,11.75,HN\n"
                                           "b,2024Q2,14.5,HN\n"
                                           "a,2023,4.5,HP\n"
                                           "a,2024,5.75,HP\n");
    vl_history *h;
    assert_int_equal(vl_history_read_csv(ctx, p, &h), VL_OK);
    for (int fill = 0; fill < 3; fill++) {
        vl_forecast_options o;
        vl_forecast_options_init(&o);
        o.horizon = 2;
        o.model = "naive";
        o.fill = (vl_forecast_fill)fill;
        vl_forecast *f;
        assert_int_equal(vl_forecast_history(ctx, h, &o, &f), VL_OK);
        assert_int_equal(vl_forecast_count(f), 2);
        assert_int_equal(vl_forecast_n_keys(f), 1);
        assert_string_equal(vl_forecast_key_name(f, 0), "area");
        vl_forecast_series s;
        /* series in the order of their first row in the history */
        size_t ib = strcmp(h->rows[0].series, "b") == 0 ? 0 : 1;
        assert_true(vl_forecast_get(f, ib, &s));
        assert_string_equal(s.name, "b");
        assert_string_equal(s.keys[0], "HN");
        assert_int_equal(s.freq, 4);
        char buf[16];
        assert_string_equal(vl_period_format(vl_forecast_period(f, ib, 0), buf, sizeof buf),
                            "2024Q3");
        assert_string_equal(vl_period_format(vl_forecast_period(f, ib, 1), buf, sizeof buf),
                            "2024Q4");
        assert_non_null(strstr(s.warning, "1 missing period from 2024Q1"));
        assert_string_equal(s.warning_code, fill == 0   ? "gaps_not_filled"
                                            : fill == 1 ? "gaps_filled_linear"
                                                        : "gaps_filled_zero");
        if (fill == 0) {
            assert_int_equal(s.n_history, 3);
        } else {
            assert_int_equal(s.n_history, 4);
            assert_true(s.history[2] == (fill == 1 ? 13.125 : 0));
        }
        assert_true(vl_forecast_get(f, 1 - ib, &s));
        assert_string_equal(s.warning, "");
        assert_string_equal(s.warning_code, "");
        assert_string_equal(vl_period_format(vl_forecast_period(f, 1 - ib, 1), buf, sizeof buf),
                            "2026");
        vl_forecast_destroy(f);
    }
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
}

/* A history built by hand with a duplicate period and a mixed frequency: errors with lines. */
static void test_history_errors(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx(1);
    vl_history_row rows[] = {
        {.series = "x", .period = {4, 2020, 1}, .value = 1.5, .line = 2},
        {.series = "x", .period = {4, 2020, 2}, .value = 2.5, .line = 3},
        {.series = "x", .period = {4, 2020, 1}, .value = 3.5, .line = 4},
        {.series = "y", .period = {4, 2020, 1}, .value = 3.5, .line = 5},
        {.series = "y", .period = {12, 2020, 2}, .value = 3.5, .line = 6},
    };
    vl_history h = {.rows = rows, .n_rows = 5};
    vl_forecast_options o;
    vl_forecast_options_init(&o);
    o.horizon = 2;
    vl_forecast *f;
    assert_int_equal(vl_forecast_history(ctx, &h, &o, &f), VL_ERR_INVALID);
    assert_null(f);
    assert_int_equal(vl_ctx_diag_count(ctx), 2);
    assert_non_null(strstr(vl_ctx_diag(ctx, 0), "line 6"));
    assert_non_null(strstr(vl_ctx_diag(ctx, 1), "line 4: column period: duplicate period 2020Q1"));
    h.n_rows = 0;
    assert_int_equal(vl_forecast_history(ctx, &h, &o, &f), VL_ERR_INVALID);
    vl_backtest *b;
    assert_int_equal(vl_backtest_history(ctx, &h, &o, NULL, 0, &b), VL_ERR_INVALID);
    vl_ctx_destroy(ctx);
}

/* The private helpers the models share, on values checked against R. */
static void test_helpers(void **state)
{
    (void)state;
    /* R: decompose(ts(c(...), frequency = 4), "multiplicative")$figure */
    static const double y[] = {112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118};
    double fig[4];
    assert_true(fc_decompose(y, 12, 4, true, fig));
    double sum = fig[0] + fig[1] + fig[2] + fig[3];
    assert_true(fabs(sum - 4) < 1e-12);
    assert_false(fc_decompose(y, 7, 4, true, fig));
    double r[5];
    fc_acf(y, 12, 4, r);
    assert_true(r[0] == 1 && fabs(r[1]) < 1);
    double a, b;
    static const double line[] = {2.385, 4.77, 7.155, 9.54};
    fc_linreg(line, 4, 1, &a, &b);
    assert_true(fabs(b - 2.385) < 1e-12 && fabs(a) < 1e-12);
    assert_true(fc_is_constant((const double[]){3, 3, 3}, 3));
    assert_false(fc_is_constant((const double[]){3, 3, 3.001}, 3));
    assert_true(fabs(fc_qnorm(0.975) - 1.959963984540054) < 1e-12);
    /* quantiles by selection equal R's type 7 on sorted data */
    double v[101], sorted[101];
    for (size_t i = 0; i < 101; i++)
        v[i] = sorted[i] = fmod(2.385 * (double)(i * i % 97), 13.7) - 5;
    for (size_t i = 1; i < 101; i++)
        for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
            double t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    static const double ps[] = {0, 0.025, 0.1, 0.5, 0.9, 0.975, 1};
    for (size_t i = 0; i < VL_ARRAY_LEN(ps); i++) {
        double at = 100 * ps[i], d = at - floor(at);
        size_t k = (size_t)at;
        double want = sorted[k] + (k < 100 ? d * (sorted[k + 1] - sorted[k]) : 0);
        assert_true(fabs(fc_quantile(v, 101, ps[i]) - want) < 1e-12);
    }
    fc_work *w = fc_work_create();
    fc_mark mk = fc_work_mark(w);
    double *big = fc_work_doubles(w, 200000);
    assert_non_null(big);
    big[199999] = 1;
    fc_work_release(w, mk);
    fc_work_destroy(w);
    fc_work_destroy(NULL);
}

/*
 * The pooled autoregression (pooled.c). (1) Series that share one multiplicative shape (a common
 * growth and season, each its own scale and phase) are forecast exactly: the pooled regression
 * sees every window's shape. (2) The coefficients at a validation cut are fitted only on values
 * before it: changing every series' last h values changes nothing there. (3) auto takes it as a
 * member only where it applies: enough windows in the run, positive values.
 */
static void test_pooled(void **state)
{
    (void)state;
    enum { NS = 12, N = 40, H = 8 };
    static const double season[4] = {0.8, 1.1, 1.3, 0.8};
    double ys[NS][N + H];
    char names[NS][8];
    vl_forecast_input in[NS];
    for (size_t i = 0; i < NS; i++) {
        for (size_t t = 0; t < N + H; t++)
            ys[i][t] = (10 + 17.5 * (double)i) * pow(1.02, (double)t) * season[(t + i) % 4];
        snprintf(names[i], sizeof names[i], "p%zu", i);
        in[i] = input(names[i], 4, 2010, 1, ys[i], N);
    }
    vl_ctx *ctx = new_ctx(2);
    vl_forecast_options o;
    vl_forecast_options_init(&o);
    o.horizon = H;
    o.model = "pooled";
    vl_forecast *f;
    assert_int_equal(vl_forecast_inputs(ctx, in, NS, &o, &f), VL_OK);
    for (size_t i = 0; i < NS; i++) {
        vl_forecast_series s;
        assert_true(vl_forecast_get(f, i, &s));
        assert_string_equal(s.description, "pooled AR(8)");
        for (size_t k = 0; k < H; k++)
            assert_true(fabs(s.mean[k] - ys[i][N + k]) < 1e-6 * ys[i][N + k]);
    }
    vl_forecast_destroy(f);

    /* (2) the cut's coefficients see nothing of the last h values */
    fc_seq seq[NS];
    for (size_t i = 0; i < NS; i++)
        seq[i] = (fc_seq){ys[i], N, 4};
    size_t cuts[2] = {0, H};
    fc_pooled *a, *b;
    assert_int_equal(fc_pooled_fit(seq, NS, H, cuts, 2, &a), VL_OK);
    double changed[NS][N];
    for (size_t i = 0; i < NS; i++) {
        memcpy(changed[i], ys[i], sizeof changed[i]);
        for (size_t t = N - H; t < N; t++)
            changed[i][t] *= 1.5 + 0.1 * (double)t;
        seq[i].y = changed[i];
    }
    assert_int_equal(fc_pooled_fit(seq, NS, H, cuts, 2, &b), VL_OK);
    fc_work *w = fc_work_create();
    double m1[H], m2[H], fit[N];
    for (size_t i = 0; i < NS; i++) {
        fc_spec sp = {.h = H, .cut = H, .pooled = a};
        fc_out o1 = {.mean = m1, .fitted = fit}, o2 = {.mean = m2, .fitted = fit};
        assert_int_equal(fc_pooled_run(w, ys[i], N - H, 4, &sp, &o1), VL_OK);
        sp.pooled = b;
        assert_int_equal(fc_pooled_run(w, changed[i], N - H, 4, &sp, &o2), VL_OK);
        assert_memory_equal(m1, m2, sizeof m1);
        /* the final cut did see them */
        sp.cut = 0;
        sp.pooled = a;
        assert_int_equal(fc_pooled_run(w, ys[i], N, 4, &sp, &o1), VL_OK);
        sp.pooled = b;
        assert_int_equal(fc_pooled_run(w, changed[i], N, 4, &sp, &o2), VL_OK);
        assert_true(memcmp(m1, m2, sizeof m1) != 0);
    }
    /* a value that is not positive: the series cannot use it; another frequency neither */
    changed[3][10] = 0;
    assert_false(fc_pooled_applies(b, changed[3], N, 4));
    assert_false(fc_pooled_applies(b, ys[4], N, 12));
    assert_true(fc_pooled_applies(b, ys[4], N, 4));
    fc_pooled_free(a);
    fc_pooled_free(b);
    fc_work_destroy(w);

    /* (3) auto: a member for the twelve series, not for a series with a zero, not alone */
    ys[5][7] = 0;
    o.model = "auto";
    o.validation = 3;
    assert_int_equal(vl_forecast_inputs(ctx, in, NS, &o, &f), VL_OK);
    for (size_t i = 0; i < NS; i++) {
        vl_forecast_series s;
        assert_true(vl_forecast_get(f, i, &s));
        assert_true((strstr(s.description, "pooled AR(8)") != NULL) == (i != 5));
    }
    vl_forecast_destroy(f);
    assert_int_equal(vl_forecast_inputs(ctx, in, 1, &o, &f), VL_OK);
    vl_forecast_series s;
    assert_true(vl_forecast_get(f, 0, &s));
    assert_null(strstr(s.description, "pooled"));
    assert_non_null(strstr(s.description, "mean("));
    vl_forecast_destroy(f);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),          cmocka_unit_test(test_constant),
        cmocka_unit_test(test_nasty_series),     cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_backtest_by_hand), cmocka_unit_test(test_history),
        cmocka_unit_test(test_history_errors),   cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_metrics),          cmocka_unit_test(test_pooled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
