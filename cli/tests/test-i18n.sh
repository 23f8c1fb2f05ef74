#!/usr/bin/env bash
# test-i18n.sh - the language of messages: Vietnamese under a Vietnamese locale, English
# otherwise, --lang vi|en (and $VIECLAM_LANG) to force either, the library's messages and the
# CLI's in the same language, the catalogue found through $VIECLAM_LOCALEDIR.
. "$(dirname "$0")/lib.sh"
plan 19

locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$' || echo "# the vi_VN.UTF-8 locale is missing (scripts/setup.sh creates it)"

vi_help() { grep -q "^Các lệnh:" "$1" && grep -q "tạo cơ sở dữ liệu" "$1"; }
en_help() { grep -q "^Commands:" "$1" && grep -q "create a database" "$1"; }

VIECLAM_LANG= LC_ALL=vi_VN.UTF-8 $V help >"$T/vi" 2>&1
check "Vietnamese under LC_ALL=vi_VN.UTF-8" "vi_help '$T/vi'"
VIECLAM_LANG= LC_ALL=C.UTF-8 $V help >"$T/en" 2>&1
check "English under LC_ALL=C.UTF-8" "en_help '$T/en'"
VIECLAM_LANG= LC_ALL=vi_VN.UTF-8 $V --lang en help >"$T/force-en" 2>&1
check "--lang en under a Vietnamese locale" "en_help '$T/force-en'"
VIECLAM_LANG= LC_ALL=C $V --lang vi help >"$T/force-vi" 2>&1
check "--lang vi under the C locale (UTF-8 text all the same)" "vi_help '$T/force-vi'"
VIECLAM_LANG=vi LC_ALL=C.UTF-8 $V help >"$T/env-vi" 2>&1
check "VIECLAM_LANG=vi" "vi_help '$T/env-vi'"

VIECLAM_LANG= LC_ALL=vi_VN.UTF-8 $V frobnicate >"$T/out" 2>"$T/err"
rc=$?
check "a usage error in Vietnamese, exit 2" "[ $rc = 2 ] && grep -q \"không có lệnh 'frobnicate'\" '$T/err'"

$V --lang fr help >"$T/out" 2>"$T/err"
rc=$?
check "--lang fr is refused (exit 2), naming the languages" "[ $rc = 2 ] && grep -q 'vi or en' '$T/err'"

# the library's messages: a status text translated when the message is created
VIECLAM_LANG= LC_ALL=vi_VN.UTF-8 VIECLAM_LOCALEDIR="$T/nowhere" $V help >"$T/nocat" 2>&1
check "without a catalogue the messages stay English (nothing breaks)" "en_help '$T/nocat'"

# the library's own messages (store, importers, check) follow the locale too
VIECLAM_LANG= LC_ALL=vi_VN.UTF-8 $V --db "$T/none.db" check >"$T/out" 2>"$T/err"
check "a missing database named in Vietnamese" \
    "grep -q 'none.db: không có cơ sở dữ liệu tại đây (hãy chạy .vieclam init.)' '$T/err'"
$V --db "$T/i.db" init >/dev/null 2>&1
printf 'id,name,industry,area\nE1,A,N,Tân An\nE2,B,N,10528\n' >"$T/e.csv"
printf 'id,name\0,x\n' >"$T/nul.csv"
VIECLAM_LANG= LC_ALL=vi_VN.UTF-8 $V --db "$T/i.db" import employers "$T/e.csv" >"$T/out" 2>"$T/err"
VIECLAM_LANG= LC_ALL=vi_VN.UTF-8 $V --db "$T/i.db" import employers "$T/nul.csv" >"$T/out" 2>>"$T/err"
check "a bad CSV's area cells and damage explained in Vietnamese" \
    "grep -q \"e.csv:2: cột area: 'Tân An' là tên của 11 địa bàn: .* và 6 địa bàn khác; hãy ghi mã\" '$T/err' && grep -q \"e.csv:3: cột area: '10528' (Phường Trần Phú, Tỉnh Hải Dương, đến ngày 30/06/2025) đã được chia cho 2 địa bàn\" '$T/err' && grep -q 'nul.csv:1: có byte NUL (0x00)' '$T/err'"
