#!/bin/bash
# test-reliability.sh - regressions for inputs and limits that once crashed vieclam or lost output
# silently: a CSV record failing part-way after a record with Vietnamese text (a double free),
# a huge --top for a single match.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

plan 4
DB="$T/t.db"
"$V" --db "$DB" init >/dev/null || exit 1

# an unterminated quote at the end of the file, after a record that needed NFC copies
printf 'id,name,industry,area\nE1,Công ty,C,288\nE2,X,"open\n' >"$T/d.csv"
"$V" --db "$DB" import employers "$T/d.csv" >"$T/out" 2>&1
rc=$?
check "a quote left open after a Vietnamese record: exit 3, no crash" "[ $rc -eq 3 ]"
check "... and the message names the file and line" \
    "grep -q 'd.csv:3: a quoted field opened here is never closed' '$T/out'"

DEMO="$T/demo.db"
"$V" --db "$DEMO" demo >/dev/null 2>&1 || exit 1
seeker=$("$V" --db "$DEMO" export seekers | sed -n 2p | cut -d, -f1)
"$V" --db "$DEMO" match --seeker "$seeker" --top 18446744073709551615 >"$T/top.out" 2>&1
rc=$?
check "match --top SIZE_MAX does not crash" "[ $rc -eq 0 ] || [ $rc -eq 2 ]"
"$V" --db "$DEMO" match --seeker "$seeker" --top 0 >"$T/top0.out" 2>&1
check "match --top 0 is a usage error" "[ $? -eq 2 ]"
finish
