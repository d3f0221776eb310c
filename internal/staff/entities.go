package staff

import (
	"slices"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
)

// entities are every registry entity, in the order of the navigation: the
// network's, then the policy tracker's.
var entities = append(slices.Clip(networkEntities), policyEntities...)

// networkEntities are the records of the diplomatic network, in the order of
// the navigation.
var networkEntities = []*entity{
	missionEntity, accreditationEntity, appointmentEntity, personEntity, honoraryConsulEntity,
	countryEntity, relationEntity, organisationEntity, membershipEntity, declaredFigureEntity, finderNoteEntity,
}

// policyEntities are the records the policy unit keeps: agreements and the
// tracker's, in the order of the navigation.
var policyEntities = append([]*entity{agreementEntity}, trackerEntities...)

var countryEntity = define("country", "countries", "country", "Countries",
	func(ds *registry.Dataset) []registry.Country { return ds.Countries },
	func(x *registry.Country) string { return x.ISO2 },
	func(x *registry.Country) *registry.Meta { return &x.Meta },
	concat([]field{
		{Name: "iso2", Path: "iso2", Label: "ISO 3166-1 alpha-2 code", Kind: text, ID: true, Help: "Two capital letters: RW. It cannot be changed later."},
		{Name: "iso3", Path: "iso3", Label: "ISO 3166-1 alpha-3 code", Kind: text},
		{Name: "numeric", Path: "numeric", Label: "ISO 3166-1 numeric code", Kind: text, Help: "Three digits: 646."},
	}, nameFields("name", "names", "Name", text), []field{
		{Name: "region_code", Path: "region_code", Label: "UN M49 region code", Kind: text},
		{Name: "region", Path: "region", Label: "Region", Kind: text},
		{Name: "subregion_code", Path: "subregion_code", Label: "UN M49 sub-region code", Kind: text},
		{Name: "subregion", Path: "subregion", Label: "Sub-region", Kind: text},
	}),
	[]string{"name_en", "region"})

var relationEntity = define("relation", "relations", "relation event", "Relation events",
	func(ds *registry.Dataset) []registry.RelationEvent { return ds.Relations },
	func(x *registry.RelationEvent) string { return x.ID },
	func(x *registry.RelationEvent) *registry.Meta { return &x.Meta },
	[]field{
		idField(slugHelp),
		{Name: "country", Path: "country", Label: "Country", Kind: ref, Ref: "country"},
		{Name: "event", Path: "event", Label: "Event", Kind: enum, Options: options(registry.RelationKinds)},
		{Name: "date", Path: "date", Label: "Date", Kind: date},
		certaintyField,
	},
	[]string{"country", "event", "date"})

var organisationEntity = define("organisation", "organisations", "organisation", "Organisations",
	func(ds *registry.Dataset) []registry.Organisation { return ds.Organisations },
	func(x *registry.Organisation) string { return x.ID },
	func(x *registry.Organisation) *registry.Meta { return &x.Meta },
	concat([]field{
		idField("Letters, digits and single hyphens (AU, UN-ECA); it cannot be changed later."),
		{Name: "acronym", Path: "acronym", Label: "Acronym", Kind: text},
	}, nameFields("name", "names", "Name", text), []field{
		{Name: "kind", Path: "kind", Label: "Kind", Kind: enum, Options: options(registry.OrgKinds)},
		{Name: "hq_city", Path: "hq_city", Label: "Headquarters city", Kind: text},
		{Name: "hq_country", Path: "hq_country", Label: "Headquarters country", Kind: ref, Ref: "country"},
	}),
	[]string{"acronym", "name_en", "kind"})

var missionEntity = func() *entity {
	e := define("mission", "missions", "mission", "Missions",
		func(ds *registry.Dataset) []registry.Mission { return ds.Missions },
		func(x *registry.Mission) string { return x.ID },
		func(x *registry.Mission) *registry.Meta { return &x.Meta },
		concat([]field{idField(slugHelp)}, partyFields("sender", "Sender"), []field{
			{Name: "kind", Path: "kind", Label: "Kind", Kind: enum, Options: options(registry.MissionKinds)},
			{Name: "name", Path: "name", Label: "Name", Kind: text},
			{Name: "city", Path: "city", Label: "City", Kind: text},
			{Name: "country", Path: "country", Label: "Country where it is located", Kind: ref, Ref: "country"},
			{Name: "status", Path: "status", Label: "Status", Kind: enum, Options: options(registry.MissionStatuses)},
			certaintyField,
			{Name: "opened", Path: "opened", Label: "Opened", Kind: date},
			{Name: "closed", Path: "closed", Label: "Closed", Kind: date, Help: "Set only when the status is closed."},
		}, contactFields, []field{
			{Name: "services", Path: "services", Label: "Services to the public", Kind: multi, Options: options(registry.Services)},
		}),
		[]string{"name", "country", "status"})
	e.End = &ending{DateField: "closed", StatusField: "status", Status: string(registry.MissionClosed), Verb: "Close"}
	return e
}()

