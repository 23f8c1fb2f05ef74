/*
 * index.c - the matching index (built once per dataset, model and as-of date, then read-only
 * and safe to query from many threads) and its exact top-k searches: by seeker, by vacancy,
 * the all-seekers batch and the candidate pairs for fair planning. docs/matching.md, section
 * 5, explains the layout and why the branch and bound returns exactly the exhaustive top-k.
 */
#include "match/match.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- string map ------------------------------------------------------------------------------ */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

bool match_strmap_init(match_strmap *m, size_t expected)
{
    size_t cap = 16;
    while (cap < 2 * expected + 16)
        cap *= 2;
    m->keys = vl__calloc(cap, sizeof *m->keys);
    m->vals = vl__calloc(cap, sizeof *m->vals);
    m->cap = cap;
    m->n = 0;
    return m->keys && m->vals;
}

void match_strmap_free(match_strmap *m)
{
    vl__free(m->keys);
    vl__free(m->vals);
    memset(m, 0, sizeof *m);
}

uint32_t match_strmap_get(const match_strmap *m, const char *key)
{
    if (!m->cap || !key)
        return UINT32_MAX;
    for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return UINT32_MAX;
        if (strcmp(m->keys[i], key) == 0)
            return m->vals[i];
    }
}

static bool strmap_grow(match_strmap *m)
{
    match_strmap bigger;
    if (!match_strmap_init(&bigger, m->cap))
        return false;
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            match_strmap_put(&bigger, m->keys[i], m->vals[i]);
    match_strmap_free(m);
    *m = bigger;
    return true;
}

uint32_t match_strmap_put(match_strmap *m, const char *key, uint32_t val)
{
    if (2 * (m->n + 1) > m->cap && !strmap_grow(m))
        return UINT32_MAX;
    for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) {
            m->keys[i] = key;
            m->vals[i] = val;
            m->n++;
            return val;
        }
        if (strcmp(m->keys[i], key) == 0)
            return m->vals[i];
    }
}

bool match_strmap_set(match_strmap *m, const char *key, uint32_t val)
{
    if (2 * (m->n + 1) > m->cap && !strmap_grow(m))
        return false;
    for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i] || strcmp(m->keys[i], key) == 0) {
            m->n += !m->keys[i];
            m->keys[i] = key;
            m->vals[i] = val;
            return true;
        }
    }
}

/* ---- building ---------------------------------------------------------------------------- */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_vac_id(const void *a, const void *b, void *arg)
{
    const vl_match_index *sort_idx = arg;
    const vl_vacancy *v = sort_idx->ds->vacancies;
    return strcmp(v[*(const uint32_t *)a].id, v[*(const uint32_t *)b].id);
}

static int cmp_seek_id(const void *a, const void *b, void *arg)
{
    const vl_match_index *sort_idx = arg;
    const vl_seeker *s = sort_idx->ds->seekers;
    return strcmp(s[*(const uint32_t *)a].id, s[*(const uint32_t *)b].id);
}

/*
 * A vacancy's location key: its area slot at home (-1 when the area is unknown: no seeker is
 * within reach), or MATCH_LOC_ABROAD - country slot abroad.
 */
static int32_t vac_loc_key(const vl_match_index *idx, uint32_t v)
{
    const match_vac *mv = &idx->vac[v];
    if (mv->abroad)
        return MATCH_LOC_ABROAD -
               (int32_t)match_strmap_get(&idx->countries, idx->ds->vacancies[v].country);
    return mv->loc;
}

/* Vacancy tree order: required-skill set (size, then ids), occupation, location, id. */
static int cmp_vac_tree(const void *a, const void *b, void *arg)
{
    const vl_match_index *sort_idx = arg;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const match_vac *mx = &sort_idx->vac[x], *my = &sort_idx->vac[y];
    if (mx->n_req != my->n_req)
        return mx->n_req < my->n_req ? -1 : 1;
    for (uint32_t i = 0; i < mx->n_req; i++)
        if (mx->req[i] != my->req[i])
            return mx->req[i] < my->req[i] ? -1 : 1;
    int c = strcmp(sort_idx->ds->vacancies[x].occupation, sort_idx->ds->vacancies[y].occupation);
    if (c)
        return c;
    int32_t lx = vac_loc_key(sort_idx, x), ly = vac_loc_key(sort_idx, y);
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return sort_idx->vac_rank[x] < sort_idx->vac_rank[y]
               ? -1
               : sort_idx->vac_rank[x] > sort_idx->vac_rank[y];
}

static bool same_req(const match_vac *a, const match_vac *b)
{
    return a->n_req == b->n_req &&
           (a->n_req == 0 || memcmp(a->req, b->req, a->n_req * sizeof *a->req) == 0);
}

static const char *first_occ(const vl_seeker *s)
{
    return s->occupations.n ? s->occupations.items[0] : "";
}

static int cmp_seek_tree(const void *a, const void *b, void *arg)
{
    const vl_match_index *sort_idx = arg;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const vl_seeker *s = sort_idx->ds->seekers;
    int c = strcmp(first_occ(&s[x]), first_occ(&s[y]));
    if (c)
        return c;
    int32_t lx = sort_idx->seek[x].loc, ly = sort_idx->seek[y].loc;
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return sort_idx->seek_rank[x] < sort_idx->seek_rank[y]
               ? -1
               : sort_idx->seek_rank[x] > sort_idx->seek_rank[y];
}

/* Interns the folded skill keys of a list (folding the labels when no keys were given). */
static vl_status intern_skills(vl_ctx *ctx, vl_match_index *idx, const vl_strlist *labels,
                               const vl_strlist *keys, uint32_t **out, uint32_t *n)
{
    size_t count = keys->items ? keys->n : labels->n;
    *n = 0;
    *out = count ? vl_arena_alloc(idx->arena, count * sizeof **out) : NULL;
    if (count && !*out)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    for (size_t i = 0; i < count; i++) {
        const char *key = keys->items ? keys->items[i] : NULL;
        if (!key) {
            char *folded = vl_text_fold(labels->items[i] ? labels->items[i] : "");
            if (!folded)
                return vl__error(ctx, VL_ERR_INVALID, "a skill label is not valid UTF-8");
            key = vl_arena_strdup(idx->arena, folded);
            vl__free(folded);
            if (!key)
                return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
        }
        if (!*key)
            continue;
        uint32_t id = match_strmap_put(&idx->skills, key, (uint32_t)idx->skills.n);
        if (id == UINT32_MAX)
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
        (*out)[(*n)++] = id;
    }
    return VL_OK;
}

static int32_t area_slot(vl_match_index *idx, const char *code)
{
    if (!code || !*code)
        return -1;
    uint32_t slot = match_strmap_get(&idx->areas_map, code);
    return slot == UINT32_MAX ? -1 : (int32_t)slot;
}

static vl_status build_areas(vl_ctx *ctx, vl_match_index *idx)
{
    const vl_dataset *ds = idx->ds;
    size_t most = ds->n_areas + ds->n_vacancies + ds->n_seekers;
    if (!match_strmap_init(&idx->areas_map, ds->n_areas + 64))
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    idx->areas = vl_arena_alloc(idx->arena, (most ? most : 1) * sizeof *idx->areas);
    if (!idx->areas)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    const double rad = acos(-1.0) / 180;
    /*
     * The areas table first; then codes only seen in records (no centre). Codes were reused by
     * the 2025 reform, so a code may name two areas: it is read on the as-of date (the area
     * valid then wins over one that is not), as records are matched on that date.
     */
    unsigned char *valid = calloc(most + 1, 1);
    if (!valid)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    for (size_t i = 0; i < ds->n_areas + ds->n_vacancies + ds->n_seekers; i++) {
        const char *code;
        double lat = MATCH_NAN, lon = MATCH_NAN;
        bool on_date = false;
        if (i < ds->n_areas) {
            const vl_area *ar = &ds->areas[i];
            code = ar->code;
            lat = ar->lat;
            lon = ar->lon;
            on_date = (!ar->valid_from || ar->valid_from <= idx->as_of) &&
                      (!ar->valid_to || ar->valid_to >= idx->as_of);
        } else if (i < ds->n_areas + ds->n_vacancies) {
            code = ds->vacancies[i - ds->n_areas].area;
        } else {
            code = ds->seekers[i - ds->n_areas - ds->n_vacancies].area;
        }
        if (!code || !*code)
            continue;
        uint32_t slot = match_strmap_get(&idx->areas_map, code);
        if (slot != UINT32_MAX && (i >= ds->n_areas || valid[slot] || !on_date))
            continue;
        if (slot == UINT32_MAX) {
            slot = (uint32_t)idx->n_areas++;
            if (match_strmap_put(&idx->areas_map, code, slot) == UINT32_MAX) {
                free(valid);
                return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
            }
        }
        match_area *a = &idx->areas[slot];
        bool known = isfinite(lat) && isfinite(lon);
        a->lat = known ? lat * rad : MATCH_NAN;
        a->lon = known ? lon * rad : MATCH_NAN;
        a->coslat = known ? cos(a->lat) : MATCH_NAN;
        valid[slot] = on_date;
    }
    free(valid);
    return VL_OK;
}

static bool vac_open(const vl_vacancy *v, int32_t as_of, const char *fair)
{
    if (v->positions <= 0 || (v->posted && v->posted > as_of) || (v->closes && v->closes < as_of))
        return false;
    return !fair || (v->fair && strcmp(v->fair, fair) == 0);
}

