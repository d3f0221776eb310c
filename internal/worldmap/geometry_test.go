package worldmap

import (
	"os"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
)

func mustParseFile(t *testing.T, path string) *Map {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestParseFixture(t *testing.T) {
	m := mustParseFile(t, "testdata/fixture.txt")
	if m.Width != 200 || m.Height != 100 || m.Source != "test fixture" || len(m.Features) != 5 {
		t.Fatalf("parsed %d×%d %q with %d features", m.Width, m.Height, m.Source, len(m.Features))
	}
	tests := []struct {
		code string
		kind Kind
		box  Box
	}{
		{"neutral-land", Area, Box{140, 10, 160, 30}},
		{"AA", Shape, Box{10, 10, 50, 70}},
		{"CC", Shape, Box{110, 50, 150, 90}},
		{"DD", Marker, Box{180, 80, 180, 80}},
	}
	for _, tt := range tests {
		f := m.Feature(tt.code)
		if f == nil || f.Kind != tt.kind || f.Box != tt.box {
			t.Errorf("%s: %+v, want kind %d box %v", tt.code, f, tt.kind, tt.box)
		}
	}
	if m.Feature("ZZ") != nil {
		t.Error("a code not on the map has a feature")
	}
}

func TestParseRejects(t *testing.T) {
	const head = "chancery-worldmap 1\nsize 10 10\n"
	tests := []struct{ name, in, want string }{
		{"no header", "size 10 10\n", "header"},
		{"no size", "chancery-worldmap 1\n", "no header or no size"},
		{"bad size", "chancery-worldmap 1\nsize 10 x\n", "bad size"},
		{"unknown record", head + "river X 1 1 M0 0z\n", "unknown record"},
		{"duplicate", head + "marker AA 1 1\nmarker AA 2 2\n", "twice"},
		{"short marker", head + "marker AA 1\n", "wants 3 fields"},
		{"bad point", head + "marker AA 1 y\n", "bad point"},
		{"open path", head + "shape AA 1 1 M0 0l1 1\n", "not closed"},
		{"line without move", head + "shape AA 1 1 l1 1z\n", "without a move"},
		{"odd coordinates", head + "shape AA 1 1 M0 0l1z\n", "bad close"},
		{"implicit line", head + "shape AA 1 1 M0 0 1 1z\n", "without a command"},
		{"stray character", head + "shape AA 1 1 M0 0L1 1z\n", "unexpected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestEveryCountryIsOnTheMap checks that every country of the seed registry
// has a shape or a marker on the embedded map, and that the map has
// nothing else but land without a code.
func TestEveryCountryIsOnTheMap(t *testing.T) {
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	m := World()
	codes := map[string]bool{}
	for _, c := range ds.Countries {
		codes[c.ISO2] = true
		f := m.Feature(c.ISO2)
		switch {
		case f == nil:
			t.Errorf("%s (%s) has no shape or marker", c.ISO2, c.Names.In("en"))
		case f.Kind == Area:
			t.Errorf("%s is drawn as land without a code", c.ISO2)
		case f.Box.Empty() || f.Box.MinX < 0 || f.Box.MinY < 0 || f.Box.MaxX > m.Width || f.Box.MaxY > m.Height:
			t.Errorf("%s lies outside the map: %v", c.ISO2, f.Box)
		}
	}
	areas := 0
	for _, f := range m.Features {
		if f.Kind == Area {
			areas++
			if codes[f.Code] {
				t.Errorf("area %s has a country's code", f.Code)
			}
		} else if !codes[f.Code] {
			t.Errorf("%s is on the map but not in the registry", f.Code)
		}
	}
	if areas == 0 {
		t.Error("no land without a code: Natural Earth draws Somaliland, Northern Cyprus and the Siachen glacier apart")
	}
	if !strings.Contains(m.Source, "Natural Earth") {
		t.Errorf("source %q", m.Source)
	}
}

func TestBox(t *testing.T) {
	a, b := Box{0, 0, 10, 10}, Box{5, 5, 20, 20}
	if !a.Overlaps(b) || a.Overlaps(Box{11, 0, 12, 1}) || a.Overlaps(emptyBox) {
		t.Error("Overlaps")
	}
	if u := a.Union(b); u != (Box{0, 0, 20, 20}) {
		t.Errorf("Union = %v", u)
	}
	if u := emptyBox.Union(a); u != a {
		t.Errorf("empty Union = %v", u)
	}
}
