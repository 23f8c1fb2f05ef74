#!/usr/bin/env bash
# run-placement.sh - the placement targets on 1,000,000 generated referrals: import (target
# <= 30 s), learn (<= 10 s), the activity report for a year (<= 5 s), each beside a peer timed
# in the same run (sqlite3 loading the same referrals file with no rules; sqlite3 counting the
# year's headline figures in SQL), and the held-out AUC of the learned model beside the hidden
# model's own (target: within 0.01). Prints key=value lines (benchmarks/README.md): NAME_s=WALL
# cpu=CPU seconds.
# Usage: benchmarks/run-placement.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
V="$PWD/$dir/cli/vieclam"
export VIECLAM_DATADIR="$PWD/$dir/data" VIECLAM_LANG=en
ninja -C "$dir" -j 2 cli/vieclam >/dev/null
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed as the peer" >&2; exit 1; }
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), load average $(cut -d' ' -f1-3 /proc/loadavg)"
# wall and CPU (user + system) seconds of a command: on a shared machine the CPU time is the
# figure to compare with the target, the wall time says how busy the machine was
# A failed command stops the whole benchmark, naming the command: a step that failed has no
# time, and its "Command exited with non-zero status" line must not be read as one (secs runs
# in a command substitution, where set -e does not reach the caller)
trap 'exit 1' TERM
secs() { # command... -> prints "WALL cpu=CPU"
    local f rc=0
    f=$(mktemp)
    /usr/bin/time -f '%e %U %S' -o "$f" "$@" >/dev/null || rc=$?
    if [ "$rc" != 0 ]; then
        echo "run-placement: '$*' failed (exit $rc)" >&2
        rm -f "$f"
        kill -TERM $$
        exit "$rc"
    fi
    awk '{ printf "%.3f cpu=%.3f", $1, $2 + $3 }' "$f"
    rm -f "$f"
}
G="$work/gen"
if [ ! -s "$G/referrals.csv" ]; then
    echo "generate_s=$(secs "$V" --quiet generate --seekers 300000 --vacancies 40000 \
        --employers 3000 --span-days 1095 --as-of 2026-06-30 --referrals 1000000 --out "$G")"
fi
echo "referrals=$(($(wc -l <"$G/referrals.csv") - 1))"
DB="$work/p.db"
rm -f "$DB"
"$V" --db "$DB" --quiet init >/dev/null
for k in employers fairs vacancies seekers; do
    echo "import_${k}_s=$(secs "$V" --db "$DB" --quiet import "$k" "$G/$k.csv")"
done
echo "import_referrals_s=$(secs "$V" --db "$DB" --quiet import referrals "$G/referrals.csv")"
echo "import_followups_s=$(secs "$V" --db "$DB" --quiet import followups "$G/followups.csv")"
echo "import_counselling_s=$(secs "$V" --db "$DB" --quiet import counselling "$G/counselling.csv")"
rm -f "$work/peer.db"
echo "peer_sqlite3_import_referrals_s=$(secs sqlite3 "$work/peer.db" \
    -cmd ".mode csv" ".import '$G/referrals.csv' referrals")"
echo "learn_s=$(secs "$V" --db "$DB" --quiet learn --until 2026-01-01 --out "$work/learned.yaml")"
echo "report_activity_year_s=$(secs "$V" --db "$DB" --quiet report activity --period 2025 \
    --out "$work/activity-2025.html" --xlsx "$work/activity-2025.xlsx")"
echo "peer_sqlite3_year_counts_s=$(secs sqlite3 "$DB" "SELECT
  (SELECT COUNT(*) FROM seekers WHERE registered BETWEEN '2025-01-01' AND '2025-12-31'),
  (SELECT COUNT(DISTINCT seeker) FROM referrals WHERE referred_on BETWEEN '2025-01-01' AND '2025-12-31'),
  (SELECT COUNT(*) FROM referrals WHERE outcome = 'hired' AND outcome_on BETWEEN '2025-01-01' AND '2025-12-31'),
  (SELECT SUM(positions) FROM vacancies WHERE posted BETWEEN '2025-01-01' AND '2025-12-31')")"
# the hidden model (vl_gen_hiring_model: docs/placements.md) as a model file: a score linear in
# the components with the hidden coefficients ranks pairs as the hidden probability does
python3 - "$work/learned.yaml" "$work/hidden.yaml" <<'PY'
import re, sys
c = {"fit": {"occupation": 2.2, "skills": 1.6, "experience": 0.5, "education": 0.0},
     "appeal": {"occupation": 0.7, "wage": 3.0, "distance": 1.1}}
total = sum(sum(g.values()) for g in c.values())
out, group = [], None
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#"):
        continue
    m = re.match(r"^(fit|appeal):", line)
    if m:
        group = m.group(1)
    elif re.match(r"^\S", line):
        group = None
    m = re.match(r"^    (\w+): ", line)
    if group and m and m.group(1) in c[group]:
        line = "    %s: %r\n" % (m.group(1), c[group][m.group(1)] / total)
    if line.startswith("  fit_share:"):
        line = "  fit_share: %r\n" % (sum(c["fit"].values()) / total)
    out.append(line)
open(sys.argv[2], "w", encoding="utf-8").write("".join(out))
PY
echo "learn_evaluate_s=$(secs sh -c '"$0" --db "$1" --quiet learn --evaluate --from 2026-01-01 \
    --compare "$2/hidden.yaml" --bootstrap 200 --format csv >"$2/evaluate.csv"' "$V" "$DB" "$work")"
grep ',auc,' "$work/evaluate.csv" | sed 's/^/# /'
awk -F, '$2 == "auc" { n = $1; sub(/.*hidden\.yaml$/, "hidden", n); a[n] = $3 } END {
    printf "auc_learned=%.4f\nauc_hidden=%.4f\nauc_hand_set=%.4f\nauc_gap_to_hidden=%.4f\n",
        a["learned"], a["hidden"], a["hand-set"], a["hidden"] - a["learned"] }' "$work/evaluate.csv"
echo "# work directory: $work"
