package policy

import (
	"fmt"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

// Fiscal periods. The policy tracker counts time in the home state's fiscal
// years (July to June for Rwanda; the start month is a setting) and their
// quarters of three months. Fiscal years and quarters begin on the first day
// of a month, so a month never straddles two periods.
//
// Instants are read as calendar dates in two ways: FiscalYearOf and QuarterOf
// use the date of t in t's own location (what the caller sees); Closed and the
// progress functions read "now" and RecordedAt in UTC, as the store keeps them,
// so that a period's closing does not depend on where the server runs.

// FiscalYear is the fiscal year that starts on the first day of StartMonth in
// Year and lasts twelve months. It is written "2025-2026" when it spans two
// calendar years and "2025" when it starts in January. A StartMonth outside
// 1-12 counts as January. The zero FiscalYear means "none".
type FiscalYear struct {
	Year       int        `json:"year"`
	StartMonth time.Month `json:"start_month"`
}

// month returns m, or January when m is not a month.
func month(m time.Month) time.Month {
	if m < time.January || m > time.December {
		return time.January
	}
	return m
}

// day returns the calendar date y-m-d, normalising an overflowing month or day
// as time.Date does (month 13 is January of the next year, day 0 the last day
// of the month before).
func day(y int, m time.Month, d int) registry.Date {
	return registry.DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// midnight returns the first instant (UTC) of the day d, by its first day.
func midnight(d registry.Date) time.Time {
	f := int(d.First())
	return time.Date(f/10000, time.Month(f/100%100), f%100, 0, 0, 0, 0, time.UTC)
}

// utcDay returns the calendar date of t in UTC.
func utcDay(t time.Time) registry.Date { return registry.DateOf(t.UTC()) }

// IsZero reports whether fy is the zero FiscalYear.
func (fy FiscalYear) IsZero() bool { return fy.Year == 0 }

// Start returns the first day of the fiscal year.
func (fy FiscalYear) Start() registry.Date { return day(fy.Year, month(fy.StartMonth), 1) }

// End returns the last day of the fiscal year.
func (fy FiscalYear) End() registry.Date { return day(fy.Year, month(fy.StartMonth)+12, 0) }

// Next returns the following fiscal year.
func (fy FiscalYear) Next() FiscalYear { return FiscalYear{fy.Year + 1, fy.StartMonth} }

// Prev returns the preceding fiscal year.
func (fy FiscalYear) Prev() FiscalYear { return FiscalYear{fy.Year - 1, fy.StartMonth} }

// String writes "2025-2026", or "2025" for a January start; "" when zero.
func (fy FiscalYear) String() string {
	if fy.Year == 0 {
		return ""
	}
	if month(fy.StartMonth) == time.January {
		return fmt.Sprintf("%04d", fy.Year)
	}
	return fmt.Sprintf("%04d-%04d", fy.Year, fy.Year+1)
}

// example writes an example fiscal year for error messages.
func example(startMonth time.Month) string {
	return FiscalYear{2025, startMonth}.String()
}

// ErrYearOutOfRange is wrapped by the error of a fiscal year written
// correctly whose first year is outside registry.MinFiscalYear to
// registry.MaxFiscalYear.
var ErrYearOutOfRange = fmt.Errorf("the first year must be from %d to %d", registry.MinFiscalYear, registry.MaxFiscalYear)

// ParseFiscalYear parses a fiscal year starting in startMonth: "2025-2026"
// (two consecutive years) for a start in February to December, "2025" for a
// January start. The first year must be from registry.MinFiscalYear to
// registry.MaxFiscalYear. Surrounding spaces are ignored; the empty string
// is the zero FiscalYear.
func ParseFiscalYear(s string, startMonth time.Month) (FiscalYear, error) {
	if startMonth < time.January || startMonth > time.December {
		return FiscalYear{}, fmt.Errorf("fiscal year start month %d is not a month from 1 to 12", int(startMonth))
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return FiscalYear{}, nil
	}
	first, second, two := strings.Cut(s, "-")
	y, ok := year4(first)
	y2, ok2 := year4(second)
	if !ok || (two && !ok2) {
		want := "YYYY-YYYY"
		if startMonth == time.January {
			want = "YYYY"
		}
		return FiscalYear{}, fmt.Errorf("fiscal year %q: want %s, e.g. %s", s, want, example(startMonth))
	}
	if y < registry.MinFiscalYear || y > registry.MaxFiscalYear {
		return FiscalYear{}, fmt.Errorf("fiscal year %q: %w", s, ErrYearOutOfRange)
	}
	fy := FiscalYear{y, startMonth}
	switch {
	case startMonth == time.January && two:
		return FiscalYear{}, fmt.Errorf("fiscal year %q: fiscal years start in January, so each is one calendar year: write %s", s, fy)
	case startMonth != time.January && !two:
		return FiscalYear{}, fmt.Errorf("fiscal year %q: fiscal years start in %s, so each spans two calendar years: write %s or %s", s, startMonth, fy.Prev(), fy)
	case two && y2 != y+1:
		return FiscalYear{}, fmt.Errorf("fiscal year %q: a fiscal year spans two consecutive calendar years: write %s", s, fy)
	}
	return fy, nil
}

// year4 parses exactly four ASCII digits.
func year4(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < 4; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// FiscalYearOf returns the fiscal year, starting in startMonth, that contains
// the date of t in t's location. A startMonth outside 1-12 counts as January.
func FiscalYearOf(t time.Time, startMonth time.Month) FiscalYear {
	sm := month(startMonth)
	y, m, _ := t.Date()
	if m < sm {
		y--
	}
	return FiscalYear{y, sm}
}

// QuarterOf returns the quarter, of fiscal years starting in startMonth, that
// contains the date of t in t's location. A startMonth outside 1-12 counts as
// January.
func QuarterOf(t time.Time, startMonth time.Month) Period {
	sm := month(startMonth)
	k := (int(t.Month()) - int(sm) + 12) % 12
	return Period{FY: FiscalYearOf(t, sm), Q: k/3 + 1}
}

// Period is a whole fiscal year (Q 0) or one of its quarters (Q 1 to 4).
// Targets and actuals are set per period. The zero Period means "none".
type Period struct {
	FY FiscalYear `json:"fiscal_year"`
	Q  int        `json:"quarter,omitempty"`
}

// ParsePeriod parses a whole fiscal year ("2025-2026", as ParseFiscalYear) or
// a quarter ("2025-2026-Q3", as the records and String write it; a space
// instead of the hyphen, and q for Q, are accepted too). The empty string
// is the zero Period.
func ParsePeriod(s string, startMonth time.Month) (Period, error) {
	t := strings.TrimSpace(s)
	if n := len(t); n > 3 && t[n-3] == '-' && (t[n-2] == 'Q' || t[n-2] == 'q') {
		t = t[:n-3] + " " + t[n-2:]
	}
	f := strings.Fields(t)
	switch len(f) {
	case 0:
		_, err := ParseFiscalYear("", startMonth)
		return Period{}, err
	case 1:
		fy, err := ParseFiscalYear(f[0], startMonth)
		return Period{FY: fy}, err
	case 2:
		fy, err := ParseFiscalYear(f[0], startMonth)
		if err != nil {
			return Period{}, err
		}
		q := f[1]
		if len(q) != 2 || (q[0] != 'Q' && q[0] != 'q') || q[1] < '1' || q[1] > '4' {
			return Period{}, fmt.Errorf("period %q: the quarter must be Q1, Q2, Q3 or Q4", strings.TrimSpace(s))
		}
		return Period{FY: fy, Q: int(q[1] - '0')}, nil
	}
	return Period{}, fmt.Errorf("period %q: want a fiscal year (e.g. %s) or a quarter (e.g. %[2]s-Q3)", strings.TrimSpace(s), example(startMonth))
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p.FY.Year == 0 }

// IsQuarter reports whether p is a quarter rather than a whole fiscal year.
func (p Period) IsQuarter() bool { return p.Q >= 1 && p.Q <= 4 }

// Start returns the first day of the period.
func (p Period) Start() registry.Date {
	if !p.IsQuarter() {
		return p.FY.Start()
	}
	return day(p.FY.Year, month(p.FY.StartMonth)+time.Month(3*(p.Q-1)), 1)
}

// End returns the last day of the period.
func (p Period) End() registry.Date {
	if !p.IsQuarter() {
		return p.FY.End()
	}
	return day(p.FY.Year, month(p.FY.StartMonth)+time.Month(3*p.Q), 0)
}

// String writes "2025-2026" for a fiscal year and "2025-2026-Q3" for a
// quarter; "" for the zero Period.
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	if p.Q == 0 {
		return p.FY.String()
	}
	return fmt.Sprintf("%s-Q%d", p.FY, p.Q)
}

// Next returns the following period of the same length: the next quarter
// (Q4 is followed by Q1 of the next fiscal year) or the next fiscal year.
func (p Period) Next() Period {
	switch {
	case !p.IsQuarter():
		return Period{FY: p.FY.Next()}
	case p.Q == 4:
		return Period{FY: p.FY.Next(), Q: 1}
	}
	return Period{FY: p.FY, Q: p.Q + 1}
}

// Prev returns the preceding period of the same length.
func (p Period) Prev() Period {
	switch {
	case !p.IsQuarter():
		return Period{FY: p.FY.Prev()}
	case p.Q == 1:
		return Period{FY: p.FY.Prev(), Q: 4}
	}
	return Period{FY: p.FY, Q: p.Q - 1}
}

// Contains reports whether the period o lies within p: p itself, or a quarter
// of the fiscal year p. Periods are compared by their days, so fiscal years
// with other start months compare correctly. A zero period contains nothing
// and lies in nothing.
func (p Period) Contains(o Period) bool {
	return !p.IsZero() && !o.IsZero() &&
		o.Start().First() >= p.Start().First() && o.End().First() <= p.End().First()
}

// Closed reports whether the period has ended by now: now's date in UTC is
// after its last day. The zero Period is never closed.
func (p Period) Closed(now time.Time) bool {
	return !p.IsZero() && utcDay(now).First() > p.End().First()
}

// begun reports whether the period has begun by now (now's date in UTC).
func (p Period) begun(now time.Time) bool {
	return !p.IsZero() && utcDay(now).First() >= p.Start().First()
}

// periodProblem says why p cannot be used as an indicator's period, or "".
func periodProblem(p Period) string {
	switch {
	case p.IsZero():
		return "is required"
	case p.FY.StartMonth < time.January || p.FY.StartMonth > time.December:
		return fmt.Sprintf("has fiscal-year start month %d, which is not a month from 1 to 12", int(p.FY.StartMonth))
	case p.FY.Year < registry.MinFiscalYear || p.FY.Year > registry.MaxFiscalYear:
		return fmt.Sprintf("starts in %d: fiscal years start from %d to %d", p.FY.Year, registry.MinFiscalYear, registry.MaxFiscalYear)
	case p.Q < 0 || p.Q > 4:
		return fmt.Sprintf("has quarter %d: a quarter is 1 to 4 (0 for the whole fiscal year)", p.Q)
	}
	return ""
}
