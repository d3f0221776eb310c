package staff

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/importer"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
)

// Limits of the staff upload (/staff/import).
const (
	// MaxImportBytes bounds the request body of an upload, files and form
	// together: the seed data set's files take under 1 MiB. Larger imports
	// go through a zip archive or the command line.
	MaxImportBytes = 32 << 20
	// maxImportFiles bounds the files of one upload: one per data file is
	// enough.
	maxImportFiles = 20
	// maxUnzippedBytes bounds what a zip archive may unpack to, as its
	// directory declares (archive/zip refuses to read more than declared).
	maxUnzippedBytes = 256 << 20
	// importTTL is how long an upload waits for its confirmation.
	importTTL = 30 * time.Minute
	// maxPendingBytes bounds the uploads kept for confirmation, all users
	// together; the oldest go first.
	maxPendingBytes = 128 << 20
	// maxShownProblems and maxShownIDs bound the lists of a preview.
	maxShownProblems = 200
	maxShownIDs      = 20
)

// keyImport is the session key of the token of the user's pending upload:
// an upload is confirmed only from the session that sent it.
const keyImport = "import"

// uploadFile is one file of an upload, as sent.
type uploadFile struct {
	name string
	data []byte
}

// upload is an upload waiting for its confirmation: the files, kept in
// memory so that the confirmation reads the very bytes the preview read,
// and the fingerprint of the plan the preview showed.
type upload struct {
	userID      int64
	files       []uploadFile
	fingerprint string
	expires     time.Time
	size        int64
}

// uploads holds the pending uploads by token.
type uploads struct {
	mu    sync.Mutex
	m     map[string]*upload
	bytes int64
}

// put stores up under a new random token, dropping the expired uploads and,
// while the total is over maxPendingBytes, the oldest ones.
func (u *uploads) put(up *upload, now time.Time) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = map[string]*upload{}
	}
	for t, p := range u.m {
		if !now.Before(p.expires) {
			u.remove(t)
		}
	}
	for u.bytes+up.size > maxPendingBytes && len(u.m) > 0 {
		oldest := ""
		for t, p := range u.m {
			if oldest == "" || p.expires.Before(u.m[oldest].expires) {
				oldest = t
			}
		}
		u.remove(oldest)
	}
	u.m[token] = up
	u.bytes += up.size
	return token, nil
}

// take removes and returns the upload of token, if it is there, unexpired
// and user's; a confirmation takes it, so that it is applied at most once.
func (u *uploads) take(token string, user int64, now time.Time) *upload {
	u.mu.Lock()
	defer u.mu.Unlock()
	up := u.m[token]
	if up == nil || up.userID != user {
		return nil
	}
	u.remove(token)
	if !now.Before(up.expires) {
		return nil
	}
	return up
}

// drop removes the upload of token, if any.
func (u *uploads) drop(token string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if _, ok := u.m[token]; ok {
		u.remove(token)
	}
}

func (u *uploads) remove(token string) {
	u.bytes -= u.m[token].size
	delete(u.m, token)
}

// importView is the import page: the upload form, and the preview or the
// result of an upload.
type importView struct {
	MaxMiB, MaxFiles, TTLMinutes int
	DataFiles                    []string
	// Errors are the problems of the upload itself (too large, bad names):
	// no file was read.
	Errors []string
	// Preview is set once files were read.
	Preview *preview
	// Changed says the registry changed between the preview and its
	// confirmation: Preview is the new one.
	Changed bool
}

// preview is what an import would do, or did (Applied).
type preview struct {
	Files        []string
	Skipped      []string
	Rows         int
	Problems     []importer.Problem
	MoreProblems int
	Counts       []countView
	Changes      int
	// Token confirms the import; "" when there is nothing to confirm.
	Token   string
	Applied bool
}

// countView is what an import does to one entity.
type countView struct {
	importer.Count
	Created, Updated idList
}

// idList is a list of ids cut at maxShownIDs.
type idList struct {
	IDs  []string
	More int
}

func (l *idList) add(id string) {
	if len(l.IDs) < maxShownIDs {
		l.IDs = append(l.IDs, id)
	} else {
		l.More++
	}
}

func (s *Server) newImportView() importView {
	return importView{MaxMiB: MaxImportBytes >> 20, MaxFiles: maxImportFiles, TTLMinutes: int(importTTL.Minutes()), DataFiles: dataset.Files()}
}

func (s *Server) handleImportForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "import", "Import data files", "import", s.newImportView())
}

