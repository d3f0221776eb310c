package policy

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
)

func node(id, parent string, kind registry.PolicyNodeKind, pos int) registry.PolicyNode {
	return registry.PolicyNode{ID: id, Parent: parent, Kind: kind, Position: pos,
		Title: registry.Names{EN: "Title of " + id}, Meta: registry.Meta{Source: "test"}}
}

func policyNode(id, adopted, superseded string) registry.PolicyNode {
	n := node(id, "", registry.NodePolicy, 1)
	if adopted != "" {
		n.Adopted = registry.MustDate(adopted)
	}
	if superseded != "" {
		n.Superseded = registry.MustDate(superseded)
	}
	return n
}

// versionedDataset holds three versions of a policy: fp-2015 (adopted 2015,
// superseded 2019-07-01), fp-2019 (adopted 2019-07-01, superseded 2025-03)
// and fp-2025 (adopted 2025-03-15, in force), each with its pillars and
// objectives, listed out of order.
func versionedDataset() *registry.Dataset {
	return &registry.Dataset{PolicyNodes: []registry.PolicyNode{
		node("o25-b1", "p25-b", registry.NodeObjective, 1),
		node("p25-b", "fp-2025", registry.NodePillar, 2),
		node("o25-a2", "p25-a", registry.NodeObjective, 2),
		node("o25-a1", "p25-a", registry.NodeObjective, 1),
		node("p25-a", "fp-2025", registry.NodePillar, 1),
		policyNode("fp-2025", "2025-03-15", ""),
		policyNode("fp-2015", "2015", "2019-07-01"),
		node("p15-a", "fp-2015", registry.NodePillar, 1),
		node("o15-a1", "p15-a", registry.NodeObjective, 1),
		policyNode("fp-2019", "2019-07-01", "2025-03"),
		node("p19-a", "fp-2019", registry.NodePillar, 1),
		node("o19-a1", "p19-a", registry.NodeObjective, 1),
		// An objective hung on a policy, not a pillar: in no tree.
		node("o-stray", "fp-2025", registry.NodeObjective, 3),
	}}
}

func TestFrameworkFromDataset(t *testing.T) {
	ds := versionedDataset()
	tests := []struct {
		date string
		want string // the policy in force; "" for none
	}{
		{"2014-12-31", ""},
		{"2015-01-01", "fp-2015"}, // adopted in 2015: from its first day
		{"2019-06-30", "fp-2015"},
		{"2019-07-01", "fp-2019"}, // superseded and adopted the same day: the new one
		{"2025-02-28", "fp-2019"},
		{"2025-03-01", ""}, // fp-2019 superseded in March 2025 (its first day), fp-2025 adopted on the 15th
		{"2025-03-14", ""},
		{"2025-03-15", "fp-2025"},
		{"2030-01-01", "fp-2025"},
	}
	for _, tc := range tests {
		fw := FrameworkFromDataset(ds, registry.MustDate(tc.date))
		got := ""
		if fw != nil {
			got = fw.Policy.ID
		}
		if got != tc.want {
			t.Errorf("%s: policy in force %q, want %q", tc.date, got, tc.want)
		}
		// The registry's own answer agrees.
		if n := registry.New(*ds).PolicyInForce(registry.MustDate(tc.date)); (n == nil) != (tc.want == "") || (n != nil && n.ID != tc.want) {
			t.Errorf("%s: registry.PolicyInForce = %+v, want %q", tc.date, n, tc.want)
		}
	}

	fw := FrameworkFromDataset(ds, registry.MustDate("2026-01-01"))
	var tree []string
	for _, pl := range fw.Pillars {
		tree = append(tree, pl.ID)
		for _, o := range pl.Objectives {
			tree = append(tree, "  "+o.ID+" of "+o.Pillar)
		}
	}
	want := []string{"p25-a", "  o25-a1 of p25-a", "  o25-a2 of p25-a", "p25-b", "  o25-b1 of p25-b"}
	if !slices.Equal(tree, want) {
		t.Errorf("tree = %q, want %q", tree, want)
	}
	if fw.Pillar("p25-b") != &fw.Pillars[1] || fw.Objective("o25-a2") != &fw.Pillars[0].Objectives[1] || fw.Objective("o19-a1") != nil {
		t.Error("Pillar or Objective does not find the nodes of the tree")
	}
	if fw.Policy.Adopted.String() != "2025-03-15" || !fw.Policy.Superseded.IsZero() || fw.Policy.Source != "test" {
		t.Errorf("policy = %+v", fw.Policy)
	}

	t.Run("undated and tied", func(t *testing.T) {
		ds := &registry.Dataset{PolicyNodes: []registry.PolicyNode{
			policyNode("b-undated", "", ""), policyNode("a-undated", "", ""),
		}}
		// Both in force: the first of Versions (by id among the undated).
		ds.PolicyNodes[0].Position = 2 // b-undated: a tie goes to the lower position, then the smaller id
		if fw := FrameworkFromDataset(ds, registry.MustDate("1990-01-01")); fw == nil || fw.Policy.ID != "a-undated" {
			t.Errorf("in force: %+v", fw)
		}
		ds.PolicyNodes = append(ds.PolicyNodes, policyNode("dated", "2020", ""))
		if fw := FrameworkFromDataset(ds, registry.MustDate("2021-01-01")); fw == nil || fw.Policy.ID != "dated" {
			t.Errorf("a dated policy wins over undated ones: %+v", fw)
		}
		if fw := FrameworkFromDataset(&registry.Dataset{}, registry.MustDate("2021-01-01")); fw != nil {
			t.Errorf("no policy: %+v", fw)
		}
	})
}

