/*
 * store.h - private header of the store room: the database handle and the small driver
 * interface every file that speaks SQL uses (prepare, bind, step, columns, transactions, error
 * mapping). No file outside store/ sees a backend; inside it, only the backend files (sqlite.c)
 * include a database library. Other store-*.c files (matching, fair and forecast results)
 * build on these.
 *
 * Invariants: a vl_db owns one backend connection; `depth` counts the open vl__db_begin levels
 * (0 = autocommit); every backend failure is reported through vl__db_sqlerr, which maps it to a
 * status (VL_ERR_BUSY when the operation may simply be run again). The schema is described next
 * to the migration steps in schema.c; a new table or column is a new step there, never an edit
 * of a committed step.
 *
 * Writing new SQL: prepare with vl__db_prepare (parameters `?` or `?N`), bind with vl__bind_*,
 * loop on vl__step (VL__ROW / VL__DONE, anything else -> vl__db_sqlerr), read with vl__col_*,
 * vl__finalize. SQL that differs between backends is written once per statement with vl__sql.
 */
#ifndef VL_STORE_STORE_H
#define VL_STORE_STORE_H

#include "core/core.h"

/* ---- the handle ------------------------------------------------------------------------------ */

typedef enum vl__backend { VL__SQLITE = 0, VL__POSTGRESQL } vl__backend;

/* Which backend a handle talks to. */
vl__backend vl__db_backend(const vl_db *db);

/*
 * The text for this backend of a statement whose SQL differs between backends: both spellings
 * side by side at the one place the statement is written. pg may be NULL when the SQLite text
 * serves both.
 */
const char *vl__sql(const vl_db *db, const char *sqlite, const char *pg);

/* A statement in a table of statements: {"SQL"} when portable, {"SQLite", "PostgreSQL"}. */
typedef struct vl__sqltext {
    const char *sql; /* SQLite, and PostgreSQL too when pg is NULL */
    const char *pg;
} vl__sqltext;

/* The text of t for this backend (NULL when t->sql is NULL). */
const char *vl__sqltext_for(const vl_db *db, const vl__sqltext *t);

/* The schema version this library writes (after all migration steps). */
int vl__db_schema_target(void);

/* Runs the migration steps after version `from` (inside a transaction; schema.c). */
vl_status vl__db_migrate_steps(vl_ctx *ctx, vl_db *db, int from);
/* Records the schema version (SQLite: PRAGMA user_version), inside the migration. */
vl_status vl__db_set_version(vl_ctx *ctx, vl_db *db, int version);

/* ---- errors ---------------------------------------------------------------------------------- */

/* Classes of backend errors, so that the store decides what is retryable. */
typedef enum vl__dberr {
    VL__DB_OK = 0,
    VL__DB_NOMEM,      /* the backend ran out of memory */
    VL__DB_BUSY,       /* lock timeout, deadlock, serialisation failure: run it again */
    VL__DB_CONSTRAINT, /* a unique, foreign key, check or not-null constraint failed */
    VL__DB_FULL,       /* the disk (or the database's size limit) is full */
    VL__DB_OTHER
} vl__dberr;

/* The class of the connection's last error. */
vl__dberr vl__db_errclass(vl_db *db);

/*
 * Records the connection's last error on ctx: "WHAT: backend message". Returns VL_ERR_DB,
 * VL_ERR_BUSY (a lock or serialisation conflict; the operation may be run again) or
 * VL_ERR_NOMEM.
 */
vl_status vl__db_sqlerr(vl_ctx *ctx, vl_db *db, const char *what);
/* st after inserting a record under a number the store chose itself (the next free id): a
 * unique-key failure there means another server took the same number in a transaction that
 * committed after this one began, a serialisation failure by another name: VL_ERR_BUSY, which
 * a retry resolves. Any other st is returned as it is. */
vl_status vl__db_number_taken(vl_ctx *ctx, vl_db *db, vl_status st, const char *id);

/* ---- transactions ---------------------------------------------------------------------------- */

typedef enum vl__tx {
    VL__TX_WRITE = 0, /* SQLite: BEGIN IMMEDIATE (the write lock at once) */
    VL__TX_READ,      /* one consistent snapshot for several reads; SQLite: BEGIN DEFERRED */
    VL__TX_EXCLUSIVE /* a write taking turns with every other such writer (vl_db_begin_exclusive) */
} vl__tx;

