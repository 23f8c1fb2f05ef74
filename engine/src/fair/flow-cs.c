/*
 * flow-cs.c - the fair planner's default exact solver: min-cost flow by cost scaling
 * (Goldberg-Tarjan push-relabel with epsilon scaling), on the same network as flow.c (left
 * supplies, pair arcs, dummy arcs with the left bonus as a penalty, right-to-sink arcs with the
 * right bonus on the first unit). Successive shortest paths (flow.c) does one Dijkstra per
 * unit, which is slow when every popular vacancy is contested; cost scaling moves all units at
 * once and refines prices in about fourteen phases.
 *
 * Exactness: costs are integers multiplied by n + 1 (n nodes); a flow that is 1-optimal for the
 * multiplied costs (every residual arc has reduced cost >= -1) is optimal for the original
 * ones, because any negative cycle would have cost <= -(n + 1) yet >= -n. Phases divide epsilon
 * by ALPHA down to 1. A price update (Goldberg's global relabelling by bucket-based distances to
 * the deficits) runs at the start of each phase and after every n relabels. Invariants (asserted in
 * debug builds): residual capacities >= 0, excess only at active nodes in the queue, reduced costs
 * of residual arcs >= -eps after refine.
 */
#include <stdlib.h>
#include <string.h>

#include "fair/fair-int.h"

/* Epsilon shrinks by this factor per phase. Goldberg suggests 8..16; on fair graphs (a few
 * long vacancy lists) with price updates 6 measured best among 3, 6 and 12
 * (benchmarks/README.md). */
#define ALPHA 6

/* One arc: what relabel and discharge read together, 16 bytes (the reverse index apart). */
typedef struct cs_arc {
    int64_t cost;
    uint32_t head;
    int32_t res;
} cs_arc;

typedef struct cs_ws {
    size_t n, m;
    uint32_t *first; /* n + 1: arcs of node u are first[u] .. first[u+1]-1 */
    cs_arc *arc;
    uint32_t *rev;
    int64_t *pi, *excess;
    uint32_t *cur;
    uint32_t *queue; /* FIFO ring of active nodes */
    uint8_t *inq;
    size_t qh, qn;
    size_t pushes, relabels, updates;
    /* price update (Dial's buckets): distance in eps units, bucket lists, settled flags */
    uint32_t *dist, *bhead, *bnext, *bprev;
    uint8_t *done;
} cs_ws;

static void cs_free(cs_ws *w)
{
    vl__free(w->first);
    vl__free(w->arc);
    vl__free(w->rev);
    vl__free(w->pi);
    vl__free(w->excess);
    vl__free(w->cur);
    vl__free(w->queue);
    vl__free(w->inq);
    vl__free(w->dist);
    vl__free(w->bhead);
    vl__free(w->bnext);
    vl__free(w->bprev);
    vl__free(w->done);
}

#define NONE UINT32_MAX

static void bucket_remove(cs_ws *w, uint32_t v)
{
    uint32_t d = w->dist[v];
    if (w->bprev[v] != NONE)
        w->bnext[w->bprev[v]] = w->bnext[v];
    else
        w->bhead[d] = w->bnext[v];
    if (w->bnext[v] != NONE)
        w->bprev[w->bnext[v]] = w->bprev[v];
}

static void bucket_insert(cs_ws *w, uint32_t v, uint32_t d)
{
    w->dist[v] = d;
    w->bprev[v] = NONE;
    w->bnext[v] = w->bhead[d];
    if (w->bhead[d] != NONE)
        w->bprev[w->bhead[d]] = v;
    w->bhead[d] = v;
}

/*
 * Goldberg's price update: d(v) = distance from v to a node with a deficit in the residual
 * graph with arc lengths floor(rc / eps) + 1 (0 for rc < 0), then pi(v) -= eps * d(v). For a
 * residual arc (u, x), d(u) <= len + d(x) keeps rc >= -eps. Nodes not reached within n
 * buckets (or after every active node is settled) get the largest distance settled, which is
 * no more than their own. Prices drop in bulk toward the deficits instead of by one relabel at
 * a time.
 */