static vl_status build_records(vl_ctx *ctx, vl_match_index *idx, const char *fair)
{
    const vl_dataset *ds = idx->ds;
    vl_status st;
    idx->vac = vl_arena_alloc(idx->arena, (ds->n_vacancies + 1) * sizeof *idx->vac);
    idx->vac_in = vl_arena_alloc(idx->arena, (ds->n_vacancies + 1) * sizeof *idx->vac_in);
    idx->seek = vl_arena_alloc(idx->arena, (ds->n_seekers + 1) * sizeof *idx->seek);
    if (!idx->vac || !idx->vac_in || !idx->seek || !match_strmap_init(&idx->skills, 1024) ||
        !match_strmap_init(&idx->countries, 16) ||
        !match_strmap_init(&idx->vacancy_ids, ds->n_vacancies) ||
        !match_strmap_init(&idx->seeker_ids, ds->n_seekers))
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");

    for (size_t i = 0; i < ds->n_vacancies; i++) {
        const vl_vacancy *v = &ds->vacancies[i];
        match_vac *mv = &idx->vac[i];
        if (!v->id || match_strmap_put(&idx->vacancy_ids, v->id, (uint32_t)i) != (uint32_t)i)
            return v->id ? vl__error(ctx, VL_ERR_INVALID, "vacancy id '%s' is given twice", v->id)
                         : vl__error(ctx, VL_ERR_INVALID, "a vacancy has no id");
        st = intern_skills(ctx, idx, &v->skills_required, &v->skills_required_keys, &mv->req,
                           &mv->n_req);
        if (st == VL_OK)
            st = intern_skills(ctx, idx, &v->skills_preferred, &v->skills_preferred_keys, &mv->pref,
                               &mv->n_pref);
        if (st != VL_OK)
            return st;
        if (mv->n_req > 1)
            qsort(mv->req, mv->n_req, sizeof *mv->req, cmp_u32);
        for (uint32_t k = 0; k < mv->n_req; k++)
            mv->req_mask |= UINT64_C(1) << (mv->req[k] & 63);
        mv->abroad = v->country[0] && strcmp(v->country, "VN") != 0;
        mv->loc = mv->abroad ? -1 : area_slot(idx, v->area);
        if (mv->abroad &&
            match_strmap_put(&idx->countries, v->country, (uint32_t)idx->countries.n) == UINT32_MAX)
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
        if (v->wage_min > 0 && v->wage_max > 0)
            mv->offered = (v->wage_min + v->wage_max) / 2;
        else if (v->wage_max > 0 || v->wage_min > 0)
            mv->offered = v->wage_max > 0 ? v->wage_max : v->wage_min;
        else
            mv->offered = MATCH_NAN;
        idx->vac_in[i] = vac_open(v, idx->as_of, fair);
    }
    int as_of_year = idx->as_of / 10000;
    for (size_t i = 0; i < ds->n_seekers; i++) {
        const vl_seeker *s = &ds->seekers[i];
        match_seek *ms = &idx->seek[i];
        if (!s->id || match_strmap_put(&idx->seeker_ids, s->id, (uint32_t)i) != (uint32_t)i)
            return s->id ? vl__error(ctx, VL_ERR_INVALID, "seeker id '%s' is given twice", s->id)
                         : vl__error(ctx, VL_ERR_INVALID, "a seeker has no id");
        st = intern_skills(ctx, idx, &s->skills, &s->skills_keys, &ms->skills, &ms->n_skills);
        if (st != VL_OK)
            return st;
        if (ms->n_skills > 1)
            qsort(ms->skills, ms->n_skills, sizeof *ms->skills, cmp_u32);
        uint32_t u = 0;
        for (uint32_t k = 0; k < ms->n_skills; k++)
            if (u == 0 || ms->skills[u - 1] != ms->skills[k])
                ms->skills[u++] = ms->skills[k];
        ms->n_skills = u;
        for (uint32_t k = 0; k < u; k++)
            ms->mask |= UINT64_C(1) << (ms->skills[k] & 63);
        ms->loc = area_slot(idx, s->area);
        ms->age =
            s->birth_year > 0 && s->birth_year <= as_of_year ? as_of_year - s->birth_year : -1;
        ms->commute = isnan(s->max_commute_km) ? idx->p.default_max_commute_km : s->max_commute_km;
        ms->wanted = s->wage_min > 0 ? s->wage_min : MATCH_NAN;
        ms->active = s->status == VL_SEEKER_ACTIVE;
    }
    /* ranks of the ids in byte order break ties without comparing strings in the hot loop */
    idx->vac_rank = vl_arena_alloc(idx->arena, (ds->n_vacancies + 1) * sizeof(uint32_t));
    idx->seek_rank = vl_arena_alloc(idx->arena, (ds->n_seekers + 1) * sizeof(uint32_t));
    /* base ranks are odd (2i + 1), so a record added later fits between two of them with an
     * even rank (see "Changes"); the orders are kept for finding those places */
    idx->vac_order = vl_arena_alloc(idx->arena, (ds->n_vacancies + 1) * sizeof(uint32_t));
    idx->seek_order = vl_arena_alloc(idx->arena, (ds->n_seekers + 1) * sizeof(uint32_t));
    if (!idx->vac_rank || !idx->seek_rank || !idx->vac_order || !idx->seek_order)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    if (ds->n_vacancies > UINT32_MAX / 2 - 1 || ds->n_seekers > UINT32_MAX / 2 - 1)
        return vl__error(ctx, VL_ERR_ARG, "too many records for one match index");
    uint32_t *order = idx->vac_order;
    for (size_t i = 0; i < ds->n_vacancies; i++)
        order[i] = (uint32_t)i;
    qsort_r(order, ds->n_vacancies, sizeof *order, cmp_vac_id, idx);
    for (size_t i = 0; i < ds->n_vacancies; i++)
        idx->vac_rank[order[i]] = (uint32_t)(2 * i + 1);
    order = idx->seek_order;
    for (size_t i = 0; i < ds->n_seekers; i++)
        order[i] = (uint32_t)i;
    qsort_r(order, ds->n_seekers, sizeof *order, cmp_seek_id, idx);
    for (size_t i = 0; i < ds->n_seekers; i++)
        idx->seek_rank[order[i]] = (uint32_t)(2 * i + 1);
    return VL_OK;
}

static void node_init(match_node *n)
{
    memset(n, 0, sizeof *n);
    n->max_offered = MATCH_NAN;
    n->min_wanted = MATCH_NAN;
    n->min_exp_min = INFINITY;
    n->max_exp = -INFINITY;
    n->max_commute = -INFINITY;
    n->max_edu_min = -1;
}

/* Folds a child's statistics into its parent's. */
static void node_merge(match_node *to, const match_node *from)
{
    if (!isnan(from->max_offered) && !(to->max_offered >= from->max_offered))
        to->max_offered = from->max_offered;
    if (!isnan(from->min_wanted) && !(to->min_wanted <= from->min_wanted))
        to->min_wanted = from->min_wanted;
    to->min_exp_min = fmin(to->min_exp_min, from->min_exp_min);
    to->max_exp = fmax(to->max_exp, from->max_exp);
    to->max_commute = fmax(to->max_commute, from->max_commute);
    if (from->max_edu_min > to->max_edu_min)
        to->max_edu_min = from->max_edu_min;
    to->any_unknown_wage |= from->any_unknown_wage;
    to->any_no_edu_min |= from->any_no_edu_min;
    to->any_pref |= from->any_pref;
    to->any_no_pref |= from->any_no_pref;
    to->any_abroad_ok |= from->any_abroad_ok;
    to->mask_union |= from->mask_union;
}

static void vac_item_stats(const vl_match_index *idx, uint32_t v, match_node *n)
{
    const vl_vacancy *vac = &idx->ds->vacancies[v];
    const match_vac *mv = &idx->vac[v];
    match_node one;
    node_init(&one);
    one.max_offered = mv->offered;
    one.any_unknown_wage = isnan(mv->offered);
    one.min_exp_min = vac->experience_min;
    if (vac->education_min >= 0)
        one.max_edu_min = vac->education_min;
    else
        one.any_no_edu_min = true;
    one.any_pref = mv->n_pref > 0;
    one.any_no_pref = mv->n_pref == 0;
    node_merge(n, &one);
}

static void seek_item_stats(const vl_match_index *idx, uint32_t s, match_node *n)
{
    const vl_seeker *sk = &idx->ds->seekers[s];
    const match_seek *ms = &idx->seek[s];
    match_node one;
    node_init(&one);
    one.min_wanted = ms->wanted;
    one.any_unknown_wage = isnan(ms->wanted);
    one.max_exp = sk->experience_years;
    one.max_commute = ms->commute;
    one.any_abroad_ok = sk->abroad.n > 0;
    one.mask_union = ms->mask;
    node_merge(n, &one);
}

/* Buckets by required-skill set, leaves by (occupation, location); items already sorted. */
static vl_status build_vac_tree(vl_ctx *ctx, vl_match_index *idx)
{
    match_tree *t = &idx->vt;
    size_t n = t->n_items;
    t->buckets = vl_arena_alloc(idx->arena, (n + 1) * sizeof *t->buckets);
    t->leaves = vl_arena_alloc(idx->arena, (n + 1) * sizeof *t->leaves);
    idx->codes = vl_arena_alloc(idx->arena, (n + 1) * sizeof *idx->codes);
    if (!t->buckets || !t->leaves || !idx->codes || !match_strmap_init(&idx->code_map, 512))
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    const vl_vacancy *vac = idx->ds->vacancies;
    for (size_t i = 0; i < n;) {
        const match_vac *first = &idx->vac[t->items[i]];
        match_bucket *b = &t->buckets[t->n_buckets++];
        node_init(&b->node);
        b->req = first->req;
        b->n_req = first->n_req;
        b->req_mask = first->req_mask;
        b->node.begin = (uint32_t)t->n_leaves;
        size_t j = i;
        while (j < n && same_req(first, &idx->vac[t->items[j]])) {
            const char *code = vac[t->items[j]].occupation;
            int32_t loc = vac_loc_key(idx, t->items[j]);
            match_node *leaf = &t->leaves[t->n_leaves++];
            node_init(leaf);
            leaf->loc = loc;
            leaf->begin = (uint32_t)j;
            uint32_t slot = match_strmap_get(&idx->code_map, code);
            if (slot == UINT32_MAX) {
                slot = (uint32_t)idx->n_codes;
                memcpy(idx->codes[idx->n_codes++], code, sizeof idx->codes[0]);
                if (match_strmap_put(&idx->code_map, idx->codes[slot], slot) == UINT32_MAX)
                    return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
            }
            leaf->code = slot;
            while (j < n && same_req(first, &idx->vac[t->items[j]]) &&
                   strcmp(vac[t->items[j]].occupation, code) == 0 &&
                   vac_loc_key(idx, t->items[j]) == loc)
                vac_item_stats(idx, t->items[j++], leaf);
            leaf->end = (uint32_t)j;
            node_merge(&b->node, leaf);
        }
        b->node.end = (uint32_t)t->n_leaves;
        i = j;
    }
    return VL_OK;
}

