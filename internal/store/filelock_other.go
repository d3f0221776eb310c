//go:build !unix

package store

import "context"

// lockFile takes no lock where flock(2) does not exist: there, instances
// sharing one SQLite file must not start at the same time.
func lockFile(context.Context, string) (func(), error) { return func() {}, nil }
