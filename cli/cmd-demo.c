/*
 * cmd-demo.c - `vieclam demo`: builds a fresh database from the bundled data (reference data and
 * the synthetic sample in fixtures/sample/) and shows what vieclam does with it, step by step.
 * Steps: database, import, summary, consistency check, matching, a job-fair plan, and a
 * planner's quarter (reconciled forecast, labour balance, HTML/XLSX report).
 *
 * The sample is read from the installed data directory (vl_datadir: <datadir>/vieclam/sample, or
 * $VIECLAM_DATADIR/sample; never the source tree). A database made by the demo has a marker file
 * beside it (PATH.demo), so a second run replaces it; any other existing file is refused unless
 * --force is given.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The sample's reference date: "open" means open on this day. The sample is made with the
 * generator's defaults (fixtures/sample/README.md, checked by test-gen's test_sample_regenerates),
 * so its as-of is read from there rather than repeated here. */
static int32_t sample_as_of(void)
{
    vl_gen_options o;
    vl_gen_options_default(&o);
    return o.as_of;
}
#define SAMPLE_AS_OF sample_as_of()

typedef struct demo_file {
    const char *name;
    vl_kind kind;
} demo_file;

/* In import order: vacancies refer to employers, the fairs' file names the fairs the vacancies
 * are offered at, referrals refer to seekers and vacancies, follow-ups to referrals. The last
 * three are the desk's record of the months before the sample's date (`generate --referrals
 * 400`), so that the desk's referrals, a seeker's history and the activity report have something
 * to show. */
static const demo_file sample_files[] = {
    {"employers.csv", VL_KIND_EMPLOYERS},
    {"vacancies.csv", VL_KIND_VACANCIES},
    {"fairs.csv", VL_KIND_FAIRS},
    {"seekers.csv", VL_KIND_SEEKERS},
    {"history.csv", VL_KIND_HISTORY},
    {"labour-balance-history.csv", VL_KIND_HISTORY},
    {"referrals.csv", VL_KIND_REFERRALS},
    {"followups.csv", VL_KIND_FOLLOWUPS},
    {"counselling.csv", VL_KIND_COUNSELLING},
};
#define N_SAMPLE (sizeof sample_files / sizeof sample_files[0])

typedef struct demo {
    cli_global *g;
    vl_ctx *ctx;
    vl_db *db;
    const char *fixtures;
    const char *out;        /* NULL = no output files */
    FILE *summary;          /* OUT/summary.txt or NULL */
    vl_output *summary_out; /* summary's output, committed at the end */
    char paths[N_SAMPLE][4096];
    size_t rows[N_SAMPLE]; /* rows imported from each */
} demo;

static void usage(FILE *f)
{
    fprintf(f,
            _("usage: vieclam [--db PATH] demo [--out DIR] [--force]\n\n"
              "Creates a fresh database at PATH (default ./vieclam.db), loads the reference data,\n"
              "imports the bundled synthetic sample (fixtures/sample/) and prints a summary.\n\n"
              "Options:\n"
              "  --out DIR   also write the demo's results into DIR (created if missing)\n"
              "  --force     replace PATH even if it is not a database made by the demo\n\n"
              "The sample is read from the installed data (%s/sample; $VIECLAM_DATADIR\n"
              "says where else), the model files from $VIECLAM_MODELS or its models/.\n"),
            vl_datadir());
}

