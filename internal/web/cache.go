package web

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/chancery-org/chancery/internal/registry"
)

// maxCached bounds the page cache; when it is full it starts again empty.
const maxCached = 4096

// entry is a rendered page with its strong ETag. Its header values are kept
// as the slices a Header holds, shared by every response that sends the page:
// nothing may modify them.
type entry struct {
	body        []byte
	etag        []string
	length      []string
	contentType []string
}

func newEntry(body []byte, contentType string) *entry {
	sum := sha256.Sum256(body)
	return &entry{
		body:        body,
		etag:        []string{`"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`},
		length:      []string{strconv.Itoa(len(body))},
		contentType: []string{contentType},
	}
}

// cacheKey appends the page cache's key of a page to buf: the path, the
// canonical query and the date shown (yyyymmdd).
func cacheKey(buf []byte, path, query string, asOf registry.Date) []byte {
	buf = append(buf, path...)
	buf = append(buf, '?')
	buf = append(buf, query...)
	buf = append(buf, '#')
	return strconv.AppendInt(buf, int64(asOf.First()), 10)
}

// pageCache holds rendered pages for one registry snapshot; a new snapshot
// empties it.
type pageCache struct {
	mu  sync.RWMutex
	reg *registry.Registry
	m   map[string]*entry
}

func (c *pageCache) get(reg *registry.Registry, key string) *entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.reg != reg {
		return nil
	}
	return c.m[key]
}

// lookup is get with the key as bytes, which it does not copy.
func (c *pageCache) lookup(reg *registry.Registry, key []byte) *entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.reg != reg {
		return nil
	}
	return c.m[string(key)]
}

func (c *pageCache) put(reg *registry.Registry, key string, e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reg != reg || len(c.m) >= maxCached {
		c.reg = reg
		c.m = make(map[string]*entry, 256)
	}
	c.m[key] = e
}

// len returns the number of cached pages.
func (c *pageCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// cachePublic is the Cache-Control of a page (shared: nothing may modify it).
var cachePublic = []string{"public, max-age=60"}

// writeEntry sends a cached page, or 304 when the client holds it already.
// The headers are assigned under their canonical keys ("ETag" is "Etag"),
// as Header.Set would store them, without allocating.
func writeEntry(w http.ResponseWriter, r *http.Request, e *entry) {
	h := w.Header()
	h["Etag"] = e.etag
	h["Cache-Control"] = cachePublic
	if etagMatches(r.Header.Get("If-None-Match"), e.etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Type"] = e.contentType
	h["Content-Length"] = e.length
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Write(e.body)
}

// etagMatches implements If-None-Match (RFC 9110 §13.1.2): "*" or a list of
// entity tags compared weakly.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	if strings.TrimSpace(header) == "*" {
		return true
	}
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == etag {
			return true
		}
	}
	return false
}