static void price_update(cs_ws *w, int64_t eps)
{
    const uint32_t n = (uint32_t)w->n, limit = (uint32_t)w->n;
    const cs_arc *arc = w->arc;
    size_t active = 0;
    for (uint32_t v = 0; v < n; v++) {
        w->dist[v] = NONE;
        w->done[v] = 0;
        active += w->excess[v] > 0;
    }
    for (uint32_t k = 0; k <= limit; k++)
        w->bhead[k] = NONE;
    for (uint32_t v = 0; v < n; v++) {
        if (w->excess[v] < 0)
            bucket_insert(w, v, 0);
    }
    uint32_t dmax = 0;
    for (uint32_t k = 0; k <= limit && active > 0; k++) {
        while (w->bhead[k] != NONE && active > 0) {
            uint32_t x = w->bhead[k];
            bucket_remove(w, x);
            w->done[x] = 1;
            dmax = k;
            active -= w->excess[x] > 0;
            for (uint32_t a = w->first[x]; a < w->first[x + 1]; a++) {
                uint32_t u = arc[a].head, b = w->rev[a]; /* b: the arc u -> x */
                if (w->done[u] || arc[b].res <= 0)
                    continue;
                int64_t rc = arc[b].cost + w->pi[u] - w->pi[x];
                int64_t len = rc < 0 ? 0 : rc / eps + 1;
                if (len > (int64_t)(limit - k))
                    continue;
                uint32_t nd = k + (uint32_t)len;
                if (nd < w->dist[u]) {
                    if (w->dist[u] != NONE)
                        bucket_remove(w, u);
                    bucket_insert(w, u, nd);
                }
            }
        }
    }
    for (uint32_t v = 0; v < n; v++) {
        uint32_t d = w->done[v] ? w->dist[v] : dmax;
        w->pi[v] -= eps * (int64_t)d;
        w->cur[v] = w->first[v];
    }
    w->updates++;
}

static inline void enqueue(cs_ws *w, uint32_t u)
{
    if (w->inq[u])
        return;
    w->inq[u] = 1;
    w->queue[(w->qh + w->qn) % w->n] = u;
    w->qn++;
}

/*
 * Sets u's price so that its best residual arc has reduced cost -eps (every other one >= -eps,
 * so eps-optimality holds whatever arcs were skipped) and makes that arc current. Arcs before
 * it that are admissible too are skipped; a later relabel then still lowers the price (by less
 * than eps), so the phase ends, and it saves a second scan of long lists.
 */
static void relabel(cs_ws *w, uint32_t u, int64_t eps)
{
    int64_t best = INT64_MIN;
    uint32_t at = w->first[u];
    const cs_arc *arc = w->arc;
    for (uint32_t a = w->first[u]; a < w->first[u + 1]; a++) {
        if (arc[a].res > 0) {
            int64_t x = w->pi[arc[a].head] - arc[a].cost;
            if (x > best) {
                best = x;
                at = a;
            }
        }
    }
    assert(best != INT64_MIN); /* an active node always has a residual arc */
    assert(best - eps < w->pi[u]);
    w->pi[u] = best - eps;
    w->cur[u] = at;
    w->relabels++;
}

static void discharge(cs_ws *w, uint32_t u, int64_t eps)
{
    cs_arc *arc = w->arc;
    while (w->excess[u] > 0) {
        uint32_t a = w->cur[u];
        if (a == w->first[u + 1]) {
            relabel(w, u, eps);
            continue;
        }
        uint32_t v = arc[a].head;
        if (arc[a].res > 0 && arc[a].cost + w->pi[u] - w->pi[v] < 0) {
            int64_t d = w->excess[u] < arc[a].res ? w->excess[u] : arc[a].res;
            arc[a].res -= (int32_t)d;
            arc[w->rev[a]].res += (int32_t)d;
            w->excess[u] -= d;
            w->excess[v] += d;
            w->pushes++;
            if (w->excess[v] > 0)
                enqueue(w, v);
            if (arc[a].res > 0)
                continue; /* u is drained; keep the arc current */
        }
        w->cur[u] = a + 1;
    }
}

