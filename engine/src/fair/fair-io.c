/*
 * fair-io.c - the fair planner's link to the centre's data: the candidate graph of a fair from
 * a matching index (eligible pairs only, via vl_match_candidates), and the output files of a
 * plan (invitations.csv, a shortlist per employer as CSV and XLSX, a slip per invited seeker,
 * summary.json). Only slips carry a seeker's name (they are handed to that seeker); every
 * file for planners and employers uses ids.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vieclam/fair.h>
#include <vieclam/match.h>
#include <vieclam/output.h>
#include <vieclam/sheet.h>

#include "fair/fair-int.h"
#include "io/json.h"
#include "io/xlsx.h"

struct vl_fair_input {
    const vl_dataset *ds;
    vl_fair_problem pb;
    size_t *seeker_pos, *vacancy_pos; /* problem index -> dataset position */
    const char **sid, **vid;
    bool *prio;
    int *positions;
    vl_fair_pair *pairs;
    size_t n_active; /* active seekers of the index */
};

void vl_fair_input_destroy(vl_fair_input *in)
{
    if (!in)
        return;
    vl__free(in->seeker_pos);
    vl__free(in->vacancy_pos);
    vl__free(in->sid);
    vl__free(in->vid);
    vl__free(in->prio);
    vl__free(in->positions);
    vl__free(in->pairs);
    vl__free(in);
}

