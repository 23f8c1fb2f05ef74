/*
 * logit.c - the penalised logistic regression of the learning room, on GSL: Newton's method on
 * the free coefficients (the Hessian solved by Cholesky), an active set keeping the component
 * coefficients non-negative, and a step halved until the objective falls. Also Platt scaling
 * (a two-parameter logistic fit of hires on a score) and the AUC of a fitted predictor.
 *
 * Why an active set: a weight of models/matching.yaml cannot be negative, and a component that
 * seems to lower the chance of a hire is better left out (weight 0) than turned upside down.
 * The problem is convex with simple bounds, so Bertsekas' two-metric projected Newton method
 * (Newton on the coefficients off the bound, a scaled gradient step for those held at it, the
 * step projected onto b >= 0 with an Armijo test) converges to the optimum without the cycling
 * of a naive active set.
 */
#include "learn/learn-int.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Convergence: the projected gradient's largest entry (per referral: the objective is a mean),
 * and the most steps. */
#define LRN_GRAD_TOL 1e-10
/* Relative rounding of the objective (a mean of many terms): changes below are noise. */
#define LRN_ROUNDING 1e-13
#define LRN_MAX_ITER 100
/* Newton's decrement, relative to the objective, below which a step cannot show a decrease:
 * ten times the rounding. */
#define LRN_DECREMENT (10 * LRN_ROUNDING)
/* Coefficients within this of the bound (or the projected gradient, if smaller) count as at
 * it; the Armijo constant of the step. */
#define LRN_EPS_MAX 1e-6
#define LRN_ARMIJO  1e-4

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_setup(void)
{
    /* GSL's default handler aborts the process; the library must return errors instead. */
    gsl_set_error_handler_off();
}

void lrn_gsl_init(void)
{
    pthread_once(&gsl_once, gsl_setup);
}

struct lrn_ws {
    gsl_matrix *h;
    gsl_vector *g, *d;
    /* the data part of the last pass (before the penalty) and where it was taken: the next
     * penalty's fit starts where the last one ended, so its first pass is this one again */
    bool has_last;
    const lrn_design *last_d;
    const uint8_t *last_keep;
    double last_b[LRN_P], last_obj, last_g[LRN_P], last_h[LRN_P][LRN_P];
};

lrn_ws *lrn_ws_new(void)
{
    lrn_gsl_init();
    lrn_ws *w = vl__calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->h = gsl_matrix_alloc(LRN_P, LRN_P);
    w->g = gsl_vector_alloc(LRN_P);
    w->d = gsl_vector_alloc(LRN_P);
    if (!w->h || !w->g || !w->d) {
        lrn_ws_free(w);
        return NULL;
    }
    return w;
}

void lrn_ws_free(lrn_ws *w)
{
    if (!w)
        return;
    gsl_matrix_free(w->h);
    gsl_vector_free(w->g);
    gsl_vector_free(w->d);
    vl__free(w);
}

