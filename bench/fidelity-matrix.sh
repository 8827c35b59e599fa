#!/usr/bin/env bash
# The fidelity matrix of issue 11 (item 5): cost model v2 against the simulator for the dp plan of every zoo
# network on compass-s/m/l, batch 1 and 16, row and image pipeline. Prints an aligned table and CSV; writes the
# CSV to bench/target/fidelity-matrix.csv. Cases whose simulation takes over 30 s (--budget) are listed as
# skipped. Extra arguments go to org.compass.bench.FidelityMatrix (e.g. --networks resnet18,vgg16 --budget 60).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bench/lib.sh
bench_build -o
exec java -Xss8m --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar org.compass.bench.FidelityMatrix \
  --csv bench/target/fidelity-matrix.csv "$@"
