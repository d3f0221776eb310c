package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/chancery-org/chancery/internal/api"
	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/importer"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// maxShownProblems is how many problems the import report lists.
const maxShownProblems = 200

// openMigrated opens and migrates the database without seeding it: import,
// export, backup and restore act on the database as it is.
func openMigrated(ctx context.Context, cfg config) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.db)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// importCommand runs "chancery import [--dry-run] [--as EMAIL] FILE|DIR|ZIP...".
func importCommand(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import")
	dryRun := fs.Bool("dry-run", false, "")
	as := fs.String("as", "", "")
	if err := fs.Parse(args); err != nil {
		return usageError{"import: " + err.Error()}
	}
	if fs.NArg() == 0 {
		return usageError{"import: name at least one FILE, DIR or ZIP to import"}
	}
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	actor := cliActor
	if *as != "" {
		u, err := db.UserByEmail(ctx, *as)
		if err != nil {
			return fmt.Errorf("import: --as: no account has the email %q", store.NormalizeEmail(*as))
		}
		if u.Disabled() {
			return fmt.Errorf("import: --as: the account %s is disabled", u.Email)
		}
		actor = audit.Actor{ID: audit.UserActor(u.ID)}
	}

	in := &importer.Input{}
	defer in.Close()
	for _, p := range fs.Args() {
		in.Add(p)
	}
	bar := newProgress(stderr)
	// The command line is the operator, who holds the database itself: as
	// for every other command, no role applies (--as only names whom the
	// audit log credits), so actuals are imported as written, like an admin.
	plan, err := importer.Prepare(ctx, db, in, importer.Options{Progress: bar.update, Operator: true})
	bar.done()
	if err != nil {
		return err
	}
	rep := &plan.Report
	if rep.OK() && !*dryRun {
		err = plan.Apply(audit.WithActor(ctx, actor), db)
		bar.done()
		if err != nil {
			var ve *registry.ValidationError
			if errors.As(err, &ve) || errors.Is(err, registry.ErrConflict) || errors.Is(err, store.ErrExists) {
				printImportReport(stdout, rep)
				return fmt.Errorf("import: the database changed while the files were checked; nothing was written, run the import again: %w", err)
			}
			return fmt.Errorf("import: nothing was written: %w", err)
		}
	}
	printImportReport(stdout, rep)
	switch {
	case !rep.OK():
		return fmt.Errorf("import: %d problem(s); nothing was written", len(rep.Problems))
	case *dryRun:
		fmt.Fprintln(stdout, "dry run: nothing was written")
	case rep.Applied:
		fmt.Fprintf(stdout, "imported: %d change(s) written in one transaction, attributed to %s in the audit log\n", rep.Changes(), actor.ID)
	default:
		fmt.Fprintln(stdout, "nothing to change: every record is already stored as imported")
	}
	return nil
}

// printImportReport writes the files read, the problems and the summary per
// entity.
func printImportReport(w io.Writer, rep *importer.Report) {
	fmt.Fprintf(w, "read %d file(s), %d row(s)\n", len(rep.Files), rep.Rows)
	for _, f := range rep.Files {
		fmt.Fprintf(w, "  %s\n", f)
	}
	if len(rep.Skipped) > 0 {
		fmt.Fprintf(w, "skipped (not data files): %s\n", strings.Join(rep.Skipped, ", "))
	}
	if len(rep.Problems) > 0 {
		fmt.Fprintf(w, "\n%d problem(s):\n", len(rep.Problems))
		for i, p := range rep.Problems {
			if i == maxShownProblems {
				fmt.Fprintf(w, "  … and %d more\n", len(rep.Problems)-maxShownProblems)
				break
			}
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	if len(rep.Counts) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "entity\tcreate\tupdate\tunchanged\t")
		for _, c := range rep.Counts {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", c.Entity, c.Create, c.Update, c.Unchanged)
		}
		tw.Flush()
	}
}

// progress shows an import's progress as a bar on a terminal, and nothing
// elsewhere.
type progress struct {
	w     io.Writer // nil when not a terminal
	phase string
	bar   *progressbar.ProgressBar
}

func newProgress(stderr io.Writer) *progress {
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return &progress{w: f}
		}
	}
	return &progress{}
}

