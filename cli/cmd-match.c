/*
 * cmd-match.c - `vieclam match`: the best vacancies for a seeker (--seeker), the best seekers
 * for a vacancy (--vacancy), or the nightly batch for every active seeker (--all-seekers, on
 * all threads, results stored in the database under a run id and written to --out). Output as
 * an aligned table, CSV (seeker,vacancy,rank,score,fit,appeal, then the components) or JSON
 * with the explanations. Ids only: no seeker's name or other personal data is printed.
 *
 * The model file is --model, else $VIECLAM_MODELS/matching.yaml, else the installed
 * models/matching.yaml (cli_model_path). Unknown ids, an empty database or a broken model file:
 * exit 3.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct match_args {
    const char *seeker, *vacancy, *why, *model, *out, *format;
    bool all, exhaustive, excel;
    size_t top; /* 0 = the model's */
    int32_t as_of;
} match_args;

static const char *const formats[] = {"table", "csv", "json", "xlsx", NULL};

static const cli_opt opts[] = {
    {"--seeker", N_("ID"), CLI_STR, offsetof(match_args, seeker),
     N_("rank the open vacancies for this seeker")},
    {"--vacancy", N_("ID"), CLI_STR, offsetof(match_args, vacancy),
     N_("rank the active seekers for this vacancy")},
    {"--all-seekers", NULL, CLI_FLAG, offsetof(match_args, all),
     N_("rank vacancies for every active seeker, store the run, write --out")},
    {"--why", N_("ID"), CLI_STR, offsetof(match_args, why),
     N_("with --seeker: why this vacancy is or is not in the list (with --vacancy: this "
        "seeker); the failed hard constraints, or the rank and the score gap")},
    {"--top", N_("N"), CLI_SIZE, offsetof(match_args, top), N_("results per seeker or vacancy"),
     NULL, N_("the model's results.top"), 1, 100000},
    {"--as-of", N_("DATE"), CLI_DATE, offsetof(match_args, as_of),
     N_("vacancies open on DATE (YYYY-MM-DD), ages and hires on DATE"), NULL, N_("today")},
    {"--model", N_("FILE"), CLI_STR, offsetof(match_args, model), N_("the matching model"), NULL,
     N_("$VIECLAM_MODELS/matching.yaml, else the installed models/matching.yaml")},
    {"--format", N_("FMT"), CLI_CHOICE, offsetof(match_args, format), N_("output format"), NULL,
     N_("table; csv with --all-seekers"), 0, 0, formats},
    {"--out", N_("FILE"), CLI_STR, offsetof(match_args, out), N_("write the results to FILE"), NULL,
     N_("standard output")},
    {"--excel", NULL, CLI_FLAG, offsetof(match_args, excel),
     N_("CSV for a Vietnamese Excel: a byte order mark and ';' between cells")},
    {"--exhaustive", NULL, CLI_FLAG, offsetof(match_args, exhaustive),
     N_("score every pair instead of using the index (same results, slower)")},
};

static const cli_spec spec = {
    "match",
    N_("vieclam match --seeker ID [--why VACANCY] [options]\n"
       "       vieclam match --vacancy ID [--why SEEKER] [options]\n"
       "       vieclam match --all-seekers --out FILE [options]"),
    N_("Ranks the open vacancies for a job seeker, or the active seekers for a vacancy, by a "
       "score that combines fit (the employer's view) and appeal (the seeker's view), with the "
       "reasons. Only pairs that meet every hard constraint (required skills, languages, "
       "education, age, countries abroad, commute distance) are listed. --all-seekers ranks "
       "vacancies for every active seeker on all threads, stores the results in the database "
       "under a new run id and writes them to --out. --why explains one pair: the hard "
       "constraints it fails, or where it ranks and how far it scored below the last listed "
       "pair."),
    CLI_OPTS(opts),
    0,
    0,
    NULL,
    N_("CSV columns: seeker,vacancy,rank,score,fit,appeal,fit_occupation,fit_skills,"
       "fit_experience,fit_education,appeal_occupation,appeal_wage,appeal_distance,distance_km,"
       "wage_gap,weaker. docs/matching.md explains each of them.\nExit codes: 0 ok, 1 failure, "
       "2 usage, 3 unknown id, empty database or broken model file."),
};

