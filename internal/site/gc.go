package site

import "runtime/debug"

// GCPercent is the garbage collector's target that TuneGC sets: the heap may
// grow to five times what is live before a collection. A server holds its
// registry and page cache live for its whole life and makes a few kilobytes
// of short-lived garbage per request; with Go's default (100) it would
// rescan the live heap every time that much garbage accumulates. At 400 a
// collection comes a quarter as often, for 5 to 10 % less CPU per cached
// request (docs/PERFORMANCE.md), at the cost of a larger heap: about 250 MB
// for a world-scale registry, a few tens of MB for one state's.
const GCPercent = 400

// TuneGC sets the garbage collector's target to GCPercent, unless the
// operator chose one with the GOGC environment variable (getenv("GOGC") is
// not empty). GOMEMLIMIT, when set, still bounds the heap.
func TuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
}
