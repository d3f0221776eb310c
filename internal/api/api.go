// Package api serves the open-data API under /api: JSON and CSV for every
// collection of the registry, its OpenAPI document, and a data-package export.
// Every response is computed from the in-memory registry snapshot and cached
// per snapshot (and per day, for an answer judged at today) with a strong
// ETag; no request reaches the database.
package api

import (
	"encoding/binary"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chancery-org/chancery/internal/clock"
	"github.com/chancery-org/chancery/internal/httpcache"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/routing"
)

// Server is the API's http.Handler.
type Server struct {
	snapshot func() *registry.Registry
	logger   *slog.Logger
	mux      *routing.Mux
	cache    cache
	writes   *writer // nil unless WithWrites
	// submissions reads the published submissions; nil unless
	// WithSubmissions.
	submissions SubmissionReader
	// now is the clock of the routes judged at today (route.daily):
	// clock.Coarse, or a test's clock.
	now func() time.Time
}

// New returns the API handler. snapshot returns the current registry; it is
// called once per request, and a new registry empties the response cache.
// The policy tracker's framework and indicators come from the registry.
// Without options the API is read-only; WithWrites adds the write routes,
// and WithSubmissions the published submissions to consultations.
func New(snapshot func() *registry.Registry, logger *slog.Logger, opts ...Option) *Server {
	s := &Server{snapshot: snapshot, logger: logger, mux: routing.New(), now: clock.Coarse}
	for _, o := range opts {
		o(s)
	}
	routes := s.routes()
	read := func(path string) bool {
		return slices.ContainsFunc(routes, func(rt route) bool { return rt.path == path })
	}
	for _, rt := range routes {
		pattern := rt.path
		if s.writes != nil && slices.ContainsFunc(writePaths(read), func(p writePath) bool { return p.path == rt.path }) {
			// The write routes answer the path's other methods.
			pattern = http.MethodGet + " " + rt.path
		}
		s.mux.Handle(pattern, s.endpoint(rt))
		if rt.csv {
			s.mux.Handle(rt.path+".csv", s.endpoint(rt))
		}
	}
	if s.writes != nil {
		s.writes.register(s.mux, read)
	}
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		commonHeaders(w.Header())
		writeProblem(w, r, notFound("no resource at "+safe(r.URL.Path)+"; the resources are listed in /api/openapi.json"))
	})
	return s
}

// Header values shared by every response that sends them. They are assigned
// under their canonical keys ("ETag" is "Etag"), as Header.Set would store
// them, without allocating: nothing may modify them.
var (
	allowAnyOrigin = []string{"*"}
	noSniff        = []string{"nosniff"}
	cachePublic    = []string{"public, max-age=60"}
	varyAccept     = []string{"Accept, Accept-Encoding"}
)

// commonHeaders sets the headers of every API response, problems included.
func commonHeaders(h http.Header) {
	h["Access-Control-Allow-Origin"] = allowAnyOrigin
	h["X-Content-Type-Options"] = noSniff
}

// format is a representation a route can produce.
type format int

const (
	formatJSON format = iota
	formatCSV
	formatOther // a route's own media type (the OpenAPI document, the zip export)
)

// result is what a route computes: a body to send, or a problem.
type result struct {
	body        []byte
	contentType string
	problem     *Problem
}

// route is one API resource.
type route struct {
	path   string  // ServeMux pattern without method
	params []param // accepted query parameters
	csv    bool    // also served as CSV (Accept: text/csv or a .csv suffix)
	// media is the route's own content type, for routes that are not JSON.
	media string
	// filename, when set, is offered as the download's name (Content-Disposition).
	filename string
	// daily is set when the answer depends on today's date (UTC) as well as
	// on the registry and the request: the day is then part of the cache key.
	daily bool
	serve func(reg *registry.Registry, r *http.Request, q *query, f format) result
}

// ServeHTTP answers GET and HEAD requests for the paths without wildcards
// (nearly all the API's traffic) from the routing table, and the rest
// through the ServeMux.
//
// It answers a path that is not in canonical form (with "." or ".."
// segments, or empty ones) with 404, where http.ServeMux would redirect to the
// cleaned path, possibly out of /api/, with an HTML body and no CORS header.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.mux.ServeExact(w, r) {
		return
	}
	if !routing.Canonical(r.URL.Path) {
		commonHeaders(w.Header())
		writeProblem(w, r, notFound("no resource at "+safe(r.URL.Path)+": the path is not in canonical form"))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// endpoint wraps a route with the HTTP semantics every resource shares:
// methods, CORS, content negotiation, parameter checks, caching and ETags.
func (s *Server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		commonHeaders(h)
		switch r.Method {
		case http.MethodGet, http.MethodHead:
		case http.MethodOptions:
			h.Set("Allow", "GET, HEAD, OPTIONS")
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Accept, If-None-Match")
			h.Set("Access-Control-Max-Age", "86400")
			w.WriteHeader(http.StatusNoContent)
			return
		default:
			h.Set("Allow", "GET, HEAD, OPTIONS")
			writeProblem(w, r, &Problem{Type: typeMethod, Title: "Method not allowed", Status: http.StatusMethodNotAllowed,
				Detail: r.Method + " is not allowed; the open-data API is read-only (GET, HEAD, OPTIONS)"})
			return
		}
		f, p := negotiate(rt, r)
		if p != nil {
			writeProblem(w, r, p)
			return
		}
		reg := s.snapshot()
		// The key is built in a buffer on the stack, and becomes a string
		// only when a response is stored.
		var buf [256]byte
		key := cacheKey(buf[:0], r, f)
		var now time.Time
		if rt.daily {
			// Judged at today: the answer may change with the day, even
			// when the registry does not.
			now = s.now()
			key = appendDay(key, now)
		}
		e := s.cache.get(reg, key)
		if e == nil {
			q, p := parseQuery(r.URL.RawQuery, rt.params, reg)
			if p != nil {
				writeProblem(w, r, p)
				return
			}
			if now.IsZero() {
				now = s.now()
			}
			q.now = now
			res := rt.serve(reg, r, q, f)
			if res.problem != nil {
				writeProblem(w, r, res.problem)
				return
			}
			e = httpcache.NewEntry(res.body, res.contentType)
			s.cache.put(reg, string(key), e)
		}
		if rt.filename != "" {
			h.Set("Content-Disposition", `attachment; filename="`+rt.filename+`"`)
		}
		e.Write(w, r, cachePublic, varyAccept)
	})
}

