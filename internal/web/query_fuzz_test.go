package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzPageQuery sends every page that reads a query string an arbitrary
// one: the answer is the page (200), a redirect within the site (a search
// with one result, a canonical query) or a bad request (400), never a
// server error or a panic, and always valid UTF-8.
func FuzzPageQuery(f *testing.F) {
	s := newTestServer(f)
	pages := []string{"/en/", "/fr/missions", "/rw/countries", "/sw/map", "/en/diplomatic-list", "/en/missions/rw-dz-algiers"}
	for _, q := range []string{
		"as_of=2025-01-01", "as_of=2025-02-30", "side=home&kind=embassy&region=Africa&status=open", "q=ken",
		"q=%ff", "q=%zz", "as_of=%00", "kind=%3Cscript%3E", "q=" + string(make([]byte, 300)), "as_of=2025&as_of=2026",
		"q=%C0%AF", "region=a%07b", ";", "&&==", "as_of=+2025-01-01+",
	} {
		for i := range pages {
			f.Add(uint8(i), q)
		}
	}
	f.Fuzz(func(t *testing.T, page uint8, query string) {
		req := httptest.NewRequest(http.MethodGet, pages[int(page)%len(pages)], nil)
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest:
		case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther:
			loc := rec.Header().Get("Location")
			if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
				t.Fatalf("%s?%q: redirected off the site, to %q", req.URL.Path, query, loc)
			}
		default:
			t.Fatalf("%s?%q: status %d", req.URL.Path, query, rec.Code)
		}
		if !utf8.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s?%q: the page is not valid UTF-8", req.URL.Path, query)
		}
	})
}
