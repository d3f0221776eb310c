package registry

import (
	"cmp"
	"slices"
)

// Registry is an immutable, indexed snapshot of a Dataset. It answers the
// registry's questions (figures, finder, precedence) without touching storage;
// build a new one after each committed write.
type Registry struct {
	data Dataset

	countries     map[string]*Country
	organisations map[string]*Organisation
	missions      map[string]*Mission
	people        map[string]*Person

	missionsBySender   map[Party][]*Mission
	missionsByLocation map[string][]*Mission
	accByMission       map[string][]*Accreditation
	accByReceiver      map[Party][]*Accreditation
	homeMissionsIn     map[string][]*Mission      // the home state's missions, by location
	missionsInHome     map[Party][]*Mission       // foreign missions in the home state, by sender
	homeAccTo          map[Party][]*Accreditation // accreditations of the home state's missions, by receiver
	accToHomeFrom      map[Party][]*Accreditation // accreditations to the home state, by sender
	apptsByReceiver    map[Party][]*Appointment
	apptsByMission     map[string][]*Appointment
	hcByCountry        map[string][]*HonoraryConsul
	relByCountry       map[string][]*RelationEvent // by date
	membershipsOf      map[string][]*Membership
	declared           map[string]*DeclaredFigure // latest by name
	finderNotes        map[string]*FinderNote
	tracker            trackerIndex // the policy tracker's records by id

	revision  int64 // the latest revision of any record or deletion
	synthetic bool  // some mission is synthetic (SyntheticSource)
}

// SyntheticSource is the source of invented records (package synthetic, the
// "demo world" command): a registry holding any is shown as not real.
const SyntheticSource = "synthetic"

// New indexes ds. It takes ownership of ds: the caller must not change it
// afterwards. New does not validate; see Validate.
func New(ds Dataset) *Registry {
	r := &Registry{
		data:               ds,
		countries:          make(map[string]*Country, len(ds.Countries)),
		organisations:      make(map[string]*Organisation, len(ds.Organisations)),
		missions:           make(map[string]*Mission, len(ds.Missions)),
		people:             make(map[string]*Person, len(ds.People)),
		missionsBySender:   map[Party][]*Mission{},
		missionsByLocation: map[string][]*Mission{},
		accByMission:       map[string][]*Accreditation{},
		accByReceiver:      map[Party][]*Accreditation{},
		homeMissionsIn:     map[string][]*Mission{},
		missionsInHome:     map[Party][]*Mission{},
		homeAccTo:          map[Party][]*Accreditation{},
		accToHomeFrom:      map[Party][]*Accreditation{},
		apptsByReceiver:    map[Party][]*Appointment{},
		apptsByMission:     map[string][]*Appointment{},
		hcByCountry:        map[string][]*HonoraryConsul{},
		relByCountry:       map[string][]*RelationEvent{},
		membershipsOf:      map[string][]*Membership{},
		declared:           map[string]*DeclaredFigure{},
		finderNotes:        map[string]*FinderNote{},
	}
	d := &r.data
	d.sortByID()
	for i := range d.Countries {
		r.countries[d.Countries[i].ISO2] = &d.Countries[i]
	}
	for i := range d.Organisations {
		r.organisations[d.Organisations[i].ID] = &d.Organisations[i]
	}
	for i := range d.People {
		r.people[d.People[i].ID] = &d.People[i]
	}
	for i := range d.Missions {
		m := &d.Missions[i]
		r.missions[m.ID] = m
		r.missionsBySender[m.Sender] = append(r.missionsBySender[m.Sender], m)
		r.missionsByLocation[m.Country] = append(r.missionsByLocation[m.Country], m)
		switch home := ds.Settings.HomeState; {
		case m.Sender.IsState(home):
			r.homeMissionsIn[m.Country] = append(r.homeMissionsIn[m.Country], m)
		case m.Country == home:
			r.missionsInHome[m.Sender] = append(r.missionsInHome[m.Sender], m)
		}
	}
	for i := range d.Accreditations {
		a := &d.Accreditations[i]
		r.accByMission[a.Mission] = append(r.accByMission[a.Mission], a)
		r.accByReceiver[a.Receiver] = append(r.accByReceiver[a.Receiver], a)
	}
	// The home state's side, from the indexes above: a few hundred lookups.
	home := StateParty(ds.Settings.HomeState)
	for _, m := range r.missionsBySender[home] {
		for _, a := range r.accByMission[m.ID] {
			r.homeAccTo[a.Receiver] = append(r.homeAccTo[a.Receiver], a)
		}
	}
	for _, a := range r.accByReceiver[home] {
		if m := r.missions[a.Mission]; m != nil && m.Sender != home {
			r.accToHomeFrom[m.Sender] = append(r.accToHomeFrom[m.Sender], a)
		}
	}
	for i := range d.Appointments {
		a := &d.Appointments[i]
		r.apptsByReceiver[a.Receiver] = append(r.apptsByReceiver[a.Receiver], a)
		if a.Mission != "" {
			r.apptsByMission[a.Mission] = append(r.apptsByMission[a.Mission], a)
		}
	}
	for i := range d.HonoraryConsuls {
		h := &d.HonoraryConsuls[i]
		r.hcByCountry[h.Country] = append(r.hcByCountry[h.Country], h)
	}
	for i := range d.Relations {
		e := &d.Relations[i]
		r.relByCountry[e.Country] = append(r.relByCountry[e.Country], e)
	}
	for _, evs := range r.relByCountry {
		slices.SortStableFunc(evs, func(a, b *RelationEvent) int { return cmp.Compare(a.Date.First(), b.Date.First()) })
	}
	for i := range d.Memberships {
		m := &d.Memberships[i]
		r.membershipsOf[m.Member] = append(r.membershipsOf[m.Member], m)
	}
	for i := range d.DeclaredFigures {
		f := &d.DeclaredFigures[i]
		if old, ok := r.declared[f.Name]; !ok || old.Date.First() < f.Date.First() {
			r.declared[f.Name] = f
		}
	}
	for i := range d.FinderNotes {
		n := &d.FinderNotes[i]
		r.finderNotes[n.Country] = n
	}
	r.indexTracker()
	r.revision = d.latestRevision()
	for i := range d.Missions {
		if d.Missions[i].Source == SyntheticSource {
			r.synthetic = true
			break
		}
	}
	return r
}

