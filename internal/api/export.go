package api

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
)

// The export: GET /api/v1/export.zip answers the public registry as a
// Frictionless Data package (Data Package v1, profile tabular-data-package):
// one CSV file per entity, written by dataset.Write in exactly the format of
// the seed data set (data/README.md), so dataset.Load reads the unpacked
// folder back, plus datapackage.json describing every file's columns. The
// public registry is every record but the policy tracker's that are not
// public, actuals awaiting approval among them (publicDataset): the export of
// a registry holding none is the whole registry, which loads back into an
// empty store unchanged.
//
// The archive is deterministic: the files come in a fixed order
// (datapackage.json, then dataset.Files' order), every entry carries the same
// fixed modification time (exportModified) and mode, and the CSV files sort
// their rows by id. The same registry snapshot therefore always gives the same
// bytes, and so the same ETag. For the same reason datapackage.json has no
// "created" date: the package would change with the clock, not with the data.

// exportName is the package's name, and the stem of the archive's name.
const exportName = "chancery-registry"

// exportModified is the modification time of every entry of the archive:
// 1980-01-01, the first time a zip (MS-DOS) timestamp can hold.
var exportModified = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

func (s *Server) serveExport(reg *registry.Registry, r *http.Request, q *query, f format) result {
	body, err := exportZip(reg)
	if err != nil {
		if s.logger != nil {
			s.logger.Error("export.zip", "err", err)
		}
		return result{problem: internalProblem()}
	}
	return result{body: body, contentType: "application/zip"}
}

