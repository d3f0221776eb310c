package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

// TestGzip checks that pages and static files are sent gzipped to clients
// that accept it, each encoding with its own ETag, and identical once
// decompressed.
func TestGzip(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/en/", "/fr/diplomatic-list", "/static/app.css"} {
		t.Run(path, func(t *testing.T) {
			plain := get(t, s, path)
			zipped := get(t, s, path, "Accept-Encoding", "gzip, deflate, br")
			if plain.status != 200 || zipped.status != 200 {
				t.Fatalf("status %d and %d", plain.status, zipped.status)
			}
			if plain.header.Get("Content-Encoding") != "" || zipped.header.Get("Content-Encoding") != "gzip" {
				t.Errorf("Content-Encoding %q and %q, want none and gzip",
					plain.header.Get("Content-Encoding"), zipped.header.Get("Content-Encoding"))
			}
			for _, r := range []response{plain, zipped} {
				if r.header.Get("Vary") != "Accept-Encoding" {
					t.Errorf("Vary %q, want Accept-Encoding", r.header.Get("Vary"))
				}
			}
			if plain.header.Get("ETag") == zipped.header.Get("ETag") {
				t.Error("the two encodings share an ETag")
			}
			zr, err := gzip.NewReader(bytes.NewReader([]byte(zipped.body)))
			if err != nil {
				t.Fatal(err)
			}
			unzipped, err := io.ReadAll(zr)
			if err != nil || string(unzipped) != plain.body {
				t.Errorf("the gzipped body does not decompress to the page (%v)", err)
			}
			if len(zipped.body) >= len(plain.body)/2 {
				t.Errorf("gzipped %d bytes of %d", len(zipped.body), len(plain.body))
			}
			// Each ETag revalidates its own encoding only.
			for _, c := range []struct {
				etag, encoding string
				status         int
			}{
				{plain.header.Get("ETag"), "", http.StatusNotModified},
				{zipped.header.Get("ETag"), "gzip", http.StatusNotModified},
				{plain.header.Get("ETag"), "gzip", http.StatusOK},
				{zipped.header.Get("ETag"), "", http.StatusOK},
			} {
				r := get(t, s, path, "If-None-Match", c.etag, "Accept-Encoding", c.encoding)
				if r.status != c.status {
					t.Errorf("If-None-Match %s with Accept-Encoding %q: %d, want %d", c.etag, c.encoding, r.status, c.status)
				}
			}
			head := do(t, s, http.MethodHead, path, "Accept-Encoding", "gzip")
			if head.body != "" || head.header.Get("Content-Length") != zipped.header.Get("Content-Length") {
				t.Errorf("HEAD: %d bytes of body, Content-Length %q; want none and %q",
					len(head.body), head.header.Get("Content-Length"), zipped.header.Get("Content-Length"))
			}
		})
	}
}

// TestCacheMissesRenderOnce: requests that miss the cache for one page while
// it is being rendered wait for that rendering instead of each rendering it
// again (after a write has emptied the cache, every reader of the home page
// would otherwise render it at once).
func TestCacheMissesRenderOnce(t *testing.T) {
	reg, _ := seed(t)
	s := New(func() *registry.Registry { return reg }, nil)
	var calls atomic.Int64
	started, release := make(chan struct{}), make(chan struct{})
	h := s.page(navHome, func(rq *request) result {
		if calls.Add(1) == 1 {
			close(started)
			<-release
		}
		return result{body: []byte("the page"), contentType: "text/plain; charset=utf-8"}
	})
	const n = 20
	var wg sync.WaitGroup
	codes := make([]int, n)
	bodies := make([]string, n)
	for i := range n {
		wg.Go(func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/en/slow", nil))
			codes[i], bodies[i] = rec.Code, rec.Body.String()
		})
	}
	<-started
	// Give the other requests time to arrive while the first renders: without
	// the collapsing, each would render the page itself.
	time.Sleep(100 * time.Millisecond)
	close(release)
	wg.Wait()
	if c := calls.Load(); c != 1 {
		t.Errorf("the page was rendered %d times for %d concurrent requests, want once", c, n)
	}
	for i := range n {
		if codes[i] != http.StatusOK || bodies[i] != "the page" {
			t.Errorf("request %d: %d %q", i, codes[i], bodies[i])
		}
	}
	if len(s.cache.flights) != 0 {
		t.Errorf("%d flights left", len(s.cache.flights))
	}
}

// TestCacheMissNotCacheable: when the page rendered is not cacheable (an
// error), the requests that waited for it answer for themselves.
func TestCacheMissNotCacheable(t *testing.T) {
	reg, _ := seed(t)
	s := New(func() *registry.Registry { return reg }, nil)
	var calls atomic.Int64
	started, release := make(chan struct{}), make(chan struct{})
	h := s.page(navHome, func(rq *request) result {
		if calls.Add(1) == 1 {
			close(started)
			<-release
		}
		return fail(http.StatusNotFound, "error.no_pillar", "id", "x")
	})
	var wg sync.WaitGroup
	codes := make([]int, 5)
	for i := range codes {
		wg.Go(func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/en/missing", nil))
			codes[i] = rec.Code
		})
	}
	<-started
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusNotFound {
			t.Errorf("request %d: %d, want 404", i, c)
		}
	}
	if len(s.cache.flights) != 0 {
		t.Errorf("%d flights left", len(s.cache.flights))
	}
}
