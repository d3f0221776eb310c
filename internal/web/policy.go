package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

// The policy pages: /{lang}/policy (the framework in force on the date
// shown, its pillars with their objectives, progress, recent public
// engagements and the agreements cited as evidence, and the consultations
// open), /{lang}/policy/{pillar} (a pillar's objectives with their
// initiatives, engagements and indicators) and /{lang}/policy/versions[/{id}]
// (every version of the framework, current and superseded). Everything is
// read from the request's registry, so a staff edit shows at once.

// recentEngagements is how many engagements the policy page shows per pillar.
const recentEngagements = 5

type policyData struct {
	F      *policy.Framework
	Pillar *policy.Pillar
	// Progress is the policy's progress in the fiscal year that holds the
	// date shown; nil without a framework.
	Progress *policyProgress
	// Work is what was done under each pillar shown, by pillar id.
	Work map[string]*pillarWork
	// Consultations are those open on the date shown (policy page only).
	Consultations []*registry.Consultation
}

// pillarWork is what was done under a pillar: its public engagements, newest
// first (the latest few on the policy page, all on the pillar's page), the
// agreements cited as evidence by the approved actuals of its indicators,
// and on the pillar's page each objective's initiatives and engagements.
type pillarWork struct {
	Engagements []engagementView
	Agreements  []*registry.Agreement
	Objectives  map[string]*objectiveWork
}

type objectiveWork struct {
	Initiatives []*registry.Initiative
	Engagements []engagementView
}

// policyProgress is what the policy pages show of the current fiscal year's
// progress: a bar per pillar, and on a pillar's page its objectives'
// indicators.
type policyProgress struct {
	Intro      string
	ReportHref string
	ReportText string
	Bars       map[string]barView // by pillar id
	// Objectives are the indicator tables of the pillar shown, by objective
	// id; an objective without indicators has none.
	Objectives   map[string]*tableView
	NoIndicators string
}

// framework returns the framework in force on the date shown, or nil.
func framework(rq *request) *policy.Framework {
	return policy.FrameworkFromDataset(rq.reg.Dataset(), rq.asOf)
}

// policyProgress computes the progress of framework fw in the fiscal year
// that holds the date shown, for every pillar, and the indicator tables of
// pillar pl's objectives when pl is not nil.
func (s *Server) policyProgress(rq *request, fw *policy.Framework, pl *policy.Pillar) *policyProgress {
	if fw == nil {
		return nil
	}
	fy := currentFiscalYear(rq)
	values := policy.RegistryValues(rq.reg)
	inds, _ := policy.IndicatorsFromDataset(rq.reg.Dataset()) // those it cannot read are left out
	fp := policy.Progress(fw, policy.WithComputedBaselines(inds, values), policy.Period{FY: fy}, dayTime(rq.asOf), values)
	pt := s.progressText(rq, inds)
	pp := &policyProgress{
		Intro:      pt.t("policy.progress_intro", "year", fy.String(), "date", rq.asOf),
		ReportHref: reportURL(rq, fy, ""),
		ReportText: pt.t("policy.report_link", "year", fy.String()),
		Bars:       map[string]barView{},
	}
	for _, p := range fp.Pillars {
		pp.Bars[p.Pillar] = pt.bar("bar-"+p.Pillar, pt.t("report.pillar_bar"), p.Summary)
		if pl == nil || p.Pillar != pl.ID {
			continue
		}
		pp.Objectives = map[string]*tableView{}
		pp.NoIndicators = pt.t("pillar.no_indicators")
		for _, op := range p.Objectives {
			if len(op.Items) == 0 {
				continue
			}
			title := op.Objective
			if o := fw.Objective(op.Objective); o != nil {
				title = o.Title.In(rq.lang)
			}
			t := pt.indicatorTable("indicators-"+op.Objective,
				pt.t("pillar.indicators_caption", "objective", title, "year", fy.String()), op.Items)
			pp.Objectives[op.Objective] = &t
		}
	}
	return pp
}

// objectiveIDs returns the ids of the pillar's objectives.
func objectiveIDs(pl *policy.Pillar) []string {
	ids := make([]string, len(pl.Objectives))
	for i, o := range pl.Objectives {
		ids[i] = o.ID
	}
	return ids
}

// pillarWork gathers what was done under pl: at most limit public
// engagements (0: all), the evidence agreements, and each objective's
// initiatives and engagements when perObjective is set. What names an
// objective of another version of the policy counts under the objective of
// its lineage (policy.Lineage).
func (s *Server) pillarWork(rq *request, pl *policy.Pillar, limit int, perObjective bool) *pillarWork {
	ds := rq.reg.Dataset()
	lineage := policy.LineageOf(ds)
	objectives := lineage.Expand(objectiveIDs(pl)...)
	serves := servesAny(objectives...)
	w := &pillarWork{
		Engagements: s.publicEngagements(rq, limit, func(e *registry.Engagement) bool { return serves(e.Objectives) }),
		Agreements:  evidenceAgreements(rq.reg, objectives),
	}
	if !perObjective {
		return w
	}
	w.Objectives = map[string]*objectiveWork{}
	for _, o := range pl.Objectives {
		serves := servesAny(lineage.Expand(o.ID)...)
		ow := &objectiveWork{Engagements: s.publicEngagements(rq, 0, func(e *registry.Engagement) bool { return serves(e.Objectives) })}
		for i := range ds.Initiatives {
			if in := &ds.Initiatives[i]; serves(in.Objectives) {
				ow.Initiatives = append(ow.Initiatives, in)
			}
		}
		slices.SortStableFunc(ow.Initiatives, func(a, b *registry.Initiative) int { return cmp.Compare(b.Start.First(), a.Start.First()) })
		w.Objectives[o.ID] = ow
	}
	return w
}

