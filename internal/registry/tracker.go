package registry

import "time"

// The records of the foreign-policy tracker (DESIGN.md §3): the framework
// (policy, pillars, objectives, versioned), initiatives, indicators and their
// actuals, engagements with the commitments they and agreements create,
// communities of nationals abroad, stakeholders and consultations. They are
// registry records like the others: stored, audited, versioned, exported and
// edited through the same generic paths. Package policy builds the
// framework tree, the indicators' progress and the annual report from them.

// PolicyNodeKind is the kind of a node of a policy framework.
type PolicyNodeKind string

const (
	NodePolicy    PolicyNodeKind = "policy"
	NodePillar    PolicyNodeKind = "pillar"
	NodeObjective PolicyNodeKind = "objective"
)

// PolicyNode is one node of a foreign-policy framework: a policy (the root,
// Parent empty), one of its pillars (Parent: the policy) or one of a pillar's
// objectives (Parent: the pillar). Several policies are versions of one
// another: the policy in force on a date is the one adopted by then (or with
// no adoption date) and not superseded by then; superseded versions stay,
// with their trees, as history.
type PolicyNode struct {
	ID       string         `json:"id"`
	Parent   string         `json:"parent,omitempty"`
	Kind     PolicyNodeKind `json:"kind"`
	Position int            `json:"position"` // order among siblings, from 1
	Title    Names          `json:"title"`
	// Adopted, Superseded and ParentStrategy are set on policies only.
	Adopted        Date   `json:"adopted"`
	Superseded     Date   `json:"superseded"` // zero while in force
	ParentStrategy string `json:"parent_strategy,omitempty"`
	// Replaces is set on pillars and objectives only, and only when the node
	// continues one of an earlier version: the id of that node, of the same
	// kind. Nodes linked by Replaces form a lineage; what names one of them
	// (an indicator, an initiative, an engagement) counts under every one.
	Replaces string `json:"replaces,omitempty"`
	Meta
}

// InitiativeStatus is where an initiative stands.
type InitiativeStatus string

const (
	InitiativePlanned   InitiativeStatus = "planned"
	InitiativeOngoing   InitiativeStatus = "ongoing"
	InitiativeCompleted InitiativeStatus = "completed"
	InitiativeSuspended InitiativeStatus = "suspended"
	InitiativeCancelled InitiativeStatus = "cancelled"
)

// Initiative is an action the ministry takes to serve one or more objectives.
type Initiative struct {
	ID          string           `json:"id"`
	Title       Names            `json:"title"`
	Summary     string           `json:"summary,omitempty"`
	Objectives  []string         `json:"objectives"`             // ids of objective nodes; at least one
	LeadUnit    string           `json:"lead_unit,omitempty"`    // a unit of the ministry, free text
	LeadMission string           `json:"lead_mission,omitempty"` // a mission's id
	Partners    []Party          `json:"partners,omitempty"`     // partner states and organisations
	Start       Date             `json:"start"`
	End         Date             `json:"end"`
	Status      InitiativeStatus `json:"status"`
	Meta
}

// IndicatorTarget is the value an indicator should reach by the end of a
// period (a fiscal year "2025-2026" or quarter "2025-2026-Q1").
type IndicatorTarget struct {
	Period string  `json:"period"`
	Value  float64 `json:"value"`
}

// Indicator measures progress towards one objective. Its measure, direction
// and computed figure take the values of IndicatorMeasures,
// IndicatorDirections and FigureNames (package policy's Measures, Directions
// and ComputedFigures); its periods are written as ParsePeriod reads them.
// BaselineValue is nil when unknown, and for computed indicators, whose
// baseline is the registry's figure at the end of BaselinePeriod.
type Indicator struct {
	ID             string            `json:"id"`
	Objective      string            `json:"objective"` // an objective node's id
	Title          Names             `json:"title"`
	Measure        string            `json:"measure"`
	Unit           string            `json:"unit,omitempty"`
	Direction      string            `json:"direction,omitempty"`
	Computed       string            `json:"computed,omitempty"`
	BaselinePeriod string            `json:"baseline_period,omitempty"`
	BaselineValue  *float64          `json:"baseline_value"`
	Targets        []IndicatorTarget `json:"targets,omitempty"`
	Weight         float64           `json:"weight,omitempty"` // 0: the default, 1
	Meta
}

