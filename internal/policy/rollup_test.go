package policy

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

// Fixtures on July fiscal years. The baseline period 2023-2024 ends on
// 2024-06-30; 2024-2025 ends 365 days later and 2025-2026 730 days later, so a
// 2025-2026 target judged at the end of 2024-2025 has expected progress 0.5.
var (
	fy23     = whole(2023, time.July)
	fy24     = whole(2024, time.July)
	fy25     = whole(2025, time.July)
	afterFY  = at(2025, 9, 1) // 2024-2025 is closed
	midFY25  = at(2025, 12, 31)
	target25 = []Target{{Period: fy25, Value: 20}}
)

func approved(p Period, v float64) Actual {
	rec := midnight(p.End()).Add(time.Hour)
	return Actual{Period: p, Value: v, Evidence: "document:x", RecordedAt: rec, RecordedBy: "a", ApprovedBy: "b", ApprovedAt: rec}
}

func recordedAt(a Actual, t time.Time) Actual {
	a.RecordedAt, a.ApprovedAt, a.Late = t, t, a.Period.Closed(t)
	return a
}

func unapproved(p Period, v float64) Actual {
	a := approved(p, v)
	a.ApprovedBy, a.ApprovedAt = "", time.Time{}
	return a
}

func indicator(dir Direction, base float64, targets []Target, actuals ...Actual) Indicator {
	return Indicator{
		ID: "i", Objective: "o", Measure: MeasureAmount, Unit: "USD", Direction: dir,
		Baseline: Baseline{Value: base, Period: fy23}, Targets: targets, Actuals: actuals,
	}
}

func f(x float64) *float64 { return &x }

func sameNum(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return math.Abs(*a-*b) < 1e-9
}

func show(x *float64) string {
	if x == nil {
		return "nil"
	}
	b, _ := json.Marshal(*x)
	return string(b)
}

// figures returns a Values func that knows one figure at one instant.
func figures(name string, when time.Time, v float64) Values {
	return func(figure string, at time.Time) (float64, bool) {
		if figure == name && at.Equal(when) {
			return v, true
		}
		return 0, false
	}
}

func TestStatusFor(t *testing.T) {
	tests := []struct {
		progress, expected float64
		want               Status
	}{
		{0.4, 0.5, StatusOnTrack}, // exactly expected - 0.10
		{0.3999, 0.5, StatusAtRisk},
		{0.25, 0.5, StatusAtRisk}, // exactly expected - 0.25
		{0.2499, 0.5, StatusOffTrack},
		{0.7, 0.8, StatusOnTrack},   // 0.8-0.1 rounds to 0.7000000000000001
		{0.55, 0.8, StatusAtRisk},   // 0.8-0.25
		{0.9, 1, StatusOnTrack},     // exactly 1 - 0.10
		{0.75, 1, StatusAtRisk},     // exactly 1 - 0.25
		{0.7499, 1, StatusOffTrack}, //
		{0, 0, StatusOnTrack},
		{0, 0.1, StatusOnTrack},
		{0, 0.25, StatusAtRisk},
		{0, 0.26, StatusOffTrack},
		{1, 1, StatusOnTrack},
		{math.NaN(), 0.5, StatusUnknown},
		{0.5, math.NaN(), StatusUnknown},
	}
	for _, tt := range tests {
		if got := StatusFor(tt.progress, tt.expected); got != tt.want {
			t.Errorf("StatusFor(%v, %v) = %s, want %s", tt.progress, tt.expected, got, tt.want)
		}
	}
}

