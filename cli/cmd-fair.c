/*
 * cmd-fair.c - placeholder until its module lands: prints that the command is not built yet.
 */
#include "cli.h"

int cmd_fair(cli_global *g, int argc, char **argv)
{
    (void)g;
    (void)argc;
    (void)argv;
    fprintf(stderr, "vieclam fair: not available yet\n");
    return EXIT_FAIL;
}

