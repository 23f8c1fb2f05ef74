/*
 * score.c - the pair scorer: hard constraints, the fit and appeal components, their combination
 * and the explanation of one pair. Every component is a monotone function of one input (the
 * index's upper bounds rely on it), and every number comes from the model.
 *
 * Reads only: skills, languages, education, birth year (for age), area, commute limit, abroad
 * list, experience, occupations, wage; never gender, name, ethnicity or priority group.
 */
#include "match/match.h"
#include "ref/geo.h"

#include <math.h>
#include <string.h>
#include <strings.h>

double match_distance(const vl_match_index *idx, int32_t a, int32_t b)
{
    if (a < 0 || b < 0)
        return INFINITY;
    if (a == b)
        return 0;
    const match_area *x = &idx->areas[a], *y = &idx->areas[b];
    if (isnan(x->lat) || isnan(y->lat))
        return INFINITY;
    return vl__great_circle_rad(x->lat, x->lon, x->coslat, y->lat, y->lon, y->coslat);
}

double match_occ_closeness(const vl_match_params *p, const char *a, const char *b)
{
    int l = 0;
    while (l < 4 && a[l] && a[l] == b[l])
        l++;
    switch (l) {
    case 0:
        return p->occ_other;
    case 1:
        return p->occ_major;
    case 2:
        return p->occ_submajor;
    case 3:
        return p->occ_minor;
    default:
        return p->occ_unit;
    }
}

/*
 * One wish of the seeker's list, at its place: fit takes the best closeness, appeal the best
 * closeness times the place's decay. Both list forms below step through it, so they cannot
 * drift apart (the index relies on identical results).
 */
static inline void occ_step(const vl_match_params *p, const char *wish, const char *code,
                            double *fo, double *ao, double *place)
{
    double c = match_occ_closeness(p, wish, code);
    if (c > *fo)
        *fo = c;
    if (c * *place > *ao)
        *ao = c * *place;
    *place *= p->preference_decay;
}

void match_occ_pair(const vl_match_params *p, const vl_strlist *wanted, const char *code,
                    double *fit_occ, double *app_occ)
{
    double fo = 0, ao = 0, place = 1;
    for (size_t i = 0; i < wanted->n; i++)
        occ_step(p, wanted->items[i], code, &fo, &ao, &place);
    *fit_occ = fo;
    *app_occ = ao;
}

void match_occ_pair_inline(const vl_match_params *p, const char (*wanted)[5], size_t n,
                           const char *code, double *fit_occ, double *app_occ)
{
    double fo = 0, ao = 0, place = 1;
    for (size_t i = 0; i < n; i++)
        occ_step(p, wanted[i], code, &fo, &ao, &place);
    *fit_occ = fo;
    *app_occ = ao;
}

double match_fit(const vl_match_params *p, double occ, double skills, double exp, double edu)
{
    double w = p->fit_w_occupation + p->fit_w_skills + p->fit_w_experience + p->fit_w_education;
    return (p->fit_w_occupation * occ + p->fit_w_skills * skills + p->fit_w_experience * exp +
            p->fit_w_education * edu) /
           w;
}

double match_appeal(const vl_match_params *p, double occ, double wage, double dist)
{
    double w = p->app_w_occupation + p->app_w_wage + p->app_w_distance;
    return (p->app_w_occupation * occ + p->app_w_wage * wage + p->app_w_distance * dist) / w;
}

double match_combine(const vl_match_params *p, double fit, double appeal)
{
    double s = p->fit_share;
    if (p->combine == MATCH_COMBINE_ARITHMETIC)
        return s * fit + (1 - s) * appeal;
    if (fit <= 0 || appeal <= 0)
        return s == 0 ? appeal : s == 1 ? fit : 0;
    if (s == 0.5)
        return sqrt(fit * appeal); /* the common case, correctly rounded and monotone */
    return pow(fit, s) * pow(appeal, 1 - s);
}

