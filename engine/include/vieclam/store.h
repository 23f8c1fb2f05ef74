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
    VL_DB_READONLY = 1u << 1,
    /* one of a server's many connections: SQLite's own small page cache (2,000 KiB) always,
     * never the 256 MiB another connection's write transactions may fill (imports) */
    VL_DB_POOLED = 1u << 2
};

/*
 * Opens (or creates) the database at path and migrates its schema forward to the current
 * version. A database newer than this library is refused (VL_ERR_DB). path is a file (SQLite)
 * or a PostgreSQL connection URL (postgresql://... or postgres://...; VL_DB_CREATE then
 * creates the schema in an existing database, and without it a database without the vieclam
 * schema is VL_ERR_NOTFOUND).
 */
VL_EXPORT bool vl_db_is_url(const char *path); /* a server URL rather than a file */
/* text (a target, a command line, a message) with the password of every database URL in it
 * written as *** (postgresql://user:***@host/db, ?password=***), into out (at most size bytes,
 * always terminated when size > 0); returns the length of the whole result, as snprintf (size 0
 * measures). What is stored, shown or logged of a target goes through it: the runs' command
 * lines, messages, the audit. */
VL_EXPORT size_t vl_db_hide_passwords(const char *text, char *out, size_t size);
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
    VL_KIND_REFERRALS,   /* referrals of seekers to vacancies and their outcomes (placement.h) */
    VL_KIND_FOLLOWUPS,   /* whether a hired person is still in the job on a date */
    VL_KIND_COUNSELLING, /* counselling sessions of seekers (the activity report) */
    VL_KIND_FAIRS,       /* job fairs: name, date, area, venue, capacity */
    VL_KIND_COUNT
} vl_kind;

VL_EXPORT bool vl_kind_parse(const char *name, vl_kind *out);
VL_EXPORT const char *vl_kind_name(vl_kind kind);
/* A kind's columns, in the contract's order (docs/data-formats.md); NULL for no such kind. */
VL_EXPORT const char *const *vl_kind_columns(vl_kind kind, size_t *n);
/*
 * The Vietnamese header of a kind's column: what templates write, one of the headers an import
 * accepts for it (docs/data-formats.md lists them all). NULL for an unknown column.
 */
VL_EXPORT const char *vl_kind_header_vi(vl_kind kind, const char *column);

/* How a pre-reform area code or name in an `area` cell is read (vieclam/areas.h). */
typedef enum vl_legacy_areas {
    VL_LEGACY_MAP = 0, /* mapped to its successor with a warning; a divided one is an error */
    VL_LEGACY_NEAREST, /* as MAP, and a divided one takes the successor nearest to its centre */
    VL_LEGACY_KEEP     /* kept as written (an archive of pre-reform records; `areas migrate`
                          moves them later); a code is read in the pre-reform list first */
} vl_legacy_areas;

typedef struct vl_import_options {
    bool skip_invalid;            /* import good rows, write bad ones to rejects_path */
    const char *rejects_path;     /* required with skip_invalid */
    bool allow_extra_columns;     /* unknown columns are an error unless this is set */
    const char *sheet;            /* an .xlsx workbook's sheet (NULL = the first) */
    bool dates_dmy;               /* also read dates as day/month/year: 30/03/2025, 3-1-2025 */
    bool numbers_vi;              /* read numbers the Vietnamese way: 7.500.000 and 1,5 */
    vl_legacy_areas legacy_areas; /* pre-reform areas in `area` cells */
} vl_import_options;

typedef struct vl_import_stats {
    size_t rows;          /* data rows read */
    size_t inserted;      /* new ids */
    size_t updated;       /* existing ids whose row changed */
    size_t unchanged;     /* existing ids, identical row */
    size_t rejected;      /* bad rows (written to the rejects file with skip_invalid) */
    size_t extra_columns; /* unknown columns ignored with allow_extra_columns (warned) */
    /* referrals, counselling: rows whose staff cell named an erased member of staff
     * (vl_db_erase_user), written with that erasure's "user#N" instead of the name */
    size_t staff_anonymised;
} vl_import_stats;

/*
 * Imports a CSV file, or a sheet of an .xlsx workbook (recognised by its content), of the given
 * kind; headers may be the contract's names or their Vietnamese forms (vl_kind_header_vi). In a
 * workbook every problem is "FILE:SHEET!CELL: column NAME: reason". On invalid rows (without
 * skip_invalid) returns VL_ERR_INVALID with every problem as a diagnostic "FILE:LINE: column NAME:
 * reason" and leaves the database unchanged. Importing the same file twice changes nothing.
 */
VL_EXPORT vl_status vl_db_import(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *path,
                                 const vl_import_options *opt, vl_import_stats *stats);

