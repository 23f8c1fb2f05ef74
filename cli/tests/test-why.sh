#!/usr/bin/env bash
# test-why.sh - `vieclam match --seeker ID --why VACANCY` (and --vacancy ID --why SEEKER) on the
# bundled sample: a listed pair, a pair below the list with its gap and components, a pair that
# fails hard constraints (named with their values), JSON, unknown ids (exit 3), usage (exit 2),
# and the Vietnamese wording.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export VIECLAM_MODELS="$ROOT/models"
plan 10
DB="$T/s.db"
AS="--as-of 2026-03-01" # the sample's date (fixtures/sample/README.md)
"$V" --db "$DB" --quiet init >/dev/null &&
    for k in employers vacancies seekers; do
        "$V" --db "$DB" --quiet import "$k" "$ROOT/fixtures/sample/$k.csv" >/dev/null || exit 1
    done
S=S0000004
"$V" --db "$DB" match --seeker $S $AS --top 5 --format csv >"$T/list.csv"
FIRST=$(sed -n 2p "$T/list.csv" | cut -d, -f2)
FIFTH=$(sed -n 6p "$T/list.csv" | cut -d, -f2)

"$V" --db "$DB" match --seeker $S $AS --top 5 --why "$FIRST" >"$T/first" 2>&1
check "the best pair: eligible, rank 1, in the list" "grep -q 'rank 1 of' '$T/first' && grep -q 'in the list (top 5)' '$T/first'"

"$V" --db "$DB" match --seeker $S $AS --top 3 --why "$FIFTH" >"$T/fifth" 2>&1
check "the fifth against a top 3: rank 5, the gap to the last listed, its components" \
    "grep -q 'rank 5 of' '$T/fifth' && grep -q 'not in the top 3: 0\.[0-9]* below the last listed' '$T/fifth' && grep -q '+0\.' '$T/fifth'"

"$V" --db "$DB" match --seeker $S $AS --why V000001 >"$T/no" 2>&1
check "an ineligible pair names each failed constraint with its values" \
    "grep -q 'not eligible' '$T/no' && grep -q 'lacks: Vận hành máy nông nghiệp' '$T/no' && grep -q 'ja:N5' '$T/no' && grep -q 'abroad (JP)' '$T/no'"

"$V" --db "$DB" match --seeker $S $AS --why V000002 --format json >"$T/why.json"
check "JSON: stable constraint codes, nulls for an ineligible pair" "python3 - '$T/why.json' <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
codes = [f['constraint'] for f in d['failed']]
assert d['eligible'] is False and d['score'] is None and d['rank'] is None, d
assert codes[0] == 'open' and d['failed'][0]['closes'] == '2025-12-10', codes
assert 'skills_required' in codes
PY"

"$V" --db "$DB" match --seeker $S $AS --top 3 --why "$FIFTH" --format json >"$T/gap.json"
check "JSON: rank, gap = last_score - score, seven components" "python3 - '$T/gap.json' <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d['eligible'] and d['rank'] == 5 and not d['listed'], d
assert abs(d['gap'] - (d['last_score'] - d['score'])) < 2e-4, d
assert len(d['gap_components']) == 7
PY"

"$V" --db "$DB" match --vacancy "$FIRST" $AS --why $S >"$T/rev" 2>&1
check "the reverse question ranks the seeker among the vacancy's seekers" "grep -q 'eligible seekers' '$T/rev'"

"$V" --db "$DB" match --seeker $S $AS --why V999999 >"$T/out" 2>"$T/err"
rc=$?
check "an unknown vacancy: exit 3, named" "[ $rc = 3 ] && grep -q \"no vacancy with id 'V999999'\" '$T/err'"
"$V" --db "$DB" match --seeker S9999999 $AS --why "$FIRST" >"$T/out" 2>"$T/err"
rc=$?
check "an unknown seeker: exit 3" "[ $rc = 3 ] && grep -q 'S9999999' '$T/err'"
"$V" --db "$DB" match --all-seekers --out "$T/x.csv" --why "$FIRST" >"$T/out" 2>"$T/err"
rc=$?
check "--why with --all-seekers: exit 2" "[ $rc = 2 ]"

"$V" --db "$DB" --lang vi match --seeker $S $AS --why V000001 >"$T/vi" 2>&1
check "in Vietnamese with --lang vi" "grep -q 'không đủ điều kiện' '$T/vi' && grep -q 'Vận hành máy nông nghiệp' '$T/vi'"
finish
