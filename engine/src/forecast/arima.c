/*
 * arima.c - automatic seasonal ARIMA for the forecast room. Owns the whole ARIMA model: exact
 * Gaussian likelihood of the differenced series on Harvey's state-space form (Chandrasekhar
 * recursions inside the optimiser, a full Kalman filter for the final fit), CSS start then ML
 * over stationarity-enforcing (PACF) parameters with gsl_multimin (R's variable-metric BFGS as
 * a minimizer type), the unit-root tests that choose d (KPSS) and D (STL seasonal strength),
 * the stepwise order search of Hyndman & Khandakar (2008) as R's forecast::auto.arima runs it,
 * and forecasts with state-space prediction intervals.
 * Invariants: a fitted fc_arima holds only finite numbers; every scratch buffer lives in one
 * workspace allocated per call (never inside the likelihood loop); nothing here prints or aborts.
 */
#include "forecast/arima.h"

#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>

/* glibc defines C11's CMPLX only for gcc; clang builds the same value from its parts */
#ifndef CMPLX
#define CMPLX(x, y) __builtin_complex((double)(x), (double)(y))
#endif
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_poly.h>

#include "core/core.h"
#include "forecast/fc.h"

/* ---- tunables (documented defaults; R's values where R has one) --------------------------- */
enum {
    ARIMA_MAX_M = 24,        /* largest seasonal period accepted */
    ARIMA_MAX_ORDER = 5,     /* largest p or q accepted by fc_arima_fit */
    ARIMA_MAX_SORDER = 2,    /* largest P or Q accepted */
    ARIMA_NMODELS = 94,      /* auto.arima's nmodels: cap on the stepwise search */
    ARIMA_OPT_MAXITER = 100, /* optim()'s maxit for BFGS */
};
static const double ARIMA_NDEPS = 1e-3;         /* optim()'s ndeps for numerical derivatives */
static const double ARIMA_RELTOL = 1.490116e-8; /* optim()'s reltol: sqrt(DBL_EPSILON) */
static const double ARIMA_BAD = 1e10;           /* objective of an unusable parameter vector */
static const double ARIMA_STEADY_TOL = 1e-11;   /* |P_filtered| below this: filter is steady */
static const double ARIMA_MINROOT = 1.01;       /* auto.arima rejects roots closer than this */
static const double ARIMA_CONST_TOL = 1.5e-8;   /* all.equal()'s tolerance in is.constant() */
static const double ARIMA_SEAS_STRENGTH = 0.64; /* nsdiffs(test = "seas") threshold */
static const double ARIMA_PI = 3.14159265358979323846;

/* ---- the model ------------------------------------------------------------------------------ */
typedef struct arima_spec {
    int p, d, q, P, D, Q, m;
    bool constant; /* a mean (d + D == 0) or drift (d + D == 1) of the differenced series */
} arima_spec;

struct fc_arima {
    arima_spec s;
    int pp, qq, r; /* expanded AR and MA orders, state dimension */
    double coef[2 * ARIMA_MAX_ORDER + 2 * ARIMA_MAX_SORDER + 1]; /* ar, ma, sar, sma, const */
    double mu;     /* mean of the differenced series (0 without a constant) */
    double *phi;   /* phi[1..pp] of the expanded AR polynomial (phi[0] unused) */
    double *theta; /* theta[0..qq], theta[0] = 1 */
    double *state; /* predicted ARMA state for time n (mean removed), r values */
    double *pend;  /* its covariance (unit innovation variance), r x r */
    double sigma2; /* sum(resid^2) / (nstar - npar + 1), as forecast::Arima */
    double sigma2_ml, loglik, aic, aicc, bic;
    size_t n;
    double *y;     /* the series */
    double *resid; /* standardized one-step innovations, 0 over the differencing warm-up */
};

/* ---- workspace: every scratch buffer of a fit, sized once --------------------------------- */
typedef struct arima_ws {
    size_t nmax; /* longest differenced series */
    int rmax;    /* largest state dimension */
    double *w;   /* differenced series */
    double *e;
    double *v, *F;
    double *P, *M, *Pn; /* M and Pn double as the fast filter's K and W */
    double *a, *tmp;
    double *phi, *theta; /* expanded polynomials, phi[1..], theta[0..] */
    double *gam, *psi;
    double *lin;
    size_t *perm;
    double *par;    /* untransformed parameters */
    double *x, *x2; /* optimiser scratch */
    double *hess, *hinv, *jac;
    double *cy, *ce, *uu, *vv; /* stationary_cov's row vectors */
    const double *pend;        /* upper triangle of the last predicted covariance */
    bool steady_end;           /* the filter had converged: that covariance is theta theta' */
    arima_spec s;
    size_t N;        /* length of w */
    bool trans;      /* objective works on transformed (PACF) AR parameters */
    int k;           /* number of ARMA parameters */
    int kk;          /* optimised parameters: the ARMA ones, then the mean or drift if fitted */
    double mu_scale; /* optim's parscale for the mean or drift: 10 standard errors (as R) */
    double dreg;     /* the differenced regressor: 1, or m for drift with D = 1 and d = 0 */
} arima_ws;

static int imax(int a, int b)
{
    return a > b ? a : b;
}

static int spec_k(const arima_spec *s)
{
    return s->p + s->q + s->P + s->Q;
}

static bool spec_has_constant(const arima_spec *s)
{
    return s->constant && s->d + s->D <= 1;
}

static void ws_free(arima_ws *ws)
{
    if (!ws)
        return;
    vl__free(ws->w);
    vl__free(ws->perm);
    vl__free(ws);
}

/* One block for every double buffer, so a fit performs one allocation. */
static arima_ws *ws_alloc(size_t nmax, int rmax)
{
    arima_ws *ws = vl__calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    size_t r = (size_t)rmax + 2, kk = 2 * ARIMA_MAX_ORDER + 2 * ARIMA_MAX_SORDER + 2;
    size_t total =
        4 * nmax + 7 * r * r + 2 * r + 2 * (r + 1) + 2 * (r + 2) + r * r + 3 * kk + 3 * kk * kk;
    double *b = vl__calloc(total, sizeof(double));
    size_t *perm = vl__calloc(r + kk, sizeof(size_t));
    if (!b || !perm) {
        vl__free(b);
        vl__free(perm);
        vl__free(ws);
        return NULL;
    }
    ws->nmax = nmax;
    ws->rmax = rmax;
    ws->perm = perm;
    double *c = b;
#define TAKE(field, len)                                                                           \
    do {                                                                                           \
        ws->field = c;                                                                             \
        c += (len);                                                                                \
    } while (0)
    TAKE(w, nmax);
    TAKE(e, nmax);
    TAKE(v, nmax);
    TAKE(F, nmax);
    TAKE(P, r * r);
    TAKE(M, r * r);
    TAKE(Pn, r * r);
    TAKE(a, r);
    TAKE(tmp, r);
    TAKE(phi, r + 1);
    TAKE(theta, r + 1);
    TAKE(gam, r + 2);
    TAKE(psi, r + 2);
    TAKE(lin, r * r);
    TAKE(cy, r * r);
    TAKE(ce, r * r);
    TAKE(uu, r * r);
    TAKE(vv, r * r);
    TAKE(par, kk);
    TAKE(x, kk);
    TAKE(x2, kk);
    TAKE(hess, kk * kk);
    TAKE(hinv, kk * kk);
    TAKE(jac, kk * kk);
#undef TAKE
    assert((size_t)(c - b) == total);
    return ws;
}

/* ---- small series helpers ------------------------------------------------------------------ */

/* R's forecast:::is.constant: all.equal(x, rep(x[1], n)) with its mean relative difference. */
static bool is_constant(const double *x, size_t n)
{
    if (n == 0)
        return true;
    double dif = 0, mag = 0;
    for (size_t i = 0; i < n; i++) {
        dif += fabs(x[i] - x[0]);
        mag += fabs(x[i]);
    }
    dif /= (double)n;
    mag /= (double)n;
    if (isfinite(mag) && mag > ARIMA_CONST_TOL)
        dif /= mag;
    return dif <= ARIMA_CONST_TOL;
}

/* out[i] = x[i + lag] - x[i]; returns the new length (0 when n <= lag). out may alias x. */
static size_t diff_lag(const double *x, size_t n, size_t lag, double *out)
{
    if (n <= lag)
        return 0;
    for (size_t i = 0; i + lag < n; i++)
        out[i] = x[i + lag] - x[i];
    return n - lag;
}

/* Applies (1 - B)^d (1 - B^m)^D to y into out; returns the differenced length. */
static size_t difference(const double *y, size_t n, int d, int D, int m, double *out)
{
    memmove(out, y, n * sizeof(double));
    size_t len = n;
    for (int i = 0; i < D; i++)
        len = diff_lag(out, len, (size_t)m, out);
    for (int i = 0; i < d; i++)
        len = diff_lag(out, len, 1, out);
    return len;
}

