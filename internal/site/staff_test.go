package site

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
)

// TestStaffDispatch: /staff and every path under /staff/ go to the staff
// handler, nothing else does.
func TestStaffDispatch(t *testing.T) {
	reg := registry.New(registry.Dataset{Settings: registry.Settings{HomeState: "RW"}})
	staff := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Staff", "yes")
		w.WriteHeader(http.StatusTeapot)
	})
	srv := httptest.NewServer(New(Config{Snapshot: func() *registry.Registry { return reg }, Staff: staff}))
	defer srv.Close()
	for path, toStaff := range map[string]bool{
		"/staff": true, "/staff/": true, "/staff/login": true, "/staff/missions/x/history": true,
		"/staffing": false, "/en/staff": false, "/api/v1/staff": false, "/healthz": false,
	} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if got := res.Header.Get("X-Staff") == "yes"; got != toStaff {
			t.Errorf("%s: served by staff = %v, want %v", path, got, toStaff)
		}
	}
}
