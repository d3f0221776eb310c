package i18n

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/chancery-org/chancery/internal/registry"
)

var (
	tags = []language.Tag{
		language.English,
		language.French,
		language.MustParse("rw"),
		language.Swahili,
	}
	matcher  = language.NewMatcher(tags)
	printers = map[string]*message.Printer{}
	kirundi  = language.MustParseBase("rn")
)

func init() {
	for i, lang := range Languages {
		printers[lang] = message.NewPrinter(tags[i])
	}
}

// Match picks the portal language for an Accept-Language header: en, fr, rw
// or sw, and Default when nothing matches. Malformed entries are skipped, not
// fatal. Kirundi (rn), close enough to Kinyarwanda to be read by its speakers,
// gets Kinyarwanda when the header names no portal language first.
func Match(acceptLanguage string) string {
	type entry struct {
		tag language.Tag
		q   float32
	}
	var entries []entry
	if len(acceptLanguage) > 1024 {
		acceptLanguage = acceptLanguage[:1024]
	}
	for part := range strings.SplitSeq(acceptLanguage, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		ts, qs, err := language.ParseAcceptLanguage(part)
		if err != nil || len(ts) == 0 {
			continue
		}
		entries = append(entries, entry{ts[0], qs[0]})
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return cmp.Compare(b.q, a.q) })
	for _, e := range entries {
		if e.q <= 0 {
			continue
		}
		if base, _ := e.tag.Base(); base == kirundi {
			return "rw"
		}
		_, i, conf := matcher.Match(e.tag)
		if conf != language.No {
			return Languages[i]
		}
	}
	return Default
}

// FormatInt formats n with the digit grouping of lang (CLDR through
// golang.org/x/text): 1,234 in English and Swahili, 1 234 in French (with a
// no-break space), 1.234 in Kinyarwanda.
func FormatInt(lang string, n int) string {
	p, ok := printers[lang]
	if !ok {
		p = printers[Default]
	}
	if n > -1000 && n < 1000 {
		return strconv.Itoa(n) // no grouping needed; skip the printer
	}
	return p.Sprint(number.Decimal(n))
}

// months holds the month names per language. French month names are written
// in lower case; Swahili (Januari …) and Kinyarwanda (Mutarama …) use their
// standard names.
var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"rw": {"Mutarama", "Gashyantare", "Werurwe", "Mata", "Gicurasi", "Kamena", "Nyakanga", "Kanama", "Nzeri", "Ukwakira", "Ugushyingo", "Ukuboza"},
	"sw": {"Januari", "Februari", "Machi", "Aprili", "Mei", "Juni", "Julai", "Agosti", "Septemba", "Oktoba", "Novemba", "Desemba"},
}

// MonthName returns the name of month m (1-12) in lang.
func MonthName(lang string, m int) string {
	names, ok := months[lang]
	if !ok {
		names = months[Default]
	}
	if m < 1 || m > 12 {
		return ""
	}
	return names[m-1]
}

// FormatDate formats a date known to the day, the month or the year, in the
// order day month year used by all four languages: "30 June 2025",
// "1er juin 2025", "30 Kamena 2025", "30 Juni 2025"; "June 2025"; "2025".
// The zero (unknown) date gives "".
func FormatDate(lang string, d registry.Date) string {
	if !slices.Contains(Languages, lang) {
		lang = Default
	}
	ymd := d.First()
	y, m, day := int(ymd/10000), int(ymd/100%100), int(ymd%100)
	switch d.Precision() {
	case registry.PrecisionNone:
		return ""
	case registry.PrecisionYear:
		return strconv.Itoa(y)
	case registry.PrecisionMonth:
		return MonthName(lang, m) + " " + strconv.Itoa(y)
	}
	ds := strconv.Itoa(day)
	if lang == "fr" && day == 1 {
		ds = "1er"
	}
	return ds + " " + MonthName(lang, m) + " " + strconv.Itoa(y)
}
