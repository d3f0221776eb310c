package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/i18n"
)

// TestHTMLValid runs the Nu HTML checker (vnu.jar, from the npm package
// vnu-jar) over every page type in every language, and over the
// stylesheets: it must report no error.
func TestHTMLValid(t *testing.T) {
	jar := tool(t, "CHANCERY_VNU", "node_modules/vnu-jar/build/dist/vnu.jar", "the Nu HTML checker (vnu.jar)")
	java, err := exec.LookPath("java")
	if err != nil {
		unavailable(t, "no java on PATH (vnu.jar needs Java 17 or later; Debian: apt-get install default-jre-headless)")
	}
	dir := t.TempDir()
	files := map[string]string{} // file name -> address
	for _, lang := range i18n.Languages {
		for _, pt := range pageTypes(t) {
			path := "/" + lang + pt.path
			status, body := fetch(t, path)
			if status != pt.status {
				t.Errorf("%s: status %d, want %d", path, status, pt.status)
			}
			name := lang + "-" + strings.NewReplacer(" ", "-", "/", "-").Replace(pt.name) + ".html"
			files[name] = path
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The stylesheets, at the addresses the pages link to.
	_, home := fetch(t, "/en/")
	for _, m := range regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`).FindAllStringSubmatch(home, -1) {
		status, css := fetch(t, m[1])
		if status != 200 {
			t.Errorf("%s: status %d", m[1], status)
		}
		name := filepath.Base(strings.SplitN(m[1], "?", 2)[0])
		files[name] = m[1]
		if err := os.WriteFile(filepath.Join(dir, name), []byte(css), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 4*20 {
		t.Fatalf("only %d files to check", len(files))
	}
	// A page with a known error, which the checker must report: a checker
	// that fails to run must not pass for one that found nothing.
	const canary = "zz-canary.html"
	if err := os.WriteFile(filepath.Join(dir, canary), []byte(`<!DOCTYPE html><html lang="en"><head><title>canary</title></head>`+
		`<body><p id="twice">1</p><p id="twice">2</p></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}

	// The C1 compiler alone halves the run time of this short run; it needs
	// a larger stack than the default for the checker's schema.
	cmd := exec.Command(java, "-XX:TieredStopAtLevel=1", "-Xss8m", "-jar", jar,
		"--errors-only", "--also-check-css", "--no-langdetect", "--format", "json", "--stdout", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exits 1 when it reports an error
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
		t.Fatalf("vnu.jar: %v (%v)\nstdout: %.2000s\nstderr: %.2000s", err, runErr, stdout.String(), stderr.String())
	}
	canaryFound := false
	for _, m := range report.Messages {
		if m.Type == "info" {
			continue
		}
		name := filepath.Base(m.URL)
		if name == canary {
			canaryFound = canaryFound || strings.Contains(m.Message, "Duplicate ID")
			continue
		}
		t.Errorf("%s (%s) line %d: %s %s\n\t%s", files[name], name, m.LastLine, m.Type, m.Message, strings.ReplaceAll(m.Extract, "\n", "↵"))
	}
	if !canaryFound {
		t.Errorf("vnu.jar did not report the duplicate id in %s (exit: %v); it cannot be trusted\nstdout: %.2000s\nstderr: %.2000s",
			canary, runErr, stdout.String(), stderr.String())
	}
	t.Logf("checked %d files", len(files))
}
