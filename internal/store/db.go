// Package store keeps the registry in SQLite (the default, a single file) or
// PostgreSQL, through database/sql and portable SQL. Every write runs in one
// transaction that is validated as a whole (registry.Validate) before it
// commits; records carry a version for optimistic concurrency. Every write
// names its actor (audit.WithActor) and appends its entries to the
// hash-chained audit log in the same transaction. The store also keeps the
// staff accounts, their sessions (SessionStore, for scs) and API tokens.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Engine names, as returned by (*DB).Engine.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Store is the registry's storage. *DB implements it.
type Store interface {
	// Engine returns SQLite or Postgres.
	Engine() string
	// Migrate applies the pending schema migrations.
	Migrate(ctx context.Context) error
	// IsEmpty reports whether no country and no mission is stored.
	IsEmpty(ctx context.Context) (bool, error)
	// Load returns every record, each table ordered by primary key, and the
	// deletions, oldest first. Records carry their revision (Meta.Revision
	// and Meta.UpdatedAt).
	Load(ctx context.Context) (registry.Dataset, error)
	// Seed inserts the records of ds that are not stored yet, in one validated
	// transaction; it never changes a stored record.
	Seed(ctx context.Context, ds registry.Dataset) (SeedReport, error)
	// Write runs fn in one transaction, validates the resulting data and
	// commits only if it is valid, with one audit entry per changed record.
	// ctx must carry the actor (audit.WithActor).
	Write(ctx context.Context, fn func(tx *Tx) error) error
	// WriteRegistry is Write that also returns the registry built from the
	// committed data, ready to be published as the new snapshot.
	WriteRegistry(ctx context.Context, fn func(tx *Tx) error) (*registry.Registry, error)
	// Close closes the database.
	Close() error
}

var _ Store = (*DB)(nil)

// DB is a registry database.
type DB struct {
	sql    *sql.DB
	engine string
	tables []tableOps
	dsn    string // PostgreSQL's, for Listen's own connection
	file   string // SQLite's database file, without URI prefix or parameters
}

// Pool sizes. SQLite has one writer at a time; a few connections let readers
// run beside it (WAL) without piling up behind the busy timeout.
const (
	sqliteMaxConns   = 4
	postgresMaxConns = 10
	busyTimeoutMS    = 10000
)

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// for PostgreSQL, anything else the path of a SQLite file (an optional
// "sqlite:" prefix is removed), created when missing. It does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(postgresMaxConns)
	db.SetMaxIdleConns(postgresMaxConns / 2)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	return &DB{sql: db, engine: Postgres, tables: newTables(), dsn: dsn}, nil
}

func openSQLite(ctx context.Context, dsn string) (*DB, error) {
	path := dsn
	if p, ok := strings.CutPrefix(path, "sqlite://"); ok {
		path = p
	} else {
		path = strings.TrimPrefix(path, "sqlite:")
	}
	switch {
	case path == "":
		return nil, errors.New("store: open sqlite: the database path is empty")
	case path == ":memory:" || strings.Contains(path, "mode=memory"):
		return nil, fmt.Errorf("store: open sqlite %q: in-memory databases are not supported (each connection would get its own); use a file", path)
	}
	// WAL lets readers run beside the writer; _txlock=immediate makes every
	// read-write transaction take the write lock at BEGIN, so that writers
	// queue (up to the busy timeout) instead of failing when they upgrade.
	params := fmt.Sprintf("_busy_timeout=%d&_foreign_keys=1&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate", busyTimeoutMS)
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	db, err := sql.Open("sqlite", path+sep+params)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite %q: %w", path, err)
	}
	db.SetMaxOpenConns(sqliteMaxConns)
	db.SetMaxIdleConns(sqliteMaxConns)
	// The first connection switches a new database to WAL, which needs the
	// file to itself: processes opening one at once take turns.
	unlock, err := lockSQLite(ctx, sqliteFile(path))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open sqlite %q: %w", path, err)
	}
	err = checkSQLite(ctx, db)
	unlock()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open sqlite %q: %w", path, err)
	}
	return &DB{sql: db, engine: SQLite, tables: newTables(), file: sqliteFile(path)}, nil
}

// sqliteFile returns the file of a SQLite path: without a "file:" URI
// prefix and without the query.
func sqliteFile(path string) string {
	path = strings.TrimPrefix(path, "file:")
	path, _, _ = strings.Cut(path, "?")
	return path
}

// checkSQLite verifies that the connection settings took effect.
func checkSQLite(ctx context.Context, db *sql.DB) error {
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, not wal", mode)
	}
	var fk int
	if err := db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return err
	}
	if fk != 1 {
		return errors.New("foreign keys are off")
	}
	return nil
}

// Engine returns SQLite or Postgres.
func (db *DB) Engine() string { return db.engine }

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// readTxOptions are the options of a transaction that only reads: a snapshot
// of the whole registry.
func (db *DB) readTxOptions() *sql.TxOptions {
	if db.engine == Postgres {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	// modernc begins a read-only transaction as deferred: in WAL it reads one
	// snapshot from its first statement on, without taking the write lock.
	return &sql.TxOptions{ReadOnly: true}
}

// writeLockKey is the PostgreSQL advisory lock every write transaction holds,
// so that writes (and their validation) run one after another.
const writeLockKey int64 = 0x6368616e63657279 // "chancery"

// lockForWrite serialises write transactions. SQLite already does, through
// BEGIN IMMEDIATE.
func (db *DB) lockForWrite(ctx context.Context, tx *sql.Tx) error {
	if db.engine != Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", writeLockKey); err != nil {
		return fmt.Errorf("store: take the write lock: %w", err)
	}
	return nil
}

// PoolStats returns the connection pool's statistics, for monitoring.
func (db *DB) PoolStats() sql.DBStats { return db.sql.Stats() }
