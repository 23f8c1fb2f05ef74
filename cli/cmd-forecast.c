/*
 * cmd-forecast.c - `vieclam forecast` (point forecasts and intervals per series, CSV or JSON)
 * and `vieclam backtest` (rolling-origin accuracy per series and model, table, CSV or JSON).
 *
 * Layout: option parsing into fc_cli (shared by both commands), input loading (--history FILE or
 * --db), writers, then the commands. Hierarchical forecasting (--by) is a separate branch,
 * forecast_by(), owned by the planner module.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct fc_cli {
    const char *history; /* --history FILE */
    bool use_db;         /* --db [PATH] */
    const char *db_opt;  /* --db's value: "" without one */
    const char *db_path;
    const char *horizon; /* text, validated by the engine (exit 3 on a bad value) */
    const char *model;
    const char *models; /* backtest: comma list */
    const char *levels;
    const char *origins;
    const char *fill;
    const char *out;
    const char *format;
    bool excel;
    const char *by; /* --by key,key (hierarchical branch) */
    const char *method;
    const char *series; /* --series NAME (hierarchical branch) */
    bool derive;        /* --derive: history from vacancies and seekers (hierarchical branch) */
    const char *areas;  /* --areas provinces|communes: map area codes across the reform */
    const char *area_groups; /* --area-groups FILE: current communes to groups (planning zones) */
    const char *area_key;    /* --area-key KEY: the key column holding area codes */
    const char *province;    /* --province CODES: with --db, these provinces' history and runs */
    vl_forecast_options opt;
} fc_cli;

/* ---- options: one table per command; defaults read from the library's options ---------- */

static const char *def_model(char *buf, size_t size)
{
    vl_forecast_options o;
    vl_forecast_options_init(&o);
    vl_hier_options h;
    vl_hier_options_init(&h);
    const char *m = o.model ? o.model : "auto", *hm = h.forecast.model ? h.forecast.model : "auto";
    if (strcmp(m, hm) == 0)
        snprintf(buf, size, "%s", m);
    else
        snprintf(buf, size, _("%s; %s with --by"), m, hm);
    return buf;
}

static const char *def_origins(char *buf, size_t size)
{
    vl_hier_options h;
    vl_hier_options_init(&h);
    snprintf(buf, size, _("none; %zu with --by"), h.forecast.origins);
    return buf;
}

static const char *def_method(char *buf, size_t size)
{
    vl_hier_options h;
    vl_hier_options_init(&h);
    snprintf(buf, size, "%s", vl_reconcile_name(h.method));
    return buf;
}

static const char *def_levels(char *buf, size_t size)
{
    vl_forecast_options o;
    vl_forecast_options_init(&o);
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < o.n_levels && len < size; i++) {
        char t[32];
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "," : "",
                                vl_format_double(t, sizeof t, o.levels[i], 6));
    }
    return buf;
}

static const char *def_fill(char *buf, size_t size)
{
    static const char *const names[] = {"none", "linear", "zero"};
    vl_forecast_options o;
    vl_forecast_options_init(&o);
    snprintf(buf, size, "none");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        vl_forecast_fill f;
        if (vl_forecast_fill_parse(names[i], &f) && f == o.fill)
            snprintf(buf, size, "%s", names[i]);
    }
    return buf;
}

#define FC_COMMON_OPTS                                                                             \
    {"--history", N_("FILE"), CLI_STR, offsetof(fc_cli, history),                                  \
     N_("the history CSV (series,period,value and key columns)")},                                 \
        {"--db", N_("DB"), CLI_OPTSTR, offsetof(fc_cli, db_opt),                                   \
         N_("read the history stored in the database (DB, else the global --db)")},                \
        {"--province", N_("CODES"), CLI_STR, offsetof(fc_cli, province),                           \
         N_("with --db, on an exchange of many provinces: these provinces' history (31 or "        \
            "31,01), their judgements and runs")},                                                 \
        {"--horizon", N_("H"), CLI_STR, offsetof(fc_cli, horizon),                                 \
         N_("periods ahead, 1..1000 (required)")},                                                 \
        {"--level",                                                                                \
         N_("L,L"),                                                                                \
         CLI_STR,                                                                                  \
         offsetof(fc_cli, levels),                                                                 \
         N_("interval levels in percent, up to 8, each in (0, 100)"),                              \
         NULL,                                                                                     \
         NULL,                                                                                     \
         0,                                                                                        \
         0,                                                                                        \
         NULL,                                                                                     \
         def_levels},                                                                              \
        {"--fill",                                                                                 \
         N_("HOW"),                                                                                \
         CLI_STR,                                                                                  \
         offsetof(fc_cli, fill),                                                                   \
         N_("missing periods inside a series: none (adjacent), linear or zero"),                   \
         NULL,                                                                                     \
         NULL,                                                                                     \
         0,                                                                                        \
         0,                                                                                        \
         NULL,                                                                                     \
         def_fill},                                                                                \
    {                                                                                              \
        "--out", N_("FILE"), CLI_STR, offsetof(fc_cli, out), N_("write the results to FILE"),      \
            NULL, N_("standard output")                                                            \
    }

static const char *const area_levels[] = {"provinces", "communes", NULL};

