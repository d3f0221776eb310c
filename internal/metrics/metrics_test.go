package metrics

import (
	"net/http/httptest"
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

func BenchmarkObserveRequest(b *testing.B) {
	m := New()
	for b.Loop() {
		m.ObserveRequest("GET /{lang}/", "GET", 200, time.Millisecond)
	}
}
