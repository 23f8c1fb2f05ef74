/*
 * cmd-fair.c - `vieclam fair plan` and `vieclam fair candidates`: plan a job fair's invitations
 * (flow, stable or greedy) from the candidate pairs matching finds, write the outputs, store the
 * plan as a run and print a summary with the greedy baseline beside it. Public API only.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <strings.h>

#include "cli.h"

typedef struct fair_args {
    const char *sub, *fair, *out, *model, *match_model, *as_of_text, *province;
    bool all_open, excel;
    const char *method, *per_position, *per_seeker, *min_score, *candidates, *coverage, *vacancy,
        *priority;
    int32_t as_of;
} fair_args;

/* Applies a numeric flag to a parameter; prints and returns false when it is not a number. */
static bool flag_double(const char *name, const char *text, double *out)
{
    if (!text)
        return true;
    if (!vl_parse_double(text, out)) {
        fprintf(stderr, _("vieclam fair: %s must be a number with a decimal point (got '%s')\n"),
                name, text);
        return false;
    }
    return true;
}

static bool flag_int(const char *name, const char *text, int *out)
{
    if (!text)
        return true;
    long long v;
    if (!vl_parse_long(text, &v) || v < -1000000 || v > 1000000) {
        fprintf(stderr, _("vieclam fair: %s must be a whole number (got '%s')\n"), name, text);
        return false;
    }
    *out = (int)v;
    return true;
}

static const char *env_model(const char *name, char *buf, size_t size)
{
    const char *dir = getenv("VIECLAM_MODELS");
    if (!dir || !*dir)
        return NULL;
    snprintf(buf, size, "%s/%s", dir, name);
    struct stat sb;
    return stat(buf, &sb) == 0 ? buf : NULL;
}

/* Loads and overrides the parameters; on a problem prints it and returns the exit code. */
static int load_params(vl_ctx *ctx, const fair_args *a, const char *model, vl_fair_params *p)
{
    vl_fair_params_default(p);
    if (model) {
        vl_status st = vl_fair_params_load(ctx, model, p);
        /* a model file that is missing, unreadable or broken is a broken input: exit 3, as in
         * `match` (only running out of memory is a failure of the run itself) */
        if (st != VL_OK) {
            cli_fail(ctx, st, "fair model");
            return st == VL_ERR_NOMEM ? EXIT_FAIL : EXIT_DATA;
        }
    }
    if (a->method && !vl_fair_method_parse(a->method, &p->method))
        return cli_usage_error("fair", "--method must be flow, stable or greedy (got '%s')",
                               a->method);
    if (!flag_double("--per-position", a->per_position, &p->per_position) ||
        !flag_int("--per-seeker", a->per_seeker, &p->per_seeker) ||
        !flag_double("--min-score", a->min_score, &p->min_score) ||
        !flag_int("--candidates", a->candidates, &p->candidates_per_seeker) ||
        !flag_double("--coverage-bonus", a->coverage, &p->coverage_bonus) ||
        !flag_double("--vacancy-bonus", a->vacancy, &p->vacancy_bonus) ||
        !flag_double("--priority-bonus", a->priority, &p->priority_bonus))
        return EXIT_DATA;
    vl_status st = vl_fair_params_check(ctx, p);
    if (st != VL_OK) {
        cli_fail(ctx, st, "fair");
        return EXIT_DATA; /* a value out of range is invalid data, not a usage slip */
    }
    return EXIT_OK;
}

/* Defaults as help shows them: the library's built-in fair model (equal to models/fair.yaml). */
static vl_fair_params defaults(void)
{
    vl_fair_params p;
    vl_fair_params_default(&p);
    return p;
}

static const char *num_text(char *buf, size_t size, double v)
{
    return vl_format_double(buf, size, v, 6);
}

static const char *def_method(char *buf, size_t size)
{
    snprintf(buf, size, "%s", vl_fair_method_name(defaults().method));
    return buf;
}
static const char *def_per_position(char *buf, size_t size)
{
    return num_text(buf, size, defaults().per_position);
}
static const char *def_per_seeker(char *buf, size_t size)
{
    snprintf(buf, size, "%d", defaults().per_seeker);
    return buf;
}
static const char *def_min_score(char *buf, size_t size)
{
    return num_text(buf, size, defaults().min_score);
}
static const char *def_candidates(char *buf, size_t size)
{
    snprintf(buf, size, "%d", defaults().candidates_per_seeker);
    return buf;
}
static const char *def_coverage(char *buf, size_t size)
{
    return num_text(buf, size, defaults().coverage_bonus);
}
static const char *def_vacancy(char *buf, size_t size)
{
    return num_text(buf, size, defaults().vacancy_bonus);
}
static const char *def_priority(char *buf, size_t size)
{
    return num_text(buf, size, defaults().priority_bonus);
}

