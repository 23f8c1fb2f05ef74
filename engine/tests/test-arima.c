/*
 * test-arima.c - the ARIMA model's contract: argument errors, model names, messy series
 * (constant, exact trend, very short, zeros, negative, outlier, huge and tiny scales), interval
 * properties (finite, nested, widening with the horizon), determinism, and recovery of known
 * parameters from simulated series. R reference values are in test-numeric-arima.c.
 */
#include "testutil.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "forecast/arima.h"

enum { H = 8 };

/* Deterministic Gaussian noise (64-bit LCG + Box-Muller), so simulated series never change. */
typedef struct rng {
    uint64_t s;
} rng;

static double rng_unif(rng *r)
{
    r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
    return ((double)(r->s >> 11) + 0.5) / 9007199254740992.0;
}

static double rng_norm(rng *r)
{
    double u = rng_unif(r), v = rng_unif(r);
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* Fits automatically, forecasts H steps at 80/95 and checks every output is finite and the
 * intervals are ordered lo95 <= lo80 <= mean <= hi80 <= hi95. */
static fc_arima *auto_and_check(const double *y, size_t n, int m, double *mean, double *lo,
                                double *hi)
{
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    fc_arima *a = NULL;
    vl_status st = fc_arima_auto(ctx, y, n, m, NULL, &a);
    if (st != VL_OK)
        fail_msg("fc_arima_auto: %s", vl_ctx_errmsg(ctx));
    assert_non_null(a);
    const double levels[2] = {80, 95};
    assert_int_equal(fc_arima_forecast(ctx, a, H, levels, 2, mean, lo, hi), VL_OK);
    for (int t = 0; t < H; t++) {
        assert_true(isfinite(mean[t]) && isfinite(lo[t]) && isfinite(hi[t]));
        assert_true(isfinite(lo[H + t]) && isfinite(hi[H + t]));
        assert_true(lo[H + t] <= lo[t] && lo[t] <= mean[t]);
        assert_true(mean[t] <= hi[t] && hi[t] <= hi[H + t]);
    }
    size_t nr = 0;
    const double *res = fc_arima_residuals(a, &nr);
    assert_int_equal(nr, n);
    for (size_t i = 0; i < nr; i++)
        assert_true(isfinite(res[i]));
    assert_false(isnan(fc_arima_aicc(a)));
    vl_ctx_destroy(ctx);
    return a;
}

static void test_options_default(void **state)
{
    (void)state;
    fc_arima_options o;
    memset(&o, 0x5a, sizeof o);
    fc_arima_options_default(&o);
    assert_int_equal(o.max_p, 5);
    assert_int_equal(o.max_q, 5);
    assert_int_equal(o.max_P, 2);
    assert_int_equal(o.max_Q, 2);
    assert_int_equal(o.max_d, 2);
    assert_int_equal(o.max_D, 1);
    assert_true(o.stepwise);
    assert_true(o.allow_drift);
    assert_true(fabs(o.alpha_test - 0.05) < 1e-15);
}

static void test_argument_errors(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    static const double y[6] = {2.385, 3.141, 2.718, 1.414, 1.732, 2.236};
    static const double bad[4] = {1.5, NAN, 2.5, 3.5};
    static const double inf[3] = {1.5, INFINITY, 2.5};
    fc_arima *a = (fc_arima *)&ctx; /* must be reset to NULL on failure */
    static const struct {
        const double *y;
        size_t n;
        int m;
    } cases[] = {
        {NULL, 6, 1}, {y, 0, 1}, {bad, 4, 1}, {inf, 3, 1}, {y, 6, 0}, {y, 6, -4}, {y, 6, 400},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        a = (fc_arima *)&ctx;
        assert_int_equal(fc_arima_auto(ctx, cases[i].y, cases[i].n, cases[i].m, NULL, &a),
                         VL_ERR_ARG);
        assert_null(a);
        assert_true(strstr(vl_ctx_errmsg(ctx), "arima") != NULL);
        a = (fc_arima *)&ctx;
        assert_int_equal(
            fc_arima_fit(ctx, cases[i].y, cases[i].n, cases[i].m, 1, 0, 0, 0, 0, 0, true, &a),
            VL_ERR_ARG);
        assert_null(a);
    }
    assert_int_equal(fc_arima_auto(ctx, y, 6, 1, NULL, NULL), VL_ERR_ARG);
    assert_int_equal(fc_arima_fit(ctx, y, 6, 1, 0, 1, 0, 0, 0, 0, false, NULL), VL_ERR_ARG);
    /* orders out of range */
    static const int orders[][6] = {
        {-1, 0, 0, 0, 0, 0}, {6, 0, 0, 0, 0, 0}, {0, 3, 0, 0, 0, 0}, {0, 0, 6, 0, 0, 0},
        {0, 0, 0, 3, 0, 0},  {0, 0, 0, 0, 2, 0}, {0, 0, 0, 0, 0, 3}, {0, -1, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
        const int *o = orders[i];
        assert_int_equal(fc_arima_fit(ctx, y, 6, 4, o[0], o[1], o[2], o[3], o[4], o[5], false, &a),
                         VL_ERR_ARG);
        assert_null(a);
    }
    /* invalid search options */
    fc_arima_options o;
    fc_arima_options_default(&o);
    o.max_p = -1;
    assert_int_equal(fc_arima_auto(ctx, y, 6, 1, &o, &a), VL_ERR_ARG);
    fc_arima_options_default(&o);
    o.alpha_test = 1.5;
    assert_int_equal(fc_arima_auto(ctx, y, 6, 1, &o, &a), VL_ERR_ARG);
    fc_arima_options_default(&o);
    o.alpha_test = NAN;
    assert_int_equal(fc_arima_auto(ctx, y, 6, 1, &o, &a), VL_ERR_ARG);
    assert_null(a);
    vl_ctx_destroy(ctx);
}

static void test_forecast_errors(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    const double y[12] = {12.5, 13.1, 12.9, 14.2, 13.8, 14.6, 15.1, 14.7, 15.9, 16.3, 15.8, 17.2};
    fc_arima *a = NULL;
    assert_int_equal(fc_arima_fit(ctx, y, 12, 1, 0, 1, 0, 0, 0, 0, true, &a), VL_OK);
    double mean[H], lo[2 * H], hi[2 * H];
    const double good[2] = {80, 95};
    static const double badlev[][1] = {{0}, {100}, {-5}, {150}, {NAN}};
    for (size_t i = 0; i < sizeof badlev / sizeof badlev[0]; i++)
        assert_int_equal(fc_arima_forecast(ctx, a, H, badlev[i], 1, mean, lo, hi), VL_ERR_ARG);
    assert_int_equal(fc_arima_forecast(ctx, a, 0, good, 2, mean, lo, hi), VL_ERR_ARG);
    assert_int_equal(fc_arima_forecast(ctx, NULL, H, good, 2, mean, lo, hi), VL_ERR_ARG);
    assert_int_equal(fc_arima_forecast(ctx, a, H, good, 2, NULL, lo, hi), VL_ERR_ARG);
    assert_int_equal(fc_arima_forecast(ctx, a, H, NULL, 2, mean, lo, hi), VL_ERR_ARG);
    assert_int_equal(fc_arima_forecast(ctx, a, H, good, 2, mean, NULL, hi), VL_ERR_ARG);
    /* no levels: means only */
    assert_int_equal(fc_arima_forecast(ctx, a, H, NULL, 0, mean, NULL, NULL), VL_OK);
    /* random walk with drift: the mean is last + h * mean(diff) */
    double drift = (y[11] - y[0]) / 11;
    for (int t = 0; t < H; t++)
        assert_true(fabs(mean[t] - (y[11] + (t + 1) * drift)) < 1e-9);
    fc_arima_free(a);
    fc_arima_free(NULL);
    vl_ctx_destroy(ctx);
}

static void test_describe(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    double y[40];
    rng r = {2385};
    for (int i = 0; i < 40; i++)
        y[i] = 100 + 0.75 * i + 6 * ((i % 4) == 1) - 4 * ((i % 4) == 3) + rng_norm(&r);
    static const struct {
        int m, p, d, q, P, D, Q;
        bool c;
        const char *name;
    } cases[] = {
        {4, 0, 1, 1, 0, 1, 1, false, "ARIMA(0,1,1)(0,1,1)[4]"},
        {4, 1, 1, 0, 0, 0, 0, true, "ARIMA(1,1,0) with drift"},
        {4, 0, 0, 1, 0, 1, 0, true, "ARIMA(0,0,1)(0,1,0)[4] with drift"},
        {4, 1, 0, 0, 1, 0, 0, true, "ARIMA(1,0,0)(1,0,0)[4] with non-zero mean"},
        {1, 0, 0, 2, 0, 0, 0, false, "ARIMA(0,0,2) with zero mean"},
        {4, 0, 2, 1, 0, 0, 0, true, "ARIMA(0,2,1)"},  /* no constant with two differences */
        {1, 0, 1, 1, 1, 1, 1, false, "ARIMA(0,1,1)"}, /* m = 1 drops the seasonal part */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fc_arima *a = NULL;
        vl_status st = fc_arima_fit(ctx, y, 40, cases[i].m, cases[i].p, cases[i].d, cases[i].q,
                                    cases[i].P, cases[i].D, cases[i].Q, cases[i].c, &a);
        if (st != VL_OK)
            fail_msg("%s: %s", cases[i].name, vl_ctx_errmsg(ctx));
        char buf[96];
        fc_arima_describe(a, buf, sizeof buf);
        assert_string_equal(buf, cases[i].name);
        char small[8];
        fc_arima_describe(a, small, sizeof small);
        assert_int_equal(strlen(small), 7); /* truncated, still terminated */
        assert_true(strncmp(small, cases[i].name, 7) == 0);
        int order[7];
        bool constant = true;
        fc_arima_order(a, order, &constant);
        assert_int_equal(order[6], cases[i].m);
        assert_int_equal(constant, strstr(cases[i].name, "with d") != NULL ||
                                       strstr(cases[i].name, "non-zero") != NULL);
        fc_arima_free(a);
    }
    char buf[4] = "xyz";
    fc_arima_describe(NULL, buf, sizeof buf);
    assert_string_equal(buf, "");
    fc_arima_describe(NULL, NULL, 0);
    vl_ctx_destroy(ctx);
}

static void test_constant_series(void **state)
{
    (void)state;
    double y[20], mean[H], lo[2 * H], hi[2 * H];
    for (int i = 0; i < 20; i++)
        y[i] = 42.125;
    fc_arima *a = auto_and_check(y, 20, 4, mean, lo, hi);
    char buf[96];
    fc_arima_describe(a, buf, sizeof buf);
    assert_string_equal(buf, "ARIMA(0,0,0) with non-zero mean");
    for (int t = 0; t < H; t++) {
        assert_true(fabs(mean[t] - 42.125) < 1e-12);
        assert_true(fabs(hi[H + t] - lo[H + t]) < 1e-9);
    }
    assert_true(isfinite(fc_arima_aicc(a)));
    fc_arima_free(a);
}

static void test_exact_trend(void **state)
{
    (void)state;
    /* y = 3.5 + 2.25 t: the differenced series is constant, so a drift model continues it */
    double y[24], mean[H], lo[2 * H], hi[2 * H];
    for (int i = 0; i < 24; i++)
        y[i] = 3.5 + 2.25 * i;
    fc_arima *a = auto_and_check(y, 24, 4, mean, lo, hi);
    char buf[96];
    fc_arima_describe(a, buf, sizeof buf);
    assert_string_equal(buf, "ARIMA(0,1,0) with drift");
    for (int t = 0; t < H; t++)
        assert_true(fabs(mean[t] - (3.5 + 2.25 * (24 + t))) < 1e-9);
    fc_arima_free(a);
}

static void test_messy_series(void **state)
{
    (void)state;
    static const double zeros[16] = {0, 0, 3, 0, 0, 1, 0, 0, 0, 2, 0, 0, 4, 0, 0, 1};
    static const double negative[14] = {-5.5,  -3.25, 2.5,   -1.75, -8.5,  -2.25, 3.5,
                                        -0.75, -6.5,  -4.25, 1.5,   -2.75, -7.5,  -3.25};
    static const double outlier[20] = {101, 103, 99, 104, 102, 100, 98,  105, 9000, 101,
                                       104, 102, 99, 103, 100, 98,  104, 101, 102,  103};
    static const double tiny[3] = {1.5, 2.5, 2.0};
    static const double one[1] = {7.25};
    static const double two[2] = {7.25, 9.5};
    static double huge[32], small[32];
    rng r = {97};
    for (int i = 0; i < 32; i++) {
        double e = rng_norm(&r);
        huge[i] = 1e9 * (3 + 0.02 * i + 0.1 * e);
        small[i] = 1e-9 * (3 + 0.02 * i + 0.1 * e);
    }
    static const struct {
        const double *y;
        size_t n;
        int m;
    } cases[] = {
        {zeros, 16, 4}, {negative, 14, 4}, {outlier, 20, 4}, {tiny, 3, 4},
        {one, 1, 4},    {two, 2, 1},       {huge, 32, 4},    {small, 32, 12},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double mean[H], lo[2 * H], hi[2 * H];
        fc_arima *a = auto_and_check(cases[i].y, cases[i].n, cases[i].m, mean, lo, hi);
        fc_arima_free(a);
    }
}

static void test_intervals_widen(void **state)
{
    (void)state;
    /* a seasonal random walk and a trending AR series: interval width never shrinks */
    double y1[48], y2[60];
    rng r = {4242};
    y1[0] = 50;
    for (int i = 1; i < 48; i++)
        y1[i] = y1[i - 1] + 0.4 + 1.7 * rng_norm(&r) + 3 * ((i % 4) == 0);
    double e = 0;
    for (int i = 0; i < 60; i++) {
        e = 0.6 * e + rng_norm(&r);
        y2[i] = 20 + 0.15 * i + e;
    }
    const double *ys[2] = {y1, y2};
    const size_t ns[2] = {48, 60};
    for (int c = 0; c < 2; c++) {
        double mean[H], lo[2 * H], hi[2 * H];
        fc_arima *a = auto_and_check(ys[c], ns[c], 4, mean, lo, hi);
        for (int t = 1; t < H; t++) {
            assert_true(hi[t] - lo[t] >= (hi[t - 1] - lo[t - 1]) * (1 - 1e-12));
            assert_true(hi[H + t] - lo[H + t] >= (hi[H + t - 1] - lo[H + t - 1]) * (1 - 1e-12));
        }
        fc_arima_free(a);
    }
}

static void test_recovers_ar1(void **state)
{
    (void)state;
    /* AR(1), phi = 0.62, mean 9.75, 400 points: ML estimates within ~3 standard errors */
    enum { N = 400 };
    double y[N];
    rng r = {31337};
    double x = 0;
    for (int i = 0; i < 100; i++)
        x = 0.62 * x + rng_norm(&r);
    for (int i = 0; i < N; i++) {
        x = 0.62 * x + rng_norm(&r);
        y[i] = 9.75 + x;
    }
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    fc_arima *a = NULL;
    assert_int_equal(fc_arima_fit(ctx, y, N, 1, 1, 0, 0, 0, 0, 0, true, &a), VL_OK);
    double coef[4];
    assert_int_equal(fc_arima_coef(a, coef, 4), 2);
    assert_true(fabs(coef[0] - 0.62) < 3 * sqrt((1 - 0.62 * 0.62) / N));
    assert_true(fabs(coef[1] - 9.75) < 3 * sqrt(1 / ((1 - 0.62) * (1 - 0.62) * N)));
    assert_true(fabs(fc_arima_sigma2(a) - 1) < 0.2);
    /* capacity smaller than the count: still reports the count, writes only cap values */
    double one[1] = {-7};
    assert_int_equal(fc_arima_coef(a, one, 1), 2);
    assert_true(fabs(one[0] - coef[0]) < 1e-15);
    fc_arima_free(a);
    vl_ctx_destroy(ctx);
}

static void test_recovers_seasonal_ma(void **state)
{
    (void)state;
    /* (1 - B^4) y_t = (1 + 0.45 B)(1 - 0.55 B^4) e_t, 240 quarters */
    enum { N = 240 };
    double y[N], e[N];
    rng r = {777};
    for (int i = 0; i < N; i++) {
        e[i] = rng_norm(&r);
        double w = e[i] + (i >= 1 ? 0.45 * e[i - 1] : 0) - (i >= 4 ? 0.55 * e[i - 4] : 0) -
                   (i >= 5 ? 0.45 * 0.55 * e[i - 5] : 0);
        y[i] = (i >= 4 ? y[i - 4] : 10.0 * (i + 1)) + w;
    }
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    fc_arima *a = NULL;
    assert_int_equal(fc_arima_fit(ctx, y, N, 4, 0, 0, 1, 0, 1, 1, false, &a), VL_OK);
    double coef[4];
    assert_int_equal(fc_arima_coef(a, coef, 4), 2);
    assert_true(fabs(coef[0] - 0.45) < 0.2);
    assert_true(fabs(coef[1] + 0.55) < 0.2);
    fc_arima_free(a);
    vl_ctx_destroy(ctx);
}

static void test_nonstationary_css_fails(void **state)
{
    (void)state;
    /* exponential growth fitted as a stationary AR(1): CSS finds phi > 1, as R's arima does */
    double y[30];
    for (int i = 0; i < 30; i++)
        y[i] = pow(1.15, i);
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    fc_arima *a = (fc_arima *)&ctx;
    assert_int_equal(fc_arima_fit(ctx, y, 30, 1, 1, 0, 0, 0, 0, 0, false, &a), VL_ERR_NUMERIC);
    assert_null(a);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "non-stationary"));
    /* too short for the order */
    const double s[4] = {1.5, 2.5, 1.75, 2.25};
    assert_int_equal(fc_arima_fit(ctx, s, 4, 4, 1, 0, 0, 1, 0, 0, true, &a), VL_ERR_NUMERIC);
    assert_null(a);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "too few"));
    vl_ctx_destroy(ctx);
}

