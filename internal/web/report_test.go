package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/report"

	"github.com/chancery-org/chancery/internal/report/pdftext"
)

// reportYear is the fiscal year that holds testDay (2026-06-30, the last
// day of 2025-2026 on the seed's July-June fiscal years): it is still open.
const reportYear = "2025-2026"

// seedIndicators returns the indicators of the seed data set.
func seedIndicators(t testing.TB) []policy.Indicator {
	t.Helper()
	reg, _ := seed(t)
	inds, err := policy.IndicatorsFromDataset(reg.Dataset())
	if err != nil {
		t.Fatal(err)
	}
	if len(inds) == 0 {
		t.Fatal("the seed data set has no indicators")
	}
	return inds
}

// testIndicators returns the seed's indicators (computed from the registry,
// none with a target) and indicators with targets and approved actuals in
// 2025-2026, so that every kind of progress and status shows: a count
// behind schedule, a percentage at risk with a decimal value, an amount held
// at its level, a falling count whose title is a spreadsheet formula, and a
// qualitative indicator with two written updates.
func testIndicators(t testing.TB) []policy.Indicator {
	t.Helper()
	reg, _ := seed(t)
	sm := reg.Settings().FiscalYearStartMonth()
	period := func(s string) policy.Period {
		p, err := policy.ParsePeriod(s, sm)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	actual := func(p string, v float64, text string) policy.Actual {
		// Recorded and approved three weeks into its period: on time.
		st := period(p).Start().First()
		at := time.Date(int(st/10000), time.Month(st/100%100), int(st%100)+20, 9, 0, 0, 0, time.UTC)
		return policy.Actual{Period: period(p), Value: v, Text: text, Evidence: "https://www.minaffet.gov.rw/",
			RecordedAt: at, RecordedBy: "officer", ApprovedBy: "head of unit", ApprovedAt: at.Add(time.Hour)}
	}
	meta := registry.Meta{Source: "test"}
	extra := []policy.Indicator{
		{ID: "test-trade-missions", Objective: "obj-economic-diplomacy", Measure: policy.MeasureCount,
			Direction: policy.DirectionIncrease, Title: registry.Names{EN: "Trade missions led", FR: "Missions commerciales conduites"},
			Baseline: policy.Baseline{Value: 10, Period: period("2024-2025")},
			Targets:  []policy.Target{{Period: period("2025-2026"), Value: 20}},
			Actuals:  []policy.Actual{actual("2025-2026 Q3", 15, "")}, Meta: meta},
		{ID: "test-vaccination-share", Objective: "obj-public-health", Measure: policy.MeasurePercentage,
			Direction: policy.DirectionIncrease, Title: registry.Names{EN: "Share of partner clinics reporting"},
			Baseline: policy.Baseline{Value: 40, Period: period("2024-2025")},
			Targets:  []policy.Target{{Period: period("2025-2026"), Value: 60}},
			Actuals:  []policy.Actual{actual("2025-2026 Q3", 57.5, "")}, Meta: meta},
		{ID: "test-climate-fund", Objective: "obj-environment-climate", Measure: policy.MeasureAmount, Unit: "USD",
			Direction: policy.DirectionMaintain, Title: registry.Names{EN: "Climate finance mobilised"},
			Baseline: policy.Baseline{Value: 1000000, Period: period("2024-2025")},
			Actuals:  []policy.Actual{actual("2025-2026", 1250000, "")}, Meta: meta},
		{ID: "test-formula", Objective: "obj-sovereignty", Measure: policy.MeasureCount,
			Direction: policy.DirectionDecrease, Title: registry.Names{EN: `=HYPERLINK("https://evil.example","click")`},
			Baseline: policy.Baseline{Value: 8, Period: period("2024-2025")},
			Targets:  []policy.Target{{Period: period("2026-2027"), Value: 2}},
			Actuals:  []policy.Actual{actual("2025-2026 Q3", 6, "")}, Meta: meta},
		{ID: "test-remembrance", Objective: "obj-genocide-remembrance", Measure: policy.MeasureQualitative,
			Title: registry.Names{EN: "Commemoration events held by missions"},
			Actuals: []policy.Actual{actual("2025-2026 Q3", 0, "Kwibuka events in 40 missions."),
				actual("2025-2026 Q4", 0, "Exhibition in Geneva.")}, Meta: meta},
	}
	inds := append(seedIndicators(t), extra...)
	// Stored as the registry stores them, they pass its validation.
	if err := withIndicators(t, inds).Validate(); err != nil {
		t.Fatalf("test indicators: %v", err)
	}
	return inds
}

// withIndicators returns the seed data set's registry with inds as its
// indicators and their actuals, stored as the registry stores them.
func withIndicators(t testing.TB, inds []policy.Indicator) *registry.Registry {
	t.Helper()
	reg, _ := seed(t)
	ds := reg.Dataset().Clone()
	ds.Indicators, ds.IndicatorActuals = nil, nil
	period := func(p policy.Period) string { return strings.Replace(p.String(), " Q", "-Q", 1) }
	for _, ind := range inds {
		r := registry.Indicator{ID: ind.ID, Objective: ind.Objective, Title: ind.Title, Measure: string(ind.Measure),
			Unit: ind.Unit, Direction: string(ind.Direction), Computed: ind.Computed, Weight: ind.Weight, Meta: ind.Meta}
		if ind.Measure != policy.MeasureQualitative {
			r.BaselinePeriod = period(ind.Baseline.Period)
			if ind.Computed == "" {
				r.BaselineValue = &ind.Baseline.Value
			}
		}
		for _, tg := range ind.Targets {
			r.Targets = append(r.Targets, registry.IndicatorTarget{Period: period(tg.Period), Value: tg.Value})
		}
		ds.Indicators = append(ds.Indicators, r)
		for i, a := range ind.Actuals {
			x := registry.IndicatorActual{ID: fmt.Sprintf("%s-%d", ind.ID, i), Indicator: ind.ID, Period: period(a.Period),
				Text: a.Text, Evidence: a.Evidence, RecordedAt: registry.Timestamp{Time: a.RecordedAt}, RecordedBy: a.RecordedBy,
				ApprovedAt: registry.Timestamp{Time: a.ApprovedAt}, ApprovedBy: a.ApprovedBy, Meta: registry.Meta{Source: "test"}}
			if ind.Measure != policy.MeasureQualitative {
				x.Value = &a.Value
			}
			ds.IndicatorActuals = append(ds.IndicatorActuals, x)
		}
	}
	return registry.New(ds)
}

// reportServer serves the seed data set with the given indicators, on testDay.
func reportServer(t testing.TB, inds []policy.Indicator) *Server {
	t.Helper()
	reg := withIndicators(t, inds)
	s := New(func() *registry.Registry { return reg }, nil)
	s.today = func() registry.Date { return testDay }
	return s
}

// wantReport is the report the server should show for reportYear on testDay,
// computed here from the policy package alone.
func wantReport(t testing.TB, inds []policy.Indicator) *policy.AnnualReport {
	t.Helper()
	reg, fw := withIndicators(t, inds), seedFramework(t)
	fy, err := policy.ParseFiscalYear(reportYear, reg.Settings().FiscalYearStartMonth())
	if err != nil {
		t.Fatal(err)
	}
	return policy.BuildAnnualReport(fw, inds, reg, fy, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))
}

