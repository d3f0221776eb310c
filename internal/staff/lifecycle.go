package staff

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// confirmView is the page of an end or delete action.
type confirmView struct {
	Entity  *entity
	ID      string
	Action  string
	Version string
	Date    string // the end date typed
	Label   string // the end date field's label
	Errors  []string
	// Current is set after a conflict: the record changed since the page
	// was shown.
	Current bool
}

// lifecycle finds the record of an end or delete request and checks that
// p may do action on it; it answers and returns nil when not.
func (s *Server) lifecycle(w http.ResponseWriter, r *http.Request, e *entity, action auth.Action) (any, *registry.Dataset) {
	ds := s.snapshot().Dataset()
	id := r.PathValue("id")
	rec := e.find(ds, id)
	if rec == nil {
		s.notFound(w, r)
		return nil, nil
	}
	if err := auth.Authorize(principal(r), action, e.target(ds, rec), ds.Settings.HomeState); err != nil {
		s.forbidden(w, r, err)
		return nil, nil
	}
	if action == auth.End {
		if err := e.endable(rec); err != nil {
			s.errorPage(w, r, http.StatusUnprocessableEntity, "Cannot be ended", capitalize(err.Error())+". Nothing was changed.")
			return nil, nil
		}
	}
	return rec, ds
}

// handleEndForm asks for the date a record ends.
func (s *Server) handleEndForm(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rec, _ := s.lifecycle(w, r, e, auth.End)
		if rec == nil {
			return
		}
		f, _ := e.field(e.End.DateField)
		v := confirmView{Entity: e, ID: e.id(rec), Action: recordURL(e, e.id(rec)) + "/end", Label: f.Label,
			Version: strconv.FormatInt(e.meta(rec).Version, 10), Date: s.today().String()}
		s.render(w, r, http.StatusOK, "end", e.End.Verb+" "+e.Singular+" "+v.ID, e.Path, v)
	}
}

// handleEnd ends a record: its end date set to the date given, its status
// (when it has one) to the ended status; recorded as "end" in the audit
// log.
func (s *Server) handleEnd(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cur, _ := s.lifecycle(w, r, e, auth.End)
		if cur == nil {
			return
		}
		if !s.parseForm(w, r) {
			return
		}
		p, id := principal(r), e.id(cur)
		f, _ := e.field(e.End.DateField)
		v := confirmView{Entity: e, ID: id, Action: recordURL(e, id) + "/end", Label: f.Label,
			Version: r.PostForm.Get("version"), Date: strings.TrimSpace(r.PostForm.Get("date"))}
		fail := func(status int, msgs ...string) {
			v.Errors = msgs
			s.render(w, r, status, "end", e.End.Verb+" "+e.Singular+" "+id, e.Path, v)
		}
		d, err := registry.ParseDate(v.Date)
		switch {
		case err != nil:
			fail(http.StatusUnprocessableEntity, err.Error())
			return
		case d.IsZero():
			fail(http.StatusUnprocessableEntity, "The date is required.")
			return
		}
		form := recordValues(cur, e.Fields)
		form.Set(e.End.DateField, d.String())
		if e.End.StatusField != "" {
			form.Set(e.End.StatusField, e.End.Status)
		}
		form.Set("version", v.Version)
		rec, perrs := applyForm(form, e.Fields, cur, e.newRec)
		if len(perrs) > 0 {
			fail(http.StatusUnprocessableEntity, "The form carries no valid version: reload the record and try again.")
			return
		}
		err = s.write(r, func(tx *store.Tx, ds *registry.Dataset) error {
			old := e.find(ds, id)
			if old == nil {
				return fmt.Errorf("staff: %s %q: %w", e.Name, id, registry.ErrNotFound)
			}
			if e.meta(old).Version != e.meta(rec).Version {
				return fmt.Errorf("staff: %s %q: %w", e.Name, id, registry.ErrConflict)
			}
			if err := auth.Authorize(p, auth.End, e.target(ds, old), ds.Settings.HomeState); err != nil {
				return err
			}
			s.beforeSave(r, e, old, rec)
			return tx.End(rec)
		})
		if err != nil {
			s.writeFailed(w, r, err, func(verr *registry.ValidationError) {
				var msgs []string
				for _, fe := range verr.Fields {
					msgs = append(msgs, fe.Error())
				}
				fail(http.StatusUnprocessableEntity, msgs...)
			}, func() { s.staleConfirm(w, r, e, &v, fail) })
			return
		}
		s.flash(r, fmt.Sprintf("%s %s ended on %s.", capitalize(e.Singular), id, d))
		http.Redirect(w, r, recordURL(e, id), http.StatusSeeOther)
	}
}

