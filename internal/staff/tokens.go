package staff

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// tokensView is the API tokens page.
type tokensView struct {
	Tokens []store.Token
	Roles  []auth.Role
	// Form holds what was typed in the creation form.
	Name, Role, MissionID, Days string
	// Plaintext is the token just created, shown this once.
	Plaintext string
	Errors    map[string][]string
	Lists     []datalist
	Now       time.Time
}

// defaultTokenDays is the lifetime a new token is offered.
const defaultTokenDays = 90

func (s *Server) tokensView(r *http.Request) (tokensView, error) {
	toks, err := s.db.ListTokens(r.Context())
	return tokensView{Tokens: toks, Roles: auth.Roles(), Role: string(auth.Viewer), Days: strconv.Itoa(defaultTokenDays),
		Errors: map[string][]string{}, Lists: []datalist{s.datalist("mission")}, Now: s.now()}, err
}

func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request) {
	v, err := s.tokensView(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tokens", "API tokens", "tokens", v)
}

// handleTokenCreate makes a token for the signed-in admin and shows it
// once; only its hash is stored.
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	v, err := s.tokensView(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Name, v.Role, v.MissionID, v.Days = f.Get("name"), f.Get("role"), strings.TrimSpace(f.Get("mission_id")), strings.TrimSpace(f.Get("days"))
	days, err := strconv.Atoi(v.Days)
	if err != nil || days < 1 || days > 3660 {
		v.Errors["expires_at"] = []string{"give the number of days the token works, from 1 to 3660"}
		s.render(w, r, http.StatusUnprocessableEntity, "tokens", "API tokens", "tokens", v)
		return
	}
	plain, hash, err := auth.NewToken()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	t := store.Token{Name: v.Name, Hash: hash, Role: auth.Role(v.Role), MissionID: v.MissionID, CreatedBy: user(r).ID,
		ExpiresAt: s.now().Add(time.Duration(days) * 24 * time.Hour)}
	if _, err := s.db.CreateToken(r.Context(), t); err != nil {
		verr, ok := errors.AsType[*registry.ValidationError](err)
		if !ok {
			s.serverError(w, r, err)
			return
		}
		for _, fe := range verr.Fields {
			v.Errors[fe.Field] = append(v.Errors[fe.Field], fe.Reason)
		}
		s.render(w, r, http.StatusUnprocessableEntity, "tokens", "API tokens", "tokens", v)
		return
	}
	if v.Tokens, err = s.db.ListTokens(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Plaintext = plain
	v.Name, v.MissionID, v.Role, v.Days = "", "", string(auth.Viewer), strconv.Itoa(defaultTokenDays)
	s.render(w, r, http.StatusCreated, "tokens", "API tokens", "tokens", v)
}

// handleTokenRevoke revokes a token for good.
func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	switch err := s.db.RevokeToken(r.Context(), id); {
	case errors.Is(err, registry.ErrNotFound):
		s.notFound(w, r)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "Token "+strconv.FormatInt(id, 10)+" revoked.")
	http.Redirect(w, r, "/staff/tokens", http.StatusSeeOther)
}
