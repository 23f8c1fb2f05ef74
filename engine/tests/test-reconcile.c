/*
 * test-reconcile.c - forecast reconciliation (forecast/reconcile.c): every method on small
 * hand-computed hierarchies, MinT with the shrinkage covariance against R (hts's formulas run in
 * base R, fixtures/reconcile/mint-shrink-reference.R), coherence within 1e-9 relative at every
 * level of a grouped area x industry hierarchy, projection properties, reconciled standard
 * deviations, G and the standard deviations against the textbook formulas computed densely, and
 * every error path.
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "forecast/hier.h"

static void close_to(double got, double want, double tol, const char *what, size_t i)
{
    if (!(fabs(got - want) <= tol * fmax(1.0, fabs(want))))
        fail_msg("%s[%zu]: got %.17g, expected %.17g", what, i, got, want);
}

/* total = A + B */
static const unsigned char S3[] = {1, 1, 1, 0, 0, 1};

/* Residuals with uncentred variances 4, 1, 1 and no cross products: R = I, lambda = 1. */
static const double orth_resid[] = {2, -2, 2,  -2, /* total */
                                    1, 1,  -1, -1, /* A */
                                    1, -1, -1, 1}; /* B */

static void test_hand_computed(void **state)
{
    (void)state;
    static const double base[] = {10, 4, 5};
    static const double hist[] = {10, 20, 4, 10, 6, 10}; /* total, A, B over T = 2 */
    static const struct {
        fc_recon_method method;
        const double *resid; /* T = 4 */
        double want[3];
    } cases[] = {
        {FC_RECON_NONE, NULL, {10, 4, 5}},
        {FC_RECON_BOTTOM_UP, NULL, {9, 4, 5}},
        /* proportions (0.4 + 0.5) / 2 and (0.6 + 0.5) / 2 of the total */
        {FC_RECON_TOP_DOWN, NULL, {10, 4.5, 5.5}},
        /* the incoherence of 1 is shared equally: total -1/3, A and B +1/3 */
        {FC_RECON_OLS, NULL, {29.0 / 3, 13.0 / 3, 16.0 / 3}},
        /* shared in proportion to the variances 4 : 1 : 1 */
        {FC_RECON_WLS, orth_resid, {28.0 / 3, 25.0 / 6, 31.0 / 6}},
        /* no correlation at all: the shrinkage goes to the diagonal and MinT is WLS */
        {FC_RECON_MINT, orth_resid, {28.0 / 3, 25.0 / 6, 31.0 / 6}},
        /* the total held: its gap of 1 goes to A and B by their variances 1 : 1 */
        {FC_RECON_MINT_TOTAL, orth_resid, {10, 4.5, 5.5}},
    };
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    fc_recon *r;
    assert_int_equal(fc_recon_create(ctx, 3, 2, S3, &r), VL_OK);
    for (size_t c = 0; c < VL_ARRAY_LEN(cases); c++) {
        const double *h = cases[c].method == FC_RECON_TOP_DOWN ? hist : NULL;
        assert_int_equal(fc_recon_fit(ctx, r, cases[c].method, cases[c].resid, 4, h, 2), VL_OK);
        double out[3];
        fc_recon_apply(r, base, out);
        for (size_t i = 0; i < 3; i++)
            close_to(out[i], cases[c].want[i], 1e-12, fc_recon_method_name(cases[c].method), i);
        if (cases[c].method == FC_RECON_MINT || cases[c].method == FC_RECON_MINT_TOTAL)
            close_to(fc_recon_lambda(r), 1.0, 0, "lambda", 0);
        else
            assert_true(isnan(fc_recon_lambda(r)));
    }
    fc_recon_destroy(r);
    fc_recon_destroy(NULL);
    vl_ctx_destroy(ctx);
}

