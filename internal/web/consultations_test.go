package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// consultDataset is a small registry around testDay (2026-06-30): the
// consultation trade-2026 is open (June and July 2026), diaspora-2026 comes
// up in September, review-2025 closed in 2025 with an outcome.
func consultDataset() registry.Dataset {
	d := registry.MustDate
	src := registry.Meta{Source: "https://example.org/policy"}
	return registry.Dataset{
		Settings: registry.Settings{HomeState: "RW"},
		Countries: []registry.Country{{ISO2: "RW", ISO3: "RWA", Numeric: "646", Names: registry.Names{EN: "Rwanda"},
			RegionCode: "002", Region: "Africa", Meta: src}},
		PolicyNodes: []registry.PolicyNode{
			{ID: "fp-2026", Kind: registry.NodePolicy, Position: 1, Title: registry.Names{EN: "Foreign policy 2026"}, Adopted: d("2026-01-01"), Meta: src},
			{ID: "pillar-prosperity", Parent: "fp-2026", Kind: registry.NodePillar, Position: 1, Title: registry.Names{EN: "Prosperity"}, Meta: src},
			{ID: "obj-trade", Parent: "pillar-prosperity", Kind: registry.NodeObjective, Position: 1,
				Title: registry.Names{EN: "More trade with the region", FR: "Plus d'échanges avec la région"}, Meta: src},
			{ID: "obj-investment", Parent: "pillar-prosperity", Kind: registry.NodeObjective, Position: 2,
				Title: registry.Names{EN: "Investment from abroad"}, Meta: src},
		},
		Stakeholders: []registry.Stakeholder{
			{ID: "chamber-of-commerce", Name: "Chamber of Commerce", Category: registry.PrivateSector, Meta: src},
		},
		Consultations: []registry.Consultation{
			{ID: "trade-2026", Policy: "fp-2026", Title: registry.Names{EN: "Trade priorities", FR: "Priorités commerciales"},
				Summary: "Which markets should the missions work on first?", Opens: d("2026-06-01"), Closes: d("2026-07-31"),
				Stakeholders: []string{"chamber-of-commerce"}, Objectives: []string{"obj-trade", "obj-investment"}, Meta: src},
			{ID: "diaspora-2026", Policy: "fp-2026", Title: registry.Names{EN: "Serving nationals abroad"},
				Opens: d("2026-09-01"), Closes: d("2026-10-31"), Meta: src},
			{ID: "review-2025", Policy: "fp-2026", Title: registry.Names{EN: "Review of the draft policy"},
				Opens: d("2025-09-01"), Closes: d("2025-10-31"), Outcome: "Two objectives were rewritten after the review.", Meta: src},
		},
	}
}

// consultEnv is a portal over consultDataset taking submissions into a
// SQLite store, on testDay, with a clock the test moves.
type consultEnv struct {
	t   *testing.T
	s   *Server
	db  *store.DB
	mu  sync.Mutex
	now time.Time
	reg *registry.Registry
}

func newConsultEnv(t *testing.T) *consultEnv {
	t.Helper()
	e := &consultEnv{t: t, db: storetest.SQLite(t), now: time.Date(2026, 6, 30, 10, 0, 0, 0, time.UTC)}
	e.reg = registry.New(consultDataset())
	if err := e.reg.Validate(); err != nil {
		t.Fatal(err)
	}
	e.s = New(e.snapshot, nil)
	e.s.today = func() registry.Date { return testDay }
	e.s.EnableSubmissions(e.db)
	e.s.submissions.now = e.clock
	return e
}

func (e *consultEnv) snapshot() *registry.Registry {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.reg
}

func (e *consultEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *consultEnv) advance(d time.Duration) {
	e.mu.Lock()
	e.now = e.now.Add(d)
	e.mu.Unlock()
}

// reload publishes a new snapshot of the same data, as the instance does
// when the data version moves (a moderation that publishes takes a
// revision).
func (e *consultEnv) reload() {
	e.mu.Lock()
	e.reg = registry.New(consultDataset())
	e.mu.Unlock()
}

var reToken = regexp.MustCompile(`<input type="hidden" name="token" value="([^"]+)">`)