static int parse_args(int argc, char **argv, match_args *a)
{
    memset(a, 0, sizeof *a);
    int rc = cli_parse(&spec, argc, argv, a, NULL, NULL);
    if (rc != EXIT_OK)
        return rc;
    int modes = (a->seeker != NULL) + (a->vacancy != NULL) + a->all;
    if (modes != 1)
        return cli_usage_error("match", "give exactly one of --seeker ID, --vacancy ID or "
                                        "--all-seekers");
    if (a->all && !a->out)
        return cli_usage_error("match", "--all-seekers needs --out FILE");
    if (a->all && a->why)
        return cli_usage_error("match", "--why explains one pair: give --seeker or --vacancy");
    if (!a->format)
        a->format = a->all || a->excel ? "csv" : "table";
    if (a->why && (a->excel || strcmp(a->format, "xlsx") == 0))
        return cli_usage_error("match", "--why writes text or JSON, not a sheet");
    return cli_sheet_options("match", &a->format, a->excel, a->out, "match");
}

/* ---- output -------------------------------------------------------------------------------- */

static const char *num(char *buf, double v, int decimals);

static const char *fixed(char *buf, double v, int decimals)
{
    if (!isfinite(v))
        return "";
    return vl_format_fixed(buf, 32, v, decimals);
}

/* Matched or missing preferred skills of a result, joined with "; ". */
static void skills_text(const vl_vacancy *v, const vl_match_result *r, bool matched, char *buf,
                        size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < v->skills_preferred.n; i++) {
        if (vl_match_result_skill_matched(r, i) != matched)
            continue;
        int n =
            snprintf(buf + len, size - len, "%s%s", len ? "; " : "", v->skills_preferred.items[i]);
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
}

static void write_csv(FILE *f, const vl_dataset *ds, const vl_match_results *r)
{
    static const char *const head[] = {"seeker",
                                       "vacancy",
                                       "rank",
                                       "score",
                                       "fit",
                                       "appeal",
                                       "fit_occupation",
                                       "fit_skills",
                                       "fit_experience",
                                       "fit_education",
                                       "appeal_occupation",
                                       "appeal_wage",
                                       "appeal_distance",
                                       "distance_km",
                                       "wage_gap",
                                       "weaker"};
    /* a workbook is for people: its header in their language */
    static const char *const words[] = {N_("Seeker"),
                                        N_("Vacancy"),
                                        N_("Rank"),
                                        N_("Score"),
                                        N_("Fit"),
                                        N_("Appeal"),
                                        N_("Fit: occupation"),
                                        N_("Fit: skills"),
                                        N_("Fit: experience"),
                                        N_("Fit: education"),
                                        N_("Appeal: occupation"),
                                        N_("Appeal: wage"),
                                        N_("Appeal: distance"),
                                        N_("Distance (km)"),
                                        N_("Wage gap"),
                                        N_("Weaker side")};
    const char *shown[16];
    for (size_t i = 0; i < 16; i++)
        shown[i] = cli_sheet_xlsx() ? _(words[i]) : head[i];
    cli_csv_row(f, 16, shown);
    for (size_t i = 0; i < vl_match_results_count(r); i++) {
        const vl_match_result *m = vl_match_results_at(r, i);
        char b[13][32];
        snprintf(b[0], 32, "%u", m->rank);
        const char *row[16] = {ds->seekers[m->seeker].id,
                               ds->vacancies[m->vacancy].id,
                               b[0],
                               fixed(b[1], m->score, 4),
                               fixed(b[2], m->fit, 4),
                               fixed(b[3], m->appeal, 4),
                               fixed(b[4], m->fit_occupation, 4),
                               fixed(b[5], m->fit_skills, 4),
                               fixed(b[6], m->fit_experience, 4),
                               fixed(b[7], m->fit_education, 4),
                               fixed(b[8], m->appeal_occupation, 4),
                               fixed(b[9], m->appeal_wage, 4),
                               fixed(b[10], m->appeal_distance, 4),
                               fixed(b[11], m->distance_km, 1),
                               fixed(b[12], m->wage_gap, 0),
                               vl_match_side_name(m->weaker)};
        cli_csv_row(f, 16, row);
    }
}

