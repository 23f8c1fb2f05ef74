/*
 * cmd-provide.c - `vieclam provide seeker ID --out FILE`: a person's right to be given their
 * personal data (Decree 13/2023/ND-CP). Writes everything the database holds about the seeker
 * as one JSON document (vl_db_seeker_data: the record, counselling, referrals with their
 * outcomes, fair invitations, stored matches, the access audit's rows about them), whole or not
 * at all and mode 0600; the provision is recorded in the access audit and in runs.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt.h"

typedef struct provide_args {
    const char *out;
} provide_args;

static const char *const provide_words[] = {"seeker", NULL};

static const cli_opt provide_opts[] = {
    {"--out", N_("FILE"), CLI_STR, offsetof(provide_args, out),
     N_("write the document to FILE (created 0600, whole or not at all)"), NULL,
     N_("standard output")},
};

static const cli_spec provide_spec = {
    "provide",
    N_("vieclam [--db PATH] provide seeker ID [--out FILE]"),
    N_("Writes everything the database holds about a seeker, for the person who asked for it: "
       "the record, counselling notes, referrals with every outcome recorded and the follow-ups, "
       "fair invitations, stored matches, and when their data was seen or changed (the access "
       "audit, without the staff's names). One JSON document (docs/privacy.md); the provision "
       "is recorded in the access audit. The desk prints the same document from the seeker's "
       "page."),
    CLI_OPTS(provide_opts),
    0,
    2,
    provide_words,
    N_("Exit codes: 0 ok, 1 failure, 2 usage, 3 no such seeker (nothing written)."),
};

int cmd_provide(cli_global *g, int argc, char **argv)
{
    provide_args a = {0};
    const char *pos[2] = {NULL};
    size_t npos = 0;
    int prc = cli_parse(&provide_spec, argc, argv, &a, pos, &npos);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    if (npos != 2 || strcmp(pos[0], "seeker") != 0 || !*pos[1])
        return cli_usage_error("provide", "provide what: `seeker ID`");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    char by[128];
    vl_os_user(by, sizeof by);
    vl_db *db = NULL;
    int64_t run = 0;
    char *cmd = cli_command_line(g), *json = NULL;
    vl_status st = vl_db_open(ctx, g->db_path, 0, &db);
    if (st == VL_OK)
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "provide", NULL, NULL, 0, &run);
    if (st == VL_OK)
        st = vl_db_seeker_data(ctx, db, pos[1], by, &json);
    if (st == VL_OK) {
        vl_output *o = NULL;
        FILE *f = cli_open_out(ctx, a.out, &o);
        if (!f) {
            st = VL_ERR_IO;
        } else {
            fputs(json, f);
            fputc('\n', f);
            st = cli_close_out(ctx, o, VL_OK); /* a failed write is an error naming the file */
        }
    }
    if (run)
        vl_db_run_end(NULL, db, run, st, NULL);
    int rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "provide");
    free(json);
    free(cmd);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
