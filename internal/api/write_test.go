package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

var md = registry.MustDate

// The home state's missions A (rw-nairobi) and B (rw-brussels), a mission C
// of the home state with no records (rw-kampala), and a foreign mission F
// (ke-kigali).
const (
	missionA = "rw-nairobi"
	missionB = "rw-brussels"
	missionC = "rw-kampala"
	missionF = "ke-kigali"
)

// writeFixtureData is a small valid registry with records of every entity,
// some of mission A, some of mission B and some of the foreign mission F.
func writeFixtureData() registry.Dataset {
	src := registry.Meta{Source: "https://example.org/source", LastVerified: md("2026-01-10")}
	rw, ke := registry.StateParty("RW"), registry.StateParty("KE")
	var countries []registry.Country
	for i, c := range [][2]string{{"RW", "Rwanda"}, {"KE", "Kenya"}, {"UG", "Uganda"}, {"TZ", "Tanzania"}, {"BE", "Belgium"},
		{"ET", "Ethiopia"}, {"US", "United States"}, {"FR", "France"}, {"DE", "Germany"}, {"NL", "Netherlands"},
		{"IT", "Italy"}, {"ES", "Spain"}, {"PT", "Portugal"}, {"CH", "Switzerland"}, {"SE", "Sweden"}, {"NO", "Norway"}} {
		countries = append(countries, registry.Country{ISO2: c[0], ISO3: c[0] + "X", Numeric: fmt.Sprintf("%03d", 100+i),
			Names: registry.Names{EN: c[1]}, Meta: src})
	}
	return registry.Dataset{
		Settings:  registry.Settings{HomeState: "RW", ConsularContact: "consular@example.org"},
		Countries: countries,
		Relations: []registry.RelationEvent{
			{ID: "ke-established", Country: "KE", Event: registry.Established, Date: md("1963"), Certainty: registry.Reported, Meta: src},
		},
		Organisations: []registry.Organisation{
			{ID: "AU", Acronym: "AU", Names: registry.Names{EN: "African Union"}, Kind: "continental", HQCity: "Addis Ababa", HQCountry: "ET", Meta: src},
			{ID: "EAC", Acronym: "EAC", Names: registry.Names{EN: "East African Community"}, Kind: "subregional", HQCity: "Arusha"},
		},
		Missions: []registry.Mission{
			{ID: missionA, Sender: rw, Kind: registry.HighCommission, Name: "High Commission of Rwanda in Nairobi", City: "Nairobi",
				Country: "KE", Status: registry.MissionOpen, Certainty: registry.Reported, Opened: md("2005-03"),
				Contacts: registry.Contacts{Email: "nairobi@example.org"}, Services: []registry.Service{registry.Passports}, Meta: src},
			{ID: missionB, Sender: rw, Kind: registry.Embassy, Name: "Embassy of Rwanda in Brussels", City: "Brussels",
				Country: "BE", Status: registry.MissionOpen, Certainty: registry.Reported, Meta: src},
			{ID: missionC, Sender: rw, Kind: registry.HighCommission, Name: "High Commission of Rwanda in Kampala", City: "Kampala",
				Country: "UG", Status: registry.MissionOpen, Certainty: registry.Reported},
			{ID: missionF, Sender: ke, Kind: registry.HighCommission, Name: "High Commission of Kenya in Kigali", City: "Kigali",
				Country: "RW", Status: registry.MissionOpen, Certainty: registry.Reported},
		},
		Accreditations: []registry.Accreditation{
			{ID: "rw-nairobi--KE", Mission: missionA, Receiver: ke, Residence: registry.Resident, Status: registry.AccActive,
				Certainty: registry.Reported, From: md("2005-03"), Meta: src},
			{ID: "rw-nairobi--UG", Mission: missionA, Receiver: registry.StateParty("UG"), Residence: registry.NonResident,
				Status: registry.AccActive, Certainty: registry.Likely, From: md("2012")},
			{ID: "rw-brussels--BE", Mission: missionB, Receiver: registry.StateParty("BE"), Residence: registry.Resident,
				Status: registry.AccActive, Certainty: registry.Reported},
			{ID: "ke-kigali--RW", Mission: missionF, Receiver: rw, Residence: registry.Resident, Status: registry.AccActive,
				Certainty: registry.Reported},
		},
		People: []registry.Person{
			{ID: "jane-doe", Name: "Jane Doe", Meta: src},
			{ID: "john-roe", Name: "John Roe"},
			{ID: "ke-envoy", Name: "Kenyan Envoy"},
		},
		Appointments: []registry.Appointment{
			{ID: "jane-doe-kenya", Person: "jane-doe", Mission: missionA, Sender: rw, Receiver: ke, Role: registry.HeadOfMission,
				Title: registry.HighCommissioner, Certainty: registry.Reported, Appointed: md("2019-12-01"), Meta: src},
			{ID: "b-head", Mission: missionB, Sender: rw, Receiver: registry.StateParty("BE"), Role: registry.HeadOfMission,
				Title: registry.Ambassador, Certainty: registry.Likely},
			{ID: "ke-head", Person: "ke-envoy", Mission: missionF, Sender: ke, Receiver: rw, Role: registry.HeadOfMission,
				Title: registry.HighCommissioner, Certainty: registry.Reported},
		},
		HonoraryConsuls: []registry.HonoraryConsul{
			{ID: "hc-mombasa", Country: "KE", City: "Mombasa", SupervisingMission: missionA, Status: registry.HCActive,
				Certainty: registry.Reported, Exequatur: md("2019")},
			{ID: "hc-chicago", Person: "john-roe", Country: "US", City: "Chicago", SupervisingMission: missionB,
				Status: registry.HCActive, Certainty: registry.Reported, Exequatur: md("2018-09-14"), Meta: src},
		},
		Memberships: []registry.Membership{
			{ID: "RW--AU", Member: "RW", Organisation: "AU", Status: registry.Member, Certainty: registry.Reported, Joined: md("1963-05-25")},
			{ID: "RW--EAC", Member: "RW", Organisation: "EAC", Status: registry.Member, Certainty: registry.Reported, Joined: md("2007-07-01")},
		},
		DeclaredFigures: []registry.DeclaredFigure{
			{ID: "missions-2025", Name: registry.FigDiplomaticMissions, Value: 48, Date: md("2025-06"), Meta: src},
		},
		FinderNotes: []registry.FinderNote{
			{Country: "TZ", Text: registry.Names{EN: "Served by the High Commission in Nairobi."}},
		},
		Agreements: []registry.Agreement{agreement("rw-ke-trade", md("2020-03-01"))},
	}
}

