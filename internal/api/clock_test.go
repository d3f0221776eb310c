package api

import (
	"testing"
	"time"
)

// TestCoarseNow checks that the coarse clock is within its second of the
// clock, and moves on.
func TestCoarseNow(t *testing.T) {
	before := time.Now()
	first := coarseNow()
	if d := first.Sub(before); d < -time.Second || d > time.Second {
		t.Fatalf("coarseNow() = %v, %v from time.Now()", first, d)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !coarseNow().After(first) {
		if time.Now().After(deadline) {
			t.Fatalf("coarseNow() still %v after 5 s", first)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got, now := coarseNow(), time.Now(); now.Sub(got) > 2*time.Second || got.After(now.Add(time.Second)) {
		t.Errorf("coarseNow() = %v at %v", got, now)
	}
}
