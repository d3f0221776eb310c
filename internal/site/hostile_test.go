package site

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/api"
	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/staff"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// hostileRequest is one request of the hostile table, sent as raw bytes on
// its own connection so that nothing a client library would refuse to send
// (a NUL in the path, a lowercase method, a bare CR in a header) is lost.
type hostileRequest struct {
	name   string
	method string
	target string   // exactly as sent on the request line
	header []string // "Name: value" lines, sent as they are
	body   []byte
	as     principal
	// chunked sends body as it is, without a Content-Length.
	chunked bool
	// want is the status the contract fixes, or 0 for any 4xx.
	want int
}

// principal is who sends a hostile request.
type principal int

const (
	nobody      principal = iota
	withToken             // an editor's API token
	withSession           // a signed-in editor's session cookie, from the site's own origin
)

// hostileSite is the production stack of serve on a seeded store: the
// portal, the API with writes, the staff workspace and /readyz, behind the
// http.Server settings of NewServer.
type hostileSite struct {
	db      *store.DB
	addr    string
	token   string // Authorization header value
	cookie  string // Cookie header value
	mission string // a mission id in the registry
	person  string // a person id in the registry
	logs    lockedBuffer
}

func newHostileSite(t *testing.T, db *store.DB) *hostileSite {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: audit.ActorCLI})
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Seed(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if ds, err = db.Load(ctx); err != nil {
		t.Fatal(err)
	}
	h := &hostileSite{db: db, mission: ds.Missions[0].ID, person: ds.People[0].ID}
	cheap := auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	const password = "correct horse battery staple"
	hash, err := auth.HashPassword(password, cheap)
	if err != nil {
		t.Fatal(err)
	}
	editor, err := db.CreateUser(ctx, store.User{Email: "editor@example.org", Name: "Editor", Role: auth.Editor, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	plain, tokenHash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateToken(ctx, store.Token{Name: "hostile", Hash: tokenHash, Role: auth.Editor, CreatedBy: editor.ID,
		ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	h.token = "Bearer " + plain

	logger := slog.New(slog.NewJSONHandler(&h.logs, nil))
	snap := NewSnapshot(registry.New(ds))
	publish := func(r *registry.Registry) { snap.Publish(r) }
	staffHandler := staff.New(staff.Config{DB: db, Snapshot: snap.Load, Publish: publish, Logger: logger, PasswordParams: cheap})
	handler := New(Config{Snapshot: snap.Load, Logger: logger, Staff: staffHandler,
		Ready:      func(ctx context.Context) error { _, err := db.DataVersion(ctx); return err },
		APIOptions: []api.Option{api.WithWrites(api.WriteConfig{DB: db, Publish: publish})}})
	h.addr = serveForTest(t, handler, logger)

	// Sign in through the form, as a browser does.
	form := url.Values{"email": {editor.Email}, "password": {password}}.Encode()
	res := h.send(t, hostileRequest{method: "POST", target: "/staff/login",
		header: []string{"Content-Type: application/x-www-form-urlencoded"}, body: []byte(form)})
	for _, c := range res.Cookies() {
		if c.Name == staff.CookieName {
			h.cookie = c.Name + "=" + c.Value
		}
	}
	if res.StatusCode != http.StatusSeeOther || h.cookie == "" {
		t.Fatalf("sign in: %d, cookies %v", res.StatusCode, res.Cookies())
	}
	return h
}

// serveForTest serves h on a loopback port under NewServer's settings
// (limits, timeouts, error log) and returns its address.
func serveForTest(t *testing.T, h http.Handler, logger *slog.Logger) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(h, logger)
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ln)
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
	})
	return ln.Addr().String()
}

// send writes r on a new connection and reads the response in full.
func (h *hostileSite) send(t *testing.T, r hostileRequest) *http.Response {
	t.Helper()
	conn, err := net.DialTimeout("tcp", h.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(60 * time.Second))
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", r.method, r.target, h.addr)
	switch r.as {
	case withToken:
		fmt.Fprintf(&b, "Authorization: %s\r\n", h.token)
	case withSession:
		fmt.Fprintf(&b, "Cookie: %s\r\nOrigin: http://%s\r\nSec-Fetch-Site: same-origin\r\n", h.cookie, h.addr)
	}
	for _, line := range r.header {
		b.WriteString(line + "\r\n")
	}
	if r.body != nil && !r.chunked {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(r.body))
	}
	b.WriteString("\r\n")
	// Write in the background: a server refusing an oversized request
	// answers before it has read it all.
	go func() {
		if _, err := io.WriteString(conn, b.String()); err == nil && r.body != nil {
			conn.Write(r.body)
		}
	}()
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: no response: %v", r.name, err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(strings.NewReader(string(body)))
	return res
}

