// Command apiserver serves chancery's HTTP handlers over an in-memory registry,
// for load tests (bench/compare.sh): the seed data set, or with --world a
// synthetic world-scale network (synthetic.World over the seed data's
// countries, default options). The handler stack is the one cmd/chancery's
// serve builds (site.New: api.New for /api/, the portal for the rest, request
// ids, metrics and one JSON log line per request on stderr, buffered;
// site.NewServer's timeouts). With --db the registry is loaded from a SQLite
// database, as serve loads it, so that every record carries its stored
// version, revision and time and the responses are byte for byte the size
// production serves: the seed data set is first written to the file when it
// does not exist, and a file an earlier --db seeded is read as it is, so that
// servers started on it in turn send the same bytes. Without --db the
// registry comes straight from the embedded files.
//
// It listens on loopback only.
//
//	go run ./bench/apiserver --addr 127.0.0.1:18181 [--world | --db FILE] [--pprof 127.0.0.1:18190]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"time"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/accesslog"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/metrics"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/site"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/synthetic"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18181", "loopback `host:port` to listen on")
	world := flag.Bool("world", false, "serve a synthetic world-scale network instead of the seed data set")
	dbPath := flag.String("db", "", "serve the registry loaded from the SQLite database at this `file`, seeding it first when it does not exist")
	pprofAddr := flag.String("pprof", "", "also serve net/http/pprof on this loopback `host:port`, on its own listener (for profiling a load test)")
	flag.Parse()
	site.TuneGC(os.Getenv) // as cmd/chancery serve does
	access := accesslog.NewWriter(os.Stderr, 100*time.Millisecond)
	defer access.Close()
	logger := slog.New(slog.NewJSONHandler(access, nil))
	if *pprofAddr != "" {
		if err := loopback(*pprofAddr); err != nil {
			logger.Error("apiserver", "err", err)
			os.Exit(1)
		}
		go func() {
			mux := http.NewServeMux()
			mux.HandleFunc("/debug/pprof/", pprof.Index)
			mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
			logger.Error("pprof", "err", http.ListenAndServe(*pprofAddr, mux))
		}()
	}
	if *world && *dbPath != "" {
		logger.Error("apiserver: --world and --db exclude each other")
		access.Close()
		os.Exit(2)
	}
	if err := run(*addr, *world, *dbPath, logger, access); err != nil {
		logger.Error("apiserver", "err", err)
		access.Close()
		os.Exit(1)
	}
}

func run(addr string, world bool, dbPath string, logger *slog.Logger, access *accesslog.Writer) error {
	if err := loopback(addr); err != nil {
		return err
	}
	var ds registry.Dataset
	var err error
	if dbPath != "" {
		ds, err = seeded(dbPath)
	} else {
		ds, err = dataset.Load(data.FS)
	}
	if err != nil {
		return err
	}
	handler, reg := build(ds, world, logger, access)
	runtime.GC() // start serving without the loader's garbage

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := site.NewServer(handler, logger)
	logger.Info("serving", "url", "http://"+ln.Addr().String()+"/", "world", world,
		"missions", len(reg.Dataset().Missions), "gomaxprocs", runtime.GOMAXPROCS(0))
	return srv.Serve(ln)
}

// seeded returns the registry data loaded from the SQLite database at path,
// as serve loads it. When path does not exist it first creates the database
// and writes the seed data set to it, as chancery seed does; an existing file
// (an earlier --db's) is only read, so that servers started on it one after
// the other serve the same bytes.
func seeded(path string) (registry.Dataset, error) {
	_, err := os.Stat(path)
	fresh := errors.Is(err, fs.ErrNotExist)
	if err != nil && !fresh {
		return registry.Dataset{}, fmt.Errorf("--db: %w", err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		return registry.Dataset{}, err
	}
	defer db.Close()
	if fresh {
		if err := db.Migrate(ctx); err != nil {
			return registry.Dataset{}, err
		}
		ds, err := dataset.Load(data.FS)
		if err != nil {
			return registry.Dataset{}, err
		}
		if _, err := db.Seed(ctx, ds); err != nil {
			return registry.Dataset{}, err
		}
	}
	return db.Load(ctx)
}

// build returns the production handler (site.New, as cmd/chancery serves
// it: portal, API under /api/, request ids, metrics and a log line per
// request to access) over ds, or over a synthetic world built on ds's
// countries.
func build(ds registry.Dataset, world bool, logger *slog.Logger, access *accesslog.Writer) (http.Handler, *registry.Registry) {
	if world {
		ds = synthetic.World(ds.Countries, synthetic.Options{})
	}
	reg := registry.New(ds)
	h := site.New(site.Config{Snapshot: func() *registry.Registry { return reg },
		Logger: logger, Access: access, Metrics: metrics.New()})
	return h, reg
}

// loopback refuses an address that is not a loopback IP.
func loopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--addr: %q is not a loopback address (use 127.0.0.1)", addr)
	}
	return nil
}
