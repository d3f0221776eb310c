package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// trackerWrites is a write fixture holding the tracker records of
// trackerRecords, and a way to send validated requests to it.
type trackerWrites struct {
	*wFixture
	fx *oaFixtures
}

func newTrackerWrites(t *testing.T, db *store.DB) *trackerWrites {
	t.Helper()
	f := newWriteFixture(t, db)
	var ds registry.Dataset
	trackerRecords(&ds)
	var recs []any
	add := func(n int, rec func(i int) any) {
		for i := range n {
			recs = append(recs, rec(i))
		}
	}
	add(len(ds.PolicyNodes), func(i int) any { return &ds.PolicyNodes[i] })
	add(len(ds.Stakeholders), func(i int) any { return &ds.Stakeholders[i] })
	add(len(ds.Associations), func(i int) any { return &ds.Associations[i] })
	add(len(ds.Engagements), func(i int) any { return &ds.Engagements[i] })
	add(len(ds.Commitments), func(i int) any { return &ds.Commitments[i] })
	add(len(ds.Indicators), func(i int) any { return &ds.Indicators[i] })
	add(len(ds.IndicatorActuals), func(i int) any { return &ds.IndicatorActuals[i] })
	add(len(ds.Initiatives), func(i int) any { return &ds.Initiatives[i] })
	add(len(ds.Consultations), func(i int) any { return &ds.Consultations[i] })
	f.insert(t, recs...)
	// Publish what the command line wrote.
	stored := f.load(t)
	f.reg.Store(registry.New(stored))
	return &trackerWrites{wFixture: f, fx: oaFixture(t)}
}

// send makes one request as who and checks its status, and the exchange
// against the document (the request must be valid there when valid is set).
func (w *trackerWrites) send(t *testing.T, name, who, method, path string, body any, header map[string]string, status int, valid bool) wResponse {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	case string:
		raw = []byte(b)
	default:
		raw, _ = json.Marshal(b)
	}
	var sent any
	if raw != nil {
		sent = raw
	}
	res := w.do(t, who, method, path, sent, header)
	if res.status != status {
		t.Fatalf("%s: %s %s as %s: %d, want %d: %s", name, method, path, who, res.status, status, res.body)
	}
	oaValidateWrite(t, w.fx, w.wFixture, oaWrite{name: name, who: who, method: method, path: path, header: header, status: status, validRequest: valid}, raw, res)
	return res
}

// eventsValue returns the value of indicator ind-events in the public
// progress of period, nil when it has none.
func (w *trackerWrites) eventsValue(t *testing.T, period string) *float64 {
	t.Helper()
	res := w.do(t, "", http.MethodGet, "/api/v1/policy/progress?period="+period, nil, nil)
	if res.status != http.StatusOK {
		t.Fatalf("progress of %s: %d %s", period, res.status, res.body)
	}
	var v struct {
		Pillars []struct {
			Objectives []struct {
				Items []struct {
					Indicator string
					Value     *float64
				}
			}
		}
	}
	if err := json.Unmarshal(res.body, &v); err != nil {
		t.Fatal(err)
	}
	for _, p := range v.Pillars {
		for _, o := range p.Objectives {
			for _, it := range o.Items {
				if it.Indicator == "ind-events" {
					return it.Value
				}
			}
		}
	}
	t.Fatalf("no ind-events in the progress of %s: %s", period, res.body)
	return nil
}

