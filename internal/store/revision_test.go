package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// metas returns the Meta of every record of ds by "entity/id".
func metas(ds *registry.Dataset) map[string]*registry.Meta {
	m := map[string]*registry.Meta{}
	ds.EachRecord(func(entity, id string, meta *registry.Meta) { m[entity+"/"+id] = meta })
	return m
}

// unstamped returns a copy of ds with the revisions the store sets cleared
// (Meta.Revision and Meta.UpdatedAt), to compare it with data that was not
// read from a store.
func unstamped(ds registry.Dataset) registry.Dataset {
	ds = ds.Clone()
	for _, m := range metas(&ds) {
		m.Revision, m.UpdatedAt = 0, registry.Timestamp{}
	}
	return ds
}

// revisions returns the number of revisions allocated and the last one.
func revisions(t *testing.T, db *store.DB) (n, last int64) {
	t.Helper()
	err := db.SQLDB().QueryRowContext(context.Background(), "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM revisions").Scan(&n, &last)
	if err != nil {
		t.Fatal(err)
	}
	return n, last
}

// revisionTime returns the time of revision rev, as records carry it.
func revisionTime(t *testing.T, db *store.DB, rev int64) registry.Timestamp {
	t.Helper()
	var ms int64
	if err := db.SQLDB().QueryRowContext(context.Background(), "SELECT at FROM revisions WHERE id = $1", rev).Scan(&ms); err != nil {
		t.Fatalf("revision %d: %v", rev, err)
	}
	return registry.Timestamp{Time: time.UnixMilli(ms).UTC()}
}

// checkStamps fails t unless the records of ds named in changed carry
// revision rev and its time, and every other record carries what it carries
// in before.
func checkStamps(t *testing.T, db *store.DB, ds, before registry.Dataset, rev int64, changed ...string) {
	t.Helper()
	at := revisionTime(t, db, rev)
	old := metas(&before)
	for key, m := range metas(&ds) {
		want := registry.Meta{Revision: rev, UpdatedAt: at}
		if !contains(changed, key) {
			o, ok := old[key]
			if !ok {
				t.Errorf("%s: a new record not written by revision %d", key, rev)
				continue
			}
			want = *o
		}
		if m.Revision != want.Revision || !reflect.DeepEqual(m.UpdatedAt, want.UpdatedAt) {
			t.Errorf("%s: revision %d at %v, want %d at %v", key, m.Revision, m.UpdatedAt, want.Revision, want.UpdatedAt)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestRevisions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		if n, _ := revisions(t, db); n != 0 {
			t.Fatalf("%d revisions in a new store", n)
		}

		// A seed takes one revision for all its records.
		start := time.UnixMilli(time.Now().UnixMilli())
		ds := seeded(t, db)
		end := time.Now()
		n, r1 := revisions(t, db)
		if n != 1 || r1 < 1 {
			t.Fatalf("after the seed: %d revisions, the last %d; want 1", n, r1)
		}
		var none registry.Dataset
		all := make([]string, 0, len(metas(&ds)))
		for key := range metas(&ds) {
			all = append(all, key)
		}
		checkStamps(t, db, ds, none, r1, all...)
		if at := revisionTime(t, db, r1).Time; at.Before(start) || at.After(end) || at.Location() != time.UTC {
			t.Errorf("revision time %v, want UTC between %v and %v", at, start, end)
		}
		if ds.Deletions != nil {
			t.Errorf("deletions after a seed: %+v", ds.Deletions)
		}

		// A seed that inserts nothing takes no revision.
		if _, err := db.Seed(ctx, fixture()); err != nil {
			t.Fatal(err)
		}
		if n, last := revisions(t, db); n != 1 || last != r1 {
			t.Errorf("a seed inserting nothing: %d revisions, the last %d; want 1, %d", n, last, r1)
		}
		if got := load(t, db); !reflect.DeepEqual(got, ds) {
			t.Errorf("a seed inserting nothing changed the data")
		}

		// A seed that inserts one record takes a revision for it only.
		more := fixture()
		more.People = append(more.People, registry.Person{ID: "seeded-later", Name: "Seeded Later"})
		if _, err := db.Seed(ctx, more); err != nil {
			t.Fatal(err)
		}
		_, r2 := revisions(t, db)
		if r2 <= r1 {
			t.Fatalf("revision after a second seed: %d, want > %d", r2, r1)
		}
		after := load(t, db)
		checkStamps(t, db, after, ds, r2, "person/seeded-later")

		// A write takes one revision for all its changes, and sets it on
		// the records it was given.
		before := after
		m := mission(before, "rw-brussels")
		m.Name = "Embassy of Rwanda in the Kingdom of Belgium"
		p := registry.Person{ID: "written", Name: "Written"}
		reg, err := db.WriteRegistry(ctx, func(tx *store.Tx) error {
			if err := tx.Update(&m); err != nil {
				return err
			}
			return tx.Insert(&p)
		})
		if err != nil {
			t.Fatal(err)
		}
		_, r3 := revisions(t, db)
		if r3 <= r2 {
			t.Fatalf("revision after a write: %d, want > %d", r3, r2)
		}
		after = load(t, db)
		checkStamps(t, db, after, before, r3, "mission/rw-brussels", "person/written")
		at := revisionTime(t, db, r3)
		if m.Revision != r3 || m.UpdatedAt != at || p.Revision != r3 || p.UpdatedAt != at {
			t.Errorf("records given to the write: mission at %d %v, person at %d %v; want %d %v",
				m.Revision, m.UpdatedAt, p.Revision, p.UpdatedAt, r3, at)
		}
		if got := reg.Mission("rw-brussels"); got.Revision != r3 || got.UpdatedAt != at {
			t.Errorf("registry returned by the write: mission at %d %v, want %d %v", got.Revision, got.UpdatedAt, r3, at)
		}

		// A delete is listed in the deletions, under its write's revision.
		before = after
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Delete(&p) }); err != nil {
			t.Fatal(err)
		}
		_, r4 := revisions(t, db)
		after = load(t, db)
		want := []registry.Deletion{{Entity: "person", ID: "written", Revision: r4, At: revisionTime(t, db, r4).Time}}
		if r4 <= r3 || !reflect.DeepEqual(after.Deletions, want) {
			t.Errorf("deletions = %+v, want %+v", after.Deletions, want)
		}
		checkStamps(t, db, after, before, r4)

		// The same id inserted again, then deleted again: both deletions are kept.
		again := registry.Person{ID: "written", Name: "Written Again"}
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Insert(&again) }); err != nil {
			t.Fatal(err)
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Delete(&again) }); err != nil {
			t.Fatal(err)
		}
		_, r6 := revisions(t, db)
		if got := load(t, db).Deletions; len(got) != 2 || got[0].Revision != r4 || got[1].Revision != r6 {
			t.Errorf("deletions after a second delete = %+v, want revisions %d and %d", got, r4, r6)
		}
	})
}

