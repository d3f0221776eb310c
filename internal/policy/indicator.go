package policy

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

// Measure is what an indicator measures.
type Measure string

const (
	MeasureCount       Measure = registry.MeasureCount       // a whole number, 0 or more
	MeasurePercentage  Measure = registry.MeasurePercentage  // 0 to 100
	MeasureAmount      Measure = registry.MeasureAmount      // a sum of money or another quantity in Unit
	MeasureQualitative Measure = registry.MeasureQualitative // written updates, no number
)

// Measures lists the valid measures: registry.IndicatorMeasures.
var Measures = []Measure{MeasureCount, MeasurePercentage, MeasureAmount, MeasureQualitative}

// Direction is the way a quantitative indicator should move.
type Direction string

const (
	DirectionIncrease Direction = registry.DirectionIncrease // rise from the baseline to the target
	DirectionDecrease Direction = registry.DirectionDecrease // fall from the baseline to the target
	DirectionMaintain Direction = registry.DirectionMaintain // hold at least a level
)

// Directions lists the valid directions: registry.IndicatorDirections.
var Directions = []Direction{DirectionIncrease, DirectionDecrease, DirectionMaintain}

// FigVisits names the registry figure counting visits (engagements of kind
// visit, incoming and outgoing) from the start of the fiscal year that
// contains the date up to the date.
const FigVisits = registry.FigVisitsThisFiscalYear

// ComputedFigures lists the figures a computed indicator may name: every
// registry figure (registry.FigureNames: diplomatic_missions,
// countries_covered, honorary_consuls, memberships, agreements_in_force,
// visits_this_fiscal_year, ...).
var ComputedFigures = slices.Clone(registry.FigureNames)

// EvidenceKinds lists the record kinds evidence may cite as "kind:id".
var EvidenceKinds = registry.EvidenceKinds

// Limits on indicator data.
const (
	MaxValue  = 1e15 // the largest magnitude of a baseline, target or actual
	MaxWeight = 1000 // the largest roll-up weight
	maxUnit   = 20
	maxPerson = 100
	maxURL    = 2000
)

var reEvidenceRef = regexp.MustCompile(`^([a-z]+):([A-Za-z0-9][A-Za-z0-9._-]{0,99})$`)

// Indicator measures progress towards one objective of the framework.
//
// Periods (of the baseline, targets and actuals) are fiscal years or quarters
// (Period), all on fiscal years with the same start month.
type Indicator struct {
	ID        string         `json:"id"`
	Objective string         `json:"objective"` // the objective's id
	Title     registry.Names `json:"title"`
	Measure   Measure        `json:"measure"`
	Unit      string         `json:"unit,omitempty"`      // required for amounts, e.g. "USD"
	Direction Direction      `json:"direction,omitempty"` // quantitative indicators only
	Baseline  Baseline       `json:"baseline"`            // quantitative indicators only
	Targets   []Target       `json:"targets"`             // quantitative indicators only
	Actuals   []Actual       `json:"actuals"`
	// Computed names a figure of ComputedFigures when the indicator's actuals
	// come from the registry rather than from people; empty otherwise.
	Computed string `json:"computed,omitempty"`
	// Weight is the indicator's weight in its objective's roll-up; 0 means
	// the default, 1.
	Weight float64 `json:"weight,omitempty"`
	registry.Meta
}

// Baseline is the value an indicator starts from, and the period it was
// measured in.
type Baseline struct {
	Value  float64 `json:"value"`
	Period Period  `json:"period"`
}

// Target is the value an indicator should reach by the end of a period.
type Target struct {
	Period Period  `json:"period"`
	Value  float64 `json:"value"`
}

