/*
 * main.c - the vieclam program: global options, command dispatch, help.
 *
 * Usage: vieclam [--db PATH] [--threads N] [--quiet] COMMAND [ARGS...]. Each command lives in
 * its own cmd-*.c and uses only the public API. Numbers are always printed with a decimal point:
 * the user's locale applies to text (LC_CTYPE, LC_COLLATE), never to LC_NUMERIC.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"init", cmd_init, "create a database (schema and reference data)"},
    {"import", cmd_import, "import a CSV file: areas, employers, vacancies, seekers, history"},
    {"export", cmd_export, "export a table as CSV in the import format"},
    {"check", cmd_check, "check the database's integrity and consistency"},
    {"lookup", cmd_lookup, "find reference entries by folded name: lookup area TEXT"},
    {"match", cmd_match, "rank vacancies for a seeker, or seekers for a vacancy"},
    {"fair", cmd_fair, "plan job-fair invitations (fair plan, fair candidates)"},
    {"forecast", cmd_forecast, "forecast labour demand from history"},
    {"backtest", cmd_backtest, "rolling-origin accuracy of forecasting models"},
    {"balance", cmd_balance, "labour demand against supply by occupation group"},
    {"report", cmd_report, "write a planner's report (HTML, XLSX)"},
    {"generate", cmd_generate, "write a synthetic data set (seeded) as CSV files"},
    {"demo", cmd_demo, "build a database from the bundled data and show what vieclam does"},
    {"version", NULL, "print the version"},
    {"help", NULL, "list commands, or `help COMMAND`"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: vieclam [--db PATH] [--threads N] [--quiet] COMMAND [ARGS...]\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nGlobal options:\n"
               "  --db PATH      database file (default $VIECLAM_DB, else ./vieclam.db)\n"
               "  --threads N    worker threads (default: all cores)\n"
               "  --quiet        no progress output\n"
               "\n`vieclam COMMAND --help` describes a command. Exit codes: 0 ok, 1 failure,\n"
               "2 usage error, 3 invalid data (see docs/cli.md).\n");
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");

    cli_global g = {0};
    g.argc = argc;
    g.argv = argv;
    g.db_path = getenv("VIECLAM_DB");
    if (!g.db_path || !*g.db_path)
        g.db_path = "vieclam.db";

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--db") == 0 && i + 1 < argc) {
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
    const char *name = argv[i];
    if (strcmp(name, "version") == 0) {
        printf("vieclam %s\n", vl_version());
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
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
