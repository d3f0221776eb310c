package policy

import (
	"slices"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
)

// TestValuesAgreeWithRegistry: the registry validates indicators with its
// own value lists; package policy's typed lists hold the same values, in
// the same order.
func TestValuesAgreeWithRegistry(t *testing.T) {
	names := func(vs any) []string {
		var out []string
		switch vs := vs.(type) {
		case []Measure:
			for _, v := range vs {
				out = append(out, string(v))
			}
		case []Direction:
			for _, v := range vs {
				out = append(out, string(v))
			}
		}
		return out
	}
	for _, tt := range []struct {
		name      string
		got, want []string
	}{
		{"Measures", names(Measures), registry.IndicatorMeasures},
		{"Directions", names(Directions), registry.IndicatorDirections},
		{"ComputedFigures", ComputedFigures, registry.FigureNames},
	} {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s = %v, registry has %v", tt.name, tt.got, tt.want)
		}
	}
}
