package staff

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
)

// entity describes one kind of registry record to the generic pages: its
// names, its form's fields, the columns of its list, how it ends, and how
// to find its records and describe them to internal/auth.
type entity struct {
	Name     string // as the registry and the audit log name it: "honorary_consul"
	Path     string // URL segment: "honorary-consuls"
	Singular string // "honorary consul"
	Plural   string // "Honorary consuls"
	Fields   []field
	// Columns are the names of the fields shown in the list, after the id.
	Columns []string
	// End is how the record is ended, or nil when it cannot be.
	End *ending

	newRec  func() any                              // a pointer to a new zero record
	records func(ds *registry.Dataset) []any        // pointers to every record
	id      func(rec any) string                    // the record's id
	meta    func(rec any) *registry.Meta            // the record's Meta
	target  func(ds *registry.Dataset, rec any) any // what auth.Authorize is given

	// beforeSave, when set, completes a record about to be stored by who (an
	// audit actor id) at now: rec is the record made from the form, old the
	// stored one (nil for a new record). It sets the fields the system
	// keeps, which the form does not show.
	beforeSave func(old, rec any, who string, now time.Time)
	// decorate, when set, adds facts and actions to a record's page.
	decorate func(s *Server, r *http.Request, ds *registry.Dataset, rec any, v *formView)
}

// ending says how a record is ended: its date field is set to the date
// given, and its status field (if any) to Status.
type ending struct {
	DateField   string // the field's name: "closed"
	StatusField string // "" when the record has no status
	Status      string
	Verb        string // "Close", "End"...
	// Only, when set, says which records can be ended, and why the others
	// cannot.
	Only func(rec any) error
}

// endable returns why rec cannot be ended, or nil.
func (e *entity) endable(rec any) error {
	switch {
	case e.End == nil:
		return fmt.Errorf("a %s cannot be ended", e.Singular)
	case e.End.Only != nil:
		return e.End.Only(rec)
	}
	return nil
}

// define builds an entity of records of type T.
func define[T any](name, path, singular, plural string, list func(*registry.Dataset) []T,
	id func(*T) string, meta func(*T) *registry.Meta, fields []field, columns []string) *entity {
	return &entity{
		Name: name, Path: path, Singular: singular, Plural: plural,
		Fields:  append(fields, metaFields...),
		Columns: columns,
		newRec:  func() any { return new(T) },
		records: func(ds *registry.Dataset) []any {
			xs := list(ds)
			out := make([]any, len(xs))
			for i := range xs {
				out[i] = &xs[i]
			}
			return out
		},
		id:     func(rec any) string { return id(rec.(*T)) },
		meta:   func(rec any) *registry.Meta { return meta(rec.(*T)) },
		target: func(_ *registry.Dataset, rec any) any { return rec },
	}
}

// find returns the record with id in ds, or nil.
func (e *entity) find(ds *registry.Dataset, id string) any {
	for _, rec := range e.records(ds) {
		if e.id(rec) == id {
			return rec
		}
	}
	return nil
}

// field returns the field named name.
func (e *entity) field(name string) (field, bool) {
	for _, f := range e.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return field{}, false
}

// IDField returns the field holding the record's id.
func (e *entity) IDField() field {
	for _, f := range e.Fields {
		if f.ID {
			return f
		}
	}
	panic("staff: entity " + e.Name + " has no id field")
}

// ColumnFields returns the fields of the list's columns.
func (e *entity) ColumnFields() []field {
	var out []field
	for _, c := range e.Columns {
		if f, ok := e.field(c); ok {
			out = append(out, f)
		}
	}
	return out
}

// creators are the roles that may create some record of each entity, for
// showing the "add" links; auth.Authorize decides each record.
var creators = map[auth.Role][]string{
	auth.Protocol:       {"mission", "accreditation", "appointment", "person"},
	auth.MissionOfficer: {"accreditation", "appointment", "honorary_consul", "person"},
	auth.PolicyOfficer:  append([]string{"agreement"}, auth.TrackerEntities...),
}

// mayCreateSome reports whether p may create some record of e.
func mayCreateSome(p auth.Principal, e *entity) bool {
	if p.Validate() != nil {
		return false
	}
	switch p.Role {
	case auth.Admin, auth.Editor:
		return true
	}
	for _, n := range creators[p.Role] {
		if n == e.Name {
			return true
		}
	}
	return false
}

// options returns the string values of a set of registry constants.
func options[T ~string](set []T) []string {
	out := make([]string, len(set))
	for i, v := range set {
		out[i] = string(v)
	}
	return out
}

// partyFields are the type and code of a party (sender, receiver).
func partyFields(name, label string) []field {
	return []field{
		{Name: name + "_type", Path: name + ".type", Label: label + ": state or organisation", Kind: enum, Options: options(registry.PartyTypes)},
		{Name: name, Path: name + ".code", Label: label, Kind: ref, Ref: "party",
			Help: "A country's ISO code (RW) or an organisation's id (AU), as the type above says."},
	}
}

// contactFields are the contacts of a mission or an honorary consul.
var contactFields = []field{
	{Name: "address", Path: "contacts.address", Label: "Address", Kind: textarea},
	{Name: "phone", Path: "contacts.phone", Label: "Phone", Kind: text},
	{Name: "email", Path: "contacts.email", Label: "Email", Kind: text},
	{Name: "website", Path: "contacts.website", Label: "Website", Kind: text, Help: "An http:// or https:// address."},
}

// nameFields are names in the portal's four languages.
func nameFields(prefix, path, label string, k kind, errs ...string) []field {
	var out []field
	for _, l := range []struct{ code, name string }{{"en", "English"}, {"fr", "French"}, {"rw", "Kinyarwanda"}, {"sw", "Swahili"}} {
		out = append(out, field{Name: prefix + "_" + l.code, Path: path + "." + l.code, Label: label + " (" + l.name + ")", Kind: k})
	}
	out[0].Errs = errs
	return out
}

func concat(parts ...[]field) []field {
	var out []field
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var certaintyField = field{Name: "certainty", Path: "certainty", Label: "Certainty", Kind: enum, Options: options(registry.Certainties),
	Help: "reported: a cited source says so; likely: strong hints; uncertain."}

// idField is a record's id.
func idField(help string) field {
	return field{Name: "id", Path: "id", Label: "Id", Kind: text, ID: true, Help: help}
}

const slugHelp = "Lower-case letters, digits and single hyphens; it cannot be changed later."

// humanName turns a field name into words.
func humanName(s string) string { return strings.ReplaceAll(s, "_", " ") }