/* Adds (code, place) to a seeker bucket's list of wanted codes, keeping the best place. */
static bool bucket_add_code(vl_match_index *idx, match_bucket *b, size_t *cap, const char *code,
                            uint8_t place)
{
    for (uint32_t c = 0; c < b->n_codes; c++)
        if (strncmp(b->codes[c], code, 4) == 0) {
            if (place < b->places[c])
                b->places[c] = place;
            return true;
        }
    if (b->n_codes == *cap) {
        size_t ncap = *cap ? 2 * *cap : 8;
        char(*nc)[5] = vl_arena_alloc(idx->arena, ncap * sizeof *nc);
        uint8_t *np = vl_arena_alloc(idx->arena, ncap * sizeof *np);
        if (!nc || !np)
            return false;
        if (b->n_codes) {
            memcpy(nc, b->codes, b->n_codes * sizeof *nc);
            memcpy(np, b->places, b->n_codes * sizeof *np);
        }
        b->codes = nc;
        b->places = np;
        *cap = ncap;
    }
    snprintf(b->codes[b->n_codes], sizeof b->codes[0], "%s", code);
    b->places[b->n_codes++] = place;
    return true;
}

/* Buckets by first wanted occupation, leaves by area; posting lists of skills. */
static vl_status build_seek_tree(vl_ctx *ctx, vl_match_index *idx)
{
    match_tree *t = &idx->st;
    size_t n = t->n_items;
    const vl_seeker *sk = idx->ds->seekers;
    t->buckets = vl_arena_alloc(idx->arena, (n + 1) * sizeof *t->buckets);
    t->leaves = vl_arena_alloc(idx->arena, (n + 1) * sizeof *t->leaves);
    if (!t->buckets || !t->leaves)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    for (size_t i = 0; i < n;) {
        const char *code = first_occ(&sk[t->items[i]]);
        match_bucket *b = &t->buckets[t->n_buckets++];
        snprintf(b->code, sizeof b->code, "%s", code);
        node_init(&b->node);
        b->node.begin = (uint32_t)t->n_leaves;
        size_t j = i, cap = 0;
        while (j < n && strcmp(first_occ(&sk[t->items[j]]), code) == 0) {
            int32_t loc = idx->seek[t->items[j]].loc;
            match_node *leaf = &t->leaves[t->n_leaves++];
            node_init(leaf);
            leaf->loc = loc;
            leaf->begin = (uint32_t)j;
            while (j < n && strcmp(first_occ(&sk[t->items[j]]), code) == 0 &&
                   idx->seek[t->items[j]].loc == loc) {
                const vl_strlist *occ = &sk[t->items[j]].occupations;
                for (size_t q = 0; q < occ->n; q++)
                    if (!bucket_add_code(idx, b, &cap, occ->items[q], q < 255 ? (uint8_t)q : 255))
                        return vl__error(ctx, VL_ERR_NOMEM,
                                         "out of memory building the match index");
                seek_item_stats(idx, t->items[j++], leaf);
            }
            leaf->end = (uint32_t)j;
            node_merge(&b->node, leaf);
        }
        b->node.end = (uint32_t)t->n_leaves;
        i = j;
    }
    /* posting lists in tree order (compressed rows: counts, offsets, fill) */
    size_t n_skills = idx->skills.n;
    idx->post_off = vl_arena_alloc(idx->arena, (n_skills + 2) * sizeof *idx->post_off);
    if (!idx->post_off)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const match_seek *ms = &idx->seek[t->items[i]];
        for (uint32_t k = 0; k < ms->n_skills; k++)
            idx->post_off[ms->skills[k] + 1]++;
        total += ms->n_skills;
    }
    for (size_t k = 0; k < n_skills; k++) {
        if (idx->post_off[k + 1] > idx->max_post)
            idx->max_post = idx->post_off[k + 1];
        idx->post_off[k + 1] += idx->post_off[k];
    }
    idx->post = vl_arena_alloc(idx->arena, (total + 1) * sizeof *idx->post);
    uint32_t *fill = vl__calloc(n_skills + 1, sizeof *fill);
    if (!idx->post || !fill) {
        vl__free(fill);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    }
    for (size_t i = 0; i < n; i++) {
        const match_seek *ms = &idx->seek[t->items[i]];
        for (uint32_t k = 0; k < ms->n_skills; k++) {
            uint32_t id = ms->skills[k];
            idx->post[idx->post_off[id] + fill[id]++] = (uint32_t)i;
        }
    }
    vl__free(fill);
    return VL_OK;
}

/* The records in tree order, so a leaf's items are read from contiguous memory. */
static vl_status build_packed(vl_ctx *ctx, vl_match_index *idx)
{
    idx->vrec = vl_arena_alloc(idx->arena, (idx->vt.n_items + 1) * sizeof *idx->vrec);
    idx->srec = vl_arena_alloc(idx->arena, (idx->st.n_items + 1) * sizeof *idx->srec);
    if (!idx->vrec || !idx->srec)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    /* preferred skills, languages and seekers' skills copied in tree order as well */
    size_t n_pref = 0, n_lang = 0, n_skills = 0;
    for (size_t i = 0; i < idx->vt.n_items; i++) {
        n_pref += idx->vac[idx->vt.items[i]].n_pref;
        n_lang += idx->ds->vacancies[idx->vt.items[i]].n_languages;
    }
    for (size_t i = 0; i < idx->st.n_items; i++)
        n_skills += idx->seek[idx->st.items[i]].n_skills;
    uint32_t *pref_pool = vl_arena_alloc(idx->arena, (n_pref + 1) * sizeof *pref_pool);
    vl_lang *lang_pool = vl_arena_alloc(idx->arena, (n_lang + 1) * sizeof *lang_pool);
    uint32_t *skill_pool = vl_arena_alloc(idx->arena, (n_skills + 1) * sizeof *skill_pool);
    if (!pref_pool || !lang_pool || !skill_pool)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    for (size_t i = 0; i < idx->vt.n_items; i++) {
        uint32_t v = idx->vt.items[i];
        const vl_vacancy *vac = &idx->ds->vacancies[v];
        const match_vac *mv = &idx->vac[v];
        if (mv->n_pref)
            memcpy(pref_pool, mv->pref, mv->n_pref * sizeof *pref_pool);
        if (vac->n_languages)
            memcpy(lang_pool, vac->languages, vac->n_languages * sizeof *lang_pool);
        idx->vrec[i] = (match_vrec){
            .pos = v,
            .rank = idx->vac_rank[v],
            .pref = pref_pool,
            .n_pref = mv->n_pref,
            .age_min = vac->age_min,
            .age_max = vac->age_max,
            .edu_min = vac->education_min,
            .n_lang = (uint32_t)vac->n_languages,
            .langs = lang_pool,
            .exp_min = vac->experience_min,
            .offered = mv->offered,
        };
        pref_pool += mv->n_pref;
        lang_pool += vac->n_languages;
    }
    for (size_t i = 0; i < idx->st.n_items; i++) {
        uint32_t s = idx->st.items[i];
        const vl_seeker *sk = &idx->ds->seekers[s];
        const match_seek *ms = &idx->seek[s];
        if (ms->n_skills)
            memcpy(skill_pool, ms->skills, ms->n_skills * sizeof *skill_pool);
        idx->srec[i] = (match_srec){
            .pos = s,
            .rank = idx->seek_rank[s],
            .skills = skill_pool,
            .n_skills = ms->n_skills,
            .age = ms->age,
            .edu = sk->education,
            .n_lang = (uint32_t)sk->n_languages,
            .langs = sk->languages,
            .occupations = &sk->occupations,
            .abroad = &sk->abroad,
            .exp = sk->experience_years,
            .wanted = ms->wanted,
            .commute = ms->commute,
            .n_occ = (uint32_t)sk->occupations.n,
        };
        for (size_t q = 0; q < sk->occupations.n && q < MATCH_INLINE_OCC; q++)
            strncpy(idx->srec[i].occ[q], sk->occupations.items[q], 4); /* 4 digits at most */
        skill_pool += ms->n_skills;
    }
    return VL_OK;
}