// evidenceAgreements returns the agreements cited ("agreement:ID") as
// evidence by approved actuals of the indicators of the given objectives,
// newest signature first, then by id.
func evidenceAgreements(reg *registry.Registry, objectives []string) []*registry.Agreement {
	var out []*registry.Agreement
	ds := reg.Dataset()
	for i := range ds.IndicatorActuals {
		a := &ds.IndicatorActuals[i]
		id, ok := strings.CutPrefix(a.Evidence, "agreement:")
		if !ok || !a.Approved() {
			continue
		}
		ind := reg.Indicator(a.Indicator)
		ag := reg.Agreement(id)
		if ind == nil || ag == nil || !slices.Contains(objectives, ind.Objective) || slices.Contains(out, ag) {
			continue
		}
		out = append(out, ag)
	}
	slices.SortFunc(out, func(a, b *registry.Agreement) int {
		return cmp.Or(cmp.Compare(b.Signed.First(), a.Signed.First()), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// openConsultations returns the consultations open on the date shown,
// closing soonest first.
func openConsultations(rq *request) []*registry.Consultation {
	var out []*registry.Consultation
	ds := rq.reg.Dataset()
	for i := range ds.Consultations {
		if c := &ds.Consultations[i]; c.OpenOn(rq.asOf) {
			out = append(out, c)
		}
	}
	last := func(c *registry.Consultation) int32 {
		if c.Closes.IsZero() {
			return 1<<31 - 1
		}
		return c.Closes.Last()
	}
	slices.SortFunc(out, func(a, b *registry.Consultation) int {
		return cmp.Or(cmp.Compare(last(a), last(b)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func (s *Server) policyPage(rq *request) result {
	fw := framework(rq)
	title := s.cat.T(rq.lang, "policy.title")
	d := policyData{F: fw, Progress: s.policyProgress(rq, fw, nil), Consultations: openConsultations(rq)}
	if fw != nil {
		title = fw.Policy.Title.In(rq.lang)
		d.Work = map[string]*pillarWork{}
		for i := range fw.Pillars {
			d.Work[fw.Pillars[i].ID] = s.pillarWork(rq, &fw.Pillars[i], recentEngagements, false)
		}
	}
	return render("policy", title, d)
}

func (s *Server) pillarPage(rq *request) result {
	fw := framework(rq)
	var p *policy.Pillar
	if fw != nil {
		p = fw.Pillar(rq.PathValue("pillar"))
	}
	if p == nil {
		return fail(http.StatusNotFound, "error.no_pillar", "id", clip(rq.PathValue("pillar")))
	}
	return render("pillar", p.Title.In(rq.lang), policyData{F: fw, Pillar: p, Progress: s.policyProgress(rq, fw, p),
		Work: map[string]*pillarWork{p.ID: s.pillarWork(rq, p, 0, true)}})
}

// versionRow is one version of the policy in the list of versions.
type versionRow struct {
	P       policy.Policy
	InForce bool // on the date shown
	Adopted bool // by the date shown (or undated)
}

type versionsData struct {
	Versions []versionRow
	// Version is the framework shown on a version's page.
	Version *policy.Framework
	Row     versionRow
}

func versionRowOf(p policy.Policy, fw *policy.Framework, d registry.Date) versionRow {
	return versionRow{P: p, InForce: fw != nil && fw.Policy.ID == p.ID,
		Adopted: p.Adopted.IsZero() || p.Adopted.First() <= d.First()}
}

// versionsPage lists every version of the policy, newest first, with the
// dates each was adopted and superseded.
func (s *Server) versionsPage(rq *request) result {
	ds := rq.reg.Dataset()
	fw := framework(rq)
	var d versionsData
	for _, p := range policy.Versions(ds) {
		d.Versions = append(d.Versions, versionRowOf(p, fw, rq.asOf))
	}
	return render("policy-versions", s.cat.T(rq.lang, "versions.title"), d)
}

// versionPage shows one version of the policy: its pillars and objectives.
func (s *Server) versionPage(rq *request) result {
	ds := rq.reg.Dataset()
	v := policy.Version(ds, rq.PathValue("id"))
	if v == nil {
		return fail(http.StatusNotFound, "error.no_version", "id", clip(rq.PathValue("id")))
	}
	return render("policy-version", v.Policy.Title.In(rq.lang),
		versionsData{Version: v, Row: versionRowOf(v.Policy, framework(rq), rq.asOf)})
}
