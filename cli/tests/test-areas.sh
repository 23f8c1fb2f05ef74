#!/usr/bin/env bash
# test-areas.sh - areas after the 2025 reform from the command line: `lookup area` (names with
# and without diacritics, an ambiguous name, a reused code with --all, CSV and JSON, exit 3 for
# nothing), `import` of area cells given as names and pre-reform codes (warnings naming the new
# commune, a divided one an error unless --legacy-areas nearest, keep), `areas migrate` on the
# pre-reform sample (dry run unchanged, moves, what check reports after, all or nothing with an
# injected failure leaving every table as it was, the failed run recorded), `forecast --by area`
# on the sample's pre-reform districts mapped to the province or to zones of current communes
# (totals kept, shares told), and help. The engine
# test (test-areas.c) also holds the database file's SHA-256 unchanged.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
plan 32
DB="$T/a.db"
"$V" --db "$DB" init >/dev/null 2>&1 || exit 1

# ---- lookup area ---------------------------------------------------------------------------------
"$V" --db "$DB" lookup area "hong ha" --format csv >"$T/l1.csv"
check "lookup area without diacritics finds Phường Hồng Hà first" \
    "[ $? -eq 0 ] && sed -n 2p '$T/l1.csv' | grep -q '^00097,Phường Hồng Hà,commune,Thành phố Hà Nội,since 2025-07-01'"
"$V" --db "$DB" lookup area "HỒNG HÀ" --format csv >"$T/l2.csv"
check "... with diacritics and upper case, the same" "cmp -s '$T/l1.csv' '$T/l2.csv'"
"$V" --db "$DB" lookup area "tan an" --format csv --limit 100 >"$T/l3.csv"
check "an ambiguous name lists every Tân An, wards before communes" \
    "[ \$(grep -c ',Phường Tân An,' '$T/l3.csv') -eq 4 ] && [ \$(grep -Ec ',Xã Tân (An|Ân),' '$T/l3.csv') -eq 7 ] && sed -n 2p '$T/l3.csv' | grep -q 'Phường Tân An'"
"$V" --db "$DB" --lang en lookup area 10507 --all >"$T/l4.txt"
check "a reused code with --all: both areas with their dates, the old one pointing to the new" \
    "grep -q 'Phường Thành Đông .*since 2025-07-01' '$T/l4.txt' && grep -q 'Phường Cẩm Thượng .*until 2025-06-30.*derived.*10507 Phường Thành Đông' '$T/l4.txt'"
"$V" --db "$DB" --lang vi lookup area 10507 --all >"$T/l4vi.txt"
check "... in Vietnamese: words, dd/mm/yyyy dates and decimal commas in the table" \
    "grep -q 'Phường Thành Đông .*từ 01/07/2025  *20,9' '$T/l4vi.txt' && grep -q 'Phường Cẩm Thượng .*đến 30/06/2025.*suy ra.*10507 Phường Thành Đông' '$T/l4vi.txt'"
"$V" --db "$DB" lookup area 10507 >"$T/l5.txt"
check "without --all only the current one" "! grep -q 'Cẩm Thượng' '$T/l5.txt' && grep -q 'Thành Đông' '$T/l5.txt'"
"$V" --db "$DB" lookup area 288 --all --format json >"$T/l6.json"
check "a divided district in JSON: its successors with shares" \
    "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); a=d[0]; assert a[\"code\"]==\"288\" and a[\"level\"]==2 and a[\"centre\"]==\"derived\" and a[\"now\"].count(\"%\")==9, a' '$T/l6.json'"
"$V" --db "$DB" lookup area xyzzy >/dev/null 2>"$T/l7.err"
check "nothing found: exit 3 and a message" "[ $? -eq 3 ] && grep -q 'xyzzy' '$T/l7.err'"
"$V" --db "$DB" lookup area "an" --province 31 --level 3 --format csv --limit 1000 >"$T/l8.csv"
check "--province 31 --level 3: only communes of Hải Phòng" \
    "[ \$(tail -n +2 '$T/l8.csv' | wc -l) -gt 5 ] && ! tail -n +2 '$T/l8.csv' | grep -vq ',commune,Thành phố Hải Phòng,'"
