# Sourced by bench/pages.sh and bench/province.sh: one table row of a page under load, signed in.
# hey_row NAME CLIENTS URL: runs hey for $seconds at CLIENTS concurrent clients with the Cookie header $cookie and prints
# "| NAME | CLIENTS | p50 | p95 | p99 | requests/s | not 200 |" (milliseconds); hey's full report is left in $out/hey.txt.
hey_row() {
  local name=$1 clients=$2 url=$3 rps bad
  hey -z "${seconds}s" -c "$clients" -H "Cookie: $cookie" "$url" >"$out/hey.txt"
  ms() { awk -v p="$1%" '$1 == p && $2 == "in" { printf "%.0f", $3 * 1000 }' "$out/hey.txt"; }
  rps=$(awk '/Requests\/sec:/ { printf "%.0f", $2 }' "$out/hey.txt")
  bad=$(awk '/^[[:space:]]*\[[0-9]+\]/ { gsub(/[\[\]]/, "", $1); if ($1 != 200) n += $2 } END { print n + 0 }' "$out/hey.txt")
  echo "| $name | $clients | $(ms 50) | $(ms 95) | $(ms 99) | $rps | $bad |"
}
