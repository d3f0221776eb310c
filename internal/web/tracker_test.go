package web

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/report/pdftext"
)

// Words of records no public page may show: a non-public engagement, the
// title of a judicial-cooperation request (even one marked public), a
// non-public association, and an agreement cited only by an actual that
// awaits approval.
const (
	secretTitle     = "Confidential consultations XYZZY"
	judicialTitle   = "Extradition of Jean Dupont"
	judicialTitle2  = "Mutual assistance for Amina K."
	hiddenAssocName = "Hidden Diaspora Circle"
)

// trackerDataset is the seed data set with tracker records around testDay
// (2026-06-30, in fiscal year 2025-2026): an earlier policy version
// (2010 to 2015), public and non-public engagements, judicial requests, two
// sessions of a joint commission with their decisions, associations in
// Kenya, an initiative, an agreement cited by an approved actual, and an
// open and a closed consultation.
func trackerDataset(t testing.TB) registry.Dataset {
	t.Helper()
	reg, _ := seed(t)
	ds := reg.Dataset().Clone()
	meta := registry.Meta{Source: "test"}
	day := registry.MustDate
	node := func(id, parent string, kind registry.PolicyNodeKind, pos int, title string) registry.PolicyNode {
		return registry.PolicyNode{ID: id, Parent: parent, Kind: kind, Position: pos, Title: registry.Names{EN: title}, Meta: meta}
	}
	old := node("fp-2010", "", registry.NodePolicy, 1, "Foreign policy of 2010")
	old.Adopted, old.Superseded = day("2010-01-15"), day("2015-06-01")
	ds.PolicyNodes = append(ds.PolicyNodes, old,
		node("p2010-trade", "fp-2010", registry.NodePillar, 1, "Trade first"),
		node("o2010-exports", "p2010-trade", registry.NodeObjective, 1, "More exports"))

	eng := func(id string, kind registry.EngagementKind, title, start string, public bool, objectives ...string) registry.Engagement {
		return registry.Engagement{ID: id, Kind: kind, Title: registry.Names{EN: title}, Start: day(start),
			Countries: []string{"KE"}, Objectives: objectives, Public: public, Meta: meta}
	}
	visit := eng("visit-nairobi", registry.Visit, "State visit to Nairobi", "2026-03-10", true, "obj-economic-diplomacy")
	visit.Direction, visit.City = registry.Outgoing, "Nairobi"
	request := eng("req-1", registry.JudicialRequest, judicialTitle, "2026-01-05", true, "obj-justice")
	request.RequestKind, request.Status = registry.Extradition, registry.RequestGranted
	request2 := eng("req-2", registry.JudicialRequest, judicialTitle2, "2025-08-05", false, "obj-justice")
	request2.RequestKind, request2.Status = registry.MutualLegalAssistance, registry.RequestSent
	jpc1 := eng("jpc-1", registry.CommissionSession, "Rwanda–Kenya joint commission", "2024-05-02", true, "obj-economic-diplomacy")
	jpc1.Commission, jpc1.Session = "rw-ke-jpc", 1
	jpc2 := eng("jpc-2", registry.CommissionSession, "Rwanda–Kenya joint commission", "2026-02-01", true, "obj-economic-diplomacy")
	jpc2.Commission, jpc2.Session = "rw-ke-jpc", 2
	ds.Engagements = append(ds.Engagements, visit, request, request2, jpc1, jpc2,
		eng("secret", registry.Meeting, secretTitle, "2026-04-01", false, "obj-economic-diplomacy"),
		eng("future-summit", registry.Summit, "Summit still to come", "2026-09-01", true, "obj-economic-diplomacy"))
	commitment := func(id, engagement, text string, st registry.CommitmentStatus) registry.Commitment {
		return registry.Commitment{ID: id, Engagement: engagement, Text: text, Owner: "Trade unit", Due: day("2026-12-31"), Status: st, Meta: meta}
	}
	done := commitment("c-done", "jpc-1", "Sign the customs memorandum", registry.CommitmentDone)
	done.Closed = day("2025-01-10")
	ds.Commitments = append(ds.Commitments, commitment("c-open", "jpc-1", "Open a joint trade desk", registry.CommitmentOpen), done,
		commitment("c-new", "jpc-2", "Build a one-stop border post", registry.CommitmentInProgress))

	ds.Associations = append(ds.Associations,
		registry.Association{ID: "rw-community-nairobi", Name: "Rwandan Community in Nairobi", Country: "KE", City: "Nairobi",
			Contacts: registry.Contacts{Email: "info@community.example.org"}, Public: true, Meta: meta},
		registry.Association{ID: "hidden-circle", Name: hiddenAssocName, Country: "KE", City: "Mombasa", Public: false, Meta: meta})
	ds.Initiatives = append(ds.Initiatives, registry.Initiative{ID: "export-drive", Title: registry.Names{EN: "Export promotion drive"},
		Objectives: []string{"obj-economic-diplomacy"}, Start: day("2025-07-01"), Status: registry.InitiativeOngoing, Meta: meta})

	ds.Agreements = append(ds.Agreements,
		registry.Agreement{ID: "ke-trade", Title: registry.Names{EN: "Trade facilitation agreement with Kenya"}, Kind: registry.AgreementKind,
			Scope: registry.Bilateral, Parties: []registry.Party{registry.StateParty("KE")}, Signed: day("2025-11-20"),
			Certainty: registry.Reported, Meta: meta},
		registry.Agreement{ID: "ke-pending", Title: registry.Names{EN: "Agreement cited by a pending actual"}, Kind: registry.AgreementKind,
			Scope: registry.Bilateral, Parties: []registry.Party{registry.StateParty("KE")}, Signed: day("2025-12-01"),
			Certainty: registry.Reported, Meta: meta})
	ds.Indicators = append(ds.Indicators, registry.Indicator{ID: "ind-trade-deals", Objective: "obj-economic-diplomacy",
		Title: registry.Names{EN: "Trade deals concluded"}, Measure: "count", Direction: "increase",
		BaselinePeriod: "2024-2025", BaselineValue: new(float64), Meta: meta})
	at := time.Date(2025, 12, 2, 9, 0, 0, 0, time.UTC)
	one := 1.0
	ds.IndicatorActuals = append(ds.IndicatorActuals,
		registry.IndicatorActual{ID: "deal-approved", Indicator: "ind-trade-deals", Period: "2025-2026-Q2", Value: &one,
			Evidence: "agreement:ke-trade", RecordedAt: registry.Timestamp{Time: at}, RecordedBy: "officer",
			ApprovedAt: registry.Timestamp{Time: at.Add(time.Hour)}, ApprovedBy: "head", Meta: meta},
		registry.IndicatorActual{ID: "deal-pending", Indicator: "ind-trade-deals", Period: "2025-2026-Q2", Value: &one,
			Evidence: "agreement:ke-pending", RecordedAt: registry.Timestamp{Time: at}, RecordedBy: "officer", Meta: meta})

	ds.Consultations = append(ds.Consultations,
		registry.Consultation{ID: "review-2026", Policy: "foreign-policy", Title: registry.Names{EN: "Review of the foreign policy"},
			Opens: day("2026-06-01"), Closes: day("2026-07-31"), Meta: meta},
		registry.Consultation{ID: "review-2020", Policy: "foreign-policy", Title: registry.Names{EN: "Consultation closed long ago"},
			Opens: day("2020-01-01"), Closes: day("2020-02-01"), Meta: meta})
	return ds
}

