/*
 * cmd-match.c - `vieclam match`: the best vacancies for a seeker (--seeker), the best seekers
 * for a vacancy (--vacancy), or the nightly batch for every active seeker (--all-seekers, on
 * all threads, results stored in the database under a run id and written to --out). Output as
 * an aligned table, CSV (seeker,vacancy,rank,score,fit,appeal, then the components) or JSON
 * with the explanations. Ids only: no seeker's name or other personal data is printed.
 *
 * The model file is --model, else $VIECLAM_MODELS/matching.yaml, else VL_MODELS_DIR (the
 * source tree's models/). Unknown ids, an empty database or a broken model file: exit 3.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#ifndef VL_MODELS_DIR
#define VL_MODELS_DIR "models"
#endif

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vieclam [--db PATH] [--threads N] match --seeker ID [options]\n"
            "       vieclam [--db PATH] [--threads N] match --vacancy ID [options]\n"
            "       vieclam [--db PATH] [--threads N] match --all-seekers --out FILE [options]\n"
            "\n"
            "Ranks the open vacancies for a job seeker, or the active seekers for a vacancy, by\n"
            "a score that combines fit (the employer's view) and appeal (the seeker's view),\n"
            "with the reasons. Only pairs that meet every hard constraint (required skills,\n"
            "languages, education, age, countries abroad, commute distance) are listed.\n"
            "--all-seekers ranks vacancies for every active seeker on all threads, stores the\n"
            "results in the database under a new run id and writes them to --out.\n"
            "\n"
            "Options:\n"
            "  --top N            results per seeker/vacancy (default: the model's results.top)\n"
            "  --as-of DATE       vacancies open on DATE (YYYY-MM-DD), ages on DATE (default:\n"
            "                     today)\n"
            "  --model FILE       matching model (default $VIECLAM_MODELS/matching.yaml, else\n"
            "                     the bundled models/matching.yaml)\n"
            "  --format FMT       table (default; csv for --all-seekers), csv or json\n"
            "  --out FILE         write the results to FILE (default: standard output)\n"
            "  --exhaustive       score every pair instead of using the index (same results)\n"
            "\n"
            "CSV columns: seeker,vacancy,rank,score,fit,appeal,fit_occupation,fit_skills,\n"
            "fit_experience,fit_education,appeal_occupation,appeal_wage,appeal_distance,\n"
            "distance_km,wage_gap,weaker. docs/matching.md explains each of them.\n"
            "Exit codes: 0 ok, 1 failure, 2 usage, 3 unknown id, empty database or broken\n"
            "model file.\n");
}

typedef struct match_args {
    const char *seeker, *vacancy, *model, *out;
    bool all, exhaustive, format_given;
    size_t top; /* 0 = the model's */
    int32_t as_of;
    cli_format format;
} match_args;

static int parse_args(int argc, char **argv, match_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = strcmp(o, "--seeker") == 0 || strcmp(o, "--vacancy") == 0 ||
                     strcmp(o, "--top") == 0 || strcmp(o, "--as-of") == 0 ||
                     strcmp(o, "--model") == 0 || strcmp(o, "--format") == 0 ||
                     strcmp(o, "--out") == 0;
        if (takes && !v)
            return cli_usage_error("match", "%s needs a value", o);
        if (strcmp(o, "--seeker") == 0) {
            a->seeker = v;
        } else if (strcmp(o, "--vacancy") == 0) {
            a->vacancy = v;
        } else if (strcmp(o, "--all-seekers") == 0) {
            a->all = true;
        } else if (strcmp(o, "--exhaustive") == 0) {
            a->exhaustive = true;
        } else if (strcmp(o, "--top") == 0) {
            char *end;
            errno = 0;
            unsigned long n = strtoul(v, &end, 10);
            if (*end || errno || n < 1 || n > 100000 || v[0] == '-')
                return cli_usage_error("match", "--top wants a number 1..100000, not '%s'", v);
            a->top = n;
        } else if (strcmp(o, "--as-of") == 0) {
            if (!vl_parse_date(v, &a->as_of))
                return cli_usage_error("match", "--as-of wants a date YYYY-MM-DD, not '%s'", v);
        } else if (strcmp(o, "--model") == 0) {
            a->model = v;
        } else if (strcmp(o, "--format") == 0) {
            if (!cli_parse_format(v, &a->format))
                return cli_usage_error("match", "--format wants table, csv or json, not '%s'", v);
            a->format_given = true;
        } else if (strcmp(o, "--out") == 0) {
            a->out = v;
        } else {
            usage(stderr);
            return cli_usage_error("match", "unknown option '%s'", o);
        }
        if (takes)
            i++;
    }
    int modes = (a->seeker != NULL) + (a->vacancy != NULL) + a->all;
    if (modes != 1) {
        usage(stderr);
        return cli_usage_error("match", "give exactly one of --seeker ID, --vacancy ID or "
                                        "--all-seekers");
    }
    if (a->all && !a->out)
        return cli_usage_error("match", "--all-seekers needs --out FILE");
    if (a->all && !a->format_given)
        a->format = FMT_CSV;
    return EXIT_OK;
}

