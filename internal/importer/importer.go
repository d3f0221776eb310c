// Package importer loads data files into the store: the CSV files of the seed
// data set (data/README.md, docs/DATA-FORMAT.md) and the data package of the
// API's export, as loose files, directories or zip archives.
//
// An import runs in two steps, so that a caller can show what would happen
// before anything is written. Prepare reads every file row by row, checks each
// field (reporting file, line, field and reason), merges the records with the
// stored ones by their stable ids, validates the merged registry as a whole,
// and compares each record with the stored one: the Plan it returns carries a
// Report of the problems and of what would be created, updated or left
// unchanged per entity. Apply then writes the plan in one store transaction
// (an upsert: new records inserted, changed ones updated over the version
// read), with one audit entry per changed record attributed to the actor of
// the context, or writes nothing. Nothing in this package prints.
//
// Rows are imported as written, indicator actuals with who recorded and
// approved them (recorded_*, approved_*): an import restores or migrates
// records vetted where they were written, and an export of one deployment
// loads into another with identical records. So only the operator
// (Options.Operator: the command line) and those allowed auth.EditPolicy
// (policy officers and admins, Options.Principal) import an actual that is
// new, or differs from the stored one in its indicator, period, value,
// text, evidence or those stamps; for anyone else each such row is a
// problem naming its file, line and field (actuals.go).
//
// Records are never deleted by an import, and settings.csv changes only the
// keys it lists. A Kinyarwanda country name from country_names_rw.csv updates
// the stored country; a country imported without one keeps its stored name.
//
// Cells that a spreadsheet would read as a formula (starting with = + - @)
// are imported as the text they are: the portal and the API never evaluate
// them, and every CSV the system writes guards such cells with an apostrophe
// (csvfile.Writer), which is removed again on import.
package importer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// Store is what an import needs of the store; *store.DB has it.
type Store interface {
	Load(ctx context.Context) (registry.Dataset, error)
	Write(ctx context.Context, fn func(tx *store.Tx) error) error
}

// Problem is one reason an import cannot be applied. A problem of a file
// names the file and, when known, the line and field; a problem of a stored
// record that the import would make invalid names the record instead.
type Problem struct {
	File   string // the path of the file, as in File.Path; "" for a stored record
	Line   int    // 1-based; 0 when the problem is the file as a whole
	Field  string // the column, when known
	Reason string
	Entity string // for a stored record: its entity and id
	ID     string
}

func (p Problem) String() string {
	var b strings.Builder
	switch {
	case p.File == "" && p.Entity == "":
		return p.Reason
	case p.File == "":
		fmt.Fprintf(&b, "stored %s %q", p.Entity, p.ID)
	default:
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
	}
	if p.Field != "" {
		fmt.Fprintf(&b, ": %s", p.Field)
	}
	return b.String() + ": " + p.Reason
}

// Count is what an import does to the records of one entity.
type Count struct {
	Entity    string // as in dataset.Schema: "mission", "settings", …
	Create    int
	Update    int
	Unchanged int
}

// Report says what an import found and what it would do (or did).
type Report struct {
	Files    []string // the paths read, in order
	Skipped  []string // files found that are not data files, not read
	Rows     int      // data rows read
	Problems []Problem
	Counts   []Count // one per entity read, in the order of dataset.Files
	Applied  bool    // the changes were written
}

// OK reports whether the import has no problem.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Changes returns the number of records (and settings) to create or update.
func (r *Report) Changes() int {
	n := 0
	for _, c := range r.Counts {
		n += c.Create + c.Update
	}
	return n
}

// Phases of an import, as given to Options.Progress.
const (
	PhaseRead  = "read"  // done and total are bytes of the files
	PhaseWrite = "write" // done and total are records written
)

// Options tune an import.
type Options struct {
	// Progress, when not nil, is called as the import goes on: during
	// Prepare with PhaseRead, during Apply with PhaseWrite. total is 0 when
	// unknown.
	Progress func(phase string, done, total int64)
	// Principal is who imports, when a signed-in user does (the staff
	// upload). Operator marks an import by the deployment's operator (the
	// command line, which holds the database itself), trusted as an admin.
	// They decide who may import indicator actuals (see actuals.go); with
	// neither, the import is by someone who may not approve actuals.
	Principal auth.Principal
	Operator  bool
}

// Plan is a prepared import: its Report, and the writes Apply makes.
type Plan struct {
	Report   Report
	opt      Options
	settings *registry.Settings // the settings to store; nil when unchanged
	inserts  []any              // records to insert, parents before children
	updates  []any              // records to update, carrying the stored version
}

