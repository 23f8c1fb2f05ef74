#!/bin/bash
# test-placement.sh - placements end to end on generated data: the referrals, follow-ups,
# counselling and fairs files import and export back unchanged; a bad referrals file is refused
# with FILE:LINE: column diagnostics and nothing changes; `report activity` for a year, a
# half-year, a quarter and a month equals an independent recomputation (activity-oracle.py, from
# the exported CSV files) in every figure, the previous year's column included; the small-count
# rule of the published report; the page renders and prints in headless Chromium; targets;
# `learn` writes a model `match --model` adopts, whose bytes do not change when sex, names and
# priority groups do; `learn --evaluate`.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

plan 47
G="$T/gen"
"$V" --quiet generate --seekers 4000 --vacancies 500 --employers 80 --span-days 1095 \
    --as-of 2026-06-30 --referrals 8000 --out "$G" 2>"$T/gen.err"
check "generate writes referrals, follow-ups, counselling and fairs" \
    "[ -s '$G/referrals.csv' ] && [ -s '$G/followups.csv' ] && [ -s '$G/counselling.csv' ] && [ -s '$G/fairs.csv' ]"
"$V" --quiet generate --seekers 4000 --vacancies 500 --employers 80 --span-days 1095 \
    --as-of 2026-06-30 --referrals 8000 --out "$T/gen2" 2>/dev/null
check "the same options give the same referrals, byte for byte" \
    "cmp -s '$G/referrals.csv' '$T/gen2/referrals.csv' && cmp -s '$G/followups.csv' '$T/gen2/followups.csv'"

DB=$(db_target p)
"$V" --db "$DB" --quiet init >/dev/null
bad=0
for k in employers fairs vacancies seekers referrals followups counselling; do
    "$V" --db "$DB" --quiet import "$k" "$G/$k.csv" >"$T/imp-$k.out" 2>"$T/imp-$k.err" || bad=1
done
check "every generated file imports (the rules hold: positions, dates, outcomes forward)" "[ $bad = 0 ]"

# ---- export and import back -------------------------------------------------------------------
mkdir -p "$T/ex"
for k in seekers vacancies referrals followups counselling fairs; do
    "$V" --db "$DB" --quiet export "$k" --out "$T/ex/$k.csv"
done
same=1
for k in referrals followups counselling fairs; do
    "$V" --db "$DB" import "$k" "$T/ex/$k.csv" >"$T/re.out" 2>/dev/null
    grep -q 'inserted 0, updated 0, unchanged' "$T/re.out" || same=0
done
check "exported referrals, follow-ups, counselling and fairs import back unchanged" "[ $same = 1 ]"

# ---- a bad file changes nothing ------------------------------------------------------------------
sum_before=$(sha256sum <"$T/ex/referrals.csv")
cat >"$T/bad.csv" <<'EOF'
id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage
X1,S9999999,V000001,2025-01-12,desk,,,,,
X2,S0000001,V000001,2025-01-12,email,,hired,2025-01-20,,
R00000001,S0000001,V000001,2025-01-12,desk,,,,,
EOF
"$V" --db "$DB" import referrals "$T/bad.csv" >"$T/bad.out" 2>"$T/bad.err"
rc=$?
check "a bad referrals file: exit 3" "[ $rc = 3 ]"
check "... with FILE:LINE: column NAME: reason for each problem" \
    "grep -q 'bad.csv:2: column seeker: unknown seeker id' '$T/bad.err' && grep -q 'bad.csv:3: column channel:' '$T/bad.err' && grep -q 'bad.csv:3: column start_on: empty; a hire needs start_on' '$T/bad.err'"
VIECLAM_LANG=vi "$V" --db "$DB" import referrals "$T/bad.csv" >/dev/null 2>"$T/bad-vi.err"
check "... in Vietnamese under a Vietnamese language, every reason (the referral rules too)" \
    "grep -q 'bad.csv:2: cột seeker: không có người tìm việc mã' '$T/bad-vi.err' && grep -q 'bad.csv:3: cột start_on: trống; một lần trúng tuyển cần start_on' '$T/bad-vi.err'"
