package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
)

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// table describes how records of type T are stored: one row per record, the
// record's own columns (key first) followed by the meta columns.
type table[T any] struct {
	name   string // SQL table
	entity string // entity name, as in registry.FieldError
	cols   []string
	id     func(*T) string
	meta   func(*T) *registry.Meta
	args   func(*T) []any // values of cols, in order
	dest   func(*T) []any // scan targets of cols, in order
	list   func(*registry.Dataset) *[]T
	// storable, when set, names the fields of a record that its columns
	// cannot hold (a list item holding the ';' that joins the items, a
	// number that is not finite), so that such a record is refused as
	// invalid before any statement.
	storable func(*T) []registry.FieldError

	insertSQL, updateSQL, deleteSQL, selectSQL, getSQL, versionSQL string
}

// metaCols are stored for every record, after its own columns.
var metaCols = []string{"source", "last_verified", "note", "version", "revision", "updated_at"}

// tableOps is a table of any record type. The methods taking rec any expect
// a non-nil *T, as checked by record.
type tableOps interface {
	// record returns rec's entity name, id and Meta when rec is a non-nil *T.
	record(rec any) (r recordRef, ok bool)
	// insert inserts rec under revision rev; inserted is false when its id
	// is already stored. It does not change rec.
	insert(ctx context.Context, q querier, rec any, version int64, rev *revision) (inserted bool, err error)
	// update and remove act on the stored record with rec's id and version,
	// under revision rev: update stores the new version and rev in rec's
	// Meta; remove lists the record in deletions.
	update(ctx context.Context, q querier, rec any, rev *revision) error
	remove(ctx context.Context, q querier, rec any, rev *revision) error
	// get returns the stored record with id, as a *T, or an error wrapping
	// registry.ErrNotFound.
	get(ctx context.Context, q querier, id string) (any, error)
	// load appends every stored record to ds, ordered by key.
	load(ctx context.Context, q querier, ds *registry.Dataset) error
	// seed inserts the records of ds whose ids are not stored yet, under
	// revision rev, allocated when the first one is, and stages an audit
	// entry for each in log.
	seed(ctx context.Context, q querier, ds *registry.Dataset, rev *revision, log *auditBuffer) (SeedCount, error)
	// duplicates reports ids used twice in ds.
	duplicates(ds *registry.Dataset) []registry.FieldError
	// refuse returns a *registry.ValidationError naming each field of rec
	// that its columns cannot hold, nil when it can be stored.
	refuse(rec any) error
}

func (t *table[T]) build() *table[T] {
	all := append(append([]string(nil), t.cols...), metaCols...)
	key := t.cols[0]
	ph := make([]string, len(all))
	set := make([]string, 0, len(all)-1)
	for i, c := range all {
		ph[i] = "$" + strconv.Itoa(i+1)
		if i > 0 {
			set = append(set, c+" = "+ph[i])
		}
	}
	list := strings.Join(all, ", ")
	// ON CONFLICT DO NOTHING reports an existing id as zero rows affected,
	// without an error that would abort a PostgreSQL transaction.
	t.insertSQL = fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO NOTHING", t.name, list, strings.Join(ph, ", "), key)
	t.updateSQL = fmt.Sprintf("UPDATE %s SET %s WHERE %s = $1 AND version = $%d", t.name, strings.Join(set, ", "), key, len(all)+1)
	t.deleteSQL = fmt.Sprintf("DELETE FROM %s WHERE %s = $1 AND version = $2", t.name, key)
	t.selectSQL = fmt.Sprintf("SELECT %s FROM %s ORDER BY %s", list, t.name, key)
	t.getSQL = fmt.Sprintf("SELECT %s FROM %s WHERE %s = $1", list, t.name, key)
	t.versionSQL = fmt.Sprintf("SELECT version FROM %s WHERE %s = $1", t.name, key)
	return t
}

func (t *table[T]) rowArgs(x *T, version int64, rev *revision) []any {
	m := t.meta(x)
	return append(t.args(x), m.Source, m.LastVerified, m.Note, version, rev.id, rev.ms)
}

func (t *table[T]) rowDest(x *T) []any {
	m := t.meta(x)
	return append(t.dest(x), &m.Source, &m.LastVerified, &m.Note, &m.Version, &m.Revision, millis{&m.UpdatedAt})
}

// recordRef names a record passed to a Tx.
type recordRef struct {
	entity, id string
	meta       *registry.Meta
}

func (t *table[T]) record(rec any) (recordRef, bool) {
	x, ok := rec.(*T)
	if !ok || x == nil {
		return recordRef{}, false
	}
	return recordRef{entity: t.entity, id: t.id(x), meta: t.meta(x)}, true
}

