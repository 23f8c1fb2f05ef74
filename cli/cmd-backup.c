/*
 * cmd-backup.c - `vieclam backup --out FILE`: a consistent copy of a SQLite database taken
 * while others read and write (vl_db_backup: SQLite's online backup API), mode 0600, appearing
 * whole or not at all. PostgreSQL has its own tools: the command says so and refuses.
 */
#include <stdlib.h>

#include "cli.h"
#include "opt.h"

typedef struct backup_args {
    const char *out;
} backup_args;

static const cli_opt backup_opts[] = {
    {"--out", N_("FILE"), CLI_STR, offsetof(backup_args, out),
     N_("the copy (created with mode 0600: it holds personal data)"), NULL, N_("required")},
};

static const cli_spec backup_spec = {
    "backup",
    N_("vieclam [--db PATH] backup --out FILE"),
    N_("Writes a consistent copy of the database to FILE while the desk and other commands go "
       "on (SQLite's online backup). FILE appears whole or not at all, mode 0600. Restore it "
       "with `vieclam restore FILE`. On PostgreSQL use pg_dump (docs/privacy.md)."),
    CLI_OPTS(backup_opts),
    0,
    0,
    NULL,
    N_("Exit codes: 0 ok, 1 failure, 2 usage."),
};

int cmd_backup(cli_global *g, int argc, char **argv)
{
    backup_args a = {0};
    int prc = cli_parse(&backup_spec, argc, argv, &a, NULL, NULL);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    if (!a.out || !*a.out)
        return cli_usage_error("backup", "--out FILE is required");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    char *cmd = cli_command_line(g);
    vl_status st = vl_db_open(ctx, g->db_path, 0, &db);
    /* a copy of everyone's data: in the access audit first (the copy holds its row); the run
     * is recorded after the copy, so the copy holds no run left 'running' */
    if (st == VL_OK && !vl_db_is_url(g->db_path)) /* PostgreSQL's is refused: pg_dump */
        st = cli_audit(ctx, db, "backup", "database", "*", NULL);
    vl_status bst = st == VL_OK ? vl_db_backup(ctx, db, a.out) : st;
    int64_t run = 0;
    if (db && vl_db_run_begin(NULL, db, cmd ? cmd : "backup", NULL, NULL, 0, &run) == VL_OK)
        vl_db_run_end(NULL, db, run, bst, NULL);
    int rc = bst == VL_OK ? EXIT_OK : cli_fail(ctx, bst, "backup");
    if (bst == VL_OK)
        printf(_("backup written to %s\n"), a.out);
    free(cmd);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
