#!/usr/bin/env bash
# test-sheets.sh - spreadsheets out: `vieclam template KIND` (Vietnamese headers, dropdowns whose
# labels the import accepts, the occupations with Vietnamese titles, one example row; the four
# examples import together), and the CSV written for people as an Excel workbook
# (--format xlsx, read back with openpyxl: numbers as numbers, codes as text) or as
# Excel-friendly CSV (--excel: a BOM and ';'), for match, forecast, balance, fair and rejects;
# a kind exported as a workbook (export --format xlsx) and imported again unchanged.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export VIECLAM_MODELS="$ROOT/models"
plan 21
PY=/usr/bin/python3 # Debian's python, where python3-openpyxl is (scripts/setup.sh --tests)
$PY -c 'import openpyxl' 2>/dev/null || echo "# python3-openpyxl is missing (scripts/setup.sh --tests installs it)"

tpl_failed=
for k in employers vacancies seekers referrals; do
    "$V" template "$k" --out "$T/$k.xlsx" >"$T/tpl.out" 2>&1 ||
        { tpl_failed="$tpl_failed $k"; echo "# template $k failed: $(head -c 600 "$T/tpl.out")"; }
done
check "template: a workbook for each of seekers, vacancies, employers, referrals (exit 0 each)" \
    "[ -z '$tpl_failed' ] && (for k in employers vacancies seekers referrals; do [ -s \"\$T/\$k.xlsx\" ] || exit 1; done)"
check "template: Vietnamese headers, the example row, dropdowns for education, priority, status" "$PY - '$T' <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1] + '/seekers.xlsx')
ws = wb.worksheets[0]
assert ws.title == 'Người tìm việc', ws.title
head = [c.value for c in ws[1]]
assert head[:3] == ['Mã người tìm việc', 'Họ và tên', 'Năm sinh'], head
row = {h: c.value for h, c in zip(head, ws[2])}
assert row['Họ và tên'] == 'Nguyễn Văn An' and row['Năm sinh'] == 1995, row
assert row['Nghề mong muốn (mã ISCO-08)'] == '7212', row  # a code stays text
col = {h: i for i, h in enumerate(head)}
def letter(i): return openpyxl.utils.get_column_letter(i + 1)
dv = {str(d.sqref).split(':')[0][:-1]: d.formula1 for d in ws.data_validations.dataValidation}
for name in ['Trình độ học vấn', 'Nhóm ưu tiên', 'Trạng thái', 'Giới tính']:
    f = dv.get(letter(col[name]))
    assert f and 'Danh mục' in f, (name, dv)
lists = wb['Danh mục']
values = [c for r in lists.iter_rows(values_only=True) for c in r]
assert 'Trung học phổ thông' in values and 'Đại học' in values, values
PY"
check "template: every ISCO-08 unit group with its Vietnamese title on the second sheet, 0110 as text" "$PY - '$T' <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1] + '/vacancies.xlsx')
occ = wb['Nghề nghiệp']
rows = {r[0]: r[1] for r in occ.iter_rows(min_row=2, values_only=True)}
assert len(rows) >= 400, len(rows)
assert rows['0110'] == 'Sĩ quan lực lượng vũ trang', rows.get('0110')
assert rows['7212'].startswith('Thợ hàn'), rows['7212']
ws = wb.worksheets[0]
f = [d.formula1 for d in ws.data_validations.dataValidation]
assert any('Nghề nghiệp' in x for x in f), f
PY"
DB="$T/t.db"
"$V" --db "$DB" --quiet init >/dev/null
ok_all=1
for k in employers vacancies seekers referrals; do
    LC_ALL=vi_VN.UTF-8 "$V" --db "$DB" import "$k" "$T/$k.xlsx" >"$T/imp.$k" 2>&1 || { ok_all=0; sed 's/^/# /' "$T/imp.$k"; }
done
check "template: the four example rows import as they are (every dropdown label is accepted)" "[ $ok_all = 1 ]"
"$V" --db "$DB" export seekers >"$T/s.csv"
check "template: the seeker's Vietnamese labels stored as the contract's values" \
    "grep -q '^S0001,Nguyễn Văn An,1995,male,31,upper_secondary,7212,.*,2025-09-05,active' '$T/s.csv'"
"$V" template areas --out "$T/a.xlsx" >/dev/null 2>&1
rc=$?
"$V" template seekers >/dev/null 2>&1
rc2=$?
check "template: an unknown kind or no --out is a usage error (2)" "[ $rc = 2 ] && [ $rc2 = 2 ]"

# outputs for people
S="$T/s2.db"
"$V" --db "$S" --quiet init >/dev/null &&
    for k in employers vacancies seekers; do
        "$V" --db "$S" --quiet import "$k" "$ROOT/fixtures/sample/$k.csv" >/dev/null || exit 1
    done
