package store_test

import (
	"cmp"
	"slices"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

var d = registry.MustDate

// fixture returns a small valid dataset with records in every table.
func fixture() registry.Dataset {
	src := registry.Meta{Source: "https://example.org/source", LastVerified: d("2026-01-10")}
	rw, ke := registry.StateParty("RW"), registry.StateParty("KE")
	country := func(iso2, iso3, num, en, fr, region, sub string) registry.Country {
		c := registry.Country{ISO2: iso2, ISO3: iso3, Numeric: num, Names: registry.Names{EN: en, FR: fr},
			RegionCode: region, SubregionCode: sub, Meta: src}
		if region == "002" {
			c.Region = "Africa"
		}
		return c
	}
	return registry.Dataset{
		Settings: registry.Settings{HomeState: "RW", NuncioIsDean: true, ConsularContact: "consular@example.org", FiscalYearStart: time.July},
		Countries: []registry.Country{
			country("US", "USA", "840", "United States", "États-Unis", "019", "021"),
			country("RW", "RWA", "646", "Rwanda", "Rwanda", "002", "014"),
			country("KE", "KEN", "404", "Kenya", "Kenya", "002", "014"),
			country("UG", "UGA", "800", "Uganda", "Ouganda", "002", "014"),
			country("TZ", "TZA", "834", "Tanzania", "Tanzanie", "002", "014"),
			country("BE", "BEL", "056", "Belgium", "Belgique", "150", "155"),
			country("ET", "ETH", "231", "Ethiopia", "Éthiopie", "002", "014"),
		},
		Relations: []registry.RelationEvent{
			{ID: "ke-established", Country: "KE", Event: registry.Established, Date: d("1963"), Certainty: registry.Reported, Meta: src},
		},
		Organisations: []registry.Organisation{
			{ID: "AU", Acronym: "AU", Names: registry.Names{EN: "African Union", FR: "Union africaine"}, Kind: "continental",
				HQCity: "Addis Ababa", HQCountry: "ET", Meta: src},
			{ID: "EAC", Acronym: "EAC", Names: registry.Names{EN: "East African Community"}, Kind: "subregional", HQCity: "Arusha"},
		},
		Missions: []registry.Mission{
			{ID: "rw-nairobi", Sender: rw, Kind: registry.HighCommission, Name: "High Commission of Rwanda in Nairobi",
				City: "Nairobi", Country: "KE", Status: registry.MissionOpen, Certainty: registry.Reported, Opened: d("2005-03"),
				Contacts: registry.Contacts{Email: "nairobi@example.org", Website: "https://nairobi.example.org"},
				Services: []registry.Service{registry.Passports, registry.Visas}, Meta: src},
			{ID: "rw-brussels", Sender: rw, Kind: registry.Embassy, Name: "Embassy of Rwanda in Brussels", City: "Brussels",
				Country: "BE", Status: registry.MissionOpen, Certainty: registry.Reported, Opened: d("1963-07-01"), Meta: src},
			{ID: "rw-addis", Sender: rw, Kind: registry.PermanentMission, Name: "Permanent Mission of Rwanda to the AU",
				City: "Addis Ababa", Country: "ET", Status: registry.MissionOpen, Certainty: registry.Likely},
			{ID: "ke-kigali", Sender: ke, Kind: registry.HighCommission, Name: "High Commission of Kenya in Kigali",
				City: "Kigali", Country: "RW", Status: registry.MissionOpen, Certainty: registry.Reported,
				Contacts: registry.Contacts{Address: "Kigali", Phone: "+250 788 000 000"}},
		},
		Accreditations: []registry.Accreditation{
			{ID: "rw-nairobi--KE", Mission: "rw-nairobi", Receiver: ke, Residence: registry.Resident, Status: registry.AccActive,
				Certainty: registry.Reported, From: d("2005-03"), Meta: src},
			{ID: "rw-nairobi--UG", Mission: "rw-nairobi", Receiver: registry.StateParty("UG"), Residence: registry.NonResident,
				Status: registry.AccActive, Certainty: registry.Likely, From: d("2012")},
			{ID: "rw-brussels--BE", Mission: "rw-brussels", Receiver: registry.StateParty("BE"), Residence: registry.Resident,
				Status: registry.AccActive, Certainty: registry.Reported, From: d("1963-07-01"), CredentialsPresented: d("1963-09-10"),
				LegalBasis: "Exchange of notes"},
			{ID: "rw-addis--AU", Mission: "rw-addis", Receiver: registry.OrgParty("AU"), Residence: registry.Resident,
				Status: registry.AccActive, Certainty: registry.Reported},
			{ID: "ke-kigali--RW", Mission: "ke-kigali", Receiver: rw, Residence: registry.Resident, Status: registry.AccActive,
				Certainty: registry.Reported},
		},
		People: []registry.Person{
			{ID: "jane-doe", Name: "Jane Doe", Meta: src},
			{ID: "john-roe", Name: "John Roe"},
		},
		Appointments: []registry.Appointment{
			{ID: "jane-doe-kenya", Person: "jane-doe", Mission: "rw-nairobi", Sender: rw, Receiver: ke,
				Role: registry.HeadOfMission, Title: registry.HighCommissioner, Certainty: registry.Reported,
				AgrementGranted: d("2019-11"), Appointed: d("2019-12-01"), CredentialsPresented: d("2020-03-02"), CredentialsSeq: 2, Meta: src},
			{ID: "cda-kenya-in-kigali", Sender: ke, Receiver: rw, Role: registry.ChargeDAffairesAI, Title: registry.ChargeDAffaires,
				Certainty: registry.Likely, Arrived: d("2021")},
		},
		HonoraryConsuls: []registry.HonoraryConsul{
			{ID: "hc-chicago", Person: "john-roe", Country: "US", City: "Chicago", District: "Illinois",
				SupervisingMission: "rw-brussels", Status: registry.HCActive, Certainty: registry.Reported,
				Appointed: d("2018-05"), Exequatur: d("2018-09-14"), Contacts: registry.Contacts{Phone: "+1 312 555 0100"}, Meta: src},
		},
		Memberships: []registry.Membership{
			{ID: "RW--AU", Member: "RW", Organisation: "AU", Status: registry.Member, Certainty: registry.Reported,
				Joined: d("1963-05-25"), RepresentingMission: "rw-addis", Meta: src},
			{ID: "RW--EAC", Member: "RW", Organisation: "EAC", Status: registry.Member, Certainty: registry.Reported, Joined: d("2007-07-01")},
		},
		DeclaredFigures: []registry.DeclaredFigure{
			{ID: "missions-2025", Name: registry.FigDiplomaticMissions, Value: 48, Date: d("2025-06"), Meta: src},
		},
		FinderNotes: []registry.FinderNote{
			{Country: "TZ", Text: registry.Names{EN: "Served by the High Commission in Nairobi.", FR: "Servie depuis Nairobi."}},
			{Country: "US", ServedFromHQ: true, Text: registry.Names{EN: "Served from Kigali."}, Meta: src},
		},
	}
}

// stored returns ds as Load returns it: each table ordered by key, and every
// record at version 1.
func stored(ds registry.Dataset) registry.Dataset {
	ds = ds.Clone()
	sortBy(ds.Countries, func(x *registry.Country) (string, *registry.Meta) { return x.ISO2, &x.Meta })
	sortBy(ds.Relations, func(x *registry.RelationEvent) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Organisations, func(x *registry.Organisation) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Missions, func(x *registry.Mission) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Accreditations, func(x *registry.Accreditation) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.People, func(x *registry.Person) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Appointments, func(x *registry.Appointment) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.HonoraryConsuls, func(x *registry.HonoraryConsul) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Memberships, func(x *registry.Membership) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.DeclaredFigures, func(x *registry.DeclaredFigure) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.FinderNotes, func(x *registry.FinderNote) (string, *registry.Meta) { return x.Country, &x.Meta })
	return ds
}

func sortBy[T any](s []T, key func(*T) (string, *registry.Meta)) {
	for i := range s {
		if _, m := key(&s[i]); m.Version == 0 {
			m.Version = 1
		}
	}
	slices.SortFunc(s, func(a, b T) int {
		ka, _ := key(&a)
		kb, _ := key(&b)
		return cmp.Compare(ka, kb)
	})
}