static double sample_var(const double *x, size_t n)
{
    double mean = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        mean += x[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    return n > 1 ? ss / (double)(n - 1) : 0;
}

/* ---- polynomials ---------------------------------------------------------------------------- */

/* The `degree` complex roots of coef[0] + coef[1] z + ... (z holds re, im pairs); false when
 * GSL could not allocate or did not converge. */
static bool poly_roots(const double *coef, int degree, double *z)
{
    gsl_poly_complex_workspace *pw = gsl_poly_complex_workspace_alloc((size_t)degree + 1);
    if (!pw)
        return false;
    int st = gsl_poly_complex_solve(coef, (size_t)degree + 1, pw, z);
    gsl_poly_complex_workspace_free(pw);
    return st == GSL_SUCCESS;
}

/*
 * Smallest root modulus of 1 + sign * (c[0] z + ... + c[n-1] z^n), trailing |c| <= tiny ignored
 * (auto.arima's 1e-8 test, arCheck's exact zero). Returns +inf when the polynomial is constant,
 * NaN when the root finder fails.
 */
static double min_root(const double *c, int n, double sign, double tiny)
{
    int last = 0;
    for (int i = 0; i < n; i++)
        if (fabs(c[i]) > tiny)
            last = i + 1;
    if (last == 0)
        return HUGE_VAL;
    double coef[64], z[128];
    assert(last < 64);
    coef[0] = 1;
    for (int i = 0; i < last; i++)
        coef[i + 1] = sign * c[i];
    if (last == 1)
        return fabs(1.0 / coef[1]);
    if (!poly_roots(coef, last, z))
        return NAN;
    double mr = HUGE_VAL;
    for (int i = 0; i < last; i++)
        mr = fmin(mr, hypot(z[2 * i], z[2 * i + 1]));
    return mr;
}

/* R's arCheck: all roots of 1 - ar(z) outside the unit circle. */
static bool ar_stationary(const double *ar, int p)
{
    double r = min_root(ar, p, -1.0, 0.0);
    return !isnan(r) && r > 1.0;
}

/*
 * R's maInvert: reflects the roots of 1 + ma(z) that lie inside the unit circle, so the MA part
 * is invertible with the same autocorrelations. Returns false if the root finder failed.
 */
static bool ma_invert(double *ma, int q)
{
    int q0 = 0;
    for (int i = 0; i < q; i++)
        if (ma[i] != 0)
            q0 = i + 1;
    if (q0 == 0)
        return true;
    double coef[16], z[32];
    coef[0] = 1;
    for (int i = 0; i < q0; i++)
        coef[i + 1] = ma[i];
    if (q0 == 1) {
        if (fabs(ma[0]) > 1)
            ma[0] = 1 / ma[0];
        return true;
    }
    if (!poly_roots(coef, q0, z))
        return false;
    bool any = false;
    double complex roots[16];
    for (int i = 0; i < q0; i++) {
        roots[i] = CMPLX(z[2 * i], z[2 * i + 1]);
        if (cabs(roots[i]) < 1) {
            roots[i] = 1 / roots[i];
            any = true;
        }
    }
    if (!any)
        return true;
    /* rebuild prod (1 - z / root) */
    double complex x[17] = {1};
    for (int i = 0; i < q0; i++) {
        for (int j = i + 1; j >= 1; j--)
            x[j] -= x[j - 1] / roots[i];
    }
    for (int i = 0; i < q0; i++)
        ma[i] = creal(x[i + 1]);
    return true;
}

/* R's partrans: unconstrained -> PACF (tanh) -> AR coefficients by Durbin-Levinson. */
static void partrans(int p, const double *raw, double *out)
{
    double work[ARIMA_MAX_ORDER + 1];
    assert(p <= ARIMA_MAX_ORDER);
    for (int j = 0; j < p; j++)
        work[j] = out[j] = tanh(raw[j]);
    for (int j = 1; j < p; j++) {
        double a = out[j];
        for (int k = 0; k < j; k++)
            work[k] -= a * out[j - k - 1];
        memcpy(out, work, (size_t)j * sizeof(double));
    }
}

/* Inverse of partrans; false when the AR part is not stationary (|pacf| >= 1). */
static bool invpartrans(int p, const double *phi, double *out)
{
    double work[ARIMA_MAX_ORDER + 1];
    for (int j = 0; j < p; j++)
        work[j] = out[j] = phi[j];
    for (int j = p - 1; j > 0; j--) {
        double a = out[j];
        if (fabs(a) >= 1)
            return false;
        for (int k = 0; k < j; k++)
            work[k] = (out[k] + a * out[j - k - 1]) / (1 - a * a);
        memcpy(out, work, (size_t)j * sizeof(double));
    }
    for (int j = 0; j < p; j++) {
        if (fabs(out[j]) >= 1)
            return false;
        out[j] = atanh(out[j]);
    }
    return true;
}

/* Parameter vector x (transformed or not) -> par in R's order ar, ma, sar, sma (then the scaled
 * mean, copied). */
static void to_par(const arima_ws *ws, const double *x, double *par)
{
    const arima_spec *s = &ws->s;
    memcpy(par, x, (size_t)ws->kk * sizeof(double));
    if (ws->trans) {
        if (s->p > 0)
            partrans(s->p, x, par);
        if (s->P > 0)
            partrans(s->P, x + s->p + s->q, par + s->p + s->q);
    }
}

/* Multiplies out the seasonal polynomials into ws->phi[1..pp], ws->theta[0..qq] (zero-padded
 * to the state dimension r). */
static void expand(arima_ws *ws, const double *par, int r)
{
    const arima_spec *s = &ws->s;
    const double *ar = par, *ma = par + s->p, *sar = par + s->p + s->q,
                 *sma = par + s->p + s->q + s->P;
    double *phi = ws->phi, *theta = ws->theta;
    for (int i = 0; i <= r; i++)
        phi[i] = theta[i] = 0;
    theta[0] = 1;
    for (int i = 0; i < s->p; i++)
        phi[i + 1] = ar[i];
    for (int j = 0; j < s->P; j++) {
        phi[(j + 1) * s->m] += sar[j];
        for (int i = 0; i < s->p; i++)
            phi[(j + 1) * s->m + i + 1] -= ar[i] * sar[j];
    }
    for (int i = 0; i < s->q; i++)
        theta[i + 1] = ma[i];
    for (int j = 0; j < s->Q; j++) {
        theta[(j + 1) * s->m] += sma[j];
        for (int i = 0; i < s->q; i++)
            theta[(j + 1) * s->m + i + 1] += ma[i] * sma[j];
    }
}

/* ---- exact likelihood ---------------------------------------------------------------------- */

/*
 * Solves the n x n system in ws->lin (row-major, destroyed) for rhs b in place by Gaussian
 * elimination with partial pivoting; false when (numerically) singular. The systems are tiny
 * (n <= p + m P + 1) and solved on every likelihood evaluation, where a general LU's call
 * overhead would dominate.
 */
static bool solve_small(arima_ws *ws, int n, double *b)
{
    double *A = ws->lin;
    for (int c = 0; c < n; c++) {
        int piv = c;
        double best = fabs(A[c * n + c]);
        for (int i = c + 1; i < n; i++)
            if (fabs(A[i * n + c]) > best) {
                best = fabs(A[i * n + c]);
                piv = i;
            }
        if (!(best > 1e-13))
            return false;
        if (piv != c) {
            for (int j = c; j < n; j++) {
                double t = A[c * n + j];
                A[c * n + j] = A[piv * n + j];
                A[piv * n + j] = t;
            }
            double t = b[c];
            b[c] = b[piv];
            b[piv] = t;
        }
        double inv = 1 / A[c * n + c];
        for (int i = c + 1; i < n; i++) {
            double f = A[i * n + c] * inv;
            if (f == 0)
                continue;
            for (int j = c + 1; j < n; j++)
                A[i * n + j] -= f * A[c * n + j];
            b[i] -= f * b[c];
        }
    }
    for (int i = n - 1; i >= 0; i--) {
        double s = b[i];
        for (int j = i + 1; j < n; j++)
            s -= A[i * n + j] * b[j];
        b[i] = s / A[i * n + i];
        if (!isfinite(b[i]))
            return false;
    }
    return true;
}

/*
 * Stationary covariance of Harvey's state (unit innovation variance) into ws->P. The state is
 * a_t[0] = y_t, a_t[i] = sum_j (phi[i+1+j] y[t-1-j] + theta[i+j] e[t-j]), so P0 follows from
 * the autocovariances gamma and the psi weights (cov(y_s, e_{s-k}) = psi_k). Exact like R's
 * Gardner et al. (1980) start, and O(r^4) in the worst case instead of a Kronecker solve.
 */
static bool stationary_cov(arima_ws *ws, int pp, int qq, int r, bool full)
{
    const double *phi = ws->phi, *th = ws->theta;
    double *psi = ws->psi, *gam = ws->gam;
    int L = r + 1;
    psi[0] = 1;
    for (int j = 1; j <= L; j++) {
        double s = j <= qq ? th[j] : 0;
        for (int i = 1; i <= (j < pp ? j : pp); i++)
            s += phi[i] * psi[j - i];
        psi[j] = s;
    }
    /* gamma(0..pp) from gamma(k) - sum phi_i gamma(|k-i|) = sum_{j>=k} theta_j psi_{j-k} */
    for (int k = 0; k <= L; k++) {
        double b = 0;
        for (int j = k; j <= qq; j++)
            b += th[j] * psi[j - k];
        gam[k] = b;
    }
    if (pp > 0) {
        int n = pp + 1;
        double *A = ws->lin;
        memset(A, 0, (size_t)(n * n) * sizeof(double));
        for (int k = 0; k <= pp; k++) {
            A[k * n + k] += 1;
            for (int i = 1; i <= pp; i++)
                A[k * n + abs(k - i)] -= phi[i];
        }
        if (!solve_small(ws, n, gam))
            return false;
        for (int k = pp + 1; k <= L; k++) {
            double s = gam[k];
            for (int i = 1; i <= pp; i++)
                s += phi[i] * gam[k - i];
            gam[k] = s;
        }
    }
    if (!(gam[0] > 0))
        return false;
    double *P = ws->P;
    P[0] = gam[0];
    for (int k = 1; k < r; k++) {
        double s = 0;
        for (int l = 0; l <= r - 1 - k; l++) {
            if (k + 1 + l <= pp)
                s += phi[k + 1 + l] * gam[l + 1];
            if (k + l <= qq)
                s += th[k + l] * psi[l];
        }
        P[k] = P[k * r] = s;
    }
    if (!full) { /* the first row is all the fast filter needs */
        for (int k = 0; k < r; k++)
            if (!isfinite(P[k]))
                return false;
        return true;
    }
    /*
     * Rows i >= 1 as vectors over j: cy_i[j] = phi[i+1+j], ce_i[j] = theta[i+j]; then
     * P[i][k] = cy_i' (G cy_k + Psi ce_k) + ce_i' ce_k + cy_k' Psi ce_i with G[j][l] = gamma(|j-l|)
     * and Psi[j][l] = psi(l-1-j): O(r^3) instead of the O(r^4) double sum.
     */
    int nv = r - 1;
    double *cy = ws->cy, *ce = ws->ce, *U = ws->uu, *V = ws->vv;
    for (int i = 1; i < r; i++) {
        double *cyi = cy + (size_t)i * r, *cei = ce + (size_t)i * r;
        for (int j = 0; j < nv; j++) {
            bool in = j <= r - 1 - i;
            cyi[j] = in && i + 1 + j <= pp ? phi[i + 1 + j] : 0;
            cei[j] = in && i + j <= qq ? th[i + j] : 0;
        }
    }
    for (int i = 1; i < r; i++) {
        const double *cyi = cy + (size_t)i * r, *cei = ce + (size_t)i * r;
        double *Ui = U + (size_t)i * r, *Vi = V + (size_t)i * r;
        for (int j = 0; j < nv; j++) {
            double sv = 0, su = 0;
            for (int l = j + 1; l < nv; l++)
                sv += psi[l - 1 - j] * cei[l];
            for (int l = 0; l < nv; l++)
                su += gam[abs(j - l)] * cyi[l];
            Vi[j] = sv;
            Ui[j] = su + sv;
        }
    }
    for (int i = 1; i < r; i++) {
        const double *cyi = cy + (size_t)i * r, *cei = ce + (size_t)i * r, *Vi = V + (size_t)i * r;
        for (int k = i; k < r; k++) {
            const double *cyk = cy + (size_t)k * r, *cek = ce + (size_t)k * r;
            const double *Uk = U + (size_t)k * r;
            double s = 0;
            for (int j = 0; j < nv; j++)
                s += cyi[j] * Uk[j] + cei[j] * cek[j] + cyk[j] * Vi[j];
            P[i * r + k] = P[k * r + i] = s;
        }
    }
    for (int i = 0; i < r * r; i++)
        if (!isfinite(P[i]))
            return false;
    return true;
}

/* Concentrated objective 0.5 * (log(ssq / N) + mean(log F)), as R's armafn. */
static double concentrated(double ssq, double sumlog, size_t N)
{
    if (!(ssq > 0))
        ssq = DBL_MIN * (double)N;
    double obj = 0.5 * (log(ssq / (double)N) + sumlog / (double)N);
    return isfinite(obj) ? obj : ARIMA_BAD;
}

/*
 * Kalman filter over ws->w - mu with the polynomials in ws->phi/theta, from the stationary
 * covariance. Returns the concentrated objective (sigma2 profiled out) or ARIMA_BAD, and leaves
 * the innovations in ws->v/F, the predicted state for time N in ws->a and the upper triangle
 * of its covariance in ws->pend (theta theta' when ws->steady_end).
 */
static double kalman_objective(arima_ws *ws, int pp, int qq, int r, double mu)
{
    size_t N = ws->N;
    const double *phi = ws->phi, *th = ws->theta, *w = ws->w;
    if (!stationary_cov(ws, pp, qq, r, true))
        return ARIMA_BAD;
    double *P = ws->P, *Pn = ws->Pn, *a = ws->a;
    for (int i = 0; i < r; i++)
        a[i] = 0;
    double svv = 0, sumlog = 0, prodF = 1;
    bool steady = false;
    int r1 = r - 1;
    for (size_t t = 0; t < N; t++) {
        double F = steady ? 1.0 : P[0];
        if (!(F > 0) || !isfinite(F))
            return ARIMA_BAD;
        double invF = 1 / F;
        double v = w[t] - mu - a[0];
        ws->v[t] = v;
        ws->F[t] = F;
        svv += v * v * invF;
        prodF *= F; /* F >= 1 (unit innovation variance), so one log per 1e100 */
        if (prodF > 1e100) {
            sumlog += log(prodF);
            prodF = 1;
        }
        /* gain: P[0][i] / F, or theta once P has converged (only the upper triangle of P is
         * kept; row 0 = column 0) */
        const double *gain = steady ? th : P;
        double g = v * (steady ? 1.0 : invF);
        double a0 = a[0] + gain[0] * g;
        for (int i = 0; i < r1; i++)
            a[i] = phi[i + 1] * a0 + a[i + 1] + gain[i + 1] * g;
        a[r1] = phi[r] * a0;
        if (!steady) {
            /*
             * y_t = a[0] is observed without noise, so the filtered covariance
             * P - P[:,0] P[0,:] / F has a zero first row and column and T only shifts it:
             * Pn[i][j] = Pf[i+1][j+1] + theta_i theta_j. O(r^2), no product with T. The
             * filtered covariance is positive semi-definite, so its diagonal bounds it.
             */
            double pmax = 0;
            for (int i = 0; i < r1; i++) {
                double ci = P[i + 1] * invF, thi = th[i];
                const double *Prow = P + (size_t)(i + 1) * r + 1;
                double *Pnrow = Pn + (size_t)i * r;
                double dii = Prow[i] - ci * P[i + 1];
                pmax = fabs(dii) > pmax ? fabs(dii) : pmax;
                for (int j = i; j < r1; j++)
                    Pnrow[j] = Prow[j] - ci * P[j + 1] + thi * th[j];
                Pnrow[r1] = thi * th[r1];
            }
            Pn[(size_t)r1 * r + r1] = th[r1] * th[r1];
            double *sw = P;
            P = Pn;
            Pn = sw;
            if (pmax < ARIMA_STEADY_TOL)
                steady = true;
        }
    }
    sumlog += log(prodF);
    ws->pend = P;
    ws->steady_end = steady;
    return concentrated(svv, sumlog, N);
}

/*
 * The same likelihood by the Chandrasekhar recursions (Morf, Sidhu & Kailath 1974), O(r) per
 * observation instead of O(r^2): the filter starts from the stationary covariance P0, so
 * P_{t+1} - P_t stays rank one, P_{t+1} - P_t = M_t W_t W_t', and only the gain K_t = T P_t Z',
 * the innovation variance F_t, W_t and the scalar M_t are propagated:
 *   F_{t+1} = F_t + M a^2, K_{t+1} = K_t + M a T W_t, W_{t+1} = T W_t - K_t a / F_t,
 *   M_{t+1} = M_t - M_t^2 a^2 / F_{t+1}, with a = W_t[0], starting from K_1 = W_1 = T P0[:,0],
 *   M_1 = -1 / F_1 (P0 = T P0 T' + theta theta' makes P_2 - P_1 = -K_1 K_1' / F_1).
 * Used inside the optimiser; the final evaluation runs kalman_objective, which keeps P.
 */
static double kalman_fast(arima_ws *ws, int pp, int qq, int r, double mu)
{
    size_t N = ws->N;
    const double *phi = ws->phi, *w = ws->w;
    if (!stationary_cov(ws, pp, qq, r, false))
        return ARIMA_BAD;
    const double *c = ws->P; /* first row of P0 */
    double *a = ws->a, *K = ws->M, *W = ws->Pn, *TW = ws->tmp;
    int r1 = r - 1;
    double F = c[0];
    for (int i = 0; i < r; i++) {
        a[i] = 0;
        K[i] = W[i] = phi[i + 1] * c[0] + (i < r1 ? c[i + 1] : 0);
    }
    double M = -1 / F;
    double svv = 0, sumlog = 0, prodF = 1;
    for (size_t t = 0; t < N; t++) {
        if (!(F > 0) || !isfinite(F))
            return ARIMA_BAD;
        double invF = 1 / F;
        double v = w[t] - mu - a[0], g = v * invF;
        svv += v * g;
        prodF *= F;
        if (prodF > 1e100) {
            sumlog += log(prodF);
            prodF = 1;
        }
        double a0 = a[0];
        for (int i = 0; i < r1; i++)
            a[i] = phi[i + 1] * a0 + a[i + 1] + K[i] * g;
        a[r1] = phi[r] * a0 + K[r1] * g;
        double aw = W[0], maw = M * aw, kw = aw * invF;
        for (int i = 0; i < r1; i++)
            TW[i] = phi[i + 1] * aw + W[i + 1];
        TW[r1] = phi[r] * aw;
        for (int i = 0; i < r; i++) {
            W[i] = TW[i] - K[i] * kw;
            K[i] += TW[i] * maw;
        }
        double Fn = F + maw * aw;
        M -= maw * maw / Fn;
        F = Fn;
    }
    sumlog += log(prodF);
    return concentrated(svv, sumlog, N);
}

/*
 * Conditional sum of squares (R's ARIMA_CSS) of ws->w - mu: residuals start after p + m P
 * values. Returns 0.5 * log(ssq / nu).
 */
static double css_objective(arima_ws *ws, int pp, int qq, double mu)
{
    const arima_spec *s = &ws->s;
    size_t N = ws->N, ncond = (size_t)(s->p + s->m * s->P);
    if (N <= ncond)
        return ARIMA_BAD;
    const double *phi = ws->phi, *th = ws->theta, *w = ws->w;
    double *e = ws->e;
    double sphi = 0;
    for (int i = 1; i <= pp; i++)
        sphi += phi[i];
    double c = mu * (1 - sphi), see = 0;
    for (size_t t = 0; t < N; t++) {
        if (t < ncond) {
            e[t] = 0;
            continue;
        }
        double et = w[t] - c;
        for (int i = 1; i <= pp; i++)
            et -= phi[i] * w[t - (size_t)i];
        size_t lim = t - ncond < (size_t)qq ? t - ncond : (size_t)qq;
        for (size_t j = 1; j <= lim; j++)
            et -= th[j] * e[t - j];
        e[t] = et;
        see += et * et;
    }
    if (!(see > 0) || !isfinite(see))
        return see == 0 ? 0.5 * log(DBL_MIN) : ARIMA_BAD;
    return 0.5 * log(see / (double)(N - ncond));
}

/* The objective the optimiser sees: CSS (untransformed) or exact ML (transformed AR). */
typedef struct objective {
    arima_ws *ws;
    bool ml;
} objective;

static double objective_eval(const double *x, objective *o)
{
    arima_ws *ws = o->ws;
    const arima_spec *s = &ws->s;
    int pp = s->p + s->m * s->P, qq = s->q + s->m * s->Q, r = imax(pp, qq + 1);
    for (int i = 0; i < ws->kk; i++)
        if (!isfinite(x[i]))
            return ARIMA_BAD;
    to_par(ws, x, ws->par);
    expand(ws, ws->par, r);
    double mu = ws->kk > ws->k ? x[ws->k] * ws->mu_scale * ws->dreg : 0;
    return o->ml ? kalman_fast(ws, pp, qq, r, mu) : css_objective(ws, pp, qq, mu);
}

/* ---- optimisation (gsl_multimin) ---------------------------------------------------------- */

static double gsl_f(const gsl_vector *x, void *params)
{
    return objective_eval(x->data, params);
}

/* Central differences with optim()'s ndeps; x is restored. */
static void num_grad(objective *o, double *x, int k, double *g)
{
    for (int i = 0; i < k; i++) {
        double xi = x[i];
        x[i] = xi + ARIMA_NDEPS;
        double f1 = objective_eval(x, o);
        x[i] = xi - ARIMA_NDEPS;
        double f2 = objective_eval(x, o);
        x[i] = xi;
        g[i] = (f1 - f2) / (2 * ARIMA_NDEPS);
        if (!isfinite(g[i]))
            g[i] = 0;
    }
}

static void gsl_df(const gsl_vector *x, void *params, gsl_vector *g)
{
    objective *o = params;
    double *xs = o->ws->x2;
    memcpy(xs, x->data, x->size * sizeof(double));
    num_grad(o, xs, (int)x->size, g->data);
}

static void gsl_fdf(const gsl_vector *x, void *params, double *f, gsl_vector *g)
{
    *f = gsl_f(x, params);
    gsl_df(x, params, g);
}

/*
 * A gsl_multimin_fdfminimizer_type running the variable-metric (BFGS) method of Nash (1990) as
 * R's optim(method = "BFGS") does: an Armijo backtracking line search on f alone (steps 1, 0.2,
 * 0.04, ...), the gradient only at accepted points, a reset of the inverse-Hessian estimate when
 * the search direction fails, and R's stopping rule (relative change of f below reltol after a
 * reset). GSL's own BFGS evaluates the numerical gradient at every line-search trial, which
 * costs 2k likelihoods each; this one took less than half the time on M3 and follows R's path,
 * so the stepwise search meets the same local optima R's auto.arima meets.
 */
typedef struct vmmin_state {
    size_t n;
    double *B; /* lower triangle of the inverse-Hessian estimate, n x n */
    double *t, *X, *c;
    int gradcount, ilast, iter;
    bool done;
} vmmin_state;

static const double VMMIN_STEPREDN = 0.2; /* optim's stepredn */
static const double VMMIN_ACCTOL = 1e-4;  /* optim's acctol */
static const double VMMIN_RELTEST = 10.0; /* optim's reltest: x + 10 == x' + 10 means no move */

static int vmmin_alloc(void *vstate, size_t n)
{
    vmmin_state *s = vstate;
    s->n = n;
    s->B = vl__malloc((n * n + 3 * n) * sizeof(double));
    if (!s->B)
        return GSL_ENOMEM;
    s->t = s->B + n * n;
    s->X = s->t + n;
    s->c = s->X + n;
    return GSL_SUCCESS;
}

static void vmmin_free(void *vstate)
{
    vmmin_state *s = vstate;
    vl__free(s->B);
}

static int vmmin_restart(void *vstate)
{
    vmmin_state *s = vstate;
    s->ilast = s->gradcount;
    return GSL_SUCCESS;
}

static int vmmin_set(void *vstate, gsl_multimin_function_fdf *fdf, const gsl_vector *x, double *f,
                     gsl_vector *gradient, double step_size, double tol)
{
    (void)step_size;
    (void)tol;
    vmmin_state *s = vstate;
    GSL_MULTIMIN_FN_EVAL_F_DF(fdf, x, f, gradient);
    s->gradcount = 1;
    s->ilast = 1;
    s->iter = 1;
    s->done = !isfinite(*f);
    return GSL_SUCCESS;
}

static int vmmin_iterate(void *vstate, gsl_multimin_function_fdf *fdf, gsl_vector *x, double *f,
                         gsl_vector *gradient, gsl_vector *dx)
{
    vmmin_state *s = vstate;
    size_t n = s->n, count = 0;
    double *b = x->data, *g = gradient->data, *B = s->B, *t = s->t, *X = s->X, *c = s->c;
    if (s->ilast == s->gradcount)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j <= i; j++)
                B[i * n + j] = i == j ? 1 : 0;
    double gradproj = 0;
    for (size_t i = 0; i < n; i++) {
        X[i] = b[i];
        c[i] = g[i];
    }
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        for (size_t j = 0; j <= i; j++)
            sum -= B[i * n + j] * g[j];
        for (size_t j = i + 1; j < n; j++)
            sum -= B[j * n + i] * g[j];
        t[i] = sum;
        gradproj += sum * g[i];
    }
    if (gradproj < 0) { /* downhill: backtrack until the Armijo condition holds */
        double step = 1, fnew = *f;
        bool accept = false;
        do {
            count = 0;
            for (size_t i = 0; i < n; i++) {
                b[i] = X[i] + step * t[i];
                if (VMMIN_RELTEST + X[i] == VMMIN_RELTEST + b[i])
                    count++;
            }
            if (count < n) {
                fnew = GSL_MULTIMIN_FN_EVAL_F(fdf, x);
                accept = isfinite(fnew) && fnew <= *f + gradproj * step * VMMIN_ACCTOL;
                if (!accept)
                    step *= VMMIN_STEPREDN;
            }
        } while (!(count == n || accept));
        if (!(fabs(fnew - *f) > ARIMA_RELTOL * (fabs(*f) + ARIMA_RELTOL))) {
            count = n; /* too little progress: converged unless a reset helps */
            *f = fnew;
        }
        if (count < n) {
            *f = fnew;
            GSL_MULTIMIN_FN_EVAL_DF(fdf, x, gradient);
            s->gradcount++;
            s->iter++;
            double D1 = 0;
            for (size_t i = 0; i < n; i++) {
                t[i] *= step;
                c[i] = g[i] - c[i];
                D1 += t[i] * c[i];
            }
            if (D1 > 0) { /* BFGS update of the inverse Hessian */
                double D2 = 0;
                for (size_t i = 0; i < n; i++) {
                    double sum = 0;
                    for (size_t j = 0; j <= i; j++)
                        sum += B[i * n + j] * c[j];
                    for (size_t j = i + 1; j < n; j++)
                        sum += B[j * n + i] * c[j];
                    X[i] = sum;
                    D2 += sum * c[i];
                }
                D2 = 1 + D2 / D1;
                for (size_t i = 0; i < n; i++)
                    for (size_t j = 0; j <= i; j++)
                        B[i * n + j] += (D2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / D1;
            } else {
                s->ilast = s->gradcount;
            }
        } else if (s->ilast < s->gradcount) { /* no progress: reset the metric, try again */
            count = 0;
            s->ilast = s->gradcount;
        }
    } else { /* uphill: reset, or stop if just reset */
        count = 0;
        if (s->ilast == s->gradcount)
            count = n;
        else
            s->ilast = s->gradcount;
    }
    if (s->gradcount - s->ilast > 2 * (int)n)
        s->ilast = s->gradcount; /* periodic restart */
    s->done = count == n && s->ilast == s->gradcount;
    gsl_vector_set_zero(dx);
    return GSL_SUCCESS;
}