"$V" --db "$DB" --quiet export referrals --out "$T/after.csv"
check "... and nothing was imported" "[ \"\$(sha256sum <'$T/after.csv')\" = \"$sum_before\" ]"

# ---- a large import into an empty table: SQLite builds the indexes the import does not read at
# its end (import.c, defer_indexes); a failure on the last row must leave them all in place
ref_indexes() { # db -> the referrals table's indexes, comma-separated, by name
    if [ "${VL_TEST_DB:-}" = postgresql ]; then
        psql "$1" -Atc "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'referrals' AND schemaname = current_schema()"
    else
        python3 -c "import sqlite3,sys; print(','.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'referrals' ORDER BY name\")))" "$1"
    fi
}
E=$(db_target e)
"$V" --db "$E" --quiet init >/dev/null
for k in employers fairs vacancies seekers; do "$V" --db "$E" --quiet import "$k" "$G/$k.csv" >/dev/null; done
idx_before=$(ref_indexes "$E")
{ cat "$G/referrals.csv"; echo 'X9,S9999999,V000001,2025-01-12,desk,,,,,'; } >"$T/big-bad.csv"
"$V" --db "$E" import referrals "$T/big-bad.csv" >/dev/null 2>"$T/big-bad.err"
rc=$?
"$V" --db "$E" --quiet export referrals --out "$T/big-after.csv"
check "a whole file of referrals with a bad last row: exit 3, nothing imported, every index kept" \
    "[ $rc = 3 ] && [ \$(wc -l <'$T/big-after.csv') = 1 ] && [ '$(ref_indexes "$E")' = '$idx_before' ] && [ -n '$idx_before' ]"
"$V" --db "$E" --quiet import referrals "$G/referrals.csv" >/dev/null
"$V" --db "$E" --quiet export referrals --out "$T/big-after.csv"
n_ok=1
if [ "${VL_TEST_DB:-}" != postgresql ]; then
    python3 - "$E" >"$T/big-plan.txt" <<'PY' || n_ok=0
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
# the rebuilt indexes answer the queries they exist for
for sql, index in (("SELECT id FROM referrals WHERE seeker = 'S0000001' ORDER BY referred_on", "referrals_seeker"),
                   ("SELECT id FROM referrals WHERE referred_on = '2025-01-12'", "referrals_date"),
                   ("SELECT 1 FROM referrals WHERE seeker = 'S0000001' AND outcome = 'hired' AND outcome_on >= '2025-01-01'", "referrals_hired")):
    plan = " ".join(r[3] for r in c.execute("EXPLAIN QUERY PLAN " + sql))
    assert index in plan, (sql, plan)
    print(index, "used")
PY
fi
check "... then the whole file imports with the same indexes, intact and used" \
    "[ $n_ok = 1 ] && cmp -s '$G/referrals.csv' '$T/big-after.csv' && [ '$(ref_indexes "$E")' = '$idx_before' ]"

# ---- the report against an independent recomputation ------------------------------------------------
for p in 2025:2025-01-01:2025-12-31 2025H1:2025-01-01:2025-06-30 2025Q3:2025-07-01:2025-09-30 \
    2025-09:2025-09-01:2025-09-30; do
    IFS=: read -r per from to <<<"$p"
    "$V" --db "$DB" --quiet report activity --period "$per" --exact --csv "$T/exact-$per.csv" 2>>"$T/rep.err"
    python3 "$ROOT/cli/tests/activity-oracle.py" "$T/ex" "$from" "$to" >"$T/oracle-$per.txt"
    diffs=$(oracle_compare "$T/exact-$per.csv" "$T/oracle-$per.txt")
    lines=$(wc -l <"$T/oracle-$per.txt")
    check "report $per: all $lines recomputed figures equal (this period and the previous year)" \
        "[ '$diffs' = 0 ] && [ $lines -gt 300 ]"
done
check "the previous year's column is there and is not a copy of this year's" \
    "grep -q '^counts,total,all,registered,previous,' '$T/exact-2025.csv' && [ \"\$(grep '^counts,total,all,registered,current,' '$T/exact-2025.csv' | cut -d, -f6)\" != \"\$(grep '^counts,total,all,registered,previous,' '$T/exact-2025.csv' | cut -d, -f6)\" ]"

