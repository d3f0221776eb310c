package web

import (
	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

type homeData struct {
	Figures []figureView
	Policy  *policy.Framework
	Map     mapView // the home state's coverage on the date shown
}

// figureView is one headline figure as the home page shows it.
type figureView struct {
	registry.Figure
	Parts []partView
}

type partView struct {
	Key   string // catalogue key of the part's label
	Value int
}

// figureParts maps a figure's part names to catalogue keys.
func partKey(figure, part string) string {
	switch figure {
	case registry.FigDiplomaticMissions, registry.FigConsularPosts, registry.FigOtherPosts:
		return "kind_count." + part
	case registry.FigMemberships:
		return "membership_count." + part
	}
	return "part." + figure + "." + part
}

func (s *Server) homePage(rq *request) result {
	f := rq.reg.Figures(rq.asOf)
	var figs []figureView
	for _, it := range f.Items {
		// A zero the ministry never declared (no liaison office, say) is
		// noise on the home page; a zero beside a declared figure is news.
		if it.Value == 0 && it.Declared == nil {
			continue
		}
		v := figureView{Figure: it}
		for _, p := range it.Parts {
			if p.Value > 0 {
				v.Parts = append(v.Parts, partView{Key: partKey(it.Name, p.Name), Value: p.Value})
			}
		}
		figs = append(figs, v)
	}
	return render("home", s.cat.T(rq.lang, "home.title"), homeData{Figures: figs, Policy: framework(rq), Map: s.coverageMap(rq, "home-map")})
}
