#!/usr/bin/env bash
# The CLI's heavy commands against a floor: for progress, review, targets and income, the command itself (JSON to
# /dev/null) and, in the same run, one hand-written SQL query computing the same figures (bench/floor/*.sql, through
# sqlite3 or psql, rows to /dev/null). Prints wall time, CPU (user+sys of the client process; PostgreSQL's own server
# work is in neither), peak memory (GNU time's maximum resident set size) and the ratio of the command to its floor.
# On a shared machine the ratio of two runs made one after the other is the fair figure, not either time alone.
# Usage: bench/cli-floor.sh (--db FILE | --connection "Host=…;Port=…;Database=…;Username=…;Password=…") [--key-file K]
#   QINGLING_BENCH_BIN=…/qingling.dll runs that build (default: Release build of this tree);
#   QINGLING_BENCH_ONLY="progress targets" runs only those (also: review-first — the review that runs the integrity checks,
#   against the review and integrity floors one after the other — and integrity; review-first deletes the setting that
#   says when the checks last ran, so it changes the bench database that much); DATE (2023-06-30) and YEAR (2022) set the figures asked;
#   QINGLING_BENCH_KEEP=DIR keeps each command's JSON there (to compare two builds' outputs with diff -r).
set -euo pipefail
cd "$(dirname "$0")/.."
date=${DATE:-2023-06-30}; year=${YEAR:-2022}; line=10000
plan_year=${date%%-*}; month=$((10#$(cut -d- -f2 <<<"$date")))
dll=${QINGLING_BENCH_BIN:-}
if [ -z "$dll" ]; then
  dotnet build src/Qingling.Web -c Release -v q -nologo >/dev/null
  dll=src/Qingling.Web/bin/Release/net10.0/qingling.dll
fi
args=("$@")
conn=""; file=""
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in --connection) conn=${args[i+1]} ;; --db) file=${args[i+1]} ;; esac
done
field() { sed -nE "s/.*(^|;)$1=([^;]*).*/\2/p" <<<"$conn"; }
floor() { # SQL file: runs it with the parameters filled in, rows discarded
  local sql
  # SQLite keeps amounts in fen (exact integers), PostgreSQL in yuan (numeric): the line in the database's unit.
  local unit_line=$line; [ -n "$conn" ] || unit_line=$((line * 100))
  sql=$(sed -e "s/:DATE/$date/g" -e "s/:MONTH/$month/g" -e "s/:LINE/$unit_line/g" -e "s/:Y/$2/g" "bench/floor/$1.sql")
  if [ -n "$conn" ]; then
    PGPASSWORD=$(field Password) psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$(field Host)" -p "${PGPORT:-$(field Port)}" -U "$(field Username)" -d "$(field Database)" <<<"$sql" >/dev/null
  else
    sqlite3 -bail "$file" <<<"$sql" >/dev/null
  fi
}
keep=${QINGLING_BENCH_KEEP:-}; [ -z "$keep" ] || mkdir -p "$keep"
run() { # output file, command… → "wall cpu rss"
  local t out=$1; shift; t=$(mktemp)
  /usr/bin/time -o "$t" -f "%e %U %S %M" "$@" >"$out" 2>"$t.err" || { cat "$t.err" >&2; echo "$1 failed" >&2; exit 1; }
  awk '{ printf "%.2f %.2f %d", $1, $2 + $3, $4 / 1024 }' "$t"; rm -f "$t" "$t.err"
}
sql() { # one statement on the bench database, as the floors run theirs
  if [ -n "$conn" ]; then
    PGPASSWORD=$(field Password) psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$(field Host)" -p "${PGPORT:-$(field Port)}" -U "$(field Username)" -d "$(field Database)" -c "$1" >/dev/null
  else
    sqlite3 -bail "$file" "$1" >/dev/null
  fi
}
row() { # name, command-args (string), floor name(s, run one after the other in one process), floor year
  local c f
  # shellcheck disable=SC2086
  local out=/dev/null; [ -z "$keep" ] || out=$keep/${3// /+}.json
  c=$(run "$out" dotnet "$dll" $2 --format json "${args[@]}")
  f=$(run /dev/null bash -c "$(declare -f floor field); date=$date month=$month line=$line conn='$conn' file='$file'; for n in $3; do floor \$n $4; done")
  read -r cw cc cm <<<"$c"; read -r fw fc fm <<<"$f"
  printf "| %s | %s s | %s s | %s MB | %s s | %s s | %s MB | %.1f× | %.1f× |\n" "$1" "$cw" "$cc" "$cm" "$fw" "$fc" "$fm" \
    "$(bc -l <<<"$cw / $fw")" "$(bc -l <<<"$cc / ($fc + 0.01)")"
}
only=${QINGLING_BENCH_ONLY:-progress review targets income}
echo "| command | wall | CPU | peak memory | floor wall | floor CPU | floor memory | wall ratio | CPU ratio |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for c in $only; do
  case $c in
    progress) row "progress --date $date" "progress --date $date" progress "$plan_year" ;;
    review) row "review --date $date" "review --date $date" review "$plan_year" ;;
    # The checks run again only after a change: forgetting when they last ran (a setting) makes this run one.
    review-first) sql "DELETE FROM settings WHERE key = 'alerts_checked_$plan_year'"
      row "review --date $date, first after a change" "review --date $date" "review integrity" "$plan_year" ;;
    integrity) row "integrity --year $plan_year" "integrity --year $plan_year" integrity "$plan_year" ;;
    targets) row "targets --year $year" "targets --year $year" targets "$year" ;;
    income) row "income --year $year" "income --year $year" income "$year" ;;
  esac
done
