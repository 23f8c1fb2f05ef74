/*
 * test-referrals.c - referrals, outcomes and follow-ups in the store: the import kinds with
 * every bad-input class of the contract (each an exact "FILE:LINE: column NAME: reason", the
 * database unchanged), --skip-invalid, idempotence, corrections that keep the history, export
 * round trips byte for byte, and the public API (placement.h) checked by the same rules: a hire
 * fills a position and places the seeker until it is corrected away.
 */
#include "test-store-util.h"

#include "io/json.h"

#include <math.h>
#include <vieclam/auth.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static vl_ctx *new_ctx(void)
{
    vl_ctx *ctx;
    assert_int_equal(vl_ctx_create(&ctx), VL_OK);
    return ctx;
}

static const char REF_HEADER[] =
    "id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\n";

/* Referrals valid against the base set (V204 has 2 positions). */
static const char GOOD_REFERRALS[] =
    "id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\n"
    "R1,S301,V201,2025-01-12,desk,hoa.nt,hired,2025-01-20,2025-02-01,8000000\n"
    "R2,S302,V203,2025-01-13,hội chợ,,interviewed,2025-01-25,,\n"
    "R3,S304,V204,2025-02-02,PHONE,,,,,\n"
    "R4,S301,V202,2025-01-14,online,lan.pt,rejected,2025-01-16,,\n"
    "R5,S302,V204,2025-02-03,desk,,trúng tuyển,2025-02-10,2025-03-01,\n";

static const char GOOD_FOLLOWUPS[] = "referral,checked_on,employed\n"
                                     "R1,2025-05-01,yes\n"
                                     "R1,2025-08-01,có\n"
                                     "R5,2025-06-01,0\n";

/* The base records and GOOD_REFERRALS (and their follow-ups) in a new database at path. */
static vl_db *base_with_referrals_at(vl_ctx *ctx, const char *path)
{
    vl_db *db = vts_open_at(ctx, path);
    vts_import_base(ctx, db);
    vl_import_stats s;
    vts_import_ok(ctx, db, VL_KIND_REFERRALS, "good-referrals.csv", GOOD_REFERRALS, &s);
    assert_int_equal(s.inserted, 5);
    vts_import_ok(ctx, db, VL_KIND_FOLLOWUPS, "good-followups.csv", GOOD_FOLLOWUPS, &s);
    assert_int_equal(s.inserted, 3);
    return db;
}

static vl_db *base_with_referrals(vl_ctx *ctx, const char *name)
{
    return base_with_referrals_at(ctx, vts_target(name));
}

static const vl_vacancy *find_vacancy(const vl_dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->n_vacancies; i++)
        if (strcmp(ds->vacancies[i].id, id) == 0)
            return &ds->vacancies[i];
    fail_msg("no vacancy %s", id);
    return NULL;
}

static const vl_seeker *find_seeker(const vl_dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->n_seekers; i++)
        if (strcmp(ds->seekers[i].id, id) == 0)
            return &ds->seekers[i];
    fail_msg("no seeker %s", id);
    return NULL;
}

/* ---- the data set and the referrals together ---------------------------------------------- */

static void same_load(const vl_dataset *a, const vl_referral_set *ra, const vl_dataset *b,
                      const vl_referral_set *rb)
{
    assert_int_equal(a->n_seekers, b->n_seekers);
    assert_int_equal(a->n_vacancies, b->n_vacancies);
    for (size_t i = 0; i < a->n_seekers; i++) {
        assert_string_equal(a->seekers[i].id, b->seekers[i].id);
        assert_int_equal(a->seekers[i].status, b->seekers[i].status);
    }
    for (size_t i = 0; i < a->n_vacancies; i++)
        assert_int_equal(a->vacancies[i].positions, b->vacancies[i].positions);
    assert_int_equal(ra->n, rb->n);
    for (size_t i = 0; i < ra->n; i++) {
        assert_string_equal(ra->referrals[i].id, rb->referrals[i].id);
        assert_int_equal(ra->referrals[i].outcome, rb->referrals[i].outcome);
        assert_int_equal(ra->referrals[i].n_followups, rb->referrals[i].n_followups);
    }
}

/* The sibling reader (vl__db_sibling_read) and its first connection read one moment: a referral
 * another connection commits after they started is in neither, and in the next read. SQLite
 * holds writers back while the two start; PostgreSQL exports the first's snapshot to the
 * second. */
static void test_sibling_snapshot(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx(), *sctx = new_ctx();
    const char *path = vts_target("ref-snapshot.db");
    vl_db *db = base_with_referrals_at(ctx, path), *sib = NULL, *w = NULL;
    vl_import_stats s;
    assert_int_equal(vl__db_sibling_read(ctx, sctx, db, &sib), VL_OK);
    assert_non_null(sib);
    assert_int_equal(vl_db_open(ctx, path, 0, &w), VL_OK);
    char more[256];
    snprintf(more, sizeof more, "%sR6,S303,V201,2025-03-01,desk,,,,,\n", REF_HEADER);
    vts_import_ok(ctx, w, VL_KIND_REFERRALS, "snap-more.csv", more, &s);
    assert_int_equal(s.inserted, 1);
    vl_referral_set *a = NULL, *b = NULL;
    assert_int_equal(vl_db_load_referrals(sctx, sib, NULL, &a), VL_OK);
    assert_int_equal(vl_db_load_referrals(ctx, db, NULL, &b), VL_OK);
    assert_int_equal(a->n, 5);
    assert_int_equal(b->n, 5);
    vl_referral_set_destroy(a);
    vl_referral_set_destroy(b);
    vl_db_close(sib);
    vl__db_end_read(db);
    assert_int_equal(vl_db_load_referrals(ctx, db, NULL, &b), VL_OK);
    assert_int_equal(b->n, 6);
    vl_referral_set_destroy(b);
    vl_db_close(w);
    vl_db_close(db);
    vl_ctx_destroy(sctx);
    vl_ctx_destroy(ctx);
}

/* vl_db_load_dataset_referrals gives what the two loads give one after the other: with one
 * thread, with two (a second connection on the same snapshot), while another connection holds
 * the write lock (it reads alone after a short wait instead of failing), and inside the
 * caller's own transaction. */
static void test_load_together(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = base_with_referrals(ctx, "ref-together.db");
    vl_dataset *ds0, *ds;
    vl_referral_set *refs0, *refs;
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds0), VL_OK);
    assert_int_equal(vl_db_load_referrals(ctx, db, NULL, &refs0), VL_OK);
    assert_int_equal(refs0->n, 5);
    for (unsigned threads = 1; threads <= 2; threads++) {
        vl_ctx_set_threads(ctx, threads);
        assert_int_equal(vl_db_load_dataset_referrals(ctx, db, NULL, &ds, &refs), VL_OK);
        same_load(ds0, refs0, ds, refs);
        vl_dataset_destroy(ds);
        vl_referral_set_destroy(refs);
    }
    /* a filter reaches the referrals' reader */
    vl_referral_filter by_seeker = {.seeker = "S301"};
    assert_int_equal(vl_db_load_dataset_referrals(ctx, db, &by_seeker, &ds, &refs), VL_OK);
    assert_int_equal(refs->n, 2);
    vl_dataset_destroy(ds);
    vl_referral_set_destroy(refs);
    if (!vts_pg()) {
        /* a writer at work */
        vl_db *w = NULL;
        assert_int_equal(vl_db_open(ctx, vt_tmpfile("ref-together.db"), 0, &w), VL_OK);
        assert_int_equal(vl_db_begin(ctx, w), VL_OK);
        assert_int_equal(vl_db_load_dataset_referrals(ctx, db, NULL, &ds, &refs), VL_OK);
        same_load(ds0, refs0, ds, refs);
        vl_dataset_destroy(ds);
        vl_referral_set_destroy(refs);
        assert_int_equal(vl_db_commit(ctx, w), VL_OK);
        vl_db_close(w);
    }
    /* inside the caller's transaction */
    assert_int_equal(vl_db_begin(ctx, db), VL_OK);
    assert_int_equal(vl_db_load_dataset_referrals(ctx, db, NULL, &ds, &refs), VL_OK);
    same_load(ds0, refs0, ds, refs);
    assert_int_equal(vl_db_commit(ctx, db), VL_OK);
    vl_dataset_destroy(ds);
    vl_referral_set_destroy(refs);
    vl_dataset_destroy(ds0);
    vl_referral_set_destroy(refs0);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- good import, load ------------------------------------------------------------------- */

/* What GOOD_REFERRALS' hires imply: V201 25 -> 24 open, V204 2 -> 1; S301, S302 placed. */
static void hires_applied(const vl_dataset *ds)
{
    assert_int_equal(find_vacancy(ds, "V201")->positions, 24);
    assert_int_equal(find_vacancy(ds, "V204")->positions, 1);
    assert_int_equal(find_vacancy(ds, "V202")->positions, 15);
    assert_int_equal(find_seeker(ds, "S301")->status, VL_SEEKER_PLACED);
    assert_int_equal(find_seeker(ds, "S302")->status, VL_SEEKER_PLACED);
    assert_int_equal(find_seeker(ds, "S304")->status, VL_SEEKER_ACTIVE);
}

