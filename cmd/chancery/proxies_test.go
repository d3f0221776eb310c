package main

import (
	"fmt"
	"testing"
)

func TestParseProxies(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "[]"},
		{"10.0.0.0/8", "[10.0.0.0/8]"},
		{" 10.1.2.3/8 , 127.0.0.1,::1 ", "[10.0.0.0/8 127.0.0.1/32 ::1/128]"},
		{"::ffff:192.0.2.1", "[192.0.2.1/32]"},
		{",,", "[]"},
	}
	for _, tt := range tests {
		got, err := parseProxies(tt.in)
		if err != nil || fmt.Sprint(got) != tt.want {
			t.Errorf("parseProxies(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}
