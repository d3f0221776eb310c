package importer_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/importer"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
	"github.com/chancery-org/chancery/internal/synthetic"
)

// worldFiles returns a synthetic world of about 100,000 rows as data files:
// 250 states with about 150 missions each, 4 accreditations per mission.
func worldFiles(tb testing.TB) (map[string][]byte, int) {
	tb.Helper()
	seed, err := dataset.Load(data.FS)
	if err != nil {
		tb.Fatal(err)
	}
	world := synthetic.World(seed.Countries, synthetic.Options{MissionsPerState: 150, AccreditationsPerMission: 4})
	files := map[string][]byte{}
	var cur *bytes.Buffer
	err = dataset.Write(world, func(name string) (io.Writer, error) {
		cur = &bytes.Buffer{}
		files[name] = nil
		return closer{cur, func() { files[name] = cur.Bytes() }}, nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	rows := 0
	for _, b := range files {
		rows += bytes.Count(b, []byte("\n")) - 1
	}
	return files, rows
}

type closer struct {
	*bytes.Buffer
	done func()
}

func (c closer) Close() error { c.done(); return nil }

func inputOf(files map[string][]byte) *importer.Input {
	in := &importer.Input{}
	for _, name := range dataset.Files() {
		if b, ok := files[name]; ok {
			in.Files = append(in.Files, importer.File{Name: name, Path: name, Size: int64(len(b)),
				Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }})
		}
	}
	return in
}

// BenchmarkImport imports about 100,000 rows into an empty database, checks
// and writes included, and reports rows per second.
func BenchmarkImport(b *testing.B) {
	files, rows := worldFiles(b)
	for _, engine := range []string{store.SQLite, store.Postgres} {
		b.Run(engine, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := storetest.SQLite(b)
				if engine == store.Postgres {
					db = storetest.Postgres(b)
				}
				ctx := audit.WithActor(b.Context(), audit.Actor{ID: "bench"})
				b.StartTimer()
				plan, err := importer.Prepare(ctx, db, inputOf(files), importer.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if !plan.Report.OK() {
					b.Fatal(plan.Report.Problems[0])
				}
				if err := plan.Apply(ctx, db); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