// seedFramework returns the seed's framework in force on testDay.
func seedFramework(t testing.TB) *policy.Framework {
	t.Helper()
	_, fw := seed(t)
	return fw
}

var (
	reTableCell = regexp.MustCompile(`(?s)<t([hd])[^>]*>(.*?)</t[hd]>`)
	reTableRow  = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
)

// tableRows returns the cells of the body rows of the table with the given
// id, as text; nil when the page has no such table.
func tableRows(t *testing.T, body, id string) [][]string {
	t.Helper()
	i := strings.Index(body, `<table id="`+id+`"`)
	if i < 0 {
		return nil
	}
	tb := body[i : i+strings.Index(body[i:], "</table>")]
	tb = tb[strings.Index(tb, "<tbody>"):]
	var rows [][]string
	for _, m := range reTableRow.FindAllStringSubmatch(tb, -1) {
		var cells []string
		for _, c := range reTableCell.FindAllStringSubmatch(m[1], -1) {
			cells = append(cells, html.UnescapeString(reTags.ReplaceAllString(c[2], "")))
		}
		rows = append(rows, cells)
	}
	return rows
}

func TestReportPage(t *testing.T) {
	inds := testIndicators(t)
	s := reportServer(t, inds)
	_, fw := seed(t)
	rep := wantReport(t, inds)
	r := get(t, s, "/en/policy/report/"+reportYear)
	if r.status != http.StatusOK {
		t.Fatalf("status %d\n%.500s", r.status, r.body)
	}
	checkPage(t, s, r, "en", "/policy/report/"+reportYear)
	for _, want := range []string{
		"<h1 id=\"report-title\">Foreign policy: annual implementation report</h1>",
		"Fiscal year 2025-2026 (1 July 2025 to 30 June 2026)",
		"The year is not over: figures and progress are as of 30 June 2026.",
		`href="/en/policy/report/2025-2026.pdf"`, `href="/en/policy/report/2025-2026.csv"`,
		`href="/en/policy/report/2024-2025" rel="prev"`, `href="/en/policy/report/2026-2027" rel="next"`,
		`href="/en/agreements"`, "How progress is measured", "at most 10 percentage points", "at most 25 points",
		"no target set", "Written updates: 2",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// Every pillar, with its bar and its text alternative.
	for _, pl := range fw.Pillars {
		if !strings.Contains(r.body, `<h2 id="pillar-`+pl.ID+`-heading">`+html.EscapeString(pl.Title.EN)+`</h2>`) {
			t.Errorf("no section for pillar %s", pl.ID)
		}
		if !strings.Contains(r.body, `<svg class="progress-bar" id="bar-`+pl.ID+`"`) || !strings.Contains(r.body, `<title id="bar-`+pl.ID+`-title">`) {
			t.Errorf("no progress bar with a title for pillar %s", pl.ID)
		}
	}
	// Every indicator, in its pillar's table, with its value and progress.
	for _, pp := range rep.Progress.Pillars {
		rows := tableRows(t, r.body, "indicators-"+pp.Pillar)
		n := 0
		for _, op := range pp.Objectives {
			for _, ip := range op.Items {
				if n >= len(rows) {
					t.Fatalf("pillar %s: %d indicator rows, want more", pp.Pillar, len(rows))
				}
				row := rows[n]
				n++
				ind := inds[slices.IndexFunc(inds, func(i policy.Indicator) bool { return i.ID == ip.Indicator })]
				if row[0] != ind.Title.EN {
					t.Errorf("row %d of %s: %q, want indicator %q", n, pp.Pillar, row[0], ind.Title.EN)
				}
				if ip.Progress != nil && row[4] != report.Percent(*ip.Progress) {
					t.Errorf("%s: progress %q, want %s", ip.Indicator, row[4], report.Percent(*ip.Progress))
				}
				if ip.Progress == nil && ip.Measure != policy.MeasureQualitative && row[4] != "no data" && row[4] != "no target set" {
					t.Errorf("%s: unknown progress shown as %q", ip.Indicator, row[4])
				}
				if ip.Computed && ip.Value != nil && row[3] != i18n.FormatInt("en", int(*ip.Value)) {
					t.Errorf("%s: value %q, registry %v", ip.Indicator, row[3], *ip.Value)
				}
			}
		}
		if n != len(rows) {
			t.Errorf("pillar %s: %d indicator rows, want %d", pp.Pillar, len(rows), n)
		}
		if n == 0 && !strings.Contains(r.body, "No indicator is set for this pillar yet.") {
			t.Errorf("pillar %s has no indicator and does not say so", pp.Pillar)
		}
	}
	for _, want := range []string{"Trade missions led", "57.5%", "1,250,000 USD", "50%", "on track", "at risk", "off track", "not rated"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// The headline figures, at the start of the year and on its as-of day.
	rows := tableRows(t, r.body, "figures-table")
	if len(rows) != len(rep.Figures) {
		t.Fatalf("%d figure rows, want %d", len(rows), len(rep.Figures))
	}
	home := "Rwanda"
	for i, f := range rep.Figures {
		want := []string{s.cat.T("en", "fig."+f.Name, "home", home), i18n.FormatInt("en", f.Before), i18n.FormatInt("en", f.After)}
		if !slices.Equal(rows[i][:3], want) {
			t.Errorf("figure %s: %q, want %q", f.Name, rows[i], want)
		}
	}
}

func TestReportEveryLanguage(t *testing.T) {
	s := reportServer(t, testIndicators(t))
	titles := map[string]string{}
	for _, lang := range i18n.Languages {
		titles[lang] = s.cat.T(lang, "report.title")
	}
	for _, lang := range i18n.Languages {
		for _, path := range []string{"/policy/report/" + reportYear, "/policy/report/2019-2020", "/policy/report/" + reportYear + "?as_of=2025-12-31",
			"/policy", "/policy/pillar-multilateralism", "/policy/pillar-prosperity"} {
			t.Run(lang+path, func(t *testing.T) {
				r := get(t, s, "/"+lang+path)
				if r.status != http.StatusOK {
					t.Fatalf("status %d", r.status)
				}
				checkPage(t, s, r, lang, path)
				if lang != "en" && strings.Contains(r.body, "Expected progress by now") {
					t.Error("English text on the page")
				}
				if strings.HasPrefix(path, "/policy/report/") && !strings.Contains(r.body, html.EscapeString(titles[lang])) {
					t.Errorf("no title %q", titles[lang])
				}
			})
		}
	}
	fr := get(t, s, "/fr/policy/report/"+reportYear).body
	for _, want := range []string{"Exercice 2025-2026 (du 1er juillet 2025 au 30 juin 2026)", "57,5%", "1\u00a0250\u00a0000 USD"} {
		if !strings.Contains(fr, want) {
			t.Errorf("the French report lacks %q", want)
		}
	}
}

// TestReportPDF: the PDF says what the HTML report says. Every number in
// the HTML report's figures and indicator tables (each word of a cell that
// holds a digit: values, progress, periods), and every pillar title, is in
// the PDF's text (read back with pdftotext), in English and French. Words
// are compared one by one because the PDF wraps long cells over lines, and
// pdftotext lays the lines of neighbouring cells side by side.
func TestReportPDF(t *testing.T) {
	inds := testIndicators(t)
	s := reportServer(t, inds)
	_, fw := seed(t)
	rep := wantReport(t, inds)
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			r := get(t, s, "/"+lang+"/policy/report/"+reportYear+".pdf")
			if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.body, "%PDF-") {
				t.Fatalf("status %d, Content-Type %q, body %.10q", r.status, r.header.Get("Content-Type"), r.body)
			}
			if cd := r.header.Get("Content-Disposition"); cd != `inline; filename="policy-report-`+reportYear+`-`+lang+`.pdf"` {
				t.Errorf("Content-Disposition %q", cd)
			}
			text := pdftext.Flatten(pdftext.Text(t, []byte(r.body)))
			page := get(t, s, "/"+lang+"/policy/report/"+reportYear).body
			var want []string
			for _, pl := range fw.Pillars {
				want = append(want, pl.Title.In(lang))
			}
			tables := []string{"figures-table"}
			for _, pp := range rep.Progress.Pillars {
				tables = append(tables, "indicators-"+pp.Pillar)
			}
			cells := 0
			for _, id := range tables {
				for _, row := range tableRows(t, page, id) {
					for _, c := range row {
						for _, w := range strings.Fields(c) {
							if strings.ContainsAny(w, "0123456789") {
								want = append(want, w)
								cells++
							}
						}
					}
				}
			}
			if cells < 3*len(rep.Figures) {
				t.Fatalf("only %d numbers read from the HTML report's tables", cells)
			}
			for _, w := range want {
				if !strings.Contains(text, pdftext.Flatten(w)) {
					t.Errorf("the PDF lacks %q, which the HTML report shows", w)
				}
			}
		})
	}
}

