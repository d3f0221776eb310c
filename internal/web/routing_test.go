package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chancery-org/chancery/internal/i18n"
)

// TestRoutingTable checks the portal's routing table (package routing)
// against its ServeMux: the pages without a wildcard but the language are
// in it, in every language, and the ServeMux would choose the same pattern
// for each of its paths.
func TestRoutingTable(t *testing.T) {
	s := newTestServer(t)
	if err := s.mux.Verify(); err != nil {
		t.Fatal(err)
	}
	// The home page, the missions, countries, map, Diplomatic List,
	// honorary consuls, organisations, agreements, policy, versions,
	// engagements, consultations and report pages, at least.
	if min := 13 * len(i18n.Languages); s.mux.Paths() < min {
		t.Errorf("%d paths in the routing table, want at least %d", s.mux.Paths(), min)
	}
	for _, lang := range i18n.Languages {
		for target, pattern := range map[string]string{
			"/" + lang + "/":                "GET /" + lang + "/{$}",
			"/" + lang + "/diplomatic-list": "GET /" + lang + "/diplomatic-list",
		} {
			r := httptest.NewRequest(http.MethodGet, target, nil)
			rec := httptest.NewRecorder()
			if !s.mux.ServeExact(rec, r) {
				t.Errorf("GET %s: not in the routing table", target)
			} else if rec.Code != http.StatusOK || r.Pattern != pattern {
				t.Errorf("GET %s: status %d, pattern %q", target, rec.Code, r.Pattern)
			}
		}
	}
}