AS="--as-of 2026-03-01"
"$V" --db "$S" match --seeker S0000004 $AS --top 5 --format csv --out "$T/m.csv"
"$V" --db "$S" match --seeker S0000004 $AS --top 5 --excel --out "$T/m-excel.csv"
check "match --excel: a BOM, ';' between cells, the CSV's cells with a decimal comma (vi Excel)" "$PY - '$T' <<'PY'
import csv, sys
t = sys.argv[1]
want = list(csv.reader(open(t + '/m.csv', encoding='utf-8')))
raw = open(t + '/m-excel.csv', 'rb').read()
assert raw.startswith(b'\\xef\\xbb\\xbf'), raw[:10]
got = list(csv.reader(raw[3:].decode('utf-8').splitlines(), delimiter=';'))
assert len(got) == len(want) and got[0] == want[0], (got[:1], want[:1])
score = want[0].index('score')
assert '.' in want[1][score] and got[1][score] == want[1][score].replace('.', ','), (got[1], want[1])
assert [[c.replace(',', '.') for c in r] for r in got] == want, (got[:2], want[:2])
PY"
OPEN=$(sed -n 2p "$T/m.csv" | cut -d, -f2)
"$V" --db "$S" match --vacancy "$OPEN" $AS --top 5 --format xlsx --out "$T/shortlist.xlsx"
"$V" --db "$S" match --seeker S0000004 $AS --top 5 --format xlsx --out "$T/m.xlsx"
VIECLAM_LANG=vi "$V" --db "$S" match --seeker S0000004 $AS --top 5 --format xlsx --out "$T/m-vi.xlsx"
check "match --format xlsx: the CSV's rows in a workbook, headers in words, scores as numbers, ids as text" "$PY - '$T' <<'PY'
import csv, sys, openpyxl
t = sys.argv[1]
ws = openpyxl.load_workbook(t + '/m.xlsx').worksheets[0]
rows = list(ws.iter_rows(values_only=True))
want = list(csv.reader(open(t + '/m.csv', encoding='utf-8')))
assert rows[0][:4] == ('Seeker', 'Vacancy', 'Rank', 'Score') and len(rows[0]) == len(want[0]), rows[0]
vi = next(openpyxl.load_workbook(t + '/m-vi.xlsx').worksheets[0].iter_rows(values_only=True))
assert vi[:2] == ('Người tìm việc', 'Vị trí') and not set(vi) & set(want[0]), vi
assert len(rows) == len(want), (len(rows), len(want))
for got, w in zip(rows[1:], want[1:]):
    assert got[0] == w[0] and got[1] == w[1], (got, w)     # ids: text
    assert isinstance(got[3], float) and abs(got[3] - float(w[3])) < 1e-9, (got[3], w[3])
assert ws.freeze_panes == 'A2' and ws.auto_filter.ref, (ws.freeze_panes, ws.auto_filter.ref)
ws2 = openpyxl.load_workbook(t + '/shortlist.xlsx').worksheets[0]
assert ws2.max_row > 1
PY"
"$V" --db "$S" match --seeker S0000004 $AS --format xlsx >/dev/null 2>"$T/err"
rc=$?
check "--format xlsx without --out: usage error (2) naming --out" "[ $rc = 2 ] && grep -q -- '--out FILE.xlsx' '$T/err'"
"$V" --db "$S" match --seeker S0000004 $AS --excel --format json >/dev/null 2>"$T/err"
rc=$?
check "--excel with JSON: usage error (2)" "[ $rc = 2 ]"

# the desk's table: employer, commune, wage, closing date, occupation names, the terminal's width
COLUMNS=100 "$V" --lang vi --db "$S" match --seeker S0000004 $AS --top 5 >"$T/desk.txt"
COLUMNS=200 "$V" --lang vi --db "$S" match --seeker S0000004 $AS --top 5 >"$T/wide.txt"
V1=$(sed -n 2p "$T/m.csv" | cut -d, -f2)
EMP=$(grep "^$V1," "$ROOT/fixtures/sample/vacancies.csv" | cut -d, -f2)
EMPNAME=$(grep "^$EMP," "$ROOT/fixtures/sample/employers.csv" | cut -d, -f2 | tr -d '"')
check "match table (vi): Vietnamese headers, the employer's name, wage and closing date in Vietnamese style" \
    "head -1 '$T/wide.txt' | grep -q 'doanh nghiệp' && grep -q \"\${EMPNAME:0:20}\" '$T/wide.txt' && grep -qE '[0-9],[0-9]–[0-9]' '$T/wide.txt' && grep -qE '[0-9]{2}/[0-9]{2}/20[0-9]{2}' '$T/wide.txt'"