func TestReportCSV(t *testing.T) {
	inds := testIndicators(t)
	s := reportServer(t, inds)
	r := get(t, s, "/en/policy/report/"+reportYear+".csv")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", r.status, r.header.Get("Content-Type"))
	}
	if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="policy-indicators-2025-2026-en.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], csvColumns) {
		t.Fatalf("header %q, want %q", recs[0], csvColumns)
	}
	rows := map[string][]string{}
	for _, rec := range recs[1:] {
		rows[rec[2]] = rec
	}
	if len(recs)-1 != len(inds) || len(rows) != len(inds) {
		t.Fatalf("%d rows for %d indicators", len(recs)-1, len(inds))
	}
	col := func(id, name string) string { return rows[id][slices.Index(csvColumns, name)] }
	for _, ind := range inds {
		if rows[ind.ID] == nil {
			t.Errorf("no row for %s", ind.ID)
		}
	}
	for _, c := range []struct{ id, name, want string }{
		{"test-formula", "title", `'=HYPERLINK("https://evil.example","click")`}, // guarded: read as text
		{"test-formula", "pillar", "pillar-security"},
		{"test-trade-missions", "progress", "0.5"},
		{"test-trade-missions", "expected", "1"},
		{"test-trade-missions", "status", "off_track"},
		{"test-trade-missions", "target_period", "2025-2026"},
		{"test-vaccination-share", "value", "57.5"},
		{"test-vaccination-share", "status", "at_risk"},
		{"test-climate-fund", "unit", "USD"},
		{"test-climate-fund", "status", "on_track"},
		{"test-remembrance", "updates", "2"},
		{"test-remembrance", "progress", ""},
		{"ind-diplomatic-missions", "computed", "diplomatic_missions"},
		{"ind-diplomatic-missions", "baseline_period", "2024-2025"},
		{"ind-diplomatic-missions", "target", ""},
	} {
		if got := col(c.id, c.name); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.id, c.name, got, c.want)
		}
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) {
				t.Errorf("cell %q starts with a formula character", cell)
			}
		}
	}
}