func TestIndicatorProgress(t *testing.T) {
	q4 := q(2024, time.July, 4)
	missionsAtEnd := midnight(fy24.End()) // 2025-06-30 00:00 UTC
	tests := []struct {
		name   string
		ind    Indicator
		period Period
		now    time.Time
		values Values

		value, target, progress, expected *float64
		status                            Status
		met                               bool
		valuePeriod, targetPeriod         Period
		updates, pending, late            int
	}{
		{
			name: "increase halfway", ind: indicator(DirectionIncrease, 10, target25, approved(q4, 15)),
			period: fy24, now: afterFY, value: f(15), target: f(20), progress: f(0.5), expected: f(0.5),
			status: StatusOnTrack, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "on-track edge", ind: indicator(DirectionIncrease, 10, target25, approved(q4, 14)),
			period: fy24, now: afterFY, value: f(14), target: f(20), progress: f(0.4), expected: f(0.5),
			status: StatusOnTrack, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "just below the on-track edge", ind: indicator(DirectionIncrease, 10, target25, approved(q4, 13.9)),
			period: fy24, now: afterFY, value: f(13.9), target: f(20), progress: f(0.39), expected: f(0.5),
			status: StatusAtRisk, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "at-risk edge", ind: indicator(DirectionIncrease, 10, target25, approved(q4, 12.5)),
			period: fy24, now: afterFY, value: f(12.5), target: f(20), progress: f(0.25), expected: f(0.5),
			status: StatusAtRisk, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "off track", ind: indicator(DirectionIncrease, 10, target25, approved(q4, 12.4)),
			period: fy24, now: afterFY, value: f(12.4), target: f(20), progress: f(0.24), expected: f(0.5),
			status: StatusOffTrack, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "below the baseline clamps to 0", ind: indicator(DirectionIncrease, 10, target25, approved(q4, 5)),
			period: fy24, now: afterFY, value: f(5), target: f(20), progress: f(0), expected: f(0.5),
			status: StatusOffTrack, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "beyond the target clamps to 1", ind: indicator(DirectionIncrease, 10, target25, approved(q4, 30)),
			period: fy24, now: afterFY, value: f(30), target: f(20), progress: f(1), expected: f(0.5),
			status: StatusOnTrack, met: true, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "latest approved actual; unapproved ones ignored",
			ind: indicator(DirectionIncrease, 10, target25,
				approved(q(2024, time.July, 2), 12), approved(q4, 15), approved(q(2024, time.July, 3), 11),
				unapproved(q4, 19), unapproved(fy24, 19)),
			period: fy24, now: afterFY, value: f(15), target: f(20), progress: f(0.5), expected: f(0.5),
			status: StatusOnTrack, valuePeriod: q4, targetPeriod: fy25, pending: 2,
		},
		{
			name: "a later correction wins; late updates counted",
			ind: indicator(DirectionIncrease, 10, target25,
				recordedAt(approved(q4, 13), at(2025, 7, 10)), recordedAt(approved(q4, 15), at(2025, 7, 2))),
			period: fy24, now: afterFY, value: f(13), target: f(20), progress: f(0.3), expected: f(0.5),
			status: StatusAtRisk, valuePeriod: q4, targetPeriod: fy25, late: 2,
		},
		{
			name: "a whole-year actual recorded after the last quarter's",
			ind: indicator(DirectionIncrease, 10, target25,
				recordedAt(approved(fy24, 16), at(2025, 6, 29)), recordedAt(approved(q4, 15), at(2025, 6, 28))),
			period: fy24, now: afterFY, value: f(16), target: f(20), progress: f(0.6), expected: f(0.5),
			status: StatusOnTrack, valuePeriod: fy24, targetPeriod: fy25,
		},
		{
			name:   "actuals are not carried forward",
			ind:    indicator(DirectionIncrease, 10, target25, approved(q(2023, time.July, 4), 15)),
			period: fy24, now: afterFY, target: f(20), expected: f(0.5),
			status: StatusUnknown, targetPeriod: fy25,
		},
		{
			name: "missing actual", ind: indicator(DirectionIncrease, 10, target25),
			period: fy24, now: afterFY, target: f(20), expected: f(0.5), status: StatusUnknown, targetPeriod: fy25,
		},
		{
			name: "a not-a-number actual is ignored", ind: indicator(DirectionIncrease, 10, target25, approved(q4, math.NaN())),
			period: fy24, now: afterFY, target: f(20), expected: f(0.5), status: StatusUnknown, targetPeriod: fy25,
		},
		{
			name: "missing target", ind: indicator(DirectionIncrease, 10, nil, approved(q4, 15)),
			period: fy24, now: afterFY, value: f(15), status: StatusUnknown, valuePeriod: q4,
		},
		{
			name: "decrease", ind: indicator(DirectionDecrease, 10, []Target{{fy25, 0}}, approved(q4, 7.5)),
			period: fy24, now: afterFY, value: f(7.5), target: f(0), progress: f(0.25), expected: f(0.5),
			status: StatusAtRisk, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "decrease past the target", ind: indicator(DirectionDecrease, 10, []Target{{fy25, 0}}, approved(q4, -1)),
			period: fy24, now: afterFY, value: f(-1), target: f(0), progress: f(1), expected: f(0.5),
			status: StatusOnTrack, met: true, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "decrease the wrong way", ind: indicator(DirectionDecrease, 10, []Target{{fy25, 0}}, approved(q4, 12)),
			period: fy24, now: afterFY, value: f(12), target: f(0), progress: f(0), expected: f(0.5),
			status: StatusOffTrack, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "maintain at the baseline", ind: indicator(DirectionMaintain, 10, nil, approved(q4, 10)),
			period: fy24, now: afterFY, value: f(10), target: f(10), progress: f(1), expected: f(1),
			status: StatusOnTrack, met: true, valuePeriod: q4,
		},
		{
			name: "maintain below the baseline", ind: indicator(DirectionMaintain, 10, nil, approved(q4, 8)),
			period: fy24, now: afterFY, value: f(8), target: f(10), progress: f(0.8), expected: f(1),
			status: StatusAtRisk, valuePeriod: q4,
		},
		{
			name: "maintain a target level, at-risk edge", ind: indicator(DirectionMaintain, 10, []Target{{fy24, 12}}, approved(q4, 9)),
			period: fy24, now: afterFY, value: f(9), target: f(12), progress: f(0.75), expected: f(1),
			status: StatusAtRisk, valuePeriod: q4, targetPeriod: fy24,
		},
		{
			name: "maintain a zero baseline", ind: indicator(DirectionMaintain, 0, nil, approved(q4, -5)),
			period: fy24, now: afterFY, value: f(-5), target: f(0), progress: f(0), expected: f(1),
			status: StatusOffTrack, valuePeriod: q4,
		},
		{
			name: "maintain a negative level", ind: indicator(DirectionMaintain, -10, nil, approved(q4, -20)),
			period: fy24, now: afterFY, value: f(-20), target: f(-10), progress: f(0), expected: f(1),
			status: StatusOffTrack, valuePeriod: q4,
		},
		{
			name: "target equal to the baseline, met", ind: indicator(DirectionIncrease, 10, []Target{{fy25, 10}}, approved(q4, 10)),
			period: fy24, now: afterFY, value: f(10), target: f(10), progress: f(1), expected: f(0.5),
			status: StatusOnTrack, met: true, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "target equal to the baseline, missed", ind: indicator(DirectionIncrease, 10, []Target{{fy25, 10}}, approved(q4, 9)),
			period: fy24, now: afterFY, value: f(9), target: f(10), progress: f(0), expected: f(0.5),
			status: StatusOffTrack, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "decrease, target equal to the baseline", ind: indicator(DirectionDecrease, 10, []Target{{fy25, 10}}, approved(q4, 11)),
			period: fy24, now: afterFY, value: f(11), target: f(10), progress: f(0), expected: f(0.5),
			status: StatusOffTrack, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "an earlier target is carried forward",
			ind: func() Indicator {
				i := indicator(DirectionIncrease, 10, []Target{{q(2023, time.July, 4), 14}, {fy23, 20}}, approved(q4, 15))
				i.Baseline.Period = whole(2022, time.July)
				return i
			}(),
			period: fy24, now: afterFY, value: f(15), target: f(20), progress: f(0.5), expected: f(1),
			status: StatusOffTrack, valuePeriod: q4, targetPeriod: fy23,
		},
		{
			name: "a target due with the baseline: expected 1", ind: indicator(DirectionIncrease, 10, []Target{{fy23, 20}}, approved(q4, 15)),
			period: fy24, now: afterFY, value: f(15), target: f(20), progress: f(0.5), expected: f(1),
			status: StatusOffTrack, valuePeriod: q4, targetPeriod: fy23,
		},
		{
			name:   "the next target due comes before one carried forward",
			ind:    indicator(DirectionIncrease, 10, []Target{{q(2024, time.July, 2), 12}, {whole(2026, time.July), 40}, {fy25, 20}}, approved(q4, 15)),
			period: fy24, now: afterFY, value: f(15), target: f(20), progress: f(0.5), expected: f(0.5),
			status: StatusOnTrack, valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name:   "a quarter takes its fiscal year's target",
			ind:    indicator(DirectionIncrease, 10, []Target{{fy25, 20}, {q(2025, time.July, 4), 21}}, approved(q(2025, time.July, 2), 17)),
			period: q(2025, time.July, 2), now: at(2026, 2, 10), value: f(17), target: f(20), progress: f(0.7),
			expected: f(549.0 / 730), status: StatusOnTrack, valuePeriod: q(2025, time.July, 2), targetPeriod: fy25,
		},
		{
			name:   "a quarter's own target first",
			ind:    indicator(DirectionIncrease, 10, []Target{{fy25, 20}, {q(2025, time.July, 2), 18}}, approved(q(2025, time.July, 2), 17)),
			period: q(2025, time.July, 2), now: at(2026, 2, 10), value: f(17), target: f(18), progress: f(0.875),
			expected: f(1), status: StatusAtRisk, valuePeriod: q(2025, time.July, 2), targetPeriod: q(2025, time.July, 2),
		},
		{
			name: "an open period is judged today", ind: indicator(DirectionIncrease, 10, target25, approved(q(2025, time.July, 1), 17)),
			period: fy25, now: midFY25, value: f(17), target: f(20), progress: f(0.7), expected: f(549.0 / 730),
			status: StatusOnTrack, valuePeriod: q(2025, time.July, 1), targetPeriod: fy25,
		},
		{
			name: "without a baseline period time runs from the target period", ind: func() Indicator {
				i := indicator(DirectionIncrease, 10, target25, approved(q(2025, time.July, 2), 15))
				i.Baseline.Period = Period{}
				return i
			}(),
			period: fy25, now: midFY25, value: f(15), target: f(20), progress: f(0.5), expected: f(184.0 / 365),
			status: StatusOnTrack, valuePeriod: q(2025, time.July, 2), targetPeriod: fy25,
		},
		{
			name: "computed: closed period, value at its last day",
			ind: func() Indicator {
				i := indicator(DirectionIncrease, 10, target25)
				i.Computed, i.Measure = registry.FigDiplomaticMissions, MeasureCount
				return i
			}(),
			values: figures(registry.FigDiplomaticMissions, missionsAtEnd, 16),
			period: fy24, now: afterFY, value: f(16), target: f(20), progress: f(0.6), expected: f(0.5),
			status: StatusOnTrack, valuePeriod: fy24, targetPeriod: fy25,
		},
		{
			name: "computed: open period, value now; manual actuals ignored",
			ind: func() Indicator {
				i := indicator(DirectionIncrease, 10, target25, approved(q(2025, time.July, 1), 11), unapproved(q(2025, time.July, 1), 11))
				i.Computed = registry.FigVisitsThisFiscalYear
				return i
			}(),
			values: figures(registry.FigVisitsThisFiscalYear, midFY25, 18),
			period: fy25, now: midFY25, value: f(18), target: f(20), progress: f(0.8), expected: f(549.0 / 730),
			status: StatusOnTrack, valuePeriod: fy25, targetPeriod: fy25,
		},
		{
			name: "computed: figure unknown",
			ind: func() Indicator {
				i := indicator(DirectionIncrease, 10, target25)
				i.Computed = registry.FigHonoraryConsuls
				return i
			}(),
			values: figures(registry.FigDiplomaticMissions, missionsAtEnd, 16),
			period: fy24, now: afterFY, target: f(20), expected: f(0.5), status: StatusUnknown, targetPeriod: fy25,
		},
		{
			name: "computed: no values",
			ind: func() Indicator {
				i := indicator(DirectionIncrease, 10, target25)
				i.Computed = registry.FigDiplomaticMissions
				return i
			}(),
			period: fy24, now: afterFY, target: f(20), expected: f(0.5), status: StatusUnknown, targetPeriod: fy25,
		},
		{
			name: "computed: a period not begun has no value",
			ind: func() Indicator {
				i := indicator(DirectionIncrease, 10, []Target{{whole(2026, time.July), 30}})
				i.Computed = registry.FigDiplomaticMissions
				return i
			}(),
			values: func(string, time.Time) (float64, bool) { return 25, true },
			period: whole(2026, time.July), now: midFY25, target: f(30), expected: f(549.0 / 1095), status: StatusUnknown,
			targetPeriod: whole(2026, time.July),
		},
		{
			name: "qualitative: approved updates counted",
			ind: func() Indicator {
				i := indicator("", 0, nil,
					approved(q(2024, time.July, 1), 0), recordedAt(approved(q(2024, time.July, 3), 0), at(2025, 7, 3)),
					unapproved(q4, 0), approved(q(2025, time.July, 1), 0))
				i.Measure, i.Baseline = MeasureQualitative, Baseline{}
				return i
			}(),
			period: fy24, now: midFY25, status: StatusUnknown, updates: 2, pending: 1, late: 1,
		},
		{
			name: "unknown direction", ind: indicator("sideways", 10, target25, approved(q4, 15)),
			period: fy24, now: afterFY, value: f(15), target: f(20), expected: f(0.5), status: StatusUnknown,
			valuePeriod: q4, targetPeriod: fy25,
		},
		{
			name: "no period", ind: indicator(DirectionIncrease, 10, target25, approved(q4, 15)),
			period: Period{}, now: afterFY, status: StatusUnknown,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.ind.Progress(tt.period, tt.now, tt.values)
			check := func(what string, g, w *float64) {
				if !sameNum(g, w) {
					t.Errorf("%s = %s, want %s", what, show(g), show(w))
				}
			}
			check("value", got.Value, tt.value)
			check("target", got.Target, tt.target)
			check("progress", got.Progress, tt.progress)
			check("expected", got.Expected, tt.expected)
			if got.Status != tt.status || got.Met != tt.met {
				t.Errorf("status %s, met %t; want %s, %t", got.Status, got.Met, tt.status, tt.met)
			}
			if got.ValuePeriod != tt.valuePeriod || got.TargetPeriod != tt.targetPeriod {
				t.Errorf("value period %q, target period %q; want %q, %q", got.ValuePeriod, got.TargetPeriod, tt.valuePeriod, tt.targetPeriod)
			}
			if got.Updates != tt.updates || got.Pending != tt.pending || got.Late != tt.late {
				t.Errorf("updates %d, pending %d, late %d; want %d, %d, %d", got.Updates, got.Pending, got.Late, tt.updates, tt.pending, tt.late)
			}
			if got.Indicator != "i" || got.Objective != "o" || got.Period != tt.period || got.Weight != 1 {
				t.Errorf("identity %+v", got)
			}
		})
	}
}

