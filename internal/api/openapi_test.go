package api

// The OpenAPI harness: every test here and in requests_test.go sends real
// requests to the API built on the seed data, behind httptest.NewServer, and
// checks both the request and the response against openapi.json with
// kin-openapi (openapi3filter.ValidateRequest and ValidateResponse, routes
// found by its gorillamux router).
//
// How responses are checked:
//   - JSON and problem+json bodies are decoded and validated against their
//     schemas (JSON Schema 2020-12, as OpenAPI 3.1 has it). The record schemas
//     are closed (unevaluatedProperties: false), so a field the document does
//     not describe fails the test.
//   - CSV bodies go through kin-openapi's own text/csv decoder, which parses
//     them with encoding/csv (so a malformed file fails) and hands the schema
//     the rows joined again as one string; the schema's pattern then checks
//     the header row, i.e. the exact columns.
//   - application/zip bodies are binary strings (format: binary): only the
//     content type is checked here; export_test.go checks the archive.
//   - Undocumented status codes fail (IncludeResponseStatus), and the
//     documented headers (ETag, Cache-Control, ...) must be present and valid.
//   - kin-openapi does not validate 304 and HEAD responses: oaCheck304 and
//     the HEAD cases compare their headers with the documented ones and with
//     the GET response themselves.
//   - A request with a method other than GET or OPTIONS (405) is checked
//     against the GET operation of its path, where 405 is documented. A
//     response to a path the document does not list (a 404 from the
//     catch-all) is validated against the Problem schema alone.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

// oaFixtures are loaded once for the package's tests: the seed registry, the
// policy framework, and the parsed, validated document with its router.
type oaFixtures struct {
	reg    *registry.Registry
	fw     *policy.Framework
	inds   []policy.Indicator
	doc    *openapi3.T
	router routers.Router
}

var oaLoad = sync.OnceValues(func() (*oaFixtures, error) {
	ds, err := dataset.Load(data.FS)
	if err != nil {
		return nil, err
	}
	reg := registry.New(ds) // sorts the records by id, as a store gives them
	fw := policy.FrameworkFromDataset(reg.Dataset(), registry.Today())
	if fw == nil {
		return nil, errors.New("the seed data set has no policy in force today")
	}
	inds, err := policy.IndicatorsFromDataset(reg.Dataset())
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPI)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, err
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &oaFixtures{reg: reg, fw: fw, inds: inds, doc: doc, router: router}, nil
})

func oaFixture(t testing.TB) *oaFixtures {
	t.Helper()
	fx, err := oaLoad()
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// oaAPI is the API under test behind a real HTTP server.
type oaAPI struct {
	*oaFixtures
	srv    *httptest.Server
	client *http.Client
}

func oaServer(t testing.TB) *oaAPI {
	t.Helper()
	fx := oaFixture(t)
	srv := httptest.NewServer(New(func() *registry.Registry { return fx.reg }, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	// The client sends no Accept-Encoding of its own (Go's transport adds
	// gzip to a GET and decompresses the answer): the tests see the
	// responses as sent, and ask for gzip where they mean to.
	client := &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{DisableCompression: true},
	}
	return &oaAPI{oaFixtures: fx, srv: srv, client: client}
}

// oaResponse is a response read in full.
type oaResponse struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request; target is the path and query exactly as sent.
func (a *oaAPI) do(t testing.TB, method, target string, header map[string]string) oaResponse {
	t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+target, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, target, err)
	}
	return oaResponse{status: resp.StatusCode, header: resp.Header, body: body}
}

// oaValidation is what the document says about one exchange.
type oaValidation struct {
	routed     bool  // the document has an operation for the path
	requestErr error // why the document refuses the request, if it does
}

// validate checks the exchange against the document: the response always
// (it must be documented for its route), the request only reported.
func (a *oaAPI) validate(t testing.TB, method, target string, header map[string]string, res oaResponse) oaValidation {
	t.Helper()
	ctx := context.Background()
	if res.status >= 500 {
		t.Errorf("%s %s: status %d: %s", method, target, res.status, res.body)
	}
	if got := res.header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("%s %s: Access-Control-Allow-Origin %q, want *", method, target, got)
	}
	// The document has GET and OPTIONS operations; every other method is
	// checked against the GET operation, where 405 is documented.
	routeMethod := method
	if method != http.MethodOptions {
		routeMethod = http.MethodGet
	}
	req, err := http.NewRequest(routeMethod, a.srv.URL+target, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	route, pathParams, err := a.router.FindRoute(req)
	if err != nil {
		if !errors.Is(err, routers.ErrPathNotFound) {
			t.Fatalf("%s %s: finding the route: %v", method, target, err)
		}
		// Not a documented path: it must be a problem all the same.
		oaValidateProblem(t, a.doc, method+" "+target, res)
		return oaValidation{}
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	v := oaValidation{routed: true, requestErr: openapi3filter.ValidateRequest(ctx, in)}
	switch {
	case method == http.MethodHead:
		// kin-openapi does not validate HEAD responses; see TestOpenAPIHead.
	case res.status == http.StatusNotModified:
		oaCheck304(t, route, method+" "+target, res)
	default:
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: res.status, Header: res.header,
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}
		out.SetBodyBytes(res.body)
		if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
			t.Errorf("%s %s: the response (%d, %s) does not match the document: %s\nbody: %s",
				method, target, res.status, res.header.Get("Content-Type"), oaShorten(err.Error(), 2000), oaShorten(string(res.body), 600))
		}
	}
	return v
}

