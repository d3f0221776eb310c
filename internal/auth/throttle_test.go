package auth

import (
	"math"
	"testing"
	"time"
)

func TestSignInDelay(t *testing.T) {
	const s = time.Second
	for _, tc := range []struct {
		account, address int
		want             time.Duration
	}{
		{0, 0, 0},
		{-5, -5, 0},
		{1, 1, 0},
		{3, 3, 0},
		{4, 0, 1 * s},
		{5, 0, 2 * s},
		{6, 0, 4 * s},
		{7, 0, 8 * s},
		{12, 0, 256 * s},
		{13, 0, 512 * s},
		{14, 0, 15 * time.Minute},
		{15, 0, 15 * time.Minute},
		{1000, 0, 15 * time.Minute},
		{math.MaxInt, 0, 15 * time.Minute},
		{0, 10, 0},
		{0, 11, 1 * s},
		{0, 12, 2 * s},
		{0, 20, 512 * s},
		{0, 21, 15 * time.Minute},
		{0, math.MaxInt, 15 * time.Minute},
		{5, 14, 8 * s}, // the longer of 2 s and 8 s
		{8, 11, 16 * s},
		{3, 10, 0},
	} {
		if got := SignInDelay(tc.account, tc.address); got != tc.want {
			t.Errorf("SignInDelay(%d, %d) = %v, want %v", tc.account, tc.address, got, tc.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	last := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		now   time.Time
		delay time.Duration
		want  time.Duration
	}{
		{last, 0, 0},
		{last, -time.Second, 0},
		{last, 8 * time.Second, 8 * time.Second},
		{last.Add(3 * time.Second), 8 * time.Second, 5 * time.Second},
		{last.Add(8 * time.Second), 8 * time.Second, 0},
		{last.Add(time.Hour), 15 * time.Minute, 0},
		{last.Add(-time.Hour), 8 * time.Second, 8 * time.Second}, // clock stepped back
	} {
		if got := RetryAfter(last, tc.now, tc.delay); got != tc.want {
			t.Errorf("RetryAfter(now=%v, %v) = %v, want %v", tc.now.Sub(last), tc.delay, got, tc.want)
		}
	}
	if got := RetryAfter(time.Time{}, last, 15*time.Minute); got != 0 {
		t.Errorf("RetryAfter with no last failure = %v, want 0", got)
	}
}
