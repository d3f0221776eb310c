package web

import (
	"html/template"
	"net/url"
	"strconv"
	"time"

	"github.com/chancery-org/chancery/internal/chart"
	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/worldmap"
)

// navMap is the map page's place in the menu.
const navMap navItem = "map"

// mapView is a world map as a page shows it: the SVG and its legend.
type mapView struct {
	ID     string
	SVG    template.HTML
	Legend []legendItem
}

// legendItem is one fill of a map: its class, what it means, and the
// countries drawn with it (by name, for the list that stands for the map).
type legendItem struct {
	Class     string
	Label     string
	Countries []legendCountry
	Counted   bool // the count is shown (not for land without a code)
}

type legendCountry struct{ Name, Href string }

// Count is the number of countries drawn with the fill.
func (l legendItem) Count() int { return len(l.Countries) }

// mapBuilder collects the styles and legend of one map.
type mapBuilder struct {
	s      *Server
	rq     *request
	styles map[string]worldmap.Style
	items  []legendItem
	index  map[string]int // class -> item
}

func (s *Server) newMapBuilder(rq *request) *mapBuilder {
	return &mapBuilder{s: s, rq: rq, styles: map[string]worldmap.Style{}, index: map[string]int{}}
}

// fill declares a fill, in the legend's order.
func (b *mapBuilder) fill(class, label string) {
	b.index[class] = len(b.items)
	b.items = append(b.items, legendItem{Class: class, Label: label, Counted: true})
}

// country draws a country with a declared fill; its accessible name says
// the country and what the fill means, and it links to its country page.
func (b *mapBuilder) country(c *registry.Country, class string) {
	i := b.index[class]
	name := b.s.cat.CountryName(b.rq.lang, c)
	href := countryHref(b.rq, c.ISO2)
	b.styles[c.ISO2] = worldmap.Style{
		Class: class, Href: href,
		Name: b.s.cat.T(b.rq.lang, "map.country_label", "country", name, "status", b.items[i].Label),
	}
	b.items[i].Countries = append(b.items[i].Countries, legendCountry{Name: name, Href: href})
}

// build renders the map; crop narrows the view (see worldmap.Spec).
func (b *mapBuilder) build(id, title string, crop []string) mapView {
	b.items = append(b.items, legendItem{Class: "plain", Label: b.s.cat.T(b.rq.lang, "map.plain")})
	for i := range b.items {
		sortByName(b.items[i].Countries, func(c legendCountry) string { return c.Name })
	}
	svg := worldmap.World().SVG(worldmap.Spec{
		ID: id, Title: title, Styles: b.styles, Home: b.rq.reg.Home(), Crop: crop,
	})
	return mapView{ID: id, SVG: template.HTML(svg), Legend: b.items}
}

// countryHref is the address of a country's page, keeping the date asked.
func countryHref(rq *request, iso2 string) string {
	u := "/" + rq.lang + "/countries/" + iso2
	if rq.asOfSet {
		u += "?" + url.Values{"as_of": {rq.asOf.String()}}.Encode()
	}
	return u
}

// coverageClasses are the fills of the coverage map, in the legend's order.
var coverageClasses = []registry.Coverage{
	registry.CoverHome, registry.CoverResident, registry.CoverNonResident,
	registry.CoverHonoraryOnly, registry.CoverHQ, registry.CoverNone,
}

// coverageMap shades every country by how the home state covers it on the
// date shown (the finder's answer for it).
func (s *Server) coverageMap(rq *request, id string) mapView {
	b := s.newMapBuilder(rq)
	home := s.homeName(rq)
	for _, cv := range coverageClasses {
		label := s.cat.T(rq.lang, "coverage."+string(cv))
		if cv == registry.CoverHome {
			label = s.cat.T(rq.lang, "map.home", "home", home)
		}
		b.fill("cov-"+string(cv), label)
	}
	ds := rq.reg.Dataset()
	for i := range ds.Countries {
		c := &ds.Countries[i]
		b.country(c, "cov-"+string(rq.reg.Find(c.ISO2, rq.asOf).Coverage))
	}
	return b.build(id, s.cat.T(rq.lang, "map.coverage_title", "home", home, "date", rq.asOf), nil)
}

