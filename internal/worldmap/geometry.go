// Package worldmap draws the world as server-rendered SVG: every country a
// shape (or, where it is too small to see or missing from the source, a
// circle marker), shaded by a class the caller chooses, each a link with an
// accessible name.
//
// The geometry is Natural Earth's 1:50m countries (public domain), read from
// the npm package world-atlas, projected with Equal Earth (EqualEarth),
// simplified and written once by scripts/gen-worldmap into data/world.txt,
// which is embedded. Areas that Natural Earth draws apart but that have no
// ISO 3166 code (Somaliland, Northern Cyprus, the Siachen glacier) are kept as
// neutral areas: drawn, never labelled or linked, never given to a state.
package worldmap

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// Kind is what a feature of the map is.
type Kind uint8

const (
	// Shape is a country or area drawn as its outline.
	Shape Kind = iota + 1
	// Marker is a country or area drawn as a circle at a point: too small
	// to see at the map's scale, or missing from the source.
	Marker
	// Area is a piece of land without an ISO 3166 code, drawn neutral.
	Area
)

// Box is a rectangle in map units: x grows eastwards, y southwards.
type Box struct{ MinX, MinY, MaxX, MaxY int }

// Empty reports whether the box holds no point.
func (b Box) Empty() bool { return b.MaxX < b.MinX || b.MaxY < b.MinY }

func (b Box) add(x, y int) Box {
	if b.Empty() {
		return Box{x, y, x, y}
	}
	return Box{min(b.MinX, x), min(b.MinY, y), max(b.MaxX, x), max(b.MaxY, y)}
}

// Union returns the smallest box holding both.
func (b Box) Union(o Box) Box {
	if b.Empty() {
		return o
	}
	if o.Empty() {
		return b
	}
	return Box{min(b.MinX, o.MinX), min(b.MinY, o.MinY), max(b.MaxX, o.MaxX), max(b.MaxY, o.MaxY)}
}

// Overlaps reports whether the boxes share a point.
func (b Box) Overlaps(o Box) bool {
	return !b.Empty() && !o.Empty() && b.MinX <= o.MaxX && o.MinX <= b.MaxX && b.MinY <= o.MaxY && o.MinY <= b.MaxY
}

var emptyBox = Box{0, 0, -1, -1}

// Feature is one country, or one area without a code, on the map.
type Feature struct {
	// Code is the ISO 3166-1 alpha-2 code of a shape or marker, or a short
	// name of an area ("somaliland").
	Code string
	Kind Kind
	// Path is the SVG path data of a shape or area, in map units.
	Path string
	// X and Y are a marker's centre, and a shape's label point.
	X, Y int
	Box  Box
}

// Map is the world in one projection: the features in the order they are
// drawn (areas, then shapes, then markers, each by code).
type Map struct {
	Width, Height int
	Source        string // where the geometry comes from, as the data file says
	Features      []Feature
	index         map[string]int
}

// Feature returns the feature of an ISO code, or nil.
func (m *Map) Feature(code string) *Feature {
	if i, ok := m.index[code]; ok {
		return &m.Features[i]
	}
	return nil
}

//go:embed data/world.txt
var worldData string

// World returns the embedded world map, parsed on first use. It panics if
// the embedded file is malformed (the package's tests read it).
var World = sync.OnceValue(func() *Map {
	m, err := Parse(strings.NewReader(worldData))
	if err != nil {
		panic(err)
	}
	return m
})

