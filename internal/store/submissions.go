package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/registry"
)

// Submissions to consultations.
//
// A submission is what someone sends through the portal's form in answer to
// a consultation. It is not a registry record: it lives in a table of its
// own, is written by the public without an account, and is moderated by
// policy officers, pending -> published or rejected. Only a published
// submission's text, organisation and category are ever public; the name
// and email are for the ministry alone, and the client's address is never
// stored, only its keyed hash (AddressHash).
//
// Adding a submission is not audited: the audit log attributes staff
// actions, and would otherwise keep the sender's address. Each moderation
// is, under the entity "submission", with the submission's status and
// moderation before and after (not its text, name or email, which an
// append-only log could never forget). A moderation that publishes or
// withdraws a published submission takes a revision, as a settings change
// does, so that the data version moves and every instance reloads its
// snapshot and empties its page cache: the portal's consultation pages,
// cached per snapshot, then show the change.

// SubmissionStatus is where a submission stands in moderation.
type SubmissionStatus string

const (
	SubmissionPending   SubmissionStatus = "pending"
	SubmissionPublished SubmissionStatus = "published"
	SubmissionRejected  SubmissionStatus = "rejected"
)

func (s SubmissionStatus) valid() bool {
	return s == SubmissionPending || s == SubmissionPublished || s == SubmissionRejected
}

// Entity and actions of the audit entries of moderations; the entity id is
// the submission's numeric id.
const (
	EntitySubmission        = "submission"
	ActionSubmissionPublish = "submission_publish"
	ActionSubmissionReject  = "submission_reject"
)

// Limits of a submission's fields, in characters.
const (
	MaxSubmissionText = 5000
	MaxSubmissionLine = 200 // name and organisation
	maxSubmissionObjs = 50
)

// Submission is one answer to a consultation.
type Submission struct {
	ID           int64
	Consultation string // the consultation's id
	ReceivedAt   time.Time
	Name         string // optional; never public
	Email        string // optional; never public
	Organisation string // optional
	// Category is the sender's kind of stakeholder (one of
	// registry.StakeholderCategories); empty for someone writing for
	// themselves.
	Category   registry.StakeholderCategory
	Objectives []string // ids of the consultation's objectives it speaks to
	Text       string
	Status     SubmissionStatus
	// ModeratedBy names who published or rejected it, and ModeratedAt
	// when; empty and zero while pending.
	ModeratedBy string
	ModeratedAt time.Time
	// AddressHash is the keyed hash of the sender's network (see
	// AddSubmission), 64 hex digits.
	AddressHash string
}

// SubmissionLimit bounds the submissions accepted from one network: at most
// Max received within any Window. A zero Max sets no limit.
type SubmissionLimit struct {
	Max    int
	Window time.Duration
}

// RateLimitError is returned by AddSubmission when the sender's network
// has sent its Max submissions within the window already. RetryAfter is
// when the oldest of them leaves the window.
type RateLimitError struct {
	Limit      SubmissionLimit
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("store: at most %d submissions per %s from one network: try again in %s",
		e.Limit.Max, e.Limit.Window, e.RetryAfter.Round(time.Second))
}

var reSubmissionSlug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// normalize trims the fields of s and puts its text's line ends in one form.
func (s *Submission) normalize() {
	s.Consultation = strings.TrimSpace(s.Consultation)
	s.Name = strings.TrimSpace(s.Name)
	s.Email = strings.TrimSpace(s.Email)
	s.Organisation = strings.TrimSpace(s.Organisation)
	s.Text = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s.Text, "\r\n", "\n"), "\r", "\n"))
	objs := make([]string, 0, len(s.Objectives))
	for _, o := range s.Objectives {
		if o = strings.TrimSpace(o); o != "" {
			objs = append(objs, o)
		}
	}
	s.Objectives = objs
}

