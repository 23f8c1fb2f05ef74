/*
 * areas.c - Viet Nam's areas before and after the 2025 reform, built from the bundled tables:
 * the 34 provinces and 3,321 communes valid from 2025-07-01 with their published centres and
 * areas, the pre-reform provinces, districts and communes valid to 2025-06-30 (named by the
 * crosswalk), and for every pre-reform area the current communes it went to, each with the
 * estimated area of the piece.
 *
 * The crosswalk has one row per (old commune, new commune) pair: an old commune divided among
 * several new ones has several rows. Nothing says how much of an old commune went where, so a
 * piece is estimated as the new commune's area shared equally among the rows that formed it
 * (area(new) / rows(new)); an old district's or province's pieces are the sums over its
 * communes. A pre-reform area has no published centre: its centre is derived as the mean of
 * its pieces' centres (each new commune's centre) weighted by the pieces' areas, which for an
 * undivided commune is simply its new commune's centre. Derived centres are rounded to 1e-4
 * degrees (about 11 m), the precision of the published ones, and marked "derived".
 * Every sum runs in crosswalk order, so the result is the same on every platform.
 *
 * The compiled areas are suspect where communes share a name: 303 of the 576 communes whose
 * name recurs in another province have exactly the area of a namesake (all three "Phường Tân
 * An" of Đắk Lắk, Tây Ninh and Cần Thơ have 8.06 km2), the mark of a join by name in the
 * compilation. Such areas are treated as unknown; the pieces of the old areas around them then
 * fall back to equal shares. Centres are not affected (no two communes share one).
 */
#include "ref/areas.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref/geo.h"
#include "ref/ref.h"

/* ---- lookups by code ----------------------------------------------------------------------- */

typedef struct code_index {
    const char **codes; /* sorted */
    uint32_t *at;       /* area index of codes[i] */
    size_t n;
} code_index;

static long index_find(const code_index *x, const char *code)
{
    const char **hit = bsearch(&code, x->codes, x->n, sizeof *x->codes, vl__cmp_str);
    return hit ? (long)x->at[hit - x->codes] : -1;
}

/* ---- building ------------------------------------------------------------------------------ */

typedef struct piece {
    uint32_t old, new_; /* area indices */
    uint32_t order;     /* crosswalk row, so sums run in file order */
    double km2;
} piece;

