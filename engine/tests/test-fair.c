/*
 * test-fair.c - fair planning: parameter ranges, the published hospitals/residents example,
 * the flow optimum against two independent solvers (exhaustive search on tiny instances and a
 * Hungarian assignment on the slot-expanded problem), capacities, absence of blocking pairs,
 * greedy's definition, metrics by hand, determinism under reordering, and every error path.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair-testutil.h"
#include "fair/fair-int.h"
#include "io/json.h"

/* ---- random instances ---------------------------------------------------------------------- */

typedef struct inst {
    vl_fair_problem pb;
    vl_fair_params prm;
    char **sid, **vid;
    bool *prio;
    int *pos;
    vl_fair_pair *pairs;
} inst;

/* ns seekers, nv vacancies, each pair present with probability density; ids are shuffled
 * against the index order so that id ties are exercised. */
static void inst_make(inst *x, size_t ns, size_t nv, double density, int maxpos, int K)
{
    memset(x, 0, sizeof *x);
    x->sid = calloc(ns + 1, sizeof *x->sid);
    x->vid = calloc(nv + 1, sizeof *x->vid);
    x->prio = calloc(ns + 1, sizeof *x->prio);
    x->pos = calloc(nv + 1, sizeof *x->pos);
    x->pairs = calloc(ns * nv + 1, sizeof *x->pairs);
    for (size_t s = 0; s < ns; s++) {
        x->sid[s] = malloc(16);
        snprintf(x->sid[s], 16, "S%03u", (unsigned)((s * 37 + 11) % 1000));
        x->prio[s] = ft_rnd() % 3 == 0;
    }
    for (size_t v = 0; v < nv; v++) {
        x->vid[v] = malloc(16);
        snprintf(x->vid[v], 16, "V%03u", (unsigned)((v * 13 + 5) % 1000));
        x->pos[v] = (int)(ft_rnd() % (unsigned)(maxpos + 1));
    }
    size_t n = 0;
    for (size_t s = 0; s < ns; s++) {
        for (size_t v = 0; v < nv; v++) {
            if (ft_rnd01() < density) {
                /* a few repeated values so ties happen */
                double sc = ft_rnd() % 5 == 0 ? 0.5 : 0.05 + 0.9 * ft_rnd01();
                x->pairs[n++] = (vl_fair_pair){s, v, sc, ft_rnd01(), ft_rnd01()};
            }
        }
    }
    x->pb = (vl_fair_problem){.n_seekers = ns,
                              .seeker_ids = (const char *const *)x->sid,
                              .seeker_priority = x->prio,
                              .n_vacancies = nv,
                              .vacancy_ids = (const char *const *)x->vid,
                              .vacancy_positions = x->pos,
                              .n_pairs = n,
                              .pairs = x->pairs};
    vl_fair_params_default(&x->prm);
    x->prm.per_seeker = K;
    x->prm.per_position = 1;
    x->prm.min_score = 0;
    x->prm.coverage_bonus = 0.137 + 0.5 * ft_rnd01();
    x->prm.vacancy_bonus = 0.211 * ft_rnd01();
    x->prm.priority_bonus = 0.3 * ft_rnd01();
}

static void inst_free(inst *x)
{
    for (size_t s = 0; s < x->pb.n_seekers; s++)
        free(x->sid[s]);
    for (size_t v = 0; v < x->pb.n_vacancies; v++)
        free(x->vid[v]);
    free(x->sid);
    free(x->vid);
    free(x->prio);
    free(x->pos);
    free(x->pairs);
}

/* Objective of a set of pairs, by the definition (not by the library's metrics). */
static double objective_of(const inst *x, const uint8_t *use)
{
    const vl_fair_problem *pb = &x->pb;
    double obj = 0;
    uint8_t *sv = calloc(pb->n_seekers + 1, 1), *vv = calloc(pb->n_vacancies + 1, 1);
    for (size_t p = 0; p < pb->n_pairs; p++) {
        if (!use[p])
            continue;
        obj += pb->pairs[p].score;
        sv[pb->pairs[p].seeker] = 1;
        vv[pb->pairs[p].vacancy] = 1;
    }
    for (size_t s = 0; s < pb->n_seekers; s++)
        obj += sv[s] ? x->prm.coverage_bonus + (x->prio[s] ? x->prm.priority_bonus : 0) : 0;
    for (size_t v = 0; v < pb->n_vacancies; v++)
        obj += vv[v] ? x->prm.vacancy_bonus : 0;
    free(sv);
    free(vv);
    return obj;
}

/* Every subset of pairs, feasible under K and capacities; the best objective. */
static double brute_force(const inst *x)
{
    const vl_fair_problem *pb = &x->pb;
    size_t np = pb->n_pairs;
    assert_true(np <= 16);
    uint8_t use[16];
    double best = 0;
    int scount[64], vcount[64];
    for (uint32_t mask = 0; mask < (1u << np); mask++) {
        memset(scount, 0, sizeof scount);
        memset(vcount, 0, sizeof vcount);
        bool ok = true;
        for (size_t p = 0; p < np && ok; p++) {
            use[p] = (mask >> p) & 1;
            if (!use[p])
                continue;
            if (++scount[pb->pairs[p].seeker] > x->prm.per_seeker)
                ok = false;
            if (++vcount[pb->pairs[p].vacancy] >
                vl_fair_capacity(&x->prm, pb->vacancy_positions[pb->pairs[p].vacancy]))
                ok = false;
        }
        if (!ok)
            continue;
        double o = objective_of(x, use);
        best = o > best ? o : best;
    }
    return best;
}