vl_status vl_fair_input_create(vl_ctx *ctx, const vl_match_index *idx, const vl_fair_params *prm,
                               vl_fair_input **out)
{
    if (!idx || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_fair_input_create: no index or output");
    *out = NULL;
    vl_status st = vl_fair_params_check(ctx, prm);
    if (st != VL_OK)
        return st;
    const vl_dataset *ds = vl_match_index_dataset(idx);
    vl_match_candidate *cand = NULL;
    size_t nc = 0;
    st = vl_match_candidates(ctx, idx, prm->min_score, (size_t)prm->candidates_per_seeker, &cand,
                             &nc);
    if (st != VL_OK)
        return st;
    vl_fair_input *in = vl__calloc(1, sizeof *in);
    size_t *smap = vl__malloc((ds->n_seekers + 1) * sizeof *smap);
    size_t *vmap = vl__malloc((ds->n_vacancies + 1) * sizeof *vmap);
    if (!in || !smap || !vmap)
        goto nomem;
    in->ds = ds;
    in->n_active = vl_match_index_seeker_count(idx);
    size_t nv = 0, ns = 0;
    for (size_t v = 0; v < ds->n_vacancies; v++)
        vmap[v] = vl_match_index_has_vacancy(idx, v) ? nv++ : SIZE_MAX;
    for (size_t s = 0; s < ds->n_seekers; s++)
        smap[s] = SIZE_MAX;
    for (size_t i = 0; i < nc; i++) {
        if (smap[cand[i].seeker] == SIZE_MAX)
            smap[cand[i].seeker] = ns++;
    }
    in->seeker_pos = vl__malloc((ns + 1) * sizeof *in->seeker_pos);
    in->vacancy_pos = vl__malloc((nv + 1) * sizeof *in->vacancy_pos);
    in->sid = vl__malloc((ns + 1) * sizeof *in->sid);
    in->vid = vl__malloc((nv + 1) * sizeof *in->vid);
    in->prio = vl__malloc(ns + 1);
    in->positions = vl__malloc((nv + 1) * sizeof *in->positions);
    in->pairs = vl__malloc((nc + 1) * sizeof *in->pairs);
    if (!in->seeker_pos || !in->vacancy_pos || !in->sid || !in->vid || !in->prio ||
        !in->positions || !in->pairs)
        goto nomem;
    for (size_t s = 0; s < ds->n_seekers; s++) {
        if (smap[s] == SIZE_MAX)
            continue;
        in->seeker_pos[smap[s]] = s;
        in->sid[smap[s]] = ds->seekers[s].id;
        in->prio[smap[s]] = ds->seekers[s].priority != 0;
    }
    for (size_t v = 0; v < ds->n_vacancies; v++) {
        if (vmap[v] == SIZE_MAX)
            continue;
        in->vacancy_pos[vmap[v]] = v;
        in->vid[vmap[v]] = ds->vacancies[v].id;
        in->positions[vmap[v]] = ds->vacancies[v].positions;
    }
    size_t np = 0;
    for (size_t i = 0; i < nc; i++) {
        if (vmap[cand[i].vacancy] == SIZE_MAX)
            continue; /* cannot happen: candidates come from the index */
        in->pairs[np++] = (vl_fair_pair){smap[cand[i].seeker], vmap[cand[i].vacancy], cand[i].score,
                                         cand[i].fit, cand[i].appeal};
    }
    in->pb = (vl_fair_problem){.n_seekers = ns,
                               .seeker_ids = in->sid,
                               .seeker_priority = in->prio,
                               .n_vacancies = nv,
                               .vacancy_ids = in->vid,
                               .vacancy_positions = in->positions,
                               .n_pairs = np,
                               .pairs = in->pairs};
    vl__free(smap);
    vl__free(vmap);
    vl_match_candidates_free(cand);
    *out = in;
    return VL_OK;
nomem:
    vl__free(smap);
    vl__free(vmap);
    vl_match_candidates_free(cand);
    vl_fair_input_destroy(in);
    return vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the candidate graph");
}

const vl_fair_problem *vl_fair_input_problem(const vl_fair_input *in)
{
    return &in->pb;
}

const vl_seeker *vl_fair_input_seeker(const vl_fair_input *in, size_t i)
{
    return i < in->pb.n_seekers ? &in->ds->seekers[in->seeker_pos[i]] : NULL;
}

const vl_vacancy *vl_fair_input_vacancy(const vl_fair_input *in, size_t i)
{
    return i < in->pb.n_vacancies ? &in->ds->vacancies[in->vacancy_pos[i]] : NULL;
}

size_t vl_fair_input_active_seekers(const vl_fair_input *in)
{
    return in->n_active;
}

/* Unchecked accessors for indices known to be in range. */
static const vl_vacancy *vac_at(const vl_fair_input *in, size_t i)
{
    assert(i < in->pb.n_vacancies);
    return &in->ds->vacancies[in->vacancy_pos[i]];
}

static const vl_seeker *seek_at(const vl_fair_input *in, size_t i)
{
    assert(i < in->pb.n_seekers);
    return &in->ds->seekers[in->seeker_pos[i]];
}

/* ---- summary ------------------------------------------------------------------------------ */

static vl_json *metrics_json(const vl_fair_metrics *m)
{
    vl_json *o = vl_json_object();
    vl_json_set_int(o, "seekers", (long long)m->seekers);
    vl_json_set_int(o, "seekers_invited", (long long)m->seekers_invited);
    vl_json_set_num(o, "seekers_invited_share", m->seekers_invited_share);
    vl_json_set_int(o, "priority_seekers", (long long)m->priority_seekers);
    vl_json_set_int(o, "priority_invited", (long long)m->priority_invited);
    vl_json_set_int(o, "vacancies", (long long)m->vacancies);
    vl_json_set_int(o, "vacancies_covered", (long long)m->vacancies_covered);
    vl_json_set_int(o, "positions", (long long)m->positions);
    vl_json_set_int(o, "positions_covered", (long long)m->positions_covered);
    vl_json_set_int(o, "capacity", (long long)m->capacity);
    vl_json_set_int(o, "invitations", (long long)m->invitations);
    vl_json_set_int(o, "vacancies_over_capacity", (long long)m->over_capacity);
    vl_json_set_num(o, "invitations_per_position_max", m->per_position_max);
    vl_json_set_num(o, "invitations_per_position_gini", m->per_position_gini);
    vl_json_set_num(o, "objective", m->objective);
    vl_json_set_num(o, "score_total", m->score_total);
    vl_json_set_num(o, "score_mean", m->score_mean);
    return o;
}

/* The summary as a JSON tree: serialised by vl_fair_summary_json, written by the outputs. */
static vl_json *summary_tree(const vl_fair_input *in, const vl_fair_params *prm,
                             const vl_fair_plan *plan, const vl_fair_plan *baseline,
                             const vl_fair_output_options *opt)
{
    vl_json *o = vl_json_object();
    char date[11] = "";
    if (opt && opt->as_of)
        vl__format_date(opt->as_of, date);
    vl_json_set_str(o, "fair", opt && opt->fair_id ? opt->fair_id : NULL);
    vl_json_set_str(o, "as_of", date[0] ? date : NULL);
    if (opt && opt->run_id > 0)
        vl_json_set_int(o, "run_id", (long long)opt->run_id);
    vl_json_set_str(o, "method", vl_fair_method_name(plan->method));
    vl_json *p = vl_json_object();
    vl_json_set_num(p, "per_position", prm->per_position);
    vl_json_set_int(p, "per_seeker", prm->per_seeker);
    vl_json_set_num(p, "min_score", prm->min_score);
    vl_json_set_int(p, "candidates_per_seeker", prm->candidates_per_seeker);
    vl_json_set_num(p, "coverage_bonus", prm->coverage_bonus);
    vl_json_set_num(p, "vacancy_bonus", prm->vacancy_bonus);
    vl_json_set_num(p, "priority_bonus", prm->priority_bonus);
    vl_json_set(o, "params", p);
    vl_json_set_int(o, "active_seekers", in ? (long long)in->n_active : 0);
    vl_json_set_int(o, "candidate_pairs", in ? (long long)in->pb.n_pairs : 0);
    vl_json_set(o, "plan", metrics_json(&plan->metrics));
    if (baseline) {
        vl_json *b = metrics_json(&baseline->metrics);
        vl_json_set_str(b, "method", vl_fair_method_name(baseline->method));
        vl_json_set(o, "baseline", b);
    }
    return o;
}

char *vl_fair_summary_json(const vl_fair_input *in, const vl_fair_params *prm,
                           const vl_fair_plan *plan, const vl_fair_plan *baseline,
                           const vl_fair_output_options *opt, bool pretty)
{
    vl_json *o = summary_tree(in, prm, plan, baseline, opt);
    char *text = vl_json_dump(o, pretty);
    vl_json_free(o);
    return text;
}

/* ---- output files ------------------------------------------------------------------------- */

/* A file name from an id: bytes outside [A-Za-z0-9._-] (and a leading dot) become '_'. */
static void safe_name(const char *id, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = id; *p && n + 1 < size; p++) {
        char c = *p;
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || (c == '.' && n > 0);
        out[n++] = ok ? c : '_';
    }
    if (n == 0)
        out[n++] = '_';
    out[n] = '\0';
}

