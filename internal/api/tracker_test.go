package api

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
)

// The ids of the tracker fixture's records that are not public: none of them
// may appear in a public answer.
var trackerSecrets = []string{"eng-private-talks", "eng-extradition-x", "assoc-private", "com-private", "secret-note"}

// trackerRecords adds to ds (writeFixtureData) a record of every tracker
// entity: two versions of the framework, public and private engagements, a
// judicial request, commitments of each, associations, and actuals approved,
// pending and late. Periods are on January fiscal years ("2024").
func trackerRecords(ds *registry.Dataset) {
	src := registry.Meta{Source: "https://example.org/policy", LastVerified: md("2026-01-10")}
	title := func(s string) registry.Names { return registry.Names{EN: s} }
	ds.PolicyNodes = []registry.PolicyNode{
		{ID: "fp-2010", Kind: registry.NodePolicy, Position: 1, Title: title("Policy 2010"), Adopted: md("2010"), Superseded: md("2020-01-01"), Meta: src},
		{ID: "old-pillar", Parent: "fp-2010", Kind: registry.NodePillar, Position: 1, Title: title("Old pillar"), Meta: src},
		{ID: "fp-2020", Kind: registry.NodePolicy, Position: 2, Title: title("Policy 2020"), Adopted: md("2020-01-01"), ParentStrategy: "Vision 2050", Meta: src},
		{ID: "pl-people", Parent: "fp-2020", Kind: registry.NodePillar, Position: 1, Title: title("People"), Meta: src},
		{ID: "obj-diaspora", Parent: "pl-people", Kind: registry.NodeObjective, Position: 1, Title: title("Diaspora"), Meta: src},
		{ID: "obj-trade", Parent: "pl-people", Kind: registry.NodeObjective, Position: 2, Title: title("Trade"), Meta: src},
	}
	ds.Initiatives = []registry.Initiative{
		{ID: "init-diaspora-week", Title: title("Diaspora week"), Objectives: []string{"obj-diaspora"}, LeadMission: missionA,
			Partners: []registry.Party{registry.StateParty("KE")}, Start: md("2024-01"), End: md("2024-12"), Status: registry.InitiativeCompleted, Meta: src},
		{ID: "init-trade-desk", Title: title("Trade desk"), Objectives: []string{"obj-trade"}, Start: md("2025-03"), Status: registry.InitiativeOngoing, Meta: src},
	}
	one := 1.0
	ds.Indicators = []registry.Indicator{
		{ID: "ind-events", Objective: "obj-diaspora", Title: title("Diaspora events"), Measure: registry.MeasureCount,
			Direction: registry.DirectionIncrease, BaselinePeriod: "2023", BaselineValue: &one,
			Targets: []registry.IndicatorTarget{{Period: "2026", Value: 10}}, Meta: src},
		{ID: "ind-agreements", Objective: "obj-trade", Title: title("Agreements in force"), Measure: registry.MeasureCount,
			Direction: registry.DirectionIncrease, Computed: registry.FigAgreementsInForce, BaselinePeriod: "2023", Meta: src},
	}
	four, six := 4.0, 6.0
	recorded := registry.Timestamp{Time: time.Date(2025, 2, 3, 10, 0, 0, 0, time.UTC)}
	ds.IndicatorActuals = []registry.IndicatorActual{
		{ID: "act-2024", Indicator: "ind-events", Period: "2024", Value: &four, Evidence: "engagement:eng-diaspora-day",
			RecordedAt: recorded, RecordedBy: "user:1", ApprovedAt: registry.Timestamp{Time: recorded.Add(time.Hour)}, ApprovedBy: "user:2", Meta: src},
		{ID: "act-2025-q1", Indicator: "ind-events", Period: "2025-Q1", Value: &six, Evidence: "engagement:eng-private-talks",
			RecordedAt: recorded, RecordedBy: "user:1", Meta: src},
	}
	ds.Associations = []registry.Association{
		{ID: "assoc-nairobi", Name: "Rwandans in Nairobi", Country: "KE", City: "Nairobi", Contacts: registry.Contacts{Email: "a@example.org"}, Public: true, Meta: src},
		{ID: "assoc-private", Name: "Private circle", Country: "KE", Public: false, Meta: src},
	}
	ds.Engagements = []registry.Engagement{
		{ID: "eng-state-visit", Kind: registry.Visit, Title: title("State visit to Kenya"), Direction: registry.Outgoing,
			Level: registry.LevelHeadOfState, Start: md("2025-05-02"), Countries: []string{"KE"}, Objectives: []string{"obj-trade"}, Public: true, Meta: src},
		{ID: "eng-jpc-3", Kind: registry.CommissionSession, Title: title("Third session of the joint commission"), Start: md("2025-06-10"),
			Countries: []string{"UG"}, Commission: "rw-ug-jpc", Session: 3, Organisations: []string{"EAC"}, Public: true, Meta: src},
		{ID: "eng-diaspora-day", Kind: registry.CommunityEvent, Title: title("Diaspora day"), Start: md("2024-07-04"),
			Countries: []string{"KE"}, Mission: missionA, Association: "assoc-private", Public: true, Meta: src},
		{ID: "eng-private-talks", Kind: registry.CommissionSession, Title: title("Private talks"), Start: md("2025-01-15"),
			Commission: "rw-tz-jpc", Session: 1, Countries: []string{"TZ"}, Public: false, Meta: registry.Meta{Source: "internal", Note: "secret-note"}},
		{ID: "eng-extradition-x", Kind: registry.JudicialRequest, Title: title("Extradition request"), Start: md("2025-03-01"),
			Countries: []string{"BE"}, RequestKind: registry.Extradition, Status: registry.RequestInProgress, StatusDate: md("2025-04-01"), Meta: src},
	}
	ds.Commitments = []registry.Commitment{
		{ID: "com-jpc-roads", Engagement: "eng-jpc-3", Text: "Study the road link", Owner: "Directorate of Africa", Due: md("2026-01-31"), Status: registry.CommitmentOpen, Meta: src},
		{ID: "com-private", Engagement: "eng-private-talks", Text: "Confidential follow-up", Owner: "Cabinet", Status: registry.CommitmentOpen, Meta: src},
		{ID: "com-trade-report", Agreement: "rw-ke-trade", Text: "Yearly report", Owner: "Trade unit", Due: md("2026-03"), Status: registry.CommitmentInProgress, Meta: src},
	}
	ds.Stakeholders = []registry.Stakeholder{
		{ID: "sh-chamber", Name: "Chamber of commerce", Category: registry.PrivateSector, Country: "RW", Meta: src},
		{ID: "sh-university", Name: "University", Category: registry.Academia, Meta: src},
	}
	ds.Consultations = []registry.Consultation{
		{ID: "cons-2019", Policy: "fp-2010", Title: title("Review of the 2010 policy"), Opens: md("2019-01-01"), Closes: md("2019-03-31"), Outcome: "A new policy", Meta: src},
		{ID: "cons-2025", Policy: "fp-2020", Title: title("Mid-term review"), Opens: md("2025-01-01"), Closes: md("2025-12-31"),
			Stakeholders: []string{"sh-chamber"}, Objectives: []string{"obj-trade"}, Meta: src},
		{ID: "cons-2099", Policy: "fp-2020", Title: title("Far future"), Opens: md("2099-01-01"), Closes: md("2099-02-01"), Meta: src},
	}
}