static void test_deterministic(void **state)
{
    (void)state;
    double y[44];
    rng r = {5};
    for (int i = 0; i < 44; i++)
        y[i] = 500 + 4 * i + 25 * sin(i * 1.5707963267948966) + 9 * rng_norm(&r);
    double m1[H], l1[2 * H], h1[2 * H], m2[H], l2[2 * H], h2[2 * H];
    fc_arima *a = auto_and_check(y, 44, 4, m1, l1, h1);
    fc_arima *b = auto_and_check(y, 44, 4, m2, l2, h2);
    assert_memory_equal(m1, m2, sizeof m1);
    assert_memory_equal(l1, l2, sizeof l1);
    assert_memory_equal(h1, h2, sizeof h1);
    assert_true(fc_arima_aicc(a) == fc_arima_aicc(b));
    fc_arima_free(a);
    fc_arima_free(b);
}

static void test_search_options(void **state)
{
    (void)state;
    double y[48];
    rng r = {99};
    double e = 0;
    for (int i = 0; i < 48; i++) {
        e = 0.5 * e + rng_norm(&r);
        y[i] = 30 + 5 * ((i % 4) == 2) + e;
    }
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    fc_arima_options o;
    fc_arima_options_default(&o);
    fc_arima *step = NULL, *full = NULL, *plain = NULL;
    assert_int_equal(fc_arima_auto(ctx, y, 48, 4, &o, &step), VL_OK);
    o.stepwise = false;
    assert_int_equal(fc_arima_auto(ctx, y, 48, 4, &o, &full), VL_OK);
    /* the exhaustive search sees every stepwise candidate, so it is never worse */
    assert_true(fc_arima_aicc(full) <= fc_arima_aicc(step) + 1e-9);
    /* no seasonal or AR/MA terms allowed: only the differencing and the constant remain */
    fc_arima_options_default(&o);
    o.max_p = o.max_q = o.max_P = o.max_Q = 0;
    assert_int_equal(fc_arima_auto(ctx, y, 48, 4, &o, &plain), VL_OK);
    int order[7];
    fc_arima_order(plain, order, NULL);
    assert_int_equal(order[0] + order[2] + order[3] + order[5], 0);
    fc_arima_free(step);
    fc_arima_free(full);
    fc_arima_free(plain);
    vl_ctx_destroy(ctx);
}

