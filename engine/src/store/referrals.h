/*
 * referrals.h - private to the store: the rules of referrals and follow-ups, shared by the CSV
 * importer (import.c) and the public functions of placement.h (referrals.c), so a file and the
 * desk are checked by the same code; the writers that keep each referral's outcome history; and
 * the SQL that derives what a current hire implies (a filled position, a placed seeker).
 *
 * Invariant: referrals.outcome is the last event of referral_outcomes (none while pending);
 * every change of the outcome columns appends exactly one event.
 */
#ifndef VL_STORE_REFERRALS_H
#define VL_STORE_REFERRALS_H

#include "store/rows.h"
#include "store/store.h"

/* Current hires of a vacancy: SQL expression over the vacancy id expression `v`. */
#define VL__SQL_HIRES_OF(v)                                                                        \
    "(SELECT COUNT(*) FROM referrals h WHERE h.vacancy = " v " AND h.outcome = 'hired')"
/*
 * Whether the seeker row `s` (a table alias) is placed by a current hire: one made on or after
 * the seeker's registration, so a seeker who registers again after a job ends is active again.
 */
#define VL__SQL_PLACED_BY_HIRE(s)                                                                  \
    "EXISTS(SELECT 1 FROM referrals h WHERE h.seeker = " s ".id AND h.outcome = 'hired' AND"       \
    " (" s ".registered IS NULL OR h.outcome_on >= " s ".registered))"
/*
 * The same two, for reading every vacancy or seeker at once on PostgreSQL, where a correlated
 * subquery probes each of the partitioned referrals' partitions once per row (1.5 s of loading
 * 60,000 seekers over 34 provinces): the hires grouped once, joined as `alias`. A vacancy's
 * hires are COALESCE(alias.n, 0); a seeker is placed when alias.seeker IS NOT NULL AND
 * (registered IS NULL OR alias.last >= registered), the latest hire deciding as EXISTS does.
 * Not for a few records (the grouping reads every hire): the correlated forms serve those.
 */
#define VL__SQL_HIRES_BY_VACANCY(alias)                                                            \
    "(SELECT vacancy, COUNT(*) AS n FROM referrals WHERE outcome = 'hired' GROUP BY "              \
    "vacancy) " alias
#define VL__SQL_LAST_HIRE_BY_SEEKER(alias)                                                         \
    "(SELECT seeker, MAX(outcome_on) AS last FROM referrals WHERE outcome = 'hired'"               \
    " GROUP BY seeker) " alias

/*
 * The same as of a date, the statement's parameter ?1 ('YYYY-MM-DD'): what the register said at
 * the end of that day. A referral's outcome then is the last event of its history
 * (referral_outcomes) dated on or before it, so a hire decided later, or a hire later corrected,
 * counts as it stood. Grouped as above, for reading every vacancy or seeker at once on both
 * backends: a vacancy's hires then are COALESCE(alias.n, 0); a seeker is placed when
 * alias.seeker IS NOT NULL AND (registered IS NULL OR alias.last >= registered).
 */
#define VL__SQL_HIRE_EVENT_AT                                                                      \
    "o.outcome = 'hired' AND o.outcome_on <= ?1 AND NOT EXISTS(SELECT 1 FROM referral_outcomes l"  \
    " WHERE l.referral = o.referral AND l.seq > o.seq AND l.outcome_on <= ?1)"
#define VL__SQL_HIRES_BY_VACANCY_AT(alias)                                                         \
    "(SELECT h.vacancy, COUNT(*) AS n FROM referrals h JOIN referral_outcomes o"                   \
    " ON o.referral = h.id WHERE h.referred_on <= ?1 AND " VL__SQL_HIRE_EVENT_AT                   \
    " GROUP BY h.vacancy) " alias
#define VL__SQL_LAST_HIRE_BY_SEEKER_AT(alias)                                                      \
    "(SELECT h.seeker, MAX(o.outcome_on) AS last FROM referrals h JOIN referral_outcomes o"        \
    " ON o.referral = h.id WHERE h.referred_on <= ?1 AND " VL__SQL_HIRE_EVENT_AT                   \
    " GROUP BY h.seeker) " alias

