#!/usr/bin/env bash
# build.sh - configures and builds vieclam in DIR (default build/) with warnings as errors
# (-Dwerror=true: the project's default leaves it off for packagers, CI and developers turn it on).
# Usage: scripts/build.sh [DIR] [meson options...]. On failure the compiler's errors are shown.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" -Dwerror=true "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
else
  meson setup --reconfigure "$dir" -Dwerror=true "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
fi
rm -f "$dir.setup.log"
if ! ninja -C "$dir" >"$dir/build.log" 2>&1; then
  grep -E "error|FAILED|warning" "$dir/build.log" | head -40
  exit 1
fi
