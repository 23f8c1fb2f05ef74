/*
 * areas.c - areas read with a date (vieclam/areas.h): lists of areas, look-up by code and date,
 * search by folded name, successors of pre-reform areas, and the resolver that says what an
 * `area` cell means - the one place where codes, names, pre-reform codes, divided communes and
 * reused codes are told apart; the importer and the desk both call it.
 *
 * An area is valid on a date D when valid_from <= D <= valid_to (NULL = open). "Current" is
 * valid today. A code is read first among the areas valid on the date, then among those no
 * longer valid (the one that ended last), so a reused code means the current area and a
 * pre-reform code that was not reused still names its old area.
 */
#include "store/areas.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref/geo.h"

/* ---- lists --------------------------------------------------------------------------------- */

struct vl_area_list {
    vl_arena *arena;
    vl__area_item *items;
    size_t n, cap;
};

vl_area_list *vl__area_list_new(void)
{
    vl_area_list *l = vl__calloc(1, sizeof *l);
    if (l && !(l->arena = vl_arena_create())) {
        vl__free(l);
        return NULL;
    }
    return l;
}

size_t vl_area_list_count(const vl_area_list *l)
{
    return l ? l->n : 0;
}

const vl_area_info *vl_area_list_at(const vl_area_list *l, size_t i)
{
    return l && i < l->n ? &l->items[i].info : NULL;
}

double vl_area_list_share(const vl_area_list *l, size_t i)
{
    return l && i < l->n ? l->items[i].share : (double)NAN;
}

const vl__area_item *vl__area_list_item(const vl_area_list *l, size_t i)
{
    return l && i < l->n ? &l->items[i] : NULL;
}

vl__area_item *vl__area_list_items(vl_area_list *l)
{
    return l->items;
}

void vl_area_list_destroy(vl_area_list *l)
{
    if (!l)
        return;
    vl__free(l->items);
    vl_arena_destroy(l->arena);
    vl__free(l);
}

/* Appends a copy of an item (strings copied into the list's arena); NULL on out-of-memory. */
vl__area_item *vl__area_list_add(vl_area_list *l, const vl__area_item *it)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        vl__area_item *t = vl__realloc(l->items, cap * sizeof *t);
        if (!t)
            return NULL;
        l->items = t;
        l->cap = cap;
    }
    vl__area_item *d = &l->items[l->n];
    *d = *it;
    const char **s[] = {&d->info.code,          &d->info.name,          &d->info.parent_code,
                        &d->info.province_code, &d->info.province_name, &d->info.centre,
                        &d->info.version};
    for (size_t k = 0; k < VL_ARRAY_LEN(s); k++)
        if (!(*s[k] = vl_arena_strdup(l->arena, *s[k] ? *s[k] : "")))
            return NULL;
    l->n++;
    return d;
}

/* ---- reading rows -------------------------------------------------------------------------- */

/* The columns vl__area_from_row reads, ?1 the date of validity ("YYYY-MM-DD"). Column 14 is
 * whether the area is valid on ?1. The province is the level-1 area above (or the area). */
#define AREA_COLUMNS                                                                               \
    "a.id, a.code, a.name, a.level, COALESCE(p.code, ''),"                                         \
    " CASE WHEN a.level = 1 OR p.id IS NULL THEN a.code WHEN p.level = 1 OR g.id IS NULL"          \
    " THEN p.code ELSE g.code END AS province_code,"                                               \
    " CASE WHEN a.level = 1 OR p.id IS NULL THEN a.name WHEN p.level = 1 OR g.id IS NULL"          \
    " THEN p.name ELSE g.name END AS province_name,"                                               \
    " a.lat, a.lon, COALESCE(a.centre, ''), a.area_km2, a.valid_from, a.valid_to, a.version,"      \
    " CASE WHEN (a.valid_from IS NULL OR a.valid_from <= ?1)"                                      \
    " AND (a.valid_to IS NULL OR a.valid_to >= ?1) THEN 1 ELSE 0 END AS valid_on"
