package importer

import (
	"fmt"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
)

// Indicator actuals carry who recorded them and who approved them, and when
// (recorded_at, recorded_by, approved_at, approved_by): the staff workspace
// and the API set these themselves (registry.StampActual), and only policy
// officers and admins approve (auth.EditPolicy). An import keeps every row
// as written, these fields included, so that the export of one deployment
// loads into another with identical records: it restores or migrates
// records vetted where they were written. Hence an import that creates an
// actual, changes a stored one's indicator, period, value, text or
// evidence, or sets or changes its recorded_* or approved_* fields is
// allowed only to the operator and to those allowed auth.EditPolicy.
// Anyone else (an editor) may import actuals only as stored, up to their
// source, last verified date and note; every other row is a problem, and
// nothing is written.

// mayVetActuals reports whether the import may write indicator actuals
// with their recording and approval as read.
func (o Options) mayVetActuals() bool {
	return o.Operator || auth.Authorize(o.Principal, auth.EditPolicy, nil, "") == nil
}

// actualField is a field of an actual that only those who may vet actuals
// import other than stored.
type actualField struct {
	column string
	same   func(a, b *registry.IndicatorActual) bool
}

// vettedFields are those fields, in the order of indicator_actuals.csv.
var vettedFields = []actualField{
	{"indicator", func(a, b *registry.IndicatorActual) bool { return a.Indicator == b.Indicator }},
	{"period", func(a, b *registry.IndicatorActual) bool { return a.Period == b.Period }},
	{"value", func(a, b *registry.IndicatorActual) bool {
		return (a.Value == nil) == (b.Value == nil) && (a.Value == nil || *a.Value == *b.Value)
	}},
	{"text", func(a, b *registry.IndicatorActual) bool { return a.Text == b.Text }},
	{"evidence", func(a, b *registry.IndicatorActual) bool { return a.Evidence == b.Evidence }},
	{"recorded_at", func(a, b *registry.IndicatorActual) bool { return a.RecordedAt.Equal(b.RecordedAt.Time) }},
	{"recorded_by", func(a, b *registry.IndicatorActual) bool { return a.RecordedBy == b.RecordedBy }},
	{"approved_at", func(a, b *registry.IndicatorActual) bool { return a.ApprovedAt.Equal(b.ApprovedAt.Time) }},
	{"approved_by", func(a, b *registry.IndicatorActual) bool { return a.ApprovedBy == b.ApprovedBy }},
}

// checkActuals reports, for an import by someone who may not vet actuals,
// each imported actual that is new or differs from the stored one in a
// vetted field: one problem per row, naming the first such field. Rows
// with a problem already are left alone, their records may be incomplete.
func (m *merger) checkActuals(rep *Report) {
	bad := badRows(rep.Problems)
	stored := make(map[string]*registry.IndicatorActual, len(m.stored.IndicatorActuals))
	for i := range m.stored.IndicatorActuals {
		stored[m.stored.IndicatorActuals[i].ID] = &m.stored.IndicatorActuals[i]
	}
	seen := map[string]bool{}
	for i := range m.imported.IndicatorActuals {
		x := &m.imported.IndicatorActuals[i]
		if x.ID == "" || seen[x.ID] {
			continue // reported by checkRows
		}
		seen[x.ID] = true
		loc, ok := m.locs["indicator_actual\x00"+x.ID]
		if !ok || bad.has(loc.File, loc.Line) {
			continue
		}
		if field, reason := unvetted(stored[x.ID], x); field != "" {
			rep.Problems = append(rep.Problems, Problem{File: loc.File, Line: loc.Line, Field: field, Reason: reason})
		}
	}
}

// unvetted returns the field, and the reason, that makes importing x over
// old (nil when x is new) need someone who may vet actuals; "" when x keeps
// every vetted field of old.
func unvetted(old, x *registry.IndicatorActual) (field, reason string) {
	const who = "only policy officers and admins "
	if old == nil {
		switch {
		case x.ApprovedBy != "":
			return "approved_by", who + "import approved actuals"
		case !x.ApprovedAt.IsZero():
			return "approved_at", who + "import approved actuals"
		}
		return "id", fmt.Sprintf("%q is a new indicator actual: "+who+"import new actuals, whose recorded_at and recorded_by an import keeps as written", x.ID)
	}
	for _, f := range vettedFields {
		if f.same(old, x) {
			continue
		}
		switch f.column {
		case "recorded_at", "recorded_by":
			return f.column, "differs from the stored actual's: " + who + "import who recorded an actual and when"
		case "approved_at", "approved_by":
			return f.column, "differs from the stored actual's: " + who + "import who approved an actual and when"
		}
		return f.column, "differs from the stored actual's: " + who +
			"import a change to an actual's indicator, period, value, text or evidence, as an import keeps who recorded and approved it as written"
	}
	return "", ""
}

// rowSet is a set of the rows, and of the whole files, that have a problem.
type rowSet map[string]bool

// badRows returns the rows and files that problems name.
func badRows(problems []Problem) rowSet {
	bad := rowSet{}
	for _, p := range problems {
		bad[fmt.Sprint(p.File, "\x00", p.Line)] = true
		if p.Line == 0 {
			bad[p.File] = true
		}
	}
	return bad
}

// has reports whether the row at file and line, or its file, has a problem.
func (s rowSet) has(file string, line int) bool {
	return s[file] || s[fmt.Sprint(file, "\x00", line)]
}
