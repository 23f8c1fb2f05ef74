/*
 * bench-fair.c - job-fair planning at the target size: 20,000 seekers, 2,000 vacancies with
 * 6,000 positions, 50 candidate pairs per seeker (1M pairs). Times the exact flow plan (graph
 * build included), stable and greedy, and compares with scipy's linear_sum_assignment on the
 * slot-expanded problem for sizes scipy can hold (benchmarks/fair_scipy.py in a subprocess,
 * same run). Prints one JSON object per measurement on stdout.
 *
 * The workload is a fixed, seeded random instance (own generator): vacancy popularity follows
 * a Zipf-like law so that many seekers want the same few vacancies, the congestion fair
 * planning exists for. Usage: bench-fair [--seekers N] [--vacancies N] [--positions N]
 * [--candidates C] [--scipy SCRIPT] [--scipy-sizes a,b,c] [--python EXE] [--threads N]
 * [--ssp] [--no-end-to-end]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "fair/fair-int.h"

static uint64_t rng = 0x2385a7e1d00dull;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static double rnd01(void)
{
    return (double)(rnd() >> 11) / 9007199254740992.0;
}

typedef struct bench_inst {
    size_t ns, nv, np;
    char **sid, **vid;
    bool *prio;
    int *pos;
    vl_fair_pair *pairs;
    vl_fair_problem pb;
} bench_inst;

/* Seeker s draws C distinct vacancies by popularity; score mixes the seeker's strength, the
 * vacancy's attraction and noise, in [0, 1]. */
static void make_instance(bench_inst *b, size_t ns, size_t nv, size_t positions, size_t C)
{
    b->ns = ns;
    b->nv = nv;
    b->sid = malloc(ns * sizeof *b->sid);
    b->vid = malloc(nv * sizeof *b->vid);
    b->prio = malloc(ns * sizeof *b->prio);
    b->pos = malloc(nv * sizeof *b->pos);
    b->pairs = malloc(ns * C * sizeof *b->pairs);
    double *cum = malloc(nv * sizeof *cum), *attr = malloc(nv * sizeof *attr);
    uint32_t *mark = calloc(nv, sizeof *mark);
    for (size_t v = 0; v < nv; v++) {
        char buf[32];
        snprintf(buf, sizeof buf, "V%06zu", v);
        b->vid[v] = strdup(buf);
        b->pos[v] = 1;
        attr[v] = rnd01();
        cum[v] = (v ? cum[v - 1] : 0) + 1.0 / pow((double)v + 1, 0.8);
    }
    for (size_t k = nv; k < positions; k++)
        b->pos[rnd() % nv]++;
    size_t np = 0;
    for (size_t s = 0; s < ns; s++) {
        char buf[32];
        snprintf(buf, sizeof buf, "S%06zu", s);
        b->sid[s] = strdup(buf);
        b->prio[s] = rnd() % 5 == 0;
        double strength = rnd01();
        size_t got = 0;
        while (got < C && got < nv) {
            double u = rnd01() * cum[nv - 1];
            size_t lo = 0, hi = nv - 1;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (cum[mid] < u)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (mark[lo] == s + 1)
                continue;
            mark[lo] = (uint32_t)(s + 1);
            double fit = 0.3 + 0.7 * (0.5 * strength + 0.5 * rnd01());
            double appeal = 0.3 + 0.7 * (0.6 * attr[lo] + 0.4 * rnd01());
            double score = 0.5 * fit + 0.5 * appeal;
            b->pairs[np++] = (vl_fair_pair){s, lo, score, fit, appeal};
            got++;
        }
    }
    b->np = np;
    b->pb = (vl_fair_problem){
        ns,      (const char *const *)b->sid, b->prio, nv, (const char *const *)b->vid, b->pos, np,
        b->pairs};
    free(cum);
    free(attr);
    free(mark);
}

static void free_instance(bench_inst *b)
{
    for (size_t s = 0; s < b->ns; s++)
        free(b->sid[s]);
    for (size_t v = 0; v < b->nv; v++)
        free(b->vid[v]);
    free(b->sid);
    free(b->vid);
    free(b->prio);
    free(b->pos);
    free(b->pairs);
}

