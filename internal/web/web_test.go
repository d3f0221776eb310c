package web

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/httpcache"
	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

var (
	seedOnce sync.Once
	seedReg  *registry.Registry
	seedFW   *policy.Framework
	seedErr  error
)

// seed returns the registry of the seed data set and the policy framework
// in force on testDay, loaded once for the package's tests.
func seed(t testing.TB) (*registry.Registry, *policy.Framework) {
	t.Helper()
	seedOnce.Do(func() {
		ds, err := dataset.Load(data.FS)
		if err != nil {
			seedErr = err
			return
		}
		seedReg = registry.New(ds)
		seedFW = policy.FrameworkFromDataset(seedReg.Dataset(), testDay)
		if seedFW == nil {
			seedErr = fmt.Errorf("the seed data set has no policy in force on %s", testDay)
		}
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return seedReg, seedFW
}

// testDay is the date the tests treat as today, so that they do not depend
// on the clock.
var testDay = registry.MustDate("2026-06-30")

func newTestServer(t testing.TB) *Server {
	t.Helper()
	reg, _ := seed(t)
	s := New(func() *registry.Registry { return reg }, nil)
	s.today = func() registry.Date { return testDay }
	return s
}

type response struct {
	status int
	header http.Header
	body   string
}

func do(t testing.TB, h http.Handler, method, target string, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return response{rec.Code, rec.Result().Header, string(b)}
}

func get(t testing.TB, h http.Handler, target string, header ...string) response {
	t.Helper()
	return do(t, h, http.MethodGet, target, header...)
}

// pages lists one address of every page type (without the language prefix).
var pages = []string{
	"/",
	"/?as_of=2015-06-30",
	"/missions",
	"/missions?side=foreign&kind=embassy",
	"/missions?region=europe&status=all",
	"/missions/rw-ke-nairobi",
	"/missions/dk-rw-kigali",
	"/missions/hu-ke-nairobi",
	"/countries",
	"/countries?q=guin",
	"/countries?q=zzzz",
	"/countries/KE",
	"/countries/DK",
	"/countries/CU",
	"/countries/PE",
	"/countries/RW",
	"/countries/BE?as_of=2020-01-01",
	"/diplomatic-list",
	"/diplomatic-list?as_of=2019-06-30",
	"/honorary-consuls",
	"/organisations",
	"/policy",
	"/policy/pillar-people",
	"/policy/versions",
	"/policy/versions/foreign-policy",
	"/engagements",
	"/engagements?kind=visit&fy=2025-2026",
	"/policy/report/2025-2026",
	"/policy/report/2025-2026?as_of=2025-12-31",
	"/agreements",
}

var (
	reDotted      = regexp.MustCompile(`[a-z_]+(?:\.[a-z0-9_]+)+`)
	rePlaceholder = regexp.MustCompile(`\{[a-z_]+\}`)
	reTags        = regexp.MustCompile(`<[^>]*>`)
)

// checkPage asserts what every page in language lang must satisfy.
func checkPage(t *testing.T, s *Server, r response, lang, path string) {
	t.Helper()
	body := r.body
	if !strings.Contains(body, `<html lang="`+lang+`">`) {
		t.Errorf("no <html lang=%q>", lang)
	}
	for _, tag := range []string{`<header class="site-header">`, `<nav class="site-nav"`, `<main id="main"`, `<footer class="site-footer">`, `<a class="skip-link" href="#main">`} {
		if !strings.Contains(body, tag) {
			t.Errorf("no %s", tag)
		}
	}
	if n := strings.Count(body, "<h1"); n != 1 {
		t.Errorf("%d <h1> elements, want 1", n)
	}
	// hreflang alternates and the language switcher point at this very page.
	u, _ := url.Parse(path)
	for _, l := range i18n.Languages {
		href := "/" + l + u.Path
		if q := canonical(u.RawQuery); q != "" {
			href += "?" + strings.ReplaceAll(q, "&", "&amp;")
		}
		if !strings.Contains(body, `<link rel="alternate" hreflang="`+l+`" href="`+href+`">`) {
			t.Errorf("no hreflang alternate %s -> %s", l, href)
		}
		if !strings.Contains(body, `<a href="`+href+`" lang="`+l+`" hreflang="`+l+`"`) {
			t.Errorf("language switcher has no link to %s", href)
		}
	}
	if !strings.Contains(body, `hreflang="x-default"`) {
		t.Error("no x-default alternate")
	}
	text := reTags.ReplaceAllString(body, " ")
	// A message key on the page is a missing translation: a known key, or
	// any dotted word in one of the catalogue's namespaces ("kind.castle").
	namespaces := map[string]bool{}
	for _, k := range s.cat.Keys() {
		ns, _, _ := strings.Cut(k, ".")
		namespaces[ns] = true
	}
	for _, m := range reDotted.FindAllString(text, -1) {
		if ns, _, _ := strings.Cut(m, "."); namespaces[ns] {
			t.Errorf("raw message key %q shown on the page", m)
		}
	}
	if m := rePlaceholder.FindString(text); m != "" {
		t.Errorf("unfilled placeholder %s", m)
	}
	for _, bad := range []string{"MISSING", "%!", "<no value>", "<script", " style=", "http://fonts", "https://fonts"} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
}

// canonical sorts a query the way the pages do.
func canonical(raw string) string {
	v, _ := url.ParseQuery(raw)
	return v.Encode()
}

func TestEveryPageInEveryLanguage(t *testing.T) {
	s := newTestServer(t)
	for _, lang := range i18n.Languages {
		for _, p := range pages {
			t.Run(lang+p, func(t *testing.T) {
				r := get(t, s, "/"+lang+p)
				if r.status != http.StatusOK {
					t.Fatalf("status %d\n%.400s", r.status, r.body)
				}
				if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
				checkPage(t, s, r, lang, p)
			})
		}
	}
}

// TestPagesSpeakTheirLanguage spot-checks that a page's words are in its
// language, not English.
func TestPagesSpeakTheirLanguage(t *testing.T) {
	s := newTestServer(t)
	tests := []struct{ path, want string }{
		{"/en/", "The network in figures"},
		{"/fr/", "Le réseau en chiffres"},
		{"/rw/", "Imibare"},
		{"/sw/", "Mtandao kwa takwimu"},
		{"/fr/diplomatic-list", "Doyen du corps diplomatique"},
		{"/sw/diplomatic-list", "Kiongozi wa Mabalozi"},
		{"/fr/countries/DE", "Allemagne"},
		{"/sw/countries/DE", "Ujerumani"},
		{"/rw/countries/DE", "u Budage"},
		{"/rw/countries/SD", "Sudani"},
		{"/fr/?as_of=2015-06-30", "30 juin 2015"},
		{"/rw/?as_of=2015-06-30", "30 Kamena 2015"},
		{"/sw/?as_of=2015-06-30", "30 Juni 2015"},
	}
	for _, tt := range tests {
		if r := get(t, s, tt.path); r.status != 200 || !strings.Contains(r.body, tt.want) {
			t.Errorf("%s: %d, want %q in the page", tt.path, r.status, tt.want)
		}
	}
}

func TestRootRedirectsByLanguage(t *testing.T) {
	s := newTestServer(t)
	for header, want := range map[string]string{
		"":                        "/en/",
		"fr-FR,fr;q=0.9,en;q=0.8": "/fr/",
		"rw":                      "/rw/",
		"sw-KE,en;q=0.5":          "/sw/",
		"de-DE":                   "/en/",
		"garbage;;;":              "/en/",
	} {
		r := get(t, s, "/", "Accept-Language", header)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
			t.Errorf("Accept-Language %q: %d -> %q, want 303 -> %q", header, r.status, r.header.Get("Location"), want)
		}
		if r.header.Get("Vary") != "Accept-Language" {
			t.Error("redirect without Vary: Accept-Language")
		}
	}
	if r := get(t, s, "/?as_of=2015-06-30"); r.header.Get("Location") != "/en/?as_of=2015-06-30" {
		t.Errorf("as_of lost in the redirect: %q", r.header.Get("Location"))
	}
}

// answer returns the answer block of a country page.
func answer(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `<div class="answer" id="answer">`)
	if i < 0 {
		t.Fatalf("no answer block:\n%.600s", body)
	}
	return body[i : i+strings.Index(body[i:], "</div>")]
}

