package registry

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestTrackerFixtureIsValid(t *testing.T) {
	if err := New(trackerFixture()).Validate(); err != nil {
		t.Fatal(err)
	}
}

// find returns the record of list whose id is id.
func find[T any](t *testing.T, list []T, id string, idOf func(*T) string) *T {
	t.Helper()
	for i := range list {
		if idOf(&list[i]) == id {
			return &list[i]
		}
	}
	t.Fatalf("no record %s", id)
	return nil
}

// TestTrackerValidationRules breaks one rule at a time and checks that the
// field is reported with its reason.
func TestTrackerValidationRules(t *testing.T) {
	node := func(ds *Dataset, id string) *PolicyNode {
		return find(t, ds.PolicyNodes, id, func(x *PolicyNode) string { return x.ID })
	}
	ind := func(ds *Dataset, id string) *Indicator {
		return find(t, ds.Indicators, id, func(x *Indicator) string { return x.ID })
	}
	act := func(ds *Dataset, id string) *IndicatorActual {
		return find(t, ds.IndicatorActuals, id, func(x *IndicatorActual) string { return x.ID })
	}
	eng := func(ds *Dataset, id string) *Engagement {
		return find(t, ds.Engagements, id, func(x *Engagement) string { return x.ID })
	}
	com := func(ds *Dataset, id string) *Commitment {
		return find(t, ds.Commitments, id, func(x *Commitment) string { return x.ID })
	}
	v := func(f float64) *float64 { return &f }
	tests := []struct {
		name   string
		break_ func(ds *Dataset)
		entity string
		id     string
		field  string
		reason string // substring
	}{
		// Policy nodes.
		{"node id is a slug", func(ds *Dataset) { node(ds, "obj-trade").ID = "Obj Trade" }, "policy_node", "Obj Trade", "id", "lower-case"},
		{"node id unique", func(ds *Dataset) { node(ds, "obj-trade").ID = "obj-diaspora" }, "policy_node", "obj-diaspora", "id", "used twice"},
		{"node kind", func(ds *Dataset) { node(ds, "obj-trade").Kind = "goal" }, "policy_node", "obj-trade", "kind", `"goal" is not one of policy, pillar, objective`},
		{"node title", func(ds *Dataset) { node(ds, "obj-trade").Title.EN = " " }, "policy_node", "obj-trade", "title_en", "is required"},
		{"node title length", func(ds *Dataset) { node(ds, "obj-trade").Title.FR = strings.Repeat("x", 301) }, "policy_node", "obj-trade", "title_fr", "longer than 300"},
		{"position from 1", func(ds *Dataset) { node(ds, "obj-trade").Position = 0 }, "policy_node", "obj-trade", "position", "from 1"},
		{"position unique among siblings", func(ds *Dataset) { node(ds, "pillar-prosperity").Position = 1 }, "policy_node", "pillar-prosperity", "position", `also the position of "pillar-people" under "fp-2025"`},
		{"policy has no parent", func(ds *Dataset) { node(ds, "fp-2025").Parent = "fp-2015" }, "policy_node", "fp-2025", "parent", "root"},
		{"pillar needs a parent", func(ds *Dataset) { node(ds, "pillar-people").Parent = "" }, "policy_node", "pillar-people", "parent", "is required"},
		{"pillar's parent exists", func(ds *Dataset) { node(ds, "pillar-people").Parent = "fp-1999" }, "policy_node", "pillar-people", "parent", `policy "fp-1999" does not exist`},
		{"pillar's parent is a policy", func(ds *Dataset) { node(ds, "pillar-people").Parent = "pillar-prosperity" }, "policy_node", "pillar-people", "parent", "the parent of a pillar is a policy"},
		{"objective's parent is a pillar", func(ds *Dataset) { node(ds, "obj-trade").Parent = "fp-2025" }, "policy_node", "obj-trade", "parent", "the parent of an objective is a pillar"},
		{"adopted on policies only", func(ds *Dataset) { node(ds, "pillar-people").Adopted = MustDate("2025") }, "policy_node", "pillar-people", "adopted", "only a policy"},
		{"superseded on policies only", func(ds *Dataset) { node(ds, "obj-trade").Superseded = MustDate("2025") }, "policy_node", "obj-trade", "superseded", "only a policy"},
		{"strategy on policies only", func(ds *Dataset) { node(ds, "obj-trade").ParentStrategy = "Vision" }, "policy_node", "obj-trade", "parent_strategy", "only a policy"},
		{"superseded after adopted", func(ds *Dataset) { node(ds, "fp-2015").Superseded = MustDate("2015-06-01") }, "policy_node", "fp-2015", "superseded", "not after the policy was adopted"},

		// Initiatives.
		{"initiative objectives required", func(ds *Dataset) { ds.Initiatives[0].Objectives = nil }, "initiative", "init-trade", "objectives", "at least one"},
		{"initiative objective exists", func(ds *Dataset) { ds.Initiatives[0].Objectives = []string{"obj-x"} }, "initiative", "init-trade", "objectives", `objective "obj-x" does not exist`},
		{"initiative objective is an objective", func(ds *Dataset) { ds.Initiatives[0].Objectives = []string{"pillar-people"} }, "initiative", "init-trade", "objectives", "is a pillar, not an objective"},
		{"initiative objective twice", func(ds *Dataset) { ds.Initiatives[0].Objectives = []string{"obj-trade", "obj-trade"} }, "initiative", "init-trade", "objectives", "listed twice"},
		{"initiative mission exists", func(ds *Dataset) { ds.Initiatives[0].LeadMission = "rw-xx" }, "initiative", "init-trade", "lead_mission", "does not exist"},
		{"initiative partner exists", func(ds *Dataset) { ds.Initiatives[0].Partners = []Party{OrgParty("NOPE")} }, "initiative", "init-trade", "partners", "does not exist"},
		{"initiative partner country", func(ds *Dataset) { ds.Initiatives[0].Partners = []Party{StateParty("QQ")} }, "initiative", "init-trade", "partners", "not an ISO 3166-1 country code"},
		{"initiative home partner", func(ds *Dataset) { ds.Initiatives[0].Partners = []Party{StateParty("RW")} }, "initiative", "init-trade", "partners", "home state"},
		{"initiative end before start", func(ds *Dataset) { ds.Initiatives[0].End = MustDate("2025-06") }, "initiative", "init-trade", "end", "before start"},
		{"initiative status", func(ds *Dataset) { ds.Initiatives[0].Status = "" }, "initiative", "init-trade", "status", "is required (one of planned, ongoing"},

		// Indicators.
		{"indicator objective exists", func(ds *Dataset) { ind(ds, "ind-exports").Objective = "obj-x" }, "indicator", "ind-exports", "objective", "does not exist"},
		{"indicator objective kind", func(ds *Dataset) { ind(ds, "ind-exports").Objective = "fp-2025" }, "indicator", "ind-exports", "objective", "is a policy, not an objective"},
		{"indicator measure", func(ds *Dataset) { ind(ds, "ind-exports").Measure = "ratio" }, "indicator", "ind-exports", "measure", "not one of count, percentage, amount, qualitative"},
		{"indicator direction", func(ds *Dataset) { ind(ds, "ind-exports").Direction = "" }, "indicator", "ind-exports", "direction", "is required (one of increase, decrease, maintain)"},
		{"amount needs a unit", func(ds *Dataset) { ind(ds, "ind-exports").Unit = "" }, "indicator", "ind-exports", "unit", "required for an amount"},
		{"unit length", func(ds *Dataset) { ind(ds, "ind-exports").Unit = strings.Repeat("U", 21) }, "indicator", "ind-exports", "unit", "longer than 20"},
		{"computed figure exists", func(ds *Dataset) { ind(ds, "ind-visits").Computed = "visits" }, "indicator", "ind-visits", "computed", `"visits" is not a figure the registry computes`},
		{"computed counts", func(ds *Dataset) { ind(ds, "ind-visits").Measure = MeasurePercentage }, "indicator", "ind-visits", "computed", "measure must be count"},
		{"computed has no baseline value", func(ds *Dataset) { ind(ds, "ind-visits").BaselineValue = v(3) }, "indicator", "ind-visits", "baseline_value", "computed"},
		{"qualitative has no direction", func(ds *Dataset) { ind(ds, "ind-voice").Direction = DirectionIncrease }, "indicator", "ind-voice", "direction", "qualitative"},
		{"qualitative has no baseline", func(ds *Dataset) { ind(ds, "ind-voice").BaselinePeriod = "2024-2025" }, "indicator", "ind-voice", "baseline_period", "qualitative"},
		{"qualitative has no baseline value", func(ds *Dataset) { ind(ds, "ind-voice").BaselineValue = v(1) }, "indicator", "ind-voice", "baseline_value", "qualitative"},
		{"qualitative has no targets", func(ds *Dataset) { ind(ds, "ind-voice").Targets = []IndicatorTarget{{"2025-2026", 1}} }, "indicator", "ind-voice", "targets", "qualitative"},
		{"baseline period syntax", func(ds *Dataset) { ind(ds, "ind-exports").BaselinePeriod = "2024/25" }, "indicator", "ind-exports", "baseline_period", "want YYYY-YYYY"},
		{"baseline period years follow", func(ds *Dataset) { ind(ds, "ind-exports").BaselinePeriod = "2024-2026" }, "indicator", "ind-exports", "baseline_period", "two consecutive calendar years: write 2024-2025"},
		{"baseline quarter", func(ds *Dataset) { ind(ds, "ind-exports").BaselinePeriod = "2024-2025-Q5" }, "indicator", "ind-exports", "baseline_period", "Q1, Q2, Q3 or Q4"},
		{"baseline period with a value", func(ds *Dataset) { ind(ds, "ind-exports").BaselinePeriod = "" }, "indicator", "ind-exports", "baseline_period", "required with a baseline value"},
		{"baseline value finite", func(ds *Dataset) { ind(ds, "ind-exports").BaselineValue = v(math.Inf(1)) }, "indicator", "ind-exports", "baseline_value", "not a number"},
		{"baseline value bounded", func(ds *Dataset) { ind(ds, "ind-exports").BaselineValue = v(-2e15) }, "indicator", "ind-exports", "baseline_value", "larger than 1e+15"},
		{"percentage bounded", func(ds *Dataset) { ind(ds, "ind-share").BaselineValue = v(101) }, "indicator", "ind-share", "baseline_value", "from 0 to 100"},
		{"target period syntax", func(ds *Dataset) { ind(ds, "ind-exports").Targets[0].Period = "2025-2026 Q2" }, "indicator", "ind-exports", "targets[0].period", "not a period"},
		{"target period required", func(ds *Dataset) { ind(ds, "ind-exports").Targets[0].Period = "" }, "indicator", "ind-exports", "targets[0].period", "is required"},
		{"target period twice", func(ds *Dataset) { ind(ds, "ind-exports").Targets[1].Period = "2025-2026-Q2" }, "indicator", "ind-exports", "targets[1].period", "already has a target (targets[0])"},
		{"target after the baseline", func(ds *Dataset) { ind(ds, "ind-exports").Targets[0].Period = "2024-2025-Q4" }, "indicator", "ind-exports", "targets[0].period", "does not end after the baseline period"},
		{"target value finite", func(ds *Dataset) { ind(ds, "ind-exports").Targets[1].Value = math.NaN() }, "indicator", "ind-exports", "targets[1].value", "not a number"},
		{"count target is whole", func(ds *Dataset) { ind(ds, "ind-visits").Targets[0].Value = 2.5 }, "indicator", "ind-visits", "targets[0].value", "whole number"},
		{"count target not negative", func(ds *Dataset) { ind(ds, "ind-visits").Targets[0].Value = -1 }, "indicator", "ind-visits", "targets[0].value", "0 or more"},
		{"indicator note control character", func(ds *Dataset) { ind(ds, "ind-exports").Note = "a\x00b" }, "indicator", "ind-exports", "note", "control character"},
		{"increasing target above baseline", func(ds *Dataset) { ind(ds, "ind-exports").Targets[1].Value = 90 }, "indicator", "ind-exports", "targets[1].value", "must be above the baseline 100"},
		{"decreasing target below baseline", func(ds *Dataset) { ind(ds, "ind-exports").Direction = DirectionDecrease }, "indicator", "ind-exports", "targets[0].value", "must be below the baseline 100"},
		{"weight bounded", func(ds *Dataset) { ind(ds, "ind-exports").Weight = 1001 }, "indicator", "ind-exports", "weight", "from 0 to 1000"},
		{"weight not negative", func(ds *Dataset) { ind(ds, "ind-exports").Weight = -1 }, "indicator", "ind-exports", "weight", "from 0 to 1000"},
		{"weight a number", func(ds *Dataset) { ind(ds, "ind-exports").Weight = math.NaN() }, "indicator", "ind-exports", "weight", "from 0 to 1000"},

		// Actuals.
		{"actual indicator exists", func(ds *Dataset) { act(ds, "act-share").Indicator = "ind-x" }, "indicator_actual", "act-share", "indicator", `indicator "ind-x" does not exist`},
		{"actual indicator required", func(ds *Dataset) { act(ds, "act-share").Indicator = "" }, "indicator_actual", "act-share", "indicator", "is required"},
		{"no actuals for computed", func(ds *Dataset) { act(ds, "act-share").Indicator = "ind-visits" }, "indicator_actual", "act-share", "indicator", "takes no recorded actuals"},
		{"quantitative needs a value", func(ds *Dataset) { act(ds, "act-share").Value = nil }, "indicator_actual", "act-share", "value", "is required"},
		{"qualitative has no value", func(ds *Dataset) { act(ds, "act-voice").Value = v(1) }, "indicator_actual", "act-voice", "value", "must be empty"},
		{"qualitative needs text", func(ds *Dataset) { act(ds, "act-voice").Text = "" }, "indicator_actual", "act-voice", "text", "is required"},
		{"actual value finite", func(ds *Dataset) { act(ds, "act-exports-q1").Value = v(math.NaN()) }, "indicator_actual", "act-exports-q1", "value", "not a number"},
		{"actual value bounded", func(ds *Dataset) { act(ds, "act-exports-q1").Value = v(1e16) }, "indicator_actual", "act-exports-q1", "value", "larger than"},
		{"actual value bounded, unknown indicator", func(ds *Dataset) {
			act(ds, "act-exports-q1").Indicator, act(ds, "act-exports-q1").Value = "ind-x", v(math.Inf(-1))
		}, "indicator_actual", "act-exports-q1", "value", "not a number"},
		{"actual percentage", func(ds *Dataset) { act(ds, "act-share").Value = v(-1) }, "indicator_actual", "act-share", "value", "from 0 to 100"},
		{"actual period", func(ds *Dataset) { act(ds, "act-share").Period = "2025" }, "indicator_actual", "act-share", "period", "want YYYY-YYYY"},
		{"actual period required", func(ds *Dataset) { act(ds, "act-share").Period = "" }, "indicator_actual", "act-share", "period", "is required"},
		{"evidence required", func(ds *Dataset) { act(ds, "act-share").Evidence = "" }, "indicator_actual", "act-share", "evidence", "is required"},
		{"evidence kind", func(ds *Dataset) { act(ds, "act-share").Evidence = "mission:rw-ke-nairobi" }, "indicator_actual", "act-share", "evidence", "neither an http(s) URL nor a record reference"},
		{"evidence scheme", func(ds *Dataset) { act(ds, "act-share").Evidence = "javascript:alert(1)" }, "indicator_actual", "act-share", "evidence", "neither an http(s) URL"},
		{"evidence other URL scheme", func(ds *Dataset) { act(ds, "act-share").Evidence = "ftp://example.org/file" }, "indicator_actual", "act-share", "evidence", "neither an http(s) URL"},
		{"evidence bare host", func(ds *Dataset) { act(ds, "act-share").Evidence = "www.example.org" }, "indicator_actual", "act-share", "evidence", "neither an http(s) URL"},
		{"evidence URL host", func(ds *Dataset) { act(ds, "act-share").Evidence = "https:///path" }, "indicator_actual", "act-share", "evidence", "not a valid URL"},
		{"evidence spaces", func(ds *Dataset) { act(ds, "act-share").Evidence = "document:annual report" }, "indicator_actual", "act-share", "evidence", "spaces"},
		{"evidence engagement exists", func(ds *Dataset) { act(ds, "act-share").Evidence = "engagement:visit-x" }, "indicator_actual", "act-share", "evidence", `engagement "visit-x" does not exist`},
		{"evidence agreement exists", func(ds *Dataset) { act(ds, "act-share").Evidence = "agreement:x" }, "indicator_actual", "act-share", "evidence", `agreement "x" does not exist`},
		{"evidence initiative exists", func(ds *Dataset) { act(ds, "act-share").Evidence = "initiative:x" }, "indicator_actual", "act-share", "evidence", `initiative "x" does not exist`},
		{"evidence names a record", func(ds *Dataset) { act(ds, "act-share").Evidence = "document:" }, "indicator_actual", "act-share", "evidence", "names no document"},
		{"evidence length", func(ds *Dataset) { act(ds, "act-share").Evidence = "https://example.org/" + strings.Repeat("a", 2000) }, "indicator_actual", "act-share", "evidence", "longer than 2000"},
		{"approved_by without approved_at", func(ds *Dataset) { act(ds, "act-share").ApprovedBy = "head" }, "indicator_actual", "act-share", "approved_by", "both the approver and the time"},
		{"approved_at without approved_by", func(ds *Dataset) { act(ds, "act-exports-q1").ApprovedBy = "" }, "indicator_actual", "act-exports-q1", "approved_by", "both the approver and the time"},
		{"approved before recorded", func(ds *Dataset) {
			a := act(ds, "act-exports-q1")
			a.ApprovedAt = Timestamp{a.RecordedAt.Add(-time.Minute)}
		}, "indicator_actual", "act-exports-q1", "approved_at", "before the actual was recorded"},
		{"actual text length", func(ds *Dataset) { act(ds, "act-voice").Text = strings.Repeat("x", 4001) }, "indicator_actual", "act-voice", "text", "longer than 4000"},
		{"actual id unique", func(ds *Dataset) { act(ds, "act-voice").ID = "act-share" }, "indicator_actual", "act-share", "id", "used twice"},

		// Engagements.
		{"engagement kind", func(ds *Dataset) { eng(ds, "summit-au").Kind = "party" }, "engagement", "summit-au", "kind", "not one of visit, meeting, summit"},
		{"engagement start", func(ds *Dataset) { eng(ds, "summit-au").Start = Date{} }, "engagement", "summit-au", "start", "is required"},
		{"engagement end before start", func(ds *Dataset) { eng(ds, "visit-ke-2025").End = MustDate("2025-08-11") }, "engagement", "visit-ke-2025", "end", "before start"},
		{"engagement country", func(ds *Dataset) { eng(ds, "visit-ke-2025").Countries = []string{"XX"} }, "engagement", "visit-ke-2025", "countries", "not an ISO 3166-1 country code"},
		{"engagement country twice", func(ds *Dataset) { eng(ds, "visit-ke-2025").Countries = []string{"KE", "KE"} }, "engagement", "visit-ke-2025", "countries", "listed twice"},
		{"engagement organisation", func(ds *Dataset) { eng(ds, "summit-au").Organisations = []string{"UNX"} }, "engagement", "summit-au", "organisations", `organisation "UNX" does not exist`},
		{"engagement objective", func(ds *Dataset) { eng(ds, "summit-au").Objectives = []string{"pillar-people"} }, "engagement", "summit-au", "objectives", "not an objective"},
		{"engagement mission", func(ds *Dataset) { eng(ds, "event-ke").Mission = "rw-xx" }, "engagement", "event-ke", "mission", "does not exist"},
		{"visit needs a direction", func(ds *Dataset) { eng(ds, "visit-ke-2025").Direction = "" }, "engagement", "visit-ke-2025", "direction", "is required (one of incoming, outgoing)"},
		{"visit direction", func(ds *Dataset) { eng(ds, "visit-ke-2025").Direction = "inbound" }, "engagement", "visit-ke-2025", "direction", "not one of incoming, outgoing"},
		{"direction on visits only", func(ds *Dataset) { eng(ds, "summit-au").Direction = Incoming }, "engagement", "summit-au", "direction", "it is for visits, not a summit"},
		{"level", func(ds *Dataset) { eng(ds, "summit-au").Level = "king" }, "engagement", "summit-au", "level", "not one of head_of_state_or_government"},
		{"level on visits, meetings and summits", func(ds *Dataset) { eng(ds, "peace-1").Level = LevelMinister }, "engagement", "peace-1", "level", "visits, meetings and summits"},
		{"session needs a commission", func(ds *Dataset) { eng(ds, "jpc-ke-1").Commission = "" }, "engagement", "jpc-ke-1", "commission", "is required"},
		{"commission is a slug", func(ds *Dataset) { eng(ds, "jpc-ke-1").Commission = "RW KE" }, "engagement", "jpc-ke-1", "commission", "lower-case"},
		{"session from 1", func(ds *Dataset) { eng(ds, "jpc-ke-1").Session = 0 }, "engagement", "jpc-ke-1", "session", "from 1"},
		{"session bounded", func(ds *Dataset) { eng(ds, "jpc-ke-1").Session = 3_000_000_000 }, "engagement", "jpc-ke-1", "session", "from 1 to 9999"},
		{"session unique per commission", func(ds *Dataset) { eng(ds, "jpc-ke-2").Session = 1 }, "engagement", "jpc-ke-2", "session", `session 1 of rw-ke-jpc is already engagement "jpc-ke-1"`},
		{"commission on sessions only", func(ds *Dataset) { eng(ds, "summit-au").Commission = "rw-ke-jpc" }, "engagement", "summit-au", "commission", "commission sessions"},
		{"session on sessions only", func(ds *Dataset) { eng(ds, "summit-au").Session = 3 }, "engagement", "summit-au", "session", "commission sessions"},
		{"association exists", func(ds *Dataset) { eng(ds, "event-ke").Association = "assoc-x" }, "engagement", "event-ke", "association", "does not exist"},
		{"association on community events only", func(ds *Dataset) { eng(ds, "summit-au").Association = "assoc-ke" }, "engagement", "summit-au", "association", "community events"},
		{"request kind", func(ds *Dataset) { eng(ds, "req-1").RequestKind = "" }, "engagement", "req-1", "request_kind", "is required (one of extradition, mutual_legal_assistance)"},
		{"request status", func(ds *Dataset) { eng(ds, "req-1").Status = "lost" }, "engagement", "req-1", "status", "not one of sent, received"},
		{"request status date", func(ds *Dataset) { eng(ds, "req-1").StatusDate = Date{} }, "engagement", "req-1", "status_date", "is required"},
		{"request status date after start", func(ds *Dataset) { eng(ds, "req-1").StatusDate = MustDate("2025-09-01") }, "engagement", "req-1", "status_date", "before start"},
		{"judicial request never public", func(ds *Dataset) { eng(ds, "req-1").Public = true }, "engagement", "req-1", "public", "never public"},
		{"request kind on requests only", func(ds *Dataset) { eng(ds, "summit-au").RequestKind = Extradition }, "engagement", "summit-au", "request_kind", "judicial requests"},
		{"status on requests only", func(ds *Dataset) { eng(ds, "summit-au").Status = RequestSent }, "engagement", "summit-au", "status", "judicial requests"},
		{"status date on requests only", func(ds *Dataset) { eng(ds, "summit-au").StatusDate = MustDate("2026") }, "engagement", "summit-au", "status_date", "judicial requests"},
		{"personnel not negative", func(ds *Dataset) { eng(ds, "peace-1").Personnel = -5 }, "engagement", "peace-1", "personnel", "from 0 to 1000000"},
		{"personnel bounded", func(ds *Dataset) { eng(ds, "peace-1").Personnel = 3_000_000_000 }, "engagement", "peace-1", "personnel", "from 0 to 1000000"},
		{"personnel on peace contributions only", func(ds *Dataset) { eng(ds, "summit-au").Personnel = 5 }, "engagement", "summit-au", "personnel", "peace operations"},
		{"engagement summary length", func(ds *Dataset) { eng(ds, "summit-au").Summary = strings.Repeat("x", 4001) }, "engagement", "summit-au", "summary", "longer than 4000"},
		{"engagement control character", func(ds *Dataset) { eng(ds, "summit-au").City = "a\x00b" }, "engagement", "summit-au", "city", "control character"},

		// Commitments.
		{"commitment needs a session or agreement", func(ds *Dataset) { com(ds, "dec-1").Engagement = "" }, "commitment", "dec-1", "engagement", "is required, or agreement"},
		{"commitment not both", func(ds *Dataset) { com(ds, "dec-1").Agreement = "ke-air-services" }, "commitment", "dec-1", "agreement", "must be empty when engagement is set"},
		{"commitment engagement exists", func(ds *Dataset) { com(ds, "dec-1").Engagement = "jpc-x" }, "commitment", "dec-1", "engagement", `engagement "jpc-x" does not exist`},
		{"commitment engagement is a session", func(ds *Dataset) { com(ds, "dec-1").Engagement = "summit-au" }, "commitment", "dec-1", "engagement", "is a summit: decisions are recorded on commission sessions"},
		{"commitment agreement exists", func(ds *Dataset) { com(ds, "obl-1").Agreement = "x" }, "commitment", "obl-1", "agreement", `agreement "x" does not exist`},
		{"commitment text", func(ds *Dataset) { com(ds, "dec-1").Text = "" }, "commitment", "dec-1", "text", "is required"},
		{"commitment owner", func(ds *Dataset) { com(ds, "dec-1").Owner = "" }, "commitment", "dec-1", "owner", "is required"},
		{"commitment status", func(ds *Dataset) { com(ds, "dec-1").Status = "late" }, "commitment", "dec-1", "status", "not one of open, in_progress, done, dropped"},
		{"done needs closed", func(ds *Dataset) { com(ds, "dec-2").Closed = Date{} }, "commitment", "dec-2", "closed", "required when the status is done"},
		{"dropped needs closed", func(ds *Dataset) { com(ds, "dec-et").Closed = Date{} }, "commitment", "dec-et", "closed", "required when the status is dropped"},
		{"open has no closed", func(ds *Dataset) { com(ds, "dec-1").Closed = MustDate("2025") }, "commitment", "dec-1", "status", "closing date is set"},
		{"closed after the session", func(ds *Dataset) { com(ds, "dec-2").Closed = MustDate("2024-02-28") }, "commitment", "dec-2", "closed", `before the session "jpc-ke-1"`},

		// Associations, stakeholders, consultations.
		{"association country", func(ds *Dataset) { ds.Associations[0].Country = "" }, "association", "assoc-ke", "country", "is required"},
		{"association abroad", func(ds *Dataset) { ds.Associations[0].Country = "RW" }, "association", "assoc-ke", "country", "outside the home state"},
		{"association name", func(ds *Dataset) { ds.Associations[0].Name = "" }, "association", "assoc-ke", "name", "is required"},
		{"association email", func(ds *Dataset) { ds.Associations[0].Contacts.Email = "nope" }, "association", "assoc-ke", "email", "not an e-mail"},
		{"association website", func(ds *Dataset) { ds.Associations[0].Contacts.Website = "ftp://x" }, "association", "assoc-ke", "website", "not an http(s) address"},
		{"association id", func(ds *Dataset) { ds.Associations[0].ID = "" }, "association", "", "id", "is required"},
		{"stakeholder category", func(ds *Dataset) { ds.Stakeholders[0].Category = "media" }, "stakeholder", "psf", "category", "not one of public_body, private_sector"},
		{"stakeholder country", func(ds *Dataset) { ds.Stakeholders[0].Country = "XX" }, "stakeholder", "psf", "country", "not an ISO 3166-1 country code"},
		{"stakeholder website", func(ds *Dataset) { ds.Stakeholders[0].Website = "psf.org.rw" }, "stakeholder", "psf", "website", "not an http(s) address"},
		{"stakeholder name", func(ds *Dataset) { ds.Stakeholders[1].Name = "" }, "stakeholder", "ur", "name", "is required"},
		{"consultation policy", func(ds *Dataset) { ds.Consultations[0].Policy = "" }, "consultation", "cons-2025", "policy", "is required"},
		{"consultation policy exists", func(ds *Dataset) { ds.Consultations[0].Policy = "fp-x" }, "consultation", "cons-2025", "policy", "does not exist"},
		{"consultation policy is a policy", func(ds *Dataset) { ds.Consultations[0].Policy = "pillar-people" }, "consultation", "cons-2025", "policy", "is a pillar, not a policy"},
		{"consultation opens", func(ds *Dataset) { ds.Consultations[0].Opens = Date{} }, "consultation", "cons-2025", "opens", "is required"},
		{"consultation closes after opens", func(ds *Dataset) { ds.Consultations[0].Closes = MustDate("2025-01-09") }, "consultation", "cons-2025", "closes", "before opens"},
		{"consultation stakeholder", func(ds *Dataset) { ds.Consultations[0].Stakeholders = []string{"psf", "nobody"} }, "consultation", "cons-2025", "stakeholders", `stakeholder "nobody" does not exist`},
		{"consultation objective", func(ds *Dataset) { ds.Consultations[0].Objectives = []string{"obj-x"} }, "consultation", "cons-2025", "objectives", "does not exist"},
		{"consultation objective of its policy", func(ds *Dataset) { ds.Consultations[0].Objectives = []string{"old-obj"} }, "consultation", "cons-2025", "objectives", `of policy "fp-2015", not of "fp-2025"`},
		{"consultation title", func(ds *Dataset) { ds.Consultations[0].Title.EN = "" }, "consultation", "cons-2025", "title_en", "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := trackerFixture()
			tt.break_(&ds)
			err := New(ds).Validate()
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate() = %v, want a *ValidationError", err)
			}
			for _, f := range ve.Fields {
				if f.Entity == tt.entity && f.ID == tt.id && f.Field == tt.field && strings.Contains(f.Reason, tt.reason) {
					return
				}
			}
			t.Errorf("no error %s %q %s %q in:\n%v", tt.entity, tt.id, tt.field, tt.reason, err)
		})
	}
}

