#!/usr/bin/env bash
# test-backends.sh - the same answers from both backends: generated data imported into a SQLite
# file and into a PostgreSQL schema (the test cluster of scripts/with-pg.sh) gives byte-identical
# exports of every kind, checks, match results (batch, by seeker, by vacancy, as CSV and JSON),
# fair plans and candidates, forecasts, backtests and the labour balance; importing again and
# importing changes counts the same on both. Needs VL_TEST_PG_URL; fails without it. Prints TAP.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
plan 34

: "${VL_TEST_PG_URL:?VL_TEST_PG_URL is not set: run under scripts/with-pg.sh}"
S="$T/s.db"
P=$(VL_TEST_DB=postgresql db_target backends)
$V --quiet generate --seed 4242 --seekers 1500 --employers 120 --vacancies 300 --quarters 16 \
    --out "$T/gen" >/dev/null
check "generated data" "[ -s '$T/gen/seekers.csv' ]"

both() # NAME ARGS... : runs the command on both databases, stdout to $T/{s,p}-NAME
{
    local name=$1
    shift
    $V --quiet --db "$S" "$@" >"$T/s-$name" 2>"$T/s-$name.err"
    echo $? >"$T/s-$name.rc"
    $V --quiet --db "$P" "$@" >"$T/p-$name" 2>"$T/p-$name.err"
    echo $? >"$T/p-$name.rc"
}
same() # NAME [FILE-SUFFIX]: both ran with status 0 and wrote the same bytes
{
    check "$1: the same on both backends" \
        "[ \"\$(cat $T/s-$1.rc)\" = 0 ] && [ \"\$(cat $T/p-$1.rc)\" = 0 ] && cmp -s '$T/s-$1' '$T/p-$1'"
}

both init init
check "init on both" "[ \"\$(cat $T/s-init.rc)\" = 0 ] && [ \"\$(cat $T/p-init.rc)\" = 0 ]"
for k in employers vacancies seekers history; do
    both "import-$k" import "$k" "$T/gen/$k.csv"
done
both import-balance import history "$T/gen/labour-balance-history.csv"
# the import summaries name the same file and the same counts
sed -i "s|$S|DB|" "$T"/s-import-* 2>/dev/null
same import-seekers
same import-history

for k in areas employers vacancies seekers history; do
    both "export-$k" export "$k"
    same "export-$k"
done
both check check
check "check: the same problems on both" "cmp -s '$T/s-check' '$T/p-check' && cmp -s '$T/s-check.err' '$T/p-check.err'"

$V --quiet --db "$S" match --all-seekers --as-of 2026-03-01 --out "$T/s-match-all" >/dev/null 2>&1 &&
    $V --quiet --db "$P" match --all-seekers --as-of 2026-03-01 --out "$T/p-match-all" >/dev/null 2>&1
check "match --all-seekers: the same on both backends" \
    "[ -s '$T/s-match-all' ] && cmp -s '$T/s-match-all' '$T/p-match-all'"
S1=$(sed -n 2p "$T/gen/seekers.csv" | cut -d, -f1)
V1=$(sed -n 2p "$T/gen/vacancies.csv" | cut -d, -f1)
both match-seeker match --seeker "$S1" --as-of 2026-03-01 --format json --top 20
same match-seeker
both match-vacancy match --vacancy "$V1" --as-of 2026-03-01 --format csv --top 50
same match-vacancy

both fair-cand fair candidates --all-open --as-of 2026-03-01 --out /dev/stdout
same fair-cand
$V --quiet --db "$S" fair plan --all-open --as-of 2026-03-01 --out "$T/s-plan" >/dev/null 2>&1 &&
    $V --quiet --db "$P" fair plan --all-open --as-of 2026-03-01 --out "$T/p-plan" >/dev/null 2>&1
# the run ids differ only if the two databases saw different runs: they saw the same ones
check "fair plan: the same invitations, shortlists and summary" "diff -r '$T/s-plan' '$T/p-plan' >/dev/null"

both forecast forecast --db --horizon 4 --model auto --format csv
same forecast
both backtest backtest --db --horizon 2 --origins 3 2>/dev/null
check "backtest: the same on both backends" "cmp -s '$T/s-backtest' '$T/p-backtest'"
both balance balance --horizon 4 --format csv
same balance

# importing again changes nothing, an edited row is one update, on both
both reimport import seekers "$T/gen/seekers.csv"
sed -i "s|$S|DB|" "$T/s-reimport"
same reimport
# the third line's status becomes "withdrawn" (the column found by its name in the header)
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "status") c = i }
    NR == 3 { $c = "withdrawn" } { print }' "$T/gen/seekers.csv" >"$T/edit.csv"
