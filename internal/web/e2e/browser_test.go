package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chancery-org/chancery/internal/registry"
)

// TestJourney follows a citizen abroad: the home page in English, the
// finder's search box, the answer for their country, the mission that
// serves it, and the same page in French through the language switcher.
func TestJourney(t *testing.T) {
	requireBrowser(t)
	base, reg := server(t)
	// The journey's expectations hold for the seed data; say so if it changes.
	ans := reg.Find("KE", today())
	if ans.Coverage != registry.CoverResident || len(ans.Resident) != 1 || ans.Resident[0].ID != "rw-ke-nairobi" ||
		ans.Resident[0].Kind != "high_commission" {
		t.Fatalf("the seed data changed: the journey expects Kenya served by the high commission rw-ke-nairobi alone, got %s %v",
			ans.Coverage, ans.Resident)
	}
	ctx := tab(t, 30*time.Second)

	do(t, ctx, "open the home page", chromedp.Navigate(base+"/en/"))
	contains(t, "the home page's heading", visibleText(t, ctx, "h1"), "Rwanda")
	contains(t, "the finder", visibleText(t, ctx, "form.finder"), "Search")

	do(t, ctx, "search the finder for Kenya",
		chromedp.SendKeys(chromedp.ID("finder-q"), "kenya"),
		chromedp.Click(chromedp.CSS("form.finder button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("answer")),
	)
	if loc := run(t, ctx, "location", chromedp.Location()); loc != base+"/en/countries/KE" {
		t.Errorf("the finder led to %s, want %s/en/countries/KE", loc, base)
	}
	contains(t, "Kenya's page heading", visibleText(t, ctx, "h1"), "Kenya")
	contains(t, "the finder's answer", visibleText(t, ctx, "#answer"),
		"Rwanda has a mission in Kenya", "High Commission of Rwanda in Kenya")
	contains(t, "the resident mission's card", visibleText(t, ctx, "#mission-rw-ke-nairobi"), "High commission · Nairobi, Kenya")

	do(t, ctx, "follow the link to the mission",
		chromedp.Click(chromedp.CSS(`#answer a[href="/en/missions/rw-ke-nairobi"]`)),
		chromedp.WaitVisible(chromedp.ID("mission-summary")),
	)
	if loc := run(t, ctx, "location", chromedp.Location()); loc != base+"/en/missions/rw-ke-nairobi" {
		t.Errorf("the mission link led to %s", loc)
	}
	contains(t, "the mission's heading", visibleText(t, ctx, "h1"), "High Commission of Rwanda in Kenya")
	contains(t, "the mission's summary", visibleText(t, ctx, "#mission-summary"), "High commission of Rwanda in Nairobi, Kenya.")
	contains(t, "the mission's status", visibleText(t, ctx, "#mission-status"), "Open")
	contains(t, "the head of mission heading", visibleText(t, ctx, "#head-heading"), "Head of mission")

	do(t, ctx, "switch to French",
		chromedp.Click(chromedp.CSS(`nav.languages a[hreflang="fr"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="fr"] #mission-summary`)),
	)
	if loc := run(t, ctx, "location", chromedp.Location()); loc != base+"/fr/missions/rw-ke-nairobi" {
		t.Errorf("the language switcher led to %s, want the same page in French", loc)
	}
	if lang := run(t, ctx, "html lang", chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "fr" {
		t.Errorf(`<html lang=%q>, want "fr"`, lang)
	}
	contains(t, "the French summary", visibleText(t, ctx, "#mission-summary"), "Haut-commissariat", "à Nairobi (Kenya)")
	contains(t, "the French status", visibleText(t, ctx, "#mission-status"), "Ouverte")
	contains(t, "the French head of mission heading", visibleText(t, ctx, "#head-heading"), "Chef de mission")
	contains(t, "the French menu", visibleText(t, ctx, "nav.site-nav"), "Accueil", "Liste diplomatique")
	if cur := visibleText(t, ctx, `nav.languages a[aria-current="true"]`); cur != "Français" {
		t.Errorf("the switcher marks %q as the current language, want Français", cur)
	}
}

// TestDiplomaticListOrder reads the Diplomatic List as a reader sees it:
// the heads of mission in the registry's order of precedence, the dean
// first and marked, chargés d'affaires and pending credentials after.
func TestDiplomaticListOrder(t *testing.T) {
	requireBrowser(t)
	base, reg := server(t)
	list := reg.Precedence(today())
	if len(list.Heads) < 3 {
		t.Fatalf("only %d heads of mission in the seed data", len(list.Heads))
	}
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			ctx := tab(t, 30*time.Second)
			do(t, ctx, "open the list", chromedp.Navigate(base+"/"+lang+"/diplomatic-list"), chromedp.WaitVisible(chromedp.ID("precedence")))
			type row struct {
				Rank, Sender, Head string
				Dean               bool
			}
			rows := run(t, ctx, "read the table", chromedp.Evaluate[[]row](`[...document.querySelectorAll("#precedence tbody tr")].map(tr => ({
				Rank: tr.cells[0].innerText.trim(),
				Sender: tr.querySelector("th").innerText.trim(),
				Head: tr.cells[2].innerText.trim(),
				Dean: tr.classList.contains("dean"),
			}))`))
			if len(rows) != len(list.Heads) {
				t.Fatalf("the table shows %d heads of mission, the registry has %d", len(rows), len(list.Heads))
			}
			dean := map[string]string{"en": "Dean of the diplomatic corps", "fr": "Doyen du corps diplomatique"}[lang]
			for i, e := range list.Heads {
				r := rows[i]
				want := reg.PartyName(e.Appointment.Sender, lang)
				if r.Rank != fmt.Sprint(e.Rank) || r.Sender != want {
					t.Errorf("row %d reads %s %q, want %d %q", i+1, r.Rank, r.Sender, e.Rank, want)
				}
				if e.Person != nil && !strings.Contains(r.Head, e.Person.Name) {
					t.Errorf("row %d names %q, want %s", i+1, r.Head, e.Person.Name)
				}
				if marked := strings.Contains(r.Head, dean); marked != (i == 0) || r.Dean != (i == 0) {
					t.Errorf("row %d (%s): dean marked %v, highlighted %v; only the first row is the dean", i+1, r.Sender, marked, r.Dean)
				}
			}
			if got := visibleText(t, ctx, "#dean"); got != dean {
				t.Errorf("the dean's mark reads %q, want %q", got, dean)
			}
			// The sections come in this order on the page.
			order := run(t, ctx, "section order", chromedp.Evaluate[[]string](
				`[...document.querySelectorAll("main h2")].map(h => h.id).filter(id => id)`))
			if got, want := strings.Join(order, " "), "heads-heading cai-heading pending-heading nonres-heading"; got != want {
				t.Errorf("sections in the order %s, want %s", got, want)
			}
			main := visibleText(t, ctx, "main")
			for _, e := range list.Pending {
				name := reg.PartyName(e.Appointment.Sender, lang)
				if !strings.Contains(visibleText(t, ctx, "#pending-heading + *"), name) {
					t.Errorf("%s is not among those awaiting credentials", name)
				}
			}
			for _, e := range list.ChargesAI {
				name := reg.PartyName(e.Appointment.Sender, lang)
				if !strings.Contains(main, name) {
					t.Errorf("the chargé d'affaires a.i. of %s is not listed", name)
				}
			}
		})
	}
}
