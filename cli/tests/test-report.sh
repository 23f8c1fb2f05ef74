#!/usr/bin/env bash
# test-report.sh - the planner's journey on the sample data: `vieclam forecast --by
# area,industry` (stored run, every level adding up within 1e-9 relative in the database),
# `vieclam balance`, and `vieclam report forecast` as HTML and XLSX. The HTML page is opened in
# headless Chromium: the fan charts must be in the rendered DOM and the chart area of a
# screenshot must hold non-white pixels. Without Chromium the chart checks FAIL with a message
# (scripts/setup.sh --tests installs it). Also: no external resources, no personal data,
# English text with --lang en, numbers with '.' in the workbook under vi_VN, and bad input.
# The leaders' report is printed to PDF by headless Chromium: at most 12 A4 pages, page 1 alone
# with the units, the province total against last year, the key messages and the largest
# shortages and surpluses, the balance next, table headings repeated on a continued page.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
S="$ROOT/fixtures/sample"
plan 42

# the hierarchy's size follows the sample's history: A areas (the pre-reform districts it is
# keyed by) and I industries
read -r NA NI < <(python3 -c 'import csv,sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print(len({r["area"] for r in rows}), len({r["industry"] for r in rows}))' "$S/history.csv")
NS=$((1 + NA + NI + NA * NI))
DB="$T/p.db"
"$V" --db "$DB" init >/dev/null 2>&1
"$V" --db "$DB" import employers "$S/employers.csv" >/dev/null 2>&1
"$V" --db "$DB" import vacancies "$S/vacancies.csv" >/dev/null 2>&1
"$V" --db "$DB" import seekers "$S/seekers.csv" >/dev/null 2>&1
check "import the sample history" \
    "'$V' --db '$DB' import history '$S/history.csv' >/dev/null 2>&1"
check "import the labour balance history" \
    "'$V' --db '$DB' import history '$S/labour-balance-history.csv' >/dev/null 2>&1"

# the planner's judgement, shown in the report with its reason
"$V" --db "$DB" adjust add --keys area=288 --period 2026Q1:2026Q2 --percent 15 \
    --reason "KCN mở rộng đã ký hợp đồng" --by planner >/dev/null 2>&1
"$V" --db "$DB" scenario add --name "KCN Nam Cầu Kiền GĐ2" --keys industry=C --from 2025Q2 \
    --positions 40 --reason "Quyết định của UBND tỉnh" --by planner >/dev/null 2>&1

"$V" --db "$DB" forecast --db --by area,industry --horizon 4 >"$T/fc.txt" 2>"$T/fc.err"
rc=$?
check "forecast --by area,industry succeeds" "[ $rc = 0 ]"
RUN=$(sed -n 's/^run \([0-9]*\)$/\1/p' "$T/fc.txt")
check "forecast prints the run id" "[ -n '$RUN' ]"
check "$NS series: total, $NA areas, $NI industries, $((NA * NI)) area x industry" \
    "grep -q '^$NS series' '$T/fc.txt'"
check "accuracy before and after per level is printed" \
    "grep -q '^area,industry *$((NA * NI))' '$T/fc.txt' && grep -q '^total *1 ' '$T/fc.txt'"

# every level adds up within 1e-9 relative, read back from the database
cat >"$T/coherent.py" <<'PY'
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
run = int(sys.argv[2])
rows = con.execute("SELECT level, keys, period, mean FROM forecasts WHERE run_id = ?", (run,))
by = {}
for level, keys, period, mean in rows:
    by.setdefault(period, []).append((level, json.loads(keys), mean))
worst, checked = 0.0, 0
for period, items in by.items():
    bottom = [(k, m) for lv, k, m in items if lv == "area,industry"]
    for lv, k, m in items:
        if lv == "area,industry":
            continue
        s = sum(bm for bk, bm in bottom if all(bk.get(a) == v for a, v in k.items()))
        worst = max(worst, abs(m - s) / max(1.0, abs(s)))
        checked += 1
print(checked, worst)
sys.exit(0 if checked == 4 * int(sys.argv[3]) and worst <= 1e-9 else 1)
PY
check "stored forecasts add up at every level within 1e-9 relative" \
    "python3 '$T/coherent.py' '$DB' '$RUN' $((1 + NA + NI)) >'$T/coh.txt'"
check "the run stores accuracy before and after reconciliation" \
    "[ \$(python3 -c \"import sqlite3;print(sqlite3.connect('$DB').execute('SELECT COUNT(DISTINCT model) FROM forecast_accuracy WHERE run_id=$RUN').fetchone()[0])\") = 2 ]"

