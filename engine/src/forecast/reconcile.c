/*
 * reconcile.c - forecast reconciliation on GSL: bottom-up, top-down by average historical
 * proportions, and the MinT family (OLS, WLS, MinT with a shrinkage covariance), plus
 * reconciled standard deviations for the intervals.
 *
 * MinT (Wickramasuriya, Athanasopoulos & Hyndman 2019): G = (S' W^-1 S)^-1 S' W^-1, with W the
 * one-step base forecast error covariance estimated by shrinking the uncentred residual
 * covariance toward its diagonal (Schaefer & Strimmer 2005), exactly as R's hts computes
 * "mint shrink". MINT_TOTAL solves the same problem with the total held at its base forecast
 * (the equality-constrained GLS of Zhang, Panagiotelis, Li, Athanasopoulos & Hyndman 2023,
 * "Optimal forecast reconciliation with immutable forecasts"): where the bottom series are too
 * noisy to say anything about the total, the total is not made worse. Every matrix lives in the
 * workspace allocated by fc_recon_create. With c = n - m aggregate nodes and T residuals a node,
 * a fit costs O(n^2 (T + c) + c^3) (MinT adds the O(n^3 / 3) Cholesky factor that tells whether
 * its covariance is positive definite), reconciling one horizon O(n m) and its standard
 * deviations O(n^2 T).
 */
#include "forecast/hier.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "forecast/fc.h"

struct fc_recon {
    size_t n, m;
    fc_recon_method method;
    double lambda;
    unsigned char *S;  /* n x m */
    size_t *members;   /* bottom indices of every node, concatenated */
    size_t *first;     /* node i's members are members[first[i] .. first[i + 1]) */
    size_t total;      /* the node whose row of S is all ones, or n when none */
    size_t *bnode;     /* m: the node that is bottom series j alone */
    size_t c;          /* aggregate nodes: n - m */
    size_t *agg;       /* c: the nodes that are not a bottom series' node, ascending */
    gsl_matrix *W;     /* n x n: covariance */
    gsl_matrix *WU;    /* n x c: W U, U the aggregation constraints (see mint_G) */
    gsl_matrix *K;     /* c x c: U'W U, then its Cholesky factor */
    gsl_matrix *Y;     /* m x c: J W U K^-1 */
    double *csum;      /* c scratch */
    gsl_matrix *C;     /* n x n: the shrunk covariance of the residuals in res */
    double *res;       /* n x res_T: the residuals of the last fit that had them */
    size_t res_T;      /* 0: C, res, xs and x2 hold nothing */
    double res_lambda; /* the shrinkage intensity of C */
    double *xs;        /* n x sd_T: residuals / sqrt(T W_ii), the low-rank part of R */
    double *xd, *z;    /* n x sd_T and sd_T scratch of fc_recon_sd */
    double *x2;        /* n: |x_i|^2 */
    double *dd;        /* n: the diagonal part of R, 1 - keep |x_i|^2 */
    size_t sd_T, sd_cap;
    double sd_keep; /* 1 - the shrinkage intensity of R */
    gsl_matrix *G;  /* m x n */
    gsl_matrix *P;  /* n x n: S G */
    gsl_matrix *Q;  /* n x n scratch: the Cholesky factor that tests W */
    double *bottom; /* m scratch */
    double *diag;   /* n: the (floored) residual variances of the last fit */
};

static const char *const method_names[FC_RECON_COUNT] = {
    [FC_RECON_NONE] = "none",
    [FC_RECON_BOTTOM_UP] = "bottom_up",
    [FC_RECON_TOP_DOWN] = "top_down",
    [FC_RECON_OLS] = "ols",
    [FC_RECON_WLS] = "wls",
    [FC_RECON_MINT] = "mint",
    [FC_RECON_MINT_TOTAL] = "mint_total",
};

const char *fc_recon_method_name(fc_recon_method method)
{
    return (unsigned)method < FC_RECON_COUNT ? method_names[method] : NULL;
}

bool fc_recon_method_parse(const char *text, fc_recon_method *out)
{
    for (int i = 0; text && i < FC_RECON_COUNT; i++)
        if (strcmp(text, method_names[i]) == 0) {
            *out = (fc_recon_method)i;
            return true;
        }
    /* the names R's hts and fable use */
    if (text && (strcmp(text, "mint_shrink") == 0 || strcmp(text, "shr") == 0)) {
        *out = FC_RECON_MINT;
        return true;
    }
    if (text && (strcmp(text, "bu") == 0 || strcmp(text, "bottom-up") == 0)) {
        *out = FC_RECON_BOTTOM_UP;
        return true;
    }
    if (text && (strcmp(text, "td") == 0 || strcmp(text, "top-down") == 0)) {
        *out = FC_RECON_TOP_DOWN;
        return true;
    }
    return false;
}

