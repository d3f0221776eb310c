package auth

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chancery-org/chancery/internal/registry"
)

// testParams are cheap, so that tests run fast; production uses DefaultParams.
var testParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashPasswordRoundTrip(t *testing.T) {
	const pw = "correct horse battery staple"
	enc, err := HashPassword(pw, testParams)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !re.MatchString(enc) {
		t.Fatalf("HashPassword = %q, not a PHC string with the test parameters", enc)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{
		{pw, true},
		{pw + " ", false},
		{"Correct horse battery staple", false},
		{"", false},
	} {
		ok, err := CheckPassword(enc, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v, nil", tc.pw, ok, err, tc.want)
		}
	}
	enc2, err := HashPassword(pw, testParams)
	if err != nil {
		t.Fatal(err)
	}
	if enc2 == enc {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestHashPasswordDefaultParams(t *testing.T) {
	if testing.Short() {
		t.Skip("19 MiB hash")
	}
	enc, err := HashPassword("a long enough password", DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("HashPassword = %q, want the OWASP parameters m=19456,t=2,p=1", enc)
	}
	if ok, err := CheckPassword(enc, "a long enough password"); !ok || err != nil {
		t.Errorf("CheckPassword = %v, %v", ok, err)
	}
	if NeedsRehash(enc, DefaultParams) {
		t.Error("NeedsRehash of a fresh default hash")
	}
}

// TestCheckPasswordReference verifies hashes made by the reference
// implementation of Argon2 (phc-winner-argon2), so that our PHC strings are
// those of every other argon2id library.
func TestCheckPasswordReference(t *testing.T) {
	for _, tc := range []struct {
		pw, enc string
		slow    bool
	}{
		{"password", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4", false},
		{"password", "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc", false},
		{"password", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", true},
		{"differentpassword", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$C4TWUs9rDEvq7w3+J4umqA32aWKB1+DSiRuBfYxFj94", true},
		{"password", "$argon2id$v=19$m=65536,t=2,p=1$ZGlmZnNhbHQ$vfMrBczELrFdWP0ZsfhWsRPaHppYdP3MVEMIVlqoFBw", true},
	} {
		if tc.slow && testing.Short() {
			continue
		}
		if ok, err := CheckPassword(tc.enc, tc.pw); !ok || err != nil {
			t.Errorf("CheckPassword(%q, %q) = %v, %v; want true", tc.enc, tc.pw, ok, err)
		}
		if ok, err := CheckPassword(tc.enc, tc.pw+"x"); ok || err != nil {
			t.Errorf("CheckPassword(%q, wrong) = %v, %v; want false", tc.enc, ok, err)
		}
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	good, err := HashPassword("password", testParams)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	for _, enc := range []string{
		"",
		"password",
		"$",
		"$argon2id",
		"$argon2id$v=19$m=64,t=1,p=1$" + salt,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key + "$",
		"argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"x$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2d$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$ARGON2ID$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=019$m=64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$m=64,t=1,p=1$" + salt + "$" + key + "$x",
		"$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1,k=1$" + salt + "$" + key,
		"$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=+64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=-64,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=256$" + salt + "$" + key,
		"$argon2id$v=19$m=7,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=9$" + salt + "$" + key, // m < 8p
		"$argon2id$v=19$m=4294967296,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key, // 4 GiB: over the bound
		"$argon2id$v=19$m=64,t=1000,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$",
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key + "=",
		"$argon2id$v=19$m=64,t=1,p=1$" + strings.ReplaceAll(salt, salt[:1], "-") + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbH$" + key,              // 7 bytes of salt
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:20],       // 15 bytes of hash
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:42] + "B", // stray bits
		"$argon2id$v=19$m=64,t=1,p=1$" + salt[:10] + "\r\n" + salt[10:] + "$" + key,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:20] + "\n" + key[20:],
	} {
		ok, err := CheckPassword(enc, "password")
		if ok || !errors.Is(err, ErrMalformedHash) {
			t.Errorf("CheckPassword(%q) = %v, %v; want false, ErrMalformedHash", enc, ok, err)
		}
		if !NeedsRehash(enc, testParams) {
			t.Errorf("NeedsRehash(%q) = false for a malformed hash", enc)
		}
	}
}

func TestNeedsRehash(t *testing.T) {
	enc, err := HashPassword("password", testParams)
	if err != nil {
		t.Fatal(err)
	}
	if NeedsRehash(enc, testParams) {
		t.Error("NeedsRehash with the same parameters")
	}
	for _, p := range []Params{
		{Memory: 128, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 32, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 64},
		DefaultParams,
	} {
		if !NeedsRehash(enc, p) {
			t.Errorf("NeedsRehash(%+v) = false", p)
		}
	}
}

func TestHashPasswordBadParams(t *testing.T) {
	for _, p := range []Params{
		{},
		{Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
		{Memory: 7, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8},
		{Memory: 1<<20 + 1, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
	} {
		if enc, err := HashPassword("password", p); err == nil {
			t.Errorf("HashPassword(%+v) = %q, want an error", p, enc)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		pw     string
		reason string // "" when valid
	}{
		{"", "at least 12 characters"},
		{"elevenchars", "at least 12 characters"},
		{"twelve chars", ""},
		{"ñññññññññññ", "at least 12 characters"}, // 11 runes, 22 bytes
		{"ñññññññññññññ", ""},                     // 12 runes
		{"日本語のパスワードです", "at least 12 characters"}, // 11 runes, 33 bytes
		{"日本語のパスワードですね", ""},
		{strings.Repeat("a", 256), ""},
		{strings.Repeat("a", 257), "at most 256 bytes"},
		{strings.Repeat("é", 128), ""},                  // 256 bytes
		{strings.Repeat("é", 129), "at most 256 bytes"}, // 129 runes but 258 bytes
		{strings.Repeat(" ", 12), "white space"},
		{" \t\n\u00a0\u2003           ", "white space"},
		{"  leading and trailing  ", ""},
		{"abcdefghijk\xff", "UTF-8"},
	} {
		err := ValidatePassword(tc.pw)
		if tc.reason == "" {
			if err != nil {
				t.Errorf("ValidatePassword(%q) = %v, want nil", tc.pw, err)
			}
			continue
		}
		var fe registry.FieldError
		if !errors.As(err, &fe) || fe.Field != "password" || !strings.Contains(fe.Reason, tc.reason) {
			t.Errorf("ValidatePassword(%q) = %v, want a FieldError on password containing %q", tc.pw, err, tc.reason)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	good, err := HashPassword("password", testParams)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, "password")
	f.Add(good, "wrong")
	f.Add("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4", "password")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$", "")
	f.Fuzz(func(t *testing.T, enc, pw string) {
		d, derr := decodeHash(enc)
		// Only cheap parameters are hashed here; decodeHash is fuzzed on all.
		if derr == nil && (d.params.Memory > 1024 || d.params.Time > 4 || d.params.Threads > 4) {
			t.Skip("expensive parameters")
		}
		ok, err := CheckPassword(enc, pw)
		if (err != nil) != (derr != nil) {
			t.Fatalf("CheckPassword error %v, decodeHash error %v", err, derr)
		}
		if err != nil {
			if ok || !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("CheckPassword(%q) = %v, %v", enc, ok, err)
			}
			return
		}
		// A decodable hash round-trips: re-encoding it gives it back.
		re := "$argon2id$v=19$m=" + itoa(d.params.Memory) + ",t=" + itoa(d.params.Time) + ",p=" + itoa(uint32(d.params.Threads)) +
			"$" + b64.EncodeToString(d.salt) + "$" + b64.EncodeToString(d.key)
		if re != enc {
			t.Fatalf("decodeHash(%q) re-encodes as %q", enc, re)
		}
	})
}

func itoa(n uint32) string { return strconv.FormatUint(uint64(n), 10) }

func BenchmarkCheckPasswordDefault(b *testing.B) {
	enc, err := HashPassword("a long enough password", DefaultParams)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := CheckPassword(enc, "a long enough password"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