// negotiate picks the representation: a .csv suffix asks for CSV; otherwise
// the Accept header decides, JSON first.
func negotiate(rt route, r *http.Request) (format, *Problem) {
	if rt.media != "" {
		if !accepts(httpcache.HeaderValue(r.Header, "Accept"), rt.media) {
			return 0, notAcceptable(rt.media)
		}
		return formatOther, nil
	}
	if rt.csv && strings.HasSuffix(r.URL.Path, ".csv") {
		return formatCSV, nil
	}
	accept := httpcache.HeaderValue(r.Header, "Accept")
	if accept == "" || accepts(accept, "application/json") {
		return formatJSON, nil
	}
	if rt.csv && accepts(accept, "text/csv") {
		return formatCSV, nil
	}
	if rt.csv {
		return 0, notAcceptable("application/json", "text/csv")
	}
	return 0, notAcceptable("application/json")
}

func notAcceptable(types ...string) *Problem {
	return &Problem{Type: typeNotAcceptable, Title: "Not acceptable", Status: http.StatusNotAcceptable,
		Detail: "this resource is available as " + strings.Join(types, " or ")}
}

// accepts reports whether an Accept header admits the media type mt with a
// non-zero quality. The most specific range that matches mt gives its
// quality (RFC 9110, section 12.5.1): "application/json;q=0, */*" refuses
// JSON and admits the rest.
func accepts(header, mt string) bool {
	if header == "" {
		return true
	}
	typ, _, _ := strings.Cut(mt, "/")
	best, refused := 0, false // the specificity of the best match so far (3 exact, 2 type/*, 1 */*), and whether its quality is zero
	for rng := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(rng, ";")
		name = strings.TrimSpace(name)
		specificity := 0
		switch {
		case strings.EqualFold(name, mt):
			specificity = 3
		case isWildcardOf(name, typ):
			specificity = 2
		case name == "*/*":
			specificity = 1
		}
		if specificity > best {
			best, refused = specificity, httpcache.ZeroQuality(params)
		}
	}
	return best > 0 && !refused
}

// isWildcardOf reports whether name is typ + "/*", in any case.
func isWildcardOf(name, typ string) bool {
	return len(name) == len(typ)+2 && strings.EqualFold(name[:len(typ)], typ) && name[len(typ):] == "/*"
}

// cacheKey appends the cache key of a request to buf: the format, the path
// and the query as sent.
func cacheKey(buf []byte, r *http.Request, f format) []byte {
	buf = append(buf, byte('0'+f))
	buf = append(buf, r.URL.Path...)
	buf = append(buf, '?')
	return append(buf, r.URL.RawQuery...)
}

// appendDay appends to a cache key the day of now in UTC (days since
// 1970-01-01, as eight bytes), after a '#': the suffix has a fixed length,
// so two keys are equal only when their requests and their days are.
func appendDay(key []byte, now time.Time) []byte {
	day := now.Unix() / secondsPerDay
	if now.Unix()%secondsPerDay < 0 { // before 1970: round down, not toward zero
		day--
	}
	return binary.BigEndian.AppendUint64(append(key, '#'), uint64(day))
}

const secondsPerDay = 24 * 60 * 60

// maxCached bounds the cache; when full it starts again empty.
const maxCached = 4096

// cache holds the responses computed from one registry snapshot.
type cache struct {
	mu      sync.RWMutex
	reg     *registry.Registry
	entries map[string]*httpcache.Entry
}

// get looks key up; the conversion in the index does not copy key.
func (c *cache) get(reg *registry.Registry, key []byte) *httpcache.Entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.reg != reg {
		return nil
	}
	return c.entries[string(key)]
}

func (c *cache) put(reg *registry.Registry, key string, e *httpcache.Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reg != reg || len(c.entries) >= maxCached {
		c.reg, c.entries = reg, map[string]*httpcache.Entry{}
	}
	c.entries[key] = e
}
