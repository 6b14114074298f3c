package authorizer

import (
	"sort"

	"github.com/apigw/apigw/internal/policy"
)

// Result is an authorizer's parsed output: what the cache stores (C-2). It
// is immutable once built and shared by every request it serves.
type Result struct {
	PrincipalID string
	Policy      *policy.Policy
	// Context holds the context values as strings (O-5), sorted by key.
	Context            []ContextEntry
	UsageIdentifierKey string
}

// ContextEntry is one authorizer context value, stringified (O-5).
type ContextEntry struct {
	Key, Value string
}

// Lookup returns the context value under key.
func (r *Result) Lookup(key string) (string, bool) {
	i := sort.Search(len(r.Context), func(i int) bool { return r.Context[i].Key >= key })
	if i < len(r.Context) && r.Context[i].Key == key {
		return r.Context[i].Value, true
	}
	return "", false
}

// decide is the one evaluation of a policy, on cache hits and misses alike:
// the result's policy against this request's method ARN (C-2, P-3).
func (r *Result) decide(methodARN string) policy.Decision {
	return r.Policy.Evaluate(methodARN)
}