// agreement returns a bilateral agreement with Kenya binding on signature,
// signed (and in force) on the date given.
func agreement(id string, signed registry.Date) registry.Agreement {
	return registry.Agreement{ID: id, Title: registry.Names{EN: "Agreement " + id}, Kind: registry.AgreementKind,
		Scope: registry.Bilateral, ConsentMode: registry.ConsentSignature, Parties: []registry.Party{registry.StateParty("KE")},
		Certainty: registry.Reported, Signed: signed, EntryIntoForce: signed, Meta: registry.Meta{Source: "https://example.org/treaties"}}
}

// The principals of the tests, in the order the matrix tries them: the
// unauthenticated first, then the roles from the least to the most powerful,
// so that the refused try each record as the fixture has it.
var (
	unauthenticated = []string{"no token", "session cookie", "malformed", "expired", "revoked"}
	tokenRoles      = []string{"viewer", "policy_officer", "protocol", "mission_officer", "editor", "admin"}
	principals      = append(append([]string{}, unauthenticated...), tokenRoles...)
)

// wFixture is the write API on a store seeded with writeFixtureData, behind
// an HTTP server that sets X-Request-Id as the site's middleware does.
type wFixture struct {
	db      *store.DB
	srv     *httptest.Server
	reg     atomic.Pointer[registry.Registry]
	tokens  map[string]string // principal → Authorization header value ("" for none)
	ids     map[string]int64  // role → token id
	expires time.Time         // when the "expired" token expires
}

func cliContext() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{ID: audit.ActorCLI})
}

