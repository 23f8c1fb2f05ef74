/*
 * why.c - why a pair is or is not in a query's list (vl_match_why_create): every hard
 * constraint it fails, or its rank among the query's eligible pairs and how far it scored below
 * the last listed pair, component by component. It reads the same records and calls the same
 * scorer as the index (score.c), so its score and eligibility are the list's, bit for bit.
 *
 * The rank comes from a scan of the query's other side (every vacancy for a seeker, every
 * seeker for a vacancy): one pair at a time at a desk, so a scan is cheap and needs no bound.
 */
#include "match/match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/json.h"

typedef struct why_owner {
    vl_arena *arena;
    vl_match_failure failures[9];
} why_owner;

/*
 * Required skills of v the seeker lacks (labels as the vacancy wrote them), compared by the
 * index's interned keys: the keys given, else the folded labels, as intern_skills does.
 */
static vl_status missing_skills(const vl_match_index *idx, why_owner *o, const match_seek *ms,
                                const vl_vacancy *v, vl_match_failure *f)
{
    const vl_strlist *labels = &v->skills_required, *keys = &v->skills_required_keys;
    size_t count = keys->items ? keys->n : labels->n;
    const char **miss = vl_arena_alloc(o->arena, (count + 1) * sizeof *miss);
    if (!miss)
        return VL_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        char *folded = keys->items ? NULL : vl_text_fold(labels->items[i] ? labels->items[i] : "");
        const char *key = keys->items ? keys->items[i] : folded;
        if (!key)
            return VL_ERR_NOMEM;
        bool held = !*key; /* an empty key asks for nothing (the index skips it too) */
        uint32_t id = *key ? match_strmap_get(&idx->skills, key) : UINT32_MAX;
        for (uint32_t k = 0; k < ms->n_skills && !held; k++)
            held = ms->skills[k] == id;
        vl__free(folded);
        if (!held)
            miss[n++] = i < labels->n && labels->items[i] ? labels->items[i] : key;
    }
    f->missing = miss;
    f->n_missing = n;
    return VL_OK;
}

/* Languages asked that the seeker lacks at the level, as "ja:N3". */
static vl_status missing_langs(why_owner *o, const vl_seeker *s, const vl_vacancy *v,
                               vl_match_failure *f)
{
    const char **miss = vl_arena_alloc(o->arena, (v->n_languages + 1) * sizeof *miss);
    if (!miss)
        return VL_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < v->n_languages; i++) {
        if (match_langs_ok(s->languages, s->n_languages, &v->languages[i], 1))
            continue;
        char text[16];
        vl_lang_format(&v->languages[i], text, sizeof text);
        if (!(miss[n++] = vl_arena_strdup(o->arena, text)))
            return VL_ERR_NOMEM;
    }
    f->missing = miss;
    f->n_missing = n;
    return VL_OK;
}

