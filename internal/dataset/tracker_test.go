package dataset

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/registry"
)

// addTracker adds to ds, the seed data set (with at least one agreement), a
// valid record of every tracker type, together filling every column of the
// tracker's files.
func addTracker(ds *registry.Dataset) {
	d := registry.MustDate
	src := registry.Meta{Source: "https://example.org/s", Note: "n"}
	names := func(en string) registry.Names {
		return registry.Names{EN: en, FR: en + " (fr)", RW: en + " (rw)", SW: en + " (sw)"}
	}
	base, v1, v2 := 100.0, 105.5, 2.5
	at := time.Date(2025, 10, 2, 9, 30, 15, 123456789, time.UTC)
	ds.PolicyNodes = append(ds.PolicyNodes, registry.PolicyNode{
		ID: "foreign-policy-2015", Kind: registry.NodePolicy, Position: 1, Title: names("Foreign policy (2015)"),
		Adopted: d("2015-03"), Superseded: d("2020-06-30"), ParentStrategy: "Vision 2020", Meta: src,
	}, registry.PolicyNode{
		ID: "pillar-economy-2015", Parent: "foreign-policy-2015", Kind: registry.NodePillar, Position: 1, Title: names("Economy"), Meta: src,
	})
	for i := range ds.PolicyNodes {
		if ds.PolicyNodes[i].ID == "pillar-prosperity" {
			ds.PolicyNodes[i].Replaces = "pillar-economy-2015"
		}
	}
	ds.Initiatives = []registry.Initiative{{
		ID: "ini-trade-week", Title: names("Trade week"), Summary: "A week of trade meetings.",
		Objectives: []string{"obj-economic-diplomacy", "obj-african-integration"}, LeadUnit: "Economic diplomacy unit",
		LeadMission: "rw-ke-nairobi", Partners: []registry.Party{registry.StateParty("KE"), registry.OrgParty("AU")},
		Start: d("2025-09-01"), End: d("2025-09-07"), Status: registry.InitiativeCompleted, Meta: src,
	}}
	ds.Indicators = append(ds.Indicators, registry.Indicator{
		ID: "ind-exports", Objective: "obj-economic-diplomacy", Title: names("Exports to the region"),
		Measure: registry.MeasureAmount, Unit: "USD", Direction: registry.DirectionIncrease,
		BaselinePeriod: "2024-2025", BaselineValue: &base,
		Targets: []registry.IndicatorTarget{{Period: "2025-2026", Value: 120.25}, {Period: "2026-2027-Q1", Value: 1e6}},
		Weight:  v2, Meta: src,
	})
	ds.IndicatorActuals = []registry.IndicatorActual{{
		ID: "act-exports-q1", Indicator: "ind-exports", Period: "2025-2026-Q1", Value: &v1, Text: "First quarter.",
		Evidence: "engagement:visit-ke-2025", RecordedAt: registry.Timestamp{Time: at}, RecordedBy: "officer@example.org",
		ApprovedAt: registry.Timestamp{Time: at.Add(time.Hour)}, ApprovedBy: "head@example.org", Meta: src,
	}}
	ds.Associations = []registry.Association{{
		ID: "rwandans-in-kenya", Name: "Rwandan community in Kenya", Country: "KE", City: "Nairobi",
		Contacts: registry.Contacts{Address: "1 Road", Phone: "+254 700 000 000", Email: "info@example.org", Website: "https://community.example.org"},
		Founded:  d("2010"), Public: true, Meta: src,
	}}
	ds.Engagements = []registry.Engagement{
		{ID: "visit-ke-2025", Kind: registry.Visit, Title: names("Visit to Kenya"), Summary: "Talks on trade.",
			Direction: registry.Outgoing, Level: registry.LevelMinister, Start: d("2025-09-02"), End: d("2025-09-03"),
			City: "Nairobi", Countries: []string{"KE", "UG"}, Organisations: []string{"AU"},
			Objectives: []string{"obj-economic-diplomacy"}, Mission: "rw-ke-nairobi", Public: true, Meta: src},
		{ID: "rw-ug-jpc-9", Kind: registry.CommissionSession, Title: names("JPC session 9"), Start: d("2025-06"),
			Countries: []string{"UG"}, Commission: "rw-ug-jpc", Session: 9, Meta: src},
		{ID: "community-day-2025", Kind: registry.CommunityEvent, Title: names("Community day"), Start: d("2025-07-04"),
			Association: "rwandans-in-kenya", Public: true, Meta: src},
		{ID: "mla-2025-1", Kind: registry.JudicialRequest, Title: names("Request"), Start: d("2025-01-10"),
			RequestKind: registry.MutualLegalAssistance, Status: registry.RequestInProgress, StatusDate: d("2025-02-01"), Meta: src},
		{ID: "peace-2025", Kind: registry.PeaceContribution, Title: names("Contribution"), Start: d("2025"),
			Personnel: 750, Public: true, Meta: src},
	}
	ds.Commitments = []registry.Commitment{
		{ID: "jpc-9-roads", Engagement: "rw-ug-jpc-9", Text: "Study the road link.", Owner: "Infrastructure unit",
			Due: d("2025-12-31"), Status: registry.CommitmentDone, Closed: d("2025-11-15"), Meta: src},
		{ID: "eac-report", Agreement: ds.Agreements[0].ID, Text: "Report on implementation.", Owner: "EAC desk",
			Due: d("2026-06"), Status: registry.CommitmentOpen, Meta: src},
	}
	ds.Stakeholders = []registry.Stakeholder{{
		ID: "university", Name: "A university", Category: registry.Academia, Country: "RW",
		Website: "https://university.example.org", Meta: src,
	}}
	ds.Consultations = []registry.Consultation{{
		ID: "consult-2026", Policy: "foreign-policy", Title: names("Review"), Summary: "Review of the policy.",
		Opens: d("2026-01-05"), Closes: d("2026-02-05"), Stakeholders: []string{"university"},
		Objectives: []string{"obj-economic-diplomacy", "obj-public-health"}, Outcome: "Objectives reworded.", Meta: src,
	}}
}

