package importer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/importer"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

var testActor = audit.Actor{ID: "test:importer"}

// seeded returns a store holding the seed data set.
func seeded(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Seed(t.Context(), ds); err != nil {
		t.Fatal(err)
	}
	return db
}

// prepare runs Prepare on the given paths, as the operator.
func prepare(t *testing.T, db *store.DB, paths ...string) *importer.Plan {
	t.Helper()
	return prepareWith(t, db, importer.Options{Operator: true}, paths...)
}

// prepareWith runs Prepare on the given paths with opt.
func prepareWith(t *testing.T, db *store.DB, opt importer.Options, paths ...string) *importer.Plan {
	t.Helper()
	in := &importer.Input{}
	t.Cleanup(func() { in.Close() })
	for _, p := range paths {
		in.Add(p)
	}
	plan, err := importer.Prepare(t.Context(), db, in, opt)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func lastSeq(t *testing.T, db *store.DB) int64 {
	t.Helper()
	e, _, err := db.LastAuditEntry(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return e.Seq
}

// bigField writes a people.csv whose name is n bytes long; with newlines,
// the field holds a line break every 1,000 bytes.
func bigField(t *testing.T, n int, newlines bool) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,name,source,last_verified,note\np-big,\"")
	for i := range n {
		if newlines && i%1000 == 999 {
			b.WriteByte('\n')
		} else {
			b.WriteByte('x')
		}
	}
	b.WriteString("\",s,,\n")
	p := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBadInput: every malformed file gets a clear report naming the file,
// line and field, and nothing is written, on both engines.
func TestBadInput(t *testing.T) {
	bad := func(name string) string { return filepath.Join("testdata", "bad", name) }
	tests := []struct {
		name  string
		paths func(t *testing.T) []string
		want  []string // substrings of the problems, in order
	}{
		{"wrong header", files(bad("wrong-header")), []string{"wrong-header/missions.csv:1: id: required column is missing from the header"}},
		{"unknown column", files(bad("unknown-column")), []string{"unknown-column/people.csv:1: colour: unknown column"}},
		{"missing columns", files(bad("missing-columns")), []string{"missing-columns/accreditations.csv:1: receiver_type: required column is missing"}},
		{"short row", files(bad("short-row")), []string{"short-row/people.csv:3: has 2 fields, the header has 5"}},
		{"latin-1", files(bad("latin1")), []string{"latin1/people.csv:2: name: is not valid UTF-8: save the file as UTF-8 (it may be Latin-1"}},
		{"bare quote", files(bad("bare-quote")), []string{`bare-quote/people.csv:2: bare " in non-quoted-field`}},
		{"unterminated quote", files(bad("unterminated-quote")), []string{`unterminated-quote/people.csv:2: extraneous or missing " in quoted-field`}},
		{"line numbers after embedded newlines", files(bad("newline-then-error")), []string{"newline-then-error/people.csv:5: name: is required"}},
		{"duplicate ids", files(bad("duplicate-ids")), []string{`duplicate-ids/people.csv:4: id: "p-dup" appears twice: it is on ` + filepath.Join("testdata", "bad", "duplicate-ids") + "/people.csv line 2 already"}},
		{"missing reference", files(bad("missing-reference")), []string{`missing-reference/accreditations.csv:2: mission: mission "no-such-mission" does not exist`}},
		{"bad date", files(bad("bad-date")), []string{`bad-date/people.csv:2: last_verified: "2024-13-45" has no month 13`}},
		{"bad ids", files(bad("bad-id")), []string{`bad-id/people.csv:2: id: "Not A Slug" must be lower-case`, "bad-id/people.csv:3: id: is required"}},
		{"bad value", files(bad("bad-value")), []string{`bad-value/missions.csv:2: kind: "palace" is not one of embassy`}},
		{"bad setting", files(bad("bad-setting")), []string{`bad-setting/settings.csv:3: fiscal_year_start: 13 is not a month: want 1 (January) to 12 (December)`}},
		{"empty file", files(bad("empty")), []string{"empty/people.csv:1: is empty: a header row is required"}},
		{"not a data file", files(bad("not-a-data-file/glossary.csv")), []string{"glossary.csv: is not a data file"}},
		{"no data file in a directory", files(bad("not-a-data-file")), []string{"no data file to import"}},
		{"unknown package resource", files(bad("package")), []string{`resource "secrets.csv" is not a data file`, `resource "people.csv" is missing from the package`}},
		{"bad descriptor", files(bad("bad-package")), []string{"bad-package/datapackage.json: is not a Data Package descriptor"}},
		{"damaged zip", files(bad("damaged.zip")), []string{"damaged.zip: is not a readable zip archive"}},
		{"missing path", files(bad("no-such-file.csv")), []string{"no-such-file.csv: cannot be read: no such file or directory"}},
		{"10 MB field on one line", func(t *testing.T) []string { return []string{bigField(t, 10<<20, false)} },
			[]string{"people.csv:2: line is longer than 1048576 bytes; a field may hold at most 65536 bytes"}},
		{"10 MB field over many lines", func(t *testing.T) []string { return []string{bigField(t, 10<<20, true)} },
			[]string{"people.csv:2: name: is 10485760 bytes long; a field may hold at most 65536 bytes"}},
		{"field over the registry's limit", func(t *testing.T) []string { return []string{bigField(t, 3000, false)} },
			[]string{"people.csv:2: name: "}},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		ctx := audit.WithActor(t.Context(), testActor)
		before := lastSeq(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				plan := prepare(t, db, tt.paths(t)...)
				rep := plan.Report
				if rep.OK() {
					t.Fatalf("no problem reported; counts %+v", rep.Counts)
				}
				var got []string
				for _, p := range rep.Problems {
					got = append(got, p.String())
				}
				if len(got) != len(tt.want) {
					t.Errorf("%d problems, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
				}
				for i, w := range tt.want {
					if i >= len(got) || !strings.Contains(got[i], w) {
						t.Errorf("problem %d does not contain %q:\n%s", i, w, strings.Join(got, "\n"))
					}
				}
				if err := plan.Apply(ctx, db); !errors.Is(err, importer.ErrProblems) {
					t.Errorf("Apply = %v, want ErrProblems", err)
				}
				if seq := lastSeq(t, db); seq != before {
					t.Errorf("the audit log grew from %d to %d entries", before, seq)
				}
			})
		}
	})
}