// IndicatorActual is a value an indicator reached in a period (quantitative
// indicators) or a written update (qualitative ones), with its evidence.
// RecordedAt and RecordedBy are set by the system when the actual is
// created; ApprovedAt and ApprovedBy when a policy officer approves it, and
// cleared when its period, value, text or evidence change. Only approved
// actuals count towards progress.
type IndicatorActual struct {
	ID        string   `json:"id"`
	Indicator string   `json:"indicator"`
	Period    string   `json:"period"`
	Value     *float64 `json:"value"` // nil for qualitative indicators
	Text      string   `json:"text,omitempty"`
	// Evidence is an http(s) URL or a record reference "kind:id" (agreement,
	// engagement, initiative or document).
	Evidence   string    `json:"evidence"`
	RecordedAt Timestamp `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
	ApprovedAt Timestamp `json:"approved_at"`
	ApprovedBy string    `json:"approved_by,omitempty"`
	Meta
}

// Approved reports whether the actual has been approved.
func (a *IndicatorActual) Approved() bool { return a.ApprovedBy != "" && !a.ApprovedAt.IsZero() }

// EngagementKind is the kind of an engagement.
type EngagementKind string

const (
	Visit             EngagementKind = "visit"
	Meeting           EngagementKind = "meeting"
	Summit            EngagementKind = "summit"
	CommissionSession EngagementKind = "commission_session" // a session of a joint permanent commission
	TradeMission      EngagementKind = "trade_mission"      // trade and investment missions
	Commemoration     EngagementKind = "commemoration"      // held by a mission abroad
	CommunityEvent    EngagementKind = "community_event"    // an event with a community of nationals abroad
	JudicialRequest   EngagementKind = "judicial_request"   // extradition or mutual legal assistance
	PeaceContribution EngagementKind = "peace_contribution" // a contribution to a peace operation
)

// EngagementDirection says who travelled: incoming visits come to the home
// state, outgoing ones leave it. Empty for engagements that are not visits.
type EngagementDirection string

const (
	Incoming EngagementDirection = "incoming"
	Outgoing EngagementDirection = "outgoing"
)

// EngagementLevel is the highest level of a visit or meeting.
type EngagementLevel string

const (
	LevelHeadOfState   EngagementLevel = "head_of_state_or_government"
	LevelMinister      EngagementLevel = "minister"
	LevelParliamentary EngagementLevel = "parliamentary"
	LevelOther         EngagementLevel = "other"
)

// RequestKind is the kind of a judicial-cooperation request.
type RequestKind string

const (
	Extradition           RequestKind = "extradition"
	MutualLegalAssistance RequestKind = "mutual_legal_assistance"
)

// RequestStatus is where a judicial-cooperation request stands.
type RequestStatus string

const (
	RequestSent       RequestStatus = "sent"     // by the home state
	RequestReceived   RequestStatus = "received" // by the home state
	RequestInProgress RequestStatus = "in_progress"
	RequestGranted    RequestStatus = "granted"
	RequestRefused    RequestStatus = "refused"
	RequestWithdrawn  RequestStatus = "withdrawn"
)

// Engagement is a dated act of foreign policy: a visit, meeting, summit,
// commission session, trade mission, commemoration, community event,
// judicial-cooperation request or contribution to a peace operation, tagged
// with the objectives it serves and the countries and organisations
// involved. Public engagements appear on the portal; judicial-cooperation
// requests never do one by one (no personal data on public pages), only as
// counts by status.
type Engagement struct {
	ID            string              `json:"id"`
	Kind          EngagementKind      `json:"kind"`
	Title         Names               `json:"title"`
	Summary       string              `json:"summary,omitempty"`
	Direction     EngagementDirection `json:"direction,omitempty"` // visits only
	Level         EngagementLevel     `json:"level,omitempty"`     // visits, meetings and summits
	Start         Date                `json:"start"`
	End           Date                `json:"end"`
	City          string              `json:"city,omitempty"`
	Countries     []string            `json:"countries,omitempty"`     // ISO 3166-1 alpha-2 codes
	Organisations []string            `json:"organisations,omitempty"` // organisation ids
	Objectives    []string            `json:"objectives,omitempty"`    // objective node ids
	Mission       string              `json:"mission,omitempty"`       // the mission holding or leading it
	// Commission names the joint permanent commission (a slug such as
	// "rw-ug-jpc") of a commission session, whose Session is its number.
	Commission string `json:"commission,omitempty"`
	Session    int    `json:"session,omitempty"`
	// Association is the community association of a community event.
	Association string `json:"association,omitempty"`
	// RequestKind, Status and StatusDate are a judicial request's.
	RequestKind RequestKind   `json:"request_kind,omitempty"`
	Status      RequestStatus `json:"status,omitempty"`
	StatusDate  Date          `json:"status_date"`
	// Personnel is the number of personnel of a peace contribution.
	Personnel int  `json:"personnel,omitempty"`
	Public    bool `json:"public"`
	Meta
}

// CommitmentStatus is where a commitment stands.
type CommitmentStatus string

const (
	CommitmentOpen       CommitmentStatus = "open"
	CommitmentInProgress CommitmentStatus = "in_progress"
	CommitmentDone       CommitmentStatus = "done"
	CommitmentDropped    CommitmentStatus = "dropped"
)

// Commitment is a decision taken at a commission session (Engagement set),
// carried from one session of the commission to the next until done or
// dropped, or an obligation under an agreement (Agreement set): a report,
// a contribution, a review. Exactly one of Engagement and Agreement is set.
type Commitment struct {
	ID         string           `json:"id"`
	Engagement string           `json:"engagement,omitempty"`
	Agreement  string           `json:"agreement,omitempty"`
	Text       string           `json:"text"`
	Owner      string           `json:"owner"` // a unit of the ministry or a mission, free text
	Due        Date             `json:"due"`
	Status     CommitmentStatus `json:"status"`
	Closed     Date             `json:"closed"` // when it was done or dropped
	Meta
}

// Association is a community of nationals abroad: an association in a
// country, with its contacts. Public associations are shown on the
// country's page.
type Association struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Country  string   `json:"country"`
	City     string   `json:"city,omitempty"`
	Contacts Contacts `json:"contacts"`
	Founded  Date     `json:"founded"`
	Public   bool     `json:"public"`
	Meta
}

// StakeholderCategory is the kind of a stakeholder of the policy.
type StakeholderCategory string

const (
	PublicBody    StakeholderCategory = "public_body"
	PrivateSector StakeholderCategory = "private_sector"
	Academia      StakeholderCategory = "academia"
	CivilSociety  StakeholderCategory = "civil_society"
	Diaspora      StakeholderCategory = "diaspora"
	PartnerBody   StakeholderCategory = "partner"
)

// Stakeholder is a body the policy is built with.
type Stakeholder struct {
	ID       string              `json:"id"`
	Name     string              `json:"name"`
	Category StakeholderCategory `json:"category"`
	Country  string              `json:"country,omitempty"`
	Website  string              `json:"website,omitempty"`
	Meta
}

// Consultation is a round of consultation on a version of the policy: open
// from Opens to Closes (both included), with the stakeholders invited, the
// objectives it asks about, and once closed what changed as a result.
type Consultation struct {
	ID           string   `json:"id"`
	Policy       string   `json:"policy"` // a policy node's id: the version consulted on
	Title        Names    `json:"title"`
	Summary      string   `json:"summary,omitempty"`
	Opens        Date     `json:"opens"`
	Closes       Date     `json:"closes"`
	Stakeholders []string `json:"stakeholders,omitempty"`
	Objectives   []string `json:"objectives,omitempty"`
	Outcome      string   `json:"outcome,omitempty"` // what changed as a result
	Meta
}

// OpenOn reports whether the consultation takes submissions on d.
func (c *Consultation) OpenOn(d Date) bool {
	return !c.Opens.IsZero() && c.Opens.First() <= d.First() &&
		(c.Closes.IsZero() || d.Last() <= c.Closes.Last())
}

// stamp is now in UTC to the millisecond, as the store keeps instants.
func stamp(now time.Time) Timestamp { return Timestamp{now.UTC().Truncate(time.Millisecond)} }

// StampActual sets the fields of an actual that the system keeps, not the
// person saving it: who saves it at now. A new actual (old nil) is recorded
// by who at now and not approved. A changed one keeps old's recording and
// approval when its indicator, period, value, text and evidence are
// unchanged (a corrected note or source); otherwise it is recorded anew, by
// who at now (so that a change after its period closed shows as late), and
// waits for approval again.
func StampActual(old, x *IndicatorActual, who string, now time.Time) {
	same := old != nil && x.Indicator == old.Indicator && x.Period == old.Period && x.Text == old.Text &&
		x.Evidence == old.Evidence && (x.Value == nil) == (old.Value == nil) && (x.Value == nil || *x.Value == *old.Value)
	if !same {
		x.RecordedAt, x.RecordedBy = stamp(now), who
		x.ApprovedAt, x.ApprovedBy = Timestamp{}, ""
		return
	}
	x.RecordedAt, x.RecordedBy = old.RecordedAt, old.RecordedBy
	x.ApprovedAt, x.ApprovedBy = old.ApprovedAt, old.ApprovedBy
}

// ApproveActual records that who approved x at now.
func ApproveActual(x *IndicatorActual, who string, now time.Time) {
	x.ApprovedAt, x.ApprovedBy = stamp(now), who
}

// Shown reports whether the engagement may be shown one by one on public
// pages, in the open-data API, the export and the changes feed: marked
// public, and not a judicial-cooperation request (those are only counted).
func (e *Engagement) Shown() bool { return e.Public && e.Kind != JudicialRequest }

// Shown reports whether the association may be shown publicly.
func (a *Association) Shown() bool { return a.Public }

// ConsultationStatus is where a consultation stands on a date.
type ConsultationStatus string

const (
	ConsultationUpcoming ConsultationStatus = "upcoming" // not open yet, or no opening date
	ConsultationOpen     ConsultationStatus = "open"
	ConsultationClosed   ConsultationStatus = "closed"
)

// StatusOn returns the consultation's status on d.
func (c *Consultation) StatusOn(d Date) ConsultationStatus {
	switch {
	case c.OpenOn(d):
		return ConsultationOpen
	case c.Opens.IsZero() || d.Last() < c.Opens.First():
		return ConsultationUpcoming
	}
	return ConsultationClosed
}

// PeriodEnd returns the last day of a period ("2025-2026", "2025-2026-Q3",
// or "2025", "2025-Q3" when fiscal years start in January) of fiscal years
// starting in startMonth; false when the period cannot be read.
func PeriodEnd(period string, startMonth time.Month) (Date, bool) {
	year, q, err := ParsePeriod(period, startMonth)
	if err != nil {
		return Date{}, false
	}
	if startMonth < time.January || startMonth > time.December {
		startMonth = time.January
	}
	months := 12
	if q > 0 {
		months = 3 * q
	}
	// Day 0 of the month after the period is its last day.
	return DateOf(time.Date(year, startMonth+time.Month(months), 0, 0, 0, 0, 0, time.UTC)), true
}

// Late reports whether the actual was recorded after its period ended (on
// a later day, in UTC), and the period's last day; false when it has no
// recording time or its period cannot be read.
func (a *IndicatorActual) Late(startMonth time.Month) (bool, Date) {
	end, ok := PeriodEnd(a.Period, startMonth)
	if !ok || a.RecordedAt.IsZero() {
		return false, end
	}
	return DateOf(a.RecordedAt.UTC()).First() > end.First(), end
}
