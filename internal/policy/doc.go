// Package policy parses the IAM policy document a Lambda authorizer returns,
// compiles it once, and evaluates it against execute-api method ARNs
// (spec O-2, P-2 to P-6).
//
// Parse is strict: any shape the spec calls malformed is an error wrapping
// ErrMalformed, which the authorizer turns into a 500. Evaluate is the hot
// path: it does not allocate and does no fallible work.
//
// Invariants:
//   - Deny wins whatever the statement order (P-3); no match is an
//     implicit deny; the zero Decision is an implicit deny.
//   - Resource patterns know only "*" (any run of characters, "/" and ":"
//     included) and "?" (one character); everything else is literal, the
//     match is anchored and case-sensitive (P-5).
//   - Only statements whose Action (or NotAction) covers execute-api:Invoke
//     apply (P-4, action names compared ignoring ASCII case).
//   - A Condition is not evaluated: its statement never allows, and a Deny
//     with a Condition still denies (fail closed).
//
// The package imports nothing of apigw's.
package policy
