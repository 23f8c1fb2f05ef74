#!/usr/bin/env bash
# test-fair.sh - `vieclam fair plan` and `vieclam fair candidates` on a small hand-made centre:
# outputs and their formats, capacities, privacy of planner files, determinism (also under
# vi_VN), the model file, and every bad input (unknown fair, values out of range, a broken
# model, a fair without open vacancies or without eligible seekers). Prints TAP.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
plan 52

cat >"$T/employers.csv" <<'EOF'
id,name,industry,area
E1,Công ty TNHH Điện tử Minh Khai,C,10804
E2,Công ty May Hải Dương,C,10804
EOF
cat >"$T/vacancies.csv" <<'EOF'
id,employer,title,occupation,skills_required,skills_preferred,education_min,experience_min,languages,wage_min,wage_max,positions,area,country,age_min,age_max,posted,closes,fair
V1,E1,Công nhân lắp ráp điện tử,8212,,Hàn thiếc,,0,,7100000,8500000,1,10804,,,,2026-02-01,2026-04-30,F1
V2,E1,Công nhân kiểm tra chất lượng,8212,,,,0,,7500000,9000000,2,10804,,,,2026-02-01,2026-04-30,F1
V3,E2,Thợ may công nghiệp,8153,,,,0,,6900000,8000000,1,10804,,,,2026-02-01,2026-04-30,F1
V4,E2,Thợ cắt vải,8153,,,,0,,6900000,8000000,3,10804,,,,2025-10-01,2026-01-01,F2
V5,E2,Thợ hàn,7212,Hàn điện,,,0,,9000000,12000000,2,10804,,,,2026-02-01,2026-04-30,F3
EOF
cat >"$T/seekers.csv" <<'EOF'
id,name,birth_year,gender,area,education,occupations,skills,experience_years,languages,wage_min,max_commute_km,abroad,priority,registered,status
S1,Nguyễn Thị Giang,1996,female,10804,lower_secondary,8212,Hàn thiếc,5.5,,7000000,30,,,2025-12-28,active
S2,Trần Văn Bình,1999,male,10804,upper_secondary,"8212;8153",,2,,7500000,30,,poor,2026-01-05,active
S3,Lê Thị Hoa,2001,female,10804,lower_secondary,8153,,1,,6500000,30,,,2026-01-06,active
S4,Phạm Quốc Dũng,1994,male,10804,upper_secondary,"8212;8153",Hàn thiếc,6,,8000000,30,,disability,2026-01-07,active
S5,Hoàng Thị Mai,2003,female,10804,lower_secondary,8212,,0.5,,6000000,30,,,2026-01-08,active
S6,Đặng Văn Khoa,1990,male,10804,upper_secondary,8153,,8,,9000000,30,,,2026-01-09,active
EOF
cat >"$T/fairs.csv" <<'EOF'
id,name,date,area,venue,capacity
F1,Phiên giao dịch việc làm tháng Ba,2026-03-15,10804,Nhà văn hoá phường,200
F9,Phiên chưa có vị trí,2026-05-20,10804,Trung tâm,100
EOF
DB="$T/c.db"
$V --db "$DB" init >/dev/null 2>&1 &&
    $V --db "$DB" import fairs "$T/fairs.csv" >/dev/null &&
    $V --db "$DB" import employers "$T/employers.csv" >/dev/null &&
    $V --db "$DB" import vacancies "$T/vacancies.csv" >/dev/null &&
    $V --db "$DB" import seekers "$T/seekers.csv" >/dev/null
check "a small centre is set up" "[ $? -eq 0 ]"

A=(--as-of 2026-03-10)
plan() { $V --db "$DB" fair plan "$@" >"$T/stdout" 2>"$T/stderr"; }

plan --fair F1 "${A[@]}" --per-position 1 --out "$T/p1"
check "plan F1 exits 0" "[ $? -eq 0 ]"
check "invitations.csv has the contract's header" \
    "[ \"\$(head -1 $T/p1/invitations.csv | tr -d '\\r')\" = 'seeker,vacancy,score,fit,appeal,rank_for_seeker,rank_for_vacancy' ]"
