package policy

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
)

// lineageVersions returns versionedDataset() with each version's first
// objective continuing the previous one's: o15-a1 <- o19-a1 <- o25-a1, and
// the pillars p15-a <- p19-a.
func lineageVersions() *registry.Dataset {
	ds := versionedDataset()
	for i := range ds.PolicyNodes {
		n := &ds.PolicyNodes[i]
		n.Replaces = map[string]string{"o19-a1": "o15-a1", "o25-a1": "o19-a1", "p19-a": "p15-a"}[n.ID]
	}
	return ds
}

func TestLineage(t *testing.T) {
	ds := lineageVersions()
	var ve *registry.ValidationError
	if err := registry.New(*ds).Validate(); errors.As(err, &ve) {
		for _, f := range ve.Fields {
			if f.Field == "replaces" {
				t.Fatalf("the fixture's lineage is not valid: %v", f)
			}
		}
	}
	l := LineageOf(ds)
	for id, want := range map[string][]string{
		"o15-a1": {"o15-a1", "o19-a1", "o25-a1"},
		"o25-a1": {"o25-a1", "o15-a1", "o19-a1"}, // itself, then in the data set's order
		"p19-a":  {"p19-a", "p15-a"},
		"o25-a2": {"o25-a2"},
		"nobody": {"nobody"},
	} {
		if got := l.Of(id); !slices.Equal(got, want) {
			t.Errorf("Of(%s) = %v, want %v", id, got, want)
		}
	}
	if got, want := l.Expand("o25-a2", "o19-a1", "o25-a1"), []string{"o25-a2", "o19-a1", "o15-a1", "o25-a1"}; !slices.Equal(got, want) {
		t.Errorf("Expand = %v, want %v", got, want)
	}
	for _, tc := range []struct {
		a, b string
		want bool
	}{{"o15-a1", "o25-a1", true}, {"o25-a1", "o19-a1", true}, {"o25-a2", "o25-a2", true}, {"o25-a1", "o25-a2", false},
		{"p15-a", "o15-a1", false}, {"x", "y", false}} {
		if got := l.Same(tc.a, tc.b); got != tc.want {
			t.Errorf("Same(%s, %s) = %v", tc.a, tc.b, got)
		}
	}

	// Each version resolves the nodes of its lineages to its own.
	for _, tc := range []struct{ version, id, want string }{
		{"fp-2025", "o15-a1", "o25-a1"}, // transitively, forward
		{"fp-2025", "o19-a1", "o25-a1"},
		{"fp-2025", "o25-a2", "o25-a2"}, // its own
		{"fp-2025", "p25-a", "p25-a"},
		{"fp-2025", "p15-a", ""},        // p25-a continues no pillar
		{"fp-2015", "o25-a1", "o15-a1"}, // backward, transitively
		{"fp-2019", "o15-a1", "o19-a1"},
		{"fp-2019", "p15-a", "p19-a"},
		{"fp-2015", "o25-a2", ""}, // new in fp-2025
		{"fp-2015", "o-stray", ""},
	} {
		if got := Version(ds, tc.version).Resolve(tc.id); got != tc.want {
			t.Errorf("%s: Resolve(%s) = %q, want %q", tc.version, tc.id, got, tc.want)
		}
	}
	if got := (*Framework)(nil).Resolve("o15-a1"); got != "" {
		t.Errorf("nil framework: Resolve = %q", got)
	}
	// Without lineages, a framework holds none.
	if fw := Version(versionedDataset(), "fp-2025"); fw.lineage != nil || fw.Resolve("o15-a1") != "" {
		t.Errorf("lineage without Replaces: %v", fw.lineage)
	}
}