// Parse reads a map in the format scripts/gen-worldmap writes: one record a
// line, "#" comments, and
//
//	chancery-worldmap 1
//	source TEXT
//	size WIDTH HEIGHT
//	shape CODE X Y PATH    (a country: its label point and outline)
//	area NAME X Y PATH     (land without an ISO code)
//	marker CODE X Y        (a country drawn as a circle)
//
// PATH holds only absolute moves (M), relative lines (l) and closes (z),
// with integer coordinates.
func Parse(r io.Reader) (*Map, error) {
	m := &Map{index: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	line, header := 0, false
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || text[0] == '#' {
			continue
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("worldmap: line %d: %s", line, fmt.Sprintf(format, args...))
		}
		fields := strings.SplitN(text, " ", 5)
		if !header {
			if text != "chancery-worldmap 1" {
				return nil, fail("want the header %q", "chancery-worldmap 1")
			}
			header = true
			continue
		}
		switch fields[0] {
		case "source":
			m.Source = strings.TrimPrefix(text, "source ")
		case "size":
			if len(fields) != 3 {
				return nil, fail("size wants a width and a height")
			}
			w, errW := strconv.Atoi(fields[1])
			h, errH := strconv.Atoi(fields[2])
			if errW != nil || errH != nil || w <= 0 || h <= 0 {
				return nil, fail("bad size %q", text)
			}
			m.Width, m.Height = w, h
		case "shape", "area", "marker":
			want := 5
			if fields[0] == "marker" {
				want = 4
			}
			if len(fields) != want {
				return nil, fail("%s wants %d fields", fields[0], want-1)
			}
			f := Feature{Code: fields[1], Kind: Shape, Box: emptyBox}
			var errX, errY error
			f.X, errX = strconv.Atoi(fields[2])
			f.Y, errY = strconv.Atoi(fields[3])
			if errX != nil || errY != nil {
				return nil, fail("bad point %q %q", fields[2], fields[3])
			}
			switch fields[0] {
			case "marker":
				f.Kind = Marker
				f.Box = Box{f.X, f.Y, f.X, f.Y}
			case "area":
				f.Kind = Area
			}
			if f.Kind != Marker {
				box, err := pathBox(fields[4])
				if err != nil {
					return nil, fail("%s %s: %v", fields[0], f.Code, err)
				}
				f.Path, f.Box = fields[4], box
			}
			if _, dup := m.index[f.Code]; dup {
				return nil, fail("%s is on the map twice", f.Code)
			}
			m.index[f.Code] = len(m.Features)
			m.Features = append(m.Features, f)
		default:
			return nil, fail("unknown record %q", fields[0])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("worldmap: %w", err)
	}
	if !header || m.Width == 0 {
		return nil, fmt.Errorf("worldmap: no header or no size")
	}
	return m, nil
}

// pathBox checks path data of the form the generator writes and returns its
// bounds.
func pathBox(d string) (Box, error) {
	box := emptyBox
	x, y := 0, 0
	cmd := byte(0)
	var nums [2]int
	n := 0
	open := false
	for i := 0; i < len(d); {
		c := d[i]
		switch {
		case c == 'M' || c == 'l':
			if n != 0 {
				return box, fmt.Errorf("odd number of coordinates before %q at %d", c, i)
			}
			if c == 'l' && !open {
				return box, fmt.Errorf("line without a move at %d", i)
			}
			cmd, open = c, true
			i++
		case c == 'z':
			if n != 0 || !open {
				return box, fmt.Errorf("bad close at %d", i)
			}
			cmd, open = 0, false
			i++
		case c == ' ':
			i++
		case c == '-' || c >= '0' && c <= '9':
			if cmd == 0 {
				return box, fmt.Errorf("number without a command at %d", i)
			}
			j := i + 1
			for j < len(d) && d[j] >= '0' && d[j] <= '9' {
				j++
			}
			v, err := strconv.Atoi(d[i:j])
			if err != nil {
				return box, fmt.Errorf("bad number %q", d[i:j])
			}
			nums[n] = v
			n++
			i = j
			if n == 2 {
				if cmd == 'M' {
					x, y = nums[0], nums[1]
					cmd = 0 // the generator writes one point after M
				} else {
					x, y = x+nums[0], y+nums[1]
				}
				box = box.add(x, y)
				n = 0
			}
		default:
			return box, fmt.Errorf("unexpected %q at %d", c, i)
		}
	}
	if n != 0 || open || box.Empty() {
		return box, fmt.Errorf("path not closed, or empty")
	}
	return box, nil
}
