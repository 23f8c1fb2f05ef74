/*
 * plan.h - private: what a planner report shows, as plain arrays (struct vl_plan of report.h).
 * The store fills it from the database through the public builder (vl_plan_add_run,
 * vl_plan_add_series; store/store-forecast.c); the report room renders it (report/html.c,
 * report/xlsx-report.c) and never sees a database. One arena owns everything in a plan.
 */
#ifndef VL_REPORT_PLAN_H
#define VL_REPORT_PLAN_H

#include <vieclam/report.h>

#include "core/core.h"

/* Accuracy figures kept per series: before (base) and after reconciliation (report.h). */
enum {
    PLAN_MASE = VL_PLAN_MASE,
    PLAN_SMAPE = VL_PLAN_SMAPE,
    PLAN_RMSSE = VL_PLAN_RMSSE,
    PLAN_COV80 = VL_PLAN_COVERAGE80,
    PLAN_COV95 = VL_PLAN_COVERAGE95,
    PLAN_N_METRICS = VL_PLAN_N_METRICS
};

#define PLAN_MAX_KEYS  VL_PLAN_MAX_KEYS
#define PLAN_MAX_BANDS VL_FORECAST_MAX_LEVELS

typedef struct plan_series {
    int64_t run_id;
    const char *kind;  /* forecasts.series: "forecast", "demand", "supply", ... */
    const char *level; /* "total", "area", "industry", "area,industry", "occupation" */
    const char *keys;  /* JSON as stored */
    size_t n_keys;
    const char *key_names[PLAN_MAX_KEYS];
    const char *key_values[PLAN_MAX_KEYS];
    const char *label_vi, *label_en; /* key values with their names from the reference tables */
    const char *model;
    int freq;
    vl_period hist_first;
    double *hist;
    size_t n_hist;
    vl_period fc_first;
    double *mean; /* h values */
    size_t h;
    /* The interval bands stored, widest first: n_bands levels (percent), h bounds each; a band
     * missing at a step has NaN there. */
    size_t n_bands;
    double band_level[PLAN_MAX_BANDS];
    double *band_lo[PLAN_MAX_BANDS], *band_hi[PLAN_MAX_BANDS];
    double acc[2][PLAN_N_METRICS]; /* [0] base, [1] reconciled; NaN when absent */
    double *model_mean;            /* h values or NULL: before the planner's judgement */
} plan_series;

/* A judgement a run applied (vl_judgement, its strings in the plan's arena). */
typedef struct plan_judgement {
    int64_t run_id;
    const char *kind; /* the run's series it applied to: "forecast", "demand", ... */
    vl_judgement j;
} plan_judgement;

typedef struct plan_run {
    int64_t id;
    const char *started; /* UTC ISO 8601 */
    const char *method;  /* reconciliation method (accuracy's model), "" when unknown */
    const char *summary; /* JSON or "" */
    const char *scope;   /* the provinces' names, "" for the whole database's */
} plan_run;

struct vl_plan {
    vl_arena *arena;
    plan_series *series;
    size_t n, cap;
    plan_run *runs;
    size_t n_runs, cap_runs;
    plan_judgement *judgements;
    size_t n_judgements, cap_judgements;
};

/* A new empty plan; NULL on out-of-memory. */
vl_plan *plan_create(void);
/* Appends a zeroed series (accuracy NaN); NULL on out-of-memory. */
plan_series *plan_add(vl_plan *p);

/* ---- the labour balance, shared by vl_balance_compute and the reports --------------------- */
typedef struct plan_side {
    const char *occupation;
    const double *mean, *lo, *hi; /* h values; lo and hi a band of width 2 z sd, or NULL */
    double z;
} plan_side;

/* The band of ps whose level is nearest to level (the exact one when stored); -1 when ps
 * stores none. */
int plan_band(const plan_series *ps, double level);
/* The side of the balance a series gives: its mean and its widest band. */
plan_side plan_side_of(const plan_series *ps, const char *occupation);

/*
 * Balance rows from demand and supply by occupation over h steps (see vl_balance_compute for
 * the interval). Occupations missing on one side count 0 there. rows gets n_demand + n_supply
 * + 1 slots at most; returns the count written (the total last). Occupation strings are
 * borrowed.
 */
size_t plan_balance(const plan_side *demand, size_t n_demand, const plan_side *supply,
                    size_t n_supply, size_t h, vl_balance_row *rows);

#endif
