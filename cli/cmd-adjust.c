/*
 * cmd-adjust.c - `vieclam adjust`: the planner's override of one forecast series (a value, or
 * a percentage change of the model's forecast, for a span of quarters) with a reason and who
 * made it. The next `forecast --by` or `balance` holds the series there and reconciles the rest
 * around it; the report shows it with its reason. `adjust list` shows them, `adjust withdraw ID`
 * takes one back (the row stays: an old report still says what it applied). Also the pieces
 * `vieclam scenario` shares: series keys on the command line, the author, the listing.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- shared with cmd-scenario.c ----------------------------------------------------------------
 */

/*
 * "area=288,industry=C" (or "" / "total": the total) as the JSON the store keeps, names
 * sorted as the forecasts' keys are. NULL with a message on a malformed list.
 */
char *cli_keys_json(const char *cmd, const char *text)
{
    const char *names[8], *vals[8];
    size_t n = 0;
    char *copy = strdup(text ? text : "");
    if (!copy)
        return NULL;
    bool ok = true;
    if (strcmp(copy, "total") != 0)
        for (char *save = NULL, *t = strtok_r(copy, ",", &save); t && ok;
             t = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(t, '=');
            ok = eq && eq != t && eq[1] && n < 8;
            if (ok) {
                *eq = '\0';
                names[n] = t;
                vals[n++] = eq + 1;
            }
        }
    if (!ok) {
        cli_usage_error(cmd, "--keys takes NAME=CODE pairs, e.g. area=288,industry=C (or total)");
        free(copy);
        return NULL;
    }
    for (size_t i = 1; i < n; i++) /* sorted by name, as forecasts.keys */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *a = names[j], *b = vals[j];
            names[j] = names[j - 1];
            vals[j] = vals[j - 1];
            names[j - 1] = a;
            vals[j - 1] = b;
        }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f) {
        fputc('{', f);
        for (size_t i = 0; i < n; i++) {
            fputs(i ? ", " : "", f);
            cli_json_string(f, names[i]);
            fputs(": ", f);
            cli_json_string(f, vals[i]);
        }
        fputc('}', f);
        fclose(f);
    }
    free(copy);
    return buf;
}

/* Reads a JSON string at *p ("..." with \" and \\ escapes, the store's keys hold no other)
 * into out; false when *p is not one or it does not fit. */
static bool json_text(const char **p, char *out, size_t size)
{
    const char *s = *p;
    size_t n = 0;
    if (*s++ != '"')
        return false;
    for (; *s && *s != '"'; s++) {
        if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
            s++;
        else if (*s == '\\')
            return false;
        if (n + 1 >= size)
            return false;
        out[n++] = *s;
    }
    if (*s != '"')
        return false;
    out[n] = '\0';
    *p = s + 1;
    return true;
}

/*
 * A judgement's keys as a person reads them: {"area": "31", "industry": "C"} as "area 31,
 * industry C" in the user's language, {} as the total. The JSON itself when it is not a flat
 * object of texts (nothing the store writes).
 */
static const char *keys_text(const char *json, char *buf, size_t size)
{
    static const struct {
        const char *key, *word;
    } words[] = {{"area", N_("area")},
                 {"industry", N_("industry")},
                 {"occupation", N_("occupation")},
                 {"measure", N_("measure")}};
    const char *p = json ? json : "";
    size_t len = 0;
    buf[0] = '\0';
    while (*p == ' ')
        p++;
    if (*p++ != '{')
        return json;
    for (;;) {
        char k[64], v[128];
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == '}')
            break;
        if (!json_text(&p, k, sizeof k))
            return json;
        while (*p == ' ' || *p == ':')
            p++;
        if (!json_text(&p, v, sizeof v))
            return json;
        const char *w = k;
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            if (strcmp(words[i].key, k) == 0)
                w = _(words[i].word);
        int n = snprintf(buf + len, size - len, "%s%s %s", len ? ", " : "", w, v);
        if (n < 0 || (size_t)n >= size - len)
            return json;
        len += (size_t)n;
    }
    if (len == 0)
        snprintf(buf, size, "%s", _("the total"));
    return buf;
}

/* Who makes the change: --by, else the login name; the store refuses an empty author. */
const char *cli_author(const char *by)
{
    if (by && *by)
        return by;
    const char *u = getenv("USER");
    return u && *u ? u : "";
}