var accreditationEntity = func() *entity {
	e := define("accreditation", "accreditations", "accreditation", "Accreditations",
		func(ds *registry.Dataset) []registry.Accreditation { return ds.Accreditations },
		func(x *registry.Accreditation) string { return x.ID },
		func(x *registry.Accreditation) *registry.Meta { return &x.Meta },
		concat([]field{
			idField("Letters, digits and hyphens; it cannot be changed later."),
			{Name: "mission", Path: "mission", Label: "Mission", Kind: ref, Ref: "mission"},
		}, partyFields("receiver", "Accredited to"), []field{
			{Name: "residence", Path: "residence", Label: "Residence", Kind: enum, Options: options(registry.Residences)},
			{Name: "status", Path: "status", Label: "Status", Kind: enum, Options: options(registry.AccStatuses)},
			certaintyField,
			{Name: "from", Path: "from", Label: "From", Kind: date},
			{Name: "to", Path: "to", Label: "To", Kind: date},
			{Name: "credentials_presented", Path: "credentials_presented", Label: "Credentials presented", Kind: date},
			{Name: "legal_basis", Path: "legal_basis", Label: "Legal basis", Kind: textarea},
		}),
		[]string{"mission", "receiver", "status"})
	e.End = &ending{DateField: "to", StatusField: "status", Status: string(registry.AccEnded), Verb: "End"}
	// Protocol's rule needs the sender of the accreditation's mission.
	e.target = func(ds *registry.Dataset, rec any) any {
		return auth.AccreditationRefIn(ds, rec.(*registry.Accreditation))
	}
	return e
}()

var personEntity = func() *entity {
	e := define("person", "persons", "person", "Persons",
		func(ds *registry.Dataset) []registry.Person { return ds.People },
		func(x *registry.Person) string { return x.ID },
		func(x *registry.Person) *registry.Meta { return &x.Meta },
		[]field{
			idField(slugHelp),
			{Name: "name", Path: "name", Label: "Name", Kind: text},
		},
		[]string{"name"})
	// The mission officer's rule needs the missions of the records naming
	// the person.
	e.target = func(ds *registry.Dataset, rec any) any {
		return auth.PersonRefIn(ds, rec.(*registry.Person))
	}
	return e
}()

var appointmentEntity = func() *entity {
	e := define("appointment", "appointments", "appointment (head of mission)", "Appointments",
		func(ds *registry.Dataset) []registry.Appointment { return ds.Appointments },
		func(x *registry.Appointment) string { return x.ID },
		func(x *registry.Appointment) *registry.Meta { return &x.Meta },
		concat([]field{
			idField(slugHelp),
			{Name: "person", Path: "person", Label: "Person", Kind: ref, Ref: "person", Help: "Empty when the sources do not name the person."},
			{Name: "mission", Path: "mission", Label: "Mission", Kind: ref, Ref: "mission"},
		}, partyFields("sender", "Sender"), partyFields("receiver", "Accredited to"), []field{
			{Name: "role", Path: "role", Label: "Role", Kind: enum, Options: options(registry.Roles)},
			{Name: "title", Path: "title", Label: "Title", Kind: enum, Options: options(registry.Titles)},
			certaintyField,
			{Name: "agrement_requested", Path: "agrement_requested", Label: "Agrément requested", Kind: date},
			{Name: "agrement_granted", Path: "agrement_granted", Label: "Agrément granted", Kind: date},
			{Name: "appointed", Path: "appointed", Label: "Appointed", Kind: date},
			{Name: "arrived", Path: "arrived", Label: "Arrived", Kind: date},
			{Name: "credentials_copy", Path: "credentials_copy", Label: "Copy of credentials to the ministry", Kind: date},
			{Name: "credentials_presented", Path: "credentials_presented", Label: "Credentials presented", Kind: date},
			{Name: "credentials_seq", Path: "credentials_seq", Label: "Order within the ceremony", Kind: number, Help: "1 for the first; empty when unknown."},
			{Name: "ended", Path: "ended", Label: "Ended", Kind: date},
		}),
		[]string{"person", "mission", "receiver", "ended"})
	e.End = &ending{DateField: "ended", Verb: "End"}
	return e
}()

