/*
 * match.h - matching seekers and vacancies: the model (models/matching.yaml), an index built
 * once over a dataset for an as-of date, exact top-k queries by seeker or by vacancy with
 * explanations, a batch for all seekers, candidate pairs for job-fair planning, and storing
 * results under a run id. Only pairs meeting every hard constraint are returned; results equal
 * a scan of every pair (VL_MATCH_EXHAUSTIVE), ties go by id, and the output is the same for
 * any thread count. Gender, name, ethnicity and priority group never enter a score.
 * docs/matching.md explains the model.
 */
#ifndef VIECLAM_MATCH_H
#define VIECLAM_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>
#include <vieclam/data.h>
#include <vieclam/store.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the model ------------------------------------------------------------------------------ */

typedef struct vl_match_model vl_match_model;

/*
 * Loads a matching model file. A missing, unknown, duplicated, wrongly typed or out-of-range key
 * fails with VL_ERR_INVALID and diagnostics "FILE:LINE:COL: reason" (docs/models.md lists every
 * key); a file that cannot be read fails with VL_ERR_IO.
 */
VL_EXPORT vl_status vl_match_model_load(vl_ctx *ctx, const char *path, vl_match_model **out);
/* The documented defaults (the values shipped in models/matching.yaml). */
VL_EXPORT vl_status vl_match_model_create_default(vl_ctx *ctx, vl_match_model **out);
VL_EXPORT void vl_match_model_destroy(vl_match_model *model); /* NULL is a no-op */
/* results.top: how many results a query returns unless told otherwise. */
VL_EXPORT size_t vl_match_model_top(const vl_match_model *model);
/* results.min_score: pairs scoring below it are never returned by queries. */
VL_EXPORT double vl_match_model_min_score(const vl_match_model *model);
/* candidates.per_seeker: the most candidate pairs per seeker for fair planning. */
VL_EXPORT size_t vl_match_model_candidates_per_seeker(const vl_match_model *model);

/* The components of a score, in this order everywhere (weights, learning, explanations). */
enum {
    VL_MATCH_FIT_OCCUPATION = 0,
    VL_MATCH_FIT_SKILLS,
    VL_MATCH_FIT_EXPERIENCE,
    VL_MATCH_FIT_EDUCATION,
    VL_MATCH_APPEAL_OCCUPATION,
    VL_MATCH_APPEAL_WAGE,
    VL_MATCH_APPEAL_DISTANCE,
    VL_MATCH_N_COMPONENTS
};
/* "fit_occupation", "appeal_wage", ... as the CSV and JSON outputs name them ("?" out of
 * range). */
VL_EXPORT const char *vl_match_component_name(int component);

/* The weights of a model: fit.weights.* and appeal.weights.* by component, score.fit_share and
 * whether score.combine is arithmetic (else geometric). */
typedef struct vl_match_weights {
    double w[VL_MATCH_N_COMPONENTS];
    double fit_share;
    bool arithmetic;
} vl_match_weights;
VL_EXPORT void vl_match_model_get_weights(const vl_match_model *model, vl_match_weights *out);
/* Sets them (each weight 0..100, fit_share 0..1, neither side's weights all zero): VL_ERR_ARG
 * or VL_ERR_INVALID otherwise, and the model is unchanged. */
VL_EXPORT vl_status vl_match_model_set_weights(vl_ctx *ctx, vl_match_model *model,
                                               const vl_match_weights *w);
VL_EXPORT vl_status vl_match_model_copy(vl_ctx *ctx, const vl_match_model *model,
                                        vl_match_model **out);
/*
 * The model as a file of the models/matching.yaml schema (every key; vl_match_model_load reads
 * it back to the same values), after `comment` written as YAML comment lines (NULL = none).
 * malloc'd text, NULL when out of memory.
 */
VL_EXPORT char *vl_match_model_yaml(const vl_match_model *model, const char *comment);

/* ---- the index ------------------------------------------------------------------------------ */

typedef struct vl_match_index vl_match_index;

typedef struct vl_match_options {
    int32_t as_of;    /* yyyymmdd: vacancies open on that day, ages on that day; 0 = today */
    const char *fair; /* only vacancies whose `fair` is this id; NULL = every open vacancy */
} vl_match_options;

/*
 * Builds the index over ds (which must outlive the index; the model may be destroyed after).
 * opt may be NULL (today, every open vacancy).
 */
VL_EXPORT vl_status vl_match_index_create(vl_ctx *ctx, const vl_dataset *ds,
                                          const vl_match_model *model, const vl_match_options *opt,
                                          vl_match_index **out);
