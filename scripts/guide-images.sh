#!/usr/bin/env bash
# guide-images.sh - copies the browser test's screenshots that docs/staff-guide.md shows into
# docs/images/ under stable names (desk-STEP.png). Run after `meson test -C build browser`.
# Usage: scripts/guide-images.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shots=${1:-build}/web/screenshots
mkdir -p docs/images
# SCREENSHOT[:GUIDE-NAME]: every image the guide shows
for step in login-wrong-password seekers-found register-mistake register-duplicate seeker-matches \
            seeker-why-not seeker-counselling refer-dialog slip-printed vacancy-shortlist \
            vacancy-referrals referral-hired-dialog:referral-hired fair-plan fair-booth import-refused \
            account-wrong-password personal-data-printed; do
  shot=${step%%:*}
  name=${step#*:}
  src=$(ls "$shots"/[0-9][0-9]-"$shot".png 2>/dev/null | head -1)
  if [ -z "$src" ]; then echo "guide-images: no screenshot of $shot in $shots" >&2; exit 1; fi
  cp "$src" "docs/images/desk-$name.png"
done
echo "guide-images: docs/images/desk-*.png updated from $shots"