/* Writes the slot-expanded instance for fair_scipy.py: a header line, then pairs. */
static int write_instance(const bench_inst *b, const vl_fair_params *prm, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "%zu %zu %zu %d %.9f %.9f %.9f\n", b->ns, b->nv, b->np, prm->per_seeker,
            prm->coverage_bonus, prm->vacancy_bonus, prm->priority_bonus);
    for (size_t s = 0; s < b->ns; s++)
        fprintf(f, "%d\n", b->prio[s] ? 1 : 0);
    for (size_t v = 0; v < b->nv; v++)
        fprintf(f, "%d\n", vl_fair_capacity(prm, b->pos[v]));
    for (size_t p = 0; p < b->np; p++)
        fprintf(f, "%zu %zu %.9f\n", b->pairs[p].seeker, b->pairs[p].vacancy, b->pairs[p].score);
    return fclose(f);
}

static bool ssp = false; /* --ssp: also time successive shortest paths (slow at the target) */

static void run_methods(const bench_inst *b, const vl_fair_params *prm, const char *label,
                        double *flow_seconds, double *flow_cpu, double *flow_objective)
{
    vl_ctx *ctx;
    vl_ctx_create(&ctx);
    for (int m = 0; m < VL_FAIR_METHOD_COUNT; m++) {
        vl_fair_plan *plan;
        double t0 = bench_wall(), c0 = bench_cpu();
        vl_status st = vl_fair_solve(ctx, &b->pb, prm, (vl_fair_method)m, &plan);
        double t = bench_wall() - t0, ct = bench_cpu() - c0;
        if (st != VL_OK) {
            fprintf(stderr, "bench-fair: %s\n", vl_ctx_errmsg(ctx));
            exit(1);
        }
        printf("{\"bench\":\"fair\",\"size\":\"%s\",\"method\":\"%s\",\"seekers\":%zu,"
               "\"vacancies\":%zu,\"pairs\":%zu,\"seconds\":%.4f,\"cpu_seconds\":%.4f,"
               "\"objective\":%.6f,"
               "\"invited\":%zu,\"invitations\":%zu,\"vacancies_covered\":%zu,"
               "\"gini\":%.4f,\"over_capacity\":%zu}\n",
               label, vl_fair_method_name((vl_fair_method)m), b->ns, b->nv, b->np, t, ct,
               plan->metrics.objective, plan->metrics.seekers_invited, plan->n_invitations,
               plan->metrics.vacancies_covered, plan->metrics.per_position_gini,
               plan->metrics.over_capacity);
        if (m == VL_FAIR_FLOW) {
            *flow_seconds = t;
            *flow_cpu = ct;
            *flow_objective = plan->metrics.objective;
        }
        vl_fair_plan_destroy(plan);
    }
    /* both sides of the exact solver, with the solver's own counters */
    fair_graph g;
    if (fair_graph_build(ctx, &b->pb, prm, &g) == VL_OK) {
        uint8_t *chosen = malloc(g.np + 1);
        for (int k = 0; k < 4; k++) {
            fair_side side = k % 2 ? FAIR_SIDE_VACANCIES : FAIR_SIDE_SEEKERS;
            fair_algo algo = k / 2 ? FAIR_ALGO_SSP : FAIR_ALGO_SCALING;
            if (algo == FAIR_ALGO_SSP && !ssp)
                continue;
            fair_flow_stats fs;
            double t0 = bench_wall(), c0 = bench_cpu();
            fair_run_flow(ctx, &g, prm, side, algo, chosen, &fs);
            double t = bench_wall() - t0, ct = bench_cpu() - c0;
            printf(
                "{\"bench\":\"fair-flow-variant\",\"size\":\"%s\",\"algorithm\":\"%s\","
                "\"left\":\"%s\",\"seconds\":%.4f,\"cpu_seconds\":%.4f,\"steps\":%zu,\"pops\":%zu,"
                "\"scans\":%zu,\"cost\":%lld}\n",
                label, algo == FAIR_ALGO_SSP ? "ssp" : "scaling",
                side == FAIR_SIDE_SEEKERS ? "seekers" : "vacancies", t, ct, fs.augmentations,
                fs.pops, fs.scans, (long long)fs.cost);
        }
        free(chosen);
        fair_graph_free(&g);
    }
    vl_ctx_destroy(ctx);
}

