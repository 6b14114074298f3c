package lint

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/apigw/apigw/internal/authorizer"
	"github.com/apigw/apigw/internal/request"
)

// resourceID is what the gateway gives an HTTP API request as ResourceID:
// its route key, which $context.routeKey reads (V-6). REST probes leave it
// empty.
func (p *prober) resourceID(t target) string {
	if !p.a.IsHTTP() {
		return ""
	}
	return t.route.RouteKey()
}

// sharedVerdict probes a simple-response authorizer (V-4) after its first
// call: it asks again for every other request it guards, with the same
// identity, and reports those the cache answered with the first verdict
// and context (V-6). None when the key holds the route (and path) apart.
func (p *prober) sharedVerdict(ctx context.Context, targets []target, first authorizer.Outcome) []Finding {
	var shared, routes []string
	for _, t := range targets[1:] {
		if o := p.call(ctx, t); o.Explanation.Cache == authorizer.CacheHit {
			shared = append(shared, t.String())
			if k := t.route.RouteKey(); !slices.Contains(routes, k) {
				routes = append(routes, k)
			}
		}
	}
	if len(shared) == 0 {
		return nil
	}
	msg := fmt.Sprintf("authorizer %s answered %s (%s) with isAuthorized %t and context %s; cached for %d s, that answer also served %d other requests of the same identity, on %s: %s (V-6); "+
		"a pitfall unless the authorizer answers the same for every route, which lint cannot know",
		p.az.Name, targets[0], targets[0].route.RouteKey(), first.Allow, p.contextText(first.Context), p.az.TTLSeconds, len(shared), strings.Join(routes, ", "), listed(shared))
	return []Finding{p.base.with(RuleSharedVerdict, targets[0].route.RouteKey(), msg, sharedVerdictFix)}
}

// maxContextValue bounds how much of one context value a finding quotes.
const maxContextValue = 40

// contextText renders an authorizer context as {k=v, ...}, in key order.
// A value that holds any value of the probe's identity is withheld: a
// finding never carries a token.
func (p *prober) contextText(c authorizer.Context) string {
	var parts []string
	for k, v := range c.All() {
		switch {
		case p.holdsIdentity(v):
			v = "(withheld: holds the probe identity)"
		case len(v) > maxContextValue:
			v = strings.ToValidUTF8(v[:maxContextValue], "") + "..."
		}
		parts = append(parts, k+"="+v)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// holdsIdentity reports whether v contains a non-empty identity value.
func (p *prober) holdsIdentity(v string) bool {
	id := p.cfg.Identity
	if id.Token != "" && strings.Contains(v, id.Token) {
		return true
	}
	for _, f := range append(append([]request.Field{}, id.Headers...), id.Query...) {
		if f.Value != "" && strings.Contains(v, f.Value) {
			return true
		}
	}
	return false
}
