/*
 * reference.c - loads the reference data bundled into the library (ref/ref.h) into a
 * database: occupations (ISCO-08 with its four levels; VSCO 2020 levels 1-2 with Vietnamese
 * titles), industries (VSIC 2018 sections) and areas (Viet Nam's provinces and communes since
 * 2025-07-01, the pre-reform provinces, districts and communes until 2025-06-30, and the
 * pieces linking each pre-reform area to the current communes it went to; ref/areas.h).
 * Occupations and industries already present are left alone; bundled areas are kept up to date
 * unless a centre imported its own version of the row. Running it again changes nothing. Areas
 * are signed with the importer's canonical text, so an exported list re-imports unchanged.
 */
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ref/areas.h"
#include "ref/geo.h"
#include "ref/ref.h"
#include "store/rows.h"

static vl_status need(vl_ctx *ctx, const vl_ref_table *t, const char *name)
{
    if (!t)
        return vl__error(ctx, VL_ERR_INTERNAL, "bundled reference table %s is missing", name);
    return VL_OK;
}

static vl_status load_occupations(vl_ctx *ctx, vl_db *db)
{
    const vl_ref_table *isco = vl__ref_table("isco08_structure");
    const vl_ref_table *vsco = vl__ref_table("vsco2020_level1_2");
    vl_status st = need(ctx, isco, "isco08_structure");
    if (st == VL_OK)
        st = need(ctx, vsco, "vsco2020_level1_2");
    vl__stmt *s;
    if (st != VL_OK || (st = vl__db_prepare(ctx, db,
                                            "INSERT INTO occupations(classification, code,"
                                            " level, parent, title_en, title_vi)"
                                            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                            &s)) != VL_OK)
        return st;
    long c_code = vl__ref_column(isco, "code"), c_level = vl__ref_column(isco, "level"),
         c_parent = vl__ref_column(isco, "parent_code"), c_title = vl__ref_column(isco, "title_en");
    for (size_t i = 0; st == VL_OK && i < isco->n_rows; i++) {
        vl__bind_text(s, 1, "ISCO-08", false);
        vl__bind_text(s, 2, vl__ref_cell(isco, i, c_code), false);
        vl__bind_int(s, 3, (int)strlen(vl__ref_cell(isco, i, c_code)));
        vl__bind_text(s, 4, vl__ref_cell(isco, i, c_parent), true);
        vl__bind_text(s, 5, vl__ref_cell(isco, i, c_title), true);
        /* the Vietnamese title of ref.h: VSCO 2020's or vieclam's rendering */
        vl__bind_text(s, 6, vl_occupation_title(vl__ref_cell(isco, i, c_code), "vi"), true);
        if (strlen(vl__ref_cell(isco, i, c_code)) !=
            (size_t)(vl__ref_cell(isco, i, c_level)[0] - '0'))
            st = vl__error(ctx, VL_ERR_INTERNAL, "ISCO-08 code %s has a wrong level",
                           vl__ref_cell(isco, i, c_code));
        else if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "loading ISCO-08");
        vl__reset(s);
    }
    c_code = vl__ref_column(vsco, "code");
    c_title = vl__ref_column(vsco, "title_vi");
    for (size_t i = 0; st == VL_OK && i < vsco->n_rows; i++) {
        const char *code = vl__ref_cell(vsco, i, c_code);
        char parent[2] = {code[0], '\0'};
        vl__bind_text(s, 1, "VSCO-2020", false);
        vl__bind_text(s, 2, code, false);
        vl__bind_int(s, 3, (int)strlen(code));
        vl__bind_text(s, 4, strlen(code) > 1 ? parent : NULL, true);
        vl__bind_null(s, 5);
        vl__bind_text(s, 6, vl__ref_cell(vsco, i, c_title), true);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "loading VSCO 2020");
        vl__reset(s);
    }
    vl__finalize(s);
    return st;
}

