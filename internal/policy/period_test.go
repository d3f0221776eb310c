package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

func fy(y int, m time.Month) FiscalYear { return FiscalYear{Year: y, StartMonth: m} }

func q(y int, m time.Month, n int) Period { return Period{FY: fy(y, m), Q: n} }

func whole(y int, m time.Month) Period { return Period{FY: fy(y, m)} }

func TestParseFiscalYear(t *testing.T) {
	tests := []struct {
		in    string
		start time.Month
		want  FiscalYear
		err   string // substring of the error; "" for success
	}{
		{"2025-2026", time.July, fy(2025, time.July), ""},
		{" 2025-2026 ", time.July, fy(2025, time.July), ""},
		{"2025-2026", time.April, fy(2025, time.April), ""},
		{"2025", time.January, fy(2025, time.January), ""},
		{"1900-1901", time.July, fy(1900, time.July), ""},
		{"2200-2201", time.July, fy(2200, time.July), ""},
		{"", time.July, FiscalYear{}, ""},
		{"2025-2027", time.July, FiscalYear{}, "two consecutive calendar years: write 2025-2026"},
		{"2025-2024", time.July, FiscalYear{}, "consecutive"},
		{"2025-2026", time.January, FiscalYear{}, "one calendar year: write 2025"},
		{"2025", time.July, FiscalYear{}, "spans two calendar years: write 2024-2025 or 2025-2026"},
		{"1899-1900", time.July, FiscalYear{}, "from 1900 to 2200"},
		{"2201-2202", time.July, FiscalYear{}, "from 1900 to 2200"},
		{"0000", time.January, FiscalYear{}, "from 1900 to 2200"},
		{"abcd-efgh", time.July, FiscalYear{}, "want YYYY-YYYY"},
		{"2025/26", time.July, FiscalYear{}, "want YYYY-YYYY, e.g. 2025-2026"},
		{"2025-26", time.July, FiscalYear{}, "want YYYY-YYYY"},
		{"FY2025", time.January, FiscalYear{}, "want YYYY, e.g. 2025"},
		{"-2025", time.July, FiscalYear{}, "want"},
		{"２０２５", time.January, FiscalYear{}, "want"},
		{"2025-2026-2027", time.July, FiscalYear{}, "want"},
		{"2025", 0, FiscalYear{}, "not a month"},
		{"2025-2026", 13, FiscalYear{}, "not a month"},
	}
	for _, tt := range tests {
		got, err := ParseFiscalYear(tt.in, tt.start)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("ParseFiscalYear(%q, %s): %v", tt.in, tt.start, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseFiscalYear(%q, %s) error = %v, want one containing %q", tt.in, tt.start, err, tt.err)
		case got != tt.want:
			t.Errorf("ParseFiscalYear(%q, %s) = %+v, want %+v", tt.in, tt.start, got, tt.want)
		}
	}
}

func TestFiscalYearDates(t *testing.T) {
	tests := []struct {
		p          Period
		str        string
		start, end string
	}{
		{whole(2025, time.July), "2025-2026", "2025-07-01", "2026-06-30"},
		{whole(2025, time.January), "2025", "2025-01-01", "2025-12-31"},
		{whole(2025, time.April), "2025-2026", "2025-04-01", "2026-03-31"},
		{whole(2023, time.March), "2023-2024", "2023-03-01", "2024-02-29"}, // leap year
		{whole(2024, time.March), "2024-2025", "2024-03-01", "2025-02-28"},
		{q(2025, time.July, 1), "2025-2026-Q1", "2025-07-01", "2025-09-30"},
		{q(2025, time.July, 2), "2025-2026-Q2", "2025-10-01", "2025-12-31"},
		{q(2025, time.July, 3), "2025-2026-Q3", "2026-01-01", "2026-03-31"},
		{q(2025, time.July, 4), "2025-2026-Q4", "2026-04-01", "2026-06-30"},
		{q(2025, time.January, 4), "2025-Q4", "2025-10-01", "2025-12-31"},
		{q(2025, time.April, 4), "2025-2026-Q4", "2026-01-01", "2026-03-31"},
		{q(2023, time.December, 1), "2023-2024-Q1", "2023-12-01", "2024-02-29"},
		{q(2024, time.December, 1), "2024-2025-Q1", "2024-12-01", "2025-02-28"},
		{Period{FY: fy(2025, 0)}, "2025", "2025-01-01", "2025-12-31"}, // bad start month counts as January
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.str {
			t.Errorf("%+v.String() = %q, want %q", tt.p, got, tt.str)
		}
		if got := tt.p.Start().String(); got != tt.start {
			t.Errorf("%s: Start = %s, want %s", tt.str, got, tt.start)
		}
		if got := tt.p.End().String(); got != tt.end {
			t.Errorf("%s: End = %s, want %s", tt.str, got, tt.end)
		}
		if !tt.p.IsQuarter() {
			if tt.p.FY.Start() != tt.p.Start() || tt.p.FY.End() != tt.p.End() || tt.p.FY.String() != tt.str {
				t.Errorf("%s: the fiscal year and the whole-year period differ", tt.str)
			}
		}
	}
	if (Period{}).String() != "" || (FiscalYear{}).String() != "" || !(Period{}).IsZero() {
		t.Error("the zero period is not written as empty")
	}
}