static void test_import_and_load(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = base_with_referrals(ctx, "ref-good.db");
    vl_referral_set *set;
    vl_referral_filter all = {.history = true};
    assert_int_equal(vl_db_load_referrals(ctx, db, &all, &set), VL_OK);
    assert_int_equal(set->n, 5);
    const vl_referral *r = &set->referrals[0];
    assert_string_equal(r->id, "R1");
    assert_string_equal(r->seeker, "S301");
    assert_int_equal(r->referred_on, 20250112);
    assert_int_equal(r->channel, VL_CHANNEL_DESK);
    assert_string_equal(r->staff, "hoa.nt");
    assert_int_equal(r->outcome, VL_OUTCOME_HIRED);
    assert_int_equal(r->start_on, 20250201);
    assert_true(r->wage == 8000000);
    assert_int_equal(r->n_followups, 2);
    assert_int_equal(r->followups[0].checked_on, 20250501);
    assert_true(r->followups[1].employed);
    assert_int_equal(r->n_history, 1);
    assert_string_equal(r->history[0].source, "import");
    assert_int_equal(set->referrals[1].channel, VL_CHANNEL_FAIR); /* "hội chợ" */
    assert_int_equal(set->referrals[2].outcome, VL_OUTCOME_PENDING);
    assert_null(set->referrals[2].staff);
    assert_true(isnan(set->referrals[2].wage));
    assert_int_equal(set->referrals[2].n_history, 0);
    assert_int_equal(set->referrals[4].outcome, VL_OUTCOME_HIRED); /* "trúng tuyển" */
    assert_false(set->referrals[4].followups[0].employed);
    vl_referral_set_destroy(set);

    /* filters: a seeker's, a vacancy's, a date range */
    vl_referral_filter by_seeker = {.seeker = "S301"};
    assert_int_equal(vl_db_load_referrals(ctx, db, &by_seeker, &set), VL_OK);
    assert_int_equal(set->n, 2);
    assert_string_equal(set->referrals[1].id, "R4");
    assert_null(set->referrals[0].history);
    vl_referral_set_destroy(set);
    vl_referral_filter by_vacancy = {.vacancy = "V204", .from = 20250203, .to = 20250203};
    assert_int_equal(vl_db_load_referrals(ctx, db, &by_vacancy, &set), VL_OK);
    assert_int_equal(set->n, 1);
    assert_string_equal(set->referrals[0].id, "R5");
    vl_referral_set_destroy(set);
    vl_referral_filter nobody = {.seeker = "S999"};
    assert_int_equal(vl_db_load_referrals(ctx, db, &nobody, &set), VL_OK);
    assert_int_equal(set->n, 0);
    vl_referral_set_destroy(set);

    /* what the hires imply, for the whole set and for a few records (the desk following
     * changes; PostgreSQL asks per record there and groups every hire once for the whole set) */
    vl_dataset *ds;
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    hires_applied(ds);
    vl_dataset_destroy(ds);
    const char *sids[] = {"S301", "S302", "S304"}, *vids[] = {"V201", "V202", "V204"};
    assert_int_equal(vl_db_load_records(ctx, db, sids, 3, vids, 3, &ds), VL_OK);
    hires_applied(ds);
    vl_dataset_destroy(ds);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/*
 * The data set as of a past date (match --as-of): the hires as they stood at the end of that day,
 * each referral's last outcome dated on or before it, so a hire decided later, or corrected away
 * later, counts as it then stood; a seeker registered after the date is not matched (withdrawn).
 * The same for the whole set on both backends, and as of no date as vl_db_load_dataset.
 */
static void test_load_as_of(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = base_with_referrals(ctx, "ref-asof.db");
    vl_import_stats s;
    /* R1's hire (2025-01-20) falls through on 2025-09-01 */
    char text[512];
    snprintf(text, sizeof text, "%sR1,S301,V201,2025-01-12,desk,hoa.nt,declined,2025-09-01,,\n",
             REF_HEADER);
    vts_import_ok(ctx, db, VL_KIND_REFERRALS, "asof.csv", text, &s);
    assert_int_equal(s.updated, 1);
    vl_dataset *ds;
    /* before any hire: every position open, S304 (registered 2025-07-20) not yet there */
    assert_int_equal(vl_db_load_dataset_at(ctx, db, 20250119, &ds), VL_OK);
    assert_int_equal(find_vacancy(ds, "V201")->positions, 25);
    assert_int_equal(find_vacancy(ds, "V204")->positions, 2);
    assert_int_equal(find_seeker(ds, "S301")->status, VL_SEEKER_ACTIVE);
    assert_int_equal(find_seeker(ds, "S302")->status, VL_SEEKER_ACTIVE);
    assert_int_equal(find_seeker(ds, "S303")->status, VL_SEEKER_PLACED);
    assert_int_equal(find_seeker(ds, "S304")->status, VL_SEEKER_WITHDRAWN);
    vl_dataset_destroy(ds);
    /* on the day of R1's hire, not yet R5's (2025-02-10) */
    assert_int_equal(vl_db_load_dataset_at(ctx, db, 20250120, &ds), VL_OK);
    assert_int_equal(find_vacancy(ds, "V201")->positions, 24);
    assert_int_equal(find_vacancy(ds, "V204")->positions, 2);
    assert_int_equal(find_seeker(ds, "S301")->status, VL_SEEKER_PLACED);
    assert_int_equal(find_seeker(ds, "S302")->status, VL_SEEKER_ACTIVE);
    vl_dataset_destroy(ds);
    /* both hires, before R1's was corrected away: what the hires applied when they were current */
    assert_int_equal(vl_db_load_dataset_at(ctx, db, 20250831, &ds), VL_OK);
    hires_applied(ds);
    vl_dataset_destroy(ds);
    /* after the correction, as now */
    vl_dataset *now;
    assert_int_equal(vl_db_load_dataset(ctx, db, &now), VL_OK);
    assert_int_equal(find_vacancy(now, "V201")->positions, 25);
    assert_int_equal(find_seeker(now, "S301")->status, VL_SEEKER_ACTIVE);
    for (int32_t at = 20250901, k = 0; k < 2; at = 0, k++) {
        assert_int_equal(vl_db_load_dataset_at(ctx, db, at, &ds), VL_OK);
        assert_int_equal(ds->n_seekers, now->n_seekers);
        assert_int_equal(ds->n_vacancies, now->n_vacancies);
        for (size_t i = 0; i < ds->n_seekers; i++)
            assert_int_equal(ds->seekers[i].status, now->seekers[i].status);
        for (size_t i = 0; i < ds->n_vacancies; i++)
            assert_int_equal(ds->vacancies[i].positions, now->vacancies[i].positions);
        vl_dataset_destroy(ds);
    }
    vl_dataset_destroy(now);
    ds = NULL;
    assert_int_equal(vl_db_load_dataset_at(ctx, db, 20250230, &ds), VL_ERR_ARG);
    assert_null(ds);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- bad inputs -------------------------------------------------------------------------- */

typedef struct bad_case {
    vl_kind kind;
    const char *rows;     /* after the header */
    const char *diags[4]; /* each must be a diagnostic's text exactly */
    size_t only;          /* when not 0: the number of diagnostics, nothing else said */
} bad_case;

static const bad_case bad_referrals[] = {
    {VL_KIND_REFERRALS,
     "R9,S999,V999,2025-01-12,desk,,,,,\n",
     {"bad.csv:2: column seeker: unknown seeker id 'S999'",
      "bad.csv:2: column vacancy: unknown vacancy id 'V999'"}},
    {VL_KIND_REFERRALS,
     "R9,S301,V201,12/01/2025,email,,,,,\n",
     {"bad.csv:2: column referred_on: '12/01/2025' is not an ISO 8601 date (write YYYY-MM-DD), or "
      "import with --dates dmy "
      "to read it as day/month/year",
      "bad.csv:2: column channel: 'email' is not a channel (desk, fair, phone or online)"}},
    /* a date that is no date is that one problem: no rule calls it empty besides */
    {VL_KIND_REFERRALS,
     "R9,S301,V201,12/01/2025,desk,,hired,20/01/2025,21/01/2025,7000000\n",
     {"bad.csv:2: column referred_on: '12/01/2025' is not an ISO 8601 date (write YYYY-MM-DD), or "
      "import with --dates dmy to read it as day/month/year",
      "bad.csv:2: column outcome_on: '20/01/2025' is not an ISO 8601 date (write YYYY-MM-DD), or "
      "import with --dates dmy to read it as day/month/year",
      "bad.csv:2: column start_on: '21/01/2025' is not an ISO 8601 date (write YYYY-MM-DD), or "
      "import with --dates dmy to read it as day/month/year"},
     3},
    {VL_KIND_REFERRALS,
     "R9,S301,V201,,,,,,,\n",
     {"bad.csv:2: column referred_on: empty; a value is required",
      "bad.csv:2: column channel: empty; a value is required (desk, fair, phone or online)"}},
    {VL_KIND_REFERRALS,
     "R9,S301,V201,2025-01-12,desk,,got job,2025-01-20,,\n",
     {"bad.csv:2: column outcome: 'got job' is not an outcome (empty while pending, no_show, "
      "interviewed, rejected, declined or hired)"}},
    {VL_KIND_REFERRALS,
     "R9,S301,V201,2025-01-12,desk,,rejected,,,\n"
     "R8,S301,V201,2025-01-12,desk,,rejected,2025-01-02,,\n"
     "R7,S301,V201,2025-01-12,desk,,,2025-01-20,,\n",
     {"bad.csv:2: column outcome_on: empty; an outcome needs the date it happened",
      "bad.csv:3: column outcome_on: '2025-01-02' is before referred_on '2025-01-12'",
      "bad.csv:4: column outcome_on: given, but the outcome is empty (pending)"}},
    {VL_KIND_REFERRALS,
     "R9,S301,V201,2025-01-12,desk,,hired,2025-01-20,,\n"
     "R8,S301,V201,2025-01-12,desk,,declined,2025-01-20,2025-02-01,7000000\n"
     "R7,S301,V201,2025-01-12,desk,,hired,2025-01-20,2025-01-01,\n",
     {"bad.csv:2: column start_on: empty; a hire needs start_on, the first day at work",
      "bad.csv:3: column start_on: given, but only a hire has a start_on (the outcome is "
      "'declined')",
      "bad.csv:3: column wage: given, but only a hire has a wage (the outcome is 'declined')",
      "bad.csv:4: column start_on: '2025-01-01' is before referred_on '2025-01-12'"}},
    {VL_KIND_REFERRALS,
     "R9,S301,V201,2025-01-12,desk,,hired,2025-01-20,2025-02-01,\"8,5\"\n"
     "R8,S301,V201,2025-01-12,desk,,hired,2025-01-20,2025-02-01,-1\n",
     {"bad.csv:2: column wage: '8,5' has a decimal comma (or a thousands separator): write "
      "numbers with a decimal point and no separators, e.g. 1.5 or 8000000, or import with "
      "--numbers vi to read 1,5 and 7.500.000 the Vietnamese way",
      "bad.csv:3: column wage: '-1' is negative"}},
    {VL_KIND_REFERRALS,
     "R9,S301,V201,2099-01-12,desk,,,,,\n"
     "R8,S301,V201,2025-01-12,desk,,no_show,2099-01-20,,\n",
     {"bad.csv:2: column referred_on: '2099-01-12' is after today",
      "bad.csv:3: column outcome_on: '2099-01-20' is after today"}},
    {VL_KIND_REFERRALS,
     "R9,S301,V201,2025-01-12,desk,,,,,\n"
     "R9,S302,V201,2025-01-12,desk,,,,,\n"
     "R 8,S301,V201,2025-01-12,desk,,,,,\n",
     {"bad.csv:3: column id: duplicate id 'R9' (first on line 2)",
      "bad.csv:4: column id: 'R 8' contains a space, comma, ';', quote or control character, "
      "which a code may not"}},
    /* V204 has 2 positions: the third hire in one file finds none */
    {VL_KIND_REFERRALS,
     "R9,S301,V204,2025-01-12,desk,,hired,2025-01-20,2025-02-01,\n"
     "R8,S302,V204,2025-01-12,desk,,hired,2025-01-20,2025-02-01,\n"
     "R7,S304,V204,2025-01-12,desk,,hired,2025-01-20,2025-02-01,\n",
     {"bad.csv:4: column outcome: vacancy 'V204' has no open position left (2 positions, 2 "
      "hired)"}},
    {VL_KIND_FOLLOWUPS,
     "R99,2025-05-01,yes\n"
     "R2,2025-05-01,yes\n"
     "R1,2025-01-15,yes\n"
     "R1,2025-05-01,maybe\n"
     "R1,,\n",
     {"bad.csv:2: column referral: unknown referral id 'R99'",
      "bad.csv:3: column referral: referral 'R2' is not a hire (its outcome is 'interviewed'): "
      "follow-ups are for hires",
      "bad.csv:4: column checked_on: '2025-01-15' is before the hire's start_on '2025-02-01'",
      "bad.csv:5: column employed: 'maybe' is not yes or no (có/không, 1/0)"}},
    {VL_KIND_FOLLOWUPS,
     "R1,2025-05-01,yes\n"
     "R1,2025-05-01,no\n"
     "R1,2099-05-01,no\n"
     "R1,,\n",
     {"bad.csv:3: column checked_on: duplicate checked_on 'R1 2025-05-01' (first on line 2)",
      "bad.csv:4: column checked_on: '2099-05-01' is after today",
      "bad.csv:5: column checked_on: empty; a value is required",
      "bad.csv:5: column employed: empty; a value is required (yes or no)"}},
};

/* Changes to stored referrals that the rules refuse. */
static const bad_case bad_changes[] = {
    {VL_KIND_REFERRALS,
     "R1,S302,V202,2025-01-13,desk,hoa.nt,hired,2025-01-20,2025-02-01,8000000\n",
     {"bad.csv:2: column seeker: referral 'R1' was made for seeker 'S301': a referral's seeker "
      "cannot change (record a new referral)",
      "bad.csv:2: column vacancy: referral 'R1' was made to vacancy 'V201': a referral's vacancy "
      "cannot change (record a new referral)",
      "bad.csv:2: column referred_on: referral 'R1' was made on 2025-01-12: a referral's date "
      "cannot change"}},
    {VL_KIND_REFERRALS,
     "R1,S301,V201,2025-01-12,desk,hoa.nt,declined,2025-01-19,,\n"
     "R2,S302,V203,2025-01-13,fair,,,,,\n",
     {"bad.csv:2: column outcome_on: '2025-01-19' is before the outcome already recorded "
      "('hired' on 2025-01-20): outcomes only move forward in time",
      "bad.csv:3: column outcome: empty, but referral 'R2' already has outcome 'interviewed' "
      "(on 2025-01-25): an outcome is never withdrawn; record a correction dated on or after "
      "it"}},
};

static void expect_exact(vl_ctx *ctx, const char *want)
{
    for (size_t i = 0; i < vl_ctx_diag_count(ctx); i++)
        if (strcmp(vl_ctx_diag(ctx, i), want) == 0)
            return;
    vts_dump_diags(ctx);
    fail_msg("no diagnostic reads \"%s\"", want);
}

static void run_bad(vl_ctx *ctx, vl_db *db, const bad_case *c)
{
    char before[65], after[65];
    vts_db_hash(db, before);
    char text[2048];
    const char *header =
        c->kind == VL_KIND_REFERRALS ? REF_HEADER : "referral,checked_on,employed\n";
    snprintf(text, sizeof text, "%s%s", header, c->rows);
    const char *path = vt_tmpfile("bad.csv");
    vt_write_file(path, text);
    /* the diagnostics start with the path given: import from the temp dir by relative name */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", vt_tmpdir());
    assert_int_equal(chdir(dir), 0);
    vl_import_stats s;
    vl_status st = vl_db_import(ctx, db, c->kind, "bad.csv", NULL, &s);
    assert_int_equal(chdir(cwd), 0);
    if (st != VL_ERR_INVALID) {
        vts_dump_diags(ctx);
        fail_msg("%s: expected VL_ERR_INVALID, got %d", c->rows, (int)st);
    }
    for (size_t k = 0; k < 4 && c->diags[k]; k++)
        expect_exact(ctx, c->diags[k]);
    if (c->only && vl_ctx_diag_count(ctx) != c->only) {
        vts_dump_diags(ctx);
        fail_msg("%s: %zu diagnostics, not %zu", c->rows, vl_ctx_diag_count(ctx), c->only);
    }
    assert_int_equal(s.inserted + s.updated + s.unchanged, 0);
    vts_db_hash(db, after);
    if (strcmp(before, after) != 0)
        fail_msg("%s: the database changed after a failed import", c->rows);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = base_with_referrals(ctx, "ref-bad.db");
    /* free V204 again for the position test: R3 is pending, R5 hired; one open position */
    for (size_t i = 0; i < VL_ARRAY_LEN(bad_referrals); i++)
        run_bad(ctx, db, &bad_referrals[i]);
    for (size_t i = 0; i < VL_ARRAY_LEN(bad_changes); i++)
        run_bad(ctx, db, &bad_changes[i]);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- skip-invalid, idempotence, corrections ------------------------------------------------ */

static void test_skip_invalid(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "ref-skip.db");
    vts_import_base(ctx, db);
    char text[1024];
    snprintf(text, sizeof text,
             "%sR1,S301,V201,2025-01-12,desk,,,,,\nR2,S999,V201,2025-01-12,desk,,,,,\n"
             "R3,S302,V201,2025-01-12,fair,,no_show,2025-01-13,,\n",
             REF_HEADER);
    vl_import_options o = {.skip_invalid = true, .rejects_path = vt_tmpfile("ref-rejects.csv")};
    vl_import_stats s;
    assert_int_equal(vts_import(ctx, db, VL_KIND_REFERRALS, "skip.csv", text, &o, &s), VL_OK);
    assert_int_equal(s.inserted, 2);
    assert_int_equal(s.rejected, 1);
    char *rej = vt_read_file(vt_tmpfile("ref-rejects.csv"), NULL);
    assert_non_null(strstr(rej, "R2,S999,V201,2025-01-12,desk,,,,,,column seeker: unknown "
                                "seeker id 'S999'"));
    free(rej);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM referrals"), 2);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

static void test_idempotent_and_corrections(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = base_with_referrals(ctx, "ref-idem.db");
    vl_import_stats s;
    vts_import_ok(ctx, db, VL_KIND_REFERRALS, "good-referrals.csv", GOOD_REFERRALS, &s);
    assert_int_equal(s.unchanged, 5);
    assert_int_equal(s.inserted + s.updated, 0);
    vts_import_ok(ctx, db, VL_KIND_FOLLOWUPS, "good-followups.csv", GOOD_FOLLOWUPS, &s);
    assert_int_equal(s.unchanged, 3);
    /* a correction: R1's hire fell through; R3 gets an outcome; a follow-up changes */
    char text[1024];
    snprintf(text, sizeof text,
             "%sR1,S301,V201,2025-01-12,desk,hoa.nt,declined,2025-01-28,,\n"
             "R3,S304,V204,2025-02-02,phone,,no_show,2025-02-05,,\n",
             REF_HEADER);
    vts_import_ok(ctx, db, VL_KIND_REFERRALS, "correct.csv", text, &s);
    assert_int_equal(s.updated, 2);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM referral_outcomes WHERE referral = 'R1'"),
                     2);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM referral_outcomes WHERE referral = 'R1'"
                                   " AND seq = 1 AND outcome = 'hired'"),
                     1);
    /* the hire is undone: V201 has its 25 positions, S301 is active again */
    vl_dataset *ds;
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    assert_int_equal(find_vacancy(ds, "V201")->positions, 25);
    assert_int_equal(find_seeker(ds, "S301")->status, VL_SEEKER_ACTIVE);
    vl_dataset_destroy(ds);
    /* R1 is no longer a hire: a new follow-up of it is refused */
    assert_int_equal(vts_import(ctx, db, VL_KIND_FOLLOWUPS, "fu2.csv",
                                "referral,checked_on,employed\nR1,2025-09-01,yes\n", NULL, &s),
                     VL_ERR_INVALID);
    vts_expect_diag(ctx, "referral 'R1' is not a hire (its outcome is 'declined')");
    vts_import_ok(ctx, db, VL_KIND_FOLLOWUPS, "fu3.csv",
                  "referral,checked_on,employed\nR5,2025-06-01,yes\n", &s);
    assert_int_equal(s.updated, 1);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* No diagnostic contains needle. */
static void expect_none(vl_ctx *ctx, const char *needle)
{
    for (size_t i = 0; i < vl_ctx_diag_count(ctx); i++)
        if (strstr(vl_ctx_diag(ctx, i), needle)) {
            vts_dump_diags(ctx);
            fail_msg("a diagnostic has \"%s\"", needle);
        }
}

/*
 * The open positions as a file changes them, row by row: a correction frees one that later
 * rows take (on a server, new referrals are staged and their hires counted in memory), and a
 * stored hire is never counted against itself.
 */
static void test_positions_in_one_file(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = base_with_referrals(ctx, "ref-pos.db");
    vl_import_stats s;
    char text[1024];
    /* V204: 2 positions, R5 hired: R5 declines, R3 and R9 take both, R8 finds none */
    snprintf(text, sizeof text,
             "%sR5,S302,V204,2025-02-03,desk,,declined,2025-02-11,,\n"
             "R3,S304,V204,2025-02-02,phone,,hired,2025-02-12,2025-03-01,\n"
             "R9,S301,V204,2025-02-04,desk,,hired,2025-02-12,2025-03-01,\n"
             "R8,S303,V204,2025-02-04,desk,,hired,2025-02-12,2025-03-01,\n",
             REF_HEADER);
    assert_int_equal(vts_import(ctx, db, VL_KIND_REFERRALS, "bad.csv", text, NULL, &s),
                     VL_ERR_INVALID);
    vts_expect_diag(ctx, ":5: column outcome: vacancy 'V204' has no open position left (2 "
                         "positions, 2 hired)");
    expect_none(ctx, ":2: ");
    expect_none(ctx, ":3: ");
    expect_none(ctx, ":4: ");
    /* without R8 the file is whole: R5 declined, three hires in all, two on V204 */
    text[strlen(text) - strlen("R8,S303,V204,2025-02-04,desk,,hired,2025-02-12,2025-03-01,\n")] =
        '\0';
    vts_import_ok(ctx, db, VL_KIND_REFERRALS, "good.csv", text, &s);
    assert_int_equal(s.updated, 2);
    assert_int_equal(s.inserted, 1);
    assert_int_equal(
        vts_count(db,
                  "SELECT COUNT(*) FROM referrals WHERE vacancy = 'V204' AND outcome = 'hired'"),
        2);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM referral_outcomes WHERE referral = 'R9'"
                                   " AND seq = 1 AND outcome = 'hired'"),
                     1);
    /* V204 is full; R3's row with a bad wage is refused for its wage alone: its own stored
     * hire does not take its position */
    snprintf(text, sizeof text, "%sR3,S304,V204,2025-02-02,phone,,hired,2025-02-12,2025-03-01,-5\n",
             REF_HEADER);
    assert_int_equal(vts_import(ctx, db, VL_KIND_REFERRALS, "bad.csv", text, NULL, &s),
                     VL_ERR_INVALID);
    vts_expect_diag(ctx, ":2: column wage: '-5' is negative");
    expect_none(ctx, "open position");
    /* the same seeker to the same vacancy on the same day twice, in one file or against a
     * stored referral, is refused as at the desk */
    snprintf(text, sizeof text,
             "%sR20,S303,V201,2025-02-05,desk,,,,,\n"
             "R21,S303,V201,2025-02-05,phone,,,,,\n"
             "R22,S304,V204,2025-02-02,desk,,,,,\n",
             REF_HEADER);
    assert_int_equal(vts_import(ctx, db, VL_KIND_REFERRALS, "bad.csv", text, NULL, &s),
                     VL_ERR_INVALID);
    vts_expect_diag(ctx, ":3: column vacancy: this seeker was referred to this vacancy on the "
                         "same day already (referral R20)");
    vts_expect_diag(ctx, ":4: column vacancy: this seeker was referred to this vacancy on the "
                         "same day already (referral R3)");
    expect_none(ctx, ":2: ");
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- round trip ----------------------------------------------------------------------------- */

