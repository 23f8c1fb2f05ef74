/*
 * test-numeric-fair.c - heavier randomized checks of the exact fair planner: on hundreds of
 * seekers, cost scaling and successive shortest paths (each from both sides of the graph) must
 * reach the same optimum, which must also equal a Hungarian assignment on the slot-expanded
 * problem (one slot per seeker), with every capacity respected; stable plans stay free of
 * blocking pairs at that size.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair-testutil.h"
#include "fair/fair-int.h"

typedef struct big {
    size_t ns, nv, np;
    char (*sid)[12], (*vid)[12];
    const char **sp, **vp;
    bool *prio;
    int *pos;
    vl_fair_pair *pairs;
    vl_fair_problem pb;
    vl_fair_params prm;
} big;

/* Popular vacancies attract most candidates (the congestion planning is for). */
static void big_make(big *b, size_t ns, size_t nv, size_t per, int K)
{
    memset(b, 0, sizeof *b);
    b->ns = ns;
    b->nv = nv;
    b->sid = malloc(ns * sizeof *b->sid);
    b->vid = malloc(nv * sizeof *b->vid);
    b->sp = malloc(ns * sizeof *b->sp);
    b->vp = malloc(nv * sizeof *b->vp);
    b->prio = malloc(ns);
    b->pos = malloc(nv * sizeof *b->pos);
    b->pairs = malloc(ns * per * sizeof *b->pairs);
    uint8_t *mark = calloc(nv, 1);
    for (size_t v = 0; v < nv; v++) {
        snprintf(b->vid[v], 12, "V%05zu", (v * 7919) % 100000);
        b->vp[v] = b->vid[v];
        b->pos[v] = 1 + (int)(ft_rnd() % 3);
    }
    for (size_t s = 0; s < ns; s++) {
        snprintf(b->sid[s], 12, "S%05zu", (s * 104729) % 100000);
        b->sp[s] = b->sid[s];
        b->prio[s] = ft_rnd() % 4 == 0;
        size_t got = 0;
        memset(mark, 0, nv);
        while (got < per && got < nv) {
            /* squared uniform: low indices (popular) drawn more often */
            double u = ft_rnd01();
            size_t v = (size_t)(u * u * (double)nv);
            if (v >= nv || mark[v])
                continue;
            mark[v] = 1;
            double sc = 0.2 + 0.8 * ft_rnd01();
            b->pairs[b->np++] = (vl_fair_pair){s, v, sc, ft_rnd01(), ft_rnd01()};
            got++;
        }
    }
    free(mark);
    b->pb = (vl_fair_problem){ns, b->sp, b->prio, nv, b->vp, b->pos, b->np, b->pairs};
    vl_fair_params_default(&b->prm);
    b->prm.per_seeker = K;
    b->prm.per_position = 1.5;
    b->prm.min_score = 0.25;
    b->prm.coverage_bonus = 0.1 + 0.6 * ft_rnd01();
    b->prm.vacancy_bonus = 0.4 * ft_rnd01();
    b->prm.priority_bonus = 0.3 * ft_rnd01();
}

static void big_free(big *b)
{
    free(b->sid);
    free(b->vid);
    free(b->sp);
    free(b->vp);
    free(b->prio);
    free(b->pos);
    free(b->pairs);
}

static void check_caps(const big *b, const vl_fair_plan *plan)
{
    for (size_t i = 0; i < plan->n_invitations; i++)
        assert_true(plan->invitations[i].score >= b->prm.min_score);
    ft_check_limits(&b->pb, &b->prm, plan, true);
}

/* K = 1: rows seekers, columns vacancy slots (the first with the vacancy bonus) and one
 * "not invited" column per seeker; exact without any pair gadget. */
