package staff

import (
	"fmt"
	"net/http"

	"github.com/chancery-org/chancery/internal/registry"
)

// dashboardView lists what needs attention, each item linking to the record
// that fixes it.
type dashboardView struct {
	Today string
	// Figures are the computed figures that differ from the ministry's
	// declared ones.
	Figures []figureGap
	// Stale are the records last verified more than 12 months ago;
	// NeverVerified counts those never verified.
	Stale         []item
	NeverVerified int
	// Pending are accreditations in force whose credentials are not
	// presented yet.
	Pending []item
	// Terms are honorary consuls whose term ends within 90 days.
	Terms []item
	// Unratified are agreements signed more than 12 months ago whose
	// instrument of consent is not deposited; PendingInForce those the home
	// state consented to that are not in force yet.
	Unratified     []item
	PendingInForce []item
	// Uncovered are countries served by no mission, no accreditation and no
	// honorary consul, with no "served from headquarters" marker and no
	// suspended or severed relations to explain it.
	Uncovered []item
	// Obligations are commitments neither done nor dropped that are overdue
	// or due within dueWarningDays.
	Obligations []item
	// Awaiting are the indicator actuals waiting for approval, listed to
	// those who may approve them (CanApprove).
	Awaiting   []item
	CanApprove bool
	DueDays    int
}

type figureGap struct {
	Name       string
	Computed   int
	Declared   int
	Date       string
	Difference int
	URL        string
}

type item struct {
	Label  string
	URL    string
	Detail string
}

// staleAfter is how long a verification holds.
const staleMonths = 12

// termWarningDays is how far ahead honorary-consul terms are shown.
const termWarningDays = 90

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	reg := s.snapshot()
	ds := reg.Dataset()
	now := s.now().UTC()
	today := registry.DateOf(now)
	v := dashboardView{Today: today.String(), DueDays: dueWarningDays}

	for _, f := range reg.Figures(today).Items {
		if f.Declared == nil || f.Difference == 0 {
			continue
		}
		v.Figures = append(v.Figures, figureGap{Name: humanName(f.Name), Computed: f.Value, Declared: f.Declared.Value,
			Date: f.Declared.Date.String(), Difference: f.Difference, URL: recordURL(declaredFigureEntity, f.Declared.ID)})
	}

	cutoff := registry.DateOf(now.AddDate(0, -staleMonths, 0))
	for _, e := range entities {
		for _, rec := range e.records(ds) {
			lv := e.meta(rec).LastVerified
			switch {
			case lv.IsZero():
				v.NeverVerified++
			case lv.Last() < cutoff.First():
				v.Stale = append(v.Stale, item{Label: e.Singular + " " + e.id(rec), URL: recordURL(e, e.id(rec)),
					Detail: "last verified " + lv.String()})
			}
		}
	}

	for i := range ds.Accreditations {
		a := &ds.Accreditations[i]
		if a.Status == registry.AccActive && a.CredentialsPresented.IsZero() {
			v.Pending = append(v.Pending, item{Label: a.ID, URL: recordURL(accreditationEntity, a.ID),
				Detail: fmt.Sprintf("mission %s to %s", a.Mission, reg.PartyName(a.Receiver, "en"))})
		}
	}

	v.Unratified, v.PendingInForce = agreementAlerts(ds, today, registry.DateOf(now.AddDate(0, -signedUnratifiedMonths, 0)))

	horizon := registry.DateOf(now.AddDate(0, 0, termWarningDays))
	for i := range ds.HonoraryConsuls {
		h := &ds.HonoraryConsuls[i]
		if h.Status != registry.HCActive || h.TermEnd.IsZero() {
			continue
		}
		if h.TermEnd.Last() >= today.First() && h.TermEnd.First() <= horizon.First() {
			v.Terms = append(v.Terms, item{Label: h.ID, URL: recordURL(honoraryConsulEntity, h.ID),
				Detail: "term ends " + h.TermEnd.String()})
		}
	}

	for i := range ds.Countries {
		c := &ds.Countries[i]
		ans := reg.Find(c.ISO2, today)
		if ans == nil || ans.Coverage != registry.CoverNone {
			continue
		}
		if st := ans.Relations.Status; st == registry.Suspended || st == registry.Severed {
			continue
		}
		link := "/staff/finder-notes/new?country=" + c.ISO2
		if ans.Note != nil {
			link = recordURL(finderNoteEntity, c.ISO2)
		}
		v.Uncovered = append(v.Uncovered, item{Label: c.Names.EN + " (" + c.ISO2 + ")", URL: link,
			Detail: "no mission, accreditation or honorary consul; mark it as served from headquarters or record the relations"})
	}
	v.Obligations = obligationsDue(reg, today)
	if mayApprove(principal(r)) == nil {
		v.CanApprove = true
		v.Awaiting = s.actualsAwaiting(r, ds)
	}
	s.render(w, r, http.StatusOK, "dashboard", "Dashboard", "dashboard", v)
}