/*
 * The slot-expanded problem as one assignment. Rows: seeker slots (K per seeker; slot 1 carries
 * the coverage and priority bonus), pair nodes P(e), dummy rows. Columns: pair nodes Q(e),
 * vacancy slots (capacity per vacancy; slot 1 carries the vacancy bonus), dummy columns.
 * Q(e) takes a seeker slot (pair used) or P(e) (unused); P(e) then takes a vacancy slot, so a
 * pair is used at most once and on both sides. Returns the maximum objective.
 */
static double slot_assignment(const inst *x)
{
    const vl_fair_problem *pb = &x->pb;
    const size_t K = (size_t)x->prm.per_seeker, E = pb->n_pairs;
    size_t ncap = 0;
    size_t *vbase = calloc(pb->n_vacancies + 1, sizeof *vbase);
    for (size_t v = 0; v < pb->n_vacancies; v++) {
        vbase[v] = ncap;
        ncap += (size_t)vl_fair_capacity(&x->prm, pb->vacancy_positions[v]);
    }
    const size_t SK = pb->n_seekers * K, n = SK + E + ncap;
    const double FORBID = 1e9;
    double *a = malloc(n * n * sizeof *a);
    for (size_t i = 0; i < n * n; i++)
        a[i] = FORBID;
#define A(row, col) a[(row)*n + (col)]
    /* rows: [0, SK) seeker slots, [SK, SK+E) P(e), [SK+E, n) dummies;
     * cols: [0, E) Q(e), [E, E+ncap) vacancy slots, [E+ncap, n) dummies. */
    for (size_t s = 0; s < pb->n_seekers; s++) {
        for (size_t k = 0; k < K; k++) {
            for (size_t c = E + ncap; c < n; c++)
                A(s * K + k, c) = 0; /* slot unused */
        }
    }
    for (size_t e = 0; e < E; e++) {
        const vl_fair_pair *q = &pb->pairs[e];
        for (size_t k = 0; k < K; k++) {
            double gain = q->score;
            if (k == 0)
                gain += x->prm.coverage_bonus + (x->prio[q->seeker] ? x->prm.priority_bonus : 0);
            A(q->seeker * K + k, e) = -gain;
        }
        A(SK + e, e) = 0; /* pair unused */
        int cap = vl_fair_capacity(&x->prm, pb->vacancy_positions[q->vacancy]);
        for (int j = 0; j < cap; j++)
            A(SK + e, E + vbase[q->vacancy] + (size_t)j) = j == 0 ? -x->prm.vacancy_bonus : 0;
    }
    for (size_t r = SK + E; r < n; r++) {
        for (size_t c = E; c < n; c++)
            A(r, c) = 0; /* vacancy slot unused, or dummy with dummy */
    }
#undef A
    double cost = ft_hungarian(n, n, a);
    assert_true(cost < FORBID / 2);
    free(a);
    free(vbase);
    return -cost;
}

