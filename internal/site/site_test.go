package site

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

func TestHandler(t *testing.T) {
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	fw, err := policy.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.New(ds)
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	srv := httptest.NewServer(Handler(func() *registry.Registry { return reg }, fw, logger))
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
		if len(id) != 16 {
			t.Errorf("%s: X-Request-Id %q", tt.path, id)
		}
		ids = append(ids, id)
	}
	srv.Close() // waits for the handlers, which log after answering
	for _, id := range ids {
		if !strings.Contains(logs.String(), "request_id="+id) {
			t.Errorf("no log line for request %s", id)
		}
	}
	if strings.Contains(logs.String(), "?") {
		t.Errorf("query strings must not be logged:\n%s", logs.String())
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
