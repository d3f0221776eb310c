package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/accesslog"
	"github.com/chancery-org/chancery/internal/api"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/metrics"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/site"
	"github.com/chancery-org/chancery/internal/staff"
	"github.com/chancery-org/chancery/internal/store"
)

const usage = `chancery: a foreign ministry's registry of its diplomatic network.

Usage:
  chancery [--db DSN] [command] [flags]

Commands:
  serve     run the portal (the default command)
              --addr HOST:PORT   listen address (default localhost:8080; CHANCERY_ADDR)
              --metrics-addr HOST:PORT
                                 serve Prometheus metrics at /metrics there, apart from
                                 the public address (default none; CHANCERY_METRICS_ADDR)
              --trusted-proxies LIST
                                 reverse proxies whose X-Forwarded-For names the client: IPs
                                 or CIDR prefixes, comma-separated (CHANCERY_TRUSTED_PROXIES)
              --public-url URL   the site's address as its users see it, e.g.
                                 https://mfa.example.org behind a TLS proxy: https makes the
                                 staff cookies Secure and adds HSTS (CHANCERY_PUBLIC_URL)
  migrate   create or upgrade the database schema
  seed      load the embedded seed data set; records already stored are kept as they are
  figures   print the headline figures computed from the registry, beside the declared ones
              --as-of YYYY-MM-DD  the date to compute for (default today)
              --json              print JSON
  user      manage staff accounts:
              user add --email E --name N --role R [--mission ID]
                                   create an account; its password is read from standard input
              user list            list the accounts
              user set-role --email E --role R [--mission ID]
                                   change an account's role (a mission officer needs --mission)
              user disable --email E
                                   disable an account and end its sessions
              user enable --email E
                                   enable a disabled account
              user reset-password --email E
                                   set a new password, read from standard input, and end its sessions
            roles: admin, editor, protocol, mission_officer, policy_officer, viewer
  audit     audit verify         recompute the audit log's hash chain; exits 1 naming the first
                                   broken entry
  import    import [--dry-run] [--as EMAIL] FILE|DIR|ZIP...
                                 load data files (the seed's CSV format, or the export's data
                                 package) in one transaction, or nothing; prints the problems
                                 (file, line, field, reason) and what is created, updated or
                                 unchanged; exits 1 on any problem. --dry-run writes nothing;
                                 --as names the user the audit log credits (default cli)
  export    export [--format csv|json] --out PATH
                                 csv: the data package, a directory or PATH.zip; json: one document
  demo      demo world [--force]  load a synthetic world-scale network (every state's missions,
                                 accreditations, heads of mission); refuses a database holding
                                 more than the seed data set unless --force
  backup    backup --out FILE    a consistent copy taken while the server runs (SQLite: VACUUM
                                 INTO; PostgreSQL: a dump of every table)
  restore   restore FILE         restore a backup into an empty database of the same engine
  version   print the version

Global flags:
  --db DSN  a SQLite file path or a postgres:// URL (default chancery.db; CHANCERY_DB)

serve, figures and user migrate and seed an empty database first.
Passwords are read from standard input, one line, never from a terminal (it would show them):
  printf 'Password: ' >&2; read -rs PW; echo >&2
  printf '%s\n' "$PW" | chancery user add --email you@example.org --name "Your Name" --role admin; unset PW
`

// usageError is a mistake in the command line; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg + " (see chancery --help)" }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// config is built from flags and CHANCERY_* variables; flags win.
type config struct {
	db          string
	addr        string
	metricsAddr string // where /metrics is served; "" for nowhere
	publicURL   string // the site's address as its users see it; https means TLS in front
	proxies     string // trusted reverse proxies: IPs or CIDR prefixes, comma-separated
}

