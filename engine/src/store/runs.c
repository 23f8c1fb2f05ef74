/*
 * runs.c - the audit trail: one `runs` row per command that changes data or produces results,
 * with the UTC start and end, the OS user, the command line, and the SHA-256 of the config file
 * and of each input file, then the outcome and a JSON summary. The row is written in its own
 * statement (autocommit), so a run that fails and rolls its work back is still recorded.
 */
#include "store/store.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/json.h"
#include "store/sha256.h"

/* The login name of the effective user; "uid N" when it has no passwd entry. */
static void os_user(char *out, size_t size)
{
    uid_t uid = geteuid();
    struct passwd pw, *res = NULL;
    char buf[4096];
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res && res->pw_name)
        snprintf(out, size, "%s", res->pw_name);
    else
        snprintf(out, size, "uid %u", (unsigned)uid);
}

vl_status vl_db_run_begin(vl_ctx *ctx, vl_db *db, const char *command, const char *config_path,
                          const char *const *input_paths, size_t n_inputs, int64_t *run_id)
{
    if (!db || !command || !run_id || (n_inputs && !input_paths))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_run_begin: missing argument");
    *run_id = 0;
    char config_hash[65] = "";
    vl_status st;
    if (config_path && *config_path &&
        (st = vl__sha256_file(ctx, config_path, config_hash)) != VL_OK)
        return st;
    vl_json *inputs = vl_json_array();
    if (!inputs)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n_inputs; i++) {
        char hex[65];
        if ((st = vl__sha256_file(ctx, input_paths[i], hex)) != VL_OK) {
            vl_json_free(inputs);
            return st;
        }
        /* the absolute path: a relative one means nothing once the shell has moved on */
        char *abs = realpath(input_paths[i], NULL);
        vl_json *o = vl_json_object();
        bool ok = o && vl_json_set_str(o, "path", abs ? abs : input_paths[i]);
        vl__free(abs);
        if (!ok || !vl_json_set_str(o, "sha256", hex) || !vl_json_append(inputs, o)) {
            vl_json_free(inputs);
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
    }
    char *inputs_text = vl_json_dump(inputs, false);
    vl_json_free(inputs);
    if (!inputs_text)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");

    char now[21], user[256];
    vl__utc_now(now);
    os_user(user, sizeof user);
    vl__stmt *s;
    st = vl__db_prepare(ctx, db,
                        "INSERT INTO runs(started, os_user, command, config_path, config_sha256,"
                        " inputs) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        &s);
    if (st == VL_OK) {
        vl__bind_text(s, 1, now, false);
        vl__bind_text(s, 2, user, false);
        vl__bind_text(s, 3, command, false);
        vl__bind_text(s, 4, config_path, true);
        vl__bind_text(s, 5, config_hash, true);
        vl__bind_text(s, 6, inputs_text, false);
        if (vl__step(s) != VL__ROW)
            st = vl__db_sqlerr(ctx, db, "recording the run");
        else
            *run_id = vl__col_int64(s, 0);
        if (st == VL_OK && vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "recording the run");
        vl__finalize(s);
    }
    vl__free(inputs_text);
    return st;
}

vl_status vl_db_run_end(vl_ctx *ctx, vl_db *db, int64_t run_id, vl_status outcome,
                        const char *summary_json)
{
    if (!db || run_id <= 0)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_run_end: no run");
    char now[21];
    vl__utc_now(now);
    vl__stmt *s;
    vl_status st = vl__db_prepare(
        ctx, db, "UPDATE runs SET finished = ?, status = ?, summary = ? WHERE id = ?", &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, now, false);
    vl__bind_text(s, 2, outcome == VL_OK ? "ok" : vl_strerror(outcome), false);
    vl__bind_text(s, 3, summary_json, true);
    vl__bind_int64(s, 4, run_id);
    if (vl__step(s) != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "closing the run");
    else if (vl__db_changes(db) != 1)
        st = vl__error(ctx, VL_ERR_NOTFOUND, "no run %lld", (long long)run_id);
    vl__finalize(s);
    return st;
}
