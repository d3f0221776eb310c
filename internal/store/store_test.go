package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

func TestFixtureIsValid(t *testing.T) {
	if err := registry.New(fixture()).Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestOpen(t *testing.T) {
	ctx := testCtx()
	for _, dsn := range []string{"", "sqlite:", ":memory:", "file::memory:?mode=memory"} {
		if db, err := store.Open(ctx, dsn); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded, want an error", dsn)
		}
	}
	for _, prefix := range []string{"", "sqlite:", "sqlite://"} {
		dsn := prefix + filepath.Join(t.TempDir(), "x.db")
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("Open(%q): %v", dsn, err)
		}
		if db.Engine() != store.SQLite {
			t.Errorf("Open(%q).Engine() = %q", dsn, db.Engine())
		}
		db.Close()
	}
}

// seeded returns db after seeding the fixture, and what Load returns.
func seeded(t *testing.T, db *store.DB) registry.Dataset {
	t.Helper()
	ctx := testCtx()
	if _, err := db.Seed(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	ds, err := db.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestMigrateTwice(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		seeded(t, db)
		for range 2 {
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("Migrate again: %v", err)
			}
		}
		got, err := db.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := stored(fixture()); !reflect.DeepEqual(unstamped(got), want) {
			t.Errorf("data changed by Migrate:\n got %+v\nwant %+v", got, want)
		}
	})
}

func TestSeedLoad(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		if empty, err := db.IsEmpty(ctx); err != nil || !empty {
			t.Fatalf("IsEmpty() = %v, %v before seeding", empty, err)
		}
		ds := fixture()
		rep, err := db.Seed(ctx, ds)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"settings": 4, "countries": len(ds.Countries), "relations": len(ds.Relations),
			"organisations": len(ds.Organisations), "missions": len(ds.Missions), "accreditations": len(ds.Accreditations),
			"people": len(ds.People), "appointments": len(ds.Appointments), "honorary_consuls": len(ds.HonoraryConsuls),
			"memberships": len(ds.Memberships), "declared_figures": len(ds.DeclaredFigures), "finder_notes": len(ds.FinderNotes),
			"agreements": len(ds.Agreements), "policy_nodes": len(ds.PolicyNodes), "initiatives": len(ds.Initiatives),
			"indicators": len(ds.Indicators), "indicator_actuals": len(ds.IndicatorActuals), "associations": len(ds.Associations),
			"engagements": len(ds.Engagements), "commitments": len(ds.Commitments), "stakeholders": len(ds.Stakeholders),
			"consultations": len(ds.Consultations)}
		if len(rep.Tables) != len(want) {
			t.Errorf("report has %d tables, want %d: %v", len(rep.Tables), len(want), rep)
		}
		for _, c := range rep.Tables {
			if c.Inserted != want[c.Table] || c.Existing != 0 {
				t.Errorf("first seed: %s: %d new %d kept, want %d new 0 kept", c.Table, c.Inserted, c.Existing, want[c.Table])
			}
		}
		if !reflect.DeepEqual(ds, fixture()) {
			t.Error("Seed changed its argument")
		}

		got, err := db.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if exp := stored(ds); !reflect.DeepEqual(unstamped(got), exp) {
			t.Errorf("Load after Seed:\n got %+v\nwant %+v", got, exp)
		}
		if empty, err := db.IsEmpty(ctx); err != nil || empty {
			t.Errorf("IsEmpty() = %v, %v after seeding", empty, err)
		}

		// A second seed, even with changed records, inserts and changes nothing.
		changed := fixture()
		changed.Settings.ConsularContact = "changed"
		changed.Missions[0].Name = "changed"
		rep, err = db.Seed(ctx, changed)
		if err != nil {
			t.Fatal(err)
		}
		if n := rep.Inserted(); n != 0 {
			t.Errorf("second seed inserted %d records: %v", n, rep)
		}
		for _, c := range rep.Tables {
			if c.Existing != want[c.Table] {
				t.Errorf("second seed: %s: %d kept, want %d", c.Table, c.Existing, want[c.Table])
			}
		}
		again, err := db.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, got) {
			t.Errorf("second seed changed the data:\n got %+v\nwant %+v", again, got)
		}
	})
}

func TestSeedAddsOnlyNewRecords(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		seeded(t, db)
		more := fixture()
		more.People = append(more.People, registry.Person{ID: "new-person", Name: "New Person"})
		rep, err := db.Seed(ctx, more)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Inserted() != 1 {
			t.Errorf("inserted %d records, want 1: %v", rep.Inserted(), rep)
		}
	})
}