func trackerServer(t testing.TB) *Server {
	t.Helper()
	reg := registry.New(trackerDataset(t))
	s := New(func() *registry.Registry { return reg }, nil)
	s.today = func() registry.Date { return testDay }
	return s
}

// section returns the part of body from the element with the given id to
// the end of its parent's closing tag name (a rough cut for assertions).
func section(t *testing.T, body, id, end string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element %s", id)
	}
	j := strings.Index(body[i:], end)
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

func TestPolicyPageShowsTheTracker(t *testing.T) {
	s := trackerServer(t)
	r := get(t, s, "/en/policy")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	prosperity := section(t, r.body, "pillar-pillar-prosperity", "</li>\n<li id=\"pillar-")
	for _, want := range []string{
		`data-engagement="visit-nairobi"`, "State visit to Nairobi", "Visit (outgoing)", `<time datetime="2026-03-10">`,
		`data-engagement="jpc-2"`, `id="pillar-agreement-pillar-prosperity-ke-trade"`, "Trade facilitation agreement with Kenya",
	} {
		if !strings.Contains(prosperity, want) {
			t.Errorf("the prosperity pillar lacks %q", want)
		}
	}
	if strings.Contains(r.body, "Summit still to come") {
		t.Error("an engagement after the date shown is listed")
	}
	if strings.Contains(r.body, "ke-pending") {
		t.Error("an agreement cited only by an unapproved actual is listed")
	}
	people := section(t, r.body, "pillar-pillar-people", "</li>\n<li id=\"pillar-")
	if !strings.Contains(people, "No public engagement is recorded under this pillar yet.") {
		t.Error("a pillar without engagements does not say so")
	}
	for _, want := range []string{
		`<a href="/en/consultations/review-2026">Review of the foreign policy</a>`, `open until <time datetime="2026-07-31">`,
		`<a href="/en/policy/versions" id="versions-link">`, `<a href="/en/engagements" id="engagements-link">`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("/en/policy lacks %q", want)
		}
	}
	if strings.Contains(r.body, "review-2020") {
		t.Error("a closed consultation is listed as open")
	}
	// On an earlier date the policy then in force is shown.
	if r := get(t, s, "/en/policy?as_of=2012-01-01"); !strings.Contains(r.body, "<h1>Foreign policy of 2010</h1>") || !strings.Contains(r.body, `id="pillar-p2010-trade"`) {
		t.Errorf("/en/policy in 2012 does not show the 2010 version:\n%.300s", r.body)
	}
	// Before 2010 only the seed's undated policy is in force.
	if r := get(t, s, "/en/policy?as_of=2009-01-01"); r.status != 200 || !strings.Contains(r.body, "<h1>Foreign policy</h1>") {
		t.Errorf("/en/policy in 2009: %d", r.status)
	}
}

