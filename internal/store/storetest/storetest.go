// Package storetest opens fresh, migrated stores for tests: a SQLite file in
// the test's temporary directory always, and a PostgreSQL schema of its own
// when CHANCERY_TEST_POSTGRES holds a postgres:// DSN.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/chancery-org/chancery/internal/store"
)

// EnvPostgres names the variable holding the PostgreSQL DSN tests use.
const EnvPostgres = "CHANCERY_TEST_POSTGRES"

// ForEach runs fn as a subtest per engine, each on a fresh migrated store:
// "sqlite" always, "postgres" when CHANCERY_TEST_POSTGRES is set (skipped
// otherwise).
func ForEach(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run(store.SQLite, func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run(store.Postgres, func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated store on a new file in tb.TempDir(), closed at
// cleanup.
func SQLite(tb testing.TB) *store.DB {
	tb.Helper()
	return open(tb, filepath.Join(tb.TempDir(), "chancery.db"))
}

// Postgres returns a migrated store in a new schema of the database named by
// CHANCERY_TEST_POSTGRES, dropped at cleanup, so that tests cannot collide.
// It skips tb when the variable is empty.
func Postgres(tb testing.TB) *store.DB {
	tb.Helper()
	dsn := PostgresDSN(tb)
	if dsn == "" {
		tb.Skip(EnvPostgres + " not set: PostgreSQL not tested")
	}
	return open(tb, dsn)
}

// PostgresDSN returns the DSN of a new, empty schema in the database named by
// CHANCERY_TEST_POSTGRES, dropped at cleanup; "" (with a log line saying why)
// when the variable is empty.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(EnvPostgres)
	if dsn == "" {
		tb.Log(EnvPostgres + " not set: PostgreSQL not tested")
		return ""
	}
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		tb.Fatalf("%s must be a postgres:// URL: %q", EnvPostgres, dsn)
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", EnvPostgres, err)
	}
	tb.Cleanup(func() { admin.Close() })

	var b [8]byte
	rand.Read(b[:])
	schema := "chancery_test_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(tb testing.TB, dsn string) *store.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	if err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}
