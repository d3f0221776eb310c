package staff

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/site"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

var d = registry.MustDate

// cheap are password parameters fast enough for tests.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// testPassword is every test account's password.
const testPassword = "correct horse battery staple"

// fixture returns a small valid registry: mission A (rw-nairobi) and
// mission B (rw-brussels) of the home state RW, foreign missions in RW, and
// records of every entity belonging to each.
func fixture() registry.Dataset {
	src := registry.Meta{Source: "https://example.org/source", LastVerified: d("2026-01-10")}
	rw, ke := registry.StateParty("RW"), registry.StateParty("KE")
	country := func(iso2, iso3, num, en string) registry.Country {
		return registry.Country{ISO2: iso2, ISO3: iso3, Numeric: num, Names: registry.Names{EN: en}, RegionCode: "002", Region: "Africa", Meta: src}
	}
	return registry.Dataset{
		Settings: registry.Settings{HomeState: "RW", ConsularContact: "consular@example.org"},
		Countries: []registry.Country{
			country("RW", "RWA", "646", "Rwanda"), country("KE", "KEN", "404", "Kenya"), country("UG", "UGA", "800", "Uganda"),
			country("TZ", "TZA", "834", "Tanzania"), country("BE", "BEL", "056", "Belgium"), country("US", "USA", "840", "United States"),
			country("ET", "ETH", "231", "Ethiopia"), country("DE", "DEU", "276", "Germany"), country("NA", "NAM", "516", "Namibia"),
		},
		Relations: []registry.RelationEvent{
			{ID: "ke-established", Country: "KE", Event: registry.Established, Date: d("1963"), Certainty: registry.Reported, Meta: src},
		},
		Organisations: []registry.Organisation{
			{ID: "AU", Acronym: "AU", Names: registry.Names{EN: "African Union"}, Kind: "continental", HQCity: "Addis Ababa", HQCountry: "ET", Meta: src},
			{ID: "EAC", Acronym: "EAC", Names: registry.Names{EN: "East African Community"}, Kind: "subregional", HQCity: "Arusha"},
			{ID: "IGAD", Acronym: "IGAD", Names: registry.Names{EN: "Intergovernmental Authority on Development"}, Kind: "subregional"},
		},
		Missions: []registry.Mission{
			{ID: "rw-nairobi", Sender: rw, Kind: registry.HighCommission, Name: "High Commission of Rwanda in Nairobi",
				City: "Nairobi", Country: "KE", Status: registry.MissionOpen, Certainty: registry.Reported, Opened: d("2005-03"),
				Contacts: registry.Contacts{Email: "nairobi@example.org"}, Services: []registry.Service{registry.Passports}, Meta: src},
			{ID: "rw-brussels", Sender: rw, Kind: registry.Embassy, Name: "Embassy of Rwanda in Brussels", City: "Brussels",
				Country: "BE", Status: registry.MissionOpen, Certainty: registry.Reported, Opened: d("1963-07-01"), Meta: src},
			{ID: "rw-kampala", Sender: rw, Kind: registry.HighCommission, Name: "High Commission of Rwanda in Kampala", City: "Kampala",
				Country: "UG", Status: registry.MissionOpen, Certainty: registry.Reported, Opened: d("2000")},
			{ID: "ke-kigali", Sender: ke, Kind: registry.HighCommission, Name: "High Commission of Kenya in Kigali",
				City: "Kigali", Country: "RW", Status: registry.MissionOpen, Certainty: registry.Reported},
			{ID: "us-kigali", Sender: registry.StateParty("US"), Kind: registry.Embassy, Name: "Embassy of the United States in Kigali",
				City: "Kigali", Country: "RW", Status: registry.MissionOpen, Certainty: registry.Reported},
		},
		Accreditations: []registry.Accreditation{
			{ID: "rw-nairobi--KE", Mission: "rw-nairobi", Receiver: ke, Residence: registry.Resident, Status: registry.AccActive,
				Certainty: registry.Reported, From: d("2005-03"), Meta: src},
			{ID: "rw-nairobi--UG", Mission: "rw-nairobi", Receiver: registry.StateParty("UG"), Residence: registry.NonResident,
				Status: registry.AccActive, Certainty: registry.Likely, From: d("2012")},
			{ID: "rw-brussels--BE", Mission: "rw-brussels", Receiver: registry.StateParty("BE"), Residence: registry.Resident,
				Status: registry.AccActive, Certainty: registry.Reported, From: d("1963-07-01"), CredentialsPresented: d("1963-09-10")},
			{ID: "ke-kigali--RW", Mission: "ke-kigali", Receiver: rw, Residence: registry.Resident, Status: registry.AccActive,
				Certainty: registry.Reported},
		},
		People: []registry.Person{
			{ID: "jane-doe", Name: "Jane Doe", Meta: src},
			{ID: "john-roe", Name: "John Roe"},
			{ID: "spare-person", Name: "Nobody Yet"},
		},
		Appointments: []registry.Appointment{
			{ID: "jane-doe-kenya", Person: "jane-doe", Mission: "rw-nairobi", Sender: rw, Receiver: ke,
				Role: registry.HeadOfMission, Title: registry.HighCommissioner, Certainty: registry.Reported,
				Appointed: d("2019-12-01"), CredentialsPresented: d("2020-03-02"), Meta: src},
			{ID: "amb-brussels", Mission: "rw-brussels", Sender: rw, Receiver: registry.StateParty("BE"),
				Role: registry.HeadOfMission, Title: registry.Ambassador, Certainty: registry.Reported, Appointed: d("2021")},
			{ID: "cda-kenya-in-kigali", Mission: "ke-kigali", Sender: ke, Receiver: rw, Role: registry.ChargeDAffairesAI,
				Title: registry.ChargeDAffaires, Certainty: registry.Likely, Arrived: d("2021")},
		},
		HonoraryConsuls: []registry.HonoraryConsul{
			{ID: "hc-chicago", Person: "john-roe", Country: "US", City: "Chicago", SupervisingMission: "rw-brussels",
				Status: registry.HCActive, Certainty: registry.Reported, Exequatur: d("2018-09-14"), Meta: src},
			{ID: "hc-dar", Country: "TZ", City: "Dar es Salaam", SupervisingMission: "rw-nairobi",
				Status: registry.HCActive, Certainty: registry.Reported, Exequatur: d("2019-01-10")},
		},
		Memberships: []registry.Membership{
			{ID: "RW--AU", Member: "RW", Organisation: "AU", Status: registry.Member, Certainty: registry.Reported, Joined: d("1963-05-25"), Meta: src},
			{ID: "RW--EAC", Member: "RW", Organisation: "EAC", Status: registry.Member, Certainty: registry.Reported, Joined: d("2007-07-01")},
		},
		DeclaredFigures: []registry.DeclaredFigure{
			{ID: "missions-2025", Name: registry.FigDiplomaticMissions, Value: 48, Date: d("2025-06"), Meta: src},
		},
		FinderNotes: []registry.FinderNote{
			{Country: "TZ", Text: registry.Names{EN: "Served by the High Commission in Nairobi."}},
			{Country: "US", ServedFromHQ: true, Text: registry.Names{EN: "Served from Kigali."}},
		},
		Agreements: []registry.Agreement{
			{ID: "ke-air", Title: registry.Names{EN: "Air services agreement with Kenya"}, Kind: registry.AgreementKind,
				Scope: registry.Bilateral, ConsentMode: registry.ConsentRatification, Parties: []registry.Party{ke},
				Certainty: registry.Reported, Signed: d("2020-06-01"), InstrumentsDeposited: d("2021-05-01"),
				EntryIntoForce: d("2021-06-01"), Meta: src},
			{ID: "ke-visas", Title: registry.Names{EN: "Visa waiver agreement with Kenya"}, Kind: registry.AgreementKind,
				Scope: registry.Bilateral, ConsentMode: registry.ConsentRatification, Parties: []registry.Party{ke},
				Certainty: registry.Reported, Signed: d("2022-03-01"), Meta: src},
			{ID: "au-protocol", Title: registry.Names{EN: "Protocol on free movement"}, Kind: registry.ProtocolKind,
				Scope: registry.Multilateral, ConsentMode: registry.ConsentRatification, Depositary: registry.OrgParty("AU"),
				Certainty: registry.Reported, Signed: d("2018-03-21"), InstrumentsDeposited: d("2018-05-25"), Meta: src},
		},
		PolicyNodes: []registry.PolicyNode{
			{ID: "fp-2020", Kind: registry.NodePolicy, Position: 1, Title: registry.Names{EN: "Foreign policy"}, Adopted: d("2020-05-01"), Meta: src},
			{ID: "pillar-region", Parent: "fp-2020", Kind: registry.NodePillar, Position: 1, Title: registry.Names{EN: "Regional integration"}},
			{ID: "obj-borders", Parent: "pillar-region", Kind: registry.NodeObjective, Position: 1, Title: registry.Names{EN: "Open borders"}},
			{ID: "obj-trade", Parent: "pillar-region", Kind: registry.NodeObjective, Position: 2, Title: registry.Names{EN: "Regional trade"}},
		},
		Initiatives: []registry.Initiative{
			{ID: "one-stop-borders", Title: registry.Names{EN: "One-stop border posts"}, Objectives: []string{"obj-borders"},
				Partners: []registry.Party{registry.StateParty("UG")}, Start: d("2024"), Status: registry.InitiativeOngoing},
		},
		Indicators: []registry.Indicator{
			{ID: "trade-missions", Objective: "obj-trade", Title: registry.Names{EN: "Trade missions held"}, Measure: registry.MeasureCount,
				Direction: registry.DirectionIncrease, BaselinePeriod: "2023", BaselineValue: ptr(2.0),
				Targets: []registry.IndicatorTarget{{Period: "2027", Value: 6}}},
		},
		// Recorded after its fiscal year (the calendar year: the fixture
		// leaves the start month unset) ended: late.
		IndicatorActuals: []registry.IndicatorActual{
			{ID: "trade-missions-2024", Indicator: "trade-missions", Period: "2024", Value: ptr(3.0),
				Evidence: "https://example.org/annual-report", RecordedAt: registry.Timestamp{Time: time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC)},
				RecordedBy: "cli", ApprovedAt: registry.Timestamp{Time: time.Date(2025, 1, 16, 9, 0, 0, 0, time.UTC)}, ApprovedBy: "cli"},
		},
		Engagements: []registry.Engagement{
			{ID: "rw-ug-jpc-10", Kind: registry.CommissionSession, Title: registry.Names{EN: "10th session of the Rwanda-Uganda JPC"},
				Start: d("2025-03-10"), End: d("2025-03-12"), City: "Kampala", Countries: []string{"UG"}, Objectives: []string{"obj-borders"},
				Commission: "rw-ug-jpc", Session: 10, Public: true, Meta: src},
			{ID: "ke-minister-visit", Kind: registry.Visit, Title: registry.Names{EN: "Visit of Kenya's foreign minister"},
				Direction: registry.Incoming, Level: registry.LevelMinister, Start: d("2025-09-01"), Countries: []string{"KE"}, Public: true},
		},
		Commitments: []registry.Commitment{
			{ID: "jpc10-border-hours", Engagement: "rw-ug-jpc-10", Text: "Extend the opening hours of the border posts",
				Owner: "Regional cooperation", Due: d("2025-06-30"), Status: registry.CommitmentOpen},
			{ID: "jpc10-joint-patrols", Engagement: "rw-ug-jpc-10", Text: "Agree joint patrols", Owner: "Regional cooperation",
				Due: d("2025-04-30"), Status: registry.CommitmentDone, Closed: d("2025-04-20")},
			{ID: "ke-air-review", Agreement: "ke-air", Text: "Review the air services agreement", Owner: "Legal affairs",
				Due: d("2199-12-31"), Status: registry.CommitmentOpen},
		},
		Associations: []registry.Association{
			{ID: "rw-community-nairobi", Name: "Rwandan Community in Nairobi", Country: "KE", City: "Nairobi", Public: true},
		},
		Stakeholders: []registry.Stakeholder{
			{ID: "private-sector-federation", Name: "Private Sector Federation", Category: registry.PrivateSector},
		},
		Consultations: []registry.Consultation{
			{ID: "fp-review-2026", Policy: "fp-2020", Title: registry.Names{EN: "Review of the foreign policy"}, Opens: d("2026-01-01"),
				Closes: d("2026-03-31"), Stakeholders: []string{"private-sector-federation"}, Objectives: []string{"obj-trade"}},
		},
	}
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// fresh returns a new migrated store of the engine of db, for a test that
// needs a store of its own.
func fresh(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	if db.Engine() == store.Postgres {
		return storetest.Postgres(t)
	}
	return storetest.SQLite(t)
}

