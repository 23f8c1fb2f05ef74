#!/bin/bash
# test-match.sh - `vieclam match` end to end on the bundled sample (fixtures/sample): the three
# forms and formats, table alignment by display width, --exhaustive and thread counts giving
# identical output, results stored under a run id, protected attributes (name, gender, priority)
# changing nothing byte for byte, and the exit-3 cases (unknown id, empty database, broken model).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export VIECLAM_MODELS="$ROOT/models"

plan 29
DB="$T/s.db"
AS="--as-of 2026-03-01" # the sample's date (fixtures/sample/README.md)
"$V" --db "$DB" --quiet init >/dev/null &&
    for k in employers vacancies seekers; do
        "$V" --db "$DB" --quiet import "$k" "$ROOT/fixtures/sample/$k.csv" >/dev/null || exit 1
    done
check "sample imported" "[ -s '$DB' ]"

# a seeker with results: the first of the batch
"$V" --db "$DB" --quiet match --all-seekers --top 10 $AS --out "$T/all.csv"
check "all-seekers exits 0" "[ $? -eq 0 ]"
S=$(sed -n 2p "$T/all.csv" | cut -d, -f1)
VAC=$(sed -n 2p "$T/all.csv" | cut -d, -f2)
check "all-seekers wrote results" "[ -n '$S' ] && [ \$(wc -l < '$T/all.csv') -gt 100 ]"

"$V" --db "$DB" match --seeker "$S" $AS >"$T/table.txt" 2>"$T/err.txt"
check "--seeker table exits 0" "[ $? -eq 0 ] && grep -q '^#  *vacancy  *occupation  *employer  *commune  *wage (million)  *closes  *score' '$T/table.txt'"

# the score column starts at the same display column on every line (Vietnamese titles)
python3 - "$T/table.txt" <<'EOF' && ok "table columns aligned by display width" || nok "table columns aligned by display width"
import re, sys, unicodedata
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
col = width(lines[0][: lines[0].index("score")])
assert len(lines) > 3
for l in lines[2:]:
    # find the character index whose display prefix is `col`
    w, i = 0, 0
    while w < col:
        w += width(l[i]); i += 1
    assert re.match(r"\d\.\d{3}  ", l[i:]), l
assert any(re.search(r"[^\x00-\x7f]", l) for l in lines[2:])  # there is Vietnamese text
EOF

"$V" --db "$DB" match --seeker "$S" $AS --format csv >"$T/s.csv"
check "csv header" "[ \"\$(head -1 '$T/s.csv' | tr -d '\r')\" = 'seeker,vacancy,rank,score,fit,appeal,fit_occupation,fit_skills,fit_experience,fit_education,appeal_occupation,appeal_wage,appeal_distance,distance_km,wage_gap,weaker' ]"
python3 - "$T/s.csv" <<'EOF' && ok "csv ranked 1..N by score" || nok "csv ranked 1..N by score"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert rows
assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
s = [float(r["score"]) for r in rows]
assert s == sorted(s, reverse=True)
for r in rows:
    for k in ("score", "fit", "appeal"):
        assert 0 <= float(r[k]) <= 1
    assert r["weaker"] in ("fit", "appeal", "balanced")
EOF
check "the batch's rows for the seeker equal the query" \
    "diff <(grep '^$S,' '$T/all.csv') <(tail -n +2 '$T/s.csv') >/dev/null"

"$V" --db "$DB" match --seeker "$S" $AS --format json >"$T/s.json"
python3 - "$T/s.json" <<'EOF' && ok "json with explanations" || nok "json with explanations"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d and all(k in d[0] for k in ("score", "fit", "appeal", "weaker", "fit_components",
    "appeal_components", "preferred_skills", "distance_km", "wage"))
assert "matched" in d[0]["preferred_skills"] and "missing" in d[0]["preferred_skills"]
assert "gap" in d[0]["wage"]
assert "name" not in json.dumps(d)
EOF

"$V" --db "$DB" match --seeker "$S" $AS --format csv --exhaustive >"$T/s-ex.csv"
check "--exhaustive gives the same seeker results" "cmp -s '$T/s.csv' '$T/s-ex.csv'"
"$V" --db "$DB" match --vacancy "$VAC" --top 15 $AS --format csv >"$T/v.csv"
"$V" --db "$DB" match --vacancy "$VAC" --top 15 $AS --format csv --exhaustive >"$T/v-ex.csv"
check "--vacancy results, same as --exhaustive" \
    "[ \$(wc -l < '$T/v.csv') -gt 1 ] && cmp -s '$T/v.csv' '$T/v-ex.csv'"
check "--vacancy table" "'$V' --db '$DB' match --vacancy '$VAC' $AS | grep -q '^#  *seeker  *wished occupations  *experience (years)  *commune  *wage asked'"
# a commune code the 2025 reform reused: the table names it as on the as-of date
python3 - "$DB" "$T/all.csv" "$V" <<'EOF' && ok "the table names a reused commune code as on the as-of date" || nok "the table names a reused commune code as on the as-of date"
import csv, sqlite3, subprocess, sys
db = sqlite3.connect(sys.argv[1])
names = {}
for code, name, since in db.execute("SELECT code, name, valid_from FROM areas"):
    names.setdefault(code, {})["new" if since else "old"] = name
