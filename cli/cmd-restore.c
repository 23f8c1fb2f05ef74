/*
 * cmd-restore.c - `vieclam restore FILE`: replaces the database with a backup after checking it
 * (integrity_check, a vieclam database, a schema version this vieclam reads); the copy is one
 * transaction of the database, so a failure or a kill leaves the old one. SQLite only.
 */
#include <stdlib.h>

#include "cli.h"
#include "opt.h"

static const cli_spec restore_spec = {
    "restore",
    N_("vieclam [--db PATH] restore FILE"),
    N_("Checks the backup FILE (PRAGMA integrity_check, a vieclam database, a schema version this "
       "vieclam reads; an older one is brought up to date at the next start) and then replaces "
       "the contents of the database with it in one transaction: other programs see the old or "
       "the new database, never a mixture. Stop the desk first. On PostgreSQL use pg_restore."),
    NULL,
    0,
    1,
    1,
    NULL,
    N_("Exit codes: 0 ok, 1 failure, 2 usage, 3 the backup is damaged or not a vieclam "
       "database (nothing changed)."),
};

int cmd_restore(cli_global *g, int argc, char **argv)
{
    const char *pos[1] = {NULL};
    int prc = cli_parse(&restore_spec, argc, argv, NULL, pos, NULL);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    char *cmd = cli_command_line(g);
    vl_status st = vl_db_open(ctx, g->db_path, 0, &db);
    vl_status rst = st == VL_OK ? vl_db_restore(ctx, db, pos[0]) : st;
    /* recorded in the restored database (the old one's runs are gone with it), and in its
     * access audit: the rows written after the backup are gone too, and an inspector must see
     * that the audit was rewound, when and by whom */
    int64_t run = 0;
    if (db && vl_db_run_begin(NULL, db, cmd ? cmd : "restore", NULL, &pos[0], 1, &run) == VL_OK)
        vl_db_run_end(NULL, db, run, rst, NULL);
    if (rst == VL_OK)
        rst = cli_audit(ctx, db, "restore", "database", "*", NULL);
    int rc = rst == VL_OK ? EXIT_OK : cli_fail(ctx, rst, "restore");
    if (rst == VL_OK)
        printf(_("restored %s from %s\n"), g->db_shown, pos[0]);
    free(cmd);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