func newWriteFixture(t *testing.T, db *store.DB) *wFixture {
	t.Helper()
	ctx := cliContext()
	if _, err := db.Seed(ctx, writeFixtureData()); err != nil {
		t.Fatal(err)
	}
	owner, err := db.CreateUser(ctx, store.User{Email: "admin@example.org", Name: "Admin", Role: auth.Admin,
		PasswordHash: "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"})
	if err != nil {
		t.Fatal(err)
	}
	f := &wFixture{db: db, tokens: map[string]string{}, ids: map[string]int64{}}
	mint := func(name string, role auth.Role, mission string, expires time.Time) (string, int64) {
		plain, hash, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		tok, err := db.CreateToken(ctx, store.Token{Name: name, Hash: hash, Role: role, MissionID: mission,
			CreatedBy: owner.ID, ExpiresAt: expires})
		if err != nil {
			t.Fatal(err)
		}
		return "Bearer " + plain, tok.ID
	}
	later := time.Now().Add(time.Hour)
	for _, role := range tokenRoles {
		mission := ""
		if role == "mission_officer" {
			mission = missionA
		}
		f.tokens[role], f.ids[role] = mint(role, auth.Role(role), mission, later)
	}
	f.expires = time.Now().Add(1500 * time.Millisecond)
	f.tokens["expired"], _ = mint("expired", auth.Editor, "", f.expires)
	var revoked int64
	f.tokens["revoked"], revoked = mint("revoked", auth.Admin, "", later)
	if err := db.RevokeToken(ctx, revoked); err != nil {
		t.Fatal(err)
	}
	f.tokens["malformed"] = "Bearer chy_not-a-token"
	ds, err := db.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.reg.Store(registry.New(ds))
	handler := New(f.reg.Load, slog.New(slog.DiscardHandler),
		WithWrites(WriteConfig{DB: db, Publish: f.reg.Store}))
	var n atomic.Int64
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", fmt.Sprintf("req-%d", n.Add(1)))
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// waitExpired waits until the "expired" token has expired.
func (f *wFixture) waitExpired() { time.Sleep(time.Until(f.expires.Add(10 * time.Millisecond))) }

// wResponse is a response read in full.
type wResponse struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request as who (a principal name, or "" for none); body is
// sent as JSON unless it is a []byte or string, sent as is.
func (f *wFixture) do(t testing.TB, who, method, path string, body any, header map[string]string) wResponse {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if v := f.tokens[who]; v != "" {
		req.Header.Set("Authorization", v)
	}
	if who == "session cookie" {
		req.Header.Set("Cookie", "chancery_staff=a-valid-looking-session-token")
	}
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return wResponse{status: resp.StatusCode, header: resp.Header, body: data}
}

// lastSeq returns the seq of the newest audit entry.
func (f *wFixture) lastSeq(t testing.TB) int64 {
	t.Helper()
	e, _, err := f.db.LastAuditEntry(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return e.Seq
}

// load returns the stored records.
func (f *wFixture) load(t testing.TB) registry.Dataset {
	t.Helper()
	ds, err := f.db.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// record returns a copy of the stored record id of the collection path.
func (f *wFixture) record(t testing.TB, path, id string) any {
	t.Helper()
	e := entityAt(path)
	ds := f.load(t)
	rec := e.find(&ds, id)
	if rec == nil {
		t.Fatalf("no %s %q stored", e.name, id)
	}
	return rec
}

func entityAt(path string) *writeEntity {
	for _, e := range writeEntities {
		if e.path == path {
			return e
		}
	}
	panic("no collection " + path)
}

// insert stores recs as the command line would.
func (f *wFixture) insert(t testing.TB, recs ...any) {
	t.Helper()
	err := f.db.Write(cliContext(), func(tx *store.Tx) error {
		for _, r := range recs {
			if err := tx.Insert(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkProblem checks that res is a problem of the given status, and
// returns it.
func checkProblem(t testing.TB, what string, res wResponse, status int) fieldProblem {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, res.status, status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%s: Content-Type %q, want application/problem+json", what, ct)
	}
	var p fieldProblem
	dec := json.NewDecoder(bytes.NewReader(res.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("%s: decoding the problem: %v: %s", what, err, res.body)
	}
	if p.Status != status || p.Type == "" || p.Title == "" || p.Detail == "" {
		t.Errorf("%s: incomplete problem %+v", what, p)
	}
	return p
}

// rbacCase is one write route with one kind of record, and who may use it.
type rbacCase struct {
	name   string
	method string
	path   string // collection, e.g. "missions"; "" for the settings
	// id is the record a PUT or DELETE names.
	id func(w string) string
	// body returns the body for who (w: who as a slug); for a PUT it is
	// given the stored record to change.
	body func(w string, stored any) any
	// setup returns records to store, as the command line, before the
	// request (the record a DELETE removes).
	setup   func(w string) []any
	action  string   // the audit action of an allowed request
	allowed []string // the roles allowed; every other role is refused (403)
}

// rbacCases is the API half of the RBAC matrix: every write route, with
// records of mission A, of mission B and of foreign missions, per the rules
// of internal/auth (docs/SECURITY.md, "Permission matrix"). The mission
// officer's mission is A.
func rbacCases() []rbacCase {
	rw, ke := registry.StateParty("RW"), registry.StateParty("KE")
	same := func(id string) func(string) string { return func(string) string { return id } }
	create := func(name, path string, allowed []string, mk func(w string) any) rbacCase {
		return rbacCase{name: "create " + name, method: http.MethodPost, path: path, action: audit.ActionCreate, allowed: allowed,
			body: func(w string, _ any) any { return mk(w) }}
	}
	update := func(name, path, id string, allowed []string, change func(w string, rec any)) rbacCase {
		return rbacCase{name: "update " + name, method: http.MethodPut, path: path, id: same(id), action: audit.ActionUpdate,
			allowed: allowed, body: func(w string, rec any) any { change(w, rec); return rec }}
	}
	end := func(c rbacCase) rbacCase {
		c.name, c.action = "end"+strings.TrimPrefix(c.name, "update"), audit.ActionEnd
		return c
	}
	del := func(path string, mk func(w string) []any) rbacCase {
		e := entityAt(path)
		return rbacCase{name: "delete " + humanEntity(e.name), method: http.MethodDelete, path: path, setup: mk,
			id: func(w string) string { recs := mk(w); return e.id(recs[len(recs)-1]) }, action: audit.ActionDelete,
			allowed: []string{"admin"}}
	}
	all := []string{"admin", "editor"}
	protocol := []string{"admin", "editor", "protocol"}
	officer := []string{"admin", "editor", "mission_officer"}
	persons := []string{"admin", "editor", "protocol", "mission_officer"}
	policy := []string{"admin", "editor", "policy_officer"}
	// letter gives each principal its own letter, for codes.
	letter := func(w string) string {
		for i, p := range principals {
			if strings.ReplaceAll(p, "_", "-") == w || strings.ReplaceAll(p, " ", "-") == w {
				return string(rune('A' + i))
			}
		}
		return "Z"
	}
	noteCountry := func(w string) string {
		return []string{"FR", "DE", "NL", "IT", "ES", "PT", "CH", "SE", "NO", "US", "UG"}[letter(w)[0]-'A']
	}
	mission := func(id string, sender registry.Party, country string) *registry.Mission {
		return &registry.Mission{ID: id, Sender: sender, Kind: registry.Embassy, Name: "Mission " + id, City: "Capital",
			Country: country, Status: registry.MissionOpen, Certainty: registry.Reported}
	}
	accreditation := func(id, mission string, to registry.Party) *registry.Accreditation {
		return &registry.Accreditation{ID: id, Mission: mission, Receiver: to, Residence: registry.NonResident,
			Status: registry.AccPlanned, Certainty: registry.Reported}
	}
	appointment := func(id, mission string, from, to registry.Party) *registry.Appointment {
		return &registry.Appointment{ID: id, Mission: mission, Sender: from, Receiver: to, Role: registry.HeadOfMission,
			Title: registry.Ambassador, Certainty: registry.Reported}
	}
	consul := func(id, country, mission string) *registry.HonoraryConsul {
		return &registry.HonoraryConsul{ID: id, Country: country, City: "Seat", SupervisingMission: mission,
			Status: registry.HCPlanned, Certainty: registry.Reported}
	}
	country := func(iso2 string) *registry.Country {
		return &registry.Country{ISO2: iso2, ISO3: iso2 + "Q", Numeric: "9" + fmt.Sprintf("%02d", iso2[1]-'A'), Names: registry.Names{EN: "Country " + iso2}}
	}
	phone := func(w string) string { return "+250 788 000 " + fmt.Sprint(int(letter(w)[0])) }

	return []rbacCase{
		create("home-state mission", "missions", all, func(w string) any { return mission("rw-paris-"+w, rw, "FR") }),
		create("foreign mission", "missions", protocol, func(w string) any { return mission("fr-kigali-"+w, registry.StateParty("FR"), "RW") }),
		create("accreditation of mission A", "accreditations", officer, func(w string) any {
			return accreditation("rw-nairobi--TZ-"+w, missionA, registry.StateParty("TZ"))
		}),
		create("accreditation of mission B", "accreditations", all, func(w string) any {
			return accreditation("rw-brussels--NL-"+w, missionB, registry.StateParty("NL"))
		}),
		create("accreditation of a foreign mission", "accreditations", protocol, func(w string) any {
			return accreditation("ke-kigali--UG-"+w, missionF, registry.StateParty("UG"))
		}),
		create("appointment of mission A", "appointments", officer, func(w string) any { return appointment("a-head-"+w, missionA, rw, ke) }),
		create("appointment of mission B", "appointments", all, func(w string) any {
			return appointment("b-head-"+w, missionB, rw, registry.StateParty("BE"))
		}),
		create("appointment of a foreign mission", "appointments", protocol, func(w string) any { return appointment("f-head-"+w, missionF, ke, rw) }),
		create("person", "persons", persons, func(w string) any { return &registry.Person{ID: "person-" + w, Name: "Person " + w} }),
		create("honorary consul supervised by mission A", "honorary-consuls", officer, func(w string) any { return consul("hc-a-"+w, "KE", missionA) }),
		create("honorary consul supervised by mission B", "honorary-consuls", all, func(w string) any { return consul("hc-b-"+w, "NL", missionB) }),
		create("country", "countries", all, func(w string) any { return country("Q" + letter(w)) }),
		create("relation event", "relations", all, func(w string) any {
			return &registry.RelationEvent{ID: "ug-" + w, Country: "UG", Event: registry.Established, Date: md("1962"), Certainty: registry.Reported}
		}),
		create("organisation", "organisations", all, func(w string) any {
			return &registry.Organisation{ID: "ORG-" + w, Acronym: "ORG", Names: registry.Names{EN: "Organisation " + w}, Kind: "other"}
		}),
		create("membership", "memberships", all, func(w string) any {
			return &registry.Membership{ID: "UG--AU-" + w, Member: "UG", Organisation: "AU", Status: registry.Member, Certainty: registry.Reported}
		}),
		create("declared figure", "declared-figures", all, func(w string) any {
			return &registry.DeclaredFigure{ID: "figure-" + w, Name: registry.FigDiplomaticMissions, Value: 40, Date: md("2024")}
		}),
		create("finder note", "finder-notes", all, func(w string) any {
			return &registry.FinderNote{Country: noteCountry(w), Text: registry.Names{EN: "Note " + w}}
		}),
		create("agreement", "agreements", policy, func(w string) any { a := agreement("agr-"+w, md("2025-09-01")); return &a }),

		update("contacts of mission A", "missions", missionA, officer, func(w string, r any) { r.(*registry.Mission).Contacts.Phone = phone(w) }),
		update("name of mission A", "missions", missionA, all, func(w string, r any) { r.(*registry.Mission).Name = "Mission A " + w }),
		end(update("mission C (closed)", "missions", missionC, all, func(w string, r any) {
			m := r.(*registry.Mission)
			m.Status, m.Closed = registry.MissionClosed, md("2026-01-01")
		})),
		update("contacts of mission B", "missions", missionB, all, func(w string, r any) { r.(*registry.Mission).Contacts.Phone = phone(w) }),
		update("foreign mission", "missions", missionF, protocol, func(w string, r any) { r.(*registry.Mission).Contacts.Phone = phone(w) }),
		update("accreditation of mission A", "accreditations", "rw-nairobi--KE", officer, func(w string, r any) {
			r.(*registry.Accreditation).LegalBasis = "Note " + w
		}),
		update("accreditation of mission A, moved to mission B", "accreditations", "rw-nairobi--UG", all, func(w string, r any) {
			r.(*registry.Accreditation).Mission = missionB
		}),
		end(update("accreditation of mission A (ended)", "accreditations", "rw-nairobi--KE", officer, func(w string, r any) {
			a := r.(*registry.Accreditation)
			a.Status, a.To = registry.AccEnded, md("2026-01-01")
		})),
		update("accreditation of mission B", "accreditations", "rw-brussels--BE", all, func(w string, r any) {
			r.(*registry.Accreditation).LegalBasis = "Note " + w
		}),
		update("accreditation of a foreign mission", "accreditations", "ke-kigali--RW", protocol, func(w string, r any) {
			r.(*registry.Accreditation).LegalBasis = "Note " + w
		}),
		update("appointment of mission A", "appointments", "jane-doe-kenya", officer, func(w string, r any) {
			r.(*registry.Appointment).CredentialsSeq = int(letter(w)[0])
		}),
		update("appointment of mission B", "appointments", "b-head", all, func(w string, r any) {
			r.(*registry.Appointment).CredentialsSeq = int(letter(w)[0])
		}),
		update("appointment of a foreign mission", "appointments", "ke-head", protocol, func(w string, r any) {
			r.(*registry.Appointment).CredentialsSeq = int(letter(w)[0])
		}),
		update("person named only by records of mission A", "persons", "jane-doe", persons, func(w string, r any) {
			r.(*registry.Person).Name = "Jane Doe " + w
		}),
		update("person named by a record of mission B", "persons", "john-roe", protocol, func(w string, r any) {
			r.(*registry.Person).Name = "John Roe " + w
		}),
		update("honorary consul supervised by mission A", "honorary-consuls", "hc-mombasa", officer, func(w string, r any) {
			r.(*registry.HonoraryConsul).Contacts.Phone = phone(w)
		}),
		update("honorary consul supervised by mission B", "honorary-consuls", "hc-chicago", all, func(w string, r any) {
			r.(*registry.HonoraryConsul).Contacts.Phone = phone(w)
		}),
		update("country", "countries", "KE", all, func(w string, r any) { r.(*registry.Country).Names.FR = "Kenya " + w }),
		update("relation event", "relations", "ke-established", all, func(w string, r any) { r.(*registry.RelationEvent).Note = w }),
		update("organisation", "organisations", "EAC", all, func(w string, r any) { r.(*registry.Organisation).HQCity = "Arusha " + w }),
		update("membership", "memberships", "RW--EAC", all, func(w string, r any) { r.(*registry.Membership).Note = w }),
		update("declared figure", "declared-figures", "missions-2025", all, func(w string, r any) {
			r.(*registry.DeclaredFigure).Value = int(letter(w)[0])
		}),
		update("finder note", "finder-notes", "TZ", all, func(w string, r any) { r.(*registry.FinderNote).Text.FR = "Note " + w }),
		update("agreement", "agreements", "rw-ke-trade", policy, func(w string, r any) { r.(*registry.Agreement).Note = "Note " + w }),

		del("missions", func(w string) []any { return []any{mission("del-"+w, rw, "TZ")} }),
		del("accreditations", func(w string) []any { return []any{accreditation("del--"+w, missionA, registry.StateParty("ET"))} }),
		del("appointments", func(w string) []any { return []any{appointment("del-"+w, missionA, rw, ke)} }),
		del("persons", func(w string) []any { return []any{&registry.Person{ID: "del-" + w, Name: "Deleted"}} }),
		del("honorary-consuls", func(w string) []any { return []any{consul("del-"+w, "ET", missionA)} }),
		del("countries", func(w string) []any { return []any{country("Z" + letter(w))} }),
		del("relations", func(w string) []any {
			return []any{&registry.RelationEvent{ID: "del-" + w, Country: "ET", Event: registry.Established, Date: md("1970"), Certainty: registry.Likely}}
		}),
		del("organisations", func(w string) []any {
			return []any{&registry.Organisation{ID: "DEL-" + w, Acronym: "DEL", Names: registry.Names{EN: "Deleted"}, Kind: "other"}}
		}),
		del("memberships", func(w string) []any {
			return []any{&registry.Membership{ID: "ET--AU-" + w, Member: "ET", Organisation: "AU", Status: registry.Member, Certainty: registry.Likely}}
		}),
		del("declared-figures", func(w string) []any {
			return []any{&registry.DeclaredFigure{ID: "del-" + w, Name: registry.FigConsularPosts, Value: 1, Date: md("2020")}}
		}),
		del("agreements", func(w string) []any { a := agreement("del-"+w, md("2021")); return []any{&a} }),
		del("finder-notes", func(w string) []any {
			c := country("Y" + letter(w))
			return []any{c, &registry.FinderNote{Country: c.ISO2, Text: registry.Names{EN: "Deleted"}}}
		}),

		{name: "settings: nuncio_is_dean", method: http.MethodPut, action: audit.ActionSettings, allowed: []string{"admin", "protocol"},
			body: func(w string, cur any) any { s := cur.(registry.Settings); s.NuncioIsDean = !s.NuncioIsDean; return s }},
		{name: "settings: consular_contact", method: http.MethodPut, action: audit.ActionSettings, allowed: []string{"admin"},
			body: func(w string, cur any) any {
				s := cur.(registry.Settings)
				s.ConsularContact = "consular-" + w + "@example.org"
				return s
			}},
	}
}

// TestWriteRBAC sends every case of the matrix as every principal, and
// checks the answer, the store and the audit log: an allowed write commits
// with exactly one audit entry naming the token and the request; a refused
// one (401, 403) writes nothing.
func TestWriteRBAC(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		f.waitExpired()
		for _, c := range rbacCases() {
			t.Run(c.name, func(t *testing.T) {
				action := c.action
				for _, who := range principals {
					w := strings.NewReplacer("_", "-", " ", "-").Replace(who)
					if c.setup != nil {
						f.insert(t, c.setup(w)...)
					}
					var target, ifMatch, entityID, entity string
					var body any
					switch {
					case c.path == "":
						target, entity = settingsPath, audit.EntitySettings
						s := f.load(t).Settings
						ifMatch, body = settingsTag(s), c.body(w, s)
					case c.method == http.MethodPost:
						target, entity = "/api/v1/"+c.path, entityAt(c.path).name
						body = c.body(w, nil)
						entityID = entityAt(c.path).id(body)
					default:
						e := entityAt(c.path)
						entityID, entity = c.id(w), e.name
						target = "/api/v1/" + c.path + "/" + entityID
						rec := f.record(t, c.path, entityID)
						ifMatch = versionTag(e.meta(rec).Version)
						if c.body != nil {
							body = c.body(w, rec)
						}
					}
					want := http.StatusForbidden
					switch {
					case contains(unauthenticated, who):
						want = http.StatusUnauthorized
					case contains(c.allowed, who):
						want = map[string]int{http.MethodPost: 201, http.MethodPut: 200, http.MethodDelete: 204}[c.method]
					}
					before := f.lastSeq(t)
					res := f.do(t, who, c.method, target, body, map[string]string{"If-Match": ifMatch})
					what := fmt.Sprintf("%s %s as %s", c.method, target, who)
					if res.status != want {
						t.Errorf("%s: status %d, want %d: %s", what, res.status, want, res.body)
						continue
					}
					after := f.lastSeq(t)
					if want >= 400 {
						checkProblem(t, what, res, want)
						if want == http.StatusUnauthorized && !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
							t.Errorf("%s: WWW-Authenticate %q", what, res.header.Get("WWW-Authenticate"))
						}
						if after != before {
							t.Errorf("%s: refused, but the audit log grew from %d to %d entries", what, before, after)
						}
						continue
					}
					if after != before+1 {
						t.Errorf("%s: the audit log grew by %d entries, want 1", what, after-before)
						continue
					}
					e, _, err := f.db.LastAuditEntry(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					wantActor := audit.TokenActor(f.ids[who])
					if e.Actor != wantActor || e.RequestID != res.header.Get("X-Request-Id") || e.RequestID == "" ||
						e.Address != "127.0.0.1" || e.Action != action || e.Entity != entity || e.EntityID != entityID {
						t.Errorf("%s: audit entry %s %s %q by %s (request %q from %q); want %s %s %q by %s (request %q from 127.0.0.1)",
							what, e.Action, e.Entity, e.EntityID, e.Actor, e.RequestID, e.Address,
							action, entity, entityID, wantActor, res.header.Get("X-Request-Id"))
					}
					if action == audit.ActionEnd {
						action = audit.ActionUpdate // the record is ended now: a later change is an update
					}
				}
			})
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestWriteLifecycle creates, reads, replaces, ends and deletes a mission:
// each answer carries the record's entity tag, and reads see each change
// at once.
func TestWriteLifecycle(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		m := &registry.Mission{ID: "rw-paris", Sender: registry.StateParty("RW"), Kind: registry.Embassy, Name: "Embassy in Paris",
			City: "Paris", Country: "FR", Status: registry.MissionOpen, Certainty: registry.Reported, Opened: md("2024-01"),
			Meta: registry.Meta{Source: "https://example.org", Version: 42, Revision: 7}}
		res := f.do(t, "editor", http.MethodPost, "/api/v1/missions", m, nil)
		if res.status != http.StatusCreated || res.header.Get("Location") != "/api/v1/missions/rw-paris" ||
			res.header.Get("ETag") != `"v1"` || res.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("POST: %d, Location %q, ETag %q, Cache-Control %q: %s", res.status, res.header.Get("Location"),
				res.header.Get("ETag"), res.header.Get("Cache-Control"), res.body)
		}
		if res.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("POST: a write response carries Access-Control-Allow-Origin")
		}
		var got registry.Mission
		if err := json.Unmarshal(res.body, &got); err != nil || got.Version != 1 || got.Revision == 0 || got.Name != m.Name {
			t.Fatalf("POST body: %v %+v", err, got)
		}
		read := f.do(t, "", http.MethodGet, "/api/v1/missions/rw-paris", nil, nil)
		if read.status != http.StatusOK || !bytes.Contains(read.body, []byte(`"Embassy in Paris"`)) {
			t.Fatalf("GET after POST: %d %s", read.status, read.body)
		}

		got.Name = "Embassy of Rwanda in Paris"
		res = f.do(t, "editor", http.MethodPut, "/api/v1/missions/rw-paris", got, map[string]string{"If-Match": `"v1"`})
		if res.status != http.StatusOK || res.header.Get("ETag") != `"v2"` {
			t.Fatalf("PUT: %d, ETag %q: %s", res.status, res.header.Get("ETag"), res.body)
		}
		read = f.do(t, "", http.MethodGet, "/api/v1/missions?limit=1000", nil, nil)
		if !bytes.Contains(read.body, []byte(`"Embassy of Rwanda in Paris"`)) {
			t.Errorf("GET after PUT: the collection does not show the change")
		}

		got.Status, got.Closed = registry.MissionClosed, md("2026-02-01")
		res = f.do(t, "editor", http.MethodPut, "/api/v1/missions/rw-paris", got, map[string]string{"If-Match": `"v2"`})
		if res.status != http.StatusOK || res.header.Get("ETag") != `"v3"` {
			t.Fatalf("PUT (close): %d, ETag %q: %s", res.status, res.header.Get("ETag"), res.body)
		}
		entries, err := db.AuditEntries(context.Background(), "mission", "rw-paris")
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		if strings.Join(actions, " ") != "create update end" {
			t.Errorf("audit actions %v, want create update end", actions)
		}

		res = f.do(t, "editor", http.MethodDelete, "/api/v1/missions/rw-paris", nil, map[string]string{"If-Match": `"v3"`})
		checkProblem(t, "DELETE as editor", res, http.StatusForbidden)
		res = f.do(t, "admin", http.MethodDelete, "/api/v1/missions/rw-paris", nil, map[string]string{"If-Match": `"v3"`})
		if res.status != http.StatusNoContent || len(res.body) != 0 {
			t.Fatalf("DELETE: %d %s", res.status, res.body)
		}
		checkProblem(t, "GET after DELETE", f.do(t, "", http.MethodGet, "/api/v1/missions/rw-paris", nil, nil), http.StatusNotFound)
		checkProblem(t, "PUT after DELETE", f.do(t, "admin", http.MethodPut, "/api/v1/missions/rw-paris", got,
			map[string]string{"If-Match": `"v3"`}), http.StatusNotFound)

		// Creating an id that exists is a conflict.
		a := f.record(t, "accreditations", "rw-nairobi--KE")
		checkProblem(t, "POST of an existing id", f.do(t, "admin", http.MethodPost, "/api/v1/accreditations", a, nil), http.StatusConflict)
		// Invalid data is refused field by field.
		bad := &registry.Mission{ID: "rw-nowhere", Sender: registry.StateParty("RW"), Kind: "castle", Name: "Nowhere",
			City: "Nowhere", Country: "ZZ", Status: registry.MissionOpen, Certainty: registry.Reported}
		p := checkProblem(t, "POST of an invalid mission", f.do(t, "admin", http.MethodPost, "/api/v1/missions", bad, nil),
			http.StatusUnprocessableEntity)
		var fields []string
		for _, fe := range p.Errors {
			fields = append(fields, fe.Entity+"."+fe.Field)
		}
		if !contains(fields, "mission.kind") || !contains(fields, "mission.country") {
			t.Errorf("422 errors %v, want mission.kind and mission.country", fields)
		}
		// Hard-deleting a mission others refer to is refused.
		checkProblem(t, "DELETE of a mission with accreditations", f.do(t, "admin", http.MethodDelete, "/api/v1/missions/"+missionB,
			nil, map[string]string{"If-Match": `"v1"`}), http.StatusUnprocessableEntity)
	})
}

// TestWriteIfMatch checks the preconditions of PUT and DELETE on a record
// and of PUT on the settings: 428 without If-Match, 412 on another version,
// success on the current one. A failed precondition writes nothing.
func TestWriteIfMatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		rec := f.record(t, "persons", "jane-doe").(*registry.Person)
		rec.Name = "Jane Q. Doe"
		settings := f.load(t).Settings
		cases := []struct {
			name, method, path string
			body               any
			ifMatch            string
			status             int
		}{
			{"PUT without If-Match", http.MethodPut, "/api/v1/persons/jane-doe", rec, "", 428},
			{"PUT with If-Match: *", http.MethodPut, "/api/v1/persons/jane-doe", rec, "*", 428},
			{"PUT with an unquoted tag", http.MethodPut, "/api/v1/persons/jane-doe", rec, "v1", 400},
			{"PUT with an unterminated tag", http.MethodPut, "/api/v1/persons/jane-doe", rec, `"v1`, 400},
			{"PUT with a stale version", http.MethodPut, "/api/v1/persons/jane-doe", rec, `"v0"`, 412},
			{"PUT with a future version", http.MethodPut, "/api/v1/persons/jane-doe", rec, `"v2"`, 412},
			{"PUT with a weak tag", http.MethodPut, "/api/v1/persons/jane-doe", rec, `W/"v1"`, 412},
			{"PUT with a read ETag", http.MethodPut, "/api/v1/persons/jane-doe", rec, `"rB9OF9mSAN0ORjekqZT0NOeX"`, 412},
			{"DELETE without If-Match", http.MethodDelete, "/api/v1/persons/jane-doe", nil, "", 428},
			{"DELETE with a stale version", http.MethodDelete, "/api/v1/persons/jane-doe", nil, `"v7"`, 412},
			{"settings without If-Match", http.MethodPut, settingsPath, settings, "", 428},
			{"settings with another tag", http.MethodPut, settingsPath, settings, `"s-AAAAAAAAAAAAAAAA"`, 412},
			{"settings with a record's tag", http.MethodPut, settingsPath, settings, `"v1"`, 412},
			{"PUT with the current version among others", http.MethodPut, "/api/v1/persons/jane-doe", rec, `"v9", W/"v1", "v1"`, 200},
			{"PUT with the old version again", http.MethodPut, "/api/v1/persons/jane-doe", rec, `"v1"`, 412},
			{"PUT with the new version", http.MethodPut, "/api/v1/persons/jane-doe", rec, `"v2"`, 200},
			{"settings with their tag", http.MethodPut, settingsPath, settings, settingsTag(settings), 200},
		}
		for _, c := range cases {
			before := f.lastSeq(t)
			res := f.do(t, "admin", c.method, c.path, c.body, map[string]string{"If-Match": c.ifMatch})
			grew := f.lastSeq(t) - before
			switch {
			case c.status >= 400:
				p := checkProblem(t, c.name, res, c.status)
				if grew != 0 {
					t.Errorf("%s: refused, but %d audit entries were added", c.name, grew)
				}
				if c.status == 412 && c.path != settingsPath && res.header.Get("ETag") == "" {
					t.Errorf("%s: 412 without the current ETag", c.name)
				}
				if c.status == 428 && p.Type != typePreconditionRequired {
					t.Errorf("%s: type %q", c.name, p.Type)
				}
			case res.status != c.status:
				t.Errorf("%s: status %d, want %d: %s", c.name, res.status, c.status, res.body)
			case c.path != settingsPath && grew != 1:
				t.Errorf("%s: %d audit entries added, want 1", c.name, grew)
			}
		}
		// Unchanged settings change nothing, and have the same tag.
		res := f.do(t, "admin", http.MethodPut, settingsPath, settings, map[string]string{"If-Match": settingsTag(settings)})
		if res.status != http.StatusOK || res.header.Get("ETag") != settingsTag(settings) {
			t.Errorf("settings again: %d, ETag %q", res.status, res.header.Get("ETag"))
		}
		get := f.do(t, "viewer", http.MethodGet, settingsPath, nil, nil)
		if get.status != http.StatusOK || get.header.Get("ETag") != settingsTag(settings) {
			t.Errorf("GET settings: %d, ETag %q: %s", get.status, get.header.Get("ETag"), get.body)
		}
		checkProblem(t, "GET settings without a token", f.do(t, "", http.MethodGet, settingsPath, nil, nil), http.StatusUnauthorized)
	})
}

// TestWriteConcurrent sends two replacements of one record with the same
// If-Match at the same time, again and again: exactly one wins each time,
// and the other gets 412 and changes nothing.
func TestWriteConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		for round := range 10 {
			rec := f.record(t, "missions", missionA).(*registry.Mission)
			tag := versionTag(rec.Version)
			var wg sync.WaitGroup
			statuses := make([]int, 2)
			phones := []string{"+250 1 " + fmt.Sprint(round), "+250 2 " + fmt.Sprint(round)}
			for i := range 2 {
				wg.Go(func() {
					mine := *rec
					mine.Contacts.Phone = phones[i]
					statuses[i] = f.do(t, "mission_officer", http.MethodPut, "/api/v1/missions/"+missionA, &mine,
						map[string]string{"If-Match": tag}).status
				})
			}
			wg.Wait()
			won := -1
			switch {
			case statuses[0] == 200 && statuses[1] == 412:
				won = 0
			case statuses[0] == 412 && statuses[1] == 200:
				won = 1
			default:
				t.Fatalf("round %d: statuses %v, want one 200 and one 412", round, statuses)
			}
			stored := f.record(t, "missions", missionA).(*registry.Mission)
			if stored.Version != rec.Version+1 || stored.Contacts.Phone != phones[won] {
				t.Fatalf("round %d: stored version %d phone %q; want %d and the winner's %q", round, stored.Version,
					stored.Contacts.Phone, rec.Version+1, phones[won])
			}
		}
	})
}

