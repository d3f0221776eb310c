package metrics

import (
	"context"
	"database/sql"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
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
	body := scrapeText(t, m)
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

// TestObserveRequestConcurrently observes requests from many goroutines at
// once, each combination first seen by several of them: every request is
// counted once, whichever goroutine added its combination.
func TestObserveRequestConcurrently(t *testing.T) {
	m := New()
	const goroutines, perGoroutine = 8, 200
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range perGoroutine {
				// 20 combinations: statuses 200 to 204, four routes.
				route := "GET /r" + strconv.Itoa((g+i)%4)
				m.ObserveRequest(route, "GET", 200+i%5, time.Millisecond)
			}
		})
	}
	wg.Wait()
	text := scrapeText(t, m)
	total, series := 0, 0
	for line := range strings.Lines(text) {
		if !strings.HasPrefix(line, "chancery_http_request_duration_seconds_count{") {
			continue
		}
		_, v, _ := strings.Cut(strings.TrimSpace(line), "} ")
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		total += n
		series++
	}
	if total != goroutines*perGoroutine || series != 20 {
		t.Errorf("counted %d requests in %d series, want %d in 20", total, series, goroutines*perGoroutine)
	}
}

func scrapeText(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	return rec.Body.String()
}

// scrape returns the exposition text of m, and the value of each metric
// line without labels.
func scrape(t *testing.T, m *Metrics) (string, map[string]float64) {
	t.Helper()
	text := scrapeText(t, m)
	values := map[string]float64{}
	for line := range strings.Lines(text) {
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
	return text, values
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
