package registry

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

var (
	reISO2    = regexp.MustCompile(`^[A-Z]{2}$`)
	reISO3    = regexp.MustCompile(`^[A-Z]{3}$`)
	reM49     = regexp.MustCompile(`^[0-9]{3}$`)
	reSlug    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	reOrgID   = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`)
	maxField  = 2000 // characters in any text field
	maxSource = 4000
)

// Value sets, in the order the documentation lists them.
var (
	Certainties        = []Certainty{Reported, Likely, Uncertain}
	RelationKinds      = []RelationKind{Established, Suspended, Severed, Restored}
	OrgKinds           = []OrgKind{"global", "un_specialised_agency", "continental", "regional", "subregional", "financial", "other"}
	MissionKinds       = []MissionKind{Embassy, HighCommission, ApostolicNunciature, PermanentMission, Delegation, ConsulateGeneral, Consulate, LiaisonOffice}
	MissionStatuses    = []MissionStatus{MissionPlanned, MissionOpen, MissionSuspended, MissionClosed}
	Services           = []Service{Passports, Visas, CivilRegistry, Notarial, Assistance}
	Residences         = []Residence{Resident, NonResident}
	AccStatuses        = []AccreditationStatus{AccPlanned, AccAgrementRequested, AccActive, AccSuspended, AccEnded}
	Roles              = []Role{HeadOfMission, ChargeDAffairesEnPied, ChargeDAffairesAI}
	Titles             = []Title{Ambassador, HighCommissioner, ApostolicNuncio, PermanentRepresentative, Envoy, Minister, ChargeDAffaires}
	HCStatuses         = []HonoraryConsulStatus{HCPlanned, HCActive, HCSuspended, HCEnded}
	MembershipStatuses = []MembershipStatus{Member, AssociateMember, Observer, FormerMember}
	PartyTypes         = []PartyType{PartyState, PartyOrganisation}
)

// checker collects the field errors of one record.
type checker struct {
	r      *Registry
	entity string
	id     string
	errs   *[]FieldError
}

func (c checker) fail(field, format string, args ...any) {
	*c.errs = append(*c.errs, FieldError{Entity: c.entity, ID: c.id, Field: field, Reason: fmt.Sprintf(format, args...)})
}

func (c checker) slug(v string) {
	switch {
	case v == "":
		c.fail("id", "is required")
	case len(v) > 100 || !reSlug.MatchString(v):
		c.fail("id", "%q must be lower-case letters, digits and single hyphens, at most 100 characters", v)
	}
}

func (c checker) required(field, v string) {
	if strings.TrimSpace(v) == "" {
		c.fail(field, "is required")
	}
}

func (c checker) text(field, v string, limit int) {
	if len(v) > limit {
		c.fail(field, "is longer than %d characters", limit)
	}
	if strings.ContainsAny(v, "\x00\r") {
		c.fail(field, "contains a control character")
	}
}

func oneOf[T ~string](c checker, field string, v T, set []T) {
	if !slices.Contains(set, v) {
		names := make([]string, len(set))
		for i, s := range set {
			names[i] = string(s)
		}
		if v == "" {
			c.fail(field, "is required (one of %s)", strings.Join(names, ", "))
			return
		}
		c.fail(field, "%q is not one of %s", v, strings.Join(names, ", "))
	}
}

func (c checker) country(field, iso2 string) {
	switch {
	case iso2 == "":
		c.fail(field, "is required")
	case !reISO2.MatchString(iso2):
		c.fail(field, "%q is not an ISO 3166-1 alpha-2 code (two capital letters)", iso2)
	case c.r.countries[iso2] == nil:
		c.fail(field, "%q is not an ISO 3166-1 country code in the registry", iso2)
	}
}

func (c checker) party(field string, p Party) {
	switch p.Type {
	case PartyState:
		c.country(field, p.Code)
	case PartyOrganisation:
		if p.Code == "" {
			c.fail(field, "is required")
		} else if c.r.organisations[p.Code] == nil {
			c.fail(field, "organisation %q does not exist", p.Code)
		}
	default:
		oneOf(c, field+"_type", p.Type, PartyTypes)
	}
}

// order reports an error on field b when date a is after date b.
func (c checker) order(fa string, a Date, fb string, b Date) {
	if !a.IsZero() && !b.IsZero() && a.First() > b.Last() {
		c.fail(fb, "%s is before %s %s", b, fa, a)
	}
}

func (c checker) meta(m Meta) {
	c.text("source", m.Source, maxSource)
	c.text("note", m.Note, maxSource)
	if m.Version < 0 {
		c.fail("version", "must not be negative")
	}
}

func (c checker) certainty(v Certainty) { oneOf(c, "certainty", v, Certainties) }

func (c checker) contacts(k Contacts) {
	c.text("address", k.Address, maxField)
	c.text("phone", k.Phone, 100)
	if k.Email != "" {
		if a, err := mail.ParseAddress(k.Email); err != nil || a.Address != k.Email {
			c.fail("email", "%q is not an e-mail address", k.Email)
		}
	}
	if k.Website != "" {
		u, err := url.Parse(k.Website)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			c.fail("website", "%q is not an http(s) address", k.Website)
		}
	}
}

// Validate checks every record and every rule between records, and returns a
// *ValidationError listing each invalid field, or nil.
func (r *Registry) Validate() error {
	var errs []FieldError
	on := func(entity, id string) checker { return checker{r: r, entity: entity, id: id, errs: &errs} }
	d := &r.data

	s := on("settings", "")
	s.country("home_state", d.Settings.HomeState)
	s.text("consular_contact", d.Settings.ConsularContact, maxField)
	if m := d.Settings.FiscalYearStart; m < 0 || m > 12 {
		s.fail("fiscal_year_start", "%d is not a month: want 1 (January) to 12 (December), or 0 when unset", int(m))
	}

	seen := map[string]bool{}
	dup := func(c checker, key string) {
		if seen[c.entity+"\x00"+key] {
			c.fail("id", "%q is used twice", key)
		}
		seen[c.entity+"\x00"+key] = true
	}

	for i := range d.Countries {
		x := &d.Countries[i]
		c := on("country", x.ISO2)
		dup(c, x.ISO2)
		if !reISO2.MatchString(x.ISO2) {
			c.fail("iso2", "%q is not two capital letters", x.ISO2)
		}
		if !reISO3.MatchString(x.ISO3) {
			c.fail("iso3", "%q is not three capital letters", x.ISO3)
		}
		if !reM49.MatchString(x.Numeric) {
			c.fail("numeric", "%q is not three digits", x.Numeric)
		}
		c.required("name_en", x.Names.EN)
		for _, f := range []struct{ n, v string }{{"region_code", x.RegionCode}, {"subregion_code", x.SubregionCode}} {
			if f.v != "" && !reM49.MatchString(f.v) {
				c.fail(f.n, "%q is not a three-digit UN M49 code", f.v)
			}
		}
		c.meta(x.Meta)
	}
	for i := range d.Organisations {
		x := &d.Organisations[i]
		c := on("organisation", x.ID)
		dup(c, x.ID)
		if !reOrgID.MatchString(x.ID) || len(x.ID) > 40 {
			c.fail("id", "%q must be letters, digits and single hyphens, at most 40 characters", x.ID)
		}
		c.required("acronym", x.Acronym)
		c.required("name_en", x.Names.EN)
		oneOf(c, "kind", x.Kind, OrgKinds)
		if x.HQCountry != "" {
			c.country("hq_country", x.HQCountry)
		}
		c.meta(x.Meta)
	}
	for i := range d.Relations {
		x := &d.Relations[i]
		c := on("relation", x.ID)
		c.slug(x.ID)
		dup(c, x.ID)
		c.country("country", x.Country)
		if x.Country == d.Settings.HomeState {
			c.fail("country", "relations are between the home state and another country")
		}
		oneOf(c, "event", x.Event, RelationKinds)
		if x.Date.IsZero() {
			c.fail("date", "is required")
		}
		c.certainty(x.Certainty)
		c.meta(x.Meta)
	}
	for i := range d.Missions {
		r.validateMission(on("mission", d.Missions[i].ID), &d.Missions[i], dup)
	}
	for i := range d.Accreditations {
		r.validateAccreditation(on("accreditation", d.Accreditations[i].ID), &d.Accreditations[i], dup)
	}
	r.checkOverlaps(on)
	for i := range d.People {
		x := &d.People[i]
		c := on("person", x.ID)
		c.slug(x.ID)
		dup(c, x.ID)
		c.required("name", x.Name)
		c.text("name", x.Name, 300)
		c.meta(x.Meta)
	}
	for i := range d.Appointments {
		r.validateAppointment(on("appointment", d.Appointments[i].ID), &d.Appointments[i], dup)
	}
	for i := range d.HonoraryConsuls {
		r.validateHonoraryConsul(on("honorary_consul", d.HonoraryConsuls[i].ID), &d.HonoraryConsuls[i], dup)
	}
	for i := range d.Memberships {
		r.validateMembership(on("membership", d.Memberships[i].ID), &d.Memberships[i], dup)
	}
	for i := range d.DeclaredFigures {
		x := &d.DeclaredFigures[i]
		c := on("declared_figure", x.ID)
		c.slug(x.ID)
		dup(c, x.ID)
		if !slices.Contains(FigureNames, x.Name) {
			c.fail("name", "%q is not one of %s", x.Name, strings.Join(FigureNames, ", "))
		}
		if x.Value < 0 {
			c.fail("value", "must not be negative")
		}
		if x.Date.IsZero() {
			c.fail("date", "is required")
		}
		c.meta(x.Meta)
	}
	for i := range d.FinderNotes {
		x := &d.FinderNotes[i]
		c := on("finder_note", x.Country)
		dup(c, x.Country)
		c.country("country", x.Country)
		for _, t := range []string{x.Text.EN, x.Text.FR, x.Text.RW, x.Text.SW} {
			c.text("text", t, maxField)
		}
		c.meta(x.Meta)
	}
	for i := range d.Agreements {
		x := &d.Agreements[i]
		r.validateAgreement(on("agreement", x.ID), x, dup)
	}
	r.validateTracker(on, dup)
	if len(errs) > 0 {
		return &ValidationError{Fields: errs}
	}
	return nil
}

func (r *Registry) validateMission(c checker, m *Mission, dup func(checker, string)) {
	c.slug(m.ID)
	dup(c, m.ID)
	c.party("sender", m.Sender)
	oneOf(c, "kind", m.Kind, MissionKinds)
	c.required("name", m.Name)
	c.text("name", m.Name, 300)
	if m.Status != MissionPlanned {
		c.required("city", m.City)
	}
	c.text("city", m.City, 200)
	c.country("country", m.Country)
	if m.Sender.IsState(m.Country) {
		c.fail("country", "a state's mission is located abroad, not in %s itself", m.Country)
	}
	oneOf(c, "status", m.Status, MissionStatuses)
	c.certainty(m.Certainty)
	c.order("opened", m.Opened, "closed", m.Closed)
	if m.Status == MissionClosed && m.Closed.IsZero() {
		c.fail("closed", "is required when the status is closed")
	}
	if m.Status != MissionClosed && !m.Closed.IsZero() {
		c.fail("status", "is %q but a closing date is set", m.Status)
	}
	for _, s := range m.Services {
		oneOf(c, "services", s, Services)
	}
	c.contacts(m.Contacts)
	c.meta(m.Meta)
}

func (r *Registry) validateAccreditation(c checker, a *Accreditation, dup func(checker, string)) {
	c.required("id", a.ID)
	if a.ID != "" && !reOrgID.MatchString(strings.ReplaceAll(a.ID, "--", "-")) {
		c.fail("id", "%q must be letters, digits and hyphens", a.ID)
	}
	dup(c, a.ID)
	m := r.missions[a.Mission]
	if a.Mission == "" {
		c.fail("mission", "is required")
	} else if m == nil {
		c.fail("mission", "mission %q does not exist", a.Mission)
	}
	c.party("receiver", a.Receiver)
	oneOf(c, "residence", a.Residence, Residences)
	oneOf(c, "status", a.Status, AccStatuses)
	c.certainty(a.Certainty)
	c.order("from", a.From, "to", a.To)
	if !a.CredentialsPresented.IsZero() {
		c.order("from", a.From, "credentials_presented", a.CredentialsPresented)
		if !a.To.IsZero() && a.CredentialsPresented.First() > a.To.Last() {
			c.fail("credentials_presented", "%s is after the accreditation ended (%s)", a.CredentialsPresented, a.To)
		}
	}
	if a.Status == AccEnded && a.To.IsZero() {
		c.fail("to", "is required when the status is ended")
	}
	c.text("legal_basis", a.LegalBasis, maxField)
	c.meta(a.Meta)
	if m == nil {
		return
	}
	if a.Receiver == m.Sender {
		c.fail("receiver", "a mission cannot be accredited to its own sender")
	}
	if a.Residence == Resident {
		switch a.Receiver.Type {
		case PartyState:
			if a.Receiver.Code != m.Country {
				c.fail("residence", "a resident accreditation must be to the country the mission is in (%s), not %s", m.Country, a.Receiver.Code)
			}
		case PartyOrganisation:
			if o := r.organisations[a.Receiver.Code]; o != nil && o.HQCountry != "" && o.HQCountry != m.Country {
				c.fail("residence", "a resident accreditation to %s needs a mission in its headquarters country %s, not %s", o.ID, o.HQCountry, m.Country)
			}
		}
	}
	if m.Status == MissionClosed {
		if a.Status == AccActive {
			c.fail("status", "is active but mission %q is closed", m.ID)
		}
		if !a.To.IsZero() && !m.Closed.IsZero() && a.To.First() > m.Closed.Last() {
			c.fail("to", "%s is after the mission closed (%s)", a.To, m.Closed)
		}
	}
	if !a.From.IsZero() && !m.Opened.IsZero() && a.From.Last() < m.Opened.First() {
		c.fail("from", "%s is before the mission opened (%s)", a.From, m.Opened)
	}
}

// checkOverlaps reports accreditations of one mission to the same receiver
// whose periods overlap. Planned accreditations and requests for agrément do not
// take effect and are not compared.
func (r *Registry) checkOverlaps(on func(string, string) checker) {
	type key struct {
		mission  string
		receiver Party
	}
	groups := map[key][]*Accreditation{}
	for i := range r.data.Accreditations {
		a := &r.data.Accreditations[i]
		if a.Status == AccPlanned || a.Status == AccAgrementRequested {
			continue
		}
		k := key{a.Mission, a.Receiver}
		groups[k] = append(groups[k], a)
	}
	for _, g := range groups {
		for i, a := range g {
			for _, b := range g[:i] {
				if periodsOverlap(a.From, a.To, b.From, b.To) {
					on("accreditation", a.ID).fail("from", "overlaps accreditation %q of the same mission to %s (%s to %s)",
						b.ID, b.Receiver.Code, orOpen(b.From), orOpen(b.To))
				}
			}
		}
	}
}

func orOpen(d Date) string {
	if d.IsZero() {
		return "open"
	}
	return d.String()
}

// periodsOverlap reports whether [af, at) and [bf, bt) share a day; unknown
// starts are the distant past and unknown ends the open future.
func periodsOverlap(af, at, bf, bt Date) bool {
	const past, future = int32(-1 << 30), int32(1 << 30)
	lo := func(d Date) int32 {
		if d.IsZero() {
			return past
		}
		return d.First()
	}
	hi := func(d Date) int32 {
		if d.IsZero() {
			return future
		}
		return d.First()
	}
	return lo(af) < hi(bt) && lo(bf) < hi(at)
}

func (r *Registry) validateAppointment(c checker, a *Appointment, dup func(checker, string)) {
	c.required("id", a.ID)
	if a.ID != "" && !reSlug.MatchString(a.ID) {
		c.fail("id", "%q must be lower-case letters, digits and single hyphens", a.ID)
	}
	dup(c, a.ID)
	if a.Person != "" && r.people[a.Person] == nil {
		c.fail("person", "person %q does not exist", a.Person)
	}
	c.party("sender", a.Sender)
	c.party("receiver", a.Receiver)
	if a.Sender == a.Receiver {
		c.fail("receiver", "a head of mission is accredited to another state or organisation than the sender")
	}
	if a.Mission != "" {
		if m := r.missions[a.Mission]; m == nil {
			c.fail("mission", "mission %q does not exist", a.Mission)
		} else if m.Sender != a.Sender {
			c.fail("mission", "mission %q is sent by %s, not %s", m.ID, m.Sender.Code, a.Sender.Code)
		}
	}
	oneOf(c, "role", a.Role, Roles)
	oneOf(c, "title", a.Title, Titles)
	isCDA := a.Role == ChargeDAffairesEnPied || a.Role == ChargeDAffairesAI
	if isCDA != (a.Title == ChargeDAffaires) && slices.Contains(Roles, a.Role) && slices.Contains(Titles, a.Title) {
		c.fail("title", "%q does not go with the role %q", a.Title, a.Role)
	}
	c.certainty(a.Certainty)
	c.order("agrement_requested", a.AgrementRequested, "agrement_granted", a.AgrementGranted)
	c.order("agrement_granted", a.AgrementGranted, "credentials_presented", a.CredentialsPresented)
	c.order("appointed", a.Appointed, "credentials_presented", a.CredentialsPresented)
	c.order("credentials_copy", a.CredentialsCopy, "credentials_presented", a.CredentialsPresented)
	for _, f := range []struct {
		n string
		d Date
	}{{"agrement_requested", a.AgrementRequested}, {"agrement_granted", a.AgrementGranted}, {"appointed", a.Appointed},
		{"arrived", a.Arrived}, {"credentials_copy", a.CredentialsCopy}, {"credentials_presented", a.CredentialsPresented}} {
		c.order(f.n, f.d, "ended", a.Ended)
	}
	if a.CredentialsSeq < 0 {
		c.fail("credentials_seq", "must not be negative")
	}
	c.meta(a.Meta)
}

func (r *Registry) validateHonoraryConsul(c checker, h *HonoraryConsul, dup func(checker, string)) {
	home := r.data.Settings.HomeState
	c.slug(h.ID)
	dup(c, h.ID)
	if h.Person != "" && r.people[h.Person] == nil {
		c.fail("person", "person %q does not exist", h.Person)
	}
	c.country("country", h.Country)
	if h.Country == home {
		c.fail("country", "an honorary consul of %s serves abroad", home)
	}
	c.text("city", h.City, 200) // the seat may be unknown
	c.text("district", h.District, maxField)
	if h.SupervisingMission != "" {
		if m := r.missions[h.SupervisingMission]; m == nil {
			c.fail("supervising_mission", "mission %q does not exist", h.SupervisingMission)
		} else if !m.Sender.IsState(home) {
			c.fail("supervising_mission", "mission %q is not a mission of the home state %s", m.ID, home)
		}
	}
	oneOf(c, "status", h.Status, HCStatuses)
	c.certainty(h.Certainty)
	c.order("appointed", h.Appointed, "exequatur", h.Exequatur)
	c.order("exequatur", h.Exequatur, "term_end", h.TermEnd)
	if (h.Status == HCActive || h.Status == HCEnded) && h.Exequatur.IsZero() {
		c.fail("exequatur", "is required: an honorary consul cannot act before the receiving state grants the exequatur")
	}
	if h.Status == HCEnded && h.TermEnd.IsZero() {
		c.fail("term_end", "is required when the status is ended")
	}
	c.contacts(h.Contacts)
	c.meta(h.Meta)
}

func (r *Registry) validateMembership(c checker, m *Membership, dup func(checker, string)) {
	c.required("id", m.ID)
	if m.ID != "" && !reOrgID.MatchString(strings.ReplaceAll(m.ID, "--", "-")) {
		c.fail("id", "%q must be letters, digits and hyphens", m.ID)
	}
	dup(c, m.ID)
	c.country("member", m.Member)
	if m.Organisation == "" {
		c.fail("organisation", "is required")
	} else if r.organisations[m.Organisation] == nil {
		c.fail("organisation", "organisation %q does not exist", m.Organisation)
	}
	oneOf(c, "status", m.Status, MembershipStatuses)
	c.certainty(m.Certainty)
	c.order("joined", m.Joined, "left", m.Left)
	if m.Status != FormerMember && !m.Left.IsZero() {
		c.fail("status", "is %q but a leaving date is set", m.Status)
	}
	if m.RepresentingMission != "" {
		if ms := r.missions[m.RepresentingMission]; ms == nil {
			c.fail("representing_mission", "mission %q does not exist", m.RepresentingMission)
		} else if !ms.Sender.IsState(m.Member) {
			c.fail("representing_mission", "mission %q is not a mission of %s", ms.ID, m.Member)
		}
	}
	c.meta(m.Meta)
}
