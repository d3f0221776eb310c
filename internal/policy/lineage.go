package policy

import "github.com/chancery-org/chancery/internal/registry"

// Lineage groups the pillars and objectives of the framework's versions that
// continue one another: a node's registry.PolicyNode.Replaces names the node
// of an earlier version it continues, and the nodes linked that way, in
// either direction and transitively, form one lineage (at most one node of
// each version: the registry checks it). An indicator, initiative or
// engagement that names one node of a lineage counts under every one, so
// that a new version takes over its predecessor's indicators while the
// reports of earlier years keep them under the version then in force.
type Lineage struct {
	// members lists the nodes of each lineage of more than one node, by the
	// id of its first node, in the data set's order.
	members map[string][]string
	// root is the first node of the lineage of each node in members.
	root map[string]string
}

// LineageOf returns the lineages of ds's pillars and objectives.
func LineageOf(ds *registry.Dataset) Lineage {
	byID := make(map[string]*registry.PolicyNode, len(ds.PolicyNodes))
	for i := range ds.PolicyNodes {
		byID[ds.PolicyNodes[i].ID] = &ds.PolicyNodes[i]
	}
	l := Lineage{members: map[string][]string{}, root: map[string]string{}}
	for i := range ds.PolicyNodes {
		n := &ds.PolicyNodes[i]
		if n.Kind == registry.NodePolicy {
			continue
		}
		if r := registry.LineageRoot(byID, n.ID); r != "" {
			l.members[r] = append(l.members[r], n.ID)
		}
	}
	for r, ids := range l.members {
		if len(ids) < 2 {
			delete(l.members, r)
			continue
		}
		for _, id := range ids {
			l.root[id] = r
		}
	}
	return l
}

// Of returns the nodes of id's lineage: id first, then the others in the
// data set's order; just id when no other node continues it or is continued
// by it.
func (l Lineage) Of(id string) []string {
	out := []string{id}
	for _, m := range l.members[l.root[id]] {
		if m != id {
			out = append(out, m)
		}
	}
	return out
}

// Expand returns ids with the other nodes of their lineages, each id once,
// in the order given then the data set's.
func (l Lineage) Expand(ids ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		for _, m := range l.Of(id) {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// Same reports whether nodes a and b are of one lineage (a node is of its
// own).
func (l Lineage) Same(a, b string) bool {
	ra, ok := l.root[a]
	return a == b || ok && ra == l.root[b]
}

// withLineage records in fw, for every node of another version in the
// lineage of one of fw's pillars or objectives, that node of fw.
func (fw *Framework) withLineage(l Lineage) *Framework {
	add := func(id string) {
		for _, m := range l.Of(id)[1:] {
			if fw.lineage == nil {
				fw.lineage = map[string]string{}
			}
			if _, ok := fw.lineage[m]; !ok {
				fw.lineage[m] = id
			}
		}
	}
	for _, p := range fw.Pillars {
		add(p.ID)
		for _, o := range p.Objectives {
			add(o.ID)
		}
	}
	return fw
}

// Resolve returns the pillar or objective of the framework that id names:
// id itself when it is one of the framework's, else the node of id's lineage
// in the framework (Lineage); "" when there is none. Frameworks built from a
// data set (FrameworkFromDataset, Version) know their lineages.
func (fw *Framework) Resolve(id string) string {
	switch {
	case fw == nil:
		return ""
	case fw.Pillar(id) != nil || fw.Objective(id) != nil:
		return id
	}
	return fw.lineage[id]
}
