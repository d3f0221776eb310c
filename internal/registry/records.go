package registry

// EachRecord calls fn with the entity name (as the store and the audit log
// name it: "country", "honorary_consul", ...), the id and the Meta of every
// record of ds, entity by entity in the order of the Dataset's fields.
func (ds *Dataset) EachRecord(fn func(entity, id string, m *Meta)) {
	for i := range ds.Countries {
		fn("country", ds.Countries[i].ISO2, &ds.Countries[i].Meta)
	}
	for i := range ds.Relations {
		fn("relation", ds.Relations[i].ID, &ds.Relations[i].Meta)
	}
	for i := range ds.Organisations {
		fn("organisation", ds.Organisations[i].ID, &ds.Organisations[i].Meta)
	}
	for i := range ds.Missions {
		fn("mission", ds.Missions[i].ID, &ds.Missions[i].Meta)
	}
	for i := range ds.Accreditations {
		fn("accreditation", ds.Accreditations[i].ID, &ds.Accreditations[i].Meta)
	}
	for i := range ds.People {
		fn("person", ds.People[i].ID, &ds.People[i].Meta)
	}
	for i := range ds.Appointments {
		fn("appointment", ds.Appointments[i].ID, &ds.Appointments[i].Meta)
	}
	for i := range ds.HonoraryConsuls {
		fn("honorary_consul", ds.HonoraryConsuls[i].ID, &ds.HonoraryConsuls[i].Meta)
	}
	for i := range ds.Memberships {
		fn("membership", ds.Memberships[i].ID, &ds.Memberships[i].Meta)
	}
	for i := range ds.DeclaredFigures {
		fn("declared_figure", ds.DeclaredFigures[i].ID, &ds.DeclaredFigures[i].Meta)
	}
	for i := range ds.FinderNotes {
		fn("finder_note", ds.FinderNotes[i].Country, &ds.FinderNotes[i].Meta)
	}
	for i := range ds.Agreements {
		fn("agreement", ds.Agreements[i].ID, &ds.Agreements[i].Meta)
	}
	for i := range ds.PolicyNodes {
		fn("policy_node", ds.PolicyNodes[i].ID, &ds.PolicyNodes[i].Meta)
	}
	for i := range ds.Initiatives {
		fn("initiative", ds.Initiatives[i].ID, &ds.Initiatives[i].Meta)
	}
	for i := range ds.Indicators {
		fn("indicator", ds.Indicators[i].ID, &ds.Indicators[i].Meta)
	}
	for i := range ds.IndicatorActuals {
		fn("indicator_actual", ds.IndicatorActuals[i].ID, &ds.IndicatorActuals[i].Meta)
	}
	for i := range ds.Engagements {
		fn("engagement", ds.Engagements[i].ID, &ds.Engagements[i].Meta)
	}
	for i := range ds.Commitments {
		fn("commitment", ds.Commitments[i].ID, &ds.Commitments[i].Meta)
	}
	for i := range ds.Associations {
		fn("association", ds.Associations[i].ID, &ds.Associations[i].Meta)
	}
	for i := range ds.Stakeholders {
		fn("stakeholder", ds.Stakeholders[i].ID, &ds.Stakeholders[i].Meta)
	}
	for i := range ds.Consultations {
		fn("consultation", ds.Consultations[i].ID, &ds.Consultations[i].Meta)
	}
}
