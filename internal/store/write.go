package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
)

// Tx stages the writes of one Write. Its methods take a pointer to a record
// of a registry.Dataset type (*registry.Mission, *registry.Country, ...). A Tx
// is valid only inside the function given to Write and is not safe for
// concurrent use. Insert, Update, End and SetSettings refuse a record
// holding a NUL byte in any text field with a *registry.ValidationError,
// before any statement: PostgreSQL cannot store one. Insert, Update and End
// likewise refuse a record holding what its columns cannot (a ';' inside an
// item of a list stored joined by ';', a number that is not finite).
type Tx struct {
	ctx context.Context
	tx  *sql.Tx
	db  *DB
	// err is the first database error: after it the transaction is broken
	// (PostgreSQL refuses any further statement) and Write returns it.
	err error
	// undo restores the versions and revisions set on records, should Write
	// not commit.
	undo []func()
	// rev is the transaction's revision, allocated on its first change.
	rev revision
	// log holds the audit entries of the changes made, appended to the
	// audit log when the transaction commits.
	log *auditBuffer
}

// Insert stores a new record with version 1, and sets rec's Version to 1 and
// its Revision and UpdatedAt to the transaction's. It returns an error
// wrapping ErrExists when the id is already stored.
func (t *Tx) Insert(rec any) error {
	tb, r, err := t.find("insert", rec)
	if err != nil {
		return err
	}
	if err := refuseNUL(r.entity, r.id, rec); err != nil {
		return err
	}
	if err := tb.refuse(rec); err != nil {
		return err
	}
	rev, err := t.rev.get(t.ctx, t.tx)
	if err != nil {
		return t.fail(err)
	}
	inserted, err := tb.insert(t.ctx, t.tx, rec, 1, rev)
	if err != nil {
		return t.fail(err)
	}
	if !inserted {
		return fmt.Errorf("store: insert %s %q: %w", r.entity, r.id, ErrExists)
	}
	t.undoMeta(r.meta, *r.meta)
	r.meta.Version = 1
	r.meta.Revision, r.meta.UpdatedAt = rev.id, rev.time()
	rev.used = true
	return t.audit(audit.ActionCreate, r, nil, rec)
}

// Update stores rec over the stored record with the same id, provided the
// stored version is rec's Version, and sets rec's Version to the new version
// (Version+1) and its Revision and UpdatedAt to the transaction's. It returns
// an error wrapping registry.ErrConflict when another version is stored, and
// registry.ErrNotFound when the id is not stored. The audit log records the
// record before and after, under the action "update".
func (t *Tx) Update(rec any) error { return t.update(audit.ActionUpdate, rec) }

// End is Update recorded in the audit log under the action "end": for an
// update that ends a record (closes a mission, ends an appointment...), the
// normal way to retire one.
func (t *Tx) End(rec any) error { return t.update(audit.ActionEnd, rec) }

func (t *Tx) update(action string, rec any) error {
	tb, r, err := t.find(action, rec)
	if err != nil {
		return err
	}
	if err := refuseNUL(r.entity, r.id, rec); err != nil {
		return err
	}
	if err := tb.refuse(rec); err != nil {
		return err
	}
	rev, err := t.rev.get(t.ctx, t.tx)
	if err != nil {
		return t.fail(err)
	}
	before, err := tb.get(t.ctx, t.tx, r.id)
	if err != nil && !errors.Is(err, registry.ErrNotFound) {
		return t.fail(err)
	}
	old := *r.meta
	if err := tb.update(t.ctx, t.tx, rec, rev); err != nil {
		return t.fail(err)
	}
	t.undoMeta(r.meta, old)
	rev.used = true
	return t.audit(action, r, before, rec)
}