func TestSeedRejects(t *testing.T) {
	tests := []struct {
		name          string
		change        func(ds *registry.Dataset)
		entity, field string
	}{
		{"invalid iso code", func(ds *registry.Dataset) { ds.Missions[0].Country = "Kenya" }, "mission", "country"},
		{"duplicate id", func(ds *registry.Dataset) { ds.People = append(ds.People, ds.People[0]) }, "person", "id"},
		{"missing reference", func(ds *registry.Dataset) { ds.Accreditations[0].Mission = "nowhere" }, "accreditation", "mission"},
		{"fiscal year starts in month 13", func(ds *registry.Dataset) { ds.Settings.FiscalYearStart = 13 }, "settings", "fiscal_year_start"},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ds := fixture()
				tt.change(&ds)
				_, err := db.Seed(context.Background(), ds)
				wantFieldError(t, err, tt.entity, tt.field)
				if empty, err := db.IsEmpty(context.Background()); err != nil || !empty {
					t.Errorf("IsEmpty() = %v, %v after a rejected seed", empty, err)
				}
			})
		}
	})
}

func TestUpdate(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		ds := seeded(t, db)
		m := ds.Missions[0]
		m.Name = "Renamed"
		m.Services = []registry.Service{registry.Notarial}
		reg, err := db.WriteRegistry(ctx, func(tx *store.Tx) error { return tx.Update(&m) })
		if err != nil {
			t.Fatal(err)
		}
		if m.Version != 2 {
			t.Errorf("Version after update = %d, want 2", m.Version)
		}
		if got := reg.Mission(m.ID); got == nil || got.Name != "Renamed" || got.Version != 2 {
			t.Errorf("registry after update has %+v", got)
		}
		want := ds.Clone()
		want.Missions[0] = m
		if got := load(t, db); !reflect.DeepEqual(got, want) {
			t.Errorf("Load after update:\n got %+v\nwant %+v", got.Missions, want.Missions)
		}

		// Settings replace the stored ones.
		s := ds.Settings
		s.NuncioIsDean = false
		s.ConsularContact = ""
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.SetSettings(s) }); err != nil {
			t.Fatal(err)
		}
		if got := load(t, db).Settings; got != s {
			t.Errorf("settings = %+v, want %+v", got, s)
		}

		// The fiscal year's first month: unset or a month is stored and
		// loaded back; anything else is refused and nothing changes. The
		// tracker's periods are written for a July start, and would not
		// be valid under another.
		clearPeriods(t, db)
		for _, tt := range []struct {
			month time.Month
			valid bool
		}{{0, true}, {time.January, true}, {time.December, true}, {time.July, true}, {13, false}, {-1, false}} {
			before := load(t, db).Settings
			next := before
			next.FiscalYearStart = tt.month
			err := db.Write(ctx, func(tx *store.Tx) error { return tx.SetSettings(next) })
			got := load(t, db).Settings
			if !tt.valid {
				wantFieldError(t, err, "settings", "fiscal_year_start")
				if got != before {
					t.Errorf("fiscal_year_start %d refused, yet settings = %+v, want %+v", tt.month, got, before)
				}
				continue
			}
			if err != nil {
				t.Fatalf("fiscal_year_start %d: %v", tt.month, err)
			}
			if got != next {
				t.Errorf("fiscal_year_start %d: settings = %+v, want %+v", tt.month, got, next)
			}
		}
		// A deployment stored before the setting existed has no row: unset.
		if _, err := db.SQLDB().ExecContext(ctx, "DELETE FROM settings WHERE name = 'fiscal_year_start'"); err != nil {
			t.Fatal(err)
		}
		if got := load(t, db).Settings; got.FiscalYearStart != 0 || got.FiscalYearStartMonth() != time.January {
			t.Errorf("without a fiscal_year_start row: %+v, want it unset (January)", got)
		}
	})
}

