package web

import (
	"cmp"
	"slices"

	"github.com/chancery-org/chancery/internal/registry"
)

type diplistData struct {
	L *registry.DiplomaticList
	// NonResident are the foreign missions accredited to the home state from
	// abroad, grouped by the place where they reside.
	NonResident []residenceGroup
}

type residenceGroup struct {
	City     string
	Country  string // ISO code
	Missions []*registry.Mission
}

// Stage names the furthest step a pending head of mission has reached, with
// its date, for the "credentials not yet presented" list.
type Stage struct {
	Key  string
	Date registry.Date
}

// PendingStage returns the latest known step of an appointment whose
// credentials are not yet presented.
func (p *Page) PendingStage(a *registry.Appointment) Stage {
	for _, st := range []Stage{
		{"stage.credentials_copy", a.CredentialsCopy},
		{"stage.arrived", a.Arrived},
		{"stage.appointed", a.Appointed},
		{"stage.agrement_granted", a.AgrementGranted},
		{"stage.agrement_requested", a.AgrementRequested},
	} {
		if !st.Date.IsZero() {
			return st
		}
	}
	return Stage{Key: "stage.unknown"}
}

func (s *Server) diplomaticListPage(rq *request) result {
	reg, home := rq.reg, rq.reg.Home()
	d := diplistData{L: reg.Precedence(rq.asOf)}
	groups := map[[2]string]*residenceGroup{}
	seen := map[string]bool{}
	for _, a := range reg.Dataset().Accreditations {
		if !a.Receiver.IsState(home) || seen[a.Mission] || !a.ActiveAt(rq.asOf) {
			continue
		}
		m := reg.Mission(a.Mission)
		if m == nil || m.Country == home || m.Sender.IsState(home) || !m.OpenAt(rq.asOf) {
			continue
		}
		seen[m.ID] = true
		k := [2]string{m.Country, m.City}
		g := groups[k]
		if g == nil {
			g = &residenceGroup{City: m.City, Country: m.Country}
			groups[k] = g
		}
		g.Missions = append(g.Missions, m)
	}
	for _, g := range groups {
		sortByName(g.Missions, func(m *registry.Mission) string { return s.partyName(rq, m.Sender) })
		d.NonResident = append(d.NonResident, *g)
	}
	slices.SortFunc(d.NonResident, func(a, b residenceGroup) int { return cmp.Compare(a.City, b.City) })
	sortByName(d.NonResident, func(g residenceGroup) string { return s.cat.CountryName(rq.lang, reg.Country(g.Country)) })
	return render("diplomatic-list", s.cat.T(rq.lang, "diplist.title"), d)
}