static int cmp_piece(const void *pa, const void *pb)
{
    const piece *a = pa, *b = pb;
    if (a->old != b->old)
        return a->old < b->old ? -1 : 1;
    if (a->new_ != b->new_)
        return a->new_ < b->new_ ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

typedef struct builder {
    vl_ctx *ctx;
    vl__ref_areas *r;
    size_t cap;
} builder;

static vl__ref_area *add_area(builder *b)
{
    if (b->r->n_areas == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 1024;
        vl__ref_area *a = vl__realloc(b->r->areas, cap * sizeof *a);
        if (!a)
            return NULL;
        b->r->areas = a;
        b->cap = cap;
    }
    vl__ref_area *a = &b->r->areas[b->r->n_areas++];
    memset(a, 0, sizeof *a);
    a->lat = a->lon = a->area_km2 = NAN;
    a->centre = "";
    return a;
}

static double number(const char *s)
{
    double v;
    return *s && vl_parse_double(s, &v) ? v : (double)NAN;
}

/* Builds a sorted index of areas [from, to) (codes are unique within a version). */
static bool make_index(const vl__ref_areas *r, size_t from, size_t to, code_index *x)
{
    x->n = to - from;
    x->codes = vl__malloc((x->n + 1) * sizeof *x->codes);
    x->at = vl__malloc((x->n + 1) * sizeof *x->at);
    if (!x->codes || !x->at)
        return false;
    for (size_t i = 0; i < x->n; i++)
        x->codes[i] = r->areas[from + i].code;
    qsort(x->codes, x->n, sizeof *x->codes, vl__cmp_str);
    for (size_t i = 0; i < x->n; i++) {
        const char **hit =
            bsearch(&r->areas[from + i].code, x->codes, x->n, sizeof *x->codes, vl__cmp_str);
        x->at[hit - x->codes] = (uint32_t)(from + i);
    }
    return true;
}

static void free_index(code_index *x)
{
    vl__free(x->codes);
    vl__free(x->at);
}

/* Sorting communes by name, then area text, to find namesakes with the same area. */
typedef struct namesake {
    const char *name, *km2;
    size_t at;
} namesake;

static int cmp_namesake(const void *pa, const void *pb)
{
    const namesake *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    return c ? c : strcmp(a->km2, b->km2);
}

/* Marks the area of a commune unknown when a namesake has exactly the same area (see above). */
static bool drop_copied_areas(vl__ref_areas *r, const vl_ref_table *tc, long c_name, long c_km2)
{
    namesake *ns = vl__malloc((tc->n_rows + 1) * sizeof *ns);
    if (!ns)
        return false;
    for (size_t i = 0; i < tc->n_rows; i++)
        ns[i] = (namesake){vl__ref_cell(tc, i, c_name), vl__ref_cell(tc, i, c_km2), i};
    qsort(ns, tc->n_rows, sizeof *ns, cmp_namesake);
    for (size_t i = 0; i < tc->n_rows;) {
        size_t j = i + 1;
        while (j < tc->n_rows && cmp_namesake(&ns[i], &ns[j]) == 0)
            j++;
        if (j - i > 1 && *ns[i].km2)
            for (size_t k = i; k < j; k++)
                r->areas[r->n_areas - tc->n_rows + ns[k].at].area_km2 = NAN;
        i = j;
    }
    vl__free(ns);
    return true;
}

static int cmp_area(const void *pa, const void *pb)
{
    const vl__ref_area *a = pa, *b = pb;
    return a->level != b->level ? a->level - b->level : strcmp(a->code, b->code);
}

/*
 * A 64-bit FNV-1a hash of everything a loader writes (every field of every area and piece) and
 * of AREAS_DERIVATION, so a database holding this fingerprint holds exactly these areas.
 */
#define AREAS_DERIVATION "areas-2025/1"

static void fnv(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= 1099511628211u;
    }
}

static void fnv_str(uint64_t *h, const char *s)
{
    fnv(h, s, strlen(s) + 1);
}

static void fingerprint(vl__ref_areas *r)
{
    uint64_t h = 14695981039346656037u;
    fnv_str(&h, AREAS_DERIVATION);
    for (size_t i = 0; i < r->n_areas; i++) {
        const vl__ref_area *a = &r->areas[i];
        fnv_str(&h, a->code);
        fnv_str(&h, a->name);
        fnv_str(&h, a->parent);
        fnv_str(&h, a->version);
        fnv_str(&h, a->centre);
        /* numbers as their bits: NaN is one pattern here (set by the builder alone) */
        int32_t ints[3] = {a->level, a->valid_from, a->valid_to};
        double nums[3] = {a->lat, a->lon, a->area_km2};
        fnv(&h, ints, sizeof ints);
        fnv(&h, nums, sizeof nums);
    }
    for (size_t i = 0; i < r->n_successors; i++)
        fnv(&h, &r->successors[i], sizeof r->successors[i]);
    snprintf(r->fingerprint, sizeof r->fingerprint, "%016llx", (unsigned long long)h);
}

void vl__ref_areas_free(vl__ref_areas *r)
{
    if (!r)
        return;
    vl__free(r->areas);
    vl__free(r->successors);
    vl__free(r);
}

