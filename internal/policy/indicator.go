package policy

import (
	"math"
	"slices"
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

// ComputedFigures lists the figures a computed indicator may name: every
// registry figure (registry.FigureNames: diplomatic_missions,
// countries_covered, honorary_consuls, memberships, agreements_in_force,
// visits_this_fiscal_year, ...).
var ComputedFigures = slices.Clone(registry.FigureNames)

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
	// of registry.EvidenceKinds, e.g. "agreement:rw-ae-bit-2017".
	Evidence   string    `json:"evidence"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
	ApprovedBy string    `json:"approved_by,omitempty"` // the policy officer who approved it
	ApprovedAt time.Time `json:"approved_at,omitzero"`
	// Late is set when the actual was recorded after its period had closed
	// (registry.IndicatorActual.Late): late updates are allowed, and the flag
	// shows them in the audit and reports.
	Late bool `json:"late"`
}

// Approved reports whether the actual has been approved.
func (a Actual) Approved() bool { return a.ApprovedBy != "" && !a.ApprovedAt.IsZero() }

// weight returns the weight used in roll-ups: w when it is in (0,
// registry.MaxIndicatorWeight], otherwise 1 (the default for 0; the registry
// refuses the other values).
func weight(w float64) float64 {
	if w > 0 && w <= registry.MaxIndicatorWeight {
		return w
	}
	return 1
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
