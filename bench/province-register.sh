#!/usr/bin/env bash
# A whole province in ONE PostgreSQL register: the other way to serve a province than counties feeding it
# (bench/province.sh), measured at the size issue 14 names. Each step beside its floor in the same run:
#  1. `qingling generate` writes a made-up province: 16 cities, 129 counties, 1,400 towns, 2,724,377 households (one year,
#     2022); the floor for reading it is Qingling.Bench's read (every row parsed, nothing checked or written).
#  2. its import into an empty database (whole process, peak memory);
#  3. one county's corrected export (the first county's rows, one member in 100 renamed) imported into that register,
#     then the same county again with one household in 20 given 100 yuan more income (its import lines replaced);
#  4. the province's roll-up after it (`qingling region --year 2022`, whole process, median of 3) against its floor, one
#     hand-written SQL query of the same counts per city over the sums PostgreSQL keeps (ledger_sums, member_counts), and
#     against the same counts summed from the rows themselves (a comparison, not a floor);
#  5. the region pages (province, a city, a county, a town), signed in, warm, at 1 and 20 clients (hey);
#  6. the province's target list as .xlsx (`/export/targets.xlsx?year=2022`): time, rows, the server's peak memory, at the
#     line of 10,000 yuan and again under a plan whose line (40,000 yuan) lists nearly every 脱贫户 with labour (the longest
#     list this province has), each beside its floor: the same list, hand-written in SQL, copied out by psql.
# Usage: bench/province-register.sh [households, default 2724377] [seconds per page run, default 10]
# QINGLING_BENCH_BIN: a built qingling.dll to run instead of building. QINGLING_BENCH_DATABASE: the database to create (default qbench_province).
# PostgreSQL from QINGLING_BENCH_POSTGRES (a connection string to its postgres database), or started by .ci/postgres as root.
# Disk: about 4.5 GB for the file and 10 GB for the database (dropped at the end unless QINGLING_BENCH_KEEP is set).
set -euo pipefail
cd "$(dirname "$0")/.."
households=${1:-2724377}; seconds=${2:-10}
command -v hey >/dev/null || { echo "需要 hey：apt-get install hey" >&2; exit 2; }
out=bench/out/province-register; mkdir -p "$out"
if [ -n "${QINGLING_BENCH_BIN:-}" ]; then q="dotnet $QINGLING_BENCH_BIN"; else
  dotnet build src/Qingling.Web -c Release -v q -nologo >/dev/null
  q="dotnet src/Qingling.Web/bin/Release/net10.0/qingling.dll"
fi
dotnet build bench/Qingling.Bench -c Release -v q -nologo >/dev/null
bench="dotnet bench/Qingling.Bench/bin/Release/net10.0/Qingling.Bench.dll"
source bench/hey-row.sh
source bench/sign-in.sh
pg=${QINGLING_BENCH_POSTGRES:-}
if [ -z "$pg" ] && [ "$(id -u)" = 0 ]; then pg=$(.ci/postgres); fi
[ -n "$pg" ] || { echo "需要 PostgreSQL：QINGLING_BENCH_POSTGRES" >&2; exit 2; }
field() { sed -E "s/.*$1=([^;]*).*/\1/" <<<"$pg"; }
export PGHOST=$(field Host) PGPORT=$(field Port) PGUSER=$(field Username) PGPASSWORD=$(field Password)
db=${QINGLING_BENCH_DATABASE:-qbench_province}
P="${pg/Database=postgres/Database=$db}"
key="$out/province.key"
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; [ -n "${QINGLING_BENCH_KEEP:-}" ] || psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; }
trap cleanup EXIT
timed() { # label, command...: "| label | wall s | peak MB |"
  local label=$1; shift
  sync; sleep 2
  /usr/bin/time -o "$out/time.txt" -f "%e %M" "$@" >"$out/last.log" 2>&1 || { cat "$out/last.log" >&2; echo "$label failed" >&2; exit 1; }
  local stats; stats=$(tail -n 1 "$out/time.txt")
  printf "| %s | %s s | %d MB |\n" "$label" "${stats%% *}" "$(( ${stats##* } / 1024 ))"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }

