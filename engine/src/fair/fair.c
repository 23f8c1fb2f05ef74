/*
 * fair.c - the public face of fair planning: parameters and their ranges, the normalised
 * candidate graph (relabelled in id order, so ties break by id whatever the input order), the
 * flow and greedy runners, turning chosen pairs into ranked invitations, and plan metrics.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <vieclam/fair.h>

#include "fair/fair-int.h"

static const char *const method_names[VL_FAIR_METHOD_COUNT] = {"flow", "stable", "greedy"};

const char *vl_fair_method_name(vl_fair_method m)
{
    return (unsigned)m < VL_FAIR_METHOD_COUNT ? method_names[m] : "unknown";
}

bool vl_fair_method_parse(const char *name, vl_fair_method *out)
{
    for (int m = 0; name && m < VL_FAIR_METHOD_COUNT; m++) {
        if (strcmp(name, method_names[m]) == 0) {
            *out = (vl_fair_method)m;
            return true;
        }
    }
    return false;
}

static bool in_range(double v, double lo, double hi)
{
    return isfinite(v) && v >= lo && v <= hi;
}

vl_status vl_fair_params_check(vl_ctx *ctx, const vl_fair_params *p)
{
    if (!p)
        return vl__error(ctx, VL_ERR_ARG, "fair: no parameters");
    /* the range models/fair.yaml allows (fair-model.c), whichever way the value came */
    if (!in_range(p->per_position, 0.01, 100))
        return vl__error(ctx, VL_ERR_ARG,
                         "per_position must be in [0.01, 100] invitations per position (got %g)",
                         p->per_position);
    if (p->per_seeker < 1 || p->per_seeker > 100)
        return vl__error(ctx, VL_ERR_ARG, "per_seeker must be in 1..100 (got %d)", p->per_seeker);
    if (!in_range(p->min_score, 0, 1))
        return vl__error(ctx, VL_ERR_ARG, "min_score must be in 0..1 (got %g)", p->min_score);
    const struct {
        const char *name;
        double v;
    } bonus[] = {{"coverage_bonus", p->coverage_bonus},
                 {"vacancy_bonus", p->vacancy_bonus},
                 {"priority_bonus", p->priority_bonus}};
    for (size_t i = 0; i < VL_ARRAY_LEN(bonus); i++) {
        if (!in_range(bonus[i].v, 0, 10))
            return vl__error(ctx, VL_ERR_ARG, "%s must be in 0..10 (got %g)", bonus[i].name,
                             bonus[i].v);
    }
    if (p->candidates_per_seeker < 1 || p->candidates_per_seeker > 1000)
        return vl__error(ctx, VL_ERR_ARG, "candidates_per_seeker must be in 1..1000 (got %d)",
                         p->candidates_per_seeker);
    if ((unsigned)p->method >= VL_FAIR_METHOD_COUNT)
        return vl__error(ctx, VL_ERR_ARG, "method must be flow, stable or greedy");
    return VL_OK;
}

int vl_fair_capacity(const vl_fair_params *p, int positions)
{
    if (positions <= 0 || !(p->per_position > 0))
        return 0;
    /* The small margin keeps 3 * 0.1-style products from rounding up a whole invitation. */
    double c = ceil(p->per_position * positions - 1e-9);
    return c > 1e9 ? 1000000000 : (int)c;
}

/* ---- the normalised graph ---------------------------------------------------------------- */

typedef struct id_ref {
    const char *id;
    size_t idx;
} id_ref;

static int cmp_id_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    if (x->id && y->id) {
        int c = strcmp(x->id, y->id);
        if (c)
            return c;
    }
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Relabels n items in id order: orig[i] = problem index of internal i, inv the inverse. */
static bool relabel(const char *const *ids, size_t n, size_t *orig, uint32_t *inv)
{
    id_ref *r = vl__malloc((n + 1) * sizeof *r);
    if (!r)
        return false;
    for (size_t i = 0; i < n; i++)
        r[i] = (id_ref){ids ? ids[i] : NULL, i};
    if (ids)
        qsort(r, n, sizeof *r, cmp_id_ref);
    for (size_t i = 0; i < n; i++) {
        orig[i] = r[i].idx;
        inv[r[i].idx] = (uint32_t)i;
    }
    vl__free(r);
    return true;
}

