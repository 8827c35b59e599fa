#!/usr/bin/env bash
# Export weight-less ONNX graphs of real torchvision architectures into
# model/src/test/resources/onnx/ (plus MANIFEST.md and manifest.csv).
#
# Developer tool, not run in CI. Uses only Debian 12 packages and installs
# nothing system-wide: python3-torch, python3-torchvision, python3-onnx and
# every runtime dependency apt says is missing are fetched with
# `apt-get download`, unpacked with `dpkg-deb -x` into a private folder, and
# tools/export_onnx.py runs under Debian's /usr/bin/python3 with PYTHONPATH /
# LD_LIBRARY_PATH pointing into that folder. No pip, no PyPI.
#
# Usage: tools/export-onnx.sh [options] [NETWORK ...]
#   --out DIR      output folder (default: model/src/test/resources/onnx)
#   --opset N      ONNX opset (default: 14; < 17 keeps LayerNorm decomposed)
#   --work DIR     unpack into DIR and keep it (reused on the next run if it
#                  already holds an unpacked tree); default: a temporary
#                  folder removed at exit
#   --no-update    skip `apt-get update`
#   -h, --help     this text
# NETWORK defaults to all: resnet18 resnet34 resnet50 resnet101 resnet152
#   vgg11 vgg16 vgg19 mobilenet_v2 squeezenet1_0 squeezenet1_1 alexnet vit_b_16
#
# Needs: Debian 12 (bookworm) with apt sources for main, python3 installed,
# and root (or sudo) for `apt-get update` only. The unpacking is shared with
# tools/onnx-conformance.sh and tools/export-transformers.sh
# (tools/debian-python.sh); one --work folder serves all three. About 155 MB is downloaded,
# 650 MB unpacked; a full export takes a few minutes on 2 cores.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$REPO_ROOT/model/src/test/resources/onnx"
OPSET=14
WORK=""
KEEP=0
UPDATE=1
NETS=()

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --opset) OPSET="$2"; shift 2 ;;
    --work) WORK="$2"; KEEP=1; shift 2 ;;
    --no-update) UPDATE=0; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    *) NETS+=("$1"); shift ;;
  esac
done

LOG_TAG=export-onnx
# shellcheck source=tools/debian-python.sh
. "$REPO_ROOT/tools/debian-python.sh"
debian_python_setup python3-torch python3-torchvision python3-onnx

mkdir -p "$OUT"
rc=0
run_py "$REPO_ROOT/tools/export_onnx.py" --opset "$OPSET" --out "$OUT" ${NETS[@]+"${NETS[@]}"} || rc=$?

log "verifying with onnx.checker"
run_py - "$OUT" <<'EOF' || rc=1
import glob, os, sys
import onnx
bad = 0
files = sorted(glob.glob(os.path.join(sys.argv[1], "*.onnx")))
for f in files:
    try:
        onnx.checker.check_model(onnx.load(f))
    except Exception as e:
        bad += 1
        print(f"{f}: {e}", file=sys.stderr)
total = sum(os.path.getsize(f) for f in files)
print(f"[export-onnx] {len(files) - bad}/{len(files)} files pass onnx.checker "
      f"(onnx {onnx.__version__}); total {total} bytes", file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
[ "$rc" = 0 ] || log "finished with errors (exit $rc); see above"
exit "$rc"
