package web

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"mime"
	"net/http"
	"path"
	"strconv"
)

//go:embed static
var staticFS embed.FS

// staticFile is an embedded asset. Pages link it with ?v={version}, so it can
// be cached for a year: a changed file gets a new address.
type staticFile struct {
	body        []byte
	etag        string
	version     string
	length      string
	contentType string
}

func loadStatic() map[string]*staticFile {
	entries, err := staticFS.ReadDir("static")
	if err != nil {
		panic(err)
	}
	out := map[string]*staticFile{}
	for _, e := range entries {
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		v := base64.RawURLEncoding.EncodeToString(sum[:9])
		out[e.Name()] = &staticFile{
			body:        b,
			etag:        `"` + v + `"`,
			version:     v,
			length:      strconv.Itoa(len(b)),
			contentType: contentType(e.Name()),
		}
	}
	return out
}

func contentType(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (s *Server) staticHandler(name string) http.Handler {
	f, ok := s.static[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("ETag", f.etag)
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		if etagMatches(r.Header.Get("If-None-Match"), f.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Type", f.contentType)
		h.Set("Content-Length", f.length)
		w.Write(f.body)
	})
}
