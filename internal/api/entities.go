package api

import (
	"time"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
)

// writeEntity describes one kind of registry record to the write API: its
// names, how to find its records, and what internal/auth is given for it.
type writeEntity struct {
	name  string // as the store, the audit log and internal/auth name it: "honorary_consul"
	path  string // the collection's URL segment: "honorary-consuls"
	param string // the path wildcard of a record: "id", or "iso2" for countries
	// idField is the name of the field holding the id: "id", "iso2" for
	// countries, "country" for finder notes.
	idField string
	// newRec returns a pointer to a new zero record.
	newRec func() any
	// find returns a pointer to the record with id in ds, or nil.
	find func(ds *registry.Dataset, id string) any
	id   func(rec any) string
	meta func(rec any) *registry.Meta
	// target is what auth.Authorize is given for rec: the record, or an
	// auth.AccreditationRef or auth.PersonRef built from ds.
	target func(ds *registry.Dataset, rec any) any
	// ended reports whether rec is ended (a mission closed, ...); nil for
	// the entities that are not ended, only corrected.
	ended func(rec any) bool
	// stamp, when set, sets the fields of rec the system keeps before rec
	// is stored: rec saved by who at now, replacing old (nil on create).
	stamp func(old, rec any, who string, now time.Time)
}

// defineWrite builds the writeEntity of records of type T.
func defineWrite[T any](name, path string, list func(*registry.Dataset) []T, id func(*T) string,
	meta func(*T) *registry.Meta, ended func(*T) bool) *writeEntity {
	e := &writeEntity{
		name: name, path: path, param: "id", idField: "id",
		newRec: func() any { return new(T) },
		find: func(ds *registry.Dataset, key string) any {
			xs := list(ds)
			for i := range xs {
				if id(&xs[i]) == key {
					return &xs[i]
				}
			}
			return nil
		},
		id:     func(rec any) string { return id(rec.(*T)) },
		meta:   func(rec any) *registry.Meta { return meta(rec.(*T)) },
		target: func(_ *registry.Dataset, rec any) any { return rec },
	}
	if ended != nil {
		e.ended = func(rec any) bool { return ended(rec.(*T)) }
	}
	return e
}

// writeEntities are the collections the API writes, every registry entity:
// the public collections, the records only the Diplomatic List, the finder
// and the changes feed show, and the policy tracker's (tracker_write.go).
var writeEntities = append([]*writeEntity{
	defineWrite("mission", "missions",
		func(ds *registry.Dataset) []registry.Mission { return ds.Missions },
		func(x *registry.Mission) string { return x.ID },
		func(x *registry.Mission) *registry.Meta { return &x.Meta },
		func(x *registry.Mission) bool { return x.Status == registry.MissionClosed }),
	withTarget(defineWrite("accreditation", "accreditations",
		func(ds *registry.Dataset) []registry.Accreditation { return ds.Accreditations },
		func(x *registry.Accreditation) string { return x.ID },
		func(x *registry.Accreditation) *registry.Meta { return &x.Meta },
		func(x *registry.Accreditation) bool { return x.Status == registry.AccEnded }),
		accreditationTarget),
	defineWrite("appointment", "appointments",
		func(ds *registry.Dataset) []registry.Appointment { return ds.Appointments },
		func(x *registry.Appointment) string { return x.ID },
		func(x *registry.Appointment) *registry.Meta { return &x.Meta },
		func(x *registry.Appointment) bool { return !x.Ended.IsZero() }),
	withTarget(defineWrite("person", "persons",
		func(ds *registry.Dataset) []registry.Person { return ds.People },
		func(x *registry.Person) string { return x.ID },
		func(x *registry.Person) *registry.Meta { return &x.Meta },
		nil),
		personTarget),
	defineWrite("honorary_consul", "honorary-consuls",
		func(ds *registry.Dataset) []registry.HonoraryConsul { return ds.HonoraryConsuls },
		func(x *registry.HonoraryConsul) string { return x.ID },
		func(x *registry.HonoraryConsul) *registry.Meta { return &x.Meta },
		func(x *registry.HonoraryConsul) bool { return x.Status == registry.HCEnded }),
	withID(defineWrite("country", "countries",
		func(ds *registry.Dataset) []registry.Country { return ds.Countries },
		func(x *registry.Country) string { return x.ISO2 },
		func(x *registry.Country) *registry.Meta { return &x.Meta },
		nil), "iso2", "iso2"),
	defineWrite("relation", "relations",
		func(ds *registry.Dataset) []registry.RelationEvent { return ds.Relations },
		func(x *registry.RelationEvent) string { return x.ID },
		func(x *registry.RelationEvent) *registry.Meta { return &x.Meta },
		nil),
	defineWrite("organisation", "organisations",
		func(ds *registry.Dataset) []registry.Organisation { return ds.Organisations },
		func(x *registry.Organisation) string { return x.ID },
		func(x *registry.Organisation) *registry.Meta { return &x.Meta },
		nil),
	defineWrite("membership", "memberships",
		func(ds *registry.Dataset) []registry.Membership { return ds.Memberships },
		func(x *registry.Membership) string { return x.ID },
		func(x *registry.Membership) *registry.Meta { return &x.Meta },
		func(x *registry.Membership) bool { return x.Status == registry.FormerMember }),
	defineWrite("declared_figure", "declared-figures",
		func(ds *registry.Dataset) []registry.DeclaredFigure { return ds.DeclaredFigures },
		func(x *registry.DeclaredFigure) string { return x.ID },
		func(x *registry.DeclaredFigure) *registry.Meta { return &x.Meta },
		nil),
	withID(defineWrite("finder_note", "finder-notes",
		func(ds *registry.Dataset) []registry.FinderNote { return ds.FinderNotes },
		func(x *registry.FinderNote) string { return x.Country },
		func(x *registry.FinderNote) *registry.Meta { return &x.Meta },
		nil), "id", "country"),
	defineWrite("agreement", "agreements",
		func(ds *registry.Dataset) []registry.Agreement { return ds.Agreements },
		func(x *registry.Agreement) string { return x.ID },
		func(x *registry.Agreement) *registry.Meta { return &x.Meta },
		func(x *registry.Agreement) bool { return !x.Ended.IsZero() }),
}, trackerWriteEntities...)

func withTarget(e *writeEntity, target func(*registry.Dataset, any) any) *writeEntity {
	e.target = target
	return e
}

func withID(e *writeEntity, param, field string) *writeEntity {
	e.param, e.idField = param, field
	return e
}

// accreditationTarget gives protocol's rule the sender of the
// accreditation's mission.
func accreditationTarget(ds *registry.Dataset, rec any) any {
	return auth.AccreditationRefIn(ds, rec.(*registry.Accreditation))
}

// personTarget gives the mission officer's rule the missions of the records
// naming the person.
func personTarget(ds *registry.Dataset, rec any) any {
	return auth.PersonRefIn(ds, rec.(*registry.Person))
}
