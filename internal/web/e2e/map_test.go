package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestMapKeyboard checks in the browser that the countries of the map are
// links a keyboard reaches, each named in the page's language, and that
// following one opens the country's page.
func TestMapKeyboard(t *testing.T) {
	base, _ := server(t)
	ctx := tab(t, time.Minute)
	do(t, ctx, "open the map", chromedp.Navigate(base+"/fr/map"))
	// Tab from the date field until the focus is on a country of the map.
	do(t, ctx, "focus the date field", chromedp.Focus(chromedp.ID("map-as-of")))
	var name string
	for range 12 {
		do(t, ctx, "press Tab", chromedp.KeyEvent("\t"))
		name = run(t, ctx, "focused element", chromedp.Evaluate[string](
			`(e => e && e.closest("#coverage-map") ? (e.querySelector("title") || {}).textContent || "" : "")(document.activeElement)`))
		if name != "" {
			break
		}
	}
	if name == "" || !strings.Contains(name, " : ") {
		t.Fatalf("Tab does not reach a country of the map with a French name (got %q)", name)
	}
	do(t, ctx, "follow the link", chromedp.KeyEvent("\r"))
	var url string
	for range 50 {
		url = run(t, ctx, "address", chromedp.Evaluate[string](`location.pathname`))
		if strings.HasPrefix(url, "/fr/countries/") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.HasPrefix(url, "/fr/countries/") {
		t.Errorf("Enter on %q went to %s", name, url)
	}
}
