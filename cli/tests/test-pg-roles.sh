#!/usr/bin/env bash
# test-pg-roles.sh - row-level security on a PostgreSQL exchange (scripts/pg-roles.sh): a
# province server's role writes its own province's seekers, vacancies and referrals (and the
# referrals to its vacancies of other provinces' seekers) through vieclam and cannot write
# another province's (an import of one is refused whole, a direct
# UPDATE or DELETE reaches no row, an INSERT is refused, a partition reached directly is
# refused) while it reads every province; employers and fairs follow their area's province;
# the desk's accounts and the stored runs carry a province: a province's server sees and
# writes only its own accounts and those of every province (so an account of another province
# cannot log in to it) and writes only its own runs and their results; the planners' role
# reads without personal data and writes nothing but the rows of its own commands in runs (it
# stores no results: `forecast --db` as this role is refused, the planners' runs are stored
# through a server's or the owner's role). Needs VL_TEST_PG_URL (scripts/with-pg.sh); fails without it. Prints TAP.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
plan 39

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

# a seeker kept on a pre-reform commune of Hải Dương (30, merged into Hải Phòng in 2025) is Hải
# Phòng's: its server writes him, in its own partition
{
    head -1 "$ROOT/fixtures/sample/seekers.csv"
    echo "S8000030,Vũ Thị Hải,1992,female,10510,upper_secondary,7212,,,,,,,,2025-01-10,active,,"
} >"$T/hd.csv"
$V --quiet --db "$U31" import seekers "$T/hd.csv" --legacy-areas keep >"$T/hd.out" 2>&1
check "the province's role writes a seeker kept on a pre-reform commune of a province merged into it" \
    "[ \$? = 0 ] && [ \"\$(q '$P' \"SELECT province FROM seekers WHERE id = 'S8000030'\")\" = 31 ]" ||
    sed 's/^/# /' "$T/hd.out"
q "$P" "DELETE FROM seekers WHERE id = 'S8000030'" >/dev/null
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