static const cli_opt fair_opts[] = {
    {"--fair", N_("ID"), CLI_STR, offsetof(fair_args, fair),
     N_("the vacancies whose fair cell is ID")},
    {"--all-open", NULL, CLI_FLAG, offsetof(fair_args, all_open), N_("every open vacancy instead")},
    {"--out", N_("DIR|FILE"), CLI_STR, offsetof(fair_args, out),
     N_("where the outputs go (plan: a directory; candidates: a file, - for standard output)")},
    {"--excel", NULL, CLI_FLAG, offsetof(fair_args, excel),
     N_("CSV for a Vietnamese Excel: a byte order mark and ';' between cells (candidates: a "
        "FILE.xlsx is a workbook)")},
    {"--method", N_("M"), CLI_STR, offsetof(fair_args, method),
     N_("flow (exact), stable or greedy"), NULL, NULL, 0, 0, NULL, def_method},
    {"--per-position", N_("P"), CLI_STR, offsetof(fair_args, per_position),
     N_("invitations per open position, (0, 100]"), NULL, NULL, 0, 0, NULL, def_per_position},
    {"--per-seeker", N_("K"), CLI_STR, offsetof(fair_args, per_seeker),
     N_("most invitations per seeker, 1..100"), NULL, NULL, 0, 0, NULL, def_per_seeker},
    {"--min-score", N_("S"), CLI_STR, offsetof(fair_args, min_score),
     N_("lowest match score of a candidate pair, 0..1"), NULL, NULL, 0, 0, NULL, def_min_score},
    {"--candidates", N_("C"), CLI_STR, offsetof(fair_args, candidates),
     N_("most candidate pairs per seeker, 1..1000"), NULL, NULL, 0, 0, NULL, def_candidates},
    {"--coverage-bonus", N_("B"), CLI_STR, offsetof(fair_args, coverage),
     N_("bonus per seeker invited at least once, 0..10"), NULL, NULL, 0, 0, NULL, def_coverage},
    {"--vacancy-bonus", N_("BV"), CLI_STR, offsetof(fair_args, vacancy),
     N_("bonus per vacancy with an invitation, 0..10"), NULL, NULL, 0, 0, NULL, def_vacancy},
    {"--priority-bonus", N_("BP"), CLI_STR, offsetof(fair_args, priority),
     N_("bonus per priority-group seeker invited, 0..10"), NULL, NULL, 0, 0, NULL, def_priority},
    {"--as-of", N_("DATE"), CLI_STR, offsetof(fair_args, as_of_text),
     N_("plan for vacancies open on DATE (YYYY-MM-DD)"), NULL, N_("today")},
    {"--model", N_("FILE"), CLI_STR, offsetof(fair_args, model),
     N_("the fair model (each option above overrides one of its keys)"), NULL,
     N_("$VIECLAM_MODELS/fair.yaml when it exists, else the built-in defaults shown here")},
    {"--match-model", N_("FILE"), CLI_STR, offsetof(fair_args, match_model),
     N_("the matching model"), NULL,
     N_("$VIECLAM_MODELS/matching.yaml when it exists, else the built-in defaults")},
    {"--province", N_("CODES"), CLI_STR, offsetof(fair_args, province),
     N_("on a database several provinces share, plan over these provinces' seekers and "
        "vacancies (31 or 31,01) and those open to every province, as their server's desk does"),
     NULL, N_("every province")},
};

static const char *const fair_words[] = {"plan", "candidates", NULL};

static const cli_spec fair_spec = {
    "fair",
    N_("vieclam fair plan (--fair ID | --all-open) --out DIR [options]\n"
       "       vieclam fair candidates (--fair ID | --all-open) --out FILE [options]"),
    N_("Plans who is invited to which employer's booth at a job fair: at most per-seeker "
       "invitations per seeker, at most ceil(per-position x positions) per vacancy, only "
       "eligible pairs with score >= min-score (docs/fair.md)."),
    CLI_OPTS(fair_opts),
    1,
    1,
    fair_words,
    N_("plan writes DIR/invitations.csv, DIR/shortlists/EMPLOYER.{csv,xlsx}, DIR/slips/SEEKER.txt "
       "and DIR/summary.json; candidates writes seeker,vacancy,score.\nExit codes: 0 ok, 1 "
       "failure, 2 usage, 3 invalid data (unknown fair, values out of range, broken model "
       "file)."),
};

