/*
 * flow.c - the exact fair planner: a min-cost flow by successive shortest paths with node
 * potentials (Dijkstra), specialised to a bipartite graph with concave "first unit" bonuses.
 *
 * Network: every left node l has supply u_l = min(lcap, degree); it sends each unit either
 * along a pair arc l -> r (capacity 1, cost -score) or to the sink through a "dummy" (not
 * used) arc pair: u_l - 1 units at cost 0 and one more at cost +lbonus. Right node r sends to
 * the sink: one unit at cost -rbonus, rcap - 1 more at cost 0. All supply must reach the sink,
 * so the flow amount is fixed and the minimum cost equals -(maximum of scores + bonuses) +
 * sum(lbonus): a left node that uses no pair routes all u_l units through the dummy arcs and
 * pays its bonus back. Marginal costs on both bonus arc pairs increase, so min-cost flow is
 * exact for this concave objective.
 *
 * Invariants (asserted): reduced costs c(u,v) + pi(u) - pi(v) of every residual arc are >= 0;
 * rload[r] = pairs with flow into r = units r sends to the sink; sum of flow out of l plus
 * ldummy[l] = units of l routed so far. Each unit costs one Dijkstra from its left node that
 * stops when the sink is settled; only settled nodes change potential (pi += d - D), which
 * keeps reduced costs non-negative. Starting from the side with fewer units keeps searches
 * short: a unit looks only as far as its dummy arc allows.
 */
#include <stdlib.h>
#include <string.h>

#include "fair/fair-int.h"

#define UNSEEN INT64_MAX
#define NO_POS UINT32_MAX

typedef struct flow_ws {
    const fair_flow_input *in;
    uint8_t *flow;
    size_t n, nl, sink;
    uint32_t *pleft; /* left node of each pair */
    int32_t *lsup, *ldummy;
    int32_t *rcap, *rload;
    uint32_t *rfirst; /* start of each right node's list of pairs with flow */
    uint32_t *rlist, *ppos;
    int64_t *pi, *dist;
    uint32_t *pred; /* pair index for left/right nodes; the previous node for the sink */
    uint32_t *heap, *hpos;
    size_t hn;
    uint32_t *settled, *touched;
    size_t nsettled, ntouched;
    fair_flow_stats st;
} flow_ws;

/* ---- indexed binary heap on (dist, node), so ties settle by node index ------------------- */

static inline bool heap_less(const flow_ws *w, uint32_t a, uint32_t b)
{
    return w->dist[a] < w->dist[b] || (w->dist[a] == w->dist[b] && a < b);
}

static void heap_up(flow_ws *w, size_t i)
{
    uint32_t x = w->heap[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!heap_less(w, x, w->heap[parent]))
            break;
        w->heap[i] = w->heap[parent];
        w->hpos[w->heap[i]] = (uint32_t)i;
        i = parent;
    }
    w->heap[i] = x;
    w->hpos[x] = (uint32_t)i;
}

static void heap_down(flow_ws *w, size_t i)
{
    uint32_t x = w->heap[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= w->hn)
            break;
        if (c + 1 < w->hn && heap_less(w, w->heap[c + 1], w->heap[c]))
            c++;
        if (!heap_less(w, w->heap[c], x))
            break;
        w->heap[i] = w->heap[c];
        w->hpos[w->heap[i]] = (uint32_t)i;
        i = c;
    }
    w->heap[i] = x;
    w->hpos[x] = (uint32_t)i;
}

static uint32_t heap_pop(flow_ws *w)
{
    uint32_t top = w->heap[0];
    w->hpos[top] = NO_POS;
    w->hn--;
    if (w->hn > 0) {
        w->heap[0] = w->heap[w->hn];
        heap_down(w, 0);
    }
    return top;
}

/*
 * Lowers dist[v] to d (reached through pred) when that is shorter. A node no closer than the
 * sink's tentative distance is left out: it would settle after the sink, when the search has
 * stopped, and its potential then moves as if its distance were the sink's (see augment_from).
 * This pruning keeps the heap small: most candidates of a popular vacancy are never pushed.
 */
static inline bool relax(flow_ws *w, uint32_t v, int64_t d, uint32_t pred)
{
    if (d >= w->dist[v] || d >= w->dist[w->sink])
        return false;
    if (w->dist[v] == UNSEEN)
        w->touched[w->ntouched++] = v;
    w->dist[v] = d;
    w->pred[v] = pred;
    if (w->hpos[v] == NO_POS) {
        w->heap[w->hn] = v;
        w->hpos[v] = (uint32_t)w->hn;
        w->hn++;
    }
    heap_up(w, w->hpos[v]);
    return true;
}

/* ---- one unit from left node src: shortest path to the sink, augment, reprice ------------ */

