//go:build unix

package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestLockFile: the lock is exclusive, and a second taker waits until it is
// released or its context ends.
func TestLockFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db.lock")
	unlock, err := lockFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := lockFile(ctx, path); err == nil {
		t.Fatal("a second lock was taken while the first was held")
	}
	got := make(chan error, 1)
	go func() {
		u, err := lockFile(context.Background(), path)
		if err == nil {
			u()
		}
		got <- err
	}()
	unlock()
	if err := <-got; err != nil {
		t.Errorf("the lock, once released: %v", err)
	}
}
