/*
 * cmd-forecast.c - placeholder until its module lands: prints that the command is not built yet.
 */
#include "cli.h"

int cmd_forecast(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    fprintf(stderr, "vieclam forecast: not available yet\n");
    return EXIT_FAIL;
}

int cmd_backtest(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    fprintf(stderr, "vieclam backtest: not available yet\n");
    return EXIT_FAIL;
}

