/*
 * opt.h - the one option parser of the command line: each command describes its options in a
 * table (name, value, type, where it goes, help, default) and cli_parse reads argv with it,
 * prints --help from it (every option with its default), and answers the completion script
 * (`vieclam help --options COMMAND`). A default is written once, in the table: a value the
 * parser applies before reading argv, or, when the library owns it, a phrase naming where it
 * comes from (the CLI never restates a library default).
 */
#ifndef VL_CLI_OPT_H
#define VL_CLI_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum cli_opt_type {
    CLI_FLAG,   /* bool, no value */
    CLI_STR,    /* const char *, as given */
    CLI_SIZE,   /* size_t, a whole number in [min, max] */
    CLI_DATE,   /* int32_t yyyymmdd from YYYY-MM-DD, a real calendar date */
    CLI_CHOICE, /* const char *, one of choices (NULL-terminated) */
    CLI_OPTSTR, /* const char *, a value when the next argument is not an option, else "" */
} cli_opt_type;

typedef struct cli_opt {
    const char *name;    /* "--top" */
    const char *metavar; /* "N"; NULL for a flag */
    cli_opt_type type;
    size_t off;       /* offsetof(the command's args struct, field) */
    const char *help; /* N_("...") */
    /* the default: a value applied before argv is read (shown as "default: VALUE") ... */
    const char *def;
    /* ... or a phrase (N_()) saying where the default comes from: "the model's results.top" */
    const char *def_text;
    size_t min, max;            /* CLI_SIZE bounds */
    const char *const *choices; /* CLI_CHOICE, NULL-terminated */
    /* ... or the default read from the library when help is shown (its options' init) */
    const char *(*def_fn)(char *buf, size_t size);
} cli_opt;

typedef struct cli_spec {
    const char *name;  /* "match", "lookup occupation" */
    const char *usage; /* N_(): the synopsis lines, without "usage: " */
    const char *about; /* N_(): what the command does */
    const cli_opt *opts;
    size_t n_opts;
    size_t min_pos, max_pos;  /* positional arguments */
    const char *const *words; /* first positional's choices (kinds) for completion, or NULL */
    const char *footer;       /* N_(): exit codes, formats, see also; or NULL */
} cli_spec;

#define CLI_OPTS(a) (a), (sizeof(a) / sizeof((a)[0]))

enum { CLI_HELP_SHOWN = -1 };

/*
 * Parses argv[1..argc) against the spec into args (defaults first): options anywhere
 * ("--top 5" or "--top=5"; "--" ends them), positionals into pos[max_pos] and *npos. --help or
 * -h prints the help on stdout and returns CLI_HELP_SHOWN; a usage error prints a message
 * naming the option and returns EXIT_USAGE; EXIT_OK otherwise.
 */
int cli_parse(const cli_spec *s, int argc, char **argv, void *args, const char **pos, size_t *npos);
/* Prints the help: usage, about, every option with its value, help and default, footer. */
void cli_help(const cli_spec *s, FILE *f);
/* Option names, one a line, then the positional words (for the completion script). */
void cli_print_options(const cli_spec *s, FILE *f);
/* YYYY-MM-DD, a real calendar date, to yyyymmdd. */
bool cli_parse_date(const char *s, int32_t *out);

#endif
