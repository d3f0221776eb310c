package importer_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/importer"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// Who imports, in the tests of indicator actuals.
var (
	asOperator = importer.Options{Operator: true}
	asAdmin    = importer.Options{Principal: auth.Principal{UserID: 1, Role: auth.Admin}}
	asOfficer  = importer.Options{Principal: auth.Principal{UserID: 2, Role: auth.PolicyOfficer}}
	asEditor   = importer.Options{Principal: auth.Principal{UserID: 3, Role: auth.Editor}}
	asNobody   = importer.Options{}
)

// actualsFile writes indicator_actuals.csv holding actuals into a new
// directory and returns its path.
func actualsFile(t *testing.T, actuals ...registry.IndicatorActual) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "indicator_actuals.csv")
	err := dataset.Write(registry.Dataset{IndicatorActuals: actuals}, func(name string) (io.Writer, error) {
		if name == "indicator_actuals.csv" {
			return os.Create(p)
		}
		return io.Discard, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// withApprovedActual stores the tracker records of withTracker, its actual
// approved, and returns that actual as stored.
func withApprovedActual(t *testing.T, db *store.DB) registry.IndicatorActual {
	t.Helper()
	seeded(t, db)
	stored, err := db.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ds := withTracker(stored)
	a := &ds.IndicatorActuals[len(ds.IndicatorActuals)-1]
	registry.ApproveActual(a, "approver@example.org", time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC))
	plan := prepare(t, db, writeTracker(t, ds, t.TempDir())...)
	if !plan.Report.OK() {
		t.Fatalf("problems %v", plan.Report.Problems)
	}
	if err := plan.Apply(audit.WithActor(t.Context(), testActor), db); err != nil {
		t.Fatal(err)
	}
	stored, err = db.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range stored.IndicatorActuals {
		if x.ID == a.ID {
			return x
		}
	}
	t.Fatalf("actual %q not stored", a.ID)
	return registry.IndicatorActual{}
}

// TestImportActualsWho: an actual that is new, or differs from the stored
// one in its indicator, period, value, text, evidence, recording or
// approval, is imported only by the operator, policy officers and admins;
// for anyone else each such row is a problem naming its file, line and
// field, and nothing can be applied. An actual as stored, up to its source,
// last verified date and note, anyone may import.
func TestImportActualsWho(t *testing.T) {
	other := 7.0
	back := registry.Timestamp{Time: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	change := func(fn func(a *registry.IndicatorActual)) func(registry.IndicatorActual) []registry.IndicatorActual {
		return func(a registry.IndicatorActual) []registry.IndicatorActual {
			fn(&a)
			return []registry.IndicatorActual{a}
		}
	}
	// fresh is a new actual of the stored one's indicator, approved or not.
	fresh := func(approved bool) func(registry.IndicatorActual) []registry.IndicatorActual {
		return func(a registry.IndicatorActual) []registry.IndicatorActual {
			n := registry.IndicatorActual{ID: "act-new", Indicator: a.Indicator, Period: "2025-2026-Q3", Value: &other,
				Evidence: a.Evidence, RecordedAt: a.RecordedAt, RecordedBy: "officer@example.org", Meta: registry.Meta{Source: "s"}}
			if approved {
				n.ApprovedAt, n.ApprovedBy = a.ApprovedAt, "officer@example.org"
			}
			return []registry.IndicatorActual{a, n}
		}
	}
	const refused = "only policy officers and admins import"
	tests := []struct {
		name    string
		opt     importer.Options
		rows    func(stored registry.IndicatorActual) []registry.IndicatorActual
		line    int    // of the problem; 0 for none
		field   string // of the problem
		creates int
		updates int
	}{
		{"editor, unchanged", asEditor, change(func(*registry.IndicatorActual) {}), 0, "", 0, 0},
		{"editor, note", asEditor, change(func(a *registry.IndicatorActual) { a.Note = "Checked again." }), 0, "", 0, 1},
		{"editor, source and last verified", asEditor, change(func(a *registry.IndicatorActual) {
			a.Source, a.LastVerified = "https://example.org/other", registry.MustDate("2026-02-01")
		}), 0, "", 0, 1},
		{"editor, indicator", asEditor, change(func(a *registry.IndicatorActual) { a.Indicator = "other-indicator" }), 2, "indicator", 0, 0},
		{"editor, period", asEditor, change(func(a *registry.IndicatorActual) { a.Period = "2025-2026-Q3" }), 2, "period", 0, 0},
		{"editor, value", asEditor, change(func(a *registry.IndicatorActual) { a.Value = &other }), 2, "value", 0, 0},
		{"editor, value removed", asEditor, change(func(a *registry.IndicatorActual) { a.Value, a.Text = nil, "Qualitative now." }), 2, "value", 0, 0},
		{"editor, text", asEditor, change(func(a *registry.IndicatorActual) { a.Text = "Rewritten." }), 2, "text", 0, 0},
		{"editor, evidence", asEditor, change(func(a *registry.IndicatorActual) { a.Evidence = "https://example.org/e" }), 2, "evidence", 0, 0},
		{"editor, back-dated recorded_at", asEditor, change(func(a *registry.IndicatorActual) { a.RecordedAt = back }), 2, "recorded_at", 0, 0},
		{"editor, recorded_by", asEditor, change(func(a *registry.IndicatorActual) { a.RecordedBy = "someone-else" }), 2, "recorded_by", 0, 0},
		{"editor, approved_at", asEditor, change(func(a *registry.IndicatorActual) { a.ApprovedAt.Time = a.ApprovedAt.Add(time.Hour) }), 2, "approved_at", 0, 0},
		{"editor, approved_by", asEditor, change(func(a *registry.IndicatorActual) { a.ApprovedBy = "editor@example.org" }), 2, "approved_by", 0, 0},
		{"editor, approval removed", asEditor, change(func(a *registry.IndicatorActual) { a.ApprovedAt, a.ApprovedBy = registry.Timestamp{}, "" }), 2, "approved_at", 0, 0},
		{"editor, value and approval: the first field", asEditor, change(func(a *registry.IndicatorActual) {
			a.Value, a.ApprovedBy = &other, "editor@example.org"
		}), 2, "value", 0, 0},
		{"editor, new actual", asEditor, fresh(false), 3, "id", 0, 0},
		{"editor, new approved actual", asEditor, fresh(true), 3, "approved_by", 0, 0},
		{"nobody, new approved actual", asNobody, fresh(true), 3, "approved_by", 0, 0},
		{"nobody, unchanged", asNobody, change(func(*registry.IndicatorActual) {}), 0, "", 0, 0},
		{"policy officer, new approved actual", asOfficer, fresh(true), 0, "", 1, 0},
		{"policy officer, approved_by", asOfficer, change(func(a *registry.IndicatorActual) { a.ApprovedBy = "other@example.org" }), 0, "", 0, 1},
		{"admin, back-dated recorded_at", asAdmin, change(func(a *registry.IndicatorActual) { a.RecordedAt = back }), 0, "", 0, 1},
		{"admin, new actual", asAdmin, fresh(false), 0, "", 1, 0},
		{"operator, value and approval", asOperator, change(func(a *registry.IndicatorActual) {
			a.Value, a.ApprovedBy = &other, "editor@example.org"
		}), 0, "", 0, 1},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		stored := withApprovedActual(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := lastSeq(t, db)
				path := actualsFile(t, tt.rows(stored)...)
				plan := prepareWith(t, db, tt.opt, path)
				rep := &plan.Report
				if tt.line == 0 {
					if !rep.OK() {
						t.Fatalf("problems %v", rep.Problems)
					}
					c := rep.Counts[len(rep.Counts)-1]
					if c.Entity != "indicator_actual" || c.Create != tt.creates || c.Update != tt.updates {
						t.Errorf("counts %+v, want %d created and %d updated", rep.Counts, tt.creates, tt.updates)
					}
					return
				}
				if len(rep.Problems) != 1 {
					t.Fatalf("problems %v, want one", rep.Problems)
				}
				p := rep.Problems[0]
				if p.File != path || p.Line != tt.line || p.Field != tt.field || !strings.Contains(p.Reason, refused) {
					t.Errorf("problem %q, want %s:%d: %s: …%s…", p, path, tt.line, tt.field, refused)
				}
				if err := plan.Apply(audit.WithActor(t.Context(), testActor), db); !errors.Is(err, importer.ErrProblems) {
					t.Errorf("Apply: %v, want ErrProblems", err)
				}
				if n := lastSeq(t, db) - before; n != 0 {
					t.Errorf("%d audit entries written", n)
				}
			})
		}
	})
}

