package api

import (
	"net/http"
	"slices"

	"github.com/chancery-org/chancery/internal/registry"
)

// agreementParams are the filters of /api/v1/agreements.
func agreementParams() []param {
	return append([]param{
		{name: "as_of", kind: pDate},
		{name: "kind", kind: pEnum, enum: names(registry.InstrumentKinds)},
		{name: "scope", kind: pEnum, enum: names(registry.AgreementScopes)},
		{name: "party", kind: pParty},
		{name: "stage", kind: pEnum, enum: names(registry.AgreementStages)},
	}, pagination()...)
}

// agreementView is an agreement with its lifecycle stage on the date asked.
type agreementView struct {
	*registry.Agreement
	Stage registry.AgreementStage `json:"stage,omitempty"`
}

// serveAgreements lists the register of agreements. With as_of, only the
// agreements with a step dated by then; stage is the stage on as_of (or
// today) and the stage filter applies to it.
func (s *Server) serveAgreements(reg *registry.Registry, r *http.Request, q *query, f format) result {
	d := q.date()
	kinds, hasKind := q.enums["kind"]
	scopes, hasScope := q.enums["scope"]
	stages, hasStage := q.enums["stage"]
	party, hasParty := q.parties["party"]
	var out []agreementView
	for _, a := range ptrs(reg.Dataset().Agreements) {
		st := a.StageAt(d)
		if q.hasAsOf && st == registry.StageNone ||
			hasKind && !slices.Contains(kinds, string(a.Kind)) ||
			hasScope && !slices.Contains(scopes, string(a.Scope)) ||
			hasStage && !slices.Contains(stages, string(st)) ||
			hasParty && !slices.Contains(a.Parties, party) && a.Depositary != party {
			continue
		}
		out = append(out, agreementView{Agreement: a, Stage: st})
	}
	id := func(v agreementView) string { return v.ID }
	if f == formatCSV {
		if q.hasLimit || q.after != "" {
			out = page(out, id, q).Data
		}
		ds := registry.Dataset{Agreements: make([]registry.Agreement, len(out))}
		for i, v := range out {
			ds.Agreements[i] = *v.Agreement
		}
		return datasetCSV("agreements.csv", &ds)
	}
	return jsonResult(page(out, id, q))
}