/*
 * Transactions that nest: the outermost vl__db_begin is a write transaction (the write lock is
 * taken at once, so a busy database fails early, after the busy timeout), vl__db_begin_read a
 * read snapshot; inner levels of either are savepoints. Every begin is ended by exactly one
 * commit or rollback. rollback never fails.
 */
/*
 * Tests only (sqlite.c): SQLite allocates through the library's hooks from now on, so that
 * injected allocation failures reach it. Call before any database is opened; false if SQLite
 * refused (it was in use).
 */
bool vl__store_route_alloc(void);

/*
 * Marks as 'interrupted' every run still 'running' whose process no longer exists (killed, or the
 * machine went down): called when a database is opened for writing (runs.c).
 */
vl_status vl__runs_mark_interrupted(vl_ctx *ctx, vl_db *db);

vl_status vl__db_begin(vl_ctx *ctx, vl_db *db);
/*
 * A level for a long transaction of many writes that is all or nothing as a whole (a copy, a
 * province joining): it and every level begun inside it open no savepoint, and a level inside it
 * that is rolled back leaves the transaction able only to roll back (its commit fails, nothing
 * written). A savepoint held open over a long transaction costs SQLite a sub-journal that every
 * statement's own savepoint walks, in memory: quadratic in the pages written (a province of
 * 30,000 seekers joining a SQLite database of 500,000 took 215 s and 683 MB; flat, 27 s and
 * 323 MB); PostgreSQL a subtransaction for each.
 */
vl_status vl__db_begin_flat(vl_ctx *ctx, vl_db *db);
vl_status vl__db_begin_read(vl_ctx *ctx, vl_db *db);
vl_status vl__db_commit(vl_ctx *ctx, vl_db *db);
void vl__db_rollback(vl_db *db);
/* Ends a vl__db_begin_read level (nothing was written; never fails). */
void vl__db_end_read(vl_db *db);
/* Open vl__db_begin levels (0 = autocommit). */
int vl__db_depth(const vl_db *db);
/*
 * Starts a read transaction on db and opens *sibling (read-only, on the same file) in one with
 * the same snapshot, so two threads can read one moment of the database; errors of the sibling
 * come through sibling_ctx and are also put on ctx. End both with vl__db_end_read(db) and
 * vl_db_close(*sibling). db outside a transaction; on SQLite no other writer at work (a third
 * connection holds writers back while the two start), on PostgreSQL the sibling adopts db's
 * exported snapshot. VL_ERR_UNSUPPORTED else, with no message on ctx when a writer is at work
 * or the sibling cannot connect (a server that takes no more connections): read alone then.
 */
vl_status vl__db_sibling_read(vl_ctx *ctx, vl_ctx *sibling_ctx, vl_db *db, vl_db **sibling);

/* The load scope (vl_db_set_load_scope): a list of quoted province codes ("'31','01'") for an
 * IN (...), or NULL; set takes ownership of a vl__malloc'd list and of the same codes as
 * vl__scope_text gives them (NULL and NULL lift it). */
const char *vl__db_scope(const vl_db *db);
void vl__db_set_scope(vl_db *db, char *scope, char *text);
/* Appends "the row is in db's scope" (a scope is set) over the columns of a seekers or vacancies
 * row (qual: its table's alias and a dot, or ""): its area's top-level ancestor is one of the
 * scope's provinces, or it has no area. */
void vl__scope_condition(vl_buf *b, const vl_db *db, const char *qual);
/* vl_db_export (no options) of the records of db's load scope's provinces and every record
 * they refer to, what a database of those provinces alone needs to hold them: the referrals of
 * their seekers or to their vacancies, their seekers (those with no area too) and vacancies
 * (those with no area of an employer of theirs) and the other end of each of those referrals,
 * the employers and fairs of their areas and of those vacancies, the follow-ups of those
 * referrals, the counselling of those seekers, the history rows their forecast reads (whole),
 * every area. VL_ERR_ARG without a scope. */
vl_status vl__db_export_province(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *path);
/* "The row's area lies in the scope's provinces" over its area_id alone (employers, fairs: no
 * province column), on both backends; none: or it has no area. */
void vl__scope_area_condition(vl_buf *b, const vl_db *db, const char *qual, bool none);
/* Appends "a referral of the scope" over a row's seeker and vacancy columns (qual as above):
 * its seeker is in the scope, or its vacancy lies in the scope's provinces. */
void vl__scope_referral_condition(vl_buf *b, const vl_db *db, const char *qual);
/* The scope's codes one by one into code (size bytes): *at starts at 0; false after the last
 * (and at once without a scope). */