// TestWriteVerbatim stores SQL meta-characters, quotes and markup in text
// fields, and reads them back unchanged from the response, the store and
// the read API.
func TestWriteVerbatim(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		for i, s := range []string{
			`Robert'); DROP TABLE missions;--`,
			`' OR '1'='1`,
			`100% _under_ \back\slash "double" 'single' ; -- /* comment */`,
			`$1 $$ ?? :name @var`,
			`<script>alert(1)</script> & &amp;`,
			"tab\tnewline\nunicode é 中文 🙂",
		} {
			id := fmt.Sprintf("verbatim-%d", i)
			p := &registry.Person{ID: id, Name: s, Meta: registry.Meta{Source: s, Note: s}}
			res := f.do(t, "editor", http.MethodPost, "/api/v1/persons", p, nil)
			if res.status != http.StatusCreated {
				t.Fatalf("%q: %d %s", s, res.status, res.body)
			}
			var got registry.Person
			if err := json.Unmarshal(res.body, &got); err != nil || got.Name != s || got.Source != s || got.Note != s {
				t.Errorf("%q: the response holds %+v", s, got)
			}
			stored := f.record(t, "persons", id).(*registry.Person)
			if stored.Name != s || stored.Source != s || stored.Note != s {
				t.Errorf("%q: the store holds %+v", s, stored)
			}
			changes := f.do(t, "", http.MethodGet, "/api/v1/changes?limit=1000", nil, nil)
			want, _ := json.Marshal(s)
			if !bytes.Contains(changes.body, want) {
				t.Errorf("%q: the changes feed does not show it", s)
			}
		}
		if n := len(f.load(t).Missions); n != 4 {
			t.Errorf("%d missions stored, want the fixture's 4", n)
		}
	})
}

