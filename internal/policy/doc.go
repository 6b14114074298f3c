// Package policy parses the IAM policy document a Lambda authorizer returns
// (Parse) and an API's resource policy (ParseResource), compiles each once,
// and evaluates it against execute-api method ARNs (spec O-2, P-2 to P-6;
// PIPE-1 step 2 and DG-FLOW for resource policies).
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
//   - In an authorizer's policy a Condition is not evaluated: its statement
//     never allows, and a Deny with a Condition still denies (fail closed).
//     In a resource policy, IpAddress and NotIpAddress on aws:SourceIp are
//     evaluated against the caller's address (EvaluateFrom); any other
//     Condition, an unknown address, NotPrincipal or a missing Principal
//     fail closed the same way, and ParseResource says so in its notes.
//   - A resource policy statement applies to the anonymous callers apigw
//     serves only when its Principal names everyone ("*", {"AWS": "*"}).
//
// The package imports nothing of apigw's.
package policy
