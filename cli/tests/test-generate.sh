#!/usr/bin/env bash
# test-generate.sh - `vieclam generate` and `vieclam demo`: usage errors, byte-identical output for
# a seed (also under vi_VN), sizes, the generated files imported by `vieclam import` without a
# problem, a custom areas file, and the demo (fresh database, summary counts cross-checked against
# fixtures/sample, re-run, refusing a database it did not make, --force, missing fixtures) and the
# pre-reform sample (`generate --pre-reform`) kept on its abolished districts.
# Prints TAP.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
files="employers.csv vacancies.csv seekers.csv history.csv labour-balance-history.csv"
same_dirs() { for f in $files; do cmp -s "$1/$f" "$2/$f" || return 1; done; }
plan 43

# ---- usage -------------------------------------------------------------------------------------
$V generate --help >"$T/help" 2>&1
check "generate --help exits 0" "[ $? -eq 0 ]"
check "--help names every option" \
    "grep -q -- --seed $T/help && grep -q -- --as-of $T/help && grep -q -- --areas $T/help"
$V help generate >/dev/null 2>&1
check "help generate exits 0" "[ $? -eq 0 ]"
$V generate --seed 1 >/dev/null 2>&1
check "no --out is a usage error (2)" "[ $? -eq 2 ]"
$V generate --seed abc --out "$T/x" >/dev/null 2>&1
check "a non-numeric seed is a usage error" "[ $? -eq 2 ]"
$V generate --seekers -5 --out "$T/x" >/dev/null 2>&1
check "a negative count is a usage error" "[ $? -eq 2 ]"
$V generate --quarters 0 --out "$T/x" >/dev/null 2>&1
check "zero quarters is a usage error" "[ $? -eq 2 ]"
$V generate --as-of 2026-02-30 --out "$T/x" 2>"$T/err" >/dev/null
check "an impossible --as-of date is a usage error" "[ $? -eq 2 ] && grep -q 'not a date' $T/err"
$V generate --frobnicate 1 --out "$T/x" >/dev/null 2>&1
check "an unknown option is a usage error" "[ $? -eq 2 ]"
$V generate --employers 0 --vacancies 3 --out "$T/x" 2>"$T/err" >/dev/null
check "vacancies without employers are refused" "[ $? -eq 2 ] && grep -q employer $T/err"
$V generate --areas "$T/none.csv" --out "$T/x" 2>"$T/err" >/dev/null
check "a missing areas file fails (1) and names the file" "[ $? -eq 1 ] && grep -q none.csv $T/err"

# ---- determinism and sizes ---------------------------------------------------------------------
G=(--seekers 733 --employers 41 --vacancies 187 --quarters 12 --as-of 2025-11-17)
$V --quiet generate --seed 99 "${G[@]}" --out "$T/a" 2>/dev/null
check "generate exits 0" "[ $? -eq 0 ]"
$V --quiet generate --seed 99 "${G[@]}" --out "$T/b" 2>/dev/null
check "the same seed gives byte-identical files" "same_dirs $T/a $T/b"
LC_ALL=vi_VN.UTF-8 $V --quiet generate --seed 99 "${G[@]}" --out "$T/vi" 2>/dev/null
check "... also under vi_VN.UTF-8 (decimal comma locale)" "same_dirs $T/a $T/vi"
$V --quiet generate --seed 100 "${G[@]}" --out "$T/c" 2>/dev/null
check "another seed gives other seekers" "! cmp -s $T/a/seekers.csv $T/c/seekers.csv"
check "one line per record plus the header" \
    "[ \$(wc -l <$T/a/seekers.csv) -eq 734 ] && [ \$(wc -l <$T/a/vacancies.csv) -eq 188 ] && [ \$(wc -l <$T/a/employers.csv) -eq 42 ]"
