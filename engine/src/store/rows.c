/*
 * rows.c - canonical text of records (see rows.h): numbers in their shortest exact form,
 * dates ISO 8601, education, priority groups, channels and outcomes by their canonical names,
 * lists joined by ';', an empty country written "VN", a follow-up's `employed` as yes/no.
 */
#include "store/rows.h"

#include <stdio.h>
#include <string.h>

#include "store/sha256.h"
#include "store/values.h"

static const char *const cols_areas[] = {"code",    "name",     "parent",     "lat",
                                         "lon",     "level",    "valid_from", "valid_to",
                                         "version", "area_km2", "centre"};
static const char *const cols_employers[] = {"id", "name", "industry", "area", "address", "phone"};
static const char *const cols_vacancies[] = {"id",
                                             "employer",
                                             "title",
                                             "occupation",
                                             "skills_required",
                                             "skills_preferred",
                                             "education_min",
                                             "experience_min",
                                             "languages",
                                             "wage_min",
                                             "wage_max",
                                             "positions",
                                             "area",
                                             "country",
                                             "age_min",
                                             "age_max",
                                             "posted",
                                             "closes",
                                             "fair"};
static const char *const cols_seekers[] = {
    "id",          "name",     "birth_year",       "gender",    "area",     "education",
    "occupations", "skills",   "experience_years", "languages", "wage_min", "max_commute_km",
    "abroad",      "priority", "registered",       "status",    "phone",    "id_card"};
static const char *const cols_history[] = {"series", "period", "value"};
static const char *const cols_referrals[] = {"id",       "seeker", "vacancy", "referred_on",
                                             "channel",  "staff",  "outcome", "outcome_on",
                                             "start_on", "wage"};
static const char *const cols_followups[] = {"referral", "checked_on", "employed"};
static const char *const cols_counselling[] = {"seeker", "counselled_on", "staff", "topic"};
static const char *const cols_fairs[] = {"id", "name", "date", "area", "venue", "capacity"};

const char *const *vl__kind_columns(vl_kind kind, size_t *n)
{
    switch (kind) {
    case VL_KIND_AREAS:
        *n = VL_ARRAY_LEN(cols_areas);
        return cols_areas;
    case VL_KIND_EMPLOYERS:
        *n = VL_ARRAY_LEN(cols_employers);
        return cols_employers;
    case VL_KIND_VACANCIES:
        *n = VL_ARRAY_LEN(cols_vacancies);
        return cols_vacancies;
    case VL_KIND_SEEKERS:
        *n = VL_ARRAY_LEN(cols_seekers);
        return cols_seekers;
    case VL_KIND_HISTORY:
        *n = VL_ARRAY_LEN(cols_history);
        return cols_history;
    case VL_KIND_REFERRALS:
        *n = VL_ARRAY_LEN(cols_referrals);
        return cols_referrals;
    case VL_KIND_FOLLOWUPS:
        *n = VL_ARRAY_LEN(cols_followups);
        return cols_followups;
    case VL_KIND_COUNSELLING:
        *n = VL_ARRAY_LEN(cols_counselling);
        return cols_counselling;
    case VL_KIND_FAIRS:
        *n = VL_ARRAY_LEN(cols_fairs);
        return cols_fairs;
    default:
        *n = 0;
        return NULL;
    }
}

const char *const *vl_kind_columns(vl_kind kind, size_t *n)
{
    size_t dummy;
    return vl__kind_columns(kind, n ? n : &dummy);
}

static const char *const kind_names[VL_KIND_COUNT] = {"areas",     "employers",   "vacancies",
                                                      "seekers",   "history",     "referrals",
                                                      "followups", "counselling", "fairs"};

bool vl_kind_parse(const char *name, vl_kind *out)
{
    for (int k = 0; name && k < VL_KIND_COUNT; k++)
        if (strcmp(name, kind_names[k]) == 0) {
            *out = (vl_kind)k;
            return true;
        }
    return false;
}

const char *vl_kind_name(vl_kind kind)
{
    return (int)kind >= 0 && kind < VL_KIND_COUNT ? kind_names[kind] : "?";
}

