#!/usr/bin/env bash
# Province scale on PostgreSQL, with the counties feeding it by logical replication (deploy/replication).
# Two throw-away clusters (tests/replication/cluster.sh): a province on port 55442 and one county on 55441.
#  1. The province is filled with the village figures of a made-up province of 16 cities, 129 counties, 1,400 towns,
#     19,600 villages and two years (2.7M households, 10M persons in the figures), through the same trigger that grows
#     its region tree from replicated rows.
#  2. Its roll-up (`qingling region`) for the province, a city and a county, against the floor: the same sums as one
#     hand-written SQL query in psql. Whole-process wall times, median of N runs.
#  3. The region pages, signed in as the province's region account: p50/p95/p99 at 1 and 20 clients (hey).
#  4. One county's import (21,000 households, the province's average county) into the county cluster, which publishes
#     to the province: the import's own time (its recount of the published figures included), and the time until the
#     province's roll-up shows it.
# Usage: bench/province.sh [runs, default 5] [seconds per page run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; seconds=${2:-10}
command -v hey >/dev/null || { echo "需要 hey：apt-get install hey" >&2; exit 2; }
out=bench/out/province; mkdir -p "$out"; chmod o+x bench/out "$out"
dotnet build src/Qingling.Web -c Release -v q -nologo >/dev/null
q="dotnet src/Qingling.Web/bin/Release/net10.0/qingling.dll"
source bench/hey-row.sh
source bench/sign-in.sh
cluster=tests/replication/cluster.sh
for c in county province; do $cluster remove "$PWD/$out/$c-data"; done
$cluster start "$PWD/$out/province-data" 55442
$cluster start "$PWD/$out/county-data" 55441
trap '$cluster remove "$PWD/$out/province-data"; $cluster remove "$PWD/$out/county-data"; kill $server_pid 2>/dev/null || true' EXIT
server_pid=
P="Host=127.0.0.1;Port=55442;Username=qingling;Database=qingling;Pooling=true"
C="Host=127.0.0.1;Port=55441;Username=qingling;Database=qingling"
for port in 55441 55442; do psql -X -q -h 127.0.0.1 -p $port -U qingling -d postgres -c "CREATE DATABASE qingling"; done
export PGHOST=127.0.0.1 PGUSER=qingling PGDATABASE=qingling
$q migrate --connection "$P" --key-file "$out/province.key" >/dev/null
PGPORT=55442 PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -f deploy/replication/province.sql

# 1. The made-up province: 16 cities × 8 or 9 counties (129) × 10 or 11 towns (1,400) × 14 villages, two years.
start=$(date +%s.%N)
PGPORT=55442 psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO village_figures (village_code, year, province, city, county, town, village, households, persons,
    target_households, target_persons, measures_industry, measures_tourism, measures_training, measures_employment,
    measures_assets, measures_finance, measures_transfers, funds, open_alerts, income_line, weak_labour, include_monitored)
SELECT '99' || lpad(ci::text, 2, '0') || lpad(co::text, 2, '0') || (100 + t)::text || lpad(v::text, 3, '0'), y,
    '合成省', '合成' || ci || '市', '合成' || ci || '市' || co || '县', '第' || t || '镇', '第' || v || '村',
    h, h * 37 / 10, th, th * 4, th, th / 4, th / 2, th / 3, th / 6, th / 5, th, (h * 900)::numeric, th / 7, 10000, false, false
