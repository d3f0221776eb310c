// Package httpcache holds what the portal's page cache and the API's
// response cache share: a cached response with its strong ETag and, when
// compressing it pays, its gzip encoding (made once, when it is stored), and
// the code that sends one, with 304 Not Modified for a client that holds it.
//
// Header values are kept as the slices an http.Header holds and assigned
// under their canonical keys, so that sending a cached response allocates
// nothing; they are shared by every response: nothing may modify them.
package httpcache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
)

// Entry is a cached response body with its headers.
type Entry struct {
	Body        []byte
	ETag        []string // strong, quoted
	Length      []string
	ContentType []string
	// Gzip is the body gzipped, with its own ETag (a strong ETag names one
	// representation); nil when compressing does not pay.
	Gzip *Encoded
}

// Encoded is an entry's body in a content coding.
type Encoded struct {
	Body   []byte
	ETag   []string
	Length []string
}

// MinGzip is the smallest body worth compressing: below it, the saving does
// not pay for the Content-Encoding header and the client's work.
const MinGzip = 1024

// NewEntry returns the entry of body: its ETag is derived from a SHA-256 of
// the body, and a gzip encoding is kept when it saves at least a tenth.
func NewEntry(body []byte, contentType string) *Entry {
	sum := sha256.Sum256(body)
	tag := base64.RawURLEncoding.EncodeToString(sum[:18])
	e := &Entry{
		Body:        body,
		ETag:        []string{`"` + tag + `"`},
		Length:      []string{strconv.Itoa(len(body))},
		ContentType: []string{contentType},
	}
	if len(body) >= MinGzip {
		if gz := compress(body); len(gz) < len(body)*9/10 {
			e.Gzip = &Encoded{Body: gz, ETag: []string{`"` + tag + `-gz"`}, Length: []string{strconv.Itoa(len(gz))}}
		}
	}
	return e
}

// compress returns body gzipped at the best compression: an entry is
// compressed once, when it is cached, and sent many times.
func compress(body []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	zw.Write(body)                                           // a bytes.Buffer does not fail
	zw.Close()
	return buf.Bytes()
}

var gzipEncoding = []string{"gzip"}

// Write sends e, gzipped when the client accepts it, with the given
// Cache-Control and Vary (which must name Accept-Encoding), or 304 when the
// client holds that representation already. A HEAD request gets the headers
// alone. Headers set before the call are kept.
func (e *Entry) Write(w http.ResponseWriter, r *http.Request, cacheControl, vary []string) {
	h := w.Header()
	body, etag, length := e.Body, e.ETag, e.Length
	gz := e.Gzip != nil && AcceptsGzip(HeaderValue(r.Header, "Accept-Encoding"))
	if gz {
		body, etag, length = e.Gzip.Body, e.Gzip.ETag, e.Gzip.Length
	}
	h["Vary"] = vary
	h["Etag"] = etag
	h["Cache-Control"] = cacheControl
	if ETagMatches(HeaderValue(r.Header, "If-None-Match"), etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if gz {
		h["Content-Encoding"] = gzipEncoding
	}
	h["Content-Type"] = e.ContentType
	h["Content-Length"] = length
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Write(body)
}

// HeaderValue returns the first value of the header key, which must be in
// canonical form (as "Accept-Encoding"), like h.Get(key) but without
// canonicalizing key on every call: net/http stores a request's header
// fields under their canonical keys.
func HeaderValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// AcceptsGzip reports whether an Accept-Encoding header admits gzip (by name
// or by "*") with a non-zero quality (RFC 9110 §12.5.3).
func AcceptsGzip(header string) bool {
	if header == "" {
		return false
	}
	for item := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(item, ";")
		coding = strings.TrimSpace(coding)
		if !strings.EqualFold(coding, "gzip") && coding != "*" {
			continue
		}
		return !ZeroQuality(params)
	}
	return false
}

// ZeroQuality reports whether parameters such as " q=0" give a quality of
// zero.
func ZeroQuality(params string) bool {
	for p := range strings.SplitSeq(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q == 0
		}
	}
	return false
}

// ETagMatches implements If-None-Match (RFC 9110 §13.1.2): "*" or a list of
// entity tags compared weakly.
func ETagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}
