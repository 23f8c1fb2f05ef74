/*
 * fair-int.h - private interface of the fair room: the normalised candidate graph (seekers and
 * vacancies relabelled in id order, pairs sorted by seeker then vacancy) and the solvers that
 * work on it. Benchmarks and tests reach the flow solver directly through this header.
 */
#ifndef VL_FAIR_INT_H
#define VL_FAIR_INT_H

#include <stdint.h>

#include "core/core.h"

/*
 * Scores and bonuses become integer costs: round(value * VL_FAIR_COST_SCALE). The flow optimum
 * is exact for the rounded costs, so its real objective is within (invitations + seekers +
 * vacancies) / VL_FAIR_COST_SCALE of the real-valued optimum (docs/fair.md).
 */
#define VL_FAIR_COST_SCALE 1000000.0

/*
 * The normalised graph. Internal seeker i is problem seeker sorig[i]; seekers are in id order
 * (index order when no ids are given), likewise vacancies. Pairs are sorted by (seeker,
 * vacancy) and pair p of seeker i lies in sfirst[i] .. sfirst[i+1]-1.
 */
typedef struct fair_graph {
    size_t ns, nv, np;
    size_t *sorig, *vorig; /* internal -> problem index */
    bool *sprio;
    int *vpos, *vcap;
    uint32_t *sfirst;         /* ns + 1 */
    uint32_t *pseeker, *pvac; /* internal indices */
    double *pscore, *pfit, *pappeal;
    size_t *porig; /* pair -> problem pair index */
} fair_graph;

vl_status fair_graph_build(vl_ctx *ctx, const vl_fair_problem *pb, const vl_fair_params *prm,
                           fair_graph *g);
void fair_graph_free(fair_graph *g);

/*
 * The exact solver's bipartite input, one side "left" (whose units are routed one by one) and
 * the other "right". Left l has pairs lfirst[l] .. lfirst[l+1]-1 going to pright[p] with cost
 * pcost[p] (a negative score); it may use at most lcap[l] pairs and earns lbonus[l] once when
 * it uses any; right r may take at most rcap[r] pairs and earns rbonus[r] once. Costs and
 * bonuses are scaled integers, bonuses >= 0.
 */
typedef struct fair_flow_input {
    size_t nl, nr;
    const uint32_t *lfirst;
    const uint32_t *pright;
    const int64_t *pcost;
    const int32_t *lcap;
    const int64_t *lbonus;
    const int32_t *rcap;
    const int64_t *rbonus;
} fair_flow_input;

typedef struct fair_flow_stats {
    size_t augmentations; /* shortest paths found (units routed) */
    size_t pops;          /* nodes settled over all searches */
    size_t scans;         /* arcs scanned over all searches */
    int64_t cost;         /* min cost reached (scaled, with the left bonuses as penalties) */
} fair_flow_stats;

/*
 * Effective capacities, shared by both solvers: no node uses more pairs than it has, and a
 * negative capacity counts as 0. lsup has nl items, rcap nr items (both written).
 */
void fair_flow_caps(const fair_flow_input *in, int32_t *lsup, int32_t *rcap);

/*
 * Maximises sum(-pcost) + bonuses: flow[p] = 1 for the chosen pairs. Successive shortest
 * paths with potentials, one unit of a left node at a time (docs/fair.md).
 */
vl_status fair_flow_solve(vl_ctx *ctx, const fair_flow_input *in, uint8_t *flow,
                          fair_flow_stats *stats);

/*
 * The same optimum by cost scaling (flow-cs.c): push-relabel with epsilon scaling, the default
 * because its time does not grow with the number of contested units.
 */
vl_status fair_flow_solve_cs(vl_ctx *ctx, const fair_flow_input *in, uint8_t *flow,
                             fair_flow_stats *stats);

/* Which side of the graph a flow run puts on the left (auto: the side with fewer units). */
typedef enum fair_side { FAIR_SIDE_AUTO = 0, FAIR_SIDE_SEEKERS, FAIR_SIDE_VACANCIES } fair_side;
/* Which exact algorithm (tests run both and compare). */
typedef enum fair_algo { FAIR_ALGO_SCALING = 0, FAIR_ALGO_SSP } fair_algo;

/* The three methods on the normalised graph: chosen[p] = 1 for invited pairs. */
vl_status fair_run_flow(vl_ctx *ctx, const fair_graph *g, const vl_fair_params *prm, fair_side side,
                        fair_algo algo, uint8_t *chosen, fair_flow_stats *stats);
vl_status fair_run_stable(vl_ctx *ctx, const fair_graph *g, const vl_fair_params *prm,
                          uint8_t *chosen);
vl_status fair_run_greedy(vl_ctx *ctx, const fair_graph *g, const vl_fair_params *prm,
                          uint8_t *chosen);

/* Solves with a forced flow side and algorithm (tests compare them all). */
vl_status fair_solve_side(vl_ctx *ctx, const vl_fair_problem *pb, const vl_fair_params *prm,
                          vl_fair_method method, fair_side side, fair_algo algo,
                          vl_fair_plan **out);

#endif