bool vl__scope_next(const vl_db *db, size_t *at, char *code, size_t size);
/* Whose a run is (schema step 22): db's scope's codes sorted and joined by commas ("01,31"),
 * "" without a scope (made once, when the scope is set). Letters, digits and commas only. */
const char *vl__scope_text(const vl_db *db);
/* The one province whose rows (targets, judgements) db writes: its scope's province into
 * first, "" without a scope; false, with the first two codes in first and second, when the
 * scope has several (whose would the row be?). */
bool vl__scope_one(const vl_db *db, char first[17], char second[17]);
/* Whether vl_db_load_dataset reads the seekers' names, phones and ID cards
 * (vl_db_set_load_contacts). */
bool vl__db_contacts(const vl_db *db);

/* ---- statements ------------------------------------------------------------------------------ */

/* PostgreSQL: every prefix of every word of a folded name (the column col) as a text search
 * vector (schema step 20, which indexes it on seekers.name_key, so a query must write it the
 * same way). A word is a run of a-z and 0-9, split at everything else, as the desk's name search
 * defines it (list.c), taken as it is (no text search parser, which would split "2e10x" at its
 * number); a word typed is one of the prefixes exactly when it starts a word of the name. */
#define VL__PG_NAME_PREFIXES(col) "vl_name_prefixes(" col ")"

/* THE rows of access_audit that concern seeker R (an SQL parameter such as "?1"): their record,
 * their referrals (one, or the list of theirs), the job-fair plans that invited them (the plan, its
 * printed invitations), the shortlist files of the employers they were invited to ("RUN/EMPLOYER"),
 * and the lists that named them among others (a shortlist, a search, a booth's list: detail lists
 * ids, comma-separated, a booth's after "VACANCY: "; a booth's list that did not name them is not
 * theirs). `provide seeker` and the audit's filter by record both use it, so both show the same
 * rows. An id is found in a list by REPLACE, which compares bytes on both backends (SQLite's LIKE
 * ignores the case of ASCII letters, PostgreSQL's does not: "s301" is not "S301"), and no character
 * of an id is a wildcard. */
#define VL__AUDIT_ABOUT_SEEKER(R)                                                                  \
    "((kind = 'seeker' AND record = " R ")"                                                        \
    " OR (kind = 'referral' AND (record = " R " OR record IN"                                      \
    " (SELECT id FROM referrals WHERE seeker = " R ")))"                                           \
    " OR (kind = 'fair_plan' AND action <> 'shortlist' AND record IN"                              \
    " (SELECT CAST(run_id AS TEXT) FROM fair_invitations WHERE seeker_id = " R "))"                \
    " OR (kind = 'fair_plan' AND record IN (SELECT CAST(i.run_id AS TEXT) || '/' || v.employer"    \
    " FROM fair_invitations i JOIN vacancies v ON v.id = i.vacancy_id WHERE i.seeker_id = " R "))" \
    " OR REPLACE(',' || REPLACE(detail, ': ', ',') || ',', ',' || " R " || ',', '')"               \
    " <> ',' || REPLACE(detail, ': ', ',') || ',')"

typedef struct vl__stmt vl__stmt;

/* What vl__step returns. */
enum { VL__DONE = 0, VL__ROW = 1, VL__ERROR = -1 };

/* Runs SQL without results (may hold several statements). */
vl_status vl__db_exec(vl_ctx *ctx, vl_db *db, const char *sql);

/* Prepares one statement; on failure the error names the SQL's first words. */
vl_status vl__db_prepare(vl_ctx *ctx, vl_db *db, const char *sql, vl__stmt **out);
void vl__finalize(vl__stmt *s); /* NULL is a no-op */
/* Makes the statement ready to run again; the bindings stay. */
void vl__reset(vl__stmt *s);
void vl__clear_bindings(vl__stmt *s);
/* Marks a statement whose result may be too large to hold in memory at once (a whole table):
 * a server backend then reads it in batches (inside a transaction). */
void vl__stmt_stream(vl__stmt *s);
int vl__param_count(vl__stmt *s);
/* Sends the rows a bulk statement buffered (PostgreSQL "COPY t(cols) FROM STDIN", one row a
 * step); VL_OK when there is nothing to send. */
vl_status vl__stmt_flush(vl_ctx *ctx, vl__stmt *s);

