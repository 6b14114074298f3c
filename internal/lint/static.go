package lint

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/api"
	"github.com/apigw/apigw/internal/arn"
)

// Scope is what names an API's ARNs besides its id: the region and
// account every method ARN and resource policy uses.
type Scope struct {
	Region, AccountID string
}

// Static runs the static rules on every API of tpl that apigw serves.
func Static(tpl *api.Template, sc Scope) []Finding {
	var out []Finding
	for _, a := range tpl.APIs {
		if a.Gap.Missing() {
			continue
		}
		for _, az := range cachedAuthorizers(a, true) {
			out = append(out, authorizerFindings(a, az, sc)...)
		}
		out = append(out, openSiblings(a)...)
		out = append(out, resourcePolicySlash(a, sc)...)
	}
	sortFindings(out)
	return out
}

// cachedAuthorizers returns a's authorizers that apigw runs, sorted by
// name; only those that cache (TTL not 0) unless all.
func cachedAuthorizers(a *api.API, all bool) []*api.Authorizer {
	var out []*api.Authorizer
	for _, az := range a.Authorizers {
		if !az.Gap.Missing() && az.IsLambda() && (all || az.TTLSeconds != 0) {
			out = append(out, az)
		}
	}
	slices.SortFunc(out, func(x, y *api.Authorizer) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// guarded returns the routes of a that az guards, in a's route order.
func guarded(a *api.API, az *api.Authorizer) []*api.Route {
	var out []*api.Route
	for _, r := range a.Routes {
		if r.Authorizer == az.Name {
			out = append(out, r)
		}
	}
	return out
}

// authorizerFindings are the rules about one authorizer: its TTL, its
// cache key, and what a cached policy must cover.
func authorizerFindings(a *api.API, az *api.Authorizer, sc Scope) []Finding {
	base := Finding{Location: locationOf(az.Source), API: a.LogicalID, Authorizer: az.Name}
	if az.TTLSeconds < 0 || az.TTLSeconds > api.MaxAuthorizerTTL {
		return []Finding{base.with(RuleTTLRange, "", fmt.Sprintf("authorizer %s caches results for %d s; API Gateway accepts 0 to %d (C-1)", az.Name, az.TTLSeconds, api.MaxAuthorizerTTL),
			fmt.Sprintf("set the TTL between 0 and %d (ReauthorizeEvery / authorizerResultTtlInSeconds)", api.MaxAuthorizerTTL))}
	}
	if az.TTLSeconds == 0 {
		return nil
	}
	out := coarseKey(base, a, az)
	routes := guarded(a, az)
	if az.SimpleResponses {
		return append(out, sharedVerdict(base, a, az, routes)...)
	}
	return append(out, policyFindings(base, a, az, routes, sc)...)
}

// policyFindings are the rules about a cached IAM policy (REST, and HTTP
// APIs without simple responses, V-6): it is evaluated again against each
// route ARN, so it must cover every route and method it guards (C-2).
func policyFindings(base Finding, a *api.API, az *api.Authorizer, routes []*api.Route, sc Scope) []Finding {
	var out []Finding
	for _, r := range routes {
		if r.Method == api.MethodAny || isGreedy(r.Path) {
			out = append(out, base.with(RuleCachedGreedy, r.RouteKey(), fmt.Sprintf(
				"authorizer %s caches its policy for %d s and guards %s: a policy that names only the first request's method ARN denies the route's other paths and methods until it expires (C-2)",
				az.Name, az.TTLSeconds, r.RouteKey()), cacheFix(sc, a, az, "")))
		}
	}
	if len(routes) > 1 && !perRoute(a, az) {
		out = append(out, base.with(RuleCachedShared, "", fmt.Sprintf(
			"authorizer %s caches its policy for %d s and guards %d routes (%s): the policy cached for one must allow the others (C-2)",
			az.Name, az.TTLSeconds, len(routes), routeList(routes)), cacheFix(sc, a, az, routeKeyFix(a))))
	}
	return out
}

func (f Finding) with(rule, route, msg, fix string) Finding {
	f.Rule, f.Severity, f.Route, f.Message, f.Fix = rule, severityOf(rule), route, msg, fix
	return f
}

func severityOf(rule string) Severity {
	for _, r := range Rules {
		if r.ID == rule {
			return r.Severity
		}
	}
	return SeverityError
}

// cacheFix is the seed article's fix: a wildcard resource, or no cache,
// or the alternative alt ("" for none, else ", or ...").
func cacheFix(sc Scope, a *api.API, az *api.Authorizer, alt string) string {
	return fmt.Sprintf("make authorizer %s return a wildcard resource (%s) or set its TTL to 0%s; `apigw lint --probe` checks the policy it returns", az.Name, wildcard(sc, a), alt)
}

// wildcard is the resource that allows every method of a on every stage.
func wildcard(sc Scope, a *api.API) string {
	return arn.Prefix + sc.Region + ":" + sc.AccountID + ":" + a.ID + "/*/*"
}

func isGreedy(p string) bool {
	parts, err := api.ParsePath(p)
	return err == nil && len(parts) > 0 && parts[len(parts)-1].Kind == api.PartGreedy
}

func routeList(routes []*api.Route) string {
	names := make([]string, len(routes))
	for i, r := range routes {
		names[i] = r.RouteKey()
	}
	return strings.Join(names, ", ")
}

// anonymousHeaders are request headers that every caller sends alike:
// as a whole cache key they do not tell callers apart.
var anonymousHeaders = []string{
	"Accept", "Accept-Encoding", "Accept-Language", "Cache-Control", "Connection", "Content-Length",
	"Content-Type", "Host", "Origin", "Pragma", "Referer", "User-Agent", "Via",
	"X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto",
}

// coarseKey reports a cached authorizer whose every identity source is a
// header that does not identify the caller, a stage variable or a context
// variable: the key then maps many callers to one cached policy.
func coarseKey(base Finding, a *api.API, az *api.Authorizer) []Finding {
	if len(az.IdentitySources) == 0 || slices.ContainsFunc(az.IdentitySources, identifying) {
		return nil
	}
	return []Finding{base.with(RuleCoarseKey, "", fmt.Sprintf(
		"authorizer %s caches for %d s keyed only on %s, which do not identify the caller: the policy returned for one caller is served to every caller with the same values (C-5)",
		az.Name, az.TTLSeconds, sourceList(a, az)),
		"add an identity source that identifies the caller (a token header or query parameter), or set the TTL to 0")}
}

// identifying reports whether s may tell one caller from another.
func identifying(s api.IdentitySource) bool {
	switch s.Kind {
	case api.SourceHeader:
		return !slices.ContainsFunc(anonymousHeaders, func(h string) bool { return strings.EqualFold(h, s.Name) })
	case api.SourceQueryString:
		return true
	}
	return false // stage variables and context variables are the same for every caller
}

// openSiblings reports routes without an authorizer next to guarded ones:
// another method on the same path, a guarded parent, or a guarded sibling
// under the same parent (other than the root). OPTIONS is left out: CORS
// preflight is open by design.
func openSiblings(a *api.API) []Finding {
	var out []Finding
	for _, r := range a.Routes {
		if r.Authorizer != "" || r.Method == "OPTIONS" {
			continue
		}
		if g := guardedNeighbour(a, r); g != nil {
			out = append(out, Finding{Location: locationOf(r.Source), API: a.LogicalID, Authorizer: g.Authorizer}.with(
				RuleOpenSibling, r.RouteKey(),
				fmt.Sprintf("%s has no authorizer, while %s next to it is guarded by %s%s", r.RouteKey(), g.RouteKey(), g.Authorizer, defaultNote(r)),
				"give the route an authorizer, or mark it public on purpose (Auth: {Authorizer: NONE}) and say so"))
		}
	}
	return out
}

// guardedNeighbour returns the first guarded route next to r, or nil.
func guardedNeighbour(a *api.API, r *api.Route) *api.Route {
	parent := path.Dir(r.Path)
	for _, g := range a.Routes {
		if g.Authorizer == "" || g == r {
			continue
		}
		if g.Path == r.Path || g.Path == parent || parent != "/" && path.Dir(g.Path) == parent || r.IsDefault() {
			return g
		}
	}
	return nil
}