both edit import seekers "$T/edit.csv"
check "an edited row is one update on both" "grep -q 'updated 1' '$T/s-edit' && grep -q 'updated 1' '$T/p-edit'"
both export-edited export seekers
same export-edited

# counselling sessions (on PostgreSQL staged through COPY and merged): the same counts and
# rows on both; importing again changes nothing; an edited topic is one update
$V --quiet generate --seed 4242 --seekers 1500 --employers 120 --vacancies 300 --quarters 16 \
    --referrals 600 --out "$T/gen2" >/dev/null
awk -F, -v OFS=, 'NR == 4 { $4 = "Học nghề hàn" } { print }' "$T/gen2/counselling.csv" >"$T/co-edit.csv"
both co-import import counselling "$T/gen2/counselling.csv"
both co-again import counselling "$T/gen2/counselling.csv"
both co-edit import counselling "$T/co-edit.csv"
sed -i "s|$S|DB|" "$T/s-co-import" "$T/s-co-again" "$T/s-co-edit"
both co-export export counselling
check "counselling: the same counts on both (599 new; again 599 unchanged; an edit 1 update)" \
    "cmp -s '$T/s-co-import' '$T/p-co-import' && cmp -s '$T/s-co-again' '$T/p-co-again' && cmp -s '$T/s-co-edit' '$T/p-co-edit' && grep -q 'inserted 599' '$T/p-co-import' && grep -q 'unchanged 599' '$T/p-co-again' && grep -q 'updated 1' '$T/p-co-edit' && cmp -s '$T/gen2/seekers.csv' '$T/gen/seekers.csv'"
same co-export

# copy: SQLite into a new PostgreSQL schema and back into a new file, verified by checksums;
# with them what the planners keep: the year's targets, adjustments and scenarios (a withdrawn
# one too)
$V --quiet --db "$S" target set 2026 registered=1200 placed=300 >/dev/null &&
    $V --quiet --db "$S" adjust add --keys area=31 --period 2026Q2:2026Q3 --value 100 \
        --reason "Khu công nghiệp mới" --by lan >/dev/null &&
    $V --quiet --db "$S" adjust add --keys area=31 --period 2026Q4 --percent -5 \
        --reason "Giảm đơn hàng" --by lan >/dev/null &&
    $V --quiet --db "$S" adjust withdraw 1 --by minh >/dev/null &&
    $V --quiet --db "$S" scenario add --name "KCN giai đoạn 2" --keys area=31 --from 2026Q3 \
        --positions 250 --reason "Giấy phép đầu tư" --by lan >/dev/null
check "the source records targets, adjustments (one withdrawn) and a scenario" "[ $? -eq 0 ]"
P2=$(VL_TEST_DB=postgresql db_target copied)
$V --quiet copy --from "$S" --to "$P2" >"$T/copy1" 2>&1
check "copy SQLite -> PostgreSQL: every kind verified" \
    "[ \$? -eq 0 ] && [ \$(grep -c ' same\$' '$T/copy1') -eq 9 ] && grep -q '^seekers  *1500 rows' '$T/copy1'"
check "copy SQLite -> PostgreSQL: the planners' records counted" \
    "grep -q '2 targets, 2 adjustments, 1 scenarios' '$T/copy1'"
for db in S P2; do
    eval d=\$$db
    {
        $V --quiet --db "$d" target show 2026
        $V --quiet --db "$d" adjust list --all --format csv
        $V --quiet --db "$d" scenario list --all --format csv
    } >"$T/plan-$db" 2>&1
done
check "copy SQLite -> PostgreSQL: the same targets and judgements, withdrawals and numbers kept" \
    "cmp -s '$T/plan-S' '$T/plan-P2' && grep -q 'Khu công nghiệp mới.*,withdrawn' '$T/plan-P2'"
$V --quiet --db "$P2" adjust add --keys area=31 --period 2027Q1 --value 90 --reason "Sau khi chuyển" \
    --by lan >"$T/copy-next" 2>&1