double match_wage_score(const vl_match_params *p, double offered, double wanted)
{
    if (isnan(offered) || isnan(wanted) || wanted <= 0)
        return p->wage_unknown;
    double ratio = offered / wanted;
    if (ratio >= 1)
        return 1;
    double s = (ratio - p->wage_zero_ratio) / (1 - p->wage_zero_ratio);
    return s > 0 ? s : 0;
}

double match_distance_score(const vl_match_params *p, double km, double limit, bool abroad)
{
    if (abroad)
        return p->abroad_distance;
    if (limit <= 0 || km <= 0)
        return 1;
    double r = km / limit;
    if (r > 1)
        r = 1;
    return 1 - (1 - p->distance_floor) * r;
}

double match_experience_score(const vl_match_params *p, double years, double minimum)
{
    if (minimum <= 0 || years >= minimum)
        return 1;
    double r = years > 0 ? years / minimum : 0;
    return p->experience_floor + (1 - p->experience_floor) * r;
}

double match_education_score(const vl_match_params *p, int edu, int minimum)
{
    if (minimum < 0)
        return p->education_no_minimum;
    if (edu <= minimum)
        return 1; /* below the minimum is not eligible; at it is a full match */
    double s = 1 - p->education_step * (double)(edu - minimum);
    return s > p->education_floor ? s : p->education_floor;
}

static bool has_id(const uint32_t *sorted, uint32_t n, uint32_t id)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && sorted[lo] == id;
}

bool match_accepts_country(const vl_seeker *s, const char *country)
{
    for (size_t i = 0; i < s->abroad.n; i++) {
        const char *c = s->abroad.items[i];
        if (c && (strcmp(c, "*") == 0 || strcasecmp(c, country) == 0))
            return true;
    }
    return false;
}

bool match_langs_ok(const vl_lang *have, size_t n_have, const vl_lang *need, size_t n_need)
{
    for (size_t i = 0; i < n_need; i++) {
        bool ok = false;
        for (size_t k = 0; k < n_have && !ok; k++)
            ok = strcmp(have[k].code, need[i].code) == 0 && have[k].cefr >= need[i].cefr;
        if (!ok)
            return false;
    }
    return true;
}

bool match_age_ok(const vl_match_params *p, int age, int age_min, int age_max)
{
    if (age_min <= 0 && age_max <= 0)
        return true;
    if (age < 0)
        return p->unknown_age_passes;
    return !(age_min > 0 && age < age_min) && !(age_max > 0 && age > age_max);
}

/*
 * The hard constraints of a pair that do not depend on the seeker's status or the vacancy's
 * positions and dates: required skills, languages, education, age (given), distance within the
 * seeker's commute or a country the seeker accepts.
 */
static bool pair_constraints(const vl_match_index *idx, size_t si, size_t vi, int age,
                             double *distance)
{
    const match_seek *ms = &idx->seek[si];
    const match_vac *mv = &idx->vac[vi];
    if (mv->req_mask & ~ms->mask)
        return false;
    const vl_seeker *s = &idx->ds->seekers[si];
    const vl_vacancy *v = &idx->ds->vacancies[vi];
    /* required skills: both sorted, a merge */
    uint32_t j = 0;
    for (uint32_t i = 0; i < mv->n_req; i++) {
        while (j < ms->n_skills && ms->skills[j] < mv->req[i])
            j++;
        if (j == ms->n_skills || ms->skills[j] != mv->req[i])
            return false;
    }
    if (!match_langs_ok(s->languages, s->n_languages, v->languages, v->n_languages))
        return false;
    if (v->education_min >= 0 && s->education < v->education_min)
        return false;
    if (!match_age_ok(&idx->p, age, v->age_min, v->age_max))
        return false;
    if (mv->abroad) {
        if (!match_accepts_country(s, v->country))
            return false;
        *distance = MATCH_NAN;
    } else {
        double d = match_distance(idx, ms->loc, mv->loc);
        if (!(d <= ms->commute))
            return false;
        *distance = d;
    }
    return true;
}

