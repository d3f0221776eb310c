// Package web serves the public portal: server-rendered pages in English,
// French, Kinyarwanda and Swahili, computed from the in-memory registry
// snapshot for any date (?as_of=YYYY-MM-DD), cached per page, language, date
// and snapshot with strong ETags. Every route is listed in routes.go.
//
// The pages need no JavaScript, load no external resources and carry
// landmarks (header, nav, main, footer), a skip link and stable ids for the
// browser tests.
package web

import (
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/chancery-org/chancery/internal/clock"
	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/routing"
)

//go:embed templates/*.html
var templateFS embed.FS

// Server serves the portal from the current registry snapshot.
type Server struct {
	snapshot func() *registry.Registry
	// pdfSlots bounds the PDF reports rendered at once: a PDF costs tens of
	// milliseconds and megabytes, and its address (any fiscal year, any
	// as_of) can miss the cache at will.
	pdfSlots chan struct{}
	cat      *i18n.Catalog
	logger   *slog.Logger
	mux      *routing.Mux
	pages    map[string]*template.Template
	static   map[string]*staticFile
	cache    pageCache
	search   searchIndexCache
	// today returns the date pages show when no as_of is given: the day
	// of the coarse clock, the API's too (coarseToday), or a test's date.
	today func() registry.Date
	// submissions take the consultation form's submissions
	// (EnableSubmissions); nil: the portal shows no form.
	submissions *submissions
}

// New returns the handler of every portal route. snapshot returns the
// registry to read from; it is called once per request, and a new snapshot
// empties the page cache. The foreign-policy pages read the framework in
// force on the date shown, its indicators and the tracker's records from
// that registry too, so that a staff edit shows at once.
func New(snapshot func() *registry.Registry, logger *slog.Logger) *Server {
	cat, err := i18n.Load()
	if err != nil {
		// The catalogues are embedded and checked by the i18n tests: a failure
		// here is a build defect, like a template that does not parse.
		panic(err)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		snapshot: snapshot,
		cat:      cat,
		logger:   logger,
		mux:      routing.New(),
		pages:    parseTemplates(),
		static:   loadStatic(),
		today:    coarseToday,
		pdfSlots: make(chan struct{}, maxPDFRenders),
	}
	for _, rt := range s.routes() {
		if !strings.Contains(rt.pattern, "{lang}") {
			s.mux.Handle(rt.pattern, rt.handler)
			continue
		}
		// One pattern per language: /{lang}/ would also match /favicon.ico/
		// and make the mux redirect every one-segment path there.
		for _, lang := range i18n.Languages {
			s.mux.Handle(strings.ReplaceAll(rt.pattern, "{lang}", lang), rt.handler)
		}
	}
	return s
}

// securityHeaders are set on every response. The keys are in canonical form
// and the value slices are shared between responses: nothing may modify them.
// X-Frame-Options is not sent: the policy's frame-ancestors 'none', which
// every current browser applies, supersedes it (CSP Level 2). The referrer
// policy (strict-origin-when-cross-origin, also the browsers' default) is in
// each page's <meta name="referrer">: pages are the only responses with
// links. So a cached page sends eight headers, with Vary, and its header map
// stays in the small form Go's maps have up to eight entries.
var securityHeaders = [][2]string{
	{"X-Content-Type-Options", "nosniff"},
	// No inline script or style, nothing from elsewhere: the portal must
	// work offline on an intranet, and has no third-party code to trust.
	// frame-ancestors 'none': no other site may frame a page.
	{"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
}

// securityValues holds securityHeaders as a Header holds them; a slice,
// which is faster to range over than a map.
var securityValues = func() []headerValue {
	var hv []headerValue
	for _, kv := range securityHeaders {
		hv = append(hv, headerValue{kv[0], []string{kv[1]}})
	}
	return hv
}()

type headerValue struct {
	key   string
	value []string
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for _, kv := range securityValues {
		h[kv.key] = kv.value
	}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.logger.Error("panic serving a page", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			s.serveError(w, r, langOf(r), http.StatusInternalServerError, "error.internal")
		}
	}()
	s.mux.ServeHTTP(w, r)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

// handleRoot sends / to the home page in the language the browser prefers.
func (s *Server) handleRoot(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Match(r.Header.Get("Accept-Language"))
	target := "/" + lang + "/"
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	w.Header().Set("Vary", "Accept-Language")
	w.Header().Set("Cache-Control", "private, max-age=0")
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// handleNotFound answers every path no route matches: a 404 page in the
// language of the path's first segment when it is one, else in the browser's.
// A language code alone ("/fr") is sent to its home page, and a method other
// than GET or HEAD on a page gets 405.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.serveError(w, r, lang, http.StatusMethodNotAllowed, "error.method")
		return
	}
	if i18n.Supported(r.URL.Path[1:]) {
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		return
	}
	s.serveError(w, r, lang, http.StatusNotFound, "error.no_page")
}

// coarseToday returns the current date in UTC by the coarse clock, which the
// API reads too: a cached page costs no clock read, and the portal and the
// API turn to the next day at the same moment.
func coarseToday() registry.Date { return registry.DateOf(clock.Coarse()) }