static const gsl_multimin_fdfminimizer_type vmmin_type = {
    "vl_vmmin",    sizeof(vmmin_state), vmmin_alloc, vmmin_set,
    vmmin_iterate, vmmin_restart,       vmmin_free,
};

/*
 * Minimises the objective from x (k values, updated in place) with the variable-metric method
 * above and central-difference gradients (optim's ndeps). Returns the final objective;
 * converged is false when the iteration limit (optim's maxit = 100) ended the search.
 */
static double minimise(objective *o, double *x, int k, bool *converged)
{
    *converged = false;
    if (k == 0) {
        *converged = true;
        return objective_eval(x, o);
    }
    gsl_vector_view xv = gsl_vector_view_array(x, (size_t)k);
    gsl_multimin_function_fdf fdf = {gsl_f, gsl_df, gsl_fdf, (size_t)k, o};
    gsl_multimin_fdfminimizer *mz = gsl_multimin_fdfminimizer_alloc(&vmmin_type, (size_t)k);
    if (!mz)
        return ARIMA_BAD;
    double f = ARIMA_BAD;
    if (gsl_multimin_fdfminimizer_set(mz, &fdf, &xv.vector, 1.0, 0.0) == GSL_SUCCESS) {
        vmmin_state *st = mz->state;
        while (!st->done && st->iter < ARIMA_OPT_MAXITER)
            if (gsl_multimin_fdfminimizer_iterate(mz) != GSL_SUCCESS)
                break;
        *converged = st->done;
        f = mz->f;
        memcpy(x, mz->x->data, (size_t)k * sizeof(double));
    }
    gsl_multimin_fdfminimizer_free(mz);
    return isfinite(f) ? f : ARIMA_BAD;
}

