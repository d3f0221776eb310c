package staff

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// pageSize is the number of rows of a list page.
const pageSize = 50

// listView is a list page.
type listView struct {
	Entity    *entity
	Query     string
	Rows      []listRow
	Total     int // records matching the filter
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
	CanCreate bool
}

type listRow struct {
	ID    string
	URL   string
	Cells []string
}

// handleList lists the records of e, filtered by q (a case-insensitive
// substring of the id or of a shown column), pageSize at a time.
func (s *Server) handleList(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ds := s.snapshot().Dataset()
		q := strings.TrimSpace(r.URL.Query().Get("q"))
		needle := strings.ToLower(q)
		cols := e.ColumnFields()
		var rows []listRow
		for _, rec := range e.records(ds) {
			vals := recordValues(rec, cols)
			row := listRow{ID: e.id(rec), URL: recordURL(e, e.id(rec))}
			match := needle == "" || strings.Contains(strings.ToLower(row.ID), needle)
			for _, f := range cols {
				c := strings.Join(vals[f.Name], ", ")
				if f.Kind == boolean && c != "" {
					c = "yes"
				}
				row.Cells = append(row.Cells, c)
				match = match || strings.Contains(strings.ToLower(c), needle)
			}
			if match {
				rows = append(rows, row)
			}
		}
		v := listView{Entity: e, Query: q, Total: len(rows), CanCreate: mayCreateSome(principal(r), e)}
		v.Pages = max(1, (len(rows)+pageSize-1)/pageSize)
		v.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
		v.Page = min(max(v.Page, 1), v.Pages)
		v.Rows = rows[(v.Page-1)*pageSize : min(v.Page*pageSize, len(rows))]
		link := func(page int) string {
			u := url.Values{"page": {strconv.Itoa(page)}}
			if q != "" {
				u.Set("q", q)
			}
			return "/staff/" + e.Path + "?" + u.Encode()
		}
		if v.Page > 1 {
			v.PrevURL = link(v.Page - 1)
		}
		if v.Page < v.Pages {
			v.NextURL = link(v.Page + 1)
		}
		s.render(w, r, http.StatusOK, "list", e.Plural, e.Path, v)
	}
}

// recordURL is the address of a record's page.
func recordURL(e *entity, id string) string { return "/staff/" + e.Path + "/" + url.PathEscape(id) }

// formView is a record's page: its form, or its values read-only.
type formView struct {
	Entity *entity
	ID     string // "" for a new record
	Action string
	Values url.Values
	// Errors are the messages shown next to each field, by field name;
	// Others those that belong to no field of the form.
	Errors map[string][]string
	Others []string
	// Editable shows the form; otherwise the values are shown read-only.
	Editable  bool
	CanEnd    bool
	CanDelete bool
	Lists     []datalist
	// Conflict is set on a conflict page: the record as stored now.
	Conflict []conflictRow
	// Facts are what the system keeps of the record, shown above its form;
	// Actions the buttons of actions other than save, end and delete.
	Facts   []fact
	Actions []recordAction
	// Links lead to the pages of other actions on the record.
	Links []recordLink
}

// recordLink is a link to the page of an action on the record.
type recordLink struct {
	ID    string // the link's HTML id
	Label string
	URL   string
}

// fact is one thing the system keeps of a record, shown read-only.
type fact struct {
	ID    string // the HTML id of its value
	Label string
	Value string
}

// recordAction is a button that posts the record's version to URL.
type recordAction struct {
	ID      string // the button's HTML id
	Label   string
	URL     string
	Version int64
}

// Input returns what the template needs to show field f.
func (v *formView) Input(f field) input {
	in := input{F: f, Values: v.Values[f.Name], Errors: v.Errors[f.Name], Locked: f.ID && v.ID != ""}
	if len(in.Values) > 0 {
		in.Value = in.Values[0]
	}
	if in.Locked {
		in.Value, in.Values = v.ID, []string{v.ID}
	}
	return in
}

// HasErrors reports whether any error is shown.
func (v *formView) HasErrors() bool { return len(v.Errors) > 0 || len(v.Others) > 0 }

// ErrorList lists the errors for the summary at the top of the form.
func (v *formView) ErrorList() []errorLink {
	var out []errorLink
	for _, f := range v.Entity.Fields {
		for _, msg := range v.Errors[f.Name] {
			out = append(out, errorLink{Href: "#" + f.InputID(), Text: f.Label + ": " + msg})
		}
	}
	for _, msg := range v.Errors["version"] {
		out = append(out, errorLink{Text: "Version: " + msg})
	}
	for _, msg := range v.Others {
		out = append(out, errorLink{Text: msg})
	}
	return out
}

type errorLink struct{ Href, Text string }

