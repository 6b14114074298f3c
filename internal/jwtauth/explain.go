package jwtauth

import "strconv"

// Explanation says why an Outcome was decided, in one line; it never holds
// the token. It satisfies the gateway's Explanation.
type Explanation struct {
	Status int    // 200 on an allow, else the response's status
	Reason string // "token expired 30s ago", "route needs scope pets/write; ..."
}

// String is "401: token expired 30s ago".
func (e *Explanation) String() string { return strconv.Itoa(e.Status) + ": " + e.Reason }

// CacheStatus is "off": a token authorizer caches keys, not decisions.
func (e *Explanation) CacheStatus() string { return "off" }

// KeyHash is "": there is no cache key.
func (e *Explanation) KeyHash() string { return "" }

// Statement is "": a token authorizer decides by claims and scopes, not
// by a policy statement. It implements record.Explainer.
func (e *Explanation) Statement() string { return "" }

// Allowed is nil: there is no policy. It implements record.Explainer.
func (e *Explanation) Allowed() []string { return nil }
