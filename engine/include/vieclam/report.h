/*
 * report.h - the planner's workflow: forecasts for every level of a hierarchy (total; each area;
 * each industry; each area x industry) reconciled so that every level adds up, the labour
 * balance (demand against supply by occupation group), and the reports a planner hands on:
 * one self-contained HTML page with inline SVG fan charts, and an Excel workbook.
 *
 * Data flow: history -> vl_hier_forecast (base forecasts from the forecasting engine of
 * forecast.h, then reconciliation) -> vl_db_store_hier (a run in the database) ->
 * vl_db_load_plan (one or more runs) -> vl_report_html / vl_report_xlsx.
 */
#ifndef VIECLAM_REPORT_H
#define VIECLAM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>
#include <vieclam/data.h>
#include <vieclam/forecast.h>
#include <vieclam/history.h>
#include <vieclam/store.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- reconciliation ----------------------------------------------------------------------- */
typedef enum vl_reconcile {
    VL_RECONCILE_NONE = 0,   /* base forecasts as they are (levels do not add up) */
    VL_RECONCILE_BOTTOM_UP,  /* forecast the bottom level, sum it */
    VL_RECONCILE_TOP_DOWN,   /* split the total by average historical proportions */
    VL_RECONCILE_OLS,        /* MinT with an identity covariance */
    VL_RECONCILE_WLS,        /* MinT with the diagonal of the residual covariance */
    VL_RECONCILE_MINT,       /* MinT with a shrinkage covariance */
    VL_RECONCILE_MINT_TOTAL, /* MinT with the total held at its own forecast */
    VL_RECONCILE_AUTO,       /* the default: the method that did best at the rolling origins */
    VL_RECONCILE_COUNT
} vl_reconcile;

/* "none", "bottom_up", "top_down", "ols", "wls", "mint", "mint_total", "auto" (also
 * "mint_shrink", "bu", "td"). */
VL_EXPORT bool vl_reconcile_parse(const char *text, vl_reconcile *out);
VL_EXPORT const char *vl_reconcile_name(vl_reconcile method);

/* ---- hierarchical forecasts --------------------------------------------------------------- */
#define VL_HIER_MAX_KEYS 3

/*
 * A planner's judgement on one node of the hierarchy. The node is named by its key values, one
 * per opt->by key in that order ("" or NULL: summed over that key; all empty: the total).
 * - a fix (vieclam adjust) holds the node at `value` (or at the model's forecast changed by
 *   `value` percent) in the periods from..to, and reconciliation moves the other series instead;
 * - an event (vieclam scenario) adds `value` in every period from `from` on (to ignored) to the
 *   node and so to every node above it, split over the bottom series below it in proportion to
 *   their forecasts.
 */
typedef struct vl_hier_judgement {
    const char *keys[VL_HIER_MAX_KEYS];
    vl_period from, to;
    double value;
    bool percent;   /* fixes only */
    const char *id; /* the caller's id, echoed in messages */
} vl_hier_judgement;

typedef struct vl_hier_options {
    vl_forecast_options forecast;     /* horizon (required), model, levels, fill, seed; origins =
                                         rolling origins inside the history that choose the model
                                         of each level and the reconciliation, calibrate the
                                         bands and measure the accuracy (0 = none) */
    vl_reconcile method;              /* default VL_RECONCILE_AUTO */
    const char *by[VL_HIER_MAX_KEYS]; /* key columns that define the hierarchy */
    size_t n_by;                      /* 1..VL_HIER_MAX_KEYS */
    const char *series;               /* use only rows of this series (NULL = every row) */
    const char *where_key;            /* use only rows whose key where_key ... */
    const char *where_value;          /* ... equals where_value (both NULL = no filter) */
    const vl_hier_judgement *fixes;   /* planner's overrides (vieclam adjust) */
    size_t n_fixes;
    const vl_hier_judgement *events; /* known events (vieclam scenario) */
    size_t n_events;
} vl_hier_options;

/* Defaults: forecast options of vl_forecast_options_init (model "auto": each level takes the
 * candidate model that did best at the origins), the reconciliation chosen the same way
 * (VL_RECONCILE_AUTO), 8 origins (docs/forecasting.md says why). */
VL_EXPORT void vl_hier_options_init(vl_hier_options *opt);

typedef struct vl_hier vl_hier;

