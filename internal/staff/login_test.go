package staff

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// sessionCookie returns the session token the client holds, or "".
func (c *client) sessionCookie() string {
	u, _ := url.Parse(c.e.srv.URL + "/staff/")
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == CookieName {
			return ck.Value
		}
	}
	return ""
}

func TestSignIn(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		totp := func(at time.Time) string {
			code, err := auth.TOTPCode(e.adminSecret, at)
			if err != nil {
				t.Fatal(err)
			}
			return code
		}
		tests := []struct {
			name   string
			form   url.Values
			status int
		}{
			{"editor", url.Values{"email": {"Editor@Example.org "}, "password": {testPassword}}, http.StatusSeeOther},
			{"wrong password", url.Values{"email": {"viewer@example.org"}, "password": {"not the password"}}, http.StatusUnauthorized},
			{"unknown account", url.Values{"email": {"nobody@example.org"}, "password": {testPassword}}, http.StatusUnauthorized},
			{"admin without code", url.Values{"email": {"admin@example.org"}, "password": {testPassword}}, http.StatusUnauthorized},
			{"admin with a wrong code", url.Values{"email": {"admin@example.org"}, "password": {testPassword},
				"code": {totp(time.Now().Add(-time.Hour))}}, http.StatusUnauthorized},
			{"admin with code", url.Values{"email": {"admin@example.org"}, "password": {testPassword}, "code": {totp(time.Now())}}, http.StatusSeeOther},
			{"admin replaying the code", url.Values{"email": {"admin@example.org"}, "password": {testPassword}, "code": {totp(time.Now())}}, http.StatusUnauthorized},
		}
		for _, tt := range tests {
			c := e.client()
			res := c.post("/staff/login", tt.form)
			if res.status != tt.status {
				t.Errorf("%s: status %d, want %d\n%s", tt.name, res.status, tt.status, excerpt(res.body))
			}
			dash := c.get("/staff/")
			if signedIn := dash.status == http.StatusOK; signedIn != (tt.status == http.StatusSeeOther) {
				t.Errorf("%s: dashboard status %d", tt.name, dash.status)
			}
			if strings.Contains(res.body, testPassword) {
				t.Errorf("%s: the page shows the password", tt.name)
			}
		}
		// Every attempt is audited, without the password.
		entries, err := db.AuditEntries(context.Background(), audit.EntityAccount, "admin@example.org")
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, en := range entries {
			actions = append(actions, en.Action)
			if strings.Contains(string(en.After), testPassword) {
				t.Errorf("audit entry %d holds the password", en.Seq)
			}
		}
		want := "sign_in_failed sign_in_failed sign_in sign_in_failed"
		if got := strings.Join(actions, " "); got != want {
			t.Errorf("audited %q, want %q", got, want)
		}
	})
}

// TestSessionFixation: a session token a visitor holds before signing in
// (planted by an attacker) is replaced at sign-in and is worth nothing
// after it.
func TestSessionFixation(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		// An admin without a second factor gets a session (to set one up)
		// before being signed in: the token an attacker could fix.
		e.createUser(store.User{Email: "new-admin@example.org", Name: "New", Role: auth.Admin, PasswordHash: mustHash(t)})
		res := c.post("/staff/login", url.Values{"email": {"new-admin@example.org"}, "password": {testPassword}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/staff/totp" {
			t.Fatalf("admin without a second factor: %d %s", res.status, res.header.Get("Location"))
		}
		before := c.sessionCookie()
		if before == "" {
			t.Fatal("no session before sign-in")
		}
		if res := c.get("/staff/"); res.status != http.StatusSeeOther {
			t.Fatalf("the set-up session reached the dashboard: %d", res.status)
		}
		page := c.get("/staff/totp")
		secret := between(page.body, `id="totp-secret" class="secret">`, "<")
		code, err := auth.TOTPCode(secret, time.Now())
		if err != nil {
			t.Fatalf("secret %q: %v", secret, err)
		}
		if res := c.post("/staff/totp", url.Values{"code": {code}}); res.status != http.StatusSeeOther {
			t.Fatalf("set up: %d\n%s", res.status, excerpt(res.body))
		}
		after := c.sessionCookie()
		if after == "" || after == before {
			t.Fatalf("session token not renewed at sign-in: before %q after %q", before, after)
		}
		if res := c.get("/staff/"); res.status != http.StatusOK {
			t.Fatalf("signed in: dashboard %d", res.status)
		}
		// The attacker's copy of the old token is signed out.
		attacker := e.client()
		u, _ := url.Parse(e.srv.URL + "/staff/")
		attacker.http.Jar.SetCookies(u, []*http.Cookie{{Name: CookieName, Value: before, Path: "/staff"}})
		if res := attacker.get("/staff/"); res.status != http.StatusSeeOther {
			t.Errorf("old token: dashboard %d, want a redirect to sign in", res.status)
		}
		// A token the attacker made up and planted is replaced too.
		victim := e.client()
		victim.http.Jar.SetCookies(u, []*http.Cookie{{Name: CookieName, Value: "planted-token", Path: "/staff"}})
		victim.login("editor")
		if got := victim.sessionCookie(); got == "planted-token" || got == "" {
			t.Errorf("planted token kept: %q", got)
		}
	})
}

