package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/chancery-org/chancery/internal/httpcache"
	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/registry"
)

// navItem names a section of the site; the page's item is marked in the menu.
type navItem string

const (
	navNone            navItem = ""
	navHome            navItem = "home"
	navMissions        navItem = "missions"
	navCountries       navItem = "countries"
	navDiplomaticList  navItem = "diplomatic-list"
	navHonoraryConsuls navItem = "honorary-consuls"
	navOrganisations   navItem = "organisations"
	navPolicy          navItem = "policy"
)

// maxParam is the longest query parameter value a page accepts.
const maxParam = 200

// maxQuery is the longest query string a page accepts: far more than its
// parameters at their longest, percent-encoded, need.
const maxQuery = 8 << 10

// request is what a page handler reads: the language, the snapshot, the
// date, and the route's query parameters (validated for length only).
type request struct {
	*http.Request
	lang    string
	reg     *registry.Registry
	asOf    registry.Date // the date shown: as_of, or today
	asOfSet bool
	params  url.Values
}

// param returns the route's query parameter name ("" when absent).
// params is nil when the request gives none.
func (rq *request) param(name string) string { return rq.params.Get(name) }

// result is what a page handler returns: a page to render, a redirect, or an
// error page (status with a message key).
type result struct {
	template string
	title    string
	data     any

	redirect string
	// body, when contentType is set, is the response itself (a PDF or CSV
	// file), sent and cached as a page is, instead of a rendered template.
	body        []byte
	contentType string
	// noCache keeps the page out of the page cache: search results, whose
	// free-text queries would otherwise push the common pages out.
	noCache bool

	status  int
	errKey  string
	errArgs []any
}

func render(tmpl, title string, data any) result {
	return result{template: tmpl, title: title, data: data}
}

func fail(status int, key string, args ...any) result {
	return result{status: status, errKey: key, errArgs: args}
}

// page wraps a page handler with what every page shares: the language check,
// query parsing, as_of, the page cache with ETags, and rendering.
func (s *Server) page(nav navItem, fn func(*request) result, params ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The route is registered once per language: the first segment of
		// the path is the language.
		lang := langOf(r)
		// Most requests have no query: they skip parsing and allocate
		// nothing before the cache lookup.
		var q url.Values
		if r.URL.RawQuery != "" {
			var err error
			q, err = url.ParseQuery(r.URL.RawQuery)
			if err != nil || len(r.URL.RawQuery) > maxQuery || !utf8.ValidString(r.URL.RawQuery) {
				s.serveError(w, r, lang, http.StatusBadRequest, "error.bad_query")
				return
			}
		}
		var (
			asOf    registry.Date // the date shown: as_of, or today
			asOfSet bool
			canon   url.Values // as_of and the route's parameters; nil when none
			given   url.Values // the route's parameters; nil when none
		)
		// An empty as_of (a date field left blank) means today.
		if v := strings.TrimSpace(q.Get("as_of")); v != "" {
			d, err := registry.ParseDate(v)
			if err != nil || d.Precision() != registry.PrecisionDay {
				s.serveError(w, r, lang, http.StatusBadRequest, "error.bad_date", "value", clip(v))
				return
			}
			asOf, asOfSet = d, true
			canon = url.Values{"as_of": {d.String()}}
		} else {
			asOf = s.today()
		}
		for _, p := range params {
			v := strings.TrimSpace(q.Get(p))
			if !utf8.ValidString(v) || strings.ContainsFunc(v, isControl) {
				s.serveError(w, r, lang, http.StatusBadRequest, "error.bad_query")
				return
			}
			if utf8.RuneCountInString(v) > maxParam {
				s.serveError(w, r, lang, http.StatusBadRequest, "error.too_long", "field", p, "max", maxParam)
				return
			}
			if v != "" {
				if given == nil {
					given = url.Values{}
				}
				if canon == nil {
					canon = url.Values{}
				}
				given.Set(p, v)
				canon.Set(p, v)
			}
		}
		query := canon.Encode()
		reg := s.snapshot()
		// The key holds the date shown, so that a page without as_of
		// changes at midnight. It is built in a buffer on the stack, and
		// becomes a string only when a page is stored.
		var buf [128]byte
		key := cacheKey(buf[:0], r.URL.Path, query, asOf)
		if e := s.cache.lookup(reg, key); e != nil {
			e.Write(w, r, cachePublic, varyAcceptEncoding)
			return
		}
		// A miss: render the page, unless another request is rendering it
		// already; then wait for that one and send its page.
		skey := string(key)
		f, leader := s.cache.join(reg, skey)
		if !leader {
			select {
			case <-f.done:
				if f.e != nil {
					f.e.Write(w, r, cachePublic, varyAcceptEncoding)
					return
				}
				// Not cacheable (an error or a redirect): answer it here.
			case <-r.Context().Done():
				return
			}
		}
		// finish ends the flight this request leads, before its response is
		// written, so that a slow client does not hold the others: e is the
		// page to hand on, nil when it is not cacheable. It runs once; the
		// deferred call covers a panic.
		landed := !leader
		finish := func(e *httpcache.Entry) {
			if !landed {
				landed = true
				s.cache.land(reg, skey, f, e)
			}
		}
		defer finish(nil)
		rq := &request{Request: r, lang: lang, reg: reg, asOf: asOf, asOfSet: asOfSet, params: given}
		res := fn(rq)
		if res.redirect != "" || res.status != 0 {
			finish(nil)
		}
		switch {
		case res.redirect != "":
			w.Header().Set("Cache-Control", "public, max-age=60")
			http.Redirect(w, r, res.redirect, http.StatusSeeOther)
			return
		case res.status != 0:
			s.serveError(w, r, lang, res.status, res.errKey, res.errArgs...)
			return
		}
		var e *httpcache.Entry
		if res.contentType != "" {
			e = httpcache.NewEntry(res.body, res.contentType)
		} else {
			p := s.newPage(lang, reg, rq.asOf, rq.asOfSet, nav, res.title, r.URL.Path, query)
			p.Data = res.data
			body, err := s.execute(res.template, p)
			if err != nil {
				finish(nil)
				s.logger.Error("render page", "path", r.URL.Path, "template", res.template, "err", err)
				s.serveError(w, r, lang, http.StatusInternalServerError, "error.internal")
				return
			}
			e = httpcache.NewEntry(body, "text/html; charset=utf-8")
		}
		switch {
		case res.noCache:
			finish(nil)
		case leader:
			finish(e) // stores it in the cache
		default:
			s.cache.put(reg, skey, e)
		}
		e.Write(w, r, cachePublic, varyAcceptEncoding)
	})
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// clip shortens a value quoted back to the reader.
func clip(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return s
}

