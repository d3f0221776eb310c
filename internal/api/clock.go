package api

import (
	"sync"
	"sync/atomic"
	"time"
)

// coarseNow returns the current time to within about a second: a background
// goroutine, started on first use and kept for the process's life, reads
// the clock once a second. It is the clock of the routes judged at today,
// which need only the day: reading the clock itself would cost each cached
// answer two clock reads. The day it gives changes at most a second after
// midnight UTC.
func coarseNow() time.Time {
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
