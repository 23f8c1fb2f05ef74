#!/bin/bash
# test-import.sh - `vieclam init/import/export/check` end to end: database mode 0600, a good
# import with its one-line summary, idempotent re-import, update by id, exit 3 with
# FILE:LINE: column NAME diagnostics for every file of fixtures/bad/ and the database unchanged,
# --skip-invalid --rejects, --allow-extra-columns, usage errors (exit 2), export round trip with
# and without a BOM, check formats (records kept on pre-reform areas), the runs audit row with
# input hashes, and --help for each.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BAD="$ROOT/fixtures/bad"
# a digest of every data table (not the audit trail), to prove a failed import changed nothing
dbsum() { for k in areas employers vacancies seekers history; do "$V" --db "$1" export "$k"; done | sha256sum; }

plan 52
DB="$T/c.db"
(umask 022 && "$V" --db "$DB" init >"$T/init.out")
check "init exits 0" "[ $? -eq 0 ] && grep -q 'occupations' '$T/init.out'"
check "database file has mode 0600" "[ \"\$(stat -c %a '$DB')\" = 600 ]"
"$V" --db "$DB" init >/dev/null
check "init twice is fine" "[ $? -eq 0 ]"

cat >"$T/employers.csv" <<'EOF'
id,name,industry,area
E101,Công ty TNHH May mặc Hải Dương,C,10507
E102,"Công ty Điện tử Chí Linh, chi nhánh 2",C,10546
E104,Công ty Cơ khí Hải Phòng,C,31
EOF
cat >"$T/vacancies.csv" <<'EOF'
id,employer,title,occupation,skills_required,skills_preferred,education_min,experience_min,languages,wage_min,wage_max,positions,area,country,age_min,age_max,posted,closes,fair
V201,E101,Thợ may công nghiệp,7533,May công nghiệp;Vắt sổ,Là ủi,THPT,1.5,,7200000,9350000,25,10507,,18,45,2025-08-10,2025-10-31,F1
V202,E102,Công nhân lắp ráp điện tử,8212,Hàn điện,,trung cấp,0.25,en:A2,8100000,,15,10546,VN,,,2025-09-01,,
V203,E104,Thực tập sinh (Nhật Bản),9333,,,THPT,,ja:N4,,,12,,JP,18,30,2025-01-05,,
EOF
cat >"$T/seekers.csv" <<'EOF'
id,name,birth_year,gender,area,education,occupations,skills,experience_years,languages,wage_min,max_commute_km,abroad,priority,registered,status
S301,Nguyễn Văn An,1998,nam,10507,Đại học,7533;8212,HAN DIEN,2.5,ja:N3;en:B1,7500000,15,JP;KR,poor;rural,2025-01-02,active
S302,Trần Thị Bình,2001,nữ,31,cao đẳng,9333,,0,,,,*,,2025-01-03,
EOF
cat >"$T/history.csv" <<'EOF'
series,period,value,area,industry
vacancies,2024Q1,120,288,C
vacancies,2024Q2,98.5,288,C
EOF
for k in employers vacancies seekers history; do
    "$V" --db "$DB" import "$k" "$T/$k.csv" >"$T/imp-$k.out" 2>"$T/imp-$k.err" || echo "import $k failed" >&2
done
check "import prints a one-line summary" \
    "grep -qx 'vacancies $T/vacancies.csv: rows 3, inserted 3, updated 0, unchanged 0, rejected 0' '$T/imp-vacancies.out'"
check "all four kinds imported" "grep -q 'inserted 2' '$T/imp-seekers.out' && grep -q 'inserted 2' '$T/imp-history.out'"
"$V" --db "$DB" import seekers "$T/seekers.csv" >"$T/again.out"
check "same file twice changes nothing" "grep -q 'inserted 0, updated 0, unchanged 2' '$T/again.out'"
sed 's/^S302,Trần Thị Bình,2001,nữ,31,cao đẳng,9333,,0/S302,Trần Thị Bình,2001,nữ,31,cao đẳng,9333;5223,Bán hàng,0/' \
    "$T/seekers.csv" >"$T/seekers2.csv"
"$V" --db "$DB" import seekers "$T/seekers2.csv" >"$T/upd.out"
check "a changed row updates by id" "grep -q 'inserted 0, updated 1, unchanged 1' '$T/upd.out'"

