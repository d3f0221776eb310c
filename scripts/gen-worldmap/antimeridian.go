package main

import "math"

// Natural Earth's 1:50m file has a few rings that cross the antimeridian
// (Russia's Chukotka, Wrangel Island, an island of Fiji): drawn on a plane,
// their edges from 180° to -180° would cross the whole map. The generator
// cuts each such edge at the antimeridian (cutArc), keeps the cut points
// through simplification, and splits the ring into one ring on each side of
// the map (splitRing). Rings around a pole (Antarctica) run along the pole
// line instead, and are left as they are.

// crosses reports whether the edge from p to q (degrees) crosses the
// antimeridian, rather than running along a pole.
func crosses(p, q point) bool {
	return math.Abs(q.X-p.X) > 180 && !(math.Abs(p.Y) > 89.9 && math.Abs(q.Y) > 89.9)
}

// cutArc splits an arc at each crossing of the antimeridian: each piece lies
// on one side, and ends (or starts) on the antimeridian at the latitude of
// the crossing.
func cutArc(pts []point) [][]point {
	var pieces [][]point
	cur := []point{pts[0]}
	for i := 1; i < len(pts); i++ {
		p, q := pts[i-1], pts[i]
		if crosses(p, q) {
			// Unwrap q to p's side and find the latitude at ±180°.
			edge := math.Copysign(180, p.X)
			qx := q.X + math.Copysign(360, p.X)
			lat := p.Y // an edge along the antimeridian itself is cut at p
			if qx != p.X {
				lat += (q.Y - p.Y) * (edge - p.X) / (qx - p.X)
			}
			cur = append(cur, point{edge, lat})
			pieces = append(pieces, cur)
			cur = []point{{-edge, lat}}
		}
		cur = append(cur, q)
	}
	return append(pieces, cur)
}

// splitRing splits a projected ring whose consecutive points jump across
// the map (more than half its width apart) into one ring per side: the runs
// of points between the jumps, joined in order along the map's edge.
func splitRing(r []point, width float64) [][]point {
	jump := func(i int) bool { return math.Abs(r[(i+1)%len(r)].X-r[i].X) > width/2 }
	start := -1
	for i := range r {
		if jump(i) {
			start = (i + 1) % len(r)
			break
		}
	}
	if start < 0 {
		return [][]point{r}
	}
	var east, west []point
	run := []point{}
	flush := func() {
		if len(run) == 0 {
			return
		}
		var sum float64
		for _, p := range run {
			sum += p.X
		}
		if sum/float64(len(run)) < width/2 {
			west = append(west, run...)
		} else {
			east = append(east, run...)
		}
		run = []point{}
	}
	for k := range r {
		i := (start + k) % len(r)
		run = append(run, r[i])
		if jump(i) {
			flush()
		}
	}
	flush()
	var out [][]point
	for _, side := range [][]point{west, east} {
		if len(side) >= 3 {
			out = append(out, side)
		}
	}
	return out
}