func TestPillarPageShowsWork(t *testing.T) {
	s := trackerServer(t)
	r := get(t, s, "/en/policy/pillar-prosperity")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	economic := section(t, r.body, "objective-obj-economic-diplomacy", `<li id="objective-`)
	for _, want := range []string{`id="initiative-export-drive"`, "Export promotion drive", "ongoing",
		`data-engagement="visit-nairobi"`, `data-engagement="jpc-1"`} {
		if !strings.Contains(economic, want) {
			t.Errorf("the objective lacks %q", want)
		}
	}
	if health := section(t, r.body, "objective-obj-public-health", `<li id="objective-`); !strings.Contains(health, "No initiative or public engagement is recorded for this objective yet.") {
		t.Error("an objective without work does not say so")
	}
	if !strings.Contains(r.body, `id="pillar-agreement-pillar-prosperity-ke-trade"`) {
		t.Error("the pillar page lacks the agreement cited as evidence")
	}
	// A pillar of a version not in force on the date shown is not found.
	if r := get(t, s, "/en/policy/p2010-trade"); r.status != http.StatusNotFound {
		t.Errorf("pillar of a superseded version: %d, want 404", r.status)
	}
}

func TestPolicyVersions(t *testing.T) {
	s := trackerServer(t)
	r := get(t, s, "/en/policy/versions")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	rows := tableRows(t, r.body, "versions")
	if len(rows) != 2 {
		t.Fatalf("%d versions listed, want 2: %q", len(rows), rows)
	}
	// Newest first: the dated 2010 version, then the undated seed policy.
	if rows[0][0] != "Foreign policy of 2010" || rows[0][1] != "15 January 2010" || rows[0][2] != "1 June 2015" || rows[0][3] != "No longer in force" {
		t.Errorf("first row %q", rows[0])
	}
	if rows[1][1] != "not recorded" || rows[1][3] != "In force" {
		t.Errorf("second row %q", rows[1])
	}
	v := get(t, s, "/en/policy/versions/fp-2010")
	if v.status != 200 || !strings.Contains(v.body, `id="objective-o2010-exports"`) || !strings.Contains(v.body, "No longer in force") {
		t.Errorf("/en/policy/versions/fp-2010: %d", v.status)
	}
	if v := get(t, s, "/en/policy/versions/fp-2010?as_of=2012-03-01"); !strings.Contains(v.body, "In force") {
		t.Error("the 2010 version is not in force in 2012")
	}
	for _, bad := range []string{"/en/policy/versions/nope", "/en/policy/versions/p2010-trade"} {
		if r := get(t, s, bad); r.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", bad, r.status)
		}
	}
}

