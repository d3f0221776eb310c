package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/store"
)

// tableDump returns every row of every table of db (and the counters of
// identity columns), each table's rows sorted, for comparison.
func tableDump(t *testing.T, db *sql.DB, engine string) map[string][][]any {
	t.Helper()
	listTables := "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	if engine == store.Postgres {
		listTables = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
	}
	var names []string
	rows, err := db.Query(listTables)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		if n != "goose_db_version" {
			names = append(names, n)
		}
	}
	rows.Close()
	out := map[string][][]any{}
	for _, name := range names {
		rows, err := db.Query(fmt.Sprintf(`SELECT * FROM %q`, name))
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			out[name] = append(out[name], vals)
		}
		rows.Close()
		slices.SortFunc(out[name], func(a, b []any) int { return strings.Compare(fmt.Sprint(a...), fmt.Sprint(b...)) })
	}
	if engine == store.Postgres {
		rows, err := db.Query("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			var last sql.NullInt64
			rows.Scan(&name, &last)
			out["sequence "+name] = [][]any{{last}}
		}
		rows.Close()
	}
	return out
}

// TestBackupRestore: a backup of a database with records, users, sessions,
// tokens and audit entries restores into a fresh database with every table
// equal row for row, and a verifiable audit log, on both engines; a database
// that holds data is not restored into.
func TestBackupRestore(t *testing.T) {
	targets := dbs(t)
	for engine, src := range dbs(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			cli(t, src, "seed")
			if _, _, err := runIn(t, noenv, testPassword+"\n", "--db", src, "user", "add", "--email", "a@example.org",
				"--name", "A", "--role", "admin"); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "people.csv")
			os.WriteFile(file, []byte("id,name,source,last_verified,note\nbackup-person,Backup Person,test,,\n"), 0o644)
			cli(t, src, "import", file)
			db, err := store.Open(ctx, src)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Sessions().CommitCtx(ctx, "session-token", []byte{0, 1, 2, 0xff}, time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CreateToken(audit.WithActor(ctx, cliActor), store.Token{Name: "t", Hash: auth.HashToken("secret"),
				Role: auth.Viewer, CreatedBy: 1, ExpiresAt: time.Now().Add(24 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			db.Close()

			backup := filepath.Join(t.TempDir(), "backup")
			if out := cli(t, src, "backup", "--out", backup); !strings.Contains(out, "backed up the "+engine+" database") {
				t.Errorf("backup: %q", out)
			}
			if _, _, err := runCmd(t, noenv, "--db", src, "backup", "--out", backup); err == nil || !strings.Contains(err.Error(), "exists already") {
				t.Errorf("backup over an existing file: %v", err)
			}
			if _, _, err := runCmd(t, noenv, "--db", src, "restore", backup); err == nil || !strings.Contains(err.Error(), "not empty") {
				t.Errorf("restore into a database with data: %v", err)
			}

			dst := targets[engine]
			if out := cli(t, dst, "restore", backup); !strings.Contains(out, "audit log verified") {
				t.Errorf("restore: %q", out)
			}
			want, got := tableDump(t, rawDB(t, src), engine), tableDump(t, rawDB(t, dst), engine)
			if len(want["audit_log"]) < 3 || len(want["sessions"]) != 1 || len(want["api_tokens"]) != 1 || len(want["missions"]) == 0 {
				t.Fatalf("the source lacks data to compare: %d audit entries, %d sessions, %d tokens",
					len(want["audit_log"]), len(want["sessions"]), len(want["api_tokens"]))
			}
			for name, rows := range want {
				if !reflect.DeepEqual(rows, got[name]) {
					t.Errorf("table %s: %d rows restored, %d backed up, or their values differ", name, len(got[name]), len(rows))
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("table %s appeared", name)
				}
			}
			if out := cli(t, dst, "audit", "verify"); !strings.Contains(out, "audit log verified") {
				t.Errorf("audit verify after restore: %q", out)
			}
			// The restored database goes on: the next user gets the next id.
			out, _, err := runIn(t, noenv, testPassword+"\n", "--db", dst, "user", "add", "--email", "b@example.org",
				"--name", "B", "--role", "viewer")
			if err != nil || !strings.Contains(out, "created user 2") {
				t.Errorf("user add after restore: %q, %v", out, err)
			}
		})
	}
}

// TestRestoreRefusesOtherFiles: a file that is not a backup of the
// database's engine is refused, and nothing is restored.
func TestRestoreRefusesOtherFiles(t *testing.T) {
	for engine, dsn := range dbs(t) {
		t.Run(engine, func(t *testing.T) {
			db, err := store.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			version, err := int64(0), db.Migrate(t.Context())
			if err == nil {
				version, err = db.SchemaVersion(t.Context())
			}
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			bad := filepath.Join(t.TempDir(), "bad")
			os.WriteFile(bad, fmt.Appendf(nil, "{\"chancery_dump\":1,\"engine\":\"postgres\",\"schema_version\":%d}\n"+
				"{\"table\":\"settings\",\"columns\":[\"name\",\"value\"]}\n[\"home_state\",\"RW\"]\n", version), 0o644)
			_, _, err = runCmd(t, noenv, "--db", dsn, "restore", bad)
			want := map[string]string{store.SQLite: "not a SQLite backup", store.Postgres: "cut short"}[engine]
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("restore of a bad file: %v, want %q", err, want)
			}
			if n := len(tableDump(t, rawDB(t, dsn), engine)["settings"]); n != 0 {
				t.Errorf("a failed restore left %d settings", n)
			}
		})
	}
}
