#!/usr/bin/env bash
# Whole-process time and peak memory of `clausier programme` on 2 000 lines and `clausier
# indicateurs` on 50 000 contracts (design.md §8: under 1 s and 2 s, under 200 MB), release
# build, on invented files written by the benchmark helpers.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --example planning_files -- "$work" 2>/dev/null || {
  echo "the example planning_files is missing" >&2
  exit 1
}
export CLAUSIER_DATA_DIR="$work/data"
run() {
  /usr/bin/time -f "%e s, %M kB max" target/release/clausier "$@" >/dev/null 2>"$work/err" || true
  tail -n1 "$work/err"
}
echo "programme, 2 000 lines, JSON:    $(run programme "$work/programme.csv" --buyer collectivite --date 2026-12-01 --json)"
echo "programme, 2 000 lines, DOCX:    $(run programme "$work/programme.csv" --buyer collectivite --date 2026-12-01 -o "$work/p.docx")"
echo "programme, 2 000 lines, XLSX:    $(run programme "$work/programme.csv" --buyer collectivite --date 2026-12-01 -o "$work/p.xlsx")"
echo "indicateurs, 50 000 contracts:   $(run indicateurs "$work/decp.json" --annee 2026 --json)"
echo "indicateurs, 50 000, DOCX:       $(run indicateurs "$work/decp.json" --annee 2026 -o "$work/i.docx")"
