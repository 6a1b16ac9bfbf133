#!/usr/bin/env bash
# Installs NumPy and tokenizers into .tools/py (ignored; only when missing) and runs
# scripts/minilm-reference.py, which rewrites tests/fixtures/minilm-reference.json.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.tools/py
if ! PYTHONPATH=$PY python3 -c "import numpy, tokenizers" 2>/dev/null; then
  python3 -m pip install --quiet --target "$PY" numpy tokenizers
fi
[ -f .tools/minilm/model.safetensors ] || bash scripts/fetch-minilm.sh --no-pack
PYTHONPATH=$PY python3 scripts/minilm-reference.py
