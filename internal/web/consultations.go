package web

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// The consultation pages: /{lang}/consultations lists the consultations
// open, coming up and closed on the date shown, each closed one with what
// changed as a result; /{lang}/consultations/{id} shows one, the objectives
// it asks about, the stakeholders invited and the submissions published
// after moderation (their text, organisation and category: never a name or
// an email). Both are cached per snapshot like every page: a moderation
// that changes what is published takes a revision in the store (see
// store.ModerateSubmission), so that the snapshot is reloaded and the cache
// emptied. The form to respond is another page, served uncached
// (consultform.go).

const navConsultations navItem = "consultations"

// nodeTitles returns the titles of reg's policy nodes by id.
func nodeTitles(reg *registry.Registry) map[string]registry.Names {
	nodes := reg.Dataset().PolicyNodes
	m := make(map[string]registry.Names, len(nodes))
	for _, n := range nodes {
		m[n.ID] = n.Title
	}
	return m
}

// consultationItem is a consultation in the list.
type consultationItem struct {
	C      *registry.Consultation
	Title  string
	Policy string // the title of the policy version consulted on
	Status registry.ConsultationStatus
}

type consultationsView struct {
	Open, Upcoming, Closed []consultationItem
}

func (s *Server) consultationsPage(rq *request) result {
	titles := nodeTitles(rq.reg)
	var v consultationsView
	cs := rq.reg.Dataset().Consultations
	for i := range cs {
		c := &cs[i]
		it := consultationItem{C: c, Title: c.Title.In(rq.lang), Policy: titles[c.Policy].In(rq.lang), Status: c.StatusOn(rq.asOf)}
		switch it.Status {
		case registry.ConsultationOpen:
			v.Open = append(v.Open, it)
		case registry.ConsultationUpcoming:
			v.Upcoming = append(v.Upcoming, it)
		default:
			v.Closed = append(v.Closed, it)
		}
	}
	// Open: closing soonest first (no closing date last); coming up:
	// opening soonest first; closed: the latest first.
	last := func(d registry.Date) int32 {
		if d.IsZero() {
			return 1 << 30
		}
		return d.Last()
	}
	slices.SortStableFunc(v.Open, func(a, b consultationItem) int { return cmp.Compare(last(a.C.Closes), last(b.C.Closes)) })
	slices.SortStableFunc(v.Upcoming, func(a, b consultationItem) int { return cmp.Compare(last(a.C.Opens), last(b.C.Opens)) })
	slices.SortStableFunc(v.Closed, func(a, b consultationItem) int { return cmp.Compare(b.C.Closes.Last(), a.C.Closes.Last()) })
	return render("consultations", s.cat.T(rq.lang, "consult.title"), v)
}

// namedItem is an objective or a stakeholder shown on a consultation page.
type namedItem struct {
	ID       string
	Name     string
	Category string // a stakeholder's category (message key suffix)
}

// publishedItem is a published submission as the portal shows it: never
// with the sender's name or email.
type publishedItem struct {
	ID           int64
	Paragraphs   []string
	Organisation string
	Category     string
	Received     registry.Date
}

type consultationView struct {
	C            *registry.Consultation
	Status       registry.ConsultationStatus
	Policy       string
	Objectives   []namedItem
	Stakeholders []namedItem
	Published    []publishedItem
	// Taking says the portal takes submissions (EnableSubmissions), and
	// CanRespond that this consultation does today, on the page of today.
	Taking, CanRespond bool
	// Sent shows the thanks after a submission.
	Sent bool
}

func (s *Server) consultationPage(rq *request) result {
	id := rq.PathValue("id")
	c := rq.reg.Consultation(id)
	if c == nil {
		return fail(http.StatusNotFound, "consult.error_none", "id", clip(id))
	}
	titles := nodeTitles(rq.reg)
	v := consultationView{C: c, Status: c.StatusOn(rq.asOf), Policy: titles[c.Policy].In(rq.lang),
		Taking: s.submissions != nil, Sent: rq.param("sent") != ""}
	v.CanRespond = v.Taking && !rq.asOfSet && v.Status == registry.ConsultationOpen
	for _, o := range c.Objectives {
		name := titles[o].In(rq.lang)
		if name == "" {
			name = o
		}
		v.Objectives = append(v.Objectives, namedItem{ID: o, Name: name})
	}
	holders := rq.reg.Dataset().Stakeholders
	for _, sid := range c.Stakeholders {
		it := namedItem{ID: sid, Name: sid}
		if i := slices.IndexFunc(holders, func(h registry.Stakeholder) bool { return h.ID == sid }); i >= 0 {
			it.Name, it.Category = holders[i].Name, string(holders[i].Category)
		}
		v.Stakeholders = append(v.Stakeholders, it)
	}
	if v.Taking {
		list, err := s.submissions.db.Submissions(rq.Context(), c.ID, store.SubmissionPublished)
		if err != nil {
			if !errors.Is(err, store.ErrUnavailable) {
				s.logger.Error("read published submissions", "consultation", c.ID, "err", err)
			}
			return fail(http.StatusServiceUnavailable, "consult.err_unavailable")
		}
		for _, sub := range list {
			v.Published = append(v.Published, publishedItem{ID: sub.ID, Paragraphs: paragraphs(sub.Text),
				Organisation: sub.Organisation, Category: string(sub.Category), Received: registry.DateOf(sub.ReceivedAt)})
		}
	}
	return render("consultation", c.Title.In(rq.lang), v)
}

// paragraphs splits a submission's text into its non-blank lines, shown
// as paragraphs (as text: never as links or markup).
func paragraphs(text string) []string {
	var out []string
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}
