package csvfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits of a Reader, so that a file of any size is read in bounded memory.
const (
	// MaxField is the largest field, in bytes, a Reader accepts (64 KiB). The
	// registry's own limits are far lower (2,000 characters of text, 4,000 of
	// source); this one stops a runaway cell early.
	MaxField = 64 << 10
	// MaxLine is the longest physical line, in bytes, a Reader accepts
	// (1 MiB): a field of megabytes without a line break is refused at this
	// point, before it is read whole.
	MaxLine = 1 << 20
)

// Reader reads a CSV file one record at a time, with the checks of Read and
// limits on the size of a field (MaxField) and of a line (MaxLine). A row
// that breaks a rule of its own (its number of fields, a field that is not
// UTF-8 or is too long) is reported by Next with an *Error, and the next row
// can still be read; a file that cannot be read on (bad quoting, a line too
// long, a read error) ends with that *Error, after which Next returns io.EOF.
type Reader struct {
	name   string
	lines  *lineReader
	cr     *csv.Reader
	header []string
	index  map[string]int
	done   bool
}

// NewReader reads the header of the file name from r and checks it as Read
// does: every column of required once, others only if listed in optional. A
// leading UTF-8 byte order mark is skipped.
func NewReader(name string, r io.Reader, required, optional []string) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3) //nolint:errcheck // peeked
	}
	lr := &lineReader{r: br}
	cr := csv.NewReader(lr)
	cr.FieldsPerRecord = -1 // checked in Next, with a clearer message
	cr.ReuseRecord = false
	rd := &Reader{name: name, lines: lr, cr: cr}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &Error{File: name, Line: 1, Reason: "is empty: a header row is required"}
	}
	if err != nil {
		return nil, rd.readError(err)
	}
	index := make(map[string]int, len(header))
	for i, h := range header {
		if !utf8.ValidString(h) {
			return nil, &Error{File: name, Line: 1, Reason: notUTF8}
		}
		h = strings.TrimSpace(unguard(h))
		if _, dup := index[h]; dup {
			return nil, &Error{File: name, Line: 1, Field: h, Reason: "column appears twice in the header"}
		}
		index[h] = i
		header[i] = h
	}
	for _, c := range required {
		if _, ok := index[c]; !ok {
			return nil, &Error{File: name, Line: 1, Field: c, Reason: "required column is missing from the header"}
		}
	}
	for _, h := range header {
		if !slices.Contains(required, h) && !slices.Contains(optional, h) {
			return nil, &Error{File: name, Line: 1, Field: h, Reason: "unknown column"}
		}
	}
	rd.header, rd.index = header, index
	return rd, nil
}

// notUTF8 explains an encoding error; files saved by spreadsheets in a
// Western-European locale are the usual cause.
const notUTF8 = "is not valid UTF-8: save the file as UTF-8 (it may be Latin-1 or Windows-1252)"

// Header returns the columns of the file, trimmed, in order.
func (r *Reader) Header() []string { return slices.Clone(r.header) }

// Next returns the next row. At the end of the file it returns io.EOF. Any
// other error is an *Error; see Reader for when reading can go on.
func (r *Reader) Next() (Row, error) {
	if r.done {
		return Row{}, io.EOF
	}
	rec, err := r.cr.Read()
	if errors.Is(err, io.EOF) {
		r.done = true
		return Row{}, io.EOF
	}
	if err != nil {
		r.done = true
		return Row{}, r.readError(err)
	}
	line, _ := r.cr.FieldPos(0)
	if len(rec) != len(r.header) {
		return Row{}, &Error{File: r.name, Line: line, Reason: fmt.Sprintf("has %d fields, the header has %d", len(rec), len(r.header))}
	}
	for i, v := range rec {
		switch {
		case len(v) > MaxField:
			return Row{}, &Error{File: r.name, Line: line, Field: r.header[i],
				Reason: fmt.Sprintf("is %d bytes long; a field may hold at most %d bytes", len(v), MaxField)}
		case !utf8.ValidString(v):
			return Row{}, &Error{File: r.name, Line: line, Field: r.header[i], Reason: notUTF8}
		}
		rec[i] = unguard(v)
	}
	return Row{Line: line, file: r.name, index: r.index, values: rec}, nil
}

func (r *Reader) readError(err error) error {
	var le *lineError
	if errors.As(err, &le) {
		return &Error{File: r.name, Line: le.line,
			Reason: fmt.Sprintf("line is longer than %d bytes; a field may hold at most %d bytes", MaxLine, MaxField)}
	}
	return parseError(r.name, err)
}

// lineReader passes bytes through, failing once a line grows past MaxLine.
type lineReader struct {
	r    *bufio.Reader
	line int // 0-based number of the current line
	run  int // bytes since the last line feed
	err  error
}

type lineError struct{ line int }

func (e *lineError) Error() string { return fmt.Sprintf("line %d is too long", e.line) }

func (l *lineReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			l.line++
			l.run = 0
			continue
		}
		if l.run++; l.run > MaxLine {
			l.err = &lineError{line: l.line + 1}
			return i, l.err
		}
	}
	return n, err
}