// handleImport reads an upload and shows what importing it would do; nothing
// is written. An import without problems and with changes is kept for
// confirmation (handleImportConfirm) under a token bound to the session.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	v := s.newImportView()
	files, status, msg := readUpload(r)
	if msg != "" {
		v.Errors = []string{msg}
		s.render(w, r, status, "import", "Import data files", "import", v)
		return
	}
	plan, err := prepareUpload(r.Context(), s.db, files, principal(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Preview = describePlan(plan)
	if v.Preview.Token, err = s.keepUpload(r, plan, files); err != nil {
		s.serverError(w, r, err)
		return
	}
	status = http.StatusOK
	if !plan.Report.OK() {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "import", "Import preview", "import", v)
}

// handleImportConfirm applies the upload of the session's preview: it
// prepares the same bytes again and applies the plan only if it is the one
// previewed; otherwise (someone changed the registry meanwhile) it shows the
// new preview, with nothing written.
func (s *Server) handleImportConfirm(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	token := r.PostForm.Get("token")
	mine := s.sessions.GetString(ctx, keyImport)
	var up *upload
	if token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(mine)) == 1 {
		up = s.imports.take(token, user(r).ID, s.now())
	}
	if up == nil {
		s.errorPage(w, r, http.StatusGone, "Preview expired",
			fmt.Sprintf("This preview can no longer be confirmed: it was confirmed already, replaced by a newer upload, sent from another session, or is over %d minutes old. Nothing was written. Upload the files again.", int(importTTL.Minutes())))
		return
	}
	s.sessions.Remove(ctx, keyImport)
	plan, err := prepareUpload(ctx, s.db, up.files, principal(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if plan.Report.OK() && plan.Fingerprint() == up.fingerprint {
		ps := &publishingStore{DB: s.db}
		err = plan.Apply(ctx, ps)
		if err == nil {
			if ps.reg != nil {
				s.publish(ps.reg)
			}
			v := s.newImportView()
			v.Preview = describePlan(plan)
			s.render(w, r, http.StatusOK, "import", "Import done", "import", v)
			return
		}
		_, invalid := errors.AsType[*registry.ValidationError](err)
		if !invalid && !errors.Is(err, registry.ErrConflict) && !errors.Is(err, store.ErrExists) {
			s.serverError(w, r, err)
			return
		}
		// Someone wrote between this Prepare and Apply: prepare again.
		if plan, err = prepareUpload(ctx, s.db, up.files, principal(r)); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	v := s.newImportView()
	v.Changed = true
	v.Preview = describePlan(plan)
	if v.Preview.Token, err = s.keepUpload(r, plan, up.files); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusConflict, "import", "Import preview", "import", v)
}

// describePlan returns the preview of plan, with no token.
func describePlan(plan *importer.Plan) *preview {
	rep := &plan.Report
	p := &preview{Files: rep.Files, Skipped: rep.Skipped, Rows: rep.Rows, Changes: rep.Changes(), Applied: rep.Applied}
	p.Problems = rep.Problems[:min(len(rep.Problems), maxShownProblems)]
	p.MoreProblems = len(rep.Problems) - len(p.Problems)
	byEntity := map[string]*countView{}
	for _, c := range rep.Counts {
		p.Counts = append(p.Counts, countView{Count: c})
	}
	for i := range p.Counts {
		byEntity[p.Counts[i].Entity] = &p.Counts[i]
	}
	for _, c := range plan.Changes() {
		cv := byEntity[c.Entity]
		if cv == nil {
			continue
		}
		if c.Create {
			cv.Created.add(c.ID)
		} else {
			cv.Updated.add(c.ID)
		}
	}
	return p
}

// keepUpload keeps the files of plan for confirmation, when it can be
// applied and changes something, replacing the session's earlier upload,
// and returns the token that confirms it; otherwise it returns "".
func (s *Server) keepUpload(r *http.Request, plan *importer.Plan, files []uploadFile) (string, error) {
	if !plan.Report.OK() || plan.Report.Changes() == 0 {
		return "", nil
	}
	ctx := r.Context()
	if old := s.sessions.GetString(ctx, keyImport); old != "" {
		s.imports.drop(old)
	}
	up := &upload{userID: user(r).ID, files: files, fingerprint: plan.Fingerprint(), expires: s.now().Add(importTTL)}
	for _, f := range files {
		up.size += int64(len(f.data))
	}
	token, err := s.imports.put(up, s.now())
	if err != nil {
		return "", err
	}
	s.sessions.Put(ctx, keyImport, token)
	return token, nil
}

// publishingStore is the store an import's Apply writes through: it keeps
// the registry the write commits, to publish it.
type publishingStore struct {
	*store.DB
	reg *registry.Registry
}

func (p *publishingStore) Write(ctx context.Context, fn func(tx *store.Tx) error) error {
	reg, err := p.WriteRegistry(ctx, fn)
	p.reg = reg
	return err
}

// prepareUpload runs the importer over the files of an upload, imported by
// p: only policy officers and admins import indicator actuals other than
// as stored (importer.Options).
func prepareUpload(ctx context.Context, db importer.Store, files []uploadFile, p auth.Principal) (*importer.Plan, error) {
	in := &importer.Input{}
	defer in.Close()
	for _, f := range files {
		data := f.data
		if isZipName(f.name) {
			in.AddZip(bytes.NewReader(data), int64(len(data)), f.name)
			continue
		}
		in.Files = append(in.Files, importer.File{Name: f.name, Path: f.name, Size: int64(len(data)),
			Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }})
	}
	return importer.Prepare(ctx, db, in, importer.Options{Principal: p})
}

func isZipName(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".zip") }