typedef struct named_id {
    char name[200];
    const char *id;
} named_id;

static int cmp_named(const void *a, const void *b)
{
    return strcmp(((const named_id *)a)->name, ((const named_id *)b)->name);
}

/*
 * safe_name is not one-to-one ("a:b" and "a_b", "Đ1" and "__1" give one name): files of two
 * records never share a name. ids are n distinct ids of `what` (a msgid: "employers",
 * "seekers"); two of them named alike fail the plan, naming both.
 */
static vl_status names_apart(vl_ctx *ctx, const char *const *ids, size_t n, const char *what)
{
    named_id *a = vl__malloc((n + 1) * sizeof *a);
    if (!a)
        return vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the file names");
    for (size_t i = 0; i < n; i++) {
        safe_name(ids[i], a[i].name, sizeof a[i].name);
        a[i].id = ids[i];
    }
    qsort(a, n, sizeof *a, cmp_named);
    vl_status st = VL_OK;
    for (size_t i = 1; st == VL_OK && i < n; i++)
        if (strcmp(a[i - 1].name, a[i].name) == 0)
            st = vl__error(ctx, VL_ERR_INVALID,
                           "fair: the %s '%s' and '%s' would write the same file '%s': give one "
                           "of them another id (letters, digits, '-', '_' and '.' are kept as "
                           "they are)",
                           vl__tr(ctx, what), a[i - 1].id, a[i].id, a[i].name);
    vl__free(a);
    return st;
}

/* How every file of a plan is written: personal data (names on slips), inside a staged folder. */
#define FAIR_OUT (VL_OUTPUT_PRIVATE | VL_OUTPUT_IN_FOLDER)

