package web

import (
	"net/http"
	"slices"

	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

// /{lang}/engagements lists the public engagements begun by the date shown,
// newest first, filtered by kind (?kind=) and by the fiscal year their start
// falls in (?fy=2025-2026); the commission sessions among them with their
// decisions and the open decisions carried from earlier sessions; and the
// judicial-cooperation requests, never one by one, only as counts by status.

// publicKinds are the kinds of engagement the page lists and filters by:
// every kind but judicial requests.
var publicKinds = []registry.EngagementKind{
	registry.Visit, registry.Meeting, registry.Summit, registry.CommissionSession, registry.TradeMission,
	registry.Commemoration, registry.CommunityEvent, registry.PeaceContribution,
}

// requestStatuses are the statuses of judicial requests, in the order counted.
var requestStatuses = []registry.RequestStatus{
	registry.RequestSent, registry.RequestReceived, registry.RequestInProgress,
	registry.RequestGranted, registry.RequestRefused, registry.RequestWithdrawn,
}

type engagementsData struct {
	Kind, FY    string // the filters given ("" for all)
	Kinds       []registry.EngagementKind
	Years       []string // fiscal years holding a public engagement, latest first
	Filtered    bool
	Engagements []engagementView
	Sessions    []sessionView
	Requests    []statusCount // judicial requests by status; none with a zero count
	// RequestsTotal counts the judicial requests begun by the date shown (in
	// the fiscal year asked for).
	RequestsTotal int
}

// sessionView is a public commission session with its decisions and the
// decisions of earlier sessions still open when it met.
type sessionView struct {
	engagementView
	Decisions, Carried []*registry.Commitment
}

type statusCount struct {
	Status string
	N      int
}

func (s *Server) engagementsPage(rq *request) result {
	d := engagementsData{Kind: rq.param("kind"), FY: rq.param("fy"), Kinds: publicKinds}
	if d.Kind != "" && !slices.Contains(publicKinds, registry.EngagementKind(d.Kind)) {
		return fail(http.StatusBadRequest, "error.bad_choice", "field", "kind", "value", clip(d.Kind))
	}
	sm := rq.reg.Settings().FiscalYearStartMonth()
	var inYear func(registry.Date) bool
	if d.FY != "" {
		fy, ok, _ := parseReportYear(d.FY, sm)
		if !ok {
			return fail(http.StatusBadRequest, "error.bad_fiscal_year", "value", clip(d.FY), "example", currentFiscalYear(rq).String())
		}
		first, last := fy.Start().First(), fy.End().First()
		inYear = func(day registry.Date) bool { return !day.IsZero() && day.First() >= first && day.First() <= last }
	}
	d.Filtered = d.Kind != "" || d.FY != ""

	// A start is placed, as the filter places it, in the fiscal year that
	// holds its first day: a date known only to its year or month too.
	years := map[string]bool{}
	for _, e := range rq.reg.PublicEngagements() {
		if !startedBy(e, rq.asOf) || e.Start.IsZero() {
			continue
		}
		if fy := policy.FiscalYearOf(dayTime(e.Start), sm); fy.Year >= registry.MinFiscalYear && fy.Year <= registry.MaxFiscalYear {
			years[fy.String()] = true
		}
	}
	for y := range years {
		d.Years = append(d.Years, y)
	}
	slices.Sort(d.Years)
	slices.Reverse(d.Years)

	d.Engagements = s.publicEngagements(rq, 0, func(e *registry.Engagement) bool {
		return (d.Kind == "" || string(e.Kind) == d.Kind) && (inYear == nil || inYear(e.Start))
	})
	ds := rq.reg.Dataset()
	for _, v := range d.Engagements {
		if v.E.Kind != registry.CommissionSession {
			continue
		}
		sv := sessionView{engagementView: v}
		for i := range ds.Commitments {
			if c := &ds.Commitments[i]; c.Engagement == v.ID && rq.reg.CommitmentPublic(c) {
				sv.Decisions = append(sv.Decisions, c)
			}
		}
		for _, c := range rq.reg.CarriedCommitments(v.ID) {
			if rq.reg.CommitmentPublic(c) {
				sv.Carried = append(sv.Carried, c)
			}
		}
		d.Sessions = append(d.Sessions, sv)
	}

	counts := map[registry.RequestStatus]int{}
	for i := range ds.Engagements {
		e := &ds.Engagements[i]
		if e.Kind == registry.JudicialRequest && startedBy(e, rq.asOf) && (inYear == nil || inYear(e.Start)) {
			counts[e.Status]++
			d.RequestsTotal++
		}
	}
	for _, st := range requestStatuses {
		if n := counts[st]; n > 0 {
			d.Requests = append(d.Requests, statusCount{Status: string(st), N: n})
		}
	}
	return render("engagements", s.cat.T(rq.lang, "engagements.title"), d)
}