// TestRevisionsUnusedOrRolledBack checks that writes that change no record
// leave no revision behind, and that a write that does not commit restores
// the revisions it set on records.
func TestRevisionsUnusedOrRolledBack(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		ds := seeded(t, db)
		n0, last0 := revisions(t, db)

		// A settings change takes a revision, though no record carries it,
		// so that DataVersion moves; setting the same values takes none.
		s := ds.Settings
		s.ConsularContact = "other@example.org"
		for range 2 {
			if err := db.Write(ctx, func(tx *store.Tx) error { return tx.SetSettings(s) }); err != nil {
				t.Fatal(err)
			}
		}
		if n, last := revisions(t, db); n != n0+1 || last <= last0 {
			t.Errorf("a settings change: %d revisions, the last %d; want %d, above %d", n, last, n0+1, last0)
		}
		if v, err := db.DataVersion(ctx); err != nil || v <= last0 {
			t.Errorf("DataVersion after a settings change = %d, %v; want above %d", v, err, last0)
		}
		n0, last0 = revisions(t, db)
		// A refused change, whose error fn ignores, commits nothing.
		stale := mission(ds, "rw-nairobi")
		stale.Version = 99
		err := db.Write(ctx, func(tx *store.Tx) error {
			if err := tx.Update(&stale); !errors.Is(err, registry.ErrConflict) {
				t.Errorf("stale update: err = %v, want ErrConflict", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, last := revisions(t, db); n != n0 || last != last0 {
			t.Errorf("writes changing no record: %d revisions, the last %d; want %d, %d", n, last, n0, last0)
		}

		// A failing write restores the records it was given.
		m := mission(ds, "rw-nairobi")
		p := registry.Person{ID: "staged", Name: "Staged"}
		boom := errors.New("boom")
		err = db.Write(ctx, func(tx *store.Tx) error {
			if err := tx.Update(&m); err != nil {
				return err
			}
			if err := tx.Insert(&p); err != nil {
				return err
			}
			if err := tx.Delete(&p); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		if want := mission(ds, "rw-nairobi"); m.Meta != want.Meta {
			t.Errorf("mission meta after rollback = %+v, want %+v", m.Meta, want.Meta)
		}
		if p.Meta != (registry.Meta{}) {
			t.Errorf("person meta after rollback = %+v, want zero", p.Meta)
		}
		after := load(t, db)
		if after.Deletions != nil {
			t.Errorf("deletions after rollback: %+v", after.Deletions)
		}
		after.Settings = ds.Settings
		if !reflect.DeepEqual(after, ds) {
			t.Error("failed write changed the data")
		}
	})
}

// TestMigrationKeepsRevisionZero checks that records stored before revisions
// were kept have revision 0 and no time, until they are written again.
func TestMigrationKeepsRevisionZero(t *testing.T) {
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			ctx := testCtx()
			dsn := filepath.Join(t.TempDir(), "old.db")
			if engine == store.Postgres {
				if dsn = storetest.PostgresDSN(t); dsn == "" {
					t.Skip(storetest.EnvPostgres + " not set")
				}
			}
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.MigrateTo(ctx, 1); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				"INSERT INTO settings (name, value) VALUES ('home_state', 'RW')",
				"INSERT INTO countries (iso2, iso3, numeric_code, name_en, version) VALUES ('RW', 'RWA', '646', 'Rwanda', 3)",
				"INSERT INTO people (id, name, version) VALUES ('old-person', 'Old Person', 1)",
			} {
				if _, err := db.SQLDB().ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			ds := load(t, db)
			for key, m := range metas(&ds) {
				if m.Revision != 0 || !m.UpdatedAt.IsZero() {
					t.Errorf("%s: revision %d at %v after the migration, want 0 and zero", key, m.Revision, m.UpdatedAt)
				}
			}
			p := ds.People[0]
			p.Name = "Renamed"
			if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Update(&p) }); err != nil {
				t.Fatal(err)
			}
			ds = load(t, db)
			if got := ds.People[0]; got.Revision != 1 || got.UpdatedAt.IsZero() || ds.Countries[0].Revision != 0 {
				t.Errorf("after a write: person at %d %v, country at %d; want 1, a time, 0", got.Revision, got.UpdatedAt, ds.Countries[0].Revision)
			}
		})
	}
}
