package web

import (
	"html/template"
	"net/url"
	"strings"

	"github.com/chancery-org/chancery/internal/i18n"
	"github.com/chancery-org/chancery/internal/registry"
)

// Page is what every template receives: the page's language, date and place
// in the site, with helpers that translate and format for that language.
type Page struct {
	Lang    string
	Title   string
	Nav     navItem
	AsOf    registry.Date // the date shown
	AsOfSet bool          // the reader asked for that date
	Home    string        // the home state's name in Lang
	Status  int           // an error page's status; 0 for a page
	// Synthetic says the registry holds invented data (chancery demo world).
	Synthetic bool
	// Path is the request path after the language ("/missions"), and Query
	// the page's canonical query, so that the language switcher keeps both.
	Path       string
	Query      string
	Alternates []Alternate
	Data       any

	cat *i18n.Catalog
	reg *registry.Registry
	css map[string]string // static file name -> versioned URL
}

// Alternate is the same page in another language.
type Alternate struct {
	Lang    string
	Name    string // the language's own name
	Href    string
	Current bool
}

func (s *Server) newPage(lang string, reg *registry.Registry, asOf registry.Date, asOfSet bool, nav navItem, title, path, query string) *Page {
	p := &Page{
		Lang: lang, Title: title, Nav: nav, AsOf: asOf, AsOfSet: asOfSet,
		cat: s.cat, reg: reg, Query: query,
	}
	if _, rest, ok := strings.Cut(strings.TrimPrefix(path, "/"), "/"); ok {
		p.Path = "/" + rest
	} else {
		p.Path = "/"
	}
	if reg != nil {
		p.Synthetic = reg.Synthetic()
		p.Home = s.cat.CountryName(lang, reg.Country(reg.Home()))
		if p.Home == "" {
			p.Home = reg.Home()
		}
	}
	for _, l := range i18n.Languages {
		href := "/" + l + p.Path
		if query != "" {
			href += "?" + query
		}
		p.Alternates = append(p.Alternates, Alternate{Lang: l, Name: i18n.Endonym(l), Href: href, Current: l == lang})
	}
	p.css = map[string]string{}
	for name, f := range s.static {
		p.css[name] = "/static/" + name + "?v=" + f.version
	}
	return p
}

// Static returns the versioned URL of a static file.
func (p *Page) Static(name string) string { return p.css[name] }

// DefaultHref is the English page, for hreflang="x-default".
func (p *Page) DefaultHref() string { return p.Alternates[0].Href }

// T translates key into the page's language; args are name/value pairs.
func (p *Page) T(key string, args ...any) string { return p.cat.T(p.Lang, key, args...) }

// H is T for messages that hold markup in their arguments: the message text
// and plain arguments are escaped, template.HTML arguments are kept.
func (p *Page) H(key string, args ...any) template.HTML {
	conv := make([]any, len(args))
	for i, a := range args {
		if h, ok := a.(template.HTML); ok {
			conv[i] = i18n.Raw(h)
		} else {
			conv[i] = a
		}
	}
	return template.HTML(i18n.Expand(p.Lang, p.cat.Message(p.Lang, key), template.HTMLEscapeString, conv...))
}

// Num formats a number for the page's language.
func (p *Page) Num(n int) string { return i18n.FormatInt(p.Lang, n) }

// Date formats a date as a <time> element; an unknown date gives "".
func (p *Page) Date(d registry.Date) template.HTML {
	if d.IsZero() {
		return ""
	}
	return template.HTML(`<time datetime="` + d.String() + `">` +
		template.HTMLEscapeString(i18n.FormatDate(p.Lang, d)) + `</time>`)
}

// DateText formats a date as plain text.
func (p *Page) DateText(d registry.Date) string { return i18n.FormatDate(p.Lang, d) }