static void refine(cs_ws *w, int64_t eps)
{
    /* Saturate every arc with negative reduced cost: a 0-optimal pseudoflow. */
    cs_arc *arc = w->arc;
    for (uint32_t u = 0; u < w->n; u++) {
        for (uint32_t a = w->first[u]; a < w->first[u + 1]; a++) {
            uint32_t v = arc[a].head;
            if (arc[a].res > 0 && arc[a].cost + w->pi[u] - w->pi[v] < 0) {
                int32_t d = arc[a].res;
                arc[a].res = 0;
                arc[w->rev[a]].res += d;
                w->excess[u] -= d;
                w->excess[v] += d;
            }
        }
    }
    w->qh = w->qn = 0;
    for (uint32_t u = 0; u < w->n; u++) {
        w->cur[u] = w->first[u];
        if (w->excess[u] > 0)
            enqueue(w, u);
    }
    price_update(w, eps);
    size_t next_update = w->relabels + w->n;
    while (w->qn > 0) {
        if (w->relabels >= next_update) {
            price_update(w, eps);
            next_update = w->relabels + w->n;
        }
        uint32_t u = w->queue[w->qh];
        w->qh = (w->qh + 1) % w->n;
        w->qn--;
        w->inq[u] = 0;
        discharge(w, u, eps);
    }
}

