// Package web serves chancery's HTTP pages. Until the full portal lands it
// answers /healthz and a plain page listing the headline figures.
package web

import (
	"bytes"
	"embed"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/chancery-org/chancery/internal/registry"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.New("").ParseFS(templateFS, "templates/*.html"))

// Server serves the pages from the current registry snapshot.
type Server struct {
	snapshot func() *registry.Registry
	logger   *slog.Logger
	mux      *http.ServeMux
}

// New returns the handler of every route. snapshot returns the registry to
// read from; it is called once per request.
func New(snapshot func() *registry.Registry, logger *slog.Logger) *Server {
	s := &Server{snapshot: snapshot, logger: logger, mux: http.NewServeMux()}
	for _, r := range s.routes() {
		s.mux.HandleFunc(r.pattern, r.handler)
	}
	return s
}

type route struct {
	pattern string
	handler http.HandlerFunc
}

// routes lists every route of the server.
func (s *Server) routes() []route {
	return []route{
		{"GET /healthz", s.handleHealth},
		{"GET /{$}", s.handleFigures},
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// handleFigures lists the headline figures for ?as_of=YYYY-MM-DD (default today).
func (s *Server) handleFigures(w http.ResponseWriter, r *http.Request) {
	d := registry.Today()
	if v := r.URL.Query().Get("as_of"); v != "" {
		var err error
		d, err = registry.ParseDate(v)
		if err != nil || d.Precision() != registry.PrecisionDay {
			http.Error(w, "as_of: "+quote(v)+" is not a date YYYY-MM-DD", http.StatusBadRequest)
			return
		}
	}
	reg := s.snapshot()
	home := reg.Country(reg.Home())
	data := struct {
		Home    string
		Figures *registry.Figures
	}{Home: home.Names.EN, Figures: reg.Figures(d)}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, "figures.html", data); err != nil {
		s.logger.Error("render figures", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return "\"" + s + "\""
}
