#!/usr/bin/env bash
# Installs what building (with --browser, testing; with --bench, benchmarking) Hopfield Lab
# needs — only what is missing or at the wrong version, so a second run takes seconds. Nothing
# is downloaded from outside the package registries: Rust tools come from crates.io, wasm-opt
# and TF.js from the npm registry, Chromium and chromedriver from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
TERSER_VERSION=5.51.4
TFJS_VERSION=4.22.0
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
  fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

# Build dependencies of the tools and the end-to-end client (TLS for fantoccini, npm for wasm-opt).
# Checked by command, not by package name: npm may come with a nodejs package of another origin.
command -v cc >/dev/null || apt_install gcc
command -v pkg-config >/dev/null || apt_install pkg-config
pkg-config --exists openssl 2>/dev/null || apt_install libssl-dev
command -v npm >/dev/null || apt_install npm

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  echo "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install trunk --locked --version "$TRUNK_VERSION"
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Not --locked: its lock file pins a webpki-roots version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
# Debian's binaryen (108) silently breaks the app; use binaryen 132 from npm, local to the repo.
if ! .tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  echo "installing wasm-opt (binaryen $BINARYEN_VERSION) into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
fi
# terser minifies the page modules' wasm-bindgen glue in release builds (scripts/page-modules.sh:
# about 2 KB gzipped off each view's download).
if ! .tools/node_modules/.bin/terser --version 2>/dev/null | grep -qx "terser $TERSER_VERSION"; then
  echo "installing terser $TERSER_VERSION into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --silent "terser@$TERSER_VERSION"
fi

if [ "${1:-}" = "--browser" ] || [ "${1:-}" = "--bench" ]; then
  apt_install chromium chromium-driver
fi
# --bench: TF.js and its wasm backend, the browser peer of `make bench`
# (tests/browser_bench/tfjs.rs serves them from .tools/node_modules to its own page).
if [ "${1:-}" = "--bench" ]; then
  for pkg in tfjs tfjs-backend-wasm; do
    if ! grep -qs "\"version\": \"$TFJS_VERSION\"" ".tools/node_modules/@tensorflow/$pkg/package.json"; then
      echo "installing @tensorflow/tfjs $TFJS_VERSION and its wasm backend into .tools/"
      npm install --prefix .tools --no-audit --no-fund --silent \
        "@tensorflow/tfjs@$TFJS_VERSION" "@tensorflow/tfjs-backend-wasm@$TFJS_VERSION"
      break
    fi
  done
fi

# Trunk runs cargo with --offline (Trunk.toml), so the crates must be in the local registry.
cargo fetch --quiet
