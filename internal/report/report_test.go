package report

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/report/pdftext"
)

// sampleDoc is a report in the four languages with one table of rows rows.
func sampleDoc(rows int) Document {
	table := Table{
		Caption: "Engagements par mission / Ahagaze ku butumwa",
		Header:  []string{"Ref.", "Commitment", "Lead mission", "Status", "Progress"},
		Align:   []Align{AlignLeft, AlignLeft, AlignLeft, AlignCenter, AlignRight},
		Widths:  []float64{1, 4, 2.5, 1.6, 1.3},
	}
	missions := []string{"Ambassade à Dakar", "Ubuhagarariye i Kampala", "Ubalozi wa Nairobi", "Mission à Genève"}
	statuses := []string{"on track", "en retard", "birakorwa", "imekamilika"}
	for i := range rows {
		commitment := fmt.Sprintf("Coopération Sud-Sud n°%d", i+1)
		if i%10 == 3 {
			commitment += " — a long description that wraps over several lines of the cell, " +
				"Diplomasia ya uchumi kwa maendeleo ya pamoja ya Afrika Mashariki, " +
				"Abanyarwanda baba mu mahanga bagira uruhare mu iterambere"
		}
		table.Rows = append(table.Rows, []string{
			fmt.Sprintf("C-%03d", i+1),
			commitment,
			missions[i%len(missions)],
			statuses[i%len(statuses)],
			strconv.Itoa(i%101) + "%",
		})
	}
	return Document{
		Title:     "Politique étrangère : rapport annuel",
		Subtitle:  "Exercice 2025-2026 (1er juillet 2025 – 30 juin 2026)",
		Lang:      "fr",
		Generated: "Généré le 27 novembre 2026 depuis le registre, révision 1234",
		Created:   time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		Summary: []Figure{
			{Label: "Engagements suivis", Value: "184"},
			{Label: "Ibikorwa byarangiye", Value: "61,5 %"},
			{Label: "Nchi washirika", Value: "37"},
			{Label: "Missions sans données", Value: "5"},
		},
		Sections: []Section{
			{
				Title:      "Coopération Sud-Sud",
				Progress:   Bar{Label: "Engagements tenus", Fraction: 0.426, Known: true, Status: "en bonne voie"},
				Paragraphs: []string{"La coopération régionale s'est renforcée : accords signés à Kigali, Dakar et Nairobi."},
				Tables:     []Table{table},
			},
			{
				Title:      "Abanyarwanda baba mu mahanga",
				Progress:   Bar{Label: "Ibikorwa byakozwe", Fraction: 1.7, Known: true, Status: "byarangiye"},
				Paragraphs: []string{"Umubare w'Abanyarwanda baba mu mahanga biyandikishije wiyongereye."},
			},
			{
				Title:      "Diplomasia ya uchumi",
				Progress:   Bar{Label: "Malengo ya kiuchumi", Known: false, Status: "hakuna taarifa"},
				Paragraphs: []string{"Ushirikiano wa kibiashara na nchi za Jumuiya ya Afrika Mashariki."},
				Tables: []Table{{
					Caption: "Empty table",
					Header:  []string{"Nchi", "Thamani"},
				}},
			},
		},
		Notes: []string{
			"Statut « en bonne voie » : au moins 75 % des étapes atteintes à la date prévue.",
			"Sources : registre des engagements, rapports des missions.",
		},
		Footer: "Ministère des Affaires étrangères — document public",
	}
}

func render(t testing.TB, d Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := PDF(&buf, d); err != nil {
		t.Fatalf("PDF: %v", err)
	}
	return buf.Bytes()
}

var spaces = regexp.MustCompile(`[ \t\x{a0}]+`)

// squeeze collapses runs of spaces, which pdftotext -layout uses for alignment.
func squeeze(s string) string { return spaces.ReplaceAllString(s, " ") }

