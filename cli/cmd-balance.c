/*
 * cmd-balance.c - `vieclam balance`: demand (vacancy positions) against supply (registered
 * seekers) by occupation group over the coming quarters, with the gap and its interval,
 * largest shortage first: where to order vocational training and where labour will be in
 * surplus. Both sides are reconciled forecasts by occupation (total = sum of groups), stored
 * as one run that `vieclam report forecast` shows.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* An occupation group's title in the language of messages (the bundled classification). */
static const char *group_name(const char *code)
{
    if (!code[0])
        return _("Total");
    const char *t = vl_occupation_title(code, NULL);
    return t ? t : code;
}

typedef struct balance_args {
    const char *db, *horizon, *model, *method, *origins, *format, *out, *province;
    bool derive, excel;
} balance_args;

static const char *def_method(char *buf, size_t size)
{
    vl_hier_options ho;
    vl_hier_options_init(&ho);
    snprintf(buf, size, "%s", vl_reconcile_name(ho.method));
    return buf;
}

static const char *def_model(char *buf, size_t size)
{
    vl_hier_options ho;
    vl_hier_options_init(&ho);
    snprintf(buf, size, "%s", ho.forecast.model ? ho.forecast.model : "auto");
    return buf;
}

static const char *const formats[] = {"table", "csv", "xlsx", NULL};

static const cli_opt balance_opts[] = {
    {"--db", N_("DB"), CLI_STR, offsetof(balance_args, db), N_("the database"), NULL,
     N_("the global --db")},
    {"--horizon", N_("H"), CLI_STR, offsetof(balance_args, horizon),
     N_("quarters ahead, 1..1000 (required)")},
    {"--province", N_("CODES"), CLI_STR, offsetof(balance_args, province),
     N_("on an exchange of many provinces: these provinces' balance (31 or 31,01), from their "
        "history, with their judgements")},
    {"--derive", NULL, CLI_FLAG, offsetof(balance_args, derive),
     N_("count the history from the vacancies and seekers even when rows are stored")},
    {"--model", N_("M"), CLI_STR, offsetof(balance_args, model),
     N_("the forecasting model of every group"), NULL, NULL, 0, 0, NULL, def_model},
    {"--method", N_("M"), CLI_STR, offsetof(balance_args, method),
     N_("reconciliation: mint_total, mint, bottom_up, top_down, ols, wls or none"), NULL, NULL, 0,
     0, NULL, def_method},
    {"--origins", N_("K"), CLI_STR, offsetof(balance_args, origins),
     N_("backtest origins for the accuracy before and after reconciliation, 0..100"), NULL,
     N_("none")},
    {"--format", N_("FMT"), CLI_CHOICE, offsetof(balance_args, format), N_("output format"),
     "table", NULL, 0, 0, formats},
    {"--out", N_("FILE"), CLI_STR, offsetof(balance_args, out), N_("write the table to FILE"), NULL,
     N_("standard output")},
    {"--excel", NULL, CLI_FLAG, offsetof(balance_args, excel),
     N_("CSV for a Vietnamese Excel: a byte order mark and ';' between cells")},
};

static const cli_spec balance_spec = {
    "balance",
    N_("vieclam balance [--db DB] --horizon H [options]"),
    /* xgettext:no-c-format */
    N_("Demand (vacancy positions) against supply (registered seekers) by occupation group, "
       "summed over the horizon, with the gap (demand - supply) and its 80% and 95% intervals, "
       "largest shortage first. The history is the stored rows with keys measure (demand, "
       "supply) and occupation, or, with --derive or when there are none, counted from the "
       "vacancies and seekers. The run is stored for `vieclam report forecast`."),
    CLI_OPTS(balance_opts),
    0,
    0,
    NULL,
    N_("CSV columns: occupation,demand,supply,gap,gap_lo80,gap_hi80,gap_lo95,gap_hi95.\nExit "
       "codes: 0 ok, 1 failure, 2 usage, 3 invalid data or option value."),
};

/* One side of the balance with the planner's judgement for it (stored with the run's end). */
static vl_status forecast_side(vl_ctx *ctx, const vl_history *h, const vl_hier_options *base,
                               const char *measure, vl_judgements *js, vl_hier **out)
{
    vl_hier_options o = *base;
    o.by[0] = "occupation";
    o.n_by = 1;
    o.where_key = "measure";
    o.where_value = measure;
    vl_status st = vl_judgements_apply(ctx, js, measure, &o, NULL);
    if (st == VL_OK)
        st = vl_hier_forecast(ctx, h, &o, out);
    if (st == VL_OK) /* before the other side's apply replaces what this one left out */
        cli_judged_report(*out, js, strcmp(measure, "demand") == 0 ? _("demand: ") : _("supply: "),
                          NULL);
    return st;
}

