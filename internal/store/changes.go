package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// changesChannel is the PostgreSQL notification channel on which every
// committed registry write is announced.
const changesChannel = "chancery_changes"

// ErrNoNotifications is returned by Listen on SQLite, which has no way to
// tell other processes of a write: poll DataVersion instead.
var ErrNoNotifications = errors.New("store: this engine sends no change notifications")

// DataVersion returns the latest revision of the registry: it grows with
// every committed write of records or settings, in any process. Compare it
// with the version a snapshot was loaded at to know whether to reload.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := db.sql.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM revisions").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: data version: %w", mapErr(err))
	}
	return v, nil
}

// notifyChange announces the write of tx on PostgreSQL; the notification is
// delivered when, and only if, tx commits.
func (db *DB) notifyChange(ctx context.Context, tx *sql.Tx) error {
	if db.engine != Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, '')", changesChannel); err != nil {
		return fmt.Errorf("store: notify the change: %w", err)
	}
	return nil
}

// Listen calls changed each time a registry write commits in any process
// using the database, until ctx ends, and once after each (re)connection,
// since writes may have been missed while it was not listening. It holds a
// connection of its own, reconnecting after a failure (every retry seconds
// at most, doubling up to 30 s). On SQLite it returns ErrNoNotifications.
// It returns ctx's error.
func (db *DB) Listen(ctx context.Context, changed func(), retry time.Duration) error {
	if db.engine != Postgres {
		return ErrNoNotifications
	}
	wait := retry
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, changed, func() { wait = retry })
		if ctx.Err() != nil {
			break
		}
		_ = err // the connection failed or dropped: try again after a pause
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(wait*2, 30*time.Second)
	}
	return ctx.Err()
}

// listenOnce listens on one connection until it fails or ctx ends;
// connected is called once LISTEN has succeeded.
func (db *DB) listenOnce(ctx context.Context, changed, connected func()) error {
	conn, err := pgx.Connect(ctx, db.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return err
	}
	connected()
	changed()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		changed()
	}
}
