/*
 * audit.c - the access audit for administrators: the list the admin page pages through, the same
 * rows as an Excel workbook for an inspection (Decree 13/2023/ND-CP: who saw or changed whose
 * data, when), and the audit's words. The words are defined here once, as msgids of the
 * catalogue: an action ("view" -> "Xem"), a kind of record, and a detail the server wrote in its
 * own terms (an outcome, a role, "invitations of 12 seekers"); the admin page, the workbook and a
 * person's data letter all show these.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

typedef struct words {
    const char *code, *en; /* en: a msgid */
} words;

/* every action the server and the command line write, in the order a filter offers them */
static const words actions[] = {
    {"view", N_("Viewed a record")},
    {"search", N_("Searched a list")},
    {"create", N_("Created a record")},
    {"update", N_("Changed a record")},
    {"match", N_("Suggested vacancies")},
    {"shortlist", N_("Listed candidates")},
    {"why", N_("Asked why a vacancy does not fit")},
    {"refer", N_("Referred to a vacancy")},
    {"outcome", N_("Recorded an outcome")},
    {"followup", N_("Recorded a follow-up")},
    {"counselling", N_("Viewed counselling sessions")},
    {"counsel", N_("Recorded a counselling session")},
    {"print", N_("Printed a slip")},
    {"download", N_("Downloaded a file")},
    {"export", N_("Exported a list")},
    {"backup", N_("Backed up the database")},
    {"restore", N_("Restored the database from a backup")},
    {"import", N_("Imported a file")},
    {"plan", N_("Planned a job fair's invitations")},
    {"provide", N_("Gave a person their data")},
    {"erase", N_("Erased personal data")},
    {"retention", N_("Viewed the records past retention")},
    {"report", N_("Opened a report")},
    {"forecast", N_("Ran a forecast")},
    {"adjust", N_("Recorded a forecast adjustment")},
    {"scenario", N_("Recorded a known event")},
    {"withdraw", N_("Withdrew a planner's judgement")},
    {"target", N_("Set the year's targets")},
    {"login", N_("Logged in")},
    {"logout", N_("Logged out")},
    {"password", N_("Changed a password")},
};

static const words kinds[] = {
    {"seeker", N_("Job seeker")},
    {"vacancy", N_("Vacancy")},
    {"employer", N_("Employer")},
    {"referral", N_("Referral")},
    {"fair", N_("Job fair")},
    {"fair_plan", N_("Job-fair plan")},
    {"user", N_("Desk account")},
    {"run", N_("Run")},
    {"year", N_("Year")},
    {"adjustment", N_("Forecast adjustment")},
    {"scenario", N_("Known event")},
    {"activity", N_("Activity report")},
    {"audit", N_("Access audit")},
    {"database", N_("The whole database")},
    /* the kinds of a file imported or exported, and of a list */
    {"seekers", N_("List of job seekers")},
    {"vacancies", N_("List of vacancies")},
    {"employers", N_("List of employers")},
    {"referrals", N_("List of referrals")},
    {"followups", N_("Follow-ups of hires")},
    {"counselling", N_("Counselling sessions")},
    {"fairs", N_("List of job fairs")},
    {"history", N_("History figures")},
    {"areas", N_("List of areas")},
};

static const words roles[] = {
    {"staff", N_("counsellor")}, {"planner", N_("planner")}, {"admin", N_("administrator")}};

/* The words of code in table t, or NULL. */
static const char *find(const desk_req *rq, const words *t, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(t[i].code, code) == 0)
            return tr(rq, t[i].en);
    return NULL;
}

#define FIND(rq, t, code) find(rq, t, sizeof t / sizeof *t, code)

json_t *desk_audit_actions(const desk_req *rq)
{
    json_t *a = json_array();
    for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
        json_array_append_new(
            a, json_pack("{s:s, s:s}", "code", actions[i].code, "label", tr(rq, actions[i].en)));
    return a;
}

