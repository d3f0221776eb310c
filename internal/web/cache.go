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
	// flights are the pages being rendered, so that the requests that miss
	// the cache for one page at once (after a write empties it, say) render
	// it once and share the result instead of each rendering it.
	flights map[flightKey]*flight
}

type flightKey struct {
	reg *registry.Registry
	key string
}

// flight is one page being rendered. done is closed when it is finished;
// e is then the page, or nil when it was not cacheable (an error, a
// redirect, a page kept out of the cache).
type flight struct {
	done chan struct{}
	e    *httpcache.Entry
}

// join returns the flight rendering the page key of reg; leader is true when
// the caller started it, and must then end it with land.
func (c *pageCache) join(reg *registry.Registry, key string) (f *flight, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := flightKey{reg, key}
	if f := c.flights[k]; f != nil {
		return f, false
	}
	if c.flights == nil {
		c.flights = map[flightKey]*flight{}
	}
	f = &flight{done: make(chan struct{})}
	c.flights[k] = f
	return f, true
}

// land ends the flight f of the page key of reg: e (nil when the page is
// not cacheable) is stored in the cache and handed to the requests waiting.
func (c *pageCache) land(reg *registry.Registry, key string, f *flight, e *httpcache.Entry) {
	if e != nil {
		c.put(reg, key, e)
	}
	c.mu.Lock()
	delete(c.flights, flightKey{reg, key})
	c.mu.Unlock()
	f.e = e
	close(f.done)
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