check "some invitations were made" "[ \$(tail -n +2 $T/p1/invitations.csv | wc -l) -ge 3 ]"
check "no vacancy over its capacity (1, 2, 1 at one per position)" \
    "awk -F, 'NR>1{c[\$2]++} END{exit !(c[\"V1\"]<=1 && c[\"V2\"]<=2 && c[\"V3\"]<=1)}' $T/p1/invitations.csv"
check "no seeker above 3 invitations" \
    "awk -F, 'NR>1{c[\$1]++} END{for(s in c) if(c[s]>3) exit 1}' $T/p1/invitations.csv"
check "every vacancy of the fair has an invitation (vacancy bonus)" \
    "[ \$(tail -n +2 $T/p1/invitations.csv | cut -d, -f2 | sort -u | wc -l) -eq 3 ]"
check "ranks start at 1 for each seeker" \
    "awk -F, 'NR>1 && \$6==1{s[\$1]=1} NR>1{a[\$1]=1} END{for(x in a) if(!(x in s)) exit 1}' $T/p1/invitations.csv"
check "a CSV and an XLSX shortlist per employer" \
    "[ -s $T/p1/shortlists/E1.csv ] && [ -s $T/p1/shortlists/E2.csv ] && [ -s $T/p1/shortlists/E1.xlsx ] && [ -s $T/p1/shortlists/E2.xlsx ]"
check "the XLSX is a zip workbook" "[ \"\$(head -c 2 $T/p1/shortlists/E1.xlsx)\" = PK ]"
check "the XLSX freezes the header and filters it" \
    "python3 -c \"import zipfile,sys; x=zipfile.ZipFile('$T/p1/shortlists/E1.xlsx').read('xl/worksheets/sheet1.xml').decode(); sys.exit(0 if 'autoFilter' in x and 'frozen' in x else 1)\""
check "one slip per invited seeker" \
    "[ \$(ls $T/p1/slips | wc -l) -eq \$(tail -n +2 $T/p1/invitations.csv | cut -d, -f1 | sort -u | wc -l) ]"
S1SLIP=$(ls "$T/p1/slips" | head -1)
SID=${S1SLIP%.txt}
NAME=$(grep "^$SID," "$T/seekers.csv" | cut -d, -f2)
check "a slip carries its seeker's own name and booths" \
    "grep -q \"$NAME\" $T/p1/slips/$S1SLIP && grep -q 'vacancy V' $T/p1/slips/$S1SLIP"
check "a slip names the fair, its day and venue, in Vietnamese dd/mm/yyyy, grouped đồng and the reason in both languages" \
    "grep -q 'Phiên giao dịch việc làm / Job fair: Phiên giao dịch việc làm tháng Ba (F1)' $T/p1/slips/$S1SLIP && grep -q 'Ngày diễn ra / Date: 15/03/2026' $T/p1/slips/$S1SLIP && grep -q 'Địa điểm / Venue: Nhà văn hoá phường' $T/p1/slips/$S1SLIP && grep -q 'Ngày lập / Planned on: 10/03/2026' $T/p1/slips/$S1SLIP && grep -qE 'Lương: [0-9]\.[0-9]{3}\.000 - [0-9.]+ đ/tháng' $T/p1/slips/$S1SLIP && grep -qE 'Wage: [0-9],[0-9]{3},000 - [0-9,]+ VND a month' $T/p1/slips/$S1SLIP && grep -q '^   Vì sao: mức phù hợp chung [01],[0-9][0-9];' $T/p1/slips/$S1SLIP && grep -q '^   Why: match score [01]\.[0-9][0-9];' $T/p1/slips/$S1SLIP"
check "planner files carry no seeker name" \
    "! grep -rqE 'Nguyễn|Trần|Lê Thị|Phạm|Hoàng|Đặng' $T/p1/invitations.csv $T/p1/shortlists/*.csv $T/p1/summary.json $T/stdout"
check "summary.json is valid JSON with the plan and the greedy baseline" \
    "python3 -c \"import json; d=json.load(open('$T/p1/summary.json')); assert d['method']=='flow' and d['baseline']['method']=='greedy' and d['plan']['invitations']>0 and d['run_id']>0\""
