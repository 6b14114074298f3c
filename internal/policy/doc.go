// Package policy parses the IAM policy document a Lambda authorizer returns
// (Parse) and an API's resource policy (ParseResource), compiles each once,
// and evaluates it against execute-api method ARNs (spec O-2, P-2 to P-6;
// PIPE-1 step 2 and DG-FLOW for resource policies).
//
// Parse is strict: any shape the spec calls malformed is an error wrapping
// ErrMalformed, which the authorizer turns into a 500. Evaluate and
// EvaluateIn are the hot path: they do not allocate and do no fallible work.
//
// Invariants:
//   - Deny wins whatever the statement order (P-3); no match is an
//     implicit deny; the zero Decision is an implicit deny.
//   - Resource patterns know only "*" (any run of characters, "/" and ":"
//     included) and "?" (one character); everything else is literal, the
//     match is anchored and case-sensitive (P-5).
//   - Only statements whose Action (or NotAction) covers execute-api:Invoke
//     apply (P-4, action names compared ignoring ASCII case).
//   - One Condition engine serves both kinds of policy, compiled at load
//     (operator.go) and evaluated by EvaluateIn against a request Context
//     (condition.go) with IAM's rules: operators AND-ed, keys under one
//     operator AND-ed, values OR-ed; a negated operator holds when no value
//     matches; a key absent from the request makes an operator false and a
//     negated one true, ...IfExists and ForAllValues true, ForAnyValue
//     false; Null tests presence. Operators: String*, Numeric*, Date*,
//     Bool, IpAddress, NotIpAddress, Null, with IfExists and ForAnyValue: /
//     ForAllValues: (every known key is single-valued). Keys: aws:SourceIp,
//     aws:CurrentTime, aws:EpochTime, aws:SecureTransport,
//     aws:RequestedRegion, aws:UserAgent, aws:Referer; aws:PrincipalAccount,
//     aws:PrincipalType, aws:SourceVpc and aws:SourceVpce are absent (an
//     anonymous caller from the internet).
//   - Whether API Gateway evaluates an authorizer policy's Condition is
//     UNCONFIRMED (O-2); apigw evaluates it as IAM would. What apigw cannot
//     evaluate (an unknown operator or key, execute-api keys and policy
//     variables included, a value it cannot read, a request value it does
//     not know, as with Evaluate's nil Context) is neither true nor false
//     and fails closed: its Allow does not apply, its Deny does unless
//     another clause of the same Condition is false; Decision.FailClosed
//     says so, and ParseResource's notes name such statements at load.
//     NotPrincipal and a missing Principal fail closed the same way.
//   - A resource policy statement applies to the anonymous callers apigw
//     serves only when its Principal names everyone ("*", {"AWS": "*"}).
//
// The package imports nothing of apigw's.
package policy