/* The name of an employer or an area by its id (a table shows a handful of rows: a scan). */
static const char *employer_name(const vl_dataset *ds, const char *id)
{
    for (size_t i = 0; id && i < ds->n_employers; i++)
        if (strcmp(ds->employers[i].id, id) == 0)
            return ds->employers[i].name ? ds->employers[i].name : id;
    return id ? id : "";
}

/* An area's name on day d: a code reused by the 2025 reform names another commune before it
 * (10507 was Phường Cẩm Thượng, is Phường Thành Đông); a code not valid that day, its last name. */
static const char *area_name(const vl_dataset *ds, const char *code, int32_t d)
{
    const vl_area *last = NULL;
    for (size_t i = 0; code && i < ds->n_areas; i++) {
        const vl_area *x = &ds->areas[i];
        if (strcmp(x->code, code) != 0)
            continue;
        if ((!x->valid_from || x->valid_from <= d) && (!x->valid_to || x->valid_to >= d))
            return x->name ? x->name : code;
        if (!last || !x->valid_to || (last->valid_to && x->valid_to > last->valid_to))
            last = x;
    }
    return last && last->name ? last->name : code ? code : "";
}

/* In millions of dong, "8,8–12" in Vietnamese (the way a desk says it), one end when the
 * other is not given. */
static const char *wage_text(char *buf, size_t size, double lo, double hi)
{
    char a[32] = "", b[32] = "";
    if (lo > 0)
        vl_format_number(a, sizeof a, lo / 1e6, fmod(lo, 1e6) != 0 ? 1 : 0, NULL);
    if (hi > 0 && hi != lo)
        vl_format_number(b, sizeof b, hi / 1e6, fmod(hi, 1e6) != 0 ? 1 : 0, NULL);
    snprintf(buf, size, "%s%s%s", a, *a && *b ? "–" : "", b);
    return buf;
}

/*
 * The desk's table: what a clerk reads out to a seeker (occupation, employer, commune, wage,
 * closing date) or to an employer (the seekers' wished occupations, commune, wage asked), the
 * score and its two sides; text columns give way with "…" to fit the terminal.
 */
static void write_table(FILE *f, const vl_dataset *ds, const vl_match_results *r, bool by_vacancy,
                        int32_t as_of)
{
    enum { NC = 12 };
    const char *heads[NC] = {"#",           _("vacancy"), _("occupation"),
                             _("employer"), _("commune"), _("wage (million)"),
                             _("closes"),   _("score"),   _("fit"),
                             _("appeal"),   _("km"),      _("missing skills")};
    if (by_vacancy) {
        heads[1] = _("seeker");
        heads[2] = _("wished occupations");
        heads[3] = _("experience (years)");
        heads[5] = _("wage asked (million)");
        heads[6] = _("registered");
    }
    cli_table *t = cli_table_new(NC, heads);
    static const size_t numeric[] = {0, 5, 7, 8, 9, 10};
    for (size_t i = 0; i < sizeof numeric / sizeof numeric[0]; i++)
        cli_table_numeric(t, numeric[i], true);
    static const size_t shrink[] = {2, 3, 4, 11};
    for (size_t i = 0; i < sizeof shrink / sizeof shrink[0]; i++)
        cli_table_shrink(t, shrink[i]);
    for (size_t i = 0; i < vl_match_results_count(r); i++) {
        const vl_match_result *m = vl_match_results_at(r, i);
        const vl_vacancy *v = &ds->vacancies[m->vacancy];
        const vl_seeker *s = &ds->seekers[m->seeker];
        char rank[16], b[5][32], occ[512], wage[80], day[16] = "", missing[512], exp[32];
        snprintf(rank, sizeof rank, "%u", m->rank);
        skills_text(v, m, false, missing, sizeof missing);
        const char *where = isfinite(m->distance_km) ? num(b[3], m->distance_km, 1) : v->country;
        if (by_vacancy) {
            occ[0] = '\0';
            for (size_t k = 0; k < s->occupations.n && k < 3; k++) {
                size_t len = strlen(occ);
                const char *title = vl_occupation_title(s->occupations.items[k], NULL);
                snprintf(occ + len, sizeof occ - len, "%s%s", k ? "; " : "",
                         title ? title : s->occupations.items[k]);
            }
            vl_format_number(exp, sizeof exp, s->experience_years, 1, NULL);
            wage_text(wage, sizeof wage, s->wage_min, 0);
            if (s->registered)
                vl_format_date_text(day, sizeof day, s->registered, NULL);
        } else {
            const char *title = vl_occupation_title(v->occupation, NULL);
            snprintf(occ, sizeof occ, "%s%s%s", v->title ? v->title : "",
                     v->title && title ? " · " : "", title ? title : "");
            wage_text(wage, sizeof wage, v->wage_min, v->wage_max);
            if (v->closes)
                vl_format_date_text(day, sizeof day, v->closes, NULL);
        }
        const char *row[NC] = {rank,
                               by_vacancy ? s->id : v->id,
                               occ,
                               by_vacancy ? exp : employer_name(ds, v->employer),
                               by_vacancy ? area_name(ds, s->area, as_of)
                                          : (v->area ? area_name(ds, v->area, as_of) : v->country),
                               wage,
                               day,
                               num(b[0], m->score, 3),
                               num(b[1], m->fit, 3),
                               num(b[2], m->appeal, 3),
                               where,
                               missing};
        cli_table_row(t, row);
    }
    cli_table_print(t, f);
    cli_table_free(t);
}