/* Prints a line to stdout and to OUT/summary.txt. */
static void say(demo *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(demo *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (d->summary) {
        va_start(ap, fmt);
        vfprintf(d->summary, fmt, ap);
        va_end(ap);
    }
}

/* "  LABEL    N": the label padded to 30 columns by display width (Vietnamese aligns too), then
 * the rest of the line (a format with its values). */
static void say_count(demo *d, const char *label, size_t n, const char *rest, ...)
    __attribute__((format(printf, 4, 5)));
static void say_count(demo *d, const char *label, size_t n, const char *rest, ...)
{
    size_t w = vl_text_width(label);
    char line[512];
    va_list ap;
    va_start(ap, rest);
    vsnprintf(line, sizeof line, rest, ap);
    va_end(ap);
    char num[32];
    cli_num(num, sizeof num, (double)n, 0); /* 14.149 in Vietnamese, as the tables write it */
    say(d, "  %s%*s %7s%s\n", label, w < 30 ? (int)(30 - w) : 0, "", num, line);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Removes the database and its WAL files (a missing file is fine). */
static bool remove_db(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal", ".demo"};
    char p[4096];
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        if (unlink(p) != 0 && errno != ENOENT) {
            fprintf(stderr, _("vieclam demo: cannot remove %s: %s\n"), p, strerror(errno));
            return false;
        }
    }
    return true;
}

/* ---- step 1: a fresh database with the reference data -------------------------------------- */
static int step_database(demo *d, bool force)
{
    const char *path = d->g->db_path;
    char marker[4096];
    snprintf(marker, sizeof marker, "%s.demo", path);
    if (exists(path) && !exists(marker) && !force) {
        fprintf(stderr,
                _("vieclam demo: %s exists and was not made by the demo; use --force to replace it "
                  "or --db to choose another file\n"),
                path);
        return EXIT_FAIL;
    }
    if (!remove_db(path))
        return EXIT_FAIL;
    vl_status st = vl_db_open(d->ctx, path, VL_DB_CREATE, &d->db);
    if (st != VL_OK)
        return cli_fail(d->ctx, st, "demo");
    FILE *m = fopen(marker, "w");
    /* machine-read: the marker's text is for whoever opens it; one wording in every language */
    if (!m || fputs("made by `vieclam demo`; the next demo run replaces this database\n", m) < 0) {
        fprintf(stderr, _("vieclam demo: cannot write %s: %s\n"), marker, strerror(errno));
        if (m)
            fclose(m);
        return EXIT_FAIL;
    }
    fclose(m);
    if ((st = vl_db_init_reference(d->ctx, d->db)) != VL_OK)
        return cli_fail(d->ctx, st, "demo: reference data");
    return EXIT_OK;
}

/* ---- step 2: import the sample --------------------------------------------------------------- */
static int step_import(demo *d)
{
    for (size_t i = 0; i < N_SAMPLE; i++) {
        vl_import_options io = {0};
        vl_import_stats stats = {0};
        vl_status st = vl_db_import(d->ctx, d->db, sample_files[i].kind, d->paths[i], &io, &stats);
        if (st != VL_OK)
            return cli_fail(d->ctx, st, "demo: import");
        if (stats.rejected)
            return cli_fail(d->ctx, VL_ERR_INVALID, "demo: import");
        d->rows[i] = stats.rows;
    }
    return EXIT_OK;
}

/* ---- step 3: what is in the database ------------------------------------------------------- */
static bool open_on(const vl_vacancy *v, int32_t day)
{
    return v->posted <= day && (v->closes == 0 || v->closes >= day);
}

/* The rows imported of a kind (the sample has one file of each kind but history). */
static size_t rows_of(const demo *d, vl_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < N_SAMPLE; i++)
        n += sample_files[i].kind == kind ? d->rows[i] : 0;
    return n;
}

