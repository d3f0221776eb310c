package auth

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

const (
	home     = "RW"
	missionA = "rw-embassy-nairobi" // the mission officer's mission
	missionB = "rw-embassy-paris"   // another of the home state's missions
	missionF = "fr-embassy-kigali"  // a foreign mission in the home state
	missionU = "un-office-kigali"   // an organisation's mission in the home state
)

var (
	rw = registry.StateParty("RW")
	fr = registry.StateParty("FR")
	un = registry.OrgParty("un")
)

// The principals of the matrix, in the order of the columns of want.
var matrixPrincipals = []struct {
	col string
	p   Principal
}{
	{"nobody", Principal{}},
	{"admin", Principal{UserID: 1, Email: "admin@example.org", Role: Admin}},
	{"editor", Principal{UserID: 2, Role: Editor}},
	{"protocol", Principal{UserID: 3, Role: Protocol}},
	{"officer of A", Principal{UserID: 4, Role: MissionOfficer, MissionID: missionA}},
	{"officer, no mission", Principal{UserID: 5, Role: MissionOfficer}},
	{"policy", Principal{UserID: 6, Role: PolicyOfficer}},
	{"viewer", Principal{UserID: 7, Role: Viewer}},
}

// matrixHeader names the columns of a want string: one character per
// principal above, Y allowed, - refused.
const matrixHeader = "N A E P M Z O V"

