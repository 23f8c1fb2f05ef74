/*
 * activity.h - the centre's periodic report (month, quarter, half-year, year): seekers
 * registered, counselled, referred and placed, vacancies and positions received and filled, job
 * fairs, placements abroad by country, each broken down by sex, age band, priority group,
 * education and area; placement rate, time to placement, retention at 3 and 6 months; the same
 * period of the previous year beside it; the year's targets against what was done; and the
 * fairness of outcomes (referral and hire rates by sex and priority group, with intervals).
 *
 * Counts below 5 are shown as "<5" (and rates and medians of fewer than 5 people as "–")
 * unless the report is for use inside the centre (options.exact): a report that leaves the
 * centre must not let a reader single anyone out. docs/placements.md defines every figure.
 */
#ifndef VIECLAM_ACTIVITY_H
#define VIECLAM_ACTIVITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>
#include <vieclam/data.h>
#include <vieclam/match.h>
#include <vieclam/placement.h>
#include <vieclam/store.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the report counts; the names are the keys of `vieclam target set`. */
typedef enum vl_act_measure {
    VL_ACT_REGISTERED = 0, /* seekers registered in the period */
    VL_ACT_COUNSELLED,     /* seekers counselled (at least one session) */
    VL_ACT_REFERRED,       /* seekers referred (at least one referral) */
    VL_ACT_REFERRALS,      /* referrals made */
    VL_ACT_PLACED,         /* seekers placed (a hire decided in the period) */
    VL_ACT_PLACED_ABROAD,  /* of them, in a job abroad */
    VL_ACT_VACANCIES,      /* vacancies received (posted in the period) */
    VL_ACT_POSITIONS,      /* positions of those vacancies */
    VL_ACT_FILLED,         /* positions filled (hires decided in the period) */
    VL_ACT_FAIRS,          /* job fairs held */
    VL_ACT_N_MEASURES
} vl_act_measure;

/* "registered", "counselled", "referred", "referrals", "placed", "placed_abroad", "vacancies",
 * "positions", "filled", "fairs" ("?" out of range). */
VL_EXPORT const char *vl_act_measure_name(vl_act_measure m);
VL_EXPORT bool vl_act_measure_parse(const char *name, vl_act_measure *out);
/* What the activity report calls it, in a language: "vi" ("Người có việc làm"), "en" ("Seekers
 * placed"), or NULL for the language of messages (vl_language); "?" out of range. */
VL_EXPORT const char *vl_act_measure_label(vl_act_measure m, const char *lang);

/*
 * A period from its text: "2025" (year), "2025H1"/"2025H2" (half-year), "2025Q3" (quarter),
 * "2025-09" (month). False on anything else.
 */
VL_EXPORT bool vl_act_period_parse(const char *text, int32_t *from, int32_t *to);

/* ---- what the store adds to the data set ----------------------------------------------------- */

typedef struct vl_fair_held {
    const char *id, *name, *area; /* name and area NULL when not given */
    int32_t date;                 /* 0 when not given (such a fair is never "held") */
    size_t invitations;           /* in the fair's newest stored plan; 0 without one */
} vl_fair_held;

typedef struct vl_counselled {
    const char *seeker;
    int32_t on;
} vl_counselled;

typedef struct vl_activity_data {
    const vl_fair_held *fairs;
    size_t n_fairs;
    const vl_counselled *counselling; /* by seeker, then date */
    size_t n_counselling;
    int target_year; /* 0 when none was asked for */
    bool has_target[VL_ACT_N_MEASURES];
    double target[VL_ACT_N_MEASURES];
    void *owner; /* library-internal */
} vl_activity_data;

/* Fairs, counselling sessions, and the targets of target_year (0 = none). Under a load scope
 * (vl_db_set_load_scope: a province's server on an exchange) the fairs of its provinces and
 * those of no area, the sessions of its seekers, and its provinces' targets summed; without
 * one, every fair and session and the targets of the database as a whole. */
