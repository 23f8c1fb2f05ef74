#!/usr/bin/env bash
# test-adjust.sh - the planner's judgement: `vieclam adjust` and `vieclam scenario` (add, list,
# withdraw, every usage and data error), then `forecast --by` on the database: an adjusted
# series holds the planner's value while every level still adds up, a scenario's positions are
# added to its series and the total from its quarter on, the run records what it applied (with
# the model's own figure beside the planner's), and every interval level asked for is stored;
# a judgement of a series the history does not hold, or of quarters after the horizon, is not
# applied and named, while the run goes on; a balance records each side's judgements and its
# report shows them with their reasons.
# Prints TAP.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
plan 26

DB="$T/a.db"
"$V" --db "$DB" init >/dev/null 2>&1
python3 - "$T/h.csv" <<'PY'
import math, sys
with open(sys.argv[1], "w") as f:
    f.write("series,period,value,area,industry\n")
    for a, base in (("288", 120), ("291", 80)):
        for ind, share in (("A", 0.4), ("C", 0.6)):
            for t in range(24):
                y, q = 2019 + t // 4, t % 4 + 1
                v = base * share * (1 + 0.02 * t) * (1.1, 0.95, 1.05, 0.9)[q - 1] + 3 * math.sin(3 * t + len(ind))
                f.write("vac,%dQ%d,%.2f,%s,%s\n" % (y, q, v, a, ind))
PY
"$V" --db "$DB" import history "$T/h.csv" >/dev/null 2>&1

"$V" --db "$DB" adjust add --keys area=288,industry=C --period 2025Q2:2025Q3 --value 100 \
    --reason "Nhà máy mở thêm ca" --by lan >"$T/a1.out" 2>"$T/a1.err"
check "adjust add stores an adjustment" "[ $? = 0 ] && grep -q 'adjustment 1 stored' '$T/a1.out'"
"$V" --db "$DB" scenario add --name "KCN giai đoạn 2" --keys area=291,industry=A --from 2025Q3 \
    --positions 40 --reason "Quyết định 12/QĐ-UBND" --by hoa >"$T/s1.out" 2>&1
check "scenario add stores a scenario" "[ $? = 0 ] && grep -q 'scenario 1 stored' '$T/s1.out'"

"$V" --db "$DB" adjust add --keys area=288 --period 2025Q2 --value 5 --by lan >/dev/null 2>"$T/e1"
check "a missing --reason is a usage error (2)" "[ $? = 2 ] && grep -q -- '--reason' '$T/e1'"
"$V" --db "$DB" adjust add --keys area288 --period 2025Q2 --value 5 --reason r --by lan \
    >/dev/null 2>"$T/e2"
check "malformed --keys is a usage error" "[ $? = 2 ] && grep -q 'NAME=CODE' '$T/e2'"
"$V" --db "$DB" adjust add --keys area=288 --period 2025Q3:2025Q2 --value 5 --reason r \
    --by lan >/dev/null 2>"$T/e3"
check "a span ending before it starts is invalid data (3)" "[ $? = 3 ] && grep -q 'before' '$T/e3'"
"$V" --db "$DB" adjust add --keys area=288 --period 2025Q2 --value 5 --percent 3 --reason r \
    --by lan >/dev/null 2>"$T/e4"
check "--value and --percent together are refused" "[ $? = 2 ]"
"$V" --db "$DB" adjust add --keys area=288 --period 2025Q2 --value 1,5 --reason r --by lan \
    >/dev/null 2>"$T/e5"
check "a decimal comma is refused" "[ $? = 2 ] && grep -q 'number' '$T/e5'"

"$V" --db "$DB" adjust list --format csv >"$T/l.csv" 2>/dev/null
check "adjust list shows the adjustment with its reason and author" \
    "grep -q 'Nhà máy mở thêm ca,lan' '$T/l.csv' && [ \$(tail -n +2 '$T/l.csv' | wc -l) = 1 ]"
"$V" --db "$DB" adjust list >"$T/l.txt" 2>/dev/null
VIECLAM_LANG=vi "$V" --db "$DB" scenario list >"$T/s-vi.txt" 2>/dev/null
check "adjust and scenario list tables show the keys in words, not as JSON" \
    "grep -q ' area 288, industry C ' '$T/l.txt' && grep -q ' địa bàn 291, ' '$T/s-vi.txt' && ! grep -q '{' '$T/l.txt' '$T/s-vi.txt'"
