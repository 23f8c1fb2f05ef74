/*
 * hier.h - private header of the planner's part of the forecast room: forecast reconciliation
 * (reconcile.c) and the hierarchical driver (hier.c) behind the public vl_hier_* API of
 * <vieclam/report.h>.
 *
 * A hierarchy of n nodes over m bottom series is given by its summing matrix S (n x m, 0/1,
 * row-major): node i is the sum of the bottom series j with S[i][j] = 1. Reconciliation maps
 * base forecasts yhat (n) to coherent ones ytilde = S G yhat, where G (m x n) depends on the
 * method. Workspaces are allocated once per hierarchy and reused for every horizon and origin.
 */
#ifndef VL_FORECAST_HIER_H
#define VL_FORECAST_HIER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/core.h"

typedef enum fc_recon_method {
    FC_RECON_NONE = 0,   /* base forecasts as they are (not coherent) */
    FC_RECON_BOTTOM_UP,  /* G = [0 | I]: the bottom level, summed */
    FC_RECON_TOP_DOWN,   /* total split by average historical proportions (Gross-Sohl A) */
    FC_RECON_OLS,        /* MinT with W = I */
    FC_RECON_WLS,        /* MinT with W = diag of the residual variances */
    FC_RECON_MINT,       /* MinT with the Schaefer-Strimmer shrinkage covariance */
    FC_RECON_MINT_TOTAL, /* MinT (shrinkage) with the total kept as forecast (immutable) */
    FC_RECON_COUNT
} fc_recon_method;

typedef struct fc_recon fc_recon;

/*
 * A workspace for a hierarchy. S is copied. Every row of S must have at least one 1 and every
 * bottom series must be a node of its own (a row with a single 1; VL_ERR_ARG otherwise). When
 * several rows are the same single series (an area with one industry), the last one is taken
 * as the bottom level's: the bottom level comes last.
 */
vl_status fc_recon_create(vl_ctx *ctx, size_t n, size_t m, const unsigned char *S, fc_recon **out);
void fc_recon_destroy(fc_recon *r); /* NULL is a no-op */

/*
 * Prepares G for a method. resid: T in-sample one-step residuals per node (node-major,
 * resid[i * T + t]), used by WLS, MinT and by the interval correlation; hist:
 * T_hist values per node (node-major) for top-down proportions (may be NULL for other methods).
 * Fails with VL_ERR_NUMERIC when a matrix is singular beyond repair.
 */
vl_status fc_recon_fit(vl_ctx *ctx, fc_recon *r, fc_recon_method method, const double *resid,
                       size_t T, const double *hist, size_t T_hist);

/* Reconciles base (n values) into out (n values): out = S G base. out may not alias base. */
void fc_recon_apply(const fc_recon *r, const double *base, double *out);

/*
 * Reconciled standard deviations from base ones (n values each), under a Gaussian assumption:
 * Var(ytilde) = S G W_h G' S' with W_h = D R D, D = diag(base_sd) and R the correlation of the
 * (shrunk) residual covariance of the last fit.
 */
void fc_recon_sd(fc_recon *r, const double *base_sd, double *out_sd);

/*
 * Holds the k nodes nodes[] at values[] while the rest adapts (a planner's override): out (n
 * values, a coherent forecast, overwritten) moves by the smallest change of the bottom series
 * in the metric of the last fit's residual variances, b += M^-1 A' (A M^-1 A')^-1 (c - A b) with
 * A the fixed nodes' rows of S and M = S' D^-1 S, so series with larger errors absorb more.
 * VL_ERR_INVALID when the fixed nodes determine each other.
 */
vl_status fc_recon_fix(vl_ctx *ctx, const fc_recon *r, const size_t *nodes, const double *values,
                       size_t k, double *out);

/*
 * Keeps the bottom series that were never negative (nonneg: n flags, by node) at 0 or above:
 * a reconciled value below 0 is set to 0 and held there, with the k fixed nodes at their
 * values (and MinT-total's total at its own), while the rest adapts as fc_recon_fix moves it;
 * repeated until none is below 0 (an active set, as in Wickramasuriya, Turlach and Hyndman's
 * non-negative reconciliation). Without a fixed node the other series keep their values and
 * the levels above are summed again. A bottom series fixed itself, or whose hold would leave a
 * fixed node no free series below it, stays as it is. out: n values of a coherent forecast,
 * changed in place; when the holds cannot be met together it is left as it was.
 */
vl_status fc_recon_nonneg(vl_ctx *ctx, const fc_recon *r, const bool *nonneg, const size_t *nodes,
                          const double *values, size_t k, double *out);

/* The shrinkage intensity lambda of the last MinT fit (NaN for other methods). */
double fc_recon_lambda(const fc_recon *r);

/* The G matrix of the last fit (m x n, row-major), for tests. */
const double *fc_recon_G(const fc_recon *r);

const char *fc_recon_method_name(fc_recon_method method);
bool fc_recon_method_parse(const char *text, fc_recon_method *out);

/*
 * The Schaefer-Strimmer shrinkage estimate toward the diagonal of the uncentred residual
 * covariance, as R's hts (shrink.estim with lowerD) computes it: x holds T values of each of
 * p variables (variable-major, x[i * T + t]); cov is p x p (out, row-major). Variances below
 * var_floor are raised to it so that constant series do not make W singular. Returns lambda in [0,
 * 1].
 */
double fc_shrink_cov(const double *x, size_t T, size_t p, double var_floor, double *cov);

#endif