// validate reports the invalid fields of a normalized submission.
func (s *Submission) validate() error {
	f := fieldErrors{entity: EntitySubmission}
	switch {
	case s.Consultation == "":
		f.add("consultation", "is required")
	case len(s.Consultation) > 100 || !reSubmissionSlug.MatchString(s.Consultation):
		f.add("consultation", fmt.Sprintf("%q is not a consultation id", clipText(s.Consultation)))
	}
	checkLine(&f, "name", s.Name)
	checkLine(&f, "organisation", s.Organisation)
	if s.Email != "" {
		a, err := mail.ParseAddress(s.Email)
		if len(s.Email) > maxEmailBytes || err != nil || a.Name != "" || a.Address != s.Email {
			f.add("email", fmt.Sprintf("%q is not an email address like name@example.org", clipText(s.Email)))
		}
	}
	if s.Category != "" && !slices.Contains(registry.StakeholderCategories, s.Category) {
		f.add("category", fmt.Sprintf("%q is not a stakeholder category", clipText(string(s.Category))))
	}
	switch {
	case len(s.Objectives) > maxSubmissionObjs:
		f.add("objectives", fmt.Sprintf("at most %d objectives", maxSubmissionObjs))
	default:
		for i, o := range s.Objectives {
			if len(o) > 100 || !reSubmissionSlug.MatchString(o) {
				f.add("objectives", fmt.Sprintf("%q is not an objective id", clipText(o)))
			} else if slices.Contains(s.Objectives[:i], o) {
				f.add("objectives", fmt.Sprintf("%q is given twice", o))
			}
		}
	}
	switch {
	case s.Text == "":
		f.add("text", "is required")
	case !utf8.ValidString(s.Text):
		f.add("text", "is not valid UTF-8 text")
	case utf8.RuneCountInString(s.Text) > MaxSubmissionText:
		f.add("text", fmt.Sprintf("must be at most %d characters long", MaxSubmissionText))
	case strings.ContainsFunc(s.Text, func(r rune) bool { return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f }):
		f.add("text", "must not contain control characters")
	}
	return f.err()
}

// checkLine checks an optional one-line field.
func checkLine(f *fieldErrors, field, v string) {
	switch {
	case !utf8.ValidString(v):
		f.add(field, "is not valid UTF-8 text")
	case utf8.RuneCountInString(v) > MaxSubmissionLine:
		f.add(field, fmt.Sprintf("must be at most %d characters long", MaxSubmissionLine))
	case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		f.add(field, "must not contain control characters")
	}
}

// clipText shortens a value quoted in an error.
func clipText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

const submissionColumns = "id, consultation_id, received_at, name, email, organisation, category, objectives, text, status, moderated_by, moderated_at, address_hash"

func scanSubmission(row interface{ Scan(...any) error }) (Submission, error) {
	var s Submission
	var received int64
	var moderated sql.NullInt64
	var objectives string
	err := row.Scan(&s.ID, &s.Consultation, &received, &s.Name, &s.Email, &s.Organisation, &s.Category,
		&objectives, &s.Text, &s.Status, &s.ModeratedBy, &moderated, &s.AddressHash)
	if err != nil {
		return s, err
	}
	s.ReceivedAt, s.ModeratedAt = time.UnixMilli(received).UTC(), optTime(moderated)
	if objectives != "" {
		s.Objectives = strings.Split(objectives, ";")
	}
	return s, nil
}

// AddSubmission stores s as a new pending submission received now from the
// client address (an IP address, with or without a port) and returns it
// with its id. The fields are trimmed, the text's line ends made "\n", and
// validated: the invalid ones are reported as a *registry.ValidationError
// of entity "submission". The address is stored only as the keyed hash of
// its network (an IPv4 address, an IPv6 /64), which limit is counted on: a
// *RateLimitError when the network sent limit.Max submissions within
// limit.Window already. ID, ReceivedAt, Status, the moderation and
// AddressHash are set by the store. It needs no actor: it is not audited.
func (db *DB) AddSubmission(ctx context.Context, s Submission, address string, limit SubmissionLimit) (Submission, error) {
	s.normalize()
	if err := s.validate(); err != nil {
		return Submission{}, err
	}
	key, err := db.secret(ctx, secretSubmissions)
	if err != nil {
		return Submission{}, err
	}
	s.AddressHash = addressHash(key, address)
	s.Status, s.ModeratedBy, s.ModeratedAt = SubmissionPending, "", time.Time{}
	err = db.auditTx(ctx, audit.Actor{ID: audit.ActorAnonymous}, true, func(tx *sql.Tx, _ *auditBuffer) error {
		now := time.Now().UTC().Truncate(time.Millisecond)
		if limit.Max > 0 {
			var n int
			var oldest sql.NullInt64
			const count = "SELECT COUNT(*), MIN(received_at) FROM submissions WHERE address_hash = $1 AND received_at > $2"
			if err := tx.QueryRowContext(ctx, count, s.AddressHash, now.Add(-limit.Window).UnixMilli()).Scan(&n, &oldest); err != nil {
				return fmt.Errorf("store: count recent submissions: %w", err)
			}
			if n >= limit.Max {
				wait := time.UnixMilli(oldest.Int64).Add(limit.Window).Sub(now)
				return &RateLimitError{Limit: limit, RetryAfter: max(wait, time.Second)}
			}
		}
		s.ReceivedAt = now
		const insert = `INSERT INTO submissions (consultation_id, received_at, name, email, organisation, category, objectives, text, status, address_hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`
		err := tx.QueryRowContext(ctx, insert, s.Consultation, now.UnixMilli(), s.Name, s.Email, s.Organisation, string(s.Category),
			strings.Join(s.Objectives, ";"), s.Text, string(s.Status), s.AddressHash).Scan(&s.ID)
		if err != nil {
			return fmt.Errorf("store: add a submission to %q: %w", s.Consultation, mapErr(err))
		}
		return nil
	})
	if err != nil {
		return Submission{}, err
	}
	return s, nil
}