// TestWriteHostileBodies sends malformed requests: each gets a 4xx problem
// (never 5xx) and writes nothing.
func TestWriteHostileBodies(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		person := `{"id":"p-new","name":"New Person","source":"","last_verified":null}`
		current := f.record(t, "persons", "jane-doe").(*registry.Person)
		jane, _ := json.Marshal(current)
		huge := `{"id":"p-huge","name":"` + strings.Repeat("a", MaxBodyBytes) + `"}`
		json := map[string]string{"Content-Type": "application/json"}
		cases := []struct {
			name, method, path string
			body               any
			header             map[string]string
			status             int
			field              string // a field errors must name
		}{
			{"malformed JSON", "POST", "/api/v1/persons", `{"id":"p-new",`, nil, 400, ""},
			{"not JSON", "POST", "/api/v1/persons", `id=p-new&name=x`, nil, 400, ""},
			{"empty body", "POST", "/api/v1/persons", ``, json, 400, ""},
			{"no body", "POST", "/api/v1/persons", nil, json, 400, ""},
			{"null", "POST", "/api/v1/persons", `null`, nil, 400, ""},
			{"an array", "POST", "/api/v1/persons", `[` + person + `]`, nil, 400, ""},
			{"a string", "POST", "/api/v1/persons", `"p-new"`, nil, 400, ""},
			{"two objects", "POST", "/api/v1/persons", person + person, nil, 400, ""},
			{"trailing garbage", "POST", "/api/v1/persons", person + `x`, nil, 400, ""},
			{"wrong type", "POST", "/api/v1/persons", `{"id":"p-new","name":42}`, nil, 400, "name"},
			{"wrong nested type", "POST", "/api/v1/missions", `{"id":"m-new","sender":"RW"}`, nil, 400, "sender"},
			{"wrong type in a list", "POST", "/api/v1/missions", `{"id":"m-new","services":[1]}`, nil, 400, "services"},
			{"a bad date", "POST", "/api/v1/relations", `{"id":"r-new","country":"UG","event":"established","date":"yesterday"}`, nil, 400, ""},
			{"a date as a number", "POST", "/api/v1/relations", `{"id":"r-new","country":"UG","event":"established","date":1962}`, nil, 400, ""},
			{"a huge number", "POST", "/api/v1/declared-figures", `{"id":"f-new","name":"consular_posts","value":1e400,"date":"2020"}`, nil, 400, ""},
			{"unknown field", "POST", "/api/v1/persons", `{"id":"p-new","name":"x","admin":true}`, nil, 400, "admin"},
			{"unknown nested field", "POST", "/api/v1/missions", `{"id":"m-new","contacts":{"fax":"1"}}`, nil, 400, ""},
			{"read-only detail fields", "POST", "/api/v1/missions", `{"id":"m-new","accreditations":[]}`, nil, 400, "accreditations"},
			{"invalid UTF-8", "POST", "/api/v1/persons", []byte("{\"id\":\"p-new\",\"name\":\"\xff\xfe\"}"), json, 400, ""},
			{"huge body", "POST", "/api/v1/persons", huge, nil, 413, ""},
			{"text/plain", "POST", "/api/v1/persons", person, map[string]string{"Content-Type": "text/plain"}, 415, ""},
			{"form", "POST", "/api/v1/persons", person, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, ""},
			{"no Content-Type", "POST", "/api/v1/persons", person, map[string]string{"Content-Type": ""}, 415, ""},
			{"Latin-1 JSON", "POST", "/api/v1/persons", person, map[string]string{"Content-Type": "application/json; charset=iso-8859-1"}, 415, ""},
			{"invalid record", "POST", "/api/v1/persons", `{"id":"Not A Slug","name":""}`, nil, 422, "name"},
			{"id of another record", "PUT", "/api/v1/persons/john-roe", jane, map[string]string{"If-Match": `"v1"`}, 400, "id"},
			{"no id", "PUT", "/api/v1/persons/jane-doe", `{"name":"Jane"}`, map[string]string{"If-Match": `"v1"`}, 400, "id"},
			{"country code of another country", "PUT", "/api/v1/countries/UG", `{"iso2":"KE","iso3":"KEN","numeric":"404","names":{"en":"Kenya"}}`,
				map[string]string{"If-Match": `"v1"`}, 400, "iso2"},
			{"malformed PUT", "PUT", "/api/v1/persons/jane-doe", `{"name":`, map[string]string{"If-Match": `"v1"`}, 400, ""},
			{"unknown record", "PUT", "/api/v1/persons/nobody", `{"id":"nobody","name":"x"}`, map[string]string{"If-Match": `"v1"`}, 404, ""},
			{"unknown record deleted", "DELETE", "/api/v1/persons/nobody", nil, map[string]string{"If-Match": `"v1"`}, 404, ""},
			{"settings with an unknown field", "PUT", settingsPath, `{"home_state":"RW","theme":"dark"}`,
				map[string]string{"If-Match": settingsTag(f.load(t).Settings)}, 400, "theme"},
			{"settings with an unknown home state", "PUT", settingsPath, `{"home_state":"ZZ","nuncio_is_dean":false,"consular_contact":""}`,
				map[string]string{"If-Match": settingsTag(f.load(t).Settings)}, 422, "home_state"},
			{"Basic authorization", "POST", "/api/v1/persons", person, map[string]string{"Authorization": "Basic YTpi"}, 401, ""},
		}
		for _, c := range cases {
			header := map[string]string{}
			for k, v := range c.header {
				header[k] = v
			}
			body := c.body
			if s, ok := body.(string); ok {
				body = []byte(s)
			}
			if _, ok := header["Content-Type"]; !ok && body != nil {
				header["Content-Type"] = "application/json"
			}
			before := f.lastSeq(t)
			res := f.do(t, "admin", c.method, c.path, body, header)
			if res.status >= 500 {
				t.Errorf("%s: status %d: %s", c.name, res.status, res.body)
				continue
			}
			p := checkProblem(t, c.name, res, c.status)
			if c.field != "" && !slices.ContainsFunc(p.Errors, func(e registry.FieldError) bool { return e.Field == c.field }) {
				t.Errorf("%s: errors %+v do not name %s", c.name, p.Errors, c.field)
			}
			if after := f.lastSeq(t); after != before {
				t.Errorf("%s: %d audit entries were added", c.name, after-before)
			}
		}
		if ds := f.load(t); len(ds.People) != 3 || ds.Settings.HomeState != "RW" {
			t.Errorf("after hostile requests: %d people, home state %s", len(ds.People), ds.Settings.HomeState)
		}
	})
}

