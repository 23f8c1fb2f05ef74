/*
 * users.c - the desk's accounts (table users: name, role, Argon2id hash, disabled, language)
 * and the access audit (table access_audit, append-only: its triggers refuse UPDATE and
 * DELETE). Hashing is the auth room's (vl_password_hash); this file only stores strings.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool lang_ok(const char *lang)
{
    return lang && (strcmp(lang, "vi") == 0 || strcmp(lang, "en") == 0);
}

bool vl_user_province_valid(const char *province)
{
    if (!province)
        return false;
    size_t n = strlen(province);
    return n <= 7 && strspn(province, "0123456789") == n;
}

/* Whether h has the form of what vl_password_hash writes (and fits a vl_user). */
static bool is_hash(const char *h)
{
    return strncmp(h, "$argon2id$", 10) == 0 && strlen(h) < VL_PW_HASH_SIZE;
}

/* The checks of a new user's name, role, language and province: VL_OK or VL_ERR_ARG. */
static vl_status user_new_check(vl_ctx *ctx, const char *name, vl_role role, const char *lang,
                                const char *province)
{
    if (!vl_user_name_valid(name))
        return vl__error(ctx, VL_ERR_ARG,
                         "a user name is 1 to 64 letters, digits, '.', '_' or '-'");
    if ((int)role < 0 || role >= VL_ROLE_COUNT)
        return vl__error(ctx, VL_ERR_ARG, "the role must be staff, planner or admin");
    if (lang && *lang && !lang_ok(lang))
        return vl__error(ctx, VL_ERR_ARG, "the language must be vi or en");
    if (province && !vl_user_province_valid(province))
        return vl__error(ctx, VL_ERR_ARG, "a province is its code (1 to 7 digits) or empty");
    return VL_OK;
}

static vl_status user_insert(vl_ctx *ctx, vl_db *db, const char *name, vl_role role,
                             const char *hash, const char *lang, const char *province)
{
    vl_status st;
    char now[21];
    vl__utc_now(now);
    vl__stmt *s;
    /* without a province the column's default gives the writer's (schema step 19) */
    if ((st = vl__db_prepare(ctx, db,
                             province ? "INSERT INTO users(name, role, pw_hash, lang, created,"
                                        " province) VALUES (?, ?, ?, ?, ?, ?)"
                                      : "INSERT INTO users(name, role, pw_hash, lang, created)"
                                        " VALUES (?, ?, ?, ?, ?)",
                             &s)) != VL_OK)
        return st;
    if (province)
        vl__bind_text(s, 6, province, false);
    vl__bind_text(s, 1, name, false);
    vl__bind_text(s, 2, vl_role_name(role), false);
    vl__bind_text(s, 3, hash, false);
    vl__bind_text(s, 4, lang && *lang ? lang : "vi", false);
    vl__bind_text(s, 5, now, false);
    int rc = vl__step(s);
    if (rc != VL__DONE && vl__db_errclass(db) == VL__DB_CONSTRAINT)
        st = vl__error(ctx, VL_ERR_CONFLICT, "a user named '%s' exists already", name);
    else if (rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "adding a user");
    vl__finalize(s);
    return st;
}

vl_status vl_db_user_add(vl_ctx *ctx, vl_db *db, const char *name, vl_role role,
                         const char *password, const char *lang, const char *province)
{
    if (!db || !name || !password)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_user_add: missing argument");
    vl_status st = user_new_check(ctx, name, role, lang, province);
    char hash[VL_PW_HASH_SIZE];
    if (st == VL_OK)
        st = vl_password_hash(ctx, password, hash);
    return st == VL_OK ? user_insert(ctx, db, name, role, hash, lang, province) : st;
}

vl_status vl_db_user_add_hash(vl_ctx *ctx, vl_db *db, const char *name, vl_role role,
                              const char *pw_hash, const char *lang, const char *province)
{
    if (!db || !name || !pw_hash)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_user_add_hash: missing argument");
    if (!is_hash(pw_hash))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_user_add_hash: not a hash of vl_password_hash");
    vl_status st = user_new_check(ctx, name, role, lang, province);
    return st == VL_OK ? user_insert(ctx, db, name, role, pw_hash, lang, province) : st;
}

