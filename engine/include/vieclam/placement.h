/*
 * placement.h - what happened after a match: referrals of seekers to vacancies, their outcomes
 * and the follow-ups that say whether a hired person is still in the job.
 *
 * A referral is made once (seeker, vacancy, date, channel, staff) and its outcome then moves
 * forward in time: pending, then no-show, interviewed, rejected, declined or hired. A later
 * outcome may correct an earlier one (a hire that fell through becomes `declined`), never with
 * an earlier date; every outcome ever recorded is kept in the referral's history. A current
 * hire fills one position of its vacancy (vl_db_load_dataset gives the positions still open;
 * vl_db_load_dataset_at those of a past day, by the hires as they stood then) and marks its
 * seeker placed (until the seeker registers again after the hire); correcting the hire away
 * undoes both. The same rules check the CSV import kinds `referrals` and `followups`
 * (docs/data-formats.md) and the functions below, so the desk and a file agree.
 */
#ifndef VIECLAM_PLACEMENT_H
#define VIECLAM_PLACEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>
#include <vieclam/store.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How a seeker was referred. */
typedef enum vl_channel {
    VL_CHANNEL_DESK = 0, /* at the centre's desk */
    VL_CHANNEL_FAIR,     /* at a job fair */
    VL_CHANNEL_PHONE,
    VL_CHANNEL_ONLINE,
    VL_CHANNEL_COUNT
} vl_channel;

/* What became of a referral. PENDING is the empty outcome of the CSV contract. */
typedef enum vl_outcome {
    VL_OUTCOME_PENDING = 0,
    VL_OUTCOME_NO_SHOW,     /* the seeker did not go */
    VL_OUTCOME_INTERVIEWED, /* interviewed, no decision yet */
    VL_OUTCOME_REJECTED,    /* the employer said no */
    VL_OUTCOME_DECLINED,    /* the seeker said no */
    VL_OUTCOME_HIRED,
    VL_OUTCOME_COUNT
} vl_outcome;

/* Canonical names ("desk", "no_show", "" for pending); "?" out of range. */
VL_EXPORT const char *vl_channel_name(vl_channel channel);
VL_EXPORT const char *vl_outcome_name(vl_outcome outcome);
/* An outcome in words ("Được tuyển"; lang "vi", "en", NULL for the process's language) from its
 * name or "pending"; NULL for another text. */
VL_EXPORT const char *vl_outcome_words(const char *lang, const char *name);
/* Names and their Vietnamese aliases, any case, with or without diacritics ("hội chợ",
 * "trung tuyen"); the empty text is VL_OUTCOME_PENDING. */
VL_EXPORT bool vl_channel_parse(const char *text, vl_channel *out);
VL_EXPORT bool vl_outcome_parse(const char *text, vl_outcome *out);

/* Longest id (bytes, without the NUL) of a referral, seeker or vacancy. */
#define VL_ID_MAX 64

/* ---- recording -------------------------------------------------------------------------- */

typedef struct vl_referral_new {
    const char *id;      /* NULL = the store numbers it: "R" and 8 digits, one above the last */
    const char *seeker;  /* an existing seeker id */
    const char *vacancy; /* an existing vacancy id */
    int32_t referred_on; /* yyyymmdd; 0 = today (local time); never after today */
    vl_channel channel;
    const char *staff; /* who referred (a staff code or user name); NULL = not recorded */
} vl_referral_new;

/*
 * Records a new referral (pending) in one transaction and writes its id (NUL-terminated) to
 * id_out. A rule broken is VL_ERR_INVALID (unknown seeker or vacancy, a date after today, an id
 * already used), with the reasons on the context (one diagnostic each: "column NAME: reason").
 */
VL_EXPORT vl_status vl_referral_add(vl_ctx *ctx, vl_db *db, const vl_referral_new *r,
                                    char id_out[VL_ID_MAX + 1]);

typedef struct vl_outcome_update {
    vl_outcome outcome; /* anything but PENDING: an outcome is never withdrawn */
    int32_t outcome_on; /* yyyymmdd; 0 = today (local time) */
    int32_t start_on;   /* a hire's first day: required for HIRED, 0 otherwise */
    bool has_wage;      /* a hire's wage is known */
    double wage;        /* VND per month, 0..10,000,000,000 (HIRED only) */
    const char *staff;  /* who recorded it (kept in the history); NULL = not recorded */
} vl_outcome_update;