// TestWriteMethods checks the other methods of the write paths, and that
// the read routes keep answering GET.
func TestWriteMethods(t *testing.T) {
	f := newWriteFixture(t, storetest.SQLite(t))
	cases := []struct {
		method, path string
		status       int
		allow        string
		preflight    bool // a CORS preflight answer allowing the safe methods
	}{
		{"PUT", "/api/v1/missions", 405, "GET, HEAD, OPTIONS, POST", false},
		{"PATCH", "/api/v1/missions/" + missionA, 405, "GET, HEAD, OPTIONS, PUT, DELETE", false},
		{"POST", "/api/v1/missions/" + missionA, 405, "GET, HEAD, OPTIONS, PUT, DELETE", false},
		{"DELETE", "/api/v1/countries", 405, "GET, HEAD, OPTIONS, POST", false},
		{"GET", "/api/v1/persons", 405, "OPTIONS, POST", false},
		{"GET", "/api/v1/accreditations/rw-nairobi--KE", 405, "OPTIONS, PUT, DELETE", false},
		{"POST", settingsPath, 405, "GET, HEAD, OPTIONS, PUT", false},
		{"POST", "/api/v1/figures", 405, "GET, HEAD, OPTIONS", false},
		{"OPTIONS", "/api/v1/missions", 204, "GET, HEAD, OPTIONS, POST", true},
		{"OPTIONS", "/api/v1/countries/KE", 204, "GET, HEAD, OPTIONS, PUT, DELETE", true},
		{"OPTIONS", "/api/v1/persons/jane-doe", 204, "OPTIONS, PUT, DELETE", false},
		{"OPTIONS", settingsPath, 204, "GET, HEAD, OPTIONS, PUT", false},
		{"GET", "/api/v1/missions", 200, "", false},
		{"HEAD", "/api/v1/missions/" + missionA, 200, "", false},
		{"GET", "/api/v1/countries/KE", 200, "", false},
	}
	for _, c := range cases {
		res := f.do(t, "admin", c.method, c.path, nil, map[string]string{"Origin": "https://example.org", "Access-Control-Request-Method": "PUT"})
		what := c.method + " " + c.path
		if res.status != c.status || res.header.Get("Allow") != c.allow {
			t.Errorf("%s: %d, Allow %q; want %d, %q", what, res.status, res.header.Get("Allow"), c.status, c.allow)
		}
		if got := res.header.Get("Access-Control-Allow-Methods"); (got == "GET, HEAD, OPTIONS") != c.preflight {
			t.Errorf("%s: Access-Control-Allow-Methods %q", what, got)
		}
		if strings.Contains(res.header.Get("Access-Control-Allow-Headers"), "Authorization") {
			t.Errorf("%s: a preflight allows the Authorization header", what)
		}
		if c.status == 405 {
			checkProblem(t, what, res, 405)
		}
	}
}
