package registry

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

func ids[T any](list []*T, id func(*T) string) []string {
	out := []string{}
	for _, x := range list {
		out = append(out, id(x))
	}
	return out
}

func commitmentIDs(list []*Commitment) []string {
	return ids(list, func(c *Commitment) string { return c.ID })
}

func TestCommitmentsDue(t *testing.T) {
	r := New(trackerFixture())
	for _, tt := range []struct {
		today  string
		within int
		want   []string
	}{
		{"2024-12-01", 30, []string{"dec-1"}},
		{"2024-12-01", 29, []string{}},
		{"2024-12-31", 0, []string{"dec-1"}},
		{"2025-12-15", 20, []string{"dec-1"}},
		{"2025-12-15", 47, []string{"dec-1", "obl-1"}},
		{"2026-01-01", 30, []string{"dec-1", "obl-1"}},
		{"2026-01-01", 59, []string{"dec-1", "obl-1", "dec-4"}}, // due 2026-03 stands for its first day
		{"2020-01-01", 30, []string{}},
	} {
		got := commitmentIDs(r.CommitmentsDue(MustDate(tt.today), tt.within))
		if !slices.Equal(got, tt.want) {
			t.Errorf("CommitmentsDue(%s, %d) = %v, want %v", tt.today, tt.within, got, tt.want)
		}
	}
}

func TestCommitmentOverdue(t *testing.T) {
	for _, tt := range []struct {
		c       Commitment
		today   string
		overdue bool
	}{
		{Commitment{Status: CommitmentOpen, Due: MustDate("2025-03-31")}, "2025-03-31", false},
		{Commitment{Status: CommitmentOpen, Due: MustDate("2025-03-31")}, "2025-04-01", true},
		{Commitment{Status: CommitmentInProgress, Due: MustDate("2025-03")}, "2025-03-31", false},
		{Commitment{Status: CommitmentInProgress, Due: MustDate("2025-03")}, "2025-04-01", true},
		{Commitment{Status: CommitmentDone, Due: MustDate("2025-03-31"), Closed: MustDate("2025-05")}, "2025-06-01", false},
		{Commitment{Status: CommitmentDropped, Due: MustDate("2025-03-31"), Closed: MustDate("2025-05")}, "2025-06-01", false},
		{Commitment{Status: CommitmentOpen}, "2099-01-01", false},
	} {
		if got := tt.c.Overdue(MustDate(tt.today)); got != tt.overdue {
			t.Errorf("%+v on %s: Overdue = %v, want %v", tt.c, tt.today, got, tt.overdue)
		}
	}
}

