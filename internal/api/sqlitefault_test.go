package api

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// serveWith points f's server at db: the same tokens and records, another
// connection to the same SQLite file.
func (f *wFixture) serveWith(t *testing.T, db *store.DB) {
	t.Helper()
	f.db = db
	handler := New(f.reg.Load, slog.New(slog.DiscardHandler),
		WithWrites(WriteConfig{DB: db, Publish: f.reg.Store}))
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	f.srv = srv
}

// openSQLite opens the SQLite database dsn, closed when the test ends.
func openSQLite(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSQLiteFaults writes through the API to a SQLite database whose disk is
// full, and to one whose file is read-only: each write is refused with a 503
// that says why, nothing of it is stored, the audit chain still verifies,
// and the same write succeeds once the database can write again.
func TestSQLiteFaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fault.db")
	db := openSQLite(t, path)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	f := newWriteFixture(t, db)
	healthy := f.srv

	// pageCount returns the number of pages the database file holds.
	pageCount := func() int {
		raw, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var n int
		if err := raw.QueryRow("PRAGMA page_count").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// A note under the 4,000 characters allowed, long enough to need pages.
	note := strings.Repeat("A note long enough to need pages of its own. ", 80)
	written := 0 // persons written so far, for fresh ids
	person := func() map[string]any {
		return map[string]any{"id": fmt.Sprintf("fault-%d", written), "name": fmt.Sprintf("Fault %d", written), "note": note}
	}

	for _, c := range []struct {
		name  string
		dsn   func() string
		cause string
	}{
		// SQLite's page limit is how a full disk looks to it: the write
		// that needs one more page fails with SQLITE_FULL.
		{"disk full", func() string { return fmt.Sprintf("%s?_pragma=max_page_count(%d)", path, pageCount()) }, "the disk is full"},
		{"read-only file", func() string { return "file:" + path + "?mode=ro" }, "the database file is read-only"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f.serveWith(t, openSQLite(t, c.dsn()))
			// Write until refused: a full disk may still take a write that
			// fits in the pages it has.
			var refused wResponse
			var before registry.Dataset
			var beforeSeq int64
			for i := 0; i < 200; i++ {
				before, beforeSeq = f.load(t), f.lastSeq(t)
				res := f.do(t, "editor", http.MethodPost, "/api/v1/persons", person(), nil)
				if res.status == http.StatusCreated {
					written++
					continue
				}
				if res.status != http.StatusServiceUnavailable {
					t.Fatalf("write %d = %d %s, want 201 or 503", i, res.status, res.body)
				}
				refused = res
				break
			}
			if refused.status == 0 {
				t.Fatal("200 writes were all accepted")
			}
			p := checkProblem(t, "write to a database that cannot write", refused, http.StatusServiceUnavailable)
			if !strings.Contains(p.Detail, c.cause) || !strings.Contains(p.Detail, "nothing was written") {
				t.Errorf("detail %q does not say %q and that nothing was written", p.Detail, c.cause)
			}
			if refused.header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
			// Nothing half-written: the records and the audit log are as
			// they were before the refused write, and the chain verifies.
			if after := f.load(t); !reflect.DeepEqual(after, before) {
				t.Error("the refused write changed the stored records")
			}
			if seq := f.lastSeq(t); seq != beforeSeq {
				t.Errorf("the refused write added audit entries: last seq %d, was %d", seq, beforeSeq)
			}
			if _, err := f.db.VerifyAudit(context.Background()); err != nil {
				t.Errorf("audit chain after the refused write: %v", err)
			}
			// Reads keep working from the same server.
			if res := f.do(t, "", http.MethodGet, "/api/v1/figures", nil, nil); res.status != http.StatusOK {
				t.Errorf("GET /api/v1/figures beside the fault = %d", res.status)
			}
			// Once the database can write again, the same write succeeds.
			f.db, f.srv = db, healthy
			if res := f.do(t, "editor", http.MethodPost, "/api/v1/persons", person(), nil); res.status != http.StatusCreated {
				t.Errorf("the refused write, once the database can write = %d %s", res.status, res.body)
			}
			written++
		})
	}
}
