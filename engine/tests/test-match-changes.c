/*
 * test-match-changes.c - the index follows changes (vl_match_index_put_*, remove_*) exactly:
 * after changing, adding and removing vacancies and seekers of a generated data set, every
 * query by seeker and by vacancy, and the batch, equal those of an index built from scratch
 * over the changed records (same ids, same order, the same bits in every score), including
 * ties between new ids that fall between the same two old ones, new skills nobody had, and a
 * vacancy closed by a change.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"

typedef struct change_set {
    vl_vacancy *vac; /* the changed data set's records */
    size_t n_vac;
    vl_seeker *seek;
    size_t n_seek;
} change_set;

static uint64_t lcg(uint64_t *x)
{
    *x = *x * 6364136223846793005ull + 1442695040888963407ull;
    return *x >> 33;
}

static const char *id_of(const vl_match_index *idx, const vl_match_result *r, bool by_vacancy)
{
    const vl_dataset *ds = vl_match_index_dataset(idx);
    return by_vacancy ? ds->seekers[r->seeker].id : ds->vacancies[r->vacancy].id;
}

/* Same ranking: ids in order and every number bit for bit. */
static void same_ranking(const vl_match_index *a, const vl_match_results *ra,
                         const vl_match_index *b, const vl_match_results *rb, bool by_vacancy,
                         const char *what)
{
    if (vl_match_results_count(ra) != vl_match_results_count(rb))
        fail_msg("%s: %zu results after the changes, %zu from scratch", what,
                 vl_match_results_count(ra), vl_match_results_count(rb));
    for (size_t i = 0; i < vl_match_results_count(ra); i++) {
        vl_match_result x = *vl_match_results_at(ra, i), y = *vl_match_results_at(rb, i);
        const char *ix = id_of(a, &x, by_vacancy), *iy = id_of(b, &y, by_vacancy);
        if (strcmp(ix, iy) != 0)
            fail_msg("%s: rank %zu is %s after the changes, %s from scratch", what, i + 1, ix, iy);
        x.seeker = y.seeker = 0;
        x.vacancy = y.vacancy = 0;
        if (memcmp(&x, &y, sizeof x) != 0)
            fail_msg("%s: rank %zu (%s) scores differ", what, i + 1, ix);
    }
}