// lineageRegistry returns the seed data set with fiscal years from July and
// a framework fp-2020 (adopted 2020-07-01) of pillar p-trade and objectives
// o-exports and o-share, holding indicators ind-exports (amount, increase
// from 100) and ind-share (percentage, maintain 50) with approved actuals
// for 2025-2026 and 2026-2027. With next, it adds version fp-2026 adopted
// 2026-07-01 (fp-2020 superseded then), copied as the staff workspace copies
// it: p-trade-2026 and its objectives o-exports-2026, o-share-2026, each
// replacing the node it copies when lineage is set, plus a new objective
// o-new-2026 with its own indicator ind-new. With repoint, the indicators
// name the new version's objectives instead.
func lineageRegistry(t *testing.T, next, lineage, repoint bool) *registry.Registry {
	t.Helper()
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	ds.Settings.FiscalYearStart = time.July
	ds.PolicyNodes = []registry.PolicyNode{
		policyNode("fp-2020", "2020-07-01", ""),
		node("p-trade", "fp-2020", registry.NodePillar, 1),
		node("o-exports", "p-trade", registry.NodeObjective, 1),
		node("o-share", "p-trade", registry.NodeObjective, 2),
	}
	v := func(f float64) *float64 { return &f }
	ds.Indicators = []registry.Indicator{
		{ID: "ind-exports", Objective: "o-exports", Title: registry.Names{EN: "Exports"}, Measure: registry.MeasureAmount, Unit: "USD",
			Direction: registry.DirectionIncrease, BaselinePeriod: "2024-2025", BaselineValue: v(100),
			Targets: []registry.IndicatorTarget{{Period: "2025-2026", Value: 120}, {Period: "2026-2027", Value: 140}}, Weight: 2},
		{ID: "ind-share", Objective: "o-share", Title: registry.Names{EN: "Share"}, Measure: registry.MeasurePercentage,
			Direction: registry.DirectionMaintain, BaselinePeriod: "2024-2025", BaselineValue: v(50),
			Targets: []registry.IndicatorTarget{{Period: "2025-2026", Value: 50}}},
	}
	at := registry.Timestamp{Time: time.Date(2027, 8, 1, 9, 0, 0, 0, time.UTC)}
	actual := func(id, ind, period string, value float64) registry.IndicatorActual {
		return registry.IndicatorActual{ID: id, Indicator: ind, Period: period, Value: v(value), Evidence: "https://example.org/" + id,
			RecordedAt: at, RecordedBy: "officer@example.org", ApprovedAt: at, ApprovedBy: "head@example.org"}
	}
	ds.IndicatorActuals = []registry.IndicatorActual{
		actual("exports-2025", "ind-exports", "2025-2026", 110), actual("exports-2026", "ind-exports", "2026-2027", 130),
		actual("share-2025", "ind-share", "2025-2026", 45), actual("share-2026", "ind-share", "2026-2027", 52),
	}
	if next {
		ds.PolicyNodes[0].Superseded = registry.MustDate("2026-07-01")
		copied := func(n registry.PolicyNode, parent string) registry.PolicyNode {
			c := node(n.ID+"-2026", parent, n.Kind, n.Position)
			if lineage {
				c.Replaces = n.ID
			}
			return c
		}
		ds.PolicyNodes = append(ds.PolicyNodes, policyNode("fp-2026", "2026-07-01", ""),
			copied(ds.PolicyNodes[1], "fp-2026"), copied(ds.PolicyNodes[2], "p-trade-2026"), copied(ds.PolicyNodes[3], "p-trade-2026"),
			node("o-new-2026", "p-trade-2026", registry.NodeObjective, 3))
		ds.Indicators = append(ds.Indicators, registry.Indicator{ID: "ind-new", Objective: "o-new-2026", Title: registry.Names{EN: "New"},
			Measure: registry.MeasureCount, Direction: registry.DirectionIncrease, BaselinePeriod: "2025-2026", BaselineValue: v(0),
			Targets: []registry.IndicatorTarget{{Period: "2026-2027", Value: 4}}})
		ds.IndicatorActuals = append(ds.IndicatorActuals, actual("new-2026", "ind-new", "2026-2027", 3))
	}
	if repoint {
		for i := range ds.Indicators {
			if o := ds.Indicators[i].Objective; o != "o-new-2026" {
				ds.Indicators[i].Objective = o + "-2026"
			}
		}
	}
	reg := registry.New(ds)
	if err := reg.Validate(); err != nil {
		t.Fatal(err)
	}
	return reg
}

