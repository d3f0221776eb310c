package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// TokenPrefix starts every API token, so that a token is recognisable in a
// leaked file or a secret scanner's report.
const TokenPrefix = "chy_"

const (
	tokenBytes = 32
	// tokenLen is the length of a token: the prefix and 32 bytes in
	// unpadded base64url.
	tokenLen = len(TokenPrefix) + (tokenBytes*8+5)/6
)

// NewToken returns a new API token: plaintext is "chy_" followed by 32
// random bytes in unpadded base64url (256 bits), shown to its owner once;
// hash is HashToken(plaintext), the only form to store.
func NewToken() (plaintext, hash string, err error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("auth: new token: %w", err)
	}
	plaintext = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return plaintext, HashToken(plaintext), nil
}

// HashToken returns the lower-case hex SHA-256 of a token, the form stored
// and looked up. A fast hash is right here, unlike for passwords: a token
// holds 256 random bits, so no amount of guessing against a stolen hash can
// find it, and a deterministic hash lets the store find the token by an
// indexed equality lookup instead of checking every row. That lookup need
// not be constant-time: its timing could at most reveal part of a stored
// hash, from which the token cannot be recovered.
func HashToken(plaintext string) string {
	sum := sha256.Sum256([]byte(plaintext))
	return hex.EncodeToString(sum[:])
}

// ParseBearer returns the token of an Authorization header value
// "Bearer <token>" (RFC 6750 §2.1; the scheme is case-insensitive, one or
// more spaces follow it), and false when the header is malformed or the token
// does not have the form of a chancery API token (TokenPrefix and 43
// base64url characters), so that no malformed value reaches the store.
func ParseBearer(header string) (string, bool) {
	scheme, rest, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok := strings.TrimLeft(rest, " ")
	if !validToken(tok) {
		return "", false
	}
	return tok, true
}

// validToken reports whether s has the form of a token made by NewToken.
func validToken(s string) bool {
	body, ok := strings.CutPrefix(s, TokenPrefix)
	if !ok || len(s) != tokenLen {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	// Strict refuses a last character with stray bits set.
	_, err := base64.RawURLEncoding.Strict().DecodeString(body)
	return err == nil
}
