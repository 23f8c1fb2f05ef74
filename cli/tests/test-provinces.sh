#!/usr/bin/env bash
# test-provinces.sh - one province's view of a database several provinces share (`--province`,
# as a province's `serve --province` sees it): generated data with a quarter of its seekers and
# a fifth of its vacancies moved to Ha Noi (01), the rest in Hai Phong (31), and one fair held in
# Ha Noi. `report activity --province` for 31, for 01 and for both equals an independent
# recomputation (activity-oracle.py given the provinces) in every figure; the two provinces'
# counts of people add up to the whole database's, each referral across the two counted on its
# seeker's side and its vacancy's; each province's targets are its own (`target set
# --province`), summed for both, never replaced by another's; a target of two provinces at once
# is refused; an unknown province is exit 3; the retention rule lists each province's own
# seekers (`erase inactive --province`); a fair planned for one province (`fair plan
# --province`) invites its seekers to its vacancies and those open to every province. With the argument `postgresql` (cli-provinces-pg,
# under scripts/with-pg.sh) the same on PostgreSQL. Prints TAP.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ "${1:-}" = postgresql ] && export VL_TEST_DB=postgresql

plan 14
G="$T/gen"
"$V" --quiet generate --seekers 1200 --vacancies 200 --employers 40 --span-days 1095 \
    --as-of 2026-06-30 --referrals 2500 --out "$G" 2>"$T/gen.err"
