#!/usr/bin/env bash
# test-join.sh - a province's file joins a database that holds other provinces' records (`copy
# --as-province`): Hai Phong (31) is in the shared database, with its planner's adjustment and
# target; Ha Noi's centre file (01, generated, its ids given a prefix of their own) is added.
# Every row of every kind of the target is as it was, every row of the file is there as it is,
# the outcome history of the file's referrals is the file's event for event (the target's own
# untouched), and the file's targets and judgements become province 01's with the target's next
# numbers. Refused, with nothing written (exit 3): the same file again, a file whose ids the
# target already uses (named), a history row that would change the target's series or a history
# with other key columns, a file with another province's judgement, one with an erased member of
# staff, an unknown province; a plain copy into the shared database says to use --as-province.
# A third centre numbered on its own (Ho Chi Minh City, 79) joins with --id-prefix: every id of
# its records and every reference to one renamed, its erasure and outcome history with them.
# Then each province is taken back out
# (`copy --province`): Ha Noi's records alone make the very file that joined, kind by kind, with
# its outcome history, targets and judgements. With the argument `postgresql`
# (cli-join-pg, under scripts/with-pg.sh) the shared database is a PostgreSQL schema and the
# files are SQLite, as a centre moves into the national database. Prints TAP.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PG=false
[ "${1:-}" = postgresql ] && PG=true

plan 26
cd "$T" || exit 1
SH=$(if $PG; then VL_TEST_DB=postgresql db_target shared; else db_target shared; fi)
# SQL on the shared database and on a file
q() { if $PG; then psql -X -q -At "$SH" -c "$1"; else sqlite3 "$SH" "$1"; fi; }
f() { sqlite3 "$1" "$2"; }
kinds="areas employers fairs vacancies seekers history referrals followups counselling"

gen() { "$V" --quiet generate --seed "$1" --seekers 300 --employers 30 --vacancies 60 \
    --quarters 8 --referrals 120 --home "$2" --out "$3" >/dev/null; }
