package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// testActor makes the tests' writes.
var testActor = audit.Actor{ID: "user:7", RequestID: "req-1", Address: "192.0.2.7"}

// testCtx returns a context carrying testActor.
func testCtx() context.Context { return audit.WithActor(context.Background(), testActor) }

// auditRows returns the number of entries in the audit log.
func auditRows(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQLDB().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM audit_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// verified fails t unless the audit log verifies, and returns its length.
func verified(t *testing.T, db *store.DB) int {
	t.Helper()
	n, err := db.VerifyAudit(context.Background())
	if err != nil {
		t.Fatalf("VerifyAudit: %v", err)
	}
	if rows := auditRows(t, db); n != rows {
		t.Errorf("VerifyAudit checked %d entries of %d", n, rows)
	}
	return n
}

func TestWritesNeedAnActor(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ds := seeded(t, db)
		before := auditRows(t, db)
		m := ds.Missions[0]
		m.Name = "Unattributed"
		bare := context.Background()
		calls := map[string]func() error{
			"Write": func() error { return db.Write(bare, func(tx *store.Tx) error { return tx.Update(&m) }) },
			"WriteRegistry": func() error {
				_, err := db.WriteRegistry(bare, func(tx *store.Tx) error { return tx.Update(&m) })
				return err
			},
			"empty actor": func() error {
				return db.Write(audit.WithActor(bare, audit.Actor{Address: "192.0.2.1"}), func(tx *store.Tx) error { return tx.Update(&m) })
			},
			"AppendAudit": func() error {
				return db.AppendAudit(bare, audit.Entry{Action: audit.ActionSignIn, Entity: audit.EntityAccount, EntityID: "a@example.org"})
			},
			"CreateUser":      func() error { _, err := db.CreateUser(bare, newUser("x@example.org", "viewer", "")); return err },
			"UpdateUser":      func() error { _, err := db.UpdateUser(bare, store.User{ID: 1}); return err },
			"EndUserSessions": func() error { _, err := db.EndUserSessions(bare, 1); return err },
			"CreateToken":     func() error { _, err := db.CreateToken(bare, store.Token{}); return err },
			"RevokeToken":     func() error { return db.RevokeToken(bare, 1) },
		}
		for name, call := range calls {
			if err := call(); !errors.Is(err, store.ErrNoActor) {
				t.Errorf("%s without an actor: err = %v, want ErrNoActor", name, err)
			}
		}
		if got := load(t, db); got.Missions[0].Name == "Unattributed" {
			t.Error("a write without an actor was committed")
		}
		if after := auditRows(t, db); after != before {
			t.Errorf("%d audit entries appended by refused writes", after-before)
		}
	})
}

