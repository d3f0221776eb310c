package api

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
)

// fuzzDecls are the parameter lists FuzzParseQuery parses each input with:
// one holding every kind of parameter, then every route's own.
func fuzzDecls() [][]param {
	all := []param{
		{name: "as_of", kind: pDate},
		{name: "kind", kind: pEnum, enum: names(registry.MissionKinds)},
		{name: "sender", kind: pParty},
		{name: "located_in", kind: pISO2},
		{name: "region", kind: pRegion},
		{name: "mission", kind: pID},
		{name: "limit", kind: pLimit},
		{name: "cursor", kind: pCursor},
		{name: "since", kind: pChangeSince},
		{name: "period", kind: pPeriod},
	}
	decls := [][]param{all}
	for _, rt := range (&Server{}).routes() {
		decls = append(decls, rt.params)
	}
	return decls
}

// FuzzParseQuery checks that parseQuery never panics, that what it accepts
// obeys every rule of its parameters' kinds, and that what it refuses is a
// well-formed 400 problem. The seed corpus is in
// testdata/fuzz/FuzzParseQuery; run the fuzzer with
//
//	go test -run '^$' -fuzz FuzzParseQuery -fuzztime 60s ./internal/api
func FuzzParseQuery(f *testing.F) {
	reg := oaFixture(f).reg
	decls := fuzzDecls()
	for _, s := range []string{
		"", "as_of=2025-01-31", "limit=1000&cursor=" + encodeCursor("rw-dz-algiers"), "kind=embassy,consulate&sender=state:RW",
		"sender=organisation:AU&located_in=KE&region=014", "since=2025-01-01T00:00:00Z", "as_of=2025-02-30&limit=0",
		"limit=1&limit=2", "%zz=1", "mission=rw--x", strings.Repeat("a", 2001),
		"period=2025-2026", "period=2025-2026+Q2", "period=2025-2026%20q4", "period=2025-2026-Q3", "period=2025-2026-q1", "period=2025-2026--Q1", "period=2025-2027", "period=2025-2026+Q5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, decl := range decls {
			q, p := parseQuery(raw, decl, reg)
			if (q == nil) == (p == nil) {
				t.Fatalf("parseQuery(%q): query %v and problem %v: want exactly one", raw, q, p)
			}
			if p != nil {
				fuzzCheckProblem(t, raw, p)
				continue
			}
			fuzzCheckQuery(t, raw, decl, reg, q)
		}
	})
}

// fuzzCheckProblem checks a refusal: a 400 naming each bad parameter.
func fuzzCheckProblem(t *testing.T, raw string, p *Problem) {
	t.Helper()
	if p.Status != 400 || p.Type != typeBadParameter || len(p.InvalidParams) == 0 {
		t.Fatalf("parseQuery(%q): problem %+v, want a 400 bad-parameter naming a parameter", raw, p)
	}
	for _, ip := range p.InvalidParams {
		if ip.Name == "" || ip.Reason == "" || !utf8.ValidString(ip.Name) || !utf8.ValidString(ip.Reason) {
			t.Fatalf("parseQuery(%q): invalid_params entry %q: %q: want a name and a reason, in UTF-8", raw, ip.Name, ip.Reason)
		}
		// safe keeps 40 bytes; strings.Map turns each invalid byte into U+FFFD.
		if utf8.RuneCountInString(ip.Name) > 40+1 || strings.ContainsFunc(ip.Name, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			t.Fatalf("parseQuery(%q): parameter name %q is not shortened and cleaned", raw, ip.Name)
		}
	}
	if _, err := json.Marshal(p); err != nil {
		t.Fatalf("parseQuery(%q): the problem cannot be encoded: %v", raw, err)
	}
}

