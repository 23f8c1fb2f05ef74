#!/usr/bin/env python3
"""test-summary.py - counts test cases over meson test logs (TAP subtests count one each) and
prints the failures, then the closing line "N passed, N failed". Exit 1 if anything failed.
With --details LOG it prints one run's failed tests with their diagnostics instead (test.sh,
after each run)."""
import json
import re
import sys


def details(path):
    """--details LOG: each failed test of one meson log with its "not ok" lines and the TAP
    diagnostics ("#" lines) after each, or the end of its output when it failed without one."""
    for line in open(path, encoding="utf-8"):
        t = json.loads(line)
        if t["result"] in ("OK", "SKIP", "EXPECTEDFAIL"):
            continue
        out = (t.get("stdout") or "").splitlines()
        shown = []
        for i, l in enumerate(out):
            if l.startswith("not ok"):
                shown.append(l)
                shown += [m for m in out[i + 1:i + 15] if m.startswith("#")]
        if not shown:
            shown = out[-15:] + (t.get("stderr") or "").splitlines()[-15:]
        print(f"-- {t['name']}: {t['result']}")
        for l in shown[:60]:
            print("   " + l[:300])


if len(sys.argv) == 3 and sys.argv[1] == "--details":
    details(sys.argv[2])
    sys.exit(0)

passed = failed = skipped = 0
failures = []
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as e:
        failures.append(f"{path}: {e}")
        failed += 1
        continue
    for line in lines:
        t = json.loads(line)
        name, result, out = t["name"], t["result"], t.get("stdout") or ""
        ok = not_ok = 0
        for l in out.splitlines():
            if re.match(r"^ok\b", l):
                if "# SKIP" in l:
                    skipped += 1
                else:
                    ok += 1
            elif re.match(r"^not ok\b", l):
                if "# TODO" in l:
                    continue
                not_ok += 1
                failures.append(f"{path.split('/')[0]} {name}: {l}")
        passed += ok
        failed += not_ok
        if result not in ("OK", "SKIP", "EXPECTEDFAIL") and not_ok == 0:
            failed += 1  # crashed, timed out or exited non-zero without a failing case
            failures.append(f"{path.split('/')[0]} {name}: {result}")
        if ok + not_ok == 0 and result == "OK":
            passed += 1
for f in failures:
    print("FAILED:", f)
tail = f", {skipped} skipped" if skipped else ""
print(f"{passed} passed, {failed} failed{tail}")
sys.exit(1 if failed else 0)
