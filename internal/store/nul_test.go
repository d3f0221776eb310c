package store_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestWriteRefusesNUL: a NUL byte in any text field of a record or the
// settings is refused as a validation error naming the field, alike on both
// engines (PostgreSQL cannot store one), and nothing is written; the
// history of an id no record can have is empty, not an error.
func TestWriteRefusesNUL(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		if _, err := db.Seed(ctx, fixture()); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		before, _, err := db.LastAuditEntry(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := db.AuditLength(ctx); err != nil || n != before.Seq {
			t.Errorf("AuditLength = %d, %v; want the last entry's sequence number %d", n, err, before.Seq)
		}
		m := ds.Missions[0]
		m.Contacts.Email = "a\x00@example.org"
		s := ds.Settings
		s.ConsularContact = "x\x00"
		cases := []struct {
			name, field string
			write       func(tx *store.Tx) error
		}{
			{"insert", "name", func(tx *store.Tx) error { return tx.Insert(&registry.Person{ID: "nul", Name: "a\x00b"}) }},
			{"insert id", "id", func(tx *store.Tx) error { return tx.Insert(&registry.Person{ID: "n\x00l", Name: "x"}) }},
			{"update nested", "contacts.email", func(tx *store.Tx) error { return tx.Update(&m) }},
			{"end", "contacts.email", func(tx *store.Tx) error { return tx.End(&m) }},
			{"settings", "consular_contact", func(tx *store.Tx) error { return tx.SetSettings(s) }},
		}
		for _, c := range cases {
			err := db.Write(ctx, c.write)
			verr, ok := errors.AsType[*registry.ValidationError](err)
			if !ok {
				t.Errorf("%s: %v, want a validation error", c.name, err)
				continue
			}
			if !slices.ContainsFunc(verr.Fields, func(f registry.FieldError) bool { return f.Field == c.field }) {
				t.Errorf("%s: %v does not name %s", c.name, verr, c.field)
			}
		}
		after, _, err := db.LastAuditEntry(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after.Seq != before.Seq {
			t.Errorf("%d audit entries were added", after.Seq-before.Seq)
		}
		for _, id := range []string{"a\x00b", "\xff\xfe", "\xc0\xaf"} {
			if es, err := db.AuditEntries(ctx, "person", id); err != nil || len(es) != 0 {
				t.Errorf("history of %q: %v, %v", id, es, err)
			}
		}
	})
}
