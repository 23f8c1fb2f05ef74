/*
 * bench-import.c - the import benchmark (issue 2): the generator writes 100,000 seekers, 20,000
 * vacancies and their employers as CSV; each kind is imported into a fresh database through
 * vl_db_import, then the whole set is loaded back with vl_db_load_dataset (the matching issue
 * reports that load time on its own).
 *
 * Every phase runs in its own child process so that its peak memory (getrusage ru_maxrss) is its
 * own. Output: one line per phase, `key=value` pairs, e.g.
 *   phase=import kind=seekers rows=100000 seconds=2.91 rows_per_s=34364 peak_rss_kib=14120
 * With --db TARGET the database is TARGET instead of DIR/bench.db: a PostgreSQL URL (give it a
 * fresh schema: ...&options=-csearch_path%3Dbench_N) measures the second backend, where the
 * load phase also times the match index built over what was loaded (phase=index).
 * With --areas FILE (a country's provinces and communes, benchmarks/run-national.sh makes one)
 * the generator spreads every record over all of them (home areas "*") and the areas are
 * imported first, so that PostgreSQL makes one partition per province.
 * Usage: bench-import [--seekers N] [--vacancies N] [--employers N] [--seed N] [--dir DIR]
 *                     [--db TARGET] [--areas FILE] [--province CODE] [--quarters N]
 * --quarters N: N quarters of history instead of 40 (the history grows with the areas, so a
 * full-size country's is cut short to keep the run within the machine's time and disk).
 * With --province CODE the load is measured a second time as that province's server loads it
 * (vl_db_set_load_scope: its records and those with no area), phase=load_province.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include <vieclam/vieclam.h>

typedef struct bench {
    vl_gen_options o;
    char dir[4096];
    char db[4200];
} bench;

static int fail(vl_ctx *ctx, vl_status st, const char *what)
{
    fprintf(stderr, "bench-import: %s: %s (%s)\n", what, vl_strerror(st), vl_ctx_errmsg(ctx));
    size_t n = vl_ctx_diag_count(ctx);
    for (size_t i = 0; i < n && i < 10 && vl_ctx_diag(ctx, i); i++)
        fprintf(stderr, "  %s\n", vl_ctx_diag(ctx, i));
    return 1;
}

/* Runs fn(b, arg) in a child process; returns its exit status (0 = ok). */
static int in_child(int (*fn)(const bench *, const void *), const bench *b, const void *arg)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench-import: fork");
        return 1;
    }
    if (pid == 0) {
        int rc = fn(b, arg);
        fflush(stdout);
        _exit(rc);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return 1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static vl_ctx *new_ctx(void)
{
    vl_ctx *ctx = NULL;
    if (vl_ctx_create(&ctx) != VL_OK) {
        fprintf(stderr, "bench-import: out of memory\n");
        exit(1);
    }
    return ctx;
}

static int phase_generate(const bench *b, const void *arg)
{
    (void)arg;
    vl_ctx *ctx = new_ctx();
    double t0 = bench_wall(), c0 = bench_cpu();
    vl_status st = vl_gen_write_csv(ctx, &b->o, b->dir);
    double dt = bench_wall() - t0, dc = bench_cpu() - c0;
    if (st != VL_OK)
        return fail(ctx, st, "generate");
    size_t rows = b->o.n_employers + b->o.n_vacancies + b->o.n_seekers;
    printf("phase=generate rows=%zu seconds=%.3f cpu_seconds=%.3f rows_per_s=%.0f "
           "rows_per_cpu_s=%.0f peak_rss_kib=%ld\n",
           rows, dt, dc, (double)rows / dt, (double)rows / dc, bench_peak_rss_kib());
    vl_ctx_destroy(ctx);
    return 0;
}

typedef struct import_job {
    const char *kind_name;
    const char *file;
    vl_kind kind;
    bool create; /* a fresh database with the reference data first */
} import_job;

static int phase_import(const bench *b, const void *arg)
{
    const import_job *job = arg;
    vl_ctx *ctx = new_ctx();
    vl_db *db;
    vl_status st;
    if (job->create && !vl_db_is_url(b->db)) {
        char p[4300];
        static const char *const sfx[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < 3; i++) {
            snprintf(p, sizeof p, "%s%s", b->db, sfx[i]);
            unlink(p);
        }
    }
    if ((st = vl_db_open(ctx, b->db, job->create ? VL_DB_CREATE : 0, &db)) != VL_OK)
        return fail(ctx, st, "open");
    if (job->create) {
        double t0 = bench_wall();
        if ((st = vl_db_init_reference(ctx, db)) != VL_OK)
            return fail(ctx, st, "reference data");
        printf("phase=reference seconds=%.3f\n", bench_wall() - t0);
    }
    char path[4400];
    if (job->kind == VL_KIND_AREAS)
        snprintf(path, sizeof path, "%s", b->o.areas_path);
    else
        snprintf(path, sizeof path, "%s/%s", b->dir, job->file);
    struct stat sb;
    long long bytes = stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
    vl_import_options io = {0};
    vl_import_stats stats = {0};
    double t0 = bench_wall(), c0 = bench_cpu();
    st = vl_db_import(ctx, db, job->kind, path, &io, &stats);
    double dt = bench_wall() - t0, dc = bench_cpu() - c0;
    if (st != VL_OK)
        return fail(ctx, st, job->file);
    printf("phase=import kind=%s rows=%zu inserted=%zu bytes=%lld seconds=%.3f cpu_seconds=%.3f "
           "rows_per_s=%.0f rows_per_cpu_s=%.0f mib_per_s=%.2f peak_rss_kib=%ld\n",
           job->kind_name, stats.rows, stats.inserted, bytes, dt, dc, (double)stats.rows / dt,
           (double)stats.rows / dc, (double)bytes / dt / 1048576.0, bench_peak_rss_kib());
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return stats.rejected ? 1 : 0;
}

/* The whole set loaded and indexed, or with arg (a province's code) what that province's
 * server loads (vl_db_set_load_scope): phase=load_province, phase=index_province. */
static int phase_load(const bench *b, const void *arg)
{
    const char *province = arg;
    vl_ctx *ctx = new_ctx();
    vl_db *db;
    vl_status st = vl_db_open(ctx, b->db, VL_DB_READONLY, &db);
    if (st != VL_OK)
        return fail(ctx, st, "open");
    if (province && (st = vl_db_set_load_scope(ctx, db, &province, 1)) != VL_OK)
        return fail(ctx, st, "province");
    const char *suffix = province ? "_province" : "";
    long before = bench_peak_rss_kib();
    double t0 = bench_wall(), c0 = bench_cpu();
    vl_dataset *ds;
    if ((st = vl_db_load_dataset(ctx, db, &ds)) != VL_OK)
        return fail(ctx, st, "load");
    double dt = bench_wall() - t0, dc = bench_cpu() - c0;
    printf("phase=load%s%s%s employers=%zu vacancies=%zu seekers=%zu seconds=%.3f "
           "cpu_seconds=%.3f peak_rss_kib=%ld rss_before_kib=%ld\n",
           suffix, province ? " province=" : "", province ? province : "", ds->n_employers,
           ds->n_vacancies, ds->n_seekers, dt, dc, bench_peak_rss_kib(), before);
    /* what a server does at start: the loaded set and the match index over it */
    vl_match_model *model = NULL;
    vl_match_index *idx = NULL;
    vl_match_options mo = {.as_of = b->o.as_of, .fair = NULL};
    double ti = bench_wall();
    if ((st = vl_match_model_create_default(ctx, &model)) != VL_OK ||
        (st = vl_match_index_create(ctx, ds, model, &mo, &idx)) != VL_OK)
        return fail(ctx, st, "match index");
    printf("phase=index%s vacancies=%zu seekers=%zu seconds=%.3f load_and_index_seconds=%.3f\n",
           suffix, vl_match_index_vacancy_count(idx), vl_match_index_seeker_count(idx),
           bench_wall() - ti, bench_wall() - t0);
    vl_match_index_destroy(idx);
    vl_match_model_destroy(model);
    vl_dataset_destroy(ds);
    if (province) {
        vl_db_close(db);
        vl_ctx_destroy(ctx);
        return 0;
    }
    /* the same set made in memory by the generator, for comparison */
    t0 = bench_wall();
    c0 = bench_cpu();
    if ((st = vl_gen_dataset(ctx, &b->o, &ds)) != VL_OK)
        return fail(ctx, st, "generate in memory");
    printf("phase=gen_dataset vacancies=%zu seekers=%zu seconds=%.3f cpu_seconds=%.3f\n",
           ds->n_vacancies, ds->n_seekers, bench_wall() - t0, bench_cpu() - c0);
    vl_dataset_destroy(ds);
    vl_db_close(db);
    vl_ctx_destroy(ctx);
    return 0;
}

static bool parse_count(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = s ? strtoull(s, &end, 10) : 0;
    if (!s || errno || *end || *s == '-')
        return false;
    *out = (size_t)v;
    return true;
}

int main(int argc, char **argv)
{
    bench b;
    memset(&b, 0, sizeof b);
    vl_gen_options_default(&b.o);
    /* the measured workload (README), fixed here: the defaults follow the sample's date */
    b.o.seed = 20260301;
    b.o.as_of = 20260301;
    b.o.n_seekers = 100000;
    b.o.n_vacancies = 20000;
    b.o.n_employers = 2000;
    const char *dir = NULL, *db_target = NULL, *province = NULL;
    for (int i = 1; i < argc; i += 2) { /* every option takes a value */
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        size_t n = 0;
        bool ok = parse_count(v, &n);
        if (strcmp(argv[i], "--seekers") == 0 && ok)
            b.o.n_seekers = n;
        else if (strcmp(argv[i], "--vacancies") == 0 && ok)
            b.o.n_vacancies = n;
        else if (strcmp(argv[i], "--employers") == 0 && ok)
            b.o.n_employers = n;
        else if (strcmp(argv[i], "--seed") == 0 && ok)
            b.o.seed = n;
        else if (strcmp(argv[i], "--dir") == 0 && v)
            dir = v;
        else if (strcmp(argv[i], "--db") == 0 && v)
            db_target = v;
        else if (strcmp(argv[i], "--quarters") == 0 && v && atoi(v) >= 1 && atoi(v) <= 400)
            b.o.quarters = atoi(v);
        else if (strcmp(argv[i], "--province") == 0 && v)
            province = v;
        else if (strcmp(argv[i], "--areas") == 0 && v) {
            b.o.areas_path = v;
            b.o.home_parent = "*";
        } else {
            fprintf(stderr, "usage: bench-import [--seekers N] [--vacancies N] [--employers N] "
                            "[--seed N] [--dir DIR] [--db TARGET] [--areas FILE] "
                            "[--province CODE] [--quarters N]\n");
            return 2;
        }
    }
    char tmp[] = "/tmp/vl-bench-import-XXXXXX";
    if (!dir && !(dir = mkdtemp(tmp))) {
        perror("bench-import: mkdtemp");
        return 1;
    }
    snprintf(b.dir, sizeof b.dir, "%s", dir);
    if (db_target)
        snprintf(b.db, sizeof b.db, "%s", db_target);
    else
        snprintf(b.db, sizeof b.db, "%s/bench.db", dir);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    printf("bench=import backend=%s seed=%llu seekers=%zu vacancies=%zu employers=%zu cpus=%ld"
           " version=%s\n",
           vl_db_is_url(b.db) ? "postgresql" : "sqlite", (unsigned long long)b.o.seed,
           b.o.n_seekers, b.o.n_vacancies, b.o.n_employers, cpus, vl_version());
    static const import_job jobs[] = {
        {"employers", "employers.csv", VL_KIND_EMPLOYERS, true},
        {"vacancies", "vacancies.csv", VL_KIND_VACANCIES, false},
        {"seekers", "seekers.csv", VL_KIND_SEEKERS, false},
        {"history", "history.csv", VL_KIND_HISTORY, false},
    };
    static const import_job country[] = {
        {"areas", NULL, VL_KIND_AREAS, true},
        {"employers", "employers.csv", VL_KIND_EMPLOYERS, false},
        {"vacancies", "vacancies.csv", VL_KIND_VACANCIES, false},
        {"seekers", "seekers.csv", VL_KIND_SEEKERS, false},
        {"history", "history.csv", VL_KIND_HISTORY, false},
    };
    const import_job *run = b.o.areas_path ? country : jobs;
    size_t n_run =
        b.o.areas_path ? sizeof country / sizeof country[0] : sizeof jobs / sizeof jobs[0];
    int rc = in_child(phase_generate, &b, NULL);
    for (size_t i = 0; rc == 0 && i < n_run; i++)
        rc = in_child(phase_import, &b, &run[i]);
    if (rc == 0)
        rc = in_child(phase_load, &b, NULL);
    if (rc == 0 && province)
        rc = in_child(phase_load, &b, province);
    struct stat sb;
    if (rc == 0 && stat(b.db, &sb) == 0)
        printf("database_bytes=%lld\n", (long long)sb.st_size);
    if (dir == tmp) { /* a temporary directory is removed */
        static const char *const files[] = {"employers.csv",
                                            "vacancies.csv",
                                            "seekers.csv",
                                            "history.csv",
                                            "labour-balance-history.csv",
                                            "bench.db",
                                            "bench.db-wal",
                                            "bench.db-shm"};
        char p[4400];
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
            snprintf(p, sizeof p, "%s/%s", dir, files[i]);
            unlink(p);
        }
        rmdir(dir);
    }
    return rc;
}
