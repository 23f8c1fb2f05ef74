#!/usr/bin/env bash
# test-manual.sh - help, manual and completion keep up with the commands: every command of
# `vieclam help` has a man page (docs/man/vieclam-COMMAND.1.scd, built by scdoc), every option
# its source spells out is in its --help, every option of its --help is in its man page, and the
# bash completion (completions/vieclam) offers the commands, each command's options, kinds and
# sub-commands, and the values an option lists.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
B=${VL_BUILD_ROOT:?VL_BUILD_ROOT must point to the build tree}
mapfile -t cmds < <("$V" help --commands | grep -vx 'help\|version')
plan $((${#cmds[@]} * 4 + 9))

# the source file of a command: the cmd-*.c that defines cmd_NAME; the commands it holds
source_of() { grep -l "^int cmd_$1(" "$ROOT"/cli/cmd-*.c | head -1; }
commands_in() { grep -oE '^int cmd_[a-z_]+\(' "$1" | sed 's/^int cmd_//; s/($//' | tr '_' '-'; }

for c in "${cmds[@]}"; do
    scd="$ROOT/docs/man/vieclam-$c.1.scd"
    check "$c: a man page (scdoc source and the built page)" "[ -f '$scd' ] && [ -s '$B/docs/man/vieclam-$c.1' ]"
    # --help, and the help of each first word (sub-command or kind with its own options)
    "$V" --lang en "$c" --help >"$T/$c.top" 2>&1
    { cat "$T/$c.top"
      for w in $("$V" help --words "$c"); do
          case $c in import | export) ;; *) "$V" --lang en "$c" "$w" --help 2>&1 ;; esac
      done; } >"$T/$c.help"
    grep -oE -- '--[a-z][a-z0-9-]+' "$T/$c.help" | grep -vx -- '--help' | sort -u >"$T/$c.opts"
    src=$(source_of "$c")
    # every option the source spells out (a string "--name": option tables, comparisons) is in
    # the help of the commands that file holds
    # (and of the commands it runs itself, named by a string: demo runs "forecast")
    called=$(grep -oE '"[a-z]+"' "$src" | tr -d '"' | sort -u | grep -xF -f <(printf '%s\n' "${cmds[@]}") || true)
    for k in $(commands_in "$src") $called; do
        "$V" --lang en "$k" --help 2>&1
        for w in $("$V" help --words "$k"); do "$V" --lang en "$k" "$w" --help 2>&1; done
    done | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u >"$T/$c.filehelp"
    grep -oE -- '"--[a-z][a-z0-9-]+"' "$src" | tr -d '"' | sort -u >"$T/$c.src"
    missing=$(comm -23 "$T/$c.src" "$T/$c.filehelp" | grep -vx -- '--help' | tr '\n' ' ')
    check "$c: every option of its source is in --help ${missing:+(missing: $missing)}" "[ -z '$missing' ]"
    absent=$(while read -r o; do grep -qF -- "$o" "$scd" 2>/dev/null || printf '%s ' "$o"; done <"$T/$c.opts")
    check "$c: every option of --help is in the man page ${absent:+(missing: $absent)}" "[ -z '$absent' ]"
    # completion of `vieclam CMD --` offers the options of its help
    . /usr/share/bash-completion/bash_completion 2>/dev/null
    . "$ROOT/completions/vieclam"
    COMP_WORDS=("$V" "$c" "--"); COMP_CWORD=2; COMP_LINE="$V $c --"; COMP_POINT=${#COMP_LINE}
    COMPREPLY=(); _vieclam 2>/dev/null
    printf '%s\n' "${COMPREPLY[@]}" | sort -u >"$T/$c.comp"
    first=$(grep -oE -- '--[a-z][a-z0-9-]+' "$T/$c.top" | grep -vx -- '--help' | sort -u | head -1)
    check "$c: completion offers its options" "[ -z '$first' ] || grep -qx -- '$first' '$T/$c.comp'"
done

[ -f /usr/share/bash-completion/bash_completion ] || echo "# bash-completion is missing (scripts/setup.sh --tests installs it)"
. /usr/share/bash-completion/bash_completion 2>/dev/null
. "$ROOT/completions/vieclam"
comp() { COMP_WORDS=("$V" "$@"); COMP_CWORD=$#; COMP_LINE="$V $*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _vieclam 2>/dev/null; printf '%s\n' "${COMPREPLY[@]}"; }
check "completion: the commands" "comp '' | grep -qx import && comp '' | grep -qx lookup && comp 'ma' | grep -qx match"
check "completion: global options and --lang's values" "comp '--' | grep -qx -- --lang && [ \"\$(comp --lang '' | sort | tr '\n' ' ')\" = 'en vi ' ]"
check "completion: kinds after import" "comp import '' | grep -qx seekers && comp import '' | grep -qx referrals"
check "completion: sub-commands" "comp fair '' | grep -qx candidates && comp lookup '' | grep -qx occupation"
check "completion: an option's listed values" "[ \"\$(comp match --format '' | sort | tr '\n' ' ')\" = 'csv json table xlsx ' ]"
check "completion: a sub-command's options" "comp report forecast -- | grep -qx -- --max-charts"
check "vieclam(1) names every command" "(for c in ${cmds[*]}; do grep -q \"\\*\$c\\*\" '$ROOT/docs/man/vieclam.1.scd' || exit 1; done)"
check "vieclam help: the summary of user names each of its sub-commands" "(for w in \$('$V' help --words user); do '$V' --lang en help | grep -E '^  user ' | grep -qw -- \"\$w\" || exit 1; done)"
# docs/cli.md gives every command (and each sub-command of fair, lookup, report) a section
check "docs/cli.md has a section for every command" "(for c in ${cmds[*]} version; do case \$c in fair | lookup | report) ws=\$('$V' help --words \$c) ;; *) ws=. ;; esac
    for w in \$ws; do h=\$c; [ \"\$w\" = . ] || h=\"\$c \$w\"; grep -qE \"^###.*\\\`vieclam \$h[\\\` ]\" '$ROOT/docs/cli.md' || { echo \"# no section for \$h\"; exit 1; }; done; done)"
finish
