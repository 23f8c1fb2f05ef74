/*
 * cmd-balance.c - `vieclam balance`: demand (vacancy positions) against supply (registered
 * seekers) by occupation group over the coming quarters, with the gap and its interval,
 * largest shortage first: where to order vocational training and where labour will be in
 * surplus. Both sides are reconciled forecasts by occupation (total = sum of groups), stored
 * as one run that `vieclam report forecast` shows.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ISCO-08 / VSCO 2020 major groups, for the table (the report names them from the database). */
static const char *group_name(const char *code)
{
    static const char *const names[] = {
        "Lực lượng quân đội",
        "Nhà lãnh đạo",
        "Chuyên môn kỹ thuật bậc cao",
        "Chuyên môn kỹ thuật bậc trung",
        "Nhân viên trợ lý văn phòng",
        "Dịch vụ cá nhân, bảo vệ, bán hàng",
        "Nông, lâm, thủy sản có kỹ năng",
        "Thợ thủ công và nghề liên quan",
        "Thợ lắp ráp, vận hành máy móc",
        "Lao động giản đơn",
    };
    if (!code[0])
        return "Tổng";
    if (code[0] >= '0' && code[0] <= '9' && !code[1])
        return names[code[0] - '0'];
    return code;
}

static int usage(void)
{
    printf("usage: vieclam balance [--db DB] --horizon H [--derive] [--model M] "
           "[--method mint_total|mint|bottom_up|top_down|ols|wls|none] [--origins K] "
           "[--format table|csv] [--out FILE]\n"
           "  history: stored rows with keys measure (demand|supply) and occupation, or with\n"
           "  --derive (or when there are none) counted from the vacancies and seekers\n");
    return EXIT_OK;
}

