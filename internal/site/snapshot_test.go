package site

import (
	"sync"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
)

func regAt(rev int64) *registry.Registry {
	return registry.New(registry.Dataset{People: []registry.Person{{ID: "p", Meta: registry.Meta{Revision: rev}}}})
}

func TestSnapshotPublish(t *testing.T) {
	r1, r2, r2b, r3 := regAt(1), regAt(2), regAt(2), regAt(3)
	s := NewSnapshot(r1)
	steps := []struct {
		publish   *registry.Registry
		published bool
		want      *registry.Registry
	}{
		{r3, true, r3},
		{r2, false, r3}, // an older write finishing late is not shown
		{r3, true, r3},
	}
	for i, st := range steps {
		if got := s.Publish(st.publish); got != st.published || s.Load() != st.want {
			t.Errorf("step %d: Publish = %v, current revision %d; want %v, %d", i, got, s.Load().Revision(), st.published, st.want.Revision())
		}
	}
	s = NewSnapshot(r2)
	if !s.Publish(r2b) || s.Load() != r2b {
		t.Error("a registry of the same revision (a settings change) was not published")
	}
}

// TestSnapshotConcurrent publishes from many goroutines in random order:
// the highest revision must end up current.
func TestSnapshotConcurrent(t *testing.T) {
	s := NewSnapshot(regAt(0))
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Publish(regAt(int64(i)))
			_ = s.Load().Revision()
		}()
	}
	wg.Wait()
	if got := s.Load().Revision(); got != 49 {
		t.Errorf("current revision %d, want 49", got)
	}
}
