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

#include "opt.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_DATA = 3 };

/*
 * Messages: every text a person reads is marked, _("...") where it is printed and N_("...")
 * where it sits in a table (translated with _() when printed). The catalogue is the library's
 * (vl_gettext), so the CLI and the library speak one language, chosen once in main.c (--lang,
 * else the locale). Option names, column names of CSV files and codes stay as they are.
 */
#define _(s)  vl_gettext(s)
#define N_(s) s

typedef enum cli_format { FMT_TABLE = 0, FMT_CSV, FMT_JSON } cli_format;

/* Global options, parsed before the command name. */
typedef struct cli_global {
    const char *db_path; /* --db, $VIECLAM_DB, or ./vieclam.db */
    char db_shown[1024]; /* db_path in messages: a URL's password as *** */
    const char *lang;    /* --lang vi|en, NULL = the locale's */
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
    const char *words; /* what its first argument may be (sub-commands), space-separated */
    bool kinds;        /* its first argument is a kind (cli_kind_words) */
} cli_command;

/* The kinds import and export take (cmd-store.c), NULL-terminated. */
extern const char *const cli_kind_words[];

/* Commands, one cmd-*.c each. argv[0] is the command name. */
int cmd_init(cli_global *g, int argc, char **argv);
int cmd_import(cli_global *g, int argc, char **argv);
int cmd_export(cli_global *g, int argc, char **argv);
int cmd_check(cli_global *g, int argc, char **argv);
int cmd_lookup(cli_global *g, int argc, char **argv);
int cmd_areas(cli_global *g, int argc, char **argv);
int cmd_copy(cli_global *g, int argc, char **argv);
int cmd_demo(cli_global *g, int argc, char **argv);
int cmd_generate(cli_global *g, int argc, char **argv);
int cmd_match(cli_global *g, int argc, char **argv);
int cmd_fair(cli_global *g, int argc, char **argv);
int cmd_forecast(cli_global *g, int argc, char **argv);
int cmd_backtest(cli_global *g, int argc, char **argv);
int cmd_balance(cli_global *g, int argc, char **argv);
/* A hierarchical run's choices, evidence and accuracy per level (cmd-forecast.c; balance too). */
void cli_hier_report(FILE *f, const vl_hier *hr);
/* Names on stderr each of the planner's judgements that hr did not apply, and why (side:
 * "demand: " in a balance, else ""); counts the applied ones in applied[0] (adjustments) and
 * applied[1] (scenarios) when given; returns how many were not applied. */
size_t cli_judged_report(const vl_hier *hr, const vl_judgements *js, const char *side,
                         size_t applied[2]);
int cmd_report(cli_global *g, int argc, char **argv);
int cmd_adjust(cli_global *g, int argc, char **argv);
int cmd_scenario(cli_global *g, int argc, char **argv);
/* The planner's judgement (cmd-adjust.c; cmd-scenario.c uses them too). */
char *cli_keys_json(const char *cmd, const char *text);
const char *cli_author(const char *by);
/* province: --province CODES (cli_db_open), NULL for the whole database's */
int cli_judgements_list(cli_global *g, bool scenario, bool all, const char *format,
                        const char *province);
int cli_judgement_withdraw(cli_global *g, bool scenario, const char *id_text, const char *by,
                           const char *province);
int cli_judgement_add(cli_global *g, vl_judgement *j, const char *province);
bool cli_parse_period_span(const char *cmd, const char *text, vl_period *from, vl_period *to);
int cmd_template(cli_global *g, int argc, char **argv);
int cmd_learn(cli_global *g, int argc, char **argv);
int cmd_target(cli_global *g, int argc, char **argv);
/* `report activity` (cmd-report-activity.c), dispatched by cmd_report; argv[0] = "activity". */
int cmd_report_activity(cli_global *g, int argc, char **argv);
int cmd_serve(cli_global *g, int argc, char **argv);
int cmd_user(cli_global *g, int argc, char **argv);
int cmd_erase(cli_global *g, int argc, char **argv);
int cmd_provide(cli_global *g, int argc, char **argv);
int cmd_audit(cli_global *g, int argc, char **argv);
int cmd_backup(cli_global *g, int argc, char **argv);
int cmd_restore(cli_global *g, int argc, char **argv);

/* The command line as one string for the audit row (arguments with spaces or quotes are
 * shell-quoted); malloc'd, NULL on out of memory. */
