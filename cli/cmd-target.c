/*
 * cmd-target.c - `vieclam target`: the year's targets the province sets for the centre
 * (`target set YEAR MEASURE=VALUE...`, `target clear YEAR MEASURE`, `target show YEAR`), which
 * the annual activity report sets against what was done. Setting and clearing are audited.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "%s",
            _("usage: vieclam target set YEAR MEASURE=VALUE [MEASURE=VALUE ...] [--province CODE]\n"
              "       vieclam target clear YEAR MEASURE [--province CODE]\n"
              "       vieclam target show YEAR [--province CODE[,CODE...]]\n\n"
              "The year's targets of the centre, shown beside what was done in the annual\n"
              "activity report (vieclam report activity --period YEAR). MEASURE is one of:\n"
              "registered, counselled, referred, referrals, placed, placed_abroad, vacancies,\n"
              "positions, filled, fairs. VALUE is a whole number (people, positions, fairs).\n"
              "On an exchange of many provinces each province sets its own: --province 31\n"
              "sets Hai Phong's (as its server's desk does); show sums the provinces named.\n"
              "Without --province the targets are the whole database's.\n"
              "Exit codes: 0 ok, 1 failure, 2 usage, 3 no such target (clear) or province.\n"));
}

static bool parse_year(const char *s, int *year)
{
    long long y;
    if (!vl_parse_long(s, &y) || y < 1900 || y > 9999)
        return false;
    *year = (int)y;
    return true;
}

int cmd_target(cli_global *g, int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return EXIT_OK;
    }
    /* --province CODES, wherever it stands: the rest are the action's words */
    const char *province = NULL;
    int kept = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--province") == 0) {
            if (i + 1 == argc || !argv[i + 1][0])
                return cli_usage_error("target", "--province wants a province's code, e.g. 31");
            province = argv[++i];
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    if (argc < 3) {
        usage(stderr);
        return cli_usage_error("target", "set, clear or show, then a year");
    }
    const char *verb = argv[1];
    int year;
    if (!parse_year(argv[2], &year))
        return cli_usage_error("target", "'%s' is not a year (1900..9999)", argv[2]);
    bool set = strcmp(verb, "set") == 0, clear = strcmp(verb, "clear") == 0,
         show = strcmp(verb, "show") == 0;
    if (!set && !clear && !show)
        return cli_usage_error("target", "unknown action '%s' (set, clear, show)", verb);
    if ((set && argc < 4) || (clear && argc != 4) || (show && argc != 3))
        return cli_usage_error("target", "see `vieclam target --help`");
    /* check every argument before touching the database: all or nothing */
    vl_act_measure ms[VL_ACT_N_MEASURES * 2];
    double vs[VL_ACT_N_MEASURES * 2];
    size_t n = 0;
    for (int i = 3; i < argc; i++) {
        char name[64];
        const char *eq = strchr(argv[i], '=');
        size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), argv[i]);
        if ((set && !eq) || (clear && eq) || n == sizeof ms / sizeof ms[0])
            return cli_usage_error("target", "'%s': write MEASURE=VALUE", argv[i]);
        if (!vl_act_measure_parse(name, &ms[n]))
            return cli_usage_error("target",
                                   "unknown measure '%s' (registered, counselled, referred, "
                                   "referrals, placed, placed_abroad, vacancies, positions, "
                                   "filled, fairs)",
                                   name);
        long long v = 0;
        if (set && (!vl_parse_long(eq + 1, &v) || v < 0))
            return cli_usage_error("target", "'%s' is not a whole number >= 0", eq + 1);
        vs[n++] = (double)v;
    }
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    int64_t run = 0;
    char *cmd = cli_command_line(g);
    vl_status st = cli_db_open(ctx, g->db_path, 0, province, &db);
    if (st == VL_OK && !show)
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "target", NULL, NULL, 0, &run);
    for (size_t i = 0; st == VL_OK && i < n; i++)
        st = set ? vl_db_target_set(ctx, db, year, ms[i], vs[i])
                 : vl_db_target_clear(ctx, db, year, ms[i]);
    bool has[VL_ACT_N_MEASURES];
    double target[VL_ACT_N_MEASURES];
    if (st == VL_OK)
        st = vl_db_targets_get(ctx, db, year, has, target);
    if (st == VL_OK) {
        const char *head[] = {_("measure"), _("target")};
        cli_table *t = cli_table_new(2, head);
        cli_table_numeric(t, 1, true);
        for (int m = 0; t && m < VL_ACT_N_MEASURES; m++)
            if (has[m]) {
                char v[32];
                vl_format_number(v, sizeof v, target[m], 0, vl_language());
                const char *row[] = {vl_act_measure_name((vl_act_measure)m), v};
                cli_table_row(t, row);
            }
        if (province)
            printf(_("Targets of %d, province %s:\n"), year, province);
        else
            printf(_("Targets of %d:\n"), year);
        cli_table_print(t, stdout);
        cli_table_free(t);
    }
    if (run)
        vl_db_run_end(NULL, db, run, st, NULL);
    int rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "target");
    vl_db_close(db);
    free(cmd);
    vl_ctx_destroy(ctx);
    return rc;
}
