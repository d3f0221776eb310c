package api

// The write API: the registry's records created, replaced and deleted under
// /api/v1 by clients holding an API token. Writes are served by their own
// handlers, registered on the API's ServeMux with method patterns (POST,
// PUT, DELETE), so the cached read path is not involved in them. See
// WithWrites.

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/routing"
	"github.com/chancery-org/chancery/internal/store"
)

// WriteConfig is what the write API needs (see WithWrites).
type WriteConfig struct {
	// DB stores the registry, the API tokens and the audit log. Required.
	DB *store.DB
	// Publish receives the registry each committed write returns, so that
	// the portal and the API read it at once. Nil publishes nothing.
	Publish func(*registry.Registry)
	// Now returns the time at which a token's use is recorded; nil means
	// time.Now.
	Now func() time.Time
}

// Option configures New.
type Option func(*Server)

// WithWrites adds the write API to the server:
//
//	POST   /api/v1/{collection}       create a record: 201, Location, ETag
//	PUT    /api/v1/{collection}/{id}  replace a record (If-Match): 200, ETag
//	DELETE /api/v1/{collection}/{id}  hard-delete a record (If-Match): 204
//	GET    /api/v1/settings           the settings, with their ETag
//	PUT    /api/v1/settings           replace the settings (If-Match): 200, ETag
//
// for every registry entity (missions, accreditations, appointments,
// persons, honorary-consuls, countries, relations, organisations,
// memberships, declared-figures, finder-notes, agreements, and the policy
// tracker's policy-nodes, initiatives, indicators, indicator-actuals,
// engagements, commitments, associations, stakeholders, consultations), and
//
//	POST   /api/v1/indicator-actuals/{id}/approve  approve an actual (If-Match): 200, ETag
//
// Every request needs an API token (Authorization: Bearer chy_…) and is
// allowed or refused by internal/auth with the token's role and mission;
// an actual's recording and approval name the token ("token:ID"), and
// values a client sends for them are ignored. Each write is audited
// under the actor "token:ID" with the request's X-Request-Id and client
// address. A record's entity tag is "v" and its version, quoted ("v3");
// the settings' is a hash of their content. Write responses carry no CORS
// header, and preflight requests never allow an unsafe method or the
// Authorization header: writes are not for browsers on other origins.
//
// The paths shared with the read API are registered for GET (and so HEAD)
// alone, and their OPTIONS and 405 answers list the write methods too.
func WithWrites(c WriteConfig) Option {
	if c.DB == nil {
		panic("api: WriteConfig.DB is required")
	}
	return func(s *Server) {
		wr := &writer{db: c.DB, snapshot: s.snapshot, publish: c.Publish, logger: s.logger, now: c.Now}
		if wr.publish == nil {
			wr.publish = func(*registry.Registry) {}
		}
		if wr.logger == nil {
			wr.logger = slog.New(slog.DiscardHandler)
		}
		if wr.now == nil {
			wr.now = time.Now
		}
		s.writes = wr
	}
}

// writer serves the write routes.
type writer struct {
	db       *store.DB
	snapshot func() *registry.Registry
	publish  func(*registry.Registry)
	logger   *slog.Logger
	now      func() time.Time
}

// writePath is a path with write methods.
type writePath struct {
	path    string   // ServeMux pattern without a method
	methods []string // the write methods, as registered
	// public is set when GET on the path is the public read API's, and so
	// may be read from other origins.
	public bool
}

// allow returns the value of the path's Allow header.
func (p writePath) allow(read bool) string {
	ms := []string{http.MethodOptions}
	if read {
		ms = []string{http.MethodGet, http.MethodHead, http.MethodOptions}
	}
	for _, m := range p.methods {
		if m != http.MethodGet {
			ms = append(ms, m)
		}
	}
	return strings.Join(ms, ", ")
}

const settingsPath = "/api/v1/settings"

// writePaths lists the paths of the write routes; read tells whether the
// read API serves GET on a path.
func writePaths(read func(path string) bool) []writePath {
	var out []writePath
	for _, e := range writeEntities {
		coll := "/api/v1/" + e.path
		rec := coll + "/{" + e.param + "}"
		out = append(out,
			writePath{path: coll, methods: []string{http.MethodPost}, public: read(coll)},
			writePath{path: rec, methods: []string{http.MethodPut, http.MethodDelete}, public: read(rec)})
	}
	return append(out, writePath{path: settingsPath, methods: []string{http.MethodGet, http.MethodPut}},
		writePath{path: approvePath, methods: []string{http.MethodPost}})
}