static int step_summary(demo *d)
{
    vl_db_counts c;
    vl_status st = vl_db_counts_get(d->ctx, d->db, &c);
    vl_dataset *ds = NULL;
    vl_history *h = NULL;
    if (st == VL_OK)
        st = vl_db_load_dataset(d->ctx, d->db, &ds);
    if (st == VL_OK)
        st = vl_db_load_history(d->ctx, d->db, &h);
    if (st != VL_OK) {
        vl_dataset_destroy(ds);
        return cli_fail(d->ctx, st, "demo: summary");
    }
    size_t open = 0, positions = 0, abroad = 0, fair = 0, active = 0, priority = 0, series = 0;
    for (size_t i = 0; i < ds->n_vacancies; i++) {
        const vl_vacancy *v = &ds->vacancies[i];
        if (!open_on(v, SAMPLE_AS_OF))
            continue;
        open++;
        positions += v->positions > 0 ? (size_t)v->positions : 0;
        abroad += strcmp(v->country, "VN") != 0;
        fair += v->fair != NULL;
    }
    for (size_t i = 0; i < ds->n_seekers; i++) {
        const vl_seeker *s = &ds->seekers[i];
        if (s->status != VL_SEEKER_ACTIVE)
            continue;
        active++;
        priority += s->priority != 0;
    }
    /* rows of one series are adjacent (loaded by series, period) */
    for (size_t i = 0; i < h->n_rows; i++)
        series += i == 0 || strcmp(h->rows[i].series, h->rows[i - 1].series) != 0;
    char day[32];
    vl_format_date_text(day, sizeof day, SAMPLE_AS_OF, NULL);
    say(d, _("vieclam demo: database %s from %s/sample (synthetic data)\n\n"), d->g->db_shown,
        d->fixtures);
    char open_label[128];
    snprintf(open_label, sizeof open_label, _("vacancies open on %s"), day);
    say_count(d, _("areas"), c.areas, "%s", "");
    say_count(d, _("occupations (ISCO-08, VSCO)"), c.occupations, "%s", "");
    say_count(d, _("industries (VSIC sections)"), c.industries, "%s", "");
    say_count(d, _("employers"), c.employers, "%s", "");
    say_count(d, open_label, open, _("  (%zu abroad, %zu at a job fair)"), abroad, fair);
    say_count(d, _("positions in them"), positions, "%s", "");
    say_count(d, _("active job seekers"), active, _("  (%zu in a priority group)"), priority);
    char records[32];
    say_count(d, _("history series"), series, _("  (%s records)"),
              cli_num(records, sizeof records, (double)h->n_rows, 0));
    say_count(d, _("referrals"), rows_of(d, VL_KIND_REFERRALS), _("  (%zu follow-ups of hires)"),
              rows_of(d, VL_KIND_FOLLOWUPS));
    say_count(d, _("counselling sessions"), rows_of(d, VL_KIND_COUNSELLING), "%s", "");
    vl_history_destroy(h);
    vl_dataset_destroy(ds);
    return EXIT_OK;
}

/* ---- step 3b: consistency --------------------------------------------------------------------
 * vl_db_check as of the sample's date: the sample must be consistent then (anything else fails
 * the demo). As of today records may have aged (an area abolished since, for a sample made
 * with --pre-reform); the demo says how many aggregated problems `vieclam check` will list. */

static int step_check(demo *d)
{
    size_t n = 0;
    int32_t as_of = SAMPLE_AS_OF;
    char day[32];
    vl_format_date_text(day, sizeof day, as_of, NULL);
    vl_status st = vl_db_check_at(d->ctx, d->db, as_of, &n);
    if (st != VL_OK) {
        if (st == VL_ERR_INVALID)
            for (size_t i = 0; i < vl_ctx_diag_count(d->ctx) && vl_ctx_diag(d->ctx, i); i++)
                fprintf(stderr, "  %s\n", vl_ctx_diag(d->ctx, i));
        return cli_fail(d->ctx, st, "demo: check");
    }
    say(d, _("\nconsistency check as of %s: no problems (codes, positions, occupations, areas)\n"),
        day);
    st = vl_db_check(d->ctx, d->db, &n);
    if (st != VL_OK && st != VL_ERR_INVALID)
        return cli_fail(d->ctx, st, "demo: check");
    if (n)
        say(d,
            vl_ngettext(
                "  as of today: %zu problem (`vieclam check` lists them by table and area)\n",
                "  as of today: %zu problems (`vieclam check` lists them by table and "
                "area)\n",
                n),
            n);
    return EXIT_OK;
}

/* ---- step 4: matching (added by the matching issue) ------------------------------------------
 * The best vacancies for the first active seeker who has any, and the best seekers for that
 * seeker's best vacancy, as of SAMPLE_AS_OF, with the model in $VIECLAM_MODELS or the installed
 * one; the explanations go to OUT/match-seeker.json and OUT/match-vacancy.json. */

