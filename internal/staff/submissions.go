package staff

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// The moderation of the submissions the public sends to consultations
// through the portal: policy officers and admins (auth.EditPolicy) list
// them, pending first, with the sender's name and email (seen here only,
// never on the portal), and publish or reject each. A moderation states
// the status the moderator saw: when someone else moderated the submission
// meanwhile, nothing is changed and the page says who did what.

// submissionRow is a submission as the moderation page lists it.
type submissionRow struct {
	store.Submission
	ConsultationTitle string
	ObjectiveTitles   []string
	Paragraphs        []string // the text's non-blank lines
	// Network is the start of the sender's network hash: submissions
	// sharing it came from one place.
	Network string
}

// submissionsView is the moderation page.
type submissionsView struct {
	Status        store.SubmissionStatus // the status listed
	Consultation  string                 // the consultation listed; "" for every one
	Statuses      []store.SubmissionStatus
	Consultations []registry.Consultation
	Rows          []submissionRow
	// Conflict says why a moderation was not made.
	Conflict string
}

var moderationStatuses = []store.SubmissionStatus{store.SubmissionPending, store.SubmissionPublished, store.SubmissionRejected}

// submissionsView lists the submissions of status (pending when empty or
// unknown) to consultation ("" for every one).
func (s *Server) submissionsView(r *http.Request, status store.SubmissionStatus, consultation string) (submissionsView, error) {
	if !slices.Contains(moderationStatuses, status) {
		status = store.SubmissionPending
	}
	ds := s.snapshot().Dataset()
	v := submissionsView{Status: status, Consultation: consultation, Statuses: moderationStatuses, Consultations: ds.Consultations}
	list, err := s.db.Submissions(r.Context(), consultation, status)
	if err != nil {
		return v, err
	}
	titles := map[string]string{}
	for _, n := range ds.PolicyNodes {
		titles[n.ID] = n.Title.EN
	}
	for _, c := range ds.Consultations {
		titles["consultation:"+c.ID] = c.Title.EN
	}
	for _, sub := range list {
		row := submissionRow{Submission: sub, ConsultationTitle: titles["consultation:"+sub.Consultation], Network: sub.AddressHash[:min(8, len(sub.AddressHash))]}
		for line := range strings.SplitSeq(sub.Text, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				row.Paragraphs = append(row.Paragraphs, line)
			}
		}
		for _, o := range sub.Objectives {
			t := titles[o]
			if t == "" {
				t = o
			}
			row.ObjectiveTitles = append(row.ObjectiveTitles, t)
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

// handleSubmissions lists the submissions: ?status= (pending by default)
// and ?consultation=.
func (s *Server) handleSubmissions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, err := s.submissionsView(r, store.SubmissionStatus(q.Get("status")), q.Get("consultation"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "submissions", "Submissions", "submissions", v)
}

// handleModerate publishes or rejects a submission: the form sends
// action=publish|reject and expected, the status the moderator saw.
func (s *Server) handleModerate(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	var to store.SubmissionStatus
	switch f.Get("action") {
	case "publish":
		to = store.SubmissionPublished
	case "reject":
		to = store.SubmissionRejected
	default:
		s.errorPage(w, r, http.StatusBadRequest, "Bad request", "Choose to publish or to reject the submission. Nothing was changed.")
		return
	}
	expected := store.SubmissionStatus(f.Get("expected"))
	if !slices.Contains(moderationStatuses, expected) {
		s.errorPage(w, r, http.StatusBadRequest, "Bad request", "The form does not say the status you saw. Reload the page and try again; nothing was changed.")
		return
	}
	back := "/staff/submissions?" + url.Values{"status": {string(expected)}, "consultation": {f.Get("consultation")}}.Encode()
	u := user(r)
	_, err = s.db.ModerateSubmission(r.Context(), id, to, u.Email, expected)
	switch {
	case errors.Is(err, registry.ErrNotFound):
		s.notFound(w, r)
		return
	case errors.Is(err, registry.ErrConflict):
		cur, gerr := s.db.SubmissionByID(r.Context(), id)
		if gerr != nil {
			s.serverError(w, r, gerr)
			return
		}
		v, verr := s.submissionsView(r, expected, f.Get("consultation"))
		if verr != nil {
			s.serverError(w, r, verr)
			return
		}
		v.Conflict = fmt.Sprintf("Submission %d was not changed: %s moderated it meanwhile (%s), and it is %s now, not %s.",
			id, cur.ModeratedBy, cur.ModeratedAt.UTC().Format("2006-01-02 15:04 UTC"), cur.Status, expected)
		s.render(w, r, http.StatusConflict, "submissions", "Submissions", "submissions", v)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.flash(r, fmt.Sprintf("Submission %d %s.", id, to))
	http.Redirect(w, r, back, http.StatusSeeOther)
}
