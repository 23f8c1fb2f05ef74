/*
 * fair.h - job-fair planning: which seekers to invite to which employers' booths.
 *
 * A plan works on a candidate graph: seekers, vacancies (each with open positions, so a
 * capacity of invitations) and candidate pairs (seeker, vacancy, score, fit, appeal) that
 * matching found eligible. Three methods solve it: `flow` (exact maximum of the scores plus
 * coverage, vacancy and priority bonuses under every capacity, as a min-cost flow), `stable`
 * (seeker-proposing deferred acceptance: seekers rank by appeal, employers by fit) and `greedy`
 * (each seeker's top K whatever the capacities, the naive baseline). The engine takes plain
 * arrays and never a database handle; docs/fair.md explains the formulation.
 */
#ifndef VIECLAM_FAIR_H
#define VIECLAM_FAIR_H

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

#include <vieclam/common.h>
#include <vieclam/data.h>
#include <vieclam/match.h>
#include <vieclam/store.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vl_fair_method {
    VL_FAIR_FLOW = 0, /* exact: min-cost flow with the bonuses as parallel arcs */
    VL_FAIR_STABLE,   /* deferred acceptance, no blocking pair */
    VL_FAIR_GREEDY,   /* each seeker's top K, capacities ignored */
    VL_FAIR_METHOD_COUNT
} vl_fair_method;

VL_EXPORT const char *vl_fair_method_name(vl_fair_method m);
VL_EXPORT bool vl_fair_method_parse(const char *name, vl_fair_method *out);

/*
 * Planning parameters (models/fair.yaml; docs/models.md gives units and defaults). The ranges
 * below are checked by vl_fair_params_check; every solver calls it first.
 */
typedef struct vl_fair_params {
    double per_position;       /* invitations per open position, (0, 100] */
    int per_seeker;            /* K: most invitations per seeker, 1..100 */
    double min_score;          /* candidate pairs need score >= this, [0, 1] */
    double coverage_bonus;     /* B: once per seeker with >= 1 invitation, [0, 10] */
    double vacancy_bonus;      /* BV: once per vacancy with >= 1 invitation, [0, 10] */
    double priority_bonus;     /* BP: once per priority-group seeker invited, [0, 10] */
    int candidates_per_seeker; /* C: most candidate pairs per seeker, 1..1000 */
    vl_fair_method method;     /* default method */
} vl_fair_params;

/* The defaults (the values shipped in models/fair.yaml). */
VL_EXPORT void vl_fair_params_default(vl_fair_params *p);
/*
 * Loads a fair model file. A missing, unknown, duplicated or out-of-range key fails with
 * VL_ERR_INVALID and diagnostics "FILE:LINE:COL: reason"; an unreadable file with VL_ERR_IO.
 */
VL_EXPORT vl_status vl_fair_params_load(vl_ctx *ctx, const char *path, vl_fair_params *out);
/* VL_ERR_ARG with "NAME must be in LO..HI (got X)" when a value is out of range. */
VL_EXPORT vl_status vl_fair_params_check(vl_ctx *ctx, const vl_fair_params *p);

/* Invitations a vacancy with `positions` open positions may receive: ceil(P * positions). */
VL_EXPORT int vl_fair_capacity(const vl_fair_params *p, int positions);

/* A candidate pair; seeker and vacancy index the problem's arrays. Scores are in [0, 1]. */
typedef struct vl_fair_pair {
    size_t seeker;
    size_t vacancy;
    double score;  /* the match score: what flow maximises */
    double fit;    /* the employer's view: how vacancies rank seekers in `stable` */
    double appeal; /* the seeker's view: how seekers rank vacancies in `stable` */
} vl_fair_pair;

/*
 * The candidate graph as plain arrays (borrowed). Ties everywhere are broken by id (byte
 * order), so results do not depend on the order of the arrays. A pair may appear once.
 */
