package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/report/pdftext"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func noenv(string) string { return "" }

// runCmd runs chancery with args and returns its output and error.
func runCmd(t *testing.T, getenv func(string) string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runIn(t, getenv, "", args...)
}

// runIn runs chancery with args and stdin as its standard input.
func runIn(t *testing.T, getenv func(string) string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut syncBuffer
	err = run(t.Context(), append([]string{"chancery"}, args...), getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// dbs returns the databases to run on: a SQLite file, and PostgreSQL when
// CHANCERY_TEST_POSTGRES is set.
func dbs(t *testing.T) map[string]string {
	m := map[string]string{"sqlite": filepath.Join(t.TempDir(), "chancery.db")}
	if dsn := storetest.PostgresDSN(t); dsn != "" {
		m["postgres"] = dsn
	}
	return m
}

func TestServe(t *testing.T) {
	for engine, dsn := range dbs(t) {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			var out, errOut syncBuffer
			done := make(chan error, 1)
			go func() {
				done <- run(ctx, []string{"chancery", "--db", dsn, "serve", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"}, noenv, strings.NewReader(""), &out, &errOut)
			}()
			base := waitForURL(t, &errOut, done)

			res := get(t, base+"healthz")
			if res.status != 200 || res.body != "ok\n" {
				t.Errorf("/healthz = %d %q", res.status, res.body)
			}
			// / sends the browser to the home page in its language.
			noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			req, _ := http.NewRequest("GET", base, nil)
			req.Header.Set("Accept-Language", "fr-FR,fr;q=0.9")
			if r, err := noFollow.Do(req); err != nil {
				t.Fatal(err)
			} else if r.Body.Close(); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/fr/" {
				t.Errorf("GET / (French browser) = %d -> %q, want 303 -> /fr/", r.StatusCode, r.Header.Get("Location"))
			}
			res = get(t, base)
			if res.status != 200 || !strings.Contains(res.body, `<html lang="en">`) ||
				!strings.Contains(res.body, `id="fig-diplomatic_missions"`) || !strings.Contains(res.body, "Rwanda") {
				t.Errorf("/ = %d, body without the figures:\n%.500s", res.status, res.body)
			}
			if res = get(t, base+"fr/countries/KE"); res.status != 200 || !strings.Contains(res.body, `href="/fr/missions/rw-ke-nairobi"`) {
				t.Errorf("/fr/countries/KE = %d, without Rwanda's mission in Nairobi", res.status)
			}
			if res = get(t, base+"en/?as_of=2010-02-30"); res.status != 400 || !strings.Contains(res.body, "is not a date") {
				t.Errorf("bad as_of: %d %q", res.status, res.body)
			}
			if !strings.Contains(errOut.String(), "empty database: loading the seed data set") {
				t.Errorf("serve did not log that it seeded the database:\n%s", errOut.String())
			}
			if !strings.Contains(errOut.String(), "No admin account exists yet") ||
				!strings.Contains(errOut.String(), "user add --email you@example.org --name \"Your Name\" --role admin") {
				t.Errorf("serve did not say how to create the first admin:\n%s", errOut.String())
			}

			// Metrics on their own address, counting the requests above.
			m := metricsRE.FindStringSubmatch(errOut.String())
			if m == nil {
				t.Fatalf("serve did not log its metrics address:\n%s", errOut.String())
			}
			if res = get(t, m[1]); res.status != 200 ||
				!strings.Contains(res.body, `chancery_http_request_duration_seconds_count{method="GET",route="GET /healthz",status="200"} 1`) {
				t.Errorf("GET %s = %d, without the /healthz request:\n%.2000s", m[1], res.status, res.body)
			}
			for _, name := range []string{"chancery_snapshot_revision ", "chancery_snapshot_age_seconds ",
				"chancery_db_open_connections ", "chancery_audit_chain_length "} {
				if !strings.Contains(res.body, "\n"+name) {
					t.Errorf("GET %s lacks %s", m[1], name)
				}
			}
			// The staff workspace is served, and the readiness check passes.
			if res = get(t, base+"staff/login"); res.status != 200 || !strings.Contains(res.body, `name="password"`) {
				t.Errorf("/staff/login = %d, without the sign-in form", res.status)
			}
			if res = get(t, base+"readyz"); res.status != 200 {
				t.Errorf("/readyz = %d %q", res.status, res.body)
			}
			// The policy: five pillars with their objectives, and the annual
			// report of the current fiscal year as HTML, PDF and CSV, with
			// the indicators of data/indicators.csv, read from the database.
			checkPolicyPages(t, base)

			// The API takes writes, from a bearer token only.
			if r, err := http.Post(base+"api/v1/persons", "application/json", strings.NewReader(`{"id":"x"}`)); err != nil {
				t.Fatal(err)
			} else if r.Body.Close(); r.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("POST /api/v1/persons without a token = %d %q, want 401 Bearer", r.StatusCode, r.Header.Get("WWW-Authenticate"))
			}
			if res = get(t, base+"metrics"); res.status != 404 {
				t.Errorf("/metrics on the public address = %d, want 404", res.status)
			}

			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve returned %v after cancel", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop")
			}
			// The log is JSON lines (beside the plain-text first-admin
			// banner), one per request among them, flushed at shutdown.
			var requests int
			for _, line := range strings.Split(strings.TrimSpace(errOut.String()), "\n") {
				if !strings.HasPrefix(line, "{") {
					continue
				}
				var v struct{ Msg, Path string }
				if err := json.Unmarshal([]byte(line), &v); err != nil {
					t.Errorf("log line is not JSON: %q", line)
				}
				if v.Msg == "request" && v.Path == "/healthz" {
					requests++
				}
			}
			if requests != 1 {
				t.Errorf("%d log lines for the /healthz request, want 1", requests)
			}
		})
	}
}