static const cli_opt forecast_opts[] = {
    FC_COMMON_OPTS,
    {"--model", N_("M"), CLI_STR, offsetof(fc_cli, model),
     N_("the model of every series (docs/forecasting.md; an unknown name lists them all)"), NULL,
     NULL, 0, 0, NULL, def_model},
    {"--origins", N_("K"), CLI_STR, offsetof(fc_cli, origins),
     N_("also backtest the model at K rolling origins (1..1000; shown in JSON)"), NULL, NULL, 0, 0,
     NULL, def_origins},
    {"--format", N_("FMT"), CLI_STR, offsetof(fc_cli, format), N_("csv, json or xlsx (with --out)"),
     "csv"},
    {"--excel", NULL, CLI_FLAG, offsetof(fc_cli, excel),
     N_("CSV for a Vietnamese Excel: a byte order mark and ';' between cells")},
    {"--by", N_("KEYS"), CLI_STR, offsetof(fc_cli, by),
     N_("hierarchical forecasts: up to 3 key columns (area,industry), reconciled")},
    {"--method", N_("M"), CLI_STR, offsetof(fc_cli, method),
     N_("with --by: auto (the method that did best at the rolling origins), mint_total, mint, "
        "wls, ols, bottom_up, top_down or none"),
     NULL, NULL, 0, 0, NULL, def_method},
    {"--series", N_("NAME"), CLI_STR, offsetof(fc_cli, series),
     N_("with --by: only the history rows of this series"), NULL, N_("every row")},
    {"--derive", NULL, CLI_FLAG, offsetof(fc_cli, derive),
     N_("with --by and --db: count the history from vacancies (demand) and seekers (supply)")},
    {"--areas", N_("LEVEL"), CLI_CHOICE, offsetof(fc_cli, areas),
     N_("with --by: read the area key's codes at each period (pre-reform districts and communes "
        "too) and map them to the current provinces or communes; a divided area is shared by "
        "estimated area (docs/reference-data.md)"),
     NULL, N_("no mapping"), 0, 0, area_levels},
    {"--area-groups", N_("FILE"), CLI_STR, offsetof(fc_cli, area_groups),
     N_("with --by: a CSV area,group gathering current communes into groups such as the "
        "province's planning zones; the area key then holds the group (implies --areas "
        "communes)")},
    {"--area-key", N_("KEY"), CLI_STR, offsetof(fc_cli, area_key),
     N_("with --areas or --area-groups: the key column holding area codes"), "area"},
};

static const cli_opt backtest_opts[] = {
    FC_COMMON_OPTS,
    {"--models", N_("LIST"), CLI_STR, offsetof(fc_cli, models),
     N_("models to compare, comma-separated"), "auto,ets,arima,theta,naive2"},
    {"--model", N_("M"), CLI_STR, offsetof(fc_cli, model), N_("one model (as --models M)")},
    {"--origins", N_("K"), CLI_STR, offsetof(fc_cli, origins),
     N_("rolling origins; the last ends at the last observation"), "1"},
    {"--format", N_("FMT"), CLI_STR, offsetof(fc_cli, format), N_("table, csv or json"), "table"},
};

static const cli_spec forecast_spec = {
    "forecast",
    N_("vieclam forecast (--history FILE | --db [DB]) --horizon H [options]\n"
       "       vieclam forecast (--history FILE | --db [DB]) --by KEY[,KEY...] --horizon H "
       "[options]"),
    N_("Forecasts every series of a history (CSV or the database) H periods ahead, with "
       "intervals, one row per series and period (series,period,model,mean,lo80,hi80,...). "
       "With --by, forecasts every node of the hierarchy the key columns define and reconciles "
       "them so every level adds up; with --db the run is stored. Series run in parallel "
       "(--threads); the output is the same for any thread count and any locale. Models and "
       "methods: docs/forecasting.md, docs/planner-guide.md."),
    CLI_OPTS(forecast_opts),
    0,
    0,
    NULL,
    N_("Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid data or option value (a bad --horizon, "
       "an unknown model or period format, duplicate periods)."),
};

static const cli_spec backtest_spec = {
    "backtest",
    N_("vieclam backtest (--history FILE | --db [DB]) --horizon H [options]"),
    N_("Rolling-origin accuracy of each model on each series: smape, mase, rmsse, coverage and "
       "MSIS per interval level, and what each model ran at the last origin; the (all) rows "
       "average over the series that had an origin."),
    CLI_OPTS(backtest_opts),
    0,
    0,
    NULL,
    N_("Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid data or option value."),
};

static int parse_args(const char *cmd, cli_global *g, int argc, char **argv, fc_cli *o)
{
    memset(o, 0, sizeof *o);
    int rc = cli_parse(strcmp(cmd, "forecast") == 0 ? &forecast_spec : &backtest_spec, argc, argv,
                       o, NULL, NULL);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? -1 : rc;
    o->use_db = o->db_opt != NULL;
    o->db_path = o->db_opt && *o->db_opt ? o->db_opt : g->db_path;
    if (!o->history && !o->use_db)
        return cli_usage_error(cmd, "--history FILE or --db is required");
    if (o->history && o->use_db)
        return cli_usage_error(cmd, "give --history or --db, not both");
    if (o->province && !o->use_db)
        return cli_usage_error(cmd, "--province reads the database: give --db");
    if (!o->horizon)
        return cli_usage_error(cmd, "--horizon is required");
    return 0;
}

/* Turns option texts into engine options; a bad value is invalid data (exit 3). */
static int build_options(const char *cmd, fc_cli *o)
{
    vl_forecast_options *opt = &o->opt;
    vl_forecast_options_init(opt);
    char *end;
    long h = strtol(o->horizon, &end, 10);
    if (*o->horizon == '\0' || *end != '\0' || h <= 0 || h > 1000) {
        fprintf(stderr,
                _("vieclam %s: --horizon must be a whole number from 1 to 1000, got '%s'\n"), cmd,
                o->horizon);
        return EXIT_DATA;
    }
    opt->horizon = (size_t)h;
    if (o->model) {
        if (!vl_forecast_model_summary(o->model)) {
            fprintf(stderr, _("vieclam %s: unknown model '%s'; models:"), cmd, o->model);
            for (size_t i = 0; vl_forecast_model_name(i); i++)
                fprintf(stderr, " %s", vl_forecast_model_name(i));
            fprintf(stderr, "\n");
            return EXIT_DATA;
        }
        opt->model = o->model;
    }
    if (o->levels) {
        opt->n_levels = 0;
        char *copy = strdup(o->levels);
        for (char *save = NULL, *t = strtok_r(copy, ",", &save); t;
             t = strtok_r(NULL, ",", &save)) {
            double v;
            if (opt->n_levels == VL_FORECAST_MAX_LEVELS || !vl_parse_double(t, &v) || !(v > 0) ||
                !(v < 100)) {
                fprintf(stderr,
                        _("vieclam %s: --level takes up to %d percentages in (0, 100), got '%s'\n"),
                        cmd, VL_FORECAST_MAX_LEVELS, o->levels);
                free(copy);
                return EXIT_DATA;
            }
            opt->levels[opt->n_levels++] = v;
        }
        free(copy);
    }
    if (o->origins) {
        long k = strtol(o->origins, &end, 10);
        if (*o->origins == '\0' || *end != '\0' || k < 1 || k > 1000) {
            fprintf(stderr, _("vieclam %s: --origins must be a whole number from 1 to 1000\n"),
                    cmd);
            return EXIT_DATA;
        }
        opt->origins = (size_t)k;
    }
    if (o->fill && !vl_forecast_fill_parse(o->fill, &opt->fill)) {
        fprintf(stderr, _("vieclam %s: --fill takes none, linear or zero, got '%s'\n"), cmd,
                o->fill);
        return EXIT_DATA;
    }
    return 0;
}