func (t *table[T]) refuse(rec any) error {
	x := rec.(*T)
	if t.storable == nil {
		return nil
	}
	errs := t.storable(x)
	if len(errs) == 0 {
		return nil
	}
	for i := range errs {
		errs[i].Entity, errs[i].ID = t.entity, t.id(x)
	}
	return &registry.ValidationError{Fields: errs}
}

func (t *table[T]) insert(ctx context.Context, q querier, rec any, version int64, rev *revision) (bool, error) {
	x := rec.(*T)
	n, err := execCount(ctx, q, t.insertSQL, t.rowArgs(x, version, rev)...)
	if err != nil {
		return false, fmt.Errorf("store: insert %s %q: %w", t.entity, t.id(x), mapErr(err))
	}
	return n == 1, nil
}

func (t *table[T]) update(ctx context.Context, q querier, rec any, rev *revision) error {
	x := rec.(*T)
	m := t.meta(x)
	n, err := execCount(ctx, q, t.updateSQL, append(t.rowArgs(x, m.Version+1, rev), m.Version)...)
	if err := t.matched(ctx, q, "update", t.id(x), m.Version, n, err); err != nil {
		return err
	}
	m.Version++
	m.Revision, m.UpdatedAt = rev.id, rev.time()
	return nil
}

func (t *table[T]) remove(ctx context.Context, q querier, rec any, rev *revision) error {
	x := rec.(*T)
	v := t.meta(x).Version
	n, err := execCount(ctx, q, t.deleteSQL, t.id(x), v)
	if err := t.matched(ctx, q, "delete", t.id(x), v, n, err); err != nil {
		return err
	}
	return recordDeletion(ctx, q, t.entity, t.id(x), rev)
}

// matched checks the outcome (n rows, err) of an update or delete of the
// record id at version v: no row matched means registry.ErrNotFound or, when
// another version is stored, registry.ErrConflict.
func (t *table[T]) matched(ctx context.Context, q querier, op, id string, v, n int64, err error) error {
	if err != nil {
		return fmt.Errorf("store: %s %s %q: %w", op, t.entity, id, mapErr(err))
	}
	if n == 1 {
		return nil
	}
	var stored int64
	switch err := q.QueryRowContext(ctx, t.versionSQL, id).Scan(&stored); {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: %s %s %q: %w", op, t.entity, id, registry.ErrNotFound)
	case err != nil:
		return fmt.Errorf("store: %s %s %q: %w", op, t.entity, id, err)
	}
	return fmt.Errorf("store: %s %s %q: version %d was read but version %d is stored: %w",
		op, t.entity, id, v, stored, registry.ErrConflict)
}

func (t *table[T]) get(ctx context.Context, q querier, id string) (any, error) {
	var x T
	switch err := q.QueryRowContext(ctx, t.getSQL, id).Scan(t.rowDest(&x)...); {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("store: get %s %q: %w", t.entity, id, registry.ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("store: get %s %q: %w", t.entity, id, err)
	}
	return &x, nil
}

func (t *table[T]) load(ctx context.Context, q querier, ds *registry.Dataset) error {
	rows, err := q.QueryContext(ctx, t.selectSQL)
	if err != nil {
		return fmt.Errorf("store: load %s: %w", t.name, err)
	}
	defer rows.Close()
	list := t.list(ds)
	for rows.Next() {
		var x T
		if err := rows.Scan(t.rowDest(&x)...); err != nil {
			return fmt.Errorf("store: load %s: %w", t.name, err)
		}
		*list = append(*list, x)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load %s: %w", t.name, err)
	}
	return nil
}

func (t *table[T]) seed(ctx context.Context, q querier, ds *registry.Dataset, rev *revision, log *auditBuffer) (SeedCount, error) {
	c := SeedCount{Table: t.name}
	list := *t.list(ds)
	for i := range list {
		x := &list[i]
		if rev.id == 0 {
			// Until a record is inserted, look before inserting, so that a
			// seed that inserts nothing allocates no revision.
			var v int64
			switch err := q.QueryRowContext(ctx, t.versionSQL, t.id(x)).Scan(&v); {
			case err == nil:
				c.Existing++
				continue
			case !errors.Is(err, sql.ErrNoRows):
				return c, fmt.Errorf("store: seed %s %q: %w", t.entity, t.id(x), err)
			}
			if _, err := rev.get(ctx, q); err != nil {
				return c, err
			}
		}
		if err := t.refuse(x); err != nil {
			return c, err
		}
		v := max(t.meta(x).Version, 1)
		inserted, err := t.insert(ctx, q, x, v, rev)
		if err != nil {
			return c, err
		}
		if inserted {
			c.Inserted++
			rev.used = true
			// The record as stored, without changing ds.
			y := *x
			m := t.meta(&y)
			m.Version, m.Revision, m.UpdatedAt = v, rev.id, rev.time()
			after, err := audit.CanonicalJSON(&y)
			if err != nil {
				return c, err
			}
			log.add(audit.Entry{Action: audit.ActionCreate, Entity: t.entity, EntityID: t.id(x), After: after})
		} else {
			c.Existing++
		}
	}
	return c, nil
}

func (t *table[T]) duplicates(ds *registry.Dataset) []registry.FieldError {
	var errs []registry.FieldError
	seen := map[string]bool{}
	list := *t.list(ds)
	for i := range list {
		id := t.id(&list[i])
		if seen[id] {
			errs = append(errs, registry.FieldError{Entity: t.entity, ID: id, Field: "id", Reason: fmt.Sprintf("%q is used twice", id)})
		}
		seen[id] = true
	}
	return errs
}

// optional stores an empty string as NULL: used for optional references,
// which must be NULL rather than "" to satisfy the foreign key.
func optional(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullString scans NULL as "".
type nullString struct{ p *string }

func (n nullString) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n.p = ""
	case string:
		*n.p = v
	case []byte:
		*n.p = string(v)
	default:
		return fmt.Errorf("cannot scan %T into a string", src)
	}
	return nil
}

