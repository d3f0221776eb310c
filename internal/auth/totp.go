package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// TOTPAlgorithm is the HMAC hash of a TOTP generator, named as in the
// otpauth:// key URI format.
type TOTPAlgorithm string

// The hashes of RFC 6238 §1.2.
const (
	TOTPSHA1   TOTPAlgorithm = "SHA1"
	TOTPSHA256 TOTPAlgorithm = "SHA256"
	TOTPSHA512 TOTPAlgorithm = "SHA512"
)

// TOTPOptions are the parameters of a TOTP generator (RFC 6238 §4).
type TOTPOptions struct {
	Algorithm TOTPAlgorithm
	Digits    int   // 6 or 8
	Period    int64 // time step X in seconds; T0 is the Unix epoch
}

// DefaultTOTP are the options of chancery's second factor: HMAC-SHA1, 6
// digits, 30-second steps, the only combination every authenticator app
// supports. TOTPCode, VerifyTOTP, VerifyTOTPStep and TOTPURI use them.
var DefaultTOTP = TOTPOptions{Algorithm: TOTPSHA1, Digits: 6, Period: 30}

// ErrMalformedTOTPSecret is wrapped by the errors for a TOTP secret that is
// not base32 or is too short.
var ErrMalformedTOTPSecret = errors.New("malformed TOTP secret")

const (
	totpSecretLen    = 20 // bytes of a new secret: 160 bits, as RFC 4226 §4 recommends
	minTOTPSecretLen = 16 // bytes: RFC 4226 §4 requires at least 128 bits
	maxTOTPSecretLen = 128
)

func (o TOTPOptions) hash() (func() hash.Hash, error) {
	switch o.Algorithm {
	case TOTPSHA1:
		return sha1.New, nil
	case TOTPSHA256:
		return sha256.New, nil
	case TOTPSHA512:
		return sha512.New, nil
	}
	return nil, fmt.Errorf("auth: unknown TOTP algorithm %q", o.Algorithm)
}

func (o TOTPOptions) check() (func() hash.Hash, error) {
	h, err := o.hash()
	if err != nil {
		return nil, err
	}
	if o.Digits != 6 && o.Digits != 8 {
		return nil, fmt.Errorf("auth: TOTP digits must be 6 or 8, not %d", o.Digits)
	}
	if o.Period < 1 {
		return nil, fmt.Errorf("auth: TOTP period must be at least one second, not %d", o.Period)
	}
	return h, nil
}

// Step returns the time step T = floor(unix(t) / Period) of t (RFC 6238
// §4.2), or -1 for a time before the Unix epoch.
func (o TOTPOptions) Step(t time.Time) int64 {
	u := t.Unix()
	if u < 0 || o.Period < 1 {
		return -1
	}
	return u / o.Period
}

// Code returns the TOTP value of the raw key for time t (RFC 6238), that is
// the HOTP value (RFC 4226 §5.3) for the counter Step(t), zero-padded to
// o.Digits digits.
func (o TOTPOptions) Code(key []byte, t time.Time) (string, error) {
	h, err := o.check()
	if err != nil {
		return "", err
	}
	if len(key) == 0 {
		return "", fmt.Errorf("auth: %w: empty key", ErrMalformedTOTPSecret)
	}
	step := o.Step(t)
	if step < 0 {
		return "", errors.New("auth: TOTP time before the Unix epoch")
	}
	return hotp(h, key, uint64(step), o.Digits), nil
}

// hotp is RFC 4226 §5.3: HMAC the 8-byte big-endian counter, take 31 bits at
// the offset given by the last nibble (dynamic truncation), keep the low
// digits.
func hotp(h func() hash.Hash, key []byte, counter uint64, digits int) string {
	mac := hmac.New(h, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(math.Pow10(digits))
	s := strconv.FormatUint(uint64(bin%mod), 10)
	return strings.Repeat("0", digits-len(s)) + s
}

// b32 is the encoding of TOTP secrets: RFC 4648 base32 without padding, as
// the key URI format wants.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a new random TOTP secret of 20 bytes (160 bits, the
// length of an HMAC-SHA1 key), base32-encoded without padding.
func NewTOTPSecret() (string, error) {
	key := make([]byte, totpSecretLen)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("auth: new TOTP secret: %w", err)
	}
	return b32.EncodeToString(key), nil
}

