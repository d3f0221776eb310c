package staff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chancery-org/chancery/internal/registry"
)

// kind is how a field is typed and shown.
type kind int

const (
	text     kind = iota // one line
	textarea             // several lines
	date                 // YYYY, YYYY-MM or YYYY-MM-DD
	number               // a whole number
	boolean              // a checkbox
	enum                 // one of Options
	multi                // any of Options (checkboxes)
	ref                  // the id of another record: a text input offering Ref's ids
	parties              // a list of states and organisations, one type:code per line
	decimal              // a number, possibly fractional; empty means none (null)
	idlist               // ids of records named by Ref, separated by ';' or new lines
	targets              // an indicator's targets, one period=value per line
)

// field is one input of an entity's form.
type field struct {
	// Name is the form input's name, and the field name the registry's
	// validation uses in its errors.
	Name string
	// Path is where the value sits in the record's JSON: "contacts.email".
	Path  string
	Label string
	Kind  kind
	// Options are the values of an enum or multi field.
	Options []string
	// Ref names the records a ref field offers: "country", "mission",
	// "organisation", "person", or "party" (countries and organisations).
	Ref  string
	Help string
	// Errs are other validation field names reported on this input.
	Errs []string
	// ID marks the record's id, fixed once the record is created.
	ID bool
	// Optional marks an enum a new record leaves empty rather than set to
	// its first option.
	Optional bool
}

// InputID is the input's HTML id.
func (f field) InputID() string { return "f-" + f.Name }

func (f field) IsText() bool {
	return f.Kind == text || f.Kind == ref || f.Kind == number || f.Kind == decimal || f.Kind == idlist
}
func (f field) IsTextarea() bool { return f.Kind == textarea || f.Kind == parties || f.Kind == targets }
func (f field) IsDate() bool     { return f.Kind == date }
func (f field) IsBool() bool     { return f.Kind == boolean }
func (f field) IsEnum() bool     { return f.Kind == enum }
func (f field) IsMulti() bool    { return f.Kind == multi }

// List returns the datalist a ref or idlist field offers, or "".
func (f field) List() string {
	if f.Kind == ref || f.Kind == idlist {
		return "list-" + f.Ref
	}
	return ""
}

// errorNames are the validation field names shown on f.
func (f field) errorNames() []string { return append([]string{f.Name}, f.Errs...) }

// errorOn returns the message a validation error shows on f, if it is
// f's: one of its errorNames, or an item of a list field ("targets[1].value"
// shows as "line 2, value: ..." on the targets field).
func (f field) errorOn(fe registry.FieldError) (string, bool) {
	if slices.Contains(f.errorNames(), fe.Field) {
		return fe.Reason, true
	}
	rest, ok := strings.CutPrefix(fe.Field, f.Name+"[")
	if !ok {
		return "", false
	}
	index, sub, ok := strings.Cut(rest, "]")
	n, err := strconv.Atoi(index)
	if !ok || err != nil || n < 0 {
		return "", false
	}
	where := fmt.Sprintf("line %d", n+1)
	if sub = strings.TrimPrefix(sub, "."); sub != "" {
		where += ", " + humanName(sub)
	}
	return where + ": " + fe.Reason, true
}

// metaFields end every entity's form.
var metaFields = []field{
	{Name: "source", Path: "source", Label: "Source", Kind: textarea, Help: "Where the facts come from: addresses of documents or pages, separated by \" ; \"."},
	{Name: "last_verified", Path: "last_verified", Label: "Last verified", Kind: date, Help: "The date someone last checked this record against its sources."},
	{Name: "note", Path: "note", Label: "Note", Kind: textarea},
}

// toMap returns the JSON object of rec, numbers kept as json.Number.
func toMap(rec any) (map[string]any, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// getPath returns the value at a dotted path of m, or nil.
func getPath(m map[string]any, path string) any {
	var v any = m
	for part := range strings.SplitSeq(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = obj[part]
	}
	return v
}

// setPath sets the value at a dotted path of m, making the objects on the
// way.
func setPath(m map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = v
}

// formValue returns the value v of a JSON record as a form shows it.
func formValue(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case bool:
		if x {
			return []string{"on"}
		}
		return nil
	case json.Number:
		if x.String() == "0" {
			return nil
		}
		return []string{x.String()}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, formValue(e)...)
		}
		return out
	}
	return []string{fmt.Sprint(v)}
}

