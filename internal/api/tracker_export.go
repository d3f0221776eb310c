package api

import (
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
)

// The policy tracker's files in the data package. The export holds the
// public data alone (publicDataset): engagements, associations and
// commitments that are not public are left out, and so are every judicial
// request and every actual awaiting approval. The package still loads back into an empty registry, since what
// is left refers only to what is left.

const (
	descList      = " Several values are separated by \";\"."
	descObjective = "an objective's id (policy.csv, kind objective)"
	// patternInstant is an RFC 3339 time in UTC, as the files write it.
	patternInstant = `[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z`
	patternSlugs   = `[a-z0-9]+(-[a-z0-9]+)*(;[a-z0-9]+(-[a-z0-9]+)*)*`
	patternNumber  = `-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?`
	// patternPeriod is a fiscal year ("2025-2026", or "2025" when fiscal
	// years start in January), or a quarter of one ("2025-2026-Q1").
	patternPeriod = `[0-9]{4}(-[0-9]{4})?(-Q[1-4])?`
)

var trackerExportResources = map[string]exportResource{
	"policy.csv": {title: "Foreign-policy framework", primaryKey: "id",
		description: "Every version of the foreign-policy framework: policies (the roots), their pillars and each pillar's objectives. The policy in force on a date is adopted by then (or has no adoption date) and not superseded by then; superseded versions stay as history."},
	"initiatives.csv": {title: "Initiatives", primaryKey: "id",
		description: "Actions the ministry takes to serve one or more objectives of the framework.",
		foreignKeys: [][3]string{{"lead_mission", "missions", "id"}}},
	"indicators.csv": {title: "Indicators", primaryKey: "id",
		description: "Indicators measuring progress towards the objectives, with their baselines and targets per fiscal period.",
		foreignKeys: [][3]string{{"objective", "policy", "id"}}},
	"indicator_actuals.csv": {title: "Indicator actuals", primaryKey: "id",
		description: "Approved values indicators reached in a period, or written updates, with their evidence, who recorded them and who approved them; actuals awaiting approval are not public. An actual recorded after its period closed is late. Evidence citing an engagement that is not public reads " + restrictedEvidence + ".",
		foreignKeys: [][3]string{{"indicator", "indicators", "id"}}},
	"engagements.csv": {title: "Engagements", primaryKey: "id",
		description: "Public engagements: visits, meetings, summits, joint commission sessions, trade missions, commemorations, community events and contributions to peace operations. Engagements that are not public and judicial-cooperation requests are not in the export (the API counts judicial requests by status).",
		foreignKeys: [][3]string{{"mission", "missions", "id"}, {"association", "associations", "id"}}},
	"commitments.csv": {title: "Commitments", primaryKey: "id",
		description: "Decisions of commission sessions, carried from one session to the next until done or dropped, and obligations under agreements; only those of public engagements and of agreements.",
		foreignKeys: [][3]string{{"engagement", "engagements", "id"}, {"agreement", "agreements", "id"}}},
	"associations.csv": {title: "Associations of nationals abroad", primaryKey: "id",
		description: "Public associations of the home state's nationals abroad, with their contacts.",
		foreignKeys: [][3]string{{"country", "countries", "iso2"}}},
	"stakeholders.csv": {title: "Stakeholders", primaryKey: "id",
		description: "The bodies the foreign policy is built with: public bodies, private sector, academia, civil society, diaspora and partners."},
	"consultations.csv": {title: "Consultations", primaryKey: "id",
		description: "Rounds of consultation on a version of the policy, open from opens to closes (both included), with the stakeholders invited, the objectives asked about, and the outcome.",
		foreignKeys: [][3]string{{"policy", "policy", "id"}}},
}

// trackerTitles describe the title_* columns of a file about what.
func trackerTitles(what string) map[string]dpField {
	return map[string]dpField{
		"title_en": dpText("The " + what + "'s title in English.").required(),
		"title_fr": dpText("The " + what + "'s title in French."),
		"title_rw": dpText("The " + what + "'s title in Kinyarwanda."),
		"title_sw": dpText("The " + what + "'s title in Swahili."),
	}
}

