package registry

import "time"

// Figure names, in the order they are shown. Declared figures use the same names.
const (
	FigDiplomaticMissions        = "diplomatic_missions"           // embassies, high commissions, nunciatures, permanent missions, delegations
	FigConsularPosts             = "consular_posts"                // consulates general and consulates
	FigOtherPosts                = "other_posts"                   // liaison offices
	FigCountriesCovered          = "countries_covered"             // parts: resident, non_resident
	FigHonoraryConsuls           = "honorary_consuls"              // acting at the date
	FigHonoraryConsulCountries   = "honorary_consul_countries"     // distinct countries they serve in
	FigMemberships               = "memberships"                   // current: member, associate, observer
	FigFormerMemberships         = "former_memberships"            // left or dissolved
	FigForeignMissionsResident   = "foreign_missions_resident"     // in the home state; parts: states, organisations
	FigForeignMissionsAccredited = "foreign_missions_non_resident" // accredited to the home state from abroad
	FigAgreementsInForce         = "agreements_in_force"           // binding the home state; parts: bilateral, multilateral
	FigVisitsThisFiscalYear      = "visits_this_fiscal_year"       // visits since the fiscal year began; parts: incoming, outgoing
)

// FigureNames lists every figure name.
var FigureNames = []string{
	FigDiplomaticMissions, FigConsularPosts, FigOtherPosts, FigCountriesCovered, FigHonoraryConsuls,
	FigHonoraryConsulCountries, FigMemberships, FigFormerMemberships, FigForeignMissionsResident,
	FigForeignMissionsAccredited, FigAgreementsInForce, FigVisitsThisFiscalYear,
}

// Part is one line of a figure's breakdown.
type Part struct {
	Name  string `json:"name"`
	Value int    `json:"value"`
}

// Figure is one computed headline figure, beside what the ministry declared.
type Figure struct {
	Name  string `json:"name"`
	Value int    `json:"value"`
	// Unconfirmed counts the records in Value whose certainty is likely or
	// uncertain, so that a reader sees how firm the number is.
	Unconfirmed int    `json:"unconfirmed"`
	Parts       []Part `json:"parts,omitempty"`
	// Declared is the latest figure the ministry published under this name, if any.
	Declared *DeclaredFigure `json:"declared,omitempty"`
	// Difference is Value minus the declared value (0 when nothing was declared).
	Difference int `json:"difference"`
}

// Figures are the headline figures of the home state on a date.
type Figures struct {
	Home  string   `json:"home_state"`
	AsOf  Date     `json:"as_of"`
	Items []Figure `json:"figures"`
}

// Get returns the figure with the given name.
func (f *Figures) Get(name string) (Figure, bool) {
	for _, it := range f.Items {
		if it.Name == name {
			return it, true
		}
	}
	return Figure{}, false
}

