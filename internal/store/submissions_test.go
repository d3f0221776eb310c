package store_test

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// goodSubmission returns a valid submission to the consultation c.
func goodSubmission(c string) store.Submission {
	return store.Submission{Consultation: c, Name: " Ada Lovelace ", Email: "ada@example.org", Organisation: "Analytical Society",
		Category: registry.Academia, Objectives: []string{"obj-trade", " obj-peace"}, Text: "  More trade missions, please.\r\nAnd fewer visas.  "}
}

func TestAddSubmission(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background() // adding needs no actor
		got, err := db.AddSubmission(ctx, goodSubmission("policy-2026"), "192.0.2.7:5123", store.SubmissionLimit{})
		if err != nil {
			t.Fatal(err)
		}
		if got.ID == 0 || got.Status != store.SubmissionPending || got.ReceivedAt.IsZero() || len(got.AddressHash) != 64 {
			t.Errorf("added %+v", got)
		}
		if got.Name != "Ada Lovelace" || got.Text != "More trade missions, please.\nAnd fewer visas." ||
			strings.Join(got.Objectives, ";") != "obj-trade;obj-peace" {
			t.Errorf("not normalized: %+v", got)
		}
		list, err := db.Submissions(ctx, "policy-2026", store.SubmissionPending)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != got.ID || list[0].Email != "ada@example.org" || list[0].Category != registry.Academia ||
			!list[0].ReceivedAt.Equal(got.ReceivedAt) || list[0].AddressHash != got.AddressHash {
			t.Errorf("stored %+v, want %+v", list, got)
		}
		for _, other := range [][2]string{{"other", ""}, {"policy-2026", "published"}} {
			if l, err := db.Submissions(ctx, other[0], store.SubmissionStatus(other[1])); err != nil || len(l) != 0 {
				t.Errorf("Submissions(%q, %q) = %v, %v; want none", other[0], other[1], l, err)
			}
		}
		// The same network hashes alike, another differently; the address
		// itself is nowhere.
		again, err := db.AddSubmission(ctx, goodSubmission("policy-2026"), "192.0.2.7", store.SubmissionLimit{})
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.AddSubmission(ctx, goodSubmission("policy-2026"), "192.0.2.8:1", store.SubmissionLimit{})
		if err != nil {
			t.Fatal(err)
		}
		if again.AddressHash != got.AddressHash || other.AddressHash == got.AddressHash {
			t.Errorf("hashes %s %s %s", got.AddressHash, again.AddressHash, other.AddressHash)
		}
		var n int
		if err := db.SQLDB().QueryRowContext(ctx, "SELECT COUNT(*) FROM submissions WHERE address_hash LIKE '%192.0.2%'").Scan(&n); err != nil || n != 0 {
			t.Errorf("the address is stored: %d rows, %v", n, err)
		}
	})
}

func TestAddSubmissionValidates(t *testing.T) {
	long := strings.Repeat("é", store.MaxSubmissionText+1)
	tests := []struct {
		name   string
		change func(*store.Submission)
		fields []string
	}{
		{"no consultation", func(s *store.Submission) { s.Consultation = " " }, []string{"consultation"}},
		{"bad consultation", func(s *store.Submission) { s.Consultation = "Policy 2026" }, []string{"consultation"}},
		{"bad email", func(s *store.Submission) { s.Email = "Ada <ada@example.org>" }, []string{"email"}},
		{"long name", func(s *store.Submission) { s.Name = strings.Repeat("a", store.MaxSubmissionLine+1) }, []string{"name"}},
		{"control in organisation", func(s *store.Submission) { s.Organisation = "a\x00b" }, []string{"organisation"}},
		{"bad category", func(s *store.Submission) { s.Category = "lobby" }, []string{"category"}},
		{"bad objective", func(s *store.Submission) { s.Objectives = []string{"obj-trade", "Obj Trade"} }, []string{"objectives"}},
		{"objective twice", func(s *store.Submission) { s.Objectives = []string{"obj-trade", "obj-trade"} }, []string{"objectives"}},
		{"no text", func(s *store.Submission) { s.Text = " \n " }, []string{"text"}},
		{"long text", func(s *store.Submission) { s.Text = long }, []string{"text"}},
		{"NUL in text", func(s *store.Submission) { s.Text = "a\x00b" }, []string{"text"}},
		{"bad UTF-8", func(s *store.Submission) { s.Text = "a\xffb" }, []string{"text"}},
		{"several", func(s *store.Submission) { s.Email, s.Text = "nope", "" }, []string{"email", "text"}},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := goodSubmission("policy-2026")
				tt.change(&s)
				_, err := db.AddSubmission(ctx, s, "192.0.2.7", store.SubmissionLimit{})
				wantFields(t, err, tt.fields...)
			})
		}
		// Optional fields may be empty.
		s := store.Submission{Consultation: "policy-2026", Text: "Just this."}
		if _, err := db.AddSubmission(ctx, s, "", store.SubmissionLimit{}); err != nil {
			t.Errorf("minimal submission: %v", err)
		}
		if n, err := db.CountSubmissions(ctx, "", ""); err != nil || n != 1 {
			t.Errorf("%d submissions stored, %v; want the minimal one alone", n, err)
		}
	})
}

