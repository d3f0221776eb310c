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
		name     string
		change   func(*IndicatorActual)
		approved bool
	}{
		{"note only", func(x *IndicatorActual) { x.Note = "checked" }, true},
		{"same value, new pointer", func(x *IndicatorActual) { x.Value = v(3) }, true},
		{"value", func(x *IndicatorActual) { x.Value = v(4) }, false},
		{"value removed", func(x *IndicatorActual) { x.Value = nil }, false},
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
			if x.RecordedBy != "alice" || !x.RecordedAt.Equal(old.RecordedAt.Time) {
				t.Errorf("recorded %s at %v, want alice's", x.RecordedBy, x.RecordedAt)
			}
			if x.Approved() != tc.approved {
				t.Errorf("approved = %v, want %v", x.Approved(), tc.approved)
			}
			if tc.approved && x.ApprovedBy != "olga" {
				t.Errorf("approved by %q, want olga", x.ApprovedBy)
			}
		})
	}
}