// Synthetic reports whether the registry holds invented missions (those
// whose source is SyntheticSource), so that pages can say the data is not
// real.
func (r *Registry) Synthetic() bool { return r.synthetic }

// Revision returns the latest revision of the records and deletions the
// registry holds (0 when none has one): a registry built after a later write
// has a revision at least as high.
func (r *Registry) Revision() int64 { return r.revision }

// latestRevision returns the highest Revision in ds.
func (ds *Dataset) latestRevision() int64 {
	var rev int64
	ds.EachRecord(func(_, _ string, m *Meta) { rev = max(rev, m.Revision) })
	for _, d := range ds.Deletions {
		rev = max(rev, d.Revision)
	}
	return rev
}

// Dataset returns the records the registry was built from. The caller must not
// modify them; use Dataset.Clone for a copy to change.
func (r *Registry) Dataset() *Dataset { return &r.data }

// Settings returns the deployment's settings.
func (r *Registry) Settings() Settings { return r.data.Settings }

// Home returns the home state's ISO code.
func (r *Registry) Home() string { return r.data.Settings.HomeState }

// Country returns the country with ISO code iso2, or nil.
func (r *Registry) Country(iso2 string) *Country { return r.countries[iso2] }

// Organisation returns the organisation with the given id, or nil.
func (r *Registry) Organisation(id string) *Organisation { return r.organisations[id] }

// Mission returns the mission with the given id, or nil.
func (r *Registry) Mission(id string) *Mission { return r.missions[id] }

// Person returns the person with the given id, or nil.
func (r *Registry) Person(id string) *Person { return r.people[id] }

// Appointments returns the appointments of heads of the mission with the given id.
func (r *Registry) Appointments(mission string) []*Appointment { return r.apptsByMission[mission] }

// Accreditations returns the accreditations of the mission with the given id.
func (r *Registry) Accreditations(mission string) []*Accreditation { return r.accByMission[mission] }

// PartyName returns the English name of a state or organisation, or its code
// when unknown.
func (r *Registry) PartyName(p Party, lang string) string {
	if p.Type == PartyOrganisation {
		if o := r.organisations[p.Code]; o != nil {
			return o.Names.In(lang)
		}
		return p.Code
	}
	if c := r.countries[p.Code]; c != nil {
		return c.Names.In(lang)
	}
	return p.Code
}

// partyExists reports whether p names a known state or organisation.
func (r *Registry) partyExists(p Party) bool {
	switch p.Type {
	case PartyState:
		return r.countries[p.Code] != nil
	case PartyOrganisation:
		return r.organisations[p.Code] != nil
	}
	return false
}

// sortByID puts every list in the order of its records' ids, so that answers
// and exports do not depend on how the data was loaded; deletions go by
// revision, then entity and id.
func (ds *Dataset) sortByID() {
	slices.SortFunc(ds.Countries, func(a, b Country) int { return cmp.Compare(a.ISO2, b.ISO2) })
	slices.SortFunc(ds.Relations, func(a, b RelationEvent) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Organisations, func(a, b Organisation) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Missions, func(a, b Mission) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Accreditations, func(a, b Accreditation) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.People, func(a, b Person) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Appointments, func(a, b Appointment) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.HonoraryConsuls, func(a, b HonoraryConsul) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Memberships, func(a, b Membership) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.DeclaredFigures, func(a, b DeclaredFigure) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.FinderNotes, func(a, b FinderNote) int { return cmp.Compare(a.Country, b.Country) })
	slices.SortFunc(ds.Agreements, func(a, b Agreement) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.PolicyNodes, func(a, b PolicyNode) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Initiatives, func(a, b Initiative) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Indicators, func(a, b Indicator) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.IndicatorActuals, func(a, b IndicatorActual) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Engagements, func(a, b Engagement) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Commitments, func(a, b Commitment) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Associations, func(a, b Association) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Stakeholders, func(a, b Stakeholder) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Consultations, func(a, b Consultation) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ds.Deletions, func(a, b Deletion) int {
		return cmp.Or(cmp.Compare(a.Revision, b.Revision), cmp.Compare(a.Entity, b.Entity), cmp.Compare(a.ID, b.ID))
	})
}
