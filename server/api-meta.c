/*
 * api-meta.c - the session and the user's own settings, and the reference lists any signed-in
 * user may read: closed vocabularies with labels in the user's language, counts without
 * personal data, occupations and areas for form fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

#include "server.h"

void api_session(desk_req *rq, desk_resp *rs)
{
    if (query_check(rq, rs, NULL))
        resp_json(rs, 200, security_session_json(rq));
}

/* The user's own settings changed and, for a new password, its access-audit row: one write. */
typedef struct own_change {
    desk_req *rq;
    const vl_user_change *c;
} own_change;

static vl_status own_change_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    own_change *j = arg;
    vl_status st = vl_db_user_update(ctx, db, j->rq->user, j->c);
    vl_audit_entry e = {j->rq->user, "password", "user", j->rq->user, NULL};
    return st == VL_OK && j->c->pw_hash ? vl_db_audit_append(ctx, db, &e, 1) : st;
}

void api_me(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"lang", "password", "new_password", NULL};
    if (!body_check(rq, rs, members))
        return;
    json_t *lang = json_object_get(rq->body, "lang");
    json_t *old = json_object_get(rq->body, "password");
    json_t *nw = json_object_get(rq->body, "new_password");
    vl_user_change c = {0};
    char hash[VL_PW_HASH_SIZE];
    if (lang) {
        const char *l = json_string_value(lang);
        if (!l || (strcmp(l, "vi") != 0 && strcmp(l, "en") != 0)) {
            resp_error(rs, 400, "bad_request", "lang", tr(rq, "The language must be vi or en."));
            return;
        }
        c.lang = l;
    }
    if (old || nw) {
        vl_user u;
        const char *why = NULL;
        if (!json_is_string(old) || !json_is_string(nw)) {
            resp_error(rs, 400, "bad_request", !json_is_string(old) ? "password" : "new_password",
                       tr(rq, "The old and the new password are needed."));
            return;
        }
        /* the new one first: a refused new password costs no attempt at the old one */
        if (!vl_password_acceptable(json_string_value(nw), &why)) {
            resp_error(rs, 400, "bad_request", "new_password",
                       tr(rq, "A password needs at least 10 characters."));
            return;
        }
        if (strcmp(json_string_value(nw), json_string_value(old)) == 0) {
            resp_error(rs, 400, "bad_request", "new_password",
                       tr(rq, "The new password must differ from the old one."));
            return;
        }
        vl_status st = vl_db_user_get(rq->ctx, rq->db, rq->user, &u);
        if (st != VL_OK) {
            resp_fail(rq, rs, st);
            return;
        }
        if (!security_change_password(rq, rs, u.pw_hash, json_string_value(old),
                                      json_string_value(nw), hash))
            return;
        c.pw_hash = hash;
    }
    own_change job = {rq, &c};
    vl_status st = desk_write(rq, own_change_fn, &job);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    /* whoever else knew the old password is signed out; this browser stays signed in */
    if (c.pw_hash)
        security_end_other_sessions(rq->d, rq->user, rq->cookie);
    if (c.lang) {
        /* stored on the user: the next request of every session of theirs speaks it */
        snprintf(rq->lang, sizeof rq->lang, "%s", c.lang);
    }
    resp_json(rs, 200, security_session_json(rq));
}

typedef struct label {
    const char *code, *en; /* en: a msgid, shown in the user's language */
} label;

static json_t *labels(const desk_req *rq, const label *l, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a,
                              json_pack("{s:s, s:s}", "code", l[i].code, "label", tr(rq, l[i].en)));
    return a;
}

/* a closed list of the library in its words (vl_value_words: the workbooks' words too) */
static json_t *value_labels(const desk_req *rq, const char *list)
{
    json_t *a = json_array();
    for (size_t i = 0; vl_value_code(list, i); i++) {
        const char *code = vl_value_code(list, i);
        const char *w = vl_value_words(desk_lang(rq), list, code);
        json_array_append_new(a, json_pack("{s:s, s:s}", "code", code, "label", w ? w : code));
    }
    return a;
}

/* how a referral was made, in words (the engine's channels) */
static const label channel_words[] = {{"desk", N_("At the centre's desk")},
                                      {"fair", N_("At a job fair")},
                                      {"phone", N_("By phone")},
                                      {"online", N_("Online")}};

/* The engine's code with its words from `words` (a new code without words shows itself). */
static label coded(const char *code, const label *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(words[i].code, code) == 0)
            return words[i];
    return (label){code, code};
}