func TestStaleUpdate(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		ds := seeded(t, db)
		first, stale := ds.Missions[1], ds.Missions[1]
		first.Name = "First"
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Update(&first) }); err != nil {
			t.Fatal(err)
		}
		before := load(t, db)
		stale.Name = "Stale"
		err := db.Write(ctx, func(tx *store.Tx) error { return tx.Update(&stale) })
		if !errors.Is(err, registry.ErrConflict) {
			t.Fatalf("stale update: err = %v, want ErrConflict", err)
		}
		if stale.Version != 1 {
			t.Errorf("stale record's Version = %d, want 1 (unchanged)", stale.Version)
		}
		if after := load(t, db); !reflect.DeepEqual(after, before) {
			t.Errorf("stale update changed the data: %+v", after.Missions)
		}

		ghost := registry.Person{ID: "ghost", Name: "Ghost", Meta: registry.Meta{Version: 1}}
		for name, op := range map[string]func(*store.Tx, any) error{"update": (*store.Tx).Update, "delete": (*store.Tx).Delete} {
			err = db.Write(ctx, func(tx *store.Tx) error { return op(tx, &ghost) })
			if !errors.Is(err, registry.ErrNotFound) {
				t.Errorf("%s of a missing record: err = %v, want ErrNotFound", name, err)
			}
		}
		err = db.Write(ctx, func(tx *store.Tx) error { return tx.Delete(&stale) })
		if !errors.Is(err, registry.ErrConflict) {
			t.Errorf("stale delete: err = %v, want ErrConflict", err)
		}
	})
}

// TestInvalidWrite checks that a write leaving invalid data returns the
// validation error and changes nothing.
func TestInvalidWrite(t *testing.T) {
	tests := []struct {
		name          string
		write         func(tx *store.Tx, ds registry.Dataset) error
		entity, field string
	}{
		{"invalid iso code in a new country", func(tx *store.Tx, ds registry.Dataset) error {
			return tx.Insert(&registry.Country{ISO2: "R1", ISO3: "RRR", Numeric: "999", Names: registry.Names{EN: "Nowhere"}})
		}, "country", "iso2"},
		{"invalid iso code in a reference", func(tx *store.Tx, ds registry.Dataset) error {
			m := ds.Missions[0]
			m.Country = "Kenya"
			return tx.Update(&m)
		}, "mission", "country"},
		{"opened after closed", func(tx *store.Tx, ds registry.Dataset) error {
			m := mission(ds, "ke-kigali")
			m.Status, m.Opened, m.Closed = registry.MissionClosed, d("2001-05-01"), d("1999-12-31")
			return tx.Update(&m)
		}, "mission", "closed"},
		{"overlapping accreditation", func(tx *store.Tx, ds registry.Dataset) error {
			return tx.Insert(&registry.Accreditation{ID: "rw-nairobi--KE-2", Mission: "rw-nairobi",
				Receiver: registry.StateParty("KE"), Residence: registry.Resident, Status: registry.AccActive,
				Certainty: registry.Reported, From: d("2015")})
		}, "accreditation", "from"},
		{"delete a referenced record", func(tx *store.Tx, ds registry.Dataset) error {
			m := mission(ds, "rw-addis")
			return tx.Delete(&m)
		}, "accreditation", "mission"},
		{"home state unknown", func(tx *store.Tx, ds registry.Dataset) error {
			return tx.SetSettings(registry.Settings{HomeState: "XX"})
		}, "settings", "home_state"},
		{"fiscal year starts in month 13", func(tx *store.Tx, ds registry.Dataset) error {
			s := ds.Settings
			s.FiscalYearStart = 13
			return tx.SetSettings(s)
		}, "settings", "fiscal_year_start"},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ds := seeded(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := db.Write(testCtx(), func(tx *store.Tx) error { return tt.write(tx, ds.Clone()) })
				wantFieldError(t, err, tt.entity, tt.field)
				if after := load(t, db); !reflect.DeepEqual(after, ds) {
					t.Errorf("rejected write changed the data:\n got %+v\nwant %+v", after, ds)
				}
			})
		}
	})
}

func TestInsert(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		ds := seeded(t, db)
		p := registry.Person{ID: "new-person", Name: "New Person", Meta: registry.Meta{Version: 7}}
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Insert(&p) }); err != nil {
			t.Fatal(err)
		}
		if p.Version != 1 {
			t.Errorf("Version after insert = %d, want 1", p.Version)
		}
		ds.People = append(ds.People, p)
		if got := load(t, db); !reflect.DeepEqual(got.People, ds.People) {
			t.Errorf("people = %+v, want %+v", got.People, ds.People)
		}

		// An existing id is refused, and the transaction stays usable.
		dup := ds.Countries[0]
		var staged registry.Person
		err := db.Write(ctx, func(tx *store.Tx) error {
			err := tx.Insert(&dup)
			if !errors.Is(err, store.ErrExists) {
				t.Errorf("insert of an existing id: err = %v, want ErrExists", err)
			}
			staged = registry.Person{ID: "after-dup", Name: "After"}
			return tx.Insert(&staged)
		})
		if err != nil {
			t.Fatalf("write after a refused insert: %v", err)
		}
		if len(load(t, db).People) != len(ds.People)+1 {
			t.Error("the insert after a refused one was not committed")
		}

		// Records that are not registry records are refused.
		for _, rec := range []any{nil, ds.People[0], (*registry.Person)(nil), &ds.Settings, 42} {
			err := db.Write(ctx, func(tx *store.Tx) error { return tx.Insert(rec) })
			if err == nil {
				t.Errorf("Insert(%#v) succeeded", rec)
			}
		}
	})
}

