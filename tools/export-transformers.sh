#!/usr/bin/env bash
# Export small transformer and LLM graphs (a BERT-style encoder, GPT-2-style and Llama-style decoders in
# prefill and decode form) into model/src/test/resources/onnx-transformers/ (plus MANIFEST.md and
# manifest.csv with their MACs counted independently on the PyTorch modules).
#
# Developer tool, not run in CI. Uses only Debian 12 packages and installs nothing system-wide:
# python3-torch and python3-onnx are unpacked into a private folder (tools/debian-python.sh, shared with
# tools/export-onnx.sh) and tools/export_transformers.py runs under Debian's /usr/bin/python3.
#
# Usage: tools/export-transformers.sh [options]
#   --out DIR      output folder (default: model/src/test/resources/onnx-transformers)
#   --work DIR     unpack into DIR and keep it (reused on the next run); default: a temporary
#                  folder removed at exit
#   --no-update    skip `apt-get update`
#   -h, --help     this text
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$REPO_ROOT/model/src/test/resources/onnx-transformers"
WORK=""
UPDATE=1

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --no-update) UPDATE=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

LOG_TAG=export-transformers
# shellcheck source=tools/debian-python.sh
. "$REPO_ROOT/tools/debian-python.sh"
debian_python_setup python3-torch python3-onnx

mkdir -p "$OUT"
run_py "$REPO_ROOT/tools/export_transformers.py" --out "$OUT"