/* the weaker side of a pair, in words (vl_match_side_name is the code JSON carries) */
static const char *side_words(int side)
{
    switch (side) {
    case VL_MATCH_WEAKER_FIT:
        return _("fit");
    case VL_MATCH_WEAKER_APPEAL:
        return _("appeal");
    default:
        return _("balanced");
    }
}

static void match_lines(demo *d, const vl_dataset *ds, const vl_match_results *r, bool seekers)
{
    for (size_t i = 0; i < vl_match_results_count(r); i++) {
        const vl_match_result *m = vl_match_results_at(r, i);
        char score[32], fit[32], appeal[32];
        /* in the language's style: 0,812 in Vietnamese (scores are below 1000: no grouping) */
        vl_format_number(score, sizeof score, m->score, 3, NULL);
        vl_format_number(fit, sizeof fit, m->fit, 3, NULL);
        vl_format_number(appeal, sizeof appeal, m->appeal, 3, NULL);
        say(d, _("    %u. %-9s score %s (fit %s, appeal %s; weaker: %s)%s%s\n"), m->rank,
            seekers ? ds->seekers[m->seeker].id : ds->vacancies[m->vacancy].id, score, fit, appeal,
            side_words(m->weaker), seekers ? "" : "  ",
            seekers ? "" : ds->vacancies[m->vacancy].title);
    }
}

static int match_json(demo *d, const vl_match_index *idx, const vl_match_results *r,
                      const char *name)
{
    if (!d->out)
        return EXIT_OK;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", d->out, name);
    char *json = vl_match_results_json(idx, r, true);
    vl_status st = json ? vl_output_write_file(d->ctx, path, VL_OUTPUT_PRIVATE, json, strlen(json))
                        : VL_ERR_NOMEM;
    free(json);
    return st == VL_OK ? EXIT_OK : cli_fail(d->ctx, st, "demo");
}

static int step_match(demo *d)
{
    char path[4096];
    cli_model_path("matching.yaml", path, sizeof path);
    vl_match_model *model = NULL;
    vl_dataset *ds = NULL;
    vl_match_index *idx = NULL;
    vl_match_results *rs = NULL, *rv = NULL;
    vl_match_options opt = {.as_of = SAMPLE_AS_OF};
    vl_status st = vl_match_model_load(d->ctx, path, &model);
    if (st == VL_OK)
        st = vl_db_load_dataset(d->ctx, d->db, &ds);
    if (st == VL_OK)
        st = vl_match_index_create(d->ctx, ds, model, &opt, &idx);
    const vl_seeker *seeker = NULL;
    for (size_t i = 0; st == VL_OK && i < ds->n_seekers && !seeker; i++) {
        if (!vl_match_index_seeker_active(idx, i))
            continue;
        st = vl_match_by_seeker(d->ctx, idx, ds->seekers[i].id, 3, 0, &rs);
        if (st == VL_OK && vl_match_results_count(rs) > 0) {
            seeker = &ds->seekers[i];
        } else {
            vl_match_results_destroy(rs);
            rs = NULL;
        }
    }
    int rc = st == VL_OK ? EXIT_OK : cli_fail(d->ctx, st, "demo: matching");
    if (rc == EXIT_OK && seeker) {
        const vl_vacancy *best = &ds->vacancies[vl_match_results_at(rs, 0)->vacancy];
        st = vl_match_by_vacancy(d->ctx, idx, best->id, 3, 0, &rv);
        if (st != VL_OK) {
            rc = cli_fail(d->ctx, st, "demo: matching");
        } else {
            say(d, "%s", _("\nmatching (models/matching.yaml, as of the sample's date):\n"));
            say(d, _("  best vacancies for seeker %s:\n"), seeker->id);
            match_lines(d, ds, rs, false);
            say(d, _("  best seekers for vacancy %s:\n"), best->id);
            match_lines(d, ds, rv, true);
            rc = match_json(d, idx, rs, "match-seeker.json");
            if (rc == EXIT_OK)
                rc = match_json(d, idx, rv, "match-vacancy.json");
        }
    }
    vl_match_results_destroy(rs);
    vl_match_results_destroy(rv);
    vl_match_index_destroy(idx);
    vl_dataset_destroy(ds);
    vl_match_model_destroy(model);
    return rc;
}

