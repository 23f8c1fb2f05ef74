#!/usr/bin/env bash
# run-national.sh - the country-sized benchmark of a national exchange: Viet Nam's 34 provinces
# and 3,321 communes after the 2025 reform (from the shared reference data,
# $VL_SHARED_DATA/areas-vn-2025, written as an areas CSV at run time), a generated set whose
# records fall in every province (3,000,000 seekers and 600,000 vacancies at full size, or the
# given fraction), imported into PostgreSQL and into SQLite side by side
# (benchmarks/run-backends.sh, bench-import --areas): rows/s of each import, the load and the
# match index over what was loaded, and what the largest province's server loads (serve
# --province). Prints bench-import's key=value lines.
# Usage: benchmarks/run-national.sh [BUILD_DIR] [FRACTION] [bench-import options]
#   e.g. run-national.sh build 0.05;  run-national.sh build 1 --quarters 4 (the full size, with
#   4 quarters of history instead of 40)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
fraction=${2:-1}
shift 2 || shift $#
work=$(mktemp -d /tmp/vieclam-national.XXXXXX)
trap 'rm -rf "$work"' EXIT
areas="$work/areas-vn-2025.csv"
# the province with the most communes (the generator spreads records over communes): its
# server's load (serve --province) is measured after the whole country's, phase=load_province
largest=$(benchmarks/national-areas.sh "$areas")
count() { awk -v f="$fraction" -v n="$1" 'BEGIN { printf "%d", n * f + 0.5 }'; }
seekers=$(count 3000000)
vacancies=$(count 600000)
employers=$(count 60000)
echo "# national: $(($(wc -l <"$areas") - 1)) areas (34 provinces), fraction $fraction:" \
  "$seekers seekers, $vacancies vacancies, $employers employers"
echo "# largest province: $largest"
benchmarks/run-backends.sh "$dir" --seekers "$seekers" --vacancies "$vacancies" \
  --employers "$employers" --areas "$areas" --province "$largest" "$@"
