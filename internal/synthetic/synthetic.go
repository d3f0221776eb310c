// Package synthetic builds deterministic, world-scale registry data sets for
// benchmarks and load tests: every state of a list of countries runs a network
// of missions, accredited to its hosts and to neighbouring states, and the home
// state receives heads of mission, appoints honorary consuls and belongs to a
// few organisations. The records pass registry.Validate; their names, cities
// and people are invented.
//
// The same countries and Options always give the same Dataset (math/rand/v2
// PCG seeded with Options.Seed). The package uses the standard library only.
package synthetic

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
)

// Options shape the synthetic world. The zero value gives the defaults.
type Options struct {
	// Home is the ISO code of the home state, the deployment's own state; it
	// should be one of the countries. Default "RW", or the first country when
	// RW is not in the list.
	Home string
	// Seed seeds the random generator; each seed gives another world.
	Seed uint64
	// MissionsPerState is the average number of missions of each state
	// (default 60; each state gets 75% to 125% of it), capped by the number of
	// other countries. Each mission is in a different country.
	MissionsPerState int
	// AccreditationsPerMission is the average number of accreditations of a
	// mission, the resident one included (default 3). The non-resident ones go
	// to embassies and high commissions, preferably to neighbours.
	AccreditationsPerMission int
	// Organisations is the number of synthetic organisations (default 6). Some
	// states keep a permanent mission at their headquarters, and the home state
	// belongs to them.
	Organisations int
	// HonoraryConsuls is the number of honorary consuls of the home state
	// (default 40), spread over HonoraryConsulCountries countries (default 20).
	HonoraryConsuls         int
	HonoraryConsulCountries int
}

// Source is the source recorded on every synthetic record, and Note its
// note: the data is invented and must never be taken for real.
const (
	Source = registry.SyntheticSource
	Note   = "Synthetic record, invented for scale tests and demonstrations (chancery demo world): not real data."
)