static double slot_optimum_k1(const big *b)
{
    size_t slots = 0;
    size_t *first = malloc((b->nv + 1) * sizeof *first);
    for (size_t v = 0; v < b->nv; v++) {
        first[v] = slots;
        slots += (size_t)vl_fair_capacity(&b->prm, b->pos[v]);
    }
    const size_t n = b->ns, m = slots + b->ns;
    double *a = malloc(n * m * sizeof *a);
    for (size_t i = 0; i < n * m; i++)
        a[i] = 1e9;
    for (size_t s = 0; s < n; s++)
        for (size_t j = slots; j < m; j++)
            a[s * m + j] = 0;
    for (size_t p = 0; p < b->np; p++) {
        const vl_fair_pair *q = &b->pairs[p];
        if (q->score < b->prm.min_score)
            continue;
        double gain =
            q->score + b->prm.coverage_bonus + (b->prio[q->seeker] ? b->prm.priority_bonus : 0);
        int cap = vl_fair_capacity(&b->prm, b->pos[q->vacancy]);
        for (int j = 0; j < cap; j++)
            a[q->seeker * m + first[q->vacancy] + (size_t)j] =
                -(gain + (j == 0 ? b->prm.vacancy_bonus : 0));
    }
    double c = ft_hungarian(n, m, a);
    free(a);
    free(first);
    return -c;
}

static void test_solvers_agree(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    ft_rng_state = 0xfa1f2385ull;
    for (int it = 0; it < 40; it++) {
        big b;
        big_make(&b, 150 + ft_rnd() % 250, 15 + ft_rnd() % 40, 4 + ft_rnd() % 12,
                 1 + (int)(ft_rnd() % 4));
        if (it % 4 == 0)
            b.prm.candidates_per_seeker = 5; /* the graph's own truncation too */
        double obj[4];
        for (int k = 0; k < 4; k++) {
            fair_side side = k % 2 ? FAIR_SIDE_VACANCIES : FAIR_SIDE_SEEKERS;
            fair_algo algo = k / 2 ? FAIR_ALGO_SSP : FAIR_ALGO_SCALING;
            vl_fair_plan *plan;
            assert_int_equal(fair_solve_side(ctx, &b.pb, &b.prm, VL_FAIR_FLOW, side, algo, &plan),
                             VL_OK);
            check_caps(&b, plan);
            obj[k] = plan->metrics.objective;
            vl_fair_plan_destroy(plan);
        }
        double tol = ft_tolerance(&b.pb);
        for (int k = 1; k < 4; k++) {
            if (fabs(obj[k] - obj[0]) > tol)
                fail_msg("instance %d: variant %d objective %.9f, scaling %.9f", it, k, obj[k],
                         obj[0]);
        }
        /* stable and greedy are feasible (greedy only per seeker) and never beat the flow */
        vl_fair_plan *sp;
        assert_int_equal(vl_fair_solve(ctx, &b.pb, &b.prm, VL_FAIR_STABLE, &sp), VL_OK);
        check_caps(&b, sp);
        assert_true(sp->metrics.objective <= obj[0] + tol);
        vl_fair_plan_destroy(sp);
        big_free(&b);
    }
    vl_ctx_destroy(ctx);
}

static void test_flow_vs_dense_assignment(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    ft_rng_state = 0x51075eedull;
    for (int it = 0; it < 16; it++) {
        big b;
        big_make(&b, 80 + ft_rnd() % 120, 10 + ft_rnd() % 25, 3 + ft_rnd() % 8, 1);
        double best = slot_optimum_k1(&b);
        vl_fair_plan *plan;
        assert_int_equal(vl_fair_solve(ctx, &b.pb, &b.prm, VL_FAIR_FLOW, &plan), VL_OK);
        check_caps(&b, plan);
        double tol = ft_tolerance(&b.pb);
        if (fabs(plan->metrics.objective - best) > tol)
            fail_msg("instance %d: flow %.9f, assignment %.9f", it, plan->metrics.objective, best);
        vl_fair_plan_destroy(plan);
        big_free(&b);
    }
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_solvers_agree),
        cmocka_unit_test(test_flow_vs_dense_assignment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
