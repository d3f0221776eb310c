package importer_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/importer"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestChangesAndFingerprint: a plan lists the records it creates and
// updates; preparing the same files again gives the same fingerprint until
// someone changes a record the import touches or creates one it would.
func TestChangesAndFingerprint(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		ctx := audit.WithActor(t.Context(), testActor)
		dir := t.TempDir()
		people := filepath.Join(dir, "people.csv")
		rw := filepath.Join(dir, "country_names_rw.csv")
		for p, content := range map[string]string{
			people: "id,name,source,last_verified,note\np-new,New Person,test,,\n",
			rw:     "iso2,name_rw,source,last_verified,note\nKE,Kenya-rw-test,,,\n",
		} {
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		plan := prepare(t, db, people, rw)
		want := []importer.Change{{Entity: "person", ID: "p-new", Create: true}, {Entity: "country", ID: "KE"}}
		if got := plan.Changes(); !slices.Equal(got, want) {
			t.Fatalf("Changes() = %+v, want %+v (creates first)", got, want)
		}
		first := plan.Fingerprint()
		if again := prepare(t, db, people, rw).Fingerprint(); again != first {
			t.Errorf("the same files over the same store: fingerprint %s, then %s", first, again)
		}
		if other := prepare(t, db, people).Fingerprint(); other == first {
			t.Error("other files give the same fingerprint")
		}

		steps := []struct {
			name   string
			change func(tx *store.Tx, ds *registry.Dataset) error
		}{
			{"a record the import updates changed", func(tx *store.Tx, ds *registry.Dataset) error {
				for i := range ds.Countries {
					if ds.Countries[i].ISO2 == "KE" {
						ds.Countries[i].Meta.Note = "changed meanwhile"
						return tx.Update(&ds.Countries[i])
					}
				}
				t.Fatal("no KE")
				return nil
			}},
			{"a record the import creates created", func(tx *store.Tx, _ *registry.Dataset) error {
				return tx.Insert(&registry.Person{ID: "p-new", Name: "Someone Else"})
			}},
		}
		for _, st := range steps {
			if err := db.Write(ctx, func(tx *store.Tx) error {
				ds, err := tx.Load()
				if err != nil {
					return err
				}
				return st.change(tx, &ds)
			}); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			next := prepare(t, db, people, rw).Fingerprint()
			if next == first {
				t.Errorf("%s: the fingerprint did not change", st.name)
			}
			first = next
		}
	})
}
