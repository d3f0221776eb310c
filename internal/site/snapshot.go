package site

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

// Snapshot holds the registry every request reads. Reads are one atomic
// load; a write publishes the registry it committed, so that the portal and
// the API show it at once.
type Snapshot struct {
	cur     atomic.Pointer[registry.Registry]
	current atomic.Int64 // unix nanoseconds: when cur was last known to match the database
	mu      sync.Mutex   // serialises Publish
}

// NewSnapshot returns a Snapshot holding reg, current as of now.
func NewSnapshot(reg *registry.Registry) *Snapshot {
	s := &Snapshot{}
	s.cur.Store(reg)
	s.MarkCurrent()
	return s
}

// MarkCurrent records that the registry held was just found to match the
// database (a check saw no newer write).
func (s *Snapshot) MarkCurrent() { s.current.Store(time.Now().UnixNano()) }

// Current returns when the registry held was last known to match the
// database: when it was published, or last marked current.
func (s *Snapshot) Current() time.Time { return time.Unix(0, s.current.Load()) }

// Load returns the current registry.
func (s *Snapshot) Load() *registry.Registry { return s.cur.Load() }

// Publish makes reg the current registry, unless the current one has a
// higher revision: two writes may commit in one order and publish in the
// other, and the later commit must win. It reports whether reg was
// published. A registry with the same revision (a settings change alters no
// record's revision) replaces the current one.
func (s *Snapshot) Publish(reg *registry.Registry) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur := s.cur.Load(); cur != nil && cur.Revision() > reg.Revision() {
		return false
	}
	s.cur.Store(reg)
	s.MarkCurrent()
	return true
}
