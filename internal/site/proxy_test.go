package site

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddr(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	tests := []struct {
		name      string
		remote    string
		forwarded []string
		want      string
	}{
		{"no proxy", "192.0.2.7:5123", nil, "192.0.2.7:5123"},
		{"an untrusted peer's header is ignored", "192.0.2.7:5123", []string{"203.0.113.9"}, "192.0.2.7:5123"},
		{"one trusted proxy", "10.0.0.2:4000", []string{"203.0.113.9"}, "203.0.113.9:0"},
		{"a chain of trusted proxies", "10.0.0.2:4000", []string{"203.0.113.9, 10.1.1.1"}, "203.0.113.9:0"},
		{"a forged left-most entry is not believed", "10.0.0.2:4000", []string{"198.51.100.1, 203.0.113.9"}, "203.0.113.9:0"},
		{"several header lines", "10.0.0.2:4000", []string{"198.51.100.1", "203.0.113.9, 10.0.0.3"}, "203.0.113.9:0"},
		{"IPv6 client via loopback", "[::1]:4000", []string{"2001:db8::5"}, "[2001:db8::5]:0"},
		{"IPv4-mapped peer", "[::ffff:10.0.0.2]:4000", []string{"203.0.113.9"}, "203.0.113.9:0"},
		{"garbage after the client", "10.0.0.2:4000", []string{"not-an-ip, 203.0.113.9"}, "203.0.113.9:0"},
		{"garbage from the proxy itself", "10.0.0.2:4000", []string{"not-an-ip"}, "10.0.0.2:0"},
		{"no header from a trusted proxy", "10.0.0.2:4000", nil, "10.0.0.2:0"},
		{"only trusted addresses", "10.0.0.2:4000", []string{"10.9.9.9"}, "10.9.9.9:0"},
		{"unparsable remote", "pipe", []string{"203.0.113.9"}, "pipe"},
	}
	for _, tt := range tests {
		if got := clientAddr(tt.remote, tt.forwarded, trusted); got != tt.want {
			t.Errorf("%s: clientAddr(%q, %q) = %q, want %q", tt.name, tt.remote, tt.forwarded, got, tt.want)
		}
	}
}

// TestTrustedProxies checks that the handlers see the client's address.
func TestTrustedProxies(t *testing.T) {
	var seen string
	h := New(Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}})
	mw := h.(*middleware)
	mw.next = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = r.RemoteAddr })
	r := httptest.NewRequest("GET", "/", nil) // from 192.0.2.1:1234
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	h.ServeHTTP(httptest.NewRecorder(), r)
	if seen != "203.0.113.9:0" {
		t.Errorf("the handler saw %q, want 203.0.113.9:0", seen)
	}
}
