// Command gen-worldmap writes internal/worldmap/data/world.txt, the world map
// the portal draws, and its NOTICE, from Natural Earth's countries as the npm
// package world-atlas gives them (see README.md). It is run by hand, not by
// the build or the tests: the output is committed.
//
//	go run ./scripts/gen-worldmap          # from the repository's root
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/worldmap"
)

// The map's size in map units, and how far it is simplified. A unit is
// about half a pixel when the map is 1100 px wide.
const (
	width = 2000
	// epsilon is the Douglas–Peucker tolerance, in map units.
	epsilon = 0.5
	// minRingArea drops rings smaller than this many square units (small
	// islands of a larger country).
	minRingArea = 2.0
	// minShapeSize draws a country whose outline fits in a square this many
	// units wide as a marker instead.
	minShapeSize = 5
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen-worldmap: ")
	atlas := flag.String("atlas", "", "a world-atlas folder to read instead of installing the pinned package with npm")
	countries := flag.String("countries", "data/countries.csv", "the registry's countries (iso2 and numeric columns)")
	out := flag.String("out", "internal/worldmap/data", "the folder to write world.txt and NOTICE to")
	flag.Parse()
	dir := *atlas
	if dir == "" {
		tmp, err := installAtlas()
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "node_modules", "world-atlas")
	}
	if err := run(dir, *countries, *out); err != nil {
		log.Fatal(err)
	}
}

// installAtlas installs the world-atlas version pinned in this folder's
// package-lock.json into a new temporary folder, with its integrity checked
// by npm, and returns the folder.
func installAtlas() (string, error) {
	here, err := sourceDir()
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "gen-worldmap-")
	if err != nil {
		return "", err
	}
	for _, f := range []string{"package.json", "package-lock.json"} {
		b, err := os.ReadFile(filepath.Join(here, f))
		if err != nil {
			return tmp, err
		}
		if err := os.WriteFile(filepath.Join(tmp, f), b, 0o644); err != nil {
			return tmp, err
		}
	}
	cmd := exec.Command("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
	cmd.Dir, cmd.Stdout, cmd.Stderr = tmp, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return tmp, fmt.Errorf("npm ci: %w", err)
	}
	return tmp, nil
}