// metricsRE finds the metrics address serve logs.
var metricsRE = regexp.MustCompile(`"url":"(http://[^\s"]+/metrics)"`)

// urlRE finds the address serve logs, in a text or a JSON log line.
var urlRE = regexp.MustCompile(`"?url"?[=:]"?(http://[^\s"]+/)`)

func waitForURL(t *testing.T, logs *syncBuffer, done chan error) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := urlRE.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start:\n%s", logs.String())
	return ""
}

type response struct {
	status int
	body   string
}

func get(t *testing.T, url string) response {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, string(b)}
}

// checkPolicyPages checks the policy page and the current fiscal year's
// annual report of the site at base, as served with the seed data.
func checkPolicyPages(t *testing.T, base string) {
	t.Helper()
	// The seed's framework and indicators, as the served database holds them.
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	fw := policy.FrameworkFromDataset(&ds, registry.Today())
	if fw == nil {
		t.Fatal("the seed data set has no policy in force today")
	}
	res := get(t, base+"en/policy")
	if res.status != 200 {
		t.Fatalf("/en/policy = %d", res.status)
	}
	for _, p := range fw.Pillars {
		if !strings.Contains(res.body, `id="pillar-`+p.ID+`"`) {
			t.Errorf("/en/policy lacks pillar %s", p.ID)
		}
		for _, o := range p.Objectives {
			if !strings.Contains(res.body, `id="objective-`+o.ID+`"`) {
				t.Errorf("/en/policy lacks objective %s", o.ID)
			}
		}
	}
	fy := policy.FiscalYearOf(time.Now().UTC(), time.July).String() // the seed's fiscal year starts in July
	r, err := http.Get(base + "en/policy/report")                   // redirected to the current year
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || r.Request.URL.Path != "/en/policy/report/"+fy || !strings.Contains(string(html), fy) {
		t.Errorf("/en/policy/report = %d at %s, want the report of %s", r.StatusCode, r.Request.URL.Path, fy)
	}
	inds, err := policy.IndicatorsFromDataset(&ds)
	if err != nil || len(inds) == 0 {
		t.Fatalf("the seed's indicators: %d, %v", len(inds), err)
	}
	for _, ind := range inds {
		if !strings.Contains(string(html), ind.Title.EN) {
			t.Errorf("the report lacks indicator %s", ind.ID)
		}
	}
	for _, c := range []struct{ suffix, prefix string }{{".pdf", "%PDF-"}, {".csv", "pillar,"}} {
		r, err := http.Get(base + "en/policy/report/" + fy + c.suffix)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 200 || !strings.HasPrefix(string(b), c.prefix) {
			t.Errorf("/en/policy/report/%s%s = %d %q, want a body starting %q", fy, c.suffix, r.StatusCode, b[:min(len(b), 20)], c.prefix)
			continue
		}
		if c.suffix == ".pdf" {
			text := pdftext.Flatten(pdftext.Text(t, b))
			for _, want := range append([]string{fy}, pillarTitles(fw)...) {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF report lacks %q", want)
				}
			}
		}
	}
	if res := get(t, base+"api/v1/policy/report/"+fy); res.status != 200 || !strings.Contains(res.body, `"fiscal_year":"`+fy+`"`) {
		t.Errorf("/api/v1/policy/report/%s = %d %.200s", fy, res.status, res.body)
	}
}