vl_status vl_match_index_create(vl_ctx *ctx, const vl_dataset *ds, const vl_match_model *model,
                                const vl_match_options *opt, vl_match_index **out)
{
    if (!ds || !model || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_index_create: missing argument");
    *out = NULL;
    if (opt && opt->as_of) {
        if (!vl__date_valid(opt->as_of))
            return vl__error(ctx, VL_ERR_ARG, "the as-of date %d is not a calendar date (yyyymmdd)",
                             (int)opt->as_of);
    }
    vl_match_index *idx = vl__calloc(1, sizeof *idx);
    if (!idx || !(idx->arena = vl_arena_create())) {
        vl__free(idx);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    }
    idx->ds = ds;
    idx->p = model->p;
    idx->as_of = opt && opt->as_of ? opt->as_of : vl__today();
    idx->n_base_vac = ds->n_vacancies;
    idx->n_base_seek = ds->n_seekers;
    if (opt && opt->fair && !(idx->fair = vl_arena_strdup(idx->arena, opt->fair))) {
        vl_match_index_destroy(idx);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    }
    vl_status st = build_areas(ctx, idx);
    if (st == VL_OK)
        st = build_records(ctx, idx, opt ? opt->fair : NULL);
    if (st == VL_OK) {
        idx->vt.items = vl_arena_alloc(idx->arena, (ds->n_vacancies + 1) * sizeof(uint32_t));
        idx->st.items = vl_arena_alloc(idx->arena, (ds->n_seekers + 1) * sizeof(uint32_t));
        if (!idx->vt.items || !idx->st.items)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
    }
    if (st == VL_OK) {
        for (size_t i = 0; i < ds->n_vacancies; i++)
            if (idx->vac_in[i])
                idx->vt.items[idx->vt.n_items++] = (uint32_t)i;
        for (size_t i = 0; i < ds->n_seekers; i++)
            if (idx->seek[i].active)
                idx->st.items[idx->st.n_items++] = (uint32_t)i;
        idx->active = vl_arena_alloc(idx->arena, (idx->st.n_items + 1) * sizeof(uint32_t));
        if (idx->active) {
            memcpy(idx->active, idx->st.items, idx->st.n_items * sizeof(uint32_t));
            idx->n_active = idx->st.n_items;
        }
        qsort_r(idx->vt.items, idx->vt.n_items, sizeof(uint32_t), cmp_vac_tree, idx);
        qsort_r(idx->st.items, idx->st.n_items, sizeof(uint32_t), cmp_seek_tree, idx);
        st = idx->active ? build_vac_tree(ctx, idx)
                         : vl__error(ctx, VL_ERR_NOMEM, "out of memory building the match index");
        if (st == VL_OK)
            st = build_seek_tree(ctx, idx);
        if (st == VL_OK)
            st = build_packed(ctx, idx);
    }
    if (st != VL_OK) {
        vl_match_index_destroy(idx);
        return st;
    }
    idx->n_post_skills = idx->skills.n;
    idx->n_vac_in = idx->vt.n_items;
    vl__log(ctx, VL_LOG_DEBUG,
            "match index: %zu vacancies in %zu skill sets / %zu leaves; %zu seekers in %zu "
            "occupation groups / %zu leaves",
            idx->vt.n_items, idx->vt.n_buckets, idx->vt.n_leaves, idx->st.n_items,
            idx->st.n_buckets, idx->st.n_leaves);
    *out = idx;
    return VL_OK;
}

void vl_match_index_destroy(vl_match_index *idx)
{
    if (!idx)
        return;
    match_strmap_free(&idx->seeker_ids);
    match_strmap_free(&idx->vacancy_ids);
    match_strmap_free(&idx->skills);
    match_strmap_free(&idx->areas_map);
    match_strmap_free(&idx->countries);
    match_strmap_free(&idx->code_map);
    if (idx->grown) {
        vl__free(idx->vac);
        vl__free(idx->seek);
        vl__free(idx->vac_in);
        vl__free(idx->vac_rank);
        vl__free(idx->seek_rank);
        vl__free(idx->active);
        vl__free((void *)idx->view.vacancies);
        vl__free((void *)idx->view.seekers);
    }
    vl__free(idx->dvac);
    vl__free(idx->dseek);
    vl_arena_destroy(idx->arena);
    vl__free(idx);
}

const vl_dataset *vl_match_index_dataset(const vl_match_index *idx)
{
    return idx ? idx->ds : NULL;
}

int32_t vl_match_index_as_of(const vl_match_index *idx)
{
    return idx ? idx->as_of : 0;
}

size_t vl_match_index_vacancy_count(const vl_match_index *idx)
{
    return idx ? idx->n_vac_in : 0;
}

size_t vl_match_index_seeker_count(const vl_match_index *idx)
{
    return idx ? idx->n_active : 0;
}

bool vl_match_index_find_seeker(const vl_match_index *idx, const char *id, size_t *pos)
{
    uint32_t i = idx && id ? match_strmap_get(&idx->seeker_ids, id) : UINT32_MAX;
    if (i == UINT32_MAX)
        return false;
    if (pos)
        *pos = i;
    return true;
}

bool vl_match_index_find_vacancy(const vl_match_index *idx, const char *id, size_t *pos)
{
    uint32_t i = idx && id ? match_strmap_get(&idx->vacancy_ids, id) : UINT32_MAX;
    if (i == UINT32_MAX)
        return false;
    if (pos)
        *pos = i;
    return true;
}

bool vl_match_index_seeker_active(const vl_match_index *idx, size_t seeker)
{
    return idx && seeker < idx->ds->n_seekers && idx->seek[seeker].active;
}

bool vl_match_index_has_vacancy(const vl_match_index *idx, size_t vacancy)
{
    return idx && vacancy < idx->ds->n_vacancies && idx->vac_in[vacancy];
}

/*
 * How a search works. Vacancies in the index are grouped in two levels: buckets by their set
 * of required skills, leaves by (occupation, location) within a bucket; active seekers by first
 * wanted occupation, then area. Every node keeps statistics of what lies below (best wage
 * offered, lowest experience minimum, ...), from which a query computes an upper bound of the
 * score of any pair in the node: occupation and distance are exact per leaf, the rest bounded
 * by the statistics. Each component is monotone and fit, appeal and the score are monotone in
 * the components, so a bound computed with the same functions is never below a score under it.
 * Nodes are taken best bound first; the search stops when the best bound left falls below the
 * k-th score found (by more than MATCH_BOUND_SLACK, so an equal score with a smaller id is
 * never lost) or below the minimum score. Nodes that break a hard constraint as a whole
 * (required skills, country, commute) are never opened.
 */

/* ---- searching --------------------------------------------------------------------------- */

typedef struct pq_item {
    double bound;
    uint32_t node;
    uint32_t leaf; /* 1 = leaf, 0 = bucket */
} pq_item;

/* Per-thread scratch of a search, allocated once and reused for every query. */
typedef struct match_ws {
    pq_item *pq;
    size_t n_pq, cap_pq;
    double *fo, *ao; /* occupation components: per seeker bucket, or per vacancy code slot */
    double *km;      /* per area slot: distance from the query's area */
    uint32_t *code_stamp, *area_stamp, stamp; /* cache validity: slot valid if == stamp */
    uint32_t *cand; /* vacancy query: tree positions of seekers holding every required skill */
    size_t n_cand;
    vl_match_result *top;
    uint32_t *top_rank; /* id rank of each entry of top (the tie-break) */
    size_t n_top, k;
    uint64_t scored, pairs;
    const vl_match_index *idx; /* for ties between appended records (equal even ranks) */
    bool by_vac;               /* ranking seekers (for a vacancy) rather than vacancies */
} match_ws;

static void ws_free(match_ws *w)
{
    if (!w)
        return;
    vl__free(w->pq);
    vl__free(w->fo);
    vl__free(w->ao);
    vl__free(w->km);
    vl__free(w->code_stamp);
    vl__free(w->area_stamp);
    vl__free(w->cand);
    vl__free(w->top);
    vl__free(w->top_rank);
    memset(w, 0, sizeof *w);
}

static bool ws_init(match_ws *w, const vl_match_index *idx, size_t k)
{
    memset(w, 0, sizeof *w);
    size_t nb = idx->st.n_buckets > idx->n_codes ? idx->st.n_buckets : idx->n_codes;
    size_t nl = idx->vt.n_leaves > idx->st.n_leaves ? idx->vt.n_leaves : idx->st.n_leaves;
    w->cap_pq = nb + nl + 1;
    w->pq = vl__malloc(w->cap_pq * sizeof *w->pq);
    w->fo = vl__malloc((nb + 1) * sizeof *w->fo);
    w->ao = vl__malloc((nb + 1) * sizeof *w->ao);
    w->km = vl__malloc((idx->n_areas + 1) * sizeof *w->km);
    w->code_stamp = vl__calloc(nb + 1, sizeof *w->code_stamp);
    w->area_stamp = vl__calloc(idx->n_areas + 1, sizeof *w->area_stamp);
    w->cand = vl__malloc((idx->max_post + 1) * sizeof *w->cand);
    w->k = k;
    w->top = vl__malloc((k + 1) * sizeof *w->top);
    w->top_rank = vl__malloc((k + 1) * sizeof *w->top_rank);
    if (!w->pq || !w->fo || !w->ao || !w->km || !w->code_stamp || !w->area_stamp || !w->cand ||
        !w->top || !w->top_rank) {
        ws_free(w);
        return false;
    }
    return true;
}

/* Starts a query: invalidates the caches (a wrap of the stamp clears them). */
static void ws_next(match_ws *w, const vl_match_index *idx)
{
    if (++w->stamp == 0) {
        size_t nb = idx->st.n_buckets > idx->n_codes ? idx->st.n_buckets : idx->n_codes;
        memset(w->code_stamp, 0, (nb + 1) * sizeof *w->code_stamp);
        memset(w->area_stamp, 0, (idx->n_areas + 1) * sizeof *w->area_stamp);
        w->stamp = 1;
    }
}

/* Distance from area slot `from` to slot `to`, cached for the query. */
static double ws_km(match_ws *w, const vl_match_index *idx, int32_t from, int32_t to)
{
    if (to < 0 || from < 0)
        return match_distance(idx, from, to);
    if (w->area_stamp[to] != w->stamp) {
        w->km[to] = match_distance(idx, from, to);
        w->area_stamp[to] = w->stamp;
    }
    return w->km[to];
}

static void pq_push(match_ws *w, double bound, uint32_t node, uint32_t leaf)
{
    assert(w->n_pq < w->cap_pq);
    size_t i = w->n_pq++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (w->pq[parent].bound >= bound)
            break;
        w->pq[i] = w->pq[parent];
        i = parent;
    }
    w->pq[i] = (pq_item){bound, node, leaf};
}

static pq_item pq_pop(match_ws *w)
{
    assert(w->n_pq > 0);
    pq_item top = w->pq[0], last = w->pq[--w->n_pq];
    size_t i = 0, n = w->n_pq;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && w->pq[c + 1].bound > w->pq[c].bound)
            c++;
        if (w->pq[c].bound <= last.bound)
            break;
        w->pq[i] = w->pq[c];
        i = c;
    }
    if (n)
        w->pq[i] = last;
    return top;
}

/*
 * a before b in a ranking: higher score, then smaller id. Ids are compared by rank; two
 * records appended after the build may share an (even) rank, and then their ids decide.
 */
