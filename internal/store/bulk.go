package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/chancery-org/chancery/internal/audit"
)

// bulkRows is the number of records one multi-row INSERT of InsertAll
// carries: at most 32 columns each (agreements), 6,400 parameters, well
// under the parameter limits of SQLite (32,766) and PostgreSQL (65,535).
const bulkRows = 200

// InsertAll inserts recs, pointers to registry records as Insert takes, with
// the same outcome as calling Insert on each in turn: version 1, the
// transaction's revision, one audit entry "create" per record, in the order
// of recs. It is the bulk path of imports: consecutive records of the same
// table go in multi-row INSERT statements, prepared once per transaction and
// reused, and the records' audit JSON is encoded on every CPU. step, when not
// nil, is called once per record inserted. An id already stored makes it
// return an error wrapping ErrExists; a record its columns cannot hold, a
// *registry.ValidationError as Insert does.
func (t *Tx) InsertAll(recs []any, step func()) error {
	if t.err != nil {
		return t.err
	}
	if len(recs) == 0 {
		return nil
	}
	rev, err := t.rev.get(t.ctx, t.tx)
	if err != nil {
		return t.fail(err)
	}
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	refs := make([]recordRef, len(recs))
	for i := 0; i < len(recs); {
		tb, r, err := t.find("insert", recs[i])
		if err != nil {
			return err
		}
		bi, ok := tb.(bulkInserter)
		if !ok {
			return fmt.Errorf("store: no bulk insert for %s", r.entity)
		}
		j := i + 1
		for j < len(recs) && j-i < bulkRows {
			if _, ok := tb.record(recs[j]); !ok {
				break
			}
			j++
		}
		for _, rec := range recs[i:j] {
			if err := tb.refuse(rec); err != nil {
				return err
			}
		}
		if err := bi.insertMany(t.ctx, t.tx, t.db.engine, stmts, recs[i:j], rev); err != nil {
			return t.fail(err)
		}
		for k := i; k < j; k++ {
			r, _ := tb.record(recs[k])
			t.undoMeta(r.meta, *r.meta)
			r.meta.Version = 1
			r.meta.Revision, r.meta.UpdatedAt = rev.id, rev.time()
			refs[k] = r
			if step != nil {
				step()
			}
		}
		rev.used = true
		i = j
	}
	after, err := canonicalAll(recs)
	if err != nil {
		return t.fail(err)
	}
	for i, r := range refs {
		t.log.add(audit.Entry{Action: audit.ActionCreate, Entity: r.entity, EntityID: r.id, After: after[i]})
	}
	return nil
}

// canonicalAll encodes recs with audit.CanonicalJSON, on every CPU.
func canonicalAll(recs []any) ([][]byte, error) {
	out := make([][]byte, len(recs))
	errs := make([]error, len(recs))
	workers := min(runtime.GOMAXPROCS(0), max(len(recs)/256, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(recs); i += workers {
				out[i], errs[i] = audit.CanonicalJSON(recs[i])
			}
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// bulkInserter is a table that can insert many records in one statement.
type bulkInserter interface {
	// insertMany inserts recs (all of the table's type) with version 1
	// under revision rev, preparing its statements once into stmts. It
	// does not change the records.
	insertMany(ctx context.Context, tx *sql.Tx, engine string, stmts map[string]*sql.Stmt, recs []any, rev *revision) error
}

func (t *table[T]) insertMany(ctx context.Context, tx *sql.Tx, engine string, stmts map[string]*sql.Stmt, recs []any, rev *revision) error {
	key := t.name + ":" + strconv.Itoa(len(recs))
	stmt, ok := stmts[key]
	if !ok {
		var err error
		if stmt, err = tx.PrepareContext(ctx, t.insertManySQL(len(recs), engine)); err != nil {
			return fmt.Errorf("store: insert into %s: %w", t.name, err)
		}
		stmts[key] = stmt
	}
	args := make([]any, 0, len(recs)*(len(t.cols)+len(metaCols)))
	for _, rec := range recs {
		args = append(args, t.rowArgs(rec.(*T), 1, rev)...)
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("store: insert into %s: %w", t.name, mapErr(err))
	}
	inserted := make(map[string]bool, len(recs))
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("store: insert into %s: %w", t.name, err)
		}
		inserted[id] = true
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("store: insert into %s: %w", t.name, mapErr(err))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: insert into %s: %w", t.name, mapErr(err))
	}
	if len(inserted) == len(recs) {
		return nil
	}
	for _, rec := range recs {
		if id := t.id(rec.(*T)); !inserted[id] {
			return fmt.Errorf("store: insert %s %q: %w", t.entity, id, ErrExists)
		}
	}
	return fmt.Errorf("store: insert into %s: an id is used twice: %w", t.name, ErrExists)
}

// insertManySQL is the table's INSERT of n rows.
func (t *table[T]) insertManySQL(n int, engine string) string {
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES %s ON CONFLICT (%s) DO NOTHING RETURNING %s", t.name,
		strings.Join(append(append([]string(nil), t.cols...), metaCols...), ", "),
		valuesList(n, len(t.cols)+len(metaCols), engine), t.cols[0], t.cols[0])
}

// valuesList returns the VALUES of n rows of ncols parameters each. The
// placeholders are $N on PostgreSQL, but ? on SQLite: SQLite finds the name
// of a numbered parameter by a linear scan, which made binding a statement of
// thousands of $N parameters quadratic (two thirds of an import's time).
func valuesList(n, ncols int, engine string) string {
	var b strings.Builder
	p := 1
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range ncols {
			if c > 0 {
				b.WriteString(", ")
			}
			if engine == SQLite {
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(p))
				p++
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// auditInsertColumns are the columns insertAudit writes, in order.
const auditInsertColumns = 12

// insertAudit inserts sealed audit entries, all of the time at (unix
// milliseconds), in multi-row INSERT statements of up to bulkRows entries.
func (db *DB) insertAudit(ctx context.Context, tx *sql.Tx, entries []audit.Entry, at int64) error {
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	for i := 0; i < len(entries); i += bulkRows {
		batch := entries[i:min(i+bulkRows, len(entries))]
		stmt, ok := stmts[len(batch)]
		if !ok {
			q := "INSERT INTO audit_log (" + auditColumns + ") VALUES " + valuesList(len(batch), auditInsertColumns, db.engine)
			var err error
			if stmt, err = tx.PrepareContext(ctx, q); err != nil {
				return fmt.Errorf("store: append to the audit log: %w", err)
			}
			stmts[len(batch)] = stmt
		}
		args := make([]any, 0, len(batch)*auditInsertColumns)
		for _, e := range batch {
			args = append(args, e.Seq, at, e.Actor, e.Action, e.Entity, e.EntityID,
				nullJSON(e.Before), nullJSON(e.After), e.RequestID, e.Address, e.PrevHash, e.Hash)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("store: append audit entries %d to %d: %w", batch[0].Seq, batch[len(batch)-1].Seq, err)
		}
	}
	return nil
}
