#!/usr/bin/env bash
# demo.sh - first of the README's two commands: installs what is missing, builds, and runs
# `vieclam demo` on the bundled data (a fresh database in demo/ from fixtures/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
mkdir -p demo
exec build/cli/vieclam --db demo/vieclam.db demo --out demo
