package staff

import (
	"net/http"

	"github.com/chancery-org/chancery/internal/auth"
)

// bodyLimits are the request body limits of the routes that take more than
// MaxFormBytes, by pattern.
var bodyLimits = map[string]int64{"POST /staff/import": MaxImportBytes}

type route struct {
	pattern string
	handler http.Handler
}

// routes lists every route of the workspace. Every page but the sign-in,
// the second-factor set-up and the stylesheet needs a signed-in user; the
// write routes check the user's permission themselves (internal/auth).
func (s *Server) routes() []route {
	in := s.signedIn
	rs := []route{
		{"GET /staff/static/staff.css", http.HandlerFunc(s.handleCSS)},
		{"GET /staff/login", http.HandlerFunc(s.handleLoginForm)},
		{"POST /staff/login", http.HandlerFunc(s.handleLogin)},
		{"GET /staff/totp", http.HandlerFunc(s.handleTOTPForm)},
		{"POST /staff/totp", http.HandlerFunc(s.handleTOTP)},
		{"POST /staff/logout", in(s.handleLogout)},
		{"POST /staff/logout-everywhere", in(s.handleLogoutEverywhere)},
		{"GET /staff/{$}", in(s.handleDashboard)},
		{"GET /staff/account", in(s.handleAccount)},

		{"GET /staff/settings", in(s.handleSettings)},
		{"POST /staff/settings", in(s.handleSettingsSave)},
		{"GET /staff/settings/history", in(s.handleSettingsHistory)},

		{"GET /staff/users", in(s.admin(auth.ManageUsers, s.handleUsers))},
		{"GET /staff/users/new", in(s.admin(auth.ManageUsers, s.handleUserNew))},
		{"POST /staff/users", in(s.admin(auth.ManageUsers, s.handleUserCreate))},
		{"GET /staff/users/{id}", in(s.admin(auth.ManageUsers, s.handleUser))},
		{"POST /staff/users/{id}", in(s.admin(auth.ManageUsers, s.handleUserUpdate))},
		{"POST /staff/users/{id}/sessions", in(s.admin(auth.ManageUsers, s.handleUserSessions))},
		{"GET /staff/users/{id}/history", in(s.admin(auth.ManageUsers, s.handleUserHistory))},

		{"GET /staff/import", in(s.admin(auth.Import, s.handleImportForm))},
		{"POST /staff/import", in(s.admin(auth.Import, s.handleImport))},
		{"POST /staff/import/confirm", in(s.admin(auth.Import, s.handleImportConfirm))},

		{"GET /staff/tokens", in(s.admin(auth.ManageTokens, s.handleTokens))},
		{"POST /staff/tokens", in(s.admin(auth.ManageTokens, s.handleTokenCreate))},
		{"POST /staff/tokens/{id}/revoke", in(s.admin(auth.ManageTokens, s.handleTokenRevoke))},

		{"GET /staff/submissions", in(s.admin(auth.EditPolicy, s.handleSubmissions))},
		{"POST /staff/submissions/{id}", in(s.admin(auth.EditPolicy, s.handleModerate))},
	}
	for _, e := range entities {
		base := "/staff/" + e.Path
		rs = append(rs,
			route{"GET " + base, in(s.handleList(e))},
			route{"GET " + base + "/new", in(s.handleNew(e))},
			route{"POST " + base, in(s.handleCreate(e))},
			route{"GET " + base + "/{id}", in(s.handleShow(e))},
			route{"POST " + base + "/{id}", in(s.handleUpdate(e))},
			route{"GET " + base + "/{id}/history", in(s.handleHistory(e))},
			route{"GET " + base + "/{id}/delete", in(s.handleDeleteForm(e))},
			route{"POST " + base + "/{id}/delete", in(s.handleDelete(e))},
		)
		if e.End != nil {
			rs = append(rs,
				route{"GET " + base + "/{id}/end", in(s.handleEndForm(e))},
				route{"POST " + base + "/{id}/end", in(s.handleEnd(e))},
			)
		}
	}
	rs = append(rs, route{"POST /staff/" + indicatorActualEntity.Path + "/{id}/approve", in(s.handleApproveActual)})
	rs = append(rs, route{"GET /staff/" + policyNodeEntity.Path + "/{id}/new-version", in(s.handleNewVersionForm)},
		route{"POST /staff/" + policyNodeEntity.Path + "/{id}/new-version", in(s.handleNewVersion)})
	rs = append(rs, route{"/staff/", in(func(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) })})
	return rs
}
