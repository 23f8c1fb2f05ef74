/*
 * main.c - the vieclam program: global options, command dispatch, help.
 *
 * Usage: vieclam [--db PATH] [--threads N] [--quiet] [--lang vi|en] COMMAND [ARGS...]. Each
 * command lives in its own cmd-*.c and uses only the public API. The process never formats or
 * parses numbers by the locale (LC_NUMERIC stays "C"); the locale chooses the language of
 * messages (Vietnamese under a Vietnamese locale, unless --lang says otherwise).
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* name, function, summary, and the words its first argument may be (for completion) */
static const cli_command commands[] = {
    {"init", cmd_init, N_("create a database (schema and reference data)")},
    {"import", cmd_import,
     N_("import a CSV file (areas, employers, vacancies, seekers, history, referrals, ...)"), NULL,
     true},
    {"export", cmd_export, N_("export a table as CSV in the import format"), NULL, true},
    {"check", cmd_check, N_("check the database's integrity and consistency")},
    {"copy", cmd_copy, N_("copy every record into another database (SQLite or PostgreSQL)")},
    {"match", cmd_match, N_("rank vacancies for a seeker, or seekers for a vacancy")},
    {"fair", cmd_fair, N_("plan job-fair invitations (fair plan, fair candidates)"),
     "plan candidates"},
    {"forecast", cmd_forecast, N_("forecast labour demand from history")},
    {"backtest", cmd_backtest, N_("rolling-origin accuracy of forecasting models")},
    {"balance", cmd_balance, N_("labour demand against supply by occupation group")},
    {"report", cmd_report, N_("write a report: forecast (planners) or activity (the centre)"),
     "forecast activity"},
    {"adjust", cmd_adjust,
     N_("hold a forecast series at the planner's value (add, list, withdraw)"),
     "add list withdraw"},
    {"scenario", cmd_scenario,
     N_("add a known event's positions to the forecasts (add, list, withdraw)"),
     "add list withdraw"},
    {"generate", cmd_generate, N_("write a synthetic data set (seeded) as CSV files")},
    {"lookup", cmd_lookup,
     N_("find occupations or areas by words (lookup occupation TEXT, lookup area TEXT)"),
     "occupation area"},
    {"areas", cmd_areas, N_("move records off areas abolished by the 2025 reform (areas migrate)"),
     "migrate"},
    {"template", cmd_template,
     N_("write the Excel workbook to fill in for an import (Vietnamese headers, dropdowns)"),
     "seekers vacancies employers referrals"},
    {"target", cmd_target, N_("set the year's targets the annual activity report compares with"),
     "set clear show"},
    {"learn", cmd_learn,
     N_("learn the matching weights from hires; compare models on later referrals")},
    {"demo", cmd_demo, N_("build a database from the bundled data and show what vieclam does")},
    {"serve", cmd_serve, N_("run the staff desk: web pages and a JSON API (docs/api.md)")},
    {"user", cmd_user,
     N_("manage the desk's accounts (user add, list, disable, enable, province, erase)"),
     "add list disable enable province erase"},
    {"erase", cmd_erase, N_("erase seekers' personal data (erase seeker ID, erase inactive)"),
     "seeker inactive"},
    {"provide", cmd_provide,
     N_("give a seeker everything the database holds about them (provide seeker ID)"), "seeker"},
    {"audit", cmd_audit,
     N_("show the access audit: who saw or changed whose personal data, when (table or sheet)")},
    {"backup", cmd_backup, N_("write a consistent copy of the database (SQLite, mode 0600)")},
    {"restore", cmd_restore, N_("replace the database with a checked backup (SQLite)")},
    {"version", NULL, N_("print the version")},
    {"help", NULL, N_("list commands, or `help COMMAND`")},
};

static void usage(FILE *f)
{
    fprintf(f, "%s\n\n%s\n",
            _("usage: vieclam [--db PATH] [--threads N] [--quiet] [--lang vi|en] "
              "COMMAND [ARGS...]"),
            _("Commands:"));
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(f, "\n%s\n", _("Global options:"));
    fprintf(f, "%s",
            _("  --db PATH      database file (default $VIECLAM_DB, else ./vieclam.db)\n"
              "  --threads N    worker threads (default: all cores)\n"
              "  --quiet        no progress output\n"
              "  --lang vi|en   language of messages, help and tables (default: "
              "Vietnamese\n"
              "                 under a Vietnamese locale, else English)\n"));
    fprintf(f, "\n%s\n",
            _("`vieclam COMMAND --help` describes a command. Exit codes: 0 ok, 1 "
              "failure,\n2 usage error, 3 invalid data (see docs/cli.md)."));
}

