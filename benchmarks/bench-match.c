/*
 * bench-match.c - matching at issue 3's target size on generated data (vl_gen_dataset): 100,000
 * active seekers x 20,000 open vacancies by default. One run measures the index build, the
 * all-seekers top-k batch, single-query latency (wall and CPU), peak RSS, the fraction of pairs
 * scored, the speed-up over --exhaustive on a sample of seekers and, with --sqlite DIR, the load
 * from SQLite. Prints key=value lines (benchmarks/README.md lists the options and figures).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench-util.h"
#include "match/match.h"

static void die(vl_ctx *ctx, const char *what)
{
    fprintf(stderr, "bench-match: %s: %s\n", what, vl_ctx_errmsg(ctx));
    exit(1);
}

static size_t count_active(const vl_dataset *ds)
{
    size_t n = 0;
    for (size_t i = 0; i < ds->n_seekers; i++)
        n += ds->seekers[i].status == VL_SEEKER_ACTIVE;
    return n;
}

/* A dataset over a subset of seekers (sharing the records), for the exhaustive comparison. */
static vl_dataset subset(const vl_dataset *ds, vl_seeker **keep, size_t step)
{
    vl_dataset sub = *ds;
    size_t n = 0;
    *keep = malloc(ds->n_seekers * sizeof **keep);
    for (size_t i = 0, a = 0; i < ds->n_seekers; i++) {
        if (ds->seekers[i].status != VL_SEEKER_ACTIVE)
            continue;
        if (a++ % step == 0)
            (*keep)[n++] = ds->seekers[i];
    }
    sub.seekers = *keep;
    sub.n_seekers = n;
    sub.owner = NULL;
    return sub;
}