// TestAuthorizeMatrix is the full permission matrix: every record action on
// every entity (in the variants the rules tell apart) for every role. The
// expectations are written out, not computed.
func TestAuthorizeMatrix(t *testing.T) {
	type row struct {
		name                        string
		rec                         any
		create, update, end, delete string // columns: matrixHeader
	}
	// Each want string has one column per principal (matrixHeader): N nobody,
	// A admin, E editor, P protocol, M officer of mission A, Z officer with
	// no mission, O policy officer, V viewer. The four strings of a row are
	// for Create, Update, End and Delete.
	rows := []row{
		{"country", &registry.Country{ISO2: "KE"}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"relation", &registry.RelationEvent{ID: "ke-1964", Country: "KE"}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"organisation", &registry.Organisation{ID: "au"}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"home mission A", &registry.Mission{ID: missionA, Sender: rw, Country: "KE"}, "- Y Y - - - - -", "- Y Y - Y - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"home mission B", &registry.Mission{ID: missionB, Sender: rw, Country: "FR"}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"foreign mission", &registry.Mission{ID: missionF, Sender: fr, Country: "RW"}, "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y - - - - - -"},
		{"organisation's mission", &registry.Mission{ID: missionU, Sender: un, Country: "RW"}, "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y - - - - - -"},
		{"mission with no sender", &registry.Mission{ID: "x"}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"accreditation of A", &registry.Accreditation{ID: "a1", Mission: missionA}, "- Y Y - Y - - -", "- Y Y - Y - - -", "- Y Y - Y - - -", "- Y - - - - - -"},
		{"accreditation of A, ref", AccreditationRef{&registry.Accreditation{ID: "a1", Mission: missionA}, rw}, "- Y Y - Y - - -", "- Y Y - Y - - -", "- Y Y - Y - - -", "- Y - - - - - -"},
		{"accreditation of B", &registry.Accreditation{ID: "b1", Mission: missionB}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"accreditation of foreign, ref", &AccreditationRef{&registry.Accreditation{ID: "f1", Mission: missionF}, fr}, "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y - - - - - -"},
		{"accreditation of foreign, bare", &registry.Accreditation{ID: "f1", Mission: missionF}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"accreditation, ref without sender", AccreditationRef{Accreditation: &registry.Accreditation{ID: "f1", Mission: missionF}}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"appointment of A", &registry.Appointment{ID: "p1", Mission: missionA, Sender: rw, Receiver: registry.StateParty("KE")}, "- Y Y - Y - - -", "- Y Y - Y - - -", "- Y Y - Y - - -", "- Y - - - - - -"},
		{"appointment of B", &registry.Appointment{ID: "p2", Mission: missionB, Sender: rw}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"appointment, home, no mission", &registry.Appointment{ID: "p3", Sender: rw}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"appointment of foreign", &registry.Appointment{ID: "p4", Mission: missionF, Sender: fr, Receiver: rw}, "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y - - - - - -"},
		{"appointment, foreign, no mission", &registry.Appointment{ID: "p5", Sender: fr, Receiver: rw}, "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y - - - - - -"},
		{"person, bare", &registry.Person{ID: "jane"}, "- Y Y Y Y - - -", "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y - - - - - -"},
		{"person named only by A", PersonRef{&registry.Person{ID: "jane"}, []string{missionA, missionA}}, "- Y Y Y Y - - -", "- Y Y Y Y - - -", "- Y Y Y Y - - -", "- Y - - - - - -"},
		{"person named by A and B", &PersonRef{&registry.Person{ID: "jane"}, []string{missionA, missionB}}, "- Y Y Y Y - - -", "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y - - - - - -"},
		{"person named by A and no mission", PersonRef{&registry.Person{ID: "jane"}, []string{missionA, ""}}, "- Y Y Y Y - - -", "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y - - - - - -"},
		{"person named by no record", PersonRef{&registry.Person{ID: "jane"}, nil}, "- Y Y Y Y - - -", "- Y Y Y - - - -", "- Y Y Y - - - -", "- Y - - - - - -"},
		{"honorary consul of A", &registry.HonoraryConsul{ID: "h1", SupervisingMission: missionA}, "- Y Y - Y - - -", "- Y Y - Y - - -", "- Y Y - Y - - -", "- Y - - - - - -"},
		{"honorary consul of B", &registry.HonoraryConsul{ID: "h2", SupervisingMission: missionB}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"honorary consul, no mission", &registry.HonoraryConsul{ID: "h3"}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"membership", &registry.Membership{ID: "rw-au", Member: "RW", Organisation: "au", RepresentingMission: missionA}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"declared figure", &registry.DeclaredFigure{ID: "d1"}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"finder note", &registry.FinderNote{Country: "KE"}, "- Y Y - - - - -", "- Y Y - - - - -", "- Y Y - - - - -", "- Y - - - - - -"},
		{"agreement", &registry.Agreement{ID: "ke-air"}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
		{"policy node", &registry.PolicyNode{ID: "foreign-policy", Kind: registry.NodePolicy}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
		{"initiative led by A", &registry.Initiative{ID: "i1", LeadMission: missionA}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
		{"indicator", &registry.Indicator{ID: "ind-1"}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
		{"indicator actual", &registry.IndicatorActual{ID: "act-1", Indicator: "ind-1"}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
		{"engagement held by A", &registry.Engagement{ID: "e1", Kind: registry.Commemoration, Mission: missionA}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
		{"incoming visit", &registry.Engagement{ID: "e2", Kind: registry.Visit, Direction: registry.Incoming, Countries: []string{"FR"}}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
		{"commitment", &registry.Commitment{ID: "c1", Engagement: "e3"}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
		{"association", &registry.Association{ID: "rw-diaspora-ke", Country: "KE"}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
		{"stakeholder", &registry.Stakeholder{ID: "psf"}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
		{"consultation", &registry.Consultation{ID: "fp-2026"}, "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y Y - - - Y -", "- Y - - - - - -"},
	}
	// Every entity type of registry.Dataset is in the matrix.
	seen := map[string]bool{}
	for _, r := range rows {
		tg, err := describe(r.rec)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		seen[tg.entity] = true
	}
	for _, e := range datasetEntities() {
		if !seen[e] {
			t.Errorf("entity %s is missing from the matrix", e)
		}
	}
	for _, r := range rows {
		for _, c := range []struct {
			action Action
			want   string
		}{{Create, r.create}, {Update, r.update}, {End, r.end}, {Delete, r.delete}} {
			checkRow(t, fmt.Sprintf("%s %s", c.action, r.name), c.want, func(p Principal) error {
				return Authorize(p, c.action, r.rec, home)
			})
		}
	}
}

// TestAuthorizeGlobalMatrix covers the actions on no record.
func TestAuthorizeGlobalMatrix(t *testing.T) {
	for _, r := range []struct {
		action Action
		want   string
	}{
		//                     N A E P M Z O V
		{ManageUsers /*    */, "- Y - - - - - -"},
		{ManageSettings /* */, "- Y - - - - - -"},
		{ManageTokens /*   */, "- Y - - - - - -"},
		{EditPolicy /*     */, "- Y - - - - Y -"},
		{ViewStaff /*      */, "- Y Y Y Y - Y Y"},
		{Import /*         */, "- Y Y - - - - -"},
	} {
		checkRow(t, string(r.action), r.want, func(p Principal) error { return Authorize(p, r.action, nil, home) })
		// The same with an empty home: it matters only for records.
		checkRow(t, string(r.action)+" (no home)", r.want, func(p Principal) error { return Authorize(p, r.action, nil, "") })
	}
	if len(Actions()) != 10 {
		t.Errorf("Actions() = %v: a new action needs its row in the matrix", Actions())
	}
}

// checkRow checks one row of the matrix: want has one Y or - per principal.
func checkRow(t *testing.T, name, want string, authorize func(Principal) error) {
	t.Helper()
	cells := strings.Fields(want)
	if len(cells) != len(matrixPrincipals) {
		t.Fatalf("%s: want %q has %d columns, not %d (%s)", name, want, len(cells), len(matrixPrincipals), matrixHeader)
	}
	for i, mp := range matrixPrincipals {
		err := authorize(mp.p)
		switch cells[i] {
		case "Y":
			if err != nil {
				t.Errorf("%s by %s: refused (%v), want allowed", name, mp.col, err)
			}
		case "-":
			if err == nil {
				t.Errorf("%s by %s: allowed, want refused", name, mp.col)
			} else if !errors.Is(err, ErrForbidden) {
				t.Errorf("%s by %s: error %v does not wrap ErrForbidden", name, mp.col, err)
			}
		default:
			t.Fatalf("%s: bad cell %q", name, cells[i])
		}
	}
}

func TestAuthorizeSettingsMatrix(t *testing.T) {
	old := registry.Settings{HomeState: "RW", NuncioIsDean: false, ConsularContact: "consular@minaffet.gov.rw"}
	nuncio := old
	nuncio.NuncioIsDean = true
	contact := old
	contact.ConsularContact = "+250 788 000 000"
	homeState := old
	homeState.HomeState = "KE"
	both := nuncio
	both.ConsularContact = "changed"
	fiscal := old
	fiscal.FiscalYearStart = time.July
	nf := nuncio
	nf.FiscalYearStart = time.January
	for _, r := range []struct {
		name     string
		old, new registry.Settings
		want     string
	}{
		//                                          N A E P M Z O V
		{"unchanged", old, old /*              */, "- Y - Y - - - -"},
		{"nuncio_is_dean", old, nuncio /*      */, "- Y - Y - - - -"},
		{"nuncio_is_dean back", nuncio, old /* */, "- Y - Y - - - -"},
		{"consular_contact", old, contact /*   */, "- Y - - - - - -"},
		{"home_state", old, homeState /*       */, "- Y - - - - - -"},
		{"nuncio and contact", old, both /*    */, "- Y - - - - - -"},
		{"fiscal_year_start", old, fiscal /*   */, "- Y - - - - - -"},
		{"fiscal unset", fiscal, old /*        */, "- Y - - - - - -"},
		{"nuncio and fiscal", old, nf /*       */, "- Y - - - - - -"},
	} {
		checkRow(t, "settings "+r.name, r.want, func(p Principal) error { return AuthorizeSettings(p, r.old, r.new) })
		checkRow(t, "settings via AuthorizeUpdate "+r.name, r.want, func(p Principal) error { return AuthorizeUpdate(p, r.old, &r.new, "") })
	}
	err := AuthorizeSettings(Principal{UserID: 3, Role: Protocol}, old, both)
	if err == nil || !strings.HasSuffix(err.Error(), "only nuncio_is_dean, not consular_contact") {
		t.Errorf("protocol changing the contact: %v, want a refusal naming consular_contact", err)
	}
	err = AuthorizeSettings(Principal{UserID: 3, Role: Protocol}, old, nf)
	if err == nil || !strings.HasSuffix(err.Error(), "only nuncio_is_dean, not fiscal_year_start") {
		t.Errorf("protocol changing the fiscal year: %v, want a refusal naming fiscal_year_start", err)
	}
	for _, tc := range []struct {
		p    Principal
		want []string
	}{
		{Principal{}, nil},
		{Principal{UserID: 1, Role: Admin}, []string{"home_state", "nuncio_is_dean", "consular_contact", "fiscal_year_start"}},
		{Principal{UserID: 1, Role: Protocol}, []string{"nuncio_is_dean"}},
		{Principal{UserID: 1, Role: Editor}, nil},
		{Principal{UserID: 1, Role: MissionOfficer, MissionID: missionA}, nil},
		{Principal{UserID: 1, Role: Viewer}, nil},
		{Principal{Role: Admin}, nil},
	} {
		if got := EditableSettings(tc.p); !slices.Equal(got, tc.want) {
			t.Errorf("EditableSettings(%+v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	// Settings are not a record for Authorize.
	if err := Authorize(Principal{UserID: 1, Role: Admin}, Update, &old, home); !errors.Is(err, ErrForbidden) {
		t.Errorf("Authorize(settings) = %v, want a refusal", err)
	}
	if err := AuthorizeUpdate(Principal{UserID: 1, Role: Admin}, old, &registry.Country{}, home); !errors.Is(err, ErrForbidden) {
		t.Errorf("AuthorizeUpdate(settings → country) = %v, want a refusal", err)
	}
}

func TestAuthorizeUpdate(t *testing.T) {
	admin := Principal{UserID: 1, Role: Admin}
	editor := Principal{UserID: 2, Role: Editor}
	protocol := Principal{UserID: 3, Role: Protocol}
	officer := Principal{UserID: 4, Role: MissionOfficer, MissionID: missionA}
	viewer := Principal{UserID: 7, Role: Viewer}

	mA := registry.Mission{ID: missionA, Sender: rw, Kind: registry.Embassy, Name: "Embassy of Rwanda in Nairobi",
		City: "Nairobi", Country: "KE", Status: registry.MissionOpen, Certainty: registry.Reported,
		Opened: registry.NewDate(2005, 1, 1), Services: []registry.Service{registry.Passports},
		Contacts: registry.Contacts{Phone: "+254 1"}, Meta: registry.Meta{Source: "s", Version: 3}}
	mF := registry.Mission{ID: missionF, Sender: fr, Kind: registry.Embassy, Country: "RW", City: "Kigali"}
	change := func(m registry.Mission, f func(*registry.Mission)) *registry.Mission {
		m.Services = slices.Clone(m.Services)
		f(&m)
		return &m
	}
	accA := &registry.Accreditation{ID: "a1", Mission: missionA}
	accB := &registry.Accreditation{ID: "a1", Mission: missionB}
	accF := &registry.Accreditation{ID: "f1", Mission: missionF, Status: registry.AccActive}
	accF2 := &registry.Accreditation{ID: "f1", Mission: missionF, Status: registry.AccEnded}
	jane := &registry.Person{ID: "jane", Name: "Jane"}
	jane2 := &registry.Person{ID: "jane", Name: "Jane Doe"}

	for _, tc := range []struct {
		name     string
		p        Principal
		old, new any
		allowed  bool
	}{
		{"officer: own mission, contacts", officer, &mA, change(mA, func(m *registry.Mission) { m.Contacts.Email = "nairobi@minaffet.gov.rw" }), true},
		{"officer: own mission, services", officer, &mA, change(mA, func(m *registry.Mission) { m.Services = append(m.Services, registry.Visas) }), true},
		{"officer: own mission, services removed", officer, &mA, change(mA, func(m *registry.Mission) { m.Services = nil }), true},
		{"officer: own mission, source and verification", officer, &mA, change(mA, func(m *registry.Mission) {
			m.Source, m.Note, m.LastVerified = "website", "checked", registry.NewDate(2026, 1, 5)
		}), true},
		{"officer: own mission, unchanged", officer, &mA, change(mA, func(*registry.Mission) {}), true},
		{"officer: own mission, sender", officer, &mA, change(mA, func(m *registry.Mission) { m.Sender = fr }), false},
		{"officer: own mission, kind", officer, &mA, change(mA, func(m *registry.Mission) { m.Kind = registry.HighCommission }), false},
		{"officer: own mission, name", officer, &mA, change(mA, func(m *registry.Mission) { m.Name = "x" }), false},
		{"officer: own mission, city", officer, &mA, change(mA, func(m *registry.Mission) { m.City = "Mombasa" }), false},
		{"officer: own mission, country", officer, &mA, change(mA, func(m *registry.Mission) { m.Country = "TZ" }), false},
		{"officer: own mission, status", officer, &mA, change(mA, func(m *registry.Mission) { m.Status = registry.MissionClosed }), false},
		{"officer: own mission, closed", officer, &mA, change(mA, func(m *registry.Mission) { m.Closed = registry.NewDate(2026, 1, 1) }), false},
		{"officer: own mission, opened", officer, &mA, change(mA, func(m *registry.Mission) { m.Opened = registry.NewDate(2006, 1, 1) }), false},
		{"officer: own mission, certainty", officer, &mA, change(mA, func(m *registry.Mission) { m.Certainty = registry.Likely }), false},
		{"officer: own mission, renamed to B", officer, &mA, change(mA, func(m *registry.Mission) { m.ID = missionB }), false},
		{"officer: mission B into A", officer, change(mA, func(m *registry.Mission) { m.ID = missionB }), &mA, false},
		{"editor: own mission, sender", editor, &mA, change(mA, func(m *registry.Mission) { m.Kind = registry.HighCommission }), true},
		{"officer: accreditation A → A", officer, accA, &registry.Accreditation{ID: "a1", Mission: missionA, Status: registry.AccEnded}, true},
		{"officer: accreditation A → B", officer, accA, accB, false},
		{"officer: accreditation B → A", officer, accB, accA, false},
		{"editor: accreditation A → B", editor, accA, accB, true},
		{"officer: appointment A → B", officer, &registry.Appointment{ID: "p", Mission: missionA, Sender: rw}, &registry.Appointment{ID: "p", Mission: missionB, Sender: rw}, false},
		{"officer: appointment A → A", officer, &registry.Appointment{ID: "p", Mission: missionA, Sender: rw}, &registry.Appointment{ID: "p", Mission: missionA, Sender: rw, Person: "jane"}, true},
		{"officer: appointment A → none", officer, &registry.Appointment{ID: "p", Mission: missionA, Sender: rw}, &registry.Appointment{ID: "p", Sender: rw}, false},
		{"officer: consul A → B", officer, &registry.HonoraryConsul{ID: "h", SupervisingMission: missionA}, &registry.HonoraryConsul{ID: "h", SupervisingMission: missionB}, false},
		{"officer: consul B → A", officer, &registry.HonoraryConsul{ID: "h", SupervisingMission: missionB}, &registry.HonoraryConsul{ID: "h", SupervisingMission: missionA}, false},
		{"officer: consul A → A", officer, &registry.HonoraryConsul{ID: "h", SupervisingMission: missionA}, &registry.HonoraryConsul{ID: "h", SupervisingMission: missionA, City: "Mombasa"}, true},
		{"protocol: foreign mission", protocol, &mF, change(mF, func(m *registry.Mission) { m.City = "Kigali Heights" }), true},
		{"protocol: foreign mission made home", protocol, &mF, change(mF, func(m *registry.Mission) { m.Sender = rw }), false},
		{"protocol: home mission made foreign", protocol, &mA, change(mA, func(m *registry.Mission) { m.Sender = fr }), false},
		{"protocol: foreign appointment made home", protocol, &registry.Appointment{ID: "p", Sender: fr}, &registry.Appointment{ID: "p", Sender: rw}, false},
		{"protocol: foreign appointment", protocol, &registry.Appointment{ID: "p", Sender: fr}, &registry.Appointment{ID: "p", Sender: fr, Title: registry.Ambassador}, true},
		{"protocol: accreditation ref → bare, same mission", protocol, AccreditationRef{accF, fr}, accF2, true},
		{"protocol: accreditation ref pointer → bare", protocol, &AccreditationRef{accF, fr}, accF2, true},
		{"protocol: accreditation ref → bare, other mission", protocol, AccreditationRef{accF, fr}, accA, false},
		{"protocol: accreditation ref → ref of home mission", protocol, AccreditationRef{accF, fr}, AccreditationRef{accA, rw}, false},
		{"protocol: accreditation bare → bare", protocol, accF, accF2, false},
		{"officer: person ref → bare, same id", officer, PersonRef{jane, []string{missionA}}, jane2, true},
		{"officer: person ref pointer → bare", officer, &PersonRef{jane, []string{missionA}}, jane2, true},
		{"officer: person ref → bare, other id", officer, PersonRef{jane, []string{missionA}}, &registry.Person{ID: "john"}, false},
		{"officer: person named elsewhere too", officer, PersonRef{jane, []string{missionA, missionB}}, jane2, false},
		{"officer: person bare → bare", officer, jane, jane2, false},
		{"protocol: person bare → bare", protocol, jane, jane2, true},
		{"admin: mission → accreditation", admin, &mA, accA, false},
		{"admin: person → person ref", admin, jane, PersonRef{jane2, nil}, true},
		{"admin: nil → mission", admin, nil, &mA, false},
		{"admin: mission → nil", admin, &mA, nil, false},
		{"admin: mission → typed nil", admin, &mA, (*registry.Mission)(nil), false},
		{"viewer: country", viewer, &registry.Country{ISO2: "KE"}, &registry.Country{ISO2: "KE"}, false},
		{"nobody: country", Principal{}, &registry.Country{ISO2: "KE"}, &registry.Country{ISO2: "KE"}, false},
	} {
		err := AuthorizeUpdate(tc.p, tc.old, tc.new, home)
		if (err == nil) != tc.allowed {
			t.Errorf("%s: AuthorizeUpdate = %v, want allowed %v", tc.name, err, tc.allowed)
		}
		if err != nil && !errors.Is(err, ErrForbidden) {
			t.Errorf("%s: %v does not wrap ErrForbidden", tc.name, err)
		}
	}
	// The refusal names the locked fields.
	err := AuthorizeUpdate(officer, &mA, change(mA, func(m *registry.Mission) { m.Sender, m.Country = fr, "TZ" }), home)
	if err == nil || !strings.Contains(err.Error(), "sender, country") {
		t.Errorf("officer changing sender and country: %v", err)
	}
}

func TestAuthorizeErrors(t *testing.T) {
	admin := Principal{UserID: 1, Role: Admin}
	officer := Principal{UserID: 4, Role: MissionOfficer, MissionID: missionA}
	mB := &registry.Mission{ID: missionB, Sender: rw}

	err := Authorize(Principal{}, ViewStaff, nil, home)
	if !errors.Is(err, ErrForbidden) || !errors.Is(err, ErrNotSignedIn) || err.Error() != "auth: forbidden: not signed in" {
		t.Errorf("nobody: %v", err)
	}
	err = Authorize(officer, Update, mB, home)
	var fe *ForbiddenError
	if !errors.As(err, &fe) || errors.Is(err, ErrNotSignedIn) {
		t.Fatalf("officer on mission B: %v", err)
	}
	if fe.Role != MissionOfficer || fe.Action != Update || fe.Entity != "mission" || fe.ID != missionB || fe.Reason == "" {
		t.Errorf("ForbiddenError = %+v", fe)
	}
	if want := `auth: forbidden: mission_officer may not update mission "rw-embassy-paris": the record belongs to mission "rw-embassy-paris", not to their mission "rw-embassy-nairobi"`; err.Error() != want {
		t.Errorf("message\n %s\nwant\n %s", err, want)
	}
	err = Authorize(Principal{UserID: 2, Role: Editor}, Delete, mB, home)
	if err == nil || !strings.Contains(err.Error(), "only admins hard-delete") {
		t.Errorf("editor delete: %v", err)
	}
	err = Authorize(Principal{UserID: 2, Role: Protocol}, Update, &registry.Accreditation{ID: "f1", Mission: missionF}, home)
	if err == nil || !strings.Contains(err.Error(), "AccreditationRef") {
		t.Errorf("protocol, bare accreditation: %v", err)
	}
	err = Authorize(officer, Update, &registry.Person{ID: "jane"}, home)
	if err == nil || !strings.Contains(err.Error(), "PersonRef") {
		t.Errorf("officer, bare person: %v", err)
	}
	for _, tc := range []struct {
		name   string
		p      Principal
		action Action
		rec    any
		home   string
	}{
		{"record action without record", admin, Update, nil, home},
		{"typed nil record", admin, Update, (*registry.Mission)(nil), home},
		{"nil ref record", admin, Update, AccreditationRef{}, home},
		{"nil person ref", admin, Update, &PersonRef{}, home},
		{"nil ref pointer", admin, Update, (*PersonRef)(nil), home},
		{"record by value", admin, Update, registry.Mission{ID: "x"}, home},
		{"not a record", admin, Update, "mission", home},
		{"settings", admin, Update, &registry.Settings{}, home},
		{"non-record action with a record", admin, ManageUsers, mB, home},
		{"unknown action", admin, Action("publish"), nil, home},
		{"unknown action on record", admin, Action("publish"), mB, home},
		{"no home", admin, Update, mB, ""},
		{"bad home", admin, Update, mB, "rw"},
		{"bad home length", admin, Update, mB, "RWA"},
		{"unknown role", Principal{UserID: 1, Role: "root"}, ViewStaff, nil, home},
		{"negative user", Principal{UserID: -1, Role: Admin}, ViewStaff, nil, home},
		{"editor with a mission", Principal{UserID: 1, Role: Editor, MissionID: missionA}, ViewStaff, nil, home},
		{"officer without mission", Principal{UserID: 1, Role: MissionOfficer}, ViewStaff, nil, home},
		{"role but no user or token", Principal{Role: Admin}, ViewStaff, nil, home},
	} {
		err := Authorize(tc.p, tc.action, tc.rec, tc.home)
		if !errors.Is(err, ErrForbidden) {
			t.Errorf("%s: Authorize = %v, want a refusal", tc.name, err)
		}
	}
	// A token acts with its own role and mission.
	token := Principal{TokenID: 9, Role: MissionOfficer, MissionID: missionA}
	if err := Authorize(token, Update, &registry.Accreditation{ID: "a", Mission: missionA}, home); err != nil {
		t.Errorf("token principal: %v", err)
	}
	if err := Authorize(token, Update, &registry.Accreditation{ID: "a", Mission: missionB}, home); err == nil {
		t.Error("token principal on mission B allowed")
	}
}

func TestPrincipalValidate(t *testing.T) {
	for _, tc := range []struct {
		p     Principal
		valid bool
	}{
		{Principal{}, false},
		{Principal{UserID: 1, Role: Admin}, true},
		{Principal{TokenID: 1, Role: Viewer}, true},
		{Principal{UserID: 1, TokenID: 2, Role: Editor}, true},
		{Principal{UserID: 1}, false},
		{Principal{UserID: 1, Role: "Admin"}, false},
		{Principal{UserID: -1, Role: Admin}, false},
		{Principal{UserID: 1, TokenID: -1, Role: Admin}, false},
		{Principal{UserID: 1, Role: MissionOfficer}, false},
		{Principal{UserID: 1, Role: MissionOfficer, MissionID: "m"}, true},
		{Principal{UserID: 1, Role: Protocol, MissionID: "m"}, false},
	} {
		if err := tc.p.Validate(); (err == nil) != tc.valid {
			t.Errorf("%+v.Validate() = %v, want valid %v", tc.p, err, tc.valid)
		}
	}
	if err := (Principal{}).Validate(); !errors.Is(err, ErrNotSignedIn) {
		t.Errorf("zero Principal: %v, want ErrNotSignedIn", err)
	}
}

func TestRoles(t *testing.T) {
	want := []Role{"admin", "editor", "protocol", "mission_officer", "policy_officer", "viewer"}
	got := Roles()
	if !slices.Equal(got, want) {
		t.Errorf("Roles() = %v", got)
	}
	got[0] = "root"
	if Roles()[0] != Admin {
		t.Error("Roles returns the package's own slice")
	}
	for _, r := range want {
		if p, err := ParseRole(string(r)); err != nil || p != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, p, err)
		}
	}
	for _, s := range []string{"", "Admin", " admin", "mission-officer", "root"} {
		if r, err := ParseRole(s); err == nil {
			t.Errorf("ParseRole(%q) = %q, want an error", s, r)
		}
	}
}

// datasetEntities returns the entity names of every record type of
// registry.Dataset, one record of each passed through EachRecord.
func datasetEntities() []string {
	var ds registry.Dataset
	v := reflect.ValueOf(&ds).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.Slice && v.Type().Field(i).Name != "Deletions" {
			f.Set(reflect.Append(f, reflect.Zero(f.Type().Elem())))
		}
	}
	var names []string
	ds.EachRecord(func(entity, _ string, _ *registry.Meta) { names = append(names, entity) })
	return names
}

// TestTrackerRecords: every record of the policy tracker is described under
// its entity name, and those who may not edit it are told who may.
func TestTrackerRecords(t *testing.T) {
	recs := []any{&registry.PolicyNode{ID: "p"}, &registry.Initiative{ID: "i"}, &registry.Indicator{ID: "n"},
		&registry.IndicatorActual{ID: "a"}, &registry.Engagement{ID: "e", Mission: missionA}, &registry.Commitment{ID: "c"},
		&registry.Association{ID: "s"}, &registry.Stakeholder{ID: "k"}, &registry.Consultation{ID: "o"}}
	var entities []string
	for _, rec := range recs {
		tg, err := describe(rec)
		if err != nil {
			t.Fatalf("describe(%T): %v", rec, err)
		}
		entities = append(entities, tg.entity)
		for _, p := range []Principal{
			{UserID: 3, Role: Protocol},
			{UserID: 4, Role: MissionOfficer, MissionID: missionA},
			{UserID: 7, Role: Viewer},
		} {
			for _, action := range []Action{Create, Update, End} {
				err := Authorize(p, action, rec, home)
				var fe *ForbiddenError
				if !errors.As(err, &fe) || fe.Entity != tg.entity || !strings.Contains(fe.Reason, "only policy officers, editors and admins") {
					t.Errorf("%s %s by %s: %v, want a refusal naming who may", action, tg.entity, p.Role, err)
				}
			}
		}
	}
	if !slices.Equal(entities, TrackerEntities) {
		t.Errorf("entities %v, TrackerEntities %v", entities, TrackerEntities)
	}
	officer := Principal{UserID: 6, Role: PolicyOfficer}
	old := &registry.Engagement{ID: "e", Kind: registry.Visit}
	changed := &registry.Engagement{ID: "e", Kind: registry.Visit, Public: true}
	if err := AuthorizeUpdate(officer, old, changed, home); err != nil {
		t.Errorf("policy officer updating an engagement: %v", err)
	}
	if err := AuthorizeUpdate(officer, old, &registry.Agreement{ID: "e"}, home); !errors.Is(err, ErrForbidden) {
		t.Errorf("engagement changed into an agreement: %v, want a refusal", err)
	}
	if err := AuthorizeUpdate(Principal{UserID: 3, Role: Protocol}, old, changed, home); !errors.Is(err, ErrForbidden) {
		t.Errorf("protocol updating an engagement: %v, want a refusal", err)
	}
}
