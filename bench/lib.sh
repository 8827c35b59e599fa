# Sourced by the bench/*.sh scripts (not run on its own).
#
# Output rules: tables and CSV go to standard output or the files named; progress (one line per case) goes to
# standard error; no colour codes anywhere. Maven 3.8 prints ANSI codes even in batch mode with
# -Dstyle.color=never, so the build's output is kept in a log and shown, without its codes, only if it fails.

# bench_build [MAVEN ARGS...]: builds bench/target/benchmarks.jar (and the modules it needs), quietly.
bench_build() {
  local log
  log="$(mktemp)"
  echo "$(basename "$0"): building the benchmarks (mvn -pl bench -am package)..." >&2
  if ! (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests "$@" package -pl bench -am) >"$log" 2>&1; then
    strip_colour < "$log" >&2
    rm -f "$log"
    echo "$(basename "$0"): the build failed (Maven's output above)" >&2
    exit 1
  fi
  rm -f "$log"
}

# strip_colour: copies standard input to standard output without ANSI escape sequences.
strip_colour() {
  sed 's/\x1b\[[0-9;]*[A-Za-z]//g'
}