func between(s, start, end string) string {
	_, rest, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, end)
	return v
}

// TestThrottling: after the free failures of an account, attempts are
// refused with 429 and Retry-After, even with the right password.
func TestThrottling(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client()
		wrong := url.Values{"email": {"viewer@example.org"}, "password": {"wrong password!"}}
		for i := range auth.AccountFreeFailures + 4 {
			res := c.post("/staff/login", wrong)
			if i < auth.AccountFreeFailures && res.status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d, want 401", i+1, res.status)
			}
		}
		res := c.post("/staff/login", url.Values{"email": {"viewer@example.org"}, "password": {testPassword}})
		if res.status != http.StatusTooManyRequests {
			t.Fatalf("after %d failures: %d, want 429", auth.AccountFreeFailures+4, res.status)
		}
		if secs, err := strconv.Atoi(res.header.Get("Retry-After")); err != nil || secs < 1 {
			t.Errorf("Retry-After %q", res.header.Get("Retry-After"))
		}
		if !strings.Contains(res.body, "Too many failed attempts") {
			t.Errorf("no clear message:\n%s", excerpt(res.body))
		}
		if c.get("/staff/").status == http.StatusOK {
			t.Error("signed in while throttled")
		}
		// Another account from another address is not throttled.
		other := e.client()
		other.login("editor")
	})
}

// TestSessionEnds: signing out, signing out everywhere, disabling the
// account and the idle timeout end sessions.
func TestSessionEnds(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *Config) { c.IdleTimeout = 2 * time.Second })
		signedIn := func(c *client) bool { return c.get("/staff/account").status == http.StatusOK }

		a, b := e.client(), e.client()
		a.login("editor")
		b.login("editor")
		if res := a.post("/staff/logout", nil); res.status != http.StatusSeeOther || signedIn(a) {
			t.Errorf("sign out: %d, still signed in: %v", res.status, signedIn(a))
		}
		if !signedIn(b) {
			t.Fatal("signing out one session ended the other")
		}
		a.login("editor")
		if res := a.post("/staff/logout-everywhere", nil); res.status != http.StatusSeeOther {
			t.Errorf("sign out everywhere: %d", res.status)
		}
		if signedIn(a) || signedIn(b) {
			t.Errorf("after sign out everywhere: a %v, b %v", signedIn(a), signedIn(b))
		}

		v := e.client()
		v.login("viewer")
		u, err := db.UserByEmail(cliCtx(), "viewer@example.org")
		if err != nil {
			t.Fatal(err)
		}
		u.DisabledAt = time.Now()
		if _, err := db.UpdateUser(cliCtx(), u); err != nil {
			t.Fatal(err)
		}
		if signedIn(v) {
			t.Error("a disabled account is still signed in")
		}

		idle := e.client()
		idle.login("protocol")
		time.Sleep(2500 * time.Millisecond)
		if signedIn(idle) {
			t.Error("the session outlived the idle timeout")
		}
	})
}

// TestSessionCookie checks the cookie's attributes, plain and behind TLS.
func TestSessionCookie(t *testing.T) {
	db := storetest.SQLite(t)
	for _, secure := range []bool{false, true} {
		e := newEnv(t, fresh(t, db), func(c *Config) { c.Secure = secure })
		c := e.client()
		res := c.post("/staff/login", url.Values{"email": {"editor@example.org"}, "password": {testPassword}})
		ck := res.header.Get("Set-Cookie")
		for _, want := range []string{CookieName + "=", "Path=/staff", "HttpOnly", "SameSite=Lax"} {
			if !strings.Contains(ck, want) {
				t.Errorf("secure=%v: cookie %q lacks %q", secure, ck, want)
			}
		}
		if strings.Contains(ck, "Secure") != secure {
			t.Errorf("secure=%v: cookie %q", secure, ck)
		}
		if hsts := res.header.Get("Strict-Transport-Security"); (hsts != "") != secure {
			t.Errorf("secure=%v: HSTS %q", secure, hsts)
		}
	}
}