void fair_graph_free(fair_graph *g)
{
    if (!g)
        return;
    vl__free(g->sorig);
    vl__free(g->vorig);
    vl__free(g->sprio);
    vl__free(g->vpos);
    vl__free(g->vcap);
    vl__free(g->sfirst);
    vl__free(g->pseeker);
    vl__free(g->pvac);
    vl__free(g->pscore);
    vl__free(g->pfit);
    vl__free(g->pappeal);
    vl__free(g->porig);
    memset(g, 0, sizeof *g);
}

/* Sort key inside one seeker's pairs when it has more than C: score desc, vacancy id asc. */
typedef struct pref_key {
    double score;
    uint32_t vac;
    uint32_t pair;
} pref_key;

static int cmp_pref_key(const void *a, const void *b)
{
    const pref_key *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return (x->vac > y->vac) - (x->vac < y->vac);
}

static int cmp_pref_vac(const void *a, const void *b)
{
    const pref_key *x = a, *y = b;
    return (x->vac > y->vac) - (x->vac < y->vac);
}

vl_status fair_graph_build(vl_ctx *ctx, const vl_fair_problem *pb, const vl_fair_params *prm,
                           fair_graph *g)
{
    memset(g, 0, sizeof *g);
    vl_status st = vl_fair_params_check(ctx, prm);
    if (st != VL_OK)
        return st;
    if (!pb || (pb->n_pairs && !pb->pairs) || (pb->n_vacancies && !pb->vacancy_positions))
        return vl__error(ctx, VL_ERR_ARG, "fair: incomplete problem arrays");
    if (pb->n_seekers >= UINT32_MAX / 2 || pb->n_vacancies >= UINT32_MAX / 2 ||
        pb->n_pairs >= UINT32_MAX / 2)
        return vl__error(ctx, VL_ERR_ARG, "fair: the problem is too large");
    const size_t ns = pb->n_seekers, nv = pb->n_vacancies, np0 = pb->n_pairs;
    for (size_t v = 0; v < nv; v++) {
        if (pb->vacancy_positions[v] < 0)
            return vl__error(ctx, VL_ERR_ARG, "fair: vacancy %s has negative positions (%d)",
                             pb->vacancy_ids ? pb->vacancy_ids[v] : "?", pb->vacancy_positions[v]);
    }
    for (size_t p = 0; p < np0; p++) {
        const vl_fair_pair *q = &pb->pairs[p];
        if (q->seeker >= ns || q->vacancy >= nv)
            return vl__error(ctx, VL_ERR_ARG, "fair: pair %zu refers to no seeker or vacancy", p);
        if (!isfinite(q->score) || !isfinite(q->fit) || !isfinite(q->appeal) || q->score < 0 ||
            q->score > 1e6)
            return vl__error(ctx, VL_ERR_ARG, "fair: pair %zu has a score that is not usable", p);
    }

    g->ns = ns;
    g->nv = nv;
    g->sorig = vl__malloc((ns + 1) * sizeof *g->sorig);
    g->vorig = vl__malloc((nv + 1) * sizeof *g->vorig);
    g->sprio = vl__calloc(ns + 1, sizeof *g->sprio);
    g->vpos = vl__calloc(nv + 1, sizeof *g->vpos);
    g->vcap = vl__calloc(nv + 1, sizeof *g->vcap);
    g->sfirst = vl__calloc(ns + 1, sizeof *g->sfirst);
    uint32_t *sinv = vl__malloc((ns + 1) * sizeof *sinv);
    uint32_t *vinv = vl__malloc((nv + 1) * sizeof *vinv);
    uint32_t *keys = vl__malloc((np0 + 1) * sizeof *keys); /* kept problem pairs, sorted */
    uint32_t *tmp = vl__malloc((np0 + 1) * sizeof *tmp);
    uint32_t *count = vl__calloc((ns > nv ? ns : nv) + 1, sizeof *count);
    if (!g->sorig || !g->vorig || !g->sprio || !g->vpos || !g->vcap || !g->sfirst || !sinv ||
        !vinv || !keys || !tmp || !count || !relabel(pb->seeker_ids, ns, g->sorig, sinv) ||
        !relabel(pb->vacancy_ids, nv, g->vorig, vinv)) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the candidate graph");
        goto done;
    }
    for (size_t i = 0; i < ns; i++)
        g->sprio[i] = pb->seeker_priority && pb->seeker_priority[g->sorig[i]];
    for (size_t v = 0; v < nv; v++) {
        g->vpos[v] = pb->vacancy_positions[g->vorig[v]];
        g->vcap[v] = vl_fair_capacity(prm, g->vpos[v]);
    }

    /* Keep pairs at or above the minimum score, then sort them by (seeker, vacancy) with two
     * stable counting sorts: by vacancy, then by seeker. */
    size_t nk = 0;
    for (size_t p = 0; p < np0; p++) {
        if (pb->pairs[p].score >= prm->min_score)
            keys[nk++] = (uint32_t)p;
    }
    for (int pass = 0; pass < 2; pass++) {
        size_t n = pass == 0 ? nv : ns;
        memset(count, 0, (n + 1) * sizeof *count);
        for (size_t k = 0; k < nk; k++) {
            const vl_fair_pair *q = &pb->pairs[keys[k]];
            count[pass == 0 ? vinv[q->vacancy] : sinv[q->seeker]]++;
        }
        uint32_t sum = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t c = count[i];
            count[i] = sum;
            sum += c;
        }
        for (size_t k = 0; k < nk; k++) {
            const vl_fair_pair *q = &pb->pairs[keys[k]];
            tmp[count[pass == 0 ? vinv[q->vacancy] : sinv[q->seeker]]++] = keys[k];
        }
        memcpy(keys, tmp, nk * sizeof *keys);
    }
    for (size_t k = 1; k < nk; k++) {
        const vl_fair_pair *a = &pb->pairs[keys[k - 1]], *b = &pb->pairs[keys[k]];
        if (a->seeker == b->seeker && a->vacancy == b->vacancy) {
            st = vl__error(ctx, VL_ERR_ARG, "fair: pair of seeker %s and vacancy %s given twice",
                           pb->seeker_ids ? pb->seeker_ids[a->seeker] : "?",
                           pb->vacancy_ids ? pb->vacancy_ids[a->vacancy] : "?");
            goto done;
        }
    }

    /* At most C candidates per seeker: its best by score, ties by vacancy id. */
    size_t cmax = (size_t)prm->candidates_per_seeker, out = 0;
    pref_key *pk = NULL;
    for (size_t k = 0; k < nk;) {
        size_t e = k;
        uint32_t s = sinv[pb->pairs[keys[k]].seeker];
        while (e < nk && sinv[pb->pairs[keys[e]].seeker] == s)
            e++;
        if (e - k > cmax) {
            if (!pk && !(pk = vl__malloc(nk * sizeof *pk))) {
                st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the candidate graph");
                goto done;
            }
            for (size_t j = k; j < e; j++)
                pk[j - k] =
                    (pref_key){pb->pairs[keys[j]].score, vinv[pb->pairs[keys[j]].vacancy], keys[j]};
            qsort(pk, e - k, sizeof *pk, cmp_pref_key);
            qsort(pk, cmax, sizeof *pk, cmp_pref_vac); /* the kept ones back in vacancy order */
            for (size_t j = 0; j < cmax; j++)
                keys[out + j] = pk[j].pair;
            out += cmax;
        } else {
            memmove(keys + out, keys + k, (e - k) * sizeof *keys);
            out += e - k;
        }
        g->sfirst[s + 1] = (uint32_t)(e - k > cmax ? cmax : e - k);
        k = e;
    }
    vl__free(pk);
    nk = out;
    for (size_t i = 0; i < ns; i++)
        g->sfirst[i + 1] += g->sfirst[i];
    assert(g->sfirst[ns] == nk);

    g->np = nk;
    g->pseeker = vl__malloc((nk + 1) * sizeof *g->pseeker);
    g->pvac = vl__malloc((nk + 1) * sizeof *g->pvac);
    g->pscore = vl__malloc((nk + 1) * sizeof *g->pscore);
    g->pfit = vl__malloc((nk + 1) * sizeof *g->pfit);
    g->pappeal = vl__malloc((nk + 1) * sizeof *g->pappeal);
    g->porig = vl__malloc((nk + 1) * sizeof *g->porig);
    if (!g->pseeker || !g->pvac || !g->pscore || !g->pfit || !g->pappeal || !g->porig) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the candidate graph");
        goto done;
    }
    for (size_t k = 0; k < nk; k++) {
        const vl_fair_pair *q = &pb->pairs[keys[k]];
        g->pseeker[k] = sinv[q->seeker];
        g->pvac[k] = vinv[q->vacancy];
        g->pscore[k] = q->score;
        g->pfit[k] = q->fit;
        g->pappeal[k] = q->appeal;
        g->porig[k] = keys[k];
        assert(k == 0 || g->pseeker[k - 1] < g->pseeker[k] ||
               (g->pseeker[k - 1] == g->pseeker[k] && g->pvac[k - 1] < g->pvac[k]));
    }