static vl_status make_dir(vl_ctx *ctx, const char *path)
{
    if (mkdir(path, 0700) == 0 || errno == EEXIST) {
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
            return VL_OK;
    }
    return vl__error(ctx, VL_ERR_IO, "cannot create directory %s: %s", path, strerror(errno));
}

static char *num(char *buf, size_t size, double v)
{
    return vl_format_fixed(buf, size, v, 4);
}

typedef struct emp_ref {
    const char *id;
    size_t pos;
} emp_ref;

static int cmp_emp_ref(const void *a, const void *b)
{
    return strcmp(((const emp_ref *)a)->id, ((const emp_ref *)b)->id);
}

/* The dataset's employers sorted by id, for employer_name; NULL when out of memory. */
static emp_ref *employer_index(const vl_dataset *ds)
{
    emp_ref *emps = vl__malloc((ds->n_employers + 1) * sizeof *emps);
    if (!emps)
        return NULL;
    for (size_t e = 0; e < ds->n_employers; e++)
        emps[e] = (emp_ref){ds->employers[e].id, e};
    qsort(emps, ds->n_employers, sizeof *emps, cmp_emp_ref);
    return emps;
}

/* The name of the employer with this id, or the id itself when the dataset lacks it. */
static const char *employer_name(const vl_dataset *ds, const emp_ref *emps, const char *id)
{
    emp_ref key = {id, 0};
    const emp_ref *er = bsearch(&key, emps, ds->n_employers, sizeof *emps, cmp_emp_ref);
    return er ? ds->employers[er->pos].name : id;
}

/* Invitations of one vacancy, by rank_for_vacancy. */
typedef struct vac_inv {
    size_t vacancy;
    size_t rank;
    size_t inv;
} vac_inv;

