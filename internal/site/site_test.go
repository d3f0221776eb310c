package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/accesslog"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/metrics"
	"github.com/chancery-org/chancery/internal/registry"
)

func TestHandler(t *testing.T) {
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.New(ds)
	var logs lockedBuffer
	access := accesslog.NewWriter(&logs, 0)
	m := metrics.New()
	srv := httptest.NewServer(New(Config{Snapshot: func() *registry.Registry { return reg },
		Logger: slog.New(slog.DiscardHandler), Access: access, Metrics: m}))
	defer srv.Close()
	var ids []string

	tests := []struct {
		path, contentType string
		status            int
	}{
		{"/en/", "text/html", 200},
		{"/en/?as_of=2020-01-01", "text/html", 200},
		{"/api/v1/figures", "application/json", 200},
		{"/api/v1/../../etc/passwd", "application/problem+json", 404}, // the API answers, no redirect out of /api/
		{"/api/nothing", "application/problem+json", 404},
		{"/healthz", "text/plain", 200},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
		req.URL.Opaque, _, _ = strings.Cut(tt.path, "?") // keep the path exactly as written
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.contentType) {
			t.Errorf("%s: %d %s; want %d %s", tt.path, res.StatusCode, res.Header.Get("Content-Type"), tt.status, tt.contentType)
		}
		id := res.Header.Get("X-Request-Id")
		if !validID.MatchString(id) || slices.Contains(ids, id) {
			t.Errorf("%s: X-Request-Id %q is malformed or not unique", tt.path, id)
		}
		ids = append(ids, id)
	}
	srv.Close() // waits for the handlers, which log after answering
	access.Close()

	// One JSON line per request, with its id, status and route.
	lines := strings.Split(strings.TrimSuffix(logs.String(), "\n"), "\n")
	if len(lines) != len(tests) {
		t.Fatalf("%d log lines for %d requests:\n%s", len(lines), len(tests), logs.String())
	}
	for i, l := range lines {
		var line struct {
			RequestID string `json:"request_id"`
			Path      string
			Route     string
			Status    int
			Bytes     int64
		}
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if line.RequestID != ids[i] || line.Status != tests[i].status || line.Bytes == 0 {
			t.Errorf("log line %d = %+v; want request %s, status %d, a size", i, line, ids[i], tests[i].status)
		}
	}
	if line := lines[2]; !strings.Contains(line, `"route":"/api/v1/figures"`) {
		t.Errorf("the figures request's line names no route: %s", line)
	}
	if strings.Contains(logs.String(), "?") {
		t.Errorf("query strings must not be logged:\n%s", logs.String())
	}

	// Every request is in the histogram, by route and status.
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{
		`chancery_http_request_duration_seconds_count{method="GET",route="GET /en/{$}",status="200"} 2`,
		`chancery_http_request_duration_seconds_count{method="GET",route="/api/v1/figures",status="200"} 1`,
		`chancery_http_request_duration_seconds_count{method="GET",route="/api/",status="404"} 1`,
		`chancery_http_request_duration_seconds_count{method="GET",route="",status="404"} 1`, // refused before routing
		`chancery_http_request_duration_seconds_count{method="GET",route="GET /healthz",status="200"} 1`,
		"go_goroutines",
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

var validID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-z]+$`)

// TestMiddlewareStatus checks what the log and the metrics record of
// responses that set no status, an informational one, or write nothing.
func TestMiddlewareStatus(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		status  int
		bytes   int64
	}{
		{"implicit 200", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) }, 200, 5},
		{"explicit 404", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, 404, 19},
		{"nothing written", func(w http.ResponseWriter, r *http.Request) {}, 200, 0},
		{"103 then 204", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusNoContent)
		}, 204, 0},
		{"status twice", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusConflict)
			w.WriteHeader(http.StatusOK) // ignored by net/http: the first counts
		}, 409, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs lockedBuffer
			access := accesslog.NewWriter(&logs, 0)
			h := Middleware(tt.handler, access, metrics.New())
			for range 2 { // the second request reuses the first's recorder
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x?secret=1", nil))
			}
			access.Close()
			for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				var line struct {
					Status int
					Bytes  int64
				}
				if err := json.Unmarshal([]byte(l), &line); err != nil {
					t.Fatal(err)
				}
				if line.Status != tt.status || line.Bytes != tt.bytes {
					t.Errorf("logged %+v, want status %d, %d bytes", line, tt.status, tt.bytes)
				}
			}
		})
	}
}

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestReadyz(t *testing.T) {
	reg := registry.New(registry.Dataset{Settings: registry.Settings{HomeState: "RW"}})
	down := errors.New("connection refused")
	tests := []struct {
		name   string
		reg    *registry.Registry
		ready  func(context.Context) error
		method string
		status int
	}{
		{"no check", reg, nil, "GET", 200},
		{"database up", reg, func(context.Context) error { return nil }, "GET", 200},
		{"database down", reg, func(context.Context) error { return down }, "GET", 503},
		{"no registry yet", nil, nil, "GET", 503},
		{"head", reg, nil, "HEAD", 200},
		{"post", reg, nil, "POST", 405},
	}
	for _, tt := range tests {
		h := New(Config{Snapshot: func() *registry.Registry { return tt.reg }, Ready: tt.ready})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, "/readyz", nil))
		if rec.Code != tt.status || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d (Cache-Control %q), want %d", tt.name, rec.Code, rec.Header().Get("Cache-Control"), tt.status)
		}
		if strings.Contains(rec.Body.String(), "refused") {
			t.Errorf("%s: the database's error is shown: %q", tt.name, rec.Body.String())
		}
	}
}