// input is one field as a form shows it.
type input struct {
	F      field
	Value  string
	Values []string
	Errors []string
	Locked bool // the id of a stored record: shown, not editable
}

// newFormView returns the view of record id of e (id "" for a new record)
// with values.
func (s *Server) newFormView(e *entity, id string, values url.Values) *formView {
	v := &formView{Entity: e, ID: id, Values: values, Errors: map[string][]string{}, Lists: s.datalists(e)}
	v.Action = "/staff/" + e.Path
	if id != "" {
		v.Action = recordURL(e, id)
	}
	return v
}

// addErrors places the errors of a failed save on their fields: parse
// errors by field name, and the validation errors of the record id of e
// (the others, e.g. of a record that refers to it, go to Others).
func (v *formView) addErrors(parse map[string]string, verr *registry.ValidationError, id string) {
	for name, msg := range parse {
		if name == "" {
			v.Others = append(v.Others, msg)
			continue
		}
		v.Errors[name] = append(v.Errors[name], msg)
	}
	if verr == nil {
		return
	}
	for _, fe := range verr.Fields {
		if fe.Entity == "" {
			v.Others = append(v.Others, capitalize(fe.Reason)+".")
			continue
		}
		placed := false
		if fe.Entity == v.Entity.Name && fe.ID == id {
			for _, f := range v.Entity.Fields {
				if msg, ok := f.errorOn(fe); ok {
					v.Errors[f.Name] = append(v.Errors[f.Name], msg)
					placed = true
					break
				}
			}
		}
		if !placed {
			v.Others = append(v.Others, fe.Error())
		}
	}
}

// handleShow shows a record: its form when the user may edit it.
func (s *Server) handleShow(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ds := s.snapshot().Dataset()
		id := r.PathValue("id")
		rec := e.find(ds, id)
		if rec == nil {
			s.notFound(w, r)
			return
		}
		v := s.newFormView(e, id, recordValues(rec, e.Fields))
		s.permissions(r, v, ds, rec)
		if e.decorate != nil {
			e.decorate(s, r, ds, rec, v)
		}
		s.render(w, r, http.StatusOK, "record", capitalize(e.Singular)+" "+id, e.Path, v)
	}
}

// permissions sets what the user may do with rec on v.
func (s *Server) permissions(r *http.Request, v *formView, ds *registry.Dataset, rec any) {
	p, home := principal(r), ds.Settings.HomeState
	t := v.Entity.target(ds, rec)
	v.Editable = auth.Authorize(p, auth.Update, t, home) == nil
	v.CanEnd = v.Entity.endable(rec) == nil && auth.Authorize(p, auth.End, t, home) == nil
	v.CanDelete = auth.Authorize(p, auth.Delete, t, home) == nil
}

// handleNew shows the form of a new record.
func (s *Server) handleNew(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := principal(r)
		if !mayCreateSome(p, e) {
			s.forbidden(w, r, fmt.Errorf("a %s may not create any %s", humanName(string(p.Role)), e.Singular))
			return
		}
		vals := url.Values{}
		for _, f := range e.Fields {
			if f.Kind == enum && len(f.Options) > 0 && !f.Optional {
				vals.Set(f.Name, f.Options[0])
			}
		}
		for _, f := range e.Fields {
			if q := r.URL.Query()[f.Name]; len(q) > 0 {
				vals[f.Name] = q
			}
		}
		if p.Role == auth.MissionOfficer {
			for _, name := range []string{"mission", "supervising_mission"} {
				if _, ok := e.field(name); ok {
					vals.Set(name, p.MissionID)
				}
			}
		}
		v := s.newFormView(e, "", vals)
		v.Editable = true
		s.render(w, r, http.StatusOK, "record", "New "+e.Singular, e.Path, v)
	}
}

// handleCreate stores a new record.
func (s *Server) handleCreate(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := principal(r)
		if !mayCreateSome(p, e) {
			s.forbidden(w, r, fmt.Errorf("a %s may not create any %s", humanName(string(p.Role)), e.Singular))
			return
		}
		if !s.parseForm(w, r) {
			return
		}
		rec, perrs := applyForm(r.PostForm, e.Fields, nil, e.newRec)
		delete(perrs, "version")
		invalid := func(verr *registry.ValidationError) {
			v := s.newFormView(e, "", r.PostForm)
			v.Editable = true
			v.addErrors(perrs, verr, e.id(rec))
			s.render(w, r, http.StatusUnprocessableEntity, "record", "New "+e.Singular, e.Path, v)
		}
		if len(perrs) > 0 {
			invalid(nil)
			return
		}
		err := s.write(r, func(tx *store.Tx, ds *registry.Dataset) error {
			if err := auth.Authorize(p, auth.Create, e.target(ds, rec), ds.Settings.HomeState); err != nil {
				return err
			}
			s.beforeSave(r, e, nil, rec)
			return tx.Insert(rec)
		})
		if err != nil {
			s.writeFailed(w, r, err, invalid, nil)
			return
		}
		s.flash(r, capitalize(e.Singular)+" "+e.id(rec)+" created.")
		http.Redirect(w, r, recordURL(e, e.id(rec)), http.StatusSeeOther)
	}
}

