package importer

import (
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
)

// merger builds the registry an import would leave: the stored records with
// the imported ones put over them by id.
type merger struct {
	stored   *registry.Dataset
	imported *registry.Dataset
	dec      *dataset.Decoder
	merged   registry.Dataset
	locs     map[string]dataset.Located // entity + "\x00" + id -> first row read
	idCol    map[string]string          // entity -> its id column

	newSettings   *registry.Settings
	settingsCount *Count
	inserts       []any
	updates       []any
}

func newMerger(stored *registry.Dataset, dec *dataset.Decoder) *merger {
	m := &merger{stored: stored, imported: dec.Dataset(), dec: dec, locs: map[string]dataset.Located{}, idCol: map[string]string{}}
	for _, fs := range dataset.Schema() {
		m.idCol[fs.Entity] = fs.Columns[0]
	}
	return m
}

// checkRows reports rows without an id and ids read twice, and remembers
// where each record was read.
func (m *merger) checkRows(rep *Report) {
	refused := map[string]bool{}
	for _, r := range m.dec.Rows() {
		if !importable(r.Entity) {
			// A data file this importer does not merge yet: refused, so
			// that no row is dropped silently.
			if !refused[r.File] {
				refused[r.File] = true
				rep.Problems = append(rep.Problems, Problem{File: r.File,
					Reason: fmt.Sprintf("%s records cannot be imported by this version of chancery", r.Entity)})
			}
			continue
		}
		if r.Entity == "settings" || r.Entity == "country_name_rw" {
			// The decoder reports their repeats and bad keys itself.
			if _, seen := m.locs[r.Entity+"\x00"+r.ID]; !seen {
				m.locs[r.Entity+"\x00"+r.ID] = r
			}
			continue
		}
		if r.ID == "" {
			rep.Problems = append(rep.Problems, Problem{File: r.File, Line: r.Line, Field: m.idCol[r.Entity], Reason: "is required"})
			continue
		}
		key := r.Entity + "\x00" + r.ID
		if first, seen := m.locs[key]; seen {
			rep.Problems = append(rep.Problems, Problem{File: r.File, Line: r.Line, Field: m.idCol[r.Entity],
				Reason: fmt.Sprintf("%q appears twice: it is on %s line %d already", r.ID, first.File, first.Line)})
			continue
		}
		m.locs[key] = r
	}
}

// countries gives each imported country its Kinyarwanda name: the one read
// from country_names_rw.csv, or else the stored one. A name read for a
// country that is stored but not imported updates the stored country.
func (m *merger) countries(rep *Report) {
	rw := m.dec.RWNames()
	stored := map[string]*registry.Country{}
	for i := range m.stored.Countries {
		stored[m.stored.Countries[i].ISO2] = &m.stored.Countries[i]
	}
	imported := map[string]bool{}
	for i := range m.imported.Countries {
		c := &m.imported.Countries[i]
		imported[c.ISO2] = true
		if name, ok := rw[c.ISO2]; ok {
			c.Names.RW = name
		} else if s := stored[c.ISO2]; s != nil {
			c.Names.RW = s.Names.RW
		}
	}
	for _, iso2 := range sortedKeys(rw) {
		if imported[iso2] {
			continue
		}
		loc := m.locs["country_name_rw\x00"+iso2]
		s := stored[iso2]
		if s == nil {
			rep.Problems = append(rep.Problems, Problem{File: loc.File, Line: loc.Line, Field: "iso2",
				Reason: fmt.Sprintf("%q is neither in countries.csv nor a stored country", iso2)})
			continue
		}
		c := *s
		c.Names.RW = rw[iso2]
		m.imported.Countries = append(m.imported.Countries, c)
		if _, ok := m.locs["country\x00"+iso2]; !ok {
			m.locs["country\x00"+iso2] = loc
		}
	}
}

