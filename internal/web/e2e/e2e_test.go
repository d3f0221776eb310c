package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chancery-org/chancery/data"
	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/policy"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/site"
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopBrowser()
	if srv != nil {
		srv.Close()
	}
	os.Exit(code)
}

// required reports whether a missing tool is a failure rather than a skip.
func required() bool { return os.Getenv("CHANCERY_E2E") == "1" }

// unavailable skips the test because a tool is missing, or fails it when
// CHANCERY_E2E=1.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if required() {
		t.Fatalf("%s; CHANCERY_E2E=1 requires it", msg)
	}
	t.Skipf("%s; skipped (with CHANCERY_E2E=1 this is a failure)", msg)
}

// The site under test: the handler cmd/chancery serves (portal and API,
// with their middleware), over the seed data set, on a loopback port.
var (
	srvOnce sync.Once
	srv     *httptest.Server
	seedReg *registry.Registry
	seedFW  *policy.Framework
	srvErr  error
)

// server returns the base URL of the site under test, started once for
// the test binary, and the registry it serves.
func server(t testing.TB) (string, *registry.Registry) {
	t.Helper()
	srvOnce.Do(func() {
		ds, err := dataset.Load(data.FS)
		if err != nil {
			srvErr = err
			return
		}
		now := time.Now().UTC()
		addTracker(&ds, now)
		seedReg = registry.New(ds)
		if err := seedReg.Validate(); err != nil {
			srvErr = err
			return
		}
		if seedFW = policy.FrameworkFromDataset(seedReg.Dataset(), registry.Today()); seedFW == nil {
			srvErr = errors.New("the seed data set has no policy in force today")
			return
		}
		reg := seedReg
		srv = httptest.NewServer(site.New(site.Config{Snapshot: func() *registry.Registry { return reg },
			Logger: slog.New(slog.DiscardHandler), Submissions: newSubmissionStore(now)}))
	})
	if srvErr != nil {
		t.Fatal(srvErr)
	}
	return srv.URL, seedReg
}