// handleUpdate saves an edited record, provided its version is still the
// stored one: otherwise it shows the conflict page.
func (s *Server) handleUpdate(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := principal(r)
		ds := s.snapshot().Dataset()
		id := r.PathValue("id")
		cur := e.find(ds, id)
		if cur == nil {
			s.notFound(w, r)
			return
		}
		if err := auth.Authorize(p, auth.Update, e.target(ds, cur), ds.Settings.HomeState); err != nil {
			s.forbidden(w, r, err)
			return
		}
		if !s.parseForm(w, r) {
			return
		}
		rec, perrs := applyForm(r.PostForm, e.Fields, cur, e.newRec)
		invalid := func(verr *registry.ValidationError) {
			v := s.newFormView(e, id, r.PostForm)
			v.Editable = true
			v.addErrors(perrs, verr, id)
			s.render(w, r, http.StatusUnprocessableEntity, "record", capitalize(e.Singular)+" "+id, e.Path, v)
		}
		if len(perrs) > 0 {
			invalid(nil)
			return
		}
		err := s.write(r, func(tx *store.Tx, ds *registry.Dataset) error {
			old := e.find(ds, id)
			if old == nil {
				return fmt.Errorf("staff: %s %q: %w", e.Name, id, registry.ErrNotFound)
			}
			if e.meta(old).Version != e.meta(rec).Version {
				return fmt.Errorf("staff: %s %q: %w", e.Name, id, registry.ErrConflict)
			}
			if err := auth.AuthorizeUpdate(p, e.target(ds, old), e.target(ds, rec), ds.Settings.HomeState); err != nil {
				return err
			}
			s.beforeSave(r, e, old, rec)
			return tx.Update(rec)
		})
		if err != nil {
			s.writeFailed(w, r, err, invalid, func() { s.conflict(w, r, e, id, r.PostForm) })
			return
		}
		s.flash(r, capitalize(e.Singular)+" "+id+" saved.")
		http.Redirect(w, r, recordURL(e, id), http.StatusSeeOther)
	}
}

// beforeSave runs e's beforeSave hook, if any, on a record the signed-in
// user of r saves now (old nil for a new record).
func (s *Server) beforeSave(r *http.Request, e *entity, old, rec any) {
	if e.beforeSave != nil {
		e.beforeSave(old, rec, actorID(r), s.now())
	}
}

// actorID returns the audit actor id of r's signed-in user ("user:3").
func actorID(r *http.Request) string {
	a, _ := audit.ActorFrom(r.Context())
	return a.ID
}

// write runs fn in one store transaction, with the data as the transaction
// sees it, and publishes the registry it commits.
func (s *Server) write(r *http.Request, fn func(tx *store.Tx, ds *registry.Dataset) error) error {
	reg, err := s.db.WriteRegistry(r.Context(), func(tx *store.Tx) error {
		ds, err := tx.Load()
		if err != nil {
			return err
		}
		return fn(tx, &ds)
	})
	if err != nil {
		return err
	}
	s.publish(reg)
	return nil
}

// writeFailed answers a failed write: a refusal with 403, invalid data with
// invalid (an existing id as an error on the id), a conflict with
// onConflict (nil: answered as invalid data with the conflict's message), a
// missing record with 404, and anything else with 500.
func (s *Server) writeFailed(w http.ResponseWriter, r *http.Request, err error, invalid func(*registry.ValidationError), onConflict func()) {
	if verr, ok := errors.AsType[*registry.ValidationError](err); ok {
		invalid(verr)
		return
	}
	switch {
	case errors.Is(err, auth.ErrForbidden):
		s.forbidden(w, r, err)
	case errors.Is(err, registry.ErrConflict) && onConflict != nil:
		onConflict()
	case errors.Is(err, registry.ErrConflict):
		invalid(&registry.ValidationError{Fields: []registry.FieldError{{Field: "version", Reason: registry.ErrConflict.Error()}}})
	case errors.Is(err, store.ErrExists):
		invalid(&registry.ValidationError{Fields: []registry.FieldError{{Field: "id", Reason: "a record with this id already exists"}}})
	case errors.Is(err, registry.ErrNotFound):
		s.notFound(w, r)
	default:
		s.serverError(w, r, err)
	}
}
