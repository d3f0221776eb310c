package api

// The published submissions of a consultation, at
// /api/v1/consultations/{id}/submissions (JSON and CSV): for each, its id,
// the day it was received, the organisation and category the sender gave,
// the objectives it speaks to and its text; never the sender's name, email
// or address hash. Submissions are not registry records: they are read from
// the store (WithSubmissions), and cached per registry snapshot like every
// answer, since publishing or withdrawing one takes a revision
// (store.ModerateSubmission) and so brings a new snapshot. A server without
// the store answers 404, as for a resource it does not have; a store that
// cannot be read, 503.

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// SubmissionReader reads the submissions to consultations (*store.DB
// implements it).
type SubmissionReader interface {
	Submissions(ctx context.Context, consultation string, status store.SubmissionStatus) ([]store.Submission, error)
}

// WithSubmissions serves the published submissions of the consultations
// from db.
func WithSubmissions(db SubmissionReader) Option {
	return func(s *Server) { s.submissions = db }
}

const submissionsPath = "/api/v1/consultations/{id}/submissions"

// submissionView is a published submission as the public may see it.
type submissionView struct {
	ID           int64                        `json:"id"`
	Received     registry.Date                `json:"received"`
	Organisation string                       `json:"organisation"`
	Category     registry.StakeholderCategory `json:"category"`
	Objectives   []string                     `json:"objectives"`
	Text         string                       `json:"text"`
}

// submissionList is the answer of /api/v1/consultations/{id}/submissions.
type submissionList struct {
	Consultation string           `json:"consultation"`
	Total        int              `json:"total"`
	Data         []submissionView `json:"data"`
}

// submissionCSVColumns are the columns of the CSV representation.
var submissionCSVColumns = []string{"id", "received", "organisation", "category", "objectives", "text"}

// serveSubmissions lists the published submissions of the consultation in
// the path, oldest first.
func (s *Server) serveSubmissions(reg *registry.Registry, r *http.Request, q *query, f format) result {
	id := r.PathValue("id")
	if s.submissions == nil {
		return result{problem: notFound("this server publishes no submissions to consultations")}
	}
	if !reID.MatchString(id) || reg.Consultation(id) == nil {
		return result{problem: notFound("no consultation " + quote(id))}
	}
	subs, err := s.submissions.Submissions(r.Context(), id, store.SubmissionPublished)
	if err != nil {
		if errors.Is(err, store.ErrUnavailable) {
			return result{problem: &Problem{Type: typeUnavailable, Title: "Service unavailable", Status: http.StatusServiceUnavailable,
				Detail: "the submissions cannot be read just now: try again later"}}
		}
		if s.logger != nil {
			s.logger.Error("api: read published submissions", "consultation", id, "err", err)
		}
		return result{problem: internalProblem()}
	}
	l := submissionList{Consultation: id, Total: len(subs), Data: make([]submissionView, len(subs))}
	for i, sub := range subs {
		objs := sub.Objectives
		if objs == nil {
			objs = []string{}
		}
		l.Data[i] = submissionView{ID: sub.ID, Received: registry.DateOf(sub.ReceivedAt.UTC()), Organisation: sub.Organisation,
			Category: sub.Category, Objectives: objs, Text: sub.Text}
	}
	if f != formatCSV {
		return jsonResult(l)
	}
	rows := make([][]string, len(l.Data))
	for i, v := range l.Data {
		rows[i] = []string{strconv.FormatInt(v.ID, 10), v.Received.String(), v.Organisation, string(v.Category),
			strings.Join(v.Objectives, ";"), v.Text}
	}
	return csvResult(submissionCSVColumns, rows)
}
