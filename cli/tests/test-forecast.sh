#!/usr/bin/env bash
# test-forecast.sh - `vieclam forecast` and `vieclam backtest`: the CSV contract (header, one
# lo/hi pair per level, the model column), JSON, --out, gaps and --fill, identical output for
# any thread count, no NaN/inf on nasty series, and every error path with its exit code
# (2 usage, 3 invalid data or option value, with file and line). Prints TAP.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
plan 31

# a seasonal quarterly series, a yearly one with a gap, a constant one
python3 - "$T/h.csv" <<'PY'
import math, sys
with open(sys.argv[1], "w") as f:
    f.write("series,period,value\n")
    for t in range(28):
        y, q = 2017 + t // 4, t % 4 + 1
        f.write("demand,%dQ%d,%.3f\n" % (y, q, 120 + 2.385 * t + (9, -4, 6, -11)[q - 1] + 3 * math.sin(t)))
    for y in (2010, 2011, 2012, 2014, 2015, 2016, 2017, 2018, 2019, 2020):
        f.write("yearly,%d,%.2f\n" % (y, 50 + 1.7 * (y - 2010) + (y % 3)))
    for t in range(12):
        f.write("flat,%d-%02d,7.5\n" % (2023 + t // 12, t % 12 + 1))
PY

"$V" forecast --history "$T/h.csv" --horizon 4 >"$T/f.csv" 2>"$T/f.err"
check "forecast exits 0" "[ $? = 0 ]"
check "CSV header is the contract" \
    "head -1 '$T/f.csv' | tr -d '\\r' | grep -qx 'series,period,model,mean,lo80,hi80,lo95,hi95'"
check "one row per series and step" "[ \$(tail -n +2 '$T/f.csv' | wc -l) = 12 ]"
check "periods continue each series" \
    "grep -q '^demand,2024Q1,' '$T/f.csv' && grep -q '^yearly,2021,' '$T/f.csv' && grep -q '^flat,2024-01,' '$T/f.csv'"
check "the gap is reported on stderr" "grep -q 'yearly: 1 missing period from 2013' '$T/f.err'"
check "a constant series forecasts its constant" \
    "grep '^flat,' '$T/f.csv' | LC_ALL=C awk -F, '\$4 != 7.5 { bad = 1 } END { exit bad }'"
check "the model column names what ran" "grep '^demand,' '$T/f.csv' | head -1 | grep -q 'Theta'"

"$V" forecast --history "$T/h.csv" --horizon 2 --model ets --level 50,90,99 --format json \
    --out "$T/f.json" 2>/dev/null
check "--format json --out writes valid JSON with three levels" \
    "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"levels\"]==[50,90,99]; assert \"lo99\" in d[\"series\"][0][\"forecast\"][0]' '$T/f.json'"

"$V" --lang vi forecast --history "$T/h.csv" --horizon 2 --model naive --format json \
    --out "$T/fvi.json" 2>/dev/null
check "JSON's warning_code is the same in every language, beside the translated warning" \
    "python3 -c 'import json,sys; s={x[\"series\"]: x for x in json.load(open(sys.argv[1]))[\"series\"]}; assert s[\"yearly\"][\"warning_code\"]==\"gaps_not_filled\", s[\"yearly\"]; assert s[\"flat\"][\"warning_code\"]==\"\" and s[\"flat\"][\"warning\"]==\"\"; assert s[\"yearly\"][\"warning\"]' '$T/fvi.json'"

"$V" forecast --history "$T/h.csv" --horizon 3 --model naive --fill linear >"$T/fl.csv" 2>"$T/fl.err"
check "--fill linear fills and says so" "[ $? = 0 ] && grep -q 'filled linearly' '$T/fl.err'"

"$V" --threads 1 forecast --history "$T/h.csv" --horizon 6 --model auto >"$T/t1.csv" 2>/dev/null
"$V" --threads 2 forecast --history "$T/h.csv" --horizon 6 --model auto >"$T/t2.csv" 2>/dev/null
check "identical output with 1 and 2 threads" "cmp -s '$T/t1.csv' '$T/t2.csv'"

LC_ALL=vi_VN.UTF-8 "$V" forecast --history "$T/h.csv" --horizon 6 --model auto >"$T/vi.csv" 2>/dev/null
check "same output under vi_VN (decimal comma locale)" "cmp -s '$T/t1.csv' '$T/vi.csv'"

# nasty series: zeros, intermittent counts, negatives, an extreme outlier, two values
python3 - "$T/nasty.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("series,period,value\n")
    for t in range(16):
        p = "%dQ%d" % (2020 + t // 4, t % 4 + 1)
        f.write("zeros,%s,0\n" % p)
        f.write("counts,%s,%d\n" % (p, (0, 0, 3, 0, 1)[t % 5]))
        f.write("negative,%s,%.2f\n" % (p, -40 - 1.5 * t + (t % 4)))
        f.write("outlier,%s,%g\n" % (p, 1e12 if t == 9 else 100 + t))
    f.write("two,2024Q1,5\ntwo,2024Q2,6\n")
PY
bad=0
for m in auto ets arima theta comb naive snaive naive2 ses holt damped; do
    "$V" forecast --history "$T/nasty.csv" --horizon 5 --model $m >"$T/n.csv" 2>/dev/null || bad=1
    grep -qiE 'nan|inf' "$T/n.csv" && bad=1
    [ "$(tail -n +2 "$T/n.csv" | wc -l)" = 25 ] || bad=1
done
check "every model on nasty series: exit 0, no NaN or inf" "[ $bad = 0 ]"
"$V" forecast --history "$T/nasty.csv" --horizon 2 --model ets >"$T/n.csv" 2>/dev/null
check "a two-value series gets a simpler model, named" "grep '^two,' '$T/n.csv' | head -1 | grep -q 'naive'"

"$V" backtest --history "$T/h.csv" --horizon 4 --origins 3 --models naive,theta,ets >"$T/b.txt" 2>/dev/null
check "backtest prints a table with every model and the overall rows" \
    "[ $? = 0 ] && grep -q '^(all) *theta' '$T/b.txt' && grep -q '^demand *ets *3 ' '$T/b.txt'"
"$V" backtest --history "$T/h.csv" --horizon 4 --format csv --models naive >"$T/b.csv" 2>/dev/null
check "backtest --format csv header" \
    "head -1 '$T/b.csv' | grep -q '^series,model,origins,smape,mase,rmsse,coverage80,msis80,coverage95,msis95,ran'"

# errors
"$V" forecast --history "$T/h.csv" >/dev/null 2>"$T/e.err"
check "missing --horizon is a usage error (2)" "[ $? = 2 ] && grep -q 'horizon' '$T/e.err'"
"$V" forecast --history "$T/h.csv" --horizon 0 >/dev/null 2>"$T/e.err"
check "--horizon 0 is invalid (3)" "[ $? = 3 ] && grep -q 'horizon' '$T/e.err'"
"$V" forecast --history "$T/h.csv" --horizon 4 --model prophet >/dev/null 2>"$T/e.err"
check "an unknown model is invalid (3) and named" "[ $? = 3 ] && grep -q 'prophet' '$T/e.err'"
"$V" forecast --history "$T/h.csv" --horizon 4 --level 80,100 >/dev/null 2>&1
check "a level of 100 is invalid (3)" "[ $? = 3 ]"
"$V" forecast --history "$T/h.csv" --horizon 4 --frobnicate >/dev/null 2>&1
check "an unknown option is a usage error (2)" "[ $? = 2 ]"
printf 'series,period,value\na,2024Q1,1\na,2024-X2,2\n' >"$T/p.csv"
"$V" forecast --history "$T/p.csv" --horizon 2 >/dev/null 2>"$T/e.err"
check "an unknown period format: exit 3 with file and line" "[ $? = 3 ] && grep -q 'p.csv:3' '$T/e.err'"
printf 'series,period,value\na,2024Q1,1\na,2024Q1,2\n' >"$T/d.csv"
"$V" forecast --history "$T/d.csv" --horizon 2 >/dev/null 2>"$T/e.err"
check "a duplicate period: exit 3 with file and line" "[ $? = 3 ] && grep -q 'd.csv:3' '$T/e.err'"
printf 'series,period,value\na,2024Q1,1\na,2024Q2,lots\n' >"$T/v.csv"
"$V" forecast --history "$T/v.csv" --horizon 2 >/dev/null 2>"$T/e.err"
check "a non-numeric value: exit 3 with file and line" "[ $? = 3 ] && grep -q 'v.csv:3' '$T/e.err'"
# a commune that appears in the last year (zeros before it, in the hierarchy): its first values
# must not widen every node's 95% band to billions
"$V" forecast --history "$ROOT/fixtures/forecast/late-commune.csv" --by area,industry --horizon 4 --out "$T/late-fc.csv" >/dev/null 2>"$T/late.err"
check "a series that starts late keeps every 95% band of the order of its 80% band" \
    "python3 -c \"import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(0 if r and all(float(x['hi95'])-float(x['mean']) < 5*(float(x['hi80'])-float(x['mean']))+1 for x in r) else 1)\" '$T/late-fc.csv'"
# a series too short for a backtest origin: its accuracy is null in JSON, never nan
printf 'series,period,value\na,2024Q1,1\na,2024Q2,2\na,2024Q3,3\n' >"$T/short.csv"
"$V" forecast --history "$T/short.csv" --horizon 1 --origins 1 --format json >"$T/short.json" 2>/dev/null
"$V" backtest --history "$T/short.csv" --horizon 2 --format json >"$T/short-bt.json" 2>/dev/null
check "JSON of a series too short to score parses, its scores null" \
    "python3 -c \"import json,sys; d=[json.load(open(f)) for f in sys.argv[1:]]; s=json.dumps(d); sys.exit(0 if 'null' in s else 1)\" '$T/short.json' '$T/short-bt.json'"
check "a series that only starts late is not called a gap" "! grep -q 'rows before and after' '$T/late.err'"
# a quarter missing inside one series' history counts as 0 and is said, naming it
grep -v '^vac;2018Q3;[0-9]*;288;C$' "$ROOT/fixtures/forecast/late-commune.csv" >"$T/gap.csv"
"$V" forecast --history "$T/gap.csv" --by area,industry --horizon 4 --out "$T/gap-fc.csv" >/dev/null 2>"$T/gap.err"
check "a quarter missing inside a series is counted as 0 and named on standard error" \
    "[ \$? = 0 ] && grep -q 'area=288,industry=C has no row for 2018Q3 .*(1 such period' '$T/gap.err'"
# without --by, a series is its name and its key values, as `import history` has it: ten
# series named "vac", each forecast apart and written with its keys
"$V" forecast --history "$ROOT/fixtures/forecast/late-commune.csv" --model theta --horizon 2 \
    --out "$T/keys-fc.csv" >/dev/null 2>"$T/keys.err"
check "a history with key columns is forecast series by series, keys written beside the name" \
    "head -1 '$T/keys-fc.csv' | grep -q '^series,area,industry,period,model,mean' && [ \$(tail -n +2 '$T/keys-fc.csv' | cut -d, -f1-3 | sort -u | wc -l) -eq 10 ]"
# two series: six validation errors a step calibrate the 80% band (four needed) but not the
# 95% (nineteen): the 95% band, the model's own, must still hold the 80% one
awk -F';' 'NR == 1 || ($4 == "288" && ($5 == "C" || $5 == "F"))' \
    "$ROOT/fixtures/forecast/late-commune.csv" >"$T/two.csv"
"$V" forecast --history "$T/two.csv" --model theta --horizon 4 --out "$T/two-fc.csv" >/dev/null 2>&1
check "a 95% band holds the 80% band even when only the 80% one is calibrated" \
    "python3 -c \"import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); sys.exit(0 if len(r) == 8 and all(float(x['lo95']) <= float(x['lo80']) and float(x['hi95']) >= float(x['hi80']) for x in r) else 1)\" '$T/two-fc.csv'"
# the help states the defaults a run with --by uses (read from the library, not restated)
"$V" forecast --history "$ROOT/fixtures/forecast/late-commune.csv" --by area,industry --horizon 4 \
    --out "$T/def-fc.csv" >"$T/def.out" 2>/dev/null
k=$(sed -n 's/.*chosen at \([0-9]*\) origins.*/\1/p' "$T/def.out")
LC_ALL=C.UTF-8 "$V" forecast --help >"$T/help.txt"
check "forecast --help gives the model, origins and method a run with --by uses" \
    "[ -n '$k' ] && tr -s ' \n' ' ' <'$T/help.txt' | grep -q \"shown in JSON) \\[default: none; $k with --by\\]\" && tr -s ' \n' ' ' <'$T/help.txt' | grep -q 'unknown name lists them all) \\[default: auto\\]' && tr -s ' \n' ' ' <'$T/help.txt' | grep -q 'or none \\[default: auto\\]'"
finish