func TestPeriodOfTime(t *testing.T) {
	kigali := time.FixedZone("CAT", 2*3600)
	tests := []struct {
		at    time.Time
		start time.Month
		want  Period // a quarter
	}{
		{time.Date(2025, 6, 30, 23, 59, 59, 0, time.UTC), time.July, q(2024, time.July, 4)},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), time.July, q(2025, time.July, 1)},
		{time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), time.July, q(2025, time.July, 2)},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.July, q(2025, time.July, 3)},
		{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.July, q(2023, time.July, 3)},
		{time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), time.January, q(2024, time.January, 4)},
		{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.January, q(2025, time.January, 1)},
		{time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC), time.April, q(2024, time.April, 4)},
		{time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), time.April, q(2025, time.April, 1)},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), time.April, q(2025, time.April, 2)},
		{time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC), time.December, q(2024, time.December, 4)},
		{time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), time.December, q(2025, time.December, 1)},
		// The date in t's own location: 1 July 00:30 in Kigali is 30 June in UTC.
		{time.Date(2025, 7, 1, 0, 30, 0, 0, kigali), time.July, q(2025, time.July, 1)},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), 0, q(2025, time.January, 3)},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), 13, q(2025, time.January, 3)},
	}
	for _, tt := range tests {
		got := QuarterOf(tt.at, tt.start)
		if got != tt.want {
			t.Errorf("QuarterOf(%s, %d) = %s, want %s", tt.at, tt.start, got, tt.want)
		}
		if fy := FiscalYearOf(tt.at, tt.start); fy != tt.want.FY {
			t.Errorf("FiscalYearOf(%s, %d) = %s, want %s", tt.at, tt.start, fy, tt.want.FY)
		}
		if d := registry.DateOf(tt.at); !got.Contains(got) || d.First() < got.Start().First() || d.First() > got.End().First() {
			t.Errorf("%s does not lie in %s (%s to %s)", d, got, got.Start(), got.End())
		}
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in    string
		start time.Month
		want  Period
		err   string
	}{
		{"2025-2026", time.July, whole(2025, time.July), ""},
		{"2025-2026-Q3", time.July, q(2025, time.July, 3), ""},
		{"2025-2026 Q3", time.July, q(2025, time.July, 3), ""},
		{"  2025-2026   q1 ", time.July, q(2025, time.July, 1), ""},
		{" 2025-2026-q1 ", time.July, q(2025, time.July, 1), ""},
		{"2025-Q4", time.January, q(2025, time.January, 4), ""},
		{"2025 Q4", time.January, q(2025, time.January, 4), ""},
		{"", time.July, Period{}, ""},
		{"   ", time.July, Period{}, ""},
		{"2025-2026 Q5", time.July, Period{}, "Q1, Q2, Q3 or Q4"},
		{"2025-2026 Q0", time.July, Period{}, "Q1, Q2, Q3 or Q4"},
		{"2025-2026 3", time.July, Period{}, "Q1, Q2, Q3 or Q4"},
		{"2025-2026 Q3 x", time.July, Period{}, "or a quarter (e.g. 2025-2026-Q3)"},
		{"2025-2027 Q1", time.July, Period{}, "consecutive"},
		{"2025 Q1", time.July, Period{}, "two calendar years"},
		{"2025-Q1", time.July, Period{}, "two calendar years"},
		{"2025-2026-Q5", time.July, Period{}, "Q1, Q2, Q3 or Q4"},
		{"", 0, Period{}, "not a month"},
	}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in, tt.start)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("ParsePeriod(%q): %v", tt.in, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParsePeriod(%q) error = %v, want one containing %q", tt.in, err, tt.err)
		case got != tt.want:
			t.Errorf("ParsePeriod(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestPeriodNextPrev(t *testing.T) {
	tests := []struct{ p, next Period }{
		{q(2024, time.July, 4), q(2025, time.July, 1)},
		{q(2025, time.July, 1), q(2025, time.July, 2)},
		{q(2025, time.July, 3), q(2025, time.July, 4)},
		{whole(2025, time.July), whole(2026, time.July)},
		{q(2024, time.January, 4), q(2025, time.January, 1)},
	}
	for _, tt := range tests {
		if got := tt.p.Next(); got != tt.next {
			t.Errorf("%s.Next() = %s, want %s", tt.p, got, tt.next)
		}
		if got := tt.next.Prev(); got != tt.p {
			t.Errorf("%s.Prev() = %s, want %s", tt.next, got, tt.p)
		}
		// Consecutive periods touch: the next starts the day after the end.
		end := midnight(tt.p.End()).AddDate(0, 0, 1)
		if registry.DateOf(end) != tt.next.Start() {
			t.Errorf("%s ends %s but %s starts %s", tt.p, tt.p.End(), tt.next, tt.next.Start())
		}
	}
	if got := fy(2025, time.July).Next().Prev(); got != fy(2025, time.July) {
		t.Errorf("Next().Prev() = %s", got)
	}
}

func TestPeriodContains(t *testing.T) {
	year := whole(2025, time.July)
	tests := []struct {
		p, o Period
		want bool
	}{
		{year, year, true},
		{year, q(2025, time.July, 1), true},
		{year, q(2025, time.July, 4), true},
		{year, q(2024, time.July, 4), false},
		{year, q(2026, time.July, 1), false},
		{q(2025, time.July, 1), year, false},
		{q(2025, time.July, 2), q(2025, time.July, 2), true},
		{year, Period{}, false},
		{Period{}, year, false},
		{whole(2025, time.January), q(2025, time.April, 1), true}, // April-June 2025
		{whole(2025, time.January), q(2025, time.July, 3), false}, // Jan-Mar 2026
	}
	for _, tt := range tests {
		if got := tt.p.Contains(tt.o); got != tt.want {
			t.Errorf("%q.Contains(%q) = %t, want %t", tt.p, tt.o, got, tt.want)
		}
	}
}

func TestPeriodClosed(t *testing.T) {
	kigali := time.FixedZone("CAT", 2*3600)
	p := whole(2024, time.July) // ends 2025-06-30
	tests := []struct {
		now          time.Time
		closed, open bool // closed; begun
	}{
		{time.Date(2024, 6, 30, 23, 59, 0, 0, time.UTC), false, false},
		{time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), false, true},
		{time.Date(2025, 6, 30, 23, 59, 59, 0, time.UTC), false, true},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), true, true},
		// Instants are read in UTC: 1 July 01:00 in Kigali is still 30 June.
		{time.Date(2025, 7, 1, 1, 0, 0, 0, kigali), false, true},
		{time.Date(2025, 7, 1, 2, 0, 0, 0, kigali), true, true},
	}
	for _, tt := range tests {
		if got := p.Closed(tt.now); got != tt.closed {
			t.Errorf("Closed(%s) = %t, want %t", tt.now, got, tt.closed)
		}
		if got := p.begun(tt.now); got != tt.open {
			t.Errorf("begun(%s) = %t, want %t", tt.now, got, tt.open)
		}
	}
	if (Period{}).Closed(time.Now()) {
		t.Error("the zero period is closed")
	}
}