// Delete removes the stored record with rec's id, provided the stored version
// is rec's Version, and lists it in the deletions under the transaction's
// revision. Errors are as for Update. Records that still refer to it make the
// Write invalid.
func (t *Tx) Delete(rec any) error {
	tb, r, err := t.find("delete", rec)
	if err != nil {
		return err
	}
	if r.entity == "mission" {
		if err := t.checkMissionUnassigned(r.id); err != nil {
			return err
		}
	}
	rev, err := t.rev.get(t.ctx, t.tx)
	if err != nil {
		return t.fail(err)
	}
	before, err := tb.get(t.ctx, t.tx, r.id)
	if err != nil && !errors.Is(err, registry.ErrNotFound) {
		return t.fail(err)
	}
	if err := tb.remove(t.ctx, t.tx, rec, rev); err != nil {
		return t.fail(err)
	}
	rev.used = true
	return t.audit(audit.ActionDelete, r, before, nil)
}

// checkMissionUnassigned refuses, as a validation error, the deletion of a
// mission that staff accounts or API tokens are scoped to.
func (t *Tx) checkMissionUnassigned(id string) error {
	var n int64
	const q = "SELECT (SELECT COUNT(*) FROM users WHERE mission_id = $1) + (SELECT COUNT(*) FROM api_tokens WHERE mission_id = $1)"
	if err := t.tx.QueryRowContext(t.ctx, q, id).Scan(&n); err != nil {
		return t.fail(fmt.Errorf("store: delete mission %q: %w", id, err))
	}
	if n > 0 {
		return &registry.ValidationError{Fields: []registry.FieldError{{Entity: "mission", ID: id, Field: "id",
			Reason: fmt.Sprintf("%d staff accounts or API tokens are scoped to this mission: assign them elsewhere first", n)}}}
	}
	return nil
}

// audit stages the audit entry of a change of the record r: before is the
// stored record before it (nil for an insert), after the record written (nil
// for a delete).
func (t *Tx) audit(action string, r recordRef, before, after any) error {
	e := audit.Entry{Action: action, Entity: r.entity, EntityID: r.id}
	var err error
	if before != nil {
		if e.Before, err = audit.CanonicalJSON(before); err != nil {
			return t.fail(err)
		}
	}
	if after != nil {
		if e.After, err = audit.CanonicalJSON(after); err != nil {
			return t.fail(err)
		}
	}
	t.log.add(e)
	return nil
}

// undoMeta arranges for the fields of m the store sets (Version, Revision
// and UpdatedAt) to be restored to their values in old should Write not
// commit.
func (t *Tx) undoMeta(m *registry.Meta, old registry.Meta) {
	t.undo = append(t.undo, func() {
		m.Version, m.Revision, m.UpdatedAt = old.Version, old.Revision, old.UpdatedAt
	})
}

// find returns the table of rec, and rec's name.
func (t *Tx) find(op string, rec any) (tableOps, recordRef, error) {
	if t.err != nil {
		return nil, recordRef{}, t.err
	}
	for _, tb := range t.db.tables {
		if r, ok := tb.record(rec); ok {
			return tb, r, nil
		}
	}
	return nil, recordRef{}, fmt.Errorf("store: cannot %s a %T: want a non-nil pointer to a registry record (*registry.Mission, ...)", op, rec)
}

// SetSettings stores the deployment's settings. The audit log records them
// before and after, under the action "settings", when they change.
func (t *Tx) SetSettings(s registry.Settings) error {
	if t.err != nil {
		return t.err
	}
	if err := refuseNUL(audit.EntitySettings, "", &s); err != nil {
		return err
	}
	var old registry.Settings
	if err := loadSettings(t.ctx, t.tx, &old); err != nil {
		return t.fail(err)
	}
	if old == s {
		return nil
	}
	const upsert = "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value"
	for _, kv := range settingsRows(s) {
		if _, err := t.tx.ExecContext(t.ctx, upsert, kv[0], kv[1]); err != nil {
			return t.fail(fmt.Errorf("store: set setting %s: %w", kv[0], err))
		}
	}
	// The change takes a revision like a record's, so that DataVersion
	// moves and other processes reload the registry.
	rev, err := t.rev.get(t.ctx, t.tx)
	if err != nil {
		return t.fail(err)
	}
	rev.used = true
	return t.audit(audit.ActionSettings, recordRef{entity: audit.EntitySettings}, old, s)
}

