#!/usr/bin/env bash
# test-install.sh - `meson install` like a package: the build is installed into a DESTDIR, then
# the source and build trees are hidden (a private mount namespace lays empty directories over
# them, as if they were moved away) and the installed program runs the demo from another
# directory, finding its models, sample and message catalogue through the installed data
# directory ($VIECLAM_DATADIR, $VIECLAM_LOCALEDIR: a staged install is not at its prefix), its
# shared library by its soname; the headers and the pkg-config file build a program; the man
# pages and the bash completion are where a package puts them; no source path is compiled in.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
plan 10
B=${VL_BUILD_ROOT:?VL_BUILD_ROOT must point to the build tree}
STAGE="$T/stage"
DESTDIR="$STAGE" meson install -C "$B" --no-rebuild --quiet >"$T/install.log" 2>&1
check "meson install into a DESTDIR" "[ $? = 0 ]"
prefix=$(meson introspect "$B" --buildoptions | python3 -c 'import json,sys; o={x["name"]:x["value"] for x in json.load(sys.stdin)}; print(o["prefix"]); print(o["libdir"]); print(o["datadir"]); print(o["includedir"]); print(o["localedir"]); print(o["mandir"]); print(o.get("b_sanitize", "none"))')
{ read -r P; read -r LIB; read -r DATA; read -r INC; read -r LOC; read -r MAN; read -r SAN; } <<<"$prefix"
case "$LIB" in /*) ;; *) LIB="$P/$LIB" ;; esac
R="$STAGE$P"
BIN="$R/bin/vieclam"
check "FHS places: binary, library with its soname, headers, pkg-config, models, sample, catalogue" \
    "[ -x '$BIN' ] && [ -e '$STAGE$LIB/libvieclam.so.0' ] && [ -L '$STAGE$LIB/libvieclam.so' ] && [ -f '$R/$INC/vieclam/vieclam.h' ] && [ -f '$STAGE$LIB/pkgconfig/vieclam.pc' ] && [ -f '$R/$DATA/vieclam/models/matching.yaml' ] && [ -f '$R/$DATA/vieclam/sample/seekers.csv' ] && [ -f '$R/$DATA/vieclam/reference/isco08_titles_vi.csv' ] && [ -f '$R/$LOC/vi/LC_MESSAGES/vieclam.mo' ]"
soname=$(objdump -p "$STAGE$LIB/libvieclam.so.0" 2>/dev/null | awk '/SONAME/ {print $2}')
check "the library's soname is libvieclam.so.0" "[ '$soname' = libvieclam.so.0 ]"
# the strings a program can use (its read-only data) and its run-time search path; the debug
# information of a -g build names the sources, which is what it is for
nopath()
{
    objcopy -O binary --only-section=.rodata "$1" "$T/rodata" 2>/dev/null || return 1
    ! grep -qF -- "$ROOT" "$T/rodata" && ! readelf -d "$1" | grep -E 'RPATH|RUNPATH' | grep -qF -- "$ROOT"
}
check "no source or build path compiled into the program or the library" \
    "nopath '$BIN' && nopath '$STAGE$LIB/libvieclam.so.0'"
check "man pages and the bash completion installed" \
    "[ -f '$R/$MAN/man1/vieclam.1' ] && [ -f '$R/$MAN/man1/vieclam-import.1' ] && [ -f '$R/share/bash-completion/completions/vieclam' ]"

# run from elsewhere with the source and build trees hidden
mkdir -p "$T/elsewhere"
cat >"$T/run.sh" <<RUN
set -u
mount -t tmpfs none '$B' && mount -t tmpfs none '$ROOT' || exit 90
cd '$T/elsewhere'
export LD_LIBRARY_PATH='$STAGE$LIB' VIECLAM_DATADIR='$R/$DATA/vieclam' VIECLAM_LOCALEDIR='$R/$LOC'
unset VIECLAM_MODELS VIECLAM_LANG
[ ! -e '$ROOT/meson.build' ] || exit 91
'$BIN' --db demo.db --quiet demo --out out >demo.out 2>demo.err; echo \$? >demo.rc
LC_ALL=vi_VN.UTF-8 '$BIN' --db demo.db lookup occupation tho han >lookup.out 2>&1; echo \$? >lookup.rc
'$BIN' --db demo.db --lang vi help >help.out 2>&1
VIECLAM_DATADIR='$T/nowhere' '$BIN' --db x.db demo >nodata.out 2>&1; echo \$? >nodata.rc
RUN
unshare -rm bash "$T/run.sh" >"$T/run.log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$T/run.log" "$T"/elsewhere/*.out 2>/dev/null | head -40
check "the source tree hidden (a private mount namespace: unshare -rm)" "[ $rc = 0 ]"
check "the installed demo runs from another directory" \
    "[ \"\$(cat '$T/elsewhere/demo.rc')\" = 0 ] && [ -s '$T/elsewhere/out/summary.txt' ]"
check "the installed catalogue speaks Vietnamese" "grep -q '^Các lệnh:' '$T/elsewhere/help.out' && grep -q 'Thợ hàn' '$T/elsewhere/lookup.out'"
check "without the data directory the demo says what is missing (exit 1)" \
    "[ \"\$(cat '$T/elsewhere/nodata.rc')\" = 1 ] && grep -q 'VIECLAM_DATADIR' '$T/elsewhere/nodata.out'"

# a program against the installed headers and pkg-config file
cat >"$T/prog.c" <<'C'
#include <stdio.h>
#include <vieclam/vieclam.h>
int main(void)
{
    printf("%s %s\n", vl_version(), vl_occupation_title("7212", "vi"));
    return 0;
}
C
flags=$(PKG_CONFIG_SYSROOT_DIR="$STAGE" PKG_CONFIG_LIBDIR="$STAGE$LIB/pkgconfig" pkg-config --cflags --libs vieclam)
# a library built with sanitizers needs their run-time in the program too
san=
[ "$SAN" = none ] || san="-fsanitize=$SAN"
cc $san -o "$T/prog" "$T/prog.c" $flags >"$T/cc.log" 2>&1 &&
    LD_LIBRARY_PATH="$STAGE$LIB" "$T/prog" >"$T/prog.out" 2>&1
check "a program builds against the installed headers and pkg-config file" "grep -q 'Thợ hàn và thợ cắt kim loại' '$T/prog.out'"
finish