vl_status fair_flow_solve_cs(vl_ctx *ctx, const fair_flow_input *in, uint8_t *flow,
                             fair_flow_stats *stats)
{
    const size_t nl = in->nl, nr = in->nr, np = in->lfirst[nl];
    const size_t n = nl + nr + 1, t = nl + nr;
    const size_t m = 2 * (np + 2 * nl + 2 * nr);
    if (n >= UINT32_MAX / 4 || m >= UINT32_MAX / 2)
        return vl__error(ctx, VL_ERR_ARG, "fair: the graph is too large (%zu nodes, %zu pairs)", n,
                         np);
    cs_ws w = {.n = n, .m = m};
    w.first = vl__calloc(n + 2, sizeof *w.first);
    w.arc = vl__malloc(m * sizeof *w.arc);
    w.rev = vl__malloc(m * sizeof *w.rev);
    w.pi = vl__calloc(n, sizeof *w.pi);
    w.excess = vl__calloc(n, sizeof *w.excess);
    w.cur = vl__malloc(n * sizeof *w.cur);
    w.queue = vl__malloc(n * sizeof *w.queue);
    w.inq = vl__calloc(n, 1);
    w.dist = vl__malloc(n * sizeof *w.dist);
    w.bhead = vl__malloc((n + 1) * sizeof *w.bhead);
    w.bnext = vl__malloc(n * sizeof *w.bnext);
    w.bprev = vl__malloc(n * sizeof *w.bprev);
    w.done = vl__malloc(n);
    uint32_t *fill = vl__calloc(n + 1, sizeof *fill);
    int32_t *lsup = vl__calloc(nl + 1, sizeof *lsup), *rcap = vl__calloc(nr + 1, sizeof *rcap);
    uint32_t *parc = vl__malloc((np + 1) * sizeof *parc);
    if (!w.first || !w.arc || !w.rev || !w.pi || !w.excess || !w.cur || !w.queue || !w.inq ||
        !w.dist || !w.bhead || !w.bnext || !w.bprev || !w.done || !fill || !lsup || !rcap ||
        !parc) {
        cs_free(&w);
        vl__free(fill);
        vl__free(lsup);
        vl__free(rcap);
        vl__free(parc);
        return vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the flow workspace");
    }
    const int64_t mult = (int64_t)n + 1;

    fair_flow_caps(in, lsup, rcap);

    /* Arc counts per tail node: each arc and its reverse. */
    uint32_t *deg = w.first + 1;
    for (size_t l = 0; l < nl; l++) {
        deg[l] += (in->lfirst[l + 1] - in->lfirst[l]) + 2;
        for (uint32_t p = in->lfirst[l]; p < in->lfirst[l + 1]; p++)
            deg[nl + in->pright[p]]++;
    }
    for (size_t r = 0; r < nr; r++)
        deg[nl + r] += 2;
    deg[t] += (uint32_t)(2 * nl + 2 * nr);
    for (size_t u = 0; u < n; u++)
        w.first[u + 1] += w.first[u];
    assert(w.first[n] == m);
    memcpy(fill, w.first, n * sizeof *fill);

#define ADD_ARC(U, V, CAP, COST, OUT)                                                              \
    do {                                                                                           \
        uint32_t a_ = fill[U]++, b_ = fill[V]++;                                                   \
        w.arc[a_] = (cs_arc){(COST)*mult, (uint32_t)(V), (CAP)};                                   \
        w.arc[b_] = (cs_arc){-(COST)*mult, (uint32_t)(U), 0};                                      \
        w.rev[a_] = b_;                                                                            \
        w.rev[b_] = a_;                                                                            \
        OUT = a_;                                                                                  \
    } while (0)

    uint32_t unused;
    int64_t maxc = 1;
    for (size_t l = 0; l < nl; l++) {
        for (uint32_t p = in->lfirst[l]; p < in->lfirst[l + 1]; p++) {
            ADD_ARC(l, nl + in->pright[p], 1, in->pcost[p], parc[p]);
            maxc = llabs(in->pcost[p]) > maxc ? llabs(in->pcost[p]) : maxc;
        }
        int32_t s = lsup[l];
        ADD_ARC(l, t, s > 1 ? s - 1 : 0, (int64_t)0, unused);
        ADD_ARC(l, t, s > 0 ? 1 : 0, in->lbonus[l], unused);
        maxc = in->lbonus[l] > maxc ? in->lbonus[l] : maxc;
        w.excess[l] = s;
        w.excess[t] -= s;
    }
    for (size_t r = 0; r < nr; r++) {
        int32_t c = rcap[r];
        ADD_ARC(nl + r, t, c > 0 ? 1 : 0, -in->rbonus[r], unused);
        ADD_ARC(nl + r, t, c > 1 ? c - 1 : 0, (int64_t)0, unused);
        maxc = in->rbonus[r] > maxc ? in->rbonus[r] : maxc;
    }
#undef ADD_ARC
    (void)unused;

    for (int64_t eps = maxc * mult;;) {
        eps = eps / ALPHA > 1 ? eps / ALPHA : 1;
        refine(&w, eps);
        if (eps == 1)
            break;
    }
#ifndef NDEBUG
    for (size_t u = 0; u < n; u++) {
        assert(w.excess[u] == 0);
        for (uint32_t a = w.first[u]; a < w.first[u + 1]; a++)
            assert(w.arc[a].res == 0 || w.arc[a].cost + w.pi[u] - w.pi[w.arc[a].head] >= -1);
    }
#endif
    int64_t total = 0;
    for (size_t p = 0; p < np; p++) {
        flow[p] = w.arc[parc[p]].res == 0 ? 1 : 0;
        total += flow[p] ? in->pcost[p] : 0;
    }
    if (stats) {
        memset(stats, 0, sizeof *stats);
        stats->augmentations = w.pushes;
        stats->pops = w.relabels;
        /* the same cost as flow.c reports: pairs, right bonuses, unused left bonuses */
        int64_t cost = total;
        for (size_t r = 0; r < nr; r++) {
            bool used = false;
            for (uint32_t a = w.first[nl + r]; a < w.first[nl + r + 1] && !used; a++)
                used = w.arc[a].head < nl && w.arc[a].res > 0; /* a reverse pair arc with flow */
            cost -= used ? in->rbonus[r] : 0;
        }
        for (size_t l = 0; l < nl; l++) {
            bool any = false;
            for (uint32_t p = in->lfirst[l]; p < in->lfirst[l + 1] && !any; p++)
                any = flow[p];
            cost += lsup[l] > 0 && !any ? in->lbonus[l] : 0;
        }
        stats->cost = cost;
    }
    cs_free(&w);
    vl__free(fill);
    vl__free(lsup);
    vl__free(rcap);
    vl__free(parc);
    return VL_OK;
}