static vl_status load_industries(vl_ctx *ctx, vl_db *db)
{
    const vl_ref_table *t = vl__ref_table("vsic2018_sections");
    vl_status st = need(ctx, t, "vsic2018_sections");
    vl__stmt *s;
    if (st != VL_OK || (st = vl__db_prepare(ctx, db,
                                            "INSERT INTO industries(version, code, level,"
                                            " parent, title_vi, title_en)"
                                            " VALUES ('VSIC-2018', ?, 1, NULL, ?, ?)"
                                            " ON CONFLICT DO NOTHING",
                                            &s)) != VL_OK)
        return st;
    long c_code = vl__ref_column(t, "code"), c_vi = vl__ref_column(t, "title_vi"),
         c_en = vl__ref_column(t, "title_en");
    for (size_t i = 0; st == VL_OK && i < t->n_rows; i++) {
        vl__bind_text(s, 1, vl__ref_cell(t, i, c_code), false);
        vl__bind_text(s, 2, vl__ref_cell(t, i, c_vi), true);
        vl__bind_text(s, 3, vl__ref_cell(t, i, c_en), true);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "loading VSIC 2018");
        vl__reset(s);
    }
    vl__finalize(s);
    return st;
}

/* Binds a double, or NULL when it is not finite (unknown). */
static void bind_num(vl__stmt *s, int i, double v)
{
    if (isfinite(v))
        vl__bind_double(s, i, v);
    else
        vl__bind_null(s, i);
}

/* Writes the area of ref index i: inserts it, or brings a reference row up to date; *id is its
 * row, *fresh whether it was inserted now. */
static vl_status put_area(vl_ctx *ctx, vl_db *db, vl__stmt *const q[3], const vl__ref_area *a,
                          int64_t parent, vl__canon *canon, int64_t *id, bool *fresh)
{
    vl__area_row row = {.code = a->code,
                        .name = a->name,
                        .parent = a->parent,
                        .has_latlon = isfinite(a->lat) && isfinite(a->lon),
                        .has_area = isfinite(a->area_km2),
                        .lat = a->lat,
                        .lon = a->lon,
                        .centre = a->centre,
                        .area_km2 = a->area_km2,
                        .level = a->level,
                        .valid_from = a->valid_from,
                        .valid_to = a->valid_to,
                        .version = a->version};
    char sig[65];
    if (!vl__canon_area(&row, canon))
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl__canon_sig(canon, sig);
    vl__stmt *sel = q[0];
    vl__bind_text(sel, 1, a->version, false);
    vl__bind_text(sel, 2, a->code, false);
    int rc = vl__step(sel);
    *id = rc == VL__ROW ? vl__col_int64(sel, 0) : 0;
    bool ours = rc == VL__ROW && strcmp(vl__col_text(sel, 1), "reference") == 0;
    bool same = rc == VL__ROW && strcmp(vl__col_text(sel, 2), sig) == 0;
    vl__reset(sel);
    if (rc != VL__ROW && rc != VL__DONE)
        return vl__db_sqlerr(ctx, db, "reading the areas");
    *fresh = rc == VL__DONE;
    if (rc == VL__ROW && (!ours || same))
        return VL_OK; /* a centre's own row, or already up to date */
    char *key = vl__area_key(a->name, false), *short_key = vl__area_key(a->name, true);
    vl_status st = key && short_key ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl__stmt *w = q[*fresh ? 1 : 2];
    if (st == VL_OK) {
        vl__bind_text(w, 1, a->version, false);
        vl__bind_text(w, 2, a->code, false);
        vl__bind_text(w, 3, a->name, false);
        vl__bind_text(w, 4, key, false);
        vl__bind_text(w, 5, short_key, false);
        if (parent)
            vl__bind_int64(w, 6, parent);
        else
            vl__bind_null(w, 6);
        vl__bind_int(w, 7, a->level);
        bind_num(w, 8, row.has_latlon ? a->lat : (double)NAN);
        bind_num(w, 9, row.has_latlon ? a->lon : (double)NAN);
        vl__bind_text(w, 10, row.has_latlon ? a->centre : NULL, true);
        bind_num(w, 11, a->area_km2);
        vl__bind_date(w, 12, a->valid_from);
        vl__bind_date(w, 13, a->valid_to);
        vl__bind_text(w, 14, sig, false);
        if (!*fresh)
            vl__bind_int64(w, 15, *id);
        int rc2 = vl__step(w);
        if (*fresh && rc2 == VL__ROW) {
            *id = vl__col_int64(w, 0);
            rc2 = vl__step(w);
        }
        if (rc2 != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "loading the bundled areas");
        vl__reset(w);
    }
    vl__free(key);
    vl__free(short_key);
    return st;
}

