/*
 * driver.h - what a database backend implements for the store: a table of functions over an
 * opaque connection and opaque statements. db.c owns the vl_db handle and calls only these;
 * sqlite.c is the embedded backend (the only file that includes sqlite3.h). The rest of the
 * store sees the vl__db_* / vl__stmt functions of store.h and never a backend.
 *
 * Contract for every backend:
 *  - prepare accepts the store's SQL with `?` and `?N` parameters (a backend whose server
 *    spells them differently rewrites them), and fails without side effects;
 *  - bind copies what it is given (the caller's buffers may go away before step);
 *  - step returns VL__ROW, VL__DONE or VL__FAIL; after VL__FAIL the connection's error (code and
 *    message) describes the failure until the next call; reset keeps the bindings;
 *  - column text stays valid until the next step, reset or finalize of that statement;
 *  - error codes are mapped to the few classes of vl__dberr so that the store decides what is
 *    retryable (VL__DB_BUSY: a lock timeout, a deadlock, a serialisation failure).
 */
#ifndef VL_STORE_DRIVER_H
#define VL_STORE_DRIVER_H

#include "store/store.h"

typedef struct vl__conn vl__conn;   /* a backend's connection */
typedef struct vl__bstmt vl__bstmt; /* a backend's prepared statement */

typedef struct vl__driver {
    const char *name; /* "sqlite", "postgresql" */
    vl__backend backend;
    /* Opens and configures target (a file path or a connection URL); on failure the error is
     * on ctx and *out stays NULL. */
    vl_status (*open)(vl_ctx *ctx, const char *target, unsigned flags, vl__conn **out);
    /* Readies a database opened for writing once it is known to be a vieclam database of a
     * version this library reads (SQLite: WAL); target names it in errors. */
    vl_status (*configure_write)(vl_ctx *ctx, vl__conn *c, const char *target);
    /* Closes; failed_open also removes what open created (a new, empty file). */
    void (*close)(vl__conn *c, bool failed_open);
    /* Runs SQL without results; may hold several statements. */
    int (*exec)(vl__conn *c, const char *sql);
    int (*prepare)(vl__conn *c, const char *sql, vl__bstmt **out);
    void (*finalize)(vl__bstmt *s);
    void (*reset)(vl__bstmt *s);
    void (*clear_bindings)(vl__bstmt *s);
    /* Marks a statement whose result may be too large to hold at once (may be NULL). */
    void (*stream)(vl__bstmt *s);
    /* Sends what a bulk statement (PostgreSQL's COPY) buffered (may be NULL: nothing to do). */
    int (*flush)(vl__bstmt *s);
    int (*param_count)(vl__bstmt *s);
    void (*bind_null)(vl__bstmt *s, int i);
    void (*bind_int64)(vl__bstmt *s, int i, int64_t v);
    void (*bind_double)(vl__bstmt *s, int i, double v);
    void (*bind_text)(vl__bstmt *s, int i, const char *t, size_t n);
    int (*step)(vl__bstmt *s); /* VL__ROW, VL__DONE, VL__FAIL */
    int (*column_count)(vl__bstmt *s);
    bool (*column_null)(vl__bstmt *s, int i);
    int64_t (*column_int64)(vl__bstmt *s, int i);
    double (*column_double)(vl__bstmt *s, int i);
    const char *(*column_text)(vl__bstmt *s, int i, size_t *len); /* NULL for SQL NULL */
    /* Rows changed by the last INSERT, UPDATE or DELETE on the connection. */
    int64_t (*changes)(vl__conn *c);
    /* The last error: its class and the server's message ("" when none). */
    vl__dberr (*errcode)(vl__conn *c);
    const char *(*errmsg)(vl__conn *c);
    /* Starts the outermost transaction of the given kind; nested levels are savepoints. */
    int (*begin)(vl__conn *c, vl__tx kind);
    /* Whether the connection is outside any transaction (after a failed COMMIT, say). */
    bool (*autocommit)(vl__conn *c);
    /* The schema version stored in the database (0 for a new one) and setting it. */
    int (*get_version)(vl__conn *c, int *version);
    int (*set_version)(vl__conn *c, int version);
    /* How long a write waits for another writer before failing with VL__DB_BUSY (ms). */
    void (*set_busy_timeout)(vl__conn *c, int ms);
    /* A number that changes whenever another connection committed (SQLite: PRAGMA
     * data_version); vl_db_maybe_changed compares it with the last one seen. */
    int (*data_version)(vl__conn *c, int64_t *out);
    /* Copies the whole database into the file at path (restore false: created 0600, renamed
     * into place when whole), or replaces the database with the checked file at path (restore
     * true: one transaction). NULL: the backend has its own tools (pg_dump). */
    vl_status (*backup)(vl_ctx *ctx, vl__conn *c, const char *path, bool restore, int version);
} vl__driver;

/* Return codes of the int-returning functions above. */
enum { VL__FAIL = -1, VL__OK0 = 0 };

extern const vl__driver vl__sqlite_driver;
extern const vl__driver vl__pg_driver;

#endif
