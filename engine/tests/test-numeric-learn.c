/*
 * test-numeric-learn.c - what learning from hires recovers, on referrals generated from the
 * hidden hiring model (gen.h): the fitted coefficients rank the components as the hidden model
 * does; on later referrals the fit never saw, the learned model's AUC beats the hand-set
 * weights' and comes within 0.01 of the hidden model's own AUC; and a fit on data whose sex,
 * names and priority groups were changed is byte-identical. Also: the rank of a referral among
 * what would have been listed on its day (vl_match_rank_pairs, the activity report's
 * "recommended by vieclam") equals a count over every vacancy.
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen/internal.h"

#define SPLIT 20260101 /* fit before, evaluate from */

typedef struct world {
    vl_ctx *ctx;
    vl_dataset *ds;
    vl_referral_set *refs;
} world;

static world *w0;

static int setup(void **state)
{
    (void)state;
    w0 = calloc(1, sizeof *w0);
    assert_int_equal(vl_ctx_create(&w0->ctx), VL_OK);
    vl_gen_options o;
    vl_gen_options_default(&o);
    o.n_seekers = 70000;
    o.n_vacancies = 9000;
    o.n_employers = 500;
    o.span_days = 1095;
    o.as_of = 20260630;
    o.n_referrals = 150000;
    assert_int_equal(vl_gen_dataset(w0->ctx, &o, &w0->ds), VL_OK);
    assert_int_equal(gen_referrals(w0->ctx, &o, w0->ds, &w0->refs), VL_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gen_referrals_free(w0->refs);
    vl_dataset_destroy(w0->ds);
    vl_ctx_destroy(w0->ctx);
    free(w0);
    return 0;
}

/* Components indices sorted by coefficient, largest first (ties by index). */
static void ranking(const double c[7], int order[7])
{
    for (int i = 0; i < 7; i++)
        order[i] = i;
    for (int i = 0; i < 7; i++)
        for (int j = i + 1; j < 7; j++)
            if (c[order[j]] > c[order[i]]) {
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
}

static void test_recovers_ranking(void **state)
{
    (void)state;
    vl_learn_options lo = {.until = SPLIT};
    vl_learn_result *r;
    assert_int_equal(vl_learn(w0->ctx, w0->ds, w0->refs, NULL, &lo, &r), VL_OK);
    const vl_learn_fit *f = vl_learn_result_fit(r);
    double a, hidden[7];
    vl_gen_hiring_model(&a, hidden);
    int want[7], got[7];
    ranking(hidden, want);
    ranking(f->coef, got);
    for (int i = 0; i < 7; i++) {
        print_message("# %-18s hidden %.3f learned %.3f\n", vl_match_component_name(i), hidden[i],
                      f->coef[i]);
    }
    for (int i = 0; i < 7; i++)
        assert_int_equal(got[i], want[i]);
    /* and close to the hidden values (the sampling error at this size is about 0.1) */
    for (int i = 0; i < 7; i++)
        assert_true(fabs(f->coef[i] - hidden[i]) < 0.3);
    assert_true(f->until == SPLIT && f->n > 50000);
    vl_learn_result_destroy(r);
}

static void test_beats_hand_set_near_hidden(void **state)
{
    (void)state;
    vl_match_model *hand;
    assert_int_equal(vl_match_model_create_default(w0->ctx, &hand), VL_OK);
    const vl_match_model *models[1] = {hand};
    const char *names[1] = {"hand-set"};
    vl_learn_eval_options eo = {.from = SPLIT, .bootstrap = 100};
    vl_learn_evaluation *e;
    assert_int_equal(vl_learn_evaluate(w0->ctx, w0->ds, w0->refs, NULL, models, names, 1, &eo, &e),
                     VL_OK);
    assert_int_equal(e->n_models, 2);
    const vl_learn_eval *learned = &e->models[0], *hs = &e->models[1];
    assert_string_equal(learned->name, "learned");
    /* the hidden model's own AUC on the same referrals, from its own probabilities */
    vl_match_index *idx;
    vl_match_options mo = {.as_of = SPLIT};
    assert_int_equal(vl_match_index_create(w0->ctx, w0->ds, hand, &mo, &idx), VL_OK);
    size_t n = 0;
    double *p = malloc(w0->refs->n * sizeof *p);
    bool *y = malloc(w0->refs->n);
    for (size_t i = 0; i < w0->refs->n; i++) {
        const vl_referral *r = &w0->refs->referrals[i];
        bool decided = r->outcome == VL_OUTCOME_HIRED || r->outcome == VL_OUTCOME_NO_SHOW ||
                       r->outcome == VL_OUTCOME_REJECTED || r->outcome == VL_OUTCOME_DECLINED;
        if (r->referred_on < SPLIT || !decided)
            continue;
        size_t s, v;
        assert_true(vl_match_index_find_seeker(idx, r->seeker, &s));
        assert_true(vl_match_index_find_vacancy(idx, r->vacancy, &v));
        vl_match_result res;
        vl_match_pair(idx, s, v, r->referred_on, &res, NULL);
        double c[7];
        for (int k = 0; k < 7; k++)
            c[k] = vl_match_result_component(&res, k);
        p[n] = vl_gen_hire_probability(c);
        y[n++] = r->outcome == VL_OUTCOME_HIRED;
    }
    assert_int_equal(n, e->n);
    double hidden_auc = vl_learn_auc(p, y, NULL, n);
    print_message("# held-out AUC: hidden %.4f learned %.4f [%.4f, %.4f] hand-set %.4f [%.4f, "
                  "%.4f]; top-10 learned %.3f hand-set %.3f; ECE learned %.4f hand-set %.4f\n",
                  hidden_auc, learned->auc.value, learned->auc.lo, learned->auc.hi, hs->auc.value,
                  hs->auc.lo, hs->auc.hi, learned->top.value, hs->top.value, learned->ece.value,
                  hs->ece.value);
    assert_true(learned->auc.value > hs->auc.value);
    assert_true(fabs(learned->auc.value - hidden_auc) < 0.01);
    /* intervals hold their estimate */
    assert_true(learned->auc.lo < learned->auc.value && learned->auc.value < learned->auc.hi);
    assert_true(learned->ece.lo <= learned->ece.hi && learned->oe.lo < learned->oe.hi);
    free(p);
    free(y);
    vl_match_index_destroy(idx);
    vl_learn_evaluation_destroy(e);
    vl_match_model_destroy(hand);
}

/* vl_match_rank_pairs against a count over every vacancy: the month buckets, the bound by
 * shared occupation digits and the place order (with the bound at each place's distance) skip
 * only vacancies that cannot rank above the pair. 600 referrals (every 250th) and as many of
 * their seekers paired with a vacancy picked without regard to fit (low scores: the place
 * order), each against all 9,000 vacancies, cap 10 and cap 1000 (the whole count). */
static void test_rank_pairs_exhaustive(void **state)
{
    (void)state;
    vl_match_model *hand;
    assert_int_equal(vl_match_model_create_default(w0->ctx, &hand), VL_OK);
    double min_score = vl_match_model_min_score(hand);
    vl_match_index *idx;
    vl_match_options mo = {.as_of = SPLIT};
    assert_int_equal(vl_match_index_create(w0->ctx, w0->ds, hand, &mo, &idx), VL_OK);
    const vl_dataset *ds = w0->ds;
    size_t nq = 0, cap_q = 2 * (w0->refs->n / 250 + 1);
    vl_match_pair_query *q = malloc(cap_q * sizeof *q);
    for (size_t i = 0; i < w0->refs->n && nq + 2 <= cap_q; i += 250) {
        const vl_referral *r = &w0->refs->referrals[i];
        size_t sk, v;
        assert_true(vl_match_index_find_seeker(idx, r->seeker, &sk));
        assert_true(vl_match_index_find_vacancy(idx, r->vacancy, &v));
        q[nq++] = (vl_match_pair_query){sk, v, r->referred_on};
        q[nq++] = (vl_match_pair_query){sk, (i / 250 * 7919) % ds->n_vacancies, r->referred_on};
    }
    unsigned *rank = malloc(nq * sizeof *rank), *want = malloc(nq * sizeof *want);
    bool *listed = malloc(nq);
    static const unsigned caps[] = {10, 1000};
    size_t deep = 0; /* queries ranked below 10: the bound had something to skip */
    for (size_t c = 0; c < 2; c++) {
        unsigned cap = caps[c];
        assert_int_equal(vl_match_rank_pairs(w0->ctx, idx, q, nq, cap, rank, listed), VL_OK);
        for (size_t i = 0; i < nq; i++) {
            vl_match_result own, r;
            bool own_ok, ok;
            vl_match_pair(idx, q[i].seeker, q[i].vacancy, q[i].on, &own, &own_ok);
            const char *own_id = ds->vacancies[q[i].vacancy].id;
            unsigned better = 0;
            for (size_t v = 0; v < ds->n_vacancies; v++) {
                const vl_vacancy *vac = &ds->vacancies[v];
                if (v == q[i].vacancy || (vac->posted && vac->posted > q[i].on) ||
                    (vac->closes && vac->closes < q[i].on))
                    continue;
                vl_match_pair(idx, q[i].seeker, v, q[i].on, &r, &ok);
                if (ok && r.score >= min_score &&
                    (r.score > own.score || (r.score == own.score && strcmp(vac->id, own_id) < 0)))
                    better++;
            }
            want[i] = better >= cap ? cap + 1 : better + 1;
            if (want[i] != rank[i])
                print_message("# query %zu (cap %u): rank %u, every vacancy says %u\n", i, cap,
                              rank[i], want[i]);
            assert_int_equal(rank[i], want[i]);
            assert_true(listed[i] == (own_ok && own.score >= min_score && want[i] <= cap));
            deep += cap == 10 && want[i] > 10;
        }
    }
    print_message("# %zu queries, %zu ranked beyond 10\n", nq, deep);
    assert_true(deep > 0 && deep < nq);
    free(q);
    free(rank);
    free(want);
    free(listed);
    vl_match_index_destroy(idx);
    vl_match_model_destroy(hand);
}

static void test_protected_attributes(void **state)
{
    (void)state;
    vl_learn_options lo = {.until = SPLIT};
    vl_learn_result *r1, *r2;
    assert_int_equal(vl_learn(w0->ctx, w0->ds, w0->refs, NULL, &lo, &r1), VL_OK);
    /* the same people with sex flipped, other names and every priority group changed */
    vl_seeker *changed = malloc(w0->ds->n_seekers * sizeof *changed);
    memcpy(changed, w0->ds->seekers, w0->ds->n_seekers * sizeof *changed);
    for (size_t i = 0; i < w0->ds->n_seekers; i++) {
        const char *g = changed[i].gender;
        changed[i].gender = g && strcmp(g, "female") == 0 ? "male" : "female";
        changed[i].name = "Nguyễn Thị Khác";
        changed[i].priority = (changed[i].priority ^ 0x7f) & 0x7f;
    }
    vl_dataset other = *w0->ds;
    other.seekers = changed;
    other.owner = NULL;
    assert_int_equal(vl_learn(w0->ctx, &other, w0->refs, NULL, &lo, &r2), VL_OK);
    char *a = vl_learn_result_yaml(r1), *b = vl_learn_result_yaml(r2);
    assert_non_null(a);
    assert_string_equal(a, b);
    free(a);
    free(b);
    free(changed);
    vl_learn_result_destroy(r1);
    vl_learn_result_destroy(r2);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recovers_ranking),
        cmocka_unit_test(test_beats_hand_set_near_hidden),
        cmocka_unit_test(test_protected_attributes),
        cmocka_unit_test(test_rank_pairs_exhaustive),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