// files returns the paths, for the table of TestBadInput.
func files(paths ...string) func(*testing.T) []string {
	return func(*testing.T) []string { return paths }
}

// TestOddButValidInput: a byte order mark, quoted line breaks and quotes,
// and cells a spreadsheet would take for formulas are imported as written.
func TestOddButValidInput(t *testing.T) {
	good := func(name string) string { return filepath.Join("testdata", "good", name) }
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		ctx := audit.WithActor(t.Context(), testActor)
		plan := prepare(t, db, good("bom"), good("newlines"), good("formula"))
		if !plan.Report.OK() {
			t.Fatalf("problems: %v", plan.Report.Problems)
		}
		if err := plan.Apply(ctx, db); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Load(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		people := map[string]registry.Person{}
		for _, p := range ds.People {
			people[p.ID] = p
		}
		for id, want := range map[string][2]string{
			"p-bom":     {"Bom Person", ""},
			"p-nl":      {"Ann\nLee", "a \"quoted\"\nnote"},
			"p-formula": {`=HYPERLINK("http://evil.example";"x")`, "=1+1"},
			"p-plus":    {"+250 788 000 000", "@SUM(A1)"},
		} {
			if p := people[id]; p.Name != want[0] || p.Note != want[1] {
				t.Errorf("%s: name %q note %q, want %q %q", id, p.Name, p.Note, want[0], want[1])
			}
		}
		// The export guards the formula cells again.
		var out strings.Builder
		w := csvfile.NewWriter(&out)
		w.Write([]string{people["p-formula"].Name, people["p-plus"].Note})
		w.Flush()
		if got := out.String(); !strings.HasPrefix(got, `"'=HYPERLINK(`) || !strings.Contains(got, "'@SUM(A1)") {
			t.Errorf("exported cells not guarded: %s", got)
		}
	})
}