# ---- every bad file: exit 3, FILE:LINE diagnostics, database unchanged ----------------------
before=$(dbsum "$DB")
bad() { # name kind expected-stderr-substring
    "$V" --db "$DB" import "$2" "$BAD/$1" >"$T/bad.out" 2>"$T/bad.err"
    local rc=$?
    if [ $rc -eq 3 ] && grep -qF -- "$3" "$T/bad.err" && [ "$(dbsum "$DB")" = "$before" ]; then
        ok "$1: exit 3, '$3', database unchanged"
    else
        nok "$1: exit 3, '$3', database unchanged (rc $rc)"
        sed 's/^/# /' "$T/bad.err"
    fi
}
bad windows-1258.csv employers "$BAD/windows-1258.csv:2: column name: invalid UTF-8 byte 0xF4: the file is not UTF-8; it looks like Windows-1258"
bad invalid-utf8.csv employers "$BAD/invalid-utf8.csv:2: column name: invalid UTF-8"
bad utf-16.csv employers "the file is UTF-16"
bad wrong-header.csv employers "$BAD/wrong-header.csv:1: column tendn: unknown column"
bad missing-column.csv employers "$BAD/missing-column.csv:1: header: missing column: industry"
bad extra-column.csv employers "$BAD/extra-column.csv:1: column fax: unknown column"
bad duplicate-ids.csv employers "$BAD/duplicate-ids.csv:4: column id: duplicate id 'E907' (first on line 2)"
bad unknown-codes.csv vacancies "$BAD/unknown-codes.csv:2: column occupation: unknown ISCO-08 code '7299'"
bad unknown-codes.csv vacancies "$BAD/unknown-codes.csv:3: column area: unknown area '999': no area has this code or name"
bad negative-numbers.csv vacancies "$BAD/negative-numbers.csv:2: column wage_min: '-7000000' is negative"
bad negative-numbers.csv vacancies "$BAD/negative-numbers.csv:3: column positions: 'nhiều' is not a whole number"
bad decimal-comma.csv vacancies "$BAD/decimal-comma.csv:2: column experience_min: '1,5' has a decimal comma"
bad impossible-date.csv vacancies "$BAD/impossible-date.csv:2: column posted: '2025-02-30' is not a real calendar date"
bad open-quote.csv employers "$BAD/open-quote.csv:2: a quoted field opened here is never closed"
bad empty.csv employers "the file is empty"
bad history-bad.csv history "$BAD/history-bad.csv:4: column value: '1,5' has a decimal comma"
grep -q 'rows 2, inserted 0, updated 0, unchanged 0, rejected 1 (nothing imported)' "$T/bad.err" ||
    grep -q 'nothing imported' "$T/bad.err"
check "a failed import says nothing was imported" "[ $? -eq 0 ]"

# ---- skip-invalid, extra columns, usage ----------------------------------------------------
"$V" --db "$DB" import employers "$BAD/duplicate-ids.csv" --skip-invalid --rejects "$T/rej.csv" \
    >"$T/skip.out" 2>"$T/skip.err"
check "--skip-invalid imports the good rows (exit 0)" \
    "[ $? -eq 0 ] && grep -q 'rows 3, inserted 2, updated 0, unchanged 0, rejected 1' '$T/skip.out'"
check "rejects file has the bad row and a reason column" \
    "[ \$(wc -l < '$T/rej.csv') -eq 2 ] && head -1 '$T/rej.csv' | grep -q ',reason' && grep -q \"^E907,Công ty A lần hai,C,10507,column id: duplicate id 'E907' (first on line 2)\" '$T/rej.csv'"
check "rejects file has mode 0600" "[ \"\$(stat -c %a '$T/rej.csv')\" = 600 ]"
sed 's/^E907,Công ty A lần hai,/E909,Công ty A lần hai,/' "$T/rej.csv" >"$T/rej-fixed.csv"
"$V" --db "$DB" import employers "$T/rej-fixed.csv" >"$T/refix.out" 2>&1
check "the corrected rejects file imports as it is: its last column reason is read as a note" \
    "[ $? -eq 0 ] && grep -q 'rows 1, inserted 1, updated 0, unchanged 0, rejected 0' '$T/refix.out'"
"$V" --db "$DB" import employers "$BAD/extra-column.csv" --allow-extra-columns >"$T/x.out" 2>"$T/x.err"
check "--allow-extra-columns warns and imports" \
    "[ $? -eq 0 ] && grep -q 'warning: .*column fax' '$T/x.err' && grep -q 'inserted 1' '$T/x.out'"
"$V" --db "$DB" import employers 2>/dev/null
check "import without FILE is a usage error (exit 2)" "[ $? -eq 2 ]"
LC_ALL=C "$V" --db "$DB" import nonsense "$T/seekers.csv" 2>"$T/kind.err"
check "unknown kind is a usage error (exit 2)" "[ $? -eq 2 ]"
# the kinds the error names are the library's; the shell's completion offers the same ones, and
# each of them exports (counselling and fairs were once missing from both lists)
"$V" help --words import >"$T/kind.words"
kinds_ok=1
for k in $(cat "$T/kind.words"); do
    "$V" --db "$DB" export "$k" --out "$T/kind.csv" 2>/dev/null || kinds_ok=0