func TestEngagementsPage(t *testing.T) {
	s := trackerServer(t)
	ids := func(body string) []string {
		var out []string
		for _, part := range strings.Split(body, `<li class="engagement" data-engagement="`)[1:] {
			id, _, _ := strings.Cut(part, `"`)
			out = append(out, id)
		}
		return out
	}
	for _, tc := range []struct {
		query string
		want  string
	}{
		{"", "visit-nairobi jpc-2 jpc-1"},
		{"?kind=visit", "visit-nairobi"},
		{"?kind=commission_session", "jpc-2 jpc-1"},
		{"?fy=2023-2024", "jpc-1"},
		{"?fy=2025-2026&kind=summit", ""},
		{"?fy=2026-2027&as_of=2026-12-31", "future-summit"},
	} {
		r := get(t, s, "/en/engagements"+tc.query)
		if r.status != 200 {
			t.Errorf("%s: status %d", tc.query, r.status)
			continue
		}
		list := section(t, r.body, "list-heading", "</section>")
		if got := strings.Join(ids(list), " "); got != tc.want {
			t.Errorf("%s: engagements %q, want %q", tc.query, got, tc.want)
		}
	}

	r := get(t, s, "/en/engagements")
	session := section(t, r.body, "session-jpc-2", "</article>")
	for _, want := range []string{`data-decision="c-new"`, "Build a one-stop border post", "Decisions of earlier sessions still open",
		`data-decision="c-open"`, "Open a joint trade desk", `due <time datetime="2026-12-31">`} {
		if !strings.Contains(session, want) {
			t.Errorf("session 2 lacks %q", want)
		}
	}
	if strings.Contains(session, "c-done") {
		t.Error("a decision done before session 2 is carried into it")
	}
	first := section(t, r.body, "session-jpc-1", "</article>")
	if !strings.Contains(first, `data-decision="c-done"`) || strings.Contains(first, "earlier sessions") {
		t.Error("session 1 does not list its own decisions alone")
	}
	requests := tableRows(t, r.body, "requests")
	if len(requests) != 2 || requests[0][0] != "sent" || requests[0][1] != "1" || requests[1][0] != "granted" || requests[1][1] != "1" {
		t.Errorf("request counts %q", requests)
	}
	if !strings.Contains(r.body, "Requests recorded: 2") {
		t.Error("no total of requests")
	}
	if r := get(t, s, "/en/engagements?fy=2023-2024"); !strings.Contains(r.body, "No request is recorded.") {
		t.Error("the request counts ignore the fiscal year")
	}

	for _, bad := range []string{"?kind=judicial_request", "?kind=castle", "?fy=2025", "?fy=2025-2027", "?fy=1800-1801", "?fy=2025-2026%20Q1"} {
		if r := get(t, s, "/en/engagements"+bad); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, r.status)
		}
	}
	for _, lang := range i18n.Languages {
		for _, p := range []string{"/engagements", "/engagements?kind=commission_session", "/policy", "/policy/pillar-prosperity",
			"/policy/versions", "/policy/versions/fp-2010", "/countries/KE"} {
			r := get(t, s, "/"+lang+p)
			if r.status != 200 {
				t.Errorf("/%s%s: %d", lang, p, r.status)
				continue
			}
			checkPage(t, s, r, lang, p)
		}
	}
}

