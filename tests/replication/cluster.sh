#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the replication test (three of them play two counties and a province).
# Usage: cluster.sh start DIR PORT   (creates the cluster in DIR on first use; wal_level = logical; trust on 127.0.0.1)
#        cluster.sh stop DIR
#        cluster.sh remove DIR       (stops it if running and deletes DIR)
# Superuser: qingling, no password. PostgreSQL refuses to run as root: as root the cluster runs as the postgres user.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql (apt install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cmd="$1"; dir="$2"
case "$cmd" in
  start)
    port="$3"
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      # As root: the postgres user must reach DIR (a mktemp -d parent is closed to others).
      if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; chmod o+x "$(dirname "$dir")"; fi
      as_owner "$bin/initdb" -D "$dir" -U qingling --auth=trust -E UTF8 --no-locale >/dev/null
      cat >> "$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
wal_level = logical
max_wal_senders = 10
max_replication_slots = 10
wal_retrieve_retry_interval = 1s
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
CONF
    fi
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    ;;
  remove)
    [ -f "$dir/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: cluster.sh start DIR PORT | stop DIR | remove DIR" >&2; exit 2 ;;
esac