/* ---- a fresh database: every area in a few multi-row statements -------------------------- */

/* Binds the parameters of one row, starting at parameter `first`. */
typedef void (*row_binder)(void *arg, vl__stmt *s, int first, size_t row);

/*
 * Parameters per multi-row INSERT: under SQLite's 32,766, and under what libpq accepts in one
 * parameter description (it refuses that message above 30,000 bytes: 4 bytes a parameter).
 */
#define BULK_PARAMS 6000

/*
 * INSERT INTO ... VALUES (...), (...), ... for nrows rows of ncols parameters, as many rows a
 * statement as BULK_PARAMS allows: a database server is reached once per statement, not once
 * per row.
 */
static vl_status insert_many(vl_ctx *ctx, vl_db *db, const char *head, int ncols, size_t nrows,
                             row_binder bind, void *arg, const char *what)
{
    vl_status st = VL_OK;
    vl__stmt *s = NULL;
    size_t prepared_for = 0;
    vl_buf sql = {0};
    size_t per = BULK_PARAMS / (size_t)ncols;
    for (size_t at = 0; st == VL_OK && at < nrows; at += per) {
        size_t k = nrows - at < per ? nrows - at : per;
        if (k != prepared_for) {
            vl__finalize(s);
            s = NULL;
            sql.len = 0;
            vl_buf_puts(&sql, head);
            vl_buf_puts(&sql, " VALUES ");
            for (size_t r = 0; r < k; r++) {
                vl_buf_puts(&sql, r ? ", (" : "(");
                for (int c = 0; c < ncols; c++)
                    vl_buf_puts(&sql, c ? ", ?" : "?");
                vl_buf_puts(&sql, ")");
            }
            if (!vl_buf_text(&sql))
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            else
                st = vl__db_prepare(ctx, db, sql.data, &s);
            prepared_for = k;
        }
        for (size_t r = 0; st == VL_OK && r < k; r++)
            bind(arg, s, 1 + (int)r * ncols, at + r);
        if (st == VL_OK && vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, what);
        if (s)
            vl__reset(s);
    }
    vl__finalize(s);
    vl_buf_free(&sql);
    return st;
}

typedef struct bulk {
    const vl__ref_areas *ra;
    int64_t base; /* the first id */
    char **key, **short_key;
    char (*sig)[65];
} bulk;

static void bind_area(void *arg, vl__stmt *s, int p, size_t i)
{
    const bulk *b = arg;
    const vl__ref_area *a = &b->ra->areas[i];
    bool latlon = isfinite(a->lat) && isfinite(a->lon);
    vl__bind_int64(s, p, b->base + (int64_t)i);
    vl__bind_text(s, p + 1, a->version, false);
    vl__bind_text(s, p + 2, a->code, false);
    vl__bind_text(s, p + 3, a->name, false);
    vl__bind_text(s, p + 4, b->key[i], false);
    vl__bind_text(s, p + 5, b->short_key[i], false);
    if (a->parent_ix >= 0)
        vl__bind_int64(s, p + 6, b->base + a->parent_ix);
    else
        vl__bind_null(s, p + 6);
    vl__bind_int(s, p + 7, a->level);
    bind_num(s, p + 8, latlon ? a->lat : (double)NAN);
    bind_num(s, p + 9, latlon ? a->lon : (double)NAN);
    vl__bind_text(s, p + 10, latlon ? a->centre : NULL, true);
    bind_num(s, p + 11, a->area_km2);
    vl__bind_date(s, p + 12, a->valid_from);
    vl__bind_date(s, p + 13, a->valid_to);
    vl__bind_text(s, p + 14, b->sig[i], false);
    vl__bind_text(s, p + 15, "reference", false);
}

static void bind_successor(void *arg, vl__stmt *s, int p, size_t i)
{
    const bulk *b = arg;
    const vl__ref_successor *x = &b->ra->successors[i];
    vl__bind_int64(s, p, b->base + x->old);
    vl__bind_int64(s, p + 1, b->base + x->new_);
    bind_num(s, p + 2, x->km2);
}

/*
 * A database without areas (a new one): ids are given in the bundle's order after the largest
 * id ever used, so parents and successors are linked without reading anything back; the
 * PostgreSQL identity is moved past them.
 */
