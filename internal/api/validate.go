package api

import (
	"errors"
	"slices"
	"sort"
	"strings"
)

type checker struct {
	t    *Template
	errs []error
}

func (c *checker) fail(loc Location, format string, args ...any) {
	c.errs = append(c.errs, NewError(KindInvalid, loc, format, args...))
}

// Validate checks the model's cross references once, at load: every
// route's authorizer and function exist, authorizers are well formed
// (C-1, T-2, R-4), paths are well formed with {proxy+} last (PIPE-4), and
// no API declares the same method on the same resource twice. It returns
// every problem, joined, each an *Error of KindInvalid.
func (t *Template) Validate() error {
	c := &checker{t: t}
	for _, a := range t.APIs {
		c.api(a)
	}
	return errors.Join(c.errs...)
}

func (c *checker) api(a *API) {
	names := make([]string, 0, len(a.Authorizers))
	for n := range a.Authorizers {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c.authorizer(a.Authorizers[n])
	}
	seen := map[string]*Route{}
	vars := map[string]string{} // parent path -> the variable part seen under it
	for _, r := range a.Routes {
		c.route(a, r)
		if r.IsDefault() {
			continue // matched after every other route, outside the tree
		}
		c.siblings(r, vars)
		key := r.RouteKey()
		if first, dup := seen[key]; dup {
			c.fail(r.Source, "%s %s is declared twice on API %s (first at %s)", r.Method, r.Path, a.LogicalID, first.Source)
			continue
		}
		seen[key] = r
	}
}

func (c *checker) authorizer(a *Authorizer) {
	if a.Gap.Missing() {
		return // reported by the loader, with its kind
	}
	if !a.IsLambda() {
		c.tokenAuthorizer(a)
		return
	}
	if a.Function == "" || c.t.Functions[a.Function] == nil {
		c.fail(a.Source, "authorizer %s: function %q is not defined in the template", a.Name, a.Function)
	}
	if a.TTLSeconds < 0 || a.TTLSeconds > MaxAuthorizerTTL {
		c.fail(a.Source, "authorizer %s: result TTL %d s is outside 0..%d (C-1)", a.Name, a.TTLSeconds, MaxAuthorizerTTL)
	}
	switch a.Type {
	case AuthorizerToken:
		if len(a.IdentitySources) != 1 || a.IdentitySources[0].Kind != SourceHeader {
			c.fail(a.Source, "TOKEN authorizer %s needs exactly one header identity source (T-2)", a.Name)
		}
	case AuthorizerRequest:
		c.httpAuthorizer(a)
		if a.TTLSeconds > 0 && len(a.IdentitySources) == 0 {
			c.fail(a.Source, "REQUEST authorizer %s caches results (TTL %d s) but has no identity sources (R-4)", a.Name, a.TTLSeconds)
		}
	default:
		c.fail(a.Source, "authorizer %s: type %q is neither TOKEN nor REQUEST", a.Name, a.Type)
	}
}

// tokenAuthorizer checks a JWT or Cognito authorizer: issuers, and one
// header (or, for JWT, query string) to read the token from.
func (c *checker) tokenAuthorizer(a *Authorizer) {
	switch {
	case a.Type != AuthorizerJWT && a.Type != AuthorizerCognito:
		c.fail(a.Source, "authorizer %s: type %q is not TOKEN, REQUEST, JWT or COGNITO_USER_POOLS", a.Name, a.Type)
	case a.JWT == nil || len(a.JWT.Issuers) == 0:
		c.fail(a.Source, "authorizer %s: no issuer (JwtConfiguration.issuer, or a user pool ARN)", a.Name)
	case len(a.IdentitySources) != 1 || (a.IdentitySources[0].Kind != SourceHeader && (a.Type == AuthorizerCognito || a.IdentitySources[0].Kind != SourceQueryString)):
		c.fail(a.Source, "authorizer %s: a %s authorizer reads its token from exactly one header", a.Name, a.Type)
	}
}

// httpAuthorizer checks an HTTP API Lambda authorizer's payload version
// and simple responses (V-1).
func (c *checker) httpAuthorizer(a *Authorizer) {
	switch {
	case a.PayloadVersion != "" && a.PayloadVersion != PayloadV1 && a.PayloadVersion != PayloadV2:
		c.fail(a.Source, "authorizer %s: payload format version %q is not 1.0 or 2.0 (V-1)", a.Name, a.PayloadVersion)
	case a.SimpleResponses && a.PayloadVersion != PayloadV2:
		c.fail(a.Source, "authorizer %s: simple responses need payload format version 2.0 (V-1)", a.Name)
	}
}

func (c *checker) route(a *API, r *Route) {
	if r.Method != MethodAny && !slices.Contains(AnyMethods, r.Method) {
		c.fail(r.Source, "method %q is not one of ANY, %s", r.Method, strings.Join(AnyMethods, ", "))
	}
	if _, err := ParsePath(r.Path); err != nil {
		c.fail(r.Source, "path %q: %v", r.Path, err)
	}
	if r.Authorizer != "" && a.Authorizers[r.Authorizer] == nil {
		c.fail(r.Source, "%s %s uses authorizer %q, which API %s does not define", r.Method, r.Path, r.Authorizer, a.LogicalID)
	}
	if a.Gap.Missing() || r.Integration.Gap.Missing() {
		return // never called: the route fails closed (RouteGap)
	}
	c.integration(r)
}

func (c *checker) integration(r *Route) {
	in := r.Integration
	switch in.Type {
	case IntegrationLambdaProxy:
		if c.t.Functions[in.Function] == nil {
			c.fail(r.Source, "%s %s: integration function %q is not defined in the template", r.Method, r.Path, in.Function)
		}
	case IntegrationHTTPProxy:
		if in.URI == "" {
			c.fail(r.Source, "%s %s: http_proxy integration without a uri", r.Method, r.Path)
		}
	case IntegrationMock:
	default:
		c.fail(r.Source, "%s %s: no integration (type %q)", r.Method, r.Path, in.Type)
	}
}

// siblings reports two different variable parts under one parent, which
// API Gateway rejects ("only one is allowed").
func (c *checker) siblings(r *Route, vars map[string]string) {
	segs := strings.Split(strings.TrimPrefix(r.Path, "/"), "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		parent := "/" + strings.Join(segs[:i], "/")
		if prev, ok := vars[parent]; ok && prev != s {
			c.fail(r.Source, "path %q: %s and %s are sibling variable parts under %q; API Gateway allows one", r.Path, prev, s, parent)
			return
		}
		vars[parent] = s
	}
}