// register adds the write routes to mux, and for each of their paths a
// handler of the other methods (OPTIONS, and 405 with Allow). read tells
// whether the read API serves GET on a path: it must register it for GET
// only.
func (wr *writer) register(mux *routing.Mux, read func(path string) bool) {
	for _, e := range writeEntities {
		coll := "/api/v1/" + e.path
		rec := coll + "/{" + e.param + "}"
		mux.HandleFunc(http.MethodPost+" "+coll, wr.create(e))
		mux.HandleFunc(http.MethodPut+" "+rec, wr.replace(e))
		mux.HandleFunc(http.MethodDelete+" "+rec, wr.remove(e))
	}
	mux.HandleFunc(http.MethodGet+" "+settingsPath, wr.getSettings)
	mux.HandleFunc(http.MethodPut+" "+settingsPath, wr.putSettings)
	mux.HandleFunc(http.MethodPost+" "+approvePath, wr.approve)
	for _, p := range writePaths(read) {
		readable := p.public || p.path == settingsPath
		mux.Handle(p.path, otherMethods(p.allow(readable), p.public))
	}
}

// otherMethods answers the methods a path has no handler for: OPTIONS with
// 204 (a CORS preflight allows only the safe methods, and only where GET is
// public), anything else with 405. allow is the Allow header.
func otherMethods(allow string, public bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		commonHeaders(h)
		h.Set("Allow", allow)
		if r.Method == http.MethodOptions {
			if public {
				h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
				h.Set("Access-Control-Allow-Headers", "Accept, If-None-Match")
				h.Set("Access-Control-Max-Age", "86400")
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeProblem(w, r, &Problem{Type: typeMethod, Title: "Method not allowed", Status: http.StatusMethodNotAllowed,
			Detail: safe(r.Method) + " is not allowed here; this resource allows " + allow})
	})
}

// writeHeaders sets the headers of every response of a write route.
func writeHeaders(h http.Header) {
	h["X-Content-Type-Options"] = noSniff
	h.Set("Cache-Control", "no-store")
}

// create answers POST /api/v1/{collection}.
func (wr *writer) create(e *writeEntity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeHeaders(w.Header())
		p, ok := wr.authenticate(w, r)
		if !ok {
			return
		}
		rec, ok := wr.decode(w, r, e)
		if !ok {
			return
		}
		id := e.id(rec)
		reg, err := wr.write(w, r, p, func(tx *store.Tx, ds *registry.Dataset) error {
			if err := auth.Authorize(p, auth.Create, e.target(ds, rec), ds.Settings.HomeState); err != nil {
				return err
			}
			if e.stamp != nil {
				e.stamp(nil, rec, actor(p), wr.now())
			}
			return tx.Insert(rec)
		})
		if err != nil {
			wr.failed(w, r, e, id, err)
			return
		}
		w.Header().Set("Location", "/api/v1/"+e.path+"/"+url.PathEscape(id))
		wr.sendRecord(w, r, http.StatusCreated, e, reg, id)
	}
}

