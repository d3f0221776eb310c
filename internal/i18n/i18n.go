// Package i18n holds the portal's message catalogues in English, French,
// Kinyarwanda and Swahili, picks a language from an Accept-Language header,
// and formats numbers and dates per language.
//
// The catalogues are flat JSON objects (key -> message) embedded from
// locales/. A message may hold placeholders such as {name}, filled from
// name/value argument pairs. A language that lacks a key falls back to the
// English message for that key alone, so a page is never blank; a key English
// lacks is shown as the key itself, so that tests catch it.
//
// We keep our own catalogues instead of go-i18n because go-i18n refuses
// Kinyarwanda (CLDR has no plural rules for rw); golang.org/x/text does the
// language matching and the number formatting.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
)

// Languages are the portal's languages, English first (the fallback).
var Languages = []string{"en", "fr", "rw", "sw"}

// Default is the language used when nothing better matches.
const Default = "en"

// endonyms name each language in itself, for the language switcher.
var endonyms = map[string]string{
	"en": "English",
	"fr": "Français",
	"rw": "Ikinyarwanda",
	"sw": "Kiswahili",
}

// Endonym returns the language's name in that language ("Français").
func Endonym(lang string) string { return endonyms[lang] }

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return slices.Contains(Languages, lang) }

//go:embed locales/*.json locales/*/*.json
var localeFS embed.FS

// Catalog holds the messages of every language.
type Catalog struct {
	msgs map[string]map[string]string // lang -> key -> message
	keys []string                     // the English keys, sorted
	// countryRW holds Kinyarwanda country names written by us (unattested
	// drafts) for countries whose attested name is not in the data set.
	countryRW map[string]string
}

// Load reads the embedded catalogues.
func Load() (*Catalog, error) { return load(localeFS) }

func load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	for _, lang := range Languages {
		m, err := readJSON(fsys, "locales/"+lang+".json")
		if err != nil {
			return nil, err
		}
		// A topic's messages may live in their own directory,
		// locales/<topic>/<lang>.json; a key is defined once.
		topics, err := fs.Glob(fsys, "locales/*/"+lang+".json")
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		for _, name := range topics {
			more, err := readJSON(fsys, name)
			if err != nil {
				return nil, err
			}
			for k, v := range more {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("i18n: %s: key %q is defined twice", name, k)
				}
				m[k] = v
			}
		}
		for k, v := range m {
			if strings.TrimSpace(v) == "" {
				return nil, fmt.Errorf("i18n: locales/%s.json: %q is blank; omit the key to fall back to English", lang, k)
			}
		}
		c.msgs[lang] = m
	}
	for k := range c.msgs["en"] {
		c.keys = append(c.keys, k)
	}
	slices.Sort(c.keys)
	for _, lang := range Languages[1:] {
		for k := range c.msgs[lang] {
			if _, ok := c.msgs["en"][k]; !ok {
				return nil, fmt.Errorf("i18n: locales/%s.json: key %q is not in en.json", lang, k)
			}
		}
	}
	names, err := readJSON(fsys, "locales/countries.rw.json")
	if err != nil {
		return nil, err
	}
	c.countryRW = names
	return c, nil
}

func readJSON(fsys fs.FS, name string) (map[string]string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("i18n: %s: %w", name, err)
	}
	return m, nil
}

// Keys returns every message key (those of the English catalogue), sorted.
func (c *Catalog) Keys() []string { return slices.Clone(c.keys) }

// Has reports whether lang has its own message for key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// Missing lists the keys lang lacks (and so shows in English), sorted.
func (c *Catalog) Missing(lang string) []string {
	var out []string
	for _, k := range c.keys {
		if !c.Has(lang, k) {
			out = append(out, k)
		}
	}
	return out
}

// Message returns the raw message for key in lang, falling back to English,
// then to the key itself.
func (c *Catalog) Message(lang, key string) string {
	if m, ok := c.msgs[lang][key]; ok {
		return m
	}
	if m, ok := c.msgs["en"][key]; ok {
		return m
	}
	return key
}

// T returns the message for key in lang with its placeholders filled from
// args, given as name/value pairs: T("fr", "finder.covered", "mission", m, "city", c).
// Values are formatted for lang: ints as numbers, registry.Dates as dates.
func (c *Catalog) T(lang, key string, args ...any) string {
	return Expand(lang, c.Message(lang, key), nil, args...)
}

// Raw is an argument that Expand inserts unchanged, not passed through the
// escape function (for example a link already escaped for HTML).
type Raw string

// Expand fills the placeholders of msg from args (name/value pairs). When esc
// is not nil, it is applied to the literal text of msg and to every value
// except those of type Raw. A placeholder without a value is left as it is.
func Expand(lang, msg string, esc func(string) string, args ...any) string {
	if esc == nil {
		esc = func(s string) string { return s }
	}
	if !strings.Contains(msg, "{") {
		return esc(msg)
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(msg[i:], '}')
		if j < 0 {
			break
		}
		name := msg[i+1 : i+j]
		if !isName(name) {
			b.WriteString(esc(msg[:i+1]))
			msg = msg[i+1:]
			continue
		}
		b.WriteString(esc(msg[:i]))
		if v, ok := lookup(args, name); ok {
			if r, ok := v.(Raw); ok {
				b.WriteString(string(r))
			} else {
				b.WriteString(esc(Format(lang, v)))
			}
		} else {
			b.WriteString(esc(msg[i : i+j+1]))
		}
		msg = msg[i+j+1:]
	}
	b.WriteString(esc(msg))
	return b.String()
}

func lookup(args []any, name string) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == name {
			return args[i+1], true
		}
	}
	return nil, false
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Placeholders returns the names of the placeholders in msg, sorted and
// without repeats.
func Placeholders(msg string) []string {
	var out []string
	for {
		i := strings.IndexByte(msg, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(msg[i:], '}')
		if j < 0 {
			break
		}
		if name := msg[i+1 : i+j]; isName(name) {
			out = append(out, name)
			msg = msg[i+j+1:]
		} else {
			msg = msg[i+1:]
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Format formats a value for lang: ints as numbers, dates as dates, other
// values with fmt.
func Format(lang string, v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return FormatInt(lang, x)
	case int64:
		return FormatInt(lang, int(x))
	case registry.Date:
		return FormatDate(lang, x)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// CountryName returns the country's name in lang. Kinyarwanda names come
// from the data set (attested) or, failing that, from our unattested drafts;
// any other missing name falls back to English.
func (c *Catalog) CountryName(lang string, country *registry.Country) string {
	if country == nil {
		return ""
	}
	if lang == "rw" && country.Names.RW == "" {
		if n, ok := c.countryRW[country.ISO2]; ok {
			return n
		}
	}
	return country.Names.In(lang)
}

// CountryDrafts returns the ISO codes that have an unattested Kinyarwanda
// draft name, sorted.
func (c *Catalog) CountryDrafts() []string {
	var out []string
	for k := range c.countryRW {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