/* Values printed by fixtures/reconcile/mint-shrink-reference.R (R 4.2, base R). */
static void test_mint_against_r(void **state)
{
    (void)state;
    /* nodes total, A, B, a1, a2 (A = a1 + a2); bottom a1, a2, B */
    static const unsigned char S[] = {1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0};
    static const double x[] = {
        2.385, -1.102, 0.731,  -3.214, 1.977, -0.458, 0.912,  /* total */
        1.204, -0.377, 0.518,  -1.851, 0.733, -0.129, 0.284,  /* A */
        0.971, -0.893, 0.102,  -1.166, 1.338, -0.402, 0.717,  /* B */
        0.611, -0.051, 0.377,  -0.902, 0.290, 0.133,  -0.204, /* a1 */
        0.655, 0.348,  -0.011, -0.803, 0.467, -0.296, 0.472,  /* a2 */
    };
    static const double want_lambda = 0.28192943033665796;
    static const double want_W[25] = {
        3.24526042857142860, 1.16758243852806443, 1.08790286616198117, 0.51438677513303654,
        0.53760620249216040, 1.16758243852806443, 0.84583657142857160, 0.50809514338315620,
        0.28284143217375346, 0.27210997009164484, 1.08790286616198117, 0.50809514338315620,
        0.79659814285714292, 0.19667911870474958, 0.24031554915262121, 0.51438677513303654,
        0.28284143217375346, 0.19667911870474958, 0.21072285714285718, 0.11308483075588169,
        0.53760620249216040, 0.27210997009164484, 0.24031554915262121, 0.11308483075588169,
        0.24622114285714286};
    /* R's G has its columns in bottom order a1, a2, B: the same as ours */
    static const double want_G[15] = {
        -0.0086363114848535469, 0.1013186641257878134,  0.0086363114848535955,
        0.9073176473590659485,  -0.0926823526409343845, 0.0209046815819016046,
        0.1994685531063980777,  -0.0209046815819016463, -0.2203732346882996129,
        0.7796267653117004981,  0.1402074644009747018,  -0.2274383811919414022,
        0.8597925355990253538,  0.0872309167909666450,  0.0872309167909666172};
    static const double yhat[] = {103.7, 51.2, 49.9, 27.3, 22.6};
    static const double want_y[] = {100.490009241394617, 50.338870025780338, 50.151139215614272,
                                    27.398032648572602, 22.940837377207743};

    double W[25];
    double lambda = fc_shrink_cov(x, 7, 5, 1e-12, W);
    close_to(lambda, want_lambda, 1e-12, "lambda", 0);
    for (size_t i = 0; i < 25; i++)
        close_to(W[i], want_W[i], 1e-12, "W", i);

    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    fc_recon *r;
    assert_int_equal(fc_recon_create(ctx, 5, 3, S, &r), VL_OK);
    assert_int_equal(fc_recon_fit(ctx, r, FC_RECON_MINT, x, 7, NULL, 0), VL_OK);
    close_to(fc_recon_lambda(r), want_lambda, 1e-12, "lambda", 0);
    const double *G = fc_recon_G(r);
    for (size_t i = 0; i < 15; i++)
        close_to(G[i], want_G[i], 1e-9, "G", i);
    double out[5];
    fc_recon_apply(r, yhat, out);
    for (size_t i = 0; i < 5; i++)
        close_to(out[i], want_y[i], 1e-11, "ytilde", i);
    fc_recon_destroy(r);
    vl_ctx_destroy(ctx);
}

