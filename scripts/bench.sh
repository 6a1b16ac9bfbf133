#!/usr/bin/env bash
# Engine benchmarks against references measured in the same run (issues 9, 18 and 20): runs
# `cargo bench --bench engine` (criterion, native), benches/reference.py (NumPy, single-threaded
# BLAS; installed with pip when missing), tests/wasm_bench.rs (the same cases as release wasm on
# headless Chromium's main thread), tests/wasm_bench_worker.rs (every case, one training step
# of the learning view's default run included, in a dedicated Web Worker at the compute
# workers' profile), benches/torch_reference.py (that training step in PyTorch on the CPU, one
# thread), tests/e2e/perf.rs (bundle, first render, frames and long tasks of a fresh dist/,
# MiniLM in the heads view's worker) and tests/browser_bench/ (the capacity presets over the
# app's pool on 1 and 2 workers, Cancel's latency, TF.js's wasm backend on the same data);
# benches/bench_table.py prints Markdown tables of medians with their ratios.
#
#   scripts/bench.sh            # full run (criterion: 1 s warm-up, 3 s measurement per case)
#   QUICK=1 scripts/bench.sh    # shorter measurements, for a smoke test
#
# Criterion writes target/criterion/<case>/new/estimates.json (under $CARGO_TARGET_DIR when set);
# the median point estimate is read from there. The table also lands in
# target/criterion/bench-table.md. TF.js comes from `scripts/install-tools.sh --bench`.
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

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "=== cargo bench --bench engine" >&2
cargo bench --bench engine -- "${criterion_args[@]}" >&2

echo "=== NumPy reference (benches/reference.py)" >&2
numpy_json="$("$PYTHON" benches/reference.py "${numpy_args[@]}")"

echo "=== PyTorch reference of train-step (benches/torch_reference.py)" >&2
torch_json="$("$TORCH_PYTHON" benches/torch_reference.py "${numpy_args[@]}")"

echo "=== browser (tests/wasm_bench.rs: wasm as the page modules ship it, SIMD128, headless Chromium)" >&2
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# The engine cases and the capacity presets at the release profile, on the page's main thread.
wasm_lines="$(cargo test --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture bench \
    | tee /dev/stderr | grep -o 'BENCH .*')"
echo "=== worker (tests/wasm_bench_worker.rs: every case in a dedicated Web Worker)" >&2
# The compute workers' profile (opt-level 3), as their module ships.
worker_lines="$(cargo test --profile compute --target wasm32-unknown-unknown --test wasm_bench_worker \
    -- --nocapture | tee /dev/stderr | grep -o 'BENCH .*')"

echo "=== interaction (tests/e2e/perf.rs against a fresh release build in dist/)" >&2
trunk build --release >&2
bundle="$(scripts/bundle-size.sh | tail -n 1)"
cargo test --test e2e -- --ignored --test-threads=1 perf::interaction --nocapture >&2
echo "=== pool, Cancel and TF.js (tests/browser_bench/: WebDriver, headless Chromium)" >&2
browser_lines="$(cargo test --test browser_bench -- --ignored --test-threads=1 --nocapture \
    | tee /dev/stderr | grep -o 'BENCH .*')"
load="$(cut -d' ' -f1-3 /proc/loadavg)"

export CRITERION_DIR="$criterion_dir" NUMPY_JSON="$numpy_json" TORCH_JSON="$torch_json" \
    WASM_LINES="$wasm_lines" WORKER_LINES="$worker_lines" BROWSER_LINES="$browser_lines" \
    BUNDLE="$bundle" PERF_JSON=target/perf.json
table="$("$PYTHON" benches/bench_table.py)"

mkdir -p "$criterion_dir"
printf '%s\n' "$table" > "$criterion_dir/bench-table.md"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $load at the end (at the start: $load_start), $(nproc) cores, $(uname -m), $(rustc --version), NumPy $("$PYTHON" -c 'import numpy; print(numpy.__version__)'), PyTorch $("$TORCH_PYTHON" -c 'import torch; print(torch.__version__)')"
echo
printf '%s\n' "$table"
