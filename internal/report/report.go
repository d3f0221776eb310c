// Package report renders printable reports, such as the annual implementation
// report of a foreign policy, as PDF on the server.
//
// Callers describe a report with this package's own model (Document, Section,
// Table, Bar) and never see the PDF library. github.com/go-pdf/fpdf is used
// here and nowhere else because it is frozen (last release v0.9.0 in 2023,
// repository archived): keeping it behind one small package means it can be
// patched around, or replaced by another library, without touching callers.
//
// Text is set in DejaVu Sans, embedded in the binary, so French, Kinyarwanda
// and Swahili text renders without any font installed on the server.
package report

import (
	_ "embed"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

// DejaVu Sans (Bitstream Vera licence, see fonts/LICENSE).
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// Document is a report ready to print. Every string is plain text; invalid
// UTF-8 is replaced, never rejected.
type Document struct {
	Title     string    // e.g. "Foreign policy: annual implementation report"
	Subtitle  string    // e.g. "Fiscal year 2025-2026 (1 July 2025 – 30 June 2026)"
	Lang      string    // BCP 47 tag for the PDF metadata: en, fr, rw, sw
	Generated string    // e.g. "Generated 27 November 2026 from the registry, revision 1234"
	Created   time.Time // PDF creation date; zero means a fixed date, so output is reproducible
	Summary   []Figure  // headline figures, printed under the title
	Sections  []Section // one per pillar
	Notes     []string  // method notes printed at the end (status rules, data sources)
	Footer    string    // printed on every page next to the page number

	// PageOf is the localised page label with the placeholders {page} and
	// {pages}; empty means "page {page} of {pages}".
	PageOf string
	// NoData labels a bar whose value is unknown; empty means "no data".
	NoData string
}

// Figure is one headline figure, such as "Commitments on track: 42".
type Figure struct {
	Label, Value string
}

// Section is one part of the report, usually a policy pillar.
type Section struct {
	Title      string
	Progress   Bar // drawn under the title unless both Label and Status are empty and Known is false
	Paragraphs []string
	Tables     []Table
}

// Bar is a horizontal progress bar with its percentage printed beside it.
type Bar struct {
	Label    string
	Fraction float64 // 0..1; out-of-range values are clamped, NaN counts as 0
	Known    bool    // false draws an empty bar labelled Document.NoData
	Status   string  // printed after the percentage, e.g. "on track"
}

// Table is a table of text cells. Rows may have more or fewer cells than
// Header; long cells wrap, and a table that runs onto another page repeats
// its header row there.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
	Align   []Align   // per column; missing entries mean AlignLeft
	Widths  []float64 // optional relative column widths, one per column
}

// Align is the horizontal alignment of a table column.
type Align int

// Column alignments.
const (
	AlignLeft Align = iota
	AlignRight
	AlignCenter
)

// Page geometry in millimetres (A4 portrait).
const (
	pageW, pageH = 210.0, 297.0
	marginX      = 20.0
	marginTop    = 20.0
	marginBottom = 22.0
	contentW     = pageW - 2*marginX
	bottomY      = pageH - marginBottom // lowest y body content may reach

	family = "DejaVu"
	nbPage = "{nb}" // fpdf's alias for the total page count
	ptToMM = 25.4 / 72
)

// fixedDate is the creation date used when Document.Created is zero.
var fixedDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// PDF writes d to w as a PDF document. It never panics on odd input: an empty
// document still gives a one-page PDF, and a failure inside the PDF library
// is returned as an error.
func PDF(w io.Writer, d Document) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report: rendering PDF: %v", r)
		}
	}()
	pdf, err := build(d)
	if err != nil {
		return err
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("report: writing PDF: %w", err)
	}
	return nil
}