// writeState is what a write changes: the data version and the audit log.
type writeState struct {
	version int64
	seq     int64
}

func (h *hostileSite) state(t *testing.T) writeState {
	t.Helper()
	ctx := context.Background()
	v, err := h.db.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e, _, err := h.db.LastAuditEntry(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return writeState{version: v, seq: e.Seq}
}

// hostileRequests returns the table: at least 200 requests, across every
// family of routes, none of which may write. hasImport adds the rows of the
// staff import page, when the workspace has one.
func hostileRequests(h *hostileSite, hasImport bool) []hostileRequest {
	var rs []hostileRequest
	add := func(r hostileRequest) {
		if r.method == "" {
			r.method = "GET"
		}
		rs = append(rs, r)
	}
	const (
		form = "Content-Type: application/x-www-form-urlencoded"
		json = "Content-Type: application/json"
	)
	bigHeader := "X-Padding: " + strings.Repeat("a", 80<<10)
	manyHeaders := make([]string, 0, 2000)
	for i := range 2000 {
		manyHeaders = append(manyHeaders, fmt.Sprintf("X-H%d: %s", i, strings.Repeat("b", 40)))
	}
	longQuery := strings.Repeat("q=aaaaaaaaa&", 3000)
	manyParams := strings.Repeat("a=1&", 5000)
	injections := []string{
		"%27%20OR%20%271%27%3D%271",                   // ' OR '1'='1
		"1%3B%20DROP%20TABLE%20missions%3B--",         // 1; DROP TABLE missions;--
		"%3Cscript%3Ealert(1)%3C%2Fscript%3E",         // <script>alert(1)</script>
		"%7B%7B.%7D%7D%7B%7Btemplate%20%22x%22%7D%7D", // {{.}}{{template "x"}}
		"%25s%25n%25x%25p",                            // %s%n%x%p
		"%0d%0aSet-Cookie:%20x%3D1",                   // CRLF header injection
		"%C0%AE%C0%AE%2F",                             // overlong "../"
		"%ff%fe",                                      // invalid UTF-8
		"%00",                                         // NUL
	}

	// The portal, in each language.
	for _, lang := range i18n.Languages {
		p := "/" + lang
		add(hostileRequest{name: lang + " bad as_of", target: p + "/missions?as_of=2025-02-30", want: 400})
		add(hostileRequest{name: lang + " as_of template", target: p + "/?as_of=%7B%7B.%7D%7D", want: 400})
		add(hostileRequest{name: lang + " as_of NUL", target: p + "/diplomatic-list?as_of=%00", want: 400})
		add(hostileRequest{name: lang + " as_of SQL", target: p + "/map?as_of=2025-01-01%27--", want: 400})
		add(hostileRequest{name: lang + " bad percent-encoding", target: p + "/countries?q=%zz", want: 400})
		add(hostileRequest{name: lang + " invalid UTF-8", target: p + "/missions?kind=%ff%fe", want: 400})
		add(hostileRequest{name: lang + " overlong UTF-8", target: p + "/countries?q=%C0%AF", want: 400})
		add(hostileRequest{name: lang + " control character", target: p + "/missions?region=a%07b", want: 400})
		add(hostileRequest{name: lang + " over-long parameter", target: p + "/countries?q=" + strings.Repeat("x", 201), want: 400})
		add(hostileRequest{name: lang + " huge query", target: p + "/missions?" + longQuery, want: 400})
		add(hostileRequest{name: lang + " traversal encoded", target: p + "/missions/%2e%2e%2f%2e%2e%2fetc%2fpasswd", want: 404})
		add(hostileRequest{name: lang + " backslash traversal", target: p + "/policy/..%5c..%5cwin.ini", want: 404})
		add(hostileRequest{name: lang + " SQL in an id", target: p + "/missions/" + injections[0], want: 404})
		add(hostileRequest{name: lang + " markup in an id", target: p + "/countries/" + injections[2], want: 404})
		add(hostileRequest{name: lang + " template in an id", target: p + "/policy/" + injections[3], want: 404})
		add(hostileRequest{name: lang + " POST", method: "POST", target: p + "/missions", header: []string{form}, body: []byte("a=1"), want: 405})
		add(hostileRequest{name: lang + " DELETE", method: "DELETE", target: p + "/countries/RW", want: 405})
		add(hostileRequest{name: lang + " oversized header", target: p + "/", header: []string{bigHeader}, want: 431})
		add(hostileRequest{name: lang + " report traversal", target: p + "/policy/report/..%2f..%2fgo.mod", want: 404})
		add(hostileRequest{name: lang + " report NUL", target: p + "/policy/report/2025-2026.pdf%00", want: 404})
		add(hostileRequest{name: lang + " report SQL", target: p + "/policy/report/" + injections[0] + ".pdf", want: 404})
		add(hostileRequest{name: lang + " report POST", method: "POST", target: p + "/policy/report/2025-2026.csv", header: []string{form}, body: []byte("a=1"), want: 405})
	}
	for _, m := range []string{"TRACE", "PROPFIND", "get", "PUT", "PATCH", "CONNECTX"} {
		add(hostileRequest{name: "portal " + m, method: m, target: "/en/missions"})
	}
	add(hostileRequest{name: "unknown language", target: "/xx/missions", want: 404})
	add(hostileRequest{name: "language traversal", target: "/..%2f..%2fetc/missions", want: 404})
	add(hostileRequest{name: "method override on the portal", method: "POST", target: "/en/", header: []string{"X-HTTP-Method-Override: GET", form}, body: []byte("x=1"), want: 405})
	add(hostileRequest{name: "many headers", target: "/en/", header: manyHeaders, want: 431})

	// Static files.
	for _, f := range []string{"/static/app.css", "/static/print.css", "/staff/static/staff.css"} {
		add(hostileRequest{name: f + " POST", method: "POST", target: f, header: []string{form}, body: []byte("a=1")})
		// Static files ignore Range: the whole file, never an error.
		add(hostileRequest{name: f + " unsatisfiable range", target: f, header: []string{"Range: bytes=99999999-"}, want: 200})
		add(hostileRequest{name: f + " traversal", target: f + "%2f..%2f..%2fgo.mod", as: withSession, want: 404})
	}
	add(hostileRequest{name: "static NUL", target: "/static/app.css%00.txt", want: 404})
	add(hostileRequest{name: "static backslash", target: "/static/..%5c..%5cgo.mod", want: 404})
	add(hostileRequest{name: "static encoded dots", target: "/static/%2e%2e%2fgo.mod", want: 404})

	// /healthz and /readyz.
	for _, p := range []string{"/healthz", "/readyz"} {
		add(hostileRequest{name: p + " POST", method: "POST", target: p, header: []string{form}, body: []byte("a=1"), want: 405})
		add(hostileRequest{name: p + " DELETE", method: "DELETE", target: p, want: 405})
		add(hostileRequest{name: p + " TRACE", method: "TRACE", target: p, want: 405})
		add(hostileRequest{name: p + " lowercase", method: "get", target: p, want: 405})
		add(hostileRequest{name: p + " oversized header", target: p, header: []string{bigHeader}, want: 431})
		add(hostileRequest{name: p + " method override", method: "PUT", target: p, header: []string{"X-HTTP-Method-Override: GET"}, want: 405})
	}

	// The API's reads.
	reads := []string{"/api/v1/missions", "/api/v1/countries", "/api/v1/figures", "/api/v1/diplomatic-list", "/api/v1/agreements", "/api/v1/changes",
		"/api/v1/policy/indicators", "/api/v1/policy/progress", "/api/v1/policy/report/2025-2026",
		"/api/v1/policy", "/api/v1/policy-nodes", "/api/v1/initiatives", "/api/v1/indicators", "/api/v1/indicator-actuals",
		"/api/v1/engagements", "/api/v1/engagements/judicial-requests/counts", "/api/v1/commitments", "/api/v1/associations",
		"/api/v1/stakeholders", "/api/v1/consultations", "/api/v1/consultations/hostile-consultation/submissions"}
	for _, p := range reads {
		add(hostileRequest{name: p + " injection in as_of", target: p + "?as_of=" + injections[0], want: 400})
		add(hostileRequest{name: p + " unknown parameter", target: p + "?" + injections[3] + "=1", want: 400})
		add(hostileRequest{name: p + " huge query", target: p + "?" + longQuery, want: 400})
		add(hostileRequest{name: p + " many parameters", target: p + "?" + manyParams, want: 400})
		add(hostileRequest{name: p + " bad percent-encoding", target: p + "?as_of=%G1", want: 400})
		add(hostileRequest{name: p + " TRACE", method: "TRACE", target: p, want: 405})
		add(hostileRequest{name: p + " PATCH", method: "PATCH", target: p, header: []string{json}, body: []byte("{}"), as: withToken, want: 405})
		add(hostileRequest{name: p + " oversized header", target: p, header: []string{bigHeader}, want: 431})
	}
	for i, inj := range injections {
		add(hostileRequest{name: fmt.Sprintf("API mission id injection %d", i), target: "/api/v1/missions/" + inj, want: 404})
		add(hostileRequest{name: fmt.Sprintf("API filter injection %d", i), target: "/api/v1/missions?kind=" + inj, want: 400})
	}
	add(hostileRequest{name: "API traversal", target: "/api/v1/%2e%2e/%2e%2e/etc/passwd", want: 404})
	add(hostileRequest{name: "API encoded slash", target: "/api/v1/missions%2f" + h.mission, want: 404})
	add(hostileRequest{name: "API backslash", target: "/api/v1\\missions", want: 404})
	add(hostileRequest{name: "API limit twice", target: "/api/v1/missions?limit=1&limit=2", want: 400})
	add(hostileRequest{name: "API not acceptable", target: "/api/v1/missions", header: []string{"Accept: image/png"}, want: 406})
	add(hostileRequest{name: "API export bad range", target: "/api/v1/export.zip", header: []string{"Range: bytes=-0"}, want: 200}) // ignored
	add(hostileRequest{name: "API lowercase method", method: "get", target: "/api/v1/missions", want: 405})
	add(hostileRequest{name: "API PROPFIND", method: "PROPFIND", target: "/api/v1/missions/" + h.mission, want: 405})
	add(hostileRequest{name: "API unknown version", target: "/api/v2/missions", want: 404})

	// The API's writes, each refused before anything is stored.
	mission := "/api/v1/missions/" + h.mission
	person := "/api/v1/persons/" + h.person
	newPerson := []byte(`{"id":"hostile-new","name":"New"}`)
	huge := []byte(`{"id":"hostile-huge","name":"` + strings.Repeat("a", api.MaxBodyBytes) + `"}`)
	writes := []struct {
		name, method, path string
		header             []string
		body               []byte
		as                 principal
		want               int
	}{
		{"no token", "POST", "/api/v1/persons", []string{json}, newPerson, nobody, 401},
		{"agreement without a token", "POST", "/api/v1/agreements", []string{json}, []byte(`{"id":"hostile-agreement"}`), nobody, 401},
		{"agreement as text/plain", "POST", "/api/v1/agreements", []string{"Content-Type: text/plain"}, []byte(`{"id":"hostile-agreement"}`), withToken, 415},
		{"agreement with an unknown field", "POST", "/api/v1/agreements", []string{json}, []byte(`{"id":"hostile-agreement","stage":"in_force"}`), withToken, 400},
		{"engagement without a token", "POST", "/api/v1/engagements", []string{json}, []byte(`{"id":"hostile-engagement"}`), nobody, 401},
		{"engagement with an unknown field", "POST", "/api/v1/engagements", []string{json}, []byte(`{"id":"hostile-engagement","secret":true}`), withToken, 400},
		{"judicial request made public", "POST", "/api/v1/engagements", []string{json}, []byte(`{"id":"hostile-request","kind":"judicial_request","title":{"en":"x"},"start":"2025-01-01","request_kind":"extradition","status":"sent","status_date":"2025-01-01","public":true}`), withToken, 422},
		{"actual value as text", "POST", "/api/v1/indicator-actuals", []string{json}, []byte(`{"id":"hostile-actual","value":"1e400"}`), withToken, 400},
		{"approve without a token", "POST", "/api/v1/indicator-actuals/hostile-actual/approve", []string{`If-Match: "v1"`}, nil, nobody, 401},
		{"approve an unknown actual", "POST", "/api/v1/indicator-actuals/hostile-actual/approve", []string{`If-Match: "v1"`}, nil, withToken, 404},
		{"approve with a garbage If-Match", "POST", "/api/v1/indicator-actuals/hostile-actual/approve", []string{`If-Match: v1; DROP TABLE`}, nil, withToken, 400},
		{"approve traversal", "POST", "/api/v1/indicator-actuals/..%2f..%2fmissions/approve", []string{`If-Match: "v1"`}, nil, withToken, 404},
		{"GET on approve", "GET", "/api/v1/indicator-actuals/hostile-actual/approve", nil, nil, withToken, 405},
		{"PUT on the engagements", "PUT", "/api/v1/engagements", []string{json}, []byte(`{}`), withToken, 405},
		{"malformed token", "POST", "/api/v1/persons", []string{json, "Authorization: Bearer chy_%00%0d%0a"}, newPerson, nobody, 401},
		{"basic auth", "POST", "/api/v1/persons", []string{json, "Authorization: Basic YWRtaW46YWRtaW4="}, newPerson, nobody, 401},
		{"session cookie on the API", "POST", "/api/v1/persons", []string{json}, newPerson, withSession, 401},
		{"oversized body", "POST", "/api/v1/persons", []string{json}, huge, withToken, 413},
		{"oversized PUT", "PUT", person, []string{json, `If-Match: "v1"`}, huge, withToken, 413},
		{"text/plain", "POST", "/api/v1/persons", []string{"Content-Type: text/plain"}, newPerson, withToken, 415},
		{"form body", "POST", "/api/v1/persons", []string{form}, []byte("id=x&name=y"), withToken, 415},
		{"multipart", "POST", "/api/v1/persons", []string{"Content-Type: multipart/form-data; boundary=x"}, []byte("--x--"), withToken, 415},
		{"XML", "POST", "/api/v1/persons", []string{"Content-Type: application/xml"}, []byte("<person/>"), withToken, 415},
		{"no content type", "POST", "/api/v1/persons", nil, newPerson, withToken, 415},
		{"Latin-1 JSON", "POST", "/api/v1/persons", []string{"Content-Type: application/json; charset=iso-8859-1"}, newPerson, withToken, 415},
		{"malformed JSON", "POST", "/api/v1/persons", []string{json}, []byte(`{"id":`), withToken, 400},
		{"invalid UTF-8 JSON", "POST", "/api/v1/persons", []string{json}, []byte("{\"id\":\"x\",\"name\":\"\xff\"}"), withToken, 400},
		{"overlong UTF-8 JSON", "POST", "/api/v1/persons", []string{json}, []byte("{\"id\":\"x\",\"name\":\"\xc0\xaf\"}"), withToken, 400},
		{"NUL in JSON", "POST", "/api/v1/persons", []string{json}, []byte("{\"id\":\"x\",\"name\":\"a\x00b\"}"), withToken, 400},
		{"escaped NUL", "POST", "/api/v1/persons", []string{json}, []byte(`{"id":"hostile-nul","name":"a\u0000b"}`), withToken, 422},
		{"SQL in an id", "POST", "/api/v1/persons", []string{json}, []byte(`{"id":"x'); DROP TABLE persons;--","name":"x"}`), withToken, 422},
		{"traversal in an id", "POST", "/api/v1/persons", []string{json}, []byte(`{"id":"../../etc/passwd","name":"x"}`), withToken, 422},
		{"template in a name", "POST", "/api/v1/persons", []string{json}, []byte(`{"id":"","name":"{{.}}"}`), withToken, 422},
		{"CRLF in a name", "POST", "/api/v1/persons", []string{json}, []byte(`{"id":"hostile-crlf","name":"a\r\nSet-Cookie: x=1"}`), withToken, 422},
		{"deep nesting", "POST", "/api/v1/persons", []string{json}, []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000)), withToken, 400},
		{"huge number", "POST", "/api/v1/declared-figures", []string{json}, []byte(`{"id":"f","name":"consular_posts","value":1e400,"date":"2020"}`), withToken, 400},
		{"duplicate keys", "POST", "/api/v1/persons", []string{json}, []byte(`{"id":"hostile-dup","name":"a","name":""}`), withToken, 422},
		{"unknown field", "POST", "/api/v1/persons", []string{json}, []byte(`{"id":"hostile-x","name":"x","admin":true}`), withToken, 400},
		{"PUT without If-Match", "PUT", person, []string{json}, []byte(`{"id":"` + h.person + `","name":"x"}`), withToken, 428},
		{"PUT stale If-Match", "PUT", person, []string{json, `If-Match: "v0"`}, []byte(`{"id":"` + h.person + `","name":"x"}`), withToken, 412},
		{"PUT garbage If-Match", "PUT", person, []string{json, `If-Match: v1; DROP TABLE`}, []byte(`{"id":"` + h.person + `","name":"x"}`), withToken, 400},
		{"PUT huge If-Match", "PUT", person, []string{json, `If-Match: "v` + strings.Repeat("9", 400) + `"`}, []byte(`{"id":"` + h.person + `","name":"x"}`), withToken, 412},
		{"PUT negative If-Match", "PUT", person, []string{json, `If-Match: "v-1"`}, []byte(`{"id":"` + h.person + `","name":"x"}`), withToken, 412},
		{"PUT weak If-Match", "PUT", person, []string{json, `If-Match: W/"v1"`}, []byte(`{"id":"` + h.person + `","name":"x"}`), withToken, 412},
		{"PUT If-None-Match", "PUT", person, []string{json, `If-None-Match: *`}, []byte(`{"id":"` + h.person + `","name":"x"}`), withToken, 428},
		{"PUT another id", "PUT", person, []string{json, `If-Match: "v1"`}, []byte(`{"id":"someone-else","name":"x"}`), withToken, 400},
		{"DELETE without If-Match", "DELETE", person, nil, nil, withToken, 428},
		{"DELETE a person as an editor", "DELETE", person, []string{`If-Match: "v1"`}, nil, withToken, 403},
		{"PUT a NUL id", "PUT", "/api/v1/persons/a%00b", []string{json, `If-Match: "v1"`}, []byte(`{"id":"a\u0000b","name":"x"}`), withToken, 404},
		{"DELETE a NUL id", "DELETE", "/api/v1/persons/a%00b", []string{`If-Match: "v1"`}, nil, withToken, 404},
		{"escaped NUL in a nested field", "POST", "/api/v1/missions", []string{json}, []byte(`{"id":"hostile-m","contacts":{"email":"a\u0000@b"}}`), withToken, 422},
		{"escaped NUL in settings", "PUT", "/api/v1/settings", []string{json, `If-Match: "x"`}, []byte(`{"home_state":"RW","consular_contact":"a\u0000"}`), withToken, 0},
		{"DELETE a mission as an editor", "DELETE", mission, []string{`If-Match: "v1"`}, nil, withToken, 403},
		{"DELETE unknown", "DELETE", "/api/v1/persons/" + injections[0], []string{`If-Match: "v1"`}, nil, withToken, 404},
		{"DELETE traversal", "DELETE", "/api/v1/persons/..%2f..%2fmissions", []string{`If-Match: "v1"`}, nil, withToken, 404},
		{"POST on a record", "POST", mission, []string{json}, newPerson, withToken, 405},
		{"method override", "POST", mission, []string{json, "X-HTTP-Method-Override: DELETE", "X-HTTP-Method: DELETE"}, newPerson, withToken, 405},
		{"lowercase put", "put", person, []string{json, `If-Match: "v1"`}, []byte(`{"id":"` + h.person + `","name":"x"}`), withToken, 405},
		{"PUT on a collection", "PUT", "/api/v1/persons", []string{json}, newPerson, withToken, 405},
		{"POST on the export", "POST", "/api/v1/export.zip", []string{json}, newPerson, withToken, 405},
	}
	for _, w := range writes {
		add(hostileRequest{name: "API write: " + w.name, method: w.method, target: w.path, header: w.header, body: w.body, as: w.as, want: w.want})
	}
	chunk := fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(huge), huge)
	add(hostileRequest{name: "API write: chunked oversized", method: "POST", target: "/api/v1/persons", as: withToken, chunked: true,
		header: []string{json, "Transfer-Encoding: chunked"}, body: []byte(chunk), want: 413})
	add(hostileRequest{name: "API write: bad chunk size", method: "POST", target: "/api/v1/persons", as: withToken, chunked: true,
		header: []string{json, "Transfer-Encoding: chunked"}, body: []byte("zz\r\n{}\r\n0\r\n\r\n"), want: 400})
	add(hostileRequest{name: "API write: length and chunked", method: "POST", target: "/api/v1/persons", as: withToken, chunked: true,
		header: []string{json, "Transfer-Encoding: chunked", "Content-Length: 2"}, body: []byte("2\r\n{}\r\n0\r\n\r\n"), want: 422})

	// The staff workspace.
	evil := []string{form, "Origin: https://evil.example", "Sec-Fetch-Site: cross-site"}
	evilSigned := append([]string{"Cookie: " + h.cookie}, evil...)
	bigForm := []byte("name=" + strings.Repeat("a", staff.MaxFormBytes))
	staffPages := []string{"/staff/", "/staff/missions", "/staff/persons/" + h.person, "/staff/settings", "/staff/account"}
	for _, p := range staffPages {
		add(hostileRequest{name: p + " TRACE", method: "TRACE", target: p, as: withSession, want: 404})
		add(hostileRequest{name: p + " PROPFIND", method: "PROPFIND", target: p, as: withSession, want: 404})
		add(hostileRequest{name: p + " oversized header", target: p, as: withSession, header: []string{bigHeader}, want: 431})
	}
	for _, inj := range injections {
		add(hostileRequest{name: "staff record id " + inj, target: "/staff/missions/" + inj, as: withSession, want: 404})
		// The history of an id never stored is empty, not an error.
		add(hostileRequest{name: "staff history id " + inj, target: "/staff/persons/" + inj + "/history", as: withSession, want: 200})
	}
	staffPosts := []string{"/staff/missions", "/staff/persons/" + h.person, "/staff/settings", "/staff/missions/" + h.mission + "/delete",
		"/staff/users", "/staff/tokens"}
	for _, p := range staffPosts {
		add(hostileRequest{name: p + " cross-origin", method: "POST", target: p, header: evilSigned, body: []byte("name=x"), want: 403})
		add(hostileRequest{name: p + " oversized form", method: "POST", target: p, header: []string{form}, body: bigForm, as: withSession})
		add(hostileRequest{name: p + " bad encoding", method: "POST", target: p, header: []string{form}, body: []byte("name=%zz&version=%"), as: withSession})
		add(hostileRequest{name: p + " without a session", method: "POST", target: p, header: []string{form}, body: []byte("name=x")})
	}
	add(hostileRequest{name: "staff logout cross-origin", method: "POST", target: "/staff/logout", header: evilSigned, want: 403})
	add(hostileRequest{name: "staff logout-everywhere cross-origin", method: "POST", target: "/staff/logout-everywhere", header: evilSigned, want: 403})
	add(hostileRequest{name: "staff create with a traversal id", method: "POST", target: "/staff/persons", header: []string{form},
		body: []byte("id=..%2F..%2Fetc&name=x"), as: withSession, want: 422})
	add(hostileRequest{name: "staff create with SQL in the id", method: "POST", target: "/staff/persons", header: []string{form},
		body: []byte("id=" + injections[1] + "&name=x"), as: withSession, want: 422})
	add(hostileRequest{name: "staff create with a NUL", method: "POST", target: "/staff/persons", header: []string{form},
		body: []byte("id=hostile-nul&name=a%00b"), as: withSession, want: 422})
	add(hostileRequest{name: "staff create with invalid UTF-8", method: "POST", target: "/staff/persons", header: []string{form},
		body: []byte("id=hostile-utf&name=%ff%fe"), as: withSession, want: 422})
	add(hostileRequest{name: "staff update with a NUL", method: "POST", target: "/staff/persons/" + h.person, header: []string{form},
		body: []byte("name=a%00b&version=1"), as: withSession, want: 422})
	add(hostileRequest{name: "staff settings with a NUL", method: "POST", target: "/staff/settings", header: []string{form},
		body: []byte("home_state=RW&consular_contact=a%00b&version=1"), as: withSession})
	add(hostileRequest{name: "staff create with a bad date", method: "POST", target: "/staff/relations", header: []string{form},
		body: []byte("id=hostile-rel&country=KE&event=established&date=%7B%7B.%7D%7D"), as: withSession, want: 422})
	add(hostileRequest{name: "staff update with a stale version", method: "POST", target: "/staff/persons/" + h.person, header: []string{form},
		body: []byte("name=Changed&version=0"), as: withSession, want: 409})
	add(hostileRequest{name: "staff update with no version", method: "POST", target: "/staff/persons/" + h.person, header: []string{form},
		body: []byte("name=Changed"), as: withSession, want: 422})
	add(hostileRequest{name: "staff update with a huge version", method: "POST", target: "/staff/persons/" + h.person, header: []string{form},
		body: []byte("name=Changed&version=" + strings.Repeat("9", 100)), as: withSession, want: 422})
	add(hostileRequest{name: "staff delete as an editor", method: "POST", target: "/staff/persons/" + h.person + "/delete", header: []string{form},
		body: []byte("version=0"), as: withSession, want: 403})
	add(hostileRequest{name: "staff users as an editor", method: "POST", target: "/staff/users", header: []string{form},
		body: []byte("email=x%40example.org&role=admin"), as: withSession, want: 403})
	add(hostileRequest{name: "staff tokens as an editor", method: "POST", target: "/staff/tokens", header: []string{form},
		body: []byte("name=x&role=admin"), as: withSession, want: 403})
	add(hostileRequest{name: "staff multipart without boundary", method: "POST", target: "/staff/persons", header: []string{"Content-Type: multipart/form-data"},
		body: []byte("--x--"), as: withSession})
	add(hostileRequest{name: "staff traversal", target: "/staff/%2e%2e/%2e%2e/go.mod", as: withSession, want: 404})
	add(hostileRequest{name: "staff backslash", target: "/staff/..%5c..%5cgo.mod", as: withSession, want: 404})
	add(hostileRequest{name: "staff forged cookie", method: "POST", target: "/staff/persons", header: []string{form, "Cookie: " + staff.CookieName + "=' OR 1=1--"},
		body: []byte("id=x&name=y"), want: 401})
	add(hostileRequest{name: "staff login oversized", method: "POST", target: "/staff/login", header: []string{form}, body: bigForm, want: 413})
	add(hostileRequest{name: "staff login bad encoding", method: "POST", target: "/staff/login", header: []string{form}, body: []byte("email=%zz"), want: 400})
	add(hostileRequest{name: "staff login cross-origin", method: "POST", target: "/staff/login", header: evil, body: []byte("email=a&password=b"), want: 403})
	add(hostileRequest{name: "staff totp without a pending sign-in", method: "POST", target: "/staff/totp", header: []string{form}, body: []byte("code=%"), want: 401})
	add(hostileRequest{name: "staff method override", method: "POST", target: "/staff/persons/" + h.person + "/delete",
		header: []string{form, "X-HTTP-Method-Override: GET"}, body: []byte("version=0"), as: withSession, want: 403})
	if hasImport {
		add(hostileRequest{name: "staff import of a broken upload", method: "POST", target: "/staff/import", header: []string{"Content-Type: multipart/form-data; boundary=x"},
			body: []byte("--x--"), as: withSession})
		add(hostileRequest{name: "staff import cross-origin", method: "POST", target: "/staff/import", header: evilSigned, body: []byte("x=1"), want: 403})
	}
	return rs
}