// FuzzParsePeriod checks that the parser never panics and that what it accepts
// is written back to a string that parses to the same period, whose days lie in
// the right fiscal year and quarter.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2025-2026", "2025-2026 Q3", "2025", "2025 q4", "", "2025-2027", "1899-1900", "x"} {
		f.Add(s, 7)
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, m int) {
		start := time.Month(m)
		p, err := ParsePeriod(s, start)
		if err != nil {
			if p != (Period{}) {
				t.Fatalf("ParsePeriod(%q) returned %+v with error %v", s, p, err)
			}
			return
		}
		again, err := ParsePeriod(p.String(), start)
		if err != nil || again != p {
			t.Fatalf("ParsePeriod(%q) = %+v, but its string %q parses to %+v, %v", s, p, p.String(), again, err)
		}
		if p.IsZero() {
			return
		}
		if r := periodProblem(p); r != "" {
			t.Fatalf("ParsePeriod(%q) = %+v, which %s", s, p, r)
		}
		first, last := midnight(p.Start()), midnight(p.End())
		if !first.Before(last) {
			t.Fatalf("%s: start %s is not before end %s", p, p.Start(), p.End())
		}
		for _, at := range []time.Time{first, last} {
			if got := FiscalYearOf(at, start); got != p.FY {
				t.Fatalf("%s: FiscalYearOf(%s) = %s", p, at, got)
			}
			if got := QuarterOf(at, start); p.IsQuarter() && got != p {
				t.Fatalf("%s: QuarterOf(%s) = %s", p, at, got)
			}
		}
	})
}
