package dataset

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/csvfile"
	"github.com/chancery-org/chancery/internal/registry"
)

// The data files of the foreign-policy tracker (registry/tracker.go), all
// optional. Lists of ids or codes (objectives, countries, organisations,
// stakeholders) are joined by ';', partners are type:code joined by ';' as
// agreements' parties, targets are PERIOD=VALUE joined by ';' as
// indicators.csv has always held them. Periods are fiscal years (2025-2026)
// or quarters (2025-2026-Q1; "2025-2026 Q1" is read as that too). Instants
// (recorded_at, approved_at) are RFC 3339, written in UTC.
var (
	policyColumns = []string{"id", "parent", "kind", "position", "title_en", "title_fr", "title_rw", "title_sw", "adopted"}
	// policyExtra are optional in policy.csv: the seed's file predates
	// superseded and replaces (a pillar's or objective's lineage).
	policyExtra       = []string{"parent_strategy", "superseded", "replaces"}
	initiativeColumns = []string{"id", "title_en", "title_fr", "title_rw", "title_sw", "summary", "objectives",
		"lead_unit", "lead_mission", "partners", "start", "end", "status"}
	indicatorColumns = []string{"id", "objective", "measure", "unit", "direction", "computed", "baseline_period",
		"baseline_value", "targets", "weight", "title_en", "title_fr", "title_rw", "title_sw"}
	actualColumns = []string{"id", "indicator", "period", "value", "text", "evidence", "recorded_at", "recorded_by",
		"approved_at", "approved_by"}
	engagementColumns = []string{"id", "kind", "title_en", "title_fr", "title_rw", "title_sw", "summary", "direction",
		"level", "start", "end", "city", "countries", "organisations", "objectives", "mission", "commission", "session",
		"association", "request_kind", "status", "status_date", "personnel", "public"}
	commitmentColumns   = []string{"id", "engagement", "agreement", "text", "owner", "due", "status", "closed"}
	associationColumns  = []string{"id", "name", "country", "city", "address", "phone", "email", "website", "founded", "public"}
	stakeholderColumns  = []string{"id", "name", "category", "country", "website"}
	consultationColumns = []string{"id", "policy", "title_en", "title_fr", "title_rw", "title_sw", "summary", "opens",
		"closes", "stakeholders", "objectives", "outcome"}
)

// trackerFiles are the tracker's entries of files, in the order of the
// Dataset's fields.
var trackerFiles = []file{
	{name: "policy.csv", columns: policyColumns, extra: policyExtra, parse: (*parser).policyNode, entity: "policy_node", optional: true},
	{name: "initiatives.csv", columns: initiativeColumns, parse: (*parser).initiative, entity: "initiative", optional: true},
	{name: "indicators.csv", columns: indicatorColumns, parse: (*parser).indicator, entity: "indicator", optional: true},
	{name: "indicator_actuals.csv", columns: actualColumns, parse: (*parser).indicatorActual, entity: "indicator_actual", optional: true},
	{name: "engagements.csv", columns: engagementColumns, parse: (*parser).engagement, entity: "engagement", optional: true},
	{name: "commitments.csv", columns: commitmentColumns, parse: (*parser).commitment, entity: "commitment", optional: true},
	{name: "associations.csv", columns: associationColumns, parse: (*parser).association, entity: "association", optional: true},
	{name: "stakeholders.csv", columns: stakeholderColumns, parse: (*parser).stakeholder, entity: "stakeholder", optional: true},
	{name: "consultations.csv", columns: consultationColumns, parse: (*parser).consultation, entity: "consultation", optional: true},
}

func titles(row csvfile.Row) registry.Names {
	return registry.Names{EN: row.Get("title_en"), FR: row.Get("title_fr"), RW: row.Get("title_rw"), SW: row.Get("title_sw")}
}

func (p *parser) policyNode(row csvfile.Row) string {
	n := registry.PolicyNode{
		ID: row.Get("id"), Parent: row.Get("parent"), Kind: registry.PolicyNodeKind(row.Get("kind")),
		Position: p.integer(row, "position"), Title: titles(row),
		Adopted: p.date(row, "adopted"), Superseded: p.date(row, "superseded"), ParentStrategy: row.Get("parent_strategy"),
		Replaces: row.Get("replaces"), Meta: p.meta(row),
	}
	p.ds.PolicyNodes = append(p.ds.PolicyNodes, n)
	return n.ID
}

