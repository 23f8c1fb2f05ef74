/*
 * dotm.c - the Dynamic Optimised Theta Model (Fiorucci, Pellegrini, Louzada, Petropoulos &
 * Koehler 2016, "Models for optimising the theta method and their relationship to state space
 * models", IJF 32(4)): the theta line's weight theta, the smoothing parameter alpha and the
 * initial level are estimated together by least squares, and the trend line's intercept A and
 * slope B are the ordinary least squares fit to the data seen so far, updated at every step
 * (so the forecast follows a trend that changes). Non-seasonal: models.c deseasonalises first,
 * as for Theta. Intervals: the SES-like variance sigma^2 (1 + (k - 1) alpha^2).
 *
 * State at time t (1-based): level l_t = alpha y_t + (1 - alpha) l_{t-1}; running mean Ybar_t;
 * B_t = ((t - 2) B_{t-1} + 6 (y_t - Ybar_{t-1}) / t) / (t + 1) (the recursive OLS slope);
 * A_t = Ybar_t - (t + 1) / 2 B_t. One-step fit:
 *   mu_t = l_{t-1} + (1 - 1/theta) ((1 - alpha)^(t-1) A_{t-1} + (1 - (1 - alpha)^t) / alpha
 * B_{t-1}) and the k-step forecast from n replaces (1 - (1 - alpha)^(n+1)) / alpha by that plus k
 * - 1.
 */
#include "forecast/fc.h"

#include <math.h>
#include <stdio.h>

/* The published bounds (forecTheta's dotm): alpha in [0.1, 0.99], theta >= 1. */
#define DOTM_ALPHA_LO 0.1
#define DOTM_ALPHA_HI 0.99
#define DOTM_THETA_HI 1e6
#define DOTM_MAXIT    400

typedef struct dotm_state {
    double l, ybar, A, B;
} dotm_state;

typedef struct dotm_problem {
    const double *y;
    size_t n;
} dotm_problem;

/* Runs the recursions; returns the sum of squared one-step errors (t >= 2). */
static double dotm_calc(const double *y, size_t n, double alpha, double theta, double l0,
                        double *fit, dotm_state *end)
{
    double w = 1 - 1 / theta, b1 = 1 - alpha;
    /* t = 1: the trend line is the first value; the level takes its first step from l0 */
    double l = alpha * y[0] + b1 * l0, ybar = y[0], A = y[0], B = 0, sse = 0;
    double pw = b1; /* (1 - alpha)^(t-1) at t = 2 */
    if (fit)
        fit[0] = y[0];
    for (size_t i = 1; i < n; i++) {
        double t = (double)(i + 1);
        double mu = l + w * (pw * A + (1 - pw * b1) / alpha * B);
        double e = y[i] - mu;
        if (fit)
            fit[i] = mu;
        sse += e * e;
        l = alpha * y[i] + b1 * l;
        B = ((t - 2) * B + 6 * (y[i] - ybar) / t) / (t + 1);
        ybar = ((t - 1) * ybar + y[i]) / t;
        A = ybar - (t + 1) / 2 * B;
        pw *= b1;
    }
    if (end)
        *end = (dotm_state){l, ybar, A, B};
    return sse;
}

static double dotm_objective(const double *x, void *arg)
{
    const dotm_problem *p = arg;
    double alpha = x[0], theta = x[1];
    if (!(alpha >= DOTM_ALPHA_LO && alpha <= DOTM_ALPHA_HI && theta >= 1 && theta <= DOTM_THETA_HI))
        return FC_HUGE;
    double sse = dotm_calc(p->y, p->n, alpha, theta, x[2], NULL, NULL);
    return isfinite(sse) ? sse : FC_HUGE;
}

vl_status fc_dotm_run(fc_work *w, const double *y, size_t n, int m, const fc_spec *s, fc_out *o)
{
    (void)m;
    if (n < 4)
        return VL_ERR_NUMERIC;
    double scale = 0;
    for (size_t t = 0; t < n; t++)
        scale = fmax(scale, fabs(y[t]));
    /* forecTheta's starting point: alpha 0.5, theta 2, l0 = y1 / 2 */
    double x[3] = {0.5, 2.0, y[0] / 2};
    double step[3] = {0.1, 0.5, 0.1 * fmax(fabs(y[0]), 0.01 * fmax(scale, 1e-8))};
    dotm_problem p = {y, n};
    double sse = fc_minimize(dotm_objective, &p, x, step, 3, DOTM_MAXIT, 1e-8);
    if (!(sse < FC_HUGE))
        return VL_ERR_NUMERIC;
    double alpha = x[0], theta = x[1];
    dotm_state st;
    dotm_calc(y, n, alpha, theta, x[2], o->fitted, &st);
    fc_mark mk = fc_work_mark(w);
    double *se = fc_work_doubles(w, s->h);
    if (!se)
        return VL_ERR_NOMEM;
    double b1 = 1 - alpha, pn = pow(b1, (double)n), wt = 1 - 1 / theta;
    double sigma2 = sse / (double)(n > 4 ? n - 4 : 1);
    for (size_t k = 0; k < s->h; k++) {
        o->mean[k] = st.l + wt * (pn * st.A + ((double)k + (1 - pn * b1) / alpha) * st.B);
        se[k] = sqrt(sigma2 * (1 + (double)k * alpha * alpha));
    }
    fc_normal_intervals(s, o->mean, se, o->lo, o->hi);
    fc_work_release(w, mk);
    char a[16], th[16];
    snprintf(o->desc, sizeof o->desc, "DOTM(alpha %s, theta %s)",
             vl_format_fixed(a, sizeof a, alpha, 2), vl_format_fixed(th, sizeof th, theta, 2));
    return VL_OK;
}
