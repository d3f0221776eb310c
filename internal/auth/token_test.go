package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
)

func TestNewToken(t *testing.T) {
	plain, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^chy_[A-Za-z0-9_-]{43}$`).MatchString(plain) {
		t.Errorf("NewToken plaintext %q", plain)
	}
	sum := sha256.Sum256([]byte(plain))
	if hash != hex.EncodeToString(sum[:]) || hash != HashToken(plain) {
		t.Errorf("NewToken hash %q is not the hex SHA-256 of the plaintext", hash)
	}
	if got, ok := ParseBearer("Bearer " + plain); !ok || got != plain {
		t.Errorf("ParseBearer of a new token = %q, %v", got, ok)
	}
	plain2, hash2, _ := NewToken()
	if plain2 == plain || hash2 == hash {
		t.Error("two tokens are equal")
	}
}

func TestHashToken(t *testing.T) {
	// SHA-256("abc") from FIPS 180-2.
	if got := HashToken("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("HashToken(abc) = %s", got)
	}
}

func TestParseBearer(t *testing.T) {
	const tok = "chy_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	const tok2 = "chy_-_0123456789abcdefghijklmnopqrstuvwxyzABCDEE"
	for _, tc := range []struct {
		header string
		want   string // "" when refused
	}{
		{"Bearer " + tok, tok},
		{"bearer " + tok, tok},
		{"BEARER " + tok, tok},
		{"Bearer    " + tok, tok},
		{"Bearer " + tok2[:47], tok2[:47]},
		{"", ""},
		{"Bearer", ""},
		{"Bearer ", ""},
		{"Bearer  ", ""},
		{tok, ""},
		{"Basic " + tok, ""},
		{"Token " + tok, ""},
		{"Bearer:" + tok, ""},
		{"Bearer\t" + tok, ""},
		{" Bearer " + tok, ""},
		{"Bearer " + tok + " ", ""},
		{"Bearer " + tok + "\n", ""},
		{"Bearer " + tok + " extra", ""},
		{"Bearer " + tok + "A", ""},      // too long
		{"Bearer " + tok[:46], ""},       // too short
		{"Bearer " + tok[:46] + "=", ""}, // padding
		{"Bearer " + tok[:46] + "+", ""}, // std alphabet
		{"Bearer " + tok[:46] + "/", ""},
		{"Bearer " + tok[:46] + "B", ""},             // stray bits
		{"Bearer " + tok[:20] + "\r" + tok[21:], ""}, // base64 skips line breaks
		{"Bearer " + tok[:20] + "\n" + tok[21:], ""},
		{"Bearer chx_" + tok[4:], ""}, // other prefix
		{"Bearer CHY_" + tok[4:], ""},
		{"Bearer " + strings.Repeat("a", 10000), ""},
	} {
		got, ok := ParseBearer(tc.header)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("ParseBearer(%q) = %q, %v; want %q", tc.header, got, ok, tc.want)
		}
	}
}

func FuzzParseBearer(f *testing.F) {
	f.Add("Bearer chy_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("Basic dXNlcjpwYXNz")
	f.Add("Bearer ")
	f.Fuzz(func(t *testing.T, header string) {
		tok, ok := ParseBearer(header)
		if !ok {
			if tok != "" {
				t.Fatalf("refused but returned %q", tok)
			}
			return
		}
		if !validToken(tok) || !strings.HasSuffix(header, tok) || len(tok) != tokenLen {
			t.Fatalf("ParseBearer(%q) = %q", header, tok)
		}
		if again, ok := ParseBearer("Bearer " + tok); !ok || again != tok {
			t.Fatalf("not idempotent: %q", tok)
		}
	})
}