vl_status vl__no_record(vl_ctx *ctx, vl_kind kind, const char *id)
{
    switch (kind) {
    case VL_KIND_SEEKERS:
        return vl__error(ctx, VL_ERR_NOTFOUND, "no seeker with id '%s'", id);
    case VL_KIND_VACANCIES:
        return vl__error(ctx, VL_ERR_NOTFOUND, "no vacancy with id '%s'", id);
    case VL_KIND_EMPLOYERS:
        return vl__error(ctx, VL_ERR_NOTFOUND, "no employer with id '%s'", id);
    default:
        return vl__error(ctx, VL_ERR_NOTFOUND, "no %s with id '%s'", vl_kind_name(kind), id);
    }
}

char *vl__fmt_num(double v, char buf[32])
{
    if (v == 0) { /* no "-0" */
        snprintf(buf, 32, "0");
        return buf;
    }
    for (int prec = 15; prec <= 17; prec++) {
        vl_format_double(buf, 32, v, prec);
        double back;
        if (vl_parse_double(buf, &back) && back == v)
            break;
    }
    return buf;
}

void vl__canon_reset(vl__canon *c)
{
    c->buf.len = 0;
    c->n = 0;
    c->sig_cells = 0;
}

void vl__canon_free(vl__canon *c)
{
    vl_buf_free(&c->buf);
    c->n = 0;
}

const char *vl__canon_cell(const vl__canon *c, size_t i)
{
    return i < c->n ? c->buf.data + c->off[i] : NULL;
}

void vl__canon_sig(const vl__canon *c, char hex[65])
{
    size_t len = c->sig_cells && c->sig_cells < c->n ? c->off[c->sig_cells] : c->buf.len;
    vl__sha256_text(c->buf.data ? c->buf.data : "", len, hex);
}

static bool add(vl__canon *c, const char *s)
{
    if (c->n >= VL_ARRAY_LEN(c->off))
        return false;
    c->off[c->n++] = c->buf.len;
    return vl_buf_append(&c->buf, s ? s : "", s ? strlen(s) : 0) && vl_buf_append(&c->buf, "", 1);
}

static bool add_num(vl__canon *c, bool present, double v)
{
    char b[32];
    return add(c, present ? vl__fmt_num(v, b) : "");
}

static bool add_int(vl__canon *c, bool present, long long v)
{
    char b[32];
    if (present)
        snprintf(b, sizeof b, "%lld", v);
    return add(c, present ? b : "");
}

static bool add_date(vl__canon *c, int32_t d)
{
    char b[11] = "";
    if (d)
        vl__format_date(d, b);
    return add(c, b);
}

/* Appends a list cell: items joined by ';' (items never contain ';'). */
static bool add_list(vl__canon *c, size_t n, const char *const *items)
{
    if (c->n >= VL_ARRAY_LEN(c->off))
        return false;
    c->off[c->n++] = c->buf.len;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (i)
            ok = ok && vl_buf_append(&c->buf, ";", 1);
        ok = ok && vl_buf_puts(&c->buf, items[i]);
    }
    return ok && vl_buf_append(&c->buf, "", 1);
}

static bool add_langs(vl__canon *c, const vl_lang *l, size_t n)
{
    char text[VL_LIST_MAX][16];
    const char *items[VL_LIST_MAX];
    for (size_t i = 0; i < n && i < VL_LIST_MAX; i++) {
        vl__lang_format(&l[i], text[i], sizeof text[i]);
        items[i] = text[i];
    }
    return add_list(c, n, items);
}

bool vl__canon_area(const vl__area_row *r, vl__canon *c)
{
    vl__canon_reset(c);
    return add(c, r->code) && add(c, r->name) && add(c, r->parent) &&
           add_num(c, r->has_latlon, r->lat) && add_num(c, r->has_latlon, r->lon) &&
           add_int(c, true, r->level) && add_date(c, r->valid_from) && add_date(c, r->valid_to) &&
           add(c, r->version) && add_num(c, r->has_area, r->area_km2) &&
           add(c, r->has_latlon ? r->centre : "");
}

/*
 * address and phone came after the first contract: a row without them keeps the signature of
 * the first four cells, so files written before them still re-import as unchanged.
 */