VL_EXPORT void vl_match_index_destroy(vl_match_index *idx); /* NULL is a no-op */
VL_EXPORT const vl_dataset *vl_match_index_dataset(const vl_match_index *idx);
VL_EXPORT int32_t vl_match_index_as_of(const vl_match_index *idx);
/* Vacancies in the index (open on the as-of date, positions > 0, in the fair if one given). */
VL_EXPORT size_t vl_match_index_vacancy_count(const vl_match_index *idx);
/* Active seekers. */
VL_EXPORT size_t vl_match_index_seeker_count(const vl_match_index *idx);
/* Dataset position of an id; false when the id is not in the dataset. */
VL_EXPORT bool vl_match_index_find_seeker(const vl_match_index *idx, const char *id, size_t *pos);
VL_EXPORT bool vl_match_index_find_vacancy(const vl_match_index *idx, const char *id, size_t *pos);
/* Whether a seeker is active / a vacancy is in the index (dataset positions). */
VL_EXPORT bool vl_match_index_seeker_active(const vl_match_index *idx, size_t seeker);
VL_EXPORT bool vl_match_index_has_vacancy(const vl_match_index *idx, size_t vacancy);

/*
 * Following changes without a rebuild: a vacancy or seeker that is new or changed replaces its
 * previous version (the record is copied: the caller may free it), and one removed (or no
 * longer open / active) drops out. Queries afterwards return exactly what an index built from
 * scratch over the changed records returns (same pairs, scores and order; docs/matching.md,
 * "Changes"). The dataset seen through vl_match_index_dataset then holds the new versions after
 * the old ones (old positions stay valid; a removed id is still found but never matched).
 * Each changed record is scored by every query, so rebuild when vl_match_index_changes grows
 * large. These calls must not run while another thread queries the index (a read-write lock).
 */
VL_EXPORT vl_status vl_match_index_put_vacancy(vl_ctx *ctx, vl_match_index *idx,
                                               const vl_vacancy *v);
VL_EXPORT vl_status vl_match_index_put_seeker(vl_ctx *ctx, vl_match_index *idx,
                                              const vl_seeker *s);
VL_EXPORT vl_status vl_match_index_remove_vacancy(vl_ctx *ctx, vl_match_index *idx,
                                                  const char *id);
VL_EXPORT vl_status vl_match_index_remove_seeker(vl_ctx *ctx, vl_match_index *idx,
                                                 const char *id);
/* Records put since the build (what each query scans in full). */
VL_EXPORT size_t vl_match_index_changes(const vl_match_index *idx);

/* ---- results -------------------------------------------------------------------------------- */

enum {
    VL_MATCH_EXHAUSTIVE = 1u << 0 /* score every pair (no index); same results, slower */
};

typedef enum vl_match_side {
    VL_MATCH_BALANCED = 0, /* fit == appeal */
    VL_MATCH_WEAKER_FIT,   /* the employer's side is the weaker one */
    VL_MATCH_WEAKER_APPEAL /* the seeker's side is the weaker one */
} vl_match_side;

/* One ranked pair with its explanation. Components are in [0,1]. */
typedef struct vl_match_result {
    size_t seeker, vacancy; /* positions in the dataset's arrays */
    unsigned rank;          /* 1-based within its query (within its seeker in a batch) */
    double score, fit, appeal;
    double fit_occupation, fit_skills, fit_experience, fit_education;
    double appeal_occupation, appeal_wage, appeal_distance;
    double distance_km;  /* great-circle km between the area centroids; NaN for abroad */
    double wage_offered; /* VND/month: the middle of the vacancy's range; NaN when not given */
    double wage_wanted;  /* the seeker's minimum; NaN when not given */
    double wage_gap;     /* offered - wanted; NaN when either is unknown */
    int weaker;          /* vl_match_side */
    /* bit i set: the vacancy's preferred skill i (of the first 64) is among the seeker's */
    uint64_t preferred_matched;
} vl_match_result;

typedef struct vl_match_results vl_match_results;

/*
 * The best `top` vacancies for a seeker (by id), best first; ties by vacancy id. Only eligible
 * pairs scoring at least the model's results.min_score are returned, so fewer than top (even
 * none, e.g. for a seeker who is not active) is normal. An unknown id is VL_ERR_NOTFOUND.
 */
VL_EXPORT vl_status vl_match_by_seeker(vl_ctx *ctx, const vl_match_index *idx, const char *id,
                                       size_t top, unsigned flags, vl_match_results **out);
/* The best `top` seekers for a vacancy (by id); ties by seeker id. */
VL_EXPORT vl_status vl_match_by_vacancy(vl_ctx *ctx, const vl_match_index *idx, const char *id,
                                        size_t top, unsigned flags, vl_match_results **out);
/*
 * The best `top` vacancies for every active seeker, on the context's threads (progress stage
 * "match"); seekers in dataset order, each seeker's results by rank.
 */