// replace answers PUT /api/v1/{collection}/{id}: the body replaces the
// record, provided If-Match names its current version. A replacement that
// ends the record (see writeEntity.ended) is authorized and audited as an
// end.
func (wr *writer) replace(e *writeEntity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeHeaders(w.Header())
		id := r.PathValue(e.param)
		p, ok := wr.authenticate(w, r)
		if !ok {
			return
		}
		tags, ok := ifMatch(w, r)
		if !ok {
			return
		}
		rec, ok := wr.decode(w, r, e)
		if !ok {
			return
		}
		if got := e.id(rec); got != id {
			reason := fmt.Sprintf("is %s, but the URL names %s: they must agree (an id cannot be changed)", quote(got), quote(id))
			sendProblem(w, r, http.StatusBadRequest, typeBadBody, "Bad request body", e.idField+" "+reason,
				[]registry.FieldError{{Entity: e.name, ID: id, Field: e.idField, Reason: reason}})
			return
		}
		reg, err := wr.write(w, r, p, func(tx *store.Tx, ds *registry.Dataset) error {
			old := e.find(ds, id)
			if old == nil {
				return fmt.Errorf("api: %s %q: %w", e.name, id, registry.ErrNotFound)
			}
			home := ds.Settings.HomeState
			if err := auth.Authorize(p, auth.Update, e.target(ds, old), home); err != nil {
				return err
			}
			if err := tags.check(versionTag(e.meta(old).Version)); err != nil {
				return err
			}
			m := e.meta(rec)
			m.Version, m.Revision, m.UpdatedAt = e.meta(old).Version, 0, registry.Timestamp{}
			if e.stamp != nil {
				e.stamp(old, rec, actor(p), wr.now())
			}
			ending := e.ended != nil && !e.ended(old) && e.ended(rec)
			if ending {
				if err := auth.Authorize(p, auth.End, e.target(ds, old), home); err != nil {
					return err
				}
			}
			if err := auth.AuthorizeUpdate(p, e.target(ds, old), e.target(ds, rec), home); err != nil {
				return err
			}
			if ending {
				return tx.End(rec)
			}
			return tx.Update(rec)
		})
		if err != nil {
			wr.failed(w, r, e, id, err)
			return
		}
		wr.sendRecord(w, r, http.StatusOK, e, reg, id)
	}
}