func pillarTitles(fw *policy.Framework) []string {
	var out []string
	for _, p := range fw.Pillars {
		out = append(out, p.Title.EN)
	}
	return out
}

func TestFiguresCommand(t *testing.T) {
	for engine, dsn := range dbs(t) {
		t.Run(engine, func(t *testing.T) {
			out, _, err := runCmd(t, noenv, "--db", dsn, "figures", "--as-of", "2026-06-30", "--json")
			if err != nil {
				t.Fatal(err)
			}
			var f registry.Figures
			if err := json.Unmarshal([]byte(out), &f); err != nil {
				t.Fatalf("figures --json: %v\n%s", err, out)
			}
			dm, ok := f.Get(registry.FigDiplomaticMissions)
			if f.Home != "RW" || f.AsOf.String() != "2026-06-30" || !ok || dm.Value == 0 || dm.Declared == nil || dm.Declared.Value != 49 {
				t.Errorf("figures = %+v", f)
			}
			// The table form names every figure, and CHANCERY_DB is honoured.
			env := func(k string) string {
				if k == "CHANCERY_DB" {
					return dsn
				}
				return ""
			}
			out, _, err = runCmd(t, env, "figures", "--as-of", "2026-06-30")
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range registry.FigureNames {
				if !strings.Contains(out, name) {
					t.Errorf("table lacks %s:\n%s", name, out)
				}
			}
			// An earlier date gives smaller numbers.
			out, _, err = runCmd(t, noenv, "--db", dsn, "figures", "--as-of", "2000-01-01", "--json")
			if err != nil {
				t.Fatal(err)
			}
			var old registry.Figures
			if err := json.Unmarshal([]byte(out), &old); err != nil {
				t.Fatal(err)
			}
			if odm, _ := old.Get(registry.FigDiplomaticMissions); odm.Value >= dm.Value {
				t.Errorf("missions in 2000 = %d, not fewer than in 2026 (%d)", odm.Value, dm.Value)
			}
		})
	}
}

func TestSeedIsIdempotent(t *testing.T) {
	for engine, dsn := range dbs(t) {
		t.Run(engine, func(t *testing.T) {
			_, logs, err := runCmd(t, noenv, "--db", dsn, "seed")
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(logs, "inserted=0 ") {
				t.Fatalf("first seed inserted nothing:\n%s", logs)
			}
			_, logs, err = runCmd(t, noenv, "--db", dsn, "seed")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(logs, "inserted=0 ") {
				t.Errorf("second seed inserted records:\n%s", logs)
			}
			if _, _, err := runCmd(t, noenv, "--db", dsn, "migrate"); err != nil {
				t.Errorf("migrate on a migrated database: %v", err)
			}
		})
	}
}

func TestCommandLineErrors(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "c.db")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--db", dsn, "figures", "--as-of", "2026-02-30"}, `--as-of: "2026-02-30" is not a date`},
		{[]string{"--db", dsn, "figures", "--as-of", "2026"}, `--as-of: "2026" is not a date`},
		{[]string{"--db", dsn, "frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"--db", dsn, "figures", "extra"}, `figures: unexpected argument "extra"`},
		{[]string{"--db", dsn, "serve", "--port", "1"}, "serve: flag provided but not defined: -port"},
		{[]string{"--db", dsn, "serve", "--trusted-proxies", "10.0.0.0/8,proxy.internal"}, `--trusted-proxies: "proxy.internal" is not an IP address`},
		{[]string{"--db", dsn, "serve", "--trusted-proxies", "10.0.0.0/33"}, `--trusted-proxies: "10.0.0.0/33"`},
		{[]string{"--db", dsn, "serve", "--public-url", "mfa.example.org"}, `--public-url: "mfa.example.org" is not an http or https address`},
		{[]string{"--db", dsn, "serve", "--public-url", "ftp://mfa.example.org"}, `--public-url: "ftp://mfa.example.org"`},
		{[]string{"--db", dsn, "serve", "--public-url", "https://mfa.example.org/?x=1"}, `--public-url: "https://mfa.example.org/?x=1"`},
		{[]string{"--db", ""}, "--db: must not be empty"},
		{[]string{"--nope"}, "flag provided but not defined: -nope"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := runCmd(t, noenv, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 2 {
				t.Errorf("err = %v (exit %d), want a usage error containing %q", err, exitCode(err), tt.want)
			}
		})
	}
}