"$V" --db "$DB" scenario list --format json >"$T/s.json" 2>/dev/null
check "scenario list --format json is valid JSON" \
    "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[0][\"value\"]==40 and d[0][\"keys\"]=={\"area\":\"291\",\"industry\":\"A\"}' '$T/s.json'"

"$V" --db "$DB" forecast --db --by area,industry --horizon 4 --origins 2 --level 80,90,95 \
    --out "$T/f.csv" >"$T/f.out" 2>&1
check "forecast --by applies both and says so" \
    "[ $? = 0 ] && grep -q '1 adjustment(s), 1 scenario(s) applied' '$T/f.out'"
cat >"$T/check.py" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
m = {(r["series"], r["period"]): float(r["mean"]) for r in rows}
ok = abs(m[("area=288,industry=C", "2025Q2")] - 100) < 1e-6 and abs(m[("area=288,industry=C", "2025Q3")] - 100) < 1e-6
for p in ("2025Q1", "2025Q2", "2025Q3", "2025Q4"):
    bottoms = sum(v for (s, q), v in m.items() if q == p and "industry=" in s and "area=" in s)
    ok = ok and abs(m[("total", p)] - bottoms) < 1e-6 * m[("total", p)]
sys.exit(0 if ok else 1)
PY
check "the adjusted series holds the planner's value; every level adds up" \
    "python3 '$T/check.py' '$T/f.csv'"
RUN=$(grep -oE '^run [0-9]+' "$T/f.out" | cut -d' ' -f2)
check "the run records the adjustment and the scenario it applied" \
    "[ \"\$(sqlite3 '$DB' \"select count(*) from forecast_judgements where run_id = $RUN\")\" = 2 ]"
check "the adjusted series keeps the model's own figure beside the planner's" \
    "sqlite3 '$DB' \"select model_mean from forecasts where run_id = $RUN and keys = '{\\\"area\\\":\\\"288\\\",\\\"industry\\\":\\\"C\\\"}' and period = '2025Q2'\" | grep -qE '^[0-9]'"
# (in 2025Q3 the adjustment elsewhere moves every series a little too: the rest adapts)
check "the scenario adds its positions from its quarter on, its series and the total" \
    "[ \"\$(sqlite3 '$DB' \"select count(*) from forecasts where run_id = $RUN and keys in ('{\\\"area\\\":\\\"291\\\",\\\"industry\\\":\\\"A\\\"}', '{}') and period = '2025Q4' and abs(mean - model_mean - 40) < 1e-6\")\" = 2 ]"
check "every interval level asked for is stored (90 too)" \
    "[ \"\$(sqlite3 '$DB' \"select count(distinct level) from forecast_intervals where run_id = $RUN\")\" = 3 ]"

# an area since merged away and a quarter after the horizon: named, not applied, the run goes on
check "adding one of a series the stored history lacks warns at once, and stores it" \
    "'$V' --db '$DB' adjust add --keys area=999,industry=C --period 2025Q2 --value 5 --reason 'old code' --by lan 2>'$T/w.err' >/dev/null && grep -q 'warning: the stored history holds no series with {\"area\": \"999\", \"industry\": \"C\"}' '$T/w.err' && [ ! -s '$T/a1.err' ]"
"$V" --db "$DB" scenario add --name later --keys area=288 --from 2027Q1 --positions 9 \
    --reason "after the horizon" --by lan >/dev/null 2>&1
"$V" --db "$DB" forecast --db --by area,industry --horizon 4 --out "$T/f2.csv" >"$T/f2.out" 2>"$T/f2.err"
check "a judgement of a series the history lacks is named with how to withdraw it, the run goes on" \
    "[ $? = 0 ] && grep -q 'adjustment 2 {\"area\": \"999\", \"industry\": \"C\"} is not applied: the history holds no series' '$T/f2.err' && grep -q 'vieclam adjust withdraw 2' '$T/f2.err'"
check "... one whose quarters are not forecast too; the others still apply" \
    "grep -q 'scenario 2 .* is not applied: none of its quarters' '$T/f2.err' && grep -q '1 adjustment(s), 1 scenario(s) applied' '$T/f2.out' && grep -q '2 of the planner.s judgements not applied' '$T/f2.out'"
RUN2=$(grep -oE '^run [0-9]+' "$T/f2.out" | cut -d' ' -f2)
check "the run records only the judgements it applied" \
    "[ \"\$(sqlite3 '$DB' \"select group_concat(kind || judgement_id, ' ') from (select * from forecast_judgements where run_id = $RUN2 order by kind, judgement_id)\")\" = 'adjustment1 scenario1' ]"