void fc_recon_destroy(fc_recon *r)
{
    if (!r)
        return;
    gsl_matrix *mats[] = {r->W, r->C, r->WU, r->K, r->Y, r->G, r->P, r->Q};
    for (size_t i = 0; i < VL_ARRAY_LEN(mats); i++)
        if (mats[i])
            gsl_matrix_free(mats[i]);
    vl__free(r->S);
    vl__free(r->members);
    vl__free(r->first);
    vl__free(r->bottom);
    vl__free(r->bnode);
    vl__free(r->diag);
    vl__free(r->agg);
    vl__free(r->csum);
    vl__free(r->xs);
    vl__free(r->res);
    vl__free(r->x2);
    vl__free(r->xd);
    vl__free(r->z);
    vl__free(r->dd);
    vl__free(r);
}

vl_status fc_recon_create(vl_ctx *ctx, size_t n, size_t m, const unsigned char *S, fc_recon **out)
{
    *out = NULL;
    fc_gsl_init();
    if (m == 0 || n < m)
        return vl__error(ctx, VL_ERR_ARG, "reconcile: %zu nodes over %zu bottom series", n, m);
    fc_recon *r = vl__calloc(1, sizeof *r);
    if (!r)
        return vl__error(ctx, VL_ERR_NOMEM, "reconcile: out of memory");
    r->n = n;
    r->m = m;
    r->lambda = NAN;
    size_t ones = 0;
    for (size_t k = 0; k < n * m; k++)
        ones += S[k] != 0;
    r->S = vl__malloc(n * m);
    r->members = vl__malloc((ones ? ones : 1) * sizeof *r->members);
    r->first = vl__malloc((n + 1) * sizeof *r->first);
    r->bottom = vl__malloc(m * sizeof *r->bottom);
    r->bnode = vl__malloc(m * sizeof *r->bnode);
    r->diag = vl__malloc(n * sizeof *r->diag);
    r->dd = vl__malloc(n * sizeof *r->dd);
    r->x2 = vl__malloc(n * sizeof *r->x2);
    r->C = gsl_matrix_alloc(n, n);
    r->W = gsl_matrix_alloc(n, n);
    r->G = gsl_matrix_calloc(m, n);
    r->P = gsl_matrix_alloc(n, n);
    r->Q = gsl_matrix_alloc(n, n);
    if (!r->S || !r->members || !r->first || !r->bottom || !r->bnode || !r->diag || !r->dd ||
        !r->x2 || !r->C || !r->W || !r->G || !r->P || !r->Q) {
        fc_recon_destroy(r);
        return vl__error(ctx, VL_ERR_NOMEM, "reconcile: out of memory for %zu nodes", n);
    }
    memcpy(r->S, S, n * m);
    size_t k = 0;
    r->total = n;
    for (size_t i = 0; i < n; i++) {
        r->first[i] = k;
        for (size_t j = 0; j < m; j++)
            if (S[i * m + j]) {
                r->members[k++] = j;
            }
        if (k == r->first[i]) {
            fc_recon_destroy(r);
            return vl__error(ctx, VL_ERR_ARG, "reconcile: node %zu sums no bottom series", i);
        }
        if (k - r->first[i] == m && r->total == n)
            r->total = i;
    }
    r->first[n] = k;
    /* the bottom level must be in the hierarchy itself: rows of S that are unit vectors */
    for (size_t j = 0; j < m; j++)
        r->bnode[j] = n;
    /* an area with one industry is the same series as its one bottom node: the last node wins,
     * the bottom level comes last by convention */
    for (size_t i = 0; i < n; i++)
        if (r->first[i + 1] - r->first[i] == 1)
            r->bnode[r->members[r->first[i]]] = i;
    for (size_t j = 0; j < m; j++) {
        if (r->bnode[j] == n) {
            fc_recon_destroy(r);
            return vl__error(ctx, VL_ERR_ARG, "reconcile: bottom series %zu has no node", j);
        }
    }
    /* the aggregates: every other node (a node the same as a bottom series is one, too) */
    r->c = n - m;
    size_t cc = r->c ? r->c : 1; /* GSL allocates no empty matrix */
    r->agg = vl__malloc(cc * sizeof *r->agg);
    r->csum = vl__malloc(cc * sizeof *r->csum);
    r->WU = gsl_matrix_alloc(n, cc);
    r->K = gsl_matrix_alloc(cc, cc);
    r->Y = gsl_matrix_alloc(m, cc);
    if (!r->agg || !r->csum || !r->WU || !r->K || !r->Y) {
        fc_recon_destroy(r);
        return vl__error(ctx, VL_ERR_NOMEM, "reconcile: out of memory for %zu nodes", n);
    }
    size_t q = 0;
    for (size_t i = 0; i < n; i++)
        if (!(r->first[i + 1] - r->first[i] == 1 && r->bnode[r->members[r->first[i]]] == i))
            r->agg[q++] = i;
    assert(q == r->c); /* m distinct bottom nodes */
    *out = r;
    return VL_OK;
}

