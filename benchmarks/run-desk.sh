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
#                          [--postgresql --servers 2 [--statements]]
#                          [--postgresql --provinces 79,01]
# --keep DIR keeps the data, the servers' output and (with --postgresql) the database server's
# log, DIR/postgresql.log. --statements: the database's ten most costly statements over the
# load (pg_stat_statements: planning plus execution time, calls), as statement= lines.
# With --postgresql the fresh database is vacuumed before the load (VACUUM (ANALYZE): what
# autovacuum does in the minutes after a large import; measured during it, the load measured
# that instead), vacuum_seconds= says how long it took.
# After the load, the peer in the same run: one session, no think time, same server and data.
# BUILD_DIR defaults to build/ (give build-asan/ to run the server under AddressSanitizer).
# --postgresql: the data in a throw-away PostgreSQL 15 cluster (scripts/pg-cluster.sh) instead
# of a SQLite file, and --servers N `serve` processes on it, the sessions shared among them (a
# bench-desk each, at once; their lines prefixed server=K); the peer runs against server 1.
# --provinces P1,P2,..: a national exchange instead (with --postgresql): the data spread over the
# country's 34 provinces and 3,321 communes (benchmarks/national-areas.sh), by default at the
# country's size (3,000,000 seekers, 600,000 vacancies, 60,000 employers; --seekers and
# --vacancies scale it), and a server for each province given (`serve --province Pk`, an account
# of that province), its sessions working on that province's seekers and vacancies (bench-desk
# --ids) and registering seekers in its first commune.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then build=$1; shift; fi
sessions=50 seconds=60 think=200 seekers=100000 vacancies=20000 employers=2000 keep= peer=1
peer_seconds=15 pg=0 nservers=1 stmts=0 provinces= sized=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sessions) sessions=$2 ;; --seconds) seconds=$2 ;; --think-ms) think=$2 ;;
    --seekers) seekers=$2; sized=1 ;; --vacancies) vacancies=$2; sized=1 ;; --keep) keep=$2 ;;
    --peer-seconds) peer_seconds=$2; [ "$2" != 0 ] || peer=0 ;;
    --servers) nservers=$2 ;;
    --provinces) provinces=$2 ;;
    --postgresql) pg=1; shift; continue ;;
    --statements) stmts=1; shift; continue ;;
    *) echo "run-desk.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
if [ "$pg" = 0 ] && [ "$nservers" != 1 ]; then
  echo "run-desk.sh: --servers N needs --postgresql (a SQLite file has one server)" >&2
  exit 2