int main(int argc, char **argv)
{
    size_t want_seekers = 100000, want_vacancies = 20000, top = 10, queries = 2000;
    size_t sample = 20;
    unsigned threads = 2;
    uint64_t seed = 20260301;
    const char *sqlite_dir = NULL;
    for (int i = 1; i < argc; i += 2) { /* every option takes a value */
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "bench-match: %s needs a value\n", a);
            return 2;
        }
        if (strcmp(a, "--seekers") == 0)
            want_seekers = strtoul(v, NULL, 10);
        else if (strcmp(a, "--vacancies") == 0)
            want_vacancies = strtoul(v, NULL, 10);
        else if (strcmp(a, "--threads") == 0)
            threads = (unsigned)strtoul(v, NULL, 10);
        else if (strcmp(a, "--top") == 0)
            top = strtoul(v, NULL, 10);
        else if (strcmp(a, "--queries") == 0)
            queries = strtoul(v, NULL, 10);
        else if (strcmp(a, "--exhaustive-sample") == 0)
            sample = strtoul(v, NULL, 10);
        else if (strcmp(a, "--seed") == 0)
            seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--sqlite") == 0)
            sqlite_dir = v;
        else {
            fprintf(stderr, "bench-match: unknown option %s\n", a);
            return 2;
        }
    }
    vl_ctx *ctx;
    if (vl_ctx_create(&ctx) != VL_OK)
        return 1;
    vl_ctx_set_threads(ctx, threads);

    /* generate: all vacancies open on as_of; enough seekers for the active count wanted */
    vl_gen_options go;
    vl_gen_options_default(&go);
    go.seed = seed;
    go.as_of = 20260301; /* the measured workload (README); not the sample's default date */
    go.closed_share = 0;
    go.n_vacancies = want_vacancies;
    go.n_employers = want_vacancies / 20 + 1;
    go.n_seekers = want_seekers;
    go.quarters = 1;
    vl_dataset *ds;
    double t0 = bench_wall();
    if (vl_gen_dataset(ctx, &go, &ds) != VL_OK)
        die(ctx, "generating");
    size_t active = count_active(ds);
    if (active < want_seekers && active > 0) {
        go.n_seekers =
            (size_t)ceil((double)want_seekers * (double)ds->n_seekers / (double)active) + 64;
        vl_dataset_destroy(ds);
        if (vl_gen_dataset(ctx, &go, &ds) != VL_OK)
            die(ctx, "generating");
        active = count_active(ds);
    }
    double t_gen = bench_wall() - t0;

    double t_sqlite = -1;
    if (sqlite_dir) {
        /* the same data through CSV into SQLite, then the timed load */
        char db_path[4096], csv[4096];
        if (vl_gen_write_csv(ctx, &go, sqlite_dir) != VL_OK)
            die(ctx, "writing CSV");
        snprintf(db_path, sizeof db_path, "%s/bench.db", sqlite_dir);
        remove(db_path);
        vl_db *db;
        if (vl_db_open(ctx, db_path, VL_DB_CREATE, &db) != VL_OK ||
            vl_db_init_reference(ctx, db) != VL_OK)
            die(ctx, "creating the database");
        static const struct {
            vl_kind kind;
            const char *file;
        } files[] = {{VL_KIND_EMPLOYERS, "employers.csv"},
                     {VL_KIND_VACANCIES, "vacancies.csv"},
                     {VL_KIND_SEEKERS, "seekers.csv"}};
        for (size_t i = 0; i < 3; i++) {
            snprintf(csv, sizeof csv, "%s/%s", sqlite_dir, files[i].file);
            vl_import_stats stats;
            if (vl_db_import(ctx, db, files[i].kind, csv, NULL, &stats) != VL_OK)
                die(ctx, csv);
        }
        vl_dataset *loaded;
        t0 = bench_wall();
        if (vl_db_load_dataset(ctx, db, &loaded) != VL_OK)
            die(ctx, "loading");
        t_sqlite = bench_wall() - t0;
        vl_dataset_destroy(loaded);
        vl_db_close(db);
    }

    vl_match_model *model;
    if (vl_match_model_create_default(ctx, &model) != VL_OK)
        die(ctx, "model");
    vl_match_options opt = {.as_of = go.as_of};
    vl_match_index *idx;
    t0 = bench_wall();
    if (vl_match_index_create(ctx, ds, model, &opt, &idx) != VL_OK)
        die(ctx, "index");
    double t_index = bench_wall() - t0;
    size_t n_vac = vl_match_index_vacancy_count(idx), n_seek = vl_match_index_seeker_count(idx);

    /* the all-seekers batch */
    vl_match_results *all;
    t0 = bench_wall();
    double c0 = bench_cpu();
    if (vl_match_all_seekers(ctx, idx, top, 0, &all) != VL_OK)
        die(ctx, "batch");
    double t_batch = bench_wall() - t0, c_batch = bench_cpu() - c0;
    uint64_t scored, pairs;
    vl_match_results_work(all, &scored, &pairs);
    size_t n_results = vl_match_results_count(all);
    vl_match_results_destroy(all);

    /* single queries: every (active/queries)-th active seeker, and vacancies alike */
    double *lat = malloc((queries + 1) * sizeof *lat);
    double *latv = malloc((queries + 1) * sizeof *latv);
    double *cpu = malloc((queries + 1) * sizeof *cpu);
    double *cpuv = malloc((queries + 1) * sizeof *cpuv);
    size_t nq = 0, nqv = 0;
    size_t step = active / (queries ? queries : 1);
    if (step == 0)
        step = 1;
    for (size_t i = 0, a = 0; i < ds->n_seekers && nq < queries; i++) {
        if (ds->seekers[i].status != VL_SEEKER_ACTIVE || a++ % step)
            continue;
        vl_match_results *r;
        double q0 = bench_wall(), k0 = bench_thread_cpu();
        if (vl_match_by_seeker(ctx, idx, ds->seekers[i].id, top, 0, &r) != VL_OK)
            die(ctx, "query");
        cpu[nq] = bench_thread_cpu() - k0;
        lat[nq++] = bench_wall() - q0;
        vl_match_results_destroy(r);
    }
    size_t stepv = n_vac / (queries ? queries : 1);
    if (stepv == 0)
        stepv = 1;
    for (size_t i = 0; i < ds->n_vacancies && nqv < queries; i += stepv) {
        if (!vl_match_index_has_vacancy(idx, i))
            continue;
        vl_match_results *r;
        double q0 = bench_wall(), k0 = bench_thread_cpu();
        if (vl_match_by_vacancy(ctx, idx, ds->vacancies[i].id, top, 0, &r) != VL_OK)
            die(ctx, "query");
        cpuv[nqv] = bench_thread_cpu() - k0;
        latv[nqv++] = bench_wall() - q0;
        vl_match_results_destroy(r);
    }
    double p50 = bench_percentile(lat, nq, 0.5), p99 = bench_percentile(lat, nq, 0.99);
    double p50v = bench_percentile(latv, nqv, 0.5), p99v = bench_percentile(latv, nqv, 0.99);
    double c50 = bench_percentile(cpu, nq, 0.5), c99 = bench_percentile(cpu, nq, 0.99);
    double c50v = bench_percentile(cpuv, nqv, 0.5), c99v = bench_percentile(cpuv, nqv, 0.99);

    /* exhaustive against indexed on the same seekers (a sample unless --exhaustive-sample 0) */
    vl_seeker *keep;
    vl_dataset sub = subset(ds, &keep, sample ? sample : 1);
    vl_match_index *sidx;
    if (vl_match_index_create(ctx, &sub, model, &opt, &sidx) != VL_OK)
        die(ctx, "index");
    vl_match_results *ri, *re;
    t0 = bench_wall();
    c0 = bench_cpu();
    if (vl_match_all_seekers(ctx, sidx, top, 0, &ri) != VL_OK)
        die(ctx, "batch");
    double t_sub_index = bench_wall() - t0, c_sub_index = bench_cpu() - c0;
    t0 = bench_wall();
    c0 = bench_cpu();
    if (vl_match_all_seekers(ctx, sidx, top, VL_MATCH_EXHAUSTIVE, &re) != VL_OK)
        die(ctx, "batch");
    double t_sub_exh = bench_wall() - t0, c_sub_exh = bench_cpu() - c0;
    bool same = vl_match_results_count(ri) == vl_match_results_count(re);
    for (size_t i = 0; same && i < vl_match_results_count(ri); i++)
        same = memcmp(vl_match_results_at(ri, i), vl_match_results_at(re, i),
                      sizeof(vl_match_result)) == 0;
    uint64_t sub_scored, sub_pairs;
    vl_match_results_work(ri, &sub_scored, &sub_pairs);
    vl_match_results_destroy(ri);
    vl_match_results_destroy(re);

    char buf[8][32];
    printf("bench=match\nseed=%llu\nthreads=%u\ntop=%zu\nactive_seekers=%zu\n"
           "open_vacancies=%zu\ngenerate_s=%s\nsqlite_load_s=%s\nindex_build_s=%s\n"
           "batch_s=%s\nbatch_cpu_s=%s\nresults=%zu\npairs_scored=%llu\npairs_all=%llu\nfraction_"
           "scored=%s\n",
           (unsigned long long)seed, threads, top, n_seek, n_vac,
           vl_format_fixed(buf[0], 32, t_gen, 3),
           t_sqlite < 0 ? "not-measured" : vl_format_fixed(buf[1], 32, t_sqlite, 3),
           vl_format_fixed(buf[2], 32, t_index, 3), vl_format_fixed(buf[3], 32, t_batch, 3),
           vl_format_fixed(buf[5], 32, c_batch, 3), n_results, (unsigned long long)scored,
           (unsigned long long)pairs,
           vl_format_double(buf[4], 32, pairs ? (double)scored / (double)pairs : 0, 4));
    printf("seeker_query_ms_p50=%s\nseeker_query_ms_p99=%s\nvacancy_query_ms_p50=%s\n"
           "vacancy_query_ms_p99=%s\nqueries=%zu\n",
           vl_format_fixed(buf[0], 32, p50 * 1e3, 4), vl_format_fixed(buf[1], 32, p99 * 1e3, 4),
           vl_format_fixed(buf[2], 32, p50v * 1e3, 4), vl_format_fixed(buf[3], 32, p99v * 1e3, 4),
           nq);
    printf("seeker_query_cpu_ms_p50=%s\nseeker_query_cpu_ms_p99=%s\n"
           "vacancy_query_cpu_ms_p50=%s\nvacancy_query_cpu_ms_p99=%s\n",
           vl_format_fixed(buf[0], 32, c50 * 1e3, 4), vl_format_fixed(buf[1], 32, c99 * 1e3, 4),
           vl_format_fixed(buf[2], 32, c50v * 1e3, 4), vl_format_fixed(buf[3], 32, c99v * 1e3, 4));
    printf("exhaustive_sample_seekers=%zu\nsample_index_s=%s\nsample_exhaustive_s=%s\n"
           "speedup_vs_exhaustive=%s\nsample_index_cpu_s=%s\nsample_exhaustive_cpu_s=%s\n"
           "speedup_vs_exhaustive_cpu=%s\nsample_fraction_scored=%s\nsample_identical=%s\n"
           "peak_rss_mb=%s\n",
           sub.n_seekers, vl_format_fixed(buf[0], 32, t_sub_index, 3),
           vl_format_fixed(buf[1], 32, t_sub_exh, 3),
           vl_format_fixed(buf[2], 32, t_sub_index > 0 ? t_sub_exh / t_sub_index : 0, 1),
           vl_format_fixed(buf[5], 32, c_sub_index, 3), vl_format_fixed(buf[6], 32, c_sub_exh, 3),
           vl_format_fixed(buf[7], 32, c_sub_index > 0 ? c_sub_exh / c_sub_index : 0, 1),
           vl_format_double(buf[3], 32, sub_pairs ? (double)sub_scored / (double)sub_pairs : 0, 4),
           same ? "true" : "false",
           vl_format_fixed(buf[4], 32, (double)bench_peak_rss_kib() / 1024.0, 1));
    vl_match_index_destroy(sidx);
    free(keep);
    free(lat);
    free(latv);
    free(cpu);
    free(cpuv);
    vl_match_index_destroy(idx);
    vl_match_model_destroy(model);
    vl_dataset_destroy(ds);
    vl_ctx_destroy(ctx);
    return same ? 0 : 1;
}