/*
 * Builds the hierarchy from the key columns opt->by of the history's rows (rows with an empty
 * value in one of them are left out), aggregates every node on a common quarterly/monthly/
 * yearly time line (a bottom series without a row for a period counts 0 there) and drops a
 * level that repeats another (a region inside one state: the level "region" is the level
 * "state,region"). Then, at forecast.origins rolling origins inside the history (the last at
 * n - horizon): every candidate model forecasts every node, each level takes the candidate
 * with the lowest mean MASE over its nodes (model "auto"; a named model is used everywhere),
 * and the reconciliation with the lowest mean MASE over all nodes is chosen (method auto). The
 * final forecast reconciles the chosen base forecasts, applies the planner's events and fixes,
 * and calibrates the bands from the reconciled errors at the origins (pooled over nodes per
 * step, conformal). Each node keeps its accuracy at the origins before and after
 * reconciliation (in-sample for the choices; the coverage is that of bands calibrated on the
 * other origins).
 * A judgement that names no node (a series the history does not hold) or none of whose
 * quarters is forecast is not applied; vl_hier_judged_get tells which.
 * Errors: no usable rows, unknown key, two rows for one bottom series and period, fixes that
 * determine each other (VL_ERR_INVALID); bad options (VL_ERR_ARG).
 */
VL_EXPORT vl_status vl_hier_forecast(vl_ctx *ctx, const vl_history *history,
                                     const vl_hier_options *opt, vl_hier **out);
VL_EXPORT void vl_hier_destroy(vl_hier *h); /* NULL is a no-op */

typedef struct vl_hier_node {
    const char *name;        /* "total", "area=288", "area=288,industry=C" */
    const char *level;       /* "total", "area", "industry", "area,industry" */
    const char *const *keys; /* n_by values: the node's key values, "" where summed over */
    bool bottom;             /* a bottom series */
    vl_period first;         /* period of history[0] */
    const double *history;   /* n_history values (the node's sum) */
    size_t n_history;
    const char *model;       /* what made the base forecast, e.g. "ETS(A,N,N)" */
    const double *mean;      /* horizon reconciled values */
    const double *lo, *hi;   /* n_levels * horizon reconciled bounds, level-major */
    const double *base_mean; /* horizon base (unreconciled) values */
    const double *base_lo, *base_hi;
    const vl_forecast_metrics *base_accuracy; /* NULL without a backtest */
    const vl_forecast_metrics *accuracy;      /* after reconciliation; NULL without */
    const double *model_mean; /* horizon values: the reconciled forecast before the planner's
                                 fixes and events; NULL when none touched this node */
    bool fixed;               /* a planner's fix holds this node at some step */
} vl_hier_node;

/* What a judgement of the options did to the forecast. */
typedef enum vl_judged_status {
    VL_JUDGED_APPLIED,         /* it moved its node in some step */
    VL_JUDGED_NO_SERIES,       /* no node has its keys: the history holds no such series */
    VL_JUDGED_OUTSIDE_HORIZON, /* none of its quarters is forecast */
} vl_judged_status;

typedef struct vl_hier_judged {
    const char *id; /* the judgement's id ("" without) */
    bool event;     /* opt->events[index], else opt->fixes[index] */
    size_t index;
    vl_judged_status status;
    size_t node; /* the node it names (vl_hier_get), SIZE_MAX when none */
} vl_hier_judged;

/* The options' judgements, events first then fixes, each with what it did (none when the
 * options held no judgement). */
VL_EXPORT size_t vl_hier_judged_count(const vl_hier *h);
VL_EXPORT bool vl_hier_judged_get(const vl_hier *h, size_t i, vl_hier_judged *out);

VL_EXPORT size_t vl_hier_count(const vl_hier *h);
VL_EXPORT bool vl_hier_get(const vl_hier *h, size_t i, vl_hier_node *out);
VL_EXPORT size_t vl_hier_horizon(const vl_hier *h);
VL_EXPORT size_t vl_hier_n_levels(const vl_hier *h);
VL_EXPORT double vl_hier_level(const vl_hier *h, size_t l); /* interval level in percent */
VL_EXPORT size_t vl_hier_n_keys(const vl_hier *h);
VL_EXPORT const char *vl_hier_key_name(const vl_hier *h, size_t k);
VL_EXPORT vl_period vl_hier_period(const vl_hier *h, size_t k); /* period of step k */
VL_EXPORT vl_reconcile vl_hier_method(const vl_hier *h);
/* Shrinkage intensity of the MinT covariance (NaN for other methods). */
VL_EXPORT double vl_hier_lambda(const vl_hier *h);
/* The largest |node - sum of its bottom series| / max(1, |sum|) over nodes and steps. */
VL_EXPORT double vl_hier_incoherence(const vl_hier *h);

