package registry

import (
	"testing"
	"time"
)

func TestStampActual(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 678_901_234, time.FixedZone("EAT", 3*3600))
	t1 := t0.Add(time.Hour)
	v := func(f float64) *float64 { return &f }
	approved := func() *IndicatorActual {
		x := &IndicatorActual{ID: "a", Indicator: "i", Period: "2025-2026", Value: v(3), Evidence: "agreement:x"}
		StampActual(nil, x, "alice", t0)
		ApproveActual(x, "olga", t0)
		return x
	}
	if x := approved(); x.RecordedBy != "alice" || !x.RecordedAt.Equal(t0.Truncate(time.Millisecond)) ||
		x.RecordedAt.Location() != time.UTC || !x.Approved() {
		t.Fatalf("new and approved: %+v", x)
	}
	for _, tc := range []struct {
		name   string
		change func(*IndicatorActual)
		// kept: the change keeps the recording and the approval; otherwise
		// the actual is recorded anew by bob and waits for approval.
		kept bool
	}{
		{"note only", func(x *IndicatorActual) { x.Note = "checked" }, true},
		{"same value, new pointer", func(x *IndicatorActual) { x.Value = v(3) }, true},
		{"value", func(x *IndicatorActual) { x.Value = v(4) }, false},
		{"value removed", func(x *IndicatorActual) { x.Value = nil }, false},
		{"indicator", func(x *IndicatorActual) { x.Indicator = "other" }, false},
		{"period", func(x *IndicatorActual) { x.Period = "2025-2026-Q1" }, false},
		{"text", func(x *IndicatorActual) { x.Text = "more" }, false},
		{"evidence", func(x *IndicatorActual) { x.Evidence = "https://example.org/r" }, false},
		{"forged stamps are overwritten", func(x *IndicatorActual) { x.RecordedBy, x.ApprovedBy = "mallory", "mallory" }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := approved()
			x := *old
			tc.change(&x)
			StampActual(old, &x, "bob", t1)
			switch {
			case tc.kept && (x.RecordedBy != "alice" || !x.RecordedAt.Equal(old.RecordedAt.Time)):
				t.Errorf("recorded %s at %v, want alice's", x.RecordedBy, x.RecordedAt)
			case !tc.kept && (x.RecordedBy != "bob" || !x.RecordedAt.Equal(t1.Truncate(time.Millisecond))):
				t.Errorf("recorded %s at %v, want bob at %v", x.RecordedBy, x.RecordedAt, t1)
			case x.Approved() != tc.kept:
				t.Errorf("approved = %v, want %v", x.Approved(), tc.kept)
			case tc.kept && x.ApprovedBy != "olga":
				t.Errorf("approved by %q, want olga", x.ApprovedBy)
			}
		})
	}
}

func TestActualLate(t *testing.T) {
	at := func(s string) Timestamp {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return Timestamp{tm}
	}
	for _, tc := range []struct {
		period   string
		start    time.Month
		recorded string
		late     bool
		end      string
	}{
		{"2025-2026", time.July, "2026-06-30T23:59:59Z", false, "2026-06-30"},
		{"2025-2026", time.July, "2026-07-01T00:00:00Z", true, "2026-06-30"},
		{"2025-2026", time.July, "2026-07-01T01:00:00+03:00", false, "2026-06-30"}, // still 30 June in UTC
		{"2025-2026-Q1", time.July, "2025-09-30T12:00:00Z", false, "2025-09-30"},
		{"2025-2026-Q1", time.July, "2025-10-01T00:00:00Z", true, "2025-09-30"},
		{"2025-2026-Q3", time.July, "2026-04-01T00:00:00Z", true, "2026-03-31"},
		{"2025-Q4", time.January, "2025-12-31T00:00:00Z", false, "2025-12-31"},
		{"2025", time.January, "2026-01-01T00:00:00Z", true, "2025-12-31"},
		{"2023-2024-Q1", time.December, "2024-03-01T00:00:00Z", true, "2024-02-29"},
		{"2025-2026", time.January, "2030-01-01T00:00:00Z", false, ""}, // not a period of January years
	} {
		a := &IndicatorActual{Period: tc.period, RecordedAt: at(tc.recorded)}
		late, end := a.Late(tc.start)
		if late != tc.late || (tc.end != "" && end.String() != tc.end) {
			t.Errorf("%s (from month %d) recorded %s: late %v, end %s; want %v, %s", tc.period, tc.start, tc.recorded, late, end, tc.late, tc.end)
		}
	}
	if late, _ := (&IndicatorActual{Period: "2025-2026"}).Late(time.July); late {
		t.Error("an actual without a recording time is late")
	}
}
