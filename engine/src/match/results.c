/*
 * results.c - the results object of match queries and its explanations as JSON (through the
 * io room's JSON builder). Explanations hold ids, components and skill labels of the vacancy,
 * never a seeker's personal data (name, birth year, gender, priority group).
 */
#include "match/match.h"

#include <math.h>
#include <stdlib.h>

#include "io/json.h"

size_t vl_match_results_count(const vl_match_results *r)
{
    return r ? r->n : 0;
}

const vl_match_result *vl_match_results_at(const vl_match_results *r, size_t i)
{
    return r && i < r->n ? &r->items[i] : NULL;
}

void vl_match_results_work(const vl_match_results *r, uint64_t *scored, uint64_t *pairs)
{
    if (scored)
        *scored = r ? r->scored : 0;
    if (pairs)
        *pairs = r ? r->pairs : 0;
}

void vl_match_results_destroy(vl_match_results *r)
{
    if (!r)
        return;
    vl__free(r->items);
    vl__free(r);
}

bool vl_match_result_skill_matched(const vl_match_result *res, size_t i)
{
    return res && i < 64 && (res->preferred_matched >> i) & 1u;
}

const char *vl_match_side_name(int side)
{
    switch (side) {
    case VL_MATCH_WEAKER_FIT:
        return "fit";
    case VL_MATCH_WEAKER_APPEAL:
        return "appeal";
    default:
        return "balanced";
    }
}

/* Rounded for reading: components to 4 decimals, so outputs are stable and short. */
static double r4(double x)
{
    return round(x * 1e4) / 1e4;
}

/* VND amounts as integers (null when unknown). */
static vl_json *money(double x)
{
    return isfinite(x) ? vl_json_integer((long long)llround(x)) : vl_json_null();
}

/*
 * The explanation of one result. `full` adds what the match_results table already has in its
 * columns or in the vacancies table (ids, title, occupation, rank, score, fit, appeal), so a
 * stored explanation stays short (a nightly batch stores about a million).
 */
static vl_json *explain(const vl_match_index *idx, const vl_match_result *r, bool full)
{
    const vl_seeker *s = &idx->ds->seekers[r->seeker];
    const vl_vacancy *v = &idx->ds->vacancies[r->vacancy];
    const match_vac *mv = &idx->vac[r->vacancy];
    vl_json *o = vl_json_object();
    vl_json *fc = vl_json_object(), *ac = vl_json_object(), *sk = vl_json_object();
    vl_json *matched = vl_json_array(), *missing = vl_json_array(), *wage = vl_json_object();
    bool ok = o && fc && ac && sk && matched && missing && wage;
    if (full)
        ok = ok && vl_json_set_str(o, "seeker", s->id) && vl_json_set_str(o, "vacancy", v->id) &&
             vl_json_set_str(o, "title", v->title) &&
             vl_json_set_str(o, "occupation", v->occupation) &&
             vl_json_set_int(o, "rank", r->rank) && vl_json_set_num(o, "score", r4(r->score)) &&
             vl_json_set_num(o, "fit", r4(r->fit)) && vl_json_set_num(o, "appeal", r4(r->appeal));
    ok = ok && vl_json_set_str(o, "weaker", vl_match_side_name(r->weaker));
    ok = ok && vl_json_set_num(fc, "occupation", r4(r->fit_occupation)) &&
         vl_json_set_num(fc, "skills", r4(r->fit_skills)) &&
         vl_json_set_num(fc, "experience", r4(r->fit_experience)) &&
         vl_json_set_num(fc, "education", r4(r->fit_education));
    ok = ok && vl_json_set_num(ac, "occupation", r4(r->appeal_occupation)) &&
         vl_json_set_num(ac, "wage", r4(r->appeal_wage)) &&
         vl_json_set_num(ac, "distance", r4(r->appeal_distance));
    /* the vacancy's preferred skills, as the employer wrote them */
    for (size_t i = 0; ok && i < v->skills_preferred.n; i++) {
        const char *label = v->skills_preferred.items[i];
        bool held = i < mv->n_pref && vl_match_result_skill_matched(r, i);
        ok = vl_json_append(held ? matched : missing, vl_json_string(label));
    }
    ok = ok && vl_json_set(sk, "matched", matched);
    matched = NULL;
    ok = ok && vl_json_set(sk, "missing", missing);
    missing = NULL;
    ok = ok && vl_json_set(wage, "offered", money(r->wage_offered)) &&
         vl_json_set(wage, "wanted", money(r->wage_wanted)) &&
         vl_json_set(wage, "gap", money(r->wage_gap));
    ok = ok && vl_json_set(o, "fit_components", fc);
    fc = NULL;
    ok = ok && vl_json_set(o, "appeal_components", ac);
    ac = NULL;
    ok = ok && vl_json_set(o, "preferred_skills", sk);
    sk = NULL;
    ok = ok && vl_json_set_num(o, "distance_km", round(r->distance_km * 10) / 10) &&
         vl_json_set(o, "country", mv->abroad ? vl_json_string(v->country) : vl_json_null()) &&
         vl_json_set(o, "wage", wage);
    wage = NULL;
    vl_json_free(fc);
    vl_json_free(ac);
    vl_json_free(sk);
    vl_json_free(matched);
    vl_json_free(missing);
    vl_json_free(wage);
    if (!ok) {
        vl_json_free(o);
        return NULL;
    }
    return o;
}

char *vl_match_results_json(const vl_match_index *idx, const vl_match_results *r, bool pretty)
{
    if (!idx || !r)
        return NULL;
    vl_json *arr = vl_json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < r->n; i++)
        ok = vl_json_append(arr, explain(idx, &r->items[i], true));
    char *text = ok ? vl_json_dump(arr, pretty) : NULL;
    vl_json_free(arr);
    return text;
}

/* One result's explanation as compact JSON text (NULL when i is out of range or no memory). */
static char *explain_text(const vl_match_index *idx, const vl_match_results *r, size_t i, bool full)
{
    if (!idx || !r || i >= r->n)
        return NULL;
    vl_json *o = explain(idx, &r->items[i], full);
    char *text = o ? vl_json_dump(o, false) : NULL;
    vl_json_free(o);
    return text;
}

char *vl_match_result_json(const vl_match_index *idx, const vl_match_results *r, size_t i)
{
    return explain_text(idx, r, i, true);
}

char *vl_match_result_json_stored(const vl_match_index *idx, const vl_match_results *r, size_t i)
{
    return explain_text(idx, r, i, false);
}
