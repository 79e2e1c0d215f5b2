#!/usr/bin/env bash
# The first views after a start on data the checks have not seen: the dashboard derives the figures and runs the
# integrity checks, whose sync opens the alerts; then the same page again, the integrity page, and the dashboard once
# more. Whole-request times from curl, signed in. Uses bench/serve-signed-in.sh (QINGLING_BENCH_DB or
# QINGLING_BENCH_CONNECTION/QINGLING_BENCH_KEY, QINGLING_BENCH_BIN); serve a copy: the views write the alerts.
# Usage: bench/first-views.sh [date, default 2023-06-30]
set -euo pipefail
date=${1:-2023-06-30}
source "$(dirname "$0")/serve-signed-in.sh"
view() {
  local r
  r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: $cookie" "$base$2")
  printf '| %s | %s | %s s | %s |\n' "$1" "$2" "${r#* }" "${r%% *}"
}
echo "| view | path | time | status |"
echo "| --- | --- | ---: | ---: |"
view "总览, first" "/?date=$date"
view "总览, second" "/?date=$date"
view "数据核查" "/Integrity?Status=open"
view "方案与指标" "/Plan?date=$date"
view "总览, third" "/?date=$date"
echo "server RSS: $(($(awk '/VmRSS/ {print $2}' /proc/$server_pid/status) / 1024)) MB" >&2