# erasure: the row-level security hides nothing from reading, so the refusal is vieclam's
$V --db "$U31" erase seeker S8000001 --reason "yêu cầu" >"$T/erase01.out" 2>&1
rc=$?
check "the province's role cannot erase another province's seeker: refused naming it, nothing audited" \
    "[ $rc != 0 ] && grep -q \"S8000001' belongs to another province\" '$T/erase01.out' &&
     [ \"\$(q '$P' \"SELECT name FROM seekers WHERE id = 'S8000001'\")\" = 'Trần Văn Khác' ] &&
     [ \"\$(q '$P' \"SELECT COUNT(*) FROM access_audit WHERE action = 'erase'\")\" = 0 ]" ||
    sed 's/^/# /' "$T/erase01.out"
$V --db "$U31" erase seeker S0000002 --reason "yêu cầu" >"$T/erase31.out" 2>"$T/erase31.err"
rc=$?
check "... erases its own, and does not claim a VACUUM it may not run (the owner must)" \
    "[ $rc = 0 ] && [ -z \"\$(q '$P' \"SELECT name FROM seekers WHERE id = 'S0000002'\")\" ] &&
     ! grep -q vacuumed '$T/erase31.out' && ! grep -q WARNING '$T/erase31.err' &&
     grep -q 'database owner runs VACUUM (ANALYZE) seekers' '$T/erase31.err'" ||
    sed 's/^/# /' "$T/erase31.out" "$T/erase31.err"

# a referral is its seeker's province's, and its vacancy's province writes it too (a seeker of
# Ha Noi referred at Hai Phong's centre); neither side in 31: refused (V9000001 of Ha Noi makes
# the sample's 400 vacancies 401)
{
    head -1 "$ROOT/fixtures/sample/vacancies.csv"
    echo "V9000001,E00001,Bán hàng,5223,,,,,,,,2,00004,,,,2025-11-01,,"
} >"$T/vac01.csv"
$V --quiet --db "$P" import vacancies "$T/vac01.csv" >/dev/null 2>&1
ref='id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage'
printf '%s\nR-HP-1,S8000001,V000002,2025-11-20,desk,lan,interviewed,2025-11-25,,\n' "$ref" >"$T/ref31.csv"
$V --quiet --db "$U31" import referrals "$T/ref31.csv" >"$T/ref31.out" 2>&1
r1=$?
printf '%s\nR-HP-1,S8000001,V000002,2025-11-20,desk,lan,rejected,2025-11-28,,\n' "$ref" >"$T/ref31b.csv"
$V --quiet --db "$U31" import referrals "$T/ref31b.csv" >>"$T/ref31.out" 2>&1
r2=$?
check "the province's role refers a seeker of another province to its own vacancy, and records what came of it" \
    "[ $r1 = 0 ] && [ $r2 = 0 ] &&
     [ \"\$(q '$P' \"SELECT province || vacancy_province || outcome FROM referrals WHERE id = 'R-HP-1'\")\" = 0131rejected ] &&
     [ \"\$(q '$P' \"SELECT COUNT(*) FROM referral_outcomes WHERE referral = 'R-HP-1'\")\" = 2 ]" ||
    sed 's/^/# /' "$T/ref31.out"
printf '%s\nR-HN-1,S8000001,V9000001,2025-11-20,desk,lan,,,,\n' "$ref" >"$T/ref01.csv"
$V --quiet --db "$U31" import referrals "$T/ref01.csv" >"$T/ref01.out" 2>&1
rc=$?
check "... but not one of another province's seeker to another province's vacancy" \
    "[ $rc != 0 ] && grep -q 'row-level security' '$T/ref01.out' &&
     [ \"\$(q '$P' \"SELECT COUNT(*) FROM referrals WHERE id = 'R-HN-1'\")\" = 0 ]"

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

# ---- each province's targets --------------------------------------------------------------
$V --quiet --db "$U31" target set 2026 placed=600 --province 31 >/dev/null 2>&1
r1=$?
$V --quiet --db "$U31" target set 2026 placed=1 --province 01 >/dev/null 2>"$T/t01.err"
r2=$?
$V --quiet --db "$U31" target set 2026 placed=2 >/dev/null 2>&1
r3=$?
check "the province's role sets its own province's targets, not another's nor the whole database's" \
    "[ $r1 = 0 ] && [ $r2 != 0 ] && [ $r3 != 0 ] && grep -q 'row-level security' '$T/t01.err' &&
     [ \"\$(q '$P' \"SELECT string_agg(province || '=' || value, ' ') FROM targets\")\" = '31=600' ]"

# ---- each province's planner's judgements --------------------------------------------------
$V --quiet --db "$U31" adjust add --province 31 --keys area=288 --period 2026Q3 --value 5 \
    --reason "Hải Phòng" --by hp >/dev/null 2>&1
r1=$?
$V --quiet --db "$U31" adjust add --province 01 --keys total --period 2026Q3 --value 5 \
    --reason "Hà Nội" --by hp >/dev/null 2>"$T/a01.err"
r2=$?
$V --quiet --db "$U31" scenario add --name KCN --keys total --from 2026Q3 --positions 9 \
    --reason "cả nước" --by hp >/dev/null 2>&1
r3=$?
check "the province's role records its own province's adjustments, not another's nor the whole database's" \
    "[ $r1 = 0 ] && [ $r2 != 0 ] && [ $r3 != 0 ] && grep -q 'row-level security' '$T/a01.err' &&
     [ \"\$(q '$P' \"SELECT string_agg(province || '=' || reason, ' ') FROM forecast_adjustments\")\" = '31=Hải Phòng' ] &&
     [ \"\$(q '$P' 'SELECT COUNT(*) FROM forecast_scenarios')\" = 0 ]"

# ---- the desk's accounts and the stored runs carry a province ------------------------------
echo "mat-khau-du-dai-2026" >"$T/pw"
$V --quiet --db "$P" user add hp_admin --role admin --province 31 --password-file "$T/pw" \
    >/dev/null 2>&1 &&
    $V --quiet --db "$P" user add hn_staff --role staff --province 01 --password-file "$T/pw" \
        >/dev/null 2>&1 &&
    $V --quiet --db "$P" user add nat_admin --role admin --password-file "$T/pw" >/dev/null 2>&1
check "the owner makes accounts of province 31, of 01 and of every province ('')" \
    "[ \"\$(q '$P' \"SELECT string_agg(name || '=' || province, ' ' ORDER BY name) FROM users\")\" = \
       'hn_staff=01 hp_admin=31 nat_admin=' ]"
$V --db "$U31" user list >"$T/users31.out" 2>&1
check "the province's server lists its own accounts and those of every province, not 01's" \
    "grep -q '^hp_admin ' '$T/users31.out' && grep -q '^nat_admin ' '$T/users31.out' &&
     ! grep -q hn_staff '$T/users31.out'"
$V --quiet --db "$U31" user add hp_new --role staff --password-file "$T/pw" >/dev/null 2>&1
check "an account its desk makes is of its province without saying so" \
    "[ \"\$(q '$P' \"SELECT province FROM users WHERE name = 'hp_new'\")\" = 31 ]"
$V --quiet --db "$U31" user add hn_new --role staff --province 01 --password-file "$T/pw" \
    >"$T/hn_new.out" 2>&1
rc=$?
$V --quiet --db "$U31" user add all_new --role admin --province '' --password-file "$T/pw" \
    >"$T/all_new.out" 2>&1
rc2=$?
check "... and it can make no account of another province, nor of every province" \
    "[ $rc != 0 ] && [ $rc2 != 0 ] && grep -q 'row-level security' '$T/hn_new.out' &&
     [ \"\$(q '$P' \"SELECT COUNT(*) FROM users WHERE name IN ('hn_new', 'all_new')\")\" = 0 ]"
q "$U31" "UPDATE users SET disabled = 1 WHERE name IN ('hn_staff', 'nat_admin')" >/dev/null
q "$U31" "DELETE FROM users WHERE name IN ('hn_staff', 'nat_admin')" >/dev/null
check "... nor change or delete one of another province or of every province" \
    "[ \"\$(q '$P' \"SELECT COUNT(*) FROM users WHERE name IN ('hn_staff', 'nat_admin')
                    AND disabled = 0\")\" = 2 ]"

$V --quiet --db "$U31" user province hp_new 01 >"$T/move.out" 2>&1
rc=$?
$V --quiet --db "$P" user province hn_staff 31 >/dev/null 2>&1
rc2=$?
$V --db "$U31" user list >"$T/users31b.out" 2>&1
$V --quiet --db "$P" user province hn_staff 01 >/dev/null 2>&1
check "user province: the province's role cannot give its account away, the owner moves one" \
    "[ $rc != 0 ] && [ $rc2 = 0 ] && grep -q 'row-level security' '$T/move.out' &&
     grep -q '^hn_staff ' '$T/users31b.out' &&
     [ \"\$(q '$P' \"SELECT province FROM users WHERE name = 'hp_new'\")\" = 31 ]"

# the server of province 31, logged in as its role: who can sign in
mkdir -p "$T/web" "$T/state"
python3 - "$V" "$U31" "$T" >"$T/login.out" 2>&1 <<'PY'
import http.client, json, re, subprocess, sys
v, url, tmp = sys.argv[1:4]
p = subprocess.Popen([v, "--db", url, "serve", "--listen", "127.0.0.1:0", "--web", tmp + "/web",
                      "--state-dir", tmp + "/state"], stdout=subprocess.PIPE,
                     stderr=open(tmp + "/serve.err", "w"), text=True)
try:
    m = re.search(r"127\.0\.0\.1:(\d+)/", p.stdout.readline())
    for user in ("hp_admin", "hn_staff", "nat_admin"):
        c = http.client.HTTPConnection("127.0.0.1", int(m.group(1)), timeout=60)
        c.request("POST", "/api/login", json.dumps({"user": user,
                  "password": "mat-khau-du-dai-2026"}), {"Content-Type": "application/json"})
        print(user, c.getresponse().status)
finally:
    p.terminate()
    p.wait(timeout=60)
PY
check "on the province's server an account of 31 or of every province signs in, one of 01 not" \
    "grep -qx 'hp_admin 200' '$T/login.out' && grep -qx 'hn_staff 401' '$T/login.out' &&
     grep -qx 'nat_admin 200' '$T/login.out'" || sed 's/^/# /' "$T/login.out" "$T/serve.err"

check "the runs of the province's role are of its province, the owner's of none" \
    "[ \"\$(q '$P' \"SELECT COUNT(*) FROM runs WHERE province = '31'\")\" -ge 1 ] &&
     [ \"\$(q '$P' \"SELECT COUNT(*) FROM runs WHERE province = ''\")\" -ge 1 ]"
own=$(q "$P" "SELECT COUNT(*) FROM runs WHERE province = ''")
q "$U31" "DELETE FROM runs WHERE province = ''" >/dev/null
q "$U31" "UPDATE runs SET status = 'changed' WHERE province = ''" >/dev/null
check "the province's role can neither delete nor change the owner's runs" \
    "[ \"\$(q '$P' \"SELECT COUNT(*) FROM runs WHERE province = ''\")\" = $own ] &&
     [ \"\$(q '$P' \"SELECT COUNT(*) FROM runs WHERE status = 'changed'\")\" = 0 ]"
ro=$(q "$P" "INSERT INTO runs(started, command, status) VALUES ('2026-12-01T00:00:00Z',
               'the owner''s run', 'running') RETURNING id")
q "$P" "INSERT INTO match_results(run_id, seeker_id, vacancy_id, rank, score)
        VALUES ($ro, 'S0000001', 'V000001', 1, 0.5)" >/dev/null
q "$U31" "DELETE FROM match_results WHERE run_id = $ro" >/dev/null
q "$U31" "INSERT INTO match_results(run_id, seeker_id, vacancy_id, rank, score)
          VALUES ($ro, 'S0000002', 'V000001', 2, 0.4)" >/dev/null
rc=$?
r31=$(q "$U31" "INSERT INTO runs(started, command) VALUES ('2026-12-01T00:00:00Z', 'p31')
                RETURNING id")
q "$U31" "INSERT INTO match_results(run_id, seeker_id, vacancy_id, rank, score)
          VALUES ($r31, 'S0000002', 'V000001', 1, 0.4)" >/dev/null
rc2=$?
check "a run's results are written by its run's province only" \
    "[ $rc != 0 ] && [ $rc2 = 0 ] && [ \"\$(q '$P' \"SELECT COUNT(*) FROM match_results
                                              WHERE run_id = $ro\")\" = 1 ]"

check "the planners' role reads vacancies and the seekers' non-personal columns" \
    "[ \"\$(q '$UPL' 'SELECT COUNT(*) FROM vacancies')\" = 401 ] &&
     [ \"\$(q '$UPL' 'SELECT COUNT(DISTINCT status) FROM seekers')\" -ge 2 ]"
q "$UPL" "SELECT name FROM seekers LIMIT 1" >/dev/null
r1=$?
q "$UPL" "SELECT COUNT(*) FROM users" >/dev/null
r2=$?
q "$UPL" "UPDATE vacancies SET positions = 0" >/dev/null
r3=$?
check "... but not names, accounts, nor any write" "[ $r1 != 0 ] && [ $r2 != 0 ] && [ $r3 != 0 ] &&
     [ \"\$(q '$P' 'SELECT COUNT(*) FROM vacancies WHERE positions = 0')\" = 0 ]"
# nor what a hire paid, who referred or counselled, what a counselling session was about, the
# erased staff's name hashes or their key (which the province's role needs: an import knows an
# erased name by it); counting needs none of them
q "$P" "UPDATE referrals SET wage = 8500000, staff = 'lan' WHERE id = 'R-HP-1';
        UPDATE referral_outcomes SET wage = 8500000 WHERE referral = 'R-HP-1';
        INSERT INTO counselling(province, seeker, counselled_on, staff, topic)
          VALUES ('31', 'S0000001', '2025-11-02', 'lan', 'Gia đình khó khăn, cần việc gần nhà');
        INSERT INTO meta(key, value) VALUES ('staff-name-key', repeat('ab', 32))
          ON CONFLICT (key) DO NOTHING" >/dev/null
denied=0
for sql in "SELECT wage FROM referrals" "SELECT staff FROM referrals" "SELECT sig FROM referrals" \
    "SELECT wage FROM referral_outcomes" "SELECT staff FROM referral_outcomes" \
    "SELECT topic FROM counselling" "SELECT staff FROM counselling" "SELECT sig FROM seekers" \
    "SELECT name_mac FROM staff_erasures" "SELECT * FROM counselling"; do
    q "$UPL" "$sql" >/dev/null || denied=$((denied + 1))
done
check "... nor wages, counsellors, counselling notes, row hashes, the erased staff's hashes or their key" \
    "[ $denied = 10 ] && [ \"\$(q '$UPL' \"SELECT COUNT(*) FROM meta WHERE key = 'staff-name-key'\")\" = 0 ] &&
     [ \"\$(q '$UPL' 'SELECT COUNT(*) FROM meta')\" -ge 1 ] &&
     [ \"\$(q '$U31' \"SELECT length(value) FROM meta WHERE key = 'staff-name-key'\")\" = 64 ]"
check "... while it counts referrals by outcome and counselling sessions" \
    "[ \"\$(q '$UPL' \"SELECT COUNT(*) FROM referrals WHERE outcome = 'rejected'\")\" = 1 ] &&
     [ \"\$(q '$UPL' 'SELECT COUNT(DISTINCT seeker) FROM counselling')\" = 1 ]"
$V --quiet --db "$P" import history "$ROOT/fixtures/sample/history.csv" >"$T/plan-report.out" 2>&1 &&
    $V --quiet --db "$P" forecast --db --by area,industry --horizon 2 --model naive --method none >/dev/null 2>>"$T/plan-report.out" &&
    $V --db "$UPL" report forecast --out "$T/plan-report.html" >>"$T/plan-report.out" 2>&1
rc=$?
check "... and reports the owner's stored forecast" "[ $rc = 0 ] && [ -s '$T/plan-report.html' ]" ||
    sed 's/^/# /' "$T/plan-report.out"
r=$(q "$UPL" "INSERT INTO runs(started, command) VALUES ('2026-12-01T00:00:00Z', 'plan')
              RETURNING province")
rc=$?
q "$UPL" "UPDATE runs SET status = 'changed' WHERE province = '31'" >/dev/null
check "the planners' role writes its runs (of no province) and not a province's" \
    "[ $rc = 0 ] && [ -z '$r' ] &&
     [ \"\$(q '$P' \"SELECT COUNT(*) FROM runs WHERE status = 'changed'\")\" = 0 ]"
finish