/* the engine's outcomes in the library's words ("pending" for the empty one), in its order */
static json_t *outcome_labels(const desk_req *rq)
{
    json_t *a = json_array();
    for (int k = 0; k < VL_OUTCOME_COUNT; k++) {
        const char *code = k ? vl_outcome_name((vl_outcome)k) : "pending";
        const char *w = vl_outcome_words(desk_lang(rq), code);
        json_array_append_new(a, json_pack("{s:s, s:s}", "code", code, "label", w ? w : code));
    }
    return a;
}

void api_meta(desk_req *rq, desk_resp *rs)
{
    label channels[VL_CHANNEL_COUNT];
    for (int k = 0; k < VL_CHANNEL_COUNT; k++)
        channels[k] = coded(vl_channel_name((vl_channel)k), channel_words,
                            sizeof channel_words / sizeof *channel_words);
    if (!query_check(rq, rs, NULL))
        return;
    char today[11];
    date_format(date_today(), today);
    pthread_mutex_lock(&rq->d->centre_lock);
    json_t *centre = json_string(rq->d->centre);
    pthread_mutex_unlock(&rq->d->centre_lock);
    json_t *industries = json_array();
    vl_list *ind = NULL;
    if (vl_db_industries(rq->ctx, rq->db, &ind) == VL_OK)
        for (size_t i = 0; i < vl_list_rows(ind); i++) {
            const char *shown = desk_industry_title(rq, ind, i);
            json_array_append_new(industries,
                                  json_pack("{s:s, s:s}", "code", vl_list_value(ind, i, 0), "label",
                                            shown ? shown : ""));
        }
    vl_list_destroy(ind);
    json_t *o =
        json_pack("{s:s, s:o, s:s, s:b, s:s, s:o, s:o, s:o, s:o, s:o, s:{s:i, s:i, s:i, s:i}}",
                  "version", vl_version(), "centre", centre, "today", today, "tls", rq->d->tls,
                  "lang", rq->lang, "education", value_labels(rq, "education"), "genders",
                  value_labels(rq, "gender"), "priority_groups", value_labels(rq, "priority"),
                  "statuses", value_labels(rq, "status"), "outcomes", outcome_labels(rq), "limits",
                  "size", VL_LIST_SIZE_MAX, "top", 100, "q", 200, "body", DESK_BODY_MAX);
    json_object_set_new(o, "industries", industries);
    /* the server's time zone, east of UTC in seconds now: the desk shows every time in it, the
     * zone of its local days (the audit's period), whatever the browser's zone (Vietnam keeps no
     * summer time, so one offset serves every date) */
    time_t now = time(NULL);
    struct tm local;
    json_object_set_new(o, "utc_offset",
                        json_integer(localtime_r(&now, &local) ? (json_int_t)local.tm_gmtoff : 0));
    json_object_set_new(o, "channels", labels(rq, channels, VL_CHANNEL_COUNT));
    json_object_set_new(o, "audit_actions", desk_audit_actions(rq));
    /* serve --province: the provinces whose seekers and vacancies the lists show (the desk then
     * offers every province's) */
    json_object_set_new(o, "provinces", desk_provinces_json(rq, false));
    /* the kinds this role brings in from a file (POST /api/imports/{kind}), in menu order */
    static const label kinds[] = {{"seekers", N_("Job seekers")},
                                  {"employers", N_("Employers")},
                                  {"vacancies", N_("Vacancies")},
                                  {"referrals", N_("Referrals and their outcomes")},
                                  {"followups", N_("Follow-ups of hires")},
                                  {"counselling", N_("Counselling sessions")},
                                  {"fairs", N_("Job fairs")},
                                  {"history", N_("Labour demand history")},
                                  {"areas", N_("Areas (communes and provinces)")}};
    label mine[sizeof kinds / sizeof *kinds];
    size_t n_mine = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        vl_kind k;
        if (vl_kind_parse(kinds[i].code, &k) && desk_import_allowed(rq->role, k))
            mine[n_mine++] = kinds[i];
    }
    json_t *imports = labels(rq, mine, n_mine);
    for (size_t i = 0; i < n_mine; i++) { /* whether its records may be taken away as well */
        vl_kind k;
        vl_kind_parse(mine[i].code, &k);
        json_object_set_new(json_array_get(imports, i), "export",
                            json_boolean(desk_export_allowed(rq->role, k)));
    }
    json_object_set_new(o, "imports", imports);
    json_object_set_new(json_object_get(o, "limits"), "upload", json_integer(DESK_UPLOAD_MAX));
    resp_json(rs, 200, o);
}