#define AREA_FROM                                                                                  \
    " FROM areas a LEFT JOIN areas p ON p.id = a.parent LEFT JOIN areas g ON g.id = p.parent"
/* Reading order for one code: valid on the date first, then the one that ended last (NULLs
 * spelled out: the backends sort them apart). */
#define AREA_DATE_ORDER                                                                            \
    " ORDER BY 15 DESC, COALESCE(a.valid_to, '9999-12-31') DESC, COALESCE(a.valid_from, '')"       \
    " DESC, a.id DESC"

const char *const vl__area_select = "SELECT " AREA_COLUMNS AREA_FROM;

static double col_real(vl__stmt *s, int i)
{
    return vl__col_null(s, i) ? (double)NAN : vl__col_double(s, i);
}

/* A row of AREA_COLUMNS (strings point into the statement until it steps again). */
void vl__area_from_row(vl__stmt *s, vl__area_item *it)
{
    memset(it, 0, sizeof *it);
    it->id = vl__col_int64(s, 0);
    it->info.code = vl__col_text(s, 1);
    it->info.name = vl__col_text(s, 2);
    it->info.level = vl__col_int(s, 3);
    it->info.parent_code = vl__col_text(s, 4);
    it->info.province_code = vl__col_text(s, 5);
    it->info.province_name = vl__col_text(s, 6);
    it->info.lat = col_real(s, 7);
    it->info.lon = col_real(s, 8);
    it->info.centre = vl__col_text(s, 9);
    it->info.area_km2 = col_real(s, 10);
    it->info.valid_from = vl__col_date(s, 11);
    it->info.valid_to = vl__col_date(s, 12);
    it->info.version = vl__col_text(s, 13);
    it->valid = vl__col_int(s, 14) != 0;
    it->share = NAN;
}

/* Steps s to the end, adding each row to l; at most limit rows (0 = all). */
static vl_status collect(vl_ctx *ctx, vl_db *db, vl__stmt *s, vl_area_list *l, size_t limit)
{
    int rc;
    while ((rc = vl__step(s)) == VL__ROW) {
        if (limit && l->n >= limit)
            continue; /* keep stepping: the statement is reset by the caller anyway */
        vl__area_item it;
        vl__area_from_row(s, &it);
        if (!vl__area_list_add(l, &it))
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    return rc == VL__DONE ? VL_OK : vl__db_sqlerr(ctx, db, "reading areas");
}

void vl__area_date_text(int32_t date, char out[11])
{
    vl__format_date(date ? date : vl__today(), out);
}

/* ---- look-ups ------------------------------------------------------------------------------ */

vl_status vl_area_get(vl_ctx *ctx, vl_db *db, const char *code, int32_t date, vl_area_list **out)
{
    *out = NULL;
    if (!db || !code)
        return vl__error(ctx, VL_ERR_ARG, "vl_area_get: missing argument");
    vl_area_list *l = vl__area_list_new();
    vl__stmt *s = NULL;
    char d[11];
    vl__area_date_text(date, d);
    vl_status st = l ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK && (st = vl__db_prepare(ctx, db,
                                            "SELECT " AREA_COLUMNS AREA_FROM
                                            " WHERE a.code = ?2" AREA_DATE_ORDER " LIMIT 1",
                                            &s)) == VL_OK) {
        vl__bind_text(s, 1, d, false);
        vl__bind_text(s, 2, code, false);
        st = collect(ctx, db, s, l, 0);
    }
    vl__finalize(s);
    if (st == VL_OK && l->n == 0)
        st = vl__error(ctx, VL_ERR_NOTFOUND, "no area has the code '%s'", code);
    if (st != VL_OK) {
        vl_area_list_destroy(l);
        return st;
    }
    *out = l;
    return VL_OK;
}

