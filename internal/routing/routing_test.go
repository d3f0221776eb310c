package routing

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestSameAsServeMux registers the same patterns with a Mux and an
// http.ServeMux and checks that every request reaches the same handler with
// the same r.Pattern through both, and which requests the table answers.
func TestSameAsServeMux(t *testing.T) {
	patterns := []string{
		"GET /a",
		"/b",
		"/c/",         // a subtree: not in the table
		"GET /d/{$}",  // exactly /d/
		"GET /e/{id}", // a wildcard: not in the table
		"POST /f", "GET /f",
		"GET /g", "/g", // the GET pattern wins, whatever the order
		"/h", "GET /h",
		"GET /i", "HEAD /i", // HEAD has its own handler
		"GET /{$}",
		"/",
	}
	mux, std := New(), http.NewServeMux()
	for _, p := range patterns {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, p+" | "+r.Pattern)
		})
		mux.Handle(p, h)
		std.Handle(p, h)
	}
	if err := mux.Verify(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, target string
		exact          bool // answered from the table
	}{
		{"GET", "/a", true},
		{"HEAD", "/a", true},
		{"POST", "/a", false},
		{"GET", "/a?x=1", true},
		{"GET", "/b", true},
		{"DELETE", "/b", false},
		{"GET", "/c/", false},
		{"GET", "/c/x", false},
		{"GET", "/d/", true},
		{"GET", "/d", false},
		{"GET", "/e/1", false},
		{"GET", "/f", true},
		{"POST", "/f", false},
		{"GET", "/g", true},
		{"GET", "/h", true},
		{"GET", "/i", true},
		{"HEAD", "/i", false},
		{"GET", "/", true},
		{"GET", "/zz", false},
		{"GET", "/%61", false}, // escaped: the ServeMux matches it to /a
		{"GET", "/a/../b", false},
		{"GET", "//a", false},
	}
	for _, tt := range tests {
		got, exact := serve(mux, tt.method, tt.target)
		want, _ := serve(std, tt.method, tt.target)
		if got != want {
			t.Errorf("%s %s: Mux %q, ServeMux %q", tt.method, tt.target, got, want)
		}
		if exact != tt.exact {
			t.Errorf("%s %s: answered from the table %v, want %v", tt.method, tt.target, exact, tt.exact)
		}
	}
}

// serve returns h's status and body for a request, and whether a Mux
// answered it from its table.
func serve(h http.Handler, method, target string) (string, bool) {
	r := httptest.NewRequest(method, target, nil)
	w := httptest.NewRecorder()
	exact := false
	if m, ok := h.(*Mux); ok {
		exact = m.ServeExact(w, r)
		if !exact {
			m.ServeHTTP(w, r)
		}
	} else {
		h.ServeHTTP(w, r)
	}
	return http.StatusText(w.Code) + " " + strings.TrimSpace(w.Body.String()), exact
}

// TestHostPatterns: a pattern with a host wins over those without, so a Mux
// with one does not use its table.
func TestHostPatterns(t *testing.T) {
	m := New()
	m.HandleFunc("GET /a", func(w http.ResponseWriter, r *http.Request) {})
	m.HandleFunc("GET example.org/a", func(w http.ResponseWriter, r *http.Request) {})
	if m.ServeExact(httptest.NewRecorder(), httptest.NewRequest("GET", "/a", nil)) {
		t.Error("answered from the table with a host pattern registered")
	}
}

// TestVerifyFindsADifference: Verify reports a table entry the ServeMux
// would not choose.
func TestVerifyFindsADifference(t *testing.T) {
	m := New()
	m.HandleFunc("GET /a", func(w http.ResponseWriter, r *http.Request) {})
	m.exact["/a"] = route{pattern: "/a", handler: http.NotFoundHandler()}
	if err := m.Verify(); err == nil || !strings.Contains(err.Error(), `the ServeMux chooses "GET /a"`) {
		t.Errorf("Verify: %v", err)
	}
}

func TestCanonical(t *testing.T) {
	for _, c := range []struct {
		path string
		want bool
	}{
		{"/", true},
		{"/api/v1/figures", true},
		{"/en/", true},
		{"", false},
		{"api/v1/figures", false},
		{"//api", false},
		{"/api//v1", false},
		{"/api/./v1", false},
		{"/api/v1/..", false},
		{"/api/v1/../x", false},
		{"/en//", false},
		{"/.", false},
	} {
		if got := Canonical(c.path); got != c.want {
			t.Errorf("Canonical(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}
