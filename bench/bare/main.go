// Command bare serves one file's bytes from memory for any path, with a given
// Content-Type: the floor a Go HTTP server can reach for a response, which
// bench/compare.sh compares chancery's cached responses with. It is a bare
// net/http handler: no routing, no middleware, and no other header than
// Content-Type and Content-Length unless --headers gives the headers of the
// response to copy (as curl -D writes them), which it then sends as they
// are, assigned from slices made once. By default its http.Server has no
// timeouts either; with --server-timeouts it runs under site.NewServer, the
// http.Server chancery runs under (its read, write and idle timeouts reset
// the connection's deadlines on every request), so that the difference
// measures the handlers alone.
//
// It listens on loopback only.
//
//	go run ./bench/bare --addr 127.0.0.1:18183 --file body.json --type application/json [--headers head.txt] [--server-timeouts]
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"strconv"
	"strings"

	"github.com/chancery-org/chancery/internal/site"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18183", "loopback `host:port` to listen on")
	file := flag.String("file", "", "the `file` whose bytes every response carries")
	ctype := flag.String("type", "application/json", "the responses' Content-Type")
	headers := flag.String("headers", "", "a `file` holding a response's status line and headers (curl -D): every response carries those headers, but for Date and Content-Length, which it sets itself")
	timeouts := flag.Bool("server-timeouts", false, "serve under chancery's http.Server settings (site.NewServer)")
	flag.Parse()
	if err := run(*addr, *file, *ctype, *headers, *timeouts); err != nil {
		log.Fatal(err)
	}
}

func run(addr, file, ctype, headerFile string, timeouts bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--addr: %q is not a loopback address (use 127.0.0.1)", addr)
	}
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	length := strconv.Itoa(len(body))
	var handler http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Length", length)
		w.Write(body)
	})
	if headerFile != "" {
		f, err := os.Open(headerFile)
		if err != nil {
			return err
		}
		fixed, err := readHeaders(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("--headers %s: %w", headerFile, err)
		}
		fixed["Content-Length"] = []string{length}
		keys := make([]string, 0, len(fixed))
		for k := range fixed {
			keys = append(keys, k)
		}
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			for _, k := range keys {
				h[k] = fixed[k]
			}
			w.Write(body)
		})
	}
	srv := &http.Server{Addr: addr, Handler: handler}
	if timeouts {
		srv = site.NewServer(handler, nil)
		srv.Addr = addr
	}
	return srv.ListenAndServe()
}

// readHeaders reads a status line and the header lines after it, as curl -D
// writes them, and returns the headers a handler sets: all but Date, which
// net/http adds, and those of the connection or the framing.
func readHeaders(r io.Reader) (http.Header, error) {
	tp := textproto.NewReader(bufio.NewReader(r))
	status, err := tp.ReadLine()
	if err != nil {
		return nil, fmt.Errorf("no status line: %w", err)
	}
	if !strings.HasPrefix(status, "HTTP/") {
		return nil, fmt.Errorf("first line %q is not a status line", status)
	}
	mime, err := tp.ReadMIMEHeader()
	if err != nil && !(errors.Is(err, io.EOF) && len(mime) > 0) {
		return nil, err
	}
	h := http.Header(mime)
	for _, k := range []string{"Date", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"} {
		h.Del(k)
	}
	if len(h) == 0 {
		return nil, errors.New("no header")
	}
	return h, nil
}
