/*
 * audit-words.c - the access audit in words, defined once as msgids of the catalogue: an action
 * ("view" -> "Xem hồ sơ"), a kind of record, and a detail written in the writer's own terms (an
 * outcome, a role, "invitations of 12 seekers"); the desk's admin page, its workbook and
 * `vieclam audit` all show these. And the audit as a sheet for an inspection, in those words.
 */
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <vieclam/sheet.h>

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
    {"copy", N_("Copied every record between databases")},
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

/* The words of code in table t in lang, or NULL. */
static const char *find(const char *lang, const words *t, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(t[i].code, code) == 0)
            return vl_gettext_lang(lang, t[i].en);
    return NULL;
}

#define FIND(lang, t, code) find(lang, t, sizeof t / sizeof *t, code)

const char *vl_audit_action_words(const char *lang, const char *action)
{
    return FIND(lang, actions, action);
}

const char *vl_audit_kind_words(const char *lang, const char *kind)
{
    return FIND(lang, kinds, kind);
}

const char *vl_role_words(const char *lang, vl_role role)
{
    const char *w = FIND(lang, roles, vl_role_name(role));
    return w ? w : "?";
}

const char *vl_audit_action_code(size_t i)
{
    return i < sizeof actions / sizeof *actions ? actions[i].code : NULL;
}

const char *vl_audit_detail_words(const char *lang, const char *action, const char *d, char *out,
                                  size_t size)
{
    if (!action || !d)
        return d;
    const char *w = NULL;
    unsigned long n;
    int end = 0;
    if (strcmp(action, "outcome") == 0)
        w = vl_outcome_words(lang, d);
    else if (strcmp(action, "followup") == 0)
        w = strcmp(d, "employed") == 0 ? vl_gettext_lang(lang, N_("still in the job"))
            : strcmp(d, "left") == 0   ? vl_gettext_lang(lang, N_("has left the job"))
                                       : NULL;
    else if ((strcmp(action, "retention") == 0 || strcmp(action, "export") == 0) &&
             sscanf(d, "%lu%n", &n, &end) == 1 && !d[end]) { /* a count, before a kind */
        snprintf(out, size, vl_gettext_lang(lang, N_("%lu records")), n);
        return out;
    } else if (strcmp(action, "copy") == 0 &&
               (strncmp(d, "to ", 3) == 0 || strncmp(d, "from ", 5) == 0)) {
        /* the other database: where the records went, or where they came from */
        bool to = d[0] == 't';
        snprintf(out, size,
                 to ? vl_gettext_lang(lang, N_("to %s")) : vl_gettext_lang(lang, N_("from %s")),
                 d + (to ? 3 : 5));
        return out;
    } else if (strcmp(action, "export") == 0 && strcmp(d, "pseudonymised") == 0)
        w = vl_gettext_lang(lang, N_("pseudonymised"));
    else if (strcmp(action, "import") == 0 || strcmp(action, "export") == 0)
        w = FIND(lang, kinds, d);
    else if (strcmp(action, "create") == 0)
        w = FIND(lang, roles, d);
    else if (strcmp(action, "counsel") == 0) { /* the session's day, as the desk writes days */
        int32_t day;
        if (vl_parse_date(d, &day) && vl_format_date_text(out, size, day, lang)[0])
            return out;
    } else if (strcmp(action, "download") == 0) {
        if (sscanf(d, "invitations of %lu seekers%n", &n, &end) == 1 && !d[end]) {
            snprintf(out, size, vl_gettext_lang(lang, N_("invitations of %lu job seekers")), n);
            return out;
        }
        w = strcmp(d, "shortlist") == 0 ? vl_gettext_lang(lang, N_("the invitation list"))
            : strcmp(d, "rejects") == 0 ? vl_gettext_lang(lang, N_("the rows set aside"))
                                        : NULL;
    }
    return w ? w : d;
}

/* ---- the audit as a sheet ---------------------------------------------------------------------
 */

typedef struct book {
    const char *lang;
    vl_sheet *sheet;
    size_t rows;
    bool full; /* more rows than a worksheet holds: the sheet is abandoned */
} book;

/* One audit row as a line of the sheet: the day (a date cell) and the time in the local time
 * zone, who, what in words, which record, the detail in words. */
static vl_status book_row(void *ud, const vl_audit_row *r)
{
    book *b = ud;
    if (++b->rows > VL_AUDIT_SHEET_MAX) {
        b->full = true;
        return VL_ERR_ARG; /* its message is made by the caller */
    }
    struct tm local;
    char day[11] = "", clock[9] = "", detail[VL_AUDIT_WORDS_MAX];
    if (vl_time_local(r->at, &local)) {
        strftime(day, sizeof day, "%Y-%m-%d", &local);
        strftime(clock, sizeof clock, "%H:%M:%S", &local);
    }
    const char *a = vl_audit_action_words(b->lang, r->action),
               *k = vl_audit_kind_words(b->lang, r->kind);
    const char *cells[] = {
        day,
        clock,
        r->user,
        a ? a : r->action,
        k ? k : r->kind,
        r->record,
        r->detail && *r->detail
            ? vl_audit_detail_words(b->lang, r->action, r->detail, detail, sizeof detail)
            : NULL};
    return vl_sheet_row(b->sheet, VL_ARRAY_LEN(cells), cells);
}

vl_status vl_db_audit_write(vl_ctx *ctx, vl_db *db, const vl_audit_query *q, const char *lang,
                            const char *path, vl_sheet_format format, size_t *rows)
{
    if (rows)
        *rows = 0;
    if (!db || !q)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_audit_write: missing argument");
    book b = {lang, NULL, 0, false};
    size_t n = 0;
    /* the audit names staff and seekers' ids: personal data, 0600 */
    vl_status st = vl_sheet_open(ctx, path, format, vl_gettext_lang(lang, N_("Access audit")),
                                 VL_OUTPUT_PRIVATE, &b.sheet);
    if (st == VL_OK) {
        const char *head[] = {
            vl_gettext_lang(lang, N_("Date")),           vl_gettext_lang(lang, N_("Time")),
            vl_gettext_lang(lang, N_("User")),           vl_gettext_lang(lang, N_("Action")),
            vl_gettext_lang(lang, N_("Kind of record")), vl_gettext_lang(lang, N_("Record")),
            vl_gettext_lang(lang, N_("Detail"))};
        st = vl_sheet_row(b.sheet, VL_ARRAY_LEN(head), head);
    }
    if (st == VL_OK)
        st = vl_db_audit_each(ctx, db, q, book_row, &b, &n);
    if (st == VL_OK) {
        st = vl_sheet_close(ctx, b.sheet);
        if (st == VL_OK && rows)
            *rows = n;
        return st;
    }
    vl_sheet_discard(b.sheet);
    if (b.full)
        st = vl__error(ctx, VL_ERR_ARG,
                       "More than a worksheet holds (1,000,000 rows): choose a shorter period.");
    return st;
}
