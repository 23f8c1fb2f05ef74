/*
 * api-referrals.c - referrals for staff, through the placement API (<vieclam/placement.h>):
 * recording that a seeker was sent to a vacancy (by the signed-in user, today), the lists by
 * seeker or vacancy, everything the referral slip (phiếu giới thiệu việc làm) prints, an
 * outcome and the follow-ups of a hire. Each is audited; a hire changes the vacancy's open
 * positions and the seeker's status, which the match indexes pick up from the change log at once.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/* 400 invalid with one message per field, from the diagnostics "column NAME: reason" (in the
 * request's language: "cột NAME: ..." in Vietnamese, so the prefix comes from the catalogue). */
static void invalid(desk_req *rq, desk_resp *rs)
{
    json_t *f = json_object();
    char prefix[64] = "column ";
    const char *fmt = vl_ctx_gettext(rq->ctx, "column %s: %s");
    const char *arg = fmt ? strstr(fmt, "%s") : NULL;
    if (arg && arg > fmt && (size_t)(arg - fmt) < sizeof prefix)
        snprintf(prefix, sizeof prefix, "%.*s", (int)(arg - fmt), fmt);
    size_t plen = strlen(prefix);
    for (size_t i = 0; i < vl_ctx_diag_count(rq->ctx); i++) {
        const char *d = vl_ctx_diag(rq->ctx, i);
        if (!d) /* past those the context kept */
            break;
        const char *col = strstr(d, prefix);
        const char *colon = col ? strstr(col + plen, ": ") : NULL;
        if (!colon)
            continue;
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(colon - col - plen), col + plen);
        if (!json_object_get(f, name))
            json_object_set_new(f, name, json_string(colon + 2));
    }
    if (!json_object_size(f))
        json_object_set_new(f, "referral", json_string(vl_ctx_errmsg(rq->ctx)));
    resp_json(rs, 400,
              json_pack("{s:s, s:s, s:o}", "error", "invalid", "message",
                        tr(rq, "The referral could not be recorded; nothing was saved."), "fields",
                        f));
}

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *date_or_null(int32_t d)
{
    if (!d)
        return json_null();
    char t[11];
    date_format(d, t);
    return json_string(t);
}

static const char *row_text(vl_row *row, const char *col)
{
    const char *v = row ? vl_row_get(row, col) : NULL;
    return v ? v : "";
}

/* A record by id, or NULL (the error is cleared: a missing name is shown as empty). */
static vl_row *fetch(desk_req *rq, vl_kind kind, const char *id)
{
    vl_row *row = NULL;
    if (!id || !*id || vl_db_get_row(rq->ctx, rq->db, kind, id, &row) != VL_OK) {
        vl_ctx_clear_error(rq->ctx);
        return NULL;
    }
    return row;
}

/* A referral and its audit row, in one savepoint of the group commit. */
typedef struct refer_job {
    desk_req *rq;
    const vl_referral_new *r;
    char *id;
} refer_job;

static vl_status refer_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    refer_job *j = arg;
    vl_status st = vl_referral_add(ctx, db, j->r, j->id);
    vl_audit_entry e = {j->rq->user, "refer", "seeker", j->r->seeker, j->id};
    return st == VL_OK ? vl_db_audit_append(ctx, db, &e, 1) : st;
}

typedef struct outcome_job {
    desk_req *rq;
    const char *id;
    const vl_outcome_update *u;
} outcome_job;

static vl_status outcome_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    outcome_job *j = arg;
    vl_status st = vl_referral_record_outcome(ctx, db, j->id, j->u);
    vl_audit_entry e = {j->rq->user, "outcome", "referral", j->id, vl_outcome_name(j->u->outcome)};
    return st == VL_OK ? vl_db_audit_append(ctx, db, &e, 1) : st;
}

/* The server's today (serve --as-of) is the desk's: nothing recorded as done after it (the
 * library's own check reads the machine's clock). True, with rs set, when d is after it. */
static bool after_today(desk_req *rq, desk_resp *rs, const char *field, int32_t d)
{
    if (d <= date_today())
        return false;
    resp_json(rs, 400,
              json_pack("{s:s, s:s, s:{s:s}}", "error", "invalid", "message",
                        tr(rq, "The referral could not be recorded; nothing was saved."), "fields",
                        field, tr(rq, "The date cannot be after today.")));
    return true;
}