/* Dates after this are "after today" whatever the time zone (UTC today plus one day). */
int32_t vl__latest_allowed_date(void);

/* A problem found by a rule: the column it concerns (NULL = the row) and why. */
typedef void (*vl__problem_fn)(void *arg, const char *column, const char *message);

typedef struct vl__refstore vl__refstore;

vl_status vl__refstore_new(vl_ctx *ctx, vl_db *db, vl__refstore **out);
void vl__refstore_free(vl__refstore *rs); /* NULL is a no-op */
/*
 * An import of a file into PostgreSQL, where a look-up by id visits every province's
 * partition: the stored referrals' ids and provinces are read once, so a referral is read in
 * its own partition. With `referrals`, the seekers' ids, the vacancies' positions and the hires
 * per vacancy are read too, and new referrals (with their first events) are staged through
 * COPY until vl__refstore_flush writes them; without, the stored follow-ups and the current
 * hires' start dates are read, and new follow-ups are staged. The rules see them all the same.
 * A no-op on SQLite, whose look-ups are in-process.
 */
vl_status vl__refstore_stage(vl__refstore *rs, bool referrals);
/* Writes the staged referrals or follow-ups (before the transaction commits); a no-op when
 * none are. */
vl_status vl__refstore_flush(vl__refstore *rs);

/* A stored referral; the row's strings point into the struct. */
typedef struct vl__referral_stored {
    vl__referral_row row;
    char id[VL_ID_MAX + 1], seeker[VL_ID_MAX + 1], vacancy[VL_ID_MAX + 1];
    char staff[512];
    char sig[65];
} vl__referral_stored;

/* What the rules need to know about a row, read in one statement. */
typedef struct vl__referral_facts {
    bool found; /* the referral id is stored: old holds the stored row */
    vl__referral_stored old;
    bool seeker;       /* the seeker id given exists */
    int64_t positions; /* the vacancy's positions (0 when not given); -1 when unknown */
} vl__referral_facts;

/* Reads referral id (id, seeker, vacancy may be NULL); a database failure is recorded on the
 * context. */
vl_status vl__referral_probe(vl__refstore *rs, const char *id, const char *seeker,
                             const char *vacancy, vl__referral_facts *out);

/*
 * The rules a referral row must meet beyond the format of each cell: seeker and vacancy exist
 * (as probed for r's ids: p); dates in order and not after today; outcome columns consistent
 * with the outcome; against the stored row `old` (NULL for a new referral) the same seeker,
 * vacancy and date and an outcome that moves forward in time; an open position for a new hire.
 * Each problem goes to fn. Returns false on a database failure (recorded on the context).
 */
bool vl__referral_check(vl__refstore *rs, const vl__referral_row *r, const vl__referral_facts *p,
                        const vl__referral_row *old, vl__problem_fn fn, void *arg);

/*
 * Writes r with its signature: inserted when old is NULL, else updated; when the outcome
 * columns differ from old's (or r is new and not pending) one event is appended to the history
 * with source ("import", "api") and staff (NULL = none).
 */
vl_status vl__referral_write(vl__refstore *rs, const vl__referral_row *r,
                             const vl__referral_row *old, const char *sig, const char *source,
                             const char *staff);

/* Rules of a follow-up: its referral exists and is a current hire; checked_on between the
 * hire's start_on and today. False on a database failure. */
bool vl__followup_check(vl__refstore *rs, const vl__followup_row *f, vl__problem_fn fn, void *arg);
/* The stored `employed` of (referral, checked_on): -1 when none, else 0 or 1. */
vl_status vl__followup_stored(vl__refstore *rs, const vl__followup_row *f, int *employed);
/* Inserts or replaces the follow-up. */
vl_status vl__followup_write(vl__refstore *rs, const vl__followup_row *f);

#endif