static bool ranks_before(const match_ws *w, const vl_match_result *a, uint32_t ia,
                         const vl_match_result *b, uint32_t ib)
{
    if (a->score != b->score)
        return a->score > b->score;
    if (ia != ib)
        return ia < ib;
    const vl_dataset *ds = w->idx->ds;
    const char *x = w->by_vac ? ds->seekers[a->seeker].id : ds->vacancies[a->vacancy].id;
    const char *y = w->by_vac ? ds->seekers[b->seeker].id : ds->vacancies[b->vacancy].id;
    return strcmp(x, y) < 0;
}

/* Offers a scored pair (whose ranked side has id rank `id`) to the running top-k. */
static void top_offer(match_ws *w, const vl_match_result *r, uint32_t id)
{
    if (w->k == 0)
        return;
    if (w->n_top == w->k) {
        if (!ranks_before(w, r, id, &w->top[w->k - 1], w->top_rank[w->k - 1]))
            return;
        w->n_top--;
    }
    size_t i = w->n_top;
    while (i > 0 && ranks_before(w, r, id, &w->top[i - 1], w->top_rank[i - 1])) {
        w->top[i] = w->top[i - 1];
        w->top_rank[i] = w->top_rank[i - 1];
        i--;
    }
    w->top[i] = *r;
    w->top_rank[i] = id;
    w->n_top++;
}

/* Whether a node whose pairs score at most `bound` can still matter. */
static bool worth(const match_ws *w, double bound, double min_score)
{
    if (bound + MATCH_BOUND_SLACK < min_score || w->k == 0)
        return false;
    return w->n_top < w->k || bound + MATCH_BOUND_SLACK >= w->top[w->k - 1].score;
}

/* The exhaustive path: every constraint and component from the dataset. */
static void try_pair(const vl_match_index *idx, match_ws *w, size_t s, size_t v, double min_score,
                     bool by_vac)
{
    double d;
    w->scored++;
    if (!match_eligible(idx, s, v, &d))
        return;
    vl_match_result r;
    match_score_pair(idx, s, v, d, &r);
    if (r.score >= min_score)
        top_offer(w, &r, by_vac ? idx->seek_rank[s] : idx->vac_rank[v]);
}

/* Upper bound of the score of a seeker against any vacancy below node n. */
static double vac_node_bound(const vl_match_index *idx, const vl_seeker *s, const match_seek *ms,
                             const match_node *n, double fo, double ao, double dist)
{
    const vl_match_params *p = &idx->p;
    double sk = n->any_pref ? 1 : 0;
    if (n->any_no_pref && p->skills_none_preferred > sk)
        sk = p->skills_none_preferred;
    double ex = match_experience_score(p, s->experience_years, n->min_exp_min);
    double ed = 0;
    if (n->max_edu_min >= 0)
        ed = s->education <= n->max_edu_min
                 ? 1
                 : match_education_score(p, s->education, n->max_edu_min);
    if (n->any_no_edu_min && p->education_no_minimum > ed)
        ed = p->education_no_minimum;
    double wg;
    if (isnan(ms->wanted)) {
        wg = p->wage_unknown;
    } else {
        wg = isnan(n->max_offered) ? 0 : match_wage_score(p, n->max_offered, ms->wanted);
        if (n->any_unknown_wage && p->wage_unknown > wg)
            wg = p->wage_unknown;
    }
    return match_combine(p, match_fit(p, fo, sk, ex, ed), match_appeal(p, ao, wg, dist));
}

static bool holds_all(const uint32_t *skills, uint32_t n_skills, const uint32_t *req,
                      uint32_t n_req)
{
    uint32_t j = 0;
    for (uint32_t i = 0; i < n_req; i++) {
        while (j < n_skills && skills[j] < req[i])
            j++;
        if (j == n_skills || skills[j] != req[i])
            return false;
    }
    return true;
}

/*
 * Scores the vacancies of one leaf for a seeker. The bucket proved the required skills and the
 * leaf the location (country accepted or within the commute): what is left per vacancy are
 * the languages, education and age.
 */
static void seeker_leaf(const vl_match_index *idx, match_ws *w, size_t s, const match_node *leaf,
                        double fo, double ao, double km, double min_score)
{
    const vl_seeker *sk = &idx->ds->seekers[s];
    const match_seek *ms = &idx->seek[s];
    match_pair_in in = {
        .fo = fo,
        .ao = ao,
        .km = km,
        .abroad = leaf->loc <= MATCH_LOC_ABROAD,
        .commute = ms->commute,
        .exp_years = sk->experience_years,
        .edu = sk->education,
        .wanted = ms->wanted,
        .skills = ms->skills,
        .n_skills = ms->n_skills,
    };
    for (uint32_t i = leaf->begin; i < leaf->end; i++) {
        const match_vrec *vr = &idx->vrec[i];
        if (!idx->vac_in[vr->pos])
            continue; /* changed or removed since the build */
        w->scored++;
        if ((vr->n_lang &&
             !match_langs_ok(sk->languages, sk->n_languages, vr->langs, vr->n_lang)) ||
            (vr->edu_min >= 0 && sk->education < vr->edu_min) ||
            !match_age_ok(&idx->p, ms->age, vr->age_min, vr->age_max))
            continue;
        in.exp_min = vr->exp_min;
        in.edu_min = vr->edu_min;
        in.offered = vr->offered;
        in.pref = vr->pref;
        in.n_pref = vr->n_pref;
        vl_match_result r;
        match_score_in(&idx->p, &in, &r);
        if (r.score < min_score)
            continue;
        r.seeker = s;
        r.vacancy = vr->pos;
        top_offer(w, &r, vr->rank);
    }
}

static void search_for_seeker(const vl_match_index *idx, match_ws *w, size_t s, size_t k,
                              double min_score, bool exhaustive)
{
    const vl_match_params *p = &idx->p;
    const match_tree *t = &idx->vt;
    w->n_top = 0;
    w->k = k;
    w->idx = idx;
    w->by_vac = false;
    w->pairs += t->n_items + idx->n_dvac;
    if (!idx->seek[s].active || k == 0)
        return;
    /* vacancies appended since the build: every pair scored (see "Changes") */
    for (size_t i = 0; i < idx->n_dvac; i++)
        try_pair(idx, w, s, idx->dvac[i], min_score, false);
    if (exhaustive) {
        for (size_t i = 0; i < t->n_items; i++)
            try_pair(idx, w, s, t->items[i], min_score, false);
        return;
    }
    const vl_seeker *sk = &idx->ds->seekers[s];
    const match_seek *ms = &idx->seek[s];
    ws_next(w, idx);
    w->n_pq = 0;
    /* buckets whose required skills the seeker holds; their leaves go to the queue by bound */
    for (size_t b = 0; b < t->n_buckets; b++) {
        const match_bucket *bk = &t->buckets[b];
        if ((bk->req_mask & ~ms->mask) || !holds_all(ms->skills, ms->n_skills, bk->req, bk->n_req))
            continue;
        for (uint32_t l = bk->node.begin; l < bk->node.end; l++) {
            const match_node *leaf = &t->leaves[l];
            double dist;
            if (leaf->loc <= MATCH_LOC_ABROAD) {
                const char *country = idx->ds->vacancies[t->items[leaf->begin]].country;
                if (!match_accepts_country(sk, country))
                    continue;
                dist = match_distance_score(p, MATCH_NAN, ms->commute, true);
            } else {
                double km = ws_km(w, idx, ms->loc, leaf->loc);
                if (!(km <= ms->commute))
                    continue;
                dist = match_distance_score(p, km, ms->commute, false);
            }
            uint32_t c = leaf->code;
            if (w->code_stamp[c] != w->stamp) {
                match_occ_pair(p, &sk->occupations, idx->codes[c], &w->fo[c], &w->ao[c]);
                w->code_stamp[c] = w->stamp;
            }
            double ub = vac_node_bound(idx, sk, ms, leaf, w->fo[c], w->ao[c], dist);
            if (worth(w, ub, min_score))
                pq_push(w, ub, l, 1);
        }
    }
    while (w->n_pq) {
        pq_item it = pq_pop(w);
        if (!worth(w, it.bound, min_score))
            break; /* every bound left is lower still */
        const match_node *leaf = &t->leaves[it.node];
        uint32_t c = leaf->code;
        double km = leaf->loc <= MATCH_LOC_ABROAD ? MATCH_NAN : ws_km(w, idx, ms->loc, leaf->loc);
        seeker_leaf(idx, w, s, leaf, w->fo[c], w->ao[c], km, min_score);
    }
}

/* Upper bound of the score of a vacancy against any seeker below node n. */
static double seek_node_bound(const vl_match_index *idx, const vl_vacancy *v, const match_vac *mv,
                              const match_node *n, double fo, double ao, double dist)
{
    const vl_match_params *p = &idx->p;
    double sk = mv->n_pref ? 1 : p->skills_none_preferred;
    double ex = match_experience_score(p, n->max_exp, v->experience_min);
    double ed = v->education_min >= 0 ? 1 : p->education_no_minimum;
    double wg;
    if (isnan(mv->offered)) {
        wg = p->wage_unknown;
    } else {
        wg = isnan(n->min_wanted) ? 0 : match_wage_score(p, mv->offered, n->min_wanted);
        if (n->any_unknown_wage && p->wage_unknown > wg)
            wg = p->wage_unknown;
    }
    return match_combine(p, match_fit(p, fo, sk, ex, ed), match_appeal(p, ao, wg, dist));
}

/* Candidate seekers of a vacancy: the intersection of its required skills' posting lists. */
static bool vacancy_candidates(const vl_match_index *idx, match_ws *w, const match_vac *mv)
{
    if (mv->n_req == 0)
        return false; /* everyone: no list */
    w->n_cand = 0;
    for (uint32_t i = 0; i < mv->n_req; i++)
        if (mv->req[i] >= idx->n_post_skills)
            return true; /* a skill first seen after the build: no base seeker holds it */
    uint32_t shortest = 0;
    for (uint32_t i = 1; i < mv->n_req; i++)
        if (idx->post_off[mv->req[i] + 1] - idx->post_off[mv->req[i]] <
            idx->post_off[mv->req[shortest] + 1] - idx->post_off[mv->req[shortest]])
            shortest = i;
    const uint32_t *list = idx->post + idx->post_off[mv->req[shortest]];
    size_t n = idx->post_off[mv->req[shortest] + 1] - idx->post_off[mv->req[shortest]];
    w->n_cand = 0;
    for (size_t i = 0; i < n; i++) {
        const match_srec *sr = &idx->srec[list[i]];
        if (mv->n_req == 1 || holds_all(sr->skills, sr->n_skills, mv->req, mv->n_req))
            w->cand[w->n_cand++] = list[i];
    }
    return true;
}

