package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/store"
)

// cli runs chancery on the database dsn and fails the test on an error.
func cli(t *testing.T, dsn string, args ...string) string {
	t.Helper()
	out, logs, err := runCmd(t, noenv, append([]string{"--db", dsn}, args...)...)
	if err != nil {
		t.Fatalf("chancery %v: %v\n%s\n%s", args, err, out, logs)
	}
	return out
}

// auditCount returns the number of entries of the audit log of dsn.
func auditCount(t *testing.T, dsn string) int {
	t.Helper()
	var n int
	if err := rawDB(t, dsn).QueryRow("SELECT COUNT(*) FROM audit_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestExportImportRoundTrip: the data package exported from one database
// (as a zip and as a directory) imports into an empty one, which exports the
// same bytes again, on both engines.
func TestExportImportRoundTrip(t *testing.T) {
	sources, targets, dirTargets := dbs(t), dbs(t), dbs(t)
	for engine, src := range sources {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			cli(t, src, "seed")
			a := filepath.Join(dir, "a.zip")
			cli(t, src, "export", "--format", "csv", "--out", a)

			dst := targets[engine]
			out := cli(t, dst, "import", "--dry-run", a)
			if !strings.Contains(out, "dry run: nothing was written") || !strings.Contains(out, "mission") {
				t.Errorf("dry run report:\n%s", out)
			}
			if n := auditCount(t, dst); n != 0 {
				t.Fatalf("the dry run wrote %d audit entries", n)
			}
			out = cli(t, dst, "import", a)
			if !strings.Contains(out, "attributed to cli") {
				t.Errorf("import report:\n%s", out)
			}
			b := filepath.Join(dir, "b.zip")
			cli(t, dst, "export", "--out", b)
			wantBytes, _ := os.ReadFile(a)
			gotBytes, _ := os.ReadFile(b)
			if len(wantBytes) == 0 || !bytes.Equal(wantBytes, gotBytes) {
				t.Errorf("export after import differs: %d bytes, then %d", len(wantBytes), len(gotBytes))
			}
			// Importing the same package again changes nothing.
			before := auditCount(t, dst)
			if out := cli(t, dst, "import", a); !strings.Contains(out, "nothing to change") {
				t.Errorf("second import:\n%s", out)
			}
			if n := auditCount(t, dst); n != before {
				t.Errorf("a second import of the same data wrote %d audit entries", n-before)
			}

			// The directory form holds the same files, and imports the same way.
			adir := filepath.Join(dir, "adir")
			cli(t, src, "export", "--out", adir)
			cli(t, dirTargets[engine], "import", adir)
			bdir := filepath.Join(dir, "b2.zip")
			cli(t, dirTargets[engine], "export", "--out", bdir)
			if got, _ := os.ReadFile(bdir); !bytes.Equal(wantBytes, got) {
				t.Error("export after importing the directory differs")
			}

			// JSON: one document holding every record.
			j := filepath.Join(dir, "all.json")
			cli(t, dst, "export", "--format", "json", "--out", j)
			var doc struct {
				Format   string            `json:"format"`
				Missions []json.RawMessage `json:"missions"`
				Settings struct {
					HomeState string `json:"home_state"`
				} `json:"settings"`
			}
			raw, _ := os.ReadFile(j)
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Format != jsonFormat || len(doc.Missions) != 126 || doc.Settings.HomeState != "RW" {
				t.Errorf("json export: format %q, %d missions, home %q", doc.Format, len(doc.Missions), doc.Settings.HomeState)
			}
		})
	}
}

// TestImportAttribution: --as credits an existing user in the audit log; an
// unknown one is refused.
func TestImportAttribution(t *testing.T) {
	for engine, dsn := range dbs(t) {
		t.Run(engine, func(t *testing.T) {
			if _, _, err := runIn(t, noenv, testPassword+"\n", "--db", dsn, "user", "add", "--email", "ed@example.org",
				"--name", "Ed", "--role", "editor"); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "people.csv")
			os.WriteFile(file, []byte("id,name,source,last_verified,note\nnew-person,New Person,test,,\n"), 0o644)
			if _, _, err := runCmd(t, noenv, "--db", dsn, "import", "--as", "nobody@example.org", file); err == nil ||
				!strings.Contains(err.Error(), "no account has the email") {
				t.Errorf("--as an unknown user: %v", err)
			}
			cli(t, dsn, "import", "--as", "Ed@Example.org", file)
			db, err := store.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			entries, err := db.AuditEntries(t.Context(), "person", "new-person")
			if err != nil || len(entries) != 1 || entries[0].Actor != "user:1" || entries[0].Action != "create" {
				t.Errorf("audit entries of the imported person: %+v, %v", entries, err)
			}
		})
	}
}

func TestImportExportCommandLineErrors(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "c.db")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "import: name at least one FILE"},
		{[]string{"import", "--bogus", "x"}, "import: flag provided but not defined"},
		{[]string{"export"}, "export: --out PATH is required"},
		{[]string{"export", "--format", "xml", "--out", "x"}, `export: --format: "xml" is not csv or json`},
		{[]string{"demo"}, "demo: want a subcommand: world"},
		{[]string{"demo", "moon"}, `demo: unknown subcommand "moon"`},
		{[]string{"backup"}, "backup: --out FILE is required"},
		{[]string{"restore"}, "restore: name one backup FILE"},
	} {
		_, _, err := runCmd(t, noenv, append([]string{"--db", dsn}, tt.args...)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 2 {
			t.Errorf("%v: err = %v, want a usage error containing %q", tt.args, err, tt.want)
		}
	}
}