func TestFinderAnswers(t *testing.T) {
	s := newTestServer(t)
	reg, _ := seed(t)
	tests := []struct {
		name, path string
		coverage   registry.Coverage
		want       []string // in the answer block
		page       []string // elsewhere on the page
	}{
		{"resident embassy", "/en/countries/KE", registry.CoverResident,
			[]string{"Rwanda has a mission in Kenya", `href="/en/missions/rw-ke-nairobi"`}, nil},
		{"covered non-resident", "/en/countries/DK", registry.CoverNonResident,
			[]string{"Rwanda has no mission in Denmark. It is covered from", `href="/en/missions/rw-se-stockholm"`, "Stockholm, Sweden"},
			[]string{`id="mission-rw-se-stockholm"`}},
		{"honorary consul only", "/en/countries/CU", registry.CoverHonoraryOnly,
			[]string{"an honorary consul can help"},
			[]string{`id="consul-hc-cu-havana"`, "Gregory Biniowsky", "Havana"}},
		{"no coverage", "/en/countries/PE", registry.CoverNone,
			[]string{"Rwanda has no mission or honorary consul serving Peru", `id="consular-contact"`, `href="https://www.minaffet.gov.rw"`}, nil},
		{"honorary consul beside a covering mission", "/en/countries/NO", registry.CoverNonResident,
			[]string{`href="/en/missions/rw-se-stockholm"`},
			[]string{`id="consul-hc-no"`, "Supervised by"}},
		{"in French", "/fr/countries/DK", registry.CoverNonResident,
			[]string{"Le Rwanda n&#39;a pas de mission dans ce pays (Danemark)", `href="/fr/missions/rw-se-stockholm"`}, nil},
		{"reverse side", "/en/countries/DE", registry.CoverResident,
			nil, []string{"Germany has a mission in Rwanda:", `href="/en/missions/de-rw-kigali"`}},
		{"reverse side from abroad", "/en/countries/AT", registry.CoverNone,
			nil, []string{"Austria is accredited to Rwanda from:", `href="/en/missions/at-ke-nairobi"`}},
		{"relations severed", "/en/countries/BE", registry.CoverNone,
			nil, []string{`<span class="relation relation-severed">Severed</span>`, `datetime="2025-03-17"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iso := tt.path[len(tt.path)-2:]
			if got := reg.Find(iso, testDay).Coverage; got != tt.coverage {
				t.Fatalf("the seed data changed: %s is %s, the test expects %s", iso, got, tt.coverage)
			}
			r := get(t, s, tt.path)
			if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			a := answer(t, r.body)
			if !strings.Contains(a, `coverage-`+string(tt.coverage)) {
				t.Errorf("answer does not say %s:\n%s", tt.coverage, a)
			}
			for _, w := range tt.want {
				if !strings.Contains(a, w) {
					t.Errorf("answer lacks %q:\n%s", w, a)
				}
			}
			for _, w := range tt.page {
				if !strings.Contains(r.body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

func TestFinderSearch(t *testing.T) {
	s := newTestServer(t)
	redirects := []struct{ path, want string }{
		{"/en/countries?q=Kenya", "/en/countries/KE"},
		{"/en/countries?q=++kenya++", "/en/countries/KE"},
		{"/en/countries?q=KE", "/en/countries/KE"},
		{"/en/countries?q=ken&as_of=2015-06-30", "/en/countries/KE?as_of=2015-06-30"},
		{"/fr/countries?q=" + url.QueryEscape("ÉTATS-UNIS"), "/fr/countries/US"},
		{"/fr/countries?q=etats-unis", "/fr/countries/US"},
		{"/fr/countries?q=" + url.QueryEscape("états unis d'amérique"), "/fr/countries/US"},
		{"/fr/countries?q=Germany", "/fr/countries/DE"}, // English names work in every language
		{"/fr/countries?q=allemagne", "/fr/countries/DE"},
		{"/fr/countries?q=" + url.QueryEscape("COTE D’IVOIRE"), "/fr/countries/CI"},
		{"/sw/countries?q=marekani", "/sw/countries/US"},
		{"/rw/countries?q=bwongereza", "/rw/countries/GB"},
		{"/en/countries?q=niger", "/en/countries/NE"}, // exact name beats Nigeria
	}
	for _, tt := range redirects {
		r := get(t, s, tt.path)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != tt.want {
			t.Errorf("%s: %d -> %q, want 303 -> %q", tt.path, r.status, r.header.Get("Location"), tt.want)
		}
	}
	r := get(t, s, "/en/countries?q=guin")
	for _, iso := range []string{"GN", "GW", "GQ", "PG"} {
		if !strings.Contains(r.body, `href="/en/countries/`+iso+`"`) {
			t.Errorf("search for guin does not list %s", iso)
		}
	}
	if !strings.Contains(r.body, "4 countries match “guin”") {
		t.Errorf("search for guin does not count 4 matches")
	}
	r = get(t, s, "/fr/countries?q=zzzz")
	if r.status != 200 || !strings.Contains(r.body, "Aucun pays ne correspond à « zzzz »") {
		t.Errorf("search without match: %d\n%.300s", r.status, r.body)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"ÉTATS-UNIS":              "etats unis",
		"  États-Unis d'Amérique": "etats unis d amerique",
		"Côte d’Ivoire":           "cote d ivoire",
		"São Tomé and Príncipe":   "sao tome and principe",
		"Türkiye":                 "turkiye",
		"Œ":                       "oe",
		"":                        "",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDiplomaticListOrder(t *testing.T) {
	s := newTestServer(t)
	reg, _ := seed(t)
	list := reg.Precedence(testDay)
	if len(list.Heads) < 3 {
		t.Fatalf("only %d heads in the seed data", len(list.Heads))
	}
	body := get(t, s, "/en/diplomatic-list").body
	// Rows appear in the order of precedence, each naming its sender.
	last := -1
	for _, e := range list.Heads {
		i := strings.Index(body, fmt.Sprintf(`<tr id="rank-%d"`, e.Rank))
		if i < last {
			t.Fatalf("rank %d is out of order", e.Rank)
		}
		row := body[i : i+strings.Index(body[i:], "</tr>")]
		if name := template.HTMLEscapeString(reg.PartyName(e.Appointment.Sender, "en")); !strings.Contains(row, name) {
			t.Errorf("rank %d: row lacks %s:\n%s", e.Rank, name, row)
		}
		last = i
	}
	// The dean is marked once, in the first row.
	if strings.Count(body, `id="dean"`) != 1 {
		t.Errorf("the dean is marked %d times", strings.Count(body, `id="dean"`))
	}
	first := body[strings.Index(body, `<tr id="rank-1"`):]
	first = first[:strings.Index(first, "</tr>")]
	if !strings.Contains(first, "Dean of the diplomatic corps") || !strings.Contains(first, list.Dean().Person.Name) {
		t.Errorf("first row is not the dean %s:\n%s", list.Dean().Person.Name, first)
	}
	// Chargés d'affaires a.i., then those awaiting credentials, come after.
	heads, cai, pending, nonres := strings.Index(body, `id="heads-heading"`), strings.Index(body, `id="cai-heading"`),
		strings.Index(body, `id="pending-heading"`), strings.Index(body, `id="nonres-heading"`)
	if !(heads < cai && cai < pending && pending < nonres) {
		t.Errorf("sections out of order: heads %d, chargés %d, pending %d, non-resident %d", heads, cai, pending, nonres)
	}
	for _, e := range list.Pending {
		if !strings.Contains(body[pending:nonres], template.HTMLEscapeString(reg.PartyName(e.Appointment.Sender, "en"))) {
			t.Errorf("pending list lacks %s", reg.PartyName(e.Appointment.Sender, "en"))
		}
	}
	// Non-resident missions are grouped by where they reside.
	if !strings.Contains(body[nonres:], `<h3 class="residence-group">Nairobi, Kenya</h3>`) {
		t.Error("no Nairobi group among the non-resident missions")
	}
	if !strings.Contains(body, `media="print"`) {
		t.Error("no print stylesheet")
	}
}

// figure returns the value shown for a figure on the home page.
func figure(t *testing.T, body, name string) string {
	t.Helper()
	i := strings.Index(body, `id="fig-`+name+`"`)
	if i < 0 {
		t.Fatalf("no figure %s", name)
	}
	j := strings.Index(body[i:], `<span class="num">`) + i + len(`<span class="num">`)
	return body[j : j+strings.Index(body[j:], "<")]
}

func TestAsOfChangesTheFigures(t *testing.T) {
	s := newTestServer(t)
	reg, _ := seed(t)
	for _, date := range []string{"2000-01-01", "2015-06-30", "2026-06-30"} {
		body := get(t, s, "/en/?as_of="+date).body
		f := reg.Figures(registry.MustDate(date))
		for _, name := range []string{registry.FigDiplomaticMissions, registry.FigCountriesCovered} {
			want, _ := f.Get(name)
			if got := figure(t, body, name); got != fmt.Sprint(want.Value) {
				t.Errorf("%s on %s: page shows %s, registry %d", name, date, got, want.Value)
			}
		}
		if !strings.Contains(body, `<p class="notice as-of" id="as-of">`) || !strings.Contains(body, `datetime="`+date+`"`) {
			t.Errorf("%s: no as-of notice", date)
		}
		// Links keep the date; the notice links back to today.
		if !strings.Contains(body, `href="/en/missions?as_of=`+date+`"`) || !strings.Contains(body, `<a href="/en/">See it today</a>`) {
			t.Errorf("%s: links lose the date, or no link back to today", date)
		}
	}
	old, now := get(t, s, "/en/?as_of=2000-01-01").body, get(t, s, "/en/").body
	if figure(t, old, registry.FigDiplomaticMissions) == figure(t, now, registry.FigDiplomaticMissions) {
		t.Error("the figures of 2000 equal today's")
	}
	if strings.Contains(now, `id="as-of"`) {
		t.Error("as-of notice without as_of")
	}
	if r := get(t, s, "/en/?as_of="); r.status != 200 || strings.Contains(r.body, `id="as-of"`) {
		t.Errorf("empty as_of: %d", r.status)
	}
}

func TestBadInput(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		method, path, acceptLanguage string
		status                       int
		lang                         string
		want                         string
	}{
		{"GET", "/xx/", "", 404, "en", "Page not found"},
		{"GET", "/xx/missions", "fr-FR", 404, "fr", "Page introuvable"},
		{"GET", "/de/countries/KE", "sw", 404, "sw", "Ukurasa haukupatikana"},
		{"GET", "/EN/", "", 404, "en", "Page not found"},
		{"GET", "/fr/countries/ZZ", "", 404, "fr", "Aucun pays n&#39;a le code « ZZ »"},
		{"GET", "/fr/countries/123", "", 404, "fr", "Page introuvable"},
		{"GET", "/sw/missions/nope", "", 404, "sw", "Hakuna ubalozi “nope” katika sajili."},
		{"GET", "/rw/policy/nope", "", 404, "rw", "Nta nkingi"},
		{"GET", "/en/countries/KE/extra", "", 404, "en", "There is no page at this address"},
		{"GET", "/en/missions/", "", 404, "en", "Page not found"},
		{"GET", "/favicon.ico", "", 404, "en", "Page not found"},
		{"GET", "/en/?as_of=2015", "", 400, "en", "“2015” is not a date"},
		{"GET", "/fr/?as_of=2015-02-30", "", 400, "fr", "« 2015-02-30 » n&#39;est pas une date"},
		{"GET", "/rw/diplomatic-list?as_of=yesterday", "", 400, "rw", "“yesterday” si itariki"},
		{"GET", "/sw/countries/KE?as_of=30/06/2015", "", 400, "sw", "si tarehe"},
		{"GET", "/en/?as_of=%3Cscript%3Ealert(1)%3C/script%3E", "", 400, "en", "&lt;script&gt;"},
		{"GET", "/en/missions?kind=castle", "", 400, "en", "“castle” is not a valid choice for kind"},
		{"GET", "/fr/missions?region=atlantis", "", 400, "fr", "« atlantis » n&#39;est pas un choix valable pour region"},
		{"GET", "/en/missions?status=maybe", "", 400, "en", "for status"},
		{"GET", "/en/missions?side=both", "", 400, "en", "for side"},
		{"GET", "/en/countries?q=%zz", "", 400, "en", "cannot be read"},
		{"GET", "/en/countries?q=%00", "", 400, "en", "cannot be read"},
		{"GET", "/en/countries?q=%ff%fe", "", 400, "en", "cannot be read"},
		{"GET", "/en/countries?q=" + strings.Repeat("a", 201), "", 400, "en", "at most 200 characters"},
		{"GET", "/en/missions?utm_source=x&kind=embassy", "", 200, "en", "Missions listed"},
		{"GET", "/en/countries?q=", "", 200, "en", `id="countries-table"`},
		{"POST", "/en/", "", 405, "en", "These pages can only be read"},
		{"DELETE", "/fr/missions", "", 405, "fr", "Ces pages se consultent seulement"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := do(t, s, tt.method, tt.path, "Accept-Language", tt.acceptLanguage)
			if r.status != tt.status {
				t.Errorf("status %d, want %d", r.status, tt.status)
			}
			if !strings.Contains(r.body, `<html lang="`+tt.lang+`">`) {
				t.Errorf("page not in %s:\n%.300s", tt.lang, r.body)
			}
			if !strings.Contains(r.body, tt.want) {
				t.Errorf("page lacks %q:\n%s", tt.want, r.body[max(0, strings.Index(r.body, "<main")):])
			}
			for _, bad := range []string{"goroutine", "panic", "<script>"} {
				if strings.Contains(r.body, bad) {
					t.Errorf("page shows %q", bad)
				}
			}
		})
	}
}

func TestRedirectsToCanonicalAddresses(t *testing.T) {
	s := newTestServer(t)
	for path, want := range map[string]string{
		"/fr":                               "/fr/",
		"/en/countries/ke":                  "/en/countries/KE",
		"/en/countries/ke?as_of=2015-06-30": "/en/countries/KE?as_of=2015-06-30",
	} {
		r := get(t, s, path)
		if r.status/100 != 3 || r.header.Get("Location") != want {
			t.Errorf("%s: %d -> %q, want a redirect to %q", path, r.status, r.header.Get("Location"), want)
		}
	}
}

func TestETagAndCaching(t *testing.T) {
	s := newTestServer(t)
	r := get(t, s, "/en/missions")
	etag := r.header.Get("ETag")
	if r.status != 200 || !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("status %d, ETag %q (want a strong one)", r.status, etag)
	}
	if cc := r.header.Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("Cache-Control %q", cc)
	}
	if r.header.Get("Content-Length") != fmt.Sprint(len(r.body)) {
		t.Errorf("Content-Length %s for %d bytes", r.header.Get("Content-Length"), len(r.body))
	}
	for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
		c := get(t, s, "/en/missions", "If-None-Match", inm)
		if c.status != http.StatusNotModified || c.body != "" || c.header.Get("ETag") != etag {
			t.Errorf("If-None-Match %s: %d, %d bytes, ETag %q; want 304", inm, c.status, len(c.body), c.header.Get("ETag"))
		}
	}
	if c := get(t, s, "/en/missions", "If-None-Match", `"stale"`); c.status != 200 || c.body != r.body {
		t.Errorf("stale ETag: %d", c.status)
	}
	// The same page from the cache is the same bytes; another language or
	// date is another page; a parameter the page does not read is ignored.
	if again := get(t, s, "/en/missions?utm_source=mail"); again.header.Get("ETag") != etag {
		t.Error("an unread parameter changed the page")
	}
	if fr := get(t, s, "/fr/missions"); fr.header.Get("ETag") == etag {
		t.Error("French page has the English ETag")
	}
	if old := get(t, s, "/en/missions?as_of=2010-01-01"); old.header.Get("ETag") == etag {
		t.Error("page of 2010 has today's ETag")
	}
	if h := do(t, s, http.MethodHead, "/en/missions"); h.status != 200 || h.body != "" || h.header.Get("ETag") != etag {
		t.Errorf("HEAD: %d, %d bytes", h.status, len(h.body))
	}
	// Errors are not cached as pages.
	if e := get(t, s, "/en/countries/ZZ"); e.header.Get("ETag") != "" || e.header.Get("Cache-Control") != "no-cache" {
		t.Errorf("404 page: ETag %q, Cache-Control %q", e.header.Get("ETag"), e.header.Get("Cache-Control"))
	}
}

func TestStaticFiles(t *testing.T) {
	s := newTestServer(t)
	home := get(t, s, "/en/").body
	for _, name := range []string{"app.css", "print.css"} {
		href := s.static[name].version
		if !strings.Contains(home, `/static/`+name+`?v=`+href) {
			t.Errorf("home page does not link %s with its version", name)
		}
		r := get(t, s, "/static/"+name+"?v="+href)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") ||
			!strings.Contains(r.header.Get("Cache-Control"), "immutable") || len(r.body) < 100 {
			t.Errorf("%s: %d %q %q", name, r.status, r.header.Get("Content-Type"), r.header.Get("Cache-Control"))
		}
		if c := get(t, s, "/static/"+name, "If-None-Match", r.header.Get("ETag")); c.status != 304 {
			t.Errorf("%s: conditional GET %d", name, c.status)
		}
	}
	if r := get(t, s, "/static/nope.css"); r.status != 404 {
		t.Errorf("unknown static file: %d", r.status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/", "/en/", "/xx/", "/en/?as_of=bad", "/static/app.css", "/healthz", "/fr"} {
		r := get(t, s, path)
		h := r.header
		if h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: missing security headers: %v", path, h)
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code", path)
		}
		// Every HTML page carries its referrer policy (a redirect's
		// one-line body has no links to follow).
		if strings.HasPrefix(h.Get("Content-Type"), "text/html") && (r.status < 300 || r.status >= 400) &&
			!strings.Contains(r.body, `<meta name="referrer" content="strict-origin-when-cross-origin">`) {
			t.Errorf("%s: no referrer policy", path)
		}
	}
}

func TestHealth(t *testing.T) {
	s := newTestServer(t)
	if r := get(t, s, "/healthz"); r.status != 200 || r.body != "ok\n" {
		t.Errorf("/healthz: %d %q", r.status, r.body)
	}
}

// TestCacheFollowsTheSnapshot checks that a new registry snapshot is served
// at once, not the pages cached for the old one.
func TestCacheFollowsTheSnapshot(t *testing.T) {
	reg, _ := seed(t)
	var cur atomic.Pointer[registry.Registry]
	cur.Store(reg)
	s := New(cur.Load, nil)
	s.today = func() registry.Date { return testDay }
	if r := get(t, s, "/en/countries/PE"); !strings.Contains(r.body, "minaffet.gov.rw") {
		t.Fatal("no consular contact")
	}
	ds := reg.Dataset().Clone()
	ds.Settings.ConsularContact = "Consular desk, https://consular.example.org"
	cur.Store(registry.New(ds))
	if r := get(t, s, "/en/countries/PE"); !strings.Contains(r.body, `href="https://consular.example.org"`) {
		t.Error("the page of the old snapshot is still served")
	}
}

func TestCacheIsBounded(t *testing.T) {
	reg, _ := seed(t)
	var c pageCache
	e := httpcache.NewEntry([]byte("x"), "text/plain")
	for i := range maxCached + 10 {
		c.put(reg, fmt.Sprint(i), e)
		if c.len() > maxCached {
			t.Fatalf("cache holds %d pages", c.len())
		}
	}
	if c.get(reg, fmt.Sprint(maxCached+9)) == nil {
		t.Error("latest page not cached")
	}
	if c.get(registry.New(registry.Dataset{}), "1") != nil {
		t.Error("page served for another snapshot")
	}
}

func TestInternalErrorPage(t *testing.T) {
	s := newTestServer(t)
	s.mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("boom") })
	r := get(t, s, "/boom", "Accept-Language", "fr")
	if r.status != 500 || !strings.Contains(r.body, "Désolé, une erreur s&#39;est produite") || strings.Contains(r.body, "goroutine") {
		t.Errorf("panic: %d\n%s", r.status, r.body)
	}
}

func TestMissionFilters(t *testing.T) {
	s := newTestServer(t)
	reg, _ := seed(t)
	count := func(path string) int {
		return strings.Count(get(t, s, path).body, `<tr id="m-`)
	}
	all := count("/en/missions")
	embassies := count("/en/missions?kind=embassy")
	europe := count("/en/missions?region=europe")
	if all == 0 || embassies == 0 || embassies >= all || europe == 0 || europe >= all {
		t.Errorf("open %d, embassies %d, in Europe %d", all, embassies, europe)
	}
	f := reg.Figures(testDay)
	dip, _ := f.Get(registry.FigDiplomaticMissions)
	cons, _ := f.Get(registry.FigConsularPosts)
	other, _ := f.Get(registry.FigOtherPosts)
	if want := dip.Value + cons.Value + other.Value; all != want {
		t.Errorf("the list shows %d open missions, the figures count %d", all, want)
	}
	closed := get(t, s, "/en/missions?status=closed").body
	if !strings.Contains(closed, `id="m-rw-be-brussels"`) {
		t.Error("closed missions do not list Brussels")
	}
	foreign := get(t, s, "/en/missions?side=foreign").body
	if !strings.Contains(foreign, `id="m-hu-ke-nairobi"`) || !strings.Contains(foreign, `id="m-de-rw-kigali"`) || strings.Contains(foreign, `id="m-rw-ke-nairobi"`) {
		t.Error("foreign missions: want those in Kigali and those accredited from abroad, not ours")
	}
	// Filters keep their values in the form.
	if b := get(t, s, "/en/missions?kind=embassy").body; !strings.Contains(b, `<option value="embassy" selected>`) {
		t.Error("the kind filter does not keep its value")
	}
}

func TestMissionPage(t *testing.T) {
	s := newTestServer(t)
	body := get(t, s, "/en/missions/rw-se-stockholm").body
	for _, want := range []string{
		"<h1>Embassy of Rwanda in Sweden</h1>",
		`id="head-of-mission"`,
		`<a href="/en/countries/DK">Denmark</a></td><td>non-resident</td>`,
		`<a href="/en/countries/SE">Sweden</a></td><td>resident</td>`,
		"Last checked against its source",
		`href="https://allafrica.com/stories/202211170040.html"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("mission page lacks %q", want)
		}
	}
	// A closed mission says when it closed; before it opened it says so.
	if b := get(t, s, "/en/missions/rw-be-brussels").body; !strings.Contains(b, "status-closed") || !strings.Contains(b, `datetime="2025-03-17"`) {
		t.Error("Brussels: not shown as closed on 17 March 2025")
	}
	if b := get(t, s, "/en/missions/rw-dz-algiers?as_of=2020-01-01").body; !strings.Contains(b, "not open yet") {
		t.Error("Algiers in 2020: not shown as not yet open")
	}
}

func TestSearchesAreNotCached(t *testing.T) {
	s := newTestServer(t)
	get(t, s, "/en/")
	n := s.cache.len()
	for i := range 20 {
		if r := get(t, s, fmt.Sprintf("/en/countries?q=nowhere%d", i)); r.status != 200 || r.header.Get("ETag") == "" {
			t.Fatalf("search: %d, ETag %q", r.status, r.header.Get("ETag"))
		}
	}
	if s.cache.len() != n {
		t.Errorf("searches filled the cache: %d pages, was %d", s.cache.len(), n)
	}
}
