package registry

import "time"

// trackerFixture returns fixture() with fiscal years from July and a valid
// foreign-policy tracker:
//
//   - policies fp-2015 (adopted 2015-06, superseded 2025-07-01) and fp-2025
//     (adopted 2025-07-01), each with a pillar or two and their objectives;
//   - initiative init-trade, led by rw-ke-nairobi;
//   - indicators: ind-visits (computed), ind-exports (amount), ind-share
//     (percentage, maintain) and ind-voice (qualitative), with actuals;
//   - engagements: visits of 2025-08-12 (incoming, public) and 2026-02-03
//     (outgoing, not public), sessions 1 (2024-03-01) and 2 (2025-10-10) of
//     rw-ke-jpc and 1 of rw-et-jpc, a community event, a judicial request, a
//     peace contribution and a summit;
//   - commitments decided at the sessions, and one owed under the
//     agreement ke-air-services;
//   - association assoc-ke, stakeholders psf and ur, consultation cons-2025.
func trackerFixture() Dataset {
	ds := fixture()
	meta := Meta{Source: "test", Version: 1}
	ds.Settings.FiscalYearStart = time.July
	ds.Agreements = []Agreement{ratified()}
	ds.PolicyNodes = []PolicyNode{
		{ID: "fp-2015", Kind: NodePolicy, Position: 1, Title: Names{EN: "Foreign policy 2015"}, Adopted: MustDate("2015-06"),
			Superseded: MustDate("2025-07-01"), ParentStrategy: "Vision 2020", Meta: meta},
		{ID: "old-pillar", Parent: "fp-2015", Kind: NodePillar, Position: 1, Title: Names{EN: "Old pillar"}, Meta: meta},
		{ID: "old-obj", Parent: "old-pillar", Kind: NodeObjective, Position: 1, Title: Names{EN: "Old objective"}, Meta: meta},
		{ID: "fp-2025", Kind: NodePolicy, Position: 1, Title: Names{EN: "Foreign policy", FR: "Politique étrangère"},
			Adopted: MustDate("2025-07-01"), ParentStrategy: "Vision 2050", Meta: meta},
		{ID: "pillar-people", Parent: "fp-2025", Kind: NodePillar, Position: 1, Title: Names{EN: "People-to-people"}, Meta: meta},
		{ID: "pillar-prosperity", Parent: "fp-2025", Kind: NodePillar, Position: 2, Title: Names{EN: "Prosperity"}, Meta: meta},
		{ID: "obj-diaspora", Parent: "pillar-people", Kind: NodeObjective, Position: 1, Title: Names{EN: "Rwandans abroad"}, Meta: meta},
		{ID: "obj-trade", Parent: "pillar-prosperity", Kind: NodeObjective, Position: 1, Title: Names{EN: "Economic diplomacy"}, Meta: meta},
	}
	ds.Initiatives = []Initiative{
		{ID: "init-trade", Title: Names{EN: "Trade missions"}, Objectives: []string{"obj-trade"}, LeadUnit: "Economic affairs",
			LeadMission: "rw-ke-nairobi", Partners: []Party{StateParty("KE"), OrgParty("AU")}, Start: MustDate("2025-07"),
			Status: InitiativeOngoing, Meta: meta},
	}
	v := func(f float64) *float64 { return &f }
	ds.Indicators = []Indicator{
		{ID: "ind-visits", Objective: "obj-trade", Title: Names{EN: "Visits"}, Measure: MeasureCount, Direction: DirectionIncrease,
			Computed: FigVisitsThisFiscalYear, BaselinePeriod: "2024-2025", Targets: []IndicatorTarget{{"2026-2027", 12}}, Meta: meta},
		{ID: "ind-exports", Objective: "obj-trade", Title: Names{EN: "Exports"}, Measure: MeasureAmount, Unit: "USD",
			Direction: DirectionIncrease, BaselinePeriod: "2024-2025", BaselineValue: v(100),
			Targets: []IndicatorTarget{{"2025-2026-Q2", 110}, {"2025-2026", 120}}, Weight: 2, Meta: meta},
		{ID: "ind-share", Objective: "obj-trade", Title: Names{EN: "Share"}, Measure: MeasurePercentage, Direction: DirectionMaintain,
			BaselinePeriod: "2024-2025-Q4", BaselineValue: v(50), Targets: []IndicatorTarget{{"2025-2026", 50}}, Meta: meta},
		{ID: "ind-voice", Objective: "obj-diaspora", Title: Names{EN: "Diaspora voice"}, Measure: MeasureQualitative, Meta: meta},
	}
	recorded := Timestamp{time.Date(2025, 10, 15, 9, 0, 0, 0, time.UTC)}
	ds.IndicatorActuals = []IndicatorActual{
		{ID: "act-exports-q1", Indicator: "ind-exports", Period: "2025-2026-Q1", Value: v(105), Evidence: "engagement:visit-ke-2025",
			RecordedAt: recorded, RecordedBy: "officer@minaffet.gov.rw", ApprovedAt: Timestamp{recorded.Add(time.Hour)}, ApprovedBy: "head@minaffet.gov.rw", Meta: meta},
		{ID: "act-share", Indicator: "ind-share", Period: "2025-2026-Q1", Value: v(51), Evidence: "document:annual-report-2025",
			RecordedAt: recorded, RecordedBy: "officer@minaffet.gov.rw", Meta: meta},
		{ID: "act-voice", Indicator: "ind-voice", Period: "2025-2026", Text: "Diaspora forum held in Nairobi.",
			Evidence: "https://example.org/forum", RecordedAt: recorded, RecordedBy: "officer@minaffet.gov.rw", Meta: meta},
		{ID: "act-agreement", Indicator: "ind-exports", Period: "2025-2026-Q2", Value: v(0), Evidence: "agreement:ke-air-services", Meta: meta},
		{ID: "act-initiative", Indicator: "ind-exports", Period: "2025-2026-Q3", Value: v(-1), Evidence: "initiative:init-trade", Meta: meta},
	}
	ds.Engagements = []Engagement{
		{ID: "visit-ke-2025", Kind: Visit, Title: Names{EN: "State visit of the President of Kenya"}, Direction: Incoming,
			Level: LevelHeadOfState, Start: MustDate("2025-08-12"), End: MustDate("2025-08-13"), City: "Kigali",
			Countries: []string{"KE"}, Objectives: []string{"obj-trade"}, Public: true, Meta: meta},
		{ID: "visit-fr-2026", Kind: Visit, Title: Names{EN: "Minister in Paris"}, Direction: Outgoing, Level: LevelMinister,
			Start: MustDate("2026-02-03"), Countries: []string{"FR"}, Meta: meta},
		{ID: "jpc-ke-1", Kind: CommissionSession, Title: Names{EN: "First session of the Rwanda-Kenya JPC"}, Start: MustDate("2024-03-01"),
			Countries: []string{"KE"}, Commission: "rw-ke-jpc", Session: 1, Public: true, Meta: meta},
		{ID: "jpc-ke-2", Kind: CommissionSession, Title: Names{EN: "Second session of the Rwanda-Kenya JPC"}, Start: MustDate("2025-10-10"),
			End: MustDate("2025-10-11"), Countries: []string{"KE"}, Commission: "rw-ke-jpc", Session: 2, Meta: meta},
		{ID: "jpc-et-1", Kind: CommissionSession, Title: Names{EN: "First session of the Rwanda-Ethiopia JPC"}, Start: MustDate("2023-05"),
			Countries: []string{"ET"}, Commission: "rw-et-jpc", Session: 1, Public: true, Meta: meta},
		{ID: "event-ke", Kind: CommunityEvent, Title: Names{EN: "Kwibohora in Nairobi"}, Start: MustDate("2025-07-04"),
			Mission: "rw-ke-nairobi", Association: "assoc-ke", Objectives: []string{"obj-diaspora"}, Public: true, Meta: meta},
		{ID: "req-1", Kind: JudicialRequest, Title: Names{EN: "Extradition request"}, Start: MustDate("2025-09-20"),
			RequestKind: Extradition, Status: RequestSent, StatusDate: MustDate("2025-10-01"), Countries: []string{"BE"}, Meta: meta},
		{ID: "peace-1", Kind: PeaceContribution, Title: Names{EN: "Battalion to a peace operation"}, Start: MustDate("2025-01"),
			Organisations: []string{"AU"}, Personnel: 800, Public: true, Meta: meta},
		{ID: "summit-au", Kind: Summit, Title: Names{EN: "AU summit"}, Level: LevelHeadOfState, Start: MustDate("2026-02-15"),
			Organisations: []string{"AU"}, Public: true, Meta: meta},
	}
	ds.Commitments = []Commitment{
		{ID: "dec-1", Engagement: "jpc-ke-1", Text: "Open a border post", Owner: "Trade unit", Due: MustDate("2024-12-31"), Status: CommitmentOpen, Meta: meta},
		{ID: "dec-2", Engagement: "jpc-ke-1", Text: "Sign the air services agreement", Owner: "Legal unit", Status: CommitmentDone, Closed: MustDate("2025-10-10"), Meta: meta},
		{ID: "dec-3", Engagement: "jpc-ke-1", Text: "Name focal points", Owner: "Protocol", Status: CommitmentDone, Closed: MustDate("2024-06-01"), Meta: meta},
		{ID: "dec-4", Engagement: "jpc-ke-2", Text: "Joint trade fair", Owner: "rw-ke-nairobi", Due: MustDate("2026-03"), Status: CommitmentInProgress, Meta: meta},
		{ID: "dec-et", Engagement: "jpc-et-1", Text: "Direct flights", Owner: "Transport", Due: MustDate("2024"), Status: CommitmentDropped, Closed: MustDate("2024-08"), Meta: meta},
		{ID: "obl-1", Agreement: "ke-air-services", Text: "Report to the joint committee", Owner: "Legal unit", Due: MustDate("2026-01-31"), Status: CommitmentOpen, Meta: meta},
	}
	ds.Associations = []Association{
		{ID: "assoc-ke", Name: "Rwandan Community in Kenya", Country: "KE", City: "Nairobi",
			Contacts: Contacts{Email: "info@example.org", Website: "https://example.org"}, Founded: MustDate("2010"), Public: true, Meta: meta},
	}
	ds.Stakeholders = []Stakeholder{
		{ID: "psf", Name: "Private Sector Federation", Category: PrivateSector, Country: "RW", Website: "https://psf.org.rw", Meta: meta},
		{ID: "ur", Name: "University of Rwanda", Category: Academia, Meta: meta},
	}
	ds.Consultations = []Consultation{
		{ID: "cons-2025", Policy: "fp-2025", Title: Names{EN: "Consultation on the foreign policy"}, Opens: MustDate("2025-01-10"),
			Closes: MustDate("2025-03-31"), Stakeholders: []string{"psf", "ur"}, Objectives: []string{"obj-trade"}, Meta: meta},
	}
	return ds
}