done
check "every kind offered exports, and the usage error lists the same kinds" \
    "[ $kinds_ok = 1 ] && [ \"\$(sed -n 's/.*(one of: \\(.*\\))\$/\\1/p' '$T/kind.err' | sed 's/, / /g')\" = \"\$(cat '$T/kind.words')\" ] && grep -qw fairs '$T/kind.words' && grep -qw counselling '$T/kind.words'"
"$V" --db "$DB" import seekers "$T/seekers.csv" --skip-invalid 2>/dev/null
check "--skip-invalid without --rejects is a usage error" "[ $? -eq 2 ]"
"$V" --db "$T/none.db" import seekers "$T/seekers.csv" 2>"$T/nodb.err"
check "import into a missing database fails and says init" "[ $? -ne 0 ] && grep -q 'vieclam init' '$T/nodb.err'"

# ---- export: round trip, BOM ---------------------------------------------------------------
DB2="$T/d.db"
"$V" --db "$DB2" init >/dev/null
rt=0
for k in areas employers vacancies seekers history; do
    "$V" --db "$DB" export "$k" --out "$T/e1-$k.csv" &&
        "$V" --db "$DB2" import "$k" "$T/e1-$k.csv" >/dev/null &&
        "$V" --db "$DB2" export "$k" >"$T/e2-$k.csv" &&
        cmp -s "$T/e1-$k.csv" "$T/e2-$k.csv" || rt=1
done
check "import -> export -> import -> export gives identical files" "[ $rt -eq 0 ]"
"$V" --db "$DB" import seekers "$T/e1-seekers.csv" >"$T/re.out"
check "an exported file re-imports unchanged" "grep -q 'inserted 0, updated 0, unchanged 2' '$T/re.out'"
check "export --out has mode 0600" "[ \"\$(stat -c %a '$T/e1-seekers.csv')\" = 600 ]"
"$V" --db "$DB" export vacancies --bom >"$T/bom.csv"
check "export --bom starts with a UTF-8 BOM" "head -c 3 '$T/bom.csv' | od -An -tx1 | grep -q 'ef bb bf'"
check "export writes canonical values" \
    "grep -q '^V202,E102,Công nhân lắp ráp điện tử,8212,Hàn điện,,intermediate,0.25,en:A2,8100000,,15,10546,VN' '$T/e1-vacancies.csv'"
printf 'id;name;industry;area\r\nE101;Công ty TNHH May mặc Hải Dương;C;10507\r\nE102;Công ty Điện tử Chí Linh, chi nhánh 2;C;10546\r\n' >"$T/semi.csv"
"$V" --db "$DB" import employers "$T/semi.csv" >"$T/semi.out" 2>&1
check "';' delimiter and CRLF: the same rows, unchanged" "grep -q 'inserted 0, updated 0, unchanged 2' '$T/semi.out'"

# ---- check -----------------------------------------------------------------------------------
"$V" --db "$DB" check --as-of 2025-08-01 >"$T/ck.out"
check "check after the 2025 reform, records on its communes: exit 0" "[ $? -eq 0 ] && grep -q '^0 problems' '$T/ck.out'"
# an archive of pre-reform records, kept as written: the district 288 (divided) and the commune
# 10510 (Phường Bình Hàn, now part of 10507)
printf 'id,name,industry,area\nE301,Công ty Cũ,C,288\nE302,Công ty Xưa,C,10510\nE303,Công ty Hai Cũ,G,288\n' >"$T/old-emp.csv"
"$V" --db "$DB" import employers "$T/old-emp.csv" --legacy-areas keep >/dev/null 2>"$T/keep.err"
"$V" --db "$DB" check --as-of 2025-03-01 --format csv >"$T/ck0.csv"
check "check before the reform: the records on 2025 communes are reported, not the archive" \
    "[ $? -eq 3 ] && grep -q 'valid from 2025-07-01' '$T/ck0.csv' && ! grep -q 'valid until' '$T/ck0.csv'"
"$V" --db "$DB" check --as-of 2025-08-01 --format csv >"$T/ck.csv"
check "check after the reform: exit 3, abolished areas as CSV, one row per table and area" \
    "[ $? -eq 3 ] && head -1 '$T/ck.csv' | grep -q '^table,id,problem' && grep -q '^employers,,\"1 record uses area 10510 (Phường Bình Hàn), valid until 2025-06-30: E302 - .vieclam areas migrate. moves it to 10507 Phường Thành Đông' '$T/ck.csv'"
