/*
 * test-match-gen.c - matching on generated data (vl_gen_dataset: industrial-zone employers,
 * overseas programmes with language and age limits, skills typed in different ways): for several
 * seeds and as-of dates, the index's top-k equals the exhaustive scan for every seeker and every
 * vacancy, batches agree across thread counts, and the candidates are exactly the best eligible
 * pairs above the minimum.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "match/match.h"

static bool same(const vl_match_results *a, const vl_match_results *b)
{
    if (vl_match_results_count(a) != vl_match_results_count(b))
        return false;
    for (size_t i = 0; i < vl_match_results_count(a); i++)
        if (memcmp(vl_match_results_at(a, i), vl_match_results_at(b, i), sizeof(vl_match_result)) !=
            0)
            return false;
    return true;
}

static void test_generated(void **state)
{
    (void)state;
    static const struct {
        uint64_t seed;
        int32_t as_of;
        size_t top;
    } runs[] = {
        {20250301, 20260301, 10}, /* the sample's settings (fixtures/sample) */
        {7, 20260315, 3},
        {2385, 20270301, 25},
    };
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_match_model *model;
    assert_int_equal(vl_match_model_create_default(ctx, &model), VL_OK);
    for (size_t r = 0; r < VL_ARRAY_LEN(runs); r++) {
        vl_gen_options go;
        vl_gen_options_default(&go);
        go.seed = runs[r].seed;
        go.n_seekers = 1200;
        go.n_vacancies = 300;
        go.n_employers = 40;
        go.quarters = 1;
        vl_dataset *ds;
        if (vl_gen_dataset(ctx, &go, &ds) != VL_OK)
            fail_msg("generator: %s", vl_ctx_errmsg(ctx));
        vl_match_options opt = {.as_of = runs[r].as_of};
        vl_match_index *idx;
        assert_int_equal(vl_match_index_create(ctx, ds, model, &opt, &idx), VL_OK);
        assert_true(vl_match_index_vacancy_count(idx) > 0);
        assert_true(vl_match_index_seeker_count(idx) > 0);
        for (size_t v = 0; v < ds->n_vacancies; v++) {
            bool in = vl_match_index_has_vacancy(idx, v);
            vl_match_results *a, *b;
            assert_int_equal(vl_match_by_vacancy(ctx, idx, ds->vacancies[v].id, runs[r].top, 0, &a),
                             VL_OK);
            assert_int_equal(vl_match_by_vacancy(ctx, idx, ds->vacancies[v].id, runs[r].top,
                                                 VL_MATCH_EXHAUSTIVE, &b),
                             VL_OK);
            if (!same(a, b))
                fail_msg("seed %llu vacancy %s: index and exhaustive differ",
                         (unsigned long long)runs[r].seed, ds->vacancies[v].id);
            if (!in)
                assert_int_equal(vl_match_results_count(a), 0);
            vl_match_results_destroy(a);
            vl_match_results_destroy(b);
        }
        vl_match_results *one, *two, *ex;
        vl_ctx_set_threads(ctx, 1);
        assert_int_equal(vl_match_all_seekers(ctx, idx, runs[r].top, 0, &one), VL_OK);
        vl_ctx_set_threads(ctx, 2);
        assert_int_equal(vl_match_all_seekers(ctx, idx, runs[r].top, 0, &two), VL_OK);
        assert_int_equal(vl_match_all_seekers(ctx, idx, runs[r].top, VL_MATCH_EXHAUSTIVE, &ex),
                         VL_OK);
        assert_true(same(one, two));
        assert_true(same(one, ex));
        assert_true(vl_match_results_count(one) > 0);
        uint64_t scored, pairs, scored_ex;
        vl_match_results_work(one, &scored, &pairs);
        vl_match_results_work(ex, &scored_ex, NULL);
        assert_int_equal(scored_ex, pairs);
        assert_true(scored * 4 < pairs); /* the index looks at a small part of the pairs */

        /* candidates: per seeker, exactly min(per, eligible above the minimum) best pairs */
        const double min = 0.385;
        const size_t per = 4;
        vl_match_candidate *c;
        size_t n;
        assert_int_equal(vl_match_candidates(ctx, idx, min, per, &c, &n), VL_OK);
        size_t ci = 0;
        for (size_t s = 0; s < ds->n_seekers; s++) {
            size_t eligible = 0;
            double best = -1;
            for (size_t v = 0; v < ds->n_vacancies; v++) {
                double d;
                if (!match_eligible(idx, s, v, &d))
                    continue;
                vl_match_result pr;
                match_score_pair(idx, s, v, d, &pr);
                if (pr.score >= min) {
                    eligible++;
                    if (pr.score > best)
                        best = pr.score;
                }
            }
            size_t got = 0;
            for (; ci < n && c[ci].seeker == s; ci++, got++) {
                assert_true(c[ci].score >= min);
                if (got == 0)
                    assert_true(c[ci].score == best);
                else
                    assert_true(c[ci].score <= c[ci - 1].score);
            }
            assert_int_equal(got, eligible < per ? eligible : per);
        }
        assert_int_equal(ci, n);
        vl_match_candidates_free(c);
        vl_match_results_destroy(one);
        vl_match_results_destroy(two);
        vl_match_results_destroy(ex);
        vl_match_index_destroy(idx);
        vl_dataset_destroy(ds);
        vl_ctx_set_threads(ctx, 0);
    }
    vl_match_model_destroy(model);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
