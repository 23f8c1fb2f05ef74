#!/usr/bin/env python3
"""fair_scipy.py - the peer of bench-fair: scipy's linear_sum_assignment on the slot-expanded
job-fair problem written by bench-fair (one seeker slot each, K = 1, so the expansion is exact).

Rows are seekers; columns are vacancy slots (capacity many per vacancy, the first one carrying
the vacancy bonus) plus one "not invited" column per seeker. A pair's weight is its score plus
the coverage bonus (and the priority bonus for a priority seeker) plus the vacancy bonus on a
vacancy's first slot; cells that are not candidate pairs are forbidden. The maximum-weight
assignment is then the exact optimum the flow method computes.

Usage: fair_scipy.py INSTANCE  ->  prints "build_seconds solve_seconds objective cells
solve_cpu_seconds" on one line. Debian's python3-scipy only; used by the benchmark alone.
"""
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def main(path):
    with open(path) as f:
        head = f.readline().split()
        ns, nv, npairs, k = int(head[0]), int(head[1]), int(head[2]), int(head[3])
        cover, vbonus, pbonus = float(head[4]), float(head[5]), float(head[6])
        if k != 1:
            sys.exit("fair_scipy.py: the slot expansion here needs per_seeker = 1")
        prio = [int(f.readline()) for _ in range(ns)]
        cap = [int(f.readline()) for _ in range(nv)]
        pairs = [f.readline().split() for _ in range(npairs)]
    t0 = time.perf_counter()
    first = np.zeros(nv + 1, dtype=np.int64)
    np.cumsum(cap, out=first[1:])
    slots = int(first[-1])
    forbid = -1e9
    w = np.full((ns, slots + ns), forbid)
    w[:, slots:] = 0.0  # not invited
    for s, v, score in pairs:
        s, v, score = int(s), int(v), float(score)
        if cap[v] == 0:
            continue
        gain = score + cover + (pbonus if prio[s] else 0.0)
        w[s, first[v]] = gain + vbonus
        w[s, first[v] + 1:first[v + 1]] = gain
    t1 = time.perf_counter()
    c1 = time.process_time()
    rows, cols = linear_sum_assignment(w, maximize=True)
    c2 = time.process_time()
    t2 = time.perf_counter()
    chosen = w[rows, cols]
    assert (chosen > forbid / 2).all()
    print(f"{t1 - t0:.4f} {t2 - t1:.4f} {chosen.sum():.6f} {w.size} {c2 - c1:.4f}")


if __name__ == "__main__":
    main(sys.argv[1])
