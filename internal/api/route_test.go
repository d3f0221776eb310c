package api

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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
				if !strings.Contains(rt.path, "{") {
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

// TestAnswersFollowTheDay checks that no cached answer outlives the day it
// was judged at: for every read route (a record's route with a sample id),
// a server that cached its answer on one day and is asked again on a later
// day, with the same registry, answers as a server started that later day.
// A route whose answer without as_of depends on today must be daily (the
// day is then in its cache key).
func TestAnswersFollowTheDay(t *testing.T) {
	seed, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.New(seed)
	day1 := time.Date(2026, 7, 1, 23, 59, 0, 0, time.UTC)
	day2 := time.Date(2027, 3, 15, 0, 1, 0, 0, time.UTC)
	samples := strings.NewReplacer("{id}", seed.Missions[0].ID, "{iso2}", "KE", "{fy}", "2025-2026")
	cached := New(func() *registry.Registry { return reg }, slog.New(slog.DiscardHandler))
	clock := day1
	cached.now = func() time.Time { return clock }
	fresh := New(func() *registry.Registry { return reg }, slog.New(slog.DiscardHandler))
	fresh.now = func() time.Time { return day2 }
	get := func(s *Server, target string) (int, string) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		return rec.Code, rec.Body.String()
	}
	var checked int
	for _, rt := range cached.routes() {
		target := samples.Replace(rt.path)
		if strings.Contains(target, "{") || strings.HasPrefix(rt.path, "/api/v1/consultations/") ||
			strings.HasPrefix(rt.path, "/api/v1/policy/versions/") {
			continue // no sample record in the seed data
		}
		clock = day1
		if code, _ := get(cached, target); code != http.StatusOK {
			t.Errorf("GET %s on day 1: status %d", target, code)
			continue
		}
		clock = day2
		_, got := get(cached, target)
		_, want := get(fresh, target)
		if got != want {
			t.Errorf("GET %s: the answer cached on %s is still served on %s", target, day1.Format(time.DateOnly), day2.Format(time.DateOnly))
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d routes checked", checked)
	}
}
