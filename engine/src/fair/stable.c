/*
 * stable.c - seeker-proposing deferred acceptance (Gale-Shapley, hospitals/residents form)
 * over the candidate pairs. Seekers rank their candidate vacancies by appeal (ties: score, then
 * vacancy id); vacancies rank seekers by fit (ties: score, then seeker id). A seeker holds up
 * to K offers (K = 1 is the classic many-to-one problem; K > 1 its many-to-many extension
 * with responsive preferences), a vacancy up to its capacity.
 *
 * Each pair is proposed at most once, so the run is O(pairs log capacity). The result has no
 * blocking pair: no candidate pair (s, v) outside it where s has a free slot or prefers v to
 * one of its offers and v has a free place or prefers s to one of its invitees.
 */
#include <stdlib.h>
#include <string.h>

#include "fair/fair-int.h"

typedef struct da_ws {
    const fair_graph *g;
    uint32_t *vfirst; /* each vacancy's slots in vheap */
    uint32_t *vload;
    uint32_t *vheap; /* per vacancy: a heap of held pairs, the least preferred on top */
} da_ws;

/* True when vacancy prefers pair a's seeker to pair b's (both pairs of that vacancy). */
static bool vac_prefers(const fair_graph *g, uint32_t a, uint32_t b)
{
    if (g->pfit[a] != g->pfit[b])
        return g->pfit[a] > g->pfit[b];
    if (g->pscore[a] != g->pscore[b])
        return g->pscore[a] > g->pscore[b];
    return g->pseeker[a] < g->pseeker[b];
}

static void vheap_up(const da_ws *w, uint32_t *h, size_t i)
{
    uint32_t x = h[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!vac_prefers(w->g, h[parent], x)) /* parent is already the less preferred */
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = x;
}

static void vheap_down(const da_ws *w, uint32_t *h, size_t n, size_t i)
{
    uint32_t x = h[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && vac_prefers(w->g, h[c], h[c + 1]))
            c++;
        if (!vac_prefers(w->g, x, h[c]))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = x;
}

typedef struct seek_key {
    double appeal, score;
    uint32_t vac, pair;
} seek_key;

static int cmp_seek_key(const void *a, const void *b)
{
    const seek_key *x = a, *y = b;
    if (x->appeal != y->appeal)
        return x->appeal > y->appeal ? -1 : 1;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return (x->vac > y->vac) - (x->vac < y->vac);
}

vl_status fair_run_stable(vl_ctx *ctx, const fair_graph *g, const vl_fair_params *prm,
                          uint8_t *chosen)
{
    const size_t ns = g->ns, nv = g->nv, np = g->np;
    const uint32_t K = (uint32_t)prm->per_seeker;
    memset(chosen, 0, np);
    da_ws w = {.g = g};
    uint32_t *order = vl__malloc((np + 1) * sizeof *order); /* each seeker's pairs, best first */
    uint32_t *next = vl__calloc(ns + 1, sizeof *next);
    uint32_t *held = vl__calloc(ns + 1, sizeof *held);
    uint32_t *queue = vl__malloc((ns + 1) * sizeof *queue);
    uint8_t *queued = vl__calloc(ns + 1, 1);
    uint32_t *vdeg = vl__calloc(nv + 1, sizeof *vdeg);
    seek_key *sk = NULL;
    w.vfirst = vl__calloc(nv + 1, sizeof *w.vfirst);
    w.vload = vl__calloc(nv + 1, sizeof *w.vload);
    vl_status st = VL_OK;
    size_t maxdeg = 0;
    for (size_t s = 0; s < ns; s++) {
        size_t d = g->sfirst[s + 1] - g->sfirst[s];
        maxdeg = d > maxdeg ? d : maxdeg;
    }
    sk = vl__malloc((maxdeg + 1) * sizeof *sk);
    if (!order || !next || !held || !queue || !queued || !vdeg || !w.vfirst || !w.vload || !sk) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for deferred acceptance");
        goto done;
    }
    for (size_t p = 0; p < np; p++)
        vdeg[g->pvac[p]]++;
    size_t slots = 0;
    for (size_t v = 0; v < nv; v++) {
        w.vfirst[v] = (uint32_t)slots;
        uint32_t cap = g->vcap[v] > 0 ? (uint32_t)g->vcap[v] : 0;
        slots += vdeg[v] < cap ? vdeg[v] : cap;
    }
    w.vheap = vl__malloc((slots + 1) * sizeof *w.vheap);
    if (!w.vheap) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for deferred acceptance");
        goto done;
    }
    for (size_t s = 0; s < ns; s++) {
        size_t b = g->sfirst[s], d = g->sfirst[s + 1] - b;
        for (size_t j = 0; j < d; j++)
            sk[j] =
                (seek_key){g->pappeal[b + j], g->pscore[b + j], g->pvac[b + j], (uint32_t)(b + j)};
        qsort(sk, d, sizeof *sk, cmp_seek_key);
        for (size_t j = 0; j < d; j++)
            order[b + j] = sk[j].pair;
    }

    /* A FIFO of seekers with a free slot and someone left to propose to. */
    size_t qh = 0, qt = 0, qn = 0;
    for (size_t s = 0; s < ns; s++) {
        queue[qt] = (uint32_t)s;
        qt = (qt + 1) % (ns + 1);
        qn++;
        queued[s] = 1;
    }
    while (qn > 0) {
        uint32_t s = queue[qh];
        qh = (qh + 1) % (ns + 1);
        qn--;
        queued[s] = 0;
        uint32_t deg = g->sfirst[s + 1] - g->sfirst[s];
        while (held[s] < K && next[s] < deg) {
            uint32_t p = order[g->sfirst[s] + next[s]++];
            uint32_t v = g->pvac[p];
            uint32_t cap = g->vcap[v] > 0 ? (uint32_t)g->vcap[v] : 0;
            uint32_t *h = w.vheap + w.vfirst[v];
            if (w.vload[v] < cap) {
                h[w.vload[v]] = p;
                vheap_up(&w, h, w.vload[v]++);
            } else if (cap > 0 && vac_prefers(g, p, h[0])) {
                uint32_t out = h[0];
                chosen[out] = 0;
                uint32_t loser = g->pseeker[out];
                held[loser]--;
                if (!queued[loser] && loser != s) {
                    queue[qt] = loser;
                    qt = (qt + 1) % (ns + 1);
                    qn++;
                    queued[loser] = 1;
                }
                h[0] = p;
                vheap_down(&w, h, w.vload[v], 0);
            } else {
                continue; /* rejected at once */
            }
            chosen[p] = 1;
            held[s]++;
        }
    }
done:
    vl__free(order);
    vl__free(next);
    vl__free(held);
    vl__free(queue);
    vl__free(queued);
    vl__free(vdeg);
    vl__free(sk);
    vl__free(w.vfirst);
    vl__free(w.vload);
    vl__free(w.vheap);
    return st;
}
