#!/usr/bin/env bash
# Whole-process timing of `clausier generate` on the largest scenario against python-docx
# building the same text, at the same moment on the same machine (design.md §8: at most 0.02×
# python-docx's time, peak memory under 30 MB, release build).
#
# Prints the median wall time of `generate` over RUNS runs (default 5; each run under
# /usr/bin/time -v for its peak resident set size), then, when python-docx is importable,
# the median of scripts/compare-writers.py over the same number of runs and the ratio.
# PYTHON names the interpreter to use (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
python=${PYTHON:-python3}
cargo build --release --locked --quiet
scenario=assets/scenarios/renouvellement-urbain.ron
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq 1 "$runs"); do
  start=$EPOCHREALTIME
  /usr/bin/time -v -o "$out/time$i" target/release/clausier generate "$scenario" -o "$out/s.docx" 2>/dev/null
  end=$EPOCHREALTIME
  echo "$start $end" | awk '{ printf "%.3f\n", ($2 - $1) * 1000 }' >"$out/wall$i"
  awk -F': ' '/Maximum resident set size/ { print $2 }' "$out/time$i" >"$out/rss$i"
done
generate_ms=$(cat "$out"/wall* | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
range=$(cat "$out"/wall* | sort -n | awk '{ t[NR] = $1 } END { printf "min %.1f, max %.1f", t[1], t[NR] }')
rss=$(cat "$out"/rss* | sort -n | tail -1)
printf "generate: median %.1f ms (%s) over %d runs; peak RSS max %d KB\n" \
  "$generate_ms" "$range" "$runs" "$rss"

if ! "$python" -c "import docx" 2>/dev/null; then
  echo "python-docx: not installed for $python (pip install python-docx), no ratio"
  exit 0
fi
target/release/clausier generate "$scenario" --format md -o "$out/section.md" 2>/dev/null
line=$("$python" scripts/compare-writers.py "$out/section.md" "$out/python.docx" "$runs")
echo "$line"
python_ms=$(echo "$line" | sed -E 's/.*median ([0-9.]+) ms.*/\1/')
echo "$generate_ms $python_ms" | awk '{ printf "ratio generate / python-docx: %.4f (budget 0.02)\n", $1 / $2 }'
