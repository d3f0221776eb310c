package api

import (
	"cmp"
	"encoding/hex"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

// The changes feed lists what changed in the public records after a point
// (a revision, or a time), so that mirrors can follow the registry without
// downloading all of it. Until the audit log lands it is computed from the
// records themselves: each carries the global revision of its last write
// (registry.Meta.Revision), and the store keeps a list of deletions. A
// record changed twice since the point appears once, as it is now.
//
// Changes are ordered by (revision, entity, id). Revisions grow in the order
// writes commit, so a change made while a mirror is paging through the feed
// lands after every position already handed out: paging on with the cursor
// sees it, and a mirror that reached the last page has every change up to
// that page's latest_revision, which it passes as since next time.
//
// The policy tracker's records that are not public (tracker_public.go:
// actuals awaiting approval among them) are left out, as are the deletions
// of engagements, commitments, associations and actuals: a record made
// private, or an actual changed back to pending, drops out of the feed.
// They still count towards latest_revision.
//
// Records written before revisions were kept have revision 0 and no time:
// since=0 (the default) lists them, first, and every later point excludes
// them.

// change is one entry of the feed.
type change struct {
	Entity    string             `json:"entity"`
	ID        string             `json:"id"`
	Revision  int64              `json:"revision"`
	UpdatedAt registry.Timestamp `json:"updated_at"` // null for revision 0
	Deleted   bool               `json:"deleted"`
	Record    any                `json:"record"` // the record as its collection shows it; null when deleted
}

// changeList is a page of the feed.
type changeList struct {
	Since          string   `json:"since"`
	LatestRevision int64    `json:"latest_revision"`
	NextCursor     string   `json:"next_cursor,omitempty"`
	Data           []change `json:"data"`
}

// since is a parsed since parameter: a revision, or a time.
type since struct {
	revision int64
	time     time.Time
	byTime   bool
}

// reSinceTime is an RFC 3339 date-time (section 5.6), checked before
// time.Parse, which is both stricter (an upper-case T and Z only) and laxer.
var reSinceTime = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$`)

// parseSince reads a revision number (a whole number from 0) or an RFC 3339
// date-time.
func parseSince(v string) (since, bool) {
	if reSince.MatchString(v) {
		n, err := strconv.ParseInt(v, 10, 64)
		return since{revision: n}, err == nil
	}
	if !reSinceTime.MatchString(v) {
		return since{}, false
	}
	t, err := time.Parse(time.RFC3339, strings.ToUpper(v))
	if err != nil {
		return since{}, false
	}
	return since{time: t, byTime: true}, true
}

// includes reports whether a change at revision rev, made at time at, is
// after the point s.
func (s since) includes(rev int64, at time.Time) bool {
	if s.byTime {
		return !at.IsZero() && at.After(s.time)
	}
	return s.revision == 0 || rev > s.revision
}

// position is a place in the feed's order.
type position struct {
	revision   int64
	entity, id string
}

func (c *change) position() position { return position{c.Revision, c.Entity, c.ID} }

func comparePositions(a, b position) int {
	return cmp.Or(cmp.Compare(a.revision, b.revision), cmp.Compare(a.entity, b.entity), cmp.Compare(a.id, b.id))
}

// changeEntities are the entity names of the feed, as in registry.FieldError.
var changeEntities = []string{"country", "relation", "organisation", "mission", "accreditation", "person",
	"appointment", "honorary_consul", "membership", "declared_figure", "finder_note", "agreement",
	"policy_node", "initiative", "indicator", "indicator_actual", "engagement", "commitment", "association",
	"stakeholder", "consultation"}

// unlistedDeletions are the entities whose deletions the feed does not
// list: records of them may not be public, and a deleted record's id would
// tell of one (a judicial request's, say). Mirrors of their collections
// find deletions by comparing with the collection.
var unlistedDeletions = []string{"engagement", "commitment", "association", "indicator_actual"}

// A feed cursor is an ordinary cursor (encodeCursor) whose id is the position
// of the last change sent: "REVISION--ENTITY--r--ID", the entity with '-' for
// '_', or "REVISION--ENTITY--x--HEX" with the id in hexadecimal when it is not
// a plain record id. Both forms satisfy the cursor parameter's check.
func changeCursor(p position) string {
	mode, id := "r", p.id
	if !reID.MatchString(id) {
		mode, id = "x", hex.EncodeToString([]byte(id))
	}
	entity := strings.ReplaceAll(p.entity, "_", "-")
	return encodeCursor(strconv.FormatInt(p.revision, 10) + "--" + entity + "--" + mode + "--" + id)
}

// parseChangeCursor reads the position decoded from a feed cursor.
func parseChangeCursor(after string) (position, bool) {
	parts := strings.SplitN(after, "--", 4)
	if len(parts) != 4 || strings.TrimLeft(parts[0], "0123456789") != "" {
		return position{}, false
	}
	rev, err := strconv.ParseInt(parts[0], 10, 64)
	entity := strings.ReplaceAll(parts[1], "-", "_")
	if err != nil || !slices.Contains(changeEntities, entity) {
		return position{}, false
	}
	id := parts[3]
	switch parts[2] {
	case "r":
	case "x":
		b, err := hex.DecodeString(id)
		if err != nil {
			return position{}, false
		}
		id = string(b)
	default:
		return position{}, false
	}
	return position{rev, entity, id}, true
}

// feed collects the changes of a data set after a point and a position.
type feed struct {
	since  since
	after  *position // the cursor's position, if any
	latest int64
	out    []change
	// deleted holds the records listed as deleted, by entity and id, with
	// the latest deletion; a record that exists again is dropped from it.
	deleted map[[2]string]registry.Deletion
}

// add considers the record rec of entity with the given id and meta.
func (f *feed) add(entity, id string, m *registry.Meta, rec any) {
	f.latest = max(f.latest, m.Revision)
	if f.deleted != nil {
		delete(f.deleted, [2]string{entity, id})
	}
	if !f.since.includes(m.Revision, m.UpdatedAt.Time) {
		return
	}
	c := change{Entity: entity, ID: id, Revision: m.Revision, UpdatedAt: m.UpdatedAt, Record: rec}
	if f.after != nil && comparePositions(c.position(), *f.after) <= 0 {
		return
	}
	f.out = append(f.out, c)
}

func addAll[T any](f *feed, entity string, items []T, id func(*T) string, meta func(*T) *registry.Meta) {
	for i := range items {
		x := &items[i]
		f.add(entity, id(x), meta(x), x)
	}
}

// changes returns the changes of reg after s and after (when not nil), in
// order, and the latest revision of reg.
func changes(reg *registry.Registry, s since, after *position) ([]change, int64) {
	ds := reg.Dataset()
	f := &feed{since: s, after: after}
	if len(ds.Deletions) > 0 {
		f.deleted = make(map[[2]string]registry.Deletion, len(ds.Deletions))
		for _, d := range ds.Deletions {
			f.latest = max(f.latest, d.Revision)
			k := [2]string{d.Entity, d.ID}
			if old, ok := f.deleted[k]; !ok || d.Revision > old.Revision {
				f.deleted[k] = d
			}
		}
	}
	addAll(f, "country", ds.Countries, func(x *registry.Country) string { return x.ISO2 }, func(x *registry.Country) *registry.Meta { return &x.Meta })
	addAll(f, "relation", ds.Relations, func(x *registry.RelationEvent) string { return x.ID }, func(x *registry.RelationEvent) *registry.Meta { return &x.Meta })
	addAll(f, "organisation", ds.Organisations, func(x *registry.Organisation) string { return x.ID }, func(x *registry.Organisation) *registry.Meta { return &x.Meta })
	addAll(f, "mission", ds.Missions, func(x *registry.Mission) string { return x.ID }, func(x *registry.Mission) *registry.Meta { return &x.Meta })
	addAll(f, "accreditation", ds.Accreditations, func(x *registry.Accreditation) string { return x.ID }, func(x *registry.Accreditation) *registry.Meta { return &x.Meta })
	addAll(f, "person", ds.People, func(x *registry.Person) string { return x.ID }, func(x *registry.Person) *registry.Meta { return &x.Meta })
	addAll(f, "appointment", ds.Appointments, func(x *registry.Appointment) string { return x.ID }, func(x *registry.Appointment) *registry.Meta { return &x.Meta })
	addAll(f, "honorary_consul", ds.HonoraryConsuls, func(x *registry.HonoraryConsul) string { return x.ID }, func(x *registry.HonoraryConsul) *registry.Meta { return &x.Meta })
	addAll(f, "membership", ds.Memberships, func(x *registry.Membership) string { return x.ID }, func(x *registry.Membership) *registry.Meta { return &x.Meta })
	addAll(f, "declared_figure", ds.DeclaredFigures, func(x *registry.DeclaredFigure) string { return x.ID }, func(x *registry.DeclaredFigure) *registry.Meta { return &x.Meta })
	addAll(f, "finder_note", ds.FinderNotes, func(x *registry.FinderNote) string { return x.Country }, func(x *registry.FinderNote) *registry.Meta { return &x.Meta })
	addAll(f, "agreement", ds.Agreements, func(x *registry.Agreement) string { return x.ID }, func(x *registry.Agreement) *registry.Meta { return &x.Meta })
	addTracker(f, reg)
	// The deletions left are of records that do not exist any more.
	for _, d := range f.deleted {
		if !f.since.includes(d.Revision, d.At) || slices.Contains(unlistedDeletions, d.Entity) {
			continue
		}
		c := change{Entity: d.Entity, ID: d.ID, Revision: d.Revision, UpdatedAt: registry.Timestamp{Time: d.At.UTC()}, Deleted: true}
		if f.after != nil && comparePositions(c.position(), *f.after) <= 0 {
			continue
		}
		f.out = append(f.out, c)
	}
	slices.SortFunc(f.out, func(a, b change) int { return comparePositions(a.position(), b.position()) })
	return f.out, f.latest
}

func (s *Server) serveChanges(reg *registry.Registry, r *http.Request, q *query, f format) result {
	l := changeList{Since: "0"}
	var from since
	if q.since != "" {
		l.Since = q.since
		from, _ = parseSince(q.since) // checked by parseQuery
	}
	var after *position
	if q.after != "" {
		p, ok := parseChangeCursor(q.after)
		if !ok {
			return result{problem: badParam("cursor", quote(r.URL.Query().Get("cursor"))+" is not a cursor given by next_cursor")}
		}
		after = &p
	}
	all, latest := changes(reg, from, after)
	l.LatestRevision = latest
	l.Data = all[:min(q.limit, len(all))]
	if len(l.Data) < len(all) {
		l.NextCursor = changeCursor(l.Data[len(l.Data)-1].position())
	}
	if l.Data == nil {
		l.Data = []change{}
	}
	return jsonResult(l)
}

// addTracker adds the policy tracker's public records to the feed. A record
// that is not public still counts towards the latest revision, and stays out
// of the deleted ones; references to records that are not public are hidden
// as in the collections (publicity.actual, publicity.engagement).
func addTracker(f *feed, reg *registry.Registry) {
	ds := reg.Dataset()
	p := publicityOf(reg)
	addAll(f, "policy_node", ds.PolicyNodes, func(x *registry.PolicyNode) string { return x.ID }, func(x *registry.PolicyNode) *registry.Meta { return &x.Meta })
	addAll(f, "initiative", ds.Initiatives, func(x *registry.Initiative) string { return x.ID }, func(x *registry.Initiative) *registry.Meta { return &x.Meta })
	addAll(f, "indicator", ds.Indicators, func(x *registry.Indicator) string { return x.ID }, func(x *registry.Indicator) *registry.Meta { return &x.Meta })
	for i := range ds.IndicatorActuals {
		x := &ds.IndicatorActuals[i]
		if !x.Approved() {
			f.hidden(&x.Meta)
			continue
		}
		x = p.actual(x)
		f.add("indicator_actual", x.ID, &x.Meta, x)
	}
	for i := range ds.Engagements {
		x := &ds.Engagements[i]
		if !p.engagements[x.ID] {
			f.hidden(&x.Meta)
			continue
		}
		x = p.engagement(x)
		f.add("engagement", x.ID, &x.Meta, x)
	}
	for i := range ds.Commitments {
		if x := &ds.Commitments[i]; p.commitment(x) {
			f.add("commitment", x.ID, &x.Meta, x)
		} else {
			f.hidden(&x.Meta)
		}
	}
	for i := range ds.Associations {
		if x := &ds.Associations[i]; p.associations[x.ID] {
			f.add("association", x.ID, &x.Meta, x)
		} else {
			f.hidden(&x.Meta)
		}
	}
	addAll(f, "stakeholder", ds.Stakeholders, func(x *registry.Stakeholder) string { return x.ID }, func(x *registry.Stakeholder) *registry.Meta { return &x.Meta })
	addAll(f, "consultation", ds.Consultations, func(x *registry.Consultation) string { return x.ID }, func(x *registry.Consultation) *registry.Meta { return &x.Meta })
}

// hidden counts a record the feed does not show towards its latest
// revision.
func (f *feed) hidden(m *registry.Meta) { f.latest = max(f.latest, m.Revision) }