where = dict(db.execute("SELECT s.id, a.code FROM seekers s JOIN areas a ON a.id = s.area_id"))
pairs = [(r["seeker"], r["vacancy"]) for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))
         if len(set(names.get(where.get(r["seeker"]), {}).values())) == 2]
assert pairs
s, v = pairs[0]
out = subprocess.run([sys.argv[3], "--db", sys.argv[1], "match", "--vacancy", v, "--top", "1000",
                      "--as-of", "2026-03-01"], capture_output=True, text=True).stdout
row = next(l for l in out.splitlines() if f" {s} " in l)
n = names[where[s]]
assert n["new"] in row and n["old"] not in row, (row, n)
EOF
# a vacancy not yet posted on the as-of date: that is the reason given, and no other
"$V" --db "$DB" match --vacancy "$VAC" --as-of 2000-01-01 >/dev/null 2>"$T/closed.txt"
check "a closed vacancy's empty table says why, without the minimum score as a second reason" \
    "grep -q 'is not open on the as-of date' '$T/closed.txt' && ! grep -q 'scores at least' '$T/closed.txt'"

"$V" --db "$DB" --threads 1 --quiet match --all-seekers --top 10 $AS --out "$T/all1.csv"
"$V" --db "$DB" --threads 2 --quiet match --all-seekers --top 10 $AS --exhaustive --out "$T/all2.csv"
check "batch identical on 1 and 2 threads and --exhaustive" \
    "cmp -s '$T/all.csv' '$T/all1.csv' && cmp -s '$T/all.csv' '$T/all2.csv'"
python3 - "$DB" "$T/all.csv" <<'EOF' && ok "batch stored under its run id" || nok "batch stored under its run id"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = sum(1 for _ in open(sys.argv[2], encoding="utf-8")) - 1
runs = db.execute("SELECT r.id, r.status, COUNT(m.rank) FROM runs r JOIN match_results m "
                  "ON m.run_id = r.id GROUP BY r.id").fetchall()
assert len(runs) == 3, runs
assert all(status == "ok" and n == rows for _, status, n in runs), runs
import json
ex = json.loads(db.execute("SELECT explanation FROM match_results LIMIT 1").fetchone()[0])
assert all(k in ex for k in ("weaker", "fit_components", "appeal_components", "preferred_skills",
                             "distance_km", "wage")), ex
EOF

# protected attributes: another database where names, genders and priority groups differ
python3 - "$ROOT/fixtures/sample/seekers.csv" "$T/seekers2.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    for i, r in enumerate(rows):
        r["name"] = "Lò Văn Páo" if i % 2 else "Trần Thị Bích Ngọc"
        r["gender"] = {"male": "female", "female": "male"}.get(r["gender"], "male")
        r["priority"] = "" if r["priority"] else ("ethnic_minority;poor" if i % 2 else "disability")
        w.writerow(r)
EOF
DB2="$T/p.db"
"$V" --db "$DB2" --quiet init >/dev/null
"$V" --db "$DB2" --quiet import employers "$ROOT/fixtures/sample/employers.csv" >/dev/null
"$V" --db "$DB2" --quiet import vacancies "$ROOT/fixtures/sample/vacancies.csv" >/dev/null
"$V" --db "$DB2" --quiet import seekers "$T/seekers2.csv" >/dev/null
check "changed names/genders/priorities imported" "! cmp -s '$ROOT/fixtures/sample/seekers.csv' '$T/seekers2.csv'"
"$V" --db "$DB2" --quiet match --all-seekers --top 10 $AS --out "$T/allp.csv"
check "protected attributes change no result (CSV byte for byte)" "cmp -s '$T/all.csv' '$T/allp.csv'"
"$V" --db "$DB2" --quiet match --all-seekers --top 10 $AS --format json --out "$T/allp.json"
"$V" --db "$DB" --quiet match --all-seekers --top 10 $AS --format json --out "$T/all.json"
check "protected attributes change no explanation (JSON byte for byte)" "cmp -s '$T/all.json' '$T/allp.json'"

