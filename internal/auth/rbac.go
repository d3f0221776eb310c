package auth

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
)

// Action is what a principal wants to do.
type Action string

// The actions. Create, Update, End and Delete apply to a registry record;
// the others take no record.
const (
	Create Action = "create"
	Update Action = "update"
	// End dates the end of a record (a mission closed, an appointment
	// ended, ...): the normal way a record stops, kept in history. Whether
	// an entity can be ended is the domain's business; Authorize says only
	// who may.
	End Action = "end"
	// Delete removes a record for good, to undo a mistake: admins only.
	Delete         Action = "delete"
	ManageUsers    Action = "manage_users"
	ManageSettings Action = "manage_settings" // every setting; see AuthorizeSettings for protocol
	ManageTokens   Action = "manage_tokens"
	EditPolicy     Action = "edit_policy" // the policy tracker
	ViewStaff      Action = "view_staff"  // read the staff workspace
	// Import loads data files (the bulk import of internal/importer) into
	// the registry: it creates and updates records of every entity and the
	// settings, so only admins and editors may.
	Import Action = "import"
)

var actions = []Action{Create, Update, End, Delete, ManageUsers, ManageSettings, ManageTokens, EditPolicy, ViewStaff, Import}

// Actions returns every action.
func Actions() []Action { return slices.Clone(actions) }

func (a Action) onRecord() bool { return a == Create || a == Update || a == End || a == Delete }

// ErrForbidden is wrapped by every refusal of Authorize, AuthorizeUpdate and
// AuthorizeSettings.
var ErrForbidden = errors.New("forbidden")

// ForbiddenError is a refusal, with its reason. It wraps ErrForbidden, and
// also ErrNotSignedIn when the principal is nobody.
type ForbiddenError struct {
	Role   Role
	Action Action
	Entity string // the record's entity name ("mission", ...), or "" for an action on no record
	ID     string // the record's id, when it has one
	Reason string
	// signedOut is set when the principal is nobody.
	signedOut bool
}