check "match table: every line fits COLUMNS=100, cut text ends in …" \
    "$PY -c \"import sys; L=open('$T/desk.txt',encoding='utf-8').read().splitlines(); assert all(len(l)<=100 for l in L), max(map(len,L)); assert any('…' in l for l in L)\""

# a forecast and a balance for planners
printf 'series,period,value\n' >"$T/h.csv"
for y in 2019 2020 2021 2022 2023 2024; do for q in 1 2 3 4; do printf 'a,%sQ%s,%s\n' $y $q $((100 + q * 3 + y - 2019)) >>"$T/h.csv"; done; done
"$V" forecast --history "$T/h.csv" --horizon 4 --model naive --out "$T/f.csv" 2>/dev/null
"$V" forecast --history "$T/h.csv" --horizon 4 --model naive --excel --out "$T/f-excel.csv" 2>/dev/null
"$V" forecast --history "$T/h.csv" --horizon 4 --model naive --format xlsx --out "$T/f.xlsx" 2>/dev/null
check "forecast --excel and --format xlsx hold the CSV's rows" "$PY - '$T' <<'PY'
import csv, sys, openpyxl
t = sys.argv[1]
want = list(csv.reader(open(t + '/f.csv', encoding='utf-8')))
raw = open(t + '/f-excel.csv', 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), raw[:10]
got = list(csv.reader(raw[3:].decode('utf-8').splitlines(), delimiter=';'))
num = lambda c: c.replace('.', ',') if c.replace('.', '', 1).lstrip('-').isdigit() else c
assert got == [[num(c) for c in r] for r in want], (got[:2], want[:2])
rows = list(openpyxl.load_workbook(t + '/f.xlsx').worksheets[0].iter_rows(values_only=True))
assert len(rows) == len(want) and rows[1][0] == want[1][0], (rows[:2], want[:2])
PY"
VIECLAM_LANG=vi "$V" forecast --history "$T/h.csv" --horizon 4 --model naive --format xlsx --out "$T/fvi.xlsx" 2>/dev/null
check "forecast --format xlsx heads its columns in the user's language, the CSV keeps the codes" "$PY - '$T' <<'PY'
import sys, openpyxl
t = sys.argv[1]
head = next(openpyxl.load_workbook(t + '/fvi.xlsx').worksheets[0].iter_rows(values_only=True))
assert head[0] == 'chuỗi' and head[2] == 'mô hình' and 'lo80' not in head, head
assert open(t + '/f.csv', encoding='utf-8').readline().startswith('series,period,model,mean,lo80,hi80')
PY"
# text a spreadsheet would run as a formula: plain text in Excel CSV and in a workbook, as it is in CSV
printf 'series,period,value\n' >"$T/hf.csv"
for y in 2021 2022 2023 2024; do for q in 1 2 3 4; do printf '+1+1,%sQ%s,%s\n=A1,%sQ%s,5\n' $y $q $((100 + q)) $y $q >>"$T/hf.csv"; done; done
"$V" forecast --history "$T/hf.csv" --horizon 1 --model naive --out "$T/ff.csv" 2>/dev/null
"$V" forecast --history "$T/hf.csv" --horizon 1 --model naive --excel --out "$T/ff-excel.csv" 2>/dev/null
"$V" forecast --history "$T/hf.csv" --horizon 1 --model naive --format xlsx --out "$T/ff.xlsx" 2>/dev/null
check "--excel and --format xlsx: text starting = + - @ stays text (apostrophe in CSV), the CSV keeps it" "$PY - '$T' <<'PY'
import csv, sys, openpyxl
t = sys.argv[1]
plain = sorted(r[0] for r in csv.reader(open(t + '/ff.csv', encoding='utf-8')))
assert plain == ['+1+1', '=A1', 'series'], plain
raw = open(t + '/ff-excel.csv', encoding='utf-8-sig').read()
got = sorted(r[0] for r in csv.reader(raw.splitlines(), delimiter=';'))
assert got == [\"'+1+1\", \"'=A1\", 'series'], got
ws = openpyxl.load_workbook(t + '/ff.xlsx').worksheets[0]
cells = [r[0] for r in ws.iter_rows(min_row=2)]
assert sorted(c.value for c in cells) == ['+1+1', '=A1'] and all(c.data_type == 's' for c in cells), [(c.value, c.data_type) for c in cells]
PY"
"$V" --db "$S" fair candidates --all-open $AS --out "$T/cand.xlsx" >/dev/null 2>&1
"$V" --db "$S" fair plan --all-open $AS --excel --out "$T/plan" >/dev/null 2>&1
check "fair: candidates as a workbook; plan --excel writes invitations with a BOM and ';'" \
    "$PY -c \"import openpyxl,sys; ws=openpyxl.load_workbook('$T/cand.xlsx').worksheets[0]; assert ws['A1'].value in ('Seeker', 'Người tìm việc') and ws.max_row>1\" && head -c3 '$T/plan/invitations.csv' | od -An -tx1 | grep -q 'ef bb bf' && sed -n 1p '$T/plan/invitations.csv' | grep -q '^.*seeker;vacancy;score'"

# the rejects of an import as a workbook, fixed in Excel and imported again
printf 'id,name,industry,area\nE9001,Good,C,31\nE9002,Bad,C,99999\n' >"$T/emp.csv"
"$V" --db "$S" import employers "$T/emp.csv" --skip-invalid --rejects "$T/rej.xlsx" >/dev/null 2>&1
check "import --rejects FILE.xlsx: the bad rows and their reasons as a workbook" "$PY - '$T' <<'PY'
import sys, openpyxl
rows = list(openpyxl.load_workbook(sys.argv[1] + '/rej.xlsx').worksheets[0].iter_rows(values_only=True))
assert rows[0][:4] == ('id', 'name', 'industry', 'area') and rows[0][-1] == 'reason', rows[0]
assert len(rows) == 2 and rows[1][0] == 'E9002' and rows[1][-1], rows
PY"
# the clerk corrects the area in the rejects workbook and imports it as it is, reason and all
$PY - "$T" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1] + '/rej.xlsx')
wb.worksheets[0]['D2'] = '31'
wb.save(sys.argv[1] + '/rej-fixed.xlsx')
PY
"$V" --db "$S" import employers "$T/rej-fixed.xlsx" >"$T/refix.out" 2>&1
check "the corrected rejects workbook imports again as it is (its reason column is a note)" \
    "[ $? -eq 0 ] && grep -q 'rows 1, inserted 1, updated 0, unchanged 0, rejected 0' '$T/refix.out'"

