// Package jwtauth runs the authorizers that verify tokens in the gateway,
// without a function: JWT authorizers of HTTP APIs and Cognito user pool
// authorizers (COGNITO_USER_POOLS) of REST APIs, both over package jwt's
// Verifier. It reads the token from the authorizer's identity source,
// verifies it, checks the route's AuthorizationScopes, and decides as
// data (an Outcome) with the claims the integration receives and a
// one-line explanation that never holds the token.
//
// Rules (aws-semantics.md V-7 where recorded; the rest DOC or chosen):
//   - JWT (HTTP APIs): no token (the identity source missing or empty),
//     or a token that does not verify (signature, iss, aud/client_id, exp,
//     nbf): 401 {"message":"Unauthorized"}. A route with
//     AuthorizationScopes needs a token carrying at least one of them:
//     403 {"message":"Forbidden"} otherwise (V-7). The token may be
//     prefixed with "Bearer " (DG-HTTP-AUTH); it is stripped, exactly so.
//     The 401 of a token that does not verify carries www-authenticate:
//     Bearer scope="" error="invalid_token" error_description="...", the
//     description naming the failure (DG-HTTP-LAMBDA troubleshooting-jwt
//     gives the audience one; the others follow it, UNCONFIRMED); no
//     token, no header (UNCONFIRMED).
//   - Cognito (REST APIs): the header's value is the token, with no prefix
//     stripped. A method without AuthorizationScopes takes an id token; a
//     method with them takes an access token carrying one of them
//     (DG-COGNITO). Any failure is 401 UNAUTHORIZED; an expired token's
//     message is "The incoming token has expired" (what AWS is widely
//     reported to answer; UNCONFIRMED). identityValidationExpression, when
//     set, must match aud (client_id for access tokens) (T-4).
//   - The issuer's keys cannot be read: 500 AUTHORIZER_CONFIGURATION_ERROR
//     (UNCONFIRMED; chosen so that a missing --jwks is not mistaken for a
//     bad token). Nothing is cached but the keys (package jwt).
//   - Claims reach the integration as strings: numbers as their JSON text,
//     lists as "[a b]" for HTTP APIs (as AWS renders them) and "a,b" for
//     REST APIs (UNCONFIRMED), objects as JSON.
package jwtauth
