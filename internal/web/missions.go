package web

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/chancery-org/chancery/internal/registry"
)

// regions are the UN M49 regions, by the slug the missions filter uses.
var regions = []struct{ Slug, Code string }{
	{"africa", "002"}, {"americas", "019"}, {"asia", "142"}, {"europe", "150"}, {"oceania", "009"},
}

func regionCode(slug string) (string, bool) {
	for _, r := range regions {
		if r.Slug == slug {
			return r.Code, true
		}
	}
	return "", false
}

// Mission statuses the filter offers; "" (the default) is open.
var statusFilters = []string{"open", "closed", "planned", "suspended", "all"}

// The two sides of the network.
const (
	sideHome    = "home"    // the home state's missions
	sideForeign = "foreign" // foreign missions accredited to the home state
)

type missionsData struct {
	Side, Kind, Region, Status string
	Kinds                      []registry.MissionKind
	Regions                    []string
	Statuses                   []string
	Missions                   []missionRow
	Filtered                   bool
}

type missionRow struct {
	M      *registry.Mission
	Status registry.MissionStatus // at the date shown
}

// statusAt returns the mission's status on day d, and false when the mission
// did not exist yet. Planned and suspended missions carry no dates: they keep
// their status at any date.
func statusAt(m *registry.Mission, d registry.Date) (registry.MissionStatus, bool) {
	switch m.Status {
	case registry.MissionOpen, registry.MissionClosed:
		if m.OpenAt(d) {
			return registry.MissionOpen, true
		}
		if m.Status == registry.MissionClosed && m.Closed.OnOrBefore(d) {
			return registry.MissionClosed, true
		}
		return "", false
	}
	return m.Status, true
}

func (s *Server) missionsPage(rq *request) result {
	d := missionsData{
		Side: rq.param("side"), Kind: rq.param("kind"), Region: rq.param("region"), Status: rq.param("status"),
		Kinds: registry.MissionKinds, Statuses: statusFilters,
	}
	for _, r := range regions {
		d.Regions = append(d.Regions, r.Slug)
	}
	switch d.Side {
	case "":
		d.Side = sideHome
	case sideHome, sideForeign:
	default:
		return fail(http.StatusBadRequest, "error.bad_choice", "field", "side", "value", clip(d.Side))
	}
	if d.Kind != "" && !slices.Contains(registry.MissionKinds, registry.MissionKind(d.Kind)) {
		return fail(http.StatusBadRequest, "error.bad_choice", "field", "kind", "value", clip(d.Kind))
	}
	var region string
	if d.Region != "" {
		var ok bool
		if region, ok = regionCode(d.Region); !ok {
			return fail(http.StatusBadRequest, "error.bad_choice", "field", "region", "value", clip(d.Region))
		}
	}
	if d.Status == "" {
		d.Status = "open"
	} else if !slices.Contains(statusFilters, d.Status) {
		return fail(http.StatusBadRequest, "error.bad_choice", "field", "status", "value", clip(d.Status))
	}
	d.Filtered = d.Kind != "" || d.Region != "" || d.Status != "open"

	reg, home := rq.reg, rq.reg.Home()
	foreign := map[string]bool{} // foreign missions accredited to the home state
	if d.Side == sideForeign {
		for _, a := range reg.Dataset().Accreditations {
			if a.Receiver.IsState(home) {
				foreign[a.Mission] = true
			}
		}
	}
	ms := reg.Dataset().Missions
	for i := range ms {
		m := &ms[i]
		mine := m.Sender.IsState(home)
		if d.Side == sideHome && !mine || d.Side == sideForeign && (mine || !(m.Country == home || foreign[m.ID])) {
			continue
		}
		st, ok := statusAt(m, rq.asOf)
		if !ok || d.Status != "all" && string(st) != d.Status {
			continue
		}
		if d.Kind != "" && string(m.Kind) != d.Kind {
			continue
		}
		if region != "" {
			// Our missions by where they are; foreign ones by who sends them.
			iso := m.Country
			if d.Side == sideForeign {
				iso = m.Sender.Code
				if m.Sender.Type != registry.PartyState {
					continue
				}
			}
			if c := reg.Country(iso); c == nil || c.RegionCode != region {
				continue
			}
		}
		d.Missions = append(d.Missions, missionRow{M: m, Status: st})
	}
	// By country (ours) or sender (foreign), then city.
	slices.SortStableFunc(d.Missions, func(a, b missionRow) int { return cmp.Compare(a.M.City, b.M.City) })
	sortByName(d.Missions, func(r missionRow) string {
		if d.Side == sideForeign {
			return s.partyName(rq, r.M.Sender)
		}
		return s.cat.CountryName(rq.lang, reg.Country(r.M.Country))
	})
	return render("missions", s.cat.T(rq.lang, "missions.title"), d)
}

