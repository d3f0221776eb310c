package web

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/chancery-org/chancery/internal/registry"
)

// ligatures are letters that do not decompose into a base letter and marks.
var ligatures = strings.NewReplacer("œ", "oe", "æ", "ae", "ß", "ss", "ø", "o", "ł", "l", "đ", "d", "ı", "i")

// fold reduces a name or a query to what the finder compares: lower case,
// without accents, with punctuation (hyphens, apostrophes, dots, commas,
// brackets) read as spaces and runs of spaces collapsed. "ÉTATS-UNIS" and
// "etats unis" fold alike.
func fold(s string) string {
	out := s
	if !isASCII(s) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		var err error
		if out, _, err = transform.String(t, s); err != nil {
			out = s
		}
	}
	out = ligatures.Replace(strings.ToLower(out))
	var b strings.Builder
	space := true
	for _, r := range out {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// sortByName sorts xs by the folded names name gives, keeping the order of
// equal names (the registry's order, by id). Each name is folded once.
func sortByName[T any](xs []T, name func(T) string) {
	type keyed struct {
		key string
		v   T
	}
	ks := make([]keyed, len(xs))
	for i, x := range xs {
		ks[i] = keyed{fold(name(x)), x}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	for i := range ks {
		xs[i] = ks[i].v
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// searchIndex holds every country's folded names for one snapshot and language.
type searchIndex struct {
	countries []indexed
}

type indexed struct {
	c     *registry.Country
	names []string // folded: the name in the language, in English, the ISO codes
}

// searchIndexCache keeps the index of the latest snapshot, per language.
type searchIndexCache struct {
	mu  sync.Mutex
	reg *registry.Registry
	idx map[string]*searchIndex
}

func (s *Server) searchIndex(reg *registry.Registry, lang string) *searchIndex {
	c := &s.search
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reg != reg {
		c.reg, c.idx = reg, map[string]*searchIndex{}
	}
	if idx := c.idx[lang]; idx != nil {
		return idx
	}
	idx := &searchIndex{}
	ds := reg.Dataset()
	for i := range ds.Countries {
		country := &ds.Countries[i]
		names := []string{fold(s.cat.CountryName(lang, country))}
		if en := fold(country.Names.EN); en != names[0] {
			names = append(names, en)
		}
		idx.countries = append(idx.countries, indexed{c: country, names: names})
	}
	c.idx[lang] = idx
	return idx
}

// find returns the countries whose name in the page's language or in English
// contains the query, accents and case ignored. A name or ISO code equal to
// the query is an exact answer and is returned alone, so that "Niger" finds
// Niger rather than Niger and Nigeria; so is the only name that begins with
// the query, so that "États-Unis" finds the United States rather than also
// the United States Virgin Islands.
func (idx *searchIndex) find(query string) []*registry.Country {
	q := fold(query)
	if q == "" {
		return nil
	}
	query = strings.TrimSpace(query)
	var exact, prefix, partial []*registry.Country
	for _, e := range idx.countries {
		if strings.EqualFold(query, e.c.ISO2) || strings.EqualFold(query, e.c.ISO3) {
			exact = append(exact, e.c)
			continue
		}
		best := 0 // 3 exact, 2 prefix, 1 contains
		for _, n := range e.names {
			switch {
			case n == q:
				best = max(best, 3)
			case strings.HasPrefix(n, q):
				best = max(best, 2)
			case strings.Contains(n, q):
				best = max(best, 1)
			}
		}
		switch best {
		case 3:
			exact = append(exact, e.c)
		case 2:
			prefix = append(prefix, e.c)
			partial = append(partial, e.c)
		case 1:
			partial = append(partial, e.c)
		}
	}
	switch {
	case len(exact) > 0:
		return exact
	case len(prefix) == 1:
		return prefix
	}
	return partial
}