static char *export_text(vl_ctx *ctx, vl_db *db, vl_kind kind, const char *name)
{
    const char *path = vt_tmpfile(name);
    assert_int_equal(vl_db_export(ctx, db, kind, path, NULL), VL_OK);
    return vt_read_file(path, NULL);
}

static void test_round_trip(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *a = base_with_referrals(ctx, "ref-rt-a.db");
    vl_db *b = vts_open(ctx, "ref-rt-b.db");
    vts_import_base(ctx, b);
    static const vl_kind kinds[] = {VL_KIND_REFERRALS, VL_KIND_FOLLOWUPS};
    for (size_t k = 0; k < 2; k++) {
        char n1[64], n2[64];
        snprintf(n1, sizeof n1, "ref-rt1-%s.csv", vl_kind_name(kinds[k]));
        snprintf(n2, sizeof n2, "ref-rt2-%s.csv", vl_kind_name(kinds[k]));
        char *first = export_text(ctx, a, kinds[k], n1);
        vl_import_stats s;
        assert_int_equal(vl_db_import(ctx, a, kinds[k], vt_tmpfile(n1), NULL, &s), VL_OK);
        assert_int_equal(s.unchanged, s.rows);
        assert_int_equal(vl_db_import(ctx, b, kinds[k], vt_tmpfile(n1), NULL, &s), VL_OK);
        char *second = export_text(ctx, b, kinds[k], n2);
        assert_string_equal(first, second);
        free(first);
        free(second);
    }
    char *text = export_text(ctx, a, VL_KIND_REFERRALS, "ref-rt3.csv");
    assert_string_equal(
        text, "id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,"
              "wage\r\n"
              "R1,S301,V201,2025-01-12,desk,hoa.nt,hired,2025-01-20,2025-02-01,8000000\r\n"
              "R2,S302,V203,2025-01-13,fair,,interviewed,2025-01-25,,\r\n"
              "R3,S304,V204,2025-02-02,phone,,,,,\r\n"
              "R4,S301,V202,2025-01-14,online,lan.pt,rejected,2025-01-16,,\r\n"
              "R5,S302,V204,2025-02-03,desk,,hired,2025-02-10,2025-03-01,\r\n");
    free(text);
    text = export_text(ctx, a, VL_KIND_FOLLOWUPS, "fu-rt3.csv");
    assert_string_equal(text, "referral,checked_on,employed\r\nR1,2025-05-01,yes\r\n"
                              "R1,2025-08-01,yes\r\nR5,2025-06-01,no\r\n");
    free(text);
    vl_db_close(a);
    vl_db_close(b);
    vl_ctx_destroy(ctx);
}