vl_status vl_area_search(vl_ctx *ctx, vl_db *db, const char *text,
                         const vl_area_search_options *opt, vl_area_list **out)
{
    *out = NULL;
    vl_area_search_options o = {0};
    if (opt)
        o = *opt;
    if (!db || !text)
        return vl__error(ctx, VL_ERR_ARG, "vl_area_search: missing argument");
    char *key = vl__area_key(text, false), *skey = vl__area_key(text, true);
    vl_area_list *l = vl__area_list_new();
    vl__stmt *s = NULL;
    vl_status st = key && skey && l ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK && !*key && !*text)
        st = vl__error(ctx, VL_ERR_ARG, "an area search needs some text");
    /* rank: 0 the code, 1 the whole name, 2 a name starting with the text, 3 a name with a word
     * starting with it ("an" finds "Tân An", not "Lan"). LIKE is safe: keys hold no % or _ (the
     * key of a text turns punctuation into spaces) */
    if (st == VL_OK &&
        (st = vl__db_prepare(ctx, db,
                             "SELECT * FROM (SELECT " AREA_COLUMNS ","
                             " CASE WHEN a.code = ?2 THEN 0"
                             " WHEN ?3 = '' THEN NULL"
                             " WHEN a.name_key = ?3 OR a.short_key = ?3 OR a.short_key = ?4 THEN 1"
                             " WHEN a.name_key LIKE ?3 || '%' OR a.short_key LIKE ?4 || '%' THEN 2"
                             " WHEN ' ' || a.name_key LIKE '% ' || ?3 || '%'"
                             " OR ' ' || a.short_key LIKE '% ' || ?4 || '%' THEN 3 END AS rank,"
                             " a.name_key AS nk" AREA_FROM " WHERE (?5 = 0 OR a.level = ?5)) a"
                             " WHERE rank IS NOT NULL AND (?6 = 1 OR valid_on = 1)"
                             " AND (CAST(?7 AS TEXT) IS NULL OR province_code = ?7)"
                             " ORDER BY rank, 15 DESC, 4, nk, 2, 14 LIMIT ?8",
                             &s)) == VL_OK) {
        char d[11];
        vl__area_date_text(o.as_of, d);
        vl__bind_text(s, 1, d, false);
        vl__bind_text(s, 2, text, false);
        vl__bind_text(s, 3, key, false);
        vl__bind_text(s, 4, skey, false);
        vl__bind_int(s, 5, o.level);
        vl__bind_int(s, 6, o.abolished);
        vl__bind_text(s, 7, o.province, true);
        vl__bind_int64(s, 8, (int64_t)(o.limit ? o.limit : VL_AREA_SEARCH_LIMIT));
        st = collect(ctx, db, s, l, 0);
    }
    vl__finalize(s);
    vl__free(key);
    vl__free(skey);
    if (st != VL_OK) {
        vl_area_list_destroy(l);
        return st;
    }
    *out = l;
    return VL_OK;
}

/* ---- successors ---------------------------------------------------------------------------- */

struct vl__area_succ {
    vl__stmt *communes;  /* successors of ?2 (an area id): current communes with km2 */
    vl__stmt *provinces; /* the provinces of those communes */
};

/*
 * Fills l with the successors of the area with id `old` (valid on `date` text): the current
 * communes, or for a province the current provinces, with shares by estimated area (equal
 * shares when an area is unknown), largest share first, ties by code.
 */