VL_EXPORT vl_status vl_match_all_seekers(vl_ctx *ctx, const vl_match_index *idx, size_t top,
                                         unsigned flags, vl_match_results **out);

VL_EXPORT size_t vl_match_results_count(const vl_match_results *r);
VL_EXPORT const vl_match_result *vl_match_results_at(const vl_match_results *r, size_t i);
/*
 * Work done: pairs whose score was computed (past the cheap filters) and the pairs a scan of
 * every pair would have looked at (queries x indexed candidates).
 */
VL_EXPORT void vl_match_results_work(const vl_match_results *r, uint64_t *scored, uint64_t *pairs);
VL_EXPORT void vl_match_results_destroy(vl_match_results *r); /* NULL is a no-op */

/* Component c (VL_MATCH_FIT_OCCUPATION...) of a result. */
VL_EXPORT double vl_match_result_component(const vl_match_result *res, int component);

/* Whether the seeker holds the vacancy's i-th preferred skill (i < 64; beyond: false). */
VL_EXPORT bool vl_match_result_skill_matched(const vl_match_result *res, size_t i);
/* Short English name of the weaker side: "fit", "appeal" or "balanced". */
VL_EXPORT const char *vl_match_side_name(int side);

/*
 * The results with their explanations as JSON (an array of objects: ids, rank, score, fit,
 * appeal, components, matched and missing preferred skills, distance, wage gap, weaker side).
 * Never holds personal data. Returns malloc'd text (free()), or NULL when out of memory.
 */
VL_EXPORT char *vl_match_results_json(const vl_match_index *idx, const vl_match_results *r,
                                      bool pretty);
/* The explanation of result i alone, as compact JSON (malloc'd). */
VL_EXPORT char *vl_match_result_json(const vl_match_index *idx, const vl_match_results *r,
                                     size_t i);
/*
 * The explanation of result i as stored with a run (match_results.explanation): without what
 * the table's own columns hold (ids, rank, score, fit, appeal) or the vacancies table has
 * (title, occupation), so that a nightly batch of a million rows stays small. Compact JSON,
 * malloc'd; NULL when out of memory or i is out of range.
 */
VL_EXPORT char *vl_match_result_json_stored(const vl_match_index *idx, const vl_match_results *r,
                                            size_t i);

/*
 * Stores the results in the database (table match_results) under run_id (from
 * vl_db_run_begin), with each explanation, in one transaction.
 */
VL_EXPORT vl_status vl_match_results_store(vl_ctx *ctx, vl_db *db, int64_t run_id,
                                           const vl_match_index *idx, const vl_match_results *r);

/* ---- why (not): one pair explained against its query ------------------------------------ */

/*
 * A hard constraint a pair fails. `constraint` is a stable code (docs/matching.md):
 *   "active"          the seeker is not active
 *   "open"            the vacancy is not in the index on the as-of date: closed, not yet
 *                     posted, no positions, or not at the fair (posted, closes, positions)
 *   "skills_required" required skills the seeker lacks (missing: the vacancy's labels)
 *   "languages"       languages the seeker lacks at the level asked (missing: "ja:N3")
 *   "education"       below the minimum (required, has: vl_education levels)
 *   "age"             outside the limits (age on the as-of date, -1 unknown; min, max, 0 = none)
 *   "abroad"          a vacancy abroad in a country the seeker does not accept (country)
 *   "distance"        farther than the seeker's commute limit (km, limit)
 *   "area_unknown"    no distance: an area without a known centre (area)
 * Strings point into the dataset or the why object: valid while both live.
 */
typedef struct vl_match_failure {
    const char *constraint;
    const char *const *missing;
    size_t n_missing;
    int required, has;
    int age, min, max;
    double km, limit;
    const char *country;
    const char *area;
    int positions;
    int32_t posted, closes;
} vl_match_failure;

/*
 * One score component (named as the CSV's columns: "fit_occupation", ..., "appeal_distance")
 * of the pair and of the last listed pair, and `effect`: how much the pair's score would change
 * if it had the last pair's value of this component alone (the others unchanged). Effects are
 * one at a time, so with the geometric combination they need not add up to the gap exactly.
 */
typedef struct vl_match_gap_part {
    const char *component;
    double value, last, effect;
} vl_match_gap_part;

/*
 * Why a pair is or is not in its query's list: for a seeker and a vacancy (by_vacancy false:
 * the seeker's list of vacancies) or the reverse (the vacancy's list of seekers). Ineligible:
 * every hard constraint it fails. Eligible: its score and components, its rank among every
 * eligible pair of the query (ties by id, as the list breaks them), what the query lists (the
 * model's results.min_score and `top` bound it), and how far it scored below the last listed
 * pair (gap = last's score - its score: > 0 below the list, <= 0 within it), with the
 * components, largest effect first.
 */
