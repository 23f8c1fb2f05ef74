#!/usr/bin/env bash
# test-i18n.sh - the language of messages: Vietnamese under a Vietnamese locale, English
# otherwise, --lang vi|en (and $VIECLAM_LANG) to force either, the library's messages and the
# CLI's in the same language, the catalogue found through $VIECLAM_LOCALEDIR.
. "$(dirname "$0")/lib.sh"
plan 9

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

# every line of the Vietnamese help differs from the English one, but for names of commands
comm -12 <(sed 's/^  [a-z]*  *//' "$T/vi" | grep '[a-z]' | sort -u) \
    <(sed 's/^  [a-z]*  *//' "$T/en" | grep '[a-z]' | sort -u) >"$T/same"
check "no help line left in English under vi" "[ ! -s '$T/same' ]"
finish
