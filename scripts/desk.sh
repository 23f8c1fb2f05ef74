#!/usr/bin/env bash
# desk.sh - the staff desk on the demo database in one command: installs what is missing, builds,
# makes demo/vieclam.db from the bundled sample (with the demo accounts `vieclam demo` creates)
# unless it exists, and serves the desk on http://127.0.0.1:8080/ as of the sample's date.
# Usage: scripts/desk.sh [--listen ADDR:PORT]. Ctrl+C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
listen=127.0.0.1:8080
if [ "${1:-}" = --listen ] && [ -n "${2:-}" ]; then listen=$2; fi
scripts/setup.sh
scripts/build.sh build
mkdir -p demo
if [ ! -f demo/vieclam.db ]; then
  build/cli/vieclam --db demo/vieclam.db demo --out demo
fi
exec build/cli/vieclam --db demo/vieclam.db serve --listen "$listen" --web web --as-of 2025-03-01
