/*
 * cmd-copy.c - `vieclam copy --from DB --to DB`: moves a centre's records between databases of
 * either backend (a province's SQLite file into the national PostgreSQL and back), verified:
 * each kind's row count and the SHA-256 of its export on both sides are printed, and the copy
 * fails (nothing written) unless they agree. --from defaults to --db.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct copy_args {
    const char *from, *to;
} copy_args;

static const cli_opt copy_opts[] = {
    {"--from", N_("DB"), CLI_STR, offsetof(copy_args, from),
     N_("the database to copy from (a file or a postgresql:// URL)"), NULL,
     N_("--db or $VIECLAM_DB"), 0, 0, NULL},
    {"--to", N_("DB"), CLI_STR, offsetof(copy_args, to),
     N_("the database to copy into (created when it is a new file or schema)"), NULL, NULL, 0, 0,
     NULL},
};

static const cli_spec copy_spec = {
    "copy",
    N_("vieclam copy [--from DB] --to DB"),
    N_("Copies every record (areas, employers, job fairs, vacancies, seekers, history, "
       "referrals, follow-ups, counselling) from one database into another, either of them a "
       "SQLite file or a "
       "PostgreSQL URL, in one transaction on the target: every row passes the import's checks. "
       "Then each kind is exported from both sides and compared: the row counts and SHA-256 "
       "checksums are printed, and when one differs nothing is copied. Runs and their stored "
       "results stay where they were made."),
    CLI_OPTS(copy_opts),
    0,
    0,
    NULL,
    N_("Exit codes: 0 copied and verified, 1 failure, 2 usage, 3 the copies differ or a row "
       "was refused."),
};

int cmd_copy(cli_global *g, int argc, char **argv)
{
    copy_args a = {0};
    int rc = cli_parse(&copy_spec, argc, argv, &a, NULL, NULL);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    if (!a.from)
        a.from = g->db_path;
    if (!a.to)
        return cli_usage_error("copy", "--to DB is required");
    if (strcmp(a.from, a.to) == 0)
        return cli_usage_error("copy", "--from and --to are the same database");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *from = NULL, *to = NULL;
    vl_copy_report rep;
    vl_status st = vl_db_open(ctx, a.from, VL_DB_READONLY, &from);
    if (st == VL_OK)
        st = vl_db_open(ctx, a.to, VL_DB_CREATE, &to);
    if (st == VL_OK)
        st = vl_db_init_reference(ctx, to);
    if (st == VL_OK)
        st = vl_db_copy(ctx, from, to, &rep);
    if (st == VL_OK || st == VL_ERR_INVALID) {
        for (size_t i = 0; st == VL_OK && i < rep.n; i++)
            /* machine-read: the counts and checksums a script compares */
            printf("%-10s %10zu rows  sha256 %s  %s\n", vl_kind_name(rep.tables[i].kind),
                   rep.tables[i].rows, rep.tables[i].sha256_to,
                   rep.tables[i].same ? _("same") : _("DIFFERS"));
    }
    if (st == VL_OK && (rep.erased_seekers || rep.staff_erasures))
        printf(_("erasures: %zu seekers, %zu members of staff (they stay erased in the copy)\n"),
               rep.erased_seekers, rep.staff_erasures);
    if (st != VL_OK) {
        cli_print_diags(ctx);
        rc = cli_fail(ctx, st, "copy");
    } else {
        rc = EXIT_OK;
    }
    vl_db_close(from);
    vl_db_close(to);
    vl_ctx_destroy(ctx);
    return rc;
}
