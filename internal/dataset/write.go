package dataset

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/registry"
)

// FileSchema describes one data file as Write writes it and Load reads it.
type FileSchema struct {
	Name    string   // file name, e.g. "missions.csv"
	Entity  string   // what one row is, as in validation errors: "mission", "country_name_rw", "settings", …
	Columns []string // the header in order: the file's own columns, then the trailing ones
}

// Schema describes every data file, in the order Load reads them (see Files).
// The columns are exactly the header Write writes; each is accepted by Load.
// The slices are the caller's to keep.
func Schema() []FileSchema {
	out := make([]FileSchema, len(files))
	for i, f := range files {
		out[i] = FileSchema{Name: f.name, Entity: f.entity, Columns: header(f)}
	}
	return out
}

func header(f file) []string {
	return slices.Concat(f.columns, f.extra, trailingColumns(f.name))
}

// Write writes ds as the data files Load reads: every file of Files, including
// the optional ones (with a header only when there is nothing to write), each
// with the full header of Schema. For each file it calls create with the
// file's name and writes the file to the io.Writer returned; if that writer is
// also an io.Closer, Write closes it once the file is written. Write stops at
// the first error.
//
// Files are written with csvfile.Writer (UTF-8, "\n" line ends, cells starting
// with = + - @ TAB or CR guarded by an apostrophe, which Load removes). Records
// are sorted by id (countries by iso2, finder notes by country, settings in a
// fixed order), so the same data set always gives the same bytes. Dates are
// written as Date.String, services joined with ";", booleans as "true" or
// "false", and zero values (unknown dates, a credentials_seq of 0, an unset
// fiscal_year_start) as empty cells. Numbers are written in their shortest
// exact form (strconv 'g'), instants in RFC 3339 in UTC with every non-zero
// fractional digit, lists joined with ";", targets as PERIOD=VALUE joined
// with ";".
//
// What the files cannot hold is not written: Meta.Version, Meta.Revision and
// Meta.UpdatedAt (set by the store), and Dataset.Deletions. The Kinyarwanda
// names of countries go to country_names_rw.csv, with empty source,
// last_verified and note, since registry.Country keeps no separate provenance
// for them. Load trims the cells it reads, so spaces around a value are lost.
func Write(ds registry.Dataset, create func(name string) (io.Writer, error)) error {
	for _, f := range files {
		rows, ok := fileRows[f.name]
		if !ok {
			rows, ok = trackerRows[f.name]
		}
		if !ok {
			return fmt.Errorf("dataset: write %s: no writer for this file", f.name)
		}
		if err := writeFile(f.name, header(f), rows(&ds), create); err != nil {
			return err
		}
	}
	return nil
}

// record is one row to write, by column name; absent columns are empty.
type record map[string]string