bool vl__canon_employer(const vl__employer_row *r, vl__canon *c)
{
    vl__canon_reset(c);
    const char *address = r->address ? r->address : "", *phone = r->phone ? r->phone : "";
    if (!add(c, r->id) || !add(c, r->name) || !add(c, r->industry) || !add(c, r->area))
        return false;
    if (!*address && !*phone)
        c->sig_cells = c->n;
    return add(c, address) && add(c, phone);
}

bool vl__canon_vacancy(const vl__vacancy_row *r, vl__canon *c)
{
    vl__canon_reset(c);
    const char *edu = vl__education_name(r->education_min);
    return add(c, r->id) && add(c, r->employer) && add(c, r->title) && add(c, r->occupation) &&
           add_list(c, r->req.n, r->req.items) && add_list(c, r->pref.n, r->pref.items) &&
           add(c, edu ? edu : "") && add_num(c, r->has_experience, r->experience_min) &&
           add_langs(c, r->langs, r->n_langs) && add_num(c, r->has_wage_min, r->wage_min) &&
           add_num(c, r->has_wage_max, r->wage_max) && add_int(c, r->has_positions, r->positions) &&
           add(c, r->area) && add(c, r->country) && add_int(c, r->has_age_min, r->age_min) &&
           add_int(c, r->has_age_max, r->age_max) && add_date(c, r->posted) &&
           add_date(c, r->closes) && add(c, r->fair);
}

/*
 * phone and id_card came after the first contract: a row without them keeps the signature of
 * the first 16 cells, so files written before them still re-import as unchanged.
 */
static bool add_contact(vl__canon *c, const vl__seeker_row *r)
{
    const char *phone = r->phone ? r->phone : "", *card = r->id_card ? r->id_card : "";
    if (!*phone && !*card)
        c->sig_cells = c->n;
    return add(c, phone) && add(c, card);
}

bool vl__canon_seeker(const vl__seeker_row *r, vl__canon *c)
{
    vl__canon_reset(c);
    const char *edu = vl__education_name(r->education);
    const char *prio[8];
    for (size_t i = 0; i < r->n_priority && i < 8; i++)
        prio[i] = vl__priority_name(r->priority_order[i]);
    const char *status = vl__status_name(r->status);
    return add(c, r->id) && add(c, r->name) && add_int(c, r->has_birth_year, r->birth_year) &&
           add(c, r->gender) && add(c, r->area) && add(c, edu ? edu : "") &&
           add_list(c, r->occupations.n, r->occupations.items) &&
           add_list(c, r->skills.n, r->skills.items) &&
           add_num(c, r->has_experience, r->experience_years) &&
           add_langs(c, r->langs, r->n_langs) && add_num(c, r->has_wage_min, r->wage_min) &&
           add_num(c, r->has_commute, r->max_commute_km) &&
           add_list(c, r->abroad.n, r->abroad.items) && add_list(c, r->n_priority, prio) &&
           add_date(c, r->registered) && add(c, status ? status : "active") && add_contact(c, r);
}

bool vl__canon_referral(const vl__referral_row *r, vl__canon *c)
{
    vl__canon_reset(c);
    const char *channel = vl__channel_name(r->channel), *outcome = vl__outcome_name(r->outcome);
    return add(c, r->id) && add(c, r->seeker) && add(c, r->vacancy) &&
           add_date(c, r->referred_on) && add(c, channel ? channel : "") && add(c, r->staff) &&
           add(c, outcome ? outcome : "") && add_date(c, r->outcome_on) &&
           add_date(c, r->start_on) && add_num(c, r->has_wage, r->wage);
}

bool vl__canon_followup(const vl__followup_row *r, vl__canon *c)
{
    vl__canon_reset(c);
    return add(c, r->referral) && add_date(c, r->checked_on) && add(c, r->employed ? "yes" : "no");
}

bool vl__canon_counselling(const vl__counselling_row *r, vl__canon *c)
{
    vl__canon_reset(c);
    return add(c, r->seeker) && add_date(c, r->counselled_on) && add(c, r->staff) &&
           add(c, r->topic);
}

bool vl__canon_fair(const vl__fair_row *r, vl__canon *c)
{
    vl__canon_reset(c);
    return add(c, r->id) && add(c, r->name) && add_date(c, r->date) && add(c, r->area) &&
           add(c, r->venue) && add_int(c, r->has_capacity, r->capacity);
}
