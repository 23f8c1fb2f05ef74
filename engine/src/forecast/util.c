/*
 * util.c - shared numeric helpers of the forecast room: scratch workspaces, GSL set-up (its
 * aborting error handler off, once), normal quantiles, autocorrelation, the 90% seasonality
 * test, R's classical decompose(), and least squares.
 */
#include "forecast/fc.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

/* ---- workspace ------------------------------------------------------------------------- */

#define FC_BLOCK_DOUBLES 65536
#define FC_MAX_BLOCKS    64

struct fc_work {
    double *block[FC_MAX_BLOCKS];
    size_t size[FC_MAX_BLOCKS];
    size_t nblocks;
    size_t cur, used; /* current block and doubles used in it */
};

fc_work *fc_work_create(void)
{
    return vl__calloc(1, sizeof(fc_work));
}

void fc_work_destroy(fc_work *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->nblocks; i++)
        vl__free(w->block[i]);
    vl__free(w);
}

double *fc_work_doubles(fc_work *w, size_t n)
{
    if (n == 0)
        n = 1;
    while (w->cur < w->nblocks) {
        if (w->size[w->cur] - w->used >= n) {
            double *p = w->block[w->cur] + w->used;
            w->used += n;
            memset(p, 0, n * sizeof *p);
            return p;
        }
        w->cur++;
        w->used = 0;
    }
    if (w->nblocks == FC_MAX_BLOCKS)
        return NULL;
    size_t sz = n > FC_BLOCK_DOUBLES ? n : FC_BLOCK_DOUBLES;
    double *b = vl__calloc(sz, sizeof *b);
    if (!b)
        return NULL;
    w->block[w->nblocks] = b;
    w->size[w->nblocks] = sz;
    w->cur = w->nblocks++;
    w->used = n;
    return b;
}

fc_mark fc_work_mark(const fc_work *w)
{
    return (fc_mark){w->cur, w->used};
}

void fc_work_release(fc_work *w, fc_mark mark)
{
    assert(mark.block <= w->cur || w->nblocks == 0);
    w->cur = mark.block;
    w->used = mark.used;
}

/* ---- GSL ------------------------------------------------------------------------------- */

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_setup(void)
{
    /* GSL's default handler aborts the process; the library must return errors instead. */
    gsl_set_error_handler_off();
}

void fc_gsl_init(void)
{
    pthread_once(&gsl_once, gsl_setup);
}

double fc_qnorm(double p)
{
    return gsl_cdf_ugaussian_Pinv(p);
}

double fc_t_quantile(double p, size_t df)
{
    return gsl_cdf_tdist_Pinv(p, (double)df);
}

/* ---- statistics ------------------------------------------------------------------------ */

void fc_acf(const double *y, size_t n, size_t k, double *r)
{
    double mean = 0;
    for (size_t t = 0; t < n; t++)
        mean += y[t];
    mean /= (double)n;
    double d = 0;
    for (size_t t = 0; t < n; t++)
        d += (y[t] - mean) * (y[t] - mean);
    r[0] = 1;
    for (size_t lag = 1; lag <= k; lag++) {
        double s = 0;
        for (size_t t = 0; t + lag < n; t++)
            s += (y[t] - mean) * (y[t + lag] - mean);
        r[lag] = d > 0 ? s / d : 0;
    }
}

bool fc_seasonal_test(const double *y, size_t n, int m, size_t min_n)
{
    if (m <= 1 || n < min_n || n <= (size_t)m || fc_is_constant(y, n))
        return false;
    double r[FC_MAX_M + 1];
    fc_acf(y, n, (size_t)m, r);
    double s = 0;
    for (int i = 1; i < m; i++)
        s += r[i] * r[i];
    double limit = 1.6448536269514722 * sqrt((1 + 2 * s) / (double)n);
    return fabs(r[m]) > limit;
}

bool fc_decompose(const double *y, size_t n, int m, bool mult, double *figure)
{
    if (m <= 1 || n < 2 * (size_t)m)
        return false;
    double sum[FC_MAX_M] = {0};
    size_t cnt[FC_MAX_M] = {0};
    size_t half = (size_t)m / 2;
    for (size_t t = half; t + half < n; t++) {
        double tr;
        if (m % 2 == 0) {
            if (t + half >= n)
                break;
            tr = 0.5 * y[t - half] + 0.5 * y[t + half];
            for (size_t j = t - half + 1; j < t + half; j++)
                tr += y[j];
            tr /= m;
        } else {
            tr = 0;
            for (size_t j = t - half; j <= t + half; j++)
                tr += y[j];
            tr /= m;
        }
        double v;
        if (mult) {
            if (!(tr > 0))
                return false;
            v = y[t] / tr;
        } else {
            v = y[t] - tr;
        }
        sum[t % (size_t)m] += v;
        cnt[t % (size_t)m]++;
    }
    double mean = 0;
    for (int i = 0; i < m; i++) {
        if (cnt[i] == 0)
            return false;
        figure[i] = sum[i] / (double)cnt[i];
        mean += figure[i];
    }
    mean /= m;
    for (int i = 0; i < m; i++) {
        if (mult) {
            if (!(mean > 0))
                return false;
            figure[i] /= mean;
        } else {
            figure[i] -= mean;
        }
    }
    return true;
}

