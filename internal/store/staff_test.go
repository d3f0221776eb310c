package store_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// newUser returns an account to create; the store does not read the hash.
func newUser(email string, role auth.Role, mission string) store.User {
	return store.User{Email: email, Name: "Staff Member", Role: role, MissionID: mission, PasswordHash: "$argon2id$fake-" + email}
}

// mustCreateUser creates u or fails t.
func mustCreateUser(t *testing.T, db *store.DB, u store.User) store.User {
	t.Helper()
	u, err := db.CreateUser(testCtx(), u)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// wantFields fails t unless err is a *registry.ValidationError naming
// exactly fields (of any entity).
func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	ve, ok := errors.AsType[*registry.ValidationError](err)
	if !ok {
		t.Fatalf("err = %v, want a *registry.ValidationError naming %v", err, fields)
	}
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Field)
	}
	if strings.Join(got, ",") != strings.Join(fields, ",") {
		t.Errorf("invalid fields %v, want %v (%v)", got, fields, err)
	}
}

func TestCreateUser(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		seeded(t, db)
		if ok, err := db.HasAdmin(ctx); err != nil || ok {
			t.Fatalf("HasAdmin() = %v, %v on a new database", ok, err)
		}
		// SQL and HTML meta-characters come back verbatim.
		name := `O'Brien "Bobby"; DROP TABLE users; -- %_\ <b>&amp;`
		admin := newUser("  Admin@Example.ORG ", auth.Admin, "")
		admin.Name = name
		admin = mustCreateUser(t, db, admin)
		if admin.ID == 0 || admin.Version != 1 || admin.Email != "admin@example.org" || admin.CreatedAt.IsZero() {
			t.Errorf("created %+v", admin)
		}
		for _, email := range []string{"admin@example.org", "ADMIN@example.org", " Admin@Example.Org"} {
			got, err := db.UserByEmail(ctx, email)
			if err != nil || got != admin {
				t.Errorf("UserByEmail(%q) = %+v, %v; want %+v", email, got, err, admin)
			}
		}
		if got, err := db.UserByID(ctx, admin.ID); err != nil || got != admin || got.Name != name {
			t.Errorf("UserByID = %+v, %v", got, err)
		}
		if _, err := db.UserByEmail(ctx, "nobody@example.org"); !errors.Is(err, registry.ErrNotFound) {
			t.Errorf("UserByEmail(unknown): err = %v, want ErrNotFound", err)
		}
		if ok, err := db.HasAdmin(ctx); err != nil || !ok {
			t.Errorf("HasAdmin() = %v, %v after creating one", ok, err)
		}
		officer := mustCreateUser(t, db, newUser("officer@example.org", auth.MissionOfficer, "rw-nairobi"))
		if officer.MissionID != "rw-nairobi" || officer.Principal().MissionID != "rw-nairobi" {
			t.Errorf("officer %+v", officer)
		}
		list, err := db.ListUsers(ctx)
		if err != nil || len(list) != 2 || list[0].Email != "admin@example.org" || list[1] != officer {
			t.Errorf("ListUsers = %+v, %v", list, err)
		}
		// The audit log has the account without its password hash.
		h, err := db.AuditEntries(ctx, audit.EntityUser, "1")
		if err != nil || len(h) != 1 || h[0].Action != audit.ActionUserAdd || strings.Contains(string(h[0].After), "argon2id") ||
			!strings.Contains(string(h[0].After), `"email":"admin@example.org"`) {
			t.Errorf("audit of user_add: %+v, %v", h, err)
		}
	})
}