// Prepare reads the files of in, checks them and compares them with what db
// stores. Problems of the data are in the Plan's Report; the error is for a
// failure of the store or of ctx.
func Prepare(ctx context.Context, db Store, in *Input, opt Options) (*Plan, error) {
	p := &Plan{opt: opt}
	rep := &p.Report
	rep.Skipped = append(rep.Skipped, in.Skipped...)
	rep.Problems = append(rep.Problems, in.Problems...)

	dec := dataset.NewDecoder()
	var total, done int64
	for _, f := range in.Files {
		total += f.Size
	}
	for _, f := range in.Files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rep.Files = append(rep.Files, f.Path)
		if err := readFile(dec, f, func(n int64) {
			if opt.Progress != nil {
				opt.Progress(PhaseRead, done+n, total)
			}
		}); err != nil {
			rep.Problems = append(rep.Problems, Problem{File: f.Path, Reason: "cannot be read: " + err.Error()})
		}
		done += f.Size
	}
	rep.Rows = len(dec.Rows())
	for _, e := range dec.Problems() {
		rep.Problems = append(rep.Problems, fromCSV(e))
	}

	stored, err := db.Load(ctx)
	if err != nil {
		return nil, err
	}
	m := newMerger(&stored, dec)
	m.checkRows(rep)
	m.countries(rep)
	m.settings(rep)
	for _, k := range kinds {
		if c, ok := k.merge(m); ok {
			rep.Counts = append(rep.Counts, c)
		}
	}
	rep.Counts = orderCounts(rep.Counts, m.settingsCount)
	if !opt.mayVetActuals() {
		m.checkActuals(rep)
	}
	if len(in.Files) == 0 && len(rep.Problems) == 0 {
		rep.Problems = append(rep.Problems, Problem{Reason: "no data file to import: name CSV files called like " +
			strings.Join(dataset.Files(), ", ") + ", or a directory or zip archive holding them"})
	}
	m.validate(rep)
	slices.SortStableFunc(rep.Problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	p.settings, p.inserts, p.updates = m.newSettings, m.inserts, m.updates
	return p, nil
}

// readFile reads one file into dec, calling progress with the bytes read.
func readFile(dec *dataset.Decoder, f File, progress func(int64)) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	cr := &countingReader{r: rc, progress: progress}
	dec.ReadFile(f.Name, f.Path, cr, nil)
	return cr.err
}

// countingReader counts the bytes read and keeps the first read error, which
// csvfile reports as a problem of the file too.
type countingReader struct {
	r        io.Reader
	n        int64
	progress func(int64)
	err      error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if n > 0 {
		c.progress(c.n)
	}
	if err != nil && !errors.Is(err, io.EOF) && c.err == nil {
		c.err = err
	}
	return n, err
}

func fromCSV(e *csvfile.Error) Problem {
	return Problem{File: e.File, Line: e.Line, Field: e.Field, Reason: e.Reason}
}

// ErrProblems is returned by Apply for a plan whose report lists problems.
var ErrProblems = errors.New("importer: the import has problems; nothing was written")

// Apply writes the plan in one transaction of db: the settings, the new
// records (parents first), then the changed ones, each over the version
// Prepare read. The store validates the result and appends one audit entry
// per change, attributed to the actor of ctx (audit.WithActor), before it
// commits; on any error nothing is written. A record changed by someone else
// since Prepare makes Apply fail with an error wrapping registry.ErrConflict.
// A plan with no change writes nothing and returns nil.
func (p *Plan) Apply(ctx context.Context, db Store) error {
	if !p.Report.OK() {
		return ErrProblems
	}
	if p.Report.Applied {
		return errors.New("importer: the plan was applied already")
	}
	if p.settings == nil && len(p.inserts) == 0 && len(p.updates) == 0 {
		return nil
	}
	total := int64(len(p.inserts) + len(p.updates))
	err := db.Write(ctx, func(tx *store.Tx) error {
		if p.settings != nil {
			if err := tx.SetSettings(*p.settings); err != nil {
				return err
			}
		}
		var done int64
		step := func() {
			done++
			if p.opt.Progress != nil && (done%256 == 0 || done == total) {
				p.opt.Progress(PhaseWrite, done, total)
			}
		}
		if err := tx.InsertAll(p.inserts, step); err != nil {
			return err
		}
		for _, rec := range p.updates {
			if err := tx.Update(rec); err != nil {
				return err
			}
			step()
		}
		return nil
	})
	if err != nil {
		return err
	}
	p.Report.Applied = true
	return nil
}
