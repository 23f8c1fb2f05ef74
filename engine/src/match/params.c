/*
 * params.c - the matching model: the table of every key of models/matching.yaml (type, range,
 * default, unit, effect), loading it through the model room, and the relations between keys
 * that a per-key range cannot express. docs/models.md documents the same table.
 */
#include "match/match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

static const char *const combine_names[] = {"geometric", "arithmetic", NULL};

#define P vl_match_params
static const vl__model_key match_keys[] = {
    VL__MODEL_STRING("model", P, model, "matching", "Which model this file is: `matching`."),
    VL__MODEL_INT("version", P, version, 1, 1, 1, "", "Format version of this file: 1."),
    VL__MODEL_DOUBLE("constraints.default_max_commute_km", P, default_max_commute_km, 0, 1000, 30,
                     "km",
                     "Commute limit for a seeker whose `max_commute_km` cell is empty; a "
                     "domestic vacancy farther away (between area centroids) is not eligible."),
    VL__MODEL_BOOL("constraints.unknown_age_passes", P, unknown_age_passes, false,
                   "Whether a seeker without a birth year passes a vacancy's age limits."),
    VL__MODEL_DOUBLE("occupation.same_unit", P, occ_unit, 0, 1, 1, "",
                     "Closeness of two ISCO-08 codes in the same unit group (4 digits)."),
    VL__MODEL_DOUBLE("occupation.same_minor", P, occ_minor, 0, 1, 0.7, "",
                     "Closeness in the same minor group (first 3 digits)."),
    VL__MODEL_DOUBLE("occupation.same_submajor", P, occ_submajor, 0, 1, 0.45, "",
                     "Closeness in the same sub-major group (first 2 digits)."),
    VL__MODEL_DOUBLE("occupation.same_major", P, occ_major, 0, 1, 0.2, "",
                     "Closeness in the same major group (first digit)."),
    VL__MODEL_DOUBLE("occupation.other", P, occ_other, 0, 1, 0, "",
                     "Closeness of codes in different major groups."),
    VL__MODEL_DOUBLE("fit.weights.occupation", P, fit_w_occupation, 0, 100, 0.4, "",
                     "Weight of occupation closeness in fit (weights are relative: divided by "
                     "their sum)."),
    VL__MODEL_DOUBLE("fit.weights.skills", P, fit_w_skills, 0, 100, 0.3, "",
                     "Weight of the share of the vacancy's preferred skills the seeker holds."),
    VL__MODEL_DOUBLE("fit.weights.experience", P, fit_w_experience, 0, 100, 0.2, "",
                     "Weight of experience against the vacancy's minimum."),
    VL__MODEL_DOUBLE("fit.weights.education", P, fit_w_education, 0, 100, 0.1, "",
                     "Weight of education against the vacancy's minimum."),
    VL__MODEL_DOUBLE("fit.skills_none_preferred", P, skills_none_preferred, 0, 1, 1, "",
                     "Skills component when the vacancy lists no preferred skill."),
    VL__MODEL_DOUBLE("fit.experience_floor", P, experience_floor, 0, 1, 0.25, "",
                     "Experience component of a seeker with no experience against a minimum; "
                     "rises linearly to 1 at the minimum."),
    VL__MODEL_DOUBLE("fit.education_step", P, education_step, 0, 1, 0.05, "per level",
                     "Education component lost per level above the vacancy's minimum "
                     "(over-qualification)."),
    VL__MODEL_DOUBLE("fit.education_floor", P, education_floor, 0, 1, 0.7, "",
                     "Lowest education component however over-qualified."),
    VL__MODEL_DOUBLE("fit.education_no_minimum", P, education_no_minimum, 0, 1, 1, "",
                     "Education component when the vacancy sets no minimum."),
    VL__MODEL_DOUBLE("appeal.weights.occupation", P, app_w_occupation, 0, 100, 0.5, "",
                     "Weight of the occupation's place in the seeker's list in appeal "
                     "(relative weights)."),
    VL__MODEL_DOUBLE("appeal.weights.wage", P, app_w_wage, 0, 100, 0.3, "",
                     "Weight of the wage offered against the wage wanted."),
    VL__MODEL_DOUBLE("appeal.weights.distance", P, app_w_distance, 0, 100, 0.2, "",
                     "Weight of the commute distance."),
    VL__MODEL_DOUBLE("appeal.preference_decay", P, preference_decay, 0, 1, 0.8, "per place",
                     "Factor applied per place down the seeker's occupation list (first = 1, "
                     "second = decay, third = decay squared, ...), times the closeness."),
    VL__MODEL_DOUBLE("appeal.wage_zero_ratio", P, wage_zero_ratio, 0, 0.99, 0.7, "ratio",
                     "Ratio offered/wanted at which the wage component reaches 0; it rises "
                     "linearly to 1 when the offer meets the wage wanted."),
    VL__MODEL_DOUBLE("appeal.wage_unknown", P, wage_unknown, 0, 1, 0.5, "",
                     "Wage component when the offer or the wage wanted is not given."),
    VL__MODEL_DOUBLE("appeal.distance_floor", P, distance_floor, 0, 1, 0.3, "",
                     "Distance component at the seeker's commute limit; 1 at 0 km, linear "
                     "between."),
    VL__MODEL_DOUBLE("appeal.abroad_distance", P, abroad_distance, 0, 1, 0.8, "",
                     "Distance component of a vacancy abroad in a country the seeker accepts."),
    VL__MODEL_ENUM("score.combine", P, combine, combine_names, 0,
                   "How fit and appeal combine: `geometric` = fit^s * appeal^(1-s) (a pair "
                   "weak on one side scores low), `arithmetic` = s*fit + (1-s)*appeal."),
    VL__MODEL_DOUBLE("score.fit_share", P, fit_share, 0, 1, 0.5, "",
                     "The share s of fit in the score (the rest is appeal)."),
    VL__MODEL_DOUBLE("results.min_score", P, min_score, 0, 1, 0.2, "",
                     "Pairs scoring below this are never returned by a query."),
    VL__MODEL_INT("results.top", P, top, 1, 1000, 10, "results",
                  "How many results a query returns when --top is not given."),
    VL__MODEL_INT("candidates.per_seeker", P, candidates_per_seeker, 1, 1000, 50, "pairs",
                  "The most candidate pairs per seeker handed to job-fair planning."),
};
#undef P