/*
 * auto.arima's checkarima(): R inverts the numerical Hessian of the ML objective (in the
 * transformed parameters, ndeps 1e-3) and rejects the model when a coefficient variance comes
 * out negative (NaN standard error) or the Hessian is singular.
 */
static bool hessian_ok(objective *o, double *x, int k)
{
    arima_ws *ws = o->ws;
    double h = ARIMA_NDEPS;
    double f0 = objective_eval(x, o);
    double *H = ws->hess;
    for (int i = 0; i < k; i++) {
        double xi = x[i];
        x[i] = xi + h;
        double fp = objective_eval(x, o);
        x[i] = xi - h;
        double fm = objective_eval(x, o);
        x[i] = xi;
        H[i * k + i] = (fp - 2 * f0 + fm) / (h * h);
        for (int j = 0; j < i; j++) {
            double xj = x[j], f[4];
            for (int c = 0; c < 4; c++) {
                x[i] = xi + ((c & 1) ? -h : h);
                x[j] = xj + ((c & 2) ? -h : h);
                f[c] = objective_eval(x, o);
            }
            x[i] = xi;
            x[j] = xj;
            H[i * k + j] = H[j * k + i] = (f[0] - f[1] - f[2] + f[3]) / (4 * h * h);
        }
    }
    for (int i = 0; i < k * k; i++)
        if (!isfinite(H[i]) || fabs(H[i]) >= ARIMA_BAD)
            return false;
    /* Jacobian of the transformation by forward differences (R's ARIMA_Gradtrans) */
    double *J = ws->jac, base[16], pert[16];
    to_par(ws, x, base);
    for (int j = 0; j < k; j++) {
        double xj = x[j];
        x[j] = xj + h;
        to_par(ws, x, pert);
        x[j] = xj;
        for (int i = 0; i < k; i++)
            J[i * k + j] = (pert[i] - base[i]) / h;
    }
    gsl_matrix_view Hm = gsl_matrix_view_array(H, (size_t)k, (size_t)k);
    gsl_matrix_view Hi = gsl_matrix_view_array(ws->hinv, (size_t)k, (size_t)k);
    gsl_permutation perm = {(size_t)k, ws->perm};
    int sign = 0;
    if (gsl_linalg_LU_decomp(&Hm.matrix, &perm, &sign) != GSL_SUCCESS)
        return false;
    double det = gsl_linalg_LU_det(&Hm.matrix, sign);
    if (det == 0 || !isfinite(det))
        return false;
    if (gsl_linalg_LU_invert(&Hm.matrix, &perm, &Hi.matrix) != GSL_SUCCESS)
        return false;
    for (int i = 0; i < k; i++) {
        double s = 0;
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
                s += J[i * k + a] * ws->hinv[a * k + b] * J[i * k + b];
        if (!(s >= 0))
            return false;
    }
    return true;
}