// TestImportActualsKept: an import that may vet actuals stores them as
// written, who recorded and approved them included (an export of one
// deployment loads into another with identical records); one that may not
// stores an editor's correction of the note with the stored stamps.
func TestImportActualsKept(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		stored := withApprovedActual(t, db)
		ctx := audit.WithActor(t.Context(), testActor)
		restamped := stored
		restamped.RecordedAt = registry.Timestamp{Time: time.Date(2025, 12, 1, 8, 0, 0, 0, time.UTC)}
		restamped.RecordedBy, restamped.ApprovedBy = "elsewhere:7", "elsewhere:9"
		noted := restamped
		noted.Note = "Corrected by an editor."
		for _, step := range []struct {
			name string
			opt  importer.Options
			rec  registry.IndicatorActual
		}{
			{"admin", asAdmin, restamped},
			{"editor", asEditor, noted},
		} {
			plan := prepareWith(t, db, step.opt, actualsFile(t, step.rec))
			if !plan.Report.OK() || plan.Report.Changes() != 1 {
				t.Fatalf("%s: problems %v, %d changes", step.name, plan.Report.Problems, plan.Report.Changes())
			}
			if err := plan.Apply(ctx, db); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			got, err := db.Load(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, x := range got.IndicatorActuals {
				if x.ID == step.rec.ID {
					found = true
					if !reflect.DeepEqual(content([]registry.IndicatorActual{x}), content([]registry.IndicatorActual{step.rec})) {
						t.Errorf("%s: stored\n %+v\nwant\n %+v", step.name, x, step.rec)
					}
				}
			}
			if !found {
				t.Errorf("%s: actual %q not stored", step.name, step.rec.ID)
			}
		}
	})
}