// foreignMap shades every country by whether it has a mission accredited to
// the home state on the date shown: resident in it, or from abroad.
func (s *Server) foreignMap(rq *request, id string) mapView {
	b := s.newMapBuilder(rq)
	home := s.homeName(rq)
	b.fill("cov-home", s.cat.T(rq.lang, "map.home", "home", home))
	b.fill("for-resident", s.cat.T(rq.lang, "map.foreign_resident", "home", home))
	b.fill("for-non_resident", s.cat.T(rq.lang, "map.foreign_non_resident", "home", home))
	b.fill("for-none", s.cat.T(rq.lang, "map.foreign_none", "home", home))
	ds := rq.reg.Dataset()
	for i := range ds.Countries {
		c := &ds.Countries[i]
		class := "for-none"
		switch a := rq.reg.Find(c.ISO2, rq.asOf); {
		case c.ISO2 == rq.reg.Home():
			class = "cov-home"
		case len(a.TheirResident) > 0:
			class = "for-resident"
		case len(a.TheirNonResident) > 0:
			class = "for-non_resident"
		}
		b.country(c, class)
	}
	return b.build(id, s.cat.T(rq.lang, "map.foreign_title", "home", home, "date", rq.asOf), nil)
}

// missionMap shows where a mission is and the states it is accredited to
// on the date shown, on a view cropped to them; nil when it covers no state.
// The caller draws it only for a mission that existed on that date.
func (s *Server) missionMap(rq *request, m *registry.Mission, current []*registry.Accreditation) *mapView {
	b := s.newMapBuilder(rq)
	b.fill("mis-located", s.cat.T(rq.lang, "map.mission_located"))
	b.fill("mis-accredited", s.cat.T(rq.lang, "map.mission_accredited"))
	var crop []string
	if c := rq.reg.Country(m.Country); c != nil {
		b.country(c, "mis-located")
		crop = append(crop, c.ISO2)
	}
	for _, a := range current {
		c := rq.reg.Country(a.Receiver.Code)
		if a.Receiver.Type != registry.PartyState || c == nil || c.ISO2 == m.Country {
			continue
		}
		b.country(c, "mis-accredited")
		crop = append(crop, c.ISO2)
	}
	if len(crop) == 0 {
		return nil
	}
	v := b.build("mission-map", s.cat.T(rq.lang, "map.mission_title", "date", rq.asOf), crop)
	return &v
}

// homeName is the home state's name in the request's language.
func (s *Server) homeName(rq *request) string {
	if c := rq.reg.Country(rq.reg.Home()); c != nil {
		return s.cat.CountryName(rq.lang, c)
	}
	return rq.reg.Home()
}

type mapData struct {
	Coverage, Foreign mapView
	Timeline          timelineView
	Regions           regionsView
}

// mapPage is the network on a map and over time: the coverage map, the map
// of foreign missions, and the charts, each with its table.
func (s *Server) mapPage(rq *request) result {
	d := mapData{
		Coverage: s.coverageMap(rq, "coverage-map"),
		Foreign:  s.foreignMap(rq, "foreign-map"),
		Timeline: s.timeline(rq),
		Regions:  s.regions(rq),
	}
	return render("map", s.cat.T(rq.lang, "map.title"), d)
}

// timelineView is the network at the end of each year since the first
// dated record, and on the date shown for its year.
type timelineView struct {
	Rows  []timelineRow
	Chart template.HTML
}

type timelineRow struct {
	Year                         int
	Date                         registry.Date // the day the row holds for
	Last                         bool          // the row of the date shown
	Missions, Countries, Foreign int
}