typedef struct vl_fair_problem {
    size_t n_seekers;
    const char *const *seeker_ids; /* n_seekers ids; NULL = break ties by index */
    const bool *seeker_priority;   /* in a priority group; NULL = none */
    size_t n_vacancies;
    const char *const *vacancy_ids; /* n_vacancies ids; NULL = break ties by index */
    const int *vacancy_positions;   /* open positions (>= 0) */
    size_t n_pairs;
    const vl_fair_pair *pairs;
} vl_fair_problem;

typedef struct vl_fair_invitation {
    size_t seeker, vacancy; /* indices in the problem */
    double score, fit, appeal;
    size_t rank_for_seeker;  /* 1 = the seeker's most appealing invitation (appeal, score, id) */
    size_t rank_for_vacancy; /* 1 = the vacancy's best-fitting invitee (fit, score, id) */
} vl_fair_invitation;

/* The figures of a plan (the printed summary and summary.json). */
typedef struct vl_fair_metrics {
    size_t seekers;           /* seekers in the problem */
    size_t seekers_candidate; /* seekers with at least one candidate pair */
    size_t seekers_invited;
    double seekers_invited_share; /* of seekers_candidate (0 when none) */
    size_t priority_seekers, priority_invited;
    size_t vacancies, vacancies_covered; /* covered: at least one invitation */
    size_t positions, positions_covered; /* covered: min(invitations, positions) per vacancy */
    size_t invitations;
    size_t capacity;          /* sum of the vacancies' capacities */
    size_t over_capacity;     /* vacancies with more invitations than capacity (greedy only) */
    double per_position_max;  /* max over vacancies of invitations / positions */
    double per_position_gini; /* Gini of invitations / positions over the vacancies */
    double objective;         /* total score + B, BV, BP bonuses as defined in params */
    double score_total, score_mean;
} vl_fair_metrics;

typedef struct vl_fair_plan {
    vl_fair_method method;
    size_t n_invitations;
    vl_fair_invitation *invitations; /* by seeker id, then rank_for_seeker */
    int *capacity;                   /* per vacancy: vl_fair_capacity of its positions */
    vl_fair_metrics metrics;
} vl_fair_plan;

/*
 * Solves the problem with the method. Fails with VL_ERR_ARG on parameters out of range, a pair
 * index out of range, a duplicate pair, a score that is not finite or negative positions.
 * Deterministic: the same problem and parameters give the same plan whatever the array order.
 */
VL_EXPORT vl_status vl_fair_solve(vl_ctx *ctx, const vl_fair_problem *problem,
                                  const vl_fair_params *params, vl_fair_method method,
                                  vl_fair_plan **out);
VL_EXPORT void vl_fair_plan_destroy(vl_fair_plan *plan); /* NULL is a no-op */

/* The metrics of any set of invitations (used for plans and to compare with an alternative). */
VL_EXPORT vl_status vl_fair_metrics_compute(vl_ctx *ctx, const vl_fair_problem *problem,
                                            const vl_fair_params *params,
                                            const vl_fair_invitation *inv, size_t n,
                                            vl_fair_metrics *out);

/* ---- the centre's data: candidates, output files, the store -------------------------------- */

/*
 * A fair's candidate graph from a matching index (build the index with opt.fair = the fair's id,
 * or NULL for every open vacancy): every vacancy of the index; the seekers with at least one
 * candidate pair (eligible under every hard constraint, score >= min_score, each seeker's best
 * candidates_per_seeker pairs, from vl_match_candidates). The index's dataset must outlive it.
 */
typedef struct vl_fair_input vl_fair_input;
VL_EXPORT vl_status vl_fair_input_create(vl_ctx *ctx, const vl_match_index *idx,
                                         const vl_fair_params *params, vl_fair_input **out);
