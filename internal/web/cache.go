package web

import (
	"strconv"
	"sync"

	"github.com/chancery-org/chancery/internal/httpcache"
	"github.com/chancery-org/chancery/internal/registry"
)

// maxCached bounds the page cache; when it is full it starts again empty.
const maxCached = 4096

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
	m   map[string]*httpcache.Entry
}

func (c *pageCache) get(reg *registry.Registry, key string) *httpcache.Entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.reg != reg {
		return nil
	}
	return c.m[key]
}

// lookup is get with the key as bytes, which it does not copy.
func (c *pageCache) lookup(reg *registry.Registry, key []byte) *httpcache.Entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.reg != reg {
		return nil
	}
	return c.m[string(key)]
}

func (c *pageCache) put(reg *registry.Registry, key string, e *httpcache.Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reg != reg || len(c.m) >= maxCached {
		c.reg = reg
		c.m = make(map[string]*httpcache.Entry, 256)
	}
	c.m[key] = e
}

// len returns the number of cached pages.
func (c *pageCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// Header values shared by every response that sends them: nothing may
// modify them.
var (
	cachePublic        = []string{"public, max-age=60"}
	varyAcceptEncoding = []string{"Accept-Encoding"}
)
