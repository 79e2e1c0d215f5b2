#!/usr/bin/env bash
# `qingling trace verify` on a 1,000,000-member town (272,700 households), SQLite and PostgreSQL: wall time, CPU
# (user + system of the qingling process; PostgreSQL's own work is not in it) and peak memory, from GNU time -v.
# The town is made once (generate + import, slow) into $TRACE_BENCH_DIR and reused: m1.db(+sqlite.key) and the
# PostgreSQL database qtrace1m (pg.key). A town imported by an older version is upgraded (digests recomputed under the
# key, seals built) by the first command that opens it: that step is timed on its own, as "upgrade".
# Usage: bench/trace-verify.sh [runs]   (PostgreSQL from QINGLING_BENCH_POSTGRES, or started by .ci/postgres when root)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1}
dir=${TRACE_BENCH_DIR:-bench/out/trace-1m}
mkdir -p "$dir"
command -v /usr/bin/time >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq time >/dev/null; }
dotnet build src/Qingling.Web -c Release -v q -nologo >/dev/null
q="dotnet src/Qingling.Web/bin/Release/net10.0/qingling.dll"
pg=${QINGLING_BENCH_POSTGRES:-}
if [ -z "$pg" ] && [ "$(id -u)" = 0 ]; then pg=$(.ci/postgres); fi
pgdb=${pg/Database=postgres/Database=qtrace1m}

[ -f "$dir/m1.csv" ] || $q generate --households 272700 --seed 7 --out "$dir/m1.csv" >/dev/null
if [ ! -f "$dir/m1.db" ]; then $q import "$dir/m1.csv" --year 2022 --db "$dir/m1.db" --key-file "$dir/sqlite.key" >/dev/null; fi
if [ -n "$pg" ] && [ ! -f "$dir/pg.key" ]; then
  PGPASSWORD=$(sed -E 's/.*Password=([^;]*).*/\1/' <<<"$pg") psql -h 127.0.0.1 -U "$(sed -E 's/.*Username=([^;]*).*/\1/' <<<"$pg")" -d postgres -qc "DROP DATABASE IF EXISTS qtrace1m" -c "CREATE DATABASE qtrace1m" >/dev/null
  $q import "$dir/m1.csv" --year 2022 --connection "$pgdb" --key-file "$dir/pg.key" >/dev/null
fi

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v -o "$dir/time.txt" "$@" >"$dir/last.log" 2>&1 || true
  local wall user sys rss
  wall=$(sed -nE 's/.*Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.*)/\1/p' "$dir/time.txt" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  user=$(sed -nE 's/.*User time \(seconds\): (.*)/\1/p' "$dir/time.txt")
  sys=$(sed -nE 's/.*System time \(seconds\): (.*)/\1/p' "$dir/time.txt")
  rss=$(sed -nE 's/.*Maximum resident set size \(kbytes\): (.*)/\1/p' "$dir/time.txt")
  printf "| %s | %s s | %.1f s | %d MB | %s |\n" "$label" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" "$(head -n 2 "$dir/last.log" | tail -n 1 | cut -c1-80)"
}

echo "| step | wall | CPU (user+sys) | peak memory | output |"
echo "| --- | --- | --- | --- | --- |"
measure "upgrade/open → SQLite" $q trace head --db "$dir/m1.db" --key-file "$dir/sqlite.key"
for i in $(seq "$runs"); do measure "trace verify → SQLite" $q trace verify --db "$dir/m1.db" --key-file "$dir/sqlite.key"; done
if [ -n "$pg" ]; then
  measure "upgrade/open → PostgreSQL" $q trace head --connection "$pgdb" --key-file "$dir/pg.key"
  for i in $(seq "$runs"); do measure "trace verify → PostgreSQL" $q trace verify --connection "$pgdb" --key-file "$dir/pg.key"; done
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
