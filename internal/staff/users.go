package staff

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// userView is the users list, or one user's form.
type userView struct {
	Users   []store.User
	User    store.User // the account edited; ID 0 for a new one
	Version string
	Roles   []auth.Role
	Errors  map[string][]string
	Others  []string
	Lists   []datalist
}

// admin wraps h: only admins manage users and tokens.
func (s *Server) admin(action auth.Action, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := auth.Authorize(principal(r), action, nil, s.snapshot().Home()); err != nil {
			s.forbidden(w, r, err)
			return
		}
		h(w, r)
	}
}

func (s *Server) newUserView() userView {
	return userView{Roles: auth.Roles(), Errors: map[string][]string{}, Lists: []datalist{s.datalist("mission")}}
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	users, err := s.db.ListUsers(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := s.newUserView()
	v.Users = users
	s.render(w, r, http.StatusOK, "users", "Users", "users", v)
}

func (s *Server) handleUserNew(w http.ResponseWriter, r *http.Request) {
	v := s.newUserView()
	v.User.Role = auth.Viewer
	s.render(w, r, http.StatusOK, "user", "New user", "users", v)
}

// userErrors places a failed user save's errors on v.
func (v *userView) userErrors(err error) bool {
	if verr, ok := errors.AsType[*registry.ValidationError](err); ok {
		for _, fe := range verr.Fields {
			v.Errors[fe.Field] = append(v.Errors[fe.Field], fe.Reason)
		}
		return true
	}
	if fe, ok := errors.AsType[registry.FieldError](err); ok {
		v.Errors[fe.Field] = append(v.Errors[fe.Field], fe.Reason)
		return true
	}
	return false
}

// readUser sets the fields of u from the form.
func readUser(r *http.Request, u *store.User) {
	f := r.PostForm
	u.Name = strings.TrimSpace(f.Get("name"))
	u.Role = auth.Role(f.Get("role"))
	u.MissionID = strings.TrimSpace(f.Get("mission_id"))
}

// handleUserCreate adds an account with its first password.
func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	v := s.newUserView()
	v.User.Email = strings.TrimSpace(r.PostForm.Get("email"))
	readUser(r, &v.User)
	fail := func(err error) {
		if !v.userErrors(err) {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "user", "New user", "users", v)
	}
	pw := r.PostForm.Get("password")
	if err := auth.ValidatePassword(pw); err != nil {
		fail(err)
		return
	}
	h, err := auth.HashPassword(pw, s.params)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	u := v.User
	u.PasswordHash = h
	created, err := s.db.CreateUser(r.Context(), u)
	if err != nil {
		fail(err)
		return
	}
	s.flash(r, "Account "+created.Email+" created. Give its owner the password by a safe channel.")
	http.Redirect(w, r, fmt.Sprintf("/staff/users/%d", created.ID), http.StatusSeeOther)
}

// userByPath returns the user named by the path's id; it answers and
// returns false when there is none.
func (s *Server) userByPath(w http.ResponseWriter, r *http.Request) (store.User, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return store.User{}, false
	}
	u, err := s.db.UserByID(r.Context(), id)
	switch {
	case errors.Is(err, registry.ErrNotFound):
		s.notFound(w, r)
		return u, false
	case err != nil:
		s.serverError(w, r, err)
		return u, false
	}
	return u, true
}

func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userByPath(w, r)
	if !ok {
		return
	}
	v := s.newUserView()
	v.User, v.Version = u, strconv.FormatInt(u.Version, 10)
	s.render(w, r, http.StatusOK, "user", "User "+u.Email, "users", v)
}

// handleUserUpdate changes an account: name, role, mission, disabled, a new
// password, removing the second factor. A stale version is refused.
func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) {
	stored, ok := s.userByPath(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	v := s.newUserView()
	v.User, v.Version = stored, f.Get("version")
	readUser(r, &v.User)
	fail := func(status int, err error) {
		if err != nil && !v.userErrors(err) {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, status, "user", "User "+stored.Email, "users", v)
	}
	version, err := strconv.ParseInt(v.Version, 10, 64)
	if err != nil {
		v.Others = append(v.Others, "The form carries no valid version: reload the page and make your change again.")
		fail(http.StatusUnprocessableEntity, nil)
		return
	}
	u := v.User
	u.Version = version
	switch {
	case f.Get("disabled") != "" && !stored.Disabled():
		u.DisabledAt = s.now().UTC()
	case f.Get("disabled") == "":
		u.DisabledAt = time.Time{}
	}
	if f.Get("remove_totp") != "" {
		u.TOTPSecret = ""
	}
	if pw := f.Get("password"); pw != "" {
		if err := auth.ValidatePassword(pw); err != nil {
			fail(http.StatusUnprocessableEntity, err)
			return
		}
		if u.PasswordHash, err = auth.HashPassword(pw, s.params); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	updated, err := s.db.UpdateUser(r.Context(), u)
	if errors.Is(err, registry.ErrConflict) {
		v.User.DisabledAt = u.DisabledAt
		v.Version = strconv.FormatInt(stored.Version, 10)
		v.Others = append(v.Others, "Someone changed this account while you were editing it; nothing was saved. "+
			"The form holds your values on top of the account as it is now: save again to apply them.")
		fail(http.StatusConflict, nil)
		return
	}
	if err != nil {
		fail(http.StatusUnprocessableEntity, err)
		return
	}
	s.flash(r, "Account "+updated.Email+" saved.")
	http.Redirect(w, r, fmt.Sprintf("/staff/users/%d", updated.ID), http.StatusSeeOther)
}

// handleUserSessions ends every session of an account.
func (s *Server) handleUserSessions(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userByPath(w, r)
	if !ok {
		return
	}
	if _, err := s.db.EndUserSessions(r.Context(), u.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "Every session of "+u.Email+" has ended.")
	http.Redirect(w, r, fmt.Sprintf("/staff/users/%d", u.ID), http.StatusSeeOther)
}

func (s *Server) handleUserHistory(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userByPath(w, r)
	if !ok {
		return
	}
	s.history(w, r, audit.EntityUser, strconv.FormatInt(u.ID, 10),
		historyView{Name: "account " + u.Email, BackURL: fmt.Sprintf("/staff/users/%d", u.ID)}, "users")
}

// handleAccount shows the signed-in user's own account.
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account", "Your account", "account", accountView{
		Idle: durationText(s.sessions.IdleTimeout), Lifetime: durationText(s.sessions.Lifetime)})
}

// accountView says how long sessions last.
type accountView struct{ Idle, Lifetime string }

// durationText says d in hours or minutes.
func durationText(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d.Round(time.Minute)/time.Minute), "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
