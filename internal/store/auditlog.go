package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
)

// auditBuffer collects the audit entries of one write transaction, appended
// to the log just before it commits.
type auditBuffer struct {
	actor   audit.Actor
	at      int64 // the entries' time in unix milliseconds; 0: the time they are appended
	entries []audit.Entry
}

// add stages e; its actor, request id and address are the buffer's.
func (b *auditBuffer) add(e audit.Entry) {
	b.entries = append(b.entries, e)
}

// auditLockKey is the PostgreSQL advisory lock held while appending to the
// audit log, so that entries are chained one after another. Registry writes
// take it after writeLockKey, never before.
const auditLockKey int64 = 0x6175646974 // "audit"

// appendAudit appends the buffered entries to the log, chained to its last
// entry, in tx. On PostgreSQL it holds the audit lock until tx ends; SQLite
// transactions are serialised already (BEGIN IMMEDIATE).
func (db *DB) appendAudit(ctx context.Context, tx *sql.Tx, b *auditBuffer) error {
	if len(b.entries) == 0 {
		return nil
	}
	if db.engine == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", auditLockKey); err != nil {
			return fmt.Errorf("store: take the audit lock: %w", err)
		}
	}
	var seq int64
	var prev string
	err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&seq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: read the last audit entry: %w", err)
	}
	at := b.at
	if at == 0 {
		at = time.Now().UnixMilli()
	}
	sealed := make([]audit.Entry, len(b.entries))
	for i, e := range b.entries {
		seq++
		e.Seq, e.At = seq, time.UnixMilli(at).UTC()
		e.Actor, e.RequestID, e.Address = b.actor.ID, b.actor.RequestID, b.actor.Address
		if e, err = audit.Seal(prev, e); err != nil {
			return fmt.Errorf("store: audit %s %s %q: %w", e.Action, e.Entity, e.EntityID, err)
		}
		sealed[i] = e
		prev = e.Hash
	}
	return db.insertAudit(ctx, tx, sealed, at) // bulk.go
}

// nullJSON stores nil JSON as NULL.
func nullJSON(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// AppendAudit appends e to the audit log in a transaction of its own, for
// events that change no record: sign-ins, sign-in failures, sign-outs. The
// actor, request id and address are taken from ctx (audit.WithActor), or
// ErrNoActor is returned; e's Seq, At, Actor, RequestID, Address, PrevHash
// and Hash are set by the store. Before and After, when set, are stored in
// canonical form.
func (db *DB) AppendAudit(ctx context.Context, e audit.Entry) error {
	actor, ok := audit.ActorFrom(ctx)
	if !ok {
		return ErrNoActor
	}
	if e.Action == "" || e.Entity == "" {
		return errors.New("store: append audit entry: the action and the entity are required")
	}
	return db.auditTx(ctx, actor, false, func(tx *sql.Tx, log *auditBuffer) error {
		var err error
		for _, j := range []*[]byte{(*[]byte)(&e.Before), (*[]byte)(&e.After)} {
			if *j != nil {
				if *j, err = audit.CanonicalJSON(*j); err != nil {
					return err
				}
			}
		}
		log.add(e)
		return nil
	})
}

// auditTx runs fn in a write transaction that changes no registry record
// (users, tokens, events), then appends the entries fn buffered and commits.
// With lockWrites it first takes the write lock, as registry writes do, so
// that fn's checks and changes are serialised with every other write; the
// locks are always taken in the same order (write, then audit), which keeps
// PostgreSQL transactions from deadlocking on them.
func (db *DB) auditTx(ctx context.Context, actor audit.Actor, lockWrites bool, fn func(tx *sql.Tx, log *auditBuffer) error) error {
	return unavailable(db.auditTxOnce(ctx, actor, lockWrites, fn))
}

// auditTxOnce is auditTx without the error's classification.
func (db *DB) auditTxOnce(ctx context.Context, actor audit.Actor, lockWrites bool, fn func(tx *sql.Tx, log *auditBuffer) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if lockWrites {
		if err := db.lockForWrite(ctx, tx); err != nil {
			return err
		}
	}
	log := &auditBuffer{actor: actor}
	if err := fn(tx, log); err != nil {
		return err
	}
	if err := db.appendAudit(ctx, tx, log); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", mapErr(err))
	}
	return nil
}

const auditColumns = "seq, at, actor, action, entity, entity_id, before, after, request_id, address, prev_hash, hash"

// scanEntry reads a row of auditColumns.
func scanEntry(rows *sql.Rows) (audit.Entry, error) {
	var e audit.Entry
	var at int64
	var before, after sql.NullString
	err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &before, &after,
		&e.RequestID, &e.Address, &e.PrevHash, &e.Hash)
	if err != nil {
		return e, fmt.Errorf("store: read the audit log: %w", err)
	}
	e.At = time.UnixMilli(at).UTC()
	if before.Valid {
		e.Before = []byte(before.String)
	}
	if after.Valid {
		e.After = []byte(after.String)
	}
	return e, nil
}

