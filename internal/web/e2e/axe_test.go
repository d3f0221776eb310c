package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// axeViolation is what the test keeps of an axe-core violation.
type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	URL    string    `json:"helpUrl"`
	Nodes  []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  string `json:"target"`
	Summary string `json:"summary"`
}

// axeRun runs axe-core over the document and returns its violations. The
// rules are axe's defaults: WCAG 2.x A and AA and its best practices.
const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({target: n.target.flat().join(" "), summary: n.failureSummary || ""})),
})))`

// TestAccessibility injects axe-core into every page type, in English at
// desktop width and in Swahili at phone width (375 px), and fails on any
// serious or critical violation, and on any page wider than the screen.
// Kinyarwanda pages have the same markup as the Swahili ones (the Nu HTML
// checker reads every language).
//
// The script goes in through the DevTools protocol
// (Page.addScriptToEvaluateOnNewDocument, once per tab), so the pages'
// Content-Security-Policy, which allows no script from elsewhere, does not
// stop it.
func TestAccessibility(t *testing.T) {
	axePath := tool(t, "CHANCERY_AXE", "node_modules/axe-core/axe.min.js", "axe-core (axe.min.js)")
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	requireBrowser(t)
	base, _ := server(t)
	pages := pageTypes(t)
	// One tab per language, side by side.
	for _, tc := range []struct {
		lang          string
		width, height int64
		mobile        bool
	}{
		{"en", 1280, 900, false},
		{"sw", 375, 812, true},
	} {
		lang := tc.lang
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			ctx := tab(t, 3*time.Minute)
			if tc.mobile {
				do(t, ctx, "phone screen", chromedp.EmulateViewport(tc.width, tc.height, chromedp.EmulateMobile))
			} else {
				do(t, ctx, "desktop screen", chromedp.EmulateViewport(tc.width, tc.height))
			}
			// The script runs in every document the tab loads, before the
			// page's own (it has none).
			do(t, ctx, "inject axe-core", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: string(src)})
				return err
			}))
			for _, pt := range pages {
				path := "/" + lang + pt.path
				t.Run(pt.name, func(t *testing.T) {
					res := run(t, ctx, "open "+path, chromedp.NavigateResponse(base+path))
					if int(res.Status) != pt.status {
						t.Errorf("%s: status %d, want %d", path, res.Status, pt.status)
					}
					if w := run(t, ctx, "page width", chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); w > tc.width {
						t.Errorf("%s is %d px wide on a %d px screen: it scrolls sideways", path, w, tc.width)
					}
					checkAxe(t, ctx, path)
				})
			}
			if lang == "en" {
				// The harness itself: a page with an image without a text
				// alternative and an empty button must fail.
				t.Run("planted violations are found", func(t *testing.T) {
					do(t, ctx, "plant violations", chromedp.Navigate(base+"/en/"), chromedp.Evaluate[chromedp.Void](
						`document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="/static/app.css"><button></button>')`))
					got := strings.Join(axeViolationIDs(t, ctx), " ")
					for _, want := range []string{"image-alt", "button-name"} {
						if !strings.Contains(got, want) {
							t.Errorf("axe-core did not report %s on a page that violates it (it reported: %s)", want, got)
						}
					}
				})
			}
		})
	}
}

// axeViolationIDs returns the ids of the serious and critical violations
// axe-core finds in the page.
func axeViolationIDs(t *testing.T, ctx context.Context) []string {
	t.Helper()
	var ids []string
	for _, v := range run(t, ctx, "run axe-core", chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise)) {
		if v.Impact == "serious" || v.Impact == "critical" {
			ids = append(ids, v.ID)
		}
	}
	return ids
}

// checkAxe runs axe-core, already in the page, and fails the test on each
// serious or critical violation, printing the rule, its impact, its help
// and the elements.
func checkAxe(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	vs := run(t, ctx, "run axe-core", chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	var minor []string
	for _, v := range vs {
		if v.Impact != "serious" && v.Impact != "critical" {
			minor = append(minor, fmt.Sprintf("%s (%s, %d)", v.ID, v.Impact, len(v.Nodes)))
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %s [%s] %s (%s)", path, v.ID, v.Impact, v.Help, v.URL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n\t%s\n\t\t%s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
		}
		t.Error(b.String())
	}
	if len(minor) > 0 {
		t.Logf("%s: moderate or minor: %s", path, strings.Join(minor, ", "))
	}
}