// fuzzCheckQuery checks an accepted query against the rules of every kind.
func fuzzCheckQuery(t *testing.T, raw string, decl []param, reg *registry.Registry, q *query) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("parseQuery(%q) accepted: "+format, append([]any{raw}, args...)...)
	}
	if len(raw) > maxQueryLen {
		fail("a query string of %d characters", len(raw))
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		fail("invalid URL encoding: %v", err)
	}
	for name, vs := range values {
		i := slices.IndexFunc(decl, func(p param) bool { return p.name == name })
		if i < 0 {
			fail("the unknown parameter %q", name)
		}
		if len(vs) != 1 {
			fail("%s given %d times", name, len(vs))
		}
		v := vs[0]
		if v == "" || len(v) > maxParamLen {
			fail("%s of %d characters", name, len(v))
		}
		switch p := decl[i]; p.kind {
		case pDate:
			if !q.hasAsOf || q.asOf.Precision() != registry.PrecisionDay || q.asOf.String() != v {
				fail("%s=%q read as %q", name, v, q.asOf)
			}
		case pISO2:
			if q.iso2[name] != v || !reISO2.MatchString(v) || reg.Country(v) == nil {
				fail("%s=%q, not a country of the registry", name, v)
			}
		case pParty:
			party, ok := q.parties[name]
			switch {
			case !ok:
				fail("%s=%q, not kept", name, v)
			case party.Type == registry.PartyState && (!reISO2.MatchString(party.Code) || reg.Country(party.Code) == nil):
				fail("%s=%q, not a state of the registry", name, v)
			case party.Type == registry.PartyOrganisation && reg.Organisation(party.Code) == nil:
				fail("%s=%q, not an organisation of the registry", name, v)
			case party.Type != registry.PartyState && party.Type != registry.PartyOrganisation:
				fail("%s=%q, party type %q", name, v, party.Type)
			case v != party.Code && v != party.String():
				fail("%s=%q read as %s", name, v, party)
			}
		case pEnum:
			list := q.enums[name]
			if len(list) == 0 || strings.Join(list, ",") != v {
				fail("%s=%q read as %q", name, v, list)
			}
			for _, e := range list {
				if !slices.Contains(p.enum, e) {
					fail("%s value %q, not one of %v", name, e, p.enum)
				}
			}
		case pRegion:
			if q.regions[name] != v || !reM49.MatchString(v) {
				fail("%s=%q, not an M49 code", name, v)
			}
		case pID:
			if q.ids[name] != v || !reID.MatchString(v) {
				fail("%s=%q, not a record id", name, v)
			}
		case pLimit:
			n, err := strconv.Atoi(v)
			if err != nil || n != q.limit || !q.hasLimit {
				fail("%s=%q read as %d", name, v, q.limit)
			}
		case pCursor:
			if !reID.MatchString(q.after) {
				fail("%s=%q gives the position %q, not a record id", name, v, q.after)
			}
		case pChangeSince:
			if _, ok := parseSince(q.since); !ok || q.since != v {
				fail("%s=%q read as %q", name, v, q.since)
			}
		case pPeriod:
			per, err := policy.ParsePeriod(v, reg.Settings().FiscalYearStartMonth())
			written := strings.EqualFold(per.String(), v) || strings.EqualFold(strings.Replace(per.String(), "-Q", " Q", 1), v)
			if err != nil || !q.hasPeriod || q.period != per || !written {
				fail("%s=%q read as %q (%v)", name, v, q.period, err)
			}
		}
	}
	if q.limit < 1 || q.limit > maxLimit {
		fail("limit %d", q.limit)
	}
	if !values.Has("limit") && (q.hasLimit || q.limit != defaultLimit) {
		fail("no limit given, limit %d", q.limit)
	}
	if !values.Has("cursor") && q.after != "" {
		fail("no cursor given, position %q", q.after)
	}
	if !values.Has("period") && q.hasPeriod {
		fail("no period given, period %s", q.period)
	}
	if !values.Has("as_of") && q.hasAsOf {
		fail("no as_of given, as_of %s", q.asOf)
	}
}