func TestAuditEntryPerWrite(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		ds := seeded(t, db)
		// The seed: one entry per record, and one for the settings.
		records := len(metas(&ds))
		if n := verified(t, db); n != records+1 {
			t.Errorf("the seed appended %d entries, want %d records + settings", n, records)
		}
		seedEntries, err := db.AuditEntries(ctx, "mission", "rw-nairobi")
		if err != nil {
			t.Fatal(err)
		}
		if len(seedEntries) != 1 || seedEntries[0].Actor != audit.ActorSeed || seedEntries[0].Action != audit.ActionCreate ||
			seedEntries[0].Before != nil || !strings.Contains(string(seedEntries[0].After), `"name":"High Commission of Rwanda in Nairobi"`) {
			t.Errorf("the seed's entry of rw-nairobi: %+v", seedEntries)
		}
		start := auditRows(t, db)

		m := mission(ds, "rw-nairobi")
		m.Name = "Renamed"
		p := registry.Person{ID: "new-person", Name: "New Person"}
		old := ds.People[1]
		s := ds.Settings
		s.ConsularContact = "changed@example.org"
		var ended registry.Appointment
		for _, a := range ds.Appointments {
			if a.ID == "jane-doe-kenya" {
				ended = a
			}
		}
		ended.Ended = d("2024-01-31")
		err = db.Write(ctx, func(tx *store.Tx) error {
			return errors.Join(tx.Update(&m), tx.Insert(&p), tx.SetSettings(s), tx.SetSettings(s), tx.End(&ended),
				tx.Delete(&registry.HonoraryConsul{ID: "hc-chicago", Meta: registry.Meta{Version: 1}}), tx.Delete(&old))
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := auditRows(t, db) - start; n != 6 {
			t.Errorf("the write appended %d entries, want 6 (the second SetSettings changes nothing)", n)
		}
		verified(t, db)

		hist, err := db.AuditEntries(ctx, "mission", "rw-nairobi")
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 {
			t.Fatalf("history of rw-nairobi has %d entries, want 2", len(hist))
		}
		u := hist[1]
		var before, after registry.Mission
		if err := errors.Join(json.Unmarshal(u.Before, &before), json.Unmarshal(u.After, &after)); err != nil {
			t.Fatal(err)
		}
		if u.Action != audit.ActionUpdate || u.Actor != testActor.ID || u.RequestID != testActor.RequestID ||
			u.Address != testActor.Address || before.Name != "High Commission of Rwanda in Nairobi" || before.Version != 1 ||
			after.Name != "Renamed" || after.Version != 2 || !u.At.Equal(after.UpdatedAt.Time) || u.PrevHash == "" {
			t.Errorf("update entry: %+v\nbefore %+v\nafter %+v", u, before, after)
		}
		for _, c := range []struct{ entity, id, action string }{
			{"person", "new-person", audit.ActionCreate},
			{"appointment", "jane-doe-kenya", audit.ActionEnd},
			{"honorary_consul", "hc-chicago", audit.ActionDelete},
			{"person", "john-roe", audit.ActionDelete},
			{audit.EntitySettings, "", audit.ActionSettings},
		} {
			h, err := db.AuditEntries(ctx, c.entity, c.id)
			if err != nil {
				t.Fatal(err)
			}
			if len(h) == 0 || h[len(h)-1].Action != c.action {
				t.Errorf("%s %q: history %+v, want a last entry %q", c.entity, c.id, h, c.action)
				continue
			}
			e := h[len(h)-1]
			switch c.action {
			case audit.ActionCreate:
				if e.Before != nil || e.After == nil {
					t.Errorf("create entry: before %s after %s", e.Before, e.After)
				}
			case audit.ActionDelete:
				// The stored record, not what the caller passed.
				if e.After != nil || !strings.Contains(string(e.Before), `"id":"`+c.id+`"`) || !strings.Contains(string(e.Before), `"source"`) {
					t.Errorf("delete entry: before %s after %s", e.Before, e.After)
				}
			case audit.ActionSettings:
				if !strings.Contains(string(e.Before), "consular@example.org") || !strings.Contains(string(e.After), "changed@example.org") {
					t.Errorf("settings entry: before %s after %s", e.Before, e.After)
				}
			}
		}

		// Writes that do not commit leave no entry.
		start = auditRows(t, db)
		stale := mission(ds, "rw-nairobi")
		stale.Name = "Stale"
		boom := errors.New("boom")
		failing := map[string]func(tx *store.Tx) error{
			"conflict": func(tx *store.Tx) error { return tx.Update(&stale) },
			"invalid": func(tx *store.Tx) error {
				q := registry.Person{ID: "another"}
				return tx.Insert(&q)
			},
			"callback error": func(tx *store.Tx) error {
				q := registry.Person{ID: "yet-another", Name: "Yet Another"}
				return errors.Join(tx.Insert(&q), boom)
			},
			"conflict ignored": func(tx *store.Tx) error {
				if err := tx.Update(&stale); !errors.Is(err, registry.ErrConflict) {
					return err
				}
				return nil
			},
		}
		for name, fn := range failing {
			err := db.Write(ctx, fn)
			if err == nil && name != "conflict ignored" {
				t.Errorf("%s: the write succeeded", name)
			}
			if n := auditRows(t, db) - start; n != 0 {
				t.Errorf("%s: %d entries appended", name, n)
			}
		}
		verified(t, db)
	})
}

// tamper runs the statements after lifting the append-only triggers, as an
// attacker with access to the database could.
func tamper(t *testing.T, db *store.DB, stmts ...string) {
	t.Helper()
	lift := []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	if db.Engine() == store.Postgres {
		lift = []string{"ALTER TABLE audit_log DISABLE TRIGGER USER"}
	}
	for _, q := range append(lift, stmts...) {
		if _, err := db.SQLDB().ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		for _, q := range []string{"UPDATE audit_log SET actor = 'x' WHERE seq = 1", "DELETE FROM audit_log WHERE seq = 1"} {
			if _, err := db.SQLDB().ExecContext(context.Background(), q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want the append-only refusal", q, err)
			}
		}
		verified(t, db)
	})
}

