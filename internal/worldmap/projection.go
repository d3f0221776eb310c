package worldmap

import "math"

// The Equal Earth projection's polynomial coefficients (Šavrič, Patterson and
// Jenny 2018, "The Equal Earth map projection", International Journal of
// Geographical Information Science 33(3), equations 1 and 2).
const (
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

// eeM is √3/2, the sine of the parametric latitude at the poles.
var eeM = math.Sqrt(3) / 2

// EqualEarth projects a point given in degrees of longitude and latitude onto
// the Equal Earth plane of a sphere of radius 1, centred on the Greenwich
// meridian: x grows eastwards and y northwards. The map it draws spans
// x in ±2.7066 and y in ±1.3174.
func EqualEarth(lon, lat float64) (x, y float64) {
	lambda := lon * math.Pi / 180
	phi := lat * math.Pi / 180
	theta := math.Asin(eeM * math.Sin(phi))
	t2 := theta * theta
	t6 := t2 * t2 * t2
	x = lambda * math.Cos(theta) / (eeM * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)))
	y = theta * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
	return x, y
}

// Bounds of the Equal Earth plane of a unit sphere: the x of the
// antimeridian on the equator and the y of the poles.
var (
	EqualEarthMaxX, _ = EqualEarth(180, 0)
	_, EqualEarthMaxY = EqualEarth(0, 90)
)
