package authorizer

import (
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/request"
)

// ctxRouteKey is $context.routeKey, an HTTP API identity source that
// makes the cache per route (V-6); the gateway gives an HTTP API request
// its route key as ResourceID.
const ctxRouteKey = "routeKey"

// maxInlineSources is how many identity values Authorize keeps on the stack.
const maxInlineSources = 8

// identityFailure says which identity check failed; Authorize turns it into
// a 401 without invoking the function (T-3, T-4, R-3).
type identityFailure struct {
	source api.IdentitySource
	reason failReason
	http   bool // an HTTP API authorizer's (V-5)
}

type failReason int

const (
	missing   failReason = iota // absent or empty (T-3, R-3)
	mismatch                    // the token did not match the validation expression (T-4)
	ambiguous                   // sent more than once with different values
)

// identity appends the configured identity values of req to dst, in
// configured order. A missing or empty value, a header or query parameter
// sent twice with different values, or a TOKEN that does not match the
// validation expression, is a failure.
func (a *Authorizer) identity(req *request.Request, dst []string) ([]string, *identityFailure) {
	for i := range a.sources {
		v, reason, ok := sourceValue(req, a.sources[i])
		if !ok {
			return dst, &identityFailure{source: a.sources[i], reason: reason, http: a.payload != ""}
		}
		dst = append(dst, v)
	}
	if a.validate != nil && !a.validate.MatchString(dst[0]) {
		return dst, &identityFailure{source: a.sources[0], reason: mismatch}
	}
	return dst, nil
}

// sourceValue reads one identity source: headers fold case, query names do
// not.
func sourceValue(req *request.Request, s api.IdentitySource) (string, failReason, bool) {
	var v string
	var ok bool
	switch s.Kind {
	case api.SourceHeader:
		return soleValue(req.Headers, s.Name, strings.EqualFold)
	case api.SourceQueryString:
		return soleValue(req.Query, s.Name, func(a, b string) bool { return a == b })
	case api.SourceStageVariable:
		v, ok = req.StageVariables[s.Name]
	case api.SourceContext:
		v, ok = req.ContextValue(s.Name)
		if s.Name == ctxRouteKey { // HTTP APIs only (checkSource): the route key (V-6)
			v, ok = req.ResourceID, true
		}
	}
	return v, missing, ok && v != ""
}

// soleValue returns the one non-empty value of the fields named name. The
// key of a cached result must hold everything the function could have read
// for this source, and the function sees every copy (a header can arrive as
// "headerauth1" and again as "HeaderAuth1"), so copies that disagree are
// refused rather than cached under one of them (fail closed; AWS's own
// choice is undocumented).
func soleValue(fields []request.Field, name string, same func(a, b string) bool) (string, failReason, bool) {
	v, found := "", false
	for _, f := range fields {
		if !same(f.Name, name) {
			continue
		}
		if found && f.Value != v {
			return "", ambiguous, false
		}
		v, found = f.Value, true
	}
	return v, missing, found && v != ""
}

func (f *identityFailure) String() string {
	switch f.reason {
	case mismatch:
		return "the token in " + f.source.String() + " does not match identityValidationExpression (T-4)"
	case ambiguous:
		return "identity source " + f.source.String() + " was sent more than once with different values"
	}
	if f.http {
		return "identity source " + f.source.HTTPString() + " is missing or empty (V-5)"
	}
	return "identity source " + f.source.String() + " is missing or empty (T-3, R-3)"
}
