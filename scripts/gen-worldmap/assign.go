package main

// The explicit choices the generator makes about land that Natural Earth's
// 1:50m countries give without an ISO 3166 code, or merged into another
// country, and about the countries they lack. Each is a fact about the
// source data, checked by the generator: a rule that matches nothing, or a
// polygon no rule places, stops it.

// codeless maps the name of a geometry without an id to the ISO code the
// registry uses for it. It applies only when data/countries.csv lists that
// code; otherwise the land is drawn as a neutral area.
var codeless = map[string]string{
	// Kosovo: i18n-iso-countries, and so data/countries.csv, list it under
	// the user-assigned code XK.
	"Kosovo": "XK",
}

// neutral names the geometries without an id that are drawn as land
// without a code: never labelled, never linked, never given to a state.
var neutral = map[string]string{
	"Somaliland":      "somaliland",
	"N. Cyprus":       "n-cyprus",
	"Siachen Glacier": "siachen-glacier",
}

// piece moves the polygons of a geometry (by ISO numeric id, or by name when
// it has none) whose outer ring's mean point lies in a box of longitude and
// latitude to a country of their own: Natural Earth's 1:50m countries draw
// overseas departments and dependencies inside their sovereign state, and
// ISO 3166 gives them codes of their own.
type piece struct {
	from     string
	to       string
	lon, lat [2]float64
}

// pieces50m are the pieces cut out of the 1:50m countries.
var pieces50m = []piece{
	{"250", "GF", [2]float64{-55, -51}, [2]float64{2, 6}},         // French Guiana, from France
	{"250", "GP", [2]float64{-62, -61.1}, [2]float64{15.8, 16.6}}, // Guadeloupe
	{"250", "MQ", [2]float64{-61.3, -60.7}, [2]float64{14.3, 14.9}},
	{"250", "RE", [2]float64{55, 56}, [2]float64{-21.5, -20.7}},
	{"250", "YT", [2]float64{44.9, 45.4}, [2]float64{-13.1, -12.5}},
	{"578", "SJ", [2]float64{-10, 35}, [2]float64{70.8, 81}},                // Svalbard and Jan Mayen, from Norway
	{"528", "BQ", [2]float64{-69, -62.5}, [2]float64{11.9, 18}},             // Bonaire, Sint Eustatius and Saba, from the Netherlands
	{"554", "TK", [2]float64{-173, -171}, [2]float64{-10, -8}},              // Tokelau, from New Zealand
	{"Indian Ocean Ter.", "CX", [2]float64{105, 106}, [2]float64{-11, -10}}, // Christmas Island
	{"Indian Ocean Ter.", "CC", [2]float64{96.5, 97.5}, [2]float64{-12.5, -11.8}},
}

// pieces10m place the countries that the 1:50m file lacks altogether, and
// that the 1:10m file holds only inside another country, as markers.
var pieces10m = []piece{
	{"578", "BV", [2]float64{3, 4}, [2]float64{-55, -54}}, // Bouvet Island, in Norway's geometry
}

// inBox reports whether p (degrees) lies in the piece's box.
func (pc piece) inBox(p point) bool {
	return p.X >= pc.lon[0] && p.X <= pc.lon[1] && p.Y >= pc.lat[0] && p.Y <= pc.lat[1]
}

// meanPoint is the mean of a ring's points.
func meanPoint(pts []point) point {
	var m point
	for _, p := range pts {
		m.X += p.X
		m.Y += p.Y
	}
	return point{m.X / float64(len(pts)), m.Y / float64(len(pts))}
}
