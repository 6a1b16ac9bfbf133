#!/usr/bin/env python3
"""The Markdown tables of `scripts/bench.sh` (issues 9, 18 and 20), from the figures the script
gathered in one run, passed in the environment: CRITERION_DIR (criterion's estimates),
NUMPY_JSON and TORCH_JSON (the references' {case: median s}), WASM_LINES, WORKER_LINES and
BROWSER_LINES (`BENCH <id> <median ms> <samples> …` lines of tests/wasm_bench.rs,
tests/wasm_bench_worker.rs and tests/browser_bench/), BUNDLE (scripts/bundle-size.sh's last
line) and PERF_JSON (tests/e2e/perf.rs's figures). Every ratio is of figures of the same run.
"""

import json
import os

env = os.environ
criterion_dir = env["CRITERION_DIR"]
numpy, torch = json.loads(env["NUMPY_JSON"]), json.loads(env["TORCH_JSON"])


def medians(lines):
    """{id: (median ms, the line's further fields)} of `BENCH` lines."""
    out = {}
    for line in lines.splitlines():
        fields = line.split()
        out[fields[1]] = (float(fields[2]), fields[3:])
    return out


wasm, worker, browser = (medians(env[k]) for k in ("WASM_LINES", "WORKER_LINES", "BROWSER_LINES"))


def native(case):
    """Criterion's median of `case` in ms, or None when it did not run."""
    path = os.path.join(criterion_dir, case, "new", "estimates.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"] * 1e-6


def cell(value, digits):
    return "–" if value is None else f"{value:.{digits}f}"


def ratio(a, b):
    return a / b if a is not None and b else None


def ms(table, key):
    return table[key][0] if key in table else None


def section(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


# The engine cases and the capacity presets: native, NumPy, the page and the worker.
rows = []
for case in wasm:
    n, page, work = native(case), ms(wasm, case), ms(worker, case)
    numpy_ms = numpy[case] * 1e3 if case in numpy else None
    rows.append([
        case, cell(n, 3), cell(numpy_ms, 3), cell(ratio(n, numpy_ms), 2),
        cell(page, 3), cell(ratio(page, n), 2), cell(work, 3), cell(ratio(work, n), 2),
    ])
section(["case", "native (ms)", "NumPy (ms)", "native/NumPy", "page (ms)", "page/native",
         "worker (ms)", "worker/native"], rows)

# TF.js's wasm backend in the same Chromium, against the worker's and the page's figures.
rows = []
for key in (k for k in browser if k.startswith("tfjs:")):
    case = key.split(":", 1)[1]
    tf_ms, rest = browser[key]
    work, page = ms(worker, case), ms(wasm, case)
    rows.append([
        case, f"{tf_ms:.3f}", cell(work, 3), cell(ratio(work, tf_ms), 2),
        cell(page, 3), cell(ratio(page, tf_ms), 2), rest[-1] if rest else "–",
    ])
section(["case", "TF.js (ms)", "worker (ms)", "worker/TF.js", "page (ms)", "page/TF.js",
         "max rel. diff"], rows)

# The capacity presets over the app's pool, 1 worker against 2 (the same CSV asserted).
rows = []
for key in (k for k in browser if k.startswith("pool1:")):
    preset = key.split(":", 1)[1]
    one, two = ms(browser, key), ms(browser, f"pool2:{preset}")
    n = native(f"capacity_preset_{preset}")
    rows.append([
        preset, cell(n, 1), cell(one, 1), cell(ratio(one, n), 2), cell(two, 1),
        cell(ratio(one, two), 2),
    ])
section(["capacity preset, in the app", "native (ms)", "pool of 1 (ms)", "pool of 1/native",
         "pool of 2 (ms)", "speed-up 2 vs 1"], rows)

# One training step: PyTorch and the worker.
rows = []
for case in (c for c in worker if c in torch):
    n, torch_ms, work = native(case), torch[case] * 1e3, ms(worker, case)
    rows.append([
        case, cell(n, 3), f"{torch_ms:.3f}", cell(ratio(n, torch_ms), 2), cell(work, 3),
        cell(ratio(work, n), 2),
    ])
section(["case", "native (ms)", "PyTorch (ms)", "native/PyTorch", "worker (ms)",
         "worker/native"], rows)

# Interaction: the bundle, first render, Cancel; then one row per animated run.
with open(env["PERF_JSON"]) as f:
    perf = json.load(f)
kb = float(env["BUNDLE"].split(":")[1].split()[0])
rows = [
    ["wasm + JS gzipped, largest view (KiB)", f"{kb:.1f}", "250 (the limit)", f"{kb / 250:.3f}"],
    ["first interactive render (ms)", f"{perf['first_render_ms']:.0f}", "1000",
     f"{perf['first_render_ms'] / 1000:.2f}"],
]
for key, name in (("cancel:workers-terminated", "Cancel → workers terminated (ms)"),
                  ("cancel:frame-painted", "Cancel → view stopped and painted (ms)")):
    value = ms(browser, key)
    rows.append([name, cell(value, 1), "100", cell(ratio(value, 100), 2)])
section(["figure", "measured", "goal", "measured/goal"], rows)

rows = []
for key, name in (("beta_sweep", "β sweep, basins on"),
                  ("capacity_run", "capacity run (modern-thousands)")):
    p = perf[key]
    rows.append([name, f"{p['median_frame_ms']:.1f}", f"{p['p95_frame_ms']:.1f}",
                 f"{p['longest_task_ms']:.0f}", f"{p['long_tasks']}", f"{p['frames']}"])
section(["run (goal: frames 16.7 ms, no task > 50 ms)", "median frame (ms)",
         "95th pct frame (ms)", "longest task (ms)", "tasks > 50 ms", "frames"], rows)

heads = perf["heads_128"]
n = native("heads-128")
if n is not None:
    section(["MiniLM, 128 tokens (tokenize + forward)", "native (ms)", "worker (ms)",
             "worker/native", "Run → grid in the page (ms)"],
            [["heads-128", f"{n:.1f}", f"{heads['worker_ms']:.0f}",
              f"{heads['worker_ms'] / n:.2f}", f"{heads['total_ms']:.0f}"]])
