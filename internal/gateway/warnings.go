package gateway

import (
	"fmt"

	"github.com/apigw/apigw/internal/api"
)

// Warnings are what provisioning found safe to serve but worth saying once
// at start: resource-policy statements evaluated fail-closed, and routes
// that another API answers first. The slice is the gateway's; do not
// modify it.
func (g *Gateway) Warnings() []string { return g.warnings }

// warnShadowed notes each route of a later API that an earlier API's route
// as specific also matches: without --stage-prefix every API is served at
// the root, the most specific route takes a request (match) and on a tie
// the first API's, so the later route is never reached for those
// requests. The route's template stands in for its requests ("{id}" is
// matched as a segment).
func (g *Gateway) warnShadowed() {
	if g.cfg.StagePrefix {
		return
	}
	for i, st := range g.apis {
		for _, r := range st.api.Routes {
			first, verb, by := g.shadowOf(g.apis[:i], r)
			switch {
			case first == nil || outranks(r, by): // r takes its requests (match)
			case by.IsDefault(): // an HTTP API's $default route answers every path (V-11)
				g.warnings = append(g.warnings, fmt.Sprintf(
					"%s: API %s's %s is answered by API %s's $default route, which comes first and catches every request no other route of its API matches",
					r.Source, st.api.LogicalID, r.RouteKey(), first.api.LogicalID))
			default:
				g.warnings = append(g.warnings, fmt.Sprintf(
					"%s: API %s's %s is answered by API %s, which also serves %s %s and comes first; serve each API under its stage with --stage-prefix",
					r.Source, st.api.LogicalID, r.RouteKey(), first.api.LogicalID, verb, r.Path))
			}
		}
	}
}

// shadowOf returns the first of earlier whose router serves one of r's
// verbs on r's path, that verb and the route that serves it.
func (g *Gateway) shadowOf(earlier []*apiState, r *api.Route) (*apiState, string, *api.Route) {
	verbs := []string{r.Method}
	if r.Method == api.MethodAny {
		verbs = api.AnyMethods
	}
	for _, st := range earlier {
		if st.router == nil {
			continue
		}
		for _, v := range verbs {
			if rt, _, err := st.router.Match(v, r.Path, nil); err == nil && rt != nil {
				return st, v, rt
			}
		}
	}
	return nil, "", nil
}
