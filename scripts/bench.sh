#!/usr/bin/env bash
# Engine benchmarks against a NumPy reference measured in the same run (issue 9): runs
# `cargo bench --bench engine` (criterion), then benches/reference.py (NumPy, single-threaded
# BLAS; installed with pip when missing), and prints a Markdown table of medians and ratios.
#
#   scripts/bench.sh            # full run (criterion: 1 s warm-up, 3 s measurement per case)
#   QUICK=1 scripts/bench.sh    # shorter measurements, for a smoke test
#
# Criterion writes target/criterion/<case>/new/estimates.json (under $CARGO_TARGET_DIR when set);
# the median point estimate is read from there. The table also lands in
# target/criterion/bench-table.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import numpy' 2>/dev/null; then
    echo "NumPy is missing: installing it with pip (user site)" >&2
    "$PYTHON" -m pip install --user --quiet numpy >&2
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

table="$("$PYTHON" - "$criterion_dir" "$numpy_json" <<'EOF'
import json
import os
import sys

criterion_dir, numpy = sys.argv[1], json.loads(sys.argv[2])
print("| case | engine (ms) | NumPy (ms) | engine/NumPy |")
print("|---|---:|---:|---:|")
for case, numpy_s in numpy.items():
    path = os.path.join(criterion_dir, case, "new", "estimates.json")
    with open(path) as f:
        engine_s = json.load(f)["median"]["point_estimate"] * 1e-9
    print(f"| {case} | {engine_s * 1e3:.3f} | {numpy_s * 1e3:.3f} | {engine_s / numpy_s:.2f} |")
EOF
)"

mkdir -p "$criterion_dir"
printf '%s\n' "$table" > "$criterion_dir/bench-table.md"
echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), $(rustc --version), NumPy $("$PYTHON" -c 'import numpy; print(numpy.__version__)')"
echo
printf '%s\n' "$table"
