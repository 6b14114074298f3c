package lint

import (
	"cmp"
	"slices"

	"github.com/apigw/apigw/internal/api"
)

// Severity is how much a finding matters, named as SARIF levels are.
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Rule ids, stable: they are the "rule" of JSON findings and the ruleId of
// SARIF results.
const (
	RuleCachedGreedy     = "cached-greedy-route"
	RuleCachedShared     = "cached-shared-authorizer"
	RuleTTLRange         = "ttl-out-of-range"
	RuleCoarseKey        = "coarse-cache-key"
	RuleOpenSibling      = "open-route-next-to-guarded"
	RuleDenySlash        = "deny-escaped-by-trailing-slash"
	RuleCachedPolicyDeny = "cached-policy-denies-route"
	RuleProbeFailed      = "probe-failed"
	RuleSharedVerdict    = "cached-verdict-shared-across-routes"
)

// Rule describes one rule, for SARIF's tool.driver.rules and the README.
type Rule struct {
	ID       string
	Severity Severity
	Summary  string
}

// Rules lists every rule once, in the order they are documented.
var Rules = []Rule{
	{RuleCachedGreedy, SeverityWarning, "A cached authorizer guards a greedy ({proxy+}) or ANY resource: a policy naming only the first request's method ARN denies the rest within the TTL (C-2)."},
	{RuleCachedShared, SeverityWarning, "A cached authorizer guards several routes: its cached policy must cover all of them (C-2)."},
	{RuleTTLRange, SeverityError, "An authorizer result TTL outside 0..3600 seconds (C-1)."},
	{RuleCoarseKey, SeverityWarning, "A cached authorizer keyed only on values that do not identify the caller: one caller's policy is served to others (R-2, C-5)."},
	{RuleOpenSibling, SeverityWarning, "A route with no authorizer next to guarded routes on the same path or parent."},
	{RuleDenySlash, SeverityWarning, "A Deny statement that the same path with a trailing slash escapes (P-1)."},
	{RuleCachedPolicyDeny, SeverityError, "Probe: the policy the authorizer returned, once cached, denies another route or method it guards within the TTL (the seed's 403)."},
	{RuleSharedVerdict, SeverityWarning, "HTTP API: a cached simple-response authorizer guards several routes and its identity sources lack $context.routeKey: one route's verdict and context answer every route for that identity within the TTL (V-6); lint cannot know whether the authorizer decides the same for every route."},
	{RuleProbeFailed, SeverityWarning, "Probe: the authorizer did not allow the probe request, so its policy could not be checked."},
}

// Location is where a finding points: file, line, logical id and field.
type Location struct {
	File      string `json:"file"`
	Line      int    `json:"line,omitempty"`
	LogicalID string `json:"logicalId,omitempty"`
	Field     string `json:"field,omitempty"`
}

func locationOf(l api.Location) Location {
	return Location{File: l.File, Line: l.Line, LogicalID: l.LogicalID, Field: l.Field}
}

// Finding is one pitfall found, as data. It never holds a token.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Location Location `json:"location"`
	// API is the logical id of the API the finding is about.
	API string `json:"api,omitempty"`
	// Authorizer names the authorizer concerned, "" for none.
	Authorizer string `json:"authorizer,omitempty"`
	// Route is "METHOD /path" of the route concerned, "" for none.
	Route   string `json:"route,omitempty"`
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
}

// sortFindings orders findings by file, line, rule, authorizer and route.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Location.File, b.Location.File), cmp.Compare(a.Location.Line, b.Location.Line),
			cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Authorizer, b.Authorizer), cmp.Compare(a.Route, b.Route))
	})
}
