package registry

// fixture returns a small, valid registry for Rwanda (home state RW):
//
//   - rw-ke-nairobi, embassy in Kenya since 2005, also accredited to SS (non-resident,
//     since 2012) and to SO (ended 2010-2015);
//   - rw-be-brussels, embassy closed 2025-03-17;
//   - rw-et-au, permanent mission to the AU (organisation), opened 2008, likely;
//   - rw-us-consulate, consulate general in New York opened 2030 (future);
//   - honorary consuls in IN (exequatur 2023-01-31) and NO (appointed, no exequatur: planned);
//   - foreign missions: ke-rw-kigali (resident), eu-rw-kigali (EU delegation),
//     us-ke-nairobi (accredited to RW from Nairobi), be-rw-kigali (closed 2025-03-17);
//   - relations with BE severed 2025-03-17;
//   - memberships: AU member since 1963, ECCAS former (1981 to 2025-06-07), OIML observer.
func fixture() Dataset {
	meta := Meta{Source: "test", Version: 1}
	country := func(iso2, iso3, num, en string) Country {
		return Country{ISO2: iso2, ISO3: iso3, Numeric: num, Names: Names{EN: en}, RegionCode: "002", Region: "Africa", Meta: meta}
	}
	return Dataset{
		Settings: Settings{HomeState: "RW", ConsularContact: "MINAFFET, Kigali"},
		Countries: []Country{
			country("BE", "BEL", "056", "Belgium"),
			country("ET", "ETH", "231", "Ethiopia"),
			country("IN", "IND", "356", "India"),
			country("KE", "KEN", "404", "Kenya"),
			country("NO", "NOR", "578", "Norway"),
			country("RW", "RWA", "646", "Rwanda"),
			country("SO", "SOM", "706", "Somalia"),
			country("SS", "SSD", "728", "South Sudan"),
			country("US", "USA", "840", "United States of America"),
			country("VA", "VAT", "336", "Holy See"),
			country("FR", "FRA", "250", "France"),
		},
		Relations: []RelationEvent{
			{ID: "rel-be-1962", Country: "BE", Event: Established, Date: MustDate("1962"), Certainty: Reported, Meta: meta},
			{ID: "rel-be-2025", Country: "BE", Event: Severed, Date: MustDate("2025-03-17"), Certainty: Reported, Meta: meta},
		},
		Organisations: []Organisation{
			{ID: "AU", Acronym: "AU", Names: Names{EN: "African Union"}, Kind: "continental", HQCity: "Addis Ababa", HQCountry: "ET", Meta: meta},
			{ID: "ECCAS", Acronym: "ECCAS", Names: Names{EN: "Economic Community of Central African States"}, Kind: "regional", Meta: meta},
			{ID: "EU", Acronym: "EU", Names: Names{EN: "European Union"}, Kind: "regional", Meta: meta},
			{ID: "OIML", Acronym: "OIML", Names: Names{EN: "International Organization of Legal Metrology"}, Kind: "other", Meta: meta},
		},
		Missions: []Mission{
			{ID: "rw-ke-nairobi", Sender: StateParty("RW"), Kind: Embassy, Name: "High Commission of Rwanda in Kenya", City: "Nairobi", Country: "KE",
				Status: MissionOpen, Certainty: Reported, Opened: MustDate("2005"), Services: []Service{Passports, Visas}, Meta: meta},
			{ID: "rw-be-brussels", Sender: StateParty("RW"), Kind: Embassy, Name: "Embassy of Rwanda in Belgium", City: "Brussels", Country: "BE",
				Status: MissionClosed, Certainty: Reported, Opened: MustDate("1964"), Closed: MustDate("2025-03-17"), Meta: meta},
			{ID: "rw-et-au", Sender: StateParty("RW"), Kind: PermanentMission, Name: "Permanent Mission of Rwanda to the AU", City: "Addis Ababa", Country: "ET",
				Status: MissionOpen, Certainty: Likely, Opened: MustDate("2008"), Meta: meta},
			{ID: "rw-us-newyork-cg", Sender: StateParty("RW"), Kind: ConsulateGeneral, Name: "Consulate General of Rwanda in New York", City: "New York", Country: "US",
				Status: MissionOpen, Certainty: Reported, Opened: MustDate("2030"), Meta: meta},
			{ID: "ke-rw-kigali", Sender: StateParty("KE"), Kind: HighCommission, Name: "High Commission of Kenya in Rwanda", City: "Kigali", Country: "RW",
				Status: MissionOpen, Certainty: Reported, Opened: MustDate("1990"), Meta: meta},
			{ID: "eu-rw-kigali", Sender: OrgParty("EU"), Kind: Delegation, Name: "Delegation of the European Union to Rwanda", City: "Kigali", Country: "RW",
				Status: MissionOpen, Certainty: Reported, Meta: meta},
			{ID: "us-ke-nairobi", Sender: StateParty("US"), Kind: Embassy, Name: "Embassy of the United States in Kenya", City: "Nairobi", Country: "KE",
				Status: MissionOpen, Certainty: Reported, Meta: meta},
			{ID: "be-rw-kigali", Sender: StateParty("BE"), Kind: Embassy, Name: "Embassy of Belgium in Rwanda", City: "Kigali", Country: "RW",
				Status: MissionClosed, Certainty: Reported, Opened: MustDate("1962"), Closed: MustDate("2025-03-17"), Meta: meta},
			{ID: "va-rw-kigali", Sender: StateParty("VA"), Kind: ApostolicNunciature, Name: "Apostolic Nunciature in Rwanda", City: "Kigali", Country: "RW",
				Status: MissionOpen, Certainty: Reported, Meta: meta},
			{ID: "fr-rw-kigali", Sender: StateParty("FR"), Kind: Embassy, Name: "Embassy of France in Rwanda", City: "Kigali", Country: "RW",
				Status: MissionOpen, Certainty: Reported, Meta: meta},
		},
		Accreditations: []Accreditation{
			{ID: "rw-ke-nairobi--ke", Mission: "rw-ke-nairobi", Receiver: StateParty("KE"), Residence: Resident, Status: AccActive, Certainty: Reported, From: MustDate("2005"), Meta: meta},
			{ID: "rw-ke-nairobi--ss", Mission: "rw-ke-nairobi", Receiver: StateParty("SS"), Residence: NonResident, Status: AccActive, Certainty: Reported, From: MustDate("2012"), Meta: meta},
			{ID: "rw-ke-nairobi--so", Mission: "rw-ke-nairobi", Receiver: StateParty("SO"), Residence: NonResident, Status: AccEnded, Certainty: Reported, From: MustDate("2010"), To: MustDate("2015"), Meta: meta},
			{ID: "rw-be-brussels--be", Mission: "rw-be-brussels", Receiver: StateParty("BE"), Residence: Resident, Status: AccEnded, Certainty: Reported, From: MustDate("1964"), To: MustDate("2025-03-17"), Meta: meta},
			{ID: "rw-et-au--au", Mission: "rw-et-au", Receiver: OrgParty("AU"), Residence: Resident, Status: AccActive, Certainty: Likely, From: MustDate("2008"), Meta: meta},
			{ID: "us-ke-nairobi--rw", Mission: "us-ke-nairobi", Receiver: StateParty("RW"), Residence: NonResident, Status: AccActive, Certainty: Reported, Meta: meta},
			{ID: "ke-rw-kigali--rw", Mission: "ke-rw-kigali", Receiver: StateParty("RW"), Residence: Resident, Status: AccActive, Certainty: Reported, Meta: meta},
		},
		People: []Person{
			{ID: "amb-ke", Name: "Kenyan Envoy", Meta: meta},
			{ID: "amb-us", Name: "American Envoy", Meta: meta},
			{ID: "amb-us-old", Name: "Earlier American Envoy", Meta: meta},
			{ID: "nuncio", Name: "Nuncio", Meta: meta},
			{ID: "amb-be", Name: "Belgian Envoy", Meta: meta},
			{ID: "cda-fr", Name: "French Chargé", Meta: meta},
			{ID: "hc-kolkata", Name: "Honorary Consul in Kolkata", Meta: meta},
		},
		Appointments: []Appointment{
			{ID: "hom-ke", Person: "amb-ke", Mission: "ke-rw-kigali", Sender: StateParty("KE"), Receiver: StateParty("RW"), Role: HeadOfMission, Title: HighCommissioner,
				Certainty: Reported, CredentialsPresented: MustDate("2021-05-10"), CredentialsSeq: 2, Meta: meta},
			{ID: "hom-us-old", Person: "amb-us-old", Mission: "us-ke-nairobi", Sender: StateParty("US"), Receiver: StateParty("RW"), Role: HeadOfMission, Title: Ambassador,
				Certainty: Reported, CredentialsPresented: MustDate("2015-01-20"), Meta: meta},
			{ID: "hom-us", Person: "amb-us", Mission: "us-ke-nairobi", Sender: StateParty("US"), Receiver: StateParty("RW"), Role: HeadOfMission, Title: Ambassador,
				Certainty: Reported, CredentialsPresented: MustDate("2021-05-10"), CredentialsSeq: 1, Meta: meta},
			{ID: "hom-va", Person: "nuncio", Mission: "va-rw-kigali", Sender: StateParty("VA"), Receiver: StateParty("RW"), Role: HeadOfMission, Title: ApostolicNuncio,
				Certainty: Reported, CredentialsPresented: MustDate("2023-03"), Meta: meta},
			{ID: "hom-be", Person: "amb-be", Mission: "be-rw-kigali", Sender: StateParty("BE"), Receiver: StateParty("RW"), Role: HeadOfMission, Title: Ambassador,
				Certainty: Reported, CredentialsPresented: MustDate("2020-01-15"), Meta: meta},
			{ID: "cda-fr", Person: "cda-fr", Mission: "fr-rw-kigali", Sender: StateParty("FR"), Receiver: StateParty("RW"), Role: ChargeDAffairesAI, Title: ChargeDAffaires,
				Certainty: Reported, Arrived: MustDate("2024-09-01"), Meta: meta},
			{ID: "hom-eu", Mission: "eu-rw-kigali", Sender: OrgParty("EU"), Receiver: StateParty("RW"), Role: HeadOfMission, Title: Ambassador,
				Certainty: Reported, Appointed: MustDate("2022-08"), Meta: meta},
		},
		HonoraryConsuls: []HonoraryConsul{
			{ID: "hc-in-kolkata", Person: "hc-kolkata", Country: "IN", City: "Kolkata", SupervisingMission: "rw-ke-nairobi", Status: HCActive, Certainty: Reported,
				Exequatur: MustDate("2023-01-31"), Meta: meta},
			{ID: "hc-no-oslo", Country: "NO", City: "Oslo", Status: HCPlanned, Certainty: Reported, Appointed: MustDate("2024"), Meta: meta},
		},
		Memberships: []Membership{
			{ID: "rw--au", Member: "RW", Organisation: "AU", Status: Member, Certainty: Reported, Joined: MustDate("1963"), RepresentingMission: "rw-et-au", Meta: meta},
			{ID: "rw--eccas", Member: "RW", Organisation: "ECCAS", Status: FormerMember, Certainty: Reported, Joined: MustDate("1981"), Left: MustDate("2025-06-07"), Meta: meta},
			{ID: "rw--oiml", Member: "RW", Organisation: "OIML", Status: Observer, Certainty: Uncertain, Joined: MustDate("2000"), Meta: meta},
		},
		DeclaredFigures: []DeclaredFigure{
			{ID: "fig-diplomatic-missions", Name: FigDiplomaticMissions, Value: 3, Date: MustDate("2025"), Meta: meta},
		},
	}
}
