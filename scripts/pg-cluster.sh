#!/usr/bin/env bash
# A private, throw-away PostgreSQL 15 cluster for the tests.
#   scripts/pg-cluster.sh start DIR   → initdb (if needed) + start on a free loopback
#                                        port; prints postgresql://postgres@127.0.0.1:PORT
#   scripts/pg-cluster.sh stop DIR    → stop it (the data stays in DIR)
#   scripts/pg-cluster.sh restart DIR → start it again on the same port
# Run as root, the cluster belongs to the `postgres` user (initdb refuses root).
set -euo pipefail

PG_BIN="/usr/lib/postgresql/15/bin"
action="${1:?start|stop|restart}"
dir="${2:?data directory}"

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir"; fi
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
        --no-instructions >"$dir/initdb.log" 2>&1
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
      cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
# Throw-away test data: durability across power loss is not what is tested here.
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    fi
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    port=$(sed -n 's/^port = \([0-9]*\)$/\1/p' "$dir/data/postgresql.conf" | tail -1)
    echo "postgresql://postgres@127.0.0.1:$port"
    ;;
  stop)
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -w -t 60 -m fast stop >/dev/null
    ;;
  restart)
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    ;;
  *)
    echo "usage: $0 start|stop|restart DIR" >&2
    exit 2
    ;;
esac
