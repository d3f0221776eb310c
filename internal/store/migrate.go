package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds one folder per engine. Both folders hold the same
// versions under the same names; a test checks it.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// migrationsFS returns the migrations of engine.
func migrationsFS(engine string) (fs.FS, error) {
	return fs.Sub(migrations, "migrations/"+engine)
}

// Migrate applies the pending migrations, one instance at a time: on
// PostgreSQL it holds goose's session-level advisory lock; on SQLite an
// exclusive lock (flock) on the file beside the database named by LockFile,
// so that instances starting together on a new database do not create its
// tables twice.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.migrator()
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", db.engine, err)
	}
	if db.engine == SQLite && db.file != "" {
		unlock, err := lockSQLite(ctx, db.file)
		if err != nil {
			return fmt.Errorf("store: migrate %s: %w", db.engine, err)
		}
		defer unlock()
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate %s: %w", db.engine, err)
	}
	return nil
}

// lockWait is how long an instance waits for another to open or migrate
// the database: five minutes, as goose waits on PostgreSQL.
const lockWait = 5 * time.Minute

// LockFile returns the lock file beside a SQLite database file: the
// database's name plus ".lock". It is held while a process opens a new
// database (switching it to WAL) and while it migrates it.
func LockFile(dbFile string) string { return dbFile + ".lock" }

// lockSQLite takes the lock of the SQLite database file, waiting up to
// lockWait.
func lockSQLite(ctx context.Context, dbFile string) (unlock func(), err error) {
	ctx, cancel := context.WithTimeout(ctx, lockWait)
	defer cancel()
	return lockFile(ctx, LockFile(dbFile))
}

func (db *DB) migrator() (*goose.Provider, error) {
	fsys, err := migrationsFS(db.engine)
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	dialect := goose.DialectSQLite3
	if db.engine == Postgres {
		dialect = goose.DialectPostgres
		// Retry every second for up to five minutes.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	// The provider's Close would close db.sql: it is not called.
	return goose.NewProvider(dialect, db.sql, fsys, opts...)
}