double fc_recon_lambda(const fc_recon *r)
{
    return r->lambda;
}

const double *fc_recon_G(const fc_recon *r)
{
    assert(r->G->tda == r->n);
    return r->G->data;
}

/* ---- the shrinkage covariance ------------------------------------------------------------ */

double fc_shrink_cov(const double *x, size_t T, size_t p, double var_floor, double *cov)
{
    assert(T >= 2);
    /* uncentred covariance, as hts: crossprod(x) / T */
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++) {
            double s = 0;
            for (size_t t = 0; t < T; t++)
                s += x[i * T + t] * x[j * T + t];
            cov[i * p + j] = cov[j * p + i] = s / (double)T;
        }
    for (size_t i = 0; i < p; i++)
        if (!(cov[i * p + i] >= var_floor))
            cov[i * p + i] = var_floor;
    /*
     * lambda = sum_{i != j} Var(r_ij) / sum_{i != j} r_ij^2 where r is the correlation and the
     * variance of each r_ij is estimated from the standardised products w_tij = xs_ti xs_tj:
     * Var = T / (T - 1)^2 ... written as hts does: (sum w^2 - (sum w)^2 / T) / (T (T - 1)).
     */
    double num = 0, den = 0;
    for (size_t i = 0; i < p; i++) {
        double si = sqrt(cov[i * p + i]);
        for (size_t j = i + 1; j < p; j++) {
            double sj = sqrt(cov[j * p + j]);
            double sw = 0, sw2 = 0;
            for (size_t t = 0; t < T; t++) {
                double w = (x[i * T + t] / si) * (x[j * T + t] / sj);
                sw += w;
                sw2 += w * w;
            }
            double v = (sw2 - sw * sw / (double)T) / ((double)T * (double)(T - 1));
            double rij = cov[i * p + j] / (si * sj);
            num += 2 * v;
            den += 2 * rij * rij;
        }
    }
    double lambda = den > 0 ? num / den : 1.0;
    if (!(lambda >= 0))
        lambda = 0;
    if (lambda > 1)
        lambda = 1;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            if (i != j)
                cov[i * p + j] *= 1 - lambda;
    return lambda;
}

/* ---- fitting G ---------------------------------------------------------------------------- */

/*
 * The correlation R of the shrunk covariance W = (1 - lambda) E E'/T off the diagonal, the
 * floored variances on it, is R = keep X X' + diag(1 - keep |x_i|^2) with keep = 1 - lambda and
 * x_i = e_i / sqrt(T W_ii): kept as X (n x T), never as an n x n matrix, so that
 * fc_recon_sd costs O(n^2 T) a step, not O(n^3). Without residuals, R = I (T = 0). Also keeps
 * the residuals themselves, which tell the next fit whether C still holds their covariance.
 */
static vl_status keep_sd_basis(vl_ctx *ctx, fc_recon *r, const double *resid, size_t T)
{
    size_t n = r->n;
    if (T > r->sd_cap) {
        double *b[4];
        double **to[4] = {&r->xs, &r->xd, &r->z, &r->res};
        for (int k = 0; k < 4; k++) {
            b[k] = vl__realloc(*to[k], (k == 2 ? 1 : n) * T * sizeof *b[k]);
            if (!b[k])
                return vl__error(ctx, VL_ERR_NOMEM, "reconcile: out of memory for %zu nodes", n);
            *to[k] = b[k];
        }
        r->sd_cap = T;
    }
    memcpy(r->res, resid, n * T * sizeof *resid);
    for (size_t i = 0; i < n; i++) {
        double f = 1 / sqrt((double)T * r->diag[i]), s2 = 0;
        for (size_t t = 0; t < T; t++) {
            double x = resid[i * T + t] * f;
            r->xs[i * T + t] = x;
            s2 += x * x;
        }
        r->x2[i] = s2;
    }
    return VL_OK;
}

/*
 * P = S G walks the members of each node instead of multiplying by the zeros of S (a few ones a
 * column, one per level): O(n nnz) for O(n^2 m), the same sums in the same order as
 * gsl_blas_dgemm takes them.
 */