/* ---- output -------------------------------------------------------------------------------- */

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
    cli_csv_row(f, 16, head);
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

static void write_table(FILE *f, const vl_dataset *ds, const vl_match_results *r, bool by_vacancy)
{
    static const char *const head[] = {
        "#",      "vacancy", "title", "score",    "fit",
        "appeal", "weaker",  "km",    "wage gap", "preferred skills held",
        "missing"};
    const char *heads[11];
    memcpy(heads, head, sizeof heads);
    if (by_vacancy) {
        heads[1] = "seeker";
        heads[2] = "wishes";
    }
    cli_table *t = cli_table_new(11, heads);
    size_t numeric[] = {0, 3, 4, 5, 7, 8};
    for (size_t i = 0; i < sizeof numeric / sizeof numeric[0]; i++)
        cli_table_numeric(t, numeric[i], true);
    for (size_t i = 0; i < vl_match_results_count(r); i++) {
        const vl_match_result *m = vl_match_results_at(r, i);
        const vl_vacancy *v = &ds->vacancies[m->vacancy];
        const vl_seeker *s = &ds->seekers[m->seeker];
        char rank[16], b[6][32], title[128], held[512], missing[512], wishes[64] = "";
        snprintf(rank, sizeof rank, "%u", m->rank);
        vl_text_truncate(v->title ? v->title : "", 36, title, sizeof title);
        for (size_t k = 0; k < s->occupations.n && k < 3; k++) {
            size_t len = strlen(wishes);
            snprintf(wishes + len, sizeof wishes - len, "%s%s", k ? " " : "",
                     s->occupations.items[k]);
        }
        skills_text(v, m, true, held, sizeof held);
        skills_text(v, m, false, missing, sizeof missing);
        const char *where = isfinite(m->distance_km) ? fixed(b[3], m->distance_km, 1) : v->country;
        const char *row[11] = {rank,
                               by_vacancy ? s->id : v->id,
                               by_vacancy ? wishes : title,
                               fixed(b[0], m->score, 3),
                               fixed(b[1], m->fit, 3),
                               fixed(b[2], m->appeal, 3),
                               vl_match_side_name(m->weaker),
                               where,
                               fixed(b[4], m->wage_gap, 0),
                               held,
                               missing};
        cli_table_row(t, row);
    }
    cli_table_print(t, f);
    cli_table_free(t);
}

static vl_status write_results(const match_args *a, const vl_match_index *idx,
                               const vl_match_results *r, bool by_vacancy)
{
    FILE *f = cli_open_out(a->out);
    if (!f)
        return VL_ERR_IO;
    const vl_dataset *ds = vl_match_index_dataset(idx);
    if (a->format == FMT_JSON) {
        char *json = vl_match_results_json(idx, r, true);
        if (!json) {
            cli_close_out(f);
            return VL_ERR_NOMEM;
        }
        fprintf(f, "%s\n", json);
        free(json);
    } else if (a->format == FMT_CSV) {
        write_csv(f, ds, r);
    } else {
        write_table(f, ds, r, by_vacancy);
    }
    bool bad = ferror(f) != 0;
    cli_close_out(f);
    return bad ? VL_ERR_IO : VL_OK;
}

/* ---- the command ---------------------------------------------------------------------------- */

