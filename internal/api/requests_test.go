package api

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// badRequest is a malformed request and the answer it must get.
type badRequest struct {
	name   string
	method string // GET when empty
	target string // path and query, exactly as sent
	accept string
	status int
	// params are the names invalid_params must hold, exactly (400 only).
	params []string
	// spec says whether the document alone refuses the request (its
	// parameter schemas): kept equal to what kin-openapi's ValidateRequest
	// finds, so the document says as much as it can of the API's rules.
	// Unknown and repeated parameters, codes missing from the registry and
	// the query string's own limits are checked by the API only.
	spec bool
}

func badRequests() []badRequest {
	long := strings.Repeat("a", 201)
	cursor := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	return []badRequest{
		// Dates: as_of is a real day, YYYY-MM-DD.
		{name: "as_of February 30", target: "/api/v1/figures?as_of=2025-02-30", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of February 29 of a common year", target: "/api/v1/missions?as_of=2023-02-29", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of April 31", target: "/api/v1/countries/RW?as_of=2025-04-31", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of a year", target: "/api/v1/figures?as_of=2025", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of a month", target: "/api/v1/diplomatic-list?as_of=2025-01", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of two-digit year", target: "/api/v1/missions?as_of=25-01-01", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of month 13", target: "/api/v1/accreditations?as_of=2025-13-01", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of without zero padding", target: "/api/v1/countries?as_of=2025-1-1", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of a date-time", target: "/api/v1/diplomatic-list?as_of=2025-01-01T00:00:00Z", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of before year 1000", target: "/api/v1/figures?as_of=0999-12-31", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of a word", target: "/api/v1/memberships?as_of=today", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of empty", target: "/api/v1/figures?as_of=", status: 400, params: []string{"as_of"}, spec: true},
		{name: "as_of with slashes", target: "/api/v1/honorary-consuls?as_of=2025%2F01%2F01", status: 400, params: []string{"as_of"}, spec: true},

		// Parameters a resource does not take.
		{name: "unknown filter", target: "/api/v1/missions?colour=red", status: 400, params: []string{"colour"}},
		{name: "limit on figures", target: "/api/v1/figures?limit=10", status: 400, params: []string{"limit"}},
		{name: "limit on policy", target: "/api/v1/policy?limit=2", status: 400, params: []string{"limit"}},
		{name: "bad as_of on policy", target: "/api/v1/policy?as_of=2025-13-01", status: 400, params: []string{"as_of"}, spec: true},
		{name: "judicial request kind", target: "/api/v1/engagements?kind=judicial_request", status: 400, params: []string{"kind"}, spec: true},
		{name: "pending actuals asked for", target: "/api/v1/indicator-actuals?status=pending", status: 400, params: []string{"status"}},
		{name: "judicial counts in a quarter", target: "/api/v1/engagements/judicial-requests/counts?fy=2025-2026-Q1", status: 400, params: []string{"fy"}, spec: true},
		{name: "judicial counts in a year not the registry's", target: "/api/v1/engagements/judicial-requests/counts?fy=2025-2027", status: 400, params: []string{"fy"}},
		{name: "unknown country of associations", target: "/api/v1/associations?country=ZZ", status: 400, params: []string{"country"}},
		{name: "bad consultation status", target: "/api/v1/consultations?status=draft", status: 400, params: []string{"status"}, spec: true},
		{name: "bad policy-node parent", target: "/api/v1/policy-nodes?parent=a%20b", status: 400, params: []string{"parent"}, spec: true},
		{name: "parameter on judicial counts", target: "/api/v1/engagements/judicial-requests/counts?status=sent", status: 400, params: []string{"status"}},
		{name: "parameter on the document", target: "/api/openapi.json?format=yaml", status: 400, params: []string{"format"}},
		{name: "parameter on the export", target: "/api/v1/export.zip?entity=mission", status: 400, params: []string{"entity"}},
		{name: "parameter names are case-sensitive", target: "/api/v1/missions?Kind=embassy", status: 400, params: []string{"Kind"}},
		{name: "array-style name", target: "/api/v1/missions?as_of%5B%5D=2025-01-01", status: 400, params: []string{"as_of[]"}},
		{name: "control character in a name", target: "/api/v1/countries?%00=1", status: 400, params: []string{"?"}},
		{name: "overlong name is shortened", target: "/api/v1/countries?" + strings.Repeat("n", 60) + "=1", status: 400, params: []string{strings.Repeat("n", 40) + "…"}},
		{name: "limit on a mission", target: "/api/v1/missions/rw-dz-algiers?limit=1", status: 400, params: []string{"limit"}},

		// Repeated parameters.
		{name: "limit twice", target: "/api/v1/missions?limit=1&limit=2", status: 400, params: []string{"limit"}},
		{name: "as_of twice, same value", target: "/api/v1/figures?as_of=2025-01-01&as_of=2025-01-01", status: 400, params: []string{"as_of"}},
		{name: "kind twice", target: "/api/v1/missions?kind=embassy&kind=consulate", status: 400, params: []string{"kind"}},

		// limit: a whole number from 1 to 1000.
		{name: "limit 0", target: "/api/v1/missions?limit=0", status: 400, params: []string{"limit"}, spec: true},
		{name: "limit -1", target: "/api/v1/accreditations?limit=-1", status: 400, params: []string{"limit"}, spec: true},
		{name: "limit 1001", target: "/api/v1/countries?limit=1001", status: 400, params: []string{"limit"}, spec: true},
		{name: "huge limit", target: "/api/v1/organisations?limit=99999999999999999999999", status: 400, params: []string{"limit"}, spec: true},
		{name: "fractional limit", target: "/api/v1/memberships?limit=1.5", status: 400, params: []string{"limit"}, spec: true},
		{name: "limit a word", target: "/api/v1/honorary-consuls?limit=ten", status: 400, params: []string{"limit"}, spec: true},
		{name: "hexadecimal limit", target: "/api/v1/missions?limit=0x10", status: 400, params: []string{"limit"}, spec: true},
		{name: "limit with a space", target: "/api/v1/missions?limit=%2010", status: 400, params: []string{"limit"}, spec: true},
		{name: "limit empty", target: "/api/v1/missions?limit=", status: 400, params: []string{"limit"}, spec: true},

		// Cursors: only those next_cursor gave.
		{name: "cursor with invalid characters", target: "/api/v1/missions?cursor=garbage!!", status: 400, params: []string{"cursor"}, spec: true},
		{name: "cursor -1", target: "/api/v1/missions?cursor=-1", status: 400, params: []string{"cursor"}},
		{name: "cursor of an empty id", target: "/api/v1/missions?cursor=" + cursor("after:"), status: 400, params: []string{"cursor"}},
		{name: "cursor of a traversal", target: "/api/v1/countries?cursor=" + cursor("after:../../etc"), status: 400, params: []string{"cursor"}},
		{name: "cursor without the prefix", target: "/api/v1/organisations?cursor=" + cursor("AU"), status: 400, params: []string{"cursor"}},
		{name: "padded base64 cursor", target: "/api/v1/missions?cursor=YWZ0ZXI6eA==", status: 400, params: []string{"cursor"}, spec: true},
		{name: "overlong cursor", target: "/api/v1/missions?cursor=" + long, status: 400, params: []string{"cursor"}, spec: true},
		{name: "collection cursor on the changes feed", target: "/api/v1/changes?cursor=" + cursor("after:ae-rw-kigali"), status: 400, params: []string{"cursor"}},

		// since, on the changes feed.
		{name: "since negative", target: "/api/v1/changes?since=-1", status: 400, params: []string{"since"}, spec: true},
		{name: "since a date", target: "/api/v1/changes?since=2025-01-01", status: 400, params: []string{"since"}, spec: true},
		{name: "since without a zone", target: "/api/v1/changes?since=2025-01-01T00:00:00", status: 400, params: []string{"since"}, spec: true},
		{name: "since February 30", target: "/api/v1/changes?since=2025-02-30T00:00:00Z", status: 400, params: []string{"since"}},
		{name: "since, the largest revision accepted (18 digits)", target: "/api/v1/changes?since=999999999999999999", status: 200},
		{name: "since too long a number", target: "/api/v1/changes?since=9999999999999999999", status: 400, params: []string{"since"}, spec: true},
		{name: "since on figures", target: "/api/v1/figures?since=0", status: 400, params: []string{"since"}},

		// Country codes: ISO 3166-1 alpha-2, in capitals, in the registry.
		{name: "lower-case code", target: "/api/v1/missions?located_in=rw", status: 400, params: []string{"located_in"}, spec: true},
		{name: "code not in the registry", target: "/api/v1/missions?located_in=ZZ", status: 400, params: []string{"located_in"}},
		{name: "alpha-3 code", target: "/api/v1/missions?located_in=RWA", status: 400, params: []string{"located_in"}, spec: true},
		{name: "one-letter code", target: "/api/v1/honorary-consuls?country=R", status: 400, params: []string{"country"}, spec: true},
		{name: "lower-case state party", target: "/api/v1/missions?sender=state:rw", status: 400, params: []string{"sender"}, spec: true},
		{name: "unknown organisation", target: "/api/v1/missions?sender=organisation:NOPE", status: 400, params: []string{"sender"}},
		{name: "unknown party type", target: "/api/v1/missions?accredited_to=country:RW", status: 400, params: []string{"accredited_to"}, spec: true},
		{name: "organisation without an id", target: "/api/v1/accreditations?receiver=organisation:", status: 400, params: []string{"receiver"}, spec: true},
		{name: "region of one digit", target: "/api/v1/countries?region=2", status: 400, params: []string{"region"}, spec: true},
		{name: "region of four digits", target: "/api/v1/missions?region=0021", status: 400, params: []string{"region"}, spec: true},
		{name: "region a name", target: "/api/v1/countries?region=Africa", status: 400, params: []string{"region"}, spec: true},

		// Value sets.
		{name: "unknown kind", target: "/api/v1/missions?kind=castle", status: 400, params: []string{"kind"}, spec: true},
		{name: "kind in capitals", target: "/api/v1/missions?kind=Embassy", status: 400, params: []string{"kind"}, spec: true},
		{name: "empty item in a list", target: "/api/v1/missions?kind=embassy,", status: 400, params: []string{"kind"}, spec: true},
		{name: "empty item inside a list", target: "/api/v1/missions?status=open,,closed", status: 400, params: []string{"status"}, spec: true},
		{name: "unknown coverage", target: "/api/v1/countries?coverage=everything", status: 400, params: []string{"coverage"}, spec: true},
		{name: "unknown organisation kind", target: "/api/v1/organisations?kind=national", status: 400, params: []string{"kind"}, spec: true},
		{name: "unknown membership status", target: "/api/v1/memberships?status=pending", status: 400, params: []string{"status"}, spec: true},
		{name: "one bad value in a list", target: "/api/v1/accreditations?residence=resident,elsewhere", status: 400, params: []string{"residence"}, spec: true},
		{name: "mission status on honorary consuls", target: "/api/v1/honorary-consuls?status=open", status: 400, params: []string{"status"}, spec: true},
		{name: "invalid UTF-8 value", target: "/api/v1/missions?kind=%ff%fe", status: 400, params: []string{"kind"}, spec: true},

		// Record ids.
		{name: "id with trailing hyphens", target: "/api/v1/accreditations?mission=rw--x--", status: 400, params: []string{"mission"}, spec: true},
		{name: "id with a space", target: "/api/v1/memberships?organisation=AU%20", status: 400, params: []string{"organisation"}, spec: true},
		{name: "id with three hyphens", target: "/api/v1/accreditations?mission=a---b", status: 400, params: []string{"mission"}, spec: true},

		// Injection attempts are refused as bad values, never run.
		{name: "SQL injection in an enum", target: "/api/v1/missions?kind=%27%20OR%201%3D1%20--", status: 400, params: []string{"kind"}, spec: true},
		{name: "SQL injection in a region", target: "/api/v1/countries?region=1%3BDROP%20TABLE%20countries", status: 400, params: []string{"region"}, spec: true},
		{name: "script in a code", target: "/api/v1/missions?located_in=%3Cscript%3Ealert(1)%3C/script%3E", status: 400, params: []string{"located_in"}, spec: true},
		{name: "HTML in a party", target: "/api/v1/missions?sender=%3Cimg%20src=x%20onerror=alert(1)%3E", status: 400, params: []string{"sender"}, spec: true},
		{name: "template injection in an id", target: "/api/v1/memberships?organisation=$%7Bjndi:ldap://x/a%7D", status: 400, params: []string{"organisation"}, spec: true},
		{name: "CSV formula in a filter", target: "/api/v1/missions.csv?kind=%3DHYPERLINK(%22x%22)", status: 400, params: []string{"kind"}, spec: true},
		{name: "script as a mission id", target: "/api/v1/missions/%3Cscript%3Ealert(1)%3C%2Fscript%3E", status: 404, spec: true},
		{name: "SQL injection as a country", target: "/api/v1/countries/'%20OR%20'1'='1", status: 404, spec: true},

		// Lengths.
		{name: "overlong party", target: "/api/v1/missions?sender=organisation:" + long, status: 400, params: []string{"sender"}, spec: true},
		{name: "overlong id", target: "/api/v1/accreditations?mission=" + long, status: 400, params: []string{"mission"}, spec: true},
		{name: "query string over 2000 characters", target: "/api/v1/missions?kind=" + strings.TrimSuffix(strings.Repeat("embassy,", 260), ","), status: 400, params: []string{"query"}},
		{name: "query string of many parameters", target: "/api/v1/countries?" + strings.Repeat("x=1&", 600), status: 400, params: []string{"query"}},

		// Invalid percent-encoding of the query string.
		{name: "bad escape in a value", target: "/api/v1/missions?kind=%zz", status: 400, params: []string{"query"}},
		{name: "bad escape in a name", target: "/api/v1/figures?as_of=2025-01-01&%gg=1", status: 400, params: []string{"query"}},
		{name: "truncated escape", target: "/api/v1/figures?as_of=2025-01-0%3", status: 400, params: []string{"query"}},
		{name: "value without a name", target: "/api/v1/missions?=embassy", status: 400, params: []string{"query"}},
		{name: "semicolon separator", target: "/api/v1/missions?limit=1;kind=embassy", status: 400, params: []string{"query"}},

		// Unknown records and resources.
		{name: "unknown mission", target: "/api/v1/missions/xx-yy-nowhere", status: 404},
		{name: "unknown country", target: "/api/v1/countries/ZZ", status: 404},
		{name: "lower-case country", target: "/api/v1/countries/dz", status: 404, spec: true},
		{name: "alpha-3 country", target: "/api/v1/countries/RWA", status: 404, spec: true},
		{name: "CSV of one mission", target: "/api/v1/missions/rw-dz-algiers.csv", status: 404, spec: true},
		{name: "unknown version", target: "/api/v2/missions", status: 404},
		{name: "misspelt collection", target: "/api/v1/missionz", status: 404},
		{name: "trailing slash", target: "/api/v1/missions/", status: 404},
		{name: "CSV of the policy", target: "/api/v1/policy.csv", status: 404},
		{name: "CSV of the Diplomatic List", target: "/api/v1/diplomatic-list.csv", status: 404},
		{name: "API root", target: "/api/", status: 404},

		// Path traversal.
		{name: "dot-dot segments", target: "/api/v1/missions/../../etc/passwd", status: 404},
		{name: "dot-dot out of the API", target: "/api/v1/../../etc/passwd", status: 404},
		{name: "encoded slashes", target: "/api/v1/missions/..%2f..%2fetc%2fpasswd", status: 404, spec: true},
		{name: "encoded dots", target: "/api/v1/missions/%2e%2e/%2e%2e/etc/passwd", status: 404},
		{name: "backslashes", target: "/api/v1/countries/..%5c..%5cwindows", status: 404, spec: true},
		{name: "double slash", target: "/api//v1/figures", status: 404},
		{name: "dot segment", target: "/api/./openapi.json", status: 404},
		{name: "traversal after a file", target: "/api/v1/export.zip/../../../etc", status: 404},
		{name: "NUL in a path", target: "/api/v1/missions/a%00b", status: 404, spec: true},

		// Unsupported Accept headers.
		{name: "XML", target: "/api/v1/missions", accept: "application/xml", status: 406},
		{name: "CSV of one mission by Accept", target: "/api/v1/missions/rw-dz-algiers", accept: "text/csv", status: 406},
		{name: "HTML for the document", target: "/api/openapi.json", accept: "text/html", status: 406},
		{name: "JSON for the export", target: "/api/v1/export.zip", accept: "application/json", status: 406},
		{name: "everything refused by quality", target: "/api/v1/figures", accept: "application/json;q=0, text/csv;q=0", status: 406},
		{name: "image for the policy", target: "/api/v1/policy", accept: "image/png", status: 406},
		{name: "CSV of the changes feed", target: "/api/v1/changes", accept: "text/csv", status: 406},

		// Methods: the API is read-only.
		{name: "POST", method: http.MethodPost, target: "/api/v1/missions", status: 405},
		{name: "PUT", method: http.MethodPut, target: "/api/v1/countries/RW", status: 405},
		{name: "DELETE", method: http.MethodDelete, target: "/api/v1/missions/rw-dz-algiers", status: 405},
		{name: "PATCH", method: http.MethodPatch, target: "/api/v1/policy", status: 405},
		{name: "TRACE", method: http.MethodTrace, target: "/api/v1/figures", status: 405},
		{name: "POST to the export", method: http.MethodPost, target: "/api/v1/export.zip", status: 405},
		{name: "POST to a CSV", method: http.MethodPost, target: "/api/v1/missions.csv", status: 405},
		{name: "lower-case method", method: "get", target: "/api/v1/figures", status: 405},
		{name: "made-up method", method: "FETCH", target: "/api/v1/changes", status: 405},

		// Periods of the policy tracker: a fiscal year or quarter of the
		// registry's fiscal years (July to June in the seed data), written as
		// the API writes it. The reason is policy.ParsePeriod's.
		{name: "period spanning two years", target: "/api/v1/policy/progress?period=2025-2027", status: 400, params: []string{"period"}},
		{name: "period quarter 5", target: "/api/v1/policy/progress?period=2025-2026%20Q5", status: 400, params: []string{"period"}, spec: true},
		{name: "period quarter 0", target: "/api/v1/policy/progress.csv?period=2025-2026+Q0", status: 400, params: []string{"period"}, spec: true},
		{name: "period a calendar year where fiscal years start in July", target: "/api/v1/policy/progress?period=2025", status: 400, params: []string{"period"}},
		{name: "period before 1900", target: "/api/v1/policy/progress?period=1899-1900", status: 400, params: []string{"period"}},
		{name: "period after 2200", target: "/api/v1/policy/progress?period=2201-2202", status: 400, params: []string{"period"}},
		{name: "period in the wrong order", target: "/api/v1/policy/progress?period=2026-2025", status: 400, params: []string{"period"}},
		{name: "period without a space before the quarter", target: "/api/v1/policy/progress?period=2025-2026Q2", status: 400, params: []string{"period"}, spec: true},
		{name: "period with two spaces", target: "/api/v1/policy/progress?period=2025-2026%20%20Q2", status: 400, params: []string{"period"}, spec: true},
		{name: "period with a leading space", target: "/api/v1/policy/progress?period=%202025-2026", status: 400, params: []string{"period"}, spec: true},
		{name: "period with a tab", target: "/api/v1/policy/progress?period=2025-2026%09Q2", status: 400, params: []string{"period"}, spec: true},
		{name: "period blank", target: "/api/v1/policy/progress?period=%20%20", status: 400, params: []string{"period"}, spec: true},
		{name: "period empty", target: "/api/v1/policy/progress?period=", status: 400, params: []string{"period"}, spec: true},
		{name: "period with slashes", target: "/api/v1/policy/progress?period=2025%2F2026", status: 400, params: []string{"period"}, spec: true},
		{name: "period of two-digit years", target: "/api/v1/policy/progress?period=25-26", status: 400, params: []string{"period"}, spec: true},
		{name: "period a half-year", target: "/api/v1/policy/progress?period=2025-2026%20H1", status: 400, params: []string{"period"}, spec: true},
		{name: "period of two quarters", target: "/api/v1/policy/progress?period=2025-2026%20Q1%20Q2", status: 400, params: []string{"period"}, spec: true},
		{name: "period in full-width digits", target: "/api/v1/policy/progress?period=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95-2026", status: 400, params: []string{"period"}, spec: true},
		{name: "period a date", target: "/api/v1/policy/progress?period=2025-07-01", status: 400, params: []string{"period"}, spec: true},
		{name: "period with NUL", target: "/api/v1/policy/progress?period=2025-2026%00", status: 400, params: []string{"period"}, spec: true},
		{name: "period invalid UTF-8", target: "/api/v1/policy/progress?period=%ff%fe", status: 400, params: []string{"period"}, spec: true},
		{name: "overlong period", target: "/api/v1/policy/progress?period=" + long, status: 400, params: []string{"period"}, spec: true},
		{name: "period twice", target: "/api/v1/policy/progress?period=2025-2026&period=2025-2026", status: 400, params: []string{"period"}},
		{name: "SQL injection in a period", target: "/api/v1/policy/progress?period=2025-2026%27%20OR%201%3D1%20--", status: 400, params: []string{"period"}, spec: true},
		{name: "script in a period", target: "/api/v1/policy/progress?period=%3Cscript%3Ealert(1)%3C/script%3E", status: 400, params: []string{"period"}, spec: true},
		{name: "CSV formula in a period", target: "/api/v1/policy/progress.csv?period=%3DHYPERLINK(%22x%22)", status: 400, params: []string{"period"}, spec: true},
		{name: "as_of on the progress", target: "/api/v1/policy/progress?as_of=2025-01-01", status: 400, params: []string{"as_of"}},
		{name: "period on the indicators", target: "/api/v1/policy/indicators?period=2025-2026", status: 400, params: []string{"period"}},
		{name: "period on the annual report", target: "/api/v1/policy/report/2025-2026?period=2025-2026", status: 400, params: []string{"period"}},
		{name: "a period and an unknown parameter", target: "/api/v1/policy/progress?period=2025-2026%20Q9&colour=red", status: 400, params: []string{"colour", "period"}, spec: true},

		// Fiscal years in the annual report's path: one that is not a fiscal
		// year of the registry is not found, as an unknown record id is.
		{name: "report of two years apart", target: "/api/v1/policy/report/2025-2027", status: 404},
		{name: "report of a calendar year", target: "/api/v1/policy/report/2025", status: 404},
		{name: "report before 1900", target: "/api/v1/policy/report/1899-1900", status: 404},
		{name: "report of two-digit years", target: "/api/v1/policy/report/2025-26", status: 404, spec: true},
		{name: "report of a quarter", target: "/api/v1/policy/report/2025-2026%20Q1", status: 404, spec: true},
		{name: "report with a leading space", target: "/api/v1/policy/report/%202025-2026", status: 404, spec: true},
		{name: "SQL injection as a fiscal year", target: "/api/v1/policy/report/2025'%20OR%20'1'='1", status: 404, spec: true},
		{name: "CSV of the annual report", target: "/api/v1/policy/report/2025-2026.csv", status: 404, spec: true},
		{name: "annual report without a year", target: "/api/v1/policy/report/", status: 404},
		{name: "annual reports listed", target: "/api/v1/policy/report", status: 404},
		{name: "traversal from the annual report", target: "/api/v1/policy/report/..%2f..%2fpolicy", status: 404, spec: true},
		{name: "CSV of the progress of one objective", target: "/api/v1/policy/progress/obj-rwandans-abroad.csv", status: 404},
		{name: "CSV of the report by Accept", target: "/api/v1/policy/report/2025-2026", accept: "text/csv", status: 406},
		{name: "XML of the progress", target: "/api/v1/policy/progress", accept: "application/xml", status: 406},
		{name: "HTML of the indicators", target: "/api/v1/policy/indicators", accept: "text/html", status: 406},
		{name: "POST to the progress", method: http.MethodPost, target: "/api/v1/policy/progress", status: 405},
		{name: "PUT to the indicators CSV", method: http.MethodPut, target: "/api/v1/policy/indicators.csv", status: 405},
		{name: "DELETE an annual report", method: http.MethodDelete, target: "/api/v1/policy/report/2025-2026", status: 405},

		// Several problems at once: every one is named.
		{name: "three bad parameters", target: "/api/v1/missions?limit=0&kind=castle&colour=red", status: 400, params: []string{"colour", "kind", "limit"}, spec: true},
	}
}

// TestMalformedRequests sends each malformed request to the API: the answer
// is the expected 4xx problem (never a 5xx), naming every bad parameter, and
// valid against the document.
func TestMalformedRequests(t *testing.T) {
	a := oaServer(t)
	cases := badRequests()
	if len(cases) < 50 {
		t.Fatalf("%d cases, want at least 50", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			oaRequireRoute(t, c.target)
			method := c.method
			if method == "" {
				method = http.MethodGet
			}
			var header map[string]string
			if c.accept != "" {
				header = map[string]string{"Accept": c.accept}
			}
			res := a.do(t, method, c.target, header)
			if res.status != c.status {
				t.Fatalf("%s %s: status %d, want %d: %s", method, c.target, res.status, c.status, oaShorten(string(res.body), 400))
			}
			v := a.validate(t, method, c.target, header, res)
			if c.status < 400 {
				return // a case kept to show where a limit lies
			}
			p := oaProblem(t, method+" "+c.target, res)
			want := map[int]string{400: typeBadParameter, 404: typeNotFound, 405: typeMethod, 406: typeNotAcceptable}[c.status]
			if p.Type != want {
				t.Errorf("type %q, want %q", p.Type, want)
			}
			var names []string
			for _, ip := range p.InvalidParams {
				names = append(names, ip.Name)
				if ip.Reason == "" {
					t.Errorf("invalid_params %q has no reason", ip.Name)
				}
			}
			slices.Sort(names)
			if !slices.Equal(names, c.params) {
				t.Errorf("invalid_params %q, want %q", names, c.params)
			}
			if c.status == 405 && res.header.Get("Allow") != "GET, HEAD, OPTIONS" {
				t.Errorf("Allow %q", res.header.Get("Allow"))
			}
			if res.header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", res.header.Get("Cache-Control"))
			}
			if v.routed && (v.requestErr != nil) != c.spec {
				if c.spec {
					t.Errorf("the document accepts the request; its parameter schemas should refuse it")
				} else {
					t.Errorf("the document refuses the request, though only the API's own checks should: %s", oaShorten(v.requestErr.Error(), 400))
				}
			}
		})
	}
}