json_t *desk_provinces_json(desk_req *rq, bool named)
{
    json_t *list = json_array();
    for (const char *p = rq->d->o.provinces; p && *p;) {
        size_t len = strcspn(p, ",");
        char code[17];
        snprintf(code, sizeof code, "%.*s", (int)(len < 16 ? len : 16), p);
        p += len + (p[len] == ',');
        if (!named) {
            json_array_append_new(list, json_string(code));
            continue;
        }
        vl_area_list *a = NULL;
        const char *name = code;
        if (vl_area_get(rq->ctx, rq->db, code, 0, &a) == VL_OK && vl_area_list_count(a) == 1)
            name = vl_area_list_at(a, 0)->name;
        else
            vl_ctx_clear_error(rq->ctx); /* a code without an area is shown as it is */
        json_array_append_new(list, json_pack("{s:s, s:s}", "code", code, "name", name));
        vl_area_list_destroy(a);
    }
    return list;
}

void api_template(desk_req *rq, desk_resp *rs)
{
    vl_kind kind;
    if (!query_check(rq, rs, NULL) || !param_kind(rq, rs, 0, ".xlsx", desk_import_allowed, &kind))
        return;
    char path[4300];
    snprintf(path, sizeof path, "%s/template-%s.xlsx", rq->d->state_dir, vl_kind_name(kind));
    vl_status st = vl_sheet_template(rq->ctx, kind, path); /* written whole, renamed over */
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    rs->status = 200;
    rs->file = strdup(path);
    rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"mau-%s.xlsx\"",
             vl_kind_name(kind));
}

void api_summary(desk_req *rq, desk_resp *rs)
{
    if (!query_check(rq, rs, NULL))
        return;
    vl_db_counts c;
    vl_status st = vl_db_counts_on(rq->ctx, rq->db, date_today(), &c); /* the served day */
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    char today[11];
    date_format(date_today(), today);
    resp_json(rs, 200,
              json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:s}", "seekers", (json_int_t)c.seekers,
                        "active_seekers", (json_int_t)c.active_seekers, "employers",
                        (json_int_t)c.employers, "vacancies", (json_int_t)c.vacancies,
                        "open_vacancies", (json_int_t)c.open_vacancies, "positions",
                        (json_int_t)c.positions, "as_of", today));
}

static void lookup(desk_req *rq, desk_resp *rs, vl_lookup what, bool one)
{
    static const char *const params_occ[] = {"q", "size", NULL};
    static const char *const params_area[] = {"q", "size", "as_of", NULL};
    const char *q = NULL, *code = NULL;
    size_t size = 20;
    int32_t as_of = 0;
    if (one) {
        if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &code))
            return;
    } else if (!query_check(rq, rs, what == VL_LOOKUP_AREAS ? params_area : params_occ) ||
               !query_text(rq, rs, "q", &q) || !query_size(rq, rs, "size", 1, 50, 20, &size) ||
               !query_date(rq, rs, "as_of", &as_of)) {
        return;
    }
    if (!as_of) /* the served date (serve --as-of), not the machine's */
        as_of = date_today();
    vl_list *l = NULL;
    vl_status st = vl_db_lookup(rq->ctx, rq->db, what, q, code, as_of, one ? 1 : size, &l);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *page = list_json(l, 1, size);
    vl_list_destroy(l);
    if (one) {
        json_t *item = json_incref(json_array_get(json_object_get(page, "items"), 0));
        json_decref(page);
        resp_json(rs, 200, item);
        return;
    }
    json_object_del(page, "page");
    json_object_del(page, "sort");
    resp_json(rs, 200, page);
}

/* The occupations of a search, ranked as `vieclam lookup occupation` ranks them (one
 * definition, vl_occupation_search): "tho han" offers Thợ hàn (7212) first, not every title
 * holding "tho" and "han" in code order. Without q (or with no word in it), the list. */
void api_occupations(desk_req *rq, desk_resp *rs)
{
    static const char *const params[] = {"q", "size", NULL};
    const char *q = NULL;
    size_t size = 20;
    if (!query_check(rq, rs, params) || !query_text(rq, rs, "q", &q) ||
        !query_size(rq, rs, "size", 1, 50, 20, &size))
        return;
    const vl_occupation *found[50];
    size_t n = 0, total = 0;
    vl_status st = q && *q ? vl_occupation_search(rq->ctx, q, size, found, &n, &total) : VL_ERR_ARG;
    if (st == VL_ERR_ARG) { /* no words to search by */
        lookup(rq, rs, VL_LOOKUP_OCCUPATIONS, false);
        return;
    }
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:i}", "code", found[i]->code,
                                               "title", found[i]->title_vi, "title_en",
                                               found[i]->title_en, "level", found[i]->level));
    resp_json(rs, 200,
              json_pack("{s:o, s:I, s:I}", "items", items, "size", (json_int_t)size, "total",
                        (json_int_t)total));
}

