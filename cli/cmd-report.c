/*
 * cmd-report.c - `vieclam report forecast`: the planner's report of stored runs as one
 * self-contained HTML page (inline SVG fan charts, the labour balance, accuracy, methods) and
 * optionally the same numbers as an Excel workbook. Without --run it takes the newest
 * hierarchical forecast run and the newest balance run in the database.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct report_args {
    const char *db, *runs, *out, *xlsx, *lang, *title, *province;
    size_t max_charts;
} report_args;

static const char *def_lang(char *buf, size_t size)
{
    vl_report_options o;
    vl_report_options_init(&o);
    snprintf(buf, size, "%s", o.lang);
    return buf;
}

static const char *def_max_charts(char *buf, size_t size)
{
    vl_report_options o;
    vl_report_options_init(&o);
    snprintf(buf, size, "%zu", o.max_charts);
    return buf;
}

static const char *const langs[] = {"vi", "en", NULL};

static const cli_opt forecast_opts[] = {
    {"--db", N_("DB"), CLI_STR, offsetof(report_args, db), N_("the database"), NULL,
     N_("the global --db")},
    {"--run", N_("ID[,ID...]"), CLI_STR, offsetof(report_args, runs), N_("the stored runs to show"),
     NULL, N_("the newest forecast run and the newest balance run")},
    {"--province", N_("CODES"), CLI_STR, offsetof(report_args, province),
     N_("on an exchange of many provinces, without --run: the newest runs of these provinces "
        "(31 or 31,01), as their server made them")},
    {"--out", N_("FILE.html"), CLI_STR, offsetof(report_args, out),
     N_("the HTML page (one self-contained file, A4 print styles)")},
    {"--xlsx", N_("FILE.xlsx"), CLI_STR, offsetof(report_args, xlsx),
     N_("also the same numbers as an Excel workbook with native charts")},
    {"--lang", N_("LANG"), CLI_CHOICE, offsetof(report_args, lang), N_("the report's language"),
     NULL, NULL, 0, 0, langs, def_lang},
    {"--title", N_("TEXT"), CLI_STR, offsetof(report_args, title), N_("the report's title"), NULL,
     N_("Labour demand forecast, in the report's language")},
    {"--max-charts", N_("N"), CLI_SIZE, offsetof(report_args, max_charts),
     N_("the most fan charts, 1..10000"), NULL, NULL, 1, 10000, NULL, def_max_charts},
};

static const cli_spec forecast_spec = {
    "report forecast",
    N_("vieclam report forecast [--db DB] [--run ID[,ID...]] --out FILE.html [--xlsx FILE.xlsx] "
       "[options]"),
    N_("The planner's report of stored runs: one self-contained HTML page (inline SVG fan charts "
       "with 80% and 95% bands, tables, the labour balance, backtest accuracy, a methods note; "
       "print styles for A4) and, with --xlsx, the same numbers as an Excel workbook with native "
       "line charts. No personal data."),
    CLI_OPTS(forecast_opts),
    0,
    0,
    NULL,
    N_("Exit codes: 0 ok, 1 failure, 2 usage, 3 an unknown run or no forecast run."),
};

static const char *const report_words[] = {"forecast", "activity", NULL};

static const cli_spec report_spec = {
    "report",
    N_("vieclam report forecast|activity [options]"),
    N_("Writes a report. `vieclam report KIND --help` describes each kind."),
    NULL,
    0,
    1,
    1,
    report_words,
    NULL,
};

int cmd_report(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        int rc = cli_parse(&report_spec, argc, argv, NULL, NULL, NULL);
        return rc == CLI_HELP_SHOWN ? EXIT_OK
                                    : cli_usage_error("report", "what report? (vieclam report "
                                                                "forecast ...)");
    }
    if (strcmp(argv[1], "activity") == 0) /* the centre's periodic report: its own file */
        return cmd_report_activity(g, argc - 1, argv + 1);
    if (strcmp(argv[1], "forecast") != 0)
        return cli_usage_error("report", "unknown report '%s' (known: forecast, activity)",
                               argv[1]);
    report_args a = {0};
    int prc = cli_parse(&forecast_spec, argc - 1, argv + 1, &a, NULL, NULL);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    const char *db_path = a.db ? a.db : g->db_path, *runs = a.runs, *out = a.out, *xlsx = a.xlsx;
    vl_report_options opt;
    vl_report_options_init(&opt);
    if (a.lang)
        opt.lang = a.lang;
    if (a.title)
        opt.title = a.title;
    if (a.max_charts)
        opt.max_charts = a.max_charts;
    if (!out && !xlsx)
        return cli_usage_error("report", "--out FILE.html (or --xlsx FILE) is required");
    if (strcmp(opt.lang, "vi") != 0 && strcmp(opt.lang, "en") != 0)
        return cli_usage_error("report", "--lang takes vi or en, got '%s'", opt.lang);

    int64_t ids[64];
    size_t n = 0;
    if (runs) {
        char *copy = strdup(runs);
        for (char *save = NULL, *t = strtok_r(copy, ",", &save); t;
             t = strtok_r(NULL, ",", &save)) {
            long long id;
            if (n == 64 || !vl_parse_long(t, &id) || id <= 0) {
                free(copy);
                return cli_usage_error("report", "--run takes run ids, e.g. 12 or 12,13");
            }
            ids[n++] = id;
        }
        free(copy);
        if (n == 0)
            return cli_usage_error("report", "--run takes run ids, e.g. 12 or 12,13");
    }
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    vl_plan *plan = NULL;
    /* a report is handed to people: which runs it showed, and where it went, is audited */
    int64_t run = 0;
    char *cmd = NULL;
    vl_status st = cli_db_open(ctx, db_path, 0, a.province, &db);
    if (st == VL_OK) {
        cmd = cli_command_line(g);
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "report", NULL, NULL, 0, &run);
    }
    if (st == VL_OK && n == 0) {
        int64_t f = 0, b = 0;
        st = vl_db_latest_run(ctx, db, "forecast", &f);
        if (st == VL_OK) /* the forecast's own balance, as the desk's report of that run */
            st = f ? vl_db_balance_for_run(ctx, db, f, &b)
                   : vl_db_latest_run(ctx, db, "balance", &b);
        if (f)
            ids[n++] = f;
        if (b)
            ids[n++] = b;
        if (st == VL_OK && n == 0) {
            char shown[1024];
            vl_db_hide_passwords(db_path, shown, sizeof shown);
            fprintf(stderr,
                    _("vieclam report: %s has no forecast runs yet; run `vieclam forecast "
                      "--db --by area,industry --horizon 4` first\n"),
                    shown);
            vl_db_run_end(NULL, db, run, VL_ERR_INVALID, NULL);
            free(cmd);
            vl_db_close(db);
            vl_ctx_destroy(ctx);
            return EXIT_DATA;
        }
    }
    if (st == VL_OK)
        st = vl_db_load_plan(ctx, db, ids, n, &plan);
    if (st == VL_OK && out)
        st = vl_report_html(ctx, plan, &opt, out);
    if (st == VL_OK && xlsx)
        st = vl_report_xlsx(ctx, plan, &opt, xlsx);
    if (run > 0)
        vl_db_run_end(NULL, db, run, st, NULL);
    free(cmd);
    int rc = EXIT_OK;
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "report");
    } else {
        fputs(n > 1 ? _("report of runs") : _("report of run"), stderr);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, "%s%lld", i ? ", " : " ", (long long)ids[i]);
        fprintf(stderr, ":%s%s%s%s\n", out ? " " : "", out ? out : "", xlsx ? " " : "",
                xlsx ? xlsx : "");
    }
    vl_plan_destroy(plan);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