// Dates run from the epoch to the last day (the latest date generated).
var (
	epoch   = time.Date(1962, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay = dayNum(2026, time.June, 30)
)

// Rates, in percent.
const (
	pctPlanned        = 4  // missions planned, not open yet
	pctClosed         = 6  // missions closed
	pctConsulate      = 10 // bilateral posts that are consulates general
	pctPermanent      = 20 // chance, per organisation, that a state has a permanent mission there
	pctCommonwealth   = 25 // states that exchange high commissions among themselves
	pctPredecessor    = 50 // heads of mission with a recorded predecessor
	pctChargeAI       = 7  // posts to the home state held by a chargé d'affaires a.i.
	pctPending        = 5  // heads of mission yet to present credentials
	pctMinister       = 3  // heads of mission of class 2 (ministers)
	pctUnknownSeq     = 20 // credentials presented without the order in the ceremony
	pctMonthPrecision = 5  // credentials presented known only to the month
)

func (o Options) withDefaults(countries []registry.Country) Options {
	if o.Home == "" {
		o.Home = "RW"
		if !slices.ContainsFunc(countries, func(c registry.Country) bool { return c.ISO2 == "RW" }) && len(countries) > 0 {
			o.Home = countries[0].ISO2
		}
	}
	if o.MissionsPerState <= 0 {
		o.MissionsPerState = 60
	}
	if o.AccreditationsPerMission <= 0 {
		o.AccreditationsPerMission = 3
	}
	if o.Organisations <= 0 {
		o.Organisations = 6
	}
	if o.HonoraryConsuls <= 0 {
		o.HonoraryConsuls = 40
	}
	if o.HonoraryConsulCountries <= 0 {
		o.HonoraryConsulCountries = 20
	}
	return o
}

// span is what the generator remembers of a mission: its index in the
// countries, and the first and last day it was open (-1 when not applicable).
type span struct {
	sender, host int // host is -1 for a permanent mission
	open, close  int // day numbers; open is the last day of a partial opening date
}

type org struct {
	id string
	hq int
}

type gen struct {
	rng      *rand.Rand
	opt      Options
	ds       registry.Dataset
	c        []registry.Country
	home     int // index of the home state in c, or -1
	hc       []bool
	cities   [][2]string
	orgs     []org
	spans    []span // parallel to ds.Missions
	accOf    []int  // mission index of each accreditation
	homeAcc  []int  // per sender, its accreditation to the home state, or -1
	homePM   map[string]string
	people   int
	ceremony []int       // days the home state received credentials, ascending
	seqOnDay map[int]int // last order of presentation given on a ceremony day
}

// World returns a synthetic data set in which every one of countries sends
// missions. See Options for its shape. The countries are copied into the
// data set.
func World(countries []registry.Country, opt Options) registry.Dataset {
	opt = opt.withDefaults(countries)
	g := &gen{
		rng:      rand.New(rand.NewPCG(opt.Seed, 0x636861_6e636572)),
		opt:      opt,
		c:        countries,
		home:     -1,
		homePM:   map[string]string{},
		seqOnDay: map[int]int{},
	}
	n := len(countries)
	for i := range countries {
		if countries[i].ISO2 == opt.Home {
			g.home = i
		}
	}
	g.ds.Settings = registry.Settings{
		HomeState:       opt.Home,
		ConsularContact: "Ministry of Foreign Affairs (synthetic data): consular@ministry.example",
		// July, as the seed data set: its policy indicators are on fiscal
		// years from July to June.
		FiscalYearStart: time.July,
	}
	g.ds.Countries = slices.Clone(countries)

	perState := min(opt.MissionsPerState, max(n-1, 0))
	g.ds.Missions = make([]registry.Mission, 0, n*perState*21/20)
	g.spans = make([]span, 0, cap(g.ds.Missions))
	g.ds.Accreditations = make([]registry.Accreditation, 0, n*perState*opt.AccreditationsPerMission*21/20)
	g.accOf = make([]int, 0, cap(g.ds.Accreditations))
	g.homeAcc = make([]int, n)
	for i := range g.homeAcc {
		g.homeAcc[i] = -1
	}

	g.places()
	g.organisations()
	g.relations()
	for s := range countries {
		g.network(s)
	}
	if g.home >= 0 {
		g.ceremonies()
		g.heads()
		g.honoraryConsuls()
		g.memberships()
		g.declared()
	}
	return g.ds
}

// Countries returns n invented countries with codes AA, AB, … (at most 676),
// for worlds that need no real country list. They are spread over five
// regions of five subregions.
func Countries(n int) []registry.Country {
	n = min(n, 26*26)
	out := make([]registry.Country, n)
	for i := range out {
		a, b := byte('A'+i/26), byte('A'+i%26)
		region, sub := i%5, i%25
		out[i] = registry.Country{
			ISO2:          string([]byte{a, b}),
			ISO3:          string([]byte{a, b, 'X'}),
			Numeric:       fmt.Sprintf("%03d", i+1),
			Names:         registry.Names{EN: "Country " + string([]byte{a, b})},
			RegionCode:    fmt.Sprintf("%03d", 901+region),
			Region:        fmt.Sprintf("Region %d", region+1),
			SubregionCode: fmt.Sprintf("%03d", 911+sub),
			Subregion:     fmt.Sprintf("Subregion %d", sub+1),
			Meta:          meta(),
		}
	}
	return out
}

// --- dates ---

func dayNum(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(epoch).Hours() / 24)
}

// day returns the full date of day number n.
func day(n int) registry.Date { return registry.DateOf(epoch.AddDate(0, 0, n)) }

// ymd returns the day number of a yyyymmdd value as given by Date.First/Last.
func ymd(v int32) int { return dayNum(int(v/10000), time.Month(v/100%100), int(v%100)) }

// between returns a day in [lo, hi] (lo when hi < lo).
func (g *gen) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.rng.IntN(hi-lo+1)
}

// vague returns the date of day n, known only to its year or month for a few.
func (g *gen) vague(n int) registry.Date {
	d := day(n)
	switch x := g.rng.IntN(100); {
	case x < 8:
		return registry.MustDate(fmt.Sprintf("%04d", d.Year()))
	case x < 16:
		return registry.MustDate(d.String()[:7])
	}
	return d
}

func (g *gen) pct(p int) bool { return g.rng.IntN(100) < p }

func (g *gen) certainty() registry.Certainty {
	switch x := g.rng.IntN(100); {
	case x < 4:
		return registry.Likely
	case x < 6:
		return registry.Uncertain
	}
	return registry.Reported
}