// AuditEntries returns the audit entries of one record, oldest first: entity
// is the record's entity ("mission", "user", "settings"...), id its id.
func (db *DB) AuditEntries(ctx context.Context, entity, id string) ([]audit.Entry, error) {
	if !storable(entity) || !storable(id) {
		return nil, nil // no entry can name it, and PostgreSQL refuses to compare it
	}
	rows, err := db.sql.QueryContext(ctx,
		"SELECT "+auditColumns+" FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY seq", entity, id)
	if err != nil {
		return nil, fmt.Errorf("store: read the audit log: %w", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read the audit log: %w", err)
	}
	return out, nil
}

// LastAuditEntry returns the newest entry of the log; ok is false when the
// log is empty.
func (db *DB) LastAuditEntry(ctx context.Context) (e audit.Entry, ok bool, err error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_log ORDER BY seq DESC LIMIT 1")
	if err != nil {
		return e, false, fmt.Errorf("store: read the audit log: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		e, err = scanEntry(rows)
		return e, err == nil, err
	}
	if err := rows.Err(); err != nil {
		return e, false, fmt.Errorf("store: read the audit log: %w", err)
	}
	return e, false, nil
}

// VerifyAudit reads the whole audit log from one snapshot, oldest first,
// and checks its hash chain with audit.Verify: it returns the number of
// entries checked and, when the chain is broken, an *audit.BrokenError naming
// the first entry that fails.
func (db *DB) VerifyAudit(ctx context.Context) (checked int, err error) {
	tx, err := db.sql.BeginTx(ctx, db.readTxOptions())
	if err != nil {
		return 0, fmt.Errorf("store: verify the audit log: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	rows, err := tx.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_log ORDER BY seq")
	if err != nil {
		return 0, fmt.Errorf("store: verify the audit log: %w", err)
	}
	defer rows.Close()
	entries := iter.Seq2[audit.Entry, error](func(yield func(audit.Entry, error) bool) {
		for rows.Next() {
			if !yield(scanEntry(rows)) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(audit.Entry{}, fmt.Errorf("store: read the audit log: %w", err))
		}
	})
	return audit.Verify(entries)
}

// RecentSignInFailures counts the consecutive failed sign-ins recorded in the
// audit log at or after since, for throttling (see auth.SignInDelay):
// account is the number of failures for the account email (compared
// lowercased) since its last successful sign-in, address the number of
// failures from address (whatever the account) since the last successful
// sign-in from it, and last the time of the newest failure counted, zero
// when none. The web layer records sign-ins with AppendAudit: action
// audit.ActionSignIn or audit.ActionSignInFailed, entity audit.EntityAccount,
// entity id the lowercased email, and the address in the actor.
func (db *DB) RecentSignInFailures(ctx context.Context, email, address string, since time.Time) (account, addr int, last time.Time, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	ms := since.UnixMilli()
	var lastAccount, lastAddr sql.NullInt64
	const byAccount = `SELECT COUNT(*), MAX(at) FROM audit_log
		WHERE entity = $1 AND entity_id = $2 AND action = $3 AND at >= $4
		AND seq > COALESCE((SELECT MAX(seq) FROM audit_log WHERE entity = $1 AND entity_id = $2 AND action = $5), 0)`
	err = db.sql.QueryRowContext(ctx, byAccount, audit.EntityAccount, email, audit.ActionSignInFailed, ms, audit.ActionSignIn).
		Scan(&account, &lastAccount)
	if err != nil {
		return 0, 0, time.Time{}, fmt.Errorf("store: count sign-in failures: %w", err)
	}
	if address != "" {
		const byAddress = `SELECT COUNT(*), MAX(at) FROM audit_log
			WHERE address = $1 AND action = $2 AND at >= $3
			AND seq > COALESCE((SELECT MAX(seq) FROM audit_log WHERE address = $1 AND action = $4), 0)`
		err := db.sql.QueryRowContext(ctx, byAddress, address, audit.ActionSignInFailed, ms, audit.ActionSignIn).Scan(&addr, &lastAddr)
		if err != nil {
			return 0, 0, time.Time{}, fmt.Errorf("store: count sign-in failures: %w", err)
		}
	}
	if m := max(lastAccount.Int64, lastAddr.Int64); m > 0 {
		last = time.UnixMilli(m).UTC()
	}
	return account, addr, last, nil
}

// AuditLength returns the number of entries in the audit log (its last
// sequence number; entries are never removed).
func (db *DB) AuditLength(ctx context.Context) (int64, error) {
	var n int64
	if err := db.sql.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM audit_log").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: read the audit log's length: %w", err)
	}
	return n, nil
}
