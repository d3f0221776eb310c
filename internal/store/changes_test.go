package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestListen opens two stores on one PostgreSQL schema, as two instances
// would, and checks that a write through one is announced to the other's
// Listen, and that DataVersion moves with it.
func TestListen(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	if dsn == "" {
		t.Skip(storetest.EnvPostgres + " not set")
	}
	ctx, cancel := context.WithCancel(testCtx())
	defer cancel()
	open := func() *store.DB {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	writer, reader := open(), open()
	ds := seeded(t, writer)

	changed := make(chan struct{}, 16)
	done := make(chan error, 1)
	go func() {
		done <- reader.Listen(ctx, func() { changed <- struct{}{} }, 10*time.Millisecond)
	}()
	select { // the call made once LISTEN is in place
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatal("Listen did not start")
	}
	before, err := reader.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}

	m := mission(ds, "rw-nairobi")
	m.Note = "changed by the other instance"
	if err := writer.Write(ctx, func(tx *store.Tx) error { return tx.Update(&m) }); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(10 * time.Second):
		t.Fatal("no notification of the write")
	}
	if after, err := reader.DataVersion(ctx); err != nil || after <= before {
		t.Errorf("DataVersion %d after the write, %d before (%v)", after, before, err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Listen returned %v after cancel", err)
	}
}

func TestListenSQLite(t *testing.T) {
	db := storetest.SQLite(t)
	if err := db.Listen(context.Background(), func() {}, time.Second); !errors.Is(err, store.ErrNoNotifications) {
		t.Errorf("Listen on SQLite = %v, want ErrNoNotifications", err)
	}
}