// run is the whole program; main only supplies the process's environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg := config{db: "chancery.db", addr: "localhost:8080"}
	if v := getenv("CHANCERY_DB"); v != "" {
		cfg.db = v
	}
	if v := getenv("CHANCERY_ADDR"); v != "" {
		cfg.addr = v
	}
	cfg.metricsAddr = getenv("CHANCERY_METRICS_ADDR")
	cfg.publicURL = getenv("CHANCERY_PUBLIC_URL")
	cfg.proxies = getenv("CHANCERY_TRUSTED_PROXIES")
	global := flag.NewFlagSet("chancery", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	global.StringVar(&cfg.db, "db", cfg.db, "")
	if len(args) > 0 {
		args = args[1:]
	}
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(stdout, usage)
			return nil
		}
		return usageError{err.Error()}
	}
	if strings.TrimSpace(cfg.db) == "" {
		return usageError{"--db: must not be empty"}
	}
	rest := global.Args()
	cmd := "serve"
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))

	switch cmd {
	case "serve":
		fs := newFlags("serve")
		fs.StringVar(&cfg.addr, "addr", cfg.addr, "")
		fs.StringVar(&cfg.metricsAddr, "metrics-addr", cfg.metricsAddr, "")
		fs.StringVar(&cfg.publicURL, "public-url", cfg.publicURL, "")
		fs.StringVar(&cfg.proxies, "trusted-proxies", cfg.proxies, "")
		if err := parse(fs, rest); err != nil {
			return err
		}
		if err := checkPublicURL(cfg.publicURL); err != nil {
			return err
		}
		if _, err := parseProxies(cfg.proxies); err != nil {
			return err
		}
		site.TuneGC(getenv)
		return serve(ctx, cfg, stderr)
	case "migrate":
		if err := parse(newFlags("migrate"), rest); err != nil {
			return err
		}
		db, err := store.Open(ctx, cfg.db)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			return err
		}
		logger.Info("database migrated", "db", redact(cfg.db))
		return nil
	case "seed":
		if err := parse(newFlags("seed"), rest); err != nil {
			return err
		}
		db, err := store.Open(ctx, cfg.db)
		if err != nil {
			return err
		}
		defer db.Close()
		return seed(ctx, db, logger)
	case "figures":
		fs := newFlags("figures")
		asOf := fs.String("as-of", "", "")
		asJSON := fs.Bool("json", false, "")
		if err := parse(fs, rest); err != nil {
			return err
		}
		d := registry.Today()
		if *asOf != "" {
			var err error
			if d, err = registry.ParseDate(*asOf); err != nil || d.Precision() != registry.PrecisionDay {
				return usageError{fmt.Sprintf("--as-of: %q is not a date YYYY-MM-DD", *asOf)}
			}
		}
		db, err := open(ctx, cfg, logger)
		if err != nil {
			return err
		}
		defer db.Close()
		ds, err := db.Load(ctx)
		if err != nil {
			return err
		}
		return printFigures(stdout, registry.New(ds).Figures(d), *asJSON)
	case "user":
		return userCommand(ctx, cfg, rest, stdin, stdout, logger)
	case "audit":
		return auditCommand(ctx, cfg, rest, stdout)
	case "import":
		return importCommand(ctx, cfg, rest, stdout, stderr)
	case "export":
		return exportCommand(ctx, cfg, rest, stdout)
	case "demo":
		return demoCommand(ctx, cfg, rest, stdout, logger)
	case "backup":
		return backupCommand(ctx, cfg, rest, stdout)
	case "restore":
		return restoreCommand(ctx, cfg, rest, stdout)
	case "version":
		if err := parse(newFlags("version"), rest); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "chancery", version())
		return nil
	case "help":
		io.WriteString(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{fs.Name() + ": " + err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}

// open opens and migrates the database, and seeds it when it is empty.
func open(ctx context.Context, cfg config, logger *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.db)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if empty {
		logger.Info("empty database: loading the seed data set", "db", redact(cfg.db))
		if err := seed(ctx, db, logger); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// seed loads the embedded data set into db: records not stored yet are added,
// stored ones are left as they are.
func seed(ctx context.Context, db *store.DB, logger *slog.Logger) error {
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	ds, err := dataset.Load(data.FS)
	if err != nil {
		return err
	}
	rep, err := db.Seed(ctx, ds)
	if err != nil {
		return err
	}
	logger.Info("seed data set loaded", "inserted", rep.Inserted(), "detail", rep.String())
	return nil
}

// serve runs the site until ctx is done. Its log is JSON lines on stderr,
// buffered (flushed every 100 ms and at shutdown): the application's lines
// and one line per request.
func serve(ctx context.Context, cfg config, stderr io.Writer) error {
	access := accesslog.NewWriter(stderr, 100*time.Millisecond)
	defer access.Close()
	logger := slog.New(slog.NewJSONHandler(access, nil))
	db, err := open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	if ok, err := db.HasAdmin(ctx); err != nil {
		return err
	} else if !ok {
		fmt.Fprint(stderr, firstAdminHelp(cfg))
	}
	version, err := db.DataVersion(ctx) // before Load: a write in between is reloaded
	if err != nil {
		return err
	}
	ds, err := db.Load(ctx)
	if err != nil {
		return err
	}
	snap := site.NewSnapshot(registry.New(ds))
	followCtx, stopFollowing := context.WithCancel(ctx)
	var following sync.WaitGroup
	following.Go(func() { follow(followCtx, db, snap, version, logger) })
	defer following.Wait() // before db.Close, deferred earlier
	defer stopFollowing()
	m := metrics.New()
	m.Watch(metrics.Sources{
		Snapshot: func() (int64, time.Time) { return snap.Load().Revision(), snap.Current() },
		Pool:     db.PoolStats, AuditLength: db.AuditLength,
	})
	ready := func(ctx context.Context) error {
		_, err := db.DataVersion(ctx)
		return err
	}
	staffHandler := staff.New(staff.Config{DB: db, Snapshot: snap.Load,
		Publish: func(r *registry.Registry) { snap.Publish(r) }, Logger: logger,
		Secure: strings.HasPrefix(cfg.publicURL, "https://")})
	following.Go(func() { db.Sessions().Cleanup(followCtx, 10*time.Minute, logger) })
	proxies, _ := parseProxies(cfg.proxies) // checked with the flags
	handler := site.New(site.Config{Snapshot: snap.Load, TrustedProxies: proxies,
		Logger: logger, Access: access, Metrics: m, Ready: ready, Staff: staffHandler, Submissions: db,
		APIOptions: []api.Option{api.WithWrites(api.WriteConfig{DB: db,
			Publish: func(r *registry.Registry) { snap.Publish(r) }})}})

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	servers := []*http.Server{site.NewServer(handler, logger)}
	listeners := []net.Listener{ln}
	logger.Info("serving", "url", "http://"+ln.Addr().String()+"/", "db", redact(cfg.db), "engine", db.Engine())
	if cfg.metricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("serve: --metrics-addr: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", m.Handler())
		servers = append(servers, site.NewServer(mux, logger))
		listeners = append(listeners, mln)
		logger.Info("serving metrics", "url", "http://"+mln.Addr().String()+"/metrics")
	}
	errc := make(chan error, len(servers))
	for i, srv := range servers {
		go func() { errc <- srv.Serve(listeners[i]) }()
	}
	var serveErr error
	select {
	case err := <-errc:
		serveErr = fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
		logger.Info("shutting down")
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, srv := range servers {
		if err := srv.Shutdown(shutdownCtx); err != nil && serveErr == nil {
			serveErr = fmt.Errorf("serve: shutdown: %w", err)
		}
	}
	return serveErr
}

// printFigures writes the figures as a table, or as JSON.
func printFigures(w io.Writer, f *registry.Figures, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(f)
	}
	fmt.Fprintf(w, "Figures of %s as of %s\n\n", f.Home, f.AsOf)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tcomputed\tunconfirmed\tdeclared\tdifference\tbreakdown")
	for _, it := range f.Items {
		decl, diff := "-", "-"
		if it.Declared != nil {
			decl = fmt.Sprintf("%d (%s)", it.Declared.Value, it.Declared.Date)
			diff = fmt.Sprintf("%+d", it.Difference)
		}
		var parts []string
		for _, p := range it.Parts {
			parts = append(parts, fmt.Sprintf("%s %d", p.Name, p.Value))
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", it.Name, it.Value, it.Unconfirmed, decl, diff, strings.Join(parts, ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nunconfirmed: records counted whose certainty is likely or uncertain.")
	return nil
}

// redact hides a password in a database URL before it is logged.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if j := strings.LastIndex(dsn, "@"); j > i {
			if k := strings.Index(dsn[i+3:j], ":"); k >= 0 {
				return dsn[:i+3+k] + ":xxxxx" + dsn[j:]
			}
		}
	}
	return dsn
}

func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}

// checkPublicURL accepts "" or an absolute http or https URL without a
// query or fragment.
func checkPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return usageError{fmt.Sprintf("--public-url: %q is not an http or https address such as https://mfa.example.org", s)}
	}
	return nil
}

// parseProxies reads a comma-separated list of IP addresses and CIDR
// prefixes ("" is none).
func parseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		ip, err := netip.ParseAddr(item)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--trusted-proxies: %q is not an IP address or a CIDR prefix such as 10.0.0.0/8", item)}
		}
		out = append(out, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
	}
	return out, nil
}
