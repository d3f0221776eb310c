package auth

import (
	"encoding/base32"
	"errors"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"
)

// RFC 6238 Appendix B: the seeds are ASCII digits, 20 bytes for SHA-1, 32 for
// SHA-256 and 64 for SHA-512; 8 digits, 30-second steps, T0 = 0.
func TestTOTPRFC6238Vectors(t *testing.T) {
	seeds := map[TOTPAlgorithm]string{
		TOTPSHA1:   "12345678901234567890",
		TOTPSHA256: "12345678901234567890123456789012",
		TOTPSHA512: "1234567890123456789012345678901234567890123456789012345678901234",
	}
	for _, tc := range []struct {
		unix int64
		step int64
		alg  TOTPAlgorithm
		code string
	}{
		{59, 0x1, TOTPSHA1, "94287082"},
		{59, 0x1, TOTPSHA256, "46119246"},
		{59, 0x1, TOTPSHA512, "90693936"},
		{1111111109, 0x23523EC, TOTPSHA1, "07081804"},
		{1111111109, 0x23523EC, TOTPSHA256, "68084774"},
		{1111111109, 0x23523EC, TOTPSHA512, "25091201"},
		{1111111111, 0x23523ED, TOTPSHA1, "14050471"},
		{1111111111, 0x23523ED, TOTPSHA256, "67062674"},
		{1111111111, 0x23523ED, TOTPSHA512, "99943326"},
		{1234567890, 0x273EF07, TOTPSHA1, "89005924"},
		{1234567890, 0x273EF07, TOTPSHA256, "91819424"},
		{1234567890, 0x273EF07, TOTPSHA512, "93441116"},
		{2000000000, 0x3F940AA, TOTPSHA1, "69279037"},
		{2000000000, 0x3F940AA, TOTPSHA256, "90698825"},
		{2000000000, 0x3F940AA, TOTPSHA512, "38618901"},
		{20000000000, 0x27BC86AA, TOTPSHA1, "65353130"},
		{20000000000, 0x27BC86AA, TOTPSHA256, "77737706"},
		{20000000000, 0x27BC86AA, TOTPSHA512, "47863826"},
	} {
		o := TOTPOptions{Algorithm: tc.alg, Digits: 8, Period: 30}
		at := time.Unix(tc.unix, 0).UTC()
		if got := o.Step(at); got != tc.step {
			t.Errorf("%s at %d: step %#x, want %#x", tc.alg, tc.unix, got, tc.step)
		}
		got, err := o.Code([]byte(seeds[tc.alg]), at)
		if err != nil || got != tc.code {
			t.Errorf("%s at %d: Code = %q, %v; want %q", tc.alg, tc.unix, got, err, tc.code)
		}
		// The 6-digit code is the last 6 digits of the 8-digit one.
		o.Digits = 6
		got, err = o.Code([]byte(seeds[tc.alg]), at)
		if err != nil || got != tc.code[2:] {
			t.Errorf("%s at %d: 6-digit Code = %q, %v; want %q", tc.alg, tc.unix, got, err, tc.code[2:])
		}
		if tc.alg == TOTPSHA1 {
			secret := base32.StdEncoding.EncodeToString([]byte(seeds[tc.alg]))
			if got, err := TOTPCode(secret, at); err != nil || got != tc.code[2:] {
				t.Errorf("TOTPCode at %d = %q, %v; want %q", tc.unix, got, err, tc.code[2:])
			}
			if !VerifyTOTP(secret, tc.code[2:], at) {
				t.Errorf("VerifyTOTP at %d refuses %q", tc.unix, tc.code[2:])
			}
		}
	}
}

func TestTOTPOptionsErrors(t *testing.T) {
	key := []byte("12345678901234567890")
	now := time.Unix(1234567890, 0)
	for _, o := range []TOTPOptions{
		{Algorithm: "MD5", Digits: 6, Period: 30},
		{Algorithm: "", Digits: 6, Period: 30},
		{Algorithm: TOTPSHA1, Digits: 7, Period: 30},
		{Algorithm: TOTPSHA1, Digits: 0, Period: 30},
		{Algorithm: TOTPSHA1, Digits: 6, Period: 0},
		{Algorithm: TOTPSHA1, Digits: 6, Period: -30},
	} {
		if c, err := o.Code(key, now); err == nil {
			t.Errorf("%+v: Code = %q, want an error", o, c)
		}
	}
	if c, err := DefaultTOTP.Code(nil, now); err == nil {
		t.Errorf("Code with no key = %q, want an error", c)
	}
	if c, err := DefaultTOTP.Code(key, time.Unix(-1, 0)); err == nil {
		t.Errorf("Code before 1970 = %q, want an error", c)
	}
}