func writeFile(name string, hdr []string, recs []record, create func(string) (io.Writer, error)) (err error) {
	w, err := create(name)
	if err != nil {
		return fmt.Errorf("dataset: write %s: %w", name, err)
	}
	if c, ok := w.(io.Closer); ok {
		defer func() {
			if cerr := c.Close(); cerr != nil && err == nil {
				err = fmt.Errorf("dataset: write %s: %w", name, cerr)
			}
		}()
	}
	cw := csvfile.NewWriter(w)
	if err := cw.Write(hdr); err != nil {
		return fmt.Errorf("dataset: write %s: %w", name, err)
	}
	cells := make([]string, len(hdr))
	for _, r := range recs {
		for k := range r {
			if !slices.Contains(hdr, k) {
				return fmt.Errorf("dataset: write %s: no column %q", name, k) // a bug in fileRows
			}
		}
		for i, c := range hdr {
			cells[i] = r[c]
		}
		if err := cw.Write(cells); err != nil {
			return fmt.Errorf("dataset: write %s: %w", name, err)
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("dataset: write %s: %w", name, err)
	}
	return nil
}

// sortedBy returns pointers to the elements of s ordered by key; elements
// with equal keys keep their order. s is not modified.
func sortedBy[T any](s []T, key func(*T) string) []*T {
	out := make([]*T, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	slices.SortStableFunc(out, func(a, b *T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// rowsOf turns the records of s, sorted by key, into rows.
func rowsOf[T any](s []T, key func(*T) string, row func(*T) record) []record {
	var out []record
	for _, x := range sortedBy(s, key) {
		out = append(out, row(x))
	}
	return out
}

func (r record) meta(m registry.Meta) record {
	r["source"], r["last_verified"], r["note"] = m.Source, m.LastVerified.String(), m.Note
	return r
}

func (r record) party(col string, p registry.Party) {
	r[col+"_type"], r[col] = string(p.Type), p.Code
}

func boolCell(b bool) string { return strconv.FormatBool(b) }

func intCell(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// fileRows gives, for each file Load reads, the rows Write writes to it.
var fileRows = map[string]func(ds *registry.Dataset) []record{
	"agreements.csv": agreementRows,
	"settings.csv": func(ds *registry.Dataset) []record {
		s := ds.Settings
		return []record{
			{"key": "home_state", "value": s.HomeState},
			{"key": "nuncio_is_dean", "value": boolCell(s.NuncioIsDean)},
			{"key": "consular_contact", "value": s.ConsularContact},
			{"key": "fiscal_year_start", "value": intCell(int(s.FiscalYearStart))},
		}
	},
	"countries.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Countries, func(c *registry.Country) string { return c.ISO2 }, func(c *registry.Country) record {
			return record{
				"iso2": c.ISO2, "iso3": c.ISO3, "numeric": c.Numeric,
				"name_en": c.Names.EN, "name_fr": c.Names.FR, "name_sw": c.Names.SW,
				"region_code": c.RegionCode, "region": c.Region, "subregion_code": c.SubregionCode, "subregion": c.Subregion,
			}.meta(c.Meta)
		})
	},
	"country_names_rw.csv": func(ds *registry.Dataset) []record {
		var out []record
		for _, c := range sortedBy(ds.Countries, func(c *registry.Country) string { return c.ISO2 }) {
			if c.Names.RW != "" {
				out = append(out, record{"iso2": c.ISO2, "name_rw": c.Names.RW})
			}
		}
		return out
	},
	"relations.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Relations, func(e *registry.RelationEvent) string { return e.ID }, func(e *registry.RelationEvent) record {
			return record{
				"id": e.ID, "country": e.Country, "event": string(e.Event), "date": e.Date.String(), "certainty": string(e.Certainty),
			}.meta(e.Meta)
		})
	},
	"organisations.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Organisations, func(o *registry.Organisation) string { return o.ID }, func(o *registry.Organisation) record {
			return record{
				"id": o.ID, "acronym": o.Acronym, "name_en": o.Names.EN, "name_fr": o.Names.FR, "name_rw": o.Names.RW, "name_sw": o.Names.SW,
				"kind": string(o.Kind), "hq_city": o.HQCity, "hq_country": o.HQCountry,
			}.meta(o.Meta)
		})
	},
	"missions.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Missions, func(m *registry.Mission) string { return m.ID }, func(m *registry.Mission) record {
			services := make([]string, len(m.Services))
			for i, s := range m.Services {
				services[i] = string(s)
			}
			r := record{
				"id": m.ID, "kind": string(m.Kind), "name": m.Name, "city": m.City, "country": m.Country,
				"status": string(m.Status), "certainty": string(m.Certainty),
				"opened": m.Opened.String(), "closed": m.Closed.String(),
				"address": m.Contacts.Address, "phone": m.Contacts.Phone, "email": m.Contacts.Email, "website": m.Contacts.Website,
				"services": strings.Join(services, ";"),
			}
			r.party("sender", m.Sender)
			return r.meta(m.Meta)
		})
	},
	"accreditations.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Accreditations, func(a *registry.Accreditation) string { return a.ID }, func(a *registry.Accreditation) record {
			r := record{
				"id": a.ID, "mission": a.Mission, "residence": string(a.Residence), "status": string(a.Status),
				"certainty": string(a.Certainty), "from": a.From.String(), "to": a.To.String(),
				"credentials_presented": a.CredentialsPresented.String(), "legal_basis": a.LegalBasis,
			}
			r.party("receiver", a.Receiver)
			return r.meta(a.Meta)
		})
	},
	"people.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.People, func(p *registry.Person) string { return p.ID }, func(p *registry.Person) record {
			return record{"id": p.ID, "name": p.Name}.meta(p.Meta)
		})
	},
	"appointments.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Appointments, func(a *registry.Appointment) string { return a.ID }, func(a *registry.Appointment) record {
			r := record{
				"id": a.ID, "person": a.Person, "mission": a.Mission,
				"role": string(a.Role), "title": string(a.Title), "certainty": string(a.Certainty),
				"agrement_requested": a.AgrementRequested.String(), "agrement_granted": a.AgrementGranted.String(),
				"appointed": a.Appointed.String(), "arrived": a.Arrived.String(),
				"credentials_copy": a.CredentialsCopy.String(), "credentials_presented": a.CredentialsPresented.String(),
				"credentials_seq": intCell(a.CredentialsSeq), "ended": a.Ended.String(),
			}
			r.party("sender", a.Sender)
			r.party("receiver", a.Receiver)
			return r.meta(a.Meta)
		})
	},
	"honorary_consuls.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.HonoraryConsuls, func(h *registry.HonoraryConsul) string { return h.ID }, func(h *registry.HonoraryConsul) record {
			return record{
				"id": h.ID, "person": h.Person, "country": h.Country, "city": h.City, "district": h.District,
				"supervising_mission": h.SupervisingMission, "status": string(h.Status), "certainty": string(h.Certainty),
				"appointed": h.Appointed.String(), "exequatur": h.Exequatur.String(), "term_end": h.TermEnd.String(),
				"address": h.Contacts.Address, "phone": h.Contacts.Phone, "email": h.Contacts.Email, "website": h.Contacts.Website,
			}.meta(h.Meta)
		})
	},
	"memberships.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Memberships, func(m *registry.Membership) string { return m.ID }, func(m *registry.Membership) record {
			return record{
				"id": m.ID, "member": m.Member, "organisation": m.Organisation, "status": string(m.Status),
				"certainty": string(m.Certainty), "joined": m.Joined.String(), "left": m.Left.String(),
				"representing_mission": m.RepresentingMission,
			}.meta(m.Meta)
		})
	},
	"declared_figures.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.DeclaredFigures, func(f *registry.DeclaredFigure) string { return f.ID }, func(f *registry.DeclaredFigure) record {
			// value is required, so 0 is written as "0".
			return record{"id": f.ID, "name": f.Name, "value": strconv.Itoa(f.Value), "date": f.Date.String()}.meta(f.Meta)
		})
	},
	"finder_notes.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.FinderNotes, func(n *registry.FinderNote) string { return n.Country }, func(n *registry.FinderNote) record {
			return record{
				"country": n.Country, "served_from_hq": boolCell(n.ServedFromHQ),
				"text_en": n.Text.EN, "text_fr": n.Text.FR, "text_rw": n.Text.RW, "text_sw": n.Text.SW,
			}.meta(n.Meta)
		})
	},
}
