#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml): tells www/start.js the hashed names of the per-view wasm
# modules. Trunk hashes and announces only the main module (the studio); the other views are
# built as `worker` modules, which it leaves unhashed and unannounced. So this names those by
# their content hash too (a new build is never served from a stale cache), then fills the
# start.js tag's `data-modules` with every module's file stem, e.g.
# "hopfield-studio-1a2b… hopfield-heads-3c4d…": the glue is <stem>.js and the wasm <stem>_bg.wasm.
# The compute workers' module is hashed the same way and named in `data-compute` instead, so
# start.js never loads it (the app starts it in workers when a view needs it).
set -euo pipefail
cd "$TRUNK_STAGING_DIR"
# wasm-opt removed wasm-streams' exports and their code (index.html: Leptos links server_fn's
# browser client, whose streams export three classes; the app calls no server function), so
# their JavaScript classes in the page modules' glue call nothing and go too (0.6 KB gzipped
# per module; the compute module, built for speed, keeps both).
# The glue is wasm-bindgen's (pinned in Cargo.toml), so the patterns are stable; if they stop
# matching, the classes simply stay.
for glue in hopfield-{studio,landscape,highdim,capacity,heads,learn,pooling}*.js; do
  perl -0pi -e 's/^export class IntoUnderlying\w+ \{\n.*?^\}\n(?:if \(Symbol\.dispose\)[^\n]*\n)?\n?//gms;
    s/^const IntoUnderlying\w+Finalization = [^\n]*\n[^\n]*\n[^\n]*\n//gm' "$glue"
done
# Release builds: terser minifies the page modules' glue and start.js (about 2.5 KB gzipped off
# each view's download). It keeps every export and property name, so the wasm's imports still
# match. boot.js is left as Trunk wrote it (the page checks its integrity hash), and so is the
# compute module's glue, loaded by workers. Skipped with a note where terser is
# missing (scripts/install-tools.sh installs it; the bundle check then tells the cost).
if [ "${TRUNK_PROFILE:-}" = release ]; then
  terser=$(command -v terser || true)
  if [ -n "$terser" ]; then
    for script in hopfield-{studio,landscape,highdim,capacity,heads,learn,pooling}*.js start.js; do
      "$terser" "$script" --module --compress --mangle --output "$script.min"
      mv "$script.min" "$script"
    done
  else
    echo "page-modules: terser is not installed; the glue is not minified" >&2
  fi
fi
stems=""
compute=""
for view in studio landscape highdim capacity heads learn pooling compute; do
  if [ -f "hopfield-$view.js" ]; then
    hash=$(cat "hopfield-$view.js" "hopfield-${view}_bg.wasm" | sha256sum | cut -c1-16)
    mv "hopfield-$view.js" "hopfield-$view-$hash.js"
    mv "hopfield-${view}_bg.wasm" "hopfield-$view-${hash}_bg.wasm"
  fi
  wasm=$(ls hopfield-"$view"-*_bg.wasm 2>/dev/null || true)
  if [ "$(wc -w <<<"$wasm")" != 1 ]; then
    echo "page-modules: expected one wasm module for the $view view, found: ${wasm:-none}" >&2
    exit 1
  fi
  if [ "$view" = compute ]; then
    compute=${wasm%_bg.wasm}
  else
    stems="$stems ${wasm%_bg.wasm}"
  fi
done
grep -q 'data-modules=""' index.html || { echo "page-modules: no data-modules in index.html" >&2; exit 1; }
grep -q 'data-compute=""' index.html || { echo "page-modules: no data-compute in index.html" >&2; exit 1; }
sed -i -e "s|data-modules=\"\"|data-modules=\"${stems# }\"|" -e "s|data-compute=\"\"|data-compute=\"$compute\"|" index.html
