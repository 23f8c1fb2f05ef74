/*
 * cmd-learn.c - `vieclam learn`: fits the matching weights to the centre's hires and writes a
 * matching model file (`--until DATE [--out FILE]`), or compares models on referrals the fit
 * never saw (`--evaluate --from DATE [--compare FILE]`). Staff adopt a learned model only by
 * pointing --model at it: nothing changes silently. Both record a run in the audit trail.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt.h"

typedef struct learn_args {
    int32_t until, from;
    bool evaluate;
    const char *out, *model, *compare, *format;
    size_t folds, bootstrap, top, seed;
} learn_args;

static const char *const formats[] = {"table", "csv", "json", NULL};

static const cli_opt learn_opts[] = {
    {"--until", N_("DATE"), CLI_DATE, offsetof(learn_args, until),
     N_("fit on referrals made and decided before DATE"), NULL, N_("every decided referral"), 0, 0,
     NULL},
    {"--out", N_("FILE"), CLI_STR, offsetof(learn_args, out),
     N_("the learned model file (- = standard output)"), "matching-learned.yaml", NULL, 0, 0, NULL},
    {"--model", N_("FILE"), CLI_STR, offsetof(learn_args, model),
     N_("the hand-set model: its components are fitted, its other keys kept"), NULL,
     N_("$VIECLAM_MODELS/matching.yaml, else the shipped models/matching.yaml"), 0, 0, NULL},
    {"--evaluate", NULL, CLI_FLAG, offsetof(learn_args, evaluate),
     N_("compare models on the referrals made on or after --from instead of writing one"), NULL,
     NULL, 0, 0, NULL},
    {"--from", N_("DATE"), CLI_DATE, offsetof(learn_args, from),
     N_("--evaluate: the first day evaluated; the model is learned on the days before"), NULL, NULL,
     0, 0, NULL},
    {"--compare", N_("FILE"), CLI_STR, offsetof(learn_args, compare),
     N_("--evaluate: also this model file (e.g. one learned earlier with --until <= --from)"), NULL,
     NULL, 0, 0, NULL},
    {"--folds", N_("N"), CLI_SIZE, offsetof(learn_args, folds),
     N_("cross-validation folds (by seeker)"), "5", NULL, 2, 20, NULL},
    {"--bootstrap", N_("N"), CLI_SIZE, offsetof(learn_args, bootstrap),
     N_("--evaluate: bootstrap replicates (seekers resampled)"), "400", NULL, 50, 100000, NULL},
    {"--top", N_("N"), CLI_SIZE, offsetof(learn_args, top),
     N_("--evaluate: a hire counts when its vacancy ranked in the seeker's top N"), "10", NULL, 1,
     1000, NULL},
    {"--seed", N_("N"), CLI_SIZE, offsetof(learn_args, seed), N_("folds and bootstrap"), "20250301",
     NULL, 1, SIZE_MAX, NULL},
    {"--format", N_("FMT"), CLI_CHOICE, offsetof(learn_args, format),
     N_("--evaluate: output format"), "table", NULL, 0, 0, formats},
};

static const cli_spec learn_spec = {
    "learn",
    N_("vieclam learn [--until DATE] [--out FILE] [--model FILE] [--folds N]\n"
       "       vieclam learn --evaluate --from DATE [--compare FILE] [--model FILE]\n"
       "                     [--bootstrap N] [--top N] [--format table|csv|json]"),
    N_("Fits the probability that a referral ends in a hire to the components of the match "
       "score (fit: occupation, skills, experience, education; appeal: occupation, wage, "
       "distance), never to name, sex, ethnicity, age or priority group: a logistic model with "
       "a ridge penalty chosen by cross-validation on the fitted referrals, weights kept "
       "non-negative. Components are those of each referral on its day, whatever the seeker's "
       "status or the vacancy's positions are now. Writes a model in the schema of "
       "models/matching.yaml with the evidence in comments; adopt it with --model.\n\n"
       "--evaluate learns on the referrals before --from and compares it with the hand-set "
       "model (and --compare) on the referrals from --from on, which the fit never saw: AUC, "
       "hires whose vacancy the model ranked in the seeker's top N among the vacancies open "
       "that day, calibration (expected calibration error, observed/expected hires, Brier), "
       "each with a 95% bootstrap interval."),
    CLI_OPTS(learn_opts),
    0,
    0,
    NULL,
    N_("Exit codes: 0 ok, 1 failure, 2 usage, 3 too few decided referrals or a bad model file. "
       "See docs/placements.md."),
};

static const char *model_path(const learn_args *a, char *buf, size_t size)
{
    return a->model ? a->model : cli_model_path("matching.yaml", buf, size);
}

static void fig(char *buf, size_t size, const vl_learn_figure *f, int decimals)
{
    char v[32], lo[32], hi[32];
    vl_format_fixed(v, sizeof v, f->value, decimals);
    vl_format_fixed(lo, sizeof lo, f->lo, decimals);
    vl_format_fixed(hi, sizeof hi, f->hi, decimals);
    snprintf(buf, size, "%s [%s, %s]", v, lo, hi);
}

static void write_eval(FILE *f, const learn_args *a, const vl_learn_evaluation *e)
{
    static const char *const metric[] = {"auc", "top", "ece", "observed_expected", "brier"};
    if (strcmp(a->format, "table") == 0) {
        fprintf(f,
                _("Evaluation on %zu referrals decided from the first day on (%zu hires); the "
                  "learned model and the calibration saw only the %zu before it.\n\n"),
                e->n, e->n_hires, e->n_train);
        char top_head[64];
        snprintf(top_head, sizeof top_head, _("hires in top %zu"), a->top);
        const char *head[] = {
            _("model"), "AUC", top_head, _("calibration error"), _("observed/expected"), "Brier"};
        cli_table *t = cli_table_new(6, head);
        for (size_t m = 0; t && m < e->n_models; m++) {
            const vl_learn_eval *x = &e->models[m];
            char c[5][128];
            fig(c[0], sizeof c[0], &x->auc, 4);
            fig(c[1], sizeof c[1], &x->top, 3);
            fig(c[2], sizeof c[2], &x->ece, 4);
            fig(c[3], sizeof c[3], &x->oe, 3);
            fig(c[4], sizeof c[4], &x->brier, 4);
            const char *row[] = {x->name, c[0], c[1], c[2], c[3], c[4]};
            cli_table_row(t, row);
        }
        cli_table_print(t, f);
        cli_table_free(t);
        /* xgettext:no-c-format */
        fputs(_("\n[lo, hi]: 95% intervals of a bootstrap over seekers.\n"), f);
        return;
    }
    bool csv = strcmp(a->format, "csv") == 0;
    if (csv) {
        static const char *const head[] = {"model", "metric", "value", "lo", "hi", "n", "hires"};
        cli_csv_row(f, 7, head);
    } else {
        fprintf(f, "{\"n\":%zu,\"hires\":%zu,\"train\":%zu,\"top\":%zu,\"models\":[", e->n,
                e->n_hires, e->n_train, a->top);
    }
    for (size_t m = 0; m < e->n_models; m++) {
        const vl_learn_eval *x = &e->models[m];
        const vl_learn_figure *fs[] = {&x->auc, &x->top, &x->ece, &x->oe, &x->brier};
        if (!csv) {
            fprintf(f, "%s{\"name\":", m ? "," : "");
            cli_json_string(f, x->name);
        }
        for (int k = 0; k < 5; k++) {
            char v[32], lo[32], hi[32], n[32], h[32];
            vl_format_double(v, sizeof v, fs[k]->value, 6);
            vl_format_double(lo, sizeof lo, fs[k]->lo, 6);
            vl_format_double(hi, sizeof hi, fs[k]->hi, 6);
            if (csv) {
                snprintf(n, sizeof n, "%zu", e->n);
                snprintf(h, sizeof h, "%zu", e->n_hires);
                const char *row[] = {x->name, metric[k], v, lo, hi, n, h};
                cli_csv_row(f, 7, row);
            } else {
                fprintf(f, ",\"%s\":{\"value\":%s,\"lo\":%s,\"hi\":%s}", metric[k], v, lo, hi);
            }
        }
        if (!csv)
            fputc('}', f);
    }
    if (!csv)
        fprintf(f, "]}\n");
}