// env is a running site with the staff workspace over a seeded store.
type env struct {
	t    *testing.T
	db   *store.DB
	snap *site.Snapshot
	srv  *httptest.Server
	// users by role name ("admin", "editor", "protocol", "mission_officer",
	// "policy_officer", "viewer"); the mission officer's mission is
	// rw-nairobi, and the admin has a second factor (adminSecret).
	users map[string]store.User
	// adminSecret is the admin's TOTP secret.
	adminSecret string
}

// cliCtx carries the actor of changes made by the tests themselves.
func cliCtx() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{ID: audit.ActorCLI})
}

// newEnv seeds db with fixture(), creates one account per role and serves
// the site.
func newEnv(t *testing.T, db *store.DB, cfg ...func(*Config)) *env {
	t.Helper()
	ctx := cliCtx()
	if _, err := db.Seed(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	ds, err := db.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, snap: site.NewSnapshot(registry.New(ds)), users: map[string]store.User{}}
	secret, err := auth.NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	e.adminSecret = secret
	for _, r := range auth.Roles() {
		u := store.User{Email: string(r) + "@example.org", Name: "Test " + string(r), Role: r, PasswordHash: mustHash(t)}
		switch r {
		case auth.MissionOfficer:
			u.MissionID = "rw-nairobi"
		case auth.Admin:
			u.TOTPSecret = secret
		}
		e.users[string(r)] = e.createUser(u)
	}
	c := Config{DB: db, Snapshot: e.snap.Load, Publish: func(r *registry.Registry) { e.snap.Publish(r) }, PasswordParams: cheap}
	for _, f := range cfg {
		f(&c)
	}
	e.srv = httptest.NewServer(site.New(site.Config{Snapshot: e.snap.Load, Staff: New(c)}))
	t.Cleanup(e.srv.Close)
	return e
}

