/*
 * plan.c - the report plan (plan.h): creation, the public builder the store fills it through
 * (runs and series, copied into the plan's arena), and the labour balance that both the CLI's
 * `balance` (from fresh hierarchies, vl_balance_compute) and the reports (from stored runs)
 * compute the same way.
 */
#include "report/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define Z80 1.2815515655446004
#define Z95 1.959963984540054

vl_plan *plan_create(void)
{
    vl_plan *p = vl__calloc(1, sizeof *p);
    if (!p)
        return NULL;
    if (!(p->arena = vl_arena_create())) {
        vl__free(p);
        return NULL;
    }
    return p;
}

void vl_plan_destroy(vl_plan *p)
{
    if (!p)
        return;
    vl__free(p->series);
    vl__free(p->runs);
    vl__free(p->judgements);
    vl_arena_destroy(p->arena);
    vl__free(p);
}

plan_series *plan_add(vl_plan *p)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        plan_series *s = vl__realloc(p->series, cap * sizeof *s);
        if (!s)
            return NULL;
        p->series = s;
        p->cap = cap;
    }
    plan_series *ps = &p->series[p->n++];
    memset(ps, 0, sizeof *ps);
    for (int w = 0; w < 2; w++)
        for (int m = 0; m < PLAN_N_METRICS; m++)
            ps->acc[w][m] = NAN;
    return ps;
}

/* ---- the public builder --------------------------------------------------------------------- */

vl_status vl_plan_create(vl_ctx *ctx, vl_plan **out)
{
    if (!out)
        return vl__error(ctx, VL_ERR_ARG, "vl_plan_create: no output");
    *out = plan_create();
    return *out ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
}

/* An arena copy of s ("" for NULL); sets *oom when the arena is full. */
static const char *copy_str(vl_plan *p, const char *s, bool *oom)
{
    const char *c = vl_arena_strdup(p->arena, s ? s : "");
    if (!c)
        *oom = true;
    return c ? c : "";
}

/* An arena copy of n values (NULL stays NULL). */
static double *copy_values(vl_plan *p, const double *v, size_t n, bool *oom)
{
    if (!v)
        return NULL;
    double *c = vl_arena_alloc(p->arena, (n ? n : 1) * sizeof *c);
    if (!c) {
        *oom = true;
        return NULL;
    }
    if (n)
        memcpy(c, v, n * sizeof *c);
    return c;
}

vl_status vl_plan_add_run(vl_ctx *ctx, vl_plan *p, const vl_plan_run_info *run)
{
    if (!p || !run)
        return vl__error(ctx, VL_ERR_ARG, "vl_plan_add_run: missing argument");
    if (p->n_runs == p->cap_runs) {
        size_t cap = p->cap_runs ? 2 * p->cap_runs : 4;
        plan_run *r = vl__realloc(p->runs, cap * sizeof *r);
        if (!r)
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        p->runs = r;
        p->cap_runs = cap;
    }
    bool oom = false;
    plan_run r = {run->id, copy_str(p, run->started, &oom), copy_str(p, run->method, &oom),
                  copy_str(p, run->summary, &oom), copy_str(p, run->scope, &oom)};
    if (oom)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    p->runs[p->n_runs++] = r;
    return VL_OK;
}

/* A band worth drawing: a level in (0, 100) with bounds at some step. */
static bool band_stored(double level, const double *lo, const double *hi, size_t h)
{
    if (!(level > 0 && level < 100) || !lo || !hi)
        return false;
    for (size_t k = 0; k < h; k++)
        if (isfinite(lo[k]) && isfinite(hi[k]))
            return true;
    return false;
}

/* The bands of s in the plan's arena, widest first: every level it lists, or else its 95% and
 * 80% fields. */