/* The judgements of the database, adjustments or scenarios, as a table, CSV or JSON. */
int cli_judgements_list(cli_global *g, bool scenario, bool all, const char *format,
                        const char *province)
{
    cli_format fmt = FMT_TABLE;
    if (format && !cli_parse_format(format, &fmt))
        return cli_usage_error(scenario ? "scenario" : "adjust",
                               "--format takes table, csv or json");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    vl_judgements *js = NULL;
    vl_status st = cli_db_open(ctx, g->db_path, VL_DB_READONLY, province, &db);
    if (st == VL_OK)
        st = vl_db_load_judgements(ctx, db, !all, &js);
    int rc = EXIT_OK;
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, scenario ? "scenario list" : "adjust list");
    } else {
        /* who withdrew a judgement and when: a sheet's two last columns, the table's status */
        static const char *const head[] = {N_("id"),      N_("name"), N_("series"), N_("keys"),
                                           N_("from"),    N_("to"),   N_("value"),  N_("reason"),
                                           N_("by"),      N_("at"),   N_("status"), "withdrawn_by",
                                           "withdrawn_at"};
        const char *th[11];
        for (size_t c = 0; c < 11; c++)
            th[c] = fmt == FMT_TABLE ? _(head[c]) : head[c];
        cli_table *t = fmt == FMT_TABLE ? cli_table_new(11, th) : NULL;
        if (fmt == FMT_CSV)
            cli_csv_row(stdout, 13, head);
        if (fmt == FMT_JSON)
            fputs("[", stdout);
        size_t shown = 0;
        for (size_t i = 0; i < vl_judgements_count(js); i++) {
            const vl_judgement *j = vl_judgements_get(js, i);
            if (j->scenario != scenario)
                continue;
            char id[32], from[16], to[16] = "", val[48];
            snprintf(id, sizeof id, "%lld", (long long)j->id);
            vl_period_format(j->from, from, sizeof from);
            if (!scenario)
                vl_period_format(j->to, to, sizeof to);
            vl_format_double(val, sizeof val - 2, j->value, 10);
            if (j->percent)
                strcat(val, "%");
            const char *status = j->withdrawn_at ? _("withdrawn") : _("active");
            if (fmt == FMT_JSON) {
                printf("%s\n  {\"id\": %s, \"name\": ", shown ? "," : "", id);
                cli_json_string(stdout, j->name ? j->name : "");
                printf(", \"series\": ");
                cli_json_string(stdout, j->series ? j->series : "");
                printf(", \"keys\": %s, \"from\": \"%s\"", j->keys, from);
                if (!scenario)
                    printf(", \"to\": \"%s\", \"percent\": %s", to, j->percent ? "true" : "false");
                char num[40];
                printf(", \"value\": %s, \"reason\": ",
                       vl_format_double(num, sizeof num, j->value, 10));
                cli_json_string(stdout, j->reason);
                printf(", \"by\": ");
                cli_json_string(stdout, j->created_by);
                printf(", \"at\": ");
                cli_json_string(stdout, j->created_at);
                printf(", \"withdrawn\": %s", j->withdrawn_at ? "true" : "false");
                if (j->withdrawn_at) {
                    printf(", \"withdrawn_by\": ");
                    cli_json_string(stdout, j->withdrawn_by ? j->withdrawn_by : "");
                    printf(", \"withdrawn_at\": ");
                    cli_json_string(stdout, j->withdrawn_at);
                }
                fputs("}", stdout);
            } else {
                const char *cells[] = {id,
                                       j->name ? j->name : "",
                                       j->series ? j->series : "",
                                       j->keys,
                                       from,
                                       to,
                                       val,
                                       j->reason,
                                       j->created_by,
                                       j->created_at,
                                       j->withdrawn_at ? "withdrawn" : "active",
                                       j->withdrawn_by ? j->withdrawn_by : "",
                                       j->withdrawn_at ? j->withdrawn_at : ""};
                if (t) {
                    char at[48], num[48], gone[48], why[200], keys[512];
                    cells[3] = keys_text(j->keys, keys, sizeof keys);
                    cells[6] =
                        cli_num(num, sizeof num, j->value, j->value == floor(j->value) ? 0 : 2);
                    if (j->percent)
                        strcat(num, "%");
                    cells[9] = vl_format_time_text(at, sizeof at, j->created_at, NULL);
                    cells[10] = status;
                    if (j->withdrawn_at) { /* "withdrawn: minh, 06/12/2026 15:45" */
                        snprintf(why, sizeof why, _("withdrawn: %s, %s"),
                                 j->withdrawn_by ? j->withdrawn_by : "",
                                 vl_format_time_text(gone, sizeof gone, j->withdrawn_at, NULL));
                        cells[10] = why;
                    }
                    cli_table_row(t, cells);
                } else {
                    cli_csv_row(stdout, 13, cells);
                }
            }
            shown++;
        }
        if (fmt == FMT_JSON)
            fputs(shown ? "\n]\n" : "]\n", stdout);
        if (t) {
            cli_table_print(t, stdout);
            cli_table_free(t);
        }
    }
    vl_judgements_destroy(js);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}

