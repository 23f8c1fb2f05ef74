#!/usr/bin/env bash
# setup.sh - installs what vieclam needs on Debian 12 (only what is missing) and creates the
# vi_VN.UTF-8 locale the test suite runs under. Usage: scripts/setup.sh [--tests] [--bench]
#   --tests  also libclang-rt-14-dev (libFuzzer for scripts/fuzz.sh), Chromium, its
#            WebDriver, Selenium and poppler (the report test renders the HTML
#            page headless; the desk's browser test drives the pages and prints the slip to PDF), python3-openpyxl
#            (a second writer of the xlsx files the import test reads), bash-completion (the
#            completion test) and clang (the clang build)
#   --bench  also python3-scipy and r-cran-forecast (peers measured by benchmarks/)
set -euo pipefail

pkgs=(build-essential meson ninja-build pkg-config python3 locales sqlite3
      libsqlite3-dev libpq-dev libgsl-dev libyaml-dev libcsv-dev libjansson-dev libutf8proc-dev
      libxlsxwriter-dev libcmocka-dev gettext libzip-dev libexpat1-dev scdoc
      libmicrohttpd-dev libsodium-dev openssl)
for a in "$@"; do
  case "$a" in
    --tests) pkgs+=(postgresql-15 chromium chromium-driver python3-selenium poppler-utils
                    fonts-dejavu-core python3-openpyxl bash-completion clang libclang-rt-14-dev
                    tzdata) ;;
    --bench) pkgs+=(python3-scipy python3-numpy r-cran-forecast hyperfine) ;;
    *) echo "setup.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
  echo "setup: creating the vi_VN.UTF-8 locale"
  $SUDO localedef -i vi_VN -f UTF-8 vi_VN.UTF-8
fi
