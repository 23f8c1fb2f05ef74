/*
 * cmd-store.c - the data commands: `init` (create a database with its reference data),
 * `import KIND FILE`, `export KIND` and `check`. init and import change data and record a run
 * (command line, OS user, input hashes, outcome) in the database's audit trail.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "cli.h"

/* The library's kinds, "areas, employers, ..." (for the usage errors). */
static const char *kinds_text(void)
{
    static char text[256];
    size_t len = 0;
    for (int k = 0; k < VL_KIND_COUNT && len < sizeof text; k++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", k ? ", " : "",
                                vl_kind_name((vl_kind)k));
    return text;
}

/* ---- init ---------------------------------------------------------------------------------- */

static const cli_spec init_spec = {
    "init",
    N_("vieclam [--db PATH] init"),
    N_("Creates the database (mode 0600) if needed, migrates its schema to the current version "
       "and loads the bundled reference data: ISCO-08 occupations with Vietnamese titles, VSCO "
       "2020 levels 1-2, VSIC 2018 sections, Viet Nam's 34 provinces and 3,321 communes (since "
       "2025-07-01) and the pre-reform provinces, districts and communes with the way to the new "
       "communes. Running it again changes nothing."),
    NULL,
    0,
    0,
    0,
    NULL,
    N_("Exit codes: 0 ok, 1 failure, 2 usage."),
};

int cmd_init(cli_global *g, int argc, char **argv)
{
    int prc = cli_parse(&init_spec, argc, argv, NULL, NULL, NULL);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    int64_t run = 0;
    char *cmd = cli_command_line(g);
    vl_status st = vl_db_open(ctx, g->db_path, VL_DB_CREATE, &db);
    if (st == VL_OK)
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "init", NULL, NULL, 0, &run);
    if (st == VL_OK) {
        st = vl_db_init_reference(ctx, db);
        vl_db_counts c;
        char summary[256] = "{}";
        if (st == VL_OK && vl_db_counts_get(ctx, db, &c) == VL_OK) {
            snprintf(summary, sizeof summary,
                     "{\"occupations\":%zu,\"industries\":%zu,\"areas\":%zu}", c.occupations,
                     c.industries, c.areas);
            printf(_("%s: schema version %d; %zu occupations, %zu industries, %zu areas\n"),
                   g->db_shown, vl_db_schema_version(db), c.occupations, c.industries, c.areas);
        }
        vl_db_run_end(NULL, db, run, st, summary);
    }
    int rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "init");
    free(cmd);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}

/* ---- import -------------------------------------------------------------------------------- */

typedef struct import_args {
    bool skip_invalid, allow_extra;
    const char *rejects, *sheet, *dates, *numbers, *legacy;
} import_args;

/* the kinds for the shell's completion (test-import.sh checks them against kinds_text) */
const char *const cli_kind_words[] = {"areas",     "employers", "vacancies",   "seekers", "history",
                                      "referrals", "followups", "counselling", "fairs",   NULL};
static const char *const dates_choices[] = {"iso", "dmy", NULL};
static const char *const numbers_choices[] = {"c", "vi", NULL};
static const char *const legacy_choices[] = {"map", "nearest", "keep", NULL};

static const cli_opt import_opts[] = {
    {"--skip-invalid", NULL, CLI_FLAG, offsetof(import_args, skip_invalid),
     N_("import the good rows; write the bad ones to --rejects")},
    {"--rejects", N_("FILE"), CLI_STR, offsetof(import_args, rejects),
     N_("the bad rows with a `reason` column (mode 0600); a FILE.xlsx is an Excel workbook")},
    {"--allow-extra-columns", NULL, CLI_FLAG, offsetof(import_args, allow_extra),
     N_("ignore unknown columns (with a warning) instead of refusing the file")},
    {"--sheet", N_("NAME"), CLI_STR, offsetof(import_args, sheet),
     N_("the sheet of an .xlsx workbook to read"), NULL, N_("the first sheet")},
    {"--dates", N_("ORDER"), CLI_CHOICE, offsetof(import_args, dates),
     N_("dmy also reads dates written day/month/year (30/03/2025, as Vietnamese Excel "
        "shows them); iso reads YYYY-MM-DD only"),
     "iso", NULL, 0, 0, dates_choices},
    {"--numbers", N_("STYLE"), CLI_CHOICE, offsetof(import_args, numbers),
     N_("vi reads numbers the Vietnamese way (7.500.000 and 1,5); c reads 7500000 and 1.5 "
        "only"),
     "c", NULL, 0, 0, numbers_choices},
    {"--legacy-areas", N_("HOW"), CLI_CHOICE, offsetof(import_args, legacy),
     N_("an `area` cell naming a pre-reform area (before 2025-07-01): map reads it as its new "
        "commune with a warning, a divided one is an error; nearest also takes the new commune "
        "nearest to a divided one; keep stores it as written (`vieclam areas migrate` moves it "
        "later)"),
     "map", NULL, 0, 0, legacy_choices},
};

