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
 * workspace allocated by fc_recon_create; a fit costs O(n^3) and reconciling one horizon O(n m).
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
    gsl_matrix *Sm;    /* n x m, S as doubles */
    gsl_matrix *W;     /* n x n: covariance, then its Cholesky factor / inverse */
    gsl_matrix *R;     /* n x n: correlation used by the intervals */
    gsl_matrix *A;     /* n x m: W^-1 S */
    gsl_matrix *M;     /* m x m: S' W^-1 S, then its inverse */
    gsl_matrix *G;     /* m x n */
    gsl_matrix *P;     /* n x n: S G */
    gsl_matrix *Q, *Z; /* n x n scratch for the interval variances */
    double *bottom;    /* m scratch */
    double *diag;      /* n: the (floored) residual variances of the last fit */
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
    gsl_matrix *mats[] = {r->Sm, r->W, r->R, r->A, r->M, r->G, r->P, r->Q, r->Z};
    for (size_t i = 0; i < VL_ARRAY_LEN(mats); i++)
        if (mats[i])
            gsl_matrix_free(mats[i]);
    vl__free(r->S);
    vl__free(r->members);
    vl__free(r->first);
    vl__free(r->bottom);
    vl__free(r->bnode);
    vl__free(r->diag);
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
    r->Sm = gsl_matrix_calloc(n, m);
    r->W = gsl_matrix_alloc(n, n);
    r->R = gsl_matrix_alloc(n, n);
    r->A = gsl_matrix_alloc(n, m);
    r->M = gsl_matrix_alloc(m, m);
    r->G = gsl_matrix_calloc(m, n);
    r->P = gsl_matrix_alloc(n, n);
    r->Q = gsl_matrix_alloc(n, n);
    r->Z = gsl_matrix_alloc(n, n);
    if (!r->S || !r->members || !r->first || !r->bottom || !r->bnode || !r->diag || !r->Sm ||
        !r->W || !r->R || !r->A || !r->M || !r->G || !r->P || !r->Q || !r->Z) {
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
                gsl_matrix_set(r->Sm, i, j, 1.0);
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

/* R = correlation of W (W holds a covariance with a positive diagonal). */
static void correlation_of(fc_recon *r)
{
    size_t n = r->n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double d = sqrt(gsl_matrix_get(r->W, i, i) * gsl_matrix_get(r->W, j, j));
            gsl_matrix_set(r->R, i, j, i == j ? 1.0 : gsl_matrix_get(r->W, i, j) / d);
        }
}

/* G = (S' W^-1 S)^-1 S' W^-1 for the W in r->W (destroyed). */
static int mint_G(fc_recon *r)
{
    int rc = gsl_linalg_cholesky_decomp1(r->W);
    if (rc == GSL_SUCCESS)
        rc = gsl_linalg_cholesky_invert(r->W); /* W now holds W^-1 */
    if (rc == GSL_SUCCESS)
        rc = gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, r->W, r->Sm, 0.0, r->A);
    if (rc == GSL_SUCCESS)
        rc = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, r->Sm, r->A, 0.0, r->M);
    if (rc == GSL_SUCCESS)
        rc = gsl_linalg_cholesky_decomp1(r->M);
    if (rc == GSL_SUCCESS)
        rc = gsl_linalg_cholesky_invert(r->M);
    if (rc == GSL_SUCCESS)
        rc = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, r->M, r->A, 0.0, r->G);
    return rc;
}

/*
 * Holds the total at its base forecast: with a = the total's row of S (all ones), M^-1 in r->M
 * and u = M^-1 a, G += u (e_total - G'a)' / (a'u). Then a'G yhat = yhat_total for every yhat.
 */
