package dataset

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/registry"
)

// Decoder reads data files one row at a time (csvfile.Reader), parsing and
// checking every field as Load does, but not the data set as a whole: the
// files may be any subset of Files, and their records may refer to records
// that are not among them. It is the first half of an import; the importer
// merges the records with the stored ones and validates the result.
type Decoder struct {
	p    *parser
	rows []Located
}

// Located is one row read: the record it holds and where it was read.
type Located struct {
	Entity string // as in Schema: "mission", "settings", "country_name_rw", …
	ID     string // the record's id (a country's iso2, a setting's key)
	File   string // the path given to ReadFile
	Line   int
}

// NewDecoder returns a Decoder holding no records.
func NewDecoder() *Decoder {
	return &Decoder{p: &parser{where: map[string]location{}, rw: map[string]string{}}}
}

// IsDataFile reports whether name is one of Files.
func IsDataFile(name string) bool {
	return slices.ContainsFunc(files, func(f file) bool { return f.name == name })
}

// ReadFile reads the data file name (one of Files) from r; path names it in
// the problems reported (a path, or "archive.zip:missions.csv"). Problems go
// to Problems, records to Dataset, rows to Rows. each, when not nil, is
// called after every row read.
func (d *Decoder) ReadFile(name, path string, r io.Reader, each func(Located)) {
	i := slices.IndexFunc(files, func(f file) bool { return f.name == name })
	if i < 0 {
		d.p.fail(&csvfile.Error{File: path, Reason: fmt.Sprintf("%q is not a data file; want one of %v", name, Files())})
		return
	}
	f := files[i]
	cr, err := csvfile.NewReader(path, r, f.columns, append(slices.Clone(f.extra), trailingColumns(f.name)...))
	if err != nil {
		d.p.fail(asCSVError(path, err))
		return
	}
	for {
		row, err := cr.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			d.p.fail(asCSVError(path, err))
			continue
		}
		id := f.parse(d.p, row)
		loc := Located{Entity: f.entity, ID: id, File: path, Line: row.Line}
		if id != "" {
			d.p.where[f.entity+"\x00"+id] = location{path, row.Line}
		}
		d.rows = append(d.rows, loc)
		if each != nil {
			each(loc)
		}
	}
}

func asCSVError(path string, err error) *csvfile.Error {
	var ce *csvfile.Error
	if errors.As(err, &ce) {
		return ce
	}
	return &csvfile.Error{File: path, Reason: err.Error()}
}

// Dataset returns the records read, in the order read. Countries carry no
// Kinyarwanda names (see RWNames); Settings holds the values of the keys
// read (see Rows for which). The Dataset is the Decoder's: do not modify it
// while reading.
func (d *Decoder) Dataset() *registry.Dataset { return &d.p.ds }

// RWNames returns the Kinyarwanda country names read from
// country_names_rw.csv, by iso2.
func (d *Decoder) RWNames() map[string]string { return maps.Clone(d.p.rw) }

// Rows returns every row read, in order.
func (d *Decoder) Rows() []Located { return d.rows }

// Problems returns the problems found so far, in the order found.
func (d *Decoder) Problems() []*csvfile.Error { return d.p.problems }
