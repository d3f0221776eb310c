package web

import (
	"bytes"
	"errors"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/report"
)

// The annual implementation report of the foreign policy for one fiscal year,
// /{lang}/policy/report/{fy}: a printable HTML page, the same report as PDF
// ({fy}.pdf) and its indicator table as CSV ({fy}.csv). The three are built
// from one reportView, so the PDF says, word for word and number for number,
// what the page says. They are cached like every page: per language, fiscal
// year, date shown and registry snapshot.

// reportFormat is one representation of the annual report.
type reportFormat int

const (
	reportHTML reportFormat = iota
	reportPDF
	reportCSV
)

// splitReportSegment splits the last segment of a report's address into the
// fiscal year as written and the representation asked for.
func splitReportSegment(seg string) (string, reportFormat) {
	if y, ok := strings.CutSuffix(seg, ".pdf"); ok {
		return y, reportPDF
	}
	if y, ok := strings.CutSuffix(seg, ".csv"); ok {
		return y, reportCSV
	}
	return seg, reportHTML
}

// parseReportYear reads a fiscal year written exactly as FiscalYear.String
// writes it on fiscal years starting in sm. rangeErr says the text has the
// shape of a fiscal year but its first year is outside the years policy
// accepts.
func parseReportYear(s string, sm time.Month) (fy policy.FiscalYear, ok, rangeErr bool) {
	fy, err := policy.ParseFiscalYear(s, sm)
	if err == nil && !fy.IsZero() && fy.String() == s {
		return fy, true, false
	}
	return policy.FiscalYear{}, false, errors.Is(err, policy.ErrYearOutOfRange)
}

// reportFileName is the name a downloaded report is saved under, such as
// policy-report-2025-2026-en.pdf.
func reportFileName(lang string, fy policy.FiscalYear, f reportFormat) string {
	if f == reportCSV {
		return "policy-indicators-" + fy.String() + "-" + lang + ".csv"
	}
	return "policy-report-" + fy.String() + "-" + lang + ".pdf"
}

// maxPDFRenders is how many PDF reports are rendered at once; the others
// wait their turn (or until their client leaves).
const maxPDFRenders = 2

// Content types of the report's files.
const (
	pdfType = "application/pdf"
	csvType = "text/csv; charset=utf-8"
)

// reportHandler serves the report in its three representations. The PDF and
// CSV files carry a Content-Disposition naming the file; it is set before
// the page machinery runs, so that a response from the cache has it too (an
// error page drops it).
func (s *Server) reportHandler() http.Handler {
	page := s.page(navPolicy, s.reportPage)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		year, f := splitReportSegment(r.PathValue("fy"))
		if f != reportHTML {
			if fy, ok, _ := parseReportYear(year, s.snapshot().Settings().FiscalYearStartMonth()); ok {
				disposition := "inline"
				if f == reportCSV {
					disposition = "attachment"
				}
				w.Header().Set("Content-Disposition", disposition+`; filename="`+reportFileName(langOf(r), fy, f)+`"`)
			}
		}
		page.ServeHTTP(w, r)
	})
}

// dayTime returns the first instant (UTC) of a day.
func dayTime(d registry.Date) time.Time {
	f := int(d.First())
	return time.Date(f/10000, time.Month(f/100%100), f%100, 0, 0, 0, 0, time.UTC)
}

// currentFiscalYear returns the fiscal year that holds the date shown.
func currentFiscalYear(rq *request) policy.FiscalYear {
	return policy.FiscalYearOf(dayTime(rq.asOf), rq.reg.Settings().FiscalYearStartMonth())
}

// reportURL is the address of a fiscal year's report (ext "", ".pdf" or
// ".csv"), keeping the date the reader asked for.
func reportURL(rq *request, fy policy.FiscalYear, ext string) string {
	u := "/" + rq.lang + "/policy/report/" + fy.String() + ext
	if rq.asOfSet {
		u += "?as_of=" + rq.asOf.String()
	}
	return u
}

// reportRedirect sends /{lang}/policy/report to the report of the fiscal
// year that holds the date shown (today unless as_of is given).
func (s *Server) reportRedirect(rq *request) result {
	return result{redirect: reportURL(rq, currentFiscalYear(rq), "")}
}

