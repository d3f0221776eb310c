package web

import "github.com/chancery-org/chancery/internal/registry"

type agreementsData struct {
	Rows    []agreementRow
	InForce int
}

// agreementRow is one agreement as the register page shows it.
type agreementRow struct {
	A          *registry.Agreement
	Title      string
	Stage      registry.AgreementStage
	Parties    []string
	Depositary string
}

// agreementsPage lists the register of agreements on the date shown: every
// agreement with a step dated by then, with its stage on that date.
func (s *Server) agreementsPage(rq *request) result {
	var d agreementsData
	all := rq.reg.Dataset().Agreements
	for i := range all {
		a := &all[i]
		st := a.StageAt(rq.asOf)
		if st == registry.StageNone {
			continue
		}
		row := agreementRow{A: a, Title: a.Title.In(rq.lang), Stage: st}
		for _, p := range a.Parties {
			row.Parties = append(row.Parties, s.partyName(rq, p))
		}
		if a.HasDepositary() {
			row.Depositary = s.partyName(rq, a.Depositary)
		}
		if st == registry.StageInForce {
			d.InForce++
		}
		d.Rows = append(d.Rows, row)
	}
	sortByName(d.Rows, func(r agreementRow) string { return r.Title })
	return render("agreements", s.cat.T(rq.lang, "agreements.title"), d)
}