// TestLineageRollup: once a new version copied with its lineage is in
// force, the old version's indicators roll up under its objectives exactly
// as if they named them, while the report of the year before still shows
// them under the old version, with the progress it had.
func TestLineageRollup(t *testing.T) {
	now := time.Date(2027, 9, 1, 12, 0, 0, 0, time.UTC)
	fy2025, _ := ParseFiscalYear("2025-2026", time.July)
	fy2026 := fy2025.Next()

	before := AnnualReportOf(lineageRegistry(t, false, false, false), fy2025, now).Progress
	with := lineageRegistry(t, true, true, false)
	repointed := AnnualReportOf(lineageRegistry(t, true, false, true), fy2026, now).Progress
	without := AnnualReportOf(lineageRegistry(t, true, false, false), fy2026, now).Progress

	// The new version's year: the same roll-up as with re-pointed indicators.
	got := AnnualReportOf(with, fy2026, now).Progress
	if got.Policy != "fp-2026" {
		t.Fatalf("the report of %s is of %s, want fp-2026", fy2026, got.Policy)
	}
	if !reflect.DeepEqual(got, repointed) {
		t.Errorf("with lineage:\n%+v\nwant as if the indicators named the new objectives:\n%+v", got, repointed)
	}
	items := map[string][]string{}
	for _, op := range got.Pillars[0].Objectives {
		for _, ip := range op.Items {
			items[op.Objective] = append(items[op.Objective], ip.Indicator+" of "+ip.Objective)
		}
	}
	want := map[string][]string{"o-exports-2026": {"ind-exports of o-exports-2026"}, "o-share-2026": {"ind-share of o-share-2026"},
		"o-new-2026": {"ind-new of o-new-2026"}}
	if !reflect.DeepEqual(items, want) || len(got.Unassigned) != 0 || got.Known != 3 {
		t.Errorf("the new version's objectives hold %v, %d unassigned, %d known; want %v", items, len(got.Unassigned), got.Known, want)
	}
	// Without the lineage, the new objectives have none of the old indicators.
	if without.Known != 1 || len(without.Unassigned) != 2 {
		t.Errorf("without lineage: %d known, %d unassigned; want 1 and 2", without.Known, len(without.Unassigned))
	}

	// The year before keeps the old version, its objectives and their
	// progress, as it was reported before the new version existed; the new
	// version's own objective is not of it.
	old := AnnualReportOf(with, fy2025, now).Progress
	if old.Policy != "fp-2020" {
		t.Fatalf("the report of %s is of %s, want fp-2020", fy2025, old.Policy)
	}
	var unassigned []string
	for _, ip := range old.Unassigned {
		unassigned = append(unassigned, ip.Indicator)
	}
	if !slices.Equal(unassigned, []string{"ind-new"}) {
		t.Errorf("the old year's unassigned indicators: %v, want ind-new", unassigned)
	}
	old.Unassigned = before.Unassigned
	if !reflect.DeepEqual(old, before) {
		t.Errorf("the old year's progress changed with the new version:\n%+v\nwant\n%+v", old, before)
	}

	// Indicators naming the new version's objectives count under the old
	// version's too, in either direction.
	back := AnnualReportOf(lineageRegistry(t, true, true, true), fy2025, now).Progress
	back.Unassigned = before.Unassigned
	if !reflect.DeepEqual(back, before) {
		t.Errorf("indicators of the new objectives in the old year:\n%+v\nwant\n%+v", back, before)
	}
}
