#!/usr/bin/env bash
# with-pg.sh - runs a command with a throw-away PostgreSQL 15 cluster of its own: starts one in
# a temporary directory (scripts/pg-cluster.sh), exports its URL as VL_TEST_PG_URL, runs the
# command, stops and removes the cluster (also when this script is interrupted or terminated),
# and exits with the command's status (when
# VL_TEST_PG_URL is set already, it only runs the command on that cluster). The PostgreSQL
# variants of the tests run under it, so they need nothing started beforehand and FAIL (exit
# 1, with the server's log) when the server cannot start.
#   scripts/with-pg.sh COMMAND [ARGS...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${VL_TEST_PG_URL:-}" ]; then
  exec "$@" # a cluster started for the whole run (scripts/test.sh): each test uses own schemas
fi
dir=$(mktemp -d /tmp/vieclam-pg.XXXXXX)
chmod 711 "$dir" # the server's user must reach its cluster directory inside
if ! url=$("$here/pg-cluster.sh" start "$dir/cluster" 2>"$dir/start.err"); then
  echo "1..1"
  echo "not ok 1 - PostgreSQL 15 could not start: $(tr '\n' ' ' <"$dir/start.err" | cut -c1-600)"
  "$here/pg-cluster.sh" stop "$dir/cluster" >/dev/null 2>&1
  rm -rf "$dir"
  exit 1
fi
export VL_TEST_PG_URL=$url
stop() { "$here/pg-cluster.sh" stop "$dir/cluster" >/dev/null 2>&1; rm -rf "$dir"; }
# stopped as well when this script is (a run interrupted, a test runner's timeout): the command
# runs in the background so that the signal reaches the trap at once, not after it ends
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; stop; exit 143' TERM INT HUP
"$@" <&0 &
child=$!
wait "$child"
rc=$?
trap - TERM INT HUP
stop
exit $rc