func (p *parser) initiative(row csvfile.Row) string {
	x := registry.Initiative{
		ID: row.Get("id"), Title: titles(row), Summary: row.Get("summary"), Objectives: list(row, "objectives"),
		LeadUnit: row.Get("lead_unit"), LeadMission: row.Get("lead_mission"), Partners: p.parties(row, "partners"),
		Start: p.date(row, "start"), End: p.date(row, "end"), Status: registry.InitiativeStatus(row.Get("status")),
		Meta: p.meta(row),
	}
	p.ds.Initiatives = append(p.ds.Initiatives, x)
	return x.ID
}

func (p *parser) indicator(row csvfile.Row) string {
	x := registry.Indicator{
		ID: row.Get("id"), Objective: row.Get("objective"), Title: titles(row), Measure: row.Get("measure"),
		Unit: row.Get("unit"), Direction: row.Get("direction"), Computed: row.Get("computed"),
		BaselinePeriod: period(row.Get("baseline_period")), BaselineValue: p.optionalNumber(row, "baseline_value"),
		Targets: p.targets(row, "targets"), Meta: p.meta(row),
	}
	if w := p.optionalNumber(row, "weight"); w != nil {
		x.Weight = *w
	}
	p.ds.Indicators = append(p.ds.Indicators, x)
	return x.ID
}

func (p *parser) indicatorActual(row csvfile.Row) string {
	x := registry.IndicatorActual{
		ID: row.Get("id"), Indicator: row.Get("indicator"), Period: period(row.Get("period")),
		Value: p.optionalNumber(row, "value"), Text: row.Get("text"), Evidence: row.Get("evidence"),
		RecordedAt: p.instant(row, "recorded_at"), RecordedBy: row.Get("recorded_by"),
		ApprovedAt: p.instant(row, "approved_at"), ApprovedBy: row.Get("approved_by"),
		Meta: p.meta(row),
	}
	p.ds.IndicatorActuals = append(p.ds.IndicatorActuals, x)
	return x.ID
}

func (p *parser) engagement(row csvfile.Row) string {
	x := registry.Engagement{
		ID: row.Get("id"), Kind: registry.EngagementKind(row.Get("kind")), Title: titles(row), Summary: row.Get("summary"),
		Direction: registry.EngagementDirection(row.Get("direction")), Level: registry.EngagementLevel(row.Get("level")),
		Start: p.date(row, "start"), End: p.date(row, "end"), City: row.Get("city"),
		Countries: list(row, "countries"), Organisations: list(row, "organisations"), Objectives: list(row, "objectives"),
		Mission: row.Get("mission"), Commission: row.Get("commission"), Session: p.integer(row, "session"),
		Association: row.Get("association"), RequestKind: registry.RequestKind(row.Get("request_kind")),
		Status: registry.RequestStatus(row.Get("status")), StatusDate: p.date(row, "status_date"),
		Personnel: p.integer(row, "personnel"), Public: p.boolean(row, "public"),
		Meta: p.meta(row),
	}
	p.ds.Engagements = append(p.ds.Engagements, x)
	return x.ID
}

func (p *parser) commitment(row csvfile.Row) string {
	x := registry.Commitment{
		ID: row.Get("id"), Engagement: row.Get("engagement"), Agreement: row.Get("agreement"), Text: row.Get("text"),
		Owner: row.Get("owner"), Due: p.date(row, "due"), Status: registry.CommitmentStatus(row.Get("status")),
		Closed: p.date(row, "closed"), Meta: p.meta(row),
	}
	p.ds.Commitments = append(p.ds.Commitments, x)
	return x.ID
}

func (p *parser) association(row csvfile.Row) string {
	x := registry.Association{
		ID: row.Get("id"), Name: row.Get("name"), Country: row.Get("country"), City: row.Get("city"),
		Contacts: registry.Contacts{Address: row.Get("address"), Phone: row.Get("phone"), Email: row.Get("email"), Website: row.Get("website")},
		Founded:  p.date(row, "founded"), Public: p.boolean(row, "public"), Meta: p.meta(row),
	}
	p.ds.Associations = append(p.ds.Associations, x)
	return x.ID
}

func (p *parser) stakeholder(row csvfile.Row) string {
	x := registry.Stakeholder{
		ID: row.Get("id"), Name: row.Get("name"), Category: registry.StakeholderCategory(row.Get("category")),
		Country: row.Get("country"), Website: row.Get("website"), Meta: p.meta(row),
	}
	p.ds.Stakeholders = append(p.ds.Stakeholders, x)
	return x.ID
}