void fc_linreg(const double *y, size_t n, double x0, double *a, double *b)
{
    double sx = 0, sy = 0;
    for (size_t t = 0; t < n; t++) {
        sx += x0 + (double)t;
        sy += y[t];
    }
    double mx = sx / (double)n, my = sy / (double)n, sxx = 0, sxy = 0;
    for (size_t t = 0; t < n; t++) {
        double dx = x0 + (double)t - mx;
        sxx += dx * dx;
        sxy += dx * (y[t] - my);
    }
    *b = sxx > 0 ? sxy / sxx : 0;
    *a = my - *b * mx;
}

bool fc_all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

bool fc_is_constant(const double *y, size_t n)
{
    if (n == 0)
        return true;
    double lo = y[0], hi = y[0];
    for (size_t t = 1; t < n; t++) {
        lo = fmin(lo, y[t]);
        hi = fmax(hi, y[t]);
    }
    return hi - lo <= 1e-10 * fmax(1.0, fmax(fabs(lo), fabs(hi)));
}

double fc_min(const double *y, size_t n)
{
    double lo = INFINITY;
    for (size_t t = 0; t < n; t++)
        lo = fmin(lo, y[t]);
    return lo;
}

void fc_normal_intervals(const fc_spec *s, const double *mean, const double *se, double *lo,
                         double *hi)
{
    for (size_t l = 0; l < s->nlev; l++) {
        double z = fc_qnorm(0.5 + s->levels[l] / 200.0);
        for (size_t k = 0; k < s->h; k++) {
            lo[l * s->h + k] = mean[k] - z * se[k];
            hi[l * s->h + k] = mean[k] + z * se[k];
        }
    }
}

/* ---- minimisation ---------------------------------------------------------------------- */

typedef struct min_arg {
    fc_objective f;
    void *arg;
    const double *x0, *step;
    size_t n;
} min_arg;

static double min_eval(const gsl_vector *z, void *p)
{
    const min_arg *a = p;
    double x[FC_MAX_PAR];
    for (size_t i = 0; i < a->n; i++)
        x[i] = a->x0[i] + gsl_vector_get(z, i) * a->step[i];
    double v = a->f(x, a->arg);
    return isfinite(v) ? v : FC_HUGE;
}

double fc_minimize(fc_objective f, void *arg, double *x, const double *step, size_t n, size_t maxit,
                   double reltol)
{
    assert(n >= 1 && n <= FC_MAX_PAR);
    double x0[FC_MAX_PAR];
    memcpy(x0, x, n * sizeof *x);
    min_arg a = {f, arg, x0, step, n};
    gsl_multimin_function fn = {.n = n, .f = min_eval, .params = &a};
    gsl_vector *z = gsl_vector_calloc(n), *st = gsl_vector_alloc(n);
    gsl_multimin_fminimizer *mm =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    double best = FC_HUGE;
    if (z && st && mm) {
        gsl_vector_set_all(st, 1.0);
        if (gsl_multimin_fminimizer_set(mm, &fn, z, st) == GSL_SUCCESS) {
            /* optim's rule: stop when the best value has not moved by reltol (relative) over
             * a stretch of iterations, or the simplex has collapsed */
            double prev = mm->fval;
            for (size_t it = 0; it < maxit; it++) {
                if (gsl_multimin_fminimizer_iterate(mm) != GSL_SUCCESS)
                    break;
                if (gsl_multimin_fminimizer_size(mm) < 1e-6)
                    break;
                if (it % (4 * n) == 4 * n - 1) {
                    if (fabs(prev - mm->fval) <= reltol * (fabs(mm->fval) + reltol))
                        break;
                    prev = mm->fval;
                }
            }
            best = mm->fval;
            for (size_t i = 0; i < n; i++)
                x[i] = x0[i] + gsl_vector_get(mm->x, i) * step[i];
        }
    }
    gsl_multimin_fminimizer_free(mm);
    gsl_vector_free(z);
    gsl_vector_free(st);
    return best;
}

/* ---- quantiles without sorting ---------------------------------------------------------- */

/* Hoare's selection: on return v[k] holds the k-th smallest, smaller values before it. */
static void select_kth(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

double fc_quantile(double *v, size_t n, double p)
{
    assert(n > 0 && p >= 0 && p <= 1);
    double at = (double)(n - 1) * p;
    size_t k = (size_t)at;
    double delta = at - (double)k;
    select_kth(v, n, k);
    double a = v[k];
    if (delta <= 0 || k + 1 >= n)
        return a;
    double b = v[k + 1]; /* the smallest value above position k */
    for (size_t i = k + 2; i < n; i++)
        b = fmin(b, v[i]);
    return a + delta * (b - a);
}
