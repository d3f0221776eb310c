package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

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

// Migrate applies the pending migrations. On PostgreSQL it holds goose's
// session-level advisory lock, so that instances starting together migrate
// one at a time.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.migrator()
	if err != nil {
		return fmt.Errorf("store: migrate %s: %w", db.engine, err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate %s: %w", db.engine, err)
	}
	return nil
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
