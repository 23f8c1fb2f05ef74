/*
 * api-admin.c - accounts and the access audit, for administrators. An administrator cannot
 * disable or demote themself (a centre must not lock itself out); disabling a user or changing
 * a role ends that user's sessions at once.
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
    vl_status st = vl_db_user_add(rq->ctx, rq->db, name, role, password, lang, NULL);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    if (!desk_audit(rq, rs, "create", "user", name, vl_role_name(role)))
        return;
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
    vl_user_change c = {.role = has_role ? &role : NULL,
                        .disabled = d ? &disabled : NULL,
                        .password = password,
                        .lang = lang};
    vl_status st = vl_db_user_update(rq->ctx, rq->db, name, &c);
    vl_user u;
    if (st == VL_OK)
        st = vl_db_user_get(rq->ctx, rq->db, name, &u);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    if ((d && disabled) || has_role || password)
        security_end_user(rq->d, name);
    if (!desk_audit(rq, rs, "update", "user", name, NULL))
        return;
    resp_json(rs, 200, user_json(rq, &u));
}

void api_audit_list(desk_req *rq, desk_resp *rs)
{
    static const char *const allowed[] = {"user", "record", "action", "kind", "from",
                                          "to",   "page",   "size",   NULL};
    vl_audit_query q = {0};
    if (!query_check(rq, rs, allowed) || !query_text(rq, rs, "user", &q.user) ||
        !query_text(rq, rs, "record", &q.record) || !query_text(rq, rs, "action", &q.action) ||
        !query_text(rq, rs, "kind", &q.kind) || !query_date(rq, rs, "from", &q.from) ||
        !query_date(rq, rs, "to", &q.to) ||
        !query_size(rq, rs, "page", 1, VL_LIST_PAGE_MAX, 1, &q.page) ||
        !query_size(rq, rs, "size", 1, VL_LIST_SIZE_MAX, 20, &q.size))
        return;
    vl_list *l = NULL;
    vl_status st = vl_db_audit_list(rq->ctx, rq->db, &q, &l);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    resp_json(rs, 200, list_json(l, q.page, q.size));
    vl_list_destroy(l);
}