/*
 * Records an outcome of referral `id`, in one transaction. Outcomes only move forward in time:
 * outcome_on is never before the referral's date or the outcome already recorded, nor after
 * today. HIRED needs start_on (not before the referral) and an open position of the vacancy
 * (its positions less the current hires of other referrals). A new outcome replaces a hire
 * (reopening the position and, unless another hire stands, unmarking the seeker); the old one
 * stays in the history. The hire's follow-ups it no longer has go with the change (all of them
 * when it is no hire any more, those before a later start_on), with a warning on the context's
 * log; the import does the same. Unknown id: VL_ERR_NOTFOUND; a rule broken: VL_ERR_INVALID.
 */
VL_EXPORT vl_status vl_referral_record_outcome(vl_ctx *ctx, vl_db *db, const char *id,
                                               const vl_outcome_update *u);

/*
 * Records a follow-up of a hire: on checked_on (yyyymmdd; 0 = today), was the person still in
 * the job? The referral's current outcome must be HIRED and checked_on between its start_on and
 * today. A second follow-up on the same day replaces the first.
 */
VL_EXPORT vl_status vl_followup_record(vl_ctx *ctx, vl_db *db, const char *referral,
                                       int32_t checked_on, bool employed);

/* ---- reading ------------------------------------------------------------------------------ */

typedef struct vl_followup {
    int32_t checked_on;
    bool employed;
} vl_followup;

/* One outcome as it was recorded (the history of a referral, oldest first). */
typedef struct vl_outcome_event {
    vl_outcome outcome;
    int32_t outcome_on, start_on; /* start_on 0 unless HIRED */
    double wage;                  /* NaN when not given */
    const char *recorded;         /* UTC time it was written, "YYYY-MM-DDTHH:MM:SSZ" */
    const char *source;           /* "import" or "api" */
    const char *staff;            /* who recorded it; NULL when not recorded */
} vl_outcome_event;

typedef struct vl_referral {
    const char *id, *seeker, *vacancy;
    int32_t referred_on;
    vl_channel channel;
    const char *staff; /* NULL when not recorded */
    vl_outcome outcome;
    int32_t outcome_on, start_on; /* 0 when pending / not hired */
    double wage;                  /* NaN when not given */
    const vl_followup *followups; /* by date */
    size_t n_followups;
    const vl_outcome_event *history; /* only with vl_referral_filter.history */
    size_t n_history;
} vl_referral;

typedef struct vl_referral_filter {
    const char *seeker;  /* only this seeker's referrals; NULL = any */
    const char *vacancy; /* only this vacancy's; NULL = any */
    int32_t from, to;    /* referred_on within [from, to] (yyyymmdd); 0 = open */
    bool history;        /* also load each referral's outcome history */
    bool undecided;      /* only those without a decision yet: pending or interviewed */
} vl_referral_filter;

/* Referrals in id order with their follow-ups, all in one arena. */
typedef struct vl_referral_set {
    const vl_referral *referrals;
    size_t n;
    void *owner; /* library-internal */
} vl_referral_set;

/* Loads the referrals the filter selects (NULL = all). An unknown seeker or vacancy id in the
 * filter is not an error: the set is empty. Under a load scope (vl_db_set_load_scope) and
 * without a seeker or vacancy named, only the referrals of a seeker or a vacancy of the scope
 * (a province's desk lists and reports its own; one across two provinces belongs to both). */
VL_EXPORT vl_status vl_db_load_referrals(vl_ctx *ctx, vl_db *db, const vl_referral_filter *filter,
                                         vl_referral_set **out);
VL_EXPORT void vl_referral_set_destroy(vl_referral_set *set); /* NULL is a no-op */
/*
 * The data set (vl_db_load_dataset) and the referrals the filter selects (NULL = all), both as
 * of one moment of the database. With two threads or more (vl_ctx_threads) and db outside a
 * transaction, the referrals are read by a second read-only connection in a second thread
 * while this one reads the data set, both on one snapshot: on SQLite writers are held back
 * only while the two read transactions start; on PostgreSQL the second adopts the first's
 * exported snapshot. Otherwise (or when a SQLite writer is at work, or the server takes no
 * more connections) one after the other in one read transaction. On failure both are NULL.
 */
VL_EXPORT vl_status vl_db_load_dataset_referrals(vl_ctx *ctx, vl_db *db,
                                                 const vl_referral_filter *filter, vl_dataset **ds,
                                                 vl_referral_set **refs);

#ifdef __cplusplus
}
#endif

#endif