func TestNewTOTPSecret(t *testing.T) {
	s, err := NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 32 || strings.ContainsAny(s, "=abcdefghijklmnopqrstuvwxyz01") {
		t.Errorf("NewTOTPSecret = %q, want 32 base32 characters without padding", s)
	}
	key, err := decodeTOTPSecret(s)
	if err != nil || len(key) != 20 {
		t.Errorf("decode(%q) = %d bytes, %v; want 20", s, len(key), err)
	}
	s2, _ := NewTOTPSecret()
	if s2 == s {
		t.Error("two secrets are equal")
	}
	now := time.Now()
	code, err := TOTPCode(s, now)
	if err != nil || len(code) != 6 {
		t.Fatalf("TOTPCode = %q, %v", code, err)
	}
	if !VerifyTOTP(s, code, now) {
		t.Error("VerifyTOTP refuses the current code")
	}
}

// secret20 is the RFC's SHA-1 seed in base32.
var secret20 = base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))

func TestVerifyTOTPSkew(t *testing.T) {
	// Step 0x23523EC runs from 1111111080 to 1111111109.
	base := time.Unix(1111111095, 0)
	code, err := TOTPCode(secret20, base) // "081804"
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at   int64
		want bool
	}{
		{1111111095, true},
		{1111111080, true},  // first second of the step
		{1111111109, true},  // last second
		{1111111050, true},  // one step before: the code is the next step's
		{1111111139, true},  // one step after: the code is the previous step's
		{1111111049, false}, // two steps before
		{1111111140, false}, // two steps after
		{1111111200, false},
	} {
		if got := VerifyTOTP(secret20, code, time.Unix(tc.at, 0)); got != tc.want {
			t.Errorf("VerifyTOTP(code of 1111111095, at %d) = %v, want %v", tc.at, got, tc.want)
		}
	}
}

func TestVerifyTOTPStepReplay(t *testing.T) {
	now := time.Unix(1111111111, 0) // step 0x23523ED
	cur := DefaultTOTP.Step(now)
	code, _ := TOTPCode(secret20, now)
	prev, _ := TOTPCode(secret20, now.Add(-30*time.Second))
	next, _ := TOTPCode(secret20, now.Add(30*time.Second))

	step, ok := VerifyTOTPStep(secret20, code, now, 0)
	if !ok || step != cur {
		t.Fatalf("first use: step %d, %v; want %d, true", step, ok, cur)
	}
	// The same code again, within its window: refused.
	for _, at := range []time.Time{now, now.Add(20 * time.Second), now.Add(-10 * time.Second)} {
		if s, ok := VerifyTOTPStep(secret20, code, at, step); ok {
			t.Errorf("replay at %v accepted (step %d)", at.Unix(), s)
		}
	}
	// An older code after a newer one: refused.
	if s, ok := VerifyTOTPStep(secret20, prev, now, step); ok {
		t.Errorf("previous step's code after the current one accepted (step %d)", s)
	}
	// The next step's code is fresh.
	if s, ok := VerifyTOTPStep(secret20, next, now, step); !ok || s != cur+1 {
		t.Errorf("next code: step %d, %v; want %d, true", s, ok, cur+1)
	}
	// The previous step's code is accepted when nothing newer was used.
	if s, ok := VerifyTOTPStep(secret20, prev, now, cur-2); !ok || s != cur-1 {
		t.Errorf("previous code: step %d, %v; want %d, true", s, ok, cur-1)
	}
	if _, ok := VerifyTOTPStep(secret20, code, now, math.MaxInt64); ok {
		t.Error("accepted with lastStep = MaxInt64")
	}
}

