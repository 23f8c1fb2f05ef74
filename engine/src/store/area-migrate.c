/*
 * area-migrate.c - `vieclam areas migrate`: moves the current records on abolished areas to the
 * areas that succeed them (vieclam/areas.h), all or nothing.
 *
 * Current records are the ones `check` reports: every employer, the vacancies open on the date,
 * the active seekers. Closed vacancies and inactive seekers keep the area they were registered
 * in: that is their history (a history derived from the records reads each code at its own
 * date). An area is abolished on the date when its valid_to is before it. Its successors
 * decide (store/areas.c): a pre-reform province goes to the current province, a district or
 * commune with one successor to it; a divided one stays, listed for staff, unless the caller
 * takes the successor nearest to the old centre. A moved record's signature is cleared: its
 * canonical text changed, and the next import of its row rewrites it and counts it updated.
 */
#include "store/areas.h"

#include <stdlib.h>
#include <string.h>

/* One abolished area met in the records: its info and successors, and where records go. */
typedef struct gone_area {
    int64_t id;
    vl_area_list *from;       /* one item: the abolished area */
    vl_area_list *successors; /* with shares */
    long to;                  /* index into successors, -1 = left for staff */
} gone_area;

struct vl_areas_migration {
    vl_arena *arena; /* table names and ids of the cases */
    vl_area_case *cases;
    size_t n, cap, moved;
    gone_area *areas;
    size_t n_areas, cap_areas;
};

size_t vl_areas_migration_count(const vl_areas_migration *m)
{
    return m ? m->n : 0;
}

const vl_area_case *vl_areas_migration_at(const vl_areas_migration *m, size_t i)
{
    return m && i < m->n ? &m->cases[i] : NULL;
}

size_t vl_areas_migration_moved(const vl_areas_migration *m)
{
    return m ? m->moved : 0;
}

size_t vl_areas_migration_left(const vl_areas_migration *m)
{
    return m ? m->n - m->moved : 0;
}

void vl_areas_migration_destroy(vl_areas_migration *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_areas; i++) {
        vl_area_list_destroy(m->areas[i].from);
        vl_area_list_destroy(m->areas[i].successors);
    }
    vl__free(m->areas);
    vl__free(m->cases);
    vl_arena_destroy(m->arena);
    vl__free(m);
}

/* The gone_area of area id (read and decided the first time it is met); NULL on failure. */
static gone_area *area_of(vl_ctx *ctx, vl_db *db, vl_areas_migration *m, vl__stmt *get, int64_t id,
                          vl_legacy_areas legacy, const char *date, vl_status *st)
{
    for (size_t i = 0; i < m->n_areas; i++)
        if (m->areas[i].id == id)
            return &m->areas[i];
    if (m->n_areas == m->cap_areas) {
        size_t cap = m->cap_areas ? 2 * m->cap_areas : 16;
        gone_area *t = vl__realloc(m->areas, cap * sizeof *t);
        if (!t) {
            *st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            return NULL;
        }
        m->areas = t;
        m->cap_areas = cap;
    }
    gone_area *g = &m->areas[m->n_areas];
    memset(g, 0, sizeof *g);
    g->id = id;
    g->to = -1;
    g->from = vl__area_list_new();
    g->successors = vl__area_list_new();
    if (!g->from || !g->successors) {
        vl_area_list_destroy(g->from);
        vl_area_list_destroy(g->successors);
        *st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        return NULL;
    }
    m->n_areas++;
    vl__bind_text(get, 1, date, false);
    vl__bind_int64(get, 2, id);
    int rc = vl__step(get);
    if (rc == VL__ROW) {
        vl__area_item it;
        vl__area_from_row(get, &it);
        if (!vl__area_list_add(g->from, &it))
            *st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    } else {
        *st = rc == VL__DONE
                  ? vl__error(ctx, VL_ERR_INTERNAL, "area row %lld vanished", (long long)id)
                  : vl__db_sqlerr(ctx, db, "reading an area");
    }
    vl__reset(get);
    if (*st != VL_OK)
        return NULL;
    const vl_area_info *from = vl_area_list_at(g->from, 0);
    if ((*st = vl__area_successors_of(ctx, db, id, from->level, date, g->successors)) != VL_OK)
        return NULL;
    size_t n = vl_area_list_count(g->successors);
    if (n == 1)
        g->to = 0;
    else if (n > 1 && legacy == VL_LEGACY_NEAREST)
        g->to = vl__area_nearest(from, g->successors);
    return g;
}

static bool add_case(vl_areas_migration *m, const char *table, const char *id, const gone_area *g)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        vl_area_case *t = vl__realloc(m->cases, cap * sizeof *t);
        if (!t)
            return false;
        m->cases = t;
        m->cap = cap;
    }
    const char *tid = vl_arena_strdup(m->arena, id);
    if (!tid)
        return false;
    m->cases[m->n++] = (vl_area_case){
        table, tid, vl_area_list_at(g->from, 0),
        g->to >= 0 ? vl_area_list_at(g->successors, (size_t)g->to) : NULL, g->successors};
    m->moved += g->to >= 0;
    return true;
}