// trackerRegistry is writeFixtureData with trackerRecords, validated.
func trackerRegistry(t testing.TB) *registry.Registry {
	t.Helper()
	ds := writeFixtureData()
	trackerRecords(&ds)
	reg := registry.New(ds)
	if err := reg.Validate(); err != nil {
		t.Fatalf("the tracker fixture is invalid: %v", err)
	}
	return reg
}

// trackerAPI serves the read API over reg, checked against the document.
func trackerAPI(t *testing.T, reg *registry.Registry) *oaAPI {
	t.Helper()
	fx := oaFixture(t)
	s := New(func() *registry.Registry { return reg }, slog.New(slog.DiscardHandler))
	s.now = func() time.Time { return time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC) }
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &oaAPI{oaFixtures: fx, srv: srv, client: &http.Client{Transport: &http.Transport{DisableCompression: true}}}
}

// TestTrackerReads lists every tracker collection with and without
// filters, in JSON and CSV, validating each answer against the document:
// the ids listed, and no record that is not public.
func TestTrackerReads(t *testing.T) {
	a := trackerAPI(t, trackerRegistry(t))
	cases := []struct {
		target string
		ids    []string
	}{
		{"/api/v1/policy-nodes", []string{"fp-2010", "fp-2020", "obj-diaspora", "obj-trade", "old-pillar", "pl-people"}},
		{"/api/v1/policy-nodes?kind=policy", []string{"fp-2010", "fp-2020"}},
		{"/api/v1/policy-nodes?policy=fp-2020&kind=objective,pillar", []string{"obj-diaspora", "obj-trade", "pl-people"}},
		{"/api/v1/policy-nodes?parent=pl-people&limit=1", []string{"obj-diaspora"}},
		{"/api/v1/initiatives", []string{"init-diaspora-week", "init-trade-desk"}},
		{"/api/v1/initiatives?as_of=2025-06-01", []string{"init-trade-desk"}},
		{"/api/v1/initiatives?status=completed&partner=KE&objective=obj-diaspora&mission=" + missionA, []string{"init-diaspora-week"}},
		{"/api/v1/indicators", []string{"ind-agreements", "ind-events"}},
		{"/api/v1/indicators?objective=obj-trade", []string{"ind-agreements"}},
		{"/api/v1/indicator-actuals", []string{"act-2024"}},
		{"/api/v1/indicator-actuals?indicator=ind-events", []string{"act-2024"}},
		{"/api/v1/indicator-actuals?indicator=ind-agreements", []string{}},
		{"/api/v1/engagements", []string{"eng-diaspora-day", "eng-jpc-3", "eng-state-visit"}},
		{"/api/v1/engagements?kind=visit,commission_session&country=KE", []string{"eng-state-visit"}},
		{"/api/v1/engagements?as_of=2025-01-31", []string{"eng-diaspora-day"}},
		{"/api/v1/engagements?organisation=EAC&objective=obj-trade", []string{}},
		{"/api/v1/engagements?mission=" + missionA, []string{"eng-diaspora-day"}},
		{"/api/v1/commitments", []string{"com-jpc-roads", "com-trade-report"}},
		{"/api/v1/commitments?engagement=eng-private-talks", []string{}},
		{"/api/v1/commitments?agreement=rw-ke-trade&status=in_progress", []string{"com-trade-report"}},
		{"/api/v1/associations", []string{"assoc-nairobi"}},
		{"/api/v1/associations?country=UG", []string{}},
		{"/api/v1/stakeholders?category=academia", []string{"sh-university"}},
		{"/api/v1/stakeholders?country=RW", []string{"sh-chamber"}},
		{"/api/v1/consultations", []string{"cons-2019", "cons-2025", "cons-2099"}},
		{"/api/v1/consultations?status=open", []string{"cons-2025"}},
		{"/api/v1/consultations?status=open&as_of=2019-02-01", []string{"cons-2019"}},
		{"/api/v1/consultations?policy=fp-2020&status=upcoming", []string{"cons-2099"}},
	}
	for _, c := range cases {
		res := a.do(t, http.MethodGet, c.target, nil)
		if res.status != http.StatusOK {
			t.Errorf("%s: %d %s", c.target, res.status, res.body)
			continue
		}
		a.validate(t, http.MethodGet, c.target, nil, res)
		var page struct {
			Data []struct{ ID string } `json:"data"`
		}
		if err := json.Unmarshal(res.body, &page); err != nil {
			t.Fatalf("%s: %v", c.target, err)
		}
		got := []string{}
		for _, d := range page.Data {
			got = append(got, d.ID)
		}
		if !slices.Equal(got, c.ids) {
			t.Errorf("%s: ids %v, want %v", c.target, got, c.ids)
		}
		trackerNoSecrets(t, c.target, res.body)

		// The CSV holds the same records, in the data file's columns.
		path, query, _ := strings.Cut(c.target, "?")
		target := path + ".csv"
		if query != "" {
			target += "?" + query
		}
		res = a.do(t, http.MethodGet, target, nil)
		if res.status != http.StatusOK {
			t.Errorf("%s: %d %s", target, res.status, res.body)
			continue
		}
		a.validate(t, http.MethodGet, target, nil, res)
		rows, err := csv.NewReader(bytes.NewReader(res.body)).ReadAll()
		if err != nil || len(rows) != len(c.ids)+1 {
			t.Errorf("%s: %d rows (%v), want a header and %d", target, len(rows), err, len(c.ids))
		}
		trackerNoSecrets(t, target, res.body)
	}

	// The records as the collections show them.
	var actuals struct {
		Data []struct {
			ID, Evidence    string
			Approved, Late  bool
			ApprovedBy      string  `json:"approved_by"`
			RecordedBy      string  `json:"recorded_by"`
			ApprovedAtIsSet *string `json:"approved_at"`
		} `json:"data"`
	}
	json.Unmarshal(a.do(t, http.MethodGet, "/api/v1/indicator-actuals", nil).body, &actuals)
	if len(actuals.Data) != 1 {
		t.Fatalf("actuals: %+v", actuals.Data)
	}
	if d := actuals.Data[0]; !d.Approved || !d.Late || d.ApprovedBy != "user:2" || d.Evidence != "engagement:eng-diaspora-day" {
		t.Errorf("approved actual recorded after its period: %+v", d)
	}
	var engagements struct {
		Data []struct{ ID, Association string } `json:"data"`
	}
	json.Unmarshal(a.do(t, http.MethodGet, "/api/v1/engagements", nil).body, &engagements)
	if engagements.Data[0].ID != "eng-diaspora-day" || engagements.Data[0].Association != "" {
		t.Errorf("a community event shows a private association: %+v", engagements.Data[0])
	}

	// Judicial requests are counted, never listed: those begun by as_of, in
	// the fiscal year fy (January fiscal years here).
	for target, want := range map[string]int{
		"/api/v1/engagements/judicial-requests/counts":                            1,
		"/api/v1/engagements/judicial-requests/counts?as_of=2025-03-01":           1,
		"/api/v1/engagements/judicial-requests/counts?as_of=2025-02-28":           0,
		"/api/v1/engagements/judicial-requests/counts?fy=2025":                    1,
		"/api/v1/engagements/judicial-requests/counts?fy=2024":                    0,
		"/api/v1/engagements/judicial-requests/counts?fy=2025&as_of=2025-02-28":   0,
		"/api/v1/engagements/judicial-requests/counts?fy=2025&as_of=2026-01-01":   1,
		"/api/v1/engagements/judicial-requests/counts?fy=2026&as_of=2026-01-01":   0,
		"/api/v1/engagements/judicial-requests/counts?as_of=2099-12-31&fy=2099":   0,
		"/api/v1/engagements/judicial-requests/counts?as_of=2025-03-01&fy=2025-a": -1,
		"/api/v1/engagements/judicial-requests/counts?fy=2025-2026":               -1,
		"/api/v1/engagements/judicial-requests/counts?fy=2025-Q1":                 -1,
		"/api/v1/engagements/judicial-requests/counts?fy=1":                       -1,
		"/api/v1/engagements/judicial-requests/counts?as_of=2025-13-01":           -2,
	} {
		res := a.do(t, http.MethodGet, target, nil)
		a.validate(t, http.MethodGet, target, nil, res)
		if want < 0 {
			name := map[int]string{-1: "fy", -2: "as_of"}[want]
			if p := oaProblem(t, target, res); res.status != http.StatusBadRequest || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != name {
				t.Errorf("%s: %d %s, want 400 naming %s", target, res.status, res.body, name)
			}
			continue
		}
		var counts judicialCounts
		if err := json.Unmarshal(res.body, &counts); err != nil || counts.Total != want || counts.ByStatus["in_progress"] != want ||
			counts.ByKind["extradition"] != want || len(counts.ByStatus) != len(registry.RequestStatuses) {
			t.Errorf("%s: judicial counts %s (%v), want %d", target, res.body, err, want)
		}
	}

	// The framework in force, and an earlier version.
	for target, want := range map[string]string{"/api/v1/policy": "fp-2020", "/api/v1/policy?as_of=2015-01-01": "fp-2010", "/api/v1/policy?as_of=2005-01-01": ""} {
		res := a.do(t, http.MethodGet, target, nil)
		a.validate(t, http.MethodGet, target, nil, res)
		var fw struct {
			Policy *struct{ ID string } `json:"policy"`
		}
		json.Unmarshal(res.body, &fw)
		got := ""
		if fw.Policy != nil {
			got = fw.Policy.ID
		}
		if got != want {
			t.Errorf("%s: policy %q, want %q", target, got, want)
		}
	}

	// No record is read one by one: the paths answer 404.
	for _, p := range []string{"/api/v1/engagements/eng-state-visit", "/api/v1/engagements/eng-extradition-x", "/api/v1/indicator-actuals/act-2024/approve"} {
		res := a.do(t, http.MethodGet, p, nil)
		if res.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.status)
		}
		oaProblem(t, p, res)
	}
}