/* log(1 + e^eta) and the probability 1 / (1 + e^-eta), without overflow. */
static inline void softplus(double eta, double *sp, double *p)
{
    double e = exp(-fabs(eta));
    *sp = (eta > 0 ? eta : 0) + log1p(e);
    *p = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/* The ridge penalty on the components (not the intercept) added to a pass's data part. */
static double penalise(const double b[LRN_P], double lambda, double obj, double g[LRN_P],
                       double h[LRN_P][LRN_P])
{
    for (int j = 1; j < LRN_P; j++) {
        obj += lambda / 2 * b[j] * b[j];
        g[j] += lambda * b[j];
        h[j][j] += lambda;
    }
    return obj;
}

/*
 * One pass over the kept rows: the objective (mean NLL + penalty), its gradient and Hessian
 * (upper triangle filled, then mirrored). The data part is kept in w for the next penalty.
 */
static double pass(lrn_ws *w, const lrn_design *d, const double b[LRN_P], double lambda,
                   double g[LRN_P], double h[LRN_P][LRN_P])
{
    if (w->has_last && w->last_d == d && w->last_keep == d->keep &&
        memcmp(w->last_b, b, sizeof w->last_b) == 0) {
        memcpy(g, w->last_g, sizeof w->last_g);
        memcpy(h, w->last_h, sizeof w->last_h);
        return penalise(b, lambda, w->last_obj, g, h);
    }
    double nll = 0, m = 0;
    memset(g, 0, LRN_P * sizeof *g);
    memset(h, 0, LRN_P * LRN_P * sizeof(double));
    for (size_t i = 0; i < d->n; i++) {
        if (d->keep && !d->keep[i])
            continue;
        const double *z = d->z + i * LRN_P;
        double eta = 0;
        for (int j = 0; j < LRN_P; j++)
            eta += b[j] * z[j];
        double sp, p;
        softplus(eta, &sp, &p);
        nll += sp - (d->y[i] ? eta : 0);
        double r = p - d->y[i], wt = p * (1 - p);
        for (int j = 0; j < LRN_P; j++) {
            g[j] += r * z[j];
            double wz = wt * z[j];
            for (int k = j; k < LRN_P; k++)
                h[j][k] += wz * z[k];
        }
        m++;
    }
    if (m == 0)
        return LRN_NAN;
    double obj = nll / m;
    for (int j = 0; j < LRN_P; j++) {
        g[j] /= m;
        for (int k = j; k < LRN_P; k++) {
            h[j][k] /= m;
            h[k][j] = h[j][k];
        }
    }
    w->has_last = true;
    w->last_d = d;
    w->last_keep = d->keep;
    memcpy(w->last_b, b, sizeof w->last_b);
    w->last_obj = obj;
    memcpy(w->last_g, g, sizeof w->last_g);
    memcpy(w->last_h, h, sizeof w->last_h);
    return penalise(b, lambda, obj, g, h);
}

/* The projected gradient's largest entry: how far b is from the bounded problem's optimum. */
static double pg_norm(const lrn_design *d, const double b[LRN_P], const double g[LRN_P])
{
    double m = 0;
    for (int j = 0; j < LRN_P; j++) {
        if (d->fixed0[j])
            continue;
        double pj = j > 0 && b[j] - g[j] < 0 ? b[j] : g[j]; /* b - max(0, b - g) */
        m = fabs(pj) > m ? fabs(pj) : m;
    }
    return m;
}

vl_status lrn_fit(vl_ctx *ctx, lrn_ws *w, const lrn_design *d, double lambda, double b[LRN_P])
{
    double g[LRN_P], h[LRN_P][LRN_P], g2[LRN_P], h2[LRN_P][LRN_P], nb[LRN_P];
    for (int j = 1; j < LRN_P; j++)
        if (d->fixed0[j] || b[j] < 0)
            b[j] = 0;
    double obj = pass(w, d, b, lambda, g, h);
    if (isnan(obj))
        return vl__error(ctx, VL_ERR_NUMERIC, "learning: no referral to fit on");
    for (int it = 0; it < LRN_MAX_ITER; it++) {
        double pg = pg_norm(d, b, g);
        if (pg < LRN_GRAD_TOL)
            return VL_OK;
        /*
         * Bertsekas' two-metric projection: coefficients at (or within eps of) the bound whose
         * gradient pushes them out are moved along the scaled gradient only; the others take
         * the Newton step of their block. The step is projected onto b >= 0.
         */
        double eps = pg < LRN_EPS_MAX ? pg : LRN_EPS_MAX;
        bool bound[LRN_P] = {false};
        int free_idx[LRN_P], nf = 0;
        for (int j = 0; j < LRN_P; j++) {
            bound[j] = d->fixed0[j] || (j > 0 && b[j] <= eps && g[j] > 0);
            if (!bound[j])
                free_idx[nf++] = j;
        }
        double dir[LRN_P] = {0};
        if (nf > 0) {
            gsl_matrix_view hv = gsl_matrix_submatrix(w->h, 0, 0, (size_t)nf, (size_t)nf);
            gsl_vector_view gv = gsl_vector_subvector(w->g, 0, (size_t)nf);
            gsl_vector_view dv = gsl_vector_subvector(w->d, 0, (size_t)nf);
            for (int a = 0; a < nf; a++) {
                gsl_vector_set(&gv.vector, (size_t)a, -g[free_idx[a]]);
                for (int c = 0; c < nf; c++)
                    gsl_matrix_set(&hv.matrix, (size_t)a, (size_t)c, h[free_idx[a]][free_idx[c]]);
            }
            if (gsl_linalg_cholesky_decomp1(&hv.matrix) != GSL_SUCCESS ||
                gsl_linalg_cholesky_solve(&hv.matrix, &gv.vector, &dv.vector) != GSL_SUCCESS)
                return vl__error(ctx, VL_ERR_NUMERIC,
                                 "learning: the Hessian is not positive definite (the components "
                                 "are collinear on these referrals)");
            for (int a = 0; a < nf; a++)
                dir[free_idx[a]] = gsl_vector_get(&dv.vector, (size_t)a);
        }
        for (int j = 1; j < LRN_P; j++)
            if (bound[j] && !d->fixed0[j])
                dir[j] = -g[j] / h[j][j];
        /* Newton's decrement (the decrease the full projected step predicts) below what the
         * objective can resolve: b is the optimum to the precision of the sums. On a million
         * referrals the gradient cannot fall below LRN_GRAD_TOL for the rounding in it, and
         * every further step would be a line search that finds no decrease. */
        double pred = 0;
        for (int j = 0; j < LRN_P; j++) {
            double nj = d->fixed0[j] ? 0 : b[j] + dir[j];
            if (j > 0 && nj < 0)
                nj = 0;
            pred += g[j] * (nj - b[j]);
        }
        if (-pred <= LRN_DECREMENT * fabs(obj))
            return VL_OK;
        /* Armijo along the projection arc */
        double t = 1, nobj = LRN_NAN;
        bool ok = false;
        for (int half = 0; half < 50 && !ok; half++, t /= 2) {
            double dec = 0;
            for (int j = 0; j < LRN_P; j++) {
                nb[j] = d->fixed0[j] ? 0 : b[j] + t * dir[j];
                if (j > 0 && nb[j] < 0)
                    nb[j] = 0;
                dec += g[j] * (nb[j] - b[j]);
            }
            nobj = pass(w, d, nb, lambda, g2, h2);
            /* near the optimum the objective's change drowns in rounding: a step that does
             * not raise it beyond that is taken, so Newton's quadratic convergence goes on */
            ok = nobj <= obj + LRN_ARMIJO * dec + LRN_ROUNDING * fabs(obj);
        }
        if (!ok)
            return vl__error(ctx, VL_ERR_NUMERIC, "learning: no step lowers the objective");
        memcpy(b, nb, LRN_P * sizeof *b);
        obj = nobj;
        memcpy(g, g2, sizeof g);
        memcpy(h, h2, sizeof h);
    }
    if (pg_norm(d, b, g) < LRN_GRAD_TOL)
        return VL_OK;
    return vl__error(ctx, VL_ERR_NUMERIC, "learning: the fit did not converge in %d steps",
                     LRN_MAX_ITER);
}

double lrn_deviance(const lrn_design *d, const double b[LRN_P], uint8_t want)
{
    double nll = 0, m = 0;
    for (size_t i = 0; i < d->n; i++) {
        if ((d->keep ? d->keep[i] : 1) != want)
            continue;
        const double *z = d->z + i * LRN_P;
        double eta = 0;
        for (int j = 0; j < LRN_P; j++)
            eta += b[j] * z[j];
        double sp, p;
        softplus(eta, &sp, &p);
        nll += sp - (d->y[i] ? eta : 0);
        m++;
    }
    return m ? 2 * nll / m : LRN_NAN;
}

double lrn_auc_kept(const lrn_design *d, const double b[LRN_P])
{
    double *s = vl__malloc((d->n ? d->n : 1) * sizeof *s);
    bool *y = vl__malloc(d->n ? d->n : 1);
    if (!s || !y) {
        vl__free(s);
        vl__free(y);
        return LRN_NAN;
    }
    size_t m = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->keep && !d->keep[i])
            continue;
        const double *z = d->z + i * LRN_P;
        double eta = 0;
        for (int j = 0; j < LRN_P; j++)
            eta += b[j] * z[j];
        s[m] = eta;
        y[m++] = d->y[i] != 0;
    }
    double auc = vl_learn_auc(s, y, NULL, m);
    vl__free(s);
    vl__free(y);
    return auc;
}