# every area of a seeker or a vacancy is a group of the report, in code order ("unknown" first,
# "abroad" last): the areas were once sorted by their pointers, which lost some on large data
python3 - "$T/exact-2025.csv" "$T/ex" >"$T/areas.out" <<'PY'
import csv, sys
order = []
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["dimension"] == "area" and r["group"] not in order:
        order.append(r["group"])
want = set()
for s in csv.DictReader(open(sys.argv[2] + "/seekers.csv", encoding="utf-8")):
    want.add(s["area"] or "unknown")
for v in csv.DictReader(open(sys.argv[2] + "/vacancies.csv", encoding="utf-8")):
    abroad = v.get("country") and v["country"] != "VN"
    want.add("abroad" if abroad else v["area"] or "unknown")
codes = [g for g in order if g not in ("unknown", "abroad")]
ok = codes == sorted(codes) and (not "unknown" in order or order[0] == "unknown") and \
    (not "abroad" in order or order[-1] == "abroad")
missing = sorted(want - set(order))
print(len(order), len(want), "ordered" if ok else "unordered", "missing:", " ".join(missing[:5]))
PY
check "every area is a group of the report, in code order ($(cat "$T/areas.out"))" \
    "grep -q ' ordered missing: *$' '$T/areas.out' && [ \"\$(cut -d' ' -f1 '$T/areas.out')\" -gt 5 ]"

# ---- the small-count rule ----------------------------------------------------------------------------------
"$V" --db "$DB" --quiet report activity --period 2025-09 --csv "$T/pub.csv" --out "$T/pub.html" \
    --xlsx "$T/pub.xlsx" 2>>"$T/rep.err"
