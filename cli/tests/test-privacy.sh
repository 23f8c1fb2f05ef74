#!/bin/bash
# test-privacy.sh - personal data (Decree 13/2023/ND-CP): `erase seeker` removes a person's data
# from every table and keeps the anonymous rows (and, on SQLite, leaves no old value in the file
# or its WAL), the erasure is audited without the data, `export --pseudonymise` writes keyed
# hashes, the retention rule with --dry-run, `backup` (0600, consistent) and `restore` (checked,
# whole). With the argument `postgresql` (meson's cli-privacy-pg, under scripts/with-pg.sh) the
# same runs on PostgreSQL, where backup/restore must refuse and point to pg_dump.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ "${1:-}" = postgresql ] && export VL_TEST_DB=postgresql
PG=false
[ "${VL_TEST_DB:-}" = postgresql ] && PG=true

if $PG; then plan 80; else plan 89; fi
DB=$(db_target privacy)
S="$ROOT/fixtures/sample"
# SQL on either backend (psql reads the same URL, search_path included)
q()
{
    if $PG; then psql -X -q -At "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi
}

cd "$T" || exit 1
(head -1 "$S/employers.csv"; grep '^E00112,' "$S/employers.csv") >employers.csv
(head -1 "$S/vacancies.csv"; grep '^V000001,' "$S/vacancies.csv") >vacancies.csv
{
    sed -n 1,4p "$S/seekers.csv"
    echo 'S9999999,Lường Thị Quyếnh,1990,female,10966,upper_secondary,6111,,2,,8000000,,JP,poor;disability,2024-07-16,active,0912345678,012345678901'
} >seekers.csv
printf 'id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage\n%s\n' \
    'R1,S9999999,V000001,2025-03-05,desk,lan.nguyen,hired,2025-03-10,2025-03-15,9123456' \
    >referrals.csv
printf 'seeker,counselled_on,staff,topic\n%s\n' \
    'S9999999,2025-03-01,hoa.tran,Muốn đi Nhật vì nợ ngân hàng Quyếnh' >counselling.csv
"$V" --db "$DB" init >/dev/null || exit 1
for k in employers vacancies seekers referrals counselling; do
    "$V" --db "$DB" import "$k" "$k.csv" >/dev/null || { echo "# import $k failed"; exit 1; }
done
# the phone changed once: its old value was in a row that was rewritten
sed 's/0912345678/0977777666/' seekers.csv >seekers2.csv
"$V" --db "$DB" import seekers seekers2.csv >/dev/null || exit 1

exports() { for k in seekers referrals counselling; do "$V" --db "$DB" export "$k"; done; }
# a kind's export with the CSV's CRLF line ends made LF
exp() { "$V" --db "$DB" export "$1" | tr -d '\r'; }
exports >before.csv
# the command line writes personal data in and out as the desk does: the access audit has it
check "each import and export of the command line is in the access audit (the OS user, the run or the kind)" \
    "[ \"\$(q \"SELECT action || ':' || kind || ':' || COALESCE(detail, '') FROM access_audit WHERE by_user = '$(id -un)' AND action IN ('import', 'export') ORDER BY id\" | tr '\n' ' ')\" = 'import:run:employers import:run:vacancies import:run:seekers import:run:referrals import:run:counselling import:run:seekers export:seekers: export:referrals: export:counselling: ' ] && [ \"\$(q \"SELECT COUNT(*) FROM access_audit a JOIN runs r ON CAST(r.id AS TEXT) = a.record WHERE a.action = 'import' AND r.command LIKE '%import%'\")\" = 6 ]"

# secrets of the person, and whether the files hold them
secrets=('Lường Thị Quyếnh' 'quyenh' '0912345678' '0977777666' '012345678901' '9123456' 'nợ ngân hàng')
in_files()
{
    local hits=0 f
    for s in "${secrets[@]}"; do
        for f in "$DB" "$DB-wal"; do
            [ -f "$f" ] && grep -a -q -F "$s" "$f" && hits=$((hits + 1))
        done
    done
    echo "$hits"
}
if ! $PG; then
    check "before the erasure the database file or WAL holds the person's data (the probe works)" \
        "[ \$(in_files) -gt 0 ]"
fi

# ---- the person asks for their data: `provide seeker` ----
# a shortlist that named them among others, and one naming a longer id that merely starts alike
q "INSERT INTO access_audit(at, by_user, action, kind, record, detail) VALUES ('2025-03-02T01:00:00Z', 'lan.nguyen', 'shortlist', 'vacancy', 'V000001', 'S0000001,S9999999,S0000002'), ('2025-03-02T02:00:00Z', 'lan.nguyen', 'shortlist', 'vacancy', 'V000009', 'S99999990')" >/dev/null
"$V" --db "$DB" provide seeker S9999999 --out prov.json >out 2>err
check "provide seeker writes the document, mode 0600" \
    "[ $? -eq 0 ] && [ \"\$(stat -c %a prov.json)\" = 600 ]"
cat >prov-check.py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["record"]
assert d["format"] == "vieclam-seeker-data/1" and d["seeker"] == "S9999999", d
assert d["provided_by"] == sys.argv[2] and d["erased"] is None, d
assert (r["name"], r["birth_year"], r["gender"], r["phone"], r["id_card"], r["priority"]) == \
    ("Lường Thị Quyếnh", "1990", "female", "0977777666", "012345678901", "poor;disability"), r