static void read_user(vl__stmt *s, vl_user *u)
{
    memset(u, 0, sizeof *u);
    snprintf(u->name, sizeof u->name, "%s", vl__col_text(s, 0));
    if (!vl_role_parse(vl__col_text(s, 1), &u->role))
        u->role = VL_ROLE_COUNT; /* an unknown role grants nothing */
    snprintf(u->pw_hash, sizeof u->pw_hash, "%s", vl__col_text(s, 2));
    u->disabled = vl__col_int(s, 3) != 0;
    snprintf(u->lang, sizeof u->lang, "%s",
             lang_ok(vl__col_text(s, 4)) ? vl__col_text(s, 4) : "vi");
    snprintf(u->created, sizeof u->created, "%s", vl__col_text(s, 5));
    snprintf(u->last_login, sizeof u->last_login, "%s", vl__col_text(s, 6));
    snprintf(u->province, sizeof u->province, "%s", vl__col_text(s, 7));
    u->session_epoch = vl__col_int64(s, 8);
}

#define USER_COLUMNS                                                                               \
    "SELECT name, role, pw_hash, disabled, lang, created, last_login, province, session_epoch"     \
    " FROM users"

vl_status vl_db_user_get(vl_ctx *ctx, vl_db *db, const char *name, vl_user *out)
{
    if (!db || !name || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_user_get: missing argument");
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, USER_COLUMNS " WHERE name = ?", &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, name, false);
    int rc = vl__step(s);
    if (rc == VL__ROW)
        read_user(s, out);
    else if (rc == VL__DONE)
        st = vl__error(ctx, VL_ERR_NOTFOUND, "no user named '%s'", name);
    else
        st = vl__db_sqlerr(ctx, db, "reading a user");
    vl__finalize(s);
    return st;
}

vl_status vl_db_user_list(vl_ctx *ctx, vl_db *db, vl_user **out, size_t *n)
{
    if (!db || !out || !n)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_user_list: missing argument");
    *out = NULL;
    *n = 0;
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, USER_COLUMNS " ORDER BY name", &s);
    if (st != VL_OK)
        return st;
    size_t cap = 0;
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            vl_user *bigger = vl__realloc(*out, cap * sizeof *bigger);
            if (!bigger) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            *out = bigger;
        }
        read_user(s, &(*out)[(*n)++]);
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "listing users");
    vl__finalize(s);
    if (st != VL_OK) {
        vl__free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}

vl_status vl_db_user_update(vl_ctx *ctx, vl_db *db, const char *name, const vl_user_change *c)
{
    if (!db || !name || !c)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_user_update: missing argument");
    if (c->role && ((int)*c->role < 0 || *c->role >= VL_ROLE_COUNT))
        return vl__error(ctx, VL_ERR_ARG, "the role must be staff, planner or admin");
    if (c->lang && !lang_ok(c->lang))
        return vl__error(ctx, VL_ERR_ARG, "the language must be vi or en");
    if (c->province && !vl_user_province_valid(c->province))
        return vl__error(ctx, VL_ERR_ARG, "a province is its code (1 to 7 digits) or empty");
    if (c->password && c->pw_hash)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_user_update: a password or its hash, not both");
    if (c->pw_hash && !is_hash(c->pw_hash))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_user_update: not a hash of vl_password_hash");
    char hash[VL_PW_HASH_SIZE] = "";
    vl_status st;
    if (c->password && (st = vl_password_hash(ctx, c->password, hash)) != VL_OK)
        return st;
    if (c->pw_hash)
        snprintf(hash, sizeof hash, "%s", c->pw_hash);
    char now[21];
    vl__utc_now(now);
    vl__stmt *s;
    st = vl__db_prepare(ctx, db,
                        "UPDATE users SET role = COALESCE(?2, role),"
                        " disabled = COALESCE(?3, disabled), pw_hash = COALESCE(?4, pw_hash),"
                        " lang = COALESCE(?5, lang), last_login = COALESCE(?6, last_login),"
                        " province = COALESCE(?7, province),"
                        " session_epoch = session_epoch + ?8 WHERE name = ?1",
                        &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, name, false);
    vl__bind_text(s, 2, c->role ? vl_role_name(*c->role) : NULL, false);
    if (c->disabled)
        vl__bind_int(s, 3, *c->disabled ? 1 : 0);
    vl__bind_text(s, 4, c->password || c->pw_hash ? hash : NULL, false);
    vl__bind_text(s, 5, c->lang, false);
    vl__bind_text(s, 6, c->touch_login ? now : NULL, false);
    vl__bind_text(s, 7, c->province, false);
    /* the account's sessions end when it is disabled or its role changes, whoever changed it,
     * and when the caller asks (an administrator's password reset) */
    vl__bind_int(s, 8, (c->disabled && *c->disabled) || c->role || c->end_sessions ? 1 : 0);
    if (vl__step(s) != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "changing a user");
    else if (vl__db_changes(db) == 0)
        st = vl__error(ctx, VL_ERR_NOTFOUND, "no user named '%s'", name);
    vl__finalize(s);
    return st;
}