"$V" --db "$DB" balance --horizon 4 >"$T/bal.txt" 2>"$T/bal.err"
check "balance succeeds" "[ $? = 0 ]"
check "balance lists every ISCO major group and the total" \
    "[ \$(grep -cE '^[0-9] ' '$T/bal.txt') -ge 9 ] && grep -q '^all ' '$T/bal.txt'"

"$V" --db "$DB" report forecast --out "$T/r.html" --xlsx "$T/r.xlsx" >/dev/null 2>"$T/rep.err"
check "report forecast writes HTML and XLSX" "[ $? = 0 ] && [ -s '$T/r.html' ] && [ -s '$T/r.xlsx' ]"
check "the report is Vietnamese by default" "grep -q 'Dự báo nhu cầu lao động' '$T/r.html' && grep -q '<html lang=\"vi\">' '$T/r.html'"
check "the report has fan charts with 80% and 95% bands" \
    "[ \$(grep -o '<path class=\"band\" fill=\"#c6dbef\"' '$T/r.html' | wc -l) -ge 10 ] && [ \$(grep -o '<path class=\"band\" fill=\"#6baed6\"' '$T/r.html' | wc -l) -ge 10 ] && grep -q 'Khoảng tin cậy 80%' '$T/r.html' && grep -q 'Khoảng tin cậy 95%' '$T/r.html'"
check "the report has the labour balance" "grep -q 'class=\"balance\"' '$T/r.html'"
# a run's time as a reader writes it, in the local time zone (stored in UTC): 7 hours on in Vietnam
STARTED=$(python3 -c "import sqlite3,sys;print(sqlite3.connect(sys.argv[1]).execute('SELECT started FROM runs WHERE id = ?', (int(sys.argv[2]),)).fetchone()[0])" "$DB" "$RUN" 2>/dev/null)
SHOWN=$(TZ=Asia/Ho_Chi_Minh date -d "$STARTED" +'%d/%m/%Y %H:%M' 2>/dev/null)
TZ=Asia/Ho_Chi_Minh "$V" --db "$DB" report forecast --run "$RUN" --out "$T/tz.html" >/dev/null 2>&1
check "the heading gives each run's time as dd/mm/yyyy hh:mm in the local zone, not UTC text" \
    "[ -n '$SHOWN' ] && grep -q '($SHOWN)' '$T/tz.html' && ! grep -qE 'Lượt chạy [0-9]+ \([0-9-]+T' '$T/tz.html'"
check "the balance's bars are named, coloured by outlook, with a zero line" \
    "grep -q 'class=\"gap o1\"' '$T/r.html' && grep -q 'class=\"zero\"' '$T/r.html' && grep -q 'khoảng 80% của chênh lệch' '$T/r.html'"
check "the report shows the adjustment and the scenario with their reasons" \
    "grep -q 'KCN mở rộng đã ký hợp đồng' '$T/r.html' && grep -q 'Quyết định của UBND tỉnh' '$T/r.html' && grep -q 'KCN Nam Cầu Kiền GĐ2' '$T/r.html'"
check "the workbook has the adjustment and the scenario with their reasons (sheet 'Điều chỉnh')" \
    "python3 -c \"import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = ''.join(z.read(n).decode() for n in z.namelist() if n.endswith('.xml'))
sys.exit(0 if all(w in text for w in ('name=\\\"Điều chỉnh\\\"', 'KCN mở rộng đã ký hợp đồng',
    'Quyết định của UBND tỉnh', 'Kịch bản: KCN Nam Cầu Kiền GĐ2', 'thay đổi %')) else 1)\" '$T/r.xlsx'"
check "the report is self-contained (no scripts, links, images or remote URLs)" \
    "! grep -qiE '<script|<link|<img|src=|url\\(|https?://[a-z]' <(sed 's#http://www.w3.org/2000/svg##g' '$T/r.html')"
check "the report has print CSS for A4" "grep -q '@page{size:A4' '$T/r.html'"
names=$(python3 -c "import csv;print('|'.join(r['name'] for r in csv.DictReader(open('$S/seekers.csv', encoding='utf-8')))[:2000].rsplit('|',1)[0])")
check "no seeker name in the report or the workbook" \
    "! grep -qE '$names' '$T/r.html' && ! unzip -p '$T/r.xlsx' 2>/dev/null | grep -qE '$names'"

"$V" --db "$DB" report forecast --run "$RUN" --lang en --out "$T/en.html" >/dev/null 2>&1
check "--lang en writes English" "grep -q 'Labour demand forecast' '$T/en.html' && ! grep -q 'Tóm tắt' '$T/en.html'"

