package site

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chancery-org/chancery/internal/accesslog"
	"github.com/chancery-org/chancery/internal/metrics"
)

// BenchmarkMiddleware times what the middleware adds to one request, part by
// part, around a handler that only writes a 4 kB body to a writer that
// discards it: "ids" is the request id, the clock reads and the recorder;
// "log" adds the access log line (to io.Discard), "metrics" the histogram,
// "all" both, as site.New runs it. It is the in-process floor of the stack's
// cost over a bare handler; bench/compare.sh measures it over the network.
//
//	go test -run '^$' -bench Middleware -benchmem ./internal/site/
func BenchmarkMiddleware(b *testing.B) {
	body := make([]byte, 4270)
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Pattern = "/api/v1/figures"
		w.Write(body)
	})
	req := httptest.NewRequest(http.MethodGet, "/api/v1/figures", nil)
	for _, c := range []struct {
		name    string
		access  *accesslog.Writer
		metrics *metrics.Metrics
	}{
		{"ids", nil, nil},
		{"log", accesslog.NewWriter(io.Discard, 0), nil},
		{"metrics", nil, metrics.New()},
		{"all", accesslog.NewWriter(io.Discard, 0), metrics.New()},
	} {
		b.Run(c.name, func(b *testing.B) {
			h := Middleware(next, c.access, c.metrics)
			w := &discardWriter{header: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.header)
				h.ServeHTTP(w, req)
			}
			if w.n != int64(b.N)*int64(len(body)) {
				b.Fatalf("%d bytes written, want %d", w.n, int64(b.N)*int64(len(body)))
			}
		})
	}
}

// discardWriter is a ResponseWriter that counts the bytes written and keeps
// nothing but the header map.
type discardWriter struct {
	header http.Header
	n      int64
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(int)     {}
func (w *discardWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