func TestUserValidation(t *testing.T) {
	tests := []struct {
		name   string
		change func(u *store.User)
		fields []string
	}{
		{"empty email", func(u *store.User) { u.Email = " " }, []string{"email"}},
		{"not an email", func(u *store.User) { u.Email = "admin" }, []string{"email"}},
		{"display name", func(u *store.User) { u.Email = "Admin <admin@example.org>" }, []string{"email"}},
		{"two addresses", func(u *store.User) { u.Email = "a@example.org, b@example.org" }, []string{"email"}},
		{"taken email", func(u *store.User) { u.Email = "TAKEN@example.org" }, []string{"email"}},
		{"empty name", func(u *store.User) { u.Name = "  " }, []string{"name"}},
		{"control character", func(u *store.User) { u.Name = "a\x00b" }, []string{"name"}},
		{"long name", func(u *store.User) { u.Name = strings.Repeat("é", 201) }, []string{"name"}},
		{"unknown role", func(u *store.User) { u.Role = "root" }, []string{"role"}},
		{"officer without mission", func(u *store.User) { u.Role = auth.MissionOfficer }, []string{"mission_id"}},
		{"officer of unknown mission", func(u *store.User) { u.Role, u.MissionID = auth.MissionOfficer, "nowhere" }, []string{"mission_id"}},
		{"editor with mission", func(u *store.User) { u.Role, u.MissionID = auth.Editor, "rw-nairobi" }, []string{"mission_id"}},
		{"no password", func(u *store.User) { u.PasswordHash = "" }, []string{"password"}},
		{"several", func(u *store.User) { u.Email, u.Name, u.Role = "x", "", "x" }, []string{"email", "name", "role"}},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		mustCreateUser(t, db, newUser("taken@example.org", auth.Viewer, ""))
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := newUser("new@example.org", auth.Viewer, "")
				tt.change(&u)
				_, err := db.CreateUser(testCtx(), u)
				wantFields(t, err, tt.fields...)
			})
		}
		if list, _ := db.ListUsers(testCtx()); len(list) != 1 {
			t.Errorf("%d users after refused creations, want 1", len(list))
		}
	})
}

