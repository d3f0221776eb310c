package store_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestCancelStorm is a regression test for modernc.org/sqlite connections
// left returning SQLITE_INTERRUPT after a cancelled query (gotosocial #2728):
// while some goroutines cancel their reads and writes after 0 to 3 ms, the
// uncancelled ones must all succeed.
func TestCancelStorm(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ds := seeded(t, db)
		deadline := time.Now().Add(time.Second)
		var wg sync.WaitGroup
		var okReads, okWrites, cancelled atomic.Int64
		for i := range 3 {
			wg.Go(func() {
				for time.Now().Before(deadline) {
					ctx, cancel := context.WithTimeout(testCtx(), time.Duration(rand.IntN(3000))*time.Microsecond)
					if i == 0 {
						_ = db.Write(ctx, func(tx *store.Tx) error { return tx.SetSettings(ds.Settings) })
					} else {
						_, _ = db.Load(ctx)
					}
					cancel()
					cancelled.Add(1)
				}
			})
		}
		for range 2 {
			wg.Go(func() {
				for time.Now().Before(deadline) {
					got, err := db.Load(context.Background())
					if err != nil {
						t.Errorf("uncancelled Load: %v", err)
						return
					}
					if len(got.Missions) != len(ds.Missions) {
						t.Errorf("uncancelled Load returned %d missions, want %d", len(got.Missions), len(ds.Missions))
						return
					}
					okReads.Add(1)
				}
			})
		}
		wg.Go(func() {
			s := ds.Settings
			for n := 0; time.Now().Before(deadline); n++ {
				s.NuncioIsDean = n%2 == 0
				err := db.Write(testCtx(), func(tx *store.Tx) error { return tx.SetSettings(s) })
				if err != nil {
					t.Errorf("uncancelled Write: %v", err)
					return
				}
				okWrites.Add(1)
			}
		})
		wg.Wait()
		t.Logf("%d uncancelled reads and %d writes succeeded beside %d cancellable calls", okReads.Load(), okWrites.Load(), cancelled.Load())
		if okReads.Load() == 0 || okWrites.Load() == 0 {
			t.Error("no uncancelled call completed")
		}
		if _, err := db.Load(context.Background()); err != nil {
			t.Errorf("Load after the storm: %v", err)
		}
	})
}
