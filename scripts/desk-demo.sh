#!/usr/bin/env bash
# desk-demo.sh - the staff desk on the demo database in one command: installs what is missing,
# builds, makes demo/vieclam.db from the bundled sample (with the accounts demo, demo-planner
# and demo-admin, password vieclam-demo) and serves it on http://127.0.0.1:8080/ until Ctrl-C.
# The sample is dated 2026-03-01, so the server's today is set to that date.
# Usage: scripts/desk-demo.sh [more `vieclam serve` options, e.g. --listen 127.0.0.1:8090]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
mkdir -p demo
# the program is not installed: its data and messages are the build tree's (as meson devenv sets)
export VIECLAM_DATADIR="$PWD/build/data" VIECLAM_LOCALEDIR="$PWD/build/po"
build/cli/vieclam --quiet --db demo/vieclam.db demo --out demo >/dev/null
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in
vi*) echo "desk-demo: đăng nhập demo / vieclam-demo (cán bộ), demo-planner hoặc demo-admin" ;;
*) echo "desk-demo: log in as demo / vieclam-demo (staff), demo-planner or demo-admin" ;;
esac
exec build/cli/vieclam --db demo/vieclam.db serve --as-of 2026-03-01 --web web "$@"