func TestPDFText(t *testing.T) {
	d := sampleDoc(120)
	pdf := render(t, d)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output starts with %q, want %%PDF-", pdf[:min(len(pdf), 8)])
	}
	text := pdftext.Text(t, pdf)
	flat := squeeze(text)
	want := []string{d.Title, d.Subtitle, d.Generated, d.Footer, firstTable(d).Caption}
	for _, f := range d.Summary {
		want = append(want, f.Label, f.Value)
	}
	for _, s := range d.Sections {
		want = append(want, s.Title, s.Progress.Label, s.Progress.Status)
		want = append(want, s.Paragraphs...)
	}
	want = append(want, d.Notes...)
	want = append(want, "43% · en bonne voie", "100% · byarangiye", "no data · hakuna taarifa")
	tab := firstTable(d)
	for _, i := range []int{0, 1, 2, 57, 58, 118, 119} {
		row := tab.Rows[i]
		want = append(want, row...)
		// Cells of a row that does not wrap are printed on one line, in order.
		want = append(want, strings.Join(row, " "))
	}
	for _, w := range want {
		if !strings.Contains(flat, squeeze(w)) {
			t.Errorf("extracted text lacks %q", w)
		}
	}

	m := regexp.MustCompile(`page 1 of (\d+)`).FindStringSubmatch(flat)
	if m == nil {
		t.Fatalf("no \"page 1 of N\" in the extracted text:\n%s", text)
	}
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	if n, _ := strconv.Atoi(m[1]); n != len(pages) || n < 3 {
		t.Fatalf("footer says %s pages, pdftotext found %d (want at least 3)", m[1], len(pages))
	}
	for i, p := range pages {
		label := fmt.Sprintf("page %d of %d", i+1, len(pages))
		if !strings.Contains(squeeze(p), label) {
			t.Errorf("page %d lacks %q", i+1, label)
		}
	}
	// The table header is repeated on every page that shows table rows.
	header := strings.Join(tab.Header, " ")
	rowsOn := 0
	for i, p := range pages {
		if !regexp.MustCompile(`C-\d{3}`).MatchString(p) {
			continue
		}
		rowsOn++
		if !strings.Contains(squeeze(p), header) {
			t.Errorf("page %d has table rows but no header row %q", i+1, header)
		}
	}
	if rowsOn < 2 {
		t.Errorf("the 120-row table spans %d pages, want at least 2", rowsOn)
	}
}

// firstTable returns the first table of the first section.
func firstTable(d Document) Table { return d.Sections[0].Tables[0] }