/* Fits from several threads at once give the bits a serial fit gives (no shared state). */
enum { NT = 4, TN = 40 };
typedef struct thread_job {
    double y[TN];
    double mean[H];
    vl_status st;
} thread_job;

static void *thread_fit(void *arg)
{
    thread_job *j = arg;
    fc_arima *a = NULL;
    j->st = fc_arima_auto(NULL, j->y, TN, 4, NULL, &a);
    if (j->st == VL_OK)
        j->st = fc_arima_forecast(NULL, a, H, NULL, 0, j->mean, NULL, NULL);
    fc_arima_free(a);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    static thread_job jobs[NT], serial[NT];
    rng r = {2024};
    for (int k = 0; k < NT; k++) {
        double e = 0;
        for (int i = 0; i < TN; i++) {
            e = 0.3 * k * e / NT + rng_norm(&r);
            jobs[k].y[i] = 200 + (k + 1) * 1.5 * i + 12 * ((i % 4) == k % 4) + 4 * e;
        }
        serial[k] = jobs[k];
        thread_fit(&serial[k]);
        assert_int_equal(serial[k].st, VL_OK);
    }
    pthread_t th[NT];
    for (int k = 0; k < NT; k++)
        assert_int_equal(pthread_create(&th[k], NULL, thread_fit, &jobs[k]), 0);
    for (int k = 0; k < NT; k++)
        assert_int_equal(pthread_join(th[k], NULL), 0);
    for (int k = 0; k < NT; k++) {
        assert_int_equal(jobs[k].st, VL_OK);
        assert_memory_equal(jobs[k].mean, serial[k].mean, sizeof jobs[k].mean);
    }
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_default),
        cmocka_unit_test(test_argument_errors),
        cmocka_unit_test(test_forecast_errors),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_constant_series),
        cmocka_unit_test(test_exact_trend),
        cmocka_unit_test(test_messy_series),
        cmocka_unit_test(test_intervals_widen),
        cmocka_unit_test(test_recovers_ar1),
        cmocka_unit_test(test_recovers_seasonal_ma),
        cmocka_unit_test(test_nonstationary_css_fails),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_search_options),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