/* Withdraws one judgement: `adjust withdraw ID` / `scenario withdraw ID`. */
int cli_judgement_withdraw(cli_global *g, bool scenario, const char *id_text, const char *by,
                           const char *province)
{
    const char *cmd = scenario ? "scenario" : "adjust";
    long long id;
    if (!id_text || !vl_parse_long(id_text, &id) || id <= 0)
        return cli_usage_error(cmd, "withdraw takes the id shown by `%s list`", cmd);
    const char *who = cli_author(by);
    if (!*who)
        return cli_usage_error(cmd, "say who withdraws it: --by NAME");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    vl_status st = cli_db_open(ctx, g->db_path, 0, province, &db);
    if (st == VL_OK)
        st = vl_db_judgement_withdraw(ctx, db, scenario, id, who);
    int rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, cmd);
    if (st == VL_OK)
        printf(_("%s %lld withdrawn\n"), scenario ? _("scenario") : _("adjustment"), id);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}

/* Stores one new judgement and says what it will do. */
int cli_judgement_add(cli_global *g, vl_judgement *j, const char *province)
{
    const char *cmd = j->scenario ? "scenario" : "adjust";
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    vl_db *db = NULL;
    int64_t id = 0;
    vl_status st = cli_db_open(ctx, g->db_path, 0, province, &db);
    if (st == VL_OK)
        st = vl_db_judgement_add(ctx, db, j, &id);
    int rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, cmd);
    if (st == VL_OK)
        printf(_("%s %lld stored: the next `forecast --by` and `balance` that hold %s apply it\n"),
               j->scenario ? _("scenario") : _("adjustment"), (long long)id, j->keys);
    /* stored as asked (a history imported later may hold it), but a typo or a code merged
     * away says so now rather than at the next run */
    vl_history_fit fit = VL_FIT_SERIES;
    if (st == VL_OK && vl_db_history_fit(ctx, db, j->keys, &fit) == VL_OK &&
        fit == VL_FIT_NO_SERIES)
        fprintf(stderr,
                _("warning: the stored history holds no series with %s (a typo, or an area merged "
                  "away?): a forecast of it will not apply this until it does\n"),
                j->keys);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}

/* ---- adjust ------------------------------------------------------------------------------------
 */

typedef struct adjust_args {
    const char *keys, *period, *value, *percent, *reason, *series, *by, *format, *province;
    bool all;
} adjust_args;

static const char *const formats[] = {"table", "csv", "json", NULL};

static const cli_opt adjust_opts[] = {
    {"--keys", N_("NAME=CODE,..."), CLI_STR, offsetof(adjust_args, keys),
     N_("the series: its key values, e.g. area=288,industry=C; total for the province"), NULL,
     N_("required by add"), 0, 0, NULL},
    {"--period", N_("FROM[:TO]"), CLI_STR, offsetof(adjust_args, period),
     N_("the quarters it holds, e.g. 2025Q2 or 2025Q2:2025Q4"), NULL, N_("required by add"), 0, 0,
     NULL},
    {"--value", N_("N"), CLI_STR, offsetof(adjust_args, value),
     N_("hold the series at N in each of those quarters"), NULL, NULL, 0, 0, NULL},
    {"--percent", N_("P"), CLI_STR, offsetof(adjust_args, percent),
     N_("or change the model's forecast by P percent (-10, 15)"), NULL, NULL, 0, 0, NULL},
    {"--reason", N_("TEXT"), CLI_STR, offsetof(adjust_args, reason),
     N_("why: shown in the report next to the figure"), NULL, N_("required by add"), 0, 0, NULL},
    {"--series", N_("NAME"), CLI_STR, offsetof(adjust_args, series),
     N_("only for this history series (demand, supply, ...)"), NULL, N_("any series"), 0, 0, NULL},
    {"--by", N_("NAME"), CLI_STR, offsetof(adjust_args, by), N_("who makes the change"), NULL,
     N_("the login name ($USER)"), 0, 0, NULL},
    {"--all", NULL, CLI_FLAG, offsetof(adjust_args, all),
     N_("list: withdrawn ones too (who withdrew each and when: the status in the table, the "
        "columns withdrawn_by and withdrawn_at in csv and json)"),
     NULL, NULL, 0, 0, NULL},
    {"--province", N_("CODES"), CLI_STR, offsetof(adjust_args, province),
     N_("on an exchange of many provinces: this province's (31); list and withdraw take "
        "several (31,01)"),
     NULL, N_("the whole database's"), 0, 0, NULL},
    {"--format", N_("FMT"), CLI_CHOICE, offsetof(adjust_args, format), N_("list: output format"),
     "table", NULL, 0, 0, formats},
};