# a kind exported as a workbook for people: the templates' Vietnamese headers, numbers and dates
# typed, 0600 (seekers are personal data), and it imports again to the very same rows
"$V" --db "$S" export seekers --format xlsx --out "$T/seekers.xlsx" >"$T/ex.out" 2>&1
ex_rc=$?
"$V" --db "$S" import seekers "$T/seekers.xlsx" >"$T/reimp.out" 2>&1
n_seekers=$("$V" --db "$S" export seekers | tail -n +2 | wc -l)
check "export --format xlsx: Vietnamese headers, typed cells, mode 0600, imported again unchanged" \
    "[ $ex_rc -eq 0 ] && [ \"\$(stat -c %a '$T/seekers.xlsx')\" = 600 ] && grep -q 'unchanged $n_seekers, rejected 0' '$T/reimp.out' && $PY - '$T' <<'PY'
import datetime, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1] + '/seekers.xlsx').worksheets[0]
rows = list(ws.iter_rows(values_only=True))
assert rows[0][:3] == ('Mã người tìm việc', 'Họ và tên', 'Năm sinh'), rows[0]
assert isinstance(rows[1][2], int) and isinstance(rows[1][14], datetime.datetime), rows[1]
assert all(isinstance(r[16], str) and r[16].startswith('0') for r in rows[1:] if r[16]), 'phones stay text'
# the closed lists in words, not codes (the import reads the words back: unchanged above)
assert {r[3] for r in rows[1:]} <= {'Male', 'Female', 'Other', None}, {r[3] for r in rows[1:]}
assert 'Upper secondary' in {r[5] for r in rows[1:]} and 'Looking for work' in {r[15] for r in rows[1:]}
assert not {r[5] for r in rows[1:]} & {'upper_secondary', 'university'}, 'education in words'
PY"
VIECLAM_LANG=vi "$V" --db "$S" export seekers --format xlsx --out "$T/seekers-vi.xlsx" >/dev/null 2>&1
"$V" --db "$S" import seekers "$T/seekers-vi.xlsx" >"$T/reimp-vi.out" 2>&1
check "export --format xlsx under vi: the lists in the desk's Vietnamese words, imported again unchanged" \
    "grep -q 'unchanged $n_seekers, rejected 0' '$T/reimp-vi.out' && $PY - '$T' <<'PY'
import sys, openpyxl
rows = list(openpyxl.load_workbook(sys.argv[1] + '/seekers-vi.xlsx').worksheets[0].iter_rows(values_only=True))
assert {r[3] for r in rows[1:]} <= {'Nam', 'Nữ', 'Khác', None}, {r[3] for r in rows[1:]}
assert 'Đang tìm việc' in {r[15] for r in rows[1:]}, {r[15] for r in rows[1:]}
PY"
"$V" --db "$S" export seekers --format xlsx >/dev/null 2>&1
a=$?
"$V" --db "$S" export seekers --format xlsx --bom --out "$T/x.xlsx" >/dev/null 2>&1
check "export --format xlsx needs --out and takes no --bom (exit 2)" "[ $a -eq 2 ] && [ $? -eq 2 ]"
finish
