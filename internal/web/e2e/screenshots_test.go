package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestScreenshots writes full-page PNGs of the home page, and of a few
// other pages, at desktop and phone widths into the directory that
// CHANCERY_SCREENSHOTS names, for a person to look at; without it, it is
// skipped. scripts/screenshots.sh runs it.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("CHANCERY_SCREENSHOTS")
	if dir == "" {
		t.Skip("set CHANCERY_SCREENSHOTS=DIR to write screenshots of the portal into DIR (scripts/screenshots.sh)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	requireBrowser(t)
	base, _ := server(t)
	sizes := []struct {
		name          string
		width, height int64
		mobile        bool
	}{
		{"desktop", 1280, 900, false},
		{"phone", 375, 812, true},
	}
	pages := []struct{ name, path string }{
		{"home-en", "/en/"},
		{"home-fr", "/fr/"},
		{"country-en", "/en/countries/KE"},
		{"mission-en", "/en/missions/rw-ke-nairobi"},
		{"missions-en", "/en/missions"},
		{"diplomatic-list-en", "/en/diplomatic-list"},
		{"policy-en", "/en/policy"},
		{"report-en", "/en/policy/report"},
		{"not-found-sw", "/sw/countries/ZZ"},
	}
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			ctx := tab(t, 2*time.Minute)
			opts := []chromedp.EmulateViewportOption{}
			if sz.mobile {
				opts = append(opts, chromedp.EmulateScale(2), chromedp.EmulateMobile)
			}
			do(t, ctx, "set the viewport", chromedp.EmulateViewport(sz.width, sz.height, opts...))
			for _, pg := range pages {
				do(t, ctx, "open "+pg.path, chromedp.Navigate(base+pg.path))
				png := run(t, ctx, "screenshot "+pg.path, chromedp.FullScreenshot(100))
				name := filepath.Join(dir, pg.name+"-"+sz.name+".png")
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
				// A page wider than the screen scrolls sideways: say so.
				if w := run(t, ctx, "page width", chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); w > sz.width {
					t.Errorf("%s is %d px wide in a %d px viewport", pg.path, w, sz.width)
				}
				t.Logf("wrote %s", name)
			}
		})
	}
}
