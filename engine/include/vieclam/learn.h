/*
 * learn.h - learning the matching weights from what happened: a regularised logistic model of
 * P(hire | the score's components) fitted on past referrals, written back as a matching model
 * file, and an evaluation of models on later referrals the fit never saw.
 *
 * Only the components of the score enter (fit: occupation, skills, experience, education;
 * appeal: occupation, wage, distance), computed with the base model for each referral as of its
 * day, whatever the seeker's status or the vacancy's positions are now. Name, sex, ethnicity,
 * age and priority group never enter: two data sets that differ only in those give the same
 * fit, byte for byte. The weights are kept non-negative (a weight of the YAML schema cannot be
 * negative), so the learned score ranks pairs exactly as the fitted model's probability does.
 * docs/placements.md explains the method and its evidence.
 */
#ifndef VIECLAM_LEARN_H
#define VIECLAM_LEARN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>
#include <vieclam/data.h>
#include <vieclam/match.h>
#include <vieclam/placement.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Grid of penalties tried by cross-validation, folds, bootstrap: defaults with 0. */
typedef struct vl_learn_options {
    int32_t until;  /* fit on referrals made before this day (yyyymmdd) whose outcome was
                       decided before it; 0 = every decided referral */
    unsigned folds; /* cross-validation folds (grouped by seeker), 2..20; 0 = 5 */
    uint64_t seed;  /* fold assignment and bootstrap; 0 = 20250301 */
} vl_learn_options;

/* How many penalties the cross-validation tries (log-spaced from 1e-6 to 1). */
#define VL_LEARN_N_LAMBDAS 13

typedef struct vl_learn_fit {
    size_t n; /* referrals fitted on (decided: hired, or no_show, rejected, declined) */
    size_t n_hires;
    size_t n_pending; /* left out: pending, interviewed (undecided), or decided after `until` */
    size_t n_missing; /* left out: the seeker or vacancy is no longer in the data */
    double intercept;
    double coef[VL_MATCH_N_COMPONENTS]; /* per unit of each component (0..1), all >= 0 */
    double mean[VL_MATCH_N_COMPONENTS], sd[VL_MATCH_N_COMPONENTS]; /* of the training set */
    /* cross-validation: mean deviance per referral held out, for each penalty of the grid */
    double lambda[VL_LEARN_N_LAMBDAS], cv_deviance[VL_LEARN_N_LAMBDAS], cv_se[VL_LEARN_N_LAMBDAS];
    size_t chosen;        /* index of the penalty chosen (the least cross-validated deviance) */
    double null_deviance; /* mean deviance of the intercept alone (the training share) */
    double auc_in_sample; /* AUC of the fitted score on the training referrals (in-sample) */
    unsigned folds;
    int32_t until;
} vl_learn_fit;

typedef struct vl_learn_result vl_learn_result;

/*
 * Fits the model on the referrals of `refs` (their seekers and vacancies found in ds by id),
 * with the components of `base` (the hand-set model; NULL = the shipped defaults). Fewer than
 * 20 decided referrals, or no hire or no non-hire among them, is VL_ERR_INVALID.
 * Runs on the context's threads (progress stages "components", "fit").
 */
VL_EXPORT vl_status vl_learn(vl_ctx *ctx, const vl_dataset *ds, const vl_referral_set *refs,
                             const vl_match_model *base, const vl_learn_options *opt,
                             vl_learn_result **out);
VL_EXPORT const vl_learn_fit *vl_learn_result_fit(const vl_learn_result *r);
/* The base model with the learned weights (score.combine arithmetic, score.fit_share the fit
 * side's share of the coefficients): its score is the fitted linear predictor, rescaled. */
VL_EXPORT vl_status vl_learn_result_model(vl_ctx *ctx, const vl_learn_result *r,
                                          vl_match_model **out);
/* That model as a models/matching.yaml file, the evidence in comments at the top (what was
 * fitted, the coefficients, the cross-validation curve). malloc'd, NULL when out of memory. */
VL_EXPORT char *vl_learn_result_yaml(const vl_learn_result *r);
VL_EXPORT void vl_learn_result_destroy(vl_learn_result *r); /* NULL is a no-op */

/* ---- evaluation on later referrals ----------------------------------------------------------- */

/* A figure with its 95% bootstrap interval (percentiles; seekers resampled). */
typedef struct vl_learn_figure {
    double value, lo, hi;
} vl_learn_figure;

typedef struct vl_learn_eval {
    const char *name;    /* the model's label */
    vl_learn_figure auc; /* hire against no hire, by the model's score */
    vl_learn_figure top; /* share of hires whose vacancy the model ranked in the seeker's top
                            `top_k` of the vacancies open and eligible that day */
    vl_learn_figure ece; /* expected calibration error, 10 bins of equal count, of the score
                            mapped to a probability on the training referrals (Platt) */
    vl_learn_figure oe;  /* hires observed / expected by that probability */
    vl_learn_figure brier;
} vl_learn_eval;

typedef struct vl_learn_eval_options {
    int32_t from;       /* evaluate on referrals made on or after this day; fit before it */
    unsigned bootstrap; /* replicates; 0 = 400 */
    unsigned top_k;     /* 0 = 10 */
    uint64_t seed;      /* 0 = 20250301 */
    unsigned folds;     /* for the fit (see vl_learn_options) */
} vl_learn_eval_options;

typedef struct vl_learn_evaluation {
    size_t n, n_hires; /* evaluation referrals (decided, on or after `from`) */
    size_t n_train;    /* training referrals (decided before `from`) */
    const vl_learn_eval *models;
    size_t n_models;
    const vl_learn_result *learned; /* the fit on the referrals before `from` */
} vl_learn_evaluation;

/*
 * Compares models on the referrals made on or after opt->from: the model learned on the
 * referrals before it ("learned"), then each of models[0..n_models) under names[i]. Each is
 * calibrated (Platt) on the referrals before `from` only. VL_ERR_INVALID when either side has
 * too few decided referrals. Free with vl_learn_evaluation_destroy.
 */
VL_EXPORT vl_status vl_learn_evaluate(vl_ctx *ctx, const vl_dataset *ds,
                                      const vl_referral_set *refs, const vl_match_model *base,
                                      const vl_match_model *const *models, const char *const *names,
                                      size_t n_models, const vl_learn_eval_options *opt,
                                      vl_learn_evaluation **out);
VL_EXPORT void vl_learn_evaluation_destroy(vl_learn_evaluation *e); /* NULL is a no-op */

/*
 * The area under the ROC curve of scores against 0/1 outcomes (ties count one half), with
 * weights w (NULL = all 1): the probability that a hire scores above a non-hire. NaN when one
 * class is empty. Exposed for tests and the report.
 */
VL_EXPORT double vl_learn_auc(const double *score, const bool *hired, const double *w, size_t n);

#ifdef __cplusplus
}
#endif

#endif