// URL returns the address of a portal page in the page's language, keeping
// the date the reader asked for. kv are further query parameters (name, value).
func (p *Page) URL(path string, kv ...string) string {
	v := url.Values{}
	if p.AsOfSet {
		v.Set("as_of", p.AsOf.String())
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	u := "/" + p.Lang + path
	if q := v.Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// TodayURL is this page without as_of.
func (p *Page) TodayURL() string {
	v, _ := url.ParseQuery(p.Query)
	v.Del("as_of")
	u := "/" + p.Lang + p.Path
	if q := v.Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// Country returns the country's name in the page's language.
func (p *Page) Country(iso2 string) string {
	if c := p.reg.Country(iso2); c != nil {
		return p.cat.CountryName(p.Lang, c)
	}
	return iso2
}

// Party returns the name of a state or organisation in the page's language.
func (p *Page) Party(party registry.Party) string {
	if party.Type == registry.PartyState {
		return p.Country(party.Code)
	}
	return p.reg.PartyName(party, p.Lang)
}

// PartyLink links a state to its country page; an organisation's name is
// returned as text.
func (p *Page) PartyLink(party registry.Party) template.HTML {
	if party.Type == registry.PartyState && p.reg.Country(party.Code) != nil {
		return p.CountryLink(party.Code)
	}
	return template.HTML(template.HTMLEscapeString(p.Party(party)))
}

// CountryLink links to a country's page.
func (p *Page) CountryLink(iso2 string) template.HTML {
	return link(p.URL("/countries/"+iso2), p.Country(iso2))
}

// MissionName is the mission's short name for the page's language: the
// recorded name in English, else its kind and sender ("Ambassade (Suède)");
// lists and sentences give its city beside it.
func (p *Page) MissionName(m *registry.Mission) string {
	if m == nil {
		return ""
	}
	if p.Lang == "en" && m.Name != "" {
		return m.Name
	}
	return p.T("mission.name", "kind", p.T("kind."+string(m.Kind)), "sender", p.Party(m.Sender))
}

// MissionLink links to a mission's page.
func (p *Page) MissionLink(m *registry.Mission) template.HTML {
	if m == nil {
		return ""
	}
	return link(p.URL("/missions/"+m.ID), p.MissionName(m))
}

// MissionLinkCity links to a mission's page and adds its city when the name
// does not hold it, so that two missions of one sender stay apart.
func (p *Page) MissionLinkCity(m *registry.Mission) template.HTML {
	l := p.MissionLink(m)
	if m == nil || m.City == "" || strings.Contains(p.MissionName(m), m.City) {
		return l
	}
	return l + template.HTML(", "+template.HTMLEscapeString(m.City))
}

// MissionByID returns the mission with the given id, or nil.
func (p *Page) MissionByID(id string) *registry.Mission { return p.reg.Mission(id) }

// Person returns a person's name, or "" when unknown.
func (p *Page) Person(id string) string {
	if pr := p.reg.Person(id); pr != nil {
		return pr.Name
	}
	return ""
}

// Place is "city, country" in the page's language.
func (p *Page) Place(city, iso2 string) string {
	if city == "" {
		return p.Country(iso2)
	}
	return city + ", " + p.Country(iso2)
}

// Sources renders a record's source field: references separated by " ; ",
// web addresses as links.
func (p *Page) Sources(src string) template.HTML {
	var b strings.Builder
	n := 0
	for part := range strings.SplitSeq(src, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if n > 0 {
			b.WriteString("</li><li>")
		}
		n++
		b.WriteString(string(linkify(part)))
	}
	if n == 0 {
		return ""
	}
	return template.HTML(`<ul class="sources"><li>` + b.String() + `</li></ul>`)
}

// Linkify escapes text and turns the web addresses in it into links.
func (p *Page) Linkify(text string) template.HTML { return linkify(text) }

func linkify(text string) template.HTML {
	var b strings.Builder
	for text != "" {
		i := strings.Index(text, "http://")
		if j := strings.Index(text, "https://"); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 {
			b.WriteString(template.HTMLEscapeString(text))
			break
		}
		b.WriteString(template.HTMLEscapeString(text[:i]))
		end := strings.IndexAny(text[i:], " \t\n<>\"")
		if end < 0 {
			end = len(text) - i
		}
		u := strings.TrimRight(text[i:i+end], ".,;:)")
		if _, err := url.Parse(u); err != nil {
			b.WriteString(template.HTMLEscapeString(u))
		} else {
			b.WriteString(string(link(u, u)))
		}
		text = text[i+len(u):]
	}
	return template.HTML(b.String())
}

// link returns <a href="href">text</a>, both escaped.
func link(href, text string) template.HTML {
	return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `">` + template.HTMLEscapeString(text) + `</a>`)
}

// WebLink links a website given in the data, adding https:// when the
// scheme is missing; anything but http(s) is shown as text.
func (p *Page) WebLink(site string) template.HTML {
	u := site
	if !strings.Contains(u, "://") {
		u = "https://" + u
	}
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return template.HTML(template.HTMLEscapeString(site))
	}
	return link(pu.String(), site)
}

// Mailto links an e-mail address.
func (p *Page) Mailto(addr string) template.HTML {
	if strings.ContainsAny(addr, " <>\"") || !strings.Contains(addr, "@") {
		return template.HTML(template.HTMLEscapeString(addr))
	}
	return link("mailto:"+addr, addr)
}

// Tel links a phone number.
func (p *Page) Tel(num string) template.HTML {
	clean := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '+' {
			return r
		}
		return -1
	}, num)
	if len(clean) < 4 {
		return template.HTML(template.HTMLEscapeString(num))
	}
	return link("tel:"+clean, num)
}

// ConsularContact is the ministry's consular service, with its web address
// as a link.
func (p *Page) ConsularContact() template.HTML {
	return linkify(p.reg.Settings().ConsularContact)
}

// IsState reports whether a party is a state.
func (p *Page) IsState(party registry.Party) bool { return party.Type == registry.PartyState }

// Abs returns the absolute value of n.
func (p *Page) Abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// ctx pairs the page with a value, for partial templates.
type ctx struct {
	P *Page
	V any
}

// With passes v to a partial template along with the page.
func (p *Page) With(v any) ctx { return ctx{P: p, V: v} }

// HeadTitle is the title of a head of mission: a chargé d'affaires a.i. is
// named as such whatever the title of the post.
func (p *Page) HeadTitle(a *registry.Appointment) string {
	switch {
	case a.Role == registry.ChargeDAffairesAI:
		return p.T("title.charge_d_affaires_ai")
	case a.Role == registry.ChargeDAffairesEnPied:
		return p.T("title.charge_d_affaires")
	case a.Title == "":
		return p.T("title.head_of_mission")
	}
	return p.T("title." + string(a.Title))
}

// Link links to a portal page in the page's language, keeping as_of.
func (p *Page) Link(path, text string) template.HTML { return link(p.URL(path), text) }

// ApptStart is the date an appointment took effect, as far as it is known.
func (p *Page) ApptStart(a *registry.Appointment) registry.Date { return apptStart(a) }

// Known returns the date when it is known and nil otherwise, for
// {{with $p.Known .Date}}: a Date is a struct, which templates always treat
// as present.
func (p *Page) Known(d registry.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}