// oaShorten cuts s to n bytes: kin-openapi's errors quote the whole value.
func oaShorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// oaCheck304 checks a 304 response: no body, and the headers the document
// lists for it.
func oaCheck304(t testing.TB, route *routers.Route, what string, res oaResponse) {
	t.Helper()
	if len(res.body) != 0 {
		t.Errorf("%s: 304 with a body of %d bytes", what, len(res.body))
	}
	ref := route.Operation.Responses.Status(http.StatusNotModified)
	if ref == nil {
		t.Errorf("%s: 304 is not documented", what)
		return
	}
	for name, h := range ref.Value.Headers {
		got, ok := res.header[http.CanonicalHeaderKey(name)]
		if !ok {
			if h.Value.Required {
				t.Errorf("%s: 304 without its %s header", what, name)
			}
			continue
		}
		if h.Value.Schema != nil {
			if err := h.Value.Schema.Value.VisitJSON(got[0], openapi3.EnableJSONSchema2020()); err != nil {
				t.Errorf("%s: 304 header %s: %v", what, name, err)
			}
		}
	}
}

// oaValidateProblem validates a response to a path the document does not
// list: it must be a problem, valid against the Problem schema.
func oaValidateProblem(t testing.TB, doc *openapi3.T, what string, res oaResponse) {
	t.Helper()
	if ct := res.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: undocumented path answered %d with %q, want a problem: %s", what, res.status, ct, res.body)
		return
	}
	var v any
	if err := json.Unmarshal(res.body, &v); err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	schema := doc.Components.Schemas["Problem"].Value
	if err := schema.VisitJSON(v, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse()); err != nil {
		t.Errorf("%s: the problem does not match the Problem schema: %v", what, err)
	}
}

// oaProblem decodes a problem body strictly.
func oaProblem(t testing.TB, what string, res oaResponse) Problem {
	t.Helper()
	if ct := res.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%s: Content-Type %q, want application/problem+json; body: %s", what, ct, res.body)
	}
	var p Problem
	dec := json.NewDecoder(bytes.NewReader(res.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("%s: decoding the problem: %v", what, err)
	}
	if p.Status != res.status {
		t.Errorf("%s: problem status %d, response status %d", what, p.Status, res.status)
	}
	return p
}

// oaPending are the routes the document describes while colleagues write
// their handlers: the tests of a pending route are skipped until routes()
// registers it.
var oaPending = []string{"/api/v1/changes", "/api/v1/export.zip"}

// oaRequireRoute skips the test when target (a path, with a query or a .csv
// suffix) belongs to a pending route that routes() does not have yet.
func oaRequireRoute(t testing.TB, target string) {
	t.Helper()
	path := strings.TrimSuffix(oaPathOf(target), ".csv")
	if !slices.Contains(oaPending, path) {
		return
	}
	for _, rt := range (&Server{}).routes() {
		if rt.path == path {
			return
		}
	}
	t.Skipf("the API has no route %s yet: the document describes it, but its handler is not registered in routes()", path)
}

// oaCase is one exchange expected to succeed.
type oaCase struct {
	target string
	header map[string]string
}

