package worldmap

import (
	"math"
	"testing"
)

// TestEqualEarth checks the projection against the reference points of the
// Equal Earth projection in PROJ (test/gie/more_builtins.gie, "+proj=eqearth
// +R=6378137"), written with the projection's authors (Šavrič, Patterson and
// Jenny 2018) and given there to 1 cm on a sphere of radius 6378137 m.
func TestEqualEarth(t *testing.T) {
	const radius = 6378137.0
	tests := []struct {
		lon, lat float64
		x, y     float64 // metres on the sphere of the reference
	}{
		{0, 0, 0, 0},
		{-180, 90, -10227908.09, 8402320.16},
		{0, 90, 0, 8402320.16},
		{180, 90, 10227908.09, 8402320.16},
		{180, 45, 14795421.79, 5486671.72},
		{180, 0, 17263256.84, 0},
		{-70, -31.2, -6244707.88, -3924893.29},
	}
	for _, tt := range tests {
		x, y := EqualEarth(tt.lon, tt.lat)
		if math.Abs(x*radius-tt.x) > 0.01 || math.Abs(y*radius-tt.y) > 0.01 {
			t.Errorf("EqualEarth(%g, %g) = (%.2f, %.2f) m, want (%.2f, %.2f)", tt.lon, tt.lat, x*radius, y*radius, tt.x, tt.y)
		}
	}
	// The pole on the unit sphere, as PROJ gives it for "+R=1".
	if _, y := EqualEarth(0, -90); math.Abs(y+1.3173627591574) > 1e-12 {
		t.Errorf("south pole at y = %.13f, want -1.3173627591574", y)
	}
}

// TestEqualEarthSymmetry checks that the projection is symmetric about the
// equator and the central meridian, and keeps the order of points.
func TestEqualEarthSymmetry(t *testing.T) {
	for _, p := range [][2]float64{{30, 10}, {120, 60}, {179.9, 89.9}, {1, 1}} {
		x, y := EqualEarth(p[0], p[1])
		nx, ny := EqualEarth(-p[0], -p[1])
		if x != -nx || y != -ny {
			t.Errorf("(%g, %g) -> (%g, %g) but its mirror -> (%g, %g)", p[0], p[1], x, y, nx, ny)
		}
		x2, _ := EqualEarth(p[0]+0.1, p[1])
		_, y2 := EqualEarth(p[0], p[1]+0.05)
		if x2 <= x || y2 <= y {
			t.Errorf("east or north of (%g, %g) does not project east or north", p[0], p[1])
		}
	}
	if EqualEarthMaxX <= 2.70 || EqualEarthMaxX >= 2.71 || EqualEarthMaxY <= 1.317 || EqualEarthMaxY >= 1.318 {
		t.Errorf("bounds %g, %g", EqualEarthMaxX, EqualEarthMaxY)
	}
}
