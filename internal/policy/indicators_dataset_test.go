package policy

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

func num(v float64) *float64 { return &v }

func stamp(t time.Time) registry.Timestamp { return registry.Timestamp{Time: t} }

// trackerDataset holds, on July fiscal years, a count indicator with a
// baseline and two targets, a qualitative one, a computed one and one with an
// unknown baseline, and actuals: approved on time, approved late, awaiting
// approval, a qualitative update, and one of an unknown indicator.
func trackerDataset() *registry.Dataset {
	ds := &registry.Dataset{Settings: registry.Settings{FiscalYearStart: time.July}}
	ds.Indicators = []registry.Indicator{
		{ID: "count", Objective: "o1", Title: registry.Names{EN: "Count"}, Measure: "count", Direction: "increase",
			BaselinePeriod: "2024-2025", BaselineValue: num(10), Weight: 2,
			Targets: []registry.IndicatorTarget{{Period: "2025-2026", Value: 20}, {Period: "2026-2027-Q2", Value: 25}}},
		{ID: "notes", Objective: "o1", Title: registry.Names{EN: "Notes"}, Measure: "qualitative"},
		{ID: "missions", Objective: "o2", Title: registry.Names{EN: "Missions"}, Measure: "count", Direction: "increase",
			Computed: "diplomatic_missions", BaselinePeriod: "2024-2025"},
		{ID: "unknown-base", Objective: "o2", Title: registry.Names{EN: "Unknown baseline"}, Measure: "percentage",
			Direction: "increase", BaselinePeriod: "2024-2025 Q4", Targets: []registry.IndicatorTarget{{Period: "2025-2026", Value: 50}}},
	}
	approvedAt := func(a registry.IndicatorActual, rec time.Time) registry.IndicatorActual {
		a.RecordedAt, a.RecordedBy = stamp(rec), "officer"
		a.ApprovedAt, a.ApprovedBy = stamp(rec.Add(time.Hour)), "head"
		return a
	}
	ds.IndicatorActuals = []registry.IndicatorActual{
		// Listed out of order: the late Q4 correction first.
		approvedAt(registry.IndicatorActual{ID: "a-late", Indicator: "count", Period: "2025-2026-Q4", Value: num(17), Evidence: "agreement:x"},
			time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)),
		approvedAt(registry.IndicatorActual{ID: "a-q2", Indicator: "count", Period: "2025-2026 Q2", Value: num(14), Evidence: "document:y"},
			time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC)),
		{ID: "a-pending", Indicator: "count", Period: "2025-2026", Value: num(19), Evidence: "document:z",
			RecordedAt: stamp(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)), RecordedBy: "officer"},
		approvedAt(registry.IndicatorActual{ID: "a-note", Indicator: "notes", Period: "2025-2026-Q1", Text: "Held.", Evidence: "engagement:e"},
			time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)),
		approvedAt(registry.IndicatorActual{ID: "a-orphan", Indicator: "gone", Period: "2025-2026", Value: num(1), Evidence: "document:z"},
			time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)),
	}
	return ds
}

func TestIndicatorsFromDataset(t *testing.T) {
	inds, err := IndicatorsFromDataset(trackerDataset())
	if err != nil {
		t.Fatal(err)
	}
	if got := len(inds); got != 4 {
		t.Fatalf("%d indicators, want 4", got)
	}
	c := inds[0]
	if c.ID != "count" || c.Measure != MeasureCount || c.Direction != DirectionIncrease || c.Weight != 2 ||
		c.Baseline != (Baseline{Value: 10, Period: whole(2024, time.July)}) {
		t.Errorf("count = %+v", c)
	}
	if want := []Target{{whole(2025, time.July), 20}, {q(2026, time.July, 2), 25}}; !slices.Equal(c.Targets, want) {
		t.Errorf("targets = %+v, want %+v", c.Targets, want)
	}
	type row struct {
		period   Period
		value    float64
		late     bool
		approved bool
	}
	var got []row
	for _, a := range c.Actuals {
		got = append(got, row{a.Period, a.Value, a.Late, a.Approved()})
	}
	// By the end of their period: Q2, then the year and its Q4 (same end),
	// the year recorded first.
	want := []row{
		{q(2025, time.July, 2), 14, false, true}, // recorded on the last day of Q2 (UTC): on time
		{whole(2025, time.July), 19, false, false},
		{q(2025, time.July, 4), 17, true, true}, // recorded the day after the year closed
	}
	if !slices.Equal(got, want) {
		t.Errorf("actuals = %+v, want %+v", got, want)
	}

	// Only approved actuals count: the pending 19 for the year is reported,
	// not used; the late Q4 value is.
	ip := c.Progress(whole(2025, time.July), time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), nil)
	if ip.Value == nil || *ip.Value != 17 || ip.Pending != 1 || ip.Late != 1 {
		t.Errorf("progress = value %v pending %d late %d", show(ip.Value), ip.Pending, ip.Late)
	}

	n := inds[1]
	if n.Measure != MeasureQualitative || n.Baseline != (Baseline{}) || len(n.Targets) != 0 ||
		len(n.Actuals) != 1 || n.Actuals[0].Text != "Held." || n.Actuals[0].Value != 0 {
		t.Errorf("notes = %+v", n)
	}
	if ip := n.Progress(whole(2025, time.July), time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), nil); ip.Updates != 1 {
		t.Errorf("notes: %d updates, want 1", ip.Updates)
	}
	if m := inds[2]; m.Computed != "diplomatic_missions" || m.Baseline.Value != 0 || m.Baseline.Period != whole(2024, time.July) {
		t.Errorf("computed = %+v", m)
	}
	if u := inds[3]; !math.IsNaN(u.Baseline.Value) || u.Baseline.Period != q(2024, time.July, 4) {
		t.Errorf("unknown baseline = %+v, want NaN", u.Baseline)
	} else if ip := u.Progress(whole(2025, time.July), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), nil); ip.Baseline != nil {
		t.Errorf("unknown baseline reported as %v", show(ip.Baseline))
	}
}

func TestIndicatorsFromDatasetBadPeriods(t *testing.T) {
	ds := trackerDataset()
	ds.Indicators[0].Targets = append(ds.Indicators[0].Targets, registry.IndicatorTarget{Period: "2025", Value: 30})
	ds.Indicators[0].BaselinePeriod = "last year"
	ds.IndicatorActuals[1].Period = ""
	inds, err := IndicatorsFromDataset(ds)
	var ve *registry.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v, want a *registry.ValidationError", err)
	}
	var fields []string
	for _, f := range ve.Fields {
		fields = append(fields, f.Entity+" "+f.ID+" "+f.Field)
		if f.Reason == "" {
			t.Errorf("%+v has no reason", f)
		}
	}
	want := []string{"indicator count baseline_period", "indicator count targets[2].period", "indicator_actual a-q2 period"}
	if !slices.Equal(fields, want) {
		t.Errorf("problems %q, want %q", fields, want)
	}
	// The rest is returned.
	if len(inds) != 4 || len(inds[0].Targets) != 2 || len(inds[0].Actuals) != 2 {
		t.Errorf("returned %d indicators, %d targets and %d actuals of the first", len(inds), len(inds[0].Targets), len(inds[0].Actuals))
	}
}
