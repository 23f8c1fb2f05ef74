/*
 * api-match.c - a seeker's ranked vacancies and a vacancy's shortlist: the in-memory index of
 * the as-of date (matcher.c, following every change), exactly the ranking `vieclam match`
 * prints, each result with what the desk shows beside it and the reasons as codes with numbers
 * that the pages put into words. top and as_of are bounded before the engine sees them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#define TOP_MAX 100

/* As the CLI's CSV writes it: 4 decimals. */
static json_t *num4(double v)
{
    if (!isfinite(v))
        return json_null();
    char buf[32];
    vl_format_fixed(buf, sizeof buf, v, 4);
    double back = 0;
    vl_parse_double(buf, &back);
    return json_real(back);
}

static json_t *money(double v)
{
    return isfinite(v) && v > 0 ? json_integer((json_int_t)llround(v)) : json_null();
}

static json_t *money_gap(double v)
{
    return isfinite(v) ? json_integer((json_int_t)llround(v)) : json_null();
}

static json_t *reasons(const vl_match_result *r, const vl_seeker *s, const vl_vacancy *v)
{
    json_t *a = json_array();
    size_t place = 0;
    for (size_t i = 0; i < s->occupations.n; i++)
        if (strcmp(s->occupations.items[i], v->occupation) == 0) {
            place = i + 1;
            break;
        }
    if (place == 1)
        json_array_append_new(a, json_pack("{s:s}", "code", "occupation_first_choice"));
    else if (place > 1)
        json_array_append_new(
            a, json_pack("{s:s, s:I}", "code", "occupation_wish", "place", (json_int_t)place));
    else
        json_array_append_new(a, json_pack("{s:s}", "code", "occupation_related"));
    size_t held = 0, of = v->skills_preferred.n;
    for (size_t i = 0; i < of; i++)
        held += vl_match_result_skill_matched(r, i);
    if (of) {
        json_array_append_new(a, json_pack("{s:s, s:I, s:I}", "code", "skills_preferred", "held",
                                           (json_int_t)held, "of", (json_int_t)of));
        json_array_append_new(a, json_pack("{s:s, s:I}", "code", "preferred_missing", "count",
                                           (json_int_t)(of - held)));
    }
    if (v->experience_min > s->experience_years)
        json_array_append_new(a, json_pack("{s:s, s:o}", "code", "experience_short", "years",
                                           num4(v->experience_min - s->experience_years)));
    if (v->education_min >= 0 && s->education > v->education_min)
        json_array_append_new(a, json_pack("{s:s}", "code", "education_above"));
    if (!isfinite(r->wage_gap))
        json_array_append_new(a, json_pack("{s:s}", "code", "wage_unknown"));
    else
        json_array_append_new(
            a, json_pack("{s:s, s:o}", "code",
                         r->wage_gap >= 0 ? "wage_above_wanted" : "wage_below_wanted", "amount",
                         money_gap(fabs(r->wage_gap))));
    if (isfinite(r->distance_km))
        json_array_append_new(
            a, json_pack("{s:s, s:o}", "code", "distance", "km", num4(r->distance_km)));
    else
        json_array_append_new(a, json_pack("{s:s, s:s}", "code", "abroad", "country", v->country));
    json_array_append_new(
        a, json_pack("{s:s, s:s}", "code", "weaker_side", "side", vl_match_side_name(r->weaker)));
    return a;
}

static json_t *components(const vl_match_result *r)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "fit_occupation",
                     num4(r->fit_occupation), "fit_skills", num4(r->fit_skills), "fit_experience",
                     num4(r->fit_experience), "fit_education", num4(r->fit_education),
                     "appeal_occupation", num4(r->appeal_occupation), "appeal_wage",
                     num4(r->appeal_wage), "appeal_distance", num4(r->appeal_distance));
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* Names for codes, looked up once per request (a result list repeats employers and areas). */
typedef struct names {
    char code[16][72];
    json_t *name[16];
    size_t n;
} names;

static json_t *cached(desk_req *rq, names *c, int what, const char *code)
{
    if (!code || !*code)
        return json_null();
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->code[i], code) == 0)
            return json_incref(c->name[i]);
    json_t *name = json_null();
    if (what == 2) {
        vl_row *row = NULL;
        if (vl_db_get_row(rq->ctx, rq->db, VL_KIND_EMPLOYERS, code, &row) == VL_OK)
            name = json_string(vl_row_get(row, "name"));
        vl_row_destroy(row);
    } else {
        vl_list *l = NULL;
        if (vl_db_lookup(rq->ctx, rq->db, VL_LOOKUP_AREAS, NULL, code, 0, 1, &l) == VL_OK &&
            vl_list_value(l, 0, 1))
            name = json_string(vl_list_value(l, 0, 1));
        vl_list_destroy(l);
    }
    vl_ctx_clear_error(rq->ctx);
    if (c->n < 16) {
        snprintf(c->code[c->n], sizeof c->code[0], "%s", code);
        c->name[c->n++] = json_incref(name);
    }
    return name;
}

