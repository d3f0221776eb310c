package policy

import (
	"math"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

// Status says whether an indicator, objective or pillar is where it should be.
type Status string

const (
	StatusOnTrack  Status = "on_track"
	StatusAtRisk   Status = "at_risk"
	StatusOffTrack Status = "off_track"
	StatusUnknown  Status = "unknown" // progress unknown, or a qualitative indicator
)

// The margins of the status rule, below the expected progress.
const (
	OnTrackMargin = 0.10
	AtRiskMargin  = 0.25
)

// tolerance absorbs rounding so that a progress exactly on a threshold counts
// as reaching it.
const tolerance = 1e-9

// StatusFor applies the status rule to progress and expected (both from 0 to
// 1): on track when progress >= expected - OnTrackMargin, at risk when
// progress >= expected - AtRiskMargin, off track otherwise; unknown when
// either is not a number. A value exactly on a threshold reaches it.
func StatusFor(progress, expected float64) Status {
	switch {
	case math.IsNaN(progress) || math.IsNaN(expected):
		return StatusUnknown
	case progress >= expected-OnTrackMargin-tolerance:
		return StatusOnTrack
	case progress >= expected-AtRiskMargin-tolerance:
		return StatusAtRisk
	}
	return StatusOffTrack
}

// Values returns the registry figure named figure (one of ComputedFigures) as
// of the date of at in UTC; ok is false when it is unknown.
type Values func(figure string, at time.Time) (value float64, ok bool)

// IndicatorProgress is one indicator's standing in a period. Nil numbers are
// unknown.
type IndicatorProgress struct {
	Indicator string `json:"indicator"`
	// Objective is the indicator's objective; in a roll-up, the objective it
	// counts under: the framework's objective of its objective's lineage.
	Objective string    `json:"objective"`
	Measure   Measure   `json:"measure"`
	Unit      string    `json:"unit,omitempty"`
	Direction Direction `json:"direction,omitempty"`
	Period    Period    `json:"period"`
	Weight    float64   `json:"weight"` // the weight used in the roll-up
	Baseline  *float64  `json:"baseline"`
	Value     *float64  `json:"value"`
	// ValuePeriod is the period of the actual used, or Period for a computed value.
	ValuePeriod Period   `json:"value_period,omitzero"`
	Computed    bool     `json:"computed"`
	Target      *float64 `json:"target"` // for maintain: the level held
	// TargetPeriod is the period of the target used; zero when a maintain
	// indicator holds its baseline.
	TargetPeriod Period   `json:"target_period,omitzero"`
	Progress     *float64 `json:"progress"`
	Expected     *float64 `json:"expected"`
	Met          bool     `json:"met"` // the value has reached the target
	Status       Status   `json:"status"`
	Updates      int      `json:"updates"` // approved qualitative updates in the period
	Pending      int      `json:"pending"` // actuals in the period awaiting approval
	Late         int      `json:"late"`    // actuals in the period recorded after it closed
}

// Summary is the roll-up of a group of indicators. Nil numbers are unknown.
type Summary struct {
	Progress   *float64 `json:"progress"` // weighted mean of the known progress
	Expected   *float64 `json:"expected"` // weighted mean of their expected progress
	Status     Status   `json:"status"`
	Weight     float64  `json:"weight"`     // total weight of the indicators with known progress
	Indicators int      `json:"indicators"` // quantitative indicators
	Known      int      `json:"known"`      // of which with known progress
	Coverage   *float64 `json:"coverage"`   // Known / Indicators; nil when there are none
	Updates    int      `json:"updates"`    // approved qualitative updates
}

// ObjectiveProgress is an objective's roll-up, with its indicators in the
// order given.
type ObjectiveProgress struct {
	Objective string `json:"objective"`
	Pillar    string `json:"pillar"`
	Summary
	Items []IndicatorProgress `json:"items"`
}

// PillarProgress is a pillar's roll-up, with its objectives in order.
type PillarProgress struct {
	Pillar string `json:"pillar"`
	Summary
	Objectives []ObjectiveProgress `json:"objectives"`
}

// FrameworkProgress is the whole framework's roll-up for a period.
// Unassigned lists the indicators whose objective is not in the framework,
// nor of the lineage of one of its objectives; they are in no roll-up.
type FrameworkProgress struct {
	Policy string `json:"policy"`
	Period Period `json:"period"`
	Summary
	Pillars    []PillarProgress    `json:"pillars"`
	Unassigned []IndicatorProgress `json:"unassigned"`
}

// Progress rolls the indicators up through the framework for period, judged
// at now, taking computed values from values (nil: computed values are
// unknown). fw may be nil: every indicator is then unassigned. The rules
// below are the ones the annual report and the portal quote.
//
// Evaluation date. A period is judged as of its last day once it has closed,
// and as of today (now, in UTC) while it is open. A period that has not begun
// has no value and so no progress.
//
// Value. The value of an indicator for period P is, for a computed indicator,
// the registry figure supplied by Values at the evaluation date; otherwise the
// latest approved actual for P or for a quarter within P (latest by the end of
// its period, then by the time it was recorded, so a later correction wins).
// Unapproved actuals do not count (they are reported as pending); actuals are
// not carried forward from an earlier period.
//
// Target. The target that applies to P is the target set for P; else the next
// target due: the one whose period ends first on or after P's last day, so
// that a quarter takes its fiscal year's target and a year the target of a
// later year; else the latest target whose period ended before P's last day
// (carried forward). Of two ending the same day, the one that starts first
// (the fiscal year rather than its last quarter) is taken.
//
// Progress, from 0 to 1, for value v, baseline b and target t:
//   - increase: (v-b)/(t-b); when t <= b, 1 if v >= t, else 0;
//   - decrease: (b-v)/(b-t); when t >= b, 1 if v <= t, else 0;
//   - maintain: the level L to hold is the applicable target, or the baseline
//     when there is none; 1 when v >= L, else v/L when both are positive,
//     else 0.
//
// The result is clamped to [0, 1]. Without a value, or without a target (other
// than for maintain), progress is unknown: it is never counted as zero.
//
// Expected, from 0 to 1: the share of the time from the end of the baseline
// period to the end of the target period that has elapsed at the evaluation
// date (when the baseline period is missing, time runs from the day before the
// target period starts; a target period that does not end after the baseline
// period gives 1). For maintain the level must
// hold all along: expected is 1.
//
// Status: StatusFor(progress, expected). A target met gives progress 1, so an
// indicator that met its target is on track. Qualitative indicators have
// neither progress nor status: they report the number of approved updates in
// P.
//
// Roll-up. An objective's indicators are those naming it or another
// objective of its lineage (Lineage: the objective it continues from an
// earlier version, or one continuing it in a later one) when fw was built
// from the data set. An objective's progress is the weighted mean of the
// known progress of its quantitative indicators (weights from
// Indicator.Weight); indicators
// with unknown progress are left out, not counted as zero, and coverage (the
// share of quantitative indicators whose progress is known) is reported beside
// it. A pillar's progress is the weighted mean of its objectives' progress,
// each weighted by the total weight of its indicators with known progress:
// that is the weighted mean over all of the pillar's indicators; the framework
// is rolled up from its pillars the same way. Expected is rolled up with the
// same weights, and a group's status is StatusFor(progress, expected).
// Qualitative updates are summed as counts.
func Progress(fw *Framework, indicators []Indicator, period Period, now time.Time, values Values) FrameworkProgress {
	fp := FrameworkProgress{Period: period, Pillars: []PillarProgress{}, Unassigned: []IndicatorProgress{}}
	byObjective := map[string][]IndicatorProgress{}
	if fw != nil {
		fp.Policy = fw.Policy.ID
		for _, pl := range fw.Pillars {
			for _, o := range pl.Objectives {
				byObjective[o.ID] = []IndicatorProgress{}
			}
		}
	}
	for _, ind := range indicators {
		ip := ind.Progress(period, now, values)
		o := ind.Objective
		if _, ok := byObjective[o]; !ok && fw != nil {
			o = fw.lineage[o] // an objective of another version, continued by one of fw
		}
		if list, ok := byObjective[o]; ok {
			ip.Objective = o
			byObjective[o] = append(list, ip)
		} else {
			fp.Unassigned = append(fp.Unassigned, ip)
		}
	}
	var all tally
	if fw != nil {
		for _, pl := range fw.Pillars {
			pp := PillarProgress{Pillar: pl.ID, Objectives: []ObjectiveProgress{}}
			var pt tally
			for _, o := range pl.Objectives {
				var ot tally
				for _, ip := range byObjective[o.ID] {
					ot.add(ip)
				}
				pp.Objectives = append(pp.Objectives, ObjectiveProgress{
					Objective: o.ID, Pillar: pl.ID, Summary: ot.summary(), Items: byObjective[o.ID],
				})
				pt.merge(ot)
			}
			pp.Summary = pt.summary()
			fp.Pillars = append(fp.Pillars, pp)
			all.merge(pt)
		}
	}
	fp.Summary = all.summary()
	return fp
}

// tally accumulates a roll-up.
type tally struct {
	w, wp, we                float64 // total weight, weighted progress and weighted expected, over known progress
	indicators, known, notes int
}

func (t *tally) add(ip IndicatorProgress) {
	if ip.Measure == MeasureQualitative {
		t.notes += ip.Updates
		return
	}
	t.indicators++
	if ip.Progress == nil || ip.Expected == nil {
		return
	}
	t.known++
	t.w += ip.Weight
	t.wp += ip.Weight * *ip.Progress
	t.we += ip.Weight * *ip.Expected
}

func (t *tally) merge(o tally) {
	t.w += o.w
	t.wp += o.wp
	t.we += o.we
	t.indicators += o.indicators
	t.known += o.known
	t.notes += o.notes
}

func (t tally) summary() Summary {
	s := Summary{Status: StatusUnknown, Weight: t.w, Indicators: t.indicators, Known: t.known, Updates: t.notes}
	if t.indicators > 0 {
		s.Coverage = ptr(float64(t.known) / float64(t.indicators))
	}
	if t.w > 0 {
		p, e := clamp(t.wp/t.w), clamp(t.we/t.w)
		s.Progress, s.Expected = &p, &e
		s.Status = StatusFor(p, e)
	}
	return s
}

// Progress returns the indicator's standing in period, judged at now, by the
// rules of the function Progress. values supplies computed figures (nil: unknown).
func (ind Indicator) Progress(period Period, now time.Time, values Values) IndicatorProgress {
	ip := IndicatorProgress{
		Indicator: ind.ID, Objective: ind.Objective, Measure: ind.Measure, Unit: ind.Unit,
		Direction: ind.Direction, Period: period, Weight: weight(ind.Weight), Status: StatusUnknown,
		Computed: ind.Computed != "",
	}
	if periodProblem(period) != "" {
		return ip
	}
	qual := ind.Measure == MeasureQualitative
	best := -1
	for i, a := range ind.Actuals {
		if ip.Computed || !period.Contains(a.Period) {
			continue
		}
		if a.Late {
			ip.Late++
		}
		switch {
		case !a.Approved():
			ip.Pending++
		case qual:
			ip.Updates++
		case finite(a.Value) && (best < 0 || supersedes(a, ind.Actuals[best])):
			best = i
		}
	}
	if qual {
		return ip
	}
	b := ind.Baseline
	if finite(b.Value) {
		ip.Baseline = ptr(b.Value)
	}

	closed := period.Closed(now)
	eval := utcDay(now)
	if closed {
		eval = period.End()
	}
	switch {
	case !period.begun(now):
	case ip.Computed:
		if values != nil {
			at := now
			if closed {
				at = midnight(period.End())
			}
			if v, ok := values(ind.Computed, at); ok && finite(v) {
				ip.Value, ip.ValuePeriod = ptr(v), period
			}
		}
	case best >= 0:
		a := ind.Actuals[best]
		ip.Value, ip.ValuePeriod = ptr(a.Value), a.Period
	}

	t, ok := ind.target(period)
	if ok {
		ip.Target, ip.TargetPeriod = ptr(t.Value), t.Period
	}
	if ind.Direction == DirectionMaintain {
		if !ok && ip.Baseline != nil {
			ip.Target = ip.Baseline
		}
		if ip.Target != nil {
			ip.Expected = ptr(1)
		}
	} else if ok {
		var origin registry.Date
		if periodProblem(b.Period) == "" {
			origin = b.Period.End()
		} else {
			origin = registry.DateOf(midnight(t.Period.Start()).AddDate(0, 0, -1))
		}
		ip.Expected = ptr(elapsed(origin, t.Period.End(), eval))
	}
	if ip.Value == nil || ip.Target == nil || ip.Expected == nil {
		return ip
	}
	base := 0.0 // not used by maintain, which holds the target level
	if ip.Baseline != nil {
		base = *ip.Baseline
	} else if ind.Direction != DirectionMaintain {
		return ip
	}
	p, met := progress(ind.Direction, *ip.Value, base, *ip.Target)
	if math.IsNaN(p) {
		return ip
	}
	ip.Progress, ip.Met = &p, met
	ip.Status = StatusFor(p, *ip.Expected)
	return ip
}

// supersedes reports whether actual a supersedes actual b: its period ends
// later, or on the same day and a was recorded at the same time or later (so
// that, of two equals, the one listed last wins).
func supersedes(a, b Actual) bool {
	ae, be := a.Period.End().First(), b.Period.End().First()
	if ae != be {
		return ae > be
	}
	return !a.RecordedAt.Before(b.RecordedAt)
}

// target returns the target that applies to period p (see Progress).
func (ind Indicator) target(p Period) (Target, bool) {
	pEnd := p.End().First()
	exact, next, before := -1, -1, -1
	for i, t := range ind.Targets {
		if t.Period.IsZero() || !finite(t.Value) {
			continue
		}
		switch {
		case t.Period == p:
			exact = i
		case t.Period.End().First() >= pEnd:
			if next < 0 || preferred(t.Period, ind.Targets[next].Period, true) {
				next = i
			}
		case before < 0 || preferred(t.Period, ind.Targets[before].Period, false):
			before = i
		}
	}
	for _, i := range []int{exact, next, before} {
		if i >= 0 {
			return ind.Targets[i], true
		}
	}
	return Target{}, false
}

// preferred reports whether a target for period a is preferred to one for b:
// when choosing the next target due (soonest), the one ending first; when
// choosing the one carried forward, the one ending last. Of two ending the
// same day, the one that starts first (a fiscal year rather than its last
// quarter) is preferred.
func preferred(a, b Period, soonest bool) bool {
	ae, be := a.End().First(), b.End().First()
	if ae != be {
		return (ae < be) == soonest
	}
	return a.Start().First() < b.Start().First()
}

// elapsed returns the share of the time from origin to deadline that has
// passed at eval, in [0, 1]; 1 when the deadline is not after the origin.
func elapsed(origin, deadline, eval registry.Date) float64 {
	o, d, e := midnight(origin).Unix(), midnight(deadline).Unix(), midnight(eval).Unix()
	if d <= o {
		return 1
	}
	return clamp(float64(e-o) / float64(d-o))
}

// progress returns the progress from baseline b to target t at value v, by
// direction (maintain holds the level t), and whether the target is met. It
// is NaN for an unknown direction or when the arithmetic overflows.
func progress(dir Direction, v, b, t float64) (float64, bool) {
	switch dir {
	case DirectionIncrease:
		if t <= b {
			return step(v >= t), v >= t
		}
		return clamp((v - b) / (t - b)), v >= t
	case DirectionDecrease:
		if t >= b {
			return step(v <= t), v <= t
		}
		return clamp((b - v) / (b - t)), v <= t
	case DirectionMaintain:
		switch {
		case v >= t:
			return 1, true
		case v > 0 && t > 0:
			return clamp(v / t), false
		}
		return 0, false
	}
	return math.NaN(), false
}

func step(ok bool) float64 {
	if ok {
		return 1
	}
	return 0
}

// clamp limits x to [0, 1], keeping NaN.
func clamp(x float64) float64 {
	switch {
	case x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}

func ptr(x float64) *float64 { return &x }
