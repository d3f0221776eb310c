package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"
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
