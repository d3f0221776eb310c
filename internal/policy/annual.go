package policy

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

// AnnualReport is the implementation report of the policy for one fiscal
// year: the registry's headline figures at the year's start and end, the
// progress of every indicator, objective and pillar, and the agreements
// signed and entered into force during the year. The portal renders it as
// HTML and PDF, the API as JSON.
type AnnualReport struct {
	FiscalYear FiscalYear `json:"-"`
	// Year is the fiscal year as written, e.g. "2025-2026".
	Year  string        `json:"fiscal_year"`
	Start registry.Date `json:"start"` // the year's first day
	End   registry.Date `json:"end"`   // its last day
	// AsOf is the day the report's figures are taken on: the year's last day
	// once it has closed, else today; Open says the year has not closed.
	AsOf registry.Date `json:"as_of"`
	Open bool          `json:"open"`
	// Revision is the registry revision the report was computed from.
	Revision int64 `json:"revision"`
	// Figures are the registry's headline figures on the day before the year
	// began and on AsOf.
	Figures    []FigureChange    `json:"figures"`
	Progress   FrameworkProgress `json:"progress"`
	Agreements AgreementsOfYear  `json:"agreements"`

	// fw and inds are what the report was built from.
	fw   *Framework
	inds []Indicator
}

// Framework returns the framework the report was built from (nil when none
// was in force), for the titles of its pillars and objectives.
func (r *AnnualReport) Framework() *Framework { return r.fw }

// Indicators returns the indicators the report was built from, for their
// titles and units.
func (r *AnnualReport) Indicators() []Indicator { return r.inds }

// FigureChange is one headline figure at the start of the year and on the
// report's AsOf day.
type FigureChange struct {
	Name   string `json:"name"`
	Before int    `json:"before"` // on the day before the year began
	After  int    `json:"after"`  // on AsOf
	Change int    `json:"change"` // After - Before
}

// AgreementsOfYear lists the agreements whose signature or entry into force
// fell in the year (a date known only to its month or year counts in the
// year holding its first day), newest first, and counts those in force on
// AsOf.
type AgreementsOfYear struct {
	Signed           []*registry.Agreement `json:"signed"`
	EnteredIntoForce []*registry.Agreement `json:"entered_into_force"`
	InForce          int                   `json:"in_force"`
}

// ReportFigures lists the headline figures an annual report compares, in the
// order shown.
var ReportFigures = []string{
	registry.FigDiplomaticMissions, registry.FigConsularPosts, registry.FigCountriesCovered,
	registry.FigHonoraryConsuls, registry.FigHonoraryConsulCountries, registry.FigMemberships,
	registry.FigForeignMissionsResident, registry.FigForeignMissionsAccredited, registry.FigAgreementsInForce,
}

// RegistryValues returns Values reading the registry's headline figures:
// figure is a registry figure name, taken on the UTC day of at. The figures of each day
// are computed once, however many indicators read them; the Values returned
// is for one goroutine.
func RegistryValues(reg *registry.Registry) Values {
	byDay := map[registry.Date]*registry.Figures{}
	return func(figure string, at time.Time) (float64, bool) {
		day := registry.DateOf(at.UTC())
		figs := byDay[day]
		if figs == nil {
			figs = reg.Figures(day)
			byDay[day] = figs
		}
		f, ok := figs.Get(figure)
		if !ok {
			return 0, false
		}
		return float64(f.Value), true
	}
}

// WithComputedBaselines returns inds with the baseline value of every
// computed indicator set from values at the end of its baseline period: a
// computed indicator's baseline, like its actuals, comes from the registry.
// When the figure is unknown then (or values is nil) the baseline value is
// NaN, which Progress reports as unknown. Indicators whose baseline period is
// unset keep the value they have. inds is not changed.
func WithComputedBaselines(inds []Indicator, values Values) []Indicator {
	out := slices.Clone(inds)
	for i := range out {
		ind := &out[i]
		if ind.Computed == "" || ind.Baseline.Period.IsZero() {
			continue
		}
		ind.Baseline.Value = math.NaN()
		if values == nil {
			continue
		}
		if v, ok := values(ind.Computed, midnight(ind.Baseline.Period.End())); ok {
			ind.Baseline.Value = v
		}
	}
	return out
}

