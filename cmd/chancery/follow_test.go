package main

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/store"
)

// TestTwoInstances starts two servers at once on one empty database, as two
// instances behind a load balancer, signs in on one and uses the session on
// the other, changes a mission from a third process's point of view (the
// store, as a command would), and checks that both serve the change: on
// PostgreSQL within moments (a notification), on SQLite within the polling
// interval.
func TestTwoInstances(t *testing.T) {
	for engine, dsn := range dbs(t) {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			// Both start at once on the empty database: one migrates and
			// seeds it while the other waits for the migration lock, then
			// finds the data there.
			var bases []string
			var dones []chan error
			var logs []*syncBuffer
			for range 2 {
				var out syncBuffer
				errOut := &syncBuffer{}
				done := make(chan error, 1)
				go func() {
					done <- run(ctx, []string{"chancery", "--db", dsn, "serve", "--addr", "127.0.0.1:0"}, noenv, strings.NewReader(""), &out, errOut)
				}()
				dones = append(dones, done)
				logs = append(logs, errOut)
			}
			for i := range dones {
				bases = append(bases, waitForURL(t, logs[i], dones[i]))
			}

			// A staff session opened on one instance works on the other.
			checkSessionAcrossInstances(t, dsn, bases)

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			wctx := audit.WithActor(ctx, audit.Actor{ID: audit.ActorCLI})
			const note = "Changed behind both instances' backs"
			err = db.Write(wctx, func(tx *store.Tx) error {
				ds, err := tx.Load()
				if err != nil {
					return err
				}
				for _, m := range ds.Missions {
					if m.ID == "rw-ke-nairobi" {
						m.Note = note
						return tx.Update(&m)
					}
				}
				t.Fatal("no mission rw-ke-nairobi in the seed data")
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			written := time.Now()
			for i, base := range bases {
				for {
					if res := get(t, base+"api/v1/missions/rw-ke-nairobi"); strings.Contains(res.body, note) {
						t.Logf("instance %d serves the change after %v", i+1, time.Since(written).Round(time.Millisecond))
						break
					}
					if time.Since(written) > 15*time.Second {
						t.Fatalf("instance %d does not serve the change after 15 s", i+1)
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
			cancel()
			for _, done := range dones {
				if err := <-done; err != nil {
					t.Errorf("serve returned %v", err)
				}
			}
		})
	}
}

// checkSessionAcrossInstances adds an editor, signs in on the first
// instance, and checks that the second serves the staff workspace to that
// session (the sessions are in the database), and that signing out on the
// second ends it on the first.
func checkSessionAcrossInstances(t *testing.T, dsn string, bases []string) {
	t.Helper()
	const email, password = "editor@example.org", "a long enough password for the test"
	if _, stderr, err := runIn(t, noenv, password+"\n", "--db", dsn, "user", "add", "--email", email, "--name", "Editor", "--role", "editor"); err != nil {
		t.Fatalf("user add: %v\n%s", err, stderr)
	}
	jar, err := cookiejar.New(nil) // cookies ignore ports: both instances get the session
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(bases[0]+"staff/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/" {
		t.Fatalf("sign in on instance 1: %d -> %q", res.StatusCode, res.Header.Get("Location"))
	}
	dashboard := func(base string) int {
		t.Helper()
		res, err := client.Get(base + "staff/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := dashboard(bases[1]); code != http.StatusOK {
		t.Fatalf("the session of instance 1 on instance 2: %d, want the dashboard (200)", code)
	}
	res, err = client.PostForm(bases[1]+"staff/logout", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if code := dashboard(bases[0]); code == http.StatusOK {
		t.Error("signed out on instance 2, the session still works on instance 1")
	}
}
