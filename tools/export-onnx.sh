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
# and root (or sudo) for `apt-get update` only. About 155 MB is downloaded,
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

log() { echo "[export-onnx] $*" >&2; }
die() { echo "[export-onnx] ERROR: $*" >&2; exit 1; }

command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
  || die "apt-get and dpkg-deb are required (Debian 12)"
if [ -r /etc/debian_version ]; then
  case "$(cat /etc/debian_version)" in
    12*|bookworm*) ;;
    *) log "warning: tested on Debian 12 only (this is $(cat /etc/debian_version))" ;;
  esac
fi

PKGS=(python3-torch python3-torchvision python3-onnx)

if [ "$UPDATE" = 1 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
  elif command -v sudo >/dev/null; then
    log "sudo apt-get update"
    sudo apt-get update -qq
  else
    log "warning: not root and no sudo; using the existing apt lists"
  fi
fi

# Which Python are Debian's torch packages built for? (e.g. python3.11:any)
PYVER="$(apt-cache show --no-all-versions python3-torch 2>/dev/null \
  | sed -n 's/^Depends: //p' | tr ',' '\n' | sed -n 's/^ *\(python3\.[0-9]\+\):any.*/\1/p' | head -n1)"
[ -n "$PYVER" ] || die "python3-torch not found by apt-cache (is 'main' in the apt sources? ran apt-get update?)"
PY=""
for cand in /usr/bin/python3 "/usr/bin/$PYVER"; do
  if [ -x "$cand" ] && [ "$("$cand" -c 'import sys; print("python%d.%d" % sys.version_info[:2])')" = "$PYVER" ]; then
    PY="$cand"; break
  fi
done
[ -n "$PY" ] || die "Debian's torch is built for $PYVER but /usr/bin/$PYVER is missing (apt-get install $PYVER)"
log "Debian's python3-torch targets $PYVER; using $PY"

CLEANUP=""
if [ -z "$WORK" ]; then
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/export-onnx.XXXXXX")"
  CLEANUP="$WORK"
fi
trap '[ -n "$CLEANUP" ] && rm -rf -- "$CLEANUP"' EXIT
mkdir -p "$WORK/debs" "$WORK/root"
WORK="$(cd "$WORK" && pwd)"
ROOT="$WORK/root"

if [ -f "$WORK/.unpacked" ]; then
  log "reusing unpacked tree in $ROOT"
else
  # Let apt resolve the runtime closure exactly as `apt-get install` would
  # (first alternatives, no Recommends), minus what is already installed.
  log "resolving dependencies of ${PKGS[*]}"
  SIM="$(apt-get -s -o Debug::NoLocking=1 install --no-install-recommends "${PKGS[@]}" 2>&1)" \
    || { echo "$SIM" >&2; die "apt-get could not resolve ${PKGS[*]}"; }
  mapfile -t NEED < <(printf '%s\n' "$SIM" | awk '/^Inst /{print $2}')
  for p in "${NEED[@]}"; do
    case "$p" in
      python3|python3-minimal|python3.[0-9]*|libpython3*)
        die "the interpreter itself ($p) is not installed; apt-get install python3 first" ;;
    esac
  done
  if [ "${#NEED[@]}" -eq 0 ]; then
    log "all packages are already installed system-wide"
  else
    log "downloading ${#NEED[@]} packages"
    apt_dl=(apt-get download -q)
    [ "$(id -u)" = 0 ] && apt_dl+=(-o APT::Sandbox::User=root)
    (cd "$WORK/debs" && "${apt_dl[@]}" "${NEED[@]}" >/dev/null) || die "apt-get download failed"
    log "unpacking into $ROOT"
    for deb in "$WORK"/debs/*.deb; do
      dpkg-deb -x "$deb" "$ROOT"
    done
  fi
  touch "$WORK/.unpacked"
fi

# Library paths: multiarch dirs plus the BLAS/LAPACK alternative dirs, which
# update-alternatives would normally link into place.
LDP=""
for d in "$ROOT"/lib/*-linux-gnu* "$ROOT"/usr/lib/*-linux-gnu* "$ROOT/usr/lib" \
         "$ROOT"/usr/lib/*-linux-gnu*/*blas* "$ROOT"/usr/lib/*-linux-gnu*/*lapack* \
         "$ROOT"/usr/lib/*-linux-gnu*/atlas; do
  [ -d "$d" ] && LDP="${LDP:+$LDP:}$d"
done
PYP="$ROOT/usr/lib/python3/dist-packages:$ROOT/usr/lib/$PYVER/dist-packages"

run_py() {
  env -u PYTHONHOME PYTHONNOUSERSITE=1 PYTHONDONTWRITEBYTECODE=1 \
    PYTHONPATH="$PYP" LD_LIBRARY_PATH="$LDP${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$PY" -s "$@"
}

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