// services stores a mission's services as one text, joined by ';'.
type services struct{ p *[]registry.Service }

func (s services) Value() (driver.Value, error) {
	parts := make([]string, len(*s.p))
	for i, v := range *s.p {
		if strings.Contains(string(v), ";") {
			return nil, fmt.Errorf("service %q contains ';'", v)
		}
		parts[i] = string(v)
	}
	return strings.Join(parts, ";"), nil
}

func (s services) Scan(src any) error {
	var text string
	if err := (nullString{&text}).Scan(src); err != nil {
		return err
	}
	*s.p = nil
	if text == "" {
		return nil
	}
	for v := range strings.SplitSeq(text, ";") {
		*s.p = append(*s.p, registry.Service(v))
	}
	return nil
}

// newTables returns the descriptors of every table but settings, in an order
// where references point backwards.
func newTables() []tableOps {
	return append([]tableOps{
		(&table[registry.Country]{
			name: "countries", entity: "country",
			cols: []string{"iso2", "iso3", "numeric_code", "name_en", "name_fr", "name_rw", "name_sw",
				"region_code", "region", "subregion_code", "subregion"},
			id:   func(x *registry.Country) string { return x.ISO2 },
			meta: func(x *registry.Country) *registry.Meta { return &x.Meta },
			args: func(x *registry.Country) []any {
				return []any{x.ISO2, x.ISO3, x.Numeric, x.Names.EN, x.Names.FR, x.Names.RW, x.Names.SW,
					x.RegionCode, x.Region, x.SubregionCode, x.Subregion}
			},
			dest: func(x *registry.Country) []any {
				return []any{&x.ISO2, &x.ISO3, &x.Numeric, &x.Names.EN, &x.Names.FR, &x.Names.RW, &x.Names.SW,
					&x.RegionCode, &x.Region, &x.SubregionCode, &x.Subregion}
			},
			list: func(ds *registry.Dataset) *[]registry.Country { return &ds.Countries },
		}).build(),
		(&table[registry.RelationEvent]{
			name: "relations", entity: "relation",
			cols: []string{"id", "country", "event", "date", "certainty"},
			id:   func(x *registry.RelationEvent) string { return x.ID },
			meta: func(x *registry.RelationEvent) *registry.Meta { return &x.Meta },
			args: func(x *registry.RelationEvent) []any {
				return []any{x.ID, x.Country, string(x.Event), x.Date, string(x.Certainty)}
			},
			dest: func(x *registry.RelationEvent) []any {
				return []any{&x.ID, &x.Country, &x.Event, &x.Date, &x.Certainty}
			},
			list: func(ds *registry.Dataset) *[]registry.RelationEvent { return &ds.Relations },
		}).build(),
		(&table[registry.Organisation]{
			name: "organisations", entity: "organisation",
			cols: []string{"id", "acronym", "name_en", "name_fr", "name_rw", "name_sw", "kind", "hq_city", "hq_country"},
			id:   func(x *registry.Organisation) string { return x.ID },
			meta: func(x *registry.Organisation) *registry.Meta { return &x.Meta },
			args: func(x *registry.Organisation) []any {
				return []any{x.ID, x.Acronym, x.Names.EN, x.Names.FR, x.Names.RW, x.Names.SW, string(x.Kind),
					x.HQCity, optional(x.HQCountry)}
			},
			dest: func(x *registry.Organisation) []any {
				return []any{&x.ID, &x.Acronym, &x.Names.EN, &x.Names.FR, &x.Names.RW, &x.Names.SW, &x.Kind,
					&x.HQCity, nullString{&x.HQCountry}}
			},
			list: func(ds *registry.Dataset) *[]registry.Organisation { return &ds.Organisations },
		}).build(),
		(&table[registry.Mission]{
			name: "missions", entity: "mission",
			cols: []string{"id", "sender_type", "sender", "kind", "name", "city", "country", "status", "certainty",
				"opened", "closed", "address", "phone", "email", "website", "services"},
			id:   func(x *registry.Mission) string { return x.ID },
			meta: func(x *registry.Mission) *registry.Meta { return &x.Meta },
			args: func(x *registry.Mission) []any {
				return []any{x.ID, string(x.Sender.Type), x.Sender.Code, string(x.Kind), x.Name, x.City, x.Country,
					string(x.Status), string(x.Certainty), x.Opened, x.Closed,
					x.Contacts.Address, x.Contacts.Phone, x.Contacts.Email, x.Contacts.Website, services{&x.Services}}
			},
			dest: func(x *registry.Mission) []any {
				return []any{&x.ID, &x.Sender.Type, &x.Sender.Code, &x.Kind, &x.Name, &x.City, &x.Country,
					&x.Status, &x.Certainty, &x.Opened, &x.Closed,
					&x.Contacts.Address, &x.Contacts.Phone, &x.Contacts.Email, &x.Contacts.Website, services{&x.Services}}
			},
			list: func(ds *registry.Dataset) *[]registry.Mission { return &ds.Missions },
		}).build(),
		(&table[registry.Accreditation]{
			name: "accreditations", entity: "accreditation",
			cols: []string{"id", "mission", "receiver_type", "receiver", "residence", "status", "certainty",
				"from_date", "to_date", "credentials_presented", "legal_basis"},
			id:   func(x *registry.Accreditation) string { return x.ID },
			meta: func(x *registry.Accreditation) *registry.Meta { return &x.Meta },
			args: func(x *registry.Accreditation) []any {
				return []any{x.ID, x.Mission, string(x.Receiver.Type), x.Receiver.Code, string(x.Residence),
					string(x.Status), string(x.Certainty), x.From, x.To, x.CredentialsPresented, x.LegalBasis}
			},
			dest: func(x *registry.Accreditation) []any {
				return []any{&x.ID, &x.Mission, &x.Receiver.Type, &x.Receiver.Code, &x.Residence,
					&x.Status, &x.Certainty, &x.From, &x.To, &x.CredentialsPresented, &x.LegalBasis}
			},
			list: func(ds *registry.Dataset) *[]registry.Accreditation { return &ds.Accreditations },
		}).build(),
		(&table[registry.Person]{
			name: "people", entity: "person",
			cols: []string{"id", "name"},
			id:   func(x *registry.Person) string { return x.ID },
			meta: func(x *registry.Person) *registry.Meta { return &x.Meta },
			args: func(x *registry.Person) []any { return []any{x.ID, x.Name} },
			dest: func(x *registry.Person) []any { return []any{&x.ID, &x.Name} },
			list: func(ds *registry.Dataset) *[]registry.Person { return &ds.People },
		}).build(),
		(&table[registry.Appointment]{
			name: "appointments", entity: "appointment",
			cols: []string{"id", "person", "mission", "sender_type", "sender", "receiver_type", "receiver",
				"role", "title", "certainty", "agrement_requested", "agrement_granted", "appointed", "arrived",
				"credentials_copy", "credentials_presented", "credentials_seq", "ended"},
			id:   func(x *registry.Appointment) string { return x.ID },
			meta: func(x *registry.Appointment) *registry.Meta { return &x.Meta },
			args: func(x *registry.Appointment) []any {
				return []any{x.ID, optional(x.Person), optional(x.Mission), string(x.Sender.Type), x.Sender.Code,
					string(x.Receiver.Type), x.Receiver.Code, string(x.Role), string(x.Title), string(x.Certainty),
					x.AgrementRequested, x.AgrementGranted, x.Appointed, x.Arrived,
					x.CredentialsCopy, x.CredentialsPresented, int64(x.CredentialsSeq), x.Ended}
			},
			dest: func(x *registry.Appointment) []any {
				return []any{&x.ID, nullString{&x.Person}, nullString{&x.Mission}, &x.Sender.Type, &x.Sender.Code,
					&x.Receiver.Type, &x.Receiver.Code, &x.Role, &x.Title, &x.Certainty,
					&x.AgrementRequested, &x.AgrementGranted, &x.Appointed, &x.Arrived,
					&x.CredentialsCopy, &x.CredentialsPresented, &x.CredentialsSeq, &x.Ended}
			},
			list: func(ds *registry.Dataset) *[]registry.Appointment { return &ds.Appointments },
		}).build(),
		(&table[registry.HonoraryConsul]{
			name: "honorary_consuls", entity: "honorary_consul",
			cols: []string{"id", "person", "country", "city", "district", "supervising_mission", "status", "certainty",
				"appointed", "exequatur", "term_end", "address", "phone", "email", "website"},
			id:   func(x *registry.HonoraryConsul) string { return x.ID },
			meta: func(x *registry.HonoraryConsul) *registry.Meta { return &x.Meta },
			args: func(x *registry.HonoraryConsul) []any {
				return []any{x.ID, optional(x.Person), x.Country, x.City, x.District, optional(x.SupervisingMission),
					string(x.Status), string(x.Certainty), x.Appointed, x.Exequatur, x.TermEnd,
					x.Contacts.Address, x.Contacts.Phone, x.Contacts.Email, x.Contacts.Website}
			},
			dest: func(x *registry.HonoraryConsul) []any {
				return []any{&x.ID, nullString{&x.Person}, &x.Country, &x.City, &x.District, nullString{&x.SupervisingMission},
					&x.Status, &x.Certainty, &x.Appointed, &x.Exequatur, &x.TermEnd,
					&x.Contacts.Address, &x.Contacts.Phone, &x.Contacts.Email, &x.Contacts.Website}
			},
			list: func(ds *registry.Dataset) *[]registry.HonoraryConsul { return &ds.HonoraryConsuls },
		}).build(),
		(&table[registry.Membership]{
			name: "memberships", entity: "membership",
			cols: []string{"id", "member", "organisation", "status", "certainty", "joined", "left_date", "representing_mission"},
			id:   func(x *registry.Membership) string { return x.ID },
			meta: func(x *registry.Membership) *registry.Meta { return &x.Meta },
			args: func(x *registry.Membership) []any {
				return []any{x.ID, x.Member, x.Organisation, string(x.Status), string(x.Certainty), x.Joined, x.Left,
					optional(x.RepresentingMission)}
			},
			dest: func(x *registry.Membership) []any {
				return []any{&x.ID, &x.Member, &x.Organisation, &x.Status, &x.Certainty, &x.Joined, &x.Left,
					nullString{&x.RepresentingMission}}
			},
			list: func(ds *registry.Dataset) *[]registry.Membership { return &ds.Memberships },
		}).build(),
		(&table[registry.DeclaredFigure]{
			name: "declared_figures", entity: "declared_figure",
			cols: []string{"id", "name", "value", "date"},
			id:   func(x *registry.DeclaredFigure) string { return x.ID },
			meta: func(x *registry.DeclaredFigure) *registry.Meta { return &x.Meta },
			args: func(x *registry.DeclaredFigure) []any { return []any{x.ID, x.Name, int64(x.Value), x.Date} },
			dest: func(x *registry.DeclaredFigure) []any { return []any{&x.ID, &x.Name, &x.Value, &x.Date} },
			list: func(ds *registry.Dataset) *[]registry.DeclaredFigure { return &ds.DeclaredFigures },
		}).build(),
		(&table[registry.FinderNote]{
			name: "finder_notes", entity: "finder_note",
			cols: []string{"country", "served_from_hq", "text_en", "text_fr", "text_rw", "text_sw"},
			id:   func(x *registry.FinderNote) string { return x.Country },
			meta: func(x *registry.FinderNote) *registry.Meta { return &x.Meta },
			args: func(x *registry.FinderNote) []any {
				return []any{x.Country, x.ServedFromHQ, x.Text.EN, x.Text.FR, x.Text.RW, x.Text.SW}
			},
			dest: func(x *registry.FinderNote) []any {
				return []any{&x.Country, &x.ServedFromHQ, &x.Text.EN, &x.Text.FR, &x.Text.RW, &x.Text.SW}
			},
			list: func(ds *registry.Dataset) *[]registry.FinderNote { return &ds.FinderNotes },
		}).build(),
		agreementTable(),
	}, trackerTables()...)
}