/* Every hard constraint of match_eligible, each checked on its own so all failures show. */
static vl_status failures(const vl_match_index *idx, why_owner *o, size_t si, size_t vi, size_t *n)
{
    const vl_seeker *s = &idx->ds->seekers[si];
    const vl_vacancy *v = &idx->ds->vacancies[vi];
    const match_seek *ms = &idx->seek[si];
    const match_vac *mv = &idx->vac[vi];
    vl_match_failure *f = o->failures;
    *n = 0;
    if (!ms->active)
        f[(*n)++] = (vl_match_failure){.constraint = "active"};
    if (!idx->vac_in[vi])
        f[(*n)++] = (vl_match_failure){.constraint = "open",
                                       .positions = v->positions,
                                       .posted = v->posted,
                                       .closes = v->closes};
    vl_match_failure skills = {.constraint = "skills_required"};
    if (missing_skills(idx, o, ms, v, &skills) != VL_OK)
        return VL_ERR_NOMEM;
    if (skills.n_missing)
        f[(*n)++] = skills;
    if (!match_langs_ok(s->languages, s->n_languages, v->languages, v->n_languages)) {
        vl_match_failure langs = {.constraint = "languages"};
        if (missing_langs(o, s, v, &langs) != VL_OK)
            return VL_ERR_NOMEM;
        f[(*n)++] = langs;
    }
    if (v->education_min >= 0 && s->education < v->education_min)
        f[(*n)++] = (vl_match_failure){
            .constraint = "education", .required = v->education_min, .has = s->education};
    if (!match_age_ok(&idx->p, ms->age, v->age_min, v->age_max))
        f[(*n)++] = (vl_match_failure){
            .constraint = "age", .age = ms->age, .min = v->age_min, .max = v->age_max};
    if (mv->abroad) {
        if (!match_accepts_country(s, v->country))
            f[(*n)++] = (vl_match_failure){.constraint = "abroad", .country = v->country};
    } else {
        double d = match_distance(idx, ms->loc, mv->loc);
        if (isinf(d)) {
            /* the side whose area is unknown or has no centre: the seeker's, else the vacancy's */
            bool seeker_side = ms->loc < 0 || isnan(idx->areas[ms->loc].lat);
            f[(*n)++] = (vl_match_failure){.constraint = "area_unknown",
                                           .area = seeker_side ? s->area : v->area};
        } else if (!(d <= ms->commute)) {
            f[(*n)++] = (vl_match_failure){.constraint = "distance", .km = d, .limit = ms->commute};
        }
    }
    return VL_OK;
}

/* The pair's score with one component replaced by another pair's value of it. */
static double score_with(const vl_match_params *p, const vl_match_result *r, int which,
                         double value)
{
    double c[VL_MATCH_N_COMPONENTS];
    for (int k = 0; k < VL_MATCH_N_COMPONENTS; k++)
        c[k] = vl_match_result_component(r, k);
    c[which] = value;
    return match_combine(p, match_fit(p, c[0], c[1], c[2], c[3]),
                         match_appeal(p, c[4], c[5], c[6]));
}

static int cmp_part(const void *a, const void *b)
{
    const vl_match_gap_part *x = a, *y = b;
    if (x->effect != y->effect)
        return x->effect > y->effect ? -1 : 1;
    return strcmp(x->component, y->component);
}

static void gap_parts(const vl_match_params *p, vl_match_why *w)
{
    const vl_match_result *r = &w->result, *l = &w->last;
    for (int i = 0; i < VL_MATCH_N_COMPONENTS; i++) {
        double last = vl_match_result_component(l, i);
        w->parts[i] = (vl_match_gap_part){.component = vl_match_component_name(i),
                                          .value = vl_match_result_component(r, i),
                                          .last = last,
                                          .effect = score_with(p, r, i, last) - r->score};
    }
    w->n_parts = VL_MATCH_N_COMPONENTS;
    qsort(w->parts, VL_MATCH_N_COMPONENTS, sizeof w->parts[0], cmp_part);
}

/* a ranks before b: a higher score, then the smaller id (the list's order) */
static bool before(double sa, uint32_t ra, double sb, uint32_t rb)
{
    return sa > sb || (sa == sb && ra < rb);
}

/* Rank and eligible count of the pair among its query's pairs, by a scan of the other side. */
static void rank_scan(const vl_match_index *idx, vl_match_why *w)
{
    const vl_dataset *ds = idx->ds;
    size_t n = w->by_vacancy ? ds->n_seekers : ds->n_vacancies;
    uint32_t mine = w->by_vacancy ? idx->seek_rank[w->seeker] : idx->vac_rank[w->vacancy];
    w->rank = 1;
    w->n_eligible = 1;
    for (size_t i = 0; i < n; i++) {
        size_t s = w->by_vacancy ? i : w->seeker, v = w->by_vacancy ? w->vacancy : i;
        if ((w->by_vacancy ? s == w->seeker : v == w->vacancy))
            continue;
        double d;
        if (!match_eligible(idx, s, v, &d))
            continue;
        vl_match_result r;
        match_score_pair(idx, s, v, d, &r);
        w->n_eligible++;
        uint32_t other = w->by_vacancy ? idx->seek_rank[s] : idx->vac_rank[v];
        if (before(r.score, other, w->result.score, mine))
            w->rank++;
    }
}

