package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// submissionsAPI serves the read API over snapshot with the given options,
// checked against the document.
func submissionsAPI(t *testing.T, snapshot func() *registry.Registry, opts ...Option) *oaAPI {
	t.Helper()
	srv := httptest.NewServer(New(snapshot, slog.New(slog.DiscardHandler), opts...))
	t.Cleanup(srv.Close)
	return &oaAPI{oaFixtures: oaFixture(t), srv: srv, client: &http.Client{Transport: &http.Transport{DisableCompression: true}}}
}

// TestConsultationSubmissions: the published submissions of a consultation,
// as JSON and CSV, never with the sender's name, email or address; the
// answer is cached per registry snapshot, and a publication, which takes a
// revision, shows once the snapshot is reloaded.
func TestConsultationSubmissions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		w := newTrackerWrites(t, db)
		ctx := cliContext()
		add := func(name, org string, cat registry.StakeholderCategory, text string) store.Submission {
			t.Helper()
			s, err := db.AddSubmission(ctx, store.Submission{Consultation: "cons-2025", Name: name, Email: strings.ToLower(strings.Fields(name)[0]) + "@example.org",
				Organisation: org, Category: cat, Objectives: []string{"obj-trade"}, Text: text}, "192.0.2.7", store.SubmissionLimit{})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		moderate := func(s store.Submission, to store.SubmissionStatus) {
			t.Helper()
			if _, err := db.ModerateSubmission(ctx, s.ID, to, "user:1", store.SubmissionPending); err != nil {
				t.Fatal(err)
			}
		}
		reload := func() {
			t.Helper()
			w.reg.Store(registry.New(w.load(t)))
		}
		published := add("Alice Secret", "Chamber of commerce", registry.PrivateSector, "=1+1 cheaper visas\nsecond line")
		later := add("Bob Hidden", "", "", "Pending for now")
		rejected := add("Carol Gone", "Spam Ltd", registry.PrivateSector, "Rejected text")
		moderate(published, store.SubmissionPublished)
		moderate(rejected, store.SubmissionRejected)
		reload()
		a := submissionsAPI(t, w.reg.Load, WithSubmissions(db))
		secrets := []string{"Alice", "Bob", "Carol", "example.org", "192.0.2", "Pending for now", "Rejected text", "Spam", published.AddressHash}

		target := "/api/v1/consultations/cons-2025/submissions"
		res := a.do(t, http.MethodGet, target, nil)
		a.validate(t, http.MethodGet, target, nil, res)
		var l submissionList
		if err := json.Unmarshal(res.body, &l); err != nil || res.status != http.StatusOK {
			t.Fatalf("%s: %d %s (%v)", target, res.status, res.body, err)
		}
		want := submissionView{ID: published.ID, Received: registry.DateOf(published.ReceivedAt.UTC()), Organisation: "Chamber of commerce",
			Category: registry.PrivateSector, Objectives: []string{"obj-trade"}, Text: "=1+1 cheaper visas\nsecond line"}
		if l.Consultation != "cons-2025" || l.Total != 1 || len(l.Data) != 1 || fmt.Sprint(l.Data[0]) != fmt.Sprint(want) {
			t.Errorf("%s: %+v, want the published submission %+v", target, l, want)
		}
		for _, target := range []string{target, target + ".csv"} {
			res := a.do(t, http.MethodGet, target, nil)
			a.validate(t, http.MethodGet, target, nil, res)
			for _, s := range secrets {
				if bytes.Contains(res.body, []byte(s)) {
					t.Errorf("%s names %q", target, s)
				}
			}
		}
		rows, err := csv.NewReader(bytes.NewReader(a.do(t, http.MethodGet, target+".csv", nil).body)).ReadAll()
		if err != nil || len(rows) != 2 || fmt.Sprint(rows[1]) != fmt.Sprint([]string{fmt.Sprint(published.ID), want.Received.String(),
			"Chamber of commerce", "private_sector", "obj-trade", "'=1+1 cheaper visas\nsecond line"}) {
			t.Errorf("CSV %q (%v)", rows, err)
		}

		// A consultation without published submissions, and none at all.
		for target, status := range map[string]int{
			"/api/v1/consultations/cons-2019/submissions":     http.StatusOK,
			"/api/v1/consultations/cons-nowhere/submissions":  http.StatusNotFound,
			"/api/v1/consultations/Cons--2025/submissions":    http.StatusNotFound,
			"/api/v1/consultations/cons-2025/submissions?x=1": http.StatusBadRequest,
		} {
			res := a.do(t, http.MethodGet, target, nil)
			a.validate(t, http.MethodGet, target, nil, res)
			if res.status != status {
				t.Errorf("%s: %d, want %d: %s", target, res.status, status, res.body)
			}
		}

		// Publishing takes a revision: the cached answer stands until the
		// snapshot of that revision is loaded.
		version := func() int64 {
			t.Helper()
			v, err := db.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		rev := version()
		first := a.do(t, http.MethodGet, target, nil)
		moderate(later, store.SubmissionPublished)
		if again := a.do(t, http.MethodGet, target, nil); !bytes.Equal(again.body, first.body) {
			t.Errorf("the answer changed within one snapshot: %s", again.body)
		}
		if version() <= rev {
			t.Errorf("publishing a submission took no revision (%d, then %d)", rev, version())
		}
		reload() // as the server does when the data version moves
		res = a.do(t, http.MethodGet, target, nil)
		if json.Unmarshal(res.body, &l) != nil || l.Total != 2 || l.Data[1].ID != later.ID || l.Data[1].Organisation != "" || l.Data[1].Category != "" {
			t.Errorf("after publishing a second submission: %s", res.body)
		}
		if res.header.Get("ETag") == first.header.Get("ETag") {
			t.Error("the ETag did not change with the revision")
		}
	})
}

// failingSubmissions is a store that cannot be read.
type failingSubmissions struct{ err error }

func (f failingSubmissions) Submissions(context.Context, string, store.SubmissionStatus) ([]store.Submission, error) {
	return nil, f.err
}

// TestConsultationSubmissionsWithoutStore: a server without the store
// answers 404; a store that cannot be read, 503; neither is cached.
func TestConsultationSubmissionsWithoutStore(t *testing.T) {
	reg := trackerRegistry(t)
	snapshot := func() *registry.Registry { return reg }
	target := "/api/v1/consultations/cons-2025/submissions"
	for _, c := range []struct {
		name   string
		opts   []Option
		status int
	}{
		{"no store", nil, http.StatusNotFound},
		{"store unavailable", []Option{WithSubmissions(failingSubmissions{fmt.Errorf("down: %w", store.ErrUnavailable)})}, http.StatusServiceUnavailable},
		{"store failing", []Option{WithSubmissions(failingSubmissions{fmt.Errorf("broken")})}, http.StatusInternalServerError},
	} {
		a := submissionsAPI(t, snapshot, c.opts...)
		for _, target := range []string{target, target + ".csv"} {
			res := a.do(t, http.MethodGet, target, nil)
			if res.status != c.status || res.header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: %s: %d, Cache-Control %q; want %d, no-store", c.name, target, res.status, res.header.Get("Cache-Control"), c.status)
			}
			if c.status < 500 { // validate fails every 5xx
				a.validate(t, http.MethodGet, target, nil, res)
			}
			oaProblem(t, c.name, res)
		}
	}
}
