#!/usr/bin/env bash
# test.sh - second of the README's two commands: installs what is missing, builds vieclam four
# ways with warnings as errors (debugoptimized, AddressSanitizer + UBSan at -O1, release with -O3
# and _FORTIFY_SOURCE=3, clang), then runs
#   - the whole suite (engine, CLI, server, PostgreSQL, the desk in Chromium) three times: the
#     debugoptimized build under C.UTF-8, the same build as a centre in Vietnam runs it (vi_VN.UTF-8:
#     decimal commas, Vietnamese messages; TZ=Asia/Ho_Chi_Minh, which the C library and Chromium
#     both read from tzdata: for seven hours a day the local date is not the UTC date, and
#     "today", a period's days and the times shown must all be the centre's) and the ASan + UBSan
#     build;
#   - the engine's tests (unit, numeric and PostgreSQL) on the release and the clang builds, where
#     an optimiser or another compiler changes behaviour (evaluation order, undefined behaviour);
#   - each libFuzzer target for FUZZ_SECONDS (default 45) from its committed corpus.
# The PostgreSQL tests use one throw-away PostgreSQL 15 cluster (scripts/pg-cluster.sh), stopped at
# the end. Each stage says how long it took; a failing test's "not ok" lines and diagnostics are
# shown. Ends with "N passed, N failed". A full walk of allocation failures (every allocation
# point, some ten minutes more) is VT_OOM_FULL=1 scripts/test.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
stage() { echo "== $* (at $(((SECONDS - start) / 60)) min $(((SECONDS - start) % 60)) s)"; }

stage "set-up"
scripts/setup.sh --tests || exit 1

status=0
stage "builds"
scripts/build.sh build || status=1
# the sanitised build at -O1, as AddressSanitizer's documentation advises for a reasonable speed:
# the CLI's longest test took 272 s there against 338 s at -O0
scripts/build.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug \
  -Doptimization=1 || status=1
scripts/build.sh build-release -Dbuildtype=release || status=1
CC=clang scripts/build.sh build-clang || status=1
if [ $status != 0 ]; then
  echo "test.sh: the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# one throw-away PostgreSQL 15 cluster for the whole run (the "-pg" tests and cli-backends use a
# schema each); if it cannot start those tests fail, they are not skipped
pgdir=$(mktemp -d /tmp/vieclam-pg.XXXXXX)
chmod 711 "$pgdir"
if VL_TEST_PG_URL=$(scripts/pg-cluster.sh start "$pgdir/cluster" 2>"$pgdir/start.err"); then
  export VL_TEST_PG_URL
  trap 'scripts/pg-cluster.sh stop "$pgdir/cluster" >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
else
  echo "== PostgreSQL 15 could not start; its tests will fail:"
  cat "$pgdir/start.err"
  rm -rf "$pgdir"
fi

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp:print_suppressions=0
# build, locale, suites (all: the whole suite), time zone (-: the machine's)
runs=("build C.UTF-8 all -" "build vi_VN.UTF-8 all Asia/Ho_Chi_Minh" "build-asan C.UTF-8 all -"
      "build-release C.UTF-8 engine -" "build-clang C.UTF-8 engine -")
logs=()
for r in "${runs[@]}"; do
  set -- $r
  dir=$1 loc=$2 suite=$3 tz=$4
  base="testlog-${loc%%.*}"
  sel=()
  [ "$suite" = all ] || sel=(--suite "$suite")
  env=(LC_ALL="$loc")
  [ "$tz" = - ] || env+=(TZ="$tz")
  stage "tests: $dir under ${env[*]}, ${suite/all/the whole suite}"
  env "${env[@]}" meson test -C "$dir" --num-processes 2 --print-errorlogs "${sel[@]}" \
    --logbase "$base" >"$dir/test-${loc%%.*}.out" 2>&1
  tail -n 12 "$dir/test-${loc%%.*}.out"
  # what failed, with the diagnostics a test printed after it (TAP "#" lines)
  python3 scripts/test-summary.py --details "$dir/meson-logs/$base.json"
  logs+=("$dir/meson-logs/$base.json")
done
# fuzz stage: each libFuzzer target for FUZZ_SECONDS from its committed corpus, under ASan +
# UBSan; one result line each, counted with the tests (scripts/fuzz.sh)
fuzzlog=build/testlog-fuzz.json
: >"$fuzzlog"
for t in csv import history model xlsx; do
  stage "fuzz: $t for ${FUZZ_SECONDS:-45} s"
  out=$(nice scripts/fuzz.sh "$t" "${FUZZ_SECONDS:-45}" 2>&1)
  rc=$?
  echo "$out" | tail -n 4
  line=$(echo "$out" | tail -n 1)
  python3 -c 'import json, sys; ok = sys.argv[2] == "0"
print(json.dumps({"name": "fuzz-" + sys.argv[1], "result": "OK" if ok else "FAIL",
                  "stdout": ("ok 1 - " if ok else "not ok 1 - ") + sys.argv[3]}))' \
    "$t" "$rc" "$line" >>"$fuzzlog"
done
logs+=("$fuzzlog")
stage "done"
python3 scripts/test-summary.py "${logs[@]}"
