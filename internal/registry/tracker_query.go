package registry

import (
	"cmp"
	"slices"
	"time"
)

// trackerIndex holds the records of the foreign-policy tracker by id.
type trackerIndex struct {
	nodes         map[string]*PolicyNode
	initiatives   map[string]*Initiative
	indicators    map[string]*Indicator
	engagements   map[string]*Engagement
	agreements    map[string]*Agreement
	associations  map[string]*Association
	stakeholders  map[string]*Stakeholder
	consultations map[string]*Consultation
	// commitments by the engagement that decided them.
	decided map[string][]*Commitment
}

// indexTracker fills r.tracker from r.data.
func (r *Registry) indexTracker() {
	d := &r.data
	t := trackerIndex{
		nodes:         make(map[string]*PolicyNode, len(d.PolicyNodes)),
		initiatives:   make(map[string]*Initiative, len(d.Initiatives)),
		indicators:    make(map[string]*Indicator, len(d.Indicators)),
		engagements:   make(map[string]*Engagement, len(d.Engagements)),
		agreements:    make(map[string]*Agreement, len(d.Agreements)),
		associations:  make(map[string]*Association, len(d.Associations)),
		stakeholders:  make(map[string]*Stakeholder, len(d.Stakeholders)),
		consultations: make(map[string]*Consultation, len(d.Consultations)),
		decided:       map[string][]*Commitment{},
	}
	for i := range d.PolicyNodes {
		t.nodes[d.PolicyNodes[i].ID] = &d.PolicyNodes[i]
	}
	for i := range d.Initiatives {
		t.initiatives[d.Initiatives[i].ID] = &d.Initiatives[i]
	}
	for i := range d.Indicators {
		t.indicators[d.Indicators[i].ID] = &d.Indicators[i]
	}
	for i := range d.Engagements {
		t.engagements[d.Engagements[i].ID] = &d.Engagements[i]
	}
	for i := range d.Agreements {
		t.agreements[d.Agreements[i].ID] = &d.Agreements[i]
	}
	for i := range d.Associations {
		t.associations[d.Associations[i].ID] = &d.Associations[i]
	}
	for i := range d.Stakeholders {
		t.stakeholders[d.Stakeholders[i].ID] = &d.Stakeholders[i]
	}
	for i := range d.Consultations {
		t.consultations[d.Consultations[i].ID] = &d.Consultations[i]
	}
	for i := range d.Commitments {
		if c := &d.Commitments[i]; c.Engagement != "" {
			t.decided[c.Engagement] = append(t.decided[c.Engagement], c)
		}
	}
	r.tracker = t
}

// PolicyNode returns the framework node with the given id, or nil.
func (r *Registry) PolicyNode(id string) *PolicyNode { return r.tracker.nodes[id] }

// Engagement returns the engagement with the given id, or nil.
func (r *Registry) Engagement(id string) *Engagement { return r.tracker.engagements[id] }

// Agreement returns the agreement with the given id, or nil.
func (r *Registry) Agreement(id string) *Agreement { return r.tracker.agreements[id] }

// Indicator returns the indicator with the given id, or nil.
func (r *Registry) Indicator(id string) *Indicator { return r.tracker.indicators[id] }

// Consultation returns the consultation with the given id, or nil.
func (r *Registry) Consultation(id string) *Consultation { return r.tracker.consultations[id] }

// Pending reports whether the commitment is still to be met: open or in
// progress, not done or dropped.
func (c *Commitment) Pending() bool {
	return c.Status != CommitmentDone && c.Status != CommitmentDropped
}

// Overdue reports whether the commitment is pending and its due date has
// passed on today (a due date known to the month or year is passed once
// its last day is).
func (c *Commitment) Overdue(today Date) bool {
	return c.Pending() && !c.Due.IsZero() && c.Due.Last() < today.First()
}

// addDays returns the day n days after d's first day.
func addDays(d Date, n int) Date {
	f := int(d.First())
	return DateOf(time.Date(f/10000, time.Month(f/100%100), f%100+n, 0, 0, 0, 0, time.UTC))
}

