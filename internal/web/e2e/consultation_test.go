package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestConsultationJourney follows a member of the public answering an open
// consultation: the policy page's link, the consultation with its
// published submission (no sender's name or email), the form, a first send
// without text (the field's message), then a send that is thanked.
func TestConsultationJourney(t *testing.T) {
	requireBrowser(t)
	base, _ := server(t)
	ctx := tab(t, 40*time.Second)

	do(t, ctx, "open the policy page", chromedp.Navigate(base+"/en/policy"))
	// Each step waits for something only the next page has: the page
	// before it has an h1 too.
	do(t, ctx, "follow the open consultation",
		chromedp.Click(chromedp.CSS(`a[href="/en/consultations/e2e-open"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/en/consultations/e2e-open/respond"]`)),
	)
	page := visibleText(t, ctx, "main")
	contains(t, "the consultation page", page, "Economic diplomacy priorities", "Prioritise the markets of the region.", "Chamber of commerce")
	for _, private := range []string{"Private Name", "private@example.org"} {
		if strings.Contains(page, private) {
			t.Errorf("the consultation page shows the sender's %q", private)
		}
	}
	do(t, ctx, "open the form",
		chromedp.Click(chromedp.CSS(`a[href="/en/consultations/e2e-open/respond"]`)),
		chromedp.WaitVisible(chromedp.ID("submission-form")),
	)
	if visible := run(t, ctx, "honeypot visibility", chromedp.Evaluate[bool](
		`(e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length) && getComputedStyle(e).visibility !== "hidden")(document.getElementById("f-website"))`)); visible {
		t.Error("the honeypot field is visible to people")
	}
	// The form's token must be at least three seconds old when sent.
	time.Sleep(3500 * time.Millisecond)
	do(t, ctx, "send without text (the browser's own check is switched off, as a robot would)",
		chromedp.SendKeys(chromedp.ID("f-organisation"), "Kigali traders"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("f-text").removeAttribute("required")`),
		chromedp.Click(chromedp.ID("send")),
		chromedp.WaitVisible(chromedp.ID("e-text")),
	)
	if msg := visibleText(t, ctx, "#e-text"); msg == "" {
		t.Error("the refused form gives no message for the empty text")
	}
	if inv := run(t, ctx, "text marked invalid", chromedp.Evaluate[string](`document.getElementById("f-text").getAttribute("aria-invalid")`)); inv != "true" {
		t.Errorf(`the empty text is not marked aria-invalid="true" (%q)`, inv)
	}
	if v := run(t, ctx, "organisation kept", chromedp.Evaluate[string](`document.getElementById("f-organisation").value`)); v != "Kigali traders" {
		t.Errorf("the refused form lost what was typed: organisation %q", v)
	}
	time.Sleep(3500 * time.Millisecond)
	do(t, ctx, "send the answer",
		chromedp.SendKeys(chromedp.ID("f-text"), "Open a trade office in the port cities."),
		chromedp.Click(chromedp.ID("send")),
		chromedp.WaitVisible(chromedp.ID("sent-notice")),
	)
	if loc := run(t, ctx, "location", chromedp.Location()); loc != base+"/en/consultations/e2e-open?sent=1" {
		t.Errorf("after sending: %s, want the consultation page with the thanks", loc)
	}
	contains(t, "the thanks", visibleText(t, ctx, "main"), "moderat")
	if strings.Contains(visibleText(t, ctx, "main"), "Open a trade office") {
		t.Error("the submission is shown before moderation")
	}
}
