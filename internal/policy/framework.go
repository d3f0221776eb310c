package policy

import (
	"cmp"
	"slices"

	"github.com/chancery-org/chancery/internal/registry"
)

// InForce reports whether the policy is in force on d: adopted by then (or
// with no adoption date) and not superseded by then. Dates known only to
// their month or year count from their first day.
func (p *Policy) InForce(d registry.Date) bool {
	return (p.Adopted.IsZero() || p.Adopted.First() <= d.First()) &&
		(p.Superseded.IsZero() || p.Superseded.First() > d.First())
}

// Versions returns every policy of the data set, newest first: by adoption
// date, latest first, the undated ones last; then by position, then by id
// (the order registry.Registry.PolicyInForce breaks ties in).
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

// FrameworkFromDataset returns the framework in force on d: the policy in
// force then (Policy.InForce) with its pillars and objectives. When several
// are, the first of Versions wins (the latest adopted). Nil when none is.
// Like Version, it knows the lineages of its pillars and objectives
// (Framework.Resolve), by which indicators of other versions count under
// them.
func FrameworkFromDataset(ds *registry.Dataset, d registry.Date) *Framework {
	for _, p := range Versions(ds) {
		if p.InForce(d) {
			return tree(ds, p)
		}
	}
	return nil
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
