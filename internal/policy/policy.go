// Package policy reads the home state's foreign-policy framework from
// policy.csv: one policy, its pillars, and each pillar's objectives (DESIGN.md
// §3, Policy -> Pillar -> Objective).
//
// policy.csv has one row per node of the framework. Columns:
//
//	id               stable lower-case slug, unique in the file
//	parent           the policy's id for a pillar, a pillar's id for an
//	                 objective, empty for the policy
//	kind             policy, pillar or objective
//	position         order among siblings: a whole number from 1, unique
//	                 among the children of one parent
//	title_en         short label; required
//	title_fr, title_rw, title_sw
//	                 the label in French, Kinyarwanda and Swahili; empty when
//	                 no attested wording exists (the portal then shows English)
//	adopted          the policy's adoption date (YYYY, YYYY-MM or YYYY-MM-DD);
//	                 only on the policy row, empty when unknown
//	parent_strategy  optional column: the national strategy the policy serves
//	                 (e.g. "Vision 2050"); only on the policy row
//	source           reference(s) for the row; required
//	last_verified    date the row was last checked against its source
//	note             free text
//
// The file holds exactly one policy row.
package policy

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/registry"
)

// FileName is the name of the data file Load reads.
const FileName = "policy.csv"

// Kind is the kind of a row of policy.csv.
type Kind string

const (
	KindPolicy    Kind = "policy"
	KindPillar    Kind = "pillar"
	KindObjective Kind = "objective"
)

// Kinds lists the valid kinds, from the root down.
var Kinds = []Kind{KindPolicy, KindPillar, KindObjective}

// Framework is a foreign policy with its pillars, each with its objectives,
// children sorted by position.
type Framework struct {
	Policy  Policy   `json:"policy"`
	Pillars []Pillar `json:"pillars"`
}

// Policy is the root of the framework.
type Policy struct {
	ID             string         `json:"id"`
	Title          registry.Names `json:"title"`
	Adopted        registry.Date  `json:"adopted"` // zero when the source gives no date
	ParentStrategy string         `json:"parent_strategy,omitempty"`
	registry.Meta
}

// Pillar is one of the policy's main lines.
type Pillar struct {
	ID         string         `json:"id"`
	Position   int            `json:"position"`
	Title      registry.Names `json:"title"`
	Objectives []Objective    `json:"objectives"`
	registry.Meta
}

// Objective is an aim the policy pursues under one pillar.
type Objective struct {
	ID       string         `json:"id"`
	Pillar   string         `json:"pillar"` // the parent pillar's id
	Position int            `json:"position"`
	Title    registry.Names `json:"title"`
	registry.Meta
}

// Pillar returns the pillar with the given id, or nil.
func (f *Framework) Pillar(id string) *Pillar {
	for i := range f.Pillars {
		if f.Pillars[i].ID == id {
			return &f.Pillars[i]
		}
	}
	return nil
}

// Objective returns the objective with the given id, or nil.
func (f *Framework) Objective(id string) *Objective {
	for i := range f.Pillars {
		p := &f.Pillars[i]
		for j := range p.Objectives {
			if p.Objectives[j].ID == id {
				return &p.Objectives[j]
			}
		}
	}
	return nil
}

