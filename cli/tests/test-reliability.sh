#!/bin/bash
# test-reliability.sh - regressions for inputs and limits that once crashed vieclam or lost output
# silently: a CSV record failing part-way after a record with Vietnamese text (a double free),
# a huge --top for a single match; outputs that failed silently or half-way (a full disk, a
# re-planned fair's stale slips), world-readable outputs; commands missing from the audit, runs
# left 'running' by a killed process; an output or a backup naming the database or the input
# file (a typo that replaced the centre's data with a CSV).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

plan 31
DB="$T/t.db"
"$V" --db "$DB" init >/dev/null || exit 1

# an unterminated quote at the end of the file, after a record that needed NFC copies
printf 'id,name,industry,area\nE1,Công ty,C,10507\nE2,X,"open\n' >"$T/d.csv"
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

# ---- outputs: whole or not at all, failures named, 0600 ----
"$V" --db "$DEMO" match --seeker "$seeker" >/dev/full 2>"$T/err"
check "match --seeker >/dev/full exits 1" "[ $? -eq 1 ]"
check "... naming standard output" "grep -q 'standard output: write failed' '$T/err'"
"$V" --db "$DEMO" check >/dev/full 2>"$T/err"
check "check >/dev/full fails with a message" "[ $? -ne 0 ] && grep -q 'standard output' '$T/err'"
"$V" forecast --db "$DEMO" --horizon 4 --out /dev/full 2>"$T/err"
check "forecast --out /dev/full exits 1 naming the file" \
    "[ $? -eq 1 ] && grep -q '/dev/full: write failed' '$T/err'"
before=$(sqlite3 "$DEMO" "SELECT count(*) FROM match_results")
"$V" --db "$DEMO" match --all-seekers --out /dev/full 2>"$T/err"
rc=$?
after=$(sqlite3 "$DEMO" "SELECT count(*) FROM match_results")
check "match --all-seekers to a full disk fails" "[ $rc -eq 1 ] && grep -q '/dev/full' '$T/err'"
check "... and keeps no results in the database" "[ '$before' = '$after' ]"
check "... and its run is recorded as failed" \
    "[ \"\$(sqlite3 '$DEMO' \"SELECT status FROM runs ORDER BY id DESC LIMIT 1\")\" != ok ]"
(umask 000 && "$V" --db "$DEMO" match --all-seekers --out "$T/all.csv" >/dev/null 2>&1)
check "results are 0600 even under umask 000" "[ \"\$(stat -c %a '$T/all.csv')\" = 600 ]"
check "no temporary file is left beside them" "! ls -A '$T' | grep -q '\.tmp-'"

# a fair re-planned into the same folder: the earlier fair's slips do not survive
(umask 000 && "$V" --db "$DEMO" fair plan --fair HP-2026-03 --as-of 2026-03-01 --out "$T/plan" \
    >/dev/null 2>&1)
n1=$(ls "$T/plan/slips" | wc -l)
check "a plan folder is 0700 and its files 0600" \
    "[ \"\$(stat -c %a '$T/plan')\" = 700 ] && [ \"\$(stat -c %a '$T/plan/invitations.csv')\" = 600 ]"
"$V" --db "$DEMO" fair plan --fair HP-2026-04 --as-of 2026-03-20 --out "$T/plan" >/dev/null 2>&1
n2=$(ls "$T/plan/slips" | wc -l)
inv=$(($(wc -l <"$T/plan/invitations.csv") - 1))
check "re-planning replaces the folder whole (slips $n1 -> $n2)" \
    "[ $n2 -lt $n1 ] && [ -f '$T/plan/summary.json' ]"
mkdir "$T/mine" && echo keep >"$T/mine/letter.txt"
"$V" --db "$DEMO" fair plan --fair HP-2026-04 --as-of 2026-03-20 --out "$T/mine" >/dev/null 2>"$T/err"
check "a folder vieclam did not write is refused, its files kept" \
    "[ $? -ne 0 ] && grep -q 'did not write' '$T/err' && [ -f '$T/mine/letter.txt' ]"
: "$inv"

# ---- the database and the input are never written over ----
seekers0=$(sqlite3 "$DEMO" "SELECT count(*) FROM seekers")
"$V" --db "$DEMO" export seekers --out "$DEMO" >/dev/null 2>"$T/err"
check "export --out naming the database is a usage error" \
    "[ $? -eq 2 ] && grep -q 'the database or an input file in use' '$T/err'"
ln -s "$DEMO" "$T/again.db"
"$V" --db "$DEMO" backup --out "$T/again.db" >/dev/null 2>"$T/err"
check "backup --out a link to the database is refused" "[ $? -eq 2 ] && [ -L '$T/again.db' ]"
check "... and the database is whole, its seekers all there" \
    "[ \"\$(sqlite3 '$DEMO' 'PRAGMA quick_check; SELECT count(*) FROM seekers' | tr '\n' ' ')\" = 'ok $seekers0 ' ]"
printf 'id,name,industry,area\nE900,Công ty Thử,C,10507\nE901,,C,10507\n' >"$T/in.csv"
cp "$T/in.csv" "$T/in.keep"
"$V" --db "$DEMO" import employers "$T/in.csv" --skip-invalid --rejects "$T/in.csv" \
    >/dev/null 2>"$T/err"
