/*
 * fair-testutil.c - the fair planner tests' shared helpers (see fair-testutil.h): the random
 * generator behind their instances, the Hungarian reference solver, the plan limit checks and
 * the rounding tolerance. Only test-fair.c and test-numeric-fair.c link it.
 */
#include "fair-testutil.h"

#include "testutil.h"

#include <stdlib.h>

#include "fair/fair-int.h"

uint64_t ft_rng_state;

uint64_t ft_rnd(void)
{
    ft_rng_state ^= ft_rng_state << 13;
    ft_rng_state ^= ft_rng_state >> 7;
    ft_rng_state ^= ft_rng_state << 17;
    return ft_rng_state;
}

double ft_rnd01(void)
{
    return (double)(ft_rnd() >> 11) / 9007199254740992.0;
}

double ft_hungarian(size_t n, size_t m, const double *a)
{
    assert_true(n <= m);
    const double INF = 1e18;
    double *u = calloc(n + 1, sizeof *u), *v = calloc(m + 1, sizeof *v);
    double *minv = malloc((m + 1) * sizeof *minv);
    size_t *p = calloc(m + 1, sizeof *p), *way = calloc(m + 1, sizeof *way);
    bool *used = malloc(m + 1);
    assert_non_null(u);
    assert_non_null(v);
    assert_non_null(minv);
    assert_non_null(p);
    assert_non_null(way);
    assert_non_null(used);
    for (size_t i = 1; i <= n; i++) {
        p[0] = i;
        size_t j0 = 0;
        for (size_t j = 0; j <= m; j++) {
            minv[j] = INF;
            used[j] = false;
        }
        do {
            used[j0] = true;
            size_t i0 = p[j0], j1 = 0;
            double delta = INF;
            for (size_t j = 1; j <= m; j++) {
                if (used[j])
                    continue;
                double cur = a[(i0 - 1) * m + (j - 1)] - u[i0] - v[j];
                if (cur < minv[j]) {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if (minv[j] < delta) {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for (size_t j = 0; j <= m; j++) {
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            size_t j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0);
    }
    double cost = 0;
    for (size_t j = 1; j <= m; j++)
        if (p[j])
            cost += a[(p[j] - 1) * m + (j - 1)];
    free(u);
    free(v);
    free(minv);
    free(p);
    free(way);
    free(used);
    return cost;
}

void ft_check_limits(const vl_fair_problem *pb, const vl_fair_params *prm, const vl_fair_plan *plan,
                     bool capacities)
{
    int *sc = calloc(pb->n_seekers + 1, sizeof *sc), *vc = calloc(pb->n_vacancies + 1, sizeof *vc);
    assert_non_null(sc);
    assert_non_null(vc);
    for (size_t i = 0; i < plan->n_invitations; i++) {
        sc[plan->invitations[i].seeker]++;
        vc[plan->invitations[i].vacancy]++;
    }
    for (size_t s = 0; s < pb->n_seekers; s++)
        assert_true(sc[s] <= prm->per_seeker);
    for (size_t v = 0; capacities && v < pb->n_vacancies; v++)
        assert_true(vc[v] <= vl_fair_capacity(prm, pb->vacancy_positions[v]));
    free(sc);
    free(vc);
}

double ft_tolerance(const vl_fair_problem *pb)
{
    return (double)(pb->n_pairs + pb->n_seekers + pb->n_vacancies) / VL_FAIR_COST_SCALE;
}
