package staff

import (
	"net/url"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzApplyForm feeds the form reader of every entity arbitrary form
// bodies, for a new record and over a stored one: it never panics, keeps a
// stored record's id, and what it reads without errors holds valid UTF-8
// only, each text typed exactly as sent (invalid bytes would be stored
// changed, as U+FFFD).
func FuzzApplyForm(f *testing.F) {
	ds := fixture()
	for _, e := range entities {
		for _, rec := range e.records(&ds) {
			f.Add(recordValues(rec, e.Fields).Encode() + "&version=1")
			break
		}
	}
	for _, s := range []string{
		"", "id=x&name=%ff%fe", "name=a%00b&version=1", "opened=2025-02-30&version=-1", "value=99999999999999999999",
		"services=visas&services=nope&services=%C0%AF", "parties=state%3ARW%0Aorg%3A", "version=" + "9999999999999999999999",
		"date=%7B%7B.%7D%7D", "name=a%0d%0ab",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return // refused by parseForm before applyForm
		}
		for _, e := range entities {
			var base any
			if recs := e.records(&ds); len(recs) > 0 {
				base = recs[0]
			}
			for _, b := range []any{nil, base} {
				if b == nil && len(form) == 0 && base == nil {
					continue
				}
				before := ""
				if b != nil {
					before = e.id(b)
				}
				rec, errs := applyForm(form, e.Fields, b, e.newRec)
				if rec == nil {
					t.Fatalf("%s: no record", e.Name)
				}
				if reflect.TypeOf(rec) != reflect.TypeOf(e.newRec()) {
					t.Fatalf("%s: a %T", e.Name, rec)
				}
				if b != nil && e.id(rec) != before {
					t.Fatalf("%s: the id changed from %q to %q", e.Name, before, e.id(rec))
				}
				if len(errs) > 0 {
					continue
				}
				got := recordValues(rec, e.Fields)
				for name, vs := range got {
					for _, v := range vs {
						if !utf8.ValidString(v) {
							t.Fatalf("%s: field %s read as invalid UTF-8 %q", e.Name, name, v)
						}
					}
				}
				for _, fd := range e.Fields {
					if (fd.Kind != text && fd.Kind != textarea) || (fd.ID && b != nil) || len(form[fd.Name]) == 0 {
						continue
					}
					if want := cleanText(form[fd.Name][0]); got.Get(fd.Name) != want {
						t.Fatalf("%s: field %s sent as %q, read as %q", e.Name, fd.Name, want, got.Get(fd.Name))
					}
				}
			}
		}
	})
}
