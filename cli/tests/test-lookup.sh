#!/usr/bin/env bash
# test-lookup.sh - `vieclam lookup occupation`: folded Vietnamese and English words, code
# prefixes, formats, the terminal's width, no match (exit 3), usage errors (exit 2).
. "$(dirname "$0")/lib.sh"
plan 10

$V lookup occupation tho han >"$T/out" 2>&1
check "folded Vietnamese words find 7212 first" "sed -n 3p '$T/out' | grep -q '^7212 .*Welders and flamecutters.*Thợ hàn và thợ cắt kim loại'"
$V --lang vi lookup occupation "THỢ HÀN" --format csv >"$T/csv"
check "diacritics and case do not matter; CSV columns" \
    "head -1 '$T/csv' | grep -q '^code,level,title_vi,title_en,vi_official' && sed -n 2p '$T/csv' | grep -q '^7212,4,Thợ hàn và thợ cắt kim loại,Welders and flamecutters,false'"
$V lookup occupation weld --format json >"$T/json"
check "an English word start (weld), JSON" "grep -q '\"code\":\"7212\"' '$T/json' && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"total\"]==len(d[\"items\"])' '$T/json'"
$V lookup occupation 721 --format csv >"$T/code"
check "a code prefix: 721 and its five unit groups" "[ \$(tail -n +2 '$T/code' | wc -l) = 6 ] && sed -n 2p '$T/code' | grep -q '^721,3,'"
$V lookup occupation 0110 --format csv >"$T/zero"
check "the leading zero of 0110" "sed -n 2p '$T/zero' | grep -q '^0110,4,Sĩ quan lực lượng vũ trang,Commissioned armed forces officers'"
$V lookup occupation thợ --limit 3 --format csv >"$T/lim" 2>"$T/err"
check "--limit bounds the rows, the rest counted on stderr" "[ \$(tail -n +2 '$T/lim' | wc -l) = 3 ] && grep -q 'more (--limit)' '$T/err'"
COLUMNS=50 $V lookup occupation 721 >"$T/narrow"
check "the table fits a 50-column terminal, cut with …" "python3 -c 'import sys; assert max(len(l.rstrip(\"\\n\")) for l in open(sys.argv[1], encoding=\"utf-8\")) <= 50' '$T/narrow' && grep -q '…' '$T/narrow'"
$V lookup occupation xyzzy >"$T/out" 2>"$T/err"
rc=$?
check "nothing found: exit 3 with a message" "[ $rc = 3 ] && grep -q \"no occupation matches 'xyzzy'\" '$T/err'"
$V lookup occupation >"$T/out" 2>"$T/err"
rc=$?
check "no text: exit 2" "[ $rc = 2 ]"
$V lookup occupation han --limit 0 >"$T/out" 2>"$T/err"
rc=$?
check "--limit 0 is refused (exit 2, naming the range)" "[ $rc = 2 ] && grep -q -- '--limit wants a whole number 1..1000' '$T/err'"
finish
