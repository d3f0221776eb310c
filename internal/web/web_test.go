package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.New(ds)
	srv := httptest.NewServer(New(func() *registry.Registry { return reg }, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv
}

func TestRoutes(t *testing.T) {
	srv := newServer(t)
	tests := []struct {
		method, path string
		status       int
		contains     string
	}{
		{"GET", "/healthz", 200, "ok"},
		{"GET", "/", 200, `<tr id="countries_covered">`},
		{"GET", "/?as_of=2015-06-30", 200, `datetime="2015-06-30"`},
		{"GET", "/?as_of=2015", 400, `as_of: "2015" is not a date YYYY-MM-DD`},
		{"GET", "/?as_of=%3Cscript%3E", 400, "is not a date"},
		{"GET", "/nowhere", 404, ""},
		{"POST", "/", 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status || !strings.Contains(string(body), tt.contains) {
				t.Errorf("%d %.300q; want %d containing %q", res.StatusCode, body, tt.status, tt.contains)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("missing nosniff header")
			}
		})
	}
}

// TestFiguresChangeWithDate checks that the page is computed for the date asked.
func TestFiguresChangeWithDate(t *testing.T) {
	srv := newServer(t)
	body := func(q string) string {
		res, err := http.Get(srv.URL + "/" + q)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	row := func(page string) string {
		i := strings.Index(page, `<tr id="diplomatic_missions">`)
		if i < 0 {
			t.Fatal("no diplomatic_missions row")
		}
		return page[i : i+strings.Index(page[i:], "</tr>")]
	}
	if row(body("?as_of=2026-06-30")) == row(body("?as_of=1990-01-01")) {
		t.Error("the figures of 1990 and 2026 are the same")
	}
}
