#!/usr/bin/env bash
# Prints, for each view, the gzipped size of what a visitor downloads to start it — that view's
# wasm module and JS glue plus the two small loader scripts (boot.js, start.js) — and fails when
# the largest passes the 250 KiB budget (issue 18). Each view is its own module (index.html),
# and a page loads one. The compute workers' module is reported on its own line and counts against no
# budget: it is fetched only when a view first starts a job, into workers, and is built for
# speed rather than size.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT_KB=250
gz() { gzip -9 -c "$1" | wc -c; }
loaders=$(($(gz dist/start.js) + $(gz dist/boot-*.js)))
largest=0
largest_view=""
for view in studio landscape highdim capacity heads learn pooling; do
  wasm=$(gz dist/hopfield-"$view"-*_bg.wasm)
  glue=$(gz "$(ls dist/hopfield-"$view"-*.js)")
  total=$((wasm + glue + loaders))
  printf '%-10s wasm %7d + glue %6d + loaders %5d = %7d bytes gzipped\n' "$view" "$wasm" "$glue" "$loaders" "$total"
  if [ "$total" -gt "$largest" ]; then
    largest=$total
    largest_view=$view
  fi
done
compute_wasm=$(gz dist/hopfield-compute-*_bg.wasm)
compute_js=$(($(gz "$(ls dist/hopfield-compute-*.js)") + $(gz dist/compute-worker.js)))
printf '%-10s wasm %7d + glue and worker script %6d = %7d bytes gzipped (loaded when a job starts; no budget)\n' \
  compute "$compute_wasm" "$compute_js" "$((compute_wasm + compute_js))"
printf 'wasm + JS gzipped: %d.%d KiB (%d bytes; largest view: %s; budget %d KiB)\n' \
  "$((largest / 1024))" "$((largest % 1024 * 10 / 1024))" "$largest" "$largest_view" "$LIMIT_KB"
if [ "$largest" -gt $((LIMIT_KB * 1024)) ]; then
  echo "the $largest_view view's bundle is over budget" >&2
  exit 1
fi
