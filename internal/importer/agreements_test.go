package importer_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/importer"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestImportAgreements: agreements.csv is imported like every other file:
// created, then updated, then unchanged, with an audit entry per change.
func TestImportAgreements(t *testing.T) {
	const header = "id,title_en,title_fr,title_rw,title_sw,kind,scope,consent_mode,parties,depositary_type,depositary,place," +
		"certainty,negotiation,initialled,signed,domestic_approval,approval_act,gazette,instruments_deposited," +
		"entry_into_force,un_registered,un_registration_number,amended,ended,end_reason,source,last_verified,note\n"
	const row = ",,,,agreement,bilateral,signature,state:KE,,,Nairobi,reported,,,2025-09-01,,,,,2025-10-01,,,,,,https://example.org/a,,\n"
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		ctx := audit.WithActor(t.Context(), testActor)
		path := filepath.Join(t.TempDir(), "agreements.csv")
		for _, step := range []struct {
			title string
			want  importer.Count
		}{
			{"Air services agreement", importer.Count{Entity: "agreement", Create: 1}},
			{"Air services agreement (amended title)", importer.Count{Entity: "agreement", Update: 1}},
			{"Air services agreement (amended title)", importer.Count{Entity: "agreement", Unchanged: 1}},
		} {
			if err := os.WriteFile(path, []byte(header+"rw-ke-air-2025,\""+step.title+"\""+row), 0o644); err != nil {
				t.Fatal(err)
			}
			plan := prepare(t, db, path)
			if !plan.Report.OK() {
				t.Fatalf("%s: problems %v", step.title, plan.Report.Problems)
			}
			if len(plan.Report.Counts) != 1 || plan.Report.Counts[0] != step.want {
				t.Fatalf("%s: counts %+v, want %+v", step.title, plan.Report.Counts, step.want)
			}
			before := lastSeq(t, db)
			if err := plan.Apply(ctx, db); err != nil {
				t.Fatal(err)
			}
			wantEntries := int64(1)
			if step.want.Unchanged == 1 {
				wantEntries = 0
			}
			if got := lastSeq(t, db) - before; got != wantEntries {
				t.Errorf("%s: %d audit entries, want %d", step.title, got, wantEntries)
			}
			ds, err := db.Load(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, a := range ds.Agreements {
				found = found || (a.ID == "rw-ke-air-2025" && a.Title.EN == step.title)
			}
			if !found {
				t.Errorf("%s: the agreement is not stored with its title", step.title)
			}
		}
	})
}