/* ---- what the run chose, and the evidence --------------------------------------------------- */
VL_EXPORT size_t vl_hier_origins(const vl_hier *h); /* rolling origins evaluated (0 = none) */
/* true when the method was chosen by the evaluation (VL_RECONCILE_AUTO asked). */
VL_EXPORT bool vl_hier_method_chosen(const vl_hier *h);
/* Mean MASE over every node at the origins after reconciling with m (NaN: not evaluated). */
VL_EXPORT double vl_hier_method_mase(const vl_hier *h, vl_reconcile m);
/* The candidate base models ("theta", "ets", ..., "mean(theta,ces,ets,arima)"). */
VL_EXPORT size_t vl_hier_candidate_count(const vl_hier *h);
VL_EXPORT const char *vl_hier_candidate(const vl_hier *h, size_t c);
/* Level l's mean base MASE at the origins with candidate c (NaN: not evaluated). */
VL_EXPORT double vl_hier_candidate_mase(const vl_hier *h, size_t l, size_t c);
/* The candidate model level l uses. */
VL_EXPORT const char *vl_hier_level_model(const vl_hier *h, size_t l);
/* How the band of level index li at step k was calibrated: the reconciled errors pooled
 * (returned) and the factor q (band = mean +- q * reconciled sd; NaN: too few errors, a normal
 * band was kept). */
VL_EXPORT size_t vl_hier_calibration(const vl_hier *h, size_t li, size_t k, double *q);

/* Hierarchy levels ("total", "area", ...) in node order, and each level's accuracy: the mean
 * over its nodes before (base) and after reconciliation. false without a backtest. */
VL_EXPORT size_t vl_hier_level_count(const vl_hier *h);
VL_EXPORT const char *vl_hier_level_name(const vl_hier *h, size_t l);
VL_EXPORT bool vl_hier_level_accuracy(const vl_hier *h, size_t l, vl_forecast_metrics *base,
                                      vl_forecast_metrics *reconciled);

/* ---- history derived from the database ----------------------------------------------------- */
/*
 * Quarterly history derived from the records: series "demand" = vacancy positions by the
 * quarter they were posted, "supply" = seekers by the quarter they registered, "referrals" =
 * referrals by the quarter they were made, "placements" = current hires by the quarter the hire
 * was decided (outcome_on), with keys measure (the series' name), occupation (ISCO-08 major
 * group, 1 digit; a seeker counts in the group of the occupation ranked first, a referral in
 * its vacancy's) and area (the district; a referral's is its vacancy's). Records without a
 * date are left out; demand and supply run to the later of their last quarters (a quarter
 * without a vacancy posted, or a seeker registered, counts 0), so that the labour balance
 * compares them over the same quarters.
 * VL_ERR_INVALID when nothing is dated. Under a load scope, the records
 * of the scope's provinces as the activity report counts them: their vacancies and seekers
 * (and those with no area), the referrals of their seekers or to their vacancies.
 */
VL_EXPORT vl_status vl_db_derive_history(vl_ctx *ctx, vl_db *db, vl_history **out);

/* ---- storing runs --------------------------------------------------------------------------- */
/*
 * Stores a hierarchical forecast under run_id: every node's reconciled forecast (forecasts:
 * level, keys as JSON, model, mean, the 80/95 bounds and, where the planner's judgement moved
 * it, the model's own value model_mean), the bounds of every interval level asked for
 * (forecast_intervals), its history (forecast_history), and its backtest accuracy before
 * ("base") and after (the method's name) reconciliation (forecast_accuracy: MASE, sMAPE,
 * RMSSE, coverage80, coverage95). kind is written in each node's series name: "forecast" or,
 * for the labour balance, "demand" / "supply".
 */
VL_EXPORT vl_status vl_db_store_hier(vl_ctx *ctx, vl_db *db, int64_t run_id, const char *kind,
                                     const vl_hier *h);