typedef struct vl_export_options {
    bool bom; /* write a UTF-8 byte order mark (for Excel) */
    /* Pseudonymise (vl_personal_columns): each column marked VL_PD_HASH is written as a keyed
     * hash (HMAC-SHA-256 with this key, "P" + 20 hex digits; the same person gets the same
     * pseudonym in every kind), VL_PD_DROP columns are written empty. NULL: plain export. */
    const unsigned char *pseudonym_key;
    size_t pseudonym_key_len; /* at least 16 bytes */
    /* An .xlsx workbook (path required) for people: the Vietnamese headers of the templates
     * (vl_kind_header_vi), numbers as numbers, dates as dates; imported again it gives the same
     * rows. bom is then ignored. */
    bool xlsx;
} vl_export_options;

/* Writes a table in the import format (path NULL or "-" = stdout, not for a workbook),
 * losslessly. Under a load scope (vl_db_set_load_scope: a province's server) the vacancies and
 * the fairs are those its lists show: its provinces' and those open to every province (a
 * vacancy abroad) or with no place yet; every other kind is the whole database's. */
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

/*
 * Copies the centre's records (every kind, in reference order) from one database to another,
 * whatever their backends (a SQLite file to PostgreSQL and back), through the exporter and the
 * importer in one transaction on the target, then proves the copy: each kind exported again
 * from the target must have the source export's row count and SHA-256 (VL_ERR_INVALID and
 * nothing copied when one differs, e.g. because the target held other records: see
 * vl_db_copy_join). Runs and the results stored under them are not copied. out lists each
 * kind's figures. A load scope on either connection is lifted (whole databases).
 */
typedef struct vl_copy_table {
    vl_kind kind;
    size_t rows;                         /* data rows copied */
    char sha256_from[65], sha256_to[65]; /* of the source's and the target's export */
    bool same;
} vl_copy_table;
typedef struct vl_copy_report {
    vl_copy_table tables[VL_KIND_COUNT];
    size_t n;
    /* erasures, which no export carries: seekers marked erased on the target (their personal
     * data refused there too) and erased members of staff (user#N, with the keyed hashes that
     * recognise their names in old files); a target that records other staff erasures is
     * refused */
    size_t erased_seekers, staff_erasures;
    /* every outcome ever recorded of the referrals (an export holds the current one only), with
     * when, how and by whom; the SHA-256 of that history on both sides, which must agree */
    size_t outcome_events;
    char outcomes_sha256[65];
    /* what the planners keep, as it is (each province's), compared by digest like the outcome
     * history: rows of the year's targets, the adjustments and the scenarios (withdrawn ones
     * too, with their numbers); a target that already holds any is refused */
    size_t planning[3];
} vl_copy_report;
VL_EXPORT vl_status vl_db_copy(vl_ctx *ctx, vl_db *from, vl_db *to, vl_copy_report *out);
/*
 * Adds the records of province's centre (its file, from) to a database that may hold other
 * provinces' (to: a province joining a shared exchange), in one transaction on the target, every
 * row through the importer. Each kind is proved by the target's export before and after: after
 * are exactly the rows before and the file's, so no record of the target changed and every row
 * of the file arrived as it is (tables[].sha256_*: once proved, both the SHA-256 of the file's
 * export as it went in, renamed by id_prefix: `vieclam --db FILE export KIND | sha256sum`). The ids
 * are one namespace: a row whose id the target already uses is refused (VL_ERR_INVALID, nothing
 * copied) unless it is an area, an employer or a history row the target holds exactly the same; a
 * history row of a series, period and keys the target holds with another value is refused too, and
 * a history with other columns than the target's. The outcome history goes with the file's
 * referrals; the file's targets and judgements of the whole database ('') become province's, get
 * the target's next numbers, and are refused when the target holds some of province already or the
 * file holds another province's; a file that records erased members of staff is refused (their
 * user#N would name others). province must be a top-level area of the target once the file's areas
 * are in (VL_ERR_NOTFOUND). Both connections' load scopes are lifted, as by vl_db_copy. id_prefix
 * (NULL or "": none; else 1 to VL_COPY_PREFIX_MAX letters, digits, '-', '_', '.': VL_ERR_INVALID
 * otherwise) is written before every id of the file's records and every reference to one
 * (employers, fairs, vacancies, seekers, referrals, and the vacancies' employer and fair, the
 * referrals' seeker and vacancy, the follow-ups' referral, the sessions' seeker, the erasures and
 * the outcome history), so that a centre numbered on its own joins without colliding; its employers
 * are then its own, not shared. The checks compare the file's rows as renamed.
 */
#define VL_COPY_PREFIX_MAX 16
VL_EXPORT vl_status vl_db_copy_join(vl_ctx *ctx, vl_db *from, vl_db *to, const char *province,
                                    const char *id_prefix, vl_copy_report *out);