/* ---- fitting one order (stats::arima CSS-ML, then forecast::Arima's statistics) ----------- */

static fc_arima *model_alloc(size_t n, int rmax)
{
    fc_arima *a = vl__calloc(1, sizeof *a);
    if (!a)
        return NULL;
    size_t r = (size_t)rmax + 2;
    a->phi = vl__calloc(3 * r + r * r + 2 * n, sizeof(double));
    if (!a->phi) {
        vl__free(a);
        return NULL;
    }
    a->theta = a->phi + r;
    a->state = a->theta + r;
    a->pend = a->state + r;
    a->y = a->pend + r * r;
    a->resid = a->y + n;
    return a;
}

void fc_arima_free(fc_arima *a)
{
    if (!a)
        return;
    vl__free(a->phi);
    vl__free(a);
}

typedef enum fit_check {
    FIT_PLAIN, /* Arima(): any converged fit is accepted */
    FIT_AUTO,  /* auto.arima's myarima(): roots and Hessian checks reject a model */
} fit_check;

/*
 * Fits spec to y (length n) into out (sized for the workspace). Returns the information
 * criterion (AICc, or AIC when use_aic) or +inf when the model failed or was rejected; why
 * explains a failure for fc_arima_fit's message.
 */
static double fit_spec(arima_ws *ws, const double *y, size_t n, const arima_spec *spec,
                       fit_check check, double bar, bool use_aic, fc_arima *out, const char **why)
{
    *why = NULL;
    ws->s = *spec;
    arima_spec *s = &ws->s;
    if (s->d + s->D > 1)
        s->constant = false;
    int k = spec_k(s), pp = s->p + s->m * s->P, qq = s->q + s->m * s->Q, r = imax(pp, qq + 1);
    assert(r <= ws->rmax);
    ws->k = k;
    ws->N = difference(y, n, s->d, s->D, s->m, ws->w);
    size_t N = ws->N;
    bool mean = spec_has_constant(s);
    int ncoef = k + (mean ? 1 : 0);
    if (N == 0 || N <= (size_t)(s->p + s->m * s->P) || N < (size_t)ncoef + 1) {
        *why = N_("too few observations for this order");
        return HUGE_VAL;
    }
    /*
     * The mean or drift is a parameter like in stats::arima: started at the least-squares
     * value on the differenced series and scaled by 10 standard errors (optim's parscale).
     */
    double *x = ws->x;
    int kk = k + (mean ? 1 : 0);
    ws->kk = kk;
    ws->dreg = (s->D == 1 && s->d == 0) ? s->m : 1;
    ws->mu_scale = 1;
    for (int i = 0; i < k; i++)
        x[i] = 0;
    if (mean) {
        double wm = 0, ss = 0;
        for (size_t t = 0; t < N; t++)
            wm += ws->w[t];
        wm /= (double)N;
        for (size_t t = 0; t < N; t++)
            ss += (ws->w[t] - wm) * (ws->w[t] - wm);
        double se = N > 1 ? sqrt(ss / (double)(N - 1)) / (ws->dreg * sqrt((double)N)) : 0;
        double b0 = wm / ws->dreg;
        ws->mu_scale = se > 0 && isfinite(se) ? 10 * se : fmax(fabs(b0), 1.0);
        x[k] = b0 / ws->mu_scale;
    }
    objective o = {ws, false};
    bool conv = false;
    /* CSS start from zeros (stats::arima's init), untransformed */
    ws->trans = false;
    if (kk > 0) {
        double xs[16];
        memcpy(xs, x, (size_t)kk * sizeof(double));
        double fc = minimise(&o, xs, kk, &conv);
        if (conv && fc < ARIMA_BAD)
            memcpy(x, xs, (size_t)kk * sizeof(double));
        if ((s->p > 0 && !ar_stationary(x, s->p)) ||
            (s->P > 0 && !ar_stationary(x + s->p + s->q, s->P))) {
            *why = N_("non-stationary AR part from CSS");
            return HUGE_VAL;
        }
        /* transformed start: PACF for AR parts, invertible MA parts */
        double tx[16];
        memcpy(tx, x, (size_t)kk * sizeof(double));
        if (s->p > 0 && !invpartrans(s->p, x, tx)) {
            *why = N_("non-stationary AR part from CSS");
            return HUGE_VAL;
        }
        if (s->P > 0 && !invpartrans(s->P, x + s->p + s->q, tx + s->p + s->q)) {
            *why = N_("non-stationary seasonal AR part from CSS");
            return HUGE_VAL;
        }
        if (!ma_invert(tx + s->p, s->q) || !ma_invert(tx + s->p + s->q + s->P, s->Q)) {
            *why = N_("MA root finding failed");
            return HUGE_VAL;
        }
        memcpy(x, tx, (size_t)kk * sizeof(double));
    }
    /* exact ML on transformed parameters */
    ws->trans = true;
    o.ml = true;
    double f = minimise(&o, x, kk, &conv);
    if (!(f < ARIMA_BAD)) {
        *why = N_("the likelihood could not be evaluated");
        return HUGE_VAL;
    }
    if (k > 0) {
        /* enforce invertibility as stats::arima does after ML */
        if (!ma_invert(x + s->p, s->q) || !ma_invert(x + s->p + s->q + s->P, s->Q)) {
            *why = N_("MA root finding failed");
            return HUGE_VAL;
        }
    }
    /* final evaluation with the innovations kept */
    to_par(ws, x, ws->par);
    expand(ws, ws->par, r);
    double coef_mu = mean ? x[k] * ws->mu_scale : 0, mu = coef_mu * ws->dreg;
    f = kalman_objective(ws, pp, qq, r, mu);
    if (!(f < ARIMA_BAD)) {
        *why = N_("the likelihood could not be evaluated");
        return HUGE_VAL;
    }
    /* statistics as stats::arima / forecast::Arima report them */
    double Nd = (double)N;
    out->s = *s;
    out->pp = pp;
    out->qq = qq;
    out->r = r;
    out->n = n;
    memcpy(out->y, y, n * sizeof(double));
    memcpy(out->coef, ws->par, (size_t)k * sizeof(double));
    out->mu = mu;
    if (mean)
        out->coef[k] = coef_mu;
    memcpy(out->phi, ws->phi, (size_t)(r + 1) * sizeof(double));
    memcpy(out->theta, ws->theta, (size_t)(r + 1) * sizeof(double));
    for (int i = 0; i < r; i++)
        out->state[i] = ws->a[i];
    for (int i = 0; i < r; i++)
        for (int j = i; j < r; j++) {
            double c = ws->steady_end ? ws->theta[i] * ws->theta[j] : ws->pend[i * r + j];
            out->pend[i * r + j] = out->pend[j * r + i] = c;
        }
    double ssr = 0;
    size_t lag = n - N;
    for (size_t i = 0; i < lag; i++)
        out->resid[i] = 0;
    for (size_t t = 0; t < N; t++) {
        double e = ws->v[t] / sqrt(ws->F[t]);
        out->resid[lag + t] = e;
        ssr += e * e;
    }
    double value = 2 * Nd * f + Nd + Nd * log(2 * ARIMA_PI);
    out->loglik = -0.5 * value;
    out->sigma2_ml = ssr / Nd;
    int npar = ncoef + 1;
    out->aic = value + 2.0 * npar;
    out->aicc =
        (Nd - npar - 1 > 0) ? out->aic + 2.0 * npar * (npar + 1) / (Nd - npar - 1) : HUGE_VAL;
    out->bic = out->aic + npar * (log(Nd) - 2);
    double den = Nd - npar + 1;
    out->sigma2 = den > 0 ? ssr / den : out->sigma2_ml;
    if (!isfinite(out->loglik) || !isfinite(out->sigma2)) {
        *why = N_("non-finite likelihood");
        return HUGE_VAL;
    }
    double ic = use_aic ? out->aic : out->aicc;
    if (!isfinite(ic)) {
        *why = N_("too few observations for the information criterion");
        return HUGE_VAL;
    }
    /*
     * auto.arima's rejections (roots near the unit circle, an unusable Hessian) can only turn
     * the criterion into +inf, so they are checked only for a model that would beat `bar`, the
     * best so far: the search takes the same path and most candidates skip the Hessian.
     */
    if (check == FIT_AUTO && ic < bar) {
        double mr =
            fmin(min_root(out->phi + 1, pp, -1.0, 1e-8), min_root(out->theta + 1, qq, 1.0, 1e-8));
        if (isnan(mr) || mr < ARIMA_MINROOT) {
            *why = N_("a root is too close to the unit circle");
            return HUGE_VAL;
        }
        if (kk > 0 && !hessian_ok(&o, x, kk)) {
            *why = N_("singular or indefinite Hessian");
            return HUGE_VAL;
        }
    }
    return ic;
}

/* A model with fixed mean/drift and no ARMA part (auto.arima's constant-series branch). */
static void fit_fixed_constant(const double *y, size_t n, const arima_spec *s, double mu,
                               double *wbuf, fc_arima *out)
{
    size_t N = difference(y, n, s->d, s->D, s->m, wbuf);
    out->s = *s;
    out->pp = out->qq = 0;
    out->r = 1;
    out->n = n;
    memcpy(out->y, y, n * sizeof(double));
    out->mu = s->constant ? mu : 0;
    out->coef[0] = (s->D == 1 && s->d == 0 && s->constant) ? mu / s->m : out->mu;
    out->phi[0] = out->phi[1] = 0;
    out->theta[0] = 1;
    out->theta[1] = 0;
    out->state[0] = 0;
    out->pend[0] = 1;
    double ssr = 0;
    for (size_t i = 0; i < n; i++)
        out->resid[i] = 0;
    for (size_t t = 0; t < N; t++) {
        double e = wbuf[t] - out->mu;
        out->resid[n - N + t] = e;
        ssr += e * e;
    }
    double Nd = N > 0 ? (double)N : 1;
    double s2 = ssr / Nd;
    double ls2 = log(s2 > DBL_MIN ? s2 : DBL_MIN);
    out->sigma2_ml = s2;
    out->sigma2 = s2;
    out->loglik = -0.5 * (Nd * ls2 + Nd + Nd * log(2 * ARIMA_PI));
    out->aic = -2 * out->loglik + 2;
    out->aicc = Nd > 2 ? out->aic + 4 / (Nd - 2) : out->aic;
    out->bic = out->aic + (log(Nd) - 2);
}

/* ---- unit-root tests -------------------------------------------------------------------- */

