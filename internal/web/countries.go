package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
)

type countriesData struct {
	Query    string
	Matches  []countryRow // the search's answers, or every country when there is no query
	Searched bool
}

// countryRow is one country of the finder's list, prepared in Go: the full
// list has some 250 rows, and the template only prints them.
type countryRow struct {
	C             *registry.Country
	Name, Href    string
	Coverage      registry.Coverage
	CoverageLabel string
}

// countriesPage is the finder: without a query it lists every country with
// how the home state serves it; with one, a single match goes straight to
// the country's page, several are listed, none is said plainly.
func (s *Server) countriesPage(rq *request) result {
	d := countriesData{Query: rq.param("q")}
	var found []*registry.Country
	if d.Query != "" {
		d.Searched = true
		found = s.searchIndex(rq.reg, rq.lang).find(d.Query)
		if len(found) == 1 {
			u := "/" + rq.lang + "/countries/" + found[0].ISO2
			if rq.asOfSet {
				u += "?" + url.Values{"as_of": {rq.asOf.String()}}.Encode()
			}
			return result{redirect: u}
		}
	} else {
		ds := rq.reg.Dataset()
		for i := range ds.Countries {
			found = append(found, &ds.Countries[i])
		}
	}
	var asOf string
	if rq.asOfSet {
		asOf = "?as_of=" + rq.asOf.String()
	}
	labels := map[registry.Coverage]string{}
	for _, c := range found {
		cov := rq.reg.Find(c.ISO2, rq.asOf).Coverage
		if _, ok := labels[cov]; !ok {
			labels[cov] = s.cat.T(rq.lang, "coverage."+string(cov))
		}
		d.Matches = append(d.Matches, countryRow{
			C: c, Name: s.cat.CountryName(rq.lang, c), Href: "/" + rq.lang + "/countries/" + c.ISO2 + asOf,
			Coverage: cov, CoverageLabel: labels[cov],
		})
	}
	sortByName(d.Matches, func(r countryRow) string { return r.Name })
	title := s.cat.T(rq.lang, "countries.title")
	if d.Searched {
		title = s.cat.T(rq.lang, "countries.results_title", "query", d.Query)
	}
	res := render("countries", title, d)
	res.noCache = d.Searched
	return res
}

type countryData struct {
	A *registry.Answer
	// Covering missions grouped for the sentence "covered from …".
	Consuls []*registry.HonoraryConsul
	Note    string // the ministry's text for the country, in the page's language
	// Associations are the public associations of nationals abroad in the
	// country, by name; Engagements the public engagements with it begun by
	// the date shown, newest first.
	Associations []*registry.Association
	Engagements  []engagementView
}

func (s *Server) countryPage(rq *request) result {
	iso2 := strings.ToUpper(rq.PathValue("iso2"))
	if iso2 != rq.PathValue("iso2") && rq.reg.Country(iso2) != nil {
		// /en/countries/ke -> /en/countries/KE
		u := "/" + rq.lang + "/countries/" + iso2
		if rq.asOfSet {
			u += "?as_of=" + rq.asOf.String()
		}
		return result{redirect: u}
	}
	a := rq.reg.Find(iso2, rq.asOf)
	if a == nil {
		return fail(http.StatusNotFound, "error.no_country", "code", clip(rq.PathValue("iso2")))
	}
	d := countryData{A: a, Consuls: a.HonoraryConsuls}
	if a.Note != nil {
		d.Note = a.Note.Text.In(rq.lang)
	}
	ds := rq.reg.Dataset()
	for i := range ds.Associations {
		if as := &ds.Associations[i]; as.Shown() && as.Country == iso2 {
			d.Associations = append(d.Associations, as)
		}
	}
	sortByName(d.Associations, func(as *registry.Association) string { return as.Name })
	d.Engagements = s.publicEngagements(rq, 0, func(e *registry.Engagement) bool { return slices.Contains(e.Countries, iso2) })
	return render("country", s.cat.CountryName(rq.lang, a.Country), d)
}
