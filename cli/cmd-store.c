/*
 * cmd-store.c - placeholder until its module lands: prints that the command is not built yet.
 */
#include "cli.h"

int cmd_init(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    fprintf(stderr, "vieclam init: not available yet\n");
    return EXIT_FAIL;
}

int cmd_import(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    fprintf(stderr, "vieclam import: not available yet\n");
    return EXIT_FAIL;
}

int cmd_export(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    fprintf(stderr, "vieclam export: not available yet\n");
    return EXIT_FAIL;
}

int cmd_check(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    fprintf(stderr, "vieclam check: not available yet\n");
    return EXIT_FAIL;
}

