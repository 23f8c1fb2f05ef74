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
# every data table, not the audit trail (runs grow with each attempt)
dbsum() { sqlite3 "$DB" ".dump areas employers vacancies seekers history" | sha256sum; }
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