/*
 * End to end on generated data (the project's generator): matching index, candidate pairs
 * (vl_match_candidates on the context's threads), candidate graph and the exact flow plan for
 * every open vacancy. The generator decides positions and eligibility, so the pair count is
 * reported rather than forced.
 */
static void end_to_end(size_t ns, size_t nv, size_t C, unsigned threads)
{
    vl_ctx *ctx;
    vl_ctx_create(&ctx);
    vl_ctx_set_threads(ctx, threads);
    vl_gen_options go;
    vl_gen_options_default(&go);
    /* the measured workload (README), fixed here: the defaults follow the sample's date */
    go.seed = 20260301;
    go.as_of = 20260301;
    go.n_seekers = ns;
    go.n_vacancies = nv;
    go.n_employers = nv / 3 ? nv / 3 : 1;
    go.closed_share = 0;
    go.abroad_share = 0.05;
    vl_dataset *ds = NULL;
    vl_match_model *mm = NULL;
    vl_match_index *idx = NULL;
    vl_fair_input *in = NULL;
    vl_fair_plan *plan = NULL;
    vl_fair_params prm;
    vl_fair_params_default(&prm);
    prm.candidates_per_seeker = (int)C;
    if (vl_gen_dataset(ctx, &go, &ds) != VL_OK ||
        vl_match_model_create_default(ctx, &mm) != VL_OK) {
        fprintf(stderr, "bench-fair: %s\n", vl_ctx_errmsg(ctx));
        exit(1);
    }
    vl_match_options mo = {.as_of = go.as_of, .fair = NULL};
    double t0 = bench_wall(), c0 = bench_cpu();
    vl_status st = vl_match_index_create(ctx, ds, mm, &mo, &idx);
    double t1 = bench_wall(), c1 = bench_cpu();
    if (st == VL_OK)
        st = vl_fair_input_create(ctx, idx, &prm, &in);
    double t2 = bench_wall(), c2 = bench_cpu();
    if (st == VL_OK)
        st = vl_fair_solve(ctx, vl_fair_input_problem(in), &prm, VL_FAIR_FLOW, &plan);
    double t3 = bench_wall(), c3 = bench_cpu();
    if (st != VL_OK) {
        fprintf(stderr, "bench-fair: %s\n", vl_ctx_errmsg(ctx));
        exit(1);
    }
    const vl_fair_problem *pb = vl_fair_input_problem(in);
    printf("{\"bench\":\"fair-end-to-end\",\"threads\":%u,\"seekers\":%zu,\"vacancies\":%zu,"
           "\"eligible_seekers\":%zu,\"open_vacancies\":%zu,\"positions\":%zu,\"pairs\":%zu,"
           "\"index_seconds\":%.4f,\"candidates_seconds\":%.4f,\"flow_seconds\":%.4f,"
           "\"plan_seconds\":%.4f,\"candidates_cpu_seconds\":%.4f,\"flow_cpu_seconds\":%.4f,"
           "\"plan_cpu_seconds\":%.4f,\"index_cpu_seconds\":%.4f,"
           "\"invitations\":%zu,\"objective\":%.6f}\n",
           vl_ctx_threads(ctx), ns, nv, pb->n_seekers, pb->n_vacancies, plan->metrics.positions,
           pb->n_pairs, t1 - t0, t2 - t1, t3 - t2, t3 - t1, c2 - c1, c3 - c2, c3 - c1, c1 - c0,
           plan->n_invitations, plan->metrics.objective);
    vl_fair_plan_destroy(plan);
    vl_fair_input_destroy(in);
    vl_match_index_destroy(idx);
    vl_match_model_destroy(mm);
    vl_dataset_destroy(ds);
    vl_ctx_destroy(ctx);
}

