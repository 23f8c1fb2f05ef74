/*
 * activity-int.h - private to the activity report (report/activity*.c): the computed figures
 * that activity.c fills and activity-out.c prints as HTML, XLSX and CSV.
 *
 * Layout: groups are the rows of the breakdowns, numbered across dimensions (total, sex, age
 * band, priority group, education, area); every figure has two periods, [0] the report's and
 * [1] the same dates a year before. A rate is kept as numerator and denominator so the small-
 * count rule can judge it; a median keeps the number of cases it was taken over.
 */
#ifndef VL_REPORT_ACTIVITY_INT_H
#define VL_REPORT_ACTIVITY_INT_H

#include "core/core.h"

enum { ACT_NOW = 0, ACT_PREV = 1 };

typedef enum act_dim {
    ACT_DIM_TOTAL = 0,
    ACT_DIM_SEX,
    ACT_DIM_AGE,
    ACT_DIM_PRIORITY,
    ACT_DIM_EDUCATION,
    ACT_DIM_AREA,
    ACT_N_DIMS
} act_dim;

/* Age bands (on the last day of each period). */
enum { ACT_AGE_15_24, ACT_AGE_25_34, ACT_AGE_35_44, ACT_AGE_45_54, ACT_AGE_55, ACT_AGE_UNKNOWN };
#define ACT_N_AGE  6
#define ACT_N_SEX  3  /* female, male, other or not given */
#define ACT_N_PRIO 8  /* the seven groups, then "none" */
#define ACT_N_EDU  11 /* the ten levels, then "not given" */

typedef struct act_group {
    act_dim dim;
    const char *key;   /* "female", "15-24", "poor", "university", an area code, "all" */
    const char *label; /* in the report's language (areas: their name) */
} act_group;

/* A rate: num of den. */
typedef struct act_ratio {
    double num, den;
} act_ratio;

typedef struct act_median {
    double value; /* NaN when no case */
    size_t n;
} act_median;

typedef struct act_row {
    double count[VL_ACT_N_MEASURES][2];
    act_ratio placement[2]; /* seekers referred in the period who were placed by those referrals */
    act_median days[2];     /* days from registration to the hire, placements of the period */
    act_ratio kept3[2], kept6[2]; /* still in the job at 3 / 6 months, of those whose status is
                                     known; hires whose 3 (6) month mark falls in the period */
    uint32_t masked; /* figures hidden beside a small one (act_suppress): ACT_MASK_* bits */
} act_row;

/* The rates of a row, for act_row.masked. */
enum { ACT_RATE_PLACEMENT, ACT_RATE_KEPT3, ACT_RATE_KEPT6, ACT_N_RATES };
#define ACT_MASK_COUNT(m, p) (1u << (2 * (unsigned)(m) + (unsigned)(p)))
#define ACT_MASK_RATE(k, p)  (1u << (2 * (VL_ACT_N_MEASURES + (unsigned)(k)) + (unsigned)(p)))

typedef struct act_country {
    char code[3];
    double placed[2];
    double women[2];
} act_country;

typedef struct act_fair {
    const char *id, *name;
    int32_t date;
    double vacancies, positions, invitations, referrals, hires;
} act_fair;

/* Fairness: one row per group of sex and priority. */
typedef struct act_fair_row {
    const char *key, *label;
    act_dim dim;
    double available;              /* seekers on the register in the period */
    double referred, referred_rec; /* of them, referred / referred to a recommended vacancy */
    double decided, hired;         /* referrals of the period with an outcome decided, hires */
    double decided_rec, hired_rec; /* the same among recommended referrals */
    double rest_available, rest_referred, rest_decided, rest_hired; /* everyone else */
} act_fair_row;