func TestReportRedirect(t *testing.T) {
	s := reportServer(t, testIndicators(t))
	for path, want := range map[string]string{
		"/en/policy/report":                     "/en/policy/report/2025-2026",
		"/sw/policy/report":                     "/sw/policy/report/2025-2026",
		"/fr/policy/report?as_of=2024-01-15":    "/fr/policy/report/2023-2024?as_of=2024-01-15",
		"/en/policy/report?as_of=2026-07-01":    "/en/policy/report/2026-2027?as_of=2026-07-01",
		"/en/policy/report?utm_source=anything": "/en/policy/report/2025-2026",
	} {
		r := get(t, s, path)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
			t.Errorf("%s: %d -> %q, want 303 -> %q", path, r.status, r.header.Get("Location"), want)
		}
	}
	// Where it leads, the report renders.
	if r := get(t, s, "/en/policy/report/2023-2024?as_of=2024-01-15"); r.status != 200 || !strings.Contains(r.body, "as of 15 January 2024") {
		t.Errorf("the report of 2023-2024 as of 2024-01-15: %d", r.status)
	}
}

func TestReportBadYear(t *testing.T) {
	s := reportServer(t, testIndicators(t))
	tests := []struct{ seg, want string }{
		{"2025-2027", "is not a fiscal year. Write it like 2025-2026."},
		{"abc", "“abc” is not a fiscal year."},
		{"2025", "is not a fiscal year"},
		{"2025-2026-2027", "is not a fiscal year"},
		{"25-26", "is not a fiscal year"},
		{"2025%E2%80%932026", "is not a fiscal year"}, // an en dash
		{"%202025-2026", "is not a fiscal year"},      // not the canonical form
		{"2025-2026.exe", "is not a fiscal year"},
		{"2025-2026.pdf.pdf", "is not a fiscal year"},
		{"2025-2026.PDF", "is not a fiscal year"},
		{"abc.pdf", "is not a fiscal year"},
		{"abc.csv", "is not a fiscal year"},
		{"..%2F..%2F..%2Fetc%2Fpasswd", "is not a fiscal year"},
		{"%2e%2e", "is not a fiscal year"},
		{"%00", "is not a fiscal year"},
		{strings.Repeat("2025", 300), "is not a fiscal year"},
		{"1899-1900", "There is no report for “1899-1900”: fiscal years start from 1900 to 2200."},
		{"2201-2202", "There is no report for “2201-2202”"},
		{"0000-0001.pdf", "There is no report for “0000-0001”"},
		{"9999-10000", "is not a fiscal year"},
	}
	for _, tt := range tests {
		r := get(t, s, "/en/policy/report/"+tt.seg)
		if r.status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", tt.seg, r.status)
			continue
		}
		msg := html.UnescapeString(r.body)
		if !strings.Contains(msg, tt.want) || !strings.Contains(r.body, `id="error-message"`) {
			t.Errorf("%s: the page does not say %q", tt.seg, tt.want)
		}
		if r.header.Get("Content-Disposition") != "" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: Content-Disposition %q, Content-Type %q", tt.seg, r.header.Get("Content-Disposition"), r.header.Get("Content-Type"))
		}
	}
	// An unclean path is cleaned by the mux, never served as a report.
	if r := get(t, s, "/en/policy/report/../../../etc/passwd"); r.status == http.StatusOK || r.status >= 500 {
		t.Errorf("path traversal: status %d", r.status)
	}
	// In French, the message is French.
	if r := get(t, s, "/fr/policy/report/abc"); r.status != 404 || !strings.Contains(html.UnescapeString(r.body), "« abc » n'est pas un exercice.") {
		t.Errorf("French 404: %d", r.status)
	}
}

