package web

import (
	"cmp"
	"slices"

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
