#!/usr/bin/env bash
# test-xlsx-import.sh - `vieclam import KIND FILE.xlsx` with workbooks made by a second writer,
# Debian's python3-openpyxl: a sheet chosen by name, Vietnamese headers, shared strings, dates
# stored as serial numbers, merged cells, an empty trailing row; text typed the Vietnamese way
# (30/03/2025, 7.500.000) refused with FILE:SHEET!CELL messages that suggest --dates dmy and
# --numbers vi, and accepted with them; a dropped leading zero named; a formula without a saved
# value; employers with the street address and phone under their Vietnamese headers; hostile
# archives (entity expansion, not a zip) refused without a crash.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
plan 21
PY=/usr/bin/python3 # Debian's python, where python3-openpyxl is (scripts/setup.sh --tests)
$PY -c 'import openpyxl' 2>/dev/null || echo "# python3-openpyxl is missing (scripts/setup.sh --tests installs it)"
DB="$T/x.db"
"$V" --db "$DB" --quiet init >/dev/null || exit 1

$PY - "$T" <<'PY'
import datetime, sys
from openpyxl import Workbook
from openpyxl.styles import Font
d = sys.argv[1]
head = ["Mã người tìm việc", "Họ và tên", "Năm sinh", "Giới tính", "Mã địa bàn cư trú",
        "Trình độ học vấn", "Nghề mong muốn (mã ISCO-08)", "Kỹ năng", "Số năm kinh nghiệm",
        "Ngoại ngữ", "Lương mong muốn tối thiểu (VNĐ/tháng)", "Khoảng cách đi lại tối đa (km)",
        "Nước chấp nhận làm việc", "Nhóm ưu tiên", "Ngày đăng ký", "Trạng thái"]

def book(rows, name, first_sheet="Hướng dẫn"):
    wb = Workbook()
    wb.active.title = first_sheet
    wb.active["A1"] = "Điền danh sách ở trang Người tìm việc"
    ws = wb.create_sheet("Người tìm việc")
    ws.append(head)
    for r in rows:
        ws.append(r)
    return wb, ws

good = [
    ["S1", "Nguyễn Văn An", 1998, "nam", "11407", "Đại học", "7533;8212", "Hàn điện", 2.5,
     "ja:N3", 7500000, 15, "JP", "hộ nghèo", datetime.datetime(2025, 1, 2), "active"],
    ["S2", "Trần Thị Bình", 2001, "nữ", None, "cao đẳng", "9333", None, 0, None, None, None,
     "*", None, datetime.datetime(2025, 3, 30), None],
]
wb, ws = book(good, "good")
ws.merge_cells("E2:E3")                  # both live in area 11407: one merged cell
ws["A6"].font = Font(bold=True)          # an empty but formatted trailing row
wb.save(d + "/good.xlsx")

typed = [["S3", "Lê Văn Cường", 1990, "nam", "11407", "THPT", "7212", None, "1,5", None,
          "7.500.000", None, None, None, "30/03/2025", None]]
wb, ws = book(typed, "typed")
wb.save(d + "/typed.xlsx")

zero = [["S4", "Phạm Văn Dũng", 1985, "nam", "11407", "THPT", 110, None, 0, None, None, None,
         None, None, datetime.datetime(2025, 1, 5), None]]
wb, ws = book(zero, "zero")
wb.save(d + "/zero.xlsx")

formula = [["S5", "Hoàng Thị Em", 1995, "nữ", "11407", "THPT", "5223", None, 0, None, None, None,
            None, None, datetime.datetime(2025, 1, 5), None]]
wb, ws = book(formula, "formula")
ws["K2"] = "=7000000+500000"             # openpyxl saves no cached value
wb.save(d + "/formula.xlsx")

hidden = [["S6", "Vũ Thị Gấm", 1993, "nữ", "11407", "THPT", "5223", None, 0, None, None, None,
           None, None, datetime.datetime(2025, 1, 6), None]]
wb, ws = book(hidden, "hidden", first_sheet="Danh mục")
wb["Danh mục"].sheet_state = "hidden"     # a lookup list the user never sees, before the data
wb.save(d + "/hidden.xlsx")
PY
check "openpyxl wrote the workbooks" "[ -s '$T/good.xlsx' ] && [ -s '$T/typed.xlsx' ]"

"$V" --db "$DB" import seekers "$T/good.xlsx" --sheet "Người tìm việc" >"$T/out" 2>"$T/err"
rc=$?
check "an openpyxl workbook imports by sheet name with Vietnamese headers" \
    "[ $rc = 0 ] && grep -q 'rows 2, inserted 2' '$T/out'"