check "summary.json agrees with invitations.csv" \
    "python3 -c \"import json,csv; d=json.load(open('$T/p1/summary.json')); r=list(csv.DictReader(open('$T/p1/invitations.csv'))); assert d['plan']['invitations']==len(r) and abs(d['plan']['score_total']-sum(float(x['score']) for x in r))<1e-3\""
check "the printed summary shows greedy beside the plan" "grep -q 'greedy' $T/stdout && grep -q 'Gini' $T/stdout"

plan --fair F1 "${A[@]}" --per-position 1 --out "$T/p2"
check "the same input gives the same invitations" "cmp -s $T/p1/invitations.csv $T/p2/invitations.csv"
check "the plan is stored under its run id" \
    "python3 -c \"import json,sqlite3; d=json.load(open('$T/p1/summary.json')); c=sqlite3.connect('$DB'); n=c.execute('SELECT COUNT(*) FROM fair_invitations WHERE run_id=? AND fair_id=? AND method=?', (d['run_id'], 'F1', 'flow')).fetchone()[0]; r=c.execute('SELECT COUNT(*) FROM runs WHERE id=?', (d['run_id'],)).fetchone()[0]; assert n==d['plan']['invitations'] and r==1\""
$V --db "$DB" --threads 1 fair plan --fair F1 "${A[@]}" --per-position 1 --out "$T/t1" >/dev/null 2>&1
check "the same invitations on one thread" "cmp -s $T/p1/invitations.csv $T/t1/invitations.csv"
VIECLAM_LANG=vi LC_ALL=vi_VN.UTF-8 $V --db "$DB" fair plan --fair F1 "${A[@]}" --per-position 1 --out "$T/p3" >/dev/null 2>&1
check "the same invitations under vi_VN (decimal point)" "cmp -s $T/p1/invitations.csv $T/p3/invitations.csv"
cat >"$T/sheet.py" <<'EOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
strings = z.read("xl/sharedStrings.xml").decode()
cells = re.findall(r'<c r="[EFG][0-9]+"[^>]*><v>([^<]+)</v>', z.read("xl/worksheets/sheet1.xml").decode())
scores = [float(v) for v in cells]
sys.exit(0 if "Vị trí" in strings and ">vacancy<" not in strings and scores and
         all(abs(v * 100 - round(v * 100)) < 1e-9 for v in scores) else 1)
EOF
check "an employer's workbook under vi_VN: Vietnamese headers, scores held as the two decimals shown" \
    "python3 $T/sheet.py $T/p3/shortlists/E1.xlsx"
check "shortlist CSVs are the contract's form (no byte order mark, ','), as every CSV without --excel" \
    "[ \"\$(head -c 7 $T/p1/shortlists/E1.csv)\" = 'vacancy' ]"
plan --fair F1 "${A[@]}" --per-position 1 --excel --out "$T/px"
check "--excel shortlists and invitations are Excel's CSV: byte order mark, ';', decimal commas" \
    "python3 -c \"import sys; t=[open(f, encoding='utf-8').read() for f in sys.argv[1:]]; sys.exit(0 if all(x.startswith('\\ufeff') and ';' in x and all(',' in r.split(';')[4] and '.' not in r.split(';')[4] for r in x.splitlines()[1:]) for x in t) else 1)\" $T/px/shortlists/E1.csv $T/px/invitations.csv"
plan --fair F1 "${A[@]}" --per-position 1 --model "$ROOT/models/fair.yaml" --out "$T/p4"
check "models/fair.yaml gives the built-in defaults" "cmp -s $T/p1/invitations.csv $T/p4/invitations.csv"

plan --fair F1 "${A[@]}" --method stable --per-seeker 1 --out "$T/st"
check "stable plan exits 0, one invitation per seeker at most" \
    "[ $? -eq 0 ] && awk -F, 'NR>1{c[\$1]++} END{for(s in c) if(c[s]>1) exit 1}' $T/st/invitations.csv"
plan --fair F1 "${A[@]}" --method greedy --per-seeker 2 --out "$T/gr"
check "greedy gives every eligible seeker min(K, candidates)" \
    "[ $? -eq 0 ] && [ \$(tail -n +2 $T/gr/invitations.csv | wc -l) -ge \$(tail -n +2 $T/p1/invitations.csv | cut -d, -f1 | sort -u | wc -l) ]"