vl_status match_params_check(vl_ctx *ctx, const char *name, const vl_match_params *p)
{
    if (strcmp(p->model, "matching") != 0)
        return vl__error(ctx, VL_ERR_INVALID, "%s: 'model' is '%s', expected 'matching'", name,
                         p->model);
    /* a rule between keys: the message points at the mapping that holds them */
    const char *sum_of = NULL;
    if (p->fit_w_occupation + p->fit_w_skills + p->fit_w_experience + p->fit_w_education <= 0)
        sum_of = "fit";
    else if (p->app_w_occupation + p->app_w_wage + p->app_w_distance <= 0)
        sum_of = "appeal";
    if (sum_of) {
        char key[32];
        snprintf(key, sizeof key, "%s.weights", sum_of);
        size_t line = vl__model_key_line(name, key);
        if (line)
            return vl__error(ctx, VL_ERR_INVALID,
                             "%s:%zu: the %s weights sum to zero: give at least one a positive "
                             "weight",
                             name, line, sum_of);
        return vl__error(ctx, VL_ERR_INVALID,
                         "%s: the %s weights sum to zero: give at least one a positive weight",
                         name, sum_of);
    }
    /* closeness must not rise as codes share less (else the hierarchy is upside down) */
    if (!(p->occ_unit >= p->occ_minor && p->occ_minor >= p->occ_submajor &&
          p->occ_submajor >= p->occ_major && p->occ_major >= p->occ_other))
        return vl__error(ctx, VL_ERR_INVALID,
                         "%s: occupation closeness must not increase from same_unit to other",
                         name);
    return VL_OK;
}

const vl__model_key *vl__match_model_keys(size_t *n)
{
    *n = VL_ARRAY_LEN(match_keys);
    return match_keys;
}

