package staff

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// conflictRow compares one field of the user's change with the record as
// stored now.
type conflictRow struct {
	Label   string
	Yours   string
	Current string
	// Differs is set when the user's value is not the stored one.
	Differs bool
}

// conflict answers a save whose version is no longer the stored one (409):
// the user's values beside the stored record, field by field, and the
// form again, filled with the user's values and the stored version, so
// that saving it re-applies their change on top of the current record.
// Nothing was written.
func (s *Server) conflict(w http.ResponseWriter, r *http.Request, e *entity, id string, submitted url.Values) {
	ds, err := s.db.Load(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cur := e.find(&ds, id)
	if cur == nil {
		s.errorPage(w, r, http.StatusConflict, "Record deleted",
			"Someone deleted this "+e.Singular+" while you were editing it. Your change was not saved.")
		return
	}
	stored := recordValues(cur, e.Fields)
	yours := url.Values{}
	for _, f := range e.Fields {
		if f.ID {
			yours[f.Name] = stored[f.Name]
			continue
		}
		yours[f.Name] = submitted[f.Name]
	}
	v := s.newFormView(e, id, yours)
	for _, f := range e.Fields {
		a, b := showValues(f, yours[f.Name]), showValues(f, stored[f.Name])
		v.Conflict = append(v.Conflict, conflictRow{Label: f.Label, Yours: a, Current: b, Differs: a != b})
	}
	yours.Set("version", stored.Get("version"))
	s.permissions(r, v, &ds, cur)
	if e.decorate != nil {
		e.decorate(s, r, &ds, cur, v)
	}
	s.render(w, r, http.StatusConflict, "record", "Conflict: "+e.Singular+" "+id, e.Path, v)
}

// showValues returns a field's values as one line of text, in the order of
// the field's options for a multi field.
func showValues(f field, vals []string) string {
	var out []string
	for _, v := range vals {
		v = cleanText(v)
		if f.Kind != text && f.Kind != textarea {
			v = strings.TrimSpace(v)
		}
		if v != "" {
			out = append(out, v)
		}
	}
	if f.Kind == multi {
		slices.SortFunc(out, func(a, b string) int { return slices.Index(f.Options, a) - slices.Index(f.Options, b) })
	}
	if f.Kind == boolean && len(out) > 0 {
		return "yes"
	}
	return strings.Join(out, ", ")
}