/* ---- step 5: a job-fair plan (added by the fair-planning issue) ------------------------------
 * The exact (flow) plan of the sample's largest fair (most vacancies; ties by id) as of
 * SAMPLE_AS_OF with models/fair.yaml, beside greedy; with --out the plan's files (invitations,
 * shortlists, slips, summary.json) go to OUT/fair-ID/. */

static int step_fair(demo *d)
{
    char fpath[4096], mpath[4096];
    cli_model_path("fair.yaml", fpath, sizeof fpath);
    cli_model_path("matching.yaml", mpath, sizeof mpath);
    vl_fair_params prm;
    vl_match_model *model = NULL;
    vl_dataset *ds = NULL;
    vl_match_index *idx = NULL;
    vl_fair_input *in = NULL;
    vl_fair_plan *plan = NULL, *greedy = NULL;
    vl_status st = vl_fair_params_load(d->ctx, fpath, &prm);
    if (st == VL_OK)
        st = vl_match_model_load(d->ctx, mpath, &model);
    if (st == VL_OK)
        st = vl_db_load_dataset(d->ctx, d->db, &ds);
    const char *fair = NULL;
    size_t best = 0;
    for (size_t i = 0; st == VL_OK && i < ds->n_vacancies; i++) {
        const char *f = ds->vacancies[i].fair;
        if (!f)
            continue;
        size_t n = 0;
        for (size_t j = 0; j < ds->n_vacancies; j++)
            n += ds->vacancies[j].fair && strcmp(ds->vacancies[j].fair, f) == 0;
        if (n > best || (n == best && fair && strcmp(f, fair) < 0)) {
            best = n;
            fair = f;
        }
    }
    int rc = EXIT_OK;
    if (st == VL_OK && fair) {
        vl_match_options opt = {.as_of = SAMPLE_AS_OF, .fair = fair};
        st = vl_match_index_create(d->ctx, ds, model, &opt, &idx);
        if (st == VL_OK)
            st = vl_fair_input_create(d->ctx, idx, &prm, &in);
        if (st == VL_OK)
            st = vl_fair_solve(d->ctx, vl_fair_input_problem(in), &prm, VL_FAIR_FLOW, &plan);
        if (st == VL_OK)
            st = vl_fair_solve(d->ctx, vl_fair_input_problem(in), &prm, VL_FAIR_GREEDY, &greedy);
        if (st == VL_OK && d->out) {
            char out[4096];
            snprintf(out, sizeof out, "%s/fair-%s", d->out, fair);
            vl_fair_output_options oo = {.fair_id = fair, .as_of = SAMPLE_AS_OF};
            st = vl_fair_write_outputs(d->ctx, in, &prm, plan, greedy, &oo, out);
        }
    }
    if (st != VL_OK) {
        rc = cli_fail(d->ctx, st, "demo: fair plan");
    } else if (fair) {
        const vl_fair_metrics *m = &plan->metrics, *g = &greedy->metrics;
        char gini[32], ggini[32], gmax[32];
        vl_format_number(gini, sizeof gini, m->per_position_gini, 2, NULL);
        vl_format_number(ggini, sizeof ggini, g->per_position_gini, 2, NULL);
        vl_format_number(gmax, sizeof gmax, g->per_position_max, 1, NULL);
        say(d, _("\njob-fair plan (models/fair.yaml, fair %s, exact flow):\n"), fair);
        say(d,
            _("  %zu invitations for %zu of %zu eligible seekers (%zu of %zu in priority "
              "groups)\n"),
            plan->n_invitations, m->seekers_invited, m->seekers, m->priority_invited,
            m->priority_seekers);
        say(d,
            _("  %zu of %zu vacancies covered, none over capacity; Gini of invitations per "
              "position %s\n"),
            m->vacancies_covered, m->vacancies, gini);
        say(d,
            _("  greedy top-%d instead: %zu vacancies over capacity (up to %s invitations per "
              "position), %zu covered, Gini %s\n"),
            prm.per_seeker, g->over_capacity, gmax, g->vacancies_covered, ggini);
    }
    vl_fair_plan_destroy(plan);
    vl_fair_plan_destroy(greedy);
    vl_fair_input_destroy(in);
    vl_match_index_destroy(idx);
    vl_dataset_destroy(ds);
    vl_match_model_destroy(model);
    return rc;
}