func TestCarriedCommitments(t *testing.T) {
	third := func(ds *Dataset) {
		ds.Engagements = append(ds.Engagements, Engagement{ID: "jpc-ke-3", Kind: CommissionSession, Title: Names{EN: "Third session"},
			Start: MustDate("2026-04-20"), Commission: "rw-ke-jpc", Session: 3, Meta: Meta{Source: "test"}})
	}
	for _, tt := range []struct {
		name       string
		change     func(*Dataset)
		engagement string
		want       []string
	}{
		// dec-2 was done on the day session 2 opened: carried into it, and closed there.
		{"second session", nil, "jpc-ke-2", []string{"dec-1", "dec-2"}},
		{"first session", nil, "jpc-ke-1", []string{}},
		{"other commission", nil, "jpc-et-1", []string{}},
		{"third session", third, "jpc-ke-3", []string{"dec-1", "dec-4"}},
		{"not a session", nil, "summit-au", []string{}},
		{"unknown", nil, "nope", []string{}},
	} {
		ds := trackerFixture()
		if tt.change != nil {
			tt.change(&ds)
		}
		r := New(ds)
		if err := r.Validate(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := commitmentIDs(r.CarriedCommitments(tt.engagement)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: CarriedCommitments(%s) = %v, want %v", tt.name, tt.engagement, got, tt.want)
		}
	}
}

func TestPolicyInForce(t *testing.T) {
	unsuperseded := func(ds *Dataset) { ds.PolicyNodes[0].Superseded = Date{} }
	undated := func(ds *Dataset) {
		ds.PolicyNodes[0].Adopted, ds.PolicyNodes[0].Superseded, ds.PolicyNodes[3].Adopted = Date{}, Date{}, Date{}
	}
	for _, tt := range []struct {
		name   string
		change func(*Dataset)
		date   string
		want   string // "" for none
	}{
		{"before any adoption", nil, "2015-05-31", ""},
		{"adopted to the month", nil, "2015-06-01", "fp-2015"},
		{"the day before supersession", nil, "2025-06-30", "fp-2015"},
		{"the day of supersession", nil, "2025-07-01", "fp-2025"},
		{"later", nil, "2030-01-01", "fp-2025"},
		{"the later adoption wins", unsuperseded, "2026-01-01", "fp-2025"},
		{"the earlier still in force alone", unsuperseded, "2020-01-01", "fp-2015"},
		{"no dates: the smaller id", undated, "2020-01-01", "fp-2015"},
		{"no dates: the lower position", func(ds *Dataset) { undated(ds); ds.PolicyNodes[0].Position = 2 }, "2020-01-01", "fp-2025"},
		{"every version superseded", func(ds *Dataset) { ds.PolicyNodes[3].Superseded = MustDate("2026") }, "2026-01-01", ""},
	} {
		ds := trackerFixture()
		if tt.change != nil {
			tt.change(&ds)
		}
		r := New(ds)
		if err := r.Validate(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := ""
		if p := r.PolicyInForce(MustDate(tt.date)); p != nil {
			got = p.ID
		}
		if got != tt.want {
			t.Errorf("%s: PolicyInForce(%s) = %q, want %q", tt.name, tt.date, got, tt.want)
		}
	}
}

func TestPublicEngagements(t *testing.T) {
	r := New(trackerFixture())
	got := ids(r.PublicEngagements(), func(e *Engagement) string { return e.ID })
	want := []string{"summit-au", "visit-ke-2025", "event-ke", "peace-1", "jpc-ke-1", "jpc-et-1"}
	if !slices.Equal(got, want) {
		t.Errorf("PublicEngagements() = %v, want %v", got, want)
	}
	// A judicial request marked public (invalid) is still not shown.
	all := trackerFixture()
	for i := range all.Engagements {
		all.Engagements[i].Public = true
	}
	for _, e := range New(all).PublicEngagements() {
		if e.Kind == JudicialRequest {
			t.Errorf("PublicEngagements() shows judicial request %s", e.ID)
		}
	}
	for _, tt := range []struct {
		c      Commitment
		public bool
	}{
		{Commitment{Engagement: "jpc-ke-1"}, true},
		{Commitment{Engagement: "jpc-ke-2"}, false},
		{Commitment{Agreement: "ke-air-services"}, true},
		{Commitment{Engagement: "req-1"}, false},
		{Commitment{Engagement: "nope"}, false},
		{Commitment{Engagement: "jpc-ke-2", Agreement: "ke-air-services"}, false},
	} {
		if got := r.CommitmentPublic(&tt.c); got != tt.public {
			t.Errorf("CommitmentPublic(%+v) = %v, want %v", tt.c, got, tt.public)
		}
	}
	if r.PolicyNode("obj-trade") == nil || r.Engagement("req-1") == nil || r.Agreement("ke-air-services") == nil ||
		r.Indicator("ind-voice") == nil || r.PolicyNode("nope") != nil {
		t.Error("the lookups by id do not find the fixture's records")
	}
	if c := r.Consultation("cons-2025"); c == nil || c.ID != "cons-2025" || r.Consultation("nope") != nil {
		t.Errorf("Consultation(cons-2025) = %v: the lookup by id does not find the fixture's consultation", c)
	}
}

func TestFiscalYearStartDay(t *testing.T) {
	for _, tt := range []struct {
		d     string
		start time.Month
		want  string
	}{
		{"2025-06-30", time.July, "2024-07-01"},
		{"2025-07-01", time.July, "2025-07-01"},
		{"2025-12-31", time.July, "2025-07-01"},
		{"2026-01-01", time.July, "2025-07-01"},
		{"2025-01-01", time.January, "2025-01-01"},
		{"2024-12-31", time.January, "2024-01-01"},
		{"2025-03", time.April, "2024-04-01"},
		{"2025", time.July, "2024-07-01"}, // a year stands for its first day
		{"2025-05-10", 0, "2025-01-01"},
		{"2025-05-10", 13, "2025-01-01"},
	} {
		if got := FiscalYearStart(MustDate(tt.d), tt.start); got != MustDate(tt.want) {
			t.Errorf("FiscalYearStart(%s, %d) = %s, want %s", tt.d, tt.start, got, tt.want)
		}
	}
}

// TestVisitsThisFiscalYear: the figure counts the public visits whose start
// falls in the fiscal year of the date, up to the date, across fiscal-year
// boundaries for fiscal years from July and from January; the fixture's
// visit of 2026-02-03 is not public and never counts.
func TestVisitsThisFiscalYear(t *testing.T) {
	base := trackerFixture() // visits 2025-08-12 (incoming, public) and 2026-02-03 (outgoing, private)
	visit := func(id, start string, dir EngagementDirection) Engagement {
		return Engagement{ID: id, Kind: Visit, Title: Names{EN: id}, Direction: dir, Start: MustDate(start), Public: true, Meta: Meta{Source: "test"}}
	}
	base.Engagements = append(base.Engagements,
		visit("v-2024-12-31", "2024-12-31", Outgoing),
		visit("v-2025-01-01", "2025-01-01", Incoming),
		visit("v-2025-06-30", "2025-06-30", Incoming),
		visit("v-2025-07-01", "2025-07-01", Outgoing),
		visit("v-2025-07", "2025-07", Incoming), // known to the month: its first day
	)
	type want struct{ value, in, out int }
	for _, tt := range []struct {
		start time.Month
		date  string
		want  want
	}{
		{time.July, "2024-06-30", want{0, 0, 0}},
		{time.July, "2024-12-31", want{1, 0, 1}},
		{time.July, "2025-06-30", want{3, 2, 1}},
		{time.July, "2025-07-01", want{2, 1, 1}},
		{time.July, "2025-08-11", want{2, 1, 1}},
		{time.July, "2025-08-12", want{3, 2, 1}},
		{time.July, "2026-02-03", want{3, 2, 1}},
		{time.July, "2026-06-30", want{3, 2, 1}},
		{time.July, "2026-07-01", want{0, 0, 0}},
		{time.January, "2024-12-31", want{1, 0, 1}},
		{time.January, "2025-01-01", want{1, 1, 0}},
		{time.January, "2025-06-30", want{2, 2, 0}},
		{time.January, "2025-12-31", want{5, 4, 1}},
		{time.January, "2026-02-03", want{0, 0, 0}},
		{0, "2026-02-02", want{0, 0, 0}}, // unset: January
	} {
		ds := base.Clone()
		ds.Settings.FiscalYearStart = tt.start
		if tt.start == time.January || tt.start == 0 {
			// The fixture's indicator periods are written for July.
			ds.Indicators, ds.IndicatorActuals = nil, nil
		}
		r := New(ds)
		if err := r.Validate(); err != nil {
			t.Fatal(err)
		}
		f, ok := r.Figures(MustDate(tt.date)).Get(FigVisitsThisFiscalYear)
		wantFig := Figure{Name: FigVisitsThisFiscalYear, Value: tt.want.value,
			Parts: []Part{{"incoming", tt.want.in}, {"outgoing", tt.want.out}}}
		if !ok || !reflect.DeepEqual(f, wantFig) {
			t.Errorf("start %d, %s: %+v, want %+v", tt.start, tt.date, f, wantFig)
		}
	}
}