static void copy_bands(vl_plan *p, plan_series *ps, const vl_plan_series_info *s, bool *oom)
{
    double lv[PLAN_MAX_BANDS];
    const double *lo[PLAN_MAX_BANDS], *hi[PLAN_MAX_BANDS];
    size_t n = 0, h = s->h;
    if (s->n_levels) {
        for (size_t l = 0; l < s->n_levels && s->levels && s->lo && s->hi; l++)
            if (band_stored(s->levels[l], s->lo + l * h, s->hi + l * h, h)) {
                lv[n] = s->levels[l];
                lo[n] = s->lo + l * h;
                hi[n++] = s->hi + l * h;
            }
    } else {
        const double two[2] = {95, 80};
        const double *lo2[2] = {s->lo95, s->lo80}, *hi2[2] = {s->hi95, s->hi80};
        for (size_t l = 0; l < 2; l++)
            if (band_stored(two[l], lo2[l], hi2[l], h)) {
                lv[n] = two[l];
                lo[n] = lo2[l];
                hi[n++] = hi2[l];
            }
    }
    for (size_t i = 0; i < n; i++) { /* widest first; a level listed twice keeps its first */
        size_t w = i;
        for (size_t j = i + 1; j < n; j++)
            if (lv[j] > lv[w])
                w = j;
        if (i && lv[w] == ps->band_level[ps->n_bands - 1]) {
            lv[w] = lv[i], lo[w] = lo[i], hi[w] = hi[i];
            continue;
        }
        ps->band_level[ps->n_bands] = lv[w];
        ps->band_lo[ps->n_bands] = copy_values(p, lo[w], h, oom);
        ps->band_hi[ps->n_bands++] = copy_values(p, hi[w], h, oom);
        lv[w] = lv[i], lo[w] = lo[i], hi[w] = hi[i];
    }
}

int plan_band(const plan_series *ps, double level)
{
    int best = -1;
    for (size_t b = 0; b < ps->n_bands; b++)
        if (best < 0 || fabs(ps->band_level[b] - level) < fabs(ps->band_level[best] - level))
            best = (int)b;
    return best;
}

plan_side plan_side_of(const plan_series *ps, const char *occupation)
{
    plan_side side = {.occupation = occupation, .mean = ps->mean};
    if (ps->n_bands) {
        side.lo = ps->band_lo[0];
        side.hi = ps->band_hi[0];
        side.z = vl_forecast_z(ps->band_level[0]);
    }
    return side;
}

vl_status vl_plan_add_series(vl_ctx *ctx, vl_plan *p, const vl_plan_series_info *s)
{
    if (!p || !s || s->n_keys > PLAN_MAX_KEYS)
        return vl__error(ctx, VL_ERR_ARG, "vl_plan_add_series: missing argument");
    if (s->n_levels > PLAN_MAX_BANDS)
        return vl__error(ctx, VL_ERR_ARG, "vl_plan_add_series: more than %d interval levels",
                         PLAN_MAX_BANDS);
    plan_series *ps = plan_add(p);
    if (!ps)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    bool oom = false;
    ps->run_id = s->run_id;
    ps->kind = copy_str(p, s->kind, &oom);
    ps->level = copy_str(p, s->level, &oom);
    ps->keys = copy_str(p, s->keys, &oom);
    ps->n_keys = s->n_keys;
    for (size_t k = 0; k < s->n_keys; k++) {
        ps->key_names[k] = copy_str(p, s->key_names[k], &oom);
        ps->key_values[k] = copy_str(p, s->key_values[k], &oom);
    }
    ps->label_vi = copy_str(p, s->label_vi, &oom);
    ps->label_en = copy_str(p, s->label_en, &oom);
    ps->model = copy_str(p, s->model, &oom);
    ps->freq = s->freq;
    ps->hist_first = s->hist_first;
    ps->hist = copy_values(p, s->hist, s->n_hist, &oom);
    ps->n_hist = s->n_hist;
    ps->fc_first = s->fc_first;
    ps->h = s->h;
    ps->mean = copy_values(p, s->mean, s->h, &oom);
    copy_bands(p, ps, s, &oom);
    memcpy(ps->acc, s->acc, sizeof ps->acc);
    ps->model_mean = s->model_mean ? copy_values(p, s->model_mean, s->h, &oom) : NULL;
    if (oom) {
        p->n--;
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    return VL_OK;
}

vl_status vl_plan_add_judgement(vl_ctx *ctx, vl_plan *p, int64_t run_id, const char *kind,
                                const vl_judgement *j)
{
    if (!p || !j || !kind)
        return vl__error(ctx, VL_ERR_ARG, "vl_plan_add_judgement: missing argument");
    if (p->n_judgements == p->cap_judgements) {
        size_t cap = p->cap_judgements ? 2 * p->cap_judgements : 8;
        plan_judgement *g = vl__realloc(p->judgements, cap * sizeof *g);
        if (!g)
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        p->judgements = g;
        p->cap_judgements = cap;
    }
    bool oom = false;
    plan_judgement pj = {.run_id = run_id, .kind = copy_str(p, kind, &oom), .j = *j};
    pj.j.name = copy_str(p, j->name ? j->name : "", &oom);
    pj.j.series = copy_str(p, j->series ? j->series : "", &oom);
    pj.j.keys = copy_str(p, j->keys ? j->keys : "{}", &oom);
    pj.j.reason = copy_str(p, j->reason ? j->reason : "", &oom);
    pj.j.created_by = copy_str(p, j->created_by ? j->created_by : "", &oom);
    pj.j.created_at = copy_str(p, j->created_at ? j->created_at : "", &oom);
    pj.j.withdrawn_by = j->withdrawn_by ? copy_str(p, j->withdrawn_by, &oom) : NULL;
    pj.j.withdrawn_at = j->withdrawn_at ? copy_str(p, j->withdrawn_at, &oom) : NULL;
    if (oom)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    p->judgements[p->n_judgements++] = pj;
    return VL_OK;
}

/* ---- the labour balance --------------------------------------------------------------------- */

/* Horizon sum and its standard deviation (the steps' sds added: errors move together). */
static void side_sum(const plan_side *s, size_t h, double *sum, double *sd)
{
    *sum = 0;
    *sd = 0;
    if (!s)
        return;
    for (size_t k = 0; k < h; k++) {
        *sum += s->mean[k];
        if (s->lo && s->hi && s->z > 0 && isfinite(s->lo[k]) && isfinite(s->hi[k]))
            *sd += fmax(0, s->hi[k] - s->lo[k]) / (2 * s->z);
    }
}

static const plan_side *find_side(const plan_side *sides, size_t n, const char *occ)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(sides[i].occupation, occ) == 0)
            return &sides[i];
    return NULL;
}

