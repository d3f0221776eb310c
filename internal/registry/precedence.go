package registry

import (
	"cmp"
	"slices"
)

// ListEntry is one head of mission (or chargé d'affaires) on the Diplomatic List.
type ListEntry struct {
	Rank        int          `json:"rank,omitempty"` // 1 = the dean; 0 for entries outside the order of precedence
	Appointment *Appointment `json:"appointment"`
	Person      *Person      `json:"person,omitempty"`
	Mission     *Mission     `json:"mission,omitempty"`
	Class       int          `json:"class"`
	Resident    bool         `json:"resident"` // the mission is in the home state
}

// DiplomaticList is the order of precedence of the heads of mission accredited
// to the home state on a date (VCDR arts. 13, 14 and 16).
type DiplomaticList struct {
	AsOf Date `json:"as_of"`
	// Heads are the heads of mission who have presented their credentials, in
	// order of precedence; the first is the dean.
	Heads []ListEntry `json:"heads"`
	// ChargesAI are chargés d'affaires ad interim, by the date they took charge.
	ChargesAI []ListEntry `json:"charges_ai"`
	// Pending are heads of mission accredited but who have not yet presented
	// their credentials, by appointment date.
	Pending []ListEntry `json:"pending"`
}

// Dean returns the dean of the diplomatic corps, or nil.
func (l *DiplomaticList) Dean() *ListEntry {
	if len(l.Heads) == 0 {
		return nil
	}
	return &l.Heads[0]
}

// Precedence returns the Diplomatic List of the home state on day d.
//
// Only the latest appointment of each sender counts: a head whose successor has
// started is no longer listed, even when the sources give no end date. An
// appointment that ended by d, whose mission is not open at d, or whose sending
// state's relations with the home state are suspended or severed at d, is left
// out.
//
// Heads who have presented credentials rank by class, then by the date of
// presentation (a date known only to the month or year counts as the last day
// of that period, so it never jumps ahead of a known day), then by the order of
// presentation within the ceremony (unknown order last), then — the documented
// tie-break where the sources are silent — by the sender's English name, then by
// appointment id. With Settings.NuncioIsDean the Apostolic Nuncio, if
// accredited, takes the first place.
func (r *Registry) Precedence(d Date) *DiplomaticList {
	home := StateParty(r.Home())
	latest := map[Party]*Appointment{}
	for _, a := range r.apptsByReceiver[home] {
		start := a.start()
		if start.After(d) || endedBy(a.Ended, d) {
			continue
		}
		if prev, ok := latest[a.Sender]; !ok || supersedes(a, prev) {
			latest[a.Sender] = a
		}
	}
	list := &DiplomaticList{AsOf: d}
	for _, a := range latest {
		var m *Mission
		if a.Mission != "" {
			m = r.missions[a.Mission]
			if m != nil && !m.OpenAt(d) {
				continue
			}
		}
		if a.Sender.Type == PartyState {
			if rel := r.RelationsWith(a.Sender.Code, d); rel.Status == Suspended || rel.Status == Severed {
				continue
			}
		}
		e := ListEntry{Appointment: a, Mission: m, Class: a.Class(), Resident: m != nil && m.Country == home.Code}
		if a.Person != "" {
			e.Person = r.people[a.Person]
		}
		switch {
		case a.Role == ChargeDAffairesAI:
			list.ChargesAI = append(list.ChargesAI, e)
		case a.CredentialsPresented.OnOrBefore(d):
			list.Heads = append(list.Heads, e)
		default:
			list.Pending = append(list.Pending, e)
		}
	}
	nuncioFirst := r.data.Settings.NuncioIsDean
	slices.SortFunc(list.Heads, func(x, y ListEntry) int {
		if nuncioFirst {
			xn, yn := x.Appointment.Title == ApostolicNuncio, y.Appointment.Title == ApostolicNuncio
			if xn != yn {
				if xn {
					return -1
				}
				return 1
			}
		}
		a, b := x.Appointment, y.Appointment
		if c := cmp.Compare(a.Class(), b.Class()); c != 0 {
			return c
		}
		if c := cmp.Compare(a.CredentialsPresented.Last(), b.CredentialsPresented.Last()); c != 0 {
			return c
		}
		if c := cmp.Compare(seqKey(a.CredentialsSeq), seqKey(b.CredentialsSeq)); c != 0 {
			return c
		}
		return r.byName(a, b)
	})
	byStart := func(x, y ListEntry) int {
		if c := cmp.Compare(x.Appointment.start().Last(), y.Appointment.start().Last()); c != 0 {
			return c
		}
		return r.byName(x.Appointment, y.Appointment)
	}
	slices.SortFunc(list.ChargesAI, byStart)
	slices.SortFunc(list.Pending, byStart)
	for i := range list.Heads {
		list.Heads[i].Rank = i + 1
	}
	return list
}

func (r *Registry) byName(a, b *Appointment) int {
	if c := cmp.Compare(r.PartyName(a.Sender, "en"), r.PartyName(b.Sender, "en")); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// seqKey puts a known order of presentation before an unknown one.
func seqKey(seq int) int {
	if seq <= 0 {
		return int(^uint(0) >> 1)
	}
	return seq
}

// supersedes reports whether appointment a replaces b as the sender's current
// appointment: it started later, or on the same date with more known.
func supersedes(a, b *Appointment) bool {
	as, bs := a.start(), b.start()
	if as.First() != bs.First() {
		return as.First() > bs.First()
	}
	if as.Precision() != bs.Precision() {
		return as.Precision() > bs.Precision()
	}
	return a.ID > b.ID
}