vl_status vl__ref_areas_build(vl_ctx *ctx, vl__ref_areas **out)
{
    *out = NULL;
    const vl_ref_table *tp = vl__ref_table("provinces_2025"), *tc = vl__ref_table("communes_2025"),
                       *tx = vl__ref_table("crosswalk_2024_2025");
    if (!tp || !tc || !tx)
        return vl__error(ctx, VL_ERR_INTERNAL, "the bundled 2025 area tables are missing");
    vl__ref_areas *r = vl__calloc(1, sizeof *r);
    if (!r)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    builder b = {ctx, r, 0};
    code_index now = {0}, old = {0};
    piece *pieces = NULL;
    uint32_t *rows_of = NULL;
    vl_status st = VL_OK;

    /* the 2025 list: provinces, then communes (each sorted by code) */
    long p_code = vl__ref_column(tp, "province_code"), p_name = vl__ref_column(tp, "province"),
         p_lat = vl__ref_column(tp, "lat"), p_lon = vl__ref_column(tp, "lon");
    long c_prov = vl__ref_column(tc, "province_code"), c_code = vl__ref_column(tc, "commune_code"),
         c_name = vl__ref_column(tc, "commune"), c_lat = vl__ref_column(tc, "lat"),
         c_lon = vl__ref_column(tc, "lon"), c_km2 = vl__ref_column(tc, "area_km2");
    for (size_t i = 0; st == VL_OK && i < tp->n_rows + tc->n_rows; i++) {
        vl__ref_area *a = add_area(&b);
        if (!a) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        bool prov = i < tp->n_rows;
        const vl_ref_table *t = prov ? tp : tc;
        size_t row = prov ? i : i - tp->n_rows;
        a->code = vl__ref_cell(t, row, prov ? p_code : c_code);
        a->name = vl__ref_cell(t, row, prov ? p_name : c_name);
        a->parent = prov ? "" : vl__ref_cell(t, row, c_prov);
        a->level = prov ? 1 : 3;
        a->version = VL_AREAS_2025;
        a->valid_from = VL_REFORM_FIRST_DAY;
        a->lat = number(vl__ref_cell(t, row, prov ? p_lat : c_lat));
        a->lon = number(vl__ref_cell(t, row, prov ? p_lon : c_lon));
        if (!prov)
            a->area_km2 = number(vl__ref_cell(t, row, c_km2));
        a->centre = isfinite(a->lat) && isfinite(a->lon) ? "published" : "";
    }
    if (st == VL_OK && !drop_copied_areas(r, tc, c_name, c_km2))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK) {
        qsort(r->areas, r->n_areas, sizeof *r->areas, cmp_area);
        r->n_current = r->n_areas;
        if (!make_index(r, 0, r->n_current, &now))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }

    /* the pre-reform list, named by the crosswalk: each unit once */
    long x_pc = vl__ref_column(tx, "old_province_code"), x_pn = vl__ref_column(tx, "old_province"),
         x_dc = vl__ref_column(tx, "old_district_code"), x_dn = vl__ref_column(tx, "old_district"),
         x_cc = vl__ref_column(tx, "old_commune_code"), x_cn = vl__ref_column(tx, "old_commune"),
         x_new = vl__ref_column(tx, "new_commune_code");
    for (size_t i = 0; st == VL_OK && i < tx->n_rows; i++) {
        struct {
            long code, name, parent;
            int level;
        } unit[3] = {{x_pc, x_pn, -1, 1}, {x_dc, x_dn, x_pc, 2}, {x_cc, x_cn, x_dc, 3}};
        for (int k = 0; k < 3 && st == VL_OK; k++) {
            const char *code = vl__ref_cell(tx, i, unit[k].code);
            if (!*code)
                continue; /* an island district without communes */
            /* rows of one unit are adjacent in the crosswalk, so most repeats are the last */
            bool seen = false;
            for (size_t j = r->n_areas; j > r->n_current && !seen; j--) {
                const vl__ref_area *p = &r->areas[j - 1];
                if (p->level == unit[k].level && strcmp(p->code, code) == 0)
                    seen = true;
                if (r->n_areas - j > 64)
                    break;
            }
            if (seen)
                continue;
            vl__ref_area *a = add_area(&b);
            if (!a) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            a->code = code;
            a->name = vl__ref_cell(tx, i, unit[k].name);
            a->parent = vl__ref_cell(tx, i, unit[k].parent);
            a->level = unit[k].level;
            a->version = VL_AREAS_PRE_REFORM;
            a->valid_to = VL_REFORM_LAST_DAY;
        }
    }
    if (st == VL_OK) {
        /* a unit seen again after other units (rare) was added twice: sort, then drop repeats */
        qsort(r->areas + r->n_current, r->n_areas - r->n_current, sizeof *r->areas, cmp_area);
        size_t w = r->n_current;
        for (size_t i = r->n_current; i < r->n_areas; i++)
            if (w == r->n_current || strcmp(r->areas[w - 1].code, r->areas[i].code) != 0 ||
                r->areas[w - 1].level != r->areas[i].level)
                r->areas[w++] = r->areas[i];
        r->n_areas = w;
        if (!make_index(r, r->n_current, r->n_areas, &old))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }

    /* rows per new commune, then the pieces: every crosswalk row is a piece of its old
     * commune (or island district), of its old district and of its old province */
    if (st == VL_OK) {
        rows_of = vl__calloc(r->n_current + 1, sizeof *rows_of);
        pieces = vl__malloc((3 * tx->n_rows + 1) * sizeof *pieces);
        if (!rows_of || !pieces)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; st == VL_OK && i < tx->n_rows; i++) {
        long n = index_find(&now, vl__ref_cell(tx, i, x_new));
        if (n < 0 || r->areas[n].level != 3)
            st = vl__error(ctx, VL_ERR_INTERNAL, "crosswalk row %zu: unknown new commune %s", i + 2,
                           vl__ref_cell(tx, i, x_new));
        else
            rows_of[n]++;
    }
    size_t np = 0;
    for (size_t i = 0; st == VL_OK && i < tx->n_rows; i++) {
        long n = index_find(&now, vl__ref_cell(tx, i, x_new));
        double km2 = r->areas[n].area_km2 / (double)rows_of[n];
        long units[3] = {x_pc, x_dc, x_cc};
        for (int k = 0; k < 3; k++) {
            const char *code = vl__ref_cell(tx, i, units[k]);
            if (!*code)
                continue;
            long o = index_find(&old, code);
            assert(o >= 0);
            pieces[np++] = (piece){(uint32_t)o, (uint32_t)n, (uint32_t)i, km2};
        }
    }
    if (st == VL_OK) {
        qsort(pieces, np, sizeof *pieces, cmp_piece);
        r->successors = vl__malloc((np + 1) * sizeof *r->successors);
        if (!r->successors)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    /* merge the pieces of one (old, new) pair; then the derived centre of each old area */
    for (size_t i = 0; st == VL_OK && i < np;) {
        size_t j = i;
        double km2 = 0;
        for (; j < np && pieces[j].old == pieces[i].old && pieces[j].new_ == pieces[i].new_; j++)
            km2 += pieces[j].km2;
        r->successors[r->n_successors++] = (vl__ref_successor){pieces[i].old, pieces[i].new_, km2};
        i = j;
    }
    /* parents by index, for loaders that link rows as they write them */
    for (size_t i = 0; st == VL_OK && i < r->n_areas; i++) {
        vl__ref_area *a = &r->areas[i];
        a->parent_ix = *a->parent ? index_find(i < r->n_current ? &now : &old, a->parent) : -1;
        if (*a->parent && a->parent_ix < 0)
            st = vl__error(ctx, VL_ERR_INTERNAL, "bundled area %s: unknown parent %s", a->code,
                           a->parent);
    }
    for (size_t s = 0; st == VL_OK && s < r->n_successors;) {
        size_t e = s;
        double w = 0, wlat = 0, wlon = 0, slat = 0, slon = 0;
        bool all_known = true;
        for (; e < r->n_successors && r->successors[e].old == r->successors[s].old; e++) {
            const vl__ref_successor *x = &r->successors[e];
            const vl__ref_area *n = &r->areas[x->new_];
            all_known = all_known && isfinite(x->km2) && x->km2 > 0;
            w += x->km2;
            wlat += x->km2 * n->lat;
            wlon += x->km2 * n->lon;
            slat += n->lat;
            slon += n->lon;
        }
        vl__ref_area *a = &r->areas[r->successors[s].old];
        double k = (double)(e - s);
        a->lat = all_known ? wlat / w : slat / k;
        a->lon = all_known ? wlon / w : slon / k;
        a->lat = round(a->lat * 1e4) / 1e4;
        a->lon = round(a->lon * 1e4) / 1e4;
        a->centre = isfinite(a->lat) && isfinite(a->lon) ? "derived" : "";
        s = e;
    }
    if (st == VL_OK)
        fingerprint(r);
    vl__free(pieces);
    vl__free(rows_of);
    free_index(&now);
    free_index(&old);
    if (st != VL_OK) {
        vl__ref_areas_free(r);
        return st;
    }
    *out = r;
    return VL_OK;
}