// timeline computes the rows from the registry's figures.
func (s *Server) timeline(rq *request) timelineView {
	reg, last := rq.reg, rq.asOf.Year()
	first := firstYear(reg, last)
	var v timelineView
	lines := chart.Lines{
		ID: "timeline-chart", Format: func(n int) string { return i18n.FormatInt(rq.lang, n) },
		Series: []chart.Series{
			{Name: s.cat.T(rq.lang, "chart.missions"), Class: "s-missions"},
			{Name: s.cat.T(rq.lang, "chart.countries"), Class: "s-countries"},
			{Name: s.cat.T(rq.lang, "chart.foreign"), Class: "s-foreign"},
		},
	}
	for y := first; y <= last; y++ {
		d := registry.NewDate(y, time.December, 31)
		if y == last {
			d = rq.asOf
		}
		f := reg.Figures(d)
		row := timelineRow{Year: y, Date: d, Last: y == last,
			Missions:  value(f, registry.FigDiplomaticMissions) + value(f, registry.FigConsularPosts) + value(f, registry.FigOtherPosts),
			Countries: value(f, registry.FigCountriesCovered),
			Foreign:   value(f, registry.FigForeignMissionsResident) + value(f, registry.FigForeignMissionsAccredited),
		}
		v.Rows = append(v.Rows, row)
		lines.Labels = append(lines.Labels, strconv.Itoa(y))
		for i, n := range []int{row.Missions, row.Countries, row.Foreign} {
			lines.Series[i].Values = append(lines.Series[i].Values, n)
		}
	}
	lines.Title = s.cat.T(rq.lang, "chart.time_title", "first", strconv.Itoa(first), "last", strconv.Itoa(last))
	v.Chart = template.HTML(lines.SVG())
	return v
}

func value(f *registry.Figures, name string) int {
	it, _ := f.Get(name)
	return it.Value
}

// firstYear is the year of the first dated record of the network (a
// mission of the home state or in it opened, an accreditation to or from
// it), and at most last.
func firstYear(reg *registry.Registry, last int) int {
	first := last
	home := reg.Home()
	ds := reg.Dataset()
	for i := range ds.Missions {
		m := &ds.Missions[i]
		if (m.Sender.IsState(home) || m.Country == home) && !m.Opened.IsZero() {
			first = min(first, m.Opened.Year())
		}
	}
	for i := range ds.Accreditations {
		a := &ds.Accreditations[i]
		m := reg.Mission(a.Mission)
		if m != nil && (m.Sender.IsState(home) || a.Receiver.IsState(home)) && !a.From.IsZero() {
			first = min(first, a.From.Year())
		}
	}
	return first
}

// regionsView is the home state's missions open on the date shown, by the
// UN M49 region they are in.
type regionsView struct {
	Rows  []regionRow
	Chart template.HTML
}

type regionRow struct {
	Slug     string
	Missions int
}

func (s *Server) regions(rq *request) regionsView {
	counts := map[string]int{}
	ds := rq.reg.Dataset()
	for i := range ds.Missions {
		m := &ds.Missions[i]
		if !m.Sender.IsState(rq.reg.Home()) || !m.OpenAt(rq.asOf) {
			continue
		}
		if c := rq.reg.Country(m.Country); c != nil {
			counts[c.RegionCode]++
		}
	}
	var v regionsView
	bars := chart.Bars{
		ID: "regions-chart", Class: "s-missions", Format: func(n int) string { return i18n.FormatInt(rq.lang, n) },
		Title: s.cat.T(rq.lang, "chart.region_title", "home", s.homeName(rq), "date", rq.asOf),
	}
	for _, r := range regions {
		v.Rows = append(v.Rows, regionRow{Slug: r.Slug, Missions: counts[r.Code]})
		bars.Bars = append(bars.Bars, chart.Bar{Label: s.cat.T(rq.lang, "region."+r.Slug), Value: counts[r.Code]})
	}
	v.Chart = template.HTML(bars.SVG())
	return v
}