// ReportDay returns the day a report of fy judged at now takes its figures
// on: the year's last day once it has closed, else today, or the year's
// first day when it has not begun.
func ReportDay(fy FiscalYear, now time.Time) registry.Date {
	if (Period{FY: fy}).Closed(now) {
		return fy.End()
	}
	if d := utcDay(now); d.First() >= fy.Start().First() {
		return d
	}
	return fy.Start()
}

// AnnualReportOf computes the report of fiscal year fy, judged at now, from
// the registry alone: the framework in force on the report's day (nil when
// none is: every indicator is then unassigned) and the registry's indicators
// (IndicatorsFromDataset; those it cannot read are left out), each under the
// objective of that framework in its objective's lineage (Lineage): the
// report of a year keeps the version then in force, whichever version's
// objective an indicator names.
func AnnualReportOf(reg *registry.Registry, fy FiscalYear, now time.Time) *AnnualReport {
	ds := reg.Dataset()
	inds, _ := IndicatorsFromDataset(ds)
	return BuildAnnualReport(FrameworkFromDataset(ds, ReportDay(fy, now)), inds, reg, fy, now)
}

// BuildAnnualReport computes the report of fiscal year fy from the framework,
// the indicators (their computed values and baselines from reg) and the
// registry, judged at now.
func BuildAnnualReport(fw *Framework, inds []Indicator, reg *registry.Registry, fy FiscalYear, now time.Time) *AnnualReport {
	period := Period{FY: fy}
	rep := &AnnualReport{
		FiscalYear: fy, Year: fy.String(), Start: fy.Start(), End: fy.End(),
		Open: !period.Closed(now), Revision: reg.Revision(), fw: fw, inds: inds,
	}
	rep.AsOf = ReportDay(fy, now)
	dayBefore := registry.DateOf(midnight(fy.Start()).AddDate(0, 0, -1))
	before, after := reg.Figures(dayBefore), reg.Figures(rep.AsOf)
	for _, name := range ReportFigures {
		b, _ := before.Get(name)
		a, _ := after.Get(name)
		rep.Figures = append(rep.Figures, FigureChange{Name: name, Before: b.Value, After: a.Value, Change: a.Value - b.Value})
	}

	values := RegistryValues(reg)
	rep.Progress = Progress(fw, WithComputedBaselines(inds, values), period, now, values)

	first, last := fy.Start().First(), fy.End().First()
	within := func(d registry.Date) bool { return !d.IsZero() && d.First() >= first && d.First() <= last }
	ds := reg.Dataset()
	for i := range ds.Agreements {
		a := &ds.Agreements[i]
		if within(a.Signed) {
			rep.Agreements.Signed = append(rep.Agreements.Signed, a)
		}
		if within(a.EntryIntoForce) {
			rep.Agreements.EnteredIntoForce = append(rep.Agreements.EnteredIntoForce, a)
		}
		if a.InForceAt(rep.AsOf) {
			rep.Agreements.InForce++
		}
	}
	newestFirst := func(date func(*registry.Agreement) registry.Date) func(a, b *registry.Agreement) int {
		return func(a, b *registry.Agreement) int {
			return cmp.Or(cmp.Compare(date(b).First(), date(a).First()), cmp.Compare(a.ID, b.ID))
		}
	}
	slices.SortFunc(rep.Agreements.Signed, newestFirst(func(a *registry.Agreement) registry.Date { return a.Signed }))
	slices.SortFunc(rep.Agreements.EnteredIntoForce, newestFirst(func(a *registry.Agreement) registry.Date { return a.EntryIntoForce }))
	return rep
}