/* ---- the public API ---------------------------------------------------------------------------
 */

static void test_api(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "ref-api.db");
    vts_import_base(ctx, db);
    char id[VL_ID_MAX + 1];
    vl_referral_new r = {.seeker = "S301",
                         .vacancy = "V204",
                         .referred_on = 20250301,
                         .channel = VL_CHANNEL_DESK,
                         .staff = "hoa.nt"};
    assert_int_equal(vl_referral_add(ctx, db, &r, id), VL_OK);
    assert_string_equal(id, "R00000001");
    r.seeker = "S302";
    assert_int_equal(vl_referral_add(ctx, db, &r, id), VL_OK);
    assert_string_equal(id, "R00000002");
    r.seeker = "S304";
    assert_int_equal(vl_referral_add(ctx, db, &r, id), VL_OK);
    assert_string_equal(id, "R00000003");

    /* the same rules as the importer, one diagnostic each */
    vl_referral_new bad = {.seeker = "S999", .vacancy = "V204", .referred_on = 20990101};
    assert_int_equal(vl_referral_add(ctx, db, &bad, id), VL_ERR_INVALID);
    expect_exact(ctx, "column seeker: unknown seeker id 'S999'");
    expect_exact(ctx, "column referred_on: '2099-01-01' is after today");
    assert_string_equal(id, "");
    bad = r;
    bad.id = "R00000001";
    assert_int_equal(vl_referral_add(ctx, db, &bad, id), VL_ERR_INVALID);
    expect_exact(ctx, "column id: a referral with this id already exists");

    /* outcomes */
    vl_outcome_update u = {.outcome = VL_OUTCOME_HIRED, .outcome_on = 20250310};
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000001", &u), VL_ERR_INVALID);
    expect_exact(ctx, "column start_on: empty; a hire needs start_on, the first day at work");
    u.start_on = 20250315;
    u.has_wage = true;
    u.wage = 15000000;
    u.staff = "lan.pt";
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000001", &u), VL_OK);
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000002", &u), VL_OK);
    /* V204 has 2 positions: both are filled now */
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000003", &u), VL_ERR_INVALID);
    expect_exact(ctx,
                 "column outcome: vacancy 'V204' has no open position left (2 positions, 2 hired)");
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R99", &u), VL_ERR_NOTFOUND);
    vl_dataset *ds;
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    assert_int_equal(find_vacancy(ds, "V204")->positions, 0);
    assert_int_equal(find_seeker(ds, "S301")->status, VL_SEEKER_PLACED);
    vl_dataset_destroy(ds);

    /* back in time: refused; a correction on a later day: the hire is undone */
    vl_outcome_update back = {.outcome = VL_OUTCOME_DECLINED, .outcome_on = 20250305};
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000001", &back), VL_ERR_INVALID);
    expect_exact(ctx, "column outcome_on: '2025-03-05' is before the outcome already recorded "
                      "('hired' on 2025-03-10): outcomes only move forward in time");
    vl_outcome_update pending = {.outcome = VL_OUTCOME_PENDING};
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000001", &pending), VL_ERR_INVALID);
    back.outcome_on = 20250320;
    back.staff = "hoa.nt";
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000001", &back), VL_OK);
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000003", &u), VL_OK);
    assert_int_equal(vl_db_load_dataset(ctx, db, &ds), VL_OK);
    assert_int_equal(find_vacancy(ds, "V204")->positions, 0);
    assert_int_equal(find_seeker(ds, "S301")->status, VL_SEEKER_ACTIVE);
    /* S304 registered (again) on 2025-07-20, after this hire: active */
    assert_int_equal(find_seeker(ds, "S304")->status, VL_SEEKER_ACTIVE);
    vl_dataset_destroy(ds);

    /* follow-ups */
    assert_int_equal(vl_followup_record(ctx, db, "R00000001", 20250601, true), VL_ERR_INVALID);
    expect_exact(ctx, "column referral: referral 'R00000001' is not a hire (its outcome is "
                      "'declined'): follow-ups are for hires");
    assert_int_equal(vl_followup_record(ctx, db, "R77", 20250601, true), VL_ERR_NOTFOUND);
    assert_int_equal(vl_followup_record(ctx, db, "R00000002", 20250615, true), VL_OK);
    assert_int_equal(vl_followup_record(ctx, db, "R00000002", 20250615, false), VL_OK);
    assert_int_equal(vl_followup_record(ctx, db, "R00000002", 20250915, true), VL_OK);

    /* the history keeps the corrected hire */
    vl_referral_set *set;
    vl_referral_filter f = {.vacancy = "V204", .history = true};
    assert_int_equal(vl_db_load_referrals(ctx, db, &f, &set), VL_OK);
    assert_int_equal(set->n, 3);
    const vl_referral *a = &set->referrals[0];
    assert_int_equal(a->outcome, VL_OUTCOME_DECLINED);
    assert_int_equal(a->n_history, 2);
    assert_int_equal(a->history[0].outcome, VL_OUTCOME_HIRED);
    assert_true(a->history[0].wage == 15000000);
    assert_string_equal(a->history[0].staff, "lan.pt");
    assert_string_equal(a->history[1].staff, "hoa.nt");
    assert_string_equal(a->history[1].source, "api");
    assert_int_equal(set->referrals[1].n_followups, 2);
    assert_false(set->referrals[1].followups[0].employed);
    vl_referral_set_destroy(set);

    /* an API referral exports and re-imports like any other */
    vl_import_stats s;
    const char *path = vt_tmpfile("api-export.csv");
    assert_int_equal(vl_db_export(ctx, db, VL_KIND_REFERRALS, path, NULL), VL_OK);
    assert_int_equal(vl_db_import(ctx, db, VL_KIND_REFERRALS, path, NULL, &s), VL_OK);
    assert_int_equal(s.unchanged, 3);

    /* the same seeker to the same vacancy on the same day again (a double-click at a fair's
     * booth) is refused, naming the first; another day is a new referral */
    vl_referral_new again = {.seeker = "S302", .vacancy = "V204", .referred_on = 20250301};
    assert_int_equal(vl_referral_add(ctx, db, &again, id), VL_ERR_INVALID);
    expect_exact(ctx, "column vacancy: this seeker was referred to this vacancy on the same day "
                      "already (referral R00000002)");
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM referrals"), 3);

    /* a hire corrected takes its follow-ups along: a later first day, those before it; no
     * hire any more, all (a follow-up is of the hire as it stands: copy and import agree) */
    vl_outcome_update later = {.outcome = VL_OUTCOME_HIRED,
                               .outcome_on = 20250920,
                               .start_on = 20250701,
                               .has_wage = true,
                               .wage = 15000000};
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000002", &later), VL_OK);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM followups WHERE referral = 'R00000002'"),
                     1);
    vl_outcome_update fell = {.outcome = VL_OUTCOME_DECLINED, .outcome_on = 20250921};
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000002", &fell), VL_OK);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM followups"), 0);
    /* an erased seeker is served no more: no new referral, outcome, wage nor follow-up (as an
     * import refuses their personal data), whatever front end asks */
    const char *gone[] = {"S302"};
    assert_int_equal(vl_db_erase_seekers(ctx, db, gone, 1, "asked", "test", NULL), VL_OK);
    char today[11], want[200];
    time_t now = time(NULL);
    strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
    snprintf(want, sizeof want,
             "column seeker: seeker 'S302' was erased on %s: nothing more is recorded about them",
             today);
    again.referred_on = 20250302;
    assert_int_equal(vl_referral_add(ctx, db, &again, id), VL_ERR_INVALID);
    expect_exact(ctx, want);
    vl_outcome_update wage = {.outcome = VL_OUTCOME_HIRED,
                              .outcome_on = 20250401,
                              .start_on = 20250401,
                              .has_wage = true,
                              .wage = 8888888};
    assert_int_equal(vl_referral_record_outcome(ctx, db, "R00000002", &wage), VL_ERR_INVALID);
    expect_exact(ctx, want);
    assert_int_equal(vl_followup_record(ctx, db, "R00000002", 20251215, true), VL_ERR_INVALID);
    expect_exact(ctx, want);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM referrals"), 3);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM referral_outcomes WHERE referral = "
                                   "'R00000002' AND wage = 8888888"),
                     0);
    assert_int_equal(
        vts_count(db, "SELECT COUNT(*) FROM followups WHERE checked_on = '2025-12-15'"), 0);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* ---- counselling and fairs ------------------------------------------------------------------ */