// recordValues returns the form values of rec for fields, with its version.
func recordValues(rec any, fields []field) url.Values {
	m, err := toMap(rec)
	if err != nil {
		panic(err) // registry records always encode
	}
	vals := url.Values{}
	for _, f := range fields {
		raw := getPath(m, f.Path)
		v := formValue(raw)
		switch f.Kind {
		case parties:
			v = partyLines(raw)
		case idlist:
			v = idLine(raw)
		case targets:
			v = targetLines(raw)
		case decimal:
			// A stored zero is a value, unlike an empty field.
			if n, ok := raw.(json.Number); ok {
				v = []string{n.String()}
			}
		}
		if v != nil {
			vals[f.Name] = v
		}
	}
	vals.Set("version", "0")
	if v, ok := m["version"].(json.Number); ok {
		vals.Set("version", v.String())
	}
	return vals
}

// cleanText returns typed text as stored: line ends as "\n" (browsers send
// "\r\n", which the registry refuses as a control character).
func cleanText(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// applyForm sets the fields of the record base (nil for a new record: then
// a zero record) from the form, and returns the new record, made by newRec,
// and the errors of the values that could not be read, by field name. The
// id field is read only for a new record; the version is read from the
// hidden field "version".
func applyForm(form url.Values, fields []field, base any, newRec func() any) (any, map[string]string) {
	start := base
	if start == nil {
		start = newRec()
	}
	m, err := toMap(start)
	if err != nil {
		panic(err)
	}
	errs := map[string]string{}
	for _, f := range fields {
		if f.ID && base != nil {
			continue
		}
		raw := form[f.Name]
		// Invalid UTF-8 would be stored as U+FFFD, changed: refused.
		if slices.ContainsFunc(raw, func(v string) bool { return !utf8.ValidString(v) }) {
			errs[f.Name] = "is not valid UTF-8 text"
			continue
		}
		first := ""
		if len(raw) > 0 {
			first = raw[0]
		}
		switch f.Kind {
		case text, textarea:
			setPath(m, f.Path, cleanText(first))
		case ref:
			setPath(m, f.Path, strings.TrimSpace(first))
		case enum:
			setPath(m, f.Path, strings.TrimSpace(first))
		case date:
			s := strings.TrimSpace(first)
			if _, err := registry.ParseDate(s); err != nil {
				errs[f.Name] = err.Error()
				continue
			}
			if s == "" {
				setPath(m, f.Path, nil)
			} else {
				setPath(m, f.Path, s)
			}
		case number:
			s := strings.TrimSpace(first)
			if s == "" {
				setPath(m, f.Path, 0)
				continue
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				errs[f.Name] = fmt.Sprintf("%q is not a whole number", s)
				continue
			}
			setPath(m, f.Path, n)
		case boolean:
			setPath(m, f.Path, first != "")
		case parties:
			list, err := parsePartyLines(first)
			if err != nil {
				errs[f.Name] = err.Error()
				continue
			}
			setPath(m, f.Path, list)
		case decimal:
			n, err := parseDecimal(first)
			if err != nil {
				errs[f.Name] = err.Error()
				continue
			}
			setPath(m, f.Path, n)
		case idlist:
			list, err := parseIDList(first)
			if err != nil {
				errs[f.Name] = err.Error()
				continue
			}
			setPath(m, f.Path, list)
		case targets:
			list, err := parseTargetLines(first)
			if err != nil {
				errs[f.Name] = err.Error()
				continue
			}
			setPath(m, f.Path, list)
		case multi:
			var list []string
			for _, o := range f.Options {
				if slices.Contains(raw, o) {
					list = append(list, o)
				}
			}
			for _, v := range raw {
				if !slices.Contains(f.Options, v) {
					errs[f.Name] = fmt.Sprintf("%q is not one of %s", v, strings.Join(f.Options, ", "))
				}
			}
			setPath(m, f.Path, list)
		}
	}
	if v, err := strconv.ParseInt(strings.TrimSpace(form.Get("version")), 10, 64); err == nil && v >= 0 {
		m["version"] = v
	} else if base != nil {
		errs["version"] = "the form carries no valid version: reload the record and make your change again"
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	rec := newRec()
	if err := json.Unmarshal(b, rec); err != nil {
		errs[""] = "the form could not be read: " + err.Error()
	}
	return rec, errs
}