static void augment_from(flow_ws *w, uint32_t src)
{
    const fair_flow_input *in = w->in;
    const uint32_t nl = (uint32_t)w->nl, sink = (uint32_t)w->sink;
    int64_t *pi = w->pi, *dist = w->dist;

    w->nsettled = w->ntouched = 0;
    dist[src] = 0;
    w->touched[w->ntouched++] = src;
    w->heap[0] = src;
    w->hpos[src] = 0;
    w->hn = 1;
    int64_t D = UNSEEN;
    while (w->hn > 0) {
        uint32_t u = heap_pop(w);
        if (u == sink) {
            D = dist[u];
            break;
        }
        w->settled[w->nsettled++] = u;
        int64_t du = dist[u];
        if (u < nl) {
            for (uint32_t p = in->lfirst[u]; p < in->lfirst[u + 1]; p++) {
                if (w->flow[p])
                    continue;
                uint32_t r = in->pright[p], v = nl + r;
                int64_t rc = in->pcost[p] + pi[u] - pi[v];
                assert(rc >= 0);
                /* Look ahead through a right node with room: the sink's tentative distance
                 * drops early, which prunes the rest of the search. */
                if (relax(w, v, du + rc, p) && w->rload[r] < w->rcap[r]) {
                    int64_t c = w->rload[r] == 0 ? -in->rbonus[r] : 0;
                    int64_t rt = c + pi[v] - pi[sink];
                    assert(rt >= 0);
                    relax(w, sink, du + rc + rt, v);
                }
            }
            w->st.scans += in->lfirst[u + 1] - in->lfirst[u];
            assert(w->ldummy[u] < w->lsup[u] || u != src);
            if (w->ldummy[u] < w->lsup[u]) {
                int64_t c = w->ldummy[u] == w->lsup[u] - 1 ? in->lbonus[u] : 0;
                int64_t rc = c + pi[u] - pi[sink];
                assert(rc >= 0);
                relax(w, sink, du + rc, u);
            }
        } else {
            uint32_t r = u - nl;
            const uint32_t *list = w->rlist + w->rfirst[r];
            for (int32_t k = 0; k < w->rload[r]; k++) {
                uint32_t p = list[k];
                uint32_t l = w->pleft[p];
                int64_t rc = -in->pcost[p] + pi[u] - pi[l];
                assert(rc >= 0);
                relax(w, l, du + rc, p);
            }
            w->st.scans += (size_t)w->rload[r];
            if (w->rload[r] < w->rcap[r]) {
                int64_t c = w->rload[r] == 0 ? -in->rbonus[r] : 0;
                int64_t rc = c + pi[u] - pi[sink];
                assert(rc >= 0);
                relax(w, sink, du + rc, u);
            }
        }
    }
    assert(D != UNSEEN); /* the source's own dummy arc always reaches the sink */
    w->st.pops += w->nsettled;
    w->st.augmentations++;

    /* Walk back from the sink: arcs into a right node are pairs gaining flow, arcs into a left
     * node are pairs giving it back. Removals from a right list come before additions to it. */
    uint32_t u = w->pred[sink];
    if (u < nl) {
        w->ldummy[u]++;
    }
    while (u != src) {
        uint32_t p = w->pred[u];
        if (u >= nl) {
            uint32_t r = u - nl;
            assert(!w->flow[p] && w->rload[r] < w->rcap[r]);
            w->flow[p] = 1;
            w->ppos[p] = (uint32_t)w->rload[r];
            w->rlist[w->rfirst[r] + (uint32_t)w->rload[r]] = p;
            w->rload[r]++;
            u = w->pleft[p];
        } else {
            uint32_t r = w->in->pright[p];
            assert(w->flow[p] && w->rload[r] > 0);
            w->flow[p] = 0;
            uint32_t *list = w->rlist + w->rfirst[r];
            uint32_t last = list[w->rload[r] - 1];
            list[w->ppos[p]] = last;
            w->ppos[last] = w->ppos[p];
            w->ppos[p] = NO_POS;
            w->rload[r]--;
            u = nl + r;
        }
    }

    for (size_t i = 0; i < w->nsettled; i++) {
        uint32_t v = w->settled[i];
        assert(dist[v] <= D);
        pi[v] += dist[v] - D;
    }
    for (size_t i = 0; i < w->ntouched; i++) {
        uint32_t v = w->touched[i];
        dist[v] = UNSEEN;
        w->hpos[v] = NO_POS;
    }
}

void fair_flow_caps(const fair_flow_input *in, int32_t *lsup, int32_t *rcap)
{
    memset(rcap, 0, in->nr * sizeof *rcap);
    for (size_t l = 0; l < in->nl; l++) {
        uint32_t deg = in->lfirst[l + 1] - in->lfirst[l];
        int32_t cap = in->lcap[l] < 0 ? 0 : in->lcap[l];
        lsup[l] = deg < (uint32_t)cap ? (int32_t)deg : cap;
        for (uint32_t p = in->lfirst[l]; p < in->lfirst[l + 1]; p++)
            rcap[in->pright[p]]++; /* the degree, until capped below */
    }
    for (size_t r = 0; r < in->nr; r++) {
        int32_t cap = in->rcap[r] < 0 ? 0 : in->rcap[r];
        rcap[r] = rcap[r] < cap ? rcap[r] : cap;
    }
}

