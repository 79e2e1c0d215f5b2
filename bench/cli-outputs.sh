#!/usr/bin/env bash
# Writes the JSON/CSV outputs of progress, review, targets and income for one build and one database into a folder,
# so two builds' outputs can be compared byte for byte (diff -r): speed work must not change a figure.
# Usage: bench/cli-outputs.sh QINGLING_DLL OUT_DIR (--db FILE | --connection C) [--key-file K]
set -euo pipefail
dll=$1; out=$2; shift 2
mkdir -p "$out"
q() { dotnet "$dll" "$@"; }
q progress --date 2023-06-30 --format json "$@" >"$out/progress.json"
q progress --date 2023-12-31 --format json "$@" >"$out/progress-year-end.json"
q progress --date 2023-06-30 --by village --format csv "$@" >"$out/progress-village.csv"
q progress --date 2023-06-30 --by department --format csv "$@" >"$out/progress-department.csv"
q review --date 2023-06-30 --format json "$@" >"$out/review.json"
for y in 2022 2023; do
  q targets --year $y --format json "$@" >"$out/targets-$y.json"
  q targets --year $y --weak-labour --include-monitored --line 12000 --format csv "$@" >"$out/targets-$y-wide.csv"
  q income --year $y --format json "$@" >"$out/income-$y.json"
done
village=$(q income --year 2022 --format csv "$@" | sed -n 2p | cut -d, -f2)
q targets --year 2022 --village "$village" --format json "$@" >"$out/targets-2022-village.json"
q income --year 2023 --village "$village" --format csv "$@" >"$out/income-2023-village.csv"
