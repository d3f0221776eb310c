package staff

import (
	"html"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/metrics"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/site"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestCrossOrigin: a form posted from another site is refused before it is
// read, signed in or not; the same form from the site itself goes through.
func TestCrossOrigin(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("editor")
		form := e.formOf(personEntity, "jane-doe")
		form.Set("name", "Changed Cross Site")
		tests := []struct {
			name    string
			headers map[string]string
			status  int
		}{
			{"Sec-Fetch-Site cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
			{"Sec-Fetch-Site same-site", map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
			{"foreign Origin", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
			{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": e.srv.URL}, http.StatusSeeOther},
		}
		for _, path := range []string{"/staff/persons/jane-doe", "/staff/login", "/staff/logout"} {
			for _, tt := range tests {
				if path != "/staff/persons/jane-doe" && tt.status != http.StatusForbidden {
					continue
				}
				req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				for k, v := range tt.headers {
					req.Header.Set(k, v)
				}
				if res := c.do(req); res.status != tt.status {
					t.Errorf("%s %s: %d, want %d", path, tt.name, res.status, tt.status)
				}
			}
		}
		if got := e.record(personEntity, "jane-doe").(*registry.Person).Name; got != "Changed Cross Site" {
			t.Errorf("name %q: the same-origin save did not happen", got)
		}
	})
}

// TestBodyLimit: a form over MaxFormBytes is refused with 413.
func TestBodyLimit(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	c := e.client()
	c.login("editor")
	form := e.formOf(personEntity, "jane-doe")
	form.Set("note", strings.Repeat("x", MaxFormBytes+1))
	if res := c.post("/staff/persons/jane-doe", form); res.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", res.status)
	}
	if got := e.record(personEntity, "jane-doe").(*registry.Person).Note; got != "" {
		t.Errorf("note saved: %.20q", got)
	}
}

// TestHeaders: every staff page, signed in or not, carries the security
// headers and is not stored by caches.
func TestHeaders(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	c := e.client()
	paths := []string{"/staff/login", "/staff/", "/staff/missions", "/staff/missions/rw-nairobi", "/staff/nowhere"}
	check := func(who string) {
		for _, p := range paths {
			res := c.get(p)
			h := res.header
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "default-src 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("%s %s: CSP %q lacks %q", who, p, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("%s %s: CSP allows inline code", who, p)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || !strings.Contains(h.Get("Cache-Control"), "no-store") {
				t.Errorf("%s %s: headers %v", who, p, h)
			}
			if strings.Contains(res.body, "<script") || strings.Contains(res.body, " style=") {
				t.Errorf("%s %s: inline script or style", who, p)
			}
		}
	}
	check("signed out")
	c.login("viewer")
	check("viewer")
}

// Payloads that would run script if shown unescaped.
var xssPayloads = []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `javascript:alert(1)`}

// freeText reports whether f takes any text (no syntax checked by the
// registry).
func freeText(f field) bool {
	if f.ID || (f.Kind != text && f.Kind != textarea) {
		return false
	}
	switch f.Name {
	case "iso3", "numeric", "region_code", "subregion_code", "email", "website", "acronym", "un_registration_number",
		"unit", "baseline_period", "period", "evidence", "commission":
		return false
	}
	return true
}

