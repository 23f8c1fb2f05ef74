/*
 * cmd-copy.c - `vieclam copy --from DB --to DB`: moves a centre's records between databases of
 * either backend (a province's SQLite file into the national PostgreSQL and back), verified:
 * each kind's row count and the SHA-256 of its export on both sides are printed, and the copy
 * fails (nothing written) unless they agree. --from defaults to --db.
 *
 * Every record leaves one database for another, so both audits say so (Decree 13): the source's
 * row, written before a record is read, names where they went; the target's, written once they
 * are there and verified, in the same transaction, where they came from (its audit starts
 * there: the source's own stays with the source, as its runs do). A URL is named without its
 * password.
 */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct copy_args {
    const char *from, *to, *as_province, *province, *id_prefix;
} copy_args;

static const cli_opt copy_opts[] = {
    {"--from", N_("DB"), CLI_STR, offsetof(copy_args, from),
     N_("the database to copy from (a file or a postgresql:// URL)"), NULL,
     N_("--db or $VIECLAM_DB"), 0, 0, NULL},
    {"--to", N_("DB"), CLI_STR, offsetof(copy_args, to),
     N_("the database to copy into (created when it is a new file or schema)"), NULL, NULL, 0, 0,
     NULL},
    {"--as-province", N_("CODE"), CLI_STR, offsetof(copy_args, as_province),
     N_("the source is the file of province CODE's centre: add its records to a database that "
        "may hold other provinces' (a shared exchange); ids the target already uses are refused, "
        "its targets and judgements become CODE's"),
     NULL, N_("a copy into a new database"), 0, 0, NULL},
    {"--id-prefix", N_("P"), CLI_STR, offsetof(copy_args, id_prefix),
     N_("with --as-province: write P before every id of the file's records and every reference "
        "to one (HP-S0000001), so that a centre numbered on its own joins without colliding; "
        "1 to 16 letters, digits, '-', '_' or '.'"),
     NULL, N_("the ids as they are"), 0, 0, NULL},
    {"--province", N_("CODE"), CLI_STR, offsetof(copy_args, province),
     N_("take province CODE's records out of a database several provinces share into a new "
        "one: its seekers and vacancies, the referrals that touch them with both ends, their "
        "employers, fairs, follow-ups, counselling, history, targets and judgements"),
     NULL, N_("every record"), 0, 0, NULL},
};

static const cli_spec copy_spec = {
    "copy",
    N_("vieclam copy [--from DB] --to DB [--as-province CODE [--id-prefix P] | --province CODE]"),
    N_("Copies every record (areas, employers, job fairs, vacancies, seekers, history, "
       "referrals, follow-ups, counselling) from one database into another, either of them a "
       "SQLite file or a "
       "PostgreSQL URL, in one transaction on the target: every row passes the import's checks. "
       "Then each kind is exported from both sides and compared: the row counts and SHA-256 "
       "checksums are printed, and when one differs nothing is copied. The year's targets and "
       "the planners' adjustments and scenarios go with them, each province's as it is. Runs "
       "and their stored results stay where they were made. Both access audits record the copy: "
       "the source's "
       "where the records went, the target's where they came from (a URL without its "
       "password). Into a database that holds other provinces' records, --as-province adds the "
       "file's: each kind's rows on the target after the copy must be exactly its rows before "
       "and the file's, so none of the target's records changes; --id-prefix renames the file's "
       "ids on the way in when they collide with the target's. --province takes one "
       "province's records out of a shared database into a new one."),
    CLI_OPTS(copy_opts),
    0,
    0,
    NULL,
    N_("Exit codes: 0 copied and verified, 1 failure, 2 usage, 3 the copies differ or a row "
       "was refused."),
};

/* An audit row's detail naming the other database: "to X" or "from X" (dir NULL: X), X a URL
 * without its password or a file's absolute path (it exists once opened), at most 1,000 bytes. */
