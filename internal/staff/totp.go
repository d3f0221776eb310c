package staff

import (
	"errors"
	"net/http"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// totpIssuer names the deployment in authenticator apps.
const totpIssuer = "chancery"

// totpView is the page that sets up a second factor.
type totpView struct {
	Email  string
	Secret string
	URI    string
	Error  string
	// Required is set for an admin who must set it up to sign in.
	Required bool
}

// enrollee returns the user setting up a second factor: the one who passed
// the password check without having one (an admin), or the signed-in user.
func (s *Server) enrollee(r *http.Request) (u *store.User, required bool, err error) {
	ctx := r.Context()
	if id := s.sessions.GetInt64(ctx, keyEnrol); id != 0 {
		got, err := s.db.UserByID(ctx, id)
		switch {
		case errors.Is(err, registry.ErrNotFound):
			return nil, false, nil
		case err != nil:
			return nil, false, err
		}
		if got.Disabled() || got.SessionEpoch != s.sessions.GetInt64(ctx, keyEpoch) || got.TOTPSecret != "" {
			return nil, false, nil
		}
		return &got, true, nil
	}
	u, err = s.currentUser(r)
	if u != nil && u.TOTPSecret != "" {
		return nil, false, err // replacing a second factor takes an admin (users page)
	}
	return u, false, err
}

// handleTOTPForm shows a new secret, as text and as an otpauth:// URI, and
// asks for the code the authenticator app then shows.
func (s *Server) handleTOTPForm(w http.ResponseWriter, r *http.Request) {
	u, required, err := s.enrollee(r)
	switch {
	case err != nil:
		s.serverError(w, r, err)
		return
	case u == nil:
		http.Redirect(w, r, "/staff/", http.StatusSeeOther)
		return
	}
	secret := s.sessions.GetString(r.Context(), keyEnrolSecret)
	if secret == "" {
		if secret, err = auth.NewTOTPSecret(); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.sessions.Put(r.Context(), keyEnrolSecret, secret)
	}
	s.renderTOTP(w, r, http.StatusOK, u, required, secret, "")
}

func (s *Server) renderTOTP(w http.ResponseWriter, r *http.Request, status int, u *store.User, required bool, secret, msg string) {
	v := totpView{Email: u.Email, Secret: secret, URI: auth.TOTPURI(totpIssuer, u.Email, secret), Error: msg, Required: required}
	s.render(w, r, status, "totp", "Set up a second factor", "account", v)
}

// handleTOTP checks a code of the offered secret, stores the secret as the
// account's second factor and, for an admin signing in, completes the
// sign-in.
func (s *Server) handleTOTP(w http.ResponseWriter, r *http.Request) {
	u, required, err := s.enrollee(r)
	switch {
	case err != nil:
		s.serverError(w, r, err)
		return
	case u == nil:
		s.errorPage(w, r, http.StatusUnauthorized, "Signed out", "Your session has ended. Sign in again.")
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	secret := s.sessions.GetString(ctx, keyEnrolSecret)
	if secret == "" {
		http.Redirect(w, r, "/staff/totp", http.StatusSeeOther)
		return
	}
	now := s.now()
	step, ok := auth.VerifyTOTPStep(secret, r.PostForm.Get("code"), now, 0)
	if !ok {
		s.renderTOTP(w, r, http.StatusUnprocessableEntity, u, required, secret,
			"That code is not the one your app shows now. Check that the app holds this secret and the phone's clock is right, then type the new code.")
		return
	}
	ctx = audit.WithActor(ctx, audit.Actor{ID: audit.UserActor(u.ID), RequestID: w.Header().Get("X-Request-Id"), Address: clientAddress(r)})
	next := *u
	next.TOTPSecret = secret
	updated, err := s.db.UpdateUser(ctx, next)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if _, err := s.db.SetTOTPLastStep(ctx, u.ID, step); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Remove(ctx, keyEnrolSecret)
	if required {
		if err := s.signIn(ctx, updated); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.flash(r.WithContext(ctx), "Second factor set up: from now on, type the code your app shows when you sign in.")
	http.Redirect(w, r, "/staff/", http.StatusSeeOther)
}