func TestVerifyAuditFindsTampering(t *testing.T) {
	tests := []struct {
		name    string
		stmts   []string
		seq     int64
		reason  string
		removed bool // an entry before seq was removed
	}{
		{"one byte of the actor", []string{"UPDATE audit_log SET actor = 'user:8' WHERE seq = 5"}, 5, "hash does not match", false},
		{"one byte of after", []string{"UPDATE audit_log SET after = replace(after, 'Renamed', 'Renamee') WHERE seq = $LAST"}, 0, "hash does not match", false},
		{"the time", []string{"UPDATE audit_log SET at = at + 1 WHERE seq = 3"}, 3, "hash does not match", false},
		{"a hash", []string{"UPDATE audit_log SET hash = replace(hash, substr(hash, 1, 1), 'x') WHERE seq = 2"}, 2, "hash does not match", false},
		{"a removed entry", []string{"DELETE FROM audit_log WHERE seq = 4"}, 5, "follows entry 3", true},
		{"a removed first entry", []string{"DELETE FROM audit_log WHERE seq = 1"}, 2, "starts at seq 2", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.ForEach(t, func(t *testing.T, db *store.DB) {
				ds := seeded(t, db)
				m := ds.Missions[0]
				m.Name = "Renamed"
				if err := db.Write(testCtx(), func(tx *store.Tx) error { return tx.Update(&m) }); err != nil {
					t.Fatal(err)
				}
				last := int64(verified(t, db))
				want := tt.seq
				if want == 0 {
					want = last
				}
				var stmts []string
				for _, q := range tt.stmts {
					stmts = append(stmts, strings.ReplaceAll(q, "$LAST", strconv.FormatInt(last, 10)))
				}
				tamper(t, db, stmts...)
				n, err := db.VerifyAudit(context.Background())
				be, ok := errors.AsType[*audit.BrokenError](err)
				if !ok {
					t.Fatalf("VerifyAudit after tampering: %d, %v; want a *BrokenError", n, err)
				}
				checked := int(want - 1)
				if tt.removed {
					checked--
				}
				if be.Seq != want || !strings.Contains(be.Reason, tt.reason) || n != checked {
					t.Errorf("VerifyAudit = %d, %v; want %d checked, broken at %d (%s)", n, err, checked, want, tt.reason)
				}
			})
		})
	}
}

// TestConcurrentUpdatesConflict checks that of two concurrent updates of one
// record, both read at the same version, exactly one commits and the other
// gets registry.ErrConflict, and that the audit log records only the first.
func TestConcurrentUpdatesConflict(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ds := seeded(t, db)
		start := auditRows(t, db)
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		ready := make(chan struct{})
		for _, name := range []string{"Edit A", "Edit B"} {
			m := mission(ds, "rw-brussels")
			m.Name = name
			wg.Go(func() {
				<-ready
				errs <- db.Write(testCtx(), func(tx *store.Tx) error { return tx.Update(&m) })
			})
		}
		close(ready)
		wg.Wait()
		close(errs)
		var ok, conflict int
		for err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, registry.ErrConflict):
				conflict++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Errorf("%d updates committed and %d conflicted, want 1 and 1", ok, conflict)
		}
		if got := mission(load(t, db), "rw-brussels"); got.Version != 2 || (got.Name != "Edit A" && got.Name != "Edit B") {
			t.Errorf("stored mission: version %d name %q", got.Version, got.Name)
		}
		if n := auditRows(t, db) - start; n != 1 {
			t.Errorf("%d audit entries, want 1", n)
		}
		verified(t, db)
	})
}

// TestConcurrentAppendsChain checks that audit entries appended by
// concurrent writers, registry writes and events together, form one chain.
func TestConcurrentAppendsChain(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		start := auditRows(t, db)
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Go(func() {
				for j := range 5 {
					var err error
					if i%2 == 0 {
						err = db.AppendAudit(testCtx(), audit.Entry{Action: audit.ActionSignInFailed, Entity: audit.EntityAccount, EntityID: "a@example.org"})
					} else {
						p := registry.Person{ID: fmt.Sprintf("p-%d-%d", i, j), Name: "P"}
						err = db.Write(testCtx(), func(tx *store.Tx) error { return tx.Insert(&p) })
					}
					if err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		if n := verified(t, db) - start; n != 20 {
			t.Errorf("%d entries appended, want 20", n)
		}
	})
}

// TestMetaCharactersRoundTrip checks that SQL and HTML meta-characters in a
// record's text come back verbatim, from the table and from the audit log.
func TestMetaCharactersRoundTrip(t *testing.T) {
	texts := []string{
		`O'Brien; DROP TABLE people; --`,
		`"quoted" \backslash\ 100% _under_ $1 ?`,
		`<script>alert('x')</script> &amp; é 日本 🇷🇼`,
		"tab\tnew\nline",
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		for i, text := range texts {
			p := registry.Person{ID: fmt.Sprintf("meta-%d", i), Name: text, Meta: registry.Meta{Note: text, Source: text}}
			if err := db.Write(testCtx(), func(tx *store.Tx) error { return tx.Insert(&p) }); err != nil {
				t.Fatalf("%q: %v", text, err)
			}
			var got registry.Person
			for _, q := range load(t, db).People {
				if q.ID == p.ID {
					got = q
				}
			}
			if got.Name != text || got.Note != text || got.Source != text {
				t.Errorf("stored %q / %q / %q, want %q", got.Name, got.Note, got.Source, text)
			}
			h, err := db.AuditEntries(testCtx(), "person", p.ID)
			if err != nil || len(h) != 1 {
				t.Fatalf("history: %+v, %v", h, err)
			}
			var logged registry.Person
			if err := json.Unmarshal(h[0].After, &logged); err != nil || logged.Name != text {
				t.Errorf("audit after = %s (%v), want the name %q", h[0].After, err, text)
			}
		}
		verified(t, db)
	})
}
