package staff

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/site"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestDoneWhen follows the "Done when": the first admin, created
// with the store (as "chancery user add" does), signs in and sets up the
// second factor admins must have, adds a mission officer for one embassy,
// and that officer can edit that embassy's records and nothing else; the
// public portal shows the officer's change at once.
func TestDoneWhen(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		if _, err := db.Seed(cliCtx(), fixture()); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Load(cliCtx())
		if err != nil {
			t.Fatal(err)
		}
		snap := site.NewSnapshot(registry.New(ds))
		staff := New(Config{DB: db, Snapshot: snap.Load, Publish: func(r *registry.Registry) { snap.Publish(r) }, PasswordParams: cheap})
		srv := httptest.NewServer(site.New(site.Config{Snapshot: snap.Load, Staff: staff}))
		defer srv.Close()
		e := &env{t: t, db: db, snap: snap, srv: srv}

		if _, err := db.CreateUser(cliCtx(), store.User{Email: "first@example.org", Name: "First Admin", Role: auth.Admin,
			PasswordHash: mustHash(t)}); err != nil {
			t.Fatal(err)
		}
		admin := e.client()
		res := admin.post("/staff/login", url.Values{"email": {"first@example.org"}, "password": {testPassword}})
		if res.header.Get("Location") != "/staff/totp" {
			t.Fatalf("admin without a second factor: %d %s", res.status, res.header.Get("Location"))
		}
		page := admin.get("/staff/totp").body
		secret := between(page, `id="totp-secret" class="secret">`, "<")
		if !strings.Contains(page, "otpauth://totp/chancery:first@example.org?secret="+secret+"&amp;issuer=chancery") {
			t.Errorf("no otpauth URI for %q", secret)
		}
		code, err := auth.TOTPCode(secret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res := admin.post("/staff/totp", url.Values{"code": {code}}); res.status != http.StatusSeeOther {
			t.Fatalf("second factor: %d\n%s", res.status, excerpt(res.body))
		}
		if res := admin.get("/staff/users"); res.status != http.StatusOK {
			t.Fatalf("users page: %d", res.status)
		}
		res = admin.post("/staff/users", url.Values{"email": {"officer@example.org"}, "name": {"Nairobi Officer"},
			"role": {"mission_officer"}, "mission_id": {"rw-nairobi"}, "password": {"a long enough password"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("add officer: %d\n%s", res.status, excerpt(res.body))
		}

		officer := e.client()
		res = officer.post("/staff/login", url.Values{"email": {"officer@example.org"}, "password": {"a long enough password"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff/" {
			t.Fatalf("officer sign-in: %d %s", res.status, res.header.Get("Location"))
		}
		nairobi := e.formOf(missionEntity, "rw-nairobi")
		nairobi.Set("phone", "0700 123 456")
		if res := officer.post("/staff/missions/rw-nairobi", nairobi); res.status != http.StatusSeeOther {
			t.Fatalf("officer edits their embassy: %d\n%s", res.status, excerpt(res.body))
		}
		if body := officer.get("/en/missions/rw-nairobi").body; !strings.Contains(body, "0700 123 456") {
			t.Error("the portal does not show the officer's change")
		}
		acc := url.Values{"id": {"rw-nairobi--TZ"}, "mission": {"rw-nairobi"}, "receiver_type": {"state"}, "receiver": {"TZ"},
			"residence": {"non_resident"}, "status": {"planned"}, "certainty": {"reported"}}
		if res := officer.post("/staff/accreditations", acc); res.status != http.StatusSeeOther {
			t.Errorf("officer adds an accreditation of their embassy: %d\n%s", res.status, excerpt(res.body))
		}

		brussels := e.formOf(missionEntity, "rw-brussels")
		brussels.Set("phone", "0700 000 000")
		renamed := e.formOf(missionEntity, "rw-nairobi")
		renamed.Set("name", "Renamed")
		acc.Set("id", "rw-brussels--TZ")
		acc.Set("mission", "rw-brussels")
		moved := e.formOf(accreditationEntity, "rw-nairobi--KE")
		moved.Set("mission", "rw-brussels")
		for _, refused := range []struct {
			name, path string
			form       url.Values
		}{
			{"another embassy", "/staff/missions/rw-brussels", brussels},
			{"their embassy's name", "/staff/missions/rw-nairobi", renamed},
			{"another embassy's accreditation", "/staff/accreditations", acc},
			{"moving an accreditation to another embassy", "/staff/accreditations/rw-nairobi--KE", moved},
			{"a country", "/staff/countries/KE", e.formOf(countryEntity, "KE")},
			{"the users", "/staff/users", url.Values{"email": {"x@example.org"}, "role": {"admin"}}},
		} {
			if res := officer.post(refused.path, refused.form); res.status != http.StatusForbidden {
				t.Errorf("officer edits %s: %d, want 403", refused.name, res.status)
			}
		}
		if body := officer.get("/staff/missions/rw-brussels").body; strings.Contains(body, `id="record-form"`) {
			t.Error("the officer is offered a form for another embassy")
		}
		if body := officer.get("/staff/missions/rw-nairobi").body; !strings.Contains(body, `id="record-form"`) {
			t.Error("the officer is not offered a form for their embassy")
		}
	})
}
