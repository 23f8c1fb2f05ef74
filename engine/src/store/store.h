/*
 * store.h - private header of the store room (the only room that includes sqlite3.h): the
 * database handle, SQLite error mapping, nested transactions, statement helpers and the schema
 * version. Other store-*.c files (matching, fair and forecast results) build on these.
 *
 * Invariants: a vl_db owns one sqlite3 connection with foreign keys on; `depth` counts the open
 * vl__db_begin levels (0 = autocommit); every SQLite failure is reported through vl__db_sqlerr.
 * The schema (tables, columns) is described next to the migration steps in schema.c; a new
 * table or column is a new step there, never an edit of a committed step.
 */
#ifndef VL_STORE_STORE_H
#define VL_STORE_STORE_H

#include <sqlite3.h>

#include "core/core.h"

/* The schema version this library writes (PRAGMA user_version after all migration steps). */
int vl__db_schema_target(void);

/* Runs the migration steps after version `from` (inside a transaction; schema.c). */
vl_status vl__db_migrate_steps(vl_ctx *ctx, vl_db *db, int from);

/* The connection behind a handle (never NULL for an open handle). */
struct sqlite3 *vl__db_sqlite(vl_db *db);

/*
 * Records the connection's last SQLite error on ctx as VL_ERR_DB: "WHAT: sqlite message".
 * Returns VL_ERR_DB (VL_ERR_NOMEM when SQLite ran out of memory).
 */
vl_status vl__db_sqlerr(vl_ctx *ctx, vl_db *db, const char *what);

/*
 * Transactions that nest: the outermost vl__db_begin is BEGIN IMMEDIATE (the write lock is
 * taken at once, so a busy database fails early, after the busy timeout), inner ones are
 * savepoints. Every begin is ended by exactly one commit or rollback. rollback never fails.
 */
vl_status vl__db_begin(vl_ctx *ctx, vl_db *db);
vl_status vl__db_commit(vl_ctx *ctx, vl_db *db);
void vl__db_rollback(vl_db *db);

/* Runs SQL without results (may hold several statements). */
vl_status vl__db_exec(vl_ctx *ctx, vl_db *db, const char *sql);

/* Prepares one statement; on failure the error names the SQL's first words. */
vl_status vl__db_prepare(vl_ctx *ctx, vl_db *db, const char *sql, sqlite3_stmt **out);

/* Binds text (NULL or "" -> SQL NULL when empty_is_null) as a transient copy. */
int vl__bind_text(sqlite3_stmt *st, int i, const char *s, bool empty_is_null);

/* Runs a statement expected to return one integer (COUNT(*)...); *out = 0 when no row. */
vl_status vl__db_scalar(vl_ctx *ctx, vl_db *db, const char *sql, int64_t *out);

/* Column text or "" (never NULL). */
const char *vl__col_text(sqlite3_stmt *st, int i);

/* Column "YYYY-MM-DD" as a yyyymmdd date; 0 when NULL or not a valid date. */
int32_t vl__col_date(sqlite3_stmt *st, int i);

/* Lists filled by other queries of the store (list.c): rows copied from a statement. */
vl_list *vl__list_new(const char *const *names, const vl_col_type *types, size_t cols,
                      size_t capacity);
bool vl__list_add_row(vl_list *l, sqlite3_stmt *s);
void vl__list_set_total(vl_list *l, size_t total, const char *sort);

/* Current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL). */
void vl__utc_now(char out[21]);

#endif
