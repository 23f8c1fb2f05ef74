/*
 * api-admin.c - accounts, for administrators (the access audit: audit.c). An administrator cannot
 * disable or demote themself (a centre must not lock itself out); disabling a user or changing
 * a role ends that user's sessions at once. And a person's right to erasure (Decree
 * 13/2023/ND-CP): seekers erased on request, or by the retention rule, as `vieclam erase` does;
 * the admin sees ids and dates of activity, never a name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/* An account as the admin page lists it: its province by name too ("Thành phố Hải Phòng"), as
 * the province is on today (NULL when no area has the code). */
static json_t *user_json(desk_req *rq, const vl_user *u)
{
    const char *province_name = NULL;
    vl_area_list *p = NULL;
    if (u->province[0] && vl_area_get(rq->ctx, rq->db, u->province, 0, &p) == VL_OK &&
        vl_area_list_count(p) == 1)
        province_name = vl_area_list_at(p, 0)->name;
    else if (u->province[0])
        vl_ctx_clear_error(rq->ctx); /* a code without an area is shown as it is */
    json_t *o =
        json_pack("{s:s, s:s, s:b, s:s, s:s, s:s?, s:s, s:o}", "name", u->name, "role",
                  vl_role_name(u->role), "disabled", u->disabled, "lang", u->lang, "province",
                  u->province, "province_name", province_name, "created", u->created, "last_login",
                  u->last_login[0] ? json_string(u->last_login) : json_null());
    vl_area_list_destroy(p);
    return o;
}

void api_users_list(desk_req *rq, desk_resp *rs)
{
    if (!query_check(rq, rs, NULL))
        return;
    vl_user *users = NULL;
    size_t n = 0;
    vl_status st = vl_db_user_list(rq->ctx, rq->db, &users, &n);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, user_json(rq, &users[i]));
    free(users);
    resp_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

static bool role_member(desk_req *rq, desk_resp *rs, vl_role *out, bool *given)
{
    json_t *r = json_object_get(rq->body, "role");
    *given = r != NULL;
    if (r && (!json_is_string(r) || !vl_role_parse(json_string_value(r), out))) {
        resp_error(rs, 400, "bad_request", "role", tr(rq, "role: staff, planner or admin."));
        return false;
    }
    return true;
}

static bool password_member(desk_req *rq, desk_resp *rs, const char **out)
{
    json_t *p = json_object_get(rq->body, "password");
    const char *why;
    *out = NULL;
    if (!p)
        return true;
    if (!json_is_string(p) || !vl_password_acceptable(json_string_value(p), &why)) {
        resp_error(rs, 400, "bad_request", "password",
                   tr(rq, "A password needs at least 10 characters."));
        return false;
    }
    *out = json_string_value(p);
    return true;
}

static bool lang_member(desk_req *rq, desk_resp *rs, const char **out)
{
    json_t *l = json_object_get(rq->body, "lang");
    *out = NULL;
    if (!l)
        return true;
    const char *v = json_string_value(l);
    if (!v || (strcmp(v, "vi") && strcmp(v, "en"))) {
        resp_error(rs, 400, "bad_request", "lang", tr(rq, "The language must be vi or en."));
        return false;
    }
    *out = v;
    return true;
}

/* A user created or changed, and its access-audit row, in one write (desk_write). */
typedef struct user_job {
    desk_req *rq;
    const char *name;
    vl_role role; /* create: */
    const char *hash, *lang;
    const vl_user_change *change; /* update */
} user_job;

static vl_status user_create_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    user_job *j = arg;
    vl_status st = vl_db_user_add_hash(ctx, db, j->name, j->role, j->hash, j->lang, NULL);
    vl_audit_entry e = {j->rq->user, "create", "user", j->name, vl_role_name(j->role)};
    return st == VL_OK ? vl_db_audit_append(ctx, db, &e, 1) : st;
}

static vl_status user_update_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    user_job *j = arg;
    vl_status st = vl_db_user_update(ctx, db, j->name, j->change);
    vl_audit_entry e = {j->rq->user, "update", "user", j->name, NULL};
    return st == VL_OK ? vl_db_audit_append(ctx, db, &e, 1) : st;
}

void api_user_create(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"name", "role", "password", "lang", NULL};
    vl_role role = VL_ROLE_STAFF;
    bool has_role;
    const char *password, *lang;
    if (!query_check(rq, rs, NULL) || !body_check(rq, rs, members) ||
        !role_member(rq, rs, &role, &has_role) || !password_member(rq, rs, &password) ||
        !lang_member(rq, rs, &lang))
        return;
    json_t *n = json_object_get(rq->body, "name");
    if (!json_is_string(n) || !vl_user_name_valid(json_string_value(n))) {
        resp_error(rs, 400, "bad_request", "name",
                   tr(rq, "A user name is 1-64 letters, digits, '.', '_' or '-'."));
        return;
    }
    if (!has_role || !password) {
        resp_error(rs, 400, "bad_request", !has_role ? "role" : "password",
                   tr(rq, "A role and a password are needed."));
        return;
    }
    const char *name = json_string_value(n);
    /* hashed first, in Argon2id's queue and without a connection; then the user and its audit
     * row land together */
    char hash[VL_PW_HASH_SIZE];
    if (!security_hash_password(rq, rs, password, hash))
        return;
    user_job job = {rq, name, .role = role, .hash = hash, .lang = lang};
    vl_status st = desk_write(rq, user_create_fn, &job);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    snprintf(rs->location, sizeof rs->location, "/api/users/%s", name);
    resp_json(rs, 201, json_pack("{s:s}", "name", name));
}

