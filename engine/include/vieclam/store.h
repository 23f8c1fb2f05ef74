/*
 * store.h - the centre's database (SQLite): open/create, schema and migrations, reference data,
 * strict CSV import and lossless export, consistency checks, the audit trail of runs, and
 * loading records into plain structs for the engines.
 *
 * A database file is created with mode 0600 and runs in WAL mode with foreign keys on and a busy
 * timeout. Every import is one transaction: all rows or none (unless skip_invalid is set, when
 * bad rows go to a rejects file with their reasons).
 */
#ifndef VIECLAM_STORE_H
#define VIECLAM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>
#include <vieclam/data.h>
#include <vieclam/history.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vl_db vl_db;

enum {
    VL_DB_CREATE = 1u << 0, /* create the file (mode 0600) if it does not exist */
    VL_DB_READONLY = 1u << 1
};

/*
 * Opens (or creates) the database at path and migrates its schema forward to the current
 * version. A database newer than this library is refused (VL_ERR_DB). path is a file (SQLite)
 * or a PostgreSQL connection URL (postgresql://... or postgres://...; VL_DB_CREATE then
 * creates the schema in an existing database, and without it a database without the vieclam
 * schema is VL_ERR_NOTFOUND).
 */
VL_EXPORT bool vl_db_is_url(const char *path); /* a server URL rather than a file */
VL_EXPORT vl_status vl_db_open(vl_ctx *ctx, const char *path, unsigned flags, vl_db **out);
VL_EXPORT void vl_db_close(vl_db *db); /* NULL is a no-op */
VL_EXPORT int vl_db_schema_version(const vl_db *db);

/* Loads the bundled reference data (occupations, industries, areas) if not already there. */
VL_EXPORT vl_status vl_db_init_reference(vl_ctx *ctx, vl_db *db);

typedef enum vl_kind {
    VL_KIND_AREAS = 0,
    VL_KIND_EMPLOYERS,
    VL_KIND_VACANCIES,
    VL_KIND_SEEKERS,
    VL_KIND_HISTORY,
    VL_KIND_REFERRALS, /* referrals of seekers to vacancies and their outcomes (placement.h) */
    VL_KIND_FOLLOWUPS, /* whether a hired person is still in the job on a date */
    VL_KIND_COUNT
} vl_kind;

VL_EXPORT bool vl_kind_parse(const char *name, vl_kind *out);
VL_EXPORT const char *vl_kind_name(vl_kind kind);

/* How a pre-reform area code or name in an `area` cell is read (vieclam/areas.h). */
typedef enum vl_legacy_areas {
    VL_LEGACY_MAP = 0, /* mapped to its successor with a warning; a divided one is an error */
    VL_LEGACY_NEAREST, /* as MAP, and a divided one takes the successor nearest to its centre */
    VL_LEGACY_KEEP     /* kept as written (an archive of pre-reform records; `areas migrate`
                          moves them later); a code is read in the pre-reform list first */
} vl_legacy_areas;

typedef struct vl_import_options {
    bool skip_invalid;        /* import good rows, write bad ones to rejects_path */
    const char *rejects_path; /* required with skip_invalid */
    bool allow_extra_columns; /* unknown columns are an error unless this is set */
    vl_legacy_areas legacy_areas; /* pre-reform areas in `area` cells */
} vl_import_options;

typedef struct vl_import_stats {
    size_t rows;          /* data rows read */
    size_t inserted;      /* new ids */
    size_t updated;       /* existing ids whose row changed */
    size_t unchanged;     /* existing ids, identical row */
    size_t rejected;      /* bad rows (written to the rejects file with skip_invalid) */
    size_t extra_columns; /* unknown columns ignored with allow_extra_columns (warned) */
} vl_import_stats;

/*
 * Imports a CSV file of the given kind. On invalid rows (without skip_invalid) returns
 * VL_ERR_INVALID with every problem as a diagnostic "FILE:LINE: column NAME: reason" and leaves
 * the database unchanged. Importing the same file twice changes nothing.
 */
VL_EXPORT vl_status vl_db_import(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *path,
                                 const vl_import_options *opt, vl_import_stats *stats);

typedef struct vl_export_options {
    bool bom; /* write a UTF-8 byte order mark (for Excel) */
} vl_export_options;

/* Writes a table in the import format (path NULL or "-" = stdout), losslessly. */
VL_EXPORT vl_status vl_db_export(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *path,
                                 const vl_export_options *opt);

/*
 * Integrity and consistency: SQLite's integrity check, dangling codes, vacancies without
 * positions, seekers without occupations, ... Each problem is a diagnostic; returns VL_OK when
 * none, VL_ERR_INVALID when some.
 */
VL_EXPORT vl_status vl_db_check(vl_ctx *ctx, vl_db *db, size_t *n_problems);
/*
 * The same on a given date (yyyymmdd; 0 = today): open vacancies, active seekers and employers
 * whose area is no longer valid (or not yet valid) on that date are problems. Diagnostics read
 * "TABLE:ID: reason" ("database" for the file itself), except the area-validity ones, which are
 * aggregated per table and area - one problem each - and read "TABLE: N [open|active] records
 * use area CODE (NAME), valid until DATE: ID, ID, ... - re-map them to the current areas (...)"
 * (a space after the colon, no id; at most the first 5 ids).
 */
VL_EXPORT vl_status vl_db_check_at(vl_ctx *ctx, vl_db *db, int32_t as_of, size_t *n_problems);

/* Row counts per table, for summaries. */
typedef struct vl_db_counts {
    size_t areas, occupations, industries, employers, vacancies, seekers, history, runs;
    size_t open_vacancies, active_seekers, positions;
} vl_db_counts;
VL_EXPORT vl_status vl_db_counts_get(vl_ctx *ctx, vl_db *db, vl_db_counts *out);

/*
 * The audit trail: one row per command that changes data or produces results, with the time,
 * the OS user, the command line, the SHA-256 of the model/config file and of each input file.
 */
VL_EXPORT vl_status vl_db_run_begin(vl_ctx *ctx, vl_db *db, const char *command,
                                    const char *config_path, const char *const *input_paths,
                                    size_t n_inputs, int64_t *run_id);
/* Closes a run with its outcome and an optional JSON summary. */
VL_EXPORT vl_status vl_db_run_end(vl_ctx *ctx, vl_db *db, int64_t run_id, vl_status outcome,
                                  const char *summary_json);

/*
 * Groups several writes into one transaction, so that they land together or not at all (results
 * stored while their output file is written: vl_output_commit between the last write and
 * vl_db_commit, and vl_db_rollback when it fails). Transactions nest (savepoints); a failed
 * commit rolls back.
 */
VL_EXPORT vl_status vl_db_begin(vl_ctx *ctx, vl_db *db);
VL_EXPORT vl_status vl_db_commit(vl_ctx *ctx, vl_db *db);
VL_EXPORT void vl_db_rollback(vl_db *db); /* NULL, or no open transaction: a no-op */

/* Loads areas, employers, vacancies and seekers (all of them; engines filter). */
VL_EXPORT vl_status vl_db_load_dataset(vl_ctx *ctx, vl_db *db, vl_dataset **out);

/* Loads the stored history records. */
VL_EXPORT vl_status vl_db_load_history(vl_ctx *ctx, vl_db *db, vl_history **out);

#ifdef __cplusplus
}
#endif

#endif