/* Writes the results into an open output (committed or discarded by the caller). */
static vl_status write_results(const match_args *a, const vl_match_index *idx,
                               const vl_match_results *r, bool by_vacancy, FILE *f)
{
    const vl_dataset *ds = vl_match_index_dataset(idx);
    if (strcmp(a->format, "json") == 0) {
        char *json = vl_match_results_json(idx, r, true);
        if (!json)
            return VL_ERR_NOMEM;
        fprintf(f, "%s\n", json);
        free(json);
    } else if (strcmp(a->format, "csv") == 0) {
        write_csv(f, ds, r);
    } else {
        write_table(f, ds, r, by_vacancy, vl_match_index_as_of(idx));
    }
    return VL_OK;
}

/* ---- why (not) ------------------------------------------------------------------------------ */

static const char *edu_label(int level)
{
    const char *n = vl_education_name(level);
    return n ? n : _("unknown");
}

/* A date or a number in the language of messages (dd/mm/yyyy and 0,858 in Vietnamese). */
static const char *day(int32_t yyyymmdd, char buf[16])
{
    return vl_format_date_text(buf, 16, yyyymmdd, NULL);
}

static const char *num(char *buf, double v, int decimals)
{
    return vl_format_number(buf, 32, v, decimals, NULL);
}

/* One failed hard constraint as a sentence. */
static void why_failure(FILE *f, const vl_match_failure *x, int32_t as_of)
{
    char list[1024] = "", a[16], b[16];
    for (size_t i = 0; i < x->n_missing; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", x->missing[i]);
    }
    fputs("  - ", f);
    if (strcmp(x->constraint, "active") == 0)
        fprintf(f, "%s", _("the seeker is not active (placed or withdrawn)"));
    else if (strcmp(x->constraint, "open") == 0 && x->positions <= 0)
        fprintf(f, "%s", _("the vacancy has no positions left"));
    else if (strcmp(x->constraint, "open") == 0 && x->closes && x->closes < as_of)
        fprintf(f, _("the vacancy closed on %s"), day(x->closes, a));
    else if (strcmp(x->constraint, "open") == 0 && x->posted > as_of)
        fprintf(f, _("the vacancy is posted only from %s"), day(x->posted, a));
    else if (strcmp(x->constraint, "open") == 0)
        fprintf(f, "%s", _("the vacancy is not at this job fair"));
    else if (strcmp(x->constraint, "skills_required") == 0)
        fprintf(f, _("required skills the seeker lacks: %s"), list);
    else if (strcmp(x->constraint, "languages") == 0)
        fprintf(f, _("languages the seeker lacks at the level asked: %s"), list);
    else if (strcmp(x->constraint, "education") == 0)
        fprintf(f, _("education: the vacancy asks for at least %s, the seeker has %s"),
                edu_label(x->required), edu_label(x->has));
    else if (strcmp(x->constraint, "age") == 0 && x->age < 0)
        fprintf(f, "%s",
                _("age: the vacancy has age limits and the seeker's birth year is not known"));
    else if (strcmp(x->constraint, "age") == 0)
        fprintf(f, _("age: %d on the date, the vacancy asks for %s to %s"), x->age,
                x->min ? (snprintf(a, sizeof a, "%d", x->min), a) : "-",
                x->max ? (snprintf(b, sizeof b, "%d", x->max), b) : "-");
    else if (strcmp(x->constraint, "abroad") == 0)
        fprintf(f, _("the vacancy is abroad (%s), a country the seeker does not accept"),
                x->country);
    else if (strcmp(x->constraint, "distance") == 0) {
        char km[32], lim[32];
        fprintf(f, _("%s km away, beyond the seeker's commute limit of %s km"), num(km, x->km, 1),
                num(lim, x->limit, 0));
    } else if (strcmp(x->constraint, "area_unknown") == 0)
        fprintf(f, _("no distance: area %s has no known centre"), x->area ? x->area : "-");
    else
        fprintf(f, "%s", x->constraint);
    fputc('\n', f);
}