mkdir -p "$T/in"
python3 - "$G" "$T/in" <<'PY'
import csv, os, sys
src, dst = sys.argv[1], sys.argv[2]
def move(name, f):
    with open(os.path.join(src, name + ".csv"), encoding="utf-8", newline="") as fh:
        r = csv.DictReader(fh)
        fields, rows = r.fieldnames, list(r)
    for row in rows:
        f(row)
    with open(os.path.join(dst, name + ".csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fields)
        w.writeheader()
        w.writerows(rows)
def seeker(r):  # Phuong Ba Dinh, Ha Noi
    if int(r["id"][1:]) % 4 == 0:
        r["area"] = "00004"
def vacancy(r):  # Phuong Ngoc Ha, Ha Noi; a vacancy abroad (no area) stays every province's
    if r["area"] and int(r["id"][1:]) % 5 == 0:
        r["area"] = "00008"
def fair(r):
    if r["id"].endswith("-10"):
        r["area"] = "00004"
move("seekers", seeker)
move("vacancies", vacancy)
move("fairs", fair)
for k in ("employers", "referrals", "followups", "counselling"):
    move(k, lambda r: None)
PY
DB=$(db_target prov)
"$V" --db "$DB" --quiet init >/dev/null
bad=0
for k in employers fairs vacancies seekers referrals followups counselling; do
    "$V" --db "$DB" --quiet import "$k" "$T/in/$k.csv" >/dev/null 2>>"$T/imp.err" || bad=1
done
mkdir -p "$T/ex"
for k in areas seekers vacancies referrals followups counselling fairs; do
    "$V" --db "$DB" export "$k" >"$T/ex/$k.csv" 2>>"$T/imp.err" || bad=1
done
cross=$(python3 - "$T/in" <<'PY'
import csv, sys
s = {r["id"]: r["area"] for r in csv.DictReader(open(sys.argv[1] + "/seekers.csv", encoding="utf-8"))}
v = {r["id"]: r["area"] for r in csv.DictReader(open(sys.argv[1] + "/vacancies.csv", encoding="utf-8"))}
hn = lambda a: a in ("00004", "00008")
print(sum(1 for r in csv.DictReader(open(sys.argv[1] + "/referrals.csv", encoding="utf-8"))
          if v[r["vacancy"]] and hn(s[r["seeker"]]) != hn(v[r["vacancy"]])))
PY
)
check "the data of two provinces imports and exports ($cross referrals across the two)" \
    "[ $bad = 0 ] && [ '${cross:-0}' -gt 100 ]"

# ---- each province's report against an independent recomputation --------------------------------
for scope in 31 01 31,01; do
    "$V" --db "$DB" --quiet report activity --period 2025 --exact --province "$scope" \
        --csv "$T/r-$scope.csv" 2>>"$T/rep.err"
    python3 "$ROOT/cli/tests/activity-oracle.py" "$T/ex" 2025-01-01 2025-12-31 "$scope" \
        >"$T/o-$scope.txt"
    diffs=$(oracle_compare "$T/r-$scope.csv" "$T/o-$scope.txt")
    lines=$(wc -l <"$T/o-$scope.txt")
    check "report activity --province $scope: all $lines recomputed figures equal" \
        "[ '$diffs' = 0 ] && [ $lines -gt 200 ]"
done
"$V" --db "$DB" --quiet report activity --period 2025 --exact --csv "$T/r-all.csv" 2>>"$T/rep.err"
check "both provinces together report what the whole database does" \
    "diff <(grep -v '^targets' '$T/r-31,01.csv') <(grep -v '^targets' '$T/r-all.csv') >/dev/null"
python3 - "$T/r-31.csv" "$T/r-01.csv" "$T/r-all.csv" >"$T/sums.txt" <<'PY'
import csv, sys
def total(path):
    return {r["measure"]: float(r["value"]) for r in csv.DictReader(open(path, encoding="utf-8"))
            if r["table"] == "counts" and r["dimension"] == "total" and r["period"] == "current"}
a, b, w = (total(p) for p in sys.argv[1:])
people = ["registered", "counselled", "referred", "referrals", "placed", "placed_abroad", "filled"]
print(" ".join("%s=%g+%g/%g" % (m, a[m], b[m], w[m]) for m in people),
      "ok" if all(a[m] + b[m] == w[m] and a[m] > 0 and b[m] > 0 for m in people) else "differ")
PY
check "the two provinces' people, referrals and positions filled add up to the whole ($(cat "$T/sums.txt"))" \
    "grep -q ' ok$' '$T/sums.txt'"
"$V" --db "$DB" --quiet report activity --period 2025 --province 31,01 --out "$T/both.html" \
    --xlsx "$T/both.xlsx" 2>>"$T/rep.err"
"$V" --db "$DB" --quiet report activity --period 2025 --out "$T/all.html" 2>>"$T/rep.err"
check "the page names the provinces under its title and says how a referral across two counts" \
    "grep -q 'Tỉnh, thành phố: <b>Thành phố Hải Phòng, Thành phố Hà Nội</b>' '$T/both.html' && grep -q 'được tính ở cả hai' '$T/both.html' && ! grep -q 'Tỉnh, thành phố:' '$T/all.html' && [ -s '$T/both.xlsx' ]"

# ---- each province's targets ------------------------------------------------------------------------
"$V" --db "$DB" --quiet target set 2025 registered=700 placed=90 --province 31 >/dev/null 2>>"$T/t.err"
"$V" --db "$DB" --quiet target set 2025 registered=120 --province 01 >/dev/null 2>>"$T/t.err"
"$V" --db "$DB" --quiet target set 2025 registered=999 >/dev/null 2>>"$T/t.err"
"$V" --db "$DB" target show 2025 --province 31 >"$T/t31.out" 2>>"$T/t.err"
"$V" --db "$DB" target show 2025 --province 31,01 >"$T/tboth.out" 2>>"$T/t.err"
check "each province sets its own targets: Ha Noi's do not replace Hai Phong's; both show summed" \
    "grep -q 'registered *700' '$T/t31.out' && grep -q 'placed *90' '$T/t31.out' && grep -q 'registered *820' '$T/tboth.out'"
for scope in 31 01 31,01 ""; do
    "$V" --db "$DB" --quiet report activity --period 2025 ${scope:+--province $scope} \
        --csv "$T/y-$scope.csv" 2>>"$T/rep.err"
done
check "each report sets its provinces' targets beside what was done; the whole database its own" \
    "grep -q '^targets,year,all,registered,current,700,' '$T/y-31.csv' && grep -q '^targets,year,all,registered,current,120,' '$T/y-01.csv' && grep -q '^targets,year,all,registered,current,820,' '$T/y-31,01.csv' && grep -q '^targets,year,all,registered,current,999,' '$T/y-.csv' && ! grep -q '^targets,year,all,placed,' '$T/y-01.csv'"
"$V" --db "$DB" target set 2025 registered=5 --province 31,01 >/dev/null 2>"$T/two.err"
rc=$?
"$V" --db "$DB" target show 2025 --province 31 >"$T/t31b.out" 2>/dev/null
check "a target of two provinces at once is refused (exit 2, saying why) and changes nothing" \
    "[ $rc = 2 ] && grep -q 'one province at a time' '$T/two.err' && cmp -s '$T/t31.out' '$T/t31b.out'"
"$V" --db "$DB" --quiet target clear 2025 registered --province 01 >/dev/null 2>>"$T/t.err"
"$V" --db "$DB" target show 2025 --province 31,01 >"$T/tboth2.out" 2>>"$T/t.err"
check "clearing Ha Noi's target leaves Hai Phong's" "grep -q 'registered *700' '$T/tboth2.out'"
"$V" --db "$DB" report activity --period 2025 --province 99 --csv "$T/x.csv" >/dev/null 2>"$T/x.err"
rc1=$?
"$V" --db "$DB" target show 2025 --province 99 >/dev/null 2>&1
rc2=$?
"$V" --db "$DB" report activity --period 2025 --province 31, --csv "$T/x.csv" >/dev/null 2>&1
rc3=$?
check "a province that does not exist is exit 3, naming it; an empty code exit 2; no file" \
    "[ $rc1 = 3 ] && [ $rc2 = 3 ] && [ $rc3 = 2 ] && grep -q \"'99'\" '$T/x.err' && [ ! -e '$T/x.csv' ]"

# ---- the retention rule, province by province -----------------------------------------------------
for scope in 31 01 ""; do
    "$V" --db "$DB" erase inactive --dry-run --as-of 2031-12-31 ${scope:+--province $scope} \
        >"$T/ret-$scope.out" 2>>"$T/ret.err"
done
python3 - "$T/in/seekers.csv" "$T/ret-31.out" "$T/ret-01.out" "$T/ret-.out" >"$T/ret.txt" <<'PY'
import csv, sys
hn = {r["id"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["area"] == "00004"}
ids = [set(l.split()[0] for l in open(p, encoding="utf-8") if l.startswith("S")) for p in sys.argv[2:]]
a, b, w = ids
print(len(a), len(b), len(w), "ok" if a and b and not (a & hn) and b <= hn and a | b == w else "differ")
PY
check "erase inactive --province lists only the province's seekers, the two provinces' lists make the whole ($(cat "$T/ret.txt"))" \
    "grep -q ' ok$' '$T/ret.txt'"

# ---- a fair planned for one province ----------------------------------------------------------------
day=$(python3 - "$T/in/vacancies.csv" <<'PY'
import csv, datetime as dt, sys
v = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
days = [(dt.date(2023, 7, 1) + dt.timedelta(days=k)).isoformat() for k in range(0, 1100, 3)]
print(max(days, key=lambda d: (sum(r["posted"] <= d and (not r["closes"] or r["closes"] >= d) for r in v), d)))
PY
)
for scope in 31 01; do
    "$V" --db "$DB" --quiet fair plan --all-open --as-of "$day" --province "$scope" \
        --out "$T/fair-$scope" >/dev/null 2>>"$T/fair.err"
done
python3 - "$T/in" "$T/fair-31/invitations.csv" "$T/fair-01/invitations.csv" >"$T/fair.txt" <<'PY'
import csv, sys
area = lambda f: {r["id"]: r["area"] for r in csv.DictReader(open(sys.argv[1] + f, encoding="utf-8"))}
s, v = area("/seekers.csv"), area("/vacancies.csv")
hn = lambda a: a in ("00004", "00008")
def pairs(p):
    return [(r["seeker"], r["vacancy"]) for r in csv.DictReader(open(p, encoding="utf-8"))]
p31, p01 = pairs(sys.argv[2]), pairs(sys.argv[3])
ok31 = all(not hn(s[a]) and not hn(v[b]) for a, b in p31)
ok01 = all(hn(s[a]) and (hn(v[b]) or not v[b]) for a, b in p01)
print(len(p31), len(p01), "ok" if p31 and p01 and ok31 and ok01 else "differ")
PY
check "fair plan --province invites the province's seekers to its vacancies and those open to every province only ($day: $(cat "$T/fair.txt"))" \
    "grep -q ' ok$' '$T/fair.txt'"
finish
