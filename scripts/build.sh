#!/usr/bin/env bash
# build.sh - configures and builds vieclam in build/ (warnings are errors). Usage: scripts/build.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
if [ ! -d "$dir" ]; then
  meson setup "$dir" >/dev/null
else
  meson setup --reconfigure "$dir" >/dev/null
fi
ninja -C "$dir" >/dev/null
