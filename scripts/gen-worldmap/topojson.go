package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// topology is the part of a TopoJSON file (the world-atlas layout) that the
// generator reads: quantized, delta-encoded arcs and the countries object.
type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]int `json:"arcs"`
	Objects struct {
		Countries struct {
			Geometries []geometry `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
}

// geometry is a country: an ISO 3166-1 numeric id (absent for land without
// one), its Natural Earth name, and arcs of a Polygon or MultiPolygon.
type geometry struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Arcs       json.RawMessage `json:"arcs"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

// point is a longitude and latitude in degrees, or a point in map units.
type point struct{ X, Y float64 }

// polygon is a list of rings (the first the outer one), each a list of arc
// references: i for arc i, ^i (that is -i-1) for arc i reversed.
type polygon [][]int

// readTopology reads and decodes a TopoJSON file: its arcs as points in
// degrees.
func readTopology(path string) (*topology, [][]point, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	arcs := make([][]point, len(t.Arcs))
	for i, a := range t.Arcs {
		x, y := 0, 0
		pts := make([]point, len(a))
		for j, d := range a {
			x, y = x+d[0], y+d[1]
			pts[j] = point{
				float64(x)*t.Transform.Scale[0] + t.Transform.Translate[0],
				float64(y)*t.Transform.Scale[1] + t.Transform.Translate[1],
			}
		}
		arcs[i] = pts
	}
	return &t, arcs, nil
}

// polygons returns the polygons of a Polygon or MultiPolygon geometry.
func (g geometry) polygons() ([]polygon, error) {
	switch g.Type {
	case "Polygon":
		var p polygon
		if err := json.Unmarshal(g.Arcs, &p); err != nil {
			return nil, err
		}
		return []polygon{p}, nil
	case "MultiPolygon":
		var ps []polygon
		err := json.Unmarshal(g.Arcs, &ps)
		return ps, err
	}
	return nil, fmt.Errorf("%s %q: unexpected geometry type %s", g.ID, g.Properties.Name, g.Type)
}

// ring joins the arcs of a ring into points; each arc starts where the one
// before it ends, so that point is given once.
func ring(arcs [][]point, refs []int) []point {
	var out []point
	for _, r := range refs {
		var a []point
		if r >= 0 {
			a = arcs[r]
		} else {
			src := arcs[^r]
			a = make([]point, len(src))
			for i, p := range src {
				a[len(src)-1-i] = p
			}
		}
		if len(out) > 0 {
			a = a[1:]
		}
		out = append(out, a...)
	}
	return out
}
