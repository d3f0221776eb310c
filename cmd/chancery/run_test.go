package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
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
	var out, errOut syncBuffer
	err = run(t.Context(), append([]string{"chancery"}, args...), getenv, &out, &errOut)
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
				done <- run(ctx, []string{"chancery", "--db", dsn, "serve", "--addr", "127.0.0.1:0"}, noenv, &out, &errOut)
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

			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve returned %v after cancel", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop")
			}
		})
	}
}

var urlRE = regexp.MustCompile(`url=(http://\S+/)`)

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