/* Checks capacities and per-seeker limits of a plan; returns its objective by definition. */
static double check_plan(const inst *x, const vl_fair_plan *plan, bool check_cap)
{
    const vl_fair_problem *pb = &x->pb;
    uint8_t *use = calloc(pb->n_pairs + 1, 1);
    for (size_t i = 0; i < plan->n_invitations; i++) {
        const vl_fair_invitation *iv = &plan->invitations[i];
        size_t p = 0;
        while (p < pb->n_pairs &&
               !(pb->pairs[p].seeker == iv->seeker && pb->pairs[p].vacancy == iv->vacancy))
            p++;
        assert_true(p < pb->n_pairs); /* only candidate pairs are invited */
        assert_false(use[p]);         /* and each at most once */
        use[p] = 1;
        assert_true(pb->pairs[p].score == iv->score);
    }
    ft_check_limits(pb, &x->prm, plan, check_cap);
    for (size_t v = 0; check_cap && v < pb->n_vacancies; v++)
        assert_int_equal(plan->capacity[v], vl_fair_capacity(&x->prm, pb->vacancy_positions[v]));
    double obj = objective_of(x, use);
    assert_true(fabs(obj - plan->metrics.objective) < 1e-9);
    free(use);
    return obj;
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_params(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_fair_params p;
    vl_fair_params_default(&p);
    assert_int_equal(vl_fair_params_check(ctx, &p), VL_OK);
    static const struct {
        int field;
        double value;
        const char *name;
    } bad[] = {
        {0, 0, "per_position"},
        {0, 0.001, "per_position"},
        {0, 1e-300, "per_position"},
        {0, -1.5, "per_position"},
        {0, 100.25, "per_position"},
        {0, NAN, "per_position"},
        {1, 0, "per_seeker"},
        {1, 101, "per_seeker"},
        {2, -0.01, "min_score"},
        {2, 1.0001, "min_score"},
        {3, -0.5, "coverage_bonus"},
        {3, 10.5, "coverage_bonus"},
        {4, -2.385, "vacancy_bonus"},
        {4, INFINITY, "vacancy_bonus"},
        {5, 11, "priority_bonus"},
        {6, 0, "candidates_per_seeker"},
        {6, 1001, "candidates_per_seeker"},
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(bad); i++) {
        vl_fair_params q = p;
        switch (bad[i].field) {
        case 0:
            q.per_position = bad[i].value;
            break;
        case 1:
            q.per_seeker = (int)bad[i].value;
            break;
        case 2:
            q.min_score = bad[i].value;
            break;
        case 3:
            q.coverage_bonus = bad[i].value;
            break;
        case 4:
            q.vacancy_bonus = bad[i].value;
            break;
        case 5:
            q.priority_bonus = bad[i].value;
            break;
        default:
            q.candidates_per_seeker = (int)bad[i].value;
            break;
        }
        assert_int_equal(vl_fair_params_check(ctx, &q), VL_ERR_ARG);
        if (!strstr(vl_ctx_errmsg(ctx), bad[i].name))
            fail_msg("case %zu: message '%s' lacks %s", i, vl_ctx_errmsg(ctx), bad[i].name);
    }
    vl_fair_params q = p;
    q.method = VL_FAIR_METHOD_COUNT;
    assert_int_equal(vl_fair_params_check(ctx, &q), VL_ERR_ARG);
    assert_int_equal(vl_fair_params_check(ctx, NULL), VL_ERR_ARG);

    /* capacity = ceil(P * positions) */
    q = p;
    q.per_position = 2.5;
    assert_int_equal(vl_fair_capacity(&q, 3), 8);
    assert_int_equal(vl_fair_capacity(&q, 0), 0);
    assert_int_equal(vl_fair_capacity(&q, -4), 0);
    q.per_position = 0.1;
    assert_int_equal(vl_fair_capacity(&q, 30), 3);
    assert_int_equal(vl_fair_capacity(&q, 1), 1);

    vl_fair_method m;
    for (int k = 0; k < VL_FAIR_METHOD_COUNT; k++) {
        assert_true(vl_fair_method_parse(vl_fair_method_name((vl_fair_method)k), &m));
        assert_int_equal(m, k);
    }
    assert_false(vl_fair_method_parse("Flow", &m));
    assert_false(vl_fair_method_parse(NULL, &m));
    assert_string_equal(vl_fair_method_name((vl_fair_method)7), "unknown");
    vl_ctx_destroy(ctx);
}

/* models/fair.yaml holds exactly the built-in defaults; a broken file names FILE:LINE:COL. */
static void test_model_file(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_fair_params def, file;
    vl_fair_params_default(&def);
    memset(&file, 0x5a, sizeof file);
    assert_int_equal(vl_fair_params_load(ctx, vt_source("models/fair.yaml"), &file), VL_OK);
    assert_true(
        file.per_position == def.per_position && file.per_seeker == def.per_seeker &&
        file.min_score == def.min_score && file.coverage_bonus == def.coverage_bonus &&
        file.vacancy_bonus == def.vacancy_bonus && file.priority_bonus == def.priority_bonus &&
        file.candidates_per_seeker == def.candidates_per_seeker && file.method == def.method);
    assert_int_equal(vl_fair_params_check(ctx, &def), VL_OK);

    static const struct {
        const char *text;
        const char *expect;
    } bad[] = {
        {"model: fair\nversion: 1\ninvitations:\n  per_position: 3\n", "missing key"},
        {"model: fair\nversion: 1\ninvitations:\n  per_position: 3\n  per_seeker: 3\n"
         "  extra: 1\ncandidates:\n  min_score: 0.3\n  per_seeker: 50\nbonuses:\n"
         "  coverage: 0.5\n  vacancy: 0.3\n  priority: 0.2\nmethod: flow\n",
         "extra"},
        {"model: fair\nversion: 1\ninvitations:\n  per_position: 3\n  per_seeker: 3\n"
         "candidates:\n  min_score: 1.5\n  per_seeker: 50\nbonuses:\n"
         "  coverage: 0.5\n  vacancy: 0.3\n  priority: 0.2\nmethod: flow\n",
         ":7:"},
        {"model: fair\nversion: 1\ninvitations:\n  per_position: 3\n  per_seeker: 3\n"
         "candidates:\n  min_score: 0,3\n  per_seeker: 50\nbonuses:\n"
         "  coverage: 0.5\n  vacancy: 0.3\n  priority: 0.2\nmethod: flow\n",
         "min_score"},
        {"model: fair\nversion: 1\ninvitations:\n  per_position: 3\n  per_seeker: 3\n"
         "candidates:\n  min_score: 0.3\n  per_seeker: 50\nbonuses:\n"
         "  coverage: 0.5\n  vacancy: 0.3\n  priority: 0.2\nmethod: hungarian\n",
         "method"},
        {"model: matching\nversion: 1\ninvitations:\n  per_position: 3\n  per_seeker: 3\n"
         "candidates:\n  min_score: 0.3\n  per_seeker: 50\nbonuses:\n"
         "  coverage: 0.5\n  vacancy: 0.3\n  priority: 0.2\nmethod: flow\n",
         "must be `fair`"},
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(bad); i++) {
        const char *path = vt_tmpfile("bad-fair.yaml");
        vt_write_file(path, bad[i].text);
        vl_fair_params p = def;
        vl_status st = vl_fair_params_load(ctx, path, &p);
        assert_int_equal(st, VL_ERR_INVALID);
        bool found = strstr(vl_ctx_errmsg(ctx), bad[i].expect) != NULL;
        for (size_t d = 0; d < vl_ctx_diag_count(ctx) && !found; d++)
            found = vl_ctx_diag(ctx, d) && strstr(vl_ctx_diag(ctx, d), bad[i].expect);
        if (!found)
            fail_msg("case %zu: '%s' lacks '%s'", i, vl_ctx_errmsg(ctx), bad[i].expect);
        assert_memory_equal(&p, &def, sizeof p); /* a failed load leaves the struct alone */
    }
    vl_fair_params p;
    assert_int_equal(vl_fair_params_load(ctx, vt_tmpfile("absent.yaml"), &p), VL_ERR_IO);
    vl_ctx_destroy(ctx);
}

/* The published hospitals/residents example (fixtures/hospitals-residents-example.json):
 * seeker-proposing deferred acceptance must give its resident-optimal matching. */
static void test_hospitals_residents(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_json *j = NULL;
    assert_int_equal(
        vl_json_load_file(ctx, vt_source("fixtures/hospitals-residents-example.json"), &j), VL_OK);
    const vl_json *rp = vl_json_get(j, "resident_prefs"), *hp = vl_json_get(j, "hospital_prefs");
    const vl_json *caps = vl_json_get(j, "capacities");
    const vl_json *expect = vl_json_get(j, "expected_resident_optimal");
    assert_non_null(rp);
    assert_non_null(hp);
    assert_non_null(caps);
    assert_non_null(expect);
    size_t ns = vl_json_size(rp), nv = vl_json_size(hp);
    const char *sid[16], *vid[16];
    int pos[16];
    vl_fair_pair pairs[256];
    size_t np = 0;
    for (size_t v = 0; v < nv; v++) {
        const vl_json *val;
        assert_true(vl_json_member(hp, v, &vid[v], &val));
        double c;
        assert_true(vl_json_num(vl_json_get(caps, vid[v]), &c));
        pos[v] = (int)c;
    }
    for (size_t s = 0; s < ns; s++) {
        const vl_json *list;
        assert_true(vl_json_member(rp, s, &sid[s], &list));
        for (size_t r = 0; r < vl_json_size(list); r++) {
            const char *h = vl_json_str(vl_json_at(list, r));
            size_t v = 0;
            while (v < nv && strcmp(vid[v], h) != 0)
                v++;
            assert_true(v < nv);
            /* acceptable only when the hospital lists the resident too */
            const vl_json *hl = vl_json_get(hp, h);
            size_t hr = 0;
            while (hr < vl_json_size(hl) && strcmp(vl_json_str(vl_json_at(hl, hr)), sid[s]) != 0)
                hr++;
            if (hr == vl_json_size(hl))
                continue;
            /* preferences as scores: earlier in a list = higher; the score is flat so only
             * the two orders matter */
            pairs[np++] = (vl_fair_pair){s, v, 0.5, 1.0 - 0.1 * (double)hr, 1.0 - 0.1 * (double)r};
        }
    }
    vl_fair_problem pb = {.n_seekers = ns,
                          .seeker_ids = sid,
                          .n_vacancies = nv,
                          .vacancy_ids = vid,
                          .vacancy_positions = pos,
                          .n_pairs = np,
                          .pairs = pairs};
    vl_fair_params prm;
    vl_fair_params_default(&prm);
    prm.per_seeker = 1;
    prm.per_position = 1;
    prm.min_score = 0;
    vl_fair_plan *plan;
    assert_int_equal(vl_fair_solve(ctx, &pb, &prm, VL_FAIR_STABLE, &plan), VL_OK);
    size_t expected_total = 0;
    for (size_t v = 0; v < nv; v++) {
        const vl_json *want = vl_json_get(expect, vid[v]);
        size_t got = 0;
        for (size_t i = 0; i < plan->n_invitations; i++) {
            if (plan->invitations[i].vacancy != v)
                continue;
            got++;
            size_t k = 0;
            while (k < vl_json_size(want) &&
                   strcmp(vl_json_str(vl_json_at(want, k)), sid[plan->invitations[i].seeker]))
                k++;
            if (k == vl_json_size(want))
                fail_msg("%s invited to %s, not in the published result",
                         sid[plan->invitations[i].seeker], vid[v]);
        }
        assert_int_equal(got, vl_json_size(want));
        expected_total += got;
    }
    assert_int_equal(plan->n_invitations, expected_total);
    vl_fair_plan_destroy(plan);
    vl_json_free(j);
    vl_ctx_destroy(ctx);
}

/* flow = exhaustive optimum on tiny instances, from both sides of the graph */
static void test_flow_vs_brute_force(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    ft_rng_state = 0x9e3779b97f4a7c15ull;
    size_t done = 0;
    for (int it = 0; it < 400; it++) {
        inst x;
        size_t ns = 2 + ft_rnd() % 4, nv = 1 + ft_rnd() % 4;
        inst_make(&x, ns, nv, 0.55, 2, 1 + (int)(ft_rnd() % 3));
        if (ft_rnd() % 4 == 0)
            x.prm.per_position = 1.5;
        if (x.pb.n_pairs > 14) {
            inst_free(&x);
            continue;
        }
        double best = brute_force(&x);
        for (int k = 0; k < 6; k++) {
            fair_side side = (fair_side)(k % 3);
            fair_algo algo = k / 3 ? FAIR_ALGO_SSP : FAIR_ALGO_SCALING;
            vl_fair_plan *plan;
            assert_int_equal(fair_solve_side(ctx, &x.pb, &x.prm, VL_FAIR_FLOW, side, algo, &plan),
                             VL_OK);
            double got = check_plan(&x, plan, true);
            if (fabs(got - best) > ft_tolerance(&x.pb))
                fail_msg("instance %d side %d algo %d: flow %.9f, exhaustive %.9f", it, side, algo,
                         got, best);
            vl_fair_plan_destroy(plan);
        }
        done++;
        inst_free(&x);
    }
    assert_true(done > 200);
    vl_ctx_destroy(ctx);
}

/* flow = Hungarian on the slot-expanded problem, on larger random instances */
static void test_flow_vs_assignment(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    ft_rng_state = 0x2385f00dull;
    for (int it = 0; it < 60; it++) {
        inst x;
        size_t ns = 3 + ft_rnd() % 8, nv = 2 + ft_rnd() % 6;
        inst_make(&x, ns, nv, 0.3 + 0.4 * ft_rnd01(), 3, 1 + (int)(ft_rnd() % 3));
        if (it % 3 == 0) {
            x.prm.vacancy_bonus = 0; /* bonus-free and large-bonus regimes too */
            x.prm.coverage_bonus = 2.5 + ft_rnd01();
        }
        double best = slot_assignment(&x);
        for (int k = 0; k < 4; k++) {
            fair_side side = k % 2 ? FAIR_SIDE_VACANCIES : FAIR_SIDE_SEEKERS;
            fair_algo algo = k / 2 ? FAIR_ALGO_SSP : FAIR_ALGO_SCALING;
            vl_fair_plan *plan;
            assert_int_equal(fair_solve_side(ctx, &x.pb, &x.prm, VL_FAIR_FLOW, side, algo, &plan),
                             VL_OK);
            double got = check_plan(&x, plan, true);
            if (fabs(got - best) > ft_tolerance(&x.pb))
                fail_msg("instance %d side %d algo %d: flow %.9f, assignment %.9f", it, side, algo,
                         got, best);
            /* the flow can never be worse than the other methods' feasible plans */
            vl_fair_plan *sp;
            assert_int_equal(vl_fair_solve(ctx, &x.pb, &x.prm, VL_FAIR_STABLE, &sp), VL_OK);
            assert_true(check_plan(&x, sp, true) <= got + ft_tolerance(&x.pb));
            vl_fair_plan_destroy(sp);
            vl_fair_plan_destroy(plan);
        }
        inst_free(&x);
    }
    vl_ctx_destroy(ctx);
}

/* No candidate pair blocks the stable plan. */
static void check_no_blocking(const inst *x, const vl_fair_plan *plan)
{
    const vl_fair_problem *pb = &x->pb;
    size_t ns = pb->n_seekers, nv = pb->n_vacancies;
    uint8_t *in = calloc(ns * nv + 1, 1);
    int *sc = calloc(ns + 1, sizeof *sc), *vc = calloc(nv + 1, sizeof *vc);
    /* worst held offer of each side, by that side's order */
    const vl_fair_pair **sworst = calloc(ns + 1, sizeof *sworst);
    const vl_fair_pair **vworst = calloc(nv + 1, sizeof *vworst);
    const vl_fair_pair *bypair[4096];
    assert_true(ns * nv <= 4096);
    for (size_t p = 0; p < pb->n_pairs; p++)
        bypair[pb->pairs[p].seeker * nv + pb->pairs[p].vacancy] = &pb->pairs[p];
#define SEEKER_PREFERS(a, b)                                                                       \
    ((a)->appeal != (b)->appeal ? (a)->appeal > (b)->appeal                                        \
     : (a)->score != (b)->score                                                                    \
         ? (a)->score > (b)->score                                                                 \
         : strcmp(pb->vacancy_ids[(a)->vacancy], pb->vacancy_ids[(b)->vacancy]) < 0)
#define VAC_PREFERS(a, b)                                                                          \
    ((a)->fit != (b)->fit ? (a)->fit > (b)->fit                                                    \
     : (a)->score != (b)->score                                                                    \
         ? (a)->score > (b)->score                                                                 \
         : strcmp(pb->seeker_ids[(a)->seeker], pb->seeker_ids[(b)->seeker]) < 0)
    for (size_t i = 0; i < plan->n_invitations; i++) {
        const vl_fair_invitation *iv = &plan->invitations[i];
        const vl_fair_pair *q = bypair[iv->seeker * nv + iv->vacancy];
        in[iv->seeker * nv + iv->vacancy] = 1;
        sc[iv->seeker]++;
        vc[iv->vacancy]++;
        if (!sworst[iv->seeker] || SEEKER_PREFERS(sworst[iv->seeker], q))
            sworst[iv->seeker] = q;
        if (!vworst[iv->vacancy] || VAC_PREFERS(vworst[iv->vacancy], q))
            vworst[iv->vacancy] = q;
    }
    for (size_t p = 0; p < pb->n_pairs; p++) {
        const vl_fair_pair *q = &pb->pairs[p];
        if (in[q->seeker * nv + q->vacancy])
            continue;
        int cap = vl_fair_capacity(&x->prm, pb->vacancy_positions[q->vacancy]);
        bool s_wants = sc[q->seeker] < x->prm.per_seeker || SEEKER_PREFERS(q, sworst[q->seeker]);
        bool v_wants = cap > 0 && (vc[q->vacancy] < cap || VAC_PREFERS(q, vworst[q->vacancy]));
        if (s_wants && v_wants)
            fail_msg("blocking pair %s-%s", pb->seeker_ids[q->seeker], pb->vacancy_ids[q->vacancy]);
    }
#undef SEEKER_PREFERS
#undef VAC_PREFERS
    free(in);
    free(sc);
    free(vc);
    free(sworst);
    free(vworst);
}

static void test_stable_no_blocking(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    ft_rng_state = 0x5eedc0ffeeull;
    for (int it = 0; it < 150; it++) {
        inst x;
        inst_make(&x, 5 + ft_rnd() % 40, 2 + ft_rnd() % 20, 0.05 + 0.5 * ft_rnd01(), 3,
                  1 + (int)(ft_rnd() % 3));
        if (it % 5 == 0) { /* many ties on the vacancy side */
            for (size_t p = 0; p < x.pb.n_pairs; p++)
                x.pairs[p].fit = (double)(ft_rnd() % 3) / 2;
        }
        vl_fair_plan *plan;
        assert_int_equal(vl_fair_solve(ctx, &x.pb, &x.prm, VL_FAIR_STABLE, &plan), VL_OK);
        check_plan(&x, plan, true);
        check_no_blocking(&x, plan);
        vl_fair_plan_destroy(plan);
        inst_free(&x);
    }
    vl_ctx_destroy(ctx);
}

/* Greedy is each seeker's top K by score regardless of capacity. */
static void test_greedy_definition(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    ft_rng_state = 0xabcdef12345ull;
    for (int it = 0; it < 40; it++) {
        inst x;
        inst_make(&x, 4 + ft_rnd() % 20, 2 + ft_rnd() % 10, 0.4, 2, 1 + (int)(ft_rnd() % 4));
        x.prm.min_score = 0.2;
        vl_fair_plan *plan;
        assert_int_equal(vl_fair_solve(ctx, &x.pb, &x.prm, VL_FAIR_GREEDY, &plan), VL_OK);
        check_plan(&x, plan, false);
        for (size_t s = 0; s < x.pb.n_seekers; s++) {
            /* the number of this seeker's pairs strictly better than each invitation must be
             * below K, and every uninvited eligible pair must have >= K better-or-equal ones */
            size_t eligible = 0, invited = 0;
            for (size_t p = 0; p < x.pb.n_pairs; p++)
                eligible += x.pairs[p].seeker == s && x.pairs[p].score >= x.prm.min_score;
            for (size_t i = 0; i < plan->n_invitations; i++) {
                const vl_fair_invitation *iv = &plan->invitations[i];
                if (iv->seeker != s)
                    continue;
                invited++;
                assert_true(iv->score >= x.prm.min_score);
                size_t better = 0;
                for (size_t p = 0; p < x.pb.n_pairs; p++)
                    better += x.pairs[p].seeker == s && x.pairs[p].score > iv->score;
                assert_true(better < (size_t)x.prm.per_seeker);
            }
            size_t want = eligible < (size_t)x.prm.per_seeker ? eligible : (size_t)x.prm.per_seeker;
            assert_int_equal(invited, want);
        }
        vl_fair_plan_destroy(plan);
        inst_free(&x);
    }
    vl_ctx_destroy(ctx);
}

/* A hand-worked plan: metrics by their definitions. */
static void test_metrics_by_hand(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    const char *sid[] = {"a", "b", "c"};
    const char *vid[] = {"x", "y", "z"};
    bool prio[] = {false, true, true};
    int pos[] = {2, 1, 4};
    vl_fair_pair pairs[] = {
        {0, 0, 0.9, 0, 0}, {1, 0, 0.6, 0, 0}, {0, 1, 0.7, 0, 0}, {2, 2, 0.25, 0, 0}};
    vl_fair_problem pb = {3, sid, prio, 3, vid, pos, 4, pairs};
    vl_fair_params prm;
    vl_fair_params_default(&prm);
    prm.per_position = 1;
    prm.min_score = 0.3;
    prm.coverage_bonus = 0.5;
    prm.vacancy_bonus = 0.25;
    prm.priority_bonus = 0.125;
    vl_fair_invitation inv[] = {
        {0, 0, 0.9, 0, 0, 1, 1}, {1, 0, 0.6, 0, 0, 1, 2}, {0, 1, 0.7, 0, 0, 2, 1}};
    vl_fair_metrics m;
    assert_int_equal(vl_fair_metrics_compute(ctx, &pb, &prm, inv, 3, &m), VL_OK);
    assert_int_equal(m.seekers, 3);
    assert_int_equal(m.seekers_candidate, 2); /* c's only pair is below min_score */
    assert_int_equal(m.seekers_invited, 2);
    assert_true(fabs(m.seekers_invited_share - 1.0) < 1e-12);
    assert_int_equal(m.priority_seekers, 2);
    assert_int_equal(m.priority_invited, 1);
    assert_int_equal(m.vacancies_covered, 2);
    assert_int_equal(m.positions, 7);
    assert_int_equal(m.positions_covered, 3);
    assert_int_equal(m.capacity, 7);
    assert_int_equal(m.over_capacity, 0);
    assert_true(fabs(m.score_total - 2.2) < 1e-12);
    assert_true(fabs(m.score_mean - 2.2 / 3) < 1e-12);
    assert_true(fabs(m.objective - (2.2 + 2 * 0.5 + 2 * 0.25 + 0.125)) < 1e-12);
    /* ratios x = 1, 1, 0: Gini = sum|xi-xj| / (2 n^2 mean) = 4 / (2 * 9 * 2/3) = 1/3 */
    assert_true(fabs(m.per_position_max - 1.0) < 1e-12);
    assert_true(fabs(m.per_position_gini - 1.0 / 3) < 1e-12);
    inv[2].vacancy = 0; /* x gets three with capacity two */
    assert_int_equal(vl_fair_metrics_compute(ctx, &pb, &prm, inv, 3, &m), VL_OK);
    assert_int_equal(m.over_capacity, 1);
    assert_true(fabs(m.per_position_max - 1.5) < 1e-12);
    inv[2].vacancy = 3;
    assert_int_equal(vl_fair_metrics_compute(ctx, &pb, &prm, inv, 3, &m), VL_ERR_ARG);
    assert_int_equal(vl_fair_metrics_compute(ctx, &pb, &prm, inv, 0, &m), VL_OK);
    assert_true(m.per_position_gini == 0 && m.objective == 0);
    vl_ctx_destroy(ctx);
}

/*
 * Ties among equal seekers go to the lower id with every method, every side and both flow
 * solvers, as with stable and greedy; the flow's objective is the one without the tie rule.
 */
static void test_ties_by_id(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    /* given in reverse id order: the relabelling puts them in id order */
    const char *sid[] = {"S05", "S03", "S02", "S01"};
    const char *vid[] = {"V2", "V1"};
    int pos[] = {1, 1};
    vl_fair_pair pairs[] = {{0, 1, 1.0, 1, 1}, {1, 1, 1.0, 1, 1}, {2, 1, 1.0, 1, 1},
                            {3, 1, 1.0, 1, 1}, {0, 0, 0.5, 1, 1}, {1, 0, 0.5, 1, 1}};
    vl_fair_problem pb = {4, sid, NULL, 2, vid, pos, 6, pairs};
    vl_fair_params prm;
    vl_fair_params_default(&prm);
    prm.per_position = 1;
    prm.per_seeker = 1;
    prm.priority_bonus = 0;
    prm.vacancy_bonus = 0;
    for (int k = 0; k < 6; k++) {
        vl_fair_plan *plan;
        assert_int_equal(fair_solve_side(ctx, &pb, &prm, VL_FAIR_FLOW, (fair_side)(k % 3),
                                         k / 3 ? FAIR_ALGO_SSP : FAIR_ALGO_SCALING, &plan),
                         VL_OK);
        /* V1 (1.0 for all four) to S01; V2 (0.5 for S03 and S05) to S03 */
        assert_int_equal(plan->n_invitations, 2);
        for (size_t i = 0; i < plan->n_invitations; i++) {
            const vl_fair_invitation *iv = &plan->invitations[i];
            assert_string_equal(sid[iv->seeker],
                                strcmp(vid[iv->vacancy], "V1") == 0 ? "S01" : "S03");
        }
        /* 1.0 + 0.5 and two seekers covered (0.5 each) */
        assert_true(fabs(plan->metrics.objective - 2.5) < 1e-9);
        vl_fair_plan_destroy(plan);
    }
    for (int m = VL_FAIR_STABLE; m <= VL_FAIR_GREEDY; m++) {
        vl_fair_plan *plan;
        assert_int_equal(vl_fair_solve(ctx, &pb, &prm, (vl_fair_method)m, &plan), VL_OK);
        bool s01 = false;
        for (size_t i = 0; i < plan->n_invitations; i++)
            s01 |= strcmp(sid[plan->invitations[i].seeker], "S01") == 0 &&
                   strcmp(vid[plan->invitations[i].vacancy], "V1") == 0;
        assert_true(s01);
        vl_fair_plan_destroy(plan);
    }
    vl_ctx_destroy(ctx);
}

/* Same plan (in ids) whatever the order of seekers, vacancies and pairs. */
static void test_determinism(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    ft_rng_state = 0x1234567ull;
    for (int it = 0; it < 12; it++) {
        inst x;
        inst_make(&x, 30, 12, 0.3, 2, 2);
        for (size_t p = 0; p < x.pb.n_pairs; p++)
            x.pairs[p].score = (double)(ft_rnd() % 4) / 4; /* heavy ties */
        x.prm.min_score = 0.25;
        size_t ns = x.pb.n_seekers, nv = x.pb.n_vacancies, np = x.pb.n_pairs;
        /* a permuted copy: seekers and vacancies reversed, pairs rotated */
        const char **sid2 = malloc(ns * sizeof *sid2), **vid2 = malloc(nv * sizeof *vid2);
        bool *prio2 = malloc(ns);
        int *pos2 = malloc(nv * sizeof *pos2);
        vl_fair_pair *pairs2 = malloc(np * sizeof *pairs2);
        for (size_t s = 0; s < ns; s++) {
            sid2[ns - 1 - s] = x.sid[s];
            prio2[ns - 1 - s] = x.prio[s];
        }
        for (size_t v = 0; v < nv; v++) {
            vid2[nv - 1 - v] = x.vid[v];
            pos2[nv - 1 - v] = x.pos[v];
        }
        for (size_t p = 0; p < np; p++) {
            vl_fair_pair q = x.pairs[(p + 7) % np];
            q.seeker = ns - 1 - q.seeker;
            q.vacancy = nv - 1 - q.vacancy;
            pairs2[p] = q;
        }
        vl_fair_problem pb2 = {ns, sid2, prio2, nv, vid2, pos2, np, pairs2};
        for (int m = 0; m < VL_FAIR_METHOD_COUNT; m++) {
            vl_fair_plan *a, *b, *c;
            assert_int_equal(vl_fair_solve(ctx, &x.pb, &x.prm, (vl_fair_method)m, &a), VL_OK);
            assert_int_equal(vl_fair_solve(ctx, &x.pb, &x.prm, (vl_fair_method)m, &c), VL_OK);
            assert_int_equal(vl_fair_solve(ctx, &pb2, &x.prm, (vl_fair_method)m, &b), VL_OK);
            assert_int_equal(a->n_invitations, b->n_invitations);
            assert_int_equal(a->n_invitations, c->n_invitations);
            for (size_t i = 0; i < a->n_invitations; i++) {
                const vl_fair_invitation *p = &a->invitations[i], *q = &b->invitations[i];
                assert_string_equal(x.sid[p->seeker], sid2[q->seeker]);
                assert_string_equal(x.vid[p->vacancy], vid2[q->vacancy]);
                assert_int_equal(p->rank_for_seeker, q->rank_for_seeker);
                assert_int_equal(p->rank_for_vacancy, q->rank_for_vacancy);
                assert_memory_equal(p, &c->invitations[i], sizeof *p);
                if (i > 0) /* ordered by seeker id, then rank */
                    assert_true(strcmp(x.sid[a->invitations[i - 1].seeker], x.sid[p->seeker]) < 0 ||
                                a->invitations[i - 1].rank_for_seeker + 1 == p->rank_for_seeker);
            }
            vl_fair_plan_destroy(a);
            vl_fair_plan_destroy(b);
            vl_fair_plan_destroy(c);
        }
        free(sid2);
        free(vid2);
        free(prio2);
        free(pos2);
        free(pairs2);
        inst_free(&x);
    }
    vl_ctx_destroy(ctx);
}

/* min_score and candidates_per_seeker shape the graph before any method runs. */
static void test_candidate_limits(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    const char *sid[] = {"s1"};
    const char *vid[] = {"v1", "v2", "v3", "v4", "v5"};
    int pos[] = {1, 1, 1, 1, 1};
    vl_fair_pair pairs[] = {{0, 0, 0.31, 0, 0},
                            {0, 1, 0.92, 0, 0},
                            {0, 2, 0.29, 0, 0},
                            {0, 3, 0.58, 0, 0},
                            {0, 4, 0.58, 0, 0}};
    vl_fair_problem pb = {1, sid, NULL, 5, vid, pos, 5, pairs};
    vl_fair_params prm;
    vl_fair_params_default(&prm);
    prm.min_score = 0.3;
    prm.per_seeker = 5;
    prm.candidates_per_seeker = 2;
    prm.coverage_bonus = prm.vacancy_bonus = prm.priority_bonus = 0;
    for (int m = 0; m < VL_FAIR_METHOD_COUNT; m++) {
        vl_fair_plan *plan;
        assert_int_equal(vl_fair_solve(ctx, &pb, &prm, (vl_fair_method)m, &plan), VL_OK);
        /* best two by score, the 0.58 tie broken by vacancy id: v2 and v4 */
        assert_int_equal(plan->n_invitations, 2);
        assert_int_equal(plan->invitations[0].vacancy + plan->invitations[1].vacancy, 1 + 3);
        vl_fair_plan_destroy(plan);
    }
    vl_ctx_destroy(ctx);
}

/* Empty problems are valid and give empty plans. */
static void test_empty(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    const char *sid[] = {"s1", "s2"};
    vl_fair_problem pb = {2, sid, NULL, 0, NULL, NULL, 0, NULL};
    vl_fair_params prm;
    vl_fair_params_default(&prm);
    for (int m = 0; m < VL_FAIR_METHOD_COUNT; m++) {
        vl_fair_plan *plan;
        assert_int_equal(vl_fair_solve(ctx, &pb, &prm, (vl_fair_method)m, &plan), VL_OK);
        assert_int_equal(plan->n_invitations, 0);
        assert_int_equal(plan->metrics.seekers, 2);
        assert_int_equal(plan->metrics.seekers_invited, 0);
        assert_true(plan->metrics.objective == 0 && plan->metrics.per_position_gini == 0);
        vl_fair_plan_destroy(plan);
    }
    vl_fair_plan_destroy(NULL);
    vl_ctx_destroy(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    const char *sid[] = {"s1", "s2"};
    const char *vid[] = {"v1"};
    int pos[] = {2};
    vl_fair_params prm;
    vl_fair_params_default(&prm);
    prm.min_score = 0;
    static const struct {
        vl_fair_pair pair[2];
        int pos;
        const char *what;
    } cases[] = {
        {{{0, 0, 0.5, 0.5, 0.5}, {2, 0, 0.5, 0.5, 0.5}}, 2, "refers to no seeker"},
        {{{0, 0, 0.5, 0.5, 0.5}, {1, 1, 0.5, 0.5, 0.5}}, 2, "refers to no seeker"},
        {{{0, 0, 0.5, 0.5, 0.5}, {0, 0, 0.7, 0.5, 0.5}}, 2, "given twice"},
        {{{0, 0, NAN, 0.5, 0.5}, {1, 0, 0.5, 0.5, 0.5}}, 2, "not usable"},
        {{{0, 0, 0.5, INFINITY, 0.5}, {1, 0, 0.5, 0.5, 0.5}}, 2, "not usable"},
        {{{0, 0, -0.5, 0.5, 0.5}, {1, 0, 0.5, 0.5, 0.5}}, 2, "not usable"},
        {{{0, 0, 0.5, 0.5, 0.5}, {1, 0, 0.5, 0.5, 0.5}}, -1, "negative positions"},
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
        pos[0] = cases[i].pos;
        vl_fair_problem pb = {2, sid, NULL, 1, vid, pos, 2, cases[i].pair};
        vl_fair_plan *plan = (vl_fair_plan *)&pb;
        assert_int_equal(vl_fair_solve(ctx, &pb, &prm, VL_FAIR_FLOW, &plan), VL_ERR_ARG);
        assert_null(plan);
        if (!strstr(vl_ctx_errmsg(ctx), cases[i].what))
            fail_msg("case %zu: '%s'", i, vl_ctx_errmsg(ctx));
    }
    pos[0] = 1;
    vl_fair_pair ok = {0, 0, 0.5, 0.5, 0.5};
    vl_fair_problem pb = {2, sid, NULL, 1, vid, pos, 1, &ok};
    vl_fair_plan *plan;
    assert_int_equal(vl_fair_solve(ctx, &pb, &prm, (vl_fair_method)9, &plan), VL_ERR_ARG);
    prm.per_seeker = 0;
    assert_int_equal(vl_fair_solve(ctx, &pb, &prm, VL_FAIR_FLOW, &plan), VL_ERR_ARG);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "per_seeker"));
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_model_file),
        cmocka_unit_test(test_hospitals_residents),
        cmocka_unit_test(test_flow_vs_brute_force),
        cmocka_unit_test(test_flow_vs_assignment),
        cmocka_unit_test(test_stable_no_blocking),
        cmocka_unit_test(test_greedy_definition),
        cmocka_unit_test(test_metrics_by_hand),
        cmocka_unit_test(test_ties_by_id),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_candidate_limits),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
