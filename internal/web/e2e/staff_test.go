package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/site"
	"github.com/chancery-org/chancery/internal/staff"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// axeSource returns axe-core's script when it is installed (see tool), or
// "" when not: the staff journey runs without it.
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv("CHANCERY_AXE")
	if p == "" {
		if root := repoRoot(); root != "" {
			p = filepath.Join(root, ".tools", "node_modules/axe-core/axe.min.js")
		}
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Logf("axe-core not found (%v): the staff pages are not checked for accessibility", err)
		return ""
	}
	return string(b)
}

// staffSite serves the site with the staff workspace over a SQLite store
// seeded with the seed data set, with an editor (staffEmail, staffPassword).
func staffSite(t *testing.T) (*httptest.Server, *store.DB, *site.Snapshot) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: audit.ActorCLI})
	db := storetest.SQLite(t)
	ds, err := dataset.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Seed(ctx, ds); err != nil {
		t.Fatal(err)
	}
	loaded, err := db.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	snap := site.NewSnapshot(registry.New(loaded))
	cheap := auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	hash, err := auth.HashPassword(staffPassword, cheap)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, store.User{Email: staffEmail, Name: "Editor", Role: auth.Editor, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	ws := staff.New(staff.Config{DB: db, Snapshot: snap.Load, Publish: func(r *registry.Registry) { snap.Publish(r) }, PasswordParams: cheap})
	srv := httptest.NewServer(site.New(site.Config{Snapshot: snap.Load, Staff: ws, Logger: slog.New(slog.DiscardHandler)}))
	t.Cleanup(srv.Close)
	return srv, db, snap
}

// The editor of staffSite.
const (
	staffEmail    = "editor@example.org"
	staffPassword = "a long enough password"
)

// TestStaffJourney signs an editor in through the form, edits a mission,
// meets a conflict made meanwhile by someone else, and re-applies the
// change from the conflict page; with axe-core installed, the sign-in page
// and the mission's form pass it.
func TestStaffJourney(t *testing.T) {
	requireBrowser(t)
	srv, db, snap := staffSite(t)
	ctx0 := audit.WithActor(context.Background(), audit.Actor{ID: audit.ActorCLI})

	ctx := tab(t, time.Minute)
	axe := axeSource(t)
	if axe != "" {
		do(t, ctx, "inject axe-core", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axe})
			return err
		}))
	}
	do(t, ctx, "open the workspace", chromedp.Navigate(srv.URL+"/staff/missions/rw-ke-nairobi"), chromedp.WaitVisible(chromedp.ID("login-form")))
	if axe != "" {
		checkAxe(t, ctx, "/staff/login")
	}
	do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.ID("email"), staffEmail),
		chromedp.SendKeys(chromedp.ID("password"), staffPassword),
		chromedp.Submit(chromedp.ID("login-form")),
		chromedp.WaitVisible(chromedp.ID("record-form")),
	)
	if loc := run(t, ctx, "location", chromedp.Location()); loc != srv.URL+"/staff/missions/rw-ke-nairobi" {
		t.Errorf("after sign-in: %s, want the page asked for", loc)
	}
	if axe != "" {
		checkAxe(t, ctx, "/staff/missions/rw-ke-nairobi")
	}

	// Someone else saves the mission while the form is open.
	reg, err := db.WriteRegistry(audit.WithActor(ctx0, audit.Actor{ID: "user:99"}), func(tx *store.Tx) error {
		m := *snap.Load().Mission("rw-ke-nairobi")
		m.Contacts.Phone = "0700 000 001"
		return tx.Update(&m)
	})
	if err != nil {
		t.Fatal(err)
	}
	snap.Publish(reg)

	do(t, ctx, "change the phone and save",
		chromedp.SetValue(chromedp.ID("f-phone"), "0700 000 002"),
		chromedp.Click(chromedp.ID("save")),
		chromedp.WaitVisible(chromedp.ID("conflict")),
	)
	contains(t, "the conflict page", visibleText(t, ctx, "#compare"), "0700 000 001", "0700 000 002", "differs")
	do(t, ctx, "re-apply the change",
		chromedp.Click(chromedp.ID("save")),
		chromedp.WaitVisible(chromedp.ID("flash")),
	)
	contains(t, "the message", visibleText(t, ctx, "#flash"), "saved")
	if got := snap.Load().Mission("rw-ke-nairobi").Contacts.Phone; got != "0700 000 002" {
		t.Errorf("stored phone %q after re-applying", got)
	}
}