static void keep_total(fc_recon *r)
{
    size_t n = r->n, m = r->m;
    double *u = r->bottom, denom = 0;
    for (size_t j = 0; j < m; j++) {
        double s = 0;
        for (size_t k = 0; k < m; k++)
            s += gsl_matrix_get(r->M, j, k);
        u[j] = s;
        denom += s;
    }
    assert(denom > 0); /* a'M^-1 a of a positive definite M */
    for (size_t i = 0; i < n; i++) {
        double ri = (i == r->total) ? 1.0 : 0.0;
        for (size_t j = 0; j < m; j++)
            ri -= gsl_matrix_get(r->G, j, i);
        for (size_t j = 0; j < m; j++)
            gsl_matrix_set(r->G, j, i, gsl_matrix_get(r->G, j, i) + u[j] * ri / denom);
    }
}

/* Fills W with lambda * diag + (1 - lambda) * cov from the kept shrinkage estimate in R. */
static void shrunk_W(fc_recon *r, const double *diag_cov, double lambda)
{
    size_t n = r->n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double c = gsl_matrix_get(r->R, i, j); /* raw covariance, see fc_recon_fit */
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
        r->lambda = fc_shrink_cov(resid, T, n, floor, r->W->data);
        for (size_t i = 0; i < n; i++)
            diag[i] = gsl_matrix_get(r->W, i, i);
        correlation_of(r);
    } else {
        gsl_matrix_set_identity(r->W);
        gsl_matrix_set_identity(r->R);
        for (size_t i = 0; i < n; i++)
            diag[i] = 1;
    }
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
        if (mint_G(r) != GSL_SUCCESS)
            st = vl__error(ctx, VL_ERR_NUMERIC, "reconcile: S'S is singular");
        break;
    case FC_RECON_WLS:
        gsl_matrix_set_zero(r->W);
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(r->W, i, i, diag[i]);
        if (mint_G(r) != GSL_SUCCESS)
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
        /* keep the raw (unshrunk) covariance in R for the retries: undo the shrinkage */
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                gsl_matrix_set(r->R, i, j,
                               i == j || lambda >= 1 ? 0.0
                                                     : gsl_matrix_get(r->W, i, j) / (1 - lambda));
        for (int tries = 0;; tries++) {
            shrunk_W(r, diag, lambda);
            if (mint_G(r) == GSL_SUCCESS)
                break;
            if (lambda >= 1 || tries > 30) {
                st = vl__error(ctx, VL_ERR_NUMERIC, "reconcile: the MinT covariance is singular");
                break;
            }
            lambda = lambda < 1e-3 ? 1e-3 : fmin(1.0, lambda * 2);
        }
        r->lambda = lambda;
        if (st == VL_OK && method == FC_RECON_MINT_TOTAL)
            keep_total(r);
        /* R back to the correlation of the shrunk W used */
        shrunk_W(r, diag, lambda);
        correlation_of(r);
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
            gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, r->Sm, r->G, 0.0, r->P);
    }
    /* the intervals use the shrunk residual correlation whatever the method */
    if (st == VL_OK && resid && method != FC_RECON_MINT && method != FC_RECON_MINT_TOTAL) {
        /* Q is free until fc_recon_sd: the covariance goes there, then its correlation to R */
        double vmax = 0;
        for (size_t i = 0; i < n; i++)
            vmax = fmax(vmax, diag[i]);
        assert(r->Q->tda == n);
        fc_shrink_cov(resid, T, n, vmax > 0 ? vmax * 1e-9 : 1.0, r->Q->data);
        gsl_matrix_memcpy(r->W, r->Q);
        correlation_of(r);
    }
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
    size_t n = r->n;
    /* Q = P D; Z = Q R; var_i = sum_k Z_ik Q_ik = (P D R D P')_ii */
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            gsl_matrix_set(r->Q, i, k, gsl_matrix_get(r->P, i, k) * base_sd[k]);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, r->Q, r->R, 0.0, r->Z);
    for (size_t i = 0; i < n; i++) {
        double v = 0;
        for (size_t k = 0; k < n; k++)
            v += gsl_matrix_get(r->Z, i, k) * gsl_matrix_get(r->Q, i, k);
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