func TestVersionAndHelp(t *testing.T) {
	out, _, err := runCmd(t, noenv, "version")
	if err != nil || !strings.HasPrefix(out, "chancery ") {
		t.Errorf("version: %q, %v", out, err)
	}
	out, _, err = runCmd(t, noenv, "--help")
	if err != nil || !strings.Contains(out, "figures") {
		t.Errorf("--help: %q, %v", out, err)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h:5432/db": "postgres://u:xxxxx@h:5432/db",
		"postgres://u@h/db":             "postgres://u@h/db",
		"chancery.db":                   "chancery.db",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

const testPassword = "correct horse battery staple"

func TestUserCommands(t *testing.T) {
	for engine, dsn := range dbs(t) {
		t.Run(engine, func(t *testing.T) {
			ok := func(stdin string, args ...string) string {
				t.Helper()
				out, logs, err := runIn(t, noenv, stdin, append([]string{"--db", dsn}, args...)...)
				if err != nil {
					t.Fatalf("%v: %v\n%s", args, err, logs)
				}
				if strings.Contains(out+logs, strings.TrimSpace(stdin)) && stdin != "" {
					t.Errorf("%v echoed the password", args)
				}
				return out
			}
			fails := func(stdin, want string, args ...string) {
				t.Helper()
				_, _, err := runIn(t, noenv, stdin, append([]string{"--db", dsn}, args...)...)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("%v: err = %v, want one containing %q", args, err, want)
				}
			}
			out := ok(testPassword+"\n", "user", "add", "--email", "Admin@Example.org", "--name", "Ada O'Admin", "--role", "admin")
			if !strings.Contains(out, "created user 1: admin@example.org (admin)") {
				t.Errorf("user add: %q", out)
			}
			ok(testPassword+"\r\n", "user", "add", "--email", "officer@example.org", "--name", "Otto Officer",
				"--role", "mission_officer", "--mission", "rw-ke-nairobi")
			out = ok("", "user", "list")
			for _, want := range []string{"admin@example.org", "Ada O'Admin", "officer@example.org", "mission_officer", "rw-ke-nairobi", "active"} {
				if !strings.Contains(out, want) {
					t.Errorf("user list lacks %q:\n%s", want, out)
				}
			}

			// The stored password is the one given, without the line end.
			db, err := store.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			checkPassword := func(email, pw string) bool {
				t.Helper()
				u, err := db.UserByEmail(t.Context(), email)
				if err != nil {
					t.Fatal(err)
				}
				ok, err := auth.CheckPassword(u.PasswordHash, pw)
				if err != nil {
					t.Fatal(err)
				}
				return ok
			}
			if !checkPassword("officer@example.org", testPassword) {
				t.Error("the officer's password does not check")
			}

			fails("", "the password read from standard input is empty", "user", "add", "--email", "x@example.org", "--name", "X", "--role", "viewer")
			fails("short\n", "at least 12 characters", "user", "add", "--email", "x@example.org", "--name", "X", "--role", "viewer")
			fails(testPassword, "already the email of another account", "user", "add", "--email", "ADMIN@example.org", "--name", "X", "--role", "viewer")
			fails(testPassword, "not an email address", "user", "add", "--email", "not-an-email", "--name", "X", "--role", "viewer")
			fails(testPassword, `no mission has the id "nowhere"`, "user", "add", "--email", "x@example.org", "--name", "X",
				"--role", "mission_officer", "--mission", "nowhere")
			fails("", "last active admin", "user", "set-role", "--email", "admin@example.org", "--role", "editor")
			fails("", "last active admin", "user", "disable", "--email", "admin@example.org")
			fails("", `no account has the email "nobody@example.org"`, "user", "disable", "--email", "nobody@example.org")

			out = ok("", "user", "set-role", "--email", "officer@example.org", "--role", "editor")
			if !strings.Contains(out, "officer@example.org is now editor") {
				t.Errorf("set-role: %q", out)
			}
			ok("", "user", "disable", "--email", "officer@example.org")
			if u, _ := db.UserByEmail(t.Context(), "officer@example.org"); !u.Disabled() || u.Role != auth.Editor || u.SessionEpoch != 1 {
				t.Errorf("after set-role and disable: %+v", u)
			}
			if out := ok("", "user", "list"); !strings.Contains(out, "disabled") {
				t.Errorf("user list does not show the disabled account:\n%s", out)
			}
			ok("", "user", "enable", "--email", "officer@example.org")
			ok("a new long passphrase\n", "user", "reset-password", "--email", "officer@example.org")
			if !checkPassword("officer@example.org", "a new long passphrase") || checkPassword("officer@example.org", testPassword) {
				t.Error("reset-password did not set the new password")
			}

			// Every change is in the audit log, by the command line.
			out = ok("", "audit", "verify")
			if !regexp.MustCompile(`audit log verified: \d+ entries; last entry \d+ at \S+, hash [0-9a-f]{64}`).MatchString(out) {
				t.Errorf("audit verify: %q", out)
			}
			h, err := db.AuditEntries(t.Context(), audit.EntityUser, "2")
			if err != nil || len(h) != 5 || h[0].Actor != "cli" || h[0].Action != audit.ActionUserAdd {
				t.Errorf("the officer's history: %+v, %v", h, err)
			}
			for _, e := range h {
				if strings.Contains(string(e.Before)+string(e.After), "argon2") {
					t.Errorf("entry %d holds a password hash", e.Seq)
				}
			}

			// One changed byte makes audit verify fail, naming the entry.
			last, _, err := db.LastAuditEntry(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			target := last.Seq - 2
			raw := rawDB(t, dsn)
			lift := "DROP TRIGGER audit_log_no_update"
			if db.Engine() == store.Postgres {
				lift = "ALTER TABLE audit_log DISABLE TRIGGER USER"
			}
			if _, err := raw.ExecContext(t.Context(), lift); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.ExecContext(t.Context(), "UPDATE audit_log SET actor = 'clj' WHERE seq = $1", target); err != nil {
				t.Fatal(err)
			}
			out, _, err = runIn(t, noenv, "", "--db", dsn, "audit", "verify")
			want := fmt.Sprintf("the chain breaks at entry %d", target)
			if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), want) || !strings.Contains(out, "BROKEN") {
				t.Errorf("audit verify after tampering: %q, %v; want exit 1 and %q", out, err, want)
			}
		})
	}
}