func meta() registry.Meta { return registry.Meta{Source: Source, Note: Note} }

// --- places, organisations, relations ---

var syllables = []string{"ka", "lo", "mi", "sa", "ten", "ba", "ru", "vi", "no", "de", "gal", "mar", "ti", "zo", "pe", "an", "ko", "li", "ra", "su"}

func (g *gen) word(parts int) string {
	var b strings.Builder
	for i := range parts {
		s := syllables[g.rng.IntN(len(syllables))]
		if i == 0 {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
		b.WriteString(s)
	}
	return b.String()
}

// places invents two cities per country (a capital and a second city) and
// picks the states that exchange high commissions.
func (g *gen) places() {
	g.cities = make([][2]string, len(g.c))
	g.hc = make([]bool, len(g.c))
	for i := range g.c {
		g.cities[i] = [2]string{g.word(2 + g.rng.IntN(2)), g.word(2 + g.rng.IntN(2))}
		g.hc[i] = g.pct(pctCommonwealth)
	}
}

func (g *gen) organisations() {
	n := len(g.c)
	if n < 2 {
		return
	}
	for i := range g.opt.Organisations {
		hq := g.rng.IntN(n)
		for hq == g.home {
			hq = g.rng.IntN(n)
		}
		id := fmt.Sprintf("SYNO%d", i+1)
		g.orgs = append(g.orgs, org{id: id, hq: hq})
		g.ds.Organisations = append(g.ds.Organisations, registry.Organisation{
			ID: id, Acronym: id,
			Names:     registry.Names{EN: fmt.Sprintf("Synthetic Organisation %d", i+1)},
			Kind:      registry.OrgKinds[i%len(registry.OrgKinds)],
			HQCity:    g.cities[hq][0],
			HQCountry: g.c[hq].ISO2,
			Meta:      meta(),
		})
	}
}

// relations records when the home state established relations with each
// country; a few were severed and restored, and one in a hundred is suspended.
func (g *gen) relations() {
	if g.home < 0 {
		return
	}
	for i := range g.c {
		if i == g.home || g.pct(8) { // some relations have no recorded date
			continue
		}
		code := strings.ToLower(g.c[i].ISO2)
		est := g.between(0, dayNum(2010, 1, 1))
		add := func(k int, kind registry.RelationKind, d registry.Date) {
			g.ds.Relations = append(g.ds.Relations, registry.RelationEvent{
				ID: fmt.Sprintf("rel-%s-%d", code, k), Country: g.c[i].ISO2, Event: kind, Date: d,
				Certainty: g.certainty(), Meta: meta(),
			})
		}
		add(1, registry.Established, g.vague(est))
		switch x := g.rng.IntN(100); {
		case x < 3:
			sev := g.between(est+365, est+15*365)
			add(2, registry.Severed, day(sev))
			add(3, registry.Restored, day(g.between(sev+180, sev+8*365)))
		case x < 4:
			add(2, registry.Suspended, day(g.between(dayNum(2020, 1, 1), lastDay-60)))
		}
	}
}

// --- missions and accreditations ---

func (g *gen) network(s int) {
	n := len(g.c)
	if n < 2 {
		return
	}
	m := g.opt.MissionsPerState
	count := m
	if m >= 4 {
		count = m - m/4 + g.rng.IntN(m/2+1)
	}
	count = min(count, n-1)
	used := make([]bool, n)
	used[s] = true

	// Permanent missions at the organisations' headquarters.
	posts := 0
	for _, o := range g.orgs {
		if o.hq == s || used[o.hq] || posts >= max(count/4, 1) || !g.pct(pctPermanent) {
			continue
		}
		used[o.hq] = true
		posts++
		mi := g.mission(s, -1, registry.PermanentMission, o)
		g.accredit(mi, registry.OrgParty(o.id), registry.Resident)
	}

	// Bilateral posts, each in its own country, then the receivers of
	// non-resident accreditations among the countries left.
	order := g.rng.Perm(n)
	var carriers []int // embassies, high commissions, nunciatures
	k := 0
	for ; k < n && posts < count; k++ {
		h := order[k]
		if used[h] {
			continue
		}
		used[h] = true
		posts++
		kind := registry.Embassy
		switch {
		case g.c[s].ISO2 == "VA":
			kind = registry.ApostolicNunciature
		case g.pct(pctConsulate):
			kind = registry.ConsulateGeneral
		case g.hc[s] && g.hc[h]:
			kind = registry.HighCommission
		}
		mi := g.mission(s, h, kind, org{})
		g.accredit(mi, registry.StateParty(g.c[h].ISO2), registry.Resident)
		if kind != registry.ConsulateGeneral { // consulates carry no concurrent accreditations
			carriers = append(carriers, mi)
		}
	}
	if len(carriers) == 0 {
		return
	}
	budget := count * (g.opt.AccreditationsPerMission - 1)
	room := 2*(g.opt.AccreditationsPerMission-1) + 1
	load := make(map[int]int, len(carriers))
	var cand []int
	for ; k < n && budget > 0; k++ {
		r := order[k]
		if used[r] {
			continue
		}
		// Prefer an embassy in the same subregion, then region, then any.
		cand = cand[:0]
		for _, same := range []func(h int) bool{
			func(h int) bool { return g.c[h].SubregionCode != "" && g.c[h].SubregionCode == g.c[r].SubregionCode },
			func(h int) bool { return g.c[h].RegionCode != "" && g.c[h].RegionCode == g.c[r].RegionCode },
			func(int) bool { return true },
		} {
			for _, mi := range carriers {
				if load[mi] < room && same(g.spans[mi].host) {
					cand = append(cand, mi)
				}
			}
			if len(cand) > 0 {
				break
			}
		}
		if len(cand) == 0 {
			break
		}
		mi := cand[g.rng.IntN(len(cand))]
		load[mi]++
		budget--
		g.accredit(mi, registry.StateParty(g.c[r].ISO2), registry.NonResident)
	}
}

var kindAbbr = map[registry.MissionKind]string{
	registry.Embassy: "emb", registry.HighCommission: "hc", registry.ApostolicNunciature: "nun",
	registry.ConsulateGeneral: "cg", registry.PermanentMission: "pm",
}

var kindName = map[registry.MissionKind]string{
	registry.Embassy: "Embassy", registry.HighCommission: "High Commission", registry.ApostolicNunciature: "Apostolic Nunciature",
	registry.ConsulateGeneral: "Consulate General", registry.PermanentMission: "Permanent Mission",
}

// mission adds a mission of state s in country h (or, for a permanent
// mission, at organisation o's headquarters) and returns its index.
func (g *gen) mission(s, h int, kind registry.MissionKind, o org) int {
	sender := g.c[s]
	var id, name, city, country string
	if kind == registry.PermanentMission {
		id = strings.ToLower(sender.ISO2 + "-pm-" + o.id)
		name = fmt.Sprintf("Permanent Mission of %s to %s", sender.Names.EN, o.id)
		city, country = g.cities[o.hq][0], g.c[o.hq].ISO2
	} else {
		id = strings.ToLower(sender.ISO2 + "-" + kindAbbr[kind] + "-" + g.c[h].ISO2)
		name = fmt.Sprintf("%s of %s in %s", kindName[kind], sender.Names.EN, g.c[h].Names.EN)
		city, country = g.cities[h][0], g.c[h].ISO2
		if kind == registry.ConsulateGeneral {
			city = g.cities[h][1]
		}
	}
	m := registry.Mission{
		ID: id, Sender: registry.StateParty(sender.ISO2), Kind: kind, Name: name, City: city, Country: country,
		Certainty: g.certainty(), Meta: meta(),
	}
	sp := span{sender: s, host: h, open: -1, close: -1}
	switch x := g.rng.IntN(100); {
	case x < pctPlanned:
		m.Status = registry.MissionPlanned
	case x < pctPlanned+pctClosed:
		m.Status = registry.MissionClosed
		m.Opened = g.vague(g.between(0, dayNum(2015, 1, 1)))
		sp.open = ymd(m.Opened.Last())
		sp.close = g.between(sp.open+365, min(sp.open+20*365, lastDay-30))
		m.Closed = day(sp.close)
	default:
		m.Status = registry.MissionOpen
		m.Opened = g.vague(g.between(0, lastDay-180))
		sp.open = ymd(m.Opened.Last())
	}
	if m.Status == registry.MissionOpen {
		m.Contacts = registry.Contacts{
			Address: "1 Diplomatic Avenue, " + city,
			Email:   "info@" + id + ".example",
			Website: "https://" + id + ".example",
		}
		for _, sv := range registry.Services {
			if kind != registry.PermanentMission && g.pct(60) {
				m.Services = append(m.Services, sv)
			}
		}
	}
	g.ds.Missions = append(g.ds.Missions, m)
	g.spans = append(g.spans, sp)
	return len(g.ds.Missions) - 1
}

// accredit adds an accreditation of mission mi to receiver; its status and
// dates follow the mission's.
func (g *gen) accredit(mi int, receiver registry.Party, res registry.Residence) {
	m, sp := &g.ds.Missions[mi], g.spans[mi]
	a := registry.Accreditation{
		ID:      m.ID + "-" + strings.ToLower(receiver.Code),
		Mission: m.ID, Receiver: receiver, Residence: res, Certainty: g.certainty(), Meta: meta(),
	}
	switch m.Status {
	case registry.MissionPlanned:
		a.Status = registry.AccPlanned
	case registry.MissionClosed:
		a.Status = registry.AccEnded
		a.To = m.Closed
	default:
		a.Status = registry.AccActive
	}
	if m.Status != registry.MissionPlanned {
		end := lastDay
		if sp.close >= 0 {
			end = sp.close - 1
		}
		from := sp.open
		if res == registry.Resident {
			a.From = m.Opened
		} else {
			from = g.between(sp.open, end)
			a.From = day(from)
		}
		if cp := from + 30 + g.rng.IntN(150); res == registry.Resident && receiver.Type == registry.PartyState && cp <= end {
			a.CredentialsPresented = day(cp)
		}
	}
	g.ds.Accreditations = append(g.ds.Accreditations, a)
	g.accOf = append(g.accOf, mi)
	if receiver.IsState(g.opt.Home) {
		g.homeAcc[g.spans[mi].sender] = len(g.ds.Accreditations) - 1
	}
	if m.Kind == registry.PermanentMission && m.Sender.IsState(g.opt.Home) {
		g.homePM[receiver.Code] = m.ID
	}
}

// --- the home state's side ---

func (g *gen) person() string {
	g.people++
	id := fmt.Sprintf("person-%d", g.people)
	g.ds.People = append(g.ds.People, registry.Person{ID: id, Name: g.word(2) + " " + g.word(3), Meta: meta()})
	return id
}

// ceremonies are the days the home state's head of state received
// credentials: about every two months since 1990.
func (g *gen) ceremonies() {
	for d := dayNum(1990, 1, 15); d <= lastDay; d += 45 + g.rng.IntN(30) {
		g.ceremony = append(g.ceremony, d)
	}
}

// ceremonyIn returns a ceremony day in [lo, hi], or false.
func (g *gen) ceremonyIn(lo, hi int) (int, bool) {
	i, _ := slices.BinarySearch(g.ceremony, lo)
	j, _ := slices.BinarySearch(g.ceremony, hi+1)
	if i >= j {
		return 0, false
	}
	return g.ceremony[i+g.rng.IntN(j-i)], true
}

// heads appoints, for every state accredited to the home state through an
// embassy, high commission or nunciature, its current head of mission and,
// for half of them, the predecessor.
func (g *gen) heads() {
	homeParty := registry.StateParty(g.opt.Home)
	for s := range g.c {
		ai := g.homeAcc[s]
		if ai < 0 {
			continue
		}
		mi := g.accOf[ai]
		m, sp := &g.ds.Missions[mi], g.spans[mi]
		if m.Status == registry.MissionPlanned || !m.Kind.Diplomatic() || m.Kind == registry.PermanentMission {
			continue
		}
		lo := ymd(g.ds.Accreditations[ai].From.Last())
		hi := lastDay
		if sp.close >= 0 {
			hi = sp.close - 1
		}
		if lo > hi {
			continue
		}
		title := registry.Ambassador
		switch m.Kind {
		case registry.HighCommission:
			title = registry.HighCommissioner
		case registry.ApostolicNunciature:
			title = registry.ApostolicNuncio
		}
		cur := g.between(max(lo, hi-6*365), hi)
		base := registry.Appointment{
			Mission: m.ID, Sender: m.Sender, Receiver: homeParty,
			Role: registry.HeadOfMission, Title: title, Meta: meta(),
		}
		code := strings.ToLower(g.c[s].ISO2)
		if g.pct(pctPredecessor) && cur-lo > 2*365 {
			p := base
			p.ID = fmt.Sprintf("appt-%s-home-1", code)
			d := g.presented(&p, g.between(lo+90, cur-400), cur-300, true)
			p.Ended = day(g.between(min(d+180, cur-30), cur-30))
			g.ds.Appointments = append(g.ds.Appointments, p)
		}
		a := base
		a.ID = fmt.Sprintf("appt-%s-home-2", code)
		switch x := g.rng.IntN(100); {
		case x < pctChargeAI:
			a.Role, a.Title = registry.ChargeDAffairesAI, registry.ChargeDAffaires
			a.Person = g.person()
			a.Certainty = g.certainty()
			a.Appointed = day(cur - 20 - g.rng.IntN(40))
			a.Arrived = day(cur)
		case x < pctChargeAI+pctPending:
			g.dated(&a, cur)
			a.CredentialsCopy = day(cur)
			a.CredentialsPresented = registry.Date{}
			a.CredentialsSeq = 0
		default:
			if x < pctChargeAI+pctPending+pctMinister {
				a.Title = registry.Minister
			}
			g.presented(&a, cur, hi, false)
		}
		if sp.close >= 0 {
			a.Ended = day(sp.close)
		}
		g.ds.Appointments = append(g.ds.Appointments, a)
	}
}

// presented fills a's person and dates for credentials presented on or soon
// after day d but not after day hi (at a ceremony when there is one), and
// returns that day. full keeps the date to the day.
func (g *gen) presented(a *registry.Appointment, d, hi int, full bool) int {
	cp, atCeremony := g.ceremonyIn(d, min(d+120, hi))
	if !atCeremony {
		cp = min(d, hi)
	}
	g.dated(a, cp)
	a.CredentialsPresented = day(cp)
	switch {
	case !full && g.pct(pctMonthPrecision):
		a.CredentialsPresented = registry.MustDate(a.CredentialsPresented.String()[:7])
	case atCeremony && !g.pct(pctUnknownSeq):
		g.seqOnDay[cp]++
		a.CredentialsSeq = g.seqOnDay[cp]
	}
	return cp
}

// dated fills a's person, certainty and the steps before credentials presented on day cp.
func (g *gen) dated(a *registry.Appointment, cp int) {
	a.Person = g.person()
	a.Certainty = g.certainty()
	granted := cp - 60 - g.rng.IntN(90)
	a.AgrementRequested = day(granted - 20 - g.rng.IntN(60))
	a.AgrementGranted = day(granted)
	a.Appointed = day(min(granted+g.rng.IntN(30), cp))
	arrived := cp - 5 - g.rng.IntN(40)
	a.Arrived = day(arrived)
	a.CredentialsCopy = day(min(arrived+g.rng.IntN(5), cp))
}

// honoraryConsuls places the home state's honorary consuls mostly in
// countries its missions cover from abroad (then, if too few, where it has a
// mission), each supervised by that mission.
func (g *gen) honoraryConsuls() {
	type seat struct{ country, mission int }
	var concurrent, resident []seat
	taken := map[int]bool{}
	for ai := range g.ds.Accreditations {
		a, mi := &g.ds.Accreditations[ai], g.accOf[ai]
		if g.spans[mi].sender != g.home || a.Status != registry.AccActive || a.Receiver.Type != registry.PartyState {
			continue
		}
		c := slices.IndexFunc(g.c, func(c registry.Country) bool { return c.ISO2 == a.Receiver.Code })
		if c < 0 || taken[c] {
			continue
		}
		taken[c] = true
		if a.Residence == registry.NonResident {
			concurrent = append(concurrent, seat{c, mi})
		} else {
			resident = append(resident, seat{c, mi})
		}
	}
	if len(concurrent)+len(resident) == 0 {
		return
	}
	// A quarter of the seats are in countries no mission covers, supervised
	// by any mission of the home state; five more such countries are served
	// from the ministry itself.
	supervisors := resident
	if len(supervisors) == 0 {
		supervisors = concurrent
	}
	var bare []seat
	for c := range g.c {
		if c != g.home && !taken[c] {
			bare = append(bare, seat{c, supervisors[g.rng.IntN(len(supervisors))].mission})
		}
	}
	shuffle := func(s []seat) { g.rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] }) }
	shuffle(concurrent)
	shuffle(resident)
	shuffle(bare)
	nBare := min(len(bare), g.opt.HonoraryConsulCountries/4)
	seats := append(append(slices.Clone(bare[:nBare]), concurrent...), resident...)
	seats = seats[:min(len(seats), g.opt.HonoraryConsulCountries)]
	for _, st := range bare[nBare:min(len(bare), nBare+5)] {
		g.ds.FinderNotes = append(g.ds.FinderNotes, registry.FinderNote{
			Country: g.c[st.country].ISO2, ServedFromHQ: true,
			Text: registry.Names{EN: "Served by the consular department of the ministry."}, Meta: meta(),
		})
	}
	perSeat := make([]int, len(seats))
	for i := range g.opt.HonoraryConsuls {
		k := i
		if i >= len(seats) {
			k = g.rng.IntN(len(seats))
		}
		perSeat[k]++
	}
	for k, st := range seats {
		code := strings.ToLower(g.c[st.country].ISO2)
		for j := range perSeat[k] {
			id := fmt.Sprintf("hc-%s-%d", code, j+1)
			h := registry.HonoraryConsul{
				ID: id, Person: g.person(), Country: g.c[st.country].ISO2, City: g.cities[st.country][j%2],
				SupervisingMission: g.ds.Missions[st.mission].ID, Certainty: g.certainty(), Meta: meta(),
			}
			appointed := g.between(dayNum(1995, 1, 1), lastDay-400)
			h.Appointed = day(appointed)
			switch x := g.rng.IntN(100); {
			case x < 7:
				h.Status = registry.HCPlanned
			case x < 15:
				h.Status = registry.HCEnded
				exq := appointed + 30 + g.rng.IntN(200)
				h.Exequatur = day(exq)
				h.TermEnd = day(g.between(exq+365, lastDay-1))
			default:
				h.Status = registry.HCActive
				h.Exequatur = day(appointed + 30 + g.rng.IntN(200))
				h.Contacts.Email = id + "@consul.example"
			}
			if j%2 == 1 {
				h.District = "Districts of " + h.City
			}
			g.ds.HonoraryConsuls = append(g.ds.HonoraryConsuls, h)
		}
	}
}

