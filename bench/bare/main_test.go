package main

import (
	"strings"
	"testing"
)

func TestReadHeaders(t *testing.T) {
	dump := "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 4270\r\nContent-Type: application/json\r\n" +
		"Etag: \"abc\"\r\nVary: Accept, Accept-Encoding\r\nX-Request-Id: d4ea6952-2\r\nDate: Fri, 27 Nov 2026 14:32:15 GMT\r\n\r\n"
	h, err := readHeaders(strings.NewReader(dump))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Access-Control-Allow-Origin": "*", "Content-Type": "application/json", "Etag": `"abc"`,
		"Vary": "Accept, Accept-Encoding", "X-Request-Id": "d4ea6952-2"}
	if len(h) != len(want) {
		t.Errorf("got %d headers %v, want %d", len(h), h, len(want))
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	for _, bad := range []struct{ name, in, err string }{
		{"empty", "", "no status line"},
		{"no status line", "Content-Type: text/html\r\n\r\n", "not a status line"},
		{"malformed header", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed MIME header"},
		{"only framing headers", "HTTP/1.1 200 OK\r\nDate: x\r\nContent-Length: 3\r\n\r\n", "no header"},
	} {
		if _, err := readHeaders(strings.NewReader(bad.in)); err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("%s: error %v, want one containing %q", bad.name, err, bad.err)
		}
	}
	// Without the blank line that ends the headers (a truncated dump).
	if h, err := readHeaders(strings.NewReader("HTTP/1.1 200 OK\r\nVary: Accept\r\n")); err != nil || h.Get("Vary") != "Accept" {
		t.Errorf("truncated dump: %v, %v", h, err)
	}
}
