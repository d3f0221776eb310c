package httpcache

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"gzip, deflate, br, zstd", true},
		{"br;q=1.0, gzip;q=0.8", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"gzip;q=0.001", true},
		{"*", true},
		{"*;q=0", false},
		{"identity", false},
		{"deflate, br", false},
		{"x-gzip", false},
		{"gzip;q=abc", true}, // an unreadable quality is not a refusal
		{",,;;==", false},
	}
	for _, tt := range tests {
		if got := AcceptsGzip(tt.header); got != tt.want {
			t.Errorf("AcceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestNewEntry(t *testing.T) {
	if e := NewEntry([]byte("short"), "text/plain"); e.Gzip != nil {
		t.Error("a 5-byte body was compressed")
	}
	text := []byte(strings.Repeat("<p>The Republic of Rwanda's missions abroad.</p>\n", 100))
	if e := NewEntry(text, "text/html"); e.Gzip == nil || e.Gzip.ETag[0] == e.ETag[0] {
		t.Error("a repetitive page was not compressed, or shares its ETag with its gzip encoding")
	}
}

func TestETagMatches(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{`"abc"`, true},
		{`W/"abc"`, true},
		{`"x", "abc"`, true},
		{`*`, true},
		{`"abc-gz"`, false},
		{`abc`, false},
	}
	for _, tt := range tests {
		if got := ETagMatches(tt.header, `"abc"`); got != tt.want {
			t.Errorf("ETagMatches(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

// TestWrite checks the headers of a 200, a 304 and a HEAD, in both encodings.
func TestWrite(t *testing.T) {
	e := NewEntry([]byte(strings.Repeat("chancery ", 500)), "text/plain")
	cc, vary := []string{"public, max-age=60"}, []string{"Accept-Encoding"}
	tests := []struct {
		method, encoding, ifNoneMatch string
		status                        int
		contentEncoding               string
		bodyLen                       int
	}{
		{"GET", "", "", 200, "", len(e.Body)},
		{"GET", "gzip", "", 200, "gzip", len(e.Gzip.Body)},
		{"HEAD", "gzip", "", 200, "gzip", 0},
		{"GET", "gzip", e.Gzip.ETag[0], 304, "", 0},
		{"GET", "", e.ETag[0], 304, "", 0},
		{"GET", "", e.Gzip.ETag[0], 200, "", len(e.Body)},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, "/", nil)
		r.Header.Set("Accept-Encoding", tt.encoding)
		r.Header.Set("If-None-Match", tt.ifNoneMatch)
		w := httptest.NewRecorder()
		e.Write(w, r, cc, vary)
		h := w.Result().Header
		if w.Code != tt.status || h.Get("Content-Encoding") != tt.contentEncoding || w.Body.Len() != tt.bodyLen ||
			h.Get("Vary") != "Accept-Encoding" || h.Get("Cache-Control") != cc[0] || h.Get("ETag") == "" {
			t.Errorf("%s %q If-None-Match %q: %d, encoding %q, %d bytes, headers %v",
				tt.method, tt.encoding, tt.ifNoneMatch, w.Code, h.Get("Content-Encoding"), w.Body.Len(), h)
		}
		if tt.status == http.StatusOK && h.Get("Content-Length") == "" {
			t.Errorf("%s %q: no Content-Length", tt.method, tt.encoding)
		}
	}
}
