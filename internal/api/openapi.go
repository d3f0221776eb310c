package api

import (
	_ "embed"
	"net/http"

	"github.com/chancery-org/chancery/internal/registry"
)

// openAPI is the API's OpenAPI 3.1 document.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) serveOpenAPI(reg *registry.Registry, r *http.Request, q *query, f format) result {
	return result{body: openAPI, contentType: "application/json"}
}