vl_status vl__area_successors_of(vl_ctx *ctx, vl_db *db, int64_t old, int level, const char *date,
                                 vl_area_list *l)
{
    static const char *const sql[2] = {
        "SELECT " AREA_COLUMNS ", s.km2" AREA_FROM " JOIN area_successors s ON s.new = a.id"
        " WHERE s.old = ?2",
        /* a province's successors: the provinces its pieces lie in, km2 summed */
        "SELECT " AREA_COLUMNS ", t.km2 FROM (SELECT c.parent AS pid, SUM(s.km2) AS km2"
        " FROM area_successors s JOIN areas c ON c.id = s.new WHERE s.old = ?2"
        " GROUP BY c.parent) t JOIN areas a ON a.id = t.pid"
        " LEFT JOIN areas p ON p.id = a.parent LEFT JOIN areas g ON g.id = p.parent"};
    vl__stmt *s;
    vl_status st = vl__db_prepare(ctx, db, sql[level == 1], &s);
    if (st != VL_OK)
        return st;
    vl__bind_text(s, 1, date, false);
    vl__bind_int64(s, 2, old);
    size_t first = l->n;
    int rc;
    bool known = true;
    while ((rc = vl__step(s)) == VL__ROW) {
        vl__area_item it;
        vl__area_from_row(s, &it);
        it.share = col_real(s, 15);
        known = known && isfinite(it.share) && it.share > 0;
        if (!vl__area_list_add(l, &it)) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (st == VL_OK && rc != VL__DONE)
        st = vl__db_sqlerr(ctx, db, "reading an area's successors");
    vl__finalize(s);
    if (st != VL_OK)
        return st;
    size_t n = l->n - first;
    double total = 0;
    for (size_t i = first; i < l->n; i++)
        total += known ? l->items[i].share : 1.0;
    for (size_t i = first; i < l->n; i++)
        l->items[i].share = (known ? l->items[i].share : 1.0) / total;
    /* largest share first, ties by code (insertion sort: few items) */
    for (size_t i = first + 1; i < first + n; i++) {
        vl__area_item t = l->items[i];
        size_t j = i;
        while (j > first && (l->items[j - 1].share < t.share ||
                             (l->items[j - 1].share == t.share &&
                              strcmp(l->items[j - 1].info.code, t.info.code) > 0))) {
            l->items[j] = l->items[j - 1];
            j--;
        }
        l->items[j] = t;
    }
    return VL_OK;
}

vl_status vl_area_successors(vl_ctx *ctx, vl_db *db, const char *code, int32_t date,
                             vl_area_list **out)
{
    *out = NULL;
    vl_area_list *got = NULL;
    vl_status st = vl_area_get(ctx, db, code, date, &got);
    if (st != VL_OK)
        return st;
    vl_area_list *l = vl__area_list_new();
    const vl__area_item *a = &got->items[0];
    char today[11];
    vl__area_date_text(0, today);
    if (!l) {
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    } else if (vl__area_valid_on(&a->info, vl__today())) {
        vl__area_item it = *a;
        it.share = 1;
        if (!vl__area_list_add(l, &it))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    } else {
        st = vl__area_successors_of(ctx, db, a->id, a->info.level, today, l);
    }
    vl_area_list_destroy(got);
    if (st != VL_OK) {
        vl_area_list_destroy(l);
        return st;
    }
    *out = l;
    return VL_OK;
}

bool vl__area_valid_on(const vl_area_info *a, int32_t date)
{
    return (!a->valid_from || a->valid_from <= date) && (!a->valid_to || a->valid_to >= date);
}

/* ---- the resolver -------------------------------------------------------------------------- */

/* How many candidates a message names before "and N more". */
#define NAMED_MAX 5

bool vl_legacy_areas_parse(const char *s, vl_legacy_areas *out)
{
    static const char *const names[] = {"map", "nearest", "keep"};
    for (size_t i = 0; s && i < VL_ARRAY_LEN(names); i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (vl_legacy_areas)i;
            return true;
        }
    return false;
}

enum { R_CODE, R_NAME, R_OLD_NAME, R_COUNT };

struct vl_area_resolver {
    vl_ctx *ctx;
    vl_db *db;
    vl_legacy_areas legacy;
    char today[11];
    vl__stmt *q[R_COUNT];
    vl_area_list *found;      /* the area(s) read: [0] is res.area or res.from */
    vl_area_list *candidates; /* res.candidates */
    vl_buf msg;
};

static const char *const resolver_sql[R_COUNT] = {
    /* every area with the code, in reading order for today */
    [R_CODE] = "SELECT " AREA_COLUMNS AREA_FROM " WHERE a.code = ?2" AREA_DATE_ORDER,
    /* areas whose name is the text (?2 folded, ?3 without a type word), valid today (?4 = 1)
     * or no longer (?4 = 0); ?5 the folded province qualifier or NULL */
    [R_NAME] = "SELECT * FROM (SELECT " AREA_COLUMNS ","
               " CASE WHEN a.name_key = ?2 THEN 1 ELSE 0 END AS exact" AREA_FROM
               " WHERE (a.name_key = ?2 OR a.short_key = ?2 OR a.short_key = ?3)) a"
               " WHERE valid_on = ?4"
               " ORDER BY 16 DESC, 4, 2, 14",
};

void vl_area_resolver_destroy(vl_area_resolver *r)
{
    if (!r)
        return;
    for (int q = 0; q < R_COUNT; q++)
        vl__finalize(r->q[q]);
    vl_area_list_destroy(r->found);
    vl_area_list_destroy(r->candidates);
    vl_buf_free(&r->msg);
    vl__free(r);
}

vl_status vl_area_resolver_create(vl_ctx *ctx, vl_db *db, vl_legacy_areas legacy,
                                  vl_area_resolver **out)
{
    *out = NULL;
    if (!db)
        return vl__error(ctx, VL_ERR_ARG, "vl_area_resolver_create: no database");
    vl_area_resolver *r = vl__calloc(1, sizeof *r);
    if (!r)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    r->ctx = ctx;
    r->db = db;
    r->legacy = legacy;
    vl__area_date_text(0, r->today);
    vl_status st = VL_OK;
    for (int q = 0; q < R_COUNT && st == VL_OK; q++)
        if (resolver_sql[q])
            st = vl__db_prepare(ctx, db, resolver_sql[q], &r->q[q]);
    if (st != VL_OK) {
        vl_area_resolver_destroy(r);
        return st;
    }
    *out = r;
    return VL_OK;
}

/* "10507 Phường Thành Đông", with ", Thành phố Hải Phòng" when with_province. */
static void describe(vl_buf *b, const vl_area_info *a, bool with_province)
{
    vl_buf_printf(b, "%s %s", a->code, a->name);
    if (with_province && a->level > 1 && *a->province_name)
        vl_buf_printf(b, " (%s)", a->province_name);
}

/* The area the text named, in parentheses: "(Phường Bình Hàn, Tỉnh Hải Dương, until 2025-06-30)" */
static void describe_old(const vl_ctx *ctx, vl_buf *b, const vl_area_info *a)
{
    vl_buf_printf(b, "(%s", a->name);
    if (a->level > 1 && *a->province_name)
        vl_buf_printf(b, ", %s", a->province_name);
    if (a->valid_to) { /* the date as the message's language writes it (30/06/2025 in vi) */
        char d[16];
        vl_format_date_text(d, sizeof d, a->valid_to,
                            strcmp(vl__tr(ctx, "(none)"), "(none)") != 0 ? "vi" : "en");
        vl_buf_printf(b, vl__tr(ctx, ", until %s"), d);
    }
    vl_buf_puts(b, ")");
}

/* "N areas of PROVINCE: A, B, C and K more" (provinces per area when they differ). */
static void describe_list(const vl_ctx *ctx, vl_buf *b, const vl_area_list *l)
{
    bool one = true;
    for (size_t i = 1; i < l->n && one; i++)
        one = strcmp(l->items[i].info.province_code, l->items[0].info.province_code) == 0;
    vl_buf_printf(b, vl__tr(ctx, "%zu areas"), l->n);
    if (one && l->n && l->items[0].info.level > 1)
        vl_buf_printf(b, vl__tr(ctx, " of %s"), l->items[0].info.province_name);
    vl_buf_puts(b, ": ");
    for (size_t i = 0; i < l->n && i < NAMED_MAX; i++) {
        if (i)
            vl_buf_puts(b, i + 1 == l->n ? vl__tr(ctx, " and ") : ", ");
        describe(b, &l->items[i].info, !one);
    }
    if (l->n > NAMED_MAX)
        vl_buf_printf(b, vl__tr(ctx, " and %zu more"), l->n - NAMED_MAX);
}

static void reset(vl_area_resolver *r, vl_area_resolution *res)
{
    vl_area_list_destroy(r->found);
    vl_area_list_destroy(r->candidates);
    r->found = vl__area_list_new();
    r->candidates = vl__area_list_new();
    r->msg.len = 0;
    vl_buf_puts(&r->msg, "");
    memset(res, 0, sizeof *res);
    res->candidates = r->candidates;
    res->message = "";
}

/* Runs a prepared look-up into l. */
static vl_status run(vl_area_resolver *r, vl__stmt *s, vl_area_list *l)
{
    vl_status st = collect(r->ctx, r->db, s, l, 0);
    vl__reset(s);
    vl__clear_bindings(s);
    return st;
}

long vl__area_nearest(const vl_area_info *from, const vl_area_list *l)
{
    long best = -1;
    double bd = INFINITY;
    for (size_t i = 0; i < l->n; i++) {
        const vl_area_info *a = &l->items[i].info;
        double d = vl__great_circle_km(from->lat, from->lon, a->lat, a->lon);
        if (isfinite(d) && (d < bd || (d == bd && strcmp(a->code, l->items[best].info.code) < 0))) {
            bd = d;
            best = (long)i;
        }
    }
    return best;
}

/*
 * found->items[0] is an area no longer valid today, read from text: maps it to its successor
 * (or keeps it), filling res.
 */
static vl_status abolished(vl_area_resolver *r, const char *text, vl_area_resolution *res)
{
    vl__area_item *from = &r->found->items[0];
    res->from = &from->info;
    vl_buf *m = &r->msg;
    vl_buf_printf(m, "'%s' ", text);
    describe_old(r->ctx, m, &from->info);
    if (r->legacy == VL_LEGACY_KEEP) {
        res->outcome = VL_AREA_KEPT;
        res->area = &from->info;
        vl_buf_puts(m, vl__tr(r->ctx, " kept as written (--legacy-areas keep); `vieclam areas "
                                      "migrate` moves such records to the current areas"));
        return VL_OK;
    }
    vl_status st =
        vl__area_successors_of(r->ctx, r->db, from->id, from->info.level, r->today, r->candidates);
    if (st != VL_OK)
        return st;
    const vl_area_list *c = r->candidates;
    if (c->n == 0) {
        res->outcome = VL_AREA_EXPIRED;
        vl_buf_puts(m, vl__tr(r->ctx, " is no longer valid and no current area succeeds it: "
                                      "write a current area (`vieclam lookup area NAME` finds "
                                      "one)"));
        return VL_OK;
    }
    if (c->n == 1) {
        res->outcome = VL_AREA_MAPPED;
        res->area = &c->items[0].info;
        vl_buf_puts(m, vl__tr(r->ctx, " is now "));
        describe(m, res->area, true);
        return VL_OK;
    }
    if (r->legacy == VL_LEGACY_NEAREST) {
        long k = vl__area_nearest(&from->info, c);
        if (k >= 0) {
            res->outcome = VL_AREA_NEAREST;
            res->area = &c->items[k].info;
            char km[32];
            vl_format_fixed(
                km, sizeof km,
                vl__great_circle_km(from->info.lat, from->info.lon, res->area->lat, res->area->lon),
                1);
            vl_buf_printf(m, vl__tr(r->ctx, " was divided among %zu areas: read as the nearest, "),
                          c->n);
            describe(m, res->area, true);
            vl_buf_printf(m, vl__tr(r->ctx, ", %s km from its centre (--legacy-areas nearest)"),
                          km);
            return VL_OK;
        }
    }
    res->outcome = VL_AREA_DIVIDED;
    vl_buf_puts(m, vl__tr(r->ctx, " was divided among "));
    describe_list(r->ctx, m, c);
    vl_buf_puts(m, vl__tr(r->ctx, ": write the new commune's code (or import with --legacy-areas "
                                  "nearest)"));
    return VL_OK;
}

/* Looks the text up as a name: current areas first, then no longer valid ones. */
static vl_status by_name(vl_area_resolver *r, const char *text, vl_area_resolution *res)
{
    /* "NAME, PROVINCE": the part after the last comma chooses among equal names */
    char *copy = vl__strdup(text);
    if (!copy)
        return vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    char *qual = strrchr(copy, ',');
    if (qual) {
        *qual++ = '\0';
        while (*qual == ' ' || *qual == '\t')
            qual++;
        for (size_t n = strlen(qual); n && (qual[n - 1] == ' ' || qual[n - 1] == '\t'); n--)
            qual[n - 1] = '\0';
    }
    char *key = vl__area_key(copy, false), *skey = vl__area_key(copy, true);
    char *qkey = qual ? vl__area_key(qual, false) : NULL;
    char *qskey = qual ? vl__area_key(qual, true) : NULL;
    vl_status st = key && skey && (!qual || (qkey && qskey))
                       ? VL_OK
                       : vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    vl_area_list *hits = vl__area_list_new();
    if (!hits && st == VL_OK)
        st = vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    for (int current = 1; st == VL_OK && *key && current >= 0 && hits->n == 0; current--) {
        vl__stmt *s = r->q[R_NAME];
        vl__bind_text(s, 1, r->today, false);
        vl__bind_text(s, 2, key, false);
        vl__bind_text(s, 3, skey, false);
        vl__bind_int(s, 4, current);
        vl_area_list *all = vl__area_list_new();
        if (!all) {
            st = vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        int rc;
        bool exact_seen = false;
        while ((rc = vl__step(s)) == VL__ROW) {
            vl__area_item it;
            vl__area_from_row(s, &it);
            bool exact = vl__col_int(s, 15) != 0;
            /* the whole name typed ("Phường Tân An") rules out other types ("Xã Tân An") */
            if (exact_seen && !exact)
                continue;
            exact_seen = exact_seen || exact;
            if (qual) {
                char *pk = vl__area_key(it.info.province_name, false);
                char *psk = vl__area_key(it.info.province_name, true);
                bool in = pk && psk &&
                          (strcmp(it.info.province_code, qual) == 0 || strcmp(pk, qkey) == 0 ||
                           strcmp(psk, qskey) == 0 || strcmp(psk, qkey) == 0);
                vl__free(pk);
                vl__free(psk);
                if (!in)
                    continue;
            }
            if (!vl__area_list_add(all, &it)) {
                st = vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
        }
        if (st == VL_OK && rc != VL__DONE)
            st = vl__db_sqlerr(r->ctx, r->db, "looking up an area name");
        vl__reset(s);
        vl__clear_bindings(s);
        vl_area_list_destroy(hits);
        hits = all;
    }
    if (st == VL_OK && hits->n == 1) {
        if (!vl__area_list_add(r->found, &hits->items[0])) {
            st = vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
        } else if (r->found->items[0].valid) {
            res->outcome = VL_AREA_FOUND;
            res->area = &r->found->items[0].info;
        } else {
            st = abolished(r, text, res);
        }
    } else if (st == VL_OK && hits->n > 1) {
        res->outcome = VL_AREA_AMBIGUOUS;
        for (size_t i = 0; i < hits->n && st == VL_OK; i++)
            if (!vl__area_list_add(r->candidates, &hits->items[i]))
                st = vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
        vl_buf_printf(&r->msg,
                      hits->items[0].valid ? vl__tr(r->ctx, "'%s' names ")
                                           : vl__tr(r->ctx, "'%s' names former "),
                      text);
        describe_list(r->ctx, &r->msg, r->candidates);
        vl_buf_printf(&r->msg,
                      vl__tr(r->ctx, "; write the code, or the name with its province ('%s, %s')"),
                      copy, r->candidates->items[0].info.province_name);
    } else if (st == VL_OK) {
        res->outcome = VL_AREA_UNKNOWN;
        vl_area_search_options so = {.limit = 5};
        vl_area_list *near = NULL;
        if (*key && (st = vl_area_search(r->ctx, r->db, copy, &so, &near)) == VL_OK) {
            for (size_t i = 0; i < near->n && st == VL_OK; i++)
                if (!vl__area_list_add(r->candidates, &near->items[i]))
                    st = vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
        }
        vl_area_list_destroy(near);
        vl_buf_printf(&r->msg, vl__tr(r->ctx, "unknown area '%s': no area has this code or name"),
                      text);
        if (st == VL_OK && r->candidates->n) {
            vl_buf_puts(&r->msg, vl__tr(r->ctx, "; names like it: "));
            describe_list(r->ctx, &r->msg, r->candidates);
        }
    }
    vl_area_list_destroy(hits);
    vl__free(key);
    vl__free(skey);
    vl__free(qkey);
    vl__free(qskey);
    vl__free(copy);
    return st;
}

static bool looks_like_code(const char *s)
{
    return *s && !strpbrk(s, " \t,;\"") && strlen(s) <= 64;
}

vl_status vl_area_resolve(vl_area_resolver *r, const char *text, vl_area_resolution *res)
{
    if (!r || !res)
        return VL_ERR_ARG;
    reset(r, res);
    if (!r->found || !r->candidates || !r->msg.data)
        return vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    /* surrounding white space is not part of a code or name */
    while (*text == ' ' || *text == '\t')
        text++;
    char *t = vl__strdup(text);
    if (!t)
        return vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t n = strlen(t); n && (t[n - 1] == ' ' || t[n - 1] == '\t'); n--)
        t[n - 1] = '\0';
    vl_status st = VL_OK;
    bool read = false; /* the text was read as a code */
    if (!*t) {
        res->outcome = VL_AREA_UNKNOWN;
        vl_buf_puts(&r->msg, vl__tr(r->ctx, "empty: write an area code or name"));
        read = true;
    } else if (looks_like_code(t)) {
        vl__stmt *s = r->q[R_CODE];
        vl__bind_text(s, 1, r->today, false);
        vl__bind_text(s, 2, t, false);
        st = run(r, s, r->found);
        if (st == VL_OK && r->found->n) {
            read = true;
            /* keep: a code is read in the lists no longer valid first */
            if (r->legacy == VL_LEGACY_KEEP)
                for (size_t i = 1; i < r->found->n; i++)
                    if (!r->found->items[i].valid && r->found->items[0].valid) {
                        r->found->items[0] = r->found->items[i];
                        break;
                    }
            if (r->found->items[0].valid) {
                res->outcome = VL_AREA_FOUND;
                res->area = &r->found->items[0].info;
            } else {
                st = abolished(r, t, res);
            }
        }
    }
    if (st == VL_OK && !read)
        st = by_name(r, t, res);
    if (st == VL_OK && !r->msg.data)
        st = vl__error(r->ctx, VL_ERR_NOMEM, "out of memory");
    res->message = st == VL_OK ? r->msg.data : "";
    vl__free(t);
    return st;
}

int64_t vl__area_item_id(const vl_area_info *info)
{
    /* info is the first member of its vl__area_item */
    return ((const vl__area_item *)(const void *)info)->id;
}

int64_t vl__area_resolution_id(const vl_area_resolution *res)
{
    return res->area ? vl__area_item_id(res->area) : 0;
}