/*
 * KPSS level-stationarity test (urca::ur.kpss type "mu", lag trunc(3 sqrt(n) / 13) as
 * forecast::ndiffs): true when the p-value, interpolated in the KPSS table, is below alpha.
 */
static bool kpss_rejects(const double *x, size_t n, double alpha, double *work)
{
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += x[i];
    mean /= (double)n;
    double S = 0, num = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        work[i] = x[i] - mean;
        S += work[i];
        num += S * S;
        s2 += work[i] * work[i];
    }
    double nd = (double)n;
    num /= nd * nd;
    s2 /= nd;
    size_t lmax = (size_t)trunc(3 * sqrt(nd) / 13);
    double den = s2;
    for (size_t l = 1; l <= lmax && l < n; l++) {
        double c = 0;
        for (size_t i = l; i < n; i++)
            c += work[i] * work[i - l];
        den += 2.0 / nd * (1 - (double)l / (double)(lmax + 1)) * c;
    }
    if (!(den > 0))
        return false;
    double stat = num / den;
    static const double cval[4] = {0.347, 0.463, 0.574, 0.739};
    static const double pv[4] = {0.10, 0.05, 0.025, 0.01};
    double p;
    if (stat <= cval[0])
        p = pv[0];
    else if (stat >= cval[3])
        p = pv[3];
    else {
        int i = 0;
        while (stat > cval[i + 1])
            i++;
        p = pv[i] + (pv[i + 1] - pv[i]) * (stat - cval[i]) / (cval[i + 1] - cval[i]);
    }
    return p < alpha;
}

/* forecast::ndiffs(test = "kpss"): differences until KPSS stops rejecting (at most max_d). */
static int ndiffs_kpss(const double *y, size_t n, int max_d, double alpha, double *buf,
                       double *work)
{
    if (is_constant(y, n))
        return 0;
    memcpy(buf, y, n * sizeof(double));
    size_t len = n;
    int d = 0;
    bool dodiff = len > 1 && kpss_rejects(buf, len, alpha, work);
    while (dodiff && d < max_d) {
        d++;
        len = diff_lag(buf, len, 1, buf);
        if (len == 0 || is_constant(buf, len))
            return d;
        dodiff = len > 1 && kpss_rejects(buf, len, alpha, work);
    }
    return d;
}

/* Tricube-weighted local constant/linear fit at abscissa xs over 1-based positions
 * nleft..nright (Cleveland et al. 1990); false when every weight is zero. */
static bool loess_at(const double *y, int n, int len, int ideg, double xs, int nleft, int nright,
                     double *w, double *ys)
{
    double range = n - 1.0;
    double h = fmax(xs - nleft, nright - xs);
    if (len > n)
        h += (double)((len - n) / 2);
    double h9 = 0.999 * h, h1 = 0.001 * h, a = 0;
    for (int j = nleft; j <= nright; j++) {
        double r = fabs(j - xs);
        if (r <= h9) {
            double q = r / h;
            w[j - 1] = r <= h1 ? 1 : pow(1 - q * q * q, 3);
            a += w[j - 1];
        } else {
            w[j - 1] = 0;
        }
    }
    if (!(a > 0))
        return false;
    for (int j = nleft; j <= nright; j++)
        w[j - 1] /= a;
    if (h > 0 && ideg > 0) {
        double c = 0;
        a = 0;
        for (int j = nleft; j <= nright; j++)
            a += w[j - 1] * j;
        double b = xs - a;
        for (int j = nleft; j <= nright; j++)
            c += w[j - 1] * (j - a) * (j - a);
        if (sqrt(c) > 0.001 * range) {
            b /= c;
            for (int j = nleft; j <= nright; j++)
                w[j - 1] *= b * (j - a) + 1;
        }
    }
    double s = 0;
    for (int j = nleft; j <= nright; j++)
        s += w[j - 1] * y[j - 1];
    *ys = s;
    return true;
}

/* Loess smoothing of y (n) with span len, evaluated every njump points and interpolated. */
static void loess_smooth(const double *y, int n, int len, int ideg, int njump, double *ys,
                         double *w)
{
    if (n < 2) {
        ys[0] = y[0];
        return;
    }
    int nj = njump < n - 1 ? njump : n - 1;
    int nleft = 1, nright = n;
    if (len >= n) {
        for (int i = 1; i <= n; i += nj)
            if (!loess_at(y, n, len, ideg, i, 1, n, w, &ys[i - 1]))
                ys[i - 1] = y[i - 1];
    } else if (nj == 1) {
        int nsh = (len + 1) / 2;
        nright = len;
        for (int i = 1; i <= n; i++) {
            if (i > nsh && nright != n) {
                nleft++;
                nright++;
            }
            if (!loess_at(y, n, len, ideg, i, nleft, nright, w, &ys[i - 1]))
                ys[i - 1] = y[i - 1];
        }
    } else {
        int nsh = (len + 1) / 2;
        for (int i = 1; i <= n; i += nj) {
            if (i < nsh) {
                nleft = 1;
                nright = len;
            } else if (i >= n - nsh + 1) {
                nleft = n - len + 1;
                nright = n;
            } else {
                nleft = i - nsh + 1;
                nright = len + i - nsh;
            }
            if (!loess_at(y, n, len, ideg, i, nleft, nright, w, &ys[i - 1]))
                ys[i - 1] = y[i - 1];
        }
    }
    if (nj != 1) {
        for (int i = 1; i <= n - nj; i += nj) {
            double delta = (ys[i + nj - 1] - ys[i - 1]) / nj;
            for (int j = i + 1; j <= i + nj - 1; j++)
                ys[j - 1] = ys[i - 1] + delta * (j - i);
        }
        int k = ((n - 1) / nj) * nj + 1;
        if (k != n) {
            if (!loess_at(y, n, len, ideg, n, nleft, nright, w, &ys[n - 1]))
                ys[n - 1] = y[n - 1];
            if (k != n - 1) {
                double delta = (ys[n - 1] - ys[k - 1]) / (n - k);
                for (int j = k + 1; j <= n - 1; j++)
                    ys[j - 1] = ys[k - 1] + delta * (j - k);
            }
        }
    }
}

static void moving_avg(const double *x, int n, int len, double *ave)
{
    double v = 0;
    for (int i = 0; i < len; i++)
        v += x[i];
    ave[0] = v / len;
    for (int j = 1; j < n - len + 1; j++) {
        v += x[j + len - 1] - x[j - 1];
        ave[j] = v / len;
    }
}

/*
 * Non-robust STL (stats::stl defaults with s.window = 11 as forecast::mstl): returns the
 * seasonal and trend components. work holds 5 * (n + 2 np) + n doubles.
 */
static void stl_decompose(const double *y, int n, int np, double *season, double *trend,
                          double *work)
{
    int ns = 11, isdeg = 0, itdeg = 1, ildeg = 1;
    int nt = (int)ceil(1.5 * np / (1 - 1.5 / ns));
    if (nt % 2 == 0)
        nt++;
    int nl = np % 2 == 0 ? np + 1 : np;
    int nsjump = (ns + 9) / 10, ntjump = (nt + 9) / 10, nljump = (nl + 9) / 10;
    int ext = n + 2 * np;
    double *w1 = work, *w2 = w1 + ext, *w3 = w2 + ext, *w4 = w3 + ext, *w5 = w4 + ext;
    double *sub = w5 + ext;
    for (int i = 0; i < n; i++)
        trend[i] = 0;
    for (int iter = 0; iter < 2; iter++) {
        for (int i = 0; i < n; i++)
            w1[i] = y[i] - trend[i];
        /* cycle-subseries smoothing with one extrapolated value at each end -> w2 (ext) */
        for (int j = 1; j <= np; j++) {
            int k = (n - j) / np + 1;
            for (int i = 1; i <= k; i++)
                sub[i - 1] = w1[(i - 1) * np + j - 1];
            double *ss = w3; /* k + 2 values: ss[0], smoothed ss[1..k], ss[k+1] */
            loess_smooth(sub, k, ns, isdeg, nsjump, ss + 1, w5);
            int nright = ns < k ? ns : k;
            if (!loess_at(sub, k, ns, isdeg, 0, 1, nright, w5, &ss[0]))
                ss[0] = ss[1];
            int nleft = 1 > k - ns + 1 ? 1 : k - ns + 1;
            if (!loess_at(sub, k, ns, isdeg, k + 1, nleft, k, w5, &ss[k + 1]))
                ss[k + 1] = ss[k];
            for (int mm = 1; mm <= k + 2; mm++)
                w2[(mm - 1) * np + j - 1] = ss[mm - 1];
        }
        /* low-pass filter of the seasonal: MA(np), MA(np), MA(3), then loess */
        moving_avg(w2, ext, np, w3);
        moving_avg(w3, ext - np + 1, np, w1);
        moving_avg(w1, ext - 2 * np + 2, 3, w3);
        loess_smooth(w3, n, nl, ildeg, nljump, w1, w5);
        for (int i = 0; i < n; i++)
            season[i] = w2[np + i] - w1[i];
        for (int i = 0; i < n; i++)
            w1[i] = y[i] - season[i];
        loess_smooth(w1, n, nt, itdeg, ntjump, trend, w5);
    }
}

/* nsdiffs(test = "seas"): one seasonal difference when STL's seasonal strength > 0.64. */
static int nsdiffs_seas(const double *y, size_t n, int m, double *work)
{
    if (m <= 1 || is_constant(y, n) || (size_t)m >= n || n <= 2 * (size_t)m)
        return 0;
    int ni = (int)n;
    double *season = work, *trend = season + n, *rem = trend + n, *rs = rem + n, *scratch = rs + n;
    stl_decompose(y, ni, m, season, trend, scratch);
    for (size_t i = 0; i < n; i++) {
        rem[i] = y[i] - season[i] - trend[i];
        rs[i] = rem[i] + season[i];
    }
    double vr = sample_var(rem, n), vrs = sample_var(rs, n);
    if (!(vrs > 0))
        return 0;
    double strength = fmax(0, fmin(1, 1 - vr / vrs));
    return strength > ARIMA_SEAS_STRENGTH ? 1 : 0;
}

/* ---- public API ------------------------------------------------------------------------- */

void fc_arima_options_default(fc_arima_options *o)
{
    o->max_p = 5;
    o->max_q = 5;
    o->max_P = 2;
    o->max_Q = 2;
    o->max_d = 2;
    o->max_D = 1;
    o->stepwise = true;
    o->allow_drift = true;
    o->alpha_test = 0.05;
}