static void test_counselling_and_fairs(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "ref-cf.db");
    vts_import_base(ctx, db);
    vl_import_stats s;
    static const char counselling[] = "seeker,counselled_on,staff,topic\n"
                                      "S301,2025-01-05,hoa.nt,Định hướng nghề\n"
                                      "S302,2025-01-06,,\n"
                                      "S301,2025-02-01,lan.pt,\"Kỹ năng phỏng vấn, viết CV\"\n";
    vts_import_ok(ctx, db, VL_KIND_COUNSELLING, "counselling.csv", counselling, &s);
    assert_int_equal(s.inserted, 3);
    vts_import_ok(ctx, db, VL_KIND_COUNSELLING, "counselling.csv", counselling, &s);
    assert_int_equal(s.unchanged, 3);
    /* the fair F2025Q1 was named by a vacancy: it exports as a bare row, unchanged on import */
    char *bare = export_text(ctx, db, VL_KIND_FAIRS, "fairs-bare.csv");
    assert_string_equal(bare, "id,name,date,area,venue,capacity\r\nF2025Q1,,,,,\r\n");
    assert_int_equal(vl_db_import(ctx, db, VL_KIND_FAIRS, vt_tmpfile("fairs-bare.csv"), NULL, &s),
                     VL_OK);
    assert_int_equal(s.unchanged, 1);
    free(bare);
    static const char fairs[] = "id,name,date,area,venue,capacity\n"
                                "F2025Q1,Phiên giao dịch việc làm quý I,2025-03-15,10507,"
                                "Nhà văn hóa tỉnh,1500\n"
                                "F2025Q2,Phiên quý II,2025-06-14,,,\n";
    vts_import_ok(ctx, db, VL_KIND_FAIRS, "fairs.csv", fairs, &s);
    assert_int_equal(s.updated, 1);
    assert_int_equal(s.inserted, 1);
    vts_import_ok(ctx, db, VL_KIND_FAIRS, "fairs.csv", fairs, &s);
    assert_int_equal(s.unchanged, 2);
    /* round trips */
    static const vl_kind kinds[] = {VL_KIND_COUNSELLING, VL_KIND_FAIRS};
    for (size_t k = 0; k < 2; k++) {
        char *a = export_text(ctx, db, kinds[k], "cf-rt.csv");
        assert_int_equal(vl_db_import(ctx, db, kinds[k], vt_tmpfile("cf-rt.csv"), NULL, &s), VL_OK);
        assert_int_equal(s.unchanged, s.rows);
        free(a);
    }
    char *text = export_text(ctx, db, VL_KIND_COUNSELLING, "co-rt.csv");
    assert_string_equal(text, "seeker,counselled_on,staff,topic\r\n"
                              "S301,2025-01-05,hoa.nt,Định hướng nghề\r\n"
                              "S301,2025-02-01,lan.pt,\"Kỹ năng phỏng vấn, viết CV\"\r\n"
                              "S302,2025-01-06,,\r\n");
    free(text);
    /* bad inputs, the database unchanged */
    char before[65], after[65];
    vts_db_hash(db, before);
    assert_int_equal(vts_import(ctx, db, VL_KIND_COUNSELLING, "co-bad.csv",
                                "seeker,counselled_on,staff,topic\n"
                                "S999,2025-01-05,,\nS301,2099-01-01,,\nS302,5/1/2025,,\n"
                                "S301,2025-03-03,,\nS301,2025-03-03,,\n",
                                NULL, &s),
                     VL_ERR_INVALID);
    vts_expect_diag(ctx, "co-bad.csv:2: column seeker: unknown seeker id 'S999'");
    vts_expect_diag(ctx, "co-bad.csv:3: column counselled_on: '2099-01-01' is after today");
    vts_expect_diag(ctx, "co-bad.csv:4: column counselled_on: '5/1/2025' is not an ISO 8601 date");
    vts_expect_diag(ctx, "co-bad.csv:6: column counselled_on: duplicate counselled_on "
                         "'S301 2025-03-03' (first on line 5)");
    assert_int_equal(vts_import(ctx, db, VL_KIND_FAIRS, "fairs-bad.csv",
                                "id,name,date,area,venue,capacity\n"
                                "F9,,2025-13-01,999,,-5\nF8,,,,,nhiều\n"
                                "F7,Phiên không ngày,,10507,Nhà văn hóa tỉnh,500\nF2025Q1,,,,,\n",
                                NULL, &s),
                     VL_ERR_INVALID);
    vts_expect_diag(ctx, "fairs-bad.csv:2: column date: '2025-13-01' is not a real calendar date");
    vts_expect_diag(ctx, "fairs-bad.csv:2: column area: unknown area '999'");
    vts_expect_diag(ctx, "fairs-bad.csv:2: column capacity: '-5' is negative");
    vts_expect_diag(ctx, "fairs-bad.csv:3: column capacity: 'nhiều' is not a whole number");
    /* a fair is held on a day: described without one, it is refused, and the id alone no
     * longer stands for a fair once it is described (it would wipe its day) */
    vts_expect_diag(ctx, "fairs-bad.csv:3: column date: empty; a value is required");
    vts_expect_diag(ctx, "fairs-bad.csv:4: column date: empty; a value is required");
    vts_expect_diag(ctx, "fairs-bad.csv:5: column date: empty; a value is required");
    vts_db_hash(db, after);
    assert_string_equal(before, after);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* One session at the desk: the import's rules, NOTFOUND for a stranger, a seeker's list. */
