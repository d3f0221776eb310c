// Package dataset reads the registry's data files (the CSV files described in
// data/README.md) into a registry.Dataset, and checks them: a bad row is
// reported with its file, line, field and reason.
package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/registry"
)

// Error lists every problem found in the files; nothing should be written.
type Error struct {
	Problems []*csvfile.Error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "data set: %d problem(s)", len(e.Problems))
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

// trailingColumns returns the provenance columns that may follow a file's own
// columns: source, last_verified and note (settings have no last_verified).
func trailingColumns(name string) []string {
	if name == "settings.csv" {
		return []string{"source", "note"}
	}
	return []string{"source", "last_verified", "note"}
}

// file describes one data file: its columns and how a row becomes a record.
type file struct {
	name     string
	columns  []string
	extra    []string // optional columns of the file's own: read when present, always written
	optional bool     // the file may be absent
	entity   string
	parse    func(p *parser, row csvfile.Row) (id string)
}

var files = append([]file{
	{name: "settings.csv", columns: []string{"key", "value"}, parse: (*parser).setting, entity: "settings"},
	{name: "countries.csv", columns: []string{"iso2", "iso3", "numeric", "name_en", "name_fr", "name_sw", "region_code", "region", "subregion_code", "subregion"}, parse: (*parser).country, entity: "country"},
	{name: "country_names_rw.csv", columns: []string{"iso2", "name_rw"}, parse: (*parser).countryNameRW, entity: "country_name_rw", optional: true},
	{name: "relations.csv", columns: []string{"id", "country", "event", "date", "certainty"}, parse: (*parser).relation, entity: "relation"},
	{name: "organisations.csv", columns: []string{"id", "acronym", "name_en", "name_fr", "kind", "hq_city", "hq_country"}, extra: []string{"name_rw", "name_sw"}, parse: (*parser).organisation, entity: "organisation"},
	{name: "missions.csv", columns: []string{"id", "sender_type", "sender", "kind", "name", "city", "country", "status", "certainty", "opened", "closed", "address", "phone", "email", "website", "services"}, parse: (*parser).mission, entity: "mission"},
	{name: "accreditations.csv", columns: []string{"id", "mission", "receiver_type", "receiver", "residence", "status", "certainty", "from", "to", "credentials_presented", "legal_basis"}, parse: (*parser).accreditation, entity: "accreditation"},
	{name: "people.csv", columns: []string{"id", "name"}, parse: (*parser).person, entity: "person"},
	{name: "appointments.csv", columns: []string{"id", "person", "mission", "sender_type", "sender", "receiver_type", "receiver", "role", "title", "certainty", "agrement_requested", "agrement_granted", "appointed", "arrived", "credentials_copy", "credentials_presented", "credentials_seq", "ended"}, parse: (*parser).appointment, entity: "appointment"},
	{name: "honorary_consuls.csv", columns: []string{"id", "person", "country", "city", "district", "supervising_mission", "status", "certainty", "appointed", "exequatur", "term_end", "address", "phone", "email"}, extra: []string{"website"}, parse: (*parser).honoraryConsul, entity: "honorary_consul"},
	{name: "memberships.csv", columns: []string{"id", "member", "organisation", "status", "certainty", "joined", "left", "representing_mission"}, parse: (*parser).membership, entity: "membership"},
	{name: "declared_figures.csv", columns: []string{"id", "name", "value", "date"}, parse: (*parser).declaredFigure, entity: "declared_figure"},
	{name: "finder_notes.csv", columns: []string{"country", "served_from_hq", "text_en", "text_fr", "text_rw", "text_sw"}, parse: (*parser).finderNote, entity: "finder_note", optional: true},
	{name: "agreements.csv", columns: agreementColumns, parse: (*parser).agreement, entity: "agreement", optional: true},
}, trackerFiles...)

// Files lists the data files Load reads, in order.
func Files() []string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	return names
}

type location struct {
	file string
	line int
}

// parser accumulates records and problems.
type parser struct {
	ds       registry.Dataset
	problems []*csvfile.Error
	where    map[string]location // entity + "\x00" + id -> row
	rw       map[string]string   // Kinyarwanda country names by iso2
}