func (e *ForbiddenError) Error() string {
	var b strings.Builder
	b.WriteString("auth: forbidden: ")
	switch {
	case e.signedOut:
	case e.Role == "" || !e.Role.Valid():
		b.WriteString("this principal may not ")
	default:
		fmt.Fprintf(&b, "%s may not ", e.Role)
	}
	if !e.signedOut {
		b.WriteString(strings.ReplaceAll(string(e.Action), "_", " "))
		if e.Entity != "" {
			fmt.Fprintf(&b, " %s", strings.ReplaceAll(e.Entity, "_", " "))
			if e.ID != "" {
				fmt.Fprintf(&b, " %q", e.ID)
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns ErrForbidden, and ErrNotSignedIn for the zero Principal.
func (e *ForbiddenError) Unwrap() []error {
	if e.signedOut {
		return []error{ErrForbidden, ErrNotSignedIn}
	}
	return []error{ErrForbidden}
}

// AccreditationRef is an accreditation with the sender of its mission, which
// the protocol rule needs and the accreditation does not hold: the store
// fills Sender from the mission named by Accreditation.Mission. A bare
// *registry.Accreditation is enough for every role but protocol.
type AccreditationRef struct {
	Accreditation *registry.Accreditation
	Sender        registry.Party // the sender of the accreditation's mission
}

// PersonRef is a person with the missions of every record naming them: the
// Mission of each appointment and the SupervisingMission of each honorary
// consul whose Person is the person's id ("" for such a record with no
// mission). The mission-officer rule needs it to update or end a person; a
// bare *registry.Person is enough for every other role, and for creating.
type PersonRef struct {
	Person   *registry.Person
	Missions []string
}

// AccreditationRefIn returns a's AccreditationRef, with the sender of its
// mission as ds holds it (the zero Party when ds has no such mission).
func AccreditationRefIn(ds *registry.Dataset, a *registry.Accreditation) AccreditationRef {
	ref := AccreditationRef{Accreditation: a}
	for i := range ds.Missions {
		if ds.Missions[i].ID == a.Mission {
			ref.Sender = ds.Missions[i].Sender
			break
		}
	}
	return ref
}

// PersonRefIn returns p's PersonRef: the missions of the appointments and
// honorary consuls of ds that name p.
func PersonRefIn(ds *registry.Dataset, p *registry.Person) PersonRef {
	ref := PersonRef{Person: p, Missions: []string{}}
	for _, a := range ds.Appointments {
		if a.Person == p.ID {
			ref.Missions = append(ref.Missions, a.Mission)
		}
	}
	for _, h := range ds.HonoraryConsuls {
		if h.Person == p.ID {
			ref.Missions = append(ref.Missions, h.SupervisingMission)
		}
	}
	return ref
}

// TrackerEntities are the entity names of the policy tracker's records,
// which policy officers edit (besides agreements).
var TrackerEntities = []string{"policy_node", "initiative", "indicator", "indicator_actual", "engagement",
	"commitment", "association", "stakeholder", "consultation"}

// target is what the rules need to know of a record.
type target struct {
	entity, id string
	// sender is the sender of the mission the record belongs to (a mission,
	// an appointment, an accreditation given with AccreditationRef), or nil
	// when the record has none or it is not known.
	sender *registry.Party
	// mission is the mission whose officer may edit the record, or "".
	mission string
	// persons is set for a person given with PersonRef: its missions.
	persons    []string
	personRefs bool
}

// describe returns the target of rec, a pointer to a registry record or an
// AccreditationRef or PersonRef (value or pointer).
func describe(rec any) (target, error) {
	if rec == nil {
		return target{}, errors.New("no record given")
	}
	if v := reflect.ValueOf(rec); v.Kind() == reflect.Pointer && v.IsNil() {
		return target{}, fmt.Errorf("nil %T given", rec)
	}
	switch r := rec.(type) {
	case *registry.Country:
		return target{entity: "country", id: r.ISO2}, nil
	case *registry.RelationEvent:
		return target{entity: "relation", id: r.ID}, nil
	case *registry.Organisation:
		return target{entity: "organisation", id: r.ID}, nil
	case *registry.Mission:
		return target{entity: "mission", id: r.ID, sender: &r.Sender, mission: r.ID}, nil
	case *registry.Accreditation:
		return target{entity: "accreditation", id: r.ID, mission: r.Mission}, nil
	case *AccreditationRef:
		return describe(*r)
	case AccreditationRef:
		if r.Accreditation == nil {
			return target{}, errors.New("AccreditationRef without an accreditation")
		}
		s := r.Sender
		return target{entity: "accreditation", id: r.Accreditation.ID, mission: r.Accreditation.Mission, sender: &s}, nil
	case *registry.Person:
		return target{entity: "person", id: r.ID}, nil
	case *PersonRef:
		return describe(*r)
	case PersonRef:
		if r.Person == nil {
			return target{}, errors.New("PersonRef without a person")
		}
		return target{entity: "person", id: r.Person.ID, persons: r.Missions, personRefs: true}, nil
	case *registry.Appointment:
		return target{entity: "appointment", id: r.ID, sender: &r.Sender, mission: r.Mission}, nil
	case *registry.HonoraryConsul:
		return target{entity: "honorary_consul", id: r.ID, mission: r.SupervisingMission}, nil
	case *registry.Membership:
		return target{entity: "membership", id: r.ID}, nil
	case *registry.DeclaredFigure:
		return target{entity: "declared_figure", id: r.ID}, nil
	case *registry.FinderNote:
		return target{entity: "finder_note", id: r.Country}, nil
	case *registry.Agreement:
		return target{entity: "agreement", id: r.ID}, nil
	case *registry.PolicyNode:
		return target{entity: "policy_node", id: r.ID}, nil
	case *registry.Initiative:
		return target{entity: "initiative", id: r.ID}, nil
	case *registry.Indicator:
		return target{entity: "indicator", id: r.ID}, nil
	case *registry.IndicatorActual:
		return target{entity: "indicator_actual", id: r.ID}, nil
	case *registry.Engagement:
		return target{entity: "engagement", id: r.ID}, nil
	case *registry.Commitment:
		return target{entity: "commitment", id: r.ID}, nil
	case *registry.Association:
		return target{entity: "association", id: r.ID}, nil
	case *registry.Stakeholder:
		return target{entity: "stakeholder", id: r.ID}, nil
	case *registry.Consultation:
		return target{entity: "consultation", id: r.ID}, nil
	case *registry.Settings, registry.Settings:
		return target{}, errors.New("settings are checked with AuthorizeSettings")
	}
	return target{}, fmt.Errorf("%T is not a registry record (pass a pointer)", rec)
}

// Authorize returns nil when p may do action on rec, and otherwise a
// *ForbiddenError (wrapping ErrForbidden) saying why. rec is a pointer to a
// registry record (*registry.Mission, ...), or an AccreditationRef or
// PersonRef, for Create, Update, End and Delete, and nil for the other
// actions; home is the home state's ISO 3166-1 alpha-2 code, which tells
// foreign missions (those whose sender is not the home state) from the home
// state's own. Anything not allowed below is refused, and so is any
// principal that fails Principal.Validate.
//
//   - admin: everything.
//   - editor: Create, Update and End of every record; Import; ViewStaff.
//   - protocol: Create, Update and End of foreign missions, of the
//     accreditations of foreign missions (given as AccreditationRef), of
//     appointments whose sender is not the home state, and of persons;
//     ViewStaff. Of the settings only nuncio_is_dean (AuthorizeSettings).
//   - mission officer: Update (not Create or End) of their mission, and
//     only of its contacts, services, source, last verified date and note
//     (AuthorizeUpdate checks the fields); Create, Update and End of the
//     accreditations and appointments whose Mission is theirs and of the
//     honorary consuls it supervises; Create of persons, and Update and End
//     of a person (given as PersonRef) named only by records of their
//     mission; ViewStaff.
//   - policy officer: Create, Update and End of agreements and of the
//     policy tracker's records (TrackerEntities: policy nodes, initiatives,
//     indicators and their actuals, engagements, commitments, associations,
//     stakeholders, consultations); EditPolicy and ViewStaff. Protocol and
//     mission officers edit none of them.
//   - viewer: ViewStaff.
//
// Only admins Delete, ManageUsers, ManageSettings and ManageTokens.
//
// For Update, Authorize answers "may p edit this record?", e.g. to show an
// edit form; saving a change must use AuthorizeUpdate, which checks the
// record before and after the change.
func Authorize(p Principal, action Action, rec any, home string) error {
	if err := p.Validate(); err != nil {
		return forbid(p, action, target{}, err)
	}
	if !slices.Contains(actions, action) {
		return deny(p, action, target{}, "unknown action")
	}
	if !action.onRecord() {
		if rec != nil {
			return deny(p, action, target{}, "the action takes no record")
		}
		return authorizeGlobal(p, action)
	}
	t, err := describe(rec)
	if err != nil {
		return deny(p, action, target{}, err.Error())
	}
	if !validISO2(home) {
		return deny(p, action, t, fmt.Sprintf("the home state %q is not an ISO 3166-1 alpha-2 code", truncate(home)))
	}
	switch {
	case p.Role == Admin:
		return nil
	case action == Delete:
		return deny(p, action, t, "only admins hard-delete records; end the record instead")
	}
	if t.entity == "agreement" || slices.Contains(TrackerEntities, t.entity) {
		if p.Role == Editor || p.Role == PolicyOfficer {
			return nil
		}
		return deny(p, action, t, "only policy officers, editors and admins edit agreements and the policy tracker's records")
	}
	switch p.Role {
	case Editor:
		return nil
	case Protocol:
		return authorizeProtocol(p, action, t, home)
	case MissionOfficer:
		return authorizeMissionOfficer(p, action, t)
	case PolicyOfficer:
		return deny(p, action, t, "a policy officer edits only agreements and the policy tracker's records")
	}
	return deny(p, action, t, "the role edits no registry record")
}

// authorizeGlobal judges the actions on no record.
func authorizeGlobal(p Principal, action Action) error {
	switch action {
	case ViewStaff:
		return nil
	case EditPolicy:
		if p.Role == Admin || p.Role == PolicyOfficer {
			return nil
		}
		return deny(p, action, target{}, "only policy officers and admins edit the policy tracker")
	case Import:
		if p.Role == Admin || p.Role == Editor {
			return nil
		}
		return deny(p, action, target{}, "only admins and editors import data files, which may change records of every entity and the settings")
	}
	if p.Role == Admin {
		return nil
	}
	switch action {
	case ManageUsers:
		return deny(p, action, target{}, "only admins manage users")
	case ManageTokens:
		return deny(p, action, target{}, "only admins manage API tokens")
	}
	return deny(p, action, target{}, "only admins manage the settings")
}

func authorizeProtocol(p Principal, action Action, t target, home string) error {
	switch t.entity {
	case "person":
		return nil
	case "mission", "accreditation", "appointment":
	default:
		return deny(p, action, t, "protocol edits foreign missions, their accreditations and heads, and persons")
	}
	switch {
	case t.sender == nil:
		return deny(p, action, t, "the sender of the accreditation's mission is not known: pass an auth.AccreditationRef")
	case t.sender.Type == "" || t.sender.Code == "":
		return deny(p, action, t, "the sender is not set")
	case t.sender.IsState(home):
		return deny(p, action, t, fmt.Sprintf("the sender is the home state %s; protocol edits only foreign missions", home))
	}
	return nil
}

func authorizeMissionOfficer(p Principal, action Action, t target) error {
	switch t.entity {
	case "mission":
		if action != Update {
			return deny(p, action, t, "a mission officer may update their mission but not create or end a mission")
		}
	case "accreditation", "appointment", "honorary_consul":
	case "person":
		if action == Create {
			return nil
		}
		if !t.personRefs {
			return deny(p, action, t, "the records naming the person are not known: pass an auth.PersonRef")
		}
		if len(t.persons) == 0 {
			return deny(p, action, t, "no record of their mission names the person")
		}
		for _, m := range t.persons {
			if m != p.MissionID {
				return deny(p, action, t, fmt.Sprintf("the person is also named by a record of another mission (%q)", truncate(m)))
			}
		}
		return nil
	default:
		return deny(p, action, t, "a mission officer edits only their mission's records")
	}
	if t.mission != p.MissionID {
		if t.mission == "" {
			return deny(p, action, t, fmt.Sprintf("the record belongs to no mission, not to their mission %q", p.MissionID))
		}
		return deny(p, action, t, fmt.Sprintf("the record belongs to mission %q, not to their mission %q", truncate(t.mission), p.MissionID))
	}
	return nil
}

// AuthorizeUpdate returns nil when p may change the record old into new:
// Authorize(p, Update, …) must allow both (so that no one moves a record out
// of their reach, or into it, e.g. a mission officer to another mission or
// protocol to the home state's missions), both must be of one entity, and a
// mission officer may change in their mission only its contacts, services
// and Meta (source, last verified date, note). For settings (registry.Settings
// values or pointers) it is AuthorizeSettings.
//
// When old is an AccreditationRef and new a bare accreditation of the same
// mission, new takes old's Sender; when old is a PersonRef and new a bare
// person with the same id, new takes old's Missions: an edit does not change
// them.
func AuthorizeUpdate(p Principal, old, new any, home string) error {
	if os, ok := settingsOf(old); ok {
		ns, ok := settingsOf(new)
		if !ok {
			return deny(p, Update, target{entity: "settings"}, fmt.Sprintf("cannot change settings into %T", new))
		}
		return AuthorizeSettings(p, os, ns)
	}
	new = inherit(old, new)
	if err := Authorize(p, Update, old, home); err != nil {
		return err
	}
	if err := Authorize(p, Update, new, home); err != nil {
		return err
	}
	ot, _ := describe(old)
	nt, _ := describe(new)
	if ot.entity != nt.entity {
		return deny(p, Update, ot, fmt.Sprintf("cannot change a %s into a %s", ot.entity, nt.entity))
	}
	if p.Role == MissionOfficer && ot.entity == "mission" {
		if ch := lockedMissionFields(old.(*registry.Mission), new.(*registry.Mission)); len(ch) > 0 {
			return deny(p, Update, ot, "a mission officer may change only the contacts, services, source, last verified date and note of their mission, not "+strings.Join(ch, ", "))
		}
	}
	return nil
}

// inherit gives a bare new record the context of old (see AuthorizeUpdate).
func inherit(old, new any) any {
	switch o := old.(type) {
	case *AccreditationRef:
		if o != nil {
			return inherit(*o, new)
		}
	case AccreditationRef:
		if n, ok := new.(*registry.Accreditation); ok && n != nil && o.Accreditation != nil && n.Mission == o.Accreditation.Mission {
			return AccreditationRef{Accreditation: n, Sender: o.Sender}
		}
	case *PersonRef:
		if o != nil {
			return inherit(*o, new)
		}
	case PersonRef:
		if n, ok := new.(*registry.Person); ok && n != nil && o.Person != nil && n.ID == o.Person.ID {
			return PersonRef{Person: n, Missions: o.Missions}
		}
	}
	return new
}

// lockedMissionFields names the fields of a mission that a mission officer
// may not change and that differ between o and n.
func lockedMissionFields(o, n *registry.Mission) []string {
	var ch []string
	add := func(changed bool, name string) {
		if changed {
			ch = append(ch, name)
		}
	}
	add(o.ID != n.ID, "id")
	add(o.Sender != n.Sender, "sender")
	add(o.Kind != n.Kind, "kind")
	add(o.Name != n.Name, "name")
	add(o.City != n.City, "city")
	add(o.Country != n.Country, "country")
	add(o.Status != n.Status, "status")
	add(o.Certainty != n.Certainty, "certainty")
	add(o.Opened != n.Opened, "opened")
	add(o.Closed != n.Closed, "closed")
	if len(ch) == 0 {
		// A field added to Mission later is locked until listed here.
		a, b := *o, *n
		a.Contacts, a.Services, a.Meta = registry.Contacts{}, nil, registry.Meta{}
		b.Contacts, b.Services, b.Meta = registry.Contacts{}, nil, registry.Meta{}
		add(!reflect.DeepEqual(a, b), "a field other than those")
	}
	return ch
}

func settingsOf(v any) (registry.Settings, bool) {
	switch s := v.(type) {
	case registry.Settings:
		return s, true
	case *registry.Settings:
		if s != nil {
			return *s, true
		}
	}
	return registry.Settings{}, false
}

// protocolSettings are the settings protocol may change: the Diplomatic
// List's.
var protocolSettings = []string{"nuncio_is_dean"}

// EditableSettings returns the names (as in JSON) of the settings p may
// change, or nil when p may change none: to show the settings form.
func EditableSettings(p Principal) []string {
	if p.Validate() != nil {
		return nil
	}
	switch p.Role {
	case Admin:
		return []string{"home_state", "nuncio_is_dean", "consular_contact", "fiscal_year_start"}
	case Protocol:
		return slices.Clone(protocolSettings)
	}
	return nil
}

// AuthorizeSettings returns nil when p may change the settings old into new:
// admins may change any setting; protocol may change only nuncio_is_dean
// (and may submit the form unchanged); every other role none.
func AuthorizeSettings(p Principal, old, new registry.Settings) error {
	t := target{entity: "settings"}
	if err := p.Validate(); err != nil {
		return forbid(p, Update, t, err)
	}
	switch p.Role {
	case Admin:
		return nil
	case Protocol:
		a := old
		a.NuncioIsDean = new.NuncioIsDean
		if a == new {
			return nil
		}
		var ch []string
		if old.HomeState != new.HomeState {
			ch = append(ch, "home_state")
		}
		if old.ConsularContact != new.ConsularContact {
			ch = append(ch, "consular_contact")
		}
		if old.FiscalYearStart != new.FiscalYearStart {
			ch = append(ch, "fiscal_year_start")
		}
		if len(ch) == 0 {
			ch = append(ch, "a setting other than nuncio_is_dean")
		}
		return deny(p, Update, t, "protocol may change only nuncio_is_dean, not "+strings.Join(ch, ", "))
	}
	return deny(p, Update, t, "only admins change the settings, and protocol the Diplomatic List's")
}

func validISO2(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

func deny(p Principal, action Action, t target, reason string) error {
	return &ForbiddenError{Role: p.Role, Action: action, Entity: t.entity, ID: t.id, Reason: reason}
}

// forbid refuses a principal that fails Validate.
func forbid(p Principal, action Action, t target, err error) error {
	e := &ForbiddenError{Role: p.Role, Action: action, Entity: t.entity, ID: t.id,
		Reason: strings.TrimPrefix(err.Error(), "auth: "), signedOut: errors.Is(err, ErrNotSignedIn)}
	if !e.Role.Valid() {
		e.Role = ""
	}
	return e
}