/* The current records on areas no longer valid on ?1, by table and id. */
static const char *const current_sql =
    "SELECT 'employers', e.id, a.id FROM employers e JOIN areas a ON a.id = e.area_id"
    " WHERE a.valid_to IS NOT NULL AND a.valid_to < ?1"
    " UNION ALL SELECT 'vacancies', v.id, a.id FROM vacancies v JOIN areas a ON a.id = v.area_id"
    " WHERE (v.closes IS NULL OR v.closes >= ?1) AND a.valid_to IS NOT NULL AND a.valid_to < ?1"
    " UNION ALL SELECT 'seekers', s.id, a.id FROM seekers s JOIN areas a ON a.id = s.area_id"
    " WHERE s.status = 'active' AND a.valid_to IS NOT NULL AND a.valid_to < ?1"
    " ORDER BY 1, 2";

vl_status vl_db_areas_migrate(vl_ctx *ctx, vl_db *db, const vl_areas_migrate_options *opt,
                              vl_areas_migration **out)
{
    *out = NULL;
    vl_areas_migrate_options o = {0};
    if (opt)
        o = *opt;
    if (!db)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_areas_migrate: no database");
    if (o.legacy == VL_LEGACY_KEEP)
        return vl__error(ctx, VL_ERR_ARG, "areas migrate moves records: 'keep' is not a choice");
    vl_areas_migration *m = vl__calloc(1, sizeof *m);
    if (!m || !(m->arena = vl_arena_create())) {
        vl__free(m);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    char date[11];
    vl__area_date_text(o.as_of, date);
    vl__stmt *sel = NULL, *get = NULL, *upd[3] = {NULL, NULL, NULL};
    static const char *const tables[3] = {"employers", "vacancies", "seekers"};
    /* PostgreSQL: a new area may move the row to another province partition (its lists
     * follow by ON UPDATE CASCADE) */
    const char *const update_sql[3] = {
        "UPDATE employers SET area_id = ?1, sig = NULL WHERE id = ?2",
        vl__sql(db, "UPDATE vacancies SET area_id = ?1, sig = NULL WHERE id = ?2",
                "UPDATE vacancies SET province = vl_area_province(CAST(?1 AS BIGINT)),"
                " area_id = ?1, sig = NULL WHERE id = ?2"),
        vl__sql(db, "UPDATE seekers SET area_id = ?1, sig = NULL WHERE id = ?2",
                "UPDATE seekers SET province = vl_area_province(CAST(?1 AS BIGINT)),"
                " area_id = ?1, sig = NULL WHERE id = ?2")};
    vl_status st = vl__db_begin(ctx, db);
    if (st != VL_OK) {
        vl_areas_migration_destroy(m);
        return st;
    }
    char get_sql[2048];
    snprintf(get_sql, sizeof get_sql, "%s WHERE a.id = ?2", vl__area_select);
    if ((st = vl__db_prepare(ctx, db, current_sql, &sel)) == VL_OK &&
        (st = vl__db_prepare(ctx, db, get_sql, &get)) == VL_OK)
        for (int k = 0; k < 3 && st == VL_OK; k++)
            st = vl__db_prepare(ctx, db, update_sql[k], &upd[k]);
    /* first collect (the updates would move rows under the running SELECT), then write */
    if (st == VL_OK) {
        vl__bind_text(sel, 1, date, false);
        int rc;
        while (st == VL_OK && (rc = vl__step(sel)) == VL__ROW) {
            const char *table = vl__col_text(sel, 0);
            int k = strcmp(table, "employers") == 0 ? 0 : strcmp(table, "vacancies") == 0 ? 1 : 2;
            gone_area *g = area_of(ctx, db, m, get, vl__col_int64(sel, 2), o.legacy, date, &st);
            if (g && !add_case(m, tables[k], vl__col_text(sel, 1), g))
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
        if (st == VL_OK && rc != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "reading the records on abolished areas");
    }
    /* area_of may have grown m->areas: the cases point into the lists, which do not move */
    for (size_t i = 0; st == VL_OK && !o.dry_run && i < m->n; i++) {
        const vl_area_case *c = &m->cases[i];
        if (!c->to)
            continue;
        int k = strcmp(c->table, "employers") == 0 ? 0 : strcmp(c->table, "vacancies") == 0 ? 1 : 2;
        vl__bind_int64(upd[k], 1, vl__area_item_id(c->to));
        vl__bind_text(upd[k], 2, c->id, false);
        if (vl__step(upd[k]) != VL__DONE)
            st = vl__db_sqlerr(ctx, db, "moving a record to its new area");
        vl__reset(upd[k]);
    }
    vl__finalize(sel);
    vl__finalize(get);
    for (int k = 0; k < 3; k++)
        vl__finalize(upd[k]);
    if (st != VL_OK || o.dry_run) {
        vl__db_rollback(db);
        if (st != VL_OK) {
            vl_areas_migration_destroy(m);
            return st;
        }
    } else if ((st = vl__db_commit(ctx, db)) != VL_OK) {
        vl_areas_migration_destroy(m);
        return st;
    }
    *out = m;
    return VL_OK;
}
