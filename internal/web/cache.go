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

// entry is a rendered page with its strong ETag.
type entry struct {
	body        []byte
	etag        string
	length      string
	contentType string
}

func newEntry(body []byte, contentType string) *entry {
	sum := sha256.Sum256(body)
	return &entry{
		body:        body,
		etag:        `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`,
		length:      strconv.Itoa(len(body)),
		contentType: contentType,
	}
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

// writeEntry sends a cached page, or 304 when the client holds it already.
func writeEntry(w http.ResponseWriter, r *http.Request, e *entry) {
	h := w.Header()
	h.Set("ETag", e.etag)
	h.Set("Cache-Control", "public, max-age=60")
	if etagMatches(r.Header.Get("If-None-Match"), e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", e.contentType)
	h.Set("Content-Length", e.length)
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