func mustHash(t *testing.T) string {
	t.Helper()
	h, err := auth.HashPassword(testPassword, cheap)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (e *env) createUser(u store.User) store.User {
	e.t.Helper()
	u, err := e.db.CreateUser(cliCtx(), u)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// client is a browser: a cookie jar, no redirect followed.
type client struct {
	t    *testing.T
	e    *env
	http *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, e: e, http: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// response is a read response.
type response struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

// post sends a form as a same-origin browser does.
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.e.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// login signs in as the account of role (see env.users), with the admin's
// code when it has a second factor.
func (c *client) login(role string) {
	c.t.Helper()
	u := c.e.users[role]
	form := url.Values{"email": {u.Email}, "password": {testPassword}}
	if u.TOTPSecret != "" {
		code, err := auth.TOTPCode(u.TOTPSecret, time.Now())
		if err != nil {
			c.t.Fatal(err)
		}
		form.Set("code", code)
	}
	res := c.post("/staff/login", form)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff/" {
		c.t.Fatalf("sign in as %s: %d %s\n%s", role, res.status, res.header.Get("Location"), res.body)
	}
}

// record returns the stored record id of entity e, or nil.
func (e *env) record(ent *entity, id string) any {
	e.t.Helper()
	ds, err := e.db.Load(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return ent.find(&ds, id)
}

// formOf returns the form values of the stored record id of ent.
func (e *env) formOf(ent *entity, id string) url.Values {
	e.t.Helper()
	rec := e.record(ent, id)
	if rec == nil {
		e.t.Fatalf("no %s %q", ent.Name, id)
	}
	return recordValues(rec, ent.Fields)
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)

// hidden returns the value of the hidden input name in a page.
func hidden(t *testing.T, body, name string) string {
	t.Helper()
	for _, m := range hiddenRE.FindAllStringSubmatch(body, -1) {
		if m[1] == name {
			return html.UnescapeString(m[2])
		}
	}
	t.Fatalf("no hidden input %q in\n%s", name, body)
	return ""
}
