package store_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestAgreementLifecycleStored records an agreement step by step, as a
// policy officer would, on both engines: each step is one audited write, a
// stale version conflicts, an invalid transition is refused and changes
// nothing, and the figure counts the agreement once in force.
func TestAgreementLifecycleStored(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		seeded(t, db)
		a := registry.Agreement{
			ID: "rw-ke-air", Title: registry.Names{EN: "Air services agreement", FR: "Accord sur les services aériens"},
			Kind: registry.AgreementKind, Scope: registry.Bilateral, ConsentMode: registry.ConsentRatification,
			Parties: []registry.Party{registry.StateParty("KE")}, Certainty: registry.Reported,
			Negotiation: registry.MustDate("2024"),
			Meta:        registry.Meta{Source: "https://example.org/treaty"},
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Insert(&a) }); err != nil {
			t.Fatal(err)
		}
		steps := []func(*registry.Agreement){
			func(a *registry.Agreement) { a.Signed = registry.MustDate("2024-05-02") },
			func(a *registry.Agreement) {
				a.DomesticApproval, a.ApprovalAct = registry.MustDate("2025-01-10"), "Law n° 002/2025"
			},
			func(a *registry.Agreement) { a.InstrumentsDeposited = registry.MustDate("2025-03-01") },
			func(a *registry.Agreement) { a.EntryIntoForce = registry.MustDate("2025-04-01") },
		}
		before := auditRows(t, db)
		for i, step := range steps {
			step(&a)
			if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Update(&a) }); err != nil {
				t.Fatalf("step %d: %v", i+1, err)
			}
		}
		if got := auditRows(t, db) - before; got != len(steps) {
			t.Errorf("%d audit entries for %d steps", got, len(steps))
		}
		ds := load(t, db)
		if len(ds.Agreements) != 1 {
			t.Fatalf("stored agreements: %+v", ds.Agreements)
		}
		got := ds.Agreements[0]
		got.Revision, got.UpdatedAt = 0, registry.Timestamp{}
		want := a
		want.Revision, want.UpdatedAt = 0, registry.Timestamp{}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("stored:\n got %+v\nwant %+v", got, want)
		}
		reg := registry.New(ds)
		for _, c := range []struct {
			date string
			want int
		}{{"2025-03-31", 0}, {"2025-04-01", 1}} {
			if f, _ := reg.Figures(registry.MustDate(c.date)).Get(registry.FigAgreementsInForce); f.Value != c.want {
				t.Errorf("agreements in force on %s = %d, want %d", c.date, f.Value, c.want)
			}
		}

		// A stale version conflicts.
		stale := a
		stale.Version--
		stale.Place = "Nairobi"
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Update(&stale) }); !errors.Is(err, registry.ErrConflict) {
			t.Errorf("stale update: %v, want a conflict", err)
		}
		// Undoing the ratification while the agreement stays in force is refused.
		bad := a
		bad.InstrumentsDeposited = registry.Date{}
		err := db.Write(ctx, func(tx *store.Tx) error { return tx.Update(&bad) })
		var ve *registry.ValidationError
		if !errors.As(err, &ve) || ve.Fields[0].Field != "entry_into_force" {
			t.Errorf("invalid transition: %v, want a validation error on entry_into_force", err)
		}
		if got := load(t, db).Agreements[0]; got.Version != a.Version || got.InstrumentsDeposited != a.InstrumentsDeposited {
			t.Errorf("refused writes changed the record: %+v", got)
		}
	})
}
