package policy

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/chancery-org/chancery/internal/registry"
)

// IndicatorsFromDataset returns the data set's indicators (registry.Indicator)
// with their targets and their actuals (registry.IndicatorActual), periods on
// the fiscal years the data set's settings start, in the data set's order.
//
// A quantitative indicator whose baseline value is unknown (nil) gets NaN,
// which Progress reports as unknown; a computed indicator's baseline comes
// from the registry (WithComputedBaselines). An actual keeps its recording
// and approval; it is Late when it was recorded after its period closed, and
// counts towards progress only once approved (Progress). A quantitative
// actual without a value gets NaN and so never counts. Actuals are listed by
// the end of their period, then by when they were recorded.
//
// The store validates every record, so every period parses. Should one not
// (a data set that was never validated), the baseline, target or actual
// holding it is left out, the rest is returned, and the error, a
// *registry.ValidationError, names each record and field left out.
func IndicatorsFromDataset(ds *registry.Dataset) ([]Indicator, error) {
	sm := ds.Settings.FiscalYearStartMonth()
	var problems []registry.FieldError
	bad := func(entity, id, field string, err error) {
		problems = append(problems, registry.FieldError{Entity: entity, ID: id, Field: field, Reason: err.Error()})
	}
	out := make([]Indicator, 0, len(ds.Indicators))
	index := make(map[string]int, len(ds.Indicators))
	for i := range ds.Indicators {
		r := &ds.Indicators[i]
		ind := Indicator{
			ID: r.ID, Objective: r.Objective, Title: r.Title, Measure: Measure(r.Measure), Unit: r.Unit,
			Direction: Direction(r.Direction), Computed: r.Computed, Weight: r.Weight,
			Targets: []Target{}, Actuals: []Actual{}, Meta: r.Meta,
		}
		if ind.Measure != MeasureQualitative {
			if r.BaselinePeriod != "" {
				p, err := ParsePeriod(r.BaselinePeriod, sm)
				if err != nil {
					bad("indicator", r.ID, "baseline_period", err)
				}
				ind.Baseline.Period = p
			}
			switch {
			case r.BaselineValue != nil:
				ind.Baseline.Value = *r.BaselineValue
			case r.Computed == "":
				ind.Baseline.Value = math.NaN()
			}
			for j, t := range r.Targets {
				p, err := ParsePeriod(t.Period, sm)
				if err != nil || p.IsZero() {
					bad("indicator", r.ID, fmt.Sprintf("targets[%d].period", j), cmp.Or(err, errNoPeriod))
					continue
				}
				ind.Targets = append(ind.Targets, Target{Period: p, Value: t.Value})
			}
		}
		index[ind.ID] = len(out)
		out = append(out, ind)
	}
	for i := range ds.IndicatorActuals {
		a := &ds.IndicatorActuals[i]
		j, ok := index[a.Indicator]
		if !ok {
			continue
		}
		ind := &out[j]
		p, err := ParsePeriod(a.Period, sm)
		if err != nil || p.IsZero() {
			bad("indicator_actual", a.ID, "period", cmp.Or(err, errNoPeriod))
			continue
		}
		act := Actual{Period: p, Text: a.Text, Evidence: a.Evidence, RecordedAt: a.RecordedAt.Time,
			RecordedBy: a.RecordedBy, ApprovedAt: a.ApprovedAt.Time, ApprovedBy: a.ApprovedBy}
		switch {
		case a.Value != nil:
			act.Value = *a.Value
		case ind.Measure != MeasureQualitative:
			act.Value = math.NaN()
		}
		act.Late, _ = a.Late(sm)
		ind.Actuals = append(ind.Actuals, act)
	}
	for i := range out {
		slices.SortStableFunc(out[i].Actuals, func(a, b Actual) int {
			return cmp.Or(cmp.Compare(a.Period.End().First(), b.Period.End().First()), a.RecordedAt.Compare(b.RecordedAt))
		})
	}
	if len(problems) > 0 {
		return out, &registry.ValidationError{Fields: problems}
	}
	return out, nil
}

// errNoPeriod is the reason given for an empty period.
var errNoPeriod = fmt.Errorf("is required: a fiscal year or a quarter")
