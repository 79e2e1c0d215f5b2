#!/usr/bin/env bash
# Page timings, signed in, with a real HTTP load generator (hey, from apt): each page at 1 and at 20 concurrent
# clients for a fixed time after one warming request; p50/p95/p99 in milliseconds, requests per second, and any
# answer that was not 200. Serves a fresh demo (or QINGLING_BENCH_DB) from a Release build on a free port.
# Usage: bench/pages.sh [seconds per run, default 10]
# QINGLING_BENCH_PAGES="查找 查找（姓名）" measures only the pages so named.
set -euo pipefail
seconds=${1:-10}
command -v hey >/dev/null || { echo "需要 hey：apt-get install hey" >&2; exit 2; }
source "$(dirname "$0")/serve-signed-in.sh"
source bench/hey-row.sh  # serve-signed-in.sh left us at the repository root
date=${QINGLING_BENCH_DATE:-}
q_date=${date:+?date=$date}
# The household's 户主, as the search page names it: a search by name goes through every member's name.
head_name=$(curl -fs -H "Cookie: $cookie" "$base/Search?q=$household" | sed -nE 's/.*<a href="\/Households\/[0-9]+">[0-9]+<\/a><\/td><td>([^<]+)<\/td>.*/\1/p' | head -n 1)
head_name=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$head_name")
pages=(
  "总览 /$q_date"
  "图表 JSON /api/charts$q_date"
  "清零对象 /Targets"
  "户档案 /Households/$household"
  "帮扶措施 /Measures"
  "方案与指标 /Plan$q_date"
  "半月研判 /Reviews$q_date"
  "季度调度 /Quarter"
  "村级排查 /Screening"
  "留痕 /Trace"
  "数据核查 /Integrity"
  "资金项目 /Funds"
  "我的工作 /Mine"
  "查找 /Search?q=$household"
  "查找（姓名） /Search?q=$head_name"
  "考核 /Assessment"
  "督办 /Supervision"
  "典型案例 /Showcase"
  "指标户清单 /Plan/Households?key=under-line-households${date:+&date=$date}"
  "区域汇总 /Regions"
)
echo "| page | clients | p50 ms | p95 ms | p99 ms | requests/s | not 200 |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for entry in "${pages[@]}"; do
  name=${entry% *}; path=${entry##* }
  if [ -n "${QINGLING_BENCH_PAGES:-}" ] && ! [[ " $QINGLING_BENCH_PAGES " == *" $name "* ]]; then continue; fi
  first=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: $cookie" "$base$path")
  echo "$name $path: first request ${first#* } s (${first%% *})" >&2
  for clients in 1 20; do hey_row "$name" "$clients" "$base$path"; done
done
