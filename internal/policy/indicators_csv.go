package policy

import (
	"errors"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/registry"
)

// IndicatorsFile is the name of the data file LoadIndicators reads: the
// definitions of the indicators, one per row. Columns:
//
//	id               stable lower-case slug, unique in the file
//	objective        the id of the objective it measures (policy.csv)
//	measure          count, percentage, amount or qualitative
//	unit             the unit of an amount (e.g. USD); empty otherwise
//	direction        increase, decrease or maintain (empty for qualitative)
//	computed         a registry figure the values come from (e.g.
//	                 diplomatic_missions; see ComputedFigures), or empty
//	baseline_period  the fiscal year or quarter of the baseline, e.g.
//	                 2024-2025 or 2024-2025 Q4 (empty: no baseline)
//	baseline_value   the baseline; must be empty for a computed indicator,
//	                 whose baseline is the registry's figure at the end of
//	                 baseline_period
//	targets          targets as PERIOD=VALUE separated by ';', e.g.
//	                 "2026-2027=52;2028-2029=55" (empty: none set)
//	weight           the indicator's weight in its objective (empty: 1)
//	title_en         short label; required
//	title_fr, title_rw, title_sw
//	                 the label in the other languages; empty when none is
//	                 attested (English is shown)
//	source, last_verified, note
//	                 as in every data file; source is required
//
// Actuals are not in the file: computed indicators take theirs from the
// registry, the others are recorded by policy officers.
const IndicatorsFile = "indicators.csv"

var indicatorColumns = []string{"id", "objective", "measure", "unit", "direction", "computed", "baseline_period",
	"baseline_value", "targets", "weight", "title_en", "title_fr", "title_rw", "title_sw", "source", "last_verified", "note"}

// LoadIndicators reads IndicatorsFile from fsys and checks every row against
// Indicator.Validate and the framework fw (the objective must exist), with
// periods on fiscal years starting in startMonth. A bad file gives an *Error
// listing every problem with its line and field; nothing is returned with
// it. When the file does not exist the error satisfies
// errors.Is(err, fs.ErrNotExist).
func LoadIndicators(fsys fs.FS, fw *Framework, startMonth time.Month) ([]Indicator, error) {
	f, err := fsys.Open(IndicatorsFile)
	if err != nil {
		return nil, err
	}
	recs, err := csvfile.Read(IndicatorsFile, f, indicatorColumns, nil)
	f.Close()
	if err != nil {
		var ce *csvfile.Error
		if !errors.As(err, &ce) {
			ce = &csvfile.Error{File: IndicatorsFile, Reason: err.Error()}
		}
		return nil, &Error{File: IndicatorsFile, Problems: []*csvfile.Error{ce}}
	}
	l := &loader{}
	inds := make([]Indicator, 0, len(recs))
	seen := map[string]int{} // id -> line
	for _, rec := range recs {
		ind, ok := l.indicator(rec, startMonth)
		if !ok {
			continue
		}
		if line, dup := seen[ind.ID]; dup {
			l.fail(rec.Errorf("id", "%q is already used on line %d", ind.ID, line))
			continue
		}
		seen[ind.ID] = rec.Line
		if fw == nil || fw.Objective(ind.Objective) == nil {
			l.fail(rec.Errorf("objective", "%q is not an objective of %s", ind.Objective, FileName))
			continue
		}
		inds = append(inds, ind)
	}
	if len(l.problems) > 0 {
		return nil, &Error{File: IndicatorsFile, Problems: l.problems}
	}
	return inds, nil
}

// indicator parses one row; ok is false when it has problems (reported to l).
func (l *loader) indicator(rec csvfile.Row, startMonth time.Month) (Indicator, bool) {
	before := len(l.problems)
	ind := Indicator{
		ID:        rec.Get("id"),
		Objective: rec.Get("objective"),
		Title:     registry.Names{EN: rec.Get("title_en"), FR: rec.Get("title_fr"), RW: rec.Get("title_rw"), SW: rec.Get("title_sw")},
		Measure:   Measure(rec.Get("measure")),
		Unit:      rec.Get("unit"),
		Direction: Direction(rec.Get("direction")),
		Computed:  rec.Get("computed"),
		Meta:      registry.Meta{Source: rec.Get("source"), Note: rec.Get("note")},
	}
	ind.LastVerified = l.date(rec, "last_verified")
	if ind.Source == "" {
		l.fail(rec.Errorf("source", "is required"))
	}
	if s := rec.Get("baseline_period"); s != "" {
		p, err := ParsePeriod(s, startMonth)
		if err != nil {
			l.fail(rec.Errorf("baseline_period", "%v", err))
		}
		ind.Baseline.Period = p
	}
	if s := rec.Get("baseline_value"); s != "" {
		switch v, err := strconv.ParseFloat(s, 64); {
		case ind.Computed != "":
			l.fail(rec.Errorf("baseline_value", "must be empty: a computed indicator's baseline is the registry's figure at the end of baseline_period"))
		case err != nil:
			l.fail(rec.Errorf("baseline_value", "%q is not a number", s))
		default:
			ind.Baseline.Value = v
		}
	}
	if s := rec.Get("targets"); s != "" {
		for part := range strings.SplitSeq(s, ";") {
			period, value, ok := strings.Cut(strings.TrimSpace(part), "=")
			if !ok {
				l.fail(rec.Errorf("targets", "%q is not PERIOD=VALUE", part))
				continue
			}
			p, err := ParsePeriod(strings.TrimSpace(period), startMonth)
			if err != nil {
				l.fail(rec.Errorf("targets", "%q: %v", part, err))
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
			if err != nil {
				l.fail(rec.Errorf("targets", "%q: %q is not a number", part, value))
				continue
			}
			ind.Targets = append(ind.Targets, Target{Period: p, Value: v})
		}
	}
	if s := rec.Get("weight"); s != "" {
		w, err := strconv.ParseFloat(s, 64)
		if err != nil {
			l.fail(rec.Errorf("weight", "%q is not a number", s))
		}
		ind.Weight = w
	}
	if len(l.problems) > before {
		return ind, false
	}
	if err := ind.Validate(); err != nil {
		var ve *registry.ValidationError
		if !errors.As(err, &ve) {
			l.fail(rec.Errorf("id", "%v", err))
			return ind, false
		}
		for _, fe := range ve.Fields {
			l.fail(rec.Errorf(column(fe.Field), "%s", fe.Reason))
		}
		return ind, false
	}
	return ind, true
}

// column maps a field Validate names (targets[1].value, baseline.period,
// title.en) to the file's column.
func column(field string) string {
	head, _, _ := strings.Cut(field, "[")
	head, rest, _ := strings.Cut(head, ".")
	switch head {
	case "baseline":
		if slices.Contains([]string{"period", "value"}, rest) {
			return "baseline_" + rest
		}
	case "title":
		if rest != "" {
			return "title_" + rest
		}
	}
	return head
}
