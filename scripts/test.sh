#!/usr/bin/env bash
# test.sh - second of the README's two commands: installs what is missing, then runs the whole
# test suite five times: a normal (debugoptimized) build under C.UTF-8, the same build under
# vi_VN.UTF-8 (catches decimal-comma bugs), an AddressSanitizer + UBSan build, a release build
# (-O3, _FORTIFY_SOURCE=3, NDEBUG) and a clang build, every one with warnings as errors, with a
# throw-away PostgreSQL 15 cluster (scripts/pg-cluster.sh) for the tests of the second backend.
# Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests || exit 1

status=0
scripts/build.sh build || status=1
scripts/build.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug \
  || status=1
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
runs=("build C.UTF-8" "build vi_VN.UTF-8" "build-asan C.UTF-8" "build-release C.UTF-8"
      "build-clang C.UTF-8")
logs=()
for r in "${runs[@]}"; do
  set -- $r
  dir=$1 loc=$2
  echo "== tests: $dir under LC_ALL=$loc"
  LC_ALL=$loc meson test -C "$dir" --num-processes 2 --print-errorlogs \
    --logbase "testlog-${loc%%.*}" >"$dir/test-${loc%%.*}.out" 2>&1
  tail -n 12 "$dir/test-${loc%%.*}.out"
  logs+=("$dir/meson-logs/testlog-${loc%%.*}.json")
done
# fuzz stage: each libFuzzer target for FUZZ_SECONDS (default 60) from its committed corpus,
# under ASan + UBSan; one result line each, counted with the tests (scripts/fuzz.sh)
fuzzlog=build/testlog-fuzz.json
: >"$fuzzlog"
for t in csv import history model xlsx; do
  echo "== fuzz: $t for ${FUZZ_SECONDS:-60} s"
  out=$(nice scripts/fuzz.sh "$t" "${FUZZ_SECONDS:-60}" 2>&1)
  rc=$?
  echo "$out" | tail -n 4
  line=$(echo "$out" | tail -n 1)
  python3 -c 'import json, sys; ok = sys.argv[2] == "0"
print(json.dumps({"name": "fuzz-" + sys.argv[1], "result": "OK" if ok else "FAIL",
                  "stdout": ("ok 1 - " if ok else "not ok 1 - ") + sys.argv[3]}))' \
    "$t" "$rc" "$line" >>"$fuzzlog"
done
logs+=("$fuzzlog")
python3 scripts/test-summary.py "${logs[@]}"