static int run(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");

    cli_global g = {0};
    g.argc = argc;
    g.argv = argv;
    g.db_path = getenv("VIECLAM_DB");
    if (!g.db_path || !*g.db_path)
        g.db_path = "vieclam.db";

    /* the language first, so every message below (usage errors too) is in it */
    for (int k = 1; k < argc && argv[k][0] == '-'; k++) {
        if (strcmp(argv[k], "--lang") == 0 && k + 1 < argc)
            g.lang = argv[k + 1];
        else if (strncmp(argv[k], "--lang=", 7) == 0)
            g.lang = argv[k] + 7;
        if ((strcmp(argv[k], "--lang") == 0 || strcmp(argv[k], "--db") == 0 ||
             strcmp(argv[k], "--threads") == 0) &&
            k + 1 < argc)
            k++; /* the option's value */
    }
    if (vl_language_set(g.lang) != VL_OK) {
        vl_language_set(NULL);
        return cli_usage_error(NULL, "--lang wants vi or en, not '%s'", g.lang);
    }

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
            i++;
        } else if (strncmp(a, "--lang=", 7) == 0) {
            continue;
        } else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
            g.db_path = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            g.db_path = a + 5;
        } else if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || t < 0 || t > 1024)
                return cli_usage_error(NULL, "--threads wants a number 0..1024");
            g.threads = (unsigned)t;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            g.quiet = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("vieclam %s\n", vl_version());
            return EXIT_OK;
        } else {
            return cli_usage_error(NULL, "unknown global option '%s'", a);
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    vl_db_hide_passwords(g.db_path, g.db_shown, sizeof g.db_shown);
    const char *name = argv[i];
    if (strcmp(name, "version") == 0) {
        printf("vieclam %s\n", vl_version());
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        /* for the bash completion (completions/vieclam): the command names, and the words a
         * command takes first (kinds, sub-commands) */
        if (i + 1 < argc && strcmp(argv[i + 1], "--commands") == 0) {
            for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
                printf("%s\n", commands[c].name);
            return EXIT_OK;
        }
        if (i + 2 < argc && strcmp(argv[i + 1], "--words") == 0) {
            for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
                if (strcmp(commands[c].name, argv[i + 2]) != 0)
                    continue;
                if (commands[c].kinds)
                    for (size_t k = 0; cli_kind_words[k]; k++)
                        printf("%s%s", cli_kind_words[k], cli_kind_words[k + 1] ? " " : "\n");
                else if (commands[c].words)
                    printf("%s\n", commands[c].words);
            }
            return EXIT_OK;
        }
        if (i + 1 < argc) {
            for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
                if (commands[c].fn && strcmp(commands[c].name, argv[i + 1]) == 0) {
                    char *help_argv[] = {argv[i + 1], "--help", NULL};
                    return commands[c].fn(&g, 2, help_argv);
                }
            return cli_usage_error(NULL, "no command '%s'", argv[i + 1]);
        }
        usage(stdout);
        return EXIT_OK;
    }
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
        if (commands[c].fn && strcmp(commands[c].name, name) == 0)
            return commands[c].fn(&g, argc - i, argv + i);
    return cli_usage_error(NULL, "unknown command '%s' (try `vieclam help`)", name);
}

int main(int argc, char **argv)
{
    int rc = run(argc, argv);
    /* tables, summaries and results written to standard output: a full disk or a closed pipe
     * must not end in success (`vieclam match ... >/dev/full` exits 1 with a message) */
    vl_ctx *ctx = NULL;
    if (vl_ctx_create(&ctx) == VL_OK && vl_output_check_stdout(ctx) != VL_OK) {
        fprintf(stderr, "vieclam: %s\n", vl_ctx_errmsg(ctx));
        if (rc == EXIT_OK)
            rc = EXIT_FAIL;
    }
    vl_ctx_destroy(ctx);
    return rc;
}