done:
    vl__free(sinv);
    vl__free(vinv);
    vl__free(keys);
    vl__free(tmp);
    vl__free(count);
    if (st != VL_OK)
        fair_graph_free(g);
    return st;
}

/* ---- runners ------------------------------------------------------------------------------ */

static int64_t scaled(double v)
{
    return (int64_t)llround(v * VL_FAIR_COST_SCALE);
}

/* A vacancy's pair for the ties: its integer cost, then the seeker (lower id first). */
typedef struct tie_key {
    int64_t cost;
    uint32_t seeker, pair;
} tie_key;

static int cmp_tie_key(const void *x, const void *y)
{
    const tie_key *p = x, *q = y;
    if (p->cost != q->cost)
        return p->cost < q->cost ? -1 : 1;
    return (p->seeker > q->seeker) - (p->seeker < q->seeker);
}

/*
 * Ties among equal seekers go to the lower id, as in the other methods: a solver settles them
 * where its order of work leaves them (the last index, for both solvers here). At a vacancy, an
 * invitation of seeker h moves to seeker l < h with a pair of the same integer cost when l has
 * room and the objective stays exactly the same (the coverage bonuses that l gains and h loses
 * are equal, or neither changes). Each move lowers the sum of the invited seekers' indices, so
 * it ends; the plan stays optimal with the same objective, and among such single moves none is
 * left that would invite a lower id instead.
 */
