#!/usr/bin/env bash
# demo.sh - first of the README's two commands: installs what is missing, builds, and runs
# `vieclam demo` on the bundled data (a fresh database in demo/ from fixtures/). The program
# built but not installed finds its data and messages in the build tree through
# VIECLAM_DATADIR and VIECLAM_LOCALEDIR, which `meson devenv` sets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
mkdir -p demo
meson devenv -C build --workdir "$PWD" vieclam --db demo/vieclam.db demo --out demo
echo
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in
vi*)
  echo "Bàn làm việc của cán bộ trên cơ sở dữ liệu mẫu này: scripts/desk-demo.sh, rồi mở"
  echo "http://127.0.0.1:8080/ trong trình duyệt và đăng nhập demo / vieclam-demo (Ctrl-C dừng máy chủ)." ;;
*)
  echo "The staff desk on this demo database: scripts/desk-demo.sh, then open http://127.0.0.1:8080/"
  echo "in a browser and log in as demo / vieclam-demo (Ctrl-C stops the server)." ;;
esac
