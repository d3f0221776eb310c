package staff

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// stampActual is the beforeSave hook of indicator actuals: who recorded
// and approved one is kept by the system (registry.StampActual), never
// taken from the form.
func stampActual(old, rec any, who string, now time.Time) {
	o, _ := old.(*registry.IndicatorActual)
	registry.StampActual(o, rec.(*registry.IndicatorActual), who, now)
}

// mayApprove returns nil when p may approve actuals: policy officers and
// admins (auth.EditPolicy).
func mayApprove(p auth.Principal) error {
	return auth.Authorize(p, auth.EditPolicy, nil, "")
}

// showTime writes an instant as the workspace does.
func showTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// decorateActual shows who recorded and approved an actual, whether it was
// recorded late, and the "Approve" button to those who may approve it.
func decorateActual(s *Server, r *http.Request, ds *registry.Dataset, rec any, v *formView) {
	a := rec.(*registry.IndicatorActual)
	names := map[string]string{}
	recorded := "not recorded"
	if !a.RecordedAt.IsZero() {
		recorded = s.actorName(r, a.RecordedBy, names) + " at " + showTime(a.RecordedAt.Time)
	}
	v.Facts = append(v.Facts, fact{ID: "fact-recorded", Label: "Recorded by", Value: recorded})
	if late, end := a.Late(ds.Settings.FiscalYearStartMonth()); late {
		v.Facts = append(v.Facts, fact{ID: "fact-late", Label: "Late", Value: "recorded after its period ended on " + end.String()})
	}
	approval := "awaiting approval: it does not count towards progress until a policy officer approves it"
	if a.Approved() {
		approval = "approved by " + s.actorName(r, a.ApprovedBy, names) + " at " + showTime(a.ApprovedAt.Time)
	}
	v.Facts = append(v.Facts, fact{ID: "fact-approval", Label: "Approval", Value: approval})
	if !a.Approved() && mayApprove(principal(r)) == nil {
		v.Actions = append(v.Actions, recordAction{ID: "approve", Label: "Approve this actual",
			URL: recordURL(v.Entity, a.ID) + "/approve", Version: a.Version})
	}
}

// handleApproveActual approves an indicator actual (policy officers and
// admins), provided the version posted is still the stored one: saved
// through the store like any change, audited, and validated.
func (s *Server) handleApproveActual(w http.ResponseWriter, r *http.Request) {
	e := indicatorActualEntity
	p, id := principal(r), r.PathValue("id")
	cur, _ := e.find(s.snapshot().Dataset(), id).(*registry.IndicatorActual)
	if cur == nil {
		s.notFound(w, r)
		return
	}
	if err := mayApprove(p); err != nil {
		s.forbidden(w, r, err)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	version, err := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get("version")), 10, 64)
	if err != nil {
		s.errorPage(w, r, http.StatusUnprocessableEntity, "Not approved",
			"The form carries no valid version: reload the actual and approve it again. Nothing was changed.")
		return
	}
	if cur.Approved() && cur.Version == version {
		s.flash(r, fmt.Sprintf("Indicator actual %s was already approved.", id))
		http.Redirect(w, r, recordURL(e, id), http.StatusSeeOther)
		return
	}
	err = s.write(r, func(tx *store.Tx, ds *registry.Dataset) error {
		old, _ := e.find(ds, id).(*registry.IndicatorActual)
		if old == nil {
			return fmt.Errorf("staff: %s %q: %w", e.Name, id, registry.ErrNotFound)
		}
		// An actual approved or changed since the page was shown is
		// looked at again before it is approved.
		if old.Version != version || old.Approved() {
			return fmt.Errorf("staff: %s %q: %w", e.Name, id, registry.ErrConflict)
		}
		if err := auth.Authorize(p, auth.Update, e.target(ds, old), ds.Settings.HomeState); err != nil {
			return err
		}
		x := *old
		registry.ApproveActual(&x, actorID(r), s.now())
		return tx.Update(&x)
	})
	if err != nil {
		s.writeFailed(w, r, err, func(verr *registry.ValidationError) {
			msgs := []string{"The actual was not approved:"}
			for _, fe := range verr.Fields {
				msgs = append(msgs, fe.Error())
			}
			s.errorPage(w, r, http.StatusUnprocessableEntity, "Not approved", strings.Join(msgs, " "))
		}, func() {
			s.errorPage(w, r, http.StatusConflict, "Not approved",
				"Someone changed or approved this actual since you opened its page. Nothing was done: look at it as it is now, then approve it if it is right.")
		})
		return
	}
	s.flash(r, fmt.Sprintf("Indicator actual %s approved.", id))
	http.Redirect(w, r, recordURL(e, id), http.StatusSeeOther)
}