/* The gap and every interval of a row whose demand and supply are set, from the sds. */
static void set_bounds(vl_balance_row *r, double sd_d, double sd_s, double sd_gap)
{
    r->gap = r->demand - r->supply;
    r->gap_lo80 = r->gap - Z80 * sd_gap;
    r->gap_hi80 = r->gap + Z80 * sd_gap;
    r->gap_lo95 = r->gap - Z95 * sd_gap;
    r->gap_hi95 = r->gap + Z95 * sd_gap;
    r->demand_lo95 = fmax(0, r->demand - Z95 * sd_d);
    r->demand_hi95 = r->demand + Z95 * sd_d;
    r->supply_lo95 = fmax(0, r->supply - Z95 * sd_s);
    r->supply_hi95 = r->supply + Z95 * sd_s;
}

static void fill_row(vl_balance_row *r, const char *occ, const plan_side *d, const plan_side *s,
                     size_t h)
{
    double sd_d, sd_s;
    memset(r, 0, sizeof *r);
    r->occupation = occ;
    side_sum(d, h, &r->demand, &sd_d);
    side_sum(s, h, &r->supply, &sd_s);
    set_bounds(r, sd_d, sd_s, sqrt(sd_d * sd_d + sd_s * sd_s));
}

static int cmp_rows(const void *pa, const void *pb)
{
    const vl_balance_row *a = pa, *b = pb;
    if (a->gap != b->gap)
        return a->gap > b->gap ? -1 : 1; /* largest shortage first */
    return strcmp(a->occupation, b->occupation);
}

