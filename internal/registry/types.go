// Package registry holds the diplomatic network's domain: its records, their
// validation, and the questions the registry answers for any date: the headline
// figures, the finder ("which mission serves country X?") and the order of
// precedence of the Diplomatic List. It uses the standard library only.
package registry

import (
	"slices"
	"time"
)

// Meta is carried by every record.
type Meta struct {
	Source       string `json:"source"`
	LastVerified Date   `json:"last_verified"`
	Note         string `json:"note,omitempty"`
	// Version counts the record's committed writes; an update must name the
	// version it read, or it is refused as a conflict.
	Version int64 `json:"version"`
	// Revision and UpdatedAt are set by the store: the global revision of the
	// record's last write (every write transaction takes the next one) and the
	// time of that write, in UTC to the millisecond. Both are zero when
	// unknown: for records not read from a store, and for records last
	// written before revisions were kept.
	Revision  int64     `json:"revision"`
	UpdatedAt Timestamp `json:"updated_at"`
}

// Timestamp is an instant, written in JSON as an RFC 3339 string, or null
// when zero (unknown).
type Timestamp struct{ time.Time }

// MarshalJSON writes the time in RFC 3339, or null when it is zero.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return t.Time.MarshalJSON()
}

// UnmarshalJSON reads an RFC 3339 string, or null as the zero Timestamp.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = Timestamp{}
		return nil
	}
	return t.Time.UnmarshalJSON(b)
}

// Deletion records that a record was deleted, so that those who copy the
// registry can follow deletions too. Entity is the record's entity name (as
// in FieldError: "mission", "country", ...), ID its id, Revision the global
// revision of the write that deleted it and At that write's time in UTC.
type Deletion struct {
	Entity   string    `json:"entity"`
	ID       string    `json:"id"`
	Revision int64     `json:"revision"`
	At       time.Time `json:"at"`
}

// Certainty says how sure the sources are of a record.
type Certainty string

const (
	Reported  Certainty = "reported" // a cited source reports it
	Likely    Certainty = "likely"   // strong hints, no explicit confirmation
	Uncertain Certainty = "uncertain"
)

// Names holds a name in the portal's languages; an empty name falls back to English.
type Names struct {
	EN string `json:"en"`
	FR string `json:"fr,omitempty"`
	RW string `json:"rw,omitempty"`
	SW string `json:"sw,omitempty"`
}

// In returns the name in lang (en, fr, rw or sw), or the English name.
func (n Names) In(lang string) string {
	var s string
	switch lang {
	case "fr":
		s = n.FR
	case "rw":
		s = n.RW
	case "sw":
		s = n.SW
	}
	if s == "" {
		return n.EN
	}
	return s
}

// PartyType tells whether a Party is a state or an organisation.
type PartyType string

const (
	PartyState        PartyType = "state"
	PartyOrganisation PartyType = "organisation"
)

// Party is a sender or receiver of missions: a state (ISO 3166-1 alpha-2 code)
// or an international organisation (its id). The type is needed because codes
// collide: AU is Australia and the African Union.
type Party struct {
	Type PartyType `json:"type"`
	Code string    `json:"code"`
}

// StateParty returns the party for the state with ISO code iso2.
func StateParty(iso2 string) Party { return Party{Type: PartyState, Code: iso2} }

// OrgParty returns the party for the organisation with the given id.
func OrgParty(id string) Party { return Party{Type: PartyOrganisation, Code: id} }

func (p Party) String() string { return string(p.Type) + ":" + p.Code }

// IsState reports whether p is the state iso2.
func (p Party) IsState(iso2 string) bool { return p.Type == PartyState && p.Code == iso2 }

// Country is an ISO 3166-1 country or area.
type Country struct {
	ISO2          string `json:"iso2"`
	ISO3          string `json:"iso3"`
	Numeric       string `json:"numeric"`
	Names         Names  `json:"names"`
	RegionCode    string `json:"region_code,omitempty"` // UN M49
	Region        string `json:"region,omitempty"`
	SubregionCode string `json:"subregion_code,omitempty"`
	Subregion     string `json:"subregion,omitempty"`
	Meta
}