plan --all-open "${A[@]}" --out "$T/all"
check "--all-open plans every open vacancy" "[ $? -eq 0 ] && [ -s $T/all/summary.json ]"

$V --db "$DB" fair candidates --fair F1 "${A[@]}" --out "$T/cand.csv" >/dev/null 2>&1
check "candidates exits 0 with seeker,vacancy,score" \
    "[ $? -eq 0 ] && [ \"\$(head -1 $T/cand.csv | tr -d '\\r')\" = 'seeker,vacancy,score' ]"
check "every invitation is a candidate pair" \
    "tail -n +2 $T/p1/invitations.csv | cut -d, -f1,2 | while read p; do grep -q \"^\$p,\" $T/cand.csv || exit 1; done"
$V --db "$DB" fair candidates --fair F1 "${A[@]}" --out - >"$T/cand-stdout.csv" 2>/dev/null
check "candidates to standard output: the same CSV, the summary not among its rows" \
    "cmp -s '$T/cand.csv' '$T/cand-stdout.csv'"
$V --db "$DB" fair candidates --fair F1 "${A[@]}" --min-score 0.99 --out "$T/cand2.csv" >/dev/null 2>&1
check "a higher min score keeps only pairs above it" \
    "tr -d '\\r' <$T/cand2.csv | awk -F, 'NR>1 && \$3+0<0.99{exit 1} END{exit NR<2}'"