/* A deterministic generator of "high-entropy" values (no libc rand: same on every platform). */
static double lcg(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

/* The grouped structure of the planner: total; each area; each industry; each area x industry. */
static unsigned char *grouped_S(size_t na, size_t ni, size_t *n_out)
{
    size_t m = na * ni, n = 1 + na + ni + m;
    unsigned char *S = calloc(n * m, 1);
    assert_non_null(S);
    for (size_t a = 0; a < na; a++)
        for (size_t k = 0; k < ni; k++) {
            size_t j = a * ni + k;
            S[0 * m + j] = 1;
            S[(1 + a) * m + j] = 1;
            S[(1 + na + k) * m + j] = 1;
            S[(1 + na + ni + j) * m + j] = 1;
        }
    *n_out = n;
    return S;
}

/* Every node equals the sum of its bottom series within 1e-9 relative, for every method. */
static void test_coherence_grouped(void **state)
{
    (void)state;
    static const struct {
        size_t na, ni, T;
    } shapes[] = {{3, 4, 10}, {12, 21, 36}, {1, 5, 6}, {2, 1, 3}};
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    unsigned long long seed = 20261127;
    for (size_t sh = 0; sh < VL_ARRAY_LEN(shapes); sh++) {
        size_t na = shapes[sh].na, ni = shapes[sh].ni, T = shapes[sh].T, m = na * ni, n;
        unsigned char *S = grouped_S(na, ni, &n);
        double *resid = malloc(n * T * sizeof *resid);
        double *hist = malloc(n * T * sizeof *hist);
        double *base = malloc(n * sizeof *base);
        double *coh = malloc(n * sizeof *coh);
        double *out = malloc(n * sizeof *out);
        double *out2 = malloc(n * sizeof *out2);
        assert_true(resid && hist && base && coh && out && out2);
        /* bottom history and residuals, aggregated through S; a constant zero series too */
        for (size_t i = 0; i < n; i++)
            for (size_t t = 0; t < T; t++)
                resid[i * T + t] = hist[i * T + t] = 0;
        for (size_t j = 0; j < m; j++) {
            double bh[64], br[64];
            for (size_t t = 0; t < T; t++) {
                bh[t] = j == 1 ? 0 : 50 + 400 * lcg(&seed);
                br[t] = j == 1 ? 0 : (lcg(&seed) - 0.5) * (3 + (double)j);
            }
            for (size_t i = 0; i < n; i++)
                if (S[i * m + j])
                    for (size_t t = 0; t < T; t++) {
                        hist[i * T + t] += bh[t];
                        resid[i * T + t] += br[t] + 0.3 * (lcg(&seed) - 0.5);
                    }
        }
        for (size_t i = 0; i < n; i++)
            base[i] = 1000 * lcg(&seed) + 0.123;
        /* a coherent base: sums of random bottom values */
        for (size_t i = 0; i < n; i++) {
            coh[i] = 0;
            for (size_t j = 0; j < m; j++)
                if (S[i * m + j])
                    coh[i] += 10 + (double)((j * 7919) % 101) + 0.25;
        }
        fc_recon *r;
        assert_int_equal(fc_recon_create(ctx, n, m, S, &r), VL_OK);
        for (int meth = 0; meth < FC_RECON_COUNT; meth++) {
            assert_int_equal(fc_recon_fit(ctx, r, (fc_recon_method)meth, resid, T, hist, T), VL_OK);
            fc_recon_apply(r, base, out);
            if (meth == FC_RECON_NONE) {
                assert_memory_equal(out, base, n * sizeof *out);
                continue;
            }
            for (size_t i = 0; i < n; i++) {
                double s = 0;
                for (size_t j = 0; j < m; j++)
                    if (S[i * m + j])
                        s += out[n - m + j];
                if (!(fabs(out[i] - s) <= 1e-9 * fmax(1.0, fabs(s))))
                    fail_msg("%s %zux%zu: node %zu = %.17g but its bottom sums to %.17g",
                             fc_recon_method_name((fc_recon_method)meth), na, ni, i, out[i], s);
            }
            if (meth == FC_RECON_BOTTOM_UP)
                assert_memory_equal(out + n - m, base + n - m, m * sizeof *out);
            if (meth == FC_RECON_TOP_DOWN || meth == FC_RECON_MINT_TOTAL)
                close_to(out[0], base[0], 1e-9, "total kept", sh);
            /* projections (OLS, WLS, MinT) leave coherent forecasts as they are: S G S = S */
            if (meth >= FC_RECON_OLS) {
                fc_recon_apply(r, coh, out2);
                for (size_t i = 0; i < n; i++)
                    close_to(out2[i], coh[i], 1e-8, "coherent kept", i);
            }
            if (meth == FC_RECON_MINT || meth == FC_RECON_MINT_TOTAL)
                assert_true(fc_recon_lambda(r) >= 0 && fc_recon_lambda(r) <= 1);
        }
        fc_recon_destroy(r);
        free(S);
        free(resid);
        free(hist);
        free(base);
        free(coh);
        free(out);
        free(out2);
    }
    vl_ctx_destroy(ctx);
}

/* Inverts the k x k symmetric positive definite a in place (Gauss-Jordan, no pivoting). */
static void spd_invert(double *a, size_t k)
{
    for (size_t p = 0; p < k; p++) {
        double piv = a[p * k + p];
        assert_true(piv > 0);
        for (size_t j = 0; j < k; j++)
            a[p * k + j] /= piv;
        a[p * k + p] = 1 / piv;
        for (size_t i = 0; i < k; i++) {
            if (i == p)
                continue;
            double f = a[i * k + p];
            for (size_t j = 0; j < k; j++)
                a[i * k + j] -= f * a[p * k + j];
            a[i * k + p] = -f / piv;
        }
    }
}

/*
 * G and the reconciled sds against the textbook formulas computed densely here:
 * G = (S'W^-1 S)^-1 S'W^-1 (plus the total's constraint for mint_total) and
 * sd_i^2 = (P D R D P')_ii, on grouped hierarchies with more series than residuals, and with
 * aggregates that repeat a bottom series or the total (an area of one industry).
 */
static void test_dense_reference(void **state)
{
    (void)state;
    static const struct {
        size_t na, ni, T;
    } shapes[] = {{3, 4, 10}, {9, 14, 20}, {2, 1, 3}, {1, 3, 5}};
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    unsigned long long seed = 20261207;
    for (size_t sh = 0; sh < VL_ARRAY_LEN(shapes); sh++) {
        size_t T = shapes[sh].T, m = shapes[sh].na * shapes[sh].ni, n;
        unsigned char *S = grouped_S(shapes[sh].na, shapes[sh].ni, &n);
        double *e = calloc(n * T, sizeof *e), *C = malloc(n * n * sizeof *C);
        double *W = malloc(n * n * sizeof *W), *M = malloc(m * m * sizeof *M);
        double *A = malloc(m * n * sizeof *A), *G = malloc(m * n * sizeof *G);
        double *P = malloc(n * n * sizeof *P), *d = malloc(n * sizeof *d);
        double *sd = malloc(n * sizeof *sd), *got = malloc(n * sizeof *got);
        assert_true(e && C && W && M && A && G && P && d && sd && got);
        for (size_t j = 0; j < m; j++)
            for (size_t t = 0; t < T; t++) {
                double v = (lcg(&seed) - 0.5) * (2 + (double)j);
                for (size_t i = 0; i < n; i++)
                    if (S[i * m + j])
                        e[i * T + t] += v + 0.2 * (lcg(&seed) - 0.5);
            }
        for (size_t i = 0; i < n; i++)
            sd[i] = 1 + 5 * lcg(&seed);
        double vmax = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                double s = 0;
                for (size_t t = 0; t < T; t++)
                    s += e[i * T + t] * e[j * T + t];
                C[i * n + j] = s / (double)T;
            }
        for (size_t i = 0; i < n; i++)
            vmax = fmax(vmax, C[i * n + i]);
        for (size_t i = 0; i < n; i++)
            d[i] = fmax(C[i * n + i], vmax * 1e-9);
        /* the intensity the intervals of every method but MinT use */
        double lambda0 = fc_shrink_cov(e, T, n, vmax * 1e-9, W);
        fc_recon *r;
        assert_int_equal(fc_recon_create(ctx, n, m, S, &r), VL_OK);
        for (int meth = FC_RECON_OLS; meth <= FC_RECON_MINT_TOTAL; meth++) {
            assert_int_equal(fc_recon_fit(ctx, r, (fc_recon_method)meth, e, T, NULL, 0), VL_OK);
            bool mint = meth == FC_RECON_MINT || meth == FC_RECON_MINT_TOTAL;
            double lambda = mint ? fc_recon_lambda(r) : lambda0;
            /* W^-1, then M = S'W^-1 S, A = S'W^-1, G = M^-1 A */
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    W[i * n + j] = meth == FC_RECON_OLS   ? (i == j)
                                   : meth == FC_RECON_WLS ? (i == j) * d[i]
                                   : i == j               ? d[i]
                                                          : (1 - lambda) * C[i * n + j];
            spd_invert(W, n);
            for (size_t j = 0; j < m; j++)
                for (size_t k = 0; k < n; k++) {
                    double s = 0;
                    for (size_t i = 0; i < n; i++)
                        s += S[i * m + j] * W[i * n + k];
                    A[j * n + k] = s;
                }
            for (size_t j = 0; j < m; j++)
                for (size_t l = 0; l < m; l++) {
                    double s = 0;
                    for (size_t k = 0; k < n; k++)
                        s += A[j * n + k] * S[k * m + l];
                    M[j * m + l] = s;
                }
            spd_invert(M, m);
            for (size_t j = 0; j < m; j++)
                for (size_t k = 0; k < n; k++) {
                    double s = 0;
                    for (size_t l = 0; l < m; l++)
                        s += M[j * m + l] * A[l * n + k];
                    G[j * n + k] = s;
                }
            if (meth == FC_RECON_MINT_TOTAL) { /* node 0 is the total */
                double den = 0, u[512];
                assert_true(m <= VL_ARRAY_LEN(u));
                for (size_t j = 0; j < m; j++) {
                    u[j] = 0;
                    for (size_t l = 0; l < m; l++)
                        u[j] += M[j * m + l];
                    den += u[j];
                }
                for (size_t k = 0; k < n; k++) {
                    double rk = k == 0;
                    for (size_t j = 0; j < m; j++)
                        rk -= G[j * n + k];
                    for (size_t j = 0; j < m; j++)
                        G[j * n + k] += u[j] * rk / den;
                }
            }
            const double *g = fc_recon_G(r);
            double gmax = 0;
            for (size_t k = 0; k < m * n; k++)
                gmax = fmax(gmax, fabs(G[k]));
            for (size_t k = 0; k < m * n; k++)
                if (!(fabs(g[k] - G[k]) <= 1e-9 * gmax))
                    fail_msg("%s %zu nodes: G[%zu] = %.17g, the dense formula %.17g",
                             fc_recon_method_name((fc_recon_method)meth), n, k, g[k], G[k]);
            /* P = S G; var_i = sum_kl P_ik sd_k R_kl sd_l P_il, R the correlation of the shrunk
             * covariance at lambda */
            for (size_t i = 0; i < n; i++)
                for (size_t k = 0; k < n; k++) {
                    double s = 0;
                    for (size_t j = 0; j < m; j++)
                        s += S[i * m + j] * G[j * n + k];
                    P[i * n + k] = s;
                }
            fc_recon_sd(r, sd, got);
            for (size_t i = 0; i < n; i++) {
                double v = 0;
                for (size_t k = 0; k < n; k++)
                    for (size_t l = 0; l < n; l++) {
                        double rkl = k == l ? 1 : (1 - lambda) * C[k * n + l] / sqrt(d[k] * d[l]);
                        v += P[i * n + k] * sd[k] * rkl * sd[l] * P[i * n + l];
                    }
                close_to(got[i], sqrt(fmax(v, 0)), 1e-9,
                         fc_recon_method_name((fc_recon_method)meth), i);
            }
        }
        /* other residuals of the same length: a fit as on a fresh workspace (nothing cached) */
        e[0] += 0.5;
        fc_recon *fresh;
        assert_int_equal(fc_recon_create(ctx, n, m, S, &fresh), VL_OK);
        assert_int_equal(fc_recon_fit(ctx, r, FC_RECON_MINT, e, T, NULL, 0), VL_OK);
        assert_int_equal(fc_recon_fit(ctx, fresh, FC_RECON_MINT, e, T, NULL, 0), VL_OK);
        assert_memory_equal(fc_recon_G(r), fc_recon_G(fresh), m * n * sizeof(double));
        fc_recon_sd(r, sd, got);
        fc_recon_sd(fresh, sd, P);
        assert_memory_equal(got, P, n * sizeof *got);
        fc_recon_destroy(fresh);
        fc_recon_destroy(r);
        free(S);
        free(e);
        free(C);
        free(W);
        free(M);
        free(A);
        free(G);
        free(P);
        free(d);
        free(sd);
        free(got);
    }
    vl_ctx_destroy(ctx);
}