static void S_times_G(const fc_recon *r)
{
    gsl_matrix_set_zero(r->P);
    for (size_t i = 0; i < r->n; i++) {
        double *pi = r->P->data + i * r->P->tda;
        for (size_t q = r->first[i]; q < r->first[i + 1]; q++) {
            const double *g = r->G->data + r->members[q] * r->G->tda;
            for (size_t t = 0; t < r->n; t++)
                pi[t] += g[t];
        }
    }
}

/*
 * G = (S' W^-1 S)^-1 S' W^-1 for the W in r->W (kept), in the form that needs no inverse of W
 * nor of the m x m matrix S' W^-1 S (Wickramasuriya, Athanasopoulos & Hyndman 2019, eq. 9):
 * with U the n x c matrix of the c = n - m aggregation constraints (U'S = 0: a column per
 * aggregate node, e_a minus the nodes of its bottom series) and J the m x n selection of the
 * bottom series' nodes,
 *     G = J (I - W U (U'W U)^-1 U').
 * Only the c x c matrix K = U'WU is factored: O(n^2 c + c^3) for O(n^3 + m^3). With
 * check_pd, W must have a Cholesky factor (MinT's shrunk covariance: the retries raise the
 * shrinkage until it has; the identity and a positive diagonal always have). Keeps B = J W U
 * and Y = B K^-1 for keep_total. Returns a GSL status.
 */
static int mint_G(fc_recon *r, bool check_pd)
{
    size_t n = r->n, m = r->m, c = r->c;
    int rc = GSL_SUCCESS;
    if (check_pd) { /* Q is scratch until fc_recon_sd */
        gsl_matrix_memcpy(r->Q, r->W);
        rc = gsl_linalg_cholesky_decomp1(r->Q);
        if (rc != GSL_SUCCESS)
            return rc;
    }
    /* WU: column q is W's column of aggregate a minus those of its bottom series' nodes */
    for (size_t q = 0; q < c; q++) {
        size_t a = r->agg[q];
        for (size_t i = 0; i < n; i++) {
            const double *w = r->W->data + i * r->W->tda;
            double s = w[a];
            for (size_t k = r->first[a]; k < r->first[a + 1]; k++)
                s -= w[r->bnode[r->members[k]]];
            gsl_matrix_set(r->WU, i, q, s);
        }
    }
    /* K = U'WU, the same way over rows */
    for (size_t p = 0; p < c; p++) {
        size_t a = r->agg[p];
        const double *wa = r->WU->data + a * r->WU->tda;
        for (size_t q = 0; q < c; q++) {
            double s = wa[q];
            for (size_t k = r->first[a]; k < r->first[a + 1]; k++)
                s -= gsl_matrix_get(r->WU, r->bnode[r->members[k]], q);
            gsl_matrix_set(r->K, p, q, s);
        }
    }
    if (c > 0)
        rc = gsl_linalg_cholesky_decomp1(r->K);
    /* Y = B K^-1 row by row (K is symmetric), B = J WU */
    for (size_t j = 0; rc == GSL_SUCCESS && j < m; j++) {
        gsl_vector_view y = gsl_matrix_row(r->Y, j);
        gsl_vector_const_view b = gsl_matrix_const_row(r->WU, r->bnode[j]);
        gsl_vector_memcpy(&y.vector, &b.vector);
        rc = gsl_linalg_cholesky_svx(r->K, &y.vector);
    }
    if (rc != GSL_SUCCESS)
        return rc;
    /* G = J - Y U' */
    gsl_matrix_set_zero(r->G);
    for (size_t j = 0; j < m; j++) {
        double *g = r->G->data + j * r->G->tda;
        const double *y = r->Y->data + j * r->Y->tda;
        g[r->bnode[j]] = 1.0;
        for (size_t q = 0; q < c; q++) {
            size_t a = r->agg[q];
            g[a] -= y[q];
            for (size_t k = r->first[a]; k < r->first[a + 1]; k++)
                g[r->bnode[r->members[k]]] += y[q];
        }
    }
    return GSL_SUCCESS;
}

/*
 * Holds the total at its base forecast: with a = the total's row of S (all ones) and
 * u = (S'W^-1 S)^-1 a, G += u (e_total - G'a)' / (a'u). Then a'G yhat = yhat_total for every
 * yhat. (S'W^-1 S)^-1 = J W J' - B K^-1 B' (the bottom block of the reconciled error
 * covariance W - WU K^-1 U'W), so u = J W J' 1 - Y (B' 1). Returns false when a'u, the variance
 * of the reconciled total, is not positive (W not positive definite to rounding).
 */