/*
 * The run's summary JSON for the runs table (malloc'd, free with free(); NULL on
 * out-of-memory): the reconciliation and whether it was chosen, the origins, each method's
 * MASE, the models by level, shrinkage, coherence, and each level's accuracy and coverage.
 * kind as for vl_db_store_hier. The balance's joins its two sides with the count of occupation
 * groups. The report reads them ("what each run chose").
 */
VL_EXPORT char *vl_hier_summary_json(const vl_hier *h, const char *kind);
VL_EXPORT char *vl_balance_summary_json(const vl_hier *demand, const vl_hier *supply,
                                        size_t groups);

/* ---- the planner's judgement, stored (vieclam adjust, vieclam scenario) -------------------- */
/*
 * An adjustment holds one series of a hierarchy at a value (or the model's forecast changed by
 * a percentage) in the periods from..to; a scenario adds positions in every period from `from`
 * on (a new industrial park's jobs). Both name the series by its key values, as JSON
 * ({"area":"288","industry":"C"}; "{}" = the total) and, optionally, the history series they
 * belong to ("demand", "vacancies"; "" = any). Nothing is deleted: withdrawing keeps the row.
 */
typedef struct vl_judgement {
    int64_t id;
    bool scenario;          /* false: an adjustment */
    const char *name;       /* a scenario's name ("" for an adjustment) */
    const char *series;     /* "" = any */
    const char *keys;       /* JSON object of key values */
    vl_period from, to;     /* to: adjustments only */
    bool percent;           /* adjustments: value is a percentage change */
    double value;           /* the value, the percentage, or a scenario's positions per period */
    const char *reason;     /* required */
    const char *created_by; /* required */
    const char *created_at; /* UTC ISO 8601; NULL when adding = now */
    const char *withdrawn_by, *withdrawn_at; /* NULL while active */
} vl_judgement;

/* Checks and stores a new judgement (id and withdrawn_* ignored); *id receives its id.
 * VL_ERR_INVALID with a message for a missing reason or author, bad keys JSON, to < from.
 * A judgement belongs to the load scope it was made under (a province's planner's, or the
 * whole database's without one): withdrawing and loading see the connection's scope's own. */
VL_EXPORT vl_status vl_db_judgement_add(vl_ctx *ctx, vl_db *db, const vl_judgement *j, int64_t *id);
/* Withdraws an active one (VL_ERR_NOTFOUND: no such id, or already withdrawn). */
VL_EXPORT vl_status vl_db_judgement_withdraw(vl_ctx *ctx, vl_db *db, bool scenario, int64_t id,
                                             const char *who);

typedef struct vl_judgements vl_judgements;
/* Every judgement of the connection's scope (its provinces', or the whole database's without
 * one; active_only: the ones not withdrawn), adjustments then scenarios, by id. */
VL_EXPORT vl_status vl_db_load_judgements(vl_ctx *ctx, vl_db *db, bool active_only,
                                          vl_judgements **out);
VL_EXPORT void vl_judgements_destroy(vl_judgements *js); /* NULL is a no-op */
VL_EXPORT size_t vl_judgements_count(const vl_judgements *js);
VL_EXPORT const vl_judgement *vl_judgements_get(const vl_judgements *js, size_t i);
/*
 * Sets opt->fixes/events to the active judgements that belong to a hierarchy of opt->by over
 * `series` (a judgement of another series, or naming a key outside opt->by, is left out and
 * counted in *left_out; so is, when js was loaded under a scope of several provinces, one that
 * names no area: one province's total is not theirs together). The arrays are owned by js
 * until the next call or its destroy.
 */
VL_EXPORT vl_status vl_judgements_apply(vl_ctx *ctx, vl_judgements *js, const char *series,
                                        vl_hier_options *opt, size_t *left_out);
/* Whether the stored history (under the connection's load scope) holds a series that keys (a
 * judgement's JSON object of key values) names: VL_FIT_SERIES when some key set has those
 * values; VL_FIT_NO_SERIES when key sets have those keys but none those values (a typo, an
 * area merged away: a run of this history will not apply it); VL_FIT_OTHER_KEYS when none has
 * those keys (a history counted from the records, `--derive`, may). VL_ERR_INVALID: bad keys. */