# the pairs name seekers with their scores: each list is in the access audit, as a shortlist of
# `match --vacancy` is, with the ids it named (so that `provide seeker` finds it)
check "each candidates list is in the access audit (shortlist, fair, its id) naming its seekers" \
    "[ \"\$(sqlite3 '$DB' \"SELECT COUNT(*) FROM access_audit WHERE action = 'shortlist' AND kind = 'fair' AND record = 'F1' AND by_user = '$(id -un)'\")\" = 3 ] &&
     [ \"\$(sqlite3 '$DB' \"SELECT detail FROM access_audit WHERE action = 'shortlist' ORDER BY id LIMIT 1\" | tr ',' '\\n' | sort)\" = \"\$(tail -n +2 '$T/cand.csv' | cut -d, -f1 | sort -u)\" ] &&
     $V --db '$DB' provide seeker \$(sed -n 2p '$T/cand.csv' | cut -d, -f1) --out - 2>/dev/null | grep -q '\"action\": \"shortlist\"'"

plan --fair F2 "${A[@]}" --out "$T/f2"
check "a fair without open vacancies: exit 0, a clear message" \
    "[ $? -eq 0 ] && grep -q 'no open vacancy' $T/stderr"
check "... and empty but valid outputs" \
    "[ \$(wc -l <$T/f2/invitations.csv) -eq 1 ] && python3 -c \"import json; assert json.load(open('$T/f2/summary.json'))['plan']['invitations']==0\""
plan --fair F3 "${A[@]}" --out "$T/f3"
check "a fair without eligible seekers: exit 0, a clear message, empty outputs" \
    "[ $? -eq 0 ] && grep -q 'no active seeker is eligible' $T/stderr && [ \$(wc -l <$T/f3/invitations.csv) -eq 1 ] && [ -s $T/f3/shortlists/E2.xlsx ]"

# two employers whose ids would name one shortlist file ("E:1" and "E_1" both E_1.xlsx)
cp "$DB" "$T/clash.db"
printf 'id,name,industry,area\nE:1,Công ty Một,C,10804\nE_1,Công ty Hai,C,10804\n' >"$T/clash-e.csv"
printf 'id,name,date,area,venue,capacity\nF4,Phiên tháng Tư,2026-04-15,10804,Trung tâm,100\n' >"$T/clash-f.csv"
sed -n 1p "$T/vacancies.csv" >"$T/clash-v.csv"
printf 'V41,E:1,Công nhân,8212,,,,0,,7000000,9000000,1,10804,,,,2026-02-01,2026-04-30,F4\nV42,E_1,Công nhân,8212,,,,0,,7000000,9000000,1,10804,,,,2026-02-01,2026-04-30,F4\n' >>"$T/clash-v.csv"
$V --db "$T/clash.db" import fairs "$T/clash-f.csv" >/dev/null 2>&1 &&
    $V --db "$T/clash.db" import employers "$T/clash-e.csv" >/dev/null 2>&1 &&
    $V --db "$T/clash.db" import vacancies "$T/clash-v.csv" >/dev/null 2>&1
$V --db "$T/clash.db" fair plan --fair F4 "${A[@]}" --out "$T/clash" >"$T/stdout" 2>"$T/stderr"
check "two employers whose files would share a name: refused, both named, no folder left" \
    "[ $? -eq 3 ] && grep -q \"employers 'E:1' and 'E_1' would write the same file 'E_1'\" $T/stderr && [ ! -e $T/clash ]"

plan --fair NOPE "${A[@]}" --out "$T/x"
check "an unknown fair id: exit 3 with its name" "[ $? -eq 3 ] && grep -q \"no fair with the id 'NOPE'\" $T/stderr"
plan --fair F9 "${A[@]}" --out "$T/x"
check "a fair without vacancies yet: exit 3, saying so (not that it does not exist)" \
    "[ $? -eq 3 ] && grep -q \"fair 'F9' has no vacancies yet; attach vacancies\" $T/stderr"
plan --fair F1 --per-seeker 0 --out "$T/x"
check "zero invitations per seeker: exit 3" "[ $? -eq 3 ] && grep -q per_seeker $T/stderr"
plan --fair F1 --per-position 0 --out "$T/x"
check "zero invitations per position: exit 3" "[ $? -eq 3 ] && grep -q per_position $T/stderr"
plan --fair F1 --per-position 0.001 --out "$T/x"
check "invitations per position below the model's 0.01: exit 3, as in a model file" \
    "[ $? -eq 3 ] && grep -q 'per_position must be in \[0.01, 100\]' $T/stderr"
plan --fair F1 --coverage-bonus 10.5 --out "$T/x"
check "a bonus out of range: exit 3" "[ $? -eq 3 ] && grep -q coverage_bonus $T/stderr"
plan --fair F1 --priority-bonus -1 --out "$T/x"
check "a negative priority bonus: exit 3" "[ $? -eq 3 ] && grep -q priority_bonus $T/stderr"
plan --fair F1 --min-score 1.5 --out "$T/x"
check "a minimum score above 1: exit 3" "[ $? -eq 3 ] && grep -q min_score $T/stderr"
plan --fair F1 --min-score 0,5 --out "$T/x"
check "a decimal comma: exit 3" "[ $? -eq 3 ]"
printf 'model: fair\nversion: 1\ninvitations:\n  per_position: 3\n  per_seeker: 300\n' >"$T/bad.yaml"
plan --fair F1 --model "$T/bad.yaml" --out "$T/x"
check "a broken model file: exit 3 with FILE:LINE:COL, said once" \
    "[ $? -eq 3 ] && grep -qE 'bad.yaml:[0-9]+:[0-9]+:' $T/stderr && [ \$(grep -c invitations.per_seeker $T/stderr) -eq 1 ]"
plan --fair F1 --as-of 2026-02-30 --out "$T/x"
check "an impossible --as-of date: exit 3" "[ $? -eq 3 ]"
plan --fair F1 --all-open --out "$T/x"
check "--fair with --all-open is a usage error" "[ $? -eq 2 ]"
plan --fair F1
check "a missing --out is a usage error" "[ $? -eq 2 ]"
# the plans wrote slips with names: each is in the access audit as the OS user, the desk's way;
# the refused plans are not
check "each plan that was made is in the access audit (plan, fair, its id; the OS user)" \
    "[ \"\$(sqlite3 '$DB' \"SELECT record FROM access_audit WHERE action = 'plan' AND kind = 'fair' AND by_user = '$(id -un)' ORDER BY id\" | sort | uniq -c | tr -s ' ' | tr '\n' '/')\" = ' 1 */ 8 F1/ 1 F2/ 1 F3/' ]"
finish
