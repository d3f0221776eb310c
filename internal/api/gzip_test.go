package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"
)

// TestGzip checks that a client accepting gzip gets the same response
// compressed, with its own ETag, as the document describes.
func TestGzip(t *testing.T) {
	a := oaServer(t)
	for _, target := range []string{"/api/v1/missions", "/api/v1/figures", "/api/v1/countries.csv"} {
		plain := a.do(t, http.MethodGet, target, nil)
		gz := a.do(t, http.MethodGet, target, map[string]string{"Accept-Encoding": "gzip"})
		if plain.status != 200 || gz.status != 200 || gz.header.Get("Content-Encoding") != "gzip" ||
			plain.header.Get("Content-Encoding") != "" {
			t.Fatalf("%s: %d and %d, Content-Encoding %q", target, plain.status, gz.status, gz.header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz.body))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(body, plain.body) {
			t.Errorf("%s: the gzipped body is not the response (%v)", target, err)
		}
		// The document describes the decoded body (kin-openapi does not
		// decode content codings).
		a.validate(t, http.MethodGet, target, map[string]string{"Accept-Encoding": "gzip"},
			oaResponse{status: gz.status, header: gz.header, body: body})
		if gz.header.Get("ETag") == plain.header.Get("ETag") || gz.header.Get("Vary") != "Accept, Accept-Encoding" {
			t.Errorf("%s: ETag %s for both encodings, or Vary %q", target, gz.header.Get("ETag"), gz.header.Get("Vary"))
		}
		again := a.do(t, http.MethodGet, target, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": gz.header.Get("ETag")})
		if again.status != http.StatusNotModified {
			t.Errorf("%s: revalidating the gzip encoding: %d, want 304", target, again.status)
		}
	}
}
