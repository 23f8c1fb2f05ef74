/*
 * cmd-report.c - `vieclam report forecast`: the planner's report of stored runs as one
 * self-contained HTML page (inline SVG fan charts, the labour balance, accuracy, methods) and
 * optionally the same numbers as an Excel workbook. Without --run it takes the newest
 * hierarchical forecast run and the newest balance run in the database.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int usage(void)
{
    printf("usage: vieclam report forecast [--db DB] [--run ID[,ID...]] --out FILE.html "
           "[--xlsx FILE.xlsx] [--lang vi|en] [--title TEXT] [--max-charts N]\n");
    return EXIT_OK;
}

int cmd_report(cli_global *g, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0)
        return argc < 2 ? cli_usage_error("report", "what report? (vieclam report forecast ...)")
                        : usage();
    if (strcmp(argv[1], "forecast") != 0)
        return cli_usage_error("report", "unknown report '%s' (known: forecast)", argv[1]);
    const char *db_path = g->db_path, *runs = NULL, *out = NULL, *xlsx = NULL;
    vl_report_options opt;
    vl_report_options_init(&opt);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0)
            return usage();
        if (i + 1 >= argc)
            return cli_usage_error("report", "unknown option or missing value: '%s'", a);
        const char *v = argv[++i];
        if (strcmp(a, "--db") == 0)
            db_path = v;
        else if (strcmp(a, "--run") == 0)
            runs = v;
        else if (strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0)
            out = v;
        else if (strcmp(a, "--xlsx") == 0)
            xlsx = v;
        else if (strcmp(a, "--lang") == 0)
            opt.lang = v;
        else if (strcmp(a, "--title") == 0)
            opt.title = v;
        else if (strcmp(a, "--max-charts") == 0) {
            long long n;
            if (!vl_parse_long(v, &n) || n < 1 || n > 10000)
                return cli_usage_error("report", "--max-charts takes 1 to 10000");
            opt.max_charts = (size_t)n;
        } else
            return cli_usage_error("report", "unknown option '%s' (see --help)", a);
    }
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
    vl_status st = vl_db_open(ctx, db_path, 0, &db);
    if (st == VL_OK) {
        cmd = cli_command_line(g);
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "report", NULL, NULL, 0, &run);
    }
    if (st == VL_OK && n == 0) {
        int64_t f = 0, b = 0;
        st = vl_db_latest_run(ctx, db, "forecast", &f);
        if (st == VL_OK)
            st = vl_db_latest_run(ctx, db, "balance", &b);
        if (f)
            ids[n++] = f;
        if (b)
            ids[n++] = b;
        if (st == VL_OK && n == 0) {
            fprintf(stderr,
                    "vieclam report: %s has no forecast runs yet; run `vieclam forecast "
                    "--db --by area,industry --horizon 4` first\n",
                    db_path);
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
        fprintf(stderr, "report of run%s", n > 1 ? "s" : "");
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
