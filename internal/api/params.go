package api

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

// Pagination limits, documented in the OpenAPI document.
const (
	defaultLimit = 100
	maxLimit     = 1000
	maxParamLen  = 200 // characters in one parameter value
	maxQueryLen  = 2000
)

// paramKind says how a query parameter is parsed and checked.
type paramKind int

const (
	pDate        paramKind = iota // as_of: YYYY-MM-DD
	pISO2                         // a country code in the registry
	pParty                        // a state (ISO2, or state:XX) or an organisation (organisation:ID)
	pEnum                         // one of a fixed set, possibly several separated by commas
	pRegion                       // an M49 region or sub-region code
	pID                           // a record id
	pLimit                        // 1..maxLimit
	pCursor                       // opaque, from next_cursor
	pChangeSince                  // a revision number or an RFC 3339 time
	pPeriod                       // a fiscal year or quarter of the registry's fiscal years
	pFiscalYear                   // a fiscal year of the registry's fiscal years ("2025-2026")
)

// param declares one accepted query parameter.
type param struct {
	name string
	kind paramKind
	enum []string // for pEnum
}

// query holds the parsed, valid parameters of a request.
type query struct {
	asOf     registry.Date
	hasAsOf  bool
	limit    int
	hasLimit bool
	after    string // from the cursor: the last id of the previous page
	iso2     map[string]string
	parties  map[string]registry.Party
	enums    map[string][]string
	regions  map[string]string
	ids      map[string]string
	since    string
	// period is the period parameter, on the registry's fiscal years.
	period    policy.Period
	hasPeriod bool
	// fy is the fiscal-year parameter, on the registry's fiscal years.
	fy    policy.FiscalYear
	hasFY bool
	// now is the time the answer is computed at: for a daily route, the
	// time whose day is in the cache key.
	now time.Time
}

var (
	reISO2  = regexp.MustCompile(`^[A-Z]{2}$`)
	reM49   = regexp.MustCompile(`^[0-9]{3}$`)
	reID    = regexp.MustCompile(`^[A-Za-z0-9]+(-{1,2}[A-Za-z0-9]+)*$`)
	reSince = regexp.MustCompile(`^[0-9]{1,18}$`)
)

// parseQuery checks raw against the declared parameters: every parameter must
// be known, given once, short, and valid for its kind. reg checks that codes
// exist. Every problem is reported, each naming its parameter.
func parseQuery(rawQuery string, decl []param, reg *registry.Registry) (*query, *Problem) {
	if len(rawQuery) > maxQueryLen {
		return nil, badParam("query", fmt.Sprintf("the query string is longer than %d characters", maxQueryLen))
	}
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, badParam("query", "the query string is not valid URL encoding")
	}
	q := &query{
		limit: defaultLimit, iso2: map[string]string{}, parties: map[string]registry.Party{},
		enums: map[string][]string{}, regions: map[string]string{}, ids: map[string]string{},
	}
	var bad []InvalidParam
	fail := func(name, format string, args ...any) {
		bad = append(bad, InvalidParam{Name: name, Reason: fmt.Sprintf(format, args...)})
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		vs := values[name]
		if name == "" {
			fail("query", "has a value without a parameter name")
			continue
		}
		i := slices.IndexFunc(decl, func(p param) bool { return p.name == name })
		if i < 0 {
			known := make([]string, len(decl))
			for j, p := range decl {
				known[j] = p.name
			}
			if len(known) == 0 {
				fail(safe(name), "this resource takes no parameters")
			} else {
				fail(safe(name), "unknown parameter (known: %s)", strings.Join(known, ", "))
			}
			continue
		}
		if len(vs) > 1 {
			fail(name, "is given %d times; give it once", len(vs))
			continue
		}
		v := vs[0]
		if len(v) > maxParamLen {
			fail(name, "is longer than %d characters", maxParamLen)
			continue
		}
		if v == "" {
			fail(name, "is empty")
			continue
		}
		p := decl[i]
		switch p.kind {
		case pDate:
			d, err := registry.ParseDate(v)
			if err != nil || d.Precision() != registry.PrecisionDay {
				fail(name, "%s is not a date YYYY-MM-DD", quote(v))
				continue
			}
			q.asOf, q.hasAsOf = d, true
		case pISO2:
			if !reISO2.MatchString(v) {
				fail(name, "%s is not an ISO 3166-1 alpha-2 code (two capital letters)", quote(v))
			} else if reg.Country(v) == nil {
				fail(name, "%s is not a country in the registry", quote(v))
			} else {
				q.iso2[name] = v
			}
		case pParty:
			party, reason := parseParty(v, reg)
			if reason != "" {
				fail(name, "%s", reason)
			} else {
				q.parties[name] = party
			}
		case pEnum:
			var list []string
			for _, e := range strings.Split(v, ",") {
				if !slices.Contains(p.enum, e) {
					fail(name, "%s is not one of %s", quote(e), strings.Join(p.enum, ", "))
					list = nil
					break
				}
				list = append(list, e)
			}
			if list != nil {
				q.enums[name] = list
			}
		case pRegion:
			if !reM49.MatchString(v) {
				fail(name, "%s is not a UN M49 region or sub-region code (three digits)", quote(v))
			} else {
				q.regions[name] = v
			}
		case pID:
			if !reID.MatchString(v) {
				fail(name, "%s is not a record id", quote(v))
			} else {
				q.ids[name] = v
			}
		case pLimit:
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxLimit {
				fail(name, "%s is not a whole number from 1 to %d", quote(v), maxLimit)
				continue
			}
			q.limit, q.hasLimit = n, true
		case pCursor:
			after, ok := decodeCursor(v)
			if !ok {
				fail(name, "%s is not a cursor given by next_cursor", quote(v))
				continue
			}
			q.after = after
		case pChangeSince:
			if _, ok := parseSince(v); !ok {
				fail(name, "%s is not a revision number (a whole number from 0) or an RFC 3339 date-time", quote(v))
				continue
			}
			q.since = v
		case pPeriod:
			per, reason := parsePeriod(v, reg)
			if reason != "" {
				fail(name, "%s", reason)
				continue
			}
			q.period, q.hasPeriod = per, true
		case pFiscalYear:
			fy, reason := parseFiscalYear(v, reg)
			if reason != "" {
				fail(name, "%s", reason)
				continue
			}
			q.fy, q.hasFY = fy, true
		}
	}
	if len(bad) > 0 {
		return nil, badParams(bad...)
	}
	return q, nil
}

