/*
 * rng.c - the generator's PRNG (xoshiro256** seeded through splitmix64) and date arithmetic.
 *
 * Each record draws from its own stream seeded by (seed, kind, index), so record i does not
 * depend on how many records come before it or on the order they are made in. Only integer
 * arithmetic and exact IEEE operations are used, so every platform draws the same numbers.
 */
#include "gen/internal.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

void gen_rng_seed(gen_rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    uint64_t x = seed;
    uint64_t a = splitmix64(&x);
    x = a ^ (stream * UINT64_C(0xD1B54A32D192ED03));
    uint64_t b = splitmix64(&x);
    x = b ^ (index * UINT64_C(0xAEF17502108EF2D9));
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    /* xoshiro must not start from all zeros; splitmix64 never gives four zeros in a row, but
     * the invariant is cheap to assert */
    assert(r->s[0] | r->s[1] | r->s[2] | r->s[3]);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t gen_rng_next(gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double gen_rng_unit(gen_rng *r)
{
    /* 53 random bits scaled exactly into [0, 1) */
    return (double)(gen_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t gen_rng_below(gen_rng *r, uint64_t n)
{
    assert(n > 0);
    /* rejection sampling keeps the draw unbiased for any n */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
        x = gen_rng_next(r);
    } while (x >= limit);
    return x % n;
}

int gen_rng_range(gen_rng *r, int lo, int hi)
{
    assert(lo <= hi);
    return lo + (int)gen_rng_below(r, (uint64_t)((int64_t)hi - lo + 1));
}

bool gen_rng_chance(gen_rng *r, double p)
{
    return gen_rng_unit(r) < p;
}

double gen_rng_normal(gen_rng *r)
{
    /* Irwin-Hall: the sum of 12 uniforms minus 6 has mean 0, variance 1 and needs no libm */
    double s = 0;
    for (int i = 0; i < 12; i++)
        s += gen_rng_unit(r);
    return s - 6.0;
}

size_t gen_rng_pick(gen_rng *r, const double *cum, size_t n)
{
    assert(n > 0 && cum[n - 1] > 0);
    double x = gen_rng_unit(r) * cum[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) { /* first i with cum[i] > x */
        size_t mid = lo + (hi - lo) / 2;
        if (cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

size_t gen_rng_pick_int(gen_rng *r, const int *w, size_t n)
{
    int64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    assert(total > 0);
    int64_t x = (int64_t)gen_rng_below(r, (uint64_t)total);
    for (size_t i = 0; i < n; i++) {
        x -= w[i];
        if (x < 0)
            return i;
    }
    return n - 1;
}

int32_t gen_date_add(int32_t yyyymmdd, int days)
{
    /* civil from days (Howard Hinnant's algorithm), the inverse of vl__date_days */
    int64_t z = vl__date_days(yyyymmdd) + days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return (int32_t)(y * 10000 + m * 100 + d);
}