/*
 * Takes province's records out of a database several provinces share (from) into a new one
 * (to): a province leaving the exchange, or taking its own file. Its records are its seekers and
 * vacancies (those with no area too, as its desk sees them), the referrals of those seekers or
 * to those vacancies with the other end of each, the employers and fairs of its areas and of
 * those vacancies, their follow-ups and counselling, the history rows its forecast reads, every
 * area; with them the outcome history of those referrals, the erasures of those seekers, every
 * erased member of staff, and the province's targets and judgements, which become the new
 * database's own ('', numbers as they are). Verified as vl_db_copy: each kind exported from the
 * target must be the source's export of the province, byte for byte (a target that held
 * records is refused). province is one code (VL_ERR_ARG for a list); VL_ERR_NOTFOUND when it
 * names no province of from. from's load scope is lifted.
 */
VL_EXPORT vl_status vl_db_copy_province(vl_ctx *ctx, vl_db *from, vl_db *to, const char *province,
                                        vl_copy_report *out);
/*
 * Marks `to` as the target of a copy under way (from: the source as messages name it, without a
 * password), in a transaction of its own, before vl_db_copy or vl_db_copy_province starts: their
 * commit removes the mark, so a copy killed half-way leaves a database that vl_db_check reports
 * incomplete instead of an empty one that looks good. from NULL removes the mark (a copy that
 * failed and rolled back left the target as it was).
 */
VL_EXPORT vl_status vl_db_copy_pending(vl_ctx *ctx, vl_db *to, const char *from);

/* Row counts per table, for summaries; seekers and vacancies those of db's load scope
 * (vl_db_set_load_scope: a province's desk counts its province's). */
typedef struct vl_db_counts {
    size_t areas, occupations, industries, employers, vacancies, seekers, history, runs;
    size_t open_vacancies, active_seekers, positions;
} vl_db_counts;
VL_EXPORT vl_status vl_db_counts_get(vl_ctx *ctx, vl_db *db, vl_db_counts *out);
/* The same counted on a day (yyyymmdd; 0 = today, the local date): open vacancies and their
 * positions are those posted by that day and not closed before it (a server's --as-of). */
VL_EXPORT vl_status vl_db_counts_on(vl_ctx *ctx, vl_db *db, int32_t date, vl_db_counts *out);

/* The login name of the process's effective user ("uid N" without a passwd entry): who a run
 * and a command line's rows of the access audit name. */
VL_EXPORT void vl_os_user(char *out, size_t size);
/*
 * The audit trail: one row per command that changes data or produces results, with the time,
 * the OS user, the command line, the SHA-256 of the model/config file and of each input file,
 * and whose the run is: the codes of db's load scope, sorted ("01,31"), "" without one.
 */
VL_EXPORT vl_status vl_db_run_begin(vl_ctx *ctx, vl_db *db, const char *command,
                                    const char *config_path, const char *const *input_paths,
                                    size_t n_inputs, int64_t *run_id);
/* Closes a run with its outcome and an optional JSON summary. */
VL_EXPORT vl_status vl_db_run_end(vl_ctx *ctx, vl_db *db, int64_t run_id, vl_status outcome,
                                  const char *summary_json);
/* When a run ended (UTC, ISO 8601; "" while it runs); VL_ERR_NOTFOUND for an unknown run. */
VL_EXPORT vl_status vl_db_run_finished(vl_ctx *ctx, vl_db *db, int64_t run_id, char out[21]);

/*
 * Groups several writes into one transaction, so that they land together or not at all (results
 * stored while their output file is written: vl_output_commit between the last write and
 * vl_db_commit, and vl_db_rollback when it fails). Transactions nest (savepoints); a failed
 * commit rolls back.
 */
VL_EXPORT vl_status vl_db_begin(vl_ctx *ctx, vl_db *db);
/*
 * vl_db_begin for a writer that takes turns with every other such writer on the database, in any
 * process: SQLite's write transactions all do; on PostgreSQL a lock (an advisory lock, waited
 * for at most the busy timeout, then VL_ERR_BUSY) is held from before the transaction begins
 * until it ends, so two servers' writes that read what the other writes (the next referral
 * number) follow each other instead of failing as serialisation failures. For short writes
 * that would collide anyway (the desk's group commit); other writers are not held up.
 */
VL_EXPORT vl_status vl_db_begin_exclusive(vl_ctx *ctx, vl_db *db);
VL_EXPORT vl_status vl_db_commit(vl_ctx *ctx, vl_db *db);
VL_EXPORT void vl_db_rollback(vl_db *db); /* NULL, or no open transaction: a no-op */

/* Loads areas, employers, vacancies and seekers (all of them, or those of db's load scope;
 * engines filter). */
