package api

// The records of the foreign-policy tracker under /api/v1, one collection
// per entity, in JSON and in the CSV of their data files: policy-nodes
// (every version of the framework), initiatives, indicators,
// indicator-actuals (approved ones only), engagements, commitments,
// associations, stakeholders and consultations. Only public records are
// listed (tracker_public.go); judicial requests are counted at
// /api/v1/engagements/judicial-requests/counts, and a consultation's
// published submissions are at /api/v1/consultations/{id}/submissions
// (submissions.go).

import (
	"net/http"
	"slices"

	"github.com/chancery-org/chancery/internal/registry"
)

// consultationState are the statuses of a consultation on a date
// (registry.Consultation.StatusOn).
var consultationState = names([]registry.ConsultationStatus{
	registry.ConsultationUpcoming, registry.ConsultationOpen, registry.ConsultationClosed})

// publicEngagementKinds are the kinds an engagement listed one by one may
// have: every kind but judicial_request.
func publicEngagementKinds() []string {
	return slices.DeleteFunc(names(registry.EngagementKinds), func(k string) bool { return k == string(registry.JudicialRequest) })
}

// trackerRoutes are the tracker's collections.
func (s *Server) trackerRoutes() []route {
	asOf := param{name: "as_of", kind: pDate}
	with := func(ps ...param) []param { return append(ps, pagination()...) }
	return []route{
		{path: "/api/v1/policy-nodes", csv: true, serve: s.servePolicyNodes, params: with(
			param{name: "kind", kind: pEnum, enum: names(registry.PolicyNodeKinds)},
			param{name: "parent", kind: pID},
			param{name: "policy", kind: pID})},
		{path: "/api/v1/initiatives", csv: true, serve: s.serveInitiatives, params: with(asOf,
			param{name: "status", kind: pEnum, enum: names(registry.InitiativeStatuses)},
			param{name: "objective", kind: pID},
			param{name: "mission", kind: pID},
			param{name: "partner", kind: pParty})},
		{path: "/api/v1/indicators", csv: true, serve: s.serveIndicatorRecords, params: with(
			param{name: "objective", kind: pID})},
		{path: "/api/v1/indicator-actuals", csv: true, serve: s.serveActuals, params: with(
			param{name: "indicator", kind: pID})},
		{path: "/api/v1/engagements", csv: true, serve: s.serveEngagements, params: with(asOf,
			param{name: "kind", kind: pEnum, enum: publicEngagementKinds()},
			param{name: "country", kind: pISO2},
			param{name: "organisation", kind: pID},
			param{name: "objective", kind: pID},
			param{name: "mission", kind: pID})},
		{path: "/api/v1/engagements/judicial-requests/counts", serve: s.serveJudicialCounts, params: []param{asOf,
			{name: "fy", kind: pFiscalYear}}},
		{path: "/api/v1/commitments", csv: true, serve: s.serveCommitments, params: with(
			param{name: "status", kind: pEnum, enum: names(registry.CommitmentStatuses)},
			param{name: "engagement", kind: pID},
			param{name: "agreement", kind: pID})},
		{path: "/api/v1/associations", csv: true, serve: s.serveAssociations, params: with(
			param{name: "country", kind: pISO2})},
		{path: "/api/v1/stakeholders", csv: true, serve: s.serveStakeholders, params: with(
			param{name: "category", kind: pEnum, enum: names(registry.StakeholderCategories)},
			param{name: "country", kind: pISO2})},
		{path: "/api/v1/consultations", csv: true, daily: true, serve: s.serveConsultations, params: with(asOf,
			param{name: "status", kind: pEnum, enum: consultationState},
			param{name: "policy", kind: pID})},
		{path: submissionsPath, csv: true, serve: s.serveSubmissions},
	}
}

// has reports whether the enum parameter name, when given, holds v.
func (q *query) has(name, v string) bool {
	vs, ok := q.enums[name]
	return !ok || slices.Contains(vs, v)
}

// is reports whether the id parameter name, when given, is v.
func (q *query) is(name, v string) bool {
	id, ok := q.ids[name]
	return !ok || id == v
}

// rootOf returns the id of the policy a node belongs to: the node itself for
// a policy, else the root its parents lead to ("" past a missing parent).
func rootOf(nodes map[string]*registry.PolicyNode, n *registry.PolicyNode) string {
	for range 3 { // policy, pillar, objective
		if n.Parent == "" {
			return n.ID
		}
		if n = nodes[n.Parent]; n == nil {
			return ""
		}
	}
	return ""
}

