/*
 * ces.c - Complex Exponential Smoothing (Svetunkov & Kourentzes 2018; Svetunkov, Kourentzes &
 * Ord 2022, "Complex exponential smoothing", Naval Research Logistics 69(8)), the non-seasonal
 * model: a level l and an "information potential" c smoothed with one complex parameter
 * a0 + i a1, which lets the data choose between a level and a trend without a model selection
 * step. Single source of error, state space form:
 *
 *   y_t = l_{t-1} + e_t
 *   l_t = l_{t-1} - (1 - a1) c_{t-1} + (a0 - a1) e_t
 *   c_t = l_{t-1} + (1 - a0) c_{t-1} + (a0 + a1) e_t
 *
 * a0, a1, l_0 and c_0 by maximum likelihood (n log SSE) with the stability condition (the
 * eigenvalues of the discount matrix D = F - g w' inside the unit circle); intervals analytic
 * (Var y_{n+k} = sigma^2 (1 + sum_{j<k} (w' F^(j-1) g)^2)). models.c deseasonalises first, as
 * for Theta.
 */
#include "forecast/fc.h"

#include <math.h>
#include <stdio.h>

#define CES_MAXIT 600

typedef struct ces_problem {
    const double *y;
    size_t n;
} ces_problem;

/* Both roots of z^2 - tr z + det inside the unit circle (Jury's conditions for degree 2). */
static bool ces_stable(double a0, double a1)
{
    double d11 = 1 - (a0 - a1), d12 = -(1 - a1), d21 = 1 - (a0 + a1), d22 = 1 - a0;
    double tr = d11 + d22, det = d11 * d22 - d12 * d21;
    return fabs(det) < 1 && fabs(tr) < 1 + det;
}

static double ces_calc(const double *y, size_t n, double a0, double a1, double l0, double c0,
                       double *fit, double *l_end, double *c_end)
{
    double l = l0, c = c0, sse = 0;
    for (size_t t = 0; t < n; t++) {
        double e = y[t] - l;
        if (fit)
            fit[t] = l;
        sse += e * e;
        double ln = l - (1 - a1) * c + (a0 - a1) * e;
        double cn = l + (1 - a0) * c + (a0 + a1) * e;
        l = ln;
        c = cn;
    }
    if (l_end) {
        *l_end = l;
        *c_end = c;
    }
    return sse;
}

static double ces_objective(const double *x, void *arg)
{
    const ces_problem *p = arg;
    if (!ces_stable(x[0], x[1]))
        return FC_HUGE;
    double sse = ces_calc(p->y, p->n, x[0], x[1], x[2], x[3], NULL, NULL, NULL);
    if (!isfinite(sse))
        return FC_HUGE;
    return (double)p->n * log(sse > 1e-300 ? sse : 1e-300);
}

vl_status fc_ces_run(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    (void)m;
    if (n < 6)
        return VL_ERR_NUMERIC;
    /* the smooth package's starting point: a0 = 1.3, a1 = 1; l0 the mean of the first ten
     * values and c0 = l0 / 1.1 */
    size_t k0 = n < 10 ? n : 10;
    double l0 = 0, scale = 0;
    for (size_t t = 0; t < k0; t++)
        l0 += y[t] / (double)k0;
    for (size_t t = 0; t < n; t++)
        scale = fmax(scale, fabs(y[t]));
    double x[4] = {1.3, 1.0, l0, l0 / 1.1};
    double sz = 0.1 * fmax(fabs(l0), 0.01 * fmax(scale, 1e-8));
    double step[4] = {0.1, 0.1, sz, sz};
    ces_problem p = {y, n};
    double lik = fc_minimize(ces_objective, &p, x, step, 4, CES_MAXIT, 1e-8);
    if (!(lik < FC_HUGE))
        return VL_ERR_NUMERIC;
    double a0 = x[0], a1 = x[1], l, c;
    double sse = ces_calc(y, n, a0, a1, x[2], x[3], o->fitted, &l, &c);
    fc_mark mk = fc_work_mark(w);
    double *se = fc_work_doubles(w, s->h);
    if (!se)
        return VL_ERR_NOMEM;
    double sigma2 = sse / (double)(n > 5 ? n - 5 : 1);
    /* v = F^(j-1) g walks the impulse response; its first element is w' F^(j-1) g */
    double v0 = a0 - a1, v1 = a0 + a1, acc = 1;
    for (size_t k = 0; k < s->h; k++) {
        o->mean[k] = l;
        double ln = l - (1 - a1) * c, cn = l + (1 - a0) * c;
        l = ln;
        c = cn;
        se[k] = sqrt(sigma2 * acc);
        acc += v0 * v0;
        double u0 = v0 - (1 - a1) * v1, u1 = v0 + (1 - a0) * v1;
        v0 = u0;
        v1 = u1;
    }
    fc_normal_intervals(s, o->mean, se, o->lo, o->hi);
    fc_work_release(w, mk);
    char b0[16], b1[16];
    snprintf(o->desc, sizeof o->desc, "CES(a0 %s, a1 %s)", vl_format_fixed(b0, sizeof b0, a0, 2),
             vl_format_fixed(b1, sizeof b1, a1, 2));
    o->aicc = NAN;
    return VL_OK;
}