FROM generate_series(1, 16) ci
CROSS JOIN LATERAL generate_series(1, CASE WHEN ci = 16 THEN 9 ELSE 8 END) co
CROSS JOIN LATERAL generate_series(1, CASE WHEN (ci - 1) * 8 + co <= 110 THEN 11 ELSE 10 END) t
CROSS JOIN generate_series(1, 14) v
CROSS JOIN generate_series(2022, 2023) y
CROSS JOIN LATERAL (SELECT 120 + (ci * 7 + co * 13 + t * 17 + v * 19) % 39 AS h) hh
CROSS JOIN LATERAL (SELECT CASE WHEN y = 2022 THEN h / 18 ELSE h / 30 END AS th) tt;
-- Each county's word of when it last confirmed its figures, as the counties' recounts would have left it.
INSERT INTO published_counties (county_code, county, checked_at, data_version)
SELECT left(village_code, 6), min(county), now(), 1 FROM village_figures GROUP BY 1;
ANALYZE village_figures; ANALYZE regions; ANALYZE published_counties;
SQL
fill=$(echo "$(date +%s.%N) - $start" | bc)
PGPORT=55442 psql -X -t -A -c "SELECT count(*) || ' rows, ' || count(DISTINCT left(village_code, 6)) || ' counties, ' || count(DISTINCT left(village_code, 9)) || ' towns, ' || sum(households) FILTER (WHERE year = 2022) || ' households, ' || sum(persons) FILTER (WHERE year = 2022) || ' persons (2022)' FROM village_figures" | tee "$out/size.txt"
echo "filled through the region trigger in ${fill} s; regions: $(PGPORT=55442 psql -X -t -A -c 'SELECT count(*) FROM regions')"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
floor_sql() {  # the same sums as the roll-up, grouped by the child's code prefix
  echo "SELECT left(village_code, $1) AS child, sum(target_households), sum(target_persons), sum(households), sum(persons),
    sum(measures_industry), sum(measures_tourism), sum(measures_training), sum(measures_employment), sum(measures_assets),
    sum(measures_finance), sum(measures_transfers), sum(funds), sum(open_alerts)
    FROM village_figures WHERE year = 2022 AND village_code LIKE '$2%' GROUP BY 1 ORDER BY 1"
}
echo
echo "| roll-up (2022) | qingling region | floor (psql, one query) | ratio |"
echo "| --- | ---: | ---: | ---: |"
for target in "province::4:99" "city:990100000000:6:9901" "county:990101000000:9:990101"; do
  IFS=: read -r name code digits prefix <<<"$target"
  args=(region --year 2022 --format json --connection "$P" --key-file "$out/province.key")
  [ -n "$code" ] && args+=(--region "$code")
  $q "${args[@]}" >"$out/region-$name.json"
  app=$(for _ in $(seq "$runs"); do wall $q "${args[@]}"; done | median)
  floor=$(for _ in $(seq "$runs"); do wall env PGPORT=55442 psql -X -q -t -A -c "$(floor_sql "$digits" "$prefix")"; done | median)
  printf '| %s (%s rows) | %.2f s | %.2f s | %.1f× |\n' "$name" "$(grep -c '"region"' "$out/region-$name.json")" "$app" "$floor" "$(echo "$app / $floor" | bc -l)"
done

# 3. The region pages, signed in as a province account.
$q user add --name province --role region --region 合成省 --password 'Sheng2023check' --connection "$P" --key-file "$out/province.key" >/dev/null
base="http://127.0.0.1:$(free_port)"
$q serve --urls "$base" --connection "$P" --key-file "$out/province.key" >"$out/serve.log" 2>&1 &
server_pid=$!
wait_until_served "$server_pid"
sign_in province Sheng2023check
echo
echo "| page | clients | p50 ms | p95 ms | p99 ms | requests/s | not 200 |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for page in "province /Regions?year=2022" "city /Regions/990100000000?year=2022" "county /Regions/990101000000?year=2022" "town /Regions/990101101000?year=2022"; do
  name=${page% *}; path=${page##* }
  curl -fs -o /dev/null -H "Cookie: $cookie" "$base$path"
  for clients in 1 20; do hey_row "$name" "$clients" "$base$path"; done
done
echo "server memory after the page runs: $(ps -o rss= -p $server_pid | awk '{ printf "%.0f MB", $1 / 1024 }')"

# 4. One county's import, published to the province. The county is 合成县 (990801, outside the filled cities).
households=${QINGLING_BENCH_COUNTY_HOUSEHOLDS:-21000}
$q generate --households "$households" --towns 11 --counties 1 --seed 3 --out "$out/county.csv" >/dev/null
$q migrate --connection "$C" --key-file "$out/county.key" >/dev/null
PGPORT=55441 deploy/replication/county-publish.sh 990801 >/dev/null
PGPORT=55442 deploy/replication/province-add-county.sh 990801 "host=127.0.0.1 port=55441 user=qingling dbname=qingling" >/dev/null
before=$(PGPORT=55442 psql -X -t -A -c "SELECT count(*) FROM village_figures")
start=$(date +%s.%N)
/usr/bin/time -f "%e s wall, %M KB" -o "$out/import.time" $q import "$out/county.csv" --year 2022 --connection "$C" --key-file "$out/county.key" >"$out/import.txt"
imported=$(date +%s.%N)
until [ "$(PGPORT=55442 psql -X -t -A -c "SELECT count(*) FROM village_figures")" -gt "$before" ] \
  && [ "$(PGPORT=55442 psql -X -t -A -c "SELECT coalesce(sum(target_households), -1) FROM village_figures WHERE village_code LIKE '990801%' AND year = 2022")" \
     = "$(PGPORT=55441 psql -X -t -A -c "SELECT coalesce(sum(target_households), -2) FROM village_figures WHERE year = 2022")" ]; do sleep 0.2; done
arrived=$(date +%s.%N)
s=$(date +%s.%N); $q region --year 2022 --connection "$P" --key-file "$out/province.key" >/dev/null; e=$(date +%s.%N)
recount=$(wall $q publish --connection "$C" --key-file "$out/county.key")
echo
echo "county import: $(tail -n 1 "$out/import.txt")"
echo "county import, whole process (its recount of the published figures included): $(cat "$out/import.time")"
echo "from the import's end to the province holding the county's figures: $(echo "$arrived - $imported" | bc) s"
echo "the province's roll-up after it (qingling region, whole process): $(echo "$e - $s" | bc) s"
echo "a county's recount alone (qingling publish, nothing moved): ${recount} s"
