package api

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
)

const csvType = "text/csv; charset=utf-8; header=present"

func csvResult(header []string, rows [][]string) result {
	var buf bytes.Buffer
	w := csvfile.NewWriter(&buf)
	w.Write(header)
	for _, r := range rows {
		w.Write(r)
	}
	if err := w.Flush(); err != nil {
		return result{problem: internalProblem()}
	}
	return result{body: buf.Bytes(), contentType: csvType}
}

func internalProblem() *Problem {
	return &Problem{Type: typeInternal, Title: "Internal error", Status: 500}
}

// datasetCSV writes one file of the seed data set's format holding ds's records.
func datasetCSV(file string, ds *registry.Dataset) result {
	var buf bytes.Buffer
	err := dataset.Write(*ds, func(name string) (io.Writer, error) {
		if name == file {
			return &buf, nil
		}
		return io.Discard, nil
	})
	if err != nil {
		return result{problem: internalProblem()}
	}
	return result{body: buf.Bytes(), contentType: csvType}
}

func figuresCSV(f *registry.Figures) result {
	header := []string{"as_of", "home_state", "name", "value", "unconfirmed", "declared_value", "declared_date", "difference", "parts"}
	var rows [][]string
	for _, it := range f.Items {
		declared, declaredDate, diff := "", "", ""
		if it.Declared != nil {
			declared, declaredDate, diff = strconv.Itoa(it.Declared.Value), it.Declared.Date.String(), strconv.Itoa(it.Difference)
		}
		var parts []string
		for _, p := range it.Parts {
			parts = append(parts, p.Name+"="+strconv.Itoa(p.Value))
		}
		rows = append(rows, []string{f.AsOf.String(), f.Home, it.Name, strconv.Itoa(it.Value), strconv.Itoa(it.Unconfirmed),
			declared, declaredDate, diff, strings.Join(parts, ";")})
	}
	return csvResult(header, rows)
}

func countriesCSV(reg *registry.Registry, cs []countrySummary) result {
	header := []string{"iso2", "iso3", "numeric", "name_en", "name_fr", "name_rw", "name_sw", "region_code", "region",
		"subregion_code", "subregion", "coverage", "relations"}
	rows := make([][]string, len(cs))
	for i, c := range cs {
		rows[i] = []string{c.ISO2, c.ISO3, c.Numeric, c.Names.EN, c.Names.FR, c.Names.RW, c.Names.SW, c.RegionCode, c.Region,
			c.SubregionCode, c.Subregion, string(c.Coverage), string(c.Relations)}
	}
	return csvResult(header, rows)
}