"$V" --db "$DB" export seekers >"$T/exp.csv"
check "serial dates, shared strings and numbers read back" \
    "grep -q '^S1,Nguyễn Văn An,1998,male,11407,university,\"7533;8212\",Hàn điện,2.5,ja:N3,7500000,15,JP,poor,2025-01-02,active' '$T/exp.csv'"
check "the merged cell gives both rows its value; the empty trailing row is no record" \
    "grep -q '^S2,Trần Thị Bình,2001,female,11407,college,9333,,0,,,,\*,,2025-03-30,active' '$T/exp.csv'"
"$V" --db "$DB" import seekers "$T/good.xlsx" --sheet "người tìm việc" >"$T/out2" 2>&1
check "the same workbook twice changes nothing (sheet name without case)" "grep -q 'unchanged 2' '$T/out2'"

"$V" --db "$DB" import seekers "$T/good.xlsx" >"$T/out" 2>"$T/err"
rc=$?
check "the first sheet by default (here the instructions): exit 3, header named by cell as written" \
    "[ $rc = 3 ] && grep -q \"good.xlsx:Hướng dẫn!A1: column Điền danh sách ở trang Người tìm việc: unknown column\" '$T/err'"
"$V" --db "$DB" import seekers "$T/good.xlsx" --sheet Nope >"$T/out" 2>"$T/err"
rc=$?
check "an unknown sheet: exit 3, the sheets listed" "[ $rc = 3 ] && grep -q \"no sheet named 'Nope'; the workbook has 'Hướng dẫn', 'Người tìm việc'\" '$T/err'"

"$V" --db "$DB" import seekers "$T/typed.xlsx" --sheet "Người tìm việc" >"$T/out" 2>"$T/err"
rc=$?
check "typed dd/mm/yyyy, 7.500.000 and 1,5 refused without the options, each suggesting one, by cell" \
    "[ $rc = 3 ] && grep -q \"typed.xlsx:Người tìm việc!O2: column Ngày đăng ký (registered): '30/03/2025' is not an ISO 8601 date (write YYYY-MM-DD), or import with --dates dmy\" '$T/err' && grep -q \"Người tìm việc!K2: column .*'7.500.000' .*--numbers vi\" '$T/err' && grep -q \"Người tìm việc!I2: column .*'1,5' has a decimal comma.*--numbers vi\" '$T/err'"
"$V" --db "$DB" import seekers "$T/typed.xlsx" --sheet "Người tìm việc" --dates dmy --numbers vi >"$T/out" 2>"$T/err"
rc=$?
"$V" --db "$DB" export seekers >"$T/exp2.csv"
check "--dates dmy --numbers vi read them" \
    "[ $rc = 0 ] && grep -q '^S3,Lê Văn Cường,1990,male,11407,upper_secondary,7212,,1.5,,7500000,,,,2025-03-30,active' '$T/exp2.csv'"

"$V" --db "$DB" import seekers "$T/zero.xlsx" --sheet "Người tìm việc" >"$T/out" 2>"$T/err"
rc=$?
check "ISCO 110 (a number in Excel): the dropped leading zero of 0110 named" \
    "[ $rc = 3 ] && grep -q \"Người tìm việc!G2: column Nghề mong muốn (mã ISCO-08) (occupations): unknown ISCO-08 code '110': Excel probably dropped the leading zero of 0110\" '$T/err'"

"$V" --db "$DB" import seekers "$T/formula.xlsx" --sheet "Người tìm việc" >"$T/out" 2>"$T/err"
rc=$?
check "a formula without a saved value: exit 3 naming the cell" \
    "[ $rc = 3 ] && grep -q 'formula.xlsx:Người tìm việc!K2: a formula without a saved value' '$T/err'"

# employers: the street address and phone under their Vietnamese headers, the phone by the
# seekers' rule (a bad one named by cell)
$PY - "$T" <<'PY'
import sys
from openpyxl import Workbook
d = sys.argv[1]
wb = Workbook()
ws = wb.active
ws.title = "Doanh nghiệp"
ws.append(["Mã doanh nghiệp", "Tên doanh nghiệp", "Ngành kinh tế (VSIC)", "Mã địa bàn", "Địa chỉ",
           "Điện thoại"])
ws.append(["E1", "Công ty TNHH Sao Mai", "C", "11407", "Số 8, đường Lạch Tray", "0225 3838 123"])
ws.append(["E2", "Kho vận Cảng", "H", "11407", None, None])
wb.save(d + "/employers.xlsx")
ws["F3"] = "0225 38 38 12x"
wb.save(d + "/employers-bad.xlsx")
PY
"$V" --db "$DB" import employers "$T/employers-bad.xlsx" >"$T/out" 2>"$T/err"
rc=$?
check "an employer's bad phone: exit 3, the cell and the column named" \
    "[ $rc = 3 ] && grep -q 'employers-bad.xlsx:Doanh nghiệp!F3: column .*phone.*: not a phone number' '$T/err'"
