// Package site assembles the public HTTP handler: the portal, the open-data
// API under /api/, and the middleware they share (request ids, one log line
// per request). cmd/chancery serves it; benchmarks and browser tests use it
// so that they measure and drive exactly what production runs.
package site

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/api"
	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/web"
)

// Handler returns the whole public site over the registry that snapshot
// returns for each request.
func Handler(snapshot func() *registry.Registry, fw *policy.Framework, logger *slog.Logger) http.Handler {
	apiHandler := api.New(snapshot, fw, logger)
	portal := web.New(snapshot, fw, logger)
	// A prefix test rather than a ServeMux, so that the API answers every path
	// under /api/ itself (a ServeMux would redirect unclean paths first).
	dispatch := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			apiHandler.ServeHTTP(w, r)
			return
		}
		portal.ServeHTTP(w, r)
	})
	return Logging(dispatch, logger)
}

// Logging gives each request an id (X-Request-Id, echoed in the response)
// and logs one line when it is answered: method, path, status, size and
// duration. The query string is not logged, nor any header.
func Logging(next http.Handler, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID()
		w.Header().Set("X-Request-Id", id)
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}

func requestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// recorder remembers the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