// reportPage builds the report of the fiscal year in the address, as of the
// date shown, in the representation asked for.
func (s *Server) reportPage(rq *request) result {
	year, f := splitReportSegment(rq.PathValue("fy"))
	sm := rq.reg.Settings().FiscalYearStartMonth()
	fy, ok, rangeErr := parseReportYear(year, sm)
	switch {
	case rangeErr:
		return fail(http.StatusNotFound, "error.fiscal_year_range", "value", clip(year),
			"min", strconv.Itoa(registry.MinFiscalYear), "max", strconv.Itoa(registry.MaxFiscalYear))
	case !ok:
		return fail(http.StatusNotFound, "error.bad_fiscal_year", "value", clip(year),
			"example", currentFiscalYear(rq).String())
	}
	rep := policy.AnnualReportOf(rq.reg, fy, dayTime(rq.asOf))
	// The report's framework (the one in force on the day it takes its
	// figures on) and indicators, for their titles.
	fw, inds := rep.Framework(), rep.Indicators()
	switch f {
	case reportCSV:
		body, err := indicatorsCSV(rq.lang, rep, inds)
		if err != nil {
			s.logger.Error("annual report CSV", "year", rep.Year, "err", err)
			return fail(http.StatusInternalServerError, "error.internal")
		}
		return result{body: body, contentType: csvType}
	case reportPDF:
		select {
		case s.pdfSlots <- struct{}{}:
			defer func() { <-s.pdfSlots }()
		case <-rq.Context().Done(): // the client left while waiting its turn
			return fail(http.StatusServiceUnavailable, "error.internal")
		}
		var buf bytes.Buffer
		if err := report.PDF(&buf, s.reportView(rq, rep, fw, inds).document()); err != nil {
			s.logger.Error("annual report PDF", "year", rep.Year, "err", err)
			return fail(http.StatusInternalServerError, "error.internal")
		}
		return result{body: buf.Bytes(), contentType: pdfType}
	}
	v := s.reportView(rq, rep, fw, inds)
	return render("report", v.Title+" "+v.Year, v)
}

// reportView is the annual report with every label translated and every
// number formatted: the HTML template and the PDF both print these strings.
type reportView struct {
	Lang        string
	Year        string // "2025-2026"
	Title       string
	Subtitle    string // the year and its dates
	Notice      string // open, closed or not begun, with the date of the figures
	Generated   string // when and from which registry revision
	PolicyTitle string
	PolicyHref  string

	SummaryHeading string
	Summary        []labelValue

	FiguresHeading string
	Figures        tableView

	Pillars []pillarReport

	AgreementsHeading string
	InForce           string
	Signed, Entered   tableView
	SignedNone        string // set when no agreement was signed in the year
	EnteredNone       string
	AgreementsHref    string
	AgreementsLink    string

	MethodHeading string
	Method        []string

	PDF, CSV   linkView
	YearsLabel string
	Prev, Next *linkView // nil beyond the years policy accepts

	footer, pageOf, noData string
}

type labelValue struct {
	ID, Label, Value string
}

type linkView struct {
	Href, Text string
}

// pillarReport is one pillar's section of the report.
type pillarReport struct {
	ID, Title    string
	Bar          barView
	Line         string // expected progress, coverage and written updates
	Objectives   tableView
	Indicators   tableView
	NoIndicators string // set when the pillar has no indicator
}

// tableView is a table as both the page and the PDF print it: the first
// cell of each row is its header cell.
type tableView struct {
	ID, Caption string
	Header      []string
	Num         []bool // right-aligned (numeric) columns
	Rows        []rowView
	// Widths are the columns' relative widths in the PDF; nil: from the text.
	Widths []float64
}

type rowView struct {
	ID    string
	Cells []cellView
}

type cellView struct {
	Text, Class string
}

// IsNum reports whether column i holds numbers.
func (t tableView) IsNum(i int) bool { return i < len(t.Num) && t.Num[i] }