vl_status lrn_platt(vl_ctx *ctx, const double *score, const uint8_t *y, size_t n, double *a,
                    double *b)
{
    /* Newton on (a, b), started at the log-odds of the share of hires */
    double hires = 0;
    for (size_t i = 0; i < n; i++)
        hires += y[i];
    if (n == 0 || hires == 0 || hires == (double)n)
        return vl__error(ctx, VL_ERR_INVALID,
                         "calibration needs both hires and non-hires before the evaluation day");
    double pa = log(hires / ((double)n - hires)), pb = 0;
    for (int it = 0; it < 100; it++) {
        double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
        for (size_t i = 0; i < n; i++) {
            double sp, p;
            softplus(pa + pb * score[i], &sp, &p);
            double r = p - y[i], wt = p * (1 - p);
            g0 += r;
            g1 += r * score[i];
            h00 += wt;
            h01 += wt * score[i];
            h11 += wt * score[i] * score[i];
        }
        double det = h00 * h11 - h01 * h01;
        if (!(det > 0))
            break; /* a constant score: the intercept alone */
        double da = -(h11 * g0 - h01 * g1) / det, db = -(h00 * g1 - h01 * g0) / det;
        pa += da;
        pb += db;
        if (fabs(da) + fabs(db) < 1e-12)
            break;
    }
    *a = pa;
    *b = pb;
    return VL_OK;
}
