package staff

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestModerateSubmissions: policy officers and admins see the pending
// submissions with the sender's name and email, publish or reject them,
// and are told when someone else moderated one meanwhile; other roles may
// not.
func TestModerateSubmissions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var ids []string
		for _, text := range []string{"Open a trade office in Lusaka.", "Buy cheap watches at http://spam.example"} {
			s, err := db.AddSubmission(context.Background(), store.Submission{Consultation: "trade-2026", Name: "Ada Lovelace",
				Email: "ada@example.org", Organisation: "Analytical Society", Category: registry.Academia, Text: text},
				"192.0.2.7:1", store.SubmissionLimit{})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, strconv.FormatInt(s.ID, 10))
		}
		status := func(id string) store.Submission {
			t.Helper()
			n, _ := strconv.ParseInt(id, 10, 64)
			s, err := db.SubmissionByID(context.Background(), n)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}

		for _, role := range []string{"viewer", "editor", "mission_officer", "protocol"} {
			c := e.client()
			c.login(role)
			if r := c.get("/staff/submissions"); r.status != http.StatusForbidden {
				t.Errorf("%s lists submissions: %d", role, r.status)
			}
			if r := c.post("/staff/submissions/"+ids[0], url.Values{"action": {"publish"}, "expected": {"pending"}}); r.status != http.StatusForbidden {
				t.Errorf("%s moderates: %d", role, r.status)
			}
			if strings.Contains(c.get("/staff/").body, `href="/staff/submissions"`) {
				t.Errorf("%s's menu links to the submissions", role)
			}
		}

		officer := e.client()
		officer.login("policy_officer")
		page := officer.get("/staff/submissions")
		if page.status != http.StatusOK {
			t.Fatalf("list: %d\n%s", page.status, page.body)
		}
		for _, want := range []string{`id="submission-` + ids[0] + `"`, `id="submission-` + ids[1] + `"`, "Ada Lovelace",
			"ada@example.org", "Open a trade office in Lusaka.", `href="/staff/submissions"`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the list lacks %q", want)
			}
		}

		r := officer.post("/staff/submissions/"+ids[0], url.Values{"action": {"publish"}, "expected": {"pending"}})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/staff/submissions?") {
			t.Fatalf("publish: %d %s\n%s", r.status, r.header.Get("Location"), r.body)
		}
		if s := status(ids[0]); s.Status != store.SubmissionPublished || s.ModeratedBy != e.users["policy_officer"].Email {
			t.Errorf("after publishing: %+v", s)
		}
		if r := officer.post("/staff/submissions/"+ids[1], url.Values{"action": {"reject"}, "expected": {"pending"}}); r.status != http.StatusSeeOther {
			t.Errorf("reject: %d", r.status)
		}

		// An admin who still saw the first one pending is told, and
		// nothing changes.
		admin := e.client()
		admin.login("admin")
		r = admin.post("/staff/submissions/"+ids[0], url.Values{"action": {"reject"}, "expected": {"pending"}})
		if r.status != http.StatusConflict || !strings.Contains(r.body, `id="conflict"`) ||
			!strings.Contains(r.body, e.users["policy_officer"].Email) || !strings.Contains(r.body, "it is published now") {
			t.Fatalf("conflict: %d\n%s", r.status, r.body)
		}
		if s := status(ids[0]); s.Status != store.SubmissionPublished {
			t.Errorf("the conflicting moderation changed it: %+v", s)
		}
		// Seeing it published, the admin may withdraw it.
		if r := admin.post("/staff/submissions/"+ids[0], url.Values{"action": {"reject"}, "expected": {"published"}}); r.status != http.StatusSeeOther {
			t.Errorf("withdraw: %d", r.status)
		}
		rejected := admin.get("/staff/submissions?status=rejected")
		if !strings.Contains(rejected.body, `id="submission-`+ids[0]+`"`) || !strings.Contains(rejected.body, `id="submission-`+ids[1]+`"`) {
			t.Error("the rejected list lacks a rejected submission")
		}

		for _, tt := range []struct {
			path   string
			form   url.Values
			status int
		}{
			{"/staff/submissions/" + ids[1], url.Values{"action": {"delete"}, "expected": {"rejected"}}, http.StatusBadRequest},
			{"/staff/submissions/" + ids[1], url.Values{"action": {"publish"}, "expected": {"maybe"}}, http.StatusBadRequest},
			{"/staff/submissions/x", url.Values{"action": {"publish"}, "expected": {"pending"}}, http.StatusNotFound},
			{"/staff/submissions/99999", url.Values{"action": {"publish"}, "expected": {"pending"}}, http.StatusNotFound},
		} {
			if r := admin.post(tt.path, tt.form); r.status != tt.status {
				t.Errorf("POST %s %v: %d, want %d", tt.path, tt.form, r.status, tt.status)
			}
		}
	})
}
