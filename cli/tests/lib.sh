# lib.sh - the preamble every cli/tests/test-*.sh sources (not named test-*.sh, so meson does not
# run it): strict variables, $V (the built program) and $ROOT (the source tree) from the
# environment meson sets, a temporary directory $T removed on exit, and the TAP helpers:
# `plan N` prints the plan line, `check NAME CONDITION` prints one numbered ok/not ok line,
# `ok`/`nok` do the same for checks written by hand, `finish` warns when the count ran differs
# from the plan and exits non-zero when a check failed.
set -u
V=${VIECLAM:?VIECLAM must point to the built program}
ROOT=${VL_SOURCE_ROOT:?VL_SOURCE_ROOT must point to the source tree}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
planned=0
plan() { planned=$1; echo "1..$1"; }
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
finish()
{
    [ "$n" -eq "$planned" ] || echo "# planned $planned, ran $n"
    exit $((fails > 0))
}

# A fresh database for NAME: a file in $T, or with VL_TEST_DB=postgresql a new schema of the
# test cluster's database ($VL_TEST_PG_URL, set by scripts/with-pg.sh).
db_target()
{
    if [ "${VL_TEST_DB:-}" = postgresql ]; then
        local url=${VL_TEST_PG_URL:?VL_TEST_PG_URL is not set: run under scripts/with-pg.sh}
        local sep='?'
        case "$url" in *\?*) sep='&' ;; esac
        echo "${url}${sep}options=-csearch_path%3Dt$$_$(date +%s)_$1"
    else
        echo "$T/$1.db"
    fi
}