func TestSubmissionRateLimit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		limit := store.SubmissionLimit{Max: 2, Window: time.Hour}
		add := func(addr string) error {
			_, err := db.AddSubmission(ctx, goodSubmission("policy-2026"), addr, limit)
			return err
		}
		for i, addr := range []string{"2001:db8:1:2::1", "[2001:db8:1:2::99]:443"} {
			if err := add(addr); err != nil {
				t.Fatalf("submission %d: %v", i+1, err)
			}
		}
		// The same /64: refused, with the time until the first leaves the
		// window.
		err := add("2001:db8:1:2:abcd::5")
		rl, ok := errors.AsType[*store.RateLimitError](err)
		if !ok {
			t.Fatalf("third submission from the /64: %v, want a *store.RateLimitError", err)
		}
		if rl.RetryAfter <= 59*time.Minute || rl.RetryAfter > time.Hour {
			t.Errorf("RetryAfter %s, want just under an hour", rl.RetryAfter)
		}
		if err := add("2001:db8:1:3::1"); err != nil {
			t.Errorf("another /64: %v", err)
		}
		if n, _ := db.CountSubmissions(ctx, "policy-2026", ""); n != 3 {
			t.Errorf("%d stored, want 3", n)
		}
	})
}

func TestModerateSubmission(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		var ids []int64
		for range 3 {
			s, err := db.AddSubmission(ctx, goodSubmission("policy-2026"), "192.0.2.7", store.SubmissionLimit{})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		v0, err := db.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Rejecting a pending submission changes nothing public: no revision.
		rej, err := db.ModerateSubmission(ctx, ids[0], store.SubmissionRejected, "officer@example.org", store.SubmissionPending)
		if err != nil {
			t.Fatal(err)
		}
		if rej.Status != store.SubmissionRejected || rej.ModeratedBy != "officer@example.org" || rej.ModeratedAt.IsZero() {
			t.Errorf("rejected %+v", rej)
		}
		if v, _ := db.DataVersion(ctx); v != v0 {
			t.Errorf("a rejection moved the data version %d -> %d", v0, v)
		}
		// Publishing does.
		pub, err := db.ModerateSubmission(ctx, ids[1], store.SubmissionPublished, "officer@example.org", store.SubmissionPending)
		if err != nil {
			t.Fatal(err)
		}
		v1, _ := db.DataVersion(ctx)
		if v1 <= v0 {
			t.Errorf("publishing left the data version at %d", v1)
		}
		// Someone else, still seeing it pending, is told of the conflict.
		if _, err := db.ModerateSubmission(ctx, ids[1], store.SubmissionRejected, "other@example.org", store.SubmissionPending); !errors.Is(err, registry.ErrConflict) {
			t.Errorf("moderating a published submission as pending: %v, want a conflict", err)
		}
		if got, err := db.SubmissionByID(ctx, ids[1]); err != nil || got.Status != store.SubmissionPublished || got.ModeratedBy != "officer@example.org" {
			t.Errorf("after the conflict: %+v, %v", got, err)
		}
		// Asking for the status it has changes nothing.
		if same, err := db.ModerateSubmission(ctx, ids[1], store.SubmissionPublished, "other@example.org", store.SubmissionPublished); err != nil ||
			same.ModeratedBy != "officer@example.org" || !same.ModeratedAt.Equal(pub.ModeratedAt) {
			t.Errorf("published again: %+v, %v", same, err)
		}
		// Withdrawing a published submission moves the version again.
		if _, err := db.ModerateSubmission(ctx, ids[1], store.SubmissionRejected, "head@example.org", store.SubmissionPublished); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.DataVersion(ctx); v <= v1 {
			t.Errorf("withdrawing left the data version at %d", v)
		}

		if _, err := db.ModerateSubmission(ctx, 9999, store.SubmissionPublished, "x", store.SubmissionPending); !errors.Is(err, registry.ErrNotFound) {
			t.Errorf("unknown id: %v", err)
		}
		_, err = db.ModerateSubmission(ctx, ids[2], store.SubmissionPending, " ", store.SubmissionPending)
		wantFields(t, err, "status", "moderated_by")
		if _, err := db.ModerateSubmission(context.Background(), ids[2], store.SubmissionPublished, "x", store.SubmissionPending); !errors.Is(err, store.ErrNoActor) {
			t.Errorf("no actor: %v", err)
		}

		counts := map[store.SubmissionStatus]int{store.SubmissionPending: 1, store.SubmissionPublished: 0, store.SubmissionRejected: 2, "": 3}
		for st, want := range counts {
			if n, err := db.CountSubmissions(ctx, "policy-2026", st); err != nil || n != want {
				t.Errorf("CountSubmissions(%q) = %d, %v; want %d", st, n, err, want)
			}
		}

		// Each moderation is audited, without the text, name or email.
		entries, err := db.AuditEntries(ctx, store.EntitySubmission, strconv.FormatInt(ids[1], 10))
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].Action != store.ActionSubmissionPublish || entries[1].Action != store.ActionSubmissionReject {
			t.Fatalf("audit entries %+v", entries)
		}
		for _, e := range entries {
			for _, secret := range []string{"Ada", "ada@example.org", "trade missions"} {
				if bytes.Contains(e.Before, []byte(secret)) || bytes.Contains(e.After, []byte(secret)) {
					t.Errorf("audit entry %d holds %q", e.Seq, secret)
				}
			}
		}
		if !bytes.Contains(entries[0].After, []byte(`"status":"published"`)) || !bytes.Contains(entries[0].Before, []byte(`"status":"pending"`)) {
			t.Errorf("publish entry %s -> %s", entries[0].Before, entries[0].After)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})
}

func TestSubmissionFormKey(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		a, err := db.SubmissionFormKey(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.SubmissionFormKey(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != 32 || !bytes.Equal(a, b) {
			t.Errorf("keys %x and %x, want one 32-byte key", a, b)
		}
		if other, _ := storetest.SQLite(t).SubmissionFormKey(context.Background()); bytes.Equal(a, other) {
			t.Error("two deployments share a key")
		}
	})
}
