// Package staff serves the staff workspace under /staff/: sign-in with a
// password and a TOTP second factor (required for admins), server-side
// sessions, a dashboard of what needs attention, a list, a create form, an
// edit form, an "end" action, a hard delete (admins) and a history page for
// every registry record, the settings, the users and API tokens of the
// deployment (admins), and the upload of data files (admins and editors:
// internal/importer's import, previewed before it is confirmed).
//
// Every request passes, in order: security headers and no-store caching, a
// request body limit (MaxFormBytes; MaxImportBytes for an upload), net/http's
// CrossOriginProtection (unsafe methods from another origin are refused), the
// session (scs, stored in the database), then the route, which signs the
// visitor in or refuses them, and checks every action with internal/auth
// before it writes. Each write names its actor in the audit log and
// publishes the new registry snapshot.
//
// The pages are in English only; the public portal carries the four
// languages.
package staff

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// Config is what the workspace is built from.
type Config struct {
	// DB stores the registry, the users, the sessions and the audit log.
	DB *store.DB
	// Snapshot returns the current registry, read by every page.
	Snapshot func() *registry.Registry
	// Publish receives the registry each committed write returns, so that
	// the portal and the API show it at once. Nil publishes nothing.
	Publish func(*registry.Registry)
	// Logger receives internal errors; nil discards them.
	Logger *slog.Logger
	// Secure marks the session cookie Secure and sends HSTS: set it when the
	// site is served over TLS (directly or behind a proxy).
	Secure bool
	// IdleTimeout ends a session left unused this long; 0 means 30 minutes.
	IdleTimeout time.Duration
	// Lifetime ends a session this long after sign-in whatever its use; 0
	// means 12 hours.
	Lifetime time.Duration
	// PasswordParams hash the passwords set on the users page; the zero
	// value means auth.DefaultParams. Tests use cheaper ones.
	PasswordParams auth.Params
	// Now returns the time; nil means time.Now. Tests move it.
	Now func() time.Time
}

// Defaults of Config.
const (
	DefaultIdleTimeout = 30 * time.Minute
	DefaultLifetime    = 12 * time.Hour
	// MaxFormBytes bounds a request body: the largest form is a few
	// kilobytes.
	MaxFormBytes = 1 << 20
	// CookieName names the session cookie.
	CookieName = "chancery_staff"
)

// Server is the staff workspace's handler.
type Server struct {
	db       *store.DB
	snapshot func() *registry.Registry
	publish  func(*registry.Registry)
	logger   *slog.Logger
	secure   bool
	params   auth.Params
	now      func() time.Time
	sessions *scs.SessionManager
	mux      *http.ServeMux
	handler  http.Handler
	pages    *templates
	// imports are the uploads waiting for their confirmation.
	imports uploads
	// dummyHash is checked for unknown accounts, so that the time of an
	// answer does not tell whether an account exists.
	dummyHash func() string
}

// New returns the staff workspace, serving every path under /staff/.
func New(c Config) *Server {
	if c.DB == nil || c.Snapshot == nil {
		panic("staff: Config.DB and Config.Snapshot are required")
	}
	s := &Server{
		db:       c.DB,
		snapshot: c.Snapshot,
		publish:  c.Publish,
		logger:   c.Logger,
		secure:   c.Secure,
		params:   c.PasswordParams,
		now:      c.Now,
		mux:      http.NewServeMux(),
		pages:    parseTemplates(),
	}
	if s.publish == nil {
		s.publish = func(*registry.Registry) {}
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.params == (auth.Params{}) {
		s.params = auth.DefaultParams
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.dummyHash = sync.OnceValue(func() string {
		h, err := auth.HashPassword("chancery dummy password for unknown accounts", auth.DefaultParams)
		if err != nil {
			panic(err)
		}
		return h
	})
	s.sessions = newSessionManager(c)
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.serverError(w, r, fmt.Errorf("session: %w", err))
	}
	for _, rt := range s.routes() {
		s.mux.Handle(rt.pattern, rt.handler)
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusForbidden, "Request refused",
			"This form was sent from another site, or your browser did not say where it came from. Go back to the page, reload it and send the form again.")
	}))
	s.handler = cop.Handler(s.sessions.LoadAndSave(s.mux))
	return s
}

// securityHeaders are those of the public portal, plus no caching: staff
// pages show data a shared cache must not keep.
var securityHeaders = [][2]string{
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
	{"Cache-Control", "no-store"},
}

// hsts is sent when Config.Secure is set: two years, subdomains included.
const hsts = "max-age=63072000; includeSubDomains"

// ServeHTTP serves the workspace.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for _, kv := range securityHeaders {
		h.Set(kv[0], kv[1])
	}
	if s.secure {
		h.Set("Strict-Transport-Security", hsts)
	}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.logger.Error("panic serving a staff page", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong", "An internal error occurred. Nothing was saved unless a page said so.")
		}
	}()
	// The route, for the site's metrics and access log: the session
	// middleware passes a copy of r on, on which the mux would set it.
	_, pattern := s.mux.Handler(r)
	if pattern != "" {
		r.Pattern = pattern
	}
	if r.Body != nil {
		limit, ok := bodyLimits[pattern]
		if !ok {
			limit = MaxFormBytes
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
	}
	s.handler.ServeHTTP(w, r)
}

// parseForm reads a POST form; on failure it answers (413 for a body over
// MaxFormBytes, 400 otherwise) and returns false.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	err := r.ParseForm()
	if err == nil {
		return true
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		s.errorPage(w, r, http.StatusRequestEntityTooLarge, "Form too large",
			fmt.Sprintf("The form sent is larger than %d KiB, far more than any staff form needs. Nothing was saved.", MaxFormBytes>>10))
		return false
	}
	s.errorPage(w, r, http.StatusBadRequest, "Bad request", "The form could not be read. Nothing was saved.")
	return false
}

// serverError logs err and answers 500, or 503 when the database is
// unavailable (nothing was written; the same save may succeed later). A
// request its client cancelled is logged at level INFO, not as an error.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		// The client went away (or timed out) mid-request: the database
		// work was cancelled with it, and nobody reads the answer.
		s.logger.Info("staff page: the request was cancelled", "path", r.URL.Path, "request_id", w.Header().Get("X-Request-Id"), "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if errors.Is(err, store.ErrUnavailable) {
		s.logger.Warn("staff page: the database is unavailable", "path", r.URL.Path, "request_id", w.Header().Get("X-Request-Id"), "err", err)
		w.Header().Set("Retry-After", "5")
		s.errorPage(w, r, http.StatusServiceUnavailable, "Database unavailable",
			"The database cannot write just now: "+store.UnavailableCause(err)+". Nothing was saved: go back and save again later.")
		return
	}
	s.logger.Error("staff page", "path", r.URL.Path, "request_id", w.Header().Get("X-Request-Id"), "err", err)
	s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong",
		"An internal error occurred and was logged. Nothing was saved unless a page said so.")
}

// today returns the current date in UTC.
func (s *Server) today() registry.Date { return registry.DateOf(s.now().UTC()) }
