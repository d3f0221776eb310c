package registry

import (
	"errors"
	"strings"
	"testing"
)

// lineageFixture returns trackerFixture() with a third version fp-2030
// (adopted 2030-07-01; fp-2025 superseded then) holding pillar-2030 and its
// objective obj-2030, and no node replacing another yet.
func lineageFixture() Dataset {
	ds := trackerFixture()
	meta := Meta{Source: "test", Version: 1}
	for i := range ds.PolicyNodes {
		if ds.PolicyNodes[i].ID == "fp-2025" {
			ds.PolicyNodes[i].Superseded = MustDate("2030-07-01")
		}
	}
	ds.PolicyNodes = append(ds.PolicyNodes,
		PolicyNode{ID: "fp-2030", Kind: NodePolicy, Position: 1, Title: Names{EN: "Foreign policy 2030"}, Adopted: MustDate("2030-07-01"), Meta: meta},
		PolicyNode{ID: "pillar-2030", Parent: "fp-2030", Kind: NodePillar, Position: 1, Title: Names{EN: "Prosperity"}, Meta: meta},
		PolicyNode{ID: "obj-2030", Parent: "pillar-2030", Kind: NodeObjective, Position: 1, Title: Names{EN: "Trade"}, Meta: meta},
	)
	return ds
}

// TestLineageRules breaks one rule of Replaces at a time and checks that the
// field is reported with its reason.
func TestLineageRules(t *testing.T) {
	node := func(ds *Dataset, id string) *PolicyNode {
		return find(t, ds.PolicyNodes, id, func(x *PolicyNode) string { return x.ID })
	}
	tests := []struct {
		name   string
		break_ func(ds *Dataset)
		id     string
		reason string // substring
	}{
		{"not on a policy", func(ds *Dataset) { node(ds, "fp-2025").Replaces = "fp-2015" }, "fp-2025", "only a pillar or an objective"},
		{"node exists", func(ds *Dataset) { node(ds, "obj-trade").Replaces = "obj-x" }, "obj-trade", `objective "obj-x" does not exist`},
		{"same kind", func(ds *Dataset) { node(ds, "obj-trade").Replaces = "old-pillar" }, "obj-trade",
			`"old-pillar" is a pillar; an objective replaces an objective`},
		{"pillar replaces a pillar", func(ds *Dataset) { node(ds, "pillar-people").Replaces = "old-obj" }, "pillar-people",
			`"old-obj" is an objective; a pillar replaces a pillar`},
		{"another version", func(ds *Dataset) { node(ds, "obj-trade").Replaces = "obj-diaspora" }, "obj-trade", `of the same version "fp-2025"`},
		{"not itself", func(ds *Dataset) { node(ds, "obj-trade").Replaces = "obj-trade" }, "obj-trade", "of the same version"},
		{"an earlier version", func(ds *Dataset) { node(ds, "old-obj").Replaces = "obj-trade" }, "old-obj",
			`"obj-trade" is of version "fp-2025" adopted 2025-07-01, not before this node's version "fp-2015" (2015-06)`},
		{"adopted the same day", func(ds *Dataset) {
			node(ds, "fp-2015").Adopted = MustDate("2025-07-01")
			node(ds, "obj-trade").Replaces = "old-obj"
		}, "obj-trade", "not before this node's version"},
		{"replaced once per version", func(ds *Dataset) {
			node(ds, "obj-diaspora").Replaces = "old-obj"
			node(ds, "obj-trade").Replaces = "old-obj"
		}, "obj-trade", `"old-obj" is already replaced by "obj-diaspora" of the same version "fp-2025"`},
		{"a lineage once per version", func(ds *Dataset) {
			ds.PolicyNodes = append(ds.PolicyNodes, PolicyNode{ID: "obj-2030-b", Parent: "pillar-2030", Kind: NodeObjective,
				Position: 2, Title: Names{EN: "Trade again"}, Replaces: "old-obj", Meta: Meta{Version: 1}})
			node(ds, "obj-trade").Replaces = "old-obj"
			node(ds, "obj-2030").Replaces = "obj-trade"
		}, "obj-2030-b", `"obj-2030" of the same version "fp-2030" is already of this lineage (from "old-obj")`},
		{"no loop", func(ds *Dataset) {
			node(ds, "fp-2015").Adopted = Date{}
			node(ds, "obj-trade").Replaces = "old-obj"
			node(ds, "old-obj").Replaces = "obj-trade"
		}, "old-obj", "loops"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := lineageFixture()
			tt.break_(&ds)
			err := New(ds).Validate()
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate() = %v, want a *ValidationError", err)
			}
			for _, f := range ve.Fields {
				if f.Entity == "policy_node" && f.ID == tt.id && f.Field == "replaces" && strings.Contains(f.Reason, tt.reason) {
					return
				}
			}
			t.Errorf("no error policy_node %q replaces %q in:\n%v", tt.id, tt.reason, err)
		})
	}
}

// TestLineageValid: lineages the rules allow.
func TestLineageValid(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(ds *Dataset)
	}{
		{"none", func(ds *Dataset) {}},
		{"pillar and objective continued", func(ds *Dataset) {
			ds.PolicyNodes[4].Replaces, ds.PolicyNodes[7].Replaces = "old-pillar", "old-obj" // pillar-people, obj-trade
		}},
		{"a chain over three versions", func(ds *Dataset) {
			ds.PolicyNodes[7].Replaces, ds.PolicyNodes[10].Replaces = "old-obj", "obj-trade" // obj-trade, obj-2030
		}},
		{"skipping a version", func(ds *Dataset) { ds.PolicyNodes[10].Replaces = "old-obj" }},
		{"a version with no adoption date", func(ds *Dataset) {
			ds.PolicyNodes[0].Adopted = Date{} // fp-2015
			ds.PolicyNodes[7].Replaces = "old-obj"
		}},
	} {
		ds := lineageFixture()
		tt.change(&ds)
		if err := New(ds).Validate(); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestLineageRoot(t *testing.T) {
	byID := map[string]*PolicyNode{}
	for _, n := range []PolicyNode{
		{ID: "a"}, {ID: "b", Replaces: "a"}, {ID: "c", Replaces: "b"}, {ID: "d", Replaces: "gone"},
		{ID: "x", Replaces: "y"}, {ID: "y", Replaces: "x"}, {ID: "z", Replaces: "x"},
	} {
		byID[n.ID] = &n
	}
	for id, want := range map[string]string{"a": "a", "b": "a", "c": "a", "d": "d", "unknown": "unknown", "x": "", "z": ""} {
		if got := LineageRoot(byID, id); got != want {
			t.Errorf("LineageRoot(%q) = %q, want %q", id, got, want)
		}
	}
}