static void test_counselling_record(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "ref-crec.db");
    vts_import_base(ctx, db);
    vl_counselling_new c = {"S301", 20250105, "hoa.nt", "Định hướng nghề"};
    assert_int_equal(vl_counselling_record(ctx, db, &c), VL_OK);
    c = (vl_counselling_new){"S301", 20250201, "lan.pt", "Kỹ năng phỏng vấn, viết CV"};
    assert_int_equal(vl_counselling_record(ctx, db, &c), VL_OK);
    c = (vl_counselling_new){"S302", 20250106, NULL, NULL};
    assert_int_equal(vl_counselling_record(ctx, db, &c), VL_OK);
    /* the same day again replaces that day's session */
    c = (vl_counselling_new){"S301", 20250105, "hoa.nt", "Định hướng nghề; học nghề hàn"};
    assert_int_equal(vl_counselling_record(ctx, db, &c), VL_OK);
    vl_list *l = NULL;
    assert_int_equal(vl_db_counselling_list(ctx, db, "S301", &l), VL_OK);
    assert_int_equal(vl_list_rows(l), 2);
    assert_string_equal(vl_list_column(l, 0), "counselled_on");
    assert_string_equal(vl_list_value(l, 0, 0), "2025-02-01"); /* newest first */
    assert_string_equal(vl_list_value(l, 0, 2), "Kỹ năng phỏng vấn, viết CV");
    assert_string_equal(vl_list_value(l, 1, 0), "2025-01-05");
    assert_string_equal(vl_list_value(l, 1, 1), "hoa.nt");
    assert_string_equal(vl_list_value(l, 1, 2), "Định hướng nghề; học nghề hàn");
    vl_list_destroy(l);
    /* the export is what an import of the same sessions gives */
    char *text = export_text(ctx, db, VL_KIND_COUNSELLING, "crec.csv");
    assert_string_equal(text, "seeker,counselled_on,staff,topic\r\n"
                              "S301,2025-01-05,hoa.nt,\"Định hướng nghề; học nghề hàn\"\r\n"
                              "S301,2025-02-01,lan.pt,\"Kỹ năng phỏng vấn, viết CV\"\r\n"
                              "S302,2025-01-06,,\r\n");
    free(text);
    /* refusals leave the database as it was */
    char before[65], after[65];
    vts_db_hash(db, before);
    c = (vl_counselling_new){"S999", 20250105, NULL, NULL};
    assert_int_equal(vl_counselling_record(ctx, db, &c), VL_ERR_NOTFOUND);
    assert_non_null(strstr(vl_ctx_errmsg(ctx), "S999"));
    c = (vl_counselling_new){"S301", 20990101, NULL, NULL};
    assert_int_equal(vl_counselling_record(ctx, db, &c), VL_ERR_INVALID);
    vts_expect_diag(ctx, "counselled_on: '2099-01-01' is after today");
    vts_db_hash(db, after);
    assert_string_equal(before, after);
    assert_int_equal(vl_db_counselling_list(ctx, db, "S999", &l), VL_OK);
    assert_int_equal(vl_list_rows(l), 0);
    vl_list_destroy(l);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* A job fair added at the desk: vl_db_put with the fairs import's rules, numbered or named. */
