package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// The consultation form.
//
// The consultation page is cached per snapshot, so it cannot carry what
// must be fresh for each visitor: the form lives on its own page,
// /{lang}/consultations/{id}/respond, served uncached (Cache-Control:
// no-store) with a token made for it, and linked from the consultation
// page while the consultation is open. The portal needs no JavaScript, so
// the token is in the form itself rather than fetched by a script.
//
// POST /{lang}/consultations/{id} takes the form. The public site has no
// session, hence no cross-site request to forge on anyone's behalf; the
// token, an HMAC over the consultation's id and the time it was issued
// with a key the store keeps for the deployment (store.SubmissionFormKey),
// proves the form came from this site's page; a cross-origin POST from a
// browser is refused as well (http.CrossOriginProtection). Spam is held off
// by the token's age (at least minFormAge: no person fills the form that
// fast; at most maxFormAge), a honeypot field people do not see, a limit of
// maxLinks links, a body of at most maxSubmissionBody bytes and a limit per
// network (submissionLimit, counted by the store on the address's hash).
// A refused form is shown again with what was typed and a message per
// field (422), or for the whole form (400, 409, 413, 429), never a 500; an
// accepted one is stored pending moderation and answered 303 to the
// consultation page, which thanks the sender.

// Spam and abuse limits of the form.
const (
	minFormAge        = 3 * time.Second
	maxFormAge        = 2 * time.Hour
	maxLinks          = 3
	maxSubmissionBody = 64 << 10 // the text at its longest, percent-encoded, and the other fields
	honeypotField     = "website"
)

// submissionLimit is the submissions taken from one network in an hour.
var submissionLimit = store.SubmissionLimit{Max: 5, Window: time.Hour}

// SubmissionStore stores the submissions (*store.DB implements it).
type SubmissionStore interface {
	AddSubmission(ctx context.Context, s store.Submission, address string, limit store.SubmissionLimit) (store.Submission, error)
	Submissions(ctx context.Context, consultation string, status store.SubmissionStatus) ([]store.Submission, error)
	SubmissionFormKey(ctx context.Context) ([]byte, error)
}

// submissions is what the form needs: the store, the token key (read from
// the store once) and the clock.
type submissions struct {
	db  SubmissionStore
	now func() time.Time

	mu  sync.Mutex
	key []byte
}

// EnableSubmissions lets the consultation pages take submissions into db
// and show the published ones. Without it they show neither the form nor
// submissions. Call it before the server serves.
func (s *Server) EnableSubmissions(db SubmissionStore) {
	s.submissions = &submissions{db: db, now: time.Now}
}

// formKey returns the key of the tokens, read from the store on first use.
func (f *submissions) formKey(ctx context.Context) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.key == nil {
		k, err := f.db.SubmissionFormKey(ctx)
		if err != nil {
			return nil, err
		}
		f.key = k
	}
	return f.key, nil
}

// formToken returns the token of a form for the consultation id issued at
// issued: "<unix seconds>.<base64url HMAC-SHA256>".
func formToken(key []byte, id string, issued time.Time) string {
	ts := strconv.FormatInt(issued.Unix(), 10)
	return ts + "." + base64.RawURLEncoding.EncodeToString(tokenMAC(key, id, ts))
}

func tokenMAC(key []byte, id, ts string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("consultation-form\x00" + id + "\x00" + ts))
	return m.Sum(nil)
}

// checkToken returns "" when tok is a token of the consultation id issued
// between maxFormAge and minFormAge before now, else the message key of the
// problem.
func checkToken(key []byte, id, tok string, now time.Time) string {
	ts, sig, ok := strings.Cut(tok, ".")
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err != nil || len(ts) > 20 || !hmac.Equal(mac, tokenMAC(key, id, ts)) {
		return "consult.err_token_forged"
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "consult.err_token_forged"
	}
	switch age := now.Sub(time.Unix(sec, 0)); {
	case age < minFormAge:
		return "consult.err_token_young"
	case age > maxFormAge:
		return "consult.err_token_old"
	}
	return ""
}

// option is a choice of the form.
type option struct {
	Value, Label string
	Checked      bool
}

// formView is the form page.
type formView struct {
	C     *registry.Consultation
	Title string
	// Closed: the consultation takes no submissions today; no form is shown.
	Closed bool
	// What was typed.
	Name, Email, Organisation, Text, Honeypot string
	Categories, Objectives                    []option
	Token                                     string
	// Errors are the messages by field; Order lists the fields with one,
	// in the form's order. Message is a problem with the whole form.
	Errors  map[string]string
	Order   []string
	Message string
	// ShowHoneypot shows the hidden field, filled by mistake (a browser's
	// autofill), so that a person can empty it.
	ShowHoneypot bool
	MaxText      int
	MaxLinks     int
}