static int parse_args(int argc, char **argv, fair_args *a)
{
    memset(a, 0, sizeof *a);
    const char *pos[1] = {NULL};
    int rc = cli_parse(&fair_spec, argc, argv, a, pos, NULL);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? -1 : rc;
    a->sub = pos[0];
    if (strcmp(a->sub, "plan") != 0 && strcmp(a->sub, "candidates") != 0)
        return cli_usage_error("fair", "unknown subcommand '%s' (plan or candidates)", a->sub);
    if (!a->fair == !a->all_open)
        return cli_usage_error("fair", "give exactly one of --fair ID and --all-open");
    if (!a->out)
        return cli_usage_error("fair", "--out is required");
    if (strcmp(a->sub, "candidates") == 0) {
        size_t n = strlen(a->out);
        const char *format = n > 5 && strcasecmp(a->out + n - 5, ".xlsx") == 0 ? "xlsx" : "csv";
        if ((rc = cli_sheet_options("fair", &format, a->excel, a->out, _("Candidates"))) != EXIT_OK)
            return rc;
    }
    if (a->as_of_text && !cli_parse_date(a->as_of_text, &a->as_of)) {
        fprintf(stderr, _("vieclam fair: --as-of must be a date YYYY-MM-DD (got '%s')\n"),
                a->as_of_text);
        return EXIT_DATA;
    }
    return EXIT_OK;
}

static void metric_row(cli_table *t, const char *name, const char *a, const char *b)
{
    const char *cells[] = {_(name), a, b};
    cli_table_row(t, cells);
}

/* A count grouped as the decimals beside it are ("1.083" in vi), "N / OF" with a total. */
static void count(char out[64], size_t n, size_t of, bool with_total)
{
    char a[32], b[32];
    cli_num(a, sizeof a, (double)n, 0);
    if (with_total)
        snprintf(out, 64, "%s / %s", a, cli_num(b, sizeof b, (double)of, 0));
    else
        snprintf(out, 64, "%s", a);
}

static void print_summary(const vl_fair_plan *plan, const vl_fair_plan *base)
{
    const char *head[] = {_("figure"), vl_fair_method_name(plan->method),
                          base ? vl_fair_method_name(base->method) : ""};
    cli_table *t = cli_table_new(base ? 3 : 2, head);
    cli_table_numeric(t, 1, true);
    if (base)
        cli_table_numeric(t, 2, true);
    const vl_fair_metrics *m[2] = {&plan->metrics, base ? &base->metrics : NULL};
    char v[2][64];
#define ROW(name, fmt_expr)                                                                        \
    do {                                                                                           \
        for (int k = 0; k < 2; k++) {                                                              \
            const vl_fair_metrics *x = m[k];                                                       \
            if (x)                                                                                 \
                fmt_expr;                                                                          \
            else                                                                                   \
                v[k][0] = '\0';                                                                    \
        }                                                                                          \
        metric_row(t, name, v[0], v[1]);                                                           \
    } while (0)
    ROW(N_("eligible seekers"), count(v[k], x->seekers, 0, false));
    ROW(N_("seekers invited"), count(v[k], x->seekers_invited, 0, false));
    ROW(N_("share invited"), cli_num(v[k], 64, 100 * x->seekers_invited_share, 1));
    ROW(N_("priority seekers invited"),
        count(v[k], x->priority_invited, x->priority_seekers, true));
    ROW(N_("vacancies covered"), count(v[k], x->vacancies_covered, x->vacancies, true));
    ROW(N_("positions covered"), count(v[k], x->positions_covered, x->positions, true));
    ROW(N_("invitations"), count(v[k], x->invitations, 0, false));
    ROW(N_("vacancies over capacity"), count(v[k], x->over_capacity, 0, false));
    ROW(N_("invitations per position, max"), cli_num(v[k], 64, x->per_position_max, 2));
    ROW(N_("invitations per position, Gini"), cli_num(v[k], 64, x->per_position_gini, 3));
    ROW(N_("objective"), cli_num(v[k], 64, x->objective, 3));
    ROW(N_("total score"), cli_num(v[k], 64, x->score_total, 3));
    ROW(N_("mean score"), cli_num(v[k], 64, x->score_mean, 3));
#undef ROW
    cli_table_print(t, stdout);
    cli_table_free(t);
}

/* The ids of the seekers the candidate pairs name, once each, joined by commas (the audit's
 * detail, so that `provide seeker` finds the list that named them); NULL when out of memory. */