// TestPlanAndApply: the plan counts creates, updates and unchanged records
// and settings; Apply writes them in one transaction with audit entries;
// a concurrent change makes Apply fail and write nothing.
func TestPlanAndApply(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		ctx := audit.WithActor(t.Context(), testActor)
		dir := t.TempDir()
		write := func(name, content string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		people := write("people.csv", "id,name,source,last_verified,note\n"+
			"p-new,New Person,test,,\n")
		// August, not January: the seed's indicators have periods of
		// fiscal years spanning two calendar years.
		settings := write("settings.csv", "key,value,source,note\nconsular_contact,call +250 000,test,\nhome_state,RW,,\nfiscal_year_start,8,,\n")
		rw := write("country_names_rw.csv", "iso2,name_rw,source,last_verified,note\nKE,Kenya-rw-test,,,\n")
		plan := prepare(t, db, people, settings, rw)
		if !plan.Report.OK() {
			t.Fatalf("problems: %v", plan.Report.Problems)
		}
		want := map[string]importer.Count{
			"settings": {Entity: "settings", Update: 2, Unchanged: 1},
			"country":  {Entity: "country", Update: 1},
			"person":   {Entity: "person", Create: 1},
		}
		if len(plan.Report.Counts) != len(want) {
			t.Errorf("counts %+v", plan.Report.Counts)
		}
		for _, c := range plan.Report.Counts {
			if c != want[c.Entity] {
				t.Errorf("count %+v, want %+v", c, want[c.Entity])
			}
		}
		// Someone changes Kenya between Prepare and Apply.
		if err := db.Write(ctx, func(tx *store.Tx) error {
			ds, err := tx.Load()
			if err != nil {
				return err
			}
			for i := range ds.Countries {
				if ds.Countries[i].ISO2 == "KE" {
					ds.Countries[i].Meta.Note = "changed meanwhile"
					return tx.Update(&ds.Countries[i])
				}
			}
			return errors.New("no KE")
		}); err != nil {
			t.Fatal(err)
		}
		before := lastSeq(t, db)
		if err := plan.Apply(ctx, db); !errors.Is(err, registry.ErrConflict) {
			t.Fatalf("Apply after a concurrent change = %v, want a conflict", err)
		}
		if seq := lastSeq(t, db); seq != before {
			t.Fatalf("the failed Apply wrote %d audit entries", seq-before)
		}
		// Prepared again, it applies: 1 person, 1 country, settings.
		plan = prepare(t, db, people, settings, rw)
		if err := plan.Apply(ctx, db); err != nil {
			t.Fatal(err)
		}
		if got := lastSeq(t, db) - before; got != 3 {
			t.Errorf("%d audit entries, want 3 (person, country, settings)", got)
		}
		ds, _ := db.Load(t.Context())
		if ds.Settings.ConsularContact != "call +250 000" || ds.Settings.HomeState != "RW" || ds.Settings.FiscalYearStart != time.August {
			t.Errorf("settings %+v", ds.Settings)
		}
		for _, c := range ds.Countries {
			if c.ISO2 == "KE" && (c.Names.RW != "Kenya-rw-test" || c.Meta.Note != "changed meanwhile") {
				t.Errorf("KE: %+v", c)
			}
		}
		entries, _ := db.AuditEntries(t.Context(), "person", "p-new")
		if len(entries) != 1 || entries[0].Actor != testActor.ID {
			t.Errorf("audit of p-new: %+v", entries)
		}
		// Applying it again is refused; preparing it again finds nothing to do.
		if err := plan.Apply(ctx, db); err == nil {
			t.Error("a plan applied twice")
		}
		if n := prepare(t, db, people, settings, rw).Report.Changes(); n != 0 {
			t.Errorf("%d changes after the import", n)
		}
	})
}

// TestApplyNeedsActor: the store's rule holds through the importer.
func TestApplyNeedsActor(t *testing.T) {
	db := seeded(t, storetest.SQLite(t))
	plan := prepare(t, db, filepath.Join("testdata", "good", "bom"))
	if err := plan.Apply(context.Background(), db); !errors.Is(err, store.ErrNoActor) {
		t.Errorf("Apply without an actor = %v", err)
	}
}