static void test_reconciled_sd(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    fc_recon *r;
    assert_int_equal(fc_recon_create(ctx, 3, 2, S3, &r), VL_OK);
    static const double sd[] = {3, 1, 2};
    static const struct {
        fc_recon_method method;
        double want[3];
    } cases[] = {
        {FC_RECON_NONE, {3, 1, 2}},
        /* uncorrelated bottom errors: the total's variance is 1 + 4 */
        {FC_RECON_BOTTOM_UP, {2.2360679774997898, 1, 2}},
        /* top-down by proportions 0.45 / 0.55 of the total's sd 3 */
        {FC_RECON_TOP_DOWN, {3, 1.35, 1.65}},
    };
    for (size_t c = 0; c < VL_ARRAY_LEN(cases); c++) {
        /* T = 4 residuals; top-down reads its proportions from the first two periods of hist
         * laid out with the same T */
        double h4[12] = {10, 20, 0, 0, 4, 10, 0, 0, 6, 10, 0, 0};
        assert_int_equal(fc_recon_fit(ctx, r, cases[c].method, orth_resid, 4, h4, 4), VL_OK);
        double out[3];
        fc_recon_sd(r, sd, out);
        for (size_t i = 0; i < 3; i++)
            close_to(out[i], cases[c].want[i], 1e-12, fc_recon_method_name(cases[c].method), i);
    }
    /* MinT's reconciled variance never exceeds the base variance of the same node when the
     * base variances are the residual ones (it is the minimum-variance unbiased combination) */
    assert_int_equal(fc_recon_fit(ctx, r, FC_RECON_MINT, orth_resid, 4, NULL, 0), VL_OK);
    static const double base_sd[] = {2, 1, 1};
    double out[3];
    fc_recon_sd(r, base_sd, out);
    for (size_t i = 0; i < 3; i++)
        assert_true(out[i] <= base_sd[i] + 1e-12);
    close_to(out[0], sqrt(4.0 / 3), 1e-12, "mint sd total", 0); /* 1 / (1/4 + 1/2) */
    fc_recon_destroy(r);
    vl_ctx_destroy(ctx);
}

