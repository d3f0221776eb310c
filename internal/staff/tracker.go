package staff

import (
	"fmt"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
)

// The records of the foreign-policy tracker, kept by policy officers (and
// editors and admins): the framework, initiatives, indicators and their
// actuals, engagements, commitments, community associations, stakeholders
// and consultations. Each is edited through the generic pages; the
// registry's validation checks every save.

// trackerEntities are the tracker's entities, in the order of the
// navigation.
var trackerEntities = []*entity{
	policyNodeEntity, initiativeEntity, indicatorEntity, indicatorActualEntity, engagementEntity,
	commitmentEntity, associationEntity, stakeholderEntity, consultationEntity,
}

const (
	objectivesHelp = "Ids of objectives of the framework, separated by “;”: obj-trade; obj-peace."
	periodHelp     = "A fiscal year, as 2025-2026 (2025 when fiscal years start in January), or one of its quarters, as 2025-2026-Q3."
)

// policyNodeEntity is the framework: policies, their pillars and the
// pillars' objectives. Only a policy can be ended: "Supersede" dates when a
// later version replaced it; it stays, with its tree, as history. Pillars
// and objectives change with their policy and have no end of their own
// (corrected, or deleted by an admin when entered by mistake).
var policyNodeEntity = func() *entity {
	e := define("policy_node", "policy-nodes", "framework node", "Policy framework",
		func(ds *registry.Dataset) []registry.PolicyNode { return ds.PolicyNodes },
		func(x *registry.PolicyNode) string { return x.ID },
		func(x *registry.PolicyNode) *registry.Meta { return &x.Meta },
		concat([]field{
			idField(slugHelp),
			{Name: "kind", Path: "kind", Label: "Kind", Kind: enum, Options: options(registry.PolicyNodeKinds),
				Help: "A policy is a version of the framework; its pillars hang from it, and each pillar's objectives from the pillar."},
			{Name: "parent", Path: "parent", Label: "Parent", Kind: ref, Ref: "policy_node",
				Help: "The policy's id for a pillar, the pillar's id for an objective; empty for a policy."},
			{Name: "replaces", Path: "replaces", Label: "Replaces", Kind: ref, Ref: "policy_node",
				Help: "Pillars and objectives only: the id of the pillar or objective of an earlier version that this one continues, so that the indicators, initiatives and engagements of either count under both; empty for a new one."},
			{Name: "position", Path: "position", Label: "Position", Kind: number, Help: "Its order among the nodes of the same parent, from 1."},
		}, nameFields("title", "title", "Title", text), []field{
			{Name: "adopted", Path: "adopted", Label: "Adopted", Kind: date, Help: "Policies only: when it was adopted; empty when unknown."},
			{Name: "superseded", Path: "superseded", Label: "Superseded", Kind: date,
				Help: "Policies only: when a later version replaced it; empty while it is in force."},
			{Name: "parent_strategy", Path: "parent_strategy", Label: "National strategy it serves", Kind: text,
				Help: "Policies only: as Vision 2050."},
		}),
		[]string{"kind", "parent", "title_en", "superseded"})
	e.End = &ending{DateField: "superseded", Verb: "Supersede", Only: func(rec any) error {
		if n := rec.(*registry.PolicyNode); n.Kind != registry.NodePolicy {
			return fmt.Errorf("a %s is not superseded on its own: it changes with its policy (edit it, or supersede the policy)", n.Kind)
		}
		return nil
	}}
	e.decorate = decoratePolicyNode
	return e
}()