static vl_status load_history(vl_ctx *ctx, const fc_cli *o, vl_history **h)
{
    if (o->history)
        return vl_history_read_csv(ctx, o->history, h);
    vl_db *db = NULL;
    vl_status st = cli_db_open(ctx, o->db_path, VL_DB_READONLY, o->province, &db);
    if (st == VL_OK)
        st = vl_db_load_history(ctx, db, h);
    vl_db_close(db);
    return st;
}

/* ---- writers --------------------------------------------------------------------------- */

static const char *num(char *buf, size_t size, double v)
{
    return vl_format_double(buf, size, v, 10);
}

/* A number in JSON: null where there is none (a series too short for an origin), never nan. */
static const char *jnum(char *buf, size_t size, double v)
{
    return isfinite(v) ? num(buf, size, v) : "null";
}

static void level_name(char *buf, size_t size, const char *prefix, double level)
{
    char t[32];
    vl_format_double(t, sizeof t, level, 6);
    snprintf(buf, size, "%s%s", prefix, t);
}

/* The header of a level's bound: the CSV's code (lo80), in a workbook for people the words in
 * their language ("lo 80", as the balance workbook heads its bounds). */
static void level_head(char *buf, size_t size, bool lo, double level)
{
    if (!cli_sheet_xlsx()) {
        level_name(buf, size, lo ? "lo" : "hi", level);
        return;
    }
    char t[32];
    vl_format_double(t, sizeof t, level, 6);
    snprintf(buf, size, lo ? _("lo %s") : _("hi %s"), t);
}

/* A column's header: the CSV's code, its words in a workbook (msgid the code). */
static const char *col_head(const char *code)
{
    return cli_sheet_xlsx() ? _(code) : code;
}

/* The forecasts as CSV: series, its key columns when the history has them (two series of one
 * name are told apart by them), period, model, mean and the bounds of each level. */
static void write_forecast_csv(FILE *f, const vl_forecast *fc)
{
    enum { KEYS_MAX = 16 };
    size_t nl = vl_forecast_n_levels(fc), h = vl_forecast_horizon(fc);
    size_t nk = vl_forecast_n_keys(fc) < KEYS_MAX ? vl_forecast_n_keys(fc) : KEYS_MAX;
    size_t ncols = 4 + nk + 2 * nl;
    char hdr[2 * VL_FORECAST_MAX_LEVELS][40];
    const char *cells[4 + KEYS_MAX + 2 * VL_FORECAST_MAX_LEVELS] = {col_head(N_("series"))};
    for (size_t k = 0; k < nk; k++)
        cells[1 + k] = vl_forecast_key_name(fc, k);
    cells[1 + nk] = col_head(N_("period"));
    cells[2 + nk] = col_head(N_("model"));
    cells[3 + nk] = col_head(N_("mean"));
    for (size_t l = 0; l < nl; l++) {
        level_head(hdr[2 * l], sizeof hdr[0], true, vl_forecast_level(fc, l));
        level_head(hdr[2 * l + 1], sizeof hdr[0], false, vl_forecast_level(fc, l));
        cells[4 + nk + 2 * l] = hdr[2 * l];
        cells[5 + nk + 2 * l] = hdr[2 * l + 1];
    }
    cli_csv_row(f, ncols, cells);
    char val[1 + 2 * VL_FORECAST_MAX_LEVELS][40], period[16];
    for (size_t i = 0; i < vl_forecast_count(fc); i++) {
        vl_forecast_series s;
        vl_forecast_get(fc, i, &s);
        for (size_t k = 0; k < h; k++) {
            vl_period_format(vl_forecast_period(fc, i, k), period, sizeof period);
            cells[0] = s.name;
            for (size_t j = 0; j < nk; j++)
                cells[1 + j] = s.keys && s.keys[j] ? s.keys[j] : "";
            cells[1 + nk] = period;
            cells[2 + nk] = s.description;
            cells[3 + nk] = num(val[0], sizeof val[0], s.mean[k]);
            for (size_t l = 0; l < nl; l++) {
                cells[4 + nk + 2 * l] = num(val[1 + 2 * l], sizeof val[0], s.lo[l * h + k]);
                cells[5 + nk + 2 * l] = num(val[2 + 2 * l], sizeof val[0], s.hi[l * h + k]);
            }
            cli_csv_row(f, ncols, cells);
        }
    }
}

static void write_metrics_json(FILE *f, const vl_forecast_metrics *m, size_t nl,
                               const double *levels)
{
    char b[40];
    fprintf(f, "{\"origins\": %zu, \"smape\": %s", m->origins, jnum(b, sizeof b, m->smape));
    fprintf(f, ", \"mase\": %s", jnum(b, sizeof b, m->mase));
    fprintf(f, ", \"rmsse\": %s", jnum(b, sizeof b, m->rmsse));
    for (size_t l = 0; l < nl; l++) {
        char name[40];
        level_name(name, sizeof name, "coverage", levels[l]);
        fprintf(f, ", \"%s\": %s", name, jnum(b, sizeof b, m->coverage[l]));
        level_name(name, sizeof name, "msis", levels[l]);
        fprintf(f, ", \"%s\": %s", name, jnum(b, sizeof b, m->msis[l]));
    }
    fprintf(f, "}");
}

