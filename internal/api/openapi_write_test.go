package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// oaWrite is one exchange with the write API, validated against the
// document.
type oaWrite struct {
	name         string
	who          string
	method, path string
	body         any // JSON-encoded unless []byte
	header       map[string]string
	status       int
	// validRequest says whether the document accepts the request: kept
	// equal to what kin-openapi's ValidateRequest finds (which does not
	// check the token: the tests here run without authentication checks).
	validRequest bool
}

// TestOpenAPIWrites sends requests with every documented answer of the
// write API (201, 200, 204, 304, 400, 401, 403, 404, 405, 409, 412, 413,
// 415, 422, 428), a record of every entity created, replaced and deleted,
// and validates each request and response against the document.
func TestOpenAPIWrites(t *testing.T) {
	fx := oaFixture(t)
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		// A new record of every entity, made from a stored one.
		news := []struct{ path, from, id string }{
			{"missions", missionC, "rw-kampala-two"}, {"accreditations", "rw-brussels--BE", "rw-brussels--BE-two"},
			{"appointments", "b-head", "b-head-two"}, {"persons", "john-roe", "john-roe-two"},
			{"honorary-consuls", "hc-mombasa", "hc-mombasa-two"}, {"countries", "KE", "QK"},
			{"relations", "ke-established", "ke-established-two"}, {"organisations", "EAC", "EAC-TWO"},
			{"memberships", "RW--EAC", "RW--EAC-TWO"}, {"declared-figures", "missions-2025", "missions-2025-two"},
			{"finder-notes", "TZ", "ET"},
		}
		var ex []oaWrite
		for _, n := range news {
			e := entityAt(n.path)
			var m map[string]any
			b, _ := json.Marshal(f.record(t, n.path, n.from))
			json.Unmarshal(b, &m)
			delete(m, "version")
			delete(m, "revision")
			delete(m, "updated_at")
			m[e.idField] = n.id
			switch n.path {
			case "accreditations":
				m["status"] = "planned"
			case "countries":
				m["iso3"], m["numeric"] = "QQK", "999"
			}
			changed := map[string]any{}
			for k, v := range m {
				changed[k] = v
			}
			changed["note"] = "checked against the document"
			rec := "/api/v1/" + n.path + "/" + n.id
			ex = append(ex,
				oaWrite{name: "create", who: "admin", method: "POST", path: "/api/v1/" + n.path, body: m, status: 201, validRequest: true},
				oaWrite{name: "replace", who: "admin", method: "PUT", path: rec, body: changed, header: map[string]string{"If-Match": `"v1"`}, status: 200, validRequest: true},
				oaWrite{name: "delete", who: "admin", method: "DELETE", path: rec, header: map[string]string{"If-Match": `"v2"`}, status: 204, validRequest: true})
		}
		jane := map[string]any{"id": "jane-doe", "name": "Jane Doe", "source": "", "last_verified": nil}
		v1 := map[string]string{"If-Match": `"v1"`}
		settings := f.load(t).Settings
		tag := map[string]string{"If-Match": settingsTag(settings)}
		ex = append(ex, []oaWrite{
			{name: "bad body", who: "admin", method: "POST", path: "/api/v1/persons", body: []byte(`{"id":"p","name":1}`), status: 400},
			{name: "unknown field", who: "admin", method: "POST", path: "/api/v1/persons", body: []byte(`{"id":"p","name":"P","colour":"red"}`), status: 400},
			{name: "other id", who: "admin", method: "PUT", path: "/api/v1/persons/john-roe", body: jane, header: v1, status: 400, validRequest: true},
			{name: "bad If-Match", who: "admin", method: "DELETE", path: "/api/v1/persons/jane-doe", header: map[string]string{"If-Match": "v1"}, status: 400, validRequest: true},
			{name: "no token", method: "POST", path: "/api/v1/persons", body: jane, status: 401, validRequest: true},
			{name: "expired-looking token", who: "malformed", method: "PUT", path: "/api/v1/persons/jane-doe", body: jane, header: v1, status: 401, validRequest: true},
			{name: "viewer", who: "viewer", method: "POST", path: "/api/v1/persons", body: jane, status: 403, validRequest: true},
			{name: "editor deletes", who: "editor", method: "DELETE", path: "/api/v1/persons/jane-doe", header: v1, status: 403, validRequest: true},
			{name: "unknown record", who: "admin", method: "PUT", path: "/api/v1/persons/nobody", body: map[string]any{"id": "nobody", "name": "N", "source": "", "last_verified": nil}, header: v1, status: 404, validRequest: true},
			{name: "unknown record deleted", who: "admin", method: "DELETE", path: "/api/v1/persons/nobody", header: v1, status: 404, validRequest: true},
			{name: "existing id", who: "admin", method: "POST", path: "/api/v1/persons", body: jane, status: 409, validRequest: true},
			{name: "stale version", who: "admin", method: "PUT", path: "/api/v1/persons/jane-doe", body: jane, header: map[string]string{"If-Match": `"v9"`}, status: 412, validRequest: true},
			{name: "huge body", who: "admin", method: "POST", path: "/api/v1/persons", body: []byte(`{"id":"p","name":"` + strings.Repeat("x", MaxBodyBytes) + `"}`), status: 413},
			{name: "text body", who: "admin", method: "POST", path: "/api/v1/persons", body: []byte(`{}`), header: map[string]string{"Content-Type": "text/plain"}, status: 415},
			{name: "invalid record", who: "admin", method: "POST", path: "/api/v1/persons", body: map[string]any{"id": "p-x", "name": "", "source": "", "last_verified": nil}, status: 422, validRequest: true},
			{name: "no If-Match", who: "admin", method: "PUT", path: "/api/v1/persons/jane-doe", body: jane, status: 428},
			{name: "mission officer renames", who: "mission_officer", method: "PUT", path: "/api/v1/missions/" + missionA, body: map[string]any{"id": missionA}, header: v1, status: 403},
			{name: "settings", who: "viewer", method: "GET", path: settingsPath, status: 200, validRequest: true},
			{name: "settings unchanged", who: "viewer", method: "GET", path: settingsPath, header: map[string]string{"If-None-Match": settingsTag(settings)}, status: 304, validRequest: true},
			{name: "settings with a parameter", who: "viewer", method: "GET", path: settingsPath + "?x=1", status: 400, validRequest: true},
			{name: "settings without a token", method: "GET", path: settingsPath, status: 401, validRequest: true},
			{name: "settings by the editor", who: "editor", method: "PUT", path: settingsPath, body: settings, header: tag, status: 403, validRequest: true},
			{name: "settings, stale", who: "admin", method: "PUT", path: settingsPath, body: settings, header: map[string]string{"If-Match": `"s-stale"`}, status: 412, validRequest: true},
			{name: "settings, invalid", who: "admin", method: "PUT", path: settingsPath, body: registry.Settings{HomeState: "ZZ"}, header: tag, status: 422, validRequest: true},
			{name: "settings changed", who: "protocol", method: "PUT", path: settingsPath, body: registry.Settings{HomeState: "RW", NuncioIsDean: true, ConsularContact: settings.ConsularContact}, header: tag, status: 200, validRequest: true},
			{name: "options of a write path", method: "OPTIONS", path: "/api/v1/persons", status: 204, validRequest: true},
			{name: "options of a shared path", method: "OPTIONS", path: "/api/v1/missions", status: 204, validRequest: true},
			{name: "GET of a write path", who: "admin", method: "GET", path: "/api/v1/persons/jane-doe", status: 405},
			{name: "PATCH", who: "admin", method: "PATCH", path: "/api/v1/missions/" + missionA, status: 405},
		}...)
		for _, x := range ex {
			body := x.body
			if body != nil {
				if _, ok := body.([]byte); !ok {
					body, _ = json.Marshal(body)
				}
			}
			res := f.do(t, x.who, x.method, x.path, body, x.header)
			what := x.name + ": " + x.method + " " + x.path
			if res.status != x.status {
				t.Errorf("%s: status %d, want %d: %s", what, res.status, x.status, oaShorten(string(res.body), 300))
				continue
			}
			var raw []byte
			if body != nil {
				raw = body.([]byte)
			}
			oaValidateWrite(t, fx, f, x, raw, res)
		}
	})
}