// TestReportYearsFarAway checks that any year ParseFiscalYear accepts has a
// report: one long past, and one not begun.
func TestReportYearsFarAway(t *testing.T) {
	s := reportServer(t, testIndicators(t))
	for _, tt := range []struct{ year, want string }{
		{"1900-1901", "The year ended on 30 June 1901"},
		{"2200-2201", "The year has not begun"},
		{"2026-2027", "The year has not begun"},
	} {
		for _, ext := range []string{"", ".pdf", ".csv"} {
			r := get(t, s, "/en/policy/report/"+tt.year+ext)
			if r.status != http.StatusOK {
				t.Errorf("%s%s: status %d", tt.year, ext, r.status)
			}
			if ext == "" && !strings.Contains(r.body, tt.want) {
				t.Errorf("%s: the page does not say %q", tt.year, tt.want)
			}
		}
	}
	if r := get(t, s, "/en/policy/report/1900-1901"); strings.Contains(r.body, `rel="prev"`) || !strings.Contains(r.body, `rel="next"`) {
		t.Error("the first year links to a year before it, or not to the next")
	}
	if r := get(t, s, "/en/policy/report/2200-2201"); strings.Contains(r.body, `rel="next"`) {
		t.Error("the last year links to a year after it")
	}
}

func TestReportCaching(t *testing.T) {
	s := reportServer(t, testIndicators(t))
	etags := map[string]string{}
	for _, path := range []string{
		"/en/policy/report/" + reportYear, "/en/policy/report/" + reportYear + ".pdf", "/en/policy/report/" + reportYear + ".csv",
		"/fr/policy/report/" + reportYear + ".pdf",
	} {
		r := get(t, s, path)
		etag := r.header.Get("ETag")
		if r.status != 200 || !strings.HasPrefix(etag, `"`) || r.header.Get("Cache-Control") != "public, max-age=60" {
			t.Fatalf("%s: status %d, ETag %q, Cache-Control %q", path, r.status, etag, r.header.Get("Cache-Control"))
		}
		for p, e := range etags {
			if e == etag {
				t.Errorf("%s has the ETag of %s", path, p)
			}
		}
		etags[path] = etag
		again := get(t, s, path)
		if again.header.Get("ETag") != etag || again.body != r.body {
			t.Errorf("%s: a second request gives another response", path)
		}
		if c := get(t, s, path, "If-None-Match", etag); c.status != http.StatusNotModified || c.body != "" {
			t.Errorf("%s: If-None-Match: %d, %d bytes; want 304", path, c.status, len(c.body))
		}
		h := do(t, s, http.MethodHead, path)
		if h.status != 200 || h.body != "" || h.header.Get("ETag") != etag || h.header.Get("Content-Type") != r.header.Get("Content-Type") ||
			h.header.Get("Content-Disposition") != r.header.Get("Content-Disposition") {
			t.Errorf("%s: HEAD %d, %d bytes, ETag %q", path, h.status, len(h.body), h.header.Get("ETag"))
		}
	}
	// The report of an open year changes with the day; the same day from
	// the cache is the same bytes.
	s.today = func() registry.Date { return registry.MustDate("2026-06-29") }
	for path, etag := range etags {
		if r := get(t, s, path); r.header.Get("ETag") == etag {
			t.Errorf("%s: the report of the day before has the same ETag", path)
		}
	}
	// The gzip encoding has its own strong ETag.
	path := "/en/policy/report/" + reportYear
	if r := get(t, s, path, "Accept-Encoding", "gzip"); r.header.Get("Content-Encoding") != "gzip" || !strings.HasSuffix(r.header.Get("ETag"), `-gz"`) {
		t.Errorf("gzip: %q %q", r.header.Get("Content-Encoding"), r.header.Get("ETag"))
	}
}