// withFields returns the union of field maps.
func withFields(ms ...map[string]dpField) map[string]dpField {
	out := map[string]dpField{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func dpBool(desc string) dpField {
	return dpField{Type: "boolean", Description: desc + " Written true or false.",
		TrueValues: []string{"true"}, FalseValues: []string{"false"}}
}

func dpInteger(min int, desc string) dpField {
	return dpField{Type: "integer", Description: desc, Constraints: &dpConstraints{Minimum: dpInt(min)}}
}

func dpNumber(desc string) dpField { return dpField{Type: "number", Description: desc} }

var trackerExportFields = map[string]map[string]dpField{
	"policy.csv": withFields(trackerTitles("node"), map[string]dpField{
		"id":              dpPattern(patternSlug, "Stable identifier of the node; never changes once published.").required(),
		"parent":          dpPattern(patternSlug, "The parent node: the policy for a pillar, a pillar for an objective; empty for a policy."),
		"kind":            dpEnum(registry.PolicyNodeKinds, "Kind of node.").required(),
		"position":        {Type: "integer", Description: "Order among the siblings, from 1.", Constraints: &dpConstraints{Required: true, Minimum: dpInt(1)}},
		"adopted":         dpDate("When the policy was adopted (policies only)."),
		"parent_strategy": dpText("The national strategy the policy serves (policies only)."),
		"superseded":      dpDate("When a later version replaced the policy (policies only); empty while in force."),
		"replaces":        dpPattern(patternSlug, "The node of the same kind, in an earlier version, that the pillar or objective continues; empty for a new one."),
	}),
	"initiatives.csv": withFields(trackerTitles("initiative"), map[string]dpField{
		"id":           dpPattern(patternSlug, "Stable identifier of the initiative; never changes once published.").required(),
		"summary":      dpText("What the initiative does."),
		"objectives":   dpPattern(patternSlugs, "The objectives it serves, each "+descObjective+"; at least one."+descList).required(),
		"lead_unit":    dpText("The unit of the ministry leading it."),
		"lead_mission": dpPattern(patternSlug, "The mission leading it, a missions.csv id."),
		"partners":     dpText("Partner states and organisations, each written type:code (state:KE, organisation:AU)." + descList),
		"start":        dpDate("When it started."),
		"end":          dpDate("When it ended or ends."),
		"status":       dpEnum(registry.InitiativeStatuses, "Where it stands.").required(),
	}),
	"indicators.csv": withFields(trackerTitles("indicator"), map[string]dpField{
		"id":              dpPattern(patternSlug, "Stable identifier of the indicator; never changes once published.").required(),
		"objective":       dpPattern(patternSlug, "The objective it measures, "+descObjective+".").required(),
		"measure":         dpEnum(registry.IndicatorMeasures, "What is measured: a count, a percentage, an amount (in unit) or written updates (qualitative).").required(),
		"unit":            dpText("The unit of an amount (e.g. USD)."),
		"direction":       dpEnum(registry.IndicatorDirections, "Which way is progress (quantitative indicators)."),
		"computed":        dpEnum(registry.FigureNames, "The registry figure the indicator's values are computed from; empty when people record them."),
		"baseline_period": dpPattern(patternPeriod, "The fiscal year or quarter the baseline was measured in."),
		"baseline_value":  dpNumber("The value the indicator starts from; empty when unknown, and for computed indicators (the registry's figure at the end of the baseline period)."),
		"targets":         dpText("The values to reach by the end of each period, written period=value (2026-2027=12)." + descList),
		"weight":          dpNumber("The indicator's weight in its objective's roll-up; empty for the default, 1."),
	}),
	"indicator_actuals.csv": {
		"id":          dpPattern(patternSlug, "Stable identifier of the actual; never changes once published.").required(),
		"indicator":   dpPattern(patternSlug, "The indicator, an indicators.csv id.").required(),
		"period":      dpPattern(patternPeriod, "The fiscal year or quarter the value was reached in.").required(),
		"value":       dpNumber("The value reached; empty for qualitative indicators."),
		"text":        dpText("The written update (qualitative indicators), or a comment."),
		"evidence":    dpText("An http(s) URL, or a record reference kind:id (kinds: " + strings.Join(registry.EvidenceKinds, ", ") + ")."),
		"recorded_at": dpPattern(patternInstant, "When the actual was recorded (RFC 3339, UTC); set by the system."),
		"recorded_by": dpText("Who recorded it, as the audit log names actors (user:3 for a staff user, token:12 for an API token); set by the system."),
		"approved_at": dpPattern(patternInstant, "When a policy officer approved it (RFC 3339, UTC); always set in the public export, which holds approved actuals only."),
		"approved_by": dpText("Who approved it, as the audit log names actors (user:3, token:12); always set in the public export."),
	},
	"engagements.csv": withFields(trackerTitles("engagement"), map[string]dpField{
		"id":            dpPattern(patternSlug, "Stable identifier of the engagement; never changes once published.").required(),
		"kind":          dpEnum(registry.EngagementKinds, "Kind of engagement (judicial_request never appears in the public export).").required(),
		"summary":       dpText("What happened."),
		"direction":     dpEnum(registry.EngagementDirections, "Who travelled (visits only): incoming visits come to the home state, outgoing ones leave it."),
		"level":         dpEnum(registry.EngagementLevels, "The highest level of a visit, meeting or summit."),
		"start":         dpDate("When it started.").required(),
		"end":           dpDate("When it ended."),
		"city":          dpText("Where it took place."),
		"countries":     dpPattern(`[A-Z]{2}(;[A-Z]{2})*`, "The countries involved, ISO 3166-1 alpha-2 codes."+descList),
		"organisations": dpText("The organisations involved, organisations.csv ids." + descList),
		"objectives":    dpPattern(patternSlugs, "The objectives it serves, each "+descObjective+"."+descList),
		"mission":       dpPattern(patternSlug, "The mission holding or leading it, a missions.csv id."),
		"commission":    dpPattern(patternSlug, "The joint permanent commission of a commission session (e.g. rw-ug-jpc)."),
		"session":       dpInteger(1, "The number of a commission session."),
		"association":   dpPattern(patternSlug, "The association of a community event, an associations.csv id."),
		"request_kind":  dpEnum(registry.RequestKinds, "The kind of a judicial-cooperation request (never in the public export)."),
		"status":        dpEnum(registry.RequestStatuses, "Where a judicial-cooperation request stands (never in the public export)."),
		"status_date":   dpDate("When a judicial-cooperation request reached its status."),
		"personnel":     dpInteger(0, "The number of personnel of a contribution to a peace operation."),
		"public":        dpBool("Whether the engagement is shown one by one; always true in the public export."),
	}),
	"commitments.csv": {
		"id":         dpPattern(patternSlug, "Stable identifier of the commitment; never changes once published.").required(),
		"engagement": dpPattern(patternSlug, "The commission session that took the decision, an engagements.csv id; empty for an obligation under an agreement."),
		"agreement":  dpPattern(patternSlug, "The agreement creating the obligation, an agreements.csv id; empty for a decision of a session."),
		"text":       dpText("What was decided or is owed.").required(),
		"owner":      dpText("Who carries it out: a unit of the ministry or a mission.").required(),
		"due":        dpDate("When it is due."),
		"status":     dpEnum(registry.CommitmentStatuses, "Where it stands.").required(),
		"closed":     dpDate("When it was done or dropped."),
	},
	"associations.csv": {
		"id":      dpPattern(patternSlug, "Stable identifier of the association; never changes once published.").required(),
		"name":    dpText("Name of the association.").required(),
		"country": dpPattern(patternISO2, "The country it is in. "+descCountry).required(),
		"city":    dpText("The city it is in."),
		"founded": dpDate("When it was founded."),
		"public":  dpBool("Whether the association is shown on the country's page; always true in the public export."),
	},
	"stakeholders.csv": {
		"id":       dpPattern(patternSlug, "Stable identifier of the stakeholder; never changes once published.").required(),
		"name":     dpText("Name of the body.").required(),
		"category": dpEnum(registry.StakeholderCategories, "Kind of stakeholder.").required(),
		"country":  dpPattern(patternISO2, "Its country, when it has one. "+descCountry),
	},
	"consultations.csv": withFields(trackerTitles("consultation"), map[string]dpField{
		"id":           dpPattern(patternSlug, "Stable identifier of the consultation; never changes once published.").required(),
		"policy":       dpPattern(patternSlug, "The version of the policy consulted on, a policy.csv id of kind policy.").required(),
		"summary":      dpText("What the consultation asks."),
		"opens":        dpDate("The first day submissions are taken."),
		"closes":       dpDate("The last day submissions are taken."),
		"stakeholders": dpPattern(patternSlugs, "The stakeholders invited, stakeholders.csv ids."+descList),
		"objectives":   dpPattern(patternSlugs, "The objectives asked about, each "+descObjective+"."+descList),
		"outcome":      dpText("What changed as a result, once closed."),
	}),
}
