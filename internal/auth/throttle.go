package auth

import "time"

// Sign-in throttling. The store counts, from the audit log, the consecutive
// failed sign-ins of an account and of a client address: the failures since
// the last successful sign-in (of that account, from that address) and
// within FailureWindow. SignInDelay turns the counts into the delay that
// must pass after the last failure before the next attempt is even checked;
// RetryAfter says how much of it remains. An attempt made too early is
// refused without checking the password (and audited like a failure).
const (
	// AccountFreeFailures are the failures of one account allowed without
	// delay: enough for a few typos.
	AccountFreeFailures = 3
	// AddressFreeFailures are the failures from one address allowed without
	// delay, higher because an office may sign in from behind one address.
	AddressFreeFailures = 10
	// FirstSignInDelay is the delay after the first failure beyond the free
	// ones; each further failure doubles it.
	FirstSignInDelay = time.Second
	// MaxSignInDelay caps the delay: an online guesser gets at most about 4
	// guesses an hour per account and per address once throttled, while the
	// account's owner is never locked out for longer.
	MaxSignInDelay = 15 * time.Minute
	// FailureWindow is how far back the store counts failures: an account
	// left alone for a day starts afresh.
	FailureWindow = 24 * time.Hour
)

// SignInDelay returns the delay to impose after the last failed sign-in,
// given the consecutive failures of the account and of the address: the
// longer of the two delays, each being zero up to its free failures, then
// FirstSignInDelay doubling with every failure, capped at MaxSignInDelay. For
// an account: 3 failures free, the 4th 1 s, the 5th 2 s, 4 s, 8 s, … and 15
// min from the 14th on; for an address, the same from its 11th failure.
func SignInDelay(accountFailures, addressFailures int) time.Duration {
	return max(backoff(accountFailures-AccountFreeFailures), backoff(addressFailures-AddressFreeFailures))
}

// backoff returns the delay after n failures beyond the free ones.
func backoff(n int) time.Duration {
	if n <= 0 {
		return 0
	}
	d := FirstSignInDelay
	for i := 1; i < n; i++ {
		d *= 2
		if d >= MaxSignInDelay {
			return MaxSignInDelay
		}
	}
	return min(d, MaxSignInDelay)
}

// RetryAfter returns how long the client must still wait, at now, when the
// last failure was at lastFailure and the delay is delay: zero once the
// delay has passed. A lastFailure after now (a clock stepped back) waits the
// whole delay, never longer.
func RetryAfter(lastFailure, now time.Time, delay time.Duration) (wait time.Duration) {
	if delay <= 0 {
		return 0
	}
	elapsed := now.Sub(lastFailure)
	if elapsed < 0 {
		return delay
	}
	if elapsed >= delay {
		return 0
	}
	return delay - elapsed
}