// actualOf decodes an actual from a write's answer.
func actualOf(t *testing.T, res wResponse) registry.IndicatorActual {
	t.Helper()
	var a registry.IndicatorActual
	if err := json.Unmarshal(res.body, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestTrackerLifecycleThroughAPI: a policy officer's token records a
// commission session and a decision taken there, closes the decision,
// records an actual (the fields the system keeps are its own, whatever the
// client sends), approves it, and changes it (the approval is cleared).
// Every exchange is checked against the document; refusals name the field;
// a private engagement stays out of the public reads, feed and export.
func TestTrackerLifecycleThroughAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newTrackerWrites(t, db)
		po := "policy_officer"
		src := registry.Meta{Source: "https://example.org/jpc"}
		ifMatch := func(v int) map[string]string { return map[string]string{"If-Match": fmt.Sprintf(`"v%d"`, v)} }

		// The session and its decision.
		session := registry.Engagement{ID: "eng-jpc-4", Kind: registry.CommissionSession, Title: registry.Names{EN: "Fourth session"},
			Start: md("2026-02-10"), Countries: []string{"UG"}, Commission: "rw-ug-jpc", Session: 4, Public: true, Meta: src}
		res := w.send(t, "create a session", po, http.MethodPost, "/api/v1/engagements", session, nil, http.StatusCreated, true)
		if res.header.Get("Location") != "/api/v1/engagements/eng-jpc-4" || res.header.Get("ETag") != `"v1"` {
			t.Errorf("create: Location %q, ETag %q", res.header.Get("Location"), res.header.Get("ETag"))
		}
		decision := registry.Commitment{ID: "com-jpc4-visas", Engagement: "eng-jpc-4", Text: "Harmonise visa fees",
			Owner: "Directorate of Africa", Due: md("2026-12-31"), Status: registry.CommitmentOpen, Meta: src}
		w.send(t, "create a decision", po, http.MethodPost, "/api/v1/commitments", decision, nil, http.StatusCreated, true)
		decision.Status, decision.Closed = registry.CommitmentDone, md("2026-05-01")
		w.send(t, "close the decision", po, http.MethodPut, "/api/v1/commitments/com-jpc4-visas", decision, ifMatch(1), http.StatusOK, true)
		entries, err := db.AuditEntries(t.Context(), "commitment", decision.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
			if e.Actor != audit.TokenActor(w.ids[po]) {
				t.Errorf("audit actor %q, want the token's", e.Actor)
			}
		}
		if !slices.Equal(actions, []string{audit.ActionCreate, audit.ActionEnd}) {
			t.Errorf("commitment audit actions %v, want create end", actions)
		}
		reads := w.do(t, "", http.MethodGet, "/api/v1/commitments?engagement=eng-jpc-4&status=done", nil, nil)
		if !bytes.Contains(reads.body, []byte(`"com-jpc4-visas"`)) {
			t.Errorf("the closed decision is not read: %s", reads.body)
		}

		// An actual: what the client says of its recording and approval is
		// ignored.
		token := audit.TokenActor(w.ids[po])
		seven := 7.0
		actual := map[string]any{"id": "act-2026", "indicator": "ind-events", "period": "2026", "value": seven,
			"evidence": "engagement:eng-jpc-4", "source": "", "last_verified": nil,
			"recorded_by": "someone-else", "recorded_at": "2020-01-01T00:00:00Z", "approved_by": "someone-else", "approved_at": "2020-01-02T00:00:00Z"}
		res = w.send(t, "create an actual claiming its approval", po, http.MethodPost, "/api/v1/indicator-actuals", actual, nil, http.StatusCreated, true)
		got := actualOf(t, res)
		if got.RecordedBy != token || got.RecordedAt.Year() < 2026 || got.ApprovedBy != "" || !got.ApprovedAt.IsZero() {
			t.Errorf("created actual: recorded %s by %q, approved %v by %q; want recorded now by %s, not approved",
				got.RecordedAt, got.RecordedBy, got.ApprovedAt, got.ApprovedBy, token)
		}
		for _, k := range []string{"recorded_by", "recorded_at", "approved_by", "approved_at"} {
			delete(actual, k)
		}

		// Approval: policy officers and admins, with If-Match, no body.
		approve := "/api/v1/indicator-actuals/act-2026/approve"
		for _, c := range []struct {
			name, who string
			body      any
			header    map[string]string
			status    int
			valid     bool
		}{
			{"approve without a token", "", nil, ifMatch(1), http.StatusUnauthorized, true},
			{"approve as an editor", "editor", nil, ifMatch(1), http.StatusForbidden, true},
			{"approve as a viewer", "viewer", nil, ifMatch(1), http.StatusForbidden, true},
			{"approve without If-Match", po, nil, nil, http.StatusPreconditionRequired, false},
			{"approve a stale version", po, nil, ifMatch(9), http.StatusPreconditionFailed, true},
			{"approve with a body", po, `{"approved_by":"x"}`, ifMatch(1), http.StatusBadRequest, true},
		} {
			w.send(t, c.name, c.who, http.MethodPost, approve, c.body, c.header, c.status, c.valid)
		}
		checkProblem(t, "approve an unknown actual", w.send(t, "approve an unknown actual", po, http.MethodPost,
			"/api/v1/indicator-actuals/nope/approve", nil, ifMatch(1), http.StatusNotFound, true), http.StatusNotFound)
		// Pending, the actual is not public.
		if reads := w.do(t, "", http.MethodGet, "/api/v1/indicator-actuals", nil, nil); bytes.Contains(reads.body, []byte(`"act-2026"`)) {
			t.Errorf("the pending actual is listed: %s", reads.body)
		}
		res = w.send(t, "approve", po, http.MethodPost, approve, nil, ifMatch(1), http.StatusOK, true)
		approved := actualOf(t, res)
		if approved.ApprovedBy != token || approved.ApprovedAt.IsZero() || res.header.Get("ETag") != `"v2"` || approved.RecordedBy != token {
			t.Errorf("approved: by %q at %v, ETag %q", approved.ApprovedBy, approved.ApprovedAt, res.header.Get("ETag"))
		}
		reads = w.do(t, "", http.MethodGet, "/api/v1/indicator-actuals", nil, nil)
		if !bytes.Contains(reads.body, []byte(`"act-2026"`)) {
			t.Errorf("the approved actual is not listed: %s", reads.body)
		}
		// Approved, it counts in the indicator's progress, read from the
		// registry the write published.
		if v := w.eventsValue(t, "2026"); v == nil || *v != 7 {
			t.Errorf("progress of ind-events in 2026 after the approval: value %v, want 7", v)
		}
		// Approving it again is a conflict, naming who approved it and when,
		// whatever If-Match says; nothing is written.
		before := w.lastSeq(t)
		for _, v := range []int{2, 1} {
			p := checkProblem(t, "approve an approved actual", w.send(t, "approve an approved actual", po, http.MethodPost,
				approve, nil, ifMatch(v), http.StatusConflict, true), http.StatusConflict)
			if when := approved.ApprovedAt.UTC().Format(time.RFC3339Nano); !strings.Contains(p.Detail, token) || !strings.Contains(p.Detail, when) {
				t.Errorf("409 detail %q does not name %s and %s", p.Detail, token, when)
			}
		}
		if after := w.lastSeq(t); after != before {
			t.Errorf("approving an approved actual added %d audit entries", after-before)
		}

		// A change of the note keeps the approval; a change of value clears it.
		actual["note"] = "checked"
		res = w.send(t, "annotate the actual", po, http.MethodPut, "/api/v1/indicator-actuals/act-2026", actual, ifMatch(2), http.StatusOK, true)
		if got := actualOf(t, res); got.ApprovedBy != token {
			t.Errorf("a note cleared the approval: %+v", got)
		}
		actual["value"] = 8.0
		res = w.send(t, "change the actual", po, http.MethodPut, "/api/v1/indicator-actuals/act-2026", actual, ifMatch(3), http.StatusOK, true)
		if got := actualOf(t, res); got.ApprovedBy != "" || !got.ApprovedAt.IsZero() || got.RecordedBy != token {
			t.Errorf("a changed value kept the approval: %+v", got)
		}
		if v := w.eventsValue(t, "2026"); v != nil && *v == 8 {
			t.Error("the changed value, pending approval, counts in the progress")
		}
		// Pending again, it leaves the public reads; the feed's
		// latest_revision still counts the change.
		for _, p := range []string{"/api/v1/indicator-actuals", "/api/v1/changes?limit=1000"} {
			if reads := w.do(t, "", http.MethodGet, p, nil, nil); bytes.Contains(reads.body, []byte(`"act-2026"`)) {
				t.Errorf("GET %s lists the changed actual, pending again: %s", p, reads.body)
			}
		}
		var feed changesPage
		json.Unmarshal(w.do(t, "", http.MethodGet, "/api/v1/changes?limit=1", nil, nil).body, &feed)
		if got := actualOf(t, res); feed.LatestRevision != got.Revision {
			t.Errorf("latest_revision %d, want the pending actual's revision %d", feed.LatestRevision, got.Revision)
		}
		res = w.send(t, "approve the change", po, http.MethodPost, approve, nil, ifMatch(4), http.StatusOK, true)
		if reads := w.do(t, "", http.MethodGet, "/api/v1/indicator-actuals", nil, nil); !bytes.Contains(reads.body, []byte(`"act-2026"`)) {
			t.Errorf("the change, approved, is not listed: %s", reads.body)
		}

		// Bad input is refused, naming the field, and writes nothing.
		before = w.lastSeq(t)
		for _, c := range []struct {
			name, path string
			body       string
			status     int
			field      string
		}{
			{"an unknown kind", "/api/v1/engagements", `{"id":"eng-bad","kind":"castle","title":{"en":"x"},"start":"2026-01-01","end":null,"status_date":null,"public":true,"source":"","last_verified":null}`, 422, "kind"},
			{"a judicial request made public", "/api/v1/engagements", `{"id":"eng-bad","kind":"judicial_request","title":{"en":"x"},"start":"2026-01-01","end":null,"request_kind":"extradition","status":"sent","status_date":"2026-01-02","public":true,"source":"","last_verified":null}`, 422, "public"},
			{"a decision of no session", "/api/v1/commitments", `{"id":"com-bad","engagement":"eng-nowhere","text":"x","owner":"y","due":null,"status":"open","closed":null,"source":"","last_verified":null}`, 422, "engagement"},
			{"a value as text", "/api/v1/indicator-actuals", `{"id":"act-bad","indicator":"ind-events","period":"2026","value":"seven","evidence":"https://example.org"}`, 400, "value"},
			{"an unknown field", "/api/v1/stakeholders", `{"id":"sh-bad","name":"x","category":"academia","secret":true}`, 400, "secret"},
			{"an unknown objective", "/api/v1/initiatives", `{"id":"init-bad","title":{"en":"x"},"objectives":["obj-nowhere"],"start":null,"end":null,"status":"planned","source":"","last_verified":null}`, 422, "objectives"},
		} {
			res := w.send(t, c.name, po, http.MethodPost, c.path, c.body, nil, c.status, c.status == 422 && c.field != "kind")
			if p := checkProblem(t, c.name, res, c.status); !hasField(p, c.field) {
				t.Errorf("%s: errors %+v do not name %s", c.name, p.Errors, c.field)
			}
		}
		if after := w.lastSeq(t); after != before {
			t.Errorf("refused writes added %d audit entries", after-before)
		}
		w.send(t, "a protocol officer", "protocol", http.MethodPost, "/api/v1/stakeholders",
			registry.Stakeholder{ID: "sh-protocol", Name: "x", Category: registry.Academia}, nil, http.StatusForbidden, true)

		// A private engagement and its decision stay out of public reads.
		private := registry.Engagement{ID: "eng-closed-door", Kind: registry.CommissionSession, Title: registry.Names{EN: "Closed-door session"},
			Start: md("2026-03-01"), Commission: "rw-bi-jpc", Session: 1, Meta: src}
		w.send(t, "a private session", po, http.MethodPost, "/api/v1/engagements", private, nil, http.StatusCreated, true)
		w.send(t, "its decision", po, http.MethodPost, "/api/v1/commitments", registry.Commitment{ID: "com-closed-door",
			Engagement: private.ID, Text: "x", Owner: "y", Status: registry.CommitmentOpen}, nil, http.StatusCreated, true)
		for _, p := range []string{"/api/v1/engagements?limit=1000", "/api/v1/commitments.csv", "/api/v1/changes?limit=1000", "/api/v1/export.zip"} {
			res := w.do(t, "", http.MethodGet, p, nil, nil)
			if res.status != http.StatusOK {
				t.Fatalf("GET %s: %d", p, res.status)
			}
			body := res.body
			if strings.HasSuffix(p, ".zip") {
				_, fsys := exportUnzip(t, body)
				body = append(fsys["engagements.csv"].Data, fsys["commitments.csv"].Data...)
				if !bytes.Contains(body, []byte("eng-jpc-4")) {
					t.Errorf("the export lacks the public session")
				}
			}
			for _, secret := range append([]string{"eng-closed-door", "com-closed-door"}, trackerSecrets...) {
				if bytes.Contains(body, []byte(secret)) {
					t.Errorf("GET %s names %q, which is not public", p, secret)
				}
			}
		}

		// Admins delete; the deletion of an engagement is not in the feed.
		w.send(t, "delete the private decision", "admin", http.MethodDelete, "/api/v1/commitments/com-closed-door", nil, ifMatch(1), http.StatusNoContent, true)
		w.send(t, "delete the private session", "admin", http.MethodDelete, "/api/v1/engagements/eng-closed-door", nil, ifMatch(1), http.StatusNoContent, true)
		if res := w.do(t, "", http.MethodGet, "/api/v1/changes?limit=1000", nil, nil); bytes.Contains(res.body, []byte("closed-door")) {
			t.Error("the changes feed lists the deletion of a private record")
		}
	})
}