/* A detail in words, into out: an outcome, a follow-up, the kind of a file, a role, how many
 * records a list showed, a file downloaded; anything else (ids, a reason) as written. */
static const char *detail_words(const desk_req *rq, const char *action, const char *d, char *out,
                                size_t size)
{
    const char *w = NULL;
    unsigned long n;
    int end = 0;
    if (strcmp(action, "outcome") == 0)
        w = desk_outcome_words(rq, d);
    else if (strcmp(action, "followup") == 0)
        w = strcmp(d, "employed") == 0 ? tr(rq, N_("still in the job"))
            : strcmp(d, "left") == 0   ? tr(rq, N_("has left the job"))
                                       : NULL;
    else if ((strcmp(action, "retention") == 0 || strcmp(action, "export") == 0) &&
             sscanf(d, "%lu%n", &n, &end) == 1 && !d[end]) { /* a count, before a kind */
        snprintf(out, size, tr(rq, N_("%lu records")), n);
        return out;
    } else if (strcmp(action, "export") == 0 && strcmp(d, "pseudonymised") == 0)
        w = tr(rq, N_("pseudonymised"));
    else if (strcmp(action, "import") == 0 || strcmp(action, "export") == 0)
        w = FIND(rq, kinds, d);
    else if (strcmp(action, "create") == 0)
        w = FIND(rq, roles, d);
    else if (strcmp(action, "download") == 0) {
        if (sscanf(d, "invitations of %lu seekers%n", &n, &end) == 1 && !d[end]) {
            snprintf(out, size, tr(rq, N_("invitations of %lu job seekers")), n);
            return out;
        }
        w = strcmp(d, "shortlist") == 0 ? tr(rq, N_("the invitation list"))
            : strcmp(d, "rejects") == 0 ? tr(rq, N_("the rows set aside"))
                                        : NULL;
    }
    return w ? w : d;
}

void desk_audit_words(const desk_req *rq, json_t *row)
{
    const char *action = json_string_value(json_object_get(row, "action")),
               *kind = json_string_value(json_object_get(row, "kind")),
               *detail = json_string_value(json_object_get(row, "detail"));
    const char *a = FIND(rq, actions, action), *k = FIND(rq, kinds, kind);
    /* a code without words (written by a newer version) shows as it is */
    json_object_set_new(row, "action_label", json_string(a ? a : action ? action : ""));
    json_object_set_new(row, "kind_label", json_string(k ? k : kind ? kind : ""));
    if (detail && *detail && action) {
        char buf[160];
        json_object_set_new(row, "detail_text",
                            json_string(detail_words(rq, action, detail, buf, sizeof buf)));
    }
}

/* The filters of both answers: user, record, action, kind, from, to. */
static bool audit_query(desk_req *rq, desk_resp *rs, const char *const *allowed, vl_audit_query *q)
{
    return query_check(rq, rs, allowed) && query_text(rq, rs, "user", &q->user) &&
           query_text(rq, rs, "record", &q->record) && query_text(rq, rs, "action", &q->action) &&
           query_text(rq, rs, "kind", &q->kind) && query_date(rq, rs, "from", &q->from) &&
           query_date(rq, rs, "to", &q->to);
}

void api_audit_list(desk_req *rq, desk_resp *rs)
{
    static const char *const allowed[] = {"user", "record", "action", "kind", "from",
                                          "to",   "page",   "size",   NULL};
    vl_audit_query q = {0};
    if (!audit_query(rq, rs, allowed, &q) ||
        !query_size(rq, rs, "page", 1, VL_LIST_PAGE_MAX, 1, &q.page) ||
        !query_size(rq, rs, "size", 1, VL_LIST_SIZE_MAX, 20, &q.size))
        return;
    vl_list *l = NULL;
    vl_status st = vl_db_audit_list(rq->ctx, rq->db, &q, &l);
    if (st != VL_OK) {
        resp_fail(rq, rs, st);
        return;
    }
    json_t *o = list_json(l, q.page, q.size), *item;
    vl_list_destroy(l);
    size_t i;
    json_array_foreach(json_object_get(o, "items"), i, item)
    {
        desk_audit_words(rq, item);
    }
    resp_json(rs, 200, o);
}