void api_referral_create(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"seeker", "vacancy", "channel", NULL};
    if (!query_check(rq, rs, NULL) || !body_check(rq, rs, members))
        return;
    json_t *s = json_object_get(rq->body, "seeker"), *v = json_object_get(rq->body, "vacancy");
    json_t *ch = json_object_get(rq->body, "channel");
    if (!json_is_string(s) || !json_is_string(v)) {
        resp_error(rs, 400, "bad_request", !json_is_string(s) ? "seeker" : "vacancy",
                   tr(rq, "A seeker id and a vacancy id are needed."));
        return;
    }
    vl_referral_new r = {.seeker = json_string_value(s),
                         .vacancy = json_string_value(v),
                         .referred_on = date_today(),
                         .channel = VL_CHANNEL_DESK,
                         .staff = rq->user};
    if (ch && (!json_is_string(ch) || !vl_channel_parse(json_string_value(ch), &r.channel))) {
        resp_error(rs, 400, "bad_request", "channel",
                   tr(rq, "channel: desk, fair, phone or online."));
        return;
    }
    char id[VL_ID_MAX + 1] = "";
    refer_job job = {rq, &r, id};
    vl_status st = desk_write(rq, refer_fn, &job);
    if (st == VL_ERR_INVALID) {
        invalid(rq, rs);
        return;
    }
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    char at[11];
    date_format(r.referred_on, at);
    snprintf(rs->location, sizeof rs->location, "/api/referrals/%s", id);
    resp_json(rs, 201,
              json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", id, "seeker", r.seeker, "vacancy",
                        r.vacancy, "by", rq->user, "at", at, "channel",
                        vl_channel_name(r.channel)));
}

static json_t *referral_summary(desk_req *rq, const vl_referral *r)
{
    vl_row *s = fetch(rq, VL_KIND_SEEKERS, r->seeker),
           *v = fetch(rq, VL_KIND_VACANCIES, r->vacancy);
    vl_row *e = v ? fetch(rq, VL_KIND_EMPLOYERS, vl_row_get(v, "employer")) : NULL;
    json_t *o =
        json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o}", "id", r->id, "seeker",
                  r->seeker, "seeker_name", text_or_null(row_text(s, "name")), "vacancy",
                  r->vacancy, "title", text_or_null(row_text(v, "title")), "employer_name",
                  text_or_null(row_text(e, "name")), "by", text_or_null(r->staff), "at",
                  date_or_null(r->referred_on), "channel", vl_channel_name(r->channel), "outcome",
                  r->outcome == VL_OUTCOME_PENDING ? json_string("pending")
                                                   : json_string(vl_outcome_name(r->outcome)),
                  "outcome_on", date_or_null(r->outcome_on));
    vl_row_destroy(s);
    vl_row_destroy(v);
    vl_row_destroy(e);
    return o;
}

/* id for desk_listed_ids: the seeker of item i of a JSON array of referrals */
static const char *item_seeker(const void *items, size_t i)
{
    return json_string_value(json_object_get(json_array_get(items, i), "seeker"));
}

/* sort=-at (newest first, the default), at (oldest first), id; ties by id */
static int cmp_newest(const void *a, const void *b)
{
    const vl_referral *x = *(const vl_referral *const *)a, *y = *(const vl_referral *const *)b;
    if (x->referred_on != y->referred_on)
        return x->referred_on > y->referred_on ? -1 : 1;
    return strcmp(y->id, x->id);
}

