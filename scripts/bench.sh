#!/usr/bin/env bash
# Engine benchmarks against references measured in the same run (issues 9 and 20): runs
# `cargo bench --bench engine` (criterion, native), benches/reference.py (NumPy, single-threaded
# BLAS; installed with pip when missing), tests/wasm_bench.rs (the same cases as release wasm
# in headless Chromium), and for one training step of the learning view's default run
# benches/torch_reference.py (PyTorch on the CPU, one thread) and tests/wasm_bench_worker.rs
# (the step in a dedicated Web Worker, as the app trains); prints Markdown tables of medians
# with engine/NumPy, native/PyTorch, wasm/native and worker/native ratios.
#
#   scripts/bench.sh            # full run (criterion: 1 s warm-up, 3 s measurement per case)
#   QUICK=1 scripts/bench.sh    # shorter measurements, for a smoke test
#
# Criterion writes target/criterion/<case>/new/estimates.json (under $CARGO_TARGET_DIR when set);
# the median point estimate is read from there. The table also lands in
# target/criterion/bench-table.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import numpy' 2>/dev/null; then
    echo "NumPy is missing: installing it with pip (user site)" >&2
    "$PYTHON" -m pip install --user --quiet numpy >&2
fi

# PyTorch only for this script: the Python above when it has torch, else a virtual environment
# under .tools/ (git-ignored) made once with `pip install torch` from PyPI. PyPI's Linux wheel
# brings the CUDA libraries with it (about 5 GB installed); the reference runs on the CPU.
TORCH_PYTHON="$PYTHON"
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
    TORCH_PYTHON="$PWD/.tools/torch-venv/bin/python"
    if ! "$TORCH_PYTHON" -c 'import torch' 2>/dev/null; then
        echo "PyTorch is missing: installing it with pip into .tools/torch-venv (about 5 GB)" >&2
        "$PYTHON" -m venv .tools/torch-venv >&2
        "$TORCH_PYTHON" -m pip install --quiet torch numpy >&2
    fi
fi

if [[ -n "${QUICK:-}" ]]; then
    criterion_args=(--warm-up-time 0.5 --measurement-time 1)
    numpy_args=(--quick)
else
    criterion_args=(--warm-up-time 1 --measurement-time 3)
    numpy_args=()
fi

target_dir="${CARGO_TARGET_DIR:-target}"
criterion_dir="$target_dir/criterion"

echo "=== cargo bench --bench engine" >&2
cargo bench --bench engine -- "${criterion_args[@]}" >&2

echo "=== NumPy reference (benches/reference.py)" >&2
numpy_json="$("$PYTHON" benches/reference.py "${numpy_args[@]}")"

echo "=== PyTorch reference of train-step (benches/torch_reference.py)" >&2
torch_json="$("$TORCH_PYTHON" benches/torch_reference.py "${numpy_args[@]}")"

echo "=== browser (tests/wasm_bench.rs: wasm as the app ships it, SIMD128, headless Chromium)" >&2
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# The engine cases and the capacity presets at the release profile, as every module ships.
wasm_lines="$(cargo test --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture bench \
    | tee /dev/stderr | grep '^BENCH ')"
echo "=== worker (tests/wasm_bench_worker.rs: train-step in a dedicated Web Worker)" >&2
# The compute workers' profile (opt-level 3), as their module ships.
worker_lines="$(cargo test --profile compute --target wasm32-unknown-unknown --test wasm_bench_worker \
    -- --nocapture | tee /dev/stderr | grep '^BENCH ')"

table="$("$PYTHON" - "$criterion_dir" "$numpy_json" "$wasm_lines" "$torch_json" "$worker_lines" <<'EOF'
import json
import os
import sys

criterion_dir, numpy, wasm_lines = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
torch, worker_lines = json.loads(sys.argv[4]), sys.argv[5]


def medians(lines):
    return {line.split()[1]: float(line.split()[2]) for line in lines.splitlines()}


