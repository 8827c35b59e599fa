#!/usr/bin/env bash
# The LLM tables of docs/llm.md: problems/llama.yaml (Llama-2-7B decode on compass-l) swept over batch size,
# context length and DRAM bandwidth, dp against greedy and layerwise, prefill, other decoders.
# Usage: bench/llm-sweep.sh [problem file] [output file]   (default: problems/llama.yaml, standard output)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bench/lib.sh
bench_build -o
exec java -Xss8m --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar org.compass.bench.LlmSweep "$@"