// trackerNoSecrets fails when body names a record that is not public.
func trackerNoSecrets(t *testing.T, what string, body []byte) {
	t.Helper()
	for _, s := range trackerSecrets {
		if bytes.Contains(body, []byte(s)) {
			t.Errorf("%s: the answer names %q, which is not public", what, s)
		}
	}
}

// TestTrackerExportAndChanges: the export and the changes feed hold the
// public tracker records, and none of the others; the export loads back.
func TestTrackerExportAndChanges(t *testing.T) {
	reg := trackerRegistry(t)
	a := trackerAPI(t, reg)
	res := a.do(t, http.MethodGet, "/api/v1/export.zip", nil)
	if res.status != http.StatusOK {
		t.Fatalf("export: %d", res.status)
	}
	_, fsys := exportUnzip(t, res.body)
	for name, f := range fsys {
		trackerNoSecrets(t, name, f.Data)
	}
	loaded, err := dataset.Load(fsys)
	if err != nil {
		t.Fatalf("the export does not load: %v", err)
	}
	if err := registry.New(loaded).Validate(); err != nil {
		t.Errorf("the export loads into an invalid registry: %v", err)
	}
	want := publicDataset(reg)
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"policy nodes", len(loaded.PolicyNodes), 6}, {"initiatives", len(loaded.Initiatives), 2},
		{"indicators", len(loaded.Indicators), 2}, {"actuals", len(loaded.IndicatorActuals), 1},
		{"engagements", len(loaded.Engagements), 3}, {"commitments", len(loaded.Commitments), 2},
		{"associations", len(loaded.Associations), 1}, {"stakeholders", len(loaded.Stakeholders), 2},
		{"consultations", len(loaded.Consultations), 3}, {"public engagements", len(want.Engagements), 3},
	} {
		if c.got != c.want {
			t.Errorf("export: %d %s, want %d", c.got, c.name, c.want)
		}
	}

	feed := a.do(t, http.MethodGet, "/api/v1/changes?limit=1000", nil)
	a.validate(t, http.MethodGet, "/api/v1/changes?limit=1000", nil, feed)
	trackerNoSecrets(t, "changes", feed.body)
	var page changesPage
	if err := json.Unmarshal(feed.body, &page); err != nil {
		t.Fatal(err)
	}
	entities := map[string]int{}
	for _, c := range page.Data {
		entities[c.Entity]++
	}
	for e, n := range map[string]int{"policy_node": 6, "initiative": 2, "indicator": 2, "indicator_actual": 1, "engagement": 3,
		"commitment": 2, "association": 1, "stakeholder": 2, "consultation": 3} {
		if entities[e] != n {
			t.Errorf("changes: %d %s, want %d", entities[e], e, n)
		}
	}
}

