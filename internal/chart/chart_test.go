package chart

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func wellFormed(t *testing.T, svg []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
	}
}

func TestNiceMax(t *testing.T) {
	tests := []struct{ in, top, step int }{
		{0, 1, 1}, {1, 1, 1}, {3, 5, 1}, {7, 10, 2}, {10, 10, 2}, {11, 20, 4}, {47, 50, 10}, {51, 100, 20}, {230, 500, 100},
	}
	for _, tt := range tests {
		if top, step := niceMax(tt.in); top != tt.top || step != tt.step {
			t.Errorf("niceMax(%d) = %d, %d; want %d, %d", tt.in, top, step, tt.top, tt.step)
		}
	}
}

func TestLines(t *testing.T) {
	c := Lines{
		ID: "growth", Title: "Growth <&>",
		Labels: []string{"2000", "2001", "2002"},
		Series: []Series{{"Missions", "s1", []int{1, 5, 9}}, {"Countries", "s2", []int{2, 2, 10}}},
		Format: func(v int) string { return "n" + itoa(v) },
	}
	svg := c.SVG()
	wellFormed(t, svg)
	s := string(svg)
	for _, want := range []string{
		`<svg id="growth" class="chart" viewBox="0 0 640 300" role="img" aria-labelledby="growth-title">`,
		`<title id="growth-title">Growth &lt;&amp;&gt;</title>`,
		`<polyline class="line s1" points="44,249 336,153 628,58"/>`, // 1, 5, 9 on a scale to 10, 238 units high
		`>n10</text>`, `>2001</text>`, `>Countries</text>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("chart lacks %s\n%s", want, s)
		}
	}
	if !bytes.Equal(svg, c.SVG()) {
		t.Error("two renderings differ")
	}
	// One label, no values: still a chart.
	wellFormed(t, (&Lines{ID: "x", Labels: []string{"2026"}, Series: []Series{{"a", "s1", []int{0}}}}).SVG())
}

func TestBars(t *testing.T) {
	c := Bars{ID: "regions", Title: "By region", Class: "b", Bars: []Bar{{"Africa", 20}, {"Europe", 10}, {"Oceania", 0}}}
	svg := c.SVG()
	wellFormed(t, svg)
	s := string(svg)
	for _, want := range []string{
		`viewBox="0 0 640 98"`,
		`<rect class="bar b" x="110" y="8" width="482" height="22"/>`, // 20 of a scale to 20
		`<rect class="bar b" x="110" y="38" width="241" height="22"/>`,
		`<rect class="bar b" x="110" y="68" width="0" height="22"/>`,
		`>Oceania</text>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("chart lacks %s\n%s", want, s)
		}
	}
}

func BenchmarkLines(b *testing.B) {
	c := Lines{ID: "g", Title: "t", Series: []Series{{"a", "s1", nil}, {"b", "s2", nil}, {"c", "s3", nil}}}
	for y := 1962; y <= 2026; y++ {
		c.Labels = append(c.Labels, itoa(y))
		for i := range c.Series {
			c.Series[i].Values = append(c.Series[i].Values, y-1960+i)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		c.SVG()
	}
}
