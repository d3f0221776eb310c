// Package metrics holds chancery's Prometheus metrics: a private registry
// with the Go runtime and process collectors and the HTTP request histogram
// that the site middleware feeds, labelled by route pattern, method and
// status. Handler exposes them in the Prometheus text format; cmd/chancery
// serves it on a listen address of its own, never on the public one.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
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
	// a request costs a map lookup and an atomic add, not a label hash.
	observers sync.Map // key -> prometheus.Observer
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
	o, ok := m.observers.Load(k)
	if !ok {
		o, _ = m.observers.LoadOrStore(k, m.requests.WithLabelValues(k.route, k.method, strconv.Itoa(status)))
	}
	o.(prometheus.Observer).Observe(d.Seconds())
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
