/*
 * text.h - private helpers shared by the HTML and XLSX reports: the report's words in
 * Vietnamese and English, numbers written the way each language writes them (vi: 1.234,5;
 * en: 1,234.5) whatever the process locale, series ordering for charts, and the balance rows
 * of a plan.
 */
#ifndef VL_REPORT_TEXT_H
#define VL_REPORT_TEXT_H

#include "report/plan.h"

/* Fan charts drawn when the options say 0 (vl_report_options_init sets it): the total and
 * the largest series of each level. */
#define RP_MAX_CHARTS 12

typedef enum rp_word {
    W_TITLE,
    W_SUBTITLE,
    W_RUN,
    W_PROVINCES,
    W_CREATED,
    W_METHOD,
    W_CONTENTS,
    W_SUMMARY,
    W_CHARTS,
    W_TABLES,
    W_BALANCE,
    W_ACCURACY,
    W_METHODS,
    W_PERIOD,
    W_FORECAST,
    W_HISTORY,
    W_SERIES,
    W_LEVEL,
    W_MODEL,
    W_OCCUPATION,
    W_DEMAND,
    W_SUPPLY,
    W_GAP,
    W_SHORTAGE,
    W_SURPLUS,
    W_BALANCED,
    W_TOTAL,
    W_BEFORE,
    W_AFTER,
    W_LEVEL_TOTAL,
    W_COVERAGE,
    W_BALANCE_NOTE,
    W_METHODS_TEXT,
    W_NO_BALANCE,
    W_NO_ACCURACY,
    W_SHRINKAGE,
    W_ALL_SERIES,
    W_INTERVAL,
    W_OUTLOOK,
    W_COUNT
} rp_word;

/* The word in the language ("vi" or "en"). */
const char *rp_word_get(bool en, rp_word w);
/* The name of a hierarchy level ("area,industry" -> "Địa bàn × Ngành"). Static or arena text. */
const char *rp_level_name(bool en, const char *level, vl_arena *a);
/* A number with `decimals` digits, grouped by thousands, in the language's style. */
char *rp_num(char *buf, size_t size, double v, int decimals, bool en);
/* A change against a base as the reports write it: "+12,5%", "−3,0%", "0,0%" when it rounds to
 * nothing (never "−0,0%"), "–" without a base. */
const char *rp_pct(char *buf, size_t size, double next, double last, bool en);
/* A whole number with its sign: "+214", "−1.132", "0". */
const char *rp_signed(char *buf, size_t size, double v, bool en);
/* An interval level as the reports write it: "90", "97,5" ("97.5" in English). */
char *rp_level(char *buf, size_t size, double level, bool en);
/* Appends s to b with &, <, >, " escaped, for HTML text and attribute values. */
void rp_esc(vl_buf *b, const char *s);
/* A model as a reader of the report names it: the hierarchy's combination
 * "mean(theta,ces,ets,arima)" as "kết hợp Theta, CES, ETS, ARIMA (trung bình)", any other
 * description as vl_forecast_model_text has it. The identifiers stay in Appendix B. Returns buf. */
const char *rp_model_name(const char *desc, bool en, char *buf, size_t size);
/* A reconciliation method ("mint_total") in words, its identifier after them in parentheses;
 * an unknown one as it is. Returns buf. */
const char *rp_method_name(const char *method, bool en, char *buf, size_t size);
/* The series label in the language. */
const char *rp_label(const plan_series *s, bool en);
/* The plan's series a judgement names (its run, its series kind, its keys), or NULL. */
const plan_series *rp_judged_series(const vl_plan *p, const plan_judgement *pj);
/* The model's figure and the published (judged) one in the first quarter a judgement touches;
 * false when s is NULL or that quarter is outside its forecast. */
bool rp_judged_first_quarter(const plan_series *s, const vl_judgement *j, double *model,
                             double *judged);

/*
 * Indices of the plan's hierarchical series (kind not demand/supply) in chart order: total,
 * then levels by depth. Returns the count (<= plan->n); idx has plan->n slots.
 */
size_t rp_forecast_series(const vl_plan *p, size_t *idx);
/* The balance rows of a plan's demand and supply series; rows has 2 * plan->n + 1 slots.
 * Returns the count (0 when the plan has no balance). h_out: the horizon, first: its first
 * period. */
size_t rp_balance(const vl_plan *p, vl_balance_row *rows, size_t *h_out, vl_period *first);
/* The level of a series for accuracy tables: index in levels[] (added when new). */
size_t rp_level_index(const char **levels, size_t *n_levels, const char *level);

#endif
