package metrics

import (
	"context"
	"database/sql"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestObserveRequest(t *testing.T) {
	m := New()
	for _, o := range []struct {
		route, method string
		status        int
	}{
		{"GET /{lang}/", "GET", 200},
		{"GET /{lang}/", "GET", 200},
		{"GET /{lang}/", "HEAD", 304},
		{"", "BREW", 405}, // an unknown method is one label value, whatever it is
		{"", "PROPFIND", 405},
	} {
		m.ObserveRequest(o.route, o.method, o.status, 3*time.Millisecond)
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`chancery_http_request_duration_seconds_count{method="GET",route="GET /{lang}/",status="200"} 2`,
		`chancery_http_request_duration_seconds_count{method="HEAD",route="GET /{lang}/",status="304"} 1`,
		`chancery_http_request_duration_seconds_count{method="OTHER",route="",status="405"} 2`,
		`chancery_http_request_duration_seconds_bucket{method="GET",route="GET /{lang}/",status="200",le="0.0025"} 0`,
		`chancery_http_request_duration_seconds_bucket{method="GET",route="GET /{lang}/",status="200",le="0.005"} 2`,
		"process_cpu_seconds_total",
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "BREW") || strings.Contains(body, "PROPFIND") {
		t.Error("a client's method became a label value")
	}
}

// scrape returns the exposition text of m, and the value of each metric
// line without labels.
func scrape(t *testing.T, m *Metrics) (string, map[string]float64) {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	values := map[string]float64{}
	for line := range strings.Lines(rec.Body.String()) {
		name, value, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok || strings.HasPrefix(name, "#") || strings.Contains(name, "{") {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Fatalf("metric line %q: %v", line, err)
		}
		values[name] = v
	}
	return rec.Body.String(), values
}

func TestWatch(t *testing.T) {
	current := time.Now().Add(-90 * time.Second)
	auditLength, auditErr := int64(42), error(nil)
	m := New()
	m.Watch(Sources{
		Snapshot: func() (int64, time.Time) { return 1234, current },
		Pool: func() sql.DBStats {
			return sql.DBStats{OpenConnections: 3, InUse: 1, Idle: 2, MaxOpenConnections: 8, WaitCount: 5, WaitDuration: 1500 * time.Millisecond}
		},
		AuditLength: func(ctx context.Context) (int64, error) {
			if _, ok := ctx.Deadline(); !ok {
				t.Error("the audit length is read without a deadline")
			}
			return auditLength, auditErr
		},
	})
	_, got := scrape(t, m)
	for name, want := range map[string]float64{
		"chancery_snapshot_revision":              1234,
		"chancery_db_open_connections":            3,
		"chancery_db_in_use_connections":          1,
		"chancery_db_idle_connections":            2,
		"chancery_db_max_open_connections":        8,
		"chancery_db_wait_count_total":            5,
		"chancery_db_wait_duration_seconds_total": 1.5,
		"chancery_audit_chain_length":             42,
		"chancery_audit_chain_read_errors_total":  0,
	} {
		if v, ok := got[name]; !ok || v != want {
			t.Errorf("%s = %v (present %v), want %v", name, v, ok, want)
		}
	}
	if age := got["chancery_snapshot_age_seconds"]; age < 90 || age > 120 {
		t.Errorf("chancery_snapshot_age_seconds = %v, want about 90", age)
	}

	// A scrape whose audit read fails leaves the length out and counts the
	// failure; the other metrics are still there.
	auditErr = errors.New("database down")
	body, got := scrape(t, m)
	if _, ok := got["chancery_audit_chain_length"]; ok {
		t.Error("the audit chain length is reported although it could not be read")
	}
	if got["chancery_audit_chain_read_errors_total"] != 1 {
		t.Errorf("read errors = %v, want 1", got["chancery_audit_chain_read_errors_total"])
	}
	if !strings.Contains(body, "chancery_snapshot_revision 1234") {
		t.Error("the snapshot revision is missing when the audit read fails")
	}
}

func BenchmarkObserveRequest(b *testing.B) {
	m := New()
	for b.Loop() {
		m.ObserveRequest("GET /{lang}/", "GET", 200, time.Millisecond)
	}
}