// RelationEvent is a dated change in diplomatic relations between the home
// state and a country.
type RelationEvent struct {
	ID        string       `json:"id"`
	Country   string       `json:"country"`
	Event     RelationKind `json:"event"`
	Date      Date         `json:"date"`
	Certainty Certainty    `json:"certainty"`
	Meta
}

// RelationKind is an event in diplomatic relations.
type RelationKind string

const (
	Established RelationKind = "established"
	Suspended   RelationKind = "suspended"
	Severed     RelationKind = "severed"
	Restored    RelationKind = "restored"
)

// OrgKind classifies international organisations.
type OrgKind string

// Organisation is an international organisation.
type Organisation struct {
	ID        string  `json:"id"`
	Acronym   string  `json:"acronym"`
	Names     Names   `json:"names"`
	Kind      OrgKind `json:"kind"`
	HQCity    string  `json:"hq_city,omitempty"`
	HQCountry string  `json:"hq_country,omitempty"`
	Meta
}

// MissionKind is the kind of a mission (post).
type MissionKind string

const (
	Embassy             MissionKind = "embassy"
	HighCommission      MissionKind = "high_commission"
	ApostolicNunciature MissionKind = "apostolic_nunciature"
	PermanentMission    MissionKind = "permanent_mission"
	Delegation          MissionKind = "delegation"
	ConsulateGeneral    MissionKind = "consulate_general"
	Consulate           MissionKind = "consulate"
	LiaisonOffice       MissionKind = "liaison_office"
)

// Diplomatic reports whether the kind is a diplomatic mission (as opposed to a
// consular post or another office).
func (k MissionKind) Diplomatic() bool {
	switch k {
	case Embassy, HighCommission, ApostolicNunciature, PermanentMission, Delegation:
		return true
	}
	return false
}

// Consular reports whether the kind is a career consular post.
func (k MissionKind) Consular() bool { return k == ConsulateGeneral || k == Consulate }

// MissionStatus is the state of a mission.
type MissionStatus string

const (
	MissionPlanned   MissionStatus = "planned"
	MissionOpen      MissionStatus = "open"
	MissionSuspended MissionStatus = "suspended"
	MissionClosed    MissionStatus = "closed"
)

// Service is a service a mission offers to the public.
type Service string

const (
	Passports     Service = "passports"
	Visas         Service = "visas"
	CivilRegistry Service = "civil_registry"
	Notarial      Service = "notarial"
	Assistance    Service = "assistance"
)