static const char *const adjust_words[] = {"add", "list", "withdraw", NULL};

const cli_spec cli_adjust_spec = {
    "adjust",
    N_("vieclam adjust add --keys K --period FROM[:TO] (--value N | --percent P) --reason TEXT "
       "[--series NAME] [--by NAME] [--province CODE]\n"
       "vieclam adjust list [--all] [--format table|csv|json] [--province CODES]\n"
       "vieclam adjust withdraw ID [--by NAME] [--province CODES]"),
    N_("Records the planner's judgement on one forecast series: hold it at a value, or change the "
       "model's forecast by a percentage, in the quarters given, with the reason. The next "
       "`forecast --by` or `balance` over a hierarchy that holds the series keeps it there and "
       "reconciles the other series around it (the series with larger errors move more); the "
       "report shows the model's figure, the planner's and the reason. A run whose history "
       "holds no such series, or that forecasts none of its quarters, leaves it out and names "
       "it on standard error (the desk, in its status line); add warns at once when the stored "
       "history holds no such series."),
    CLI_OPTS(adjust_opts),
    1,
    2,
    adjust_words,
    N_("Nothing is deleted: withdraw keeps the row, so an old report still says what it applied. "
       "Exit codes: 0 done, 2 usage, 3 invalid value or unknown id."),
};

static bool parse_num(const char *cmd, const char *opt, const char *text, double *out)
{
    if (!vl_parse_double(text, out) || !isfinite(*out)) {
        cli_usage_error(cmd, "%s takes a number (with a dot for decimals), got '%s'", opt, text);
        return false;
    }
    return true;
}

bool cli_parse_period_span(const char *cmd, const char *text, vl_period *from, vl_period *to)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", text ? text : "");
    char *colon = strchr(buf, ':');
    if (colon)
        *colon = '\0';
    if (!vl_period_read(buf, from) || (colon && !vl_period_read(colon + 1, to))) {
        cli_usage_error(cmd, "--period takes a quarter or a span, e.g. 2025Q2 or 2025Q2:2025Q4");
        return false;
    }
    if (!colon)
        *to = *from;
    return true;
}

int cmd_adjust(cli_global *g, int argc, char **argv)
{
    adjust_args a = {0};
    const char *pos[2];
    size_t npos = 0;
    int rc = cli_parse(&cli_adjust_spec, argc, argv, &a, pos, &npos);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    if (strcmp(pos[0], "list") == 0)
        return cli_judgements_list(g, false, a.all, a.format, a.province);
    if (strcmp(pos[0], "withdraw") == 0)
        return cli_judgement_withdraw(g, false, npos > 1 ? pos[1] : NULL, a.by, a.province);
    if (strcmp(pos[0], "add") != 0)
        return cli_usage_error("adjust", "say add, list or withdraw");
    if (!a.keys || !a.period || !a.reason)
        return cli_usage_error("adjust", "add needs --keys, --period and --reason");
    if (!a.value == !a.percent)
        return cli_usage_error("adjust", "give --value or --percent (one of them)");
    vl_judgement j = {.scenario = false,
                      .series = a.series ? a.series : "",
                      .reason = a.reason,
                      .created_by = cli_author(a.by),
                      .percent = a.percent != NULL};
    if (!*j.created_by)
        return cli_usage_error("adjust", "say who makes the change: --by NAME");
    if (!parse_num("adjust", a.value ? "--value" : "--percent", a.value ? a.value : a.percent,
                   &j.value))
        return EXIT_USAGE;
    if (!cli_parse_period_span("adjust", a.period, &j.from, &j.to))
        return EXIT_USAGE;
    char *keys = cli_keys_json("adjust", a.keys);
    if (!keys)
        return EXIT_USAGE;
    j.keys = keys;
    rc = cli_judgement_add(g, &j, a.province);
    free(keys);
    return rc;
}