// submissionWhere returns the WHERE clause and arguments selecting the
// submissions to consultation with status; an empty consultation or status
// selects every one.
func submissionWhere(consultation string, status SubmissionStatus) (string, []any) {
	var conds []string
	var args []any
	if consultation != "" {
		args = append(args, consultation)
		conds = append(conds, "consultation_id = $"+strconv.Itoa(len(args)))
	}
	if status != "" {
		args = append(args, string(status))
		conds = append(conds, "status = $"+strconv.Itoa(len(args)))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Submissions returns the submissions to consultation with status, oldest
// first; an empty consultation or status selects every one.
func (db *DB) Submissions(ctx context.Context, consultation string, status SubmissionStatus) ([]Submission, error) {
	where, args := submissionWhere(consultation, status)
	rows, err := db.sql.QueryContext(ctx, "SELECT "+submissionColumns+" FROM submissions"+where+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: list submissions: %w", unavailable(err))
	}
	defer rows.Close()
	var out []Submission
	for rows.Next() {
		s, err := scanSubmission(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list submissions: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list submissions: %w", unavailable(err))
	}
	return out, nil
}

// CountSubmissions returns the number of submissions to consultation with
// status; an empty consultation or status counts every one.
func (db *DB) CountSubmissions(ctx context.Context, consultation string, status SubmissionStatus) (int, error) {
	where, args := submissionWhere(consultation, status)
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM submissions"+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count submissions: %w", unavailable(err))
	}
	return n, nil
}

// SubmissionByID returns the submission id, or an error wrapping
// registry.ErrNotFound.
func (db *DB) SubmissionByID(ctx context.Context, id int64) (Submission, error) {
	return getSubmission(ctx, db.sql, id)
}

func getSubmission(ctx context.Context, q querier, id int64) (Submission, error) {
	s, err := scanSubmission(q.QueryRowContext(ctx, "SELECT "+submissionColumns+" FROM submissions WHERE id = $1", id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return s, fmt.Errorf("store: submission %d: %w", id, registry.ErrNotFound)
	case err != nil:
		return s, fmt.Errorf("store: submission %d: %w", id, unavailable(err))
	}
	return s, nil
}

// submissionView is a submission as the audit log records it: its
// moderation, not what it says nor who sent it.
type submissionView struct {
	ID           int64            `json:"id"`
	Consultation string           `json:"consultation"`
	Status       SubmissionStatus `json:"status"`
	ModeratedBy  string           `json:"moderated_by"`
	ModeratedAt  *int64           `json:"moderated_at"`
}

func (s Submission) auditJSON() (json.RawMessage, error) {
	return audit.CanonicalJSON(submissionView{ID: s.ID, Consultation: s.Consultation, Status: s.Status,
		ModeratedBy: s.ModeratedBy, ModeratedAt: optMillis(s.ModeratedAt)})
}

// ModerateSubmission publishes or rejects the submission id (to is
// SubmissionPublished or SubmissionRejected) on behalf of who (a name
// staff recognise, kept in ModeratedBy), provided its status is still
// expected: otherwise, someone moderated it meanwhile, and the error wraps
// registry.ErrConflict (SubmissionByID tells its status now). A published
// submission may be rejected later, and a rejected one published. Asking
// for the status it has already changes nothing. An unknown id is an error
// wrapping registry.ErrNotFound; an invalid to or an empty who a
// *registry.ValidationError. The audit log records it under
// ActionSubmissionPublish or ActionSubmissionReject; ctx must carry the
// actor. It returns the submission as stored.
func (db *DB) ModerateSubmission(ctx context.Context, id int64, to SubmissionStatus, who string, expected SubmissionStatus) (Submission, error) {
	actor, ok := audit.ActorFrom(ctx)
	if !ok {
		return Submission{}, ErrNoActor
	}
	who = strings.TrimSpace(who)
	f := fieldErrors{entity: EntitySubmission, id: strconv.FormatInt(id, 10)}
	if to != SubmissionPublished && to != SubmissionRejected {
		f.add("status", fmt.Sprintf("%q is not a moderation; want published or rejected", clipText(string(to))))
	}
	if who == "" {
		f.add("moderated_by", "is required")
	} else {
		checkLine(&f, "moderated_by", who)
	}
	if err := f.err(); err != nil {
		return Submission{}, err
	}
	var out Submission
	err := db.auditTx(ctx, actor, true, func(tx *sql.Tx, log *auditBuffer) error {
		cur, err := getSubmission(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Status != expected {
			return fmt.Errorf("store: moderate submission %d: it is %s now, not %s: %w", id, cur.Status, expected, registry.ErrConflict)
		}
		if cur.Status == to {
			out = cur
			return nil
		}
		next := cur
		next.Status, next.ModeratedBy = to, who
		next.ModeratedAt = time.Now().UTC().Truncate(time.Millisecond)
		if (cur.Status == SubmissionPublished) != (to == SubmissionPublished) {
			// What the portal shows changes: a revision moves the data
			// version, and every instance reloads (see the package doc).
			var rev revision
			if _, err := rev.get(ctx, tx); err != nil {
				return err
			}
			next.ModeratedAt = time.UnixMilli(rev.ms).UTC()
			log.at = rev.ms
			if err := db.notifyChange(ctx, tx); err != nil {
				return err
			}
		}
		const update = "UPDATE submissions SET status = $2, moderated_by = $3, moderated_at = $4 WHERE id = $1"
		if _, err := tx.ExecContext(ctx, update, id, string(next.Status), next.ModeratedBy, next.ModeratedAt.UnixMilli()); err != nil {
			return fmt.Errorf("store: moderate submission %d: %w", id, err)
		}
		before, err := cur.auditJSON()
		if err != nil {
			return err
		}
		after, err := next.auditJSON()
		if err != nil {
			return err
		}
		action := ActionSubmissionPublish
		if to == SubmissionRejected {
			action = ActionSubmissionReject
		}
		log.add(audit.Entry{Action: action, Entity: EntitySubmission, EntityID: strconv.FormatInt(id, 10), Before: before, After: after})
		out = next
		return nil
	})
	if err != nil {
		return Submission{}, err
	}
	return out, nil
}

// secretSubmissions names the secret that keys the address hashes and,
// derived, the portal's form tokens.
const secretSubmissions = "submissions"

// secret returns the deployment's secret name, made (32 random bytes) and
// stored on first use.
func (db *DB) secret(ctx context.Context, name string) ([]byte, error) {
	const read = "SELECT value FROM secrets WHERE name = $1"
	var v string
	err := db.sql.QueryRowContext(ctx, read, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("store: make the secret %q: %w", name, err)
		}
		const insert = "INSERT INTO secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING"
		if _, err := db.sql.ExecContext(ctx, insert, name, hex.EncodeToString(b), time.Now().UnixMilli()); err != nil {
			return nil, fmt.Errorf("store: make the secret %q: %w", name, unavailable(err))
		}
		err = db.sql.QueryRowContext(ctx, read, name).Scan(&v) // another instance's, if it came first
	}
	if err != nil {
		return nil, fmt.Errorf("store: read the secret %q: %w", name, unavailable(err))
	}
	b, err := hex.DecodeString(v)
	if err != nil || len(b) < 16 {
		return nil, fmt.Errorf("store: the secret %q is not 16 or more bytes in hex", name)
	}
	return b, nil
}

// SubmissionFormKey returns the key with which the portal signs the tokens
// of its consultation form: derived from the deployment's secret, so that
// every instance shares it.
func (db *DB) SubmissionFormKey(ctx context.Context) ([]byte, error) {
	key, err := db.secret(ctx, secretSubmissions)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("chancery consultation form token"))
	return m.Sum(nil), nil
}

// addressHash returns the hex HMAC-SHA256, keyed with key, of the network
// of address: the IPv4 address, or the /64 of an IPv6 address (one
// subscriber's usual allocation). An address that does not parse is hashed
// as it is.
func addressHash(key []byte, address string) string {
	host := address
	if h, _, err := net.SplitHostPort(address); err == nil {
		host = h
	}
	network := host
	if ip, err := netip.ParseAddr(host); err == nil {
		ip = ip.WithZone("").Unmap()
		network = ip.String()
		if ip.Is6() {
			if p, err := ip.Prefix(64); err == nil {
				network = p.String()
			}
		}
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("address\x00" + network))
	return hex.EncodeToString(m.Sum(nil))
}
