package api

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// TestRoutingTable checks the API's routing table (package routing)
// against its ServeMux, with and without the write routes: the read routes
// without a wildcard are in it, and the ServeMux would choose the same
// pattern (r.Pattern, the metrics' route label) for each of its paths.
func TestRoutingTable(t *testing.T) {
	snapshot := func() *registry.Registry { return nil }
	for _, c := range []struct {
		name string
		opts []Option
	}{
		{"read-only", nil},
		{"with writes", []Option{WithWrites(WriteConfig{DB: new(store.DB)})}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := New(snapshot, slog.New(slog.DiscardHandler), c.opts...)
			if err := s.mux.Verify(); err != nil {
				t.Fatal(err)
			}
			var exact int
			for _, rt := range s.routes() {
				if !containsWildcard(rt.path) {
					exact++
					if rt.csv {
						exact++
					}
				}
			}
			// With writes, the settings and the write-only collections
			// (whose other methods get 405) are in it too.
			if s.mux.Paths() < exact {
				t.Errorf("%d paths in the routing table, want at least the %d read routes without wildcards", s.mux.Paths(), exact)
			}
		})
	}
}

func containsWildcard(p string) bool {
	for _, c := range p {
		if c == '{' {
			return true
		}
	}
	return false
}

// TestRoutingAnswers: requests the routing table leaves to the ServeMux
// are answered as before.
func TestRoutingAnswers(t *testing.T) {
	seed, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.New(seed)
	s := New(func() *registry.Registry { return reg }, slog.New(slog.DiscardHandler))
	for _, c := range []struct {
		method, target string
		status         int
	}{
		{http.MethodGet, "/api/v1/figures", http.StatusOK},
		{http.MethodHead, "/api/v1/figures", http.StatusOK},
		{http.MethodGet, "/api/v1/figures.csv", http.StatusOK},
		{http.MethodGet, "/api/v1/figure%73", http.StatusOK}, // escaped: matched by the ServeMux
		{http.MethodOptions, "/api/v1/figures", http.StatusNoContent},
		{http.MethodPost, "/api/v1/figures", http.StatusMethodNotAllowed},
		{http.MethodGet, "/api/v1%2Ffigures", http.StatusNotFound},
		{http.MethodGet, "/api/v1/figures/", http.StatusNotFound},
		{http.MethodGet, "/api/v1/../v1/figures", http.StatusNotFound},
		{http.MethodGet, "/api/v1/missions/" + seed.Missions[0].ID, http.StatusOK},
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(c.method, c.target, nil))
		if rec.Code != c.status {
			t.Errorf("%s %s: status %d, want %d", c.method, c.target, rec.Code, c.status)
		}
	}
}