static void write_forecast_json(FILE *f, const vl_forecast *fc)
{
    size_t nl = vl_forecast_n_levels(fc), h = vl_forecast_horizon(fc), nk = vl_forecast_n_keys(fc);
    double levels[VL_FORECAST_MAX_LEVELS];
    char b[40], period[16];
    fprintf(f, "{\n  \"horizon\": %zu,\n  \"levels\": [", h);
    for (size_t l = 0; l < nl; l++) {
        levels[l] = vl_forecast_level(fc, l);
        fprintf(f, "%s%s", l ? ", " : "", jnum(b, sizeof b, levels[l]));
    }
    fprintf(f, "],\n  \"series\": [");
    for (size_t i = 0; i < vl_forecast_count(fc); i++) {
        vl_forecast_series s;
        vl_forecast_get(fc, i, &s);
        fprintf(f, "%s\n    {\"series\": ", i ? "," : "");
        cli_json_string(f, s.name);
        fprintf(f, ", \"keys\": {");
        for (size_t k = 0; k < nk; k++) {
            fprintf(f, "%s", k ? ", " : "");
            cli_json_string(f, vl_forecast_key_name(fc, k));
            fprintf(f, ": ");
            cli_json_string(f, s.keys[k]);
        }
        fprintf(f, "}, \"frequency\": %d, \"model\": ", s.freq);
        cli_json_string(f, s.model);
        fprintf(f, ", \"description\": ");
        cli_json_string(f, s.description);
        fprintf(f, ", \"warning\": ");
        cli_json_string(f, s.warning);
        fprintf(f, ", \"warning_code\": ");
        cli_json_string(f, s.warning_code);
        if (s.metrics) {
            fprintf(f, ", \"backtest\": ");
            write_metrics_json(f, s.metrics, nl, levels);
        }
        fprintf(f, ",\n     \"forecast\": [");
        for (size_t k = 0; k < h; k++) {
            vl_period_format(vl_forecast_period(fc, i, k), period, sizeof period);
            fprintf(f, "%s\n       {\"period\": \"%s\", \"mean\": %s", k ? "," : "", period,
                    jnum(b, sizeof b, s.mean[k]));
            for (size_t l = 0; l < nl; l++) {
                char name[40];
                level_name(name, sizeof name, "lo", levels[l]);
                fprintf(f, ", \"%s\": %s", name, jnum(b, sizeof b, s.lo[l * h + k]));
                level_name(name, sizeof name, "hi", levels[l]);
                fprintf(f, ", \"%s\": %s", name, jnum(b, sizeof b, s.hi[l * h + k]));
            }
            fprintf(f, "}");
        }
        fprintf(f, "]}");
    }
    fprintf(f, "\n  ]\n}\n");
}

/* ---- hierarchical branch (planner module) ---------------------------------------------- */

/*
 * `vieclam forecast --by area,industry`: reconciled forecasts over the hierarchy the history's
 * key columns define (planner module). With --db the run is stored (forecasts, the history the
 * run saw, and the accuracy before and after reconciliation) and its id printed; the
 * forecasts go as CSV/JSON to --out, or to stdout when there is no database to keep them.
 */
static void by_write_csv(FILE *f, const vl_hier *hr)
{
    size_t nl = vl_hier_n_levels(hr), hz = vl_hier_horizon(hr);
    char hdr[2 * VL_FORECAST_MAX_LEVELS][40];
    const char *cells[5 + 2 * VL_FORECAST_MAX_LEVELS] = {
        col_head(N_("series")), col_head(N_("level")), col_head(N_("period")),
        col_head(N_("model")), col_head(N_("mean"))};
    for (size_t l = 0; l < nl; l++) {
        level_head(hdr[2 * l], sizeof hdr[0], true, vl_hier_level(hr, l));
        level_head(hdr[2 * l + 1], sizeof hdr[0], false, vl_hier_level(hr, l));
        cells[5 + 2 * l] = hdr[2 * l];
        cells[6 + 2 * l] = hdr[2 * l + 1];
    }
    cli_csv_row(f, 5 + 2 * nl, cells);
    char val[1 + 2 * VL_FORECAST_MAX_LEVELS][40], period[16];
    for (size_t i = 0; i < vl_hier_count(hr); i++) {
        vl_hier_node nd;
        vl_hier_get(hr, i, &nd);
        for (size_t k = 0; k < hz; k++) {
            cells[0] = nd.name;
            cells[1] = nd.level;
            cells[2] = vl_period_format(vl_hier_period(hr, k), period, sizeof period);
            cells[3] = nd.model;
            cells[4] = num(val[0], sizeof val[0], nd.mean[k]);
            for (size_t l = 0; l < nl; l++) {
                cells[5 + 2 * l] = num(val[1 + 2 * l], sizeof val[0], nd.lo[l * hz + k]);
                cells[6 + 2 * l] = num(val[2 + 2 * l], sizeof val[0], nd.hi[l * hz + k]);
            }
            cli_csv_row(f, 5 + 2 * nl, cells);
        }
    }
}