static vl_status load_areas_fresh(vl_ctx *ctx, vl_db *db, const vl__ref_areas *ra)
{
    bulk b = {ra, 1, NULL, NULL, NULL};
    int64_t top = 0;
    vl_status st = vl__db_scalar(ctx, db, "SELECT COALESCE(MAX(id), 0) FROM areas", &top);
    b.base = top + 1;
    b.key = vl__calloc(ra->n_areas + 1, sizeof *b.key);
    b.short_key = vl__calloc(ra->n_areas + 1, sizeof *b.short_key);
    b.sig = vl__calloc(ra->n_areas + 1, sizeof *b.sig);
    vl__canon canon = {0};
    if (st == VL_OK && (!b.key || !b.short_key || !b.sig))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == VL_OK && i < ra->n_areas; i++) {
        const vl__ref_area *a = &ra->areas[i];
        vl__area_row row = {.code = a->code,
                            .name = a->name,
                            .parent = a->parent,
                            .has_latlon = isfinite(a->lat) && isfinite(a->lon),
                            .has_area = isfinite(a->area_km2),
                            .lat = a->lat,
                            .lon = a->lon,
                            .centre = a->centre,
                            .area_km2 = a->area_km2,
                            .level = a->level,
                            .valid_from = a->valid_from,
                            .valid_to = a->valid_to,
                            .version = a->version};
        b.key[i] = vl__area_key(a->name, false);
        b.short_key[i] = vl__area_key(a->name, true);
        if (!b.key[i] || !b.short_key[i] || !vl__canon_area(&row, &canon))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        else
            vl__canon_sig(&canon, b.sig[i]);
    }
    if (st == VL_OK)
        st = insert_many(ctx, db,
                         "INSERT INTO areas(id, version, code, name, name_key, short_key, parent,"
                         " level, lat, lon, centre, area_km2, valid_from, valid_to, sig, source)",
                         16, ra->n_areas, bind_area, &b, "loading the bundled areas");
    if (st == VL_OK)
        st = insert_many(ctx, db, "INSERT INTO area_successors(old, new, km2)", 3, ra->n_successors,
                         bind_successor, &b, "loading the areas' successors");
    if (st == VL_OK)
        st = vl__db_exec(ctx, db,
                         vl__sql(db, "SELECT 1",
                                 "SELECT setval(pg_get_serial_sequence('areas', 'id'),"
                                 " (SELECT MAX(id) FROM areas))"));
    for (size_t i = 0; b.key && i < ra->n_areas; i++)
        vl__free(b.key[i]);
    for (size_t i = 0; b.short_key && i < ra->n_areas; i++)
        vl__free(b.short_key[i]);
    vl__free(b.key);
    vl__free(b.short_key);
    vl__free(b.sig);
    vl__canon_free(&canon);
    return st;
}

/*
 * The bundled areas (ref/areas.h): a missing row is added; a reference row is brought up to
 * date (its signature, the SHA-256 of the canonical text, tells when); a centre's own row
 * (source 'import') is never touched. Then the successors of every bundled pre-reform area are
 * replaced. The bundle's fingerprint in `meta` says when all this is already done.
 */
