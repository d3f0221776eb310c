package staff

import (
	"fmt"
	"net/http"

	"github.com/chancery-org/chancery/internal/registry"
)

// dueWarningDays is how far ahead the dashboard lists obligations due.
const dueWarningDays = 30

// obligationsDue describes the commitments due (registry.CommitmentsDue):
// neither done nor dropped, overdue or due within dueWarningDays of today.
func obligationsDue(reg *registry.Registry, today registry.Date) []item {
	var out []item
	for _, c := range reg.CommitmentsDue(today, dueWarningDays) {
		when := "due " + c.Due.String()
		if c.Overdue(today) {
			when = "overdue since " + c.Due.String()
		}
		from := "commission session " + c.Engagement
		if c.Agreement != "" {
			from = "agreement " + c.Agreement
		}
		out = append(out, item{Label: c.ID, URL: recordURL(commitmentEntity, c.ID),
			Detail: fmt.Sprintf("%s; %s; owner %s: %s", when, from, c.Owner, c.Text)})
	}
	return out
}

// actualsAwaiting returns the indicator actuals not approved yet, with who
// recorded them and when, and whether they were recorded late.
func (s *Server) actualsAwaiting(r *http.Request, ds *registry.Dataset) []item {
	var out []item
	names := map[string]string{}
	for i := range ds.IndicatorActuals {
		a := &ds.IndicatorActuals[i]
		if a.Approved() {
			continue
		}
		detail := fmt.Sprintf("indicator %s, period %s", a.Indicator, a.Period)
		if !a.RecordedAt.IsZero() {
			detail += "; recorded by " + s.actorName(r, a.RecordedBy, names) + " at " + showTime(a.RecordedAt.Time)
		}
		if late, end := a.Late(ds.Settings.FiscalYearStartMonth()); late {
			detail += "; late: the period ended on " + end.String()
		}
		out = append(out, item{Label: a.ID, URL: recordURL(indicatorActualEntity, a.ID), Detail: detail})
	}
	return out
}