// TestLoadSeedTracker: the seed's policy.csv and indicators.csv load into
// the Dataset; the tracker's other files hold no rows.
func TestLoadSeedTracker(t *testing.T) {
	ds, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[registry.PolicyNodeKind]int{}
	for _, n := range ds.PolicyNodes {
		kinds[n.Kind]++
	}
	if kinds[registry.NodePolicy] != 1 || kinds[registry.NodePillar] != 5 || kinds[registry.NodeObjective] < 14 {
		t.Errorf("policy nodes by kind %v, want 1 policy, 5 pillars and the seed page's objectives", kinds)
	}
	if n := ds.PolicyNodes[0]; n.ID != "foreign-policy" || n.ParentStrategy != "Vision 2050" || n.Source == "" {
		t.Errorf("first node %+v", n)
	}
	if len(ds.Indicators) == 0 {
		t.Fatal("no indicator loaded")
	}
	for _, x := range ds.Indicators {
		if x.Computed == "" || x.BaselinePeriod != "2024-2025" || x.BaselineValue != nil {
			t.Errorf("indicator %+v", x)
		}
	}
	if n := len(ds.Initiatives) + len(ds.IndicatorActuals) + len(ds.Engagements) + len(ds.Commitments) +
		len(ds.Associations) + len(ds.Stakeholders) + len(ds.Consultations); n != 0 {
		t.Errorf("%d tracker records in files that have only a header", n)
	}
}

// TestTrackerRoundTrip: every tracker record written loads back equal,
// numbers and instants exactly; absent tracker files read as empty.
func TestTrackerRoundTrip(t *testing.T) {
	ds, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	ds = ds.Clone()
	addTracker(&ds)
	ds.Indicators[len(ds.Indicators)-1].Targets[0].Value = 100 + 1.0/3
	out := writeFS(t, ds)
	if got := string(out["indicators.csv"].Data); !strings.Contains(got, ",2024-2025,100,2025-2026=100.33333333333333;2026-2027-Q1=1e+06,2.5,") {
		t.Errorf("indicators.csv does not hold the targets as written:\n%s", got)
	}
	if got := string(out["indicator_actuals.csv"].Data); !strings.Contains(got, ",2025-10-02T09:30:15.123456789Z,officer@example.org,2025-10-02T10:30:15.123456789Z,") {
		t.Errorf("indicator_actuals.csv does not hold the instants in UTC:\n%s", got)
	}
	back, err := Load(out)
	if err != nil {
		t.Fatal(err)
	}
	normalise(&ds)
	normalise(&back)
	if !reflect.DeepEqual(ds, back) {
		reportDiff(t, ds, back)
	}

	for _, name := range []string{"policy.csv", "initiatives.csv", "indicators.csv", "indicator_actuals.csv", "engagements.csv",
		"commitments.csv", "associations.csv", "stakeholders.csv", "consultations.csv"} {
		delete(out, name)
	}
	bare, err := Load(out)
	if err != nil {
		t.Fatalf("without the tracker's files: %v", err)
	}
	if bare.PolicyNodes != nil || bare.Indicators != nil || bare.Engagements != nil {
		t.Errorf("absent files gave records: %d nodes, %d indicators", len(bare.PolicyNodes), len(bare.Indicators))
	}
}

