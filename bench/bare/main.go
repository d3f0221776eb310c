// Command bare serves one file's bytes from memory for any path, with a given
// Content-Type: the floor a Go HTTP server can reach for a response, which
// bench/compare.sh compares chancery's cached responses with. It is a bare
// net/http handler: no routing, no middleware, no other header than
// Content-Type and Content-Length. By default its http.Server has no
// timeouts either; with --server-timeouts it runs under site.NewServer, the
// http.Server chancery runs under (its read, write and idle timeouts reset
// the connection's deadlines on every request), so that the difference
// measures the handlers alone.
//
// It listens on loopback only.
//
//	go run ./bench/bare --addr 127.0.0.1:18183 --file body.json --type application/json [--server-timeouts]
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"

	"github.com/chancery-org/chancery/internal/site"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18183", "loopback `host:port` to listen on")
	file := flag.String("file", "", "the `file` whose bytes every response carries")
	ctype := flag.String("type", "application/json", "the responses' Content-Type")
	timeouts := flag.Bool("server-timeouts", false, "serve under chancery's http.Server settings (site.NewServer)")
	flag.Parse()
	if err := run(*addr, *file, *ctype, *timeouts); err != nil {
		log.Fatal(err)
	}
}

func run(addr, file, ctype string, timeouts bool) error {
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
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Length", length)
		w.Write(body)
	})
	srv := &http.Server{Addr: addr, Handler: handler}
	if timeouts {
		srv = site.NewServer(handler, nil)
		srv.Addr = addr
	}
	return srv.ListenAndServe()
}