// build lays out d in a new fpdf document.
func build(d Document) (*fpdf.Fpdf, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	created := d.Created
	if created.IsZero() {
		created = fixedDate
	}
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetTitle(clean(d.Title), true)
	pdf.SetSubject(clean(d.Subtitle), true)
	pdf.SetCreator("chancery", true)
	if lang := clean(d.Lang); lang != "" {
		pdf.SetLang(lang)
	}
	pdf.AddUTF8FontFromBytes(family, "", fontRegular)
	pdf.AddUTF8FontFromBytes(family, "B", fontBold)
	if pdf.Err() {
		return nil, fmt.Errorf("report: loading fonts: %w", pdf.Error())
	}
	pdf.SetMargins(marginX, marginTop, marginX)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.AliasNbPages(nbPage)

	r := &renderer{pdf: pdf, d: d}
	pdf.SetHeaderFuncMode(r.header, true)
	pdf.SetFooterFunc(r.footer)
	pdf.AddPage()
	r.titleBlock()
	r.summary()
	for _, s := range d.Sections {
		r.section(s)
	}
	r.notes()
	if pdf.Err() {
		return nil, fmt.Errorf("report: laying out PDF: %w", pdf.Error())
	}
	return pdf, nil
}

type renderer struct {
	pdf *fpdf.Fpdf
	d   Document
}

// Colours (RGB).
var (
	colText   = [3]int{33, 37, 41}
	colMuted  = [3]int{96, 103, 110}
	colRule   = [3]int{190, 195, 200}
	colShade  = [3]int{236, 239, 242}
	colZebra  = [3]int{247, 248, 249}
	colBar    = [3]int{31, 94, 153}
	colBarBox = [3]int{225, 229, 233}
)

func (r *renderer) text(c [3]int) { r.pdf.SetTextColor(c[0], c[1], c[2]) }
func (r *renderer) fill(c [3]int) { r.pdf.SetFillColor(c[0], c[1], c[2]) }
func (r *renderer) draw(c [3]int) { r.pdf.SetDrawColor(c[0], c[1], c[2]) }

// font sets the font; size is in points.
func (r *renderer) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	r.pdf.SetFont(family, style, size)
}

// header prints the running title on every page but the first.
func (r *renderer) header() {
	pdf := r.pdf
	if pdf.PageNo() == 1 {
		return
	}
	r.font(false, 8)
	r.text(colMuted)
	pdf.SetXY(marginX, 10)
	pdf.CellFormat(contentW, 4, firstLine(pdf, clean(r.d.Title), contentW), "", 0, "L", false, 0, "")
	r.draw(colRule)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginX, 15, pageW-marginX, 15)
	pdf.SetXY(marginX, marginTop)
	r.text(colText)
}

// footer prints the footer text and "page N of M" on every page.
func (r *renderer) footer() {
	pdf := r.pdf
	y := pageH - 15
	r.draw(colRule)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginX, y, pageW-marginX, y)
	r.font(false, 8)
	r.text(colMuted)
	label := pageLabel(r.d.PageOf, pdf.PageNo())
	lw := pdf.GetStringWidth(label) + 2
	pdf.SetXY(marginX, y+1.5)
	pdf.CellFormat(contentW-lw-2, 4, firstLine(pdf, clean(r.d.Footer), contentW-lw-2), "", 0, "L", false, 0, "")
	pdf.SetXY(pageW-marginX-lw, y+1.5)
	pdf.CellFormat(lw, 4, label, "", 0, "R", false, 0, "")
	r.text(colText)
}

// pageLabel fills the page-label template; the total is fpdf's alias,
// replaced by the page count when the document is closed.
func pageLabel(tmpl string, page int) string {
	tmpl = clean(tmpl)
	if !strings.Contains(tmpl, "{page}") {
		tmpl = "page {page} of {pages}"
	}
	tmpl = strings.ReplaceAll(tmpl, nbPage, "")
	return strings.NewReplacer("{page}", strconv.Itoa(page), "{pages}", nbPage).Replace(tmpl)
}

