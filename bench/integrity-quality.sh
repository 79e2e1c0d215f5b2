#!/usr/bin/env bash
# Integrity checks, measured: a synthetic town's base year and the next year with planted paper increases among clean
# households (some with real large changes), imported into an empty SQLite file; `qingling integrity --format json`
# scored against the planted list (recall and precision per kind and overall, household by household); then the time
# of `integrity` alone.
# Usage: bench/integrity-quality.sh [households] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
households=${1:-20000}
seed=${2:-12}
out=bench/out/integrity-$households-$seed
mkdir -p "$out"
dotnet build src/Qingling.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Qingling.Bench -c Release -v q -nologo >/dev/null
q="dotnet src/Qingling.Web/bin/Release/net10.0/qingling.dll"
bench="dotnet bench/Qingling.Bench/bin/Release/net10.0/Qingling.Bench.dll"
db=(--db "$out/town.db" --key-file "$out/town.key")
rm -f "$out"/town.db* "$out/town.key"
$q generate --households "$households" --seed "$seed" --year 2022 --out "$out/town.csv" --plant-anomalies
$q import "$out/town.csv" --year 2022 "${db[@]}" | tail -n 1
$q import "$out/town-2023.csv" --year 2023 "${db[@]}" | tail -n 1
start=$(date +%s.%N)
$q integrity --year 2023 --format json "${db[@]}" >"$out/alerts.json"
end=$(date +%s.%N)
$bench integrity-score "$out/town-truth.csv" "$out/alerts.json"
printf "\nintegrity --year 2023 over %s households (SQLite): %.1f s wall, process start included\n" "$households" "$(echo "$end - $start" | bc)"