// token fetches the form of consultation id and returns its token.
func (e *consultEnv) token(id string) string {
	e.t.Helper()
	r := get(e.t, e.s, "/en/consultations/"+id+"/respond")
	if r.status != http.StatusOK {
		e.t.Fatalf("form of %s: %d\n%.600s", id, r.status, r.body)
	}
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		e.t.Errorf("form served with Cache-Control %q, want no-store", cc)
	}
	m := reToken.FindStringSubmatch(r.body)
	if m == nil {
		e.t.Fatalf("no token in the form of %s", id)
	}
	return m[1]
}

// post sends form to the consultation id from the address remote.
func (e *consultEnv) post(lang, id string, form url.Values, remote string, header ...string) response {
	e.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/"+lang+"/consultations/"+id, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	req.RemoteAddr = remote
	rec := httptest.NewRecorder()
	e.s.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return response{rec.Code, rec.Result().Header, string(b)}
}

func (e *consultEnv) count(status store.SubmissionStatus) int {
	e.t.Helper()
	n, err := e.db.CountSubmissions(context.Background(), "", status)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// goodForm is a valid submission to trade-2026 with token tok.
func goodForm(tok string) url.Values {
	return url.Values{"token": {tok}, "name": {"Ada Lovelace"}, "email": {"ada@example.org"},
		"organisation": {"Analytical Society"}, "category": {"academia"}, "objectives": {"obj-trade"},
		"text": {"Open a trade office in Lusaka.\n\nAnd simplify visas for traders."}, "website": {""}}
}

func TestConsultPagesInEveryLanguage(t *testing.T) {
	e := newConsultEnv(t)
	for _, lang := range i18n.Languages {
		for _, p := range []string{"/consultations", "/consultations/trade-2026", "/consultations/review-2025",
			"/consultations/diaspora-2026", "/consultations/trade-2026?sent=1", "/consultations/trade-2026/respond"} {
			t.Run(lang+p, func(t *testing.T) {
				r := get(t, e.s, "/"+lang+p)
				if r.status != http.StatusOK {
					t.Fatalf("status %d\n%.600s", r.status, r.body)
				}
				checkPage(t, e.s, r, lang, p)
			})
		}
		// A refused form, shown again with its messages.
		t.Run(lang+"/refused", func(t *testing.T) {
			f := goodForm(e.token("trade-2026"))
			e.advance(5 * time.Second)
			f.Set("email", "not an address")
			r := e.post(lang, "trade-2026", f, "192.0.2.1:1000")
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.status)
			}
			checkPage(t, e.s, r, lang, "/consultations/trade-2026/respond")
		})
	}
}

func TestConsultList(t *testing.T) {
	e := newConsultEnv(t)
	body := get(t, e.s, "/en/consultations").body
	section := func(id string) string {
		i := strings.Index(body, `<section id="`+id+`"`)
		if i < 0 {
			t.Fatalf("no section %s", id)
		}
		return body[i : i+strings.Index(body[i:], "</section>")]
	}
	for sec, want := range map[string]string{"consultations-open": "consultation-trade-2026",
		"consultations-upcoming": "consultation-diaspora-2026", "consultations-closed": "consultation-review-2025"} {
		if s := section(sec); !strings.Contains(s, `id="`+want+`"`) || strings.Count(s, `<li id="consultation-`) != 1 {
			t.Errorf("section %s does not list %s alone:\n%s", sec, want, s)
		}
	}
	if !strings.Contains(section("consultations-closed"), "Two objectives were rewritten after the review.") {
		t.Error("the closed consultation's outcome is not shown")
	}
	// On a date in 2025 the review was open and the others not yet.
	past := get(t, e.s, "/en/consultations?as_of=2025-10-01").body
	i := strings.Index(past, `<section id="consultations-open"`)
	if i < 0 || !strings.Contains(past[i:i+strings.Index(past[i:], "</section>")], "consultation-review-2025") {
		t.Error("as of 2025-10-01 the review is not listed as open")
	}
}

