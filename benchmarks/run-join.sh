#!/usr/bin/env bash
# run-join.sh - moving provinces into a shared PostgreSQL database and back out: Hai Phong's
# generated centre file (31) copied into a new schema, Ha Noi's (01, its ids given a prefix)
# added to it (`copy --as-province 01`), Ha Noi taken back out into a new file (`copy
# --province 01`), the same file numbered as the centre numbers it joined with `--id-prefix`,
# beside the peers measured in the same run: the plain copy of Ha Noi's file
# into a new PostgreSQL schema and into a new SQLite file, which prove themselves by the same
# exports without the target's before and after. Runs under scripts/with-pg.sh (a throw-away cluster). Prints one key=value line a
# step: wall and user seconds, peak RSS.
# Usage: scripts/with-pg.sh benchmarks/run-join.sh [BUILD_DIR] [SEEKERS_31] [SEEKERS_01]
#   e.g. scripts/with-pg.sh benchmarks/run-join.sh build 100000 30000
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
big=${2:-100000}
small=${3:-30000}
V="$PWD/$dir/cli/vieclam"
: "${VL_TEST_PG_URL:?run under scripts/with-pg.sh}"
work=$(mktemp -d /tmp/vieclam-join.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
sep='?'
case "$VL_TEST_PG_URL" in *\?*) sep='&' ;; esac
P="${VL_TEST_PG_URL}${sep}options=-csearch_path%3Djoin_bench"
P2="${VL_TEST_PG_URL}${sep}options=-csearch_path%3Djoin_peer"
drop() { psql -X -q "$VL_TEST_PG_URL" -c 'DROP SCHEMA IF EXISTS join_bench CASCADE; DROP SCHEMA IF EXISTS join_peer CASCADE' >/dev/null 2>&1; }
drop
gen() # SEED HOME SEEKERS DIR
{
    "$V" --quiet generate --seed "$1" --home "$2" --seekers "$3" --employers $(($3 / 33)) \
        --vacancies $(($3 / 5)) --referrals $(($3 * 2 / 5)) --quarters 16 --out "$4" >/dev/null
}
gen 21 31 "$big" g31
gen 22 01 "$small" g01
mkdir p01
for f in g01/*.csv; do sed -E 's/\b([SVER][0-9]{5,8})\b/HN\1/g' "$f" >"p01/${f#g01/}"; done
for pair in "c31.db g31" "c01.db p01" "raw01.db g01"; do
    set -- $pair
    "$V" --quiet --db "$1" init >/dev/null
    for k in employers fairs vacancies seekers history referrals followups counselling; do
        "$V" --quiet --db "$1" import "$k" "$2/$k.csv" >/dev/null
    done
done
step() # NAME COMMAND...
{
    local name=$1
    shift
    /usr/bin/time -f "%e %U %M" -o t "$@" >"$name.out"
    read -r wall user rss <t
    echo "phase=$name seekers=$(grep '^seekers ' "$name.out" | awk '{print $2}') wall_s=$wall user_s=$user peak_rss_kb=$rss"
}
echo "# join: Hai Phong $big seekers in the shared database, Ha Noi $small seekers joining"
step copy_31_into_new_pg "$V" --quiet copy --from c31.db --to "$P"
step join_01_into_shared_pg "$V" --quiet copy --from c01.db --to "$P" --as-province 01
step province_01_out_of_pg "$V" --quiet copy --from "$P" --to out01.db --province 01
# the same centre's file as it numbers itself, renamed by the join (its records arrive a second
# time under other ids: a measurement of the renaming, not a use)
step join_01_id_prefix_into_shared_pg "$V" --quiet copy --from raw01.db --to "$P" --as-province 01 \
    --id-prefix HX-
step peer_copy_01_into_new_pg "$V" --quiet copy --from c01.db --to "$P2"
step peer_copy_01_into_new_sqlite "$V" --quiet copy --from c01.db --to plain01.db
for k in seekers vacancies referrals; do
    cmp -s <("$V" --quiet --db out01.db export "$k") <("$V" --quiet --db c01.db export "$k") ||
        { echo "# $k: the file taken out differs from the file that joined" >&2; exit 1; }
done
echo "# the file taken out is the file that joined (seekers, vacancies, referrals)"
drop
