/*
 * area-history.c - history across the 2025 reform (vl_db_history_map_areas): a history keyed by
 * pre-reform districts or communes (or current ones) re-keyed to the level a planner asks for,
 * the current provinces or the current communes, optionally gathered into groups of communes
 * (planning zones). The forecasting room then sees an ordinary history.
 *
 * Each row's area code is read at its period's last day (a reused code names the old area
 * before the reform and the new one after). A current area maps to itself (a commune to its
 * province when provinces are asked for); a pre-reform area's value is shared among its
 * successors by estimated area (store/areas.c), the only share the data supports. Values of
 * rows that land on the same series, keys and period are summed. The original code stays in a
 * new key column "KEY_source", so rows of different origins stay apart and the mapping can be
 * traced back.
 */
#include "store/areas.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "io/history.h"

/* ---- the report ------------------------------------------------------------------------------ */

struct vl_history_areas {
    vl_arena *arena;
    vl_history_area_map *maps;
    vl_area_list **lists; /* from and to, owned */
    size_t n, cap, n_lists, cap_lists;
};

size_t vl_history_areas_count(const vl_history_areas *r)
{
    return r ? r->n : 0;
}

const vl_history_area_map *vl_history_areas_at(const vl_history_areas *r, size_t i)
{
    return r && i < r->n ? &r->maps[i] : NULL;
}

void vl_history_areas_destroy(vl_history_areas *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_lists; i++)
        vl_area_list_destroy(r->lists[i]);
    vl__free(r->lists);
    vl__free(r->maps);
    vl_arena_destroy(r->arena);
    vl__free(r);
}

/* Keeps a list owned by the report; NULL when out of memory (the list is then destroyed). */
static vl_area_list *own(vl_history_areas *r, vl_area_list *l)
{
    if (!l)
        return NULL;
    if (r->n_lists == r->cap_lists) {
        size_t cap = r->cap_lists ? 2 * r->cap_lists : 32;
        vl_area_list **t = vl__realloc(r->lists, cap * sizeof *t);
        if (!t) {
            vl_area_list_destroy(l);
            return NULL;
        }
        r->lists = t;
        r->cap_lists = cap;
    }
    r->lists[r->n_lists++] = l;
    return l;
}

/* ---- the groups file ------------------------------------------------------------------------- */

typedef struct group_of {
    int64_t area; /* areas.id */
    const char *group;
} group_of;

static int cmp_group(const void *a, const void *b)
{
    int64_t x = ((const group_of *)a)->area, y = ((const group_of *)b)->area;
    return x < y ? -1 : x > y;
}

/* Reads `area,group` (area: any area cell, read as of today). Problems are diagnostics
 * "FILE:LINE: column NAME: reason"; VL_ERR_INVALID when there are any. */
static vl_status read_groups(vl_ctx *ctx, vl_db *db, const char *path, vl_arena *a, group_of **out,
                             size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    vl_csv_reader *csv = NULL;
    vl_area_resolver *res = NULL;
    vl_status st = vl_csv_open(ctx, path, &csv);
    if (st != VL_OK)
        return st;
    long c_area = vl_csv_find(csv, "area"), c_group = vl_csv_find(csv, "group");
    size_t problems = 0, n = 0, cap = 0;
    group_of *g = NULL;
    if (c_area < 0 || c_group < 0) {
        vl__diag(ctx, "%s:1: header: the groups file needs the columns area and group", path);
        problems++;
    } else {
        st = vl_area_resolver_create(ctx, db, VL_LEGACY_MAP, &res);
    }
    const vl_csv_record *rec;
    while (st == VL_OK && !problems && (st = vl_csv_next(csv, &rec)) == VL_OK && rec) {
        if (rec->problem || rec->n <= (size_t)c_area || rec->n <= (size_t)c_group) {
            vl__diag(ctx, "%s:%zu: %s", path, rec->line,
                     rec->problem ? rec->problem : vl__tr(ctx, "the row has too few fields"));
            problems++;
            continue;
        }
        const char *group = rec->fields[c_group];
        if (!*group) {
            vl__diag(ctx, "%s:%zu: column group: empty; a value is required", path, rec->line);
            problems++;
            continue;
        }
        vl_area_resolution r;
        if ((st = vl_area_resolve(res, rec->fields[c_area], &r)) != VL_OK)
            break;
        if (r.outcome != VL_AREA_FOUND) {
            vl__diag(ctx, "%s:%zu: column area: %s", path, rec->line,
                     r.outcome == VL_AREA_MAPPED || r.outcome == VL_AREA_NEAREST
                         ? vl__tr(ctx, "a group is made of current areas; this is a pre-reform one")
                         : r.message);
            problems++;
            continue;
        }
        int64_t id = vl__area_resolution_id(&r);
        bool twice = false;
        for (size_t i = 0; i < n && !twice; i++)
            twice = g[i].area == id;
        if (twice) {
            vl__diag(ctx, "%s:%zu: column area: %s %s is in a group already", path, rec->line,
                     r.area->code, r.area->name);
            problems++;
            continue;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            group_of *t = vl__realloc(g, cap * sizeof *t);
            if (!t) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            g = t;
        }
        g[n].area = id;
        if (!(g[n].group = vl_arena_strdup(a, group)))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        n++;
    }
    vl_area_resolver_destroy(res);
    vl_csv_close(csv);
    if (st == VL_OK && problems)
        st = vl__error(ctx, VL_ERR_INVALID, "%s: %zu problem%s in the groups file", path, problems,
                       problems == 1 ? "" : "s");
    if (st != VL_OK) {
        vl__free(g);
        return st;
    }
    if (n)
        qsort(g, n, sizeof *g, cmp_group);
    *out = g;
    *n_out = n;
    return VL_OK;
}