// Actual is a value reached in a period (quantitative indicators) or a
// written update (qualitative ones), with its evidence. Values are levels at
// the end of the period: for a count over a fiscal year, the count so far.
// Only approved actuals count towards progress.
type Actual struct {
	Period Period  `json:"period"`
	Value  float64 `json:"value"`          // quantitative indicators; 0 for qualitative ones
	Text   string  `json:"text,omitempty"` // the update (qualitative), or a comment
	// Evidence is an http(s) URL or a record reference "kind:id" with a kind
	// of EvidenceKinds, e.g. "agreement:rw-ae-bit-2017".
	Evidence   string    `json:"evidence"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
	ApprovedBy string    `json:"approved_by,omitempty"` // the policy officer who approved it
	ApprovedAt time.Time `json:"approved_at,omitzero"`
	// Late is set when the actual was recorded after its period had closed:
	// late updates are allowed, and the flag shows them in the audit and reports.
	Late bool `json:"late"`
}

// Approved reports whether the actual has been approved.
func (a Actual) Approved() bool { return a.ApprovedBy != "" && !a.ApprovedAt.IsZero() }

// weight returns the weight used in roll-ups: w when it is in (0, MaxWeight],
// otherwise 1 (the default for 0; Validate refuses the other values).
func weight(w float64) float64 {
	if w > 0 && w <= MaxWeight {
		return w
	}
	return 1
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

type problems struct {
	id     string
	fields []registry.FieldError
}

func (p *problems) add(field, format string, args ...any) {
	p.fields = append(p.fields, registry.FieldError{Entity: "indicator", ID: p.id, Field: field, Reason: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if len(p.fields) == 0 {
		return nil
	}
	return &registry.ValidationError{Fields: p.fields}
}

// Validate checks the indicator and returns a *registry.ValidationError
// naming every bad field with its reason, or nil. Fields are named as in the
// API: "measure", "baseline.value", "targets[2].period", "actuals[0].evidence".
func (ind Indicator) Validate() error {
	p := &problems{id: ind.ID}
	switch {
	case ind.ID == "":
		p.add("id", "is required")
	case len(ind.ID) > maxID || !reSlug.MatchString(ind.ID):
		p.add("id", "%q must be lower-case letters, digits and single hyphens, at most %d characters", ind.ID, maxID)
	}
	switch {
	case ind.Objective == "":
		p.add("objective", "is required")
	case len(ind.Objective) > maxID || !reSlug.MatchString(ind.Objective):
		p.add("objective", "%q is not an objective id", ind.Objective)
	}
	if ind.Title.EN == "" {
		p.add("title_en", "is required")
	}
	for _, c := range []struct{ field, v string }{
		{"title_en", ind.Title.EN}, {"title_fr", ind.Title.FR}, {"title_rw", ind.Title.RW}, {"title_sw", ind.Title.SW},
	} {
		checkLine(p, c.field, c.v, maxTitle)
	}
	if !slices.Contains(Measures, ind.Measure) {
		p.add("measure", "%q is not one of count, percentage, amount, qualitative", ind.Measure)
	}
	qual := ind.Measure == MeasureQualitative
	checkLine(p, "unit", ind.Unit, maxUnit)
	if ind.Measure == MeasureAmount && ind.Unit == "" {
		p.add("unit", "is required for an amount, e.g. USD")
	}
	switch {
	case qual && ind.Direction != "":
		p.add("direction", "must be empty: a qualitative indicator has no direction")
	case !qual && !slices.Contains(Directions, ind.Direction):
		p.add("direction", "%q is not one of increase, decrease, maintain", ind.Direction)
	}
	if !finite(ind.Weight) || ind.Weight < 0 || ind.Weight > MaxWeight {
		p.add("weight", "%g must be more than 0 and at most %d (leave it 0 for the default, 1)", ind.Weight, MaxWeight)
	}
	checkText(p, "source", ind.Source, maxText)
	checkText(p, "note", ind.Note, maxText)

	// All periods must use one fiscal-year start month: the first one set.
	var sm time.Month
	period := func(field string, per Period) {
		if r := periodProblem(per); r != "" {
			p.add(field, "%s", r)
			return
		}
		if sm == 0 {
			sm = per.FY.StartMonth
		} else if per.FY.StartMonth != sm {
			p.add(field, "%s is on fiscal years starting in %s, the indicator's other periods on fiscal years starting in %s", per, per.FY.StartMonth, sm)
		}
	}

	b := ind.Baseline
	if qual {
		if b != (Baseline{}) {
			p.add("baseline", "must be empty: a qualitative indicator has no baseline")
		}
		if len(ind.Targets) > 0 {
			p.add("targets", "must be empty: a qualitative indicator has no numeric targets")
		}
	} else {
		period("baseline.period", b.Period)
		checkValue(p, "baseline.value", ind.Measure, b.Value)
	}
	for i, t := range ind.Targets {
		if qual {
			break
		}
		f := fmt.Sprintf("targets[%d]", i)
		period(f+".period", t.Period)
		if j := slices.IndexFunc(ind.Targets[:i], func(o Target) bool { return o.Period == t.Period }); j >= 0 && !t.Period.IsZero() {
			p.add(f+".period", "%s already has a target (targets[%d])", t.Period, j)
		}
		if !b.Period.IsZero() && !t.Period.IsZero() && t.Period.End().First() <= b.Period.End().First() {
			p.add(f+".period", "%s does not end after the baseline period %s", t.Period, b.Period)
		}
		if checkValue(p, f+".value", ind.Measure, t.Value) && finite(b.Value) {
			switch {
			case ind.Direction == DirectionIncrease && t.Value <= b.Value:
				p.add(f+".value", "%g must be above the baseline %g for an increasing indicator (use maintain to hold a level)", t.Value, b.Value)
			case ind.Direction == DirectionDecrease && t.Value >= b.Value:
				p.add(f+".value", "%g must be below the baseline %g for a decreasing indicator (use maintain to hold a level)", t.Value, b.Value)
			}
		}
	}

	if ind.Computed != "" {
		switch {
		case !slices.Contains(ComputedFigures, ind.Computed):
			p.add("computed", "%q is not a figure the registry computes (%s)", ind.Computed, strings.Join(ComputedFigures, ", "))
		case ind.Measure != MeasureCount:
			p.add("computed", "a computed indicator counts: its measure must be count, not %q", ind.Measure)
		}
		if len(ind.Actuals) > 0 {
			p.add("actuals", "must be empty: a computed indicator takes its actuals from the registry")
		}
	}
	for i, a := range ind.Actuals {
		if ind.Computed != "" {
			break
		}
		f := fmt.Sprintf("actuals[%d]", i)
		period(f+".period", a.Period)
		ind.checkActual(p, f, a)
		if a.RecordedAt.IsZero() {
			p.add(f+".recorded_at", "is required")
		} else if periodProblem(a.Period) == "" {
			if !a.Period.begun(a.RecordedAt) {
				p.add(f+".period", "%s had not begun when the actual was recorded (%s)", a.Period, a.RecordedAt.UTC().Format(time.DateOnly))
			}
			if late := a.Period.Closed(a.RecordedAt); a.Late != late {
				p.add(f+".late", "must be %t: the actual was recorded %s, the period %s ended %s", late, a.RecordedAt.UTC().Format(time.DateOnly), a.Period, a.Period.End())
			}
		}
		switch {
		case (a.ApprovedBy == "") != a.ApprovedAt.IsZero():
			p.add(f+".approved_by", "approval needs both the approver and the time")
		case !a.ApprovedAt.IsZero() && !a.RecordedAt.IsZero() && a.ApprovedAt.Before(a.RecordedAt):
			p.add(f+".approved_at", "is before the actual was recorded")
		}
		checkLine(p, f+".approved_by", a.ApprovedBy, maxPerson)
	}
	return p.err()
}

// checkActual checks what an actual says against the indicator: its value or
// text, its evidence and who recorded it.
func (ind Indicator) checkActual(p *problems, f string, a Actual) {
	if ind.Measure == MeasureQualitative {
		if a.Value != 0 {
			p.add(f+".value", "must be 0: a qualitative indicator's update is text")
		}
		if strings.TrimSpace(a.Text) == "" {
			p.add(f+".text", "is required: it is the update")
		}
	} else {
		checkValue(p, f+".value", ind.Measure, a.Value)
	}
	checkText(p, f+".text", a.Text, maxText)
	if r := evidenceProblem(a.Evidence); r != "" {
		p.add(f+".evidence", "%s", r)
	}
	if a.RecordedBy == "" {
		p.add(f+".recorded_by", "is required")
	}
	checkLine(p, f+".recorded_by", a.RecordedBy, maxPerson)
}

// checkValue checks a baseline, target or actual value for the measure and
// reports whether it is good.
func checkValue(p *problems, field string, m Measure, v float64) bool {
	n := len(p.fields)
	switch {
	case !finite(v):
		p.add(field, "is not a number")
	case math.Abs(v) > MaxValue:
		p.add(field, "%g is larger than %g in magnitude", v, MaxValue)
	case m == MeasureCount && v < 0:
		p.add(field, "%g: a count cannot be negative", v)
	case m == MeasureCount && v != math.Trunc(v):
		p.add(field, "%g: a count is a whole number", v)
	case m == MeasurePercentage && (v < 0 || v > 100):
		p.add(field, "%g: a percentage is from 0 to 100", v)
	}
	return len(p.fields) == n
}

// evidenceProblem says why e is not evidence, or "".
func evidenceProblem(e string) string {
	switch {
	case e == "":
		return "is required: an http(s) URL or a record reference such as engagement:ID"
	case strings.ContainsFunc(e, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return "must not contain spaces or control characters"
	}
	lower := strings.ToLower(e)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		if len(e) > maxURL {
			return fmt.Sprintf("is longer than %d characters", maxURL)
		}
		u, err := url.Parse(e)
		if err != nil || u.Host == "" {
			return fmt.Sprintf("%q is not a valid URL", e)
		}
		return ""
	}
	m := reEvidenceRef.FindStringSubmatch(e)
	if m == nil {
		return fmt.Sprintf("%q is neither an http(s) URL nor a record reference kind:id (kinds: %s)", e, strings.Join(EvidenceKinds, ", "))
	}
	if !slices.Contains(EvidenceKinds, m[1]) {
		return fmt.Sprintf("%q cites a %q, which is not one of %s", e, m[1], strings.Join(EvidenceKinds, ", "))
	}
	return ""
}

// checkText checks free text: a length limit and no NUL or carriage return.
func checkText(p *problems, field, v string, limit int) {
	if len(v) > limit {
		p.add(field, "is longer than %d characters", limit)
	}
	if strings.ContainsAny(v, "\x00\r") {
		p.add(field, "contains a control character")
	}
}

// checkLine checks a one-line value: a length limit and no control character.
func checkLine(p *problems, field, v string, limit int) {
	if len(v) > limit {
		p.add(field, "is longer than %d characters", limit)
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		p.add(field, "must be one line without control characters")
	}
}
