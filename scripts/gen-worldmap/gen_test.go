package main

import (
	"math"
	"strings"
	"testing"
)

func TestSimplify(t *testing.T) {
	tests := []struct {
		name string
		in   []point
		eps  float64
		want int // points kept
	}{
		{"straight line", []point{{0, 0}, {1, 0.01}, {2, 0}, {3, 0.01}, {4, 0}}, 0.5, 2},
		{"corner kept", []point{{0, 0}, {1, 0}, {2, 0}, {2, 1}, {2, 2}}, 0.5, 3},
		{"closed ring", []point{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}, 0.1, 5},
		{"two points", []point{{0, 0}, {1, 1}}, 0.5, 2},
	}
	for _, tt := range tests {
		if got := simplify(tt.in, tt.eps); len(got) != tt.want || got[0] != tt.in[0] || got[len(got)-1] != tt.in[len(tt.in)-1] {
			t.Errorf("%s: kept %v, want %d points with both ends", tt.name, got, tt.want)
		}
	}
}

func TestCutArc(t *testing.T) {
	tests := []struct {
		name   string
		in     []point
		pieces int
		cutLat float64
	}{
		{"no crossing", []point{{170, 10}, {175, 12}}, 1, 0},
		{"east to west", []point{{179, 60}, {-179, 62}}, 2, 61},
		{"along the antimeridian", []point{{180, 10}, {-180, 12}}, 2, 10},
		{"along the south pole", []point{{180, -90}, {-180, -90}}, 1, 0},
	}
	for _, tt := range tests {
		got := cutArc(tt.in)
		if len(got) != tt.pieces {
			t.Errorf("%s: %d pieces %v, want %d", tt.name, len(got), got, tt.pieces)
			continue
		}
		if tt.pieces == 2 {
			end, start := got[0][len(got[0])-1], got[1][0]
			if math.Abs(end.X) != 180 || end.X != -start.X || math.Abs(end.Y-tt.cutLat) > 1e-9 || end.Y != start.Y {
				t.Errorf("%s: cut at %v and %v, want ±180° at %g", tt.name, end, start, tt.cutLat)
			}
		}
	}
}

func TestSplitRing(t *testing.T) {
	// A ring across the map's edge: two points on the right, two on the left.
	r := []point{{995, 10}, {1000, 10}, {0, 10}, {5, 10}, {5, 20}, {0, 20}, {1000, 20}, {995, 20}}
	got := splitRing(r, 1000)
	if len(got) != 2 {
		t.Fatalf("%d rings: %v", len(got), got)
	}
	for _, side := range got {
		minX, maxX := side[0].X, side[0].X
		for _, p := range side {
			minX, maxX = min(minX, p.X), max(maxX, p.X)
		}
		if maxX-minX > 500 {
			t.Errorf("a side spans the map: %v", side)
		}
	}
	plain := []point{{1, 1}, {2, 1}, {2, 2}}
	if got := splitRing(plain, 1000); len(got) != 1 || len(got[0]) != 3 {
		t.Errorf("a ring on one side was split: %v", got)
	}
}

func TestWriteRing(t *testing.T) {
	var b strings.Builder
	writeRing(&b, []point{{10, 20}, {15, 18}, {12, 25}})
	if got, want := b.String(), "M10 20l5-2-3 7z"; got != want {
		t.Errorf("writeRing = %q, want %q", got, want)
	}
}

func TestDedupeAndCentroid(t *testing.T) {
	r := dedupe([]point{{0, 0}, {0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}})
	if len(r) != 4 {
		t.Errorf("dedupe kept %v", r)
	}
	if c := centroid(r); c != (point{1, 1}) {
		t.Errorf("centroid %v", c)
	}
	if a := math.Abs(ringArea(r)); a != 4 {
		t.Errorf("area %g", a)
	}
}