[ref] = d["referrals"]
assert (ref["id"], ref["vacancy"], ref["employer"], ref["outcome"], ref["start_on"], ref["wage"],
        ref["staff"]) == ("R1", "V000001", "E00112", "hired", "2025-03-15", 9123456, "lan.nguyen"), ref
assert [(o["seq"], o["outcome"], o["wage"]) for o in ref["outcomes"]] == [(1, "hired", 9123456)], ref
assert d["counselling"] == [{"counselled_on": "2025-03-01", "staff": "hoa.tran",
                             "topic": "Muốn đi Nhật vì nợ ngân hàng Quyếnh"}], d["counselling"]
acc = [(a["action"], a["kind"], a["record"]) for a in d["access"]]
# the shortlist naming them, then this provision; not the list of S99999990; no staff, no other ids
assert acc == [("shortlist", "vacancy", "V000001"), ("provide", "seeker", "S9999999")], acc
assert "lan.nguyen" not in json.dumps(d["access"]) and "S0000001" not in json.dumps(d), d["access"]
PY
check "it holds the record, the referral with its outcome history, the counselling notes and the audit's rows about them (not the staff, not the other ids of a list)" \
    "python3 prov-check.py prov.json '$(id -un)'"
"$V" --db "$DB" provide seeker S9999999 >stdout.json 2>err
check "without --out the document goes to standard output" \
    "[ $? -eq 0 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' stdout.json"
check "each provision is in the access audit (action provide, the OS user)" \
    "[ \"\$(q \"SELECT COUNT(*) FROM access_audit WHERE action = 'provide' AND kind = 'seeker' AND record = 'S9999999' AND by_user = '$(id -un)'\")\" = 2 ]"
# matching at the command line reads people: audited as the desk's matching is
"$V" --db "$DB" --quiet match --seeker S0000001 --as-of 2025-06-01 >/dev/null 2>&1
"$V" --db "$DB" --quiet match --vacancy V000001 --as-of 2025-06-01 >/dev/null 2>&1
"$V" --db "$DB" --quiet match --seeker S0000001 --why V000001 --as-of 2025-06-01 >/dev/null 2>&1
check "match --seeker, --vacancy and --why write the desk's audit rows (a shortlist with its ids)" \
    "[ \"\$(q \"SELECT action || '|' || kind || '|' || record || '|' || COALESCE(detail, '') FROM access_audit WHERE action IN ('match', 'why') OR (action = 'shortlist' AND by_user <> 'lan.nguyen') ORDER BY id\" | tr '\\n' ' ')\" = \
       'match|seeker|S0000001| shortlist|vacancy|V000001| why|seeker|S0000001|V000001 ' ]"
"$V" --db "$DB" provide seeker S0000404 --out none.json >out 2>err
check "an unknown id: exit 3 naming it, no file, no audit row" \
    "[ $? -eq 3 ] && grep -q 'S0000404' err && [ ! -e none.json ] && [ \"\$(q \"SELECT COUNT(*) FROM access_audit WHERE record = 'S0000404'\")\" = 0 ]"
"$V" --db "$DB" provide S9999999 >out 2>err
check "provide without 'seeker' is a usage error" "[ $? -eq 2 ] && grep -q 'seeker ID' err"

# ---- refusals: nothing changes ----
"$V" --db "$DB" erase seeker S9999999 >out 2>err
check "erase without --reason is a usage error" "[ $? -eq 2 ] && grep -q -- '--reason' err"
"$V" --db "$DB" erase seeker S9999999 S0000404 --reason "test" >out 2>err
check "an unknown id: exit 3 naming it, and nothing erased (all or nothing)" \
    "[ $? -eq 3 ] && grep -q 'S0000404' err && exports | cmp -s - before.csv"
"$V" --db "$DB" erase seeker S9999999 --reason "   " >out 2>err
check "a reason of only spaces is refused, nothing erased" \
    "[ $? -ne 0 ] && grep -q 'needs a reason' err && exports | cmp -s - before.csv"

# ---- the erasure ----
"$V" --db "$DB" erase seeker S9999999 --reason "the person asked (form 12/2026)" >out 2>err
check "erase seeker exits 0 and says so" "[ $? -eq 0 ] && grep -q 'erased the personal data of 1' out"
row=$(exp seekers | grep '^S9999999,')
IFS=, read -r id name by sex area edu occ skills exp langs wage commute abroad prio reg status phone card <<<"$row"
check "name, birth year, sex, phone, ID card and priority groups are empty" \
    "[ -z '$name$by$sex$phone$card$prio' ]"
check "the anonymous part stays (area, education, occupation, registration) and status is withdrawn" \
    "[ '$area/$edu/$occ/$reg/$status' = '10966/upper_secondary/6111/2024-07-16/withdrawn' ]"
check "the other seekers are untouched" \
    "[ \"\$(\"$V\" --db \"$DB\" export seekers | grep -v '^S9999999,' | sha256sum)\" = \"\$(sed -n '1,4p' before.csv | sha256sum)\" ]"
check "the referral stays for the counts (hired) without the wage" \
    "exp referrals | grep -q '^R1,S9999999,V000001,2025-03-05,desk,lan.nguyen,hired,2025-03-10,2025-03-15,\$'"