static const char *group_find(const group_of *g, size_t n, int64_t area)
{
    group_of key = {area, NULL};
    const group_of *hit = n ? bsearch(&key, g, n, sizeof *g, cmp_group) : NULL;
    return hit ? hit->group : NULL;
}

/* ---- one area value at one date ------------------------------------------------------------ */

/* The last day of a period, yyyymmdd. */
static int32_t period_end(vl_period p)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int m = p.freq == 4 ? p.sub * 3 : p.freq == 12 ? p.sub : 12;
    bool leap = (p.year % 4 == 0 && p.year % 100 != 0) || p.year % 400 == 0;
    return p.year * 10000 + m * 100 + days[m - 1] + (m == 2 && leap);
}

/* What one (code, area read at a date) maps to: the targets and their shares. */
typedef struct target_set {
    char *value;      /* the code as in the history */
    int64_t from;     /* areas.id read, 0 = unknown */
    vl_area_list *to; /* codes (or groups) with shares */
    size_t rows;
    size_t map;         /* index of its report entry */
    double scope_share; /* vl__area_scope_share's, < 0 until asked */
} target_set;

typedef struct mapper {
    vl_ctx *ctx;
    vl_db *db;
    vl_history_areas_options o;
    const group_of *groups;
    size_t n_groups;
    vl_history_areas *rep;
    target_set *sets;
    size_t n_sets, cap_sets;
    vl__stmt *by_code; /* every area with a code */
    char today[11];
} mapper;

/* Appends to `to` the target of current area `a` (with share w), merging equal codes. */
static bool add_target(mapper *mp, vl_area_list *to, const vl__area_item *a, double w,
                       vl_status *st)
{
    vl__area_item it = *a;
    if (mp->o.level == 1 && a->info.level > 1) {
        /* a commune's province: read it as an area of its own (its code is the province's) */
        vl_area_list *p = NULL;
        *st = vl_area_get(mp->ctx, mp->db, a->info.province_code, 0, &p);
        if (*st != VL_OK)
            return false;
        it = *vl__area_list_item(p, 0);
        it.share = w;
        bool ok = true;
        size_t n = vl_area_list_count(to);
        for (size_t i = 0; i < n && ok; i++)
            if (strcmp(vl_area_list_at(to, i)->code, it.info.code) == 0) {
                vl__area_list_items(to)[i].share += w;
                vl_area_list_destroy(p);
                return true;
            }
        ok = vl__area_list_add(to, &it) != NULL;
        vl_area_list_destroy(p);
        if (!ok)
            *st = vl__error(mp->ctx, VL_ERR_NOMEM, "out of memory");
        return ok;
    }
    if (mp->groups || mp->o.groups) {
        const char *g = group_find(mp->groups, mp->n_groups, a->id);
        if (!g) {
            vl__diag(mp->ctx, "%s: %s %s (%s) is in no group: add it to the groups file",
                     mp->o.groups, a->info.code, a->info.name, a->info.province_name);
            *st = VL_ERR_INVALID;
            return false;
        }
        it.info.code = it.info.name = g;
        it.info.level = 0;
    }
    it.share = w;
    size_t n = vl_area_list_count(to);
    for (size_t i = 0; i < n; i++)
        if (strcmp(vl_area_list_at(to, i)->code, it.info.code) == 0) {
            vl__area_list_items(to)[i].share += w;
            return true;
        }
    if (!vl__area_list_add(to, &it)) {
        *st = vl__error(mp->ctx, VL_ERR_NOMEM, "out of memory");
        return false;
    }
    return true;
}

