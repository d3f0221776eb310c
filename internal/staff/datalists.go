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
// "mission", "organisation", "person", or "party" (countries and
// organisations).
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
	}
	return l
}

// datalists returns the lists e's form refers to.
func (s *Server) datalists(e *entity) []datalist {
	var refs []string
	for _, f := range e.Fields {
		if f.Kind == ref && !slices.Contains(refs, f.Ref) {
			refs = append(refs, f.Ref)
		}
	}
	out := make([]datalist, len(refs))
	for i, r := range refs {
		out[i] = s.datalist(r)
	}
	return out
}