static bool keep_total(fc_recon *r)
{
    size_t n = r->n, m = r->m, c = r->c;
    double *u = r->bottom, *bsum = r->csum, denom = 0;
    for (size_t q = 0; q < c; q++) {
        double s = 0;
        for (size_t j = 0; j < m; j++)
            s += gsl_matrix_get(r->WU, r->bnode[j], q);
        bsum[q] = s;
    }
    for (size_t j = 0; j < m; j++) {
        const double *w = r->W->data + r->bnode[j] * r->W->tda;
        const double *y = r->Y->data + j * r->Y->tda;
        double s = 0;
        for (size_t k = 0; k < m; k++)
            s += w[r->bnode[k]];
        for (size_t q = 0; q < c; q++)
            s -= y[q] * bsum[q];
        u[j] = s;
        denom += s;
    }
    if (!(denom > 0))
        return false;
    for (size_t i = 0; i < n; i++) {
        double ri = (i == r->total) ? 1.0 : 0.0;
        for (size_t j = 0; j < m; j++)
            ri -= gsl_matrix_get(r->G, j, i);
        for (size_t j = 0; j < m; j++)
            gsl_matrix_set(r->G, j, i, gsl_matrix_get(r->G, j, i) + u[j] * ri / denom);
    }
    return true;
}

/* Fills W with lambda * diag + (1 - lambda) * cov, the raw covariance derived from C. */
static void shrunk_W(fc_recon *r, const double *diag_cov, double lambda)
{
    size_t n = r->n;
    double lambda0 = r->res_lambda;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            /* the raw covariance: C's shrinkage undone */
            double c = lambda0 >= 1 ? 0.0 : gsl_matrix_get(r->C, i, j) / (1 - lambda0);
            gsl_matrix_set(r->W, i, j, i == j ? diag_cov[i] : (1 - lambda) * c);
        }
}