// pdf returns the table for the PDF.
func (t tableView) pdf() report.Table {
	rt := report.Table{Caption: t.Caption, Header: t.Header, Widths: t.Widths}
	for i := range t.Header {
		a := report.AlignLeft
		if t.IsNum(i) {
			a = report.AlignRight
		}
		rt.Align = append(rt.Align, a)
	}
	for _, r := range t.Rows {
		cells := make([]string, len(r.Cells))
		for i, c := range r.Cells {
			cells[i] = c.Text
		}
		rt.Rows = append(rt.Rows, cells)
	}
	return rt
}

// barView is a progress bar: an inline SVG picture with its text alternative,
// and the percentage and status in words beside it.
type barView struct {
	ID       string
	Label    string // what the bar measures
	Known    bool
	Fraction float64  // 0 to 1, when Known
	Expected *float64 // the expected progress, marked on the bar
	Status   policy.Status
	// StatusText is the status in words, and Caption the percentage (or "no
	// data") with it, as the PDF prints it beside its bar.
	StatusText string
	Caption    string
	Alt        string // the picture's text alternative
}

// SVG draws the bar: a frame, the progress filled in, and a dashed line at
// the expected progress. Its size comes from the stylesheet.
func (b barView) SVG() template.HTML {
	const w, h = 300, 20
	id := template.HTMLEscapeString(b.ID)
	var sb strings.Builder
	sb.WriteString(`<svg class="progress-bar" id="` + id + `" viewBox="0 0 300 20" preserveAspectRatio="none" role="img" aria-labelledby="` +
		id + `-title"><title id="` + id + `-title">` + template.HTMLEscapeString(b.Alt) + `</title>`)
	sb.WriteString(`<rect class="bar-track" x="0.5" y="0.5" width="299" height="19"/>`)
	if b.Known {
		fw := math.Round(report.Clamp(b.Fraction) * (w - 1))
		if fw > 0 {
			sb.WriteString(`<rect class="bar-fill progress-` + string(b.Status) + `" x="0.5" y="0.5" width="` +
				strconv.FormatFloat(fw, 'f', -1, 64) + `" height="19"/>`)
		}
	}
	if b.Expected != nil {
		x := strconv.FormatFloat(math.Round(report.Clamp(*b.Expected)*(w-2))+1, 'f', -1, 64)
		sb.WriteString(`<line class="bar-expected" x1="` + x + `" x2="` + x + `" y1="0" y2="` + strconv.Itoa(h) + `"/>`)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// pdf returns the bar for the PDF.
func (b barView) pdf() report.Bar {
	return report.Bar{Label: b.Label, Fraction: b.Fraction, Known: b.Known, Status: b.StatusText}
}

// progressText formats progress for people, one function for the page, the
// PDF and the policy pages: numbers per language, percentages as the PDF
// prints them beside its bars.
type progressText struct {
	cat        *i18n.Catalog
	lang, home string
	indicators map[string]*policy.Indicator
}

func (s *Server) progressText(rq *request, inds []policy.Indicator) *progressText {
	pt := &progressText{cat: s.cat, lang: rq.lang, home: s.homeName(rq), indicators: map[string]*policy.Indicator{}}
	for i := range inds {
		pt.indicators[inds[i].ID] = &inds[i]
	}
	return pt
}

func (pt *progressText) t(key string, args ...any) string { return pt.cat.T(pt.lang, key, args...) }

// decimalSeparators are the decimal marks of the portal's languages (CLDR).
var decimalSeparators = map[string]string{"en": ".", "fr": ",", "rw": ",", "sw": "."}

// number formats v with at most two decimals, grouped as i18n.FormatInt
// groups whole numbers.
func (pt *progressText) number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return pt.t("report.no_data")
	}
	whole, frac, _ := strings.Cut(strconv.FormatFloat(math.Abs(v), 'f', 2, 64), ".")
	frac = strings.TrimRight(frac, "0")
	n, err := strconv.Atoi(whole)
	if err != nil { // beyond int: registry.MaxIndicatorValue keeps values far below
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	out := i18n.FormatInt(pt.lang, n)
	if frac != "" {
		sep, ok := decimalSeparators[pt.lang]
		if !ok {
			sep = "."
		}
		out += sep + frac
	}
	if v < 0 && (n != 0 || frac != "") {
		out = "-" + out
	}
	return out
}

// signed formats a change: +3, -2 or 0.
func (pt *progressText) signed(n int) string {
	if n > 0 {
		return "+" + i18n.FormatInt(pt.lang, n)
	}
	return i18n.FormatInt(pt.lang, n)
}

// measure formats a value of an indicator in its unit.
func (pt *progressText) measure(v float64, m policy.Measure, unit string) string {
	s := pt.number(v)
	switch {
	case m == policy.MeasurePercentage:
		return s + "%"
	case unit != "":
		return s + " " + unit
	}
	return s
}

// percent formats a fraction from 0 to 1 as the PDF does beside its bars;
// nil is "no data".
func (pt *progressText) percent(f *float64) string {
	if f == nil {
		return pt.t("report.no_data")
	}
	return report.Percent(*f)
}

func (pt *progressText) status(st policy.Status) string { return pt.t("progress." + string(st)) }

// bar returns the progress bar of a roll-up.
func (pt *progressText) bar(id, label string, sum policy.Summary) barView {
	b := barView{ID: id, Label: label, Status: sum.Status, StatusText: pt.status(sum.Status)}
	if sum.Progress != nil {
		b.Known, b.Fraction, b.Expected = true, *sum.Progress, sum.Expected
		b.Caption = pt.percent(sum.Progress) + " · " + b.StatusText
		b.Alt = pt.t("report.bar_alt", "progress", pt.percent(sum.Progress), "expected", pt.percent(sum.Expected), "status", b.StatusText)
	} else {
		b.Caption = pt.t("report.no_data") + " · " + b.StatusText
		b.Alt = pt.t("report.bar_alt_unknown")
	}
	return b
}

// withPeriod appends the period a value holds for.
func withPeriod(v string, p policy.Period) string {
	if p.IsZero() {
		return v
	}
	return v + " (" + p.String() + ")"
}

// indicatorTitle is an indicator's label in the page's language, or its id.
func (pt *progressText) indicatorTitle(id string) string {
	if ind := pt.indicators[id]; ind != nil {
		return ind.Title.In(pt.lang)
	}
	return id
}

// indicatorTable lists indicators: baseline, target, value, progress and
// status.
func (pt *progressText) indicatorTable(id, caption string, items []policy.IndicatorProgress) tableView {
	t := tableView{
		ID: id, Caption: caption,
		Header: []string{pt.t("report.col_indicator"), pt.t("report.col_baseline"), pt.t("report.col_target"),
			pt.t("report.col_value"), pt.t("report.col_progress"), pt.t("report.col_status")},
		Num:    []bool{false, true, true, true, true, false},
		Widths: []float64{3.2, 2, 2, 1.7, 1.2, 1.3},
	}
	for _, ip := range items {
		t.Rows = append(t.Rows, rowView{ID: id + "-" + ip.Indicator, Cells: pt.indicatorCells(ip)})
	}
	return t
}

// notApplicable fills the cells that have no meaning for a qualitative
// indicator.
const notApplicable = "—"

func (pt *progressText) indicatorCells(ip policy.IndicatorProgress) []cellView {
	title := cellView{Text: pt.indicatorTitle(ip.Indicator)}
	status := cellView{Text: pt.status(ip.Status), Class: "progress-status progress-" + string(ip.Status)}
	if ip.Measure == policy.MeasureQualitative {
		return []cellView{title, {Text: notApplicable}, {Text: notApplicable},
			{Text: pt.t("report.updates", "n", ip.Updates)}, {Text: notApplicable}, status}
	}
	baseline := pt.t("report.no_baseline")
	if ip.Baseline != nil {
		var bp policy.Period
		if ind := pt.indicators[ip.Indicator]; ind != nil {
			bp = ind.Baseline.Period
		}
		baseline = withPeriod(pt.measure(*ip.Baseline, ip.Measure, ip.Unit), bp)
	}
	target := pt.t("report.no_target")
	if ip.Target != nil {
		target = withPeriod(pt.measure(*ip.Target, ip.Measure, ip.Unit), ip.TargetPeriod)
	}
	value := pt.t("report.no_data")
	if ip.Value != nil {
		value = pt.measure(*ip.Value, ip.Measure, ip.Unit)
	}
	progress := pt.percent(ip.Progress)
	if ip.Progress == nil && ip.Value != nil && ip.Target == nil {
		progress = pt.t("report.no_target")
	}
	return []cellView{title, {Text: baseline}, {Text: target}, {Text: value}, {Text: progress}, status}
}

// coverage says how many quantitative indicators have data.
func (pt *progressText) coverage(sum policy.Summary) string {
	if sum.Indicators == 0 {
		return pt.t("report.coverage_none")
	}
	return pt.t("report.coverage", "known", sum.Known, "total", sum.Indicators)
}

// objectiveTable lists a pillar's objectives with their roll-up.
func (pt *progressText) objectiveTable(id, caption string, fw *policy.Framework, pp policy.PillarProgress) tableView {
	t := tableView{
		ID: id, Caption: caption,
		Header: []string{pt.t("report.col_objective"), pt.t("report.col_progress"), pt.t("report.col_expected"),
			pt.t("report.col_status"), pt.t("report.col_coverage"), pt.t("report.col_updates")},
		Num:    []bool{false, true, true, false, false, true},
		Widths: []float64{3.2, 1.5, 1.5, 1.3, 2.2, 1.3},
	}
	for _, op := range pp.Objectives {
		title := op.Objective
		if o := fw.Objective(op.Objective); o != nil {
			title = o.Title.In(pt.lang)
		}
		t.Rows = append(t.Rows, rowView{ID: id + "-" + op.Objective, Cells: []cellView{
			{Text: title}, {Text: pt.percent(op.Progress)}, {Text: pt.percent(op.Expected)},
			{Text: pt.status(op.Status), Class: "progress-status progress-" + string(op.Status)},
			{Text: pt.coverage(op.Summary)}, {Text: i18n.FormatInt(pt.lang, op.Updates)},
		}})
	}
	return t
}

// reportView translates and formats the report for rq's language; fw is
// the framework the report rolls up through (nil when none is in force) and
// inds its indicators.
func (s *Server) reportView(rq *request, rep *policy.AnnualReport, fw *policy.Framework, inds []policy.Indicator) *reportView {
	pt := s.progressText(rq, inds)
	t := pt.t
	fy := rep.FiscalYear
	v := &reportView{
		Lang: rq.lang, Year: rep.Year,
		Title:       t("report.title"),
		Subtitle:    t("report.subtitle", "year", rep.Year, "start", rep.Start, "end", rep.End),
		Generated:   t("report.generated", "date", rep.AsOf, "revision", strconv.FormatInt(rep.Revision, 10)),
		PolicyTitle: t("policy.title"), PolicyHref: "/" + rq.lang + "/policy",
		SummaryHeading:    t("report.summary_heading"),
		FiguresHeading:    t("report.figures_heading"),
		AgreementsHeading: t("report.agreements_heading"),
		InForce:           t("report.agreements_in_force", "date", rep.AsOf, "n", rep.Agreements.InForce),
		AgreementsHref:    "/" + rq.lang + "/agreements",
		AgreementsLink:    t("agreements.link"),
		MethodHeading:     t("report.method_heading"),
		PDF:               linkView{Href: reportURL(rq, fy, ".pdf"), Text: t("report.download_pdf")},
		CSV:               linkView{Href: reportURL(rq, fy, ".csv"), Text: t("report.download_csv")},
		YearsLabel:        t("report.years_label"),
		footer:            t("site.ministry") + " · " + t("site.name", "home", pt.home),
		pageOf:            t("report.page_of"),
		noData:            t("report.no_data"),
	}
	if fw != nil {
		v.PolicyTitle = fw.Policy.Title.In(rq.lang)
	}
	if rq.asOfSet {
		v.AgreementsHref += "?as_of=" + rq.asOf.String()
		v.PolicyHref += "?as_of=" + rq.asOf.String()
	}
	switch {
	case !rep.Open:
		v.Notice = t("report.status_closed", "date", rep.AsOf)
	case rq.asOf.First() < rep.Start.First(): // BuildAnnualReport takes its figures on its first day
		v.Notice = t("report.status_not_begun", "date", rep.AsOf)
	default:
		v.Notice = t("report.status_open", "date", rep.AsOf)
	}
	if p := fy.Prev(); p.Year >= registry.MinFiscalYear {
		v.Prev = &linkView{Href: reportURL(rq, p, ""), Text: t("report.prev", "year", p.String())}
	}
	if n := fy.Next(); n.Year <= registry.MaxFiscalYear {
		v.Next = &linkView{Href: reportURL(rq, n, ""), Text: t("report.next", "year", n.String())}
	}

	prog := rep.Progress
	v.Summary = []labelValue{
		{"summary-progress", t("report.summary_progress"), pt.percent(prog.Progress)},
		{"summary-coverage", t("report.summary_coverage"), t("report.n_of", "n", prog.Known, "total", prog.Indicators)},
		{"summary-signed", t("report.summary_signed"), i18n.FormatInt(rq.lang, len(rep.Agreements.Signed))},
		{"summary-entered", t("report.summary_entered"), i18n.FormatInt(rq.lang, len(rep.Agreements.EnteredIntoForce))},
	}

	end := t("report.col_end", "date", rep.End)
	if rep.Open {
		end = t("report.col_as_of", "date", rep.AsOf)
	}
	v.Figures = tableView{
		ID: "figures-table", Caption: t("report.figures_caption", "home", pt.home, "year", rep.Year),
		Header: []string{t("report.col_figure"), t("report.col_start", "date", rep.Start), end, t("report.col_change")},
		Num:    []bool{false, true, true, true},
	}
	for _, f := range rep.Figures {
		v.Figures.Rows = append(v.Figures.Rows, rowView{ID: "fig-" + f.Name, Cells: []cellView{
			{Text: t("fig."+f.Name, "home", pt.home)}, {Text: i18n.FormatInt(rq.lang, f.Before)},
			{Text: i18n.FormatInt(rq.lang, f.After)}, {Text: pt.signed(f.Change)},
		}})
	}

	for _, pp := range prog.Pillars {
		pl := fw.Pillar(pp.Pillar) // Progress lists the framework's pillars
		title := pl.Title.In(rq.lang)
		pr := pillarReport{
			ID: pp.Pillar, Title: title,
			Bar: pt.bar("bar-"+pp.Pillar, t("report.pillar_bar"), pp.Summary),
			Line: t("report.pillar_line", "expected", pt.percent(pp.Expected), "coverage", pt.coverage(pp.Summary),
				"updates", pp.Updates),
			Objectives: pt.objectiveTable("objectives-"+pp.Pillar, t("report.objectives_caption", "pillar", title), fw, pp),
		}
		var items []policy.IndicatorProgress
		for _, op := range pp.Objectives {
			items = append(items, op.Items...)
		}
		if len(items) == 0 {
			pr.NoIndicators = t("report.no_indicators")
		} else {
			pr.Indicators = pt.indicatorTable("indicators-"+pp.Pillar, t("report.indicators_caption", "pillar", title), items)
		}
		v.Pillars = append(v.Pillars, pr)
	}

	agreements := func(id, caption string, list []*registry.Agreement, date func(*registry.Agreement) registry.Date) tableView {
		tv := tableView{
			ID: id, Caption: t(caption, "year", rep.Year, "n", len(list)),
			Header: []string{t("agreements.col_title"), t("agreements.col_parties"), t("report.col_date")},
		}
		for _, a := range list {
			var parties []string
			for _, p := range a.Parties {
				parties = append(parties, s.partyName(rq, p))
			}
			tv.Rows = append(tv.Rows, rowView{ID: id + "-" + a.ID, Cells: []cellView{
				{Text: a.Title.In(rq.lang)}, {Text: strings.Join(parties, ", ")}, {Text: i18n.FormatDate(rq.lang, date(a))},
			}})
		}
		return tv
	}
	v.Signed = agreements("signed", "report.signed_caption", rep.Agreements.Signed,
		func(a *registry.Agreement) registry.Date { return a.Signed })
	v.Entered = agreements("entered", "report.entered_caption", rep.Agreements.EnteredIntoForce,
		func(a *registry.Agreement) registry.Date { return a.EntryIntoForce })
	if len(v.Signed.Rows) == 0 {
		v.SignedNone = t("report.none_signed")
	}
	if len(v.Entered.Rows) == 0 {
		v.EnteredNone = t("report.none_entered")
	}

	v.Method = []string{
		t("report.method_value"),
		t("report.method_progress"),
		t("report.method_expected"),
		t("report.method_status", "on_track", strconv.Itoa(int(math.Round(policy.OnTrackMargin*100))),
			"at_risk", strconv.Itoa(int(math.Round(policy.AtRiskMargin*100)))),
		t("report.method_rollup"),
		t("report.method_qualitative"),
	}
	return v
}

// document returns the report as the PDF prints it.
func (v *reportView) document() report.Document {
	d := report.Document{
		Title: v.Title, Subtitle: v.Subtitle, Lang: v.Lang,
		Generated: v.Notice + "\n" + v.Generated,
		Footer:    v.footer, PageOf: v.pageOf, NoData: v.noData,
	}
	for _, f := range v.Summary {
		d.Summary = append(d.Summary, report.Figure{Label: f.Label, Value: f.Value})
	}
	d.Sections = append(d.Sections, report.Section{Title: v.FiguresHeading, Tables: []report.Table{v.Figures.pdf()}})
	for _, p := range v.Pillars {
		sec := report.Section{Title: p.Title, Progress: p.Bar.pdf(), Paragraphs: []string{p.Line}}
		if p.NoIndicators != "" {
			sec.Paragraphs = append(sec.Paragraphs, p.NoIndicators)
		}
		sec.Tables = append(sec.Tables, p.Objectives.pdf())
		if len(p.Indicators.Rows) > 0 {
			sec.Tables = append(sec.Tables, p.Indicators.pdf())
		}
		d.Sections = append(d.Sections, sec)
	}
	ag := report.Section{Title: v.AgreementsHeading, Paragraphs: []string{v.InForce}}
	for _, tv := range []struct {
		t    tableView
		none string
	}{{v.Signed, v.SignedNone}, {v.Entered, v.EnteredNone}} {
		if tv.none != "" {
			ag.Paragraphs = append(ag.Paragraphs, tv.none)
		} else {
			ag.Tables = append(ag.Tables, tv.t.pdf())
		}
	}
	d.Sections = append(d.Sections, ag)
	d.Notes = append([]string{v.MethodHeading}, v.Method...)
	return d
}

// csvColumns are the columns of the report's indicator table.
var csvColumns = []string{"pillar", "objective", "indicator", "title", "measure", "unit", "direction", "computed",
	"baseline", "baseline_period", "target", "target_period", "value", "progress", "expected", "status", "updates"}

// indicatorsCSV writes the report's indicators (inds), one row each in the
// order of the framework, numbers in machine form (progress and expected
// from 0 to 1), the titles in lang. Cells are guarded against spreadsheet
// formula injection by csvfile.Writer, as every CSV file of the API is.
func indicatorsCSV(lang string, rep *policy.AnnualReport, inds []policy.Indicator) ([]byte, error) {
	byID := map[string]*policy.Indicator{}
	for i := range inds {
		byID[inds[i].ID] = &inds[i]
	}
	num := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	frac := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(math.Round(*f*1e4)/1e4, 'f', -1, 64)
	}
	var buf bytes.Buffer
	w := csvfile.NewWriter(&buf)
	w.Write(csvColumns)
	row := func(pillar string, ip policy.IndicatorProgress) {
		var title, computed string
		var bp policy.Period
		if ind := byID[ip.Indicator]; ind != nil {
			title, computed, bp = ind.Title.In(lang), ind.Computed, ind.Baseline.Period
		}
		if ip.Baseline == nil {
			bp = policy.Period{}
		}
		w.Write([]string{pillar, ip.Objective, ip.Indicator, title, string(ip.Measure), ip.Unit, string(ip.Direction), computed,
			num(ip.Baseline), bp.String(), num(ip.Target), ip.TargetPeriod.String(), num(ip.Value),
			frac(ip.Progress), frac(ip.Expected), string(ip.Status), strconv.Itoa(ip.Updates)})
	}
	for _, pp := range rep.Progress.Pillars {
		for _, op := range pp.Objectives {
			for _, ip := range op.Items {
				row(pp.Pillar, ip)
			}
		}
	}
	for _, ip := range rep.Progress.Unassigned {
		row("", ip)
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