// langOf returns the language of the path's first segment when it is a
// portal language, else the browser's preferred one.
func langOf(r *http.Request) string {
	seg, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if i18n.Supported(seg) {
		return seg
	}
	return i18n.Match(r.Header.Get("Accept-Language"))
}

// serveError writes an error page in lang; it is not cached.
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, lang string, status int, key string, args ...any) {
	reg := s.snapshot()
	path := r.URL.Path
	if seg, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/"); !i18n.Supported(seg) {
		path = "/" + lang + "/"
	}
	var title string
	switch status {
	case http.StatusBadRequest:
		title = s.cat.T(lang, "error.title_400")
	case http.StatusNotFound:
		title = s.cat.T(lang, "error.title_404")
	case http.StatusMethodNotAllowed:
		title = s.cat.T(lang, "error.title_405")
	default:
		title = s.cat.T(lang, "error.title_500")
	}
	p := s.newPage(lang, reg, s.today(), false, navNone, title, path, "")
	p.Status = status
	p.Data = errorData{Message: s.cat.T(lang, key, args...)}
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	// An error page is HTML, not the file a download route would have sent.
	h.Del("Content-Disposition")
	body, err := s.execute("error", p)
	if err != nil {
		s.logger.Error("render error page", "err", err)
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(title + "\n"))
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

type errorData struct {
	Message string
}

// execute renders a page template into a new buffer.
func (s *Server) execute(name string, p *Page) ([]byte, error) {
	t, ok := s.pages[name]
	if !ok {
		return nil, errUnknownTemplate(name)
	}
	var buf bytes.Buffer
	buf.Grow(32 << 10)
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type errUnknownTemplate string

func (e errUnknownTemplate) Error() string { return "web: no template " + string(e) }

// parseTemplates builds one template set per page: the layout, the shared
// partials and the page's own file.
func parseTemplates() map[string]*template.Template {
	entries, err := templateFS.ReadDir("templates")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t := template.Must(template.New(name).ParseFS(templateFS,
			"templates/layout.html", "templates/partials.html", "templates/"+e.Name()))
		out[name] = t
	}
	return out
}
