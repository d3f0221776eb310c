package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/synthetic"
)

// TestDemoWorld: "demo world" loads the synthetic world into a new database,
// every record marked synthetic, and "figures" works on it; a database with
// records of its own is refused unless --force.
func TestDemoWorld(t *testing.T) {
	if testing.Short() {
		t.Skip("loads about 60,000 records; skipped with -short")
	}
	dsn := filepath.Join(t.TempDir(), "demo.db")
	out := cli(t, dsn, "demo", "world")
	if !strings.Contains(out, "250 states, 15100 missions, 45300 accreditations") {
		t.Errorf("demo world: %q", out)
	}
	if out := cli(t, dsn, "figures"); !strings.Contains(out, "diplomatic_missions") {
		t.Errorf("figures: %q", out)
	}
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := db.Load(t.Context())
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Missions) != 15100 || !strings.Contains(ds.Settings.ConsularContact, "synthetic") {
		t.Errorf("%d missions, consular contact %q", len(ds.Missions), ds.Settings.ConsularContact)
	}
	for _, m := range ds.Missions {
		if m.Source != synthetic.Source || m.Note != synthetic.Note {
			t.Fatalf("mission %s is not marked synthetic: %q %q", m.ID, m.Source, m.Note)
		}
	}
	// Again: only synthetic records are stored, so it is allowed, and changes nothing.
	cli(t, dsn, "demo", "world")

	// A registry with a record of its own is refused, unless --force.
	own := filepath.Join(t.TempDir(), "own.db")
	cli(t, own, "seed")
	file := filepath.Join(t.TempDir(), "people.csv")
	os.WriteFile(file, []byte("id,name,source,last_verified,note\nreal-person,Real Person,ministry,,\n"), 0o644)
	cli(t, own, "import", file)
	if _, _, err := runCmd(t, noenv, "--db", own, "demo", "world"); err == nil || !strings.Contains(err.Error(), `person "real-person"`) {
		t.Errorf("demo world over a real registry: %v", err)
	}
}
