// Command bare serves one file's bytes from memory for any path, with a given
// Content-Type: the floor a Go HTTP server can reach for a response, which
// bench/api.sh compares chancery's cached API responses with. It is a bare
// net/http server: no routing, no timeouts, no other header than
// Content-Type and Content-Length.
//
// It listens on loopback only.
//
//	go run ./bench/bare --addr 127.0.0.1:18183 --file body.json --type application/json
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18183", "loopback `host:port` to listen on")
	file := flag.String("file", "", "the `file` whose bytes every response carries")
	ctype := flag.String("type", "application/json", "the responses' Content-Type")
	flag.Parse()
	if err := run(*addr, *file, *ctype); err != nil {
		log.Fatal(err)
	}
}

func run(addr, file, ctype string) error {
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
	return http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Length", length)
		w.Write(body)
	}))
}