void api_user_update(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"role", "disabled", "password", "lang", NULL};
    vl_role role = VL_ROLE_STAFF;
    bool has_role;
    const char *password, *lang, *name;
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &name) || !body_check(rq, rs, members) ||
        !role_member(rq, rs, &role, &has_role) || !password_member(rq, rs, &password) ||
        !lang_member(rq, rs, &lang))
        return;
    json_t *d = json_object_get(rq->body, "disabled");
    if (d && !json_is_boolean(d)) {
        resp_error(rs, 400, "bad_request", "disabled", tr(rq, "disabled: true or false."));
        return;
    }
    bool disabled = json_is_true(d);
    if (strcmp(name, rq->user) == 0 && ((d && disabled) || (has_role && role != VL_ROLE_ADMIN))) {
        resp_error(rs, 409, "conflict", NULL,
                   tr(rq, "An administrator cannot disable or demote themself."));
        return;
    }
    char hash[VL_PW_HASH_SIZE];
    if (password && !security_hash_password(rq, rs, password, hash))
        return;
    vl_user_change c = {.role = has_role ? &role : NULL,
                        .disabled = d ? &disabled : NULL,
                        .pw_hash = password ? hash : NULL,
                        .lang = lang,
                        /* a reset: the old sessions end on every server of the database too */
                        .end_sessions = password != NULL};
    user_job job = {rq, name, .change = &c};
    vl_status st = desk_write(rq, user_update_fn, &job);
    vl_user u;
    if (st == VL_OK)
        st = vl_db_user_get(rq->ctx, rq->db, name, &u);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    if ((d && disabled) || has_role || password)
        security_end_user(rq->d, name);
    resp_json(rs, 200, user_json(rq, &u));
}

/* ---- personal data: retention and erasure --------------------------------------------------- */

#define ERASE_MAX 1000 /* seekers in one erasure (and ids the retention list shows) */

typedef struct retained {
    json_t *items;
    size_t n;
} retained;

static void retained_add(void *ud, const char *id, int32_t last)
{
    retained *r = ud;
    if (r->n++ >= ERASE_MAX)
        return;
    char day[11];
    date_format(last, day);
    json_array_append_new(r->items, json_pack("{s:s, s:s}", "seeker", id, "last_active", day));
}

void api_retention(desk_req *rq, desk_resp *rs)
{
    if (!query_check(rq, rs, NULL))
        return;
    const vl_privacy_model *pm = &rq->d->privacy;
    retained r = {json_array(), 0};
    size_t n = 0;
    vl_status st = vl_db_retention_scan(rq->ctx, rq->db, pm->inactive_years, date_today(),
                                        retained_add, &r, &n);
    if (st != VL_OK) {
        json_decref(r.items);
        resp_fail(rq, rs, st);
        return;
    }
    /* the ids listed are personal data too: the listing is audited, unless it lists nobody (the
     * admin page opens it on every visit) */
    char detail[32];
    snprintf(detail, sizeof detail, "%zu", n);
    if (n > 0 && !desk_audit(rq, rs, "retention", "seeker", "*", detail)) {
        json_decref(r.items);
        return;
    }
    char today[11];
    date_format(date_today(), today);
    resp_json(rs, 200,
              json_pack("{s:i, s:s, s:I, s:o}", "years", pm->inactive_years, "as_of", today,
                        "total", (json_int_t)n, "items", r.items));
}

void api_erasure(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"seekers", "reason", NULL};
    if (!query_check(rq, rs, NULL) || !body_check(rq, rs, members))
        return;
    json_t *ids = json_object_get(rq->body, "seekers");
    const char *reason = json_string_value(json_object_get(rq->body, "reason"));
    if (!json_is_array(ids) || json_array_size(ids) < 1 || json_array_size(ids) > ERASE_MAX) {
        resp_error(rs, 400, "bad_request", "seekers",
                   tr(rq, "seekers: a list of 1 to 1000 seekers' ids."));
        return;
    }
    if (!reason || !*reason || strlen(reason) > 200) {
        resp_error(rs, 400, "bad_request", "reason",
                   tr(rq, "reason: why the data is erased (1 to 200 characters; write no "
                          "personal data in it)."));
        return;
    }
    size_t n = json_array_size(ids);
    const char **list = calloc(n, sizeof *list);
    if (!list) {
        resp_fail(rq, rs, VL_ERR_NOMEM);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        list[i] = json_string_value(json_array_get(ids, i));
        if (!list[i] || !*list[i] || strlen(list[i]) > 64) {
            free(list);
            resp_error(rs, 400, "bad_request", "seekers",
                       tr(rq, "seekers: a list of 1 to 1000 seekers' ids."));
            return;
        }
    }
    /* one transaction: every id or none; each erasure in the access audit (by this admin) */
    vl_erase_report rep = {0};
    vl_status st = vl_db_erase_seekers(rq->ctx, rq->db, list, n, reason, rq->user, &rep);
    if (st != VL_OK) {
        free(list);
        resp_fail(rq, rs, st); /* an unknown id: 404 naming it, nothing erased */
        return;
    }
    /* the files the desk keeps that may name them: the slips of its fair plans, the rejected
     * rows of its finished imports */
    long slips = fair_plans_forget_seekers(rq, list, n);
    size_t rejects = jobs_forget_rejects(rq->d->jobs);
    free(list);
    resp_json(rs, 200,
              json_pack("{s:I, s:I, s:b, s:b, s:b, s:I, s:I, s:b}", "erased",
                        (json_int_t)rep.erased, "already", (json_int_t)rep.already, "wal_emptied",
                        rep.wal_emptied, "vacuumed", rep.vacuumed, "owner_must_vacuum",
                        rep.owner_must_vacuum, "slips_removed", (json_int_t)(slips > 0 ? slips : 0),
                        "rejects_removed", (json_int_t)rejects, "files_cleared", slips >= 0));
}
