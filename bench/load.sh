#!/usr/bin/env bash
# Load test (issue 9, finding 6): 200 signed-in clients for 10 minutes rotating over all pages (wrk, from apt, with
# bench/load.lua), against a fresh demo from a Release build. Prints requests per second, p50/p95/p99 and every error:
# socket errors and answers other than 200 (a 503 from the heavy-work limit counts as an error).
# Usage: bench/load.sh [clients, default 200] [duration, default 10m]
set -euo pipefail
clients=${1:-200}
duration=${2:-10m}
command -v wrk >/dev/null || { echo "需要 wrk：apt-get install wrk" >&2; exit 2; }
source "$(dirname "$0")/serve-signed-in.sh"
export QINGLING_LOAD_PATHS="/ /api/charts /Targets /Households/$household /Measures /Plan /Reviews /Quarter /Screening /Trace /Integrity /Funds /api/progress"
# Warm: each page once, as a user opening it would.
for p in $QINGLING_LOAD_PATHS; do curl -s -o /dev/null -H "Cookie: $cookie" "$base$p"; done
threads=$(( $(nproc) > 1 ? 2 : 1 ))
echo "wrk: $clients connections, $threads threads, $duration, pages: $QINGLING_LOAD_PATHS"
wrk -t "$threads" -c "$clients" -d "$duration" --timeout 30s --latency -s bench/load.lua -H "Cookie: $cookie" "$base" | sed -n '/requests [0-9]/,$p'
ps -o rss= -p "$server_pid" | awk '{ printf "server memory after the run: %d MB\n", $1 / 1024 }'