static int cmp_oldest(const void *a, const void *b)
{
    const vl_referral *x = *(const vl_referral *const *)a, *y = *(const vl_referral *const *)b;
    if (x->referred_on != y->referred_on)
        return x->referred_on < y->referred_on ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int cmp_id(const void *a, const void *b)
{
    const vl_referral *x = *(const vl_referral *const *)a, *y = *(const vl_referral *const *)b;
    return strcmp(x->id, y->id);
}

/* An outcome filter: "open" (no decision yet: pending or interviewed, the list a clerk calls
 * through) or one outcome's canonical name ("pending" for none yet). */
static bool outcome_filter(const char *text, bool *open, vl_outcome *want)
{
    *open = strcmp(text, "open") == 0;
    *want = VL_OUTCOME_PENDING;
    if (*open || strcmp(text, "pending") == 0)
        return true;
    return *text && vl_outcome_parse(text, want) && strcmp(vl_outcome_name(*want), text) == 0;
}

void api_referrals_list(desk_req *rq, desk_resp *rs)
{
    static const char *const allowed[] = {"seeker", "vacancy", "from", "to",   "outcome",
                                          "by",     "page",    "size", "sort", NULL};
    vl_referral_filter f = {0};
    size_t page, size;
    const char *by = NULL, *outcome = NULL;
    const char *sort = query_get(rq, "sort");
    if (!sort)
        sort = "-at";
    if (strcmp(sort, "-at") && strcmp(sort, "at") && strcmp(sort, "id")) {
        resp_error(rs, 400, "bad_request", "sort", tr(rq, "sort: -at, at or id."));
        return;
    }
    if (!query_check(rq, rs, allowed) || !query_text(rq, rs, "seeker", &f.seeker) ||
        !query_text(rq, rs, "vacancy", &f.vacancy) || !query_date(rq, rs, "from", &f.from) ||
        !query_date(rq, rs, "to", &f.to) || !query_text(rq, rs, "by", &by) ||
        !query_text(rq, rs, "outcome", &outcome) ||
        !query_size(rq, rs, "page", 1, VL_LIST_PAGE_MAX, 1, &page) ||
        !query_size(rq, rs, "size", 1, VL_LIST_SIZE_MAX, 20, &size))
        return;
    if (by && !*by) {
        resp_error(rs, 400, "bad_request", "by", tr(rq, "by: a user name."));
        return;
    }
    bool open_only = false;
    vl_outcome want = VL_OUTCOME_PENDING;
    if (outcome && !outcome_filter(outcome, &open_only, &want)) {
        resp_error(rs, 400, "bad_request", "outcome",
                   tr(rq, "outcome: open, pending, no_show, interviewed, rejected, declined or "
                          "hired."));
        return;
    }
    /* a whole table is never listed: a seeker's, a vacancy's, those since a day, or the
     * referrals still awaiting a decision (the open workload, however old) */
    bool undecided =
        outcome && (open_only || want == VL_OUTCOME_PENDING || want == VL_OUTCOME_INTERVIEWED);
    if (!f.seeker && !f.vacancy && !f.from) {
        if (!undecided) {
            resp_error(rs, 400, "bad_request", "seeker",
                       tr(rq, "seeker, vacancy, from or an open outcome is needed."));
            return;
        }
        f.undecided = true; /* read from the database only: the counts are of those */
    }
    vl_referral_set *set = NULL;
    vl_status st = vl_db_load_referrals(rq->ctx, rq->db, &f, &set);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    const vl_referral **order = malloc((set->n + 1) * sizeof *order);
    if (!order) {
        vl_referral_set_destroy(set);
        resp_fail(rq, rs, VL_ERR_NOMEM);
        return;
    }
    size_t n = 0, per[VL_OUTCOME_COUNT] = {0};
    for (size_t i = 0; i < set->n; i++) {
        const vl_referral *r = &set->referrals[i];
        if (by && (!r->staff || strcmp(r->staff, by) != 0))
            continue;
        if ((unsigned)r->outcome < VL_OUTCOME_COUNT)
            per[r->outcome]++;
        if (open_only ? r->outcome != VL_OUTCOME_PENDING && r->outcome != VL_OUTCOME_INTERVIEWED
                      : outcome && r->outcome != want)
            continue;
        order[n++] = r;
    }
    qsort(order, n, sizeof *order,
          !strcmp(sort, "at")   ? cmp_oldest
          : !strcmp(sort, "id") ? cmp_id
                                : cmp_newest);
    json_t *items = json_array();
    size_t first = (page - 1) * size;
    for (size_t i = first; i < n && i < first + size; i++)
        json_array_append_new(items, referral_summary(rq, order[i]));
    /* how many of each outcome the other filters keep: one request gives a page and its counts */
    json_t *counts = json_object();
    for (int k = 0; k < VL_OUTCOME_COUNT; k++)
        json_object_set_new(counts,
                            k == VL_OUTCOME_PENDING ? "pending" : vl_outcome_name((vl_outcome)k),
                            json_integer((json_int_t)per[k]));
    json_t *o = json_pack("{s:o, s:I, s:I, s:I, s:s, s:o}", "items", items, "page",
                          (json_int_t)page, "size", (json_int_t)size, "total", (json_int_t)n,
                          "sort", sort, "outcomes", counts);
    free(order);
    vl_referral_set_destroy(set);
    /* who saw which people: the seekers of the referrals listed (names were on the page), as a
     * seekers' search records them, so that a person's own data finds the row (provide.c);
     * a listing of one seeker's referrals is audited even when it is empty (that person's record
     * was looked at), any other listing that showed nobody is not */
    char *ids = desk_listed_ids(NULL, json_array_size(items), item_seeker, items);
    bool ok = (!f.seeker && json_array_size(items) == 0) ||
              (ids && desk_audit(rq, rs, "search", "referral",
                                 f.seeker    ? f.seeker
                                 : f.vacancy ? f.vacancy
                                             : "*",
                                 ids));
    free(ids);
    if (!ok) {
        if (!rs->status)
            resp_fail(rq, rs, VL_ERR_NOMEM);
        json_decref(o);
        return;
    }
    resp_json(rs, 200, o);
}

void api_referral_get(desk_req *rq, desk_resp *rs)
{
    const char *id;
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &id))
        return;
    vl_row *r = NULL;
    vl_status st = vl_db_get_row(rq->ctx, rq->db, VL_KIND_REFERRALS, id, &r);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    vl_row *s = fetch(rq, VL_KIND_SEEKERS, vl_row_get(r, "seeker"));
    vl_row *v = fetch(rq, VL_KIND_VACANCIES, vl_row_get(r, "vacancy"));
    vl_row *e = v ? fetch(rq, VL_KIND_EMPLOYERS, vl_row_get(v, "employer")) : NULL;
    json_t *sj = s ? row_json(s, VL_KIND_SEEKERS) : json_object();
    json_t *vj = v ? row_json(v, VL_KIND_VACANCIES) : json_object();
    json_t *ej = e ? row_json(e, VL_KIND_EMPLOYERS) : json_object();
    const char *occ = row_text(v, "occupation");
    json_object_set_new(vj, "occupation_title", text_or_null(vl_occupation_title(occ, rq->lang)));
    /* the slip names places, never codes */
    json_object_set_new(sj, "area_name", desk_label(rq, VL_LOOKUP_AREAS, row_text(s, "area")));
    json_object_set_new(vj, "area_name", desk_label(rq, VL_LOOKUP_AREAS, row_text(v, "area")));
    desk_area_names(rq, ej, row_text(e, "area"));
    pthread_mutex_lock(&rq->d->centre_lock);
    json_t *centre = json_string(rq->d->centre);
    pthread_mutex_unlock(&rq->d->centre_lock);
    const char *outcome = row_text(r, "outcome");
    json_t *o = json_pack(
        "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "id", id, "at",
        text_or_null(row_text(r, "referred_on")), "by", text_or_null(row_text(r, "staff")),
        "centre", centre, "seeker", sj, "vacancy", vj, "employer", ej, "outcome_on",
        text_or_null(row_text(r, "outcome_on")), "outcome", *outcome ? outcome : "pending");
    json_object_set_new(o, "channel", text_or_null(row_text(r, "channel")));
    char seeker[80];
    snprintf(seeker, sizeof seeker, "%s", row_text(r, "seeker"));
    vl_row_destroy(r);
    vl_row_destroy(s);
    vl_row_destroy(v);
    vl_row_destroy(e);
    if (!desk_audit(rq, rs, "view", "referral", id, seeker)) {
        json_decref(o);
        return;
    }
    resp_json(rs, 200, o);
}

