package importer_test

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/importer"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// trackerFiles are the data files of the foreign-policy tracker.
var trackerFiles = []string{"policy.csv", "initiatives.csv", "indicators.csv", "indicator_actuals.csv", "engagements.csv",
	"commitments.csv", "associations.csv", "stakeholders.csv", "consultations.csv"}

// withTracker returns ds with one more record of every tracker type, each
// valid against the seed.
func withTracker(ds registry.Dataset) registry.Dataset {
	ds = ds.Clone()
	d := registry.MustDate
	src := registry.Meta{Source: "https://example.org/import"}
	value := 3.0
	ds.PolicyNodes = append(ds.PolicyNodes, registry.PolicyNode{ID: "obj-imported", Parent: "pillar-prosperity",
		Kind: registry.NodeObjective, Position: 9, Title: registry.Names{EN: "Imported objective"}, Meta: src})
	ds.Initiatives = append(ds.Initiatives, registry.Initiative{ID: "ini-imported", Title: registry.Names{EN: "Imported"},
		Objectives: []string{"obj-imported"}, Partners: []registry.Party{registry.StateParty("KE")}, Status: registry.InitiativePlanned, Meta: src})
	ds.Indicators = append(ds.Indicators, registry.Indicator{ID: "ind-imported", Objective: "obj-imported",
		Title: registry.Names{EN: "Imported"}, Measure: registry.MeasureCount, Direction: registry.DirectionIncrease,
		Targets: []registry.IndicatorTarget{{Period: "2026-2027", Value: 4}}, Meta: src})
	ds.IndicatorActuals = append(ds.IndicatorActuals, registry.IndicatorActual{ID: "act-imported", Indicator: "ind-imported",
		Period: "2025-2026-Q2", Value: &value, Evidence: "initiative:ini-imported",
		RecordedAt: registry.Timestamp{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}, RecordedBy: "officer@example.org", Meta: src})
	ds.Associations = append(ds.Associations, registry.Association{ID: "assoc-imported", Name: "Imported", Country: "KE", Meta: src})
	ds.Engagements = append(ds.Engagements, registry.Engagement{ID: "jpc-imported", Kind: registry.CommissionSession,
		Title: registry.Names{EN: "Imported session"}, Start: d("2025-05"), Commission: "rw-ke-jpc", Session: 1, Meta: src})
	ds.Commitments = append(ds.Commitments, registry.Commitment{ID: "com-imported", Engagement: "jpc-imported",
		Text: "Imported decision.", Owner: "Unit", Status: registry.CommitmentOpen, Meta: src})
	ds.Stakeholders = append(ds.Stakeholders, registry.Stakeholder{ID: "sh-imported", Name: "Imported", Category: registry.CivilSociety, Meta: src})
	ds.Consultations = append(ds.Consultations, registry.Consultation{ID: "con-imported", Policy: "foreign-policy",
		Title: registry.Names{EN: "Imported"}, Opens: d("2026-01"), Stakeholders: []string{"sh-imported"}, Meta: src})
	return ds
}