// Load reads every data file from fsys, then validates the resulting registry.
// It returns an *Error listing each bad field with its file and line.
func Load(fsys fs.FS) (registry.Dataset, error) {
	p := &parser{where: map[string]location{}, rw: map[string]string{}}
	for _, f := range files {
		r, err := fsys.Open(f.name)
		if errors.Is(err, fs.ErrNotExist) && f.optional {
			continue
		}
		if err != nil {
			p.problems = append(p.problems, &csvfile.Error{File: f.name, Reason: err.Error()})
			continue
		}
		rows, err := csvfile.Read(f.name, r, f.columns, append(slices.Clone(f.extra), trailingColumns(f.name)...))
		r.Close()
		if err != nil {
			var ce *csvfile.Error
			if errors.As(err, &ce) {
				p.problems = append(p.problems, ce)
			} else {
				p.problems = append(p.problems, &csvfile.Error{File: f.name, Reason: err.Error()})
			}
			continue
		}
		for _, row := range rows {
			if id := f.parse(p, row); id != "" {
				p.where[f.entity+"\x00"+id] = location{f.name, row.Line}
			}
		}
	}
	for i := range p.ds.Countries {
		c := &p.ds.Countries[i]
		c.Names.RW = p.rw[c.ISO2]
		delete(p.rw, c.ISO2)
	}
	for iso2 := range p.rw {
		p.problems = append(p.problems, &csvfile.Error{File: "country_names_rw.csv", Line: p.where["country_name_rw\x00"+iso2].line, Field: "iso2", Reason: fmt.Sprintf("%q is not in countries.csv", iso2)})
	}
	if len(p.problems) == 0 {
		if err := registry.New(p.ds.Clone()).Validate(); err != nil {
			var ve *registry.ValidationError
			if !errors.As(err, &ve) {
				return registry.Dataset{}, err
			}
			for _, fe := range ve.Fields {
				loc := p.where[fe.Entity+"\x00"+fe.ID]
				if fe.Entity == "settings" {
					loc = p.where["settings\x00"+fe.Field]
				}
				p.problems = append(p.problems, &csvfile.Error{File: loc.file, Line: loc.line, Field: fe.Field, Reason: fe.Reason})
			}
		}
	}
	if len(p.problems) > 0 {
		return registry.Dataset{}, &Error{Problems: p.problems}
	}
	return p.ds, nil
}

// field parsers: each records a problem and returns the zero value on bad input.

func (p *parser) fail(e *csvfile.Error) { p.problems = append(p.problems, e) }

func (p *parser) date(row csvfile.Row, col string) registry.Date {
	d, err := registry.ParseDate(row.Get(col))
	if err != nil {
		p.fail(row.Errorf(col, "%v", err))
	}
	return d
}

func (p *parser) integer(row csvfile.Row, col string) int {
	s := row.Get(col)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1_000_000_000 {
		p.fail(row.Errorf(col, "%q is not a whole number", s))
	}
	return n
}

func (p *parser) boolean(row csvfile.Row, col string) bool {
	switch s := row.Get(col); s {
	case "", "false", "no", "0":
		return false
	case "true", "yes", "1":
		return true
	default:
		p.fail(row.Errorf(col, "%q is not true or false", s))
		return false
	}
}

func (p *parser) party(row csvfile.Row, col string) registry.Party {
	return registry.Party{Type: registry.PartyType(row.Get(col + "_type")), Code: row.Get(col)}
}

// certainty defaults to reported when the cell is empty.
func certainty(row csvfile.Row) registry.Certainty {
	if s := row.Get("certainty"); s != "" {
		return registry.Certainty(s)
	}
	return registry.Reported
}

func (p *parser) meta(row csvfile.Row) registry.Meta {
	return registry.Meta{Source: row.Get("source"), LastVerified: p.date(row, "last_verified"), Note: row.Get("note")}
}

