package api

// Benchmarks of the API's handlers, one Benchmark function per resource, each
// on the seed data set ("seed") and on a synthetic world-scale network
// ("world": synthetic.World over the seed data's countries, default options,
// about 15,000 missions), and each in three variants:
//
//   - cached: the same request again and again through Server.ServeHTTP, as
//     the production server routes it: a cache hit, with every shared HTTP
//     semantic of endpoint() (CORS, content negotiation, ETag, headers).
//   - uncached: the same request through Server.ServeHTTP, but the snapshot
//     alternates between two registries of the same records, so that every
//     request misses the cache: parameters are parsed, the response is
//     computed, hashed for its ETag and stored, as on the first request after
//     a committed write.
//   - bare: a handler that only sets Content-Type and Content-Length and writes
//     the same bytes, the floor cached can be compared with.
//
// The handlers are called directly (no network) with an httptest recorder
// whose body buffer is reused, so that the time is the handler's.
// docs/PERFORMANCE.md ("API") has the results and the load test over the
// network (bench/compare.sh).
//
//	go test -run '^$' -bench . -benchmem -count 5 ./internal/api/

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/synthetic"
)

var (
	benchSeedOnce sync.Once
	benchSeed     registry.Dataset
	benchSeedErr  error
)

func benchFixtures(b *testing.B) registry.Dataset {
	b.Helper()
	benchSeedOnce.Do(func() {
		benchSeed, benchSeedErr = dataset.Load(data.FS)
	})
	if benchSeedErr != nil {
		b.Fatalf("seed data: %v", benchSeedErr)
	}
	return benchSeed
}

// benchRegistries returns two registries of the same records: the snapshot of
// the cached benchmarks, and another one the uncached benchmarks alternate
// with it. The world is built again for each benchmark rather than kept in a
// variable, so that its live heap does not slow the garbage collections of
// the benchmarks that run after it.
func benchRegistries(b *testing.B, scale string) (*registry.Registry, *registry.Registry) {
	b.Helper()
	seed := benchFixtures(b)
	var ds registry.Dataset
	switch scale {
	case "seed":
		ds = seed.Clone()
	case "world":
		ds = synthetic.World(seed.Countries, synthetic.Options{})
	default:
		b.Fatalf("unknown scale %q", scale)
	}
	r1 := registry.New(ds.Clone())
	r2 := registry.New(ds)
	runtime.GC() // collect the generator's garbage before the timed loops
	return r1, r2
}

// benchFiltered is the filtered world-scale query of the load test: the
// embassies in Africa (M49 002) open on a date, first page.
const benchFiltered = "/api/v1/missions?kind=embassy&region=002&as_of=2026-07-01&limit=100"

// benchHomeMission returns the id of the home state's first mission.
func benchHomeMission(reg *registry.Registry) string {
	home := registry.StateParty(reg.Dataset().Settings.HomeState)
	for _, m := range reg.Dataset().Missions {
		if m.Sender == home {
			return m.ID
		}
	}
	return "none"
}

func BenchmarkFigures(b *testing.B)  { benchRoute(b, "/api/v1/figures") }
func BenchmarkMissions(b *testing.B) { benchRoute(b, "/api/v1/missions") }
func BenchmarkMissionsFiltered(b *testing.B) {
	benchRoute(b, benchFiltered)
}
func BenchmarkMission(b *testing.B) {
	benchRouteFor(b, func(reg *registry.Registry) string { return "/api/v1/missions/" + benchHomeMission(reg) })
}
func BenchmarkAccreditations(b *testing.B)  { benchRoute(b, "/api/v1/accreditations") }
func BenchmarkCountries(b *testing.B)       { benchRoute(b, "/api/v1/countries") }
func BenchmarkCountry(b *testing.B)         { benchRoute(b, "/api/v1/countries/KE") }
func BenchmarkOrganisations(b *testing.B)   { benchRoute(b, "/api/v1/organisations") }
func BenchmarkMemberships(b *testing.B)     { benchRoute(b, "/api/v1/memberships") }
func BenchmarkHonoraryConsuls(b *testing.B) { benchRoute(b, "/api/v1/honorary-consuls") }
func BenchmarkDiplomaticList(b *testing.B)  { benchRoute(b, "/api/v1/diplomatic-list") }
func BenchmarkPolicy(b *testing.B)          { benchRoute(b, "/api/v1/policy") }

func benchRoute(b *testing.B, target string) {
	benchRouteFor(b, func(*registry.Registry) string { return target })
}

// benchRouteFor runs the cached, uncached and bare variants of one request on
// the seed registry and on the world registry.
func benchRouteFor(b *testing.B, target func(*registry.Registry) string) {
	for _, scale := range []string{"seed", "world"} {
		b.Run(scale, func(b *testing.B) {
			r1, r2 := benchRegistries(b, scale)
			req := httptest.NewRequest(http.MethodGet, target(r1), nil)
			logger := slog.New(slog.DiscardHandler)

			// The response, checked once; the bare handler writes its bytes.
			first := httptest.NewRecorder()
			New(func() *registry.Registry { return r1 }, logger).ServeHTTP(first, req)
			if first.Code != http.StatusOK {
				b.Fatalf("GET %s: status %d: %s", req.URL, first.Code, first.Body)
			}
			body, contentType := first.Body.Bytes(), first.Header().Get("Content-Type")
			scratch := make([]byte, 0, len(body)+512)

			run := func(b *testing.B, h http.Handler) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					rec := httptest.NewRecorder()
					rec.Body = bytes.NewBuffer(scratch[:0])
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK || rec.Body.Len() != len(body) {
						b.Fatalf("GET %s: status %d, %d bytes, want 200 and %d bytes", req.URL, rec.Code, rec.Body.Len(), len(body))
					}
				}
			}
			b.Run("cached", func(b *testing.B) {
				run(b, New(func() *registry.Registry { return r1 }, logger))
			})
			b.Run("uncached", func(b *testing.B) {
				var n int
				run(b, New(func() *registry.Registry {
					n++ // one call per request: a new snapshot each time
					if n%2 == 0 {
						return r2
					}
					return r1
				}, logger))
			})
			b.Run("bare", func(b *testing.B) {
				length := strconv.Itoa(len(body))
				run(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					h := w.Header()
					h.Set("Content-Type", contentType)
					h.Set("Content-Length", length)
					w.Write(body)
				}))
			})
		})
	}
}
