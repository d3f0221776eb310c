package store_test

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// clearPeriods deletes the fixture's actuals and the indicators that have
// periods, so that the fiscal year's start may change.
func clearPeriods(t *testing.T, db *store.DB) {
	t.Helper()
	ds := load(t, db)
	err := db.Write(testCtx(), func(tx *store.Tx) error {
		for i := range ds.IndicatorActuals {
			if err := tx.Delete(&ds.IndicatorActuals[i]); err != nil {
				return err
			}
		}
		for i := range ds.Indicators {
			if ds.Indicators[i].Measure != registry.MeasureQualitative {
				if err := tx.Delete(&ds.Indicators[i]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// trackerCase is one tracker record to write: new returns a record not in
// the fixture, change changes some of its fields.
type trackerCase struct {
	entity string
	new    func() any
	change func(rec any)
	list   func(ds registry.Dataset) any // the stored records of the entity
}

func trackerCases() []trackerCase {
	d := registry.MustDate
	src := registry.Meta{Source: "https://example.org/new"}
	value, third := 12.0, 1.0/3
	return []trackerCase{
		{"policy_node",
			func() any {
				return &registry.PolicyNode{ID: "o3", Parent: "p1", Kind: registry.NodeObjective, Position: 3, Title: registry.Names{EN: "Climate"}, Meta: src}
			},
			func(rec any) { rec.(*registry.PolicyNode).Title.RW = "Ikirere" },
			func(ds registry.Dataset) any { return ds.PolicyNodes }},
		{"initiative",
			func() any {
				return &registry.Initiative{ID: "ini-new", Title: registry.Names{EN: "New"}, Objectives: []string{"o2"},
					Status: registry.InitiativePlanned, Meta: src}
			},
			func(rec any) {
				x := rec.(*registry.Initiative)
				x.Objectives, x.Partners = append(x.Objectives, "o1"), []registry.Party{registry.OrgParty("AU")}
				x.Status, x.Start = registry.InitiativeOngoing, d("2026-02")
			},
			func(ds registry.Dataset) any { return ds.Initiatives }},
		{"indicator",
			func() any {
				return &registry.Indicator{ID: "ind-share", Objective: "o2", Title: registry.Names{EN: "Share"},
					Measure: registry.MeasurePercentage, Direction: registry.DirectionMaintain}
			},
			func(rec any) {
				x := rec.(*registry.Indicator)
				x.BaselinePeriod, x.BaselineValue = "2024-2025-Q4", &third
				x.Targets, x.Weight = []registry.IndicatorTarget{{Period: "2025-2026", Value: 100.0 / 3}}, 0.5
			},
			func(ds registry.Dataset) any { return ds.Indicators }},
		{"indicator_actual",
			func() any {
				return &registry.IndicatorActual{ID: "act-trade-q2", Indicator: "ind-trade", Period: "2025-2026-Q2", Value: &value,
					Evidence: "engagement:visit-ke", RecordedAt: registry.Timestamp{Time: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)},
					RecordedBy: "officer@example.org"}
			},
			func(rec any) {
				registry.ApproveActual(rec.(*registry.IndicatorActual), "head@example.org", time.Date(2026, 1, 6, 9, 15, 30, 250e6, time.UTC))
			},
			func(ds registry.Dataset) any { return ds.IndicatorActuals }},
		{"association",
			func() any {
				return &registry.Association{ID: "assoc-be", Name: "Rwandans in Belgium", Country: "BE"}
			},
			func(rec any) {
				x := rec.(*registry.Association)
				x.Public, x.City, x.Contacts.Phone = true, "Brussels", "+32 2 000 00 00"
			},
			func(ds registry.Dataset) any { return ds.Associations }},
		{"engagement",
			func() any {
				return &registry.Engagement{ID: "visit-ug", Kind: registry.Visit, Title: registry.Names{EN: "Visit from Uganda"},
					Direction: registry.Incoming, Start: d("2026-03-01"), Countries: []string{"UG"}}
			},
			func(rec any) {
				x := rec.(*registry.Engagement)
				x.Level, x.Public, x.Objectives, x.Organisations = registry.LevelHeadOfState, true, []string{"o1", "o2"}, []string{"EAC"}
			},
			func(ds registry.Dataset) any { return ds.Engagements }},
		{"commitment",
			func() any {
				return &registry.Commitment{ID: "jpc-ug-1-trade", Engagement: "jpc-ug-1", Text: "Open a trade desk.", Owner: "Trade unit",
					Status: registry.CommitmentOpen}
			},
			func(rec any) {
				x := rec.(*registry.Commitment)
				x.Status, x.Closed = registry.CommitmentDropped, d("2026-01-20")
			},
			func(ds registry.Dataset) any { return ds.Commitments }},
		{"stakeholder",
			func() any {
				return &registry.Stakeholder{ID: "sh-diaspora", Name: "Diaspora network", Category: registry.Diaspora}
			},
			func(rec any) { rec.(*registry.Stakeholder).Country = "BE" },
			func(ds registry.Dataset) any { return ds.Stakeholders }},
		{"consultation",
			func() any {
				return &registry.Consultation{ID: "consult-2027", Policy: "fp", Title: registry.Names{EN: "Second review"}, Opens: d("2027-01")}
			},
			func(rec any) {
				x := rec.(*registry.Consultation)
				x.Stakeholders, x.Closes, x.Outcome = []string{"sh-chamber"}, d("2027-02"), "Nothing changed."
			},
			func(ds registry.Dataset) any { return ds.Consultations }},
	}
}

// find returns the stored record with the id of rec, or nil.
func find(list any, rec any) any {
	id := reflect.ValueOf(rec).Elem().FieldByName("ID").String()
	v := reflect.ValueOf(list)
	for i := range v.Len() {
		if v.Index(i).FieldByName("ID").String() == id {
			return v.Index(i).Addr().Interface()
		}
	}
	return nil
}

// sameRecord compares two records but for the revision the store sets.
func sameRecord(got, want any) bool {
	g, w := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	gc, wc := reflect.New(g.Type()).Elem(), reflect.New(w.Type()).Elem()
	gc.Set(g)
	wc.Set(w)
	for _, c := range []reflect.Value{gc, wc} {
		c.FieldByName("Meta").FieldByName("Revision").SetInt(0)
		c.FieldByName("Meta").FieldByName("UpdatedAt").Set(reflect.ValueOf(registry.Timestamp{}))
	}
	return reflect.DeepEqual(gc.Interface(), wc.Interface())
}

// TestTrackerWrites: each tracker record is inserted, updated, read back
// and deleted like every record, on both engines; a stale version is a
// conflict and changes nothing.
func TestTrackerWrites(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		seeded(t, db)
		for _, tc := range trackerCases() {
			t.Run(tc.entity, func(t *testing.T) {
				rec := tc.new()
				if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Insert(rec) }); err != nil {
					t.Fatalf("insert: %v", err)
				}
				got := find(tc.list(load(t, db)), rec)
				if got == nil || !sameRecord(got, rec) {
					t.Fatalf("after insert:\n got %+v\nwant %+v", got, rec)
				}
				inserted, err := audit.CanonicalJSON(got)
				if err != nil {
					t.Fatal(err)
				}
				stale := reflect.New(reflect.TypeOf(rec).Elem())
				stale.Elem().Set(reflect.ValueOf(rec).Elem())
				tc.change(rec)
				if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Update(rec) }); err != nil {
					t.Fatalf("update: %v", err)
				}
				got = find(tc.list(load(t, db)), rec)
				if got == nil || !sameRecord(got, rec) {
					t.Fatalf("after update:\n got %+v\nwant %+v", got, rec)
				}
				if v := reflect.ValueOf(got).Elem().FieldByName("Meta").FieldByName("Version").Int(); v != 2 {
					t.Errorf("version %d after an update, want 2", v)
				}
				err = db.Write(ctx, func(tx *store.Tx) error { return tx.Update(stale.Interface()) })
				if !errors.Is(err, registry.ErrConflict) {
					t.Errorf("update of version 1: %v, want a conflict", err)
				}
				if again := find(tc.list(load(t, db)), rec); !sameRecord(again, rec) {
					t.Errorf("the refused update changed the record: %+v", again)
				}
				// The update's entry holds the record as stored before it.
				entries, err := db.AuditEntries(ctx, tc.entity, reflect.ValueOf(rec).Elem().FieldByName("ID").String())
				if err != nil || len(entries) != 2 {
					t.Fatalf("audit entries %d, %v; want 2 (create, update)", len(entries), err)
				}
				if !bytes.Equal(entries[1].Before, inserted) {
					t.Errorf("the update's before:\n%s\nwant the record inserted\n%s", entries[1].Before, inserted)
				}
				if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Delete(rec) }); err != nil {
					t.Fatalf("delete: %v", err)
				}
				if got := find(tc.list(load(t, db)), rec); got != nil {
					t.Errorf("still stored after delete: %+v", got)
				}
			})
		}
	})
}