/* ---- step 6: a planner's quarter ------------------------------------------------------------
 * The demo is a script of real commands: the same code paths a planner runs. Forecast the next
 * four quarters of vacancy positions by area and industry (reconciled), the labour balance by
 * occupation group, then the HTML report and its workbook. Each command opens the database
 * itself and records its own run. */
static int run_command(demo *d, cli_cmd_fn fn, char **argv)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    fflush(stdout);
    /* The command prints to stdout; with --out its lines also belong in OUT/summary.txt, so
     * stdout goes to a temporary file for the call and is copied to both afterwards. */
    FILE *tmp = d->summary ? tmpfile() : NULL;
    int saved = tmp ? dup(STDOUT_FILENO) : -1;
    if (saved >= 0 && dup2(fileno(tmp), STDOUT_FILENO) < 0) {
        close(saved);
        saved = -1;
    }
    int rc = fn(d->g, argc, argv);
    fflush(stdout);
    if (saved >= 0) {
        dup2(saved, STDOUT_FILENO);
        close(saved);
        rewind(tmp);
        char buf[8192];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, tmp)) > 0) {
            fwrite(buf, 1, n, stdout);
            fwrite(buf, 1, n, d->summary);
        }
        fflush(stdout);
    }
    if (tmp)
        fclose(tmp);
    return rc;
}

static int step_planner(demo *d)
{
    char csv[4096], html[4096], xlsx[4096];
    say(d, "%s", _("\nplanner: forecast by area and industry, 4 quarters (reconciled):\n"));
    char *fc[] = {"forecast", "--db", "--by", "area,industry", "--horizon", "4",
                  "--out",    NULL,   NULL};
    if (d->out) {
        snprintf(csv, sizeof csv, "%s/forecast-area-industry.csv", d->out);
        fc[7] = csv;
    } else {
        fc[6] = NULL;
    }
    int rc = run_command(d, cmd_forecast, fc);
    if (rc != EXIT_OK)
        return rc;
    say(d, "%s", _("\nplanner: labour balance by occupation group, next 4 quarters:\n"));
    char *bal[] = {"balance", "--horizon", "4", NULL};
    rc = run_command(d, cmd_balance, bal);
    if (rc != EXIT_OK || !d->out)
        return rc;
    snprintf(html, sizeof html, "%s/report.html", d->out);
    snprintf(xlsx, sizeof xlsx, "%s/report.xlsx", d->out);
    say(d, "%s", _("\nplanner: report for the province's leadership:\n"));
    char *rep[] = {"report", "forecast", "--out", html, "--xlsx", xlsx, NULL};
    return run_command(d, cmd_report, rep);
}

/*
 * Accounts for trying the desk (`vieclam serve`) on the demo database, one per role, with a
 * password printed here: a demo database holds generated people only, never real ones.
 */
#define DEMO_PASSWORD "vieclam-demo"

