package registry

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date that may be known only to its year or month, as
// sources often give it. The zero Date means "unknown".
//
// For "as of D" questions a partial date stands for the first day of its
// period (First); for ranking credentials it stands for the last day (Last),
// so that a head of mission whose day is unknown never jumps ahead of one whose
// day is known.
type Date struct {
	year  int16
	month uint8 // 0 when only the year is known
	day   uint8 // 0 when only the year or month is known
}

// Precision of a Date.
type Precision uint8

const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

// NewDate returns the full date y-m-d. It does not check the date; use ParseDate
// for input from outside.
func NewDate(y int, m time.Month, d int) Date {
	return Date{year: int16(y), month: uint8(m), day: uint8(d)}
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// Today returns the current date in UTC.
func Today() Date { return DateOf(time.Now().UTC()) }

// ParseDate parses YYYY, YYYY-MM or YYYY-MM-DD. The empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	bad := fmt.Errorf("%q is not a date (want YYYY-MM-DD, YYYY-MM or YYYY)", s)
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return Date{}, bad
	}
	num := func(part string) (int, bool) {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(part)
		return n, err == nil
	}
	y, ok := num(s[:4])
	if !ok || y < 1000 {
		return Date{}, bad
	}
	if len(s) == 4 {
		return Date{year: int16(y)}, nil
	}
	if s[4] != '-' {
		return Date{}, bad
	}
	m, ok := num(s[5:7])
	if !ok || m < 1 || m > 12 {
		return Date{}, fmt.Errorf("%q has no month %s", s, s[5:7])
	}
	if len(s) == 7 {
		return Date{year: int16(y), month: uint8(m)}, nil
	}
	if s[7] != '-' {
		return Date{}, bad
	}
	d, ok := num(s[8:10])
	if !ok || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, fmt.Errorf("%q is not a real day", s)
	}
	return Date{year: int16(y), month: uint8(m), day: uint8(d)}, nil
}

// MustDate is ParseDate for literals in code and tests; it panics on bad input.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.year == 0 }

// Precision reports how much of the date is known.
func (d Date) Precision() Precision {
	switch {
	case d.year == 0:
		return PrecisionNone
	case d.month == 0:
		return PrecisionYear
	case d.day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// Year returns the year, or 0 for the zero Date.
func (d Date) Year() int { return int(d.year) }

// String formats the date as YYYY-MM-DD, YYYY-MM or YYYY; "" when unknown.
func (d Date) String() string {
	switch d.Precision() {
	case PrecisionNone:
		return ""
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.year, d.month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.year, d.month, d.day)
}

// First returns the first day of the period the date stands for, as a sortable
// number yyyymmdd; 0 for the zero Date.
func (d Date) First() int32 {
	if d.IsZero() {
		return 0
	}
	m, day := int32(d.month), int32(d.day)
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return int32(d.year)*10000 + m*100 + day
}

// Last returns the last day of the period the date stands for, as yyyymmdd; 0
// for the zero Date.
func (d Date) Last() int32 {
	switch d.Precision() {
	case PrecisionNone:
		return 0
	case PrecisionYear:
		return int32(d.year)*10000 + 1231
	case PrecisionMonth:
		return int32(d.year)*10000 + int32(d.month)*100 + int32(daysIn(int(d.year), time.Month(d.month)))
	}
	return d.First()
}

// OnOrBefore reports whether the period d stands for has begun on day of:
// d is known and its first day is not after of.
func (d Date) OnOrBefore(of Date) bool { return !d.IsZero() && d.First() <= of.First() }

// After reports whether d is known and its first day is after of.
func (d Date) After(of Date) bool { return !d.IsZero() && d.First() > of.First() }

// startedBy reports whether a period starting at d (unknown = long ago) has begun by day of.
func startedBy(d, of Date) bool { return d.IsZero() || d.First() <= of.First() }

// endedBy reports whether a period ending at d (unknown = not ended) has ended by day of.
func endedBy(d, of Date) bool { return !d.IsZero() && d.First() <= of.First() }

// MarshalText formats the date for JSON and CSV.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses the date with ParseDate.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes the date as a JSON string, or null when unknown.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads a JSON string or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("registry: date %s is not a JSON string", b)
	}
	return d.UnmarshalText(b[1 : len(b)-1])
}

// Value stores the date as text, or NULL when unknown.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date stored by Value.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case time.Time:
		*d = DateOf(v.UTC())
		return nil
	}
	return fmt.Errorf("registry: cannot scan %T into a Date", src)
}