static vl_status settle_ties(vl_ctx *ctx, const fair_graph *g, const vl_fair_params *prm,
                             const int64_t *cost, const int64_t *sbonus, uint8_t *chosen)
{
    const size_t ns = g->ns, nv = g->nv, np = g->np;
    uint32_t *cnt = vl__calloc(ns + 1, sizeof *cnt), *vfirst = vl__calloc(nv + 2, sizeof *vfirst);
    tie_key *tk = vl__malloc((np + 1) * sizeof *tk);
    if (!cnt || !vfirst || !tk) {
        vl__free(cnt);
        vl__free(vfirst);
        vl__free(tk);
        return vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the flow's ties");
    }
    for (size_t p = 0; p < np; p++) {
        cnt[g->pseeker[p]] += chosen[p];
        vfirst[g->pvac[p] + 2]++;
    }
    for (size_t v = 0; v < nv; v++)
        vfirst[v + 2] += vfirst[v + 1];
    for (size_t p = 0; p < np; p++)
        tk[vfirst[g->pvac[p] + 1]++] = (tie_key){cost[p], g->pseeker[p], (uint32_t)p};
    for (size_t v = 0; v < nv; v++)
        qsort(tk + vfirst[v], vfirst[v + 1] - vfirst[v], sizeof *tk, cmp_tie_key);
    for (bool moved = true; moved;) { /* a move at one vacancy may allow one at another */
        moved = false;
        for (size_t v = 0; v < nv; v++) {
            const tie_key *a = tk + vfirst[v];
            size_t n = vfirst[v + 1] - vfirst[v];
            for (size_t b = 0; b < n;) { /* a run of equal cost, seekers ascending */
                size_t e = b;
                while (e < n && a[e].cost == a[b].cost)
                    e++;
                for (size_t lo = b; lo < e; lo++) {
                    uint32_t l = a[lo].seeker;
                    if (chosen[a[lo].pair] || cnt[l] >= (uint32_t)prm->per_seeker)
                        continue;
                    for (size_t h = e; h-- > lo + 1;) { /* the highest id invited first */
                        uint32_t x = a[h].seeker;
                        int64_t gain = cnt[l] == 0 ? sbonus[l] : 0;
                        if (!chosen[a[h].pair] || gain != (cnt[x] == 1 ? sbonus[x] : 0))
                            continue;
                        chosen[a[h].pair] = 0;
                        chosen[a[lo].pair] = 1;
                        cnt[x]--;
                        cnt[l]++;
                        moved = true;
                        break;
                    }
                }
                b = e;
            }
        }
    }
    vl__free(cnt);
    vl__free(vfirst);
    vl__free(tk);
    return VL_OK;
}

