#!/usr/bin/env bash
# run-counselling.sh - a file of counselling sessions imported into PostgreSQL (staged through
# COPY and merged in one statement per step) beside the same file into a SQLite file, in the
# same run: the first import (every row new) and the same file again (every row unchanged), and
# the exports of both compared. Runs under scripts/with-pg.sh (a throw-away cluster). Prints one
# key=value line a step.
# Usage: scripts/with-pg.sh benchmarks/run-counselling.sh [BUILD_DIR] [SEEKERS] [REFERRALS]
#   e.g. scripts/with-pg.sh benchmarks/run-counselling.sh build 60000 40000
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
seekers=${2:-60000}
referrals=${3:-40000}
V="$(cd "$dir" && pwd)/cli/vieclam"
: "${VL_TEST_PG_URL:?run under scripts/with-pg.sh}"
work=$(mktemp -d /tmp/vieclam-counselling.XXXXXX)
trap 'rm -rf "$work"; psql -X -q "$VL_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS co_bench CASCADE" >/dev/null 2>&1' EXIT
cd "$work"
sep='?'
case "$VL_TEST_PG_URL" in *\?*) sep='&' ;; esac
P="${VL_TEST_PG_URL}${sep}options=-csearch_path%3Dco_bench"
psql -X -q "$VL_TEST_PG_URL" -c 'DROP SCHEMA IF EXISTS co_bench CASCADE' >/dev/null 2>&1
psql -X -q "$VL_TEST_PG_URL" -c 'CREATE SCHEMA co_bench' >/dev/null
"$V" --quiet generate --seed 7 --seekers "$seekers" --employers $((seekers / 30)) \
    --vacancies $((seekers / 8)) --quarters 8 --referrals "$referrals" --out g >/dev/null
echo "sessions=$(($(wc -l <g/counselling.csv) - 1))"
secs() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e9 }'; }
for db in "sqlite c.db" "postgresql $P"; do
    set -- $db
    "$V" --quiet --db "$2" init >/dev/null
    for k in employers vacancies seekers; do "$V" --quiet --db "$2" import "$k" "g/$k.csv" >/dev/null; done
    echo "$1_import_s=$(secs "$V" --quiet --db "$2" import counselling g/counselling.csv)"
    echo "$1_again_s=$(secs "$V" --quiet --db "$2" import counselling g/counselling.csv)"
    "$V" --quiet --db "$2" export counselling >"$1.csv"
done
cmp -s sqlite.csv postgresql.csv && echo "exports=identical" || echo "exports=DIFFER"
