// Package csvfile reads the CSV files of the data set: UTF-8, a header row,
// named columns, and errors that give the file, line and column.
package csvfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Error locates a problem in a CSV file.
type Error struct {
	File   string
	Line   int    // 1-based; 0 when the problem is the file as a whole
	Field  string // column name, when known
	Reason string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": %s", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Row is one record of a file.
type Row struct {
	Line   int // line where the record starts
	file   string
	index  map[string]int
	values []string
}

// Get returns the value of column name, trimmed of surrounding spaces; "" when
// the file has no such column.
func (r Row) Get(name string) string {
	i, ok := r.index[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.values[i])
}

// Errorf returns an *Error for field of this row.
func (r Row) Errorf(field, format string, args ...any) *Error {
	return &Error{File: r.file, Line: r.Line, Field: field, Reason: fmt.Sprintf(format, args...)}
}

// MaxSize is the largest file Read accepts.
const MaxSize = 32 << 20

// Read parses a whole CSV file named name. The header must hold every column
// in required, each once; other columns are allowed only if listed in
// optional. A leading UTF-8 byte order mark is ignored. Every record must have
// as many fields as the header and be valid UTF-8. The apostrophe Writer puts
// before a cell starting with = + - @ TAB or CR is removed ("'=x" reads "=x").
func Read(name string, r io.Reader, required, optional []string) ([]Row, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, &Error{File: name, Reason: err.Error()}
	}
	if len(data) > MaxSize {
		return nil, &Error{File: name, Reason: fmt.Sprintf("is larger than %d bytes", MaxSize)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // checked below, with a clearer message
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &Error{File: name, Line: 1, Reason: "is empty: a header row is required"}
	}
	if err != nil {
		return nil, parseError(name, err)
	}
	index := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(unguard(h))
		if _, dup := index[h]; dup {
			return nil, &Error{File: name, Line: 1, Field: h, Reason: "column appears twice in the header"}
		}
		index[h] = i
	}
	for _, c := range required {
		if _, ok := index[c]; !ok {
			return nil, &Error{File: name, Line: 1, Field: c, Reason: "required column is missing from the header"}
		}
	}
	for h := range index {
		if !slices.Contains(required, h) && !slices.Contains(optional, h) {
			return nil, &Error{File: name, Line: 1, Field: h, Reason: "unknown column"}
		}
	}
	var rows []Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, parseError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, &Error{File: name, Line: line, Reason: fmt.Sprintf("has %d fields, the header has %d", len(rec), len(header))}
		}
		for i, v := range rec {
			if !utf8.ValidString(v) {
				return nil, &Error{File: name, Line: line, Field: strings.TrimSpace(header[i]), Reason: "is not valid UTF-8"}
			}
			rec[i] = unguard(v)
		}
		rows = append(rows, Row{Line: line, file: name, index: index, values: rec})
	}
	return rows, nil
}

func parseError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: name, Line: pe.StartLine, Reason: pe.Err.Error()}
	}
	return &Error{File: name, Reason: err.Error()}
}