var honoraryConsulEntity = func() *entity {
	e := define("honorary_consul", "honorary-consuls", "honorary consul", "Honorary consuls",
		func(ds *registry.Dataset) []registry.HonoraryConsul { return ds.HonoraryConsuls },
		func(x *registry.HonoraryConsul) string { return x.ID },
		func(x *registry.HonoraryConsul) *registry.Meta { return &x.Meta },
		concat([]field{
			idField(slugHelp),
			{Name: "person", Path: "person", Label: "Person", Kind: ref, Ref: "person"},
			{Name: "country", Path: "country", Label: "Receiving state", Kind: ref, Ref: "country"},
			{Name: "city", Path: "city", Label: "Seat (city)", Kind: text},
			{Name: "district", Path: "district", Label: "Consular district", Kind: textarea},
			{Name: "supervising_mission", Path: "supervising_mission", Label: "Supervising mission", Kind: ref, Ref: "mission"},
			{Name: "status", Path: "status", Label: "Status", Kind: enum, Options: options(registry.HCStatuses)},
			certaintyField,
			{Name: "appointed", Path: "appointed", Label: "Appointed", Kind: date},
			{Name: "exequatur", Path: "exequatur", Label: "Exequatur granted", Kind: date},
			{Name: "term_end", Path: "term_end", Label: "End of term", Kind: date},
		}, contactFields),
		[]string{"person", "country", "city", "status", "term_end"})
	e.End = &ending{DateField: "term_end", StatusField: "status", Status: string(registry.HCEnded), Verb: "End"}
	return e
}()

var membershipEntity = func() *entity {
	e := define("membership", "memberships", "membership", "Memberships",
		func(ds *registry.Dataset) []registry.Membership { return ds.Memberships },
		func(x *registry.Membership) string { return x.ID },
		func(x *registry.Membership) *registry.Meta { return &x.Meta },
		[]field{
			idField("Letters, digits and hyphens; it cannot be changed later."),
			{Name: "member", Path: "member", Label: "Member state", Kind: ref, Ref: "country"},
			{Name: "organisation", Path: "organisation", Label: "Organisation", Kind: ref, Ref: "organisation"},
			{Name: "status", Path: "status", Label: "Status", Kind: enum, Options: options(registry.MembershipStatuses)},
			certaintyField,
			{Name: "joined", Path: "joined", Label: "Joined", Kind: date},
			{Name: "left", Path: "left", Label: "Left", Kind: date},
			{Name: "representing_mission", Path: "representing_mission", Label: "Representing mission", Kind: ref, Ref: "mission"},
		},
		[]string{"member", "organisation", "status"})
	e.End = &ending{DateField: "left", StatusField: "status", Status: string(registry.FormerMember), Verb: "End"}
	return e
}()

var declaredFigureEntity = define("declared_figure", "declared-figures", "declared figure", "Declared figures",
	func(ds *registry.Dataset) []registry.DeclaredFigure { return ds.DeclaredFigures },
	func(x *registry.DeclaredFigure) string { return x.ID },
	func(x *registry.DeclaredFigure) *registry.Meta { return &x.Meta },
	[]field{
		idField(slugHelp),
		{Name: "name", Path: "name", Label: "Figure", Kind: enum, Options: registry.FigureNames},
		{Name: "value", Path: "value", Label: "Value declared", Kind: number},
		{Name: "date", Path: "date", Label: "Date it holds for", Kind: date},
	},
	[]string{"name", "value", "date"})

var finderNoteEntity = define("finder_note", "finder-notes", "finder note", "Finder notes",
	func(ds *registry.Dataset) []registry.FinderNote { return ds.FinderNotes },
	func(x *registry.FinderNote) string { return x.Country },
	func(x *registry.FinderNote) *registry.Meta { return &x.Meta },
	concat([]field{
		{Name: "country", Path: "country", Label: "Country", Kind: ref, Ref: "country", ID: true, Help: "One note per country; it cannot be changed later."},
		{Name: "served_from_hq", Path: "served_from_hq", Label: "Served from the ministry itself (headquarters)", Kind: boolean},
	}, nameFields("text", "text", "Text shown by the finder", textarea, "text")),
	[]string{"served_from_hq", "text_en"})
