package e2e

import (
	"context"
	"sync"
	"time"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// The seed data set records no engagements, associations or consultations
// (none is sourced yet), so the site under test adds a few, dated from
// today, for the tracker's pages to be checked with something on them.
// Their source says they are test records.

// addTracker adds the tracker records of the pages under test to ds.
func addTracker(ds *registry.Dataset, now time.Time) {
	day := func(days int) registry.Date { return registry.DateOf(now.AddDate(0, 0, days)) }
	m := registry.Meta{Source: "e2e test record, not a fact"}
	obj := []string{"obj-economic-diplomacy", "obj-african-integration"}
	ds.Engagements = append(ds.Engagements,
		registry.Engagement{ID: "e2e-visit", Kind: registry.Visit, Title: registry.Names{EN: "State visit to Kenya", FR: "Visite d'État au Kenya"},
			Direction: registry.Outgoing, Level: registry.LevelHeadOfState, Start: day(-20), End: day(-18), City: "Nairobi",
			Countries: []string{"KE"}, Objectives: obj, Mission: "rw-ke-nairobi", Public: true, Meta: m},
		registry.Engagement{ID: "e2e-jpc-1", Kind: registry.CommissionSession, Title: registry.Names{EN: "Joint Permanent Commission, first session"},
			Start: day(-400), Countries: []string{"KE"}, Objectives: obj, Commission: "rw-ke-jpc", Session: 1, Public: true, Meta: m},
		registry.Engagement{ID: "e2e-jpc-2", Kind: registry.CommissionSession, Title: registry.Names{EN: "Joint Permanent Commission, second session"},
			Start: day(-30), Countries: []string{"KE"}, Objectives: obj, Commission: "rw-ke-jpc", Session: 2, Public: true, Meta: m},
		registry.Engagement{ID: "e2e-request", Kind: registry.JudicialRequest, Title: registry.Names{EN: "Request concerning a named person"},
			Start: day(-60), Countries: []string{"KE"}, RequestKind: registry.Extradition, Status: registry.RequestSent, StatusDate: day(-60), Meta: m},
	)
	ds.Commitments = append(ds.Commitments,
		registry.Commitment{ID: "e2e-decision-1", Engagement: "e2e-jpc-1", Text: "Harmonise customs procedures at the border",
			Owner: "Directorate of Economic Affairs", Due: day(-100), Status: registry.CommitmentInProgress, Meta: m},
		registry.Commitment{ID: "e2e-decision-2", Engagement: "e2e-jpc-2", Text: "Hold a business forum in Kigali",
			Owner: "Rwanda High Commission in Nairobi", Due: day(20), Status: registry.CommitmentOpen, Meta: m},
	)
	ds.Initiatives = append(ds.Initiatives, registry.Initiative{ID: "e2e-initiative", Title: registry.Names{EN: "Trade facilitation with the EAC"},
		Objectives: obj, LeadUnit: "Directorate of Economic Affairs", LeadMission: "rw-ke-nairobi", Partners: []registry.Party{registry.StateParty("KE")},
		Start: day(-200), Status: registry.InitiativeOngoing, Meta: m})
	ds.Associations = append(ds.Associations, registry.Association{ID: "e2e-association", Name: "Rwandan Community in Nairobi",
		Country: "KE", City: "Nairobi", Contacts: registry.Contacts{Email: "community@example.org"}, Public: true, Meta: m})
	ds.Stakeholders = append(ds.Stakeholders, registry.Stakeholder{ID: "e2e-chamber", Name: "Chamber of commerce",
		Category: registry.PrivateSector, Country: "RW", Meta: m})
	ds.Consultations = append(ds.Consultations,
		registry.Consultation{ID: "e2e-open", Policy: "foreign-policy", Title: registry.Names{EN: "Economic diplomacy priorities"},
			Summary: "Which markets should the missions prioritise?", Opens: day(-10), Closes: day(20),
			Stakeholders: []string{"e2e-chamber"}, Objectives: obj, Meta: m},
		registry.Consultation{ID: "e2e-closed", Policy: "foreign-policy", Title: registry.Names{EN: "Engagement with Rwandans abroad"},
			Opens: day(-300), Closes: day(-240), Objectives: []string{"obj-rwandans-abroad"},
			Outcome: "Consular services by appointment were added to the objective.", Meta: m},
	)
}

// submissionStore is an in-memory web.SubmissionStore holding one
// published submission to the open consultation.
type submissionStore struct {
	mu   sync.Mutex
	subs []store.Submission
}

func newSubmissionStore(now time.Time) *submissionStore {
	return &submissionStore{subs: []store.Submission{{ID: 1, Consultation: "e2e-open", ReceivedAt: now.Add(-48 * time.Hour),
		Name: "Private Name", Email: "private@example.org", Organisation: "Chamber of commerce", Category: registry.PrivateSector,
		Objectives: []string{"obj-economic-diplomacy"}, Text: "Prioritise the markets of the region.",
		Status: store.SubmissionPublished, ModeratedBy: "user:1", ModeratedAt: now.Add(-24 * time.Hour)}}}
}

func (s *submissionStore) AddSubmission(_ context.Context, sub store.Submission, _ string, _ store.SubmissionLimit) (store.Submission, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub.ID, sub.Status = int64(len(s.subs)+1), store.SubmissionPending
	s.subs = append(s.subs, sub)
	return sub, nil
}

func (s *submissionStore) Submissions(_ context.Context, consultation string, status store.SubmissionStatus) ([]store.Submission, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []store.Submission
	for _, sub := range s.subs {
		if sub.Consultation == consultation && (status == "" || sub.Status == status) {
			out = append(out, sub)
		}
	}
	return out, nil
}

func (s *submissionStore) SubmissionFormKey(context.Context) ([]byte, error) {
	return []byte("e2e test key, 32 bytes long....."), nil
}