vl_status vl_match_model_load(vl_ctx *ctx, const char *path, vl_match_model **out)
{
    if (!path || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_model_load: no path or output");
    *out = NULL;
    vl_match_model *m = vl__calloc(1, sizeof *m);
    if (!m)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_status st =
        vl__model_load(ctx, path, match_keys, VL_ARRAY_LEN(match_keys), &m->p, sizeof m->p);
    if (st == VL_OK)
        st = match_params_check(ctx, path, &m->p);
    if (st != VL_OK) {
        vl__free(m);
        return st;
    }
    *out = m;
    return VL_OK;
}

vl_status vl_match_model_create_default(vl_ctx *ctx, vl_match_model **out)
{
    if (!out)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_model_create_default: no output");
    vl_match_model *m = vl__calloc(1, sizeof *m);
    if (!m)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl__model_defaults(match_keys, VL_ARRAY_LEN(match_keys), &m->p);
    *out = m;
    return VL_OK;
}

void vl_match_model_destroy(vl_match_model *model)
{
    vl__free(model);
}

size_t vl_match_model_top(const vl_match_model *model)
{
    return model ? (size_t)model->p.top : 0;
}

double vl_match_model_min_score(const vl_match_model *model)
{
    return model ? model->p.min_score : 0;
}

size_t vl_match_model_candidates_per_seeker(const vl_match_model *model)
{
    return model ? (size_t)model->p.candidates_per_seeker : 0;
}

/* ---- weights, copies and writing (learning from hires) -------------------------------------- */

void vl_match_model_get_weights(const vl_match_model *m, vl_match_weights *out)
{
    memset(out, 0, sizeof *out);
    if (!m)
        return;
    const vl_match_params *p = &m->p;
    out->w[VL_MATCH_FIT_OCCUPATION] = p->fit_w_occupation;
    out->w[VL_MATCH_FIT_SKILLS] = p->fit_w_skills;
    out->w[VL_MATCH_FIT_EXPERIENCE] = p->fit_w_experience;
    out->w[VL_MATCH_FIT_EDUCATION] = p->fit_w_education;
    out->w[VL_MATCH_APPEAL_OCCUPATION] = p->app_w_occupation;
    out->w[VL_MATCH_APPEAL_WAGE] = p->app_w_wage;
    out->w[VL_MATCH_APPEAL_DISTANCE] = p->app_w_distance;
    out->fit_share = p->fit_share;
    out->arithmetic = p->combine == MATCH_COMBINE_ARITHMETIC;
}

vl_status vl_match_model_set_weights(vl_ctx *ctx, vl_match_model *m, const vl_match_weights *w)
{
    if (!m || !w)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_model_set_weights: missing argument");
    for (int c = 0; c < VL_MATCH_N_COMPONENTS; c++)
        if (!(w->w[c] >= 0 && w->w[c] <= 100))
            return vl__error(ctx, VL_ERR_ARG, "weight of %s outside 0..100",
                             vl_match_component_name(c));
    if (!(w->fit_share >= 0 && w->fit_share <= 1))
        return vl__error(ctx, VL_ERR_ARG, "fit_share outside 0..1");
    vl_match_params p = m->p;
    p.fit_w_occupation = w->w[VL_MATCH_FIT_OCCUPATION];
    p.fit_w_skills = w->w[VL_MATCH_FIT_SKILLS];
    p.fit_w_experience = w->w[VL_MATCH_FIT_EXPERIENCE];
    p.fit_w_education = w->w[VL_MATCH_FIT_EDUCATION];
    p.app_w_occupation = w->w[VL_MATCH_APPEAL_OCCUPATION];
    p.app_w_wage = w->w[VL_MATCH_APPEAL_WAGE];
    p.app_w_distance = w->w[VL_MATCH_APPEAL_DISTANCE];
    p.fit_share = w->fit_share;
    p.combine = w->arithmetic ? MATCH_COMBINE_ARITHMETIC : MATCH_COMBINE_GEOMETRIC;
    vl_status st = match_params_check(ctx, "weights", &p);
    if (st == VL_OK)
        m->p = p;
    return st;
}

vl_status vl_match_model_copy(vl_ctx *ctx, const vl_match_model *m, vl_match_model **out)
{
    if (!m || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_model_copy: missing argument");
    *out = vl__malloc(sizeof **out);
    if (!*out)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    **out = *m;
    return VL_OK;
}

char *vl_match_model_yaml(const vl_match_model *m, const char *comment)
{
    if (!m)
        return NULL;
    vl_buf b = {0};
    bool ok = true;
    /* each line of the comment becomes a YAML comment */
    for (const char *c = comment; c && *c && ok;) {
        size_t len = strcspn(c, "\n");
        ok =
            vl_buf_puts(&b, len ? "# " : "#") && vl_buf_append(&b, c, len) && vl_buf_puts(&b, "\n");
        c += len + (c[len] == '\n');
    }
    ok = ok && vl__model_format(match_keys, VL_ARRAY_LEN(match_keys), &m->p, &b);
    if (!ok || !vl_buf_text(&b)) {
        vl_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* As the CSV and JSON outputs name them. */
static const char *const component_names[VL_MATCH_N_COMPONENTS] = {
    "fit_occupation",    "fit_skills",  "fit_experience",  "fit_education",
    "appeal_occupation", "appeal_wage", "appeal_distance",
};

const char *vl_match_component_name(int c)
{
    return c >= 0 && c < VL_MATCH_N_COMPONENTS ? component_names[c] : "?";
}

double vl_match_result_component(const vl_match_result *r, int c)
{
    switch (c) {
    case VL_MATCH_FIT_OCCUPATION:
        return r->fit_occupation;
    case VL_MATCH_FIT_SKILLS:
        return r->fit_skills;
    case VL_MATCH_FIT_EXPERIENCE:
        return r->fit_experience;
    case VL_MATCH_FIT_EDUCATION:
        return r->fit_education;
    case VL_MATCH_APPEAL_OCCUPATION:
        return r->appeal_occupation;
    case VL_MATCH_APPEAL_WAGE:
        return r->appeal_wage;
    case VL_MATCH_APPEAL_DISTANCE:
        return r->appeal_distance;
    default:
        return MATCH_NAN;
    }
}