"$V" --db "$DB" lookup area --help >"$T/help.txt"
check "lookup area --help describes its options" "grep -q -- '--all' '$T/help.txt' && grep -q -- '--province' '$T/help.txt'"

# ---- area cells on import ------------------------------------------------------------------------
printf 'id,name,industry,area\nE1,A,C,hong ha\nE2,B,C,"Tân An, Hải Phòng"\nE3,C,C,10510\nE4,D,C,30\n' >"$T/e1.csv"
"$V" --db "$DB" import employers "$T/e1.csv" >"$T/i1.out" 2>"$T/i1.err"
check "names and pre-reform codes are read, with a warning naming the new area" \
    "[ $? -eq 0 ] && grep -q \"e1.csv:4: column area: '10510' (Phường Bình Hàn, Tỉnh Hải Dương, until 2025-06-30) is now 10507 Phường Thành Đông\" '$T/i1.err' && grep -q \"e1.csv:5: column area: '30' .* is now 31 Thành phố Hải Phòng\" '$T/i1.err'"
cp "$DB" "$T/vi.db" && VIECLAM_LANG=vi "$V" --db "$T/vi.db" import employers "$T/e1.csv" >/dev/null 2>"$T/i1-vi.err"
check "in Vietnamese the pre-reform area's last day is written dd/mm/yyyy" \
    "grep -q \"'10510' (Phường Bình Hàn, Tỉnh Hải Dương, .*30/06/2025)\" '$T/i1-vi.err' && ! grep -q '2025-06-30' '$T/i1-vi.err'"
"$V" --db "$DB" export employers >"$T/e1-back.csv"
check "the codes are stored: export writes them" \
    "grep -q '^E1,A,C,00097' '$T/e1-back.csv' && grep -q '^E2,B,C,11167' '$T/e1-back.csv' && grep -q '^E3,C,C,10507' '$T/e1-back.csv' && grep -q '^E4,D,C,31' '$T/e1-back.csv'"
printf 'id,name,industry,area\nE5,E,C,10528\nE6,F,C,Tân An\n' >"$T/e2.csv"
"$V" --db "$DB" import employers "$T/e2.csv" >/dev/null 2>"$T/i2.err"
check "a divided commune and an ambiguous name: exit 3, FILE:LINE: column area: reason" \
    "[ $? -eq 3 ] && grep -q \"e2.csv:2: column area: '10528' (Phường Trần Phú, Tỉnh Hải Dương, until 2025-06-30) was divided among 2 areas of Thành phố Hải Phòng: 10537 Phường Tân Hưng and 10532 Phường Lê Thanh Nghị: write the new commune's code\" '$T/i2.err' && grep -q \"e2.csv:3: column area: 'Tân An' names 11 areas\" '$T/i2.err'"
printf 'id,name,industry,area\nE5,E,C,10528\n' >"$T/e3.csv"
"$V" --db "$DB" import employers "$T/e3.csv" --legacy-areas nearest >/dev/null 2>"$T/i3.err"
check "--legacy-areas nearest takes the nearest new commune, with a warning" \
    "[ $? -eq 0 ] && grep -q 'read as the nearest, 10537 Phường Tân Hưng' '$T/i3.err'"
"$V" --db "$DB" import employers "$T/e3.csv" --legacy-areas sideways >/dev/null 2>&1
check "an unknown --legacy-areas is a usage error" "[ $? -eq 2 ]"

# ---- history across the reform: forecast --by area on the sample's pre-reform districts ----------
H="$ROOT/fixtures/sample/history.csv"
"$V" --db "$DB" forecast --history "$H" --by area --horizon 1 --model naive --method none \
    --out "$T/f0.csv" >/dev/null 2>&1