// TestPublicDataset checks the filter of the export on its own.
func TestPublicDataset(t *testing.T) {
	reg := trackerRegistry(t)
	before := reg.Dataset().Clone()
	pub := publicDataset(reg)
	var ids []string
	for _, e := range pub.Engagements {
		ids = append(ids, e.ID)
		if e.ID == "eng-diaspora-day" && e.Association != "" {
			t.Errorf("the public community event keeps its private association %q", e.Association)
		}
	}
	if !slices.Equal(ids, []string{"eng-diaspora-day", "eng-jpc-3", "eng-state-visit"}) {
		t.Errorf("public engagements %v", ids)
	}
	if len(pub.IndicatorActuals) != 1 || pub.IndicatorActuals[0].ID != "act-2024" || pub.IndicatorActuals[0].Evidence != "engagement:eng-diaspora-day" {
		t.Errorf("public actuals %+v, want act-2024 alone (approved), its evidence kept", pub.IndicatorActuals)
	}
	// An approved actual citing an engagement that is not public reads
	// restrictedEvidence.
	ds := reg.Dataset().Clone()
	registry.ApproveActual(&ds.IndicatorActuals[1], "user:2", time.Now())
	if pub := publicDataset(registry.New(ds)); len(pub.IndicatorActuals) != 2 || pub.IndicatorActuals[1].Evidence != restrictedEvidence {
		t.Errorf("approved actual citing a private engagement: %+v", pub.IndicatorActuals)
	}
	if after := reg.Dataset(); after.Engagements[0].Association != before.Engagements[0].Association ||
		len(after.Engagements) != len(before.Engagements) || after.IndicatorActuals[1].Evidence != before.IndicatorActuals[1].Evidence {
		t.Error("publicDataset changed the registry's records")
	}
}

