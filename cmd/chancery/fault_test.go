package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chancery-org/chancery/internal/audit"
	"github.com/chancery-org/chancery/internal/auth"
	"github.com/chancery-org/chancery/internal/store"
	"github.com/chancery-org/chancery/internal/store/storetest"
)

// TestDatabaseOutage serves through a TCP proxy in front of PostgreSQL and
// cuts it, as a restart of the database would: the public pages and the API
// keep answering from memory, /readyz says 503, an API write answers 503
// with Retry-After and writes nothing, and once the database is back the
// same write succeeds.
func TestDatabaseOutage(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	if dsn == "" {
		t.Skip(storetest.EnvPostgres + " not set")
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cli(t, dsn, "seed")
	token := editorToken(t, ctx, dsn)

	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := newCutProxy(t, u.Host)
	u.Host = p.addr()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"chancery", "--db", u.String(), "serve", "--addr", "127.0.0.1:0"}, noenv, strings.NewReader(""), &out, &errOut)
	}()
	base := waitForURL(t, &errOut, done)

	write := func(body string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, base+"api/v1/persons", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	if res := write(`{"id":"before-the-outage","name":"Before"}`); res.StatusCode != http.StatusCreated {
		t.Fatalf("a write before the outage: %d", res.StatusCode)
	}

	p.cut(true)
	for _, path := range []string{"en/", "fr/diplomatic-list", "api/v1/figures", "api/v1/persons"} {
		if res := get(t, base+path); res.status != http.StatusOK && !(path == "api/v1/persons" && res.status == http.StatusMethodNotAllowed) {
			t.Errorf("during the outage, GET /%s = %d", path, res.status)
		}
	}
	if res := get(t, base+"readyz"); res.status != http.StatusServiceUnavailable {
		t.Errorf("during the outage, /readyz = %d, want 503", res.status)
	}
	res := write(`{"id":"during-the-outage","name":"During"}`)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("a write during the outage: %d (Retry-After %q), want 503 with Retry-After\n%s", res.StatusCode, res.Header.Get("Retry-After"), errOut.String())
	}

	p.cut(false)
	deadline := time.Now().Add(15 * time.Second)
	for {
		res := write(`{"id":"during-the-outage","name":"During"}`)
		if res.StatusCode == http.StatusCreated {
			break
		}
		if res.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("after the outage, the write answers %d", res.StatusCode)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if res := get(t, base+"readyz"); res.status != http.StatusOK {
		t.Errorf("after the outage, /readyz = %d", res.status)
	}
	if out, _, err := runCmd(t, noenv, "--db", dsn, "audit", "verify"); err != nil {
		t.Errorf("audit verify after the outage: %v\n%s", err, out)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v", err)
	}
}

// editorToken creates an editor and an API token of theirs in dsn, and
// returns the token.
func editorToken(t *testing.T, ctx context.Context, dsn string) string {
	t.Helper()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	actx := audit.WithActor(ctx, audit.Actor{ID: audit.ActorCLI})
	hash, err := auth.HashPassword("a long enough password", auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	user, err := db.CreateUser(actx, store.User{Email: "editor@example.org", Name: "Editor", Role: auth.Editor, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	plain, tokenHash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateToken(actx, store.Token{Name: "outage test", Hash: tokenHash, Role: auth.Editor,
		CreatedBy: user.ID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return plain
}

// cutProxy forwards TCP connections to a backend until it is cut: then it
// closes every open connection and every new one at once, as a database
// that is restarting would.
type cutProxy struct {
	ln      net.Listener
	backend string
	mu      sync.Mutex
	down    bool
	conns   map[net.Conn]bool
}

func newCutProxy(t *testing.T, backend string) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, backend: backend, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.cut(true) })
	go p.serve()
	return p
}

func (p *cutProxy) addr() string { return p.ln.Addr().String() }

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.forward(c)
	}
}

func (p *cutProxy) forward(c net.Conn) {
	p.mu.Lock()
	down := p.down
	p.mu.Unlock()
	if down {
		c.Close()
		return
	}
	b, err := net.Dial("tcp", p.backend)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[b] = true, true
	p.mu.Unlock()
	go func() { io.Copy(b, c); b.Close() }()
	io.Copy(c, b)
	c.Close()
}

// cut closes every connection and refuses new ones (down), or lets them
// through again.
func (p *cutProxy) cut(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for c := range p.conns {
			c.Close()
		}
		clear(p.conns)
	}
}