VL_EXPORT vl_status vl_db_load_dataset(vl_ctx *ctx, vl_db *db, vl_dataset **out);
/*
 * vl_db_load_dataset as the register stood at the end of the day as_of (yyyymmdd; 0 = as things
 * are, vl_db_load_dataset): a vacancy's positions left and a seeker placed by a hire count the
 * hires as they stood then (each referral's last outcome dated on or before it), not those decided
 * later, and a seeker registered after it has status withdrawn (not matched, as a vacancy posted
 * after it is not open then). What a matching as of a past date reads (`match --as-of`). A date
 * that is no calendar date is VL_ERR_ARG.
 */
VL_EXPORT vl_status vl_db_load_dataset_at(vl_ctx *ctx, vl_db *db, int32_t as_of, vl_dataset **out);

/*
 * Limits what vl_db_load_dataset and vl_db_load_records read through db from now on to the
 * seekers and vacancies of the given provinces (codes of top-level areas: "31" is Hai Phong)
 * and those with no area (a vacancy abroad, a seeker without a commune), which belong to every
 * scope: what one province's desk server matches in a national database. A province's areas
 * are those it has now and had before the 2025 reform, and those of a province merged into it
 * (Hải Dương, 30, into Hải Phòng, 31: the reform's crosswalk says so), so records still kept on
 * pre-reform codes stay in view. vl_db_list lists the same seekers and vacancies (unless its
 * query asks for them everywhere). Areas and employers are read whole. A code that names no
 * top-level area is VL_ERR_NOTFOUND (the scope is then unchanged); n = 0 lifts the scope. The
 * same records on both backends: PostgreSQL reads the scope's partitions, and a record kept on
 * a merged province's pre-reform commune is in its successor's (schema step 23).
 */
VL_EXPORT vl_status vl_db_set_load_scope(vl_ctx *ctx, vl_db *db, const char *const *provinces,
                                         size_t n);
/*
 * vl_db_set_load_scope with the codes written as one list, "31" or "31,01" (what `serve
 * --province` and the commands' --province take); "" or NULL lifts the scope. An empty code
 * (",", "31,") is VL_ERR_ARG: it would name no province. The scope also decides which
 * referrals vl_db_load_referrals reads without a seeker or vacancy named (those of a seeker or
 * a vacancy of the scope), what vl_db_load_activity_data reads (the scope's fairs, counselling
 * of its seekers, and its provinces' targets) and whose targets vl_db_target_set writes.
 */
VL_EXPORT vl_status vl_db_set_load_scope_list(vl_ctx *ctx, vl_db *db, const char *codes);
/* db's load scope: its codes sorted, each once ("01,31"); "" without one. Valid until the
 * scope changes. */
VL_EXPORT const char *vl_db_load_scope(const vl_db *db);

/*
 * Whether vl_db_load_dataset (and vl_db_load_dataset_referrals) read through db the seekers'
 * names, phones and ID cards (default true). A command that counts, scores or learns and never
 * shows a person (the activity report, learn) turns it off: those columns then stay in the
 * database, and the loaded seekers have the name "" and no phone or ID card. Birth year, sex
 * and priority group are still read: the reports break down by them.
 */
VL_EXPORT void vl_db_set_load_contacts(vl_db *db, bool load);

/* Loads the stored history records. Under a load scope (vl_db_set_load_scope) the scope's
 * provinces' part: the rows whose key "area" (read at the row's period, across the 2025
 * reform as vl_db_history_map_areas reads it) lies in those provinces today; rows with no
 * area, and a history without an area key, are no province's (no rows). */
VL_EXPORT vl_status vl_db_load_history(vl_ctx *ctx, vl_db *db, vl_history **out);

/*
 * Loads the given seekers and vacancies (by id; ids not in the database are left out, so a
 * removed record is simply absent) with their employers, for following changes: the dataset
 * has no areas. Seekers carry phone and id_card.
 */
VL_EXPORT vl_status vl_db_load_records(vl_ctx *ctx, vl_db *db, const char *const *seeker_ids,
                                       size_t n_seekers, const char *const *vacancy_ids,
                                       size_t n_vacancies, vl_dataset **out);

/* How long a write waits for another writer's lock before VL_ERR_BUSY (ms; default 10000). */
VL_EXPORT void vl_db_set_busy_timeout(vl_db *db, int ms);

/* ---- one record at a time (the desk's forms) ------------------------------------------------ */

/*
 * One record as the cells of its import contract (the canonical text `vieclam export` writes:
 * lists joined by ';', numbers with a '.', dates YYYY-MM-DD) and its version, the SHA-256 of
 * those cells, which changes whenever the record does.
 */