// oaValidateWrite checks an exchange of TestOpenAPIWrites against the
// document: the response always, the request against x.validRequest. A
// method the path does not document is checked against the path's write
// operation, where 405 is documented.
func oaValidateWrite(t *testing.T, fx *oaFixtures, f *wFixture, x oaWrite, body []byte, res wResponse) {
	t.Helper()
	what := x.name + ": " + x.method + " " + x.path
	newRequest := func(method string) *http.Request {
		req, err := http.NewRequest(method, f.srv.URL+x.path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if v := f.tokens[x.who]; v != "" {
			req.Header.Set("Authorization", v)
		}
		for k, v := range x.header {
			req.Header.Set(k, v)
		}
		return req
	}
	req := newRequest(x.method)
	route, params, err := fx.router.FindRoute(req)
	if errors.Is(err, routers.ErrMethodNotAllowed) {
		for _, m := range []string{http.MethodPut, http.MethodPost, http.MethodGet} {
			req = newRequest(m)
			if route, params, err = fx.router.FindRoute(req); err == nil {
				break
			}
		}
	}
	if err != nil {
		t.Fatalf("%s: finding the route: %v", what, err)
	}
	ctx := context.Background()
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
	if err := openapi3filter.ValidateRequest(ctx, in); (err == nil) != x.validRequest {
		t.Errorf("%s: the document accepts the request: %v, want %v (%v)", what, err == nil, x.validRequest, err)
	}
	if res.status == http.StatusNotModified {
		if len(res.body) != 0 || res.header.Get("ETag") == "" {
			t.Errorf("%s: 304 with %d bytes, ETag %q", what, len(res.body), res.header.Get("ETag"))
		}
		return
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.status, Header: res.header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	out.SetBodyBytes(res.body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("%s: the response (%d) does not match the document: %s\nbody: %s", what, res.status,
			oaShorten(err.Error(), 2000), oaShorten(string(res.body), 600))
	}
}