// fetch GETs path from the site under test and returns the status and body.
func fetch(t testing.TB, path string) (int, string) {
	t.Helper()
	base, _ := server(t)
	res, err := http.Get(base + path)
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

// today is the date the site shows when no as_of is given.
func today() registry.Date { return registry.Today() }

// repoRoot returns the directory of go.mod, or "".
func repoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// tool returns the path of a file that the environment variable env names,
// or else of rel under the repository's .tools directory if it is there.
// It skips or fails the test when neither exists.
func tool(t testing.TB, env, rel, what string) string {
	t.Helper()
	if p := os.Getenv(env); p != "" {
		if _, err := os.Stat(p); err != nil {
			unavailable(t, "%s=%s: %v", env, p, err)
		}
		return p
	}
	if root := repoRoot(); root != "" {
		p := filepath.Join(root, ".tools", rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	unavailable(t, "%s not found: run `npm ci --ignore-scripts --prefix .tools`, or set %s", what, env)
	return ""
}

// The browser: one Chromium for the test binary, started on first use;
// each test opens its own tab.
var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc
	allocCancel   context.CancelFunc
	browserErr    error
	profileDir    string
)

// chromiumPath returns the browser to drive, or "".
func chromiumPath() string {
	if p := os.Getenv("CHANCERY_CHROMIUM"); p != "" {
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
		return ""
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func startBrowser(path string) {
	dir, err := os.MkdirTemp("", "chancery-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	profileDir = dir
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // the tests may run as root, as on CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(bctx) }() // starts the browser
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		err = fmt.Errorf("the browser did not start within 60 s")
	}
	if err != nil {
		bcancel()
		acancel()
		browserErr = fmt.Errorf("starting %s: %w", path, err)
		return
	}
	browserCtx, browserCancel, allocCancel = bctx, bcancel, acancel
}

func stopBrowser() {
	if browserCancel != nil {
		browserCancel()
		allocCancel()
	}
	if profileDir != "" {
		os.RemoveAll(profileDir)
	}
}

// requireBrowser starts the shared browser if it is not running yet. It
// skips the test when there is no Chromium, or fails it (CHANCERY_E2E=1).
func requireBrowser(t testing.TB) {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if p := os.Getenv("CHANCERY_CHROMIUM"); p != "" {
			unavailable(t, "CHANCERY_CHROMIUM=%s: no such program", p)
		}
		unavailable(t, "no Chromium on PATH (Debian: apt-get install chromium; or set CHANCERY_CHROMIUM)")
	}
	browserOnce.Do(func() { startBrowser(path) })
	if browserErr != nil {
		t.Fatal(browserErr)
	}
}

// tab opens a new tab in the shared browser, closed when the test ends.
// Every action in it must finish within timeout.
func tab(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	requireBrowser(t)
	tabCtx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tabCtx); err != nil { // opens the tab
		t.Fatal(err)
	}
	ctx, cancelTimeout := context.WithTimeout(tabCtx, timeout)
	t.Cleanup(cancelTimeout)
	return ctx
}

// run runs an action in the tab and fails the test on error.
func run[T any](t testing.TB, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// do runs actions that return nothing and fails the test on error.
func do(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// visibleText returns the text a reader sees in the element sel (its
// innerText), waiting for it to be visible.
func visibleText(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	return run(t, ctx, "text of "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// contains fails the test unless the text has every one of want.
func contains(t testing.TB, where, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not say %q; it reads:\n%s", where, w, text)
		}
	}
}

// pageType is one address of a kind of page, without the language prefix.
type pageType struct {
	name, path string
	status     int
}

// pageTypes lists an address of every page type: each list and record
// page, a country for each kind of coverage the data has today, the search
// results, a page as of a past date, and the 404 and 400 pages.
func pageTypes(t testing.TB) []pageType {
	t.Helper()
	_, reg := server(t)
	pages := []pageType{
		{"home", "/", 200},
		{"home as of 2015", "/?as_of=2015-06-30", 200},
		{"map and charts", "/map", 200},
		{"map and charts as of 2010", "/map?as_of=2010-06-30", 200},
		{"missions", "/missions", 200},
		{"foreign missions", "/missions?side=foreign&kind=embassy", 200},
		{"mission", "/missions/rw-ke-nairobi", 200},
		{"foreign mission", "/missions/dk-rw-kigali", 200},
		{"countries", "/countries", 200},
		{"country search", "/countries?q=guin", 200},
		{"country search without match", "/countries?q=zzzz", 200},
	}
	for _, cv := range coverageExamples(reg) {
		pages = append(pages, pageType{"country " + string(cv.coverage), "/countries/" + cv.iso2, 200})
	}
	if reg.Country("BE") != nil {
		pages = append(pages, pageType{"country with relations severed", "/countries/BE", 200})
	}
	pages = append(pages,
		pageType{"diplomatic list", "/diplomatic-list", 200},
		pageType{"honorary consuls", "/honorary-consuls", 200},
		pageType{"organisations", "/organisations", 200},
		pageType{"policy", "/policy", 200},
		pageType{"policy versions", "/policy/versions", 200},
		pageType{"policy version", "/policy/versions/" + seedFW.Policy.ID, 200},
		pageType{"engagements", "/engagements", 200},
		pageType{"commission sessions", "/engagements?kind=commission_session", 200},
		pageType{"consultations", "/consultations", 200},
		pageType{"open consultation", "/consultations/e2e-open", 200},
		pageType{"closed consultation", "/consultations/e2e-closed", 200},
		pageType{"consultation form", "/consultations/e2e-open/respond", 200},
		pageType{"400 bad engagement kind", "/engagements?kind=judicial_request", 400},
	)
	if len(seedFW.Pillars) > 0 {
		pages = append(pages, pageType{"pillar", "/policy/" + seedFW.Pillars[0].ID, 200})
	}
	// The annual report of the fiscal year the site shows today, and of
	// the year before it (closed).
	fy := policy.FiscalYearOf(time.Now().UTC(), reg.Settings().FiscalYearStartMonth())
	pages = append(pages,
		pageType{"annual report", "/policy/report/" + fy.String(), 200},
		pageType{"annual report of a closed year", "/policy/report/" + fy.Prev().String(), 200},
		pageType{"404 bad fiscal year", "/policy/report/2025-2027", 404},
	)
	pages = append(pages,
		pageType{"404 unknown country", "/countries/ZZ", 404},
		pageType{"404 unknown mission", "/missions/nope", 404},
		pageType{"400 bad date", "/?as_of=2015-02-30", 400},
		pageType{"400 bad filter", "/missions?kind=castle", 400},
	)
	return pages
}

type coverageExample struct {
	coverage registry.Coverage
	iso2     string
}

// coverageExamples returns one country for each kind of coverage the seed
// data has today: the finder's usual examples where they still hold, else
// the first country with that coverage. (The seed data has no country
// served from headquarters.)
func coverageExamples(reg *registry.Registry) []coverageExample {
	preferred := map[registry.Coverage]string{
		registry.CoverHome: "RW", registry.CoverResident: "KE", registry.CoverNonResident: "DK",
		registry.CoverHonoraryOnly: "CU", registry.CoverNone: "PE", registry.CoverHQ: "FR",
	}
	d := today()
	var out []coverageExample
	for _, cv := range []registry.Coverage{registry.CoverHome, registry.CoverResident, registry.CoverNonResident,
		registry.CoverHonoraryOnly, registry.CoverHQ, registry.CoverNone} {
		iso := ""
		if p := preferred[cv]; reg.Country(p) != nil && reg.Find(p, d).Coverage == cv {
			iso = p
		} else {
			for _, c := range reg.Dataset().Countries {
				if reg.Find(c.ISO2, d).Coverage == cv {
					iso = c.ISO2
					break
				}
			}
		}
		if iso != "" {
			out = append(out, coverageExample{cv, iso})
		}
	}
	return out
}
