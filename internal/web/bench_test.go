package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// discard is a minimal ResponseWriter, so that the benchmarks measure the
// handler rather than the recorder.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

func benchPage(b *testing.B, target string, cached bool) {
	s := newTestServer(b)
	req := httptest.NewRequest(http.MethodGet, target, nil)
	w := &discard{h: http.Header{}}
	s.ServeHTTP(w, req)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if !cached {
			s.cache = pageCache{}
		}
		clear(w.h)
		s.ServeHTTP(w, req)
	}
}

// BenchmarkCachedHome is the path nearly every request takes.
func BenchmarkCachedHome(b *testing.B) { benchPage(b, "/en/", true) }

func BenchmarkRenderHome(b *testing.B)           { benchPage(b, "/en/", false) }
func BenchmarkRenderCountry(b *testing.B)        { benchPage(b, "/fr/countries/DK", false) }
func BenchmarkRenderDiplomaticList(b *testing.B) { benchPage(b, "/en/diplomatic-list", false) }
func BenchmarkRenderCountries(b *testing.B)      { benchPage(b, "/en/countries", false) }
func BenchmarkFinderSearch(b *testing.B)         { benchPage(b, "/en/countries?q=guin", false) }