vl_status fair_run_flow(vl_ctx *ctx, const fair_graph *g, const vl_fair_params *prm, fair_side side,
                        fair_algo algo, uint8_t *chosen, fair_flow_stats *stats)
{
    const size_t ns = g->ns, nv = g->nv, np = g->np;
    int32_t *scap = vl__malloc((ns + 1) * sizeof *scap);
    int64_t *sbonus = vl__malloc((ns + 1) * sizeof *sbonus);
    int64_t *vbonus = vl__malloc((nv + 1) * sizeof *vbonus);
    int64_t *cost = vl__malloc((np + 1) * sizeof *cost);
    uint32_t *vdeg = vl__calloc(nv + 2, sizeof *vdeg);
    vl_status st = VL_OK;
    uint32_t *vfirst = NULL, *perm = NULL, *right = NULL;
    int64_t *tcost = NULL;
    uint8_t *tflow = NULL;
    if (!scap || !sbonus || !vbonus || !cost || !vdeg) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the flow input");
        goto done;
    }
    const int64_t vb = scaled(prm->vacancy_bonus);
    size_t units_s = 0, units_v = 0;
    for (size_t s = 0; s < ns; s++) {
        scap[s] = prm->per_seeker;
        sbonus[s] = scaled(prm->coverage_bonus + (g->sprio[s] ? prm->priority_bonus : 0));
        uint32_t deg = g->sfirst[s + 1] - g->sfirst[s];
        units_s += deg < (uint32_t)scap[s] ? deg : (uint32_t)scap[s];
    }
    for (size_t p = 0; p < np; p++) {
        cost[p] = -scaled(g->pscore[p]);
        vdeg[g->pvac[p]]++;
    }
    for (size_t v = 0; v < nv; v++) {
        vbonus[v] = vb;
        units_v += vdeg[v] < (uint32_t)g->vcap[v] ? vdeg[v] : (uint32_t)g->vcap[v];
    }
    if (side == FAIR_SIDE_AUTO)
        side = units_v < units_s ? FAIR_SIDE_VACANCIES : FAIR_SIDE_SEEKERS;

    if (side == FAIR_SIDE_SEEKERS) {
        fair_flow_input in = {.nl = ns,
                              .nr = nv,
                              .lfirst = g->sfirst,
                              .pright = g->pvac,
                              .pcost = cost,
                              .lcap = scap,
                              .lbonus = sbonus,
                              .rcap = g->vcap,
                              .rbonus = vbonus};
        st = algo == FAIR_ALGO_SSP ? fair_flow_solve(ctx, &in, chosen, stats)
                                   : fair_flow_solve_cs(ctx, &in, chosen, stats);
        if (st == VL_OK)
            st = settle_ties(ctx, g, prm, cost, sbonus, chosen);
        goto done;
    }
    /* Vacancies on the left: the pairs transposed into vacancy order (stable, so each
     * vacancy's pairs stay in seeker order). */
    vfirst = vl__calloc(nv + 1, sizeof *vfirst);
    perm = vl__malloc((np + 1) * sizeof *perm);
    right = vl__malloc((np + 1) * sizeof *right);
    tcost = vl__malloc((np + 1) * sizeof *tcost);
    tflow = vl__malloc(np + 1);
    if (!vfirst || !perm || !right || !tcost || !tflow) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the flow input");
        goto done;
    }
    for (size_t v = 0; v < nv; v++)
        vfirst[v + 1] = vfirst[v] + vdeg[v];
    memset(vdeg, 0, (nv + 1) * sizeof *vdeg);
    for (size_t p = 0; p < np; p++) {
        uint32_t v = g->pvac[p];
        uint32_t t = vfirst[v] + vdeg[v]++;
        perm[t] = (uint32_t)p;
        right[t] = g->pseeker[p];
        tcost[t] = cost[p];
    }
    fair_flow_input in = {.nl = nv,
                          .nr = ns,
                          .lfirst = vfirst,
                          .pright = right,
                          .pcost = tcost,
                          .lcap = g->vcap,
                          .lbonus = vbonus,
                          .rcap = scap,
                          .rbonus = sbonus};
    st = algo == FAIR_ALGO_SSP ? fair_flow_solve(ctx, &in, tflow, stats)
                               : fair_flow_solve_cs(ctx, &in, tflow, stats);
    if (st == VL_OK) {
        for (size_t t = 0; t < np; t++)
            chosen[perm[t]] = tflow[t];
        st = settle_ties(ctx, g, prm, cost, sbonus, chosen);
    }