// settings merges the keys read from settings.csv over the stored settings.
func (m *merger) settings(rep *Report) {
	m.merged.Settings = m.stored.Settings
	var keys []string
	for _, r := range m.dec.Rows() {
		if r.Entity == "settings" && !slices.Contains(keys, r.ID) {
			keys = append(keys, r.ID)
		}
	}
	if len(keys) == 0 {
		return
	}
	c := &Count{Entity: "settings"}
	fresh := m.stored.Settings == registry.Settings{} // nothing stored yet
	s, in := &m.merged.Settings, m.imported.Settings
	for _, k := range keys {
		before := *s
		switch k {
		case "home_state":
			s.HomeState = in.HomeState
		case "nuncio_is_dean":
			s.NuncioIsDean = in.NuncioIsDean
		case "consular_contact":
			s.ConsularContact = in.ConsularContact
		case "fiscal_year_start":
			s.FiscalYearStart = in.FiscalYearStart
		default:
			continue // reported by the decoder
		}
		switch {
		case fresh:
			c.Create++
		case before == *s:
			c.Unchanged++
		default:
			c.Update++
		}
	}
	m.settingsCount = c
	if *s != m.stored.Settings {
		ns := *s
		m.newSettings = &ns
	}
}

// validate checks the merged registry as a whole and reports each problem
// where the record was read, or as a problem of a stored record. Rows that
// have a problem already get no more: their records may be incomplete.
func (m *merger) validate(rep *Report) {
	bad := badRows(rep.Problems)
	err := registry.New(m.merged).Validate()
	if err == nil {
		return
	}
	var ve *registry.ValidationError
	if !errors.As(err, &ve) {
		rep.Problems = append(rep.Problems, Problem{Reason: err.Error()})
		return
	}
	for _, fe := range ve.Fields {
		key := fe.Entity + "\x00" + fe.ID
		if fe.Entity == "settings" {
			key = "settings\x00" + fe.Field
		}
		if loc, ok := m.locs[key]; ok {
			if bad.has(loc.File, loc.Line) {
				continue
			}
			rep.Problems = append(rep.Problems, Problem{File: loc.File, Line: loc.Line, Field: fe.Field, Reason: fe.Reason})
			continue
		}
		rep.Problems = append(rep.Problems, Problem{Field: fe.Field, Reason: fe.Reason, Entity: fe.Entity, ID: fe.ID})
	}
}

// importable reports whether the importer merges records of entity.
func importable(entity string) bool {
	return entity == "settings" || entity == "country_name_rw" ||
		slices.ContainsFunc(kinds, func(k kind) bool { return k.name() == entity })
}