/* ---- the workbook ------------------------------------------------------------------------------
 */

/* More rows than a worksheet holds (Excel: 1,048,576 with the header). */
#define AUDIT_XLSX_MAX 1000000

typedef struct book {
    desk_req *rq;
    vl_sheet *sheet;
    size_t rows;
    bool full; /* more rows than a worksheet holds: the workbook is abandoned */
} book;

/* One audit row as a line of the workbook: the day (a date cell) and the time in the centre's
 * time zone, who, what in words, which record, the detail in words. */
static vl_status book_row(void *ud, const vl_audit_row *r)
{
    book *b = ud;
    if (++b->rows > AUDIT_XLSX_MAX) {
        b->full = true;
        return VL_ERR_ARG; /* no message: answered as 400 by the caller */
    }
    struct tm local;
    char day[11] = "", clock[9] = "", detail[160];
    if (vl_time_local(r->at, &local)) {
        strftime(day, sizeof day, "%Y-%m-%d", &local);
        strftime(clock, sizeof clock, "%H:%M:%S", &local);
    }
    const char *a = FIND(b->rq, actions, r->action), *k = FIND(b->rq, kinds, r->kind);
    const char *cells[] = {day,
                           clock,
                           r->user,
                           a ? a : r->action,
                           k ? k : r->kind,
                           r->record,
                           r->detail && *r->detail
                               ? detail_words(b->rq, r->action, r->detail, detail, sizeof detail)
                               : NULL};
    return vl_sheet_row(b->sheet, sizeof cells / sizeof *cells, cells);
}

void api_audit_xlsx(desk_req *rq, desk_resp *rs)
{
    static const char *const allowed[] = {"user", "record", "action", "kind", "from", "to", NULL};
    vl_audit_query q = {0};
    char path[4300], detail[32];
    if (!audit_query(rq, rs, allowed, &q) || !desk_temp_file(rq, rs, "audit", path, sizeof path))
        return;
    book b = {rq, NULL, 0, false};
    size_t n = 0;
    /* the audit names staff and seekers' ids: personal data, 0600 */
    vl_status st = vl_sheet_open(rq->ctx, path, VL_SHEET_XLSX, tr(rq, "Access audit"),
                                 VL_OUTPUT_PRIVATE, &b.sheet);
    if (st == VL_OK) {
        const char *head[] = {tr(rq, "Date"),   tr(rq, "Time"),           tr(rq, "User"),
                              tr(rq, "Action"), tr(rq, "Kind of record"), tr(rq, "Record"),
                              tr(rq, "Detail")};
        st = vl_sheet_row(b.sheet, sizeof head / sizeof *head, head);
    }
    if (st == VL_OK)
        st = vl_db_audit_each(rq->ctx, rq->db, &q, book_row, &b, &n);
    if (st == VL_OK) {
        st = vl_sheet_close(rq->ctx, b.sheet);
    } else {
        vl_sheet_discard(b.sheet);
    }
    snprintf(detail, sizeof detail, "%zu", n);
    if (st != VL_OK || !desk_audit(rq, rs, "export", "audit", "*", detail)) {
        unlink(path);
        if (b.full) {
            vl_ctx_clear_error(rq->ctx);
            resp_error(
                rs, 400, "too_large", "from",
                tr(rq, "More than a worksheet holds (1,000,000 rows): choose a shorter period."));
        } else if (st != VL_OK) {
            resp_fail(rq, rs, st);
        }
        return;
    }
    resp_temp_xlsx(rq, rs, path, "nhat-ky-truy-cap");
}