int main(int argc, char **argv)
{
    size_t ns = 20000, nv = 2000, positions = 6000, C = 50;
    const char *scipy = NULL, *sizes = "1000,2000";
    /* Debian's interpreter, where python3-scipy lives (a python3 earlier on PATH may lack it) */
    const char *python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    unsigned threads = 2;
    bool e2e = true;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--ssp")) {
            ssp = true;
            continue;
        }
        if (!strcmp(argv[i], "--no-end-to-end")) {
            e2e = false;
            continue;
        }
        if (i + 1 >= argc)
            break;
        if (!strcmp(argv[i], "--seekers"))
            ns = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--vacancies"))
            nv = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--positions"))
            positions = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--candidates"))
            C = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--scipy"))
            scipy = argv[i + 1];
        else if (!strcmp(argv[i], "--python"))
            python = argv[i + 1];
        else if (!strcmp(argv[i], "--scipy-sizes"))
            sizes = argv[i + 1];
        else if (!strcmp(argv[i], "--threads"))
            threads = (unsigned)strtoul(argv[i + 1], NULL, 10);
        i++;
    }
    vl_fair_params prm;
    vl_fair_params_default(&prm);
    prm.min_score = 0;
    prm.candidates_per_seeker = (int)C;

    bench_inst b;
    double t0 = bench_wall();
    make_instance(&b, ns, nv, positions, C);
    printf("{\"bench\":\"fair-generate\",\"seekers\":%zu,\"vacancies\":%zu,\"positions\":%zu,"
           "\"pairs\":%zu,\"seconds\":%.4f}\n",
           ns, nv, positions, b.np, bench_wall() - t0);
    double ft, fc, fo;
    run_methods(&b, &prm, "target", &ft, &fc, &fo);
    free_instance(&b);
    if (e2e)
        end_to_end(ns, nv, C, threads);

    /* Peer comparison: smaller instances of the same shape (seekers : vacancies : positions
     * = 10 : 1 : 3), solved by both in the same run, with one invitation per seeker so that
     * the slot expansion fits scipy's dense assignment exactly (fair_scipy.py). */
    if (scipy) {
        vl_fair_params p1 = prm;
        p1.per_seeker = 1;
        char *list = strdup(sizes);
        for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
            size_t n = strtoul(tok, NULL, 10);
            size_t vn = n / 10 ? n / 10 : 1;
            make_instance(&b, n, vn, 3 * vn, C < vn ? C : vn);
            char label[32], path[64], cmd[512];
            snprintf(label, sizeof label, "%zu", n);
            run_methods(&b, &p1, label, &ft, &fc, &fo);
            snprintf(path, sizeof path, "/tmp/bench-fair-%d-%zu.txt", (int)getpid(), n);
            if (write_instance(&b, &p1, path) != 0) {
                fprintf(stderr, "bench-fair: cannot write %s\n", path);
                return 1;
            }
            snprintf(cmd, sizeof cmd, "'%s' '%s' '%s'", python, scipy, path);
            FILE *p = popen(cmd, "r");
            double st = NAN, so = NAN, sbuild = NAN, scpu = NAN;
            size_t nodes = 0;
            if (p) {
                if (fscanf(p, "%lf %lf %lf %zu %lf", &sbuild, &st, &so, &nodes, &scpu) != 5)
                    st = scpu = NAN;
                pclose(p);
            }
            remove(path);
            printf("{\"bench\":\"fair-vs-scipy\",\"seekers\":%zu,\"vacancies\":%zu,"
                   "\"pairs\":%zu,\"flow_seconds\":%.4f,\"flow_cpu_seconds\":%.4f,"
                   "\"scipy_seconds\":%.4f,\"scipy_cpu_seconds\":%.4f,"
                   "\"scipy_build_seconds\":%.4f,\"scipy_matrix_cells\":%zu,"
                   "\"ratio_wall\":%.1f,\"ratio_cpu\":%.1f,"
                   "\"flow_objective\":%.6f,\"scipy_objective\":%.6f,\"same_optimum\":%s}\n",
                   n, vn, b.np, ft, fc, st, scpu, sbuild, nodes, st / ft, scpu / fc, fo, so,
                   fabs(fo - so) < 1e-3 ? "true" : "false");
            free_instance(&b);
        }
        free(list);
    }
    return 0;
}
