// Package authorizer runs REST Lambda authorizers (TOKEN and REQUEST) and
// HTTP API Lambda authorizers (payload 1.0 and 2.0, simple responses or
// IAM policies; http.go) the way API Gateway does: PIPE-1 steps 3 to 6. It reads the identity sources of a
// request, looks the result up in the authorizer cache, calls the function
// on a miss through an Invoker, parses its output strictly, and evaluates
// the policy against the current request's method ARN and, for its
// Conditions, the request's IAM context (AuthorizeIn; Authorize knows none,
// so every Condition fails closed).
//
// Invariants:
//   - Decisions are data: Authorize returns an Outcome that allows, or
//     names the gateway response and message to send, with the error that
//     says why (cedar-go's Decision and Diagnostic). The gateway renders it
//     without interpreting errors.
//   - Fail closed: a missing identity, a regex mismatch or the function's
//     exact "Unauthorized" error is ErrUnauthorized (401); every other
//     failure (function error, invoke failure, timeout, malformed output)
//     is ErrConfiguration (500); nothing but an Allow decision sets
//     Outcome.Allow, and the zero Outcome does not allow.
//   - The cache loader never reads the caller's request: a load may outlive
//     the call that started it, so its event and source are built before.
//   - The cache holds the function's output (validated once before it is
//     stored; in memory with its parsed Result, from a shared store parsed
//     again on read), never a verdict (C-2), except an HTTP API simple
//     response, which is a verdict and is reused as is (V-6). Every
//     request, hit or miss, is decided by the same call: the cached policy
//     evaluated against this request's method ARN. Failures are never
//     cached (C-4).
//   - When the cache cannot answer (a shared store unreachable or too
//     slow), the function is called fresh and its result is not cached; the
//     explanation says "cache unavailable: decided by a fresh call".
//   - All configuration checks (types, TTL range, identity sources, the
//     validation regex) happen in New; Authorize does no fallible setup.
//   - A raw token or identity value is never put into an error or an
//     explanation; the cache key is shown as a short salted hash.
//
// Choices where the spec is UNCONFIRMED: the TOKEN validation expression is
// anchored as ^(?:expr)$ (T-4; WithUnanchoredValidation restores find-
// anywhere); identity sources are checked whenever configured, also with
// TTL 0; a missing principalId is "" (O-3); null context values are
// dropped (O-4); numbers keep their JSON text (O-5); output over 8 KB is a
// configuration error (section 10); a REST REQUEST event sends {} for empty
// maps, as the documented example does.
package authorizer