// oaTargets returns a successful request for every documented GET path,
// and more with parameters and representations.
func oaTargets(fx *oaFixtures) []oaCase {
	ds := fx.reg.Dataset()
	mission := ds.Missions[0].ID
	csv := map[string]string{"Accept": "text/csv"}
	fy := oaFiscalYear(fx)
	return []oaCase{
		{target: "/api/openapi.json"},
		{target: "/api/openapi.json", header: map[string]string{"Accept": "application/json"}},
		{target: "/api/v1/figures"},
		{target: "/api/v1/figures?as_of=2020-01-01"},
		{target: "/api/v1/figures?as_of=1960-01-01"},
		{target: "/api/v1/figures", header: csv},
		{target: "/api/v1/figures.csv"},
		{target: "/api/v1/figures.csv?as_of=2024-02-29"},
		{target: "/api/v1/missions"},
		{target: "/api/v1/missions?limit=1000"},
		{target: "/api/v1/missions?limit=1"},
		{target: "/api/v1/missions?as_of=2024-06-30&kind=embassy,high_commission&status=open,closed"},
		{target: "/api/v1/missions?sender=RW&region=002"},
		{target: "/api/v1/missions?sender=state:RW&located_in=KE"},
		{target: "/api/v1/missions?sender=organisation:AU"},
		{target: "/api/v1/missions?accredited_to=RW&as_of=2025-01-01"},
		{target: "/api/v1/missions?accredited_to=organisation:UN"},
		{target: "/api/v1/missions", header: map[string]string{"Accept": "text/csv;q=0.9, application/json;q=0.5"}},
		{target: "/api/v1/missions", header: csv},
		{target: "/api/v1/missions.csv"},
		{target: "/api/v1/missions.csv?limit=5&kind=embassy"},
		{target: "/api/v1/missions/" + mission},
		{target: "/api/v1/missions/" + mission + "?as_of=2025-12-31"},
		{target: "/api/v1/missions/" + mission + "?as_of=1900-01-01"},
		{target: "/api/v1/accreditations"},
		{target: "/api/v1/accreditations?mission=" + mission},
		{target: "/api/v1/accreditations?receiver=RW&residence=non_resident&status=active,ended"},
		{target: "/api/v1/accreditations?as_of=2010-05-01&limit=3"},
		{target: "/api/v1/accreditations", header: csv},
		{target: "/api/v1/accreditations.csv"},
		{target: "/api/v1/countries"},
		{target: "/api/v1/countries?coverage=resident,non_resident&region=002"},
		{target: "/api/v1/countries?region=014&as_of=2000-01-01"},
		{target: "/api/v1/countries?coverage=home"},
		{target: "/api/v1/countries", header: csv},
		{target: "/api/v1/countries.csv"},
		{target: "/api/v1/countries.csv?limit=3"},
		{target: "/api/v1/countries/RW"},
		{target: "/api/v1/countries/DZ"},
		{target: "/api/v1/countries/AQ"},
		{target: "/api/v1/countries/BE"},
		{target: "/api/v1/countries/BI?as_of=1990-01-01"},
		{target: "/api/v1/organisations"},
		{target: "/api/v1/organisations?kind=continental,regional&limit=10"},
		{target: "/api/v1/organisations", header: csv},
		{target: "/api/v1/organisations.csv"},
		{target: "/api/v1/memberships"},
		{target: "/api/v1/memberships?as_of=2020-01-01&status=former"},
		{target: "/api/v1/memberships?organisation=AU"},
		{target: "/api/v1/memberships", header: csv},
		{target: "/api/v1/memberships.csv"},
		{target: "/api/v1/honorary-consuls"},
		{target: "/api/v1/honorary-consuls?status=active&as_of=2023-01-01"},
		{target: "/api/v1/honorary-consuls?country=CM"},
		{target: "/api/v1/honorary-consuls", header: csv},
		{target: "/api/v1/honorary-consuls.csv"},
		{target: "/api/v1/diplomatic-list"},
		{target: "/api/v1/diplomatic-list?as_of=1970-01-01"},
		{target: "/api/v1/diplomatic-list?as_of=2016-07-31"},
		{target: "/api/v1/policy"},
		{target: "/api/v1/policy/indicators"},
		{target: "/api/v1/policy/indicators", header: csv},
		{target: "/api/v1/policy/indicators.csv"},
		{target: "/api/v1/policy/progress"},
		{target: "/api/v1/policy/progress?period=" + fy},
		{target: "/api/v1/policy/progress?period=" + url.QueryEscape(fy+" Q1")},
		{target: "/api/v1/policy/progress?period=" + fy + "%20q4"},
		{target: "/api/v1/policy/progress?period=2024-2025"},
		{target: "/api/v1/policy/progress?period=1900-1901"},
		{target: "/api/v1/policy/progress?period=2200-2201+Q4"},
		{target: "/api/v1/policy/progress", header: csv},
		{target: "/api/v1/policy/progress.csv"},
		{target: "/api/v1/policy/progress.csv?period=2024-2025+Q3"},
		{target: "/api/v1/policy/report/" + fy},
		{target: "/api/v1/policy/report/2024-2025"},
		{target: "/api/v1/policy/report/1900-1901"},
		{target: "/api/v1/policy/report/2200-2201"},
		{target: "/api/v1/changes"},
		{target: "/api/v1/changes?since=0&limit=2"},
		{target: "/api/v1/changes?since=2025-01-01T00:00:00Z"},
		{target: "/api/v1/changes?since=12"},
		{target: "/api/v1/export.zip"},
		{target: "/api/v1/export.zip", header: map[string]string{"Accept": "application/zip"}},
		{target: "/api/v1/policy?as_of=2000-01-01"},
		{target: "/api/v1/policy-nodes"},
		{target: "/api/v1/policy-nodes?kind=pillar,objective&limit=5"},
		{target: "/api/v1/policy-nodes", header: csv},
		{target: "/api/v1/policy-nodes.csv"},
		{target: "/api/v1/initiatives?as_of=2025-01-01&status=ongoing"},
		{target: "/api/v1/initiatives.csv"},
		{target: "/api/v1/indicators"},
		{target: "/api/v1/indicators", header: csv},
		{target: "/api/v1/indicators.csv"},
		{target: "/api/v1/indicator-actuals?indicator=ind-nowhere"},
		{target: "/api/v1/indicator-actuals.csv"},
		{target: "/api/v1/engagements?kind=visit&country=KE"},
		{target: "/api/v1/engagements.csv"},
		{target: "/api/v1/engagements/judicial-requests/counts"},
		{target: "/api/v1/engagements/judicial-requests/counts?as_of=2025-01-01&fy=" + fy},
		{target: "/api/v1/commitments?status=open,done"},
		{target: "/api/v1/commitments.csv"},
		{target: "/api/v1/associations?country=KE"},
		{target: "/api/v1/associations.csv"},
		{target: "/api/v1/stakeholders?category=academia"},
		{target: "/api/v1/stakeholders.csv"},
		{target: "/api/v1/consultations?status=open"},
		{target: "/api/v1/consultations", header: csv},
		{target: "/api/v1/consultations.csv?as_of=2025-01-01"},
	}
}