// TestTrackerCells: the forms the tracker's cells accept, and bad cells
// reported with file, line and column.
func TestTrackerCells(t *testing.T) {
	seed, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	seed = seed.Clone()
	addTracker(&seed)
	files := writeFS(t, seed)
	replace := func(name, old, new string) fstest.MapFS {
		m := fstest.MapFS{}
		for k, v := range files {
			m[k] = v
		}
		s := string(files[name].Data)
		if !strings.Contains(s, old) {
			t.Fatalf("%s does not hold %q", name, old)
		}
		m[name] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
		return m
	}

	t.Run("accepted", func(t *testing.T) {
		fsys := replace("indicators.csv", "2025-2026=120.25;2026-2027-Q1=1e+06", " 2025-2026 = 120.25 ; 2026-2027 q1=1000000")
		ds, err := Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ds.Indicators {
			if x.ID == "ind-exports" && !reflect.DeepEqual(x.Targets, []registry.IndicatorTarget{{Period: "2025-2026", Value: 120.25}, {Period: "2026-2027-Q1", Value: 1e6}}) {
				t.Errorf("targets %+v", x.Targets)
			}
		}
		fsys = replace("indicator_actuals.csv", "2025-10-02T09:30:15.123456789Z", "2025-10-02T11:30:15.123456789+02:00")
		ds, err = Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if got := ds.IndicatorActuals[0].RecordedAt; !got.Equal(seed.IndicatorActuals[0].RecordedAt.Time) || got.Location() != time.UTC {
			t.Errorf("recorded_at %v, want %v in UTC", got, seed.IndicatorActuals[0].RecordedAt)
		}
	})

	tests := []struct {
		name, file, old, new, want string
	}{
		{"target without value", "indicators.csv", "2025-2026=120.25", "2025-2026", `indicators.csv:5: targets: "2025-2026" is not PERIOD=VALUE`},
		{"empty target", "indicators.csv", "2025-2026=120.25;", "2025-2026=120.25;;", `indicators.csv:5: targets: "" is not PERIOD=VALUE`},
		{"target not a number", "indicators.csv", "=120.25", "=lots", `indicators.csv:5: targets: "lots" is not a number`},
		{"infinite target", "indicators.csv", "=1e+06", "=Inf", `indicators.csv:5: targets: "Inf" is not a number`},
		{"baseline not a number", "indicators.csv", ",100,", ",a hundred,", `indicators.csv:5: baseline_value: "a hundred" is not a number`},
		{"weight not a number", "indicators.csv", ",2.5,", ",NaN,", `indicators.csv:5: weight: "NaN" is not a number`},
		{"bad target period", "indicators.csv", "2025-2026=", "2025/26=", `indicators.csv:5: targets[0].period: "2025/26" is not a period`},
		{"value not a number", "indicator_actuals.csv", ",105.5,", ",1O5,", `indicator_actuals.csv:2: value: "1O5" is not a number`},
		{"bad instant", "indicator_actuals.csv", "2025-10-02T09:30:15.123456789Z", "2025-10-02 09:30", `indicator_actuals.csv:2: recorded_at: "2025-10-02 09:30" is not a time in RFC 3339`},
		{"bad boolean", "associations.csv", ",true,", ",oui,", `associations.csv:2: public: "oui" is not true or false`},
		{"bad session", "engagements.csv", ",rw-ug-jpc,9,", ",rw-ug-jpc,nine,", `engagements.csv:5: session: "nine" is not a whole number`},
		{"bad date", "commitments.csv", "2025-12-31", "31/12/2025", `commitments.csv:3: due: "31/12/2025" is not a date`},
		{"bad superseded", "policy.csv", "2020-06-30", "2020-06-31", `policy.csv:3: superseded: "2020-06-31"`},
		{"bad partner", "initiatives.csv", "state:KE;", "KE;", `initiatives.csv:2: partners: "KE" is not type:code`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(replace(tt.file, tt.old, tt.new))
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("Load = %v, want a *dataset.Error", err)
			}
			for _, p := range de.Problems {
				if strings.HasPrefix(p.Error(), tt.want) {
					return
				}
			}
			t.Errorf("no problem starting %q in:\n%v", tt.want, err)
		})
	}
}

func TestPeriod(t *testing.T) {
	for in, want := range map[string]string{
		"2025-2026": "2025-2026", " 2025-2026-Q2 ": "2025-2026-Q2", "2025-2026 Q3": "2025-2026-Q3", "2025-2026  q4": "2025-2026-Q4",
		"2025 Q1": "2025-Q1", "2025-2026 Q5": "2025-2026 Q5", "": "",
	} {
		if got := period(in); got != want {
			t.Errorf("period(%q) = %q, want %q", in, got, want)
		}
	}
}
