#!/usr/bin/env bash
# Import benchmark: a synthetic export of about 1,000,000 members (272,700 households), as .csv and
# .xlsx; the time only to read each file, then a full import into an empty SQLite file and an empty
# PostgreSQL database, with wall time and peak memory (GNU time's maximum resident set size).
# Usage: bench/import-benchmark.sh [households]   (PostgreSQL from QINGLING_BENCH_POSTGRES, or started by .ci/postgres when root)
set -euo pipefail
cd "$(dirname "$0")/.."
households=${1:-272700}
out=bench/out
mkdir -p "$out"
command -v /usr/bin/time >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq time >/dev/null; }
dotnet build src/Qingling.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Qingling.Bench -c Release -v q -nologo >/dev/null
q="dotnet src/Qingling.Web/bin/Release/net10.0/qingling.dll"
bench="dotnet bench/Qingling.Bench/bin/Release/net10.0/Qingling.Bench.dll"
pg=${QINGLING_BENCH_POSTGRES:-}
if [ -z "$pg" ] && [ "$(id -u)" = 0 ]; then pg=$(.ci/postgres); fi

measure() { # label, command...
  local label=$1; shift
  local stats
  # Each step on a quiet machine: the previous step's dirty pages written out first.
  sync; sleep 3
  /usr/bin/time -o "$out/time.txt" -f "%e %M" "$@" >"$out/last.log" 2>&1 || true
  stats=$(tail -n 1 "$out/time.txt")
  if ! grep -q "已导入\|rows" "$out/last.log"; then cat "$out/last.log" >&2; echo "$label failed" >&2; exit 1; fi
  printf "| %s | %s s | %d MB |\n" "$label" "${stats%% *}" "$(( ${stats##* } / 1024 ))"
}

echo "| step | wall time | peak memory |"
echo "| --- | --- | --- |"
for ext in csv xlsx; do
  file="$out/m1.$ext"
  [ -f "$file" ] || $q generate --households "$households" --seed 7 --out "$file" >/dev/null
  measure "read only .$ext" $bench read "$file"
  rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
  measure "import .$ext → SQLite" $q import "$file" --year 2022 --db "$out/bench.db" --key-file "$out/bench.key"
  if [ -n "$pg" ]; then
    db="qbench_$ext"
    PGPASSWORD=$(sed -E 's/.*Password=([^;]*).*/\1/' <<<"$pg") psql -h 127.0.0.1 -U "$(sed -E 's/.*Username=([^;]*).*/\1/' <<<"$pg")" -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    measure "import .$ext → PostgreSQL" $q import "$file" --year 2022 --connection "${pg/Database=postgres/Database=$db}" --key-file "$out/bench-pg.key"
  fi
done
echo
for f in "$out"/m1.csv "$out"/m1.xlsx; do echo "$f: $(( $(stat -c %s "$f") / 1000000 )) MB"; done