static const cli_spec import_spec = {
    "import",
    N_("vieclam [--db PATH] import KIND FILE [--skip-invalid --rejects FILE] "
       "[--allow-extra-columns] [--sheet NAME] [--dates dmy] [--numbers vi] "
       "[--legacy-areas map|nearest|keep]"),
    N_("KIND is one of: areas, employers, vacancies, seekers, history, referrals, followups, "
       "counselling, fairs (formats: docs/data-formats.md). FILE is a CSV file or an Excel "
       "workbook (.xlsx: its first sheet, or --sheet NAME); headers may be the contract's "
       "column names or their "
       "Vietnamese forms (Họ và tên, Năm sinh, ...). The import is one transaction. Any invalid "
       "row: every problem is listed as FILE:LINE: column NAME: reason (in a workbook "
       "FILE:SHEET!CELL), nothing is imported, exit code 3.\nImporting the same file twice "
       "changes nothing; a changed row updates its id. Prints: rows N, inserted N, updated N, "
       "unchanged N, rejected N."),
    CLI_OPTS(import_opts),
    2,
    2,
    cli_kind_words,
    N_("Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid data."),
};

int cmd_import(cli_global *g, int argc, char **argv)
{
    import_args a = {0};
    const char *pos[2] = {NULL, NULL};
    int rc = cli_parse(&import_spec, argc, argv, &a, pos, NULL);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    vl_import_options opt = {.skip_invalid = a.skip_invalid,
                             .rejects_path = a.rejects,
                             .allow_extra_columns = a.allow_extra,
                             .sheet = a.sheet,
                             .dates_dmy = strcmp(a.dates, "dmy") == 0,
                             .numbers_vi = strcmp(a.numbers, "vi") == 0};
    vl_legacy_areas_parse(a.legacy, &opt.legacy_areas);
    vl_kind kind;
    if (!vl_kind_parse(pos[0], &kind))
        return cli_usage_error("import", "unknown kind '%s' (one of: %s)", pos[0], kinds_text());
    if (opt.skip_invalid && !opt.rejects_path)
        return cli_usage_error("import", "--skip-invalid needs --rejects FILE");
    if (opt.rejects_path && !opt.skip_invalid)
        return cli_usage_error("import", "--rejects is only used with --skip-invalid");

    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    int64_t run = 0;
    char *cmd = cli_command_line(g);
    vl_import_stats s = {0};
    vl_status st = vl_db_open(ctx, g->db_path, 0, &db);
    if (st == VL_OK)
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "import", NULL, &pos[1], 1, &run);
    /* the access audit names the run (its command names the file, its summary the counts), as
     * the desk's import does: written before a row is, or the file is not read */
    char rec[32];
    snprintf(rec, sizeof rec, "%lld", (long long)run);
    if (st == VL_OK && (st = cli_audit(ctx, db, "import", "run", rec, vl_kind_name(kind))) != VL_OK)
        vl_db_run_end(NULL, db, run, st, NULL);
    if (st == VL_OK) {
        st = vl_db_import(ctx, db, kind, pos[1], &opt, &s);
        char summary[320];
        snprintf(summary, sizeof summary,
                 "{\"kind\":\"%s\",\"rows\":%zu,\"inserted\":%zu,\"updated\":%zu,"
                 "\"unchanged\":%zu,\"rejected\":%zu,\"extra_columns\":%zu,"
                 "\"staff_anonymised\":%zu}",
                 vl_kind_name(kind), s.rows, s.inserted, s.updated, s.unchanged, s.rejected,
                 s.extra_columns, s.staff_anonymised);
        /* the diagnostics must survive the audit call: it runs with no context */
        vl_db_run_end(NULL, db, run, st, summary);
    }
    rc = EXIT_OK;
    if (st == VL_OK) {
        if (opt.skip_invalid)
            cli_print_diags(ctx);
        /* the counts of docs/cli.md; a script reads them under --lang en (or from the run's
         * summary in the runs table), a person in the chosen language */
        printf(_("%s %s: rows %zu, inserted %zu, updated %zu, unchanged %zu, rejected %zu\n"),
               vl_kind_name(kind), pos[1], s.rows, s.inserted, s.updated, s.unchanged, s.rejected);
        if (s.rejected)
            printf(_("rejected rows written to %s\n"), opt.rejects_path);
        if (s.staff_anonymised)
            printf(vl_ngettext("%zu row named an erased member of staff: written with the "
                               "anonymous reference user#N of their erasure, not the name\n",
                               "%zu rows named an erased member of staff: written with the "
                               "anonymous reference user#N of their erasure, not the name\n",
                               s.staff_anonymised),
                   s.staff_anonymised);
    } else {
        rc = cli_fail(ctx, st, "import");
        if (s.rows)
            fprintf(stderr,
                    /* the counts, as above */
                    _("%s %s: rows %zu, inserted 0, updated 0, unchanged 0, rejected %zu "
                      "(nothing imported)\n"),
                    vl_kind_name(kind), pos[1], s.rows, s.rejected);
    }
    free(cmd);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}

