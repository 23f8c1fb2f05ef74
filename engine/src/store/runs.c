/*
 * runs.c - the audit trail: one `runs` row per command that changes data or produces results,
 * with the UTC start and end, the OS user, the command line, and the SHA-256 of the config file
 * and of each input file, then the outcome and a JSON summary. The row is written in its own
 * statement (autocommit), so a run that fails and rolls its work back is still recorded.
 */
#include "store/store.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/json.h"
#include "store/sha256.h"

void vl_os_user(char *out, size_t size)
{
    uid_t uid = geteuid();
    struct passwd pw, *res = NULL;
    char buf[4096];
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res && res->pw_name)
        snprintf(out, size, "%s", res->pw_name);
    else
        snprintf(out, size, "uid %u", (unsigned)uid);
}

/*
 * The start time of process pid as "TICKS" (field 22 of /proc/PID/stat, clock ticks after
 * boot): with the pid it names one process for good, because pids are reused. Empty when unknown
 * (no /proc): then a live pid alone counts as the same process.
 */
static void process_start(long pid, char out[32])
{
    out[0] = '\0';
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* the command name (field 2) is in parentheses and may hold spaces: count after its end */
    char *p = strrchr(buf, ')');
    for (int field = 2; p && field < 22; field++) {
        p = strchr(p + 1, ' ');
    }
    if (p) {
        size_t len = strcspn(p + 1, " ");
        if (len > 0 && len < 31) {
            memcpy(out, p + 1, len);
            out[len] = '\0';
        }
    }
}

/* Whether the process that began a run (pid, start marker) still exists. */
static bool process_alive(long pid, const char *start)
{
    if (pid <= 0)
        return false;
    if (kill((pid_t)pid, 0) != 0 && errno != EPERM)
        return false;
    char now[32];
    process_start(pid, now);
    return !start || !*start || !now[0] || strcmp(start, now) == 0;
}

vl_status vl__runs_mark_interrupted(vl_ctx *ctx, vl_db *db)
{
    vl__stmt *s;
    vl_status st =
        vl__db_prepare(ctx, db, "SELECT id, pid, pid_start FROM runs WHERE status = 'running'", &s);
    if (st != VL_OK)
        return st;
    int64_t dead[64];
    size_t n = 0;
    int rc;
    while (n < VL_ARRAY_LEN(dead) && (rc = vl__step(s)) == VL__ROW) {
        long pid = vl__col_null(s, 1) ? 0 : (long)vl__col_int64(s, 1);
        const char *start = vl__col_text(s, 2);
        /* a row from before step 4 has no pid: its process is long gone */
        if (!process_alive(pid, start))
            dead[n++] = vl__col_int64(s, 0);
    }
    vl__finalize(s);
    if (n == 0)
        return VL_OK;
    char now[21];
    vl__utc_now(now);
    st = vl__db_prepare(ctx, db,
                        "UPDATE runs SET status = 'interrupted', finished = ? "
                        "WHERE id = ? AND status = 'running'",
                        &s);
    for (size_t i = 0; st == VL_OK && i < n; i++) {
        vl__bind_text(s, 1, now, false);
        vl__bind_int64(s, 2, dead[i]);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "marking an interrupted run");
        vl__reset(s);
    }
    vl__finalize(s);
    if (st == VL_OK)
        vl__log(ctx, VL_LOG_WARNING,
                "%zu earlier run%s did not finish (killed): marked interrupted", n,
                n == 1 ? "" : "s");
    return st;
}

vl_status vl_db_run_begin(vl_ctx *ctx, vl_db *db, const char *command, const char *config_path,
                          const char *const *input_paths, size_t n_inputs, int64_t *run_id)
{
    if (!db || !command || !run_id || (n_inputs && !input_paths))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_run_begin: missing argument");
    *run_id = 0;
    char config_hash[65] = "";
    vl_status st;
    /* a file that cannot be read is recorded without its hash, never a reason to leave the run
     * unrecorded: the command will fail on it, and a failed run belongs in the audit too */
    if (config_path && *config_path && vl__sha256_file(ctx, config_path, config_hash) != VL_OK) {
        config_hash[0] = '\0';
        vl_ctx_clear_error(ctx);
    }
    vl_json *inputs = vl_json_array();
    if (!inputs)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n_inputs; i++) {
        char hex[65];
        if (vl__sha256_file(ctx, input_paths[i], hex) != VL_OK) {
            hex[0] = '\0';
            vl_ctx_clear_error(ctx);
        }
        /* the absolute path: a relative one means nothing once the shell has moved on */
        char *abs = realpath(input_paths[i], NULL);
        vl_json *o = vl_json_object();
        bool ok = o && vl_json_set_str(o, "path", abs ? abs : input_paths[i]);
        vl__free(abs);
        if (!ok || !vl_json_set_str(o, "sha256", hex[0] ? hex : NULL) ||
            !vl_json_append(inputs, o)) {
            vl_json_free(inputs);
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
    }
    char *inputs_text = vl_json_dump(inputs, false);
    vl_json_free(inputs);
    if (!inputs_text)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");

    /* a database URL in the command line keeps its password out of the table */
    size_t len = vl_db_hide_passwords(command, NULL, 0);
    char *shown = vl__malloc(len + 1);
    if (!shown) {
        vl__free(inputs_text);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl_db_hide_passwords(command, shown, len + 1);
    char now[21], user[256], start[32];
    vl__utc_now(now);
    vl_os_user(user, sizeof user);
    process_start((long)getpid(), start);
    vl__stmt *s;
    /* the load scope it reads through (schema step 22) */
    st = vl__db_prepare(ctx, db,
                        "INSERT INTO runs(started, os_user, command, config_path, config_sha256,"
                        " inputs, pid, pid_start, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        " RETURNING id",
                        &s);
    if (st == VL_OK) {
        vl__bind_text(s, 1, now, false);
        vl__bind_text(s, 2, user, false);
        vl__bind_text(s, 3, shown, false);
        vl__bind_text(s, 4, config_path, true);
        vl__bind_text(s, 5, config_hash, true);
        vl__bind_text(s, 6, inputs_text, false);
        vl__bind_int64(s, 7, (int64_t)getpid());
        vl__bind_text(s, 8, start, true);
        vl__bind_text(s, 9, vl__scope_text(db), false);
        if (vl__step(s) != VL__ROW)
            st = vl__db_sqlerr(ctx, db, "recording the run");
        else
            *run_id = vl__col_int64(s, 0);
        if (st == VL_OK && vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "recording the run");
        vl__finalize(s);
    }
    vl__free(inputs_text);
    vl__free(shown);
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

vl_status vl_db_run_finished(vl_ctx *ctx, vl_db *db, int64_t run_id, char out[21])
{
    if (!db || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_run_finished: missing argument");
    out[0] = '\0';
    vl__stmt *s;
    vl_status st =
        vl__db_prepare(ctx, db, "SELECT COALESCE(finished, '') FROM runs WHERE id = ?", &s);
    if (st != VL_OK)
        return st;
    vl__bind_int64(s, 1, run_id);
    int rc = vl__step(s);
    if (rc == VL__ROW) {
        const char *t = vl__col_text(s, 0);
        snprintf(out, 21, "%s", t ? t : "");
    } else if (rc == VL__DONE)
        st = vl__error(ctx, VL_ERR_NOTFOUND, "no run %lld", (long long)run_id);
    else
        st = vl__db_sqlerr(ctx, db, "reading a run");
    vl__finalize(s);
    return st;
}