"$V" --db "$DB" forecast --history "$H" --by area --areas provinces --horizon 1 --model naive \
    --method none --out "$T/f1.csv" >"$T/f1.out" 2>&1
check "--areas provinces: every pre-reform district of the history goes to 31, said per district" \
    "[ $? -eq 0 ] && grep -q '^areas: [0-9]* values of area ([0-9]* rows) mapped to the current provinces' '$T/f1.out' && grep -q '^  288 Thành phố Hải Dương (Tỉnh Hải Dương, 2025-06-30) [0-9]* -> 31 Thành phố Hải Phòng$' '$T/f1.out' && ! cut -d, -f2 '$T/f1.csv' | grep -q '^area/2[89]'"
tot() { LC_ALL=C awk -F, 'NR > 1 && $2 == "area" { s += $5 } END { print s }' "$1"; }
check "... and the total is the same as before the mapping (values are moved, never lost)" \
    "[ -n \"\$(tot '$T/f0.csv')\" ] && [ \"\$(tot '$T/f0.csv')\" = \"\$(tot '$T/f1.csv')\" ]"
# two planning zones of the current communes of Hải Phòng: those that came from Hải Dương (30) and the rest
awk -F, 'NR > 1 && $1 == "31" { print $3 "," ($3 < 11000 ? "zone-west" : "zone-east") }' \
    "$ROOT/fixtures/reference/communes_2025.csv" | sed '1i area,group' >"$T/zones.csv"
"$V" --db "$DB" forecast --history "$H" --by area --area-groups "$T/zones.csv" --horizon 1 \
    --model naive --method none --out "$T/f2.csv" >"$T/f2.out" 2>&1
check "--area-groups: districts shared among the zones' communes by area, each share told" \
    "[ $? -eq 0 ] && grep -q 'mapped to the current communes grouped by' '$T/f2.out' && grep -Eq '^  288 Thành phố Hải Dương .* 840 -> zone-west [0-9.]+%, zone-east [0-9.]+%$' '$T/f2.out' && grep -Eq '^  290 Thành phố Chí Linh .* -> zone-west$' '$T/f2.out' && cut -d, -f1 '$T/f2.csv' | grep -q 'area=zone-east' && [ \"\$(tot '$T/f0.csv')\" = \"\$(tot '$T/f2.csv')\" ]"
grep -v ',zone-east$' "$T/zones.csv" | head -n -1 >"$T/zones-short.csv"
"$V" --db "$DB" forecast --history "$H" --by area --area-groups "$T/zones-short.csv" --horizon 1 \
    >/dev/null 2>"$T/f3.err"
check "a commune in no group: exit 3 naming it" "[ $? -eq 3 ] && grep -q 'is in no group' '$T/f3.err'"
"$V" --db "$DB" forecast --history "$H" --areas provinces --horizon 1 >/dev/null 2>&1
check "--areas without --by is a usage error" "[ $? -eq 2 ]"

# ---- areas migrate on the pre-reform sample ------------------------------------------------------
"$V" --quiet generate --pre-reform --out "$T/pre" 2>/dev/null
PDB="$T/pre.db"
"$V" --db "$PDB" init >/dev/null 2>&1
for k in employers vacancies seekers; do
    "$V" --db "$PDB" --quiet import $k "$T/pre/$k.csv" --legacy-areas keep >/dev/null 2>&1 || echo "keep $k" >&2
done
# Hải Dương (30) merged into Hải Phòng (31): a province's view holds the records kept on its codes
"$V" --db "$PDB" --quiet report activity --period 2025 --province 31 --csv "$T/p31.csv" >/dev/null 2>&1
"$V" --db "$PDB" --quiet report activity --period 2025 --csv "$T/pall.csv" >/dev/null 2>&1
check "--province 31 holds the records kept on pre-reform Hải Dương codes (province 30 merged into it)" \
    "grep -q '^counts,total,all,registered,current,[1-9]' '$T/pall.csv' && [ \"\$(grep ',registered,' '$T/p31.csv')\" = \"\$(grep ',registered,' '$T/pall.csv')\" ]"