// TestStaffHTMLValid runs the Nu HTML checker over the staff pages an
// editor sees: sign-in, dashboard, every list, a record's form (plain, with
// errors, and as a conflict), a new record, an end page, a history,
// settings, account, and the import (form, problems, preview, result).
func TestStaffHTMLValid(t *testing.T) {
	jar := tool(t, "CHANCERY_VNU", "node_modules/vnu-jar/build/dist/vnu.jar", "the Nu HTML checker (vnu.jar)")
	java, err := exec.LookPath("java")
	if err != nil {
		unavailable(t, "no java on PATH (vnu.jar needs Java 17 or later; Debian: apt-get install default-jre-headless)")
	}
	srv, _, _ := staffSite(t)
	cookies, _ := cookiejar.New(nil)
	client := &http.Client{Jar: cookies, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", srv.URL)
		return send(t, client, req)
	}
	get := func(path string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		return send(t, client, req)
	}
	pages := map[string]string{}
	_, pages["login"] = get("/staff/login")
	if status, _ := post("/staff/login", url.Values{"email": {staffEmail}, "password": {staffPassword}}); status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", status)
	}
	for name, path := range map[string]string{"dashboard": "/staff/", "mission": "/staff/missions/rw-ke-nairobi",
		"new-hc": "/staff/honorary-consuls/new", "end": "/staff/missions/rw-ke-nairobi/end", "settings": "/staff/settings",
		"account": "/staff/account", "history": "/staff/missions/rw-ke-nairobi/history", "missing": "/staff/missions/none"} {
		_, pages[name] = get(path)
	}
	// The policy tracker's pages: the framework, a new version, an
	// indicator, and the forms of new records of the other kinds.
	for name, path := range map[string]string{"policy": "/staff/policy-nodes/foreign-policy",
		"new-version": "/staff/policy-nodes/foreign-policy/new-version", "indicator": "/staff/indicators/ind-diplomatic-missions",
		"new-engagement": "/staff/engagements/new", "new-commitment": "/staff/commitments/new", "new-actual": "/staff/indicator-actuals/new",
		"new-initiative": "/staff/initiatives/new", "new-association": "/staff/associations/new", "new-consultation": "/staff/consultations/new"} {
		status, body := get(path)
		if status != http.StatusOK {
			t.Errorf("GET %s: %d", path, status)
		}
		pages[name] = body
	}
	for _, p := range []string{"missions", "accreditations", "appointments", "persons", "honorary-consuls", "countries",
		"relations", "organisations", "memberships", "declared-figures", "finder-notes", "agreements", "policy-nodes",
		"initiatives", "indicators", "indicator-actuals", "engagements", "commitments", "associations", "stakeholders", "consultations"} {
		_, pages["list-"+p] = get("/staff/" + p)
	}
	_, mission := get("/staff/missions/rw-ke-nairobi")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(mission)[1]
	form := url.Values{"version": {version}, "id": {"rw-ke-nairobi"}, "sender_type": {"state"}, "sender": {"RW"},
		"kind": {"high_commission"}, "name": {"Changed"}, "city": {"Nairobi"}, "country": {"KE"}, "status": {"open"},
		"certainty": {"reported"}, "opened": {"2005-13"}, "email": {"not an email"}}
	_, pages["invalid"] = post("/staff/missions/rw-ke-nairobi", form)
	form.Set("opened", "2005")
	form.Del("email")
	if status, _ := post("/staff/missions/rw-ke-nairobi", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	_, pages["conflict"] = post("/staff/missions/rw-ke-nairobi", form)

	// The upload of data files: the form, a preview with problems, one to
	// confirm, and the result.
	upload := func(name, content string) (int, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("files", name)
		io.WriteString(fw, content)
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/staff/import", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Origin", srv.URL)
		return send(t, client, req)
	}
	_, pages["import"] = get("/staff/import")
	_, pages["import-problems"] = upload("people.csv", "id,name,source,last_verified,note\nNot A Slug,X,,,\n")
	_, pages["import-preview"] = upload("people.csv", "id,name,source,last_verified,note\nvnu-person,Vnu Person,,,\n")
	token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(pages["import-preview"])
	if token == nil {
		t.Fatalf("the import preview offers no confirmation:\n%.500s", pages["import-preview"])
	}
	if _, pages["import-done"] = post("/staff/import/confirm", url.Values{"token": {token[1]}}); !strings.Contains(pages["import-done"], `id="import-done"`) {
		t.Errorf("the import was not confirmed:\n%.500s", pages["import-done"])
	}

	// A page with a known error, which the checker must report.
	pages["zz-canary"] = `<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><p id="x">1</p><p id="x">2</p></body></html>`
	dir := t.TempDir()
	for name, body := range pages {
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(java, "-XX:TieredStopAtLevel=1", "-Xss8m", "-jar", jar,
		"--errors-only", "--no-langdetect", "--format", "json", "--stdout", dir)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	runErr := cmd.Run()
	var report struct {
		Messages []struct {
			Type     string `json:"type"`
			URL      string `json:"url"`
			LastLine int    `json:"lastLine"`
			Message  string `json:"message"`
			Extract  string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("vnu.jar: %v (%v)\n%.2000s", err, runErr, stdout.String())
	}
	canary := false
	for _, m := range report.Messages {
		switch {
		case m.Type == "info":
		case filepath.Base(m.URL) == "zz-canary.html":
			canary = canary || strings.Contains(m.Message, "Duplicate ID")
		default:
			t.Errorf("%s line %d: %s %s\n\t%s", filepath.Base(m.URL), m.LastLine, m.Type, m.Message, strings.ReplaceAll(m.Extract, "\n", "↵"))
		}
	}
	if !canary {
		t.Errorf("vnu.jar did not report the canary's duplicate id (exit: %v): it cannot be trusted", runErr)
	}
	for _, want := range []string{"invalid", "conflict", "import-problems"} {
		if !strings.Contains(pages[want], `id="error-summary"`) && !strings.Contains(pages[want], `id="conflict"`) {
			t.Errorf("the %s page is not what it should be:\n%.500s", want, pages[want])
		}
	}
}

func send(t *testing.T, c *http.Client, req *http.Request) (int, string) {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}