static vl_status load_areas(vl_ctx *ctx, vl_db *db)
{
    vl__ref_areas *ra = NULL;
    vl_status st = vl__ref_areas_build(ctx, &ra);
    if (st != VL_OK)
        return st;
    vl__stmt *q[3] = {NULL, NULL, NULL}, *have = NULL, *drop = NULL, *succ = NULL;
    vl__canon canon = {0};
    int64_t *ids = vl__calloc(ra->n_areas + 1, sizeof *ids);
    bool *fresh = vl__calloc(ra->n_areas + 1, sizeof *fresh);
    if (!ids || !fresh) {
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        goto done;
    }
    static const char *const sql[3] = {
        "SELECT id, source, COALESCE(sig, '') FROM areas WHERE version = ?1 AND code = ?2",
        "INSERT INTO areas(version, code, name, name_key, short_key, parent, level, lat, lon,"
        " centre, area_km2, valid_from, valid_to, sig, source)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'reference')"
        " RETURNING id",
        "UPDATE areas SET name = ?3, name_key = ?4, short_key = ?5, parent = ?6, level = ?7,"
        " lat = ?8, lon = ?9, centre = ?10, area_km2 = ?11, valid_from = ?12, valid_to = ?13,"
        " sig = ?14 WHERE id = ?15 AND version = ?1 AND code = ?2"};
    for (int k = 0; k < 3 && st == VL_OK; k++)
        st = vl__db_prepare(ctx, db, sql[k], &q[k]);
    if (st != VL_OK ||
        (st = vl__db_prepare(ctx, db,
                             "SELECT 1 FROM meta WHERE key = 'areas-reference' AND value = ?",
                             &have)) != VL_OK ||
        (st = vl__db_prepare(ctx, db, "DELETE FROM area_successors WHERE old = ?", &drop)) !=
            VL_OK ||
        (st = vl__db_prepare(ctx, db, "INSERT INTO area_successors(old, new, km2) VALUES (?, ?, ?)",
                             &succ)) != VL_OK)
        goto done;
    vl__bind_text(have, 1, ra->fingerprint, false);
    int rc = vl__step(have);
    if (rc == VL__ROW)
        goto done; /* this very bundle is loaded */
    if (rc != VL__DONE) {
        st = vl__db_sqlerr(ctx, db, "reading meta");
        goto done;
    }
    int64_t any = 0;
    if ((st = vl__db_scalar(ctx, db, "SELECT COUNT(*) FROM areas", &any)) != VL_OK)
        goto done;
    if (any == 0) {
        st = load_areas_fresh(ctx, db, ra);
        goto meta;
    }
    /* parents come before their children (by level within each list) */
    for (size_t i = 0; st == VL_OK && i < ra->n_areas; i++) {
        const vl__ref_area *a = &ra->areas[i];
        st = put_area(ctx, db, q, a, a->parent_ix >= 0 ? ids[a->parent_ix] : 0, &canon, &ids[i],
                      &fresh[i]);
    }
    for (size_t i = ra->n_current; st == VL_OK && i < ra->n_areas; i++) {
        if (fresh[i])
            continue;
        vl__bind_int64(drop, 1, ids[i]);
        if (vl__step(drop) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "loading the areas' successors");
        vl__reset(drop);
    }
    for (size_t i = 0; st == VL_OK && i < ra->n_successors; i++) {
        const vl__ref_successor *x = &ra->successors[i];
        vl__bind_int64(succ, 1, ids[x->old]);
        vl__bind_int64(succ, 2, ids[x->new_]);
        bind_num(succ, 3, x->km2);
        if (vl__step(succ) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "loading the areas' successors");
        vl__reset(succ);
    }
meta:
    if (st == VL_OK) {
        vl__stmt *m;
        if ((st = vl__db_prepare(ctx, db,
                                 "INSERT INTO meta(key, value) VALUES ('areas-reference', ?)"
                                 " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                 &m)) == VL_OK) {
            vl__bind_text(m, 1, ra->fingerprint, false);
            if (vl__step(m) != VL__DONE)
                st = vl__db_sqlerr(ctx, db, "writing meta");
            vl__finalize(m);
        }
    }
done:
    for (int k = 0; k < 3; k++)
        vl__finalize(q[k]);
    vl__finalize(have);
    vl__finalize(drop);
    vl__finalize(succ);
    vl__canon_free(&canon);
    vl__free(ids);
    vl__free(fresh);
    vl__ref_areas_free(ra);
    return st;
}

vl_status vl_db_init_reference(vl_ctx *ctx, vl_db *db)
{
    if (!db)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_init_reference: no database");
    vl__diag_clear(ctx);
    vl_status st = vl__db_begin(ctx, db);
    if (st != VL_OK)
        return st;
    if ((st = load_occupations(ctx, db)) == VL_OK && (st = load_industries(ctx, db)) == VL_OK &&
        (st = load_areas(ctx, db)) == VL_OK && (st = vl__db_areas_changed(ctx, db)) == VL_OK)
        st = vl__db_exec(ctx, db,
                         "INSERT INTO meta(key, value) VALUES"
                         " ('reference', 'ISCO-08, VSCO-2020 levels 1-2, VSIC-2018 sections,"
                         " VN-ADMIN-2025 provinces and communes, VN-ADMIN-2008 provinces,"
                         " districts and communes with the crosswalk')"
                         " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (st != VL_OK) {
        vl__db_rollback(db);
        return st;
    }
    return vl__db_commit(ctx, db);
}
