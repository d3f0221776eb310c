package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/importer"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/synthetic"
)

// demoActor is the actor the audit log credits with the synthetic world.
var demoActor = audit.Actor{ID: "system:demo"}

// demoCommand runs "chancery demo world [--force]": it loads
// synthetic.World over the seed's countries through the importer, in one
// transaction. On an empty database the world comes alone, with its
// settings (home state RW); on a database holding the seed data set it is
// added beside it (the seed's records and settings are kept). A database
// holding any record that is neither in the seed data set nor synthetic is
// refused unless --force, so that demo data never mixes into a real registry
// by accident. Every synthetic record carries the source "synthetic" and a
// note saying it is invented.
func demoCommand(ctx context.Context, cfg config, args []string, stdout io.Writer, logger *slog.Logger) error {
	if len(args) == 0 || args[0] != "world" {
		if len(args) > 0 {
			return usageError{fmt.Sprintf("demo: unknown subcommand %q", args[0])}
		}
		return usageError{"demo: want a subcommand: world"}
	}
	fs := newFlags("demo world")
	force := fs.Bool("force", false, "")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	seed, err := dataset.Load(data.FS)
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	stored, err := db.Load(ctx)
	if err != nil {
		return err
	}
	if entity, id := foreignRecord(stored, seed); entity != "" && !*force {
		return fmt.Errorf("demo world: the database holds %s %q, which is neither in the seed data set nor synthetic: "+
			"load the demo into a new database (--db), or pass --force to add it anyway", entity, id)
	}
	world := synthetic.World(seed.Countries, synthetic.Options{})
	empty := len(stored.Countries) == 0 && len(stored.Missions) == 0
	files := map[string][]byte{}
	err = dataset.Write(world, func(name string) (io.Writer, error) {
		if name == "settings.csv" && !empty {
			return io.Discard, nil // keep the stored settings
		}
		b := &bytes.Buffer{}
		files[name] = nil
		return &fileBuffer{Buffer: b, done: func() { files[name] = b.Bytes() }}, nil
	})
	if err != nil {
		return err
	}
	in := &importer.Input{}
	for _, name := range dataset.Files() {
		if b, ok := files[name]; ok {
			in.Files = append(in.Files, importer.File{Name: name, Path: "synthetic/" + name, Size: int64(len(b)),
				Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }})
		}
	}
	plan, err := importer.Prepare(ctx, db, in, importer.Options{Operator: true}) // run by the operator, as chancery import
	if err != nil {
		return err
	}
	if !plan.Report.OK() {
		printImportReport(stdout, &plan.Report)
		return fmt.Errorf("demo world: the synthetic world does not fit the stored data; nothing was written")
	}
	if err := plan.Apply(audit.WithActor(ctx, demoActor), db); err != nil {
		return fmt.Errorf("demo world: nothing was written: %w", err)
	}
	logger.Info("synthetic world loaded", "records", plan.Report.Changes(), "db", redact(cfg.db))
	fmt.Fprintf(stdout, "loaded the synthetic world: %d states, %d missions, %d accreditations, %d appointments, %d memberships (%d records written; source %q)\n",
		len(world.Countries), len(world.Missions), len(world.Accreditations), len(world.Appointments), len(world.Memberships),
		plan.Report.Changes(), synthetic.Source)
	return nil
}

// fileBuffer is a buffer that reports when dataset.Write closes it.
type fileBuffer struct {
	*bytes.Buffer
	done func()
}

func (f *fileBuffer) Close() error { f.done(); return nil }

// foreignRecord returns the entity and id of a stored record that is neither
// in the seed data set nor synthetic; "" when there is none.
func foreignRecord(stored, seed registry.Dataset) (entity, id string) {
	known := map[string]bool{}
	key := func(e, id string) string { return e + "\x00" + id }
	visit(&seed, func(e, id string, m registry.Meta) { known[key(e, id)] = true })
	visit(&stored, func(e, i string, m registry.Meta) {
		if entity == "" && !known[key(e, i)] && m.Source != synthetic.Source {
			entity, id = e, i
		}
	})
	return entity, id
}

// visit calls fn for every record of ds but the countries (which the seed
// and the synthetic world share).
func visit(ds *registry.Dataset, fn func(entity, id string, m registry.Meta)) {
	ds.EachRecord(func(entity, id string, m *registry.Meta) {
		if entity != "country" {
			fn(entity, id, *m)
		}
	})
}