// writeTracker writes the tracker's files of ds into dir and returns their
// paths.
func writeTracker(t *testing.T, ds registry.Dataset, dir string) []string {
	t.Helper()
	var paths []string
	err := dataset.Write(ds, func(name string) (io.Writer, error) {
		for _, f := range trackerFiles {
			if f == name {
				p := filepath.Join(dir, name)
				paths = append(paths, p)
				return os.Create(p)
			}
		}
		return io.Discard, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// TestImportTracker: every tracker file is imported like the others: its
// records created, then updated, then unchanged, with an audit entry per
// change, and stored as read.
func TestImportTracker(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		ctx := audit.WithActor(t.Context(), testActor)
		stored, err := db.Load(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		first := withTracker(stored)
		changed := first.Clone()
		changed.PolicyNodes[len(changed.PolicyNodes)-1].Title.FR = "Objectif importé"
		changed.Initiatives[0].Status = registry.InitiativeOngoing
		changed.Indicators[len(changed.Indicators)-1].Weight = 2
		changed.IndicatorActuals[0].Text = "Changed."
		changed.Associations[0].Public = true
		changed.Engagements[0].City = "Kigali"
		changed.Commitments[0].Due = registry.MustDate("2026-06")
		changed.Stakeholders[0].Website = "https://example.org"
		changed.Consultations[0].Outcome = "Changed."
		entities := []string{"policy_node", "initiative", "indicator", "indicator_actual", "engagement", "commitment",
			"association", "stakeholder", "consultation"}
		for _, step := range []struct {
			name string
			ds   registry.Dataset
			want func(c importer.Count) importer.Count
		}{
			{"create", first, func(c importer.Count) importer.Count { c.Create++; return c }},
			{"update", changed, func(c importer.Count) importer.Count { c.Update++; return c }},
			{"unchanged", changed, func(c importer.Count) importer.Count { c.Unchanged++; return c }},
		} {
			plan := prepare(t, db, writeTracker(t, step.ds, t.TempDir())...)
			if !plan.Report.OK() {
				t.Fatalf("%s: problems %v", step.name, plan.Report.Problems)
			}
			if len(plan.Report.Counts) != len(entities) {
				t.Fatalf("%s: counts %+v", step.name, plan.Report.Counts)
			}
			for i, c := range plan.Report.Counts {
				// The seed's policy nodes and indicators are read again,
				// unchanged.
				base := importer.Count{Entity: entities[i]}
				switch c.Entity {
				case "policy_node":
					base.Unchanged = len(stored.PolicyNodes)
				case "indicator":
					base.Unchanged = len(stored.Indicators)
				}
				if want := step.want(base); c != want {
					t.Errorf("%s: count %+v, want %+v", step.name, c, want)
				}
			}
			before := lastSeq(t, db)
			if err := plan.Apply(ctx, db); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			wantEntries := int64(len(entities))
			if step.name == "unchanged" {
				wantEntries = 0
			}
			if got := lastSeq(t, db) - before; got != wantEntries {
				t.Errorf("%s: %d audit entries, want %d", step.name, got, wantEntries)
			}
			got, err := db.Load(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range []struct {
				name      string
				got, want any
			}{
				{"policy nodes", got.PolicyNodes, step.ds.PolicyNodes}, {"initiatives", got.Initiatives, step.ds.Initiatives},
				{"indicators", got.Indicators, step.ds.Indicators}, {"actuals", got.IndicatorActuals, step.ds.IndicatorActuals},
				{"engagements", got.Engagements, step.ds.Engagements}, {"commitments", got.Commitments, step.ds.Commitments},
				{"associations", got.Associations, step.ds.Associations}, {"stakeholders", got.Stakeholders, step.ds.Stakeholders},
				{"consultations", got.Consultations, step.ds.Consultations},
			} {
				g, w := reflect.ValueOf(content(l.got)), reflect.ValueOf(content(l.want))
				if g.Len() != w.Len() {
					t.Errorf("%s: %d %s stored, want %d", step.name, g.Len(), l.name, w.Len())
					continue
				}
				for i := range g.Len() {
					if !reflect.DeepEqual(g.Index(i).Interface(), w.Index(i).Interface()) {
						t.Errorf("%s: stored %s:\n got %+v\nwant %+v", step.name, l.name, g.Index(i), w.Index(i))
					}
				}
			}
		}
	})
}

// content returns a copy of the records s (a slice) without the meta the
// store sets (version, revision, time), in id order.
func content(s any) any {
	v := reflect.ValueOf(s)
	out := reflect.MakeSlice(v.Type(), 0, v.Len())
	for i := range v.Len() {
		x := reflect.New(v.Type().Elem()).Elem()
		x.Set(v.Index(i))
		m := x.FieldByName("Meta")
		m.FieldByName("Version").SetInt(0)
		m.FieldByName("Revision").SetInt(0)
		m.FieldByName("UpdatedAt").Set(reflect.ValueOf(registry.Timestamp{}))
		out = reflect.Append(out, x)
	}
	sort.SliceStable(out.Interface(), func(i, j int) bool {
		return out.Index(i).FieldByName("ID").String() < out.Index(j).FieldByName("ID").String()
	})
	return out.Interface()
}