func TestPolicyPagesShowProgress(t *testing.T) {
	inds := testIndicators(t)
	s := reportServer(t, inds)
	reg, fw := seed(t)
	rep := wantReport(t, inds)
	r := get(t, s, "/en/policy")
	for _, want := range []string{
		`<p class="report-link" id="report-link"><a href="/en/policy/report/2025-2026">Annual implementation report for 2025-2026`,
		"Progress in fiscal year 2025-2026, as of 30 June 2026",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("/en/policy lacks %q", want)
		}
	}
	for _, pp := range rep.Progress.Pillars {
		caption := "no data · not rated"
		if pp.Progress != nil {
			caption = report.Percent(*pp.Progress) + " · " + s.cat.T("en", "progress."+string(pp.Status))
		}
		if !strings.Contains(r.body, `id="bar-`+pp.Pillar+`"`) || !strings.Contains(r.body, caption) {
			t.Errorf("/en/policy: pillar %s lacks its bar or %q", pp.Pillar, caption)
		}
	}
	if len(fw.Pillars) != 5 {
		t.Errorf("%d pillars, want the seed's five", len(fw.Pillars))
	}
	// A pillar's page lists its objectives' indicators with their values
	// on the date shown.
	p := get(t, s, "/en/policy/pillar-multilateralism")
	if p.status != 200 {
		t.Fatalf("pillar page: %d", p.status)
	}
	f := reg.Figures(testDay)
	for _, ind := range inds {
		if ind.Objective != "obj-international-community" {
			continue
		}
		v, _ := f.Get(ind.Computed)
		row := slices.IndexFunc(tableRows(t, p.body, "indicators-obj-international-community"), func(row []string) bool {
			return row[0] == ind.Title.EN && row[3] == i18n.FormatInt("en", v.Value)
		})
		if row < 0 {
			t.Errorf("the pillar page does not show %s = %d", ind.ID, v.Value)
		}
	}
	if !strings.Contains(p.body, "No indicator is set for this objective yet.") || !strings.Contains(p.body, `href="/en/policy/report/2025-2026"`) {
		t.Error("the pillar page does not say which objectives have no indicator, or does not link the report")
	}
}