typedef struct vl_match_why {
    size_t seeker, vacancy; /* dataset positions */
    bool by_vacancy;
    bool eligible;
    const vl_match_failure *failures;
    size_t n_failures;
    vl_match_result result; /* eligible: the pair's score, components, distance, wages */
    double min_score;       /* results.min_score: pairs below it are never listed */
    size_t rank;            /* 1 = best; 0 when not eligible */
    size_t n_eligible;      /* eligible pairs of the query (this one included) */
    size_t top;             /* the list's length asked for */
    size_t n_listed;        /* what the list holds (<= top) */
    bool listed;            /* the pair is in the list */
    vl_match_result last;   /* the last listed pair (valid when n_listed > 0) */
    double gap;             /* last.score - result.score; NaN when nothing is listed */
    vl_match_gap_part parts[VL_MATCH_N_COMPONENTS];
    size_t n_parts; /* 7 when n_listed > 0 and eligible, else 0 */
    void *owner;    /* library-internal */
} vl_match_why;

/*
 * Explains the pair (seeker id, vacancy id) within the seeker's top list (by_vacancy false) or
 * within the vacancy's list of seekers (by_vacancy true); top 0 = the model's results.top.
 * VL_ERR_NOTFOUND for an unknown id (the message names it). Free with vl_match_why_destroy.
 */
VL_EXPORT vl_status vl_match_why_create(vl_ctx *ctx, const vl_match_index *idx, const char *seeker,
                                        const char *vacancy, bool by_vacancy, size_t top,
                                        vl_match_why **out);
VL_EXPORT void vl_match_why_destroy(vl_match_why *why); /* NULL is a no-op */
/*
 * As JSON (docs/api.md's why-not answer): {"seeker", "vacancy", "as_of", "by", "eligible",
 * "failed": [{"constraint", ...}], "score", "fit", "appeal", "rank", "eligible_count", "top",
 * "listed", "last_score", "gap", "min_score", "gap_components": [...]}. Ids and components
 * only, no personal data (the seeker's age only as the failed "age" constraint's value).
 * malloc'd text, NULL when out of memory.
 */
VL_EXPORT char *vl_match_why_json(const vl_match_index *idx, const vl_match_why *why);

/* ---- any pair on a given day (referrals, learning from hires) ------------------------------- */

/*
 * Scores any pair of the index's dataset (dataset positions), whatever the seeker's status or
 * the vacancy's positions and dates today: every component and the score the model gives it.
 * *eligible (may be NULL) says whether the pair met every hard constraint on day `on`
 * (yyyymmdd): the vacancy open that day by its posted and closes dates, the seeker's age that
 * day; the seeker's status and the vacancy's positions do not count.
 */
VL_EXPORT void vl_match_pair(const vl_match_index *idx, size_t seeker, size_t vacancy, int32_t on,
                             vl_match_result *out, bool *eligible);

typedef struct vl_match_pair_query {
    size_t seeker, vacancy; /* dataset positions */
    int32_t on;             /* yyyymmdd */
} vl_match_pair_query;

/*
 * For each query, where its vacancy stood in what vieclam would have listed for the seeker on
 * that day: rank[i] = 1 + the number of other vacancies open that day, eligible for the seeker
 * (as in vl_match_pair), scoring at least results.min_score and above the pair (ties by vacancy
 * id), counted up to `cap` (cap + 1 means "beyond cap"). listed[i] (listed may be NULL) tells
 * whether the pair itself would have been listed: eligible, score >= results.min_score and
 * rank <= cap. On the context's threads (progress stage "rank"); same result for any count.
 */
VL_EXPORT vl_status vl_match_rank_pairs(vl_ctx *ctx, const vl_match_index *idx,
                                        const vl_match_pair_query *q, size_t n, unsigned cap,
                                        unsigned *rank, bool *listed);

/* ---- candidate pairs for job-fair planning -------------------------------------------------- */

typedef struct vl_match_candidate {
    size_t seeker, vacancy; /* positions in the dataset's arrays */
    double score, fit, appeal;
} vl_match_candidate;

/*
 * Every eligible (seeker, vacancy) pair of the index (build it with opt->fair to restrict to a
 * fair's vacancies) with score >= min_score, at most per_seeker pairs per seeker (his best;
 * 0 = the model's candidates.per_seeker). Ordered by seeker (dataset order), then score
 * descending, then vacancy id. *out is malloc'd (free with vl_match_candidates_free); *n may
 * be 0. Runs on the context's threads (progress stage "candidates").
 */
VL_EXPORT vl_status vl_match_candidates(vl_ctx *ctx, const vl_match_index *idx, double min_score,
                                        size_t per_seeker, vl_match_candidate **out, size_t *n);
VL_EXPORT void vl_match_candidates_free(vl_match_candidate *c);

#ifdef __cplusplus
}
#endif

#endif
