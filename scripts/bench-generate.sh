#!/usr/bin/env bash
# Whole-process timing of `clausier generate` on the largest scenario (design.md §8:
# under 20 ms and 30 MB peak memory, release build). Prints the median of 20 runs and
# the peak resident set size reported by /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
scenario=assets/scenarios/renouvellement-urbain.ron
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq 1 20); do
  /usr/bin/time -f "%e %M" -o "$out/t$i" target/release/clausier generate "$scenario" -o "$out/s.docx" 2>/dev/null
done
cat "$out"/t* | sort -n | awk '{ t[NR]=$1; m[NR]=$2 } END {
  printf "generate: median %.0f ms (min %.0f, max %.0f) over %d runs; peak RSS max %d KB\n",
    t[int((NR+1)/2)]*1000, t[1]*1000, t[NR]*1000, NR, m[NR] }'
