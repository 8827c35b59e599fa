# Sourced by tools/export-onnx.sh, tools/onnx-conformance.sh and tools/export-transformers.sh (not run on
# its own): makes Debian 12 Python packages usable without installing anything system-wide.
#
# The packages and every runtime dependency apt says is missing are fetched with `apt-get download`,
# unpacked with `dpkg-deb -x` into a private folder, and Debian's /usr/bin/python3 runs with PYTHONPATH /
# LD_LIBRARY_PATH pointing into that folder. No pip, no PyPI.
#
# Callers set WORK (a folder; "" for a temporary one removed at exit), UPDATE (1 to run apt-get update)
# and LOG_TAG, then call `debian_python_setup PACKAGE...`; afterwards `run_py ARGS...` runs that Python.

log() { echo "[$LOG_TAG] $*" >&2; }
die() { echo "[$LOG_TAG] ERROR: $*" >&2; exit 1; }

debian_python_setup() {
  local pkgs=("$@")
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
    || die "apt-get and dpkg-deb are required (Debian 12)"
  if [ -r /etc/debian_version ]; then
    case "$(cat /etc/debian_version)" in
      12*|bookworm*) ;;
      *) log "warning: tested on Debian 12 only (this is $(cat /etc/debian_version))" ;;
    esac
  fi
  if [ "${UPDATE:-1}" = 1 ]; then
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

  # Which Python are Debian's packages built for? (e.g. python3.11:any)
  PYVER="$(apt-cache show --no-all-versions python3-numpy 2>/dev/null \
    | sed -n 's/^Depends: //p' | tr ',' '\n' | sed -n 's/^ *\(python3\.[0-9]\+\):any.*/\1/p' | head -n1)"
  [ -n "$PYVER" ] || PYVER="$(apt-cache show --no-all-versions python3-torch 2>/dev/null \
    | sed -n 's/^Depends: //p' | tr ',' '\n' | sed -n 's/^ *\(python3\.[0-9]\+\):any.*/\1/p' | head -n1)"
  [ -n "$PYVER" ] || die "python3-numpy not found by apt-cache (is 'main' in the apt sources? ran apt-get update?)"
  PY=""
  local cand
  for cand in /usr/bin/python3 "/usr/bin/$PYVER"; do
    if [ -x "$cand" ] && [ "$("$cand" -c 'import sys; print("python%d.%d" % sys.version_info[:2])')" = "$PYVER" ]; then
      PY="$cand"; break
    fi
  done
  [ -n "$PY" ] || die "Debian's packages are built for $PYVER but /usr/bin/$PYVER is missing (apt-get install $PYVER)"
  log "Debian's Python packages target $PYVER; using $PY"

  CLEANUP=""
  if [ -z "${WORK:-}" ]; then
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/$LOG_TAG.XXXXXX")"
    CLEANUP="$WORK"
  fi
  trap '[ -n "$CLEANUP" ] && rm -rf -- "$CLEANUP"' EXIT
  mkdir -p "$WORK/debs" "$WORK/root"
  WORK="$(cd "$WORK" && pwd)"
  ROOT="$WORK/root"

  # A kept folder records the packages it was unpacked for; asking for others unpacks those too.
  local stamp="$WORK/.unpacked"
  local missing=()
  local p
  for p in "${pkgs[@]}"; do
    grep -qxF "$p" "$stamp" 2>/dev/null || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "reusing unpacked tree in $ROOT"
  else
    # Let apt resolve the runtime closure exactly as `apt-get install` would
    # (first alternatives, no Recommends), minus what is already installed.
    log "resolving dependencies of ${missing[*]}"
    local sim
    sim="$(apt-get -s -o Debug::NoLocking=1 install --no-install-recommends "${missing[@]}" 2>&1)" \
      || { echo "$sim" >&2; die "apt-get could not resolve ${missing[*]}"; }
    local need=()
    mapfile -t need < <(printf '%s\n' "$sim" | awk '/^Inst /{print $2}')
    for p in "${need[@]}"; do
      case "$p" in
        python3|python3-minimal|python3.[0-9]*|libpython3*)
          die "the interpreter itself ($p) is not installed; apt-get install python3 first" ;;
      esac
    done
    if [ "${#need[@]}" -eq 0 ]; then
      log "all packages are already installed system-wide"
    else
      log "downloading ${#need[@]} packages"
      local apt_dl=(apt-get download -q)
      [ "$(id -u)" = 0 ] && apt_dl+=(-o APT::Sandbox::User=root)
      (cd "$WORK/debs" && "${apt_dl[@]}" "${need[@]}" >/dev/null) || die "apt-get download failed"
      log "unpacking into $ROOT"
      local deb
      for deb in "$WORK"/debs/*.deb; do
        dpkg-deb -x "$deb" "$ROOT"
      done
    fi
    printf '%s\n' "${missing[@]}" >> "$stamp"
  fi

  # Library paths: multiarch dirs plus the BLAS/LAPACK alternative dirs, which
  # update-alternatives would normally link into place.
  LDP=""
  local d
  for d in "$ROOT"/lib/*-linux-gnu* "$ROOT"/usr/lib/*-linux-gnu* "$ROOT/usr/lib" \
           "$ROOT"/usr/lib/*-linux-gnu*/*blas* "$ROOT"/usr/lib/*-linux-gnu*/*lapack* \
           "$ROOT"/usr/lib/*-linux-gnu*/atlas; do
    [ -d "$d" ] && LDP="${LDP:+$LDP:}$d"
  done
  PYP="$ROOT/usr/lib/python3/dist-packages:$ROOT/usr/lib/$PYVER/dist-packages"
}

run_py() {
  env -u PYTHONHOME PYTHONNOUSERSITE=1 PYTHONDONTWRITEBYTECODE=1 \
    PYTHONPATH="$PYP" LD_LIBRARY_PATH="$LDP${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$PY" -s "$@"
}