static int step_accounts(demo *d, const char *db_path)
{
    static const struct {
        const char *name;
        vl_role role;
    } accounts[] = {
        {"demo", VL_ROLE_STAFF}, {"demo-planner", VL_ROLE_PLANNER}, {"demo-admin", VL_ROLE_ADMIN}};
    for (size_t i = 0; i < sizeof accounts / sizeof *accounts; i++) {
        vl_status st = vl_db_user_add(d->ctx, d->db, accounts[i].name, accounts[i].role,
                                      DEMO_PASSWORD, "vi", NULL);
        if (st != VL_OK)
            return cli_fail(d->ctx, st, "demo: accounts");
    }
    say(d,
        _("\nThe staff desk: accounts demo (staff), demo-planner and demo-admin, password %s.\n"
          "Start it with\n"
          "  vieclam --db %s serve --as-of 2026-03-01\n"
          "and open http://127.0.0.1:8080/ (the sample is dated 2026-03-01).\n"),
        DEMO_PASSWORD, db_path);
    return EXIT_OK;
}

int cmd_demo(cli_global *g, int argc, char **argv)
{
    demo d = {0};
    d.g = g;
    bool force = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            d.out = argv[++i];
        } else if (strcmp(argv[i], "--force") == 0) {
            force = true;
        } else {
            return cli_usage_error("demo", "unknown option '%s' (try --help)", argv[i]);
        }
    }
    d.fixtures = vl_datadir();
    for (size_t i = 0; i < N_SAMPLE; i++) {
        snprintf(d.paths[i], sizeof d.paths[i], "%s/sample/%s", d.fixtures, sample_files[i].name);
        if (!exists(d.paths[i])) {
            fprintf(stderr,
                    _("vieclam demo: %s not found: is vieclam installed? ($VIECLAM_DATADIR "
                      "names the data directory of a build or a moved installation)\n"),
                    d.paths[i]);
            return EXIT_FAIL;
        }
    }
    if (d.out) {
        char p[4096];
        snprintf(p, sizeof p, "%s/summary.txt", d.out);
        if (mkdir(d.out, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, _("vieclam demo: cannot create %s: %s\n"), d.out, strerror(errno));
            return EXIT_FAIL;
        }
        vl_ctx *c = cli_ctx(g);
        d.summary = c ? cli_open_out(c, p, &d.summary_out) : NULL;
        if (!d.summary) {
            if (c)
                cli_fail(c, VL_ERR_IO, "demo");
            vl_ctx_destroy(c);
            return EXIT_FAIL;
        }
        vl_ctx_destroy(c);
    }
    d.ctx = cli_ctx(g);
    if (!d.ctx) {
        vl_output_discard(d.summary_out);
        return EXIT_FAIL;
    }
    int rc = step_database(&d, force);
    int64_t run = 0;
    if (rc == EXIT_OK) {
        const char *inputs[N_SAMPLE];
        for (size_t i = 0; i < N_SAMPLE; i++)
            inputs[i] = d.paths[i];
        vl_status st = vl_db_run_begin(d.ctx, d.db, "demo", NULL, inputs, N_SAMPLE, &run);
        if (st != VL_OK)
            rc = cli_fail(d.ctx, st, "demo: audit");
    }
    if (rc == EXIT_OK)
        rc = step_import(&d);
    if (rc == EXIT_OK)
        rc = step_summary(&d);
    if (rc == EXIT_OK)
        rc = step_check(&d);
    if (rc == EXIT_OK)
        rc = step_match(&d);
    if (rc == EXIT_OK)
        rc = step_fair(&d);
    if (rc == EXIT_OK)
        rc = step_planner(&d);
    if (rc == EXIT_OK)
        rc = step_accounts(&d, g->db_path);
    if (run)
        vl_db_run_end(d.ctx, d.db, run, rc == EXIT_OK ? VL_OK : VL_ERR_INVALID, NULL);
    if (d.summary_out) {
        vl_status wst = cli_close_out(d.ctx, d.summary_out, rc == EXIT_OK ? VL_OK : VL_ERR_IO);
        if (wst != VL_OK && rc == EXIT_OK)
            rc = cli_fail(d.ctx, wst, "demo");
    }
    vl_db_close(d.db);
    vl_ctx_destroy(d.ctx);
    return rc;
}