# errors
"$V" --db "$DB" match --seeker NO-SUCH-ID $AS >/dev/null 2>"$T/e1"
check "unknown seeker: exit 3 with a message" "[ $? -eq 3 ] && grep -q \"no seeker with id 'NO-SUCH-ID'\" '$T/e1'"
"$V" --db "$DB" match --vacancy NO-SUCH-ID $AS >/dev/null 2>"$T/e2"
check "unknown vacancy: exit 3" "[ $? -eq 3 ] && grep -q 'no vacancy' '$T/e2'"
"$V" --db "$T/empty.db" --quiet init >/dev/null
"$V" --db "$T/empty.db" match --seeker "$S" >/dev/null 2>"$T/e3"
check "empty database: exit 3" "[ $? -eq 3 ] && grep -q 'import both first' '$T/e3'"
"$V" --db "$T/absent.db" match --seeker "$S" >/dev/null 2>"$T/e4"
check "no database file: exit 3" "[ $? -eq 3 ] && [ ! -e '$T/absent.db' ]"
mkdir -p "$T/models"
sed 's/^  fit_share: 0.5/  fit_share: 2.5/' "$ROOT/models/matching.yaml" >"$T/models/matching.yaml"
line=$(grep -n '^  fit_share:' "$T/models/matching.yaml" | cut -d: -f1)
VIECLAM_MODELS="$T/models" "$V" --db "$DB" match --seeker "$S" >/dev/null 2>"$T/e5"
check "broken model via \$VIECLAM_MODELS: exit 3 with FILE:LINE:COL" \
    "[ $? -eq 3 ] && grep -q 'models/matching.yaml:$line:14: .score.fit_share.: 2.5 is out of range' '$T/e5'"
printf 'model: matching\nversion: 1\nscore: [\n' >"$T/bad.yaml"
"$V" --db "$DB" match --seeker "$S" --model "$T/bad.yaml" >/dev/null 2>"$T/e6"
check "unparsable --model: exit 3" "[ $? -eq 3 ] && grep -q 'bad.yaml:[0-9]*:[0-9]*: YAML syntax' '$T/e6'"
"$V" --db "$DB" match --seeker "$S" --top 0 >/dev/null 2>&1
r1=$?
"$V" --db "$DB" match --seeker "$S" --as-of 2026-02-30 >/dev/null 2>&1
r2=$?
"$V" --db "$DB" match --all-seekers >/dev/null 2>&1
r3=$?
check "usage errors exit 2 (--top 0, impossible date, --all-seekers without --out)" \
    "[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 2 ]"
# as of a past date, the hires decided after it are not applied: the seeker's list and the
# vacancy's shortlist as they were on the day (a copy of the database, hires dated 2026-03-10)
cp "$DB" "$T/h.db"
python3 - "$T/s.csv" "$T/all.csv" "$ROOT/fixtures/sample/vacancies.csv" "$S" >"$T/hires.csv" <<'EOF'
import csv, sys
mine = [r["vacancy"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
pos = {r["id"]: int(r["positions"]) for r in csv.DictReader(open(sys.argv[3], encoding="utf-8"))}
vh = min(mine, key=lambda v: (pos[v], v))                 # every position of it filled
vx = next(r["vacancy"] for r in rows if r["vacancy"] not in mine and pos[r["vacancy"]] > 1)
others = sorted({r["seeker"] for r in rows} - {sys.argv[4]})[: pos[vh]]
print("id,seeker,vacancy,referred_on,channel,staff,outcome,outcome_on,start_on,wage")
for i, o in enumerate(others):
    print(f"HX{i:03d},{o},{vh},2026-03-05,desk,,hired,2026-03-10,2026-03-16,")
print(f"HY001,{sys.argv[4]},{vx},2026-03-05,desk,,hired,2026-03-10,2026-03-16,")
print(vh, file=open(sys.argv[1] + ".vh", "w"))
EOF
VH=$(cat "$T/s.csv.vh")
"$V" --db "$T/h.db" --quiet import referrals "$T/hires.csv" >/dev/null
"$V" --db "$T/h.db" match --seeker "$S" $AS --format csv >"$T/h-s.csv" 2>"$T/h-s.err"
"$V" --db "$T/h.db" match --vacancy "$VH" $AS --format csv >"$T/h-v.csv" 2>/dev/null
"$V" --db "$DB" match --vacancy "$VH" $AS --format csv >"$T/v.csv" 2>/dev/null
check "as of a date, hires decided after it change neither the seeker's list nor the shortlist" \
    "[ -s '$T/h-s.csv' ] && cmp -s '$T/s.csv' '$T/h-s.csv' && [ ! -s '$T/h-s.err' ] && [ \$(wc -l <'$T/v.csv') -gt 1 ] && cmp -s '$T/v.csv' '$T/h-v.csv'"
"$V" --db "$T/h.db" match --seeker "$S" --as-of 2026-03-12 --format csv >"$T/h2-s.csv" 2>"$T/h2-s.err"
"$V" --db "$T/h.db" match --vacancy "$VH" --as-of 2026-03-12 --format csv >/dev/null 2>"$T/h2-v.err"
check "... and as of a date after them, the seeker is placed and the vacancy filled" \
    "grep -q 'is not active' '$T/h2-s.err' && grep -q 'not open on the as-of date' '$T/h2-v.err'"
# the fair's candidates as of the day are those of the register then, too
"$V" --db "$DB" fair candidates --all-open $AS --out "$T/fc.csv" >/dev/null 2>&1
"$V" --db "$T/h.db" fair candidates --all-open $AS --out "$T/h-fc.csv" >/dev/null 2>&1
check "as of a date, hires decided after it leave a fair's candidates as they were" \
    "[ \$(wc -l <'$T/fc.csv') -gt 1 ] && cmp -s '$T/fc.csv' '$T/h-fc.csv'"
finish