static char *candidate_ids(const vl_fair_problem *pb)
{
    bool *named = calloc(pb->n_seekers ? pb->n_seekers : 1, sizeof *named);
    size_t len = 1;
    for (size_t i = 0; named && i < pb->n_pairs; i++) {
        size_t s = pb->pairs[i].seeker;
        if (!named[s])
            len += strlen(pb->seeker_ids[s]) + 1;
        named[s] = true;
    }
    char *ids = named ? malloc(len) : NULL;
    if (ids) {
        char *p = ids;
        for (size_t s = 0; s < pb->n_seekers; s++)
            if (named[s])
                p += sprintf(p, "%s%s", p == ids ? "" : ",", pb->seeker_ids[s]);
        *p = '\0';
    }
    free(named);
    return ids;
}

static int write_candidates(vl_ctx *ctx, const vl_fair_input *in, const char *path)
{
    /* a workbook is for people: headers in their language; a CSV keeps the contract's */
    size_t n = strlen(path);
    bool xlsx = n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
    vl_output *o = NULL;
    FILE *f = cli_open_out(ctx, path, &o);
    if (!f)
        return cli_fail(ctx, VL_ERR_IO, "fair candidates");
    const vl_fair_problem *pb = vl_fair_input_problem(in);
    const char *head[] = {xlsx ? _("Seeker") : "seeker", xlsx ? _("Vacancy") : "vacancy",
                          xlsx ? _("Score") : "score"};
    cli_csv_row(f, 3, head);
    for (size_t i = 0; i < pb->n_pairs; i++) {
        char sc[32];
        const char *row[] = {pb->seeker_ids[pb->pairs[i].seeker],
                             pb->vacancy_ids[pb->pairs[i].vacancy],
                             vl_format_fixed(sc, sizeof sc, pb->pairs[i].score, xlsx ? 2 : 4)};
        cli_csv_row(f, 3, row);
    }
    vl_status st = cli_close_out(ctx, o, VL_OK);
    if (st != VL_OK)
        return cli_fail(ctx, st, "fair candidates");
    /* on standard error when the pairs went to standard output: the CSV stays whole */
    fprintf(strcmp(path, "-") == 0 ? stderr : stdout,
            _("%zu candidate pairs of %zu seekers and %zu vacancies written to %s\n"), pb->n_pairs,
            pb->n_seekers, pb->n_vacancies, path);
    return EXIT_OK;
}

