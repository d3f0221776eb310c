package api

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/chancery-org/chancery/internal/registry"
)

// The value sets of enum parameters, taken from the domain.
func names[T ~string](set []T) []string {
	out := make([]string, len(set))
	for i, v := range set {
		out[i] = string(v)
	}
	return out
}

var coverages = []string{"resident", "non_resident", "honorary_only", "hq", "none", "home"}

func pagination() []param {
	return []param{{name: "limit", kind: pLimit}, {name: "cursor", kind: pCursor}}
}

// routes lists every resource of the API.
func (s *Server) routes() []route {
	asOf := param{name: "as_of", kind: pDate}
	with := func(ps ...param) []param { return append(ps, pagination()...) }
	return append([]route{
		{path: "/api/openapi.json", media: "application/json", serve: s.serveOpenAPI},
		{path: "/api/v1/figures", daily: true, params: []param{asOf}, csv: true, serve: s.serveFigures},
		{path: "/api/v1/missions", csv: true, serve: s.serveMissions, params: with(asOf,
			param{name: "kind", kind: pEnum, enum: names(registry.MissionKinds)},
			param{name: "sender", kind: pParty},
			param{name: "located_in", kind: pISO2},
			param{name: "accredited_to", kind: pParty},
			param{name: "status", kind: pEnum, enum: names(registry.MissionStatuses)},
			param{name: "region", kind: pRegion})},
		{path: "/api/v1/missions/{id}", params: []param{asOf}, serve: s.serveMission},
		{path: "/api/v1/accreditations", csv: true, serve: s.serveAccreditations, params: with(asOf,
			param{name: "mission", kind: pID},
			param{name: "receiver", kind: pParty},
			param{name: "residence", kind: pEnum, enum: names(registry.Residences)},
			param{name: "status", kind: pEnum, enum: names(registry.AccStatuses)})},
		{path: "/api/v1/countries", csv: true, daily: true, serve: s.serveCountries, params: with(asOf,
			param{name: "region", kind: pRegion},
			param{name: "coverage", kind: pEnum, enum: coverages})},
		{path: "/api/v1/countries/{iso2}", daily: true, params: []param{asOf}, serve: s.serveCountry},
		{path: "/api/v1/organisations", csv: true, serve: s.serveOrganisations, params: with(
			param{name: "kind", kind: pEnum, enum: names(registry.OrgKinds)})},
		{path: "/api/v1/memberships", csv: true, serve: s.serveMemberships, params: with(asOf,
			param{name: "organisation", kind: pID},
			param{name: "status", kind: pEnum, enum: names(registry.MembershipStatuses)})},
		{path: "/api/v1/honorary-consuls", csv: true, serve: s.serveHonoraryConsuls, params: with(asOf,
			param{name: "country", kind: pISO2},
			param{name: "status", kind: pEnum, enum: names(registry.HCStatuses)})},
		{path: "/api/v1/agreements", csv: true, daily: true, serve: s.serveAgreements, params: agreementParams()},
		{path: "/api/v1/diplomatic-list", daily: true, params: []param{asOf}, serve: s.serveDiplomaticList},
		{path: "/api/v1/policy", daily: true, params: []param{asOf}, serve: s.servePolicy},
		{path: "/api/v1/policy/indicators", csv: true, serve: s.serveIndicators},
		{path: "/api/v1/policy/progress", csv: true, daily: true, serve: s.serveProgress,
			params: []param{{name: "period", kind: pPeriod}}},
		{path: "/api/v1/policy/report/{fy}", daily: true, serve: s.serveReport},
		{path: "/api/v1/changes", params: with(param{name: "since", kind: pChangeSince}), serve: s.serveChanges},
		{path: "/api/v1/export.zip", media: "application/zip", filename: "chancery-registry.zip", serve: s.serveExport},
	}, s.trackerRoutes()...)
}

// list is the envelope of a collection.
type list[T any] struct {
	AsOf       *registry.Date `json:"as_of,omitempty"`
	Total      int            `json:"total"` // matching records, over all pages
	NextCursor string         `json:"next_cursor,omitempty"`
	Data       []T            `json:"data"`
}

// page cuts the records (sorted by id) after the cursor and up to the limit.
func page[T any](items []T, id func(T) string, q *query) list[T] {
	l := list[T]{Total: len(items)}
	if q.hasAsOf {
		l.AsOf = &q.asOf
	}
	start := 0
	if q.after != "" {
		start, _ = slices.BinarySearchFunc(items, q.after, func(it T, after string) int {
			switch {
			case id(it) <= after:
				return -1
			}
			return 1
		})
	}
	end := min(start+q.limit, len(items))
	l.Data = items[start:end]
	if l.Data == nil {
		l.Data = []T{}
	}
	if end < len(items) {
		l.NextCursor = encodeCursor(id(items[end-1]))
	}
	return l
}