// TestStoredXSS saves each payload in every free-text field of a record of
// every entity, through the forms, then reads every staff page and public
// page that shows it: the payload must come back escaped, never as markup.
func TestStoredXSS(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("admin")
		targets := map[*entity]string{
			countryEntity: "KE", relationEntity: "ke-established", organisationEntity: "AU", missionEntity: "rw-nairobi",
			accreditationEntity: "rw-nairobi--KE", personEntity: "jane-doe", appointmentEntity: "jane-doe-kenya",
			honoraryConsulEntity: "hc-dar", membershipEntity: "RW--AU", declaredFigureEntity: "missions-2025", finderNoteEntity: "TZ",
			agreementEntity: "ke-air",
		}
		maps.Copy(targets, trackerFixtureIDs)
		public := []string{"/en/missions/rw-nairobi", "/en/missions", "/en/countries/KE", "/en/countries/TZ", "/en/countries",
			"/en/honorary-consuls", "/en/organisations", "/en/diplomatic-list", "/en/"}
		for _, payload := range xssPayloads {
			for _, ent := range entities {
				id := targets[ent]
				form := e.formOf(ent, id)
				n := 0
				for _, f := range ent.Fields {
					if freeText(f) {
						form.Set(f.Name, payload)
						n++
					}
				}
				if n == 0 {
					continue
				}
				if res := c.post(rec(ent, id), form); res.status != http.StatusSeeOther {
					t.Fatalf("save %s %s: %d\n%s", ent.Name, id, res.status, excerpt(res.body))
				}
				// The record and its history show the payload; the list
				// shows it in its filter, and in a column when the field
				// is one.
				for p, shown := range map[string]bool{rec(ent, id): true, rec(ent, id) + "/history": true, "/staff/" + ent.Path: false,
					"/staff/" + ent.Path + "?q=" + url.QueryEscape(payload): true} {
					assertEscaped(t, p, c.get(p).body, payload, shown)
				}
			}
			for _, p := range public {
				res := c.get(p)
				if res.status != http.StatusOK {
					t.Errorf("%s: %d", p, res.status)
				}
				assertEscaped(t, p, res.body, payload, p == "/en/missions/rw-nairobi")
			}
			assertEscaped(t, "dashboard", c.get("/staff/").body, payload, false)
		}
		// A javascript: address is refused where a web address is expected.
		form := e.formOf(missionEntity, "rw-nairobi")
		form.Set("website", "javascript:alert(1)")
		res := c.post(rec(missionEntity, "rw-nairobi"), form)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "is not an http(s) address") {
			t.Errorf("javascript: website: %d\n%s", res.status, excerpt(res.body))
		}
	})
}

// assertEscaped fails when body holds payload as markup; with shown, the
// escaped payload must be there.
func assertEscaped(t *testing.T, page, body, payload string, shown bool) {
	t.Helper()
	for _, raw := range []string{"<script>alert", "<img src=x", `href="javascript:`} {
		if strings.Contains(body, raw) {
			t.Errorf("%s: payload %q comes back unescaped (%q)", page, payload, raw)
		}
	}
	if shown && !strings.Contains(body, html.EscapeString(payload)) && !strings.Contains(body, strings.ReplaceAll(html.EscapeString(payload), "&#34;", "&quot;")) {
		t.Errorf("%s: the escaped payload %q is not shown", page, payload)
	}
}

// TestSQLMetaCharacters: text with SQL's and LIKE's special characters is
// stored and shown verbatim, and the list filter takes it literally.
func TestSQLMetaCharacters(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		c.login("editor")
		values := map[string]string{
			"name":    `'; DROP TABLE missions; -- 100% _under_ back\slash`,
			"city":    `\\ "quoted" 'single' %_`,
			"address": "line 1\r\nline 2 -- /* comment */ ; SELECT * FROM users",
			"note":    `%_\%\_`,
		}
		form := e.formOf(missionEntity, "rw-nairobi")
		for k, v := range values {
			form.Set(k, v)
		}
		if res := c.post(rec(missionEntity, "rw-nairobi"), form); res.status != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", res.status, excerpt(res.body))
		}
		m := e.record(missionEntity, "rw-nairobi").(*registry.Mission)
		got := map[string]string{"name": m.Name, "city": m.City, "address": m.Contacts.Address, "note": m.Note}
		for k, v := range values {
			if want := strings.ReplaceAll(v, "\r\n", "\n"); got[k] != want {
				t.Errorf("%s: stored %q, want %q", k, got[k], want)
			}
		}
		if n := len(e.snap.Load().Dataset().Missions); n != len(fixture().Missions) {
			t.Errorf("%d missions, want %d", n, len(fixture().Missions))
		}
		page := c.get("/staff/missions/rw-nairobi").body
		if !strings.Contains(page, html.EscapeString(values["name"])) {
			t.Error("the name is not shown verbatim")
		}
		for q, want := range map[string]int{"%": 1, "_under_": 1, `\slash`: 1, "'; DROP": 1, "%%": 0} {
			body := c.get("/staff/missions?q=" + url.QueryEscape(q)).body
			if got := strings.Count(body, `<th scope="row">`); got != want {
				t.Errorf("filter %q: %d rows, want %d", q, got, want)
			}
		}
	})
}

// TestRoutePattern: the site's metrics and access log see the staff route
// that served a request.
func TestRoutePattern(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	m := metrics.New()
	srv := httptest.NewServer(site.New(site.Config{Snapshot: e.snap.Load, Staff: New(Config{DB: e.db, Snapshot: e.snap.Load}), Metrics: m}))
	defer srv.Close()
	e.srv = srv
	c := e.client()
	c.login("viewer")
	c.get("/staff/missions/rw-nairobi")
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, want := range []string{`route="GET /staff/missions/{id}",status="200"`, `route="POST /staff/login",status="303"`} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