cat >"$T/xlsx.py" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
charts = [n for n in names if n.startswith("xl/charts/chart")]
sheets = "".join(z.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet"))
bad = re.findall(r"<v>-?[0-9]+,[0-9]+</v>", sheets)
ok = len(charts) >= 10 and b"lineChart" in z.read(charts[0]) and not bad and "<v>" in sheets
print(len(charts), len(bad))
sys.exit(0 if ok else 1)
PY
LC_ALL=vi_VN.UTF-8 "$V" --db "$DB" report forecast --run "$RUN" --xlsx "$T/vi.xlsx" >/dev/null 2>&1
check "the workbook has native line charts and '.' numbers under vi_VN" "python3 '$T/xlsx.py' '$T/vi.xlsx' >/dev/null"
LC_ALL=vi_VN.UTF-8 "$V" --db "$DB" report forecast --run "$RUN" --out "$T/vi.html" >/dev/null 2>&1
check "the HTML page is the same under vi_VN" "cmp -s '$T/vi.html' <('$V' --db '$DB' report forecast --run '$RUN' --out /dev/stdout 2>/dev/null)"

# ---- rendering in headless Chromium -------------------------------------------------------
CHROME=""
for c in /usr/bin/chromium /usr/bin/chromium-browser; do [ -x "$c" ] && CHROME=$c && break; done
if [ -z "$CHROME" ]; then
    for i in 1 2 3 4 5 6 7; do
        nok "Chromium is missing: cannot check that the charts render (scripts/setup.sh --tests installs it)"
    done
else
    chrome() {
        local prof
        prof=$(mktemp -d)
        timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$prof" "$@" 2>/dev/null
        local rc=$?
        rm -rf "$prof"
        return $rc
    }
    chrome --dump-dom "file://$T/r.html" >"$T/dom.html"
    check "Chromium renders the page (the DOM has the report's sections)" \
        "grep -q 'id=\"balance\"' '$T/dom.html' && grep -q 'id=\"methods\"' '$T/dom.html'"
    check "the rendered DOM has the SVG fan charts with their paths" \
        "[ \$(grep -o '<path class=\"fc\" d=\"M[0-9]' '$T/dom.html' | wc -l) -ge 10 ] && [ \$(grep -o '<svg' '$T/dom.html' | wc -l) -ge 10 ]"
    # ---- printed on A4 ----
    chrome --no-pdf-header-footer --print-to-pdf="$T/r.pdf" "file://$T/r.html" >/dev/null
    pages=$(pdfinfo "$T/r.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    check "the report prints to PDF in at most 12 A4 pages (got ${pages:-none})" \
        "[ -n '$pages' ] && [ '$pages' -ge 3 ] && [ '$pages' -le 12 ] && pdfinfo '$T/r.pdf' | grep -q '(A4)'"
    for p in $(seq 1 "${pages:-0}"); do pdftotext -layout -f "$p" -l "$p" "$T/r.pdf" "$T/page$p.txt" 2>/dev/null; done
    check "page 1 holds the summary: units, the total against last year, key messages, top shortages and surpluses" \
        "grep -q 'Đơn vị' '$T/page1.txt' && grep -q 'cùng kỳ năm trước' '$T/page1.txt' && grep -q 'Thông điệp chính' '$T/page1.txt' && grep -q 'Thiếu lao động nhiều nhất' '$T/page1.txt' && grep -q 'Dư lao động nhiều nhất' '$T/page1.txt' && grep -qE '[+−][0-9]+,[0-9]%' '$T/page1.txt'"
    check "page 1 stands alone and the balance comes next" \
        "! grep -q 'Cân đối cung cầu lao động theo nhóm nghề' '$T/page1.txt' && grep -q 'Cân đối cung cầu lao động theo nhóm nghề' '$T/page2.txt'"
    check "a table continued on the next page repeats its headings" \
        "(for p in \$(seq 3 ${pages:-0}); do head -3 '$T/page'\$p.txt | grep -qE '^ *(Chuỗi số liệu|Nhóm nghề|Cấp) ' && exit 0; done; exit 1)"
    # decode a PNG (RGB/RGBA, 8 bit) with zlib and count the fan charts' 80% band pixels
    chart_page=$(grep -l 'Biểu đồ dự báo' "$T"/page[2-9].txt 2>/dev/null | head -1 | sed 's/.*page\([0-9]*\).txt/\1/')
    pdftoppm -png -r 60 -f "${chart_page:-3}" -l "${chart_page:-3}" "$T/r.pdf" "$T/pg" 2>/dev/null
    mv "$T"/pg*.png "$T/shot.png" 2>/dev/null
    cat >"$T/png.py" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(data):
    ln, typ = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + ln]
    if typ == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        bpp = {2: 3, 6: 4}[ctype]
    elif typ == b"IDAT":
        idat += body
    pos += 12 + ln
raw = zlib.decompress(idat)
stride = w * bpp
rows, prev = [], bytearray(stride)
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line))
    prev = line