// initiativeEntity is the register of initiatives. "Complete" sets the
// end date and the status completed; a cancelled or suspended initiative
// is recorded by editing its status.
var initiativeEntity = func() *entity {
	e := define("initiative", "initiatives", "initiative", "Initiatives",
		func(ds *registry.Dataset) []registry.Initiative { return ds.Initiatives },
		func(x *registry.Initiative) string { return x.ID },
		func(x *registry.Initiative) *registry.Meta { return &x.Meta },
		concat([]field{idField(slugHelp)}, nameFields("title", "title", "Title", text), []field{
			{Name: "summary", Path: "summary", Label: "Summary", Kind: textarea},
			{Name: "objectives", Path: "objectives", Label: "Objectives served", Kind: idlist, Ref: "objective", Help: objectivesHelp + " At least one."},
			{Name: "lead_unit", Path: "lead_unit", Label: "Lead unit", Kind: text, Help: "The unit of the ministry that leads it."},
			{Name: "lead_mission", Path: "lead_mission", Label: "Lead mission", Kind: ref, Ref: "mission", Help: "The mission that leads it abroad, if any."},
			{Name: "partners", Path: "partners", Label: "Partner states and organisations", Kind: parties, Errs: []string{"partners_type"},
				Help: "One per line: state:KE or organisation:AU (a bare KE is a state)."},
			{Name: "status", Path: "status", Label: "Status", Kind: enum, Options: options(registry.InitiativeStatuses)},
			{Name: "start", Path: "start", Label: "Start", Kind: date},
			{Name: "end", Path: "end", Label: "End", Kind: date, Help: "When it was completed, cancelled or is planned to end."},
		}),
		[]string{"title_en", "status", "start", "end"})
	e.End = &ending{DateField: "end", StatusField: "status", Status: string(registry.InitiativeCompleted), Verb: "Complete"}
	return e
}()

// indicatorEntity is the indicators measuring the objectives. They have no
// end: an indicator dropped from the framework is corrected with it.
var indicatorEntity = define("indicator", "indicators", "indicator", "Indicators",
	func(ds *registry.Dataset) []registry.Indicator { return ds.Indicators },
	func(x *registry.Indicator) string { return x.ID },
	func(x *registry.Indicator) *registry.Meta { return &x.Meta },
	concat([]field{
		idField(slugHelp),
		{Name: "objective", Path: "objective", Label: "Objective measured", Kind: ref, Ref: "objective"},
	}, nameFields("title", "title", "Title", text), []field{
		{Name: "measure", Path: "measure", Label: "Measure", Kind: enum, Options: registry.IndicatorMeasures,
			Help: "A qualitative indicator takes written updates, no numbers."},
		{Name: "unit", Path: "unit", Label: "Unit", Kind: text, Help: "The unit of an amount, as USD; empty otherwise."},
		{Name: "direction", Path: "direction", Label: "Direction of progress", Kind: enum, Options: registry.IndicatorDirections, Optional: true,
			Help: "Empty for a qualitative indicator."},
		{Name: "computed", Path: "computed", Label: "Computed from the registry figure", Kind: enum, Options: registry.FigureNames, Optional: true,
			Help: "Its actuals then come from the registry; empty when policy officers record them."},
		{Name: "baseline_period", Path: "baseline_period", Label: "Baseline period", Kind: text, Help: periodHelp + " Empty: no baseline."},
		{Name: "baseline_value", Path: "baseline_value", Label: "Baseline value", Kind: decimal,
			Help: "Empty when unknown, and for a computed indicator (its baseline is the registry's figure)."},
		{Name: "targets", Path: "targets", Label: "Targets", Kind: targets,
			Help: "One per line: PERIOD=VALUE, as 2026-2027=52 or 2026-2027-Q2=13; the value to reach by the end of the period."},
		{Name: "weight", Path: "weight", Label: "Weight in its objective", Kind: decimal, Help: "Empty means 1."},
	}),
	[]string{"objective", "title_en", "measure"})

// indicatorActualEntity is the values and updates recorded for the
// indicators. The form never edits who recorded or approved one: every save
// stamps it (registry.StampActual) and "Approve" approves it (policy
// officers and admins). Actuals have no end: a wrong one is corrected, or
// deleted by an admin.
var indicatorActualEntity = func() *entity {
	e := define("indicator_actual", "indicator-actuals", "indicator actual", "Indicator actuals",
		func(ds *registry.Dataset) []registry.IndicatorActual { return ds.IndicatorActuals },
		func(x *registry.IndicatorActual) string { return x.ID },
		func(x *registry.IndicatorActual) *registry.Meta { return &x.Meta },
		[]field{
			idField(slugHelp),
			{Name: "indicator", Path: "indicator", Label: "Indicator", Kind: ref, Ref: "indicator"},
			{Name: "period", Path: "period", Label: "Period", Kind: text, Help: periodHelp},
			{Name: "value", Path: "value", Label: "Value reached", Kind: decimal,
				Help: "The level at the end of the period (quantitative indicators); empty for a qualitative one."},
			{Name: "text", Path: "text", Label: "Update or comment", Kind: textarea, Help: "The written update of a qualitative indicator, or a comment."},
			{Name: "evidence", Path: "evidence", Label: "Evidence", Kind: text,
				Help: "An http(s) address, or a record as kind:id (kinds: " + strings.Join(registry.EvidenceKinds, ", ") + "), as agreement:rw-ke-air."},
		},
		[]string{"indicator", "period", "value"})
	e.beforeSave = stampActual
	e.decorate = decorateActual
	return e
}()

