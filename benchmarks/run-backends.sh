#!/usr/bin/env bash
# run-backends.sh - the import benchmark on both backends side by side, in the same run: a
# throw-away PostgreSQL 15 cluster (scripts/pg-cluster.sh) and a SQLite file get the same
# generated data; each prints its import rate per kind, the load time and the match index time
# (benchmarks/bench-import.c), so the ratio PostgreSQL/SQLite is measured on one machine at one
# moment. Prints key=value lines; the PostgreSQL ones come second.
# Usage: benchmarks/run-backends.sh [BUILD_DIR] [bench-import options (--seekers N ...)]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
if [ ! -d "$dir" ]; then
  meson setup "$dir" >/dev/null
fi
if ! log=$(ninja -C "$dir" -j 2 benchmarks/bench-import 2>&1); then
  echo "$log" >&2
  exit 1
fi
work=$(mktemp -d /tmp/vieclam-bench.XXXXXX)
chmod 711 "$work"
trap 'scripts/pg-cluster.sh stop "$work/cluster" >/dev/null 2>&1; rm -rf "$work"' EXIT
url=$(scripts/pg-cluster.sh start "$work/cluster")
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# postgresql: $(psql "$url" -Atc 'SHOW server_version') (fsync off: a throw-away cluster)"
"$dir/benchmarks/bench-import" "$@"
"$dir/benchmarks/bench-import" "$@" --db "$url&options=-csearch_path%3Dbench"
