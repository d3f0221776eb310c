package api

import (
	"errors"
	"net"
	"net/http"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// authenticate returns the principal of the API token r bears in its
// Authorization header ("Bearer chy_…"), and records the token's use. It
// answers 401 itself, with WWW-Authenticate, when there is no usable token
// (none, malformed, unknown, revoked, expired, or its owner's account
// disabled), and 500 when the store fails; ok is false then. Cookies are
// never read: a staff session does not authenticate the API.
func (wr *writer) authenticate(w http.ResponseWriter, r *http.Request) (p auth.Principal, ok bool) {
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		wr.unauthorized(w, r, "", "send an API token: Authorization: Bearer chy_…")
		return p, false
	}
	tok, parsed := auth.ParseBearer(values[0])
	if len(values) > 1 || !parsed {
		wr.unauthorized(w, r, "invalid_request", "the Authorization header must be exactly one \"Bearer chy_…\" with a chancery API token")
		return p, false
	}
	t, err := wr.db.TokenByHash(r.Context(), auth.HashToken(tok))
	switch {
	case errors.Is(err, registry.ErrNotFound):
		wr.unauthorized(w, r, "invalid_token", "the API token is not known")
		return p, false
	case errors.Is(err, store.ErrTokenRevoked):
		wr.unauthorized(w, r, "invalid_token", "the API token was revoked")
		return p, false
	case errors.Is(err, store.ErrTokenExpired):
		wr.unauthorized(w, r, "invalid_token", "the API token has expired")
		return p, false
	case errors.Is(err, store.ErrUserDisabled):
		wr.unauthorized(w, r, "invalid_token", "the account the API token belongs to is disabled")
		return p, false
	case err != nil:
		wr.internal(w, r, err)
		return p, false
	}
	if err := wr.db.TouchToken(r.Context(), t.ID, wr.now()); err != nil {
		wr.logger.Warn("api: recording an API token's use", "token", t.ID, "err", err)
	}
	return t.Principal(), true
}

// unauthorized answers 401 with a Bearer challenge (RFC 6750 §3); code is
// the challenge's error, "" when the request had no credentials.
func (wr *writer) unauthorized(w http.ResponseWriter, r *http.Request, code, detail string) {
	challenge := `Bearer realm="chancery"`
	if code != "" {
		challenge += `, error="` + code + `"`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	sendProblem(w, r, http.StatusUnauthorized, typeUnauthorized, "Unauthorized", detail, nil)
}

// clientAddress returns the client's IP address as the connection gives it.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