/* ---- the access audit ------------------------------------------------------------------------ */

vl_status vl_db_audit_append(vl_ctx *ctx, vl_db *db, const vl_audit_entry *e, size_t n)
{
    if (!db || (n && !e))
        return vl__error(ctx, VL_ERR_ARG, "vl_db_audit_append: missing argument");
    if (n == 0)
        return VL_OK;
    char now[21];
    vl__utc_now(now);
    vl_status st = vl__db_begin(ctx, db);
    if (st != VL_OK)
        return st;
    vl__stmt *s;
    if ((st = vl__db_prepare(ctx, db,
                             "INSERT INTO access_audit(at, by_user, action, kind, record, detail)"
                             " VALUES (?, ?, ?, ?, ?, ?)",
                             &s)) == VL_OK) {
        for (size_t i = 0; i < n && st == VL_OK; i++) {
            vl__reset(s);
            vl__bind_text(s, 1, now, false);
            vl__bind_text(s, 2, e[i].user ? e[i].user : "", false);
            vl__bind_text(s, 3, e[i].action ? e[i].action : "", false);
            vl__bind_text(s, 4, e[i].kind ? e[i].kind : "", false);
            vl__bind_text(s, 5, e[i].record ? e[i].record : "", false);
            vl__bind_text(s, 6, e[i].detail, true);
            if (vl__step(s) != VL__DONE)
                st = vl__db_sqlerr(ctx, db, "writing the access audit");
        }
        vl__finalize(s);
    }
    if (st != VL_OK) {
        vl__db_rollback(db);
        return st;
    }
    return vl__db_commit(ctx, db);
}

static const char *const audit_names[] = {"id", "at", "user", "action", "kind", "record", "detail"};
static const vl_col_type audit_types[] = {VL_COL_INT,  VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT,
                                          VL_COL_TEXT, VL_COL_TEXT, VL_COL_TEXT};

/* The query's filters as a WHERE clause and its six parameters, bound to s (a record: its
 * own rows and, for a seeker's id, every row concerning them: VL__AUDIT_ABOUT_SEEKER). Every
 * filter is a bound parameter; NULL means "any". `at` is ISO 8601 UTC (YYYY-MM-DDTHH:MM:SSZ), so
 * instants in that form compare as text, the same on both backends. */
/* clang-format off */
static const char audit_where[] =
    " WHERE (CAST(?1 AS TEXT) IS NULL OR by_user = ?1)"
    " AND (CAST(?2 AS TEXT) IS NULL OR record = ?2 OR " VL__AUDIT_ABOUT_SEEKER("?2") ")"
    " AND (CAST(?3 AS TEXT) IS NULL OR action = ?3) AND (CAST(?4 AS TEXT) IS NULL OR kind = ?4)"
    " AND (CAST(?5 AS TEXT) IS NULL OR at >= ?5) AND (CAST(?6 AS TEXT) IS NULL OR at < ?6)";
/* clang-format on */

/* The UTC instant at which the local day `day` (yyyymmdd) plus `after` days begins, as `at` is
 * written. The days of a period are the centre's own (the process's time zone, as vl_today()
 * and the audit workbook's times): in Vietnam (UTC+7) the 5th of December begins at
 * 2026-12-04T17:00:00Z. mktime normalises the day after the last of a month and finds the
 * offset of that day (summer time where there is one). */