// TestAccepts checks the reading of an Accept header: media ranges in any
// case, wildcards, parameters and zero qualities.
func TestAccepts(t *testing.T) {
	for _, c := range []struct {
		header, mt string
		want       bool
	}{
		{"", "application/json", true},
		{"application/json", "application/json", true},
		{"Application/JSON", "application/json", true},
		{"*/*", "text/csv", true},
		{"text/*", "text/csv", true},
		{"TEXT/*", "text/csv", true},
		{"text/*", "application/json", false},
		{"textx/*", "text/csv", false},
		{"application/*;q=0.5", "application/json", true},
		{"application/xml", "application/json", false},
		{"application/json;q=0", "application/json", false},
		{"application/json; q=0.000", "application/json", false},
		{"application/json;q=0.001", "application/json", true},
		{"application/json;charset=utf-8;q=0.8", "application/json", true},
		{"text/html, application/json;q=0, */*;q=0.1", "application/json", false},
		{"text/html, */*;q=0.1", "application/json", true},
		{" text/csv ; q=1 , application/json;q=0", "text/csv", true},
		{",,;;", "application/json", false},
		{"application/jsonx", "application/json", false},
		{"*", "application/json", false},
		// The most specific matching range decides.
		{"application/json;q=0, */*;q=0.1", "text/csv", true},
		{"text/*;q=0, text/csv", "text/csv", true},
		{"text/csv;q=0, text/*", "text/csv", false},
		{"*/*;q=0, application/json", "application/json", true},
		{"*/*;q=0", "application/json", false},
		{"application/json;Q=0", "application/json", false}, // parameter names are case-insensitive
	} {
		if got := accepts(c.header, c.mt); got != c.want {
			t.Errorf("accepts(%q, %q) = %v, want %v", c.header, c.mt, got, c.want)
		}
	}
}