// TestHostileRequests sends the hostile table to the whole site on each
// engine: each request gets a 4xx (the code the contract fixes, where it
// does; a few hostile headers and ids are rightly ignored: 200), never a
// 5xx, no panic or error is logged, and nothing is written.
func TestHostileRequests(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		h := newHostileSite(t, db)
		// The import page answers an editor 403 when it exists.
		hasImport := h.send(t, hostileRequest{method: "GET", target: "/staff/import", as: withSession}).StatusCode != http.StatusNotFound
		rows := hostileRequests(h, hasImport)
		refused := 0
		for _, r := range rows {
			if r.want == 0 || r.want >= 400 {
				refused++
			}
		}
		if refused < 200 {
			t.Fatalf("%d hostile requests to be refused with a 4xx (of %d), want at least 200", refused, len(rows))
		}
		before := h.state(t)
		for _, r := range rows {
			res := h.send(t, r)
			switch {
			case res.StatusCode >= 500:
				t.Errorf("%s: %s %s: status %d", r.name, r.method, clipTarget(r.target), res.StatusCode)
			case r.want != 0 && res.StatusCode != r.want:
				t.Errorf("%s: %s %s: status %d, want %d", r.name, r.method, clipTarget(r.target), res.StatusCode, r.want)
			case r.want == 0 && (res.StatusCode < 400 || res.StatusCode >= 500):
				t.Errorf("%s: %s %s: status %d, want a 4xx", r.name, r.method, clipTarget(r.target), res.StatusCode)
			}
			for _, c := range res.Header.Values("Set-Cookie") {
				if strings.HasPrefix(c, "x=") {
					t.Errorf("%s: a cookie was injected: %q", r.name, c)
				}
			}
		}
		if after := h.state(t); after != before {
			t.Errorf("the hostile requests wrote: data version %d → %d, audit log %d → %d",
				before.version, after.version, before.seq, after.seq)
		}
		// The staff session still works: the table signed nobody out.
		if res := h.send(t, hostileRequest{method: "GET", target: "/staff/", as: withSession}); res.StatusCode != 200 {
			t.Errorf("the staff session no longer works: %d", res.StatusCode)
		}
		// Failed sign-ins are audited (a legitimate write), so they are
		// not in the table: hostile ones are refused all the same.
		for _, body := range []string{"email=a%00b%40example.org&password=x", "email=editor%40example.org&password=%00",
			"email=%ff%fe&password=x", "email=" + strings.Repeat("%C0%AF", 300) + "&password=x"} {
			res := h.send(t, hostileRequest{name: "sign-in " + body, method: "POST", target: "/staff/login",
				header: []string{"Content-Type: application/x-www-form-urlencoded"}, body: []byte(body)})
			if res.StatusCode != http.StatusUnauthorized {
				t.Errorf("sign-in %s: status %d, want 401", body, res.StatusCode)
			}
		}
		logs := h.logs.String()
		if strings.Contains(logs, "panic") || strings.Contains(logs, `"level":"ERROR"`) {
			t.Errorf("the server logged errors:\n%s", logs)
		}
		t.Logf("%d hostile requests, %d of them refused with a 4xx", len(rows), refused)
	})
}

func clipTarget(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
