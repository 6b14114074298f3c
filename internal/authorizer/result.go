package authorizer

import "github.com/apigw/apigw/internal/policy"

// Result is an authorizer's parsed output: what the cache stores (C-2). It
// is immutable once built and shared by every request it serves.
type Result struct {
	PrincipalID        string
	Policy             *policy.Policy
	Context            Context
	UsageIdentifierKey string
	// Simple marks an HTTP API simple response (V-4): Authorized is its
	// verdict and Policy is nil.
	Simple     bool
	Authorized bool
}

// decide is the one evaluation of a policy, on cache hits and misses alike:
// the result's policy against this request's method ARN and IAM context
// (C-2, P-3).
func (r *Result) decide(methodARN string, cond *policy.Context) policy.Decision {
	return r.Policy.EvaluateIn(methodARN, cond)
}
