/*
 * auth.h - accounts of the staff desk and the access audit: users with a role and an Argon2id
 * password hash (libsodium), random tokens for sessions and CSRF, constant-time comparison,
 * and the append-only audit of who saw or changed which person's record. The server's
 * security room builds sessions and roles on these; `vieclam user` manages accounts.
 */
#ifndef VIECLAM_AUTH_H
#define VIECLAM_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>
#include <vieclam/sheet.h>
#include <vieclam/store.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vl_role {
    VL_ROLE_STAFF = 0, /* seekers, employers, vacancies, referrals, fairs */
    VL_ROLE_PLANNER,   /* forecasts and reports; no personal data */
    VL_ROLE_ADMIN,     /* users and the access audit */
    VL_ROLE_COUNT
} vl_role;

VL_EXPORT const char *vl_role_name(vl_role role); /* "staff", "planner", "admin" */
/* A role in words ("cán bộ tư vấn"; lang "vi", "en", NULL for the process's language), as the
 * access audit names it; "?" out of range. */
VL_EXPORT const char *vl_role_words(const char *lang, vl_role role);
VL_EXPORT bool vl_role_parse(const char *name, vl_role *out);

/* ---- passwords and tokens (libsodium) ------------------------------------------------------- */

#define VL_PASSWORD_MIN 10 /* characters (bytes of UTF-8) */
#define VL_PASSWORD_MAX 256
#define VL_PW_HASH_SIZE 128 /* bytes of a hash string, with its NUL */
#define VL_TOKEN_SIZE   44  /* bytes of a token string (32 random bytes, base64url), NUL too */

/* Argon2id (libsodium's interactive limits); the string holds salt and costs. */
VL_EXPORT vl_status vl_password_hash(vl_ctx *ctx, const char *password, char out[VL_PW_HASH_SIZE]);
VL_EXPORT bool vl_password_verify(const char *hash, const char *password);
/* Whether a password is acceptable (length); false with the reason in why. */
VL_EXPORT bool vl_password_acceptable(const char *password, const char **why);
/* 32 random bytes as base64url without padding. */
VL_EXPORT vl_status vl_token_new(vl_ctx *ctx, char out[VL_TOKEN_SIZE]);
/* A digest (BLAKE2b) of a token, for keeping or indexing it without the token (32 bytes). */
VL_EXPORT void vl_token_digest(const char *token, unsigned char out[32]);
/* Compares n bytes in time independent of where they differ. */
VL_EXPORT bool vl_secure_equal(const void *a, const void *b, size_t n);

/* ---- users ------------------------------------------------------------------------------------
 */

typedef struct vl_user {
    char name[65];
    vl_role role;
    bool disabled;
    char lang[3];        /* "vi" or "en" */
    char created[21];    /* UTC, ISO 8601 */
    char last_login[21]; /* "" when never */
    char province[8];    /* the province whose desk it is (a code); "" = every province */
    char pw_hash[VL_PW_HASH_SIZE];
    int64_t session_epoch; /* raised when the account is disabled, its role changes or an
                              administrator resets its password: a session of another number
                              is over */
} vl_user;

/* A user name: 1-64 ASCII letters, digits, '.', '_', '-'. */
VL_EXPORT bool vl_user_name_valid(const char *name);
/* A province code of an account: 1 to 7 digits, or "" for every province. */
VL_EXPORT bool vl_user_province_valid(const char *province);
/* Adds a user (VL_ERR_CONFLICT when the name exists; VL_ERR_ARG for a bad name, password or
 * province). province NULL takes the writer's: "" on SQLite; on PostgreSQL the first province
 * the connected role may write (docs/deploy-national.md §6), "" for the owner. */
VL_EXPORT vl_status vl_db_user_add(vl_ctx *ctx, vl_db *db, const char *name, vl_role role,
                                   const char *password, const char *lang, const char *province);
/* The same with a hash vl_password_hash made (VL_ERR_ARG for anything else), stored as it is:
 * the slow hashing can then happen before a connection or a writer's turn is taken. */
VL_EXPORT vl_status vl_db_user_add_hash(vl_ctx *ctx, vl_db *db, const char *name, vl_role role,
                                        const char *pw_hash, const char *lang,
                                        const char *province);
VL_EXPORT vl_status vl_db_user_get(vl_ctx *ctx, vl_db *db, const char *name, vl_user *out);
/* Every user by name (malloc'd array; free()). */
VL_EXPORT vl_status vl_db_user_list(vl_ctx *ctx, vl_db *db, vl_user **out, size_t *n);

