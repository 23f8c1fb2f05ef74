#!/bin/bash
# test-bad-input.sh - the bad-input classes as one table: for each class a file is built, the
# command run, and the exit code, the message (FILE:LINE and the reason) and a checksum of the
# database's data (unchanged: imports are all or nothing) are checked. Classes that once crashed
# vieclam or said something misleading are here, so they stay fixed.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB="$T/t.db"
"$V" --db "$DB" init >/dev/null || exit 1
printf 'id,name,industry,area\nE1,Công ty Thợ hàn,C,31\n' >"$T/ok.csv"
"$V" --db "$DB" import employers "$T/ok.csv" >/dev/null || exit 1
# a vacancy with one position, a seeker, and a hire that fills it (for the placement kinds)
printf 'id,employer,title,occupation,skills_required,skills_preferred,education_min,experience_min,languages,wage_min,wage_max,positions,area,country,age_min,age_max,posted,closes,fair\nV1,E1,Thợ hàn,7212,,,,,,,,1,31,,,,2025-01-02,2025-12-31,\n' >"$T/v.csv"
printf 'id,name,birth_year,gender,area,education,occupations,skills,experience_years,languages,wage_min,max_commute_km,abroad,priority,registered,status,phone,id_card\nS1,Nguyễn Văn An,1990,male,31,,7212,,,,,,,,2025-01-03,active,,\n' >"$T/s.csv"
printf 'id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\nR1,S1,V1,2025-02-01,desk,,hired,2025-02-10,2025-02-15,8000000\n' >"$T/r.csv"
for k in vacancies:v seekers:s referrals:r; do
    "$V" --db "$DB" import "${k%%:*}" "$T/${k#*:}.csv" >/dev/null || exit 1
done
# every data table, not the audit trail (runs grow with each attempt)
dbsum() {
    sqlite3 "$DB" ".dump areas employers vacancies seekers history referrals referral_outcomes followups counselling fairs" |
        sha256sum
}
zw=$'\u200b' rlo=$'\u202e' nbsp=$'\u00a0'

# class | file name | bytes (printf format) | command (FILE = the file) | exit | message (grep -E)
table=(
  "unterminated quote after a Vietnamese record (was a double free)|d.csv|id,name,industry,area\nE1,Công ty,C,288\nE2,X,\"open\n|import employers FILE|3|d.csv:3: a quoted field opened here is never closed"
  "CR-only line ends|cr.csv|id,name,industry,area\rE2,x,C,31\r|import employers FILE|3|cr.csv:1: the lines end with a carriage return only"
  "a NUL byte in UTF-8 text|nul.csv|id,name,industry,area\nE2,a\0b,C,31\n|import employers FILE|3|nul.csv:2: a NUL byte \\(0x00\\) at byte 5"
  "UTF-16 with a byte order mark|u16.csv|\xff\xfei\0d\0\n\0|import employers FILE|3|u16.csv:1: the file is UTF-16"
  "Windows-1258 bytes|ansi.csv|id,name,industry,area\nE2,C\xf4ng ty,C,31\n|import employers FILE|3|ansi.csv:2: column name: invalid UTF-8 byte 0xF4.*Windows-1258"
  "zero-width space in an id|zw.csv|id,name,industry,area\nE1${zw},x,C,31\n|import employers FILE|3|zw.csv:2: column id: contains U\\+200B \\(zero width space\\)"
  "no-break space in an id|nb.csv|id,name,industry,area\nE${nbsp}3,x,C,31\n|import employers FILE|3|nb.csv:2: column id: contains U\\+00A0 \\(no-break space\\)"
  "bidi override in a name|rlo.csv|id,name,industry,area\nE4,abc${rlo}def,C,31\n|import employers FILE|3|rlo.csv:2: column name: contains U\\+202E"
  "an empty file|empty.csv||import employers FILE|3|empty.csv: the file is empty"
  "an unknown column|col.csv|id,name,industry,area,colour\nE5,x,C,31,red\n|import employers FILE|3|col.csv:1: column colour: unknown column"
  "a decimal comma|hist.csv|series,period,value\nvacancies,2024Q1,\"1,5\"\n|import history FILE|3|hist.csv:2: column value: .*decimal comma"
  "a referral of an unknown seeker|r1.csv|id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\nR2,S9,V1,2025-02-01,desk,,,,,\n|import referrals FILE|3|r1.csv:2: column seeker: unknown seeker id .S9."
  "a referral by e-mail (not a channel)|r2.csv|id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\nR2,S1,V1,2025-02-01,email,,,,,\n|import referrals FILE|3|r2.csv:2: column channel: .email. is not a channel"
  "an outcome dated before the referral|r3.csv|id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\nR2,S1,V1,2025-02-01,desk,,interviewed,2025-01-20,,\n|import referrals FILE|3|r3.csv:2: column outcome_on: .2025-01-20. is before referred_on"
  "a referral date written dd/mm/yyyy|r4.csv|id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\nR2,S1,V1,01/02/2025,desk,,,,,\n|import referrals FILE|3|r4.csv:2: column referred_on: .01/02/2025. is not an ISO 8601 date.*--dates dmy"
  "an outcome moving back in time|r5.csv|id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\nR1,S1,V1,2025-02-01,desk,,interviewed,2025-02-05,,\n|import referrals FILE|3|r5.csv:2: column outcome_on: .*outcomes only move forward in time"
  "a hire with no position left|r6.csv|id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\nR3,S1,V1,2025-02-01,desk,,hired,2025-02-11,2025-02-15,\n|import referrals FILE|3|r6.csv:2: column outcome: vacancy .V1. has no open position left"
  "a hire without its first day|r7.csv|id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\nR2,S1,V1,2025-02-01,desk,,hired,2025-02-11,,\n|import referrals FILE|3|r7.csv:2: column start_on: empty; a hire needs start_on"
  "a follow-up of an unknown referral|f1.csv|referral,checked_on,employed\nR9,2025-05-15,yes\n|import followups FILE|3|f1.csv:2: column referral: unknown referral id .R9."
  "a follow-up neither yes nor no|f2.csv|referral,checked_on,employed\nR1,2025-05-15,maybe\n|import followups FILE|3|f2.csv:2: column employed: .maybe. is not yes or no"
  "a follow-up before the first day|f3.csv|referral,checked_on,employed\nR1,2025-02-01,yes\n|import followups FILE|3|f3.csv:2: column checked_on: .2025-02-01. is before the hire.s start_on"
  "counselling of an unknown seeker|c1.csv|seeker,counselled_on,staff,topic\nS9,2025-02-01,cb,x\n|import counselling FILE|3|c1.csv:2: column seeker: unknown seeker id .S9."
  "a job fair on 30 February|j1.csv|id,name,date,area,venue,capacity\nF1,Phiên,2025-02-30,31,TT,100\n|import fairs FILE|3|j1.csv:2: column date: .2025-02-30. is not a real calendar date"
  "a phone whose leading 0 Excel dropped|p0.csv|id,name,birth_year,gender,area,education,occupations,skills,experience_years,languages,wage_min,max_commute_km,abroad,priority,registered,status,phone,id_card\nS2,Trần Thị Bình,1992,female,31,,7212,,,,,,,,2025-01-03,active,912345678,\n|import seekers FILE|3|p0.csv:2: column phone: the phone number does not start with 0: Excel probably dropped the leading zero"
  "an ID card number whose leading 0 Excel dropped|id0.csv|id,name,birth_year,gender,area,education,occupations,skills,experience_years,languages,wage_min,max_commute_km,abroad,priority,registered,status,phone,id_card\nS2,Trần Thị Bình,1992,female,31,,7212,,,,,,,,2025-01-03,active,0912345678,30167318486\n|import seekers FILE|3|id0.csv:2: column id_card: 11 digits: Excel probably dropped the leading zero"
  "a job fair with a negative capacity|j2.csv|id,name,date,area,venue,capacity\nF1,Phiên,2025-02-03,31,TT,-5\n|import fairs FILE|3|j2.csv:2: column capacity: .-5. is negative"
)