/* Prepares mp->by_code: every area with a code (?2), the one valid on ?1 first. */
static vl_status prepare_by_code(mapper *mp)
{
    char sql[2048];
    snprintf(sql, sizeof sql,
             "%s WHERE a.code = ?2 ORDER BY 15 DESC, COALESCE(a.valid_to, '9999-12-31') DESC,"
             " a.id DESC",
             vl__area_select);
    return vl__db_prepare(mp->ctx, mp->db, sql, &mp->by_code);
}

/*
 * The targets of `value` read at `date`: a set shared by every row of that value and era.
 * NULL when the value cannot be mapped (a diagnostic says why, *st VL_ERR_INVALID) or on failure.
 */
static target_set *targets_of(mapper *mp, const char *value, int32_t date, vl_status *st)
{
    /* the area the code names on the date */
    vl_area_list *all = vl__area_list_new();
    if (!all) {
        *st = vl__error(mp->ctx, VL_ERR_NOMEM, "out of memory");
        return NULL;
    }
    vl__bind_text(mp->by_code, 1, mp->today, false);
    vl__bind_text(mp->by_code, 2, value, false);
    int rc;
    while ((rc = vl__step(mp->by_code)) == VL__ROW) {
        vl__area_item it;
        vl__area_from_row(mp->by_code, &it);
        if (!vl__area_list_add(all, &it)) {
            *st = vl__error(mp->ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (*st == VL_OK && rc != VL__DONE)
        *st = vl__db_sqlerr(mp->ctx, mp->db, "reading an area");
    vl__reset(mp->by_code);
    /* rows come valid-today first, then by end date, newest first: the one valid on the date,
     * else the first (the one that ended last) */
    const vl__area_item *a = NULL;
    for (size_t i = 0; *st == VL_OK && i < vl_area_list_count(all) && !a; i++)
        if (vl__area_valid_on(&vl__area_list_item(all, i)->info, date))
            a = vl__area_list_item(all, i);
    if (!a && vl_area_list_count(all))
        a = vl__area_list_item(all, 0);
    int64_t from = a ? a->id : 0;
    for (size_t i = 0; i < mp->n_sets; i++)
        if (mp->sets[i].from == from && strcmp(mp->sets[i].value, value) == 0) {
            vl_area_list_destroy(all);
            return *st == VL_OK ? &mp->sets[i] : NULL;
        }
    if (*st != VL_OK) {
        vl_area_list_destroy(all);
        return NULL;
    }
    if (!a) {
        vl__diag(mp->ctx, "history: area '%s': no area has this code", value);
        vl_area_list_destroy(all);
        *st = VL_ERR_INVALID;
        return NULL;
    }
    /* its targets */
    vl_area_list *to = vl__area_list_new(), *succ = vl__area_list_new();
    if (!to || !succ)
        *st = vl__error(mp->ctx, VL_ERR_NOMEM, "out of memory");
    bool current = *st == VL_OK && vl__area_valid_on(&a->info, vl__today());
    if (*st == VL_OK && current) {
        if (a->info.level == 1 && mp->o.level != 1 &&
            !group_find(mp->groups, mp->n_groups, a->id)) {
            vl__diag(mp->ctx,
                     "history: area '%s' is the province %s: its values cannot be shared among "
                     "communes (ask for provinces)",
                     value, a->info.name);
            *st = VL_ERR_INVALID;
        } else {
            add_target(mp, to, a, 1.0, st);
        }
    } else if (*st == VL_OK) {
        if (a->info.level == 1 && mp->o.level != 1) {
            vl__diag(mp->ctx,
                     "history: area '%s' is the pre-reform province %s: its values cannot be "
                     "shared among communes (ask for provinces)",
                     value, a->info.name);
            *st = VL_ERR_INVALID;
        } else {
            *st = vl__area_successors_of(mp->ctx, mp->db, a->id, a->info.level, mp->today, succ);
            if (*st == VL_OK && vl_area_list_count(succ) == 0) {
                vl__diag(mp->ctx,
                         "history: area '%s' (%s, until %d) has no successor among the current "
                         "areas",
                         value, a->info.name, (int)a->info.valid_to);
                *st = VL_ERR_INVALID;
            }
            for (size_t i = 0; *st == VL_OK && i < vl_area_list_count(succ); i++)
                add_target(mp, to, vl__area_list_item(succ, i), vl_area_list_share(succ, i), st);
        }
    }
    vl_area_list_destroy(succ);
    /* the report entry: one per value and area read */
    vl_history_areas *r = mp->rep;
    if (*st == VL_OK && r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 32;
        vl_history_area_map *t = vl__realloc(r->maps, cap * sizeof *t);
        if (!t)
            *st = vl__error(mp->ctx, VL_ERR_NOMEM, "out of memory");
        else {
            r->maps = t;
            r->cap = cap;
        }
    }
    if (*st == VL_OK && mp->n_sets == mp->cap_sets) {
        size_t cap = mp->cap_sets ? 2 * mp->cap_sets : 32;
        target_set *t = vl__realloc(mp->sets, cap * sizeof *t);
        if (!t)
            *st = vl__error(mp->ctx, VL_ERR_NOMEM, "out of memory");
        else {
            mp->sets = t;
            mp->cap_sets = cap;
        }
    }
    vl_area_list *from_list = *st == VL_OK ? vl__area_list_new() : NULL;
    if (*st == VL_OK && (!from_list || !vl__area_list_add(from_list, a)))
        *st = vl__error(mp->ctx, VL_ERR_NOMEM, "out of memory");
    vl_area_list_destroy(all);
    if (*st != VL_OK) {
        vl_area_list_destroy(to);
        vl_area_list_destroy(from_list);
        return NULL;
    }
    if (!own(r, from_list) || !own(r, to)) {
        *st = vl__error(mp->ctx, VL_ERR_NOMEM, "out of memory");
        return NULL;
    }
    char *v = vl_arena_strdup(r->arena, value);
    if (!v) {
        *st = vl__error(mp->ctx, VL_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->maps[r->n] = (vl_history_area_map){v, vl_area_list_at(from_list, 0), 0, to};
    target_set *ts = &mp->sets[mp->n_sets++];
    *ts = (target_set){v, from, to, 0, r->n++, -1};
    return ts;
}

/* ---- re-keying ------------------------------------------------------------------------------- */

/* A row of the mapped history before equal rows are summed. */
typedef struct out_row {
    const vl_history_row *src;
    const char *area, *source; /* the new key value and the original */
    double value;
} out_row;

typedef struct sort_ctx {
    size_t key, n_keys;
} sort_ctx;

/* By series, the other keys, the new area, the source, the period. */
static int cmp_out(const void *pa, const void *pb, void *arg)
{
    const out_row *a = pa, *b = pb;
    const sort_ctx *c = arg;
    int d = strcmp(a->src->series, b->src->series);
    for (size_t k = 0; !d && k < c->n_keys; k++)
        if (k != c->key)
            d = strcmp(a->src->keys[k], b->src->keys[k]);
    if (!d)
        d = strcmp(a->area, b->area);
    if (!d)
        d = strcmp(a->source, b->source);
    if (!d) {
        long x = vl_period_index(a->src->period), y = vl_period_index(b->src->period);
        d = a->src->period.freq != b->src->period.freq ? a->src->period.freq - b->src->period.freq
            : x < y                                    ? -1
                                                       : x > y;
    }
    return d;
}

vl_status vl_db_history_map_areas(vl_ctx *ctx, vl_db *db, const vl_history *in,
                                  const vl_history_areas_options *opt, vl_history **out,
                                  vl_history_areas **report)
{
    *out = NULL;
    if (report)
        *report = NULL;
    if (!db || !in || !opt)
        return vl__error(ctx, VL_ERR_ARG, "vl_db_history_map_areas: missing argument");
    mapper mp = {.ctx = ctx, .db = db, .o = *opt};
    if (!mp.o.key)
        mp.o.key = "area";
    if (mp.o.groups)
        mp.o.level = 3;
    if (mp.o.level != 1 && mp.o.level != 3)
        return vl__error(ctx, VL_ERR_ARG, "areas are mapped to provinces (1) or communes (3)");
    size_t key = 0;
    while (key < in->n_keys && strcmp(in->key_names[key], mp.o.key) != 0)
        key++;
    if (key == in->n_keys)
        return vl__error(ctx, VL_ERR_INVALID, "the history has no key column '%s'", mp.o.key);
    char source_name[96];
    snprintf(source_name, sizeof source_name, "%s_source", mp.o.key);
    for (size_t k = 0; k < in->n_keys; k++)
        if (strcmp(in->key_names[k], source_name) == 0)
            return vl__error(ctx, VL_ERR_INVALID,
                             "the history has a key column '%s' already (mapped twice?)",
                             source_name);
    vl__diag_clear(ctx);
    vl__area_date_text(0, mp.today);
    mp.rep = vl__calloc(1, sizeof *mp.rep);
    group_of *groups = NULL;
    out_row *rows = NULL;
    vl_history_builder *b = NULL;
    const char **names = NULL, **keys = NULL;
    vl_status st = mp.rep && (mp.rep->arena = vl_arena_create())
                       ? VL_OK
                       : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK && mp.o.groups)
        st = read_groups(ctx, db, mp.o.groups, mp.rep->arena, &groups, &mp.n_groups);
    mp.groups = groups;
    if (st == VL_OK)
        st = prepare_by_code(&mp);
    /* every row: its targets (looked up once per value and area read), then one row each */
    size_t n_out = 0, cap_out = in->n_rows + 16;
    if (st == VL_OK && !(rows = vl__malloc(cap_out * sizeof *rows)))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    size_t bad = 0;
    for (size_t i = 0; st == VL_OK && i < in->n_rows; i++) {
        const vl_history_row *row = &in->rows[i];
        const char *value = row->keys[key];
        if (!*value) { /* no area: kept as it is */
            rows[n_out++] = (out_row){row, "", "", row->value};
            continue;
        }
        vl_status one = VL_OK;
        target_set *ts = targets_of(&mp, value, period_end(row->period), &one);
        if (!ts) {
            if (one == VL_ERR_INVALID) {
                bad++;
                continue;
            }
            st = one;
            break;
        }
        ts->rows++;
        size_t k = vl_area_list_count(ts->to);
        if (n_out + k > cap_out) {
            cap_out = 2 * cap_out + k;
            out_row *t = vl__realloc(rows, cap_out * sizeof *rows);
            if (!t) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            rows = t;
        }
        for (size_t j = 0; j < k; j++)
            rows[n_out++] = (out_row){row, vl_area_list_at(ts->to, j)->code, value,
                                      row->value * vl_area_list_share(ts->to, j)};
    }
    if (st == VL_OK && bad)
        st = vl__error(ctx, VL_ERR_INVALID, "%zu history rows name areas that cannot be mapped",
                       bad);
    for (size_t i = 0; st == VL_OK && i < mp.n_sets; i++)
        mp.rep->maps[mp.sets[i].map].rows = mp.sets[i].rows;
    /* sum the rows that landed together, then build the history */
    sort_ctx sc = {key, in->n_keys};
    if (st == VL_OK && n_out > 1)
        qsort_r(rows, n_out, sizeof *rows, cmp_out, &sc);
    names = vl__calloc(in->n_keys + 2, sizeof *names);
    keys = vl__calloc(in->n_keys + 2, sizeof *keys);
    if (st == VL_OK && (!names || !keys))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if (st == VL_OK) {
        for (size_t k = 0; k < in->n_keys; k++)
            names[k] = in->key_names[k];
        names[in->n_keys] = source_name;
        if (!(b = vl__hb_create(names, in->n_keys + 1)))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; st == VL_OK && i < n_out;) {
        size_t j = i;
        double v = 0;
        for (; j < n_out && cmp_out(&rows[i], &rows[j], &sc) == 0; j++)
            v += rows[j].value;
        for (size_t k = 0; k < in->n_keys; k++)
            keys[k] = k == key ? rows[i].area : rows[i].src->keys[k];
        keys[in->n_keys] = rows[i].source;
        if (!vl__hb_add(b, rows[i].src->series, rows[i].src->period, v, keys, rows[i].src->line))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        i = j;
    }
    if (st == VL_OK && vl__hb_check(ctx, b, NULL) != 0)
        st = vl__error(ctx, VL_ERR_INVALID, "the mapped history is inconsistent (see above)");
    if (st == VL_OK) {
        *out = vl__hb_finish(b);
        b = NULL;
        if (!*out)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl__hb_destroy(b);
    vl__finalize(mp.by_code);
    vl__free(rows);
    vl__free(names);
    vl__free(keys);
    vl__free(groups);
    vl__free(mp.sets);
    if (st != VL_OK || !report) {
        vl_history_areas_destroy(mp.rep);
        if (st != VL_OK) {
            vl_history_destroy(*out);
            *out = NULL;
        }
    } else {
        *report = mp.rep;
    }
    return st;
}

/* ---- a province's rows ----------------------------------------------------------------------- */

/* Whether code is one of db's scope's provinces. */
static bool in_scope(const vl_db *db, const char *code)
{
    size_t at = 0;
    char c[24];
    while (vl__scope_next(db, &at, c, sizeof c))
        if (strcmp(c, code) == 0)
            return true;
    return false;
}

struct vl__area_scope {
    mapper mp;
};

vl__area_scope *vl__area_scope_new(vl_ctx *ctx, vl_db *db, vl_status *st)
{
    vl__area_scope *sc = vl__calloc(1, sizeof *sc);
    if (!sc || !(sc->mp.rep = vl__calloc(1, sizeof *sc->mp.rep)) ||
        !(sc->mp.rep->arena = vl_arena_create())) {
        vl__area_scope_free(sc);
        *st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        return NULL;
    }
    sc->mp.ctx = ctx;
    sc->mp.db = db;
    sc->mp.o.key = "area";
    sc->mp.o.level = 1;
    vl__area_date_text(0, sc->mp.today);
    if ((*st = prepare_by_code(&sc->mp)) != VL_OK) {
        vl__area_scope_free(sc);
        return NULL;
    }
    return sc;
}

vl_status vl__area_scope_share(vl__area_scope *sc, const char *code, vl_period period,
                               double *share)
{
    *share = 0;
    vl_status st = VL_OK;
    target_set *ts = targets_of(&sc->mp, code, period_end(period), &st);
    if (!ts)
        return st;
    /* a pre-reform area divided among provinces shares its value as vl_db_history_map_areas
     * does; once per code and area read, not per row */
    if (ts->scope_share < 0) {
        ts->scope_share = 0;
        for (size_t j = 0; j < vl_area_list_count(ts->to); j++)
            if (in_scope(sc->mp.db, vl_area_list_at(ts->to, j)->code))
                ts->scope_share += vl_area_list_share(ts->to, j);
    }
    *share = ts->scope_share;
    return VL_OK;
}

void vl__area_scope_free(vl__area_scope *sc)
{
    if (!sc)
        return;
    vl__finalize(sc->mp.by_code);
    vl__free(sc->mp.sets);
    vl_history_areas_destroy(sc->mp.rep);
    vl__free(sc);
}

/* vl__history_scope (areas.h) */
vl_status vl__history_scope(vl_ctx *ctx, vl_db *db, const vl_history *in, vl_history **out)
{
    *out = NULL;
    size_t key = 0;
    while (key < in->n_keys && strcmp(in->key_names[key], "area") != 0)
        key++;
    vl__diag_clear(ctx);
    vl_history_builder *b = vl__hb_create(in->key_names, in->n_keys);
    vl_status st = b ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl__area_scope *sc = st == VL_OK && key < in->n_keys ? vl__area_scope_new(ctx, db, &st) : NULL;
    /* no area key: nothing of it is a province's; a row without an area is no province's */
    size_t bad = 0;
    for (size_t i = 0; st == VL_OK && sc && i < in->n_rows; i++) {
        const vl_history_row *row = &in->rows[i];
        if (!*row->keys[key])
            continue;
        double share;
        vl_status one = vl__area_scope_share(sc, row->keys[key], row->period, &share);
        if (one != VL_OK) {
            if (one != VL_ERR_INVALID)
                st = one;
            bad++;
            continue;
        }
        if (share > 0 &&
            !vl__hb_add(b, row->series, row->period, row->value * share, row->keys, row->line))
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    if (st == VL_OK && bad)
        st = vl__error(ctx, VL_ERR_INVALID,
                       "%zu history rows name areas that lie in no current province", bad);
    if (st == VL_OK && vl__hb_check(ctx, b, NULL) != 0)
        st = vl__error(ctx, VL_ERR_INVALID, "the province's history is inconsistent");
    if (st == VL_OK) {
        *out = vl__hb_finish(b);
        b = NULL;
        if (!*out)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl__hb_destroy(b);
    vl__area_scope_free(sc);
    return st;
}