VL_EXPORT void vl_fair_input_destroy(vl_fair_input *in); /* NULL is a no-op */
VL_EXPORT const vl_fair_problem *vl_fair_input_problem(const vl_fair_input *in);
/* The dataset records behind problem index i (NULL when out of range). */
VL_EXPORT const vl_seeker *vl_fair_input_seeker(const vl_fair_input *in, size_t i);
VL_EXPORT const vl_vacancy *vl_fair_input_vacancy(const vl_fair_input *in, size_t i);
/* Active seekers of the index (eligible or not). */
VL_EXPORT size_t vl_fair_input_active_seekers(const vl_fair_input *in);

typedef struct vl_fair_output_options {
    const char *fair_id; /* shown in the summary and on slips; NULL = every open vacancy */
    int32_t as_of;       /* yyyymmdd; 0 = not shown */
    int64_t run_id;      /* 0 = not stored */
    bool excel; /* CSV files for a Vietnamese Excel: a byte order mark and ';' between cells */
    /* the fair as its record has it, printed on the slips (NULL / 0 = not shown) */
    const char *fair_name;
    int32_t fair_date; /* yyyymmdd */
    const char *fair_venue;
} vl_fair_output_options;

/*
 * Writes a plan into dir (created if missing): invitations.csv, shortlists/EMPLOYER.csv and
 * .xlsx (one per employer with a vacancy in the problem, frozen header and filters),
 * slips/SEEKER.txt (one per invited seeker; the only file with the seeker's name) and
 * summary.json (the plan's metrics and, when given, the baseline's beside them).
 */
VL_EXPORT vl_status vl_fair_write_outputs(vl_ctx *ctx, const vl_fair_input *in,
                                          const vl_fair_params *params, const vl_fair_plan *plan,
                                          const vl_fair_plan *baseline,
                                          const vl_fair_output_options *opt, const char *dir);
/*
 * An erasure's part in a plan written by vl_fair_write_outputs into dir: removes the slips of
 * these seekers (the only files naming them), so a kept plan no longer holds their names.
 * A seeker without a slip there is no error; *removed (may be NULL) counts the slips removed.
 */
VL_EXPORT vl_status vl_fair_forget_seekers(vl_ctx *ctx, const char *dir, const char *const *ids,
                                           size_t n, size_t *removed);
/* The summary as JSON text (malloc'd; NULL when out of memory). in and baseline may be NULL. */
VL_EXPORT char *vl_fair_summary_json(const vl_fair_input *in, const vl_fair_params *params,
                                     const vl_fair_plan *plan, const vl_fair_plan *baseline,
                                     const vl_fair_output_options *opt, bool pretty);

/*
 * Stores the invitations in the database (table fair_invitations) under run_id, with the fair's
 * id ("*" for every open vacancy) and the method, in one transaction.
 */
VL_EXPORT vl_status vl_fair_plan_store(vl_ctx *ctx, vl_db *db, int64_t run_id, const char *fair_id,
                                       const vl_fair_input *in, const vl_fair_plan *plan);

/*
 * The plan step every front end runs (`vieclam fair plan`, the desk's fair job): solves with
 * params->method and, unless that is greedy, with greedy as the baseline beside it; writes the
 * outputs into dir (vl_fair_write_outputs); stores the invitations under opt->run_id when db is
 * given and run_id > 0 (vl_fair_plan_store); and gives the summary JSON for the run's record
 * (vl_fair_summary_json, malloc'd) whenever a plan was made, even when a later step failed.
 * With a run, the invitations and the run's end (ok, with the summary) land in one transaction,
 * so no invitations of an unfinished run are ever stored. The caller opens the run, ends it when
 * this fails (ending it again on success changes nothing but the time), and destroys *plan and
 * *baseline (NULL when not made).
 */
VL_EXPORT vl_status vl_fair_plan_run(vl_ctx *ctx, vl_db *db, const vl_fair_input *in,
                                     const vl_fair_params *params,
                                     const vl_fair_output_options *opt, const char *dir,
                                     vl_fair_plan **plan, vl_fair_plan **baseline, char **summary);

#ifdef __cplusplus
}
#endif

#endif