/* ---- export -------------------------------------------------------------------------------- */

/* The pseudonym key in path (its bytes, trailing white space dropped; at least 16), made of 32
 * random bytes written as hex with mode 0600 when the file does not exist yet. The key never
 * leaves this machine with the export: whoever holds it can test a guessed name. */
static int pseudonym_key(vl_ctx *ctx, const char *path, unsigned char *key, size_t cap, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOENT) {
        unsigned char r[32];
        char hex[65];
        if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
            fprintf(stderr, _("vieclam export: %s: %s\n"), path, strerror(errno));
            return EXIT_FAIL;
        }
        for (size_t i = 0; i < sizeof r; i++)
            snprintf(hex + 2 * i, 3, "%02x", r[i]);
        vl_status st = vl_output_write_file(ctx, path, VL_OUTPUT_PRIVATE, hex, 64);
        if (st != VL_OK)
            return cli_fail(ctx, st, "export");
        fprintf(stderr,
                _("a new pseudonym key was written to %s (mode 0600): keep it to get the same "
                  "pseudonyms next time, never hand it out with the data\n"),
                path);
        memcpy(key, hex, 64);
        *len = 64;
        return EXIT_OK;
    }
    if (!f) {
        fprintf(stderr, _("vieclam export: %s: cannot read: %s\n"), path, strerror(errno));
        return EXIT_FAIL;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077))
        fprintf(stderr, _("warning: %s can be read by other users (chmod 600 it)\n"), path);
    size_t n = fread(key, 1, cap, f);
    fclose(f);
    while (n && (key[n - 1] == '\n' || key[n - 1] == '\r' || key[n - 1] == ' '))
        n--;
    if (n < 16) {
        fprintf(stderr, _("vieclam export: %s: a pseudonym key needs at least 16 bytes\n"), path);
        return EXIT_DATA;
    }
    *len = n;
    return EXIT_OK;
}

typedef struct export_args {
    const char *out;
    const char *format;
    bool bom;
    bool pseudonymise;
    const char *key;
} export_args;

static const char *const export_formats[] = {"csv", "xlsx", NULL};

