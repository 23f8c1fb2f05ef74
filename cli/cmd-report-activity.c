/*
 * cmd-report-activity.c - `vieclam report activity`: the centre's periodic report (a month, a
 * quarter, a half-year, a year or any dates) as HTML, XLSX and CSV, the same period of the
 * previous year beside it, the year's targets when the period is a whole year, and the
 * fairness of outcomes. Counts below 5 are "<5" unless --exact (for use inside the centre).
 * The report is audited as a run: it leaves the centre.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt.h"

typedef struct activity_args {
    int32_t from, to, as_of;
    const char *period, *out, *xlsx, *csv, *lang, *model, *title, *province;
    bool exact;
} activity_args;

static const char *const langs[] = {"vi", "en", NULL};

static const cli_opt activity_opts[] = {
    {"--period", N_("P"), CLI_STR, offsetof(activity_args, period),
     N_("a year (2025), half-year (2025H1), quarter (2025Q3) or month (2025-09)"), NULL, NULL, 0, 0,
     NULL},
    {"--from", N_("DATE"), CLI_DATE, offsetof(activity_args, from),
     N_("first day of the period (instead of --period)"), NULL, NULL, 0, 0, NULL},
    {"--to", N_("DATE"), CLI_DATE, offsetof(activity_args, to),
     N_("last day of the period (instead of --period)"), NULL, NULL, 0, 0, NULL},
    {"--out", N_("FILE"), CLI_STR, offsetof(activity_args, out),
     N_("the report as one HTML page (print it to PDF from a browser)"), NULL, NULL, 0, 0, NULL},
    {"--xlsx", N_("FILE"), CLI_STR, offsetof(activity_args, xlsx),
     N_("the same figures as an Excel workbook"), NULL, NULL, 0, 0, NULL},
    {"--csv", N_("FILE"), CLI_STR, offsetof(activity_args, csv),
     N_("every figure as CSV (table,dimension,group,measure,period,value,shown)"), NULL, NULL, 0, 0,
     NULL},
    {"--lang", N_("LANG"), CLI_CHOICE, offsetof(activity_args, lang), N_("the report's language"),
     "vi", NULL, 0, 0, langs},
    {"--exact", NULL, CLI_FLAG, offsetof(activity_args, exact),
     N_("counts below 5 as they are: for use inside the centre only"), NULL, NULL, 0, 0, NULL},
    {"--model", N_("FILE"), CLI_STR, offsetof(activity_args, model),
     N_("the matching model that says what vieclam would have recommended"), NULL,
     N_("$VIECLAM_MODELS/matching.yaml, else the shipped models/matching.yaml"), 0, 0, NULL},
    {"--title", N_("TEXT"), CLI_STR, offsetof(activity_args, title), N_("the report's title"), NULL,
     N_("from the period"), 0, 0, NULL},
    {"--province", N_("CODES"), CLI_STR, offsetof(activity_args, province),
     N_("on an exchange of many provinces, the report of these (31 or 31,01): their seekers and "
        "vacancies, the referrals of either, their fairs and their targets, as their server's "
        "desk makes it"),
     NULL, N_("the whole database"), 0, 0, NULL},
    {"--as-of", N_("DATE"), CLI_DATE, offsetof(activity_args, as_of),
     N_("the report's day: a period still running is counted up to it, beside the same days of "
        "the year before"),
     NULL, N_("today"), 0, 0, NULL},
};

static const cli_spec activity_spec = {
    "report activity",
    N_("vieclam report activity (--period P | --from DATE --to DATE) [--out FILE.html]\n"
       "       [--xlsx FILE.xlsx] [--csv FILE.csv] [--lang vi|en] [--exact] [--model FILE]\n"
       "       [--title TEXT] [--as-of DATE] [--province CODES]"),
    N_("The centre's report for a period: seekers registered, counselled, referred and placed; "
       "vacancies and positions received and filled; job fairs with their invitations and "
       "hires; placements abroad by country; each by sex, age band, priority group, education "
       "and area, with the same period of the previous year beside it; placement rate, days "
       "to placement, retention at 3 and 6 months; for a whole year the targets set with "
       "`vieclam target set`; and the fairness of outcomes: referral and hire rates by sex and "
       "priority group, for every referral and for those vieclam would have recommended, with "
       "95% Wilson intervals. Counts below 5 are shown as \"<5\" (the report leaves the "
       "centre) unless --exact. Files are written whole, mode 0600."),
    CLI_OPTS(activity_opts),
    0,
    0,
    NULL,
    N_("At least one of --out, --xlsx, --csv. Exit codes: 0 ok, 1 failure, 2 usage, 3 a bad "
       "model file or an unknown province. Definitions: docs/placements.md."),
};

int cmd_report_activity(cli_global *g, int argc, char **argv)
{
    activity_args a = {0};
    int rc = cli_parse(&activity_spec, argc, argv, &a, NULL, NULL);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    if (a.period && (a.from || a.to))
        return cli_usage_error("report activity", "give --period or --from and --to, not both");
    if (a.period && !vl_act_period_parse(a.period, &a.from, &a.to))
        return cli_usage_error("report activity",
                               "--period wants 2025, 2025H1, 2025Q3 or 2025-09, not '%s'",
                               a.period);
    if (!a.from || !a.to || a.to < a.from)
        return cli_usage_error("report activity",
                               "the period is --period P, or --from DATE --to DATE with "
                               "from <= to");
    if (!a.out && !a.xlsx && !a.csv)
        return cli_usage_error("report activity", "at least one of --out, --xlsx, --csv");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    char buf[4096];
    const char *mpath = a.model ? a.model : cli_model_path("matching.yaml", buf, sizeof buf);
    vl_match_model *model = NULL;
    vl_db *db = NULL;
    vl_dataset *ds = NULL;
    vl_referral_set *refs = NULL;
    vl_activity_data *extra = NULL;
    vl_activity *rep = NULL;
    int64_t run = 0;
    char *cmd = cli_command_line(g);
    vl_status st = cli_db_open(ctx, g->db_path, 0, a.province, &db);
    if (st == VL_OK)
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "report activity", mpath, NULL, 0, &run);
    if (st == VL_OK)
        st = vl_match_model_load(ctx, mpath, &model);
    vl_db_set_load_contacts(db, false); /* the report counts people and names none */
    if (st == VL_OK)
        st = vl_db_load_dataset_referrals(ctx, db, NULL, &ds, &refs);
    if (st == VL_OK)
        st = vl_db_load_activity_data(ctx, db, a.from / 10000, &extra);
    vl_activity_options o = {.from = a.from,
                             .to = a.to,
                             .lang = a.lang,
                             .exact = a.exact,
                             .model = model,
                             .title = a.title,
                             .as_of = a.as_of,
                             .provinces = a.province};
    if (st == VL_OK)
        st = vl_activity_create(ctx, ds, refs, extra, &o, &rep);
    if (st == VL_OK && a.out)
        st = vl_activity_html(ctx, rep, a.out);
    if (st == VL_OK && a.xlsx)
        st = vl_activity_xlsx(ctx, rep, a.xlsx);
    if (st == VL_OK && a.csv)
        st = vl_activity_csv(ctx, rep, a.csv);
    if (st == VL_OK && a.csv && strcmp(a.csv, "-") == 0)
        st = vl_output_check_stdout(ctx);
    if (run)
        vl_db_run_end(NULL, db, run, st, NULL);
    rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "report activity");
    if (st == VL_OK && !g->quiet)
        fprintf(stderr, _("vieclam: activity report %s%s%s%s%s%s%s\n"),
                a.exact ? _("(exact counts, for use inside the centre) ") : "", a.out ? a.out : "",
                a.out ? " " : "", a.xlsx ? a.xlsx : "", a.xlsx ? " " : "",
                a.csv && strcmp(a.csv, "-") != 0 ? a.csv : "", "");
    vl_activity_destroy(rep);
    vl_activity_data_destroy(extra);
    vl_referral_set_destroy(refs);
    vl_dataset_destroy(ds);
    vl_match_model_destroy(model);
    vl_db_close(db);
    free(cmd);
    vl_ctx_destroy(ctx);
    return rc;
}
