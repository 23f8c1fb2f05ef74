/*
 * plan.h - private: what a planner report shows, as plain arrays (struct vl_plan of report.h).
 * The store fills it from the database (store/store-forecast.c, vl_db_load_plan); the report
 * room renders it (report/html.c, report/xlsx-report.c) and never sees SQLite. One arena owns
 * everything in a plan.
 */
#ifndef VL_REPORT_PLAN_H
#define VL_REPORT_PLAN_H

#include "core/core.h"

/* Accuracy figures kept per series: before (base) and after reconciliation. */
enum { PLAN_MASE = 0, PLAN_SMAPE, PLAN_RMSSE, PLAN_COV80, PLAN_COV95, PLAN_N_METRICS };

#define PLAN_MAX_KEYS 4

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
    double *mean, *lo80, *hi80, *lo95, *hi95; /* h values; NaN where not stored */
    size_t h;
    double acc[2][PLAN_N_METRICS]; /* [0] base, [1] reconciled; NaN when absent */
} plan_series;

typedef struct plan_run {
    int64_t id;
    const char *started; /* UTC ISO 8601 */
    const char *method;  /* reconciliation method (accuracy's model), "" when unknown */
    const char *summary; /* JSON or "" */
} plan_run;

struct vl_plan {
    vl_arena *arena;
    plan_series *series;
    size_t n, cap;
    plan_run *runs;
    size_t n_runs;
};

/* A new empty plan; NULL on out-of-memory. */
vl_plan *plan_create(void);
/* Appends a zeroed series (accuracy NaN); NULL on out-of-memory. */
plan_series *plan_add(vl_plan *p);

/* ---- the labour balance, shared by vl_balance_compute and the reports --------------------- */
typedef struct plan_side {
    const char *occupation;
    const double *mean, *lo95, *hi95; /* h values */
} plan_side;

/*
 * Balance rows from demand and supply by occupation over h steps (see vl_balance_compute for
 * the interval). Occupations missing on one side count 0 there. rows gets n_demand + n_supply
 * + 1 slots at most; returns the count written (the total last). Occupation strings are
 * borrowed.
 */
size_t plan_balance(const plan_side *demand, size_t n_demand, const plan_side *supply,
                    size_t n_supply, size_t h, vl_balance_row *rows);

#endif
