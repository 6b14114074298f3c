// Package jwt verifies JSON Web Tokens as API Gateway's JWT authorizers
// (HTTP APIs) and Cognito user pool authorizers (REST APIs) do: the
// signature against the issuer's published keys, then iss, aud (or
// client_id), exp, nbf, iat and, for Cognito, token_use. It is layer 1: it
// knows nothing of routes, requests or responses; package authorizer's
// callers turn its errors into 401s and 403s.
//
// Rules, and what apigw chose where AWS says nothing:
//   - Algorithms: RS256/384/512, PS256/384/512 and ES256/384/512. "none"
//     and every HS* are refused before any key is looked up, so a public
//     key can never be used as an HMAC secret. (AWS documents HTTP API JWT
//     authorizers as RSA-only; apigw also accepts ECDSA and PSS, see
//     Algorithms.)
//   - The token's iss must be one of the configured issuers, exactly, and
//     is checked before its keys are fetched: no request makes apigw fetch
//     keys of an issuer the template does not trust.
//   - aud, or client_id when the token has no aud (Cognito access tokens),
//     must be one of the configured audiences (DG-HTTP-AUTH: "aud or
//     client_id"); with no audience configured nothing matches.
//   - exp is required; exp, nbf and iat are compared with the clock given
//     in Options.Now with Leeway either way.
//   - Scopes come from scope (space-separated) or, without it, scp (a
//     string or an array), as AWS reads them.
//
// Every failure is one of the sentinels in errors.go, wrapped with a
// reason that never holds the token (errors.Is matches them). Callers fail
// closed on any error.
//
// Keys (keys.go): a Keyring maps each issuer to a key source, either a
// local JWKS file (--jwks ISSUER=FILE) or the issuer's discovery document
// ({issuer}/.well-known/openid-configuration, then its jwks_uri) over
// HTTP. Keys are cached per issuer and fetched again when a token names an
// unknown kid or after a failed read (at most once per RefreshInterval), or when they are older
// than MaxKeyAge. The Keyring owns its cache; it is safe for concurrent
// use and lives as long as the gateway serving it.
package jwt