struct vl_activity {
    vl_activity_options opt;
    bool en;
    int32_t from[2], to[2];
    char title[200], period_label[2][96];
    char scope[400]; /* the provinces' names (opt.provinces), "" for the whole database */
    vl_arena *arena;
    act_group *groups;
    act_row *rows;
    size_t n_groups;
    size_t first[ACT_N_DIMS + 1]; /* groups of dimension d: first[d] .. first[d + 1] - 1 */
    act_country *countries;
    size_t n_countries;
    act_fair *fairs; /* held in the report's period */
    size_t n_fairs;
    act_fair_row *fairness;
    size_t n_fairness;
    size_t n_recommended, n_ranked; /* referrals of the period vieclam would have listed */
    int target_year;                /* the targets' year when the period is a whole year */
    bool has_target[VL_ACT_N_MEASURES];
    double target[VL_ACT_N_MEASURES];
    int32_t created; /* the day the report was computed */
};

/* ---- shared by the printers -------------------------------------------------------------- */

/* The smallest count above 0 the report may show outside the centre. */
#define ACT_MIN_SHOWN 5

/* Measures that break down by the seeker (true) or only by the vacancy's area (false). */
bool act_by_seeker(vl_act_measure m);
/* A count as the report prints it: "<5" under the small-count rule, else in the language. */
const char *act_count_text(const vl_activity *a, double v, char *buf, size_t size);
/* A share num/den in percent with one decimal; "–" when hidden (den or num below the rule). */
const char *act_ratio_text(const vl_activity *a, act_ratio r, char *buf, size_t size);
/* Whether a count is hidden by the small-count rule (1 to 4 outside the centre), or is NaN:
 * a figure hidden beside a small one (act_suppress). */
bool act_hidden(const vl_activity *a, double n);
/*
 * Complementary suppression, outside the centre: in every breakdown (sex, age, priority,
 * education, area) of a count or a rate, period by period, where exactly one cell is hidden by
 * the small-count rule, the smallest other cell above zero is hidden too (act_row.masked), so
 * that the total less the cells shown does not give the hidden one away.
 */
void act_suppress(vl_activity *a);
/* Wilson score interval for k of n at 95% (lo, hi in 0..1). */
void act_wilson(double k, double n, double *lo, double *hi);
/* Newcombe's hybrid score interval for p1 - p2 (k1 of n1, k2 of n2) at 95%. */
void act_newcombe(double k1, double n1, double k2, double n2, double *lo, double *hi);

/* The report's words (vi, en). */
typedef enum act_word {
    AW_TITLE,
    AW_PERIOD,
    AW_PREVIOUS,
    AW_CHANGE,
    AW_TARGET,
    AW_DONE_OF_TARGET,
    AW_SUMMARY,
    AW_BY,
    AW_RATES,
    AW_VACANCIES,
    AW_ABROAD,
    AW_FAIRS,
    AW_FAIRNESS,
    AW_SHEET_ABROAD, /* AW_ABROAD and AW_FAIRNESS as a sheet's name (31 characters at most) */
    AW_SHEET_FAIRNESS,
    AW_METHODS,
    AW_COUNTRY,
    AW_WOMEN,
    AW_GROUP,
    AW_PLACEMENT_RATE,
    AW_DAYS,
    AW_KEPT3,
    AW_KEPT6,
    AW_FAIR,
    AW_DATE,
    AW_INVITATIONS,
    AW_HIRES,
    AW_AVAILABLE,
    AW_REFERRAL_RATE,
    AW_HIRE_RATE,
    AW_ALL_REFERRALS,
    AW_RECOMMENDED,
    AW_GAP,
    AW_BEHIND,
    AW_SMALL_NOTE,
    AW_EXACT_NOTE,
    AW_CREATED,
    AW_NO_FAIRS,
    AW_NO_ABROAD,
    AW_NOT_WHOLE_YEAR,
    AW_NO_TARGETS,
    AW_TOTAL,
    AW_METHODS_TEXT,
    AW_FAIRNESS_TEXT,
    AW_MEASURE,
    AW_SCOPE,
    AW_SCOPE_TEXT,
    AW_N_WORDS
} act_word;
const char *act_word_get(const vl_activity *a, act_word w);
/* A measure's name in the report's language. */
const char *act_measure_label(const vl_activity *a, vl_act_measure m);
/* A dimension's title ("Theo giới tính"). */
const char *act_dim_label(const vl_activity *a, act_dim d);
/* The dimension's key in CSV ("sex", "age", ...). */
const char *act_dim_key(act_dim d);

#endif