void api_referral_outcome(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"outcome", "date", "start_on", "wage", NULL};
    const char *id;
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &id) || !body_check(rq, rs, members))
        return;
    vl_outcome_update u = {.staff = rq->user};
    json_t *o = json_object_get(rq->body, "outcome");
    if (!json_is_string(o) || !vl_outcome_parse(json_string_value(o), &u.outcome) ||
        u.outcome == VL_OUTCOME_PENDING) {
        resp_error(rs, 400, "bad_request", "outcome",
                   tr(rq, "outcome: no_show, interviewed, rejected, declined or hired."));
        return;
    }
    static const char *const dates[] = {"date", "start_on"};
    int32_t *slots[] = {&u.outcome_on, &u.start_on};
    for (size_t i = 0; i < 2; i++) {
        json_t *d = json_object_get(rq->body, dates[i]);
        if (d && (!json_is_string(d) || !date_parse(json_string_value(d), slots[i]))) {
            resp_error(rs, 400, "bad_request", dates[i],
                       tr(rq, "A real date YYYY-MM-DD is needed."));
            return;
        }
    }
    if (!u.outcome_on)
        u.outcome_on = date_today();
    if (after_today(rq, rs, "outcome_on", u.outcome_on))
        return;
    json_t *w = json_object_get(rq->body, "wage");
    if (w) {
        if (!json_is_number(w) || !isfinite(json_number_value(w))) {
            resp_error(rs, 400, "bad_request", "wage", tr(rq, "wage: a number (VND per month)."));
            return;
        }
        u.has_wage = true;
        u.wage = json_number_value(w);
    }
    outcome_job job = {rq, id, &u};
    vl_status st = desk_write(rq, outcome_fn, &job);
    if (st == VL_ERR_INVALID) {
        invalid(rq, rs);
        return;
    }
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    (void)matcher_sync(rq->d->matcher, rq->ctx); /* a hire fills a position, places a seeker */
    api_referral_get(rq, rs);
}