func (r *renderer) titleBlock() {
	pdf := r.pdf
	d := r.d
	pdf.SetXY(marginX, marginTop)
	if t := clean(d.Title); t != "" {
		r.font(true, 18)
		r.text(colText)
		pdf.MultiCell(contentW, 8, t, "", "L", false)
	}
	if s := clean(d.Subtitle); s != "" {
		pdf.Ln(1)
		r.font(false, 12)
		pdf.MultiCell(contentW, 6, s, "", "L", false)
	}
	if g := clean(d.Generated); g != "" {
		pdf.Ln(1)
		r.font(false, 9)
		r.text(colMuted)
		pdf.MultiCell(contentW, 4.5, g, "", "L", false)
		r.text(colText)
	}
	if pdf.GetY() > marginTop {
		pdf.Ln(3)
		r.rule()
		pdf.Ln(4)
	}
}

// rule draws a full-width horizontal line at the current position.
func (r *renderer) rule() {
	y := r.pdf.GetY()
	r.draw(colRule)
	r.pdf.SetLineWidth(0.3)
	r.pdf.Line(marginX, y, pageW-marginX, y)
}

// ensure starts a new page unless h millimetres fit above the bottom margin.
func (r *renderer) ensure(h float64) {
	if r.pdf.GetY()+h > bottomY && r.pdf.GetY() > marginTop+1 {
		r.pdf.AddPage()
	}
}

// summary prints the headline figures as shaded cards, three to a row.
func (r *renderer) summary() {
	pdf := r.pdf
	const perRow, gap, pad = 3, 4.0, 2.5
	cardW := (contentW - gap*(perRow-1)) / perRow
	figs := r.d.Summary
	for start := 0; start < len(figs); start += perRow {
		row := figs[start:min(start+perRow, len(figs))]
		values := make([][]string, len(row))
		labels := make([][]string, len(row))
		h := 0.0
		for i, f := range row {
			r.font(true, 14)
			values[i] = pdf.SplitText(clean(f.Value), cardW-2*pad+2*pdf.GetCellMargin())
			r.font(false, 8.5)
			labels[i] = pdf.SplitText(clean(f.Label), cardW-2*pad+2*pdf.GetCellMargin())
			h = max(h, 2*pad+float64(len(values[i]))*6.5+float64(len(labels[i]))*4)
		}
		h = min(h, bottomY-marginTop)
		r.ensure(h)
		y := pdf.GetY()
		for i := range row {
			x := marginX + float64(i)*(cardW+gap)
			r.fill(colShade)
			pdf.Rect(x, y, cardW, h, "F")
			ly := y + pad
			r.font(true, 14)
			r.text(colText)
			for _, l := range values[i] {
				if ly+6.5 > y+h {
					break
				}
				pdf.SetXY(x+pad-pdf.GetCellMargin(), ly)
				pdf.CellFormat(cardW-2*pad, 6.5, l, "", 0, "L", false, 0, "")
				ly += 6.5
			}
			r.font(false, 8.5)
			r.text(colMuted)
			for _, l := range labels[i] {
				if ly+4 > y+h {
					break
				}
				pdf.SetXY(x+pad-pdf.GetCellMargin(), ly)
				pdf.CellFormat(cardW-2*pad, 4, l, "", 0, "L", false, 0, "")
				ly += 4
			}
		}
		r.text(colText)
		pdf.SetXY(marginX, y+h+gap)
	}
	if len(figs) > 0 {
		pdf.Ln(2)
	}
}

func (r *renderer) section(s Section) {
	pdf := r.pdf
	r.ensure(30) // keep a heading with what follows
	pdf.SetX(marginX)
	if t := clean(s.Title); t != "" {
		r.font(true, 14)
		r.text(colText)
		pdf.MultiCell(contentW, 7, t, "", "L", false)
		pdf.Ln(2)
	}
	if b := s.Progress; b.Known || b.Label != "" || b.Status != "" {
		r.bar(b)
	}
	r.font(false, 10)
	r.text(colText)
	for _, p := range s.Paragraphs {
		if p = clean(p); p == "" {
			continue
		}
		pdf.SetX(marginX)
		pdf.MultiCell(contentW, 5, p, "", "L", false)
		pdf.Ln(2)
	}
	for _, t := range s.Tables {
		r.table(t)
	}
	pdf.Ln(4)
}