// Figures computes the home state's headline figures on day d (DESIGN §3):
// its missions abroad open at d by kind, the countries they cover (hosting an
// open mission or receiving an accreditation in force), its acting honorary
// consuls and their countries, its memberships by standing, and the foreign
// missions resident in it or accredited to it from abroad, the agreements
// in force for it, and the visits of its fiscal year up to d.
func (r *Registry) Figures(d Date) *Figures {
	home := r.Home()
	homeParty := StateParty(home)
	f := &Figures{Home: home, AsOf: d}
	unsure := func(c Certainty) int {
		if c == Likely || c == Uncertain {
			return 1
		}
		return 0
	}

	dip := Figure{Name: FigDiplomaticMissions}
	cons := Figure{Name: FigConsularPosts}
	other := Figure{Name: FigOtherPosts}
	byKind := map[MissionKind]int{}
	// Covered countries, each mapped to whether a record of certainty
	// "reported" covers it.
	resident := map[string]bool{}
	concurrent := map[string]bool{}
	cover := func(set map[string]bool, iso2 string, sure bool) {
		if iso2 != home {
			set[iso2] = set[iso2] || sure
		}
	}
	for _, m := range r.missionsBySender[homeParty] {
		if !m.OpenAt(d) {
			continue
		}
		byKind[m.Kind]++
		target := &other
		switch {
		case m.Kind.Diplomatic():
			target = &dip
		case m.Kind.Consular():
			target = &cons
		}
		target.Value++
		target.Unconfirmed += unsure(m.Certainty)
		cover(resident, m.Country, m.Certainty == Reported)
		for _, a := range r.accByMission[m.ID] {
			if a.Receiver.Type == PartyState && a.ActiveAt(d) {
				cover(concurrent, a.Receiver.Code, m.Certainty == Reported && a.Certainty == Reported)
			}
		}
	}
	for _, k := range MissionKinds {
		if byKind[k] == 0 {
			continue
		}
		p := Part{Name: string(k), Value: byKind[k]}
		switch {
		case k.Diplomatic():
			dip.Parts = append(dip.Parts, p)
		case k.Consular():
			cons.Parts = append(cons.Parts, p)
		default:
			other.Parts = append(other.Parts, p)
		}
	}
	covered := Figure{Name: FigCountriesCovered}
	nonResidentOnly := 0
	for iso2, sure := range concurrent {
		if _, ok := resident[iso2]; !ok {
			nonResidentOnly++
		}
		if !sure && !resident[iso2] {
			covered.Unconfirmed++
		}
	}
	for iso2, sure := range resident {
		if _, ok := concurrent[iso2]; !ok && !sure {
			covered.Unconfirmed++
		}
	}
	covered.Value = len(resident) + nonResidentOnly
	covered.Parts = []Part{{"resident", len(resident)}, {"non_resident", nonResidentOnly}}

	hc := Figure{Name: FigHonoraryConsuls}
	hcCountries := map[string]bool{}
	for _, list := range r.hcByCountry {
		for _, h := range list {
			if h.ActingAt(d) {
				hc.Value++
				hc.Unconfirmed += unsure(h.Certainty)
				hcCountries[h.Country] = true
			}
		}
	}
	hcc := Figure{Name: FigHonoraryConsulCountries, Value: len(hcCountries)}

	mem := Figure{Name: FigMemberships}
	former := Figure{Name: FigFormerMemberships}
	byStatus := map[MembershipStatus]int{}
	for _, m := range r.membershipsOf[home] {
		st, ok := m.StatusAt(d)
		if !ok {
			continue
		}
		byStatus[st]++
		if st == FormerMember {
			former.Value++
			former.Unconfirmed += unsure(m.Certainty)
		} else {
			mem.Value++
			mem.Unconfirmed += unsure(m.Certainty)
		}
	}
	for _, st := range []MembershipStatus{Member, AssociateMember, Observer} {
		mem.Parts = append(mem.Parts, Part{string(st), byStatus[st]})
	}

	fres := Figure{Name: FigForeignMissionsResident}
	states, orgs := 0, 0
	for _, m := range r.missionsByLocation[home] {
		if m.Sender == homeParty || !m.OpenAt(d) {
			continue
		}
		fres.Value++
		fres.Unconfirmed += unsure(m.Certainty)
		if m.Sender.Type == PartyOrganisation {
			orgs++
		} else {
			states++
		}
	}
	fres.Parts = []Part{{"states", states}, {"organisations", orgs}}

	fnon := Figure{Name: FigForeignMissionsAccredited}
	seen := map[string]bool{}
	for _, a := range r.accByReceiver[homeParty] {
		m := r.missions[a.Mission]
		if m == nil || m.Country == home || seen[m.ID] || !a.ActiveAt(d) || !m.OpenAt(d) {
			continue
		}
		seen[m.ID] = true
		fnon.Value++
		fnon.Unconfirmed += unsure(a.Certainty) | unsure(m.Certainty)
	}

	f.Items = []Figure{dip, cons, other, covered, hc, hcc, mem, former, fres, fnon, r.agreementsInForce(d), r.visitsThisFiscalYear(d)}
	for i := range f.Items {
		it := &f.Items[i]
		if decl := r.declared[it.Name]; decl != nil {
			it.Declared = decl
			it.Difference = it.Value - decl.Value
		}
	}
	return f
}

// FiscalYearStart returns the first day of the fiscal year, starting in
// month start, that contains day d (a date known only to its year or month
// stands for its first day). A start outside 1-12 counts as January.
func FiscalYearStart(d Date, start time.Month) Date {
	if start < time.January || start > time.December {
		start = time.January
	}
	f := int(d.First())
	y, m := f/10000, time.Month(f/100%100)
	if m < start {
		y--
	}
	return NewDate(y, start, 1)
}

// visitsThisFiscalYear is the figure of the public visits (engagements of
// kind visit) whose start falls in the fiscal year containing d, on or
// before d, by direction. Visits kept off the public pages are not counted,
// so that the figure can be recomputed from the published data.
func (r *Registry) visitsThisFiscalYear(d Date) Figure {
	f := Figure{Name: FigVisitsThisFiscalYear}
	from := FiscalYearStart(d, r.data.Settings.FiscalYearStartMonth()).First()
	var in, out int
	for i := range r.data.Engagements {
		e := &r.data.Engagements[i]
		if e.Kind != Visit || !e.Shown() || e.Start.IsZero() || e.Start.First() < from || e.Start.First() > d.First() {
			continue
		}
		f.Value++
		switch e.Direction {
		case Incoming:
			in++
		case Outgoing:
			out++
		}
	}
	f.Parts = []Part{{string(Incoming), in}, {string(Outgoing), out}}
	return f
}
