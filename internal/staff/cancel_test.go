package staff

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestServerErrorCancelled: a request its client abandoned, whose database
// work failed with the cancellation, is logged at level INFO, not ERROR.
func TestServerErrorCancelled(t *testing.T) {
	var log bytes.Buffer
	s := &Server{logger: slog.New(slog.NewJSONHandler(&log, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest(http.MethodGet, "/staff/persons/x", nil).WithContext(ctx)
	w := httptest.NewRecorder()
	s.serverError(w, r, fmt.Errorf("session: store: commit session: %w", ctx.Err()))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", w.Code)
	}
	if !strings.Contains(log.String(), `"level":"INFO"`) || strings.Contains(log.String(), `"level":"ERROR"`) {
		t.Errorf("log: %s", log.String())
	}
}