func TestFailingWriteRollsBack(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		ds := seeded(t, db)
		boom := errors.New("boom")
		p := registry.Person{ID: "staged", Name: "Staged"}
		m := ds.Missions[0]
		m.Name = "Staged"
		err := db.Write(ctx, func(tx *store.Tx) error {
			if err := tx.Insert(&p); err != nil {
				return err
			}
			if err := tx.Update(&m); err != nil {
				return err
			}
			staged, err := tx.Load()
			if err != nil {
				return err
			}
			if len(staged.People) != len(ds.People)+1 || staged.Missions[0].Name != "Staged" {
				t.Error("tx.Load does not see the staged writes")
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		if p.Version != 0 || m.Version != 1 {
			t.Errorf("versions after rollback: person %d, mission %d; want 0 and 1", p.Version, m.Version)
		}
		if got := load(t, db); !reflect.DeepEqual(got, ds) {
			t.Errorf("failed write changed the data:\n got %+v\nwant %+v", got, ds)
		}
	})
}

// TestForeignKeyBackstop checks that the foreign keys, deferred to commit,
// hold when validation is bypassed, and that their error is mapped.
func TestForeignKeyBackstop(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		seeded(t, db)
		tx, err := db.SQLDB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		_, err = tx.ExecContext(ctx, `INSERT INTO relations (id, country, event, date, certainty, version)
			VALUES ($1, $2, $3, $4, $5, $6)`, "xx-established", "XX", "established", "2000", "reported", 1)
		if err != nil {
			t.Fatalf("the foreign key is not deferred: %v", err)
		}
		err = store.MapErr(tx.Commit())
		if !errors.Is(err, store.ErrMissingReference) {
			t.Errorf("commit: err = %v, want ErrMissingReference", err)
		}
		_, err = db.SQLDB().ExecContext(ctx, `INSERT INTO people (id, name, version) VALUES ($1, $2, $3)`, "jane-doe", "Again", 1)
		if err = store.MapErr(err); !errors.Is(err, store.ErrExists) {
			t.Errorf("duplicate primary key: err = %v, want ErrExists", err)
		}
	})
}

func load(t *testing.T, db *store.DB) registry.Dataset {
	t.Helper()
	ds, err := db.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func mission(ds registry.Dataset, id string) registry.Mission {
	for _, m := range ds.Missions {
		if m.ID == id {
			return m
		}
	}
	panic(fmt.Sprintf("no mission %q in the fixture", id))
}

// wantFieldError fails t unless err is a *registry.ValidationError naming
// field of entity.
func wantFieldError(t *testing.T, err error, entity, field string) {
	t.Helper()
	var ve *registry.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *registry.ValidationError", err)
	}
	for _, f := range ve.Fields {
		if f.Entity == entity && f.Field == field {
			return
		}
	}
	t.Errorf("validation error does not name %s.%s: %v", entity, field, err)
}

// TestConcurrentWritesAreSerial checks that writes are validated one after
// another: of two concurrent writes that are each valid alone but overlap
// together, exactly one commits. Each write waits (up to a limit) for the
// other to have staged its insert, which only happens if nothing serialises
// them.
func TestConcurrentWritesAreSerial(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		var staged atomic.Int32
		both := make(chan struct{})
		errs := make(chan error, 2)
		for _, id := range []string{"rw-nairobi--TZ-a", "rw-nairobi--TZ-b"} {
			go func() {
				errs <- db.Write(testCtx(), func(tx *store.Tx) error {
					err := tx.Insert(&registry.Accreditation{ID: id, Mission: "rw-nairobi", Receiver: registry.StateParty("TZ"),
						Residence: registry.NonResident, Status: registry.AccActive, Certainty: registry.Reported, From: d("2030")})
					if staged.Add(1) == 2 {
						close(both)
					}
					select {
					case <-both:
					case <-time.After(300 * time.Millisecond):
					}
					return err
				})
			}()
		}
		var ok, invalid int
		for range 2 {
			var ve *registry.ValidationError
			switch err := <-errs; {
			case err == nil:
				ok++
			case errors.As(err, &ve):
				invalid++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 || invalid != 1 {
			t.Errorf("%d writes committed and %d were invalid, want 1 and 1", ok, invalid)
		}
	})
}
