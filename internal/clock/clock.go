// Package clock holds the coarse clock that the portal and the API judge
// "today" by.
package clock

import (
	"sync"
	"sync/atomic"
	"time"
)

// Coarse returns the current time in UTC to within about a second: a
// background goroutine, started on first use and kept for the process's
// life, reads the clock once a second. It is for answers that need only the
// day, which a cached response would otherwise pay two clock reads for. The
// day it gives changes at most a second after midnight UTC, at the same
// moment for every caller in the process.
func Coarse() time.Time {
	coarse.once.Do(func() {
		coarse.unixNano.Store(time.Now().UnixNano())
		go func() {
			for t := range time.Tick(time.Second) {
				coarse.unixNano.Store(t.UnixNano())
			}
		}()
	})
	return time.Unix(0, coarse.unixNano.Load()).UTC()
}

var coarse struct {
	once     sync.Once
	unixNano atomic.Int64
}
