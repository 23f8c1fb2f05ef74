/*
 * cli.h - shared by the vieclam command-line front end: the command table, global options,
 * exit codes and output helpers. The CLI uses only the public API (<vieclam/vieclam.h>).
 *
 * Exit codes (docs/cli.md): 0 ok, 1 failure, 2 usage, 3 invalid data (bad input file, unknown
 * id, broken model file, empty database).
 */
#ifndef VL_CLI_H
#define VL_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <vieclam/vieclam.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_DATA = 3 };

typedef enum cli_format { FMT_TABLE = 0, FMT_CSV, FMT_JSON } cli_format;

/* Global options, parsed before the command name. */
typedef struct cli_global {
    const char *db_path; /* --db, $VIECLAM_DB, or ./vieclam.db */
    unsigned threads;    /* --threads, 0 = all cores */
    bool quiet;          /* --quiet: no progress */
    int argc;            /* the whole command line, for the audit row */
    char **argv;
} cli_global;

typedef int (*cli_cmd_fn)(cli_global *g, int argc, char **argv);

typedef struct cli_command {
    const char *name;
    cli_cmd_fn fn;
    const char *summary;
} cli_command;

/* Commands, one cmd-*.c each. argv[0] is the command name. */
int cmd_init(cli_global *g, int argc, char **argv);
int cmd_import(cli_global *g, int argc, char **argv);
int cmd_export(cli_global *g, int argc, char **argv);
int cmd_check(cli_global *g, int argc, char **argv);
int cmd_lookup(cli_global *g, int argc, char **argv);
int cmd_demo(cli_global *g, int argc, char **argv);
int cmd_generate(cli_global *g, int argc, char **argv);
int cmd_match(cli_global *g, int argc, char **argv);
int cmd_fair(cli_global *g, int argc, char **argv);
int cmd_forecast(cli_global *g, int argc, char **argv);
int cmd_backtest(cli_global *g, int argc, char **argv);
int cmd_balance(cli_global *g, int argc, char **argv);
int cmd_report(cli_global *g, int argc, char **argv);

/* The command line as one string for the audit row (arguments with spaces or quotes are
 * shell-quoted); malloc'd, NULL on out of memory. */
char *cli_command_line(const cli_global *g);
/* Maps a library status to an exit code. */
int cli_exit_code(vl_status st);
/*
 * Prints "vieclam: <what>: <ctx message>" and every diagnostic on stderr, then returns the exit
 * code for st.
 */
int cli_fail(vl_ctx *ctx, vl_status st, const char *what);
/* Prints every diagnostic on stderr, one a line ("... and N more problems" past the kept ones). */
void cli_print_diags(vl_ctx *ctx);
/* Prints a usage error and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Creates a context configured from the global options (threads, log to stderr, progress). */
vl_ctx *cli_ctx(const cli_global *g);
/* Parses "table|csv|json"; false on anything else. */
bool cli_parse_format(const char *s, cli_format *out);
/* Opens FILE for writing ("-" or NULL = stdout); prints an error and returns NULL on failure. */
FILE *cli_open_out(const char *path);
void cli_close_out(FILE *f);

/*
 * A simple aligned text table: columns sized by display width (Vietnamese text aligns).
 */
typedef struct cli_table cli_table;
cli_table *cli_table_new(size_t ncols, const char *const *headers);
/* Adds a row; cells are copied. Right-aligns columns marked numeric. */
void cli_table_row(cli_table *t, const char *const *cells);
void cli_table_numeric(cli_table *t, size_t col, bool numeric);
void cli_table_print(cli_table *t, FILE *f);
void cli_table_free(cli_table *t);

/* Writes s as a JSON string literal, escaped (NULL as ""). */
void cli_json_string(FILE *f, const char *s);
/* Writes one CSV row (RFC 4180 quoting) of n cells to f. */
void cli_csv_row(FILE *f, size_t n, const char *const *cells);

#endif
