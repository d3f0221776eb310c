package web

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

type consulsData struct {
	Consuls []*registry.HonoraryConsul
}

// honoraryConsulsPage lists the home state's honorary consuls acting on the
// date shown, by country.
func (s *Server) honoraryConsulsPage(rq *request) result {
	var d consulsData
	hcs := rq.reg.Dataset().HonoraryConsuls
	for i := range hcs {
		if hcs[i].ActingAt(rq.asOf) {
			d.Consuls = append(d.Consuls, &hcs[i])
		}
	}
	slices.SortStableFunc(d.Consuls, func(a, b *registry.HonoraryConsul) int { return cmp.Compare(a.City, b.City) })
	sortByName(d.Consuls, func(h *registry.HonoraryConsul) string { return s.cat.CountryName(rq.lang, rq.reg.Country(h.Country)) })
	return render("honorary-consuls", s.cat.T(rq.lang, "consuls.title"), d)
}

type orgsData struct {
	Current []membershipRow
	Former  []membershipRow
}

type membershipRow struct {
	M      *registry.Membership
	O      *registry.Organisation
	Status registry.MembershipStatus
	Name   string
}

// organisationsPage lists the home state's memberships of international
// organisations on the date shown: current ones, then former ones.
func (s *Server) organisationsPage(rq *request) result {
	var d orgsData
	home := rq.reg.Home()
	ms := rq.reg.Dataset().Memberships
	for i := range ms {
		m := &ms[i]
		if m.Member != home {
			continue
		}
		st, ok := m.StatusAt(rq.asOf)
		if !ok {
			continue
		}
		row := membershipRow{M: m, O: rq.reg.Organisation(m.Organisation), Status: st, Name: m.Organisation}
		if row.O != nil {
			row.Name = row.O.Names.In(rq.lang)
		}
		if st == registry.FormerMember {
			d.Former = append(d.Former, row)
		} else {
			d.Current = append(d.Current, row)
		}
	}
	byName := func(r membershipRow) string { return r.Name }
	sortByName(d.Current, byName)
	sortByName(d.Former, byName)
	return render("organisations", s.cat.T(rq.lang, "orgs.title"), d)
}

type policyData struct {
	F      *policy.Framework
	Pillar *policy.Pillar
	// Progress is the policy's progress in the fiscal year that holds the
	// date shown; nil without a framework.
	Progress *policyProgress
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

// policyProgress computes the progress of the fiscal year that holds the
// date shown, for every pillar, and the indicator tables of pillar pl's
// objectives when pl is not nil.
func (s *Server) policyProgress(rq *request, pl *policy.Pillar) *policyProgress {
	if s.policy == nil {
		return nil
	}
	fy := currentFiscalYear(rq)
	values := policy.RegistryValues(rq.reg)
	fp := policy.Progress(s.policy, policy.WithComputedBaselines(s.indicators, values), policy.Period{FY: fy}, dayTime(rq.asOf), values)
	pt := s.progressText(rq)
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
			if o := s.policy.Objective(op.Objective); o != nil {
				title = o.Title.In(rq.lang)
			}
			t := pt.indicatorTable("indicators-"+op.Objective,
				pt.t("pillar.indicators_caption", "objective", title, "year", fy.String()), op.Items)
			pp.Objectives[op.Objective] = &t
		}
	}
	return pp
}

func (s *Server) policyPage(rq *request) result {
	title := s.cat.T(rq.lang, "policy.title")
	if s.policy != nil {
		title = s.policy.Policy.Title.In(rq.lang)
	}
	return render("policy", title, policyData{F: s.policy, Progress: s.policyProgress(rq, nil)})
}

func (s *Server) pillarPage(rq *request) result {
	var p *policy.Pillar
	if s.policy != nil {
		p = s.policy.Pillar(rq.PathValue("pillar"))
	}
	if p == nil {
		return fail(http.StatusNotFound, "error.no_pillar", "id", clip(rq.PathValue("pillar")))
	}
	return render("pillar", p.Title.In(rq.lang), policyData{F: s.policy, Pillar: p, Progress: s.policyProgress(rq, p)})
}