func TestConsultPage(t *testing.T) {
	e := newConsultEnv(t)
	r := get(t, e.s, "/en/consultations/trade-2026")
	for _, want := range []string{"More trade with the region", "Investment from abroad", "Chamber of Commerce",
		"Private sector", `id="respond"`, "/en/consultations/trade-2026/respond", "No submission has been published yet."} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if cc := r.header.Get("Cache-Control"); !strings.HasPrefix(cc, "public") {
		t.Errorf("Cache-Control %q: the consultation page must stay cacheable", cc)
	}
	if reToken.MatchString(r.body) {
		t.Error("the cached page carries a token")
	}
	// Closed, upcoming, or a past date: no form.
	for _, p := range []string{"/en/consultations/review-2025", "/en/consultations/diaspora-2026", "/en/consultations/trade-2026?as_of=2026-06-15"} {
		if b := get(t, e.s, p).body; strings.Contains(b, `id="respond"`) {
			t.Errorf("%s links to the form", p)
		}
	}
	closed := get(t, e.s, "/en/consultations/review-2025/respond")
	if closed.status != http.StatusOK || !strings.Contains(closed.body, `id="closed-notice"`) || reToken.MatchString(closed.body) {
		t.Errorf("form of a closed consultation: %d, closed notice or token wrong", closed.status)
	}
	for _, p := range []string{"/en/consultations/nope", "/en/consultations/nope/respond"} {
		if r := get(t, e.s, p); r.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.status)
		}
	}
	if r := e.post("en", "nope", goodForm("x"), "192.0.2.1:1"); r.status != http.StatusNotFound {
		t.Errorf("POST to an unknown consultation: %d, want 404", r.status)
	}
}

// TestConsultSubmitAndPublish: a submission is stored pending and not
// shown; once published (and the snapshot reloaded, as the revision the
// moderation takes makes every instance do), it is shown with its
// organisation and category, never its sender's name or email.
func TestConsultSubmitAndPublish(t *testing.T) {
	e := newConsultEnv(t)
	tok := e.token("trade-2026")
	e.advance(10 * time.Second)
	r := e.post("en", "trade-2026", goodForm(tok), "192.0.2.1:4000")
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/en/consultations/trade-2026?sent=1" {
		t.Fatalf("submit: %d %s\n%.800s", r.status, r.header.Get("Location"), r.body)
	}
	list, err := e.db.Submissions(context.Background(), "trade-2026", store.SubmissionPending)
	if err != nil || len(list) != 1 {
		t.Fatalf("pending: %v, %v", list, err)
	}
	sub := list[0]
	if sub.Name != "Ada Lovelace" || sub.Email != "ada@example.org" || sub.Category != registry.Academia ||
		strings.Join(sub.Objectives, ";") != "obj-trade" || !strings.Contains(sub.Text, "Lusaka") {
		t.Errorf("stored %+v", sub)
	}
	thanks := get(t, e.s, "/en/consultations/trade-2026?sent=1").body
	if !strings.Contains(thanks, `id="sent-notice"`) || strings.Contains(thanks, "Lusaka") {
		t.Error("after sending: no thanks, or the pending submission is shown")
	}
	if b := get(t, e.s, "/en/consultations/trade-2026").body; strings.Contains(b, "Lusaka") {
		t.Error("the pending submission is shown")
	}

	ctx := audit.WithActor(context.Background(), audit.Actor{ID: "user:1"})
	if _, err := e.db.ModerateSubmission(ctx, sub.ID, store.SubmissionPublished, "officer@example.org", store.SubmissionPending); err != nil {
		t.Fatal(err)
	}
	if b := get(t, e.s, "/en/consultations/trade-2026").body; strings.Contains(b, "Lusaka") {
		t.Error("the cached page changed without a new snapshot")
	}
	e.reload()
	page := get(t, e.s, "/en/consultations/trade-2026").body
	for _, want := range []string{`id="submission-` + strconv.FormatInt(sub.ID, 10) + `"`, "Open a trade office in Lusaka.",
		"And simplify visas for traders.", "Analytical Society", "Academia and research"} {
		if !strings.Contains(page, want) {
			t.Errorf("the published submission lacks %q", want)
		}
	}
	for _, secret := range []string{"Ada", "Lovelace", "ada@example.org"} {
		if strings.Contains(page, secret) {
			t.Errorf("the public page shows %q", secret)
		}
	}
}