int cmd_fair(cli_global *g, int argc, char **argv)
{
    fair_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != EXIT_OK)
        return rc < 0 ? EXIT_OK : rc;
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    char mbuf[4096], mmbuf[4096];
    const char *model = a.model ? a.model : env_model("fair.yaml", mbuf, sizeof mbuf);
    const char *match_model =
        a.match_model ? a.match_model : env_model("matching.yaml", mmbuf, sizeof mmbuf);
    vl_fair_params prm;
    vl_db *db = NULL;
    vl_dataset *ds = NULL;
    vl_match_model *mm = NULL;
    vl_match_index *idx = NULL;
    vl_fair_input *in = NULL;
    vl_fair_plan *plan = NULL, *base = NULL;
    char *cmd = NULL;
    int64_t run = 0;
    bool run_open = false;
    vl_row *fair_row = NULL;
    /* every fair command is audited, the failed ones too: the run starts before anything can
     * fail, and records the matching model (path and SHA-256) beside the fair model */
    vl_status st = cli_db_open(ctx, g->db_path, 0, a.province, &db);
    if (st == VL_OK) {
        cmd = cli_command_line(g);
        /* the built-in defaults have no file: the version that carries them says which */
        char builtin[96];
        snprintf(builtin, sizeof builtin, "built-in matching model of vieclam %s", vl_version());
        const char *inputs[] = {match_model ? match_model : builtin};
        st = vl_db_run_begin(ctx, db, cmd ? cmd : "fair", model, inputs, 1, &run);
        run_open = st == VL_OK;
    }
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "fair");
        goto out;
    }
    rc = load_params(ctx, &a, model, &prm);
    if (rc != EXIT_OK)
        goto out;
    st = vl_db_load_dataset_at(ctx, db, a.as_of, &ds);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "fair");
        goto out;
    }
    if (a.fair) {
        /* the fair's record (its name, date and venue go on the slips) */
        st = vl_db_get_row(ctx, db, VL_KIND_FAIRS, a.fair, &fair_row);
        if (st != VL_OK && st != VL_ERR_NOTFOUND) {
            rc = cli_fail(ctx, st, "fair");
            goto out;
        }
        vl_ctx_clear_error(ctx);
        bool named = false;
        for (size_t v = 0; v < ds->n_vacancies && !named; v++)
            named = ds->vacancies[v].fair && strcmp(ds->vacancies[v].fair, a.fair) == 0;
        if (!named && fair_row) {
            fprintf(stderr,
                    _("vieclam fair: the fair '%s' has no vacancies yet; attach vacancies to it "
                      "first (the vacancies' column fair)\n"),
                    a.fair);
            rc = EXIT_DATA;
            goto out;
        }
        if (!named) {
            fprintf(stderr, _("vieclam fair: there is no fair with the id '%s'\n"), a.fair);
            rc = EXIT_DATA;
            goto out;
        }
    }
    st = match_model ? vl_match_model_load(ctx, match_model, &mm)
                     : vl_match_model_create_default(ctx, &mm);
    if (st != VL_OK) {
        cli_fail(ctx, st, "matching model");
        rc = st == VL_ERR_NOMEM ? EXIT_FAIL : EXIT_DATA; /* as for the fair model */
        goto out;
    }
    vl_match_options mo = {.as_of = a.as_of, .fair = a.fair};
    st = vl_match_index_create(ctx, ds, mm, &mo, &idx);
    if (st == VL_OK)
        st = vl_fair_input_create(ctx, idx, &prm, &in);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "fair");
        goto out;
    }
    const vl_fair_problem *pb = vl_fair_input_problem(in);
    char date[32];
    int32_t as_of = vl_match_index_as_of(idx);
    vl_format_date_text(date, sizeof date, as_of, NULL); /* for a person: 03/12/2026 in vi */
    const char *what = a.fair ? a.fair : _("all open vacancies");
    if (pb->n_vacancies == 0)
        fprintf(stderr,
                _("vieclam fair: %s has no open vacancy with positions on %s; the "
                  "outputs are empty\n"),
                what, date);
    else if (pb->n_seekers == 0)
        fprintf(stderr,
                _("vieclam fair: no active seeker is eligible for %s on %s (min score "
                  "%s); the outputs are empty\n"),
                what, date, a.min_score ? a.min_score : _("of the model"));

    if (!strcmp(a.sub, "candidates")) {
        /* the pairs name seekers with their scores: in the access audit before a file is
         * written, as `match --vacancy` audits its shortlist (a list that named nobody, none) */
        if (pb->n_pairs) {
            char *ids = candidate_ids(pb);
            st = ids ? cli_audit(ctx, db, "shortlist", "fair", a.fair ? a.fair : "*", ids)
                     : VL_ERR_NOMEM;
            free(ids);
            if (st != VL_OK) {
                rc = cli_fail(ctx, st, "fair candidates");
                goto out;
            }
        }
        rc = write_candidates(ctx, in, a.out);
        goto out;
    }

    /* a plan writes the invited seekers' slips with their names: in the access audit before a
     * file is written, as the desk's plan */
    if ((st = cli_audit(ctx, db, "plan", "fair", a.fair ? a.fair : "*", NULL)) != VL_OK) {
        rc = cli_fail(ctx, st, "fair");
        goto out;
    }
    vl_fair_output_options oo = {
        .fair_id = a.fair, .as_of = as_of, .run_id = run, .excel = a.excel};
    if (fair_row) {
        oo.fair_name = vl_row_get(fair_row, "name");
        oo.fair_venue = vl_row_get(fair_row, "venue");
        const char *day = vl_row_get(fair_row, "date");
        if (day && !vl_parse_date(day, &oo.fair_date))
            oo.fair_date = 0;
    }
    char *summary = NULL;
    st = vl_fair_plan_run(ctx, db, in, &prm, &oo, a.out, &plan, &base, &summary);
    if (run > 0) {
        vl_db_run_end(NULL, db, run, st, summary);
        run_open = false;
    }
    free(summary);
    if (st != VL_OK) {
        rc = cli_fail(ctx, st, "fair plan");
        goto out;
    }
    printf(_("fair %s, %s, method %s, run %lld: %zu invitations written to %s\n"), what, date,
           vl_fair_method_name(plan->method), (long long)run, plan->n_invitations, a.out);
    print_summary(plan, base);
    rc = EXIT_OK;
out:
    if (run_open) /* ended early: candidates, or a failure before the plan */
        vl_db_run_end(NULL, db, run, cli_exit_status(rc, st), NULL);
    free(cmd);
    vl_row_destroy(fair_row);
    vl_fair_plan_destroy(plan);
    vl_fair_plan_destroy(base);
    vl_fair_input_destroy(in);
    vl_match_index_destroy(idx);
    vl_match_model_destroy(mm);
    vl_dataset_destroy(ds);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return rc;
}