func TestUpdateUser(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		ds := seeded(t, db)
		admin := mustCreateUser(t, db, newUser("admin@example.org", auth.Admin, ""))
		u := mustCreateUser(t, db, newUser("staff@example.org", auth.Viewer, ""))

		// Role and mission.
		u.Role, u.MissionID, u.Name = auth.MissionOfficer, "rw-brussels", "Renamed"
		u2, err := db.UpdateUser(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if u2.Version != 2 || u2.Role != auth.MissionOfficer || u2.SessionEpoch != 0 || !u2.UpdatedAt.After(u.CreatedAt.Add(-time.Millisecond)) {
			t.Errorf("updated %+v", u2)
		}
		if got, _ := db.UserByID(ctx, u.ID); got != u2 {
			t.Errorf("stored %+v, want %+v", got, u2)
		}
		// A stale version conflicts; an unknown id is not found.
		u.Name = "Stale"
		if _, err := db.UpdateUser(ctx, u); !errors.Is(err, registry.ErrConflict) {
			t.Errorf("stale update: err = %v, want ErrConflict", err)
		}
		if _, err := db.UpdateUser(ctx, store.User{ID: 999, Version: 1}); !errors.Is(err, registry.ErrNotFound) {
			t.Errorf("update of an unknown user: err = %v, want ErrNotFound", err)
		}
		// Invalid changes are refused field by field.
		bad := u2
		bad.MissionID = ""
		_, err = db.UpdateUser(ctx, bad)
		wantFields(t, err, "mission_id")
		bad = u2
		bad.Email = "ADMIN@example.org"
		_, err = db.UpdateUser(ctx, bad)
		wantFields(t, err, "email")

		// A new password and a second factor end the sessions; the audit
		// log says they changed, without them.
		u2.PasswordHash, u2.TOTPSecret = "$argon2id$new-secret-hash", "JBSWY3DPEHPK3PXP"
		u3, err := db.UpdateUser(ctx, u2)
		if err != nil {
			t.Fatal(err)
		}
		if u3.SessionEpoch != 1 || u3.TOTPSecret != "JBSWY3DPEHPK3PXP" {
			t.Errorf("after a new password: %+v", u3)
		}
		h, err := db.AuditEntries(ctx, audit.EntityUser, itoa(u.ID))
		if err != nil || len(h) != 3 {
			t.Fatalf("history: %+v, %v", h, err)
		}
		last := string(h[2].Before) + string(h[2].After)
		if strings.Contains(last, "secret") || strings.Contains(last, "JBSWY3DP") || strings.Contains(last, "argon2id") ||
			!strings.Contains(string(h[2].After), `"password_changed":true`) || !strings.Contains(string(h[2].After), `"totp":true`) ||
			h[2].Action != audit.ActionUserUpdate {
			t.Errorf("audit of a password change: %s / %s", h[2].Before, h[2].After)
		}

		// The last active admin can be neither demoted nor disabled.
		demoted := admin
		demoted.Role = auth.Editor
		_, err = db.UpdateUser(ctx, demoted)
		wantFields(t, err, "role")
		disabled := admin
		disabled.DisabledAt = time.Now()
		_, err = db.UpdateUser(ctx, disabled)
		wantFields(t, err, "disabled")

		// Disabling ends the sessions too.
		u3.DisabledAt = time.Now()
		u4, err := db.UpdateUser(ctx, u3)
		if err != nil {
			t.Fatal(err)
		}
		if !u4.Disabled() || u4.SessionEpoch != 2 {
			t.Errorf("disabled: %+v", u4)
		}
		epoch, err := db.EndUserSessions(ctx, u.ID)
		if err != nil || epoch != 3 {
			t.Errorf("EndUserSessions = %d, %v; want 3", epoch, err)
		}
		if _, err := db.EndUserSessions(ctx, 999); !errors.Is(err, registry.ErrNotFound) {
			t.Errorf("EndUserSessions(unknown): err = %v", err)
		}

		// TOTP steps only move forward.
		for _, c := range []struct {
			step int64
			ok   bool
		}{{100, true}, {100, false}, {99, false}, {101, true}} {
			if ok, err := db.SetTOTPLastStep(ctx, u.ID, c.step); err != nil || ok != c.ok {
				t.Errorf("SetTOTPLastStep(%d) = %v, %v; want %v", c.step, ok, err, c.ok)
			}
		}
		if got, _ := db.UserByID(ctx, u.ID); got.TOTPLastStep != 101 {
			t.Errorf("TOTPLastStep = %d, want 101", got.TOTPLastStep)
		}

		// A mission staff are scoped to cannot be deleted.
		m := mission(ds, "rw-brussels")
		err = db.Write(ctx, func(tx *store.Tx) error {
			for _, a := range ds.Accreditations {
				if a.Mission == m.ID {
					if err := tx.Delete(&a); err != nil {
						return err
					}
				}
			}
			for _, hc := range ds.HonoraryConsuls {
				if hc.SupervisingMission == m.ID {
					hc.SupervisingMission = ""
					if err := tx.Update(&hc); err != nil {
						return err
					}
				}
			}
			return tx.Delete(&m)
		})
		wantFieldError(t, err, "mission", "id")
		verified(t, db)
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestTokens(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := testCtx()
		seeded(t, db)
		admin := mustCreateUser(t, db, newUser("admin@example.org", auth.Admin, ""))
		other := mustCreateUser(t, db, newUser("other@example.org", auth.Admin, ""))
		plain, hash, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		tok, err := db.CreateToken(ctx, store.Token{Name: "Nairobi sync 'nightly'; --", Hash: hash, Role: auth.MissionOfficer,
			MissionID: "rw-nairobi", CreatedBy: admin.ID, ExpiresAt: time.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.TokenByHash(ctx, auth.HashToken(plain))
		if err != nil || got != tok || got.Name != "Nairobi sync 'nightly'; --" {
			t.Fatalf("TokenByHash = %+v, %v; want %+v", got, err, tok)
		}
		if p := got.Principal(); p.TokenID != tok.ID || p.UserID != admin.ID || p.Role != auth.MissionOfficer || p.MissionID != "rw-nairobi" {
			t.Errorf("Principal = %+v", p)
		}
		if _, err := db.TokenByHash(ctx, auth.HashToken("chy_unknown")); !errors.Is(err, registry.ErrNotFound) {
			t.Errorf("unknown token: err = %v, want ErrNotFound", err)
		}

		// TouchToken records the use at most once a minute.
		now := time.Now().Truncate(time.Millisecond)
		for _, at := range []time.Time{now, now.Add(30 * time.Second)} {
			if err := db.TouchToken(ctx, tok.ID, at); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := db.TokenByHash(ctx, hash); !got.LastUsedAt.Equal(now) {
			t.Errorf("LastUsedAt = %v, want %v", got.LastUsedAt, now)
		}
		if err := db.TouchToken(ctx, tok.ID, now.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.TokenByHash(ctx, hash); !got.LastUsedAt.Equal(now.Add(2 * time.Minute)) {
			t.Errorf("LastUsedAt = %v, want a minute later", got.LastUsedAt)
		}

		// Expired, revoked, and owned by a disabled user.
		_, expHash, _ := auth.NewToken()
		exp, err := db.CreateToken(ctx, store.Token{Name: "short", Hash: expHash, Role: auth.Viewer, CreatedBy: admin.ID,
			ExpiresAt: time.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQLDB().ExecContext(ctx, "UPDATE api_tokens SET expires_at = $1 WHERE id = $2", time.Now().Add(-time.Second).UnixMilli(), exp.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenByHash(ctx, expHash); !errors.Is(err, store.ErrTokenExpired) {
			t.Errorf("expired token: err = %v", err)
		}
		if err := db.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeToken(ctx, tok.ID); err != nil {
			t.Errorf("revoking twice: %v", err)
		}
		if err := db.RevokeToken(ctx, 999); !errors.Is(err, registry.ErrNotFound) {
			t.Errorf("revoking an unknown token: err = %v", err)
		}
		if _, err := db.TokenByHash(ctx, hash); !errors.Is(err, store.ErrTokenRevoked) {
			t.Errorf("revoked token: err = %v", err)
		}
		_, ownHash, _ := auth.NewToken()
		if _, err := db.CreateToken(ctx, store.Token{Name: "own", Hash: ownHash, Role: auth.Editor, CreatedBy: other.ID,
			ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		other.DisabledAt = time.Now()
		if _, err := db.UpdateUser(ctx, other); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenByHash(ctx, ownHash); !errors.Is(err, store.ErrUserDisabled) {
			t.Errorf("token of a disabled user: err = %v", err)
		}

		list, err := db.ListTokens(ctx)
		if err != nil || len(list) != 3 || list[2].ID != tok.ID || list[2].RevokedAt.IsZero() {
			t.Errorf("ListTokens = %+v, %v", list, err)
		}
		h, err := db.AuditEntries(ctx, audit.EntityToken, itoa(tok.ID))
		if err != nil || len(h) != 2 || h[0].Action != audit.ActionTokenCreate || h[1].Action != audit.ActionTokenRevoke ||
			strings.Contains(string(h[0].After), hash) {
			t.Errorf("token history: %+v, %v", h, err)
		}
		verified(t, db)
	})
}

func TestTokenValidation(t *testing.T) {
	tests := []struct {
		name   string
		change func(tok *store.Token)
		fields []string
	}{
		{"no name", func(tok *store.Token) { tok.Name = "" }, []string{"name"}},
		{"plaintext as hash", func(tok *store.Token) { tok.Hash = "chy_secret" }, []string{"token_hash"}},
		{"upper-case hash", func(tok *store.Token) { tok.Hash = strings.ToUpper(tok.Hash) }, []string{"token_hash"}},
		{"unknown role", func(tok *store.Token) { tok.Role = "god" }, []string{"role"}},
		{"officer without mission", func(tok *store.Token) { tok.Role = auth.MissionOfficer }, []string{"mission_id"}},
		{"viewer with mission", func(tok *store.Token) { tok.MissionID = "rw-nairobi" }, []string{"mission_id"}},
		{"expired", func(tok *store.Token) { tok.ExpiresAt = time.Now().Add(-time.Minute) }, []string{"expires_at"}},
		{"no expiry", func(tok *store.Token) { tok.ExpiresAt = time.Time{} }, []string{"expires_at"}},
		{"unknown owner", func(tok *store.Token) { tok.CreatedBy = 999 }, []string{"created_by"}},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		seeded(t, db)
		admin := mustCreateUser(t, db, newUser("admin@example.org", auth.Admin, ""))
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tok := store.Token{Name: "ok", Hash: auth.HashToken("chy_x"), Role: auth.Viewer, CreatedBy: admin.ID, ExpiresAt: time.Now().Add(time.Hour)}
				tt.change(&tok)
				_, err := db.CreateToken(testCtx(), tok)
				wantFields(t, err, tt.fields...)
			})
		}
	})
}

func TestSessionStore(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := db.Sessions()
		if _, found, err := s.FindCtx(ctx, "missing"); found || err != nil {
			t.Errorf("Find(missing) = %v, %v", found, err)
		}
		data := []byte{0, 1, 2, 0xff, '\'', ';'}
		if err := s.CommitCtx(ctx, "tok-a", data, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, found, err := s.FindCtx(ctx, "tok-a"); !found || err != nil || string(b) != string(data) {
			t.Errorf("Find(tok-a) = %q, %v, %v", b, found, err)
		}
		// Commit replaces the data and the expiry.
		if err := s.Commit("tok-a", []byte("new"), time.Now().Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, found, err := s.Find("tok-a"); !found || err != nil || string(b) != "new" {
			t.Errorf("Find(tok-a) after a second commit = %q, %v, %v", b, found, err)
		}
		// An expired session is not found, and DeleteExpired removes it.
		if err := s.CommitCtx(ctx, "tok-old", []byte("old"), time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, found, err := s.FindCtx(ctx, "tok-old"); found || err != nil {
			t.Errorf("Find(expired) = %v, %v", found, err)
		}
		all, err := s.AllCtx(ctx)
		if err != nil || len(all) != 1 || string(all["tok-a"]) != "new" {
			t.Errorf("All = %q, %v", all, err)
		}
		if n, err := s.DeleteExpired(ctx); n != 1 || err != nil {
			t.Errorf("DeleteExpired = %d, %v; want 1", n, err)
		}
		if err := s.Delete("tok-a"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCtx(ctx, "tok-a"); err != nil {
			t.Errorf("deleting a missing session: %v", err)
		}
		if _, found, _ := s.FindCtx(ctx, "tok-a"); found {
			t.Error("a deleted session is found")
		}

		// Cleanup runs until its context ends.
		if err := s.CommitCtx(ctx, "tok-old", []byte("old"), time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { s.Cleanup(cctx, 10*time.Millisecond, slog.New(slog.DiscardHandler)); close(done) }()
		deadline := time.Now().Add(5 * time.Second)
		for {
			var n int
			if err := db.SQLDB().QueryRowContext(ctx, "SELECT COUNT(*) FROM sessions").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("Cleanup did not remove the expired session")
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		<-done

		// scs keeps its sessions in the store across requests.
		sm := scs.New()
		sm.Store = s
		mux := http.NewServeMux()
		mux.HandleFunc("PUT /", func(w http.ResponseWriter, r *http.Request) {
			if err := sm.RenewToken(r.Context()); err != nil {
				t.Error(err)
			}
			sm.Put(r.Context(), "user_id", int64(12))
		})
		mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(itoa(sm.GetInt64(r.Context(), "user_id"))))
		})
		srv := httptest.NewServer(sm.LoadAndSave(mux))
		defer srv.Close()
		req, _ := http.NewRequest("PUT", srv.URL, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		cookies := res.Cookies()
		if len(cookies) != 1 {
			t.Fatalf("cookies %v", cookies)
		}
		req, _ = http.NewRequest("GET", srv.URL, nil)
		req.AddCookie(cookies[0])
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || string(body) != "12" {
			t.Errorf("the session read back %q, %v; want 12", body, err)
		}
	})
}

func TestRecentSignInFailures(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		event := func(action, email, address string) {
			t.Helper()
			ctx := audit.WithActor(context.Background(), audit.Actor{ID: audit.ActorSystem, Address: address})
			if err := db.AppendAudit(ctx, audit.Entry{Action: action, Entity: audit.EntityAccount, EntityID: store.NormalizeEmail(email)}); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now().Add(-time.Second)
		count := func(email, address string, since time.Time) (int, int, time.Time) {
			t.Helper()
			a, b, last, err := db.RecentSignInFailures(context.Background(), email, address, since)
			if err != nil {
				t.Fatal(err)
			}
			return a, b, last
		}
		if a, b, last := count("a@example.org", "192.0.2.1", start); a != 0 || b != 0 || !last.IsZero() {
			t.Errorf("no events: %d, %d, %v", a, b, last)
		}
		for range 3 {
			event(audit.ActionSignInFailed, "A@example.org", "192.0.2.1")
		}
		event(audit.ActionSignInFailed, "b@example.org", "192.0.2.1")
		event(audit.ActionSignInFailed, "a@example.org", "192.0.2.2")
		if a, b, last := count("a@example.org", "192.0.2.1", start); a != 4 || b != 4 || last.Before(start) {
			t.Errorf("after failures: account %d address %d last %v; want 4, 4", a, b, last)
		}
		// A success resets the account's count, and the count of its address.
		event(audit.ActionSignIn, "a@example.org", "192.0.2.1")
		event(audit.ActionSignInFailed, "a@example.org", "192.0.2.3")
		if a, b, _ := count("a@example.org", "192.0.2.1", start); a != 1 || b != 0 {
			t.Errorf("after a success: account %d address %d; want 1, 0", a, b)
		}
		if a, b, _ := count("b@example.org", "192.0.2.2", start); a != 1 || b != 1 {
			t.Errorf("b from .2: account %d address %d; want 1, 1", a, b)
		}
		// Failures before since are not counted.
		if a, b, last := count("b@example.org", "192.0.2.2", time.Now().Add(time.Hour)); a != 0 || b != 0 || !last.IsZero() {
			t.Errorf("since the future: %d, %d, %v", a, b, last)
		}
		verified(t, db)
	})
}
