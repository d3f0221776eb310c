package worldmap

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtureSpec styles two of the fixture's three countries and the marker.
func fixtureSpec() Spec {
	return Spec{
		ID:    "test-map",
		Title: "Coverage <test> & more",
		Styles: map[string]Style{
			"AA": {Class: "home", Name: "Aland & co", Href: "/en/countries/AA"},
			"BB": {Class: "resident", Name: "Bbland", Href: "/en/countries/BB?as_of=2020-01-01&x=1"},
			"DD": {Class: "non_resident", Name: "Ddland", Href: "/en/countries/DD"},
			// A style for land without a code is ignored.
			"neutral-land": {Class: "resident", Name: "should not show", Href: "/nowhere"},
		},
		Home: "AA",
	}
}

func TestSVGGolden(t *testing.T) {
	m := mustParseFile(t, "testdata/fixture.txt")
	cropped := fixtureSpec()
	cropped.ID, cropped.Crop = "test-crop", []string{"CC", "DD"}
	unstyled := Spec{ID: "plain", Title: "Nothing styled"}
	tests := []struct {
		name string
		spec Spec
	}{
		{"fixture", fixtureSpec()},
		{"fixture-cropped", cropped},
		{"fixture-plain", unstyled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.SVG(tt.spec)
			golden := "testdata/" + tt.name + ".svg"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("SVG differs from %s (go test -update rewrites it):\n got: %s\nwant: %s", golden, got, want)
			}
			if again := m.SVG(tt.spec); !bytes.Equal(got, again) {
				t.Error("two renderings differ")
			}
			checkWellFormed(t, got)
		})
	}
}

// TestSVGContent checks what the golden files hold, so that an update that
// loses it fails.
func TestSVGContent(t *testing.T) {
	m := mustParseFile(t, "testdata/fixture.txt")
	svg := string(m.SVG(fixtureSpec()))
	for _, want := range []string{
		`<svg id="test-map" class="worldmap" viewBox="0 0 200 100" stroke-width="1" role="group" aria-labelledby="test-map-title">`,
		`<title id="test-map-title">Coverage &lt;test&gt; &amp; more</title>`,
		`<a href="/en/countries/AA"><title>Aland &amp; co</title><path class="home" d="M10 10l40 0 0 40-40 0zM20 60l10 0 0 10-10 0z"/></a>`,
		`<a href="/en/countries/BB?as_of=2020-01-01&amp;x=1">`,
		`<path class="plain" d="M110 50l40 0 0 40-40 0z"/>`,
		`<path class="plain" d="M140 10l20 0 0 20-20 0z"/>`,
		`<circle class="non_resident marker" cx="180" cy="80" r="6"/>`,
		`<circle class="home-mark" cx="30" cy="30" r="16" stroke-width="4"/>`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %s\n%s", want, svg)
		}
	}
	if strings.Contains(svg, "should not show") || strings.Contains(svg, "/nowhere") {
		t.Error("land without a code was labelled")
	}
	// The marker comes after every shape, so that it is drawn on top.
	if strings.Index(svg, "<circle class=\"non_resident") < strings.LastIndex(svg, "<path") {
		t.Error("a shape is drawn over the marker")
	}
}

func TestCroppedView(t *testing.T) {
	m := mustParseFile(t, "testdata/fixture.txt")
	tests := []struct {
		crop []string
		want Box
	}{
		{nil, Box{0, 0, 200, 100}},
		{[]string{"ZZ"}, Box{0, 0, 200, 100}},
		{[]string{"BB"}, Box{0, 0, 160, 80}},        // minCrop wide, 2:1, kept inside the map
		{[]string{"AA", "CC"}, Box{0, 0, 182, 100}}, // with its margin, clipped to the map's height
	}
	for _, tt := range tests {
		if got := m.view(tt.crop); got != tt.want {
			t.Errorf("view(%v) = %v, want %v", tt.crop, got, tt.want)
		}
	}
	// On the world map, a crop is narrower than the world and holds the
	// countries asked for.
	w := World()
	v := w.view([]string{"SE", "DK", "NO"})
	if v.MaxX-v.MinX >= w.Width/2 {
		t.Errorf("Scandinavia's view is %v", v)
	}
	for _, c := range []string{"SE", "DK", "NO"} {
		if f := w.Feature(c); !f.Box.Overlaps(v) {
			t.Errorf("%s is outside the view %v", c, v)
		}
	}
	svg := string(w.SVG(Spec{ID: "s", Title: "t", Crop: []string{"SE"}}))
	if strings.Contains(svg, `d="`+w.Feature("AU").Path) {
		t.Error("Australia is drawn in a view of Sweden")
	}
}

// checkWellFormed parses the SVG as XML.
func checkWellFormed(t *testing.T, svg []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
}

func TestWorldSVGIsWellFormed(t *testing.T) {
	w := World()
	styles := map[string]Style{}
	for _, f := range w.Features {
		styles[f.Code] = Style{Class: "none", Name: f.Code + " <&>", Href: "/en/countries/" + f.Code}
	}
	checkWellFormed(t, w.SVG(Spec{ID: "w", Title: "World", Styles: styles, Home: "RW"}))
}

func BenchmarkWorldSVG(b *testing.B) {
	w := World()
	styles := map[string]Style{}
	for _, f := range w.Features {
		styles[f.Code] = Style{Class: "resident", Name: "Country " + f.Code, Href: "/en/countries/" + f.Code}
	}
	spec := Spec{ID: "coverage-map", Title: "Coverage", Styles: styles, Home: "RW"}
	b.ReportAllocs()
	for b.Loop() {
		b.SetBytes(int64(len(w.SVG(spec))))
	}
}

func BenchmarkCroppedSVG(b *testing.B) {
	w := World()
	spec := Spec{ID: "m", Title: "Mission", Crop: []string{"SE", "DK", "NO", "FI", "IS"}, Home: "RW"}
	b.ReportAllocs()
	for b.Loop() {
		w.SVG(spec)
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(strings.NewReader(worldData)); err != nil {
			b.Fatal(err)
		}
	}
}
