// Package metrics holds chancery's Prometheus metrics: a private registry
// with the Go runtime and process collectors and the HTTP request histogram
// that the site middleware feeds, labelled by route pattern, method and
// status, and (Watch) gauges of the snapshot served, the database pool and
// the audit chain. Handler exposes them in the Prometheus text format; cmd/chancery
// serves it on a listen address of its own, never on the public one.
package metrics

import (
	"context"
	"database/sql"
	"maps"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one process's metrics. The zero value is not usable; call New.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.HistogramVec
	// observers caches the histogram of each (route, method, status), so that
	// a request costs one lookup in a plain map, without a lock or a label
	// hash. The map is never changed once stored: a new combination (a
	// handful per route over a process's life) stores a copy with it added.
	observers atomic.Pointer[map[key]prometheus.Observer]
	mu        sync.Mutex // serializes the copies
}

type key struct {
	route, method string
	status        int
}

// durationBuckets spans a cached page (tens of microseconds) to a slow
// export (seconds).
var durationBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// New returns metrics on a new registry holding the Go and process
// collectors and chancery_http_request_duration_seconds.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "chancery_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern, method and status.",
		Buckets: durationBuckets,
	}, []string{"route", "method", "status"})
	m.observers.Store(&map[key]prometheus.Observer{})
	m.reg.MustRegister(m.requests,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry returns the registry, for other packages' collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ObserveRequest counts one answered request. route is the ServeMux pattern
// that matched (r.Pattern, "" for none); methods other than the standard
// ones are counted as "OTHER", so that a client cannot create label values.
func (m *Metrics) ObserveRequest(route, method string, status int, d time.Duration) {
	k := key{route, normalMethod(method), status}
	o, ok := (*m.observers.Load())[k]
	if !ok {
		o = m.add(k)
	}
	o.Observe(d.Seconds())
}

// add stores the observer of k in a copy of the observers' map.
func (m *Metrics) add(k key) prometheus.Observer {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := *m.observers.Load()
	if o, ok := old[k]; ok { // added while this call waited for the lock
		return o
	}
	o := m.requests.WithLabelValues(k.route, k.method, strconv.Itoa(k.status))
	next := make(map[key]prometheus.Observer, len(old)+1)
	maps.Copy(next, old)
	next[k] = o
	m.observers.Store(&next)
	return o
}

func normalMethod(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return method
	}
	return "OTHER"
}

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Sources are the parts of a running server the metrics read at each
// scrape. A nil field is left out.
type Sources struct {
	// Snapshot returns the revision of the registry being served and when it
	// was last known to match the database (loaded, or checked unchanged).
	Snapshot func() (revision int64, current time.Time)
	// Pool returns the database connection pool's statistics.
	Pool func() sql.DBStats
	// AuditLength returns the number of entries in the audit chain; it is
	// called with a context that ends after scrapeTimeout.
	AuditLength func(ctx context.Context) (int64, error)
}

// scrapeTimeout bounds the database query a scrape may make.
const scrapeTimeout = 2 * time.Second

// Watch registers the gauges read from src: chancery_snapshot_revision,
// chancery_snapshot_age_seconds, chancery_db_* and chancery_audit_chain_length.
func (m *Metrics) Watch(src Sources) {
	m.reg.MustRegister(&sourceCollector{src: src, now: time.Now})
}

var (
	descRevision = prometheus.NewDesc("chancery_snapshot_revision",
		"Revision of the registry snapshot being served (the last write it holds).", nil, nil)
	descAge = prometheus.NewDesc("chancery_snapshot_age_seconds",
		"Seconds since the snapshot was last known to match the database (loaded, or checked unchanged).", nil, nil)
	descOpen     = prometheus.NewDesc("chancery_db_open_connections", "Connections open to the database, in use or idle.", nil, nil)
	descInUse    = prometheus.NewDesc("chancery_db_in_use_connections", "Connections in use.", nil, nil)
	descIdle     = prometheus.NewDesc("chancery_db_idle_connections", "Idle connections.", nil, nil)
	descMaxOpen  = prometheus.NewDesc("chancery_db_max_open_connections", "Largest number of connections the pool opens.", nil, nil)
	descWaits    = prometheus.NewDesc("chancery_db_wait_count_total", "Times a query waited for a free connection.", nil, nil)
	descWaitTime = prometheus.NewDesc("chancery_db_wait_duration_seconds_total", "Time spent waiting for a free connection.", nil, nil)
	descAudit    = prometheus.NewDesc("chancery_audit_chain_length", "Entries in the audit log's hash chain.", nil, nil)
	descAuditErr = prometheus.NewDesc("chancery_audit_chain_read_errors_total", "Scrapes that could not read the audit chain's length.", nil, nil)
)

// sourceCollector reads Sources at each scrape.
type sourceCollector struct {
	src       Sources
	now       func() time.Time
	auditErrs atomic.Int64
}

// Describe lists every metric the collector may send, without reading the
// sources (DescribeByCollect would query the database at registration).
func (c *sourceCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRevision, descAge, descOpen, descInUse, descIdle, descMaxOpen,
		descWaits, descWaitTime, descAudit, descAuditErr} {
		ch <- d
	}
}

func (c *sourceCollector) Collect(ch chan<- prometheus.Metric) {
	if c.src.Snapshot != nil {
		rev, current := c.src.Snapshot()
		ch <- prometheus.MustNewConstMetric(descRevision, prometheus.GaugeValue, float64(rev))
		ch <- prometheus.MustNewConstMetric(descAge, prometheus.GaugeValue, c.now().Sub(current).Seconds())
	}
	if c.src.Pool != nil {
		st := c.src.Pool()
		ch <- prometheus.MustNewConstMetric(descOpen, prometheus.GaugeValue, float64(st.OpenConnections))
		ch <- prometheus.MustNewConstMetric(descInUse, prometheus.GaugeValue, float64(st.InUse))
		ch <- prometheus.MustNewConstMetric(descIdle, prometheus.GaugeValue, float64(st.Idle))
		ch <- prometheus.MustNewConstMetric(descMaxOpen, prometheus.GaugeValue, float64(st.MaxOpenConnections))
		ch <- prometheus.MustNewConstMetric(descWaits, prometheus.CounterValue, float64(st.WaitCount))
		ch <- prometheus.MustNewConstMetric(descWaitTime, prometheus.CounterValue, st.WaitDuration.Seconds())
	}
	if c.src.AuditLength != nil {
		ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
		n, err := c.src.AuditLength(ctx)
		cancel()
		if err != nil {
			c.auditErrs.Add(1) // the length is left out of this scrape
		} else {
			ch <- prometheus.MustNewConstMetric(descAudit, prometheus.GaugeValue, float64(n))
		}
		ch <- prometheus.MustNewConstMetric(descAuditErr, prometheus.CounterValue, float64(c.auditErrs.Load()))
	}
}
