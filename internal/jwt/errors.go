package jwt

import "errors"

// Why a token is refused. Each reaches the caller wrapped with details
// (never the token itself) and is matched with errors.Is.
var (
	// ErrMissing: no token was given.
	ErrMissing = errors.New("no token")
	// ErrMalformed: not three base64url parts of JSON.
	ErrMalformed = errors.New("token is not a well-formed JWT")
	// ErrAlgorithm: alg is none, HS*, or another algorithm not allowed.
	ErrAlgorithm = errors.New("token's alg is not allowed")
	// ErrNoKeyID: the header has no kid.
	ErrNoKeyID = errors.New("token has no kid")
	// ErrUnknownKey: no key of the issuer has the token's kid (after a
	// refresh, when one was allowed).
	ErrUnknownKey = errors.New("no key of the issuer has the token's kid")
	// ErrKeysUnavailable: the issuer's keys could not be read (discovery
	// document or JWKS unreachable or invalid, JWKS file unreadable).
	ErrKeysUnavailable = errors.New("the issuer's keys are unavailable")
	// ErrSignature: the signature does not verify with the key.
	ErrSignature = errors.New("signature does not verify")
	// ErrIssuer: iss is not a configured issuer.
	ErrIssuer = errors.New("token's issuer is not trusted")
	// ErrAudience: neither aud nor client_id is a configured audience.
	ErrAudience = errors.New("token's audience is not accepted")
	// ErrExpired: exp is in the past (or missing).
	ErrExpired = errors.New("token expired")
	// ErrNotYetValid: nbf or iat is in the future.
	ErrNotYetValid = errors.New("token not valid yet")
	// ErrTokenUse: a Cognito token_use that is not id or access.
	ErrTokenUse = errors.New("token_use is not id or access")
	// ErrClaims: a registered claim has the wrong JSON type.
	ErrClaims = errors.New("token has a claim of the wrong type")
)
