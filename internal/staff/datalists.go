package staff

import "slices"

// datalist offers the ids of one kind of record to the inputs that refer to
// them (HTML <datalist>: suggestions, no script).
type datalist struct {
	ID      string
	Options []option
}

type option struct{ Value, Label string }

// datalist returns the list of the records named by ref: "country",
// "mission", "organisation", "person", "party" (countries and
// organisations), "agreement", the policy tracker's "policy_node",
// "policy" and "objective" (nodes of the framework, every one or those of
// one kind), "indicator", "engagement", "association" or "stakeholder".
func (s *Server) datalist(ref string) datalist {
	ds := s.snapshot().Dataset()
	l := datalist{ID: "list-" + ref}
	if ref == "country" || ref == "party" {
		for _, c := range ds.Countries {
			l.Options = append(l.Options, option{c.ISO2, c.Names.EN})
		}
	}
	if ref == "organisation" || ref == "party" {
		for _, o := range ds.Organisations {
			l.Options = append(l.Options, option{o.ID, o.Acronym + ": " + o.Names.EN})
		}
	}
	switch ref {
	case "mission":
		for _, m := range ds.Missions {
			l.Options = append(l.Options, option{m.ID, m.Name})
		}
	case "person":
		for _, p := range ds.People {
			l.Options = append(l.Options, option{p.ID, p.Name})
		}
	case "agreement":
		for _, a := range ds.Agreements {
			l.Options = append(l.Options, option{a.ID, a.Title.EN})
		}
	case "policy_node", "policy", "objective":
		for _, n := range ds.PolicyNodes {
			if ref == "policy_node" || string(n.Kind) == ref {
				l.Options = append(l.Options, option{n.ID, string(n.Kind) + ": " + n.Title.EN})
			}
		}
	case "indicator":
		for _, x := range ds.Indicators {
			l.Options = append(l.Options, option{x.ID, x.Title.EN})
		}
	case "engagement":
		for _, x := range ds.Engagements {
			l.Options = append(l.Options, option{x.ID, x.Start.String() + " " + x.Title.EN})
		}
	case "association":
		for _, x := range ds.Associations {
			l.Options = append(l.Options, option{x.ID, x.Name + " (" + x.Country + ")"})
		}
	case "stakeholder":
		for _, x := range ds.Stakeholders {
			l.Options = append(l.Options, option{x.ID, x.Name})
		}
	}
	return l
}

// datalists returns the lists e's form refers to.
func (s *Server) datalists(e *entity) []datalist {
	var refs []string
	for _, f := range e.Fields {
		if (f.Kind == ref || f.Kind == idlist) && !slices.Contains(refs, f.Ref) {
			refs = append(refs, f.Ref)
		}
	}
	out := make([]datalist, len(refs))
	for i, r := range refs {
		out[i] = s.datalist(r)
	}
	return out
}