// memberships makes the home state a member of every synthetic organisation
// (an observer of every fourth, a former member of every sixth).
func (g *gen) memberships() {
	for i, o := range g.orgs {
		m := registry.Membership{
			ID: strings.ToLower(g.opt.Home + "-" + o.id), Member: g.opt.Home, Organisation: o.id,
			Status: registry.Member, Certainty: registry.Reported, RepresentingMission: g.homePM[o.id], Meta: meta(),
		}
		joined := g.between(0, dayNum(2015, 1, 1))
		m.Joined = g.vague(joined)
		switch {
		case i%6 == 5:
			m.Status = registry.FormerMember
			m.Left = day(g.between(ymd(m.Joined.Last())+365, lastDay-1))
		case i%4 == 3:
			m.Status = registry.Observer
		}
		g.ds.Memberships = append(g.ds.Memberships, m)
	}
}

// declared adds two published figures, close to what the registry computes.
func (g *gen) declared() {
	home := 0
	for _, sp := range g.spans {
		if sp.sender == g.home && sp.close < 0 && sp.open >= 0 {
			home++
		}
	}
	for i, f := range []struct {
		name  string
		value int
	}{{registry.FigDiplomaticMissions, home - 2}, {registry.FigHonoraryConsuls, g.opt.HonoraryConsuls}} {
		g.ds.DeclaredFigures = append(g.ds.DeclaredFigures, registry.DeclaredFigure{
			ID: fmt.Sprintf("declared-%d", i+1), Name: f.name, Value: max(f.value, 0), Date: day(lastDay - 90), Meta: meta(),
		})
	}
}
