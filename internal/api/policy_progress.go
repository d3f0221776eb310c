package api

// The policy tracker under /api/v1/policy: the framework in force, the
// indicators' definitions, the framework's progress in a fiscal year or
// quarter, and the annual report of a fiscal year, all built by package
// policy from the registry's records (policy nodes, indicators and their
// actuals). Periods are written as policy.Period writes them ("2025-2026",
// "2025-2026-Q2"), on the fiscal years the registry's settings start
// (Settings.FiscalYearStartMonth). Only approved actuals are public: the
// roll-ups never see the others, so an item's pending count is always 0 and
// its late count counts approved actuals only.

import (
	"cmp"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

// indicatorsOf returns the registry's indicators with their approved
// actuals (policy.IndicatorsFromDataset); the store validated them, and any
// it could not read are left out.
func indicatorsOf(reg *registry.Registry) []policy.Indicator {
	inds, _ := policy.IndicatorsFromDataset(reg.Dataset())
	for i := range inds {
		inds[i].Actuals = slices.DeleteFunc(inds[i].Actuals, func(a policy.Actual) bool { return !a.Approved() })
	}
	return inds
}

// frameworkView is the answer of /api/v1/policy: the framework in force,
// policy null when none is.
type frameworkView struct {
	Policy  *policy.Policy  `json:"policy"`
	Pillars []policy.Pillar `json:"pillars"`
}

// servePolicy answers the framework in force on as_of, or today (the route
// is daily): the policy, its pillars and their objectives.
func (s *Server) servePolicy(reg *registry.Registry, r *http.Request, q *query, f format) result {
	d := q.asOf
	if !q.hasAsOf {
		d = registry.DateOf(q.now.UTC())
	}
	v := frameworkView{Pillars: []policy.Pillar{}}
	if fw := policy.FrameworkFromDataset(reg.Dataset(), d); fw != nil {
		v.Policy, v.Pillars = &fw.Policy, fw.Pillars
	}
	return jsonResult(v)
}

// apiPeriod is a period as the API writes it: "2025-2026" or "2025-2026-Q2";
// null when there is none.
type apiPeriod policy.Period

func (p apiPeriod) MarshalJSON() ([]byte, error) {
	if policy.Period(p).IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(policy.Period(p).String())
}

// pillarOf returns the id of the pillar an objective belongs to, in
// whichever version of the framework, or "".
func pillarOf(reg *registry.Registry, objective string) string {
	if o := reg.PolicyNode(objective); o != nil && o.Kind == registry.NodeObjective {
		return o.Parent
	}
	return ""
}

// formatNumber writes a number for CSV, without an exponent.
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// formatOptional writes a number that may be unknown: empty when it is.
func formatOptional(v *float64) string {
	if v == nil {
		return ""
	}
	return formatNumber(*v)
}

// indicatorView is an indicator's definition.
type indicatorView struct {
	ID        string           `json:"id"`
	Objective string           `json:"objective"`
	Pillar    string           `json:"pillar"`
	Title     registry.Names   `json:"title"`
	Measure   policy.Measure   `json:"measure"`
	Unit      string           `json:"unit"`
	Direction policy.Direction `json:"direction"`
	Computed  string           `json:"computed"`
	Baseline  *baselineView    `json:"baseline"`
	Targets   []targetView     `json:"targets"`
	Weight    float64          `json:"weight"`
	Source    string           `json:"source"`
	// LastVerified is null when the definition was never re-checked.
	LastVerified registry.Date `json:"last_verified"`
	Note         string        `json:"note"`
}

type baselineView struct {
	Period apiPeriod `json:"period"`
	Value  *float64  `json:"value"`
}

type targetView struct {
	Period apiPeriod `json:"period"`
	Value  float64   `json:"value"`
}

// indicatorList is the answer of /api/v1/policy/indicators.
type indicatorList struct {
	Total int             `json:"total"`
	Data  []indicatorView `json:"data"`
}

// indicatorViews returns the definitions of the indicators, with the
// baseline of every computed indicator taken from the registry at the end of
// its baseline period (null when the registry does not know the figure).
func (s *Server) indicatorViews(reg *registry.Registry) []indicatorView {
	values := policy.RegistryValues(reg)
	inds := policy.WithComputedBaselines(indicatorsOf(reg), values)
	out := make([]indicatorView, len(inds))
	for i, ind := range inds {
		v := indicatorView{
			ID: ind.ID, Objective: ind.Objective, Pillar: pillarOf(reg, ind.Objective), Title: ind.Title,
			Measure: ind.Measure, Unit: ind.Unit, Direction: ind.Direction, Computed: ind.Computed,
			Targets: make([]targetView, len(ind.Targets)), Weight: cmp.Or(ind.Weight, 1),
			Source: ind.Source, LastVerified: ind.LastVerified, Note: ind.Note,
		}
		if b := ind.Baseline; !b.Period.IsZero() {
			v.Baseline = &baselineView{Period: apiPeriod(b.Period), Value: &b.Value}
			if math.IsNaN(b.Value) { // a computed figure the registry does not know
				v.Baseline.Value = nil
			}
		}
		for j, t := range ind.Targets {
			v.Targets[j] = targetView{Period: apiPeriod(t.Period), Value: t.Value}
		}
		out[i] = v
	}
	return out
}

// indicatorCSVColumns are the columns of /api/v1/policy/indicators.csv: those
// of data/indicators.csv, with the objective's pillar.
var indicatorCSVColumns = []string{"id", "objective", "pillar", "measure", "unit", "direction", "computed",
	"baseline_period", "baseline_value", "targets", "weight", "title_en", "title_fr", "title_rw", "title_sw",
	"source", "last_verified", "note"}

func (s *Server) serveIndicators(reg *registry.Registry, r *http.Request, q *query, f format) result {
	views := s.indicatorViews(reg)
	if f != formatCSV {
		return jsonResult(indicatorList{Total: len(views), Data: views})
	}
	rows := make([][]string, len(views))
	for i, v := range views {
		var basePeriod, baseValue string
		if v.Baseline != nil {
			basePeriod, baseValue = policy.Period(v.Baseline.Period).String(), formatOptional(v.Baseline.Value)
		}
		targets := make([]string, len(v.Targets))
		for j, t := range v.Targets {
			targets[j] = policy.Period(t.Period).String() + "=" + formatNumber(t.Value)
		}
		rows[i] = []string{v.ID, v.Objective, v.Pillar, string(v.Measure), v.Unit, string(v.Direction), v.Computed,
			basePeriod, baseValue, strings.Join(targets, ";"), formatNumber(v.Weight),
			v.Title.EN, v.Title.FR, v.Title.RW, v.Title.SW, v.Source, v.LastVerified.String(), v.Note}
	}
	return csvResult(indicatorCSVColumns, rows)
}

// progressView is the framework's progress in a period.
type progressView struct {
	Policy string        `json:"policy"`
	Period apiPeriod     `json:"period"`
	Start  registry.Date `json:"start"`
	End    registry.Date `json:"end"`
	// AsOf is the day the period is judged at: its last day once it has
	// closed, else today, or its first day when it has not begun.
	AsOf     registry.Date `json:"as_of"`
	Open     bool          `json:"open"`
	Revision int64         `json:"revision"`
	policy.Summary
	Pillars    []pillarProgressView `json:"pillars"`
	Unassigned []itemView           `json:"unassigned"`
}

type pillarProgressView struct {
	Pillar string         `json:"pillar"`
	Title  registry.Names `json:"title"`
	policy.Summary
	Objectives []objectiveProgressView `json:"objectives"`
}

type objectiveProgressView struct {
	Objective string         `json:"objective"`
	Pillar    string         `json:"pillar"`
	Title     registry.Names `json:"title"`
	policy.Summary
	Items []itemView `json:"items"`
}

// itemView is one indicator's standing (policy.IndicatorProgress); computed
// names the registry figure of a computed indicator.
type itemView struct {
	Indicator    string           `json:"indicator"`
	Objective    string           `json:"objective"`
	Title        registry.Names   `json:"title"`
	Measure      policy.Measure   `json:"measure"`
	Unit         string           `json:"unit"`
	Direction    policy.Direction `json:"direction"`
	Computed     string           `json:"computed"`
	Weight       float64          `json:"weight"`
	Baseline     *float64         `json:"baseline"`
	Value        *float64         `json:"value"`
	ValuePeriod  apiPeriod        `json:"value_period"`
	Target       *float64         `json:"target"`
	TargetPeriod apiPeriod        `json:"target_period"`
	Progress     *float64         `json:"progress"`
	Expected     *float64         `json:"expected"`
	Met          bool             `json:"met"`
	Status       policy.Status    `json:"status"`
	Updates      int              `json:"updates"`
	Pending      int              `json:"pending"`
	Late         int              `json:"late"`
}

// judgedAt returns the day a period is judged at, now, and whether it is
// still open (the annual report's rule).
func judgedAt(per policy.Period, now time.Time) (registry.Date, bool) {
	if per.Closed(now) {
		return per.End(), false
	}
	if today := registry.DateOf(now.UTC()); today.First() >= per.Start().First() {
		return today, true
	}
	return per.Start(), true
}

// progressOf turns a policy.FrameworkProgress of the framework fw (nil when
// none was in force) and the indicators inds into the API's view.
func progressOf(reg *registry.Registry, fw *policy.Framework, inds []policy.Indicator, fp policy.FrameworkProgress, now time.Time) progressView {
	byID := map[string]*policy.Indicator{}
	for i := range inds {
		byID[inds[i].ID] = &inds[i]
	}
	if fw == nil {
		fw = &policy.Framework{}
	}
	item := func(ip policy.IndicatorProgress) itemView {
		v := itemView{
			Indicator: ip.Indicator, Objective: ip.Objective, Measure: ip.Measure, Unit: ip.Unit, Direction: ip.Direction,
			Weight: ip.Weight, Baseline: ip.Baseline, Value: ip.Value, ValuePeriod: apiPeriod(ip.ValuePeriod),
			Target: ip.Target, TargetPeriod: apiPeriod(ip.TargetPeriod), Progress: ip.Progress, Expected: ip.Expected,
			Met: ip.Met, Status: ip.Status, Updates: ip.Updates, Pending: ip.Pending, Late: ip.Late,
		}
		if ind := byID[ip.Indicator]; ind != nil {
			v.Title, v.Computed = ind.Title, ind.Computed
		}
		return v
	}
	items := func(ips []policy.IndicatorProgress) []itemView {
		out := make([]itemView, len(ips))
		for i, ip := range ips {
			out[i] = item(ip)
		}
		return out
	}
	asOf, open := judgedAt(fp.Period, now)
	v := progressView{
		Policy: fp.Policy, Period: apiPeriod(fp.Period), Start: fp.Period.Start(), End: fp.Period.End(),
		AsOf: asOf, Open: open, Revision: reg.Revision(), Summary: fp.Summary,
		Pillars: make([]pillarProgressView, len(fp.Pillars)), Unassigned: items(fp.Unassigned),
	}
	for i, pp := range fp.Pillars {
		pv := pillarProgressView{Pillar: pp.Pillar, Summary: pp.Summary, Objectives: make([]objectiveProgressView, len(pp.Objectives))}
		if pl := fw.Pillar(pp.Pillar); pl != nil {
			pv.Title = pl.Title
		}
		for j, op := range pp.Objectives {
			ov := objectiveProgressView{Objective: op.Objective, Pillar: op.Pillar, Summary: op.Summary, Items: items(op.Items)}
			if o := fw.Objective(op.Objective); o != nil {
				ov.Title = o.Title
			}
			pv.Objectives[j] = ov
		}
		v.Pillars[i] = pv
	}
	return v
}

// progressCSVColumns are the columns of /api/v1/policy/progress.csv, one row
// per indicator.
var progressCSVColumns = []string{"period", "pillar", "objective", "indicator", "measure", "unit", "direction",
	"computed", "baseline", "target", "target_period", "value", "progress", "expected", "status", "updates",
	"pending", "late"}

func progressCSV(v progressView) result {
	var rows [][]string
	row := func(pillar string, it itemView) {
		rows = append(rows, []string{policy.Period(v.Period).String(), pillar, it.Objective, it.Indicator,
			string(it.Measure), it.Unit, string(it.Direction), it.Computed, formatOptional(it.Baseline),
			formatOptional(it.Target), policy.Period(it.TargetPeriod).String(), formatOptional(it.Value),
			formatOptional(it.Progress), formatOptional(it.Expected), string(it.Status),
			strconv.Itoa(it.Updates), strconv.Itoa(it.Pending), strconv.Itoa(it.Late)})
	}
	for _, pp := range v.Pillars {
		for _, op := range pp.Objectives {
			for _, it := range op.Items {
				row(pp.Pillar, it)
			}
		}
	}
	for _, it := range v.Unassigned {
		row("", it)
	}
	return csvResult(progressCSVColumns, rows)
}

// serveProgress rolls the indicators up through the framework for the
// period asked (by default the fiscal year holding today), judged at today,
// with computed values and baselines from the registry.
func (s *Server) serveProgress(reg *registry.Registry, r *http.Request, q *query, f format) result {
	per := q.period
	if !q.hasPeriod {
		per = policy.Period{FY: policy.FiscalYearOf(q.now.UTC(), reg.Settings().FiscalYearStartMonth())}
	}
	values := policy.RegistryValues(reg)
	inds := indicatorsOf(reg)
	day, _ := judgedAt(per, q.now)
	fw := policy.FrameworkFromDataset(reg.Dataset(), day)
	fp := policy.Progress(fw, policy.WithComputedBaselines(inds, values), per, q.now, values)
	v := progressOf(reg, fw, inds, fp, q.now)
	if f == formatCSV {
		return progressCSV(v)
	}
	return jsonResult(v)
}

// agreementRef names an agreement of the annual report.
type agreementRef struct {
	ID             string                  `json:"id"`
	Title          registry.Names          `json:"title"`
	Kind           registry.InstrumentKind `json:"kind"`
	Signed         registry.Date           `json:"signed"`
	EntryIntoForce registry.Date           `json:"entry_into_force"`
}

// reportView is policy.AnnualReport with agreements named, not in full.
type reportView struct {
	FiscalYear string                `json:"fiscal_year"`
	Start      registry.Date         `json:"start"`
	End        registry.Date         `json:"end"`
	AsOf       registry.Date         `json:"as_of"`
	Open       bool                  `json:"open"`
	Revision   int64                 `json:"revision"`
	Figures    []policy.FigureChange `json:"figures"`
	Progress   progressView          `json:"progress"`
	Agreements struct {
		Signed           []agreementRef `json:"signed"`
		EnteredIntoForce []agreementRef `json:"entered_into_force"`
		InForce          int            `json:"in_force"`
	} `json:"agreements"`
}

func agreementRefs(as []*registry.Agreement) []agreementRef {
	out := make([]agreementRef, len(as))
	for i, a := range as {
		out[i] = agreementRef{ID: a.ID, Title: a.Title, Kind: a.Kind, Signed: a.Signed, EntryIntoForce: a.EntryIntoForce}
	}
	return out
}

// serveReport answers the annual report of the fiscal year in the path. A
// path segment that is not a fiscal year of the registry's settings, written
// as they write it, is answered 404, as an unknown record id is.
func (s *Server) serveReport(reg *registry.Registry, r *http.Request, q *query, f format) result {
	raw := r.PathValue("fy")
	fy, err := policy.ParseFiscalYear(raw, reg.Settings().FiscalYearStartMonth())
	switch {
	case err != nil:
		return result{problem: notFound("no annual report for " + quote(raw) + ": " + err.Error())}
	case fy.IsZero():
		return result{problem: notFound("no annual report for " + quote(raw) + ": the fiscal year is missing")}
	case fy.String() != raw:
		return result{problem: notFound("no annual report for " + quote(raw) + ": write the fiscal year as " + quote(fy.String()))}
	}
	// policy.AnnualReportOf, on the approved actuals alone.
	fw := policy.FrameworkFromDataset(reg.Dataset(), policy.ReportDay(fy, q.now))
	inds := indicatorsOf(reg)
	rep := policy.BuildAnnualReport(fw, inds, reg, fy, q.now)
	v := reportView{
		FiscalYear: rep.Year, Start: rep.Start, End: rep.End, AsOf: rep.AsOf, Open: rep.Open, Revision: rep.Revision,
		Figures:  rep.Figures,
		Progress: progressOf(reg, fw, inds, rep.Progress, q.now),
	}
	if v.Figures == nil {
		v.Figures = []policy.FigureChange{}
	}
	v.Agreements.Signed = agreementRefs(rep.Agreements.Signed)
	v.Agreements.EnteredIntoForce = agreementRefs(rep.Agreements.EnteredIntoForce)
	v.Agreements.InForce = rep.Agreements.InForce
	return jsonResult(v)
}