func (s *Server) servePolicyNodes(reg *registry.Registry, r *http.Request, q *query, f format) result {
	all := reg.Dataset().PolicyNodes
	byID := make(map[string]*registry.PolicyNode, len(all))
	for i := range all {
		byID[all[i].ID] = &all[i]
	}
	var out []*registry.PolicyNode
	for i := range all {
		n := &all[i]
		if !q.has("kind", string(n.Kind)) || !q.is("parent", n.Parent) || !q.is("policy", rootOf(byID, n)) {
			continue
		}
		out = append(out, n)
	}
	return collection(out, func(n *registry.PolicyNode) string { return n.ID }, q, f, "policy.csv",
		func(ds *registry.Dataset, items []*registry.PolicyNode) { ds.PolicyNodes = deref(items) })
}

// underWay reports whether the span from start to end (either unknown)
// holds the day d.
func underWay(start, end, d registry.Date) bool {
	return !start.After(d) && (end.IsZero() || end.Last() >= d.First())
}

func (s *Server) serveInitiatives(reg *registry.Registry, r *http.Request, q *query, f format) result {
	partner, hasPartner := q.parties["partner"]
	var out []*registry.Initiative
	for _, x := range ptrs(reg.Dataset().Initiatives) {
		if !q.has("status", string(x.Status)) || !q.is("mission", x.LeadMission) ||
			q.hasAsOf && !underWay(x.Start, x.End, q.asOf) ||
			hasPartner && !slices.Contains(x.Partners, partner) {
			continue
		}
		if o, ok := q.ids["objective"]; ok && !slices.Contains(x.Objectives, o) {
			continue
		}
		out = append(out, x)
	}
	return collection(out, func(x *registry.Initiative) string { return x.ID }, q, f, "initiatives.csv",
		func(ds *registry.Dataset, items []*registry.Initiative) { ds.Initiatives = deref(items) })
}

func (s *Server) serveIndicatorRecords(reg *registry.Registry, r *http.Request, q *query, f format) result {
	var out []*registry.Indicator
	for _, x := range ptrs(reg.Dataset().Indicators) {
		if q.is("objective", x.Objective) {
			out = append(out, x)
		}
	}
	return collection(out, func(x *registry.Indicator) string { return x.ID }, q, f, "indicators.csv",
		func(ds *registry.Dataset, items []*registry.Indicator) { ds.Indicators = deref(items) })
}

// actualView is an approved indicator actual with whether it was recorded
// late, after its period ended (registry.IndicatorActual.Late). Approved is
// always true: the collection lists approved actuals only.
type actualView struct {
	*registry.IndicatorActual
	Approved bool `json:"approved"`
	Late     bool `json:"late"`
}

// serveActuals lists the approved actuals; those awaiting approval are not
// public.
func (s *Server) serveActuals(reg *registry.Registry, r *http.Request, q *query, f format) result {
	p := publicityOf(reg)
	sm := reg.Settings().FiscalYearStartMonth()
	var out []actualView
	for _, x := range ptrs(reg.Dataset().IndicatorActuals) {
		if !x.Approved() || !q.is("indicator", x.Indicator) {
			continue
		}
		x = p.actual(x)
		late, _ := x.Late(sm)
		out = append(out, actualView{IndicatorActual: x, Approved: true, Late: late})
	}
	return collection(out, func(v actualView) string { return v.ID }, q, f, "indicator_actuals.csv",
		func(ds *registry.Dataset, items []actualView) {
			for _, v := range items {
				ds.IndicatorActuals = append(ds.IndicatorActuals, *v.IndicatorActual)
			}
		})
}

func (s *Server) serveEngagements(reg *registry.Registry, r *http.Request, q *query, f format) result {
	p := publicityOf(reg)
	var out []*registry.Engagement
	for _, x := range ptrs(reg.Dataset().Engagements) {
		if !x.Shown() || !q.has("kind", string(x.Kind)) || !q.is("mission", x.Mission) ||
			q.hasAsOf && !x.Start.OnOrBefore(q.asOf) {
			continue
		}
		if c, ok := q.iso2["country"]; ok && !slices.Contains(x.Countries, c) {
			continue
		}
		if o, ok := q.ids["organisation"]; ok && !slices.Contains(x.Organisations, o) {
			continue
		}
		if o, ok := q.ids["objective"]; ok && !slices.Contains(x.Objectives, o) {
			continue
		}
		out = append(out, p.engagement(x))
	}
	return collection(out, func(x *registry.Engagement) string { return x.ID }, q, f, "engagements.csv",
		func(ds *registry.Dataset, items []*registry.Engagement) { ds.Engagements = deref(items) })
}