func TestVersions(t *testing.T) {
	ds := versionedDataset()
	ds.PolicyNodes = append(ds.PolicyNodes, policyNode("fp-draft", "", ""))
	var got []string
	for _, p := range Versions(ds) {
		got = append(got, p.ID)
	}
	if want := []string{"fp-2025", "fp-2019", "fp-2015", "fp-draft"}; !slices.Equal(got, want) {
		t.Errorf("Versions = %v, want %v", got, want)
	}
	old := Version(ds, "fp-2015")
	if old == nil || old.Policy.Superseded.String() != "2019-07-01" || len(old.Pillars) != 1 || old.Pillars[0].Objectives[0].ID != "o15-a1" {
		t.Errorf("Version(fp-2015) = %+v", old)
	}
	for _, id := range []string{"p25-a", "nope", ""} {
		if fw := Version(ds, id); fw != nil {
			t.Errorf("Version(%q) = %+v, want nil", id, fw)
		}
	}
	if p := Versions(ds)[1]; p.InForce(registry.MustDate("2025-03-01")) || !p.InForce(registry.MustDate("2025-02-28")) {
		t.Errorf("fp-2019 InForce around its supersession is wrong")
	}
}

func TestJSON(t *testing.T) {
	fw := FrameworkFromDataset(versionedDataset(), registry.MustDate("2026-01-01"))
	b, err := json.Marshal(fw)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Policy  map[string]any   `json:"policy"`
		Pillars []map[string]any `json:"pillars"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "title", "adopted", "source", "last_verified", "version"} {
		if _, ok := m.Policy[k]; !ok {
			t.Errorf("policy JSON lacks %q: %v", k, m.Policy)
		}
	}
	if _, ok := m.Policy["superseded"]; ok {
		t.Errorf("a policy in force has no superseded date in JSON: %v", m.Policy)
	}
	obj := m.Pillars[0]["objectives"].([]any)[0].(map[string]any)
	if obj["id"] != "o25-a1" || obj["pillar"] != "p25-a" {
		t.Errorf("first objective JSON = %v", obj)
	}
	var back Framework
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, fw) {
		t.Errorf("JSON round trip differs:\n%+v\n%+v", back, *fw)
	}
}