// newFormView returns the form of c, filled from form (nil: empty).
func (s *Server) newFormView(lang string, reg *registry.Registry, c *registry.Consultation, form map[string][]string) *formView {
	get := func(k string) string {
		if v := form[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	v := &formView{C: c, Title: c.Title.In(lang), Name: get("name"), Email: get("email"), Organisation: get("organisation"),
		Text: get("text"), Honeypot: get(honeypotField), Errors: map[string]string{}, MaxText: store.MaxSubmissionText, MaxLinks: maxLinks}
	cat := get("category")
	v.Categories = append(v.Categories, option{Value: "", Label: s.cat.T(lang, "consult.category_none"), Checked: cat == ""})
	for _, k := range registry.StakeholderCategories {
		v.Categories = append(v.Categories, option{Value: string(k), Label: s.cat.T(lang, "consult.cat_"+string(k)), Checked: cat == string(k)})
	}
	titles := nodeTitles(reg)
	for _, o := range c.Objectives {
		label := titles[o].In(lang)
		if label == "" {
			label = o
		}
		v.Objectives = append(v.Objectives, option{Value: o, Label: label, Checked: slices.Contains(form["objectives"], o)})
	}
	return v
}

// fail records the message key of a field's problem.
func (v *formView) fail(s *Server, lang, field, key string, args ...any) {
	if _, dup := v.Errors[field]; dup {
		return
	}
	v.Errors[field] = s.cat.T(lang, key, args...)
	v.Order = append(v.Order, field)
}

var reLink = regexp.MustCompile(`(?i)\b(?:https?://|www\.)`)

// validate checks what was typed against c; the store checks it again.
func (v *formView) validate(s *Server, lang string, form map[string][]string) store.Submission {
	line := func(field, val string) {
		if !utf8.ValidString(val) || utf8.RuneCountInString(val) > store.MaxSubmissionLine || strings.ContainsFunc(val, isControl) {
			v.fail(s, lang, field, "consult.err_line", "max", store.MaxSubmissionLine)
		}
	}
	sub := store.Submission{Consultation: v.C.ID, Name: strings.TrimSpace(v.Name), Email: strings.TrimSpace(v.Email),
		Organisation: strings.TrimSpace(v.Organisation), Text: v.Text}
	line("name", sub.Name)
	if sub.Email != "" {
		a, err := mail.ParseAddress(sub.Email)
		if len(sub.Email) > 254 || err != nil || a.Name != "" || a.Address != sub.Email {
			v.fail(s, lang, "email", "consult.err_email")
		}
	}
	line("organisation", sub.Organisation)
	for _, o := range v.Categories {
		if o.Checked {
			sub.Category = registry.StakeholderCategory(o.Value)
		}
	}
	if c := form["category"]; len(c) > 0 && c[0] != "" && sub.Category == "" {
		v.fail(s, lang, "category", "consult.err_category")
	}
	for _, o := range form["objectives"] {
		if !slices.Contains(v.C.Objectives, o) {
			v.fail(s, lang, "objectives", "consult.err_objective")
		} else if !slices.Contains(sub.Objectives, o) {
			sub.Objectives = append(sub.Objectives, o)
		}
	}
	// Browsers send a textarea's line ends as CRLF; the store keeps LF.
	text := strings.TrimSpace(strings.ReplaceAll(sub.Text, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(text); {
	case text == "":
		v.fail(s, lang, "text", "consult.err_text_required")
	case !utf8.ValidString(text) || strings.ContainsFunc(text, func(r rune) bool { return isControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		v.fail(s, lang, "text", "consult.err_text_chars")
	case n > store.MaxSubmissionText:
		v.fail(s, lang, "text", "consult.err_text_long", "count", n, "max", store.MaxSubmissionText)
	case len(reLink.FindAllStringIndex(text, maxLinks+1)) > maxLinks:
		v.fail(s, lang, "text", "consult.err_links", "max", maxLinks)
	}
	if strings.TrimSpace(v.Honeypot) != "" {
		v.fail(s, lang, honeypotField, "consult.err_honeypot")
		v.ShowHoneypot = true
		v.Honeypot = ""
	}
	return sub
}

// serveForm writes the form page with status, uncached.
func (s *Server) serveForm(w http.ResponseWriter, r *http.Request, lang string, reg *registry.Registry, status int, v *formView) {
	p := s.newPage(lang, reg, s.today(), false, navConsultations, s.cat.T(lang, "consult.form_title", "title", v.Title),
		"/"+lang+"/consultations/"+v.C.ID+"/respond", "")
	p.Data = v
	body, err := s.execute("consultation-form", p)
	if err != nil {
		s.logger.Error("render the consultation form", "consultation", v.C.ID, "err", err)
		s.serveError(w, r, lang, http.StatusInternalServerError, "error.internal")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}

// consultationFor returns the consultation of the request's path, or
// answers 404 and returns nil. It answers 404 too when the portal takes no
// submissions.
func (s *Server) consultationFor(w http.ResponseWriter, r *http.Request, lang string, reg *registry.Registry) *registry.Consultation {
	id := r.PathValue("id")
	c := reg.Consultation(id)
	if c == nil {
		s.serveError(w, r, lang, http.StatusNotFound, "consult.error_none", "id", clip(id))
		return nil
	}
	if s.submissions == nil {
		s.serveError(w, r, lang, http.StatusNotFound, "error.no_page")
		return nil
	}
	return c
}

// storeProblem answers an error of the store that is not the sender's:
// 503 when the database is unavailable, else 500 (logged).
func (s *Server) storeProblem(w http.ResponseWriter, r *http.Request, lang string, reg *registry.Registry, v *formView, err error) {
	if errors.Is(err, store.ErrUnavailable) {
		w.Header().Set("Retry-After", "30")
		v.Message = s.cat.T(lang, "consult.err_unavailable")
		s.serveForm(w, r, lang, reg, http.StatusServiceUnavailable, v)
		return
	}
	s.logger.Error("store a submission", "consultation", v.C.ID, "err", err)
	s.serveError(w, r, lang, http.StatusInternalServerError, "error.internal")
}

// handleConsultationForm serves the form of an open consultation with a
// fresh token, or says that it is not open.
func (s *Server) handleConsultationForm(w http.ResponseWriter, r *http.Request) {
	lang, reg := langOf(r), s.snapshot()
	c := s.consultationFor(w, r, lang, reg)
	if c == nil {
		return
	}
	v := s.newFormView(lang, reg, c, nil)
	if !c.OpenOn(s.today()) {
		v.Closed = true
		s.serveForm(w, r, lang, reg, http.StatusOK, v)
		return
	}
	key, err := s.submissions.formKey(r.Context())
	if err != nil {
		s.storeProblem(w, r, lang, reg, v, err)
		return
	}
	v.Token = formToken(key, c.ID, s.submissions.now())
	s.serveForm(w, r, lang, reg, http.StatusOK, v)
}

// crossOrigin refuses POSTs a browser sends from another site.
var crossOrigin = http.NewCrossOriginProtection()

// handleSubmission takes a submission (see the top of the file).
func (s *Server) handleSubmission(w http.ResponseWriter, r *http.Request) {
	lang, reg := langOf(r), s.snapshot()
	c := s.consultationFor(w, r, lang, reg)
	if c == nil {
		return
	}
	refuse := func(status int, v *formView, key string, args ...any) {
		v.Message = s.cat.T(lang, key, args...)
		s.serveForm(w, r, lang, reg, status, v)
	}
	if err := crossOrigin.Check(r); err != nil {
		refuse(http.StatusForbidden, s.newFormView(lang, reg, c, nil), "consult.err_cross_site")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSubmissionBody)
	if err := r.ParseForm(); err != nil {
		v := s.newFormView(lang, reg, c, nil)
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			refuse(http.StatusRequestEntityTooLarge, v, "consult.err_too_large")
			return
		}
		refuse(http.StatusBadRequest, v, "consult.err_unreadable")
		return
	}
	form := r.PostForm
	v := s.newFormView(lang, reg, c, form)
	if !c.OpenOn(s.today()) {
		v.Closed = true
		refuse(http.StatusConflict, v, "consult.err_closed")
		return
	}
	key, err := s.submissions.formKey(r.Context())
	if err != nil {
		s.storeProblem(w, r, lang, reg, v, err)
		return
	}
	now := s.submissions.now()
	// Whatever happens next, the form shown again can be sent again.
	v.Token = formToken(key, c.ID, now)
	if problem := checkToken(key, c.ID, form.Get("token"), now); problem != "" {
		refuse(http.StatusBadRequest, v, problem)
		return
	}
	sub := v.validate(s, lang, form)
	if len(v.Order) > 0 {
		refuse(http.StatusUnprocessableEntity, v, "consult.errors_intro")
		return
	}
	_, err = s.submissions.db.AddSubmission(r.Context(), sub, r.RemoteAddr, submissionLimit)
	if rl, ok := errors.AsType[*store.RateLimitError](err); ok {
		mins := int((rl.RetryAfter + time.Minute - 1) / time.Minute)
		w.Header().Set("Retry-After", strconv.Itoa(int((rl.RetryAfter+time.Second-1)/time.Second)))
		refuse(http.StatusTooManyRequests, v, "consult.err_too_many", "minutes", mins)
		return
	}
	if ve, ok := errors.AsType[*registry.ValidationError](err); ok {
		for _, f := range ve.Fields {
			v.fail(s, lang, f.Field, "consult.err_invalid")
		}
		refuse(http.StatusUnprocessableEntity, v, "consult.errors_intro")
		return
	}
	if err != nil {
		s.storeProblem(w, r, lang, reg, v, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/"+lang+"/consultations/"+c.ID+"?sent=1", http.StatusSeeOther)
}
