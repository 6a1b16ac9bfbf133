#!/usr/bin/env python3
"""NumPy reference for benches/engine.rs (issue 9): the same cases, the same arithmetic, float32
where the engine is f32 and float64 where it is f64, single-threaded BLAS. Prints JSON
{case id: median seconds} on stdout. The data are random (NumPy's generator, not the engine's),
with the same shapes and the same regime (β, corruption), which is all the timing depends on.

Usage: python3 benches/reference.py [--quick]
"""

import os

# Single-threaded BLAS, set before NumPy is imported (the engine is single-threaded too).
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[var] = "1"

import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

F32 = np.float32


def timed(fn, min_time):
    """Median seconds of one call of `fn`, over repeated calls for at least `min_time` s."""
    for _ in range(3):  # warm-up (caches, page faults, lazy BLAS init)
        fn()
    samples = []
    start = time.perf_counter()
    while len(samples) < 5 or (time.perf_counter() - start < min_time and len(samples) < 10_000):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def softmax(beta, z):
    e = np.exp(beta * (z - z.max()))
    return e * (F32(1.0) / e.sum())


def modern_case(d, n, rng):
    # X is d×N column-major in the engine: as a C-ordered (N, d) array each pattern is a
    # contiguous row, the same memory layout.
    xs = rng.standard_normal((n, d)).astype(F32)
    xs *= F32(np.sqrt(d)) / np.linalg.norm(xs, axis=1, keepdims=True)
    beta = F32(1.0 / np.sqrt(d))
    xi = rng.standard_normal(d).astype(F32)

    def update():
        z = xs @ xi  # Xᵀξ
        # The engine also evaluates E(ξ) = −lse(β, z) + ½ξᵀξ + … during an update.
        zmax = z.max()
        _energy = -(zmax + np.log(np.exp(beta * (z - zmax)).sum()) / beta) + F32(0.5) * (xi @ xi)
        p = softmax(beta, z)
        return p @ xs  # X p

    return update


def sgn_keep(h, s):
    return np.where(h > 0, F32(1.0), np.where(h < 0, F32(-1.0), s))


def classic_lowrank(rng):
    d, n = 4096, 400
    xs = rng.choice(np.array([-1.0, 1.0], dtype=F32), size=(n, d))  # rows = patterns
    s = xs[0].copy()
    s[: d // 10] *= -1

    def step():
        m = xs @ s  # Xᵀs
        h = m @ xs - F32(n) * s  # X m − N s (unscaled; the sign is all that matters)
        return sgn_keep(h, s)

    return step


def classic_full(rng):
    d = 4096
    w = rng.standard_normal((d, d)).astype(F32)
    w = (w + w.T) * F32(0.5)
    np.fill_diagonal(w, 0.0)
    s = rng.choice(np.array([-1.0, 1.0], dtype=F32), size=d)

    def step():
        return sgn_keep(w @ s, s)

    return step


def dense_sweep(rng):
    """One asynchronous sweep of the exponential dense memory, as dense.rs does it: overlaps m
    and weights w = exp(β(m − max m)) in f64, kept up to date across flips; the drive of neuron
    j compares P = Σ_{x_ij=+1} w_i with Q = Σ_{x_ij=−1} w_i in log space."""
    d, n, beta = 1024, 2000, 0.05
    xs = rng.choice(np.array([-1.0, 1.0]), size=(n, d))
    rows = np.ascontiguousarray(xs.T)  # Xᵀ row-major: row j = (x_1j … x_Nj)
    plus = 0.5 * (1.0 + rows)
    minus = 1.0 - plus
    query = xs[0].copy()
    query[: d // 5] *= -1
    order = rng.permutation(d)

    def sweep():
        s = query.copy()
        m = xs @ s
        w = np.exp(beta * (m - m.max()))
        for j in order:
            p = plus[j] @ w
            q = minus[j] @ w
            h = np.log(p) - np.log(q) - 2.0 * beta * s[j]
            if (h > 0 and s[j] < 0) or (h < 0 and s[j] > 0):
                s[j] = -s[j]
                m += (2.0 * s[j]) * rows[j]
                w = np.exp(beta * (m - m.max()))
        return s

    return sweep


def energy_grid(rng):
    """E on a 200×200 grid over the plane for 16 patterns in R² (landscape.rs: per cell
    z = a + u b + v c, the lse of β z and the quadratic term)."""
    n, side, beta = 16, 200, F32(2.0)
    xs = rng.standard_normal((n, 2)).astype(F32)
    m = np.linalg.norm(xs, axis=1).max()
    offset = F32(np.log(n) / beta + 0.5 * m * m)
    centres = (np.arange(side, dtype=F32) + F32(0.5)) * F32(6.0 / side) - F32(3.0)
    u = np.tile(centres, side)  # x along a row
    v = np.repeat(centres[::-1], side)  # row 0 on top
    b, c = xs[:, 0], xs[:, 1]  # with the standard plane, a = Xᵀo = 0

    def grid():
        z = np.outer(u, b) + np.outer(v, c)  # (cells, N)
        zmax = z.max(axis=1)
        lse = zmax + np.log(np.exp(beta * (z - zmax[:, None])).sum(axis=1)) / beta
        return -lse + F32(0.5) * (u * u + v * v) + offset

    return grid


def main():
    quick = "--quick" in sys.argv
    min_time = 0.5 if quick else 2.0
    rng = np.random.default_rng(1)
    cases = {
        "modern_update_d4096_n1024": modern_case(4096, 1024, rng),
        "modern_update_d64_n20000": modern_case(64, 20_000, rng),
        "classic_sync_lowrank_d4096_n400": classic_lowrank(rng),
        "classic_sync_full_w_d4096": classic_full(rng),
        "dense_exp_sweep_d1024_n2000": dense_sweep(rng),
        "energy_grid_200x200_n16": energy_grid(rng),
    }
    results = {name: timed(fn, min_time) for name, fn in cases.items()}
    json.dump(results, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
