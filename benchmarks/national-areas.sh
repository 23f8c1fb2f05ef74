#!/usr/bin/env bash
# national-areas.sh - writes Viet Nam's 34 provinces and 3,321 communes after the 2025 reform
# (the shared reference data, $VL_SHARED_DATA/areas-vn-2025) as an areas CSV to OUT and prints
# the code of the province with the most communes (the generator spreads records over
# communes, so it holds the most records). Used by run-national.sh and run-desk.sh --provinces.
# Usage: benchmarks/national-areas.sh OUT
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1
data=${VL_SHARED_DATA:-../shared/data}/areas-vn-2025
[ -s "$data/communes_2025.csv" ] || { echo "national-areas: no $data/communes_2025.csv" >&2; exit 1; }
{
  echo "code,name,parent,lat,lon,level,valid_from,valid_to,version"
  awk -F, 'NR > 1 { printf "%s,%s,,%s,%s,1,2025-07-01,,VN-ADMIN-2025\n", $1, $2, $3, $4 }' \
    "$data/provinces_2025.csv"
  awk -F, 'NR > 1 { printf "%s,%s,%s,%s,%s,2,2025-07-01,,VN-ADMIN-2025\n", $3, $4, $1, $6, $7 }' \
    "$data/communes_2025.csv"
} >"$out"
awk -F, 'NR > 1 { n[$1]++ } END { for (k in n) print n[k], k }' "$data/communes_2025.csv" |
  sort -k1,1nr -k2,2 | head -1 | cut -d' ' -f2
