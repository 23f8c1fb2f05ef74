/*
 * write.c - vl_gen_write_csv: the generated records as CSV files in the import contract
 * (docs/data-formats.md; the column lists below are the contract's, in its order), written with
 * the io room's CSV writer. Vacancies and seekers are made and written one at a time with a
 * scratch arena renewed every few thousand records, so memory does not grow with the sizes -
 * except referrals, which pair vacancies and seekers and so hold them all in memory.
 */
#include "gen/internal.h"
#include "io/csv.h"

#include "store/rows.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The contract's columns, in order: one list, owned by the store's row code. */
static const char *const *kind_cols(vl_kind kind)
{
    size_t n;
    return vl__kind_columns(kind, &n);
}

static size_t kind_ncols(vl_kind kind)
{
    size_t n;
    vl__kind_columns(kind, &n);
    return n;
}

static const char *const edu_names[VL_EDU_COUNT] = {
    "none",         "primary", "lower_secondary", "upper_secondary", "elementary",
    "intermediate", "college", "university",      "master",          "doctorate"};
static const char *const prio_names[] = {"poor",  "near_poor",   "disability", "ethnic_minority",
                                         "rural", "demobilised", "other"};
static const char *const status_names[] = {"active", "placed", "withdrawn"};

/* Text cells of one row live in a vl_buf each; cells[] points into them. */
typedef struct row {
    vl_buf cell[20];
    const char *p[20];
    size_t n;
} row;

static void row_reset(row *r, size_t n)
{
    r->n = n;
    for (size_t i = 0; i < n; i++) {
        r->cell[i].len = 0;
        if (r->cell[i].data)
            r->cell[i].data[0] = '\0';
    }
}

static void row_free(row *r)
{
    for (size_t i = 0; i < VL_ARRAY_LEN(r->cell); i++)
        vl_buf_free(&r->cell[i]);
}

static bool put(row *r, size_t i, const char *s)
{
    return vl_buf_puts(&r->cell[i], s ? s : "");
}

static bool put_list(row *r, size_t i, const vl_strlist *l)
{
    bool ok = true;
    for (size_t k = 0; k < l->n; k++) {
        if (k)
            ok &= vl_buf_puts(&r->cell[i], ";");
        ok &= vl_buf_puts(&r->cell[i], l->items[k]);
    }
    return ok;
}

static bool put_int(row *r, size_t i, long long v, bool empty_if_zero)
{
    if (empty_if_zero && v == 0)
        return true;
    return vl_buf_printf(&r->cell[i], "%lld", v);
}

static bool put_num(row *r, size_t i, double v)
{
    char buf[64];
    if (isnan(v))
        return true;
    return vl_buf_puts(&r->cell[i], vl_format_double(buf, sizeof buf, v, 10));
}

static bool put_date(row *r, size_t i, int32_t d)
{
    char buf[11];
    if (!d)
        return true;
    vl__format_date(d, buf);
    return vl_buf_puts(&r->cell[i], buf);
}

static bool put_langs(row *r, size_t i, const vl_lang *l, size_t n)
{
    static const char *const cefr[] = {"A1", "A2", "B1", "B2", "C1", "C2"};
    bool ok = true;
    for (size_t k = 0; k < n; k++) {
        if (k)
            ok &= vl_buf_puts(&r->cell[i], ";");
        assert(l[k].level >= 1 && l[k].level <= 6);
        if (l[k].scheme == VL_LANG_JLPT)
            ok &= vl_buf_printf(&r->cell[i], "%s:N%d", l[k].code, 6 - l[k].level);
        else if (l[k].scheme == VL_LANG_TOPIK)
            ok &= vl_buf_printf(&r->cell[i], "%s:%d", l[k].code, l[k].level);
        else
            ok &= vl_buf_printf(&r->cell[i], "%s:%s", l[k].code, cefr[l[k].level - 1]);
    }
    return ok;
}

static vl_status write_row(vl_ctx *ctx, vl_csv_writer *w, row *r, bool ok, const char *path)
{
    if (!ok)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < r->n; i++)
        r->p[i] = r->cell[i].data ? r->cell[i].data : "";
    if (vl_csv_write_row(w, r->n, r->p) != VL_OK)
        return vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    return VL_OK;
}