vl_status fc_recon_fit(vl_ctx *ctx, fc_recon *r, fc_recon_method method, const double *resid,
                       size_t T, const double *hist, size_t T_hist)
{
    size_t n = r->n, m = r->m;
    if ((unsigned)method >= FC_RECON_COUNT)
        return vl__error(ctx, VL_ERR_ARG, "reconcile: unknown method %d", (int)method);
    r->method = method;
    r->lambda = NAN;
    if (resid && T < 2)
        return vl__error(ctx, VL_ERR_ARG, "reconcile: %zu residuals are too few", T);

    /* The residual covariance: shrunk for MinT and for the intervals of every method. */
    double *diag = r->diag;
    if (resid) {
        /* the same residuals as the last fit's (every method at one origin): the same C */
        if (!(T == r->res_T && memcmp(r->res, resid, n * T * sizeof *resid) == 0)) {
            r->res_T = 0;
            /* floor the variances at 1e-9 of the largest so constant series keep W invertible */
            double vmax = 0;
            for (size_t i = 0; i < n; i++) {
                double s = 0;
                for (size_t t = 0; t < T; t++)
                    s += resid[i * T + t] * resid[i * T + t];
                diag[i] = s / (double)T;
                vmax = fmax(vmax, diag[i]);
            }
            double floor = vmax > 0 ? vmax * 1e-9 : 1.0;
            r->res_lambda = fc_shrink_cov(resid, T, n, floor, r->C->data);
            for (size_t i = 0; i < n; i++)
                diag[i] = gsl_matrix_get(r->C, i, i);
            vl_status ks = keep_sd_basis(ctx, r, resid, T);
            if (ks != VL_OK)
                return ks;
            r->res_T = T;
        }
        gsl_matrix_memcpy(r->W, r->C);
        for (size_t i = 0; i < n; i++)
            diag[i] = gsl_matrix_get(r->W, i, i);
        r->lambda = r->res_lambda;
        r->sd_T = T;
    } else {
        gsl_matrix_set_identity(r->W);
        for (size_t i = 0; i < n; i++)
            diag[i] = 1;
        r->sd_T = 0;
    }
    /* the intervals use the shrunk residual correlation whatever the method (MinT: with the
     * intensity it ends at) */
    double sd_lambda = r->lambda;
    if (method != FC_RECON_MINT && method != FC_RECON_MINT_TOTAL)
        r->lambda = NAN;

    gsl_matrix_set_zero(r->G);
    vl_status st = VL_OK;
    switch (method) {
    case FC_RECON_NONE:
        break;
    case FC_RECON_BOTTOM_UP:
        for (size_t j = 0; j < m; j++)
            gsl_matrix_set(r->G, j, r->bnode[j], 1.0);
        break;
    case FC_RECON_TOP_DOWN: {
        if (r->total == n) {
            st = vl__error(ctx, VL_ERR_ARG, "reconcile: top-down needs a total node");
            break;
        }
        if (!hist) {
            st = vl__error(ctx, VL_ERR_ARG, "reconcile: top-down needs the history");
            break;
        }
        /* Gross-Sohl method A: p_j = mean over t of y_j,t / y_total,t (periods with a zero
         * total carry no proportions); a history of zeros splits evenly. */
        size_t used = 0;
        for (size_t t = 0; t < T_hist; t++)
            used += hist[r->total * T_hist + t] != 0;
        for (size_t j = 0; j < m; j++) {
            const double *y = hist + r->bnode[j] * T_hist;
            double s = 0;
            for (size_t t = 0; t < T_hist; t++) {
                double tot = hist[r->total * T_hist + t];
                if (tot != 0)
                    s += y[t] / tot;
            }
            r->bottom[j] = used ? s / (double)used : 1.0 / (double)m;
        }
        for (size_t j = 0; j < m; j++)
            gsl_matrix_set(r->G, j, r->total, r->bottom[j]);
        break;
    }
    case FC_RECON_OLS:
        gsl_matrix_set_identity(r->W);
        if (mint_G(r, false) != GSL_SUCCESS)
            st = vl__error(ctx, VL_ERR_NUMERIC, "reconcile: S'S is singular");
        break;
    case FC_RECON_WLS:
        gsl_matrix_set_zero(r->W);
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(r->W, i, i, diag[i]);
        if (mint_G(r, false) != GSL_SUCCESS)
            st = vl__error(ctx, VL_ERR_NUMERIC, "reconcile: S'W^-1 S is singular");
        break;
    case FC_RECON_MINT:
    case FC_RECON_MINT_TOTAL: {
        if (method == FC_RECON_MINT_TOTAL && r->total == n) {
            st = vl__error(ctx, VL_ERR_ARG, "reconcile: mint_total needs a total node");
            break;
        }
        if (!resid) {
            st = vl__error(ctx, VL_ERR_ARG, "reconcile: MinT needs the residuals");
            break;
        }
        /*
         * The shrunk W is positive definite when lambda > 0; with lambda near 0 and more series
         * than residuals it may not be numerically, so the intensity is raised until Cholesky
         * succeeds (recorded in lambda).
         */
        double lambda = r->lambda;
        for (int tries = 0;; tries++) {
            shrunk_W(r, diag, lambda);
            if (mint_G(r, true) == GSL_SUCCESS)
                break;
            if (lambda >= 1 || tries > 30) {
                st = vl__error(ctx, VL_ERR_NUMERIC, "reconcile: the MinT covariance is singular");
                break;
            }
            lambda = lambda < 1e-3 ? 1e-3 : fmin(1.0, lambda * 2);
        }
        r->lambda = sd_lambda = lambda;
        if (st == VL_OK && method == FC_RECON_MINT_TOTAL && !keep_total(r))
            st = vl__error(ctx, VL_ERR_NUMERIC, "reconcile: the MinT covariance is singular");
        break;
    }
    default:
        st = vl__error(ctx, VL_ERR_ARG, "reconcile: unknown method");
    }
    /* P = S G (for NONE: the identity) */
    if (st == VL_OK) {
        if (method == FC_RECON_NONE)
            gsl_matrix_set_identity(r->P);
        else
            S_times_G(r);
    }
    r->sd_keep = r->sd_T ? 1 - sd_lambda : 0;
    for (size_t i = 0; i < n; i++)
        r->dd[i] = r->sd_T ? 1 - r->sd_keep * r->x2[i] : 1;
    return st;
}

void fc_recon_apply(const fc_recon *r, const double *base, double *out)
{
    size_t n = r->n, m = r->m;
    if (r->method == FC_RECON_NONE) {
        memcpy(out, base, n * sizeof *out);
        return;
    }
    /* bottom = G base, then every node is the plain sum of its bottom series, so every level
     * adds up exactly (up to the rounding of that one sum) */
    /* rounding leaves 1e-13 where the answer is 0, and a zero that is not 0 turns an sMAPE of
     * 0 into 200: bottom values below 1e-12 of the largest base forecast are set to 0 (before
     * summing, so coherence stays exact) */
    double scale = 0;
    for (size_t i = 0; i < n; i++)
        scale = fmax(scale, fabs(base[i]));
    for (size_t j = 0; j < m; j++) {
        const double *g = r->G->data + j * r->G->tda;
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += g[i] * base[i];
        r->bottom[j] = fabs(s) <= 1e-12 * scale ? 0.0 : s;
    }
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t k = r->first[i]; k < r->first[i + 1]; k++)
            s += r->bottom[r->members[k]];
        out[i] = s;
    }
}

