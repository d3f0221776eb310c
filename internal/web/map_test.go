package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/registry"
)

// mapPages are the pages with a map or a chart, without the language.
var mapPages = []string{"/", "/?as_of=2010-06-30", "/map", "/map?as_of=2010-06-30", "/missions/rw-se-stockholm", "/missions/dk-rw-kigali"}

func TestMapPagesInEveryLanguage(t *testing.T) {
	s := newTestServer(t)
	for _, lang := range i18n.Languages {
		for _, p := range mapPages {
			t.Run(lang+p, func(t *testing.T) {
				r := get(t, s, "/"+lang+p)
				if r.status != http.StatusOK {
					t.Fatalf("status %d", r.status)
				}
				checkPage(t, s, r, lang, p)
				if !strings.Contains(r.body, `class="worldmap"`) {
					t.Error("no map")
				}
				if !strings.Contains(r.body, `<a href="/`+lang+`/map`) {
					t.Error("no link to the map page in the menu")
				}
			})
		}
	}
	body := get(t, s, "/en/map").body
	for _, want := range []string{`<svg id="coverage-map"`, `<svg id="foreign-map"`, `<svg id="timeline-chart"`, `<svg id="regions-chart"`,
		`id="timeline-table"`, `id="regions-table"`, `<form class="date-form" action="/en/map" method="get">`, `aria-current="page">Map</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("map page lacks %s", want)
		}
	}
}

// gzipSize is the size of b compressed with gzip at the default level.
func gzipSize(t *testing.T, b []byte) int {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

// TestHomePageSize checks that the home page, map included, stays under
// 150 KB gzipped in every language (a size check, not a timing).
func TestHomePageSize(t *testing.T) {
	const limit = 150 << 10
	s := newTestServer(t)
	for _, lang := range i18n.Languages {
		body := get(t, s, "/"+lang+"/").body
		i, j := strings.Index(body, `<svg id="home-map"`), strings.Index(body, "</svg>")
		if i < 0 || j < i {
			t.Fatalf("%s: no home map", lang)
		}
		page, svg := gzipSize(t, []byte(body)), gzipSize(t, []byte(body[i:j]))
		t.Logf("%s: home page %d bytes, %d gzipped; its map %d bytes, %d gzipped", lang, len(body), page, j-i, svg)
		if page > limit {
			t.Errorf("%s: the home page is %d bytes gzipped, over %d", lang, page, limit)
		}
	}
}

// reCountry finds a country on a map: its code, accessible name and class.
var reCountry = regexp.MustCompile(`<a href="/[a-z]{2}/countries/([A-Z]{2})(?:\?as_of=[0-9-]+)?"><title>([^<]*)</title><(?:path|circle) class="([a-z_-]+)`)

// mapClasses returns the class of each country on the map with the given id.
func mapClasses(t *testing.T, body, id string) map[string]string {
	t.Helper()
	i := strings.Index(body, `<svg id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no map %s", id)
	}
	svg := body[i : i+strings.Index(body[i:], "</svg>")]
	out := map[string]string{}
	for _, m := range reCountry.FindAllStringSubmatch(svg, -1) {
		out[m[1]] = m[3]
	}
	return out
}

// TestCoverageMapMatchesTheFinder checks that every country of the registry
// is on the home page's map, shaded as the finder answers for it, on today
// and on an earlier date.
func TestCoverageMapMatchesTheFinder(t *testing.T) {
	s := newTestServer(t)
	reg, _ := seed(t)
	for _, date := range []registry.Date{testDay, registry.MustDate("2010-06-30")} {
		path := "/en/"
		if date != testDay {
			path += "?as_of=" + date.String()
		}
		got := mapClasses(t, get(t, s, path).body, "home-map")
		for _, c := range reg.Dataset().Countries {
			want := "cov-" + string(reg.Find(c.ISO2, date).Coverage)
			if got[c.ISO2] != want {
				t.Errorf("%s on %s: drawn %q, the finder says %q", c.ISO2, date, got[c.ISO2], want)
			}
		}
	}
}

// TestHomeMapChangesWithAsOf checks the test of done: the home page's
// map shows a mission opened after 2010 today, and not when as_of is set to
// a date before it opened.
func TestHomeMapChangesWithAsOf(t *testing.T) {
	s := newTestServer(t)
	reg, _ := seed(t)
	before := registry.MustDate("2010-06-30")
	var iso string
	for _, m := range reg.Dataset().Missions {
		if m.Sender.IsState(reg.Home()) && m.Opened.After(before) &&
			reg.Find(m.Country, testDay).Coverage == registry.CoverResident &&
			reg.Find(m.Country, before).Coverage != registry.CoverResident {
			iso = m.Country
			break
		}
	}
	if iso == "" {
		t.Fatal("the seed data has no mission opened after 2010 in a country not covered before")
	}
	now := mapClasses(t, get(t, s, "/en/").body, "home-map")
	old := mapClasses(t, get(t, s, "/en/?as_of="+before.String()).body, "home-map")
	if now[iso] != "cov-resident" || old[iso] == "cov-resident" || old[iso] == "" {
		t.Errorf("%s: today %q, on %s %q; want resident today only", iso, now[iso], before, old[iso])
	}
	if fmt.Sprint(now) == fmt.Sprint(old) {
		t.Error("the map of 2010 equals today's")
	}
	// The old map's links keep the date.
	if !strings.Contains(get(t, s, "/en/?as_of="+before.String()).body, `<a href="/en/countries/`+iso+`?as_of=2010-06-30"><title>`) {
		t.Error("the links of the map of 2010 lose the date")
	}
}

func TestMapNamesInThePageLanguage(t *testing.T) {
	s := newTestServer(t)
	tests := []struct{ path, want string }{
		{"/en/", "<title>Kenya: Mission in the country</title>"},
		{"/fr/", "<title>Kenya : Mission dans le pays</title>"},
		{"/sw/map", "<title>Kenya: Ubalozi nchini humo</title>"},
		{"/fr/map", "<title>Autriche : Accréditée auprès du Rwanda depuis l&#39;étranger</title>"},
		{"/en/", `<title id="home-map-title">World map: how Rwanda covers each country on 30 June 2026</title>`},
		{"/en/missions/rw-se-stockholm", "<title>Denmark: Also accredited to (non-resident)</title>"},
	}
	for _, tt := range tests {
		if body := get(t, s, tt.path).body; !strings.Contains(body, tt.want) {
			t.Errorf("%s lacks %s", tt.path, tt.want)
		}
	}
}

func TestForeignMap(t *testing.T) {
	s := newTestServer(t)
	reg, _ := seed(t)
	got := mapClasses(t, get(t, s, "/en/map").body, "foreign-map")
	for _, c := range reg.Dataset().Countries {
		a := reg.Find(c.ISO2, testDay)
		want := "for-none"
		switch {
		case c.ISO2 == reg.Home():
			want = "cov-home"
		case len(a.TheirResident) > 0:
			want = "for-resident"
		case len(a.TheirNonResident) > 0:
			want = "for-non_resident"
		}
		if got[c.ISO2] != want {
			t.Errorf("%s: drawn %q, want %q", c.ISO2, got[c.ISO2], want)
		}
	}
	if got["DE"] != "for-resident" || got["AT"] != "for-non_resident" {
		t.Errorf("Germany %q (has an embassy in Kigali), Austria %q (accredited from Nairobi)", got["DE"], got["AT"])
	}
}

func TestMissionMap(t *testing.T) {
	s := newTestServer(t)
	body := get(t, s, "/en/missions/rw-se-stockholm").body
	got := mapClasses(t, body, "mission-map")
	if got["SE"] != "mis-located" || got["DK"] != "mis-accredited" {
		t.Errorf("Sweden %q, Denmark %q", got["SE"], got["DK"])
	}
	if len(got) > 10 {
		t.Errorf("%d countries linked on the mission's map: only its own should be", len(got))
	}
	if strings.Contains(body, `<svg id="mission-map" class="worldmap" viewBox="0 0 2000 `) {
		t.Error("the mission's map shows the whole world")
	}
	// Before it opened, a mission covers nothing: no map.
	if b := get(t, s, "/en/missions/rw-dz-algiers?as_of=2020-01-01").body; strings.Contains(b, `id="mission-map"`) {
		t.Error("a map for a mission not open yet")
	}
}

func TestTimeline(t *testing.T) {
	s := newTestServer(t)
	reg, _ := seed(t)
	body := get(t, s, "/en/map").body
	first := firstYear(reg, testDay.Year())
	if first >= 2010 || !strings.Contains(body, fmt.Sprintf(`<tr id="year-%d">`, first)) || strings.Contains(body, fmt.Sprintf(`<tr id="year-%d">`, first-1)) {
		t.Errorf("the timeline does not start in %d", first)
	}
	f := reg.Figures(testDay)
	missions := value(f, registry.FigDiplomaticMissions) + value(f, registry.FigConsularPosts) + value(f, registry.FigOtherPosts)
	row := body[strings.Index(body, `<tr id="year-2026">`):]
	row = row[:strings.Index(row, "</tr>")]
	want := fmt.Sprintf(`<td class="num">%d</td><td class="num">%d</td>`, missions, value(f, registry.FigCountriesCovered))
	if !strings.Contains(row, want) || !strings.Contains(row, `datetime="2026-06-30"`) {
		t.Errorf("the last row %s lacks %s for 30 June 2026", row, want)
	}
	// The regions add up to the missions open.
	total := 0
	for _, r := range regions {
		i := strings.Index(body, `<tr id="region-`+r.Slug+`">`)
		if i < 0 {
			t.Fatalf("no row for %s", r.Slug)
		}
		var n int
		cell := body[i:]
		cell = cell[strings.Index(cell, `<td class="num">`)+len(`<td class="num">`):]
		fmt.Sscan(cell[:strings.Index(cell, "<")], &n)
		total += n
	}
	if total != missions {
		t.Errorf("regions add up to %d missions, the figures say %d", total, missions)
	}
}

func TestMapPageIsCached(t *testing.T) {
	s := newTestServer(t)
	r := get(t, s, "/en/map?as_of=2015-06-30")
	etag := r.header.Get("ETag")
	if r.status != 200 || etag == "" {
		t.Fatalf("status %d, ETag %q", r.status, etag)
	}
	if c := get(t, s, "/en/map?as_of=2015-06-30", "If-None-Match", etag); c.status != http.StatusNotModified {
		t.Errorf("conditional GET: %d", c.status)
	}
	if other := get(t, s, "/en/map"); other.header.Get("ETag") == etag {
		t.Error("today's map has the ETag of 2015's")
	}
}

// mapRequest is a request for the map page on the test day.
func mapRequest(t testing.TB, lang string) *request {
	reg, _ := seed(t)
	return &request{Request: httptest.NewRequest(http.MethodGet, "/"+lang+"/map", nil), lang: lang, reg: reg, asOf: testDay}
}

// BenchmarkCoverageMap renders the home page's map: the finder for every
// country, and the SVG.
func BenchmarkCoverageMap(b *testing.B) {
	s := newTestServer(b)
	rq := mapRequest(b, "en")
	b.ReportAllocs()
	for b.Loop() {
		s.coverageMap(rq, "home-map")
	}
}

// BenchmarkMapPage renders the map page's data: two maps and two charts
// with their tables' figures.
func BenchmarkMapPage(b *testing.B) {
	s := newTestServer(b)
	rq := mapRequest(b, "en")
	b.ReportAllocs()
	for b.Loop() {
		s.mapPage(rq)
	}
}

// BenchmarkMapPageServed serves the map page, from the page cache after the
// first request.
func BenchmarkMapPageServed(b *testing.B) {
	s := newTestServer(b)
	req := httptest.NewRequest(http.MethodGet, "/en/map", nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
	}
}
