package policy

import (
	"cmp"
	"slices"

	"github.com/chancery-org/chancery/internal/registry"
)

// InForce reports whether the policy is in force on d, by the registry's
// rule (registry.PolicyNode.InForce).
func (p *Policy) InForce(d registry.Date) bool {
	n := registry.PolicyNode{Kind: registry.NodePolicy, Adopted: p.Adopted, Superseded: p.Superseded}
	return n.InForce(d)
}

// Versions returns every policy of the data set, newest first: by adoption
// date, latest first, the undated ones last; then by position, then by id
// (the order registry.PolicyInForceAmong breaks ties in).
func Versions(ds *registry.Dataset) []Policy {
	var out []Policy
	position := map[string]int{}
	for i := range ds.PolicyNodes {
		if n := &ds.PolicyNodes[i]; n.Kind == registry.NodePolicy {
			out = append(out, Policy{ID: n.ID, Title: n.Title, Adopted: n.Adopted, Superseded: n.Superseded,
				ParentStrategy: n.ParentStrategy, Meta: n.Meta})
			position[n.ID] = n.Position
		}
	}
	slices.SortFunc(out, func(a, b Policy) int {
		switch {
		case a.Adopted.IsZero() != b.Adopted.IsZero():
			if a.Adopted.IsZero() {
				return 1
			}
			return -1
		case !a.Adopted.IsZero():
			if c := cmp.Compare(b.Adopted.First(), a.Adopted.First()); c != 0 {
				return c
			}
		}
		return cmp.Or(cmp.Compare(position[a.ID], position[b.ID]), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// FrameworkFromDataset returns the framework in force on d: the policy the
// registry's rule picks (registry.PolicyInForceAmong) with its pillars and
// objectives; nil when none is in force.
// Like Version, it knows the lineages of its pillars and objectives
// (Framework.Resolve), by which indicators of other versions count under
// them.
func FrameworkFromDataset(ds *registry.Dataset, d registry.Date) *Framework {
	n := registry.PolicyInForceAmong(ds.PolicyNodes, d)
	if n == nil {
		return nil
	}
	return Version(ds, n.ID)
}

// Version returns the framework of the policy with the given id, in force or
// not, or nil when no policy has that id.
func Version(ds *registry.Dataset, id string) *Framework {
	for _, p := range Versions(ds) {
		if p.ID == id {
			return tree(ds, p)
		}
	}
	return nil
}

// tree assembles policy p's pillars and objectives, each sorted by position
// then id, with their lineages (lineage.go). Nodes whose parent is not of
// the expected kind are left out.
func tree(ds *registry.Dataset, p Policy) *Framework {
	fw := &Framework{Policy: p, Pillars: []Pillar{}}
	for i := range ds.PolicyNodes {
		n := &ds.PolicyNodes[i]
		if n.Kind == registry.NodePillar && n.Parent == p.ID {
			fw.Pillars = append(fw.Pillars, Pillar{ID: n.ID, Position: n.Position, Title: n.Title,
				Objectives: []Objective{}, Meta: n.Meta})
		}
	}
	slices.SortFunc(fw.Pillars, func(a, b Pillar) int { return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID)) })
	index := map[string]int{}
	for i, pl := range fw.Pillars {
		index[pl.ID] = i
	}
	for i := range ds.PolicyNodes {
		n := &ds.PolicyNodes[i]
		if j, ok := index[n.Parent]; ok && n.Kind == registry.NodeObjective {
			pl := &fw.Pillars[j]
			pl.Objectives = append(pl.Objectives, Objective{ID: n.ID, Pillar: pl.ID, Position: n.Position, Title: n.Title, Meta: n.Meta})
		}
	}
	for i := range fw.Pillars {
		slices.SortFunc(fw.Pillars[i].Objectives, func(a, b Objective) int {
			return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID))
		})
	}
	return fw.withLineage(LineageOf(ds))
}
