package web

import (
	"slices"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
)

// The tracker's records as the portal shows them. Engagements appear one by
// one only when public and never when they are judicial-cooperation requests
// (registry.Registry.PublicEngagements); associations only when public;
// commitments only when registry.Registry.CommitmentPublic allows.

// engagementView is one public engagement with its labels in the page's
// language.
type engagementView struct {
	E         *registry.Engagement
	ID, Title string
	Kind      string // the kind's label, with the direction of a visit
	Countries string // the countries' names, comma-separated
	Place     string // the city, when known
}

// engagementView prepares e for the page.
func (s *Server) engagementView(rq *request, e *registry.Engagement) engagementView {
	v := engagementView{E: e, ID: e.ID, Title: e.Title.In(rq.lang), Kind: s.cat.T(rq.lang, "engagement_kind."+string(e.Kind)), Place: e.City}
	if e.Direction != "" {
		v.Kind += " (" + s.cat.T(rq.lang, "direction."+string(e.Direction)) + ")"
	}
	names := make([]string, 0, len(e.Countries))
	for _, iso2 := range e.Countries {
		name := iso2
		if c := rq.reg.Country(iso2); c != nil {
			name = s.cat.CountryName(rq.lang, c)
		}
		names = append(names, name)
	}
	v.Countries = strings.Join(names, ", ")
	return v
}

// startedBy reports whether e had begun on d (an undated one counts as begun).
func startedBy(e *registry.Engagement, d registry.Date) bool {
	return e.Start.IsZero() || e.Start.First() <= d.First()
}

// publicEngagements returns the public engagements begun by the date shown
// for which keep (nil: all) is true, newest first, at most limit of them (0:
// no limit), prepared for the page.
func (s *Server) publicEngagements(rq *request, limit int, keep func(*registry.Engagement) bool) []engagementView {
	var out []engagementView
	for _, e := range rq.reg.PublicEngagements() {
		if !startedBy(e, rq.asOf) || (keep != nil && !keep(e)) {
			continue
		}
		out = append(out, s.engagementView(rq, e))
		if len(out) == limit {
			break
		}
	}
	return out
}

// servesAny returns a test of whether a record tagged with objectives serves
// one of ids.
func servesAny(ids ...string) func([]string) bool {
	return func(objectives []string) bool {
		return slices.ContainsFunc(objectives, func(o string) bool { return slices.Contains(ids, o) })
	}
}