// TestEngagementYears: the list of fiscal years places a start as the
// ?fy= filter does, by its first day, so that a visit dated only to its
// year (which the visits figure counts) has its year listed and found.
func TestEngagementYears(t *testing.T) {
	ds := trackerDataset(t)
	ds.Engagements = append(ds.Engagements,
		registry.Engagement{ID: "visit-2021", Kind: registry.Visit, Direction: registry.Incoming, Title: registry.Names{EN: "Visit known to its year"},
			Start: registry.MustDate("2021"), Countries: []string{"KE"}, Public: true, Meta: registry.Meta{Source: "test"}},
		registry.Engagement{ID: "meeting-2019-03", Kind: registry.Meeting, Title: registry.Names{EN: "Meeting known to its month"},
			Start: registry.MustDate("2019-03"), Countries: []string{"KE"}, Public: true, Meta: registry.Meta{Source: "test"}})
	reg := registry.New(ds)
	// The data set is invalid on purpose (a public judicial request), but
	// the two engagements added are valid.
	if err := reg.Validate(); err != nil && (strings.Contains(err.Error(), "visit-2021") || strings.Contains(err.Error(), "meeting-2019-03")) {
		t.Fatal(err)
	}
	s := New(func() *registry.Registry { return reg }, nil)
	s.today = func() registry.Date { return testDay }
	years := func(body string) []string {
		var out []string
		for _, part := range strings.Split(section(t, body, "f-fy", "</select>"), `<option value="`)[2:] {
			y, _, _ := strings.Cut(part, `"`)
			out = append(out, y)
		}
		return out
	}
	r := get(t, s, "/en/engagements")
	// 2021 starts on 1 January 2021, in 2020-2021 of the seed's July-June
	// fiscal years; March 2019 in 2018-2019.
	if got, want := strings.Join(years(r.body), " "), "2025-2026 2023-2024 2020-2021 2018-2019"; got != want {
		t.Errorf("years %q, want %q", got, want)
	}
	for fy, id := range map[string]string{"2020-2021": "visit-2021", "2018-2019": "meeting-2019-03"} {
		r := get(t, s, "/en/engagements?fy="+fy)
		if list := section(t, r.body, "list-heading", "</section>"); !strings.Contains(list, `data-engagement="`+id+`"`) {
			t.Errorf("?fy=%s does not list %s", fy, id)
		}
	}
	// The visits figure of that year counts the visit dated to its year.
	if f, _ := reg.Figures(registry.MustDate("2021-06-30")).Get(registry.FigVisitsThisFiscalYear); f.Value != 1 {
		t.Errorf("visits of 2020-2021: %d, want 1", f.Value)
	}
}

func TestCountryPageShowsCommunitiesAndEngagements(t *testing.T) {
	s := trackerServer(t)
	r := get(t, s, "/en/countries/KE")
	for _, want := range []string{`id="association-rw-community-nairobi"`, "Rwandan Community in Nairobi", "Nairobi",
		`href="mailto:info@community.example.org"`, `data-engagement="visit-nairobi"`, `data-engagement="jpc-1"`,
		"Associations of nationals of Rwanda in this country"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("/en/countries/KE lacks %q", want)
		}
	}
	if r := get(t, s, "/en/countries/DK"); strings.Contains(r.body, `id="associations"`) || strings.Contains(r.body, `id="engagements"`) {
		t.Error("a country without associations or engagements shows their sections")
	}
}