done:
    vl__free(scap);
    vl__free(sbonus);
    vl__free(vbonus);
    vl__free(cost);
    vl__free(vdeg);
    vl__free(vfirst);
    vl__free(perm);
    vl__free(right);
    vl__free(tcost);
    vl__free(tflow);
    return st;
}

/* Greedy: each seeker's top K by score (ties by vacancy id), whatever the capacities. */
vl_status fair_run_greedy(vl_ctx *ctx, const fair_graph *g, const vl_fair_params *prm,
                          uint8_t *chosen)
{
    memset(chosen, 0, g->np);
    size_t maxdeg = 0;
    for (size_t s = 0; s < g->ns; s++) {
        size_t d = g->sfirst[s + 1] - g->sfirst[s];
        maxdeg = d > maxdeg ? d : maxdeg;
    }
    pref_key *pk = vl__malloc((maxdeg + 1) * sizeof *pk);
    if (!pk)
        return vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the greedy plan");
    for (size_t s = 0; s < g->ns; s++) {
        size_t b = g->sfirst[s], d = g->sfirst[s + 1] - b;
        for (size_t j = 0; j < d; j++)
            pk[j] = (pref_key){g->pscore[b + j], g->pvac[b + j], (uint32_t)(b + j)};
        qsort(pk, d, sizeof *pk, cmp_pref_key);
        for (size_t j = 0; j < d && j < (size_t)prm->per_seeker; j++)
            chosen[pk[j].pair] = 1;
    }
    vl__free(pk);
    return VL_OK;
}

/* ---- plans --------------------------------------------------------------------------------- */

/* Order of one seeker's invitations: appeal desc, score desc, vacancy id (internal) asc. */
typedef struct rank_key {
    double a, b;
    uint32_t id;
    uint32_t pair;
} rank_key;

static int cmp_rank_key(const void *x, const void *y)
{
    const rank_key *p = x, *q = y;
    if (p->a != q->a)
        return p->a > q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b > q->b ? -1 : 1;
    return (p->id > q->id) - (p->id < q->id);
}