typedef struct vl_row vl_row;
/* Reads one employer, vacancy, seeker, referral or fair (areas by code). VL_ERR_NOTFOUND when
 * absent. */
VL_EXPORT vl_status vl_db_get_row(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *id,
                                  vl_row **out);
VL_EXPORT size_t vl_row_count(const vl_row *row);
VL_EXPORT const char *vl_row_column(const vl_row *row, size_t i);
VL_EXPORT const char *vl_row_value(const vl_row *row, size_t i);
/* The value of a column by name; NULL when the kind has no such column. */
VL_EXPORT const char *vl_row_get(const vl_row *row, const char *column);
VL_EXPORT const char *vl_row_version(const vl_row *row);
VL_EXPORT void vl_row_destroy(vl_row *row); /* NULL is a no-op */

typedef struct vl_put_request {
    vl_kind kind;               /* employers, vacancies, seekers or fairs */
    const char *const *columns; /* contract column names (a subset; missing ones are empty) */
    const char *const *values;  /* cell texts as in a CSV file */
    size_t n;
    bool create;           /* the id must be new: VL_ERR_CONFLICT when it exists */
    bool update;           /* the id must exist: VL_ERR_NOTFOUND when it does not */
    const char *id_prefix; /* create with an empty id: PREFIX + yyyymmdd + "-" + NNNN */
    const char *version;   /* update: the version read; another is VL_ERR_CONFLICT */
} vl_put_request;

typedef struct vl_put_result {
    char id[65];
    char version[65];
    bool changed; /* false when the record was already exactly this */
} vl_put_result;

/*
 * Writes one record through exactly the importer's checks, in one transaction. A bad value is
 * VL_ERR_INVALID with one diagnostic per problem, "NAME: reason" (the contract's column name,
 * no file or line; the reason in the library's language, never quoting personal data). A database
 * held by another writer is VL_ERR_BUSY and nothing is written.
 */
VL_EXPORT vl_status vl_db_put(vl_ctx *ctx, vl_db *db, const vl_put_request *rq, vl_put_result *out);

/* ---- lists for the desk: search, filter, sort and page in the database -------------------- */

typedef struct vl_list_query {
    const char *q;        /* search text: an id, phone or ID-card digits, folded name words */
    const char *status;   /* seekers: active, placed, withdrawn */
    const char *area;     /* seekers, employers: an area code */
    const char *employer; /* vacancies: an employer id */
    const char *fair;     /* vacancies: a fair id */
    int open;             /* vacancies: -1 any, 1 open on as_of, 0 not open */
    int32_t as_of;        /* yyyymmdd for `open`; 0 = today */
    const char *sort;     /* a sort field of the kind, '-' first for descending; NULL = default */
    size_t page, size;    /* page >= 1, size 1..VL_LIST_SIZE_MAX */
    /* seekers, vacancies: on a db with a load scope (vl_db_set_load_scope) every province's,
     * not only the scope's (someone registered in another province; a vacancy there). An
     * employer's or a fair's vacancies are listed wherever they are. */
    bool everywhere;
} vl_list_query;

#define VL_LIST_SIZE_MAX 100
#define VL_LIST_PAGE_MAX 100000

typedef enum vl_col_type {
    VL_COL_TEXT = 0,
    VL_COL_INT,
    VL_COL_REAL,
    VL_COL_LIST, /* items joined by ';' */
    VL_COL_BOOL
} vl_col_type;

typedef struct vl_list vl_list;
/*
 * One page of seekers, employers or vacancies (summary columns, ties by id), and the count
 * over all pages. An unknown sort field or an out-of-range page or size is VL_ERR_ARG.
 * Search text is data, never SQL: every value is bound.
 */
VL_EXPORT vl_status vl_db_list(vl_ctx *ctx, vl_db *db, vl_kind kind, const vl_list_query *q,
                               vl_list **out);
VL_EXPORT size_t vl_list_total(const vl_list *l);
VL_EXPORT size_t vl_list_rows(const vl_list *l);
VL_EXPORT size_t vl_list_columns(const vl_list *l);
VL_EXPORT const char *vl_list_column(const vl_list *l, size_t j);
VL_EXPORT vl_col_type vl_list_type(const vl_list *l, size_t j);
/* The value of row i, column j as text; NULL for a missing value. */
VL_EXPORT const char *vl_list_value(const vl_list *l, size_t i, size_t j);
/* The sort applied (the default when none was asked). */
VL_EXPORT const char *vl_list_sort(const vl_list *l);
VL_EXPORT void vl_list_destroy(vl_list *l); /* NULL is a no-op */