// Contacts of a mission or an honorary consul.
type Contacts struct {
	Address string `json:"address,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Website string `json:"website,omitempty"`
}

// Mission is a post of a sender (a state or an organisation), located in one
// country and accredited to one or more states or organisations. The home
// state's missions abroad and the foreign missions in the home state are the
// same record seen from two sides.
type Mission struct {
	ID        string        `json:"id"`
	Sender    Party         `json:"sender"`
	Kind      MissionKind   `json:"kind"`
	Name      string        `json:"name"`
	City      string        `json:"city"`
	Country   string        `json:"country"` // where it is located
	Status    MissionStatus `json:"status"`
	Certainty Certainty     `json:"certainty"`
	Opened    Date          `json:"opened"`
	Closed    Date          `json:"closed"`
	Contacts  Contacts      `json:"contacts"`
	Services  []Service     `json:"services,omitempty"`
	Meta
}

// OpenAt reports whether the mission was open on day d. A mission whose
// opening date is unknown counts as open since before any date asked; a
// planned or (currently) suspended mission is never counted as open.
func (m *Mission) OpenAt(d Date) bool {
	switch m.Status {
	case MissionOpen, MissionClosed:
		return startedBy(m.Opened, d) && !endedBy(m.Closed, d)
	}
	return false
}

// Residence tells whether an accreditation is resident or concurrent.
type Residence string

const (
	Resident    Residence = "resident"
	NonResident Residence = "non_resident"
)

// AccreditationStatus is the state of an accreditation.
type AccreditationStatus string

const (
	AccPlanned           AccreditationStatus = "planned"
	AccAgrementRequested AccreditationStatus = "agrement_requested"
	AccActive            AccreditationStatus = "active"
	AccSuspended         AccreditationStatus = "suspended"
	AccEnded             AccreditationStatus = "ended"
)

// Accreditation of a mission to a receiving state or organisation.
type Accreditation struct {
	ID                   string              `json:"id"`
	Mission              string              `json:"mission"`
	Receiver             Party               `json:"receiver"`
	Residence            Residence           `json:"residence"`
	Status               AccreditationStatus `json:"status"`
	Certainty            Certainty           `json:"certainty"`
	From                 Date                `json:"from"`
	To                   Date                `json:"to"`
	CredentialsPresented Date                `json:"credentials_presented"`
	LegalBasis           string              `json:"legal_basis,omitempty"`
	Meta
}

// ActiveAt reports whether the accreditation was in force on day d. An ended
// accreditation was in force from From to To.
func (a *Accreditation) ActiveAt(d Date) bool {
	switch a.Status {
	case AccActive, AccEnded:
		return startedBy(a.From, d) && !endedBy(a.To, d)
	}
	return false
}

// Person is someone who heads a mission or serves as honorary consul.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Meta
}

// Role of an appointment.
type Role string

const (
	HeadOfMission         Role = "head_of_mission"
	ChargeDAffairesEnPied Role = "charge_d_affaires_en_pied"
	ChargeDAffairesAI     Role = "charge_d_affaires_ai"
)

// Title of a head of mission.
type Title string

const (
	Ambassador              Title = "ambassador"
	HighCommissioner        Title = "high_commissioner"
	ApostolicNuncio         Title = "apostolic_nuncio"
	PermanentRepresentative Title = "permanent_representative"
	Envoy                   Title = "envoy"
	Minister                Title = "minister"
	ChargeDAffaires         Title = "charge_d_affaires"
)

// Appointment of a person to head a mission at a receiver, with the dated
// events of the accreditation of a head of mission.
type Appointment struct {
	ID                   string    `json:"id"`
	Person               string    `json:"person,omitempty"` // empty when the sources do not name the person
	Mission              string    `json:"mission,omitempty"`
	Sender               Party     `json:"sender"`
	Receiver             Party     `json:"receiver"`
	Role                 Role      `json:"role"`
	Title                Title     `json:"title"`
	Certainty            Certainty `json:"certainty"`
	AgrementRequested    Date      `json:"agrement_requested"`
	AgrementGranted      Date      `json:"agrement_granted"`
	Appointed            Date      `json:"appointed"`
	Arrived              Date      `json:"arrived"`
	CredentialsCopy      Date      `json:"credentials_copy"` // copy of credentials to the ministry
	CredentialsPresented Date      `json:"credentials_presented"`
	CredentialsSeq       int       `json:"credentials_seq,omitempty"` // order within the ceremony, 1 = first
	Ended                Date      `json:"ended"`
	Meta
}

// Class is the head of mission's class under VCDR art. 14: 1 ambassadors,
// nuncios, high commissioners, permanent representatives; 2 envoys and
// ministers; 3 chargés d'affaires en pied. Chargés d'affaires a.i. have class 0:
// they stand in and are ranked apart.
func (a *Appointment) Class() int {
	switch a.Role {
	case ChargeDAffairesAI:
		return 0
	case ChargeDAffairesEnPied:
		return 3
	}
	switch a.Title {
	case Envoy, Minister:
		return 2
	case ChargeDAffaires:
		return 3
	}
	return 1
}

// start returns the date the appointment took effect as far as it is known.
func (a *Appointment) start() Date {
	for _, d := range []Date{a.CredentialsPresented, a.CredentialsCopy, a.Arrived, a.Appointed, a.AgrementGranted} {
		if !d.IsZero() {
			return d
		}
	}
	return Date{}
}

// HonoraryConsulStatus is the state of an honorary consul's appointment.
type HonoraryConsulStatus string

const (
	HCPlanned   HonoraryConsulStatus = "planned"
	HCActive    HonoraryConsulStatus = "active"
	HCSuspended HonoraryConsulStatus = "suspended"
	HCEnded     HonoraryConsulStatus = "ended"
)

// HonoraryConsul of the home state (VCCR chapter III): not a career official,
// supervised by a mission, acting once the receiving state grants the exequatur.
type HonoraryConsul struct {
	ID                 string               `json:"id"`
	Person             string               `json:"person,omitempty"`
	Country            string               `json:"country"` // receiving state
	City               string               `json:"city"`    // seat
	District           string               `json:"district,omitempty"`
	SupervisingMission string               `json:"supervising_mission,omitempty"`
	Status             HonoraryConsulStatus `json:"status"`
	Certainty          Certainty            `json:"certainty"`
	Appointed          Date                 `json:"appointed"`
	Exequatur          Date                 `json:"exequatur"`
	TermEnd            Date                 `json:"term_end"`
	Contacts           Contacts             `json:"contacts"`
	Meta
}

// ActingAt reports whether the consul could act on day d: from the exequatur
// to the end of the term.
func (h *HonoraryConsul) ActingAt(d Date) bool {
	switch h.Status {
	case HCActive, HCEnded:
		return h.Exequatur.OnOrBefore(d) && !endedBy(h.TermEnd, d)
	}
	return false
}

// MembershipStatus is a state's standing in an organisation.
type MembershipStatus string

const (
	Member          MembershipStatus = "member"
	AssociateMember MembershipStatus = "associate"
	Observer        MembershipStatus = "observer"
	FormerMember    MembershipStatus = "former"
)

// Membership of a state in an international organisation.
type Membership struct {
	ID                  string           `json:"id"`
	Member              string           `json:"member"` // ISO 3166-1 alpha-2
	Organisation        string           `json:"organisation"`
	Status              MembershipStatus `json:"status"`
	Certainty           Certainty        `json:"certainty"`
	Joined              Date             `json:"joined"`
	Left                Date             `json:"left"`
	RepresentingMission string           `json:"representing_mission,omitempty"`
	Meta
}

// StatusAt returns the membership's standing on day d, and false when the
// state had not joined yet. A former membership whose end is unknown is
// reported as former at every date after joining.
func (m *Membership) StatusAt(d Date) (MembershipStatus, bool) {
	if !startedBy(m.Joined, d) {
		return "", false
	}
	if m.Status == FormerMember {
		if m.Left.IsZero() || endedBy(m.Left, d) {
			return FormerMember, true
		}
		return Member, true
	}
	if endedBy(m.Left, d) {
		return FormerMember, true
	}
	return m.Status, true
}

// DeclaredFigure is a figure the ministry published, kept beside the computed
// one so that gaps between the registry and the declaration are visible.
type DeclaredFigure struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Value int    `json:"value"`
	Date  Date   `json:"date"`
	Meta
}

// FinderNote is the ministry's own text for a country in the finder, and
// whether the country is served from the ministry itself.
type FinderNote struct {
	Country      string `json:"country"`
	ServedFromHQ bool   `json:"served_from_hq"`
	Text         Names  `json:"text"`
	Meta
}

// Settings of a deployment.
type Settings struct {
	HomeState string `json:"home_state"` // ISO 3166-1 alpha-2 of the state running the deployment
	// NuncioIsDean gives the Apostolic Nuncio the first place in the order of
	// precedence, as some states do.
	NuncioIsDean bool `json:"nuncio_is_dean"`
	// ConsularContact is how the ministry's own consular service is reached,
	// shown by the finder where no mission serves a country.
	ConsularContact string `json:"consular_contact"`
	// FiscalYearStart is the month the home state's fiscal year starts in
	// (Rwanda's runs July to June: time.July), by which the foreign-policy
	// tracker puts indicator targets and actuals into fiscal years and
	// quarters. Zero means unset; read it through FiscalYearStartMonth,
	// which gives January then.
	FiscalYearStart time.Month `json:"fiscal_year_start"`
}

// FiscalYearStartMonth returns the month the fiscal year starts in:
// FiscalYearStart, or January (the fiscal year is the calendar year) when
// it is unset. It is meaningful for valid settings only (see
// Registry.Validate): FiscalYearStart is 0 or 1 to 12.
func (s Settings) FiscalYearStartMonth() time.Month {
	if s.FiscalYearStart == 0 {
		return time.January
	}
	return s.FiscalYearStart
}

// Dataset is every record of a registry, as stored or as loaded from files.
type Dataset struct {
	Settings        Settings
	Countries       []Country
	Relations       []RelationEvent
	Organisations   []Organisation
	Missions        []Mission
	Accreditations  []Accreditation
	People          []Person
	Appointments    []Appointment
	HonoraryConsuls []HonoraryConsul
	Memberships     []Membership
	DeclaredFigures []DeclaredFigure
	FinderNotes     []FinderNote
	Agreements      []Agreement
	// The foreign-policy tracker (tracker.go).
	PolicyNodes      []PolicyNode
	Initiatives      []Initiative
	Indicators       []Indicator
	IndicatorActuals []IndicatorActual
	Engagements      []Engagement
	Commitments      []Commitment
	Associations     []Association
	Stakeholders     []Stakeholder
	Consultations    []Consultation
	// Deletions are the records deleted from the store, oldest first; a
	// data set not read from a store has none.
	Deletions []Deletion
}

// Clone returns a deep copy of the dataset.
func (ds *Dataset) Clone() Dataset {
	c := Dataset{
		Settings:         ds.Settings,
		Countries:        slices.Clone(ds.Countries),
		Relations:        slices.Clone(ds.Relations),
		Organisations:    slices.Clone(ds.Organisations),
		Missions:         slices.Clone(ds.Missions),
		Accreditations:   slices.Clone(ds.Accreditations),
		People:           slices.Clone(ds.People),
		Appointments:     slices.Clone(ds.Appointments),
		HonoraryConsuls:  slices.Clone(ds.HonoraryConsuls),
		Memberships:      slices.Clone(ds.Memberships),
		DeclaredFigures:  slices.Clone(ds.DeclaredFigures),
		FinderNotes:      slices.Clone(ds.FinderNotes),
		Agreements:       slices.Clone(ds.Agreements),
		PolicyNodes:      slices.Clone(ds.PolicyNodes),
		Initiatives:      slices.Clone(ds.Initiatives),
		Indicators:       slices.Clone(ds.Indicators),
		IndicatorActuals: slices.Clone(ds.IndicatorActuals),
		Engagements:      slices.Clone(ds.Engagements),
		Commitments:      slices.Clone(ds.Commitments),
		Associations:     slices.Clone(ds.Associations),
		Stakeholders:     slices.Clone(ds.Stakeholders),
		Consultations:    slices.Clone(ds.Consultations),
		Deletions:        slices.Clone(ds.Deletions),
	}
	for i := range c.Missions {
		c.Missions[i].Services = slices.Clone(c.Missions[i].Services)
	}
	for i := range c.Agreements {
		c.Agreements[i].Parties = slices.Clone(c.Agreements[i].Parties)
	}
	for i := range c.Initiatives {
		x := &c.Initiatives[i]
		x.Objectives, x.Partners = slices.Clone(x.Objectives), slices.Clone(x.Partners)
	}
	for i := range c.Indicators {
		x := &c.Indicators[i]
		x.Targets = slices.Clone(x.Targets)
		if x.BaselineValue != nil {
			v := *x.BaselineValue
			x.BaselineValue = &v
		}
	}
	for i := range c.IndicatorActuals {
		if x := &c.IndicatorActuals[i]; x.Value != nil {
			v := *x.Value
			x.Value = &v
		}
	}
	for i := range c.Engagements {
		x := &c.Engagements[i]
		x.Countries, x.Organisations, x.Objectives = slices.Clone(x.Countries), slices.Clone(x.Organisations), slices.Clone(x.Objectives)
	}
	for i := range c.Consultations {
		x := &c.Consultations[i]
		x.Stakeholders, x.Objectives = slices.Clone(x.Stakeholders), slices.Clone(x.Objectives)
	}
	return c
}