# the history starts before the 2025 communes existed: it is keyed by the pre-reform districts
# that became Hải Phòng, as the fixture's crosswalk counts them
nd=$(python3 -c 'import csv,sys
print(len({r["old_district_code"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
           if r["new_province_code"] == "31"}))' "$ROOT/fixtures/reference/crosswalk_2024_2025.csv")
check "history: $nd pre-reform districts x 21 sections x 12 quarters, ending 2025Q3 (before 2025-11-17)" \
    "[ \$(wc -l <$T/a/history.csv) -eq $((nd * 21 * 12 + 1)) ] && tail -1 $T/a/history.csv | grep -q ',2025Q3,'"
check "overseas vacancies ask for JLPT and TOPIK levels" \
    "grep -Eq ',ja:N[45],' $T/a/vacancies.csv && grep -Eq ',ko:[23],' $T/a/vacancies.csv"
# 200 referrals asked of 30 seekers and 10 vacancies: some days have nobody to refer, and the
# line says the referrals written, not those asked
$V generate --seekers 30 --employers 5 --vacancies 10 --quarters 4 --referrals 200 \
    --out "$T/few" 2>"$T/few.err" >/dev/null
nref=$(($(wc -l <"$T/few/referrals.csv") - 1))
check "generate says the referrals it wrote ($nref of 200 asked)" \
    "[ $nref -lt 200 ] && grep -q ', 30 seekers, $nref referrals and 4 quarters' $T/few.err"

# ---- the importer takes every generated row ----------------------------------------------------
DB="$T/g.db"
$V --db "$DB" init >/dev/null 2>&1
rc=0
for k in employers vacancies seekers; do
    $V --db "$DB" import $k "$T/a/$k.csv" >/dev/null 2>"$T/err.$k" || rc=1
done
$V --db "$DB" import history "$T/a/history.csv" >/dev/null 2>"$T/err.h" || rc=1
$V --db "$DB" import history "$T/a/labour-balance-history.csv" >/dev/null 2>"$T/err.lb" || rc=1
check "vieclam import accepts all five generated files" "[ $rc -eq 0 ]"
$V --db "$DB" export seekers --out "$T/seekers-back.csv" >/dev/null 2>&1
check "exported seekers are as many as generated" "[ \$(wc -l <$T/seekers-back.csv) -eq 734 ]"

# ---- a custom areas file -----------------------------------------------------------------------
printf 'code,name,parent,lat,lon\nT1,Tỉnh Thử,,21.1,105.1\nT1a,"Xã A, mới",T1,21.2,105.2\nT1b,Xã B,T1,21.3,105.3\n' >"$T/areas.csv"
$V --quiet generate --areas "$T/areas.csv" --home T1 --seekers 50 --employers 5 --vacancies 20 \
    --out "$T/custom" 2>/dev/null
check "--areas/--home place everyone in the file's areas" \
    "[ $? -eq 0 ] && [ \"\$(awk -F, 'NR>1{print \$5}' $T/custom/seekers.csv | sort -u | tr '\n' ' ')\" = 'T1a T1b ' ]"
$V --quiet generate --areas "$T/areas.csv" --home 30 --out "$T/custom2" 2>"$T/err"
check "--home with no areas below it is refused" "[ $? -eq 2 ] && grep -q \"parent '30'\" $T/err"

# ---- demo --------------------------------------------------------------------------------------
D="$T/demo"
mkdir -p "$D"
$V --db "$D/vieclam.db" demo --out "$D/out" >"$D/stdout" 2>"$D/stderr"
check "demo exits 0" "[ $? -eq 0 ]"
check "demo database exists with mode 0600" "[ \$(stat -c %a $D/vieclam.db) = 600 ]"
check "demo summary written to --out" "cmp -s $D/stdout $D/out/summary.txt"
AS=2026-03-01 # the sample's date (fixtures/sample/README.md)
exp_open=$(python3 -c 'import csv,sys
print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
          if r["posted"] <= sys.argv[2] and (r["closes"] == "" or r["closes"] >= sys.argv[2])))' \
    "$ROOT/fixtures/sample/vacancies.csv" $AS)
# active: the sample's active seekers but those its referrals placed (a hire makes a seeker placed)
exp_active=$(python3 -c 'import csv,sys
hired = {r["seeker"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")) if r["outcome"] == "hired"}
print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
          if r["status"] == "active" and r["id"] not in hired))' \
    "$ROOT/fixtures/sample/seekers.csv" "$ROOT/fixtures/sample/referrals.csv")
exp_ref=$(($(wc -l <"$ROOT/fixtures/sample/referrals.csv") - 1))
exp_emp=$(($(wc -l <"$ROOT/fixtures/sample/employers.csv") - 1))
exp_series=$(python3 -c 'import csv,sys
print(sum(len({r["series"] for r in csv.DictReader(open(f, encoding="utf-8"))}) for f in sys.argv[1:]))' \
    "$ROOT/fixtures/sample/history.csv" "$ROOT/fixtures/sample/labour-balance-history.csv")
# the counts as people read them: 1,649 in English, 1.649 in Vietnamese
en() { python3 -c 'import sys; print(f"{int(sys.argv[1]):,}")' "$1"; }
vi() { en "$1" | tr , .; }
exp_open_vi=$(vi $exp_open)
exp_emp=$(en $exp_emp) exp_open=$(en $exp_open) exp_active=$(en $exp_active)
exp_series=$(en $exp_series) exp_ref=$(en $exp_ref)
check "summary: employers as in fixtures/sample ($exp_emp)" "grep -Eq 'employers +$exp_emp\$' $D/stdout"
check "summary: open vacancies as in fixtures/sample ($exp_open)" \
    "grep -Eq 'vacancies open on $AS +$exp_open ' $D/stdout"
check "summary: active seekers as in fixtures/sample ($exp_active)" \
    "grep -Eq 'active job seekers +$exp_active ' $D/stdout"
check "summary: history series as in fixtures/sample ($exp_series)" \
    "grep -Eq 'history series +$exp_series ' $D/stdout"
check "summary: the desk's record of referrals as in fixtures/sample ($exp_ref)" \
    "grep -Eq '^  referrals +$exp_ref  \\([0-9]+ follow-ups of hires\\)\$' $D/stdout"
check "demo: the desk's accounts (README) are made and said" \
    "grep -q 'accounts demo (staff), demo-planner and demo-admin, password vieclam-demo' $D/stdout &&
     $V --db $D/vieclam.db user list | grep -Eq '^demo +counsellor +active' &&
     $V --db $D/vieclam.db user list | grep -Eq '^demo-planner +planner +active' &&
     $V --db $D/vieclam.db user list | grep -Eq '^demo-admin +administrator +active'"
check "user list names the roles in the user's language, not by their codes" \
    "VIECLAM_LANG=vi $V --db $D/vieclam.db user list | grep -Eq '^demo +cán bộ tư vấn ' &&
     VIECLAM_LANG=vi $V --db $D/vieclam.db user list | grep -Eq '^demo-admin +quản trị '"
check "demo: the sample is consistent on its own date" \
    "grep -q '^consistency check as of $AS: no problems' $D/stdout"
$V --db "$D/vieclam.db" check --as-of $AS >"$D/ck0" 2>&1
check "check --as-of $AS on the demo database: exit 0, 0 problems" \
    "[ $? -eq 0 ] && grep -q '^0 problems' $D/ck0"
$V --db "$D/vieclam.db" check --as-of 2025-06-30 --format csv >"$D/ck1.csv" 2>/dev/null
check "the day before the reform the sample's communes did not exist yet: exit 3" \
    "[ $? -eq 3 ] && grep -q 'valid from 2025-07-01' $D/ck1.csv && ! grep -q 'valid until' $D/ck1.csv"
# the pre-reform sample, kept as written: today its 12 districts are abolished, at most one line
# per table (3) and district (12), each with a count, the first ids and what to do
$V --quiet generate --pre-reform --out "$T/pre" 2>/dev/null
PDB="$T/pre.db"
$V --db "$PDB" init >/dev/null 2>&1
for k in employers vacancies seekers; do
    $V --db "$PDB" --quiet import $k "$T/pre/$k.csv" --legacy-areas keep >/dev/null 2>&1 || echo "keep $k" >&2
done
$V --db "$PDB" check --as-of 2025-03-01 >/dev/null 2>&1
check "the pre-reform sample, kept as written: consistent on its date" "[ $? -eq 0 ]"
$V --db "$PDB" check --format csv >"$D/ck.csv" 2>/dev/null
ck_rc=$?
check "check as of today on the pre-reform sample: exit 3, aggregated per table and area" \
    "[ $ck_rc -eq 3 ] && [ \$(wc -l <$D/ck.csv) -gt 1 ] && [ \$(wc -l <$D/ck.csv) -le 37 ] &&
     grep -Eq '^seekers,,\"[0-9]+ active records use area 288 \\(Thành phố Hải Dương\\), valid until 2025-06-30: S[0-9]+, .*, \\.\\.\\. - divided among 9 current areas' $D/ck.csv"
VIECLAM_LANG=vi $V --db "$D/vieclam.db" demo >"$D/stdout-vi" 2>&1
check "a second demo run replaces its own database" "[ $? -eq 0 ]"
# the tour in Vietnamese from the catalogue: labels aligned by display width, dates dd/mm/yyyy,
# the same counts
prio=$(sed -En 's/^  active job seekers +[0-9,]+  \(([0-9]+) in a priority group\)$/\1/p' "$D/stdout")
check "demo under VIECLAM_LANG=vi speaks Vietnamese, aligned, with the same counts" \
    "grep -Eq '^  vị trí mở ngày 01/03/2026 +$exp_open_vi ' $D/stdout-vi &&
     [ -n '$prio' ] && grep -Eq '^  người đang tìm việc {12}[ 0-9.]{7}  \($prio thuộc nhóm ưu tiên\)$' $D/stdout-vi &&
     grep -Eq '^  địa bàn +[0-9]{1,3}\.[0-9]{3}$' $D/stdout-vi &&
     grep -q '^kế hoạch phiên giao dịch việc làm (models/fair.yaml' $D/stdout-vi &&
     grep -q 'Bàn làm việc của cán bộ: tài khoản demo (' $D/stdout-vi &&
     ! grep -q '^planner:\|best vacancies for seeker' $D/stdout-vi"
: >"$D/mine.db"
$V --db "$D/mine.db" demo >/dev/null 2>"$D/err"
check "demo refuses a database it did not make (1)" "[ $? -eq 1 ] && grep -q -- --force $D/err"
$V --db "$D/mine.db" demo --force >/dev/null 2>&1
check "... unless --force" "[ $? -eq 0 ]"
VIECLAM_DATADIR="$T/nowhere" $V --db "$D/x.db" demo >/dev/null 2>"$D/err"
check "missing data are reported (1)" "[ $? -eq 1 ] && grep -q VIECLAM_DATADIR $D/err"
finish