// oaFiscalYear returns the fiscal year holding today, on the seed
// registry's fiscal years, as the API writes it.
func oaFiscalYear(fx *oaFixtures) string {
	return policy.FiscalYearOf(time.Now().UTC(), fx.reg.Settings().FiscalYearStartMonth()).String()
}

// oaPathOf returns the route path a target belongs to (for skipping).
func oaPathOf(target string) string {
	p, _, _ := strings.Cut(target, "?")
	return p
}

func TestOpenAPIDocument(t *testing.T) {
	fx := oaFixture(t) // loads and validates the document
	doc := fx.doc
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	if doc.Info.Title != "chancery open-data API" || doc.Info.Version != "1" {
		t.Errorf("info: %q version %q", doc.Info.Title, doc.Info.Version)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/" {
		t.Errorf("servers: want one, /")
	}
	// The document is served as is.
	a := oaServer(t)
	res := a.do(t, http.MethodGet, "/api/openapi.json", nil)
	if res.status != http.StatusOK || !bytes.Equal(res.body, openAPI) {
		t.Errorf("GET /api/openapi.json: %d, %d bytes; want the embedded document", res.status, len(res.body))
	}
}

// TestOpenAPIMatchesRoutes checks the document against the route table:
// the same paths, parameters and enum values, and CSV where the API has it.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	fx := oaFixture(t)
	documented := map[string]bool{}
	for p := range fx.doc.Paths.Map() {
		documented[p] = true
	}
	for _, rt := range (&Server{}).routes() {
		item := fx.doc.Paths.Value(rt.path)
		if item == nil || item.Get == nil || item.Options == nil {
			t.Errorf("%s: not documented (GET and OPTIONS)", rt.path)
			continue
		}
		delete(documented, rt.path)
		oaCompareParams(t, rt.path, rt.params, item.Get)
		ok := item.Get.Responses.Status(http.StatusOK).Value
		var media []string
		for mt := range ok.Content {
			media = append(media, mt)
		}
		sort.Strings(media)
		want := []string{"application/json"}
		switch {
		case rt.media != "":
			want = []string{rt.media}
		case rt.csv:
			want = []string{"application/json", "text/csv"}
		}
		if !slices.Equal(media, want) {
			t.Errorf("%s: 200 content %v, want %v", rt.path, media, want)
		}
		has404 := item.Get.Responses.Status(http.StatusNotFound) != nil
		if withParam := strings.Contains(rt.path, "{"); has404 != withParam {
			t.Errorf("%s: 404 documented %v, want %v", rt.path, has404, withParam)
		}
		csvItem := fx.doc.Paths.Value(rt.path + ".csv")
		if rt.csv != (csvItem != nil) {
			t.Errorf("%s: %s.csv documented %v, want %v", rt.path, rt.path, csvItem != nil, rt.csv)
		}
		if csvItem != nil {
			delete(documented, rt.path+".csv")
			oaCompareParams(t, rt.path+".csv", rt.params, csvItem.Get)
			content := csvItem.Get.Responses.Status(http.StatusOK).Value.Content
			if len(content) != 1 || content["text/csv"] == nil {
				t.Errorf("%s.csv: 200 content is not text/csv alone", rt.path)
			}
			if csvItem.Get.Responses.Status(http.StatusNotAcceptable) != nil {
				t.Errorf("%s.csv: documents 406, which a .csv path never answers", rt.path)
			}
		}
	}
	// The write routes: every path with write methods, and its methods.
	readRoute := func(path string) bool { return fx.doc.Paths.Value(path) != nil && documentedRead(path) }
	for _, wp := range writePaths(readRoute) {
		item := fx.doc.Paths.Value(wp.path)
		if item == nil {
			t.Errorf("%s: the write routes are not documented", wp.path)
			continue
		}
		delete(documented, wp.path)
		for _, m := range wp.methods {
			if item.GetOperation(m) == nil {
				t.Errorf("%s: %s is not documented", wp.path, m)
			}
		}
		for m, op := range item.Operations() {
			if m != http.MethodGet && m != http.MethodOptions && !slices.Contains(wp.methods, m) {
				t.Errorf("%s: %s is documented, but the API has no such route", wp.path, m)
			}
			if m != http.MethodOptions && m != http.MethodGet || wp.path == settingsPath && m == http.MethodGet {
				if op.Security == nil || len(*op.Security) != 1 {
					t.Errorf("%s %s: the API token is not documented (security)", m, wp.path)
				}
			}
		}
	}
	for p := range documented {
		t.Errorf("%s: documented, but the API has no such route", p)
	}

	// CSV collections have exactly the columns of their seed data file.
	files := map[string]string{}
	for _, fs := range dataset.Schema() {
		files[fs.Name] = "^" + strings.Join(fs.Columns, ",") + "\r?\n"
	}
	for path, file := range map[string]string{
		"/api/v1/missions.csv": "missions.csv", "/api/v1/accreditations.csv": "accreditations.csv",
		"/api/v1/organisations.csv": "organisations.csv", "/api/v1/memberships.csv": "memberships.csv",
		"/api/v1/honorary-consuls.csv": "honorary_consuls.csv", "/api/v1/agreements.csv": "agreements.csv",
		"/api/v1/policy-nodes.csv": "policy.csv", "/api/v1/initiatives.csv": "initiatives.csv",
		"/api/v1/indicators.csv": "indicators.csv", "/api/v1/indicator-actuals.csv": "indicator_actuals.csv",
		"/api/v1/engagements.csv": "engagements.csv", "/api/v1/commitments.csv": "commitments.csv",
		"/api/v1/associations.csv": "associations.csv", "/api/v1/stakeholders.csv": "stakeholders.csv",
		"/api/v1/consultations.csv": "consultations.csv",
	} {
		item := fx.doc.Paths.Value(path)
		if item == nil {
			continue // reported above
		}
		got := item.Get.Responses.Status(http.StatusOK).Value.Content["text/csv"].Schema.Value.Pattern
		if got != files[file] {
			t.Errorf("%s: CSV header pattern %q, want the columns of %s: %q", path, got, file, files[file])
		}
	}

	// The value sets of the records are the registry's.
	for _, c := range []struct {
		schema, prop string
		want         []string
	}{
		{"Mission", "kind", names(registry.MissionKinds)},
		{"Mission", "status", names(registry.MissionStatuses)},
		{"Accreditation", "residence", names(registry.Residences)},
		{"Accreditation", "status", names(registry.AccStatuses)},
		{"Appointment", "role", names(registry.Roles)},
		{"Appointment", "title", names(registry.Titles)},
		{"HonoraryConsul", "status", names(registry.HCStatuses)},
		{"Membership", "status", names(registry.MembershipStatuses)},
		{"Organisation", "kind", names(registry.OrgKinds)},
		{"Figure", "name", registry.FigureNames},
		{"Agreement", "kind", names(registry.InstrumentKinds)},
		{"Agreement", "scope", names(registry.AgreementScopes)},
		{"Agreement", "consent_mode", append([]string{""}, names(registry.ConsentModes)...)},
		{"Agreement", "end_reason", names(registry.EndReasons)},
		{"Agreement", "stage", names(registry.AgreementStages)},
		{"Change", "entity", changeEntities},
		{"PolicyNode", "kind", names(registry.PolicyNodeKinds)},
		{"Initiative", "status", names(registry.InitiativeStatuses)},
		{"IndicatorRecord", "measure", registry.IndicatorMeasures},
		{"IndicatorRecord", "direction", registry.IndicatorDirections},
		{"IndicatorRecord", "computed", registry.FigureNames},
		{"Engagement", "kind", names(registry.EngagementKinds)},
		{"Engagement", "direction", names(registry.EngagementDirections)},
		{"Engagement", "level", names(registry.EngagementLevels)},
		{"Engagement", "request_kind", names(registry.RequestKinds)},
		{"Engagement", "status", names(registry.RequestStatuses)},
		{"Commitment", "status", names(registry.CommitmentStatuses)},
		{"Stakeholder", "category", names(registry.StakeholderCategories)},
		{"Consultation", "status", consultationState},
		{"Party", "type", names(registry.PartyTypes)},
	} {
		s := oaProperty(fx.doc, c.schema, c.prop)
		if s == nil {
			t.Errorf("%s.%s: no such property", c.schema, c.prop)
			continue
		}
		if got := oaStrings(s.Enum); !slices.Equal(got, c.want) {
			t.Errorf("%s.%s: enum %v, want %v", c.schema, c.prop, got, c.want)
		}
	}
	services := oaProperty(fx.doc, "Mission", "services")
	if got := oaStrings(services.Items.Value.Enum); !slices.Equal(got, names(registry.Services)) {
		t.Errorf("Mission.services: enum %v, want %v", got, names(registry.Services))
	}
	for name, want := range map[string][]string{
		"Certainty": names(registry.Certainties), "RelationKind": names(registry.RelationKinds), "Coverage": coverages,
	} {
		if got := oaStrings(fx.doc.Components.Schemas[name].Value.Enum); !slices.Equal(got, want) {
			t.Errorf("%s: enum %v, want %v", name, got, want)
		}
	}
}

