// Package routing holds Mux: an http.ServeMux with a table of its exact
// routes (patterns without wildcards, for GET or for every method), which
// answers GET and HEAD requests for those paths with one map lookup instead
// of the ServeMux's matching. Those are nearly all of a public site's
// requests, and on the API's cached responses the ServeMux's matching cost
// more than the rest of the handler (bench/apiserver's BenchmarkStack).
//
// The table only ever chooses what the ServeMux would: a path is in it when
// its pattern is the most specific one for GET and HEAD requests of exactly
// that path, and Verify checks every entry against the ServeMux.
package routing

import (
	"fmt"
	"net/http"
	"path"
	"strings"
)

// Mux routes requests as an http.ServeMux does.
type Mux struct {
	mux   *http.ServeMux
	exact map[string]route
	// blocked holds the paths some pattern routes by HEAD itself: the
	// table cannot answer them.
	blocked map[string]bool
	// hosts is set once a pattern names a host; such patterns win over
	// the others, so the table is not used.
	hosts bool
}

type route struct {
	pattern string
	method  string // "GET" or "" (every method)
	handler http.Handler
}

// New returns an empty Mux.
func New() *Mux {
	return &Mux{mux: http.NewServeMux(), exact: map[string]route{}, blocked: map[string]bool{}}
}

// Handle registers handler for pattern, in the ServeMux's syntax, and
// panics as http.ServeMux.Handle does on an invalid or conflicting pattern.
func (m *Mux) Handle(pattern string, handler http.Handler) {
	m.mux.Handle(pattern, handler)
	method, rest, ok := strings.Cut(strings.TrimLeft(pattern, " \t"), " ")
	if !ok {
		method, rest = "", method
	}
	rest = strings.TrimLeft(rest, " \t")
	if !strings.HasPrefix(rest, "/") {
		m.hosts = true
		return
	}
	p, ok := exactPath(rest)
	if !ok {
		return
	}
	switch method {
	case http.MethodHead:
		m.blocked[p] = true
	case http.MethodGet, "":
		// "GET /p" is more specific than "/p": it wins whatever the order.
		if old, ok := m.exact[p]; !ok || old.method == "" {
			m.exact[p] = route{pattern: pattern, method: method, handler: handler}
		}
	}
}

// HandleFunc registers f for pattern, as Handle does.
func (m *Mux) HandleFunc(pattern string, f func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(f))
}

// exactPath returns the one path a pattern's path matches: the pattern
// itself when it has no wildcard and does not end in "/" (which would match
// a subtree), or the path before a final "{$}". The path must be clean: the
// ServeMux redirects a request for an unclean path before matching it.
func exactPath(p string) (string, bool) {
	if s, ok := strings.CutSuffix(p, "/{$}"); ok {
		p = s + "/"
	} else if strings.HasSuffix(p, "/") {
		return "", false
	}
	if strings.ContainsAny(p, "{}") {
		return "", false
	}
	return p, Canonical(p)
}

// Canonical reports whether p is a path the ServeMux matches as it is,
// without redirecting: rooted, without "." or ".." segments or repeated
// slashes.
func Canonical(p string) bool {
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	return clean == p && strings.HasPrefix(p, "/")
}

// ServeHTTP answers r from the table when ServeExact can, else through the
// ServeMux.
func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !m.ServeExact(w, r) {
		m.mux.ServeHTTP(w, r)
	}
}

// ServeExact answers a GET or HEAD request for a path in the table, with
// r.Pattern set as the ServeMux would set it, and reports whether it did. A
// path sent with escapes (URL.RawPath set) is left to the ServeMux, which
// matches it segment by segment.
func (m *Mux) ServeExact(w http.ResponseWriter, r *http.Request) bool {
	if m.hosts || r.URL.RawPath != "" {
		return false
	}
	switch r.Method {
	case http.MethodGet:
	case http.MethodHead:
		if m.blocked[r.URL.Path] {
			return false
		}
	default:
		return false
	}
	rt, ok := m.exact[r.URL.Path]
	if !ok {
		return false
	}
	r.Pattern = rt.pattern
	rt.handler.ServeHTTP(w, r)
	return true
}

// Paths returns the number of paths in the table.
func (m *Mux) Paths() int { return len(m.exact) }

// Verify checks every path in the table against the ServeMux: for a GET and
// a HEAD request of the path, the ServeMux must choose the same pattern. It
// returns the first difference.
func (m *Mux) Verify() error {
	for p, rt := range m.exact {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			if method == http.MethodHead && m.blocked[p] {
				continue
			}
			r, err := http.NewRequest(method, p, nil)
			if err != nil {
				return fmt.Errorf("routing: %s %s: %w", method, p, err)
			}
			_, pattern := m.mux.Handler(r)
			if pattern != rt.pattern {
				return fmt.Errorf("routing: %s %s: the table has %q, the ServeMux chooses %q", method, p, rt.pattern, pattern)
			}
		}
	}
	return nil
}
