package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

// revision is the global revision of one write transaction (Write,
// WriteRegistry or Seed). It is allocated, as a new row of the revisions
// table, on the transaction's first change: every record the transaction
// inserts or updates then carries its id and time, and every record it
// deletes is listed in deletions under it. Writes are serialised, so
// revisions grow in the order writes commit; numbers may be skipped (a
// transaction that rolls back may have consumed one).
type revision struct {
	id   int64 // 0 until allocated
	ms   int64 // the time of the write, in unix milliseconds
	used bool  // a change was stored under it
}

// get allocates the revision if it is not yet, and returns it.
func (r *revision) get(ctx context.Context, q querier) (*revision, error) {
	if r.id != 0 {
		return r, nil
	}
	ms := time.Now().UnixMilli()
	var id int64
	if err := q.QueryRowContext(ctx, "INSERT INTO revisions (at) VALUES ($1) RETURNING id", ms).Scan(&id); err != nil {
		return nil, fmt.Errorf("store: allocate a revision: %w", err)
	}
	r.id, r.ms = id, ms
	return r, nil
}

// time returns the revision's time as records carry it.
func (r *revision) time() registry.Timestamp { return timestamp(r.ms) }

// release removes the revision if it was allocated but nothing was stored
// under it (every change the transaction tried was refused), so that no
// revision is empty.
func (r *revision) release(ctx context.Context, q querier) error {
	if r.id == 0 || r.used {
		return nil
	}
	if _, err := q.ExecContext(ctx, "DELETE FROM revisions WHERE id = $1", r.id); err != nil {
		return fmt.Errorf("store: release revision %d: %w", r.id, err)
	}
	r.id = 0
	return nil
}

// timestamp converts unix milliseconds to a UTC time, 0 to the zero time.
func timestamp(ms int64) registry.Timestamp {
	if ms == 0 {
		return registry.Timestamp{}
	}
	return registry.Timestamp{Time: time.UnixMilli(ms).UTC()}
}

// millis scans unix milliseconds into a registry.Timestamp.
type millis struct{ p *registry.Timestamp }

func (m millis) Scan(src any) error {
	ms, ok := src.(int64)
	if !ok {
		return fmt.Errorf("cannot scan %T into a time in unix milliseconds", src)
	}
	*m.p = timestamp(ms)
	return nil
}

const recordDeletionSQL = "INSERT INTO deletions (entity, id, revision, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"

// recordDeletion lists the record entity id as deleted by revision r.
func recordDeletion(ctx context.Context, q querier, entity, id string, r *revision) error {
	if _, err := q.ExecContext(ctx, recordDeletionSQL, entity, id, r.id, r.ms); err != nil {
		return fmt.Errorf("store: record the deletion of %s %q: %w", entity, id, mapErr(err))
	}
	return nil
}

// loadDeletions appends the recorded deletions to ds, oldest first.
func loadDeletions(ctx context.Context, q querier, ds *registry.Dataset) error {
	rows, err := q.QueryContext(ctx, "SELECT entity, id, revision, at FROM deletions ORDER BY revision, entity, id")
	if err != nil {
		return fmt.Errorf("store: load deletions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d registry.Deletion
		var at registry.Timestamp
		if err := rows.Scan(&d.Entity, &d.ID, &d.Revision, millis{&at}); err != nil {
			return fmt.Errorf("store: load deletions: %w", err)
		}
		d.At = at.Time
		ds.Deletions = append(ds.Deletions, d)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load deletions: %w", err)
	}
	return nil
}