check "the counselling session stays without its notes" \
    "exp counselling | grep -q '^S9999999,2025-03-01,hoa.tran,\$'"
check "the outcome history lost the wage too" \
    "[ \"\$(q \"SELECT COUNT(*) FROM referral_outcomes WHERE wage IS NOT NULL\")\" = 0 ]"
check "seekers.erased holds the date, name_key is gone" \
    "[ \"\$(q \"SELECT COUNT(*) FROM seekers WHERE id = 'S9999999' AND erased IS NOT NULL AND name_key IS NULL AND sig IS NULL\")\" = 1 ]"
check "the access audit records the erasure: id, reason, no data" \
    "[ \"\$(q \"SELECT action || '|' || kind || '|' || record || '|' || detail FROM access_audit WHERE action = 'erase'\")\" = 'erase|seeker|S9999999|reason: the person asked (form 12/2026)' ]"
check "the run is in the audit trail, ok" \
    "[ \"\$(q \"SELECT status FROM runs WHERE command LIKE '%erase seeker S9999999 --reason%' ORDER BY id DESC LIMIT 1\")\" = ok ]"
q "UPDATE access_audit SET detail = 'x'" >/dev/null 2>&1
check "the access audit stays append-only" \
    "[ \"\$(q \"SELECT detail FROM access_audit WHERE action = 'erase'\")\" = 'reason: the person asked (form 12/2026)' ]"