static void by_write_json(FILE *f, const vl_hier *hr, int64_t run)
{
    size_t nl = vl_hier_n_levels(hr), hz = vl_hier_horizon(hr);
    char v[40], period[16];
    fprintf(f, "{\n  \"run\": ");
    if (run > 0)
        fprintf(f, "%lld", (long long)run);
    else
        fprintf(f, "null");
    fprintf(f, ",\n  \"method\": \"%s\",\n  \"series\": [", vl_reconcile_name(vl_hier_method(hr)));
    for (size_t i = 0; i < vl_hier_count(hr); i++) {
        vl_hier_node nd;
        vl_hier_get(hr, i, &nd);
        fprintf(f, "%s\n    {\"series\": ", i ? "," : "");
        cli_json_string(f, nd.name);
        fprintf(f, ", \"level\": ");
        cli_json_string(f, nd.level);
        fprintf(f, ", \"model\": ");
        cli_json_string(f, nd.model);
        fprintf(f, ", \"forecasts\": [");
        for (size_t k = 0; k < hz; k++) {
            fprintf(f, "%s{\"period\": \"%s\", \"mean\": %s", k ? ", " : "",
                    vl_period_format(vl_hier_period(hr, k), period, sizeof period),
                    jnum(v, sizeof v, nd.mean[k]));
            for (size_t l = 0; l < nl; l++) {
                char name[40];
                level_name(name, sizeof name, "lo", vl_hier_level(hr, l));
                fprintf(f, ", \"%s\": %s", name, jnum(v, sizeof v, nd.lo[l * hz + k]));
                level_name(name, sizeof name, "hi", vl_hier_level(hr, l));
                fprintf(f, ", \"%s\": %s", name, jnum(v, sizeof v, nd.hi[l * hz + k]));
            }
            fprintf(f, "}");
        }
        fprintf(f, "]}");
    }
    fprintf(f, "\n  ]\n}\n");
}

/* One judgement a run left out, on stderr with why (ud: the side, "demand: " or ""). */
static void judgement_left(void *ud, const vl_judgement *j, const char *why)
{
    const char *side = ud, *what = j->scenario ? _("scenario") : _("adjustment");
    if (strcmp(why, "no_series") == 0)
        fprintf(stderr,
                _("%s%s %lld %s is not applied: the history holds no series with these "
                  "keys (`vieclam %s withdraw %lld` withdraws it)\n"),
                side, what, (long long)j->id, j->keys, j->scenario ? "scenario" : "adjust",
                (long long)j->id);
    else if (strcmp(why, "outside_horizon") == 0)
        fprintf(stderr, _("%s%s %lld %s is not applied: none of its quarters is forecast\n"), side,
                what, (long long)j->id, j->keys);
    else
        fprintf(stderr,
                _("%s%s %lld %s is not applied: a forecast of several provinces applies only "
                  "judgements that name an area\n"),
                side, what, (long long)j->id, j->keys);
}

/* The judgements hr did not apply, named on stderr (cli.h). */
size_t cli_judged_report(const vl_hier *hr, const vl_judgements *js, const char *side,
                         size_t applied[2])
{
    for (size_t i = 0; applied && i < vl_hier_judged_count(hr); i++) {
        vl_hier_judged d;
        vl_hier_judged_get(hr, i, &d);
        applied[d.event] += d.status == VL_JUDGED_APPLIED;
    }
    return vl_judgements_left_out(js, hr, judgement_left, (void *)side);
}

/*
 * What a hierarchical run chose and why: the reconciliation with each method's mean MASE at
 * the origins, each level's model with its candidates' MASE, then accuracy and band coverage
 * per level before and after reconciliation (the planner's check that it helps). Shared with
 * `balance`.
 */
void cli_hier_report(FILE *f, const vl_hier *hr)
{
    char v[64];
    size_t K = vl_hier_origins(hr);
    fprintf(f, _("reconciliation: %s"), vl_reconcile_name(vl_hier_method(hr)));
    if (vl_hier_method_chosen(hr)) {
        fprintf(f, _(", chosen at %zu origins inside the history (mean MASE over every series:"),
                K);
        for (int m = VL_RECONCILE_BOTTOM_UP; m < VL_RECONCILE_AUTO; m++) {
            double x = vl_hier_method_mase(hr, (vl_reconcile)m);
            if (isfinite(x))
                fprintf(f, " %s %s", vl_reconcile_name((vl_reconcile)m),
                        cli_num(v, sizeof v, x, 3));
        }
        fprintf(f, ")");
    }
    fprintf(f, "\n");
    for (size_t l = 0; l < vl_hier_level_count(hr); l++) {
        char mt[512];
        fprintf(f, _("model of level %s: %s"), vl_hier_level_name(hr, l),
                vl_forecast_model_text(vl_hier_level_model(hr, l), NULL, mt, sizeof mt));
        if (K && vl_hier_candidate_count(hr) > 1) {
            fprintf(f, " (MASE");
            for (size_t c = 0; c < vl_hier_candidate_count(hr); c++)
                fprintf(f, " %s %s",
                        vl_forecast_model_text(vl_hier_candidate(hr, c), NULL, mt, sizeof mt),
                        cli_num(v, sizeof v, vl_hier_candidate_mase(hr, l, c), 3));
            fprintf(f, ")");
        }
        fprintf(f, "\n");
    }
    vl_hier_node top;
    if (!vl_hier_level_accuracy(hr, 0, NULL, NULL) && vl_hier_get(hr, 0, &top)) {
        fprintf(f, _("no backtest: %zu periods are too few for %zu steps ahead at an origin\n"),
                top.n_history, vl_hier_horizon(hr));
        return;
    }
    size_t nl = vl_hier_n_levels(hr) < 2 ? vl_hier_n_levels(hr) : 2;
    const char *head[8] = {N_("level"), N_("series"), N_("MASE base"), N_("MASE reconciled"),
                           N_("sMAPE reconciled")};
    char hb[2][40];
    for (size_t l = 0; l < nl; l++) {
        char lv[16];
        snprintf(hb[l], sizeof hb[l], "%s%s%%", _("coverage "),
                 vl_format_double(lv, sizeof lv, vl_hier_level(hr, l), 6));
        head[5 + l] = hb[l];
    }
    size_t ncol = 5 + nl;
    const char *th[8];
    for (size_t c = 0; c < ncol; c++)
        th[c] = c < 5 ? _(head[c]) : head[c];
    cli_table *t = cli_table_new(ncol, th);
    for (size_t c = 1; c < ncol; c++)
        cli_table_numeric(t, c, true);
    for (size_t l = 0; l < vl_hier_level_count(hr); l++) {
        vl_forecast_metrics b, r;
        if (!vl_hier_level_accuracy(hr, l, &b, &r))
            break;
        size_t count = 0;
        for (size_t i = 0; i < vl_hier_count(hr); i++) {
            vl_hier_node nd;
            vl_hier_get(hr, i, &nd);
            count += strcmp(nd.level, vl_hier_level_name(hr, l)) == 0;
        }
        char w[7][32];
        snprintf(w[0], sizeof w[0], "%zu", count);
        const char *cells[8] = {
            vl_hier_level_name(hr, l), w[0], cli_num(w[1], sizeof w[1], b.mase, 3),
            cli_num(w[2], sizeof w[2], r.mase, 3), cli_num(w[3], sizeof w[3], r.smape, 2)};
        for (size_t q = 0; q < nl; q++)
            cells[5 + q] = cli_num(w[4 + q], sizeof w[0], 100 * r.coverage[q], 1);
        cli_table_row(t, cells);
    }
    cli_table_print(t, f);
    cli_table_free(t);
    fputs(_("(accuracy at the origins that made the choices: in-sample for them; coverage of "
            "bands calibrated on the other origins)\n"),
          f);
}