fi
prov=()
if [ -n "$provinces" ]; then
  [ "$pg" = 1 ] || { echo "run-desk.sh: --provinces needs --postgresql" >&2; exit 2; }
  IFS=, read -r -a prov <<<"$provinces"
  nservers=${#prov[@]}
  if [ "$sized" = 0 ]; then seekers=3000000 vacancies=600000 employers=60000; fi
  employers=$(( vacancies / 10 > 0 ? vacancies / 10 : 1 ))
fi
V=$build/cli/vieclam
B=$build/benchmarks/bench-desk
export VIECLAM_DATADIR=${VIECLAM_DATADIR:-$build/data} # the build tree's pages and models
[ -x "$V" ] && [ -x "$B" ] || { echo "run-desk.sh: build $build first" >&2; exit 1; }
T=${keep:-$(mktemp -d)}
mkdir -p "$T"
chmod 711 "$T" # a PostgreSQL server's user reaches its cluster inside
servers=()
cleanup() {
  for s in "${servers[@]}"; do
    if kill -0 "$s" 2>/dev/null; then kill -TERM "$s"; wait "$s" || true; fi
  done
  if [ "$pg" = 1 ] && [ -n "$keep" ]; then cp "$T/cluster/server.log" "$T/postgresql.log" || true; fi
  [ "$pg" = 0 ] || scripts/pg-cluster.sh stop "$T/cluster" >/dev/null 2>&1 || true
  [ -n "$keep" ] || rm -rf "$T"
}
trap cleanup EXIT
db=$T/bench.db
fresh=0
[ -f "$db" ] || fresh=1
if [ "$pg" = 1 ]; then # a kept directory's data is not kept in a stopped cluster: import again
  [ "$stmts" = 0 ] || export PG_CLUSTER_CONF="shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track_planning = on"
  db=$(scripts/pg-cluster.sh start "$T/cluster")
  [ "$stmts" = 0 ] || psql "$db" -qc 'CREATE EXTENSION pg_stat_statements' >/dev/null
  fresh=1
  echo "postgresql=$(psql "$db" -Atc 'SHOW server_version' | cut -d' ' -f1) servers=$nservers"
fi
if [ "$fresh" = 1 ]; then
  t0=$(date +%s.%N)
  country=()
  if [ ${#prov[@]} -gt 0 ]; then
    benchmarks/national-areas.sh "$T/areas.csv" >/dev/null
    country=(--areas "$T/areas.csv" --home '*')
  fi
  [ -f "$T/gen/seekers.csv" ] ||
    "$V" --quiet generate --seed 20250301 --seekers "$seekers" --vacancies "$vacancies" \
      --employers "$employers" --quarters 4 --as-of 2026-03-01 "${country[@]}" \
      --out "$T/gen" >/dev/null
  "$V" --quiet --db "$db" init >/dev/null
  [ ${#prov[@]} = 0 ] || "$V" --quiet --db "$db" import areas "$T/areas.csv" >/dev/null
  for k in employers vacancies seekers; do
    t1=$(date +%s.%N)
    "$V" --quiet --db "$db" import $k "$T/gen/$k.csv" >/dev/null || exit 1
    [ ${#prov[@]} = 0 ] ||
      echo "import_$k=$(awk -v a="$t1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
  done
  printf 'bench-password-1\n' >"$T/pw"
  if [ ${#prov[@]} = 0 ]; then
    "$V" --db "$db" user add bench --role staff --password-file "$T/pw" >/dev/null
  else # an account of each province's desk, and the ids its sessions work on
    for k in $(seq "$nservers"); do
      p=${prov[k - 1]}
      "$V" --db "$db" user add "bench$k" --role staff --province "$p" --password-file "$T/pw" \
        >/dev/null
      psql "$db" -Atc "SELECT id FROM seekers WHERE province = '$p' UNION ALL
        SELECT id FROM vacancies WHERE province = '$p' ORDER BY 1" >"$T/ids$k"
      echo "server=$k province=$p seekers=$(grep -c ^S "$T/ids$k") vacancies=$(grep -c ^V "$T/ids$k")"
    done
  fi
  if [ "$pg" = 1 ]; then # what autovacuum would do in the next minutes, before the load
    t1=$(date +%s.%N)
    psql "$db" -qc 'VACUUM (ANALYZE)' 2>/dev/null
    echo "vacuum_seconds=$(awk -v a="$t1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
  fi
  echo "setup_seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
fi
state=()
[ "$pg" = 0 ] || state=(--state-dir "$T/state")
ports=()
# per server: its account, and with --provinces its province, ids and commune
who=()
for k in $(seq "$nservers"); do
  if [ ${#prov[@]} = 0 ]; then
    who+=("--user bench")
  else
    area=$(awk -F, -v p="${prov[k - 1]}" '$3 == p { print $1 }' "$T/areas.csv" | sort | head -1)
    who+=("--user bench$k --ids $T/ids$k --area $area")
  fi
done
for k in $(seq "$nservers"); do
  scope=()
  [ ${#prov[@]} = 0 ] || scope=(--province "${prov[k - 1]}")
  "$V" --quiet --db "$db" serve --listen 127.0.0.1:0 --as-of 2026-03-01 --web web "${state[@]}" \
    "${scope[@]}" >"$T/serve$k.out" 2>"$T/serve$k.err" &
  servers+=($!)
  for _ in $(seq 600); do grep -q listening "$T/serve$k.out" 2>/dev/null && break; sleep 0.2; done
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve$k.out")
  [ -n "$port" ] || { echo "run-desk.sh: server $k did not start"; cat "$T/serve$k.err"; exit 1; }
  ports+=("$port")
  echo "server_start_rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$!/status)" |
    { [ "$nservers" = 1 ] && cat || sed "s/^/server=$k /"; }
done
rc=0
# the machine's conditions: the targets assume the server has the cores to itself
echo "machine_cpus=$(nproc) load_1m_before=$(cut -d' ' -f1 /proc/loadavg)"
if [ "$nservers" = 1 ]; then
  "$B" --port "${ports[0]}" --sessions "$sessions" --seconds "$seconds" --think-ms "$think" \
    --seekers "$seekers" --vacancies "$vacancies" ${who[0]} --password bench-password-1 \
    --server-pid "${servers[0]}" || rc=$?
else # the sessions shared among the servers, all at once
  pids=()
  for k in $(seq "$nservers"); do
    "$B" --port "${ports[k - 1]}" --sessions $((sessions / nservers)) --seconds "$seconds" \
      --think-ms "$think" --seekers "$seekers" --vacancies "$vacancies" ${who[k - 1]} \
      --password bench-password-1 --server-pid "${servers[k - 1]}" >"$T/bench$k.out" &
    pids+=($!)
  done
  for k in $(seq "$nservers"); do
    wait "${pids[k - 1]}" || rc=$?
    sed "s/^/server=$k /" "$T/bench$k.out"
  done
fi
echo "load_1m_after=$(cut -d' ' -f1 /proc/loadavg)"
if [ "$stmts" = 1 ]; then # where the database's time went during the load
  psql "$db" -AtF' ' -c "SELECT 'statement=' || row_number() OVER (ORDER BY total_plan_time
      + total_exec_time DESC), 'calls=' || calls, 'plan_ms=' || round(total_plan_time::numeric),
      'exec_ms=' || round(total_exec_time::numeric), 'sql=' || left(regexp_replace(query,
      '\s+', ' ', 'g'), 160) FROM pg_stat_statements ORDER BY total_plan_time + total_exec_time
      DESC LIMIT 10"
fi
# the peer in the same run: the same server, data and mix with one session, no think time
# (what a request costs without the other desks queueing beside it)
if [ "$peer" = 1 ]; then
  "$B" --port "${ports[0]}" --sessions 1 --seconds "$peer_seconds" --think-ms 0 --warmup 1 \
    --seekers "$seekers" --vacancies "$vacancies" ${who[0]} --password bench-password-1 \
    --server-pid "${servers[0]}" | sed 's/^/peer=one_session /' || rc=$?
fi
src=0
for k in $(seq "$nservers"); do
  s=${servers[k - 1]}
  pre=
  [ "$nservers" = 1 ] || pre="server=$k "
  echo "${pre}server_peak_rss_kib=$(awk '/VmHWM/ {print $2}' /proc/$s/status)"
  echo "${pre}server_threads=$(awk '/Threads/ {print $2}' /proc/$s/status)"
  kill -TERM "$s"
  e=0
  wait "$s" || e=$?
  echo "${pre}server_exit=$e"
  [ "$e" = 0 ] || src=$e
  grep -E "ERROR|runtime error|LeakSanitizer" "$T/serve$k.err" | head -20 || true
done
servers=()
exit $(( rc != 0 || src != 0 ))