"$V" --db "$DB" erase seeker S9999999 S9999999 --reason "asked twice" >out 2>err
check "an id erased already (here listed twice) is not erased nor counted again, nor audited" \
    "[ $? -eq 0 ] && grep -q 'erased the personal data of 0 seekers' out &&
     grep -q '2 of the ids were erased already' out && grep -q \"S9999999' was erased already\" err &&
     [ \"\$(q \"SELECT COUNT(*) FROM access_audit WHERE action = 'erase'\")\" = 1 ]"
# ---- reading the audit on the command line ----
"$V" --db "$DB" audit --action erase --format csv --out audit.csv >out 2>err
check "audit --format csv writes the rows the filters keep, in words, with the local day and time, mode 0600" \
    "[ $? -eq 0 ] && [ \"\$(stat -c %a audit.csv)\" = 600 ] && [ \"\$(head -1 audit.csv | tr -d '\\r')\" = 'Date,Time,User,Action,Kind of record,Record,Detail' ] && [ \$(wc -l <audit.csv) -eq 2 ] && tr -d '\\r' <audit.csv | grep -q -E '^[0-9]{4}-[0-9]{2}-[0-9]{2},[0-9]{2}:[0-9]{2}:[0-9]{2},$(id -un),Erased personal data,Job seeker,S9999999,reason: the person asked \\(form 12/2026\\)$' -"
check "... and that export is itself in the audit, with its row count" \
    "[ \"\$(q \"SELECT action || ':' || kind || ':' || detail || ':' || by_user FROM access_audit ORDER BY id DESC LIMIT 1\")\" = 'export:audit:1:$(id -un)' ]"
VIECLAM_LANG=vi "$V" --db "$DB" audit --record S9999999 --limit 3 >table.txt 2>err
check "the table lists the newest rows about a record in Vietnamese under a Vietnamese locale" \
    "[ $? -eq 0 ] && grep -q 'Thao tác' table.txt && grep -q 'Xoá dữ liệu cá nhân' table.txt && grep -q -E '^3 / [0-9]+ dòng' table.txt"
"$V" --db "$DB" audit --record S9999999 --format csv --out rec.csv >out 2>err
check "audit --record lists the lists that named the seeker (as provide does), not a longer id's" \
    "[ $? -eq 0 ] && grep -q ',V000001,\"S0000001,S9999999,S0000002\"' rec.csv && ! grep -q V000009 rec.csv"
"$V" --db "$DB" audit --format xlsx >out 2>err
rc1=$?
"$V" --db "$DB" audit --from 2026-02-01 --to 2026-01-01 >out 2>err
check "a workbook needs --out, and a period ending before it starts is refused (usage, exit 2)" \
    "[ $rc1 -eq 2 ] && [ $? -eq 2 ] && grep -q -- '--from' err"
"$V" --db "$DB" provide seeker S9999999 --out erased.json >out 2>err
check "after the erasure, provide says so and holds none of the erased data" \
    "[ $? -eq 0 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d[\"record\"]; assert d[\"erased\"] and r[\"name\"] is None and r[\"phone\"] is None and r[\"priority\"] is None and d[\"referrals\"][0][\"wage\"] is None and d[\"counselling\"][0][\"topic\"] is None, d' erased.json && ! grep -q -F -e 'Quyếnh' -e 9123456 erased.json"
if ! $PG; then
    check "no old value is left in the database file or its WAL (secure_delete, FTS merged, WAL truncated)" \
        "[ \$(in_files) -eq 0 ]"
    check "the WAL was emptied" "[ ! -s '$DB-wal' ]"
    check "the database is whole" "[ \"\$(sqlite3 '$DB' 'PRAGMA integrity_check')\" = ok ]"
fi
"$V" --db "$DB" export seekers >after.csv
"$V" --db "$DB" import seekers after.csv >/dev/null
"$V" --db "$DB" import seekers after.csv >imp.out
check "the export of an erased seeker imports again and stays the same" \
    "grep -q 'unchanged 4' imp.out && \"$V\" --db \"$DB\" export seekers | cmp -s - after.csv"

# ---- the erasure sticks: old files and forms do not bring the data back ----
exports >before-re.csv
"$V" --db "$DB" import seekers seekers.csv >out 2>err
check "re-importing an old file with the erased person's row is refused: file, line, column id, the date" \
    "[ $? -eq 3 ] && grep -q \"^seekers.csv:5: column id: this person's personal data was erased on $(date -u +%F)\" err && grep -q 'new registration with a new id' err && ! grep -q -F 'Quyếnh' err"
check "and nothing of the file was imported (all or nothing)" "exports | cmp -s - before-re.csv"
VIECLAM_LANG=vi "$V" --db "$DB" import seekers seekers.csv >out 2>err
check "the refusal in Vietnamese under vi" "[ $? -eq 3 ] && grep -q 'seekers.csv:5: cột id: .*đã bị xoá' err"
"$V" --db "$DB" import seekers seekers.csv --skip-invalid --rejects rej.csv >out 2>err
check "--skip-invalid skips only that row, into the rejects file" \
    "[ $? -eq 0 ] && grep -q 'rejected 1' out && grep -q '^S9999999,' rej.csv && exports | cmp -s - before-re.csv"
"$V" --db "$DB" import referrals referrals.csv >out 2>err
check "an old referral with the erased person's wage is refused, naming column wage" \
    "[ $? -eq 3 ] && grep -q 'referrals.csv:2: column wage: seeker .S9999999. was erased on' err && exports | cmp -s - before-re.csv"
"$V" --db "$DB" import counselling counselling.csv >out 2>err
check "old counselling notes of the erased person are refused, naming column topic" \
    "[ $? -eq 3 ] && grep -q 'counselling.csv:2: column topic: seeker .S9999999. was erased on' err && ! grep -q 'ngân hàng' err && exports | cmp -s - before-re.csv"
(head -1 seekers.csv; echo 'S9999999,,,,10966,upper_secondary,6111,,2,,8000000,,JP,,2024-07-16,active,,') >active.csv
"$V" --db "$DB" import seekers active.csv >out 2>err
check "an erased seeker without personal data cannot be made active again" \
    "[ $? -eq 3 ] && grep -q 'active.csv:2: column status: .*stays withdrawn' err"

# ---- pseudonymised export ----
KEY="$T/pseudo.key"
"$V" --db "$DB" export seekers --pseudonymise --key "$KEY" --out p1.csv 2>err
check "export --pseudonymise makes a key of its own, mode 0600" \
    "[ $? -eq 0 ] && [ \"\$(stat -c %a '$KEY')\" = 600 ] && grep -q 'new pseudonym key' err"
check "no id, name, phone or ID card of the sample is in it" \
    "! grep -q -E 'S000000|Nguyễn|0984100342|030166318486' p1.csv && [ \$(wc -l <p1.csv) -eq 5 ]"
"$V" --db "$DB" export seekers --pseudonymise --key "$KEY" --out p2.csv
check "the same key gives the same pseudonyms" "cmp -s p1.csv p2.csv"
"$V" --db "$DB" export referrals --pseudonymise --key "$KEY" --out pr.csv
pid=$(tail -1 p1.csv | cut -d, -f1)
check "a seeker's pseudonym is the same in seekers and referrals (analysts can join)" \
    "[ -n '$pid' ] && cut -d, -f2 pr.csv | grep -q -x '$pid'"
head -c 40 /dev/urandom | base64 >"$T/other.key"
chmod 600 "$T/other.key"
"$V" --db "$DB" export seekers --pseudonymise --key "$T/other.key" --out p3.csv
check "another key gives other pseudonyms" "! cmp -s p1.csv p3.csv"
check "a pseudonymised export is audited as such (still personal data under the Decree)" \
    "[ \"\$(q \"SELECT COUNT(*) FROM access_audit WHERE action = 'export' AND detail = 'pseudonymised'\")\" = 4 ]"

# ---- retention ----
printf 'model: privacy\nversion: 1\nretention:\n  inactive_years: 1\n' >privacy.yaml
exports >before-ret.csv
"$V" --db "$DB" erase inactive --model privacy.yaml --as-of 2027-06-01 --dry-run >dry.out
check "erase inactive --dry-run lists the 3 seekers inactive for a year, changes nothing" \
    "grep -q '^3 seekers without activity for 1 years would be erased (dry run' dry.out && exports | cmp -s - before-ret.csv"
"$V" --db "$DB" erase inactive --model privacy.yaml --as-of 2027-06-01 >ret.out
check "erase inactive erases them, the erased one is not counted again" \
    "grep -q 'erased the personal data of 3 seekers' ret.out && [ \"\$(q \"SELECT COUNT(*) FROM seekers WHERE erased IS NOT NULL\")\" = 4 ]"
printf 'model: privacy\nversion: 1\nretention:\n  inactive_years: 0\n' >bad.yaml
"$V" --db "$DB" erase inactive --model bad.yaml --dry-run >out 2>err
check "a retention rule out of range is refused with the file and line" \
    "[ $? -eq 3 ] && grep -q 'bad.yaml:4' err"

# ---- a departed member of staff ----
printf 'a-long-password-1\n' >pw
"$V" --db "$DB" user add lan.nguyen --role staff --password-file pw >/dev/null
"$V" --db "$DB" user add boss --role admin --password-file pw >/dev/null
for c in "disable lan.nguyen" "enable lan.nguyen" "province lan.nguyen 31" "province lan.nguyen ''"; do
    eval "\"\$V\" --db \"\$DB\" user $c" >/dev/null
done
check "account changes at the command line are in the access audit, as the desk's are" \
    "[ \"\$(q \"SELECT action || '|' || record || '|' || COALESCE(detail, '') FROM access_audit WHERE kind = 'user' ORDER BY id\" | tr '\\n' ' ')\" = \
       'create|lan.nguyen|staff create|boss|admin update|lan.nguyen| update|lan.nguyen| update|lan.nguyen| update|lan.nguyen| ' ]"
# what the desk would have written: lan.nguyen's views and logins, an admin's change of her account
q "INSERT INTO access_audit(at, by_user, action, kind, record, detail) VALUES
   ('2026-01-05T08:00:00Z', 'lan.nguyen', 'view', 'seeker', 'S0000001', NULL),
   ('2026-01-05T08:01:00Z', 'lan.nguyen', 'login', 'user', 'lan.nguyen', NULL),
   ('2026-01-06T09:00:00Z', 'boss', 'disable', 'user', 'lan.nguyen', NULL)" >/dev/null
q "INSERT INTO forecast_adjustments(period_from, period_to, value, reason, created_by, created_at)
   VALUES ('2026Q1', '2026Q2', 10, 'new factory', 'lan.nguyen', '2026-01-07T00:00:00Z')" >/dev/null
# the command lines of her desk's jobs and of a planner's command name her as text
q "INSERT INTO runs(started, command, status) VALUES
   ('2026-01-07T00:00:00Z', 'vieclam serve: fair plan --fair HP-1 --method greedy (by lan.nguyen)', 'ok'),
   ('2026-01-07T00:00:01Z', 'vieclam adjust add --value 10 --by lan.nguyen', 'ok')" >/dev/null
# her referral and counselling of a seeker already erased (no wage, no notes), imported before she
# leaves: old files that will still name her after her erasure
RH='id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage'
printf '%s\nR2,S0000001,V000001,2025-04-01,desk,lan.nguyen,,,,\n' "$RH" >r2.csv
printf 'seeker,counselled_on,staff,topic\nS0000002,2025-04-02,lan.nguyen,\nS0000003,2025-04-03,Lan.Nguyen,\n' >c2.csv
"$V" --db "$DB" import referrals r2.csv >/dev/null || echo "# import r2.csv failed"
"$V" --db "$DB" import counselling c2.csv >/dev/null || echo "# import c2.csv failed"
nref=$(exp referrals | grep -c 'lan.nguyen')
"$V" --db "$DB" user erase lan.nguyen >out 2>err
check "user erase without --reason is a usage error" "[ $? -eq 2 ] && grep -q -- '--reason' err"
"$V" --db "$DB" user erase lan.nguyen --reason "left the centre 2026-11" >out 2>err
check "user erase removes the account and names its reference" \
    "[ $? -eq 0 ] && grep -q 'user lan.nguyen erased: .* user#1' out && ! \"$V\" --db \"$DB\" user list | grep -q lan.nguyen"
check "the access audit keeps her actions under user#1 (who did what stays meaningful)" \
    "[ \"\$(q \"SELECT by_user || '|' || action || '|' || record FROM access_audit WHERE at LIKE '2026-01-0%' ORDER BY at\")\" = \"\$(printf 'user#1|view|S0000001\\nuser#1|login|user#1\\nboss|disable|user#1')\" ]"
check "referrals and forecast adjustments name user#1 instead" \
    "[ $nref -ge 1 ] && [ \$(exp referrals | grep -c 'user#1') -eq $nref ] && [ \"\$(q \"SELECT created_by FROM forecast_adjustments\")\" = 'user#1' ]"
check "the erasure is audited (reference, reason, who ran it) and the run's command line holds no name" \
    "q \"SELECT action || '|' || kind || '|' || record || '|' || detail FROM access_audit\" | grep -q -x 'erase|user|user#1|reason: left the centre 2026-11' && [ \"\$(q \"SELECT COUNT(*) FROM runs WHERE command LIKE '%lan.nguyen%'\")\" = 0 ] && [ \"\$(q \"SELECT status FROM runs WHERE command = 'vieclam user erase'\")\" = ok ]"
check "the command lines that named her name user#1 instead" \
    "[ \"\$(q \"SELECT command FROM runs WHERE started LIKE '2026-01-07T%' ORDER BY started\")\" = \"\$(printf 'vieclam serve: fair plan --fair HP-1 --method greedy (by user#1)\\nvieclam adjust add --value 10 --by user#1')\" ]"
check "no trace of the name is left in the database (or its WAL)" \
    "[ \"\$(q \"SELECT COUNT(*) FROM access_audit WHERE by_user = 'lan.nguyen' OR record = 'lan.nguyen'\")\" = 0 ] && { $PG || ! grep -a -q 'lan.nguyen' '$DB' '$DB-wal' 2>/dev/null; }"
q "UPDATE access_audit SET by_user = 'user#1' WHERE by_user = 'boss'" >/dev/null 2>&1
check "the audit stays append-only: a current account's rows cannot be rewritten" \
    "[ \"\$(q \"SELECT COUNT(*) FROM access_audit WHERE by_user = 'boss'\")\" = 1 ]"
"$V" --db "$DB" user erase boss --reason "test" >out 2>err
check "the last active admin is not erased" \
    "[ $? -ne 0 ] && grep -q 'last active admin' err && \"$V\" --db \"$DB\" user list | grep -q boss"
"$V" --db "$DB" user erase nobody --reason "test" >out 2>err
check "an unknown account: exit 3" "[ $? -eq 3 ] && grep -q 'nobody' err"

# ---- her name does not come back: rows re-signed, old files recognised by the name's keyed hash ----
check "staff_erasures keeps a keyed hash of the name (64 hex digits), never the name" \
    "[ \"\$(q \"SELECT COUNT(*) FROM staff_erasures WHERE n = 1 AND length(name_mac) = 64\")\" = 1 ] && [ \"\$(q \"SELECT length(value) FROM meta WHERE key = 'staff-name-key'\")\" = 64 ] && ! q 'SELECT * FROM staff_erasures' | grep -q -i 'nguyen'"
exp referrals >ra.csv
exp counselling >ca.csv
"$V" --db "$DB" import referrals ra.csv >imp-r.out
"$V" --db "$DB" import counselling ca.csv >imp-c.out
check "an export taken after the erasure imports again unchanged (the user#1 rows were re-signed)" \
    "grep -q 'rows 2, inserted 0, updated 0, unchanged 2' imp-r.out && grep -q 'rows 3, inserted 0, updated 0, unchanged 3' imp-c.out"
exports >before-staff.csv
"$V" --db "$DB" import referrals r2.csv >out 2>err
check "an old referrals file naming her: user#1 kept, the row unchanged, the mapping reported" \
    "[ $? -eq 0 ] && grep -q 'rows 1, inserted 0, updated 0, unchanged 1' out && grep -q '^1 row named an erased member of staff' out && exports | cmp -s - before-staff.csv"
"$V" --db "$DB" import counselling c2.csv >out 2>err
check "an old counselling file naming her (once in other letter case, rewritten by the erasure too): user#1 kept, unchanged, reported" \
    "[ $? -eq 0 ] && grep -q 'unchanged 2' out && grep -q '^2 rows named an erased member of staff' out && exports | cmp -s - before-staff.csv"
printf '%s\nR3,S0000003,V000001,2025-05-02,phone,LAN.NGUYEN,,,,\n' "$RH" >r3.csv
VIECLAM_LANG=vi "$V" --db "$DB" import referrals r3.csv >out 2>err
check "a new row naming her in other letter case is written as user#1; the report in Vietnamese" \
    "[ $? -eq 0 ] && grep -q 'thêm mới 1' out && grep -q '^1 dòng ghi tên một cán bộ đã bị xoá' out && exp referrals | grep -q '^R3,S0000003,V000001,2025-05-02,phone,user#1,'"
check "her name is nowhere in the database" \
    "[ \"\$(q \"SELECT COUNT(*) FROM referrals WHERE lower(staff) = 'lan.nguyen'\")\" = 0 ] && [ \"\$(q \"SELECT COUNT(*) FROM counselling WHERE lower(staff) = 'lan.nguyen'\")\" = 0 ] && { $PG || ! grep -a -q -i 'lan.nguyen' '$DB' '$DB-wal' 2>/dev/null; }"
check "the import's run records the count" \
    "q \"SELECT summary FROM runs WHERE command LIKE '%import referrals r3.csv%'\" | grep -q '\"staff_anonymised\":1'"

# ---- copy carries the erasures and the outcome history (what no export holds) ----
# R5's outcome recorded twice: the export holds the last one, the history both
printf '%s\nR5,S0000002,V000001,2025-04-02,desk,hoa.tran,interviewed,2025-04-05,,\n' "$RH" >r5.csv
printf '%s\nR5,S0000002,V000001,2025-04-02,desk,hoa.tran,rejected,2025-04-09,,\n' "$RH" >r6.csv
"$V" --db "$DB" import referrals r5.csv >/dev/null || echo "# import r5.csv failed"
"$V" --db "$DB" import referrals r6.csv >/dev/null || echo "# import r6.csv failed"
C1=$T/copy.db
"$V" copy --from "$DB" --to "$C1" >copy.out 2>err
check "copy to a SQLite file: verified, the erasures said" \
    "[ $? -eq 0 ] && grep -q '^erasures: 4 seekers, 1 members of staff' copy.out"
cq() { sqlite3 "$C1" "$1"; }
src=$DB
$PG || src=$(realpath "$DB")
copied_of() { echo "SELECT action || '|' || kind || '|' || record || '|' || detail FROM access_audit WHERE action = 'copy'"; }
history_of() { echo "SELECT referral || '|' || seq || '|' || outcome || '|' || outcome_on || '|' || COALESCE(wage, -1) || '|' || recorded || '|' || source || '|' || COALESCE(staff, '') FROM referral_outcomes ORDER BY referral, seq"; }
check "the copy has every outcome ever recorded, as recorded (when, how, by whom), and says so" \
    "[ \"\$(cq \"\$(history_of)\")\" = \"\$(q \"\$(history_of)\")\" ] && [ \$(cq \"SELECT COUNT(*) FROM referral_outcomes WHERE referral = 'R5'\") -eq 2 ] && grep -q \"^outcome history: \$(q 'SELECT COUNT(*) FROM referral_outcomes') events recorded, sha256 [0-9a-f]\\{64\\} on both sides\$\" copy.out"
check "the copy is in both audits: the source's names where the records went, the copy's where from" \
    "[ \"\$(q \"\$(copied_of)\")\" = 'copy|database|*|to $(realpath "$C1")' ] && [ \"\$(cq \"\$(copied_of)\")\" = 'copy|database|*|from $src' ]"
erased_of() { echo "SELECT id || '=' || erased FROM seekers WHERE erased IS NOT NULL ORDER BY id"; }
staff_of() { echo "SELECT n || role || name_mac FROM staff_erasures ORDER BY n"; }
key_of() { echo "SELECT value FROM meta WHERE key = 'staff-name-key'"; }
check "the copy knows the erased seekers (dates as the source's) and the staff erasure with its hash and key" \
    "[ \"\$(cq \"\$(erased_of)\")\" = \"\$(q \"\$(erased_of)\")\" ] && [ \$(cq \"\$(erased_of)\" | wc -l) -eq 4 ] && [ \"\$(cq \"\$(staff_of)\")\" = \"\$(q \"\$(staff_of)\")\" ] && [ \"\$(cq \"\$(key_of)\")\" = \"\$(q \"\$(key_of)\")\" ]"
"$V" --db "$C1" import seekers seekers.csv >out 2>err
check "in the copy the erasure sticks: the old seekers file is refused" \
    "[ $? -eq 3 ] && grep -q 'seekers.csv:5: column id: this person' err"
"$V" --db "$C1" import referrals r2.csv >out 2>err
check "in the copy an old file naming her still becomes user#1" \
    "[ $? -eq 0 ] && grep -q 'unchanged 1' out && grep -q '^1 row named an erased member of staff' out"
printf 'a-long-password-1\n' >pw
"$V" --db "$C1" user add boss --role admin --password-file pw >/dev/null
"$V" --db "$C1" user add minh.le --role staff --password-file pw >/dev/null
"$V" --db "$C1" user erase minh.le --reason "left" >out 2>err
check "the copy's next staff erasure gets the next number" "[ $? -eq 0 ] && grep -q 'user#2' out"
"$V" copy --from "$C1" --to "$DB" >out 2>err
check "a copy into a database that records other staff erasures is refused, nothing copied" \
    "[ $? -ne 0 ] && grep -q 'already records erased members of staff' err && [ \"\$(q 'SELECT COUNT(*) FROM staff_erasures')\" = 1 ]"
check "the refused copy: the source's audit has its row (the records were read), the target's none" \
    "[ \"\$(cq \"SELECT COUNT(*) FROM access_audit WHERE action = 'copy' AND detail LIKE 'to %'\")\" = 1 ] && [ \"\$(q \"SELECT COUNT(*) FROM access_audit WHERE action = 'copy' AND detail LIKE 'from %'\")\" = 0 ]"
if $PG; then
    B=$(db_target back)
    "$V" copy --from "$C1" --to "$B" >copy2.out 2>err
    check "copy back to PostgreSQL: verified, both staff erasures" \
        "[ $? -eq 0 ] && grep -q '^erasures: 4 seekers, 2 members of staff' copy2.out"
    bq() { psql -X -q -At "$B" -c "$1"; }
    check "PostgreSQL got the erased dates, the hashes and the key" \
        "[ \"\$(bq \"\$(erased_of)\")\" = \"\$(cq \"\$(erased_of)\")\" ] && [ \"\$(bq \"\$(staff_of)\")\" = \"\$(cq \"\$(staff_of)\")\" ] && [ \$(bq \"\$(staff_of)\" | wc -l) -eq 2 ] && [ \"\$(bq \"\$(key_of)\")\" = \"\$(cq \"\$(key_of)\")\" ]"
    "$V" --db "$B" import referrals r2.csv >out 2>err
    check "on PostgreSQL again an old file naming her becomes user#1" \
        "[ $? -eq 0 ] && grep -q 'unchanged 1' out && grep -q '^1 row named an erased member of staff' out"
    "$V" --db "$B" user add boss --role admin --password-file pw >/dev/null
    "$V" --db "$B" user add an.vo --role staff --password-file pw >/dev/null
    "$V" --db "$B" user erase an.vo --reason "left" >out 2>err
    check "PostgreSQL's identity continues after the copied numbers (user#3)" \
        "[ $? -eq 0 ] && grep -q 'user#3' out"
fi

# ---- a name reused by a new account is that account's ----
"$V" --db "$DB" user add lan.nguyen --role staff --password-file pw >/dev/null
printf '%s\nR4,S0000002,V000001,2025-06-02,desk,lan.nguyen,,,,\n' "$RH" >r4.csv
"$V" --db "$DB" import referrals r4.csv >out 2>err
check "a name a current account holds again is kept (that account's), not mapped" \
    "[ $? -eq 0 ] && ! grep -q 'erased member' out && exp referrals | grep -q '^R4,S0000002,V000001,2025-06-02,desk,lan.nguyen,'"

# ---- backup and restore ----
if $PG; then
    "$V" --db "$DB" backup --out "$T/b.db" >out 2>err
    check "backup on PostgreSQL refuses and names pg_dump" "[ $? -eq 1 ] && grep -q pg_dump err"
    "$V" --db "$DB" restore "$T/b.db" >out 2>err
    check "restore on PostgreSQL refuses and names pg_restore" "[ $? -ne 0 ] && grep -q pg_restore err"
else
    exports >before-b.csv
    # what a backup killed mid-copy left (its process gone): the next backup removes it
    : >"$T/.b.db.tmp-999999999-0" && : >"$T/.b.db.tmp-999999999-0-journal"
    "$V" --db "$DB" backup --out "$T/b.db" >out 2>err
    check "a backup removes the temporary copy a killed backup left, and leaves none of its own" \
        "[ $? -eq 0 ] && [ -s '$T/b.db' ] && [ -z \"\$(ls -A '$T' | grep 'b\.db\.tmp')\" ]"
    "$V" --db "$DB" backup --out "$T/b.db" >out 2>err
    check "backup writes a whole database, mode 0600" \
        "[ $? -eq 0 ] && [ \"\$(stat -c %a '$T/b.db')\" = 600 ] && [ \"\$(sqlite3 '$T/b.db' 'PRAGMA integrity_check')\" = ok ] && [ ! -e '$T/b.db-wal' ]"
    check "a backup is in the access audit, and the copy holds that row" \
        "[ \"\$(q \"SELECT action || ':' || kind || ':' || record || ':' || by_user FROM access_audit ORDER BY id DESC LIMIT 1\")\" = 'backup:database:*:$(id -un)' ] && [ \"\$(sqlite3 '$T/b.db' \"SELECT action FROM access_audit ORDER BY id DESC LIMIT 1\")\" = backup ]"
    # every seeker is erased by now: change what an erasure keeps (years of experience)
    exp seekers | awk -F, -v OFS=, 'NR > 1 { $9 = 7 } 1' >changed.csv
    "$V" --db "$DB" import seekers changed.csv >/dev/null
    exports | cmp -s - before-b.csv && echo '# the change before restore changed nothing'
    "$V" --db "$DB" restore "$T/b.db" >out 2>err
    check "restore brings back exactly what was backed up" \
        "[ $? -eq 0 ] && exports | cmp -s - before-b.csv && [ \"\$(sqlite3 '$DB' 'PRAGMA integrity_check')\" = ok ]"
    check "restore is in the audit trail of the restored database" \
        "[ \"\$(q \"SELECT status FROM runs WHERE command LIKE '%restore%' ORDER BY id DESC LIMIT 1\")\" = ok ]"
    check "the access audit shows the rewind: the import after the backup is gone, a restore row follows the backup's" \
        "[ \"\$(q \"SELECT action || ':' || kind || ':' || by_user FROM access_audit WHERE action IN ('backup', 'import', 'restore') ORDER BY id DESC LIMIT 2\" | tr '\n' ' ')\" = 'restore:database:$(id -un) backup:database:$(id -un) ' ]"
    head -c 100000 "$T/b.db" >"$T/cut.db"
    "$V" --db "$DB" restore "$T/cut.db" >out 2>err
    check "a truncated backup is refused (exit 3), the database unchanged" \
        "[ $? -eq 3 ] && exports | cmp -s - before-b.csv"
    cp "$T/b.db" "$T/new.db"
    sqlite3 "$T/new.db" "PRAGMA user_version = 99"
    "$V" --db "$DB" restore "$T/new.db" >out 2>err
    check "a backup of a newer schema is refused, naming the version" \
        "[ $? -eq 3 ] && grep -q 'schema version 99' err && exports | cmp -s - before-b.csv"
    sqlite3 "$T/x.db" "CREATE TABLE t(a); PRAGMA user_version = 3"
    "$V" --db "$DB" restore "$T/x.db" >out 2>err
    check "a SQLite file that is not a vieclam database is refused" \
        "[ $? -eq 3 ] && grep -q 'not a vieclam database' err"
    printf 'id,name\nS1,An\n' >"$T/notdb.csv"
    "$V" --db "$DB" restore "$T/notdb.csv" >out 2>err
    check "a file that is no database is refused in the message's words, not SQLite's" \
        "[ $? -eq 3 ] && grep -q 'notdb.csv: not a database file' err && ! grep -q 'file is not a database' err"
    # a backup made before S9999999's erasure: the restore must not bring the person back
    cp "$T/b.db" "$T/old.db"
    sqlite3 "$T/old.db" "UPDATE seekers SET erased = NULL, status = 'active', name = 'Lường Thị Quyếnh',
                         phone = '0912345678' WHERE id = 'S9999999'"
    "$V" --db "$DB" restore "$T/old.db" >out 2>err
    check "restoring a backup made before an erasure erases the person again, saying so, audited" \
        "[ $? -eq 0 ] && grep -q \"S9999999' was erased on .*erased again\" err &&
         [ \"\$(q \"SELECT COALESCE(name, '') || '|' || COALESCE(phone, '') || '|' || status || '|' || (erased IS NOT NULL) FROM seekers WHERE id = 'S9999999'\")\" = '||withdrawn|1' ] &&
         q \"SELECT detail FROM access_audit WHERE action = 'erase' ORDER BY id DESC LIMIT 1\" | grep -q 'after the backup'"
fi
finish