func (p *parser) consultation(row csvfile.Row) string {
	x := registry.Consultation{
		ID: row.Get("id"), Policy: row.Get("policy"), Title: titles(row), Summary: row.Get("summary"),
		Opens: p.date(row, "opens"), Closes: p.date(row, "closes"),
		Stakeholders: list(row, "stakeholders"), Objectives: list(row, "objectives"), Outcome: row.Get("outcome"),
		Meta: p.meta(row),
	}
	p.ds.Consultations = append(p.ds.Consultations, x)
	return x.ID
}

// list reads items joined by ';', trimmed, empty ones skipped; nil when none.
func list(row csvfile.Row, col string) []string {
	var out []string
	for item := range strings.SplitSeq(row.Get(col), ";") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// period reads a fiscal year or quarter: "2025-2026 Q1" (or q1), the form
// indicators.csv documented first, is read as 2025-2026-Q1, the registry's
// form; other text is kept, trimmed, for the registry to check.
func period(s string) string {
	f := strings.Fields(s)
	if len(f) == 2 && len(f[1]) == 2 && (f[1][0] == 'Q' || f[1][0] == 'q') && f[1][1] >= '1' && f[1][1] <= '4' {
		return f[0] + "-Q" + f[1][1:]
	}
	return strings.TrimSpace(s)
}

// number parses a finite number; ok is false (and a problem recorded) when s
// is not one.
func (p *parser) number(row csvfile.Row, col, s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		p.fail(row.Errorf(col, "%q is not a number", s))
		return 0, false
	}
	return v, true
}

// optionalNumber reads a number, nil when the cell is empty or bad.
func (p *parser) optionalNumber(row csvfile.Row, col string) *float64 {
	s := row.Get(col)
	if s == "" {
		return nil
	}
	v, ok := p.number(row, col, s)
	if !ok {
		return nil
	}
	return &v
}

// targets reads PERIOD=VALUE items joined by ';', as package policy has
// always read indicators.csv: every item must be one, spaces around the
// period and value are ignored.
func (p *parser) targets(row csvfile.Row, col string) []registry.IndicatorTarget {
	s := row.Get(col)
	if s == "" {
		return nil
	}
	var out []registry.IndicatorTarget
	for part := range strings.SplitSeq(s, ";") {
		pd, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			p.fail(row.Errorf(col, "%q is not PERIOD=VALUE (e.g. 2026-2027=52)", part))
			continue
		}
		v, ok := p.number(row, col, strings.TrimSpace(value))
		if !ok {
			continue
		}
		out = append(out, registry.IndicatorTarget{Period: period(pd), Value: v})
	}
	return out
}