size_t plan_balance(const plan_side *demand, size_t n_demand, const plan_side *supply,
                    size_t n_supply, size_t h, vl_balance_row *rows)
{
    size_t n = 0;
    /* every occupation of either side once; "" is the total */
    for (size_t side = 0; side < 2; side++) {
        const plan_side *list = side ? supply : demand;
        size_t cnt = side ? n_supply : n_demand;
        for (size_t i = 0; i < cnt; i++) {
            const char *occ = list[i].occupation;
            if (!occ[0])
                continue;
            bool seen = false;
            for (size_t j = 0; j < n && !seen; j++)
                seen = strcmp(rows[j].occupation, occ) == 0;
            if (seen)
                continue;
            fill_row(&rows[n++], occ, find_side(demand, n_demand, occ),
                     find_side(supply, n_supply, occ), h);
        }
    }
    qsort(rows, n, sizeof *rows, cmp_rows);
    const plan_side *td = find_side(demand, n_demand, ""), *ts = find_side(supply, n_supply, "");
    if (td || ts || n) {
        vl_balance_row *t = &rows[n];
        if (td && ts) {
            fill_row(t, "", td, ts, h);
        } else {
            /* no total nodes: add the rows, their sds as independent */
            memset(t, 0, sizeof *t);
            t->occupation = "";
            double vd = 0, vs = 0;
            for (size_t i = 0; i < n; i++) {
                t->demand += rows[i].demand;
                t->supply += rows[i].supply;
                double sd_d = (rows[i].demand_hi95 - rows[i].demand) / Z95;
                double sd_s = (rows[i].supply_hi95 - rows[i].supply) / Z95;
                vd += sd_d * sd_d;
                vs += sd_s * sd_s;
            }
            set_bounds(t, sqrt(vd), sqrt(vs), sqrt(vd + vs));
        }
        n++;
    }
    return n;
}

/* ---- vl_balance from two hierarchies ----------------------------------------------------------
 */

struct vl_balance {
    vl_balance_row *rows;
    size_t n;
    char **names; /* occupation codes, owned */
    size_t n_names;
};

void vl_balance_destroy(vl_balance *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_names; i++)
        vl__free(b->names[i]);
    vl__free(b->names);
    vl__free(b->rows);
    vl__free(b);
}

size_t vl_balance_count(const vl_balance *b)
{
    return b ? b->n : 0;
}

const vl_balance_row *vl_balance_get(const vl_balance *b, size_t i)
{
    return b && i < b->n ? &b->rows[i] : NULL;
}

static bool sides_of(const vl_hier *h, plan_side *sides, vl_balance *b)
{
    size_t wide = SIZE_MAX, hz = vl_hier_horizon(h); /* the widest band gives the sd */
    for (size_t l = 0; l < vl_hier_n_levels(h); l++)
        if (wide == SIZE_MAX || vl_hier_level(h, l) > vl_hier_level(h, wide))
            wide = l;
    for (size_t i = 0; i < vl_hier_count(h); i++) {
        vl_hier_node nd;
        vl_hier_get(h, i, &nd);
        char *occ = vl__strdup(nd.keys[0]);
        if (!occ)
            return false;
        b->names[b->n_names++] = occ;
        sides[i] = (plan_side){.occupation = occ,
                               .mean = nd.mean,
                               .lo = wide != SIZE_MAX ? nd.lo + wide * hz : NULL,
                               .hi = wide != SIZE_MAX ? nd.hi + wide * hz : NULL,
                               .z = wide != SIZE_MAX ? vl_forecast_z(vl_hier_level(h, wide))
                                                     : (double)NAN};
    }
    return true;
}

vl_status vl_balance_compute(vl_ctx *ctx, const vl_hier *demand, const vl_hier *supply,
                             vl_balance **out)
{
    *out = NULL;
    if (!demand || !supply)
        return vl__error(ctx, VL_ERR_ARG, "balance: demand and supply are both needed");
    if (vl_hier_horizon(demand) != vl_hier_horizon(supply) ||
        vl_period_index(vl_hier_period(demand, 0)) != vl_period_index(vl_hier_period(supply, 0)))
        return vl__error(ctx, VL_ERR_INVALID,
                         "balance: demand and supply forecasts cover different quarters");
    size_t nd = vl_hier_count(demand), ns = vl_hier_count(supply);
    vl_balance *b = vl__calloc(1, sizeof *b);
    plan_side *sd = vl__calloc(nd + ns + 1, sizeof *sd);
    if (b) {
        b->names = vl__calloc(nd + ns + 1, sizeof *b->names);
        b->rows = vl__calloc(nd + ns + 1, sizeof *b->rows);
    }
    if (!b || !sd || !b->names || !b->rows || !sides_of(demand, sd, b) ||
        !sides_of(supply, sd + nd, b)) {
        vl__free(sd);
        vl_balance_destroy(b);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    b->n = plan_balance(sd, nd, sd + nd, ns, vl_hier_horizon(demand), b->rows);
    vl__free(sd);
    *out = b;
    return VL_OK;
}
