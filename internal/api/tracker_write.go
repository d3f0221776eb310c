package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// trackerWriteEntities are the policy tracker's records to the write API.
// An indicator actual's recorded_* and approved_* fields are the system's:
// values a client sends are ignored, and registry.StampActual sets them
// (see stampActual); POST /api/v1/indicator-actuals/{id}/approve approves.
var trackerWriteEntities = []*writeEntity{
	defineWrite("policy_node", "policy-nodes",
		func(ds *registry.Dataset) []registry.PolicyNode { return ds.PolicyNodes },
		func(x *registry.PolicyNode) string { return x.ID },
		func(x *registry.PolicyNode) *registry.Meta { return &x.Meta },
		func(x *registry.PolicyNode) bool { return !x.Superseded.IsZero() }),
	defineWrite("initiative", "initiatives",
		func(ds *registry.Dataset) []registry.Initiative { return ds.Initiatives },
		func(x *registry.Initiative) string { return x.ID },
		func(x *registry.Initiative) *registry.Meta { return &x.Meta },
		func(x *registry.Initiative) bool {
			return x.Status == registry.InitiativeCompleted || x.Status == registry.InitiativeCancelled
		}),
	defineWrite("indicator", "indicators",
		func(ds *registry.Dataset) []registry.Indicator { return ds.Indicators },
		func(x *registry.Indicator) string { return x.ID },
		func(x *registry.Indicator) *registry.Meta { return &x.Meta },
		nil),
	withStamp(defineWrite("indicator_actual", "indicator-actuals",
		func(ds *registry.Dataset) []registry.IndicatorActual { return ds.IndicatorActuals },
		func(x *registry.IndicatorActual) string { return x.ID },
		func(x *registry.IndicatorActual) *registry.Meta { return &x.Meta },
		nil), stampActual),
	defineWrite("engagement", "engagements",
		func(ds *registry.Dataset) []registry.Engagement { return ds.Engagements },
		func(x *registry.Engagement) string { return x.ID },
		func(x *registry.Engagement) *registry.Meta { return &x.Meta },
		nil),
	defineWrite("commitment", "commitments",
		func(ds *registry.Dataset) []registry.Commitment { return ds.Commitments },
		func(x *registry.Commitment) string { return x.ID },
		func(x *registry.Commitment) *registry.Meta { return &x.Meta },
		func(x *registry.Commitment) bool {
			return x.Status == registry.CommitmentDone || x.Status == registry.CommitmentDropped
		}),
	defineWrite("association", "associations",
		func(ds *registry.Dataset) []registry.Association { return ds.Associations },
		func(x *registry.Association) string { return x.ID },
		func(x *registry.Association) *registry.Meta { return &x.Meta },
		nil),
	defineWrite("stakeholder", "stakeholders",
		func(ds *registry.Dataset) []registry.Stakeholder { return ds.Stakeholders },
		func(x *registry.Stakeholder) string { return x.ID },
		func(x *registry.Stakeholder) *registry.Meta { return &x.Meta },
		nil),
	defineWrite("consultation", "consultations",
		func(ds *registry.Dataset) []registry.Consultation { return ds.Consultations },
		func(x *registry.Consultation) string { return x.ID },
		func(x *registry.Consultation) *registry.Meta { return &x.Meta },
		nil),
}

func withStamp(e *writeEntity, stamp func(old, rec any, who string, now time.Time)) *writeEntity {
	e.stamp = stamp
	return e
}

// stampActual sets the fields of an actual the system keeps: rec is saved
// by who at now, replacing old (nil when rec is new).
func stampActual(old, rec any, who string, now time.Time) {
	var o *registry.IndicatorActual
	if old != nil {
		o = old.(*registry.IndicatorActual)
	}
	registry.StampActual(o, rec.(*registry.IndicatorActual), who, now)
}

// actor is who the stamps of a write by p name: the token, as the audit log
// names it ("token:12").
func actor(p auth.Principal) string { return audit.TokenActor(p.TokenID) }

const approvePath = "/api/v1/indicator-actuals/{id}/approve"

// alreadyApproved is the error of approving an actual approved already.
type alreadyApproved struct{ x *registry.IndicatorActual }

func (e *alreadyApproved) Error() string {
	return "indicator actual " + quote(e.x.ID) + " was already approved by " + quote(e.x.ApprovedBy) +
		" at " + e.x.ApprovedAt.UTC().Format(time.RFC3339Nano)
}

// approve answers POST /api/v1/indicator-actuals/{id}/approve: a policy
// officer or an admin approves the actual, provided If-Match names its
// current version; the answer is the actual, approved by the token at the
// time of the request, with its new version. The request has no body. An
// actual approved already is answered 409, naming who approved it and when,
// as the staff workspace refuses it.
func (wr *writer) approve(w http.ResponseWriter, r *http.Request) {
	writeHeaders(w.Header())
	e := entityNamed("indicator_actual")
	id := r.PathValue("id")
	p, ok := wr.authenticate(w, r)
	if !ok {
		return
	}
	tags, ok := ifMatch(w, r)
	if !ok {
		return
	}
	if n, _ := io.ReadFull(http.MaxBytesReader(w, r.Body, 1), make([]byte, 1)); n > 0 {
		sendProblem(w, r, http.StatusBadRequest, typeBadBody, "Bad request body",
			"approving an actual takes no body: send the request with an empty body", nil)
		return
	}
	reg, err := wr.write(w, r, p, func(tx *store.Tx, ds *registry.Dataset) error {
		found := e.find(ds, id)
		if found == nil {
			return fmt.Errorf("api: %s %q: %w", e.name, id, registry.ErrNotFound)
		}
		if err := auth.Authorize(p, auth.EditPolicy, nil, ds.Settings.HomeState); err != nil {
			return err
		}
		old := found.(*registry.IndicatorActual)
		if old.Approved() {
			return &alreadyApproved{old}
		}
		if err := tags.check(versionTag(old.Version)); err != nil {
			return err
		}
		x := *old
		x.Revision, x.UpdatedAt = 0, registry.Timestamp{}
		registry.ApproveActual(&x, actor(p), wr.now())
		return tx.Update(&x)
	})
	if err != nil {
		if errors.Is(err, registry.ErrNotFound) {
			writeProblem(w, r, notFound("no indicator actual "+quote(id)))
			return
		}
		if aa, ok := errors.AsType[*alreadyApproved](err); ok {
			sendProblem(w, r, http.StatusConflict, typeConflict, "Conflict",
				aa.Error()+"; nothing was written. A change to its period, value, text or evidence makes it wait for approval again.", nil)
			return
		}
		wr.failed(w, r, e, id, err)
		return
	}
	wr.sendRecord(w, r, http.StatusOK, e, reg, id)
}

// entityNamed returns the write entity of the given name.
func entityNamed(name string) *writeEntity {
	for _, e := range writeEntities {
		if e.name == name {
			return e
		}
	}
	panic("api: no write entity " + name)
}