def native(case):
    with open(os.path.join(criterion_dir, case, "new", "estimates.json")) as f:
        return json.load(f)["median"]["point_estimate"] * 1e-6


wasm, worker = medians(wasm_lines), medians(worker_lines)


def cell(value, digits):
    return "–" if value is None else f"{value:.{digits}f}"


print("| case | native (ms) | NumPy (ms) | native/NumPy | wasm (ms) | wasm/native |")
print("|---|---:|---:|---:|---:|---:|")
for case, wasm_ms in wasm.items():
    native_ms = native(case)
    numpy_ms = numpy[case] * 1e3 if case in numpy else None
    ratio = native_ms / numpy_ms if numpy_ms else None
    print(
        f"| {case} | {native_ms:.3f} | {cell(numpy_ms, 3)} | {cell(ratio, 2)} "
        f"| {wasm_ms:.3f} | {wasm_ms / native_ms:.2f} |"
    )
print()
print("| case | native (ms) | PyTorch (ms) | native/PyTorch | worker (ms) | worker/native |")
print("|---|---:|---:|---:|---:|---:|")
for case, worker_ms in worker.items():
    native_ms, torch_ms = native(case), torch[case] * 1e3
    print(
        f"| {case} | {native_ms:.3f} | {torch_ms:.3f} | {native_ms / torch_ms:.2f} "
        f"| {worker_ms:.3f} | {worker_ms / native_ms:.2f} |"
    )
EOF
)"

echo "=== interaction (tests/e2e/perf.rs against a fresh release build in dist/)" >&2
trunk build --release >&2
bundle="$(scripts/bundle-size.sh | tail -n 1)"
cargo test --test e2e -- --ignored --test-threads=1 perf::interaction --nocapture >&2
interaction="$("$PYTHON" - target/perf.json "$bundle" "$criterion_dir" <<'EOF'
import json
import os
import sys

perf, bundle, criterion_dir = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
kb = float(bundle.split(":")[1].split()[0])
print("| figure | measured | goal | measured/goal |")
print("|---|---:|---:|---:|")
print(f"| wasm + JS gzipped, largest view (KiB) | {kb:.1f} | 250 (limit 400) | {kb / 250:.3f} |")
print(f"| first interactive render (ms) | {perf['first_render_ms']:.0f} | 1000 | {perf['first_render_ms'] / 1000:.2f} |")
for key, name in (("beta_sweep", "β sweep, basins on"), ("capacity_run", "capacity run (modern-thousands)")):
    p = perf[key]
    print(f"| {name}: median frame (ms) | {p['median_frame_ms']:.1f} | 16.7 | {p['median_frame_ms'] / 16.7:.2f} |")
    print(f"| {name}: longest task (ms), tasks > 50 ms | {p['longest_task_ms']:.0f}, {p['long_tasks']} | 50, 0 | {p['longest_task_ms'] / 50:.2f} |")
heads = perf["heads_128"]
estimates = os.path.join(criterion_dir, "heads-128", "new", "estimates.json")
if os.path.exists(estimates):
    with open(estimates) as f:
        native_ms = json.load(f)["median"]["point_estimate"] * 1e-6
    print()
    print("| MiniLM, 128 tokens (tokenize + forward) | native (ms) | worker (ms) | worker/native | Run → grid in the page (ms) |")
    print("|---|---:|---:|---:|---:|")
    print(f"| heads-128 | {native_ms:.1f} | {heads['worker_ms']:.0f} | {heads['worker_ms'] / native_ms:.2f} | {heads['total_ms']:.0f} |")
EOF
)"
table="$table

$interaction"

mkdir -p "$criterion_dir"
printf '%s\n' "$table" > "$criterion_dir/bench-table.md"
echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), $(rustc --version), NumPy $("$PYTHON" -c 'import numpy; print(numpy.__version__)'), PyTorch $("$TORCH_PYTHON" -c 'import torch; print(torch.__version__)')"
echo
printf '%s\n' "$table"