func (p *progress) update(phase string, done, total int64) {
	if p.w == nil {
		return
	}
	if phase != p.phase {
		p.done()
		p.phase = phase
		desc := "checking"
		opts := []progressbar.Option{progressbar.OptionSetWriter(p.w), progressbar.OptionThrottle(100 * time.Millisecond),
			progressbar.OptionClearOnFinish(), progressbar.OptionSetPredictTime(true)}
		if phase == importer.PhaseRead {
			opts = append(opts, progressbar.OptionShowBytes(true))
		} else {
			desc = "writing"
			opts = append(opts, progressbar.OptionShowCount())
		}
		p.bar = progressbar.NewOptions64(max(total, 1), append(opts, progressbar.OptionSetDescription(desc))...)
	}
	p.bar.Set64(done) //nolint:errcheck // display only
}

func (p *progress) done() {
	if p.bar != nil {
		p.bar.Finish() //nolint:errcheck // display only
		p.bar, p.phase = nil, ""
	}
}

// exportCommand runs "chancery export --format csv|json --out PATH".
func exportCommand(ctx context.Context, cfg config, args []string, stdout io.Writer) error {
	fs := newFlags("export")
	format := fs.String("format", "csv", "")
	out := fs.String("out", "", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "csv" && *format != "json" {
		return usageError{fmt.Sprintf("export: --format: %q is not csv or json", *format)}
	}
	if *out == "" {
		return usageError{"export: --out PATH is required"}
	}
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	ds, err := db.Load(ctx)
	if err != nil {
		return err
	}
	switch {
	case *format == "json":
		err = writeFileAtomic(*out, func(w io.Writer) error { return writeJSONExport(w, ds) })
	case strings.EqualFold(filepath.Ext(*out), ".zip"):
		var zb []byte
		if zb, err = exportZip(ds); err == nil {
			err = writeFileAtomic(*out, func(w io.Writer) error { _, err := w.Write(zb); return err })
		}
	default:
		err = exportDir(ds, *out)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stdout, "exported %s to %s\n", *format, *out)
	return nil
}

// exportZip returns the data package exactly as the API serves it at
// /api/v1/export.zip.
func exportZip(ds registry.Dataset) ([]byte, error) {
	reg := registry.New(ds)
	h := api.New(func() *registry.Registry { return reg }, slog.New(slog.DiscardHandler))
	req, err := http.NewRequest(http.MethodGet, "/api/v1/export.zip", nil)
	if err != nil {
		return nil, err
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(rec, req)
	if rec.status != http.StatusOK {
		return nil, fmt.Errorf("the data package could not be built (%d): %s", rec.status, rec.body.String())
	}
	return rec.body.Bytes(), nil
}

// recorder is an http.ResponseWriter keeping the response in memory.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

// exportDir writes the data package's files into dir, which must not exist
// or be empty: the same bytes as the files of the zip.
func exportDir(ds registry.Dataset, dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: export into a new or empty directory", dir)
	}
	zb, err := exportZip(ds)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f.Name)), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// jsonExport is the whole registry as one JSON document: every record with
// its version and revision, and the deletions.
type jsonExport struct {
	Format          string                    `json:"format"`
	Settings        registry.Settings         `json:"settings"`
	Countries       []registry.Country        `json:"countries"`
	Relations       []registry.RelationEvent  `json:"relations"`
	Organisations   []registry.Organisation   `json:"organisations"`
	Missions        []registry.Mission        `json:"missions"`
	Accreditations  []registry.Accreditation  `json:"accreditations"`
	People          []registry.Person         `json:"people"`
	Appointments    []registry.Appointment    `json:"appointments"`
	HonoraryConsuls []registry.HonoraryConsul `json:"honorary_consuls"`
	Memberships     []registry.Membership     `json:"memberships"`
	DeclaredFigures []registry.DeclaredFigure `json:"declared_figures"`
	FinderNotes     []registry.FinderNote     `json:"finder_notes"`
	Deletions       []registry.Deletion       `json:"deletions"`
}

// jsonFormat names the JSON export's format and its version.
const jsonFormat = "chancery-registry/1"

func writeJSONExport(w io.Writer, ds registry.Dataset) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(jsonExport{
		Format: jsonFormat, Settings: ds.Settings, Countries: nonNil(ds.Countries), Relations: nonNil(ds.Relations),
		Organisations: nonNil(ds.Organisations), Missions: nonNil(ds.Missions), Accreditations: nonNil(ds.Accreditations),
		People: nonNil(ds.People), Appointments: nonNil(ds.Appointments), HonoraryConsuls: nonNil(ds.HonoraryConsuls),
		Memberships: nonNil(ds.Memberships), DeclaredFigures: nonNil(ds.DeclaredFigures), FinderNotes: nonNil(ds.FinderNotes),
		Deletions: nonNil(ds.Deletions),
	})
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// writeFileAtomic writes path through a temporary file renamed into place,
// so that a failed export leaves no partial file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
