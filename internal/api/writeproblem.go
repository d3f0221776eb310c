package api

import (
	"encoding/json"
	"net/http"

	"github.com/chancery-org/chancery/internal/registry"
)

// Problem types of the write API, documented in the OpenAPI document.
const (
	typeBadBody              = "/api/problems/bad-body"
	typeUnauthorized         = "/api/problems/unauthorized"
	typeForbidden            = "/api/problems/forbidden"
	typeConflict             = "/api/problems/conflict"
	typePreconditionFailed   = "/api/problems/precondition-failed"
	typeTooLarge             = "/api/problems/body-too-large"
	typeUnsupportedMedia     = "/api/problems/unsupported-media-type"
	typeInvalid              = "/api/problems/invalid-record"
	typePreconditionRequired = "/api/problems/precondition-required"
	typeUnavailable          = "/api/problems/unavailable"
)

// fieldProblem is a Problem with the fields it is about: each field of a
// record that cannot be decoded or that the registry refuses, and why.
type fieldProblem struct {
	Problem
	Errors []registry.FieldError `json:"errors,omitempty"`
}

// sendProblem sends a problem of a write as application/problem+json.
func sendProblem(w http.ResponseWriter, r *http.Request, status int, typ, title, detail string, errs []registry.FieldError) {
	p := fieldProblem{Problem: Problem{Type: typ, Title: title, Status: status, Detail: detail, Instance: r.URL.EscapedPath()}, Errors: errs}
	body, err := json.Marshal(p)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"type":"` + typeInternal + `","title":"Internal error","status":500}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}
