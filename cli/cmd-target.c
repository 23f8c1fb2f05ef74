/*
 * cmd-target.c - `vieclam target`: the year's targets the province sets for the centre
 * (`target set YEAR MEASURE=VALUE...`, `target clear YEAR MEASURE`, `target show YEAR`), which
 * the annual activity report sets against what was done. Setting and clearing are audited.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt.h"

typedef struct target_args {
    const char *province;
} target_args;

static const char *const target_words[] = {"set", "clear", "show", NULL};

static const cli_opt target_opts[] = {
    {"--province", N_("CODES"), CLI_STR, offsetof(target_args, province),
     N_("on an exchange of many provinces, the province whose targets are set or cleared (31), "
        "or the provinces whose targets show sums (31,01)"),
     NULL, N_("the whole database's targets")},
};

static const cli_spec target_spec = {
    "target",
    N_("vieclam [--db PATH] target set YEAR MEASURE=VALUE [MEASURE=VALUE ...] [--province CODE]\n"
       "       vieclam [--db PATH] target clear YEAR MEASURE [--province CODE]\n"
       "       vieclam [--db PATH] target show YEAR [--province CODES]"),
    N_("The year's targets of the centre, shown beside what was done in the annual activity "
       "report (vieclam report activity --period YEAR). MEASURE is one of: registered, "
       "counselled, referred, referrals, placed, placed_abroad, vacancies, positions, filled, "
       "fairs. VALUE is a whole number (people, positions, fairs). On an exchange of many "
       "provinces each province sets its own: --province 31 sets Hai Phong's (as its server's "
       "desk does); show sums the provinces named."),
    CLI_OPTS(target_opts),
    0,
    2 + 2 * VL_ACT_N_MEASURES,
    target_words,
    N_("Exit codes: 0 ok, 1 failure, 2 usage, 3 no such target (clear) or province."),
};

static bool parse_year(const char *s, int *year)
{
    long long y;
    if (!vl_parse_long(s, &y) || y < 1900 || y > 9999)
        return false;
    *year = (int)y;
    return true;
}

/* The provinces of --province by name ("Thành phố Hải Phòng, Thành phố Hà Nội"), a code the
 * database does not know as it is. */
static void province_names(vl_ctx *ctx, vl_db *db, const char *codes, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = codes; *p && n + 1 < size;) {
        size_t len = strcspn(p, ",");
        char code[32];
        snprintf(code, sizeof code, "%.*s", (int)(len < 31 ? len : 31), p);
        vl_area_list *l = NULL;
        const char *name = code;
        if (vl_area_get(ctx, db, code, 0, &l) == VL_OK && vl_area_list_count(l) == 1)
            name = vl_area_list_at(l, 0)->name;
        else
            vl_ctx_clear_error(ctx);
        int k = snprintf(out + n, size - n, "%s%s", n ? ", " : "", name);
        n = k < 0 ? n : n + (size_t)k < size ? n + (size_t)k : size - 1;
        vl_area_list_destroy(l);
        p += len + (p[len] == ',');
    }
}

int cmd_target(cli_global *g, int argc, char **argv)
{
    target_args a = {0};
    const char *pos[2 + 2 * VL_ACT_N_MEASURES] = {NULL};
    size_t npos = 0;
    int prc = cli_parse(&target_spec, argc, argv, &a, pos, &npos);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    const char *province = a.province;
    if (province && !*province)
        return cli_usage_error("target", "--province wants a province's code, e.g. 31");
    if (npos < 2)
        return cli_usage_error("target", "set, clear or show, then a year");
    const char *verb = pos[0];
    int year;
    bool set = strcmp(verb, "set") == 0, clear = strcmp(verb, "clear") == 0,
         show = strcmp(verb, "show") == 0;
    if (!set && !clear && !show)
        return cli_usage_error("target", "unknown action '%s' (set, clear, show)", verb);
    if (!parse_year(pos[1], &year))
        return cli_usage_error("target", "'%s' is not a year (1900..9999)", pos[1]);
    if (set && npos < 3)
        return cli_usage_error("target", "`target set` needs MEASURE=VALUE (e.g. placed=500)");
    if (clear && npos < 3)
        return cli_usage_error("target", "`target clear` needs the MEASURE to clear (e.g. placed)");
    if ((clear && npos > 3) || (show && npos > 2))
        return cli_usage_error("target", "unexpected argument '%s'", pos[show ? 2 : 3]);
    /* check every argument before touching the database: all or nothing */
    vl_act_measure ms[VL_ACT_N_MEASURES * 2];
    double vs[VL_ACT_N_MEASURES * 2];
    size_t n = 0;
    for (size_t i = 2; i < npos; i++) {
        char name[64];
        const char *eq = strchr(pos[i], '=');
        size_t len = eq ? (size_t)(eq - pos[i]) : strlen(pos[i]);
        snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), pos[i]);
        if ((set && !eq) || (clear && eq) || n == sizeof ms / sizeof ms[0])
            return cli_usage_error("target", "'%s': write MEASURE=VALUE", pos[i]);
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
        /* the report's words for each measure, and the code `target set` takes */
        const char *head[] = {_("measure"), _("code"), _("target")};
        cli_table *t = cli_table_new(3, head);
        cli_table_numeric(t, 2, true);
        for (int m = 0; t && m < VL_ACT_N_MEASURES; m++)
            if (has[m]) {
                char v[32];
                vl_format_number(v, sizeof v, target[m], 0, vl_language());
                const char *row[] = {vl_act_measure_label((vl_act_measure)m, NULL),
                                     vl_act_measure_name((vl_act_measure)m), v};
                cli_table_row(t, row);
            }
        if (province) {
            char names[512];
            province_names(ctx, db, province, names, sizeof names);
            printf(_("Targets of %d, %s:\n"), year, names);
        } else {
            printf(_("Targets of %d:\n"), year);
        }
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