// CommitmentsDue returns the pending commitments (not done or dropped) due
// on or before today plus within days: those overdue and those falling due
// soon, earliest due first, then by id. A due date known only to its month
// or year stands for its first day. Commitments with no due date are never
// due.
func (r *Registry) CommitmentsDue(today Date, within int) []*Commitment {
	limit := addDays(today, within).First()
	var out []*Commitment
	for i := range r.data.Commitments {
		c := &r.data.Commitments[i]
		if c.Pending() && !c.Due.IsZero() && c.Due.First() <= limit {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b *Commitment) int { return cmp.Compare(a.Due.First(), b.Due.First()) })
	return out
}

// CarriedCommitments returns the decisions carried into the commission
// session engagementID: those decided at earlier sessions of the same
// commission (a lower session number) that are still open or in progress,
// or were done or dropped only on or after this session's start. They come
// by session, then by due date (none last), then by id. It returns nil when
// engagementID is not a commission session.
func (r *Registry) CarriedCommitments(engagementID string) []*Commitment {
	e := r.tracker.engagements[engagementID]
	if e == nil || e.Kind != CommissionSession || e.Commission == "" {
		return nil
	}
	var out []*Commitment
	session := map[*Commitment]int{}
	for i := range r.data.Engagements {
		s := &r.data.Engagements[i]
		if s.Kind != CommissionSession || s.Commission != e.Commission || s.Session >= e.Session {
			continue
		}
		for _, c := range r.tracker.decided[s.ID] {
			if c.Pending() || (!c.Closed.IsZero() && !e.Start.IsZero() && c.Closed.Last() >= e.Start.First()) {
				out = append(out, c)
				session[c] = s.Session
			}
		}
	}
	due := func(c *Commitment) int32 {
		if c.Due.IsZero() {
			return 1<<31 - 1
		}
		return c.Due.First()
	}
	slices.SortFunc(out, func(a, b *Commitment) int {
		return cmp.Or(cmp.Compare(session[a], session[b]), cmp.Compare(due(a), due(b)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// InForce reports whether the policy n is in force on d: adopted by then
// (or with no adoption date) and not superseded by then. Dates known only
// to their month or year count from their first day.
func (n *PolicyNode) InForce(d Date) bool {
	return startedBy(n.Adopted, d) && !endedBy(n.Superseded, d)
}

// PolicyInForce returns the policy in force on d (PolicyInForceAmong).
func (r *Registry) PolicyInForce(d Date) *PolicyNode {
	return PolicyInForceAmong(r.data.PolicyNodes, d)
}

// PolicyInForceAmong returns the policy of nodes in force on d: among the
// policies in force then (PolicyNode.InForce), the one adopted last (one
// with no adoption date counts as the oldest; ties go to the lower
// position, then the smaller id). It returns nil when no policy is in
// force. The nodes may come in any order.
func PolicyInForceAmong(nodes []PolicyNode, d Date) *PolicyNode {
	var best *PolicyNode
	for i := range nodes {
		n := &nodes[i]
		if n.Kind != NodePolicy || !n.InForce(d) {
			continue
		}
		if best == nil || cmp.Or(cmp.Compare(n.Adopted.First(), best.Adopted.First()),
			cmp.Compare(best.Position, n.Position), cmp.Compare(best.ID, n.ID)) > 0 {
			best = n
		}
	}
	return best
}

// PublicEngagements returns the engagements the portal may show one by
// one: those marked public, never a judicial-cooperation request. They
// come newest first (by start), then by id.
func (r *Registry) PublicEngagements() []*Engagement {
	var out []*Engagement
	for i := range r.data.Engagements {
		if e := &r.data.Engagements[i]; e.Shown() {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b *Engagement) int { return cmp.Compare(b.Start.First(), a.Start.First()) })
	return out
}

// CommitmentPublic reports whether c may be shown on the portal: it belongs
// to an agreement, or to an engagement shown there (PublicEngagements).
func (r *Registry) CommitmentPublic(c *Commitment) bool {
	if c.Agreement != "" {
		return c.Engagement == ""
	}
	e := r.tracker.engagements[c.Engagement]
	return e != nil && e.Shown()
}