static void test_method_names(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        fc_recon_method m;
    } cases[] = {
        {"mint", true, FC_RECON_MINT},
        {"mint_shrink", true, FC_RECON_MINT},
        {"bottom_up", true, FC_RECON_BOTTOM_UP},
        {"bu", true, FC_RECON_BOTTOM_UP},
        {"top_down", true, FC_RECON_TOP_DOWN},
        {"ols", true, FC_RECON_OLS},
        {"wls", true, FC_RECON_WLS},
        {"none", true, FC_RECON_NONE},
        {"MINT", false, 0},
        {"", false, 0},
        {NULL, false, 0},
        {"middle_out", false, 0},
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        fc_recon_method m = FC_RECON_COUNT;
        assert_int_equal(fc_recon_method_parse(cases[i].text, &m), cases[i].ok);
        if (cases[i].ok)
            assert_int_equal(m, cases[i].m);
    }
    for (int i = 0; i < FC_RECON_COUNT; i++) {
        fc_recon_method m;
        assert_true(fc_recon_method_parse(fc_recon_method_name((fc_recon_method)i), &m));
        assert_int_equal(m, i);
    }
    assert_null(fc_recon_method_name(FC_RECON_COUNT));
}

static void test_errors(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    fc_recon *r = (fc_recon *)1;
    static const unsigned char empty_row[] = {1, 1, 0, 0, 0, 1};
    static const unsigned char no_bottom[] = {1, 1, 1, 1, 0, 1};
    static const struct {
        size_t n, m;
        const unsigned char *S;
        const char *msg;
    } bad[] = {
        {1, 2, S3, "1 nodes over 2"},
        {3, 0, S3, "over 0"},
        {3, 2, empty_row, "node 1 sums no bottom"},
        {3, 2, no_bottom, "bottom series 0 has no node"},
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(bad); i++) {
        assert_int_equal(fc_recon_create(ctx, bad[i].n, bad[i].m, bad[i].S, &r), VL_ERR_ARG);
        assert_null(r);
        if (!strstr(vl_ctx_errmsg(ctx), bad[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, vl_ctx_errmsg(ctx), bad[i].msg);
    }
    assert_int_equal(fc_recon_create(ctx, 3, 2, S3, &r), VL_OK);
    assert_int_equal(fc_recon_fit(ctx, r, FC_RECON_TOP_DOWN, NULL, 0, NULL, 0), VL_ERR_ARG);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "needs the history"));
    assert_int_equal(fc_recon_fit(ctx, r, FC_RECON_MINT, NULL, 0, NULL, 0), VL_ERR_ARG);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "needs the residuals"));
    assert_int_equal(fc_recon_fit(ctx, r, FC_RECON_MINT, orth_resid, 1, NULL, 0), VL_ERR_ARG);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "too few"));
    assert_int_equal(fc_recon_fit(ctx, r, FC_RECON_COUNT, orth_resid, 4, NULL, 0), VL_ERR_ARG);
    fc_recon_destroy(r);
    /* top-down without a total node: A and B alone */
    static const unsigned char no_total[] = {1, 0, 0, 1};
    assert_int_equal(fc_recon_create(ctx, 2, 2, no_total, &r), VL_OK);
    static const double h[] = {1, 2, 3, 4};
    assert_int_equal(fc_recon_fit(ctx, r, FC_RECON_TOP_DOWN, NULL, 0, h, 2), VL_ERR_ARG);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "needs a total"));
    fc_recon_destroy(r);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_computed),     cmocka_unit_test(test_mint_against_r),
        cmocka_unit_test(test_coherence_grouped), cmocka_unit_test(test_reconciled_sd),
        cmocka_unit_test(test_method_names),      cmocka_unit_test(test_errors),
        cmocka_unit_test(test_dense_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