"$V" --db "$DB" --quiet report activity --period 2025-09 --exact --csv "$T/exact.csv" 2>>"$T/rep.err"
python3 - "$T/exact.csv" "$T/pub.csv" >"$T/rule.out" <<'PY'
import csv, sys
exact = {tuple(r[k] for k in ("table", "dimension", "group", "measure", "period")): r
         for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
hidden = shown = bad = 0
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    k = tuple(r[x] for x in ("table", "dimension", "group", "measure", "period"))
    e = exact.get(k)
    if r["table"] != "counts" or e is None:
        continue
    v = float(e["value"] or 0)
    if 1 <= v <= 4:
        hidden += 1
        bad += r["shown"] != "<5" or r["value"] != ""
    elif r["shown"] == "–":  # hidden beside a small one (complementary suppression)
        bad += r["value"] != "" or r["dimension"] == "total"
    else:
        shown += 1
        bad += r["value"] == "" or float(r["value"]) != v
# a rate made of a small count is hidden too
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    if r["table"] == "rates" and r["measure"] == "placement_rate" and r["shown"] != "–":
        k = (r["table"], r["dimension"], r["group"], "placement_rate_n", r["period"])
        n = float(exact[k]["value"])
        bad += n < 5
print(hidden, shown, bad)
PY
read -r hidden shown ruled <"$T/rule.out"
check "published: every count from 1 to 4 reads <5 and has no value ($hidden of them), the rest as counted" \
    "[ '$ruled' = 0 ] && [ '$hidden' -gt 0 ] && [ '$shown' -gt 0 ]"
# a hidden cell must not follow from the total less the cells shown beside it: no breakdown
# of a count or a rate (one measure, one period) hides exactly one cell that has cases
python3 - "$T/exact.csv" "$T/pub.csv" >"$T/lone.out" <<'PY'
import collections, csv, sys
exact = {tuple(r[k] for k in ("table", "dimension", "group", "measure", "period")): r["value"]
         for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
hidden = collections.Counter()
breakdowns = set()
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    if r["table"] not in ("counts", "rates") or r["dimension"] == "total" or r["measure"].endswith("_n"):
        continue
    n = r["measure"] + "_n" if r["table"] == "rates" else r["measure"]
    cases = float(exact.get((r["table"], r["dimension"], r["group"], n, r["period"])) or 0)
    key = (r["table"], r["dimension"], r["measure"], r["period"])
    if cases > 0 and r["measure"] != "days_to_placement":
        breakdowns.add(key)
        hidden[key] += r["shown"] in ("<5", "–")
lone = [k for k in breakdowns if hidden[k] == 1]
print(len(breakdowns), len(lone), " ".join(map(str, lone[:2])))
PY
read -r nbreak nlone _ <"$T/lone.out"
check "no breakdown hides a lone cell the total would give away ($nbreak breakdowns, $nlone lone)" \
    "[ '$nlone' = 0 ] && [ '${nbreak:-0}' -gt 20 ]"
check "published HTML says <5 and explains the rule; the exact report warns it stays inside" \
    "grep -q '&lt;5' '$T/pub.html' && grep -q 'được ghi là' '$T/pub.html' && ! grep -q 'Không gửi ra ngoài' '$T/pub.html'"
check "report files are written with mode 0600" \
    "[ \"\$(stat -c %a '$T/pub.html')\" = 600 ] && [ \"\$(stat -c %a '$T/pub.xlsx')\" = 600 ] && [ \"\$(stat -c %a '$T/pub.csv')\" = 600 ]"
check "the workbook holds one sheet per table" \
    "python3 -c \"import zipfile,sys; n=[x for x in zipfile.ZipFile('$T/pub.xlsx').namelist() if x.startswith('xl/worksheets/sheet')]; sys.exit(0 if len(n) >= 10 else 1)\""
check "the exact CSV carries the inside-the-centre mark as its first row (table notice); the published one none" \
    "sed -n 2p '$T/exact.csv' | grep -q '^notice,,,exact,,,.*Không gửi ra ngoài' && ! grep -q '^notice,' '$T/pub.csv'"
# the workbook as the centre reads it: whole sheet names, dates dd/mm/yyyy, headers in the
# report's language, the summary's change column as on the page
python3 - "$T/pub.xlsx" >"$T/wb.out" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
strings = z.read("xl/sharedStrings.xml").decode()
bad = [n for n in names if len(n) > 31 or n != n.strip()]
print(len(names), len(bad), "Công bằng trong kết quả" in names, "dd/mm/yyyy" in z.read("xl/styles.xml").decode(),
      "– lo" not in strings and "cận dưới (95%)" in strings, "Tăng/giảm" in strings)
PY
check "workbook: whole sheet names, fair dates dd/mm/yyyy, interval headers named, change column ($(cat "$T/wb.out"))" \
    "[ \"\$(cut -d' ' -f2- '$T/wb.out')\" = '0 True True True True' ]"

# a year still running: up to the report's day, the previous year up to the same day
"$V" --db "$DB" --quiet report activity --period 2025 --as-of 2025-09-15 --exact \
    --csv "$T/exact-ytd.csv" --out "$T/ytd.html" 2>>"$T/rep.err"
python3 "$ROOT/cli/tests/activity-oracle.py" --as-of 2025-09-15 "$T/ex" 2025-01-01 2025-09-15 >"$T/oracle-ytd.txt"
diffs=$(oracle_compare "$T/exact-ytd.csv" "$T/oracle-ytd.txt")
check "report 2025 on 2025-09-15: the year so far beside the same days of 2024, every figure" \
    "[ '$diffs' = 0 ] && [ \$(wc -l <'$T/oracle-ytd.txt') -gt 300 ] && grep -q 'Năm 2025 (đến ngày 15/09/2025)' '$T/ytd.html' && grep -q 'Năm 2024 (đến ngày 15/09/2024)' '$T/ytd.html'"

# ---- targets and the annual report ---------------------------------------------------------------------
"$V" --db "$DB" --quiet target set 2025 placed=900 registered=1500 fairs=12 >"$T/t.out"
check "target set prints the year's targets" "grep -q 'placed' '$T/t.out' && grep -q 'registered' '$T/t.out'"
"$V" --db "$DB" --quiet report activity --period 2025 --csv "$T/annual.csv" --out "$T/annual.html" \
    --xlsx "$T/annual.xlsx"
check "the annual report sets the targets beside what was done (the workbook too)" \
    "grep -q '^targets,year,all,placed,current,900,' '$T/annual.csv' && grep -q 'Kế hoạch năm 2025' '$T/annual.html' && unzip -p '$T/annual.xlsx' xl/sharedStrings.xml | grep -q '% kế hoạch'"
# codes the 2025 reform reused (10507 was Phường Cẩm Thượng, is Phường Thành Đông): an area's
# row is named by the area the code means now, never by the abolished one
"$V" --db "$DB" --quiet export areas --out "$T/ex/areas.csv"
python3 - "$T/ex" "$T/annual.html" >"$T/names.out" <<'PY'
import csv, html, sys
now, old = {}, {}
for r in csv.DictReader(open(sys.argv[1] + "/areas.csv", encoding="utf-8")):
    (old if r["valid_to"] else now)[r["code"]] = r["name"]
page = html.unescape(open(sys.argv[2], encoding="utf-8").read())
used = {s["area"] for s in csv.DictReader(open(sys.argv[1] + "/seekers.csv", encoding="utf-8"))}
reused = [c for c in sorted(used) if c in now and c in old and now[c] != old[c]]
named = {now[c] for c in used if c in now}  # an old name another area bears today is no sign
wrong = [c for c in reused if ">" + now[c] + "<" not in page or
         (">" + old[c] + "<" in page and old[c] not in named)]
print(len(reused), len(wrong), " ".join(wrong[:3]))
PY
read -r nreused nwrong _ <"$T/names.out"
check "areas on reused codes are named as now ($nreused of them; wrong: $nwrong)" \
    "[ '${nreused:-0}' -gt 0 ] && [ '$nwrong' = 0 ]"
"$V" --db "$DB" --quiet report activity --period 2025Q3 --out "$T/q3.html"
check "a quarter's report has no target column" "! grep -q 'Kế hoạch năm' '$T/q3.html'"
"$V" --db "$DB" target set 2025 wages=1 >/dev/null 2>&1
rc1=$?
"$V" --db "$DB" target clear 2025 counselled >/dev/null 2>&1
rc2=$?
check "an unknown measure is a usage error (2); clearing a target never set is exit 3" \
    "[ $rc1 = 2 ] && [ $rc2 = 3 ]"
"$V" --db "$DB" target show 2025 --foo >/dev/null 2>"$T/t1.err"
rc1=$?
"$V" --db "$DB" target set 2026 >/dev/null 2>"$T/t2.err"
rc2=$?
check "target names the unknown option and the missing MEASURE=VALUE (2)" \
    "[ $rc1 = 2 ] && grep -q \"unknown option '--foo'\" '$T/t1.err' && [ $rc2 = 2 ] && grep -q 'target set. needs MEASURE=VALUE' '$T/t2.err'"
VIECLAM_LANG=vi "$V" --db "$DB" target show 2025 >"$T/t-vi.out" 2>&1
check "the targets in Vietnamese: the report's words for each measure, beside its code" \
    "grep -Eq '^Người có việc làm +placed +900\$' '$T/t-vi.out' && grep -Eq '^Người tìm việc đăng ký +registered +1\.500\$' '$T/t-vi.out'"
"$V" --db "$DB" report activity --out "$T/x.html" >/dev/null 2>&1
rc1=$?
"$V" --db "$DB" report activity --period 2025Q5 --out "$T/x.html" >/dev/null 2>&1
rc2=$?
check "report activity without a period, or a bad one: exit 2" "[ $rc1 = 2 ] && [ $rc2 = 2 ]"
"$V" --db "$DB" report activity --period 2027 --as-of 2026-06-30 --out "$T/later.html" >/dev/null 2>"$T/later.err"
rc1=$?
"$V" --db "$DB" report activity --period 2026Q3 --as-of 2026-06-30 --csv "$T/later.csv" >/dev/null 2>>"$T/later.err"
rc2=$?
check "a period starting after the report's day is refused: exit 2, why, no file" \
    "[ $rc1 = 2 ] && [ $rc2 = 2 ] && grep -q \"after the report's day 2026-06-30\" '$T/later.err' && [ ! -e '$T/later.html' ] && [ ! -e '$T/later.csv' ]"

# ---- English, and the page in headless Chromium -------------------------------------------------------------
"$V" --db "$DB" --quiet report activity --period 2025 --lang en --out "$T/en.html"
check "--lang en writes the report in English" \
    "grep -q 'Employment service activity report' '$T/en.html' && grep -q 'Fairness of outcomes' '$T/en.html'"
CHROME=""
for c in /usr/bin/chromium /usr/bin/chromium-browser; do [ -x "$c" ] && CHROME=$c && break; done
if [ -z "$CHROME" ] || ! command -v pdftotext >/dev/null; then
    nok "Chromium or pdftotext is missing: cannot print the report (scripts/setup.sh --tests installs them)"
    nok "Chromium or pdftotext is missing"
else
    prof=$(mktemp -d)
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$prof" --no-pdf-header-footer --print-to-pdf="$T/annual.pdf" \
        "file://$T/annual.html" >/dev/null 2>&1
    rm -rf "$prof"
    pdftotext -layout "$T/annual.pdf" "$T/annual.txt" 2>/dev/null
    pages=$(grep -c $'\f' "$T/annual.txt")
    check "the annual report prints to PDF on A4 pages ($pages)" "[ '$pages' -ge 3 ]"
    check "the printed pages hold every section, in Vietnamese" \
        "grep -q 'Báo cáo kết quả hoạt động' '$T/annual.txt' && grep -q 'Tổng hợp kết quả' '$T/annual.txt' && grep -q 'Công bằng trong kết quả' '$T/annual.txt' && grep -q 'Định nghĩa và phương pháp' '$T/annual.txt'"
    # a table running onto the next page has its header there again; no heading ends a page
    python3 - "$T/annual.txt" >"$T/pages.out" <<'PY'
import re, sys
pages = [[l for l in p.splitlines() if l.strip()] for p in open(sys.argv[1], encoding="utf-8").read().split("\f")]
pages = [p for p in pages if p]
headless = [i + 1 for i, p in enumerate(pages) if i and re.match(r"\s*(Phường|Xã|Đặc khu) ", p[0])]
orphans = [i + 1 for i, p in enumerate(pages) if i + 1 < len(pages) and re.match(r"\s*\d\.(\d+\. )?\S", p[-1])]
print(len(headless), len(orphans))
PY
    check "printed: tables carry their header onto each page, no heading is left at a page's foot ($(cat "$T/pages.out"))" \
        "[ \"\$(cat '$T/pages.out')\" = '0 0' ]"
fi

# ---- the centre's own work as a history to forecast ----------------------------------------------
"$V" --db "$DB" forecast --db --derive --series placements --by occupation --horizon 4 \
    >"$T/fc.out" 2>"$T/fc.err"
rc=$?
FRUN=$(sed -n 's/^run \([0-9]*\)$/\1/p' "$T/fc.out")
check "forecast --derive --series placements: a stored run forecasting placements by group" \
    "[ $rc = 0 ] && [ -n '$FRUN' ] && grep -q 'occupation' '$T/fc.out'"
# the stored history (every group's quarters) against a count from the exported files:
# referrals by the quarter they were made, current hires by the quarter the hire was decided
if [ "${VL_TEST_DB:-}" = postgresql ]; then
    psql "$DB" -Atc "SELECT series, period, value FROM forecast_history WHERE run_id = $FRUN AND keys <> '{}'" >"$T/fh.txt"
else
    python3 -c "import sqlite3,sys; [print('|'.join(map(str, r))) for r in sqlite3.connect(sys.argv[1]).execute('SELECT series, period, value FROM forecast_history WHERE run_id = ? AND keys <> \'{}\'', (int(sys.argv[2]),))]" "$DB" "$FRUN" >"$T/fh.txt"
fi
python3 - "$T/ex" "$T/fh.txt" >"$T/fh.diff" <<'PY'
import collections, csv, sys
occ = {r["id"]: r["occupation"] for r in csv.DictReader(open(sys.argv[1] + "/vacancies.csv", encoding="utf-8"))}
def q(d): return "%sQ%d" % (d[:4], (int(d[5:7]) - 1) // 3 + 1)
want = collections.Counter()
for r in csv.DictReader(open(sys.argv[1] + "/referrals.csv", encoding="utf-8")):
    if occ.get(r["vacancy"]) and r["outcome"] == "hired":
        want[q(r["outcome_on"])] += 1
got = collections.Counter()
for line in open(sys.argv[2]):
    series, period, value = line.strip().split("|")
    got[period] += float(value)
got = {k: v for k, v in got.items() if v}
bad = [(k, want.get(k), got.get(k)) for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]
print(len(want), sum(want.values()), len(bad), bad[:5])
PY
read -r nq nh nbad _ <"$T/fh.diff"
check "... its history is the hires counted by quarter from the exported files ($nh hires in $nq quarters)" \
    "[ '$nbad' = 0 ] && [ '${nq:-0}' -ge 8 ] && [ '${nh:-0}' -gt 100 ]"

# ---- learning from hires ------------------------------------------------------------------------------------
"$V" --db "$DB" --quiet learn --until 2026-01-01 --out "$T/learned.yaml" 2>"$T/learn.err"
rc=$?
check "learn writes a model file with the evidence in comments" \
    "[ $rc = 0 ] && grep -q '^# Evidence' '$T/learned.yaml' && grep -q '^model: matching' '$T/learned.yaml' && grep -q 'combine: arithmetic' '$T/learned.yaml'"
S=$(sed -n 2p "$T/ex/seekers.csv" | cut -d, -f1)
"$V" --db "$DB" match --seeker "$S" --model "$T/learned.yaml" --as-of 2026-06-30 >"$T/m.out" 2>&1
check "match adopts the learned model with --model" "[ $? = 0 ]"
# the same data with sex flipped, other names and priority groups: the same bytes
python3 - "$T/ex/seekers.csv" "$T/seekers-changed.csv" <<'PY'
import csv, sys
r = csv.DictReader(open(sys.argv[1], encoding="utf-8"))
w = csv.DictWriter(open(sys.argv[2], "w", encoding="utf-8", newline=""), r.fieldnames)
w.writeheader()
for row in r:
    row["gender"] = {"female": "male", "male": "female"}.get(row["gender"], "female")
    row["name"] = "Nguyễn Văn Khác"
    row["priority"] = "" if row["priority"] else "poor;ethnic_minority"
    w.writerow(row)
PY
DB2=$(db_target p2)
"$V" --db "$DB2" --quiet init >/dev/null
for k in employers fairs vacancies; do "$V" --db "$DB2" --quiet import "$k" "$G/$k.csv" >/dev/null; done
"$V" --db "$DB2" --quiet import seekers "$T/seekers-changed.csv" >/dev/null
for k in referrals followups; do "$V" --db "$DB2" --quiet import "$k" "$G/$k.csv" >/dev/null; done
"$V" --db "$DB2" --quiet learn --until 2026-01-01 --out "$T/learned2.yaml" 2>/dev/null
check "sex, names and priority groups changed: the learned file is byte-identical" \
    "cmp -s '$T/learned.yaml' '$T/learned2.yaml'"
"$V" --db "$DB" --quiet learn --evaluate --from 2026-01-01 --bootstrap 60 >"$T/eval.txt" 2>&1
check "learn --evaluate compares the learned and hand-set models with intervals" \
    "grep -q '^learned ' '$T/eval.txt' && grep -q '^hand-set ' '$T/eval.txt' && grep -q '\\[' '$T/eval.txt'"
"$V" --db "$DB" --quiet learn --evaluate --from 2026-01-01 --bootstrap 60 --format csv >"$T/eval.csv" 2>/dev/null
check "... and as CSV: AUC, top-10 hires and calibration per model" \
    "grep -q '^learned,auc,' '$T/eval.csv' && grep -q '^hand-set,top,' '$T/eval.csv' && grep -q '^learned,ece,' '$T/eval.csv'"
DB3=$(db_target empty)
"$V" --db "$DB3" --quiet init >/dev/null
"$V" --db "$DB3" learn --out "$T/none.yaml" >/dev/null 2>"$T/none.err"
rc=$?
check "learn on a database without referrals: exit 3, no file" "[ $rc = 3 ] && [ ! -e '$T/none.yaml' ]"
"$V" learn --evaluate >/dev/null 2>&1
rc=$?
check "learn --evaluate without --from: exit 2" "[ $rc = 2 ]"
"$V" --db "$DB" learn --help >"$T/lh.out"
check "learn --help names every option" "grep -q -- '--until' '$T/lh.out' && grep -q -- '--evaluate' '$T/lh.out' && grep -q -- '--compare' '$T/lh.out'"
finish
