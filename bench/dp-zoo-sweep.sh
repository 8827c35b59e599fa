#!/usr/bin/env bash
# How fast dp solves the zoo (issue 11: "dp solves every zoo network in well under a second"): every zoo network on
# compass-s, -m and -l at batch 1 and 16 (throughput, row pipeline, cost model v2, one thread), each case solved RUNS
# times in one JVM; prints status, gap, and the median wall and CPU seconds per case, then the counts of OPTIMAL
# cases and of cases under one second. Arguments go to org.compass.bench.DpZooSweep:
#   [RUNS=3] [SECONDS=30] [NETWORKS=all] [CHIPS=compass-s,compass-m,compass-l] [BATCHES=1,16]
# e.g. bench/dp-zoo-sweep.sh 3 30 squeezenet1_0,mobilenet_v2 compass-l 1
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bench/lib.sh
bench_build -o
exec java -Xss8m --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar org.compass.bench.DpZooSweep "$@"