// sourceDir is this program's folder: scripts/gen-worldmap under the
// working directory (the repository's root), or the working directory.
func sourceDir() (string, error) {
	for _, d := range []string{"scripts/gen-worldmap", "."} {
		if _, err := os.Stat(filepath.Join(d, "package-lock.json")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("run from the repository's root: scripts/gen-worldmap/package-lock.json not found")
}

// feature is what the generator writes for one code or area.
type feature struct {
	kind  worldmap.Kind
	code  string
	path  string
	label point
}

func run(atlasDir, countriesCSV, outDir string) error {
	version, err := packageVersion(atlasDir)
	if err != nil {
		return err
	}
	byNumeric, codes, err := readCountries(countriesCSV)
	if err != nil {
		return err
	}
	t50, arcs50, err := readTopology(filepath.Join(atlasDir, "countries-50m.json"))
	if err != nil {
		return err
	}
	t10, arcs10, err := readTopology(filepath.Join(atlasDir, "countries-10m.json"))
	if err != nil {
		return err
	}

	// Which polygons of the 1:50m file make each country or area.
	polys := map[string][]polygon{}
	areas := map[string]bool{}
	used := map[piece]bool{}
	for _, g := range t50.Objects.Countries.Geometries {
		ps, err := g.polygons()
		if err != nil {
			return err
		}
		key, code := g.ID, ""
		switch {
		case g.ID != "":
			if code = byNumeric[g.ID]; code == "" {
				return fmt.Errorf("countries-50m: id %s (%s) is not in %s", g.ID, g.Properties.Name, countriesCSV)
			}
		case codeless[g.Properties.Name] != "" && codes[codeless[g.Properties.Name]]:
			code = codeless[g.Properties.Name]
		case neutral[g.Properties.Name] != "":
			code = neutral[g.Properties.Name]
			areas[code] = true
		case g.Properties.Name == "Kosovo":
			code, areas["kosovo"] = "kosovo", true
		default:
			key = g.Properties.Name
		}
		for _, p := range ps {
			to := code
			mean := meanPoint(ring(arcs50, p[0]))
			for _, pc := range pieces50m {
				if pc.from == key && pc.inBox(mean) {
					to, used[pc] = pc.to, true
				}
			}
			if to == "" {
				return fmt.Errorf("countries-50m: a polygon of %q (no id) near %.2f,%.2f has no rule", g.Properties.Name, mean.X, mean.Y)
			}
			polys[to] = append(polys[to], p)
		}
	}
	for _, pc := range pieces50m {
		if !used[pc] {
			return fmt.Errorf("rule %v matched no polygon", pc)
		}
	}

	k := width / (2 * worldmap.EqualEarthMaxX)
	height := int(math.Ceil(2 * worldmap.EqualEarthMaxY * k))
	project := func(p point) point {
		x, y := worldmap.EqualEarth(p.X, p.Y)
		return point{(x + worldmap.EqualEarthMaxX) * k, (worldmap.EqualEarthMaxY - y) * k}
	}
	// Each arc projected and simplified once, rounded to whole units.
	// An arc that crosses the antimeridian is cut there first, and its
	// pieces simplified apart, so that the cut points stay.
	simple := make([][]point, len(arcs50))
	for i, a := range arcs50 {
		var s []point
		for _, piece := range cutArc(a) {
			pr := make([]point, len(piece))
			for j, p := range piece {
				pr[j] = project(p)
			}
			s = append(s, simplify(pr, epsilon)...)
		}
		for j := range s {
			s[j] = point{math.Round(s[j].X), math.Round(s[j].Y)}
		}
		simple[i] = s
	}

	var feats []feature
	for code, ps := range polys {
		f := feature{kind: worldmap.Shape, code: code, label: labelPoint(ps, arcs50, project)}
		if areas[code] {
			f.kind = worldmap.Area
		}
		var b strings.Builder
		minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, p := range ps {
			for _, refs := range p {
				for _, r := range splitRing(dedupe(ring(simple, refs)), width) {
					if r = dedupe(r); len(r) < 3 || math.Abs(ringArea(r)) < minRingArea {
						continue
					}
					writeRing(&b, r)
					for _, q := range r {
						minX, minY, maxX, maxY = min(minX, q.X), min(minY, q.Y), max(maxX, q.X), max(maxY, q.Y)
					}
				}
			}
		}
		if b.Len() == 0 || f.kind == worldmap.Shape && maxX-minX < minShapeSize && maxY-minY < minShapeSize {
			if f.kind == worldmap.Area {
				continue // too small to draw, and nothing to link
			}
			f.kind = worldmap.Marker
		} else {
			f.path = b.String()
		}
		feats = append(feats, f)
	}

	// Markers for the registry's countries that the 1:50m file lacks.
	have := map[string]bool{}
	for _, f := range feats {
		have[f.code] = true
	}
	var missing []string
	for code := range codes {
		if !have[code] {
			missing = append(missing, code)
		}
	}
	slices.Sort(missing)
	numericOf := map[string]string{}
	for n, c := range byNumeric {
		numericOf[c] = n
	}
	var unplaced []string
	for _, code := range missing {
		var ps []polygon
		for _, g := range t10.Objects.Countries.Geometries {
			gp, err := g.polygons()
			if err != nil {
				return err
			}
			if g.ID != "" && g.ID == numericOf[code] {
				ps = append(ps, gp...)
				continue
			}
			for _, pc := range pieces10m {
				if pc.to != code || pc.from != g.ID {
					continue
				}
				for _, p := range gp {
					if pc.inBox(meanPoint(ring(arcs10, p[0]))) {
						ps = append(ps, p)
					}
				}
			}
		}
		if len(ps) == 0 {
			unplaced = append(unplaced, code)
			continue
		}
		feats = append(feats, feature{kind: worldmap.Marker, code: code, label: labelPoint(ps, arcs10, project)})
	}
	if len(unplaced) > 0 {
		return fmt.Errorf("no shape or marker for %s: add a rule to assign.go", strings.Join(unplaced, ", "))
	}

	slices.SortFunc(feats, func(a, b feature) int {
		if a.kind != b.kind {
			return kindOrder(a.kind) - kindOrder(b.kind)
		}
		return strings.Compare(a.code, b.code)
	})
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Generated by scripts/gen-worldmap; do not edit. Natural Earth 1:50m countries (public domain)\n")
	fmt.Fprintf(&buf, "# from world-atlas %s (ISC), 1:10m for markers of countries the 1:50m file lacks; see NOTICE.\n", version)
	fmt.Fprintf(&buf, "# Equal Earth projection, %d units wide; Douglas-Peucker tolerance %g units; rings under %g square units\n", width, epsilon, minRingArea)
	fmt.Fprintf(&buf, "# dropped; outlines under %d units drawn as markers.\n", minShapeSize)
	fmt.Fprintf(&buf, "chancery-worldmap 1\nsource Natural Earth 1:50m countries, world-atlas %s\nsize %d %d\n", version, width, height)
	counts := map[worldmap.Kind]int{}
	for _, f := range feats {
		counts[f.kind]++
		x, y := int(math.Round(f.label.X)), int(math.Round(f.label.Y))
		switch f.kind {
		case worldmap.Shape:
			fmt.Fprintf(&buf, "shape %s %d %d %s\n", f.code, x, y, f.path)
		case worldmap.Area:
			fmt.Fprintf(&buf, "area %s %d %d %s\n", f.code, x, y, f.path)
		case worldmap.Marker:
			fmt.Fprintf(&buf, "marker %s %d %d\n", f.code, x, y)
		}
	}
	if _, err := worldmap.Parse(bytes.NewReader(buf.Bytes())); err != nil {
		return fmt.Errorf("the output does not parse: %w", err)
	}
	if err := os.WriteFile(filepath.Join(outDir, "world.txt"), buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := writeNotice(atlasDir, version, filepath.Join(outDir, "NOTICE")); err != nil {
		return err
	}
	log.Printf("wrote %d shapes, %d markers, %d areas (%d bytes) to %s",
		counts[worldmap.Shape], counts[worldmap.Marker], counts[worldmap.Area], buf.Len(), outDir)
	return nil
}

func kindOrder(k worldmap.Kind) int {
	switch k {
	case worldmap.Area:
		return 0
	case worldmap.Shape:
		return 1
	}
	return 2
}

// labelPoint is the centroid of the largest outer ring of the polygons, in
// map units, unsimplified: where a marker or the home state's mark goes.
func labelPoint(ps []polygon, arcs [][]point, project func(point) point) point {
	var best []point
	bestArea := -1.0
	for _, p := range ps {
		r := ring(arcs, p[0])
		pr := make([]point, len(r))
		for i, q := range r {
			pr[i] = project(q)
		}
		if a := math.Abs(ringArea(pr)); a > bestArea {
			best, bestArea = pr, a
		}
	}
	return centroid(best)
}

// dedupe drops repeated points, and the closing point of a ring.
func dedupe(r []point) []point {
	out := r[:0:0]
	for _, p := range r {
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	for len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	return out
}

// writeRing appends a closed ring as SVG path data: M x y, then l with
// relative integer steps, then z. A minus sign separates numbers itself.
func writeRing(b *strings.Builder, r []point) {
	num := func(v int, first bool) {
		if v >= 0 && !first {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(v))
	}
	x, y := int(r[0].X), int(r[0].Y)
	b.WriteByte('M')
	num(x, true)
	num(y, false)
	b.WriteByte('l')
	for i, p := range r[1:] {
		nx, ny := int(p.X), int(p.Y)
		num(nx-x, i == 0)
		num(ny-y, false)
		x, y = nx, ny
	}
	b.WriteByte('z')
}

// readCountries reads the registry's country list: ISO numeric -> alpha-2,
// and the set of alpha-2 codes.
func readCountries(path string) (map[string]string, map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, nil, err
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	iIso, okIso := col["iso2"]
	iNum, okNum := col["numeric"]
	if !okIso || !okNum {
		return nil, nil, fmt.Errorf("%s: no iso2 or numeric column", path)
	}
	byNumeric, codes := map[string]string{}, map[string]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		byNumeric[rec[iNum]] = rec[iIso]
		codes[rec[iIso]] = true
	}
	return byNumeric, codes, nil
}

func packageVersion(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return "", err
	}
	var p struct {
		Name, Version string
	}
	if err := json.Unmarshal(b, &p); err != nil || p.Name != "world-atlas" {
		return "", fmt.Errorf("%s is not the world-atlas package", dir)
	}
	return p.Version, nil
}

// writeNotice writes the data's notice, with world-atlas's licence copied
// from the package.
func writeNotice(atlasDir, version, path string) error {
	lic, err := os.ReadFile(filepath.Join(atlasDir, "LICENSE"))
	if err != nil {
		return err
	}
	notice := "world.txt is generated by scripts/gen-worldmap from Natural Earth's Admin 0 countries\n" +
		"(1:50m, and 1:10m for the countries drawn as markers that the 1:50m file lacks), version 4.1.0,\n" +
		"as redistributed in TopoJSON by the npm package world-atlas " + version + ".\n\n" +
		"Natural Earth (https://www.naturalearthdata.com/) is in the public domain: \"All versions of Natural\n" +
		"Earth raster + vector map data found on this website are in the public domain.\" No permission is\n" +
		"needed to use it; we credit it as asked.\n\n" +
		"The geometry was projected (Equal Earth), simplified and cut by the generator: Natural Earth's\n" +
		"choices of borders are kept, except that overseas parts with an ISO 3166 code of their own are drawn\n" +
		"apart (scripts/gen-worldmap/assign.go). Land Natural Earth draws without a code is drawn neutral.\n\n" +
		"================================================================================\n" +
		"world-atlas " + version + " (https://github.com/topojson/world-atlas), ISC licence\n" +
		"================================================================================\n\n" + string(lic)
	return os.WriteFile(path, []byte(notice), 0o644)
}
