#!/usr/bin/env bash
# The ranking study of issue 11 (item 5): on problems/squeezenet.yaml, resnet.yaml and vgg.yaml (the file's
# batch and batch 1, cost model v2), 50 seeded random feasible plans plus each formulation's plan, costed and
# simulated: Spearman's rank correlation of model vs simulated latency, and the dp plan's simulated latency
# over the best simulated. Writes the CSV to bench/target/ranking-study.csv. Extra arguments go to
# org.compass.bench.RankingStudy (e.g. --plans 100 --seed 2 --plans-table --formulations dp,greedy).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bench/lib.sh
bench_build -o
exec java -Xss8m --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar org.compass.bench.RankingStudy \
  --csv bench/target/ranking-study.csv "$@"
