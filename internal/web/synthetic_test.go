package web

import (
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/synthetic"
)

// TestSyntheticNotice checks that every page says so when the registry holds
// invented data (chancery demo world), and that real data carries no notice.
func TestSyntheticNotice(t *testing.T) {
	seedReg, _ := seed(t)
	world := registry.New(synthetic.World(seedReg.Dataset().Countries, synthetic.Options{}))
	for _, tt := range []struct {
		name string
		reg  *registry.Registry
		want bool
	}{
		{"seed", seedReg, false},
		{"synthetic world", world, true},
	} {
		s := New(func() *registry.Registry { return tt.reg }, nil)
		s.today = func() registry.Date { return testDay }
		for _, path := range []string{"/en/", "/fr/missions", "/sw/countries/KE", "/rw/diplomatic-list"} {
			r := get(t, s, path)
			if got := strings.Contains(r.body, `id="synthetic"`); r.status != 200 || got != tt.want {
				t.Errorf("%s %s: status %d, notice %v; want 200, %v", tt.name, path, r.status, got, tt.want)
			}
		}
	}
}