static const char *model_path(const match_args *a, char *buf, size_t size)
{
    if (a->model)
        return a->model;
    const char *dir = getenv("VIECLAM_MODELS");
    snprintf(buf, size, "%s/matching.yaml", dir && *dir ? dir : VL_MODELS_DIR);
    return buf;
}

int cmd_match(cli_global *g, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
    match_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != EXIT_OK)
        return rc;
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

    vl_status st = vl_match_model_load(ctx, mpath, &model);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "model file");
        if (st == VL_ERR_IO)
            rc = EXIT_DATA; /* a model file that cannot be read is a broken input */
        goto done;
    }
    if (access(g->db_path, F_OK) != 0) {
        fprintf(stderr,
                "vieclam match: no database at %s (create one with `vieclam init` and "
                "import data)\n",
                g->db_path);
        rc = EXIT_DATA;
        goto done;
    }
    st = vl_db_open(ctx, g->db_path, a.all ? 0 : VL_DB_READONLY, &db);
    if (st == VL_OK)
        st = vl_db_load_dataset(ctx, db, &ds);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "reading the database");
        goto done;
    }
    if (ds->n_vacancies == 0 || ds->n_seekers == 0) {
        fprintf(stderr,
                "vieclam match: the database at %s holds %zu vacancies and %zu seekers: "
                "import both first (`vieclam import vacancies FILE`, "
                "`vieclam import seekers FILE`)\n",
                g->db_path, ds->n_vacancies, ds->n_seekers);
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
        cmd = cli_command_line(g);
        what = "match --all-seekers";
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "match --all-seekers", mpath, NULL, 0, &run);
        if (st == VL_OK)
            st = vl_match_all_seekers(ctx, idx, top, flags, &res);
        if (st == VL_OK)
            st = vl_match_results_store(ctx, db, run, idx, res);
        if (st == VL_OK)
            st = write_results(&a, idx, res, false);
        if (run > 0) {
            char summary[256];
            snprintf(summary, sizeof summary,
                     "{\"seekers\":%zu,\"vacancies\":%zu,\"results\":%zu,\"top\":%zu}",
                     vl_match_index_seeker_count(idx), vl_match_index_vacancy_count(idx),
                     vl_match_results_count(res), top);
            vl_status end = vl_db_run_end(ctx, db, run, st, st == VL_OK ? summary : NULL);
            if (st == VL_OK)
                st = end;
        }
        if (st != VL_OK) {
            rc = cli_fail(ctx, st, what);
            goto done;
        }
        if (!g->quiet)
            fprintf(stderr,
                    "vieclam match: %zu results for %zu active seekers (%zu open "
                    "vacancies), stored as run %lld, written to %s\n",
                    vl_match_results_count(res), vl_match_index_seeker_count(idx),
                    vl_match_index_vacancy_count(idx), (long long)run, a.out);
        rc = EXIT_OK;
        goto done;
    }

    bool by_vacancy = a.vacancy != NULL;
    st = by_vacancy ? vl_match_by_vacancy(ctx, idx, a.vacancy, top, flags, &res)
                    : vl_match_by_seeker(ctx, idx, a.seeker, top, flags, &res);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "match");
        goto done;
    }
    size_t pos;
    if (!by_vacancy && vl_match_index_find_seeker(idx, a.seeker, &pos) &&
        !vl_match_index_seeker_active(idx, pos))
        fprintf(stderr, "vieclam match: seeker %s is not active: no vacancies are proposed\n",
                a.seeker);
    if (by_vacancy && vl_match_index_find_vacancy(idx, a.vacancy, &pos) &&
        !vl_match_index_has_vacancy(idx, pos))
        fprintf(stderr,
                "vieclam match: vacancy %s is not open on the as-of date (or has no "
                "positions): no seekers are proposed\n",
                a.vacancy);
    st = write_results(&a, idx, res, by_vacancy);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "writing the results");
        goto done;
    }
    if (a.format == FMT_TABLE && vl_match_results_count(res) == 0)
        fprintf(stderr, "vieclam match: no eligible pair scores at least %.2f\n",
                vl_match_model_min_score(model));
    rc = EXIT_OK;
done:
    free(cmd);
    vl_match_results_destroy(res);
    vl_match_index_destroy(idx);
    vl_dataset_destroy(ds);
    vl_db_close(db);
    vl_match_model_destroy(model);
    vl_ctx_destroy(ctx);
    return rc;
}