// TestTrackerValidAlternatives: values the rules allow, each on its own.
func TestTrackerValidAlternatives(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(ds *Dataset)
	}{
		{"January fiscal years", func(ds *Dataset) {
			ds.Settings.FiscalYearStart = time.January
			periods := map[string]string{"2024-2025": "2024", "2024-2025-Q4": "2024-Q4", "2025-2026": "2025",
				"2025-2026-Q1": "2025-Q1", "2025-2026-Q2": "2025-Q2", "2025-2026-Q3": "2025-Q3", "2026-2027": "2026"}
			for i := range ds.Indicators {
				x := &ds.Indicators[i]
				if x.BaselinePeriod != "" {
					x.BaselinePeriod = periods[x.BaselinePeriod]
				}
				for j := range x.Targets {
					x.Targets[j].Period = periods[x.Targets[j].Period]
				}
			}
			for i := range ds.IndicatorActuals {
				ds.IndicatorActuals[i].Period = periods[ds.IndicatorActuals[i].Period]
			}
		}},
		{"policy with no adoption date superseded", func(ds *Dataset) { ds.PolicyNodes[0].Adopted = Date{} }},
		{"level left unset", func(ds *Dataset) { ds.Engagements[0].Level = "" }},
		{"community event with no association", func(ds *Dataset) { ds.Engagements[5].Association = "" }},
		{"weight zero", func(ds *Dataset) { ds.Indicators[1].Weight = 0 }},
		{"closed on the session's day", func(ds *Dataset) { ds.Commitments[1].Closed = MustDate("2024-03-01") }},
		{"closed known to the session's month", func(ds *Dataset) { ds.Commitments[1].Closed = MustDate("2024-03") }},
		{"http evidence", func(ds *Dataset) { ds.IndicatorActuals[0].Evidence = "HTTP://example.org/x" }},
		{"no baseline", func(ds *Dataset) { ds.Indicators[1].BaselinePeriod, ds.Indicators[1].BaselineValue = "", nil }},
		{"policies share position 1", func(ds *Dataset) { ds.PolicyNodes[0].Position = 1 }},
	} {
		ds := trackerFixture()
		tt.change(&ds)
		if err := New(ds).Validate(); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for _, tt := range []struct {
		in      string
		month   time.Month
		year, q int
		bad     string // substring of the error
	}{
		{"2025-2026", time.July, 2025, 0, ""},
		{"2025-2026-Q1", time.July, 2025, 1, ""},
		{"2025-2026-Q4", time.April, 2025, 4, ""},
		{"2025", time.January, 2025, 0, ""},
		{"2025-Q3", time.January, 2025, 3, ""},
		{"2025", 0, 2025, 0, ""},
		{"1900-1901", time.July, 1900, 0, ""},
		{"2200-2201", time.July, 2200, 0, ""},
		{"2025", time.July, 0, 0, "want YYYY-YYYY"},
		{"2025-2026", time.January, 0, 0, "want YYYY or YYYY-Qn"},
		{"2025-Q1", time.July, 0, 0, "want YYYY-YYYY"},
		{"2025-2027", time.July, 0, 0, "write 2025-2026"},
		{"2025-2024", time.July, 0, 0, "write 2025-2026"},
		{"2025-2026-Q0", time.July, 0, 0, "Q1, Q2, Q3 or Q4"},
		{"2025-2026-q1", time.July, 0, 0, "not a period"},
		{"2025-2026 Q1", time.July, 0, 0, "not a period"},
		{" 2025-2026", time.July, 0, 0, "not a period"},
		{"1899-1900", time.July, 0, 0, "from 1900 to 2200"},
		{"2201-2202", time.July, 0, 0, "from 1900 to 2200"},
		{"", time.July, 0, 0, "not a period"},
		{"-Q1", time.July, 0, 0, "not a period"},
		{"２０２５-2026", time.July, 0, 0, "not a period"},
	} {
		y, q, err := ParsePeriod(tt.in, tt.month)
		switch {
		case tt.bad != "" && (err == nil || !strings.Contains(err.Error(), tt.bad)):
			t.Errorf("ParsePeriod(%q, %d) = %d, %d, %v; want an error with %q", tt.in, tt.month, y, q, err, tt.bad)
		case tt.bad == "" && (err != nil || y != tt.year || q != tt.q):
			t.Errorf("ParsePeriod(%q, %d) = %d, %d, %v; want %d, %d", tt.in, tt.month, y, q, err, tt.year, tt.q)
		}
	}
}
