package dataset

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/registry"
)

// TestPolicyLineageColumn: policy.csv's optional replaces column is written
// always, read back, and reads as empty when the file has no such column
// (the seed's file).
func TestPolicyLineageColumn(t *testing.T) {
	seed, err := Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range seed.PolicyNodes {
		if n.Replaces != "" {
			t.Errorf("seed node %s replaces %q without the column", n.ID, n.Replaces)
		}
	}
	ds := seed.Clone()
	ds.PolicyNodes = append(ds.PolicyNodes,
		registry.PolicyNode{ID: "fp-2040", Kind: registry.NodePolicy, Position: 1, Title: registry.Names{EN: "Next"}, Adopted: registry.MustDate("2040-01-01")},
		registry.PolicyNode{ID: "pillar-prosperity-2040", Parent: "fp-2040", Kind: registry.NodePillar, Position: 1,
			Title: registry.Names{EN: "Prosperity"}, Replaces: "pillar-prosperity"},
	)
	out := writeFS(t, ds)
	csv := string(out["policy.csv"].Data)
	header, _, _ := strings.Cut(csv, "\n")
	if !strings.Contains(header, ",replaces,") && !strings.HasSuffix(header, ",replaces") {
		t.Errorf("policy.csv header has no replaces column: %s", header)
	}
	back, err := Load(out)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, n := range back.PolicyNodes {
		got[n.ID] = n.Replaces
	}
	if got["pillar-prosperity-2040"] != "pillar-prosperity" || got["fp-2040"] != "" || got["pillar-prosperity"] != "" {
		t.Errorf("read back: %v", got)
	}

	// A bad reference is refused by the registry's validation, naming the field.
	bad := fstest.MapFS{}
	for k, v := range out {
		bad[k] = v
	}
	lines := strings.Split(csv, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "pillar-prosperity-2040,") {
			lines[i] = strings.Replace(l, ",pillar-prosperity,", ",pillar-nowhere,", 1)
		}
	}
	bad["policy.csv"] = &fstest.MapFile{Data: []byte(strings.Join(lines, "\n"))}
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "replaces") || !strings.Contains(err.Error(), "pillar-nowhere") {
		t.Errorf("a replaced node that does not exist: %v", err)
	}
}
