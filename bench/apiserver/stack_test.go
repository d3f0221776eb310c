package main

// BenchmarkStack times one cached request of each API URL bench/compare.sh measures,
// through the layers of the production handler, without the network:
//
//   - api: the API handler alone (api.New), as internal/api's benchmarks;
//   - site: site.New as cmd/chancery serves it (request id, routing to the
//     API, metrics, one JSON log line per request into the buffered access
//     log, here written out to io.Discard);
//   - bare: a handler that only writes the same bytes with Content-Type and
//     Content-Length;
//   - bare-hdr: a handler that writes the same bytes with the same headers
//     as site, assigned from slices made once.
//
//	go test -run '^$' -bench Stack -benchmem -count 5 ./bench/apiserver/

import (
	"bytes"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/accesslog"
	"github.com/chancery-org/chancery/internal/api"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
)

func BenchmarkStack(b *testing.B) {
	for _, c := range []struct {
		name   string
		world  bool
		target string
	}{
		{"figures", false, "/api/v1/figures"},
		{"missions", false, "/api/v1/missions"},
		{"missions_filtered_world", true, "/api/v1/missions?kind=embassy&region=002&as_of=2026-07-01&limit=100"},
	} {
		b.Run(c.name, func(b *testing.B) {
			access := accesslog.NewWriter(io.Discard, 0)
			logger := slog.New(slog.NewJSONHandler(access, nil))
			ds, err := dataset.Load(data.FS)
			if err != nil {
				b.Fatal(err)
			}
			siteHandler, reg := build(ds, c.world, logger, access)
			apiHandler := api.New(func() *registry.Registry { return reg }, logger)
			runtime.GC()
			req := httptest.NewRequest(http.MethodGet, c.target, nil)
			first := httptest.NewRecorder()
			siteHandler.ServeHTTP(first, req)
			if first.Code != http.StatusOK {
				b.Fatalf("GET %s: status %d", c.target, first.Code)
			}
			body, contentType := first.Body.Bytes(), first.Header().Get("Content-Type")
			length := strconv.Itoa(len(body))
			scratch := make([]byte, 0, len(body)+512)
			fixed := first.Header().Clone()
			keys := slices.Collect(maps.Keys(fixed))
			for _, v := range []struct {
				name string
				h    http.Handler
			}{
				{"api", apiHandler},
				{"site", siteHandler},
				{"bare", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					h := w.Header()
					h.Set("Content-Type", contentType)
					h.Set("Content-Length", length)
					w.Write(body)
				})},
				{"bare-hdr", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					h := w.Header()
					for _, k := range keys {
						h[k] = fixed[k]
					}
					w.Write(body)
				})},
			} {
				b.Run(v.name, func(b *testing.B) {
					v.h.ServeHTTP(httptest.NewRecorder(), req) // fill the cache
					b.SetBytes(int64(len(body)))
					b.ReportAllocs()
					for b.Loop() {
						rec := httptest.NewRecorder()
						rec.Body = bytes.NewBuffer(scratch[:0])
						v.h.ServeHTTP(rec, req)
						if rec.Code != http.StatusOK || rec.Body.Len() != len(body) {
							b.Fatalf("GET %s: status %d, %d bytes, want 200 and %d", c.target, rec.Code, rec.Body.Len(), len(body))
						}
					}
				})
			}
		})
	}
}
