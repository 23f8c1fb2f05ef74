/*
 * reference.c - loads the reference data bundled into the library (ref/ref.h) into a
 * database: occupations (ISCO-08 with its four levels, English and Vietnamese titles; VSCO
 * 2020 levels 1-2 with Vietnamese titles), industries (VSIC 2018 sections) and areas (former Hải
 * Dương province with its district-level units valid until 2025-06-30, and Hải Phòng). Rows already
 * present are left alone, so running it again, or after a centre edited its areas, changes nothing.
 * Areas go through the importer so they get the same checks and canonical form as an imported file.
 */
#include "store/store.h"

#include <string.h>

#include "ref/ref.h"
#include "store/import.h"

static const char *cellof(const vl_ref_table *t, size_t row, long col)
{
    return col >= 0 ? t->cells[row * t->n_columns + (size_t)col] : "";
}

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
        vl__bind_text(s, 2, cellof(isco, i, c_code), false);
        vl__bind_int(s, 3, (int)strlen(cellof(isco, i, c_code)));
        vl__bind_text(s, 4, cellof(isco, i, c_parent), true);
        vl__bind_text(s, 5, cellof(isco, i, c_title), true);
        /* the Vietnamese title of ref.h: VSCO 2020's or vieclam's rendering */
        vl__bind_text(s, 6, vl_occupation_title(cellof(isco, i, c_code), "vi"), true);
        if (strlen(cellof(isco, i, c_code)) != (size_t)(cellof(isco, i, c_level)[0] - '0'))
            st = vl__error(ctx, VL_ERR_INTERNAL, "ISCO-08 code %s has a wrong level",
                           cellof(isco, i, c_code));
        else if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "loading ISCO-08");
        vl__reset(s);
    }
    c_code = vl__ref_column(vsco, "code");
    c_title = vl__ref_column(vsco, "title_vi");
    for (size_t i = 0; st == VL_OK && i < vsco->n_rows; i++) {
        const char *code = cellof(vsco, i, c_code);
        char parent[2] = {code[0], '\0'};
        vl__bind_text(s, 1, "VSCO-2020", false);
        vl__bind_text(s, 2, code, false);
        vl__bind_int(s, 3, (int)strlen(code));
        vl__bind_text(s, 4, strlen(code) > 1 ? parent : NULL, true);
        vl__bind_null(s, 5);
        vl__bind_text(s, 6, cellof(vsco, i, c_title), true);
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
        vl__bind_text(s, 1, cellof(t, i, c_code), false);
        vl__bind_text(s, 2, cellof(t, i, c_vi), true);
        vl__bind_text(s, 3, cellof(t, i, c_en), true);
        if (vl__step(s) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "loading VSIC 2018");
        vl__reset(s);
    }
    vl__finalize(s);
    return st;
}

static vl_status load_areas(vl_ctx *ctx, vl_db *db)
{
    const vl_ref_table *t = vl__ref_table("areas");
    vl_status st = need(ctx, t, "areas");
    if (st != VL_OK)
        return st;
    vl__importer *im = NULL;
    vl__stmt *have = NULL;
    if ((st = vl__importer_new(ctx, db, VL_KIND_AREAS, "reference:areas.csv", NULL, &im)) ==
            VL_OK &&
        (st = vl__importer_header(im, t->columns, t->n_columns)) == VL_OK)
        st = vl__db_prepare(ctx, db, "SELECT 1 FROM areas WHERE code = ?", &have);
    long c_code = vl__ref_column(t, "code");
    for (size_t i = 0; st == VL_OK && i < t->n_rows; i++) {
        vl__bind_text(have, 1, cellof(t, i, c_code), false);
        int rc = vl__step(have);
        vl__reset(have);
        if (rc == VL__ROW)
            continue; /* already there (maybe edited by the centre): leave it */
        size_t problems = 0;
        st =
            vl__importer_row(im, &t->cells[i * t->n_columns], t->n_columns, i + 2, NULL, &problems);
        if (st == VL_OK && problems)
            st = vl__error(ctx, VL_ERR_INTERNAL, "bundled areas row %zu is invalid: %s", i + 2,
                           vl__importer_reason(im));
    }
    vl__finalize(have);
    vl__importer_free(im);
    vl__db_exec(NULL, db,
                vl__sql(db, "DROP TABLE IF EXISTS temp.vl_seen", "DROP TABLE IF EXISTS vl_seen"));
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
                         " VN-ADMIN-2008 Hai Duong districts, VN-ADMIN-2025')"
                         " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (st != VL_OK) {
        vl__db_rollback(db);
        return st;
    }
    return vl__db_commit(ctx, db);
}
