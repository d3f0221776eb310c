package policy

import (
	"slices"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

func at(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }

func TestComputedFigures(t *testing.T) {
	for _, name := range []string{"diplomatic_missions", "countries_covered", "honorary_consuls", "memberships", "agreements_in_force", registry.FigVisitsThisFiscalYear} {
		if !slices.Contains(ComputedFigures, name) {
			t.Errorf("ComputedFigures lacks %q", name)
		}
	}
	if !slices.Equal(ComputedFigures, registry.FigureNames) {
		t.Errorf("ComputedFigures = %v", ComputedFigures)
	}
}

// TestWeight: a roll-up weight is used when from above 0 to the registry's
// limit; the default (0) and values the registry refuses count as 1.
func TestWeight(t *testing.T) {
	for _, tt := range []struct{ w, want float64 }{
		{0, 1}, {2, 2}, {0.5, 0.5}, {registry.MaxIndicatorWeight, registry.MaxIndicatorWeight},
		{registry.MaxIndicatorWeight + 1, 1}, {-1, 1},
	} {
		if got := weight(tt.w); got != tt.want {
			t.Errorf("weight(%g) = %g, want %g", tt.w, got, tt.want)
		}
	}
}
