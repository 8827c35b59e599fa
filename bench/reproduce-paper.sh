#!/usr/bin/env bash
# Reproduces the COMPASS paper's comparison (greedy, layerwise, GA, exact DP on VGG-16, ResNet-18 and
# SqueezeNet on compass-s/m/l, batch 16, throughput then EDP, plus a ResNet-18 batch sweep) into
# bench/RESULTS.md, or into the file given as the first argument; further arguments go to ReproducePaper
# (e.g. `bench/reproduce-paper.sh bench/RESULTS-v2.md --cost-model v2`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-bench/RESULTS.md}"
shift || true
cd "$root"
. bench/lib.sh
bench_build
exec java -Xss8m -cp bench/target/benchmarks.jar org.compass.bench.ReproducePaper "$@" "$out"
