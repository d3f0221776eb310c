// Package e2e holds the portal's end-to-end checks, as tests only: a real
// Chromium driven by chromedp through the whole public site (the handler
// that cmd/chancery serves, over the seed data set), axe-core injected into
// every page type, and the Nu HTML checker over every page type in every
// language.
//
// The tools come from outside Go:
//
//   - Chromium: Debian's chromium package (CHANCERY_CHROMIUM names another
//     binary);
//   - axe-core and vnu-jar: `npm ci --ignore-scripts --prefix .tools`, found
//     there or through CHANCERY_AXE (axe.min.js) and CHANCERY_VNU (vnu.jar);
//     vnu.jar also needs java (17 or later).
//
// A test whose tool is missing is skipped with a message saying what to
// install, unless CHANCERY_E2E=1 (as .ci/run sets it): then it fails.
//
// CHANCERY_SCREENSHOTS=DIR makes TestScreenshots write PNGs of the home page
// and a few others at desktop and phone widths into DIR, for review
// (scripts/screenshots.sh).
package e2e