func TestProgressRollup(t *testing.T) {
	fw := &Framework{
		Policy: Policy{ID: "fp"},
		Pillars: []Pillar{
			{ID: "pa", Objectives: []Objective{{ID: "o1", Pillar: "pa"}, {ID: "o2", Pillar: "pa"}, {ID: "o3", Pillar: "pa"}}},
			{ID: "pb", Objectives: []Objective{{ID: "o4", Pillar: "pb"}, {ID: "o5", Pillar: "pb"}}},
			{ID: "pc", Objectives: []Objective{}},
		},
	}
	q4 := q(2024, time.July, 4)
	in := func(id, objective string, weight float64, ind Indicator) Indicator {
		ind.ID, ind.Objective, ind.Weight = id, objective, weight
		return ind
	}
	note := func(id, objective string, actuals ...Actual) Indicator {
		i := indicator("", 0, nil, actuals...)
		i.ID, i.Objective, i.Measure, i.Baseline = id, objective, MeasureQualitative, Baseline{}
		return i
	}
	inds := []Indicator{
		in("i1", "o1", 0, indicator(DirectionIncrease, 10, target25, approved(q4, 12))),          // 0.2, weight 1 (default)
		in("i2", "o1", 3, indicator(DirectionIncrease, 10, target25, approved(q4, 16))),          // 0.6, weight 3
		note("n1", "o3", approved(q(2024, time.July, 1), 0), approved(q4, 0), unapproved(q4, 0)), // 2 updates
		note("n2", "o3", approved(q4, 0), approved(q(2025, time.July, 1), 0)),                    // 1 update in the period
		in("i3", "o4", 2, indicator(DirectionMaintain, 10, nil, approved(q4, 10))),               // 1, expected 1
		in("i4", "o4", 5, indicator(DirectionIncrease, 10, target25)),                            // unknown: no actual
		in("i5", "o5", 1, indicator(DirectionIncrease, 10, nil, approved(q4, 15))),               // unknown: no target
		in("i6", "nope", 1, indicator(DirectionIncrease, 10, target25, approved(q4, 20))),        // not in the framework
	}
	got := Progress(fw, inds, fy24, afterFY, nil)

	type want struct {
		progress, expected, coverage *float64
		status                       Status
		weight                       float64
		indicators, known, updates   int
	}
	checkSummary := func(name string, s Summary, w want) {
		t.Helper()
		if !sameNum(s.Progress, w.progress) || !sameNum(s.Expected, w.expected) || !sameNum(s.Coverage, w.coverage) {
			t.Errorf("%s: progress %s expected %s coverage %s; want %s %s %s", name,
				show(s.Progress), show(s.Expected), show(s.Coverage), show(w.progress), show(w.expected), show(w.coverage))
		}
		if s.Status != w.status || math.Abs(s.Weight-w.weight) > 1e-9 || s.Indicators != w.indicators || s.Known != w.known || s.Updates != w.updates {
			t.Errorf("%s: %+v, want %+v", name, s, w)
		}
	}
	objectives := map[string]want{
		"o1": {f(0.5), f(0.5), f(1), StatusOnTrack, 4, 2, 2, 0},
		"o2": {nil, nil, nil, StatusUnknown, 0, 0, 0, 0},
		"o3": {nil, nil, nil, StatusUnknown, 0, 0, 0, 3},
		"o4": {f(1), f(1), f(0.5), StatusOnTrack, 2, 2, 1, 0},
		"o5": {nil, nil, f(0), StatusUnknown, 0, 1, 0, 0},
	}
	pillars := map[string]want{
		"pa": {f(0.5), f(0.5), f(1), StatusOnTrack, 4, 2, 2, 3},
		"pb": {f(1), f(1), f(1.0 / 3), StatusOnTrack, 2, 3, 1, 0},
		"pc": {nil, nil, nil, StatusUnknown, 0, 0, 0, 0},
	}
	if got.Policy != "fp" || got.Period != fy24 || len(got.Pillars) != 3 {
		t.Fatalf("framework %q period %q, %d pillars", got.Policy, got.Period, len(got.Pillars))
	}
	for _, pp := range got.Pillars {
		checkSummary(pp.Pillar, pp.Summary, pillars[pp.Pillar])
		for _, op := range pp.Objectives {
			if op.Pillar != pp.Pillar {
				t.Errorf("objective %s under %s says pillar %s", op.Objective, pp.Pillar, op.Pillar)
			}
			checkSummary(op.Objective, op.Summary, objectives[op.Objective])
		}
	}
	// (0.2*1 + 0.6*3 + 1*2) / 6 and (0.5*4 + 1*2) / 6
	checkSummary("framework", got.Summary, want{f(4.0 / 6), f(4.0 / 6), f(3.0 / 5), StatusOnTrack, 6, 5, 3, 3})

	o1 := got.Pillars[0].Objectives[0]
	if len(o1.Items) != 2 || o1.Items[0].Indicator != "i1" || o1.Items[1].Indicator != "i2" || o1.Items[0].Weight != 1 || o1.Items[1].Weight != 3 {
		t.Errorf("o1 items %+v", o1.Items)
	}
	if len(got.Unassigned) != 1 || got.Unassigned[0].Indicator != "i6" || !sameNum(got.Unassigned[0].Progress, f(1)) {
		t.Errorf("unassigned %+v", got.Unassigned)
	}
	if _, err := json.Marshal(got); err != nil {
		t.Errorf("the roll-up does not marshal: %v", err)
	}

	// Without a framework, every indicator is unassigned and nothing rolls up.
	bare := Progress(nil, inds, fy24, afterFY, nil)
	if len(bare.Pillars) != 0 || len(bare.Unassigned) != len(inds) || bare.Status != StatusUnknown || bare.Progress != nil {
		t.Errorf("without a framework: %+v", bare.Summary)
	}
	// Nothing at all.
	empty := Progress(&Framework{}, nil, Period{}, time.Time{}, nil)
	if empty.Status != StatusUnknown || empty.Coverage != nil || len(empty.Pillars) != 0 {
		t.Errorf("empty: %+v", empty)
	}
}

