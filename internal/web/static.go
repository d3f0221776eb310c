package web

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"mime"
	"net/http"
	"path"

	"github.com/chancery-org/chancery/internal/httpcache"
)

//go:embed static
var staticFS embed.FS

// staticFile is an embedded asset. Pages link it with ?v={version}, so it can
// be cached for a year: a changed file gets a new address.
type staticFile struct {
	*httpcache.Entry
	version string
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
		out[e.Name()] = &staticFile{
			Entry:   httpcache.NewEntry(b, contentType(e.Name())),
			version: base64.RawURLEncoding.EncodeToString(sum[:9]),
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

// cacheImmutable is the Cache-Control of a static file.
var cacheImmutable = []string{"public, max-age=31536000, immutable"}

func (s *Server) staticHandler(name string) http.Handler {
	f, ok := s.static[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.Write(w, r, cacheImmutable, varyAcceptEncoding)
	})
}