// oaCompareParams checks an operation's query parameters against a route's.
// documentedRead reports whether routes() serves path.
func documentedRead(path string) bool {
	return slices.ContainsFunc((&Server{}).routes(), func(rt route) bool { return rt.path == path })
}

func oaCompareParams(t *testing.T, path string, decl []param, op *openapi3.Operation) {
	t.Helper()
	doc := map[string]*openapi3.Parameter{}
	for _, p := range op.Parameters {
		if p.Value.In == openapi3.ParameterInQuery {
			doc[p.Value.Name] = p.Value
		}
	}
	for _, p := range decl {
		dp := doc[p.name]
		if dp == nil {
			t.Errorf("%s: parameter %s is not documented", path, p.name)
			continue
		}
		delete(doc, p.name)
		s := dp.Schema.Value
		switch p.kind {
		case pEnum:
			if s.Items == nil || !slices.Equal(oaStrings(s.Items.Value.Enum), p.enum) {
				t.Errorf("%s: parameter %s: documented values differ from %v", path, p.name, p.enum)
			}
			if dp.Explode == nil || *dp.Explode {
				t.Errorf("%s: parameter %s: a comma-separated list needs explode: false", path, p.name)
			}
		case pLimit:
			if s.Min == nil || *s.Min != 1 || s.Max == nil || *s.Max != maxLimit || s.Default != float64(defaultLimit) {
				t.Errorf("%s: parameter limit: want an integer from 1 to %d, default %d", path, maxLimit, defaultLimit)
			}
		default:
			if !s.Type.Is("string") {
				t.Errorf("%s: parameter %s: want a string", path, p.name)
			}
		}
	}
	for name := range doc {
		t.Errorf("%s: parameter %s is documented, but the route does not take it", path, name)
	}
}