printf 'id,name,industry,area\nE1,A,N,10528\n' >"$T/kept.csv"
$V --db "$T/i.db" import employers "$T/kept.csv" --legacy-areas keep >/dev/null 2>&1
VIECLAM_LANG= LC_ALL=vi_VN.UTF-8 $V --db "$T/i.db" check >"$T/out" 2>&1
check "check's diagnostics in Vietnamese" \
    "grep -q 'employers *1 hồ sơ dùng địa bàn 10528 (Phường Trần Phú), có hiệu lực đến ngày 30/06/2025: E1 - đã được chia cho 2 địa bàn hiện hành' '$T/out'"

# every line of the Vietnamese help differs from the English one, but for names of commands
comm -12 <(sed 's/^  [a-z]*  *//' "$T/vi" | grep '[a-z]' | sort -u) \
    <(sed 's/^  [a-z]*  *//' "$T/en" | grep '[a-z]' | sort -u) >"$T/same"
check "no help line left in English under vi" "[ ! -s '$T/same' ]"
# one message of each room of the library, in Vietnamese: the catalogue holds them all
vi() { VIECLAM_LANG=vi "$V" "$@"; }
vi --db "$T/i.db" init >/dev/null 2>&1
printf 'series,period,value\na,2020Q1,1\na,2020Q2,2\na,2020Q4,3\na,2021Q1,3\n' >"$T/gap.csv"
vi forecast --history "$T/gap.csv" --horizon 2 >/dev/null 2>"$T/err"
check "forecast: the gap in a series" "grep -q 'chuỗi a: thiếu 1 kỳ từ 2020Q3, không được bổ sung' '$T/err'"
sed -e '/^fit:/,/^appeal:/s/\(occupation\|skills\|experience\|education\): [0-9.]*/\1: 0/' \
    "$ROOT/models/matching.yaml" >"$T/zero.yaml"
vi --db "$T/i.db" match --seeker S1 --model "$T/zero.yaml" >/dev/null 2>"$T/err"
check "match: a model whose weights sum to zero" \
    "grep -q 'tổng các trọng số fit bằng 0: hãy đặt ít nhất một trọng số dương' '$T/err'"
sed 's/^model: fair/model: matching/' "$ROOT/models/fair.yaml" >"$T/fair.yaml"
vi --db "$T/i.db" fair plan --all-open --out "$T/fair" --model "$T/fair.yaml" >/dev/null 2>"$T/err"
check "fair: a model file of another kind" \
    "grep -q 'khóa model phải là \`fair\` (nhận được \`matching\`)' '$T/err'"
printf 'model: matching\nversion: 1\nrules: 1\n' >"$T/bad.yaml"
vi --db "$T/i.db" match --seeker S1 --model "$T/bad.yaml" >/dev/null 2>"$T/err"
check "model: an unknown key" "grep -q \"bad.yaml:3:1: khóa 'rules' không xác định\" '$T/err'"
vi generate --out "$T/gen" --as-of 2026-03-01 --home 99 >/dev/null 2>"$T/err"
check "gen: no home areas, the date written day/month/year" \
    "grep -q \"không có địa bàn nào có cấp trên '99' (địa bàn cư trú) vào ngày 01/03/2026\" '$T/err'"
vi --db "$T/i.db" learn >/dev/null 2>"$T/err"
check "learn: too few decided referrals" \
    "grep -q 'việc học mô hình cần ít nhất 20 lần giới thiệu đã có kết quả' '$T/err'"
# what a machine reads stays the same under every language: an area's level in CSV
vi --db "$T/i.db" lookup area 10507 --all --format csv >"$T/area-vi.csv" 2>/dev/null
VIECLAM_LANG=en "$V" --db "$T/i.db" lookup area 10507 --all --format csv >"$T/area-en.csv" 2>/dev/null
check "lookup area --format csv: the same bytes in Vietnamese and English (level 'commune')" \
    "cmp -s '$T/area-vi.csv' '$T/area-en.csv' && grep -q ',commune,' '$T/area-vi.csv'"
finish