// parsePeriod reads a fiscal year ("2025-2026") or a quarter ("2025-2026-Q2")
// of the fiscal years the registry's settings start, written as
// policy.Period writes it (a lower-case q, and one space instead of the
// hyphen before the quarter, are accepted); the reason is
// policy.ParsePeriod's when it refuses v.
func parsePeriod(v string, reg *registry.Registry) (policy.Period, string) {
	per, err := policy.ParsePeriod(v, reg.Settings().FiscalYearStartMonth())
	switch {
	case err != nil:
		return policy.Period{}, err.Error()
	case per.IsZero():
		return policy.Period{}, quote(v) + " is blank: give a fiscal year or a quarter"
	case !strings.EqualFold(per.String(), v) && !strings.EqualFold(strings.Replace(per.String(), "-Q", " Q", 1), v):
		return policy.Period{}, fmt.Sprintf("%s: write the period as %s, with no space around it", quote(v), quote(per.String()))
	}
	return per, ""
}

// parseFiscalYear reads a fiscal year of the registry's settings, written as
// policy.FiscalYear writes it ("2025-2026", or "2025" when fiscal years start
// in January).
func parseFiscalYear(v string, reg *registry.Registry) (policy.FiscalYear, string) {
	sm := reg.Settings().FiscalYearStartMonth()
	fy, err := policy.ParseFiscalYear(v, sm)
	switch {
	case err != nil:
		return policy.FiscalYear{}, err.Error()
	case fy.IsZero():
		return policy.FiscalYear{}, quote(v) + " is blank: give a fiscal year"
	case fy.String() != v:
		return policy.FiscalYear{}, quote(v) + " is not a fiscal year as the registry writes it: write " + quote(fy.String())
	}
	return fy, ""
}

// parseParty reads "RW", "state:RW" or "organisation:AU".
func parseParty(v string, reg *registry.Registry) (registry.Party, string) {
	kind, code, found := strings.Cut(v, ":")
	if !found {
		kind, code = "state", v
	}
	switch kind {
	case "state":
		if !reISO2.MatchString(code) || reg.Country(code) == nil {
			return registry.Party{}, quote(v) + " is not a country in the registry (give an ISO 3166-1 alpha-2 code, or organisation:ID)"
		}
		return registry.StateParty(code), ""
	case "organisation":
		if !reID.MatchString(code) || reg.Organisation(code) == nil {
			return registry.Party{}, quote(v) + " is not an organisation in the registry"
		}
		return registry.OrgParty(code), ""
	}
	return registry.Party{}, quote(v) + " is not a state (XX or state:XX) or an organisation (organisation:ID)"
}

const cursorPrefix = "after:"

func encodeCursor(lastID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + lastID))
}

func decodeCursor(c string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", false
	}
	after, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok || !reID.MatchString(after) {
		return "", false
	}
	return after, true
}

// quote shows a value in an error message, shortened and with control
// characters escaped.
func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}

// safe shortens a parameter name taken from the request for an error message.
func safe(name string) string {
	if len(name) > 40 {
		name = name[:40] + "…"
	}
	return strings.ToValidUTF8(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, name), "?")
}