gen 11 31 g31 && gen 12 01 g01
mkdir -p p01
for x in g01/*.csv; do sed -E 's/\b([SVER][0-9]{5,8})\b/HN\1/g' "$x" >"p01/${x#g01/}"; done
load() # DB DIR
{
    "$V" --quiet --db "$1" init >/dev/null || return 1
    for k in employers fairs vacancies seekers history referrals followups counselling; do
        "$V" --quiet --db "$1" import "$k" "$2/$k.csv" >/dev/null || return 1
    done
}
load c31.db g31 && load c01.db p01 && load raw01.db g01
check "two provinces' centre files" "[ \$? -eq 0 ] && [ \$(f c01.db 'SELECT COUNT(*) FROM seekers') -eq 300 ]"

# Ha Noi's file: a referral whose outcome was recorded twice, targets, judgements (one withdrawn)
R=$(f c01.db "SELECT id || ',' || seeker || ',' || vacancy || ',' || referred_on FROM referrals ORDER BY id LIMIT 1")
{
    head -1 p01/referrals.csv
    echo "$R,desk,cb01,interviewed,2026-02-20,,"
} >r1.csv
{
    head -1 p01/referrals.csv
    echo "$R,desk,cb01,rejected,2026-02-27,,"
} >r2.csv
"$V" --quiet --db c01.db import referrals r1.csv >/dev/null &&
    "$V" --quiet --db c01.db import referrals r2.csv >/dev/null &&
    "$V" --quiet --db c01.db target set 2026 placed=500 referred=900 >/dev/null &&
    "$V" --quiet --db c01.db adjust add --keys area=001 --period 2026Q3 --percent 10 \
        --reason "Nhà máy mới ở Đông Anh" --by lan >/dev/null &&
    "$V" --quiet --db c01.db adjust add --keys area=001 --period 2026Q4 --value 40 \
        --reason "Đơn hàng xuất khẩu" --by lan >/dev/null &&
    "$V" --quiet --db c01.db adjust withdraw 1 --by minh >/dev/null &&
    "$V" --quiet --db c01.db scenario add --name "KCN Sóc Sơn" --keys area=001 --from 2026Q3 \
        --positions 200 --reason "Giấy phép đầu tư" --by lan >/dev/null
check "the file records an outcome history, targets, adjustments (one withdrawn) and a scenario" \
    "[ \$? -eq 0 ] && [ \$(f c01.db \"SELECT COUNT(*) FROM referral_outcomes WHERE referral = '${R%%,*}'\") -ge 3 ]"

# the shared database: Hai Phong's records, its planner's adjustment and target
"$V" --quiet copy --from c31.db --to "$SH" >/dev/null &&
    "$V" --quiet --db "$SH" adjust add --keys area=31 --period 2026Q3 --percent 5 \
        --reason "Cảng Lạch Huyện" --by hoa --province 31 >/dev/null &&
    "$V" --quiet --db "$SH" target set 2026 placed=800 --province 31 >/dev/null
check "the shared database holds Hai Phong's records and planning" "[ \$? -eq 0 ]"
snapshot() # DIR: every kind's export of the shared database, the outcome history, the planning
{
    mkdir -p "$1"
    for k in $kinds; do "$V" --quiet --db "$SH" export "$k" >"$1/$k.csv"; done
    q "SELECT referral || '|' || seq || '|' || outcome || '|' || outcome_on || '|' || COALESCE(CAST(wage AS BIGINT), -1) || '|' || recorded || '|' || source || '|' || COALESCE(staff, '') FROM referral_outcomes ORDER BY referral, seq" >"$1/outcomes"
    "$V" --quiet --db "$SH" adjust list --all --format csv --province 31 >"$1/adj31"
    "$V" --quiet --db "$SH" target show 2026 --province 31 >"$1/target31"
}
# refusals, before the join: nothing written
unchanged() { [ "$(q 'SELECT COUNT(*) FROM seekers')" = 300 ] && [ "$(q 'SELECT COUNT(*) FROM forecast_adjustments')" = 1 ]; }
join() # FILE NAME [CODE]: FILE joins as CODE (01), its output in NAME.out and NAME.err, $rc
{
    "$V" copy --from "$1" --to "$SH" --as-province "${3:-01}" >"$2.out" 2>"$2.err"
    rc=$?
}
join raw01.db raw
check "a file whose ids the target uses: refused, the id named, the prefix advised" \
    "[ $rc -eq 3 ] && grep -q \"row with id 'E00001' would change\" raw.err && grep -q 'prefix' raw.err && unchanged"
# a history row of one of Hai Phong's series with another value
cp c01.db hist.db
H=$(sed -n 2p g31/history.csv)
IFS=, read -r hs hp hv hrest <<<"$H"
printf '%s\n%s,%s,%s,%s\n' "$(head -1 g31/history.csv)" "$hs" "$hp" "$((hv + 7))" "$hrest" >h.csv
"$V" --quiet --db hist.db import history h.csv >/dev/null
join hist.db hist
check "a history row that would change the target's series: refused, the series named" \
    "[ $rc -eq 3 ] && grep -q \"series '$hs'\" hist.err && unchanged"
# a history with a key column the target's has not
cp c01.db keys.db
printf 'series,period,value,area,occupation\nbal-7533,2024Q1,5,001,7533\n' >k.csv
"$V" --quiet --db keys.db import history k.csv >/dev/null
join keys.db keys
check "a history with other key columns than the target's: refused, both named" \
    "[ $rc -eq 3 ] && grep -q 'area, industry, occupation) are not the target.s (series, period, value, area, industry)' keys.err && unchanged"
cp c01.db other.db
"$V" --quiet --db other.db adjust add --keys area=31 --period 2026Q3 --value 5 --reason x \
    --by lan --province 31 >/dev/null
join other.db other
check "a file with another province's judgement: refused" \
    "[ $rc -eq 3 ] && grep -q 'province 31, not only of 01' other.err && unchanged"
cp c01.db staff.db
printf 'mat-khau-dai-du-12\n' >pw
"$V" --quiet --db staff.db user add nam.le --role staff --password-file pw >/dev/null &&
    "$V" --quiet --db staff.db user erase nam.le --reason "nghỉ việc" >/dev/null
join staff.db staff
check "a file with an erased member of staff: refused" \
    "[ $rc -eq 3 ] && grep -q 'erased members of staff' staff.err && unchanged"
join c01.db p99 99
check "an unknown province: refused" "[ $rc -eq 3 ] && grep -q \"no province with code '99'\" p99.err && unchanged"
"$V" copy --from raw01.db --to "$SH" >plain.out 2>plain.err
rc=$?
check "a plain copy into the shared database: refused, --as-province advised" \
    "[ $rc -eq 3 ] && grep -q 'give --as-province CODE' plain.err && unchanged"
snapshot before

join c01.db join
check "Ha Noi's file joins: every kind verified, the planners' records counted" \
    "[ $rc -eq 0 ] && [ \$(grep -c ' same\$' join.out) -eq 9 ] && grep -q '^seekers  *300 rows' join.out && grep -q '2 targets, 2 adjustments, 1 scenarios' join.out"
snapshot after
kept=0 arrived=0
for k in $kinds; do
    "$V" --quiet --db c01.db export "$k" >"file-$k.csv"
    # the target's rows before, each still there; the file's rows, each there as it is
    [ -z "$(comm -23 <(tail -n +2 "before/$k.csv" | sort) <(tail -n +2 "after/$k.csv" | sort))" ] ||
        { kept=1; echo "# $k: a row of the target changed"; }
    [ -z "$(comm -23 <(tail -n +2 "file-$k.csv" | sort) <(tail -n +2 "after/$k.csv" | sort))" ] ||
        { arrived=1; echo "# $k: a row of the file is missing"; }
done
check "the digest of each kind's line is the file's export's, as its centre checks it" \
    "( for k in $kinds; do grep -q \"^\$k  *[0-9]* rows  sha256 \$(sha256sum <file-\$k.csv | cut -d' ' -f1)  same\$\" join.out || exit 1; done )"
check "every row of the target is as it was" "[ $kept -eq 0 ]"
check "every row of the file is there as it is, and nothing else is new" \
    "[ $arrived -eq 0 ] && [ \$(tail -n +2 after/seekers.csv | wc -l) -eq 600 ] && [ \$(tail -n +2 after/referrals.csv | wc -l) -eq \$(( \$(tail -n +2 before/referrals.csv | wc -l) + \$(tail -n +2 file-referrals.csv | wc -l) )) ]"
f c01.db "SELECT referral || '|' || seq || '|' || outcome || '|' || outcome_on || '|' || COALESCE(CAST(wage AS BIGINT), -1) || '|' || recorded || '|' || source || '|' || COALESCE(staff, '') FROM referral_outcomes ORDER BY referral, seq" >file-outcomes
check "the outcome history: the file's events as recorded, the target's untouched" \
    "grep '^HN' after/outcomes | cmp -s - file-outcomes && grep -v '^HN' after/outcomes | cmp -s - before/outcomes"
"$V" --quiet --db "$SH" adjust list --all --format csv --province 01 >adj01
"$V" --quiet --db "$SH" target show 2026 --province 01 >target01
# numbered after Hai Phong's 1, in the file's order (PostgreSQL's numbers keep a gap for each
# refused attempt above: a sequence does not roll back)
a1=$(sed -n 2p adj01 | cut -d, -f1)
a2=$(sed -n 3p adj01 | cut -d, -f1)
check "the file's targets and judgements are Ha Noi's, with the next numbers; Hai Phong's as they were" \
    "cmp -s before/adj31 after/adj31 && cmp -s before/target31 after/target31 && [ \$(wc -l <adj01) -eq 3 ] && [ '$a1' -gt 1 ] && [ '$a2' -eq $((a1 + 1)) ] && sed -n 2p adj01 | grep -q 'Nhà máy mới ở Đông Anh.*,withdrawn,minh,' && sed -n 3p adj01 | grep -q 'Đơn hàng xuất khẩu.*,active,' && grep -q 'placed  *500' target01 && grep -q 'referred  *900' target01"

# and back out: Ha Noi's records alone into a new file are the file it came from
"$V" copy --from "$SH" --to out01.db --province 01 >out.out 2>out.err
rc=$?
check "Ha Noi taken back out of the shared database: every kind verified" \
    "[ $rc -eq 0 ] && [ \$(grep -c ' same\$' out.out) -eq 9 ] && grep -q '^seekers  *300 rows' out.out && grep -q '2 targets, 2 adjustments, 1 scenarios' out.out"
back=0
for k in $kinds; do
    "$V" --quiet --db out01.db export "$k" | cmp -s - "file-$k.csv" || { back=1; echo "# $k differs"; }
done
f out01.db "SELECT referral || '|' || seq || '|' || outcome || '|' || outcome_on || '|' || COALESCE(CAST(wage AS BIGINT), -1) || '|' || recorded || '|' || source || '|' || COALESCE(staff, '') FROM referral_outcomes ORDER BY referral, seq" >out-outcomes
for db in c01.db out01.db; do
    {
        "$V" --quiet --db "$db" target show 2026
        "$V" --quiet --db "$db" adjust list --all --format csv | cut -d, -f2-
        "$V" --quiet --db "$db" scenario list --all --format csv | cut -d, -f2-
    } >"plan-$db" 2>&1
done
check "the file taken out is the file that joined: every kind, the outcome history, targets and judgements" \
    "[ $back -eq 0 ] && cmp -s out-outcomes file-outcomes && cmp -s plan-c01.db plan-out01.db && grep -q 'Nhà máy mới' plan-out01.db"
"$V" copy --from "$SH" --to out31.db --province 31 >out31.out 2>&1
check "Hai Phong taken out: its records alone, none of Ha Noi's" \
    "[ \$? -eq 0 ] && grep -q '^seekers  *300 rows' out31.out && [ \$(sqlite3 out31.db \"SELECT COUNT(*) FROM seekers WHERE id LIKE 'HN%'\") -eq 0 ] && \"$V\" --quiet --db out31.db adjust list --all --format csv | grep -q 'Cảng Lạch Huyện'"
VIECLAM_LANG=vi "$V" copy --from "$SH" --to out31vi.db --province 31 >out31vi.out 2>&1
check "copy in Vietnamese: its words translated, the kind, count and checksum where they were" \
    "[ \$? -eq 0 ] && grep -Eq '^seekers +300 dòng  sha256 [0-9a-f]{64}  giống\$' out31vi.out && ! grep -q ' rows ' out31vi.out"
"$V" copy --from "$SH" --to out2.db --province 31,01 >out2.out 2>out2.err
check "--province takes one province" "[ \$? -eq 2 ] && grep -q 'one province' out2.err"

unchanged() { [ "$(q 'SELECT COUNT(*) FROM seekers')" = 600 ] && [ "$(q 'SELECT COUNT(*) FROM forecast_adjustments')" = 3 ]; }
join c01.db again
check "the same file again: refused, the record named" \
    "[ $rc -eq 3 ] && grep -q 'the target already holds .HN' again.err && unchanged"

# a centre numbered on its own: its ids are Hai Phong's (S0000001, E00001, ...); one seeker
# erased, the referrals' outcome history as generated
gen 13 79 g79 && load c79.db g79
E=$(f c79.db "SELECT id FROM seekers ORDER BY id LIMIT 1 OFFSET 5")
"$V" --quiet --db c79.db erase seeker "$E" --reason "yêu cầu xoá" >/dev/null
"$V" copy --from c79.db --to "$SH" --as-province 79 --id-prefix 'HC M' >bad.out 2>bad.err
rc=$?
"$V" copy --from c79.db --to "$SH" --id-prefix HCM- >bad2.out 2>bad2.err
check "--id-prefix: a prefix with a space is refused (3), without --as-province a usage error (2)" \
    "[ $rc -eq 3 ] && grep -q \"the id prefix 'HC M' is not 1 to 16\" bad.err && [ \$? -eq 0 ] && grep -q -- '--id-prefix goes with --as-province' bad2.err && unchanged"
"$V" copy --from c79.db --to "$SH" --as-province 79 --id-prefix HCM- >p79.out 2>p79.err
rc=$?
check "with --id-prefix HCM- the third centre joins: every kind verified" \
    "[ $rc -eq 0 ] && [ \$(grep -c ' same\$' p79.out) -eq 9 ] && grep -q '^seekers  *300 rows' p79.out && [ \"\$(q \"SELECT COUNT(*) FROM seekers WHERE id LIKE 'HCM-%'\")\" = 300 ] && [ \"\$(q 'SELECT COUNT(*) FROM seekers')\" = 900 ]"
n79=$(f c79.db "SELECT COUNT(*) FROM referral_outcomes")
check "its references renamed with the ids, its erasure and outcome history with them" \
    "[ \"\$(q \"SELECT COUNT(*) FROM referrals WHERE id LIKE 'HCM-%' AND seeker LIKE 'HCM-%' AND vacancy LIKE 'HCM-%'\")\" = \"\$(f c79.db 'SELECT COUNT(*) FROM referrals')\" ] && [ \"\$(q \"SELECT COUNT(*) FROM vacancies WHERE id LIKE 'HCM-%' AND employer LIKE 'HCM-%'\")\" = 60 ] && [ -n \"\$(q \"SELECT erased FROM seekers WHERE id = 'HCM-$E' AND erased IS NOT NULL\")\" ] && [ \"\$(q \"SELECT COUNT(*) FROM referral_outcomes WHERE referral LIKE 'HCM-%'\")\" = '$n79' ] && [ '$n79' -gt 0 ]"
"$V" copy --from "$SH" --to out79.db --province 79 >out79.out 2>&1
check "taken back out, it is the centre's file with the prefix before every id" \
    "[ \$? -eq 0 ] && diff <(f out79.db 'SELECT id FROM seekers ORDER BY id') <(f c79.db \"SELECT 'HCM-' || id FROM seekers ORDER BY id\") >/dev/null && diff <(f out79.db 'SELECT referral, seq, outcome, outcome_on FROM referral_outcomes ORDER BY 1, 2') <(f c79.db \"SELECT 'HCM-' || referral, seq, outcome, outcome_on FROM referral_outcomes ORDER BY 1, 2\") >/dev/null && [ \"\$(q \"SELECT COUNT(*) FROM access_audit WHERE action = 'copy' AND detail LIKE '%province 79, id prefix HCM-%'\")\" = 1 ]"
finish