VL_EXPORT vl_status vl_db_load_activity_data(vl_ctx *ctx, vl_db *db, int target_year,
                                             vl_activity_data **out);
VL_EXPORT void vl_activity_data_destroy(vl_activity_data *d); /* NULL is a no-op */

/* The year's targets alone (without the fairs and counselling vl_db_load_activity_data reads):
 * has[m] whether measure m has one, value[m] its value. */
VL_EXPORT vl_status vl_db_targets_get(vl_ctx *ctx, vl_db *db, int year, bool has[VL_ACT_N_MEASURES],
                                      double value[VL_ACT_N_MEASURES]);
/* Sets (or replaces) the target of a measure for a year (1900..9999); value >= 0. The target
 * is the province's of db's load scope, or the whole database's without one; a scope of
 * several provinces is VL_ERR_ARG (each province sets its own). */
VL_EXPORT vl_status vl_db_target_set(vl_ctx *ctx, vl_db *db, int year, vl_act_measure m,
                                     double value);
/* Removes it (the same province's); VL_ERR_NOTFOUND when there was none. */
VL_EXPORT vl_status vl_db_target_clear(vl_ctx *ctx, vl_db *db, int year, vl_act_measure m);

/* ---- the report ------------------------------------------------------------------------------ */

typedef struct vl_activity_options {
    int32_t from, to;            /* the period, inclusive (yyyymmdd) */
    const char *lang;            /* "vi" (NULL) or "en" */
    bool exact;                  /* counts below 5 as they are: for use inside the centre */
    const vl_match_model *model; /* what vieclam would have recommended; NULL = defaults */
    const char *title;           /* NULL = from the period */
    /* the report's day (yyyymmdd; 0 = today): a period that ends after it is reported up to it,
     * and the previous year up to the same day ("Năm 2026 (đến ngày 01/03/2026)"); the figures
     * are those known that day, last year's those known a year before; a period starting
     * after it is VL_ERR_ARG */
    int32_t as_of;
    /* the provinces the data set and referrals were loaded for ("31" or "31,01", the list
     * given to vl_db_set_load_scope_list; NULL = the whole database): named under the title,
     * and the methods say how a referral across two provinces counts */
    const char *provinces;
} vl_activity_options;

typedef struct vl_activity vl_activity;

/*
 * Computes every figure of the period and of the same period a year before, from the data set
 * (as vl_db_load_dataset gives it), the referrals (vl_db_load_referrals, all of them) and the
 * store's extra data (may be NULL: no fairs, counselling or targets). On the context's threads
 * (the fairness of outcomes ranks each referral of the period, progress stage "rank").
 */
VL_EXPORT vl_status vl_activity_create(vl_ctx *ctx, const vl_dataset *ds,
                                       const vl_referral_set *refs, const vl_activity_data *data,
                                       const vl_activity_options *opt, vl_activity **out);
VL_EXPORT void vl_activity_destroy(vl_activity *a); /* NULL is a no-op */

/* One self-contained HTML page (A4 print CSS, no external resource), written whole. */
VL_EXPORT vl_status vl_activity_html(vl_ctx *ctx, const vl_activity *a, const char *path);
/* The same figures as an Excel workbook, one sheet per table. */
VL_EXPORT vl_status vl_activity_xlsx(vl_ctx *ctx, const vl_activity *a, const char *path);
/*
 * Every figure as CSV rows: table,dimension,group,measure,period,value,shown - period is
 * "current" or "previous"; value the number (empty when it does not exist, or when the small-
 * count rule hides it); shown the text the report prints ("<5" for a hidden count, "–" for one
 * hidden beside it). With opt.exact the first row is the mark notice,,,exact,,,TEXT.
 */
VL_EXPORT vl_status vl_activity_csv(vl_ctx *ctx, const vl_activity *a, const char *path);

#ifdef __cplusplus
}
#endif

#endif