char *cli_command_line(const cli_global *g);
/*
 * Appends a row to the access audit as the operating-system user, as the desk does for its
 * accounts: the commands that show, copy or write personal data (export, import, fair plan,
 * backup; provide and erase write theirs in the engine) are written before they read a row, a
 * restore (which rewinds the audit to the backup's) after it.
 */
vl_status cli_audit(vl_ctx *ctx, vl_db *db, const char *action, const char *kind,
                    const char *record, const char *detail);
/*
 * A model file's default path: $VIECLAM_MODELS/FILE when that is set, else the installed
 * <datadir>/vieclam/models/FILE (vl_datadir). Returns buf.
 */
const char *cli_model_path(const char *file, char *buf, size_t size);
/* Maps a library status to an exit code. */
int cli_exit_code(vl_status st);
/*
 * Prints "vieclam: <what>: <ctx message>" and every diagnostic on stderr, then returns the exit
 * code for st. `what` is printed as given: mark it with _() at the call.
 */
int cli_fail(vl_ctx *ctx, vl_status st, const char *what);
/* The outcome a run records for an exit code (the last status when there is one). */
vl_status cli_exit_status(int rc, vl_status st);
/* Prints every diagnostic on stderr, one a line ("... and N more problems" past the kept ones). */
void cli_print_diags(vl_ctx *ctx);
/* Prints a usage error (fmt translated) and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Creates a context configured from the global options (threads, log to stderr, progress). */
vl_ctx *cli_ctx(const cli_global *g);
/* vl_db_open, then, when province names some (--province 31 or 31,01), the load scope of
 * those provinces (vl_db_set_load_scope_list): what a province's server reads and writes. */
vl_status cli_db_open(vl_ctx *ctx, const char *path, unsigned flags, const char *province,
                      vl_db **db);
/* Parses "table|csv|json"; false on anything else. */
bool cli_parse_format(const char *s, cli_format *out);
/*
 * Opens an output for path ("-" or NULL = stdout) through vl_output: the file appears whole or
 * not at all, with mode 0600. Returns its stream, or NULL with the error on ctx.
 */
FILE *cli_open_out(vl_ctx *ctx, const char *path, vl_output **o);
/* The form of the next CSV output (from --excel or --format xlsx; VL_SHEET_CSV = as written):
 * a command calls it after parsing when its output is CSV; sheet_name names the xlsx sheet. */
void cli_sheet_format(vl_sheet_format format, const char *sheet_name);
/* True when the next CSV output becomes a workbook (--format xlsx): its header row is for
 * people, in their language, where a CSV keeps the contract's names. */
bool cli_sheet_xlsx(void);
/*
 * The options --format xlsx and --excel of a command writing CSV for people: --format xlsx
 * (needs --out FILE) becomes CSV gathered into a workbook, --excel (with CSV only) a BOM and
 * ';'. *format is left "csv" for an xlsx. EXIT_OK, or a usage error naming cmd.
 */
int cli_sheet_options(const char *cmd, const char **format, bool excel, const char *out,
                      const char *sheet_name);
/*
 * Finishes an output: when st is VL_OK, commits it (a failed write is an error on ctx naming the
 * file); otherwise discards it (the target is left as it was) and returns st.
 */
vl_status cli_close_out(vl_ctx *ctx, vl_output *o, vl_status st);

/*
 * A simple aligned text table: columns sized by display width (Vietnamese text aligns).
 */
typedef struct cli_table cli_table;
cli_table *cli_table_new(size_t ncols, const char *const *headers);
/* Adds a row; cells are copied. Right-aligns columns marked numeric. */
void cli_table_row(cli_table *t, const char *const *cells);
void cli_table_numeric(cli_table *t, size_t col, bool numeric);
/* Marks a column that may be cut (ending in "…") when the table is wider than the terminal. */
void cli_table_shrink(cli_table *t, size_t col);
/* Columns of the terminal f writes to: $COLUMNS, else the terminal's, else 0 (not a terminal). */
size_t cli_term_width(FILE *f);
void cli_table_print(cli_table *t, FILE *f);
void cli_table_free(cli_table *t);

/* Writes s as a JSON string literal, escaped (NULL as ""). */
void cli_json_string(FILE *f, const char *s);
/* A number for a person in the chosen language (0,982 and 4.782 in Vietnamese); never for a
 * file that is read back (CSV, JSON), which keeps vl_format_fixed's '.'. Returns buf. */
char *cli_num(char *buf, size_t size, double v, int decimals);
/* Writes one CSV row (RFC 4180 quoting) of n cells to f. */
void cli_csv_row(FILE *f, size_t n, const char *const *cells);

#endif
