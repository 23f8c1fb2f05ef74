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

# oracle_compare REPORT.csv ORACLE.txt: prints how many of the oracle's figures
# (activity-oracle.py: "table,dimension,group,measure,period,value") the report's --exact CSV
# does not hold with the same value (a zero the report leaves out counts as held); the first
# five differences go to stderr as TAP comments
oracle_compare()
{
    python3 - "$1" "$2" <<'PY'
import csv, sys
got = {}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    got[(r["table"], r["dimension"], r["group"], r["measure"], r["period"])] = r["value"]
bad = 0
for line in open(sys.argv[2]):
    *k, v = line.strip().split(",")
    v, g = float(v), got.get(tuple(k))
    if (g is None or g == "") and v == 0:
        continue
    if g is None or g == "" or abs(float(g) - v) > 1e-9 * max(1.0, abs(v)):
        bad += 1
        if bad <= 5:
            print("# differs:", k, "oracle", v, "report", g, file=sys.stderr)
print(bad)
PY
}