// bar draws a progress bar: its label, a filled rectangle and the
// percentage (or "no data") with the status as text.
func (r *renderer) bar(b Bar) {
	pdf := r.pdf
	const barW, barH = 90.0, 5.0
	r.font(true, 9.5)
	label := pdf.SplitText(clean(b.Label), contentW)
	r.ensure(float64(len(label))*4.5 + barH + 4)
	r.text(colText)
	for _, l := range label {
		pdf.SetX(marginX)
		pdf.CellFormat(contentW, 4.5, l, "", 1, "L", false, 0, "")
	}
	pdf.Ln(0.5)
	y := pdf.GetY()
	r.fill(colBarBox)
	pdf.Rect(marginX, y, barW, barH, "F")
	caption := clean(r.d.NoData)
	if caption == "" {
		caption = "no data"
	}
	if b.Known {
		f := Clamp(b.Fraction)
		if f > 0 {
			r.fill(colBar)
			pdf.Rect(marginX, y, barW*f, barH, "F")
		}
		caption = Percent(f)
	}
	if st := clean(b.Status); st != "" {
		caption += " · " + st
	}
	r.draw(colRule)
	pdf.SetLineWidth(0.2)
	pdf.Rect(marginX, y, barW, barH, "D")
	r.font(false, 9.5)
	pdf.SetXY(marginX+barW+3, y)
	pdf.CellFormat(contentW-barW-3, barH, firstLine(pdf, caption, contentW-barW-3), "", 1, "L", false, 0, "")
	pdf.SetY(y + barH + 4)
}

// Clamp maps a fraction f into [0, 1]; NaN becomes 0.
func Clamp(f float64) float64 {
	switch {
	case math.IsNaN(f) || f < 0:
		return 0
	case f > 1:
		return 1
	}
	return f
}

// Percent formats a fraction as the whole percentage printed beside a bar,
// e.g. 0.426 → "43%". Out-of-range fractions are clamped first.
func Percent(f float64) string {
	return strconv.Itoa(int(math.Round(Clamp(f)*100))) + "%"
}

// Table layout, in millimetres and points.
const (
	cellFont  = 8.5
	cellLineH = 4.0
	cellPadY  = 1.0
	minColW   = 8.0
)