// TestReportWithoutIndicators checks the report of a registry holding no
// indicators, or no framework at all.
func TestReportWithoutIndicators(t *testing.T) {
	reg, _ := seed(t)
	noIndicators := reg.Dataset().Clone()
	noIndicators.Indicators, noIndicators.IndicatorActuals = nil, nil
	noFramework := noIndicators.Clone()
	noFramework.PolicyNodes = nil
	for name, ds := range map[string]registry.Dataset{"no indicators": noIndicators, "no framework": noFramework} {
		r := registry.New(ds)
		s := New(func() *registry.Registry { return r }, nil)
		s.today = func() registry.Date { return testDay }
		for _, ext := range []string{"", ".pdf", ".csv"} {
			if r := get(t, s, "/en/policy/report/"+reportYear+ext); r.status != 200 {
				t.Errorf("%s%s: status %d", name, ext, r.status)
			}
		}
		if r := get(t, s, "/en/policy"); r.status != 200 {
			t.Errorf("%s: /en/policy %d", name, r.status)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tt := range []struct {
		lang string
		v    float64
		want string
	}{
		{"en", 0, "0"}, {"en", 52, "52"}, {"en", 1234567, "1,234,567"}, {"en", 57.5, "57.5"}, {"en", 0.126, "0.13"},
		{"fr", 1234.25, "1\u00a0234,25"}, {"rw", 1234.5, "1.234,5"}, {"sw", 12.0, "12"}, {"en", -3.5, "-3.5"},
		{"en", -0.001, "0"},
	} {
		pt := &progressText{lang: tt.lang}
		if got := pt.number(tt.v); got != tt.want {
			t.Errorf("number(%s, %v) = %q, want %q", tt.lang, tt.v, got, tt.want)
		}
	}
	if got := strings.Count(string(barView{ID: "x", Known: true, Fraction: 2}.SVG()), `width="299"`); got != 2 {
		t.Errorf("a bar over 100%% is not drawn full (%d full-width rects)", got)
	}
}

// TestReportPDFRendersBounded: no more than maxPDFRenders PDF reports are
// rendered at once; a request waiting its turn whose client leaves gets
// 503, and the others are all served.
func TestReportPDFRendersBounded(t *testing.T) {
	s := reportServer(t, testIndicators(t))
	// Hold every slot, as renders in progress would.
	for range maxPDFRenders {
		s.pdfSlots <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/en/policy/report/2023-2024.pdf", nil).WithContext(ctx))
		done <- rec.Code
	}()
	select {
	case code := <-done:
		t.Fatalf("a PDF was served (%d) while every render slot was taken", code)
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	if code := <-done; code != http.StatusServiceUnavailable {
		t.Errorf("the request whose client left = %d, want 503", code)
	}
	for range maxPDFRenders {
		<-s.pdfSlots
	}
	// With the slots free, concurrent requests are all served.
	var wg sync.WaitGroup
	for i := range 2 * maxPDFRenders {
		wg.Go(func() {
			r := get(t, s, "/en/policy/report/"+strconv.Itoa(2010+i)+"-"+strconv.Itoa(2011+i)+".pdf")
			if r.status != http.StatusOK {
				t.Errorf("PDF %d: %d", i, r.status)
			}
		})
	}
	wg.Wait()
	if n := len(s.pdfSlots); n != 0 {
		t.Errorf("%d render slots still taken", n)
	}
}