/*
 * Reference lists for form fields: ISCO-08 occupations (code, title in Vietnamese where known
 * else English, title_en, level) or areas valid on as_of (code, name, level, parent,
 * parent_name, valid_to). q matches a code prefix or folded words of the title or name; code
 * (instead of q) asks for exactly one code (areas: whatever its validity). At most size rows
 * (1..VL_LIST_SIZE_MAX): occupations unit groups first, then by code; areas by level, code.
 */
typedef enum vl_lookup { VL_LOOKUP_OCCUPATIONS = 0, VL_LOOKUP_AREAS } vl_lookup;
VL_EXPORT vl_status vl_db_lookup(vl_ctx *ctx, vl_db *db, vl_lookup what, const char *q,
                                 const char *code, int32_t as_of, size_t size, vl_list **out);

/*
 * Job fairs (id, name, date, area, area_name, venue, vacancies, positions: the fair's
 * vacancies and their positions), by date then id. Under a load scope (a province's server)
 * the fairs held in its provinces and those with no place given.
 */
VL_EXPORT vl_status vl_db_fairs_list(vl_ctx *ctx, vl_db *db, vl_list **out);

/*
 * Who a stored fair plan (run) invited to one vacancy, for the clerk at its booth: seeker, name
 * (NULL once erased), rank (the plan's rank of the seeker among the vacancy's invitations),
 * score, and the newest referral of that seeker to that vacancy with its channel and outcome
 * (referral and channel NULL when none; outcome NULL while pending), by rank then seeker id.
 * An unknown run, or a vacancy it did not invite to, gives an empty list.
 */
VL_EXPORT vl_status vl_db_fair_invited(vl_ctx *ctx, vl_db *db, int64_t run, const char *vacancy,
                                       vl_list **out);

/* ---- counselling sessions at the desk (a file brings many: vl_db_import) ---------------- */

typedef struct vl_counselling_new {
    const char *seeker; /* an existing seeker id */
    int32_t on;         /* yyyymmdd; 0 = today (local time); never after today */
    const char *staff;  /* who counselled (a user name); NULL = not recorded */
    const char *topic;  /* what it was about; NULL = not recorded */
} vl_counselling_new;

/*
 * Records one counselling session through exactly the import's checks, in one transaction: one
 * session a day per seeker (a second on the same day replaces the first). An unknown seeker is
 * VL_ERR_NOTFOUND; a rule broken (a date after today, an erased person) VL_ERR_INVALID with one
 * diagnostic per problem, "NAME: reason".
 */
VL_EXPORT vl_status vl_counselling_record(vl_ctx *ctx, vl_db *db, const vl_counselling_new *c);
/* A seeker's counselling sessions (counselled_on, staff, topic), newest first, at most 1000. */
VL_EXPORT vl_status vl_db_counselling_list(vl_ctx *ctx, vl_db *db, const char *seeker,
                                           vl_list **out);
/* Industry sections of the newest classification (code, title_vi, title_en), by code. */
VL_EXPORT vl_status vl_db_industries(vl_ctx *ctx, vl_db *db, vl_list **out);
/*
 * The stored history's key sets without its rows: one row per distinct key set and frequency,
 * (keys: the JSON object of key values, "{}" for a total; freq; last: vl_period_index of its
 * latest period), by keys. What a planner may name a series by; at most VL_HISTORY_KEYS_MAX.
 * Under a load scope, the key sets of the scope's provinces' rows (vl_db_load_history): those
 * whose area, read at their latest period, lies in them.
 */
#define VL_HISTORY_KEYS_MAX 200000
VL_EXPORT vl_status vl_db_history_keys(vl_ctx *ctx, vl_db *db, vl_list **out);
/*
 * Runs that stored forecasts, newest first (run, started, finished, command, status, kind:
 * "balance" for a labour-balance run, else "forecast"), one page: those begun under the
 * connection's load scope (a province's server lists its own).
 */
VL_EXPORT vl_status vl_db_forecast_runs(vl_ctx *ctx, vl_db *db, size_t page, size_t size,
                                        vl_list **out);

/* ---- following changes ---------------------------------------------------------------------- */

/*
 * What changed since a token: every write of a seeker, vacancy or employer, by any program,
 * is logged. A reader takes a token, later asks what changed since it, and gets the kinds and
 * ids (each once) and a new token. When the log no longer reaches back to the token (it was
 * pruned), `everything` is set: reload all.
 */
typedef struct vl_changes {
    int64_t token;              /* pass this to the next call */
    bool everything;            /* the log was pruned past the old token */
    const char *const *seekers; /* ids changed (inserted, updated or deleted) */
    size_t n_seekers;
    const char *const *vacancies;
    size_t n_vacancies;
    const char *const *employers;
    size_t n_employers;
    void *owner; /* library-internal */
} vl_changes;

