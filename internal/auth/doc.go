// Package auth holds chancery's authentication and authorization rules as
// pure functions: no database, no HTTP. The store keeps users, hashes,
// sessions, tokens and failure counts; the web layer calls these functions.
// docs/SECURITY.md describes the same for operators.
//
// # Passwords
//
// HashPassword hashes with argon2id (golang.org/x/crypto/argon2) into a PHC
// string, $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> with DefaultParams:
// the OWASP minimum of 19 MiB, 2 passes, 1 lane, a 16-byte random salt and
// a 32-byte key. CheckPassword compares in constant time and refuses
// malformed or out-of-bounds encodings (ErrMalformedHash) without
// panicking; NeedsRehash tells when a stored hash should be replaced after a
// successful sign-in. ValidatePassword is the policy for new passwords: at
// least 12 characters, at most 256 bytes of UTF-8, not only white space.
//
// # Second factor
//
// TOTP follows RFC 6238 (HMAC-SHA1, 30-second steps, 6 digits by default;
// SHA-256, SHA-512 and 8 digits through TOTPOptions for the RFC's test
// vectors). Secrets are 20 random bytes in base32. VerifyTOTPStep accepts
// the code of the current step or one step either side and refuses a step
// not after the last one used, so a code works once.
//
// # API tokens
//
// NewToken makes "chy_" + 32 random bytes in base64url; only its SHA-256
// (HashToken) is stored. ParseBearer reads "Authorization: Bearer chy_…".
// Session tokens are github.com/alexedwards/scs's business.
//
// # Roles and permissions
//
// A Principal (a user or an API token) has one Role. Authorize decides
// every action: admin everything; editor creates, updates and ends every
// registry record and imports data files (Import); protocol the foreign
// missions (sender not the home state), their accreditations and heads of
// mission, persons, and the nuncio_is_dean setting (AuthorizeSettings); a
// mission officer updates their mission's contacts and services and
// creates, updates and ends its accreditations, appointments and supervised
// honorary consuls, and the persons named only by those records; a policy
// officer edits the policy tracker; every role views the staff pages; only
// admins hard-delete and manage users, settings and tokens. Nobody signed
// out may do anything.
// Updates go through AuthorizeUpdate, which checks the record before and
// after, so that no one moves a record out of their reach.
//
// # Sign-in throttling
//
// SignInDelay grows with the consecutive failures of an account (3 free) and
// of an address (10 free): 1 s, doubling per failure, capped at 15 minutes;
// RetryAfter says how long is left.
//
// # Timing
//
// The caller should check a password even for an unknown account (against
// a hash made once with DefaultParams) and then refuse, so that the time of
// an answer does not tell which accounts exist.
package auth