/* Turns chosen pairs into invitations (problem indices) ordered by seeker id, then rank. */
static vl_status make_plan(vl_ctx *ctx, const fair_graph *g, const uint8_t *chosen,
                           vl_fair_plan *plan)
{
    size_t n = 0;
    for (size_t p = 0; p < g->np; p++)
        n += chosen[p] ? 1 : 0;
    plan->invitations = vl__calloc(n + 1, sizeof *plan->invitations);
    size_t *pidx = vl__malloc((g->np + 1) * sizeof *pidx); /* pair -> invitation index */
    rank_key *rk = vl__malloc((n + 1) * sizeof *rk);
    uint32_t *vcount = vl__calloc(g->nv + 1, sizeof *vcount);
    uint32_t *vfirst = vl__calloc(g->nv + 2, sizeof *vfirst);
    if (!plan->invitations || !pidx || !rk || !vcount || !vfirst) {
        vl__free(pidx);
        vl__free(rk);
        vl__free(vcount);
        vl__free(vfirst);
        return vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the plan");
    }
    plan->n_invitations = n;
    size_t k = 0;
    for (size_t s = 0; s < g->ns; s++) {
        size_t m = 0;
        for (size_t p = g->sfirst[s]; p < g->sfirst[s + 1]; p++) {
            if (chosen[p])
                rk[m++] = (rank_key){g->pappeal[p], g->pscore[p], g->pvac[p], (uint32_t)p};
        }
        qsort(rk, m, sizeof *rk, cmp_rank_key);
        for (size_t j = 0; j < m; j++) {
            size_t p = rk[j].pair;
            vl_fair_invitation *iv = &plan->invitations[k];
            iv->seeker = g->sorig[s];
            iv->vacancy = g->vorig[g->pvac[p]];
            iv->score = g->pscore[p];
            iv->fit = g->pfit[p];
            iv->appeal = g->pappeal[p];
            iv->rank_for_seeker = j + 1;
            pidx[p] = k++;
            vcount[g->pvac[p]]++;
        }
    }
    assert(k == n);
    /* Each vacancy's invitees: fit desc, score desc, seeker id asc. */
    for (size_t v = 0; v < g->nv; v++)
        vfirst[v + 1] = vfirst[v] + vcount[v];
    memset(vcount, 0, (g->nv + 1) * sizeof *vcount);
    rank_key *vk = vl__malloc((n + 1) * sizeof *vk);
    if (!vk) {
        vl__free(pidx);
        vl__free(rk);
        vl__free(vcount);
        vl__free(vfirst);
        return vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the plan");
    }
    for (size_t p = 0; p < g->np; p++) {
        if (chosen[p]) {
            uint32_t v = g->pvac[p];
            vk[vfirst[v] + vcount[v]++] =
                (rank_key){g->pfit[p], g->pscore[p], g->pseeker[p], (uint32_t)p};
        }
    }
    for (size_t v = 0; v < g->nv; v++) {
        qsort(vk + vfirst[v], vcount[v], sizeof *vk, cmp_rank_key);
        for (size_t j = 0; j < vcount[v]; j++)
            plan->invitations[pidx[vk[vfirst[v] + j].pair]].rank_for_vacancy = j + 1;
    }
    vl__free(vk);
    vl__free(pidx);
    vl__free(rk);
    vl__free(vcount);
    vl__free(vfirst);
    return VL_OK;
}

vl_status fair_solve_side(vl_ctx *ctx, const vl_fair_problem *pb, const vl_fair_params *prm,
                          vl_fair_method method, fair_side side, fair_algo algo, vl_fair_plan **out)
{
    *out = NULL;
    if ((unsigned)method >= VL_FAIR_METHOD_COUNT)
        return vl__error(ctx, VL_ERR_ARG, "fair: unknown method %d", (int)method);
    fair_graph g;
    vl_status st = fair_graph_build(ctx, pb, prm, &g);
    if (st != VL_OK)
        return st;
    vl_fair_plan *plan = vl__calloc(1, sizeof *plan);
    uint8_t *chosen = vl__calloc(g.np + 1, 1);
    if (!plan || !chosen) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the plan");
        goto fail;
    }
    plan->method = method;
    switch (method) {
    case VL_FAIR_FLOW:
        st = fair_run_flow(ctx, &g, prm, side, algo, chosen, NULL);
        break;
    case VL_FAIR_STABLE:
        st = fair_run_stable(ctx, &g, prm, chosen);
        break;
    default:
        st = fair_run_greedy(ctx, &g, prm, chosen);
        break;
    }
    if (st == VL_OK)
        st = make_plan(ctx, &g, chosen, plan);
    if (st != VL_OK)
        goto fail;
    plan->capacity = vl__calloc(pb->n_vacancies + 1, sizeof *plan->capacity);
    if (!plan->capacity) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the plan");
        goto fail;
    }
    for (size_t v = 0; v < g.nv; v++)
        plan->capacity[g.vorig[v]] = g.vcap[v];
    st = vl_fair_metrics_compute(ctx, pb, prm, plan->invitations, plan->n_invitations,
                                 &plan->metrics);
    if (st != VL_OK)
        goto fail;
    vl__free(chosen);
    fair_graph_free(&g);
    *out = plan;
    return VL_OK;
fail:
    vl__free(chosen);
    fair_graph_free(&g);
    vl_fair_plan_destroy(plan);
    return st;
}

