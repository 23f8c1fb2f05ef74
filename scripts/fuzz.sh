#!/usr/bin/env bash
# fuzz.sh - runs one libFuzzer target for SECONDS: scripts/fuzz.sh TARGET SECONDS [JOBS]
# TARGET is csv, import, history, model or xlsx (fuzz/fuzz-TARGET.c). The first run configures
# build-fuzz/ with clang, AddressSanitizer + UBSan and coverage instrumentation. The committed seed
# corpus fuzz/corpus/TARGET/ is copied, so a run never changes the tree; a crash leaves its input
# in build-fuzz/crash-TARGET/ and the script exits 1. The last lines are libFuzzer's figures
# (executions, coverage), then "fuzz TARGET: N runs, cov C, ft F, 0 crashes".
set -uo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
[ -f "fuzz/fuzz-$target.c" ] || { echo "fuzz.sh: no target fuzz/fuzz-$target.c" >&2; exit 2; }
dir=build-fuzz
if [ ! -f "$dir/build.ninja" ]; then
  CC=clang meson setup "$dir" -Dfuzz=true -Dbuildtype=debugoptimized -Dwerror=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link \
    >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
  rm -f "$dir.setup.log"
fi
ninja -C "$dir" "fuzz/fuzz-$target" >"$dir/build-$target.log" 2>&1 ||
  { grep -E "error" "$dir/build-$target.log" | head -20; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "fuzz/corpus/$target" "$work/corpus"
mkdir -p "$dir/crash-$target"
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
"$dir/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -artifact_prefix="$dir/crash-$target/" -print_final_stats=1 \
  "$work/corpus" >"$work/log" 2>&1
rc=$?
grep -E "^(#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss)" "$work/log" | tail -3
runs=$(grep -oE "stat::number_of_executed_units: [0-9]+" "$work/log" | grep -oE "[0-9]+$")
cov=$(grep -oE "cov: [0-9]+" "$work/log" | tail -1 | grep -oE "[0-9]+")
ft=$(grep -oE "ft: [0-9]+" "$work/log" | tail -1 | grep -oE "[0-9]+")
crashes=$(ls "$dir/crash-$target" | wc -l)
if [ $rc -ne 0 ]; then
  grep -E "ERROR|SUMMARY|#[0-9]+ 0x" "$work/log" | head -30
fi
echo "fuzz $target: ${runs:-0} runs, cov ${cov:-0}, ft ${ft:-0}, $crashes crashes"
[ $rc -eq 0 ] && [ "$crashes" -eq 0 ]