int cmd_learn(cli_global *g, int argc, char **argv)
{
    learn_args a = {0};
    size_t npos = 0;
    int rc = cli_parse(&learn_spec, argc, argv, &a, NULL, &npos);
    if (rc != EXIT_OK)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    if (a.evaluate && !a.from)
        return cli_usage_error("learn", "--evaluate needs --from DATE");
    if (!a.evaluate && (a.from || a.compare))
        return cli_usage_error("learn", "--from and --compare go with --evaluate");
    if (a.evaluate && a.until)
        return cli_usage_error("learn", "--evaluate learns on the days before --from; "
                                        "leave out --until");
    vl_ctx *ctx = cli_ctx(g);
    if (!ctx)
        return EXIT_FAIL;
    char buf[4096];
    const char *mpath = model_path(&a, buf, sizeof buf);
    vl_match_model *base = NULL, *other = NULL;
    vl_db *db = NULL;
    vl_dataset *ds = NULL;
    vl_referral_set *refs = NULL;
    vl_learn_result *res = NULL;
    vl_learn_evaluation *ev = NULL;
    int64_t run = 0;
    char *cmd = cli_command_line(g);
    const char *what = a.evaluate ? "learn --evaluate" : "learn";
    vl_status st = vl_match_model_load(ctx, mpath, &base);
    if (st == VL_OK && a.compare)
        st = vl_match_model_load(ctx, a.compare, &other);
    if (st == VL_OK)
        st = vl_db_open(ctx, g->db_path, 0, &db);
    if (st == VL_OK)
        st = vl_db_run_begin(ctx, db, cmd ? cmd : what, mpath, NULL, 0, &run);
    vl_db_set_load_contacts(db, false); /* learning never shows a person */
    if (st == VL_OK)
        st = vl_db_load_dataset_referrals(ctx, db, NULL, &ds, &refs);
    vl_output *o = NULL;
    char summary[512] = "{}";
    if (st == VL_OK && !a.evaluate) {
        vl_learn_options lo = {.until = a.until, .folds = (unsigned)a.folds, .seed = a.seed};
        st = vl_learn(ctx, ds, refs, base, &lo, &res);
        char *text = st == VL_OK ? vl_learn_result_yaml(res) : NULL;
        if (st == VL_OK && !text)
            st = VL_ERR_NOMEM;
        if (st == VL_OK) {
            FILE *f = cli_open_out(ctx, a.out, &o);
            if (!f)
                st = vl_ctx_status(ctx) ? vl_ctx_status(ctx) : VL_ERR_IO;
            else
                fputs(text, f);
            st = cli_close_out(ctx, o, st);
        }
        free(text);
        if (st == VL_OK) {
            const vl_learn_fit *fit = vl_learn_result_fit(res);
            snprintf(summary, sizeof summary,
                     "{\"referrals\":%zu,\"hires\":%zu,\"lambda\":%g,\"auc_in_sample\":%.4f}",
                     fit->n, fit->n_hires, fit->lambda[fit->chosen], fit->auc_in_sample);
            if (!g->quiet && strcmp(a.out, "-") != 0)
                fprintf(stderr,
                        _("vieclam: learned from %zu decided referrals (%zu hires); wrote %s "
                          "(adopt it with --model %s)\n"),
                        fit->n, fit->n_hires, a.out, a.out);
        }
    } else if (st == VL_OK) {
        const vl_match_model *models[2] = {base, other};
        /* the model's name is data in csv and json: the same bytes under every locale */
        bool table = !a.format || strcmp(a.format, "table") == 0;
        const char *names[2] = {table ? _("hand-set") : "hand-set", a.compare};
        vl_learn_eval_options eo = {.from = a.from,
                                    .bootstrap = (unsigned)a.bootstrap,
                                    .top_k = (unsigned)a.top,
                                    .seed = a.seed,
                                    .folds = (unsigned)a.folds};
        st = vl_learn_evaluate(ctx, ds, refs, base, models, names, other ? 2 : 1, &eo, &ev);
        if (st == VL_OK) {
            write_eval(stdout, &a, ev);
            st = vl_output_check_stdout(ctx);
            snprintf(summary, sizeof summary,
                     "{\"evaluated\":%zu,\"hires\":%zu,\"auc_learned\":%.4f}", ev->n, ev->n_hires,
                     ev->models[0].auc.value);
        }
    }
    if (run)
        vl_db_run_end(NULL, db, run, st, summary);
    rc = st == VL_OK ? EXIT_OK : cli_fail(ctx, st, what);
    vl_learn_evaluation_destroy(ev);
    vl_learn_result_destroy(res);
    vl_referral_set_destroy(refs);
    vl_dataset_destroy(ds);
    vl_db_close(db);
    vl_match_model_destroy(base);
    vl_match_model_destroy(other);
    free(cmd);
    vl_ctx_destroy(ctx);
    return rc;
}
