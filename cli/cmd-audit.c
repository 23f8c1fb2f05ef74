/*
 * cmd-audit.c - `vieclam audit`: the access audit (who saw or changed whose personal data, when;
 * Decree 13/2023/ND-CP) for an administrator without the desk, or an inspector. A table of the
 * newest rows for a terminal, or every row the filters keep as a sheet (CSV, Excel-friendly CSV
 * or a workbook), in the words the desk's admin page and workbook use (the library's
 * vl_audit_*_words), times in the local zone. A sheet names staff and seekers' ids: it is written
 * 0600 and its export is itself audited, as the desk's download is.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opt.h"

typedef struct audit_args {
    const char *user, *record, *action, *kind, *format, *out;
    int32_t from, to;
    size_t limit;
} audit_args;

static const char *const formats[] = {"table", "csv", "excel", "xlsx", NULL};

static const cli_opt audit_opts[] = {
    {"--user", N_("NAME"), CLI_STR, offsetof(audit_args, user),
     N_("the rows of one desk account or operating-system user")},
    {"--record", N_("ID"), CLI_STR, offsetof(audit_args, record),
     N_("the rows about one record (a seeker's id, a vacancy's, a referral's)")},
    {"--action", N_("CODE"), CLI_STR, offsetof(audit_args, action),
     N_("the rows of one action (view, search, export, erase, ...)")},
    {"--kind", N_("CODE"), CLI_STR, offsetof(audit_args, kind),
     N_("the rows about one kind of record (seeker, vacancy, referral, ...)")},
    {"--from", N_("DATE"), CLI_DATE, offsetof(audit_args, from),
     N_("the first day (YYYY-MM-DD, a local day)")},
    {"--to", N_("DATE"), CLI_DATE, offsetof(audit_args, to),
     N_("the last day (YYYY-MM-DD, a local day)")},
    {"--format", N_("FMT"), CLI_CHOICE, offsetof(audit_args, format),
     N_("table: the newest rows for a terminal; csv, excel (a BOM and ';') or xlsx: every row "
        "the filters keep, oldest first"),
     "table", NULL, 0, 0, formats},
    {"--limit", N_("N"), CLI_SIZE, offsetof(audit_args, limit),
     N_("rows of the table, newest first"), "50", NULL, 1, 1000, NULL},
    {"--out", N_("FILE"), CLI_STR, offsetof(audit_args, out),
     N_("write the sheet to FILE (0600, whole or not at all; needed for xlsx)"), NULL,
     N_("standard output")},
};

static const cli_spec audit_spec = {
    "audit",
    N_("vieclam [--db PATH] audit [--user NAME] [--record ID] [--action CODE] [--kind CODE] "
       "[--from DATE] [--to DATE] [--format table|csv|excel|xlsx] [--limit N] [--out FILE]"),
    N_("Shows the access audit: who saw or changed whose personal data and when, at the desk "
       "and on the command line (docs/privacy.md). The table lists the newest rows; csv, excel "
       "and xlsx write every row the filters keep, oldest first, with the day, the time in the "
       "local time zone, the user, the action, the kind of record, the record and the detail in "
       "words, as the desk's workbook does. Such a file names staff and seekers' ids: it is "
       "written 0600 and its export is recorded in the audit too."),
    CLI_OPTS(audit_opts),
    0,
    0,
    NULL,
    N_("Exit codes: 0 ok, 1 failure, 2 usage, 3 more rows than a worksheet holds (a shorter "
       "period; nothing written)."),
};

/* the newest rows as an aligned table, in words */
static vl_status print_table(vl_ctx *ctx, vl_db *db, vl_audit_query *q, size_t limit)
{
    q->page = 1;
    q->size = limit;
    vl_list *l = NULL;
    vl_status st = vl_db_audit_list(ctx, db, q, &l);
    if (st != VL_OK)
        return st;
    const char *head[] = {_("When"),           _("User"),   _("Action"),
                          _("Kind of record"), _("Record"), _("Detail")};
    cli_table *t = cli_table_new(sizeof head / sizeof *head, head);
    if (!t) {
        vl_list_destroy(l);
        return VL_ERR_NOMEM;
    }
    cli_table_shrink(t, 5);
    for (size_t i = 0; i < vl_list_rows(l); i++) {
        const char *action = vl_list_value(l, i, 3), *kind = vl_list_value(l, i, 4),
                   *detail = vl_list_value(l, i, 6);
        const char *a = vl_audit_action_words(NULL, action), *k = vl_audit_kind_words(NULL, kind);
        char at[48], words[VL_AUDIT_WORDS_MAX];
        const char *cells[] = {
            vl_format_time_text(at, sizeof at, vl_list_value(l, i, 1), NULL),
            vl_list_value(l, i, 2),
            a ? a : action,
            k ? k : kind,
            vl_list_value(l, i, 5),
            detail && *detail ? vl_audit_detail_words(NULL, action, detail, words, sizeof words)
                              : "-"};
        cli_table_row(t, cells);
    }
    cli_table_print(t, stdout);
    cli_table_free(t);
    printf(_("%zu of %zu rows, newest first\n"), vl_list_rows(l), vl_list_total(l));
    vl_list_destroy(l);
    return VL_OK;
}

int cmd_audit(cli_global *g, int argc, char **argv)
{
    audit_args a = {0};
    int prc = cli_parse(&audit_spec, argc, argv, &a, NULL, NULL);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    bool table = strcmp(a.format, "table") == 0;
    vl_sheet_format format = VL_SHEET_CSV;
    if (!table)
        (void)vl_sheet_format_parse(a.format, &format);
    if (table && a.out)
        return cli_usage_error("audit", "--out is for a sheet: --format csv, excel or xlsx");
    if (format == VL_SHEET_XLSX && (!a.out || strcmp(a.out, "-") == 0))
        return cli_usage_error("audit", "--format xlsx needs --out FILE");
    if (a.from && a.to && a.from > a.to)
        return cli_usage_error("audit", "--from is after --to");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_audit_query q = {.user = a.user,
                        .record = a.record,
                        .action = a.action,
                        .kind = a.kind,
                        .from = a.from,
                        .to = a.to};
    vl_db *db = NULL;
    vl_status st = vl_db_open(ctx, g->db_path, 0, &db);
    size_t rows = 0;
    if (st == VL_OK && table) {
        st = print_table(ctx, db, &q, a.limit);
    } else if (st == VL_OK) {
        bool file = a.out && strcmp(a.out, "-") != 0;
        st = vl_db_audit_write(ctx, db, &q, NULL, file ? a.out : NULL, format, &rows);
        /* the export of the audit is audited too, as the desk's download: the row counts */
        char detail[32];
        snprintf(detail, sizeof detail, "%zu", rows);
        if (st == VL_OK && (st = cli_audit(ctx, db, "export", "audit", "*", detail)) != VL_OK &&
            file)
            unlink(a.out); /* no copy of the audit leaves without its row */
    }
    int rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "audit");
    if (st == VL_ERR_ARG)
        rc = EXIT_DATA; /* more rows than a worksheet holds */
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