/* First candidate position >= pos. */
static size_t cand_lower(const match_ws *w, uint32_t pos)
{
    size_t lo = 0, hi = w->n_cand;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->cand[mid] < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * Scores one seeker (tree position) for a vacancy whose required skills it holds: what is left
 * are the languages, education, age and the seeker's own commute limit or countries.
 */
static void vacancy_pair(const vl_match_index *idx, match_ws *w, size_t v, uint32_t tp, double km,
                         double min_score)
{
    const vl_vacancy *vac = &idx->ds->vacancies[v];
    const match_vac *mv = &idx->vac[v];
    const match_srec *sr = &idx->srec[tp];
    if (!idx->seek[sr->pos].active)
        return; /* changed or removed since the build */
    w->scored++;
    if ((vac->n_languages &&
         !match_langs_ok(sr->langs, sr->n_lang, vac->languages, vac->n_languages)) ||
        (vac->education_min >= 0 && sr->edu < vac->education_min) ||
        !match_age_ok(&idx->p, sr->age, vac->age_min, vac->age_max))
        return;
    if (mv->abroad) {
        const vl_seeker *s = &idx->ds->seekers[sr->pos];
        if (!match_accepts_country(s, vac->country))
            return;
    } else if (!(km <= sr->commute)) {
        return;
    }
    match_pair_in in = {
        .km = km,
        .abroad = mv->abroad,
        .commute = sr->commute,
        .exp_years = sr->exp,
        .exp_min = vac->experience_min,
        .edu = sr->edu,
        .edu_min = vac->education_min,
        .offered = mv->offered,
        .wanted = sr->wanted,
        .pref = mv->pref,
        .n_pref = mv->n_pref,
        .skills = sr->skills,
        .n_skills = sr->n_skills,
    };
    if (sr->n_occ <= MATCH_INLINE_OCC)
        match_occ_pair_inline(&idx->p, sr->occ, sr->n_occ, vac->occupation, &in.fo, &in.ao);
    else
        match_occ_pair(&idx->p, sr->occupations, vac->occupation, &in.fo, &in.ao);
    vl_match_result r;
    match_score_in(&idx->p, &in, &r);
    if (r.score < min_score)
        return;
    r.seeker = sr->pos;
    r.vacancy = v;
    top_offer(w, &r, sr->rank);
}

static void search_for_vacancy(const vl_match_index *idx, match_ws *w, size_t v, size_t k,
                               double min_score, bool exhaustive)
{
    const vl_match_params *p = &idx->p;
    const match_tree *t = &idx->st;
    w->n_top = 0;
    w->k = k;
    w->idx = idx;
    w->by_vac = true;
    w->pairs += t->n_items + idx->n_dseek;
    if (!idx->vac_in[v] || k == 0)
        return;
    for (size_t i = 0; i < idx->n_dseek; i++)
        try_pair(idx, w, idx->dseek[i], v, min_score, true);
    if (exhaustive) {
        for (size_t i = 0; i < t->n_items; i++)
            try_pair(idx, w, t->items[i], v, min_score, true);
        return;
    }
    const vl_vacancy *vac = &idx->ds->vacancies[v];
    const match_vac *mv = &idx->vac[v];
    bool listed = vacancy_candidates(idx, w, mv);
    if (listed && w->n_cand == 0)
        return;
    ws_next(w, idx);
    w->n_pq = 0;
    for (size_t b = 0; b < t->n_buckets; b++) {
        const match_bucket *bk = &t->buckets[b];
        if (mv->req_mask & ~bk->node.mask_union)
            continue; /* a required skill nobody in the bucket holds */
        double fo = 0, ao = 0;
        for (uint32_t c = 0; c < bk->n_codes; c++) {
            double cl = match_occ_closeness(p, bk->codes[c], vac->occupation);
            double place = 1;
            for (uint8_t q = 0; q < bk->places[c]; q++)
                place *= p->preference_decay;
            if (cl > fo)
                fo = cl;
            if (cl * place > ao)
                ao = cl * place;
        }
        for (uint32_t l = bk->node.begin; l < bk->node.end; l++) {
            const match_node *leaf = &t->leaves[l];
            if (mv->req_mask & ~leaf->mask_union)
                continue;
            if (listed) {
                size_t c = cand_lower(w, leaf->begin);
                if (c == w->n_cand || w->cand[c] >= leaf->end)
                    continue; /* nobody in the leaf holds every required skill */
            }
            double dist;
            if (mv->abroad) {
                if (!leaf->any_abroad_ok)
                    continue;
                dist = match_distance_score(p, MATCH_NAN, 0, true);
            } else {
                double km = ws_km(w, idx, mv->loc, leaf->loc);
                if (!(km <= leaf->max_commute))
                    continue;
                dist = match_distance_score(p, km, leaf->max_commute, false);
            }
            double ub = seek_node_bound(idx, vac, mv, leaf, fo, ao, dist);
            if (worth(w, ub, min_score))
                pq_push(w, ub, l, 1);
        }
    }
    while (w->n_pq) {
        pq_item it = pq_pop(w);
        if (!worth(w, it.bound, min_score))
            break;
        const match_node *leaf = &t->leaves[it.node];
        double km = mv->abroad ? MATCH_NAN : ws_km(w, idx, mv->loc, leaf->loc);
        if (!listed) {
            for (uint32_t i = leaf->begin; i < leaf->end; i++)
                vacancy_pair(idx, w, v, i, km, min_score);
            continue;
        }
        for (size_t c = cand_lower(w, leaf->begin); c < w->n_cand && w->cand[c] < leaf->end; c++)
            vacancy_pair(idx, w, v, w->cand[c], km, min_score);
    }
}

/* ---- public queries ------------------------------------------------------------------------ */

vl_match_results *match_results_new(size_t n)
{
    vl_match_results *r = vl__calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->items = vl__calloc(n ? n : 1, sizeof *r->items);
    if (!r->items) {
        vl__free(r);
        return NULL;
    }
    return r;
}

static vl_status one_query(vl_ctx *ctx, const vl_match_index *idx, const char *id, size_t top,
                           unsigned flags, bool by_vacancy, vl_match_results **out)
{
    if (!idx || !id || !out)
        return vl__error(ctx, VL_ERR_ARG, "match query: missing argument");
    *out = NULL;
    size_t pos;
    bool found = by_vacancy ? vl_match_index_find_vacancy(idx, id, &pos)
                            : vl_match_index_find_seeker(idx, id, &pos);
    if (!found && by_vacancy)
        return vl__error(ctx, VL_ERR_NOTFOUND, "no vacancy with id '%s'", id);
    if (!found)
        return vl__error(ctx, VL_ERR_NOTFOUND, "no seeker with id '%s'", id);
    if (top == 0)
        return vl__error(ctx, VL_ERR_ARG, "match query: top must be at least 1");
    /* no query has more results than the other side has items: this also keeps (top + 1) *
     * sizeof(result) from overflowing for a huge top such as SIZE_MAX */
    size_t other = by_vacancy ? idx->ds->n_seekers : idx->ds->n_vacancies;
    if (top > other)
        top = other;
    match_ws w;
    if (!ws_init(&w, idx, top))
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory for a match query");
    bool exhaustive = (flags & VL_MATCH_EXHAUSTIVE) != 0;
    if (by_vacancy)
        search_for_vacancy(idx, &w, pos, top, idx->p.min_score, exhaustive);
    else
        search_for_seeker(idx, &w, pos, top, idx->p.min_score, exhaustive);
    vl_match_results *r = match_results_new(w.n_top);
    if (!r) {
        ws_free(&w);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory for match results");
    }
    for (size_t i = 0; i < w.n_top; i++) {
        r->items[i] = w.top[i];
        r->items[i].rank = (unsigned)(i + 1);
    }
    r->n = w.n_top;
    r->scored = w.scored;
    r->pairs = w.pairs;
    ws_free(&w);
    *out = r;
    return VL_OK;
}

vl_status vl_match_by_seeker(vl_ctx *ctx, const vl_match_index *idx, const char *id, size_t top,
                             unsigned flags, vl_match_results **out)
{
    return one_query(ctx, idx, id, top, flags, false, out);
}

vl_status vl_match_by_vacancy(vl_ctx *ctx, const vl_match_index *idx, const char *id, size_t top,
                              unsigned flags, vl_match_results **out)
{
    return one_query(ctx, idx, id, top, flags, true, out);
}

/* The batch over active seekers: results by slot (seeker order), so any thread count agrees. */
typedef struct batch {
    const vl_match_index *idx;
    match_ws *ws; /* one per worker */
    size_t k;
    double min_score;
    bool exhaustive;
    vl_match_result *slots; /* n_items * k */
    uint32_t *counts;
} batch;

static vl_status batch_range(void *arg, unsigned worker, size_t begin, size_t end)
{
    batch *b = arg;
    match_ws *w = &b->ws[worker];
    for (size_t i = begin; i < end; i++) {
        search_for_seeker(b->idx, w, b->idx->active[i], b->k, b->min_score, b->exhaustive);
        memcpy(&b->slots[i * b->k], w->top, w->n_top * sizeof *w->top);
        b->counts[i] = (uint32_t)w->n_top;
    }
    return VL_OK;
}

static vl_status run_batch(vl_ctx *ctx, const vl_match_index *idx, size_t k, double min_score,
                           bool exhaustive, const char *stage, batch *b, uint64_t *scored,
                           uint64_t *pairs)
{
    size_t n = idx->n_active;
    memset(b, 0, sizeof *b);
    b->idx = idx;
    /* no seeker can have more results than there are vacancies: slots stay small */
    if (k > idx->n_vac_in)
        k = idx->n_vac_in;
    b->k = k;
    b->min_score = min_score;
    b->exhaustive = exhaustive;
    unsigned threads = vl_ctx_threads(ctx) ? vl_ctx_threads(ctx) : 1;
    if (k && n > (SIZE_MAX / sizeof *b->slots - 1) / k)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory for a match batch");
    b->ws = vl__calloc(threads, sizeof *b->ws);
    b->slots = vl__malloc((n * k + 1) * sizeof *b->slots);
    b->counts = vl__calloc(n + 1, sizeof *b->counts);
    bool ok = b->ws && b->slots && b->counts;
    for (unsigned t = 0; ok && t < threads; t++)
        ok = ws_init(&b->ws[t], idx, k);
    vl_status st = ok ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory for a match batch");
    if (st == VL_OK)
        st = vl__parallel_for(ctx, n, 64, batch_range, b, stage);
    *scored = *pairs = 0;
    for (unsigned t = 0; b->ws && t < threads; t++) {
        *scored += b->ws[t].scored;
        *pairs += b->ws[t].pairs;
        ws_free(&b->ws[t]);
    }
    vl__free(b->ws);
    b->ws = NULL;
    return st;
}

vl_status vl_match_all_seekers(vl_ctx *ctx, const vl_match_index *idx, size_t top, unsigned flags,
                               vl_match_results **out)
{
    if (!idx || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_all_seekers: missing argument");
    *out = NULL;
    batch b;
    uint64_t scored, pairs;
    vl_status st = run_batch(ctx, idx, top, idx->p.min_score, (flags & VL_MATCH_EXHAUSTIVE) != 0,
                             "match", &b, &scored, &pairs);
    size_t total = 0;
    for (size_t i = 0; st == VL_OK && i < idx->n_active; i++)
        total += b.counts[i];
    vl_match_results *r = st == VL_OK ? match_results_new(total) : NULL;
    if (st == VL_OK && !r)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory for match results");
    if (st == VL_OK) {
        for (size_t i = 0; i < idx->n_active; i++)
            for (uint32_t j = 0; j < b.counts[i]; j++) {
                r->items[r->n] = b.slots[i * b.k + j];
                r->items[r->n++].rank = j + 1;
            }
        r->scored = scored;
        r->pairs = pairs;
        *out = r;
    }
    vl__free(b.slots);
    vl__free(b.counts);
    return st;
}

vl_status vl_match_candidates(vl_ctx *ctx, const vl_match_index *idx, double min_score,
                              size_t per_seeker, vl_match_candidate **out, size_t *n)
{
    if (!idx || !out || !n)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_candidates: missing argument");
    *out = NULL;
    *n = 0;
    if (!(min_score >= 0 && min_score <= 1))
        return vl__error(ctx, VL_ERR_ARG, "the minimum score must be within [0, 1]");
    size_t k = per_seeker ? per_seeker : (size_t)idx->p.candidates_per_seeker;
    batch b;
    uint64_t scored, pairs;
    vl_status st = run_batch(ctx, idx, k, min_score, false, "candidates", &b, &scored, &pairs);
    size_t total = 0;
    for (size_t i = 0; st == VL_OK && i < idx->n_active; i++)
        total += b.counts[i];
    vl_match_candidate *c = st == VL_OK ? vl__malloc((total + 1) * sizeof *c) : NULL;
    if (st == VL_OK && !c)
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory for candidate pairs");
    if (st == VL_OK) {
        for (size_t i = 0; i < idx->n_active; i++)
            for (uint32_t j = 0; j < b.counts[i]; j++) {
                const vl_match_result *r = &b.slots[i * b.k + j];
                c[(*n)++] =
                    (vl_match_candidate){r->seeker, r->vacancy, r->score, r->fit, r->appeal};
            }
        *out = c;
    }
    vl__free(b.slots);
    vl__free(b.counts);
    return st;
}

void vl_match_candidates_free(vl_match_candidate *c)
{
    vl__free(c);
}

/* ---- Changes ------------------------------------------------------------------------------- */

/*
 * How the index follows changes without a rebuild. The trees, their node statistics and the
 * packed records describe the records of the build (the base) and are never edited. A record
 * that changes or goes away is switched off where it is (vac_in / active false): every path of
 * a search checks that flag before scoring an item, and a switched-off item only makes a
 * node's statistics looser (a bound over a superset is still a bound), so the branch and bound
 * stays exact over what is left. The new version of a record is appended after the base
 * records (the index's own copy, in its own dataset view) and every query scores it against
 * its counterpart exhaustively (try_pair, the same scorer, the same bits). A search therefore
 * returns the exact top-k of base-still-on plus appended, which is the top-k of the changed
 * dataset; ties go by id because appended records get an even id rank between the odd ranks
 * of the base ids around them, and two appended records with the same rank compare their ids.
 * The appended part is scanned in full by each query, so a caller rebuilds the index when it
 * grows large (vl_match_index_changes).
 */

static bool grow_u32(uint32_t **a, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : 16;
    while (nc < need)
        nc *= 2;
    uint32_t *b = vl__realloc(*a, nc * sizeof *b);
    if (!b)
        return false;
    *a = b;
    *cap = nc;
    return true;
}

/* Moves the per-record arrays to malloc'd ones with room for more (once), then grows them. */
static bool reserve(vl_match_index *idx, size_t n_vac, size_t n_seek)
{
    const vl_dataset *ds = idx->ds;
    if (!idx->grown) {
        size_t cv = ds->n_vacancies + 64, cs = ds->n_seekers + 64;
        match_vac *vac = vl__malloc(cv * sizeof *vac);
        bool *vac_in = vl__malloc(cv * sizeof *vac_in);
        uint32_t *vrank = vl__malloc(cv * sizeof *vrank);
        vl_vacancy *vv = vl__malloc(cv * sizeof *vv);
        match_seek *seek = vl__malloc(cs * sizeof *seek);
        uint32_t *srank = vl__malloc(cs * sizeof *srank);
        vl_seeker *sv = vl__malloc(cs * sizeof *sv);
        uint32_t *active = vl__malloc(cs * sizeof *active);
        if (!vac || !vac_in || !vrank || !vv || !seek || !srank || !sv || !active) {
            vl__free(vac), vl__free(vac_in), vl__free(vrank), vl__free(vv);
            vl__free(seek), vl__free(srank), vl__free(sv), vl__free(active);
            return false;
        }
        memcpy(vac, idx->vac, ds->n_vacancies * sizeof *vac);
        memcpy(vac_in, idx->vac_in, ds->n_vacancies * sizeof *vac_in);
        memcpy(vrank, idx->vac_rank, ds->n_vacancies * sizeof *vrank);
        if (ds->n_vacancies)
            memcpy(vv, ds->vacancies, ds->n_vacancies * sizeof *vv);
        memcpy(seek, idx->seek, ds->n_seekers * sizeof *seek);
        memcpy(srank, idx->seek_rank, ds->n_seekers * sizeof *srank);
        if (ds->n_seekers)
            memcpy(sv, ds->seekers, ds->n_seekers * sizeof *sv);
        memcpy(active, idx->active, idx->n_active * sizeof *active);
        idx->vac = vac, idx->vac_in = vac_in, idx->vac_rank = vrank;
        idx->seek = seek, idx->seek_rank = srank, idx->active = active;
        idx->view = *ds;
        idx->view.vacancies = vv;
        idx->view.seekers = sv;
        idx->view.owner = NULL;
        idx->ds = &idx->view;
        idx->cap_vac = cv;
        idx->cap_seek = cs;
        idx->grown = true;
    }
    if (n_vac > idx->cap_vac) {
        size_t nc = 2 * n_vac;
        match_vac *vac = vl__realloc(idx->vac, nc * sizeof *vac);
        if (vac)
            idx->vac = vac;
        bool *vac_in = vac ? vl__realloc(idx->vac_in, nc * sizeof *vac_in) : NULL;
        if (vac_in)
            idx->vac_in = vac_in;
        uint32_t *vrank = vac_in ? vl__realloc(idx->vac_rank, nc * sizeof *vrank) : NULL;
        if (vrank)
            idx->vac_rank = vrank;
        vl_vacancy *vv = vrank ? vl__realloc((void *)idx->view.vacancies, nc * sizeof *vv) : NULL;
        if (!vv)
            return false;
        idx->view.vacancies = vv;
        idx->cap_vac = nc;
    }
    if (n_seek > idx->cap_seek) {
        size_t nc = 2 * n_seek;
        match_seek *seek = vl__realloc(idx->seek, nc * sizeof *seek);
        if (seek)
            idx->seek = seek;
        uint32_t *srank = seek ? vl__realloc(idx->seek_rank, nc * sizeof *srank) : NULL;
        if (srank)
            idx->seek_rank = srank;
        uint32_t *active = srank ? vl__realloc(idx->active, nc * sizeof *active) : NULL;
        if (active)
            idx->active = active;
        vl_seeker *sv = active ? vl__realloc((void *)idx->view.seekers, nc * sizeof *sv) : NULL;
        if (!sv)
            return false;
        idx->view.seekers = sv;
        idx->cap_seek = nc;
    }
    return true;
}

/* Even rank of a new id: twice the number of base ids before it (between two odd ranks). */
static uint32_t new_rank(const vl_match_index *idx, const char *id, bool vacancy)
{
    const uint32_t *order = vacancy ? idx->vac_order : idx->seek_order;
    size_t lo = 0, hi = vacancy ? idx->n_base_vac : idx->n_base_seek;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m =
            vacancy ? idx->ds->vacancies[order[mid]].id : idx->ds->seekers[order[mid]].id;
        if (strcmp(m, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)(2 * lo);
}

static void drop_u32(uint32_t *a, size_t *n, uint32_t v)
{
    for (size_t i = 0; i < *n; i++)
        if (a[i] == v) {
            memmove(a + i, a + i + 1, (*n - i - 1) * sizeof *a);
            (*n)--;
            return;
        }
}

/* Switches off the current version of a vacancy (if any). */
static void vacancy_off(vl_match_index *idx, const char *id)
{
    uint32_t old = match_strmap_get(&idx->vacancy_ids, id);
    if (old == UINT32_MAX || !idx->vac_in[old])
        return;
    idx->vac_in[old] = false;
    idx->n_vac_in--;
    if (old >= idx->n_base_vac)
        drop_u32(idx->dvac, &idx->n_dvac, old);
}

static void seeker_off(vl_match_index *idx, const char *id)
{
    uint32_t old = match_strmap_get(&idx->seeker_ids, id);
    if (old == UINT32_MAX || !idx->seek[old].active)
        return;
    idx->seek[old].active = false;
    drop_u32(idx->active, &idx->n_active, old);
    if (old >= idx->n_base_seek)
        drop_u32(idx->dseek, &idx->n_dseek, old);
}

/* Copies a string list into the arena (NULL items become ""). */
static bool copy_list(vl_arena *a, vl_strlist *to, const vl_strlist *from)
{
    to->n = from->items ? from->n : 0;
    to->items = NULL;
    if (!to->n)
        return true;
    const char **items = vl_arena_alloc(a, to->n * sizeof *items);
    if (!items)
        return false;
    for (size_t i = 0; i < to->n; i++)
        if (!(items[i] = vl_arena_strdup(a, from->items[i] ? from->items[i] : "")))
            return false;
    to->items = items;
    return true;
}

static const vl_lang *copy_langs(vl_arena *a, const vl_lang *l, size_t n)
{
    if (!n)
        return NULL;
    vl_lang *c = vl_arena_alloc(a, n * sizeof *c);
    if (c)
        memcpy(c, l, n * sizeof *c);
    return c;
}

static const char *copy_str(vl_arena *a, const char *s, bool *ok)
{
    if (!s)
        return NULL;
    const char *c = vl_arena_strdup(a, s);
    *ok = *ok && c;
    return c;
}

/* Room for one more key, so the next match_strmap_set cannot fail. */
static bool map_room(match_strmap *m)
{
    return 2 * (m->n + 1) <= m->cap || strmap_grow(m);
}

static vl_status nomem(vl_ctx *ctx)
{
    return vl__error(ctx, VL_ERR_NOMEM, "out of memory following a change in the match index");
}

vl_status vl_match_index_put_vacancy(vl_ctx *ctx, vl_match_index *idx, const vl_vacancy *v)
{
    if (!idx || !v || !v->id || !*v->id)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_index_put_vacancy: missing argument");
    size_t q = idx->ds->n_vacancies;
    if (q >= UINT32_MAX / 2 - 1 || !reserve(idx, q + 1, idx->ds->n_seekers) ||
        !grow_u32(&idx->dvac, &idx->cap_dvac, idx->n_dvac + 1))
        return nomem(ctx);
    vl_arena *a = idx->arena;
    vl_vacancy c = *v;
    bool ok = true;
    c.id = copy_str(a, v->id, &ok);
    c.employer = copy_str(a, v->employer, &ok);
    c.title = copy_str(a, v->title, &ok);
    c.area = copy_str(a, v->area, &ok);
    c.fair = copy_str(a, v->fair, &ok);
    ok = ok && copy_list(a, &c.skills_required, &v->skills_required) &&
         copy_list(a, &c.skills_required_keys, &v->skills_required_keys) &&
         copy_list(a, &c.skills_preferred, &v->skills_preferred) &&
         copy_list(a, &c.skills_preferred_keys, &v->skills_preferred_keys);
    c.languages = copy_langs(a, v->languages, v->n_languages);
    if (!ok || (v->n_languages && !c.languages))
        return nomem(ctx);
    match_vac mv;
    memset(&mv, 0, sizeof mv);
    vl_status st =
        intern_skills(ctx, idx, &c.skills_required, &c.skills_required_keys, &mv.req, &mv.n_req);
    if (st == VL_OK)
        st = intern_skills(ctx, idx, &c.skills_preferred, &c.skills_preferred_keys, &mv.pref,
                           &mv.n_pref);
    if (st != VL_OK)
        return st;
    if (mv.n_req > 1)
        qsort(mv.req, mv.n_req, sizeof *mv.req, cmp_u32);
    for (uint32_t k = 0; k < mv.n_req; k++)
        mv.req_mask |= UINT64_C(1) << (mv.req[k] & 63);
    mv.abroad = c.country[0] && strcmp(c.country, "VN") != 0;
    mv.loc = mv.abroad ? -1 : area_slot(idx, c.area);
    if (mv.abroad &&
        match_strmap_put(&idx->countries, c.country, (uint32_t)idx->countries.n) == UINT32_MAX)
        return nomem(ctx);
    if (c.wage_min > 0 && c.wage_max > 0)
        mv.offered = (c.wage_min + c.wage_max) / 2;
    else if (c.wage_max > 0 || c.wage_min > 0)
        mv.offered = c.wage_max > 0 ? c.wage_max : c.wage_min;
    else
        mv.offered = MATCH_NAN;
    /* the last step that can fail; then the old version goes off and the new one on */
    if (!map_room(&idx->vacancy_ids))
        return nomem(ctx);
    vacancy_off(idx, c.id);
    match_strmap_set(&idx->vacancy_ids, c.id, (uint32_t)q);
    vl_vacancy *vv = (vl_vacancy *)idx->view.vacancies;
    vv[q] = c;
    idx->vac[q] = mv;
    idx->vac_rank[q] = new_rank(idx, c.id, true);
    idx->vac_in[q] = vac_open(&c, idx->as_of, idx->fair);
    idx->view.n_vacancies = q + 1;
    if (idx->vac_in[q]) {
        idx->dvac[idx->n_dvac++] = (uint32_t)q;
        idx->n_vac_in++;
    }
    return VL_OK;
}

vl_status vl_match_index_put_seeker(vl_ctx *ctx, vl_match_index *idx, const vl_seeker *s)
{
    if (!idx || !s || !s->id || !*s->id)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_index_put_seeker: missing argument");
    size_t q = idx->ds->n_seekers;
    if (q >= UINT32_MAX / 2 - 1 || !reserve(idx, idx->ds->n_vacancies, q + 1) ||
        !grow_u32(&idx->dseek, &idx->cap_dseek, idx->n_dseek + 1))
        return nomem(ctx);
    vl_arena *a = idx->arena;
    vl_seeker c = *s;
    bool ok = true;
    c.id = copy_str(a, s->id, &ok);
    c.name = copy_str(a, s->name, &ok);
    c.gender = copy_str(a, s->gender, &ok);
    c.area = copy_str(a, s->area, &ok);
    c.phone = copy_str(a, s->phone, &ok);
    c.id_card = copy_str(a, s->id_card, &ok);
    ok = ok && copy_list(a, &c.occupations, &s->occupations) &&
         copy_list(a, &c.skills, &s->skills) && copy_list(a, &c.skills_keys, &s->skills_keys) &&
         copy_list(a, &c.abroad, &s->abroad);
    c.languages = copy_langs(a, s->languages, s->n_languages);
    if (!ok || (s->n_languages && !c.languages))
        return nomem(ctx);
    match_seek ms;
    memset(&ms, 0, sizeof ms);
    vl_status st = intern_skills(ctx, idx, &c.skills, &c.skills_keys, &ms.skills, &ms.n_skills);
    if (st != VL_OK)
        return st;
    if (ms.n_skills > 1)
        qsort(ms.skills, ms.n_skills, sizeof *ms.skills, cmp_u32);
    uint32_t u = 0;
    for (uint32_t k = 0; k < ms.n_skills; k++)
        if (u == 0 || ms.skills[u - 1] != ms.skills[k])
            ms.skills[u++] = ms.skills[k];
    ms.n_skills = u;
    for (uint32_t k = 0; k < u; k++)
        ms.mask |= UINT64_C(1) << (ms.skills[k] & 63);
    ms.loc = area_slot(idx, c.area);
    int as_of_year = idx->as_of / 10000;
    ms.age = c.birth_year > 0 && c.birth_year <= as_of_year ? as_of_year - c.birth_year : -1;
    ms.commute = isnan(c.max_commute_km) ? idx->p.default_max_commute_km : c.max_commute_km;
    ms.wanted = c.wage_min > 0 ? c.wage_min : MATCH_NAN;
    ms.active = c.status == VL_SEEKER_ACTIVE;
    if (!map_room(&idx->seeker_ids))
        return nomem(ctx);
    seeker_off(idx, c.id);
    match_strmap_set(&idx->seeker_ids, c.id, (uint32_t)q);
    vl_seeker *sv = (vl_seeker *)idx->view.seekers;
    sv[q] = c;
    idx->seek[q] = ms;
    idx->seek_rank[q] = new_rank(idx, c.id, false);
    idx->view.n_seekers = q + 1;
    if (ms.active) {
        idx->dseek[idx->n_dseek++] = (uint32_t)q;
        idx->active[idx->n_active++] = (uint32_t)q; /* appended: dataset order is kept */
    }
    return VL_OK;
}

vl_status vl_match_index_remove_vacancy(vl_ctx *ctx, vl_match_index *idx, const char *id)
{
    if (!idx || !id)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_index_remove_vacancy: missing argument");
    vacancy_off(idx, id);
    return VL_OK;
}

vl_status vl_match_index_remove_seeker(vl_ctx *ctx, vl_match_index *idx, const char *id)
{
    if (!idx || !id)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_index_remove_seeker: missing argument");
    if (!idx->grown && match_strmap_get(&idx->seeker_ids, id) != UINT32_MAX &&
        !reserve(idx, idx->ds->n_vacancies, idx->ds->n_seekers))
        return nomem(ctx); /* the active list must be the index's own before it shrinks */
    seeker_off(idx, id);
    return VL_OK;
}

size_t vl_match_index_changes(const vl_match_index *idx)
{
    if (!idx)
        return 0;
    return (idx->ds->n_vacancies - idx->n_base_vac) + (idx->ds->n_seekers - idx->n_base_seek);
}