func (r *renderer) table(t Table) {
	pdf := r.pdf
	ncol := len(t.Header)
	for _, row := range t.Rows {
		ncol = max(ncol, len(row))
	}
	if ncol == 0 {
		return
	}
	widths := r.columnWidths(t, ncol)
	aligns := make([]string, ncol)
	for i := range aligns {
		aligns[i] = "L"
		if i < len(t.Align) {
			switch t.Align[i] {
			case AlignRight:
				aligns[i] = "R"
			case AlignCenter:
				aligns[i] = "C"
			}
		}
	}
	header := make([]string, ncol)
	for i := range t.Header {
		header[i] = clean(t.Header[i])
	}
	hasHeader := strings.Join(header, "") != ""

	// Lay out every row before drawing, so page breaks can keep rows whole.
	r.font(true, cellFont)
	headLines := r.wrapRow(header, widths)
	r.font(false, cellFont)
	rows := make([][][]string, len(t.Rows))
	for i, row := range t.Rows {
		cells := make([]string, ncol)
		for j := range row {
			cells[j] = clean(row[j])
		}
		rows[i] = r.wrapRow(cells, widths)
	}
	headH := 0.0
	if hasHeader {
		headH = rowHeight(headLines)
		// The header must leave room for at least one line of body.
		headH = min(headH, bottomY-marginTop-cellLineH-2*cellPadY)
	}

	caption := clean(t.Caption)
	r.font(true, 9.5)
	capLines := pdf.SplitText(caption, contentW)
	// Keep the caption with the header and the first row, or with the first
	// lines of a row taller than a page.
	fresh := bottomY - marginTop - headH // room on a new page
	first := cellLineH + 2*cellPadY
	if len(rows) > 0 {
		if first = rowHeight(rows[0]); first > fresh {
			first = 3*cellLineH + 2*cellPadY
		}
	}
	r.ensure(float64(len(capLines))*4.5 + 1 + headH + first)
	r.text(colText)
	for _, l := range capLines {
		pdf.SetX(marginX)
		pdf.CellFormat(contentW, 4.5, l, "", 1, "L", false, 0, "")
	}
	if len(capLines) > 0 {
		pdf.Ln(1)
	}

	// Rows are placed by hand: turn off fpdf's page breaking meanwhile.
	pdf.SetAutoPageBreak(false, marginBottom)
	defer pdf.SetAutoPageBreak(true, marginBottom)
	drawHeader := func() {
		if !hasHeader {
			return
		}
		r.font(true, cellFont)
		r.fill(colShade)
		r.drawRow(headLines, widths, aligns, true, headH)
		r.font(false, cellFont)
	}
	newPage := func() {
		pdf.AddPage()
		drawHeader()
	}
	drawHeader()
	const eps = 1e-6
	atTop := false // nothing drawn on this page since the header
	for i, lines := range rows {
		shade := i%2 == 1
		for {
			r.fill(colZebra)
			h := rowHeight(lines)
			room := bottomY - pdf.GetY()
			if h <= room+eps {
				r.drawRow(lines, widths, aligns, shade, h)
				atTop = false
				break
			}
			// A row that fits on a new page moves there whole; a taller
			// one is split, its first lines filling this page.
			fit := int((room + eps - 2*cellPadY) / cellLineH)
			if !atTop && (h <= fresh+eps || fit < 1) {
				newPage()
				atTop = true
				continue
			}
			if fit < 1 {
				return // unreachable while headH leaves room for a line
			}
			head, rest := splitRow(lines, fit)
			r.drawRow(head, widths, aligns, shade, float64(fit)*cellLineH+2*cellPadY)
			lines = rest
			newPage()
			atTop = true
		}
	}
	pdf.SetX(marginX)
	pdf.Ln(3)
}

// columnWidths returns the column widths in millimetres, filling the
// content width: from Table.Widths when usable, otherwise from the text.
func (r *renderer) columnWidths(t Table, ncol int) []float64 {
	pdf := r.pdf
	weights := make([]float64, ncol)
	usable := len(t.Widths) == ncol
	for _, w := range t.Widths {
		if !(w > 0) || math.IsInf(w, 0) {
			usable = false
		}
	}
	if usable {
		copy(weights, t.Widths)
	} else {
		// Natural width of the widest cell, sampling at most 200 rows,
		// bounded so that one long column cannot starve the others.
		r.font(true, cellFont)
		for i, h := range t.Header {
			weights[i] = pdf.GetStringWidth(clean(h))
		}
		r.font(false, cellFont)
		for k, row := range t.Rows {
			if k == 200 {
				break
			}
			for i, c := range row {
				if len(c) > 400 {
					c = c[:400]
				}
				weights[i] = max(weights[i], pdf.GetStringWidth(clean(c)))
			}
		}
		for i := range weights {
			weights[i] = min(max(weights[i]+2*pdf.GetCellMargin(), 12), 70)
		}
	}
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	widths := make([]float64, ncol)
	for i, w := range weights {
		widths[i] = contentW * w / sum
	}
	if contentW/float64(ncol) < minColW {
		return widths
	}
	// Raise narrow columns to minColW, taking the space from wider ones.
	for range 3 {
		short := 0.0
		wide := 0.0
		for _, w := range widths {
			if w < minColW {
				short += minColW - w
			} else {
				wide += w - minColW
			}
		}
		if short == 0 || wide == 0 {
			break
		}
		for i, w := range widths {
			if w < minColW {
				widths[i] = minColW
			} else {
				widths[i] = w - short*(w-minColW)/wide
			}
		}
	}
	return widths
}