static void names_free(names *c)
{
    for (size_t i = 0; i < c->n; i++)
        json_decref(c->name[i]);
}

static void ranking(desk_req *rq, desk_resp *rs, bool by_vacancy)
{
    static const char *const allowed[] = {"top", "as_of", NULL};
    const char *id;
    size_t top;
    int32_t as_of;
    desk_matcher *m = rq->d->matcher;
    if (!query_check(rq, rs, allowed) || !param_id(rq, rs, 0, &id) ||
        !query_size(rq, rs, "top", 1, TOP_MAX,
                    matcher_model_top(m) < TOP_MAX ? matcher_model_top(m) : TOP_MAX, &top) ||
        !query_date(rq, rs, "as_of", &as_of))
        return;
    if (!as_of)
        as_of = date_today();
    vl_status st;
    desk_visit visit;
    const vl_match_index *idx = matcher_acquire_visit(
        m, rq->ctx, rq->db, as_of, by_vacancy ? NULL : id, by_vacancy ? id : NULL, &visit, &st);
    if (!idx) {
        resp_fail(rq, rs, st);
        return;
    }
    vl_match_results *res = NULL;
    st = by_vacancy ? vl_match_by_vacancy(rq->ctx, idx, id, top, 0, &res)
                    : vl_match_by_seeker(rq->ctx, idx, id, top, 0, &res);
    if (st != VL_OK) {
        matcher_release_visit(m, rq->ctx, &visit);
        resp_fail(rq, rs, st);
        return;
    }
    const vl_dataset *ds = vl_match_index_dataset(idx);
    size_t pos = 0;
    bool in =
        by_vacancy
            ? vl_match_index_find_vacancy(idx, id, &pos) && vl_match_index_has_vacancy(idx, pos)
            : vl_match_index_find_seeker(idx, id, &pos) && vl_match_index_seeker_active(idx, pos);
    json_t *list = json_array();
    names areas = {0}, emps = {0};
    size_t cap = vl_match_results_count(res) * 66 + 1, len = 0;
    char *ids = calloc(1, cap);
    for (size_t i = 0; i < vl_match_results_count(res); i++) {
        const vl_match_result *r = vl_match_results_at(res, i);
        const vl_seeker *s = &ds->seekers[r->seeker];
        const vl_vacancy *v = &ds->vacancies[r->vacancy];
        json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "rank",
                              (json_int_t)r->rank, "score", num4(r->score), "fit", num4(r->fit),
                              "appeal", num4(r->appeal), "weaker", vl_match_side_name(r->weaker),
                              "components", components(r), "distance_km", num4(r->distance_km),
                              "wage_gap", money_gap(r->wage_gap), "reasons", reasons(r, s, v));
        if (by_vacancy) {
            json_object_set_new(o, "seeker", json_string(s->id));
            json_object_set_new(o, "name", str_or_null(s->name));
            json_object_set_new(o, "birth_year",
                                s->birth_year > 0 ? json_integer(s->birth_year) : json_null());
            json_object_set_new(o, "gender", str_or_null(s->gender));
            json_object_set_new(o, "phone", str_or_null(s->phone));
            json_object_set_new(o, "area", str_or_null(s->area));
            json_t *occ = json_array();
            for (size_t k = 0; k < s->occupations.n; k++)
                json_array_append_new(occ, json_string(s->occupations.items[k]));
            json_object_set_new(o, "occupations", occ);
            json_t *titles = json_array();
            for (size_t k = 0; k < s->occupations.n; k++) {
                const char *t = vl_occupation_title(s->occupations.items[k], rq->lang);
                json_array_append_new(titles, t ? json_string(t) : json_null());
            }
            json_object_set_new(o, "occupation_titles", titles);
            json_object_set_new(o, "experience_years", num4(s->experience_years));
            static const char *const edu[] = {
                "none",         "primary", "lower_secondary", "upper_secondary", "elementary",
                "intermediate", "college", "university",      "master",          "doctorate"};
            json_object_set_new(o, "education",
                                s->education >= 0 && s->education < VL_EDU_COUNT
                                    ? json_string(edu[s->education])
                                    : json_null());
            if (ids)
                len += (size_t)snprintf(ids + len, cap - len, "%s%s", i ? "," : "", s->id);
        } else {
            json_object_set_new(o, "vacancy", json_string(v->id));
            json_object_set_new(o, "title", str_or_null(v->title));
            json_object_set_new(o, "occupation", json_string(v->occupation));
            const char *title = vl_occupation_title(v->occupation, rq->lang);
            json_object_set_new(o, "occupation_title", title ? json_string(title) : json_null());
            json_object_set_new(o, "employer", str_or_null(v->employer));
            json_object_set_new(o, "area", str_or_null(v->area));
            json_object_set_new(o, "country", json_string(v->country));
            json_object_set_new(o, "wage_min", money(v->wage_min));
            json_object_set_new(o, "wage_max", money(v->wage_max));
            json_object_set_new(o, "wage_offered", money(r->wage_offered));
            json_object_set_new(o, "positions", json_integer(v->positions));
            char closes[11];
            date_format(v->closes, closes);
            json_object_set_new(o, "closes", v->closes ? json_string(closes) : json_null());
            json_t *held = json_array(), *missing = json_array();
            for (size_t k = 0; k < v->skills_preferred.n; k++)
                json_array_append_new(vl_match_result_skill_matched(r, k) ? held : missing,
                                      json_string(v->skills_preferred.items[k]));
            json_object_set_new(o, "preferred_held", held);
            json_object_set_new(o, "preferred_missing", missing);
        }
        json_array_append_new(list, o);
    }
    vl_match_results_destroy(res);
    matcher_release_visit(m, rq->ctx, &visit);
    /* names from the database after the index is released: a change waiting for the index
     * (and every query queued behind it) never waits for these reads */
    size_t k;
    json_t *o;
    json_array_foreach(list, k, o)
    {
        json_object_set_new(o, "area_name",
                            cached(rq, &areas, 0, json_string_value(json_object_get(o, "area"))));
        if (!by_vacancy)
            json_object_set_new(
                o, "employer_name",
                cached(rq, &emps, 2, json_string_value(json_object_get(o, "employer"))));
    }
    names_free(&areas);
    names_free(&emps);
    char date[11];
    date_format(as_of, date);
    json_t *body =
        json_pack("{s:s, s:s, s:I, s:b, s:o}", by_vacancy ? "vacancy" : "seeker", id, "as_of", date,
                  "top", (json_int_t)top, by_vacancy ? "open" : "active", in, "matches", list);
    /* a shortlist shows people: without the list of who, no audit row and no answer */
    bool ok = by_vacancy ? ids && desk_audit(rq, rs, "shortlist", "vacancy", id, ids)
                         : desk_audit(rq, rs, "match", "seeker", id, NULL);
    free(ids);
    if (!ok) {
        if (!rs->status)
            resp_fail(rq, rs, VL_ERR_NOMEM);
        json_decref(body);
        return;
    }
    resp_json(rs, 200, body);
}