file="$out/province-2022.csv"
echo "| step | wall time | peak memory |"
echo "| --- | ---: | ---: |"
[ -f "$file" ] || timed "generate the province (${households} households)" $q generate --households "$households" --towns 1400 --counties 129 --cities 16 --seed 1 --out "$file"
timed "floor: read the province's file ($(( $(stat -c %s "$file") / 1000000 )) MB)" $bench read "$file"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
rm -f "$key"
timed "import the province into an empty database" $q import "$file" --year 2022 --connection "$P" --key-file "$key"
tail -n 1 "$out/last.log" >&2

# 3. The first county's corrected export: its rows, one member in 100 renamed.
county="$out/county-990801.csv"
python3 - "$file" "$county" <<'PY'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding='utf-8-sig', newline='') as f, open(dst, 'w', encoding='utf-8-sig', newline='') as o:
    title = f.readline(); o.write(title)
    header = next(csv.reader([f.readline()])); w = csv.writer(o, lineterminator='\n'); w.writerow(header)
    code, name = header.index('行政村代码'), header.index('姓名')
    n = 0
    for row in csv.reader(f):
        if not row[code].startswith('990801'): continue
        if n % 100 == 0: row[name] += '改'
        n += 1; w.writerow(row)
print(f"{dst}: {n} rows", file=sys.stderr)
PY
timed "floor: read the county's file" $bench read "$county"
timed "import one county's corrected export into the province" $q import "$county" --year 2022 --connection "$P" --key-file "$key"
tail -n 1 "$out/last.log" >&2
again="$out/county-990801-income.csv"
python3 - "$county" "$again" <<'PY'
import csv, sys
from decimal import Decimal, ROUND_HALF_UP
src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding='utf-8-sig', newline='') as f:
    title = f.readline(); header = next(csv.reader([f.readline()])); rows = list(csv.reader(f))
code, prop, net, pc, size = (header.index(c) for c in ('户编号', '财产性收入', '纯收入', '人均纯收入', '家庭人口数'))
codes = list(dict.fromkeys(r[code] for r in rows)); changed = set(codes[::20])
for r in rows:
    if r[code] in changed:
        r[prop] = str(Decimal(r[prop] or '0') + 100); r[net] = str(Decimal(r[net] or '0') + 100)
        r[pc] = str((Decimal(r[net]) / Decimal(r[size])).quantize(Decimal('0.01'), ROUND_HALF_UP))
with open(dst, 'w', encoding='utf-8-sig', newline='') as o:
    o.write(title); w = csv.writer(o, lineterminator='\n'); w.writerow(header); w.writerows(rows)
print(f"{dst}: {len(changed)} households' income changed", file=sys.stderr)
PY
timed "the same county again, one household in 20 with more income" $q import "$again" --year 2022 --connection "$P" --key-file "$key"
tail -n 1 "$out/last.log" >&2

# 4. The roll-up against its floor (the kept sums, by hand) and against the same counts from the rows.
floor_sql="WITH f AS (SELECT DISTINCT ON (household_id) household_id, year, type FROM household_years WHERE year <= 2022 ORDER BY household_id DESC, year DESC)
SELECT left(v.code, 4) AS city,
       count(*) FILTER (WHERE f.type = 1 AND c.labour_1 + c.labour_2 > 0 AND coalesce(s.import_1 + s.import_2 + s.import_3 + s.import_4 - s.import_5, 0) < (10000 - 0.005) * c.persons) AS targets,
       sum(c.persons) FILTER (WHERE f.type = 1 AND c.labour_1 + c.labour_2 > 0 AND coalesce(s.import_1 + s.import_2 + s.import_3 + s.import_4 - s.import_5, 0) < (10000 - 0.005) * c.persons) AS target_persons,
       count(*) AS households, sum(c.persons) AS persons