"$V" --db "$DB" check --as-of 2025-08-01 >"$T/ck.txt"
check "check as a table: one row per table and area, without an id, each one problem" \
    "grep -Eq '^employers +2 records use area 288 \\(Thành phố Hải Dương\\), valid until 2025-06-30: E301, E303 - divided among 9 current areas' '$T/ck.txt' && [ \$(grep -c 'valid until' '$T/ck.txt') -eq \$(sed -n 's/^\\([0-9]*\\) problems.*/\\1/p' '$T/ck.txt') ]"
VIECLAM_LANG=vi "$V" --db "$DB" check --as-of 2025-08-01 >"$T/ck-vi.txt"
check "check in Vietnamese: Vietnamese headers, dates written dd/mm/yyyy" \
    "head -1 '$T/ck-vi.txt' | grep -q '^bảng ' && grep -q 'có hiệu lực đến ngày 30/06/2025' '$T/ck-vi.txt' && ! grep -q '2025-06-30' '$T/ck-vi.txt'"
"$V" --db "$DB" check --as-of 2025-08-01 --format json >"$T/ck.json"
check "check --format json parses" \
    "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"count\"] == len(d[\"problems\"]) > 0' '$T/ck.json'"
"$V" --db "$DB" check --format yaml 2>/dev/null
check "check --format yaml is a usage error" "[ $? -eq 2 ]"

# ---- audit trail and help ------------------------------------------------------------------
H=$(sha256sum "$T/seekers.csv" | cut -d' ' -f1)
check "runs row with the input file's SHA-256, command and user" \
    "python3 -c 'import sqlite3,sys; [print(\"|\".join(r)) for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT inputs, command, os_user, status FROM runs\")]' '$DB' | grep >/dev/null '$H.*import seekers.*|ok'"
help_ok=0
for c in init import export check; do
    "$V" "$c" --help | grep -q "usage: vieclam" || help_ok=1
done
check "every command has --help" "[ $help_ok -eq 0 ]"
# a rule between two columns names both as the file does (its Vietnamese headers)
EMP=$("$V" --db "$DB" export employers | sed -n 2p | cut -d, -f1)
printf 'Mã vị trí tuyển dụng;Mã doanh nghiệp;Chức danh;Mã nghề (ISCO-08);Kỹ năng bắt buộc;Kỹ năng ưu tiên;Trình độ tối thiểu;Kinh nghiệm tối thiểu (năm);Ngoại ngữ;Lương tối thiểu (VNĐ/tháng);Lương tối đa (VNĐ/tháng);Số lượng cần tuyển;Mã địa bàn làm việc;Nước làm việc;Tuổi từ;Tuổi đến;Ngày đăng;Hạn nộp hồ sơ;Phiên giao dịch việc làm\nV9901;%s;Thợ hàn;7212;;;;;;9000000;8000000;1;10507;;45;18;2025-02-01;2025-01-01;\n' "$EMP" >"$T/vac-vi.csv"
"$V" --db "$DB" import vacancies "$T/vac-vi.csv" >"$T/vac-vi.out" 2>&1
check "a rule between columns names the other column by the file's header too" \
    "grep -q \"column Tuổi đến (age_max): '18' is below Tuổi từ (age_min) '45'\" '$T/vac-vi.out' && grep -q \"column Lương tối đa (VNĐ/tháng) (wage_max): '8000000' is below Lương tối thiểu (VNĐ/tháng) (wage_min) '9000000'\" '$T/vac-vi.out' && grep -q \"column Hạn nộp hồ sơ (closes): '2025-01-01' is before Ngày đăng (posted) '2025-02-01'\" '$T/vac-vi.out'"
# a file that cannot be read is said once, not as a problem and again as the error
"$V" --db "$DB" import seekers "$T/no-such.csv" >/dev/null 2>"$T/nofile.err"
: >"$T/empty-in.csv"
"$V" --db "$DB" import seekers "$T/empty-in.csv" >/dev/null 2>>"$T/nofile.err"
check "an unreadable or empty file: one line each on stderr" \
    "[ \$(wc -l <'$T/nofile.err') -eq 2 ] && grep -q 'no-such.csv' '$T/nofile.err' && grep -q 'empty-in.csv' '$T/nofile.err'"
# a statistics office's history the Vietnamese way: thousands grouped by '.', a decimal comma
printf 'series;period;value\nvac-vi;2024Q1;1.234\nvac-vi;2024Q2;12,5\n' >"$T/hvi.csv"
"$V" --db "$DB" import history "$T/hvi.csv" --numbers vi >/dev/null 2>&1
check "history with --numbers vi: 1.234 is 1234 and 12,5 is 12.5" \
    "\"$V\" --db '$DB' export history | grep -q '^vac-vi,2024Q1,1234' && \"$V\" --db '$DB' export history | grep -q '^vac-vi,2024Q2,12.5'"
finish
