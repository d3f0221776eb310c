package registry

// Coverage says how the home state serves a country.
type Coverage string

const (
	CoverResident     Coverage = "resident"      // a mission of the home state is in the country
	CoverNonResident  Coverage = "non_resident"  // a mission elsewhere is accredited to it
	CoverHonoraryOnly Coverage = "honorary_only" // only honorary consuls
	CoverHQ           Coverage = "hq"            // served from the ministry itself
	CoverNone         Coverage = "none"
	CoverHome         Coverage = "home" // the country is the home state
)

// Covering is a mission of the home state accredited to a country from elsewhere.
type Covering struct {
	Mission       *Mission       `json:"mission"`
	Accreditation *Accreditation `json:"accreditation"`
}

// Relations is the state of diplomatic relations with the home state on a date.
type Relations struct {
	// Status is the latest event on or before the date ("established",
	// "suspended", "severed", "restored"), or "" when none is recorded.
	Status RelationKind    `json:"status,omitempty"`
	Since  Date            `json:"since"`
	Events []RelationEvent `json:"events"` // up to the date, oldest first
}

// Answer is the finder's answer for one country on one date.
type Answer struct {
	Country  *Country `json:"country"`
	AsOf     Date     `json:"as_of"`
	Coverage Coverage `json:"coverage"`

	Resident        []*Mission        `json:"resident"`         // the home state's open missions in the country
	NonResident     []Covering        `json:"non_resident"`     // accredited from elsewhere
	HonoraryConsuls []*HonoraryConsul `json:"honorary_consuls"` // acting in the country
	Note            *FinderNote       `json:"note,omitempty"`   // the ministry's own text
	// ConsularContact is the ministry's consular service, given where no
	// mission or consul serves the country.
	ConsularContact string `json:"consular_contact,omitempty"`

	Relations Relations `json:"relations"`
	// The reverse side: the country's missions in the home state, and those
	// accredited to the home state from elsewhere.
	TheirResident    []*Mission `json:"their_resident"`
	TheirNonResident []*Mission `json:"their_non_resident"`
}

// Find answers "how does the home state serve country iso2 on day d?", and the
// reverse side. It returns nil when the country is unknown.
func (r *Registry) Find(iso2 string, d Date) *Answer {
	c := r.countries[iso2]
	if c == nil {
		return nil
	}
	home := r.Home()
	ans := &Answer{Country: c, AsOf: d, Note: r.finderNotes[iso2]}

	for _, m := range r.homeMissionsIn[iso2] {
		if m.OpenAt(d) {
			ans.Resident = append(ans.Resident, m)
		}
	}
	country := StateParty(iso2)
	for _, a := range r.homeAccTo[country] {
		m := r.missions[a.Mission]
		if m != nil && m.Country != iso2 && a.ActiveAt(d) && m.OpenAt(d) {
			ans.NonResident = append(ans.NonResident, Covering{Mission: m, Accreditation: a})
		}
	}
	for _, h := range r.hcByCountry[iso2] {
		if h.ActingAt(d) {
			ans.HonoraryConsuls = append(ans.HonoraryConsuls, h)
		}
	}
	switch {
	case iso2 == home:
		ans.Coverage = CoverHome
	case len(ans.Resident) > 0:
		ans.Coverage = CoverResident
	case len(ans.NonResident) > 0:
		ans.Coverage = CoverNonResident
	case len(ans.HonoraryConsuls) > 0:
		ans.Coverage = CoverHonoraryOnly
	case ans.Note != nil && ans.Note.ServedFromHQ:
		ans.Coverage = CoverHQ
	default:
		ans.Coverage = CoverNone
	}
	if ans.Coverage == CoverNone || ans.Coverage == CoverHQ {
		ans.ConsularContact = r.data.Settings.ConsularContact
	}

	ans.Relations = r.RelationsWith(iso2, d)

	for _, m := range r.missionsInHome[country] {
		if m.OpenAt(d) {
			ans.TheirResident = append(ans.TheirResident, m)
		}
	}
	for _, a := range r.accToHomeFrom[country] {
		m := r.missions[a.Mission]
		if m != nil && m.Country != home && a.ActiveAt(d) && m.OpenAt(d) {
			ans.TheirNonResident = append(ans.TheirNonResident, m)
		}
	}
	return ans
}

// RelationsWith returns the state of relations between the home state and
// country iso2 on day d.
func (r *Registry) RelationsWith(iso2 string, d Date) Relations {
	var rel Relations
	for _, e := range r.relByCountry[iso2] {
		if !e.Date.OnOrBefore(d) {
			break
		}
		rel.Events = append(rel.Events, *e)
		rel.Status, rel.Since = e.Event, e.Date
	}
	return rel
}
