// Command apiserver serves chancery's HTTP handlers over an in-memory registry,
// for load tests (bench/compare.sh): the seed data set, or with --world a
// synthetic world-scale network (synthetic.World over the seed data's
// countries, default options). It uses no database: the handler stack is the
// one cmd/chancery's serve builds (site.New: api.New for /api/, the portal
// for the rest, request ids, metrics and one JSON log line per request on
// stderr, buffered; site.NewServer's timeouts); only the registry comes from
// the embedded seed data instead of a database load.
//
// It listens on loopback only.
//
//	go run ./bench/apiserver --addr 127.0.0.1:18181 [--world] [--pprof 127.0.0.1:18190]
package main

import (
	"flag"
	"fmt"
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
	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/site"
	"github.com/chancery-org/chancery/internal/synthetic"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18181", "loopback `host:port` to listen on")
	world := flag.Bool("world", false, "serve a synthetic world-scale network instead of the seed data set")
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
	if err := run(*addr, *world, logger, access); err != nil {
		logger.Error("apiserver", "err", err)
		access.Close()
		os.Exit(1)
	}
}

func run(addr string, world bool, logger *slog.Logger, access *accesslog.Writer) error {
	if err := loopback(addr); err != nil {
		return err
	}
	handler, reg, err := build(world, logger, access)
	if err != nil {
		return err
	}
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

// build returns the production handler (site.New, as cmd/chancery serves
// it: portal, API under /api/, request ids, metrics and a log line per
// request to access) over the seed data set or the synthetic world.
func build(world bool, logger *slog.Logger, access *accesslog.Writer) (http.Handler, *registry.Registry, error) {
	ds, err := dataset.Load(data.FS)
	if err != nil {
		return nil, nil, err
	}
	if world {
		ds = synthetic.World(ds.Countries, synthetic.Options{})
	}
	fw, err := policy.Load(data.FS)
	if err != nil {
		return nil, nil, err
	}
	reg := registry.New(ds)
	h := site.New(site.Config{Snapshot: func() *registry.Registry { return reg }, Policy: fw,
		Logger: logger, Access: access, Metrics: metrics.New()})
	return h, reg, nil
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