static vl_status vacancy_row(vl_ctx *ctx, vl_csv_writer *w, row *r, const vl_vacancy *v,
                             const char *path)
{
    row_reset(r, kind_ncols(VL_KIND_VACANCIES));
    bool ok = put(r, 0, v->id) && put(r, 1, v->employer) && put(r, 2, v->title) &&
              put(r, 3, v->occupation) && put_list(r, 4, &v->skills_required) &&
              put_list(r, 5, &v->skills_preferred) &&
              put(r, 6, v->education_min >= 0 ? edu_names[v->education_min] : "") &&
              put_num(r, 7, v->experience_min) && put_langs(r, 8, v->languages, v->n_languages) &&
              put_int(r, 9, (long long)v->wage_min, true) &&
              put_int(r, 10, (long long)v->wage_max, true) && put_int(r, 11, v->positions, false) &&
              put(r, 12, v->area) && put(r, 13, strcmp(v->country, "VN") ? v->country : "") &&
              put_int(r, 14, v->age_min, true) && put_int(r, 15, v->age_max, true) &&
              put_date(r, 16, v->posted) && put_date(r, 17, v->closes) && put(r, 18, v->fair);
    return write_row(ctx, w, r, ok, path);
}

static vl_status seeker_row(vl_ctx *ctx, vl_csv_writer *w, row *r, const vl_seeker *s,
                            const char *path)
{
    row_reset(r, kind_ncols(VL_KIND_SEEKERS));
    bool ok = put(r, 0, s->id) && put(r, 1, s->name) && put_int(r, 2, s->birth_year, true) &&
              put(r, 3, s->gender) && put(r, 4, s->area) &&
              put(r, 5, s->education >= 0 ? edu_names[s->education] : "") &&
              put_list(r, 6, &s->occupations) && put_list(r, 7, &s->skills) &&
              put_num(r, 8, s->experience_years) && put_langs(r, 9, s->languages, s->n_languages) &&
              put_int(r, 10, (long long)s->wage_min, true) && put_num(r, 11, s->max_commute_km) &&
              put_list(r, 12, &s->abroad);
    size_t np = 0;
    for (size_t k = 0; ok && k < VL_ARRAY_LEN(prio_names); k++)
        if (s->priority & (1u << k))
            ok = vl_buf_puts(&r->cell[13], np++ ? ";" : "") &&
                 vl_buf_puts(&r->cell[13], prio_names[k]);
    ok = ok && put_date(r, 14, s->registered) && put(r, 15, status_names[s->status]) &&
         put(r, 16, s->phone) && put(r, 17, s->id_card);
    return write_row(ctx, w, r, ok, path);
}

static vl_status open_file(vl_ctx *ctx, const char *dir, const char *name, char *path, size_t size,
                           const char *const *cols, size_t ncols, vl_csv_writer **w)
{
    snprintf(path, size, "%s/%s", dir, name);
    vl_status st = vl_csv_writer_open(ctx, path, 0, w);
    if (st == VL_OK && vl_csv_write_row(*w, ncols, cols) != VL_OK)
        st = vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    return st;
}

/* Closes w (if open), keeping the first failure. */
static vl_status close_file(vl_ctx *ctx, vl_csv_writer **w, vl_status st)
{
    vl_status cs = vl_csv_writer_close(ctx, *w);
    *w = NULL;
    return st != VL_OK ? st : cs;
}

/* referrals.csv, followups.csv, counselling.csv and fairs.csv: the records in memory (referrals
 * pair them), then the rows in the store's canonical form; *made, the referrals written. */
