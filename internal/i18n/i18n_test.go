package i18n

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chancery-org/chancery/internal/registry"
)

func mustLoad(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// minCoverage is the share of keys each language must translate itself;
// the rest falls back to English.
var minCoverage = map[string]float64{"en": 1, "fr": 1, "rw": 0.9, "sw": 0.9}

// TestCompleteness lists the keys each language lacks, and fails when English
// or French lacks any, or Kinyarwanda or Swahili cover less than 90%.
func TestCompleteness(t *testing.T) {
	c := mustLoad(t)
	total := len(c.Keys())
	if total < 100 {
		t.Fatalf("only %d keys in en.json", total)
	}
	for _, lang := range Languages {
		missing := c.Missing(lang)
		share := float64(total-len(missing)) / float64(total)
		t.Logf("%s: %d of %d keys (%.1f%%); missing, shown in English: %s",
			lang, total-len(missing), total, 100*share, strings.Join(missing, ", "))
		if share < minCoverage[lang] {
			t.Errorf("%s covers %.1f%% of the keys, want at least %.0f%%; missing: %s",
				lang, 100*share, 100*minCoverage[lang], strings.Join(missing, ", "))
		}
	}
}

// TestPlaceholders checks that every translation uses exactly the
// placeholders of the English message.
func TestPlaceholders(t *testing.T) {
	c := mustLoad(t)
	for _, key := range c.Keys() {
		want := Placeholders(c.msgs["en"][key])
		for _, lang := range Languages[1:] {
			msg, ok := c.msgs[lang][key]
			if !ok {
				continue
			}
			if got := Placeholders(msg); !slices.Equal(got, want) {
				t.Errorf("%s %s: placeholders %v, English has %v\n  %s", lang, key, got, want, msg)
			}
		}
	}
}

// TestMessagesAreClean catches blank, padded or half-edited messages.
func TestMessagesAreClean(t *testing.T) {
	c := mustLoad(t)
	for _, lang := range Languages {
		for key, msg := range c.msgs[lang] {
			switch {
			case strings.TrimSpace(msg) != msg:
				t.Errorf("%s %s: leading or trailing space: %q", lang, key, msg)
			case strings.Contains(msg, "MISSING") || strings.Contains(msg, "TODO"):
				t.Errorf("%s %s: placeholder text: %q", lang, key, msg)
			case strings.Count(msg, "{") != strings.Count(msg, "}"):
				t.Errorf("%s %s: unbalanced braces: %q", lang, key, msg)
			}
		}
	}
}

func TestLoadRejectsBadCatalogues(t *testing.T) {
	good := `{"a": "A {x}"}`
	names := `{}`
	for name, files := range map[string]map[string]string{
		"blank message":   {"en": good, "fr": `{"a": " "}`, "rw": `{}`, "sw": `{}`},
		"key not in en":   {"en": good, "fr": `{"b": "B"}`, "rw": `{}`, "sw": `{}`},
		"bad json":        {"en": `{`, "fr": `{}`, "rw": `{}`, "sw": `{}`},
		"key twice":       {"en": good, "topic/en": `{"a": "A again"}`, "fr": `{}`, "rw": `{}`, "sw": `{}`},
		"topic not in en": {"en": good, "fr": `{}`, "topic/fr": `{"c": "C"}`, "rw": `{}`, "sw": `{}`},
		"topic bad json":  {"en": good, "topic/en": `{`, "fr": `{}`, "rw": `{}`, "sw": `{}`},
	} {
		fsys := fstest.MapFS{"locales/countries.rw.json": {Data: []byte(names)}}
		for lang, body := range files {
			fsys["locales/"+lang+".json"] = &fstest.MapFile{Data: []byte(body)}
		}
		if _, err := load(fsys); err == nil {
			t.Errorf("%s: loaded without error", name)
		}
	}
}

// TestLoadMergesTopics: a topic's catalogue (locales/<topic>/<lang>.json)
// adds its keys to the language's.
func TestLoadMergesTopics(t *testing.T) {
	fsys := fstest.MapFS{"locales/countries.rw.json": {Data: []byte(`{}`)}}
	for lang, body := range map[string]string{"en": `{"a": "A"}`, "topic/en": `{"b": "B"}`, "fr": `{}`,
		"topic/fr": `{"b": "Bé"}`, "rw": `{}`, "sw": `{}`} {
		fsys["locales/"+lang+".json"] = &fstest.MapFile{Data: []byte(body)}
	}
	c, err := load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T("fr", "b"); got != "Bé" {
		t.Errorf("fr b = %q, want Bé", got)
	}
	if got := c.T("sw", "b"); got != "B" {
		t.Errorf("sw b = %q, want the English B", got)
	}
}

func TestT(t *testing.T) {
	c := mustLoad(t)
	tests := []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"en", "nav.home", nil, "Home"},
		{"fr", "nav.home", nil, "Accueil"},
		{"rw", "nav.home", nil, "Ahabanza"},
		{"sw", "nav.home", nil, "Mwanzo"},
		{"xx", "nav.home", nil, "Home"},           // unknown language: English
		{"en", "no.such.key", nil, "no.such.key"}, // unknown key: the key, so tests see it
		{"sw", "title.minister", nil, "Minister"}, // missing in sw: English, never blank
		{"en", "missions.count", []any{"n", 1234}, "Missions listed: 1,234"},
		{"fr", "missions.count", []any{"n", 1234}, "Missions affichées : 1\u00a0234"},
		{"en", "fig.declared", []any{"value", "49", "date", registry.MustDate("2025")}, "The ministry published 49 (2025)."},
		{"en", "error.bad_date", nil, "“{value}” is not a date. Write the date as year-month-day, for example 2025-06-30."},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestExpandEscapes(t *testing.T) {
	esc := func(s string) string { return strings.ReplaceAll(s, "<", "&lt;") }
	got := Expand("en", "<b>{a}</b> {b} {c", esc, "a", "<i>", "b", Raw("<em>x</em>"))
	want := "&lt;b>&lt;i>&lt;/b> <em>x</em> {c"
	if got != want {
		t.Errorf("Expand = %q, want %q", got, want)
	}
}

func TestMatch(t *testing.T) {
	tests := map[string]string{
		"":                            "en",
		"fr":                          "fr",
		"fr-CA,fr;q=0.9,en;q=0.8":     "fr",
		"rw-RW,fr;q=0.8":              "rw",
		"sw-KE":                       "sw",
		"sw-TZ;q=0.9, en;q=0.5":       "sw",
		"de-DE,de;q=0.9":              "en",
		"de,fr;q=0.5":                 "fr",
		"en-GB":                       "en",
		"rn":                          "rw", // Kirundi readers get Kinyarwanda
		"zz-ZZ,sw;q=0.1":              "sw",
		"xx;;garbage, ,fr;q=0.3":      "fr",
		"fr;q=0, sw":                  "sw",
		"*":                           "en",
		strings.Repeat("fr-FR,", 999): "fr",
	}
	for header, want := range tests {
		if got := Match(header); got != want {
			t.Errorf("Match(%.40q) = %q, want %q", header, got, want)
		}
	}
}

func TestFormatInt(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 7, "7"},
		{"en", 1234567, "1,234,567"},
		{"fr", 1234567, "1\u00a0234\u00a0567"},
		{"rw", 1234567, "1.234.567"},
		{"sw", 1234567, "1,234,567"},
		{"xx", 1234, "1,234"},
		{"fr", -42, "-42"},
	}
	for _, tt := range tests {
		if got := FormatInt(tt.lang, tt.n); got != tt.want {
			t.Errorf("FormatInt(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		lang, date, want string
	}{
		{"en", "2025-06-30", "30 June 2025"},
		{"fr", "2025-06-30", "30 juin 2025"},
		{"fr", "2025-06-01", "1er juin 2025"},
		{"rw", "2025-06-30", "30 Kamena 2025"},
		{"sw", "2025-06-30", "30 Juni 2025"},
		{"en", "2025-03", "March 2025"},
		{"fr", "2025-08", "août 2025"},
		{"rw", "2025-01", "Mutarama 2025"},
		{"sw", "2025-12", "Desemba 2025"},
		{"en", "2025", "2025"},
		{"sw", "", ""},
		{"xx", "2025-02-03", "3 February 2025"},
	}
	for _, tt := range tests {
		if got := FormatDate(tt.lang, registry.MustDate(tt.date)); got != tt.want {
			t.Errorf("FormatDate(%s, %q) = %q, want %q", tt.lang, tt.date, got, tt.want)
		}
	}
}

func TestCountryName(t *testing.T) {
	c := mustLoad(t)
	ke := &registry.Country{ISO2: "KE", Names: registry.Names{EN: "Kenya", FR: "Kenya", RW: "Kenya", SW: "Kenya"}}
	sd := &registry.Country{ISO2: "SD", Names: registry.Names{EN: "Sudan", FR: "Soudan", SW: "Sudan"}}
	xk := &registry.Country{ISO2: "XK", Names: registry.Names{EN: "Kosovo"}}
	for _, tt := range []struct {
		lang string
		c    *registry.Country
		want string
	}{
		{"rw", ke, "Kenya"},
		{"rw", sd, "Sudani"}, // our draft
		{"fr", sd, "Soudan"},
		{"sw", xk, "Kosovo"}, // fallback to English
		{"rw", nil, ""},
	} {
		if got := c.CountryName(tt.lang, tt.c); got != tt.want {
			t.Errorf("CountryName(%s, %v) = %q, want %q", tt.lang, tt.c, got, tt.want)
		}
	}
	for _, iso := range c.CountryDrafts() {
		if len(iso) != 2 || strings.ToUpper(iso) != iso {
			t.Errorf("countries.rw.json: %q is not an ISO 3166-1 alpha-2 code", iso)
		}
	}
}

func TestEndonyms(t *testing.T) {
	for _, l := range Languages {
		if Endonym(l) == "" || !Supported(l) {
			t.Errorf("%s: no endonym or not supported", l)
		}
	}
	if Supported("de") || Supported("") {
		t.Error("unsupported language reported as supported")
	}
}

// TestReadmeListsEveryDraft checks that locales/README.md records the status
// of every Kinyarwanda and Swahili message and every draft country name, so
// that the reviewers' list is complete.
func TestReadmeListsEveryDraft(t *testing.T) {
	c := mustLoad(t)
	b, err := os.ReadFile("locales/README.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]map[string]string{} // section -> key -> status
	var cur string
	for line := range strings.SplitSeq(string(b), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			cur, _, _ = strings.Cut(h, ":")
			sections[cur] = map[string]string{}
			continue
		}
		cells := strings.Split(line, "|")
		if cur == "" || len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		sections[cur][strings.Trim(strings.TrimSpace(cells[1]), "`")] = strings.TrimSpace(cells[2])
	}
	for _, lang := range []string{"rw", "sw"} {
		listed := sections[lang]
		for key := range c.msgs[lang] {
			switch st, ok := listed[key]; {
			case !ok:
				t.Errorf("README.md: %s key %s has no status", lang, key)
			case st != "attested" && st != "term" && st != "draft":
				t.Errorf("README.md: %s key %s has status %q", lang, key, st)
			}
		}
		for key := range listed {
			if !c.Has(lang, key) {
				t.Errorf("README.md lists %s key %s, which %s.json lacks", lang, key, lang)
			}
		}
	}
	for _, iso := range c.CountryDrafts() {
		if _, ok := sections["countries.rw.json"][iso]; !ok {
			t.Errorf("README.md does not list the draft name of %s", iso)
		}
	}
}
