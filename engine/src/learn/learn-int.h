/*
 * learn-int.h - private to the learning room: the design (one row per decided referral: its
 * components and whether it ended in a hire), the penalised logistic fit with non-negative
 * coefficients, and the shared GSL set-up. GSL is included by this room and forecast/ only.
 *
 * Invariants: rows are in the order of the referral set (by id), so every result is the same
 * for any thread count; x holds LRN_P doubles per row, x[0] = 1 (the intercept), then the
 * components standardised by the training mean and sd (a constant component has sd 0 and is
 * left out of the fit: its coefficient stays 0).
 */
#ifndef VL_LEARN_INT_H
#define VL_LEARN_INT_H

#include "core/core.h"

#include <math.h>

#define LRN_K VL_MATCH_N_COMPONENTS
#define LRN_P (LRN_K + 1)
/* NaN as a double (NAN is a float; -Wdouble-promotion). */
#define LRN_NAN ((double)NAN)

/* Referral outcomes as labels: a hire, a decided non-hire, or left out. */
enum { LRN_NO = 0, LRN_YES = 1, LRN_OUT = 2 };

typedef struct lrn_rows {
    size_t n;
    double *c;        /* n * LRN_K raw components */
    uint8_t *y;       /* 1 = hired */
    uint32_t *seeker; /* dataset position of the seeker (bootstrap clusters) */
    uint32_t *vacancy;
    int32_t *on;   /* referred_on */
    uint32_t *ref; /* index in the referral set */
} lrn_rows;

/*
 * The decided referrals of refs that `keep` accepts (before/after a day), with the components
 * of idx's model on each referral's day. Counts what was left out.
 */
typedef struct lrn_select {
    int32_t before; /* referred_on and outcome_on before this day; 0 = no limit */
    int32_t from;   /* referred_on on or after this day; 0 = no limit */
} lrn_select;
vl_status lrn_rows_build(vl_ctx *ctx, const vl_match_index *idx, const vl_referral_set *refs,
                         const lrn_select *sel, lrn_rows *out, size_t *n_pending,
                         size_t *n_missing);
void lrn_rows_free(lrn_rows *r);
/* The label of a referral as of a day (0 = now): LRN_YES, LRN_NO or LRN_OUT. */
int lrn_label(const vl_referral *r, int32_t as_of);

/* ---- the penalised logistic fit (logit.c) ------------------------------------------------ */

typedef struct lrn_design {
    size_t n;
    const double *z; /* n * LRN_P: 1, standardised components */
    const uint8_t *y;
    const uint8_t *keep; /* rows fitted on (1) or not (0); NULL = all */
    bool fixed0[LRN_P];  /* coefficients held at 0 (constant components) */
} lrn_design;

/* A fit's workspace. It remembers the last pass over a design (by address), so a path of
 * penalties started where the last fit ended skips one pass: the design's rows must not change
 * while a workspace is used on it. */
typedef struct lrn_ws lrn_ws;
lrn_ws *lrn_ws_new(void);
void lrn_ws_free(lrn_ws *w);

/*
 * Minimises the mean negative log-likelihood over the kept rows + lambda/2 * sum b[j]^2
 * (j >= 1) subject to b[j] >= 0 (j >= 1): Newton steps on the free coefficients (GSL
 * Cholesky), an active set for the bounds, released when the gradient says so; it stops when
 * the projected gradient is below 1e-10 or Newton's decrement below what the objective can
 * resolve. b is the start and the result. VL_ERR_NUMERIC when it does not converge.
 */
vl_status lrn_fit(vl_ctx *ctx, lrn_ws *w, const lrn_design *d, double lambda, double b[LRN_P]);
/* Mean deviance (2 * mean negative log-likelihood) of b over rows with keep == want. */
double lrn_deviance(const lrn_design *d, const double b[LRN_P], uint8_t want);
/* The fitted linear predictor's AUC over the kept rows. */
double lrn_auc_kept(const lrn_design *d, const double b[LRN_P]);

/* Turns GSL's aborting error handler off (once per process). */
void lrn_gsl_init(void);

/* ---- Platt scaling: P(hire) = 1 / (1 + exp(-(a + b * score))) fitted by Newton ---------- */
vl_status lrn_platt(vl_ctx *ctx, const double *score, const uint8_t *y, size_t n, double *a,
                    double *b);

#endif
