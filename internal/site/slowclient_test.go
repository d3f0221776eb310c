package site

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestNewServerTimeouts checks that the server serve runs bounds every phase
// of a connection, so that a slow or idle client cannot hold it.
func TestNewServerTimeouts(t *testing.T) {
	srv := NewServer(http.NotFoundHandler(), nil)
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout,
		"ReadTimeout":       srv.ReadTimeout,
		"WriteTimeout":      srv.WriteTimeout,
		"IdleTimeout":       srv.IdleTimeout,
	} {
		if d <= 0 || d > 5*time.Minute {
			t.Errorf("%s = %v, want a bound between 0 and 5 minutes", name, d)
		}
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes = %d", srv.MaxHeaderBytes)
	}
}

// TestSlowClients runs NewServer's server with its timeouts scaled down and
// checks that each kind of slow client is cut off, while the server keeps
// answering everyone else.
func TestSlowClients(t *testing.T) {
	const (
		headerTimeout = 300 * time.Millisecond
		readTimeout   = 600 * time.Millisecond
		writeTimeout  = 600 * time.Millisecond
		idleTimeout   = 300 * time.Millisecond
		// cutWithin is how long a test waits for the server to close a
		// connection its timeouts should close: far above the timeouts, so
		// that a slow machine does not fail it, far below forever.
		cutWithin = 10 * time.Second
	)
	bodyErr := make(chan error, 1)
	writeErr := make(chan error, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	mux.HandleFunc("POST /body", func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		bodyErr <- err
	})
	mux.HandleFunc("GET /big", func(w http.ResponseWriter, r *http.Request) {
		chunk := make([]byte, 64<<10)
		var err error
		for i := 0; i < 1024 && err == nil; i++ { // 64 MiB, more than any socket buffer holds
			_, err = w.Write(chunk)
		}
		writeErr <- err
	})
	srv := NewServer(mux, nil)
	srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout = headerTimeout, readTimeout, writeTimeout, idleTimeout
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	addr := ln.Addr().String()

	dial := func(t *testing.T) net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	// closedByServer reads from c until the server closes it, and fails if
	// that takes longer than cutWithin.
	closedByServer := func(t *testing.T, c net.Conn) {
		t.Helper()
		c.SetReadDeadline(time.Now().Add(cutWithin))
		_, err := io.Copy(io.Discard, c)
		if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
			t.Fatalf("the server kept the connection open for %v", cutWithin)
		}
	}
	// trickle writes s one byte at a time, a pause between bytes, until the
	// server closes the connection or s runs out.
	trickle := func(c net.Conn, s string, pause time.Duration) {
		for i := range len(s) {
			if _, err := c.Write([]byte{s[i]}); err != nil {
				return
			}
			time.Sleep(pause)
		}
	}
	normalGet := func(t *testing.T) {
		t.Helper()
		client := &http.Client{Timeout: cutWithin, Transport: &http.Transport{DisableKeepAlives: true}}
		res, err := client.Get("http://" + addr + "/")
		if err != nil {
			t.Fatalf("a normal request beside the slow clients: %v", err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || string(body) != "ok" {
			t.Fatalf("a normal request beside the slow clients = %d %q", res.StatusCode, body)
		}
	}

	t.Run("headers sent slowly", func(t *testing.T) {
		// Fifty clients each send a header line a byte at a time and never
		// finish; a normal request is answered meanwhile, and every slow
		// connection is closed.
		conns := make([]net.Conn, 50)
		for i := range conns {
			conns[i] = dial(t)
			go trickle(conns[i], "GET / HTTP/1.1\r\nHost: x\r\n"+strings.Repeat("X-Slow: loris\r\n", 1000), 20*time.Millisecond)
		}
		normalGet(t)
		for _, c := range conns {
			closedByServer(t, c)
		}
	})

	t.Run("body sent slowly", func(t *testing.T) {
		c := dial(t)
		fmt.Fprintf(c, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nContent-Type: text/plain\r\n\r\n")
		go trickle(c, strings.Repeat("a", 100000), 20*time.Millisecond)
		select {
		case err := <-bodyErr:
			if err == nil {
				t.Fatal("the handler read a whole body that was still being trickled in")
			}
		case <-time.After(cutWithin):
			t.Fatalf("the handler was still reading the slow body after %v", cutWithin)
		}
		closedByServer(t, c)
	})

	t.Run("response not read", func(t *testing.T) {
		c := dial(t)
		fmt.Fprintf(c, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
		select {
		case err := <-writeErr:
			if err == nil {
				t.Fatal("the handler wrote 64 MiB to a client that reads nothing")
			}
		case <-time.After(cutWithin):
			t.Fatalf("the handler was still writing to a client that reads nothing after %v", cutWithin)
		}
		normalGet(t)
	})

	t.Run("idle after a request", func(t *testing.T) {
		c := dial(t)
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		br := bufio.NewReader(c)
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Close {
			t.Fatalf("first request = %d, close %v; want 200 on a kept-alive connection", res.StatusCode, res.Close)
		}
		closedByServer(t, c) // nothing more is sent: the idle timeout closes it
	})
}
