package web_test

// The portal's benchmarks, on the seed data set, without the network. Each
// page is served five ways:
//
//   - render: the portal handler (web.New) with its page cache emptied before
//     every request, so that each one computes and renders the page (the
//     snapshot alternates between two registries of the same data set, which
//     is what a new snapshot after a write does to the cache);
//   - cached: the portal handler answering from its page cache, the path
//     nearly every request takes;
//   - site: site.New as cmd/chancery serves it (request id, routing, the
//     portal's security headers, metrics, one JSON log line per request into
//     the buffered access log, written out to io.Discard), cached;
//   - bare: a handler that only writes the same bytes with Content-Type and
//     Content-Length: the floor, which bench/compare.sh compares over the
//     network;
//   - logged_bare: bare behind site.Middleware (request id, metrics and log
//     line, as in site), which separates the cost of the middleware from the
//     portal's.
//
// All five write to an httptest.ResponseRecorder whose body buffer is reused.
//
//	go test -run '^$' -bench . -benchmem -count 5 ./internal/web/

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/accesslog"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/metrics"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/site"
	"github.com/chancery-org/chancery/internal/web"
)

var (
	benchOnce sync.Once
	benchRegs [2]*registry.Registry
	benchErr  error
)

// fixtures returns two registries of the seed data set (each built from its
// own load), built once.
func fixtures(b *testing.B) [2]*registry.Registry {
	b.Helper()
	benchOnce.Do(func() {
		for i := range benchRegs {
			ds, err := dataset.Load(data.FS)
			if err != nil {
				benchErr = err
				return
			}
			benchRegs[i] = registry.New(ds)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchRegs
}

// serve runs one request through h into rec, reusing scratch as the body
// buffer, and checks that the page came back whole.
func serve(b *testing.B, h http.Handler, req *http.Request, scratch []byte, want int) {
	rec := httptest.NewRecorder()
	rec.Body = bytes.NewBuffer(scratch[:0])
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Body.Len() != want {
		b.Fatalf("GET %s: status %d, %d bytes, want 200 and %d", req.URL, rec.Code, rec.Body.Len(), want)
	}
}

func BenchmarkPortal(b *testing.B) {
	regs := fixtures(b)
	for _, c := range []struct{ name, target string }{
		{"home", "/en/"},
		{"diplomatic_list", "/en/diplomatic-list"},
		{"country_KE", "/en/countries/KE"},
		{"country_DK_fr", "/fr/countries/DK"},
		{"countries", "/en/countries"},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, c.target, nil)
			// The snapshot the portal reads; render switches it before
			// each request.
			cur := regs[0]
			portal := web.New(func() *registry.Registry { return cur }, nil)
			access := accesslog.NewWriter(io.Discard, 0)
			m := metrics.New()
			stack := site.New(site.Config{Snapshot: func() *registry.Registry { return regs[0] },
				Logger: slog.New(slog.NewJSONHandler(access, nil)), Access: access, Metrics: m})

			first := httptest.NewRecorder()
			stack.ServeHTTP(first, req)
			if first.Code != http.StatusOK {
				b.Fatalf("GET %s: status %d", c.target, first.Code)
			}
			body, contentType := first.Body.Bytes(), first.Header().Get("Content-Type")
			length := strconv.Itoa(len(body))
			bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h := w.Header()
				h.Set("Content-Type", contentType)
				h.Set("Content-Length", length)
				w.Write(body)
			})
			scratch := make([]byte, 0, len(body)+512)

			b.Run("render", func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					cur = regs[i%2] // a new snapshot: the page cache starts again
					serve(b, portal, req, scratch, len(body))
				}
				cur = regs[0]
			})
			for _, v := range []struct {
				name string
				h    http.Handler
			}{
				{"cached", portal},
				{"site", stack},
				{"bare", bare},
				{"logged_bare", site.Middleware(bare, access, m)},
			} {
				b.Run(v.name, func(b *testing.B) {
					serve(b, v.h, req, scratch, len(body)) // fill the cache
					b.SetBytes(int64(len(body)))
					b.ReportAllocs()
					for b.Loop() {
						serve(b, v.h, req, scratch, len(body))
					}
				})
			}
		})
	}
}

// BenchmarkFinderSearch times a search of the country finder, which is never
// cached (its index is, per snapshot and language).
func BenchmarkFinderSearch(b *testing.B) {
	regs := fixtures(b)
	portal := web.New(func() *registry.Registry { return regs[0] }, nil)
	req := httptest.NewRequest(http.MethodGet, "/en/countries?q=guin", nil)
	first := httptest.NewRecorder()
	portal.ServeHTTP(first, req)
	if first.Code != http.StatusOK {
		b.Fatalf("status %d", first.Code)
	}
	n := first.Body.Len()
	scratch := make([]byte, 0, n+512)
	b.ReportAllocs()
	for b.Loop() {
		serve(b, portal, req, scratch, n)
	}
}
