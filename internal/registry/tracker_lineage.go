package registry

// Lineage of the framework's pillars and objectives across versions: a
// node's Replaces names the node of an earlier version it continues. Each
// node replaces at most one, so the nodes linked by Replaces form trees, each
// rooted at the first node of its lineage (LineageRoot).

// LineageRoot returns the first node of the lineage of the framework node
// id: the node reached by following Replaces until a node that replaces
// none (or names a node that does not exist). It returns id itself when
// that node replaces none, and "" when the chain loops (an invalid data set).
func LineageRoot(byID map[string]*PolicyNode, id string) string {
	for range len(byID) + 1 {
		n := byID[id]
		if n == nil || n.Replaces == "" || byID[n.Replaces] == nil {
			return id
		}
		id = n.Replaces
	}
	return ""
}

// checkLineage checks every node's Replaces: only on pillars and objectives,
// naming an existing node of the same kind in another version adopted
// earlier (when both adoption dates are known), without a loop; and at most
// one node of each version in one lineage, so no two nodes of a version
// replace the same node.
func (r *Registry) checkLineage(on func(string, string) checker) {
	type key struct{ version, root string }
	seen := map[key]string{}     // the node of a version in a lineage
	replacer := map[key]string{} // the node of a version replacing a node
	for i := range r.data.PolicyNodes {
		n := &r.data.PolicyNodes[i]
		c := on("policy_node", n.ID)
		version := r.policyOf(n.ID)
		if n.Replaces != "" && !r.checkReplaces(c, n, version) {
			continue
		}
		if n.Kind == NodePolicy || version == nil {
			continue
		}
		root := LineageRoot(r.tracker.nodes, n.ID)
		if root == "" {
			c.fail("replaces", "following replaces from %q loops without reaching a node that replaces none", n.Replaces)
			continue
		}
		if n.Replaces != "" {
			k := key{version.ID, n.Replaces}
			if other, ok := replacer[k]; ok {
				c.fail("replaces", "%q is already replaced by %q of the same version %q", n.Replaces, other, version.ID)
				continue
			}
			replacer[k] = n.ID
		}
		k := key{version.ID, root}
		if other, ok := seen[k]; ok {
			c.fail("replaces", "%q of the same version %q is already of this lineage (from %q): a version continues a node once",
				other, version.ID, root)
			continue
		}
		seen[k] = n.ID
	}
}

// checkReplaces checks the node n replaces, n being of the policy version
// (nil when its chain of parents breaks), and reports whether it is sound.
func (r *Registry) checkReplaces(c checker, n *PolicyNode, version *PolicyNode) bool {
	old := r.tracker.nodes[n.Replaces]
	var oldVersion *PolicyNode
	if old != nil {
		oldVersion = r.policyOf(old.ID)
	}
	switch {
	case n.Kind == NodePolicy:
		c.fail("replaces", "must be empty: only a pillar or an objective continues a node of an earlier version, not a policy")
	case old == nil:
		c.fail("replaces", "%s %q does not exist", n.Kind, n.Replaces)
	case old.Kind != n.Kind:
		c.fail("replaces", "%q is %s; %s replaces %s", n.Replaces, a(old.Kind), a(n.Kind), a(n.Kind))
	case version == nil || oldVersion == nil:
		return false // a broken chain of parents, reported on parent
	case oldVersion.ID == version.ID:
		c.fail("replaces", "%q is of the same version %q: it replaces a node of an earlier version", n.Replaces, version.ID)
	case !oldVersion.Adopted.IsZero() && !version.Adopted.IsZero() && !version.Adopted.After(oldVersion.Adopted):
		c.fail("replaces", "%q is of version %q adopted %s, not before this node's version %q (%s)",
			n.Replaces, oldVersion.ID, oldVersion.Adopted, version.ID, version.Adopted)
	default:
		return true
	}
	return false
}
