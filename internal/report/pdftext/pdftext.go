// Package pdftext reads the text of a PDF back with poppler's pdftotext, for
// tests that check what a generated PDF says. It is used by tests only.
package pdftext

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// Text returns the text of pdf laid out by pdftotext -layout, pages separated
// by form feeds. Without pdftotext the test is skipped, except when
// CHANCERY_E2E=1 (set by .ci/run), where a missing tool is a failure.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CHANCERY_E2E") == "" {
			t.Skip("pdftotext not found: install poppler-utils (apt-get install -y poppler-utils) to check the PDF text; with CHANCERY_E2E=1 this is a failure")
		}
		t.Fatal("pdftotext not found and CHANCERY_E2E=1: install poppler-utils (apt-get install -y poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "document.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

var space = regexp.MustCompile(`[ \t\n\f\x{a0}\x{202f}]+`)

// Flatten collapses every run of white space (pdftotext -layout aligns
// columns with spaces, and long cells wrap) to one space.
func Flatten(s string) string { return space.ReplaceAllString(s, " ") }
