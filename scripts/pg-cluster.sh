#!/usr/bin/env bash
# pg-cluster.sh - a throw-away PostgreSQL 15 cluster for tests and benchmarks: initdb into a
# temporary directory, pg_ctl start listening on a unix socket in that directory (and on a
# loopback TCP port when one is given), stop and remove. Runs the server as an unprivileged
# user (the `postgres` user of Debian's package when started as root, as CI is), never as root.
#   scripts/pg-cluster.sh start DIR [PORT]   prints the connection URL of database "vieclam"
#   scripts/pg-cluster.sh stop DIR           stops the server and removes DIR
#   scripts/pg-cluster.sh url DIR            prints the URL again
# Fails (exit 1, the server's log on stderr) when the server cannot start. PG_CLUSTER_CONF, when
# set, is appended to postgresql.conf (a benchmark's extra settings).
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
if [ -z "$bindir" ]; then
  echo "pg-cluster: PostgreSQL 15 is not installed (scripts/setup.sh --tests installs it)" >&2
  exit 1
fi

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: pg-cluster.sh start|stop|url DIR [PORT]" >&2
  exit 2
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() {
  echo "postgresql://vieclam@/vieclam?host=$dir&port=$(cat "$dir/port")"
}

case "$cmd" in
start)
  port=${3:-}
  listen="''"
  if [ -n "$port" ]; then
    listen="'127.0.0.1'"
  else
    port=5432 # only names the socket file in DIR: nothing listens on TCP
  fi
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  echo "$port" >"$dir/port.tmp" && mv "$dir/port.tmp" "$dir/port"
  as_owner "$bindir/initdb" -D "$dir/data" -U vieclam --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  # small and fast for tests: no fsync (a test cluster is thrown away), enough connections
  # for two servers with their pools and the load generator
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = $listen
port = $port
unix_socket_directories = '$dir'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
max_wal_size = 4GB
log_min_messages = warning
${PG_CLUSTER_CONF:-}
EOF
  if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      >"$dir/pg_ctl.log" 2>&1; then
    cat "$dir/pg_ctl.log" "$dir/server.log" >&2 || true
    exit 1
  fi
  as_owner "$bindir/createdb" -h "$dir" -p "$port" -U vieclam vieclam
  url
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
url)
  url
  ;;
*)
  echo "pg-cluster: unknown command $cmd" >&2
  exit 2
  ;;
esac
