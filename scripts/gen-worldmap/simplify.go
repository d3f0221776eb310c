package main

import "math"

// simplify is the Douglas–Peucker algorithm: it keeps the first and last
// points and every point farther than eps from the line through the points
// kept on either side of it. Applied to each arc of a topology, it keeps the
// border of two countries the same on both sides.
func simplify(pts []point, eps float64) []point {
	if len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	// An arc that closes on itself (an island) has no line from first to
	// last point: split it at its farthest point first.
	if pts[0] == pts[len(pts)-1] {
		far, best := 0, -1.0
		for i, p := range pts {
			if d := math.Hypot(p.X-pts[0].X, p.Y-pts[0].Y); d > best {
				far, best = i, d
			}
		}
		keep[far] = true
		dp(pts, 0, far, eps, keep)
		dp(pts, far, len(pts)-1, eps, keep)
	} else {
		dp(pts, 0, len(pts)-1, eps, keep)
	}
	var out []point
	for i, p := range pts {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

func dp(pts []point, first, last int, eps float64, keep []bool) {
	if last-first < 2 {
		return
	}
	a, b := pts[first], pts[last]
	far, best := -1, eps
	for i := first + 1; i < last; i++ {
		if d := segmentDistance(pts[i], a, b); d > best {
			far, best = i, d
		}
	}
	if far < 0 {
		return
	}
	keep[far] = true
	dp(pts, first, far, eps, keep)
	dp(pts, far, last, eps, keep)
}

// segmentDistance is the distance from p to the segment ab.
func segmentDistance(p, a, b point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	if dx == 0 && dy == 0 {
		return math.Hypot(p.X-a.X, p.Y-a.Y)
	}
	t := ((p.X-a.X)*dx + (p.Y-a.Y)*dy) / (dx*dx + dy*dy)
	t = max(0, min(1, t))
	return math.Hypot(p.X-a.X-t*dx, p.Y-a.Y-t*dy)
}

// ringArea is the area of a closed ring (shoelace formula), positive or
// negative by its winding.
func ringArea(pts []point) float64 {
	s := 0.0
	for i := range pts {
		j := (i + 1) % len(pts)
		s += pts[i].X*pts[j].Y - pts[j].X*pts[i].Y
	}
	return s / 2
}

// centroid is the centre of mass of a closed ring; a degenerate ring gives
// the mean of its points.
func centroid(pts []point) point {
	a := ringArea(pts)
	if math.Abs(a) < 1e-12 {
		var c point
		for _, p := range pts {
			c.X += p.X / float64(len(pts))
			c.Y += p.Y / float64(len(pts))
		}
		return c
	}
	var cx, cy float64
	for i := range pts {
		j := (i + 1) % len(pts)
		f := pts[i].X*pts[j].Y - pts[j].X*pts[i].Y
		cx += (pts[i].X + pts[j].X) * f
		cy += (pts[i].Y + pts[j].Y) * f
	}
	return point{cx / (6 * a), cy / (6 * a)}
}
