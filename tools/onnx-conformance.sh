#!/usr/bin/env bash
# Write ONNX's own node conformance cases for every operator the importer claims into
# model/src/test/resources/onnx-conformance/ (one small <case>.onnx per case, plus expected.tsv with each
# output's shape and, for small outputs, its values). OnnxConformanceTest runs them all in `mvn test`.
#
# Developer tool, not run in CI. Uses only Debian 12 packages and installs nothing system-wide:
# python3-onnx (which ships the case generators, onnx/backend/test/case/node/) and its runtime
# dependencies are fetched with `apt-get download` and unpacked with `dpkg-deb -x` into a private folder
# (tools/debian-python.sh, shared with tools/export-onnx.sh); tools/onnx_conformance.py runs under
# Debian's /usr/bin/python3. No pip, no PyPI.
#
# Usage: tools/onnx-conformance.sh [options]
#   --out DIR      output folder (default: model/src/test/resources/onnx-conformance)
#   --ops FILE     claimed operators, one a line (default: DIR/operators.txt, which
#                  OnnxConformanceTest checks against the importer's registry)
#   --work DIR     unpack into DIR and keep it (reused on the next run); default: a temporary
#                  folder removed at exit
#   --no-update    skip `apt-get update`
#   -h, --help     this text
#
# After adding an operator to the importer: add it to operators.txt (the test says so), re-run this
# script, run `mvn -pl model test -Dtest=OnnxConformanceTest -Dconformance.update=true` to record the
# importer's result per case in status.tsv, and review the diff. About 10 MB is downloaded (onnx,
# numpy, protobuf); the run takes about ten seconds.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$REPO_ROOT/model/src/test/resources/onnx-conformance"
OPS=""
WORK=""
UPDATE=1

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --ops) OPS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --no-update) UPDATE=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ -n "$OPS" ] || OPS="$OUT/operators.txt"
[ -r "$OPS" ] || { echo "no operator list $OPS" >&2; exit 2; }

LOG_TAG=onnx-conformance
# shellcheck source=tools/debian-python.sh
. "$REPO_ROOT/tools/debian-python.sh"
debian_python_setup python3-onnx

mkdir -p "$OUT"
run_py "$REPO_ROOT/tools/onnx_conformance.py" --ops "$OPS" --out "$OUT"