static const char *component_label(const char *name)
{
    static const struct {
        const char *name, *label;
    } labels[] = {
        {"fit_occupation", N_("fit: occupation")},
        {"fit_skills", N_("fit: preferred skills")},
        {"fit_experience", N_("fit: experience")},
        {"fit_education", N_("fit: education")},
        {"appeal_occupation", N_("appeal: wished occupation")},
        {"appeal_wage", N_("appeal: wage")},
        {"appeal_distance", N_("appeal: distance")},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].name, name) == 0)
            return _(labels[i].label);
    return name;
}

static vl_status write_why(vl_ctx *ctx, const match_args *a, const vl_match_index *idx,
                           const vl_match_why *w)
{
    vl_output *o = NULL;
    FILE *f = cli_open_out(ctx, a->out, &o);
    if (!f)
        return VL_ERR_IO;
    const vl_dataset *ds = vl_match_index_dataset(idx);
    const vl_seeker *s = &ds->seekers[w->seeker];
    const vl_vacancy *v = &ds->vacancies[w->vacancy];
    if (strcmp(a->format, "json") == 0) {
        char *json = vl_match_why_json(idx, w);
        if (!json)
            return cli_close_out(ctx, o, VL_ERR_NOMEM);
        fprintf(f, "%s\n", json);
        free(json);
    } else {
        char d[16], b[3][32];
        fprintf(f, _("Seeker %s and vacancy %s (%s), as of %s:\n"), s->id, v->id,
                v->title ? v->title : "", day(vl_match_index_as_of(idx), d));
        if (!w->eligible) {
            fprintf(f, "%s\n", _("not eligible: the pair fails these hard constraints"));
            for (size_t i = 0; i < w->n_failures; i++)
                why_failure(f, &w->failures[i], vl_match_index_as_of(idx));
        } else {
            fprintf(f,
                    w->by_vacancy ? _("eligible: score %s (fit %s, appeal %s), rank %zu of %zu "
                                      "eligible seekers\n")
                                  : _("eligible: score %s (fit %s, appeal %s), rank %zu of %zu "
                                      "eligible vacancies\n"),
                    num(b[0], w->result.score, 3), num(b[1], w->result.fit, 3),
                    num(b[2], w->result.appeal, 3), w->rank, w->n_eligible);
            if (w->result.score < w->min_score)
                fprintf(f, _("below the model's minimum score %s: never listed\n"),
                        num(b[0], w->min_score, 2));
            else if (w->listed)
                fprintf(f, _("in the list (top %zu)\n"), w->top);
            if (!w->listed && w->n_listed) {
                const char *last_id = w->by_vacancy ? ds->seekers[w->last.seeker].id
                                                    : ds->vacancies[w->last.vacancy].id;
                fprintf(f, _("not in the top %zu: %s below the last listed (%s, score %s)\n"),
                        w->top, num(b[0], w->gap, 3), last_id, num(b[1], w->last.score, 3));
                fprintf(f, "%s\n",
                        _("what made the gap (this pair -> the last listed, and the score this "
                          "pair would gain with the last one's value):"));
                for (size_t i = 0; i < w->n_parts; i++) {
                    const vl_match_gap_part *p = &w->parts[i];
                    if (p->effect <= 0)
                        continue;
                    char label[128];
                    vl_text_truncate(component_label(p->component), 28, label, sizeof label);
                    fprintf(f, "  %s%*s %s -> %s  +%s\n", label, (int)(28 - vl_text_width(label)),
                            "", num(b[0], p->value, 3), num(b[1], p->last, 3),
                            num(b[2], p->effect, 3));
                }
            }
        }
    }
    return cli_close_out(ctx, o, VL_OK);
}

