package registry_test

// Benchmarks of the registry's questions on the seed data set ("seed") and on
// a synthetic world-scale network ("world": every country of the seed data
// sends about 60 missions with about 3 accreditations each; see
// internal/synthetic). Budgets (docs/PERFORMANCE.md): world-scale Figures
// under 5 ms, one Find under 10 µs.
//
//	go test -run '^$' -bench . -benchmem -count 6 ./internal/registry/

import (
	"runtime"
	"sync"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/synthetic"
)

// benchAsOf is the date every benchmark asks about: after the last date the
// synthetic world generates, so that all of it is in force.
var benchAsOf = registry.MustDate("2026-07-01")

var (
	seedOnce sync.Once
	seedDS   registry.Dataset
	seedErr  error

	countriesOnce sync.Once
	countries     []registry.Country
)

func loadSeed() (registry.Dataset, error) {
	seedOnce.Do(func() { seedDS, seedErr = dataset.Load(data.FS) })
	return seedDS, seedErr
}

// seedRegistry returns the registry of the seed data set.
func seedRegistry(b *testing.B) *registry.Registry {
	b.Helper()
	ds, err := loadSeed()
	if err != nil {
		b.Fatal(err)
	}
	return registry.New(ds.Clone())
}

// seedCountries returns the seed data set's countries.
func seedCountries(b *testing.B) []registry.Country {
	b.Helper()
	ds, err := loadSeed()
	if err != nil {
		b.Fatal(err)
	}
	return ds.Countries
}

// world builds the synthetic world data set and its registry. It is built
// again for each benchmark rather than kept in a variable: a world-sized live
// heap makes every garbage collection longer and would slow the seed
// benchmarks that run after it. The registry shares the data set's records;
// neither must be changed.
func world(b *testing.B) (registry.Dataset, *registry.Registry) {
	b.Helper()
	countriesOnce.Do(func() { countries = seedCountries(b) })
	ds := synthetic.World(countries, synthetic.Options{Home: "RW"})
	r := registry.New(ds)
	b.Cleanup(clearSinks) // let the world go when the benchmark ends
	runtime.GC()          // collect the generator's garbage before the timed loop
	return ds, r
}

// Sinks keep results alive.
var (
	sinkFigures *registry.Figures
	sinkAnswer  *registry.Answer
	sinkList    *registry.DiplomaticList
	sinkReg     *registry.Registry
	sinkErr     error
)

func clearSinks() { sinkFigures, sinkAnswer, sinkList, sinkReg, sinkErr = nil, nil, nil, nil, nil }

// both runs fn on the seed registry and on the world registry.
func both(b *testing.B, fn func(b *testing.B, r *registry.Registry)) {
	b.Run("seed", func(b *testing.B) {
		r := seedRegistry(b)
		runtime.GC()
		fn(b, r)
	})
	b.Run("world", func(b *testing.B) {
		_, r := world(b)
		fn(b, r)
	})
}

func BenchmarkFigures(b *testing.B) {
	both(b, func(b *testing.B, r *registry.Registry) {
		b.ReportAllocs()
		for b.Loop() {
			sinkFigures = r.Figures(benchAsOf)
		}
	})
}

// BenchmarkFind times one lookup, going round every country in turn.
func BenchmarkFind(b *testing.B) {
	both(b, func(b *testing.B, r *registry.Registry) {
		codes := make([]string, 0, len(r.Dataset().Countries))
		for _, c := range r.Dataset().Countries {
			codes = append(codes, c.ISO2)
		}
		if len(codes) == 0 {
			b.Skip("no countries")
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sinkAnswer = r.Find(codes[i], benchAsOf)
			if i++; i == len(codes) {
				i = 0
			}
		}
	})
}

func BenchmarkPrecedence(b *testing.B) {
	both(b, func(b *testing.B, r *registry.Registry) {
		b.ReportAllocs()
		for b.Loop() {
			sinkList = r.Precedence(benchAsOf)
		}
	})
}

// BenchmarkNew times building the indexed snapshot, as after each committed write.
func BenchmarkNew(b *testing.B) {
	b.Run("world", func(b *testing.B) {
		ds, _ := world(b)
		b.ReportAllocs()
		for b.Loop() {
			sinkReg = registry.New(ds) // the same records each time, even if New reorders them
		}
	})
}

// BenchmarkValidate times checking every record and rule, as before each write.
func BenchmarkValidate(b *testing.B) {
	b.Run("world", func(b *testing.B) {
		_, r := world(b)
		b.ReportAllocs()
		for b.Loop() {
			sinkErr = r.Validate()
		}
		if sinkErr != nil {
			b.Fatalf("synthetic world does not validate: %v", sinkErr)
		}
	})
}