func TestConsultRefusals(t *testing.T) {
	e := newConsultEnv(t)
	tok := e.token("trade-2026")
	key, err := e.db.SubmissionFormKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	other := formToken(key, "diaspora-2026", e.clock()) // well signed, for another consultation
	e.advance(10 * time.Second)
	ts, sig, _ := strings.Cut(tok, ".")
	tampered := strconv.FormatInt(mustInt(t, ts)-60, 10) + "." + sig
	tests := []struct {
		name   string
		change func(url.Values)
		header []string
		status int
		want   string // in the body
	}{
		{"honeypot filled", func(f url.Values) { f.Set("website", "http://spam.example") }, nil, http.StatusUnprocessableEntity, `id="err-website"`},
		{"no token", func(f url.Values) { f.Del("token") }, nil, http.StatusBadRequest, "could not be checked"},
		{"tampered token", func(f url.Values) { f.Set("token", tampered) }, nil, http.StatusBadRequest, "could not be checked"},
		{"garbage token", func(f url.Values) { f.Set("token", "1.!!") }, nil, http.StatusBadRequest, "could not be checked"},
		{"another consultation's token", func(f url.Values) { f.Set("token", other) }, nil, http.StatusBadRequest, "could not be checked"},
		{"bad email", func(f url.Values) { f.Set("email", "ada at example") }, nil, http.StatusUnprocessableEntity, `id="err-email"`},
		{"long name", func(f url.Values) { f.Set("name", strings.Repeat("n", 201)) }, nil, http.StatusUnprocessableEntity, `id="err-name"`},
		{"organisation on two lines", func(f url.Values) { f.Set("organisation", "a\nb") }, nil, http.StatusUnprocessableEntity, `id="err-organisation"`},
		{"bad category", func(f url.Values) { f.Set("category", "lobby") }, nil, http.StatusUnprocessableEntity, `id="err-category"`},
		{"objective not asked", func(f url.Values) { f.Add("objectives", "obj-elsewhere") }, nil, http.StatusUnprocessableEntity, `id="err-objectives"`},
		{"no text", func(f url.Values) { f.Set("text", "   ") }, nil, http.StatusUnprocessableEntity, `id="err-text"`},
		{"long text", func(f url.Values) { f.Set("text", strings.Repeat("a", store.MaxSubmissionText+1)) }, nil, http.StatusUnprocessableEntity, "5,001"},
		{"four links", func(f url.Values) {
			f.Set("text", "See https://a.example, http://b.example, www.c.example and HTTPS://d.example")
		}, nil, http.StatusUnprocessableEntity, `id="err-text"`},
		{"body too large", func(f url.Values) { f.Set("text", strings.Repeat("é", 20000)) }, nil, http.StatusRequestEntityTooLarge, "too large"},
		{"cross-site", func(url.Values) {}, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden, "another site"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := goodForm(tok)
			tt.change(f)
			r := e.post("en", "trade-2026", f, "192.0.2.2:1", tt.header...)
			if r.status != tt.status || !strings.Contains(r.body, tt.want) {
				t.Fatalf("status %d, want %d with %q\n%.1500s", r.status, tt.status, tt.want, r.body)
			}
			if cc := r.header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q", cc)
			}
			if r.status == http.StatusUnprocessableEntity && !strings.Contains(r.body, `value="Analytical Society"`) &&
				tt.name != "organisation on two lines" {
				t.Error("the form shown again lost what was typed")
			}
		})
	}
	if n := e.count(""); n != 0 {
		t.Errorf("%d submissions stored by refused forms", n)
	}
	// The token's age: too young, then too old.
	young := e.token("trade-2026")
	e.advance(time.Second)
	if r := e.post("en", "trade-2026", goodForm(young), "192.0.2.3:1"); r.status != http.StatusBadRequest || !strings.Contains(r.body, "too quickly") {
		t.Errorf("token 1 s old: %d", r.status)
	}
	e.advance(2*time.Hour + time.Minute)
	if r := e.post("en", "trade-2026", goodForm(young), "192.0.2.3:1"); r.status != http.StatusBadRequest || !strings.Contains(r.body, "expired") {
		t.Errorf("token 2 h 1 min old: %d", r.status)
	}
	if n := e.count(""); n != 0 {
		t.Errorf("%d submissions stored by refused tokens", n)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestConsultClosedRefuses(t *testing.T) {
	e := newConsultEnv(t)
	tok := e.token("trade-2026")
	e.advance(10 * time.Second)
	// The consultation closes: the same form, sent after its last day.
	e.s.today = func() registry.Date { return registry.MustDate("2026-08-01") }
	r := e.post("en", "trade-2026", goodForm(tok), "192.0.2.4:1")
	if r.status != http.StatusConflict || !strings.Contains(r.body, "not taking submissions") || strings.Contains(r.body, `id="submission-form"`) {
		t.Fatalf("closed: %d\n%.800s", r.status, r.body)
	}
	if n := e.count(""); n != 0 {
		t.Errorf("%d stored", n)
	}
}

func TestConsultRateLimit(t *testing.T) {
	e := newConsultEnv(t)
	tok := e.token("trade-2026")
	e.advance(10 * time.Second)
	for i := range submissionLimit.Max {
		if r := e.post("en", "trade-2026", goodForm(tok), "198.51.100.9:"+strconv.Itoa(1000+i)); r.status != http.StatusSeeOther {
			t.Fatalf("submission %d: %d", i+1, r.status)
		}
	}
	r := e.post("en", "trade-2026", goodForm(tok), "198.51.100.9:2000")
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("submission %d: %d, want 429", submissionLimit.Max+1, r.status)
	}
	if s, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || s <= 0 || s > 3600 {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	if !strings.Contains(r.body, "Too many submissions") || !strings.Contains(r.body, "Analytical Society") {
		t.Error("the form is not shown again with the reason")
	}
	if r := e.post("en", "trade-2026", goodForm(tok), "198.51.100.10:1"); r.status != http.StatusSeeOther {
		t.Errorf("another address: %d", r.status)
	}
	if n := e.count(store.SubmissionPending); n != submissionLimit.Max+1 {
		t.Errorf("%d stored, want %d", n, submissionLimit.Max+1)
	}
}

// TestConsultWithoutSubmissions: a portal not given a store shows the
// consultations without form or submissions.
func TestConsultWithoutSubmissions(t *testing.T) {
	reg := registry.New(consultDataset())
	s := New(func() *registry.Registry { return reg }, nil)
	s.today = func() registry.Date { return testDay }
	r := get(t, s, "/en/consultations/trade-2026")
	if r.status != http.StatusOK || strings.Contains(r.body, `id="respond"`) || strings.Contains(r.body, `id="submissions"`) {
		t.Errorf("page without a store: %d, or it offers a form or submissions", r.status)
	}
	if r := get(t, s, "/en/consultations/trade-2026/respond"); r.status != http.StatusNotFound {
		t.Errorf("form without a store: %d, want 404", r.status)
	}
}

// TestConsultTextAtTheLimit: the limit counts line ends as one character,
// though browsers send them as two (CRLF).
func TestConsultTextAtTheLimit(t *testing.T) {
	e := newConsultEnv(t)
	tok := e.token("trade-2026")
	e.advance(10 * time.Second)
	f := goodForm(tok)
	lines := (store.MaxSubmissionText - 2) / 2 // "a" and a line end each, then the rest in b's
	f.Set("text", strings.Repeat("a\r\n", lines)+strings.Repeat("b", store.MaxSubmissionText-2*lines))
	if r := e.post("en", "trade-2026", f, "192.0.2.5:1"); r.status != http.StatusSeeOther {
		t.Fatalf("%d\n%.800s", r.status, r.body)
	}
	list, err := e.db.Submissions(context.Background(), "trade-2026", "")
	if err != nil || len(list) != 1 || len([]rune(list[0].Text)) != store.MaxSubmissionText || strings.Contains(list[0].Text, "\r") {
		t.Errorf("stored %d submissions, %v", len(list), err)
	}
}
