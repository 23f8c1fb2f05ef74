/*
 * fair-model.c - models/fair.yaml: the table of its keys (type, range, default, unit, effect)
 * read through the model room, and the defaults every program without a file uses. The fair
 * section of docs/models.md documents the same table; a test checks that the shipped
 * models/fair.yaml equals these defaults.
 */
#include <stdlib.h>
#include <string.h>

#include <vieclam/fair.h>

#include "fair/fair-int.h"
#include "model/model.h"

typedef struct fair_model {
    char model[16];
    int version;
    double per_position;
    int per_seeker;
    double min_score;
    int candidates_per_seeker;
    double coverage_bonus, vacancy_bonus, priority_bonus;
    int method;
} fair_model;

static const char *const method_names[] = {"flow", "stable", "greedy", NULL};

#define M fair_model
static const vl__model_key fair_keys[] = {
    VL__MODEL_STRING("model", M, model, "fair", "Which model this file is: `fair`."),
    VL__MODEL_INT("version", M, version, 1, 1, 1, "", "Format version of this file: 1."),
    VL__MODEL_DOUBLE("invitations.per_position", M, per_position, 0.01, 100, 3, "invitations",
                     "Invitations per open position: a vacancy with n positions may receive "
                     "ceil(per_position x n) invitations (its capacity)."),
    VL__MODEL_INT("invitations.per_seeker", M, per_seeker, 1, 100, 3, "invitations",
                  "K: the most invitations (booths) one seeker receives."),
    VL__MODEL_DOUBLE("candidates.min_score", M, min_score, 0, 1, 0.3, "score",
                     "A pair is a candidate only when its match score is at least this."),
    VL__MODEL_INT("candidates.per_seeker", M, candidates_per_seeker, 1, 1000, 50, "pairs",
                  "C: each seeker's best C eligible pairs are the candidates a plan may use."),
    VL__MODEL_DOUBLE("bonuses.coverage", M, coverage_bonus, 0, 10, 0.5, "score",
                     "B: added once for each seeker who gets at least one invitation (flow); "
                     "larger values spread invitations over more seekers."),
    VL__MODEL_DOUBLE("bonuses.vacancy", M, vacancy_bonus, 0, 10, 0.3, "score",
                     "BV: added once for each vacancy with at least one invitation (flow), so "
                     "no employer sits at an empty booth when a candidate exists."),
    VL__MODEL_DOUBLE("bonuses.priority", M, priority_bonus, 0, 10, 0.2, "score",
                     "BP: added once for each invited seeker in a priority group (flow). "
                     "Priority never changes a match score; it only weighs coverage."),
    VL__MODEL_ENUM("method", M, method, method_names, 0,
                   "Default method: `flow` (exact optimum), `stable` (deferred acceptance) or "
                   "`greedy` (each seeker's top K, capacities ignored)."),
};
#undef M

static void to_params(const fair_model *m, vl_fair_params *p)
{
    *p = (vl_fair_params){.per_position = m->per_position,
                          .per_seeker = m->per_seeker,
                          .min_score = m->min_score,
                          .coverage_bonus = m->coverage_bonus,
                          .vacancy_bonus = m->vacancy_bonus,
                          .priority_bonus = m->priority_bonus,
                          .candidates_per_seeker = m->candidates_per_seeker,
                          .method = (vl_fair_method)m->method};
}

void vl_fair_params_default(vl_fair_params *p)
{
    fair_model m;
    vl__model_defaults(fair_keys, VL_ARRAY_LEN(fair_keys), &m);
    to_params(&m, p);
}

vl_status vl_fair_params_load(vl_ctx *ctx, const char *path, vl_fair_params *out)
{
    if (!path || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_fair_params_load: no path or output");
    fair_model m;
    vl__model_defaults(fair_keys, VL_ARRAY_LEN(fair_keys), &m);
    vl_status st = vl__model_load(ctx, path, fair_keys, VL_ARRAY_LEN(fair_keys), &m, sizeof m);
    if (st != VL_OK)
        return st;
    if (strcmp(m.model, "fair") != 0)
        return vl__error(ctx, VL_ERR_INVALID, "%s: key model must be `fair` (got `%s`)", path,
                         m.model);
    to_params(&m, out);
    return VL_OK;
}
