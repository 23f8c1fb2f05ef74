/*
 * store-match.c - stores match results (table match_results of schema.c) under a run id, each
 * row with its explanation as JSON (the components, skills, distance, wage; ids and scores are
 * columns), in one transaction: all rows of a run or none. Reads the results through the match
 * room's public API only.
 */
#include <stdlib.h>

#include <vieclam/match.h>

#include "store/store.h"

vl_status vl_match_results_store(vl_ctx *ctx, vl_db *db, int64_t run_id, const vl_match_index *idx,
                                 const vl_match_results *r)
{
    if (!db || !idx || !r || run_id <= 0)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_results_store: missing argument");
    const vl_dataset *ds = vl_match_index_dataset(idx);
    vl_status st = vl__db_begin(ctx, db);
    if (st != VL_OK)
        return st;
    vl__stmt *s = NULL;
    st = vl__db_prepare(ctx, db,
                        "INSERT INTO match_results(run_id, seeker_id, vacancy_id, rank, score, "
                        "fit, appeal, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        &s);
    for (size_t i = 0; st == VL_OK && i < vl_match_results_count(r); i++) {
        const vl_match_result *m = vl_match_results_at(r, i);
        char *explanation = vl_match_result_json_stored(idx, r, i);
        if (!explanation) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory storing match results");
            break;
        }
        vl__bind_int64(s, 1, run_id);
        vl__bind_text(s, 2, ds->seekers[m->seeker].id, false);
        vl__bind_text(s, 3, ds->vacancies[m->vacancy].id, false);
        vl__bind_int64(s, 4, m->rank);
        vl__bind_double(s, 5, m->score);
        vl__bind_double(s, 6, m->fit);
        vl__bind_double(s, 7, m->appeal);
        vl__bind_text(s, 8, explanation, false);
        vl__free(explanation);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "storing match results");
        vl__reset(s);
        vl__clear_bindings(s);
    }
    vl__finalize(s);
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    vl__db_rollback(db);
    return st;
}
