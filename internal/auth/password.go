package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/chancery-org/chancery/internal/registry"
)

// Params are the argon2id parameters of a password hash.
type Params struct {
	Memory  uint32 // memory in KiB (the PHC "m" parameter)
	Time    uint32 // number of passes over the memory ("t")
	Threads uint8  // degree of parallelism ("p")
	SaltLen uint32 // salt length in bytes
	KeyLen  uint32 // derived key (hash) length in bytes
}

// DefaultParams are the parameters of new password hashes: the OWASP Password
// Storage Cheat Sheet's minimum for argon2id, m=19456 KiB (19 MiB), t=2, p=1,
// with a 16-byte salt (RFC 9106 §3.1 recommends 128 bits) and a 32-byte key.
// Each sign-in then costs 19 MiB and about 20 ms of one core (measured by
// BenchmarkCheckPasswordDefault on the 2-core build machine), which a small
// server affords for staff sign-ins, while an attacker holding a stolen hash
// pays the same memory for every guess, which is what blunts GPU and ASIC
// guessing; p=1 keeps a sign-in on one core. Raise them when the hardware
// allows: hashes made with other parameters still verify, and NeedsRehash
// tells when to re-hash one.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Bounds accepted in an encoded hash, so that a corrupted or hostile hash
// cannot make CheckPassword allocate gigabytes or run for minutes.
const (
	maxMemory  = 1 << 20 // KiB: 1 GiB
	maxTime    = 64
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 128
)

// ErrMalformedHash is wrapped by the error of CheckPassword for an encoded
// hash that is not an argon2id PHC string this package can verify.
var ErrMalformedHash = errors.New("malformed password hash")

func (p Params) validate() error {
	switch {
	case p.Threads < 1:
		return errors.New("threads must be at least 1")
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("time must be between 1 and %d", maxTime)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("memory must be between 8×threads and %d KiB", maxMemory)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt length must be between %d and %d bytes", minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("key length must be between %d and %d bytes", minKeyLen, maxKeyLen)
	}
	return nil
}

// HashPassword hashes password with argon2id, a fresh random salt and p, and
// returns the PHC string $argon2id$v=19$m=…,t=…,p=…$salt$hash, salt and hash
// in standard base64 without padding. It does not apply the password policy;
// see ValidatePassword.
func HashPassword(password string, p Params) (string, error) {
	if err := p.validate(); err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// b64 is the PHC string format's base64: the standard alphabet, no padding,
// and no stray bits in the last character.
var b64 = base64.RawStdEncoding.Strict()

// decodeB64 decodes s with b64, refusing the carriage returns and line
// feeds that package base64 skips, so that a hash has one spelling only.
func decodeB64(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, errors.New("line break in base64")
	}
	return b64.DecodeString(s)
}

// decodedHash is a parsed PHC string.
type decodedHash struct {
	params    Params
	salt, key []byte
}

// decodeHash parses an argon2id PHC string strictly: version 19, parameters
// m, t and p in that order as decimal numbers without leading zeros, and
// canonical base64 salt and hash, all within the bounds above.
func decodeHash(encoded string) (decodedHash, error) {
	var d decodedHash
	fail := func(format string, args ...any) (decodedHash, error) {
		return decodedHash{}, fmt.Errorf("auth: %w: "+format, append([]any{ErrMalformedHash}, args...)...)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("want $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if parts[1] != "argon2id" {
		return fail("algorithm %q is not argon2id", truncate(parts[1]))
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return fail("version %q is not v=%d", truncate(parts[2]), argon2.Version)
	}
	ps := strings.Split(parts[3], ",")
	if len(ps) != 3 {
		return fail("want parameters m, t and p")
	}
	var vals [3]uint32
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(ps[i], name+"=")
		if !ok {
			return fail("parameter %d is not %s", i+1, name)
		}
		n, err := parseDecimal(v)
		if err != nil {
			return fail("parameter %s: %v", name, err)
		}
		vals[i] = n
	}
	if vals[2] > 255 {
		return fail("parameter p: %d is above 255", vals[2])
	}
	var err error
	if d.salt, err = decodeB64(parts[4]); err != nil {
		return fail("salt is not base64 (standard alphabet, no padding)")
	}
	if d.key, err = decodeB64(parts[5]); err != nil {
		return fail("hash is not base64 (standard alphabet, no padding)")
	}
	d.params = Params{Memory: vals[0], Time: vals[1], Threads: uint8(vals[2]),
		SaltLen: uint32(len(d.salt)), KeyLen: uint32(len(d.key))}
	if err := d.params.validate(); err != nil {
		return fail("%v", err)
	}
	return d, nil
}

// parseDecimal parses a PHC decimal value: digits only, no sign, no leading
// zero, fitting in 32 bits.
func parseDecimal(s string) (uint32, error) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, fmt.Errorf("%q is not a decimal number", truncate(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("%q is not a decimal number", truncate(s))
		}
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	return uint32(n), nil
}

// truncate shortens s for an error message.
func truncate(s string) string {
	const n = 20
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// CheckPassword reports whether password matches the argon2id hash encoded,
// comparing the derived keys in constant time. It returns an error wrapping
// ErrMalformedHash, and false, when encoded is not a PHC string this package
// can verify. The work is that of the parameters in encoded, so a caller
// that finds no account should still check the password against a hash made
// with DefaultParams, so that the answer takes as long either way.
func CheckPassword(encoded, password string) (ok bool, err error) {
	d, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(password), d.salt, d.params.Time, d.params.Memory, d.params.Threads, d.params.KeyLen)
	return subtle.ConstantTimeCompare(key, d.key) == 1, nil
}

// NeedsRehash reports whether encoded was made with parameters other than p
// (or cannot be read at all), so that the caller should store a new hash of
// the password after the next successful sign-in.
func NeedsRehash(encoded string, p Params) bool {
	d, err := decodeHash(encoded)
	return err != nil || d.params != p
}

// Password policy limits, applied by ValidatePassword.
const (
	MinPasswordRunes = 12  // characters (Unicode code points)
	MaxPasswordBytes = 256 // bytes of UTF-8
)

// ValidatePassword applies the password policy to a new password: valid
// UTF-8, at least MinPasswordRunes characters, at most MaxPasswordBytes
// bytes, and not only white space. It follows NIST SP 800-63B: length rather
// than composition rules. The error is a registry.FieldError for the field
// "password" of the entity "user", with the reason.
func ValidatePassword(pw string) error {
	fail := func(reason string) error {
		return registry.FieldError{Entity: "user", Field: "password", Reason: reason}
	}
	switch {
	case !utf8.ValidString(pw):
		return fail("is not valid UTF-8 text")
	case len(pw) > MaxPasswordBytes:
		return fail(fmt.Sprintf("must be at most %d bytes long", MaxPasswordBytes))
	case utf8.RuneCountInString(pw) < MinPasswordRunes:
		return fail(fmt.Sprintf("must be at least %d characters long", MinPasswordRunes))
	case strings.TrimFunc(pw, unicode.IsSpace) == "":
		return fail("must not be only white space")
	}
	return nil
}
