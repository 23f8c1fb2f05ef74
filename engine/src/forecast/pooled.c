/*
 * pooled.c - one autoregression for every series of a run (a "global" model in the sense of
 * Montero-Manso & Hyndman 2021, "Principles and algorithms for forecasting groups of time
 * series: locality and globality"): every window of L values of every series, divided by the
 * window's mean and taken in logs, predicts the next h values' logs on the same scale, one least
 * squares regression per step over the windows of all series together. A series' forecast is its
 * own last window through the pooled coefficients, back on its own scale.
 *
 * Why: the local models of `auto` (Theta, CES, ETS, ARIMA) each see one series; the pooled one
 * learns the shapes that recur across the run's series (how a seasonal pattern carries on, how
 * a rise after a fall ends) from thousands of windows. It is weaker alone than each local model
 * but errs differently from them, which is what a combination needs (docs/forecasting.md has
 * the measurements, on data sets the reported benchmark never saw).
 *
 * Leakage: the coefficients used at a validation origin `cut` values before each series' end are
 * fitted only on windows that end by then (fc_pooled_fit is given every cut the run uses), and a
 * backtest origin refits everything on the truncated series (forecast.c), so no forecast is made
 * with coefficients that saw its own future.
 */
#include "forecast/fc.h"

#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* A cut's coefficients are fitted only from at least this many windows per coefficient: fewer
 * (a single short series, a handful of nodes) leave the model out instead of fitting noise. */
#define POOLED_WINDOWS_PER_COEF 10

struct fc_pooled {
    int m;
    size_t L, h, ncut;
    size_t cut[FC_POOLED_MAX_CUTS];
    double *beta; /* ncut * h * (L + 1): [c][k][j], j = 0 the intercept */
};

size_t fc_pooled_lags(int m)
{
    return m > 1 ? 2 * (size_t)m : 4;
}

/* The log-ratio inputs of the window y[t - L .. t) (padded with y[0] before the start) and its
 * mean; false when a value is not positive and finite. */
static bool window(const double *y, size_t t, size_t L, double *x, double *scale)
{
    double s = 0;
    for (size_t j = 0; j < L; j++) {
        double v = t + j >= L ? y[t + j - L] : y[0];
        if (!(v > 0) || !isfinite(v))
            return false;
        x[j] = v;
        s += v;
    }
    s /= (double)L;
    for (size_t j = 0; j < L; j++)
        x[j] = log(x[j] / s);
    *scale = s;
    return true;
}

/* Solves (A + ridge) B = R for the h columns of R (p x h, row-major) with Cholesky; A is p x p. */
static bool solve(double *A, double *R, size_t p, size_t h)
{
    double tr = 0;
    for (size_t i = 0; i < p; i++)
        tr += A[i * p + i];
    for (size_t i = 0; i < p; i++) /* a trace-relative ridge against exact collinearity */
        A[i * p + i] += 1e-8 * (tr > 0 ? tr / (double)p : 1);
    gsl_matrix_view a = gsl_matrix_view_array(A, p, p);
    if (gsl_linalg_cholesky_decomp1(&a.matrix) != 0)
        return false;
    for (size_t k = 0; k < h; k++) {
        double col[FC_POOLED_MAX_COEF];
        for (size_t i = 0; i < p; i++)
            col[i] = R[i * h + k];
        gsl_vector_view c = gsl_vector_view_array(col, p);
        if (gsl_linalg_cholesky_svx(&a.matrix, &c.vector) != 0)
            return false;
        for (size_t i = 0; i < p; i++)
            R[i * h + k] = col[i];
    }
    return true;
}

