#!/usr/bin/env bash
# run-desk.sh - the desk's load benchmark: 100,000 seekers x 20,000 vacancies from the generator
# (seed 20250301, as of 2026-03-01: after the 2025 reform, so every area code is current),
# imported into a fresh database; `vieclam serve` on an ephemeral loopback port; bench-desk's
# simulated staff sessions for the given time; then the server's peak memory (VmHWM) and a clean
# stop. Prints bench-desk's key=value lines plus
# server_* lines. Usage:
#   benchmarks/run-desk.sh [BUILD_DIR] [--sessions 50] [--seconds 60] [--think-ms 200]
#                          [--seekers 100000] [--vacancies 20000] [--keep DIR]
#                          [--peer-seconds 15 (0: no peer run)]
# After the load, the peer in the same run: one session, no think time, same server and data.
# BUILD_DIR defaults to build/ (give build-asan/ to run the server under AddressSanitizer).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then build=$1; shift; fi
sessions=50 seconds=60 think=200 seekers=100000 vacancies=20000 employers=2000 keep= peer=1
peer_seconds=15
while [ $# -gt 0 ]; do
  case "$1" in
    --sessions) sessions=$2 ;; --seconds) seconds=$2 ;; --think-ms) think=$2 ;;
    --seekers) seekers=$2 ;; --vacancies) vacancies=$2 ;; --keep) keep=$2 ;;
    --peer-seconds) peer_seconds=$2; [ "$2" != 0 ] || peer=0 ;;
    *) echo "run-desk.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
V=$build/cli/vieclam
B=$build/benchmarks/bench-desk
export VIECLAM_DATADIR=${VIECLAM_DATADIR:-$build/data} # the build tree's pages and models
[ -x "$V" ] && [ -x "$B" ] || { echo "run-desk.sh: build $build first" >&2; exit 1; }
T=${keep:-$(mktemp -d)}
mkdir -p "$T"
server=
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; wait "$server" || true; fi
  [ -n "$keep" ] || rm -rf "$T"
}
trap cleanup EXIT
db=$T/bench.db
if [ ! -f "$db" ]; then
  t0=$(date +%s.%N)
  "$V" --quiet generate --seed 20250301 --seekers "$seekers" --vacancies "$vacancies" \
    --employers "$employers" --quarters 4 --as-of 2026-03-01 --out "$T/gen" >/dev/null
  "$V" --quiet --db "$db" init >/dev/null
  for k in employers vacancies seekers; do "$V" --quiet --db "$db" import $k "$T/gen/$k.csv" >/dev/null || exit 1; done
  printf 'bench-password-1\n' >"$T/pw"
  "$V" --db "$db" user add bench --role staff --password-file "$T/pw" >/dev/null
  echo "setup_seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
fi
"$V" --quiet --db "$db" serve --listen 127.0.0.1:0 --as-of 2026-03-01 --web web \
  >"$T/serve.out" 2>"$T/serve.err" &
server=$!
for _ in $(seq 600); do grep -q listening "$T/serve.out" 2>/dev/null && break; sleep 0.2; done
port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.out")
[ -n "$port" ] || { echo "run-desk.sh: the server did not start"; cat "$T/serve.err"; exit 1; }
echo "server_start_rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$server/status)"
rc=0
# the machine's conditions: the targets assume the server has the cores to itself
echo "machine_cpus=$(nproc) load_1m_before=$(cut -d' ' -f1 /proc/loadavg)"
"$B" --port "$port" --sessions "$sessions" --seconds "$seconds" --think-ms "$think" \
  --seekers "$seekers" --vacancies "$vacancies" --user bench --password bench-password-1 --server-pid "$server" || rc=$?
echo "load_1m_after=$(cut -d' ' -f1 /proc/loadavg)"
# the peer in the same run: the same server, data and mix with one session, no think time
# (what a request costs without 49 other desks queueing beside it)
if [ "$peer" = 1 ]; then
  "$B" --port "$port" --sessions 1 --seconds "$peer_seconds" --think-ms 0 --warmup 1 \
    --seekers "$seekers" --vacancies "$vacancies" --user bench --password bench-password-1 \
    --server-pid "$server" | sed 's/^/peer=one_session /' || rc=$?
fi
echo "server_peak_rss_kib=$(awk '/VmHWM/ {print $2}' /proc/$server/status)"
echo "server_threads=$(awk '/Threads/ {print $2}' /proc/$server/status)"
kill -TERM "$server"
src=0
wait "$server" || src=$?
server=
echo "server_exit=$src"
grep -E "ERROR|runtime error|LeakSanitizer" "$T/serve.err" | head -20 || true
exit $(( rc != 0 || src != 0 ))