// oaProperty finds a property of a component schema, looking through allOf.
func oaProperty(doc *openapi3.T, schema, prop string) *openapi3.Schema {
	ref := doc.Components.Schemas[schema]
	if ref == nil {
		return nil
	}
	var find func(s *openapi3.Schema) *openapi3.Schema
	find = func(s *openapi3.Schema) *openapi3.Schema {
		if p := s.Properties[prop]; p != nil {
			return p.Value
		}
		for _, sub := range s.AllOf {
			if found := find(sub.Value); found != nil {
				return found
			}
		}
		return nil
	}
	return find(ref.Value)
}

func oaStrings(vs []any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i], _ = v.(string)
	}
	return out
}

// TestOpenAPIResponses sends a successful request to every route, in every
// representation, and validates request and response.
func TestOpenAPIResponses(t *testing.T) {
	a := oaServer(t)
	for _, c := range oaTargets(a.oaFixtures) {
		name := c.target
		if c.header != nil {
			name += " Accept:" + c.header["Accept"]
		}
		t.Run(name, func(t *testing.T) {
			oaRequireRoute(t, c.target)
			res := a.do(t, http.MethodGet, c.target, c.header)
			if res.status != http.StatusOK {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
			v := a.validate(t, http.MethodGet, c.target, c.header, res)
			if !v.routed {
				t.Fatalf("no documented route")
			}
			if v.requestErr != nil {
				t.Errorf("the document refuses a request the API answers: %v", v.requestErr)
			}
		})
	}
}

// TestOpenAPIPagination walks every collection with a small limit: every
// page validates, and the pages hold total records, each once, in order.
func TestOpenAPIPagination(t *testing.T) {
	a := oaServer(t)
	for _, path := range []string{"/api/v1/missions", "/api/v1/accreditations", "/api/v1/countries",
		"/api/v1/organisations", "/api/v1/memberships", "/api/v1/honorary-consuls?as_of=2024-01-01", "/api/v1/policy-nodes"} {
		t.Run(path, func(t *testing.T) {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			var ids []string
			total, cursor := -1, ""
			for pages := 0; ; pages++ {
				if pages > 100 {
					t.Fatal("more than 100 pages")
				}
				target := path + sep + "limit=40"
				if cursor != "" {
					target += "&cursor=" + url.QueryEscape(cursor)
				}
				res := a.do(t, http.MethodGet, target, nil)
				if res.status != http.StatusOK {
					t.Fatalf("%s: %d %s", target, res.status, res.body)
				}
				a.validate(t, http.MethodGet, target, nil, res)
				var page struct {
					Total      int               `json:"total"`
					NextCursor string            `json:"next_cursor"`
					Data       []json.RawMessage `json:"data"`
				}
				if err := json.Unmarshal(res.body, &page); err != nil {
					t.Fatal(err)
				}
				if total >= 0 && page.Total != total {
					t.Errorf("total changed from %d to %d", total, page.Total)
				}
				total = page.Total
				for _, raw := range page.Data {
					var rec struct{ ID, ISO2 string }
					json.Unmarshal(raw, &rec)
					ids = append(ids, rec.ID+rec.ISO2)
				}
				if page.NextCursor == "" {
					if len(page.Data) > 40 {
						t.Errorf("last page of %d records", len(page.Data))
					}
					break
				}
				if len(page.Data) != 40 {
					t.Errorf("a page with a next_cursor has %d records, want the limit 40", len(page.Data))
				}
				cursor = page.NextCursor
			}
			if len(ids) != total {
				t.Errorf("the pages hold %d records, total is %d", len(ids), total)
			}
			if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
				t.Errorf("the pages are not in strictly increasing id order")
			}
		})
	}
}