// remove answers DELETE /api/v1/{collection}/{id}: a hard delete, for
// admins, provided If-Match names the record's current version.
func (wr *writer) remove(e *writeEntity) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeHeaders(w.Header())
		id := r.PathValue(e.param)
		p, ok := wr.authenticate(w, r)
		if !ok {
			return
		}
		tags, ok := ifMatch(w, r)
		if !ok {
			return
		}
		_, err := wr.write(w, r, p, func(tx *store.Tx, ds *registry.Dataset) error {
			old := e.find(ds, id)
			if old == nil {
				return fmt.Errorf("api: %s %q: %w", e.name, id, registry.ErrNotFound)
			}
			if err := auth.Authorize(p, auth.Delete, e.target(ds, old), ds.Settings.HomeState); err != nil {
				return err
			}
			if err := tags.check(versionTag(e.meta(old).Version)); err != nil {
				return err
			}
			return tx.Delete(old)
		})
		if err != nil {
			wr.failed(w, r, e, id, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// getSettings answers GET /api/v1/settings: the settings and their entity
// tag, to any valid token; 304 when If-None-Match names the tag.
func (wr *writer) getSettings(w http.ResponseWriter, r *http.Request) {
	writeHeaders(w.Header())
	p, ok := wr.authenticate(w, r)
	if !ok {
		return
	}
	reg := wr.snapshot()
	if _, prob := parseQuery(r.URL.RawQuery, nil, reg); prob != nil {
		writeProblem(w, r, prob)
		return
	}
	if err := auth.Authorize(p, auth.ViewStaff, nil, reg.Home()); err != nil {
		wr.failed(w, r, nil, "", err)
		return
	}
	s := reg.Settings()
	if tag := settingsTag(s); noneMatch(r.Header.Get("If-None-Match"), tag) {
		w.Header().Set("ETag", tag)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	wr.sendSettings(w, r, s)
}

// putSettings answers PUT /api/v1/settings, provided If-Match names the
// settings' current entity tag: admins change any setting, protocol only
// nuncio_is_dean (auth.AuthorizeSettings).
func (wr *writer) putSettings(w http.ResponseWriter, r *http.Request) {
	writeHeaders(w.Header())
	p, ok := wr.authenticate(w, r)
	if !ok {
		return
	}
	tags, ok := ifMatch(w, r)
	if !ok {
		return
	}
	var s registry.Settings
	body, berr := readBody(w, r)
	if berr == nil {
		berr = decodeRecord(body, &s, "settings")
	}
	if berr != nil {
		sendProblem(w, r, berr.status, berr.typ, berr.title, berr.detail, berr.errors)
		return
	}
	reg, err := wr.write(w, r, p, func(tx *store.Tx, ds *registry.Dataset) error {
		if len(auth.EditableSettings(p)) == 0 {
			return auth.AuthorizeSettings(p, ds.Settings, s) // refuses
		}
		if err := tags.check(settingsTag(ds.Settings)); err != nil {
			return err
		}
		if err := auth.AuthorizeSettings(p, ds.Settings, s); err != nil {
			return err
		}
		return tx.SetSettings(s)
	})
	if err != nil {
		wr.failed(w, r, nil, "", err)
		return
	}
	wr.sendSettings(w, r, reg.Settings())
}

// decode reads and decodes the body into a new record of e, whose store
// fields (version, revision, updated_at) are reset: the store sets them. It
// answers the request itself when the body is refused.
func (wr *writer) decode(w http.ResponseWriter, r *http.Request, e *writeEntity) (any, bool) {
	body, berr := readBody(w, r)
	rec := e.newRec()
	if berr == nil {
		berr = decodeRecord(body, rec, e.name)
	}
	if berr != nil {
		sendProblem(w, r, berr.status, berr.typ, berr.title, berr.detail, berr.errors)
		return nil, false
	}
	*e.meta(rec) = registry.Meta{Source: e.meta(rec).Source, LastVerified: e.meta(rec).LastVerified, Note: e.meta(rec).Note}
	return rec, true
}

// write runs fn in one store transaction, with the data as the transaction
// sees it, as the token of p (the audit log's actor, with the request's id
// and the client's address), and publishes the registry it commits.
func (wr *writer) write(w http.ResponseWriter, r *http.Request, p auth.Principal, fn func(tx *store.Tx, ds *registry.Dataset) error) (*registry.Registry, error) {
	ctx := audit.WithActor(r.Context(), audit.Actor{
		ID: audit.TokenActor(p.TokenID), RequestID: w.Header().Get("X-Request-Id"), Address: clientAddress(r)})
	reg, err := wr.db.WriteRegistry(ctx, func(tx *store.Tx) error {
		ds, err := tx.Load()
		if err != nil {
			return err
		}
		return fn(tx, &ds)
	})
	if err != nil {
		return nil, err
	}
	wr.publish(reg)
	return reg, nil
}

// failed answers a write that did not commit. e and id name the record
// (nil for the settings).
func (wr *writer) failed(w http.ResponseWriter, r *http.Request, e *writeEntity, id string, err error) {
	what := "the settings"
	if e != nil {
		what = humanEntity(e.name) + " " + quote(id)
	}
	if verr, ok := errors.AsType[*registry.ValidationError](err); ok {
		detail := "the change would leave the registry invalid; nothing was written"
		if len(verr.Fields) == 1 {
			detail = verr.Fields[0].Error()
		}
		sendProblem(w, r, http.StatusUnprocessableEntity, typeInvalid, "Invalid record", detail, verr.Fields)
		return
	}
	if pf, ok := errors.AsType[*preconditionError](err); ok {
		w.Header().Set("ETag", pf.current)
		sendProblem(w, r, http.StatusPreconditionFailed, typePreconditionFailed, "Precondition failed",
			"If-Match does not name the current version of "+what+", "+pf.current+": someone changed it since you read it. Nothing was written: read it again and reapply your change.", nil)
		return
	}
	switch {
	case errors.Is(err, auth.ErrForbidden):
		sendProblem(w, r, http.StatusForbidden, typeForbidden, "Forbidden", strings.TrimPrefix(err.Error(), "auth: "), nil)
	case errors.Is(err, registry.ErrConflict):
		sendProblem(w, r, http.StatusPreconditionFailed, typePreconditionFailed, "Precondition failed",
			"someone changed "+what+" at the same time; nothing was written: read it again and reapply your change", nil)
	case errors.Is(err, store.ErrExists):
		sendProblem(w, r, http.StatusConflict, typeConflict, "Conflict",
			"a "+what+" already exists: replace it with PUT, or choose another id", nil)
	case errors.Is(err, registry.ErrNotFound):
		writeProblem(w, r, notFound("no "+what+": PUT replaces a record, POST to the collection creates one"))
	default:
		wr.internal(w, r, err)
	}
}

// internal logs err and answers 500 without its details, or 503 with
// Retry-After when the database is unavailable (store.ErrUnavailable).
func (wr *writer) internal(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrUnavailable) {
		wr.logger.Warn("api: write refused, the database is unavailable", "method", r.Method, "path", r.URL.Path,
			"request_id", w.Header().Get("X-Request-Id"), "err", err)
		w.Header().Set("Retry-After", "5")
		sendProblem(w, r, http.StatusServiceUnavailable, typeUnavailable, "Service unavailable",
			"the database cannot write just now ("+store.UnavailableCause(err)+"); nothing was written: try again later", nil)
		return
	}
	wr.logger.Error("api: write failed", "method", r.Method, "path", r.URL.Path,
		"request_id", w.Header().Get("X-Request-Id"), "err", err)
	sendProblem(w, r, http.StatusInternalServerError, typeInternal, "Internal error",
		"the change could not be made; nothing was written", nil)
}

// sendRecord answers with the record id of e as reg holds it, and its
// entity tag.
func (wr *writer) sendRecord(w http.ResponseWriter, r *http.Request, status int, e *writeEntity, reg *registry.Registry, id string) {
	rec := e.find(reg.Dataset(), id)
	if rec == nil {
		wr.internal(w, r, fmt.Errorf("api: %s %q is not in the registry written", e.name, id))
		return
	}
	sendJSON(w, status, versionTag(e.meta(rec).Version), rec)
}

func (wr *writer) sendSettings(w http.ResponseWriter, r *http.Request, s registry.Settings) {
	sendJSON(w, http.StatusOK, settingsTag(s), s)
}

func sendJSON(w http.ResponseWriter, status int, etag string, v any) {
	body, _ := json.Marshal(v) // registry records always encode
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("ETag", etag)
	h.Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// versionTag is the entity tag of a record at version v: "v3", quoted.
func versionTag(v int64) string { return `"v` + strconv.FormatInt(v, 10) + `"` }

// settingsTag is the entity tag of the settings: a hash of their JSON.
func settingsTag(s registry.Settings) string {
	b, _ := json.Marshal(s)
	sum := sha256.Sum256(b)
	return `"s-` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
}

// noneMatch reports whether an If-None-Match header names tag, by weak
// comparison (RFC 9110 §13.1.2); "*" names any.
func noneMatch(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}

// preconditionError refuses a write whose If-Match does not name the
// current entity tag, current.
type preconditionError struct{ current string }

func (e *preconditionError) Error() string { return "api: If-Match does not name " + e.current }

// entityTags are the strong entity tags of an If-Match header, quoted.
type entityTags []string

// check returns a *preconditionError unless the tags hold current.
func (t entityTags) check(current string) error {
	for _, tag := range t {
		if tag == current {
			return nil
		}
	}
	return &preconditionError{current: current}
}

// ifMatch reads the If-Match header, which updates and deletes require. It
// answers 428 itself when the header is missing or "*" (which would match
// any version, so protects against nothing), and 400 when it is not a list
// of entity tags. Weak tags never match (If-Match compares strongly).
func ifMatch(w http.ResponseWriter, r *http.Request) (entityTags, bool) {
	header := strings.Join(r.Header.Values("If-Match"), ",")
	if strings.TrimSpace(header) == "" || strings.TrimSpace(header) == "*" {
		sendProblem(w, r, http.StatusPreconditionRequired, typePreconditionRequired, "Precondition required",
			`send If-Match with the entity tag of the version you read: "v" and the record's version, quoted ("v3"), as the ETag header of a write gives it; for the settings, the ETag of GET /api/v1/settings`, nil)
		return nil, false
	}
	tags, ok := parseEntityTags(header)
	if !ok {
		sendProblem(w, r, http.StatusBadRequest, typeBadBody, "Bad If-Match header",
			`If-Match is not a list of entity tags such as "v3"`, nil)
		return nil, false
	}
	return tags, true
}

// parseEntityTags parses a comma-separated list of entity tags (RFC 9110
// §8.8.3) and returns its strong tags, quoted. It reports false for anything
// else, "*" included.
func parseEntityTags(s string) (entityTags, bool) {
	var tags entityTags
	seen := false
	for {
		s = strings.TrimLeft(s, " \t,")
		if s == "" {
			return tags, seen
		}
		weak := false
		if rest, ok := strings.CutPrefix(s, "W/"); ok {
			weak, s = true, rest
		}
		if !strings.HasPrefix(s, `"`) {
			return nil, false
		}
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return nil, false
		}
		tag := s[:end+2]
		for i := 1; i < len(tag)-1; i++ {
			if c := tag[i]; c < 0x21 || c == 0x7f {
				return nil, false
			}
		}
		if !weak {
			tags = append(tags, tag)
		}
		seen = true
		s = s[end+2:]
		if t := strings.TrimLeft(s, " \t"); t != "" && t[0] != ',' {
			return nil, false
		}
	}
}
