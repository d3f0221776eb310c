package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/store"
)

// TestTwoInstances starts two servers on one database, as two instances
// behind a load balancer, changes a mission from a third process's point of
// view (the store, as a command would), and checks that both serve the change:
// on PostgreSQL within moments (a notification), on SQLite within the
// polling interval.
func TestTwoInstances(t *testing.T) {
	for engine, dsn := range dbs(t) {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var bases []string
			var dones []chan error
			for range 2 { // one after the other: the first seeds the database
				var out, errOut syncBuffer
				done := make(chan error, 1)
				go func() {
					done <- run(ctx, []string{"chancery", "--db", dsn, "serve", "--addr", "127.0.0.1:0"}, noenv, strings.NewReader(""), &out, &errOut)
				}()
				bases = append(bases, waitForURL(t, &errOut, done))
				dones = append(dones, done)
			}

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