static bool has_key(const vl_history *h, const char *name)
{
    for (size_t k = 0; h && k < h->n_keys; k++)
        if (strcmp(h->key_names[k], name) == 0)
            return true;
    return false;
}

int cmd_balance(cli_global *g, int argc, char **argv)
{
    balance_args a = {0};
    int prc = cli_parse(&balance_spec, argc, argv, &a, NULL, NULL);
    if (prc != EXIT_OK)
        return prc == CLI_HELP_SHOWN ? EXIT_OK : prc;
    const char *db_path = a.db ? a.db : g->db_path, *horizon = a.horizon, *model = a.model;
    const char *method = a.method, *origins = a.origins, *format = a.format, *out = a.out;
    bool derive = a.derive;
    if (!horizon)
        return cli_usage_error("balance", "--horizon is required");
    vl_hier_options ho;
    vl_hier_options_init(&ho);
    if (!model) /* the planner's default model, the library's */
        model = ho.forecast.model ? ho.forecast.model : "auto";
    long long n;
    if (!vl_parse_long(horizon, &n) || n < 1 || n > 1000) {
        fprintf(stderr, "%s",
                _("vieclam balance: --horizon must be a whole number from 1 to 1000\n"));
        return EXIT_DATA;
    }
    ho.forecast.horizon = (size_t)n;
    if (model && !vl_forecast_model_summary(model)) {
        fprintf(stderr, _("vieclam balance: unknown model '%s'\n"), model);
        return EXIT_DATA;
    }
    if (model)
        ho.forecast.model = model;
    if (method && !vl_reconcile_parse(method, &ho.method))
        return cli_usage_error("balance", "unknown --method '%s'", method);
    if (origins) {
        if (!vl_parse_long(origins, &n) || n < 0 || n > 100)
            return cli_usage_error("balance", "--origins takes 0 to 100");
        ho.forecast.origins = (size_t)n;
    }
    if (a.excel && !a.format)
        format = "csv";
    int src = cli_sheet_options("balance", &format, a.excel, out, "balance");
    if (src != EXIT_OK)
        return src;
    cli_format fmt = FMT_TABLE;
    if (format && (!cli_parse_format(format, &fmt) || fmt == FMT_JSON))
        return cli_usage_error("balance", "--format takes table, csv or xlsx");

    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    vl_history *h = NULL;
    vl_hier *dem = NULL, *sup = NULL;
    vl_balance *bal = NULL;
    int64_t run = 0;
    vl_status st = cli_db_open(ctx, db_path, 0, a.province, &db);
    if (st == VL_OK && !derive) {
        st = vl_db_load_history(ctx, db, &h);
        if (st == VL_OK &&
            (!has_key(h, "measure") || !has_key(h, "occupation") || h->n_rows == 0)) {
            fprintf(stderr, "%s",
                    _("vieclam balance: the stored history has no measure/occupation "
                      "rows; counting demand and supply from the vacancies and seekers\n"));
            vl_history_destroy(h);
            h = NULL;
            derive = true;
        }
    }
    if (st == VL_OK && derive)
        st = vl_db_derive_history(ctx, db, &h);
    if (st == VL_OK) {
        char *cmdline = cli_command_line(g);
        st = vl_db_run_begin(ctx, db, cmdline ? cmdline : "vieclam balance", NULL, NULL, 0, &run);
        free(cmdline);
    }
    vl_judgements *js = NULL;
    if (st == VL_OK)
        st = vl_db_load_judgements(ctx, db, true, &js);
    if (st == VL_OK)
        st = forecast_side(ctx, h, &ho, "demand", js, &dem);
    if (st == VL_OK)
        st = forecast_side(ctx, h, &ho, "supply", js, &sup);
    if (st == VL_OK)
        st = vl_balance_compute(ctx, dem, sup, &bal);
    /* the output first, then the stored forecasts with the run's end (ok): a run killed
     * between the two leaves a whole file and a run the next start marks interrupted, never
     * a run recorded ok without its file */
    int rc = EXIT_OK;
    if (st == VL_OK) {
        vl_output *o = NULL;
        FILE *f = cli_open_out(ctx, out, &o);
        if (!f) {
            st = VL_ERR_IO;
        } else {
            char p1[16], p2[16];
            vl_period_format(vl_hier_period(dem, 0), p1, sizeof p1);
            vl_period_format(vl_hier_period(dem, ho.forecast.horizon - 1), p2, sizeof p2);
            const char *head[] = {_("occupation"), _("group"),     _("demand"),    _("supply"),
                                  _("gap"),        _("gap lo 80"), _("gap hi 80"), _("outlook")};
            cli_table *t = NULL;
            if (fmt == FMT_TABLE) {
                fprintf(f, _("run %lld: labour balance %s..%s (sums over %zu quarters)\n"),
                        (long long)run, p1, p2, ho.forecast.horizon);
                t = cli_table_new(8, head);
                for (size_t c = 2; c < 7; c++)
                    cli_table_numeric(t, c, true);
            } else {
                static const char *const csv_head[] = {"occupation", "demand",   "supply",
                                                       "gap",        "gap_lo80", "gap_hi80",
                                                       "gap_lo95",   "gap_hi95"};
                /* a workbook is for people: the table's words */
                const char *const xlsx_head[] = {_("occupation"), _("demand"),    _("supply"),
                                                 _("gap"),        _("gap lo 80"), _("gap hi 80"),
                                                 _("gap lo 95"),  _("gap hi 95")};
                cli_csv_row(f, 8, cli_sheet_xlsx() ? xlsx_head : csv_head);
            }
            for (size_t i = 0; i < vl_balance_count(bal); i++) {
                const vl_balance_row *r = vl_balance_get(bal, i);
                char v[7][40];
                const char *outlook = r->gap_lo80 > 0   ? _("shortage: train")
                                      : r->gap_hi80 < 0 ? _("surplus")
                                                        : _("balanced");
                if (t) {
                    const char *cells[] = {r->occupation[0] ? r->occupation : _("all"),
                                           group_name(r->occupation),
                                           cli_num(v[0], 40, r->demand, 0),
                                           cli_num(v[1], 40, r->supply, 0),
                                           cli_num(v[2], 40, r->gap, 0),
                                           cli_num(v[3], 40, r->gap_lo80, 0),
                                           cli_num(v[4], 40, r->gap_hi80, 0),
                                           outlook};
                    cli_table_row(t, cells);
                } else {
                    const char *cells[] = {r->occupation[0] ? r->occupation : "all",
                                           vl_format_double(v[0], 40, r->demand, 10),
                                           vl_format_double(v[1], 40, r->supply, 10),
                                           vl_format_double(v[2], 40, r->gap, 10),
                                           vl_format_double(v[3], 40, r->gap_lo80, 10),
                                           vl_format_double(v[4], 40, r->gap_hi80, 10),
                                           vl_format_double(v[5], 40, r->gap_lo95, 10),
                                           vl_format_double(v[6], 40, r->gap_hi95, 10)};
                    cli_csv_row(f, 8, cells);
                }
            }
            if (t) {
                cli_table_print(t, f);
                cli_table_free(t);
            }
            st = cli_close_out(ctx, o, VL_OK);
        }
    }
    if (run > 0) {
        /* both sides' choices and evidence, as forecast --by stores them */
        char *summary = st == VL_OK
                            ? vl_balance_summary_json(dem, sup, bal ? vl_balance_count(bal) - 1 : 0)
                            : NULL;
        if (st == VL_OK) {
            const char *kinds[] = {"demand", "supply"};
            const vl_hier *hs[] = {dem, sup};
            st = summary ? vl_db_store_hier_run(ctx, db, run, 2, kinds, hs, js, summary)
                         : VL_ERR_NOMEM;
        }
        if (st != VL_OK)
            vl_db_run_end(NULL, db, run, st, NULL);
        free(summary);
    }
    vl_judgements_destroy(js);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "balance");
    } else {
        if (fmt != FMT_TABLE)
            fprintf(stderr, _("run %lld\n"), (long long)run);
        FILE *info = fmt == FMT_TABLE && !out ? stdout : stderr;
        /* xgettext:no-c-format */
        fputs(_("the outlook uses the gap's 80% interval: a shortage when all of it is above "
                "0, a surplus when all of it is below\n"),
              info);
        fputs(_("demand: "), info);
        cli_hier_report(info, dem);
        fputs(_("supply: "), info);
        cli_hier_report(info, sup);
    }
    vl_balance_destroy(bal);
    vl_hier_destroy(dem);
    vl_hier_destroy(sup);
    vl_history_destroy(h);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