// staleConfirm answers an end or delete made on a version that is no longer
// the stored one: the page again, with the stored version and a warning,
// so that the user looks at the record before confirming.
func (s *Server) staleConfirm(w http.ResponseWriter, r *http.Request, e *entity, v *confirmView, fail func(int, ...string)) {
	ds, err := s.db.Load(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cur := e.find(&ds, v.ID)
	if cur == nil {
		s.notFound(w, r)
		return
	}
	v.Version = strconv.FormatInt(e.meta(cur).Version, 10)
	v.Current = true
	fail(http.StatusConflict, "Someone changed this "+e.Singular+" since you opened this page. Nothing was done: look at the record as it is now, then confirm again.")
}

// handleDeleteForm asks an admin to confirm a hard delete.
func (s *Server) handleDeleteForm(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rec, _ := s.lifecycle(w, r, e, auth.Delete)
		if rec == nil {
			return
		}
		v := confirmView{Entity: e, ID: e.id(rec), Action: recordURL(e, e.id(rec)) + "/delete",
			Version: strconv.FormatInt(e.meta(rec).Version, 10)}
		s.render(w, r, http.StatusOK, "delete", "Delete "+e.Singular+" "+v.ID, e.Path, v)
	}
}

// handleDelete removes a record for good (admins; audited by the store).
func (s *Server) handleDelete(e *entity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cur, _ := s.lifecycle(w, r, e, auth.Delete)
		if cur == nil {
			return
		}
		if !s.parseForm(w, r) {
			return
		}
		p, id := principal(r), e.id(cur)
		v := confirmView{Entity: e, ID: id, Action: recordURL(e, id) + "/delete", Version: r.PostForm.Get("version")}
		fail := func(status int, msgs ...string) {
			v.Errors = msgs
			s.render(w, r, status, "delete", "Delete "+e.Singular+" "+id, e.Path, v)
		}
		version, err := strconv.ParseInt(v.Version, 10, 64)
		if err != nil {
			fail(http.StatusUnprocessableEntity, "The form carries no valid version: reload the record and try again.")
			return
		}
		err = s.write(r, func(tx *store.Tx, ds *registry.Dataset) error {
			old := e.find(ds, id)
			if old == nil {
				return fmt.Errorf("staff: %s %q: %w", e.Name, id, registry.ErrNotFound)
			}
			if e.meta(old).Version != version {
				return fmt.Errorf("staff: %s %q: %w", e.Name, id, registry.ErrConflict)
			}
			if err := auth.Authorize(p, auth.Delete, e.target(ds, old), ds.Settings.HomeState); err != nil {
				return err
			}
			return tx.Delete(old)
		})
		if err != nil {
			s.writeFailed(w, r, err, func(verr *registry.ValidationError) {
				msgs := []string{"The record was not deleted:"}
				for _, fe := range verr.Fields {
					msgs = append(msgs, fe.Error())
				}
				fail(http.StatusUnprocessableEntity, msgs...)
			}, func() { s.staleConfirm(w, r, e, &v, fail) })
			return
		}
		s.flash(r, fmt.Sprintf("%s %s deleted.", capitalize(e.Singular), id))
		http.Redirect(w, r, "/staff/"+e.Path, http.StatusSeeOther)
	}
}