// TestProgressWeights checks the weighted means against objectives of
// different weights: the pillar weights each objective by the total weight of
// its known indicators.
func TestProgressWeights(t *testing.T) {
	fw := &Framework{Pillars: []Pillar{{ID: "p", Objectives: []Objective{{ID: "a", Pillar: "p"}, {ID: "b", Pillar: "p"}}}}}
	q4 := q(2024, time.July, 4)
	mk := func(id, obj string, w, v float64) Indicator {
		i := indicator(DirectionIncrease, 0, []Target{{fy24, 100}}, approved(q4, v))
		i.ID, i.Objective, i.Weight = id, obj, w
		return i
	}
	tests := []struct {
		name       string
		inds       []Indicator
		a, b, p    *float64
		wa, wb, wp float64
	}{
		{"equal weights", []Indicator{mk("x", "a", 1, 20), mk("y", "b", 1, 60)}, f(0.2), f(0.6), f(0.4), 1, 1, 2},
		{"heavier objective", []Indicator{mk("x", "a", 1, 20), mk("y", "b", 2, 60), mk("z", "b", 2, 100)}, f(0.2), f(0.8), f((0.2 + 4*0.8) / 5), 1, 4, 5},
		{"fractional weights", []Indicator{mk("x", "a", 0.5, 100), mk("y", "a", 1.5, 0)}, f(0.25), nil, f(0.25), 2, 0, 2},
		{"bad weights count as 1", []Indicator{mk("x", "a", -4, 100), mk("y", "a", math.NaN(), 0), mk("z", "b", 1e9, 50)}, f(0.5), f(0.5), f(0.5), 2, 1, 3},
	}
	for _, tt := range tests {
		got := Progress(fw, tt.inds, fy24, afterFY, nil)
		pl := got.Pillars[0]
		a, b := pl.Objectives[0], pl.Objectives[1]
		if !sameNum(a.Progress, tt.a) || !sameNum(b.Progress, tt.b) || !sameNum(pl.Progress, tt.p) {
			t.Errorf("%s: progress a %s b %s pillar %s; want %s %s %s", tt.name, show(a.Progress), show(b.Progress), show(pl.Progress), show(tt.a), show(tt.b), show(tt.p))
		}
		if a.Weight != tt.wa || b.Weight != tt.wb || pl.Weight != tt.wp {
			t.Errorf("%s: weights %v %v %v; want %v %v %v", tt.name, a.Weight, b.Weight, pl.Weight, tt.wa, tt.wb, tt.wp)
		}
	}
}