// instant reads an RFC 3339 time, kept in UTC; empty for none.
func (p *parser) instant(row csvfile.Row, col string) registry.Timestamp {
	s := row.Get(col)
	if s == "" {
		return registry.Timestamp{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		p.fail(row.Errorf(col, "%q is not a time in RFC 3339 (e.g. 2025-07-01T09:30:00Z)", s))
		return registry.Timestamp{}
	}
	return registry.Timestamp{Time: t.UTC()}
}

func numberCell(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func optionalNumberCell(v *float64) string {
	if v == nil {
		return ""
	}
	return numberCell(*v)
}

func instantCell(t registry.Timestamp) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func titleCells(r record, n registry.Names) record {
	r["title_en"], r["title_fr"], r["title_rw"], r["title_sw"] = n.EN, n.FR, n.RW, n.SW
	return r
}

// TargetsCell writes targets as indicators.csv holds them.
func TargetsCell(ts []registry.IndicatorTarget) string {
	items := make([]string, len(ts))
	for i, t := range ts {
		items[i] = t.Period + "=" + numberCell(t.Value)
	}
	return strings.Join(items, ";")
}

// trackerRows gives the rows Write writes to each tracker file.
var trackerRows = map[string]func(ds *registry.Dataset) []record{
	"policy.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.PolicyNodes, func(n *registry.PolicyNode) string { return n.ID }, func(n *registry.PolicyNode) record {
			return titleCells(record{
				"id": n.ID, "parent": n.Parent, "kind": string(n.Kind), "position": intCell(n.Position),
				"adopted": n.Adopted.String(), "superseded": n.Superseded.String(), "parent_strategy": n.ParentStrategy,
				"replaces": n.Replaces,
			}, n.Title).meta(n.Meta)
		})
	},
	"initiatives.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Initiatives, func(x *registry.Initiative) string { return x.ID }, func(x *registry.Initiative) record {
			return titleCells(record{
				"id": x.ID, "summary": x.Summary, "objectives": strings.Join(x.Objectives, ";"), "lead_unit": x.LeadUnit,
				"lead_mission": x.LeadMission, "partners": PartiesCell(x.Partners), "start": x.Start.String(),
				"end": x.End.String(), "status": string(x.Status),
			}, x.Title).meta(x.Meta)
		})
	},
	"indicators.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Indicators, func(x *registry.Indicator) string { return x.ID }, func(x *registry.Indicator) record {
			weight := ""
			if x.Weight != 0 {
				weight = numberCell(x.Weight)
			}
			return titleCells(record{
				"id": x.ID, "objective": x.Objective, "measure": x.Measure, "unit": x.Unit, "direction": x.Direction,
				"computed": x.Computed, "baseline_period": x.BaselinePeriod, "baseline_value": optionalNumberCell(x.BaselineValue),
				"targets": TargetsCell(x.Targets), "weight": weight,
			}, x.Title).meta(x.Meta)
		})
	},
	"indicator_actuals.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.IndicatorActuals, func(x *registry.IndicatorActual) string { return x.ID }, func(x *registry.IndicatorActual) record {
			return record{
				"id": x.ID, "indicator": x.Indicator, "period": x.Period, "value": optionalNumberCell(x.Value),
				"text": x.Text, "evidence": x.Evidence, "recorded_at": instantCell(x.RecordedAt), "recorded_by": x.RecordedBy,
				"approved_at": instantCell(x.ApprovedAt), "approved_by": x.ApprovedBy,
			}.meta(x.Meta)
		})
	},
	"engagements.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Engagements, func(x *registry.Engagement) string { return x.ID }, func(x *registry.Engagement) record {
			return titleCells(record{
				"id": x.ID, "kind": string(x.Kind), "summary": x.Summary, "direction": string(x.Direction),
				"level": string(x.Level), "start": x.Start.String(), "end": x.End.String(), "city": x.City,
				"countries": strings.Join(x.Countries, ";"), "organisations": strings.Join(x.Organisations, ";"),
				"objectives": strings.Join(x.Objectives, ";"), "mission": x.Mission, "commission": x.Commission,
				"session": intCell(x.Session), "association": x.Association, "request_kind": string(x.RequestKind),
				"status": string(x.Status), "status_date": x.StatusDate.String(), "personnel": intCell(x.Personnel),
				"public": boolCell(x.Public),
			}, x.Title).meta(x.Meta)
		})
	},
	"commitments.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Commitments, func(x *registry.Commitment) string { return x.ID }, func(x *registry.Commitment) record {
			return record{
				"id": x.ID, "engagement": x.Engagement, "agreement": x.Agreement, "text": x.Text, "owner": x.Owner,
				"due": x.Due.String(), "status": string(x.Status), "closed": x.Closed.String(),
			}.meta(x.Meta)
		})
	},
	"associations.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Associations, func(x *registry.Association) string { return x.ID }, func(x *registry.Association) record {
			return record{
				"id": x.ID, "name": x.Name, "country": x.Country, "city": x.City, "address": x.Contacts.Address,
				"phone": x.Contacts.Phone, "email": x.Contacts.Email, "website": x.Contacts.Website,
				"founded": x.Founded.String(), "public": boolCell(x.Public),
			}.meta(x.Meta)
		})
	},
	"stakeholders.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Stakeholders, func(x *registry.Stakeholder) string { return x.ID }, func(x *registry.Stakeholder) record {
			return record{
				"id": x.ID, "name": x.Name, "category": string(x.Category), "country": x.Country, "website": x.Website,
			}.meta(x.Meta)
		})
	},
	"consultations.csv": func(ds *registry.Dataset) []record {
		return rowsOf(ds.Consultations, func(x *registry.Consultation) string { return x.ID }, func(x *registry.Consultation) record {
			return titleCells(record{
				"id": x.ID, "policy": x.Policy, "summary": x.Summary, "opens": x.Opens.String(), "closes": x.Closes.String(),
				"stakeholders": strings.Join(x.Stakeholders, ";"), "objectives": strings.Join(x.Objectives, ";"),
				"outcome": x.Outcome,
			}, x.Title).meta(x.Meta)
		})
	},
}