// engagementEntity is the register of engagements. They have no end: each
// is dated (start, end) when recorded.
var engagementEntity = define("engagement", "engagements", "engagement", "Engagements",
	func(ds *registry.Dataset) []registry.Engagement { return ds.Engagements },
	func(x *registry.Engagement) string { return x.ID },
	func(x *registry.Engagement) *registry.Meta { return &x.Meta },
	concat([]field{
		idField(slugHelp),
		{Name: "kind", Path: "kind", Label: "Kind", Kind: enum, Options: options(registry.EngagementKinds)},
	}, nameFields("title", "title", "Title", text), []field{
		{Name: "summary", Path: "summary", Label: "Summary", Kind: textarea},
		{Name: "direction", Path: "direction", Label: "Direction", Kind: enum, Options: options(registry.EngagementDirections), Optional: true,
			Help: "Visits only: incoming (to the home state) or outgoing."},
		{Name: "level", Path: "level", Label: "Level", Kind: enum, Options: options(registry.EngagementLevels), Optional: true,
			Help: "Visits, meetings and summits: the highest level taking part."},
		{Name: "start", Path: "start", Label: "Start", Kind: date},
		{Name: "end", Path: "end", Label: "End", Kind: date, Help: "Empty for a single day."},
		{Name: "city", Path: "city", Label: "City", Kind: text},
		{Name: "countries", Path: "countries", Label: "Countries involved", Kind: idlist, Ref: "country",
			Help: "ISO codes, separated by “;”: KE; UG."},
		{Name: "organisations", Path: "organisations", Label: "Organisations involved", Kind: idlist, Ref: "organisation",
			Help: "Organisation ids, separated by “;”: AU; EAC."},
		{Name: "objectives", Path: "objectives", Label: "Objectives served", Kind: idlist, Ref: "objective", Help: objectivesHelp},
		{Name: "mission", Path: "mission", Label: "Mission", Kind: ref, Ref: "mission", Help: "The mission holding or leading it, if any."},
		{Name: "commission", Path: "commission", Label: "Joint permanent commission", Kind: text,
			Help: "Commission sessions only: the commission, as rw-ug-jpc."},
		{Name: "session", Path: "session", Label: "Session number", Kind: number, Help: "Commission sessions only."},
		{Name: "association", Path: "association", Label: "Community association", Kind: ref, Ref: "association", Help: "Community events only."},
		{Name: "request_kind", Path: "request_kind", Label: "Kind of request", Kind: enum, Options: options(registry.RequestKinds), Optional: true,
			Help: "Judicial requests only."},
		{Name: "status", Path: "status", Label: "Status of the request", Kind: enum, Options: options(registry.RequestStatuses), Optional: true,
			Help: "Judicial requests only: where it stands."},
		{Name: "status_date", Path: "status_date", Label: "Date of that status", Kind: date, Help: "Judicial requests only."},
		{Name: "personnel", Path: "personnel", Label: "Personnel", Kind: number, Help: "Peace contributions only: the number of personnel."},
		{Name: "public", Path: "public", Label: "Shown on the public portal", Kind: boolean,
			Help: "Judicial requests are never shown one by one, whatever this says: only counted by status."},
	}),
	[]string{"kind", "title_en", "start", "public"})