bool match_eligible(const vl_match_index *idx, size_t si, size_t vi, double *distance)
{
    if (!idx->seek[si].active || !idx->vac_in[vi])
        return false;
    return pair_constraints(idx, si, vi, idx->seek[si].age, distance);
}

bool match_eligible_on(const vl_match_index *idx, size_t si, size_t vi, int32_t on,
                       double *distance)
{
    const vl_vacancy *v = &idx->ds->vacancies[vi];
    if ((v->posted && v->posted > on) || (v->closes && v->closes < on))
        return false;
    int by = idx->ds->seekers[si].birth_year, year = on / 10000;
    return pair_constraints(idx, si, vi, by > 0 && by <= year ? year - by : -1, distance);
}

void match_pair_distance(const vl_match_index *idx, size_t si, size_t vi, double *distance)
{
    const match_vac *mv = &idx->vac[vi];
    *distance = mv->abroad ? MATCH_NAN : match_distance(idx, idx->seek[si].loc, mv->loc);
}

void match_score_in(const vl_match_params *p, const match_pair_in *in, vl_match_result *r)
{
    memset(r, 0, sizeof *r);
    r->fit_occupation = in->fo;
    r->appeal_occupation = in->ao;
    if (in->n_pref == 0) {
        r->fit_skills = p->skills_none_preferred;
    } else {
        uint32_t held = 0;
        for (uint32_t i = 0; i < in->n_pref; i++)
            if (has_id(in->skills, in->n_skills, in->pref[i])) {
                held++;
                if (i < 64)
                    r->preferred_matched |= UINT64_C(1) << i;
            }
        r->fit_skills = (double)held / (double)in->n_pref;
    }
    r->fit_experience = match_experience_score(p, in->exp_years, in->exp_min);
    r->fit_education = match_education_score(p, in->edu, in->edu_min);
    r->appeal_wage = match_wage_score(p, in->offered, in->wanted);
    r->appeal_distance = match_distance_score(p, in->km, in->commute, in->abroad);
    r->fit = match_fit(p, r->fit_occupation, r->fit_skills, r->fit_experience, r->fit_education);
    r->appeal = match_appeal(p, r->appeal_occupation, r->appeal_wage, r->appeal_distance);
    r->score = match_combine(p, r->fit, r->appeal);
    r->distance_km = in->km;
    r->wage_offered = in->offered;
    r->wage_wanted = in->wanted;
    r->wage_gap = in->offered - in->wanted; /* NaN when either is */
    r->weaker = r->fit < r->appeal   ? VL_MATCH_WEAKER_FIT
                : r->appeal < r->fit ? VL_MATCH_WEAKER_APPEAL
                                     : VL_MATCH_BALANCED;
}

void match_score_pair(const vl_match_index *idx, size_t si, size_t vi, double distance,
                      vl_match_result *r)
{
    const match_seek *ms = &idx->seek[si];
    const match_vac *mv = &idx->vac[vi];
    const vl_seeker *s = &idx->ds->seekers[si];
    const vl_vacancy *v = &idx->ds->vacancies[vi];
    match_pair_in in = {
        .km = distance,
        .abroad = mv->abroad,
        .commute = ms->commute,
        .exp_years = s->experience_years,
        .exp_min = v->experience_min,
        .edu = s->education,
        .edu_min = v->education_min,
        .offered = mv->offered,
        .wanted = ms->wanted,
        .pref = mv->pref,
        .n_pref = mv->n_pref,
        .skills = ms->skills,
        .n_skills = ms->n_skills,
    };
    match_occ_pair(&idx->p, &s->occupations, v->occupation, &in.fo, &in.ao);
    match_score_in(&idx->p, &in, r);
    r->seeker = si;
    r->vacancy = vi;
}