// exportZip writes the registry's data package as a zip archive.
func exportZip(reg *registry.Registry) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	create := func(name string) (io.Writer, error) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: exportModified}
		h.SetMode(0o644)
		return zw.CreateHeader(h)
	}
	w, err := create("datapackage.json")
	if err != nil {
		return nil, err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(exportPackage(reg)); err != nil {
		return nil, err
	}
	// dataset.Write calls create once per file, in the order of dataset.Files;
	// each zip entry is complete when the next one is created.
	if err := dataset.Write(publicDataset(reg), create); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// The Data Package v1 descriptor (https://specs.frictionlessdata.io/), only
// the properties the export uses.
type dpPackage struct {
	Profile     string       `json:"profile"`
	Name        string       `json:"name"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Keywords    []string     `json:"keywords,omitempty"`
	Resources   []dpResource `json:"resources"`
}

type dpResource struct {
	Name        string    `json:"name"`
	Path        string    `json:"path"`
	Profile     string    `json:"profile"`
	Title       string    `json:"title,omitempty"`
	Description string    `json:"description,omitempty"`
	Format      string    `json:"format"`
	Mediatype   string    `json:"mediatype"`
	Encoding    string    `json:"encoding"`
	Dialect     dpDialect `json:"dialect"`
	Schema      dpSchema  `json:"schema"`
}

// dpDialect is the CSV Dialect of the files csvfile.Writer writes.
type dpDialect struct {
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
	Header         bool   `json:"header"`
}

type dpSchema struct {
	Fields        []dpField      `json:"fields"`
	MissingValues []string       `json:"missingValues"`
	PrimaryKey    string         `json:"primaryKey,omitempty"`
	ForeignKeys   []dpForeignKey `json:"foreignKeys,omitempty"`
}

type dpField struct {
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Description string         `json:"description,omitempty"`
	TrueValues  []string       `json:"trueValues,omitempty"`
	FalseValues []string       `json:"falseValues,omitempty"`
	Constraints *dpConstraints `json:"constraints,omitempty"`
}

// dpConstraints: a missing value (an empty cell) passes every constraint but
// required, as the Table Schema spec says.
type dpConstraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Minimum  *int     `json:"minimum,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

type dpForeignKey struct {
	Fields    string      `json:"fields"`
	Reference dpReference `json:"reference"`
}

type dpReference struct {
	Resource string `json:"resource"`
	Fields   string `json:"fields"`
}

// Patterns of the Table Schema "pattern" constraint. They are XML Schema
// regular expressions, which always match the whole value and have no anchors
// (^ and $ would be literal characters there), so they are written without.
const (
	// patternDate matches YYYY, YYYY-MM and YYYY-MM-DD. The data set's dates
	// may be known only to their year or month, and one column mixes the three
	// precisions, so no Table Schema type fits: "date" needs a full day,
	// "yearmonth" and "year" a fixed precision. Date columns are therefore
	// typed "string" with this pattern, and their description says so.
	patternDate     = `[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?`
	patternISO2     = `[A-Z]{2}`
	patternISO3     = `[A-Z]{3}`
	patternM49      = `[0-9]{3}`
	patternSlug     = `[a-z0-9]+(-[a-z0-9]+)*`
	patternOrgID    = `[A-Za-z0-9]+(-[A-Za-z0-9]+)*`
	patternDoubleID = `[A-Za-z0-9]+(-{1,2}[A-Za-z0-9]+)*` // accreditation and membership ids: <mission or member>--<receiver>
)

const dpDateNote = " A date is written YYYY-MM-DD, YYYY-MM or YYYY when only the month or year is known (typed as a string with a pattern, since Table Schema's date, yearmonth and year types each require one precision); empty when unknown. A partial date stands for the first day of its period when the registry answers \"as of D\"."

const exportDescription = "The public registry of the diplomatic network and of the foreign-policy tracker, as served by the chancery open-data API: one UTF-8 CSV file per entity, in exactly the format of the seed data set that the chancery loader reads back (the files of this package load into an empty registry unchanged). Engagements and associations that are not public, the commitments of engagements that are not public, and every judicial-cooperation request are left out.\n\n" +
	"Conventions: dates are YYYY-MM-DD, YYYY-MM or YYYY when only the month or year is known, empty when unknown (such columns are typed as strings with a pattern, since Table Schema's date types each need one precision). Lists inside a cell are separated by \";\". A sender or receiver is a pair of columns: *_type (state or organisation) and the code, an ISO 3166-1 alpha-2 code for a state or an organisations.csv id for an organisation (codes collide: AU is Australia and the African Union). The files end with provenance columns: source (references separated by \" ; \"), last_verified (when the row was last checked against its source) and note; settings.csv has source and note only.\n\n" +
	"Formula guard: a cell whose value starts with = + - @, a tab or a carriage return (unless it is a plain number such as -3) is written with a leading apostrophe (\"+250 788 000 000\" is written '+250 788 000 000), so that spreadsheets show it as text instead of evaluating it. Remove that apostrophe when reading a cell that starts with an apostrophe followed by one of those characters; the chancery loader does.\n\n" +
	"Not in the files: what a store keeps about each write (record versions, revisions and update times)."

// exportPackage describes the files dataset.Write writes for reg.
func exportPackage(reg *registry.Registry) dpPackage {
	title := "Registry of the diplomatic network"
	home := reg.Dataset().Settings.HomeState
	if c := reg.Country(home); c != nil && c.Names.EN != "" {
		title += " of " + c.Names.EN
	} else if home != "" {
		title += " of " + home
	}
	p := dpPackage{
		Profile:     "tabular-data-package",
		Name:        exportName,
		Title:       title,
		Description: exportDescription,
		Keywords:    []string{"diplomacy", "embassies", "missions", "accreditations", "honorary consuls", "international organisations", "foreign policy", "agreements"},
	}
	for _, fs := range dataset.Schema() {
		p.Resources = append(p.Resources, exportResourceOf(fs))
	}
	return p
}

// exportResource is what the descriptor says of one file beyond its columns.
type exportResource struct {
	title, description string
	primaryKey         string
	foreignKeys        [][3]string // field, resource, field
}

var exportResources = map[string]exportResource{
	"settings.csv": {title: "Settings", primaryKey: "key",
		description: "Settings of the deployment, one per row: home_state (the ISO 3166-1 alpha-2 code of the state running the registry), nuncio_is_dean (true or false: whether the Apostolic Nuncio is dean of the diplomatic corps), consular_contact (how the ministry's own consular service is reached) and fiscal_year_start (the month, 1 to 12, the home state's fiscal year starts in; empty: January)."},
	"countries.csv": {title: "Countries", primaryKey: "iso2",
		description: "ISO 3166-1 countries and areas, with their UN M49 region and subregion."},
	"country_names_rw.csv": {title: "Country names in Kinyarwanda", primaryKey: "iso2",
		description: "Kinyarwanda names of countries attested in Rwandan media.",
		foreignKeys: [][3]string{{"iso2", "countries", "iso2"}}},
	"relations.csv": {title: "Diplomatic relations", primaryKey: "id",
		description: "Dated events in the diplomatic relations between the home state and another country.",
		foreignKeys: [][3]string{{"country", "countries", "iso2"}}},
	"organisations.csv": {title: "International organisations", primaryKey: "id",
		description: "International organisations that send or receive missions or have members.",
		foreignKeys: [][3]string{{"hq_country", "countries", "iso2"}}},
	"missions.csv": {title: "Missions", primaryKey: "id",
		description: "Missions (posts) in either direction: the home state's missions abroad and foreign missions, sent by a state or an organisation and located in one country.",
		foreignKeys: [][3]string{{"country", "countries", "iso2"}}},
	"accreditations.csv": {title: "Accreditations", primaryKey: "id",
		description: "Accreditations of missions to receiving states or organisations, resident or concurrent (non-resident).",
		foreignKeys: [][3]string{{"mission", "missions", "id"}}},
	"people.csv": {title: "People", primaryKey: "id",
		description: "People who head missions or serve as honorary consuls."},
	"appointments.csv": {title: "Appointments of heads of mission", primaryKey: "id",
		description: "Appointments of people to head a mission at a receiver, with the dated steps of the accreditation of a head of mission.",
		foreignKeys: [][3]string{{"person", "people", "id"}, {"mission", "missions", "id"}}},
	"honorary_consuls.csv": {title: "Honorary consuls", primaryKey: "id",
		description: "Honorary consuls of the home state abroad.",
		foreignKeys: [][3]string{{"person", "people", "id"}, {"country", "countries", "iso2"}, {"supervising_mission", "missions", "id"}}},
	"memberships.csv": {title: "Memberships", primaryKey: "id",
		description: "Memberships of states in international organisations.",
		foreignKeys: [][3]string{{"member", "countries", "iso2"}, {"organisation", "organisations", "id"}, {"representing_mission", "missions", "id"}}},
	"declared_figures.csv": {title: "Declared figures", primaryKey: "id",
		description: "Figures the ministry published, kept beside the figures the registry computes so that differences are visible."},
	"finder_notes.csv": {title: "Finder notes", primaryKey: "country",
		description: "The ministry's own text for a country in the finder (\"which mission serves country X?\"), and whether the country is served from the ministry itself.",
		foreignKeys: [][3]string{{"country", "countries", "iso2"}}},
	"agreements.csv": agreementsExport,
}

func exportResourceOf(fs dataset.FileSchema) dpResource {
	name := fs.Name[:len(fs.Name)-len(".csv")]
	info, ok := exportResources[fs.Name]
	if !ok {
		info = trackerExportResources[fs.Name]
	}
	res := dpResource{
		Name: name, Path: fs.Name, Profile: "tabular-data-resource",
		Title: info.title, Description: info.description,
		Format: "csv", Mediatype: "text/csv", Encoding: "utf-8",
		Dialect: dpDialect{Delimiter: ",", LineTerminator: "\n", QuoteChar: `"`, DoubleQuote: true, Header: true},
		Schema:  dpSchema{MissingValues: []string{""}, PrimaryKey: info.primaryKey},
	}
	for _, col := range fs.Columns {
		res.Schema.Fields = append(res.Schema.Fields, exportField(fs.Name, col))
	}
	for _, fk := range info.foreignKeys {
		res.Schema.ForeignKeys = append(res.Schema.ForeignKeys,
			dpForeignKey{Fields: fk[0], Reference: dpReference{Resource: fk[1], Fields: fk[2]}})
	}
	return res
}

// Field builders.

func dpText(desc string) dpField { return dpField{Type: "string", Description: desc} }

func dpPattern(pattern, desc string) dpField {
	return dpField{Type: "string", Description: desc, Constraints: &dpConstraints{Pattern: pattern}}
}

func dpDate(desc string) dpField { return dpPattern(patternDate, desc+dpDateNote) }

func dpEnum[T ~string](set []T, desc string) dpField {
	return dpField{Type: "string", Description: desc, Constraints: &dpConstraints{Enum: dpNames(set)}}
}

func (f dpField) required() dpField {
	c := dpConstraints{}
	if f.Constraints != nil {
		c = *f.Constraints
	}
	c.Required = true
	f.Constraints = &c
	return f
}

func dpInt(n int) *int { return &n }

const (
	descCertainty = "How sure the sources are: reported (a cited source reports it), likely (strong hints, no explicit confirmation) or uncertain (the sources conflict or are too old to tell). An empty cell reads as reported."
	descPartyType = "Whether the party in the next column is a state or an organisation."
	descParty     = "The party: an ISO 3166-1 alpha-2 code when the preceding *_type column is state, an organisations.csv id when it is organisation."
	descCountry   = "ISO 3166-1 alpha-2 code of a country in countries.csv."
)

// exportCommonFields describe the columns that mean the same in every file.
var exportCommonFields = map[string]dpField{
	"source":        dpText("One or more references (URLs or citations) for the row, separated by \" ; \"."),
	"last_verified": dpDate("The date the row was last checked against its source; empty when never re-checked."),
	"note":          dpText("Remarks on the row, including corrections made when it was entered."),
	"certainty":     dpEnum(registry.Certainties, descCertainty),
	"sender_type":   dpEnum(registry.PartyTypes, descPartyType).required(),
	"sender":        dpText("The sender. " + descParty).required(),
	"receiver_type": dpEnum(registry.PartyTypes, descPartyType).required(),
	"receiver":      dpText("The receiver. " + descParty).required(),
	"name_en":       dpText("Name in English."),
	"name_fr":       dpText("Name in French."),
	"name_rw":       dpText("Name in Kinyarwanda."),
	"name_sw":       dpText("Name in Swahili."),
	"address":       dpText("Street address."),
	"phone":         dpText("Telephone number (one starting with + carries the formula guard apostrophe in the file)."),
	"email":         dpText("E-mail address."),
	"website":       dpText("Website (an http or https URL)."),
}

// exportFileFields describe the other columns, by file and column.
var exportFileFields = map[string]map[string]dpField{
	"agreements.csv": agreementsExportFields,
	"settings.csv": {
		"key":   dpEnum([]string{"home_state", "nuncio_is_dean", "consular_contact", "fiscal_year_start"}, "The setting's name.").required(),
		"value": dpText("The setting's value: an ISO 3166-1 alpha-2 code for home_state, true or false for nuncio_is_dean, text for consular_contact, a month number from 1 to 12 (or empty, for January) for fiscal_year_start."),
	},
	"countries.csv": {
		"iso2":           dpPattern(patternISO2, "ISO 3166-1 alpha-2 code.").required(),
		"iso3":           dpPattern(patternISO3, "ISO 3166-1 alpha-3 code.").required(),
		"numeric":        dpPattern(patternM49, "ISO 3166-1 numeric code, three digits with leading zeros (a string, not a number).").required(),
		"name_en":        dpText("Name in English.").required(),
		"region_code":    dpPattern(patternM49, "UN M49 code of the region."),
		"region":         dpText("UN M49 region."),
		"subregion_code": dpPattern(patternM49, "UN M49 code of the subregion."),
		"subregion":      dpText("UN M49 subregion."),
	},
	"country_names_rw.csv": {
		"iso2":    dpPattern(patternISO2, descCountry).required(),
		"name_rw": dpText("Name in Kinyarwanda.").required(),
	},
	"relations.csv": {
		"id":      dpPattern(patternSlug, "Stable identifier of the event; never changes once published.").required(),
		"country": dpPattern(patternISO2, "The other country. "+descCountry).required(),
		"event":   dpEnum(registry.RelationKinds, "What happened to the relations.").required(),
		"date":    dpDate("When it happened.").required(),
	},
	"organisations.csv": {
		"id":         dpPattern(patternOrgID, "Stable identifier of the organisation (its acronym, spaces replaced by hyphens); never changes once published.").required(),
		"acronym":    dpText("Acronym.").required(),
		"name_en":    dpText("Name in English.").required(),
		"kind":       dpEnum(registry.OrgKinds, "Kind of organisation.").required(),
		"hq_city":    dpText("City of the headquarters."),
		"hq_country": dpPattern(patternISO2, "Country of the headquarters. "+descCountry),
	},
	"missions.csv": {
		"id":       dpPattern(patternSlug, "Stable identifier of the mission; never changes once published.").required(),
		"kind":     dpEnum(registry.MissionKinds, "Kind of mission.").required(),
		"name":     dpText("Name of the mission.").required(),
		"city":     dpText("City where the mission is located (required unless the mission is planned)."),
		"country":  dpPattern(patternISO2, "Country where the mission is located. "+descCountry).required(),
		"status":   dpEnum(registry.MissionStatuses, "State of the mission; closed needs a closed date.").required(),
		"opened":   dpDate("When the mission opened."),
		"closed":   dpDate("When the mission closed; set only when the status is closed."),
		"services": dpPattern(dpServicesPattern(), "Services the mission offers the public, separated by \";\": "+strings.Join(dpNames(registry.Services), ", ")+"."),
		"sender":   dpText("The sending state or organisation. " + descParty).required(),
	},
	"accreditations.csv": {
		"id":                    dpPattern(patternDoubleID, "Stable identifier of the accreditation (the mission id, two hyphens, the receiver); never changes once published.").required(),
		"mission":               dpPattern(patternSlug, "The accredited mission, a missions.csv id.").required(),
		"residence":             dpEnum(registry.Residences, "Resident (the mission is in the receiving country or at the organisation's headquarters) or non_resident (concurrent accreditation from abroad).").required(),
		"status":                dpEnum(registry.AccStatuses, "State of the accreditation; ended needs a to date.").required(),
		"from":                  dpDate("When the accreditation took effect; empty when unknown (then counted as in force since before any date asked)."),
		"to":                    dpDate("When the accreditation ended."),
		"credentials_presented": dpDate("The latest date credentials were presented under this accreditation."),
		"legal_basis":           dpText("Legal basis of the accreditation, when the source gives it."),
	},
	"people.csv": {
		"id":   dpPattern(patternSlug, "Stable identifier of the person; never changes once published.").required(),
		"name": dpText("Full name.").required(),
	},
	"appointments.csv": {
		"id":                    dpPattern(patternSlug, "Stable identifier of the appointment; never changes once published.").required(),
		"person":                dpPattern(patternSlug, "The person appointed, a people.csv id; empty when the sources do not name the person."),
		"mission":               dpPattern(patternSlug, "The mission headed, a missions.csv id; empty when it is not known or not modelled."),
		"role":                  dpEnum(registry.Roles, "Role of the appointment.").required(),
		"title":                 dpEnum(registry.Titles, "Title of the head of mission (charge_d_affaires goes with the roles charge_d_affaires_*).").required(),
		"agrement_requested":    dpDate("When agrément was requested."),
		"agrement_granted":      dpDate("When agrément was granted."),
		"appointed":             dpDate("When the person was appointed."),
		"arrived":               dpDate("When the person arrived at post."),
		"credentials_copy":      dpDate("When a copy of the credentials was presented to the ministry."),
		"credentials_presented": dpDate("When the credentials were presented."),
		"credentials_seq": {Type: "integer", Description: "Order of presentation within one credentials ceremony (1 = first), when the source gives it; empty otherwise.",
			Constraints: &dpConstraints{Minimum: dpInt(1)}},
		"ended": dpDate("When the appointment ended."),
	},
	"honorary_consuls.csv": {
		"id":                  dpPattern(patternSlug, "Stable identifier of the honorary consulate; never changes once published.").required(),
		"person":              dpPattern(patternSlug, "The honorary consul, a people.csv id; empty when not known."),
		"country":             dpPattern(patternISO2, "The receiving state. "+descCountry).required(),
		"city":                dpText("Seat of the honorary consul; empty when not known."),
		"district":            dpText("Consular district: regions served, separated by \";\"."),
		"supervising_mission": dpPattern(patternSlug, "The home state's mission that supervises the consul, a missions.csv id."),
		"status":              dpEnum(registry.HCStatuses, "State of the appointment; active and ended need an exequatur date, ended a term_end.").required(),
		"appointed":           dpDate("When the consul was appointed."),
		"exequatur":           dpDate("When the receiving state granted the exequatur (or, when unpublished, the earliest date the consul is shown acting)."),
		"term_end":            dpDate("When the consul's term ends or ended."),
	},
	"memberships.csv": {
		"id":                   dpPattern(patternDoubleID, "Stable identifier of the membership (the member in lower case, two hyphens, the organisation id); never changes once published.").required(),
		"member":               dpPattern(patternISO2, "The member state. "+descCountry).required(),
		"organisation":         dpPattern(patternOrgID, "The organisation, an organisations.csv id.").required(),
		"status":               dpEnum(registry.MembershipStatuses, "Standing in the organisation; a left date needs the status former.").required(),
		"joined":               dpDate("When the state joined."),
		"left":                 dpDate("When the state left."),
		"representing_mission": dpPattern(patternSlug, "The member's mission to the organisation, a missions.csv id."),
	},
	"declared_figures.csv": {
		"id":    dpPattern(patternSlug, "Stable identifier of the figure; never changes once published.").required(),
		"name":  dpEnum(registry.FigureNames, "The figure, named as the registry's computed figures are.").required(),
		"value": dpField{Type: "integer", Description: "The value the ministry published.", Constraints: &dpConstraints{Required: true, Minimum: dpInt(0)}},
		"date":  dpDate("When the figure was published or applies.").required(),
	},
	"finder_notes.csv": {
		"country": dpPattern(patternISO2, descCountry).required(),
		"served_from_hq": {Type: "boolean", Description: "Whether the country is served from the ministry itself; written true or false (the loader also reads yes/no and 1/0, and an empty cell as false).",
			TrueValues: []string{"true", "yes", "1"}, FalseValues: []string{"false", "no", "0"}},
		"text_en": dpText("The ministry's text in English."),
		"text_fr": dpText("The ministry's text in French."),
		"text_rw": dpText("The ministry's text in Kinyarwanda."),
		"text_sw": dpText("The ministry's text in Swahili."),
	},
}

// exportField describes one column of one file. A column nobody described is
// a plain string (the tests require a description for every column).
func exportField(file, col string) dpField {
	f, ok := exportFileFields[file][col]
	if !ok {
		f, ok = trackerExportFields[file][col]
	}
	if !ok {
		f, ok = exportCommonFields[col]
	}
	if !ok {
		f = dpField{Type: "string"}
	}
	f.Name = col
	return f
}

// dpNames returns a value set as strings.
func dpNames[T ~string](set []T) []string {
	out := make([]string, len(set))
	for i, v := range set {
		out[i] = string(v)
	}
	return out
}

// dpServicesPattern matches a ";"-separated list of services, as Write joins them.
func dpServicesPattern() string {
	alt := "(" + strings.Join(dpNames(registry.Services), "|") + ")"
	return alt + "(;" + alt + ")*"
}