// judicialCounts is the answer of /api/v1/engagements/judicial-requests/counts.
type judicialCounts struct {
	Total    int            `json:"total"`
	ByStatus map[string]int `json:"by_status"`
	ByKind   map[string]int `json:"by_kind"`
}

// serveJudicialCounts counts the judicial-cooperation requests by status
// and by kind, as the portal's engagements page does: those begun by as_of
// (every one without it) whose start falls in the fiscal year fy (any year
// without it). Every value of each set is present, zero included.
func (s *Server) serveJudicialCounts(reg *registry.Registry, r *http.Request, q *query, f format) result {
	c := judicialCounts{ByStatus: map[string]int{}, ByKind: map[string]int{}}
	for _, st := range registry.RequestStatuses {
		c.ByStatus[string(st)] = 0
	}
	for _, k := range registry.RequestKinds {
		c.ByKind[string(k)] = 0
	}
	for _, x := range ptrs(reg.Dataset().Engagements) {
		if x.Kind != registry.JudicialRequest || q.hasAsOf && !x.Start.OnOrBefore(q.asOf) ||
			q.hasFY && (x.Start.IsZero() || x.Start.First() < q.fy.Start().First() || x.Start.First() > q.fy.End().First()) {
			continue
		}
		c.Total++
		if _, ok := c.ByStatus[string(x.Status)]; ok {
			c.ByStatus[string(x.Status)]++
		}
		if _, ok := c.ByKind[string(x.RequestKind)]; ok {
			c.ByKind[string(x.RequestKind)]++
		}
	}
	return jsonResult(c)
}

func (s *Server) serveCommitments(reg *registry.Registry, r *http.Request, q *query, f format) result {
	p := publicityOf(reg)
	var out []*registry.Commitment
	for _, x := range ptrs(reg.Dataset().Commitments) {
		if !p.commitment(x) || !q.has("status", string(x.Status)) ||
			!q.is("engagement", x.Engagement) || !q.is("agreement", x.Agreement) {
			continue
		}
		out = append(out, x)
	}
	return collection(out, func(x *registry.Commitment) string { return x.ID }, q, f, "commitments.csv",
		func(ds *registry.Dataset, items []*registry.Commitment) { ds.Commitments = deref(items) })
}

func (s *Server) serveAssociations(reg *registry.Registry, r *http.Request, q *query, f format) result {
	var out []*registry.Association
	for _, x := range ptrs(reg.Dataset().Associations) {
		if c, ok := q.iso2["country"]; !x.Shown() || ok && x.Country != c {
			continue
		}
		out = append(out, x)
	}
	return collection(out, func(x *registry.Association) string { return x.ID }, q, f, "associations.csv",
		func(ds *registry.Dataset, items []*registry.Association) { ds.Associations = deref(items) })
}

func (s *Server) serveStakeholders(reg *registry.Registry, r *http.Request, q *query, f format) result {
	var out []*registry.Stakeholder
	for _, x := range ptrs(reg.Dataset().Stakeholders) {
		if c, ok := q.iso2["country"]; !q.has("category", string(x.Category)) || ok && x.Country != c {
			continue
		}
		out = append(out, x)
	}
	return collection(out, func(x *registry.Stakeholder) string { return x.ID }, q, f, "stakeholders.csv",
		func(ds *registry.Dataset, items []*registry.Stakeholder) { ds.Stakeholders = deref(items) })
}

// consultationView is a consultation with where it stands on the date asked.
type consultationView struct {
	*registry.Consultation
	Status registry.ConsultationStatus `json:"status"`
}

// serveConsultations lists the consultations with their status on as_of,
// or today (the route is daily).
func (s *Server) serveConsultations(reg *registry.Registry, r *http.Request, q *query, f format) result {
	d := q.asOf
	if !q.hasAsOf {
		d = registry.DateOf(q.now.UTC())
	}
	var out []consultationView
	for _, x := range ptrs(reg.Dataset().Consultations) {
		st := x.StatusOn(d)
		if !q.has("status", string(st)) || !q.is("policy", x.Policy) {
			continue
		}
		out = append(out, consultationView{Consultation: x, Status: st})
	}
	return collection(out, func(v consultationView) string { return v.ID }, q, f, "consultations.csv",
		func(ds *registry.Dataset, items []consultationView) {
			for _, v := range items {
				ds.Consultations = append(ds.Consultations, *v.Consultation)
			}
		})
}