static void local_day_start(int32_t day, int after, char out[21])
{
    struct tm tm = {.tm_year = day / 10000 - 1900,
                    .tm_mon = day / 100 % 100 - 1,
                    .tm_mday = day % 100 + after,
                    .tm_isdst = -1};
    time_t t = mktime(&tm);
    struct tm utc;
    if (t == (time_t)-1 || !gmtime_r(&t, &utc)) {
        /* outside time_t: the UTC day ("...Z" sorts after every time of it, "..." before) */
        vl__format_date(day, out);
        if (after)
            strcat(out, "Z");
        return;
    }
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

static void audit_bind(vl__stmt *s, const vl_audit_query *q)
{
    char from[21] = "", to[21] = "";
    if (q->from)
        local_day_start(q->from, 0, from);
    if (q->to)
        local_day_start(q->to, 1, to);
    const char *v[6] = {q->user,          q->record, q->action, q->kind, q->from ? from : NULL,
                        q->to ? to : NULL};
    for (int i = 0; i < 6; i++)
        vl__bind_text(s, i + 1, v[i], true); /* copied: from and to may go */
}

vl_status vl_db_audit_list(vl_ctx *ctx, vl_db *db, const vl_audit_query *q, vl_list **out)
{
    if (!db || !q || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_audit_list: missing argument");
    *out = NULL;
    if (q->page < 1 || q->page > VL_LIST_PAGE_MAX || q->size < 1 || q->size > VL_LIST_SIZE_MAX)
        return vl__error(ctx, VL_ERR_ARG, "page must be 1..%d and size 1..%d", VL_LIST_PAGE_MAX,
                         VL_LIST_SIZE_MAX);
    char sql[2048];
    vl_list *l = vl__list_new(audit_names, audit_types, VL_ARRAY_LEN(audit_names), q->size);
    if (!l)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl_status st = VL_OK;
    size_t total = 0;
    for (int pass = 0; pass < 2 && st == VL_OK; pass++) {
        if (pass == 0)
            snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM access_audit%s", audit_where);
        else
            snprintf(sql, sizeof sql,
                     "SELECT id, at, by_user, action, kind, record, detail FROM access_audit%s"
                     " ORDER BY id DESC LIMIT %zu OFFSET %zu",
                     audit_where, q->size, (q->page - 1) * q->size);
        vl__stmt *s;
        if ((st = vl__db_prepare(ctx, db, sql, &s)) != VL_OK)
            break;
        audit_bind(s, q);
        int rc;
        while ((rc = vl__step(s)) == VL__ROW) {
            if (pass == 0)
                total = (size_t)vl__col_int64(s, 0);
            else if (vl_list_rows(l) < q->size && !vl__list_add_row(l, s))
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
        if (st == VL_OK && rc != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "reading the access audit");
        vl__finalize(s);
    }
    if (st != VL_OK) {
        vl_list_destroy(l);
        return st;
    }
    vl__list_set_total(l, total, "-id");
    *out = l;
    return VL_OK;
}

vl_status vl_db_audit_each(vl_ctx *ctx, vl_db *db, const vl_audit_query *q, vl_audit_fn fn,
                           void *ud, size_t *n)
{
    if (!db || !q || !fn)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_audit_each: missing argument");
    if (n)
        *n = 0;
    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT id, at, by_user, action, kind, record, detail FROM access_audit%s"
             " ORDER BY id",
             audit_where);
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql, &s);
    if (st != VL_OK)
        return st;
    audit_bind(s, q);
    int rc;
    while (st == VL_OK && (rc = vl__step(s)) == VL__ROW) {
        const vl_audit_row r = {vl__col_int64(s, 0),         vl__col_text(s, 1), vl__col_text(s, 2),
                                vl__col_text(s, 3),          vl__col_text(s, 4), vl__col_text(s, 5),
                                vl__col_text_len(s, 6, NULL)};
        st = fn(ud, &r);
        if (st == VL_OK && n)
            (*n)++;
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "reading the access audit");
    vl__finalize(s);
    return st;
}