void fc_recon_sd(fc_recon *r, const double *base_sd, double *out_sd)
{
    size_t n = r->n, T = r->sd_T;
    /* with D = diag(base_sd) and q_i row i of P: var_i = q_i' D R D q_i
     *   = keep |X' D q_i|^2 + sum_k q_ik^2 d_k^2 (1 - keep |x_k|^2) */
    for (size_t k = 0; k < n; k++)
        for (size_t t = 0; t < T; t++)
            r->xd[k * T + t] = base_sd[k] * r->xs[k * T + t];
    for (size_t i = 0; i < n; i++) {
        const double *q = r->P->data + i * r->P->tda;
        double v = 0;
        for (size_t t = 0; t < T; t++)
            r->z[t] = 0;
        for (size_t k = 0; k < n; k++) {
            if (q[k] == 0)
                continue;
            double qd = q[k] * base_sd[k];
            v += qd * qd * r->dd[k];
            const double *x = r->xd + k * T;
            for (size_t t = 0; t < T; t++)
                r->z[t] += q[k] * x[t];
        }
        double s = 0;
        for (size_t t = 0; t < T; t++)
            s += r->z[t] * r->z[t];
        v += r->sd_keep * s;
        out_sd[i] = v > 0 ? sqrt(v) : 0;
    }
}

/* ---- a planner's fixed values ------------------------------------------------------------- */

vl_status fc_recon_fix(vl_ctx *ctx, const fc_recon *r, const size_t *nodes, const double *values,
                       size_t k, double *out)
{
    size_t n = r->n, m = r->m;
    if (k == 0)
        return VL_OK;
    gsl_matrix *Mi = gsl_matrix_calloc(m, m), *U = gsl_matrix_alloc(m, k);
    gsl_matrix *C = gsl_matrix_alloc(k, k);
    gsl_vector *x = gsl_vector_alloc(k);
    double *b = vl__malloc(m * sizeof *b);
    vl_status st = VL_OK;
    if (!Mi || !U || !C || !x || !b)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    /* M = S' D^-1 S with D the residual variances of the last fit (floored, never 0) */
    for (size_t i = 0; st == VL_OK && i < n; i++) {
        double wi = 1 / r->diag[i];
        for (size_t a = r->first[i]; a < r->first[i + 1]; a++)
            for (size_t c = r->first[i]; c < r->first[i + 1]; c++) {
                size_t ja = r->members[a], jc = r->members[c];
                gsl_matrix_set(Mi, ja, jc, gsl_matrix_get(Mi, ja, jc) + wi);
            }
    }
    if (st == VL_OK && (gsl_linalg_cholesky_decomp1(Mi) != GSL_SUCCESS ||
                        gsl_linalg_cholesky_invert(Mi) != GSL_SUCCESS))
        st = vl__error(ctx, VL_ERR_NUMERIC, "reconcile: S'D^-1 S is singular");
    /* U = M^-1 A', C = A U, with A the fixed nodes' rows of S */
    for (size_t q = 0; st == VL_OK && q < k; q++) {
        size_t i = nodes[q];
        for (size_t j = 0; j < m; j++) {
            double s = 0;
            for (size_t a = r->first[i]; a < r->first[i + 1]; a++)
                s += gsl_matrix_get(Mi, j, r->members[a]);
            gsl_matrix_set(U, j, q, s);
        }
    }
    for (size_t q = 0; st == VL_OK && q < k; q++)
        for (size_t q2 = 0; q2 < k; q2++) {
            double s = 0;
            size_t i = nodes[q];
            for (size_t a = r->first[i]; a < r->first[i + 1]; a++)
                s += gsl_matrix_get(U, r->members[a], q2);
            gsl_matrix_set(C, q, q2, s);
        }
    for (size_t j = 0; st == VL_OK && j < m; j++)
        b[j] = out[r->bnode[j]];
    for (size_t q = 0; st == VL_OK && q < k; q++) {
        double s = 0;
        size_t i = nodes[q];
        for (size_t a = r->first[i]; a < r->first[i + 1]; a++)
            s += b[r->members[a]];
        gsl_vector_set(x, q, values[q] - s);
    }
    if (st == VL_OK && (gsl_linalg_cholesky_decomp1(C) != GSL_SUCCESS ||
                        gsl_linalg_cholesky_svx(C, x) != GSL_SUCCESS))
        st = vl__error(ctx, VL_ERR_INVALID,
                       "the fixed values determine each other (a node and every series below it "
                       "fixed): leave one of them free");
    for (size_t j = 0; st == VL_OK && j < m; j++) {
        double s = 0;
        for (size_t q = 0; q < k; q++)
            s += gsl_matrix_get(U, j, q) * gsl_vector_get(x, q);
        b[j] += s;
    }
    for (size_t i = 0; st == VL_OK && i < n; i++) {
        double s = 0;
        for (size_t a = r->first[i]; a < r->first[i + 1]; a++)
            s += b[r->members[a]];
        out[i] = s;
    }
    /* dependent rows can pass Cholesky on rounding: the values must hold, else they conflict */
    for (size_t q = 0; st == VL_OK && q < k; q++)
        if (!(fabs(out[nodes[q]] - values[q]) <= 1e-7 * fmax(1.0, fabs(values[q]))))
            st = vl__error(ctx, VL_ERR_INVALID,
                           "the fixed values determine each other (a node and every series below "
                           "it fixed): leave one of them free");
    gsl_matrix_free(Mi);
    gsl_matrix_free(U);
    gsl_matrix_free(C);
    gsl_vector_free(x);
    vl__free(b);
    return st;
}