static vl_status check_series(vl_ctx *ctx, const double *y, size_t n, int m)
{
    if (!y || n == 0)
        return vl__error(ctx, VL_ERR_ARG, "arima: empty series");
    if (m < 1 || m > ARIMA_MAX_M)
        return vl__error(ctx, VL_ERR_ARG, "arima: seasonal period %d outside 1..%d", m,
                         ARIMA_MAX_M);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(y[i]))
            return vl__error(ctx, VL_ERR_ARG, "arima: value %zu of the series is not finite",
                             i + 1);
    return VL_OK;
}

vl_status fc_arima_fit(vl_ctx *ctx, const double *y, size_t n, int m, int p, int d, int q, int P,
                       int D, int Q, bool drift, fc_arima **out)
{
    fc_gsl_init(); /* GSL's default handler aborts */
    if (!out)
        return vl__error(ctx, VL_ERR_ARG, "arima: no output pointer");
    *out = NULL;
    vl_status st = check_series(ctx, y, n, m);
    if (st != VL_OK)
        return st;
    if (m == 1)
        P = D = Q = 0;
    if (p < 0 || q < 0 || p > ARIMA_MAX_ORDER || q > ARIMA_MAX_ORDER || P < 0 || Q < 0 ||
        P > ARIMA_MAX_SORDER || Q > ARIMA_MAX_SORDER || d < 0 || d > 2 || D < 0 || D > 1)
        return vl__error(ctx, VL_ERR_ARG, "arima: order (%d,%d,%d)(%d,%d,%d) out of range", p, d, q,
                         P, D, Q);
    arima_spec s = {p, d, q, P, D, Q, m, drift};
    int r = imax(p + m * P, q + m * Q + 1);
    arima_ws *ws = ws_alloc(n, r);
    fc_arima *a = model_alloc(n, r);
    if (!ws || !a) {
        ws_free(ws);
        fc_arima_free(a);
        return vl__error(ctx, VL_ERR_NOMEM, "arima: out of memory");
    }
    const char *why = NULL;
    double ic = fit_spec(ws, y, n, &s, FIT_PLAIN, HUGE_VAL, false, a, &why);
    ws_free(ws);
    if (!isfinite(ic) && why) {
        fc_arima_free(a);
        return vl__error(ctx, VL_ERR_NUMERIC, "arima: ARIMA(%d,%d,%d)(%d,%d,%d)[%d] failed: %s", p,
                         d, q, P, D, Q, m, vl__tr(ctx, why));
    }
    *out = a;
    return VL_OK;
}

/* The stepwise search state: models tried so far and the best one. */
typedef struct search {
    arima_ws *ws;
    const double *y;
    size_t n;
    int d, D, m;
    bool use_aic;
    int tried[ARIMA_NMODELS + 1][5]; /* p, q, P, Q, constant */
    int k;
    fc_arima *best, *cand;
    double best_ic;
} search;

static bool search_new(const search *S, int p, int q, int P, int Q, bool c)
{
    for (int i = 0; i < S->k; i++) {
        const int *t = S->tried[i];
        if (t[0] == p && t[1] == q && t[2] == P && t[3] == Q && t[4] == (int)c)
            return false;
    }
    return true;
}

/* Fits one candidate, records it, and keeps it when it beats the best by the criterion. */
static bool search_try(search *S, int p, int q, int P, int Q, bool c)
{
    arima_spec s = {p, S->d, q, P, S->D, Q, S->m, c};
    const char *why = NULL;
    double ic = fit_spec(S->ws, S->y, S->n, &s, FIT_AUTO, S->best_ic, S->use_aic, S->cand, &why);
    if (S->k < ARIMA_NMODELS + 1) {
        int *t = S->tried[S->k];
        t[0] = p;
        t[1] = q;
        t[2] = P;
        t[3] = Q;
        t[4] = c;
    }
    S->k++;
    if (ic < S->best_ic) {
        fc_arima *tmp = S->best;
        S->best = S->cand;
        S->cand = tmp;
        S->best_ic = ic;
        return true;
    }
    return false;
}

vl_status fc_arima_auto(vl_ctx *ctx, const double *y, size_t n, int m, const fc_arima_options *o,
                        fc_arima **out)
{
    fc_gsl_init();
    if (!out)
        return vl__error(ctx, VL_ERR_ARG, "arima: no output pointer");
    *out = NULL;
    vl_status st = check_series(ctx, y, n, m);
    if (st != VL_OK)
        return st;
    fc_arima_options def;
    if (!o) {
        fc_arima_options_default(&def);
        o = &def;
    }
    if (o->max_p < 0 || o->max_q < 0 || o->max_P < 0 || o->max_Q < 0 || o->max_d < 0 ||
        o->max_D < 0 || !(o->alpha_test > 0 && o->alpha_test < 1))
        return vl__error(ctx, VL_ERR_ARG, "arima: invalid search options");
    double alpha = fmin(0.1, fmax(0.01, o->alpha_test));
    int max_p = o->max_p < ARIMA_MAX_ORDER ? o->max_p : ARIMA_MAX_ORDER;
    int max_q = o->max_q < ARIMA_MAX_ORDER ? o->max_q : ARIMA_MAX_ORDER;
    int max_P = o->max_P < ARIMA_MAX_SORDER ? o->max_P : ARIMA_MAX_SORDER;
    int max_Q = o->max_Q < ARIMA_MAX_SORDER ? o->max_Q : ARIMA_MAX_SORDER;
    int max_d = o->max_d < 2 ? o->max_d : 2;
    int max_D = o->max_D < 1 ? o->max_D : 1;
    int third = (int)(n / 3);
    max_p = max_p < third ? max_p : third;
    max_q = max_q < third ? max_q : third;
    int thirdm = (int)(n / 3 / (size_t)m);
    max_P = max_P < thirdm ? max_P : thirdm;
    max_Q = max_Q < thirdm ? max_Q : thirdm;
    bool use_aic = n <= 3;

    int rmax = imax(max_p + m * max_P, max_q + m * max_Q + 1);
    arima_ws *ws = ws_alloc(n, imax(rmax, 2));
    fc_arima *best = model_alloc(n, imax(rmax, 2)), *cand = model_alloc(n, imax(rmax, 2));
    double *work = vl__calloc(12 * n + 8 * (size_t)m + 16, sizeof(double));
    if (!ws || !best || !cand || !work) {
        ws_free(ws);
        fc_arima_free(best);
        fc_arima_free(cand);
        vl__free(work);
        return vl__error(ctx, VL_ERR_NOMEM, "arima: out of memory");
    }
    vl_status result = VL_OK;

    if (is_constant(y, n)) {
        arima_spec s = {0, 0, 0, 0, 0, 0, m, true};
        double mean = 0;
        for (size_t i = 0; i < n; i++)
            mean += y[i];
        fit_fixed_constant(y, n, &s, mean / (double)n, work, best);
        goto done;
    }

    /* differencing orders: seasonal strength for D, then KPSS on the seasonally differenced */
    int D = 0;
    if (m > 1 && max_D > 0 && n > 2 * (size_t)m) {
        D = nsdiffs_seas(y, n, m, work);
        if (D > 0 && n <= (size_t)m)
            D = 0;
    }
    if (m == 1)
        max_P = max_Q = 0;
    double *dx = work + 5 * n + 8 * (size_t)m, *scratch = dx + n;
    size_t ndx = difference(y, n, 0, D, m, dx);
    int d = ndiffs_kpss(dx, ndx, max_d, alpha, scratch, scratch + n);
    if (d > 0 && ndx <= (size_t)d)
        d--;
    ndx = difference(dx, ndx, d, 0, 1, dx);
    if (ndx == 0) {
        result = vl__error(ctx, VL_ERR_NUMERIC, "arima: not enough data to proceed");
        goto done;
    }
    if (is_constant(dx, ndx)) {
        /* the differenced series is constant: a fixed drift/mean random walk */
        arima_spec s = {0, d, 0, 0, D, 0, m, d + D < 2};
        double mean = 0;
        for (size_t i = 0; i < ndx; i++)
            mean += dx[i];
        fit_fixed_constant(y, n, &s, mean / (double)ndx, work, best);
        goto done;
    }
    if (m > 1) {
        if (max_P > 0)
            max_p = max_p < m - 1 ? max_p : m - 1;
        if (max_Q > 0)
            max_q = max_q < m - 1 ? max_q : m - 1;
    }
    bool allowdrift = o->allow_drift && d + D == 1, allowmean = d + D == 0;
    bool constant = allowdrift || allowmean;

    search S = {.ws = ws,
                .y = y,
                .n = n,
                .d = d,
                .D = D,
                .m = m,
                .use_aic = use_aic,
                .k = 0,
                .best = best,
                .cand = cand,
                .best_ic = HUGE_VAL};
    if (!o->stepwise) {
        /* exhaustive search over p + q + P + Q <= 5 (auto.arima's max.order) */
        for (int c = constant ? 1 : 0; c >= 0; c--)
            for (int p = 0; p <= max_p; p++)
                for (int q = 0; q <= max_q; q++)
                    for (int P = 0; P <= max_P; P++)
                        for (int Q = 0; Q <= max_Q; Q++)
                            if (p + q + P + Q <= 5) {
                                S.k = 0;
                                search_try(&S, p, q, P, Q, c == 1);
                            }
    } else {
        int sp = 2, sq = 2, sP = 1, sQ = 1;
        if (n < 10) {
            sp = sq = 1;
            sP = sQ = 0;
        }
        int p = sp < max_p ? sp : max_p, q = sq < max_q ? sq : max_q;
        int P = sP < max_P ? sP : max_P, Q = sQ < max_Q ? sQ : max_Q;
        search_try(&S, p, q, P, Q, constant);
        if (search_try(&S, 0, 0, 0, 0, constant))
            p = q = P = Q = 0;
        if (max_p > 0 || max_P > 0) {
            int p1 = max_p > 0, P1 = m > 1 && max_P > 0;
            if (search_try(&S, p1, 0, P1, 0, constant)) {
                p = p1;
                P = P1;
                q = Q = 0;
            }
        }
        if (max_q > 0 || max_Q > 0) {
            int q1 = max_q > 0, Q1 = m > 1 && max_Q > 0;
            if (search_try(&S, 0, q1, 0, Q1, constant)) {
                p = P = 0;
                q = q1;
                Q = Q1;
            }
        }
        if (constant) {
            if (search_try(&S, 0, 0, 0, 0, false))
                p = q = P = Q = 0;
        }
        /* neighbourhood moves in auto.arima's order; an improvement restarts the pass */
        static const int moves[16][4] = {
            {0, 0, -1, 0},  {0, 0, 0, -1}, {0, 0, 1, 0},  {0, 0, 0, 1},
            {0, 0, -1, -1}, {0, 0, -1, 1}, {0, 0, 1, -1}, {0, 0, 1, 1},
            {-1, 0, 0, 0},  {0, -1, 0, 0}, {1, 0, 0, 0},  {0, 1, 0, 0},
            {-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0},
        };
        int startk = 0;
        while (startk < S.k && S.k < ARIMA_NMODELS) {
            startk = S.k;
            bool restart = false;
            for (int mv = 0; mv < 16 && !restart; mv++) {
                int np = p + moves[mv][0], nq = q + moves[mv][1];
                int nP = P + moves[mv][2], nQ = Q + moves[mv][3];
                if (np < 0 || nq < 0 || nP < 0 || nQ < 0 || np > max_p || nq > max_q ||
                    nP > max_P || nQ > max_Q)
                    continue;
                if (!search_new(&S, np, nq, nP, nQ, constant))
                    continue;
                if (S.k + 1 > ARIMA_NMODELS) {
                    restart = true;
                    S.k++;
                    break;
                }
                if (search_try(&S, np, nq, nP, nQ, constant)) {
                    p = np;
                    q = nq;
                    P = nP;
                    Q = nQ;
                    restart = true;
                }
            }
            if (restart)
                continue;
            if (allowdrift || allowmean) {
                if (search_new(&S, p, q, P, Q, !constant)) {
                    if (search_try(&S, p, q, P, Q, !constant))
                        constant = !constant;
                }
            }
        }
    }
    best = S.best;
    cand = S.cand;
    if (!isfinite(S.best_ic)) {
        /* nothing passed the checks: fall back to the plain differenced model */
        arima_spec s = {0, d, 0, 0, D, 0, m, d + D < 2};
        const char *why = NULL;
        double ic = fit_spec(ws, y, n, &s, FIT_PLAIN, HUGE_VAL, use_aic, best, &why);
        if (!isfinite(ic) && why) {
            s.constant = false;
            ic = fit_spec(ws, y, n, &s, FIT_PLAIN, HUGE_VAL, use_aic, best, &why);
        }
        if (!isfinite(ic) && why)
            result = vl__error(ctx, VL_ERR_NUMERIC, "arima: no suitable ARIMA model: %s",
                               vl__tr(ctx, why));
    }

done:
    ws_free(ws);
    vl__free(work);
    fc_arima_free(cand);
    if (result != VL_OK) {
        fc_arima_free(best);
        return result;
    }
    *out = best;
    return VL_OK;
}

