package store_test

import (
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestPolicyLineageStored: a pillar's and an objective's Replaces (migration
// 00007) is stored, read back, changed and cleared on both engines; a
// policy's stays empty.
func TestPolicyLineageStored(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		seeded(t, db)
		title := registry.Names{EN: "Next"}
		nodes := []registry.PolicyNode{
			{ID: "fp-2030", Kind: registry.NodePolicy, Position: 1, Title: title, Adopted: registry.MustDate("2030-07-01")},
			{ID: "p1-2030", Parent: "fp-2030", Kind: registry.NodePillar, Position: 1, Title: title, Replaces: "p1"},
			{ID: "o1-2030", Parent: "p1-2030", Kind: registry.NodeObjective, Position: 1, Title: title, Replaces: "o1"},
			{ID: "o2-2030", Parent: "p1-2030", Kind: registry.NodeObjective, Position: 2, Title: title},
		}
		err := db.Write(ctx, func(tx *store.Tx) error {
			for i := range nodes {
				if err := tx.Insert(&nodes[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		stored := func() map[string]string {
			out := map[string]string{}
			for _, n := range load(t, db).PolicyNodes {
				out[n.ID] = n.Replaces
			}
			return out
		}
		for id, want := range map[string]string{"fp-2030": "", "p1-2030": "p1", "o1-2030": "o1", "o2-2030": "", "o1": ""} {
			if got := stored()[id]; got != want {
				t.Errorf("%s replaces %q, want %q", id, got, want)
			}
		}
		o1, o2 := nodes[2], nodes[3]
		o1.Replaces, o2.Replaces = "", "o1"
		if err := db.Write(ctx, func(tx *store.Tx) error {
			if err := tx.Update(&o1); err != nil {
				return err
			}
			return tx.Update(&o2)
		}); err != nil {
			t.Fatal(err)
		}
		if got := stored(); got["o1-2030"] != "" || got["o2-2030"] != "o1" {
			t.Errorf("after the update: o1-2030 replaces %q, o2-2030 %q; want \"\" and \"o1\"", got["o1-2030"], got["o2-2030"])
		}
	})
}