func (p *parser) setting(row csvfile.Row) string {
	key, val := row.Get("key"), row.Get("value")
	if _, dup := p.where["settings\x00"+key]; dup {
		p.fail(row.Errorf("key", "%q appears twice", key))
	}
	s := &p.ds.Settings
	switch key {
	case "home_state":
		s.HomeState = val
	case "nuncio_is_dean":
		s.NuncioIsDean = p.boolean(row, "value")
	case "consular_contact":
		s.ConsularContact = val
	case "fiscal_year_start":
		s.FiscalYearStart = p.month(row, "value")
	default:
		p.fail(row.Errorf("key", "%q is not a setting (home_state, nuncio_is_dean, consular_contact, fiscal_year_start)", key))
	}
	return key
}

// month reads a month number, empty for unset (0); whether a number is a
// month (1 to 12) the registry checks, and it is reported on the row.
func (p *parser) month(row csvfile.Row, col string) time.Month {
	s := row.Get(col)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.fail(row.Errorf(col, "%q is not a month number (1 for January to 12 for December)", s))
		return 0
	}
	return time.Month(n)
}

func (p *parser) country(row csvfile.Row) string {
	c := registry.Country{
		ISO2: row.Get("iso2"), ISO3: row.Get("iso3"), Numeric: row.Get("numeric"),
		Names:      registry.Names{EN: row.Get("name_en"), FR: row.Get("name_fr"), SW: row.Get("name_sw")},
		RegionCode: row.Get("region_code"), Region: row.Get("region"),
		SubregionCode: row.Get("subregion_code"), Subregion: row.Get("subregion"),
		Meta: p.meta(row),
	}
	p.ds.Countries = append(p.ds.Countries, c)
	return c.ISO2
}

func (p *parser) countryNameRW(row csvfile.Row) string {
	iso2, name := row.Get("iso2"), row.Get("name_rw")
	if name == "" {
		p.fail(row.Errorf("name_rw", "is required"))
	}
	p.date(row, "last_verified") // checked, not kept: a country's provenance is that of countries.csv
	if _, dup := p.rw[iso2]; dup {
		p.fail(row.Errorf("iso2", "%q appears twice", iso2))
	}
	p.rw[iso2] = name
	return iso2
}

func (p *parser) relation(row csvfile.Row) string {
	e := registry.RelationEvent{
		ID: row.Get("id"), Country: row.Get("country"), Event: registry.RelationKind(row.Get("event")),
		Date: p.date(row, "date"), Certainty: certainty(row), Meta: p.meta(row),
	}
	p.ds.Relations = append(p.ds.Relations, e)
	return e.ID
}

func (p *parser) organisation(row csvfile.Row) string {
	o := registry.Organisation{
		ID: row.Get("id"), Acronym: row.Get("acronym"),
		Names: registry.Names{EN: row.Get("name_en"), FR: row.Get("name_fr"), RW: row.Get("name_rw"), SW: row.Get("name_sw")},
		Kind:  registry.OrgKind(row.Get("kind")), HQCity: row.Get("hq_city"), HQCountry: row.Get("hq_country"),
		Meta: p.meta(row),
	}
	p.ds.Organisations = append(p.ds.Organisations, o)
	return o.ID
}

func (p *parser) mission(row csvfile.Row) string {
	m := registry.Mission{
		ID: row.Get("id"), Sender: p.party(row, "sender"), Kind: registry.MissionKind(row.Get("kind")),
		Name: row.Get("name"), City: row.Get("city"), Country: row.Get("country"),
		Status: registry.MissionStatus(row.Get("status")), Certainty: certainty(row),
		Opened: p.date(row, "opened"), Closed: p.date(row, "closed"),
		Contacts: registry.Contacts{Address: row.Get("address"), Phone: row.Get("phone"), Email: row.Get("email"), Website: row.Get("website")},
		Meta:     p.meta(row),
	}
	for _, s := range strings.Split(row.Get("services"), ";") {
		if s = strings.TrimSpace(s); s != "" {
			m.Services = append(m.Services, registry.Service(s))
		}
	}
	p.ds.Missions = append(p.ds.Missions, m)
	return m.ID
}

