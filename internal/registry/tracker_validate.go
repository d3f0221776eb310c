package registry

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Value sets of the foreign-policy tracker, in the order the documentation
// lists them.
var (
	PolicyNodeKinds       = []PolicyNodeKind{NodePolicy, NodePillar, NodeObjective}
	InitiativeStatuses    = []InitiativeStatus{InitiativePlanned, InitiativeOngoing, InitiativeCompleted, InitiativeSuspended, InitiativeCancelled}
	EngagementKinds       = []EngagementKind{Visit, Meeting, Summit, CommissionSession, TradeMission, Commemoration, CommunityEvent, JudicialRequest, PeaceContribution}
	EngagementDirections  = []EngagementDirection{Incoming, Outgoing}
	EngagementLevels      = []EngagementLevel{LevelHeadOfState, LevelMinister, LevelParliamentary, LevelOther}
	RequestKinds          = []RequestKind{Extradition, MutualLegalAssistance}
	RequestStatuses       = []RequestStatus{RequestSent, RequestReceived, RequestInProgress, RequestGranted, RequestRefused, RequestWithdrawn}
	CommitmentStatuses    = []CommitmentStatus{CommitmentOpen, CommitmentInProgress, CommitmentDone, CommitmentDropped}
	StakeholderCategories = []StakeholderCategory{PublicBody, PrivateSector, Academia, CivilSociety, Diaspora, PartnerBody}
)

// The measures and directions of indicators. Package policy's Measure and
// Direction take these values.
const (
	MeasureCount       = "count"       // a whole number, 0 or more
	MeasurePercentage  = "percentage"  // 0 to 100
	MeasureAmount      = "amount"      // a sum of money or another quantity in Unit
	MeasureQualitative = "qualitative" // written updates, no number

	DirectionIncrease = "increase"
	DirectionDecrease = "decrease"
	DirectionMaintain = "maintain"
)

// Value sets of indicators. A computed indicator names one of FigureNames.
var (
	IndicatorMeasures   = []string{MeasureCount, MeasurePercentage, MeasureAmount, MeasureQualitative}
	IndicatorDirections = []string{DirectionIncrease, DirectionDecrease, DirectionMaintain}
	// EvidenceKinds are the kinds an actual's evidence may cite as "kind:id":
	// a document by any name, the others by the id of an existing record.
	EvidenceKinds = []string{"agreement", "document", "engagement", "initiative"}
)

// Limits of the tracker's records.
const (
	MaxIndicatorValue  = 1e15 // the largest magnitude of a baseline, target or actual
	MaxIndicatorWeight = 1000 // the largest roll-up weight
	MinFiscalYear      = 1900 // the years a fiscal year may start in
	MaxFiscalYear      = 2200
	maxTitle           = 300
	maxPosition        = 9999
	maxSession         = 9999    // sessions of one joint commission
	maxPersonnel       = 1000000 // personnel of one contribution to a peace operation
	maxUnit            = 20
	maxURL             = 2000
)

// ParsePeriod reads an indicator's period on fiscal years starting in
// startMonth: a fiscal year "2025-2026" (two consecutive calendar years) or
// one of its quarters "2025-2026-Q1" to "2025-2026-Q4". When fiscal years
// start in January each is a calendar year, written "2025" and "2025-Q1".
// It returns the calendar year the fiscal year starts in and the quarter, 0
// for the whole year. A startMonth outside 1-12 counts as January.
func ParsePeriod(s string, startMonth time.Month) (year, quarter int, err error) {
	jan := startMonth <= time.January || startMonth > time.December
	want := "YYYY-YYYY or YYYY-YYYY-Qn, e.g. 2025-2026 or 2025-2026-Q1"
	if jan {
		want = "YYYY or YYYY-Qn (fiscal years start in January), e.g. 2025 or 2025-Q1"
	}
	fy := s
	if n := len(s); n > 3 && s[n-3:n-1] == "-Q" {
		if s[n-1] < '1' || s[n-1] > '4' {
			return 0, 0, fmt.Errorf("%q: the quarter must be Q1, Q2, Q3 or Q4", s)
		}
		fy, quarter = s[:n-3], int(s[n-1]-'0')
	}
	first, second, two := strings.Cut(fy, "-")
	y, ok := digits4(first)
	y2, ok2 := digits4(second)
	switch {
	case !ok || (two && !ok2) || two == jan:
		return 0, 0, fmt.Errorf("%q is not a period: want %s", s, want)
	case y < MinFiscalYear || y > MaxFiscalYear:
		return 0, 0, fmt.Errorf("%q: fiscal years start from %d to %d", s, MinFiscalYear, MaxFiscalYear)
	case two && y2 != y+1:
		return 0, 0, fmt.Errorf("%q: a fiscal year spans two consecutive calendar years: write %04d-%04d", s, y, y+1)
	}
	return y, quarter, nil
}