/* ---- never below 0 ----------------------------------------------------------------------------
 */

/* Whether holding bottom series j at 0 leaves every fixed node above it a free series. */
static bool hold_leaves_free(const fc_recon *r, const size_t *nodes, size_t k,
                             const unsigned char *held, size_t j)
{
    for (size_t q = 0; q < k; q++) {
        size_t i = nodes[q];
        if (!r->S[i * r->m + j])
            continue;
        bool free_one = false;
        for (size_t a = r->first[i]; a < r->first[i + 1] && !free_one; a++)
            free_one = r->members[a] != j && !held[r->members[a]];
        if (!free_one)
            return false;
    }
    return true;
}

vl_status fc_recon_nonneg(vl_ctx *ctx, const fc_recon *r, const bool *nonneg, const size_t *nodes,
                          const double *values, size_t k, double *out)
{
    size_t n = r->n, m = r->m;
    bool any = false;
    for (size_t j = 0; j < m && !any; j++)
        any = nonneg[r->bnode[j]] && out[r->bnode[j]] < 0;
    if (!any)
        return VL_OK;
    size_t *fn = vl__malloc((k + 1 + m) * sizeof *fn);
    double *fv = vl__malloc((k + 1 + m + n) * sizeof *fv), *keep = fv + k + 1 + m;
    unsigned char *held = vl__calloc(m ? m : 1, 1); /* 1: held at 0 here, 2: fixed by the caller */
    if (!fn || !fv || !held) {
        vl__free(fn);
        vl__free(fv);
        vl__free(held);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    memcpy(keep, out, n * sizeof *out);
    size_t cnt = 0;
    for (size_t q = 0; q < k; q++) {
        fn[cnt] = nodes[q];
        fv[cnt++] = values[q];
    }
    bool total_fixed = r->method != FC_RECON_MINT_TOTAL || r->total >= n;
    for (size_t q = 0; q < cnt; q++)
        total_fixed = total_fixed || fn[q] == r->total;
    if (!total_fixed) {
        fn[cnt] = r->total;
        fv[cnt++] = out[r->total];
    }
    size_t nfix = cnt;
    for (size_t j = 0; j < m; j++)
        for (size_t q = 0; q < nfix; q++)
            if (fn[q] == r->bnode[j])
                held[j] = 2;
    vl_status st = VL_OK;
    for (size_t round = 0; round < m && st == VL_OK; round++) {
        size_t added = 0;
        for (size_t j = 0; j < m; j++)
            if (!held[j] && nonneg[r->bnode[j]] && out[r->bnode[j]] < 0 &&
                hold_leaves_free(r, fn, nfix, held, j)) {
                held[j] = 1;
                fn[cnt] = r->bnode[j];
                fv[cnt++] = 0;
                added++;
            }
        if (added == 0)
            break;
        if (nfix == 0) { /* nothing to keep: the others stay as they are */
            for (size_t j = 0; j < m; j++)
                if (held[j] == 1)
                    out[r->bnode[j]] = 0;
            break;
        }
        st = fc_recon_fix(ctx, r, fn, fv, cnt, out);
    }
    if (st == VL_OK) {
        /* exact zeros, and every level above summed from the bottom series again */
        for (size_t j = 0; j < m; j++)
            if (held[j] == 1)
                out[r->bnode[j]] = 0;
        for (size_t c = 0; c < r->c; c++) {
            size_t i = r->agg[c];
            double s = 0;
            for (size_t a = r->first[i]; a < r->first[i + 1]; a++)
                s += out[r->bnode[r->members[a]]];
            out[i] = s;
        }
    } else if (st != VL_ERR_NOMEM) {
        memcpy(out, keep, n * sizeof *out); /* the holds conflict: the forecast as it was */
        vl_ctx_clear_error(ctx);
        st = VL_OK;
    }
    vl__free(fn);
    vl__free(fv);
    vl__free(held);
    return st;
}
