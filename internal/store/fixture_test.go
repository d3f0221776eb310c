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
	ds := registry.Dataset{
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
	addTracker(&ds, src)
	return ds
}

// addTracker adds to ds a record of every tracker type, with the fields the
// store keeps filled somewhere.
func addTracker(ds *registry.Dataset, src registry.Meta) {
	title := func(en string) registry.Names { return registry.Names{EN: en, FR: en + " (fr)"} }
	amount, actual := 10.0, 11.25
	recorded := registry.Timestamp{Time: time.Date(2025, 10, 1, 8, 0, 0, 123e6, time.UTC)}
	ds.PolicyNodes = []registry.PolicyNode{
		{ID: "fp", Kind: registry.NodePolicy, Position: 1, Title: registry.Names{EN: "Foreign policy", FR: "Politique étrangère", RW: "Politike", SW: "Sera"},
			Adopted: d("2020-02"), ParentStrategy: "Vision 2050", Meta: src},
		{ID: "fp-2010", Kind: registry.NodePolicy, Position: 1, Title: title("Foreign policy (2010)"), Adopted: d("2010"), Superseded: d("2020-02")},
		{ID: "p1", Parent: "fp", Kind: registry.NodePillar, Position: 1, Title: title("Prosperity"), Meta: src},
		{ID: "o1", Parent: "p1", Kind: registry.NodeObjective, Position: 1, Title: title("Trade"), Meta: src},
		{ID: "o2", Parent: "p1", Kind: registry.NodeObjective, Position: 2, Title: title("Health")},
	}
	ds.Initiatives = []registry.Initiative{
		{ID: "ini-trade", Title: title("Trade week"), Summary: "Meetings.", Objectives: []string{"o1", "o2"}, LeadUnit: "Trade unit",
			LeadMission: "rw-nairobi", Partners: []registry.Party{registry.StateParty("KE"), registry.OrgParty("EAC")},
			Start: d("2025-01"), Status: registry.InitiativeOngoing, Meta: src},
	}
	ds.Indicators = []registry.Indicator{
		{ID: "ind-missions", Objective: "o1", Title: title("Missions"), Measure: registry.MeasureCount, Direction: registry.DirectionIncrease,
			Computed: registry.FigDiplomaticMissions, BaselinePeriod: "2024-2025", Meta: src},
		{ID: "ind-trade", Objective: "o1", Title: title("Trade"), Measure: registry.MeasureAmount, Unit: "USD",
			Direction: registry.DirectionIncrease, BaselinePeriod: "2024-2025", BaselineValue: &amount,
			Targets: []registry.IndicatorTarget{{Period: "2025-2026", Value: 12.5}, {Period: "2026-2027-Q2", Value: 15}}, Weight: 2},
		{ID: "ind-health", Objective: "o2", Title: title("Health cooperation"), Measure: registry.MeasureQualitative},
	}
	ds.IndicatorActuals = []registry.IndicatorActual{
		{ID: "act-trade-q1", Indicator: "ind-trade", Period: "2025-2026-Q1", Value: &actual, Evidence: "https://example.org/e",
			RecordedAt: recorded, RecordedBy: "officer@example.org", ApprovedAt: registry.Timestamp{Time: recorded.Add(time.Hour)},
			ApprovedBy: "head@example.org", Meta: src},
		{ID: "act-health", Indicator: "ind-health", Period: "2025-2026", Text: "Two exchanges.", Evidence: "document:annual-report",
			RecordedAt: recorded, RecordedBy: "officer@example.org"},
	}
	ds.Associations = []registry.Association{
		{ID: "assoc-ke", Name: "Rwandans in Kenya", Country: "KE", City: "Nairobi",
			Contacts: registry.Contacts{Email: "info@example.org", Website: "https://assoc.example.org"}, Founded: d("2012"), Public: true, Meta: src},
	}
	ds.Engagements = []registry.Engagement{
		{ID: "visit-ke", Kind: registry.Visit, Title: title("Visit to Kenya"), Summary: "Trade talks.", Direction: registry.Outgoing,
			Level: registry.LevelMinister, Start: d("2025-09-02"), End: d("2025-09-03"), City: "Nairobi", Countries: []string{"KE", "UG"},
			Organisations: []string{"EAC"}, Objectives: []string{"o1"}, Mission: "rw-nairobi", Public: true, Meta: src},
		{ID: "jpc-ug-1", Kind: registry.CommissionSession, Title: title("JPC session 1"), Start: d("2025-06"), Countries: []string{"UG"},
			Commission: "rw-ug-jpc", Session: 1},
		{ID: "community-day", Kind: registry.CommunityEvent, Title: title("Community day"), Start: d("2025-07-04"), Association: "assoc-ke", Public: true},
		{ID: "jr-1", Kind: registry.JudicialRequest, Title: title("Request"), Start: d("2025-01-10"), RequestKind: registry.Extradition,
			Status: registry.RequestReceived, StatusDate: d("2025-01-12")},
		{ID: "peace-1", Kind: registry.PeaceContribution, Title: title("Contribution"), Start: d("2025"), Personnel: 800, Public: true},
	}
	ds.Commitments = []registry.Commitment{
		{ID: "jpc-ug-1-roads", Engagement: "jpc-ug-1", Text: "Study the road link.", Owner: "Infrastructure unit", Due: d("2026-01"),
			Status: registry.CommitmentOpen, Meta: src},
		{ID: "jpc-ug-1-visas", Engagement: "jpc-ug-1", Text: "Ease visas.", Owner: "rw-nairobi", Due: d("2025-12-31"),
			Status: registry.CommitmentDone, Closed: d("2025-11-15")},
	}
	ds.Stakeholders = []registry.Stakeholder{
		{ID: "sh-university", Name: "A university", Category: registry.Academia, Country: "RW", Website: "https://u.example.org", Meta: src},
		{ID: "sh-chamber", Name: "A chamber of commerce", Category: registry.PrivateSector},
	}
	ds.Consultations = []registry.Consultation{
		{ID: "consult-2026", Policy: "fp", Title: title("Review"), Summary: "Review.", Opens: d("2026-01-10"), Closes: d("2026-02-10"),
			Stakeholders: []string{"sh-university", "sh-chamber"}, Objectives: []string{"o1"}, Outcome: "Reworded.", Meta: src},
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
	sortBy(ds.Agreements, func(x *registry.Agreement) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.PolicyNodes, func(x *registry.PolicyNode) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Initiatives, func(x *registry.Initiative) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Indicators, func(x *registry.Indicator) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.IndicatorActuals, func(x *registry.IndicatorActual) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Engagements, func(x *registry.Engagement) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Commitments, func(x *registry.Commitment) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Associations, func(x *registry.Association) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Stakeholders, func(x *registry.Stakeholder) (string, *registry.Meta) { return x.ID, &x.Meta })
	sortBy(ds.Consultations, func(x *registry.Consultation) (string, *registry.Meta) { return x.ID, &x.Meta })
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