// orderCounts puts the counts in the order of dataset.Schema, settings
// first as there.
func orderCounts(counts []Count, settings *Count) []Count {
	if settings != nil {
		counts = append(counts, *settings)
	}
	order := map[string]int{}
	for i, fs := range dataset.Schema() {
		order[fs.Entity] = i
	}
	slices.SortStableFunc(counts, func(a, b Count) int { return order[a.Entity] - order[b.Entity] })
	return counts
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// kind merges the records of one entity.
type kind interface {
	// name returns the entity, as in dataset.Schema.
	name() string
	// merge puts the imported records over the stored ones in m.merged,
	// stages the inserts and updates, and counts them; ok is false when no
	// record of the entity was imported.
	merge(m *merger) (c Count, ok bool)
	// idOf returns the id of rec when it is a record of the entity.
	idOf(rec any) (id string, ok bool)
}

// records describes the records of type T.
type records[T any] struct {
	entity string
	id     func(*T) string
	meta   func(*T) *registry.Meta
	list   func(*registry.Dataset) *[]T
}

func (k records[T]) name() string { return k.entity }

func (k records[T]) idOf(rec any) (string, bool) {
	x, ok := rec.(*T)
	if !ok {
		return "", false
	}
	return k.id(x), true
}

func (k records[T]) merge(m *merger) (Count, bool) {
	c := Count{Entity: k.entity}
	stored := *k.list(m.stored)
	out := k.list(&m.merged)
	*out = slices.Clone(stored)
	imported := *k.list(m.imported)
	byID := make(map[string]int, len(stored))
	for i := range stored {
		byID[k.id(&stored[i])] = i
	}
	seen := make(map[string]bool, len(imported))
	for i := range imported {
		x := &imported[i]
		id := k.id(x)
		if id == "" || seen[id] {
			continue // reported by checkRows
		}
		seen[id] = true
		j, ok := byID[id]
		if !ok {
			*out = append(*out, *x)
			m.inserts = append(m.inserts, x)
			c.Create++
			continue
		}
		s := &stored[j]
		xm, sm := k.meta(x), k.meta(s)
		xm.Version, xm.Revision, xm.UpdatedAt = sm.Version, sm.Revision, sm.UpdatedAt
		if reflect.DeepEqual(*x, *s) {
			c.Unchanged++
			continue
		}
		(*out)[j] = *x
		m.updates = append(m.updates, x)
		c.Update++
	}
	return c, len(imported) > 0
}

// kinds lists every entity in the order of the store's tables, where
// references point backwards: inserts in this order satisfy the foreign keys.
var kinds = []kind{
	records[registry.Country]{"country",
		func(x *registry.Country) string { return x.ISO2 },
		func(x *registry.Country) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Country { return &ds.Countries }},
	records[registry.RelationEvent]{"relation",
		func(x *registry.RelationEvent) string { return x.ID },
		func(x *registry.RelationEvent) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.RelationEvent { return &ds.Relations }},
	records[registry.Organisation]{"organisation",
		func(x *registry.Organisation) string { return x.ID },
		func(x *registry.Organisation) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Organisation { return &ds.Organisations }},
	records[registry.Mission]{"mission",
		func(x *registry.Mission) string { return x.ID },
		func(x *registry.Mission) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Mission { return &ds.Missions }},
	records[registry.Accreditation]{"accreditation",
		func(x *registry.Accreditation) string { return x.ID },
		func(x *registry.Accreditation) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Accreditation { return &ds.Accreditations }},
	records[registry.Person]{"person",
		func(x *registry.Person) string { return x.ID },
		func(x *registry.Person) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Person { return &ds.People }},
	records[registry.Appointment]{"appointment",
		func(x *registry.Appointment) string { return x.ID },
		func(x *registry.Appointment) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Appointment { return &ds.Appointments }},
	records[registry.HonoraryConsul]{"honorary_consul",
		func(x *registry.HonoraryConsul) string { return x.ID },
		func(x *registry.HonoraryConsul) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.HonoraryConsul { return &ds.HonoraryConsuls }},
	records[registry.Membership]{"membership",
		func(x *registry.Membership) string { return x.ID },
		func(x *registry.Membership) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Membership { return &ds.Memberships }},
	records[registry.DeclaredFigure]{"declared_figure",
		func(x *registry.DeclaredFigure) string { return x.ID },
		func(x *registry.DeclaredFigure) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.DeclaredFigure { return &ds.DeclaredFigures }},
	records[registry.FinderNote]{"finder_note",
		func(x *registry.FinderNote) string { return x.Country },
		func(x *registry.FinderNote) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.FinderNote { return &ds.FinderNotes }},
	records[registry.Agreement]{"agreement",
		func(x *registry.Agreement) string { return x.ID },
		func(x *registry.Agreement) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Agreement { return &ds.Agreements }},
	records[registry.PolicyNode]{"policy_node",
		func(x *registry.PolicyNode) string { return x.ID },
		func(x *registry.PolicyNode) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.PolicyNode { return &ds.PolicyNodes }},
	records[registry.Initiative]{"initiative",
		func(x *registry.Initiative) string { return x.ID },
		func(x *registry.Initiative) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Initiative { return &ds.Initiatives }},
	records[registry.Indicator]{"indicator",
		func(x *registry.Indicator) string { return x.ID },
		func(x *registry.Indicator) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Indicator { return &ds.Indicators }},
	records[registry.IndicatorActual]{"indicator_actual",
		func(x *registry.IndicatorActual) string { return x.ID },
		func(x *registry.IndicatorActual) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.IndicatorActual { return &ds.IndicatorActuals }},
	records[registry.Association]{"association",
		func(x *registry.Association) string { return x.ID },
		func(x *registry.Association) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Association { return &ds.Associations }},
	records[registry.Engagement]{"engagement",
		func(x *registry.Engagement) string { return x.ID },
		func(x *registry.Engagement) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Engagement { return &ds.Engagements }},
	records[registry.Commitment]{"commitment",
		func(x *registry.Commitment) string { return x.ID },
		func(x *registry.Commitment) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Commitment { return &ds.Commitments }},
	records[registry.Stakeholder]{"stakeholder",
		func(x *registry.Stakeholder) string { return x.ID },
		func(x *registry.Stakeholder) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Stakeholder { return &ds.Stakeholders }},
	records[registry.Consultation]{"consultation",
		func(x *registry.Consultation) string { return x.ID },
		func(x *registry.Consultation) *registry.Meta { return &x.Meta },
		func(ds *registry.Dataset) *[]registry.Consultation { return &ds.Consultations }},
}
