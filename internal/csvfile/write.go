package csvfile

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
)

// guardChars are the characters that make a spreadsheet treat a cell as a
// formula (or, for TAB and CR, that some spreadsheets skip before looking for
// one): = + - @ TAB CR. See the OWASP page "CSV Injection".
const guardChars = "=+-@\t\r"

// guarded reports whether s must be written with a leading apostrophe.
func guarded(s string) bool {
	if s == "" || strings.IndexByte(guardChars, s[0]) < 0 {
		return false
	}
	// A plain number such as -3 or +1.5 is not a formula: leave it readable.
	_, err := strconv.ParseFloat(s, 64)
	return err != nil
}

// unguard removes the apostrophe Writer put before a cell that starts with a
// guard character: "'=1+1" becomes "=1+1". Any other value is returned as is,
// including one that starts with an apostrophe followed by something else
// ("'49 missions" stays "'49 missions").
func unguard(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(guardChars, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// Writer writes CSV files in the format Read reads: UTF-8 without a byte
// order mark, comma separated, "\n" line ends, fields quoted only when needed
// (as encoding/csv does).
//
// Every cell is guarded against spreadsheet formula injection ("CSV
// injection"): a cell whose first character is one of = + - @ TAB CR is
// written with a leading apostrophe (a plain number such as -3 is left as it
// is), so "=HYPERLINK(…)" is written as
// "'=HYPERLINK(…)" and "+250 788 000 000" as "'+250 788 000 000". Spreadsheets
// then show the cell as text instead of evaluating it. Read removes that
// apostrophe again, so a file written by Writer reads back to the values that
// were written, with two exceptions: a value that itself starts with an
// apostrophe followed by a guard character ("'=x") reads back without its
// apostrophe ("=x"), since that is the escaped form; and encoding/csv reads a
// carriage return followed by a line feed inside a quoted field as a line feed.
//
// The guard looks at the first character only; it does not trim the value, so
// " =1+1" (leading space) is written unchanged, quoted because of the space.
// A record of a single empty field is written as "" (encoding/csv would write
// an empty line, which readers skip); a record of no fields is an error.
type Writer struct {
	bw *bufio.Writer
	cw *csv.Writer
}

// NewWriter returns a Writer writing to w. Call Flush when done.
func NewWriter(w io.Writer) *Writer {
	// csv.NewWriter reuses bw as its buffer (bufio.NewWriter returns a
	// *bufio.Writer of enough size unchanged), so Write can put the odd record
	// directly into bw without reordering output.
	bw := bufio.NewWriter(w)
	return &Writer{bw: bw, cw: csv.NewWriter(bw)}
}

// errEmptyRecord is returned for a record of no fields, which CSV cannot
// represent (it would be an empty line, which readers skip).
var errEmptyRecord = errors.New("csvfile: cannot write a record of no fields")

// Write writes one record, guarding each cell as described on Writer. The
// output is buffered; call Flush to complete it.
func (w *Writer) Write(record []string) error {
	if len(record) == 0 {
		return errEmptyRecord
	}
	if len(record) == 1 && record[0] == "" {
		// encoding/csv writes this record as an empty line, which every
		// reader skips; a quoted empty field keeps it.
		if err := w.cw.Error(); err != nil {
			return err
		}
		_, err := w.bw.WriteString("\"\"\n")
		return err
	}
	out, copied := record, false
	for i, v := range record {
		if guarded(v) {
			if !copied {
				out, copied = slices.Clone(record), true // leave the caller's slice alone
			}
			out[i] = "'" + v
		}
	}
	return w.cw.Write(out)
}

// Flush writes any buffered data to the underlying io.Writer and returns the
// first error met while writing or flushing.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}
