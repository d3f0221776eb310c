// Package chart draws small server-rendered SVG charts: lines over time and
// horizontal bars. A chart is a picture (role="img" with a <title>); the page
// shows its numbers in a table beside it, for screen readers and copying.
// Colours come from CSS classes; the output depends only on the input.
package chart

import (
	"bytes"
	"html"
	"strconv"
)

// Series is one line of a line chart.
type Series struct {
	Name   string // shown in the chart's key
	Class  string // CSS class of the line and its points
	Values []int  // one per label
}

// Lines is a line chart: one value of each series per label (a year, say).
type Lines struct {
	ID     string // the <svg> element's id; ids inside it start with it
	Title  string // the chart's accessible name
	Labels []string
	Series []Series
	// Format writes a number of the value axis (for the page's language).
	Format func(int) string
}

// Bar is one bar of a bar chart.
type Bar struct {
	Label string
	Value int
}

// Bars is a horizontal bar chart.
type Bars struct {
	ID, Title string
	Class     string // CSS class of the bars
	Bars      []Bar
	Format    func(int) string
}

// Geometry of the charts, in SVG units.
const (
	width      = 640
	lineHeight = 300
	padLeft    = 44
	padRight   = 12
	padTop     = 34 // room for the key
	padBottom  = 28
	barRow     = 30
	barLabel   = 110
	barValue   = 48
)

// niceMax rounds v up to 1, 2 or 5 times a power of ten, and returns it with
// the step between grid lines.
func niceMax(v int) (top, step int) {
	if v <= 0 {
		return 1, 1
	}
	p := 1
	for p*10 <= v {
		p *= 10
	}
	for _, m := range []int{1, 2, 5, 10} {
		if m*p >= v {
			top = m * p
			break
		}
	}
	step = top / 5
	if step == 0 || top/step > 5 {
		step = max(1, top/4)
	}
	if top < 5 {
		step = 1
	}
	return top, step
}

func (c *Lines) format(v int) string {
	if c.Format != nil {
		return c.Format(v)
	}
	return strconv.Itoa(v)
}

// SVG draws the line chart.
func (c *Lines) SVG() []byte {
	var b bytes.Buffer
	open(&b, c.ID, c.Title, width, lineHeight)
	peak := 0
	for _, s := range c.Series {
		for _, v := range s.Values {
			peak = max(peak, v)
		}
	}
	top, step := niceMax(peak)
	plotW, plotH := width-padLeft-padRight, lineHeight-padTop-padBottom
	y := func(v int) int { return padTop + plotH - v*plotH/top }
	x := func(i int) int {
		if len(c.Labels) < 2 {
			return padLeft + plotW/2
		}
		return padLeft + i*plotW/(len(c.Labels)-1)
	}
	for v := 0; v <= top; v += step {
		el(&b, "line", "class", "grid", "x1", itoa(padLeft), "x2", itoa(width-padRight), "y1", itoa(y(v)), "y2", itoa(y(v)))
		text(&b, "tick", "end", padLeft-6, y(v)+4, c.format(v))
	}
	every := max(1, (len(c.Labels)+9)/10)
	for i, l := range c.Labels {
		// Every few labels, and the last, which the one before must not crowd.
		if i%every == 0 && len(c.Labels)-1-i >= every || i == len(c.Labels)-1 {
			text(&b, "tick", "middle", x(i), lineHeight-8, l)
		}
	}
	for si, s := range c.Series {
		// The key: a short stroke and the name, side by side.
		kx := padLeft + si*plotW/max(1, len(c.Series))
		el(&b, "line", "class", "line "+s.Class, "x1", itoa(kx), "x2", itoa(kx+24), "y1", "12", "y2", "12")
		text(&b, "key", "start", kx+30, 16, s.Name)
		var pts bytes.Buffer
		for i, v := range s.Values {
			if i > 0 {
				pts.WriteByte(' ')
			}
			pts.WriteString(itoa(x(i)) + "," + itoa(y(v)))
		}
		el(&b, "polyline", "class", "line "+s.Class, "points", pts.String())
		for i, v := range s.Values {
			el(&b, "circle", "class", "point "+s.Class, "cx", itoa(x(i)), "cy", itoa(y(v)), "r", "3")
		}
	}
	b.WriteString("</svg>")
	return b.Bytes()
}

// SVG draws the bar chart.
func (c *Bars) SVG() []byte {
	h := max(1, len(c.Bars))*barRow + 8
	var b bytes.Buffer
	open(&b, c.ID, c.Title, width, h)
	peak := 0
	for _, r := range c.Bars {
		peak = max(peak, r.Value)
	}
	top, _ := niceMax(peak)
	span := width - barLabel - barValue
	for i, r := range c.Bars {
		y := 4 + i*barRow
		text(&b, "tick", "end", barLabel-8, y+barRow/2+4, r.Label)
		w := r.Value * span / top
		el(&b, "rect", "class", "bar "+c.Class, "x", itoa(barLabel), "y", itoa(y+4), "width", itoa(w), "height", itoa(barRow-8))
		v := strconv.Itoa(r.Value)
		if c.Format != nil {
			v = c.Format(r.Value)
		}
		text(&b, "value", "start", barLabel+w+6, y+barRow/2+4, v)
	}
	b.WriteString("</svg>")
	return b.Bytes()
}

func itoa(v int) string { return strconv.Itoa(v) }

// open writes the <svg> element's start and its title.
func open(b *bytes.Buffer, id, title string, w, h int) {
	id = html.EscapeString(id)
	b.WriteString(`<svg id="` + id + `" class="chart" viewBox="0 0 ` + itoa(w) + " " + itoa(h) +
		`" role="img" aria-labelledby="` + id + `-title"><title id="` + id + `-title">` + html.EscapeString(title) + "</title>\n")
}

// el writes an empty element with attributes given as name, value pairs.
func el(b *bytes.Buffer, name string, attrs ...string) {
	b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		b.WriteString(" " + attrs[i] + `="` + html.EscapeString(attrs[i+1]) + `"`)
	}
	b.WriteString("/>\n")
}

// text writes a <text> element.
func text(b *bytes.Buffer, class, anchor string, x, y int, s string) {
	b.WriteString(`<text class="` + class + `" x="` + itoa(x) + `" y="` + itoa(y) + `" text-anchor="` + anchor + `">` +
		html.EscapeString(s) + "</text>\n")
}