/* ---- follow-ups of a hire (still in the job at 3 and 6 months) ------------------------------ */

/*
 * {"referral", "outcome", "start_on", "followups": [{"checked_on", "employed"}]} of referral id,
 * or NULL with rs filled (404 for an unknown referral). The seeker's id goes to seeker[80] for
 * the audit row.
 */
static json_t *followups_json(desk_req *rq, desk_resp *rs, const char *id, char seeker[80])
{
    vl_row *row = NULL;
    vl_status st = vl_db_get_row(rq->ctx, rq->db, VL_KIND_REFERRALS, id, &row);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return NULL;
    }
    snprintf(seeker, 80, "%s", row_text(row, "seeker"));
    vl_row_destroy(row);
    vl_referral_set *set = NULL;
    vl_referral_filter f = {.seeker = seeker};
    if ((st = vl_db_load_referrals(rq->ctx, rq->db, &f, &set)) != VL_OK) {
        resp_fail(rq, rs, st);
        return NULL;
    }
    const vl_referral *r = NULL;
    for (size_t i = 0; i < set->n && !r; i++)
        if (strcmp(set->referrals[i].id, id) == 0)
            r = &set->referrals[i];
    if (!r) { /* removed between the two reads */
        vl_referral_set_destroy(set);
        resp_error(rs, 404, "not_found", NULL, tr(rq, "No such referral."));
        return NULL;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < r->n_followups; i++)
        json_array_append_new(list, json_pack("{s:o, s:b}", "checked_on",
                                              date_or_null(r->followups[i].checked_on), "employed",
                                              r->followups[i].employed));
    json_t *o =
        json_pack("{s:s, s:s, s:o, s:o}", "referral", id, "outcome", vl_outcome_name(r->outcome),
                  "start_on", date_or_null(r->start_on), "followups", list);
    vl_referral_set_destroy(set);
    return o;
}

void api_followups_get(desk_req *rq, desk_resp *rs)
{
    const char *id;
    char seeker[80];
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &id))
        return;
    json_t *o = followups_json(rq, rs, id, seeker);
    if (!o)
        return;
    if (!desk_audit(rq, rs, "view", "referral", id, seeker)) {
        json_decref(o);
        return;
    }
    resp_json(rs, 200, o);
}

typedef struct followup_job {
    desk_req *rq;
    const char *id;
    int32_t checked_on;
    bool employed;
} followup_job;

static vl_status followup_fn(vl_ctx *ctx, vl_db *db, void *arg)
{
    followup_job *j = arg;
    vl_status st = vl_followup_record(ctx, db, j->id, j->checked_on, j->employed);
    vl_audit_entry e = {j->rq->user, "followup", "referral", j->id,
                        j->employed ? "employed" : "left"};
    return st == VL_OK ? vl_db_audit_append(ctx, db, &e, 1) : st;
}

void api_followup_record(desk_req *rq, desk_resp *rs)
{
    static const char *const members[] = {"checked_on", "employed", NULL};
    const char *id;
    if (!query_check(rq, rs, NULL) || !param_id(rq, rs, 0, &id) || !body_check(rq, rs, members))
        return;
    json_t *e = json_object_get(rq->body, "employed");
    if (!json_is_boolean(e)) {
        resp_error(rs, 400, "bad_request", "employed",
                   tr(rq, "employed: true (still in the job) or false."));
        return;
    }
    int32_t checked_on = 0;
    json_t *d = json_object_get(rq->body, "checked_on");
    if (d && (!json_is_string(d) || !date_parse(json_string_value(d), &checked_on))) {
        resp_error(rs, 400, "bad_request", "checked_on",
                   tr(rq, "A real date YYYY-MM-DD is needed."));
        return;
    }
    if (!checked_on)
        checked_on = date_today();
    if (after_today(rq, rs, "checked_on", checked_on))
        return;
    followup_job job = {rq, id, checked_on, json_is_true(e)};
    vl_status st = desk_write(rq, followup_fn, &job);
    if (st == VL_ERR_INVALID) {
        invalid(rq, rs);
        return;
    }
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    char seeker[80];
    json_t *o = followups_json(rq, rs, id, seeker);
    if (!o)
        return;
    snprintf(rs->location, sizeof rs->location, "/api/referrals/%s/followups", id);
    resp_json(rs, 201, o);
}