check "the next adjustment on the copy takes the next number" "grep -q 'adjustment 3 stored' '$T/copy-next'"
# a URL with a password (the test cluster trusts, so any will do): kept out of every audit row,
# run and message
P3=$(VL_TEST_DB=postgresql db_target pw | sed 's|://\([^:@/]*\)@|://\1:s3cret@|')
$V --quiet copy --from "$S" --to "$P3" >"$T/copy-pw" 2>&1
rc=$?
$V --quiet --db "$P3" export employers >/dev/null 2>&1
$V --quiet --db "$P3" match --seeker NOBODY >/dev/null 2>"$T/copy-pw.err"
$V --quiet --db "$S" audit --action copy --format csv >"$T/audit-s" 2>&1
$V --quiet --db "$P3" audit --action copy --format csv >"$T/audit-p" 2>&1
check "a password in a URL: in the audit as ***, nowhere in the runs or a message" \
    "[ $rc -eq 0 ] && case '$P3' in *:s3cret@*) true ;; *) false ;; esac && grep -q 'to postgresql://vieclam:\*\*\*@' '$T/audit-s' && grep -q 'from $S' '$T/audit-p' && [ \"\$(psql -X -q -At '$P3' -c \"SELECT COUNT(*) FROM runs WHERE command LIKE '%vieclam:***@%'\")\" -ge 2 ] && ! grep -q s3cret '$T/audit-s' '$T/audit-p' '$T/copy-pw' '$T/copy-pw.err' && [ \"\$(psql -X -q -At '$P3' -c \"SELECT COUNT(*) FROM runs WHERE command LIKE '%s3cret%'\")\" = 0 ]"
$V --quiet copy --from "$P2" --to "$T/back.db" >"$T/copy2" 2>&1
rc=$?
$V --quiet --db "$T/back.db" export seekers >"$T/back-seekers"
check "copy PostgreSQL -> SQLite: the same records as the first file" \
    "[ $rc -eq 0 ] && cmp -s '$T/back-seekers' '$T/s-export-edited'"
$V --quiet --db "$T/back.db" adjust list --all --format csv >"$T/back-adj" 2>&1
$V --quiet --db "$P2" adjust list --all --format csv >"$T/p2-adj" 2>&1
check "copy PostgreSQL -> SQLite: the same judgements" \
    "cmp -s '$T/back-adj' '$T/p2-adj' && [ \$(grep -c 'lan' '$T/back-adj') -eq 3 ]"
$V --quiet copy --from "$P2" --to "$T/back.db" >"$T/copy4" 2>&1
rc=$?
check "copy into a database that already holds targets or judgements: refused (exit 3)" \
    "[ $rc -eq 3 ]"
# a target holding other records is refused and left as it was
$V --quiet --db "$T/other.db" init >/dev/null
printf 'id,name,industry,area\nEX1,Other,C,31\n' >"$T/other.csv"
$V --quiet --db "$T/other.db" import employers "$T/other.csv" >/dev/null
$V --quiet copy --from "$P2" --to "$T/other.db" >"$T/copy3" 2>&1
rc=$?
check "copy into a database with other records: refused (exit 3), nothing written" \
    "[ $rc -eq 3 ] && [ \$($V --quiet --db '$T/other.db' export seekers | wc -l) -eq 1 ]"
# as of a date, the hires decided after it count on neither backend: the hires of the second
# generation decided after 2026-02-01 (some referred before it) change no match as of that day,
# and as of 2026-03-01 both backends count them alike
awk -F, 'NR == 1 || ($7 == "hired" && $8 > "2026-02-01")' "$T/gen2/referrals.csv" >"$T/late.csv"
for d in S P; do
    eval db=\$$d
    for at in 2026-02-01 2026-03-01; do
        $V --quiet --db "$db" match --all-seekers --as-of $at --out "$T/$d-pre-$at" >/dev/null 2>&1
    done
    $V --quiet --db "$db" import referrals "$T/late.csv" >"$T/$d-late" 2>&1
    for at in 2026-02-01 2026-03-01; do
        $V --quiet --db "$db" match --all-seekers --as-of $at --out "$T/$d-post-$at" >/dev/null 2>&1
    done
done
check "as of a date, later hires change no match on either backend; after them, both alike" \
    "[ \$(wc -l <'$T/late.csv') -gt 10 ] && grep -q 'inserted' '$T/P-late' && [ -s '$T/S-pre-2026-02-01' ] && cmp -s '$T/S-pre-2026-02-01' '$T/S-post-2026-02-01' && cmp -s '$T/P-pre-2026-02-01' '$T/P-post-2026-02-01' && cmp -s '$T/S-post-2026-02-01' '$T/P-post-2026-02-01' && ! cmp -s '$T/S-pre-2026-03-01' '$T/S-post-2026-03-01' && cmp -s '$T/S-post-2026-03-01' '$T/P-post-2026-03-01'"
finish
