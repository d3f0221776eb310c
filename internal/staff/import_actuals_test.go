package staff

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/dataset"
	"github.com/chancery-org/chancery/internal/registry"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// actualsUpload returns indicator_actuals.csv holding actuals.
func actualsUpload(t *testing.T, actuals ...registry.IndicatorActual) upFile {
	t.Helper()
	var b bytes.Buffer
	err := dataset.Write(registry.Dataset{IndicatorActuals: actuals}, func(name string) (io.Writer, error) {
		if name == "indicator_actuals.csv" {
			return &b, nil
		}
		return io.Discard, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return upFile{"indicator_actuals.csv", b.String()}
}

// TestImportActualsByRole: an editor's upload may carry the stored actuals
// (a corrected note) but not a new actual, nor one with another value,
// recording or approval: each such row is a problem of the preview, with no
// confirmation and nothing written. An admin's upload keeps the recording
// and approval as written.
func TestImportActualsByRole(t *testing.T) {
	const id = "trade-missions-2024"
	back := registry.Timestamp{Time: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		role   string
		name   string
		edit   func(stored registry.IndicatorActual) []registry.IndicatorActual
		status int
		want   []string
		// stored is the actual's recorded_by and approved_by after a
		// confirmation; "" for a refused upload.
		recordedBy, approvedBy string
	}{
		{"editor", "approved_by changed", func(a registry.IndicatorActual) []registry.IndicatorActual {
			a.ApprovedBy = "editor@example.org"
			return []registry.IndicatorActual{a}
		}, http.StatusUnprocessableEntity, []string{"<td>indicator_actuals.csv</td><td>2</td><td>approved_by</td>",
			"only policy officers and admins import who approved an actual"}, "", ""},
		{"editor", "recorded_at back-dated", func(a registry.IndicatorActual) []registry.IndicatorActual {
			a.RecordedAt = back
			return []registry.IndicatorActual{a}
		}, http.StatusUnprocessableEntity, []string{"<td>indicator_actuals.csv</td><td>2</td><td>recorded_at</td>",
			"only policy officers and admins import who recorded an actual"}, "", ""},
		{"editor", "value changed", func(a registry.IndicatorActual) []registry.IndicatorActual {
			a.Value = ptr(5.0)
			return []registry.IndicatorActual{a}
		}, http.StatusUnprocessableEntity, []string{"<td>indicator_actuals.csv</td><td>2</td><td>value</td>"}, "", ""},
		{"editor", "a new approved actual", func(a registry.IndicatorActual) []registry.IndicatorActual {
			n := a
			n.ID, n.Period, n.ApprovedBy = "trade-missions-2025", "2025", "editor@example.org"
			return []registry.IndicatorActual{a, n}
		}, http.StatusUnprocessableEntity, []string{"<td>indicator_actuals.csv</td><td>3</td><td>approved_by</td>",
			"only policy officers and admins import approved actuals"}, "", ""},
		{"editor", "the stored actual with a note", func(a registry.IndicatorActual) []registry.IndicatorActual {
			a.Note = "Checked against the annual report."
			return []registry.IndicatorActual{a}
		}, http.StatusOK, []string{"<li>" + id + "</li>"}, "cli", "cli"},
		{"admin", "recorded and approved elsewhere", func(a registry.IndicatorActual) []registry.IndicatorActual {
			a.RecordedAt, a.RecordedBy, a.ApprovedBy = back, "elsewhere:4", "elsewhere:5"
			return []registry.IndicatorActual{a}
		}, http.StatusOK, []string{"<li>" + id + "</li>"}, "elsewhere:4", "elsewhere:5"},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		clients := map[string]*client{}
		for _, role := range []string{"editor", "admin"} {
			clients[role] = e.client()
			clients[role].login(role)
		}
		for _, tt := range tests {
			t.Run(tt.role+", "+tt.name, func(t *testing.T) {
				stored, _ := e.record(indicatorActualEntity, id).(*registry.IndicatorActual)
				if stored == nil {
					t.Fatalf("no actual %s", id)
				}
				c := clients[tt.role]
				ds, seq := snapshotOf(t, e.db)
				res := c.upload(actualsUpload(t, tt.edit(*stored)...))
				if res.status != tt.status {
					t.Fatalf("preview: %d, want %d\n%s", res.status, tt.status, excerpt(res.body))
				}
				for _, w := range tt.want {
					if !strings.Contains(res.body, w) {
						t.Errorf("the preview lacks %s\n%s", w, excerpt(res.body))
					}
				}
				assertUnchanged(t, e.db, "preview", ds, seq)
				if tt.status != http.StatusOK {
					if strings.Contains(res.body, `id="confirm"`) {
						t.Error("a refused upload offers a confirmation")
					}
					return
				}
				if res := c.confirm(hidden(t, res.body, "token")); res.status != http.StatusOK {
					t.Fatalf("confirm: %d\n%s", res.status, excerpt(res.body))
				}
				got, _ := e.record(indicatorActualEntity, id).(*registry.IndicatorActual)
				want := tt.edit(*stored)[0]
				if got == nil || got.RecordedBy != tt.recordedBy || got.ApprovedBy != tt.approvedBy ||
					!got.RecordedAt.Equal(want.RecordedAt.Time) || !got.ApprovedAt.Equal(want.ApprovedAt.Time) || got.Note != want.Note {
					t.Errorf("stored after the import: %+v, want the stamps and note of %+v", got, want)
				}
			})
		}
	})
}