static const cli_opt export_opts[] = {
    {"--out", N_("FILE"), CLI_STR, offsetof(export_args, out),
     N_("write to FILE (created with mode 0600: it may hold personal data)"), NULL,
     N_("standard output")},
    {"--format", N_("FORMAT"), CLI_CHOICE, offsetof(export_args, format),
     N_("csv (the import contract's names) or xlsx (a workbook for people, with the templates' "
        "Vietnamese headers; needs --out); both import again as they are"),
     "csv", NULL, 0, 0, export_formats},
    {"--bom", NULL, CLI_FLAG, offsetof(export_args, bom),
     N_("start with a UTF-8 byte order mark (for Excel)")},
    {"--pseudonymise", NULL, CLI_FLAG, offsetof(export_args, pseudonymise),
     N_("replace ids, names, phones, ID cards and staff with keyed hashes, drop free text "
        "(docs/privacy.md)")},
    {"--key", N_("FILE"), CLI_STR, offsetof(export_args, key),
     N_("the pseudonym key (made with 32 random bytes, mode 0600, when FILE does not exist)"), NULL,
     N_("DB.pseudonym-key beside a SQLite database")},
};

static const cli_spec export_spec = {
    "export",
    N_("vieclam [--db PATH] export KIND [--out FILE] [--format csv|xlsx] [--bom] "
       "[--pseudonymise [--key FILE]]"),
    N_("Writes a table in its import format (KIND: areas, employers, vacancies, seekers, "
       "history, referrals, followups, counselling, fairs), losslessly: importing the file again "
       "changes nothing."),
    CLI_OPTS(export_opts),
    1,
    1,
    cli_kind_words,
    N_("Exit codes: 0 ok, 1 failure, 2 usage."),
};

int cmd_export(cli_global *g, int argc, char **argv)
{
    export_args a = {0};
    const char *pos[1] = {NULL};
    int prc = cli_parse(&export_spec, argc, argv, &a, pos, NULL);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    vl_export_options opt = {.bom = a.bom, .xlsx = strcmp(a.format, "xlsx") == 0};
    const char *out = a.out, *kind_name = pos[0];
    vl_kind kind;
    if (!vl_kind_parse(kind_name, &kind))
        return cli_usage_error("export", "unknown kind '%s' (one of: %s)", kind_name, kinds_text());
    if (opt.xlsx && (!out || strcmp(out, "-") == 0))
        return cli_usage_error("export", "--format xlsx needs --out FILE");
    if (opt.xlsx && a.bom)
        return cli_usage_error("export", "--bom is for CSV, not --format xlsx");
    if (a.key && !a.pseudonymise)
        return cli_usage_error("export", "--key goes with --pseudonymise");
    char keypath[4096];
    unsigned char key[64];
    if (a.pseudonymise) {
        if (!a.key && vl_db_is_url(g->db_path))
            return cli_usage_error("export", "--pseudonymise on PostgreSQL needs --key FILE");
        if (!a.key)
            snprintf(keypath, sizeof keypath, "%s.pseudonym-key", g->db_path);
        else
            snprintf(keypath, sizeof keypath, "%s", a.key);
    }
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    if (a.pseudonymise) {
        size_t klen = 0;
        int krc = pseudonym_key(ctx, keypath, key, sizeof key, &klen);
        if (krc != EXIT_OK) {
            vl_ctx_destroy(ctx);
            return krc;
        }
        opt.pseudonym_key = key;
        opt.pseudonym_key_len = klen;
    }
    vl_db *db = NULL;
    /* an export is a dump of (possibly personal) data: audited like a change, failures too */
    int64_t run = 0;
    char *cmd = NULL;
    vl_status st = vl_db_open(ctx, g->db_path, 0, &db);
    if (st == VL_OK) {
        cmd = cli_command_line(g);
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "export", NULL, NULL, 0, &run);
    }
    /* and in the access audit, as the desk's export (a pseudonymised file is personal data too) */
    if (st == VL_OK)
        st = cli_audit(ctx, db, "export", vl_kind_name(kind), "*",
                       a.pseudonymise ? "pseudonymised" : NULL);
    if (st == VL_OK)
        st = vl_db_export(ctx, db, kind, out, &opt);
    if (run > 0)
        vl_db_run_end(NULL, db, run, st, NULL);
    free(cmd);
    int rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "export");
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}

/* ---- check --------------------------------------------------------------------------------- */

typedef struct check_args {
    const char *format;
    int32_t as_of;
} check_args;