typedef enum vl_history_fit { VL_FIT_SERIES, VL_FIT_NO_SERIES, VL_FIT_OTHER_KEYS } vl_history_fit;
VL_EXPORT vl_status vl_db_history_fit(vl_ctx *ctx, vl_db *db, const char *keys,
                                      vl_history_fit *fit);
/*
 * The active judgements of js that a run left out, each given to fn with why: "no_series" (h
 * has no node with its keys), "outside_horizon" (none of its quarters is forecast), or
 * "several_provinces" (the last vl_judgements_apply left it out because, under a scope of
 * several provinces, it names no area: one province's total). h is the hierarchy forecast
 * with that apply's options: call this before the next apply. Returns how many.
 */
typedef void (*vl_judgement_left_fn)(void *ud, const vl_judgement *j, const char *why);
VL_EXPORT size_t vl_judgements_left_out(const vl_judgements *js, const vl_hier *h,
                                        vl_judgement_left_fn fn, void *ud);
/* Records, for a stored run, the judgements of js that the hierarchy h applied (kind: the
 * stored series name, e.g. "forecast", "demand"). */
VL_EXPORT vl_status vl_db_store_judged(vl_ctx *ctx, vl_db *db, int64_t run_id, const char *kind,
                                       const vl_judgements *js, const vl_hier *h);
/*
 * Ends a hierarchical run: stores the hierarchies (as kinds[i]) with the judgements applied to
 * them (js may be NULL) and ends the run as ok with summary, in one transaction, so that a run
 * killed half-way leaves no stored forecasts behind it (the next start marks it interrupted).
 * The caller ends the run when this fails. `forecast --by`, `balance` and the desk's quarter.
 */
VL_EXPORT vl_status vl_db_store_hier_run(vl_ctx *ctx, vl_db *db, int64_t run, size_t n,
                                         const char *const *kinds, const vl_hier *const *hiers,
                                         const vl_judgements *js, const char *summary);

/* ---- the labour balance --------------------------------------------------------------------- */
typedef struct vl_balance_row {
    const char *occupation; /* ISCO-08 major group ("" for the total) */
    double demand, supply;  /* forecast over the horizon (sums) */
    double gap;             /* demand - supply: > 0 shortage, < 0 surplus */
    double gap_lo80, gap_hi80, gap_lo95, gap_hi95;
    double demand_lo95, demand_hi95, supply_lo95, supply_hi95;
} vl_balance_row;

/*
 * The balance over the whole horizon from a demand and a supply forecast by occupation (two
 * hierarchies by "occupation", as vl_hier_forecast makes them with where_key "measure").
 * Rows are sorted by gap, largest shortage first, ties by occupation code; the total is last.
 * A step's standard deviation is read from the widest band stored (95% when there is one: its
 * half-width over z, vl_forecast_z). The interval of a horizon sum adds the steps' standard
 * deviations (errors of successive quarters move together: a cautious, wider interval) and
 * the gap's combines demand and supply as independent. Returns the row count; rows are owned by the
 * balance.
 */
typedef struct vl_balance vl_balance;
VL_EXPORT vl_status vl_balance_compute(vl_ctx *ctx, const vl_hier *demand, const vl_hier *supply,
                                       vl_balance **out);
VL_EXPORT void vl_balance_destroy(vl_balance *b); /* NULL is a no-op */
VL_EXPORT size_t vl_balance_count(const vl_balance *b);
VL_EXPORT const vl_balance_row *vl_balance_get(const vl_balance *b, size_t i);

/* ---- reports ------------------------------------------------------------------------------ */
/* What a report shows: one or more stored runs, loaded with labels for every code. */
typedef struct vl_plan vl_plan;

/* Loads runs (forecast and balance runs) for a report. VL_ERR_NOTFOUND for an unknown run or
 * a run without forecasts. */
VL_EXPORT vl_status vl_db_load_plan(vl_ctx *ctx, vl_db *db, const int64_t *run_ids, size_t n,
                                    vl_plan **out);
VL_EXPORT void vl_plan_destroy(vl_plan *p); /* NULL is a no-op */

/*
 * Building a plan (vl_db_load_plan does it from the database): an empty plan, then runs and
 * their series in the order a report shows them. Everything given is copied.
 */
VL_EXPORT vl_status vl_plan_create(vl_ctx *ctx, vl_plan **out);