// Error lists every problem found in policy.csv (or indicators.csv), each
// with its file, line, field and reason.
type Error struct {
	File     string // the file's name; FileName when empty
	Problems []*csvfile.Error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem(s)", cmp.Or(e.File, FileName), len(e.Problems))
	for i, p := range e.Problems {
		if i == 20 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-20)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns the problems, so that errors.As finds a *csvfile.Error.
func (e *Error) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

var (
	required = []string{"id", "parent", "kind", "position", "title_en", "title_fr", "title_rw", "title_sw", "adopted", "source", "last_verified", "note"}
	optional = []string{"parent_strategy"}
	reSlug   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

const (
	maxID       = 100
	maxTitle    = 300
	maxText     = 4000
	maxPosition = 9999
)

// row is one parsed line of the file.
type row struct {
	line     int
	id       string
	parent   string
	kind     Kind
	position int
	title    registry.Names
	adopted  registry.Date
	strategy string
	meta     registry.Meta
}

type loader struct {
	problems []*csvfile.Error
}

func (l *loader) fail(e *csvfile.Error) { l.problems = append(l.problems, e) }

// Load reads policy.csv from fsys and checks it. A bad file gives an *Error
// listing every problem; nothing is returned with it. When the file does not
// exist the error satisfies errors.Is(err, fs.ErrNotExist).
func Load(fsys fs.FS) (*Framework, error) {
	f, err := fsys.Open(FileName)
	if err != nil {
		return nil, err
	}
	recs, err := csvfile.Read(FileName, f, required, optional)
	f.Close()
	if err != nil {
		var ce *csvfile.Error
		if !errors.As(err, &ce) {
			ce = &csvfile.Error{File: FileName, Reason: err.Error()}
		}
		return nil, &Error{Problems: []*csvfile.Error{ce}}
	}
	l := &loader{}
	rows := make([]row, 0, len(recs))
	for _, rec := range recs {
		rows = append(rows, l.parse(rec))
	}
	fw := l.build(rows, recs)
	if len(l.problems) > 0 {
		return nil, &Error{Problems: l.problems}
	}
	return fw, nil
}

// parse checks the fields of one record that need no other row.
func (l *loader) parse(rec csvfile.Row) row {
	r := row{
		line:     rec.Line,
		id:       rec.Get("id"),
		parent:   rec.Get("parent"),
		kind:     Kind(rec.Get("kind")),
		strategy: rec.Get("parent_strategy"),
		title: registry.Names{
			EN: rec.Get("title_en"), FR: rec.Get("title_fr"), RW: rec.Get("title_rw"), SW: rec.Get("title_sw"),
		},
		meta: registry.Meta{Source: rec.Get("source"), Note: rec.Get("note")},
	}
	switch {
	case r.id == "":
		l.fail(rec.Errorf("id", "is required"))
	case len(r.id) > maxID || !reSlug.MatchString(r.id):
		l.fail(rec.Errorf("id", "%q must be lower-case letters, digits and single hyphens, at most %d characters", r.id, maxID))
	}
	if !slices.Contains(Kinds, r.kind) {
		l.fail(rec.Errorf("kind", "%q is not one of policy, pillar, objective", r.kind))
	}
	if s := rec.Get("position"); s == "" {
		l.fail(rec.Errorf("position", "is required"))
	} else if n, err := strconv.Atoi(s); err != nil || n < 1 || n > maxPosition {
		l.fail(rec.Errorf("position", "%q is not a whole number from 1 to %d", s, maxPosition))
	} else {
		r.position = n
	}
	if r.title.EN == "" {
		l.fail(rec.Errorf("title_en", "is required"))
	}
	for _, c := range []struct{ field, v string }{
		{"title_en", r.title.EN}, {"title_fr", r.title.FR}, {"title_rw", r.title.RW}, {"title_sw", r.title.SW},
		{"parent_strategy", r.strategy},
	} {
		l.line(rec, c.field, c.v, maxTitle)
	}
	r.adopted = l.date(rec, "adopted")
	r.meta.LastVerified = l.date(rec, "last_verified")
	if r.meta.Source == "" {
		l.fail(rec.Errorf("source", "is required"))
	}
	l.text(rec, "source", r.meta.Source, maxText)
	l.text(rec, "note", r.meta.Note, maxText)
	if r.kind == KindPolicy {
		if r.parent != "" {
			l.fail(rec.Errorf("parent", "must be empty: the policy has no parent"))
		}
	} else if slices.Contains(Kinds, r.kind) {
		if r.parent == "" {
			want := "the policy's id"
			if r.kind == KindObjective {
				want = "a pillar's id"
			}
			l.fail(rec.Errorf("parent", "is required: %s", want))
		}
		if rec.Get("adopted") != "" {
			l.fail(rec.Errorf("adopted", "is only for the policy row"))
		}
		if r.strategy != "" {
			l.fail(rec.Errorf("parent_strategy", "is only for the policy row"))
		}
	}
	return r
}

func (l *loader) date(rec csvfile.Row, col string) registry.Date {
	d, err := registry.ParseDate(rec.Get(col))
	if err != nil {
		l.fail(rec.Errorf(col, "%v", err))
	}
	return d
}

// text checks free text: a length limit and no NUL or carriage return.
func (l *loader) text(rec csvfile.Row, field, v string, limit int) {
	if len(v) > limit {
		l.fail(rec.Errorf(field, "is longer than %d characters", limit))
	}
	if strings.ContainsAny(v, "\x00\r") {
		l.fail(rec.Errorf(field, "contains a control character"))
	}
}

// line checks a one-line label: a length limit and no control character.
func (l *loader) line(rec csvfile.Row, field, v string, limit int) {
	if len(v) > limit {
		l.fail(rec.Errorf(field, "is longer than %d characters", limit))
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		l.fail(rec.Errorf(field, "must be one line without control characters"))
	}
}

// build checks the structure (one policy; parents; unique ids and positions)
// and assembles the framework.
func (l *loader) build(rows []row, recs []csvfile.Row) *Framework {
	byID := map[string]int{} // id -> index of its first row
	for i, r := range rows {
		if r.id == "" {
			continue
		}
		if j, dup := byID[r.id]; dup {
			l.fail(recs[i].Errorf("id", "%q is already used at line %d", r.id, rows[j].line))
			continue
		}
		byID[r.id] = i
	}

	policy := -1
	for i, r := range rows {
		if r.kind != KindPolicy {
			continue
		}
		if policy >= 0 {
			l.fail(recs[i].Errorf("kind", "a second policy row: the file holds exactly one policy (the first is at line %d)", rows[policy].line))
			continue
		}
		policy = i
	}
	if policy < 0 {
		l.fail(&csvfile.Error{File: FileName, Field: "kind", Reason: "there is no policy row: the file must hold exactly one"})
	}

	// parent checks
	for i, r := range rows {
		if r.parent == "" || (r.kind != KindPillar && r.kind != KindObjective) {
			continue
		}
		want := KindPolicy
		if r.kind == KindObjective {
			want = KindPillar
		}
		j, ok := byID[r.parent]
		switch {
		case !ok:
			l.fail(recs[i].Errorf("parent", "%q is not the id of any row", r.parent))
		case rows[j].kind != want:
			l.fail(recs[i].Errorf("parent", "%q is %s (line %d), not %s", r.parent, article(rows[j].kind), rows[j].line, article(want)))
		case want == KindPolicy && j != policy:
			l.fail(recs[i].Errorf("parent", "%q is not the policy of the file (line %d)", r.parent, rows[policy].line))
		}
	}

	// positions among siblings
	type slot struct {
		parent string
		pos    int
	}
	taken := map[slot]int{}
	for i, r := range rows {
		if (r.kind != KindPillar && r.kind != KindObjective) || r.parent == "" || r.position == 0 {
			continue
		}
		s := slot{r.parent, r.position}
		if j, dup := taken[s]; dup {
			l.fail(recs[i].Errorf("position", "%d is already used under %q by %q (line %d)", r.position, r.parent, rows[j].id, rows[j].line))
			continue
		}
		taken[s] = i
	}

	if len(l.problems) > 0 {
		return nil
	}
	p := rows[policy]
	fw := &Framework{
		Policy:  Policy{ID: p.id, Title: p.title, Adopted: p.adopted, ParentStrategy: p.strategy, Meta: p.meta},
		Pillars: []Pillar{},
	}
	index := map[string]int{}
	for _, r := range rows {
		if r.kind == KindPillar {
			fw.Pillars = append(fw.Pillars, Pillar{ID: r.id, Position: r.position, Title: r.title, Objectives: []Objective{}, Meta: r.meta})
		}
	}
	slices.SortFunc(fw.Pillars, func(a, b Pillar) int { return a.Position - b.Position })
	for i, pl := range fw.Pillars {
		index[pl.ID] = i
	}
	for _, r := range rows {
		if r.kind == KindObjective {
			pl := &fw.Pillars[index[r.parent]]
			pl.Objectives = append(pl.Objectives, Objective{ID: r.id, Pillar: r.parent, Position: r.position, Title: r.title, Meta: r.meta})
		}
	}
	for i := range fw.Pillars {
		slices.SortFunc(fw.Pillars[i].Objectives, func(a, b Objective) int { return a.Position - b.Position })
	}
	return fw
}

// article names a kind for messages: "the policy", "a pillar", "an objective".
func article(k Kind) string {
	switch k {
	case KindPolicy:
		return "the policy"
	case KindObjective:
		return "an objective"
	case "":
		return "a row without a kind"
	}
	return "a " + string(k)
}
