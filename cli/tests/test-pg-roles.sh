#!/usr/bin/env bash
# test-pg-roles.sh - row-level security on a PostgreSQL exchange (scripts/pg-roles.sh): a
# province server's role writes its own province's seekers, vacancies and referrals through
# vieclam and cannot write another province's (an import of one is refused whole, a direct
# UPDATE or DELETE reaches no row, an INSERT is refused, a partition reached directly is
# refused) while it reads every province; employers and fairs follow their area's province;
# the planners' role reads without personal data and
# writes nothing. Needs VL_TEST_PG_URL (scripts/with-pg.sh); fails without it. Prints TAP.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
plan 18

: "${VL_TEST_PG_URL:?VL_TEST_PG_URL is not set: run under scripts/with-pg.sh}"
PSQL=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
P=$(VL_TEST_DB=postgresql db_target roles)
schema=${P##*search_path%3D}
as() # ROLE: the URL of the test database logged in as ROLE
{
    echo "$P" | sed "s|://[^@/]*@|://$1@|"
}
q() # URL SQL: one value
{
    "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>"$T/q.err"
}
cleanup()
{
    "$PSQL" -X -q -d "$VL_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS \"$schema\" CASCADE" >/dev/null 2>&1
    for r in "r${schema}_p31" "r${schema}_p31_login" "r${schema}_plan" "r${schema}_plan_login"; do
        "$PSQL" -X -q -d "$VL_TEST_PG_URL" -c "DROP OWNED BY \"$r\"; DROP ROLE IF EXISTS \"$r\"" \
            >/dev/null 2>&1
    done
    rm -rf "$T"
}
trap cleanup EXIT

$V --quiet --db "$P" init >/dev/null &&
    $V --quiet --db "$P" import employers "$ROOT/fixtures/sample/employers.csv" >/dev/null &&
    $V --quiet --db "$P" import vacancies "$ROOT/fixtures/sample/vacancies.csv" >/dev/null
check "a database with the sample's employers and vacancies (province 31, Hải Phòng)" "[ \$? = 0 ]"

prov="r${schema}_p31"
plan_role="r${schema}_plan"
"$ROOT/scripts/pg-roles.sh" "$P" province "$prov" 31 >"$T/roles.out" 2>&1 &&
    "$ROOT/scripts/pg-roles.sh" "$P" planner "$plan_role" >>"$T/roles.out" 2>&1 &&
    q "$P" "CREATE ROLE \"${prov}_login\" LOGIN IN ROLE \"$prov\";
            CREATE ROLE \"${plan_role}_login\" LOGIN IN ROLE \"$plan_role\""
check "scripts/pg-roles.sh makes a province's role and the planners' role" "[ \$? = 0 ]" ||
    sed 's/^/# /' "$T/roles.out"
# run twice: after an upgrade it is run again
"$ROOT/scripts/pg-roles.sh" "$P" province "$prov" 31 >"$T/roles2.out" 2>&1
check "... and runs again over what it made" "[ \$? = 0 ]"

U31=$(as "${prov}_login")
UPL=$(as "${plan_role}_login")
head -201 "$ROOT/fixtures/sample/seekers.csv" >"$T/own.csv"
$V --quiet --db "$U31" import seekers "$T/own.csv" >"$T/own.out" 2>&1
check "the province's server imports its own province's seekers" \
    "[ \$? = 0 ] && [ \"\$(q '$P' 'SELECT COUNT(*) FROM seekers')\" = 200 ]"
{
    head -1 "$ROOT/fixtures/sample/seekers.csv"
    sed -n '202,210p' "$ROOT/fixtures/sample/seekers.csv"
    echo "S8000001,Trần Văn Khác,1990,male,01,upper_secondary,7212,,,,,,,,2025-01-10,active,,"
} >"$T/other.csv"
$V --quiet --db "$U31" import seekers "$T/other.csv" >"$T/other.out" 2>&1
rc=$?
check "an import holding one seeker of another province (01, Hà Nội) is refused whole" \
    "[ $rc != 0 ] && [ \"\$(q '$P' 'SELECT COUNT(*) FROM seekers')\" = 200 ]"
check "... with a message that names the row-level security policy" \
    "grep -q 'row-level security' '$T/other.out'"
$V --quiet --db "$P" import seekers "$T/other.csv" >/dev/null 2>&1
check "the owner (a national administrator) writes any province" \
    "[ \"\$(q '$P' \"SELECT COUNT(*) FROM seekers WHERE province = '01'\")\" = 1 ]"

q "$U31" "UPDATE seekers SET status = 'withdrawn' WHERE id = 'S8000001'" >/dev/null
q "$U31" "DELETE FROM seekers WHERE id = 'S8000001'" >/dev/null
check "the province's role can neither change nor delete another province's seeker" \
    "[ \"\$(q '$P' \"SELECT status FROM seekers WHERE id = 'S8000001'\")\" = active ]"
q "$U31" "UPDATE seekers SET status = 'withdrawn' WHERE id = 'S0000001'" >/dev/null
check "... but changes its own" \
    "[ \"\$(q '$P' \"SELECT status FROM seekers WHERE id = 'S0000001'\")\" = withdrawn ]"
q "$U31" "UPDATE seekers SET province = '01' WHERE id = 'S0000001'" >/dev/null
rc=$?
check "... and cannot move its own seeker into another province" \
    "[ $rc != 0 ] && grep -q 'row-level security' '$T/q.err'"
part=$(q "$P" "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = 'seekers'::regclass LIMIT 1")
q "$U31" "SELECT COUNT(*) FROM \"$part\"" >/dev/null
rc=$?
check "a partition reached directly is refused (the policies are on the parent)" \
    "[ -n '$part' ] && [ $rc != 0 ]"
check "the province's role reads every province (a seeker of 01 is there)" \
    "[ \"\$(q '$U31' \"SELECT COUNT(*) FROM seekers WHERE province = '01'\")\" = 1 ]"

# employers and fairs carry no province column: their area's province decides
printf 'id,name,industry,area\nE9000001,Công ty Hà Nội,C,01\n' >"$T/emp01.csv"
$V --quiet --db "$U31" import employers "$T/emp01.csv" >"$T/emp.out" 2>&1
rc=$?
check "an employer of another province is refused to the province's role" \
    "[ $rc != 0 ] && grep -q 'row-level security' '$T/emp.out' &&
     [ \"\$(q '$P' \"SELECT COUNT(*) FROM employers WHERE id = 'E9000001'\")\" = 0 ]"
$V --quiet --db "$P" import employers "$T/emp01.csv" >/dev/null 2>&1
q "$U31" "UPDATE employers SET name = 'Đổi' WHERE id = 'E9000001'" >/dev/null
q "$U31" "DELETE FROM employers WHERE id = 'E9000001'" >/dev/null
q "$U31" "UPDATE employers SET name = name || ' (Hải Phòng)' WHERE id = 'E00001'" >/dev/null
check "... which can neither change nor delete one the owner wrote, but changes its own" \
    "[ \"\$(q '$P' \"SELECT name FROM employers WHERE id = 'E9000001'\")\" = 'Công ty Hà Nội' ] &&
     q '$P' \"SELECT name FROM employers WHERE id = 'E00001'\" | grep -q '(Hải Phòng)\$'"
q "$U31" "INSERT INTO employers(id, name) VALUES ('E9000002', 'Chưa rõ địa bàn')" >/dev/null
check "... and registers an employer without an area" \
    "[ \"\$(q '$P' \"SELECT COUNT(*) FROM employers WHERE id = 'E9000002'\")\" = 1 ]"
q "$U31" "INSERT INTO fairs(id, name, area_id) SELECT 'F-HN', 'Ngày hội Hà Nội', id FROM areas WHERE code = '01' LIMIT 1" >/dev/null
r1=$?
q "$U31" "INSERT INTO fairs(id, name, area_id) SELECT 'F-HP', 'Ngày hội Hải Phòng', id FROM areas WHERE code = '31' LIMIT 1" >/dev/null
r2=$?
check "a fair is written by its area's province only" \
    "[ $r1 != 0 ] && [ $r2 = 0 ] && [ \"\$(q '$P' \"SELECT COUNT(*) FROM fairs WHERE id LIKE 'F-H_'\")\" = 1 ] &&
     [ \"\$(q '$P' \"SELECT COUNT(*) FROM fairs WHERE id = 'F-HP'\")\" = 1 ]"

check "the planners' role reads vacancies and the seekers' non-personal columns" \
    "[ \"\$(q '$UPL' 'SELECT COUNT(*) FROM vacancies')\" = 400 ] &&
     [ \"\$(q '$UPL' 'SELECT COUNT(DISTINCT status) FROM seekers')\" -ge 2 ]"
q "$UPL" "SELECT name FROM seekers LIMIT 1" >/dev/null
r1=$?
q "$UPL" "SELECT COUNT(*) FROM users" >/dev/null
r2=$?
q "$UPL" "UPDATE vacancies SET positions = 0" >/dev/null
r3=$?
check "... but not names, accounts, nor any write" "[ $r1 != 0 ] && [ $r2 != 0 ] && [ $r3 != 0 ] &&
     [ \"\$(q '$P' 'SELECT COUNT(*) FROM vacancies WHERE positions = 0')\" = 0 ]"
finish
