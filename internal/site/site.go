// Package site assembles the public HTTP handler: the portal, the open-data
// API under /api/, and the middleware they share (request ids, one log line
// and one metrics observation per request), and the http.Server settings
// they run under. cmd/chancery serves it; benchmarks and browser tests use
// it so that they measure and drive exactly what production runs.
package site

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chancery-org/chancery/internal/accesslog"
	"github.com/chancery-org/chancery/internal/api"
	"github.com/chancery-org/chancery/internal/metrics"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/web"
)

// Config is what the site is built from.
type Config struct {
	// Snapshot returns the registry to answer each request from.
	Snapshot func() *registry.Registry
	// Logger is the application's log (errors, panics); nil discards it.
	Logger *slog.Logger
	// Access receives one line per request; nil logs none.
	Access *accesslog.Writer
	// Metrics counts every request; nil counts none.
	Metrics *metrics.Metrics
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed: a request from one of them is taken to come from the last
	// address in that header that is not itself a trusted proxy. Empty: the
	// connection's address is the client's.
	TrustedProxies []netip.Prefix
	// APIOptions configure the API: api.WithWrites adds the write routes.
	APIOptions []api.Option
	// Ready reports whether the site can serve: the database is reachable.
	// /readyz answers 503 while it returns an error; nil means always ready.
	Ready func(ctx context.Context) error
	// Staff serves the staff workspace, /staff and every path under
	// /staff/; nil leaves those paths to the portal (404).
	Staff http.Handler
	// Submissions stores what the public submits to open consultations;
	// nil: the consultation pages show no form, and the API no submissions
	// (api.WithSubmissions).
	Submissions web.SubmissionStore
}

// New returns the whole public site. The foreign-policy framework, its
// indicators and the tracker's records are read from each request's
// registry, like every other record.
func New(c Config) http.Handler {
	apiOpts := c.APIOptions
	if c.Submissions != nil { // the API publishes what the portal does
		apiOpts = append(apiOpts[:len(apiOpts):len(apiOpts)], api.WithSubmissions(c.Submissions))
	}
	apiHandler := api.New(c.Snapshot, c.Logger, apiOpts...)
	portal := web.New(c.Snapshot, c.Logger)
	if c.Submissions != nil {
		portal.EnableSubmissions(c.Submissions)
	}
	ready := readiness(c.Snapshot, c.Ready)
	// Prefix tests rather than a ServeMux, so that the API answers every path
	// under /api/ itself (a ServeMux would redirect unclean paths first).
	dispatch := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case strings.HasPrefix(p, "/api/"):
			apiHandler.ServeHTTP(w, r)
		case c.Staff != nil && (p == "/staff" || strings.HasPrefix(p, "/staff/")):
			c.Staff.ServeHTTP(w, r)
		case p == "/readyz":
			ready.ServeHTTP(w, r)
		default:
			portal.ServeHTTP(w, r)
		}
	})
	return &middleware{next: dispatch, access: c.Access, metrics: c.Metrics, ids: newIDs(), trusted: c.TrustedProxies}
}

// readiness answers /readyz: 200 "ready" when a registry is loaded and
// ready (if any) returns nil within two seconds, else 503 with the reason.
// /healthz, served by the portal, says only that the process answers.
func readiness(snapshot func() *registry.Registry, ready func(context.Context) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if snapshot() == nil {
			http.Error(w, "not ready: no registry loaded", http.StatusServiceUnavailable)
			return
		}
		if ready != nil {
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			defer cancel()
			if err := ready(ctx); err != nil {
				http.Error(w, "not ready: the database cannot be reached", http.StatusServiceUnavailable)
				return
			}
		}
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ready\n"))
	})
}

// NewServer returns the http.Server that serves h, with the timeouts that
// keep a slow client from holding a connection: 10 s to send the headers,
// 30 s for the whole request, 60 s to take the response, 2 minutes idle.
func NewServer(h http.Handler, logger *slog.Logger) *http.Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// Middleware gives each request an id (X-Request-Id, echoed in the
// response), then, once next has answered, appends its line to access and
// observes it in m (either may be nil). The line holds the method, path,
// route, status, size, duration and client address: no query string, no
// header.
func Middleware(next http.Handler, access *accesslog.Writer, m *metrics.Metrics) http.Handler {
	return &middleware{next: next, access: access, metrics: m, ids: newIDs()}
}

type middleware struct {
	next    http.Handler
	access  *accesslog.Writer
	metrics *metrics.Metrics
	ids     *ids
	trusted []netip.Prefix
}

func (mw *middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if len(mw.trusted) > 0 {
		r.RemoteAddr = clientAddr(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), mw.trusted)
	}
	id := mw.ids.next()
	w.Header()["X-Request-Id"] = []string{id}
	rec := recorders.Get().(*recorder)
	*rec = recorder{ResponseWriter: w, status: http.StatusOK}
	mw.next.ServeHTTP(rec, r)
	status, size := rec.status, rec.bytes
	*rec = recorder{}
	recorders.Put(rec)
	d := time.Since(start)
	if mw.metrics != nil {
		mw.metrics.ObserveRequest(r.Pattern, r.Method, status, d)
	}
	if mw.access != nil {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		mw.access.Log(&accesslog.Request{Time: start, ID: id, Method: r.Method, Path: r.URL.Path,
			Pattern: r.Pattern, Status: status, Bytes: size, Duration: d, RemoteIP: host})
	}
}

// ids makes request ids unique across processes and cheap to make: a random
// prefix drawn once per process, then a counter ("3f9a1c2e-1", "3f9a1c2e-2",
// ... with the counter in base 36).
type ids struct {
	prefix string
	n      atomic.Uint64
}

func newIDs() *ids {
	var b [4]byte
	rand.Read(b[:])
	return &ids{prefix: hex.EncodeToString(b[:]) + "-"}
}

func (g *ids) next() string {
	var buf [32]byte
	b := append(buf[:0], g.prefix...)
	return string(strconv.AppendUint(b, g.n.Add(1), 36))
}

// recorders recycles the recorders: one per request in flight.
var recorders = sync.Pool{New: func() any { return new(recorder) }}

// recorder remembers the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool
}

func (r *recorder) WriteHeader(status int) {
	if !r.wroteHeader && status >= 200 {
		r.status, r.wroteHeader = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wroteHeader = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// clientAddr returns the address of the client behind trusted proxies:
// remote (the connection's "ip:port") when its IP is not a trusted proxy;
// otherwise the right-most address of X-Forwarded-For (its values read in
// order) that is not a trusted proxy, as "ip:0". A malformed entry stops
// the walk: the address before it, which a trusted proxy wrote, is kept.
func clientAddr(remote string, forwarded []string, trusted []netip.Prefix) string {
	isTrusted := func(ip netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(ip.Unmap()) {
				return true
			}
		}
		return false
	}
	peer, err := netip.ParseAddrPort(remote)
	if err != nil || !isTrusted(peer.Addr()) {
		return remote
	}
	client := peer.Addr()
	for i := len(forwarded) - 1; i >= 0; i-- {
		hops := strings.Split(forwarded[i], ",")
		for j := len(hops) - 1; j >= 0; j-- {
			ip, err := netip.ParseAddr(strings.TrimSpace(hops[j]))
			if err != nil {
				return netip.AddrPortFrom(client, 0).String()
			}
			client = ip.Unmap()
			if !isTrusted(client) {
				return netip.AddrPortFrom(client, 0).String()
			}
		}
	}
	return netip.AddrPortFrom(client, 0).String()
}