dbsum() { for k in areas employers vacancies seekers; do "$V" --db "$1" export "$k"; done | sha256sum; }
before=$(dbsum "$PDB")
"$V" --db "$PDB" areas migrate --dry-run >"$T/m0.out" 2>&1
check "a dry run lists the divided cases and changes nothing" \
    "[ $? -eq 0 ] && grep -q 'would be left for staff (dry run' '$T/m0.out' && grep -q '^employers  *E00001  *29[0-9]' '$T/m0.out' && [ \"\$(dbsum '$PDB')\" = '$before' ]"
# all or nothing: a failure injected on the last seeker to move leaves every table as it was
last=$(sqlite3 "$PDB" "SELECT s.id FROM seekers s JOIN areas a ON a.id = s.area_id WHERE s.status = 'active' ORDER BY s.id DESC LIMIT 1")
sqlite3 "$PDB" "CREATE TRIGGER fail_last BEFORE UPDATE OF area_id ON seekers WHEN NEW.id = '$last' BEGIN SELECT RAISE(ABORT, 'injected'); END"
"$V" --db "$PDB" areas migrate --legacy-areas nearest >/dev/null 2>"$T/m1.err"
check "a failure midway: exit 1, every table's content unchanged, the failed run recorded" \
    "[ $? -eq 1 ] && grep -q injected '$T/m1.err' && [ \"\$(dbsum '$PDB')\" = '$before' ] && [ \"\$(sqlite3 '$PDB' \"SELECT status FROM runs WHERE command LIKE '%areas migrate%' ORDER BY id DESC LIMIT 1\")\" = 'database error' ]"
sqlite3 "$PDB" "DROP TRIGGER fail_last"
"$V" --db "$PDB" areas migrate --out "$T/left.csv" --format csv >"$T/m2.out" 2>&1
check "migrate: the districts are divided, so their records are left, listed in --out" \
    "[ $? -eq 0 ] && grep -q '^0 records moved to the current areas, [0-9]* left for staff' '$T/m2.out' && head -1 '$T/left.csv' | grep -q '^table,id,area,name,candidates' && [ \"\$(stat -c %a '$T/left.csv')\" = 600 ]"
"$V" --db "$PDB" areas migrate --legacy-areas nearest >"$T/m3.out" 2>&1
check "--legacy-areas nearest moves them all, per table and area" \
    "[ $? -eq 0 ] && grep -q ' left for staff' '$T/m3.out' && grep -q '^  seekers: [0-9]* moved from 288 Thành phố Hải Dương to 10[0-9]* ' '$T/m3.out'"
"$V" --db "$PDB" check >"$T/ck.out" 2>&1
check "then check finds nothing left" "[ $? -eq 0 ] && grep -q '^0 problems' '$T/ck.out'"
check "the migration is in the audit trail" \
    "[ \"\$(sqlite3 '$PDB' \"SELECT COUNT(*) FROM runs WHERE command LIKE '%areas migrate%' AND status = 'ok'\")\" -ge 2 ]"
closed=$(sqlite3 "$PDB" "SELECT COUNT(*) FROM vacancies v JOIN areas a ON a.id = v.area_id WHERE a.valid_to = '2025-06-30'")
check "closed vacancies keep the district they were posted in" "[ '$closed' -gt 0 ]"
"$V" --db "$PDB" areas migrate --legacy-areas keep >/dev/null 2>&1
check "keep is not a way to migrate (usage, exit 2)" "[ $? -eq 2 ]"
"$V" --db "$PDB" areas >/dev/null 2>&1
check "areas without a subcommand is a usage error" "[ $? -eq 2 ]"
"$V" --db "$PDB" areas migrate --help | grep -q -- '--dry-run'
check "areas migrate --help describes its options" "[ $? -eq 0 ]"
finish
