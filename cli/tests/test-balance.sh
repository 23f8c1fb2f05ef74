#!/usr/bin/env bash
# test-balance.sh - `vieclam balance`: demand against supply by occupation group from the stored
# labour-balance history and from a history derived from the vacancies and seekers, the gap's
# sign and interval, the order (largest shortage first, the total last), CSV output, the run it
# stores, and bad input. Prints TAP.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
S="$ROOT/fixtures/sample"
plan 15

DB="$T/b.db"
"$V" --db "$DB" init >/dev/null 2>&1
"$V" --db "$DB" import employers "$S/employers.csv" >/dev/null 2>&1
"$V" --db "$DB" import vacancies "$S/vacancies.csv" >/dev/null 2>&1
"$V" --db "$DB" import seekers "$S/seekers.csv" >/dev/null 2>&1

# without a stored labour-balance history the balance is derived from the records
"$V" --db "$DB" balance --horizon 2 >"$T/d.txt" 2>"$T/d.err"
check "balance derives demand and supply when no history is stored" \
    "[ $? = 0 ] && grep -q 'counting demand and supply' '$T/d.err' && grep -q '^all ' '$T/d.txt'"
check "a quarter with no registrations of a group counts 0 without a warning of a gap" \
    "! grep -q 'rows before and after' '$T/d.err'"

check "import the labour-balance history" \
    "'$V' --db '$DB' import history '$S/labour-balance-history.csv' >/dev/null 2>&1"
"$V" --db "$DB" balance --horizon 4 --format csv >"$T/b.csv" 2>"$T/b.err"
check "balance --format csv succeeds and prints the run id on stderr" \
    "[ $? = 0 ] && grep -qE '^run [0-9]+$' '$T/b.err'"
check "CSV header" "head -1 '$T/b.csv' | tr -d '\\r' | grep -qx 'occupation,demand,supply,gap,gap_lo80,gap_hi80,gap_lo95,gap_hi95'"
cat >"$T/check.py" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
occ = [r for r in rows if r["occupation"] != "all"]
tot = rows[-1]
f = lambda r, k: float(r[k])
checks = {
    "total last": tot["occupation"] == "all",
    "sorted by gap": all(f(a, "gap") >= f(b, "gap") for a, b in zip(occ, occ[1:])),
    # the CSV has 10 significant digits: compare at 1e-8 relative
    "gap = demand - supply": all(abs(f(r, "gap") - (f(r, "demand") - f(r, "supply"))) <= 1e-8 * f(r, "demand") for r in rows),
    "intervals nest": all(f(r, "gap_lo95") <= f(r, "gap_lo80") <= f(r, "gap") <= f(r, "gap_hi80") <= f(r, "gap_hi95") for r in rows),
    "groups add up to the total": abs(sum(f(r, "demand") for r in occ) - f(tot, "demand")) <= 1e-8 * f(tot, "demand")
        and abs(sum(f(r, "supply") for r in occ) - f(tot, "supply")) <= 1e-8 * f(tot, "supply"),
    "nine groups": len(occ) == 9,
}
bad = [k for k, v in checks.items() if not v]
print(bad)
sys.exit(1 if bad else 0)
PY
check "rows: sorted by gap, total last, gap = demand - supply, nested intervals, groups add up" \
    "python3 '$T/check.py' '$T/b.csv' >'$T/check.txt'"
RUN=$(sed -n 's/^run \([0-9]*\)$/\1/p' "$T/b.err")
check "the run stores demand and supply by occupation" \
    "[ \$(python3 -c \"import sqlite3;print(sqlite3.connect('$DB').execute(\\\"SELECT COUNT(DISTINCT series) FROM forecasts WHERE run_id=$RUN AND series IN ('demand','supply')\\\").fetchone()[0])\") = 2 ]"
"$V" --db "$DB" balance --horizon 4 --format csv >"$T/b2.csv" 2>/dev/null
check "deterministic: the same balance twice" "cmp -s '$T/b.csv' '$T/b2.csv'"
VIECLAM_LANG=vi "$V" --db "$DB" balance --horizon 4 --format xlsx --out "$T/b.xlsx" >/dev/null 2>&1
check "balance --format xlsx heads its columns in the user's language" \
    "[ $? = 0 ] && /usr/bin/python3 -c \"import openpyxl,sys; r=next(openpyxl.load_workbook(sys.argv[1]).worksheets[0].iter_rows(values_only=True)); sys.exit(0 if r[:4] == ('nghề', 'cầu', 'cung', 'chênh lệch') else 1)\" '$T/b.xlsx'"
LC_ALL=vi_VN.UTF-8 "$V" --db "$DB" balance --horizon 4 --format csv --threads 1 >"$T/b3.csv" 2>/dev/null || \
    LC_ALL=vi_VN.UTF-8 "$V" --threads 1 --db "$DB" balance --horizon 4 --format csv >"$T/b3.csv" 2>/dev/null
check "the same under vi_VN with one thread" "cmp -s '$T/b.csv' '$T/b3.csv'"
"$V" --db "$DB" balance --horizon 4 --derive >"$T/dv.txt" 2>&1
check "--derive counts from the records even with a stored history" "[ $? = 0 ] && ! grep -q 'counting' '$T/dv.txt' && grep -q '^all ' '$T/dv.txt'"

"$V" --db "$DB" balance >/dev/null 2>&1
check "--horizon is required (exit 2)" "[ $? = 2 ]"
"$V" --db "$DB" balance --horizon 0 >/dev/null 2>&1
check "--horizon 0 is invalid data (exit 3)" "[ $? = 3 ]"
"$V" --db "$DB" balance --horizon 4 --model nope >/dev/null 2>&1
check "an unknown model is invalid data (exit 3)" "[ $? = 3 ]"
"$V" --db "$T/empty.db" init >/dev/null 2>&1
"$V" --db "$T/empty.db" balance --horizon 4 >/dev/null 2>"$T/e"
check "an empty database: nothing to derive (exit 3)" "[ $? = 3 ] && grep -q 'no dated vacancies or seekers' '$T/e'"
finish