static int cmp_vac_inv(const void *a, const void *b)
{
    const vac_inv *x = a, *y = b;
    if (x->vacancy != y->vacancy)
        return (x->vacancy > y->vacancy) - (x->vacancy < y->vacancy);
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static vl_status write_invitations(vl_ctx *ctx, const vl_fair_input *in, const vl_fair_plan *plan,
                                   const char *dir, vl_sheet_format format)
{
    vl_buf path = {0};
    vl_buf_printf(&path, "%s/invitations.csv", dir);
    vl_sheet *w;
    vl_status st = vl_sheet_open(ctx, path.data, format, NULL, FAIR_OUT, &w);
    vl_buf_free(&path);
    if (st != VL_OK)
        return st;
    static const char *const head[] = {"seeker", "vacancy",         "score",           "fit",
                                       "appeal", "rank_for_seeker", "rank_for_vacancy"};
    vl_sheet_row(w, 7, head);
    for (size_t i = 0; i < plan->n_invitations; i++) {
        const vl_fair_invitation *iv = &plan->invitations[i];
        char a[32], b[32], c[32], d[24], e[24];
        snprintf(d, sizeof d, "%zu", iv->rank_for_seeker);
        snprintf(e, sizeof e, "%zu", iv->rank_for_vacancy);
        const char *row[] = {in->sid[iv->seeker],
                             in->vid[iv->vacancy],
                             num(a, sizeof a, iv->score),
                             num(b, sizeof b, iv->fit),
                             num(c, sizeof c, iv->appeal),
                             d,
                             e};
        vl_sheet_row(w, 7, row);
    }
    return vl_sheet_close(ctx, w);
}

/* One CSV and one XLSX per employer with a vacancy at the fair, even without invitations. */
static vl_status write_shortlists(vl_ctx *ctx, const vl_fair_input *in, const vl_fair_plan *plan,
                                  const emp_ref *emps, const char *dir, vl_sheet_format format)
{
    const vl_dataset *ds = in->ds;
    const size_t nv = in->pb.n_vacancies, n = plan->n_invitations;
    vac_inv *vi = vl__malloc((n + 1) * sizeof *vi);
    size_t *vorder = vl__malloc((nv + 1) * sizeof *vorder); /* vacancies by employer then id */
    vl_status st = VL_OK;
    if (!vi || !vorder) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the shortlists");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        vi[i] = (vac_inv){plan->invitations[i].vacancy, plan->invitations[i].rank_for_vacancy, i};
    qsort(vi, n, sizeof *vi, cmp_vac_inv);
    /* vacancies grouped by employer id, then by vacancy id (insertion sort by two keys: the
     * problem's vacancies are few compared with pairs) */
    for (size_t v = 0; v < nv; v++) {
        size_t j = v;
        const vl_vacancy *a = vac_at(in, v);
        while (j > 0) {
            const vl_vacancy *b = vac_at(in, vorder[j - 1]);
            int c = strcmp(b->employer, a->employer);
            if (c < 0 || (c == 0 && strcmp(b->id, a->id) < 0))
                break;
            vorder[j] = vorder[j - 1];
            j--;
        }
        vorder[j] = v;
    }
    /* one file per employer: their names apart */
    const char **eids = vl__malloc((nv + 1) * sizeof *eids);
    size_t ne = 0;
    if (!eids) {
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the shortlists");
        goto done;
    }
    for (size_t k = 0; k < nv; k++)
        if (!ne || strcmp(eids[ne - 1], vac_at(in, vorder[k])->employer) != 0)
            eids[ne++] = vac_at(in, vorder[k])->employer;
    st = names_apart(ctx, eids, ne, N_("employers"));
    vl__free(eids);
    if (st != VL_OK)
        goto done;
    vl_buf sub = {0};
    vl_buf_printf(&sub, "%s/shortlists", dir);
    st = make_dir(ctx, sub.data);
    /* the CSV keeps the contract's names; the workbook is for people: their language's */
    static const char *const head[] = {"vacancy", "title", "rank",  "seeker",
                                       "score",   "fit",   "appeal"};
    static const char *const words[] = {N_("Vacancy"), N_("Job title"), N_("Rank"),  N_("Seeker"),
                                        N_("Score"),   N_("Fit"),       N_("Appeal")};
    const char *lang = vl__ctx_lang(ctx);
    const char *xhead[VL_ARRAY_LEN(words)];
    for (size_t i = 0; i < VL_ARRAY_LEN(words); i++)
        xhead[i] = vl_gettext_lang(lang, words[i]);
    for (size_t k = 0; st == VL_OK && k < nv;) {
        const char *emp = vac_at(in, vorder[k])->employer;
        size_t kend = k;
        while (kend < nv && strcmp(vac_at(in, vorder[kend])->employer, emp) == 0)
            kend++;
        char fname[200];
        safe_name(emp, fname, sizeof fname);
        vl_buf p = {0};
        vl_buf_printf(&p, "%s/%s.csv", sub.data, fname);
        vl_sheet *w = NULL;
        /* as every CSV vieclam writes: the contract's form, or Excel's with --excel (decimal
         * commas, formulas as text; the workbook beside it is the one to open) */
        st = vl_sheet_open(ctx, p.data, format, NULL, FAIR_OUT, &w);
        p.len = 0;
        vl_buf_printf(&p, "%s/%s.xlsx", sub.data, fname);
        vl_xlsx *x = NULL;
        vl_xlsx_sheet *sh = NULL;
        if (st == VL_OK)
            st = vl_xlsx_create(ctx, p.data, FAIR_OUT, &x);
        vl_buf_free(&p);
        if (st == VL_OK && !(sh = vl_xlsx_add_sheet(x, vl_gettext_lang(lang, N_("Shortlist")))))
            st = vl_xlsx_status(x);
        if (st == VL_OK) {
            vl_sheet_row(w, 7, head);
            size_t row = 0;
            vl_xlsx_write_string(sh, row, 0, employer_name(ds, emps, emp), VL_XLSX_FMT_BOLD);
            row = 1;
            size_t header_row = row++;
            for (size_t j = k; j < kend; j++) {
                size_t v = vorder[j];
                const vl_vacancy *vac = vac_at(in, v);
                /* binary search for the first invitation of v */
                size_t lo = 0, hi = n;
                while (lo < hi) {
                    size_t mid = (lo + hi) / 2;
                    if (vi[mid].vacancy < v)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                for (size_t i = lo; i < n && vi[i].vacancy == v; i++) {
                    const vl_fair_invitation *iv = &plan->invitations[vi[i].inv];
                    char a[32], b[32], c[32], r[24];
                    snprintf(r, sizeof r, "%zu", iv->rank_for_vacancy);
                    const char *cells[] = {vac->id,
                                           vac->title,
                                           r,
                                           in->sid[iv->seeker],
                                           num(a, sizeof a, iv->score),
                                           num(b, sizeof b, iv->fit),
                                           num(c, sizeof c, iv->appeal)};
                    vl_sheet_row(w, 7, cells);
                    vl_xlsx_write_string(sh, row, 0, vac->id, VL_XLSX_FMT_DEFAULT);
                    vl_xlsx_write_string(sh, row, 1, vac->title, VL_XLSX_FMT_DEFAULT);
                    vl_xlsx_write_number(sh, row, 2, (double)iv->rank_for_vacancy, VL_XLSX_FMT_INT);
                    vl_xlsx_write_string(sh, row, 3, in->sid[iv->seeker], VL_XLSX_FMT_DEFAULT);
                    /* the two decimals shown are the value held (a filter on 0.95 finds it) */
                    vl_xlsx_write_number(sh, row, 4, round(iv->score * 100) / 100,
                                         VL_XLSX_FMT_DEC2);
                    vl_xlsx_write_number(sh, row, 5, round(iv->fit * 100) / 100, VL_XLSX_FMT_DEC2);
                    vl_xlsx_write_number(sh, row, 6, round(iv->appeal * 100) / 100,
                                         VL_XLSX_FMT_DEC2);
                    row++;
                }
            }
            vl_xlsx_write_header(sh, header_row, xhead, 7,
                                 row > header_row + 1 ? row - 1 : header_row);
            vl_xlsx_column_width(sh, 0, 0, 14, VL_XLSX_FMT_DEFAULT);
            vl_xlsx_column_width(sh, 1, 1, 36, VL_XLSX_FMT_DEFAULT);
            vl_xlsx_column_width(sh, 2, 2, 7, VL_XLSX_FMT_DEFAULT);
            vl_xlsx_column_width(sh, 3, 3, 14, VL_XLSX_FMT_DEFAULT);
            vl_xlsx_column_width(sh, 4, 6, 9, VL_XLSX_FMT_DEFAULT);
        }
        vl_status s1 = st == VL_OK ? vl_sheet_close(ctx, w) : (vl_sheet_discard(w), st);
        vl_status s2 = x ? (st == VL_OK ? vl_xlsx_close(x) : (vl_xlsx_discard(x), st)) : st;
        if (st == VL_OK)
            st = s1 != VL_OK ? s1 : s2;
        k = kend;
    }
    vl_buf_free(&sub);
done:
    vl__free(vi);
    vl__free(vorder);
    return st;
}

/* A monthly amount for the slip's two halves, grouped as each reads it: "8.000.000" and
 * "8,000,000". */
static void format_vnd(char *vi, char *en, size_t size, double v)
{
    vl_format_number(vi, size, v, 0, "vi");
    vl_format_number(en, size, v, 0, "en");
}

/*
 * A slip per invited seeker: the fair (name, date, venue), then the booths in the seeker's order
 * with why each was chosen. It is printed for the seeker in both languages, Vietnamese first,
 * each half written as its readers write (dates dd/mm/yyyy, amounts grouped, countries named).
 * The seeker's own name is on it (it is handed to that seeker) - never in any other file.
 */
static vl_status write_slips(vl_ctx *ctx, const vl_fair_input *in, const vl_fair_plan *plan,
                             const emp_ref *emps, const vl_fair_output_options *opt,
                             const char *dir)
{
    /* one slip per seeker (the invitations come by seeker): their names apart */
    const char **sids = vl__malloc((plan->n_invitations + 1) * sizeof *sids);
    if (!sids)
        return vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for a slip");
    size_t ns = 0;
    for (size_t i = 0; i < plan->n_invitations; i++)
        if (!i || plan->invitations[i].seeker != plan->invitations[i - 1].seeker)
            sids[ns++] = seek_at(in, plan->invitations[i].seeker)->id;
    vl_status st = names_apart(ctx, sids, ns, N_("seekers"));
    vl__free(sids);
    if (st != VL_OK)
        return st;
    vl_buf sub = {0}, text = {0};
    vl_buf_printf(&sub, "%s/slips", dir);
    st = make_dir(ctx, sub.data);
    const vl_dataset *ds = in->ds;
    char date[16] = "", fair_date[16] = "";
    if (opt && opt->as_of)
        vl_format_date_text(date, sizeof date, opt->as_of, "vi");
    if (opt && opt->fair_date)
        vl_format_date_text(fair_date, sizeof fair_date, opt->fair_date, "vi");
    for (size_t i = 0; st == VL_OK && i < plan->n_invitations;) {
        size_t s = plan->invitations[i].seeker, e = i;
        while (e < plan->n_invitations && plan->invitations[e].seeker == s)
            e++;
        const vl_seeker *sk = seek_at(in, s);
        text.len = 0;
        vl_buf_printf(&text, "PHIẾU MỜI THAM DỰ PHIÊN GIAO DỊCH VIỆC LÀM / JOB FAIR INVITATION\n");
        vl_buf_printf(&text, "Người lao động / Seeker: %s (%s)\n", sk->name ? sk->name : "",
                      sk->id);
        if (opt && opt->fair_id) {
            if (opt->fair_name && *opt->fair_name)
                vl_buf_printf(&text, "Phiên giao dịch việc làm / Job fair: %s (%s)\n",
                              opt->fair_name, opt->fair_id);
            else
                vl_buf_printf(&text, "Phiên giao dịch việc làm / Job fair: %s\n", opt->fair_id);
        }
        if (fair_date[0])
            vl_buf_printf(&text, "Ngày diễn ra / Date: %s\n", fair_date);
        if (opt && opt->fair_venue && *opt->fair_venue)
            vl_buf_printf(&text, "Địa điểm / Venue: %s\n", opt->fair_venue);
        if (date[0])
            vl_buf_printf(&text, "Ngày lập / Planned on: %s\n", date);
        vl_buf_printf(&text, "\nCác gian hàng nên ghé thăm / Booths to visit:\n");
        for (size_t k = i; k < e; k++) {
            const vl_fair_invitation *iv = &plan->invitations[k];
            const vl_vacancy *vac = vac_at(in, iv->vacancy);
            char sv[3][24], se[3][24];
            const double f[3] = {iv->score, iv->appeal, iv->fit};
            for (int m = 0; m < 3; m++) {
                vl_format_number(sv[m], sizeof sv[m], f[m], 2, "vi");
                vl_format_number(se[m], sizeof se[m], f[m], 2, "en");
            }
            vl_buf_printf(&text, "\n%zu. %s - %s (vị trí / vacancy %s)\n", iv->rank_for_seeker,
                          employer_name(ds, emps, vac->employer), vac->title, vac->id);
            vl_buf_printf(&text,
                          "   Vì sao: mức phù hợp chung %s; công việc hợp với bạn %s, bạn hợp "
                          "với công việc %s.\n",
                          sv[0], sv[1], sv[2]);
            vl_buf_printf(&text,
                          "   Why: match score %s; the job suits you %s (appeal), you suit the "
                          "job %s (fit).\n",
                          se[0], se[1], se[2]);
            if (vac->wage_min > 0 || vac->wage_max > 0) {
                char lo[2][48], hi[2][48], want[2][48] = {"", ""};
                format_vnd(lo[0], lo[1], sizeof lo[0], vac->wage_min);
                format_vnd(hi[0], hi[1], sizeof hi[0],
                           vac->wage_max > 0 ? vac->wage_max : vac->wage_min);
                vl_buf_printf(&text, "   Lương: %s - %s đ/tháng", lo[0], hi[0]);
                if (sk->wage_min > 0) {
                    format_vnd(want[0], want[1], sizeof want[0], sk->wage_min);
                    vl_buf_printf(&text, " (bạn mong muốn %s đ)", want[0]);
                }
                vl_buf_printf(&text, "\n   Wage: %s - %s VND a month", lo[1], hi[1]);
                if (sk->wage_min > 0)
                    vl_buf_printf(&text, " (you asked for %s VND)", want[1]);
                vl_buf_printf(&text, "\n");
            }
            if (strcmp(vac->country, "VN") != 0 && vac->country[0]) {
                const char *cv = vl_country_name(vac->country, "vi"),
                           *ce = vl_country_name(vac->country, "en");
                vl_buf_printf(&text, "   Làm việc ở nước ngoài / Work abroad: %s / %s\n",
                              cv ? cv : vac->country, ce ? ce : vac->country);
            }
            vl_buf_printf(&text, "   Số chỗ / Positions: %d\n", vac->positions);
        }
        char fname[200];
        safe_name(sk->id, fname, sizeof fname);
        vl_buf p = {0};
        vl_buf_printf(&p, "%s/%s.txt", sub.data, fname);
        st = p.data && !p.failed && !text.failed
                 ? vl_output_write_file(ctx, p.data, FAIR_OUT, text.data, text.len)
                 : vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for a slip");
        vl_buf_free(&p);
        i = e;
    }
    vl_buf_free(&sub);
    vl_buf_free(&text);
    return st;
}

vl_status vl_fair_forget_seekers(vl_ctx *ctx, const char *dir, const char *const *ids, size_t n,
                                 size_t *removed)
{
    if (removed)
        *removed = 0;
    if (!dir || (n && !ids))
        return vl__error(ctx, VL_ERR_ARG, "vl_fair_forget_seekers: missing argument");
    vl_buf p = {0};
    vl_status st = VL_OK;
    for (size_t i = 0; st == VL_OK && i < n; i++) {
        char fname[200];
        safe_name(ids[i], fname, sizeof fname); /* as write_slips named it */
        p.len = 0;
        vl_buf_printf(&p, "%s/slips/%s.txt", dir, fname);
        if (!p.data || p.failed)
            st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for a slip's name");
        else if (unlink(p.data) == 0) {
            if (removed)
                (*removed)++;
        } else if (errno != ENOENT && errno != ENOTDIR)
            st = vl__error(ctx, VL_ERR_IO, "cannot remove %s: %s", p.data, strerror(errno));
    }
    vl_buf_free(&p);
    return st;
}

vl_status vl_fair_write_outputs(vl_ctx *ctx, const vl_fair_input *in, const vl_fair_params *prm,
                                const vl_fair_plan *plan, const vl_fair_plan *baseline,
                                const vl_fair_output_options *opt, const char *dir)
{
    if (!in || !prm || !plan || !dir)
        return vl__error(ctx, VL_ERR_ARG, "vl_fair_write_outputs: missing argument");
    /* the plan is built in a staging folder beside dir and swapped in whole: a killed run
     * leaves the previous plan (or none), and no slip of an earlier fair survives */
    vl_output_dir *od = NULL;
    vl_status st = vl_output_dir_open(ctx, dir, VL_OUTPUT_PRIVATE, &od);
    if (st != VL_OK)
        return st;
    const char *stage = vl_output_dir_path(od);
    /* --excel: the Excel CSV of every table for people (sheet.h: BOM, ';', decimal comma) */
    vl_sheet_format excel = opt && opt->excel ? VL_SHEET_EXCEL_CSV : VL_SHEET_CSV;
    st = write_invitations(ctx, in, plan, stage, excel);
    /* one employer index for the shortlists' headers and the slips' booth names */
    emp_ref *emps = st == VL_OK ? employer_index(in->ds) : NULL;
    if (st == VL_OK && !emps)
        st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the employer index");
    if (st == VL_OK)
        st = write_shortlists(ctx, in, plan, emps, stage, excel);
    if (st == VL_OK)
        st = write_slips(ctx, in, plan, emps, opt, stage);
    vl__free(emps);
    vl_json *summary = st == VL_OK ? summary_tree(in, prm, plan, baseline, opt) : NULL;
    vl_buf p = {0};
    if (st == VL_OK) {
        vl_buf_printf(&p, "%s/summary.json", stage);
        if (!summary || !p.data)
            st = vl__error(ctx, VL_ERR_NOMEM, "fair: out of memory for the summary");
        else
            st = vl_json_write_file(ctx, summary, p.data, true, FAIR_OUT);
    }
    vl_buf_free(&p);
    vl_json_free(summary);
    if (st != VL_OK) {
        vl_output_dir_discard(od);
        return st;
    }
    return vl_output_dir_commit(ctx, od);
}
