/*
 * bench-util.h - the measuring helpers every benchmarks/bench-*.c uses: seconds of a clock (wall,
 * this process's CPU, this thread's CPU), peak resident memory, and order statistics of a sample
 * (percentile, with the comparison qsort needs). Static inline so that each benchmark stays one
 * .c file and benchmarks/meson.build builds it as it is. CPU time is reported next to wall time
 * because on a shared machine the wall clock also counts other people's work.
 */
#ifndef VL_BENCH_UTIL_H
#define VL_BENCH_UTIL_H

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

/* Seconds on clock id (CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, ...). */
static inline double bench_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Wall-clock seconds (monotonic: differences only). */
static inline double bench_wall(void)
{
    return bench_clock(CLOCK_MONOTONIC);
}

/* CPU seconds of the whole process (all threads, user + system). */
static inline double bench_cpu(void)
{
    return bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

/* CPU seconds of the calling thread only. */
static inline double bench_thread_cpu(void)
{
    return bench_clock(CLOCK_THREAD_CPUTIME_ID);
}

/* Peak resident set size of this process so far, in KiB (ru_maxrss is KiB on Linux). */
static inline long bench_peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* qsort comparison of doubles, ascending. */
static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile (0 < q <= 1, nearest rank) of v[0..n); sorts v in place; 0 for an empty v. */
static inline double bench_percentile(double *v, size_t n, double q)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, bench_cmp_double);
    size_t i = (size_t)ceil(q * (double)n) - 1;
    return v[i < n ? i : n - 1];
}

#endif