/*
 * --areas / --area-groups: the history re-keyed to current areas (vl_db_history_map_areas),
 * and what was mapped told on f: each value of the area key that named a pre-reform area, the
 * rows it had and where they went, with the shares of a divided one.
 */
static vl_status map_areas(vl_ctx *ctx, vl_db *db, const fc_cli *o, const vl_history *h,
                           vl_history **out, FILE *f)
{
    vl_history_areas_options ao = {
        o->area_key, o->areas && strcmp(o->areas, "provinces") == 0 ? 1 : 3, o->area_groups};
    vl_history_areas *rep = NULL;
    vl_status st = vl_db_history_map_areas(ctx, db, h, &ao, out, &rep);
    if (st != VL_OK)
        return st;
    size_t n = vl_history_areas_count(rep), old = 0, old_rows = 0, divided = 0, rows = 0;
    for (size_t i = 0; i < n; i++) {
        const vl_history_area_map *m = vl_history_areas_at(rep, i);
        rows += m->rows;
        if (m->from && m->from->valid_to) {
            old++;
            old_rows += m->rows;
            divided += vl_area_list_count(m->to) > 1;
        }
    }
    fprintf(f,
            _("areas: %zu values of %s (%zu rows) mapped to the current %s%s%s; %zu pre-reform "
              "(%zu rows), %zu of them shared among several (by estimated area)\n"),
            n, ao.key ? ao.key : "area", rows, ao.level == 1 ? _("provinces") : _("communes"),
            o->area_groups ? _(" grouped by ") : "", o->area_groups ? o->area_groups : "", old,
            old_rows, divided);
    for (size_t i = 0; i < n; i++) {
        const vl_history_area_map *m = vl_history_areas_at(rep, i);
        if (!m->from || !m->from->valid_to)
            continue;
        fprintf(f, "  %s %s (%s, %d-%02d-%02d) %zu ->", m->value, m->from->name,
                m->from->province_name, (int)(m->from->valid_to / 10000),
                (int)(m->from->valid_to / 100 % 100), (int)(m->from->valid_to % 100), m->rows);
        for (size_t j = 0; j < vl_area_list_count(m->to); j++) {
            const vl_area_info *t = vl_area_list_at(m->to, j);
            char pct[32];
            fprintf(f, "%s %s", j ? "," : "", t->code);
            if (t->level > 0 && strcmp(t->name, t->code) != 0)
                fprintf(f, " %s", t->name);
            if (vl_area_list_count(m->to) > 1)
                fprintf(f, " %s%%",
                        vl_format_fixed(pct, sizeof pct, 100 * vl_area_list_share(m->to, j), 1));
        }
        fprintf(f, "\n");
    }
    vl_history_areas_destroy(rep);
    return VL_OK;
}