// partyName is the name of a state or organisation in the request's language.
func (s *Server) partyName(rq *request, p registry.Party) string {
	if p.Type == registry.PartyState {
		if c := rq.reg.Country(p.Code); c != nil {
			return s.cat.CountryName(rq.lang, c)
		}
	}
	return rq.reg.PartyName(p, rq.lang)
}

type missionData struct {
	M        *registry.Mission
	Status   registry.MissionStatus
	Existed  bool // the mission existed at the date shown
	Head     *registry.Appointment
	Current  []*registry.Accreditation // in force at the date shown
	Other    []accView                 // ended, planned, requested or suspended
	HasPhone bool
	Map      *mapView // where it is and the states it covers; nil when none
}

type accView struct {
	A     *registry.Accreditation
	State string // ended, planned, agrement_requested, suspended, not_yet
}

func (s *Server) missionPage(rq *request) result {
	m := rq.reg.Mission(rq.PathValue("id"))
	if m == nil {
		return fail(http.StatusNotFound, "error.no_mission", "id", clip(rq.PathValue("id")))
	}
	d := missionData{M: m}
	d.Status, d.Existed = statusAt(m, rq.asOf)
	// The head as accredited where the mission is; failing that (a mission
	// accredited only elsewhere, or to an organisation), to any receiver.
	appts := rq.reg.Appointments(m.ID)
	var local []*registry.Appointment
	for _, a := range appts {
		if a.Receiver.IsState(m.Country) {
			local = append(local, a)
		}
	}
	if d.Head = headAt(local, rq.asOf); d.Head == nil {
		d.Head = headAt(appts, rq.asOf)
	}
	for _, a := range rq.reg.Accreditations(m.ID) {
		switch {
		case a.ActiveAt(rq.asOf):
			d.Current = append(d.Current, a)
		case a.Status == registry.AccEnded || a.Status == registry.AccActive && !a.To.IsZero() && a.To.OnOrBefore(rq.asOf):
			d.Other = append(d.Other, accView{a, "ended"})
		case a.Status == registry.AccActive:
			d.Other = append(d.Other, accView{a, "not_yet"})
		default:
			d.Other = append(d.Other, accView{a, string(a.Status)})
		}
	}
	// Resident first, then by name.
	sortByName(d.Current, func(a *registry.Accreditation) string { return s.partyName(rq, a.Receiver) })
	slices.SortStableFunc(d.Current, func(a, b *registry.Accreditation) int {
		return cmp.Compare(residenceRank(a.Residence), residenceRank(b.Residence))
	})
	sortByName(d.Other, func(a accView) string { return s.partyName(rq, a.A.Receiver) })
	if d.Existed {
		d.Map = s.missionMap(rq, m, d.Current)
	}
	return render("mission", missionTitle(s, rq, m), d)
}

func missionTitle(s *Server, rq *request, m *registry.Mission) string {
	if rq.lang == "en" && m.Name != "" {
		return m.Name
	}
	return s.cat.T(rq.lang, "mission.title", "kind", s.cat.T(rq.lang, "kind."+string(m.Kind)),
		"sender", s.partyName(rq, m.Sender), "city", m.City)
}

// headAt returns the mission's head on day d: of its appointments that had
// started by d (an undated one counts as started long ago) and had not
// ended, the one that started last.
func headAt(appts []*registry.Appointment, d registry.Date) *registry.Appointment {
	var best *registry.Appointment
	var bestStart registry.Date
	for _, a := range appts {
		st := apptStart(a)
		if st.After(d) || !a.Ended.IsZero() && a.Ended.OnOrBefore(d) {
			continue
		}
		if best == nil || st.First() > bestStart.First() ||
			st.First() == bestStart.First() && (st.Precision() > bestStart.Precision() ||
				st.Precision() == bestStart.Precision() && a.ID > best.ID) {
			best, bestStart = a, st
		}
	}
	return best
}

// apptStart is the first known date of an appointment taking effect, as the
// registry counts it.
func apptStart(a *registry.Appointment) registry.Date {
	for _, d := range []registry.Date{a.CredentialsPresented, a.CredentialsCopy, a.Arrived, a.Appointed, a.AgrementGranted} {
		if !d.IsZero() {
			return d
		}
	}
	return registry.Date{}
}

func residenceRank(r registry.Residence) int {
	if r == registry.Resident {
		return 0
	}
	return 1
}
