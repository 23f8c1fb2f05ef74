/*
 * rows.h - one record of each import kind as typed values, and its canonical text: the cells
 * `vieclam export` writes, in the contract's column order. Import and export both go through
 * vl__canon_*, so an exported file re-imports as "unchanged" and a round trip
 * import -> export -> import -> export gives identical files. The SHA-256 of the canonical
 * cells is the row's `sig`, which tells an unchanged row from an updated one.
 */
#ifndef VL_STORE_ROWS_H
#define VL_STORE_ROWS_H

#include "core/core.h"

/* Items in one list cell (skills, languages, occupations, countries, priority groups). */
#define VL_LIST_MAX 64

typedef struct vl__list {
    size_t n;
    const char *items[VL_LIST_MAX];
    const char *keys[VL_LIST_MAX]; /* folded skill keys (skills only) */
} vl__list;

typedef struct vl__area_row {
    const char *code, *name, *parent; /* parent: a code of the same version, "" for none */
    bool has_latlon, has_area;
    double lat, lon;
    const char *centre; /* with lat/lon: "published", "derived" or "given" */
    double area_km2;
    int level;
    int32_t valid_from, valid_to; /* 0 = none */
    const char *version;
} vl__area_row;

typedef struct vl__employer_row {
    const char *id, *name, *industry, *area; /* industry, area may be "" */
    const char *address, *phone;             /* the business's own contact; "" or NULL: none */
} vl__employer_row;

typedef struct vl__vacancy_row {
    const char *id, *employer, *title, *occupation;
    vl__list req, pref;
    int education_min; /* VL_EDU_UNKNOWN = none */
    bool has_experience, has_wage_min, has_wage_max, has_positions, has_age_min, has_age_max;
    double experience_min, wage_min, wage_max;
    long long positions, age_min, age_max;
    vl_lang langs[VL_LIST_MAX];
    size_t n_langs;
    const char *area; /* "" abroad */
    char country[3];
    int32_t posted, closes;
    const char *fair; /* "" = none */
} vl__vacancy_row;

typedef struct vl__seeker_row {
    const char *id, *name, *gender, *area;
    const char *phone, *id_card; /* personal data; canonical, "" when not given */
    bool has_birth_year, has_experience, has_wage_min, has_commute;
    long long birth_year;
    int education; /* VL_EDU_UNKNOWN = not given */
    vl__list occupations, skills, abroad;
    double experience_years, wage_min, max_commute_km;
    vl_lang langs[VL_LIST_MAX];
    size_t n_langs;
    unsigned priority_order[8]; /* bits in the order written */
    size_t n_priority;
    int32_t registered;
    int status;
} vl__seeker_row;

typedef struct vl__referral_row {
    const char *id, *seeker, *vacancy, *staff; /* staff "" = not recorded */
    int32_t referred_on;
    int channel;                  /* vl_channel */
    int outcome;                  /* vl_outcome; 0 = pending */
    int32_t outcome_on, start_on; /* 0 = none */
    bool has_wage;
    double wage;
} vl__referral_row;

typedef struct vl__followup_row {
    const char *referral;
    int32_t checked_on;
    bool employed;
} vl__followup_row;

typedef struct vl__counselling_row {
    const char *seeker, *staff, *topic; /* staff, topic "" = not given */
    int32_t counselled_on;
} vl__counselling_row;

typedef struct vl__fair_row {
    const char *id, *name, *area, *venue; /* "" = not given */
    int32_t date;
    bool has_capacity;
    long long capacity;
} vl__fair_row;

/* The canonical cells of one row. */
typedef struct vl__canon {
    vl_buf buf;
    size_t off[32];
    size_t n;
    size_t sig_cells; /* cells the signature covers; 0 = all */
} vl__canon;

void vl__canon_reset(vl__canon *c);
void vl__canon_free(vl__canon *c);
const char *vl__canon_cell(const vl__canon *c, size_t i);
/* SHA-256 hex of the cells (NUL-separated). */
void vl__canon_sig(const vl__canon *c, char hex[65]);

bool vl__canon_area(const vl__area_row *r, vl__canon *c);
bool vl__canon_employer(const vl__employer_row *r, vl__canon *c);
bool vl__canon_vacancy(const vl__vacancy_row *r, vl__canon *c);
bool vl__canon_seeker(const vl__seeker_row *r, vl__canon *c);
bool vl__canon_referral(const vl__referral_row *r, vl__canon *c);
bool vl__canon_followup(const vl__followup_row *r, vl__canon *c);
bool vl__canon_counselling(const vl__counselling_row *r, vl__canon *c);
bool vl__canon_fair(const vl__fair_row *r, vl__canon *c);

/* Column names of a kind in export order (history: series, period, value only). */
const char *const *vl__kind_columns(vl_kind kind, size_t *n);

/* The error of a record asked for by an id it does not have ("no seeker with id 'S1'"): one
 * message per kind, so the kind is in the user's words too. */
vl_status vl__no_record(vl_ctx *ctx, vl_kind kind, const char *id);

/* Shortest text that reads back as the same double, '.' in every locale ("1.5", "8000000"). */
char *vl__fmt_num(double v, char buf[32]);

#endif