// commitmentEntity is the decisions of commission sessions and the
// obligations under agreements. "Complete" sets the closed date and the
// status done, which is what closing a commitment usually means; a dropped
// one is recorded by editing its status to dropped, with the date it was
// closed.
var commitmentEntity = func() *entity {
	e := define("commitment", "commitments", "commitment", "Commitments",
		func(ds *registry.Dataset) []registry.Commitment { return ds.Commitments },
		func(x *registry.Commitment) string { return x.ID },
		func(x *registry.Commitment) *registry.Meta { return &x.Meta },
		[]field{
			idField(slugHelp),
			{Name: "engagement", Path: "engagement", Label: "Commission session", Kind: ref, Ref: "engagement",
				Help: "The engagement (a commission session) that decided it. Set this or the agreement, not both."},
			{Name: "agreement", Path: "agreement", Label: "Agreement", Kind: ref, Ref: "agreement",
				Help: "The agreement that creates the obligation. Set this or the commission session, not both."},
			{Name: "text", Path: "text", Label: "What was committed", Kind: textarea},
			{Name: "owner", Path: "owner", Label: "Owner", Kind: text, Help: "The unit of the ministry or the mission responsible."},
			{Name: "due", Path: "due", Label: "Due", Kind: date},
			{Name: "status", Path: "status", Label: "Status", Kind: enum, Options: options(registry.CommitmentStatuses)},
			{Name: "closed", Path: "closed", Label: "Closed", Kind: date, Help: "When it was done or dropped; empty while open or in progress."},
		},
		[]string{"owner", "due", "status"})
	e.End = &ending{DateField: "closed", StatusField: "status", Status: string(registry.CommitmentDone), Verb: "Complete"}
	return e
}()

// associationEntity is the communities of nationals abroad. They have no
// end (corrected, or deleted by an admin).
var associationEntity = define("association", "associations", "community association", "Community associations",
	func(ds *registry.Dataset) []registry.Association { return ds.Associations },
	func(x *registry.Association) string { return x.ID },
	func(x *registry.Association) *registry.Meta { return &x.Meta },
	concat([]field{
		idField(slugHelp),
		{Name: "name", Path: "name", Label: "Name", Kind: text},
		{Name: "country", Path: "country", Label: "Country", Kind: ref, Ref: "country"},
		{Name: "city", Path: "city", Label: "City", Kind: text},
	}, contactFields, []field{
		{Name: "founded", Path: "founded", Label: "Founded", Kind: date},
		{Name: "public", Path: "public", Label: "Shown on the country's public page", Kind: boolean,
			Help: "With its contacts: tick only when the association agreed to be listed."},
	}),
	[]string{"name", "country", "city", "public"})

// stakeholderEntity is the bodies the policy is built with. They have no
// end (corrected, or deleted by an admin).
var stakeholderEntity = define("stakeholder", "stakeholders", "stakeholder", "Stakeholders",
	func(ds *registry.Dataset) []registry.Stakeholder { return ds.Stakeholders },
	func(x *registry.Stakeholder) string { return x.ID },
	func(x *registry.Stakeholder) *registry.Meta { return &x.Meta },
	[]field{
		idField(slugHelp),
		{Name: "name", Path: "name", Label: "Name", Kind: text},
		{Name: "category", Path: "category", Label: "Category", Kind: enum, Options: options(registry.StakeholderCategories)},
		{Name: "country", Path: "country", Label: "Country", Kind: ref, Ref: "country", Help: "Empty for a body of the home state."},
		{Name: "website", Path: "website", Label: "Website", Kind: text, Help: "An http:// or https:// address."},
	},
	[]string{"name", "category"})

// consultationEntity is the rounds of consultation on the policy. They
// have no end: each closes on its closing date.
var consultationEntity = define("consultation", "consultations", "consultation", "Consultations",
	func(ds *registry.Dataset) []registry.Consultation { return ds.Consultations },
	func(x *registry.Consultation) string { return x.ID },
	func(x *registry.Consultation) *registry.Meta { return &x.Meta },
	concat([]field{
		idField(slugHelp),
		{Name: "policy", Path: "policy", Label: "Policy consulted on", Kind: ref, Ref: "policy", Help: "The version of the policy (a policy node's id)."},
	}, nameFields("title", "title", "Title", text), []field{
		{Name: "summary", Path: "summary", Label: "Summary", Kind: textarea},
		{Name: "opens", Path: "opens", Label: "Opens", Kind: date, Help: "The first day submissions are taken."},
		{Name: "closes", Path: "closes", Label: "Closes", Kind: date, Help: "The last day submissions are taken."},
		{Name: "stakeholders", Path: "stakeholders", Label: "Stakeholders invited", Kind: idlist, Ref: "stakeholder",
			Help: "Stakeholder ids, separated by “;”."},
		{Name: "objectives", Path: "objectives", Label: "Objectives it asks about", Kind: idlist, Ref: "objective", Help: objectivesHelp},
		{Name: "outcome", Path: "outcome", Label: "Outcome", Kind: textarea, Help: "Once closed: what changed as a result."},
	}),
	[]string{"title_en", "opens", "closes"})