func (p *parser) accreditation(row csvfile.Row) string {
	a := registry.Accreditation{
		ID: row.Get("id"), Mission: row.Get("mission"), Receiver: p.party(row, "receiver"),
		Residence: registry.Residence(row.Get("residence")), Status: registry.AccreditationStatus(row.Get("status")),
		Certainty: certainty(row), From: p.date(row, "from"), To: p.date(row, "to"),
		CredentialsPresented: p.date(row, "credentials_presented"), LegalBasis: row.Get("legal_basis"),
		Meta: p.meta(row),
	}
	p.ds.Accreditations = append(p.ds.Accreditations, a)
	return a.ID
}

func (p *parser) person(row csvfile.Row) string {
	x := registry.Person{ID: row.Get("id"), Name: row.Get("name"), Meta: p.meta(row)}
	p.ds.People = append(p.ds.People, x)
	return x.ID
}

func (p *parser) appointment(row csvfile.Row) string {
	a := registry.Appointment{
		ID: row.Get("id"), Person: row.Get("person"), Mission: row.Get("mission"),
		Sender: p.party(row, "sender"), Receiver: p.party(row, "receiver"),
		Role: registry.Role(row.Get("role")), Title: registry.Title(row.Get("title")), Certainty: certainty(row),
		AgrementRequested: p.date(row, "agrement_requested"), AgrementGranted: p.date(row, "agrement_granted"),
		Appointed: p.date(row, "appointed"), Arrived: p.date(row, "arrived"),
		CredentialsCopy: p.date(row, "credentials_copy"), CredentialsPresented: p.date(row, "credentials_presented"),
		CredentialsSeq: p.integer(row, "credentials_seq"), Ended: p.date(row, "ended"),
		Meta: p.meta(row),
	}
	p.ds.Appointments = append(p.ds.Appointments, a)
	return a.ID
}

func (p *parser) honoraryConsul(row csvfile.Row) string {
	h := registry.HonoraryConsul{
		ID: row.Get("id"), Person: row.Get("person"), Country: row.Get("country"), City: row.Get("city"),
		District: row.Get("district"), SupervisingMission: row.Get("supervising_mission"),
		Status: registry.HonoraryConsulStatus(row.Get("status")), Certainty: certainty(row),
		Appointed: p.date(row, "appointed"), Exequatur: p.date(row, "exequatur"), TermEnd: p.date(row, "term_end"),
		Contacts: registry.Contacts{Address: row.Get("address"), Phone: row.Get("phone"), Email: row.Get("email"), Website: row.Get("website")},
		Meta:     p.meta(row),
	}
	p.ds.HonoraryConsuls = append(p.ds.HonoraryConsuls, h)
	return h.ID
}

func (p *parser) membership(row csvfile.Row) string {
	m := registry.Membership{
		ID: row.Get("id"), Member: row.Get("member"), Organisation: row.Get("organisation"),
		Status: registry.MembershipStatus(row.Get("status")), Certainty: certainty(row),
		Joined: p.date(row, "joined"), Left: p.date(row, "left"), RepresentingMission: row.Get("representing_mission"),
		Meta: p.meta(row),
	}
	p.ds.Memberships = append(p.ds.Memberships, m)
	return m.ID
}

func (p *parser) declaredFigure(row csvfile.Row) string {
	f := registry.DeclaredFigure{
		ID: row.Get("id"), Name: row.Get("name"), Value: p.integer(row, "value"), Date: p.date(row, "date"), Meta: p.meta(row),
	}
	if row.Get("value") == "" {
		p.fail(row.Errorf("value", "is required"))
	}
	p.ds.DeclaredFigures = append(p.ds.DeclaredFigures, f)
	return f.ID
}

func (p *parser) finderNote(row csvfile.Row) string {
	n := registry.FinderNote{
		Country: row.Get("country"), ServedFromHQ: p.boolean(row, "served_from_hq"),
		Text: registry.Names{EN: row.Get("text_en"), FR: row.Get("text_fr"), RW: row.Get("text_rw"), SW: row.Get("text_sw")},
		Meta: p.meta(row),
	}
	p.ds.FinderNotes = append(p.ds.FinderNotes, n)
	return n.Country
}