func jsonResult(v any) result {
	b, err := json.Marshal(v)
	if err != nil {
		return result{problem: &Problem{Type: typeInternal, Title: "Internal error", Status: http.StatusInternalServerError}}
	}
	return result{body: append(b, '\n'), contentType: "application/json"}
}

// date returns the as_of parameter, or today (the day of q.now, in UTC).
// A route that calls it must be daily: without as_of, its answer changes
// with the day.
func (q *query) date() registry.Date {
	if q.hasAsOf {
		return q.asOf
	}
	return registry.DateOf(q.now.UTC())
}

func (s *Server) serveFigures(reg *registry.Registry, r *http.Request, q *query, f format) result {
	figs := reg.Figures(q.date())
	if f == formatCSV {
		return figuresCSV(figs)
	}
	return jsonResult(figs)
}

func ptrs[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

func (s *Server) serveMissions(reg *registry.Registry, r *http.Request, q *query, f format) result {
	// The filters are read once, not per mission: at world scale the loop
	// runs over some 15,000 missions.
	sender, hasSender := q.parties["sender"]
	to, hasTo := q.parties["accredited_to"]
	kinds, hasKind := q.enums["kind"]
	statuses, hasStatus := q.enums["status"]
	located, hasLocated := q.iso2["located_in"]
	region, hasRegion := q.regions["region"]
	inRegion := func(iso2 string) bool {
		c := reg.Country(iso2)
		return c != nil && (c.RegionCode == region || c.SubregionCode == region)
	}
	var out []*registry.Mission
	missions := reg.Dataset().Missions
	for i := range missions {
		m := &missions[i]
		if hasKind && !slices.Contains(kinds, string(m.Kind)) ||
			hasStatus && !slices.Contains(statuses, string(m.Status)) ||
			hasSender && m.Sender != sender ||
			hasLocated && m.Country != located ||
			q.hasAsOf && !m.OpenAt(q.asOf) ||
			hasRegion && !inRegion(m.Country) {
			continue
		}
		if hasTo && !slices.ContainsFunc(reg.Accreditations(m.ID), func(a *registry.Accreditation) bool {
			return a.Receiver == to && (!q.hasAsOf || a.ActiveAt(q.asOf))
		}) {
			continue
		}
		out = append(out, m)
	}
	return collection(out, func(m *registry.Mission) string { return m.ID }, q, f, "missions.csv",
		func(ds *registry.Dataset, items []*registry.Mission) { ds.Missions = deref(items) })
}

// missionDetail is one mission with its accreditations and heads.
type missionDetail struct {
	*registry.Mission
	Accreditations []*registry.Accreditation `json:"accreditations"`
	Heads          []*registry.Appointment   `json:"heads"`
}

func (s *Server) serveMission(reg *registry.Registry, r *http.Request, q *query, f format) result {
	id := r.PathValue("id")
	m := reg.Mission(id)
	if m == nil {
		return result{problem: notFound("no mission with id " + quote(id))}
	}
	d := missionDetail{Mission: m, Accreditations: []*registry.Accreditation{}, Heads: []*registry.Appointment{}}
	for _, a := range reg.Accreditations(id) {
		if !q.hasAsOf || a.ActiveAt(q.asOf) {
			d.Accreditations = append(d.Accreditations, a)
		}
	}
	for _, a := range reg.Appointments(id) {
		if !q.hasAsOf || (!a.Ended.OnOrBefore(q.asOf) && !a.CredentialsPresented.After(q.asOf)) {
			d.Heads = append(d.Heads, a)
		}
	}
	return jsonResult(d)
}

func (s *Server) serveAccreditations(reg *registry.Registry, r *http.Request, q *query, f format) result {
	recv, hasRecv := q.parties["receiver"]
	mission, hasMission := q.ids["mission"]
	residences, hasResidence := q.enums["residence"]
	statuses, hasStatus := q.enums["status"]
	keep := func(a *registry.Accreditation) bool {
		return (!hasRecv || a.Receiver == recv) &&
			(!hasResidence || slices.Contains(residences, string(a.Residence))) &&
			(!hasStatus || slices.Contains(statuses, string(a.Status))) &&
			(!q.hasAsOf || a.ActiveAt(q.asOf))
	}
	var out []*registry.Accreditation
	if hasMission {
		// The mission's own accreditations, from the registry's index.
		for _, a := range reg.Accreditations(mission) {
			if keep(a) {
				out = append(out, a)
			}
		}
	} else {
		all := reg.Dataset().Accreditations
		for i := range all {
			if keep(&all[i]) {
				out = append(out, &all[i])
			}
		}
	}
	return collection(out, func(a *registry.Accreditation) string { return a.ID }, q, f, "accreditations.csv",
		func(ds *registry.Dataset, items []*registry.Accreditation) { ds.Accreditations = deref(items) })
}

// countrySummary is a country with how the home state covers it.
type countrySummary struct {
	*registry.Country
	Coverage  registry.Coverage     `json:"coverage"`
	Relations registry.RelationKind `json:"relations,omitempty"`
}

func (s *Server) serveCountries(reg *registry.Registry, r *http.Request, q *query, f format) result {
	d := q.date()
	var out []countrySummary
	for _, c := range ptrs(reg.Dataset().Countries) {
		if rg, ok := q.regions["region"]; ok && c.RegionCode != rg && c.SubregionCode != rg {
			continue
		}
		ans := reg.Find(c.ISO2, d)
		if cv, ok := q.enums["coverage"]; ok && !slices.Contains(cv, string(ans.Coverage)) {
			continue
		}
		out = append(out, countrySummary{Country: c, Coverage: ans.Coverage, Relations: ans.Relations.Status})
	}
	if f == formatCSV {
		if q.hasLimit || q.after != "" {
			out = page(out, func(c countrySummary) string { return c.ISO2 }, q).Data
		}
		return countriesCSV(reg, out)
	}
	return jsonResult(page(out, func(c countrySummary) string { return c.ISO2 }, q))
}

func (s *Server) serveCountry(reg *registry.Registry, r *http.Request, q *query, f format) result {
	iso2 := r.PathValue("iso2")
	ans := reg.Find(iso2, q.date())
	if ans == nil {
		return result{problem: notFound("no country with ISO 3166-1 alpha-2 code " + quote(iso2))}
	}
	// Find leaves empty lists nil; the API answers [] rather than null.
	nonNil(&ans.Resident)
	nonNil(&ans.NonResident)
	nonNil(&ans.HonoraryConsuls)
	nonNil(&ans.Relations.Events)
	nonNil(&ans.TheirResident)
	nonNil(&ans.TheirNonResident)
	return jsonResult(ans)
}

// nonNil makes a nil slice empty, so that it is encoded as [] rather than null.
func nonNil[T any](s *[]T) {
	if *s == nil {
		*s = []T{}
	}
}

func (s *Server) serveOrganisations(reg *registry.Registry, r *http.Request, q *query, f format) result {
	var out []*registry.Organisation
	for _, o := range ptrs(reg.Dataset().Organisations) {
		if k, ok := q.enums["kind"]; ok && !slices.Contains(k, string(o.Kind)) {
			continue
		}
		out = append(out, o)
	}
	return collection(out, func(o *registry.Organisation) string { return o.ID }, q, f, "organisations.csv",
		func(ds *registry.Dataset, items []*registry.Organisation) { ds.Organisations = deref(items) })
}

func (s *Server) serveMemberships(reg *registry.Registry, r *http.Request, q *query, f format) result {
	var out []*registry.Membership
	for _, m := range ptrs(reg.Dataset().Memberships) {
		status := m.Status
		if q.hasAsOf {
			st, ok := m.StatusAt(q.asOf)
			if !ok {
				continue
			}
			status = st
		}
		if o, ok := q.ids["organisation"]; ok && m.Organisation != o {
			continue
		}
		if v, ok := q.enums["status"]; ok && !slices.Contains(v, string(status)) {
			continue
		}
		out = append(out, m)
	}
	return collection(out, func(m *registry.Membership) string { return m.ID }, q, f, "memberships.csv",
		func(ds *registry.Dataset, items []*registry.Membership) { ds.Memberships = deref(items) })
}

func (s *Server) serveHonoraryConsuls(reg *registry.Registry, r *http.Request, q *query, f format) result {
	var out []*registry.HonoraryConsul
	for _, h := range ptrs(reg.Dataset().HonoraryConsuls) {
		if q.hasAsOf && !h.ActingAt(q.asOf) {
			continue
		}
		if c, ok := q.iso2["country"]; ok && h.Country != c {
			continue
		}
		if v, ok := q.enums["status"]; ok && !slices.Contains(v, string(h.Status)) {
			continue
		}
		out = append(out, h)
	}
	return collection(out, func(h *registry.HonoraryConsul) string { return h.ID }, q, f, "honorary_consuls.csv",
		func(ds *registry.Dataset, items []*registry.HonoraryConsul) { ds.HonoraryConsuls = deref(items) })
}

func (s *Server) serveDiplomaticList(reg *registry.Registry, r *http.Request, q *query, f format) result {
	list := reg.Precedence(q.date())
	nonNil(&list.Heads)
	nonNil(&list.ChargesAI)
	nonNil(&list.Pending)
	return jsonResult(list)
}

func deref[T any](items []*T) []T {
	out := make([]T, len(items))
	for i, p := range items {
		out[i] = *p
	}
	return out
}

// collection answers a list of records as a JSON page, or as CSV in the
// format of the seed data file with the given name (every matching record,
// unless limit or cursor are given).
func collection[T any](items []T, id func(T) string, q *query, f format, file string, fill func(*registry.Dataset, []T)) result {
	if f == formatCSV {
		if q.hasLimit || q.after != "" {
			items = page(items, id, q).Data
		}
		var ds registry.Dataset
		fill(&ds, items)
		return datasetCSV(file, &ds)
	}
	return jsonResult(page(items, id, q))
}
