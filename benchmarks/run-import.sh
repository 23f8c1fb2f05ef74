#!/usr/bin/env bash
# run-import.sh - builds vieclam (in build/ unless a build directory is given) and runs the import
# benchmark: 100,000 seekers, 20,000 vacancies and 2,000 employers made by the generator, imported
# into a fresh database, then loaded back. Prints key=value lines (benchmarks/README.md).
# Usage: benchmarks/run-import.sh [BUILD_DIR] [bench-import options...]
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
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec "$dir/benchmarks/bench-import" "$@"