n_checks=$((${#table[@]} * 3 + 7))
plan $n_checks
before=$(dbsum)
for row in "${table[@]}"; do
    IFS='|' read -r class name bytes cmd want msg <<<"$row"
    printf "$bytes" >"$T/$name"
    # shellcheck disable=SC2086
    "$V" --db "$DB" ${cmd/FILE/$T/$name} >"$T/out" 2>&1
    rc=$?
    check "$class: exit $want" "[ $rc -eq $want ]"
    check "$class: says why (FILE:LINE)" "grep -qE '$msg' '$T/out'"
    check "$class: the database is unchanged" "[ \"\$(dbsum)\" = '$before' ]"
done

# bounded work: a 100,000-column header and 100,000 nested brackets in a model file answer at once
python3 -c "print(','.join('c%d' % i for i in range(100000)))" >"$T/wide.csv"
start=$(date +%s%N)
"$V" --db "$DB" import employers "$T/wide.csv" >"$T/out" 2>&1
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "a 100,000-column header: exit 3 saying the column limit" \
    "[ $rc -eq 3 ] && grep -q 'wide.csv:1: more than 1000 columns' '$T/out'"
check "... within 5 s ($ms ms)" "[ $ms -lt 5000 ]"
python3 -c "print('model: matching\nfit:\n  weights: ' + '[' * 100000 + ']' * 100000)" >"$T/deep.yaml"
start=$(date +%s%N)
"$V" --db "$DB" match --seeker S1 --model "$T/deep.yaml" >"$T/out" 2>&1
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "100,000 nested brackets in a model: exit 3 with FILE:LINE:COL" \
    "[ $rc -eq 3 ] && grep -qE 'deep.yaml:3:[0-9]+: nested more than 64 levels' '$T/out'"
check "... within 5 s ($ms ms)" "[ $ms -lt 5000 ]"

# model files: missing is exit 3 for every command; a rule between keys names its line
"$V" --db "$DB" match --seeker S1 --model "$T/none.yaml" >/dev/null 2>&1
rc1=$?
"$V" --db "$DB" fair plan --all-open --model "$T/none.yaml" --out "$T/plan" >/dev/null 2>&1
rc2=$?
check "a missing model file is exit 3 in match ($rc1) and fair plan ($rc2)" \
    "[ $rc1 -eq 3 ] && [ $rc2 -eq 3 ]"
sed -E 's/^(    (occupation|skills|experience|education)): [0-9.]+/\1: 0/' \
    "$ROOT/models/matching.yaml" >"$T/zero.yaml"
"$V" --db "$DB" match --seeker S1 --model "$T/zero.yaml" >"$T/out" 2>&1
check "fit weights that sum to zero: the message names the line" \
    "grep -qE 'zero.yaml:[0-9]+: the fit weights sum to zero' '$T/out'"
check "the database is unchanged after all of it" "[ \"\$(dbsum)\" = '$before' ]"
finish