static void test_changes_equal_rebuild(void **state)
{
    (void)state;
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    vl_ctx_set_threads(ctx, 2);
    vl_match_model *model;
    assert_int_equal(vl_match_model_create_default(ctx, &model), VL_OK);
    vl_gen_options go;
    vl_gen_options_default(&go);
    go.seed = 4471;
    go.n_seekers = 900;
    go.n_vacancies = 260;
    go.n_employers = 40;
    go.quarters = 1;
    vl_dataset *ds;
    assert_int_equal(vl_gen_dataset(ctx, &go, &ds), VL_OK);
    vl_match_options opt = {.as_of = 20250301};
    vl_match_index *idx;
    assert_int_equal(vl_match_index_create(ctx, ds, model, &opt, &idx), VL_OK);

    /* the changed data set, built beside the index's changes */
    change_set cs;
    cs.vac = calloc(ds->n_vacancies + 64, sizeof *cs.vac);
    cs.seek = calloc(ds->n_seekers + 64, sizeof *cs.seek);
    assert_non_null(cs.vac);
    assert_non_null(cs.seek);
    memcpy(cs.vac, ds->vacancies, ds->n_vacancies * sizeof *cs.vac);
    memcpy(cs.seek, ds->seekers, ds->n_seekers * sizeof *cs.seek);
    cs.n_vac = ds->n_vacancies;
    cs.n_seek = ds->n_seekers;
    static char ids[64][16];
    size_t n_ids = 0;
    static const char *new_skill[] = {"han tig tren cao"}; /* a skill nobody has */
    uint64_t x = 99;

    /* vacancies: a raise, a closing, other required skills, another area, a new skill */
    for (int k = 0; k < 40; k++) {
        size_t v = lcg(&x) % cs.n_vac;
        vl_vacancy c = cs.vac[v];
        switch (k % 5) {
        case 0:
            c.wage_max = c.wage_max > 0 ? c.wage_max * 1.3 : 9000000;
            break;
        case 1:
            c.closes = 20250228; /* no longer open on the as-of date */
            break;
        case 2:
            c.skills_required = cs.vac[lcg(&x) % cs.n_vac].skills_required;
            c.skills_required_keys = cs.vac[lcg(&x) % cs.n_vac].skills_required_keys;
            c.skills_required_keys = c.skills_required; /* keys recomputed from labels */
            c.skills_required_keys.items = NULL;
            c.skills_required_keys.n = 0;
            break;
        case 3:
            c.area = cs.vac[lcg(&x) % cs.n_vac].area;
            c.country[0] = 'V', c.country[1] = 'N', c.country[2] = 0;
            if (!c.area)
                c.area = cs.seek[0].area;
            break;
        default:
            c.skills_preferred.items = new_skill;
            c.skills_preferred.n = 1;
            c.skills_preferred_keys = c.skills_preferred;
            break;
        }
        cs.vac[v] = c;
        assert_int_equal(vl_match_index_put_vacancy(ctx, idx, &c), VL_OK);
    }
    /* new vacancies: ids between old ones (two with the same neighbours) and after all */
    const char *new_vac[] = {"V0000100a", "V0000100b", "V0000100c", "V9999999"};
    for (size_t k = 0; k < 4; k++) {
        vl_vacancy c = cs.vac[lcg(&x) % cs.n_vac];
        snprintf(ids[n_ids], sizeof ids[0], "%s", new_vac[k]);
        c.id = ids[n_ids++];
        c.closes = 0;
        c.posted = 20250101;
        if (c.positions <= 0)
            c.positions = 3;
        cs.vac[cs.n_vac++] = c;
        assert_int_equal(vl_match_index_put_vacancy(ctx, idx, &c), VL_OK);
        /* a copy with the same content put later but with a smaller id (both between the
         * same two old ids): equal scores and equal ranks, so the ids decide */
        if (k == 1) {
            vl_vacancy twin = c;
            snprintf(ids[n_ids], sizeof ids[0], "V00001000"); /* sorts before it */
            twin.id = ids[n_ids++];
            cs.vac[cs.n_vac++] = twin;
            assert_int_equal(vl_match_index_put_vacancy(ctx, idx, &twin), VL_OK);
        }
    }
    /* removed vacancies */
    for (int k = 0; k < 6; k++) {
        size_t v = lcg(&x) % cs.n_vac;
        assert_int_equal(vl_match_index_remove_vacancy(ctx, idx, cs.vac[v].id), VL_OK);
        cs.vac[v] = cs.vac[--cs.n_vac];
    }
    /* seekers: a status change, a wage, other skills, another area, other wishes */
    for (int k = 0; k < 60; k++) {
        size_t s = lcg(&x) % cs.n_seek;
        vl_seeker c = cs.seek[s];
        switch (k % 5) {
        case 0:
            c.status = c.status == VL_SEEKER_ACTIVE ? VL_SEEKER_PLACED : VL_SEEKER_ACTIVE;
            break;
        case 1:
            c.wage_min = 6500000;
            break;
        case 2:
            c.skills = cs.seek[lcg(&x) % cs.n_seek].skills;
            c.skills_keys.items = NULL;
            c.skills_keys.n = 0;
            break;
        case 3:
            c.area = cs.seek[lcg(&x) % cs.n_seek].area;
            break;
        default:
            c.occupations = cs.seek[lcg(&x) % cs.n_seek].occupations;
            c.max_commute_km = NAN;
            break;
        }
        cs.seek[s] = c;
        assert_int_equal(vl_match_index_put_seeker(ctx, idx, &c), VL_OK);
    }
    const char *new_seek[] = {"S0000050x", "S0000050y", "S9999999"};
    for (size_t k = 0; k < 3; k++) {
        vl_seeker c = cs.seek[lcg(&x) % cs.n_seek];
        snprintf(ids[n_ids], sizeof ids[0], "%s", new_seek[k]);
        c.id = ids[n_ids++];
        c.status = VL_SEEKER_ACTIVE;
        cs.seek[cs.n_seek++] = c;
        assert_int_equal(vl_match_index_put_seeker(ctx, idx, &c), VL_OK);
    }
    for (int k = 0; k < 8; k++) {
        size_t s = lcg(&x) % cs.n_seek;
        assert_int_equal(vl_match_index_remove_seeker(ctx, idx, cs.seek[s].id), VL_OK);
        cs.seek[s] = cs.seek[--cs.n_seek];
    }
    assert_true(vl_match_index_changes(idx) > 0);

    /* from scratch */
    vl_dataset fresh = *ds;
    fresh.vacancies = cs.vac;
    fresh.n_vacancies = cs.n_vac;
    fresh.seekers = cs.seek;
    fresh.n_seekers = cs.n_seek;
    fresh.owner = NULL;
    vl_match_index *ref;
    assert_int_equal(vl_match_index_create(ctx, &fresh, model, &opt, &ref), VL_OK);
    assert_int_equal(vl_match_index_vacancy_count(idx), vl_match_index_vacancy_count(ref));
    assert_int_equal(vl_match_index_seeker_count(idx), vl_match_index_seeker_count(ref));

    for (size_t s = 0; s < cs.n_seek; s++) {
        vl_match_results *a, *b;
        assert_int_equal(vl_match_by_seeker(ctx, idx, cs.seek[s].id, 10, 0, &a), VL_OK);
        assert_int_equal(vl_match_by_seeker(ctx, ref, cs.seek[s].id, 10, 0, &b), VL_OK);
        same_ranking(idx, a, ref, b, false, cs.seek[s].id);
        vl_match_results_destroy(a);
        assert_int_equal(vl_match_by_seeker(ctx, idx, cs.seek[s].id, 10, VL_MATCH_EXHAUSTIVE, &a),
                         VL_OK);
        same_ranking(idx, a, ref, b, false, cs.seek[s].id);
        vl_match_results_destroy(a);
        vl_match_results_destroy(b);
    }
    for (size_t v = 0; v < cs.n_vac; v++) {
        vl_match_results *a, *b;
        assert_int_equal(vl_match_by_vacancy(ctx, idx, cs.vac[v].id, 15, 0, &a), VL_OK);
        assert_int_equal(vl_match_by_vacancy(ctx, ref, cs.vac[v].id, 15, 0, &b), VL_OK);
        same_ranking(idx, a, ref, b, true, cs.vac[v].id);
        vl_match_results_destroy(a);
        vl_match_results_destroy(b);
    }
    /* the batch: the same results per seeker (the order of seekers is each dataset's own) */
    vl_match_results *ba, *bb;
    assert_int_equal(vl_match_all_seekers(ctx, idx, 5, 0, &ba), VL_OK);
    assert_int_equal(vl_match_all_seekers(ctx, ref, 5, 0, &bb), VL_OK);
    assert_int_equal(vl_match_results_count(ba), vl_match_results_count(bb));
    /* a removed vacancy is found but never matched */
    vl_match_results *none;
    size_t pos;
    assert_int_equal(vl_match_index_remove_vacancy(ctx, idx, "V9999999"), VL_OK);
    assert_true(vl_match_index_find_vacancy(idx, "V9999999", &pos));
    assert_false(vl_match_index_has_vacancy(idx, pos));
    assert_int_equal(vl_match_by_vacancy(ctx, idx, "V9999999", 5, 0, &none), VL_OK);
    assert_int_equal(vl_match_results_count(none), 0);
    vl_match_results_destroy(none);
    vl_match_results_destroy(ba);
    vl_match_results_destroy(bb);
    vl_match_index_destroy(ref);
    vl_match_index_destroy(idx);
    free(cs.vac);
    free(cs.seek);
    vl_dataset_destroy(ds);
    vl_match_model_destroy(model);
    vl_ctx_destroy(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_changes_equal_rebuild),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