FROM f JOIN households h ON h.id = f.household_id JOIN regions v ON v.id = h.village_id
LEFT JOIN member_counts c ON c.household_id = f.household_id AND c.year = f.year
LEFT JOIN ledger_sums s ON s.household_id = f.household_id AND s.year = 2022 GROUP BY 1 ORDER BY 1"
rows_sql="WITH fy AS (SELECT household_id, max(year) AS y FROM household_years WHERE year <= 2022 GROUP BY household_id),
hf AS (SELECT f.household_id, f.type FROM household_years f JOIN fy ON fy.household_id = f.household_id AND fy.y = f.year),
pn AS (SELECT m.household_id, count(*) AS persons, sum(CASE WHEN m.labour IN (1, 2) THEN 1 ELSE 0 END) AS labour
       FROM member_years m JOIN fy ON fy.household_id = m.household_id AND fy.y = m.year GROUP BY m.household_id),
tn AS (SELECT e.household_id, sum(CASE WHEN e.category = 5 THEN -e.amount ELSE e.amount END) AS net
       FROM income_entries e JOIN fy ON fy.household_id = e.household_id
       WHERE e.year = 2022 AND e.excluded_reason IS NULL AND (fy.y <> 2022 OR e.source = 1) GROUP BY e.household_id)
SELECT left(v.code, 4) AS city, count(*) FILTER (WHERE hf.type = 1 AND pn.labour > 0 AND coalesce(tn.net, 0) < (10000 - 0.005) * pn.persons) AS targets,
       sum(pn.persons) FILTER (WHERE hf.type = 1 AND pn.labour > 0 AND coalesce(tn.net, 0) < (10000 - 0.005) * pn.persons) AS target_persons,
       count(*) AS households, sum(pn.persons) AS persons
FROM hf JOIN households h ON h.id = hf.household_id JOIN regions v ON v.id = h.village_id
JOIN pn ON pn.household_id = hf.household_id LEFT JOIN tn ON tn.household_id = hf.household_id GROUP BY 1 ORDER BY 1"
$q region --year 2022 --format json --connection "$P" --key-file "$key" >"$out/region.json"
app=$(for _ in 1 2 3; do wall $q region --year 2022 --connection "$P" --key-file "$key"; done | median)
floor=$(for _ in 1 2 3; do wall psql -X -q -t -A -d "$db" -c "$floor_sql"; done | median)
from_rows=$(wall psql -X -q -t -A -d "$db" -c "$rows_sql")
psql -X -q -t -A -F ' ' -d "$db" -c "$floor_sql" >"$out/floor.txt"
psql -X -q -t -A -F ' ' -d "$db" -c "$rows_sql" >"$out/rows.txt"
echo
echo "| the province's roll-up (2022) | qingling region | floor (one SQL query, kept sums) | ratio | the same counts from the rows (one run) |"
echo "| --- | ---: | ---: | ---: | ---: |"
printf '| %s cities | %.2f s | %.2f s | %.1f× | %.2f s |\n' "$(wc -l <"$out/floor.txt")" "$app" "$floor" "$(echo "$app / $floor" | bc -l)" "$from_rows"
python3 - "$out/region.json" "$out/floor.txt" "$out/rows.txt" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding='utf-8'))
rows = rows.get('rows', rows) if isinstance(rows, dict) else rows
app = sum(r['targetHouseholds'] for r in rows)
floor = sum(int(l.split()[1]) for l in open(sys.argv[2]))
raw = sum(int(l.split()[1]) for l in open(sys.argv[3]))
print(f"target households: qingling region {app}, floor {floor}, from the rows {raw}" + ("" if app == floor == raw else "  ← DIFFER"), file=sys.stderr)
PY