// Load returns every record as the transaction sees it, staged writes
// included.
func (t *Tx) Load() (registry.Dataset, error) {
	if t.err != nil {
		return registry.Dataset{}, t.err
	}
	ds, err := t.db.load(t.ctx, t.tx)
	if err != nil {
		return ds, t.fail(err)
	}
	return ds, nil
}

// fail records a database error, which breaks the transaction. A conflict or
// a missing record found by Update or Delete leaves it usable, as does an
// existing id found by Insert (ON CONFLICT DO NOTHING raises no error).
func (t *Tx) fail(err error) error {
	if err != nil && !errors.Is(err, registry.ErrConflict) && !errors.Is(err, registry.ErrNotFound) {
		t.err = err
	}
	return err
}

// ErrNoActor is returned by a write whose context names no actor (see
// audit.WithActor): every change is attributed in the audit log.
var ErrNoActor = errors.New("store: the write names no actor: pass a context made by audit.WithActor")

// Write runs fn in one transaction. When fn returns nil, Write loads the
// resulting data inside the transaction and validates it: it commits only if
// the data is valid, and otherwise returns the *registry.ValidationError.
// When Write does not commit, nothing is written and the versions Insert and
// Update set on records are restored.
//
// ctx must carry the actor (audit.WithActor), or Write returns ErrNoActor.
// Every record inserted, updated, ended or deleted, and changed settings, get
// one entry in the audit log, appended in the same transaction.
func (db *DB) Write(ctx context.Context, fn func(tx *Tx) error) error {
	_, err := db.WriteRegistry(ctx, fn)
	return err
}

// WriteRegistry is Write that also returns the registry built from the
// committed data. An error that says the database cannot be reached or
// cannot write wraps ErrUnavailable.
func (db *DB) WriteRegistry(ctx context.Context, fn func(tx *Tx) error) (*registry.Registry, error) {
	actor, ok := audit.ActorFrom(ctx)
	if !ok {
		return nil, ErrNoActor
	}
	var t *Tx
	reg, err := db.writeTx(ctx, actor, func(ctx context.Context, tx *sql.Tx, log *auditBuffer) error {
		t = &Tx{ctx: ctx, tx: tx, db: db, log: log}
		if err := fn(t); err != nil {
			return err
		}
		if t.err != nil {
			return t.err
		}
		log.at = t.rev.ms
		return t.rev.release(ctx, tx)
	})
	if err != nil && t != nil {
		for i := len(t.undo) - 1; i >= 0; i-- {
			t.undo[i]()
		}
	}
	return reg, unavailable(err)
}

// writeTx runs fn in a write transaction, then validates the whole data set
// as the transaction sees it, appends the audit entries fn staged in its
// buffer and commits if the data is valid.
func (db *DB) writeTx(ctx context.Context, actor audit.Actor, fn func(ctx context.Context, tx *sql.Tx, log *auditBuffer) error) (*registry.Registry, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := db.lockForWrite(ctx, tx); err != nil {
		return nil, err
	}
	log := &auditBuffer{actor: actor}
	if err := fn(ctx, tx, log); err != nil {
		return nil, err
	}
	ds, err := db.load(ctx, tx)
	if err != nil {
		return nil, err
	}
	reg := registry.New(ds)
	if err := reg.Validate(); err != nil {
		return nil, err
	}
	if err := db.appendAudit(ctx, tx, log); err != nil {
		return nil, err
	}
	if err := db.notifyChange(ctx, tx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: commit: %w", mapErr(err))
	}
	return reg, nil
}

// settingsRows returns the settings as (name, value) rows.
func settingsRows(s registry.Settings) [][2]string {
	return [][2]string{
		{"home_state", s.HomeState},
		{"nuncio_is_dean", strconv.FormatBool(s.NuncioIsDean)},
		{"consular_contact", s.ConsularContact},
		{"fiscal_year_start", strconv.Itoa(int(s.FiscalYearStart))},
	}
}