"$V" --db "$DB" adjust withdraw 2 --by lan >/dev/null 2>&1
"$V" --db "$DB" scenario withdraw 2 --by lan >/dev/null 2>&1

# the balance: each side records the judgements it applied, and the report shows them
B="$T/b.db"
"$V" --db "$B" init >/dev/null 2>&1
python3 - "$T/hb.csv" <<'PY'
import math, sys
with open(sys.argv[1], "w") as f:
    f.write("series,period,value,measure,occupation\n")
    for m, base in (("demand", 100), ("supply", 90)):
        for occ, share in (("7", 0.5), ("8", 0.3), ("9", 0.2)):
            for t in range(24):
                y, q = 2019 + t // 4, t % 4 + 1
                v = base * share * (1 + 0.01 * t) + 2 * math.sin(2 * t + len(m) + int(occ))
                f.write("x,%dQ%d,%.2f,%s,%s\n" % (y, q, v, m, occ))
PY
"$V" --db "$B" import history "$T/hb.csv" >/dev/null 2>&1
"$V" --db "$B" adjust add --keys occupation=8 --series demand --period 2025Q1:2025Q2 --value 60 \
    --reason "Khu công nghiệp mới tuyển thợ vận hành" --by lan >/dev/null 2>&1
"$V" --db "$B" adjust add --keys occupation=7 --series supply --period 2025Q1 --percent 10 \
    --reason "Khoá đào tạo nghề hàn tốt nghiệp" --by lan >/dev/null 2>&1
"$V" --db "$B" balance --horizon 4 >"$T/b.out" 2>"$T/b.err"
BRUN=$(grep -oE '^run [0-9]+' "$T/b.out" | cut -d' ' -f2)
check "a balance records the demand's judgement for demand and the supply's for supply" \
    "[ \"\$(sqlite3 '$B' \"select group_concat(judgement_id || series, ' ') from (select * from forecast_judgements where run_id = '$BRUN' order by judgement_id)\")\" = '1demand 2supply' ] && [ ! -s '$T/b.err' ]"
"$V" --db "$B" report forecast --out "$T/b.html" >/dev/null 2>&1
check "its report shows both judgements with their reasons" \
    "grep -q 'Khu công nghiệp mới tuyển thợ vận hành' '$T/b.html' && grep -q 'Khoá đào tạo nghề hàn tốt nghiệp' '$T/b.html'"
# one recorded for any series applies to both sides and is listed for each, but counted once
"$V" --db "$B" scenario add --name "KCN" --keys occupation=9 --from 2025Q2 --positions 5 \
    --reason "Nhà máy mới" --by lan >/dev/null 2>&1
"$V" --db "$B" balance --horizon 4 >/dev/null 2>&1
"$V" --db "$B" report forecast --out "$T/b2.html" >/dev/null 2>&1
check "a judgement of both sides is listed for each but counted once among three on page 1" \
    "[ \$(grep -o 'Nhà máy mới' '$T/b2.html' | wc -l) = 2 ] && grep -q 'Dự báo đã tính 3 nhận định' '$T/b2.html'"

"$V" --db "$DB" adjust withdraw 1 --by lan >/dev/null 2>&1
"$V" --db "$DB" adjust withdraw 1 --by lan >/dev/null 2>"$T/w2"
check "withdrawing twice: the second finds no active adjustment (3)" "[ $? = 3 ] && grep -q 'no active adjustment 1' '$T/w2'"
"$V" --db "$DB" adjust list --all --format csv >"$T/l2.csv" 2>/dev/null
check "a withdrawn adjustment is kept and listed with --all only, saying who withdrew it and when" \
    "tr -d '\\r' <'$T/l2.csv' | grep -q ',withdrawn,lan,20[0-9-]*T[0-9:]*Z$' && [ \$('$V' --db '$DB' adjust list --format csv 2>/dev/null | wc -l) = 1 ]"
"$V" --db "$DB" adjust list --all >"$T/l2.txt" 2>/dev/null
"$V" --db "$DB" adjust list --all --format json >"$T/l2.json" 2>/dev/null
check "... in the table and in JSON too" \
    "grep -q 'withdrawn: lan, ' '$T/l2.txt' && python3 -c \"import json,sys; j=json.load(open('$T/l2.json')); sys.exit(not (j[0]['withdrawn'] and j[0]['withdrawn_by'] == 'lan' and j[0]['withdrawn_at'].endswith('Z')))\""
finish
