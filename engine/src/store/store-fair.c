/*
 * store-fair.c - stores a fair plan's invitations (table fair_invitations of schema.c) under a
 * run id, in one transaction: all rows of a plan or none; and vl_fair_plan_run, the plan step
 * the CLI and the desk share (solve, baseline, outputs, store, summary). Built from the fair room's
 * meson.build so the store's build file stays untouched.
 */

#include <vieclam/fair.h>

#include "store/store.h"

vl_status vl_fair_plan_store(vl_ctx *ctx, vl_db *db, int64_t run_id, const char *fair_id,
                             const vl_fair_input *in, const vl_fair_plan *plan)
{
    if (!db || !in || !plan || run_id <= 0)
        return vl__error(ctx, VL_ERR_ARG, "vl_fair_plan_store: missing argument");
    const vl_fair_problem *pb = vl_fair_input_problem(in);
    vl_status st = vl__db_begin(ctx, db);
    if (st != VL_OK)
        return st;
    vl__stmt *s = NULL;
    st = vl__db_prepare(ctx, db,
                        "INSERT INTO fair_invitations(run_id, fair_id, seeker_id, vacancy_id, "
                        "score, fit, appeal, rank_for_seeker, rank_for_vacancy, method) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &s);
    for (size_t i = 0; st == VL_OK && i < plan->n_invitations; i++) {
        const vl_fair_invitation *iv = &plan->invitations[i];
        vl__bind_int64(s, 1, run_id);
        vl__bind_text(s, 2, fair_id ? fair_id : "*", false);
        vl__bind_text(s, 3, pb->seeker_ids[iv->seeker], false);
        vl__bind_text(s, 4, pb->vacancy_ids[iv->vacancy], false);
        vl__bind_double(s, 5, iv->score);
        vl__bind_double(s, 6, iv->fit);
        vl__bind_double(s, 7, iv->appeal);
        vl__bind_int64(s, 8, (int64_t)iv->rank_for_seeker);
        vl__bind_int64(s, 9, (int64_t)iv->rank_for_vacancy);
        vl__bind_text(s, 10, vl_fair_method_name(plan->method), false);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "storing fair invitations");
        vl__reset(s);
        vl__clear_bindings(s);
    }
    vl__finalize(s);
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    vl__db_rollback(db);
    return st;
}

vl_status vl_fair_plan_run(vl_ctx *ctx, vl_db *db, const vl_fair_input *in,
                           const vl_fair_params *params, const vl_fair_output_options *opt,
                           const char *dir, vl_fair_plan **plan, vl_fair_plan **baseline,
                           char **summary)
{
    if (plan)
        *plan = NULL;
    if (baseline)
        *baseline = NULL;
    if (summary)
        *summary = NULL;
    if (!in || !params || !opt || !dir || !plan || !baseline || !summary)
        return vl__error(ctx, VL_ERR_ARG, "vl_fair_plan_run: missing argument");
    const vl_fair_problem *pb = vl_fair_input_problem(in);
    vl_status st = vl_fair_solve(ctx, pb, params, params->method, plan);
    if (st == VL_OK && params->method != VL_FAIR_GREEDY)
        st = vl_fair_solve(ctx, pb, params, VL_FAIR_GREEDY, baseline);
    if (st == VL_OK)
        st = vl_fair_write_outputs(ctx, in, params, *plan, *baseline, opt, dir);
    if (*plan) {
        *summary = vl_fair_summary_json(in, params, *plan, *baseline, opt, false);
        if (!*summary && st == VL_OK)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    /* the invitations land with the run recorded as ok, in one transaction: a run killed
     * half-way never leaves invitations of an unfinished run */
    if (st == VL_OK && db && opt->run_id > 0 && (st = vl__db_begin(ctx, db)) == VL_OK) {
        st = vl_fair_plan_store(ctx, db, opt->run_id, opt->fair_id, in, *plan);
        if (st == VL_OK)
            st = vl_db_run_end(ctx, db, opt->run_id, VL_OK, *summary);
        if (st == VL_OK)
            st = vl__db_commit(ctx, db);
        else
            vl__db_rollback(db);
    }
    return st;
}