static vl_status forecast_side(vl_ctx *ctx, const vl_history *h, const vl_hier_options *base,
                               const char *measure, vl_hier **out)
{
    vl_hier_options o = *base;
    o.by[0] = "occupation";
    o.n_by = 1;
    o.where_key = "measure";
    o.where_value = measure;
    return vl_hier_forecast(ctx, h, &o, out);
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
    const char *db_path = g->db_path, *horizon = NULL, *model = "theta", *method = NULL;
    const char *origins = NULL, *format = NULL, *out = NULL;
    bool derive = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0)
            return usage();
        if (strcmp(a, "--derive") == 0) {
            derive = true;
            continue;
        }
        if (i + 1 >= argc)
            return cli_usage_error("balance", "unknown option or missing value: '%s'", a);
        const char *v = argv[++i];
        if (strcmp(a, "--db") == 0)
            db_path = v;
        else if (strcmp(a, "--horizon") == 0 || strcmp(a, "-h") == 0)
            horizon = v;
        else if (strcmp(a, "--model") == 0)
            model = v;
        else if (strcmp(a, "--method") == 0)
            method = v;
        else if (strcmp(a, "--origins") == 0)
            origins = v;
        else if (strcmp(a, "--format") == 0)
            format = v;
        else if (strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0)
            out = v;
        else
            return cli_usage_error("balance", "unknown option '%s' (see --help)", a);
    }
    if (!horizon)
        return cli_usage_error("balance", "--horizon is required");
    vl_hier_options ho;
    vl_hier_options_init(&ho);
    long long n;
    if (!vl_parse_long(horizon, &n) || n < 1 || n > 1000) {
        fprintf(stderr, "vieclam balance: --horizon must be a whole number from 1 to 1000\n");
        return EXIT_DATA;
    }
    ho.forecast.horizon = (size_t)n;
    if (!vl_forecast_model_summary(model)) {
        fprintf(stderr, "vieclam balance: unknown model '%s'\n", model);
        return EXIT_DATA;
    }
    ho.forecast.model = model;
    if (method && !vl_reconcile_parse(method, &ho.method))
        return cli_usage_error("balance", "unknown --method '%s'", method);
    if (origins) {
        if (!vl_parse_long(origins, &n) || n < 0 || n > 100)
            return cli_usage_error("balance", "--origins takes 0 to 100");
        ho.forecast.origins = (size_t)n;
    }
    cli_format fmt = FMT_TABLE;
    if (format && (!cli_parse_format(format, &fmt) || fmt == FMT_JSON))
        return cli_usage_error("balance", "--format takes table or csv");

    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    vl_history *h = NULL;
    vl_hier *dem = NULL, *sup = NULL;
    vl_balance *bal = NULL;
    int64_t run = 0;
    vl_status st = vl_db_open(ctx, db_path, 0, &db);
    if (st == VL_OK && !derive) {
        st = vl_db_load_history(ctx, db, &h);
        if (st == VL_OK && (!has_key(h, "measure") || !has_key(h, "occupation"))) {
            fprintf(stderr, "vieclam balance: the stored history has no measure/occupation "
                            "rows; counting demand and supply from the vacancies and seekers\n");
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
    if (st == VL_OK)
        st = forecast_side(ctx, h, &ho, "demand", &dem);
    if (st == VL_OK)
        st = forecast_side(ctx, h, &ho, "supply", &sup);
    if (st == VL_OK)
        st = vl_balance_compute(ctx, dem, sup, &bal);
    if (st == VL_OK)
        st = vl_db_store_hier(ctx, db, run, "demand", dem);
    if (st == VL_OK)
        st = vl_db_store_hier(ctx, db, run, "supply", sup);
    if (run > 0) {
        char summary[256];
        snprintf(summary, sizeof summary,
                 "{\"kind\": \"balance\", \"method\": \"%s\", \"horizon\": %zu, \"groups\": %zu}",
                 vl_reconcile_name(ho.method), ho.forecast.horizon,
                 bal ? vl_balance_count(bal) - 1 : 0);
        vl_status end = vl_db_run_end(ctx, db, run, st, st == VL_OK ? summary : NULL);
        if (st == VL_OK)
            st = end;
    }
    int rc = EXIT_OK;
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "balance");
    } else {
        vl_output *o = NULL;
        FILE *f = cli_open_out(ctx, out, &o);
        if (!f) {
            rc = cli_fail(ctx, VL_ERR_IO, "balance");
        } else {
            char p1[16], p2[16];
            vl_period_format(vl_hier_period(dem, 0), p1, sizeof p1);
            vl_period_format(vl_hier_period(dem, ho.forecast.horizon - 1), p2, sizeof p2);
            static const char *const head[] = {"occupation", "group",    "demand",   "supply",
                                               "gap",        "gap_lo95", "gap_hi95", "outlook"};
            cli_table *t = NULL;
            if (fmt == FMT_TABLE) {
                fprintf(f, "run %lld: labour balance %s..%s (sums over %zu quarters)\n",
                        (long long)run, p1, p2, ho.forecast.horizon);
                t = cli_table_new(8, head);
                for (size_t c = 2; c < 7; c++)
                    cli_table_numeric(t, c, true);
            } else {
                static const char *const csv_head[] = {"occupation", "demand",   "supply",
                                                       "gap",        "gap_lo80", "gap_hi80",
                                                       "gap_lo95",   "gap_hi95"};
                cli_csv_row(f, 8, csv_head);
            }
            for (size_t i = 0; i < vl_balance_count(bal); i++) {
                const vl_balance_row *r = vl_balance_get(bal, i);
                char v[7][40];
                const char *outlook = r->gap_lo80 > 0   ? "shortage: train"
                                      : r->gap_hi80 < 0 ? "surplus"
                                                        : "balanced";
                if (t) {
                    const char *cells[] = {r->occupation[0] ? r->occupation : "all",
                                           group_name(r->occupation),
                                           vl_format_fixed(v[0], 40, r->demand, 0),
                                           vl_format_fixed(v[1], 40, r->supply, 0),
                                           vl_format_fixed(v[2], 40, r->gap, 0),
                                           vl_format_fixed(v[3], 40, r->gap_lo95, 0),
                                           vl_format_fixed(v[4], 40, r->gap_hi95, 0),
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
            vl_status wst = cli_close_out(ctx, o, VL_OK);
            rc = wst == VL_OK ? EXIT_OK : cli_fail(ctx, wst, "balance");
            if (fmt != FMT_TABLE)
                fprintf(stderr, "run %lld\n", (long long)run);
        }
    }
    vl_balance_destroy(bal);
    vl_hier_destroy(dem);
    vl_hier_destroy(sup);
    vl_history_destroy(h);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