func TestUserCommandLineErrors(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "c.db")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"user"}, "user: want a subcommand"},
		{[]string{"user", "remove"}, `user: unknown subcommand "remove"`},
		{[]string{"user", "add", "--name", "N", "--role", "viewer"}, "user add: --email is required"},
		{[]string{"user", "add", "--email", "a@example.org", "--role", "viewer"}, "user add: --name is required"},
		{[]string{"user", "add", "--email", "a@example.org", "--name", "N"}, "user add: --role is required"},
		{[]string{"user", "add", "--email", "a@example.org", "--name", "N", "--role", "root"}, `--role: "root" is not a role`},
		{[]string{"user", "add", "--email", "a@example.org", "--name", "N", "--role", "mission_officer"}, "--mission is required for a mission officer"},
		{[]string{"user", "set-role", "--email", "a@example.org", "--role", "viewer", "--mission", "m"}, "--mission is only for a mission officer"},
		{[]string{"user", "list", "extra"}, `user list: unexpected argument "extra"`},
		{[]string{"user", "disable"}, "user disable: --email is required"},
		{[]string{"user", "add", "--password", "x"}, "flag provided but not defined: -password"},
		{[]string{"audit"}, "audit: want a subcommand: verify"},
		{[]string{"audit", "fix"}, `audit: unknown subcommand "fix"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := runIn(t, noenv, testPassword, append([]string{"--db", dsn}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 2 {
				t.Errorf("err = %v (exit %d), want a usage error containing %q", err, exitCode(err), tt.want)
			}
		})
	}
}

func TestPasswordFromTerminalRefused(t *testing.T) {
	tty, err := os.Open(os.DevNull) // a character device, as a terminal is
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	if _, err := readPassword(tty); err == nil || !strings.Contains(err.Error(), "terminal") {
		t.Errorf("readPassword(a character device): err = %v, want a refusal", err)
	}
}

// rawDB opens the database dsn without the store, as someone tampering
// with it would.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
