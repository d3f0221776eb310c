package worldmap

import (
	"bytes"
	"html"
	"math"
	"strconv"
)

// Style is how one country is drawn.
type Style struct {
	// Class is the CSS class of its fill: letters, digits, "-" and "_".
	Class string
	// Name is its accessible name, in the page's language (the <title> of
	// its link).
	Name string
	// Href is the page it links to; "" draws it without a link.
	Href string
}

// Spec says what to draw.
type Spec struct {
	// ID is the id of the <svg> element; the ids inside it start with it,
	// so that two maps can share a page.
	ID string
	// Title is the map's accessible name.
	Title string
	// Styles gives each country's class, name and link, by ISO code. A
	// country without a style is drawn plain and without a link, like land
	// without a code.
	Styles map[string]Style
	// Home is the ISO code of the home state, marked with a ring.
	Home string
	// Crop, when not empty, narrows the view to these countries and what
	// lies around them.
	Crop []string
}

// Sizes in map units on the whole map; a cropped view scales them so that
// they look the same size on the screen.
const (
	markerRadius = 6
	homeRadius   = 16
	homeStroke   = 4
	borderWidth  = 1
	// cropMargin is the share of the cropped countries' extent added on
	// each side, and minCrop the least width of a cropped view.
	cropMargin = 0.15
	minCrop    = 160
)

// SVG draws the map as an inline <svg> element: countries with a style are
// links, each with a <title>; areas without a code and countries without a
// style are plain; markers go on top, then the home state's ring. The output
// depends only on the map and the spec.
func (m *Map) SVG(s Spec) []byte {
	view := m.view(s.Crop)
	scale := float64(view.MaxX-view.MinX) / float64(m.Width)
	var b bytes.Buffer
	b.Grow(len(m.Features) * 400)
	id := html.EscapeString(s.ID)
	b.WriteString(`<svg id="`)
	b.WriteString(id)
	b.WriteString(`" class="worldmap" viewBox="`)
	for i, v := range []int{view.MinX, view.MinY, view.MaxX - view.MinX, view.MaxY - view.MinY} {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(v))
	}
	// Borders keep their width on the screen in a cropped view: the width
	// is inherited from the <svg> element.
	b.WriteString(`" stroke-width="`)
	b.WriteString(formatUnits(borderWidth * scale))
	b.WriteString(`" role="group" aria-labelledby="`)
	b.WriteString(id)
	b.WriteString(`-title"><title id="`)
	b.WriteString(id)
	b.WriteString(`-title">`)
	b.WriteString(html.EscapeString(s.Title))
	b.WriteString("</title>\n")
	radius := formatRadius(markerRadius * scale)
	for pass := range 2 { // shapes and areas first, then markers above them
		for i := range m.Features {
			f := &m.Features[i]
			if (f.Kind == Marker) != (pass == 1) || !f.Box.Overlaps(view) {
				continue
			}
			st, styled := s.Styles[f.Code]
			styled = styled && f.Kind != Area
			if styled && st.Href != "" {
				b.WriteString(`<a href="`)
				b.WriteString(html.EscapeString(st.Href))
				b.WriteString(`">`)
			}
			if styled && st.Name != "" {
				b.WriteString("<title>")
				b.WriteString(html.EscapeString(st.Name))
				b.WriteString("</title>")
			}
			class := "plain"
			if styled && validClass(st.Class) {
				class = st.Class
			}
			if f.Kind == Marker {
				b.WriteString(`<circle class="`)
				b.WriteString(class)
				b.WriteString(` marker" cx="`)
				b.WriteString(strconv.Itoa(f.X))
				b.WriteString(`" cy="`)
				b.WriteString(strconv.Itoa(f.Y))
				b.WriteString(`" r="`)
				b.WriteString(radius)
				b.WriteString(`"/>`)
			} else {
				b.WriteString(`<path class="`)
				b.WriteString(class)
				b.WriteString(`" d="`)
				b.WriteString(f.Path)
				b.WriteString(`"/>`)
			}
			if styled && st.Href != "" {
				b.WriteString("</a>")
			}
			b.WriteByte('\n')
		}
	}
	if f := m.Feature(s.Home); f != nil && s.Home != "" && f.Box.Overlaps(view) {
		b.WriteString(`<circle class="home-mark" cx="`)
		b.WriteString(strconv.Itoa(f.X))
		b.WriteString(`" cy="`)
		b.WriteString(strconv.Itoa(f.Y))
		b.WriteString(`" r="`)
		b.WriteString(formatRadius(homeRadius * scale))
		b.WriteString(`" stroke-width="`)
		b.WriteString(formatUnits(homeStroke * scale))
		b.WriteString(`"/>`)
		b.WriteByte('\n')
	}
	b.WriteString("</svg>")
	return b.Bytes()
}

// view returns the part of the map to show: all of it, or the countries
// of crop with a margin, no narrower than minCrop and between 4:3 and 2:1.
func (m *Map) view(crop []string) Box {
	whole := Box{0, 0, m.Width, m.Height}
	box := emptyBox
	for _, code := range crop {
		if f := m.Feature(code); f != nil {
			box = box.Union(f.Box)
		}
	}
	if box.Empty() {
		return whole
	}
	w, h := float64(box.MaxX-box.MinX), float64(box.MaxY-box.MinY)
	pad := cropMargin * max(w, h)
	w, h = max(w+2*pad, minCrop), h+2*pad
	switch {
	case w < h*4/3:
		w = h * 4 / 3
	case w > 2*h:
		h = w / 2
	}
	w, h = min(w, float64(m.Width)), min(h, float64(m.Height))
	cx, cy := float64(box.MinX+box.MaxX)/2, float64(box.MinY+box.MaxY)/2
	x0 := clamp(cx-w/2, 0, float64(m.Width)-w)
	y0 := clamp(cy-h/2, 0, float64(m.Height)-h)
	return Box{int(x0), int(y0), int(x0 + w), int(y0 + h)}
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(v, hi)) }

// formatRadius writes a radius rounded to a tenth, at least half a unit.
func formatRadius(r float64) string {
	return strconv.FormatFloat(math.Round(max(r, 0.5)*10)/10, 'f', -1, 64)
}

// formatUnits writes a length rounded to a hundredth.
func formatUnits(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// validClass reports whether c is safe as a class name: letters, digits,
// "-", "_" and spaces between words.
func validClass(c string) bool {
	if c == "" {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == ' ') {
			return false
		}
	}
	return true
}