// TestTrackerKeepsMilliseconds: instants are stored to the millisecond, as
// updated_at, and zero instants stay zero.
func TestTrackerKeepsMilliseconds(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		seeded(t, db)
		value := 11.0
		at := time.Date(2026, 2, 1, 12, 30, 45, 987654321, time.FixedZone("CAT", 2*3600))
		x := registry.IndicatorActual{ID: "act-new", Indicator: "ind-trade", Period: "2025-2026-Q3", Value: &value, Evidence: "https://example.org/x"}
		registry.StampActual(nil, &x, "officer@example.org", at)
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.Insert(&x) }); err != nil {
			t.Fatal(err)
		}
		got := find(load(t, db).IndicatorActuals, &x).(*registry.IndicatorActual)
		if want := at.UTC().Truncate(time.Millisecond); !got.RecordedAt.Equal(want) || got.RecordedAt.Location() != time.UTC {
			t.Errorf("recorded_at %v, want %v", got.RecordedAt, want)
		}
		if !got.ApprovedAt.IsZero() || got.ApprovedBy != "" {
			t.Errorf("approval %v %q, want none", got.ApprovedAt, got.ApprovedBy)
		}
	})
}

// TestTrackerRefusesUnstorable: what the columns cannot hold (a ';' inside
// a list item, an empty item, a non-finite number) is refused as a
// validation error naming the field, before anything is written.
func TestTrackerRefusesUnstorable(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name   string
		rec    any
		fields []string
	}{
		{"objective with ';'", &registry.Initiative{ID: "x", Title: registry.Names{EN: "X"}, Objectives: []string{"o1;o2"},
			Status: registry.InitiativePlanned}, []string{"objectives[0]"}},
		{"empty country", &registry.Engagement{ID: "x", Kind: registry.Meeting, Title: registry.Names{EN: "X"},
			Countries: []string{"KE", ""}, Organisations: []string{"A;U"}}, []string{"countries[1]", "organisations[0]"}},
		{"stakeholder with ';'", &registry.Consultation{ID: "x", Policy: "fp", Title: registry.Names{EN: "X"},
			Stakeholders: []string{"sh-chamber;sh-university"}}, []string{"stakeholders[0]"}},
		{"partner with ':'", &registry.Initiative{ID: "x", Title: registry.Names{EN: "X"}, Objectives: []string{"o1"},
			Partners: []registry.Party{{Type: registry.PartyState, Code: "K:E"}}}, []string{"partners[0]"}},
		{"target period with '='", &registry.Indicator{ID: "x", Objective: "o1", Title: registry.Names{EN: "X"}, Measure: registry.MeasureCount,
			Targets: []registry.IndicatorTarget{{Period: "2025=2026", Value: 1}, {Period: "2026-2027", Value: inf}}},
			[]string{"targets[0].period", "targets[1].value"}},
		{"NaN baseline and weight", &registry.Indicator{ID: "x", Objective: "o1", Title: registry.Names{EN: "X"},
			Measure: registry.MeasureCount, BaselineValue: &nan, Weight: inf}, []string{"baseline_value", "weight"}},
		{"NaN value", &registry.IndicatorActual{ID: "x", Indicator: "ind-trade", Period: "2025-2026", Value: &nan}, []string{"value"}},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		seeded(t, db)
		before := auditRows(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := db.Write(ctx, func(tx *store.Tx) error { return tx.Insert(tt.rec) })
				ve, ok := errors.AsType[*registry.ValidationError](err)
				if !ok {
					t.Fatalf("insert: %v, want a validation error", err)
				}
				var fields []string
				for _, f := range ve.Fields {
					fields = append(fields, f.Field)
					if f.ID != "x" || f.Entity == "" {
						t.Errorf("field error %+v does not name the record", f)
					}
				}
				if !slices.Equal(fields, tt.fields) {
					t.Errorf("fields %v, want %v", fields, tt.fields)
				}
			})
		}
		if after := auditRows(t, db); after != before {
			t.Errorf("%d audit entries for refused writes", after-before)
		}
		ds := fixture()
		ds.Engagements = append(ds.Engagements, ds.Engagements[len(ds.Engagements)-1])
		ds.Engagements[len(ds.Engagements)-1].ID = "visit-ke-again"
		ds.Engagements[len(ds.Engagements)-1].Countries = []string{"KE;UG"}
		_, err := db.Seed(ctx, ds)
		if ve, ok := errors.AsType[*registry.ValidationError](err); !ok || ve.Fields[0].Field != "countries[0]" {
			t.Errorf("seed of a list item holding ';': %v, want a validation error on countries[0]", err)
		}
	})
}

// TestSeedTrackerFromDataFiles: a store seeded from data/ loads the
// framework and the indicators of policy.csv and indicators.csv.
func TestSeedTrackerFromDataFiles(t *testing.T) {
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.PolicyNodes) == 0 || len(ds.Indicators) == 0 {
		t.Fatalf("data/ holds %d policy nodes and %d indicators", len(ds.PolicyNodes), len(ds.Indicators))
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		if _, err := db.Seed(testCtx(), ds); err != nil {
			t.Fatal(err)
		}
		got := unstamped(load(t, db))
		want := stored(ds)
		if !reflect.DeepEqual(got.PolicyNodes, want.PolicyNodes) {
			t.Errorf("policy nodes:\n got %+v\nwant %+v", got.PolicyNodes, want.PolicyNodes)
		}
		if !reflect.DeepEqual(got.Indicators, want.Indicators) {
			t.Errorf("indicators:\n got %+v\nwant %+v", got.Indicators, want.Indicators)
		}
	})
}
