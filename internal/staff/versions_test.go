package staff

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestNewPolicyVersion: a policy officer starts a new version from the
// policy's page; it copies the policy, its pillar and objectives under new
// ids in one write, supersedes the old version on the adoption date, and
// takes over from that date while the old one stays as history. Bad input
// and an id already taken write nothing; protocol may not.
func TestNewPolicyVersion(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("policy_officer")
		page := c.get("/staff/policy-nodes/fp-2020").body
		if !strings.Contains(page, `href="/staff/policy-nodes/fp-2020/new-version" id="new-version-link"`) {
			t.Fatalf("the policy's page has no link to a new version:\n%s", excerpt(page))
		}
		if page := c.get("/staff/policy-nodes/pillar-region").body; strings.Contains(page, "new-version-link") {
			t.Error("a pillar's page offers a new version")
		}
		form := c.get("/staff/policy-nodes/fp-2020/new-version")
		if form.status != http.StatusOK || !strings.Contains(form.body, "1 pillars and 2 objectives") {
			t.Fatalf("new version form: %d\n%s", form.status, excerpt(form.body))
		}
		count := func() int { return len(e.snap.Load().Dataset().PolicyNodes) }
		nodes := count()

		for _, tc := range []struct {
			name string
			form url.Values
			want string
		}{
			{"bad suffix", url.Values{"id": {"fp-2027"}, "suffix": {"Bad Suffix"}, "title": {"Foreign policy"}, "adopted": {"2027-01-01"}}, "Suffix of the new ids"},
			{"no title", url.Values{"id": {"fp-2027"}, "suffix": {"2027"}, "title": {" "}, "adopted": {"2027-01-01"}}, "Title (English): it is required"},
			{"no date", url.Values{"id": {"fp-2027"}, "suffix": {"2027"}, "title": {"Foreign policy"}, "adopted": {""}}, "Adopted: it is required"},
			{"bad date", url.Values{"id": {"fp-2027"}, "suffix": {"2027"}, "title": {"Foreign policy"}, "adopted": {"2027-02-30"}}, "Adopted:"},
			{"bad id", url.Values{"id": {"FP 2027"}, "suffix": {"2027"}, "title": {"Foreign policy"}, "adopted": {"2027-01-01"}}, "must be lower-case letters"},
			{"id taken", url.Values{"id": {"obj-trade"}, "suffix": {"2027"}, "title": {"Foreign policy"}, "adopted": {"2027-01-01"}}, "already exists"},
			{"adopted before the old one", url.Values{"id": {"fp-2027"}, "suffix": {"2027"}, "title": {"Foreign policy"}, "adopted": {"2019-01-01"}}, "superseded"},
		} {
			res := c.post("/staff/policy-nodes/fp-2020/new-version", tc.form)
			if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, tc.want) || !strings.Contains(res.body, "Nothing was created") {
				t.Errorf("%s: %d, want 422 saying %q\n%s", tc.name, res.status, tc.want, excerpt(res.body))
			}
			if n := count(); n != nodes {
				t.Errorf("%s: %d nodes after the refusal, want %d", tc.name, n, nodes)
			}
		}

		other := e.client()
		other.login("protocol")
		if res := other.post("/staff/policy-nodes/fp-2020/new-version", url.Values{"id": {"fp-x"}, "suffix": {"x"},
			"title": {"X"}, "adopted": {"2027-01-01"}}); res.status != http.StatusForbidden {
			t.Errorf("protocol: %d, want 403", res.status)
		}
		if res := c.get("/staff/policy-nodes/obj-trade/new-version"); res.status != http.StatusNotFound {
			t.Errorf("new version of an objective: %d, want 404", res.status)
		}

		res := c.post("/staff/policy-nodes/fp-2020/new-version", url.Values{"id": {"fp-2027"}, "suffix": {"2027"},
			"title": {"Foreign policy 2027"}, "adopted": {"2027-01-01"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff/policy-nodes/fp-2027" {
			t.Fatalf("create the version: %d %q\n%s", res.status, res.header.Get("Location"), excerpt(res.body))
		}
		reg := e.snap.Load()
		ds := reg.Dataset()
		want := map[string][2]string{ // parent, replaces
			"fp-2027": {"", ""}, "pillar-region-2027": {"fp-2027", "pillar-region"},
			"obj-borders-2027": {"pillar-region-2027", "obj-borders"}, "obj-trade-2027": {"pillar-region-2027", "obj-trade"},
		}
		for id, w := range want {
			n, _ := policyNodeEntity.find(ds, id).(*registry.PolicyNode)
			if n == nil || n.Parent != w[0] || n.Replaces != w[1] {
				t.Errorf("node %s: %+v, want parent %q, replaces %q", id, n, w[0], w[1])
			}
		}
		if n := count(); n != nodes+4 {
			t.Errorf("%d nodes, want %d", n, nodes+4)
		}
		root := policyNodeEntity.find(ds, "fp-2027").(*registry.PolicyNode)
		if root.Title.EN != "Foreign policy 2027" || root.Adopted.String() != "2027-01-01" || !root.Superseded.IsZero() {
			t.Errorf("new policy: %+v", root)
		}
		if old := policyNodeEntity.find(ds, "fp-2020").(*registry.PolicyNode); old.Superseded.String() != "2027-01-01" {
			t.Errorf("old policy superseded %q, want 2027-01-01", old.Superseded)
		}
		for date, id := range map[string]string{"2026-12-31": "fp-2020", "2027-01-01": "fp-2027"} {
			if p := reg.PolicyInForce(registry.MustDate(date)); p == nil || p.ID != id {
				t.Errorf("policy in force on %s: %+v, want %s", date, p, id)
			}
		}
		officer := audit.UserActor(e.users["policy_officer"].ID)
		for id, action := range map[string]string{"fp-2027": audit.ActionCreate, "obj-trade-2027": audit.ActionCreate, "fp-2020": audit.ActionEnd} {
			entries, err := db.AuditEntries(context.Background(), "policy_node", id)
			if err != nil {
				t.Fatal(err)
			}
			if last := entries[len(entries)-1]; last.Action != action || last.Actor != officer {
				t.Errorf("audit of %s: %+v, want %s by %s", id, last, action, officer)
			}
		}
		// The copy's lineage is edited on the node's form and validated.
		form = c.get(rec(policyNodeEntity, "obj-trade-2027"))
		if !strings.Contains(form.body, `name="replaces"`) || !strings.Contains(form.body, `value="obj-trade"`) {
			t.Errorf("the objective's form does not show what it replaces:\n%s", excerpt(form.body))
		}
		edit := e.formOf(policyNodeEntity, "obj-trade-2027")
		edit.Set("replaces", "obj-borders")
		if res := c.post(rec(policyNodeEntity, "obj-trade-2027"), edit); res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.body, `id="err-replaces"`) || !strings.Contains(res.body, "is already replaced by") {
			t.Errorf("two objectives of a version replacing one: %d\n%s", res.status, excerpt(res.body))
		}
		edit.Set("replaces", "")
		if res := c.post(rec(policyNodeEntity, "obj-trade-2027"), edit); res.status != http.StatusSeeOther {
			t.Errorf("clearing replaces: %d\n%s", res.status, excerpt(res.body))
		} else if n := policyNodeEntity.find(e.snap.Load().Dataset(), "obj-trade-2027").(*registry.PolicyNode); n.Replaces != "" {
			t.Errorf("obj-trade-2027 replaces %q after clearing it", n.Replaces)
		}
	})
}