// TestOpenAPINotModified revalidates every route with the ETag it gave.
func TestOpenAPINotModified(t *testing.T) {
	a := oaServer(t)
	for _, c := range oaTargets(a.oaFixtures) {
		t.Run(c.target, func(t *testing.T) {
			oaRequireRoute(t, c.target)
			first := a.do(t, http.MethodGet, c.target, c.header)
			etag := first.header.Get("ETag")
			if first.status != http.StatusOK || etag == "" {
				t.Fatalf("GET: %d, ETag %q", first.status, etag)
			}
			for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
				h := map[string]string{"If-None-Match": inm}
				for k, v := range c.header {
					h[k] = v
				}
				res := a.do(t, http.MethodGet, c.target, h)
				if res.status != http.StatusNotModified {
					t.Fatalf("If-None-Match: %s: status %d, want 304", inm, res.status)
				}
				if got := res.header.Get("ETag"); got != etag {
					t.Errorf("If-None-Match: %s: ETag %q, want %q", inm, got, etag)
				}
				a.validate(t, http.MethodGet, c.target, h, res)
			}
			// Another tag: the full response again.
			h := map[string]string{"If-None-Match": `"not-the-tag"`}
			for k, v := range c.header {
				h[k] = v
			}
			res := a.do(t, http.MethodGet, c.target, h)
			if res.status != http.StatusOK || !bytes.Equal(res.body, first.body) {
				t.Errorf("If-None-Match with another tag: %d, want 200 and the same body", res.status)
			}
		})
	}
}