typedef struct vl_plan_run_info {
    int64_t id;
    const char *started; /* UTC ISO 8601 */
    const char *method;  /* reconciliation method, "" when unknown */
    const char *summary; /* JSON or "" */
    const char *scope;   /* whose: the provinces' names (runs.scope), NULL or "" for the whole
                            database's */
} vl_plan_run_info;
VL_EXPORT vl_status vl_plan_add_run(vl_ctx *ctx, vl_plan *p, const vl_plan_run_info *run);

/* Accuracy figures of a series, before (base) and after reconciliation. */
enum {
    VL_PLAN_MASE = 0,
    VL_PLAN_SMAPE,
    VL_PLAN_RMSSE,
    VL_PLAN_COVERAGE80,
    VL_PLAN_COVERAGE95,
    VL_PLAN_N_METRICS
};
#define VL_PLAN_MAX_KEYS 4

typedef struct vl_plan_series_info {
    int64_t run_id;
    const char *kind;  /* forecasts.series: "forecast", "demand", "supply", ... */
    const char *level; /* "total", "area", "industry", "area,industry", "occupation" */
    const char *keys;  /* JSON as stored */
    size_t n_keys;     /* at most VL_PLAN_MAX_KEYS */
    const char *key_names[VL_PLAN_MAX_KEYS];
    const char *key_values[VL_PLAN_MAX_KEYS];
    const char *label_vi, *label_en; /* key values with their names from the reference tables */
    const char *model;
    int freq;
    vl_period hist_first;
    const double *hist;
    size_t n_hist;
    vl_period fc_first;
    const double *mean, *lo80, *hi80, *lo95, *hi95; /* h values each; NaN where not stored */
    size_t h;
    /* Every interval level the run stored (forecast --level 90 too): n_levels percentages and
     * their bounds, level-major (lo[l * h + k]), NaN where not stored. When n_levels is 0 the
     * bands are the 80/95 fields above. At most VL_FORECAST_MAX_LEVELS. */
    size_t n_levels;
    const double *levels, *lo, *hi;
    double acc[2][VL_PLAN_N_METRICS]; /* [0] base, [1] reconciled; NaN when absent */
    const double *model_mean; /* h values: the model's forecast where the planner's judgement
                                 moved the series (NaN elsewhere); NULL when none did */
} vl_plan_series_info;
VL_EXPORT vl_status vl_plan_add_series(vl_ctx *ctx, vl_plan *p, const vl_plan_series_info *s);
/* A judgement (vieclam adjust / scenario) a run applied to its series `kind` ("forecast",
 * "demand", ...), shown in the report with its reason. */
VL_EXPORT vl_status vl_plan_add_judgement(vl_ctx *ctx, vl_plan *p, int64_t run_id, const char *kind,
                                          const vl_judgement *j);
/* The newest finished run of a kind: "forecast" (hierarchical forecasts) or "balance"
 * (demand and supply by occupation) made under the connection's load scope (a run belongs to
 * the scope it was begun under, vl_db_run_begin); 0 when none. */
VL_EXPORT vl_status vl_db_latest_run(vl_ctx *ctx, vl_db *db, const char *command, int64_t *out);
/*
 * The balance run a forecast run's report shows: the newest finished balance run made before
 * the next forecast run (any, for the newest forecast), the one its report had when it was the
 * latest; 0 when none. An older run's report stays as it was whatever was run since.
 */
VL_EXPORT vl_status vl_db_balance_for_run(vl_ctx *ctx, vl_db *db, int64_t forecast_run,
                                          int64_t *out);

typedef struct vl_report_options {
    const char *lang;  /* "vi" (default) or "en" */
    const char *title; /* NULL = a default title in the report's language */
    size_t max_charts; /* fan charts: the total, the largest of each level; init: 12; 0 = 12 */
} vl_report_options;

VL_EXPORT void vl_report_options_init(vl_report_options *opt);
/* One self-contained HTML page (no external resources), with print CSS for A4. */
VL_EXPORT vl_status vl_report_html(vl_ctx *ctx, const vl_plan *plan, const vl_report_options *opt,
                                   const char *path);
/* The same numbers as an Excel workbook with native fan charts. */
VL_EXPORT vl_status vl_report_xlsx(vl_ctx *ctx, const vl_plan *plan, const vl_report_options *opt,
                                   const char *path);

#ifdef __cplusplus
}
#endif

#endif
