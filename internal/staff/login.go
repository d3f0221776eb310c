package staff

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// anonymous is the audit actor of sign-in attempts: nobody is signed in yet.
const anonymous = "anonymous"

// loginView is the sign-in form.
type loginView struct {
	Email string
	Next  string
	Error string
}

// safeNext returns next when it is a path of the workspace, else "/staff/",
// so that the sign-in form cannot send anyone to another site.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/staff/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/staff/"
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if u, err := s.currentUser(r); err == nil && u != nil {
		http.Redirect(w, r, "/staff/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", "Sign in", "", loginView{Next: safeNext(r.URL.Query().Get("next"))})
}

// accountKey returns the email typed as the audit log keys sign-ins: valid
// UTF-8 without NUL (which PostgreSQL cannot store), lowercased, at most 254
// bytes.
func accountKey(email string) string {
	k := store.NormalizeEmail(strings.ReplaceAll(strings.ToValidUTF8(email, "?"), "\x00", "?"))
	for len(k) > 254 {
		_, n := utf8.DecodeLastRuneInString(k)
		k = k[:len(k)-n]
	}
	return k
}

// handleLogin checks an email, a password and, when the account has a
// second factor, a TOTP code. Attempts are throttled per account and per
// address from the audit log (auth.SignInDelay); every failure and every
// success is audited. An admin without a second factor must set one up
// before being signed in.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	email := accountKey(f.Get("email"))
	view := loginView{Email: email, Next: safeNext(f.Get("next"))}
	addr := clientAddress(r)
	ctx := audit.WithActor(r.Context(), audit.Actor{ID: anonymous, RequestID: w.Header().Get("X-Request-Id"), Address: addr})
	now := s.now()

	accountFailures, addressFailures, last, err := s.db.RecentSignInFailures(ctx, email, addr, now.Add(-auth.FailureWindow))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if wait := auth.RetryAfter(last, now, auth.SignInDelay(accountFailures, addressFailures)); wait > 0 {
		if err := s.auditSignIn(ctx, audit.ActionSignInFailed, email, "throttled"); err != nil {
			s.serverError(w, r, err)
			return
		}
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		view.Error = "Too many failed attempts to sign in to this account or from this address. Wait " + waitText(secs) +
			", then try again. Each failed attempt makes the wait longer."
		s.render(w, r, http.StatusTooManyRequests, "login", "Sign in", "", view)
		return
	}

	fail := func(reason string) {
		if err := s.auditSignIn(ctx, audit.ActionSignInFailed, email, reason); err != nil {
			s.serverError(w, r, err)
			return
		}
		view.Error = "The email, password or code is not right, or the account is disabled."
		s.render(w, r, http.StatusUnauthorized, "login", "Sign in", "", view)
	}
	u, err := s.db.UserByEmail(ctx, email)
	known := err == nil
	if err != nil && !errors.Is(err, registry.ErrNotFound) {
		s.serverError(w, r, err)
		return
	}
	hash := s.dummyHash()
	if known {
		hash = u.PasswordHash
	}
	ok, _ := auth.CheckPassword(hash, f.Get("password"))
	switch {
	case !known:
		fail("unknown account")
		return
	case !ok:
		fail("wrong password")
		return
	case u.Disabled():
		fail("account disabled")
		return
	}
	if u.TOTPSecret != "" {
		step, ok := auth.VerifyTOTPStep(u.TOTPSecret, f.Get("code"), now, u.TOTPLastStep)
		if !ok {
			fail("wrong or reused code")
			return
		}
		fresh, err := s.db.SetTOTPLastStep(ctx, u.ID, step)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if !fresh {
			fail("reused code")
			return
		}
	}
	if auth.NeedsRehash(u.PasswordHash, s.params) {
		if u, err = s.rehash(ctx, u, f.Get("password")); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if u.TOTPSecret == "" && u.Role == auth.Admin {
		// The password is right, but an admin must have a second factor:
		// the session only allows setting one up.
		if err := s.sessions.RenewToken(ctx); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.sessions.Put(ctx, keyEnrol, u.ID)
		s.sessions.Put(ctx, keyEpoch, u.SessionEpoch)
		http.Redirect(w, r, "/staff/totp", http.StatusSeeOther)
		return
	}
	if err := s.signIn(ctx, u); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, view.Next, http.StatusSeeOther)
}

// rehash stores a new hash of password made with the current parameters.
func (s *Server) rehash(ctx context.Context, u store.User, password string) (store.User, error) {
	h, err := auth.HashPassword(password, s.params)
	if err != nil {
		return u, err
	}
	u.PasswordHash = h
	return s.db.UpdateUser(audit.WithActor(ctx, userActor(ctx, u.ID)), u)
}

// userActor returns the actor of ctx acting as the user id.
func userActor(ctx context.Context, id int64) audit.Actor {
	a, _ := audit.ActorFrom(ctx)
	a.ID = audit.UserActor(id)
	return a
}

// signIn starts the user's session under a new token (so that a token set
// before sign-in is worthless after it) and audits the sign-in.
func (s *Server) signIn(ctx context.Context, u store.User) error {
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Remove(ctx, keyEnrol)
	s.sessions.Remove(ctx, keyEnrolSecret)
	s.sessions.Put(ctx, keyUser, u.ID)
	s.sessions.Put(ctx, keyEpoch, u.SessionEpoch)
	return s.auditSignIn(audit.WithActor(ctx, userActor(ctx, u.ID)), audit.ActionSignIn, u.Email, "")
}

// auditSignIn records a sign-in event for the account email; reason says
// why an attempt failed. No password or code is ever recorded.
func (s *Server) auditSignIn(ctx context.Context, action, email, reason string) error {
	e := audit.Entry{Action: action, Entity: audit.EntityAccount, EntityID: email}
	if reason != "" {
		e.After, _ = json.Marshal(map[string]string{"reason": reason})
	}
	return s.db.AppendAudit(ctx, e)
}

// waitText says how long seconds is, in words.
func waitText(secs int) string {
	d := time.Duration(secs) * time.Second
	switch {
	case secs == 1:
		return "1 second"
	case d < time.Minute:
		return strconv.Itoa(secs) + " seconds"
	}
	m := int(math.Ceil(d.Minutes()))
	if m == 1 {
		return "1 minute"
	}
	return strconv.Itoa(m) + " minutes"
}

// handleLogout ends the session.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if u := user(r); u != nil {
		if err := s.auditSignIn(r.Context(), audit.ActionSignOut, u.Email, ""); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/login", http.StatusSeeOther)
}

// handleLogoutEverywhere ends every session of the user, this one included.
func (s *Server) handleLogoutEverywhere(w http.ResponseWriter, r *http.Request) {
	if _, err := s.db.EndUserSessions(r.Context(), user(r).ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/login", http.StatusSeeOther)
}