/* The current token (the newest change). */
VL_EXPORT vl_status vl_db_change_token(vl_ctx *ctx, vl_db *db, int64_t *token);
/*
 * Whether anything may have changed since the last call on this handle, cheaply (no query of
 * the log): true after a commit by another connection or this one. Poll it, then ask
 * vl_db_changes_since.
 */
VL_EXPORT bool vl_db_maybe_changed(vl_db *db);
VL_EXPORT vl_status vl_db_changes_since(vl_ctx *ctx, vl_db *db, int64_t token, vl_changes **out);
VL_EXPORT void vl_changes_destroy(vl_changes *c); /* NULL is a no-op */
/* Drops log entries older than the newest `keep` (readers behind them get `everything`). */
VL_EXPORT vl_status vl_db_changes_prune(vl_ctx *ctx, vl_db *db, size_t keep);

/* ---- personal data (Decree 13/2023/ND-CP) ------------------------------------------------------
 * THE list of the columns that hold personal data, per table: what erasing a person does to each
 * and what a pseudonymised export writes. Whoever adds a personal column adds its row here
 * (store/privacy.c); erase, pseudonymise, retention and the docs read this one list. */

typedef enum vl_pd_subject {
    VL_PD_SEEKER = 0, /* a job seeker's data */
    VL_PD_STAFF,      /* a member of staff's identity (vl_db_erase_user) */
    VL_PD_TEXT        /* free text staff write (a reason, a command line): it may name anyone,
                         so it is personal data, but no erasure can tell whom it names: kept,
                         never in a pseudonymised export */
} vl_pd_subject;

typedef enum vl_pd_erase {
    VL_PD_KEEP = 0,   /* kept: an id the anonymous counts link by */
    VL_PD_NULL,       /* set to NULL */
    VL_PD_DELETE_ROW, /* the row is the datum (a priority group, an account): deleted */
    VL_PD_REFERENCE   /* staff: replaced by the erased account's anonymous reference "user#N" */
} vl_pd_erase;

typedef enum vl_pd_pseudo {
    VL_PD_AS_IS =
        0,      /* written as stored (analysts need it; pseudonymised data is still personal) */
    VL_PD_HASH, /* a keyed hash */
    VL_PD_DROP  /* written empty (free text) */
} vl_pd_pseudo;

typedef struct vl_personal_column {
    const char *table;  /* "seekers" */
    const char *column; /* "phone" */
    const char *what;   /* "phone number" (English; docs/privacy.md) */
    vl_pd_subject subject;
    vl_pd_erase erase;   /* what erasing its subject does (a seeker: vl_db_erase_seekers, staff:
                            vl_db_erase_user; VL_PD_TEXT: always VL_PD_KEEP) */
    vl_pd_pseudo pseudo; /* what a pseudonymised export writes */
    int kind;            /* the vl_kind whose CSV carries it, or -1 */
    const char *csv;     /* its column in that CSV, or NULL */
} vl_personal_column;

/* The list; *n its length. */
VL_EXPORT const vl_personal_column *vl_personal_columns(size_t *n);

typedef struct vl_erase_report {
    size_t erased;          /* seekers erased */
    size_t already;         /* ids erased before (or listed twice): not erased again, not counted */
    bool wal_emptied;       /* SQLite: the WAL was checkpointed and truncated */
    bool vacuumed;          /* PostgreSQL: the tables were vacuumed */
    bool owner_must_vacuum; /* PostgreSQL: not vacuumed, as this role owns neither the tables
                               nor the database: their owner must (a warning says which) */
} vl_erase_report;

/*
 * Erases the personal data of seekers ids[0..n) from every table (vl_personal_columns), in one
 * transaction, and records each erasure (id, `by`, the reason; never the data) in the access
 * audit. The seeker's row stays with what anonymous counts use (area, education, occupations,
 * registration date), status 'withdrawn' and `erased` set to today. SQLite writes with
 * secure_delete, rebuilds the name search index and checkpoints the WAL (TRUNCATE) so that the
 * old values are gone from the file and the WAL; when another program holds the database open
 * the WAL cannot be emptied: out->wal_emptied is false and a warning is logged. PostgreSQL:
 * VACUUM (ANALYZE) of the tables touched when this role owns them or the database (else
 * out->vacuumed is false and a warning names what the owner must vacuum); VACUUM frees the old
 * row versions, but their bytes stay in the table and index files until reused, and in
 * PostgreSQL's WAL archive until it is recycled (docs/privacy.md). An unknown id is
 * VL_ERR_NOTFOUND, a seeker whose row this role may not change (row-level security: another
 * province's) VL_ERR_INVALID, and nothing is erased. An id erased before, or listed twice, is
 * not erased again (a warning names it; out->already counts it). A reason of only spaces is
 * VL_ERR_ARG.
 */