/* Parameters count from 1. Values are copied. */
void vl__bind_null(vl__stmt *s, int i);
void vl__bind_int(vl__stmt *s, int i, int v);
void vl__bind_int64(vl__stmt *s, int i, int64_t v);
void vl__bind_double(vl__stmt *s, int i, double v);
/* Binds a date as ISO text, or NULL when it is 0 (unknown). */
void vl__bind_date(vl__stmt *s, int i, int32_t d);
/* Binds text (NULL, or "" when empty_is_null, -> SQL NULL). */
void vl__bind_text(vl__stmt *s, int i, const char *t, bool empty_is_null);

/* VL__ROW (a row to read), VL__DONE, or VL__ERROR (see vl__db_sqlerr). */
int vl__step(vl__stmt *s);
/* The handle a statement belongs to. */
vl_db *vl__stmt_db(vl__stmt *s);

/* Columns count from 0; a row's values stay valid until the next step, reset or finalize. */
int vl__col_count(vl__stmt *s);
bool vl__col_null(vl__stmt *s, int i);
int vl__col_int(vl__stmt *s, int i);
int64_t vl__col_int64(vl__stmt *s, int i);
double vl__col_double(vl__stmt *s, int i);
/* Column text or "" (never NULL). */
const char *vl__col_text(vl__stmt *s, int i);
/* Column text, NULL for SQL NULL; *len (may be NULL) gets its length in bytes. */
const char *vl__col_text_len(vl__stmt *s, int i, size_t *len);
/* Column "YYYY-MM-DD" as a yyyymmdd date; 0 when NULL or not a valid date. */
int32_t vl__col_date(vl__stmt *s, int i);

/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t vl__db_changes(vl_db *db);

/* Runs a statement expected to return one integer (COUNT(*)...); *out = 0 when no row. */
vl_status vl__db_scalar(vl_ctx *ctx, vl_db *db, const char *sql, int64_t *out);
/* The same with ?1 bound to *arg (arg NULL: no parameter); `what` names the query in an error
 * ("finding the latest run"). */
vl_status vl__db_scalar_arg(vl_ctx *ctx, vl_db *db, const char *sql, const int64_t *arg,
                            const char *what, int64_t *out);

/* A server's bulk path: (re)creates the temporary table vl_stage_TABLE with the columns cols of
 * table (no rows, no constraints) and prepares "COPY vl_stage_TABLE(cols) FROM STDIN" into
 * *copy, whose steps take one row each. */
vl_status vl__db_stage(vl_ctx *ctx, vl_db *db, const char *table, const char *cols,
                       vl__stmt **copy);

/*
 * The stored history (load.c): series, period, value, then the value of each named key ("" or
 * NULL when a row lacks it), ordered by series, keys, frequency and period; a streaming
 * statement.
 */
vl_status vl__history_rows(vl_ctx *ctx, vl_db *db, const char *const *names, size_t n,
                           vl__stmt **out);

/* After areas were written (in the same transaction): a server backend makes the partitions of
 * new provinces. */
vl_status vl__db_areas_changed(vl_ctx *ctx, vl_db *db);

/* Lists filled by other queries of the store (list.c): rows copied from a statement. */
vl_list *vl__list_new(const char *const *names, const vl_col_type *types, size_t cols,
                      size_t capacity);
bool vl__list_add_row(vl_list *l, vl__stmt *s);
void vl__list_set_total(vl_list *l, size_t total, const char *sort);

/* Current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL). */
void vl__utc_now(char out[21]);
/* vl_db_backup / vl_db_restore through the backend (privacy.c). */
vl_status vl__db_backup(vl_ctx *ctx, vl_db *db, const char *path, bool restore);

/*
 * Erased staff names (privacy.c): the database's own key for their keyed hashes (meta
 * 'staff-name-key', 32 random bytes as hex; made when `make` and absent, otherwise *have is
 * false without one), and the hash staff_erasures.name_mac keeps of a name: HMAC-SHA-256 of its
 * folded form (vl_text_fold), as 64 hex digits. False when out of memory or not UTF-8.
 */
vl_status vl__staff_key(vl_ctx *ctx, vl_db *db, bool make, unsigned char key[32], bool *have);
bool vl__staff_name_mac(const unsigned char key[32], const char *name, char hex[65]);

/*
 * Headers (headers.c): the contract column (index into vl__kind_columns) that a file's header
 * names, by the contract's name or a Vietnamese header, compared folded; -1 when none. And the
 * table's i-th row for the documentation test (returns the row count).
 */
long vl__header_column(vl_kind kind, const char *header);
size_t vl__header_rows(size_t i, unsigned *kinds, const char **column, const char **label,
                       const char **aliases);

#endif
