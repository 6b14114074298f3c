package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
)

// HTTP API (v2) rules. An HTTP API Lambda authorizer's cache is keyed on
// its identity values only, not on the route (V-6): a cached simple
// response is a verdict that answers every route for the same identity,
// and a cached IAM policy is evaluated again against each route ARN, as on
// REST (C-2). $context.routeKey among the identity sources makes one entry
// per route.

// ctxRouteKey is the context variable that keys an HTTP API authorizer's
// cache per route (V-6).
const ctxRouteKey = "routeKey"

// perRoute reports whether az of the HTTP API a caches one entry per route.
func perRoute(a *api.API, az *api.Authorizer) bool {
	return a.IsHTTP() && slices.ContainsFunc(az.IdentitySources, func(s api.IdentitySource) bool {
		return s.Kind == api.SourceContext && s.Name == ctxRouteKey
	})
}

// routeKeyFix is the per-route alternative an HTTP API's fix adds.
func routeKeyFix(a *api.API) string {
	if !a.IsHTTP() {
		return ""
	}
	return ", or add $context.routeKey to its identity sources to cache one policy per route (V-6)"
}

// spansRequests reports whether one route answers several methods or
// paths: ANY, a greedy path, or the $default route (ANY /{proxy+}).
func spansRequests(r *api.Route) bool {
	return r.Method == api.MethodAny || isGreedy(r.Path)
}

// sharedVerdictFix is the fix of a shared simple-response verdict.
const sharedVerdictFix = "add $context.routeKey to the identity sources (one cache entry per route; the paths and methods of one greedy or ANY route still share it), " +
	"or set the TTL (ReauthorizeEvery / AuthorizerResultTtlInSeconds) to 0; ignore this if the authorizer answers the same for every route"

// sharedVerdict reports a cached simple-response authorizer (V-4) whose
// entry for one identity answers several routes (V-6). It is a warning:
// an authorizer that decides the same for every route is fine, and lint
// cannot see its code.
func sharedVerdict(base Finding, a *api.API, az *api.Authorizer, routes []*api.Route) []Finding {
	if perRoute(a, az) || len(routes) == 0 || len(routes) == 1 && !spansRequests(routes[0]) {
		return nil
	}
	return []Finding{base.with(RuleSharedVerdict, "", fmt.Sprintf(
		"authorizer %s caches its simple response for %d s keyed on %s, without $context.routeKey, and guards %s: "+
			"the verdict and context returned for one route answer every one of them for the same identity within the TTL (V-6); "+
			"this is a pitfall unless the authorizer decides the same for every route, which lint cannot know",
		az.Name, az.TTLSeconds, sourceList(a, az), routeList(routes)), sharedVerdictFix)}
}

// sourceList renders az's identity sources in a's syntax: $request.header.X
// on HTTP APIs (V-5), method.request.header.X on REST.
func sourceList(a *api.API, az *api.Authorizer) string {
	srcs := make([]string, len(az.IdentitySources))
	for i, s := range az.IdentitySources {
		srcs[i] = s.String()
		if a.IsHTTP() {
			srcs[i] = s.HTTPString()
		}
	}
	return strings.Join(srcs, ", ")
}

// defaultNote explains why an open $default route matters (V-11).
func defaultNote(r *api.Route) string {
	if !r.IsDefault() {
		return ""
	}
	return "; $default answers every request no other route matches, such as another method on a guarded path, without authorization (V-11)"
}