VL_EXPORT vl_status vl_db_erase_seekers(vl_ctx *ctx, vl_db *db, const char *const *ids, size_t n,
                                        const char *reason, const char *by, vl_erase_report *out);
/* The date (YYYY-MM-DD) a seeker's personal data was erased, "" when it was not: nothing more
 * is recorded about them. VL_ERR_NOTFOUND for an unknown id. */
VL_EXPORT vl_status vl_db_seeker_erased(vl_ctx *ctx, vl_db *db, const char *id, char out[11]);

/*
 * Erases a departed member of staff (Decree 13/2023/ND-CP): the desk account `name` is deleted
 * (name, password hash, language, last login; a running server ends its sessions at their next
 * request) and every column that names staff (vl_personal_columns: VL_PD_REFERENCE) is set to
 * the anonymous reference "user#N", N a number given to this erasure alone (table
 * staff_erasures), so the access audit and the referrals still tell one person's actions apart
 * without naming them. The last active admin is not erased (VL_ERR_CONFLICT): add another
 * first. The erasure itself is in the access audit (action erase, kind user, record "user#N",
 * by `by`, the reason). One transaction; old values are scrubbed from the file as by
 * vl_db_erase_seekers (out->erased is 1). *ref (may be NULL, at least 32 bytes) gets "user#N".
 * An unknown name is VL_ERR_NOTFOUND.
 */
VL_EXPORT vl_status vl_db_erase_user(vl_ctx *ctx, vl_db *db, const char *name, const char *reason,
                                     const char *by, char *ref, vl_erase_report *out);

/*
 * Everything the store holds about seeker `id`, for the person who asks for it (Decree
 * 13/2023/ND-CP: a data subject may ask to be given their personal data): a JSON document
 * (*json, malloc'd; free()) with "format" ("vieclam-seeker-data/1"), "seeker", "provided_at"
 * (UTC), "provided_by", "record" (the cells of the seekers import contract by column, "" as
 * null), "erased" (the erasure's date or null), "referrals" (oldest first, each with its
 * "outcomes" history and "followups"), "counselling", "fair_invitations", "matches" (stored match
 * runs naming them) and "access" (the access audit's rows about them: their record, their
 * referrals, lists that named them; at, action, kind, record; never the member of staff nor
 * the other ids of a list). The provision is itself audited (action provide, kind seeker, by
 * `by`) in the same transaction: no document without its audit row. VL_ERR_NOTFOUND for an
 * unknown id.
 */
VL_EXPORT vl_status vl_db_seeker_data(vl_ctx *ctx, vl_db *db, const char *id, const char *by,
                                      char **json);

/* The retention rule of models/privacy.yaml. */
typedef struct vl_privacy_model {
    int inactive_years; /* erase seekers with no activity for this many years */
} vl_privacy_model;

/* Reads a privacy model file (every problem FILE:LINE:COL); path NULL gives the defaults. */
VL_EXPORT vl_status vl_privacy_model_load(vl_ctx *ctx, const char *path, vl_privacy_model *out);

/* One seeker found by the retention rule: the id and the date of the last activity. */
typedef void (*vl_retention_fn)(void *ud, const char *id, int32_t last_active);

/*
 * Calls fn (in id order) for every seeker not yet erased whose last activity (registration,
 * referral, outcome, follow-up, counselling) is before as_of (0: today) minus `years` years; *n
 * counts them.
 * A seeker without any dated activity is never chosen. Under a load scope (a province's server)
 * only the seekers whose area lies in its provinces: those its role may erase.
 */
VL_EXPORT vl_status vl_db_retention_scan(vl_ctx *ctx, vl_db *db, int years, int32_t as_of,
                                         vl_retention_fn fn, void *ud, size_t *n);

/*
 * SQLite: a consistent online copy of the database into path (the backup API; readers and
 * writers may go on), created 0600, written under a temporary name and renamed when whole.
 * PostgreSQL: VL_ERR_UNSUPPORTED (use pg_dump).
 */
VL_EXPORT vl_status vl_db_backup(vl_ctx *ctx, vl_db *db, const char *path);

/*
 * Replaces the contents of db with the backup at path, after checking the backup: PRAGMA
 * integrity_check ok, a vieclam database (meta table), a schema version this library knows
 * (an older one is migrated at the next open). The copy is one transaction of the destination
 * (all or nothing, other connections see the old or the new database). An erasure sticks: a
 * seeker erased in db but not in the backup (erased after it was made) is erased again in the
 * restored database (vl_db_erase_seekers, by "restore", the reason naming the first erasure's
 * date; a warning names each). PostgreSQL: VL_ERR_UNSUPPORTED (use pg_restore).
 */
VL_EXPORT vl_status vl_db_restore(vl_ctx *ctx, vl_db *db, const char *path);

#ifdef __cplusplus
}
#endif

#endif