check "--rejects naming the file imported is refused, the file kept" \
    "[ $? -eq 2 ] && cmp -s '$T/in.csv' '$T/in.keep'"

# ---- audit: every command in runs, failed ones too; killed runs marked interrupted ----
last() { sqlite3 "$DEMO" "SELECT command || '|' || status FROM runs ORDER BY id DESC LIMIT 1"; }
"$V" --db "$DEMO" export seekers --out "$T/s.csv" >/dev/null 2>&1
check "export is audited" "last | grep -q 'export seekers.*|ok'"
"$V" --db "$DEMO" match --seeker "$seeker" >/dev/null 2>&1
check "a single match is audited" "last | grep -q \"match --seeker $seeker.*|ok\""
"$V" --db "$DEMO" match --seeker NO-SUCH-ID >/dev/null 2>&1
check "a failed match is audited as failed" "last | grep -q 'NO-SUCH-ID' && ! last | grep -q '|ok'"
"$V" --db "$DEMO" fair candidates --fair HP-2026-03 --as-of 2026-03-01 --out "$T/c.csv" >/dev/null 2>&1
check "fair candidates is audited" "last | grep -q 'fair candidates.*|ok'"
"$V" --db "$DEMO" import employers "$T/missing.csv" >/dev/null 2>&1
check "an import of a missing file is audited as failed" \
    "last | grep -q 'import employers' && ! last | grep -q '|ok'"
"$V" --db "$DEMO" fair plan --fair HP-2026-03 --as-of 2026-03-01 --out "$T/p2" \
    --match-model "$ROOT/models/matching.yaml" >/dev/null 2>&1
check "fair plan records the matching model with its SHA-256" \
    "sqlite3 '$DEMO' \"SELECT inputs FROM runs ORDER BY id DESC LIMIT 1\" | grep -q 'matching.yaml.*$(sha256sum "$ROOT/models/matching.yaml" | cut -c1-64)'"
# a run whose process is gone (a pid that cannot exist) and one of a live process (this shell)
sqlite3 "$DEMO" "INSERT INTO runs(started, command, pid, pid_start) VALUES ('2025-01-01T00:00:00Z', 'killed', 2147483600, '1');
  INSERT INTO runs(started, command, pid, pid_start) VALUES ('2025-01-01T00:00:00Z', 'alive', $$, '$(cut -d' ' -f22 /proc/$$/stat)');
  INSERT INTO runs(started, command) VALUES ('2025-01-01T00:00:00Z', 'old row');"
"$V" --db "$DEMO" export areas >/dev/null 2>&1
check "a run whose process was killed is marked interrupted at the next start" \
    "[ \"\$(sqlite3 '$DEMO' \"SELECT group_concat(status) FROM runs WHERE command IN ('killed', 'old row')\")\" = interrupted,interrupted ]"
check "... and a live process's run is left running" \
    "[ \"\$(sqlite3 '$DEMO' \"SELECT status FROM runs WHERE command = 'alive'\")\" = running ]"
# a workbook to a full disk (a small tmpfs, in a mount namespace of its own where the system
# allows one): one message naming the file, nothing printed by libxlsxwriter itself
mkdir "$T/full"
if unshare -rm sh -c "mount -t tmpfs -o size=8k tmpfs '$T/full' && \
    '$V' template seekers --out '$T/full/s.xlsx' >'$T/out' 2>'$T/err'; echo \$? >'$T/rc'" \
    2>/dev/null && [ -s "$T/rc" ]; then
    check "template to a full disk: exit 1, one line naming the file, no library noise" \
        "[ \$(cat '$T/rc') -eq 1 ] && [ \$(wc -l <'$T/err') -eq 1 ] && grep -q '$T/full/s.xlsx: cannot write the workbook' '$T/err'"
else
    ok "template to a full disk # SKIP no mount namespace for a small tmpfs"
fi
# a database on a read-only file system (a tmpfs remounted read-only, in a mount namespace of
# its own; as root a file's mode alone does not stop a write): a command that writes says the
# file cannot be written, naming it, and `check`, which only reads, works
mkdir "$T/ro"
if unshare -rm sh -c "mount -t tmpfs tmpfs '$T/ro' && cp '$DB' '$T/ro/r.db' && \
    mount -o remount,ro '$T/ro' && \
    '$V' --lang en --db '$T/ro/r.db' import employers '$T/d.csv' >/dev/null 2>'$T/err'; \
    echo \$? >'$T/rc'; '$V' --lang en --db '$T/ro/r.db' check >'$T/out' 2>>'$T/err'; \
    echo \$? >>'$T/rc'" 2>/dev/null && [ -s "$T/rc" ]; then
    check "an import into a database on a read-only file system says it cannot be written" \
        "[ \$(sed -n 1p '$T/rc') -eq 1 ] && grep -q '$T/ro/r.db: cannot be written' '$T/err' && ! grep -q 'not a vieclam database' '$T/err'"
    check "... and check reads it there: exit 0" \
        "[ \$(sed -n 2p '$T/rc') -eq 0 ] && grep -q '0 problems' '$T/out'"
else
    ok "a database on a read-only file system # SKIP no mount namespace for a tmpfs"
    ok "... and check reads it there # SKIP no mount namespace for a tmpfs"
fi
finish
