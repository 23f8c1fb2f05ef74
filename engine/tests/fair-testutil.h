/*
 * fair-testutil.h - helpers shared by the fair planner's tests (test-fair.c, the quick checks,
 * and test-numeric-fair.c, the heavy randomized ones): a seeded xorshift generator for the
 * random instances, a Hungarian assignment used as an independent reference solver, the
 * capacity and per-seeker checks every plan must pass, and the objective tolerance that the
 * library's 1e-6 cost rounding allows. Linked into both programs by engine/tests/meson.build.
 */
#ifndef VL_FAIR_TESTUTIL_H
#define VL_FAIR_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/vieclam.h>

/* State of the generator; each test seeds it (assigns a constant) before drawing. */
extern uint64_t ft_rng_state;
/* Next 64 random bits (xorshift64). */
uint64_t ft_rnd(void);
/* Uniform in [0, 1) with 53 random bits. */
double ft_rnd01(void);

/*
 * Hungarian algorithm (minimising, potentials, O(n^2 m)) on a dense n x m cost matrix a
 * (row-major, 0-based, n <= m): every row gets its own column. Returns the minimum cost.
 */
double ft_hungarian(size_t n, size_t m, const double *a);

/* Fails the test unless every seeker has at most per_seeker invitations and (with capacities)
 * every vacancy at most vl_fair_capacity of its positions; greedy plans ignore capacities. */
void ft_check_limits(const vl_fair_problem *pb, const vl_fair_params *prm, const vl_fair_plan *plan,
                     bool capacities);

/* How far two optimal objectives may differ: costs are rounded to 1/VL_FAIR_COST_SCALE per
 * arc, and at most (pairs + seekers + vacancies) arcs differ. */
double ft_tolerance(const vl_fair_problem *pb);

#endif