// wrapRow splits each cell into lines that fit its column, in the current font.
func (r *renderer) wrapRow(cells []string, widths []float64) [][]string {
	lines := make([][]string, len(cells))
	for i, c := range cells {
		if c != "" {
			lines[i] = r.pdf.SplitText(c, widths[i])
		}
	}
	return lines
}

func maxLines(lines [][]string) int {
	n := 1
	for _, l := range lines {
		n = max(n, len(l))
	}
	return n
}

func rowHeight(lines [][]string) float64 {
	return float64(maxLines(lines))*cellLineH + 2*cellPadY
}

// splitRow cuts a row after n lines.
func splitRow(lines [][]string, n int) (head, rest [][]string) {
	head = make([][]string, len(lines))
	rest = make([][]string, len(lines))
	for i, l := range lines {
		k := min(n, len(l))
		head[i], rest[i] = l[:k], l[k:]
	}
	return head, rest
}

// drawRow draws one row of cells of height h at the current y, all cells
// the same height, and moves below it. Lines that do not fit are dropped.
func (r *renderer) drawRow(lines [][]string, widths []float64, aligns []string, shade bool, h float64) {
	pdf := r.pdf
	y := pdf.GetY()
	x := marginX
	r.draw(colRule)
	pdf.SetLineWidth(0.15)
	for i, w := range widths {
		style := "D"
		if shade {
			style = "FD"
		}
		pdf.Rect(x, y, w, h, style)
		ly := y + cellPadY
		for _, l := range lines[i] {
			if ly+cellLineH > y+h+0.01 {
				break
			}
			pdf.SetXY(x, ly)
			pdf.CellFormat(w, cellLineH, l, "", 0, aligns[i], false, 0, "")
			ly += cellLineH
		}
		x += w
	}
	pdf.SetXY(marginX, y+h)
}

func (r *renderer) notes() {
	pdf := r.pdf
	var notes []string
	for _, n := range r.d.Notes {
		if n = clean(n); n != "" {
			notes = append(notes, n)
		}
	}
	if len(notes) == 0 {
		return
	}
	r.ensure(15)
	pdf.Ln(2)
	r.rule()
	pdf.Ln(3)
	r.font(false, 8.5)
	r.text(colMuted)
	for _, n := range notes {
		pdf.SetX(marginX)
		pdf.MultiCell(contentW, 4.2, n, "", "L", false)
		pdf.Ln(1.5)
	}
	r.text(colText)
}

// firstLine returns the part of s that fits on one line of width w in the
// current font, with an ellipsis when cut.
func firstLine(pdf *fpdf.Fpdf, s string, w float64) string {
	if len(s) > 2000 { // far more than a line holds: spare SplitText the rest
		s = strings.ToValidUTF8(s[:2000], "")
	}
	lines := pdf.SplitText(s, w)
	switch {
	case len(lines) == 0:
		return ""
	case len(lines) == 1:
		return lines[0]
	}
	l := []rune(lines[0])
	for len(l) > 0 && pdf.GetStringWidth(string(l)+"…")+2*pdf.GetCellMargin() > w {
		l = l[:len(l)-1]
	}
	return string(l) + "…"
}

// clean makes s safe for fpdf: invalid UTF-8 and characters outside the
// Basic Multilingual Plane become U+FFFD, control characters other than
// newline become spaces, and CR LF becomes LF.
func clean(s string) string {
	if s == "" {
		return s
	}
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\r\n", "\n")
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\n':
			return c
		case c > 0xFFFF:
			return utf8.RuneError
		case unicode.IsControl(c):
			return ' '
		}
		return c
	}, s)
}
