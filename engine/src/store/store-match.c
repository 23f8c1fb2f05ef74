/*
 * store-match.c - stores match results (table match_results of schema.c) under a run id, each
 * row with its explanation as JSON (the components, skills, distance, wage; ids and scores are
 * columns), in one transaction: all rows of a run or none. Built from the match room's
 * meson.build so the store's build file stays untouched.
 */
#include <sqlite3.h>
#include <stdlib.h>

#include "match/match.h"
#include "store/store.h"

vl_status vl_match_results_store(vl_ctx *ctx, vl_db *db, int64_t run_id, const vl_match_index *idx,
                                 const vl_match_results *r)
{
    if (!db || !idx || !r || run_id <= 0)
        return vl__error(ctx, VL_ERR_ARG, "vl_match_results_store: missing argument");
    vl_status st = vl__db_begin(ctx, db);
    if (st != VL_OK)
        return st;
    sqlite3_stmt *s = NULL;
    st = vl__db_prepare(ctx, db,
                        "INSERT INTO match_results(run_id, seeker_id, vacancy_id, rank, score, "
                        "fit, appeal, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        &s);
    for (size_t i = 0; st == VL_OK && i < r->n; i++) {
        const vl_match_result *m = &r->items[i];
        char *explanation = match_result_json_stored(idx, r, i);
        if (!explanation) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory storing match results");
            break;
        }
        sqlite3_bind_int64(s, 1, run_id);
        vl__bind_text(s, 2, idx->ds->seekers[m->seeker].id, false);
        vl__bind_text(s, 3, idx->ds->vacancies[m->vacancy].id, false);
        sqlite3_bind_int64(s, 4, m->rank);
        sqlite3_bind_double(s, 5, m->score);
        sqlite3_bind_double(s, 6, m->fit);
        sqlite3_bind_double(s, 7, m->appeal);
        sqlite3_bind_text(s, 8, explanation, -1, free);
        if (sqlite3_step(s) != SQLITE_DONE)
            st = vl__db_sqlerr(ctx, db, "storing match results");
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
    sqlite3_finalize(s);
    if (st == VL_OK)
        return vl__db_commit(ctx, db);
    vl__db_rollback(db);
    return st;
}
