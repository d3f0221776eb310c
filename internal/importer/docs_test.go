package importer_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/dataset"
)

// TestDataFormatDocumented: docs/DATA-FORMAT.md lists every data file with
// its entity and columns as dataset.Schema gives them.
func TestDataFormatDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/DATA-FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range dataset.Schema() {
		row := "| `" + f.Name + "` | " + f.Entity + " | `" + strings.Join(f.Columns, "`, `") + "` |"
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/DATA-FORMAT.md lacks the row\n%s", row)
		}
	}
}