static void other_db(const char *dir, const char *target, char *out, size_t size)
{
    char shown[1024], abs[PATH_MAX];
    if (vl_db_is_url(target))
        vl_db_hide_passwords(target, shown, sizeof shown);
    else
        snprintf(shown, sizeof shown, "%.1000s", realpath(target, abs) ? abs : target);
    snprintf(out, size, "%s%s%s", dir ? dir : "", dir ? " " : "", shown);
}

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
    if (a.as_province && a.province)
        return cli_usage_error("copy", "--as-province and --province do not go together");
    if (a.id_prefix && !a.as_province)
        return cli_usage_error("copy", "--id-prefix goes with --as-province");
    if (a.province && (!*a.province || strchr(a.province, ',')))
        return cli_usage_error("copy", "--province takes one province's code");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *from = NULL, *to = NULL;
    vl_copy_report rep;
    char to_detail[1100], from_detail[1100];
    /* the source is opened for writing only to take its audit row */
    vl_status st = vl_db_open(ctx, a.from, 0, &from);
    if (st == VL_OK)
        st = vl_db_open(ctx, a.to, VL_DB_CREATE, &to);
    /* into a new database: marked incomplete until the copy commits, so a copy killed half-way
     * (the target as empty as a new one) is not taken for a good database by `check` */
    bool pending = false;
    if (st == VL_OK && !a.as_province) {
        char shown[1024];
        other_db(NULL, a.from, shown, sizeof shown);
        pending = (st = vl_db_copy_pending(ctx, to, shown)) == VL_OK;
    }
    if (st == VL_OK)
        st = vl_db_init_reference(ctx, to);
    vl_db_counts held = {0}; /* the target's records before: a hint when a copy is refused */
    if (st == VL_OK)
        st = vl_db_counts_get(ctx, to, &held);
    if (st == VL_OK) {
        other_db("to", a.to, to_detail, sizeof to_detail);
        other_db("from", a.from, from_detail, sizeof from_detail);
        /* whose records: a province taken out, or a province's file joining */
        const char *code = a.province ? a.province : a.as_province;
        if (code) {
            size_t n = strlen(to_detail), m = strlen(from_detail);
            snprintf(to_detail + n, sizeof to_detail - n, ", province %.16s", code);
            snprintf(from_detail + m, sizeof from_detail - m, ", province %.16s", code);
        }
        if (a.id_prefix) { /* the ids the records go by there */
            size_t n = strlen(to_detail), m = strlen(from_detail);
            snprintf(to_detail + n, sizeof to_detail - n, ", id prefix %.16s", a.id_prefix);
            snprintf(from_detail + m, sizeof from_detail - m, ", id prefix %.16s", a.id_prefix);
        }
        st = cli_audit(ctx, from, "copy", "database", "*", to_detail);
    }
    /* the target's row in the copy's transaction: the records never arrive without it */
    if (st == VL_OK && (st = vl_db_begin(ctx, to)) == VL_OK) {
        st = a.as_province ? vl_db_copy_join(ctx, from, to, a.as_province, a.id_prefix, &rep)
             : a.province  ? vl_db_copy_province(ctx, from, to, a.province, &rep)
                           : vl_db_copy(ctx, from, to, &rep);
        if (st == VL_OK)
            st = cli_audit(ctx, to, "copy", "database", "*", from_detail);
        if (st == VL_OK)
            st = vl_db_commit(ctx, to);
        else
            vl_db_rollback(to);
    }
    /* a copy that failed rolled back: the target is as it was, not half-copied */
    if (st != VL_OK && pending)
        vl_db_copy_pending(ctx, to, NULL);
    if (st == VL_OK || st == VL_ERR_INVALID) {
        for (size_t i = 0; st == VL_OK && i < rep.n; i++)
            /* the kind, the count and the checksum a script compares stay where they are; the
             * words are the reader's */
            printf(_("%-10s %10zu rows  sha256 %s  %s\n"), vl_kind_name(rep.tables[i].kind),
                   rep.tables[i].rows, rep.tables[i].sha256_to,
                   rep.tables[i].same ? _("same") : _("DIFFERS"));
    }
    if (st == VL_OK)
        printf(_("outcome history: %zu events recorded, sha256 %s on both sides\n"),
               rep.outcome_events, rep.outcomes_sha256);
    if (st == VL_OK && (rep.erased_seekers || rep.staff_erasures))
        printf(_("erasures: %zu seekers, %zu members of staff (they stay erased in the copy)\n"),
               rep.erased_seekers, rep.staff_erasures);
    if (st == VL_OK && (rep.planning[0] || rep.planning[1] || rep.planning[2]))
        printf(_("the planners' records: %zu targets, %zu adjustments, %zu scenarios (the same on "
                 "both sides)\n"),
               rep.planning[0], rep.planning[1], rep.planning[2]);
    if (st != VL_OK) {
        cli_print_diags(ctx);
        rc = cli_fail(ctx, st, "copy");
        if (st == VL_ERR_INVALID && !a.as_province &&
            (held.seekers || held.vacancies || held.employers))
            fprintf(stderr,
                    _("vieclam: copy: the target holds other records (%zu seekers, %zu "
                      "vacancies, %zu employers): to add a province's file to it, give "
                      "--as-province CODE\n"),
                    held.seekers, held.vacancies, held.employers);
    } else {
        rc = EXIT_OK;
    }
    vl_db_close(from);
    vl_db_close(to);
    vl_ctx_destroy(ctx);
    return rc;
}