void vl_match_why_destroy(vl_match_why *why)
{
    if (!why)
        return;
    why_owner *o = why->owner;
    vl_arena_destroy(o->arena);
    vl__free(o);
    vl__free(why);
}

vl_status vl_match_why_create(vl_ctx *ctx, const vl_match_index *idx, const char *seeker,
                              const char *vacancy, bool by_vacancy, size_t top, vl_match_why **out)
{
    if (!idx || !seeker || !vacancy || !out)
        return vl__error(ctx, VL_ERR_ARG, "match why: missing argument");
    *out = NULL;
    size_t si, vi;
    if (!vl_match_index_find_seeker(idx, seeker, &si))
        return vl__error(ctx, VL_ERR_NOTFOUND, "no seeker with id '%s'", seeker);
    if (!vl_match_index_find_vacancy(idx, vacancy, &vi))
        return vl__error(ctx, VL_ERR_NOTFOUND, "no vacancy with id '%s'", vacancy);
    vl_match_why *w = vl__calloc(1, sizeof *w);
    why_owner *o = vl__calloc(1, sizeof *o);
    if (w)
        w->owner = o;
    if (!w || !o || !(o->arena = vl_arena_create())) {
        if (w && o)
            vl_match_why_destroy(w);
        else {
            vl__free(w);
            vl__free(o);
        }
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory explaining a match");
    }
    w->seeker = si;
    w->vacancy = vi;
    w->by_vacancy = by_vacancy;
    w->top = top ? top : (size_t)idx->p.top;
    w->min_score = idx->p.min_score;
    w->gap = MATCH_NAN;
    if (failures(idx, o, si, vi, &w->n_failures) != VL_OK) {
        vl_match_why_destroy(w);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory explaining a match");
    }
    w->failures = o->failures;
    w->eligible = w->n_failures == 0;
    vl_match_results *list = NULL;
    vl_status st = by_vacancy ? vl_match_by_vacancy(ctx, idx, vacancy, w->top, 0, &list)
                              : vl_match_by_seeker(ctx, idx, seeker, w->top, 0, &list);
    if (st != VL_OK) {
        vl_match_why_destroy(w);
        return st;
    }
    w->n_listed = vl_match_results_count(list);
    if (w->n_listed)
        w->last = *vl_match_results_at(list, w->n_listed - 1);
    vl_match_results_destroy(list);
    if (w->eligible) {
        double d = MATCH_NAN;
        bool ok = match_eligible(idx, si, vi, &d);
        assert(ok); /* failures() checks every constraint match_eligible checks */
        (void)ok;
        match_score_pair(idx, si, vi, d, &w->result);
        rank_scan(idx, w);
        w->result.rank = (unsigned)w->rank;
        w->listed = w->result.score >= w->min_score && w->rank <= w->top;
        if (w->n_listed) {
            w->gap = w->last.score - w->result.score;
            gap_parts(&idx->p, w);
        }
    }
    *out = w;
    return VL_OK;
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static double r4(double x)
{
    return round(x * 1e4) / 1e4;
}

/* A figure rounded to 4 decimals, or null when it does not apply. */
static vl_json *num_or_null(bool applies, double v)
{
    return applies ? vl_json_number(r4(v)) : vl_json_null();
}

static vl_json *failure_json(const vl_match_failure *f)
{
    vl_json *o = vl_json_object();
    bool ok = o && vl_json_set_str(o, "constraint", f->constraint);
    if (ok && f->missing) {
        vl_json *a = vl_json_array();
        for (size_t i = 0; a && i < f->n_missing; i++)
            ok = ok && vl_json_append(a, vl_json_string(f->missing[i]));
        ok = ok && vl_json_set(o, "missing", a);
    }
    if (strcmp(f->constraint, "education") == 0)
        ok = ok && vl_json_set_str(o, "required", vl_education_name(f->required)) &&
             vl_json_set(o, "has", vl_json_string(vl_education_name(f->has)));
    if (strcmp(f->constraint, "age") == 0)
        ok = ok && vl_json_set(o, "age", f->age >= 0 ? vl_json_integer(f->age) : vl_json_null()) &&
             vl_json_set(o, "min", f->min ? vl_json_integer(f->min) : vl_json_null()) &&
             vl_json_set(o, "max", f->max ? vl_json_integer(f->max) : vl_json_null());
    if (strcmp(f->constraint, "distance") == 0)
        ok = ok && vl_json_set_num(o, "km", round(f->km * 10) / 10) &&
             vl_json_set_num(o, "limit", f->limit);
    if (f->country)
        ok = ok && vl_json_set_str(o, "country", f->country);
    if (strcmp(f->constraint, "area_unknown") == 0)
        ok = ok && vl_json_set(o, "area", vl_json_string(f->area));
    if (strcmp(f->constraint, "open") == 0) {
        char posted[11] = "", closes[11] = "";
        if (f->posted)
            vl__format_date(f->posted, posted);
        if (f->closes)
            vl__format_date(f->closes, closes);
        ok = ok && vl_json_set_int(o, "positions", f->positions) &&
             vl_json_set(o, "posted", f->posted ? vl_json_string(posted) : vl_json_null()) &&
             vl_json_set(o, "closes", f->closes ? vl_json_string(closes) : vl_json_null());
    }
    if (!ok) {
        vl_json_free(o);
        return NULL;
    }
    return o;
}

char *vl_match_why_json(const vl_match_index *idx, const vl_match_why *w)
{
    if (!idx || !w)
        return NULL;
    char as_of[11];
    vl__format_date(idx->as_of, as_of);
    vl_json *o = vl_json_object(), *failed = vl_json_array(), *parts = vl_json_array();
    bool ok = o && failed && parts &&
              vl_json_set_str(o, "seeker", idx->ds->seekers[w->seeker].id) &&
              vl_json_set_str(o, "vacancy", idx->ds->vacancies[w->vacancy].id) &&
              vl_json_set_str(o, "as_of", as_of) &&
              vl_json_set_str(o, "by", w->by_vacancy ? "vacancy" : "seeker") &&
              vl_json_set_bool(o, "eligible", w->eligible);
    for (size_t i = 0; ok && i < w->n_failures; i++)
        ok = vl_json_append(failed, failure_json(&w->failures[i]));
    ok = ok && vl_json_set(o, "failed", failed);
    failed = NULL;
    ok = ok && vl_json_set(o, "score", num_or_null(w->eligible, w->result.score)) &&
         vl_json_set(o, "fit", num_or_null(w->eligible, w->result.fit)) &&
         vl_json_set(o, "appeal", num_or_null(w->eligible, w->result.appeal)) &&
         vl_json_set(o, "rank",
                     w->eligible ? vl_json_integer((long long)w->rank) : vl_json_null()) &&
         vl_json_set(o, "eligible_count",
                     w->eligible ? vl_json_integer((long long)w->n_eligible) : vl_json_null()) &&
         vl_json_set_int(o, "top", (long long)w->top) && vl_json_set_bool(o, "listed", w->listed) &&
         vl_json_set(o, "last_score", num_or_null(w->n_listed > 0, w->last.score)) &&
         vl_json_set(o, "gap", num_or_null(!isnan(w->gap), w->gap)) &&
         vl_json_set_num(o, "min_score", w->min_score);
    for (size_t i = 0; ok && i < w->n_parts; i++) {
        vl_json *p = vl_json_object();
        ok = p && vl_json_set_str(p, "component", w->parts[i].component) &&
             vl_json_set_num(p, "value", r4(w->parts[i].value)) &&
             vl_json_set_num(p, "last", r4(w->parts[i].last)) &&
             vl_json_set_num(p, "effect", r4(w->parts[i].effect));
        ok = ok ? vl_json_append(parts, p) : (vl_json_free(p), false);
    }
    ok = ok && vl_json_set(o, "gap_components", parts);
    parts = NULL;
    char *text = ok ? vl_json_dump(o, true) : NULL;
    vl_json_free(o);
    vl_json_free(failed);
    vl_json_free(parts);
    return text;
}