static vl_status write_referrals(vl_ctx *ctx, const vl_gen_options *o, const char *dir,
                                 size_t *made)
{
    vl_dataset *ds = NULL;
    vl_referral_set *set = NULL;
    vl_status st = vl_gen_dataset(ctx, o, &ds);
    if (st == VL_OK)
        st = gen_referrals(ctx, o, ds, &set);
    char path[4096];
    vl_csv_writer *w = NULL;
    vl__canon canon = {0};
    const char *cells[16];
    if (st == VL_OK)
        st = open_file(ctx, dir, "referrals.csv", path, sizeof path, kind_cols(VL_KIND_REFERRALS),
                       kind_ncols(VL_KIND_REFERRALS), &w);
    for (size_t i = 0; st == VL_OK && i < set->n; i++) {
        const vl_referral *r = &set->referrals[i];
        vl__referral_row rr = {r->id,
                               r->seeker,
                               r->vacancy,
                               r->staff,
                               r->referred_on,
                               (int)r->channel,
                               (int)r->outcome,
                               r->outcome_on,
                               r->start_on,
                               !isnan(r->wage),
                               isnan(r->wage) ? 0 : r->wage};
        if (!vl__canon_referral(&rr, &canon)) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        for (size_t k = 0; k < canon.n; k++)
            cells[k] = vl__canon_cell(&canon, k);
        if (vl_csv_write_row(w, canon.n, cells) != VL_OK)
            st = vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    }
    st = close_file(ctx, &w, st);
    if (st == VL_OK)
        *made = set->n;
    if (st == VL_OK)
        st = open_file(ctx, dir, "followups.csv", path, sizeof path, kind_cols(VL_KIND_FOLLOWUPS),
                       kind_ncols(VL_KIND_FOLLOWUPS), &w);
    for (size_t i = 0; st == VL_OK && i < set->n; i++) {
        const vl_referral *r = &set->referrals[i];
        for (size_t f = 0; st == VL_OK && f < r->n_followups; f++) {
            vl__followup_row fr = {r->id, r->followups[f].checked_on, r->followups[f].employed};
            if (!vl__canon_followup(&fr, &canon)) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            for (size_t k = 0; k < canon.n; k++)
                cells[k] = vl__canon_cell(&canon, k);
            if (vl_csv_write_row(w, canon.n, cells) != VL_OK)
                st = vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", path, strerror(errno));
        }
    }
    st = close_file(ctx, &w, st);
    /* counselling: a session soon after registration for 45% of the active seekers, a second
     * one a month or two later for a fifth of those */
    if (st == VL_OK)
        st = open_file(ctx, dir, "counselling.csv", path, sizeof path,
                       kind_cols(VL_KIND_COUNSELLING), kind_ncols(VL_KIND_COUNSELLING), &w);
    for (size_t i = 0; st == VL_OK && i < ds->n_seekers; i++) {
        const vl_seeker *sk = &ds->seekers[i];
        gen_rng r;
        gen_rng_seed(&r, o->seed, GEN_STREAM_COUNSELLING, i);
        if (sk->status != VL_SEEKER_ACTIVE || !gen_rng_chance(&r, 0.45))
            continue;
        int32_t on[2] = {gen_date_add(sk->registered, gen_rng_range(&r, 0, 20)), 0};
        if (gen_rng_chance(&r, 0.2))
            on[1] = gen_date_add(on[0], gen_rng_range(&r, 30, 60));
        static const char *const topics[] = {"Định hướng nghề nghiệp", "Kỹ năng tìm việc",
                                             "Học nghề", "Xuất khẩu lao động",
                                             "Bảo hiểm thất nghiệp"};
        for (int k = 0; k < 2 && st == VL_OK; k++) {
            if (!on[k] || on[k] >= o->as_of)
                continue;
            vl__counselling_row cr = {sk->id, k ? "cb02" : "cb01",
                                      topics[gen_rng_below(&r, VL_ARRAY_LEN(topics))], on[k]};
            if (!vl__canon_counselling(&cr, &canon)) {
                st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
                break;
            }
            for (size_t c = 0; c < canon.n; c++)
                cells[c] = vl__canon_cell(&canon, c);
            if (vl_csv_write_row(w, canon.n, cells) != VL_OK)
                st = vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", path, strerror(errno));
        }
    }
    st = close_file(ctx, &w, st);
    /* the fairs the vacancies name, each on the 15th of its month at the first home area */
    const char **fairs = NULL;
    size_t nf = 0;
    if (st == VL_OK && !(fairs = malloc((ds->n_vacancies + 1) * sizeof *fairs)))
        st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == VL_OK && i < ds->n_vacancies; i++)
        if (ds->vacancies[i].fair)
            fairs[nf++] = ds->vacancies[i].fair;
    if (st == VL_OK)
        qsort(fairs, nf, sizeof *fairs, vl__cmp_str);
    if (st == VL_OK)
        st = open_file(ctx, dir, "fairs.csv", path, sizeof path, kind_cols(VL_KIND_FAIRS),
                       kind_ncols(VL_KIND_FAIRS), &w);
    for (size_t i = 0; st == VL_OK && i < nf; i++) {
        if (i > 0 && strcmp(fairs[i], fairs[i - 1]) == 0)
            continue;
        /* "<the province's initials>-YYYY-MM" (gen.c, set_fair_prefix) */
        int y = 0, m = 0;
        size_t len = strlen(fairs[i]);
        if (len < 8 || fairs[i][len - 8] != '-' ||
            sscanf(fairs[i] + len - 7, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
            continue;
        char name[96];
        snprintf(name, sizeof name, "Phiên giao dịch việc làm tháng %d/%d", m, y);
        vl__fair_row fr = {fairs[i],
                           name,
                           ds->areas[0].code,
                           "Trung tâm Dịch vụ việc làm",
                           y * 10000 + m * 100 + 15,
                           true,
                           1500};
        for (size_t a = 0; a < ds->n_areas; a++) /* the first home area: the centre's */
            if (ds->areas[a].parent &&
                strcmp(ds->areas[a].parent, o->home_parent ? o->home_parent : GEN_HOME_DEFAULT) ==
                    0) {
                fr.area = ds->areas[a].code;
                break;
            }
        if (!vl__canon_fair(&fr, &canon)) {
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
            break;
        }
        for (size_t c = 0; c < canon.n; c++)
            cells[c] = vl__canon_cell(&canon, c);
        if (vl_csv_write_row(w, canon.n, cells) != VL_OK)
            st = vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    }
    st = close_file(ctx, &w, st);
    free(fairs);
    vl__canon_free(&canon);
    gen_referrals_free(set);
    vl_dataset_destroy(ds);
    return st;
}

#define SCRATCH_RECORDS 4096

/* Starts a fresh scratch arena every SCRATCH_RECORDS records (so memory stays bounded) and
 * reports progress at the same point. */
static vl_status renew_scratch(vl_ctx *ctx, vl_arena **scratch, size_t done, size_t total)
{
    vl_arena_destroy(*scratch);
    *scratch = vl_arena_create();
    if (!*scratch)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    vl__progress(ctx, "generate", done, total);
    return VL_OK;
}

vl_status vl_gen_write_csv(vl_ctx *ctx, const vl_gen_options *o, const char *dir)
{
    return vl_gen_write_csv_counted(ctx, o, dir, NULL);
}

vl_status vl_gen_write_csv_counted(vl_ctx *ctx, const vl_gen_options *o, const char *dir,
                                   vl_gen_counts *written)
{
    vl_gen_counts n = {0};
    if (written)
        *written = n;
    if (!o || !dir || !*dir)
        return vl__error(ctx, VL_ERR_ARG, "vl_gen_write_csv: NULL argument");
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return vl__error(ctx, VL_ERR_IO, "%s: cannot create directory: %s", dir, strerror(errno));
    gen_state g;
    vl_status st = gen_state_init(&g, ctx, o);
    if (st != VL_OK) {
        gen_state_free(&g);
        return st;
    }
    char path[4096];
    vl_csv_writer *w = NULL;
    row r = {0};
    vl_arena *scratch = NULL;
    size_t total = o->n_employers + o->n_vacancies + o->n_seekers, done = 0;

    /* the first four columns: generated employers have no street address or phone (optional
     * columns; the committed sample stays as it was) */
    st = open_file(ctx, dir, "employers.csv", path, sizeof path, kind_cols(VL_KIND_EMPLOYERS), 4,
                   &w);
    for (size_t i = 0; st == VL_OK && i < g.n_employers; i++, done++) {
        const vl_employer *e = &g.employers[i];
        const char *cells[] = {e->id, e->name, e->industry, e->area};
        if (vl_csv_write_row(w, 4, cells) != VL_OK)
            st = vl__error(ctx, VL_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    }
    st = close_file(ctx, &w, st);

    if (st == VL_OK)
        st = open_file(ctx, dir, "vacancies.csv", path, sizeof path, kind_cols(VL_KIND_VACANCIES),
                       kind_ncols(VL_KIND_VACANCIES), &w);
    for (size_t i = 0; st == VL_OK && i < o->n_vacancies; i++, done++) {
        if (i % SCRATCH_RECORDS == 0 && (st = renew_scratch(ctx, &scratch, done, total)) != VL_OK)
            break;
        vl_vacancy v;
        st = gen_vacancy(&g, i, scratch, &v);
        if (st == VL_OK)
            st = vacancy_row(ctx, w, &r, &v, path);
    }
    st = close_file(ctx, &w, st);

    if (st == VL_OK)
        st = open_file(ctx, dir, "seekers.csv", path, sizeof path, kind_cols(VL_KIND_SEEKERS),
                       kind_ncols(VL_KIND_SEEKERS), &w);
    for (size_t i = 0; st == VL_OK && i < o->n_seekers; i++, done++) {
        if (i % SCRATCH_RECORDS == 0 && (st = renew_scratch(ctx, &scratch, done, total)) != VL_OK)
            break;
        vl_seeker s;
        st = gen_seeker(&g, i, scratch, &s);
        if (st == VL_OK)
            st = seeker_row(ctx, w, &r, &s, path);
    }
    st = close_file(ctx, &w, st);
    vl_arena_destroy(scratch);
    row_free(&r);

    if (st == VL_OK)
        st = gen_write_history(&g, dir);
    if (st == VL_OK && o->n_referrals > 0)
        st = write_referrals(ctx, o, dir, &n.referrals);
    if (st == VL_OK)
        vl__progress(ctx, "generate", total, total);
    if (st == VL_OK && written) {
        n.employers = g.n_employers;
        n.vacancies = o->n_vacancies;
        n.seekers = o->n_seekers;
        *written = n;
    }
    gen_state_free(&g);
    return st;
}