vl_status fc_arima_forecast(vl_ctx *ctx, const fc_arima *a, size_t h, const double *levels,
                            size_t nlev, double *mean, double *lo, double *hi)
{
    fc_gsl_init();
    if (!a || !mean || h == 0 || (nlev > 0 && (!levels || !lo || !hi)))
        return vl__error(ctx, VL_ERR_ARG, "arima: invalid forecast arguments");
    for (size_t l = 0; l < nlev; l++)
        if (!(levels[l] > 0 && levels[l] < 100))
            return vl__error(ctx, VL_ERR_ARG, "arima: interval level outside (0, 100)");
    const arima_spec *s = &a->s;
    int r = a->r, nd = s->d + s->m * s->D;
    /* Delta polynomial (1 - B)^d (1 - B^m)^D: y_t = w_t - sum_{i>=1} delta[i] y_{t-i} */
    double delta[2 + 2 * ARIMA_MAX_M + 4] = {1};
    int dl = 0;
    for (int i = 0; i < s->d; i++, dl++)
        for (int j = dl + 1; j >= 1; j--)
            delta[j] -= delta[j - 1];
    for (int i = 0; i < s->D; i++) {
        for (int j = dl + s->m; j >= s->m; j--)
            delta[j] -= delta[j - s->m];
        dl += s->m;
    }
    assert(dl == nd);
    size_t n = a->n;
    size_t A = (size_t)r + (size_t)nd;
    double *buf = vl__calloc(2 * (size_t)r + 2 * (h + (size_t)nd + 2) + 3 * A * A, sizeof(double));
    if (!buf)
        return vl__error(ctx, VL_ERR_NOMEM, "arima: out of memory");
    double *st = buf, *st2 = st + r, *yy = st2 + r, *psi = yy + h + (size_t)nd + 1;
    double *var0 = psi + h + 1;
    memcpy(st, a->state, (size_t)r * sizeof(double));
    /* the last nd observations, then the forecasts */
    for (int i = 0; i < nd; i++)
        yy[i] = (size_t)nd <= n ? a->y[n - (size_t)nd + (size_t)i] : 0;
    for (size_t t = 0; t < h; t++) {
        double w = a->mu + st[0];
        double v = w;
        for (int i = 1; i <= nd; i++)
            v -= delta[i] * yy[(size_t)nd + t - (size_t)i];
        yy[(size_t)nd + t] = v;
        mean[t] = v;
        for (int i = 0; i < r; i++)
            st2[i] = a->phi[i + 1] * st[0] + (i + 1 < r ? st[i + 1] : 0);
        memcpy(st, st2, (size_t)r * sizeof(double));
    }
    /*
     * Forecast variances from the state space augmented with the last nd observations (as R's
     * KalmanForecast): the ARMA state starts with its filtered covariance, so short series get
     * the extra uncertainty psi weights would miss. All in units of sigma2.
     */
    double *Ta = var0, *Pa = Ta + A * A, *Ma = Pa + A * A;
    memset(Ta, 0, 3 * A * A * sizeof(double));
    for (int i = 0; i < r; i++) {
        Ta[(size_t)i * A] = a->phi[i + 1];
        if (i + 1 < r)
            Ta[(size_t)i * A + (size_t)i + 1] = 1;
    }
    if (nd > 0) {
        Ta[(size_t)r * A] = 1; /* y_t = w_t - sum delta_i y_{t-i} */
        for (int i = 1; i <= nd; i++)
            Ta[(size_t)r * A + (size_t)r + (size_t)i - 1] = -delta[i];
        for (int i = 1; i < nd; i++)
            Ta[((size_t)r + (size_t)i) * A + (size_t)r + (size_t)i - 1] = 1;
    }
    for (int i = 0; i < r; i++)
        for (int j = 0; j < r; j++)
            Pa[(size_t)i * A + (size_t)j] = a->pend[i * r + j];
    for (size_t t = 0; t < h; t++) {
        /* Var(y_{n+t+1}) = Z Pa Z' with Z = [1, 0.., 0, -delta_1..-delta_nd] */
        double v = 0;
        for (size_t i = 0; i < A; i++) {
            double zi = i == 0 ? 1 : (i >= (size_t)r ? -delta[i - (size_t)r + 1] : 0);
            if (zi == 0)
                continue;
            for (size_t j = 0; j < A; j++) {
                double zj = j == 0 ? 1 : (j >= (size_t)r ? -delta[j - (size_t)r + 1] : 0);
                v += zi * Pa[i * A + j] * zj;
            }
        }
        psi[t] = v;
        /* Pa <- Ta Pa Ta' + R R' */
        for (size_t i = 0; i < A; i++)
            for (size_t j = 0; j < A; j++) {
                double sum = 0;
                for (size_t k = 0; k < A; k++)
                    sum += Ta[i * A + k] * Pa[k * A + j];
                Ma[i * A + j] = sum;
            }
        for (size_t i = 0; i < A; i++)
            for (size_t j = 0; j < A; j++) {
                double sum = 0;
                for (size_t k = 0; k < A; k++)
                    sum += Ma[i * A + k] * Ta[j * A + k];
                double ri = i < (size_t)r ? a->theta[i] : 0, rj = j < (size_t)r ? a->theta[j] : 0;
                Pa[i * A + j] = sum + ri * rj;
            }
    }
    vl_status status = VL_OK;
    double *se = psi; /* the variances become standard errors in place */
    for (size_t t = 0; t < h && status == VL_OK; t++) {
        se[t] = sqrt(a->sigma2 * fmax(psi[t], 0));
        if (!isfinite(mean[t]) || !isfinite(se[t]))
            status =
                vl__error(ctx, VL_ERR_NUMERIC, "arima: forecast overflowed at step %zu", t + 1);
    }
    if (status == VL_OK) {
        const fc_spec spec = {.h = h, .levels = levels, .nlev = nlev};
        fc_normal_intervals(&spec, mean, se, lo, hi);
    }
    vl__free(buf);
    return status;
}

double fc_arima_aicc(const fc_arima *a)
{
    return a ? a->aicc : HUGE_VAL;
}

const double *fc_arima_residuals(const fc_arima *a, size_t *n)
{
    if (n)
        *n = a ? a->n : 0;
    return a ? a->resid : NULL;
}

void fc_arima_describe(const fc_arima *a, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    if (!a) {
        buf[0] = '\0';
        return;
    }
    const arima_spec *s = &a->s;
    int len = snprintf(buf, size, "ARIMA(%d,%d,%d)", s->p, s->d, s->q);
    if (s->m > 1 && s->P + s->D + s->Q > 0 && len >= 0 && (size_t)len < size)
        len += snprintf(buf + len, size - (size_t)len, "(%d,%d,%d)[%d]", s->P, s->D, s->Q, s->m);
    const char *tail = "";
    if (s->d + s->D == 0)
        tail = s->constant ? FC_W_NONZERO_MEAN : FC_W_ZERO_MEAN;
    else if (s->d + s->D == 1 && s->constant)
        tail = FC_W_DRIFT;
    if (len >= 0 && (size_t)len < size)
        snprintf(buf + len, size - (size_t)len, "%s", tail);
}

void fc_arima_order(const fc_arima *a, int order[7], bool *constant)
{
    const arima_spec *s = &a->s;
    int v[7] = {s->p, s->d, s->q, s->P, s->D, s->Q, s->m};
    memcpy(order, v, sizeof v);
    if (constant)
        *constant = spec_has_constant(s);
}

size_t fc_arima_coef(const fc_arima *a, double *coef, size_t cap)
{
    size_t k = (size_t)spec_k(&a->s) + (spec_has_constant(&a->s) ? 1 : 0);
    for (size_t i = 0; i < k && i < cap; i++)
        coef[i] = a->coef[i];
    return k;
}

double fc_arima_loglik(const fc_arima *a)
{
    return a->loglik;
}

double fc_arima_sigma2(const fc_arima *a)
{
    return a->sigma2;
}
