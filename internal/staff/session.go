package staff

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"

	"github.com/alexedwards/scs/v2"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// Session keys.
const (
	keyUser  = "uid"   // int64: the signed-in user
	keyEpoch = "epoch" // int64: the user's session epoch at sign-in
	// keyEnrol is the user who passed the password check but must set up a
	// second factor before being signed in (admins without one).
	keyEnrol       = "enrol_uid"
	keyEnrolSecret = "enrol_secret" // the secret offered for enrolment
	keyFlash       = "flash"        // a one-time message for the next page
)

// newSessionManager returns the scs manager: sessions in the database, an
// idle timeout and an absolute lifetime, a cookie that only /staff/ sees,
// HttpOnly, SameSite=Lax, Secure behind TLS, and gone when the browser
// closes.
func newSessionManager(c Config) *scs.SessionManager {
	m := scs.New()
	m.Store = c.DB.Sessions()
	m.IdleTimeout = c.IdleTimeout
	if m.IdleTimeout <= 0 {
		m.IdleTimeout = DefaultIdleTimeout
	}
	m.Lifetime = c.Lifetime
	if m.Lifetime <= 0 {
		m.Lifetime = DefaultLifetime
	}
	m.Cookie.Name = CookieName
	m.Cookie.Path = "/staff"
	m.Cookie.HttpOnly = true
	m.Cookie.SameSite = http.SameSiteLaxMode
	m.Cookie.Secure = c.Secure
	m.Cookie.Persist = false
	return m
}

type userKey struct{}

// currentUser returns the signed-in user of the request, or nil: the user
// named by the session, provided the account is active and its session
// epoch is still the one read at sign-in ("sign out everywhere" and
// disabling an account advance it). A session that fails is destroyed.
func (s *Server) currentUser(r *http.Request) (*store.User, error) {
	if u, ok := r.Context().Value(userKey{}).(*store.User); ok {
		return u, nil
	}
	ctx := r.Context()
	id := s.sessions.GetInt64(ctx, keyUser)
	if id == 0 {
		return nil, nil
	}
	u, err := s.db.UserByID(ctx, id)
	switch {
	case errors.Is(err, registry.ErrNotFound):
		return nil, s.sessions.Destroy(ctx)
	case err != nil:
		return nil, err
	}
	if u.Disabled() || u.SessionEpoch != s.sessions.GetInt64(ctx, keyEpoch) {
		return nil, s.sessions.Destroy(ctx)
	}
	return &u, nil
}

// signedIn wraps h: it runs only for a signed-in user (in the request's
// context, with the audit actor set); anyone else is sent to the sign-in
// page (GET, HEAD) or refused with 401 (other methods, which must not be
// replayed after a redirect).
func (s *Server) signedIn(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := s.currentUser(r)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if u == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				target := "/staff/login"
				if r.URL.Path != "/staff/" {
					target += "?next=" + url.QueryEscape(r.URL.RequestURI())
				}
				http.Redirect(w, r, target, http.StatusSeeOther)
				return
			}
			s.errorPage(w, r, http.StatusUnauthorized, "Signed out",
				"You are not signed in, or your session has ended. Sign in again; nothing was saved.")
			return
		}
		ctx := context.WithValue(r.Context(), userKey{}, u)
		ctx = audit.WithActor(ctx, audit.Actor{ID: audit.UserActor(u.ID), RequestID: w.Header().Get("X-Request-Id"), Address: clientAddress(r)})
		h(w, r.WithContext(ctx))
	})
}

// user returns the signed-in user of a request that passed signedIn.
func user(r *http.Request) *store.User {
	u, _ := r.Context().Value(userKey{}).(*store.User)
	return u
}

// principal returns who makes the request, for authorization; the zero
// Principal when nobody is signed in.
func principal(r *http.Request) auth.Principal {
	if u := user(r); u != nil {
		return u.Principal()
	}
	return auth.Principal{}
}

// clientAddress returns the client's IP address as the connection gives it.
// Forwarding headers are not trusted: behind a reverse proxy every client
// has the proxy's address, which the per-address throttling then shares.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// flash stores a message for the next page the user sees.
func (s *Server) flash(r *http.Request, msg string) {
	s.sessions.Put(r.Context(), keyFlash, msg)
}