// decodeTOTPSecret decodes a base32 secret, ignoring case and trailing
// padding, and requires 16 to 128 bytes.
func decodeTOTPSecret(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.TrimRight(secret, "="))
	if len(s) > maxTOTPSecretLen*8/5+1 {
		return nil, fmt.Errorf("auth: %w: too long", ErrMalformedTOTPSecret)
	}
	key, err := b32.DecodeString(s)
	if err != nil || strings.ContainsAny(s, "\r\n") { // package base32 skips line breaks
		return nil, fmt.Errorf("auth: %w: not base32", ErrMalformedTOTPSecret)
	}
	if len(key) < minTOTPSecretLen || len(key) > maxTOTPSecretLen {
		return nil, fmt.Errorf("auth: %w: %d bytes, want %d to %d", ErrMalformedTOTPSecret, len(key), minTOTPSecretLen, maxTOTPSecretLen)
	}
	return key, nil
}

// TOTPCode returns the current code of a base32 secret at time t, with
// DefaultTOTP.
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := decodeTOTPSecret(secret)
	if err != nil {
		return "", err
	}
	return DefaultTOTP.Code(key, t)
}

// VerifyTOTP reports whether code is the code of secret at t or one step
// (30 s) either side of it, to allow for clock drift and typing time (RFC
// 6238 §5.2). Spaces in code are ignored ("123 456"). It does not refuse a
// replayed code; use VerifyTOTPStep for sign-in.
func VerifyTOTP(secret, code string, t time.Time) bool {
	_, ok := VerifyTOTPStep(secret, code, t, math.MinInt64)
	return ok
}

// VerifyTOTPStep is VerifyTOTP refusing replay (RFC 6238 §5.2): it accepts
// code only for a step after lastStep, and returns the step it matched, which
// the caller stores as the account's new lastStep once the sign-in succeeds.
// A new account's lastStep is 0 (no real time has step 0). When code matches
// several steps, the latest one is taken. The comparison of codes is
// constant-time.
func VerifyTOTPStep(secret, code string, t time.Time, lastStep int64) (step int64, ok bool) {
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != DefaultTOTP.Digits {
		return 0, false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return 0, false
		}
	}
	key, err := decodeTOTPSecret(secret)
	if err != nil {
		return 0, false
	}
	now := DefaultTOTP.Step(t)
	if now < 0 {
		return 0, false
	}
	h, _ := DefaultTOTP.hash()
	match := int64(-1)
	for s := now - 1; s <= now+1; s++ {
		if s < 0 {
			continue
		}
		want := hotp(h, key, uint64(s), DefaultTOTP.Digits)
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && s > lastStep {
			match = s
		}
	}
	if match < 0 {
		return 0, false
	}
	return match, true
}

// TOTPURI returns the otpauth:// key URI of secret (the Google Authenticator
// "Key Uri Format"), to show as a QR code or a link: the label is
// issuer:account, and the parameters name the secret, the issuer and the
// DefaultTOTP options. Colons in issuer or account are percent-encoded, as
// the format reserves them.
func TOTPURI(issuer, account, secret string) string {
	esc := func(s string) string {
		return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	qesc := func(s string) string {
		return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
	}
	label := esc(account)
	if issuer != "" {
		label = esc(issuer) + ":" + label
	}
	var b strings.Builder
	b.WriteString("otpauth://totp/")
	b.WriteString(label)
	b.WriteString("?secret=")
	b.WriteString(qesc(strings.ToUpper(strings.TrimRight(secret, "="))))
	if issuer != "" {
		b.WriteString("&issuer=")
		b.WriteString(qesc(issuer))
	}
	fmt.Fprintf(&b, "&algorithm=%s&digits=%d&period=%d", DefaultTOTP.Algorithm, DefaultTOTP.Digits, DefaultTOTP.Period)
	return b.String()
}