static const char *const check_formats[] = {"table", "csv", "json", NULL};

static const cli_opt check_opts[] = {
    {"--format", N_("FMT"), CLI_CHOICE, offsetof(check_args, format), N_("output format"), "table",
     NULL, 0, 0, check_formats},
    {"--as-of", N_("DATE"), CLI_DATE, offsetof(check_args, as_of),
     N_("the date areas must be valid on (YYYY-MM-DD)"), NULL, N_("today")},
};

static const cli_spec check_spec = {
    "check",
    N_("vieclam [--db PATH] check [--format table|csv|json] [--as-of YYYY-MM-DD]"),
    N_("Checks the database: SQLite integrity and foreign keys, codes that point nowhere, open "
       "vacancies without positions, active seekers without occupations, records whose area is "
       "no longer valid on the as-of date (one line per table and area, with the count and the "
       "first ids)."),
    CLI_OPTS(check_opts),
    0,
    0,
    NULL,
    N_("Exit codes: 0 no problems, 3 problems found, 1 failure."),
};

/* Splits "TABLE:ID: reason" into its parts (in place). "TABLE: reason" (a space after the colon)
 * is a problem of many records at once, such as the records of one expired area: no id. */
static void split_problem(char *d, const char **table, const char **id, const char **reason)
{
    *table = d;
    *id = "";
    *reason = "";
    char *c = strchr(d, ':');
    if (!c)
        return;
    *c = '\0';
    if (c[1] == ' ') {
        *reason = c + 2;
        return;
    }
    *id = c + 1;
    char *r = strstr(c + 1, ": ");
    if (!r)
        return;
    *r = '\0';
    *reason = r + 2;
}

int cmd_check(cli_global *g, int argc, char **argv)
{
    check_args a = {0};
    int prc = cli_parse(&check_spec, argc, argv, &a, NULL, NULL);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    cli_format fmt = FMT_TABLE;
    cli_parse_format(a.format, &fmt);
    int32_t as_of = a.as_of;
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_ctx_set_diag_limit(ctx, 100000);
    vl_db *db = NULL;
    size_t n = 0;
    vl_status st = vl_db_open(ctx, g->db_path, VL_DB_READONLY, &db);
    if (st == VL_OK)
        st = vl_db_check_at(ctx, db, as_of, &n);
    int rc;
    if (st != VL_OK && st != VL_ERR_INVALID) {
        rc = cli_fail(ctx, st, "check");
    } else {
        size_t nd = vl_ctx_diag_count(ctx);
        /* CSV and JSON keep the codes; the table for people speaks the language of messages */
        static const char *const head[] = {"table", "id", "problem"};
        const char *shown[] = {_(N_("table")), _(N_("id")), _(N_("problem"))};
        cli_table *t = fmt == FMT_TABLE ? cli_table_new(3, shown) : NULL;
        if (fmt == FMT_CSV)
            cli_csv_row(stdout, 3, head);
        if (fmt == FMT_JSON)
            printf("{\"problems\":[");
        for (size_t i = 0; i < nd; i++) {
            const char *d = vl_ctx_diag(ctx, i);
            if (!d)
                break;
            char *copy = strdup(d);
            if (!copy)
                break;
            const char *cells[3];
            split_problem(copy, &cells[0], &cells[1], &cells[2]);
            if (t)
                cli_table_row(t, cells);
            else if (fmt == FMT_CSV)
                cli_csv_row(stdout, 3, cells);
            else {
                printf("%s{\"table\":", i ? "," : "");
                cli_json_string(stdout, cells[0]);
                printf(",\"id\":");
                cli_json_string(stdout, cells[1]);
                printf(",\"problem\":");
                cli_json_string(stdout, cells[2]);
                printf("}");
            }
            free(copy);
        }
        if (fmt == FMT_JSON)
            printf("],\"count\":%zu}\n", n);
        if (t) {
            if (n)
                cli_table_print(t, stdout);
            printf(vl_ngettext("%zu problem\n", "%zu problems\n", n), n);
            cli_table_free(t);
        }
        rc = n ? EXIT_DATA : EXIT_OK;
    }
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