blue = 0
for y in range(h):
    for x in range(w):
        r, g, b = rows[y][x * bpp:x * bpp + 3]
        if b > r + 60 and g > 140:  # the 80% band's light blue (#6baed6), nothing else
            blue += 1
print(w, h, blue)
sys.exit(0 if blue > 300 else 1)
PY
    check "the printed charts page shows the fans' 80% bands" \
        "[ -s '$T/shot.png' ] && python3 '$T/png.py' '$T/shot.png' >'$T/png.txt'"
fi

# ---- without a database: CSV on stdout -------------------------------------------------------
"$V" forecast --history "$S/history.csv" --by industry --horizon 2 --origins 1 >"$T/h.csv" 2>/dev/null
check "--history FILE --by writes the CSV ($((1 + NI)) series x 2 quarters)" \
    "[ \$(wc -l <'$T/h.csv') = $((2 * (1 + NI) + 1)) ] && head -1 '$T/h.csv' | tr -d '\\r' | grep -qx 'series,level,period,model,mean,lo80,hi80,lo95,hi95'"
"$V" forecast --history "$S/history.csv" --by area --horizon 2 --origins 1 --format json >"$T/h.json" 2>/dev/null
check "--format json: $((1 + NA)) series with their forecasts" \
    "python3 -c \"import json,sys; d=json.load(open('$T/h.json')); sys.exit(0 if len(d['series']) == 1 + $NA and d['run'] is None and len(d['series'][0]['forecasts']) == 2 else 1)\""
check "the CSV names the nodes" "grep -q '^industry=C,industry,' '$T/h.csv' && grep -q '^total,total,' '$T/h.csv'"

# ---- any interval level: a run asked for 90% alone shows its band, named --------------------
"$V" --db "$DB" forecast --db --by industry --horizon 4 --origins 2 --level 90 >"$T/fc90.txt" 2>/dev/null
RUN90=$(sed -n 's/^run \([0-9]*\)$/\1/p' "$T/fc90.txt")
"$V" --db "$DB" report forecast --run "$RUN90" --out "$T/r90.html" --xlsx "$T/r90.xlsx" >/dev/null 2>&1
check "a --level 90 run: every fan chart has its 90% band, named in the legend and the tables" \
    "[ -n '$RUN90' ] && [ \$(grep -o '<path class=\"band\"' '$T/r90.html' | wc -l) -ge $((1 + NI < 12 ? 1 + NI : 12)) ] && grep -q 'Khoảng tin cậy 90%' '$T/r90.html' && grep -q 'khoảng 90%' '$T/r90.html' && ! grep -q 'Khoảng tin cậy 80%' '$T/r90.html' && ! grep -qw nan '$T/r90.html'"
check "a --level 90 run: the workbook's forecasts have 'thấp 90' and 'cao 90' columns, filled" \
    "python3 -c \"import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = ''.join(z.read(n).decode() for n in z.namelist() if n.endswith('.xml'))
sys.exit(0 if 'thấp 90' in text and 'cao 90' in text and 'thấp 80' not in text else 1)\" '$T/r90.xlsx'"

# ---- bad input ------------------------------------------------------------------------------
"$V" --db "$DB" report forecast --run 9999 --out "$T/x.html" >/dev/null 2>"$T/e1"
check "an unknown run is invalid data (exit 3) and says which" "[ $? = 3 ] && grep -q 'run 9999' '$T/e1'"
"$V" --db "$DB" report forecast --lang fr --out "$T/x.html" >/dev/null 2>&1
check "--lang fr is a usage error (exit 2)" "[ $? = 2 ]"
"$V" --db "$DB" report forecast >/dev/null 2>&1
check "--out is required (exit 2)" "[ $? = 2 ]"
"$V" --db "$DB" forecast --db --by area,nope --horizon 4 >/dev/null 2>"$T/e2"
check "an unknown key column is invalid data (exit 3)" "[ $? = 3 ] && grep -q \"no key column 'nope'\" '$T/e2'"
"$V" --db "$DB" forecast --db --by area,industry --horizon 4 --method best >/dev/null 2>&1
check "an unknown --method is a usage error (exit 2)" "[ $? = 2 ]"
"$V" --db "$T/empty.db" init >/dev/null 2>&1
"$V" --db "$T/empty.db" report forecast --out "$T/x.html" >/dev/null 2>"$T/e3"
check "a database without runs says so (exit 3)" "[ $? = 3 ] && grep -q 'no forecast runs' '$T/e3'"
finish