typedef struct vl_user_change {
    const vl_role *role; /* NULL = unchanged */
    const bool *disabled;
    const char *password;
    const char *pw_hash; /* or a hash vl_password_hash made, kept as it is: the slow hashing
                          * can then happen before a connection is taken (not both) */
    const char *lang;
    const char *province; /* a code or "" (every province) */
    bool touch_login;     /* set last_login to now */
    bool end_sessions;    /* raise session_epoch: the account's sessions end on every server of
                           * the database (an administrator's password reset; a user's own
                           * change leaves it, to keep the session that made it) */
} vl_user_change;
VL_EXPORT vl_status vl_db_user_update(vl_ctx *ctx, vl_db *db, const char *name,
                                      const vl_user_change *change);

/* ---- the access audit ------------------------------------------------------------------------ */

typedef struct vl_audit_entry {
    const char *user;
    const char *action; /* view, search, create, update, match, shortlist, refer, download... */
    const char *kind;   /* seeker, vacancy, referral, fair_plan, user, ... */
    const char *record; /* the record's id */
    const char *detail; /* optional: ids listed, never names */
} vl_audit_entry;

/* Appends entries in one transaction (all or none), stamped with the current UTC time. */
VL_EXPORT vl_status vl_db_audit_append(vl_ctx *ctx, vl_db *db, const vl_audit_entry *e, size_t n);

typedef struct vl_audit_query {
    const char *user, *record, *action, *kind;
    int32_t from, to; /* yyyymmdd, the first and last local day (as vl_today), 0 = open */
    size_t page, size;
} vl_audit_query;
/* Newest first: columns id, at, user, action, kind, record, detail. */
VL_EXPORT vl_status vl_db_audit_list(vl_ctx *ctx, vl_db *db, const vl_audit_query *q,
                                     vl_list **out);

/* One row of the access audit; the strings live until the callback returns. */
typedef struct vl_audit_row {
    int64_t id;
    const char *at; /* UTC, YYYY-MM-DDTHH:MM:SSZ */
    const char *user, *action, *kind, *record;
    const char *detail; /* NULL when none */
} vl_audit_row;
/* A row read; anything but VL_OK stops the reading and is returned (its message on ctx). */
typedef vl_status (*vl_audit_fn)(void *ud, const vl_audit_row *row);
/*
 * Calls fn for every row the query's filters keep (page and size are not used), oldest first:
 * one statement, however many rows, for a workbook or an inspection. *n (may be NULL) counts
 * the rows fn accepted.
 */
VL_EXPORT vl_status vl_db_audit_each(vl_ctx *ctx, vl_db *db, const vl_audit_query *q,
                                     vl_audit_fn fn, void *ud, size_t *n);

/* ---- the access audit in words (the desk's page and workbook, `vieclam audit`) -------------- */

/* lang "vi" or "en" (NULL: the process's language). NULL for a code without words (one a newer
 * version wrote: show the code). */
VL_EXPORT const char *vl_audit_action_words(const char *lang, const char *action);
VL_EXPORT const char *vl_audit_kind_words(const char *lang, const char *kind);
/* The i-th action the desk and the command line write, in the order a filter offers them; NULL
 * past the last. */
VL_EXPORT const char *vl_audit_action_code(size_t i);
/* A row's detail in words, into out (size bytes; VL_AUDIT_WORDS_MAX holds every one) when it
 * is made: an outcome, a follow-up, a count of records, the kind of a file, a role, a file
 * downloaded, the other database of a copy; anything else (ids, a reason) is the detail as
 * written. Returns out or detail. */
VL_EXPORT const char *vl_audit_detail_words(const char *lang, const char *action,
                                            const char *detail, char *out, size_t size);
#define VL_AUDIT_WORDS_MAX 1200

/* The most rows a sheet of the audit holds (a worksheet holds 1,048,576 with its header). */
#define VL_AUDIT_SHEET_MAX 1000000
/*
 * The rows the query's filters keep (page and size are not used), oldest first, as a sheet for
 * an inspection, in lang's words: the day (a date cell) and the time in the local time zone
 * (vl_time_local), the user, the action, the kind, the record, the detail. Mode 0600 (it names
 * staff and seekers' ids), whole or not at all. More than VL_AUDIT_SHEET_MAX rows: VL_ERR_ARG,
 * "choose a shorter period", nothing written. *rows (may be NULL) counts the rows written.
 */
VL_EXPORT vl_status vl_db_audit_write(vl_ctx *ctx, vl_db *db, const vl_audit_query *q,
                                      const char *lang, const char *path, vl_sheet_format format,
                                      size_t *rows);

#ifdef __cplusplus
}
#endif

#endif