static int forecast_by(cli_global *g, vl_ctx *ctx, const fc_cli *o, const vl_history *h)
{
    vl_hier_options ho;
    vl_hier_options_init(&ho);
    size_t origins = ho.forecast.origins; /* the library's default unless --origins */
    ho.forecast = o->opt;
    if (!o->origins)
        ho.forecast.origins = origins;
    if (o->method && !vl_reconcile_parse(o->method, &ho.method))
        return cli_usage_error("forecast",
                               "--method takes auto, mint_total, mint, bottom_up, "
                               "top_down, ols, wls or none, got '%s'",
                               o->method);
    char *by = strdup(o->by);
    if (!by)
        return EXIT_FAIL;
    for (char *save = NULL, *t = strtok_r(by, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (ho.n_by == VL_HIER_MAX_KEYS) {
            free(by);
            return cli_usage_error("forecast", "--by takes at most %d key columns",
                                   VL_HIER_MAX_KEYS);
        }
        ho.by[ho.n_by++] = t;
    }
    if (ho.n_by == 0) {
        free(by);
        return cli_usage_error("forecast", "--by needs key columns, e.g. area,industry");
    }
    if (o->derive && !o->use_db) {
        free(by);
        return cli_usage_error("forecast", "--derive needs --db");
    }
    if (o->areas && o->area_groups && strcmp(o->areas, "communes") != 0) {
        free(by);
        return cli_usage_error("forecast", "--area-groups groups communes: leave out --areas "
                                           "provinces");
    }
    ho.series = o->series;
    /* a derived history holds demand and supply: never add them up */
    if (o->derive && !o->series)
        ho.series = "demand";

    int rc = EXIT_OK;
    vl_db *db = NULL;
    vl_history *derived = NULL;
    vl_hier *hr = NULL;
    int64_t run = 0;
    vl_status st = VL_OK;
    if (o->use_db)
        st = cli_db_open(ctx, o->db_path, 0, o->province, &db);
    if (st == VL_OK && o->derive) {
        st = vl_db_derive_history(ctx, db, &derived);
        h = derived;
    }
    vl_history *mapped = NULL;
    if (st == VL_OK && (o->areas || o->area_groups)) {
        /* the areas live in the database: the run's, else the global --db read only */
        vl_db *adb = db;
        if (!adb)
            st = vl_db_open(ctx, g->db_path, VL_DB_READONLY, &adb);
        if (st == VL_OK)
            st = map_areas(ctx, adb, o, h, &mapped, o->out || db ? stdout : stderr);
        if (adb != db)
            vl_db_close(adb);
        if (st == VL_OK)
            h = mapped;
    }
    if (st == VL_OK && db) {
        char *cmdline = cli_command_line(g);
        st = vl_db_run_begin(ctx, db, cmdline ? cmdline : "vieclam forecast", NULL, NULL, 0, &run);
        free(cmdline);
    }
    /* the planner's judgement in the database applies to this hierarchy where it fits */
    vl_judgements *js = NULL;
    if (st == VL_OK && db)
        st = vl_db_load_judgements(ctx, db, true, &js);
    if (st == VL_OK && js)
        st = vl_judgements_apply(ctx, js, ho.series, &ho, NULL);
    if (st == VL_OK)
        st = vl_hier_forecast(ctx, h, &ho, &hr);
    /* the stored series name; "demand" and "supply" alone are kept for balance runs */
    char kind[96];
    snprintf(kind, sizeof kind, "%s%s", o->derive ? "derived-" : "",
             ho.series ? ho.series : "forecast");
    /* the output first, then the stored forecasts with the run's end (ok): a run killed
     * between the two leaves a whole file and a run the next start marks interrupted, never
     * a run recorded ok without its file */
    if (st == VL_OK && (o->out || !db)) {
        vl_output *out_ = NULL;
        FILE *f = cli_open_out(ctx, o->out, &out_);
        if (!f) {
            st = VL_ERR_IO;
        } else {
            if (o->format && strcmp(o->format, "json") == 0)
                by_write_json(f, hr, run);
            else
                by_write_csv(f, hr);
            st = cli_close_out(ctx, out_, VL_OK);
        }
    }
    if (db && run > 0) {
        char *summary = st == VL_OK ? vl_hier_summary_json(hr, kind) : NULL;
        if (st == VL_OK) {
            const char *kinds[] = {kind};
            const vl_hier *hs[] = {hr};
            st = summary ? vl_db_store_hier_run(ctx, db, run, 1, kinds, hs, js, summary)
                         : VL_ERR_NOMEM;
        }
        if (st != VL_OK)
            vl_db_run_end(NULL, db, run, st, NULL);
        free(summary);
    }
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "forecast --by");
    } else {
        FILE *info = o->out || db ? stdout : stderr;
        char lam[32], inc[32];
        if (db)
            fprintf(info, _("run %lld\n"), (long long)run);
        fprintf(info, _("%zu series (%s), %s reconciliation%s%s, every level adds up within %s\n"),
                vl_hier_count(hr), o->by, vl_reconcile_name(vl_hier_method(hr)),
                isfinite(vl_hier_lambda(hr)) ? _(", shrinkage ") : "",
                isfinite(vl_hier_lambda(hr)) ? cli_num(lam, sizeof lam, vl_hier_lambda(hr), 3) : "",
                cli_num(inc, sizeof inc, vl_hier_incoherence(hr), 2));
        size_t applied[2] = {0, 0}, left = cli_judged_report(hr, js, "", applied);
        if (ho.n_fixes || ho.n_events || left) {
            fprintf(info,
                    _("the planner's judgement: %zu adjustment(s), %zu scenario(s) applied\n"),
                    applied[0], applied[1]);
            if (left)
                fprintf(info, _("%zu of the planner's judgements not applied (said above)\n"),
                        left);
        }
        cli_hier_report(info, hr);
    }
    vl_judgements_destroy(js);
    vl_hier_destroy(hr);
    vl_history_destroy(mapped);
    vl_history_destroy(derived);
    vl_db_close(db);
    free(by);
    return rc;
}

/* ---- commands -------------------------------------------------------------------------- */

int cmd_forecast(cli_global *g, int argc, char **argv)
{
    fc_cli o;
    int rc = parse_args("forecast", g, argc, argv, &o);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    cli_format fmt = FMT_CSV;
    if ((rc = cli_sheet_options("forecast", &o.format, o.excel, o.out, "forecast")) != EXIT_OK)
        return rc;
    if (o.format && (!cli_parse_format(o.format, &fmt) || fmt == FMT_TABLE))
        return cli_usage_error("forecast", "--format takes csv, json or xlsx");
    if ((rc = build_options("forecast", &o)) != 0)
        return rc;
    if ((o.areas || o.area_groups) && !o.by)
        return cli_usage_error("forecast", "--areas and --area-groups go with --by");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_history *h = NULL;
    vl_status st = o.by && o.derive ? VL_OK : load_history(ctx, &o, &h);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "forecast");
        vl_ctx_destroy(ctx);
        return rc;
    }
    if (o.by) {
        rc = forecast_by(g, ctx, &o, h);
        vl_history_destroy(h);
        vl_ctx_destroy(ctx);
        return rc;
    }
    vl_forecast *fc = NULL;
    st = vl_forecast_history(ctx, h, &o.opt, &fc);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, o.history ? o.history : "history");
        vl_history_destroy(h);
        vl_ctx_destroy(ctx);
        return rc;
    }
    vl_output *out_ = NULL;
    FILE *f = cli_open_out(ctx, o.out, &out_);
    if (!f) {
        rc = cli_fail(ctx, VL_ERR_IO, "forecast");
    } else {
        if (fmt == FMT_JSON)
            write_forecast_json(f, fc);
        else
            write_forecast_csv(f, fc);
        vl_status wst_ = cli_close_out(ctx, out_, VL_OK);
        rc = wst_ == VL_OK ? EXIT_OK : cli_fail(ctx, wst_, "forecast");
    }
    vl_forecast_destroy(fc);
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
    return rc;
}