static void ws_free(flow_ws *w)
{
    vl__free(w->pleft);
    vl__free(w->lsup);
    vl__free(w->ldummy);
    vl__free(w->rcap);
    vl__free(w->rload);
    vl__free(w->rfirst);
    vl__free(w->rlist);
    vl__free(w->ppos);
    vl__free(w->pi);
    vl__free(w->dist);
    vl__free(w->pred);
    vl__free(w->heap);
    vl__free(w->hpos);
    vl__free(w->settled);
    vl__free(w->touched);
}

vl_status fair_flow_solve(vl_ctx *ctx, const fair_flow_input *in, uint8_t *flow,
                          fair_flow_stats *stats)
{
    const size_t nl = in->nl, nr = in->nr, np = in->lfirst[nl];
    const size_t n = nl + nr + 1;
    if (n >= UINT32_MAX || np >= UINT32_MAX)
        return vl__error(ctx, VL_ERR_ARG, "fair: the graph is too large (%zu nodes, %zu pairs)", n,
                         np);
    flow_ws w = {.in = in, .flow = flow, .n = n, .nl = nl, .sink = nl + nr};
    w.pleft = vl__malloc((np + 1) * sizeof *w.pleft);
    w.lsup = vl__calloc(nl + 1, sizeof *w.lsup);
    w.ldummy = vl__calloc(nl + 1, sizeof *w.ldummy);
    w.rcap = vl__calloc(nr + 1, sizeof *w.rcap);
    w.rload = vl__calloc(nr + 1, sizeof *w.rload);
    w.rfirst = vl__calloc(nr + 1, sizeof *w.rfirst);
    w.ppos = vl__malloc((np + 1) * sizeof *w.ppos);
    w.pi = vl__calloc(n, sizeof *w.pi);
    w.dist = vl__malloc(n * sizeof *w.dist);
    w.pred = vl__malloc(n * sizeof *w.pred);
    w.heap = vl__malloc(n * sizeof *w.heap);
    w.hpos = vl__malloc(n * sizeof *w.hpos);
    w.settled = vl__malloc(n * sizeof *w.settled);
    w.touched = vl__malloc(n * sizeof *w.touched);
    if (!w.pleft || !w.lsup || !w.ldummy || !w.rcap || !w.rload || !w.rfirst || !w.ppos || !w.pi ||
        !w.dist || !w.pred || !w.heap || !w.hpos || !w.settled || !w.touched) {
        ws_free(&w);
        return vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the flow workspace");
    }
    memset(flow, 0, np);
    for (size_t i = 0; i < n; i++) {
        w.dist[i] = UNSEEN;
        w.hpos[i] = NO_POS;
    }

    fair_flow_caps(in, w.lsup, w.rcap);
    int32_t maxsup = 0;
    for (size_t l = 0; l < nl; l++) {
        if (w.lsup[l] > maxsup)
            maxsup = w.lsup[l];
        for (uint32_t p = in->lfirst[l]; p < in->lfirst[l + 1]; p++)
            w.pleft[p] = (uint32_t)l;
    }
    size_t slots = 0;
    for (size_t r = 0; r < nr; r++) {
        w.rfirst[r] = (uint32_t)slots;
        slots += (size_t)w.rcap[r];
    }
    w.rlist = vl__malloc((slots + 1) * sizeof *w.rlist);
    if (!w.rlist) {
        ws_free(&w);
        return vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the flow workspace");
    }

    /* Initial potentials making every arc's reduced cost >= 0 at zero flow (no reverse arcs
     * yet): left 0, right at most minus its best score, the sink below every right's first
     * unit. */
    for (size_t p = 0; p < np; p++) {
        uint32_t v = (uint32_t)nl + in->pright[p];
        if (in->pcost[p] < w.pi[v])
            w.pi[v] = in->pcost[p];
    }
    int64_t pit = 0;
    for (size_t r = 0; r < nr; r++) {
        int64_t c = w.pi[nl + r] - in->rbonus[r];
        if (c < pit)
            pit = c;
    }
    w.pi[w.sink] = pit;

    /* Round robin over the units: every left node's first unit, then every second unit, ...
     * The order changes the work, never the optimum. */
    for (int32_t k = 0; k < maxsup; k++) {
        for (size_t l = 0; l < nl; l++) {
            if (w.lsup[l] > k)
                augment_from(&w, (uint32_t)l);
        }
    }

    if (stats) {
        int64_t cost = 0;
        for (size_t p = 0; p < np; p++)
            cost += flow[p] ? in->pcost[p] : 0;
        for (size_t r = 0; r < nr; r++)
            cost -= w.rload[r] > 0 ? in->rbonus[r] : 0;
        for (size_t l = 0; l < nl; l++)
            cost += w.lsup[l] > 0 && w.ldummy[l] == w.lsup[l] ? in->lbonus[l] : 0;
        w.st.cost = cost;
        *stats = w.st;
    }
    ws_free(&w);
    return VL_OK;
}