func TestPDFDeterministic(t *testing.T) {
	d := sampleDoc(40)
	want := render(t, d)
	if !bytes.HasPrefix(want, []byte("%PDF-")) {
		t.Fatal("output does not start with %PDF-")
	}
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Go(func() {
			var buf bytes.Buffer
			if err := PDF(&buf, d); err != nil {
				t.Error(err)
			}
			got[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i, g := range got {
		if !bytes.Equal(g, want) {
			t.Errorf("render %d differs from the first (%d and %d bytes)", i+1, len(g), len(want))
		}
	}
}

func TestPDFHostile(t *testing.T) {
	huge := strings.Repeat("Ubufatanye", 10000) // one 100,000-byte word
	prose := strings.Repeat("mot très long ", 2000)
	invalid := "Coop\xe9ration \xff\xfe Sud\x00-Sud\r\n\x1b[31m"
	tests := map[string]Document{
		"empty":          {},
		"empty sections": {Sections: []Section{{}, {Tables: []Table{{}, {Rows: [][]string{{}, nil}}}}}},
		"header only":    {Sections: []Section{{Tables: []Table{{Header: []string{"a", "b"}}}}}},
		"no header":      {Sections: []Section{{Tables: []Table{{Rows: [][]string{{"x", "y"}, {"z"}}}}}}},
		"huge word cell": {Sections: []Section{{Tables: []Table{{Header: []string{"a", "b"}, Rows: [][]string{{huge, "1"}}}}}}},
		"huge prose cell": {Sections: []Section{{Tables: []Table{{
			Header: []string{"a", "b", "c"}, Rows: [][]string{{"1", prose, "2"}, {"3", "4", "5"}},
		}}}}},
		"huge header": {Sections: []Section{{Tables: []Table{{Header: []string{prose, "b"}, Rows: [][]string{{"1", "2"}}}}}}},
		"huge texts": {
			Title: prose, Subtitle: huge, Generated: prose, Footer: prose, PageOf: prose,
			Summary:  []Figure{{Label: prose, Value: huge}, {Label: huge}},
			Sections: []Section{{Title: prose, Paragraphs: []string{huge, prose}, Progress: Bar{Label: prose, Status: huge, Known: true}}},
			Notes:    []string{huge},
		},
		"more cells than header": {Sections: []Section{{Tables: []Table{{
			Header: []string{"one"}, Align: []Align{AlignRight, 7, -1},
			Rows: [][]string{{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25"}},
		}}}}},
		"many columns": {Sections: []Section{{Tables: []Table{{Rows: [][]string{make([]string, 500), strings.Split(strings.Repeat("abc,", 500), ",")}}}}}},
		"bad widths": {Sections: []Section{
			{Tables: []Table{{Header: []string{"a", "b", "c"}, Widths: []float64{math.NaN(), -1, math.Inf(1)}, Rows: [][]string{{"1", "2", "3"}}}}},
			{Tables: []Table{{Header: []string{"a", "b"}, Widths: []float64{0, 0}, Rows: [][]string{{"1", "2"}}}}},
			{Tables: []Table{{Header: []string{"a", "b"}, Widths: []float64{1e-300, 1e300}, Rows: [][]string{{"1", "2"}}}}},
			{Tables: []Table{{Header: []string{"a", "b"}, Widths: []float64{1}, Rows: [][]string{{"1", "2"}}}}},
		}},
		"invalid utf-8": {
			Title: invalid, Subtitle: invalid, Lang: invalid, Generated: invalid, Footer: invalid, PageOf: invalid + "{page}", NoData: invalid,
			Summary:  []Figure{{Label: invalid, Value: invalid}},
			Sections: []Section{{Title: invalid, Progress: Bar{Label: invalid, Status: invalid}, Paragraphs: []string{invalid}, Tables: []Table{{Caption: invalid, Header: []string{invalid}, Rows: [][]string{{invalid, invalid}}}}}},
			Notes:    []string{invalid},
		},
		"odd fractions": {Sections: []Section{
			{Progress: Bar{Fraction: math.NaN(), Known: true}},
			{Progress: Bar{Fraction: math.Inf(1), Known: true}},
			{Progress: Bar{Fraction: math.Inf(-1), Known: true}},
			{Progress: Bar{Fraction: -0.5, Known: true}},
			{Progress: Bar{Fraction: 12, Known: true}},
			{Progress: Bar{Fraction: math.NaN(), Known: false, Label: "x"}},
		}},
		"unshapeable text": {
			Title:    "😀 👍🏽 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 中文 العربية עברית देवनागरी",
			Sections: []Section{{Title: "e\u0301\u0301\u0301 \u200b\u200d\ufeff\ufffe\uffff", Tables: []Table{{Rows: [][]string{{"😀", "\u202e reversed"}}}}}},
		},
		"page label tricks": {PageOf: "{nb} {pages} {page} {pages}", Footer: "{nb}"},
		"many sections": {Sections: func() []Section {
			s := make([]Section, 300)
			for i := range s {
				s[i] = Section{Title: strconv.Itoa(i), Progress: Bar{Known: true, Fraction: float64(i) / 300}}
			}
			return s
		}()},
		"long summary": {Summary: make([]Figure, 100)},
	}
	for name, d := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// build and Output directly, bypassing PDF's recover, so a panic
			// in fpdf fails the test instead of becoming an error.
			pdf, err := build(d)
			var buf bytes.Buffer
			if err == nil {
				err = pdf.Output(&buf)
			}
			if err != nil {
				t.Logf("error (allowed): %v", err)
				return
			}
			out := buf.Bytes()
			if !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(out), []byte("%%EOF")) {
				t.Fatalf("not a complete PDF: %d bytes", len(out))
			}
		})
	}
}

func TestPercent(t *testing.T) {
	for f, want := range map[float64]string{
		0: "0%", 0.004: "0%", 0.426: "43%", 0.995: "100%", 1: "100%",
		1.7: "100%", -3: "0%", math.NaN(): "0%", math.Inf(1): "100%",
	} {
		if got := Percent(f); got != want {
			t.Errorf("Percent(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Coopération":   "Coopération",
		"a\xffb":        "a\uFFFDb",
		"a\r\nb\tc\x00": "a\nb c ",
		"x😀y":           "x\uFFFDy",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkPDF renders a realistic report: 5 sections of 20-row tables.
func BenchmarkPDF(b *testing.B) {
	d := sampleDoc(20)
	base := d.Sections[0]
	d.Sections = nil
	for i := range 5 {
		s := base
		s.Title = fmt.Sprintf("Pillar %d: %s", i+1, base.Title)
		d.Sections = append(d.Sections, s)
	}
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := PDF(&buf, d); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}