static void write_backtest(FILE *f, cli_format fmt, const vl_backtest *b)
{
    size_t ns = vl_backtest_series_count(b), nm = vl_backtest_model_count(b);
    size_t nl = vl_backtest_n_levels(b);
    double levels[VL_FORECAST_MAX_LEVELS];
    for (size_t l = 0; l < nl; l++)
        levels[l] = vl_backtest_level(b, l);
    if (fmt == FMT_JSON) {
        fprintf(f, "{\n  \"results\": [");
        for (size_t i = 0; i <= ns; i++)
            for (size_t j = 0; j < nm; j++) {
                fprintf(f, "%s\n    {\"series\": ", i || j ? "," : "");
                cli_json_string(f, i < ns ? vl_backtest_series_name(b, i) : "(all)");
                fprintf(f, ", \"model\": ");
                cli_json_string(f, vl_backtest_model(b, j));
                fprintf(f, ", \"ran\": ");
                cli_json_string(f, i < ns ? vl_backtest_description(b, i, j) : "");
                fprintf(f, ", \"metrics\": ");
                write_metrics_json(f, vl_backtest_metrics(b, i, j), nl, levels);
                fprintf(f, "}");
            }
        fprintf(f, "\n  ]\n}\n");
        return;
    }
    size_t ncols = 7 + 2 * nl;
    char hdr[2 * VL_FORECAST_MAX_LEVELS][40];
    const char *cells[7 + 2 * VL_FORECAST_MAX_LEVELS] = {"series", "model", "origins", "smape",
                                                         "mase",   "rmsse", "ran"};
    for (size_t l = 0; l < nl; l++) {
        level_name(hdr[2 * l], sizeof hdr[0], "coverage", levels[l]);
        level_name(hdr[2 * l + 1], sizeof hdr[0], "msis", levels[l]);
        cells[6 + 2 * l] = hdr[2 * l];
        cells[7 + 2 * l] = hdr[2 * l + 1];
    }
    cells[6 + 2 * nl] = "ran";
    cli_table *t = NULL;
    if (fmt == FMT_CSV)
        cli_csv_row(f, ncols, cells);
    else
        t = cli_table_new(ncols, cells);
    for (size_t c = 2; t && c < ncols - 1; c++)
        cli_table_numeric(t, c, true);
    char val[5 + 2 * VL_FORECAST_MAX_LEVELS][40];
    for (size_t i = 0; i <= ns; i++)
        for (size_t j = 0; j < nm; j++) {
            const vl_forecast_metrics *m = vl_backtest_metrics(b, i, j);
            int dec = fmt == FMT_CSV ? 6 : 3;
            /* a person's table in the chosen language; the CSV keeps its '.' contract */
            char *(*number)(char *, size_t, double, int) = t ? cli_num : vl_format_fixed;
            cells[0] = i < ns ? vl_backtest_series_name(b, i) : "(all)";
            cells[1] = vl_backtest_model(b, j);
            snprintf(val[0], sizeof val[0], "%zu", m->origins);
            cells[2] = val[0];
            cells[3] = number(val[1], sizeof val[1], m->smape, dec);
            cells[4] = number(val[2], sizeof val[2], m->mase, dec);
            cells[5] = number(val[3], sizeof val[3], m->rmsse, dec);
            for (size_t l = 0; l < nl; l++) {
                cells[6 + 2 * l] = number(val[4 + 2 * l], sizeof val[0], m->coverage[l], dec);
                cells[7 + 2 * l] = number(val[5 + 2 * l], sizeof val[0], m->msis[l], dec);
            }
            char mt[512];
            cells[6 + 2 * nl] =
                i >= ns ? ""
                : t ? vl_forecast_model_text(vl_backtest_description(b, i, j), NULL, mt, sizeof mt)
                    : vl_backtest_description(b, i, j);
            if (t)
                cli_table_row(t, cells);
            else
                cli_csv_row(f, ncols, cells);
        }
    if (t) {
        cli_table_print(t, f);
        cli_table_free(t);
    }
}

int cmd_backtest(cli_global *g, int argc, char **argv)
{
    fc_cli o;
    int rc = parse_args("backtest", g, argc, argv, &o);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    cli_format fmt = FMT_TABLE;
    if (o.format && !cli_parse_format(o.format, &fmt))
        return cli_usage_error("backtest", "--format takes table, csv or json");
    if (o.model && !o.models)
        o.models = o.model;
    o.model = NULL;
    if ((rc = build_options("backtest", &o)) != 0)
        return rc;
    if (o.opt.origins == 0)
        o.opt.origins = 1;
    /* models: comma list, validated here so an unknown one is named */
    const char *list = o.models ? o.models : "auto,ets,arima,theta,naive2";
    char *copy = strdup(list);
    const char *models[64];
    size_t nm = 0;
    for (char *save = NULL, *t = strtok_r(copy, ",", &save); t && nm < 64;
         t = strtok_r(NULL, ",", &save)) {
        if (!vl_forecast_model_summary(t)) {
            fprintf(stderr, _("vieclam backtest: unknown model '%s'\n"), t);
            free(copy);
            return EXIT_DATA;
        }
        models[nm++] = t;
    }
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx) {
        free(copy);
        return EXIT_FAIL;
    }
    vl_history *h = NULL;
    vl_backtest *b = NULL;
    vl_status st = load_history(ctx, &o, &h);
    if (st == VL_OK)
        st = vl_backtest_history(ctx, h, &o.opt, models, nm, &b);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "backtest");
    } else {
        vl_output *out_ = NULL;
        FILE *f = cli_open_out(ctx, o.out, &out_);
        if (!f) {
            rc = cli_fail(ctx, VL_ERR_IO, "forecast");
        } else {
            write_backtest(f, fmt, b);
            vl_status wst_ = cli_close_out(ctx, out_, VL_OK);
            rc = wst_ == VL_OK ? EXIT_OK : cli_fail(ctx, wst_, "forecast");
        }
    }
    vl_backtest_destroy(b);
    vl_history_destroy(h);
    vl_ctx_destroy(ctx);
    free(copy);
    return rc;
}