// TestPendingActualsNotPublic: an actual awaiting approval, and the
// agreement and engagement only it cites, appear in no public answer (the
// collection, its CSV, the policy roll-ups, the changes feed, the export);
// once approved, the actual is in all of them.
func TestPendingActualsNotPublic(t *testing.T) {
	ds := writeFixtureData()
	trackerRecords(&ds)
	nine, three := 9.0, 3.0
	recorded := registry.Timestamp{Time: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	ds.IndicatorActuals = append(ds.IndicatorActuals,
		registry.IndicatorActual{ID: "act-pending-trade", Indicator: "ind-events", Period: "2025-Q2", Value: &nine,
			Evidence: "agreement:rw-ke-trade", RecordedAt: recorded, RecordedBy: "user:1"},
		registry.IndicatorActual{ID: "act-pending-visit", Indicator: "ind-events", Period: "2025-Q1", Value: &three,
			Evidence: "engagement:eng-state-visit", RecordedAt: recorded, RecordedBy: "user:1"})
	pending := registry.New(ds)
	if err := pending.Validate(); err != nil {
		t.Fatal(err)
	}
	hidden := []string{"act-pending-trade", "act-pending-visit", "act-2025-q1", "agreement:rw-ke-trade", "engagement:eng-state-visit"}
	targets := []string{"/api/v1/indicator-actuals?limit=1000", "/api/v1/indicator-actuals.csv",
		"/api/v1/indicator-actuals?indicator=ind-events", "/api/v1/changes?limit=1000",
		"/api/v1/policy/progress?period=2025", "/api/v1/policy/progress.csv?period=2025", "/api/v1/policy/report/2025",
		"/api/v1/export.zip"}
	// read answers target, the export's actuals for the export.
	read := func(t *testing.T, a *oaAPI, target string) []byte {
		t.Helper()
		res := a.do(t, http.MethodGet, target, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d %s", target, res.status, res.body)
		}
		if strings.HasSuffix(target, ".zip") {
			_, fsys := exportUnzip(t, res.body)
			return fsys["indicator_actuals.csv"].Data
		}
		a.validate(t, http.MethodGet, target, nil, res)
		return res.body
	}
	// events returns the progress item of ind-events in 2025.
	type item struct {
		Indicator     string
		Value         *float64
		Pending, Late int
	}
	events := func(t *testing.T, a *oaAPI) item {
		t.Helper()
		var v struct {
			Pillars []struct {
				Objectives []struct{ Items []item }
			}
		}
		if err := json.Unmarshal(read(t, a, "/api/v1/policy/progress?period=2025"), &v); err != nil {
			t.Fatal(err)
		}
		for _, p := range v.Pillars {
			for _, o := range p.Objectives {
				for _, it := range o.Items {
					if it.Indicator == "ind-events" {
						return it
					}
				}
			}
		}
		t.Fatalf("no ind-events in the progress: %+v", v)
		return item{}
	}

	a := trackerAPI(t, pending)
	for _, target := range targets {
		body := read(t, a, target)
		for _, h := range hidden {
			if bytes.Contains(body, []byte(h)) {
				t.Errorf("%s names %q, which only a pending actual holds", target, h)
			}
		}
	}
	if it := events(t, a); it.Value != nil || it.Pending != 0 || it.Late != 0 {
		t.Errorf("pending actuals show in the progress: value %v, pending %d, late %d", it.Value, it.Pending, it.Late)
	}
	// The status filter is gone: pending actuals cannot be asked for.
	res := a.do(t, http.MethodGet, "/api/v1/indicator-actuals?status=pending", nil)
	a.validate(t, http.MethodGet, "/api/v1/indicator-actuals?status=pending", nil, res)
	if p := oaProblem(t, "status=pending", res); res.status != http.StatusBadRequest || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "status" {
		t.Errorf("?status=pending: %d %s, want 400 naming status", res.status, res.body)
	}

	// Approved, they are public.
	approved := pending.Dataset().Clone()
	for i := range approved.IndicatorActuals {
		if x := &approved.IndicatorActuals[i]; strings.HasPrefix(x.ID, "act-pending-") {
			registry.ApproveActual(x, "user:2", recorded.Add(time.Hour))
		}
	}
	a = trackerAPI(t, registry.New(approved))
	for _, target := range targets {
		body := read(t, a, target)
		if strings.Contains(target, "/policy/") {
			continue
		}
		for _, h := range []string{"act-pending-trade", "act-pending-visit", "agreement:rw-ke-trade", "engagement:eng-state-visit"} {
			if !bytes.Contains(body, []byte(h)) {
				t.Errorf("%s lacks %q once approved", target, h)
			}
		}
		if bytes.Contains(body, []byte("act-2025-q1")) {
			t.Errorf("%s names act-2025-q1, still pending", target)
		}
	}
	if it := events(t, a); it.Value == nil || *it.Value != 9 || it.Pending != 0 {
		t.Errorf("approved actuals: value %v, pending %d; want 9 (the later quarter), 0", it.Value, it.Pending)
	}
}
