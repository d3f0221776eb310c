package store

import (
	"io/fs"
	"regexp"
	"slices"
	"testing"
)

// TestMigrationFoldersMatch checks that both engines have the same migrations:
// same versions under the same names.
func TestMigrationFoldersMatch(t *testing.T) {
	names := map[string][]string{}
	valid := regexp.MustCompile(`^[0-9]{5}_[a-z0-9_]+\.sql$`)
	for _, engine := range []string{SQLite, Postgres} {
		fsys, err := migrationsFS(engine)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !valid.MatchString(e.Name()) {
				t.Errorf("%s: %s is not named NNNNN_name.sql", engine, e.Name())
			}
			names[engine] = append(names[engine], e.Name())
		}
		if len(names[engine]) == 0 {
			t.Errorf("%s: no migrations", engine)
		}
	}
	if !slices.Equal(names[SQLite], names[Postgres]) {
		t.Errorf("migration folders differ:\n  sqlite:   %v\n  postgres: %v", names[SQLite], names[Postgres])
	}
}