vl_status fc_pooled_fit(const fc_seq *ser, size_t n, size_t h, const size_t *cuts, size_t ncut,
                        fc_pooled **out)
{
    *out = NULL;
    if (n == 0 || ncut == 0 || ncut > FC_POOLED_MAX_CUTS)
        return VL_OK;
    int m = ser[0].m;
    size_t L = fc_pooled_lags(m), p = L + 1;
    if (p > FC_POOLED_MAX_COEF)
        return VL_OK;
    fc_pooled *P = vl__calloc(1, sizeof *P);
    double *A = vl__malloc(p * p * sizeof *A), *R = vl__malloc(p * h * sizeof *R);
    double *Y = vl__malloc(h * sizeof *Y);
    if (P)
        P->beta = vl__calloc(ncut * h * p, sizeof *P->beta);
    if (!P || !P->beta || !A || !R || !Y) {
        fc_pooled_free(P);
        vl__free(A);
        vl__free(R);
        vl__free(Y);
        return VL_ERR_NOMEM;
    }
    P->m = m;
    P->L = L;
    P->h = h;
    P->ncut = ncut;
    for (size_t c = 0; c < ncut; c++) {
        P->cut[c] = cuts[c];
        memset(A, 0, p * p * sizeof *A);
        memset(R, 0, p * h * sizeof *R);
        size_t nw = 0;
        for (size_t i = 0; i < n; i++) {
            const fc_seq *s = &ser[i];
            if (s->m != m || s->n < cuts[c] + L + h)
                continue;
            size_t len = s->n - cuts[c];
            double x[FC_POOLED_MAX_COEF];
            x[0] = 1;
            for (size_t t = L; t + h <= len; t++) {
                double scale;
                if (!window(s->y, t, L, x + 1, &scale))
                    continue;
                bool ok = true;
                for (size_t k = 0; k < h && ok; k++) {
                    double v = s->y[t + k];
                    ok = v > 0 && isfinite(v);
                    if (ok)
                        Y[k] = log(v / scale);
                }
                if (!ok)
                    continue;
                for (size_t a = 0; a < p; a++) {
                    for (size_t b = 0; b <= a; b++)
                        A[a * p + b] += x[a] * x[b];
                    for (size_t k = 0; k < h; k++)
                        R[a * h + k] += x[a] * Y[k];
                }
                nw++;
            }
        }
        for (size_t a = 0; a < p; a++)
            for (size_t b = a + 1; b < p; b++)
                A[a * p + b] = A[b * p + a];
        if (nw < POOLED_WINDOWS_PER_COEF * p || !solve(A, R, p, h)) {
            /* a cut without coefficients: the model is left out of the whole run */
            fc_pooled_free(P);
            P = NULL;
            break;
        }
        double *B = P->beta + c * h * p;
        for (size_t k = 0; k < h; k++)
            for (size_t j = 0; j < p; j++)
                B[k * p + j] = R[j * h + k];
    }
    vl__free(A);
    vl__free(R);
    vl__free(Y);
    *out = P;
    return VL_OK;
}

void fc_pooled_free(fc_pooled *p)
{
    if (!p)
        return;
    vl__free(p->beta);
    vl__free(p);
}

/* The index of a cut, or ncut when it was not fitted. */
static size_t cut_index(const fc_pooled *p, size_t cut)
{
    size_t c = 0;
    while (c < p->ncut && p->cut[c] != cut)
        c++;
    return c;
}

bool fc_pooled_applies(const fc_pooled *p, const double *y, size_t n, int m)
{
    return p && p->m == m && n > 0 && fc_min(y, n) > 0;
}

/* One forecast from the window ending before t, on the series' scale: steps [0, h) into f. */
static bool predict(const fc_pooled *p, const double *B, const double *y, size_t t, size_t h,
                    double *f)
{
    size_t L = p->L, q = L + 1;
    double x[FC_POOLED_MAX_COEF], scale;
    x[0] = 1;
    if (!window(y, t, L, x + 1, &scale))
        return false;
    for (size_t k = 0; k < h; k++) {
        double z = 0;
        for (size_t j = 0; j < q; j++)
            z += B[k * q + j] * x[j];
        f[k] = scale * exp(z);
    }
    return true;
}

vl_status fc_pooled_run(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    const fc_pooled *p = s->pooled;
    if (!fc_pooled_applies(p, y, n, m) || s->h > p->h)
        return VL_ERR_UNSUPPORTED;
    size_t c = cut_index(p, s->cut);
    if (c == p->ncut)
        return VL_ERR_UNSUPPORTED;
    const double *B = p->beta + c * p->h * (p->L + 1);
    if (!predict(p, B, y, n, s->h, o->mean))
        return VL_ERR_UNSUPPORTED;
    /* in-sample one-step fits (the first value has no past: itself) */
    double ss = 0;
    size_t ns = 0;
    o->fitted[0] = y[0];
    for (size_t t = 1; t < n; t++) {
        double f;
        if (!predict(p, B, y, t, 1, &f))
            f = y[t - 1];
        o->fitted[t] = f;
        if (t >= p->L) {
            ss += (y[t] - f) * (y[t] - f);
            ns++;
        }
    }
    if (s->nlev) {
        fc_mark mk = fc_work_mark(w);
        double *se = fc_work_doubles(w, s->h);
        if (!se)
            return VL_ERR_NOMEM;
        double sigma = ns ? sqrt(ss / (double)ns) : 0;
        for (size_t k = 0; k < s->h; k++)
            se[k] = sigma * sqrt((double)(k + 1));
        fc_normal_intervals(s, o->mean, se, o->lo, o->hi);
        fc_work_release(w, mk);
    }
    snprintf(o->desc, sizeof o->desc, "%s(%zu)", FC_W_POOLED_AR, p->L);
    return VL_OK;
}
