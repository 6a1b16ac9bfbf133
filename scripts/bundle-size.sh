#!/usr/bin/env bash
# Prints the gzipped size of the release wasm + JS in dist/ and fails past the 400 KB budget.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT_KB=400
total=0
for f in dist/*.wasm dist/*.js; do
  size=$(gzip -9 -c "$f" | wc -c)
  printf '%-48s %8d bytes raw %8d bytes gzipped\n' "$f" "$(wc -c <"$f")" "$size"
  total=$((total + size))
done
printf 'wasm + JS gzipped: %d KB (budget %d KB)\n' "$((total / 1024))" "$LIMIT_KB"
if [ "$total" -gt $((LIMIT_KB * 1024)) ]; then
  echo "the bundle is over budget" >&2
  exit 1
fi