# 5. The region pages, signed in.
$q user add --name bench --role admin --password 'Served2023town' --connection "$P" --key-file "$key" >/dev/null
base="http://127.0.0.1:$(free_port)"
$q serve --urls "$base" --connection "$P" --key-file "$key" >"$out/serve.log" 2>&1 &
server_pid=$!
wait_until_served "$server_pid"
sign_in bench Served2023town
echo
echo "| page | clients | p50 ms | p95 ms | p99 ms | requests/s | not 200 |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for page in "province /Regions?year=2022" "city /Regions/990800000000?year=2022" "county /Regions/990801000000?year=2022" "town /Regions/990801101000?year=2022"; do
  name=${page% *}; path=${page##* }
  first=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: $cookie" "$base$path")
  echo "$name: first view ${first#* } s (${first%% *})" >&2
  for clients in 1 20; do hey_row "$name" "$clients" "$base$path"; done
done
hwm() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' /proc/$server_pid/status; }
# The floor of an export: the same list (code, head, village, group, persons, per-capita, labour, plan, channels), in the
# same order, by one hand-written query over the kept sums, copied out by psql.
list_floor() { # line, plan key
  local limit; limit=$(echo "$1 - 0.005" | bc)
  wall psql -X -q -d "$db" -c "COPY (
WITH f AS (SELECT DISTINCT ON (household_id) household_id, year, type FROM household_years WHERE year <= 2022 ORDER BY household_id DESC, year DESC)
SELECT h.code, (SELECT m.name FROM members m WHERE m.household_id = h.id AND m.relation_to_head = '户主' ORDER BY (m.left_on IS NOT NULL), m.id LIMIT 1),
  v.name, h.group_name, c.persons, round(coalesce(s.import_1 + s.import_2 + s.import_3 + s.import_4 - s.import_5, 0) / c.persons, 2) AS per_capita,
  c.labour_1 + c.labour_2, EXISTS (SELECT 1 FROM household_plans p WHERE p.household_id = h.id AND p.plan_key = '$2'),
  (SELECT string_agg(DISTINCT channel, ',') FROM measures x WHERE x.household_id = h.id AND x.status NOT IN (5, 6))
FROM f JOIN households h ON h.id = f.household_id JOIN regions v ON v.id = h.village_id
JOIN member_counts c ON c.household_id = f.household_id AND c.year = f.year
LEFT JOIN ledger_sums s ON s.household_id = f.household_id AND s.year = 2022
WHERE f.type = 1 AND c.labour_1 + c.labour_2 > 0 AND coalesce(s.import_1 + s.import_2 + s.import_3 + s.import_4 - s.import_5, 0) < $limit * c.persons
ORDER BY per_capita, h.code COLLATE \"C\") TO STDOUT"
}
export_runs() { # line, plan key
  for run in 1 2; do
    r=$(curl -s -o "$out/targets.xlsx" -w '%{http_code} %{time_total} %{size_download}' -H "Cookie: $cookie" "$base/export/targets.xlsx?year=2022")
    rows=$(python3 -c "import zipfile,sys; d=zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml'); print(d.count(b'<x:row') or d.count(b'<row'))" "$out/targets.xlsx")
    set -- $r
    echo "| $line | $run | $(( rows - 2 )) | $2 s | $(( $3 / 1000000 )) MB | $(hwm) MB |"
  done
  echo "| $line | floor | | $(list_floor "$line" "$plan") s | | |"
}
echo
echo "server peak before the exports: $(hwm) MB"
echo
echo "| line (yuan) | run | rows | time | file | server peak |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
line=10000 plan=none export_runs
# A plan of the province whose line lists nearly every 脱贫户 with labour (the longest list there is here).
python3 - samples/mengyong-2023.plan.json "$out/province-40000.plan.json" <<'PY'
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
text = text.replace('"key": "mengyong-2023"', '"key": "province-bench-2023"').replace('"incomeLine": 10000', '"incomeLine": 40000')
text = re.sub(r'"name": "[^"]*"', '"name": "合成省2023年（基准测试：收入线4万元）"', text, count=1)
text = re.sub(r'"region": \{[^}]*\}', '"region": { "province": "云南省" }', text, count=1)
open(sys.argv[2], 'w', encoding='utf-8').write(text)
PY
$q plan load "$out/province-40000.plan.json" --connection "$P" --key-file "$key" >/dev/null
line=40000 plan=province-bench-2023 export_runs
echo
echo "database: $(psql -X -t -A -d "$db" -c "SELECT pg_size_pretty(pg_database_size('$db'))")"