// readUpload reads the files of a multipart upload (field "files") into
// memory, nothing on disk. It refuses, with the status to answer and a
// message, a body over MaxImportBytes (413), more than maxImportFiles
// files, a file whose name is not that of a data file or a .zip, a name
// given twice, a zip with other files or unpacking to more than
// maxUnzippedBytes, and an upload with no file (422).
func readUpload(r *http.Request) (files []uploadFile, status int, msg string) {
	tooLarge := fmt.Sprintf("The upload is larger than %d MiB. Nothing was read. Split the files over several imports, or send them as one zip archive.", MaxImportBytes>>20)
	const unreadable = "The upload could not be read: send the files with the form below."
	if r.ContentLength > MaxImportBytes {
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, http.StatusBadRequest, unreadable
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var data []byte
		if err == nil {
			data, err = io.ReadAll(part)
		}
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, http.StatusRequestEntityTooLarge, tooLarge
		} else if err != nil {
			return nil, http.StatusBadRequest, unreadable
		}
		if part.FormName() != "files" || (part.FileName() == "" && len(data) == 0) {
			continue // another field, or the empty part of a form sent with no file chosen
		}
		if len(files) == maxImportFiles {
			return nil, http.StatusUnprocessableEntity, fmt.Sprintf("More than %d files were sent; one per data file is enough, or one zip archive.", maxImportFiles)
		}
		files = append(files, uploadFile{name: part.FileName(), data: data})
	}
	for i, f := range files {
		if msg := checkUploadName(f.name, files[:i]); msg != "" {
			return nil, http.StatusUnprocessableEntity, msg
		}
	}
	switch {
	case len(files) == 0:
		return nil, http.StatusUnprocessableEntity, "No file was sent: choose one or more CSV data files, or one zip archive."
	case len(files) > 1 && slices.ContainsFunc(files, func(f uploadFile) bool { return isZipName(f.name) }):
		return nil, http.StatusUnprocessableEntity, "Send either CSV data files or one zip archive, not both and not several archives."
	}
	if f := files[0]; isZipName(f.name) {
		// A damaged archive is the importer's to report.
		if zr, err := zip.NewReader(bytes.NewReader(f.data), int64(len(f.data))); err == nil {
			var n uint64
			for _, zf := range zr.File {
				n += zf.UncompressedSize64
			}
			if n > maxUnzippedBytes {
				return nil, http.StatusRequestEntityTooLarge, fmt.Sprintf("The zip archive %s unpacks to more than %d MiB. Nothing was read.", f.name, maxUnzippedBytes>>20)
			}
		}
	}
	return files, 0, ""
}

// checkUploadName says why a file name is refused: it is not printable
// UTF-8 of at most 255 bytes, not a data file's name (dataset.Files) or a
// .zip, or the name of a file sent already; "" when it is accepted.
func checkUploadName(name string, sent []uploadFile) string {
	printable := utf8.ValidString(name) && !strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsPrint(r) })
	switch {
	case name == "":
		return "A file was sent without a name."
	case len(name) > 255 || !printable:
		return "A file name is not printable UTF-8 of at most 255 bytes."
	case !isZipName(name) && !dataset.IsDataFile(name):
		return fmt.Sprintf("%q is not the name of a data file: a file's name says what it holds, one of %s (or a .zip archive holding them).",
			name, strings.Join(dataset.Files(), ", "))
	case slices.ContainsFunc(sent, func(f uploadFile) bool { return f.name == name }):
		return fmt.Sprintf("%q was sent twice.", name)
	}
	return ""
}