// TestOpenAPIHead checks HEAD against GET, and OPTIONS against the document.
func TestOpenAPIHead(t *testing.T) {
	a := oaServer(t)
	for _, c := range oaTargets(a.oaFixtures) {
		t.Run(c.target, func(t *testing.T) {
			oaRequireRoute(t, c.target)
			get := a.do(t, http.MethodGet, c.target, c.header)
			head := a.do(t, http.MethodHead, c.target, c.header)
			if head.status != get.status || len(head.body) != 0 {
				t.Errorf("HEAD: %d with %d bytes; GET: %d", head.status, len(head.body), get.status)
			}
			for _, k := range []string{"ETag", "Content-Type", "Content-Length", "Cache-Control", "Vary", "Access-Control-Allow-Origin"} {
				if head.header.Get(k) != get.header.Get(k) {
					t.Errorf("HEAD %s %q, GET %q", k, head.header.Get(k), get.header.Get(k))
				}
			}
			a.validate(t, http.MethodHead, c.target, c.header, head)

			opt := a.do(t, http.MethodOptions, oaPathOf(c.target), map[string]string{
				"Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
			if opt.status != http.StatusNoContent {
				t.Errorf("OPTIONS: %d, want 204", opt.status)
			}
			a.validate(t, http.MethodOptions, oaPathOf(c.target), nil, opt)
		})
	}
}

// TestOpenAPIErrors checks a 400, 405 and 406 on every documented path, and
// 404 on the paths with a parameter, against the document.
func TestOpenAPIErrors(t *testing.T) {
	a := oaServer(t)
	for p, item := range a.doc.Paths.Map() {
		target := strings.NewReplacer("{id}", a.reg.Dataset().Missions[0].ID, "{iso2}", "RW", "{fy}", oaFiscalYear(a.oaFixtures)).Replace(p)
		t.Run(p, func(t *testing.T) {
			oaRequireRoute(t, p)
			if !documentedRead(p) {
				t.Skip("a path of the write API alone: see TestOpenAPIWrites")
			}
			check := func(method, target string, header map[string]string, status int) (oaResponse, Problem) {
				t.Helper()
				res := a.do(t, method, target, header)
				if res.status != status {
					t.Fatalf("%s %s: status %d, want %d: %s", method, target, res.status, status, res.body)
				}
				v := a.validate(t, method, target, header, res)
				if !v.routed {
					t.Errorf("%s %s: no documented route", method, target)
				}
				return res, oaProblem(t, method+" "+target, res)
			}

			_, prob := check(http.MethodGet, target+"?no_such_parameter=1", nil, http.StatusBadRequest)
			if len(prob.InvalidParams) != 1 || prob.InvalidParams[0].Name != "no_such_parameter" {
				t.Errorf("400: invalid_params %+v, want no_such_parameter", prob.InvalidParams)
			}
			if prob.Type != typeBadParameter {
				t.Errorf("400: type %q", prob.Type)
			}

			for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
				res, prob := check(m, target, nil, http.StatusMethodNotAllowed)
				if got := res.header.Get("Allow"); got != "GET, HEAD, OPTIONS" {
					t.Errorf("%s: Allow %q", m, got)
				}
				if prob.Type != typeMethod {
					t.Errorf("405: type %q", prob.Type)
				}
			}

			if item.Get.Responses.Status(http.StatusNotAcceptable) != nil {
				_, prob := check(http.MethodGet, target, map[string]string{"Accept": "application/xml"}, http.StatusNotAcceptable)
				if prob.Type != typeNotAcceptable {
					t.Errorf("406: type %q", prob.Type)
				}
			} else if res := a.do(t, http.MethodGet, target, map[string]string{"Accept": "application/xml"}); res.status != http.StatusOK {
				t.Errorf("Accept: application/xml on %s: %d, want 200 (406 is not documented)", p, res.status)
			}

			if item.Get.Responses.Status(http.StatusNotFound) != nil {
				missing := strings.NewReplacer("{id}", "xx-yy-nowhere", "{iso2}", "ZZ", "{fy}", "2025-2027").Replace(p)
				_, prob := check(http.MethodGet, missing, nil, http.StatusNotFound)
				if prob.Type != typeNotFound {
					t.Errorf("404: type %q", prob.Type)
				}
			}
		})
	}
}

// TestOpenAPIChanges follows the changes feed page by page.
func TestOpenAPIChanges(t *testing.T) {
	oaRequireRoute(t, "/api/v1/changes")
	a := oaServer(t)
	var all int
	target := "/api/v1/changes?limit=500"
	for pages := 0; ; pages++ {
		if pages > 50 {
			t.Fatal("more than 50 pages")
		}
		res := a.do(t, http.MethodGet, target, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d %s", target, res.status, res.body)
		}
		a.validate(t, http.MethodGet, target, nil, res)
		var page struct {
			NextCursor string            `json:"next_cursor"`
			Data       []json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(res.body, &page); err != nil {
			t.Fatal(err)
		}
		all += len(page.Data)
		if page.NextCursor == "" {
			break
		}
		target = "/api/v1/changes?limit=500&cursor=" + url.QueryEscape(page.NextCursor)
	}
	if all == 0 {
		t.Error("the changes feed of the seed data is empty")
	}
}

// TestOpenAPIExport checks the export's content type and status against the
// document; export_test.go checks the archive itself.
func TestOpenAPIExport(t *testing.T) {
	oaRequireRoute(t, "/api/v1/export.zip")
	a := oaServer(t)
	res := a.do(t, http.MethodGet, "/api/v1/export.zip", map[string]string{"Accept": "application/zip, application/problem+json"})
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/zip" {
		t.Fatalf("status %d, Content-Type %q", res.status, res.header.Get("Content-Type"))
	}
	if !bytes.HasPrefix(res.body, []byte("PK\x03\x04")) {
		t.Error("the body is not a zip archive")
	}
	a.validate(t, http.MethodGet, "/api/v1/export.zip", nil, res)
}

// TestCSVLimit checks that limit and cursor cut every CSV collection, the
// countries included, to one page.
func TestCSVLimit(t *testing.T) {
	a := oaServer(t)
	for _, path := range []string{"/api/v1/missions.csv", "/api/v1/accreditations.csv", "/api/v1/countries.csv",
		"/api/v1/organisations.csv", "/api/v1/memberships.csv", "/api/v1/honorary-consuls.csv"} {
		all := a.do(t, http.MethodGet, path, nil)
		page := a.do(t, http.MethodGet, path+"?limit=3", nil)
		if all.status != http.StatusOK || page.status != http.StatusOK {
			t.Fatalf("%s: %d, with limit=3: %d", path, all.status, page.status)
		}
		allRows, err := csv.NewReader(bytes.NewReader(all.body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		pageRows, err := csv.NewReader(bytes.NewReader(page.body)).ReadAll()
		if err != nil {
			t.Fatalf("%s?limit=3: %v", path, err)
		}
		if len(allRows) <= 4 || len(pageRows) != 4 {
			t.Errorf("%s: %d rows; with limit=3: %d rows, want a header and 3", path, len(allRows), len(pageRows))
			continue
		}
		for i := range pageRows {
			if !slices.Equal(pageRows[i], allRows[i]) {
				t.Errorf("%s?limit=3: row %d differs from the full file's", path, i)
			}
		}
	}
}