func TestVerifyTOTPMalformed(t *testing.T) {
	now := time.Unix(1111111111, 0)
	good, _ := TOTPCode(secret20, now) // "050471"
	if good != "050471" {
		t.Fatalf("code %q", good)
	}
	for _, tc := range []struct{ secret, code string }{
		{secret20, ""},
		{secret20, "05047"},
		{secret20, "0504711"},
		{secret20, "050471 1"},
		{secret20, "05047a"},
		{secret20, "-50471"},
		{secret20, "+50471"},
		{secret20, "０５０４７１"},   // full-width digits
		{secret20, "14050471"}, // the 8-digit code
		{secret20, "050472"},
		{"", good},
		{"!!!!", good},
		{"GEZDGNBVGY3TQOJQ", good}, // 10 bytes: too short
		{secret20 + "1", good},     // '1' is not base32
		{strings.Repeat("A", 300), good},
		{"GEZDGNBVGY3TQOJQ\nGEZDGNBVGY3TQOJQ", good}, // base32 skips line breaks
		{"GEZDGNBVGY3TQOJQ\r\nGEZDGNBVGY3TQOJQ", good},
		{"GEZDGNBV GY3TQOJQ GEZDGNBV GY3TQOJQ", good},
	} {
		if VerifyTOTP(tc.secret, tc.code, now) {
			t.Errorf("VerifyTOTP(%q, %q) accepted", tc.secret, tc.code)
		}
	}
	if _, err := TOTPCode("not base32!", now); !errors.Is(err, ErrMalformedTOTPSecret) {
		t.Errorf("TOTPCode(malformed) error = %v, want ErrMalformedTOTPSecret", err)
	}
	// Accepted variants: spaces in the code, a lower-case or padded secret.
	for _, tc := range []struct{ secret, code string }{
		{secret20, "050 471"},
		{secret20, " 050471 "},
		{strings.ToLower(secret20), good},
		{strings.TrimRight(secret20, "="), good},
	} {
		if !VerifyTOTP(tc.secret, tc.code, now) {
			t.Errorf("VerifyTOTP(%q, %q) refused", tc.secret, tc.code)
		}
	}
	if VerifyTOTP(secret20, good, time.Unix(-100, 0)) {
		t.Error("accepted before 1970")
	}
}

func TestTOTPURI(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	got := TOTPURI("Chancery: MFA Rwanda", "ana@example.org", secret)
	want := "otpauth://totp/Chancery%3A%20MFA%20Rwanda:ana@example.org?secret=" + secret +
		"&issuer=Chancery%3A%20MFA%20Rwanda&algorithm=SHA1&digits=6&period=30"
	if got != want {
		t.Errorf("TOTPURI =\n %s\nwant\n %s", got, want)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "otpauth" || u.Host != "totp" {
		t.Errorf("scheme %q host %q", u.Scheme, u.Host)
	}
	if label := strings.TrimPrefix(u.Path, "/"); label != "Chancery: MFA Rwanda:ana@example.org" {
		t.Errorf("label %q", label)
	}
	q := u.Query()
	if q.Get("secret") != secret || q.Get("issuer") != "Chancery: MFA Rwanda" || q.Get("digits") != "6" {
		t.Errorf("query %v", q)
	}
	if got := TOTPURI("", "a b", "abc="); got != "otpauth://totp/a%20b?secret=ABC&algorithm=SHA1&digits=6&period=30" {
		t.Errorf("TOTPURI without issuer = %s", got)
	}
}

func FuzzVerifyTOTP(f *testing.F) {
	f.Add(secret20, "050471", int64(1111111111), int64(0))
	f.Add("", "", int64(0), int64(-1))
	f.Add("gezdgnbvgy3tqojq====", "123 456", int64(-5), int64(math.MaxInt64))
	f.Fuzz(func(t *testing.T, secret, code string, unix, last int64) {
		at := time.Unix(unix, 0)
		step, ok := VerifyTOTPStep(secret, code, at, last)
		if !ok {
			return
		}
		now := DefaultTOTP.Step(at)
		if step <= last || step < now-1 || step > now+1 {
			t.Fatalf("accepted step %d (now %d, last %d)", step, now, last)
		}
		if !VerifyTOTP(secret, code, at) {
			t.Fatal("VerifyTOTPStep accepts what VerifyTOTP refuses")
		}
	})
}
