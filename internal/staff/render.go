package staff

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/staff.css
var staffCSS []byte

// cssVersion changes whenever staff.css does, so that the stylesheet can be
// cached for a year under a versioned address.
var cssVersion = func() string {
	sum := sha256.Sum256(staffCSS)
	return base64.RawURLEncoding.EncodeToString(sum[:9])
}()

// templates are the parsed pages, each with the layout.
type templates struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"time": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"has": func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	},
	"humanize": func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"lower":    strings.ToLower,
}

func parseTemplates() *templates {
	names, err := templateFS.ReadDir("templates")
	if err != nil {
		panic(err)
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, n := range names {
		name := strings.TrimSuffix(n.Name(), ".html")
		if name == "layout" || name == "fields" {
			continue
		}
		t.pages[name] = template.Must(template.New(name).Funcs(funcs).
			ParseFS(templateFS, "templates/layout.html", "templates/fields.html", "templates/"+n.Name()))
	}
	return t
}

// page is what every template gets.
type page struct {
	Title string
	User  *store.User
	Admin bool
	// Import shows the link to the upload of data files.
	Import bool
	// Nav names the section the page belongs to: "dashboard", an entity's
	// path, "settings", "import", "users", "tokens", "account".
	Nav string
	// Network and Policy are the entities of the menu's two groups.
	Network, Policy []*entity
	Flash           string
	CSS             string
	Data            any
}

// render executes the template name into w with status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title, nav string, data any) {
	p := &page{Title: title, Nav: nav, Network: networkEntities, Policy: policyEntities, CSS: "/staff/static/staff.css?v=" + cssVersion, Data: data}
	if u := user(r); u != nil {
		p.User = u
		p.Admin = u.Role == "admin"
		p.Import = auth.Authorize(u.Principal(), auth.Import, nil, s.snapshot().Home()) == nil
		p.Flash = s.sessions.PopString(r.Context(), keyFlash)
	}
	t, ok := s.pages.pages[name]
	if !ok {
		panic("staff: no template " + name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.logger.Error("render staff page", "template", name, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte("Internal error\n"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorData is the content of an error page.
type errorData struct {
	Status  int
	Message string
}

// errorPage answers status with a page saying message.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	s.render(w, r, status, "error", title, "", errorData{Status: status, Message: message})
}

// forbidden answers 403 with the refusal's reason.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request, err error) {
	s.errorPage(w, r, http.StatusForbidden, "Not allowed", "You may not do this. "+capitalize(strings.TrimPrefix(err.Error(), "auth: forbidden: "))+".")
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "Page not found", "There is no such page or record. It may have been deleted.")
}

// handleCSS serves the stylesheet.
func (s *Server) handleCSS(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(staffCSS)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