static void test_fair_put(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = vts_open(ctx, "ref-fput.db");
    vts_import_base(ctx, db);
    static const char *const cols[] = {"name", "date", "area", "venue", "capacity"};
    static const char *const vals[] = {"Phiên tháng 6", "2026-06-15", "10507", "Nhà văn hóa",
                                       "800"};
    vl_put_request rq = {.kind = VL_KIND_FAIRS,
                         .columns = cols,
                         .values = vals,
                         .n = 5,
                         .create = true,
                         .id_prefix = "F"};
    vl_put_result r;
    assert_int_equal(vl_db_put(ctx, db, &rq, &r), VL_OK);
    assert_int_equal(strncmp(r.id, "F", 1), 0);
    assert_int_equal(strlen(r.id), strlen("F20260101-0001"));
    assert_true(r.changed);
    static const char *const cols2[] = {"id", "name", "date"};
    static const char *const vals2[] = {"HP-2026-06", "Phiên quý II", "2026-06-20"};
    rq = (vl_put_request){.kind = VL_KIND_FAIRS,
                          .columns = cols2,
                          .values = vals2,
                          .n = 3,
                          .create = true,
                          .id_prefix = "F"};
    assert_int_equal(vl_db_put(ctx, db, &rq, &r), VL_OK);
    assert_string_equal(r.id, "HP-2026-06");
    char *text = export_text(ctx, db, VL_KIND_FAIRS, "fput.csv");
    assert_non_null(strstr(text, ",Phiên tháng 6,2026-06-15,10507,Nhà văn hóa,800\r\n"));
    assert_non_null(strstr(text, "HP-2026-06,Phiên quý II,2026-06-20,,,\r\n"));
    free(text);
    /* the same id again, and bad values: nothing written */
    char before[65], after[65];
    vts_db_hash(db, before);
    assert_int_equal(vl_db_put(ctx, db, &rq, &r), VL_ERR_CONFLICT);
    static const char *const vals3[] = {"HP-2026-07", "x", "2026-13-01"};
    rq.values = vals3;
    assert_int_equal(vl_db_put(ctx, db, &rq, &r), VL_ERR_INVALID);
    vts_expect_diag(ctx, "date: '2026-13-01' is not a real calendar date");
    static const char *const vals4[] = {"HP-2026-07", "Phiên tháng 7", ""};
    rq.values = vals4;
    assert_int_equal(vl_db_put(ctx, db, &rq, &r), VL_ERR_INVALID);
    vts_expect_diag(ctx, "date: empty; a value is required");
    rq.n = 1; /* the id alone, from a form: a fair still needs its day */
    assert_int_equal(vl_db_put(ctx, db, &rq, &r), VL_ERR_INVALID);
    vts_expect_diag(ctx, "date: empty; a value is required");
    vts_db_hash(db, after);
    assert_string_equal(before, after);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

static void test_names(void **state)
{
    (void)state;
    vl_outcome o;
    vl_channel c;
    assert_true(vl_outcome_parse("", &o) && o == VL_OUTCOME_PENDING);
    assert_true(vl_outcome_parse("Không đến", &o) && o == VL_OUTCOME_NO_SHOW);
    assert_true(vl_outcome_parse("no-show", &o) && o == VL_OUTCOME_NO_SHOW);
    assert_true(vl_outcome_parse("TRUNG TUYEN", &o) && o == VL_OUTCOME_HIRED);
    assert_false(vl_outcome_parse("maybe", &o));
    assert_true(vl_channel_parse("Điện thoại", &c) && c == VL_CHANNEL_PHONE);
    assert_true(vl_channel_parse("trực tuyến", &c) && c == VL_CHANNEL_ONLINE);
    assert_false(vl_channel_parse("", &c));
    for (int i = 0; i < VL_OUTCOME_COUNT; i++) {
        assert_true(vl_outcome_parse(vl_outcome_name((vl_outcome)i), &o));
        assert_int_equal(o, i);
    }
    for (int i = 0; i < VL_CHANNEL_COUNT; i++) {
        assert_true(vl_channel_parse(vl_channel_name((vl_channel)i), &c));
        assert_int_equal(c, i);
    }
    assert_string_equal(vl_outcome_name(VL_OUTCOME_COUNT), "?");
    vl_kind k;
    assert_true(vl_kind_parse("referrals", &k) && k == VL_KIND_REFERRALS);
    assert_true(vl_kind_parse("followups", &k) && k == VL_KIND_FOLLOWUPS);
}

/* ---- a seeker given their data (Decree 13) --------------------------------------------------- */

/* Where the document shows each table that holds a seeker's data (vl_personal_columns, subject
 * seeker). A table missing here fails test_seeker_data: a new one is given to the person too, or
 * this list says why not. */
static const struct {
    const char *table, *key; /* the document's member, NULL: nothing of the person's own */
} provided[] = {
    {"seekers", "record"},
    {"seeker_priority", "record"},
    {"seeker_occupations", "record"},
    {"seeker_skills", "record"},
    {"seeker_languages", "record"},
    {"seeker_abroad", "record"},
    {"referrals", "referrals"},
    {"referral_outcomes", "referrals"},
    {"counselling", "counselling"},
    {"match_results", "matches"},
    {"fair_invitations", "fair_invitations"},
    /* the store's keys, name index and change log: the id and the name again */
    {"seeker_keys", NULL},
    {"seeker_names", NULL},
    {"changes", NULL},
};

typedef struct audit_seen {
    char records[256];
    int64_t last;
    bool ordered;
    size_t rows, stop_after; /* stop_after > 0: the next row after that many is refused */
} audit_seen;

static vl_status audit_collect(void *ud, const vl_audit_row *r)
{
    audit_seen *a = ud;
    if (a->stop_after && a->rows == a->stop_after)
        return VL_ERR_CONFLICT;
    a->ordered = a->rows == 0 ? true : a->ordered && r->id > a->last;
    a->last = r->id;
    a->rows++;
    size_t len = strlen(a->records);
    snprintf(a->records + len, sizeof a->records - len, "%s,", r->record);
    return VL_OK;
}

static const char *jstr(const vl_json *o, const char *key)
{
    return vl_json_str(vl_json_get(o, key));
}

static void test_seeker_data(void **state)
{
    (void)state;
    vl_ctx *ctx = new_ctx();
    vl_db *db = base_with_referrals(ctx, "ref-provide.db");
    vl_import_stats s;
    vts_import_ok(ctx, db, VL_KIND_COUNSELLING, "provide-co.csv",
                  "seeker,counselled_on,staff,topic\n"
                  "S301,2025-01-05,hoa.nt,Định hướng nghề\n"
                  "S302,2025-01-06,lan.pt,Không phải của S301\n",
                  &s);
    /* a stored match and a fair plan naming S301 (and S302, who must not appear) */
    assert_int_equal(vl__db_exec(ctx, db,
                                 "INSERT INTO runs(started, command, status) VALUES"
                                 " ('2025-03-01T08:00:00Z', 'match --all-seekers', 'ok')"),
                     VL_OK);
    int64_t run = vts_count(db, "SELECT MAX(id) FROM runs");
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO match_results(run_id, seeker_id, vacancy_id, rank, score) VALUES"
             " (%lld, 'S301', 'V202', 2, 0.5), (%lld, 'S301', 'V201', 1, 0.75),"
             " (%lld, 'S302', 'V203', 1, 0.9);"
             "INSERT INTO fair_invitations(run_id, fair_id, seeker_id, vacancy_id, rank_for_seeker,"
             " method) VALUES (%lld, 'F2025Q1', 'S301', 'V201', 1, 'flow'),"
             " (%lld, 'F2025Q1', 'S302', 'V201', 1, 'flow')",
             (long long)run, (long long)run, (long long)run, (long long)run, (long long)run);
    assert_int_equal(vl__db_exec(ctx, db, sql), VL_OK);
    /* the audit: her record, a list naming her among others, her referral, a list naming an id
     * that only starts like hers, a list naming ids that differ from hers in case or would match
     * it as LIKE's wildcards, another person's record, the list of her referrals, the fair
     * plan that invited her and one that did not */
    char run_text[32];
    snprintf(run_text, sizeof run_text, "%lld", (long long)run);
    const vl_audit_entry e[] = {
        {"hoa.nt", "view", "seeker", "S301", NULL},
        {"hoa.nt", "shortlist", "vacancy", "V201", "S302,S301"},
        {"lan.pt", "view", "referral", "R1", NULL},
        {"lan.pt", "shortlist", "vacancy", "V202", "S3011,S302"},
        {"lan.pt", "search", "referral", "s301", "s301,S30%,S3__"},
        {"lan.pt", "view", "seeker", "S302", NULL},
        {"lan.pt", "search", "referral", "S301", NULL},
        {"lan.pt", "download", "fair_plan", run_text, "invitations of 2 seekers"},
        {"lan.pt", "download", "fair_plan", "99999", "invitations of 7 seekers"},
    };
    assert_int_equal(vl_db_audit_append(ctx, db, e, VL_ARRAY_LEN(e)), VL_OK);

    char *text = NULL;
    assert_int_equal(vl_db_seeker_data(ctx, db, "S301", "tester", &text), VL_OK);
    vl_json *d = NULL;
    assert_int_equal(vl_json_parse(ctx, text, &d), VL_OK);
    assert_string_equal(jstr(d, "format"), "vieclam-seeker-data/1");
    assert_string_equal(jstr(d, "seeker"), "S301");
    assert_string_equal(jstr(d, "provided_by"), "tester");
    assert_null(jstr(d, "erased"));
    const vl_json *r = vl_json_get(d, "record");
    assert_string_equal(jstr(r, "name"), "Nguyễn Văn An");
    assert_string_equal(jstr(r, "birth_year"), "1998");
    assert_string_equal(jstr(r, "occupations"), "7533;8212");
    assert_non_null(strstr(jstr(r, "priority"), "poor"));
    /* her referrals, oldest first, each with its outcomes and follow-ups */
    const vl_json *refs = vl_json_get(d, "referrals");
    assert_int_equal(vl_json_size(refs), 2);
    const vl_json *r1 = vl_json_at(refs, 0);
    assert_string_equal(jstr(r1, "id"), "R1");
    assert_string_equal(jstr(vl_json_at(refs, 1), "id"), "R4");
    assert_string_equal(jstr(r1, "outcome"), "hired");
    assert_string_equal(jstr(r1, "employer_name"), "Công ty TNHH May mặc Hải Dương");
    double wage = 0;
    assert_true(vl_json_num(vl_json_get(r1, "wage"), &wage) && wage == 8000000);
    assert_int_equal(vl_json_size(vl_json_get(r1, "outcomes")), 1);
    assert_string_equal(jstr(vl_json_at(vl_json_get(r1, "outcomes"), 0), "outcome"), "hired");
    const vl_json *fu = vl_json_get(r1, "followups");
    assert_int_equal(vl_json_size(fu), 2);
    assert_string_equal(jstr(vl_json_at(fu, 0), "checked_on"), "2025-05-01");
    /* counselling, the match and the invitation: hers only */
    assert_int_equal(vl_json_size(vl_json_get(d, "counselling")), 1);
    assert_string_equal(jstr(vl_json_at(vl_json_get(d, "counselling"), 0), "topic"),
                        "Định hướng nghề");
    const vl_json *m = vl_json_get(d, "matches");
    assert_int_equal(vl_json_size(m), 2);
    assert_string_equal(jstr(vl_json_at(m, 0), "vacancy"), "V201"); /* by rank */
    assert_int_equal(vl_json_size(vl_json_get(d, "fair_invitations")), 1);
    /* the audit's rows about her, in order, this provision last; no member of staff, no other id */
    const vl_json *acc = vl_json_get(d, "access");
    const char *const want[][3] = {
        {"view", "seeker", "S301"},          {"shortlist", "vacancy", "V201"},
        {"view", "referral", "R1"},          {"search", "referral", "S301"},
        {"download", "fair_plan", run_text}, {"provide", "seeker", "S301"}};
    assert_int_equal(vl_json_size(acc), VL_ARRAY_LEN(want));
    for (size_t i = 0; i < VL_ARRAY_LEN(want); i++) {
        const vl_json *a = vl_json_at(acc, i);
        assert_string_equal(jstr(a, "action"), want[i][0]);
        assert_string_equal(jstr(a, "kind"), want[i][1]);
        assert_string_equal(jstr(a, "record"), want[i][2]);
        assert_int_equal(vl_json_size(a), 4); /* at, action, kind, record */
    }
    char *acc_text = vl_json_dump(acc, false);
    assert_null(strstr(acc_text, "S302"));
    assert_null(strstr(acc_text, "hoa.nt"));
    free(acc_text);
    /* every table holding a seeker's data is in the document, or said why not */
    size_t npc;
    const vl_personal_column *pc = vl_personal_columns(&npc);
    for (size_t i = 0; i < npc; i++) {
        if (pc[i].subject != VL_PD_SEEKER)
            continue;
        size_t k = 0;
        while (k < VL_ARRAY_LEN(provided) && strcmp(provided[k].table, pc[i].table) != 0)
            k++;
        if (k == VL_ARRAY_LEN(provided))
            fail_msg("%s holds a seeker's data (vl_personal_columns) and is not given to the "
                     "person: add it to vl_db_seeker_data (store/provide.c) and to `provided`",
                     pc[i].table);
        if (provided[k].key)
            assert_non_null(vl_json_get(d, provided[k].key));
    }
    vl_json_free(d);
    free(text);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM access_audit WHERE action = 'provide' AND"
                                   " record = 'S301' AND by_user = 'tester'"),
                     1);
    /* an unknown id: not found, no document, no audit row */
    text = (char *)"untouched";
    assert_int_equal(vl_db_seeker_data(ctx, db, "S999", "tester", &text), VL_ERR_NOTFOUND);
    assert_null(text);
    assert_int_equal(vts_count(db, "SELECT COUNT(*) FROM access_audit WHERE action = 'provide'"),
                     1);
    assert_int_equal(vl_db_seeker_data(ctx, db, "", "tester", &text), VL_ERR_ARG);
    /* an id holding a LIKE wildcard matches itself in a list, not the ids the wildcard would */
    vts_import_ok(ctx, db, VL_KIND_SEEKERS, "provide-wild.csv",
                  "id,name,birth_year,gender,area,education,occupations,skills,experience_years,"
                  "languages,wage_min,max_commute_km,abroad,priority,registered,status\n"
                  "S3_1,Đỗ Văn Hải,1992,male,10507,,,,,,,,,,2025-02-01,active\n",
                  &s);
    const vl_audit_entry w[] = {{"lan.pt", "shortlist", "vacancy", "V203", "S3X1,S302"},
                                {"lan.pt", "shortlist", "vacancy", "V204", "S302,S3_1"}};
    assert_int_equal(vl_db_audit_append(ctx, db, w, 2), VL_OK);
    assert_int_equal(vl_db_seeker_data(ctx, db, "S3_1", "tester", &text), VL_OK);
    assert_int_equal(vl_json_parse(ctx, text, &d), VL_OK);
    acc = vl_json_get(d, "access");
    assert_int_equal(vl_json_size(acc), 2);
    assert_string_equal(jstr(vl_json_at(acc, 0), "record"), "V204");
    assert_string_equal(jstr(vl_json_at(acc, 1), "action"), "provide");
    vl_json_free(d);
    free(text);
    /* the audit read row by row (the workbook of an inspection): filtered, oldest first */
    audit_seen seen = {0};
    vl_audit_query q = {.action = "shortlist"};
    size_t n = 0;
    assert_int_equal(vl_db_audit_each(ctx, db, &q, audit_collect, &seen, &n), VL_OK);
    assert_int_equal(n, 4);
    assert_string_equal(seen.records, "V201,V202,V203,V204,");
    assert_true(seen.ordered);
    q = (vl_audit_query){.user = "lan.pt", .to = 20000101}; /* nothing before 2000 */
    assert_int_equal(vl_db_audit_each(ctx, db, &q, audit_collect, &seen, &n), VL_OK);
    assert_int_equal(n, 0);
    /* a period's days are the centre's local days: in Vietnam (UTC+7, no tzdata needed for a
     * POSIX zone) the 5th of December runs from 17:00 UTC on the 4th to 17:00 UTC on the 5th */
    const char *tz = getenv("TZ");
    char *saved = tz ? strdup(tz) : NULL;
    setenv("TZ", "ICT-7", 1);
    tzset();
    assert_int_equal(vl__db_exec(NULL, db,
                                 "INSERT INTO access_audit(at, by_user, action, kind, record)"
                                 " VALUES ('2026-12-04T16:59:59Z', 'an', 'view', 'seeker', 'D4'),"
                                 " ('2026-12-04T17:00:00Z', 'an', 'view', 'seeker', 'D5a'),"
                                 " ('2026-12-05T16:59:59Z', 'an', 'view', 'seeker', 'D5b'),"
                                 " ('2026-12-05T17:00:00Z', 'an', 'view', 'seeker', 'D6')"),
                     VL_OK);
    const struct {
        int32_t from, to;
        const char *records;
    } days[] = {{20261205, 20261205, "D5a,D5b,"},
                {20261204, 20261204, "D4,"},
                {20261206, 0, "D6,"},
                {0, 20261205, "D4,D5a,D5b,"},
                {20261130, 20261201, ""}};
    for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
        seen = (audit_seen){0};
        q = (vl_audit_query){.user = "an", .from = days[i].from, .to = days[i].to};
        assert_int_equal(vl_db_audit_each(ctx, db, &q, audit_collect, &seen, &n), VL_OK);
        assert_string_equal(seen.records, days[i].records);
    }
    /* the same day as a sheet for an inspection: local day and time, the audit's words, 0600 */
    const char *sheet = vt_tmpfile("audit.csv");
    q = (vl_audit_query){.user = "an", .from = 20261205, .to = 20261205};
    size_t rows = 0;
    assert_int_equal(vl_db_audit_write(ctx, db, &q, "en", sheet, VL_SHEET_CSV, &rows), VL_OK);
    assert_int_equal(rows, 2);
    char *csv = vt_read_file(sheet, NULL);
    assert_string_equal(csv, "Date,Time,User,Action,Kind of record,Record,Detail\r\n"
                             "2026-12-05,00:00:00,an,Viewed a record,Job seeker,D5a,\r\n"
                             "2026-12-05,23:59:59,an,Viewed a record,Job seeker,D5b,\r\n");
    free(csv);
    struct stat sb;
    assert_int_equal(stat(sheet, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    free(saved);
    tzset();
    seen = (audit_seen){.stop_after = 1};
    q = (vl_audit_query){0};
    assert_int_equal(vl_db_audit_each(ctx, db, &q, audit_collect, &seen, &n), VL_ERR_CONFLICT);
    assert_int_equal(n, 1); /* the row that stopped it is not counted */
    vl_db_close(db);
    vl_ctx_destroy(ctx);
}

/* The audit's words, one definition for the desk and the command line: an action, a kind, a
 * detail written in the writer's terms; a code without words is NULL (shown as it is). */
static void test_audit_words(void **state)
{
    (void)state;
    assert_string_equal(vl_audit_action_words("en", "erase"), "Erased personal data");
    assert_string_equal(vl_audit_kind_words("en", "fair_plan"), "Job-fair plan");
    assert_null(vl_audit_action_words("en", "teleport"));
    assert_null(vl_audit_kind_words("en", NULL));
    size_t n = 0;
    while (vl_audit_action_code(n))
        n++;
    assert_true(n > 20);
    assert_string_equal(vl_audit_action_code(0), "view");
    for (size_t i = 0; i < n; i++) /* every action offered has words */
        assert_non_null(vl_audit_action_words("en", vl_audit_action_code(i)));
    char buf[160];
    assert_string_equal(vl_audit_detail_words("en", "export", "12", buf, sizeof buf), "12 records");
    assert_string_equal(vl_audit_detail_words("en", "outcome", "hired", buf, sizeof buf), "Hired");
    assert_string_equal(
        vl_audit_detail_words("en", "download", "invitations of 3 seekers", buf, sizeof buf),
        "invitations of 3 job seekers");
    assert_string_equal(vl_audit_detail_words("en", "import", "seekers", buf, sizeof buf),
                        "List of job seekers");
    assert_string_equal(vl_audit_detail_words("en", "create", "admin", buf, sizeof buf),
                        "administrator");
    /* a counselling session's day in the language's style; a text that is no day as it is */
    assert_string_equal(vl_audit_detail_words("vi", "counsel", "2026-03-01", buf, sizeof buf),
                        "01/03/2026");
    assert_string_equal(vl_audit_detail_words("en", "counsel", "2026-03-01", buf, sizeof buf),
                        "2026-03-01");
    assert_string_equal(vl_audit_detail_words("vi", "counsel", "2026-02-30", buf, sizeof buf),
                        "2026-02-30");
    const char *ids = "S1,S2";
    assert_ptr_equal(vl_audit_detail_words("en", "search", ids, buf, sizeof buf), ids);
    assert_string_equal(vl_outcome_words("en", "pending"), "Pending");
    assert_null(vl_outcome_words("en", "maybe"));
}

int main(void)
{
    vt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_import_and_load),
        cmocka_unit_test(test_load_together),
        cmocka_unit_test(test_sibling_snapshot),
        cmocka_unit_test(test_load_as_of),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_skip_invalid),
        cmocka_unit_test(test_idempotent_and_corrections),
        cmocka_unit_test(test_positions_in_one_file),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_api),
        cmocka_unit_test(test_counselling_and_fairs),
        cmocka_unit_test(test_counselling_record),
        cmocka_unit_test(test_fair_put),
        cmocka_unit_test(test_seeker_data),
        cmocka_unit_test(test_audit_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