// TestNothingPrivateOnAnyPage: a non-public engagement, a judicial
// request's title and a non-public association appear on no public page,
// in any language, on any date. The PDF report is checked by its text
// (its content streams are compressed), read back with pdftotext.
func TestNothingPrivateOnAnyPage(t *testing.T) {
	s := trackerServer(t)
	paths := append([]string{}, pages...)
	paths = append(paths, "/policy/pillar-prosperity", "/policy/pillar-genocide-memory", "/policy/versions/fp-2010",
		"/engagements?kind=meeting", "/engagements?fy=2025-2026", "/countries/KE?as_of=2026-05-01",
		"/policy?as_of=2026-04-02", "/policy/report/2025-2026.csv", "/policy/report/2025-2026.pdf")
	for _, lang := range i18n.Languages {
		for _, p := range paths {
			r := get(t, s, "/"+lang+p)
			if r.status != 200 {
				t.Errorf("/%s%s: %d", lang, p, r.status)
			}
			if strings.HasSuffix(p, ".pdf") {
				// A title the PDF shows (an agreement signed in the year)
				// is found there, as a secret in its place would be.
				text := pdfText(t, r.body)
				if public := "Trade facilitation agreement with Kenya"; !strings.Contains(text, public) {
					t.Errorf("/%s%s: the text read from the PDF lacks %q", lang, p, public)
				}
				r.body = text
			}
			for _, secret := range privateWords {
				if strings.Contains(r.body, secret) {
					t.Errorf("/%s%s shows %q", lang, p, secret)
				}
			}
		}
	}
}

// privateWords are the words of private records, and the ids of their
// elements, that no public page may show.
var privateWords = []string{secretTitle, judicialTitle, judicialTitle2, hiddenAssocName,
	`engagement-secret"`, `engagement-req-1"`, `engagement-req-2"`, "hidden-circle"}

// pdfText returns the text of a PDF with its white space flattened, so
// that a title wrapped over lines of a table cell reads as one line.
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	if !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatalf("not a PDF: %.20q", pdf)
	}
	return pdftext.Flatten(pdftext.Text(t, []byte(pdf)))
}

// TestPrivateWordFoundInThePDF: the check above can fail. With a private
// title in the place of the public agreement title it finds in the PDF,
// the text read back shows it.
func TestPrivateWordFoundInThePDF(t *testing.T) {
	ds := trackerDataset(t)
	for i := range ds.Agreements {
		if ds.Agreements[i].ID == "ke-trade" {
			ds.Agreements[i].Title = registry.Names{EN: secretTitle}
		}
	}
	reg := registry.New(ds)
	s := New(func() *registry.Registry { return reg }, nil)
	s.today = func() registry.Date { return testDay }
	r := get(t, s, "/en/policy/report/2025-2026.pdf")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	if text := pdfText(t, r.body); !strings.Contains(text, secretTitle) {
		t.Errorf("the text read from the PDF lacks the title put in it:\n%.600s", text)
	}
}

// TestPolicyFollowsTheSnapshot: a staff edit to the framework or the
// engagements, published as a new registry, shows at once.
func TestPolicyFollowsTheSnapshot(t *testing.T) {
	ds := trackerDataset(t)
	var cur atomic.Pointer[registry.Registry]
	cur.Store(registry.New(ds))
	s := New(cur.Load, nil)
	s.today = func() registry.Date { return testDay }
	if r := get(t, s, "/en/policy"); strings.Contains(r.body, "Prosperity for all") {
		t.Fatal("the new title is there before the edit")
	}
	ds = ds.Clone()
	for i := range ds.PolicyNodes {
		if ds.PolicyNodes[i].ID == "pillar-prosperity" {
			ds.PolicyNodes[i].Title = registry.Names{EN: "Prosperity for all"}
		}
	}
	for i := range ds.Engagements {
		if ds.Engagements[i].ID == "secret" {
			ds.Engagements[i].Public = true
		}
	}
	cur.Store(registry.New(ds))
	r := get(t, s, "/en/policy")
	if !strings.Contains(r.body, "Prosperity for all") || !strings.Contains(r.body, secretTitle) {
		t.Error("the edited framework or the engagement made public is not shown")
	}
}

func TestHomeShowsVisits(t *testing.T) {
	s := trackerServer(t)
	r := get(t, s, "/en/")
	fig := section(t, r.body, "fig-visits_this_fiscal_year", "</li>")
	if !strings.Contains(fig, `<span class="num">1</span> <span class="figure-label">visits this fiscal year</span>`) || !strings.Contains(fig, "outgoing: 1") {
		t.Errorf("the visits figure is wrong:\n%s", fig)
	}
	if r := get(t, s, "/fr/"); !strings.Contains(r.body, "visites au cours de l&#39;exercice budgétaire") {
		t.Error("the visits figure is not in French")
	}
}