/* ---- the command ---------------------------------------------------------------------------- */

static const char *model_path(const match_args *a, char *buf, size_t size)
{
    return a->model ? a->model : cli_model_path("matching.yaml", buf, size);
}

int cmd_match(cli_global *g, int argc, char **argv)
{
    match_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    char path_buf[4096];
    const char *mpath = model_path(&a, path_buf, sizeof path_buf);
    vl_match_model *model = NULL;
    vl_db *db = NULL;
    vl_dataset *ds = NULL;
    vl_match_index *idx = NULL;
    vl_match_results *res = NULL;
    int64_t run = 0;
    char *cmd = NULL;
    const char *what = "match";
    bool run_open = false;
    vl_status st = VL_OK;

    if (!vl_db_is_url(g->db_path) && access(g->db_path, F_OK) != 0) {
        fprintf(stderr,
                _("vieclam match: no database at %s (create one with `vieclam init` and "
                  "import data)\n"),
                g->db_path);
        rc = EXIT_DATA;
        goto done;
    }
    /* every match is audited (a single query reads a person's record), failed ones too */
    st = vl_db_open(ctx, g->db_path, 0, &db);
    if (st == VL_OK) {
        cmd = cli_command_line(g);
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "match", mpath, NULL, 0, &run);
        run_open = st == VL_OK;
    }
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "reading the database");
        goto done;
    }
    st = vl_match_model_load(ctx, mpath, &model);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "model file");
        if (st == VL_ERR_IO)
            rc = EXIT_DATA; /* a model file that cannot be read is a broken input */
        goto done;
    }
    /* as of a past date, the hires as they stood then */
    st = vl_db_load_dataset_at(ctx, db, a.as_of, &ds);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "reading the database");
        goto done;
    }
    if (ds->n_vacancies == 0 || ds->n_seekers == 0) {
        fprintf(stderr,
                _("vieclam match: the database at %s holds %zu vacancies and %zu seekers: "
                  "import both first (`vieclam import vacancies FILE`, "
                  "`vieclam import seekers FILE`)\n"),
                g->db_shown, ds->n_vacancies, ds->n_seekers);
        rc = EXIT_DATA;
        goto done;
    }
    vl_match_options opt = {.as_of = a.as_of};
    st = vl_match_index_create(ctx, ds, model, &opt, &idx);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "building the match index");
        goto done;
    }
    size_t top = a.top ? a.top : vl_match_model_top(model);
    unsigned flags = a.exhaustive ? VL_MATCH_EXHAUSTIVE : 0;
    if (a.all) {
        what = "match --all-seekers";
        st = vl_match_all_seekers(ctx, idx, top, flags, &res);
        /* the stored results and the file land together: the file is renamed into place
         * inside the transaction, and a failed write rolls the stored results back */
        bool in_tx = false;
        if (st == VL_OK && (st = vl_db_begin(ctx, db)) == VL_OK)
            in_tx = true;
        if (st == VL_OK)
            st = vl_match_results_store(ctx, db, run, idx, res);
        if (st == VL_OK) {
            vl_output *o = NULL;
            FILE *f = cli_open_out(ctx, a.out, &o);
            st = f ? cli_close_out(ctx, o, write_results(&a, idx, res, false, f)) : VL_ERR_IO;
        }
        /* ... and the run's end with them: no stored results of an unfinished run */
        char summary[256];
        snprintf(summary, sizeof summary,
                 "{\"seekers\":%zu,\"vacancies\":%zu,\"results\":%zu,\"top\":%zu}",
                 vl_match_index_seeker_count(idx), vl_match_index_vacancy_count(idx),
                 res ? vl_match_results_count(res) : 0, top);
        if (st == VL_OK && run > 0)
            st = vl_db_run_end(ctx, db, run, VL_OK, summary);
        if (in_tx)
            st = st == VL_OK ? vl_db_commit(ctx, db) : (vl_db_rollback(db), st);
        if (run > 0) {
            if (st != VL_OK)
                vl_db_run_end(NULL, db, run, st, NULL);
            run_open = false;
        }
        if (st != VL_OK) {
            rc = cli_fail(ctx, st, what);
            goto done;
        }
        if (!g->quiet)
            fprintf(stderr,
                    _("vieclam match: %zu results for %zu active seekers (%zu open "
                      "vacancies), stored as run %lld, written to %s\n"),
                    vl_match_results_count(res), vl_match_index_seeker_count(idx),
                    vl_match_index_vacancy_count(idx), (long long)run, a.out);
        rc = EXIT_OK;
        goto done;
    }

    bool by_vacancy = a.vacancy != NULL;
    if (a.why) {
        vl_match_why *w = NULL;
        /* audited as the desk audits its "why" (the pair's records are read) */
        st = cli_audit(ctx, db, "why", by_vacancy ? "vacancy" : "seeker",
                       by_vacancy ? a.vacancy : a.seeker, a.why);
        if (st == VL_OK)
            st = vl_match_why_create(ctx, idx, by_vacancy ? a.why : a.seeker,
                                     by_vacancy ? a.vacancy : a.why, by_vacancy, top, &w);
        if (st == VL_OK)
            st = write_why(ctx, &a, idx, w);
        vl_match_why_destroy(w);
        rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, "match --why");
        goto done;
    }
    st = by_vacancy ? vl_match_by_vacancy(ctx, idx, a.vacancy, top, flags, &res)
                    : vl_match_by_seeker(ctx, idx, a.seeker, top, flags, &res);
    /* audited as the desk audits them: a seeker's list, or a vacancy's shortlist with the ids
     * of the seekers it names (so that `provide seeker` finds it) */
    if (st == VL_OK && !by_vacancy) {
        st = cli_audit(ctx, db, "match", "seeker", a.seeker, NULL);
    } else if (st == VL_OK) {
        size_t n = vl_match_results_count(res), len = 1;
        for (size_t i = 0; i < n; i++)
            len += strlen(ds->seekers[vl_match_results_at(res, i)->seeker].id) + 1;
        char *ids = calloc(1, len);
        for (size_t i = 0; ids && i < n; i++) {
            if (i)
                strcat(ids, ",");
            strcat(ids, ds->seekers[vl_match_results_at(res, i)->seeker].id);
        }
        st = ids ? cli_audit(ctx, db, "shortlist", "vacancy", a.vacancy, ids) : VL_ERR_NOMEM;
        free(ids);
    }
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "match");
        goto done;
    }
    size_t pos;
    /* why nothing is proposed, when it is not the minimum score */
    bool inactive = !by_vacancy && vl_match_index_find_seeker(idx, a.seeker, &pos) &&
                    !vl_match_index_seeker_active(idx, pos);
    bool closed = by_vacancy && vl_match_index_find_vacancy(idx, a.vacancy, &pos) &&
                  !vl_match_index_has_vacancy(idx, pos);
    if (inactive)
        fprintf(stderr, _("vieclam match: seeker %s is not active: no vacancies are proposed\n"),
                a.seeker);
    if (closed)
        fprintf(stderr,
                _("vieclam match: vacancy %s is not open on the as-of date (or has no "
                  "positions): no seekers are proposed\n"),
                a.vacancy);
    vl_output *o = NULL;
    FILE *f = cli_open_out(ctx, a.out, &o);
    st = f ? cli_close_out(ctx, o, write_results(&a, idx, res, by_vacancy, f)) : VL_ERR_IO;
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, _("writing the results"));
        goto done;
    }
    if (strcmp(a.format, "table") == 0 && vl_match_results_count(res) == 0 && !inactive &&
        !closed) {
        char ms[32];
        fprintf(stderr, _("vieclam match: no eligible pair scores at least %s\n"),
                cli_num(ms, sizeof ms, vl_match_model_min_score(model), 2));
    }
    rc = EXIT_OK;
done:
    if (run_open)
        vl_db_run_end(NULL, db, run, cli_exit_status(rc, st), NULL);
    free(cmd);
    vl_match_results_destroy(res);
    vl_match_index_destroy(idx);
    vl_dataset_destroy(ds);
    vl_db_close(db);
    vl_match_model_destroy(model);
    vl_ctx_destroy(ctx);
    return rc;
}
