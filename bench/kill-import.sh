#!/usr/bin/env bash
# kill -9 during import, N times per database (default 20): a register already holding 2,000 households takes
# a second export of 20,000 households (about 80,000 rows: 2,000 updated, 18,000 new); each round starts
# `qingling import --progress` and kills it (SIGKILL) when it reports the round's percent (0%, 5%, … 100%),
# then checks that the database opens, that SQLite's integrity_check says ok, and that the register is
# exactly as before the import or exactly as after it. A round that finds it "after" restores "before".
# Usage: bench/kill-import.sh [rounds] [households]   (PostgreSQL from QINGLING_BENCH_POSTGRES, e.g.
#   'Host=127.0.0.1;Port=5432;Username=qingling;Password=qingling;Database=postgres'; skipped when unset)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
households=${2:-20000}
out=bench/out/kill
mkdir -p "$out"
dotnet build src/Qingling.Web -c Release -v q -nologo >/dev/null
q="dotnet src/Qingling.Web/bin/Release/net10.0/qingling.dll"
pg=${QINGLING_BENCH_POSTGRES:-}

[ -f "$out/first.csv" ] || $q generate --households 2000 --seed 41 --out "$out/first.csv" >/dev/null
[ -f "$out/second.csv" ] || $q generate --households "$households" --seed 41 --out "$out/second.csv" >/dev/null

counts_sql="SELECT (SELECT count(*) FROM households) || ' ' || (SELECT count(*) FROM members) || ' ' || (SELECT count(*) FROM income_entries) || ' ' || (SELECT count(*) FROM import_batches)"

run() { # name, counts-command, check-command, db args...
  local name=$1 counts=$2 check=$3; shift 3
  local before after now state line seen corrupt=0 befores=0 afters=0 between=0
  $q import "$out/first.csv" --year 2022 "$@" >/dev/null
  before=$($counts)
  # The state after: the import run to the end on a copy, then undone by restoring "before".
  save "$name"
  $q import "$out/second.csv" --year 2022 "$@" >/dev/null
  after=$($counts)
  restore "$name"
  echo "$name: before = $before, after = $after (households members income batches)"
  echo "| round | killed at | state | integrity |"
  echo "| --- | --- | --- | --- |"
  for ((r = 0; r < rounds; r++)); do
    local percent=$(( rounds == 1 ? 50 : r * 100 / (rounds - 1) ))
    seen=-1
    coproc IMPORT { exec $q import "$out/second.csv" --year 2022 --progress "$@" 2>&1 >/dev/null; }
    local pid=$IMPORT_PID
    if (( percent > 0 )); then
      while read -r line <&"${IMPORT[0]}"; do
        if [[ $line =~ ^进度\ 导入\ ([0-9]+)% ]]; then seen=${BASH_REMATCH[1]}; (( seen >= percent )) && break; fi
      done
    fi
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    local integrity
    integrity=$($check) || integrity="cannot open"
    now=$($counts) || now="cannot open"
    if [[ $now == "$before" ]]; then state=before; befores=$((befores + 1))
    elif [[ $now == "$after" ]]; then state=after; afters=$((afters + 1)); restore "$name"
    else state="BETWEEN: $now"; between=$((between + 1)); fi
    [[ $integrity == ok ]] || corrupt=$((corrupt + 1))
    echo "| $((r + 1)) | ${seen}% (asked ${percent}%) | $state | $integrity |"
  done
  echo "$name: $rounds kills, $befores before, $afters after, $between between, $corrupt corrupt"
  echo
}

# ---- SQLite ----
sqlite_db="$out/kill.db"
save() { cp "$sqlite_db" "$out/saved.db"; }
restore() { cp "$out/saved.db" "$sqlite_db"; rm -f "$sqlite_db-wal" "$sqlite_db-shm" "$sqlite_db-journal"; }
rm -f "$sqlite_db"* "$out/kill.key"
sqlite_counts() { sqlite3 "$sqlite_db" "$counts_sql"; }
sqlite_check() { sqlite3 "$sqlite_db" "PRAGMA integrity_check"; }
run SQLite sqlite_counts sqlite_check --db "$sqlite_db" --key-file "$out/kill.key"

# ---- PostgreSQL ----
if [ -n "$pg" ]; then
  user=$(sed -E 's/.*Username=([^;]*).*/\1/' <<<"$pg"); export PGPASSWORD=$(sed -E 's/.*Password=([^;]*).*/\1/' <<<"$pg")
  admin() { psql -h 127.0.0.1 -U "$user" -d postgres -qAtc "$1" >/dev/null; }
  admin "DROP DATABASE IF EXISTS qkill WITH (FORCE)"; admin "DROP DATABASE IF EXISTS qkill_saved WITH (FORCE)"; admin "CREATE DATABASE qkill"
  save() { admin "DROP DATABASE IF EXISTS qkill_saved WITH (FORCE)"; admin "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'qkill'"; admin "CREATE DATABASE qkill_saved TEMPLATE qkill"; }
  restore() { admin "DROP DATABASE IF EXISTS qkill WITH (FORCE)"; admin "CREATE DATABASE qkill TEMPLATE qkill_saved"; }
  # "Opens": a query answers; PostgreSQL's own recovery makes an aborted transaction invisible.
  pg_counts() { psql -h 127.0.0.1 -U "$user" -d qkill -qAtc "$counts_sql"; }
  pg_check() { psql -h 127.0.0.1 -U "$user" -d qkill -qAtc "SELECT 'ok'"; }
  rm -f "$out/kill-pg.key"
  run PostgreSQL pg_counts pg_check --connection "${pg/Database=postgres/Database=qkill}" --key-file "$out/kill-pg.key"
  admin "DROP DATABASE IF EXISTS qkill WITH (FORCE)"; admin "DROP DATABASE IF EXISTS qkill_saved WITH (FORCE)"
fi