void api_seeker_matches(desk_req *rq, desk_resp *rs)
{
    ranking(rq, rs, false);
}

void api_vacancy_shortlist(desk_req *rq, desk_resp *rs)
{
    ranking(rq, rs, true);
}

/* Why a pair is or is not in the list (i18n's vl_match_why): every hard constraint it fails,
 * or its rank and how far below the last listed pair it scored. */
static void why_not(desk_req *rq, desk_resp *rs, bool by_vacancy)
{
    static const char *const allowed[] = {"top", "as_of", NULL};
    const char *first, *second;
    size_t top;
    int32_t as_of;
    desk_matcher *m = rq->d->matcher;
    size_t dflt = matcher_model_top(m) < TOP_MAX ? matcher_model_top(m) : TOP_MAX;
    if (!query_check(rq, rs, allowed) || !param_id(rq, rs, 0, &first) ||
        !param_id(rq, rs, 1, &second) || !query_size(rq, rs, "top", 1, TOP_MAX, dflt, &top) ||
        !query_date(rq, rs, "as_of", &as_of))
        return;
    if (!as_of)
        as_of = date_today();
    vl_status st;
    const char *seeker = by_vacancy ? second : first, *vacancy = by_vacancy ? first : second;
    desk_visit visit;
    const vl_match_index *idx =
        matcher_acquire_visit(m, rq->ctx, rq->db, as_of, seeker, vacancy, &visit, &st);
    if (!idx) {
        resp_fail(rq, rs, st);
        return;
    }
    vl_match_why *w = NULL;
    st = vl_match_why_create(rq->ctx, idx, seeker, vacancy, by_vacancy, top, &w);
    char *text = st == VL_OK ? vl_match_why_json(idx, w) : NULL;
    vl_match_why_destroy(w);
    matcher_release_visit(m, rq->ctx, &visit);
    if (st != VL_OK || !text) {
        resp_fail(rq, rs, st != VL_OK ? st : VL_ERR_NOMEM);
        return;
    }
    json_error_t e;
    json_t *o = json_loads(text, 0, &e);
    free(text);
    if (!o) {
        resp_fail(rq, rs, VL_ERR_INTERNAL);
        return;
    }
    if (!desk_audit(rq, rs, "why", by_vacancy ? "vacancy" : "seeker", first, second)) {
        json_decref(o);
        return;
    }
    resp_json(rs, 200, o);
}

void api_seeker_why_not(desk_req *rq, desk_resp *rs)
{
    why_not(rq, rs, false);
}

void api_vacancy_why_not(desk_req *rq, desk_resp *rs)
{
    why_not(rq, rs, true);
}