# the way Excel keeps a number typed into a General column: 0912... loses its 0 (a number cell)
$PY - "$T" <<'PY'
import sys
from openpyxl import load_workbook
d = sys.argv[1]
wb = load_workbook(d + "/employers.xlsx")
ws = wb.active
ws["F3"] = 912345678
wb.save(d + "/employers-zero.xlsx")
ws["F3"] = 84912345678
wb.save(d + "/employers-84.xlsx")
PY
"$V" --db "$DB" import employers "$T/employers-zero.xlsx" >"$T/out" 2>"$T/err"
rc=$?
check "a phone whose 0 Excel dropped: exit 3, the cell and the likely cause named" \
    "[ $rc = 3 ] && grep -q 'employers-zero.xlsx:Doanh nghiệp!F3: .*does not start with 0: Excel probably dropped the leading zero' '$T/err'"
"$V" --db "$DB" import employers "$T/employers-84.xlsx" >"$T/out" 2>"$T/err"
rc=$?
"$V" --db "$DB" export employers >"$T/emp84.csv"
check "... and 84 before nine digits is the country code: stored as 0912345678" \
    "[ $rc = 0 ] && grep -q '^E2,Kho vận Cảng,H,11407,,0912345678' '$T/emp84.csv'"
"$V" --db "$DB" import employers "$T/employers.xlsx" >"$T/out" 2>"$T/err"
rc=$?
"$V" --db "$DB" export employers >"$T/emp.csv"
check "employers' Địa chỉ and Điện thoại columns read (the phone as digits)" \
    "[ $rc = 0 ] && grep -q '^E1,Công ty TNHH Sao Mai,C,11407,\"Số 8, đường Lạch Tray\",02253838123' '$T/emp.csv' && grep -q '^E2,Kho vận Cảng,H,11407,,' '$T/emp.csv'"

# hostile archives, made by hand with zipfile
$PY - "$T" <<'PY'
import sys, zipfile
d = sys.argv[1]
ct = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
wb = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
wbrels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
lol = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + ''.join(
    '<!ENTITY %s "%s">' % (chr(98 + i), ('&%s;' % chr(97 + i)) * 10) for i in range(9)) + ']>'
sheet = ('<?xml version="1.0"?>' + lol + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>')
with zipfile.ZipFile(d + "/lol.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for n, t in [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", wb),
                 ("xl/_rels/workbook.xml.rels", wbrels), ("xl/worksheets/sheet1.xml", sheet)]:
        z.writestr(n, t)
open(d + "/notzip.xlsx", "wb").write(b"PK\x03\x04" + b"\x00" * 200)
PY
"$V" --db "$DB" import seekers "$T/lol.xlsx" >"$T/out" 2>"$T/err"
rc=$?
check "entity expansion ('billion laughs') refused, exit 3" "[ $rc = 3 ] && grep -q 'declares XML entities' '$T/err'"
"$V" --db "$DB" import seekers "$T/notzip.xlsx" >"$T/out" 2>"$T/err"
rc=$?
check "a broken archive: exit 3, 'not an Excel workbook'" "[ $rc = 3 ] && grep -q 'notzip.xlsx: not an Excel workbook' '$T/err'"
"$V" --db "$DB" import seekers "$T/hidden.xlsx" >"$T/out" 2>"$T/err"
check "a hidden first sheet is passed over: the first sheet the user sees is read" \
    "grep -q 'rows 1, inserted 1' '$T/out'"
printf '\320\317\021\340\241\261\032\341' >"$T/old.xls"
head -c 2000 /dev/zero >>"$T/old.xls"
"$V" --db "$DB" import seekers "$T/old.xls" >"$T/out" 2>"$T/err"
rc=$?
check "an Excel 97-2003 file: exit 3, saying so and how to save it" \
    "[ $rc = 3 ] && grep -q 'old.xls: an Excel 97-2003 workbook (.xls)' '$T/err'"
cp "$T/old.xls" "$T/renamed.xlsx"
"$V" --db "$DB" import seekers "$T/renamed.xlsx" >"$T/out" 2>"$T/err"
check "... also under an .xlsx name (a workbook with a password is one too)" \
    "grep -q 'Excel 97-2003 workbook (.xls) or a workbook protected by a password' '$T/err'"
"$V" --db "$DB" --lang vi import seekers "$T/typed.xlsx" --sheet "Người tìm việc" >"$T/out" 2>"$T/err"
check "in Vietnamese: the cell, the column and the suggestion" "grep -q 'Người tìm việc!O2: cột Ngày đăng ký (registered):.*--dates dmy' '$T/err'"
finish
