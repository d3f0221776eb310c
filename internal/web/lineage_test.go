package web

import (
	"errors"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
)

// TestPillarPageFollowsLineage: once a new version whose pillar and
// objective continue the old ones (Replaces) is in force, its pillar page
// shows the initiatives, engagements, evidence agreements and indicators
// that name the old objective; the old version, shown on an earlier date,
// keeps them.
func TestPillarPageFollowsLineage(t *testing.T) {
	ds := trackerDataset(t)
	meta := registry.Meta{Source: "test"}
	for i := range ds.PolicyNodes {
		if ds.PolicyNodes[i].ID == "foreign-policy" {
			ds.PolicyNodes[i].Superseded = registry.MustDate("2026-06-01")
		}
	}
	ds.PolicyNodes = append(ds.PolicyNodes,
		registry.PolicyNode{ID: "fp-next", Kind: registry.NodePolicy, Position: 1, Title: registry.Names{EN: "Next foreign policy"},
			Adopted: registry.MustDate("2026-06-01"), Meta: meta},
		registry.PolicyNode{ID: "prosperity-next", Parent: "fp-next", Kind: registry.NodePillar, Position: 1,
			Title: registry.Names{EN: "Prosperity, continued"}, Replaces: "pillar-prosperity", Meta: meta},
		registry.PolicyNode{ID: "economic-next", Parent: "prosperity-next", Kind: registry.NodeObjective, Position: 1,
			Title: registry.Names{EN: "Economic diplomacy, continued"}, Replaces: "obj-economic-diplomacy", Meta: meta},
		registry.PolicyNode{ID: "fresh-next", Parent: "prosperity-next", Kind: registry.NodeObjective, Position: 2,
			Title: registry.Names{EN: "A new objective"}, Meta: meta})
	reg := registry.New(ds)
	var ve *registry.ValidationError
	if err := reg.Validate(); errors.As(err, &ve) { // the fixture breaks other rules on purpose
		for _, f := range ve.Fields {
			if f.Entity == "policy_node" {
				t.Fatalf("the new version is not valid: %v", f)
			}
		}
	}
	s := New(func() *registry.Registry { return reg }, nil)
	s.today = func() registry.Date { return testDay }

	for _, tc := range []struct{ path, objective, pillar string }{
		{"/en/policy/prosperity-next", "economic-next", "prosperity-next"},
		{"/en/policy/pillar-prosperity?as_of=2026-05-01", "obj-economic-diplomacy", "pillar-prosperity"},
	} {
		r := get(t, s, tc.path)
		if r.status != 200 {
			t.Fatalf("%s: status %d", tc.path, r.status)
		}
		objective := section(t, r.body, "objective-"+tc.objective, `<li id="objective-`)
		for _, want := range []string{`id="initiative-export-drive"`, `data-engagement="visit-nairobi"`, `data-engagement="jpc-1"`,
			`id="indicators-` + tc.objective + `"`, "Trade deals concluded"} {
			if !strings.Contains(objective, want) {
				t.Errorf("%s: objective %s lacks %q", tc.path, tc.objective, want)
			}
		}
		if !strings.Contains(r.body, `id="pillar-agreement-`+tc.pillar+`-ke-trade"`) {
			t.Errorf("%s: the pillar lacks the agreement cited as evidence", tc.path)
		}
	}
	r := get(t, s, "/en/policy/prosperity-next")
	if fresh := section(t, r.body, "objective-fresh-next", `<li id="objective-`); strings.Contains(fresh, "export-drive") {
		t.Error("an objective outside the lineage shows its work")
	}
	if r := get(t, s, "/en/policy"); !strings.Contains(section(t, r.body, "pillar-prosperity-next", "</li>\n<li id=\"pillar-"),
		`data-engagement="visit-nairobi"`) {
		t.Error("the policy page's pillar of the new version lacks the old objective's engagements")
	}
}
