# Sourced by bench/pages.sh and bench/load.sh: builds (Release), starts `qingling serve` on a free port and signs in.
# Sets: base (http://127.0.0.1:PORT), cookie (the Cookie header of a signed-in admin), household (a 户编号), server_pid.
# Environment: QINGLING_BENCH_DB (an existing database file to serve instead of a fresh demo), or
# QINGLING_BENCH_CONNECTION with QINGLING_BENCH_KEY (an existing PostgreSQL database and its key file),
# QINGLING_BENCH_BIN (a built qingling.dll to run instead of building), QINGLING_BENCH_USER / _PASSWORD.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=bench/out
mkdir -p "$out"
if [ -n "${QINGLING_BENCH_BIN:-}" ]; then
  q="dotnet $QINGLING_BENCH_BIN"
else
  dotnet build src/Qingling.Web -c Release -v q -nologo >/dev/null
  q="dotnet src/Qingling.Web/bin/Release/net10.0/qingling.dll"
fi
source bench/sign-in.sh
base="http://127.0.0.1:$(free_port)"
if [ -n "${QINGLING_BENCH_CONNECTION:-}" ]; then
  where=(--connection "$QINGLING_BENCH_CONNECTION" --key-file "${QINGLING_BENCH_KEY:?QINGLING_BENCH_KEY: the key file of that database}")
  $q user add --name bench --role admin --password 'Served2023town' "${where[@]}" >/dev/null 2>&1 || true
  user=${QINGLING_BENCH_USER:-bench}; password=${QINGLING_BENCH_PASSWORD:-Served2023town}
  $q serve --urls "$base" "${where[@]}" >"$out/serve.log" 2>&1 &
elif [ -n "${QINGLING_BENCH_DB:-}" ]; then
  db=$QINGLING_BENCH_DB
  $q user add --name bench --role admin --password 'Served2023town' --db "$db" >/dev/null 2>&1 || true  # the password may not contain the user name
  user=${QINGLING_BENCH_USER:-bench}; password=${QINGLING_BENCH_PASSWORD:-Served2023town}
  $q serve --urls "$base" --db "$db" >"$out/serve.log" 2>&1 &
else
  db="$out/pages-demo.db"
  rm -f "$db" "$db-wal" "$db-shm" "$db.key"
  user=${QINGLING_BENCH_USER:-admin}; password=${QINGLING_BENCH_PASSWORD:-Town2023demo}
  $q serve --demo --urls "$base" --db "$db" >"$out/serve.log" 2>&1 &
fi
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
wait_until_served "$server_pid"
sign_in "$user" "$password"
household=$(curl -fs -H "Cookie: $cookie" "$base/Targets?Year=2022" | sed -nE 's/.*href="\/Households\/([0-9]+)".*/\1/p' | head -n 1)
