#!/usr/bin/env bash
# Speed of the integrity checks (issue: 250,000 households in ≤ 10 s on SQLite): a synthetic town of [households]
# (seed 12, with planted anomalies) and its next year, imported once and kept (imports are slow) in
# $QINGLING_BENCH_DATA (default bench/out/integrity-speed-N); then `qingling integrity --year 2023 --format json`,
# twice: on a fresh database run 1 also stores the alerts it finds (none are stored yet), run 2 is the everyday
# run. Prints wall, CPU (user+sys) and peak memory (GNU time's maximum resident set size) of each. The machine may be
# shared: wall time follows the load, CPU time much less.
# PostgreSQL too when QINGLING_TEST_POSTGRES is set or --connection CONN is given (a database qbench_integrity_N,
# created and imported once, then reused).
# Usage: bench/integrity-speed.sh [households] [--connection CONN]
set -euo pipefail
cd "$(dirname "$0")/.."
households=250000
pg=${QINGLING_TEST_POSTGRES:-}
while [ $# -gt 0 ]; do
  case $1 in
    --connection) pg=$2; shift 2 ;;
    *) households=$1; shift ;;
  esac
done
data=${QINGLING_BENCH_DATA:-bench/out/integrity-speed-$households}
mkdir -p "$data"
command -v /usr/bin/time >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq time >/dev/null; }
dotnet build src/Qingling.Web -c Release -v q -nologo >/dev/null
q="dotnet src/Qingling.Web/bin/Release/net10.0/qingling.dll"

if [ ! -f "$data/town.csv" ] || [ ! -f "$data/town-2023.csv" ]; then
  $q generate --households "$households" --seed 12 --year 2022 --out "$data/town.csv" --plant-anomalies
fi

measure() { # label, database options...
  local label=$1; shift
  /usr/bin/time -o "$data/time.txt" -f "%e %U %S %M" $q integrity --year 2023 --format json "$@" >"$data/alerts.json" 2>"$data/stderr.txt" \
    || { cat "$data/stderr.txt" >&2; echo "$label failed" >&2; exit 1; }
  read -r wall user sys rss <"$data/time.txt"
  printf "| %s | %s s | %.1f s | %d MB | %s |\n" "$label" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" \
    "$(grep -o '"householdCode"' "$data/alerts.json" | wc -l)"
}

sqlite=(--db "$data/town.db" --key-file "$data/town.key")
if [ ! -f "$data/town.db" ]; then
  $q import "$data/town.csv" --year 2022 "${sqlite[@]}" | tail -n 1
  $q import "$data/town-2023.csv" --year 2023 "${sqlite[@]}" | tail -n 1
fi

if [ -n "$pg" ]; then
  db="qbench_integrity_$households"
  user=$(sed -E 's/.*Username=([^;]*).*/\1/' <<<"$pg")
  export PGPASSWORD=$(sed -E 's/.*Password=([^;]*).*/\1/' <<<"$pg")
  connection=$(sed -E "s/Database=[^;]*/Database=$db/" <<<"$pg")
  postgres=(--connection "$connection" --key-file "$data/town-pg.key")
  imported=$(psql -h 127.0.0.1 -U "$user" -d "$db" -tAc "SELECT count(*) FROM household_years WHERE year = 2023" 2>/dev/null || true)
  if [ "${imported:-0}" = 0 ]; then
    psql -h 127.0.0.1 -U "$user" -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    rm -f "$data/town-pg.key"
    $q import "$data/town.csv" --year 2022 "${postgres[@]}" | tail -n 1
    $q import "$data/town-2023.csv" --year 2023 "${postgres[@]}" | tail -n 1
  fi
fi

echo
echo "integrity --year 2023 --format json, $households households, load average $(cut -d' ' -f1-3 /proc/loadavg):"
echo "| run | wall | CPU (user+sys) | peak memory | alerts |"
echo "| --- | ---: | ---: | ---: | ---: |"
measure "SQLite, run 1" "${sqlite[@]}"
measure "SQLite, run 2" "${sqlite[@]}"
if [ -n "$pg" ]; then
  measure "PostgreSQL, run 1" "${postgres[@]}"
  measure "PostgreSQL, run 2" "${postgres[@]}"
fi