vl_status vl_fair_solve(vl_ctx *ctx, const vl_fair_problem *pb, const vl_fair_params *prm,
                        vl_fair_method method, vl_fair_plan **out)
{
    return fair_solve_side(ctx, pb, prm, method, FAIR_SIDE_AUTO, FAIR_ALGO_SCALING, out);
}

void vl_fair_plan_destroy(vl_fair_plan *plan)
{
    if (!plan)
        return;
    vl__free(plan->invitations);
    vl__free(plan->capacity);
    vl__free(plan);
}

/* ---- metrics ------------------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

vl_status vl_fair_metrics_compute(vl_ctx *ctx, const vl_fair_problem *pb, const vl_fair_params *prm,
                                  const vl_fair_invitation *inv, size_t n, vl_fair_metrics *m)
{
    memset(m, 0, sizeof *m);
    vl_status st = vl_fair_params_check(ctx, prm);
    if (st != VL_OK)
        return st;
    const size_t ns = pb->n_seekers, nv = pb->n_vacancies;
    size_t *scount = vl__calloc(ns + 1, sizeof *scount);
    size_t *vcount = vl__calloc(nv + 1, sizeof *vcount);
    uint8_t *cand = vl__calloc(ns + 1, 1);
    double *ratio = vl__malloc((nv + 1) * sizeof *ratio);
    if (!scount || !vcount || !cand || !ratio) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the metrics");
        goto done;
    }
    for (size_t p = 0; p < pb->n_pairs; p++) {
        if (pb->pairs[p].seeker < ns && pb->pairs[p].score >= prm->min_score)
            cand[pb->pairs[p].seeker] = 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (inv[i].seeker >= ns || inv[i].vacancy >= nv) {
            st = vl__error(ctx, VL_ERR_ARG, "fair: invitation %zu refers to no seeker or vacancy",
                           i);
            goto done;
        }
        scount[inv[i].seeker]++;
        vcount[inv[i].vacancy]++;
        m->score_total += inv[i].score;
    }
    m->seekers = ns;
    m->vacancies = nv;
    m->invitations = n;
    for (size_t s = 0; s < ns; s++) {
        bool prio = pb->seeker_priority && pb->seeker_priority[s];
        m->seekers_candidate += cand[s];
        m->priority_seekers += prio;
        if (scount[s] > 0) {
            m->seekers_invited++;
            m->priority_invited += prio;
        }
    }
    double sum = 0;
    size_t nr = 0;
    for (size_t v = 0; v < nv; v++) {
        int pos = pb->vacancy_positions[v];
        int cap = vl_fair_capacity(prm, pos);
        m->positions += (size_t)(pos > 0 ? pos : 0);
        m->capacity += (size_t)cap;
        if (vcount[v] > (size_t)cap)
            m->over_capacity++;
        if (vcount[v] > 0) {
            m->vacancies_covered++;
            m->positions_covered += vcount[v] < (size_t)pos ? vcount[v] : (size_t)pos;
        }
        if (pos > 0) {
            ratio[nr] = (double)vcount[v] / pos;
            if (ratio[nr] > m->per_position_max)
                m->per_position_max = ratio[nr];
            sum += ratio[nr++];
        }
    }
    /* Gini over vacancies with positions: sum_i (2i - n - 1) x_(i) / (n * sum x), x sorted. */
    if (nr > 0 && sum > 0) {
        qsort(ratio, nr, sizeof *ratio, cmp_double);
        double acc = 0;
        for (size_t i = 0; i < nr; i++)
            acc += (2.0 * (double)(i + 1) - (double)nr - 1.0) * ratio[i];
        m->per_position_gini = acc / ((double)nr * sum);
    }
    m->seekers_invited_share =
        m->seekers_candidate ? (double)m->seekers_invited / (double)m->seekers_candidate : 0;
    m->score_mean = n ? m->score_total / (double)n : 0;
    m->objective = m->score_total + prm->coverage_bonus * (double)m->seekers_invited +
                   prm->vacancy_bonus * (double)m->vacancies_covered +
                   prm->priority_bonus * (double)m->priority_invited;
done:
    vl__free(scount);
    vl__free(vcount);
    vl__free(cand);
    vl__free(ratio);
    return st;
}
