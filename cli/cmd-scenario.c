/*
 * cmd-scenario.c - `vieclam scenario`: a known event the history cannot show, such as a new
 * industrial park that adds N positions a quarter from a given quarter on, in an area and an
 * industry. The next `forecast --by` or `balance` adds it on top of the forecast (to the series
 * and every series above it, so every level still adds up); the report lists it with its
 * reason. `scenario list` and `scenario withdraw ID` as for `adjust` (cmd-adjust.c).
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct scenario_args {
    const char *name, *keys, *from, *positions, *reason, *series, *by, *format, *province;
    bool all;
} scenario_args;

static const char *const formats[] = {"table", "csv", "json", NULL};

static const cli_opt scenario_opts[] = {
    {"--name", N_("TEXT"), CLI_STR, offsetof(scenario_args, name),
     N_("what it is, e.g. KCN Nam Cầu Kiền giai đoạn 2"), NULL, N_("required by add"), 0, 0, NULL},
    {"--keys", N_("NAME=CODE,..."), CLI_STR, offsetof(scenario_args, keys),
     N_("where: the series' key values, e.g. area=288,industry=C"), NULL, N_("required by add"), 0,
     0, NULL},
    {"--from", N_("PERIOD"), CLI_STR, offsetof(scenario_args, from),
     N_("the first quarter it adds to, e.g. 2025Q3"), NULL, N_("required by add"), 0, 0, NULL},
    {"--positions", N_("N"), CLI_STR, offsetof(scenario_args, positions),
     N_("positions added in every quarter from then on"), NULL, N_("required by add"), 0, 0, NULL},
    {"--reason", N_("TEXT"), CLI_STR, offsetof(scenario_args, reason),
     N_("the source: shown in the report"), NULL, N_("required by add"), 0, 0, NULL},
    {"--series", N_("NAME"), CLI_STR, offsetof(scenario_args, series),
     N_("only for this history series (demand, vacancies, ...)"), NULL, N_("any series"), 0, 0,
     NULL},
    {"--by", N_("NAME"), CLI_STR, offsetof(scenario_args, by), N_("who records it"), NULL,
     N_("the login name ($USER)"), 0, 0, NULL},
    {"--all", NULL, CLI_FLAG, offsetof(scenario_args, all),
     N_("list: withdrawn ones too (who withdrew each and when: the status in the table, the "
        "columns withdrawn_by and withdrawn_at in csv and json)"),
     NULL, NULL, 0, 0, NULL},
    {"--province", N_("CODES"), CLI_STR, offsetof(scenario_args, province),
     N_("on an exchange of many provinces: this province's (31); list and withdraw take "
        "several (31,01)"),
     NULL, N_("the whole database's"), 0, 0, NULL},
    {"--format", N_("FMT"), CLI_CHOICE, offsetof(scenario_args, format), N_("list: output format"),
     "table", NULL, 0, 0, formats},
};

static const char *const scenario_words[] = {"add", "list", "withdraw", NULL};

const cli_spec cli_scenario_spec = {
    "scenario",
    N_("vieclam scenario add --name TEXT --keys K --from PERIOD --positions N --reason TEXT "
       "[--series NAME] [--by NAME] [--province CODE]\n"
       "vieclam scenario list [--all] [--format table|csv|json] [--province CODES]\n"
       "vieclam scenario withdraw ID [--by NAME] [--province CODES]"),
    N_("Records a known event that the history cannot show: N positions added in every quarter "
       "from a given one on, in the series named by --keys (an area, an industry, or both). The "
       "next `forecast --by` or `balance` adds them to that series and to every series above it, "
       "split over the series below it in proportion to their forecasts; the report lists the "
       "scenario with its reason. A run whose history holds no such series, or that forecasts none "
       "of its quarters, leaves it out and names it on standard error (the desk, in its status "
       "line); add warns at once when the stored history holds no such series."),
    CLI_OPTS(scenario_opts),
    1,
    2,
    scenario_words,
    N_("Nothing is deleted: withdraw keeps the row. Exit codes: 0 done, 2 usage, 3 invalid value "
       "or unknown id."),
};

int cmd_scenario(cli_global *g, int argc, char **argv)
{
    scenario_args a = {0};
    const char *pos[2];
    size_t npos = 0;
    int rc = cli_parse(&cli_scenario_spec, argc, argv, &a, pos, &npos);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    if (strcmp(pos[0], "list") == 0)
        return cli_judgements_list(g, true, a.all, a.format, a.province);
    if (strcmp(pos[0], "withdraw") == 0)
        return cli_judgement_withdraw(g, true, npos > 1 ? pos[1] : NULL, a.by, a.province);
    if (strcmp(pos[0], "add") != 0)
        return cli_usage_error("scenario", "say add, list or withdraw");
    if (!a.name || !a.keys || !a.from || !a.positions || !a.reason)
        return cli_usage_error("scenario",
                               "add needs --name, --keys, --from, --positions and --reason");
    vl_judgement j = {.scenario = true,
                      .name = a.name,
                      .series = a.series ? a.series : "",
                      .reason = a.reason,
                      .created_by = cli_author(a.by)};
    if (!*j.created_by)
        return cli_usage_error("scenario", "say who records it: --by NAME");
    if (!vl_parse_double(a.positions, &j.value) || !isfinite(j.value))
        return cli_usage_error("scenario", "--positions takes a number, got '%s'", a.positions);
    if (!vl_period_read(a.from, &j.from))
        return cli_usage_error("scenario", "--from takes a period such as 2025Q3, got '%s'",
                               a.from);
    char *keys = cli_keys_json("scenario", a.keys);
    if (!keys)
        return EXIT_USAGE;
    j.keys = keys;
    rc = cli_judgement_add(g, &j, a.province);
    free(keys);
    return rc;
}
