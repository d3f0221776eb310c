#!/usr/bin/env bash
# Screenshots of the portal for review (not committed): full-page PNGs of the
# home page in English and French, and of a country, a mission, the missions
# list, the Diplomatic List and a 404 page, at desktop (1280x900) and phone
# (375x812) widths, taken by headless Chromium over the seed data set.
#
# Usage: scripts/screenshots.sh [DIR]     (DIR defaults to screenshots/, git-ignored)
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-screenshots}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
CHANCERY_E2E=1 CHANCERY_SCREENSHOTS="$dir" go test -count=1 -run '^TestScreenshots$' ./internal/web/e2e/
ls -1 "$dir"/*.png