void api_occupation(desk_req *rq, desk_resp *rs)
{
    lookup(rq, rs, VL_LOOKUP_OCCUPATIONS, true);
}

/* An area's JSON as the list answers it: its parent (the province of a commune since the reform,
 * the district of a pre-reform commune) by code and name, and the last day it was valid. */
static json_t *area_json(desk_req *rq, const vl_area_info *a, int32_t as_of)
{
    char to[11] = "";
    if (a->valid_to)
        date_format(a->valid_to, to);
    const char *parent_name = NULL;
    vl_area_list *p = NULL;
    if (!*a->parent_code)
        ;
    else if (strcmp(a->parent_code, a->province_code) == 0)
        parent_name = a->province_name;
    else if (vl_area_get(rq->ctx, rq->db, a->parent_code, a->valid_to ? a->valid_to : as_of, &p) ==
                 VL_OK &&
             vl_area_list_count(p) == 1)
        parent_name = vl_area_list_at(p, 0)->name;
    json_t *o = json_pack("{s:s, s:s, s:i, s:s?, s:s?, s:s?}", "code", a->code, "name", a->name,
                          "level", a->level, "parent", *a->parent_code ? a->parent_code : NULL,
                          "parent_name", parent_name, "valid_to", *to ? to : NULL);
    vl_area_list_destroy(p);
    return o;
}

/* The areas of a search, ranked as `vieclam lookup area` ranks them (one definition,
 * vl_area_search): the code, whole names, names starting with the text, names with a word
 * starting with it ("hong ha" finds Phường Hồng Hà first), areas valid on the date only. Without
 * q, the list of every area valid on the date. */
void api_areas(desk_req *rq, desk_resp *rs)
{
    static const char *const params[] = {"q", "size", "as_of", NULL};
    const char *q = NULL;
    size_t size = 20;
    int32_t as_of = 0;
    if (!query_check(rq, rs, params) || !query_text(rq, rs, "q", &q) ||
        !query_size(rq, rs, "size", 1, 50, 20, &size) || !query_date(rq, rs, "as_of", &as_of))
        return;
    if (!q || !*q) {
        lookup(rq, rs, VL_LOOKUP_AREAS, false);
        return;
    }
    if (!as_of) /* the served date (serve --as-of), not the machine's */
        as_of = date_today();
    vl_area_search_options o = {.as_of = as_of, .limit = size};
    vl_area_list *l = NULL;
    vl_status st = vl_area_search(rq->ctx, rq->db, q, &o, &l);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < vl_area_list_count(l); i++)
        json_array_append_new(items, area_json(rq, vl_area_list_at(l, i), as_of));
    vl_area_list_destroy(l);
    size_t n = json_array_size(items);
    resp_json(rs, 200,
              json_pack("{s:o, s:I, s:I}", "items", items, "size", (json_int_t)size, "total",
                        (json_int_t)n));
}

void api_area(desk_req *rq, desk_resp *rs)
{
    lookup(rq, rs, VL_LOOKUP_AREAS, true);
}

void api_export(desk_req *rq, desk_resp *rs)
{
    vl_kind kind;
    if (!query_check(rq, rs, NULL))
        return;
    if (!param_kind(rq, rs, 0, ".xlsx", desk_import_allowed, &kind))
        return;
    if (!desk_export_allowed(rq->role, kind)) {
        resp_error(rs, 403, "forbidden", NULL,
                   tr(rq, "Records holding personal data are not exported from the desk; "
                          "the centre's administrator exports them with vieclam export."));
        return;
    }
    if (!desk_audit(rq, rs, "export", vl_kind_name(kind), "*", NULL))
        return;
    char path[4300];
    if (!desk_temp_file(rq, rs, "export", path, sizeof path))
        return;
    vl_export_options eo = {.xlsx = true};
    vl_status st = vl_db_export(rq->ctx, rq->db, kind, path, &eo);
    if (st != VL_OK) {
        unlink(path);
        resp_fail(rq, rs, st);
        return;
    }
    resp_temp_xlsx(rq, rs, path, vl_kind_name(kind));
}