// digits4 parses exactly four ASCII digits.
func digits4(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	n := 0
	for i := range 4 {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// periodEnd orders periods by their last day: the quarter count from year
// 0 to the period's end.
func periodEnd(year, quarter int) int {
	if quarter == 0 {
		quarter = 4
	}
	return year*4 + quarter
}

// a returns the kind k with its indefinite article: "a pillar", "an objective".
func a[T ~string](k T) string {
	if k != "" && strings.ContainsRune("aeiou", rune(k[0])) {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// titles checks a record's title in the four languages: English required.
func (c checker) titles(n Names) {
	c.required("title_en", n.EN)
	for _, t := range []struct{ f, v string }{{"title_en", n.EN}, {"title_fr", n.FR}, {"title_rw", n.RW}, {"title_sw", n.SW}} {
		c.text(t.f, t.v, maxTitle)
	}
}

// objectives checks a list of objective node ids: each exists once and is
// an objective.
func (r *Registry) objectives(c checker, field string, ids []string) {
	for i, id := range ids {
		switch n := r.tracker.nodes[id]; {
		case id == "":
			c.fail(field, "has an empty id")
		case n == nil:
			c.fail(field, "objective %q does not exist", id)
		case n.Kind != NodeObjective:
			c.fail(field, "%q is %s, not an objective", id, a(n.Kind))
		case slices.Contains(ids[:i], id):
			c.fail(field, "%q is listed twice", id)
		}
	}
}

// countries checks a list of ISO 3166-1 codes: each in the registry, once.
func (c checker) countries(field string, codes []string) {
	for i, iso2 := range codes {
		c.country(field, iso2)
		if slices.Contains(codes[:i], iso2) {
			c.fail(field, "%q is listed twice", iso2)
		}
	}
}

// validateTracker checks the records of the foreign-policy tracker.
func (r *Registry) validateTracker(on func(entity, id string) checker, dup func(checker, string)) {
	d := &r.data
	for i := range d.PolicyNodes {
		r.validatePolicyNode(on("policy_node", d.PolicyNodes[i].ID), &d.PolicyNodes[i], dup)
	}
	r.checkPositions(on)
	r.checkLineage(on)
	for i := range d.Initiatives {
		r.validateInitiative(on("initiative", d.Initiatives[i].ID), &d.Initiatives[i], dup)
	}
	for i := range d.Indicators {
		r.validateIndicator(on("indicator", d.Indicators[i].ID), &d.Indicators[i], dup)
	}
	for i := range d.IndicatorActuals {
		r.validateActual(on("indicator_actual", d.IndicatorActuals[i].ID), &d.IndicatorActuals[i], dup)
	}
	sessions := map[string]string{} // commission and session number -> engagement id
	for i := range d.Engagements {
		r.validateEngagement(on("engagement", d.Engagements[i].ID), &d.Engagements[i], dup, sessions)
	}
	for i := range d.Commitments {
		r.validateCommitment(on("commitment", d.Commitments[i].ID), &d.Commitments[i], dup)
	}
	for i := range d.Associations {
		x := &d.Associations[i]
		c := on("association", x.ID)
		c.slug(x.ID)
		dup(c, x.ID)
		c.required("name", x.Name)
		c.text("name", x.Name, maxTitle)
		c.country("country", x.Country)
		if x.Country != "" && x.Country == d.Settings.HomeState {
			c.fail("country", "a community of nationals abroad is outside the home state %s", x.Country)
		}
		c.text("city", x.City, 200)
		c.contacts(x.Contacts)
		c.meta(x.Meta)
	}
	for i := range d.Stakeholders {
		x := &d.Stakeholders[i]
		c := on("stakeholder", x.ID)
		c.slug(x.ID)
		dup(c, x.ID)
		c.required("name", x.Name)
		c.text("name", x.Name, maxTitle)
		oneOf(c, "category", x.Category, StakeholderCategories)
		if x.Country != "" {
			c.country("country", x.Country)
		}
		c.contacts(Contacts{Website: x.Website})
		c.text("website", x.Website, maxURL)
		c.meta(x.Meta)
	}
	for i := range d.Consultations {
		r.validateConsultation(on("consultation", d.Consultations[i].ID), &d.Consultations[i], dup)
	}
}

func (r *Registry) validatePolicyNode(c checker, n *PolicyNode, dup func(checker, string)) {
	c.slug(n.ID)
	dup(c, n.ID)
	oneOf(c, "kind", n.Kind, PolicyNodeKinds)
	c.titles(n.Title)
	if n.Position < 1 || n.Position > maxPosition {
		c.fail("position", "%d must be a whole number from 1 to %d", n.Position, maxPosition)
	}
	want := map[PolicyNodeKind]PolicyNodeKind{NodePillar: NodePolicy, NodeObjective: NodePillar}[n.Kind]
	switch p := r.tracker.nodes[n.Parent]; {
	case n.Kind == NodePolicy && n.Parent != "":
		c.fail("parent", "must be empty: a policy is the root of its framework")
	case want == "":
	case n.Parent == "":
		c.fail("parent", "is required: the %s the %s belongs to", want, n.Kind)
	case p == nil:
		c.fail("parent", "%s %q does not exist", want, n.Parent)
	case p.Kind != want:
		c.fail("parent", "%q is %s; the parent of %s is %s", n.Parent, a(p.Kind), a(n.Kind), a(want))
	}
	c.text("parent_strategy", n.ParentStrategy, maxTitle)
	if n.Kind != NodePolicy {
		for _, f := range []struct {
			name string
			set  bool
		}{{"adopted", !n.Adopted.IsZero()}, {"superseded", !n.Superseded.IsZero()}, {"parent_strategy", n.ParentStrategy != ""}} {
			if f.set {
				c.fail(f.name, "must be empty: only a policy has it, not %s", a(n.Kind))
			}
		}
	} else if !n.Superseded.IsZero() && !n.Adopted.IsZero() && !n.Superseded.After(n.Adopted) {
		c.fail("superseded", "%s is not after the policy was adopted (%s)", n.Superseded, n.Adopted)
	}
	c.meta(n.Meta)
}

// checkPositions reports pillars and objectives that share a position
// with a sibling (a node of the same parent). Policies are versions of one
// another, not siblings, and are not compared.
func (r *Registry) checkPositions(on func(string, string) checker) {
	type key struct {
		parent   string
		position int
	}
	first := map[key]string{}
	for i := range r.data.PolicyNodes {
		n := &r.data.PolicyNodes[i]
		if n.Parent == "" {
			continue
		}
		k := key{n.Parent, n.Position}
		if other, ok := first[k]; ok {
			on("policy_node", n.ID).fail("position", "%d is also the position of %q under %q", n.Position, other, n.Parent)
			continue
		}
		first[k] = n.ID
	}
}

func (r *Registry) validateInitiative(c checker, x *Initiative, dup func(checker, string)) {
	c.slug(x.ID)
	dup(c, x.ID)
	c.titles(x.Title)
	c.text("summary", x.Summary, maxSource)
	if len(x.Objectives) == 0 {
		c.fail("objectives", "is required: at least one objective the initiative serves")
	}
	r.objectives(c, "objectives", x.Objectives)
	c.text("lead_unit", x.LeadUnit, maxTitle)
	if x.LeadMission != "" && r.missions[x.LeadMission] == nil {
		c.fail("lead_mission", "mission %q does not exist", x.LeadMission)
	}
	for i, p := range x.Partners {
		c.party("partners", p)
		switch {
		case p.IsState(r.data.Settings.HomeState):
			c.fail("partners", "the home state %s leads the initiative: list only its partners", p.Code)
		case slices.Contains(x.Partners[:i], p):
			c.fail("partners", "%s is listed twice", p)
		}
	}
	c.order("start", x.Start, "end", x.End)
	oneOf(c, "status", x.Status, InitiativeStatuses)
	c.meta(x.Meta)
}

// value checks a baseline, target or actual value for the measure and
// reports whether it is good.
func (c checker) value(field, measure string, v float64) bool {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		c.fail(field, "is not a number")
	case math.Abs(v) > MaxIndicatorValue:
		c.fail(field, "%g is larger than %g in magnitude", v, MaxIndicatorValue)
	case measure == MeasureCount && (v < 0 || v != math.Trunc(v)):
		c.fail(field, "%g: a count is a whole number, 0 or more", v)
	case measure == MeasurePercentage && (v < 0 || v > 100):
		c.fail(field, "%g: a percentage is from 0 to 100", v)
	default:
		return true
	}
	return false
}

// period checks an indicator's period and returns its end for ordering
// (0 when it is invalid).
func (r *Registry) period(c checker, field, s string) int {
	if s == "" {
		c.fail(field, "is required")
		return 0
	}
	start := r.data.Settings.FiscalYearStart
	if start < 0 || start > 12 {
		return 0 // the setting is refused on its own; periods cannot be read without it
	}
	y, q, err := ParsePeriod(s, r.data.Settings.FiscalYearStartMonth())
	if err != nil {
		c.fail(field, "%v", err)
		return 0
	}
	return periodEnd(y, q)
}

func (r *Registry) validateIndicator(c checker, x *Indicator, dup func(checker, string)) {
	c.slug(x.ID)
	dup(c, x.ID)
	switch n := r.tracker.nodes[x.Objective]; {
	case x.Objective == "":
		c.fail("objective", "is required")
	case n == nil:
		c.fail("objective", "objective %q does not exist", x.Objective)
	case n.Kind != NodeObjective:
		c.fail("objective", "%q is %s, not an objective", x.Objective, a(n.Kind))
	}
	c.titles(x.Title)
	oneOf(c, "measure", x.Measure, IndicatorMeasures)
	c.text("unit", x.Unit, maxUnit)
	if x.Measure == MeasureAmount && strings.TrimSpace(x.Unit) == "" {
		c.fail("unit", "is required for an amount, e.g. USD")
	}
	if w := x.Weight; math.IsNaN(w) || w < 0 || w > MaxIndicatorWeight {
		c.fail("weight", "%g must be from 0 to %d (0 for the default, 1)", w, MaxIndicatorWeight)
	}
	c.meta(x.Meta)
	if x.Computed != "" {
		switch {
		case !slices.Contains(FigureNames, x.Computed):
			c.fail("computed", "%q is not a figure the registry computes (%s)", x.Computed, strings.Join(FigureNames, ", "))
		case x.Measure != MeasureCount:
			c.fail("computed", "a computed indicator counts: its measure must be count, not %q", x.Measure)
		}
		if x.BaselineValue != nil {
			c.fail("baseline_value", "must be empty: a computed indicator's baseline is the registry's figure at the end of baseline_period")
		}
	}
	if x.Measure == MeasureQualitative {
		for _, f := range []struct {
			name string
			set  bool
		}{{"direction", x.Direction != ""}, {"baseline_period", x.BaselinePeriod != ""}, {"baseline_value", x.BaselineValue != nil}, {"targets", len(x.Targets) > 0}} {
			if f.set {
				c.fail(f.name, "must be empty: a qualitative indicator is followed by written updates, not numbers")
			}
		}
		return
	}
	if slices.Contains(IndicatorMeasures, x.Measure) {
		oneOf(c, "direction", x.Direction, IndicatorDirections)
	}
	baseEnd := 0
	if x.BaselinePeriod != "" {
		baseEnd = r.period(c, "baseline_period", x.BaselinePeriod)
	} else if x.BaselineValue != nil {
		c.fail("baseline_period", "is required with a baseline value")
	}
	base, baseOK := 0.0, false
	if x.BaselineValue != nil {
		base = *x.BaselineValue
		baseOK = c.value("baseline_value", x.Measure, base)
	}
	for i, t := range x.Targets {
		f := fmt.Sprintf("targets[%d]", i)
		end := r.period(c, f+".period", t.Period)
		if j := slices.IndexFunc(x.Targets[:i], func(o IndicatorTarget) bool { return o.Period == t.Period }); j >= 0 && t.Period != "" {
			c.fail(f+".period", "%s already has a target (targets[%d])", t.Period, j)
		}
		if end != 0 && baseEnd != 0 && end <= baseEnd {
			c.fail(f+".period", "%s does not end after the baseline period %s", t.Period, x.BaselinePeriod)
		}
		if c.value(f+".value", x.Measure, t.Value) && baseOK {
			switch {
			case x.Direction == DirectionIncrease && t.Value <= base:
				c.fail(f+".value", "%g must be above the baseline %g for an increasing indicator (use maintain to hold a level)", t.Value, base)
			case x.Direction == DirectionDecrease && t.Value >= base:
				c.fail(f+".value", "%g must be below the baseline %g for a decreasing indicator (use maintain to hold a level)", t.Value, base)
			}
		}
	}
}

func (r *Registry) validateActual(c checker, x *IndicatorActual, dup func(checker, string)) {
	c.slug(x.ID)
	dup(c, x.ID)
	r.period(c, "period", x.Period)
	c.text("text", x.Text, maxSource)
	measure := "" // the measure the value is checked against
	switch ind := r.tracker.indicators[x.Indicator]; {
	case x.Indicator == "":
		c.fail("indicator", "is required")
	case ind == nil:
		c.fail("indicator", "indicator %q does not exist", x.Indicator)
	case ind.Computed != "":
		c.fail("indicator", "%q is computed from the registry figure %s: it takes no recorded actuals", ind.ID, ind.Computed)
	case ind.Measure == MeasureQualitative:
		if x.Value != nil {
			c.fail("value", "must be empty: a qualitative indicator's update is text")
		}
		c.required("text", x.Text)
	case x.Value == nil:
		c.fail("value", "is required: %q is a quantitative indicator (%s)", ind.ID, ind.Measure)
	default:
		measure = ind.Measure
	}
	if x.Value != nil {
		c.value("value", measure, *x.Value)
	}
	r.evidence(c, x.Evidence)
	c.text("recorded_by", x.RecordedBy, 100)
	c.text("approved_by", x.ApprovedBy, 100)
	switch {
	case (x.ApprovedBy == "") != x.ApprovedAt.IsZero():
		c.fail("approved_by", "approval needs both the approver and the time (approved_by and approved_at)")
	case !x.ApprovedAt.IsZero() && !x.RecordedAt.IsZero() && x.ApprovedAt.Before(x.RecordedAt.Time):
		c.fail("approved_at", "is before the actual was recorded (%s)", x.RecordedAt.UTC().Format(time.RFC3339))
	}
	c.meta(x.Meta)
}

// evidence checks an actual's evidence: an http(s) URL, or "kind:id" citing
// an existing agreement, engagement or initiative, or any document.
func (r *Registry) evidence(c checker, e string) {
	switch {
	case e == "":
		c.fail("evidence", "is required: an http(s) URL or a record reference such as engagement:ID or document:NAME")
		return
	case len(e) > maxURL:
		c.fail("evidence", "is longer than %d characters", maxURL)
		return
	case strings.ContainsFunc(e, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		c.fail("evidence", "must not contain spaces or control characters")
		return
	}
	kind, id, ok := strings.Cut(e, ":")
	if lower := strings.ToLower(kind); lower == "http" || lower == "https" {
		if u, err := url.Parse(e); err != nil || u.Host == "" {
			c.fail("evidence", "%q is not a valid URL", e)
		}
		return
	}
	var exists bool
	switch kind {
	case "agreement":
		exists = r.tracker.agreements[id] != nil
	case "engagement":
		exists = r.tracker.engagements[id] != nil
	case "initiative":
		exists = r.tracker.initiatives[id] != nil
	case "document":
		exists = true
	default:
		c.fail("evidence", "%q is neither an http(s) URL nor a record reference kind:id (kinds: %s)", e, strings.Join(EvidenceKinds, ", "))
		return
	}
	switch {
	case !ok || id == "":
		c.fail("evidence", "%q names no %s", e, kind)
	case !exists:
		c.fail("evidence", "%s %q does not exist", kind, id)
	}
}

func (r *Registry) validateEngagement(c checker, x *Engagement, dup func(checker, string), sessions map[string]string) {
	c.slug(x.ID)
	dup(c, x.ID)
	oneOf(c, "kind", x.Kind, EngagementKinds)
	c.titles(x.Title)
	c.text("summary", x.Summary, maxSource)
	if x.Start.IsZero() {
		c.fail("start", "is required")
	}
	c.order("start", x.Start, "end", x.End)
	c.text("city", x.City, 200)
	c.countries("countries", x.Countries)
	for i, id := range x.Organisations {
		if r.organisations[id] == nil {
			c.fail("organisations", "organisation %q does not exist", id)
		} else if slices.Contains(x.Organisations[:i], id) {
			c.fail("organisations", "%q is listed twice", id)
		}
	}
	r.objectives(c, "objectives", x.Objectives)
	if x.Mission != "" && r.missions[x.Mission] == nil {
		c.fail("mission", "mission %q does not exist", x.Mission)
	}
	c.meta(x.Meta)
	if !slices.Contains(EngagementKinds, x.Kind) {
		return
	}
	only := func(field string, set bool, kinds string) {
		if set {
			c.fail(field, "must be empty: it is for %s, not %s", kinds, a(x.Kind))
		}
	}
	if x.Kind == Visit {
		oneOf(c, "direction", x.Direction, EngagementDirections)
	} else {
		only("direction", x.Direction != "", "visits")
	}
	if x.Kind == Visit || x.Kind == Meeting || x.Kind == Summit {
		if x.Level != "" {
			oneOf(c, "level", x.Level, EngagementLevels)
		}
	} else {
		only("level", x.Level != "", "visits, meetings and summits")
	}
	if x.Kind == CommissionSession {
		switch {
		case x.Commission == "":
			c.fail("commission", "is required: the joint permanent commission's id, e.g. rw-ug-jpc")
		case len(x.Commission) > 100 || !reSlug.MatchString(x.Commission):
			c.fail("commission", "%q must be lower-case letters, digits and single hyphens, at most 100 characters", x.Commission)
		}
		if x.Session < 1 || x.Session > maxSession {
			c.fail("session", "%d must be the session's number, from 1 to %d", x.Session, maxSession)
		} else if x.Commission != "" {
			k := fmt.Sprintf("%s\x00%d", x.Commission, x.Session)
			if other, ok := sessions[k]; ok {
				c.fail("session", "session %d of %s is already engagement %q", x.Session, x.Commission, other)
			} else {
				sessions[k] = x.ID
			}
		}
	} else {
		only("commission", x.Commission != "", "commission sessions")
		only("session", x.Session != 0, "commission sessions")
	}
	if x.Kind == CommunityEvent {
		if x.Association != "" && r.tracker.associations[x.Association] == nil {
			c.fail("association", "association %q does not exist", x.Association)
		}
	} else {
		only("association", x.Association != "", "community events")
	}
	if x.Kind == JudicialRequest {
		oneOf(c, "request_kind", x.RequestKind, RequestKinds)
		oneOf(c, "status", x.Status, RequestStatuses)
		if x.StatusDate.IsZero() {
			c.fail("status_date", "is required: the date the request reached its status")
		}
		c.order("start", x.Start, "status_date", x.StatusDate)
		if x.Public {
			c.fail("public", "must be false: a judicial-cooperation request is never public one by one (it may hold personal data)")
		}
	} else {
		only("request_kind", x.RequestKind != "", "judicial requests")
		only("status", x.Status != "", "judicial requests")
		only("status_date", !x.StatusDate.IsZero(), "judicial requests")
	}
	if x.Kind == PeaceContribution {
		if x.Personnel < 0 || x.Personnel > maxPersonnel {
			c.fail("personnel", "%d must be a whole number from 0 to %d", x.Personnel, maxPersonnel)
		}
	} else {
		only("personnel", x.Personnel != 0, "contributions to peace operations")
	}
}

func (r *Registry) validateCommitment(c checker, x *Commitment, dup func(checker, string)) {
	c.slug(x.ID)
	dup(c, x.ID)
	var session *Engagement
	switch {
	case x.Engagement == "" && x.Agreement == "":
		c.fail("engagement", "is required, or agreement: a commitment is decided at a commission session or owed under an agreement")
	case x.Engagement != "" && x.Agreement != "":
		c.fail("agreement", "must be empty when engagement is set: a commitment belongs to one commission session or one agreement")
	}
	if x.Engagement != "" {
		switch e := r.tracker.engagements[x.Engagement]; {
		case e == nil:
			c.fail("engagement", "engagement %q does not exist", x.Engagement)
		case e.Kind != CommissionSession:
			c.fail("engagement", "%q is %s: decisions are recorded on commission sessions", x.Engagement, a(e.Kind))
		default:
			session = e
		}
	}
	if x.Agreement != "" && r.tracker.agreements[x.Agreement] == nil {
		c.fail("agreement", "agreement %q does not exist", x.Agreement)
	}
	c.required("text", x.Text)
	c.text("text", x.Text, maxSource)
	c.required("owner", x.Owner)
	c.text("owner", x.Owner, maxTitle)
	oneOf(c, "status", x.Status, CommitmentStatuses)
	closed := x.Status == CommitmentDone || x.Status == CommitmentDropped
	switch {
	case closed && x.Closed.IsZero():
		c.fail("closed", "is required when the status is %s", x.Status)
	case !closed && !x.Closed.IsZero() && slices.Contains(CommitmentStatuses, x.Status):
		c.fail("status", "is %q but a closing date is set: set the status to done or dropped, or clear closed", x.Status)
	}
	if session != nil && !x.Closed.IsZero() && !session.Start.IsZero() && x.Closed.Last() < session.Start.First() {
		c.fail("closed", "%s is before the session %q that decided it (%s)", x.Closed, session.ID, session.Start)
	}
	c.meta(x.Meta)
}

func (r *Registry) validateConsultation(c checker, x *Consultation, dup func(checker, string)) {
	c.slug(x.ID)
	dup(c, x.ID)
	switch n := r.tracker.nodes[x.Policy]; {
	case x.Policy == "":
		c.fail("policy", "is required: the policy version consulted on")
	case n == nil:
		c.fail("policy", "policy %q does not exist", x.Policy)
	case n.Kind != NodePolicy:
		c.fail("policy", "%q is %s, not a policy", x.Policy, a(n.Kind))
	}
	c.titles(x.Title)
	c.text("summary", x.Summary, maxSource)
	c.text("outcome", x.Outcome, maxSource)
	if x.Opens.IsZero() {
		c.fail("opens", "is required")
	}
	c.order("opens", x.Opens, "closes", x.Closes)
	for i, id := range x.Stakeholders {
		if r.tracker.stakeholders[id] == nil {
			c.fail("stakeholders", "stakeholder %q does not exist", id)
		} else if slices.Contains(x.Stakeholders[:i], id) {
			c.fail("stakeholders", "%q is listed twice", id)
		}
	}
	r.objectives(c, "objectives", x.Objectives)
	for _, id := range x.Objectives {
		if p := r.policyOf(id); p != nil && x.Policy != "" && p.ID != x.Policy {
			c.fail("objectives", "objective %q is of policy %q, not of %q consulted on", id, p.ID, x.Policy)
		}
	}
	c.meta(x.Meta)
}

// policyOf returns the policy a node belongs to (the node itself for a
// policy), or nil when its chain of parents breaks.
func (r *Registry) policyOf(id string) *PolicyNode {
	n := r.tracker.nodes[id]
	for range 3 {
		if n == nil || n.Kind == NodePolicy {
			return n
		}
		n = r.tracker.nodes[n.Parent]
	}
	return nil
}
