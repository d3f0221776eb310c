package clock

import (
	"testing"
	"time"
)

// TestCoarse checks that the coarse clock is in UTC, within its second of
// the clock, and moves on.
func TestCoarse(t *testing.T) {
	before := time.Now()
	first := Coarse()
	if first.Location() != time.UTC {
		t.Errorf("Coarse() is in %v, want UTC", first.Location())
	}
	if d := first.Sub(before); d < -time.Second || d > time.Second {
		t.Fatalf("Coarse() = %v, %v from time.Now()", first, d)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !Coarse().After(first) {
		if time.Now().After(deadline) {
			t.Fatalf("Coarse() still %v after 5 s", first)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got, now := Coarse(), time.Now(); now.Sub(got) > 2*time.Second || got.After(now.Add(time.Second)) {
		t.Errorf("Coarse() = %v at %v", got, now)
	}
}
